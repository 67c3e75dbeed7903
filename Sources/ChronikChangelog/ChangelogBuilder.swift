import ChronikDiff
import ChronikStore
import Foundation
import GitKit

// The history walk: every version `to` reaches and `from` does not (`git log from..to`), grouped by release (see
// `ReleaseHistory`: lightweight and annotated tags, `git log prev..tag`) or by version, each group compared with
// its base by `SnapshotDiffer` (public fields only).
//
// A group is diffed as a whole (the release against the release before it), so a field changed twice within a
// release shows once, from its value at the previous release to its value at this one, and an entry added and
// removed again does not show at all. Each group's change record is cached under `.git/chronik/changelog-cache/`
// (see `ChangeRecordCache`), keyed by the record format version, the label language and the two commit ids; the
// ends of a release group never move, so a rerun after one new version diffs only the group that changed (with
// `--by commit`: one version).
//
// Memory: `build(_:head:group:)` hands over one group at a time, newest first, and drops its record once the
// consumer returns; the diff's working set (trees, blobs, parsed entries) is dropped after each group too. What is
// held for the whole run is small per version: the commits (author, date, message), the outline of the groups,
// and the cache's index. So memory is bounded by the largest group's change, not by the length of the history
// (`ChangelogStatistics.peakHeldEntries` counts it). Only the head's list of collections needs every record before
// the first group (`ChangelogOptions.recordCollectionsInHead`): a first pass reads each record's collection names,
// a small value the cache keeps beside the record; a record not cached yet is computed and cached in that pass
// and read back in the second; without a cache such records are held until rendered.
//
// Threads: groups are diffed, read back and rendered on one thread per core through `orderedPipeline`, each thread
// with its own repository handle and `SnapshotDiffer`, a few groups ahead of the calling thread, which consumes
// them in order; so memory holds a window of groups, still independent of the length of the history.

/// Settings of the changelog, with defaults.
public struct ChangelogOptions: Sendable {
    /// Start after this version (exclusive); nil: from the first version.
    public var from: ObjectID?
    /// The newest version; nil: HEAD.
    public var to: ObjectID?
    /// Which tags are releases; nil: what `chronik.yml` (at `to`) says, else every tag.
    public var tags: TagSelection?
    public var grouping: ChangelogGrouping = .release
    /// `de` or `en`; nil: the store's `language` (plain repositories: `de`).
    public var language: String?
    /// Where change records are cached; nil: no cache.
    public var cacheDirectory: URL?
    /// How many threads diff and render groups; nil: one per core (at most 8). The changelog is the same, whatever
    /// the number.
    public var threads: Int?
    /// Keep the word-level `blocks` of changed entries (what renderers show with `detail`). Without them a cached
    /// changelog reads much less (they are most of a record), and holds less; a cold one does not make the text of
    /// added and removed entries, and caches no blocks (a later run with them diffs those groups again).
    public var blocks = true
    /// With `blocks` false: still make the blocks of records that are not cached (and cache them), and read a cached
    /// record only when its blocks are cached too, so that a caller can read any group's blocks afterwards
    /// (`ChangeRecordBlocks`) without diffing it again. A site's model is built so: only the pages it renders read
    /// their entries' word-level changes.
    public var cacheBlocks = false
    /// Make the head's `collections` list every collection a record names (the configured ones first, then the
    /// others sorted), as `Changelog.collections` does. It takes a first pass over the records (with a cache:
    /// over each record's cached collection names) before the first group. Only JSON shows the list: the other
    /// formats label an unconfigured collection by its name either way, so they can do without.
    public var recordCollectionsInHead = true
    /// About how much memory (bytes) the threads' shared cache of parsed entries may take. An entry's blob is the
    /// new side of one version and the old side of the next one that changes it: a blob still held is not read
    /// and parsed again (on the generated medium store, 128 MiB hold most of them and save a third of the parses).
    public var parsedEntryBudget = 128 << 20
    /// The cache of parsed entries to use (and leave filled); nil: one made for the build (of `parsedEntryBudget`)
    /// and freed with it. A command that exits right after can pass one and keep it, so that the process does not
    /// spend the end of its run freeing thousands of parsed entries one by one.
    public var parsedBlobs: ParsedBlobCache?
    /// Read (or make) each group's change record. Off: every group comes with `changes` = `.none`, all else as it
    /// would be (versions, contributors, base, date: from commits and tags), and the head lists the configured
    /// collections only; nothing is read from the cache or diffed. A site keeps what it needs of its release groups'
    /// changes from its last publish and reads the records only for the pages it renders (`SiteReleaseFacts`).
    public var records = true
    /// `render`: a group's rendering cached by an earlier run of this many bytes or more is written from the cache
    /// in pieces (checked when found) instead of read whole (the same bytes either way).
    public var renderingStreamedRead = 16 << 20
    /// The change-record cache of `cacheDirectory` in a language, as the caller opened it (`ChangeRecordBlocks`):
    /// called when the build reads or writes records, it is used instead of an opening of the build's own when it
    /// gives one of that directory and language. Opening indexes every segment of the cache; a publish reads the
    /// new version's record and then the pages' records and blocks through one opening (inc15j).
    package var openedRecordCache: (@Sendable (_ directory: URL, _ language: String) -> ChangeRecordBlocks?)?

    public init() {}

