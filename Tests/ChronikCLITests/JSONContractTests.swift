import ChronikSchema
import ChronikStore
import Foundation
import Testing

/// The JSON contract (issue 18, docs/json-output.md): every `--format json` document is an object whose first member
/// is `"chronik": 1` and that its schema in `Schemas/output/` accepts, checked with chronik's own validator; every
/// schema there is itself a valid draft 2020-12 schema.
@Suite struct JSONContractTests {
    static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static let schemaFolder = repository.appendingPathComponent("Schemas/output")
    /// Where the schemas are registered: their relative `$id`s (`output/1/<name>.schema.json`) and `$ref`s resolve
    /// against it, as they would against any folder a reader keeps them in.
    static let base = "https://chronik.invalid/schemas/"

    /// Every schema file of `Schemas/output`, by name (`log` for `log.schema.json`).
    static func schemaFiles() throws -> [String: JSONValue] {
        var files: [String: JSONValue] = [:]
        for name in try FileManager.default.contentsOfDirectory(atPath: schemaFolder.path) where name.hasSuffix(".schema.json") {
            files[String(name.dropLast(".schema.json".count))] = try JSONParser.parse(Data(contentsOf: schemaFolder.appendingPathComponent(name)))
        }
        return files
    }

    /// The compiled schema of each output, with every file of the folder registered (for their `$ref`s to each other).
    static let schemas: [String: Schema] = {
        do {
            let files = try schemaFiles()
            var registry = SchemaRegistry()
            for (name, value) in files { registry.add(value, retrievalURI: base + name + ".schema.json") }
            var schemas: [String: Schema] = [:]
            for (name, value) in files {
                schemas[name] = try Schema(value, registry: registry, retrievalURI: base + name + ".schema.json", options: SchemaOptions(formatAssertion: true))
            }
            return schemas
        } catch {
            Issue.record("the output schemas do not compile: \(error)")
            return [:]
        }
    }()

    /// The findings of `schema` for a document's text, plus a finding when `"chronik": 1` is not its first member.
    static func problems(_ text: String, schema name: String) -> [String] {
        guard let schema = schemas[name] else { return ["no schema Schemas/output/\(name).schema.json"] }
        let value: JSONValue
        do {
            value = try JSONParser.parse(Data(text.utf8))
        } catch {
            return ["not JSON: \(error)"]
        }
        var problems = schema.validate(value).map(\.description)
        if value.objectValue?.keys.first != "chronik" { problems.append("\"chronik\" is not the first member") }
        // A parser keeps one of two equal keys: the text itself must name the contract once.
        let members = text.matches(of: #/"chronik"\s*:/#).count
        if members > 1 { problems.append("\"chronik\" appears \(members) times") }
        return problems
    }

    /// Expects `text` to be a document its schema accepts.
    static func expectValid(_ text: String, schema name: String, _ what: String, sourceLocation: Testing.SourceLocation = #_sourceLocation) {
        let found = problems(text, schema: name)
        #expect(found.isEmpty, "\(what) is not valid against \(name).schema.json:\n\(found.prefix(20).joined(separator: "\n"))\n\(text.prefix(2000))",
                sourceLocation: sourceLocation)
    }

