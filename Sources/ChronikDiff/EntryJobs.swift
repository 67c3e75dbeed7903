import ChronikStore
import Foundation
import GitKit

// The per-entry phase of a snapshot diff: reading front matter, the field diff, the prose diff and the title. It is
// most of a large diff's time (first..last release of a generated 5,000-entry store: 5,000 entries, 1.2 million words
// of prose) and each entry is independent of the others, so `SnapshotDiffer` collects the entries with their
// contents first (libgit2 reads stay on the calling thread), then compares them here on up to one thread per core,
// and takes the results back in order: the diff is the same, whatever the number of threads (a test checks it).
// The differ's caches are read before and filled after this phase, on the calling thread; nothing here touches them.

/// Where a side of an entry comes from: bytes already read, a blob, or a file of the working tree.
enum EntryContent: Sendable {
    case data(Data)
    case blob(ObjectID)
    /// A file of the working tree: its path below the root, read as `WorkingTreeFile` reads (never through a
    /// symbolic link, never from a FIFO or device, at most `limit` bytes).
    case file(root: String, path: String, limit: Int)
    /// A file of the working tree that was refused, and why (see `WorkingTreeFileError`).
    case refused(String)

    /// The bytes, and why a working-tree file was refused (its bytes are then empty). A blob that cannot be read
    /// (missing or corrupt) is an error naming it and `path`, never an empty side: that would report the entry's
    /// fields and text as removed. A working-tree file that is gone since the tree was compared is empty.
    func load(_ repository: Repository, path: String, version: ObjectID?) throws(UnreadableObjectError) -> (data: Data, refused: String?) {
        switch self {
        case .data(let d): return (d, nil)
        case .blob(let id): return (try repository.blob(id, path: path, version: version), nil)
        case .file(let root, let path, let limit):
            switch WorkingTreeFile.read(path, in: root, limit: limit) {
            case .success(let file): return (file.data, nil)
            case .failure(.missing): return (Data(), nil) // gone since it was listed: as good as empty
            case .failure(let problem): return (Data(), problem.description)
            }
        case .refused(let why): return (Data(), why)
        }
    }

    var isLoaded: Bool {
        if case .data = self { return true }
        return false
    }
}

/// One entry to compare: its contents, and what the differ's cache already had parsed.
struct EntryJob: Sendable {
    var kind: EntryDiff.Kind
    var entry: EntryRef
    var from: EntryRef?
    var similarity: Double?
    var old: EntryContent?
    var new: EntryContent?
    /// Blob ids under which the parsed sides may be cached (nil: not from the object database).
    var oldBlob: ObjectID?
    var newBlob: ObjectID?
    /// The new blob id as the diff reports it.
    var shownNewBlob: ObjectID?
    /// For a modified entry of a document-like collection: that collection (its order field is compared).
    var orderCollection: String?
    var oldParsed: EntryDocument?
    var oldProblem: String?
    var newParsed: EntryDocument?
    var newProblem: String?
    /// Why the new side, a file of the working tree, was not read (a symbolic link, FIFO, oversized file): the
    /// entry is then reported with this problem and nothing else.
    var refused: String?
    /// Listed even when nothing in it changed: an entry whose attachments changed (issue 17), compared for its title.
    var keepsUnchanged = false
}

/// Settings shared by every job of a diff.
struct EntryJobContext: Sendable {
    var prose: ProseDiffOptions
    var orderField: String
    /// Per collection: labels and private fields, and the title field.
    var fieldOptions: [String: FieldDiffOptions] = [:]
    var titleFields: [String: String] = [:]
    /// See `SnapshotDiffOptions.addedAndRemovedProse`.
    var addedAndRemovedProse = true
    /// See `SnapshotDiffOptions.countsOnly`.
    var countsOnly = false
    /// Public output: each side made public (`PublicEntry.redact`) before it is compared, the old side by the private
    /// locations of its collection in the old version, the new side by those in the new one.
    var publicOnly = false
    var privateOld: [String: PrivateLocations] = [:]
    var privateNew: [String: PrivateLocations] = [:]
    /// The versions of the two sides (nil: not a commit), named when a blob cannot be read.
    var oldVersion: ObjectID?
    var newVersion: ObjectID?

