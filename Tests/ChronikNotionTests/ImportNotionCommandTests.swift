import ChronikStore
import Foundation
import Testing
@testable import ChronikNotion

/// The built `chronik` binary beside the test bundle (`CHRONIK_BIN` overrides), as the CLI tests find it.
let chronikBinary: URL = {
    if let path = ProcessInfo.processInfo.environment["CHRONIK_BIN"] { return URL(fileURLWithPath: path) }
    var dir = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath().deletingLastPathComponent()
    for _ in 0..<4 {
        let candidate = dir.appendingPathComponent("chronik")
        var isDir: ObjCBool = false
        if FileManager.default.fileExists(atPath: candidate.path, isDirectory: &isDir), !isDir.boolValue { return candidate }
        dir = dir.deletingLastPathComponent()
    }
    return URL(fileURLWithPath: "/nonexistent/chronik")
}()

struct Run {
    var status: Int32
    var stdout: String
    var stderr: String
}

/// Runs a program with a private HOME, English messages and fixed identities.
func run(_ executable: URL, _ arguments: [String], in directory: URL, home: URL, extra: [String: String] = [:]) throws -> Run {
    let process = Process()
    process.executableURL = executable
    process.arguments = arguments
    process.currentDirectoryURL = directory
    process.environment = [
        "HOME": home.path, "GIT_CONFIG_NOSYSTEM": "1", "PATH": ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin",
        "LANG": "C.UTF-8", "TZ": "UTC", "CHRONIK_LANG": "en",
    ].merging(extra) { $1 }
    let out = Pipe(), err = Pipe()
    process.standardOutput = out
    process.standardError = err
    try process.run()
    let stdout = out.fileHandleForReading.readDataToEndOfFile()
    let stderr = err.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    return Run(status: process.terminationStatus, stdout: String(decoding: stdout, as: UTF8.self), stderr: String(decoding: stderr, as: UTF8.self))
}

/// `chronik import notion` as a user runs it, on exports the fixture builder writes.
@Suite struct ImportNotionCommandTests {
    static let author = ["--author", "Test Author <test@example.org>", "--date", "2025-02-05T10:00:00+01:00"]

    func chronik(_ folder: TemporaryFolder, _ arguments: [String], extra: [String: String] = [:]) throws -> Run {
        try run(chronikBinary, arguments, in: folder.url, home: folder.url, extra: extra)
    }

    func git(_ folder: TemporaryFolder, _ arguments: [String], in store: URL) throws -> Run {
        try run(URL(fileURLWithPath: "/usr/bin/git"), arguments, in: store, home: folder.url)
    }

    func entry(_ store: URL, _ path: String) throws -> EntryDocument {
        try EntryDocument.parse(try Data(contentsOf: store.appendingPathComponent(path)))
    }

    enum Packaging: CaseIterable { case folder, zip, parts }

