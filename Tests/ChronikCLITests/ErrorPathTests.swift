import Foundation
import Testing

/// The one error path through the built binary (issues 16 and 18): every error on stderr as `chronik: error: …` (a
/// `hint: …` line after it where there is one), in the language `--lang` or `CHRONIK_LANG` chose, with the exit code
/// of its kind; nothing on stdout, nothing written.
@Suite("Errors end to end: one shape, both languages, exit codes")
struct ErrorPathTests {
    static let german = ["CHRONIK_LANG": "de"]

    /// A store error of the machine: exit 3 and the hint for a lock left behind.
    @Test func lockedStore() throws {
        let box = try Sandbox()
        let store = try box.makeStore()
        try box.write("---\nquestion: Was?\n---\n", to: "faq/was.md", in: store)
        let lock = store.appendingPathComponent(".git/index.lock")
        try Data().write(to: lock)
        let before = try box.state(of: store)
        for (arguments, environment, expected) in [
            ([String](), [String: String](), """
                chronik: error: could not lock the store: LOCK exists (waited 3.0 s); another process is writing to this repository
                hint: if no git or chronik command is running, `chronik doctor` removes lock files left by a killed process

                """),
            (["--lang", "de"], [:], """
                chronik: error: der Speicher lässt sich nicht sperren: LOCK ist vorhanden (3,0 s gewartet); ein anderer Vorgang schreibt in dieses Repository
                hint: wenn kein git- oder chronik-Befehl läuft, entfernt `chronik doctor` Sperrdateien, die ein abgebrochener Vorgang hinterlassen hat

                """),
        ] {
            let result = try box.chronik(["commit", "-m", "Was", "--author", Fixture.author, "--date", Fixture.date] + arguments,
                                         in: store, extraEnvironment: environment)
            #expect(result.status == 3, "\(result)")
            #expect(result.stdout == "")
            #expect(result.stderr.replacingOccurrences(of: lock.path, with: "LOCK") == expected)
        }
        #expect(try box.state(of: store) == before)
        try FileManager.default.removeItem(at: lock)
    }