    /// The default cache folder of a repository: `.git/chronik/changelog-cache`.
    public static func defaultCacheDirectory(of repository: Repository) -> URL {
        repository.gitDirectory.appendingPathComponent("chronik/changelog-cache", isDirectory: true)
    }
}

/// Errors of the changelog.
public enum ChangelogError: Error, Sendable, CustomStringConvertible {
    case git(GitError)
    case diff(SnapshotDiffError)
    /// The repository has no versions yet.
    case noVersions
    /// `from` is not an ancestor of `to`.
    case notAnAncestor(from: ObjectID, to: ObjectID)

    public var description: String {
        switch self {
        case .git(let e): return e.description
        case .diff(.unreadableObject(let e)): return e.description
        case .diff(let e): return "\(e)"
        case .noVersions: return "the repository has no versions yet"
        case .notAnAncestor(let from, let to): return "\(from.short()) is not an ancestor of \(to.short())"
        }
    }
}

/// How much work a build did.
public struct ChangelogStatistics: Sendable, Hashable {
    /// Groups diffed now.
    public var computed = 0
    /// Groups read from the cache.
    public var cached = 0
    /// Groups whose rendering came from the cache (`ChangelogBuilder.render`): their records were not read.
    public var renderings = 0
    /// The most change records the builder held at once (the consumer's copies not counted): 1 when it streams on
    /// one thread; with more, at most the few groups the threads work ahead (see `orderedPipeline`).
    public var peakHeldRecords = 0
    /// The most changed entries in the records held at once, counted as the calling thread takes them: the largest
    /// group's when it streams, whatever the
    /// length of the history.
    public var peakHeldEntries = 0
    public init() {}
}

/// Builds changelogs of one repository. A handle: confine it to one task.
public final class ChangelogBuilder {
    public let repository: Repository
    public private(set) var statistics = ChangelogStatistics()

    /// The origin of each tip asked for (`origin(of:)`).
    private var origins: [ObjectID: ObjectID] = [:]

    public init(repository: Repository) {
        self.repository = repository
    }

    /// The first version along first parents from `tip` (the history's origin; nil when there is none), walked once
    /// per builder and tip: a publish's model asks it for the site's version and builds the new version's record,
    /// each of which walked the whole history (1.7 % of an incremental publish of the medium store, inc15k).
    public func origin(of tip: ObjectID) throws -> ObjectID? {
        if let known = origins[tip] { return known }
        guard let root = try repository.walk(from: [tip], firstParentOnly: true).last else { return nil }
        origins[tip] = root
        return root
    }

    /// Gives `origin(of: tip)` the root a caller knows already (a publish: the oldest group of its by-version outline,
    /// a version without parents), so that it does not walk the history for it (1 % of an incremental publish of the
    /// medium store, inc15n). The caller vouches for it: `root` is where the first parents from `tip` end.
    package func knowOrigin(_ root: ObjectID, of tip: ObjectID) {
        if origins[tip] == nil { origins[tip] = root }
    }

    /// The changelog for `options`, as one value (it holds every group's record; `build(_:head:group:)` holds one).
    public func build(_ options: ChangelogOptions = .init()) throws(ChangelogError) -> Changelog {
        var head: ChangelogHead?
        var groups: [ChangelogGroup] = []
        var names = Set<String>()
        do {
            // The collections come from the groups at the end: no first pass.
            try stream(options, firstPass: false, head: { h in
                head = h
                return GroupRenderer(render: { group, _ in group })
            }, consume: { group in
                names.formUnion(group.changes.collectionNames)
                groups.append(group)
            })
        } catch {
            throw Self.changelogError(error)
        }
        guard var head else { throw ChangelogError.noVersions }
        head.collections = Self.collections(head.collections, adding: names)
        return Changelog(head: head, groups: groups)
    }

    /// Builds the changelog one group at a time: calls `head` once, then `group` for each group, newest first (the
    /// order of `head.outline`), and drops each group's record when `group` returns. Throws a `ChangelogError`, or
    /// what `head` or `group` threw (the build stops there; records computed so far are cached).
    public func build(_ options: ChangelogOptions, head: (ChangelogHead) throws -> Void, group: (ChangelogGroup) throws -> Void) throws {
        try build(options, head: { h -> @Sendable (ChangelogGroup, Int) -> ChangelogGroup in
            try head(h)
            return { group, _ in group }
        }, consume: group)
    }

    /// Builds and renders the changelog one group at a time, several groups at once: calls `head` once, which
    /// returns how to render a group (with its index in `head.outline`); renders the groups on worker threads
    /// (`ChangelogOptions.threads`), a few groups ahead; and calls `consume` with each rendering, newest first, on
    /// the calling thread. Memory holds at most a few groups' records and renderings at once. Throws a
    /// `ChangelogError`, or what `head` or `consume` threw (the build stops there; records computed so far are
    /// cached).
    public func build<Output: Sendable>(_ options: ChangelogOptions,
                                        head: (ChangelogHead) throws -> @Sendable (ChangelogGroup, Int) -> Output,
                                        consume: (Output) throws -> Void) throws {
        do {
            try stream(options, firstPass: options.recordCollectionsInHead, head: { h in
                do { return GroupRenderer(render: try head(h)) } catch { throw ConsumerError(error: error) }
            }, consume: { output in
                do { try consume(output) } catch { throw ConsumerError(error: error) }
            })
        } catch let error as ConsumerError {
            throw error.error
        } catch {
            throw Self.changelogError(error)
        }
    }

