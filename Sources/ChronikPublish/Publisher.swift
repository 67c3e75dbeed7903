import ChronikChangelog
import ChronikStore
import Foundation
import GitKit

/// What `chronik publish` does, as a library call (issue 15): the model of the store at a version
/// (`SiteModelBuilder`), its pages (`SitePages`), feeds and data (`SiteData`) and search (`SiteSearch`), and with
/// `releases` every release's site under `v/<name>/`; then `SiteWriter` puts the whole folder in place at once.
public enum Publisher {
    /// How to publish.
    public struct Options: Sendable {
        public var build: SiteBuildOptions
        /// The public address (`--base-url`, else `chronik.yml`'s `public_url`), for feeds and the sitemap.
        public var baseURL: String?
        /// Publish every release's site under `v/<name>/` as well.
        public var releases: Bool
        public var theme: SiteTheme
        /// Where the publish cache lives (`defaultSiteCacheDirectory(of:)`): with it, a publish renders only the files
        /// whose inputs changed since the last publish into the same folder. nil: every file is rendered.
        public var siteCacheDirectory: URL?
        /// Takes what a publish holds at its end (the model, the plan of files, the publish cache's records) instead
        /// of freeing it: a command about to exit passes a function that keeps it until then, and the exit returns
        /// the memory at once (freeing the model was 6 % of an incremental publish of the medium store, inc15e).
        /// nil: freed as usual (a long-running caller such as `chronik serve`).
        public var leftovers: (@Sendable (Any) -> Void)?
        /// Called once, before the model is built, when the publish renders every file of the site (no publish cache,
        /// or no site published into the target before): `chronik publish` then has its allocator return freed memory
        /// to the system at once, which lowered the large store's full publish's peak by 60–80 MB, and which cost an
        /// incremental publish, whose peak is far lower, about 4–6 % of its CPU in page faults (BENCHMARKS.md, "The
        /// allocator's delay, for full publishes only"). nil: nothing is done.
        public var rendersEverything: (@Sendable () -> Void)?

        public init(build: SiteBuildOptions = .init(), baseURL: String? = nil, releases: Bool = false, theme: SiteTheme = .makeDefault(),
                    siteCacheDirectory: URL? = nil) {
            self.siteCacheDirectory = siteCacheDirectory
            self.build = build
            self.baseURL = baseURL
            self.releases = releases
            self.theme = theme
        }
    }

    /// The default folder of publish caches of a repository: `.git/chronik/site-cache`.
    public static func defaultSiteCacheDirectory(of repository: Repository) -> URL {
        repository.gitDirectory.appendingPathComponent("chronik/site-cache", isDirectory: true)
    }

    /// What was published.
    public struct Result: Sendable, Hashable, Codable {
        /// The version the site shows (full id) and its release, if it is one.
        public var version: String
        public var release: String?
        /// The release sites written (`--releases`), newest first.
        public var releaseSites: [String]
        public var files: SiteWriteResult
    }

    /// Every file of the site of `store` at `commit`: no file is written.
    public static func files(store: Store, at commit: Commit, options: Options) throws -> (SiteFiles, SiteModel, [String]) {
        let (plan, model, releaseNames) = try Self.plan(store: store, at: commit, options: options)
        let files = plan.rendered()
        for check in plan.checks { try check() }
        return (files, model, releaseNames)
    }

