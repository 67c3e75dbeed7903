import ChronikChangelog
import ChronikStore
import Foundation
import GitKit
import Testing
@testable import ChronikPublish

/// A small site built by hand (the model builder is another part): two collections, German labels, a reference, a
/// Markdown body with a link and raw HTML.
enum SearchFixture {
    static let version = SiteVersion(id: ObjectID(hex: String(repeating: "ab", count: 20))!,
                                     date: Timestamp(iso8601: "2022-03-01T10:00:00+01:00")!, summary: "Entwurf")

    static func entry(_ collection: String, _ id: String, _ title: String, fields: [SiteField] = [], body: String = "") -> SiteEntry {
        SiteEntry(collection: collection, id: id, path: "\(collection)/\(id).md", title: title,
                  fields: [SiteField(key: "title", label: "Titel", value: .string(title))] + fields,
                  body: body, backlinks: [], history: [])
    }

    static var model: SiteModel {
        let glossary = SiteCollection(name: "glossary", label: "Glossar", columns: [SiteColumn(key: "title", label: "Titel")], entries: [
            entry("glossary", "buergerbeteiligung", "Bürgerbeteiligung", body: "Wie sich **Bürgerinnen** einbringen: [mehr](https://example.org/versteckt) <b>fett</b> und `Quelltext`."),
            entry("glossary", "open-data", "Offene Daten", fields: [
                SiteField(key: "synonyms", label: "Synonyme", value: .array([.string("Open Data"), .string("Straßendaten")])),
                SiteField(key: "year", label: "Jahr", value: .number(JSONNumber(2030))),
            ], body: "Daten der Verwaltung für alle."),
        ])
        let actors = SiteCollection(name: "actors", label: "Prozessakteure", columns: [SiteColumn(key: "title", label: "Titel")], entries: [
            entry("actors", "cdo", "Chief Digital Officer", fields: [
                SiteField(key: "topic", label: "Thema", value: .string("open-data"),
                          links: [SiteLink(collection: "glossary", id: "open-data", title: "Offene Daten", resolves: true)]),
            ], body: "Die neue Rolle in der Senatskanzlei."),
        ])
        return SiteModel(title: "Smart City Berlin", language: "de", version: version, release: nil, introduction: "",
                         collections: [glossary, actors], releases: [], recent: [], dates: [])
    }
}

@Suite struct SiteSearchTests {
    @Test func normalisesGermanAsTheScriptDoes() {
        #expect(SearchText.normalise("Straße") == "strasse")
        #expect(SearchText.normalise("BÜRGER Ärger Öl") == "burger arger ol")
        #expect(SearchText.normalise("Café") == "cafe")
        #expect(SearchText.words("Open-Data: Berlin 2030, (Smart)City!") == ["open", "data", "berlin", "2030", "smart", "city"])
        #expect(SearchText.words("") == [])
    }

    @Test func markdownIsIndexedAsText() {
        let text = SearchText.plainText(markdown: "# Titel\n\nEin [Link](https://example.org/geheim) und <b>html</b>\n`code`\n\n- Punkt")
        #expect(text == "Titel Ein Link und html code Punkt")
        #expect(!text.contains("example") && !text.contains("<"))
    }

    @Test func indexHoldsEveryEntryWithRelativeLinks() throws {
        let files = SiteSearch.files(SearchFixture.model, options: SiteRenderOptions())
        let paths = Array(files.files.keys)
        #expect(paths.first == SitePaths.searchIndex && paths.last == SitePaths.searchScript && paths.contains(SiteSearch.manifest))
        #expect(paths.allSatisfy { $0.hasPrefix("search/") })
        let json = try #require(files.files[SitePaths.searchIndex])
        let index = try #require(try JSONSerialization.jsonObject(with: Data(json)) as? [String: Any])
        let entries = try #require(index["entries"] as? [[String]])
        // In title order.
        #expect(entries.map(\.[0]) == ["../glossary/buergerbeteiligung/index.html", "../actors/cdo/index.html", "../glossary/open-data/index.html"])
        #expect(entries[2][1] == "Offene Daten" && entries[2][2] == "Glossar")
        let terms = try #require(index["terms"] as? [String: [Int]])
        // Title words carry the flag (odd), other words not; postings ascending.
        #expect(terms["burgerbeteiligung"] == [1])
        #expect(terms["offene"] == [2, 5])              // the link title in cdo's field, and the title of open-data
        #expect(terms["strassendaten"] == [4])          // a field value in an array, ß folded
        #expect(terms["2030"] == [4])
        #expect(terms["prozessakteure"] == [2])         // the collection's label
        #expect(terms["quelltext"] == [0])              // inline code of the body
        #expect(terms["example"] == nil && terms["versteckt"] == nil && terms["b"] == nil) // no link targets, no tags
    }

