import ChronikChangelog
import ChronikDiff
import ChronikSchema
import ChronikStore
import Foundation
import GitKit
import OrderedCollections

// Builds the site as a value (`SiteModel`) from a store at one version. Privacy is decided here, once: every entry
// is redacted by its collection's schema at that version (`PublicEntry.redact`: private values at any depth, e-mail
// addresses in every string), titles come from the redacted fields, and histories and releases come from the public
// changelog (`publicOnly`). The renderers never read the store.
//
// Cost: the entries at the version are read once (one blob each); histories and releases are two changelog builds
// (by version and by release), whose change records are cached (`SiteBuildOptions.cacheDirectory`), so a second
// publish diffs only the new versions.

/// Why the site cannot be built.
public enum SiteModelError: Error, Sendable, CustomStringConvertible {
    case store(StoreError)
    case changelog(ChangelogError)
    /// An entry's front matter cannot be read.
    case invalidEntry(path: String, line: Int?, message: String)
    /// `chronik.yml`'s `site.introduction` names no entry or file of the store at the version.
    case introductionNotFound(String)

    public var description: String {
        switch self {
        case .store(let e): return e.description
        case .changelog(let e): return e.description
        case .invalidEntry(let path, let line, let message):
            return "\(path)\(line.map { ":\($0)" } ?? ""): \(message)"
        case .introductionNotFound(let name):
            return "chronik.yml: site.introduction: \"\(name)\" is neither an entry (collection/id) nor a .md file of the store at this version"
        }
    }
}

/// Builds a `SiteModel`.
public enum SiteModelBuilder {
    /// The site of `store` at `commit`, public by construction.
    public static func build(store: Store, at commit: Commit, options: SiteBuildOptions) throws -> SiteModel {
        do {
            return try Build(store: store, commit: commit, options: options).run()
        } catch let error as SiteModelError {
            throw error
        } catch let error as StoreError {
            throw SiteModelError.store(error)
        } catch let error as ChangelogError {
            throw SiteModelError.changelog(error)
        } catch let error as UnreadableObjectError {
            throw SiteModelError.store(.unreadableObject(error))
        } catch let error as GitError {
            throw SiteModelError.changelog(.git(error))
        }
    }
}

/// One build's state.
private struct Build {
    let store: Store
    let commit: Commit
    let options: SiteBuildOptions
    var repository: Repository { store.repository }

