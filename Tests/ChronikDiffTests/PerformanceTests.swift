import Foundation
import Testing
import ChronikDiff

/// Timings only (printed, not asserted): run in release for meaningful figures,
/// `swift test -c release -Xswiftc -enable-testing --filter PerformanceSmoke`.
@Suite(.serialized) struct PerformanceSmoke {
    static func prose(seed: UInt64, bytes: Int, paragraphs: Bool) -> String {
        var g = TextGenerator(seed: seed)
        var out = ""
        while out.utf8.count < bytes {
            out += g.sentence()
            out += paragraphs && g.chance(0.2) ? "\n\n" : " "
        }
        return out
    }

    static func time(_ label: String, _ body: () -> ProseDiff) -> ProseDiff {
        let start = ContinuousClock.now
        let result = body()
        let elapsed = ContinuousClock.now - start
        print("[perf] \(label): \(elapsed) (\(result.edits.count) edits, +\(result.summary.wordsAdded) -\(result.summary.wordsRemoved) words)")
        return result
    }

    @Test func unrelatedMegabyteBodies() throws {
        let a = Self.prose(seed: 1, bytes: 1_000_000, paragraphs: true)
        let b = Self.prose(seed: 2, bytes: 1_000_000, paragraphs: true)
        let diff = Self.time("1 MB vs unrelated 1 MB, paragraphs", { ProseDiffer.diff(a, b) })
        #expect(try diff.apply(to: a) == b)
    }

    @Test func unrelatedMegabyteSingleLines() throws {
        let a = Self.prose(seed: 3, bytes: 1_000_000, paragraphs: false)
        let b = Self.prose(seed: 4, bytes: 1_000_000, paragraphs: false)
        let diff = Self.time("1 MB single line vs unrelated 1 MB single line", { ProseDiffer.diff(a, b) })
        #expect(try diff.apply(to: a) == b)
    }

    @Test func editedMegabyteSingleLine() throws {
        let a = Self.prose(seed: 5, bytes: 1_000_000, paragraphs: false)
        var g = TextGenerator(seed: 6)
        var words = a.components(separatedBy: " ")
        for _ in 0..<2_000 { words[g.int(0...(words.count - 1))] = g.pick(TextGenerator.words) }
        let b = words.joined(separator: " ")
        let diff = Self.time("1 MB single line, 2,000 words replaced", { ProseDiffer.diff(a, b) })
        #expect(try diff.apply(to: a) == b)
    }
}

extension PerformanceSmoke {
    @Test func wordDiffPhases() {
        let a = Self.prose(seed: 3, bytes: 1_000_000, paragraphs: false)
        let b = Self.prose(seed: 4, bytes: 1_000_000, paragraphs: false)
        for cleanup in [false, true] {
            let start = ContinuousClock.now
            let segments = WordDiff.diff(a, b, options: WordDiffOptions(semanticCleanup: cleanup))
            print("[perf] word diff of unrelated 1 MB lines, clean-up \(cleanup): \(ContinuousClock.now - start), \(segments.count) segments")
        }
    }
}
