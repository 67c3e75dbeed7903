import Testing
@testable import ChronikStore

/// `PathRules.isPlainEntryFileName`, the walk of a committed tree's fast path (`Store.pathProblems(inTree:)`), held to
/// `PathRules.classify`: whenever it says yes, `classify` finds that entry in a declared collection's folder; and
/// it says yes for the plain valid ids a store is made of.
@Suite("PathRules: plain entry file names, held to classify")
struct PathRulesPlainEntryTests {
    let collections: Set<String> = ["actors", "glossary"]

    func classifiesAsEntry(_ name: String, in folder: String) -> Bool {
        guard case .success(.entry(let entry)) = PathRules.classify(folder + "/" + name, collections: collections) else { return false }
        return entry == EntryID(collection: folder, id: String(name.dropLast(3)))
    }

    @Test(arguments: [
        "a.md", "0.md", "citylab-berlin.md", "z9-.md", String(repeating: "a", count: 100) + ".md", "com0.md", "con1.md",
        "cons.md", "lpt10.md",
    ])
    func plainNames(name: String) {
        #expect(PathRules.isPlainEntryFileName(name))
        #expect(classifiesAsEntry(name, in: "glossary"))
    }

    @Test(arguments: [
        ".md", "-a.md", "Foo.md", ".git.md", "a b.md", "stra\u{00DF}e.md", "con.md", "nul.md", "aux.md", "prn.md", "com1.md",
        "lpt9.md", String(repeating: "x", count: 101) + ".md", "a", "a.MD", "a.mdx", "a.md ", "a-\u{0301}.md", "a\u{0301}.md",
        "a.m\u{0301}d", "a.md\u{0301}", "a/b.md", "md", "a.txt",
    ])
    func otherNames(name: String) {
        #expect(!PathRules.isPlainEntryFileName(name))
    }

    /// Seeded names from an alphabet of what ids are made of and what they must not hold: a yes is always
    /// `classify`'s entry, and a plain valid id is always a yes.
    @Test(arguments: [UInt64(1), 2, 19]) func heldToClassify(seed: UInt64) {
        var random = SplitMix64(seed: seed)
        let alphabet: [String] = ["a", "z", "m", "d", "0", "9", "-", ".", "A", "Z", "_", " ", "ä", "\u{0301}", "/", "~", "\u{200B}"]
        let plain: [String] = ["a", "k", "z", "0", "5", "9", "-"]
        let reserved = ["con", "prn", "aux", "nul", "com1", "com9", "lpt1", "lpt9", "co", "com", "lpt"]
        var yes = 0
        for _ in 0..<4_000 {
            var id: String
            switch Int.random(in: 0..<4, using: &random) {
            case 0: id = reserved.randomElement(using: &random)!
            case 1:
                id = (0..<Int.random(in: 1...5, using: &random)).map { _ in plain.randomElement(using: &random)! }.joined()
            case 2:
                id = (0..<Int.random(in: 95...105, using: &random)).map { _ in plain.randomElement(using: &random)! }.joined()
            default:
                id = (0..<Int.random(in: 0...8, using: &random)).map { _ in alphabet.randomElement(using: &random)! }.joined()
            }
            let suffix = [".md", ".md", ".md", ".MD", ".m", "md", ".md.txt", ""].randomElement(using: &random)!
            let name = id + suffix
            let fast = PathRules.isPlainEntryFileName(name)
            if fast {
                yes += 1
                #expect(classifiesAsEntry(name, in: "glossary"), "seed \(seed): \(name)")
            }
            // A plain valid id: the fast path takes it.
            if suffix == ".md", PathRules.problem(withID: id) == nil, id.utf8.allSatisfy({ $0 < 0x80 }) {
                #expect(fast, "seed \(seed): \(name)")
            }
        }
        #expect(yes > 500)
    }
}
