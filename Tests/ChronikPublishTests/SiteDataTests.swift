import ChronikChangelog
import ChronikDiff
import ChronikStore
import Foundation
import GitKit
import Testing
@testable import ChronikPublish

private let snapshotFolder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Snapshots")

/// Compares `text` with `Snapshots/<name>`; `RECORD_SNAPSHOTS=1` rewrites the file and fails.
private func assertSnapshot(_ text: String, _ name: String, sourceLocation: Testing.SourceLocation = #_sourceLocation) throws {
    let file = snapshotFolder.appendingPathComponent(name)
    if ProcessInfo.processInfo.environment["RECORD_SNAPSHOTS"] == "1" {
        try FileManager.default.createDirectory(at: snapshotFolder, withIntermediateDirectories: true)
        try Data(text.utf8).write(to: file)
        Issue.record("recorded \(name); run again without RECORD_SNAPSHOTS", sourceLocation: sourceLocation)
        return
    }
    let expected = try String(contentsOf: file, encoding: .utf8)
    #expect(text == expected, "\(name) differs from its golden file (RECORD_SNAPSHOTS=1 rewrites it)", sourceLocation: sourceLocation)
}

/// Writes the files into a fresh folder.
private func write(_ files: SiteFiles) throws -> URL {
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent("chronik-site-data-\(UUID().uuidString)")
    for (path, bytes) in files.files {
        let url = dir.appendingPathComponent(path)
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data(bytes).write(to: url)
    }
    return dir
}

/// Runs python3 with `script`; nil when python3 or `module` is missing (a failure with
/// CHRONIK_REQUIRE_BROWSER_CHECKS=1), else the exit status and output.
private func python(_ script: String, module: String, arguments: [String]) throws -> (status: Int32, output: String)? {
    func run(_ args: [String]) throws -> (Int32, String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3"] + args
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: data, as: UTF8.self))
    }
    guard (try? run(["-c", "import \(module)"]))?.0 == 0 else {
        if ProcessInfo.processInfo.environment["CHRONIK_REQUIRE_BROWSER_CHECKS"] == "1" {
            Issue.record("python3 has no \(module), required by CHRONIK_REQUIRE_BROWSER_CHECKS=1")
        } else {
            print("skipped: feed check (python3 has no \(module); pip install \(module))")
        }
        return nil
    }
    return try run(["-c", script] + arguments)
}

/// Parses every feed with feedparser: well-formed, a self link, and an alternate link on every item; prints the
/// number of feeds and items.
private let feedCheck = """
import sys, glob, os, feedparser
root, base = sys.argv[1], sys.argv[2]
feeds = items = 0
for path in sorted(glob.glob(os.path.join(root, '**', 'feed.xml'), recursive=True)):
    d = feedparser.parse(path)
    assert not d.bozo, (path, d.bozo_exception)
    assert d.version == 'atom10', (path, d.version)
    assert d.feed.get('id') and d.feed.get('title') and d.feed.get('updated'), path
    selfs = [l for l in d.feed.get('links', []) if l.get('rel') == 'self']
    assert len(selfs) == 1, (path, d.feed.get('links'))
    if base != '-':
        assert selfs[0]['href'].startswith(base), selfs
    for e in d.entries:
        alternates = [l for l in e.get('links', []) if l.get('rel') == 'alternate']
        assert len(alternates) == 1 and alternates[0]['href'], (path, e.get('id'))
        assert e.get('id') and e.get('title') is not None and e.get('updated'), (path, e)
        if base != '-':
            assert alternates[0]['href'].startswith(base), alternates
        items += 1
    feeds += 1
print(feeds, items)
"""

