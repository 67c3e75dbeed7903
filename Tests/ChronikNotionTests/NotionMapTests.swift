import ChronikStore
import Foundation
import OrderedCollections
import Testing
@testable import ChronikNotion

// The mapper on exports built as values (the reader's own tests cover files and zips).

@Suite struct NotionTextTests {
    @Test(arguments: [
        ("February 5, 2025", "2025-02-05", false),
        ("Feb 5, 2025", "2025-02-05", false),
        ("@February 5, 2025", "2025-02-05", false),
        ("February 5, 2025 6:16 AM", "2025-02-05T06:16:00Z", true),
        ("February 5, 2025 12:05 AM", "2025-02-05T00:05:00Z", true),
        ("February 5, 2025 12:30 PM", "2025-02-05T12:30:00Z", true),
        ("February 5, 2025 6:16 PM", "2025-02-05T18:16:00Z", true),
        ("February 5, 2025 18:16", "2025-02-05T18:16:00Z", true),
        ("2022-06-01", "2022-06-01", false),
        ("February 29, 2024", "2024-02-29", false),
    ])
    func dates(text: String, expected: String, hasTime: Bool) throws {
        let date = try #require(NotionText.date(text))
        #expect(date.hasTime == hasTime)
        #expect((hasTime ? date.isoDateTime(in: TimeZone(identifier: "UTC")!) : date.isoDay) == expected)
    }

    @Test(arguments: ["February 30, 2025", "Februar 5, 2025", "February 5 2025", "February 5, 2025 13:00 PM", "5.2.2025",
                      "February 5, 2025 6:16 AM (GMT+1)", "2025-13-01", "yesterday", ""])
    func notDates(text: String) {
        #expect(NotionText.date(text) == nil)
    }

    @Test func rangesAndTimeZones() throws {
        let (start, end) = try #require(NotionText.range("June 16, 2022 → July 6, 2022"))
        #expect(start.isoDay == "2022-06-16" && end.isoDay == "2022-07-06")
        #expect(NotionText.range("June 16, 2022") == nil)
        #expect(NotionText.range("June 16, 2022 → soon") == nil)
        let berlin = try #require(TimeZone(identifier: "Europe/Berlin"))
        // Winter and summer time: the offset of that day, not of today.
        #expect(NotionText.date("February 5, 2025 6:16 AM")?.isoDateTime(in: berlin) == "2025-02-05T06:16:00+01:00")
        #expect(NotionText.date("July 5, 2025 6:16 PM")?.isoDateTime(in: berlin) == "2025-07-05T18:16:00+02:00")
    }

    @Test(arguments: [
        ("12", "12", nil), ("-3.5", "-3.5", nil), ("1,234", "1234", nil), ("1,234.50", "1234.50", nil),
        ("€12.50", "12.50", "€"), ("12.50 €", "12.50", "€"), ("$1,000", "1000", "$"), ("45%", "45", "%"), ("0", "0", nil),
    ] as [(String, String, String?)])
    func numbers(text: String, literal: String, unit: String?) throws {
        let number = try #require(NotionText.number(text))
        #expect(number.value.literal == literal)
        #expect(number.unit == unit)
    }

    @Test(arguments: ["007", "1,23", "12,50", "1.2.3", "twelve", "€", "12 apples", "1,2345"])
    func notNumbers(text: String) {
        #expect(NotionText.number(text) == nil)
    }

    @Test func booleansURLsAndEmails() {
        #expect(NotionText.bool("Yes") == true && NotionText.bool("No") == false && NotionText.bool("Maybe") == nil)
        #expect(NotionText.isURL("https://www.berlin.de/sen/") && !NotionText.isURL("www.berlin.de") && !NotionText.isURL("https://a b"))
        #expect(NotionText.isEmail("team@example.org") && !NotionText.isEmail("team@example") && !NotionText.isEmail("a b@example.org"))
        #expect(NotionText.list("a, b,  c") == ["a", "b", "c"])
    }
}

