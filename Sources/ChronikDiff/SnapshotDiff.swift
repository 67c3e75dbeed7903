import ChronikStore
import Foundation
import GitKit
import OrderedCollections

// The diff between two versions of a store (or of any Git repository of Markdown files).
//
// Speed at scale (issue 6, "Performance"): the two trees are compared by walking their entries and skipping every
// subtree whose id is equal on both sides, so an unchanged collection costs one comparison; only the blobs of
// changed files are read. Renames are paired cheaply (ChronikStore's RenameDetector, shared with `chronik log`
// and `status`), never all-pairs: exact blob id first, then the same id in
// another collection, then content similarity only among the few left and only within a collection, with a budget
// of `maxSimilarityPairs` comparisons.
//
// Two modes:
// - store: the newer (else the older) side has `chronik.yml`; entries are `<collection>/<id>.md` of its declared
//   collections; `chronik.yml`, schemas and README.md are files; labels come from the collections' schemas.
// - plain: any Git repository; every `*.md` is an entry whose collection is its folder path ("" at the root) and
//   whose id is its file name without `.md`, as it stands (capitals, spaces); front matter is optional; other files
//   are listed as changed files but not diffed.

/// An entry by collection and id, plus its path (in plain mode the id is the file name as it stands).
public struct EntryRef: Sendable, Hashable, Codable, Comparable, CustomStringConvertible {
    public var collection: String
    public var id: String
    public var path: String

    public init(collection: String, id: String, path: String) {
        self.collection = collection
        self.id = id
        self.path = path
    }

    public var description: String { collection.isEmpty ? id : "\(collection)/\(id)" }
    public static func < (a: EntryRef, b: EntryRef) -> Bool { (a.collection, a.id, a.path) < (b.collection, b.id, b.path) }
}

/// Fields and prose of one entry, old against new.
public struct EntryDiff: Sendable, Hashable, Codable {
    public enum Kind: String, Sendable, Hashable, Codable {
        case added, removed, modified
        /// Another id in the same collection.
        case renamed
        /// Another collection (and maybe another id).
        case moved
    }

    public var kind: Kind
    /// The entry (the new one; for `removed`, the old one).
    public var entry: EntryRef
    /// For `renamed` and `moved`: the entry before.
    public var from: EntryRef?
    /// For `renamed` and `moved`: how similar the contents are (1 for identical).
    public var similarity: Double?
    /// The entry's title (the collection's `title_field`, else `title`, else the first heading).
    public var title: String?
    public var oldBlob: ObjectID?
    public var newBlob: ObjectID?
    public var fields: [FieldChange]
    public var prose: ProseDiff
    /// Why a side could not be read as an entry (its whole text is then diffed as prose).
    public var problems: [String]
    /// For an entry whose field values and words are all equal but whose bytes are not: where only the way it is
    /// written changed (YAML comments, key order, quoting or spacing of the front matter; spaces, line breaks or line
    /// endings of the text). Such an entry has no field rows and no prose changes, and is still listed: every file
    /// that differs appears in every output.
    public var formatting: FormattingChange? = nil
    /// The titles of the entries its changed reference fields name, on each side (`ReferenceTitle`); set by
    /// `chronik diff` (ChronikChangelog's resolver), nil when none were looked up or found.
    public var references: [ReferenceTitle]? = nil
    /// What happened to the entry's attachments (`<collection>/<id>/<name>`, issue 17), as the one collector pairs
    /// them (`CollectedChanges.attachmentChanges`); nil when none changed. An entry whose file is unchanged and whose
    /// attachments changed is listed as `modified` with these alone, as `chronik status` and `log` list it.
    public var attachments: [AttachmentChange]? = nil

    /// True when nothing in the entry changed, not even its formatting (a pure rename or move).
    public var isContentUnchanged: Bool { fields.isEmpty && prose.isEmpty && formatting == nil }
}

/// Where an entry changed only in how it is written (`EntryDiff.formatting`); in JSON `"front-matter"`, `"body"`
/// or `"front-matter-and-body"`.
public enum FormattingChange: String, Sendable, Hashable, Codable {
    /// The front matter's bytes changed, its values did not (comments, key order, quoting, spacing).
    case frontMatter = "front-matter"
    /// The text's bytes changed, its words did not (spaces, trailing spaces, line breaks, line endings).
    case body
    /// Both.
    case frontMatterAndBody = "front-matter-and-body"

    /// How two versions of an entry differ in formatting, from their bytes and their bodies (the text after the
    /// front matter, as parsed: the tail of the bytes); nil when the bytes are equal. Call it only when their
    /// values and words compare equal.
    public static func classify(old: Data, new: Data, oldBody: String, newBody: String) -> FormattingChange? {
        guard old != new else { return nil }
        func frontMatter(_ data: Data, _ body: String) -> Data? {
            let count = body.utf8.count
            // The body is the exact tail of the bytes when the file is valid UTF-8; otherwise (decoded with
            // replacements) the split is unknown, and the whole file counts as text.
            guard count <= data.count, data.suffix(count).elementsEqual(body.utf8) else { return nil }
            return data.prefix(data.count - count)
        }
        let oldHead = frontMatter(old, oldBody), newHead = frontMatter(new, newBody)
        let head = oldHead == nil || newHead == nil ? false : oldHead != newHead
        let body = oldHead == nil || newHead == nil || oldBody.utf8.count != newBody.utf8.count || !oldBody.utf8.elementsEqual(newBody.utf8)
        switch (head, body) {
        case (true, true): return .frontMatterAndBody
        case (true, false): return .frontMatter
        default: return .body
        }
    }
}

/// A changed file that is not an entry: `chronik.yml`, a schema, README.md, or (in plain mode) any non-Markdown file.
public struct FileDiff: Sendable, Hashable, Codable {
    public enum Kind: String, Sendable, Hashable, Codable { case added, removed, modified }
    public var kind: Kind
    public var path: String
    public var oldBlob: ObjectID?
    public var newBlob: ObjectID?

    /// (Package-wide for the change-record cache's reader, `RecordJSON`.)
    package init(kind: Kind, path: String, oldBlob: ObjectID?, newBlob: ObjectID?) {
        self.kind = kind
        self.path = path
        self.oldBlob = oldBlob
        self.newBlob = newBlob
    }
}

/// Totals for `--stat`.
public struct SnapshotSummary: Sendable, Hashable, Codable {
    public var entriesAdded = 0, entriesRemoved = 0, entriesModified = 0, entriesRenamed = 0, entriesMoved = 0
    public var fieldsChanged = 0
    public var wordsAdded = 0, wordsRemoved = 0
    public var blocksMoved = 0
    public var filesChanged = 0
    public init() {}
}

/// The difference between two versions.
public struct SnapshotDiff: Sendable, Hashable, Codable {
    public enum Mode: String, Sendable, Hashable, Codable { case store, plain }

    public var mode: Mode
    /// Changed entries, by collection and id.
    public var entries: [EntryDiff]
    /// Changed files that are not entries, by path.
    public var files: [FileDiff]
    /// Document-order comparisons of document-like collections (e.g. `strategy`) that changed.
    public var documents: [DocumentOrderDiff]
    public var summary: SnapshotSummary
    /// Files of the working tree that were not read, by path: symbolic links, FIFOs, devices, folders and files
    /// larger than `SnapshotDiffOptions.maxFileBytes` (an entry among them is also in `entries`, with the reason as
    /// its only problem). Never part of a version: `chronik commit` refuses them.
    public var refused: [RefusedFile] = []
    /// What changed in entries' attachments (issue 17), by entry; nil when nothing did (and then not in the JSON).
    public var attachments: [EntryAttachmentChanges]?

    public var isEmpty: Bool { entries.isEmpty && files.isEmpty && (attachments ?? []).isEmpty }
}

/// The attachment changes of one entry (`<collection>/<id>/<name>`), as the one collector pairs them
/// (`CollectedChanges.attachmentChanges`): an entry whose file did not change may have some.
public struct EntryAttachmentChanges: Sendable, Hashable, Codable {
    public var entry: EntryID
    public var changes: [AttachmentChange]
}

/// A file of the working tree a diff did not read, and why (in the words of the commit gate).
public struct RefusedFile: Sendable, Hashable, Codable {
    public var path: String
    public var reason: String

    public init(path: String, reason: String) {
        self.path = path
        self.reason = reason
    }
}

