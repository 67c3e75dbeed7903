import ChronikStore
import Foundation
import Testing
@testable import ChronikSchema

/// `SimplePattern` (anchored sequences of ASCII classes, matched without ICU) against ICU on seeded strings: the
/// same verdict for every string, and only the patterns it can decide are taken. Every pattern it takes compiles for
/// ICU too (`matchWithICU` would say `.timedOut` otherwise): `Pattern` leaves a simple pattern to ICU only when ICU's
/// verdict is asked for.
@Suite struct SimplePatternTests {
    static let taken = [
        "^[a-z0-9][a-z0-9-]{0,99}$", "^[a-z]+$", "^[A-Z]{2}-[0-9]{3,5}$", "^a?b*c+$", "^[a-c.]{2,}x$", "^$", "^[-a]{1}[0-9-]*$",
        "^v[0-9]+:[0-9]{0}z$", "^[a-z]*[a-z]$", "^_/@$",
        // Negated classes (the meta-schema's `$id` pattern first), which take any character outside ASCII as one.
        "^[^#]*#?$", "^[^a-z]+$", "^[^/]{2,4}$", "^a[^b-d]?x$", "^#[^-]{1}[^0-9a]*$", "^[^.]{0,3}[a-z]{1,2}$",
    ]
    static let declined = [
        "[a-z]+", "^[a-z]+", "[a-z]$", "^[^]$", "^[^^a]$", "^\\d+$", "^[a-z]+?$", "^(a|b)$", "^a.b$", "^[a-z]{2,1}$", "^ä$",
        "^[a-z]++$", "^a{1,2}{3}$", "^[]$", "^a\\$", "^[\\w]$", "^a b$",
    ]

    @Test func whichPatternsAreTaken() {
        for pattern in Self.taken { #expect(SimplePattern(pattern) != nil, "\(pattern)") }
        for pattern in Self.declined { #expect(SimplePattern(pattern) == nil, "\(pattern)") }
    }

    @Test(arguments: [UInt64(1), 2, 3, 19, 2026])
    func theVerdictIsICUs(seed: UInt64) throws {
        var random = SplitMix64(seed: seed)
        let alphabet = Array("abcxyzAZ0189-_./:@# vä\n🚲\u{212A}e\u{301}")
        for source in Self.taken {
            let pattern = try Pattern(source)
            let simple = try #require(pattern.simple)
            for _ in 0..<300 {
                let length = Int(random.next() % 14)
                let text = String((0..<length).map { _ in alphabet[Int(random.next() % UInt64(alphabet.count))] })
                let icu = pattern.matchWithICU(text, timeLimit: 5)
                #expect(icu != .timedOut)
                #expect(simple.matches(text) == (icu == .match), "seed \(seed), \(source), \(text.debugDescription)")
                #expect(pattern.match(text, timeLimit: 5) == icu)
            }
        }
        // Patterns made at random of the pieces `SimplePattern` takes, held to ICU the same way.
        let atoms = ["a", "b", "z", "0", "-", "_", "/", ":", "@", "#", "[a-c]", "[^a-c]", "[^#]", "[-x]", "[^_-]", "[0-9.]",
                     "[^.]", "[A-Za-z]", "[^a-zA-Z0-9]"]
        let quantifiers = ["", "", "?", "*", "+", "{0}", "{1}", "{2}", "{0,2}", "{1,}", "{2,3}"]
        for _ in 0..<150 {
            var source = "^"
            for _ in 0..<Int(random.next() % 5) {
                source += atoms[Int(random.next() % UInt64(atoms.count))] + quantifiers[Int(random.next() % UInt64(quantifiers.count))]
            }
            source += "$"
            let pattern = try Pattern(source)
            let simple = try #require(pattern.simple, "\(source)")
            for _ in 0..<60 {
                let text = String((0..<Int(random.next() % 7)).map { _ in alphabet[Int(random.next() % UInt64(alphabet.count))] })
                let icu = pattern.matchWithICU(text, timeLimit: 5)
                #expect(icu != .timedOut, "\(source)")
                #expect(simple.matches(text) == (icu == .match), "seed \(seed), \(source), \(text.debugDescription)")
            }
        }
        // Strings that do match, which random ones seldom are, for the id pattern: lengths 1 to 101.
        let id = try Pattern("^[a-z0-9][a-z0-9-]{0,99}$")
        for length in [1, 2, 50, 100, 101] {
            let text = "a" + String((1..<length).map { _ in Array("a-9")[Int(random.next() % 3)] })
            #expect(id.match(text, timeLimit: 5) == id.matchWithICU(text, timeLimit: 5), "\(text)")
        }
    }
}

/// The `uri` and `uri-reference` checks with ASCII looked up in a bit set against the same checks by CharacterSet.
@Suite struct URIFormatBitSetTests {
    @Test(arguments: [UInt64(1), 7, 2026])
    func theVerdictIsTheCharacterSets(seed: UInt64) {
        var random = SplitMix64(seed: seed)
        let pieces = ["https", "http", "mailto", ":", "//", "/", "?", "#", "@", "[", "]", "%20", "%zz", "%", "a", "Z", "0", "-",
                      ".", "_", "~", "!", "$", "&", "'", "(", ")", "*", "+", ",", ";", "=", " ", "\"", "<", ">", "\\", "^", "`",
                      "{", "|", "}", "ä", "🚲", "\u{7F}", "\u{1}", "::1", "v1.x", "8080", "example.org", "user:pw"]
        var differences = 0
        for _ in 0..<3_000 {
            var text = ""
            for _ in 0..<Int(random.next() % 9) { text += pieces[Int(random.next() % UInt64(pieces.count))] }
            let scalars = Array(text.unicodeScalars)
            for scheme in [true, false] where Formats.isURI(scalars[...], requireScheme: scheme)
                != Formats.isURI(scalars[...], requireScheme: scheme, reference: true) {
                differences += 1
                Issue.record("seed \(seed): \(text.debugDescription), scheme required: \(scheme)")
            }
        }
        #expect(differences == 0)
        #expect(Formats.check("uri", "https://daten.berlin.de/a-b?c=d#e") == true)
        #expect(Formats.check("uri", "https://daten berlin.de") == false)
    }
}

/// A simple pattern starts no ICU: a schema's patterns all simple (as the default schemas' and the meta-schema's
/// are) are checked without one compiled expression; the format `regex` takes them the same way.
@Suite struct SimplePatternWithoutICUTests {
    @Test func simplePatternsAreValidAndMatchWithoutCompiling() throws {
        for source in SimplePatternTests.taken {
            let pattern = try Pattern(source)
            #expect(pattern.simple != nil)
            #expect(Formats.check("regex", source) == true)
        }
        #expect(Formats.check("regex", "^[a-z]+(") == false)
        #expect(throws: PatternError.self) { try Pattern("^(a+)+$") }
        let id = try Pattern("^[^#]*#?$")
        #expect(id.match("https://json-schema.org/draft/2020-12/schema", timeLimit: 1) == .match)
        #expect(id.match("https://example.org/s#a", timeLimit: 1) == .noMatch)
        #expect(id.match("https://example.org/s#", timeLimit: 1) == .match)
        #expect(id.match("https://example.org/straße", timeLimit: 1) == .match)
    }
}
