import ChronikChangelog
import ChronikDiff
import ChronikStore
import Foundation
import GitKit
import Testing
@testable import ChronikPublish

/// The Berlin sample, imported into a fresh temporary folder (fixed authors and dates: the same ids on every run).
func sampleStore() throws -> (Store, URL) {
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent("chronik-site-\(UUID().uuidString)")
    let report = try SnapshotImporter.run(SampleBerlin.snapshots, into: dir, root: SampleBerlin.displayName)
    return (try Store(at: report.store), dir)
}

let testAuthor = Signature(name: "Test Author", email: "test@example.org", date: Date(timeIntervalSince1970: 1_700_000_000), timeZoneOffsetMinutes: 60)

/// `git fsck --full` on a test repository.
func expectFsck(_ store: Store, sourceLocation: Testing.SourceLocation = #_sourceLocation) throws {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    process.arguments = ["git", "-C", store.root.path, "fsck", "--full"]
    process.standardOutput = FileHandle.nullDevice
    process.standardError = FileHandle.nullDevice
    try process.run()
    process.waitUntilExit()
    #expect(process.terminationStatus == 0, "git fsck --full failed", sourceLocation: sourceLocation)
}

/// Runs git in the store with a fixed author, committer and date.
func git(_ store: Store, _ arguments: [String]) throws {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    process.arguments = ["git", "-C", store.root.path, "-c", "user.name=Test Author", "-c", "user.email=test@example.org",
                         "-c", "commit.gpgsign=false"] + arguments
    var environment = ProcessInfo.processInfo.environment
    environment["GIT_AUTHOR_DATE"] = "2023-11-14T23:13:20+01:00"
    environment["GIT_COMMITTER_DATE"] = "2023-11-14T23:13:20+01:00"
    process.environment = environment
    try process.run()
    process.waitUntilExit()
    #expect(process.terminationStatus == 0, "git \(arguments) failed")
}

func buildSite(_ store: Store, options: SiteBuildOptions = .init()) throws -> SiteModel {
    guard let tip = try store.tip() else { throw StoreError.missingConfig(path: "no versions") }
    return try SiteModelBuilder.build(store: store, at: tip, options: options)
}