/// One side of a comparison.
public enum SnapshotSide: Sendable, Hashable {
    /// A commit's tree.
    case commit(ObjectID)
    /// A tree.
    case tree(ObjectID)
    /// The working tree of the repository (only as the newer side).
    case workingTree
    /// Nothing (an empty tree), e.g. before the first commit.
    case empty
}

/// Settings of the snapshot diff, with defaults.
public struct SnapshotDiffOptions: Sendable {
    public var prose = ProseDiffOptions()
    /// Leave out fields marked `x-chronik-private` (for `--public`).
    public var publicOnly = false
    /// The language of labels; nil: the store's `language` (plain mode: `de`).
    public var language: String?
    /// Only these entries (by `collection/id`, id or path) or collections (by name, or a folder: every entry
    /// under it) when not empty.
    public var only: Set<String> = []
    /// Only this collection when set.
    public var collection: String?
    /// Collections compared in document order (when their entries have the field `orderField`).
    public var documentCollections: Set<String> = ["strategy"]
    public var orderField = "order"
    /// Contents at least this similar are a rename.
    public var renameThreshold = 0.5
    /// At most this many similarity comparisons for rename detection.
    public var maxSimilarityPairs = 2_500
    /// Force plain mode even when `chronik.yml` exists.
    public var forcePlain = false
    /// The largest file of the working tree read (entries, `chronik.yml`, schemas); a larger one is refused, as the
    /// commit gate refuses it, and never held in memory.
    public var maxFileBytes = FrontMatterLimits().maxFileBytes
    /// Threads that compare entries and read rename candidates; nil: one per core (at most 8). The result is the
    /// same for any number.
    public var threads: Int?
    /// The prose of an added or removed entry as blocks and edits (all of its text, once more); false: only its
    /// summary (words and blocks added or removed), which is all a changelog keeps of it. A store's first version
    /// adds every entry: its blocks were most of a changelog's memory.
    public var addedAndRemovedProse = true
    /// Per entry only the prose's counts (`ProseDiff.summary`), no blocks and edits (`chronik diff --stat`): the same
    /// entries, counts, fields and formatting changes as without (see `ProseDiffer.counts`).
    public var countsOnly = false
    /// List the sections of a document that stayed in place (`DocumentOrderDiff.sections`); false: only those that
    /// moved, came or went, which is all a changelog keeps.
    public var unchangedSections = true
    /// Keep, of every entry the diff parsed from a blob, the values of its possible title fields (`TitleValues`),
    /// in `SnapshotDiffer.titleValues`: the reference titles looked up after the diff (`chronik diff`) then need not
    /// read those entries again.
    package var keepsTitleValues = false

    public init() {}

    /// True when an entry (one side of a change) passes the filters `collection` and `only`; a renamed entry is
    /// wanted when either side is. A name in `only` takes an entry (`collection/id`, id, path), a collection (its
    /// name) or a folder (every entry whose path is under it: `docs` takes `docs/sub/a.md`).
    public func wants(_ e: EntryRef) -> Bool {
        if let c = collection, e.collection != c { return false }
        if only.isEmpty { return true }
        if only.contains(e.description) || only.contains(e.id) || only.contains(e.path) || only.contains(e.collection) { return true }
        return only.contains { !$0.isEmpty && e.path.hasPrefix($0 + "/") }
    }

    /// True when no filter is set.
    public var isUnfiltered: Bool { only.isEmpty && collection == nil }
}

/// Errors of the snapshot diff.
public enum SnapshotDiffError: Error, Sendable {
    case git(GitError)
    /// An object a tree names that cannot be read (missing or corrupt).
    case unreadableObject(UnreadableObjectError)
    case io(path: String, message: String)
    /// The working tree can only be the newer side; a bare repository has none.
    case noWorkingTree
}

/// Computes snapshot diffs on one repository. A handle: confine it to one task.
///
/// A differ keeps what it parsed from Git objects (entries, `chronik.yml`, schema labels, the strategy's sections)
/// by object id within a memory budget, so diffing version after version (a changelog) parses each object about
/// once; see DifferCache.swift.
public final class SnapshotDiffer {
    public let repository: Repository

    /// Parsed entries and section orders by blob id (perhaps shared with other differs).
    private let parsed: ParsedBlobCache
    /// `chronik.yml` by blob id (nil: not a valid configuration).
    private var configs = GenerationalCache<ObjectID, StoreConfig?>(budget: 64)
    /// Schema labels by schema blob id and language.
    private var schemaLabels = GenerationalCache<SchemaKey, SchemaLabels>(budget: 256)
    /// Parsed schemas by blob id (nil: not JSON), for privacy.
    private var schemaDocuments = GenerationalCache<ObjectID, JSONValue?>(budget: 256)
    /// Private locations by the blob id of a collection's schema, with the other schemas they were read from (by
    /// path, with their blob ids, nil for none): valid in a tree where those paths hold the same blobs.
    private var privacyByBlob = GenerationalCache<ObjectID, (others: [String: ObjectID?], locations: PrivateLocations)>(budget: 256)
    /// A collection's sections by the id of its folder's tree (and the fields they come from).
    private var sectionLists = GenerationalCache<SectionKey, [DocumentSection]>(budget: 16 << 20)
    /// The last sections list made, by collection: its folder's tree id and fields (see `sections`).
    private var lastSections: [String: (key: SectionKey, list: [DocumentSection])] = [:]
    /// Threads that read the sections of the current diff (`SnapshotDiffOptions.threads`, else one per core).
    private var sectionThreads = ParallelWork.defaultThreads

    /// Handles on the same repository for the threads that compare entries (libgit2 objects are used from one
    /// thread at a time), opened on first need and kept for the next diff.
    private var readers: RepositoryPool?

    /// With `SnapshotDiffOptions.keepsTitleValues`: the title values of the entries the last diff parsed, by blob id.
    package private(set) var titleValues = TitleValues.Table()

    /// `entryBudget`: about how much memory (bytes) parsed entries may take between diffs.
    public convenience init(repository: Repository, entryBudget: Int = 32 << 20) {
        self.init(repository: repository, parsed: ParsedBlobCache(entryBudget: entryBudget))
    }

    /// A differ that keeps what it parses from blobs in `parsed`, which differs on other threads may share.
    public init(repository: Repository, parsed: ParsedBlobCache) {
        self.repository = repository
        self.parsed = parsed
    }

    private struct SchemaKey: Hashable {
        var blob: ObjectID
        var language: String
    }


    /// Reads an entry (see `parse`), from the cache when its content came from the object database as `blob`.
    private func entryDocument(_ data: Data, blob: ObjectID?, _ problems: inout [String]) -> EntryDocument {
        guard let blob, !blob.isZero else { return parseEntry(data, &problems) }
        if let hit = parsed.entry(blob) {
            if let problem = hit.problem { problems.append(problem) }
            return hit.document
        }
        var found: [String] = []
        var document = parseEntry(data, &found)
        // Source locations are for validation messages; the diff never reads them.
        document.locations = [:]
        parsed.insert(ParsedEntry(document: document, problem: found.first), for: blob, size: data.count)
        problems += found
        return document
    }

    /// `chronik.yml` in `tree` (parsed once per blob id); for the working tree (`tree` nil), read with `read`.
    private func storeConfig(in tree: ObjectID?, read: (String) throws -> Data?) throws -> StoreConfig? {
        guard let tree else { return try read(StoreConfig.fileName).flatMap { try? StoreConfig.parse($0) } }
        guard let entry = try repository.entry(atPath: StoreConfig.fileName, inTree: tree) else { return nil }
        if let hit = configs.value(for: entry.id) { return hit }
        // Unreadable is an error; invalid is no configuration (a plain diff).
        let data = try repository.blob(entry.id, path: StoreConfig.fileName)
        let config = try? StoreConfig.parse(data)
        configs.insert(config, for: entry.id, cost: 1)
        return config
    }

    /// A changed path with its old and new blob.
    struct ChangedPath {
        var path: String
        var old: TreeEntry?
        var new: TreeEntry?
        /// For working-tree files: where to read the new content.
        var newFile: URL?
    }

    /// The difference from `old` to `new`.
    public func diff(from old: SnapshotSide, to new: SnapshotSide, options: SnapshotDiffOptions = .init()) throws(SnapshotDiffError) -> SnapshotDiff {
        do {
            return try run(old, new, options)
        } catch let error as SnapshotDiffError {
            throw error
        } catch let error as UnreadableObjectError {
            throw .unreadableObject(error)
        } catch let error as GitError {
            throw .git(error)
        } catch {
            throw .io(path: "", message: "\(error)")
        }
    }