    @Test(arguments: [NotionFixture.Format.markdown, .html], [NotionFixture.RelationStyle.urls, .paths])
    func importsTheSample(format: NotionFixture.Format, relations: NotionFixture.RelationStyle) throws {
        let folder = try TemporaryFolder()
        let export = folder.path("export.zip")
        try NotionFixture.sample.writeZip(export, format, relations: relations, parts: 2)
        let store = folder.path("store")
        let result = try chronik(folder, ["import", "notion", export.path, "--store", store.path, "--format", "json"] + Self.author)
        try #require(result.status == 0, "\(result)")
        let report = try JSONParser.parse(Data(result.stdout.utf8))
        // The JSON contract (docs/json-output.md): the format version first, the version as `commit`.
        #expect(result.stdout.hasPrefix("{\n  \"chronik\": 1,\n"), "\(result.stdout.prefix(200))")
        #expect(report["commit"]?.stringValue?.count == 40 && report["version"] == nil)
        let problems = try ImportReportSchema.problems(report)
        #expect(problems.isEmpty, "\(problems)")
        #expect(report["createdStore"] == .bool(true) && report["recorded"] == .bool(true))
        #expect(report["findings"]?["rows"] == .number(JSONNumber(9)))
        #expect(report["findings"]?["unresolvedRelations"] == .array([]))
        // CityLAB's image and PDF: copied beside its entry (issue 17), the body's links pointing at the copies.
        let copied = report["findings"]?["attachments"]?.arrayValue ?? []
        #expect(Set(copied.compactMap { $0["path"]?.stringValue }) == ["prozessakteure/citylab-berlin/team.png", "prozessakteure/citylab-berlin/bericht.pdf"], "\(copied)")
        #expect(copied.allSatisfy { $0["source"]?.stringValue?.hasSuffix(".png") == true || $0["source"]?.stringValue?.hasSuffix(".pdf") == true })
        #expect(try Data(contentsOf: store.appendingPathComponent("prozessakteure/citylab-berlin/team.png")) == Data([0x89, 0x50, 0x4E, 0x47, 1, 2, 3]))
        #expect(try Data(contentsOf: store.appendingPathComponent("prozessakteure/citylab-berlin/bericht.pdf")) == Data("%PDF-1.4".utf8))
        let citylab = try entry(store, "prozessakteure/citylab-berlin.md")
        #expect(citylab.body.contains("(citylab-berlin/team.png)") && citylab.body.contains("(citylab-berlin/bericht.pdf)"), "\(citylab.body)")

        // Collections, ids from titles (trailing space, `@`, duplicates numbered, parentheses and comma).
        let config = try StoreConfig.parse(try Data(contentsOf: store.appendingPathComponent("chronik.yml")))
        #expect(config.collections.map(\.name) == ["glossar", "prozessakteure", "prozessergebnisse", "prozesstermine", "faq", "pages"])
        let senatskanzlei = try entry(store, "prozessakteure/senatskanzlei.md")
        #expect(senatskanzlei.fields["name"] == .string("Senatskanzlei"))
        #expect(senatskanzlei.fields["ergebnisse"] == .array([.string("ambitionen"), .string("strategie-entwurf-teil-1")]))
        #expect(senatskanzlei.fields["kontakt"] == .string("smart@example.org"))
        #expect(senatskanzlei.fields["aktiv"] == .bool(true))
        #expect(senatskanzlei.fields["notion_id"] == .string(NotionFixture.ID.senatskanzlei))
        #expect(try entry(store, "prozesstermine/april-28-2022.md").fields["name"] == .string("@April 28, 2022"))
        #expect(try entry(store, "glossar/kiez.md").fields["notion_id"] == .string(NotionFixture.ID.kiez1))
        #expect(try entry(store, "glossar/kiez-2.md").fields["notion_id"] == .string(NotionFixture.ID.kiez2))
        let entwurf = try entry(store, "prozessergebnisse/strategie-entwurf-teil-1.md")
        #expect(entwurf.fields["start"] == .string("2022-06-16") && entwurf.fields["end"] == .string("2022-07-06"))
        #expect(entwurf.fields["akteure"] == .array([.string("senatskanzlei"), .string("citylab-berlin")]))
        #expect(entwurf.body.contains("[Ambitionen](ambitionen.md)"), "\(entwurf.body)")
        // Contact details are private by default.
        let schema = try JSONParser.parse(try Data(contentsOf: store.appendingPathComponent("schemas/prozessakteure.schema.json")))
        #expect(schema["properties"]?["kontakt"]?["x-chronik-private"] == .bool(true))
        // Subpages and the nested database's page.
        #expect(try entry(store, "pages/protokolle.md").fields["parent"] == .string("prozessakteure/senatskanzlei"))
        #expect(FileManager.default.fileExists(atPath: store.appendingPathComponent("faq/was-ist-das.md").path))

        #expect(try chronik(folder, ["validate", "--store", store.path]).status == 0)
        #expect(try git(folder, ["status", "--porcelain"], in: store).stdout == "")
        #expect(try git(folder, ["fsck", "--full", "--no-progress"], in: store).status == 0)

        // The plan's JSON follows the same schema.
        let plan = try chronik(folder, ["import", "notion", export.path, "--plan", "--format", "json"])
        try #require(plan.status == 0, "\(plan)")
        #expect(plan.stdout.hasPrefix("{\n  \"chronik\": 1,\n"))
        let planProblems = try ImportReportSchema.problems(JSONParser.parse(Data(plan.stdout.utf8)))
        #expect(planProblems.isEmpty, "\(planProblems)\n\(plan.stdout)")
    }