    /// Builds the changelog and renders it in `format`, handing the text to `write` piece by piece (the head, each
    /// group newest first, the end), as `ChangelogStreamRenderer` renders it. With a cache (`cacheDirectory`), each
    /// group's rendering is cached beside its record (see `RenderingCache`), so a rerun writes most groups from
    /// there, without decoding and rendering their records again. Throws a `ChangelogError`, or what `write` threw.
    public func render(_ options: ChangelogOptions, format: ChangelogFormat, renderOptions: ChangelogRenderOptions,
                       write: ([UInt8]) throws -> Void) throws {
        var renderer: ChangelogStreamRenderer?
        // JSON renders a group from the group alone: its renderings are keyed without the head, and the first pass
        // renders (and caches) each group it computes while the record is at hand, instead of the second reading
        // the record back.
        var renderings: RenderingCache?
        defer { renderings?.flush() }
        func cachedRendering(_ cache: RenderingCache, render: @escaping @Sendable (ChangelogGroup, Int) -> [UInt8]) -> GroupRenderer<RenderedGroup> {
            GroupRenderer(render: { .bytes(render($0, $1)) },
                          kept: .init(key: { cache.key(for: $0, index: $1) }, cached: { cache.cachedRendering(forKey: $0) },
                                      keep: { key, output in if case .bytes(let bytes) = output { cache.add(bytes, forKey: key) } }))
        }
        // JSON renders a group from the group alone: its renderings are keyed without the head, and the first pass
        // renders (and caches) each group it computes while the record is at hand, instead of the second reading
        // the record back.
        let early: ((String) -> GroupRenderer<RenderedGroup>?)? = format != .json ? nil : { language in
            guard let directory = options.cacheDirectory,
                  let cache = RenderingCache(directory: directory, format: format, options: renderOptions, language: language, head: nil,
                                             streamedRead: options.renderingStreamedRead) else { return nil }
            renderings = cache
            var renderer = cachedRendering(cache) { group, index in JSONChangelog.group(group, index: index, options: renderOptions) }
            // Without detail, a group's JSON holds its record without blocks: the cache's compact text, re-indented.
            if !renderOptions.detail { renderer.renderCompact = { group, index, compact in .bytes(JSONChangelog.group(group, index: index, compactChanges: compact)) } }
            renderer.size = { $0.count }
            return renderer
        }
        do {
            try stream(options, firstPass: options.recordCollectionsInHead, early: early, head: { head in
                let r = ChangelogStreamRenderer(format: format, head: head, options: renderOptions)
                do { try write(r.begin()) } catch { throw ConsumerError(error: error) }
                renderer = r
                if renderings == nil, format != .json, let directory = options.cacheDirectory {
                    renderings = RenderingCache(directory: directory, format: format, options: renderOptions, language: head.language, head: head,
                                                streamedRead: options.renderingStreamedRead)
                }
                guard let cache = renderings else { return GroupRenderer(render: { group, index in .bytes(r.group(group, index: index)) }) }
                return cachedRendering(cache) { group, index in r.group(group, index: index) }
            }, consume: { output in
                switch output {
                case .bytes(let bytes):
                    do { try write(bytes) } catch { throw ConsumerError(error: error) }
                case .stored(let key, let cache):
                    var failure: (any Error)?
                    let whole = cache.writeRendering(forKey: key) { bytes in
                        do { try write(bytes) } catch {
                            failure = error
                            return false
                        }
                        return true
                    }
                    if let failure { throw ConsumerError(error: failure) }
                    // Verified when the second pass found it, not whole now: the cache changed during the run.
                    guard whole else {
                        throw ChangelogError.diff(.io(path: cache.folder.path, message: "a cached rendering changed while it was read"))
                    }
                }
            })
            if let renderer {
                do { try write(renderer.end()) } catch { throw ConsumerError(error: error) }
            }
        } catch let error as ConsumerError {
            throw error.error
        } catch {
            throw Self.changelogError(error)
        }
    }

    /// How the second pass turns a group into the consumer's value, and (`ChangelogBuilder.render`) where it keeps
    /// values for later runs.
    struct GroupRenderer<Output: Sendable>: Sendable {
        var render: @Sendable (ChangelogGroup, Int) -> Output
        var kept: Kept?
        /// Renders a group (given without its record) from its record as the cache stored it: compact JSON without
        /// blocks (see `ChangeRecordCache.add`); nil when the rendering needs more than that.
        var renderCompact: (@Sendable (ChangelogGroup, Int, [UInt8]) -> Output)?
        /// About how many bytes an output holds: set, the first pass holds what it renders for the second (within
        /// `heldRenderingsBudget`), which then need not read it back from the cache.
        var size: (@Sendable (Output) -> Int)?

        /// Values kept by earlier runs: `key` names the value of a group (given without its change record) at an
        /// index, nil when it cannot; `cached` finds the value under a key, `keep` stores one.
        struct Kept: Sendable {
            var key: @Sendable (ChangelogGroup, Int) -> String?
            var cached: @Sendable (String) -> Output?
            var keep: @Sendable (String, Output) -> Void
        }

        init(render: @escaping @Sendable (ChangelogGroup, Int) -> Output, kept: Kept? = nil) {
            self.render = render
            self.kept = kept
        }
    }