    init(prose: ProseDiffOptions, orderField: String) {
        self.prose = prose
        self.orderField = orderField
    }
}

/// What comparing one entry gave: the diff (nil when a modified entry turned out unchanged), and the sides it
/// parsed, for the differ's cache.
struct EntryJobResult: Sendable {
    var diff: EntryDiff?
    /// Sizes of the two sides, in bytes.
    var oldSize = 0
    var newSize = 0
    var orderChanged = false
    var oldParsed: EntryDocument?
    var oldProblem: String?
    var newParsed: EntryDocument?
    var newProblem: String?
    /// See `EntryJob.refused`.
    var refused: String?
    /// Set when the entry's values and words are equal but a side's bytes were not at hand (its parsed form came
    /// from the differ's cache): the bodies compared, for `FormattingChange.classify` once the differ has read the
    /// bytes again. `diff` is then set, with `formatting` still nil.
    var pendingFormatting: (oldBody: String, newBody: String)?
}

extension EntryJob {
    /// Below this much content read already, or this many entries to read, threads cost more than they save.
    static let parallelThreshold = 256 << 10
    static let parallelEntries = 32

    /// Compares every job, on `threads` threads (nil: one per core, at most 8, and one for small diffs), and hands
    /// each result to `consume` on the calling thread, in the order of `jobs`, while the threads compare the next
    /// ones (a window of results is held, not all: a first version adds every entry of the store, and the results
    /// carry the parsed entries, bodies and all, for the differ's cache). Contents not read yet are read by the thread
    /// that compares them, each thread with its own handle on the repository from `pool` (opened on first need; if
    /// that fails, everything is read here first).
    /// Throws the first unreadable object (in the order of `jobs`) before its result or any later one is consumed:
    /// what was consumed came from objects that were read whole, and nothing derived from the failed read reaches
    /// the differ's caches.
    static func run(_ jobs: [EntryJob], context: EntryJobContext, threads: Int?, repository: Repository,
                    pool: inout RepositoryPool?, consume: (EntryJobResult) throws -> Void) throws {
        var workers: Int
        if let threads {
            workers = max(1, min(threads, jobs.count))
        } else {
            var bytes = 0, unread = 0
            for job in jobs {
                for side in job.sidesToRead {
                    switch side {
                    case .data(let d): bytes += d.count
                    case .blob, .file: unread += 1
                    case .refused: break
                    }
                }
            }
            let large = bytes >= parallelThreshold || unread >= 2 * parallelEntries
            workers = large ? min(ParallelWork.defaultThreads, jobs.count) : 1
        }
        var jobs = jobs
        var handles: RepositoryPool?
        if workers > 1, jobs.contains(where: { $0.sidesToRead.contains { !$0.isLoaded } }) {
            if pool == nil { pool = RepositoryPool(like: repository) }
            handles = pool
        }
        // One thread: each entry read as it is compared, so that no more than one entry's content is held beyond
        // what was read already (a first version adds every entry of the store).
        if workers == 1 {
            for job in jobs { try consume(try job.loaded(from: repository, context).compare(context)) }
            return
        }
        if handles?.prepare(workers) == false {
            // No handles for more threads: read here.
            var read: [EntryJob] = []
            for job in jobs { read.append(try job.loaded(from: repository, context)) }
            jobs = read
            handles = nil
        }
        // libcmark-gfm registers its extensions in a global list, once: do it here, before any thread parses.
        MarkdownBlocks.prepare()
        let frozen = jobs, readers = handles
        // The jobs go to the threads in batches: one hand-over (and one wake-up of the calling thread) per batch, not
        // per entry, which cost a fifth of a medium store's first..last diff.
        let size = resultBatch
        try orderedPipeline(count: (frozen.count + size - 1) / size, threads: workers, window: workers * batchesAhead, produce: { _, b in
            let range = b * size..<min(frozen.count, (b + 1) * size)
            guard let readers else { return range.map { Result<EntryJobResult, UnreadableObjectError>.success(frozen[$0].compare(context)) } }
            return readers.withRepository { repository in
                range.map { k in Result { () throws(UnreadableObjectError) in try frozen[k].loaded(from: repository, context).compare(context) } }
            }
        }, consume: { _, results in
            for result in results { try consume(try result.get()) }
        })
    }

