import Dispatch
import Foundation
import Synchronization

// Parallel work for the few places where it is large and independent: a big diff's entries (ChronikDiff) and a
// store's entries to validate (ChronikSchema). Results always come back in input order, so output never depends on
// the number of threads.

/// `items.map(transform)` on `threads` threads (each takes the next item until none is left); the results are in
/// the order of `items`. With one thread (or one item), a plain `map` on the calling thread.
///
/// `batch`: how many consecutive items a thread takes at a time (the last take may be shorter). Many small items
/// (a cold `chronik validate`'s 5,000 entries, some microseconds each) taken one by one made the threads take turns
/// at the counter's cache line and write their results into the same cache lines of the array returned; a batch
/// of a few keeps both apart, at the price of a few items of imbalance at the end.
///
/// Inlinable, so that a caller in another module gets it specialised for its types: unspecialised, every result was
/// moved into its place and destroyed through the runtime's generic value witnesses (`tuple_initializeWithTake`,
/// `tuple_destroy` for a cold `chronik validate`'s 5,000 checked entries).
@inlinable
public func parallelMap<T: Sendable, R: Sendable>(_ items: [T], threads: Int, batch: Int = 1, _ transform: @Sendable (T) -> R) -> [R] {
    let workers = max(1, min(threads, items.count))
    if workers == 1 { return items.map(transform) }
    // Each result is made in its place in the array returned: collecting them from slots of their own moved every
    // result once more on the calling thread (the checked entries of a cold `chronik validate`, 5,000 of them, on
    // its serial end). Every index is taken exactly once, and `concurrentPerform` returns after every iteration.
    return [R](unsafeUninitializedCapacity: items.count) { buffer, initialized in
        let slots = ResultSlots(base: buffer.baseAddress!)
        let next = ParallelMapCounter()
        let batch = max(1, batch)
        DispatchQueue.concurrentPerform(iterations: workers) { _ in
            while true {
                let first = next.take(batch)
                guard first < items.count else { return }
                for k in first..<min(first + batch, items.count) {
                    slots.initialize(k, to: transform(items[k]))
                }
            }
        }
        initialized = items.count
    }
}

/// How many threads large, independent work uses.
public enum ParallelWork {
    /// One per core, at most 8.
    public static var defaultThreads: Int { max(1, min(ProcessInfo.processInfo.activeProcessorCount, 8)) }

    /// For work of about `bytes` bytes: one thread below `minimum`, else `defaultThreads`.
    public static func threads(forBytes bytes: Int, minimum: Int) -> Int {
        bytes < minimum ? 1 : defaultThreads
    }
}

/// The next job to take, shared by the threads.
@usableFromInline
final class ParallelMapCounter: Sendable {
    private let value = Atomic<Int>(0)

    @usableFromInline
    init() {}

    @usableFromInline
    func take(_ count: Int = 1) -> Int { value.add(count, ordering: .relaxed).oldValue }
}

/// The results' places in the array `parallelMap` returns, each initialized by exactly one thread.
@usableFromInline
struct ResultSlots<Result>: @unchecked Sendable {
    @usableFromInline
    let base: UnsafeMutablePointer<Result>

    @usableFromInline
    init(base: UnsafeMutablePointer<Result>) {
        self.base = base
    }

    @inlinable
    func initialize(_ index: Int, to result: Result) {
        (base + index).initialize(to: result)
    }
}

// MARK: - An ordered pipeline

/// Produces `count` results on `threads` worker threads and hands them to `consume` on the calling thread in order
/// (0, 1, 2, ...), while the workers already produce the next ones: a changelog diffs and renders later groups while
/// the calling thread writes the earlier ones. Workers take `chunk` consecutive items at a time (consecutive versions
/// share most of their objects, and a worker keeps its caches), and never work more than `window` items ahead of the
/// consumer, so at most about `window` results are held at once, whatever `count` is.
///
/// `produce(worker, item)` runs on worker `worker` (0..<threads); what a worker keeps between items it keeps in its
/// own slot (see `WorkerSlots`). With one thread, or fewer than two items, everything runs on the calling thread as a
/// plain loop, with worker 0. If `consume` throws, the workers stop after their current item, and the error is
/// rethrown once they have.
///
/// `first`: items to produce before the others, whatever the window: a few items known to be much larger than the
/// rest (a changelog's first version, which adds every entry) would otherwise be produced last, by one thread alone
/// while the others have nothing left to do.
@discardableResult
public func orderedPipeline<R: Sendable>(count: Int, threads: Int, window: Int, chunk: Int = 1, first: [Int] = [],
                                         produce: @escaping @Sendable (_ worker: Int, _ item: Int) -> R,
                                         consume: (_ item: Int, R) throws -> Void) rethrows -> PipelineStatistics {
    let workers = max(1, min(threads, count))
    guard workers > 1 else {
        for k in 0..<count { try consume(k, produce(0, k)) }
        return PipelineStatistics(threads: 1, peakOutstanding: count > 0 ? 1 : 0)
    }
    let state = PipelineState<R>(count: count, workers: workers, window: max(window, 1), chunk: max(chunk, 1),
                                 first: first.filter { (0..<count).contains($0) })
    let finished = DispatchGroup()
    for w in 0..<workers {
        finished.enter()
        // Threads of their own (not Dispatch's pool, whose threads have small stacks): parsing nested Markdown and
        // YAML recurses.
        let thread = Thread {
            defer { finished.leave() }
            while let k = state.next(worker: w) {
                state.put(produce(w, k), at: k)
            }
        }
        thread.stackSize = 8 << 20
        thread.start()
    }
    defer {
        state.cancel()
        finished.wait()
    }
    for k in 0..<count {
        try consume(k, state.take(k))
    }
    return PipelineStatistics(threads: workers, peakOutstanding: state.peakOutstanding)
}

