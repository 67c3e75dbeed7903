import ChronikStore
import Foundation
import GitKit
import Testing
@testable import ChronikChangelog

/// The Berlin sample, imported into a fresh temporary folder, and its last version.
private func sample() throws -> (Store, Commit, URL) {
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent("chronik-list-\(UUID().uuidString)")
    let report = try SnapshotImporter.run(SampleBerlin.snapshots, into: dir, root: SampleBerlin.displayName)
    let store = try Store(at: report.store)
    return (store, try #require(try store.tip()), dir)
}

private extension ListOptions {
    static var results: ListOptions {
        var options = ListOptions()
        options.collection = "results"
        return options
    }
}

private func catalog(_ language: String) -> any MessageCatalog { Messages.catalog(StoreLanguage(rawValue: language) ?? .en) }

@Suite("chronik list: the listing")
struct EntryListingTests {
    @Test func conditionsParse() throws {
        #expect(try ListCondition(parsing: "status=laufend") == ListCondition(field: "status", op: .equal, value: "laufend"))
        #expect(try ListCondition(parsing: "status==laufend") == ListCondition(field: "status", op: .equal, value: "laufend"))
        #expect(try ListCondition(parsing: "status!=beendet").op == .notEqual)
        #expect(try ListCondition(parsing: "start>=2022-03-01") == ListCondition(field: "start", op: .greaterOrEqual, value: "2022-03-01"))
        #expect(try ListCondition(parsing: "start<=2022-03-01").op == .lessOrEqual)
        #expect(try ListCondition(parsing: "start<2022").op == .less)
        #expect(try ListCondition(parsing: "start>2022").op == .greater)
        // The value may hold operator signs after the first character of its own.
        #expect(try ListCondition(parsing: "title=a=b").value == "a=b")
        #expect(try ListCondition(parsing: "title=").value == "")
        for bad in ["status", "=laufend", "status~laufend", "a<>b", "a=>b", "a!b", "a=!b"] {
            #expect(throws: ListError.badCondition(bad), "\(bad)") { try ListCondition(parsing: bad) }
        }
    }

    @Test func sortKeysParse() {
        #expect(ListSortKey.parse("start") == [ListSortKey(field: "start")])
        #expect(ListSortKey.parse("status,-start") == [ListSortKey(field: "status"), ListSortKey(field: "start", descending: true)])
    }

    @Test func csvQuotesAsRFC4180Asks() {
        #expect(ListRender.field("plain") == "plain")
        #expect(ListRender.field("a,b") == "\"a,b\"")
        #expect(ListRender.field("say \"hi\"") == "\"say \"\"hi\"\"\"")
        #expect(ListRender.field("two\nlines") == "\"two\nlines\"")
        #expect(ListRender.field("crlf\r\nline") == "\"crlf\r\nline\"")
        #expect(ListRender.field(" padded") == "\" padded\"")
        let list = EntryList(collection: "c", language: "en", columns: [ListColumn(key: "title", label: "Title"), ListColumn(key: "n", label: "N, count")],
                             rows: [ListRow(entry: EntryID(collection: "c", id: "a"), title: "A", fields: [:], cells: ["A", "1"], references: [:])])
        #expect(ListRender.csv(list) == "Title,\"N, count\"\r\nA,1\r\n")
        #expect(ListRender.csv(list, byteOrderMark: true).hasPrefix("\u{FEFF}Title"))
    }

    @Test func tableColumnsLineUpWithWideCharacters() {
        let list = EntryList(collection: "c", language: "de", columns: [ListColumn(key: "title", label: "Titel"), ListColumn(key: "ort", label: "Ort")],
                             rows: [ListRow(entry: EntryID(collection: "c", id: "a"), title: "北京", fields: [:], cells: ["北京", "a"], references: [:]),
                                    ListRow(entry: EntryID(collection: "c", id: "b"), title: "😀 Fest", fields: [:], cells: ["😀 Fest", "b"], references: [:]),
                                    ListRow(entry: EntryID(collection: "c", id: "c"), title: "Bär", fields: [:], cells: ["Bär", "c"], references: [:])])
        #expect(ListRender.table(list) == "Titel    Ort\n-------  ---\n北京     a\n😀 Fest  b\nBär      c\n")
    }

    @Test func csvCellsASpreadsheetWouldRunAreText() {
        for formula in ["=HYPERLINK(\"https://example.org\")", "+1+2", "-2+3", "@SUM(A1)", "\tx", "\rx", "=cmd|' /C calc'!A0", "-", "+", "-1.", "--1", "-1.2.3"] {
            #expect(ListRender.neutralized(formula) == "'" + formula, "\(formula)")
        }
        for kept in ["Forum", "-12", "+3.5", "-0,75", "", " =x", "a=b", "2022-03-01"] {
            #expect(ListRender.neutralized(kept) == kept, "\(kept)")
        }
        let list = EntryList(collection: "c", language: "en", columns: [ListColumn(key: "title", label: "=Title")],
                             rows: [ListRow(entry: EntryID(collection: "c", id: "a"), title: "=1+1", fields: [:], cells: ["=1+1"], references: [:])])
        #expect(ListRender.csv(list) == "'=Title\r\n'=1+1\r\n")
    }

    @Test func valuesCompareByKind() {
        #expect(ListValues.isDate("2022-03-01"))
        #expect(ListValues.isDate("2022-03-01T10:00:00+01:00"))
        #expect(!ListValues.isDate("soon"))
        #expect(!ListValues.isDate("2022-3-1"))
        #expect(ListValues.compare(.string("2022-03-01"), "2022-02-28", kind: .date) == .orderedDescending)
        #expect(ListValues.compare(.string("2022-03-01T10:00:00+01:00"), "2022-03-01", kind: .date) == .orderedSame)
        #expect(ListValues.compare(.number(JSONNumber(10)), "9", kind: .number) == .orderedDescending)
        #expect(ListValues.compare(.string("x"), "9", kind: .number) == nil)
        #expect(ListValues.compare(.bool(true), "true", kind: .boolean) == .orderedSame)
    }

    @Test func eventsOfTheSampleByTheirSchema() throws {
        let (store, commit, dir) = try sample()
        defer { try? FileManager.default.removeItem(at: dir) }
        var options = ListOptions()
        options.collection = "events"
        let list = try EntryListing(store: store, commit: commit).list(options, catalog: catalog)
        #expect(list.language == "de")
        // The title and the required scalar fields, labelled by the schema.
        #expect(list.columns.map(\.key) == ["title", "format", "start", "end", "status"])
        #expect(list.rows.count == 7)
        // By title.
        let titles = list.rows.map { $0.title ?? "" }
        #expect(titles == titles.sorted { $0.compare($1, options: [.caseInsensitive, .diacriticInsensitive, .numeric], locale: Locale(identifier: "de_DE")) == .orderedAscending })

        options.conditions = [try ListCondition(parsing: "start>=2022-01-01")]
        options.sort = [ListSortKey(field: "start", descending: true)]
        let recent = try EntryListing(store: store, commit: commit).list(options, catalog: catalog)
        let starts = recent.rows.compactMap { $0.fields["start"]?.stringValue }
        #expect(!starts.isEmpty && starts.count == recent.rows.count)
        #expect(starts.allSatisfy { $0 >= "2022-01-01" })
        #expect(starts == starts.sorted(by: >))
    }

    @Test func conditionsAreAllRequiredAndListsMatchByItem() throws {
        let (store, commit, dir) = try sample()
        defer { try? FileManager.default.removeItem(at: dir) }
        let listing = EntryListing(store: store, commit: commit)
        var options = ListOptions()
        options.collection = "events"
        let all = try listing.list(options, catalog: catalog)
        options.conditions = [try ListCondition(parsing: "start>=2022-03-01"), try ListCondition(parsing: "start<2022-05-01"),
                              try ListCondition(parsing: "format!=Forum")]
        let spring = try listing.list(options, catalog: catalog)
        let expected = all.rows.filter {
            let start = $0.fields["start"]?.stringValue ?? ""
            return start >= "2022-03-01" && start < "2022-05-01" && $0.fields["format"]?.stringValue != "Forum"
        }.map(\.entry)
        #expect(!expected.isEmpty && expected.count < all.rows.count)
        #expect(Set(spring.rows.map(\.entry)) == Set(expected))

        // A list field: `=` when any item is equal, `!=` when none is; a reference also by its entry's title.
        options = ListOptions()
        options.collection = "results"
        options.conditions = [try ListCondition(parsing: "authors=prozessbegleitung")]
        let byProcess = try listing.list(options, catalog: catalog)
        #expect(!byProcess.rows.isEmpty && byProcess.rows.allSatisfy { $0.fields["authors"]?.arrayValue?.contains(.string("prozessbegleitung")) == true })
        options.conditions = [try ListCondition(parsing: "authors!=prozessbegleitung")]
        let others = try listing.list(options, catalog: catalog)
        #expect(others.rows.count + byProcess.rows.count == (try listing.list(ListOptions.results, catalog: catalog)).rows.count)
        options.resolveReferences = true
        options.conditions = [try ListCondition(parsing: "authors=Prozessbegleitung")]
        #expect(try listing.list(options, catalog: catalog).rows.map(\.entry) == byProcess.rows.map(\.entry))
    }

    @Test func privateFieldsShownToTheTeamHiddenInPublic() throws {
        let (store, commit, dir) = try sample()
        defer { try? FileManager.default.removeItem(at: dir) }
        var options = ListOptions()
        options.collection = "actors"
        let team = try EntryListing(store: store, commit: commit).list(options, catalog: catalog)
        #expect(team.rows.contains { $0.fields["contact"] != nil })
        options.publicOnly = true
        let listing = EntryListing(store: store, commit: commit)
        let public_ = try listing.list(options, catalog: catalog)
        #expect(public_.rows.allSatisfy { $0.fields["contact"] == nil })
        // A private field is unknown to a public listing.
        options.fields = ["title", "contact"]
        #expect(throws: ListError.self) { try listing.list(options, catalog: catalog) }
    }

    /// A `$ref` that leaves the store's folder as a path (`../../shared/contact.json` from `schemas/`) names another
    /// collection's schema by its `$id`, as the published site and the JSON Schema resolver read it: a field that
    /// schema marks private stays out of a public listing, nested in an object of another collection's entry.
    @Test func privacyFollowsARefByIdOutOfTheStoresFolder() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("chronik-list-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: dir) }
        let config = try StoreConfig.parse(Data("""
            title: Test
            collections:
              contacts:
                schema: schemas/contact.json
              events:
                schema: schemas/events.json
            """.utf8))
        let contact = """
            {"$schema": "https://json-schema.org/draft/2020-12/schema", "$id": "https://example.org/shared/contact.json",
             "type": "object", "required": ["title"],
             "properties": {"title": {"type": "string"}, "phone": {"type": "string", "x-chronik-private": true}}}
            """
        let events = """
            {"$schema": "https://json-schema.org/draft/2020-12/schema", "$id": "https://example.org/city/schemas/events.json",
             "type": "object", "required": ["title"],
             "properties": {"title": {"type": "string"}, "host": {"$ref": "../../shared/contact.json"}}}
            """
        let who = Signature(name: "Test", email: "test@example.org", date: Date(timeIntervalSince1970: 1_646_125_200))
        let (store, _) = try Store.create(at: dir, config: config, schemas: ["contact.json": Data(contact.utf8), "events.json": Data(events.utf8)],
                                          author: who, committer: who, message: "init")
        try store.writeFile("events/forum.md", Data("---\ntitle: Forum\nhost:\n  title: Büro\n  phone: \"030 1234\"\n---\n".utf8))
        guard case .committed(let commit, _, _) = try store.commit(message: "Forum", author: who, committer: who) else {
            Issue.record("not committed"); return
        }
        var options = ListOptions()
        options.collection = "events"
        let listing = EntryListing(store: store, commit: commit)
        let team = try listing.list(options, catalog: catalog)
        #expect(team.rows.first?.fields["host"]?.objectValue?["phone"] == .string("030 1234"))
        options.publicOnly = true
        let public_ = try listing.list(options, catalog: catalog)
        #expect(public_.rows.first?.fields["host"]?.objectValue?["title"] == .string("Büro"))
        #expect(public_.rows.first?.fields["host"]?.objectValue?["phone"] == nil, "\(public_.rows)")
    }

    @Test func referencesByTitle() throws {
        let (store, commit, dir) = try sample()
        defer { try? FileManager.default.removeItem(at: dir) }
        var options = ListOptions()
        options.collection = "results"
        options.fields = ["title", "authors"]
        options.resolveReferences = true
        let list = try EntryListing(store: store, commit: commit).list(options, catalog: catalog)
        let row = try #require(list.rows.first { !($0.references["authors"] ?? []).isEmpty })
        let refs = try #require(row.references["authors"])
        #expect(refs.allSatisfy { $0.entry.collection == "actors" && $0.title != nil })
        // The cell shows the titles, not the ids.
        #expect(row.cells[1] == refs.compactMap(\.title).joined(separator: ", "))
    }

    @Test func badQueriesAreOneErrorEach() throws {
        let (store, commit, dir) = try sample()
        defer { try? FileManager.default.removeItem(at: dir) }
        let listing = EntryListing(store: store, commit: commit)
        func attempt(_ configure: (inout ListOptions) throws -> Void) throws -> ListError? {
            var options = ListOptions()
            options.collection = "events"
            try configure(&options)
            do {
                _ = try listing.list(options, catalog: catalog)
                return nil
            } catch let error as ListError {
                return error
            }
        }
        guard case .unknownCollection("eventz", let close, _)? = try attempt({ $0.collection = "eventz" }) else { Issue.record("eventz"); return }
        #expect(close == ["events"])
        guard case .unknownField("stat", let fields, _)? = try attempt({ $0.conditions = [try ListCondition(parsing: "stat=laufend")] }) else {
            Issue.record("stat"); return
        }
        #expect(fields.contains("start") || fields.contains("status"))
        let soon = try ListCondition(parsing: "start<soon")
        #expect(try attempt({ $0.conditions = [soon] }) == .wrongType(soon, expected: .date))
        let ordered = try ListCondition(parsing: "title<B")
        #expect(try attempt({ $0.conditions = [ordered] }) == .notOrdered(ordered))
        guard case .unknownField("nirgends", _, _)? = try attempt({ $0.fields = ["title", "nirgends"] }) else { Issue.record("fields"); return }
        guard case .unknownField("nirgends", _, _)? = try attempt({ $0.sort = [ListSortKey(field: "nirgends")] }) else { Issue.record("sort"); return }
    }
}
