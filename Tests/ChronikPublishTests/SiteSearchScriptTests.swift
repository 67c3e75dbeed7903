import ChronikStore
import Foundation
import Testing
@testable import ChronikPublish

/// The files of the split index as data: each `window.chronikSearchLoad("name", data);` file by its name.
struct SearchFiles {
    var data: [String: Any] = [:]

    init(_ files: SiteFiles) throws {
        let prefix = Array("window.chronikSearchLoad(\"".utf8), suffix = Array(");\n".utf8)
        for (path, bytes) in files.files where path.hasSuffix(".js") && path != SitePaths.searchScript {
            #expect(Array(bytes.prefix(prefix.count)) == prefix && Array(bytes.suffix(suffix.count)) == suffix, "\(path)")
            let inner = bytes[prefix.count..<(bytes.count - suffix.count)]
            let quote = try #require(inner.firstIndex(of: 0x22))
            let name = String(decoding: inner[inner.startIndex..<quote], as: UTF8.self)
            #expect("search/" + name + ".js" == path)
            #expect(inner[quote + 1] == 0x2C)
            data[name] = try JSONSerialization.jsonObject(with: Data(inner[(quote + 2)...]), options: .fragmentsAllowed)
        }
    }
}

/// A site model made by code, seeded: German-like words with umlauts and ß, shared prefixes, titles that repeat
/// or differ only in case, numbers; three collections. For comparing the split index with the reference.
enum GeneratedSearchModel {
    static let stems = ["bürger", "beteiligung", "daten", "dat", "digital", "strategie", "straße", "stadt", "verwaltung",
                        "öffentlich", "offen", "zukunft", "ki", "klima", "mobilität", "smart", "city", "berlin", "bezirk",
                        "energie", "grün", "überblick", "übung", "ämter", "ökologie", "netz", "netzwerk", "plattform",
                        "open", "source", "labor", "schule", "bildung", "gesundheit", "wohnen", "quartier", "2030", "5g"]
    static let endings = ["", "", "", "en", "er", "ung", "s", "lich", "e", "n"]

    static func model(entries count: Int, seed: UInt64) -> SiteModel {
        var state = seed
        func next(_ bound: Int) -> Int {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            return Int((state >> 33) % UInt64(bound))
        }
        func word() -> String { stems[next(stems.count)] + endings[next(endings.count)] }
        func words(_ n: Int) -> String { (0..<n).map { _ in word() }.joined(separator: " ") }
        let names = [("glossary", "Glossar"), ("actors", "Prozessakteure"), ("results", "Ergebnisse")]
        var collections = names.map { SiteCollection(name: $0.0, label: $0.1, columns: [SiteColumn(key: "title", label: "Titel")], entries: []) }
        for number in 0..<count {
            var title = words(1 + next(3))
            switch next(8) {
            case 0: title = title.capitalized
            case 1: title = title.uppercased()
            case 2: title = "Titel"   // the same title again and again: ties in title order keep the model's order
            default: break
            }
            let body = (0..<(1 + next(3))).map { _ in words(5 + next(40)) + "." }.joined(separator: "\n\n")
            let field = SiteField(key: "tags", label: "Schlagworte", value: .array([.string(word()), .string(word())]))
            let collection = next(names.count)
            collections[collection].entries.append(
                SearchFixture.entry(names[collection].0, "e\(number)", title, fields: [field], body: body))
        }
        return SiteModel(title: "Generiert", language: "de", version: SearchFixture.version, release: nil, introduction: "",
                         collections: collections, releases: [], recent: [], dates: [])
    }
}

/// The real script, run by Node.js with a minimal stand-in for the DOM, against the real index files: the
/// matching, ranking, German folding, escaping and file loading as a browser runs them (scripts/check-site.py runs
/// it in Chromium too). Node is optional on a developer's machine (a visible skip); CI installs it (`.ci/run`).
@Suite(.enabled(if: SearchScriptRunner.node != nil, "node (Node.js) is not installed: the search script is not run"))
struct SiteSearchScriptTests {
    var files: SiteFiles { SiteSearch.files(SearchFixture.model, options: SiteRenderOptions()) }

