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
