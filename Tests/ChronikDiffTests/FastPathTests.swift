import ChronikStore
import Foundation
import Testing
@testable import ChronikDiff

// Fast paths of the diff held to the simple code they stand in for (issue 14's speed work): the `@` scan of e-mail
// redaction. (Myers' search over raw buffers is held to the exact edit distance by MyersTests.)

@Test func emailScanAgreesWithTheUTF8View() {
    var rng = SplitMix64(seed: 0xE3A1)
    let pieces = ["a", "@", "ä", "日本", " ", "\n", "x@y.de", "\u{FF20}", "👩🏽‍💻", ""]
    for round in 0..<2_000 {
        var text = ""
        for _ in 0..<Int.random(in: 0...20, using: &rng) { text += pieces[Int.random(in: 0..<pieces.count, using: &rng)] }
        #expect(EmailRedaction.containsAt(text) == text.utf8.contains(UInt8(ascii: "@")), "round \(round) (seed 0xE3A1)")
    }
    #expect(EmailRedaction.redact("Kontakt: team@example.org") == "Kontakt: \(EmailRedaction.marker)")
    #expect(EmailRedaction.redact("kein Kontakt") == "kein Kontakt")
}

/// `WordDiff.proseWordCount` (what an added or removed entry's blocks are counted by, `ProseWordCounter`) against
/// the words the aligner takes of a block (`RunInterner.runs` over interned tokens, a separate path): the same
/// count for every block of random documents, with list, quote and heading markers, numbers, line breaks and
/// characters outside the byte scan's range.
@Test func proseWordCountAgreesWithTheAlignersRuns() {
    let seed: UInt64 = 0x5EED_14
    var generator = TextGenerator(seed: seed)
    let markers = ["- ", "* ", "+ ", "1. ", "12) ", "> ", "> > ", "# ", "### ", "####### ", "-", "2024.", ""]
    var checked = 0
    for round in 0..<600 {
        var document = generator.document()
        if generator.chance(0.5) {
            // Markers at line starts inside blocks too.
            document = document.split(separator: "\n", omittingEmptySubsequences: false)
                .map { generator.chance(0.4) ? generator.pick(markers) + $0 : String($0) }.joined(separator: "\n")
        }
        for block in MarkdownBlocks.split(document) {
            var interner = TokenInterner(), runs = RunInterner()
            let tokens = interner.intern(tokensOf: block.text)
            let expected = runs.runs(tokens, kind: block.kind, interner: interner).count
            #expect(WordDiff.proseWordCount(block.text, kind: block.kind) == expected,
                    "round \(round) (seed \(seed)): \(block.kind) \(String(reflecting: String(block.text)))")
            for kind in [BlockKind.paragraph, .listItem, .heading, .blockQuote] {
                let expected = runs.runs(tokens, kind: kind, interner: interner).count
                #expect(WordDiff.proseWordCount(block.text, kind: kind) == expected, "round \(round) (seed \(seed)): as \(kind)")
            }
            checked += 1
        }
    }
    #expect(checked > 1_000)
}