    func run() throws -> SiteModel {
        let config = try store.config(at: commit)
        let language = options.language ?? LanguageDetector.labelLanguage(asked: nil, config: config, tree: commit.treeID, in: repository)
        let schemas = try readSchemas(config, language: language)
        // The change-record cache opened for the language on a thread of its own while this one reads the entries
        // (inc21a): its segments' index was about 2.4 % of an incremental publish of the medium store after one new
        // version, on this thread when the new version's record was made. The readers open it once (under their lock:
        // a build that asks sooner waits for it).
        if options.opensRecordCacheEarly, let readers = options.recordReaders {
            Thread.detachNewThread { _ = readers.blocks(language: language) }
        }

        // The entries at the version, redacted: read here (libgit2 handles stay on this thread), parsed and redacted
        // on one thread per core (the results in order), `entryBatch` entries at a time, so that the entries' bytes
        // are held a batch at a time (read all at once, the large store's 300 MB were held beside their parsed
        // documents: with glibc's allocator and the one arena the publish then set, that early high point was the
        // floor its peak grew on).
        // The entries' blobs, listed (no file is read here), in the order of their ids.
        let sources = try VersionContent.entryBlobs(in: commit.treeID, config: config, store: store).sorted(by: { $0.0 < $1.0 })
        var titleFields: [String: String] = [:]
        for collection in config.collections { titleFields[collection.name] = collection.titleField ?? "title" }
        var documents: [String: [(id: String, document: EntryDocument)]] = [:]
        // Titles of every entry first: references and backlinks show them.
        var titles: [SiteEntryKey: String] = [:]
        // The bodies (a title may come from one, so after the titles) go to a temporary file, read back when a page, a
        // JSON file or a search document is made (`SiteText`, peak15c): held by the model for the whole publish they
        // were 192 MB of the large store's peak, and let go here they are not held while the histories are read.
        // `bodies[collection][k]` is the body of `documents[collection][k]`, whose own body is empty.
        // Bodies that weigh less than `bodySpillMinimum` in all stay in memory: writing the medium store's 30 MB to the
        // file (the kernel copying them into its pages) was 11 % of an incremental publish (inc15e). The spill file is
        // made when the bodies read so far reach the minimum (the decision the total would make), and from then on
        // each batch's bodies go there as they are parsed.
        // With an entry cache (`SiteEntryCache`), an entry whose blob the last publish parsed with the same private
        // marks and title field is not parsed again: its fields and title come from the cache, its body is the blob's
        // bytes after the front matter (made a String only when a file shows it). With `blobBodies` too (a publish
        // into a folder published before), such an entry's blob is not even read: its body is read from the blob when
        // a file shows it (inc15p; a body in its blob weighs nothing here and is never spilled).
        let cache = options.entryCache
        let blobBodies = cache == nil ? nil : options.blobBodies
        // What the bodies of each collection read from their blobs share.
        var blobContexts: [String: SiteBlobContext] = [:]
        if let blobBodies {
            for collection in config.collections {
                blobContexts[collection.name] = SiteBlobContext(source: blobBodies, version: commit.id, collection: collection.name,
                                                                privacy: schemas[collection.name]?.privacy ?? .none)
            }
        }
        var collectionKeys: [String: SiteFingerprint] = [:]
        if cache != nil {
            for collection in config.collections {
                collectionKeys[collection.name] = SiteEntryCache.collectionKey(privacy: schemas[collection.name]?.privacy ?? .none,
                                                                               titleField: titleFields[collection.name] ?? "title")
            }
        }
        var bodies: [String: [SiteText]] = [:]
        var bodyBytes = 0
        var spill: SiteHistorySpill?, spillMade = false
        // Bodies up to `moved[collection]` are in the spill file (when there is one).
        var moved: [String: Int] = [:]
        func moveBodies() {
            guard let spill else { return }
            for name in Array(bodies.keys) {
                let done = moved[name] ?? 0, count = bodies[name]?.count ?? 0
                guard done < count else { continue }
                for k in done..<count { bodies[name, default: []][k] = bodies[name, default: []][k].spilled(to: spill) }
                moved[name] = count
            }
        }
        // The first object that cannot be read (the entry is left out; thrown after every entry was read, before a
        // parse failure), and the first entry that does not parse.
        var unreadable: UnreadableObjectError?
        var failure: SiteModelError?
        let versionID = commit.id
        func readBlob(_ entry: EntryID, _ blob: ObjectID) -> Data? {
            do throws(UnreadableObjectError) {
                return try repository.blob(blob, path: entry.path, version: versionID)
            } catch {
                if unreadable == nil { unreadable = error }
                return nil
            }
        }
        typealias Item = (entry: EntryID, data: Data?, blob: ObjectID, privacy: PrivateLocations, titleField: String?, key: SiteFingerprint?,
                          context: SiteBlobContext?)
        for batch in stride(from: 0, to: sources.count, by: max(1, options.entryBatch)) {
            let end = batch + min(max(1, options.entryBatch), sources.count - batch)
            var read: [Item] = []
            read.reserveCapacity(end - batch)
            var bytes = 0
            for (entryID, blob) in sources[batch..<end] {
                let key = collectionKeys[entryID.collection].map { SiteEntryCache.key(blob: blob.hex, collection: $0) }
                let privacy = schemas[entryID.collection]?.privacy ?? .none, titleField = titleFields[entryID.collection]
                if let context = blobContexts[entryID.collection], let key, titleField != nil, let cache, cache.holds(key) {
                    read.append((entryID, nil, blob, privacy, titleField, key, context))
                    continue
                }
                guard let data = readBlob(entryID, blob) else { continue }
                bytes += data.count
                read.append((entryID, data, blob, privacy, titleField, key, nil))
            }
            if failure != nil { continue }
            // nil: an entry kept in the cache whose record does not decode (its blob is read and parsed below). The
            // threads as for the bytes read, a record decoded counting as 512 bytes (a batch of kept entries is still
            // decoded on every core).
            let parsed = parallelMap(read, threads: ParallelWork.threads(forBytes: max(bytes, read.count << 9), minimum: 1 << 20)) { item -> Result<ParsedEntry?, FrontMatterError> in
                Result { () throws(FrontMatterError) in
                    guard let data = item.data else {
                        guard let context = item.context, let key = item.key, let cache else { return nil }
                        return ParsedEntry(kept: key, id: item.entry.id, cache: cache) { offset in
                            SiteBlobBody(context: context, blob: item.blob, offset: offset)
                        }
                    }
                    return try ParsedEntry(data, id: item.entry.id, privacy: item.privacy, titleField: item.titleField, key: item.key, cache: cache)
                }
            }
            for (item, result) in zip(read, parsed) {
                var result = result
                if case .success(nil) = result {
                    guard let data = readBlob(item.entry, item.blob) else { continue }
                    result = Result { () throws(FrontMatterError) in
                        try ParsedEntry(data, id: item.entry.id, privacy: item.privacy, titleField: item.titleField, key: item.key, cache: cache)
                    }
                }
                switch result {
                case .success(let entry?):
                    if let title = entry.title { titles[SiteHistoryIndex.key(item.entry.collection, item.entry.id)] = title }
                    if !entry.body.isInBlob { bodyBytes += entry.body.utf8Count }
                    documents[item.entry.collection, default: []].append((item.entry.id, EntryDocument(fields: entry.fields, body: "")))
                    bodies[item.entry.collection, default: []].append(entry.body)
                case .success(nil):
                    break
                case .failure(let error):
                    failure = SiteModelError.invalidEntry(path: item.entry.path, line: error.line, message: error.reason + " (at \(commit.id.short()))")
                }
                if failure != nil { break }
            }
            if !spillMade, bodyBytes >= options.bodySpillMinimum {
                spill = SiteHistorySpill()  // nil: the file could not be made, and the bodies stay in memory
                spillMade = true
            }
            moveBodies()
        }
        if let unreadable { throw StoreError.unreadableObject(unreadable) }
        if let failure { throw failure }
        func link(_ collection: String, _ id: String) -> SiteLink {
            let title = titles[SiteHistoryIndex.key(collection, id)]
            return SiteLink(collection: collection, id: id, title: title ?? id, resolves: title != nil)
        }

        // History (by version) and releases (by release), from the public changelog.
        var changelogOptions = ChangelogOptions()
        changelogOptions.to = commit.id
        changelogOptions.language = language
        changelogOptions.tags = options.tags
        changelogOptions.cacheDirectory = options.cacheDirectory
        // The new versions' records are read (or made and cached) through the opening of the cache that the pages'
        // readers use: one index of its segments per publish, not one per build (inc15j).
        if let readers = options.recordReaders {
            changelogOptions.openedRecordCache = { directory, language in readers.blocks(directory: directory, language: language) }
        }
        changelogOptions.recordCollectionsInHead = false
        changelogOptions.grouping = .commit
        // With a cache, the histories are filed without their word-level blocks (every record read has them cached);
        // a model with blocks then reads them record by record, each entry's list packed as it is decoded
        // (`SiteHistoryIndex.fillBlocks`, peak15b) and kept in a temporary file until its page is rendered
        // (`SiteHistorySpill`): the changelog's records with their blocks as values, then the packed blocks, were
        // the peak of the large store's publish. Should the cache not give them back, the histories are filed again
        // with their blocks (in memory).
        if options.cacheDirectory != nil {
            changelogOptions.blocks = false
            changelogOptions.cacheBlocks = true
        }
        let builder = ChangelogBuilder(repository: repository)
        // Each group is filed as it comes and dropped: memory holds the histories, not the changelog.
        var history = SiteHistoryIndex(current: titles.keys, recentCount: options.recentCount)
        if options.cacheDirectory != nil, let factsDirectory = options.releaseFactsDirectory {
            // With the facts of the last publish, the records' changes are read only for the files that show them (inc15d).
            try SiteHistoryFacts.file(into: &history, builder: builder, options: changelogOptions, directory: factsDirectory, readers: options.recordReaders,
                                      whenShown: options.releaseChangesWhenShown && !options.historyBlocks, keepOutline: options.keepsHistoryOutline,
                                      prefetched: options.historyFacts)
        } else {
            try builder.build(changelogOptions, head: { _ in }, group: { history.add($0) })
        }
        // The histories' word-level blocks are read from the cache on a thread of their own while this one files the
        // releases (pub15g: reading them was a quarter of the model's time on this thread, the releases' records are
        // read on two threads of their own): the blocks need no libgit2 handle, only the cache's files, which a second
        // reader may read beside a writer (`SegmentCache`).
        var blocks: HistoryBlocksReading?
        if options.historyBlocks, let directory = options.cacheDirectory {
            blocks = HistoryBlocksReading(history, from: ChangeRecordBlocks(directory: directory, language: language))
            // The thread's copy alone (no copy of its storage when it is changed there).
            history = SiteHistoryIndex(current: [], recentCount: options.recentCount)
        }
        // Release pages list what changed without the word-level blocks (the entries' histories show those): not read.
        var releaseOptions = changelogOptions
        releaseOptions.grouping = .release
        releaseOptions.blocks = false
        releaseOptions.cacheBlocks = false
        // With the facts of the last publish, the groups' changes are read only when a page shows them (inc15c).
        let releases: [SiteRelease]
        do {
            releases = try SiteReleaseFacts.releases(builder: builder, options: releaseOptions,
                                                     factsDirectory: options.cacheDirectory == nil ? nil : options.releaseFactsDirectory,
                                                     whenShown: options.releaseChangesWhenShown, keepOutline: options.keepsHistoryOutline)
        } catch {
            _ = blocks?.wait()
            throw error
        }
        if let blocks {
            let (filled, read) = blocks.wait()
            history = filled
            if !read {
                changelogOptions.blocks = true
                changelogOptions.cacheBlocks = false
                history = SiteHistoryIndex(current: titles.keys, recentCount: options.recentCount)
                try builder.build(changelogOptions, head: { _ in }, group: { history.add($0) })
            }
        }

        // Collections with their entries; backlinks gathered from every entry's links.
        var collections: [SiteCollection] = []
        var backlinks: [SiteEntryKey: [SiteLink]] = [:]
        for collection in config.collections {
            let schema = schemas[collection.name] ?? CollectionSchema(root: nil, path: nil, language: language, resolve: nil)
            let titleField = collection.titleField ?? "title"
            var entries: [SiteEntry] = []
            let texts = bodies[collection.name] ?? []
            var layout = SiteModelBuilder.FieldLayout(schema)
            for (k, (id, document)) in (documents[collection.name] ?? []).enumerated() {
                let fields = SiteModelBuilder.fields(document, layout: &layout, link: link)
                let me = link(collection.name, id)
                for target in Set(fields.flatMap(\.links).map { SiteHistoryIndex.key($0.collection, $0.id) }) {
                    backlinks[target, default: []].append(me)
                }
                var entry = SiteEntry(collection: collection.name, id: id, path: EntryID(collection: collection.name, id: id).path,
                                      title: me.title, fields: fields, body: "", backlinks: [],
                                      history: history.history(collection.name, id))
                entry.bodyText = texts[k]
                entries.append(entry)
            }
            if DocumentCollections.names.contains(collection.name) {
                // `entries[k]` is `documents[collection.name][k]` (made in that order above).
                let positions = (documents[collection.name] ?? []).map { SiteModelBuilder.sectionPosition($0.document.fields[DocumentCollections.orderField]) }
                entries = SiteModelBuilder.sortedBySection(entries, positions: positions)
            } else {
                entries = SiteModelBuilder.sortedByTitle(entries)
            }
            let columns = schema.columnKeys(configured: config.site.columns[collection.name], titleField: titleField, publicOnly: true).map { key in
                SiteColumn(key: key, label: key == "title" ? Self.titleLabel(schema, titleField: titleField, language: language) : schema.label(key))
            }
            let configured = collection.label(in: StoreLanguage(rawValue: language) ?? config.language)
            let label = configured != collection.name ? configured : schema.collectionLabel(language: language) ?? collection.name
            collections.append(SiteCollection(name: collection.name, label: label, columns: columns, entries: entries))
        }
        for c in collections.indices {
            for e in collections[c].entries.indices {
                let key = SiteHistoryIndex.key(collections[c].name, collections[c].entries[e].id)
                collections[c].entries[e].backlinks = (backlinks[key] ?? []).sorted { ($0.collection, $0.title, $0.id) < ($1.collection, $1.title, $1.id) }
            }
        }

        // Participation dates.
        var dates: [SiteDate] = []
        for collection in collections {
            guard let schema = schemas[collection.name], let fields = schema.dateFields else { continue }
            for (id, document) in documents[collection.name] ?? [] {
                guard let start = document.fields[fields.start]?.stringValue else { continue }
                let status = document.fields[fields.status]?.stringValue
                dates.append(SiteDate(entry: link(collection.name, id), start: start, end: fields.end.flatMap { document.fields[$0]?.stringValue },
                                      status: status,
                                      statusLabel: status.map { schema.valueLabel(fields.status, value: $0) ?? $0 }))
            }
        }
        dates.sort { ($0.start, $0.entry.title, $0.entry.id) < ($1.start, $1.entry.title, $1.entry.id) }

        let version = SiteVersion(id: commit.id, date: Timestamp(date: commit.author.date, offsetMinutes: commit.author.timeZoneOffsetMinutes),
                                  summary: EmailRedaction.redact(PublicText.firstLine(commit.message)))
        return SiteModel(title: EmailRedaction.redact(PublicText.name(config.title)), language: language, version: version,
                         release: releases.first { $0.release.version == commit.id }?.release,
                         introduction: try introduction(config, documents: documents, bodies: bodies),
                         collections: collections, releases: releases, recent: history.recent, dates: dates,
                         origin: try origin(builder))
    }

