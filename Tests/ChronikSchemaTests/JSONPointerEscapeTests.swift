@testable import ChronikSchema
import ChronikStore
import Foundation
import Testing

/// `JSONPointer.escape` (a look at the bytes before anything is replaced) held to RFC 6901's escaping done the plain
/// way, and `tokens` giving the token back, on seeded tokens of `~`, `/`, `~0`/`~1` look-alikes, ASCII and beyond.
@Suite struct JSONPointerEscapeTests {
    @Test func escapesAsRFC6901() {
        var random = SplitMix64(seed: 6901)
        let pieces = ["~", "/", "~0", "~1", "0", "1", "a", "é", "🙂", " ", "%", "#", ""]
        for _ in 0..<5_000 {
            let token = (0..<Int(random.next() % 6)).map { _ in pieces[Int(random.next() % UInt64(pieces.count))] }.joined()
            let expected = token.replacingOccurrences(of: "~", with: "~0").replacingOccurrences(of: "/", with: "~1")
            let escaped = JSONPointer.escape(token)
            #expect(escaped == expected, "\(token)")
            #expect(JSONPointer.tokens("/" + escaped) == [token], "\(token)")
        }
    }
}
