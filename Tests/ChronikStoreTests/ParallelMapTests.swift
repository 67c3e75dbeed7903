import Testing
import Foundation
import Synchronization
@testable import ChronikStore

@Test func parallelMapKeepsOrderAndEveryItem() {
    var random = SplitMix64(seed: 7)
    let items = (0..<5_000).map { _ in Int(random.next() % 1_000) }
    for threads in [1, 2, 3, 8, 64] {
        #expect(parallelMap(items, threads: threads) { $0 * 3 + 1 } == items.map { $0 * 3 + 1 })
        // Taken in batches, the last one short or the whole list in one.
        for batch in [0, 2, 3, 8, 64, 4_999, 5_000, 10_000] {
            #expect(parallelMap(items, threads: threads, batch: batch) { $0 * 3 + 1 } == items.map { $0 * 3 + 1 }, "batch \(batch)")
        }
    }
    #expect(parallelMap([Int](), threads: 4) { $0 } == [])
    #expect(parallelMap([Int](), threads: 4, batch: 8) { $0 } == [])
}

/// Results made in their places (`parallelMap` initializes the array it returns from the worker threads): values
/// with references and strings, work of uneven seeded sizes so that threads finish out of order, and every result
/// freed exactly once with the array.
@Test func parallelMapMakesEachResultOnceInItsPlace() {
    final class Freed: Sendable {
        let count = Atomic<Int>(0)
    }
    final class Token: Sendable {
        let k: Int
        let freed: Freed
        init(_ k: Int, _ freed: Freed) {
            self.k = k
            self.freed = freed
        }
        deinit { freed.count.add(1, ordering: .relaxed) }
    }
    for (threads, count, batch) in [(2, 5_000, 1), (3, 2, 1), (8, 777, 1), (64, 100, 1), (2, 5_000, 8), (3, 777, 5), (8, 100, 64)] {
        let freed = Freed()
        do {
            let results = parallelMap(Array(0..<count), threads: threads, batch: batch) { k -> (String, [Int], Token) in
                var random = SplitMix64(seed: UInt64(k))
                var sum = 0
                for _ in 0..<Int(random.next() % 3_000) { sum = sum &+ Int(truncatingIfNeeded: random.next() % 7) }
                return ("entry-\(k)-" + String(repeating: "x", count: k % 40), [k, sum % 3], Token(k, freed))
            }
            #expect(results.count == count)
            #expect(results.map(\.0) == (0..<count).map { "entry-\($0)-" + String(repeating: "x", count: $0 % 40) })
            #expect(results.map { $0.1[0] } == Array(0..<count))
            #expect(results.map(\.2.k) == Array(0..<count))
            #expect(freed.count.load(ordering: .relaxed) == 0)
        }
        #expect(freed.count.load(ordering: .relaxed) == count, "threads \(threads), count \(count), batch \(batch)")
    }
}

@Suite struct OrderedPipelineTests {
    /// Per item, a little busy work of a seeded size, so that threads finish out of order.
    private static func work(_ k: Int, seed: UInt64) -> Int {
        var random = SplitMix64(seed: seed &+ UInt64(k))
        var sum = 0
        for _ in 0..<Int(random.next() % 2_000) { sum = sum &+ Int(truncatingIfNeeded: random.next() % 7) }
        return k &* 31 &+ sum % 3
    }

    @Test func consumesEveryItemInOrderWhateverTheThreadsChunksAndWindow() {
        let count = 700
        let expected = (0..<count).map { Self.work($0, seed: 11) }
        for (threads, chunk, window, first) in [(1, 1, 1, [Int]()), (2, 1, 1, []), (2, 8, 32, [count - 1]), (3, 5, 4, [0, 350, 699]),
                                                (8, 3, 100, [12]), (4, 64, 2, [])] {
            var seen: [Int] = []
            var items: [Int] = []
            let stats = orderedPipeline(count: count, threads: threads, window: window, chunk: chunk, first: first,
                                        produce: { _, k in Self.work(k, seed: 11) }, consume: { k, value in
                items.append(k)
                seen.append(value)
            })
            #expect(items == Array(0..<count), "threads \(threads), chunk \(chunk), window \(window)")
            #expect(seen == expected, "threads \(threads), chunk \(chunk), window \(window)")
            #expect(stats.threads == threads)
            // Never more than the window ahead of the consumer, plus the items taken first.
            #expect(stats.peakOutstanding <= window + first.count + threads, "threads \(threads), window \(window): \(stats.peakOutstanding)")
        }
    }

    @Test func eachWorkerUsesOnlyItsOwnSlot() {
        // A worker's slot is a counter no other thread touches: the counts add up to the items, with no lock.
        final class Tally { var items = 0 }
        let slots = WorkerSlots((0..<4).map { _ in Tally() })
        orderedPipeline(count: 1_000, threads: 4, window: 16, chunk: 4, produce: { w, k in
            slots[w].items += 1
            return k
        }, consume: { _, _ in })
        #expect((0..<4).map { slots[$0].items }.reduce(0, +) == 1_000)
    }

    @Test func anErrorOfTheConsumerStopsTheWorkersAndIsRethrown() {
        struct Stop: Error {}
        let produced = Produced()
        #expect(throws: Stop.self) {
            try orderedPipeline(count: 10_000, threads: 3, window: 8, chunk: 2, produce: { _, k in
                produced.add()
                return k
            }, consume: { k, _ in
                if k == 20 { throw Stop() }
            })
        }
        // The workers stopped near the window, far from the end (and the pipeline returned: none is left waiting).
        #expect(produced.count < 20 + 8 + 3 * 2 + 3)
    }

    @Test func noItemsAndOneItem() {
        var consumed: [Int] = []
        let none = orderedPipeline(count: 0, threads: 4, window: 4, produce: { _, k in k }, consume: { k, _ in consumed.append(k) })
        #expect(consumed.isEmpty && none.peakOutstanding == 0)
        let one = orderedPipeline(count: 1, threads: 4, window: 4, produce: { w, k in w * 10 + k }, consume: { _, v in consumed.append(v) })
        #expect(consumed == [0] && one.threads == 1)
    }
}

/// A count shared by threads.
private final class Produced: @unchecked Sendable {
    private let lock = NSLock()
    private var value = 0
    var count: Int { lock.withLock { value } }
    func add() { lock.withLock { value += 1 } }
}