    /// The commit of a side, which an unreadable object's error names.
    private static func version(_ side: SnapshotSide) -> ObjectID? {
        if case .commit(let id) = side { return id }
        return nil
    }

    private func treeID(_ side: SnapshotSide) throws -> ObjectID? {
        switch side {
        case .commit(let id): return try repository.treeID(ofCommit: id)
        case .tree(let id): return id
        case .workingTree, .empty: return nil
        }
    }

    private func run(_ oldSide: SnapshotSide, _ newSide: SnapshotSide, _ options: SnapshotDiffOptions) throws -> SnapshotDiff {
        if case .workingTree = oldSide { throw SnapshotDiffError.noWorkingTree }
        sectionThreads = options.threads ?? ParallelWork.defaultThreads
        let oldTree = try treeID(oldSide)
        var changed: [ChangedPath]
        var readNewFile: (String) throws -> Data?
        var newTree: ObjectID?
        // Files of the working tree are read only as `WorkingTreeFile` reads them: never through a symbolic link,
        // never from a FIFO or device, never more than `maxFileBytes`. Those refused, by path, with the reason.
        var refused: [String: String] = [:]
        var workdirPath = ""
        let fileLimit = options.maxFileBytes
        if case .workingTree = newSide {
            guard let workdir = repository.workingDirectory else { throw SnapshotDiffError.noWorkingTree }
            workdirPath = workdir.path
            var diffOptions = DiffOptions()
            diffOptions.includeUntracked = true
            diffOptions.recurseUntrackedDirectories = true
            changed = []
            for delta in try repository.diffTreeToWorkdir(oldTree, options: diffOptions) {
                switch delta.status {
                case .ignored, .unmodified, .unreadable, .conflicted: continue
                default: break
                }
                if delta.newPath.hasSuffix("/") { continue }
                let oldEntry = delta.status == .added || delta.status == .untracked ? nil
                    : delta.oldID.map { TreeEntry(name: delta.oldPath, id: $0, mode: delta.oldMode ?? .blob) }
                if delta.oldPath != delta.newPath, let oldEntry {
                    changed.append(ChangedPath(path: delta.oldPath, old: oldEntry, new: nil))
                }
                let exists = delta.status != .deleted
                // Untracked files have no id; the all-zero id stands for "not in the object database".
                let newEntry = exists ? TreeEntry(name: delta.newPath, id: delta.newID ?? zeroID, mode: delta.newMode ?? .blob) : nil
                changed.append(ChangedPath(path: delta.newPath, old: delta.oldPath == delta.newPath ? oldEntry : nil, new: newEntry,
                                           newFile: exists ? workdir.appendingPathComponent(delta.newPath) : nil))
            }
            let root = workdirPath
            readNewFile = { path in
                switch WorkingTreeFile.read(path, in: root, limit: fileLimit) {
                case .success(let file): return file.data
                case .failure(.missing): return nil
                case .failure(let problem):
                    refused[path] = problem.description
                    return nil
                }
            }
        } else {
            newTree = try treeID(newSide)
            changed = []
            try walk(oldTree, newTree, prefix: "", into: &changed)
            let tree = newTree
            readNewFile = { [repository] path in
                guard let tree, let entry = try repository.entry(atPath: path, inTree: tree) else { return nil }
                return try repository.blob(entry.id)
            }
        }
        let readOldFile: (String) throws -> Data? = { [repository] path in
            guard let oldTree, let entry = try repository.entry(atPath: path, inTree: oldTree) else { return nil }
            return try repository.blob(entry.id)
        }

        // Mode and configuration.
        var newConfig: StoreConfig?, oldConfig: StoreConfig?
        if !options.forcePlain {
            newConfig = try storeConfig(in: newTree, read: readNewFile)
            oldConfig = oldTree == nil ? nil : try storeConfig(in: oldTree, read: readOldFile)
        }
        let config = newConfig ?? oldConfig
        let mode: SnapshotDiff.Mode = config == nil ? .plain : .store
        let language = LanguageDetector.labelLanguage(asked: options.language, config: config, tree: newTree ?? oldTree, in: repository)

        // Document collections whose order may have changed: any change in their folder other than a modified
        // entry (whose `order` is compared when it is diffed below). The others keep their document order, so
        // their sections need not be read at all.
        var reordered = Set<String>()
        func documentCollection(_ path: String) -> String? {
            options.documentCollections.first { path.hasPrefix($0 + "/") }
        }

        // Contents, read once. A blob that cannot be read is an error (thrown once rename detection is done): never
        // an empty side.
        var oldData: [String: Data] = [:], newData: [String: Data] = [:]
        var unreadable: (any Error)?
        func oldContent(_ path: String, _ id: ObjectID) -> Data {
            if let d = oldData[path] { return d }
            let d: Data
            do { d = try repository.blob(id, path: path, version: Self.version(oldSide)) } catch { unreadable = unreadable ?? error; return Data() }
            oldData[path] = d
            return d
        }
        // Sized once: grown step by step, a large diff's tables and lists were copied into fresh memory again and
        // again (page faults on the calling thread, before any entry is compared).
        var changedByPath = [String: ChangedPath](minimumCapacity: changed.count)
        for c in changed { changedByPath[c.path] = c }
        func newContent(_ c: ChangedPath) -> Data {
            if let d = newData[c.path] { return d }
            var d = Data()
            if c.newFile != nil {
                // A working-tree file: read as `WorkingTreeFile` reads; `load` throws only for blobs.
                if let (data, why) = try? EntryContent.file(root: workdirPath, path: c.path, limit: fileLimit).load(repository, path: c.path, version: nil) {
                    if let why { refused[c.path] = why }
                    d = data
                }
            } else if let n = c.new {
                do { d = try repository.blob(n.id, path: c.path, version: Self.version(newSide)) } catch { unreadable = unreadable ?? error; return Data() }
            }
            newData[c.path] = d
            return d
        }

        // What changed, and which entries were renamed: ChronikStore's one collector (the same classification and
        // rename pairing as `chronik status` and `log`), by each side's layout.
        var collector = options.forcePlain
            ? ChangeCollector(oldLayout: .plain, newLayout: .plain, keepsRefusedPaths: true)
            : ChangeCollector(oldConfig: oldConfig, newConfig: newConfig, keepsRefusedPaths: true)
        collector.renameThreshold = options.renameThreshold
        collector.maxSimilarityPairs = options.maxSimilarityPairs
        let paths = changed.map { c in
            PathChange(path: c.path, old: c.old.map { ChangedBlob(id: $0.id, mode: $0.mode) },
                       new: c.new.map { ChangedBlob(id: c.newFile != nil || $0.id.isZero ? nil : $0.id, mode: $0.mode) })
        }
        let candidates = renameCandidates(changed, oldSide: oldSide, newSide: newSide, options: options)
        for (path, read) in candidates.old { oldData[path] = read.data }
        for (path, read) in candidates.new { newData[path] = read.data }
        // Far over the budget (not read ahead above), pairing compares a few thousand of the candidates, the same id
        // first, then the same collection: those it is about to compare are read and their words counted on one
        // thread per core, as above, instead of one by one on this thread.
        var planned: (old: [String: RenameDetector.WordProfile], new: [String: RenameDetector.WordProfile]) = ([:], [:])
        if candidates.old.isEmpty, candidates.new.isEmpty {
            collector.willCompare = { [self] old, new in
                let items = old.compactMap { c in c.blob.id.map { (old: true, entry: TreeEntry(name: c.path, id: $0, mode: c.blob.mode)) } }
                    + new.compactMap { c in c.blob.id.map { (old: false, entry: TreeEntry(name: c.path, id: $0, mode: c.blob.mode)) } }
                guard let reads = readAhead(items, oldSide: oldSide, newSide: newSide, options: options) else { return }
                for (item, read) in zip(items, reads) {
                    guard let read else { continue }
                    if item.old {
                        oldData[item.entry.name] = read.data
                        planned.old[item.entry.name] = read.profile
                    } else {
                        newData[item.entry.name] = read.data
                        planned.new[item.entry.name] = read.profile
                    }
                }
            }
        }
        let collected = try collector.collect(paths, content: { side, path, blob in
            switch side {
            case .old:
                return blob.id.map { oldContent(path, $0) }
            case .new:
                guard let c = changedByPath[path] else { return nil }
                let data = newContent(c)
                return refused[path] == nil ? data : nil // not read: nothing to compare
            }
        }, profile: { side, path in
            side == .old ? candidates.old[path]?.profile ?? planned.old[path] : candidates.new[path]?.profile ?? planned.new[path]
        })
        planned = ([:], [:])
        if let unreadable { throw unreadable }

        // Filters apply to what was collected, after rename pairing: a renamed entry is wanted when either of its
        // names is (`chronik diff A B foreword` keeps the rename from `docs/00-foreword`).
        let matches = options.wants
        let unfiltered = options.isUnfiltered
        var files: [FileDiff] = []
        var entryChanges: [(change: CollectedChange, entry: EntryRef, from: EntryRef?)] = []
        entryChanges.reserveCapacity(collected.changes.count)
        for change in collected.changes {
            func ref(_ entry: EntryID?, _ path: String?) -> EntryRef? {
                guard let entry, let path else { return nil }
                return EntryRef(collection: entry.collection, id: entry.id, path: path)
            }
            let oldRef = ref(change.oldEntry, change.oldPath), newRef = ref(change.newEntry, change.newPath)
            let isEntry = oldRef != nil || newRef != nil
            let wanted = isEntry && ([oldRef, newRef].contains { $0.map(matches) == true })
            for path in change.paths {
                guard let collection = documentCollection(path) else { continue }
                let diffedBelow = change.kind == .modified && isEntry && change.old?.mode == change.new?.mode && wanted
                if !diffedBelow { reordered.insert(collection) }
            }
            guard let ref = newRef ?? oldRef else {
                guard unfiltered else { continue }
                let kind: FileDiff.Kind = change.kind == .added ? .added : change.kind == .removed ? .removed : .modified
                files.append(FileDiff(kind: kind, path: change.path, oldBlob: change.old?.id, newBlob: change.new?.id))
                continue
            }
            if wanted { entryChanges.append((change, ref, change.kind == .renamed ? oldRef : nil)) }
        }

        // A job's content: what was read already (for rename similarity), else where to read it, so that the
        // threads that compare entries read blobs and files themselves.
        func oldSource(_ path: String, _ id: ObjectID) -> EntryContent {
            if let d = oldData[path] { return .data(d) }
            return .blob(id)
        }
        func newSource(_ c: ChangedPath) -> EntryContent {
            if let why = refused[c.path] { return .refused(why) }
            if let d = newData[c.path] { return .data(d) }
            if c.newFile != nil { return .file(root: workdirPath, path: c.path, limit: fileLimit) }
            if let n = c.new { return .blob(n.id) }
            return .data(Data())
        }

        // Schemas for labels and private fields, per collection, read on demand.
        var labelsCache: [String: SchemaLabels] = [:]
        func labels(_ collection: String) -> SchemaLabels {
            if let l = labelsCache[collection] { return l }
            var l: SchemaLabels
            if let path = (newConfig?.collection(named: collection) ?? oldConfig?.collection(named: collection))?.schema {
                // From the object database: by blob id, parsed once. From the working tree: read each time.
                var blob: ObjectID?, data: Data?
                if let newTree {
                    blob = (try? repository.entry(atPath: path, inTree: newTree))??.id
                } else {
                    data = (try? readNewFile(path)) ?? nil
                }
                if blob == nil, data == nil, let oldTree { blob = (try? repository.entry(atPath: path, inTree: oldTree))??.id }
                if let blob, let hit = schemaLabels.value(for: SchemaKey(blob: blob, language: language)) {
                    l = hit
                } else {
                    if let blob {
                        // An unreadable schema is an error (thrown before the entries are compared), not "no labels
                        // and no private fields"; nothing made without it is cached.
                        do { data = try repository.blob(blob, path: path) } catch { unreadable = unreadable ?? error }
                    }
                    l = SchemaLabels(schema: data.flatMap { try? JSONParser.parse($0) }, language: language)
                    if let blob, data != nil { schemaLabels.insert(l, for: SchemaKey(blob: blob, language: language), cost: 1) }
                }
            } else {
                l = SchemaLabels(schema: nil, language: language)
            }
            labelsCache[collection] = l
            return l
        }
        func fieldOptions(_ collection: String) -> FieldDiffOptions {
            // Private values are taken out of each side before the field diff, by its own version's schema.
            FieldDiffOptions(labels: labels(collection))
        }
        let privacy = DiffPrivacy(oldTree: oldTree, newTree: newTree, oldConfig: oldConfig, newConfig: newConfig, readNewFile: readNewFile)
        func titleField(_ collection: String) -> String? {
            (newConfig?.collection(named: collection) ?? oldConfig?.collection(named: collection))?.titleField
        }

        // The entries to compare, with their contents (read here, in order: libgit2 handles stay on this thread).
        var jobs: [EntryJob] = []
        jobs.reserveCapacity(entryChanges.count)
        func entryDiff(kind: EntryDiff.Kind, entry: EntryRef, from: EntryRef?, similarity: Double?, old: EntryContent?, new: EntryContent?,
                       oldBlob: ObjectID?, newBlob: ObjectID?, newFromFile: Bool) {
            jobs.append(EntryJob(kind: kind, entry: entry, from: from, similarity: similarity, old: old, new: new,
                                 oldBlob: oldBlob, newBlob: newFromFile ? nil : newBlob, shownNewBlob: newBlob.flatMap { $0.isZero ? nil : $0 },
                                 orderCollection: kind == .modified ? documentCollection(entry.path) : nil))
        }
        var renames: [String: [String: String]] = [:]
        for (change, entry, from) in entryChanges {
            let c = change.newPath.flatMap { changedByPath[$0] }
            let oldID = change.old?.id
            let old = change.oldPath.flatMap { path in oldID.map { oldSource(path, $0) } }
            let new = c.map(newSource)
            let newBlob = c?.new?.id, newFromFile = c?.newFile != nil
            switch change.kind {
            case .modified:
                entryDiff(kind: .modified, entry: entry, from: nil, similarity: nil, old: old, new: new, oldBlob: oldID, newBlob: newBlob,
                          newFromFile: newFromFile)
            case .renamed:
                guard let from else { continue }
                let kind: EntryDiff.Kind = from.collection == entry.collection ? .renamed : .moved
                if kind == .renamed { renames[entry.collection, default: [:]][from.id] = entry.id }
                entryDiff(kind: kind, entry: entry, from: from, similarity: change.similarity, old: old, new: new, oldBlob: oldID,
                          newBlob: newBlob, newFromFile: newFromFile)
            case .removed:
                entryDiff(kind: .removed, entry: entry, from: nil, similarity: nil, old: old, new: nil, oldBlob: oldID, newBlob: nil,
                          newFromFile: false)
            case .added:
                entryDiff(kind: .added, entry: entry, from: nil, similarity: nil, old: nil, new: new, oldBlob: nil, newBlob: newBlob,
                          newFromFile: newFromFile)
            }
        }
        // Entries whose file did not change but whose attachments did (issue 17): compared like the others (same
        // blob on both sides, so only their title comes of it) and listed as modified, as `status` and `log` list them.
        var attachmentLists = Self.attachmentChanges(collected, repository: repository, workdir: workdirPath, wants: matches)
        if options.publicOnly, let lists = attachmentLists {
            // Names are paths, not private data; an e-mail address in one is redacted as everywhere in public output.
            attachmentLists = lists.map { list in
                EntryAttachmentChanges(entry: list.entry, changes: list.changes.map { c in
                    var c = c
                    c.name = EmailRedaction.redact(c.name)
                    return c
                })
            }
        }
        var attachmentsByEntry: [EntryID: [AttachmentChange]] = [:]
        for list in attachmentLists ?? [] { attachmentsByEntry[list.entry] = list.changes }
        var attachmentOnly: [EntryDiff] = []
        if !attachmentsByEntry.isEmpty {
            let listed = Set(entryChanges.map { EntryID(collection: $0.entry.collection, id: $0.entry.id) })
            for entry in attachmentsByEntry.keys.sorted() where !listed.contains(entry) {
                let ref = EntryRef(collection: entry.collection, id: entry.id, path: entry.path)
                if let tree = newTree ?? oldTree, let blob = try repository.entry(atPath: entry.path, inTree: tree)?.id {
                    var job = EntryJob(kind: .modified, entry: ref, from: nil, similarity: nil, old: .blob(blob), new: .blob(blob),
                                       oldBlob: blob, newBlob: blob, shownNewBlob: blob, orderCollection: nil)
                    job.keepsUnchanged = true
                    jobs.append(job)
                } else {
                    // No entry file on either side (the gate refuses such a folder; a working tree may hold one).
                    attachmentOnly.append(EntryDiff(kind: .modified, entry: ref, fields: [], prose: ProseDiff(), problems: []))
                }
            }
        }
        oldData = [:]
        newData = [:]

        // Parsed entries the cache already holds; settings per collection.
        var context = EntryJobContext(prose: options.prose, orderField: options.orderField)
        context.addedAndRemovedProse = options.addedAndRemovedProse
        context.countsOnly = options.countsOnly
        context.oldVersion = Self.version(oldSide)
        context.newVersion = Self.version(newSide)
        for (k, job) in jobs.enumerated() {
            for (side, blob) in [(0, job.oldBlob), (1, job.newBlob)] {
                guard let blob, !blob.isZero, let hit = parsed.entry(blob) else { continue }
                if side == 0 { jobs[k].oldParsed = hit.document; jobs[k].oldProblem = hit.problem } else { jobs[k].newParsed = hit.document; jobs[k].newProblem = hit.problem }
            }
            let collection = job.entry.collection
            if context.fieldOptions[collection] == nil {
                context.fieldOptions[collection] = fieldOptions(collection)
                context.titleFields[collection] = titleField(collection) ?? "title"
            }
            if options.publicOnly {
                let oldCollection = job.from?.collection ?? collection
                if context.privateOld[oldCollection] == nil { context.privateOld[oldCollection] = privacy.locations(oldCollection, old: true, self) }
                if context.privateNew[collection] == nil { context.privateNew[collection] = privacy.locations(collection, old: false, self) }
            }
        }
        context.publicOnly = options.publicOnly
        // Compare them, on several threads when there is enough work (the results come back in order).
        if let unreadable { throw unreadable }
        var entries: [EntryDiff] = []
        var next = 0
        titleValues = TitleValues.Table()
        // The keys a reference title may be read from: `title` and each collection's title field, in both versions.
        let titleKeys = options.keepsTitleValues
            ? Set(["title"] + [oldConfig, newConfig].flatMap { $0?.collections.compactMap(\.titleField) ?? [] }) : []
        func keepTitle(_ blob: ObjectID?, _ document: EntryDocument?, _ problem: String?) {
            guard !titleKeys.isEmpty, let blob, !blob.isZero, let document, problem == nil else { return }
            titleValues.values[blob] = TitleValues(document.fields, keys: titleKeys)
        }
        titleValues.keys = titleKeys
        // Sized once (at most one value per side of each job): grown step by step, the large diff's table of 60,000
        // values was copied again and again on this thread while the threads compared.
        if !titleKeys.isEmpty { titleValues.values.reserveCapacity(2 * jobs.count) }
        try EntryJob.run(jobs, context: context, threads: options.threads, repository: repository, pool: &readers) { result in
            let job = jobs[next]
            next += 1
            keepTitle(job.oldBlob, job.oldParsed ?? result.oldParsed, job.oldParsed == nil ? result.oldProblem : job.oldProblem)
            keepTitle(job.newBlob, job.newParsed ?? result.newParsed, job.newParsed == nil ? result.newProblem : job.newProblem)
            // The sections of a document collection (read below, and by later diffs) take their order and title
            // from entries parsed here: kept now, as parsed entries may leave the cache before (a first version
            // adds thousands).
            let isSection = documentCollection(job.entry.path) != nil
            let sectionFields = isSection ? titleField(job.entry.collection) : nil
            func keepSection(_ blob: ObjectID, _ document: EntryDocument, _ problem: String?) {
                guard isSection else { return }
                let key = SectionKey(object: blob, titleField: sectionFields, orderField: options.orderField)
                guard parsed.section(key) == nil else { return }
                parsed.insert(Self.sectionInfo(problem == nil ? document : nil, titleField: sectionFields, orderField: options.orderField), for: key)
            }
            if let blob = job.oldBlob, !blob.isZero, job.oldParsed == nil, let document = result.oldParsed {
                parsed.insert(ParsedEntry(document: document, problem: result.oldProblem), for: blob, size: result.oldSize)
                keepSection(blob, document, result.oldProblem)
            }
            if let blob = job.newBlob, !blob.isZero, job.newParsed == nil, let document = result.newParsed {
                parsed.insert(ParsedEntry(document: document, problem: result.newProblem), for: blob, size: result.newSize)
                keepSection(blob, document, result.newProblem)
            }
            if result.orderChanged, let collection = job.orderCollection { reordered.insert(collection) }
            if let why = result.refused { refused[job.entry.path] = why }
            if var diff = result.diff {
                if let bodies = result.pendingFormatting {
                    diff.formatting = try formatting(job, bodies, context)
                    if diff.kind == .modified, diff.isContentUnchanged { return }
                }
                entries.append(diff)
            }
        }
        entries += attachmentOnly
        if !attachmentsByEntry.isEmpty {
            for k in entries.indices {
                let e = entries[k].entry
                entries[k].attachments = attachmentsByEntry[EntryID(collection: e.collection, id: e.id)]
            }
        }
        Self.sortEntries(&entries)
        files.sort { $0.path < $1.path }
        if options.publicOnly {
            // No digests of content in public output: hashing guessed contents would recover private values.
            for k in entries.indices {
                entries[k].oldBlob = nil
                entries[k].newBlob = nil
                entries[k].problems = entries[k].problems.map(EmailRedaction.redact)
            }
            for k in files.indices {
                files[k].oldBlob = nil
                files[k].newBlob = nil
            }
        }

        // Document order of document-like collections that changed.
        var documents: [DocumentOrderDiff] = []
        if mode == .store {
            let touched = Set(entries.map(\.entry.collection)).union(entries.compactMap { $0.from?.collection })
            let workingTree: Bool
            if case .workingTree = newSide { workingTree = true } else { workingTree = false }
            // The working tree's sections are read from its folder, which may hold ignored files: always compared.
            for collection in options.documentCollections.sorted() where touched.contains(collection)
                && (reordered.contains(collection) || workingTree) {
                let title = titleField(collection), order = options.orderField
                let oldSections: [DocumentSection], newSections: [DocumentSection]
                if case .workingTree = newSide {
                    oldSections = try sections(collection, tree: oldTree, workdir: nil, titleField: title, orderField: order)
                    newSections = try sections(collection, tree: nil, workdir: repository.workingDirectory, titleField: title, orderField: order,
                                               fileLimit: fileLimit)
                } else if let known = try cachedSections(collection, tree: newTree, titleField: title, orderField: order) {
                    // A changelog goes from the newest version back: this new side was the last diff's old side.
                    newSections = known
                    oldSections = try sections(collection, tree: oldTree, workdir: nil, titleField: title, orderField: order,
                                               base: (known, changed, isOld: false))
                } else {
                    oldSections = try sections(collection, tree: oldTree, workdir: nil, titleField: title, orderField: order)
                    newSections = try sections(collection, tree: newTree, workdir: nil, titleField: title, orderField: order,
                                               base: (oldSections, changed, isOld: true))
                }
                guard oldSections.contains(where: { $0.order != nil }) || newSections.contains(where: { $0.order != nil }) else { continue }
                var d = DocumentOrder.compare(collection: collection, old: oldSections, new: newSections, renames: renames[collection] ?? [:],
                                              unchanged: options.unchangedSections)
                if options.publicOnly {
                    // A section's title is its entry's title: none when that field is private on either side.
                    let hidden = [title ?? "title", "title"].contains {
                        privacy.locations(collection, old: true, self).contains([$0]) || privacy.locations(collection, old: false, self).contains([$0])
                    }
                    for k in d.sections.indices {
                        d.sections[k].title = hidden ? nil : d.sections[k].title.map(EmailRedaction.redact)
                    }
                }
                if !d.isEmpty { documents.append(d) }
            }
        }

        var summary = SnapshotSummary()
        for e in entries {
            switch e.kind {
            case .added: summary.entriesAdded += 1
            case .removed: summary.entriesRemoved += 1
            case .modified: summary.entriesModified += 1
            case .renamed: summary.entriesRenamed += 1
            case .moved: summary.entriesMoved += 1
            }
            summary.fieldsChanged += e.fields.count
            summary.wordsAdded += e.prose.summary.wordsAdded
            summary.wordsRemoved += e.prose.summary.wordsRemoved
            summary.blocksMoved += e.prose.summary.blocksMoved
        }
        summary.filesChanged = files.count
        var diff = SnapshotDiff(mode: mode, entries: entries, files: files, documents: documents, summary: summary,
                                refused: refused.sorted { $0.key < $1.key }.map { RefusedFile(path: $0.key, reason: $0.value) })
        diff.attachments = attachmentLists
        return diff
    }