@Suite struct SiteDataTests {
    @Test func feedsParseAndEveryItemLinksToItsPage() throws {
        let (store, dir) = try sampleStore()
        defer { try? FileManager.default.removeItem(at: dir) }
        let site = try buildSite(store)
        let entries = site.collections.reduce(0) { $0 + $1.entries.count }
        for base in ["https://example.org/strategie/", nil] {
            let files = SiteData.files(site, options: SiteRenderOptions(baseURL: base))
            let folder = try write(files)
            defer { try? FileManager.default.removeItem(at: folder) }
            let feeds = files.files.keys.filter { $0.hasSuffix("feed.xml") }
            #expect(feeds.count == 1 + site.collections.count + entries)
            guard let result = try python(feedCheck, module: "feedparser", arguments: [folder.path, base ?? "-"]) else { continue }
            #expect(result.status == 0, "\(result.output)")
            let counts = result.output.split(whereSeparator: \.isWhitespace).compactMap { Int($0) }
            #expect(counts.first == feeds.count)
            #expect((counts.last ?? 0) > entries)
        }
        // Relative links from an entry's feed lead to its page.
        let relative = SiteData.files(site, options: SiteRenderOptions())
        let feed = String(decoding: try #require(relative.files[SitePaths.entryFeed("glossary", "betriebsmodell")]), as: UTF8.self)
        #expect(feed.contains("<link rel=\"alternate\" type=\"text/html\" href=\"index.html\"/>"))
        #expect(feed.contains("<link rel=\"self\" type=\"application/atom+xml\" href=\"feed.xml\"/>"))
        let siteFeed = String(decoding: try #require(relative.files[SitePaths.feed]), as: UTF8.self)
        #expect(siteFeed.contains("href=\"releases/gemeinsam-digital/index.html\""))
    }

    @Test func jsonFilesParseWithTheShapeOfShow() throws {
        let (store, dir) = try sampleStore()
        defer { try? FileManager.default.removeItem(at: dir) }
        let site = try buildSite(store)
        let files = SiteData.files(site, options: SiteRenderOptions())
        var parsed = 0
        for (path, bytes) in files.files where path.hasSuffix(".json") {
            let value = try JSONParser.parse(Data(bytes))
            #expect(value["chronik"] == .number(JSONNumber(SiteData.contractVersion)), "\(path)")
            parsed += 1
        }
        #expect(parsed == site.collections.count + site.collections.reduce(0) { $0 + $1.entries.count })
        let entry = try JSONParser.parse(Data(try #require(files.files[SitePaths.entryJSON("actors", "citylab-berlin")])))
        guard case .object(let members) = entry else { Issue.record("not an object"); return }
        #expect(Array(members.keys).starts(with: ["chronik", "entry", "fields", "labels", "body"]))
        #expect(entry["entry"]?["collection"]?.stringValue == "actors")
        #expect(entry["entry"]?["id"]?.stringValue == "citylab-berlin")
        #expect(entry["entry"]?["path"]?.stringValue == "actors/citylab-berlin.md")
        // Not the site's version: an entry's file changes only when the entry does.
        #expect(entry["commit"] == nil)
        #expect(entry["fields"]?["contact"] == nil)
        #expect(entry["links"]?.arrayValue?.isEmpty == false)
        #expect(entry["links"]?.arrayValue?.allSatisfy { $0["entry"]?["path"]?.stringValue?.hasSuffix(".md") == true } == true)
        // The collection's file lists its entries in the site's order.
        let glossary = try JSONParser.parse(Data(try #require(files.files[SitePaths.collectionJSON("glossary")])))
        #expect(glossary["entries"]?.arrayValue?.compactMap { $0["entry"]?["id"]?.stringValue } == site.collections.first { $0.name == "glossary" }?.entries.map(\.id))
    }

    @Test func sitemapOnlyWithABaseURLAndAbsoluteOnly() throws {
        let (store, dir) = try sampleStore()
        defer { try? FileManager.default.removeItem(at: dir) }
        let site = try buildSite(store)
        #expect(SiteData.files(site, options: SiteRenderOptions()).files[SitePaths.sitemap] == nil)
        let base = "https://example.org/strategie/"
        let files = SiteData.files(site, options: SiteRenderOptions(baseURL: base))
        let sitemap = String(decoding: try #require(files.files[SitePaths.sitemap]), as: UTF8.self)
        let locations = sitemap.components(separatedBy: "<loc>").dropFirst().map { $0.components(separatedBy: "</loc>")[0] }
        #expect(locations.count == SiteData.pages(site).count)
        #expect(locations.allSatisfy { $0.hasPrefix(base) })
        #expect(locations.contains(base))
        #expect(locations.contains(base + "glossary/betriebsmodell/"))
        #expect(locations.contains(base + "releases/strategieentwurf/"))
        // Under a release's own site (`--releases`), addresses carry its prefix.
        let release = SiteData.files(site, options: SiteRenderOptions(baseURL: base, prefix: SitePaths.releaseSite("aktionen")))
        let releaseMap = String(decoding: try #require(release.files[SitePaths.sitemap]), as: UTF8.self)
        #expect(releaseMap.contains("<loc>\(base)v/aktionen/glossary/</loc>"))
    }

    @Test func goldenEntryFeedAndJSON() throws {
        let (store, dir) = try sampleStore()
        defer { try? FileManager.default.removeItem(at: dir) }
        let site = try buildSite(store)
        let files = SiteData.files(site, options: SiteRenderOptions(baseURL: "https://example.org/strategie/"))
        try assertSnapshot(String(decoding: try #require(files.files[SitePaths.entryFeed("glossary", "betriebsmodell")]), as: UTF8.self),
                           "entry-feed-betriebsmodell.xml")
        try assertSnapshot(String(decoding: try #require(files.files[SitePaths.entryJSON("glossary", "betriebsmodell")]), as: UTF8.self),
                           "entry-betriebsmodell.json")
        // The same model gives the same bytes.
        #expect(SiteData.files(site, options: SiteRenderOptions(baseURL: "https://example.org/strategie/")) == files)
    }

    @Test func hostileTextIsEscapedInFeeds() throws {
        let version = SiteVersion(id: try #require(ObjectID(hex: String(repeating: "a", count: 40))),
                                  date: Timestamp(date: Date(timeIntervalSince1970: 1_700_000_000), offsetMinutes: 60),
                                  summary: "<script>alert(1)</script> & \u{1}")
        let change = ChangelogEntry(kind: .added, entry: EntryRef(collection: "glossary", id: "x", path: "glossary/x.md"), from: nil,
                                    title: "<b>x</b>", fields: [], prose: ProseSummary(), blocks: [])
        let entry = SiteEntry(collection: "glossary", id: "x", path: "glossary/x.md", title: "</title><script>x</script>", fields: [],
                              body: "<img src=x onerror=alert(1)>", backlinks: [],
                              history: [SiteEntryChange(version: version, release: nil, change: change)])
        let model = SiteModel(title: "A & <B>", language: "de", version: version, release: nil, introduction: "",
                              collections: [SiteCollection(name: "glossary", label: "<i>G</i>", columns: [], entries: [entry])],
                              releases: [], recent: [SiteVersionChange(version: version, release: nil, changed: [change.entry])], dates: [])
        let files = SiteData.files(model, options: SiteRenderOptions(baseURL: "https://example.org/\"x/"))
        for (path, bytes) in files.files where path.hasSuffix(".xml") {
            let text = String(decoding: bytes, as: UTF8.self)
            #expect(!text.contains("<script>") && !text.contains("<b>") && !text.contains("<i>") && !text.contains("\u{1}"), "\(path)")
            #expect(!text.contains("\"x/"), "\(path)")
        }
    }
}

/// What the publish writes in pieces or reads back from its spill file (peak15c) against what it held whole.
@Suite struct SiteDataStreamingTests {
    /// A collection's JSON file written in pieces (`SiteJSON.writeCollection`) is the bytes of its tree written whole
    /// (`SiteJSON.bytes(SiteJSON.collection(…))`): on the sample, on the fixture's hostile model, on collections
    /// without entries or columns, and on one of more than a piece (several pieces, none larger than a piece and a
    /// bit).
    @Test func collectionJSONInPiecesIsTheTreeWrittenWhole() throws {
        let (store, dir) = try sampleStore()
        defer { try? FileManager.default.removeItem(at: dir) }
        let sample = try buildSite(store)
        let fixture = SiteFixture.model()
        var large = try #require(fixture.collections.first { !$0.entries.isEmpty })
        let template = large.entries[0]
        large.entries = (0..<160).map { k in
            var entry = template
            entry.id = "e\(k)"
            entry.body = String(repeating: "Wort \(k) \u{2028} \"ä\" \\ ", count: 400)
            return entry
        }
        var cases: [(SiteCollection, SiteModel)] = []
        for model in [sample, fixture] {
            for collection in model.collections {
                cases.append((collection, model))
                var empty = collection
                empty.entries = []
                cases.append((empty, model))
                var bare = collection
                bare.columns = []
                cases.append((bare, model))
            }
        }
        cases.append((large, fixture))
        for (collection, model) in cases {
            let whole = SiteJSON.bytes(SiteJSON.collection(collection, model: model))
            var joined: [UInt8] = []
            var pieces = 0
            SiteJSON.writeCollection(collection, model: model) { piece in
                #expect(piece.count <= JSONByteWriter.pieceSize + 64 << 10)
                joined.append(contentsOf: piece)
                pieces += 1
            }
            #expect(joined == whole, "\(collection.name), \(collection.entries.count) entries")
            if whole.count > 2 * JSONByteWriter.pieceSize { #expect(pieces > 1, "\(whole.count) bytes in \(pieces) pieces") }
        }
        let plan = SiteData.plan(sample, options: SiteRenderOptions(), keys: SiteKeys(sample, options: SiteRenderOptions(), theme: .makeDefault()))
        for collection in sample.collections {
            #expect(plan.items[SitePaths.collectionJSON(collection.name)]?.stream != nil, "written in pieces")
        }
    }

    /// The model builder keeps the entries' bodies in its spill file (`SiteText`), and each reads back as the body
    /// the entry's file has; a text set on an entry is kept in memory; spilled and held texts are equal when their
    /// texts are.
    /// Below `bodySpillMinimum` in all (the sample's, by default) they stay in memory, with the same texts.
    @Test func bodiesAreSpilledAndReadBackAsStored() throws {
        let (store, dir) = try sampleStore()
        defer { try? FileManager.default.removeItem(at: dir) }
        var options = SiteBuildOptions()
        options.bodySpillMinimum = 0
        let site = try buildSite(store, options: options)
        let held = try buildSite(store)
        #expect(held.collections.flatMap(\.entries).allSatisfy { !$0.bodyText.isSpilled }, "the sample's bodies weigh less than the minimum")
        #expect(held == site)
        let tip = try #require(try store.tip())
        var spilled = 0
        for collection in site.collections {
            for entry in collection.entries {
                let data = try #require(try store.blob(at: entry.path, inTree: tip.treeID))
                let document = try EntryDocument.parse(data)
                #expect(entry.body == document.body, "\(entry.path)")
                #expect(entry.bodyText.isSpilled == (document.body.utf8.count >= SiteHistorySpill.smallest), "\(entry.path)")
                if entry.bodyText.isSpilled { spilled += 1 }
                #expect(entry.bodyText == SiteText(document.body))
                #expect(entry.bodyText.hashValue == SiteText(document.body).hashValue)
                var changed = entry
                changed.body = document.body + "!"
                #expect(!changed.bodyText.isSpilled && changed.body == document.body + "!" && changed != entry)
            }
        }
        #expect(spilled > 10)
        let spill = try #require(SiteHistorySpill())
        for text in ["", "kurz", String(repeating: "Bürgerbeteiligung 🏙️ ", count: 40), String(repeating: "\u{0}x", count: 300)] {
            let kept = SiteText(text, spill: spill)
            #expect(kept.text == text && kept == SiteText(text))
            #expect(kept.isSpilled == (text.utf8.count >= SiteHistorySpill.smallest))
        }
    }

    /// The entries read and parsed a batch at a time (`entryBatch`), with the spill file made when the bodies read so
    /// far reach the minimum (at the first batch, part-way, or never): the same model as one batch of every entry,
    /// and the same bodies spilled as when the minimum is 0 (every batch size, seeded minimums).
    @Test func entriesReadInBatchesGiveTheSameModel() throws {
        let (store, dir) = try sampleStore()
        defer { try? FileManager.default.removeItem(at: dir) }
        var whole = SiteBuildOptions()
        whole.entryBatch = .max
        let held = try buildSite(store, options: whole)
        whole.bodySpillMinimum = 0
        let spilledAll = try buildSite(store, options: whole)
        let totalBody = held.collections.flatMap(\.entries).reduce(0) { $0 + $1.body.utf8.count }
        #expect(totalBody > 10_000)
        func spilled(_ model: SiteModel) -> [Bool] { model.collections.flatMap(\.entries).map(\.bodyText.isSpilled) }
        var random = SplitMix64(seed: 15_1205)
        for batch in [1, 2, 5, 17, 64, 2_048] {
            for minimum in [0, Int(random.next() % UInt64(totalBody)) + 1, totalBody, totalBody + 1, 64 << 20] {
                var options = SiteBuildOptions()
                options.entryBatch = batch
                options.bodySpillMinimum = minimum
                let model = try buildSite(store, options: options)
                #expect(model == held, "batches of \(batch), minimum \(minimum)")
                #expect(spilled(model) == spilled(minimum <= totalBody ? spilledAll : held), "batches of \(batch), minimum \(minimum)")
            }
        }
    }

    /// An entry that does not parse stops the build with the first such entry in path order, whatever the batches.
    @Test func theFirstBrokenEntryIsSaidWhateverTheBatches() throws {
        let (store, dir) = try sampleStore()
        defer { try? FileManager.default.removeItem(at: dir) }
        for path in ["faq/zz-kaputt.md", "actors/aa-kaputt.md"] {
            try Data("---\ntitle: [nicht geschlossen\n---\nText\n".utf8).write(to: store.root.appendingPathComponent(path))
        }
        try git(store, ["add", "-A"])
        try git(store, ["commit", "-q", "-m", "Kaputt"])
        var messages: Set<String> = []
        for batch in [1, 3, 40, 2_048, .max] {
            var options = SiteBuildOptions()
            options.entryBatch = batch
            do {
                _ = try buildSite(store, options: options)
                Issue.record("batches of \(batch): built")
            } catch let error as SiteModelError {
                guard case .invalidEntry(let path, _, _) = error else { Issue.record("\(error)"); continue }
                #expect(path == "actors/aa-kaputt.md", "batches of \(batch)")
                messages.insert(error.description)
            }
        }
        #expect(messages.count == 1)
    }
}
