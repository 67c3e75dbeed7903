import ChronikSchema
import ChronikStore
import Foundation
import Testing

/// The sample schemas in Schemas/ (the defaults `chronik init` copies).
let sampleSchemasFolder = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
    .appendingPathComponent("../../Schemas").standardizedFileURL

let sampleCollections = ["actors", "results", "library", "glossary", "faq", "events", "strategy"]

/// A chronik.yml declaring the seven sample collections.
let sampleConfigText = "title: Test\ncollections:\n" + sampleCollections.map {
    "  \($0):\n    schema: schemas/\($0).schema.json\n"
}.joined()

/// A version in memory: the sample schemas (unless replaced), chronik.yml, and the given files.
func sampleVersion(_ files: [String: String], schemaOverrides: [String: String] = [:]) throws -> VersionContent {
    var all: [String: Data] = [:]
    for name in sampleCollections {
        let file = "\(name).schema.json"
        all["schemas/" + file] = try Data(contentsOf: sampleSchemasFolder.appendingPathComponent(file))
    }
    for (path, text) in schemaOverrides { all[path] = Data(text.utf8) }
    all[StoreConfig.fileName] = Data(sampleConfigText.utf8)
    for (path, text) in files { all[path] = Data(text.utf8) }
    return .files(all, config: try StoreConfig.parse(Data(sampleConfigText.utf8)))
}

func entry(_ fields: String, body: String = "Text.\n") -> String { "---\n\(fields)\n---\n\(body)" }

/// `file:line:column: field: message` of every problem.
func lines(_ report: StoreValidationReport) -> [String] { report.problems.map(\.description) }

@Suite("StoreValidator: schemas, store rules, bad input")
struct StoreValidatorTests {
    let validator = StoreValidator()