    /// A group's rendering as `render` hands it over: its bytes, or (a large one cached by an earlier run, checked
    /// when found) where it is in the cache, written from there in pieces without being held (the large store's
    /// first version: 77 MB, the peak of its changelog; mem19h).
    enum RenderedGroup: Sendable {
        case bytes([UInt8])
        case stored(key: String, cache: RenderingCache)

        var count: Int {
            switch self {
            case .bytes(let bytes): return bytes.count
            case .stored: return 0
            }
        }
    }

    /// An error of the consumer, passed through as it is.
    private struct ConsumerError: Error {
        var error: any Error
    }

    private static func changelogError(_ error: any Error) -> ChangelogError {
        switch error {
        case let error as ChangelogError: return error
        case let error as SnapshotDiffError: return .diff(error)
        case let error as UnreadableObjectError: return .diff(.unreadableObject(error))
        case let error as GitError: return .git(error)
        default: return .diff(.io(path: "", message: "\(error)"))
        }
    }

    /// The configured collections, then every other name, sorted, labelled by itself.
    private static func collections(_ configured: [ChangelogCollection], adding names: Set<String>) -> [ChangelogCollection] {
        var collections = configured
        for name in names.sorted() where !collections.contains(where: { $0.name == name }) {
            collections.append(ChangelogCollection(name: name, label: name))
        }
        return collections
    }