/// What an `orderedPipeline` run did.
public struct PipelineStatistics: Sendable, Hashable {
    /// Threads that produced (1: the calling thread alone).
    public var threads: Int
    /// The most items taken by workers and not consumed yet, at any time (in production or waiting).
    public var peakOutstanding: Int
}

/// Per-worker values for `orderedPipeline`, made on the calling thread before the workers start: worker `w` alone
/// uses value `w` (libgit2 handles, for one, are used from one thread at a time), so the slots need no lock.
public final class WorkerSlots<Value>: @unchecked Sendable {
    private let values: [Value]

    public init(_ values: [Value]) {
        precondition(!values.isEmpty, "a value per worker")
        self.values = values
    }

    public var count: Int { values.count }

    public subscript(worker: Int) -> Value { values[worker] }
}

/// The shared state of an `orderedPipeline`, guarded by one condition variable.
private final class PipelineState<R: Sendable>: @unchecked Sendable {
    private let condition = NSCondition()
    private let count: Int
    private let window: Int
    private let chunk: Int
    // Guarded by `condition`.
    private var results: [Int: R] = [:]
    private var nextChunk = 0
    private var consumed = 0
    private var cancelled = false
    private var outstanding = 0
    private(set) var peakOutstanding = 0
    /// Per worker: the rest of its current chunk.
    private var chunks: [Range<Int>]
    /// Items to produce first (taken from the end), and all of them (skipped in order).
    private var early: [Int]
    private let earlySet: Set<Int>

    init(count: Int, workers: Int, window: Int, chunk: Int, first: [Int]) {
        self.count = count
        self.window = window
        self.chunk = chunk
        chunks = Array(repeating: 0..<0, count: workers)
        early = Array(Set(first).sorted().reversed())
        earlySet = Set(first)
    }

    /// The next item for the calling worker, once it is within the window; nil when there is none or the pipeline
    /// was cancelled.
    func next(worker: Int) -> Int? {
        condition.lock()
        defer { condition.unlock() }
        if !cancelled, let item = early.popLast() {
            outstanding += 1
            peakOutstanding = max(peakOutstanding, outstanding)
            return item
        }
        var item: Int
        repeat {
            guard let taken = nextInOrder(worker) else { return nil }
            item = taken
        } while earlySet.contains(item)
        // The item `consumed` is always in some worker's hands and never waits, so this cannot deadlock.
        while !cancelled, item >= consumed + window { condition.wait() }
        guard !cancelled else { return nil }
        outstanding += 1
        peakOutstanding = max(peakOutstanding, outstanding)
        return item
    }

    /// The next item of the worker's chunk, or the first of a new chunk; nil when all are taken.
    private func nextInOrder(_ worker: Int) -> Int? {
        let item: Int
        if let pending = chunks[worker].first {
            item = pending
            chunks[worker] = chunks[worker].dropFirst()
        } else {
            guard nextChunk < count else { return nil }
            item = nextChunk
            nextChunk = min(nextChunk + chunk, count)
            chunks[worker] = item + 1..<nextChunk
        }
        return item
    }

    func put(_ result: R, at item: Int) {
        condition.lock()
        results[item] = result
        // Only the consumer waits for a result, and only for the next one in order (workers wait for `consumed`).
        if item == consumed { condition.broadcast() }
        condition.unlock()
    }

    func take(_ item: Int) -> R {
        condition.lock()
        defer { condition.unlock() }
        while results[item] == nil { condition.wait() }
        guard let result = results.removeValue(forKey: item) else { preconditionFailure("a result was stored") }
        consumed = item + 1
        outstanding -= 1
        condition.broadcast()
        return result
    }

    func cancel() {
        condition.lock()
        cancelled = true
        condition.broadcast()
        condition.unlock()
    }
}