    /// The first version along first parents from the site's version (walked once by `builder`, which the histories'
    /// and releases' builds ask too).
    private func origin(_ builder: ChangelogBuilder) throws -> SiteVersion? {
        guard let root = try builder.origin(of: commit.id) else { return nil }
        let first = try repository.commit(root)
        return SiteVersion(id: first.id, date: Timestamp(date: first.author.date, offsetMinutes: first.author.timeZoneOffsetMinutes),
                           summary: EmailRedaction.redact(PublicText.firstLine(first.message)))
    }

    /// Each collection's schema at the version (a schema that cannot be parsed counts as none, as in the changelog;
    /// an unreadable one is an error).
    private func readSchemas(_ config: StoreConfig, language: String) throws -> [String: CollectionSchema] {
        let documents = CollectionSchemas(store: store, tree: commit.treeID, config: config, language: language)
        var schemas: [String: CollectionSchema] = [:]
        for collection in config.collections {
            // A collection's own schema that cannot be read is an error at once.
            if let path = collection.schema { _ = try documents.document(path) }
            schemas[collection.name] = documents.schema(collection.name)
        }
        // A schema a `$ref` names that could not be read: its private marks are unknown, so nothing is shown.
        if let error = documents.failure { throw error }
        return schemas
    }

    /// The start page's introduction: `site.introduction` (an entry `collection/id`: its public body; a `.md` file:
    /// its text, e-mail addresses redacted), else README.md, else "".
    private func introduction(_ config: StoreConfig, documents: [String: [(id: String, document: EntryDocument)]],
                              bodies: [String: [SiteText]]) throws -> String {
        if let name = config.site.introduction {
            let parts = name.split(separator: "/", maxSplits: 1).map(String.init)
            if parts.count == 2, !name.hasSuffix(".md"), let k = documents[parts[0]]?.firstIndex(where: { $0.id == parts[1] }),
               let body = bodies[parts[0]]?[k] {
                return body.text
            }
            if name.hasSuffix(".md"), let data = try store.blob(at: name, inTree: commit.treeID) {
                return Self.page(data)
            }
            throw SiteModelError.introductionNotFound(name)
        }
        if let data = try store.blob(at: "README.md", inTree: commit.treeID) { return Self.page(data) }
        return ""
    }

