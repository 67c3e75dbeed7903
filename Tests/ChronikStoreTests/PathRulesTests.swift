import Testing
@testable import ChronikStore

@Suite("store paths and ids")
struct PathRulesTests {
    let collections: Set<String> = ["actors", "glossary"]

    @Test(arguments: ["a", "0", "citylab-berlin", "z9-", String(repeating: "a", count: 100), "com0", "con1"])
    func validIDs(id: String) {
        #expect(PathRules.problem(withID: id) == nil)
    }

    @Test(arguments: [
        ("", "an id must not be empty"),
        ("-a", "must start with a lowercase letter or digit"),
        ("Foo", "uppercase letters are not allowed (use lowercase)"),
        (".git", "must not start with a dot"),
        ("git~1", "character \"~\" (U+007E) is not allowed (use a-z, 0-9 and -)"),
        ("../x", "must not start with a dot"),
        ("a/b", "character \"/\" (U+002F) is not allowed (use a-z, 0-9 and -)"),
        ("a b", "character U+0020 is not allowed (use a-z, 0-9 and -)"),
        ("stra\u{00DF}e", "character \"ß\" (U+00DF) is not allowed (use a-z, 0-9 and -)"),
        ("ki\u{200B}ez", "character U+200B is not allowed (use a-z, 0-9 and -)"),
        ("con", "\"con\" is a reserved device name on Windows"),
        ("lpt9", "\"lpt9\" is a reserved device name on Windows"),
        (String(repeating: "x", count: 300), "longer than 100 characters (300)"),
        (String(repeating: "x", count: 101), "longer than 100 characters (101)"),
        ("a-\u{0301}", "character \"\u{0301}\" (U+0301) is not allowed (use a-z, 0-9 and -)"),
    ])
    func invalidIDs(id: String, reason: String) {
        #expect(PathRules.problem(withID: id) == reason)
    }

    /// `classify`'s common case, `<collection>/<id>.md`, is recognised on the bytes (`entryShape`): the same slash
    /// as the search of the UTF-8 view found, the same paths with a single slash, and wherever the bytes decide the
    /// suffix, the answer of `hasSuffix(".md")` (which compares characters); on seeded paths of ids, suffixes and
    /// folders, with the characters that join a dot or a letter (a prepended U+0600, combining marks, ZWJ, CR).
    @Test func entryShapeAsByCharacters() {
        var rng = SplitMix64(seed: 0x5EED_0000_0019_0C05)
        let folders = ["actors", "glossary", "schemas", "other", "", "Actors", "act\u{0301}ors"]
        let pieces = ["a", "z", "0", "-", "citylab", ".", "md", ".md", "m", "d", "\u{0600}", "\u{0301}", "\u{200D}", "ä", "A", "/", " ",
                      "con", ".json", "x.md", "\r", "\n"]
        var paths = ["actors/x\u{0600}.md", "actors/\u{0600}.md", "actors/.md", "actors/a.m\u{0301}d", "actors/a.md\u{0301}",
                     "actors/a\u{200D}.md", "actors/\r.md", "actors/md", "/", "a/b/c.md", "actors/a.md"]
        for _ in 0..<20_000 {
            var path = folders[Int.random(in: 0..<folders.count, using: &rng)]
            if Int.random(in: 0...9, using: &rng) > 0 { path += "/" }
            for _ in 0..<Int.random(in: 0...4, using: &rng) { path += pieces[Int.random(in: 0..<pieces.count, using: &rng)] }
            if Bool.random(using: &rng) { path += ".md" }
            paths.append(path)
        }
        var decided = 0
        for path in paths {
            var expected: String.Index?
            if let slash = path.utf8.firstIndex(of: UInt8(ascii: "/")), !path.utf8[path.utf8.index(after: slash)...].contains(UInt8(ascii: "/")) {
                expected = slash
            }
            let shape = PathRules.entryShape(path)
            #expect(shape?.slash == expected, "\(path.debugDescription)")
            guard let shape, let md = shape.mdSuffix else { continue }
            decided += 1
            #expect(md == String(path[path.index(after: shape.slash)...]).hasSuffix(".md"), "\(path.debugDescription)")
            if md { #expect(PathRules.classify(path, collections: collections) != .failure(.notMarkdown), "\(path.debugDescription)") }
        }
        #expect(decided > 10_000)
    }

    @Test func classification() {
        #expect(PathRules.classify("chronik.yml", collections: collections) == .success(.config))
        #expect(PathRules.classify("README.md", collections: collections) == .success(.ignoredMeta))
        #expect(PathRules.classify(".gitattributes", collections: collections) == .success(.ignoredMeta))
        #expect(PathRules.classify("schemas/actors.schema.json", collections: collections) == .success(.schema(name: "actors.schema.json")))
        #expect(PathRules.classify("actors/citylab-berlin.md", collections: collections)
            == .success(.entry(EntryID(collection: "actors", id: "citylab-berlin"))))
        #expect(PathRules.classify("notes.txt", collections: collections) == .failure(.unexpectedFile))
        #expect(PathRules.classify("schemas/x.yml", collections: collections) == .failure(.unexpectedFile))
        #expect(PathRules.classify("schemas/.hidden.json", collections: collections) == .failure(.unexpectedFile))
        #expect(PathRules.classify("schemas/a/b.json", collections: collections) == .failure(.unexpectedFile))
        #expect(PathRules.classify("rezepte/kuchen.md", collections: collections) == .failure(.unknownCollection("rezepte")))
        // One level below a collection is an entry's attachment folder (issue 17), but a Markdown file there is an
        // entry put into a subfolder.
        #expect(PathRules.classify("actors/a/b.md", collections: collections) == .failure(.nestedTooDeep))
        #expect(PathRules.classify("actors/a/b/c.md", collections: collections) == .failure(.nestedTooDeep))
        #expect(PathRules.classify("actors/x.txt", collections: collections) == .failure(.notMarkdown))
        #expect(PathRules.classify("actors/Foo.md", collections: collections)
            == .failure(.invalidID(id: "Foo", reason: "uppercase letters are not allowed (use lowercase)")))
        #expect(PathRules.classify("actors/.md", collections: collections)
            == .failure(.invalidID(id: "", reason: "an id must not be empty")))
    }

    @Test func collectionNames() {
        #expect(PathRules.problem(withCollectionName: "actors") == nil)
        #expect(PathRules.problem(withCollectionName: "my_notes-2") == nil)
        #expect(PathRules.problem(withCollectionName: "schemas") == "\"schemas\" is reserved")
        #expect(PathRules.problem(withCollectionName: "Actors") == "must start with a lowercase letter")
        #expect(PathRules.problem(withCollectionName: "a.b") == "character \".\" (U+002E) is not allowed (use a-z, 0-9, - and _)")
    }

    @Test func printableShowsInvisibleCharacters() {
        #expect(PathRules.printable("a\u{1B}[31mb\u{200B}") == "a\\u{1B}[31mb\\u{200B}")
        #expect(PathRules.printable("Bürger:innen") == "Bürger:innen")
    }
}
