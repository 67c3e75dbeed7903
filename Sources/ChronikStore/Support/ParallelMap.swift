import Dispatch
import Foundation
import Synchronization

// Parallel work for the few places where it is large and independent: a big diff's entries (ChronikDiff) and a
// store's entries to validate (ChronikSchema). Results always come back in input order, so output never depends on
// the number of threads.

/// `items.map(transform)` on `threads` threads (each takes the next item until none is left); the results are in
/// the order of `items`. With one thread (or one item), a plain `map` on the calling thread.
public func parallelMap<T: Sendable, R: Sendable>(_ items: [T], threads: Int, _ transform: @Sendable (T) -> R) -> [R] {
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