    /// A Markdown page of the store (not an entry): its body without front matter, e-mail addresses redacted.
    private static func page(_ data: Data) -> String {
        if data.starts(with: Array("---".utf8)), let document = try? EntryDocument.parse(data) {
            return EmailRedaction.redact(document.body)
        }
        return EmailRedaction.redact(String(decoding: data, as: UTF8.self))
    }

    /// The title column's label: the title field's schema label, else "Titel"/"Title".
    static func titleLabel(_ schema: CollectionSchema, titleField: String, language: String) -> String {
        let label = schema.label(titleField)
        if label != titleField { return label }
        return SiteLabels(language: language).title
    }
}

/// An entry as the model takes it: its public fields, title (when its collection has a title field) and body, parsed
/// and redacted, or taken from the entry cache (`SiteEntryCache`) by its key, and recorded there when parsed.
struct ParsedEntry {
    var fields: OrderedDictionary<String, JSONValue>
    var title: String?
    var body: SiteText

    /// An entry the cache holds under `key`, whose blob was not read: its body is read from the blob when asked for
    /// (`body(offset)`, `SiteBlobBodies`). nil when the record does not decode (the caller reads and parses the blob).
    init?(kept key: SiteFingerprint, id: String, cache: SiteEntryCache, body: (Int) -> SiteBlobBody) {
        guard let kept = cache.entry(key, blobSize: nil) else { return nil }
        fields = kept.fields
        title = kept.title ?? id
        switch kept.body {
        case .blob(let offset): self.body = SiteText(blob: body(offset), digest: kept.digest)
        case .text(let text): self.body = SiteText(text, digest: kept.digest)
        }
    }