    /// The order of a diff's entries: by entry (collection, id, path), then kind.
    static func precedes(_ a: EntryDiff, _ b: EntryDiff) -> Bool { (a.entry, a.kind.rawValue) < (b.entry, b.kind.rawValue) }

    /// `entries` sorted by `precedes` (stably), as `sort` sorts them. The collector's order is this one: the entries
    /// come in order but for a tail (the entries whose attachments alone changed, put last; rare ties). The sorted
    /// head is found in one pass, a short tail sorted alone and merged in (the head's entries first among equal ones,
    /// as a stable sort keeps them), instead of sorting the whole list, which moved the large store's 34,000 entries
    /// (big values) on the calling thread after the comparison. A long tail: sorted whole.
    static func sortEntries(_ entries: inout [EntryDiff]) {
        let count = entries.count
        func before(_ a: Int, _ b: Int) -> Bool { (entries[a].entry, entries[a].kind.rawValue) < (entries[b].entry, entries[b].kind.rawValue) }
        var head = 1
        while head < count, !before(head, head - 1) { head += 1 }
        guard head < count else { return }
        guard count - head <= max(16, count / 8) else {
            entries.sort(by: precedes)
            return
        }
        var tail = Array(entries[head...])
        tail.sort(by: precedes)
        var merged: [EntryDiff] = []
        merged.reserveCapacity(count)
        var next = 0
        for entry in tail {
            // The head's entries that do not come after `entry` (a sorted run: binary search), then `entry`.
            var low = next, high = head
            while low < high {
                let middle = (low + high) / 2
                if precedes(entry, entries[middle]) { high = middle } else { low = middle + 1 }
            }
            merged.append(contentsOf: entries[next..<low])
            merged.append(entry)
            next = low
        }
        merged.append(contentsOf: entries[next..<head])
        entries = merged
    }