@Suite struct SiteModelTests {
    /// `chronik list --public COLLECTION` shows the columns of the site's table for that collection, with the same
    /// labels: one schema reader (`CollectionSchema`) serves both.
    @Test func publicListingHasTheSiteTablesColumns() throws {
        let (store, dir) = try sampleStore()
        defer { try? FileManager.default.removeItem(at: dir) }
        let site = try buildSite(store)
        let listing = EntryListing(store: store, commit: try #require(try store.tip()))
        #expect(site.collections.count == 7)
        for collection in site.collections {
            var options = ListOptions()
            options.collection = collection.name
            options.publicOnly = true
            options.language = site.language
            let list = try listing.list(options) { Messages.catalog(StoreLanguage(rawValue: $0) ?? .en) }
            #expect(list.columns.map(\.key) == collection.columns.map(\.key), "\(collection.name)")
            let labels = { (columns: [(key: String, label: String)]) in columns.filter { $0.key != "title" }.map(\.label) }
            #expect(labels(list.columns.map { ($0.key, $0.label) }) == labels(collection.columns.map { ($0.key, $0.label) }), "\(collection.name)")
        }

        // Columns the schema names, one of them private: the site and the public listing leave it out, the team's
        // listing shows it.
        let tip = try #require(try store.tip())
        let original = String(decoding: try #require(try store.blob(at: "schemas/actors.schema.json", inTree: tip.treeID)), as: UTF8.self)
        let at = try #require(original.range(of: "\"required\""))
        try store.writeFile("schemas/actors.schema.json", Data(original.replacingCharacters(in: at, with: "\"x-chronik-columns\": [\"kind\", \"contact\", \"name\"], \"required\"").utf8))
        _ = try store.commit(message: "Spalten", author: testAuthor, committer: testAuthor)
        let actors = try #require(try buildSite(store).collections.first { $0.name == "actors" })
        #expect(actors.columns.map(\.key) == ["kind", "title"])
        var options = ListOptions()
        options.collection = "actors"
        options.publicOnly = true
        let catalog = { (language: String) -> any MessageCatalog in Messages.catalog(StoreLanguage(rawValue: language) ?? .en) }
        let changed = EntryListing(store: store, commit: try #require(try store.tip()))
        #expect(try changed.list(options, catalog: catalog).columns.map(\.key) == ["kind", "title"])
        options.publicOnly = false
        #expect(try changed.list(options, catalog: catalog).columns.map(\.key) == ["kind", "contact", "title"])
        try expectFsck(store)
    }

    @Test func theSampleSiteHasItsCollectionsEntriesAndReleases() throws {
        let (store, dir) = try sampleStore()
        defer { try? FileManager.default.removeItem(at: dir) }
        let site = try buildSite(store)
        #expect(site.title == "Gemeinsam Digital: Berlin – Wissensspeicher")
        #expect(site.language == "de")
        #expect(site.collections.map(\.name) == ["actors", "results", "library", "glossary", "faq", "events", "strategy"])
        #expect(site.collections.map(\.label).prefix(2) == ["Prozessakteure", "Prozessergebnisse"])
        #expect(site.releases.map(\.release.name) == ["gemeinsam-digital", "strategieentwurf", "aktionen", "ambitionen", "strategischer-rahmen"])
        #expect(site.release?.name == "gemeinsam-digital")
        #expect(site.origin != nil && site.origin?.id != site.version.id)
        #expect(site.recent.count == 5)

        let glossary = try #require(site.collections.first { $0.name == "glossary" })
        #expect(glossary.entries.count == 12)
        // Sorted by title; the title field (`term`) is the title column, labelled by the schema.
        #expect(glossary.entries.map { $0.title.lowercased() } == glossary.entries.map { $0.title.lowercased() }.sorted())
        #expect(glossary.columns.first?.key == "title")
        #expect(glossary.columns.first?.label == "Begriff")
        #expect(!glossary.columns.contains { $0.key == "term" })

        // The strategy in section order.
        let strategy = try #require(site.collections.first { $0.name == "strategy" })
        #expect(strategy.entries.count > 3)

        // Participation dates: the events, by start, with their status.
        let events = try #require(site.collections.first { $0.name == "events" })
        #expect(site.dates.count == events.entries.count)
        #expect(site.dates.map(\.start) == site.dates.map(\.start).sorted())
        #expect(site.dates.allSatisfy { ["geplant", "laufend", "beendet"].contains($0.status ?? "") && $0.statusLabel != nil })
        #expect(events.columns.map(\.key).starts(with: ["title", "format", "start", "end", "status"]))

        // English labels when asked.
        let english = try buildSite(store, options: SiteBuildOptions(language: "en"))
        #expect(english.language == "en")
        #expect(english.collections.first?.label == "Process actors")
        #expect(english.collections.first { $0.name == "glossary" }?.columns.first?.label == "Term")

        // Entries are found by collection and id, also after the collections change.
        var changed = site
        let first = try #require(changed.collections[3].entries.first), second = changed.collections[3].entries[1]
        #expect(changed.entry("glossary", first.id) == first)
        changed.collections[3].entries.removeFirst()
        #expect(changed.entry("glossary", first.id) == nil)
        #expect(changed.entry("glossary", second.id) == second)
        #expect(changed.entry("actors", second.id) == nil)

        // No README in the sample and no site.introduction: an empty introduction.
        #expect(site.introduction == "")
        try expectFsck(store)
    }

    @Test func referencesShowTitlesAndBacklinksAreSymmetric() throws {
        let (store, dir) = try sampleStore()
        defer { try? FileManager.default.removeItem(at: dir) }
        let site = try buildSite(store)
        var links = 0
        for collection in site.collections {
            for entry in collection.entries {
                for field in entry.fields {
                    for link in field.links {
                        links += 1
                        let target = site.entry(link.collection, link.id)
                        #expect(link.resolves == (target != nil))
                        if let target {
                            #expect(link.title == target.title)
                            // The target lists this entry among its backlinks.
                            #expect(target.backlinks.contains { $0.collection == entry.collection && $0.id == entry.id })
                        } else {
                            #expect(link.title == link.id)
                        }
                    }
                }
                // Every backlink is a link of the referring entry.
                for back in entry.backlinks {
                    let source = try #require(site.entry(back.collection, back.id))
                    #expect(source.fields.flatMap(\.links).contains { $0.collection == entry.collection && $0.id == entry.id })
                }
            }
        }
        #expect(links > 10)
        // An actor's `member_of` refers to other actors by id; the link shows the title (`name`).
        let citylab = try #require(site.entry("actors", "citylab-berlin"))
        let memberOf = try #require(citylab.fields.first { $0.key == "member_of" })
        #expect(!memberOf.links.isEmpty && memberOf.links.allSatisfy { $0.resolves && $0.title != $0.id })
        #expect(memberOf.label == "Gehört zu")
    }

    @Test func historyOfAnEntryIsWhatLogLists() throws {
        let (store, dir) = try sampleStore()
        defer { try? FileManager.default.removeItem(at: dir) }
        // One more version that renames an entry again and changes another, after the releases.
        let old = try String(contentsOf: store.root.appendingPathComponent("glossary/open-source.md"), encoding: .utf8)
        try FileManager.default.removeItem(at: store.root.appendingPathComponent("glossary/open-source.md"))
        try store.writeFile("glossary/quelloffene-software.md", Data(old.utf8))
        let faq = store.root.appendingPathComponent("faq/wie-kann-ich-mitmachen.md")
        try store.writeFile("faq/wie-kann-ich-mitmachen.md", Data((try String(contentsOf: faq, encoding: .utf8) + "\nNoch ein Satz dazu.\n").utf8))
        _ = try store.commit(message: "Open Source umbenannt", author: testAuthor, committer: testAuthor)
        let site = try buildSite(store)
        let tip = try #require(try store.tip())
        let names = ["glossary/betriebsmodell", "glossary/quelloffene-software", "faq/wie-kann-ich-mitmachen", "actors/citylab-berlin",
                     "strategy/" + (site.collections.first { $0.name == "strategy" }?.entries.first?.id ?? "")]
        for name in names {
            let parts = name.split(separator: "/").map(String.init)
            let entry = try #require(site.entry(parts[0], parts[1]), "\(name)")
            let logged = try store.log(from: tip, options: LogOptions(entry: EntryID(collection: parts[0], id: parts[1])))
            #expect(entry.history.map(\.version.id) == logged.map(\.id), "\(name)")
            #expect(!entry.history.isEmpty)
            // Each change is the entry's, under its name then.
            #expect(entry.history.allSatisfy { $0.change.entry.collection == parts[0] })
        }
        // The renamed entries: their renames are in their histories, and their oldest change adds them.
        let betrieb = try #require(site.entry("glossary", "betriebsmodell"))
        #expect(betrieb.history.contains { $0.change.kind == .renamed && $0.change.from?.id == "betreibermodell" })
        #expect(betrieb.history.last?.change.kind == .added && betrieb.history.last?.change.entry.id == "betreibermodell")
        let renamed = try #require(site.entry("glossary", "quelloffene-software"))
        #expect(renamed.history.first?.change.kind == .renamed && renamed.history.first?.release == nil)
        // Versions of a release name it.
        #expect(betrieb.history.last?.release == "strategischer-rahmen")
        try expectFsck(store)
    }

    @Test func badInputGivesOneClearError() throws {
        let (store, dir) = try sampleStore()
        defer { try? FileManager.default.removeItem(at: dir) }
        let config = try String(contentsOf: store.root.appendingPathComponent("chronik.yml"), encoding: .utf8)
        try store.writeFile("chronik.yml", Data((config + "site:\n  introduction: glossary/gibt-es-nicht\n").utf8))
        _ = try store.commit(message: "Einleitung", author: testAuthor, committer: testAuthor)
        #expect {
            try buildSite(store)
        } throws: { error in
            "\(error)".contains("site.introduction") && "\(error)".contains("glossary/gibt-es-nicht")
        }
        try store.writeFile("chronik.yml", Data((config + "site:\n  introduction: glossary/smart-city\n").utf8))
        _ = try store.commit(message: "Einleitung", author: testAuthor, committer: testAuthor)
        let site = try buildSite(store)
        #expect(site.introduction == site.entry("glossary", "smart-city")?.body)
        #expect(!site.introduction.isEmpty)

        // Front matter that cannot be read: the file and line.
        // (The store refuses to commit it: git does, as another tool would.)
        try Data("---\nterm: [unclosed\n---\nText.\n".utf8).write(to: store.root.appendingPathComponent("glossary/kaputt.md"))
        try git(store, ["add", "glossary/kaputt.md"])
        try git(store, ["commit", "-q", "-m", "Kaputt"])
        #expect {
            try buildSite(store)
        } throws: { error in
            "\(error)".hasPrefix("glossary/kaputt.md:")
        }
        try git(store, ["rm", "-q", "glossary/kaputt.md"])
        try git(store, ["commit", "-q", "-m", "Nicht mehr kaputt"])

        // A damaged object: the changelog's "cannot read object" error, never a missing entry.
        try store.writeFile("glossary/neu.md", Data("---\nterm: Neu\n---\nEin neuer Begriff, eigens für diesen Test.\n".utf8))
        let outcome = try store.commit(message: "Neu", author: testAuthor, committer: testAuthor)
        _ = outcome
        let tip = try #require(try store.tip())
        let blob = try #require(try store.repository.entry(atPath: "glossary/neu.md", inTree: tip.treeID)).id.hex
        let file = store.root.appendingPathComponent(".git/objects/\(blob.prefix(2))/\(blob.dropFirst(2))")
        try FileManager.default.setAttributes([.posixPermissions: 0o644], ofItemAtPath: file.path)
        var bytes = try Data(contentsOf: file)
        bytes[bytes.count / 2] ^= 0xFF
        try bytes.write(to: file)
        #expect {
            try buildSite(store)
        } throws: { error in
            "\(error)".hasPrefix("cannot read object \(blob)") && "\(error)".contains("glossary/neu.md")
        }
    }
}