    init(_ data: Data, id: String, privacy: PrivateLocations, titleField: String?, key: SiteFingerprint?, cache: SiteEntryCache?) throws(FrontMatterError) {
        if let key, titleField != nil, let cache, let kept = cache.entry(key, blobSize: data.count) {
            fields = kept.fields
            title = kept.title ?? id
            switch kept.body {
            case .blob(let offset): body = SiteText(validUTF8: data[(data.startIndex + offset)...], digest: kept.digest)
            case .text(let text): body = SiteText(text, digest: kept.digest)
            }
            return
        }
        let original = try EntryDocument.parse(data)
        let document = PublicEntry.redact(original, privacy)
        fields = document.fields
        let found = titleField.flatMap { CollectionSchema.title(document, titleField: $0, line: PublicText.line) }
        title = titleField.map { _ in found ?? id }
        body = SiteText(document.body)
        if let key, titleField != nil, let cache {
            // The body is the file's bytes after the closing fence's line break (FrontMatterParser, rule 2).
            let length = original.body.utf8.count
            let kept: SiteEntryCache.Body = document.body == original.body && length <= data.count ? .blob(offset: data.count - length) : .text(document.body)
            let digest = body.digest
            body = SiteText(document.body, digest: digest)
            cache.record(key, SiteEntryCache.Entry(fields: fields, title: found, body: kept, digest: digest))
        }
    }
}