    /// How many entries a thread compares at a time, and how many such batches per thread the comparison works ahead
    /// of `consume` (so at most `resultBatch * batchesAhead` results per thread are held).
    static let resultBatch = 32
    static let batchesAhead = 4

    /// The sides whose content the comparison needs: those the differ's cache had not parsed.
    var sidesToRead: [EntryContent] {
        [oldParsed == nil ? old : nil, newParsed == nil ? new : nil].compactMap { $0 }
    }

    /// The job with both sides read; a side the differ's cache had parsed is not read at all (only its parsed form
    /// is compared): in a changelog, a version's old side is mostly the version before's new side.
    func loaded(from repository: Repository, _ context: EntryJobContext) throws(UnreadableObjectError) -> EntryJob {
        var job = self
        if let old {
            job.old = oldParsed == nil ? .data(try old.load(repository, path: (from ?? entry).path, version: context.oldVersion).data) : .data(Data())
        }
        if let side = new {
            if newParsed == nil {
                let loaded = try side.load(repository, path: entry.path, version: context.newVersion)
                job.new = .data(loaded.data)
                if let refused = loaded.refused { job.refused = refused }
            } else {
                job.new = .data(Data())
            }
        }
        return job
    }

    /// The comparison itself (what the differ did per entry before it had threads).
    func compare(_ context: EntryJobContext) -> EntryJobResult {
        var result = EntryJobResult()
        if let refused {
            // Not read: nothing of it is compared or shown, only why.
            result.refused = refused
            result.diff = EntryDiff(kind: kind, entry: entry, from: from, similarity: similarity, title: nil, oldBlob: oldBlob,
                                    newBlob: nil, fields: [], prose: ProseDiff(), problems: [refused])
            return result
        }
        var problems: [String] = []
        // `raw`: the bytes of a side read here (not of one parsed before), for formatting changes.
        func read(_ content: EntryContent?, blob: ObjectID?, parsed: EntryDocument?, problem: String?,
                  into document: inout EntryDocument?, _ cacheProblem: inout String?, size: inout Int, raw: inout Data?) -> EntryDocument? {
            guard let content else { return nil }
            if let parsed {
                // Parsed before: its content was not read (see `loaded(from:)`).
                if let problem { problems.append(problem) }
                return parsed
            }
            guard case .data(let data) = content else { preconditionFailure("contents are read before they are compared") }
            size = data.count
            raw = data
            var found: [String] = []
            var read = parseEntry(data, &found)
            if let blob, !blob.isZero {
                // Source locations are for validation messages; the diff never reads them.
                read.locations = [:]
                document = read
                cacheProblem = found.first
            }
            problems += found
            return read
        }
        var oldBytes: Data?, newBytes: Data?
        var a = read(old, blob: oldBlob, parsed: oldParsed, problem: oldProblem, into: &result.oldParsed, &result.oldProblem,
                     size: &result.oldSize, raw: &oldBytes)
        let oldProblems = problems.count
        var b = read(new, blob: newBlob, parsed: newParsed, problem: newProblem, into: &result.newParsed, &result.newProblem,
                     size: &result.newSize, raw: &newBytes)
        // The sides as stored, before anything private is taken out: whether only the formatting changed is judged
        // on them (a change of a private value is no formatting change, and public output does not show it at all).
        let storedOld = a, storedNew = b
        let oldUnreadable = oldProblems > 0, newUnreadable = problems.count > oldProblems
        let oldPrivacy = context.privateOld[from?.collection ?? entry.collection] ?? .none
        let newPrivacy = context.privateNew[entry.collection] ?? .none
        if context.publicOnly {
            // What is cached above stays whole; what is compared (and so shown) is public. A side whose front matter
            // cannot be read would be diffed as text, private fields and all: where its schema marks anything
            // private, it is shown empty, and the problem (which may quote a value) in general words.
            a = a.map { PublicEntry.redact(oldUnreadable && !oldPrivacy.isEmpty ? EntryDocument(fields: [:], body: "") : $0, oldPrivacy) }
            b = b.map { PublicEntry.redact(newUnreadable && !newPrivacy.isEmpty ? EntryDocument(fields: [:], body: "") : $0, newPrivacy) }
            if oldUnreadable && !oldPrivacy.isEmpty || newUnreadable && !newPrivacy.isEmpty {
                problems = [PublicEntry.unreadable]
            }
        }
        let options = context.fieldOptions[entry.collection] ?? FieldDiffOptions()
        let fields = FieldDiffer.diff(a.map { .object($0.fields) }, b.map { .object($0.fields) }, options: options)
        // The title: the collection's title field, else `title`, else the body's first heading. A private title field
        // gives no title (renderers show the entry's id), not the next best field.
        var title: String?, titleFromHeading = false
        if let shown = b ?? a {
            let key = context.titleFields[entry.collection] ?? "title"
            let hidden = context.publicOnly && (b == nil ? oldPrivacy : newPrivacy).contains([key])
            if !hidden {
                title = shown.fields[key]?.stringValue ?? shown.fields["title"]?.stringValue
                titleFromHeading = title == nil
            }
        }
        // A title from the heading needs the shown side's blocks, which the prose diff splits too: split once.
        let shownBlocks = titleFromHeading ? MarkdownBlocks.split((b ?? a)?.body ?? "") : nil
        let oldBlocks = b == nil ? shownBlocks : nil, newBlocks = b == nil ? nil : shownBlocks
        var prose: ProseDiff
        // Whether the bodies differ (the prose diff has edits); a diff of counts alone has none to tell.
        var proseChanged: Bool
        if !context.addedAndRemovedProse || context.countsOnly, kind == .added || kind == .removed {
            prose = ProseDiff(summary: ProseDiffer.summary(a?.body ?? "", b?.body ?? "", options: context.prose, oldBlocks: oldBlocks, newBlocks: newBlocks))
            proseChanged = !prose.isEmpty
        } else if context.countsOnly,
                  let counted = ProseDiffer.counts(a?.body ?? "", b?.body ?? "", options: context.prose, oldBlocks: oldBlocks, newBlocks: newBlocks),
                  !counted.changed || !counted.summary.isWordForWord || !fields.isEmpty || !problems.isEmpty {
            // Counts alone, where they decide everything below: the bodies are equal, or some word or block changed (no
            // formatting change then), or a field did or a side has a problem. Else (bodies that differ in no word)
            // whether only white space changed needs the edits: the whole diff.
            prose = counted.changed ? ProseDiff(summary: counted.summary) : ProseDiff()
            proseChanged = counted.changed
        } else {
            prose = ProseDiffer.diff(a?.body ?? "", b?.body ?? "", options: context.prose, oldBlocks: oldBlocks, newBlocks: newBlocks)
            proseChanged = !prose.isEmpty
        }
        if orderCollection != nil, a?.fields[context.orderField] != b?.fields[context.orderField] { result.orderChanged = true }
        if let shownBlocks { title = firstHeading(shownBlocks) }
        var formatting: FormattingChange?
        if kind != .added, kind != .removed, fields.isEmpty, problems.isEmpty,
           prose.changesOnlyWhitespace(old: a?.body ?? "", new: b?.body ?? ""), let storedOld, let storedNew,
           !context.publicOnly || FieldDiffer.diff(storedOld.fields, storedNew.fields).isEmpty {
            // Values and words equal: the bytes tell whether the way it is written changed (a modified entry's
            // bytes always differ, but for a change of the file mode alone).
            if let oldBytes, let newBytes {
                formatting = FormattingChange.classify(old: oldBytes, new: newBytes, oldBody: storedOld.body, newBody: storedNew.body)
            } else if oldBlob == nil || oldBlob != newBlob {
                result.pendingFormatting = (storedOld.body, storedNew.body)
            }
        }
        if kind == .modified, fields.isEmpty, !proseChanged, problems.isEmpty, formatting == nil, result.pendingFormatting == nil, !keepsUnchanged { return result }
        result.diff = EntryDiff(kind: kind, entry: entry, from: from, similarity: similarity, title: title,
                                oldBlob: oldBlob, newBlob: shownNewBlob, fields: fields, prose: prose, problems: problems, formatting: formatting)
        return result
    }
}