    /// `early`: given the changelog's language, how to render (to keep, not to hand over) each group the first pass
    /// computes, for a format whose groups do not depend on the head.
    private func stream<Output: Sendable>(_ options: ChangelogOptions, firstPass: Bool,
                                          early makeEarly: ((String) -> GroupRenderer<Output>?)? = nil,
                                          head: (ChangelogHead) throws -> GroupRenderer<Output>,
                                          consume: (Output) throws -> Void) throws {
        statistics = ChangelogStatistics()
        let to: ObjectID
        if let given = options.to {
            to = given
        } else if let head = try repository.headCommit() {
            to = head
        } else {
            throw ChangelogError.noVersions
        }
        // The first version along first parents: the history's origin.
        guard let root = try origin(of: to) else { throw ChangelogError.noVersions }
        let rootCommit = try repository.commit(root)
        // Configuration at the newest version: mode, title, language, collection labels.
        let tip = try repository.commit(to)
        // An invalid chronik.yml gives a plain changelog; an unreadable one is an error.
        let config = try repository.entry(atPath: StoreConfig.fileName, inTree: tip.treeID)
            .map { try repository.blob($0.id, path: StoreConfig.fileName, version: tip.id) }
            .flatMap { try? StoreConfig.parse($0) }
        // The label language; a plain repository's is detected from its content on a thread of its own meanwhile.
        let detection = LabelLanguage(asked: options.language, config: config, tree: tip.treeID, repository: repository)

        // Releases: the selected tags (`ChangelogOptions.tags`, else chronik.yml's `releases`), grouped as
        // `ReleaseHistory` says.
        let selection = options.tags ?? TagSelection(config?.releases ?? .init())
        let releases = try Releases.list(in: repository, selection: selection)
        let history = try ReleaseHistory.groups(in: repository, to: to, from: options.from, releases: releases, grouping: options.grouping)
        var commits: [ObjectID: Commit] = [:]
        for group in history {
            for id in group.versions where commits[id] == nil { commits[id] = try repository.commit(id) }
        }

        let language = detection.result(repository)
        var diffOptions = SnapshotDiffOptions()
        diffOptions.publicOnly = true
        diffOptions.language = language
        // A record keeps the text of an added or removed entry as its blocks, shown with `detail`. A changelog
        // without `detail` neither makes them nor caches them (a store's first version adds every entry: their text
        // was a tenth of a cold run's CPU); a later `detail` run finds such a record without its blocks and diffs its
        // group again (`ChangeRecordCache.read`).
        diffOptions.addedAndRemovedProse = options.blocks || options.cacheBlocks
        // A record keeps only the sections that moved, came or went (see `ChangeRecord.init(_:)`).
        diffOptions.unchangedSections = false

        let groups: [(kind: ChangelogGroup.Kind, versions: [ObjectID], base: ObjectID?, newest: Commit)] = try history.map { g in
            guard let newest = commits[g.tip] else { return (g.kind, g.versions, g.base, try repository.commit(g.tip)) }
            return (g.kind, g.versions, g.base, newest)
        }
        // A release group is dated by its release; the others by their newest version.
        let outline = zip(history, groups).map { g, group in
            ChangelogGroupOutline(kind: g.kind, release: g.release, version: g.tip,
                                  date: g.kind == .release ? g.release?.date ?? Self.timestamp(group.newest) : Self.timestamp(group.newest))
        }

        let title: String
        var collections: [ChangelogCollection]
        if let config {
            title = PublicText.name(config.title)
            let storeLanguage = StoreLanguage(rawValue: language) ?? config.language
            collections = config.collections.map { ChangelogCollection(name: $0.name, label: PublicText.name($0.label(in: storeLanguage))) }
        } else {
            title = PublicText.line((repository.workingDirectory ?? repository.gitDirectory.deletingLastPathComponent()).lastPathComponent)
            collections = []
        }

        // One differ per thread, each with its own handle on the repository (libgit2 objects are used from one
        // thread at a time); the first uses this builder's handle, which this thread leaves alone meanwhile. They
        // share what they parse from blobs.
        let parsed = options.parsedBlobs ?? ParsedBlobCache(entryBudget: options.parsedEntryBudget)
        var differs = [SnapshotDiffer(repository: repository, parsed: parsed)]
        let threads = min(options.threads ?? ParallelWork.defaultThreads, groups.count)
        while differs.count < threads, let handle = try? Repository(at: repository.gitDirectory) {
            differs.append(SnapshotDiffer(repository: handle, parsed: parsed))
        }
        if differs.count > 1 { MarkdownBlocks.prepare() }
        // The groups keep every core busy: a diff compares its entries on its own thread.
        if differs.count > 1 { diffOptions.threads = 1 }
        let workers = WorkerSlots(differs)
        // Consecutive versions share most objects: a thread takes several at a time and keeps its caches.
        let chunk = options.grouping == .commit ? 8 : 1
        let window = differs.count == 1 ? 1 : differs.count * chunk * 2
        // The group from the root adds every entry at once, usually the largest by far, and comes last: it is
        // taken first, so that it is not left to one thread at the end.
        let first = groups.indices.filter { groups[$0].base == nil }
        let cache = options.cacheDirectory.map { directory in
            options.openedRecordCache?(directory, language).map(\.cache).flatMap { $0.opens(directory, language: language) ? $0 : nil }
                ?? ChangeRecordCache(directory: directory, language: language)
        }
        // Records computed before an error are kept too.
        defer { cache?.flush() }
        let frozenGroups = groups, frozenOutline = outline, frozenCommits = commits, frozenDiffOptions = diffOptions
        // Reference titles: configurations, schemas and referenced entries parsed once per blob for all groups.
        let titleMemo = ReferenceTitleMemo()

        // Records the builder holds beyond those in hand: those of the first pass that the cache could not take.
        let held = HeldRecords()
        /// Counts a record of `entries` entries in hand (the pipelines' own look-ahead is added after each pass).
        func holding(entries: Int) {
            statistics.peakHeldRecords = max(statistics.peakHeldRecords, held.count + 1)
            statistics.peakHeldEntries = max(statistics.peakHeldEntries, held.entries + entries)
        }
        // A group without its change record: all from commits and tags.
        @Sendable func groupWithoutChanges(_ k: Int) -> ChangelogGroup {
            let g = frozenGroups[k]
            var versions: [ChangelogVersion] = []
            var contributors: [Person] = []
            for id in g.versions {
                guard let c = frozenCommits[id] else { continue }
                let author = Person(name: PublicText.name(c.author.name))
                if !contributors.contains(author) { contributors.append(author) }
                versions.append(ChangelogVersion(id: id, author: author, date: Self.timestamp(c), message: PublicText.message(c.message)))
            }
            let line = frozenOutline[k]
            return ChangelogGroup(kind: g.kind, release: line.release, version: g.newest.id, base: g.base, date: line.date,
                                  versions: versions.reversed(), contributors: contributors, changes: .none)
        }

        // Groups whose record the first pass computed (and cached): read back, not counted as cached.
        var computedNow = Set<Int>()
        let firstPass = firstPass && options.records
        let early = firstPass ? makeEarly?(language) : nil
        // Renderings the first pass made, held for the second within a budget (the rest is read back from the cache).
        let heldRenderings = HeldRenderings<Output>(budget: Self.heldRenderingsBudget, size: early?.size)
        if firstPass {
            var names = Set<String>()
            let run = try orderedPipeline(count: groups.count, threads: differs.count, window: window, chunk: chunk, first: first, produce: { w, k in
                let g = frozenGroups[k]
                return Result { () throws -> FirstPassItem in
                    if let cached = cache?.collectionNames(base: g.base, tip: g.newest.id) { return .cached(Set(cached), entries: nil) }
                    if let cache, let record = cache.read(base: g.base, tip: g.newest.id, blocks: false, withBlocksCached: options.cacheBlocks) {
                        // Cached by an earlier version of chronik, without its names: add them.
                        cache.addCollectionNames(record.collectionNames, base: g.base, tip: g.newest.id)
                        return .cached(record.collectionNames, entries: record.entries.count)
                    }
                    var record = try Self.computeRecord(workers[w], base: g.base, tip: g.newest.id, options: frozenDiffOptions, titles: titleMemo)
                    if let compact = cache?.add(record, base: g.base, tip: g.newest.id, blocks: options.blocks || options.cacheBlocks) {
                        if let early, let kept = early.kept {
                            var group = groupWithoutChanges(k)
                            if let key = kept.key(group, k) {
                                let output: Output
                                if let renderCompact = early.renderCompact {
                                    output = renderCompact(group, k, compact)
                                } else {
                                    group.changes = record
                                    if !options.blocks { group.changes.removeBlocks() }
                                    output = early.render(group, k)
                                }
                                kept.keep(key, output)
                                heldRenderings.put(output, at: k)
                            }
                        }
                        return .computed(record.collectionNames, entries: record.entries.count, kept: nil)
                    }
                    if !options.blocks { record.removeBlocks() }
                    return .computed(record.collectionNames, entries: record.entries.count, kept: record)
                }
            }, consume: { k, item in
                switch try item.get() {
                case .cached(let found, let entries):
                    if let entries { holding(entries: entries) }
                    names.formUnion(found)
                case .computed(let found, let entries, let kept):
                    statistics.computed += 1
                    holding(entries: entries)
                    names.formUnion(found)
                    computedNow.insert(k)
                    if let kept { held.put(kept, at: k) }
                }
            })
            statistics.peakHeldRecords = max(statistics.peakHeldRecords, run.peakOutstanding)
            collections = Self.collections(collections, adding: names)
            // Every group's record is cached or held now: the second pass compares nothing (unless a record cannot
            // be read back), so the entries parsed for the comparisons are let go before it renders (on the large
            // store the peak was the second pass's root group on top of them). A caller's cache is left filled.
            if options.parsedBlobs == nil { parsed.removeAll() }
        }

        let render = try head(ChangelogHead(title: title, language: language, mode: config == nil ? .plain : .store,
                                            grouping: options.grouping, to: to, from: options.from, origin: root,
                                            originDate: Self.timestamp(rootCommit), collections: collections, outline: outline))

        let readBack = computedNow, heldAtStart = held.count
        let run = try orderedPipeline(count: groups.count, threads: differs.count, window: window, chunk: chunk, first: first, produce: { w, k in
            let g = frozenGroups[k]
            return Result { () throws -> (output: Output, source: RecordSource, entries: Int) in
                if let output = heldRenderings.take(k) {
                    // Rendered (and cached) by the first pass, and still held.
                    _ = held.take(k)
                    return (output, .rendering, 0)
                }
                var group = groupWithoutChanges(k)
                guard options.records else { return (render.render(group, k), .notRead, 0) }
                let key = render.kept?.key(group, k)
                if let key, let output = render.kept?.cached(key) {
                    // Rendered by an earlier run: its record need not be read (one the first pass kept is dropped).
                    _ = held.take(k)
                    return (output, .rendering, 0)
                }
                var source = RecordSource.held
                if let kept = held.take(k) {
                    group.changes = kept
                } else if readBack.contains(k), let cached = cache?.read(base: g.base, tip: g.newest.id, blocks: options.blocks,
                                                                         withBlocksCached: options.cacheBlocks) {
                    group.changes = cached
                    source = .readBack
                } else {
                    (group.changes, source) = try Self.changeRecord(workers[w], base: g.base, tip: g.newest.id, options: frozenDiffOptions,
                                                                    titles: titleMemo, blocks: options.blocks, cacheBlocks: options.cacheBlocks,
                                                                    cache: cache)
                }
                let output = render.render(group, k)
                if let key { render.kept?.keep(key, output) }
                return (output, source, group.changes.entries.count)
            }
        }, consume: { _, item in
            let (output, source, entries) = try item.get()
            switch source {
            case .cached: statistics.cached += 1
            case .computed: statistics.computed += 1
            case .rendering: statistics.renderings += 1
            case .held, .readBack, .notRead: break
            }
            holding(entries: entries)
            try consume(output)
        })
        statistics.peakHeldRecords = max(statistics.peakHeldRecords, heldAtStart + run.peakOutstanding)
    }