    /// The formatting change of an entry whose values and words compared equal, when a side's bytes were not at hand
    /// (it was parsed before): both sides read again, here on the calling thread (rare: only such entries).
    private func formatting(_ job: EntryJob, _ bodies: (oldBody: String, newBody: String), _ context: EntryJobContext) throws -> FormattingChange? {
        guard let old = job.old, let new = job.new else { return nil }
        let oldBytes = try old.load(repository, path: (job.from ?? job.entry).path, version: context.oldVersion).data
        let newBytes = try new.load(repository, path: job.entry.path, version: context.newVersion).data
        return FormattingChange.classify(old: oldBytes, new: newBytes, oldBody: bodies.oldBody, newBody: bodies.newBody)
    }

    /// The private locations of the schema at `path` in `tree` (from the cache when the schemas it read are the
    /// same there), or of the working tree's file read by `read`; nil when the schema cannot be read. `schemas`: the
    /// store's schema paths, where a `$ref` by `$id` is looked for.
    fileprivate func privateLocations(_ path: String, tree: ObjectID?, read: ((String) throws -> Data?)?, schemas: [String]) -> PrivateLocations? {
        var others: [String: ObjectID?] = [:]
        func blobID(_ path: String) -> ObjectID? {
            guard let tree else { return nil }
            return (try? repository.entry(atPath: path, inTree: tree))??.id
        }
        func document(_ path: String) -> SchemaDocument? {
            if tree == nil {
                guard let data = (try? read?(path)) ?? nil, let root = try? JSONParser.parse(data) else { return nil }
                return SchemaDocument(path: path, root: root)
            }
            guard let blob = blobID(path) else { return nil }
            if let hit = schemaDocuments.value(for: blob) { return hit.map { SchemaDocument(path: path, root: $0) } }
            let root = (try? repository.blob(blob)).flatMap { try? JSONParser.parse($0) }
            schemaDocuments.insert(root, for: blob, cost: 1)
            return root.map { SchemaDocument(path: path, root: $0) }
        }
        let mainBlob = blobID(path)
        if let mainBlob, let hit = privacyByBlob.value(for: mainBlob), hit.others.allSatisfy({ blobID($0.key) == $0.value }) {
            return hit.locations
        }
        guard let main = document(path) else { return nil }
        let locations = PrivateLocations(schema: main) { reference, from in
            // Every schema looked at is recorded with its blob: the cached locations hold while they stay the same.
            PrivateLocations.storeSchema(reference, from: from, schemas: schemas) { path in
                others[path] = blobID(path)
                return document(path)
            }
        }
        if let mainBlob { privacyByBlob.insert((others, locations), for: mainBlob, cost: 1) }
        return locations
    }


