import ChronikStore
import Testing

@Suite("Suggestions: did you mean, by optimal string alignment distance")
struct SuggestionsTests {
    @Test func distances() {
        #expect(Suggestions.distance("status", "status") == 0)
        #expect(Suggestions.distance("stauts", "status") == 1)  // one transposition
        #expect(Suggestions.distance("glosary", "glossary") == 1)
        #expect(Suggestions.distance("Glossar", "glossar") == 0)  // case does not count
        #expect(Suggestions.distance("", "abc") == 3)
        #expect(Suggestions.distance("kitten", "sitting") == 3)
        #expect(Suggestions.distance("ca", "abc") == 3)  // the restricted form: no edit of a transposed pair
        #expect(Suggestions.distance("übersicht", "ubersicht") == 1)
    }

    /// The distance against the plain recursive definition, on seeded random short words.
    @Test func matchesTheDefinition() {
        var random = SplitMix64(seed: 16)
        func word() -> String {
            let letters = Array("abcü")
            let n = Int(random.next() % 6)
            return String((0..<n).map { _ in letters[Int(random.next() % UInt64(letters.count))] })
        }
        func reference(_ a: [Character], _ b: [Character]) -> Int {
            var d = [[Int]](repeating: [Int](repeating: 0, count: b.count + 1), count: a.count + 1)
            for i in 0...a.count { d[i][0] = i }
            for j in 0...b.count { d[0][j] = j }
            if a.isEmpty || b.isEmpty { return d[a.count][b.count] }
            for i in 1...a.count {
                for j in 1...b.count {
                    let cost = a[i - 1] == b[j - 1] ? 0 : 1
                    d[i][j] = min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost)
                    if i > 1, j > 1, a[i - 1] == b[j - 2], a[i - 2] == b[j - 1] { d[i][j] = min(d[i][j], d[i - 2][j - 2] + 1) }
                }
            }
            return d[a.count][b.count]
        }
        for _ in 0..<500 {
            let a = word(), b = word()
            #expect(Suggestions.distance(a, b) == reference(Array(a), Array(b)), "\(a) / \(b)")
        }
    }

    @Test func closestCandidates() {
        let commands = ["status", "validate", "commit", "release", "releases", "log", "show", "diff", "changelog"]
        #expect(Suggestions.closest(to: "stauts", among: commands) == ["status"])
        #expect(Suggestions.closest(to: "relase", among: commands) == ["release", "releases"])
        #expect(Suggestions.closest(to: "xyz", among: commands).isEmpty)
        // Short words allow one edit only.
        #expect(Suggestions.closest(to: "lgo", among: commands) == ["log"])
        #expect(Suggestions.closest(to: "dog", among: ["log", "diff"]) == ["log"])
        #expect(Suggestions.closest(to: "status", among: commands).isEmpty)
        #expect(Suggestions.closest(to: "glosary", among: ["glossary", "glossary", "faq"]) == ["glossary"])
    }
}