    /// Where the second pass found a group's record.
    private enum RecordSource: Sendable {
        /// Kept from the first pass (the cache could not take it).
        case held
        /// Computed by the first pass and read back from the cache.
        case readBack
        case cached
        case computed
        /// Not read at all: the group's rendering was cached.
        case rendering
        /// Not read at all: `ChangelogOptions.records` is off.
        case notRead
    }

    /// What the first pass learnt of a group: the names of the collections its record names, and how many entries
    /// it has when the record was at hand.
    private enum FirstPassItem: Sendable {
        case cached(Set<String>, entries: Int?)
        /// Computed now; `kept`: the record, when the cache could not take it.
        case computed(Set<String>, entries: Int, kept: ChangeRecord?)
    }

    /// The record of a fresh diff from `base` to `tip`.
    private static func computeRecord(_ differ: SnapshotDiffer, base: ObjectID?, tip: ObjectID, options: SnapshotDiffOptions,
                                      titles: ReferenceTitleMemo) throws -> ChangeRecord {
        let diff = try differ.diff(from: base.map { .commit($0) } ?? .empty, to: .commit(tip), options: options)
        var record = ChangeRecord(diff)
        ReferenceTitleResolver(repository: differ.repository, memo: titles).annotate(&record, base: base, tip: tip, language: options.language ?? "en")
        return record
    }

    /// The change record from `base` to `tip`: from the cache, else diffed (and cached).
    private static func changeRecord(_ differ: SnapshotDiffer, base: ObjectID?, tip: ObjectID, options: SnapshotDiffOptions,
                                     titles: ReferenceTitleMemo, blocks: Bool, cacheBlocks: Bool = false,
                                     cache: ChangeRecordCache?) throws -> (ChangeRecord, RecordSource) {
        if let record = cache?.read(base: base, tip: tip, blocks: blocks, withBlocksCached: cacheBlocks) {
            return (record, .cached)
        }
        var record = try computeRecord(differ, base: base, tip: tip, options: options, titles: titles)
        cache?.add(record, base: base, tip: tip, blocks: blocks || cacheBlocks)
        if !blocks { record.removeBlocks() }
        return (record, .computed)
    }

