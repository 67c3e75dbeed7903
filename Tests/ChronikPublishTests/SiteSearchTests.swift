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
        #expect(Array(files.files.keys) == [SitePaths.searchIndex, SiteSearch.scriptIndex, SitePaths.searchScript])
        let json = try #require(files.files[SitePaths.searchIndex])
        let index = try #require(try JSONSerialization.jsonObject(with: Data(json)) as? [String: Any])
        let entries = try #require(index["entries"] as? [[String]])
        #expect(entries.map(\.[0]) == ["../glossary/buergerbeteiligung/index.html", "../glossary/open-data/index.html", "../actors/cdo/index.html"])
        #expect(entries[1][1] == "Offene Daten" && entries[1][2] == "Glossar")
        let terms = try #require(index["terms"] as? [String: [Int]])
        // Title words carry the flag (odd), other words not; postings ascending.
        #expect(terms["burgerbeteiligung"] == [1])
        #expect(terms["offene"] == [3, 4])              // the title of open-data, and the link title in cdo's field
        #expect(terms["strassendaten"] == [2])          // a field value in an array, ß folded
        #expect(terms["2030"] == [2])
        #expect(terms["prozessakteure"] == [4])         // the collection's label
        #expect(terms["quelltext"] == [0])              // inline code of the body
        #expect(terms["example"] == nil && terms["versteckt"] == nil && terms["b"] == nil) // no link targets, no tags
        // The script form is the same JSON.
        let script = try #require(files.files[SiteSearch.scriptIndex])
        #expect(script == Array("window.chronikSearchIndex = ".utf8) + json + Array(";\n".utf8))
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
}

/// The real script, run by Node.js against the real index with a minimal stand-in for the DOM: the matching,
/// ranking, German folding and escaping as a browser runs them (scripts/check-site.py runs it in Chromium too).
/// Node is optional on a developer's machine (a visible skip); CI installs it (`.ci/run`).
@Suite(.enabled(if: SearchScriptRunner.node != nil, "node (Node.js) is not installed: the search script is not run"))
struct SiteSearchScriptTests {
    @Test func findsByPrefixAndUmlautSpellings() throws {
        let index = SiteSearch.indexJSON(SearchFixture.model)
        #expect(try SearchScriptRunner.run(query: "bürger", index: index).titles == ["Bürgerbeteiligung"])
        #expect(try SearchScriptRunner.run(query: "Buerger", index: index).titles == ["Bürgerbeteiligung"])
        #expect(try SearchScriptRunner.run(query: "burg", index: index).titles == ["Bürgerbeteiligung"])
        #expect(try SearchScriptRunner.run(query: "strasse", index: index).titles == ["Offene Daten"])
        #expect(try SearchScriptRunner.run(query: "neu", index: index).titles == ["Chief Digital Officer"])
    }

    @Test func ranksTitlesFirstAndRequiresEveryWord() throws {
        let index = SiteSearch.indexJSON(SearchFixture.model)
        // "offene": the title of open-data, a referenced title in cdo's field.
        #expect(try SearchScriptRunner.run(query: "offene", index: index).titles == ["Offene Daten", "Chief Digital Officer"])
        #expect(try SearchScriptRunner.run(query: "offene rolle", index: index).titles == ["Chief Digital Officer"])
        #expect(try SearchScriptRunner.run(query: "offene nichtda", index: index).titles == [])
        let none = try SearchScriptRunner.run(query: "nichtda", index: index)
        #expect(none.status == "Keine Treffer für „nichtda“.")
    }

    @Test func linksResolveFromTheScriptsFolderAndTextIsNotHTML() throws {
        var model = SearchFixture.model
        model.collections[0].entries[0].title = "<img src=x onerror=alert(1)> $& Bürger"
        let result = try SearchScriptRunner.run(query: "bürger $&", index: SiteSearch.indexJSON(model))
        #expect(result.titles == ["<img src=x onerror=alert(1)> $& Bürger"])
        #expect(result.hrefs == ["file:///site/glossary/buergerbeteiligung/index.html"])
        #expect(result.status == "1 Treffer für „bürger $&“.")
    }
}

enum SearchScriptRunner {
    static let node: String? = ["/usr/bin/node", "/usr/local/bin/node", "/usr/bin/nodejs"].first { FileManager.default.isExecutableFile(atPath: $0) }

    struct Result: Decodable {
        var status: String?
        var titles: [String]
        var hrefs: [String]
    }

    /// Runs `search.js` with `?q=query` and `window.chronikSearchIndex` set; returns what it put into the results.
    static func run(query: String, index: [UInt8]) throws -> Result {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("chronik-search-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let harness = """
            // A stand-in for the few DOM calls search.js makes; elements record textContent, href and children.
            function element(tag) {
              return { tag: tag, children: [], textContent: "", className: "", href: "",
                appendChild(c) { this.children.push(c); return c; },
                removeChild(c) { this.children.splice(this.children.indexOf(c), 1); },
                get firstChild() { return this.children[0] || null; },
                set innerHTML(v) { throw new Error("innerHTML used"); } };
            }
            const region = element("div");
            const input = Object.assign(element("input"), { value: "", form: null, addEventListener() {} });
            globalThis.window = { location: { search: "?q=" + encodeURIComponent(process.argv[2]) } };
            globalThis.document = { readyState: "complete", baseURI: "file:///site/search/index.html",
              currentScript: { src: "file:///site/search/search.js" }, documentElement: { lang: "de" },
              getElementById(id) { return id === "chronik-search-input" ? input : id === "chronik-search-results" ? region : null; },
              createElement: element, head: element("head") };
            window.chronikSearchIndex = JSON.parse(require("fs").readFileSync(process.argv[3], "utf8"));
            require(process.argv[4]);
            const status = region.children.find(c => c.tag === "p");
            const list = region.children.find(c => c.tag === "ol");
            const items = list ? list.children : [];
            console.log(JSON.stringify({ status: status ? status.textContent : null,
              titles: items.map(i => i.children[0].textContent), hrefs: items.map(i => i.children[0].href) }));
            """
        try harness.write(to: folder.appendingPathComponent("harness.js"), atomically: true, encoding: .utf8)
        try Data(index).write(to: folder.appendingPathComponent("index.json"))
        try SearchScript.source.write(to: folder.appendingPathComponent("search.js"), atomically: true, encoding: .utf8)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: try #require(node))
        process.arguments = [folder.appendingPathComponent("harness.js").path, query,
                             folder.appendingPathComponent("index.json").path, folder.appendingPathComponent("search.js").path]
        let output = Pipe()
        process.standardOutput = output
        try process.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        #expect(process.terminationStatus == 0)
        return try JSONDecoder().decode(Result.self, from: data)
    }
}