    @Test func planWritesTheMappingAndAReviewedOneIsApplied() throws {
        let folder = try TemporaryFolder()
        let export = folder.path("export")
        try NotionFixture.sample.writeFolder(export, .markdown)
        let plan = try chronik(folder, ["import", "notion", export.path, "--plan"])
        try #require(plan.status == 0, "\(plan)")
        #expect(plan.stdout.contains("Wrote notion-mapping.yml: 5 databases as collections glossar, prozessakteure, prozessergebnisse, prozesstermine, faq."))
        // Both "Kiez" pages are named with their titles.
        #expect(plan.stdout.contains("glossar/kiez: \"Kiez\", \"Kiez\""), "\(plan.stdout)")
        #expect(!FileManager.default.fileExists(atPath: folder.path("store").path))
        // A second --plan does not overwrite the reviewed file.
        #expect(try chronik(folder, ["import", "notion", export.path, "--plan"]).status == 1)

        // Review: the glossary becomes `glossary`, its definition's key `definition`, and the contact public.
        var text = try String(contentsOf: folder.path("notion-mapping.yml"), encoding: .utf8)
        text = text.replacingOccurrences(of: "collection: \"glossar\"", with: "collection: \"glossary\"")
        text = text.replacingOccurrences(of: "key: \"kontakt\"", with: "key: \"email\"")
        try text.write(to: folder.path("notion-mapping.yml"), atomically: true, encoding: .utf8)
        let store = folder.path("store")
        let result = try chronik(folder, ["import", "notion", export.path, "--store", store.path, "--mapping", "notion-mapping.yml"] + Self.author)
        try #require(result.status == 0, "\(result)")
        #expect(FileManager.default.fileExists(atPath: store.appendingPathComponent("glossary/kiez-2.md").path))
        #expect(try entry(store, "prozessakteure/senatskanzlei.md").fields["email"] == .string("smart@example.org"))

        // A mapping that names a property the export lacks: refused with its line, nothing written.
        let head = try git(folder, ["rev-parse", "HEAD"], in: store).stdout
        let lines = text.components(separatedBy: "\n")
        let line = try #require(lines.firstIndex { $0.contains("property: \"Typ\"") }) + 1
        try text.replacingOccurrences(of: "property: \"Typ\"", with: "property: \"Typus\"").write(to: folder.path("bad.yml"), atomically: true, encoding: .utf8)
        let refused = try chronik(folder, ["import", "notion", export.path, "--store", store.path, "--mapping", "bad.yml"] + Self.author)
        #expect(refused.status == 1)
        #expect(refused.stderr.contains("bad.yml:\(line): database \"Prozessakteure\" has no property \"Typus\""), "\(refused.stderr)")
        #expect(try git(folder, ["rev-parse", "HEAD"], in: store).stdout == head)
        // The same in German.
        let german = try chronik(folder, ["import", "notion", export.path, "--store", store.path, "--mapping", "bad.yml", "--lang", "de"] + Self.author)
        #expect(german.stderr.contains("die Datenbank „Prozessakteure“ hat keine Eigenschaft „Typus“"), "\(german.stderr)")
    }