/// The collections shown as one document in section order (the strategy), as the differ compares them
/// (`SnapshotDiffOptions.documentCollections`, `orderField`).
enum DocumentCollections {
    static var names: Set<String> { SnapshotDiffOptions().documentCollections }
    static var orderField: String { SnapshotDiffOptions().orderField }
}

// The fields and the order of a collection's entries.
extension SiteModelBuilder {
    /// The public fields in schema order (then the others in the entry's order), with labels and links.
    static func fields(_ document: EntryDocument, schema: CollectionSchema, link: (String, String) -> SiteLink) -> [SiteField] {
        var keys = schema.properties.map(\.key).filter { document.fields[$0] != nil }
        let known = Set(keys)
        keys += document.fields.keys.filter { !known.contains($0) }
        return keys.compactMap { key in
            guard let value = document.fields[key] else { return nil }
            let links = schema.references(key, value: value).map { link($0.collection, $0.id) }
            return SiteField(key: key, label: schema.label(key), value: value, links: links)
        }
    }

    /// What `fields(_:schema:link:)` asks of a collection's schema for every entry, asked once per collection: its
    /// properties' keys (a new array of every property per entry) and each field's label (the schema's labels looked
    /// up per field of every entry): with them 2.4 % of an incremental publish of the medium store (inc15e).
    struct FieldLayout {
        let schema: CollectionSchema
        let keys: [String]
        let known: Set<String>
        private var labels: [String: String] = [:]
        private var refers: [String: Bool] = [:]
        /// `label(_:)` and `mayRefer(_:)` of `keys[k]`, by position once asked (the two tables looked up by key for
        /// every field of every entry: two hashes of the key per field, inc15n).
        private var keyLabels: [String?]
        private var keyRefers: [Bool?]