    /// At most this many bytes of renderings are held from the first pass for the second (a medium store's JSON
    /// changelog is 21 MB); the rest is read back from the cache.
    /// 32 MiB: on the large store they are all still held when the second pass starts with the root's group (its
    /// record read back and its 77 MB rendered), the moment of the run's peak, which 64 MiB took past 1 GiB.
    static let heldRenderingsBudget = 32 << 20

    static func timestamp(_ commit: Commit) -> Timestamp {
        Timestamp(date: commit.author.date, offsetMinutes: commit.author.timeZoneOffsetMinutes)
    }
}

/// The label language of a changelog (`LanguageDetector.labelLanguage`). When it has to be detected from the content
/// (a plain repository without `--lang`), a bounded sample of files is read and its words counted: about as much
/// work as the history walk, on a cold plain changelog's calling thread before any group could start (3.6 % of the
/// instructions of a five-release range of the medium plain repository). So it is detected on a thread of its own,
/// with its own handle on the repository (libgit2 objects are used from one thread at a time), while the calling
/// thread walks the history; without a handle, on the calling thread when asked for.
private final class LabelLanguage: @unchecked Sendable {
    private let known: String?
    private let tree: ObjectID
    private let done = DispatchSemaphore(value: 0)
    /// Written by the detecting thread before `done` is signalled, read only after waiting for it.
    private var detected: String?

    init(asked: String?, config: StoreConfig?, tree: ObjectID, repository: Repository) {
        self.tree = tree
        if asked != nil || config != nil {
            known = LanguageDetector.labelLanguage(asked: asked, config: config, tree: tree, in: repository)
            return
        }
        known = nil
        let gitDirectory = repository.gitDirectory
        let thread = Thread { [self] in
            if let handle = try? Repository(at: gitDirectory) {
                detected = LanguageDetector.labelLanguage(asked: nil, config: nil, tree: tree, in: handle)
            }
            done.signal()
        }
        thread.start()
    }

    /// The language (waits for the detection).
    func result(_ repository: Repository) -> String {
        if let known { return known }
        done.wait()
        return detected ?? LanguageDetector.labelLanguage(asked: nil, config: nil, tree: tree, in: repository)
    }
}

/// Records of the first pass that the cache could not take, kept for the second; taken by whichever thread renders
/// the group.
/// Renderings of the first pass held for the second, by group index, up to a budget of bytes (see
/// `GroupRenderer.size`); without a size, none.
private final class HeldRenderings<Output: Sendable>: @unchecked Sendable {
    private let lock = NSLock()
    private let budget: Int
    private let size: (@Sendable (Output) -> Int)?
    // Guarded by `lock`.
    private var outputs: [Int: Output] = [:]
    private var bytes = 0

    init(budget: Int, size: (@Sendable (Output) -> Int)?) {
        self.budget = budget
        self.size = size
    }

    func put(_ output: Output, at k: Int) {
        guard let size else { return }
        let cost = size(output)
        lock.withLock {
            guard bytes + cost <= budget else { return }
            outputs[k] = output
            bytes += cost
        }
    }

    func take(_ k: Int) -> Output? {
        guard let size else { return nil }
        return lock.withLock {
            guard let output = outputs.removeValue(forKey: k) else { return nil }
            bytes -= size(output)
            return output
        }
    }
}

private final class HeldRecords: @unchecked Sendable {
    private let lock = NSLock()
    // Guarded by `lock`.
    private var records: [Int: ChangeRecord] = [:]
    private var entryCount = 0

    var count: Int { lock.withLock { records.count } }
    var entries: Int { lock.withLock { entryCount } }

    func put(_ record: ChangeRecord, at k: Int) {
        lock.withLock {
            records[k] = record
            entryCount += record.entries.count
        }
    }

    func take(_ k: Int) -> ChangeRecord? {
        lock.withLock {
            guard let record = records.removeValue(forKey: k) else { return nil }
            entryCount -= record.entries.count
            return record
        }
    }
}

/// The change-record cache of one language: a `SegmentCache` in `<directory>/v<format>-<language>/` with three
/// compact-JSON values per record: the record without its entries' word-level blocks under `<tip>-<base|root>`, the
/// blocks (one list per entry) under `<tip>-<base|root>/blocks`, so that a changelog without `detail` reads neither
/// the blocks nor their bytes (they are about two fifths of a record), and the names of the collections it names
/// under `<tip>-<base|root>/collections`, so that the head of a streamed changelog lists them without reading every
/// record first (records cached without them get them on the first such run).
///
/// Values are written by `RecordJSON` (`JSONByteWriter`) and read straight from their bytes by `RecordJSON`'s
/// readers over `JSONPullReader` (rec15), as `JSONValueDecoder` decodes them: several times faster than Foundation's
/// `JSONEncoder`/`JSONDecoder`, which took a quarter of a warm run, and than `JSONValueDecoder`'s tree and keyed
/// containers, which took 8 % of a warm full publish.
final class ChangeRecordCache: @unchecked Sendable {
    /// Guards `segments` (the builder's threads share the cache); values are decoded and encoded outside it.
    private let lock = NSLock()
    private let segments: SegmentCache

    init(directory: URL, language: String) {
        segments = SegmentCache(folder: Self.folder(directory, language: language))
    }

    private static func folder(_ directory: URL, language: String) -> URL {
        let safeLanguage = String(language.filter { $0.isLetter || $0 == "-" }.prefix(16))
        return directory.appendingPathComponent("v\(ChangeRecord.formatVersion)-\(safeLanguage.isEmpty ? "x" : safeLanguage)", isDirectory: true)
    }