/// A small export of two linked databases and a free page, as both formats would give it.
enum ExportFixture {
    static let actorIDs = (0..<4).map { String(format: "%032x", 0xa000 + $0) }
    static let eventIDs = (0..<5).map { String(format: "%032x", 0xe000 + $0) }
    static let pageID = String(format: "%032x", 0xf000)

    static func export(relationsByTitle: Bool = false) -> NotionExport {
        func link(_ index: Int, _ title: String) -> NotionLink { NotionLink(pageID: relationsByTitle ? nil : actorIDs[index], title: title) }
        let actorTitles = ["Smart City Team", "Senatskanzlei ", "@CityLAB Berlin", "Straße & Söhne"]
        let actors = NotionDatabase(
            id: "d0000000000000000000000000000001", name: "Prozessakteure", path: "Export/Prozessakteure d0000000000000000000000000000001.csv",
            properties: [NotionProperty(name: "Name", type: .title), NotionProperty(name: "Art"), NotionProperty(name: "Kontakt"),
                         NotionProperty(name: "Seit"), NotionProperty(name: "Website"), NotionProperty(name: "Aktiv")],
            rows: actorTitles.enumerated().map { index, title in
                NotionPage(id: actorIDs[index], title: title, path: "Export/Prozessakteure/\(title) \(actorIDs[index]).md", properties: [
                    "Name": .text(title), "Art": .text(index == 3 ? "Person" : "Organisation"),
                    "Kontakt": .text("team\(index)@example.org"), "Seit": .text("March \(index + 1), 2021"),
                    "Website": .text("https://example.org/\(index)"), "Aktiv": .text(index == 1 ? "No" : "Yes"),
                ], body: "Über \(title).\n")
            })
        let events = NotionDatabase(
            id: "d0000000000000000000000000000002", name: "Prozesstermine", path: "Export/Prozesstermine d0000000000000000000000000000002.csv",
            properties: [NotionProperty(name: "Termin", type: .title), NotionProperty(name: "Zeitraum"), NotionProperty(name: "Status"),
                         NotionProperty(name: "Beteiligte"), NotionProperty(name: "Kosten"), NotionProperty(name: "Themen")],
            rows: (0..<5).map { index in
                var properties: OrderedDictionary<String, NotionValue> = [
                    "Termin": .text("Forum \(index)"),
                    "Zeitraum": .text(index == 0 ? "June 1, 2022" : "June \(index + 1), 2022 → July \(index + 1), 2022"),
                    "Status": .text(index < 3 ? "beendet" : "geplant"),
                    "Beteiligte": .pages([link(0, "Smart City Team"), link(index % 2 == 0 ? 1 : 2, index % 2 == 0 ? "Senatskanzlei" : "CityLAB Berlin")]),
                    "Kosten": .text("€\(index * 100).50"),
                    "Themen": .text(index % 2 == 0 ? "Klima, Daten" : "Daten, Verwaltung"),
                ]
                if index == 4 { properties["Beteiligte"] = .pages([NotionLink(pageID: relationsByTitle ? nil : String(repeating: "9", count: 32), title: "Unbekannt")]) }
                return NotionPage(id: eventIDs[index], title: "Forum \(index)", path: "Export/Prozesstermine/Forum \(index) \(eventIDs[index]).md",
                                  properties: properties,
                                  body: "Mit dem [Team](../Prozessakteure/Smart%20City%20Team%20\(actorIDs[0]).md) und [extern](https://example.org).\n")
            })
        let page = NotionPage(id: pageID, title: "Über den Speicher", path: "Export/Über den Speicher \(pageID).md",
                              body: "Siehe [Forum 1](https://www.notion.so/Forum-1-\(eventIDs[1])?pvs=21).\n")
        return NotionExport(format: .markdown, databases: [actors, events], pages: [page],
                            skipped: [NotionSkippedFile(path: "Export/view.csv", reason: "a view of a database; the _all.csv is read")])
    }
}