    /// The files of the site, not rendered yet, each with the fingerprint of its inputs.
    /// With `detailWhenRendered` (a publish into a folder published before: it renders a few entry pages) the model
    /// is built without its histories' word-level blocks, and each entry page reads its own when it is rendered
    /// (`SiteHistoryDetail`). A full publish does not: on the large store, every page reading its own blocks doubled
    /// the CPU time and did not lower the peak (the search documents' word sets hold it; BENCHMARKS.md, mem15).
    /// With `bodiesWhenShown` too (the site is there, with the records of its files), the entries the entry cache holds
    /// keep their bodies in their blobs, read by the files that show them (`SiteBlobBodies`): a full publish reads
    /// each body once for the model instead (its page, JSON file and search document would read it three times).
    /// `searchCache` is asked for once the model is built (`publish` reads it on another thread meanwhile).
    static func plan(store: Store, at commit: Commit, options: Options, searchCache searchCacheRead: @autoclosure () -> SearchDocumentCache? = nil,
                     detailWhenRendered: Bool = false, bodiesWhenShown: Bool = false) throws -> (SitePlan, SiteModel, [String]) {
        var build = options.build
        if detailWhenRendered, build.cacheDirectory != nil { build.historyBlocks = false }
        // With the publish cache, the release groups' facts are kept; into a folder published before (which renders
        // few pages), the groups' changes are read only for the pages that show them.
        build.releaseFactsDirectory = options.siteCacheDirectory
        build.releaseChangesWhenShown = detailWhenRendered
        // One index of the change-record cache for the changes and the blocks the files to render read.
        if build.recordReaders == nil, let directory = build.cacheDirectory { build.recordReaders = SiteRecordReaders(directory: directory) }
        // The entries as the last publish parsed them (inc15h), shared by the release sites' models, written after them.
        if build.entryCache == nil, let directory = options.siteCacheDirectory, build.cacheDirectory != nil { build.entryCache = SiteEntryCache.read(directory: directory) }
        // Into a site that is there (few pages rendered), the bodies of the entries the cache holds are read from their
        // blobs when a file shows them, not all for the model (inc15p); their reads are checked before the swap.
        if bodiesWhenShown, build.entryCache != nil, build.blobBodies == nil { build.blobBodies = try? SiteBlobBodies(repository: store.repository) }
        let model = try SiteModelBuilder.build(store: store, at: commit, options: build)
        let searchCache = searchCacheRead()
        let detail = build.historyBlocks ? nil : SiteHistoryDetail(repository: store.repository, options: build, language: model.language)
        let base = options.baseURL.map(PublicURL.directory)
        let releaseNames = options.releases ? model.releases.map(\.release.name) : []
        var plan = Self.plan(model, options: SiteRenderOptions(baseURL: base, releaseSites: Set(releaseNames), releaseOrder: releaseNames),
                             theme: options.theme, searchCache: searchCache, detail: detail)
        try SiteAttachments.add(to: &plan, store: store, at: commit, model: model)
        plan.addSpillChecks(of: model)
        for release in model.releases where options.releases {
            let name = release.release.name
            let prefix = SitePaths.releaseSite(name)
            let releaseCommit = try store.resolve(release.release.version.hex)
            var releaseBuild = build
            releaseBuild.keepsHistoryOutline = false
            let releaseModel = try SiteModelBuilder.build(store: store, at: releaseCommit, options: releaseBuild)
            let rendered = Self.plan(releaseModel, options: SiteRenderOptions(baseURL: base.map { $0 + prefix }, releaseSites: Set(releaseNames),
                                                                             prefix: prefix, releaseOrder: releaseNames), theme: options.theme,
                                     searchCache: searchCache, detail: detail)
            var withAttachments = rendered
            try SiteAttachments.add(to: &withAttachments, store: store, at: releaseCommit, model: releaseModel)
            withAttachments.addSpillChecks(of: releaseModel)
            plan.merge(withAttachments, prefix: prefix)
        }
        if let directory = options.siteCacheDirectory { build.entryCache?.write(directory: directory) }
        if let bodies = build.blobBodies { plan.addCheck { try bodies.checkReads() } }
        return (plan, model, releaseNames)
    }

    /// One site's files: pages, data, search.
    public static func render(_ model: SiteModel, options: SiteRenderOptions, theme: SiteTheme) -> SiteFiles {
        plan(model, options: options, theme: theme).rendered()
    }