    /// A file read for rename pairing, with its words counted (`RenameDetector.WordProfile`).
    struct RenameCandidateRead: Sendable {
        var data: Data
        var profile: RenameDetector.WordProfile
    }

    /// The candidates of rename pairing, read and their words counted on one thread per core before the collector
    /// pairs them (it would read and count them one by one on this thread, with nothing else running meanwhile: a
    /// tenth of a diff between neighbouring releases of a small repository). Candidates are the Markdown files only
    /// one side has (an entry removed or added, perhaps renamed) but for those another file has byte for byte (paired
    /// by id, never compared), read only when both sides have some and all their pairs are within the collector's
    /// budget (then it compares every pair, so it would read them all) or, for a diff of every entry (each is read
    /// to be compared anyway), a little over it (up to four times the budget in pairs and `renameCandidatesReadAhead`
    /// files), and only between two versions (a working tree's files are read as `WorkingTreeFile` reads them, on
    /// this thread). A file that cannot be read here is left out: the collector reads it again through its `content`
    /// and reports the error as it did before.
    func renameCandidates(_ changed: [ChangedPath], oldSide: SnapshotSide, newSide: SnapshotSide, options: SnapshotDiffOptions)
        -> (old: [String: RenameCandidateRead], new: [String: RenameCandidateRead]) {
        let none: (old: [String: RenameCandidateRead], new: [String: RenameCandidateRead]) = ([:], [:])
        if case .workingTree = newSide { return none }
        let threads = options.threads ?? ParallelWork.defaultThreads
        guard threads > 1 else { return none }
        func candidate(_ entry: TreeEntry?) -> TreeEntry? {
            guard let entry, entry.mode == .blob || entry.mode == .executable, !entry.id.isZero, entry.name.hasSuffix(".md") else { return nil }
            return entry
        }
        var removed: [TreeEntry] = [], added: [TreeEntry] = []
        for c in changed {
            if c.new == nil, let old = candidate(c.old) { removed.append(old) }
            if c.old == nil, c.newFile == nil, let new = candidate(c.new) { added.append(new) }
        }
        let removedIDs = Set(removed.map(\.id)), addedIDs = Set(added.map(\.id))
        removed.removeAll { addedIDs.contains($0.id) }
        added.removeAll { removedIDs.contains($0.id) }
        let (pairs, overflow) = removed.count.multipliedReportingOverflow(by: added.count)
        guard pairs > 0, removed.count + added.count >= Self.parallelRenameCandidates else { return none }
        // Over the budget the collector compares only some of the pairs (the same id first, then the same
        // collection): a little over it, that still touches nearly every candidate, and a diff of every entry reads
        // each all the same (each is an entry removed, added or renamed, compared below). Far over it, most words
        // counted here would never be compared (first..last tag of the medium store: 719 x 1,142 candidates, 8 %
        // more CPU when all were counted).
        let withinBudget = !overflow && pairs <= options.maxSimilarityPairs
        let nearBudget = !overflow && pairs <= 4 * options.maxSimilarityPairs && removed.count + added.count <= Self.renameCandidatesReadAhead
        guard withinBudget || options.isUnfiltered && nearBudget else { return none }
        let items = removed.map { (old: true, entry: $0) } + added.map { (old: false, entry: $0) }
        guard let reads = readAhead(items, oldSide: oldSide, newSide: newSide, options: options) else { return none }
        var result = none
        for (item, read) in zip(items, reads) {
            guard let read else { continue }
            if item.old { result.old[item.entry.name] = read } else { result.new[item.entry.name] = read }
        }
        return result
    }