@Suite struct NotionInferenceTests {
    @Test func fieldsFromAllValues() throws {
        let mapping = NotionMapping.infer(from: ExportFixture.export())
        #expect(mapping.collections.map(\.name) == ["prozessakteure", "prozesstermine"])
        let actors = mapping.collections[0]
        #expect(actors.titleProperty == "Name" && actors.titleKey == "name")
        func field(_ collection: NotionMapping.Collection, _ property: String) throws -> NotionMapping.Field {
            try #require(collection.fields.first { $0.property == property })
        }
        // Two distinct values in four rows: a select.
        #expect(try field(actors, "Art").enumValues == ["Organisation", "Person"])
        let contact = try field(actors, "Kontakt")
        #expect(contact.type == "string" && contact.format == "email" && contact.isPrivate)
        let since = try field(actors, "Seit")
        #expect(since.type == "string" && since.format == "date" && !since.isPrivate)
        #expect(try field(actors, "Website").format == "uri")
        #expect(try field(actors, "Aktiv").type == "boolean")
        let events = mapping.collections[1]
        let range = try field(events, "Zeitraum")
        #expect(range.key == "start" && range.endKey == "end" && range.type == "string" && range.format == "date")
        #expect(try field(events, "Status").enumValues == ["beendet", "geplant"])
        let people = try field(events, "Beteiligte")
        #expect(people.type == "array" && people.ref == "prozessakteure")
        let cost = try field(events, "Kosten")
        #expect(cost.type == "number" && cost.unit == "€")
        let topics = try field(events, "Themen")
        #expect(topics.type == "array" && topics.enumValues == ["Klima", "Daten", "Verwaltung"])
    }

    @Test func statedTypesWin() {
        let values: [NotionValue] = [.text("12"), .text("13")]
        #expect(NotionMapping.inferField(NotionProperty(name: "Telefon", type: .phone), key: "telefon", values: values).isPrivate)
        #expect(NotionMapping.inferField(NotionProperty(name: "Nummer", type: .text), key: "n", values: values).type == "integer")
        #expect(NotionMapping.inferField(NotionProperty(name: "Ort", type: .select), key: "o", values: [.options(["A"]), .options(["B"])]).enumValues == ["A", "B"])
        #expect(NotionMapping.inferField(NotionProperty(name: "Tags", type: .multiSelect), key: "t", values: [.options(["A", "B"])]).type == "array")
        #expect(NotionMapping.inferField(NotionProperty(name: "Fertig", type: .checkbox), key: "f", values: [.checkbox(true)]).type == "boolean")
        #expect(NotionMapping.inferField(NotionProperty(name: "Datei", type: .files), key: "d", values: [.text("a.pdf")]).skip)
        #expect(NotionMapping.inferField(NotionProperty(name: "Ansprechperson"), key: "a", values: [.text("Frau A")]).isPrivate)
        // Mixed values: text, never a guess.
        #expect(NotionMapping.inferField(NotionProperty(name: "Jahr"), key: "j", values: [.text("2021"), .text("bald")]) == NotionMapping.Field(property: "Jahr", key: "j", type: "string"))
    }
}

@Suite struct NotionMappingFileTests {
    @Test func roundTrip() throws {
        let export = ExportFixture.export()
        var mapping = NotionMapping.infer(from: export)
        mapping.timeZone = "Europe/Berlin"
        mapping.collections[0].fields[0].skip = true
        mapping.collections[0].fields[0].key = ""
        mapping.collections[0].fields[0].type = "string"
        mapping.collections[0].fields[0].label = mapping.collections[0].fields[0].property
        mapping.collections[0].fields[0].isPrivate = false
        mapping.collections[0].fields[0].enumValues = nil
        let parsed = try NotionMapping.parse(Data(mapping.yaml.utf8), for: export)
        #expect(parsed == mapping)
    }

