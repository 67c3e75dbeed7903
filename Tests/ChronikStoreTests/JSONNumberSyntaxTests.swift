@testable import ChronikStore
import Testing

/// JSON number syntax read over the String's buffer against the step-by-step reference on a copy of the bytes.
@Suite("JSON number syntax over the String's buffer")
struct JSONNumberSyntaxTests {
    @Test(arguments: [UInt64(1), 2, 3]) func verdictIsTheReferences(seed: UInt64) {
        var random = SplitMix64(seed: seed)
        let pieces = ["0", "1", "9", "12", "-", "+", ".", "e", "E", "x", " ", "00", "2022-03-01", "ä", "\u{0}", "1.5", "e+3"]
        var numbers = 0
        for index in 0..<30_000 {
            let text = (0..<Int(random.next() % 6)).map { _ in pieces[Int(random.next() % UInt64(pieces.count))] }.joined()
            let expected = JSONNumber.isJSONNumberSyntaxReference(text)
            if expected { numbers += 1 }
            #expect(JSONNumber.isJSONNumberSyntax(text) == expected, "seed \(seed), case \(index): \(text.debugDescription)")
        }
        #expect(numbers > 1_000)
        for text in ["0", "-0", "1e3", "-0.5E+2", "1.10", "", "-", "01", "1.", ".5", "1e", "1e+", "+1", "1_000", "0x1F"] {
            #expect(JSONNumber.isJSONNumberSyntax(text) == JSONNumber.isJSONNumberSyntaxReference(text), "\(text)")
        }
    }
}