        init(_ schema: CollectionSchema) {
            self.schema = schema
            keys = schema.properties.map(\.key)
            known = Set(keys)
            keyLabels = Array(repeating: nil, count: keys.count)
            keyRefers = Array(repeating: nil, count: keys.count)
        }

        /// Whether no two of `keys` are the same (then a document whose every field was found among them has no other).
        var keysAreDistinct: Bool { known.count == keys.count }

        /// `label(keys[k])`.
        mutating func label(at k: Int) -> String {
            if let label = keyLabels[k] { return label }
            let label = label(keys[k])
            keyLabels[k] = label
            return label
        }

        /// `mayRefer(keys[k])`.
        mutating func mayRefer(at k: Int) -> Bool {
            if let refers = keyRefers[k] { return refers }
            let refers = mayRefer(keys[k])
            keyRefers[k] = refers
            return refers
        }

        /// Whether a value of `key` may refer to entries: its property's schema names `x-chronik-ref` or a `$ref`
        /// somewhere below it (else `CollectionSchema.references` finds nothing in any value, and walking the value
        /// with the schema was half of the fields' time in an incremental publish of the medium store, inc15h).
        mutating func mayRefer(_ key: String) -> Bool {
            if let known = refers[key] { return known }
            let result = schema.root?["properties"]?[key].map(Self.mentionsReferences) ?? false
            refers[key] = result
            return result
        }

        static func mentionsReferences(_ node: JSONValue) -> Bool {
            switch node {
            case .object(let members):
                return members.keys.contains("x-chronik-ref") || members.keys.contains("$ref") || members.values.contains(where: mentionsReferences)
            case .array(let items):
                return items.contains(where: mentionsReferences)
            default:
                return false
            }
        }

        mutating func label(_ key: String) -> String {
            if let label = labels[key] { return label }
            let label = schema.label(key)
            labels[key] = label
            return label
        }
    }

    /// `fields(_:schema:link:)` with the collection's layout: the same fields, in the same order (`SiteModelBuilderTests`
    /// holds the two to each other).
    static func fields(_ document: EntryDocument, layout: inout FieldLayout, link: (String, String) -> SiteLink) -> [SiteField] {
        var result: [SiteField] = []
        result.reserveCapacity(document.fields.count)
        func add(_ key: String, _ value: JSONValue, label: String, mayRefer: Bool) {
            let links = mayRefer ? layout.schema.references(key, value: value).map { link($0.collection, $0.id) } : []
            result.append(SiteField(key: key, label: label, value: value, links: links))
        }
        // The schema's keys by position (their labels and references asked once per collection); the document's
        // other fields only when some of its fields were not among them.
        var found = 0
        for k in layout.keys.indices {
            guard let value = document.fields[layout.keys[k]] else { continue }
            found += 1
            add(layout.keys[k], value, label: layout.label(at: k), mayRefer: layout.mayRefer(at: k))
        }
        if found < document.fields.count || !layout.keysAreDistinct {
            for (key, value) in document.fields where !layout.known.contains(key) {
                add(key, value, label: layout.label(key), mayRefer: layout.mayRefer(key))
            }
        }
        return result
    }