    /// The mapping's text with one line replaced, and the error it gives.
    private func refusal(_ replace: (String) -> String) -> NotionMappingError? {
        let export = ExportFixture.export()
        let text = replace(NotionMapping.infer(from: export).yaml)
        do {
            _ = try NotionMapping.parse(Data(text.utf8), for: export)
            return nil
        } catch {
            return error
        }
    }

    private func line(of needle: String, in text: String) -> Int? {
        text.components(separatedBy: "\n").firstIndex { $0.contains(needle) }.map { $0 + 1 }
    }

    @Test func refusalsNameTheLine() throws {
        let yaml = NotionMapping.infer(from: ExportFixture.export()).yaml
        // Databases are found by id where the mapping names one (names repeat), else by name.
        let unknownID = try #require(refusal { $0.replacingOccurrences(of: "d0000000000000000000000000000002", with: "d0000000000000000000000000000009") })
        #expect(unknownID.problem == .unknownDatabase("Prozesstermine", id: "d0000000000000000000000000000009"))
        #expect(unknownID.line == line(of: "notion: \"Prozesstermine\"", in: yaml))
        let unknownName = try #require(refusal {
            $0.replacingOccurrences(of: "notion: \"Prozesstermine\"", with: "notion: \"Termine\"")
                .replacingOccurrences(of: "    notion_id: \"d0000000000000000000000000000002\"\n", with: "")
        })
        #expect(unknownName.problem == .unknownDatabase("Termine", id: nil))
        #expect(unknownName.line == line(of: "notion: \"Prozesstermine\"", in: yaml))

        let unknownProperty = try #require(refusal { $0.replacingOccurrences(of: "property: \"Kosten\"", with: "property: \"Preis\"") })
        #expect(unknownProperty.problem == .unknownProperty("Preis", database: "Prozesstermine"))
        #expect(unknownProperty.line == line(of: "property: \"Kosten\"", in: yaml))

        // `Kosten` as an integer: €0.50 does not fit.
        let misfit = try #require(refusal { text in
            var lines = text.components(separatedBy: "\n")
            let index = lines.firstIndex { $0.contains("property: \"Kosten\"") }! + 2
            lines[index] = "        type: \"integer\""
            return lines.joined(separator: "\n")
        })
        guard case .valueDoesNotFit(let property, _, let page, let value, _) = misfit.problem else {
            Issue.record("expected a value that does not fit, got \(misfit)")
            return
        }
        #expect(property == "Kosten" && page == "Forum 0" && value == "€0.50")
        #expect(misfit.line == (line(of: "property: \"Kosten\"", in: yaml) ?? 0) + 2)

        let typo = try #require(refusal { $0.replacingOccurrences(of: "time_zone:", with: "timezone:") })
        #expect(typo.problem == .unknownKey("timezone", known: NotionMapping.topKeys) && typo.line == line(of: "time_zone:", in: yaml))

        let duplicate = try #require(refusal { $0.replacingOccurrences(of: "key: \"kosten\"", with: "key: \"status\"") })
        #expect(duplicate.problem == .duplicateKey("status", collection: "prozesstermine"))

        let ref = try #require(refusal { $0.replacingOccurrences(of: "ref: \"prozessakteure\"", with: "ref: \"akteure\"") })
        #expect(ref.problem == .unknownRef("akteure", property: "Beteiligte"))

        let zone = try #require(refusal { $0.replacingOccurrences(of: "time_zone: \"UTC\"", with: "time_zone: \"Europe/Berln\"") })
        #expect(zone.problem == .unknownTimeZone("Europe/Berln") && zone.line == line(of: "time_zone:", in: yaml))

        let yamlBomb = try #require(refusal { _ in "a: &a [1, 2]\nb: [*a, *a, *a]\n" })
        if case .yaml = yamlBomb.problem {} else if case .unknownKey = yamlBomb.problem {} else { Issue.record("\(yamlBomb)") }
    }
}

