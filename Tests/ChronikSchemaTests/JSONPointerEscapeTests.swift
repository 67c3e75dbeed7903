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

    /// `tokens` (Foundation's replacing only for a token with a `~`) held to replacing in every token, on seeded
    /// pointers of any text: escapes, broken escapes (`~2`, a lone `~`), empty tokens, non-ASCII.
    @Test func tokensAsReplacingEveryToken() {
        var random = SplitMix64(seed: 0x5EED_0000_0019_0C03)
        let pieces = ["/", "~", "~0", "~1", "~2", "~01", "a", "0", "é", "🙂", " ", ""]
        for _ in 0..<5_000 {
            let pointer = (0..<Int(random.next() % 8)).map { _ in pieces[Int(random.next() % UInt64(pieces.count))] }.joined()
            let expected: [String]? = pointer.isEmpty ? [] : !pointer.hasPrefix("/") ? nil
                : pointer.dropFirst().split(separator: "/", omittingEmptySubsequences: false).map {
                    String($0).replacingOccurrences(of: "~1", with: "/").replacingOccurrences(of: "~0", with: "~")
                }
            #expect(JSONPointer.tokens(pointer) == expected, "\(pointer)")
        }
    }
}