    /// Rename candidates (`entry.name` their path) read and their words counted on one thread per core, each thread
    /// with its own handle on the repository; a candidate that cannot be read is nil (the collector reads it again
    /// and reports the error). Nil when they are read as the collector asks for them: a working tree (read as
    /// `WorkingTreeFile` reads), one thread, fewer than `parallelRenameCandidates`, or no handles for the threads.
    func readAhead(_ items: [(old: Bool, entry: TreeEntry)], oldSide: SnapshotSide, newSide: SnapshotSide,
                   options: SnapshotDiffOptions) -> [RenameCandidateRead?]? {
        if case .workingTree = newSide { return nil }
        let threads = options.threads ?? ParallelWork.defaultThreads
        guard threads > 1, items.count >= Self.parallelRenameCandidates else { return nil }
        if readers == nil { readers = RepositoryPool(like: repository) }
        guard let pool = readers, pool.prepare(threads) else { return nil }
        let versions = (old: Self.version(oldSide), new: Self.version(newSide))
        return parallelMap(items, threads: threads) { item -> RenameCandidateRead? in
            pool.withRepository { repository in
                guard let data = try? repository.blob(item.entry.id, path: item.entry.name, version: item.old ? versions.old : versions.new) else { return nil }
                return RenameCandidateRead(data: data, profile: RenameDetector.WordProfile(data))
            }
        }
    }

    /// Fewer rename candidates than this are read on the calling thread, as the collector asks for them.
    static let parallelRenameCandidates = 16
    /// More candidates than this, with more pairs than the budget, are read as the collector asks for them: what
    /// is read ahead is held until the entries are compared (and more than four times the budget in pairs, see
    /// `renameCandidates`).
    static let renameCandidatesReadAhead = 2_048

    /// Compares two trees entry by entry (`Repository.changedEntries`), descending only into subtrees whose ids
    /// differ. The changes come in the order of the new tree, then the removed entries in the order of the old one.
    func walk(_ old: ObjectID?, _ new: ObjectID?, prefix: String, into changed: inout [ChangedPath]) throws {
        if old == new { return }
        for change in try repository.changedEntries(from: old, to: new) {
            try pair(change.old, change.new, prefix: prefix, into: &changed)
        }
    }

    private func pair(_ o: TreeEntry?, _ n: TreeEntry?, prefix: String, into changed: inout [ChangedPath]) throws {
        let name = (n ?? o)?.name ?? ""
        let path = prefix + name
        let oldTree = o?.mode == .tree ? o?.id : nil, newTree = n?.mode == .tree ? n?.id : nil
        let oldBlob = o?.mode == .tree || o?.mode == .submodule ? nil : o, newBlob = n?.mode == .tree || n?.mode == .submodule ? nil : n
        if oldTree != nil || newTree != nil { try walk(oldTree, newTree, prefix: path + "/", into: &changed) }
        if oldBlob != nil || newBlob != nil {
            changed.append(ChangedPath(path: path, old: oldBlob.map { TreeEntry(name: path, id: $0.id, mode: $0.mode) },
                                       new: newBlob.map { TreeEntry(name: path, id: $0.id, mode: $0.mode) }))
        }
    }

    /// The sections of a collection in a tree (or the working tree): id, order and title from the front matter.
    /// `base`: the sections of the version this tree is compared with, the paths that changed between them, and
    /// whether the base is their old side: then only the changed entries are looked at (a version changes a few of
    /// the strategy's 800 sections).
    private func sections(_ collection: String, tree: ObjectID?, workdir: URL?, titleField: String?, orderField: String,
                          fileLimit: Int = 0,
                          base: (sections: [DocumentSection], changed: [ChangedPath], isOld: Bool)? = nil) throws -> [DocumentSection] {
        var files: [(String, Data)] = []
        if let workdir {
            let folder = workdir.appendingPathComponent(collection)
            for name in (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? [] where name.hasSuffix(".md") {
                // As the entries are read (`WorkingTreeFile`): a link, FIFO or oversized file is no section.
                if let file = try? WorkingTreeFile.read(collection + "/" + name, in: workdir.path, limit: fileLimit).get() {
                    files.append((String(name.dropLast(3)), file.data))
                }
            }
        } else if let tree, let entry = try repository.entry(atPath: collection, inTree: tree), entry.mode == .tree {
            // By tree id, else by blob id: from one version to the next only the changed entries are parsed.
            let listKey = SectionKey(object: entry.id, titleField: titleField, orderField: orderField)
            if let hit = sectionLists.value(for: listKey) { return hit }
            var list: [DocumentSection] = []
            var inOrder = false
            var base = base
            if base == nil, let last = lastSections[collection], last.key.titleField == titleField, last.key.orderField == orderField {
                // No neighbouring version at hand (a changelog's thread starting on versions far from its last):
                // the last list made, patched with what changed in the folder since (a few dozen of 800 entries).
                let prefix = collection + "/"
                let changed = try repository.changedEntries(from: last.key.object, to: entry.id).map { c in
                    ChangedPath(path: prefix + (c.new?.name ?? c.old?.name ?? ""), old: c.old, new: c.new)
                }
                base = (last.list, changed, isOld: true)
            }
            if let base {
                // The base's sections, with the entries directly in the folder that changed taken out, and put back
                // as they are in this tree (a Markdown blob) or not (not there, or not a plain file).
                let prefix = collection + "/"
                var changedIDs = Set<String>()
                var now: [(id: String, blob: ObjectID)] = []
                for c in base.changed where c.path.hasPrefix(prefix) && c.path.hasSuffix(".md") {
                    let name = c.path.dropFirst(prefix.count)
                    guard !name.contains("/") else { continue }
                    let id = String(name.dropLast(3))
                    changedIDs.insert(id)
                    if let n = base.isOld ? c.new : c.old, n.mode == .blob { now.append((id, n.id)) }
                }
                // A version changes a few of hundreds of sections: compared one by one, not hashed for each section.
                let few = changedIDs.count <= 8 ? Array(changedIDs) : nil
                list = base.sections.filter { section in few.map { !$0.contains(section.id) } ?? !changedIDs.contains(section.id) }
                var changedSections: [DocumentSection] = []
                for (id, blob) in now {
                    let info = try sectionInfo(blob: blob, path: prefix + id + ".md", titleField: titleField, orderField: orderField)
                    changedSections.append(DocumentSection(id: id, order: info.order, title: info.title))
                }
                // The base's list is in document order (every list of a tree is, below): the changed sections are put
                // in their places, the others not compared again.
                inOrder = DocumentSection.insert(changedSections, into: &list)
                if !inOrder { list += changedSections }
            } else {
                let files = try repository.tree(entry.id).filter { $0.name.hasSuffix(".md") && $0.mode == .blob }
                var ahead = readSectionsAhead(files, collection: collection, titleField: titleField, orderField: orderField)
                for e in files {
                    let info: SectionInfo
                    if let read = ahead.removeValue(forKey: e.id) {
                        // As `sectionInfo` keeps what it reads.
                        info = read
                        parsed.insert(info, for: SectionKey(object: e.id, titleField: titleField, orderField: orderField))
                    } else {
                        info = try sectionInfo(blob: e.id, path: collection + "/" + e.name, titleField: titleField, orderField: orderField)
                    }
                    list.append(DocumentSection(id: String(e.name.dropLast(3)), order: info.order, title: info.title))
                }
            }
            // In document order already: `DocumentOrder.compare` sorts it again in one pass (a stable merge sort
            // finds one run), and this tree is the next version's old side.
            if !inOrder { list.sort(by: DocumentSection.precedes) }
            let cost = list.reduce(0) { $0 + 96 + $1.id.utf8.count + 3 + ($1.title?.utf8.count ?? 0) }
            sectionLists.insert(list, for: listKey, cost: cost)
            lastSections[collection] = (listKey, list)
            return list
        }
        return files.map { id, data in
            let info = Self.sectionInfo(try? EntryDocument.parse(data), titleField: titleField, orderField: orderField)
            return DocumentSection(id: id, order: info.order, title: info.title)
        }
    }

    /// The order and title of the sections among `files` that `sectionInfo` would read and parse (neither kept nor
    /// parsed by the diff: after a diff of distant versions, the strategy's unchanged entries, about a thousand of the
    /// large store's 7,500), read on one thread per core, by blob id; empty when there are too few for threads, or no
    /// handles for them. A blob that cannot be read here is left out: `sectionInfo` reads it and throws its error.
    private func readSectionsAhead(_ files: [TreeEntry], collection: String, titleField: String?, orderField: String) -> [ObjectID: SectionInfo] {
        let threads = sectionThreads
        var unread: [TreeEntry] = []
        var seen = Set<ObjectID>()
        for e in files where parsed.section(SectionKey(object: e.id, titleField: titleField, orderField: orderField)) == nil
            && parsed.entry(e.id) == nil && seen.insert(e.id).inserted {
            unread.append(e)
        }
        guard threads > 1, unread.count >= Self.parallelSections else { return [:] }
        if readers == nil { readers = RepositoryPool(like: repository) }
        guard let pool = readers, pool.prepare(threads) else { return [:] }
        let infos = parallelMap(unread, threads: threads) { e -> SectionInfo? in
            pool.withRepository { repository in
                guard let data = try? repository.blob(e.id, path: collection + "/" + e.name) else { return nil }
                return Self.sectionInfo(try? EntryDocument.parse(data), titleField: titleField, orderField: orderField)
            }
        }
        var result: [ObjectID: SectionInfo] = [:]
        for (e, info) in zip(unread, infos) { if let info { result[e.id] = info } }
        return result
    }

    /// Fewer sections to read than this are read on the calling thread.
    static let parallelSections = 64

    /// The sections of a collection in `tree` when the differ has them already.
    private func cachedSections(_ collection: String, tree: ObjectID?, titleField: String?, orderField: String) throws -> [DocumentSection]? {
        guard let tree, let entry = try repository.entry(atPath: collection, inTree: tree), entry.mode == .tree else { return nil }
        return sectionLists.value(for: SectionKey(object: entry.id, titleField: titleField, orderField: orderField))
    }

    /// A section's order and title from its blob: cached, else from the entry the diff parsed, else parsed now.
    private func sectionInfo(blob: ObjectID, path: String, titleField: String?, orderField: String) throws -> SectionInfo {
        let key = SectionKey(object: blob, titleField: titleField, orderField: orderField)
        if let hit = parsed.section(key) { return hit }
        let info: SectionInfo
        if let entry = parsed.entry(blob) {
            // Compared in this diff (or a recent one): parsed already.
            info = Self.sectionInfo(entry.problem == nil ? entry.document : nil, titleField: titleField, orderField: orderField)
        } else {
            let data = try repository.blob(blob, path: path)
            info = Self.sectionInfo(try? EntryDocument.parse(data), titleField: titleField, orderField: orderField)
        }
        parsed.insert(info, for: key)
        return info
    }

    /// Order and title of a section (nil: it cannot be read).
    private static func sectionInfo(_ document: EntryDocument?, titleField: String?, orderField: String) -> SectionInfo {
        var order: Double?
        if case .number(let n)? = document?.fields[orderField] { order = n.double }
        let title = document.flatMap { $0.fields[titleField ?? "title"]?.stringValue ?? $0.fields["title"]?.stringValue }
        return SectionInfo(order: order, title: title)
    }
}

/// The private locations of one diff's collections, per side: a side's values are judged by the schema of the
/// version they come from (docs/privacy.md); a side whose configuration or schema cannot be read, by the other side's.
private final class DiffPrivacy {
    let oldTree: ObjectID?, newTree: ObjectID?
    let oldConfig: StoreConfig?, newConfig: StoreConfig?
    let readNewFile: (String) throws -> Data?
    private var found: [String: PrivateLocations?] = [:]

