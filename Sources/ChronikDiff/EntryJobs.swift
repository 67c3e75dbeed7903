import ChronikStore
import Dispatch
import Foundation
import GitKit
import Synchronization

// The per-entry phase of a snapshot diff: reading front matter, the field diff, the prose diff and the title. It is
// most of a large diff's time (first..last release of a generated 5,000-entry store: 5,000 entries, 1.2 million words
// of prose) and each entry is independent of the others, so `SnapshotDiffer` collects the entries with their
// contents first (libgit2 reads stay on the calling thread), then compares them here on up to one thread per core,
// and takes the results back in order: the diff is the same, whatever the number of threads (a test checks it).
// The differ's caches are read before and filled after this phase, on the calling thread; nothing here touches them.

/// One entry to compare: its contents, and what the differ's cache already had parsed.
struct EntryJob: Sendable {
    var kind: EntryDiff.Kind
    var entry: EntryRef
    var from: EntryRef?
    var similarity: Double?
    var old: Data?
    var new: Data?
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
}

/// Settings shared by every job of a diff.
struct EntryJobContext: Sendable {
    var prose: ProseDiffOptions
    var orderField: String
    /// Per collection: labels and private fields, and the title field.
    var fieldOptions: [String: FieldDiffOptions] = [:]
    var titleFields: [String: String] = [:]

    init(prose: ProseDiffOptions, orderField: String) {
        self.prose = prose
        self.orderField = orderField
    }
}

/// What comparing one entry gave: the diff (nil when a modified entry turned out unchanged), and the sides it
/// parsed, for the differ's cache.
struct EntryJobResult: Sendable {
    var diff: EntryDiff?
    var orderChanged = false
    var oldParsed: EntryDocument?
    var oldProblem: String?
    var newParsed: EntryDocument?
    var newProblem: String?
}

extension EntryJob {
    /// Below this much content, threads cost more than they save.
    static let parallelThreshold = 256 << 10

    /// Compares every job, on `threads` threads (nil: one per core, at most 8, and one for small diffs). Results are
    /// in the order of `jobs`.
    static func run(_ jobs: [EntryJob], context: EntryJobContext, threads: Int?) -> [EntryJobResult] {
        let workers: Int
        if let threads {
            workers = max(1, min(threads, jobs.count))
        } else {
            let bytes = jobs.reduce(0) { $0 + ($1.old?.count ?? 0) + ($1.new?.count ?? 0) }
            workers = min(threadCount(forBytes: bytes, minimum: parallelThreshold), jobs.count)
        }
        // libcmark-gfm registers its extensions in a global list, once: do it here, before any thread parses.
        if workers > 1 { MarkdownBlocks.prepare() }
        return parallelMap(jobs, threads: workers) { $0.compare(context) }
    }

    /// The comparison itself (what the differ did per entry before it had threads).
    func compare(_ context: EntryJobContext) -> EntryJobResult {
        var result = EntryJobResult()
        var problems: [String] = []
        func read(_ data: Data?, blob: ObjectID?, parsed: EntryDocument?, problem: String?,
                  into document: inout EntryDocument?, _ cacheProblem: inout String?) -> EntryDocument? {
            guard let data else { return nil }
            if let parsed {
                if let problem { problems.append(problem) }
                return parsed
            }
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
        let a = read(old, blob: oldBlob, parsed: oldParsed, problem: oldProblem, into: &result.oldParsed, &result.oldProblem)
        let b = read(new, blob: newBlob, parsed: newParsed, problem: newProblem, into: &result.newParsed, &result.newProblem)
        let options = context.fieldOptions[entry.collection] ?? FieldDiffOptions()
        let fields = FieldDiffer.diff(a.map { .object($0.fields) }, b.map { .object($0.fields) }, options: options)
        let prose = ProseDiffer.diff(a?.body ?? "", b?.body ?? "", options: context.prose)
        if orderCollection != nil, a?.fields[context.orderField] != b?.fields[context.orderField] { result.orderChanged = true }
        var title: String?
        if let shown = b ?? a {
            let key = context.titleFields[entry.collection] ?? "title"
            title = shown.fields[key]?.stringValue ?? shown.fields["title"]?.stringValue ?? firstHeading(shown.body)
        }
        if kind == .modified, fields.isEmpty, prose.isEmpty, problems.isEmpty { return result }
        result.diff = EntryDiff(kind: kind, entry: entry, from: from, similarity: similarity, title: title,
                                oldBlob: oldBlob, newBlob: shownNewBlob, fields: fields, prose: prose, problems: problems)
        return result
    }
}

/// `items.map(transform)` on `threads` threads (each takes the next item until none is left); the results are in
/// the order of `items`. With one thread (or one item), a plain `map` on the calling thread.
func parallelMap<T: Sendable, R: Sendable>(_ items: [T], threads: Int, _ transform: @Sendable (T) -> R) -> [R] {
    let workers = max(1, min(threads, items.count))
    if workers == 1 { return items.map(transform) }
    let slots = ResultSlots<R>(count: items.count)
    defer { slots.deallocate() }
    let next = Counter()
    DispatchQueue.concurrentPerform(iterations: workers) { _ in
        while true {
            let k = next.take()
            guard k < items.count else { return }
            slots.store(transform(items[k]), at: k)
        }
    }
    return slots.collect()
}

/// How many threads to use for work of about `bytes` bytes: one below `minimum`, else one per core (at most 8).
func threadCount(forBytes bytes: Int, minimum: Int) -> Int {
    bytes < minimum ? 1 : max(1, min(ProcessInfo.processInfo.activeProcessorCount, 8))
}

/// The next job to take, shared by the threads.
private final class Counter: Sendable {
    private let value = Atomic<Int>(0)
    func take() -> Int { value.add(1, ordering: .relaxed).oldValue }
}

/// One slot per job, each written by exactly one thread and read after all have finished.
private struct ResultSlots<Result>: @unchecked Sendable {
    private let base: UnsafeMutablePointer<Result>
    private let filled: UnsafeMutablePointer<Bool>
    let count: Int

    init(count: Int) {
        self.count = count
        base = .allocate(capacity: count)
        filled = .allocate(capacity: count)
        filled.initialize(repeating: false, count: count)
    }

    func store(_ result: Result, at index: Int) {
        (base + index).initialize(to: result)
        filled[index] = true
    }

    func collect() -> [Result] {
        (0..<count).map { k in
            precondition(filled[k], "every job has a result")
            return (base + k).move()
        }
    }

    func deallocate() {
        base.deallocate()
        filled.deallocate()
    }
}
