import Testing
@testable import ChronikStore

@Test func parallelMapKeepsOrderAndEveryItem() {
    var random = SplitMix64(seed: 7)
    let items = (0..<5_000).map { _ in Int(random.next() % 1_000) }
    for threads in [1, 2, 3, 8, 64] {
        #expect(parallelMap(items, threads: threads) { $0 * 3 + 1 } == items.map { $0 * 3 + 1 })
    }
    #expect(parallelMap([Int](), threads: 4) { $0 } == [])
}