/// The model builder's per-collection shortcuts (inc15e) against the code they replace, on seeded inputs: fields with
/// the collection's layout (`FieldLayout`: property keys and labels asked once) are the fields read from the schema
/// for every entry; entries sorted by titles lower-cased once are in the order of lower-casing at every comparison.
@Suite struct SiteModelBuilderShortcutTests {
    static let schema: CollectionSchema = {
        let json = """
        {"type": "object", "properties": {
          "title": {"type": "string", "x-chronik-label": {"de": "Titel", "en": "Title"}},
          "status": {"type": "string", "x-chronik-label": "Stand"},
          "related": {"type": "array", "items": {"x-chronik-ref": "glossary"}},
          "owner": {"x-chronik-ref": "actors", "x-chronik-label": {"en": "Owner"}},
          "year": {"type": "integer"},
          "via": {"$ref": "#/$defs/g"},
          "nested": {"type": "object", "properties": {"who": {"x-chronik-ref": "actors"}, "a": {"type": "string"}}},
          "plain": {"type": "object", "properties": {"a": {"type": "string"}}}
        }, "$defs": {"g": {"type": "array", "items": {"x-chronik-ref": "glossary"}}}}
        """
        return CollectionSchema(root: try? JSONParser.parse(json), path: nil, language: "en", resolve: nil)
    }()