extension ProseSummary {
    /// No word and no block came, went or moved (blocks may have changed in white space alone): the case in which
    /// `ProseDiff.changesOnlyWhitespace` looks at the edits.
    var isWordForWord: Bool { wordsAdded == 0 && wordsRemoved == 0 && blocksAdded == 0 && blocksRemoved == 0 && blocksMoved == 0 }
}

extension ProseDiff {
    /// True when no word changed between `old` and `new` (the bodies this diff was made from): every edit replaces
    /// white space (spaces, tabs, line breaks, line endings) with white space next to white space or at an end of the
    /// text, so that no word is split or joined, and no block came, went or moved. True for no edits at all.
    func changesOnlyWhitespace(old: String, new: String) -> Bool {
        guard summary.isWordForWord else { return false }
        func blank(_ text: String) -> Bool { text.utf8.allSatisfy { $0 == 0x20 || $0 == 0x09 || $0 == 0x0A || $0 == 0x0D } }
        let oldBytes = Array(old.utf8), newBytes = Array(new.utf8)
        /// White space or an end of the text just before `start` or just after `end` (byte offsets).
        func spaced(_ bytes: [UInt8], _ start: Int, _ end: Int) -> Bool {
            func isBlank(_ k: Int) -> Bool { k < 0 || k >= bytes.count || [0x20, 0x09, 0x0A, 0x0D].contains(bytes[k]) }
            return isBlank(start - 1) || isBlank(end)
        }
        return edits.allSatisfy { e in
            guard blank(e.deleted), blank(e.inserted) else { return false }
            // Spaces added between two characters (or taken from between them) split (or join) a word.
            if e.deleted.isEmpty { return spaced(oldBytes, e.oldOffset, e.oldOffset) }
            if e.inserted.isEmpty { return spaced(newBytes, e.newOffset, e.newOffset) }
            return true
        }
    }
}

