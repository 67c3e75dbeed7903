@testable import ChronikSchema
import ChronikStore
import Foundation
import Testing

/// `minLength` and `maxLength` count Unicode scalars; the count from the UTF-8 bytes must be `unicodeScalars.count`.
@Suite("String lengths for minLength and maxLength")
struct EvaluatorLengthTests {
    @Test(arguments: [UInt64(1), 2, 3, 2026]) func scalarCountIsTheScalarViewsCount(seed: UInt64) {
        var random = SplitMix64(seed: seed)
        let pieces = ["", "a", "Straße", "ä", "€", "𝔘", "👩‍👩‍👧", "e\u{0301}", "\u{0}", "\u{FEFF}", "\u{10FFFF}", "\r\n", "x y z 0123456789"]
        for index in 0..<2_000 {
            var s = ""
            for _ in 0..<Int(random.next() % 12) { s += pieces[Int(random.next() % UInt64(pieces.count))] }
            #expect(Evaluator.scalarCount(s) == s.unicodeScalars.count, "seed \(seed), case \(index): \(s.debugDescription)")
            // A Substring made a String, and a String built from scalars one by one (other storage paths).
            let sub = String(s.dropFirst())
            #expect(Evaluator.scalarCount(sub) == sub.unicodeScalars.count)
            var built = ""
            built.unicodeScalars.append(contentsOf: s.unicodeScalars)
            #expect(Evaluator.scalarCount(built) == s.unicodeScalars.count)
        }
    }

    @Test func lengthsInFindings() throws {
        let schema = try Schema(try JSONParser.parse(#"{"type": "string", "minLength": 3, "maxLength": 4}"#))
        #expect(schema.validate(.string("👩‍👩‍👧")).isEmpty == false) // five scalars
        #expect(schema.validate(.string("äöü")).isEmpty)
        #expect(schema.validate(.string("e\u{0301}")).isEmpty == false) // two scalars
    }

    /// `Messages.show` shortens a text of more than 80 characters; the byte count only spares the character count of
    /// a text of at most 80 bytes.
    @Test func shownTextsAreShortenedByCharacters() {
        let texts = [String(repeating: "a", count: 80), String(repeating: "a", count: 81), String(repeating: "ä", count: 40),
                     String(repeating: "ä", count: 80), String(repeating: "ä", count: 81), String(repeating: "e\u{301}", count: 80),
                     String(repeating: "e\u{301}", count: 81), String(repeating: "👩‍👩‍👧", count: 81), "", "x"]
        for text in texts {
            let expected = text.isEmpty ? "\"\" (empty text)" : (text.count > 80 ? String(text.prefix(77)) + "..." : text)
            #expect(ChronikSchema.Messages.show(.string(text)) == expected, "\(text.count) characters, \(text.utf8.count) bytes")
        }
    }
}