    @Test(arguments: [3, 15, 2026] as [UInt64])
    func fieldsWithTheLayoutAreTheFieldsFromTheSchema(seed: UInt64) {
        var random = SplitMix64(seed: seed)
        let keys = ["title", "status", "related", "owner", "year", "extra", "notes", "Title", "äöü", "via", "nested", "plain"]
        func value(_ key: String) -> JSONValue {
            switch random.next() % 4 {
            case 0: return .string("id-\(random.next() % 9)")
            case 1: return .array((0..<Int(random.next() % 4)).map { _ in .string("g-\(random.next() % 5)") })
            case 2: return .number(JSONNumber(Int(random.next() % 100)))
            default: return random.next() % 2 == 0 ? .object(["a": .string("b")]) : .object(["who": .string("w-\(random.next() % 3)"), "a": .string("b")])
            }
        }
        func link(_ collection: String, _ id: String) -> SiteLink {
            SiteLink(collection: collection, id: id, title: id.uppercased(), resolves: id.hasSuffix("1"))
        }
        var layout = SiteModelBuilder.FieldLayout(Self.schema)
        for round in 0..<200 {
            // The fields in a seeded order, through JSON (the test target does not name `OrderedDictionary`).
            var members: [String] = []
            for key in keys.shuffled(using: &random) where random.next() % 3 != 0 {
                var writer = JSONByteWriter(pretty: false)
                writer.write(value(key), indent: 0)
                members.append("\"\(key)\": " + String(decoding: writer.bytes, as: UTF8.self))
            }
            guard case .object(let fields)? = try? JSONParser.parse("{" + members.joined(separator: ", ") + "}") else {
                Issue.record("seed \(seed), round \(round): the fields do not parse")
                continue
            }
            let document = EntryDocument(fields: fields, body: "")
            let fast = SiteModelBuilder.fields(document, layout: &layout, link: link)
            let reference = SiteModelBuilder.fields(document, schema: Self.schema, link: link)
            #expect(fast == reference, "seed \(seed), round \(round)")
        }
    }