    /// Expects every line of NDJSON `text` to be one document its schema accepts, and returns the number of lines.
    @discardableResult
    static func expectValidLines(_ text: String, schema name: String, _ what: String, sourceLocation: Testing.SourceLocation = #_sourceLocation) -> Int {
        #expect(text.isEmpty || text.hasSuffix("\n"), "\(what): the last line has no newline", sourceLocation: sourceLocation)
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false).dropLast()
        for (k, line) in lines.enumerated() {
            #expect(!line.isEmpty, "\(what): line \(k + 1) is empty", sourceLocation: sourceLocation)
            expectValid(String(line), schema: name, "\(what), line \(k + 1)", sourceLocation: sourceLocation)
        }
        return lines.count
    }

    @Test func everySchemaIsValidDraft202012() throws {
        let files = try Self.schemaFiles()
        #expect(files.count >= 18, "\(files.keys.sorted())")
        for (name, value) in files.sorted(by: { $0.key < $1.key }) {
            let findings = Schema.checkAgainstMetaSchema(value)
            #expect(findings.isEmpty, "\(name).schema.json: \(findings)")
            let object = try #require(value.objectValue, "\(name).schema.json is not an object")
            #expect(object["$schema"] == .string("https://json-schema.org/draft/2020-12/schema"), "\(name).schema.json: $schema")
            // A relative $id (the contract): the schemas are not served from anywhere.
            #expect(object["$id"] == .string("output/1/\(name).schema.json"), "\(name).schema.json: $id")
            if name != "common" {
                #expect(Self.schemas[name] != nil, "\(name).schema.json does not compile")
                // Every document starts with the contract's version.
                #expect(object["required"]?.arrayValue?.first == .string("chronik"), "\(name).schema.json: chronik is not required first")
            }
        }
    }

    /// A schema that accepted anything would make every other test here pass: each rejects what its output must not be.
    @Test func theSchemasRejectDocumentsOutsideTheContract() {
        #expect(!Self.problems(#"{"versions": []}"#, schema: "log").isEmpty, "no chronik member")
        #expect(!Self.problems(#"{"chronik": 2, "versions": []}"#, schema: "log").isEmpty, "another major version")
        #expect(Self.problems(#"{"chronik": 1, "versions": []}"#, schema: "log").isEmpty)
        #expect(!Self.problems(#"{"versions": [], "chronik": 1}"#, schema: "log").isEmpty, "chronik not first")
        let entry = #"{"collection": "glossary", "id": "x", "path": "glossary/x.md"}"#
        let version = #"{"commit": "\#(String(repeating: "a", count: 40))", "parents": [], "author": {"name": "A"}, "date": "2022-03-01T10:00:00+01:00", "message": "m", "counts": {"added": 1, "modified": 0, "removed": 0, "renamed": 0}, "changes": [{"kind": "added", "entry": \#(entry)}], "files": []}"#
        #expect(Self.problems(#"{"chronik": 1, "versions": [\#(version)]}"#, schema: "log").isEmpty)
        let oldEntry = version.replacingOccurrences(of: entry, with: #""glossary/x""#)
        #expect(!Self.problems(#"{"chronik": 1, "versions": [\#(oldEntry)]}"#, schema: "log").isEmpty, "an entry as a string")
        let oldID = version.replacingOccurrences(of: #""commit":"#, with: #""id":"#)
        #expect(!Self.problems(#"{"chronik": 1, "versions": [\#(oldID)]}"#, schema: "log").isEmpty, "a version id as id")
        let noOffset = version.replacingOccurrences(of: "+01:00", with: "")
        #expect(!Self.problems(#"{"chronik": 1, "versions": [\#(noOffset)]}"#, schema: "log").isEmpty, "a date without offset")
        // The site's files: an entry named by a string, a version by `version`, snake_case counts are outside.
        let titled = #"{"collection": "glossary", "id": "x", "path": "glossary/x.md", "title": "X"}"#
        let item = #"{"commit": "\#(String(repeating: "a", count: 40))", "date": "2022-03-01T10:00:00+01:00", "summary": "s", "kind": "renamed", "from": \#(entry), "fields": [], "wordsAdded": 1, "wordsRemoved": 0}"#
        let site = #"{"chronik": 1, "entry": \#(titled), "fields": {}, "labels": {}, "body": "", "links": [{"field": "/see_also", "entry": \#(entry), "resolves": false}], "backlinks": [], "history": [\#(item)]}"#
        #expect(Self.problems(site, schema: "site-entry").isEmpty, "\(Self.problems(site, schema: "site-entry"))")
        #expect(!Self.problems(site.replacingOccurrences(of: #""chronik": 1"#, with: #""format": 2"#), schema: "site-entry").isEmpty, "format 2")
        #expect(!Self.problems(site.replacingOccurrences(of: titled, with: #""glossary/x""#), schema: "site-entry").isEmpty, "entry as a string")
        #expect(!Self.problems(site.replacingOccurrences(of: #""from": \#(entry)"#, with: #""from": "glossary/y""#), schema: "site-entry").isEmpty,
                "from as a string")
        #expect(!Self.problems(site.replacingOccurrences(of: #""commit":"#, with: #""version":"#), schema: "site-entry").isEmpty, "version")
        #expect(!Self.problems(site.replacingOccurrences(of: "wordsAdded", with: "words_added"), schema: "site-entry").isEmpty, "words_added")
        let collection = #"{"chronik": 1, "collection": "glossary", "label": "Glossar", "columns": [], "entries": [\#(site.replacingOccurrences(of: #""chronik": 1, "#, with: ""))]}"#
        #expect(Self.problems(collection, schema: "site-collection").isEmpty, "\(Self.problems(collection, schema: "site-collection"))")
        #expect(!Self.problems(collection.replacingOccurrences(of: titled, with: #""glossary/x""#), schema: "site-collection").isEmpty)
        // A diff's references and document sections name entries by the one shape.
        func diff(_ entryDiff: String) -> String {
            #"{"chronik": 1, "from": {}, "to": {"workingTree": true}, "mode": "store", "entries": [\#(entryDiff)], "files": [], "documents": [], "summary": {"entriesAdded": 0, "entriesRemoved": 0, "entriesModified": 1, "entriesRenamed": 0, "entriesMoved": 0, "fieldsChanged": 1, "wordsAdded": 0, "wordsRemoved": 0, "blocksMoved": 0, "filesChanged": 0}}"#
        }
        let prose = #"{"blocks": [], "edits": [], "summary": {"wordsAdded": 0, "wordsRemoved": 0, "blocksAdded": 0, "blocksRemoved": 0, "blocksModified": 0, "blocksMoved": 0}}"#
        let referenced = #"{"kind": "modified", "entry": \#(entry), "fields": [], "prose": \#(prose), "references": [{"field": "/see_also", "entry": \#(entry), "new": "X"}]}"#
        #expect(Self.problems(diff(referenced), schema: "diff").isEmpty, "\(Self.problems(diff(referenced), schema: "diff"))")
        let flat = referenced.replacingOccurrences(of: #""entry": \#(entry), "new""#, with: #""collection": "glossary", "id": "x", "new""#)
        #expect(!Self.problems(diff(flat), schema: "diff").isEmpty, "a reference without its entry")
        let sections = #"{"collection": "strategy", "sections": [{"kind": "moved", "entry": {"collection": "strategy", "id": "a", "path": "strategy/a.md"}, "oldPosition": 2, "newPosition": 1}]}"#
        let moved = diff(referenced).replacingOccurrences(of: #""documents": []"#, with: #""documents": [\#(sections)]"#)
        #expect(Self.problems(moved, schema: "diff").isEmpty, "\(Self.problems(moved, schema: "diff"))")
        let byID = moved.replacingOccurrences(of: #""entry": {"collection": "strategy", "id": "a", "path": "strategy/a.md"}"#, with: #""id": "a""#)
        #expect(!Self.problems(byID, schema: "diff").isEmpty, "a section by its id")
    }

    /// The schema of a golden file of a command's output, by its name.
    static func schema(ofGolden name: String) -> String? {
        if name.hasPrefix("diff-") { return name.hasSuffix(".stat.json") ? "diff-stat" : "diff" }
        if name.hasPrefix("changelog-") { return "changelog" }
        if name.hasPrefix("validate") { return "validate" }
        if name.hasPrefix("log-") { return name.hasSuffix(".ndjson") ? "log-line" : "log" }
        if name.hasPrefix("list-") { return name.hasSuffix(".ndjson") ? "list-line" : "list" }
        // The published site's data files (ChronikPublish/Data): an entry's `index.json`.
        if name.hasPrefix("entry-") { return "site-entry" }
        return nil
    }

    @Test func everyJSONGoldenFileIsValidAgainstItsSchema() throws {
        let tests = Self.repository.appendingPathComponent("Tests")
        var checked = 0
        let walker = try #require(FileManager.default.enumerator(atPath: tests.path))
        for case let path as String in walker where path.contains("/Snapshots/") && (path.hasSuffix(".json") || path.hasSuffix(".ndjson")) {
            let name = URL(fileURLWithPath: path).lastPathComponent
            guard let schema = Self.schema(ofGolden: name) else {
                Issue.record("\(path): a JSON golden file of no known command; name its schema in JSONContractTests")
                continue
            }
            // Golden files of histories made with the date of the test run mask their ids (`"v1-commit-id"`): a
            // stand-in of 40 hex digits takes their place here.
            let text = try String(contentsOf: tests.appendingPathComponent(path), encoding: .utf8)
                .replacing(#/"[a-z0-9]+-(commit|tag)-id"/#, with: "\"" + String(repeating: "0", count: 40) + "\"")
            if path.hasSuffix(".ndjson") {
                Self.expectValidLines(text, schema: schema, path)
            } else {
                Self.expectValid(text, schema: schema, path)
            }
            checked += 1
        }
        #expect(checked >= 9)
    }
}

/// Every command's JSON, run as a user runs it, against its schema.
@Suite struct CommandJSONTests {
    func json(_ sandbox: Sandbox, _ arguments: [String], in directory: URL? = nil, schema: String,
              sourceLocation: Testing.SourceLocation = #_sourceLocation) throws -> JSONValue {
        let result = try sandbox.chronik(arguments + ["--format", "json"], in: directory)
        try #require(result.status == 0, "\(arguments): \(result)", sourceLocation: sourceLocation)
        JSONContractTests.expectValid(result.stdout, schema: schema, "chronik \(arguments.joined(separator: " "))", sourceLocation: sourceLocation)
        return try JSONParser.parse(Data(result.stdout.utf8))
    }

    /// The write commands answer in JSON with what they did, and the read commands' JSON of the store they made.
    @Test func everyCommandAnswersInTheContract() throws {
        let sandbox = try Sandbox()
        let dir = sandbox.url("store")
        let created = try json(sandbox, ["init", dir.path, "--title", "Test-Speicher", "--author", Fixture.author, "--date", Fixture.date], schema: "init")
        #expect(created.objectValue?["action"] == .string("created"))
        #expect(try json(sandbox, ["init", dir.path], schema: "init").objectValue?["action"] == .string("existing"))

        let new = try json(sandbox, ["new", "glossary", "--title", "Betreibermodell", "--no-edit"], in: dir, schema: "new")
        #expect(new.objectValue?["entry"] == .object(["collection": .string("glossary"), "id": .string("betreibermodell"),
                                                      "path": .string("glossary/betreibermodell.md"), "title": .string("Betreibermodell")]))
        try sandbox.write(entryText("term: Betreibermodell", body: "Wer eine Anlage betreibt.\n"), to: "glossary/betreibermodell.md", in: dir)
        _ = try json(sandbox, ["status"], in: dir, schema: "status")

        let committed = try json(sandbox, ["commit", "-m", "Glossar", "--author", Fixture.author, "--date", Fixture.date], in: dir, schema: "commit")
        let first = try #require(committed.objectValue?["commit"]?.stringValue)
        #expect(committed.objectValue?["recorded"] == .bool(true))
        let nothing = try json(sandbox, ["commit", "-m", "Nichts", "--author", Fixture.author, "--date", Fixture.date], in: dir, schema: "commit")
        #expect(nothing.objectValue?["recorded"] == .bool(false))

        let release = try json(sandbox, ["release", "eins", "-m", "Erste Fassung", "--author", Fixture.author, "--date", Fixture.date], in: dir, schema: "release")
        #expect(release.objectValue?["commit"] == .string(first))
        _ = try json(sandbox, ["releases"], in: dir, schema: "releases")

        let moved = try json(sandbox, ["mv", "glossary/betreibermodell", "glossary/betriebsmodell"], in: dir, schema: "mv")
        #expect(moved.objectValue?["to"]?.objectValue?["path"] == .string("glossary/betriebsmodell.md"))
        _ = try json(sandbox, ["diff", "--stat"], in: dir, schema: "diff-stat")
        _ = try json(sandbox, ["diff"], in: dir, schema: "diff")
        try sandbox.commit(dir, "Betriebsmodell", date: "2022-03-02T10:00:00+01:00")

        let log = try json(sandbox, ["log"], in: dir, schema: "log")
        #expect(log.objectValue?["versions"]?.arrayValue?.count == 3)
        _ = try json(sandbox, ["log", "glossary/betriebsmodell", "--fields"], in: dir, schema: "log")
        _ = try json(sandbox, ["show", "glossary/betriebsmodell"], in: dir, schema: "show")
        _ = try json(sandbox, ["show", "glossary/betreibermodell", "--at", "eins"], in: dir, schema: "show")
        _ = try json(sandbox, ["validate"], in: dir, schema: "validate")
        _ = try json(sandbox, ["validate", "--at", "eins"], in: dir, schema: "validate")
        _ = try json(sandbox, ["diff", "eins", "HEAD"], in: dir, schema: "diff")
        _ = try json(sandbox, ["changelog", "--by", "commit"], in: dir, schema: "changelog")
        _ = try json(sandbox, ["doctor"], in: dir, schema: "doctor")
        _ = try json(sandbox, ["publish", "-o", sandbox.url("site").path], in: dir, schema: "publish")

        // NDJSON: one version per line, the lines of the JSON document's versions.
        let lines = try sandbox.chronik(["log", "--format", "ndjson"], in: dir)
        try #require(lines.status == 0, "\(lines)")
        #expect(JSONContractTests.expectValidLines(lines.stdout, schema: "log-line", "chronik log --format ndjson") == 3)
        let fields = try sandbox.chronik(["log", "glossary/betriebsmodell", "--fields", "--format", "ndjson"], in: dir)
        try #require(fields.status == 0, "\(fields)")
        #expect(JSONContractTests.expectValidLines(fields.stdout, schema: "log-line", "chronik log ENTRY --fields --format ndjson") == 2)
        let commits = try lines.stdout.split(separator: "\n").map { try JSONParser.parse(Data($0.utf8)).objectValue?["commit"] }
        #expect(commits == log.objectValue?["versions"]?.arrayValue?.map { $0.objectValue?["commit"] })
        try sandbox.expectFsckClean(dir)
    }

    /// `import snapshots` and `init --sample` report every snapshot; `--format` takes only its formats.
    @Test func importsAnswerInTheContract() throws {
        let sandbox = try Sandbox()
        let drafts = sandbox.url("drafts")
        let store = try sandbox.makeStore("source")
        try sandbox.write(entryText("term: Kiez", body: "Ein Viertel.\n"), to: "glossary/kiez.md", in: store)
        try FileManager.default.createDirectory(at: drafts, withIntermediateDirectories: true)
        try FileManager.default.copyItem(at: store, to: drafts.appendingPathComponent("1-entwurf"))
        try? FileManager.default.removeItem(at: drafts.appendingPathComponent("1-entwurf/.git"))
        let report = try json(sandbox, ["import", "snapshots", drafts.path, "--store", sandbox.url("imported").path,
                                        "--author", Fixture.author, "--date", Fixture.date], schema: "import-snapshots")
        #expect(report.objectValue?["recorded"] == .number(JSONNumber(1)))
        let sample = try json(sandbox, ["init", "--sample", "berlin", sandbox.url("berlin").path], schema: "init")
        #expect(sample.objectValue?["action"] == .string("sample"))
        // The published site's data files follow the contract too: every entry's and collection's `index.json`.
        let site = sandbox.url("site")
        _ = try json(sandbox, ["publish", "-o", site.path], in: sandbox.url("berlin"), schema: "publish")
        var entries = 0, collections = 0
        let walker = try #require(FileManager.default.enumerator(atPath: site.path))
        for case let path as String in walker where path.hasSuffix("/index.json") && !path.hasPrefix("search/") && !path.hasPrefix("releases/") {
            let text = try String(contentsOf: site.appendingPathComponent(path), encoding: .utf8)
            let depth = path.split(separator: "/").count
            if depth == 3 {
                JSONContractTests.expectValid(text, schema: "site-entry", path)
                entries += 1
            } else if depth == 2 {
                JSONContractTests.expectValid(text, schema: "site-collection", path)
                collections += 1
            }
        }
        #expect(collections >= 6 && entries > 50, "\(collections) collections, \(entries) entries")
        let unknown = try sandbox.chronik(["log", "--format", "csv"], in: store)
        #expect(unknown.status == 2 && unknown.stdout.isEmpty, "\(unknown)")
        let notForStatus = try sandbox.chronik(["status", "--format", "ndjson"], in: store)
        #expect(notForStatus.status == 2 && notForStatus.stdout.isEmpty, "\(notForStatus)")
    }
}