    /// With `searchCache` (a publish with the publish cache) the search documents of unchanged entries are taken
    /// from the last publish, and the search files are kept when what they are made from is unchanged (`SiteSearch.plan`).
    static func plan(_ model: SiteModel, options: SiteRenderOptions, theme: SiteTheme, searchCache: SearchDocumentCache? = nil,
                     detail: SiteHistoryDetail? = nil, byPosition: Bool = true) -> SitePlan {
        let keys = SiteKeys(model, options: options, theme: theme)
        // Where each entry's page and feed are in the plan (their planners say), so that their render and prepare are
        // set there: made by path, 15,000 paths on the medium site were made and looked up again on every publish
        // (inc15n). `byPosition` false: by path, as before (the tests hold the two to each other).
        var pagePositions: [[Int]] = [], feedPositions: [[Int]] = []
        var plan = SitePages.plan(model, options: options, theme: theme, keys: keys, entryPositions: &pagePositions)
        // The release pages and the changelog page show the release groups' changes, which a model built from the
        // release facts reads when first asked for: before the site is written (`Publisher.publish`), if one of
        // them is not kept.
        if let first = model.releases.first {
            for release in model.releases { plan.setPrepare(SitePaths.release(release.release.name), first.prepare) }
            plan.setPrepare(SitePaths.changelog, first.prepare)
        }
        if let detail {
            // An entry page shows its history's word-level changes, which the model was built without: the page reads
            // them when it is rendered (a page kept from the last publish reads none). Its fingerprint does not cover
            // blocks (a version's change is fixed by the version, see `SiteInputs.entry`), so it stays the same.
            // Each page's function names its entry by position: one capturing the renderer, the entry and its
            // collection held copies of all three (760 bytes a page, 40 MB on the large store, to the end of the
            // publish: peak15d).
            let pages = DetailPages(renderer: PageRenderer(model: model, options: options, theme: theme), detail: detail,
                                    collections: model.collections)
            for (c, collection) in model.collections.enumerated() {
                for e in collection.entries.indices where !collection.entries[e].history.isEmpty {
                    if byPosition {
                        plan.replaceRender(at: pagePositions[c][e]) { pages.page(c, e) }
                    } else {
                        plan.replaceRender(SitePaths.entry(collection.name, collection.entries[e].id)) { pages.page(c, e) }
                    }
                }
            }
        }
        let data = SiteData.plan(model, options: options, keys: keys, entryFeedPositions: &feedPositions)
        let before = plan.count
        plan.merge(data)
        // A path added before keeps its place and the others are appended in order, so the data plan's files are at
        // their positions there moved by `before` when none of its paths was in the plan already.
        let feedsByPosition = byPosition && plan.count == before + data.count
        // A model whose histories were filed from the facts of the last publish (`SiteHistoryFacts`) reads what changed
        // in an entry for the files that show it (its page and feed, its collection's feed), before the site is
        // written: an error is thrown there, not met on a render thread.
        for (c, collection) in model.collections.enumerated() {
            var pending = false
            for e in collection.entries.indices where collection.entries[e].history.contains(where: { $0.details != nil }) {
                pending = true
                let history = collection.entries[e].history
                if byPosition {
                    plan.setPrepare(at: pagePositions[c][e]) { try SiteHistoryChanges.load(history) }
                } else {
                    plan.setPrepare(SitePaths.entry(collection.name, collection.entries[e].id)) { try SiteHistoryChanges.load(history) }
                }
                if feedsByPosition {
                    plan.setPrepare(at: before + feedPositions[c][e]) { try SiteHistoryChanges.load(history) }
                } else {
                    plan.setPrepare(SitePaths.entryFeed(collection.name, collection.entries[e].id)) { try SiteHistoryChanges.load(history) }
                }
            }
            if pending {
                plan.setPrepare(SitePaths.collectionFeed(collection.name)) { try SiteHistoryChanges.load(SiteFeeds.collectionChanges(collection).map(\.change)) }
            }
        }
        // The search files are made when written, from the index (mem15b); with the cache, each has the fingerprint
        // of what it is made from, so an unchanged one is kept.
        plan.merge(SiteSearch.plan(model, keys: keys, cache: searchCache))
        return plan
    }

