import ChronikStore
import Testing

// `Checksum.of(_:after:count:tail:)` (inc15s): the sum of a file with bytes added at its end, from the file's sum, its
// length and its last `count % 8` bytes, is the sum `of` gives over the whole, for every split and length.
@Suite struct ChecksumContinuedTests {
    private static func of(_ bytes: [UInt8]) -> UInt64 { bytes.withUnsafeBytes { Checksum.of($0) } }

    private static func continued(_ first: [UInt8], _ more: [UInt8]) -> UInt64 {
        let tail = Array(first.suffix(first.count % 8))
        return more.withUnsafeBytes { m in tail.withUnsafeBytes { t in Checksum.of(m, after: of(first), count: first.count, tail: t) } }
    }

    @Test func aSumContinuedIsTheSumOfTheWhole() {
        var random = SplitMix64(seed: 1715)
        for round in 0..<4_000 {
            let whole = (0..<Int(random.next() % (round < 2_000 ? 40 : 700))).map { _ in UInt8(truncatingIfNeeded: random.next()) }
            let split = whole.isEmpty ? 0 : Int(random.next() % UInt64(whole.count + 1))
            let first = Array(whole[..<split]), more = Array(whole[split...])
            #expect(Self.continued(first, more) == Self.of(whole), "round \(round): \(first.count) + \(more.count) bytes")
            // Continued twice (a file grown by two publishes).
            let again = Int(random.next() % UInt64(more.count + 1))
            let middle = Array(more[..<again]), last = Array(more[again...])
            let sum = Self.continued(first, middle)
            let grown = first + middle
            let tail = Array(grown.suffix(grown.count % 8))
            let twice = last.withUnsafeBytes { m in tail.withUnsafeBytes { Checksum.of(m, after: sum, count: grown.count, tail: $0) } }
            #expect(twice == Self.of(whole), "round \(round): continued twice")
        }
    }

    /// A sum that is not the file's gives another sum (the continuation is a bijection of the sum): a damaged file's
    /// stored sum never seals the grown file as if it were whole.
    @Test func anotherSumGivesAnotherSum() {
        var random = SplitMix64(seed: 1716)
        for _ in 0..<500 {
            let first = (0..<Int(random.next() % 100)).map { _ in UInt8(truncatingIfNeeded: random.next()) }
            let more = (0..<Int(random.next() % 100)).map { _ in UInt8(truncatingIfNeeded: random.next()) }
            let tail = Array(first.suffix(first.count % 8))
            let wrong = Self.of(first) ^ (1 << (random.next() % 64))
            let sum = more.withUnsafeBytes { m in tail.withUnsafeBytes { Checksum.of(m, after: wrong, count: first.count, tail: $0) } }
            #expect(sum != Self.of(first + more))
        }
    }
}