    /// The split index holds exactly what `index.json` holds: every word in one shard whose key begins it, the
    /// postings as differences, the documents in chunks; shards over the budget only for a single word.
    @Test func shardsHoldTheWholeIndex() throws {
        let model = GeneratedSearchModel.model(entries: 300, seed: 7)
        let layout = SearchShards.Layout(termBudget: 1_500, chunk: 16)
        let files = SiteSearch.files(model, layout: layout)
        let loaded = try SearchFiles(files)
        let json = try #require(files.files[SitePaths.searchIndex])
        let index = try #require(try JSONSerialization.jsonObject(with: Data(json)) as? [String: Any])
        let terms = try #require(index["terms"] as? [String: [Int]])
        let entries = try #require(index["entries"] as? [[String]])
        let manifest = try #require(loaded.data["manifest"] as? [String: Any])
        #expect(manifest["documents"] as? Int == entries.count && manifest["chunk"] as? Int == 16)
        let keys = try #require(manifest["terms"] as? [String: String])
        #expect(keys.count > 26, "split below the first letter: \(keys.count) shards")
        var seen: [String: [Int]] = [:]
        for (key, name) in keys {
            let shard = try #require(loaded.data["terms/" + name] as? [String: [Int]], "terms/\(name)")
            let bytes = try #require(files.files["search/terms/\(name).js"]).count
            #expect(bytes <= layout.termBudget + 200 || shard.count == 1, "\(name): \(bytes) bytes, \(shard.count) words")
            for (term, differences) in shard {
                #expect(term.hasPrefix(key), "\(term) in shard \(key)")
                #expect(seen[term] == nil, "\(term) twice")
                seen[term] = differences.reduce(into: [Int]()) { $0.append(($0.last ?? 0) + $1) }
            }
        }
        #expect(seen == terms)
        let chunks = (0..<((entries.count + 15) / 16)).map { loaded.data["docs/\($0)"] as? [[String]] ?? [] }
        #expect(chunks.flatMap { $0 } == entries)
        #expect(files.files.keys.filter { $0.hasPrefix("search/docs/") }.count == chunks.count)
    }

    @Test func shardFileNamesAreSafe() {
        #expect(SearchShards.fileName("bu") == "bu" && SearchShards.fileName("20") == "20")
        #expect(SearchShards.fileName("ø") == "_c3b8" && SearchShards.fileName("дa") == "_d0b461")
        #expect(SearchShards.differences([3, 4, 10]) == [3, 1, 6])
        // A word shorter than its group's next level is a shard of its own, keyed by itself.
        let terms: [(term: String, postings: [Int])] = [("da", [0]), ("dab", Array(0..<100)), ("dat", Array(0..<100))]
        #expect(SearchShards.split(terms[...], depth: 1, budget: 300).map(\.key) == ["da", "dab", "dat"])
    }

    @Test func documentsAreInTitleOrderStable() {
        let titles = ["Zebra", "Öl", "apfel", "Apfel", "Zebra", "10 Punkte", "2 Punkte"]
        #expect(SiteSearch.titleOrder(titles) == [5, 6, 2, 3, 1, 0, 4])
        func document(_ title: String, _ href: String) -> SearchReference.Document {
            SearchReference.Document(href: href, title: title, collection: "", snippet: "", titleWords: [], otherWords: [])
        }
        let sorted = SearchReference.inTitleOrder(titles.enumerated().map { document($0.element, "\($0.offset + 1)") })
        #expect(sorted.map(\.href) == ["6", "7", "3", "4", "2", "1", "5"])
    }