    @Test func unknownMetaSchemaIsNamed() throws {
        let schema = #"{"$schema": "http://example.org/my-meta", "type": "object"}"#
        let report = validator.validate(try sampleVersion([:], schemaOverrides: ["schemas/faq.schema.json": schema]))
        #expect(lines(report) == [
            "schemas/faq.schema.json: $schema: cannot be used: unknown $schema http://example.org/my-meta: only JSON Schema draft 2020-12 (https://json-schema.org/draft/2020-12/schema) is supported",
        ])
        #expect(report.problems.first?.keyword == "$schema")
    }

    @Test func schemaFileThatIsNotJSON() throws {
        let report = validator.validate(try sampleVersion([:], schemaOverrides: ["schemas/faq.schema.json": "{\"a\": }"]))
        #expect(lines(report) == ["schemas/faq.schema.json:1:7: is not valid JSON: unexpected '}': expected a JSON value"])
    }

    @Test func remoteReferenceIsNeverFetched() throws {
        let schema = #"{"$schema": "https://json-schema.org/draft/2020-12/schema", "properties": {"question": {"$ref": "https://example.org/remote.json"}}}"#
        let report = validator.validate(try sampleVersion([:], schemaOverrides: ["schemas/faq.schema.json": schema]))
        #expect(lines(report) == [
            "schemas/faq.schema.json: properties.question.$ref: cannot be used: cannot resolve reference https://example.org/remote.json at /properties/question: no such schema is known (remote schemas are never downloaded)",
        ])
    }

    @Test func brokenSchemaNamesFileAndPointer() throws {
        let schema = #"{"type": "object", "properties": {"question": {"type": "strin"}}}"#
        let report = validator.validate(try sampleVersion([:], schemaOverrides: ["schemas/faq.schema.json": schema]))
        let problem = try #require(report.problems.first)
        #expect(report.problems.count == 1)
        #expect(problem.file == "schemas/faq.schema.json")
        #expect(problem.field == "/properties/question/type")
        #expect(problem.message.hasPrefix("is not valid JSON Schema (draft 2020-12): must match one of the allowed alternatives"))
    }

    @Test func customKeywordsAreChecked() throws {
        let schema = #"{"properties": {"a": {"x-chronik-ref": "nowhere"}, "b": {"x-chronik-unique": "yes"}, "c": {"x-chronik-not-before": "zzz"}}}"#
        let report = validator.validate(try sampleVersion([:], schemaOverrides: ["schemas/faq.schema.json": schema]))
        #expect(report.problems.map(\.field) == ["/properties/a/x-chronik-ref", "/properties/b/x-chronik-unique", "/properties/c/x-chronik-not-before"])
        #expect(report.problems[0].message == "must name a collection of this store (actors, results, library, glossary, faq, events, strategy); found \"nowhere\"")
    }

    /// The site's keywords (docs/store-format.md): a malformed value is one finding with the schema file and the
    /// keyword's JSON Pointer, not silently ignored by `chronik publish`.
    @Test func siteKeywordsAreChecked() throws {
        let schema = #"""
            {"x-chronik-columns": ["title", "status", "nirgends", 3], "x-chronik-dates": "ja",
             "properties": {"status": {"enum": ["geplant", "beendet"], "x-chronik-enum-labels": {"geplant": {"de": "geplant", "en": 1}, "laufend": "läuft"}},
                            "kind": {"x-chronik-enum-labels": ["a", "b"]}}}
            """#
        let report = validator.validate(try sampleVersion([:], schemaOverrides: ["schemas/faq.schema.json": schema]))
        // Reported in the order of their pointers.
        #expect(report.problems.map(\.field) == ["/properties/kind/x-chronik-enum-labels", "/properties/status/x-chronik-enum-labels/geplant",
                                                 "/properties/status/x-chronik-enum-labels/laufend", "/x-chronik-columns", "/x-chronik-dates"])
        #expect(report.problems.allSatisfy { $0.file == "schemas/faq.schema.json" })
        #expect(report.problems.map(\.keyword) == ["x-chronik-enum-labels", "x-chronik-enum-labels", "x-chronik-enum-labels", "x-chronik-columns", "x-chronik-dates"])
        #expect(report.problems[0].message == #"must be a mapping of the property's values to labels, e.g. {"planned": {"de": "geplant", "en": "planned"}}; found ["a","b"]"#)
        #expect(report.problems[1].message == #"must be a text or a mapping of language codes to texts, e.g. {"de": "geplant", "en": "planned"}"#)
        #expect(report.problems[2].message == #"names "laufend", which is not one of the property's enum values (geplant, beendet)"#)
        #expect(report.problems[3].message == #"must be a non-empty list of top-level property names, e.g. ["title", "status"]; found ["title","status","nirgends",3]"#)
        #expect(report.problems[4].message == #"must be true or false; found "ja""#)
        // A list of names: each must be a top-level property (or "title"); well-formed keywords pass.
        let named = #"{"x-chronik-columns": ["title", "status", "nirgends"], "x-chronik-dates": true, "properties": {"status": {"enum": ["a"], "x-chronik-enum-labels": {"a": "A"}}}}"#
        let second = validator.validate(try sampleVersion([:], schemaOverrides: ["schemas/faq.schema.json": named]))
        #expect(second.problems.map(\.field) == ["/x-chronik-columns/2"])
        #expect(second.problems.first?.message == #"must name a top-level property of this schema (or "title"); found "nirgends""#)
        let fine = #"{"x-chronik-columns": ["title", "status"], "x-chronik-dates": false, "properties": {"status": {"enum": ["a"], "x-chronik-enum-labels": {"a": {"de": "A", "en": "A"}}}}}"#
        #expect(validator.validate(try sampleVersion([:], schemaOverrides: ["schemas/faq.schema.json": fine])).problems.isEmpty)
    }

    @Test func referenceToAMissingEntryNamesBothFiles() throws {
        let report = validator.validate(try sampleVersion([
            "glossary/a.md": entry("term: A\nsee_also: [b, fehlt]"),
            "glossary/b.md": entry("term: B"),
        ]))
        #expect(lines(report) == ["glossary/a.md:3:15: see_also.1: refers to `fehlt`, but there is no entry glossary/fehlt.md"])
        #expect(report.problems[0].keyword == "x-chronik-ref")
    }

    @Test func referenceToItselfIsRefused() throws {
        let report = validator.validate(try sampleVersion(["glossary/a.md": entry("term: A\nsee_also:\n  - a")]))
        #expect(lines(report) == ["glossary/a.md:4:5: see_also.0: refers to the entry itself (glossary/a); an entry cannot reference itself"])
    }

    @Test func memberOfCyclesAreAllowed() throws {
        let actor = "kind: Team\nrole: Arbeitet."
        let report = validator.validate(try sampleVersion([
            "actors/a.md": entry("name: A\n\(actor)\nmember_of: [b]"),
            "actors/b.md": entry("name: B\n\(actor)\nmember_of: [c]"),
            "actors/c.md": entry("name: C\n\(actor)\nmember_of: [a]"),
        ]))
        #expect(report.isValid, "\(lines(report))")
        #expect(report.entriesChecked == 3)
    }

    @Test func plainNoIsTheStringNo() throws {
        // YAML 1.1 would read `no` as false; chronik reads it as the text "no", which `type: string` accepts.
        let report = validator.validate(try sampleVersion(["glossary/no.md": entry("term: no")]))
        #expect(report.isValid, "\(lines(report))")
        let wrong = validator.validate(try sampleVersion(["glossary/f.md": entry("term: false")]))
        #expect(lines(wrong) == ["glossary/f.md:2:7: term: must be text; found false"])
    }

    @Test func impossibleDate() throws {
        let report = validator.validate(try sampleVersion(["results/r.md": entry("title: R\nphase: Aktionen\ndate: 2022-02-30\nstatus: Entwurf")]))
        #expect(lines(report) == ["results/r.md:4:7: date: must be a valid date (YYYY-MM-DD); found `2022-02-30`"])
        #expect(report.problems[0].keyword == "format")
    }

    @Test func emailWithoutDomain() throws {
        let report = validator.validate(try sampleVersion(["actors/a.md": entry("name: A\nkind: Team\nrole: R\ncontact: team@")]))
        #expect(lines(report) == ["actors/a.md:5:10: contact: must be a valid e-mail address; found `team@`"])
    }

    @Test func frontMatterThatIsNotAMapping() throws {
        let report = validator.validate(try sampleVersion(["glossary/l.md": "---\n- a\n- b\n---\nText.\n"]))
        #expect(report.problems.count == 1)
        let problem = try #require(report.problems.first)
        #expect(problem.file == "glossary/l.md")
        #expect(problem.line == 2)
        #expect(problem.message == FrontMatterError.notAMapping(line: 2, found: "a list").reason)
    }

    @Test func enumMessageForEditors() throws {
        let report = validator.validate(try sampleVersion([
            "events/e.md": entry("title: E\nformat: Forum\nstart: 2022-03-01\nend: 2022-03-02\nstatus: erledigt"),
        ]))
        #expect(lines(report) == ["events/e.md:6:9: status: must be one of geplant, laufend, beendet; found `erledigt`"])
        #expect(report.problems[0].keyword == "enum")
    }

    @Test func missingAndUnknownFields() throws {
        let report = validator.validate(try sampleVersion(["glossary/g.md": entry("terms: G")]))
        #expect(lines(report) == [
            "glossary/g.md:2:1: the required field `term` is missing",
            "glossary/g.md:2:8: terms: `terms` is not a field of glossary entries (allowed: term, synonyms, see_also)",
        ])
    }

    @Test func endNotBeforeStart() throws {
        let report = validator.validate(try sampleVersion([
            "events/e.md": entry("title: E\nformat: Forum\nstart: 2022-03-16\nend: 2022-03-01\nstatus: beendet"),
        ]))
        #expect(lines(report) == ["events/e.md:5:6: end: must not be before `start` (2022-03-16); found `2022-03-01`"])
        #expect(report.problems[0].keyword == "x-chronik-not-before")
    }

    @Test func uniqueFieldNamesTheOtherFile() throws {
        let report = validator.validate(try sampleVersion([
            "strategy/a.md": entry("title: A\npart: Vision\norder: 1"),
            "strategy/b.md": entry("title: B\npart: Ziele\norder: 1.0"),
            "strategy/c.md": entry("title: C\npart: Ziele\norder: 2"),
        ]), only: [EntryID(collection: "strategy", id: "b")])
        #expect(lines(report) == ["strategy/b.md:4:8: order: must be unique in strategy, but strategy/a.md has the same value `1.0`"])
    }

    @Test func onlyGivenEntriesAreReportedButReferencesUseTheWholeVersion() throws {
        let version = try sampleVersion([
            "faq/f.md": entry("question: F?\ncategory: Prozess\nrelated: [g]"),
            "glossary/g.md": entry("term: G\nsee_also: [fehlt]"),
        ])
        let report = validator.validate(version, only: [EntryID(collection: "faq", id: "f")])
        #expect(report.isValid)
        #expect(report.entriesChecked == 1)
        #expect(!validator.validate(version).isValid)
    }
}