/// Handles on one repository for several threads: each thread borrows one for a job and gives it back. libgit2
/// objects are used from one thread at a time (libgit2's THREADING.md), so each thread reads through its own
/// `git_repository`, with its own caches; the handles are opened once and kept by the differ.
final class RepositoryPool: @unchecked Sendable {
    /// Opens one more handle (`Repository.anotherHandle` of the differ's repository).
    private let open: () throws -> Repository
    private let lock = NSLock()
    // Guarded by `lock`.
    private var idle: [Repository] = []
    private var opened = 0

    /// Handles opened as `repository` was (`Repository.anotherHandle`): GitKit's own when it found the repository
    /// itself, so that reading through them does not start libgit2.
    init(like repository: Repository) {
        open = { [repository] in try repository.anotherHandle() }
    }

    /// Opens handles until there are `count`; false if one cannot be opened.
    func prepare(_ count: Int) -> Bool {
        lock.lock()
        defer { lock.unlock() }
        while opened < count {
            guard let repository = try? open() else { return false }
            idle.append(repository)
            opened += 1
        }
        return true
    }

    /// Runs `body` with a handle no other thread uses meanwhile.
    func withRepository<R>(_ body: (Repository) -> R) -> R {
        lock.lock()
        let repository = idle.popLast()
        lock.unlock()
        // `prepare` opened one per thread, so there is always one idle.
        guard let repository else { preconditionFailure("a repository handle per thread") }
        defer {
            lock.lock()
            idle.append(repository)
            lock.unlock()
        }
        return body(repository)
    }
}
