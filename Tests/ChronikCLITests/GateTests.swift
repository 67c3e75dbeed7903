import Foundation
import Testing

// One gate (issue 16): for every bad-input fixture of the store format, `chronik validate` fails if and only if
// `chronik commit` refuses, and every line of the refusal is a line of validate's report, word for word. The
// texts themselves, in German and English, are golden files (Snapshots/gate/<fixture>.txt).

private let gateSnapshots = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Snapshots/gate")

/// One change to a committed, valid store, made in its working tree.
struct GateFixture: CustomStringConvertible, Sendable {
    var name: String
    /// Whether the change must be refused (false: a valid change both accept).
    var bad: Bool
    /// Files to write (path → bytes) and to remove.
    var writes: [String: Data] = [:]
    var removes: [String] = []

    var description: String { name }

    static func write(_ name: String, _ path: String, _ text: String, bad: Bool = true) -> GateFixture {
        GateFixture(name: name, bad: bad, writes: [path: Data(text.utf8)])
    }

    static func event(_ name: String, _ fields: String, body: String = "Text.\n", at path: String = "events/forum.md", bad: Bool = true) -> GateFixture {
        write(name, path, "---\n" + fields + "---\n" + body, bad: bad)
    }

    static let validEvent = "title: Forum\nformat: Forum\nstart: 2022-05-01\nend: 2022-05-02\nstatus: geplant\n"

    static let all: [GateFixture] = {
        var aliasBomb = "---\nterm: Kiez\na0: &a0 [x, x, x, x, x, x, x, x, x]\n"
        for i in 1...9 { aliasBomb += "a\(i): &a\(i) [" + Array(repeating: "*a\(i - 1)", count: 9).joined(separator: ", ") + "]\n" }
        aliasBomb += "---\n"
        return [
            event("valid-change", validEvent, bad: false),
            // YAML the parser refuses, explained.
            write("yaml-colon-in-value", "glossary/kaputt.md", "---\nterm: Open Data: offene Daten\n---\nText.\n"),
            write("yaml-tab", "glossary/kaputt.md", "---\nterm: Kiez\n\tsynonyms: [Block]\n---\nText.\n"),
            write("yaml-unclosed-quote", "glossary/kaputt.md", "---\nterm: \"Kiez\nsynonyms: [Block]\n---\nText.\n"),
            write("yaml-unclosed-bracket", "glossary/kaputt.md", "---\nterm: [Kiez\nsynonyms: x\n---\n"),
            write("yaml-duplicate-key", "glossary/kaputt.md", "---\nterm: Kiez\nterm: Block\n---\nText.\n"),
            write("yaml-alias-bomb", "glossary/kaputt.md", aliasBomb),
            write("yaml-merge-key", "glossary/kaputt.md", "---\nbase: &b {term: Kiez}\n<<: *b\n---\n"),
            write("yaml-unsupported-tag", "glossary/kaputt.md", "---\nterm: !!python/object:os.system ls\n---\n"),
            write("no-front-matter", "glossary/kaputt.md", "# Kiez\n\nNur Text.\n"),
            write("unterminated-front-matter", "glossary/kaputt.md", "---\nterm: Kiez\n\nText ohne Ende der Kopfdaten.\n"),
            write("front-matter-not-a-mapping", "glossary/kaputt.md", "---\n- Kiez\n- Block\n---\n"),
            write("nul-byte", "glossary/kaputt.md", "---\nterm: Kiez\n---\nText\u{0}mit NUL\n"),
            write("byte-order-mark", "glossary/kaputt.md", "\u{FEFF}---\nterm: Kiez\n---\n"),
            // Where files are.
            event("mistyped-collection-folder", validEvent, at: "event/forum.md"),
            write("file-outside-collections", "notizen.txt", "Notizen\n"),
            event("hostile-id", validEvent, at: "events/Forum Süd.md"),
            // Merge conflicts.
            event("conflict-in-body", validEvent, body: "Text.\n<<<<<<< HEAD\nAlt.\n=======\nNeu.\n>>>>>>> entwurf\n"),
            write("conflict-in-front-matter", "events/forum.md",
                  "---\ntitle: Forum\n<<<<<<< HEAD\nformat: Forum\n=======\nformat: Workshop\n>>>>>>> entwurf\nstart: 2022-05-01\nend: 2022-05-02\nstatus: geplant\n---\nText.\n"),
            // Schema findings, named by label and key.
            event("missing-required-field", "title: Forum\nformat: Forum\nstart: 2022-05-01\nstatus: geplant\n"),
            event("value-not-allowed", "title: Forum\nformat: Forum\nstart: 2022-05-01\nend: 2022-05-02\nstatus: unbekannt\n"),
            event("impossible-date", "title: Forum\nformat: Forum\nstart: 2022-02-30\nend: 2022-05-02\nstatus: geplant\n"),
            event("not-a-date", "title: Forum\nformat: Forum\nstart: 1. Mai\nend: 2022-05-02\nstatus: geplant\n"),
            event("unknown-field", validEvent + "platfrom: https://example.org/\n"),
            event("list-item", validEvent + "results:\n  - ok\n  - 5\n"),
            event("end-before-start", "title: Forum\nformat: Forum\nstart: 2022-05-03\nend: 2022-05-02\nstatus: geplant\n"),
            // References.
            event("broken-reference", validEvent + "results:\n  - fehlt\n"),
            GateFixture(name: "removed-referenced-entry", bad: true, removes: ["glossary/kiez.md"]),
            // chronik.yml and schemas.
            write("broken-config", "chronik.yml", "title: [Test\nlanguage: de\n"),
            write("broken-schema", "schemas/glossary.schema.json", "{\"type\": \"object\",\n"),
            write("schema-not-an-object", "schemas/glossary.schema.json", "[]\n"),
        ]
    }()
}