@Suite struct NotionStoreBuilderTests {
    private func entry(_ result: NotionStoreBuilder.Result, _ path: String) throws -> EntryDocument {
        try EntryDocument.parse(try #require(result.files[path], "no \(path) in \(result.files.keys.sorted())"))
    }

    @Test func entriesIdsRelationsAndBodies() throws {
        let export = ExportFixture.export()
        let result = NotionStoreBuilder(export: export, mapping: NotionMapping.infer(from: export)).build()
        // Ids: umlauts and ß transliterated, `@` and trailing spaces dropped.
        #expect(Set(result.files.keys.filter { $0.hasPrefix("prozessakteure/") }) == [
            "prozessakteure/smart-city-team.md", "prozessakteure/senatskanzlei.md", "prozessakteure/citylab-berlin.md",
            "prozessakteure/strasse-soehne.md",
        ])
        let forum = try entry(result, "prozesstermine/forum-1.md")
        #expect(forum.fields["termin"] == .string("Forum 1"))
        #expect(forum.fields["start"] == .string("2022-06-02") && forum.fields["end"] == .string("2022-07-02"))
        #expect(forum.fields["beteiligte"] == .array([.string("smart-city-team"), .string("citylab-berlin")]))
        #expect(forum.fields["kosten"] == .number(JSONNumber(literal: "100.50")!))
        #expect(forum.fields["notion_id"] == .string(ExportFixture.eventIDs[1]))
        #expect(forum.body == "Mit dem [Team](../prozessakteure/smart-city-team.md) und [extern](https://example.org).\n")
        // A single date of a range field: a one-day range.
        let first = try entry(result, "prozesstermine/forum-0.md")
        #expect(first.fields["start"] == .string("2022-06-01") && first.fields["end"] == .string("2022-06-01"))
        // The trailing space of the title is not kept.
        #expect(try entry(result, "prozessakteure/senatskanzlei.md").fields["name"] == .string("Senatskanzlei"))
        // Free pages, with links to entries.
        let page = try entry(result, "pages/ueber-den-speicher.md")
        #expect(page.body == "Siehe [Forum 1](../prozesstermine/forum-1.md).\n")
        // The relation to a page outside the export: reported, not guessed.
        #expect(result.findings.unresolvedRelations == [.init(entry: "prozesstermine/forum-4", property: "Beteiligte", target: "Unbekannt", targetPageID: String(repeating: "9", count: 32))])
        #expect(result.findings.rows == 9 && result.findings.pages == 1 && result.findings.databases == 2)
        let config = try StoreConfig.parse(try #require(result.files["chronik.yml"]))
        #expect(config.collections.map(\.name) == ["prozessakteure", "prozesstermine", "pages"])
        let schema = try JSONParser.parse(try #require(result.files["schemas/prozessakteure.schema.json"]))
        #expect(schema["properties"]?["kontakt"]?["x-chronik-private"] == .bool(true))
        #expect(schema["properties"]?["kontakt"]?["x-chronik-label"] == .string("Kontakt"))
    }

    @Test func relationsByTitle() throws {
        let export = ExportFixture.export(relationsByTitle: true)
        let result = NotionStoreBuilder(export: export, mapping: NotionMapping.infer(from: export)).build()
        // "Senatskanzlei" links the title "Senatskanzlei " (trailing space), "CityLAB Berlin" the "@CityLAB Berlin".
        #expect(try entry(result, "prozesstermine/forum-0.md").fields["beteiligte"] == .array([.string("smart-city-team"), .string("senatskanzlei")]))
        #expect(try entry(result, "prozesstermine/forum-1.md").fields["beteiligte"] == .array([.string("smart-city-team"), .string("citylab-berlin")]))
        #expect(result.findings.unresolvedRelations.map(\.target) == ["Unbekannt"])
    }

    @Test func linksToItselfAndAmbiguousTitlesAreReported() throws {
        var export = ExportFixture.export()
        export.databases[1].properties.append(NotionProperty(name: "Verwandt", type: .relation))
        export.databases[1].rows[0].properties["Verwandt"] = .pages([
            NotionLink(pageID: ExportFixture.eventIDs[0], title: "Forum 0"), NotionLink(pageID: ExportFixture.eventIDs[1], title: "Forum 1"),
        ])
        var result = NotionStoreBuilder(export: export, mapping: NotionMapping.infer(from: export)).build()
        #expect(try entry(result, "prozesstermine/forum-0.md").fields["verwandt"] == .array([.string("forum-1")]))
        #expect(result.findings.unresolvedRelations.first == .init(
            entry: "prozesstermine/forum-0", property: "Verwandt", target: "Forum 0", targetPageID: ExportFixture.eventIDs[0], reason: .itself))

