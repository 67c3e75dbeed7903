import Foundation
import Testing
import ChronikDiff

/// Megabyte inputs, checked for what the diff must give (not timed: `swift test` asserts no durations; the
/// benchmark harness, `chronik-bench run`, times the diff on generated stores).
@Suite(.serialized) struct LargeInputDiffTests {
    static func prose(seed: UInt64, bytes: Int, paragraphs: Bool) -> String {
        var g = TextGenerator(seed: seed)
        var out = ""
        while out.utf8.count < bytes {
            out += g.sentence()
            out += paragraphs && g.chance(0.2) ? "\n\n" : " "
        }
        return out
    }

    @Test func unrelatedMegabyteBodies() throws {
        let a = Self.prose(seed: 1, bytes: 1_000_000, paragraphs: true)
        let b = Self.prose(seed: 2, bytes: 1_000_000, paragraphs: true)
        let diff = ProseDiffer.diff(a, b)
        #expect(try diff.apply(to: a) == b)
    }

    @Test func unrelatedMegabyteSingleLines() throws {
        let a = Self.prose(seed: 3, bytes: 1_000_000, paragraphs: false)
        let b = Self.prose(seed: 4, bytes: 1_000_000, paragraphs: false)
        let diff = ProseDiffer.diff(a, b)
        #expect(try diff.apply(to: a) == b)
    }

    @Test func editedMegabyteSingleLine() throws {
        let a = Self.prose(seed: 5, bytes: 1_000_000, paragraphs: false)
        var g = TextGenerator(seed: 6)
        var words = a.components(separatedBy: " ")
        for _ in 0..<2_000 { words[g.int(0...(words.count - 1))] = g.pick(TextGenerator.words) }
        let b = words.joined(separator: " ")
        let diff = ProseDiffer.diff(a, b)
        #expect(try diff.apply(to: a) == b)
    }

    /// The word diff of unrelated megabyte lines, with and without the semantic clean-up, gives back both texts.
    @Test func wordDiffOfUnrelatedMegabyteLinesGivesBackBothTexts() {
        let a = Self.prose(seed: 3, bytes: 1_000_000, paragraphs: false)
        let b = Self.prose(seed: 4, bytes: 1_000_000, paragraphs: false)
        for cleanup in [false, true] {
            let segments = WordDiff.diff(a, b, options: WordDiffOptions(semanticCleanup: cleanup))
            #expect(segments.oldText == a, "clean-up \(cleanup)")
            #expect(segments.newText == b, "clean-up \(cleanup)")
            #expect(segments.hasChanges)
        }
    }
}