@Suite("one gate: validate fails iff commit refuses, with the same messages (issue 16)")
struct GateTests {
    /// A store with one committed version: two glossary entries, one referring to the other.
    func baseStore(_ box: Sandbox) throws -> URL {
        let store = try box.makeStore()
        try box.write("---\nterm: Kiez\n---\nEin Stadtteil.\n", to: "glossary/kiez.md", in: store)
        try box.write("---\nterm: Block\nsee_also:\n  - kiez\n---\nEin Häuserblock.\n", to: "glossary/block.md", in: store)
        try box.commit(store, "Glossar")
        return store
    }

    func apply(_ fixture: GateFixture, to store: URL, in box: Sandbox) throws {
        for (path, data) in fixture.writes { try box.write(data, to: path, in: store) }
        for path in fixture.removes { try FileManager.default.removeItem(at: store.appendingPathComponent(path)) }
    }

    /// The problem lines of a refused commit: its stderr after the first line, without the indentation.
    func refusalLines(_ stderr: String) -> [String] {
        stderr.split(separator: "\n").dropFirst().map { $0.hasPrefix("  ") ? String($0.dropFirst(2)) : String($0) }
    }

    @Test(arguments: GateFixture.all)
    func validateFailsIffCommitRefuses(_ fixture: GateFixture) throws {
        let box = try Sandbox()
        let store = try baseStore(box)
        try apply(fixture, to: store, in: box)

        let validate = try box.chronik(["validate", "--lang", "en"], in: store)
        let json = try box.chronik(["validate", "--format", "json"], in: store)
        let github = try box.chronik(["validate", "--format", "github"], in: store)
        let before = try box.state(of: store)
        let commit = try box.chronik(["commit", "-m", "Änderung", "--lang", "en", "--author", Fixture.author, "--date", Fixture.date], in: store)

        #expect(validate.status == (fixture.bad ? 1 : 0), "\(validate)")
        #expect(json.status == validate.status && github.status == validate.status, "\(json)\n\(github)")
        #expect(commit.status == validate.status, "validate: \(validate)\ncommit: \(commit)")
        guard fixture.bad else { return }

        // Nothing written by the refused commit.
        #expect(try box.state(of: store) == before, "the refused commit changed the store")
        #expect(commit.stderr.hasPrefix("chronik: error: "), "\(commit)")
        // Every refusal line is one of validate's lines, word for word.
        let reported = Set(validate.stdout.split(separator: "\n").map(String.init))
        let refused = refusalLines(commit.stderr)
        #expect(!refused.isEmpty, "\(commit)")
        for line in refused {
            #expect(reported.contains(line), "commit refuses with \(line), validate does not say it:\n\(validate.stdout)")
        }
        // The same problems in every format: one annotation per problem, with the file.
        let problems = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])["problems"] as? [[String: Any]]
        let annotations = github.stdout.split(separator: "\n")
        #expect(annotations.count == problems?.count && annotations.count == validate.stdout.split(separator: "\n").count,
                "text: \(validate.stdout)\njson: \(json.stdout)\ngithub: \(github.stdout)")
        for (annotation, problem) in zip(annotations, problems ?? []) {
            let file = try #require(problem["file"] as? String)
            #expect(annotation.hasPrefix("::error file=" + file.replacingOccurrences(of: ":", with: "%3A").replacingOccurrences(of: ",", with: "%2C")),
                    "\(annotation)")
        }
    }

    /// The exact texts of validate (stdout and the final error line) for each fixture, in English and German.
    @Test(arguments: GateFixture.all)
    func messagesInBothLanguages(_ fixture: GateFixture) throws {
        let box = try Sandbox()
        let store = try baseStore(box)
        try apply(fixture, to: store, in: box)
        var text = ""
        for lang in ["en", "de"] {
            let result = try box.chronik(["validate", "--lang", lang], in: store)
            text += "--- validate --lang \(lang) (exit \(result.status))\n" + result.stdout + result.stderr
        }
        if fixture.bad {
            for lang in ["en", "de"] {
                let result = try box.chronik(["commit", "-m", "x", "--lang", lang, "--author", Fixture.author, "--date", Fixture.date], in: store)
                text += "--- commit --lang \(lang) (exit \(result.status))\n" + result.stdout + result.stderr
            }
        }
        try assertGateSnapshot(text, fixture.name + ".txt")
    }

    /// Without --lang or CHRONIK_LANG, a German store speaks German (LANG=C.UTF-8 names no language).
    @Test func storeLanguageDecides() throws {
        let box = try Sandbox()
        let store = try baseStore(box)
        try box.write("---\nterm: Kiez\n---\n", to: "glosary/kiez.md", in: store)
        let result = try box.chronik(["validate"], in: store, extraEnvironment: ["CHRONIK_LANG": ""])
        #expect(result.status == 1)
        #expect(result.stdout == "glosary/kiez.md: „glosary“ ist keine in chronik.yml angelegte Sammlung; meinten Sie glossary/?\n", "\(result)")
        #expect(result.stderr == "chronik: error: 1 Problem in 1 Datei (2 Einträge geprüft)\n", "\(result)")
        let english = try box.chronik(["validate"], in: store, extraEnvironment: ["CHRONIK_LANG": "", "LANG": "en_GB.UTF-8"])
        #expect(english.stdout == "glosary/kiez.md: \"glosary\" is not a collection declared in chronik.yml; did you mean glossary/?\n", "\(english)")
    }

    /// A file committed into a mistyped folder with plain git (which checks nothing) is reported by validate, and
    /// release refuses that version.
    @Test func plainGitCommitInAMistypedFolder() throws {
        let box = try Sandbox()
        let store = try baseStore(box)
        try box.write("---\n" + GateFixture.validEvent + "---\nText.\n", to: "event/forum.md", in: store)
        #expect(try box.git(["add", "-A"], in: store).status == 0)
        #expect(try box.git(["commit", "-q", "-m", "plain git"], in: store).status == 0)
        let validate = try box.chronik(["validate", "--lang", "en"], in: store)
        #expect(validate.status == 1)
        #expect(validate.stdout == "event/forum.md: \"event\" is not a collection declared in chronik.yml; did you mean events/?\n", "\(validate)")
        let at = try box.chronik(["validate", "--lang", "en", "--at", "HEAD"], in: store)
        #expect(at.stdout == validate.stdout, "\(at)")
        let release = try box.chronik(["release", "entwurf-1", "--author", Fixture.author, "--date", Fixture.date], in: store)
        #expect(release.status == 1, "\(release)")
        #expect(release.stderr.contains("event/forum.md"), "\(release)")
        #expect(try box.git(["tag", "--list"], in: store).stdout.isEmpty)
        // Removing the file in the working tree fixes what validate reports (the commit that removes it is allowed).
        try FileManager.default.removeItem(at: store.appendingPathComponent("event/forum.md"))
        #expect(try box.chronik(["validate"], in: store).status == 0)
        try box.commit(store, "Ordner entfernt")
    }

    /// status lists what commit would refuse in the same words, in either language.
    @Test func statusSpeaksBothLanguages() throws {
        let box = try Sandbox()
        let store = try baseStore(box)
        try box.write("---\nterm: Kiez\n---\n", to: "glosary/kiez.md", in: store)
        let de = try box.chronik(["status", "--lang", "de"], in: store)
        #expect(de.stdout == """
            Auf Zweig main
            Abgelehnt (vor dem Festhalten beheben):
              glosary/kiez.md: „glosary“ ist keine in chronik.yml angelegte Sammlung; meinten Sie glossary/?

            """, "\(de)")
        let en = try box.chronik(["status", "--lang", "en"], in: store)
        #expect(en.stdout == """
            On branch main
            Refused (fix these before committing):
              glosary/kiez.md: "glosary" is not a collection declared in chronik.yml; did you mean glossary/?

            """, "\(en)")
        try FileManager.default.removeItem(at: store.appendingPathComponent("glosary"))
        #expect(try box.chronik(["status", "--lang", "de"], in: store).stdout == "Auf Zweig main\nNichts festzuhalten, der Arbeitsordner ist sauber.\n")
    }

    /// A broken chronik.yml is a finding in every format: a GitHub annotation on chronik.yml with its line.
    @Test func brokenConfigIsAnnotated() throws {
        let box = try Sandbox()
        let store = try baseStore(box)
        try box.write("title: [Test\nlanguage: de\n", to: "chronik.yml", in: store)
        let github = try box.chronik(["validate", "--format", "github"], in: store)
        #expect(github.status == 1)
        #expect(github.stdout.hasPrefix("::error file=chronik.yml,line="), "\(github)")
        let json = try box.chronik(["validate", "--format", "json"], in: store)
        #expect(json.status == 1)
        #expect(json.stdout.contains("\"file\": \"chronik.yml\""), "\(json)")
    }
}

/// Compares `text` with `Snapshots/gate/<name>`; `RECORD_SNAPSHOTS=1` rewrites the file and fails.
private func assertGateSnapshot(_ text: String, _ name: String, sourceLocation: SourceLocation = #_sourceLocation) throws {
    let file = gateSnapshots.appendingPathComponent(name)
    if ProcessInfo.processInfo.environment["RECORD_SNAPSHOTS"] == "1" {
        try FileManager.default.createDirectory(at: gateSnapshots, withIntermediateDirectories: true)
        try Data(text.utf8).write(to: file)
        Issue.record("recorded \(name); run again without RECORD_SNAPSHOTS", sourceLocation: sourceLocation)
        return
    }
    let expected = try String(contentsOf: file, encoding: .utf8)
    #expect(text == expected, "\(name) differs from its golden file (RECORD_SNAPSHOTS=1 rewrites it)", sourceLocation: sourceLocation)
}
