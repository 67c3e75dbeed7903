import ChronikStore
import Testing
@testable import ChronikDiff

/// Rebuilds b from a and the runs, and counts the edits.
private func check(_ a: [Int], _ b: [Int], _ runs: [DiffRun]) -> (ok: Bool, edits: Int) {
    var rebuilt: [Int] = []
    var edits = 0
    var ai = 0, bi = 0
    for run in runs {
        guard run.a.lowerBound == ai, run.b.lowerBound == bi else { return (false, 0) }
        switch run.operation {
        case .equal:
            guard Array(a[run.a]) == Array(b[run.b]) else { return (false, 0) }
            rebuilt += a[run.a]
        case .delete: edits += run.a.count
        case .insert: rebuilt += b[run.b]; edits += run.b.count
        }
        ai = run.a.upperBound
        bi = run.b.upperBound
    }
    return (rebuilt == b && ai == a.count && bi == b.count, edits)
}

/// The edit distance (insertions + deletions) by dynamic programming over the LCS.
private func distance(_ a: [Int], _ b: [Int]) -> Int {
    var row = [Int](repeating: 0, count: b.count + 1)
    for i in 1...max(a.count, 1) where a.count > 0 {
        var prev = 0
        for j in 1...max(b.count, 1) where b.count > 0 {
            let saved = row[j]
            row[j] = a[i - 1] == b[j - 1] ? prev + 1 : max(row[j], row[j - 1])
            prev = saved
        }
    }
    return a.count + b.count - 2 * row[b.count]
}

@Test func myersIsMinimalAndCorrect() {
    var rng = SplitMix64(seed: 0x5EED)
    for round in 0..<400 {
        let n = Int.random(in: 0...40, using: &rng), m = Int.random(in: 0...40, using: &rng)
        let alphabet = Int.random(in: 1...6, using: &rng)
        let a = (0..<n).map { _ in Int.random(in: 0..<alphabet, using: &rng) }
        let b = (0..<m).map { _ in Int.random(in: 0..<alphabet, using: &rng) }
        let exact = check(a, b, Myers.diff(a, b, costLimit: Int.max))
        #expect(exact.ok, "round \(round) (seed 0x5EED)")
        #expect(exact.edits == distance(a, b), "round \(round) (seed 0x5EED): not minimal")
        // With a tiny cost limit the script is still correct.
        let rough = check(a, b, Myers.diff(a, b, costLimit: 1))
        #expect(rough.ok, "round \(round) (seed 0x5EED), cost limit 1")
    }
}

@Test func myersEdgeCases() {
    #expect(Myers.diff([], []).isEmpty)
    #expect(Myers.diff([1, 2], [1, 2]) == [DiffRun(operation: .equal, a: 0..<2, b: 0..<2)])
    #expect(Myers.diff([], [1]) == [DiffRun(operation: .insert, a: 0..<0, b: 0..<1)])
    #expect(Myers.diff([1], []) == [DiffRun(operation: .delete, a: 0..<1, b: 0..<0)])
    #expect(check([1, 2, 3, 4], [5, 6], Myers.diff([1, 2, 3, 4], [5, 6])).ok)
}

/// The search over elements numbered densely in 32 bits takes the same steps as the search over the elements as
/// given in 64 bits (the reference): the same changes, exact and under cost limits, on seeded random sequences of
/// large and negative values, word-like texts of a small vocabulary (two unrelated texts, and edited copies) and
/// sequences with elements only one side has.
@Test(arguments: [UInt64(1), 0x5EED, 2026])
func narrowSearchTakesTheStepsOfTheWideOne(seed: UInt64) {
    var rng = SplitMix64(seed: seed)
    func text(_ count: Int, vocabulary: Int) -> [Int] {
        (0..<count).map { _ in
            // Skewed towards the first words, as function words are.
            let r = Double(Int.random(in: 0..<1_000_000, using: &rng)) / 1_000_000
            return Int(r * r * r * Double(vocabulary))
        }
    }
    for index in 0..<120 {
        var a: [Int], b: [Int]
        switch index % 4 {
        case 0:
            a = text(Int.random(in: 0...400, using: &rng), vocabulary: 60)
            b = text(Int.random(in: 0...400, using: &rng), vocabulary: 60)
        case 1:
            a = text(Int.random(in: 1...600, using: &rng), vocabulary: 200)
            b = a
            for _ in 0..<Int.random(in: 0...40, using: &rng) { b[Int.random(in: 0..<b.count, using: &rng)] = Int.random(in: 0..<250, using: &rng) }
            b.insert(contentsOf: text(Int.random(in: 0...50, using: &rng), vocabulary: 200), at: Int.random(in: 0...b.count, using: &rng))
        case 2:
            let pool = (0..<30).map { _ in Int.random(in: Int.min...Int.max, using: &rng) }
            a = (0..<Int.random(in: 0...200, using: &rng)).map { _ in pool[Int.random(in: 0..<pool.count, using: &rng)] }
            b = (0..<Int.random(in: 0...200, using: &rng)).map { _ in pool[Int.random(in: 0..<pool.count, using: &rng)] }
        default:
            a = text(Int.random(in: 0...300, using: &rng), vocabulary: 40).map { $0 * 2 } // even: some only in a
            b = text(Int.random(in: 0...300, using: &rng), vocabulary: 40).map { $0 % 3 == 0 ? $0 * 2 : $0 * 2 + 1 }
        }
        for limit in [nil, Int.max, 1, 7, 40] as [Int?] {
            let narrow = Myers.changes(a, b, costLimit: limit, narrow: true)
            let wide = Myers.changes(a, b, costLimit: limit, narrow: false)
            #expect(narrow.a == wide.a && narrow.b == wide.b, "seed \(seed), case \(index), limit \(String(describing: limit))")
        }
    }
}