    /// The reference's `postings` (each document's title words, then its other words not in the title) against the
    /// union of the two sets it replaced, on seeded documents whose title and other words overlap.
    @Test(arguments: [3, 1998] as [UInt64])
    func postingsAreThoseOfTheWordsUnion(seed: UInt64) {
        var random = SplitMix64(seed: seed)
        let words = (0..<40).map { "w\($0)" } + ["straße", "über", "ß"]
        let documents = (0..<60).map { k in
            SearchReference.Document(href: "\(k)", title: "", collection: "", snippet: "",
                                     titleWords: Set((0..<Int(random.next() % 4)).map { _ in words[Int(random.next() % UInt64(words.count))] }),
                                     otherWords: Set((0..<Int(random.next() % 12)).map { _ in words[Int(random.next() % UInt64(words.count))] }))
        }
        var reference: [String: [Int]] = [:]
        for (position, document) in documents.enumerated() {
            for word in document.titleWords.union(document.otherWords) {
                reference[word, default: []].append(2 * position + (document.titleWords.contains(word) ? 1 : 0))
            }
        }
        let postings = SearchReference.postings(documents)
        #expect(postings.map(\.term) == reference.keys.sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }, "seed \(seed)")
        for item in postings { #expect(item.postings == reference[item.term], "seed \(seed): \(item.term)") }
    }

    /// The index made from numbered words one document at a time (`SiteSearch`, `SearchIndex`) is the bytes of the
    /// reference's (`SearchReference`: sets of strings, all files at once) on the fixture, seeded models (words
    /// with umlauts, ß, titles repeated and differing in case) and seeded texts that mix scripts, combining marks,
    /// controls and JSON's special characters; with two layouts, with and without the document cache, and with a
    /// cache read back from its file.
    @Test(arguments: [1, 42, 2026] as [UInt64])
    func indexFromNumberedWordsIsTheReferences(seed: UInt64) throws {
        var models = [SearchFixture.model, GeneratedSearchModel.model(entries: 400, seed: seed)]
        models.append(Self.mixedModel(entries: 200, seed: seed))
        for (m, model) in models.enumerated() {
            for layout in [SearchShards.Layout(), SearchShards.Layout(termBudget: 600, chunk: 3)] {
                let reference = SearchReference.files(model, layout: layout)
                let files = SiteSearch.files(model, layout: layout)
                #expect(Array(files.files.keys) == Array(reference.files.keys), "seed \(seed) model \(m)")
                for (path, bytes) in reference.files where files.files[path] != bytes {
                    Issue.record("seed \(seed) model \(m): \(path) differs")
                }
            }
            let reference = SearchReference.files(model)
            let keys = SiteKeys(model, options: SiteRenderOptions(), theme: .makeDefault())
            let cache = SearchDocumentCache()
            #expect(SiteSearch.files(model, keys: keys, cache: cache).files == reference.files, "seed \(seed) model \(m)")
            let parsed = try #require(SearchDocumentCache.parse(cache.serialized()))
            let again = SearchDocumentCache(previous: parsed)
            #expect(SiteSearch.files(model, keys: keys, cache: again).files == reference.files, "seed \(seed) model \(m)")
            #expect(again.made == 0)
        }
    }

    /// The documents made a run at a time on several threads, each run numbering its words on its own
    /// (`SiteSearch.documents`), are those made one by one (`SiteSearch.document`) word for word (numbers compared as the
    /// words they stand for, in order), for every entry or a seeded part of them, into an empty or a used `SearchWords`.
    @Test(arguments: [5, 77] as [UInt64])
    func documentsMadeOnThreadsAreThoseMadeOneByOne(seed: UInt64) {
        var random = SplitMix64(seed: seed)
        for model in [Self.mixedModel(entries: 700, seed: seed), GeneratedSearchModel.model(entries: 500, seed: seed)] {
            let wanted = model.collections.map { $0.entries.map { _ in random.next() % 3 != 0 } }
            for (threads, part) in [(1, false), (2, false), (3, true), (8, true)] {
                let one = SearchWords(), many = SearchWords()
                // A used `SearchWords` (the document cache's): numbers already given.
                for word in ["rad", "straße", "zzz"] { _ = many.number(word) }
                let made = SiteSearch.documents(model, words: many, threads: threads) { c, e in !part || wanted[c][e] }
                for (c, collection) in model.collections.enumerated() {
                    for (e, entry) in collection.entries.enumerated() {
                        guard !part || wanted[c][e] else {
                            #expect(made[c][e] == nil)
                            continue
                        }
                        let expected = SiteSearch.document(entry, in: collection, words: one)
                        guard let document = made[c][e] else {
                            Issue.record("seed \(seed) threads \(threads): no document for \(entry.id)")
                            continue
                        }
                        #expect([document.href, document.title, document.collection, document.snippet]
                            == [expected.href, expected.title, expected.collection, expected.snippet])
                        #expect(document.words.map { "\(many[$0 >> 1]) \($0 & 1)" } == expected.words.map { "\(one[$0 >> 1]) \($0 & 1)" },
                                "seed \(seed) threads \(threads): \(entry.id)")
                    }
                }
            }
        }
    }

    /// Entries whose texts draw on ASCII, Latin with and without precomposed marks, combining marks (inside and
    /// outside U+0300–U+036F), Greek, Cyrillic, CJK, digits of other scripts, controls, `"\\<>&` and emoji.
    static func mixedModel(entries count: Int, seed: UInt64) -> SiteModel {
        var random = SplitMix64(seed: seed)
        func next(_ bound: Int) -> Int { Int(random.next() % UInt64(bound)) }
        let pieces = ["Straße", "Bürger", "bu\u{308}rger", "A\u{30A}", "e\u{301}", "x\u{1AB0}", "ǅ", "ﬁ", "İ", "Ωμέγα", "Данные", "数据",
                      "٣٤", "\u{1}", "\"", "\\", "<b>", "&amp;", "🚲", "Rad", "rad", "RAD", "data2030", "open-data", "a_b", "ÆØÅ", "ß"]
        func text(_ n: Int) -> String {
            (0..<n).map { _ in (0..<(1 + next(3))).map { _ in pieces[next(pieces.count)] }.joined() }.joined(separator: next(4) == 0 ? "-" : " ")
        }
        var collections = [("glossary", "Glossar"), ("faq", "Häufige Fragen")].map {
            SiteCollection(name: $0.0, label: $0.1, columns: [SiteColumn(key: "title", label: "Titel")], entries: [])
        }
        for number in 0..<count {
            let c = next(collections.count)
            let fields = [SiteField(key: "note", label: "Notiz", value: .string(text(1 + next(4))),
                                    links: next(3) == 0 ? [SiteLink(collection: "glossary", id: "x", title: text(2), resolves: true)] : [])]
            collections[c].entries.append(SearchFixture.entry(collections[c].name, "e\(number)", text(1 + next(3)), fields: fields,
                                                              body: (0..<next(4)).map { _ in text(3 + next(30)) }.joined(separator: "\n\n")))
        }
        return SiteModel(title: "Gemischt", language: "de", version: SearchFixture.version, release: nil, introduction: "",
                         collections: collections, releases: [], recent: [], dates: [])
    }

    /// Every term's postings written from a buffer at once (`SearchIndex.writePostings`) are the bytes written a byte
    /// at a time (`referencePostings`), as positions and as differences, on seeded models of up to 3,000 entries
    /// (positions of one to four digits); and each term's estimated size in a shard is the reference's.
    @Test(arguments: [(UInt64(3), 300), (11, 3000)])
    func postingsWrittenAtOnceAreTheReferences(seed: UInt64, entries: Int) {
        let model = GeneratedSearchModel.model(entries: entries, seed: seed)
        let words = SearchWords()
        let made = SiteSearch.documents(model, words: words) { _, _ in true }
        let index = SearchIndex(model, words: words) { c, e in made[c][e]! }
        #expect(index.terms.count > 20)
        for k in index.terms.indices where index.estimatedSize(k) != index.referenceEstimatedSize(k) {
            Issue.record("seed \(seed): \(index.terms[k]) estimated \(index.estimatedSize(k)), reference \(index.referenceEstimatedSize(k))")
        }
        for k in index.terms.indices {
            for differences in [false, true] where index.postingsText(k, differences: differences) != index.referencePostings(k, differences: differences) {
                Issue.record("seed \(seed): \(index.terms[k]) differences \(differences)")
            }
        }
    }

    /// The postings' decimal writer (two digits at a time) against `String(value)`: every value below 100,000, the
    /// powers of ten and their neighbours, the largest values and seeded ones.
    @Test func decimalsAsTheirText() {
        var values: [UInt32] = Array(0..<100_000)
        var power: UInt32 = 1
        for _ in 0..<10 {
            values += [power &- 1, power, power &+ 1]
            power = power &* 10
        }
        values += [.max, .max - 1, UInt32(Int32.max), UInt32(Int32.max) + 1]
        var random = SplitMix64(seed: 19)
        for _ in 0..<100_000 { values.append(UInt32(truncatingIfNeeded: random.next() >> UInt64(random.next() % 32))) }
        for value in values where SearchIndex.decimalText(value) != Array(String(value).utf8) {
            Issue.record("\(value): \(String(decoding: SearchIndex.decimalText(value), as: UTF8.self))")
        }
        for value in values where SearchIndex.decimalDigits(value) != String(value).utf8.count {
            Issue.record("\(value): \(SearchIndex.decimalDigits(value)) digits")
        }
    }

    /// The words sorted by their first eight bytes as a number, then whole (`SearchIndex.sortedByBytes`), against
    /// the stable sort by `UTF8View.lexicographicallyPrecedes` it replaced: seeded lists of words that share long
    /// prefixes, end within or after eight bytes, hold NUL, U+FFFF and U+10FFFF, umlauts, ß, emoji, repeated words,
    /// subsets of the numbers.
    @Test(arguments: [7, 8, 2026] as [UInt64])
    func wordsSortedByTheirBytesAsTheReference(seed: UInt64) {
        var random = SplitMix64(seed: seed)
        let pieces = ["", "a", "ab", "\u{0}", "\u{1}", "z", "ä", "ß", "straße", "stadtentwicklung", "😀", "\u{7F}",
                      "\u{80}", "\u{FFFF}", "\u{10FFFF}", "e\u{301}", "é", "1", "9", "Ü"]
        for round in 0..<300 {
            let count = Int(random.next() % 200)
            var words: [String] = []
            for _ in 0..<count {
                if !words.isEmpty && random.next() % 6 == 0 {
                    words.append(words[Int(random.next() % UInt64(words.count))])
                    continue
                }
                var word = ""
                for _ in 0..<Int(random.next() % 7) { word += pieces[Int(random.next() % UInt64(pieces.count))] }
                words.append(word)
            }
            let numbers = words.indices.filter { _ in random.next() % 4 != 0 }
            let reference = numbers.sorted { words[$0].utf8.lexicographicallyPrecedes(words[$1].utf8) }
            #expect(SearchIndex.sortedByBytes(numbers, of: words) == reference, "seed \(seed), round \(round)")
        }
    }

    @Test func indexIsByteIdenticalForTheSameModel() {
        let a = SiteSearch.files(SearchFixture.model, options: SiteRenderOptions())
        let b = SiteSearch.files(SearchFixture.model, options: SiteRenderOptions(baseURL: "https://example.org/"))
        #expect(a == b)
    }

    @Test func snippetIsCutAtAWord() {
        let long = String(repeating: "Wort ", count: 60)
        let snippet = SiteSearch.snippet(long)
        #expect(snippet.hasSuffix("Wort…") && snippet.count <= SiteSearch.snippetLength + 1)
        #expect(SiteSearch.snippet("kurz") == "kurz")
    }

    @Test func scriptInsertsNoHTMLAndRequestsNothingElsewhere() {
        let script = SearchScript.source
        #expect(!script.contains("innerHTML") && !script.contains("outerHTML") && !script.contains("insertAdjacentHTML")
            && !script.contains("document.write") && !script.contains("eval("))
        #expect(!script.contains("http://") && !script.contains("https://") && !script.contains("fetch("))
    }

    /// The script's words come from the message catalog in both languages, byte for byte as they were written into
    /// the script before (issue 16), with the placeholders the script fills in.
    @Test func scriptTakesItsWordsFromTheCatalog() {
        #expect(SearchScript.source.contains("""
              var labels = {
                de: { none: "Keine Treffer für „{q}“.", one: "1 Treffer für „{q}“.", many: "{n} Treffer für „{q}“.",
                      more: "Die ersten {n} werden gezeigt.", error: "Der Suchindex konnte nicht geladen werden." },
                en: { none: "No results for “{q}”.", one: "1 result for “{q}”.", many: "{n} results for “{q}”.",
                      more: "The first {n} are shown.", error: "The search index could not be loaded." }
              };
            """), "\(SearchScript.labels)")
        #expect(!SearchScript.source.contains("@labels@"))
    }
}