    @Test func findsByPrefixAndUmlautSpellings() throws {
        let results = try SearchScriptRunner.run(["bürger", "Buerger", "burg", "strasse", "neu"], files: files)
        #expect(results.map(\.titles) == [["Bürgerbeteiligung"], ["Bürgerbeteiligung"], ["Bürgerbeteiligung"], ["Offene Daten"],
                                           ["Chief Digital Officer"]])
    }

    @Test func ranksTitlesFirstAndRequiresEveryWord() throws {
        // "offene": the title of open-data, a referenced title in cdo's field.
        let results = try SearchScriptRunner.run(["offene", "offene rolle", "offene nichtda", "nichtda"], files: files)
        #expect(results.map(\.titles) == [["Offene Daten", "Chief Digital Officer"], ["Chief Digital Officer"], [], []])
        #expect(results[3].status == "Keine Treffer für „nichtda“.")
    }

    @Test func linksResolveFromTheScriptsFolderAndTextIsNotHTML() throws {
        var model = SearchFixture.model
        model.collections[0].entries[0].title = "<img src=x onerror=alert(1)> $& Bürger"
        let result = try #require(try SearchScriptRunner.run(["bürger $&"], files: SiteSearch.files(model, options: SiteRenderOptions())).first)
        #expect(result.titles == ["<img src=x onerror=alert(1)> $& Bürger"])
        #expect(result.hrefs == ["file:///site/glossary/buergerbeteiligung/index.html"])
        #expect(result.status == "1 Treffer für „bürger $&“.")
    }

    /// A query loads the manifest once, the shards its words need and the chunks of the documents it shows.
    @Test func loadsOnlyWhatAQueryNeeds() throws {
        let model = GeneratedSearchModel.model(entries: 300, seed: 3)
        let files = SiteSearch.files(model, layout: SearchShards.Layout(termBudget: 1_500, chunk: 16))
        let results = try SearchScriptRunner.run(["klima", "klima", "x", ""], files: files)
        let first = results[0].loaded
        #expect(first.first == "manifest.js" && first.filter { $0 == "manifest.js" }.count == 1)
        let shards = first.filter { $0.hasPrefix("terms/") }
        let all = files.files.keys.filter { $0.hasPrefix("search/terms/") }
        #expect(!shards.isEmpty && shards.count < all.count / 4, "\(shards) of \(all.count)")
        #expect(shards.allSatisfy { $0.hasPrefix("terms/k") })
        #expect(first.filter { $0.hasPrefix("docs/") }.count <= min(results[0].titles.count, 50))
        #expect(results[1].loaded == [] && results[1].titles == results[0].titles, "the second time everything is there")
        #expect(results[2].titles == [] && results[2].status == "Keine Treffer für „x“." && results[2].loaded == [])
        #expect(results[3].status == nil && results[3].titles == [])
    }

    /// A file that does not load (a site copied in part) ends in the message, not in an exception.
    @Test func aMissingShardIsReported() throws {
        var broken = SiteFiles()
        for (path, bytes) in files.files where !path.hasPrefix("search/terms/b") { broken.add(path, bytes) }
        let results = try SearchScriptRunner.run(["bürger", "offene"], files: broken)
        #expect(results[0].status == "Der Suchindex konnte nicht geladen werden." && results[0].titles == [])
        #expect(results[1].titles == ["Offene Daten", "Chief Digital Officer"])
        var noManifest = SiteFiles()
        for (path, bytes) in files.files where path != SiteSearch.manifest { noManifest.add(path, bytes) }
        #expect(try SearchScriptRunner.run(["offene"], files: noManifest).first?.status == "Der Suchindex konnte nicht geladen werden.")
    }
}

/// The split index against the whole one: the script of before the split (`ReferenceSearchScript`, on
/// `search/index.json`) and today's (on the shards) list the same results in the same order, with the same
/// status line, for the sample's queries on the Berlin sample and on generated models (with small shards and
/// chunks too, so that words split over many shards and results over many chunks).
@Suite(.enabled(if: SearchScriptRunner.node != nil, "node (Node.js) is not installed: the search script is not run"))
struct SiteSearchReferenceTests {
    static let sampleQueries = ["digital", "bürger", "strategie", "daten", "smart city", "verwaltung", "open", "beteiligung", "ki",
                                "zukunft", "d", "s", "st", "buerger", "oeffentlich", "Berlin 2030", "smart-city", "a", "e", "nichtda"]