    init(oldTree: ObjectID?, newTree: ObjectID?, oldConfig: StoreConfig?, newConfig: StoreConfig?, readNewFile: @escaping (String) throws -> Data?) {
        self.oldTree = oldTree
        self.newTree = newTree
        self.oldConfig = oldConfig
        self.newConfig = newConfig
        self.readNewFile = readNewFile
    }

    func locations(_ collection: String, old: Bool, _ differ: SnapshotDiffer) -> PrivateLocations {
        side(collection, old: old, differ) ?? side(collection, old: !old, differ) ?? .none
    }

    private func side(_ collection: String, old: Bool, _ differ: SnapshotDiffer) -> PrivateLocations? {
        let key = (old ? "o/" : "n/") + collection
        if let hit = found[key] { return hit }
        var locations: PrivateLocations?
        if let config = old ? oldConfig : newConfig, let path = config.collection(named: collection)?.schema {
            let schemas = config.collections.compactMap(\.schema)
            if old {
                locations = oldTree.flatMap { differ.privateLocations(path, tree: $0, read: nil, schemas: schemas) }
            } else {
                locations = differ.privateLocations(path, tree: newTree, read: newTree == nil ? readNewFile : nil, schemas: schemas)
            }
        }
        found[key] = .some(locations)
        return locations
    }
}

/// The all-zero id libgit2 uses for "no object".
private let zeroID: ObjectID = {
    guard let id = ObjectID(hex: String(repeating: "0", count: 40)) else { preconditionFailure("40 zeros are a valid object id") }
    return id
}()

/// Reads an entry; on failure records the problem and takes the whole text as body.
func parseEntry(_ data: Data, _ problems: inout [String]) -> EntryDocument {
    if data.starts(with: Array("---".utf8)) {
        do {
            return try EntryDocument.parse(data)
        } catch {
            problems.append("\(error)")
        }
    }
    return EntryDocument(fields: [:], body: String(decoding: data, as: UTF8.self))
}

/// The text of the first ATX heading of a Markdown body.
func firstHeading(_ body: String) -> String? {
    firstHeading(MarkdownBlocks.split(body))
}

/// The text of the first ATX heading among a body's blocks (`MarkdownBlocks.split`).
func firstHeading(_ blocks: [MarkdownBlock]) -> String? {
    for block in blocks where block.kind == .heading {
        let line = block.text.split(separator: "\n").first ?? ""
        let text = line.drop { $0 == "#" }.trimmingCharacters(in: .whitespaces)
        if !text.isEmpty { return text }
    }
    return nil
}

extension SnapshotDiffer {
    /// The attachment changes of `collected` by entry (nil when none), with their sizes (object headers; a working-
    /// tree file is read and hashed, so that one moved unchanged with its renamed entry is recognised), limited to
    /// the entries `wants` takes (by either name of a renamed entry).
    static func attachmentChanges(_ collected: CollectedChanges, repository: Repository, workdir: String,
                                  wants: (EntryRef) -> Bool) -> [EntryAttachmentChanges]? {
        guard !collected.attachments.isEmpty else { return nil }
        var sized = collected
        for k in sized.attachments.indices {
            if let id = sized.attachments[k].old?.id, !id.isZero { sized.attachments[k].oldSize = try? repository.objectSize(id) }
            guard sized.attachments[k].new != nil else { continue }
            if let id = sized.attachments[k].new?.id, !id.isZero {
                sized.attachments[k].newSize = try? repository.objectSize(id)
            } else if !workdir.isEmpty, case .success(let file) = WorkingTreeFile.read(sized.attachments[k].path, in: workdir, limit: Int.max - 1) {
                sized.attachments[k].newSize = file.data.count
                sized.attachments[k].new?.id = try? Repository.blobID(of: file.data)
            }
        }
        var renames: [EntryID: EntryID] = [:]
        for change in collected.changes where change.kind == .renamed {
            if let new = change.newEntry, let old = change.oldEntry { renames[new] = old }
        }
        let result = sized.attachmentChanges(renames: renames).sorted { $0.key < $1.key }.compactMap { entry, list -> EntryAttachmentChanges? in
            let names = [entry] + (renames[entry].map { [$0] } ?? [])
            guard names.contains(where: { wants(EntryRef(collection: $0.collection, id: $0.id, path: $0.path)) }) else { return nil }
            return EntryAttachmentChanges(entry: entry, changes: list)
        }
        return result.isEmpty ? nil : result
    }
}

/// What a reference title (`ReferenceTitleResolver`) reads of an entry: of its front matter's fields, those that may
/// be a title (`title` and the collections' title fields, `keys`), each with its text (nil: not a string). An entry
/// the diff parsed without a problem gives the same title from these as from its blob read and parsed again.
package struct TitleValues: Sendable {
    /// Of `keys`, the fields the entry has, with their strings.
    package var fields: [String: String?] = [:]

    init(_ fields: OrderedDictionary<String, JSONValue>, keys: Set<String>) {
        for key in keys { if let value = fields[key] { self.fields[key] = value.stringValue } }
    }

    /// The values of the entries one diff parsed, by blob id, and the keys they were taken for.
    package struct Table: Sendable {
        package var keys: Set<String> = []
        package var values: [ObjectID: TitleValues] = [:]

        package init() {}

        /// The values of `blob` when they hold field `key` (present or not).
        package func values(_ blob: ObjectID, for key: String) -> TitleValues? {
            keys.contains(key) ? values[blob] : nil
        }
    }
}