    /// Not a store: exit 1, in English, by `--lang` and by `CHRONIK_LANG`.
    @Test func notAStore() throws {
        let box = try Sandbox()
        let folder = box.url("leer")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let english = try box.chronik(["status"], in: folder)
        #expect(english.status == 1)
        #expect(english.stdout == "")
        #expect(english.stderr == """
            chronik: error: not a chronik store (or any of the parent directories): \(folder.path)
            hint: run chronik inside a store, pass --store DIR, or create one with `chronik init`

            """)
        let germanText = """
            chronik: error: kein chronik-Speicher (auch in keinem übergeordneten Ordner): \(folder.path)
            hint: rufen Sie chronik in einem Speicher auf, geben Sie --store ORDNER an oder legen Sie einen mit `chronik init` an

            """
        for result in [try box.chronik(["status", "--lang", "de"], in: folder), try box.chronik(["log"], in: folder, extraEnvironment: Self.german)] {
            #expect(result.status == 1, "\(result)")
            #expect(result.stderr == germanText)
        }
    }

    /// Usage errors of the argument parser in chronik's shape, exit 2 (no "Error:" and no usage screen).
    @Test func usageErrors() throws {
        let box = try Sandbox()
        let store = try box.makeStore()
        let cases: [([String], [String: String], String)] = [
            (["status", "--formt", "json"], [:], """
                chronik: error: unknown option --formt
                hint: did you mean "--format"?

                """),
            (["status", "--formt", "json"], Self.german, """
                chronik: error: unbekannte Option --formt
                hint: meinten Sie „--format“?

                """),
            (["log", "--format", "yaml"], [:], """
                chronik: error: "yaml" is not a valid value of --format; allowed: text, json, ndjson
                hint: `chronik log --help` shows how to call it

                """),
            (["log", "--format", "yaml"], Self.german, """
                chronik: error: „yaml“ ist kein gültiger Wert für --format; erlaubt: text, json, ndjson
                hint: `chronik log --help` zeigt, wie der Befehl aufgerufen wird

                """),
            (["new"], Self.german, """
                chronik: error: es fehlt das Argument <collection>
                hint: `chronik new --help` zeigt, wie der Befehl aufgerufen wird

                """),
        ]
        let before = try box.state(of: store)
        for (arguments, environment, expected) in cases {
            let result = try box.chronik(arguments, in: store, extraEnvironment: environment)
            #expect(result.status == 2, "\(arguments): \(result)")
            #expect(result.stdout == "")
            #expect(result.stderr.hasPrefix("chronik: error: "), "\(arguments): \(result)")
            #expect(!result.stderr.contains("Error:") && !result.stderr.contains("Usage:"), "\(arguments): \(result)")
            #expect(result.stderr == expected, "\(arguments)")
        }
        #expect(try box.state(of: store) == before)
    }

    /// Content that `commit` refuses: exit 1, the problems worded in the chosen language, nothing written.
    @Test func contentRefusal() throws {
        let box = try Sandbox()
        let store = try box.makeStore()
        try box.write("---\ntitle: Forum\n---\n", to: "event/forum.md", in: store)
        let before = try box.state(of: store)
        let english = try box.chronik(["commit", "-m", "Forum", "--author", Fixture.author, "--date", Fixture.date], in: store)
        #expect(english.status == 1)
        #expect(english.stdout == "")
        #expect(english.stderr == """
            chronik: error: 1 problem in the store; nothing was written:
              event/forum.md: "event" is not a collection declared in chronik.yml; did you mean events/?

            """)
        let german = try box.chronik(["commit", "-m", "Forum", "--author", Fixture.author, "--date", Fixture.date], in: store,
                                     extraEnvironment: Self.german)
        #expect(german.status == 1)
        #expect(german.stderr == """
            chronik: error: 1 Problem im Speicher; es wurde nichts geschrieben:
              event/forum.md: „event“ ist keine in chronik.yml angelegte Sammlung; meinten Sie events/?

            """)
        #expect(try box.state(of: store) == before)
    }

    /// A `chronik.yml` that is not valid YAML is explained as an entry's front matter is (YAMLTrouble), with file, line
    /// and column, by `validate` in every format and by every command that reads it.
    @Test func brokenConfig() throws {
        let box = try Sandbox()
        let store = try box.makeStore()
        let path = store.appendingPathComponent("chronik.yml")
        let config = try String(contentsOf: path, encoding: .utf8)
        let broken = config.split(separator: "\n", omittingEmptySubsequences: false)
            .map { $0.hasPrefix("title:") ? "title: Open Data: offene Daten" : String($0) }.joined(separator: "\n")
        try broken.write(to: path, atomically: true, encoding: .utf8)
        let before = try box.state(of: store)
        let englishLine = "chronik.yml:1:17: a value containing \": \" needs quotes: write it as `name: \"text: more text\"`"
        let germanLine = "chronik.yml:1:17: ein Wert mit „: “ darin braucht Anführungszeichen: schreiben Sie `name: \"Text: mehr Text\"`"

        let text = try box.chronik(["validate"], in: store)
        #expect(text.status == 1)
        #expect(text.stdout == englishLine + "\n")
        #expect(text.stderr == "chronik: error: 1 problem in 1 file (0 entries checked)\n")
        let germanText = try box.chronik(["validate", "--lang", "de"], in: store)
        #expect(germanText.status == 1)
        #expect(germanText.stdout == germanLine + "\n")
        #expect(germanText.stderr == "chronik: error: 1 Problem in 1 Datei (0 Einträge geprüft)\n")

        let github = try box.chronik(["validate", "--format", "github"], in: store)
        #expect(github.status == 1)
        #expect(github.stdout == "::error file=chronik.yml,line=1,col=17,title=chronik::a value containing \": \" needs quotes: write it as `name: \"text: more text\"`\n")

        // JSON keeps the parser's English message (language-neutral, docs/json-output.md) with line and column.
        let json = try box.chronik(["validate", "--format", "json", "--lang", "de"], in: store)
        #expect(json.status == 1)
        #expect(json.stdout.contains("\"line\": 1,\n      \"column\": 17,\n      \"message\": \"The front matter is not valid YAML: mapping values are not allowed in this context.\""))

        for (arguments, environment, line) in [
            (["commit", "-m", "x", "--author", Fixture.author], [String: String](), "chronik: error: 1 problem in the store; nothing was written:\n  " + englishLine + "\n"),
            (["new", "events", "forum", "--no-edit"], [:], "chronik: error: " + englishLine + "\n"),
            (["new", "events", "forum", "--no-edit"], Self.german, "chronik: error: " + germanLine + "\n"),
        ] {
            let result = try box.chronik(arguments, in: store, extraEnvironment: environment)
            #expect(result.status == 1, "\(arguments): \(result)")
            #expect(result.stderr == line, "\(arguments)")
        }
        #expect(try box.state(of: store) == before)
    }
}