    /// The same status and titles in the same order, with the script's limit of 50 results and without a limit.
    /// Entries with the same title and score are listed in title order (the model's order) now; the reference listed
    /// them in the order its loop met them (the first matching word's), so among equal titles the hrefs are compared
    /// as sets (with no limit, so that a cut through such a run cannot differ).
    func expectSameResults(_ model: SiteModel, queries: [String], layout: SearchShards.Layout, truncated: Bool = false) throws {
        let files = SiteSearch.files(model, layout: layout)
        let index = try #require(files.files[SitePaths.searchIndex])
        for limit in [nil, 100_000] {
            let split = try SearchScriptRunner.run(queries, files: files, limit: limit)
            let reference = try SearchScriptRunner.runReference(queries, index: index, limit: limit)
            #expect(split.count == queries.count && reference.count == queries.count)
            for (query, (a, b)) in zip(queries, zip(split, reference)) {
                #expect(a.status == b.status, "\(query)")
                #expect(a.titles == b.titles, "\(query)")
                if limit != nil { #expect(runs(a) == runs(b), "\(query)") }
            }
            if truncated && limit == nil { #expect(split.contains { $0.titles.count == 50 }, "some query lists the most there are") }
        }
    }

    /// The hrefs of each run of equal titles, as a set.
    func runs(_ result: SearchScriptRunner.Result) -> [Set<String>] {
        var runs: [Set<String>] = []
        for (index, (title, href)) in zip(result.titles, result.hrefs).enumerated() {
            if index > 0, result.titles[index - 1] == title { runs[runs.count - 1].insert(href) } else { runs.append([href]) }
        }
        return runs
    }

    @Test func theSampleFindsWhatTheWholeIndexFound() throws {
        let (store, dir) = try sampleStore()
        defer { try? FileManager.default.removeItem(at: dir) }
        let model = try buildSite(store)
        try expectSameResults(model, queries: Self.sampleQueries, layout: SearchShards.Layout())
        try expectSameResults(model, queries: Self.sampleQueries, layout: SearchShards.Layout(termBudget: 800, chunk: 4))
    }

    @Test func aGeneratedStoreFindsWhatTheWholeIndexFound() throws {
        var queries = Self.sampleQueries
        queries += GeneratedSearchModel.stems + ["b", "ü", "ue", "oe", "ae", "ubung", "uebung", "TITEL", "titel bürger", "stra", "5", "20",
                                                  "daten digital", "offen", "offe", "dat"]
        for (entries, seed) in [(700, UInt64(1)), (250, UInt64(99))] {
            let model = GeneratedSearchModel.model(entries: entries, seed: seed)
            try expectSameResults(model, queries: queries, layout: SearchShards.Layout(), truncated: true)
            try expectSameResults(model, queries: queries, layout: SearchShards.Layout(termBudget: 1_000, chunk: 8), truncated: true)
        }
    }
}

enum SearchScriptRunner {
    static let node: String? = ["/usr/bin/node", "/usr/local/bin/node", "/usr/bin/nodejs"].first { FileManager.default.isExecutableFile(atPath: $0) }

    struct Result: Decodable {
        var status: String?
        var titles: [String]
        var hrefs: [String]
        /// The index files the query loaded, relative to `search/`, in order.
        var loaded: [String]
    }

    /// Runs today's `search.js` on the site's search files (written to a folder), `?q=` the first query, then the
    /// others typed into the field one after the other, each after the one before has settled.
    /// `limit`: instead of the script's 50 results at most.
    static func run(_ queries: [String], files: SiteFiles, limit: Int? = nil) throws -> [Result] {
        try run(queries, script: SearchScript.source, files: files.files.filter { $0.key != SitePaths.searchScript }.map { ($0.key, $0.value) },
                preset: nil, limit: limit)
    }

    /// Runs the script of before the split (`ReferenceSearchScript`) with `window.chronikSearchIndex` set to `index`.
    static func runReference(_ queries: [String], index: [UInt8], limit: Int? = nil) throws -> [Result] {
        try run(queries, script: ReferenceSearchScript.source, files: [("search/index.json", index)], preset: "search/index.json", limit: limit)
    }

    private static func run(_ queries: [String], script original: String, files: [(String, [UInt8])], preset: String?, limit: Int?) throws -> [Result] {
        var script = original
        if let limit {
            #expect(script.contains("var limit = 50;"))
            script = script.replacingOccurrences(of: "var limit = 50;", with: "var limit = \(limit);")
        }
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("chronik-search-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let site = folder.appendingPathComponent("site")
        for (path, bytes) in files {
            let url = site.appendingPathComponent(path)
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try Data(bytes).write(to: url)
        }
        let harness = """
            // A stand-in for the few DOM calls search.js makes; elements record textContent, href and children. A script
            // element appended to <head> is run (from the site folder) a moment later, as a browser does, then its onload
            // (or onerror, when the file is missing) is called.
            const fs = require("fs"), path = require("path");
            const [, , queriesFile, siteFolder, scriptFile, preset] = process.argv;
            const queries = JSON.parse(fs.readFileSync(queriesFile, "utf8"));
            let pending = 0, loaded = [];
            function element(tag) {
              return { tag: tag, children: [], textContent: "", className: "", href: "", src: "",
                appendChild(c) {
                  this.children.push(c);
                  if (c.tag === "script") {
                    pending++;
                    setImmediate(() => {
                      const prefix = "file:///site/";
                      const file = c.src.startsWith(prefix) ? path.join(siteFolder, c.src.slice(prefix.length)) : null;
                      let ok = false;
                      if (file && fs.existsSync(file)) {
                        loaded.push(c.src.slice((prefix + "search/").length));
                        new Function(fs.readFileSync(file, "utf8"))();
                        ok = true;
                      }
                      pending--;
                      if (ok) { c.onload && c.onload(); } else { c.onerror && c.onerror(); }
                    });
                  }
                  return c;
                },
                removeChild(c) { this.children.splice(this.children.indexOf(c), 1); },
                get firstChild() { return this.children[0] || null; },
                set innerHTML(v) { throw new Error("innerHTML used"); } };
            }
            const region = element("div");
            const listeners = [];
            const input = Object.assign(element("input"), { value: "", form: null, addEventListener(type, f) { listeners.push(f); } });
            globalThis.window = { location: { search: "?q=" + encodeURIComponent(queries[0]) } };
            globalThis.document = { readyState: "complete", baseURI: "file:///site/search/index.html",
              currentScript: { src: "file:///site/search/search.js" }, documentElement: { lang: "de" },
              getElementById(id) { return id === "chronik-search-input" ? input : id === "chronik-search-results" ? region : null; },
              createElement: element, head: element("head") };
            // The reference ranks ties by localeCompare in the reader's language: pinned to German here, whatever Node's
            // locale.
            const collator = new Intl.Collator("de");
            if (preset) { String.prototype.localeCompare = function (other) { return collator.compare(String(this), other); }; }
            if (preset) { window.chronikSearchIndex = JSON.parse(fs.readFileSync(path.join(siteFolder, preset), "utf8")); }
            function settled() {
              return new Promise(resolve => { (function wait() { setImmediate(() => pending > 0 ? wait() : setImmediate(resolve)); })(); });
            }
            function result() {
              const status = region.children.find(c => c.tag === "p");
              const list = region.children.find(c => c.tag === "ol");
              const items = list ? list.children : [];
              const out = { status: status ? status.textContent : null, titles: items.map(i => i.children[0].textContent),
                hrefs: items.map(i => i.children[0].href), loaded: loaded };
              loaded = [];
              return out;
            }
            (async () => {
              const results = [];
              window.chronikSearchLoad = undefined;
              new Function(fs.readFileSync(scriptFile, "utf8"))();
              await settled();
              results.push(result());
              for (const query of queries.slice(1)) {
                input.value = query;
                listeners.forEach(f => f({}));
                await settled();
                results.push(result());
              }
              console.log(JSON.stringify(results));
            })();
            """
        try harness.write(to: folder.appendingPathComponent("harness.js"), atomically: true, encoding: .utf8)
        try JSONEncoder().encode(queries).write(to: folder.appendingPathComponent("queries.json"))
        try script.write(to: folder.appendingPathComponent("search.js"), atomically: true, encoding: .utf8)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: try #require(node))
        process.arguments = [folder.appendingPathComponent("harness.js").path, folder.appendingPathComponent("queries.json").path,
                             site.path, folder.appendingPathComponent("search.js").path] + (preset.map { [$0] } ?? [])
        let output = Pipe()
        process.standardOutput = output
        try process.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        #expect(process.terminationStatus == 0)
        return try JSONDecoder().decode([Result].self, from: data)
    }
}