    @Test func reimportRecordsExactlyTheChanges() throws {
        let folder = try TemporaryFolder()
        let store = folder.path("store")
        try NotionFixture.sample.writeZip(folder.path("one.zip"), .html)
        try #require(try chronik(folder, ["import", "notion", "one.zip", "--store", store.path] + Self.author).status == 0)

        // In Notion: CityLAB renamed, the glossary's second "Kiez" deleted, a date changed, a row added.
        var fixture = NotionFixture.sample
        fixture.databases[0].rows[1].title = "CityLAB"
        fixture.databases[3].rows.remove(at: 1)
        fixture.databases[1].rows[0].values["Zeitraum"] = .date("March 1, 2022 → March 20, 2022")
        fixture.databases[3].rows.append(NotionFixture.Page(id: "dddddddddddd4ddd8ddddddddddddddd", title: "Reallabor", values: ["Definition": .text("Ein Ort zum Ausprobieren.")]))
        // CityLAB's image replaced, its PDF removed (issue 17: exactly these attachment changes).
        fixture.databases[0].rows[1].attachments = [("team.png", Data([0x89, 0x50, 0x4E, 0x47, 9, 9]))]
        fixture.databases[0].rows[1].body = [.paragraph("Labor für die Stadt."), .image("team.png")]
        try fixture.writeZip(folder.path("two.zip"), .html)
        let second = try chronik(folder, ["import", "notion", "two.zip", "--store", store.path] + Self.author)
        try #require(second.status == 0, "\(second)")
        let diff = try git(folder, ["diff", "--name-status", "HEAD~1", "HEAD"], in: store).stdout
        #expect(diff == """
            M\tprozessakteure/citylab-berlin.md
            M\tprozessakteure/citylab-berlin/team.png
            D\tprozessakteure/citylab-berlin/bericht.pdf
            A\tglossar/reallabor.md
            D\tglossar/kiez-2.md
            M\tprozessergebnisse/ambitionen.md

            """.split(separator: "\n").sorted(by: { $0.dropFirst(2) < $1.dropFirst(2) }).joined(separator: "\n") + "\n", "\(diff)")
        let log = try git(folder, ["log", "--format=%s"], in: store).stdout.split(separator: "\n")
        #expect(log.count == 2 && log.allSatisfy { $0.hasPrefix("Import from Notion, export of ") })
        // chronik diff names the same changes.
        let chronikDiff = try chronik(folder, ["diff", "HEAD~1", "HEAD", "--store", store.path, "--format", "json"])
        #expect(chronikDiff.status == 0, "\(chronikDiff)")
        let status = try chronik(folder, ["log", "--store", store.path, "--format", "json", "--limit", "1"])
        // The attachments' changes belong to CityLAB's entry change in `chronik log`.
        // The JSON contract's document (issue 18): `{"chronik": 1, "versions": [...]}`.
        let versions = try JSONParser.parse(Data(status.stdout.utf8))["versions"]?.arrayValue ?? []
        let citylabChange = versions.first?["changes"]?.arrayValue?.first { $0["entry"]?["id"] == .string("citylab-berlin") }
        let attachmentChanges = citylabChange?["attachments"]?.arrayValue?.map { "\($0["kind"]?.stringValue ?? "") \($0["name"]?.stringValue ?? "")" }
        #expect(attachmentChanges == ["removed bericht.pdf", "modified team.png"], "\(status)")
        // The same export again records nothing.
        let third = try chronik(folder, ["import", "notion", "two.zip", "--store", store.path] + Self.author)
        #expect(third.status == 0 && third.stdout.contains("Nothing to import"), "\(third)")
        #expect(try git(folder, ["rev-list", "--count", "HEAD"], in: store).stdout == "2\n")
        #expect(try git(folder, ["fsck", "--full", "--no-progress"], in: store).status == 0)
    }

    @Test func refusalsWriteNothing() throws {
        let folder = try TemporaryFolder()
        let export = folder.path("export")
        try NotionFixture.sample.writeFolder(export, .html)
        let noStore = try chronik(folder, ["import", "notion", export.path] + Self.author)
        #expect(noStore.status == 2 && noStore.stderr.contains("--store DIR is required"), "\(noStore)")
        let noMapping = try chronik(folder, ["import", "notion", export.path, "--store", "s", "--mapping", "none.yml"] + Self.author)
        #expect(noMapping.status == 1 && noMapping.stderr.contains("cannot read the mapping none.yml"), "\(noMapping)")
        #expect(!FileManager.default.fileExists(atPath: folder.path("s").path))

        // An entry made outside Notion: a re-import would delete it, so it is refused.
        let store = folder.path("store")
        try #require(try chronik(folder, ["import", "notion", export.path, "--store", store.path] + Self.author).status == 0)
        try Data("---\nname: Eigener Eintrag\n---\nVon Hand.\n".utf8).write(to: store.appendingPathComponent("glossar/eigener-eintrag.md"))
        #expect(try git(folder, ["add", "-A"], in: store).status == 0)
        #expect(try git(folder, ["-c", "user.name=T", "-c", "user.email=t@example.org", "commit", "-qm", "von Hand"], in: store).status == 0)
        let head = try git(folder, ["rev-parse", "HEAD"], in: store).stdout
        let refused = try chronik(folder, ["import", "notion", export.path, "--store", store.path] + Self.author)
        #expect(refused.status == 1)
        #expect(refused.stderr.contains("holds 1 entry that no Notion import made (glossar/eigener-eintrag)"), "\(refused.stderr)")
        #expect(try git(folder, ["rev-parse", "HEAD"], in: store).stdout == head)
        #expect(try git(folder, ["status", "--porcelain"], in: store).stdout == "")
        let german = try chronik(folder, ["import", "notion", export.path, "--store", store.path, "--lang", "de"] + Self.author)
        #expect(german.stderr.contains("enthält 1 Eintrag, den kein Notion-Import angelegt hat (glossar/eigener-eintrag)"), "\(german.stderr)")
    }
}
