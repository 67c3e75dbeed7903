@testable import ChronikSchema
import ChronikStore
import Foundation
import Testing

/// `ReferenceCache.escape` decides on the bytes of the String's own buffer whether anything needs escaping: held to
/// the scalar-by-scalar reference on seeded strings of the characters that matter (the five escaped ones, their
/// neighbours below and above, non-ASCII), and undone by `unescape`.
@Suite("Validation cache: escaping paths, ids and keys")
struct CacheEscapeTests {
    static func reference(_ s: String) -> String {
        if s.isEmpty { return "\\e" }
        var out = ""
        for scalar in s.unicodeScalars {
            switch scalar {
            case "\\": out += "\\\\"
            case "\t": out += "\\t"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case " ": out += "\\s"
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out
    }

    @Test func escapeIsTheReferenceAndUnescapeUndoesIt() {
        let seed: UInt64 = 0x5EED_0000_0000_0E5C
        var random = SplitMix64(seed: seed)
        let pieces = ["a", "-", "\\", "\t", "\n", "\r", " ", "!", "\u{1F}", "\u{0B}", "\u{0C}", "ä", "€", "𝔘", "[", "]", "\u{7F}",
                      "beteiligung-2813", "Straße "]
        for index in 0..<5_000 {
            var s = ""
            for _ in 0..<Int.random(in: 0...24, using: &random) { s += pieces[Int.random(in: 0..<pieces.count, using: &random)] }
            let escaped = ReferenceCache.escape(s)
            #expect(escaped == Self.reference(s), "seed \(seed), case \(index): \(Array(s.utf8))")
            // Appended as bytes (the cache's records): the same bytes, after whatever is there already.
            var out: [UInt8] = [7]
            ReferenceCache.appendEscaped(s, to: &out)
            #expect(out == [7] + Array(escaped.utf8), "seed \(seed), case \(index): \(Array(s.utf8))")
            out = [7]
            ReferenceCache.appendBytes(s, to: &out)
            #expect(out == [7] + Array(s.utf8))
            let undone = escaped.utf8.withContiguousStorageIfAvailable { ReferenceCache.unescape($0) } ?? ""
            #expect(undone == s, "seed \(seed), case \(index)")
        }
    }
}