    /// Builds the site of `store` at `commit` and writes it to `target` (see `SiteWriter`). With
    /// `options.siteCacheDirectory`, only the files whose inputs changed since the last publish into `target` are
    /// rendered (`SitePublishCache`); the others are kept. The result is the same bytes either way.
    public static func publish(store: Store, at commit: Commit, to target: URL, options: Options) throws -> Result {
        var options = options
        // When the site was removed since, nothing is kept unrendered (the writer keeps a file only from the old site),
        // and the model is still built without blocks, each page reading its own: on the medium store that cost less
        // user and system time and 40 MiB less peak than the model with blocks (BENCHMARKS.md, inc15b).
        var previous = options.siteCacheDirectory.flatMap { SitePublishCache.read(directory: $0, target: target) }
        let published = previous != nil
        // A site removed since its last publish keeps nothing: every page is rendered, each prepared here, and the
        // writer, finding no old site, keeps nothing either. So the previous records (a path, fingerprint and checksum
        // per file: 55 MB on the large store) are not held through the publish (peak15d).
        let siteIsThere = FileManager.default.fileExists(atPath: target.appendingPathComponent(SiteWriter.manifestName).path)
        if !siteIsThere { previous = nil }
        if previous == nil { options.rendersEverything?() }
        // Two caches read and parsed on threads of their own, started once the allocator is set (above), while this
        // one reads the entry cache and the entries (inc21a): the history facts (2.2 MB on the medium store, about 2 %
        // of an incremental publish), which the model's build takes when it files the histories
        // (`SiteHistoryFacts.file`), and the search cache (3.5 MB, about 3 %), which only the plan needs.
        if let directory = options.siteCacheDirectory, options.build.cacheDirectory != nil, options.build.historyFacts == nil {
            options.build.historyFacts = SiteHistoryFactsPrefetch(directory: directory)
        }
        let searchCacheRead = options.siteCacheDirectory.map { directory in
            SiteBackgroundValue { SearchDocumentCache.read(directory: directory, target: target) }
        }
        // One set of readers of the change-record cache, so that what they hold can be let go once the files are
        // prepared (below).
        let readers = options.build.recordReaders ?? options.build.cacheDirectory.map(SiteRecordReaders.init(directory:))
        options.build.recordReaders = readers
        // A site published before at another version: the model reads or makes the new versions' records through the
        // readers, opened early on another thread (`SiteBuildOptions.opensRecordCacheEarly`). The same version again
        // reads no record (opening them there was CPU spent for nothing).
        options.build.opensRecordCacheEarly = previous.map { $0.version != commit.id.hex } ?? false
        let (plan, model, releaseNames) = try Self.plan(store: store, at: commit, options: options, searchCache: searchCacheRead?.value,
                                                        detailWhenRendered: published, bodiesWhenShown: previous != nil)
        let searchCache = searchCacheRead?.value
        try plan.prepare(keeping: previous)
        // What the prepares read is read; the records they cut entries from (up to 64 MiB on the large store) are not
        // needed while the files are written, nor the objects GitKit rebuilt for the model (its delta bases, up to
        // 96 MiB): both went to the peak, which is while the site is written (peak15d). A file that reads an entry or
        // an object after all reads it again; the cache's limit holds again once the site is written (the cap ends
        // on its own when publishes overlap, as in `chronik serve` or the tests).
        readers?.letGoOfEntries()
        var writer = SiteWriter(target: target)
        writer.keepsSpare = options.siteCacheDirectory != nil
        let (written, records) = try Repository.withObjectCacheLimit(atMost: Self.writingObjectCacheLimit) {
            try writer.write(plan, previous: previous)
        }
        if let directory = options.siteCacheDirectory {
            var cache = SitePublishCache()
            cache.table = records
            cache.version = model.version.id.hex
            cache.write(directory: directory, target: target, read: previous)
            searchCache?.write(directory: directory, target: target)
            SiteCachePruning.prune(directory: directory,
                                   keeping: SitePublishCache.file(in: directory, target: target).deletingPathExtension().lastPathComponent)
            options.leftovers?(cache)
        }
        // Everything written (the caches above, the site; the spill file is unlinked already): what is left is memory.
        if let leftovers = options.leftovers {
            leftovers(plan)
            leftovers(model)
            leftovers(records)
            if let previous { leftovers(previous) }
            if let searchCache { leftovers(searchCache) }
        }
        let result = Result(version: model.version.id.hex, release: model.release?.name, releaseSites: releaseNames, files: written)
        // Without a caller that keeps them (`chronik serve` builds again and again), the model and the plan (every
        // entry's history, every file's renderer) are let go on another thread: freeing them was 1 % of a full
        // publish's CPU, on this thread alone after everything else (pub15g).
        if options.leftovers == nil {
            let leftovers = Leftovers((consume plan, consume model))
            Thread.detachNewThread { leftovers.drop() }
        }
        return result
    }

    /// The bytes of rebuilt objects GitKit keeps while the site is written (`Repository.objectCacheLimit`): the
    /// files read few objects (an attachment's blob, once), and the model's delta bases are of no use to them.
    static let writingObjectCacheLimit = 4 << 20
}

/// The entry pages of a model built without its histories' blocks (`Publisher.plan`): each reads its blocks when
/// rendered (`SiteHistoryDetail`).
private final class DetailPages: @unchecked Sendable {
    private let renderer: PageRenderer
    private let detail: SiteHistoryDetail
    private let collections: [SiteCollection]

    init(renderer: PageRenderer, detail: SiteHistoryDetail, collections: [SiteCollection]) {
        self.renderer = renderer
        self.detail = detail
        self.collections = collections
    }

    /// The page of entry `e` of collection `c`. Once it is rendered, what is held of its history's changes is only
    /// what the feeds show (`SiteHistoryChanges.settle`).
    func page(_ c: Int, _ e: Int) -> [UInt8] {
        let collection = collections[c]
        let entry = collection.entries[e]
        let page = renderer.entry(detail.entry(entry), in: collection)
        SiteHistoryChanges.settle(entry.history, labels: renderer.values)
        return page
    }
}

/// Values to let go of on another thread (`Publisher.publish`).
private final class Leftovers: @unchecked Sendable {
    private var values: Any?
    init(_ values: Any) { self.values = values }
    func drop() { values = nil }
}

/// A value made on a thread of its own from the moment it is made (`Publisher.publish`: the search cache read while
/// the model is built); `value` waits for it. What the thread makes it keeps until this is let go.
final class SiteBackgroundValue<Value: Sendable>: @unchecked Sendable {
    private let condition = NSCondition()
    private var result: Value?

    init(_ make: @escaping @Sendable () -> Value) {
        let thread = Thread { [self] in
            let made = make()
            condition.lock()
            result = made
            condition.broadcast()
            condition.unlock()
        }
        thread.stackSize = 1 << 20
        thread.start()
    }

    var value: Value {
        condition.lock()
        defer { condition.unlock() }
        while result == nil { condition.wait() }
        return result!
    }
}