    @Test(arguments: [3, 41] as [UInt64])
    func sectionPositionsLookedUpOnceSortAsBefore(seed: UInt64) {
        var random = SplitMix64(seed: seed)
        let values: [JSONValue?] = [nil, .number(JSONNumber(1)), .number(JSONNumber(2.5)), .number(JSONNumber(-3)), .number(JSONNumber(1)),
                                    .string("1"), .bool(true), .null, .number(JSONNumber(Double.nan)), .number(JSONNumber(Double.infinity))]
        for round in 0..<60 {
            var ids = Set<String>()
            var entries: [SiteEntry] = []
            var order: [String: JSONValue?] = [:]
            for _ in 0..<Int(random.next() % 60) {
                let id = "s\(random.next() % 200)"
                guard ids.insert(id).inserted else { continue }
                let value = values[Int(random.next() % UInt64(values.count))]
                order[id] = value
                entries.append(SiteEntry(collection: "strategy", id: id, path: "strategy/\(id).md", title: id, fields: [], body: "", backlinks: [], history: []))
            }
            // The reference: the builder's sort before inc15k, the order dictionary asked at every comparison.
            func position(_ e: SiteEntry) -> Double {
                if case .number(let n)?? = order[e.id], !n.double.isNaN { return n.double }
                return .infinity
            }
            let reference = entries.sorted { (position($0), $0.id) < (position($1), $1.id) }
            let positions = entries.map { SiteModelBuilder.sectionPosition(order[$0.id] ?? nil) }
            #expect(SiteModelBuilder.sortedBySection(entries, positions: positions).map(\.id) == reference.map(\.id), "seed \(seed), round \(round)")
        }
    }

    @Test(arguments: [7, 99] as [UInt64])
    func titlesLowerCasedOnceSortAsBefore(seed: UInt64) {
        var random = SplitMix64(seed: seed)
        let titles = ["Open Data", "open data", "Äpfel", "äpfel", "Zebra", "zebra", "Ärger", "ß", "SS", "Straße", "", "10", "9", "İstanbul"]
        for round in 0..<50 {
            let entries = (0..<Int(random.next() % 40)).map { k in
                SiteEntry(collection: "c", id: "e\(random.next() % 1000)-\(k)", path: "c/e\(k).md",
                          title: titles[Int(random.next() % UInt64(titles.count))], fields: [], body: "", backlinks: [], history: [])
            }
            let reference = entries.sorted { ($0.title.lowercased(), $0.id) < ($1.title.lowercased(), $1.id) }
            #expect(SiteModelBuilder.sortedByTitle(entries).map(\.id) == reference.map(\.id), "seed \(seed), round \(round)")
        }
    }

    /// `SiteModelBuilder.lowercased` (the title sort's keys) against `String.lowercased()`: every scalar alone and
    /// after ASCII, then seeded texts of ASCII, letters with and without case beyond it, combining marks, scalars that
    /// lower to several (İ) or that lower in context elsewhere (Σ at a word's end), and four-byte scalars.
    @Test(arguments: [3, 41] as [UInt64])
    func titlesLowerCasedAsTheStandardLibrary(seed: UInt64) {
        if seed == 3 {
            var wrong = 0
            for value in UInt32(0)...0x10FFFF {
                guard let scalar = Unicode.Scalar(value) else { continue }
                for text in [String(Character(scalar)), "Ab" + String(Character(scalar)) + "Z"] where !SiteModelBuilder.lowercased(text).utf8.elementsEqual(text.lowercased().utf8) {
                    wrong += 1
                    if wrong < 5 { Issue.record("U+\(String(value, radix: 16)) in \(Array(text.unicodeScalars))") }
                }
            }
            #expect(wrong == 0)
        }
        var random = SplitMix64(seed: seed)
        let pieces = ["A", "z", "Q", "[", "@", "`", "{", " ", "-", "9", "\t", "Ä", "ä", "Ö", "ü", "ß", "ẞ", "İ", "I", "ı", "Σ", "σ", "ς", "ΟΔΟΣ",
                      "\u{0301}", "e\u{0301}", "Å", "\u{212B}", "Ǆ", "ǅ", "Ⅻ", "Ⓐ", "𐐀", "𐐨", "𞤀", "😀", "\u{1F1E9}\u{1F1EA}", "ﬀ", "Ŀ", "Ω", "\u{2126}",
                      "Ａ", "ǰ", "\u{0345}", "\u{00A0}", "Straße", "Öffentlicher Raum"]
        for round in 0..<2_000 {
            let text = (0..<Int(random.next() % 12)).map { _ in pieces[Int(random.next() % UInt64(pieces.count))] }.joined()
            #expect(SiteModelBuilder.lowercased(text) == text.lowercased(), "seed \(seed), round \(round): \(Array(text.unicodeScalars))")
            #expect(Array(SiteModelBuilder.lowercased(text).utf8) == Array(text.lowercased().utf8), "seed \(seed), round \(round)")
        }
    }
}