        export = ExportFixture.export(relationsByTitle: true)
        export.databases[0].rows[3].title = "Smart City Team"
        result = NotionStoreBuilder(export: export, mapping: NotionMapping.infer(from: export)).build()
        #expect(result.findings.unresolvedRelations.filter { $0.reason == .ambiguous }.count == 4)
        #expect(try entry(result, "prozesstermine/forum-0.md").fields["beteiligte"] == .array([.string("senatskanzlei")]))
    }

    @Test func databasesLeftOutOfTheMapping() throws {
        let export = ExportFixture.export()
        var mapping = NotionMapping.infer(from: export)
        mapping.collections.removeFirst()
        mapping.collections[0].fields.removeAll { $0.ref != nil }
        let result = NotionStoreBuilder(export: export, mapping: mapping).build()
        #expect(result.findings.unmappedDatabases == ["Prozessakteure"])
        #expect(result.findings.collections == 1 && result.findings.rows == 5)
        #expect(!result.files.keys.contains { $0.hasPrefix("prozessakteure/") })
        #expect(result.findings.unmappedProperties.contains(.init(database: "Prozesstermine", property: "Beteiligte")))
    }

    @Test func relationsToFreePages() throws {
        var export = ExportFixture.export()
        export.databases[1].properties.append(NotionProperty(name: "Seite", type: .relation))
        export.databases[1].rows[0].properties["Seite"] = .pages([NotionLink(pageID: ExportFixture.pageID, title: "Über den Speicher")])
        let mapping = NotionMapping.infer(from: export)
        #expect(mapping.collections[1].fields.last?.ref == "pages" && mapping.collections[1].fields.last?.type == "string")
        let result = NotionStoreBuilder(export: export, mapping: mapping).build()
        #expect(try entry(result, "prozesstermine/forum-0.md").fields["seite"] == .string("ueber-den-speicher"))
    }

    @Test func duplicateTitlesAreNumberedAndReported() throws {
        var export = ExportFixture.export()
        export.databases[0].rows[1].title = "Smart City Team"
        export.databases[0].rows[2].title = "Smart-City-Team "
        let result = NotionStoreBuilder(export: export, mapping: NotionMapping.infer(from: export)).build()
        #expect(result.entries[ExportFixture.actorIDs[0]]?.id == "smart-city-team")
        #expect(result.entries[ExportFixture.actorIDs[1]]?.id == "smart-city-team-2")
        #expect(result.entries[ExportFixture.actorIDs[2]]?.id == "smart-city-team-3")
        #expect(result.findings.idCollisions == [.init(collection: "prozessakteure", id: "smart-city-team", titles: ["Smart City Team", "Smart City Team", "Smart-City-Team "])])
    }

    @Test func earlierIdsAreKept() throws {
        var export = ExportFixture.export()
        export.databases[0].rows[0].title = "Team Smart City"
        let previous = [ExportFixture.actorIDs[0]: EntryID(collection: "prozessakteure", id: "smart-city-team")]
        let result = NotionStoreBuilder(export: export, mapping: NotionMapping.infer(from: export), previous: previous).build()
        #expect(result.entries[ExportFixture.actorIDs[0]]?.id == "smart-city-team")
        #expect(try entry(result, "prozessakteure/smart-city-team.md").fields["name"] == .string("Team Smart City"))
    }
}