    /// An entry's place in a document collection: its order field's number, else last.
    static func sectionPosition(_ value: JSONValue?) -> Double {
        if case .number(let n)? = value, !n.double.isNaN { return n.double }
        return .infinity
    }

    /// Entries by section position (`positions[k]` is `entries[k]`'s), then id: each position looked up once, not
    /// at every comparison (the order dictionary was asked twice per comparison and whole entries were swapped:
    /// about 1 % of an incremental publish of the medium store, inc15k). The order of
    /// `entries.sort { (position($0), $0.id) < (position($1), $1.id) }`.
    static func sortedBySection(_ entries: [SiteEntry], positions: [Double]) -> [SiteEntry] {
        precondition(positions.count == entries.count, "a position per entry")
        let order = entries.indices.sorted { (positions[$0], entries[$0].id) < (positions[$1], entries[$1].id) }
        return order.map { entries[$0] }
    }

    /// Entries by title, lower-cased, then id: each title lower-cased once, not at every comparison (sorting was
    /// 2 % of an incremental publish of the medium store, inc15e). The order of
    /// `entries.sorted { ($0.title.lowercased(), $0.id) < ($1.title.lowercased(), $1.id) }`.
    static func sortedByTitle(_ entries: [SiteEntry]) -> [SiteEntry] {
        let keys = entries.map { lowercased($0.title) }
        let order = entries.indices.sorted { (keys[$0], entries[$0].id) < (keys[$1], entries[$1].id) }
        return order.map { entries[$0] }
    }

    /// `text.lowercased()`, with a title's ASCII letters lowered in place: for a text with a scalar beyond ASCII the
    /// standard library appends each scalar's `lowercaseMapping` as a `String` of its own (an umlaut in most of the
    /// medium store's titles: lowering them was 0.8–0.9 % of an incremental publish, inc15r). Here only the scalars
    /// beyond ASCII are mapped so (each on its own, as there: no context), the others lowered as bytes.
    /// `SiteModelTests.titlesLowerCasedAsTheStandardLibrary` holds it to `lowercased()` for every scalar.
    static func lowercased(_ text: String) -> String {
        // All ASCII: the standard library's own fast path.
        guard text.utf8.contains(where: { $0 >= 0x80 }) else { return text.lowercased() }
        var out: [UInt8] = []
        out.reserveCapacity(text.utf8.count + 8)
        for scalar in text.unicodeScalars {
            if scalar.isASCII {
                let byte = UInt8(truncatingIfNeeded: scalar.value)
                out.append(byte >= 0x41 && byte <= 0x5A ? byte | 0x20 : byte)
            } else {
                out.append(contentsOf: scalar.properties.lowercaseMapping.utf8)
            }
        }
        return String(decoding: out, as: UTF8.self)
    }
}

/// `SiteHistoryIndex.fillBlocks` on a thread of its own (a large stack: the blocks' JSON nests), started at once;
/// `wait()` gives the index and whether every block was read.
private final class HistoryBlocksReading: @unchecked Sendable {
    private var history: SiteHistoryIndex
    private var read = false
    private let done = DispatchSemaphore(value: 0)

    init(_ history: SiteHistoryIndex, from cache: ChangeRecordBlocks) {
        self.history = history
        let thread = Thread { [self] in
            read = self.history.fillBlocks(from: cache, spill: SiteHistorySpill())
            done.signal()
        }
        thread.stackSize = 8 << 20
        thread.start()
    }

    /// Waits for the thread (once).
    func wait() -> (SiteHistoryIndex, Bool) {
        done.wait()
        return (history, read)
    }
}
