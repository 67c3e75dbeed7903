import Foundation
import Testing
@testable import ChronikSchema

/// The format checks look at ASCII letters and digits directly instead of asking CharacterSet for each character:
/// the same answer for every ASCII character, and nothing above it counts as one.
@Suite("Formats: ASCII letters and digits without CharacterSet")
struct FormatsASCIITests {
    @Test func asciiLettersAndDigitsAreCharacterSetsBelow128() throws {
        for value in UInt32(0)..<0x300 {
            let c = try #require(Unicode.Scalar(value))
            let ascii = value < 128
            #expect(Formats.isASCIIAlphanumeric(c) == (ascii && CharacterSet.alphanumerics.contains(c)), "\(value)")
            #expect(Formats.isASCIILetter(c) == (ascii && CharacterSet.letters.contains(c)), "\(value)")
        }
    }

    /// The `uri` check with the scheme looked at directly against the reference (CharacterSet for every character).
    @Test func schemesAreCheckedAsTheReferenceChecksThem() {
        let texts = ["https://example.org/a", "h1+.-x:rest", "1http://x", "ht_tp://x", "Ä://x", "a:", ":x", "mailto:a@b.org",
                     "urn:isbn:0451450523", "HTTP://EXAMPLE.ORG", "h\u{0130}://x", "x y://z", "-a://b"]
        for text in texts {
            let scalars = Array(text.unicodeScalars)[...]
            for requireScheme in [true, false] {
                #expect(Formats.isURI(scalars, requireScheme: requireScheme) == Formats.isURI(scalars, requireScheme: requireScheme, reference: true),
                        "\(text) \(requireScheme)")
            }
        }
    }
}