    /// Whether this is the cache of `directory` in `language` (an opening shared by a build, `openedRecordCache`).
    func opens(_ directory: URL, language: String) -> Bool {
        segments.folder.standardizedFileURL.path == Self.folder(directory, language: language).standardizedFileURL.path
    }

    static func key(base: ObjectID?, tip: ObjectID) -> String { "\(tip.hex)-\(base?.hex ?? "root")" }

    /// A record's key as ids (for readers that hold records by key: hashing two ids, not making a `tip-base` string).
    struct RecordKey: Hashable {
        var tip: ObjectID
        var base: ObjectID?
    }

    /// The newest value under `key` that `decode` accepts; the bytes are read under the lock, decoded outside it.
    private func value<T>(forKey key: String, _ decode: (Data) -> T?) -> T? {
        let candidates = lock.withLock { segments.candidates(forKey: key) }
        for data in candidates {
            if let value = decode(data) { return value }
        }
        return nil
    }

    /// The cached record, with its blocks when `blocks` (else with none); nil when it is not cached whole (with
    /// `withBlocksCached`, also when its blocks are not cached, though they are not read).
    func read(base: ObjectID?, tip: ObjectID, blocks: Bool, withBlocksCached: Bool = false) -> ChangeRecord? {
        let key = Self.key(base: base, tip: tip)
        if withBlocksCached, !blocks, !lock.withLock({ segments.hasKey(key + "/blocks") }) { return nil }
        guard var record = value(forKey: key, { try? RecordJSON.decodeRecord($0) }) else { return nil }
        guard blocks else { return record }
        guard let lists = value(forKey: key + "/blocks", { data -> [[BlockChange]]? in
            guard let lists = try? RecordJSON.decodeBlocks(data), lists.count == record.entries.count else { return nil }
            return lists
        }) else { return nil }
        for (k, list) in lists.enumerated() { record.entries[k].blocks = list }
        return record
    }

    /// The cached blocks of the record as stored (compact JSON, a list per entry), each candidate that `accept`
    /// takes, newest first: the first it accepts; nil when none is cached.
    func blocksJSON<T>(base: ObjectID?, tip: ObjectID, _ accept: (Data) -> T?) -> T? {
        value(forKey: Self.key(base: base, tip: tip) + "/blocks", accept)
    }

    /// The cached record (without blocks) as stored (compact JSON, `RecordJSON.record`), each candidate that `accept`
    /// takes, newest first: the first it accepts; nil when none is cached.
    func recordJSON<T>(base: ObjectID?, tip: ObjectID, _ accept: (Data) -> T?) -> T? {
        value(forKey: Self.key(base: base, tip: tip), accept)
    }

    /// The cached blocks of the record as stored, in pieces (`SegmentCache.streamValue`: never held whole).
    func streamBlocksJSON(base: ObjectID?, tip: ObjectID, begin: () -> Void, consume: (UnsafeRawBufferPointer) -> Bool) -> Bool {
        lock.withLock { segments.streamValue(forKey: Self.key(base: base, tip: tip) + "/blocks", begin: begin, consume: consume) }
    }

    /// The names of the collections the record names (`ChangeRecord.collectionNames`), sorted; nil when not cached.
    func collectionNames(base: ObjectID?, tip: ObjectID) -> [String]? {
        value(forKey: Self.key(base: base, tip: tip) + "/collections") { data in
            try? JSONPullReader.read(data) { r in
                var names: [String] = []
                try r.readArray { names.append(try $0.readString()) }
                return names
            }
        }
    }

    func addCollectionNames(_ names: Set<String>, base: ObjectID?, tip: ObjectID) {
        guard let json = Self.json(names.sorted()) else { return }
        lock.withLock { _ = segments.add(json, forKey: Self.key(base: base, tip: tip) + "/collections") }
    }

    /// Caches the record, its blocks (unless `blocks` is false: then the record was made without them, and a read
    /// that asks for blocks finds none and gives nil) and its collection names. Gives the record without its blocks
    /// as the compact JSON it was stored as when all can be read back, else nil.
    @discardableResult
    func add(_ record: ChangeRecord, base: ObjectID?, tip: ObjectID, blocks: Bool = true) -> [UInt8]? {
        let key = Self.key(base: base, tip: tip)
        var bare = record
        bare.removeBlocks()
        let recordJSON = RecordJSON.record(bare), blocksJSON = blocks ? RecordJSON.blocks(record) : nil
        guard let namesJSON = Self.json(record.collectionNames.sorted()) else { return nil }
        // The record last: a record is read only with its blocks, and its names only after it was written.
        let added = lock.withLock {
            (blocksJSON.map { segments.add($0, forKey: key + "/blocks") } ?? true)
                && segments.add(namesJSON, forKey: key + "/collections") && segments.add(recordJSON, forKey: key)
        }
        return added ? recordJSON : nil
    }

    private static func json<T: Encodable>(_ value: T) -> [UInt8]? {
        var writer = JSONByteWriter(pretty: false)
        guard (try? writer.encode(value)) != nil else { return nil }
        return writer.bytes
    }

    /// Best effort: a cache that cannot be written only costs time.
    func flush() { lock.withLock { segments.flush() } }
}
