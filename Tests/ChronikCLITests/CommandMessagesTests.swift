import Foundation
import Testing

// Issue 16: every command speaks German and English. Each command's messages (talk on stdout, errors, hints,
// warnings and notes on stderr, usage errors) are run through the built binary in both languages and compared with
// golden files, `Snapshots/messages/<command>.<lang>.txt`, byte for byte; `RECORD_SNAPSHOTS=1` rewrites them. Help is
// held the same way for two commands (`help-<command>.<lang>.txt`).

private let messageSnapshots = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
    .appendingPathComponent("Snapshots/messages", isDirectory: true)

/// Compares `text` with `Snapshots/messages/<name>`; `RECORD_SNAPSHOTS=1` rewrites the file and fails.
private func assertMessagesSnapshot(_ text: String, _ name: String, sourceLocation: SourceLocation = #_sourceLocation) throws {
    let file = messageSnapshots.appendingPathComponent(name)
    if ProcessInfo.processInfo.environment["RECORD_SNAPSHOTS"] == "1" {
        try FileManager.default.createDirectory(at: messageSnapshots, withIntermediateDirectories: true)
        try Data(text.utf8).write(to: file)
        Issue.record("recorded \(name); run again without RECORD_SNAPSHOTS", sourceLocation: sourceLocation)
        return
    }
    guard let expected = try? String(contentsOf: file, encoding: .utf8) else {
        Issue.record("no golden file \(name); run with RECORD_SNAPSHOTS=1 to create it", sourceLocation: sourceLocation)
        return
    }
    #expect(text == expected, "\(name) differs from its golden file (RECORD_SNAPSHOTS=1 rewrites it)", sourceLocation: sourceLocation)
}

/// What a sequence of commands printed, in one language: per command its arguments and exit status, then standard
/// output and standard error. The sandbox's folder is written `$SANDBOX`, so the text is the same on every machine.
private struct Transcript {
    let box: Sandbox
    let lang: String
    var text = ""

    init(_ box: Sandbox, lang: String) {
        self.box = box
        self.lang = lang
    }

    /// Runs chronik with `CHRONIK_LANG` set to the transcript's language (the way most users choose it).
    @discardableResult
    mutating func run(_ arguments: [String], in directory: URL, environment: [String: String] = [:]) throws -> RunResult {
        let result = try box.chronik(arguments, in: directory, extraEnvironment: ["CHRONIK_LANG": lang].merging(environment) { $1 })
        let shown = arguments.map { $0.contains(" ") || $0.isEmpty ? "\"\($0)\"" : $0 }.joined(separator: " ")
        text += "--- chronik \(shown) (exit \(result.status))\n" + result.stdout + result.stderr
        return result
    }

    var normalized: String { text.replacingOccurrences(of: box.root.path, with: "$SANDBOX") }
}

@Suite("Messages of every command, in German and English (golden files)")
struct CommandMessagesTests {
    /// The Berlin sample, with a lightweight tag `entwurf-1` beside `ambitionen` (for "did you mean" on revisions).
    private func sample(_ box: Sandbox) throws -> URL {
        let store = box.url("berlin")
        let made = try box.chronik(["init", "--sample", "berlin", store.path])
        try #require(made.status == 0, "\(made)")
        try #require(try box.git(["tag", "entwurf-1", "ambitionen"], in: store).status == 0)
        return store
    }

    @Test func readCommandsOnTheSample() throws {
        let box = try Sandbox()
        let store = try sample(box)
        for lang in ["en", "de"] {
            var log = Transcript(box, lang: lang)
            try log.run(["log", "--limit", "2"], in: store)
            try log.run(["log", "glossary/betriebsmodell"], in: store)
            try log.run(["log", "--limit", "0"], in: store)
            try log.run(["log", "--fields"], in: store)
            try log.run(["log", "--collection", "glosary"], in: store)
            try log.run(["log", "glossary/realabor"], in: store)
            try log.run(["log", "--at", "ambitionn"], in: store)
            try assertMessagesSnapshot(log.normalized, "log.\(lang).txt")

            var show = Transcript(box, lang: lang)
            try show.run(["show", "glosary/reallabor"], in: store)
            try show.run(["show", "glossary/realabor", "--at", "ambitionen"], in: store)
            try show.run(["show", "glossary/reallabor", "--at", "2000-01-01"], in: store)
            try show.run(["show", "glossary/reallabor", "--at", "ambitionn"], in: store)
            try show.run(["show", "glossary/Über"], in: store)
            try show.run(["validate", "--at", "ambitionn"], in: store)
            try assertMessagesSnapshot(show.normalized, "show.\(lang).txt")

            var diff = Transcript(box, lang: lang)
            try diff.run(["diff", "entwurf1", "HEAD"], in: store)
            try diff.run(["diff", "ambitionen", "aktionen", "glosary"], in: store)
            try diff.run(["diff", "--collection", "glosary"], in: store)
            try diff.run(["diff", "nope", "--", "glossary"], in: store)
            try diff.run(["diff", "ambitionen", "aktionen", "HEAD", "--", "glossary"], in: store)
            try diff.run(["diff", "--stat", "--format", "html"], in: store)
            try diff.run(["diff", "--public", "--format", "patch"], in: store)
            try diff.run(["diff", "--lang", "fr"], in: store)
            try assertMessagesSnapshot(diff.normalized, "diff.\(lang).txt")

            var changelog = Transcript(box, lang: lang)
            try changelog.run(["changelog", "--from", "ambitionn"], in: store)
            try changelog.run(["changelog", "--from", "gemeinsam-digital", "--to", "ambitionen"], in: store)
            try changelog.run(["changelog", "--tag-pattern", "v*"], in: store)
            try changelog.run(["changelog", "--stylesheet", "x.css"], in: store)
            try changelog.run(["changelog", "--excerpt-words", "0"], in: store)
            try changelog.run(["changelog", "--format", "atom", "--base-url", "example.org"], in: store)
            try assertMessagesSnapshot(changelog.normalized, "changelog.\(lang).txt")

            var releases = Transcript(box, lang: lang)
            try releases.run(["releases"], in: store)
            try releases.run(["releases", "--tag-pattern", "v*"], in: store)
            try releases.run(["releases", "--lang", "xx"], in: store)
            try assertMessagesSnapshot(releases.normalized, "releases.\(lang).txt")

            var doctor = Transcript(box, lang: lang)
            try doctor.run(["doctor"], in: store)
            try doctor.run(["doctor", "--dry-run"], in: store)
            try doctor.run(["doctor", "--stale-after=-1"], in: store)
            try assertMessagesSnapshot(doctor.normalized, "doctor.\(lang).txt")

            var serve = Transcript(box, lang: lang)
            try serve.run(["serve", "--port", "70000"], in: store)
            try serve.run(["serve", "--folder", "nowhere"], in: store)
            try serve.run(["serve", "--folder", "nowhere", "--lang", "en"], in: store)
            try serve.run(["serve", "ambitionn", "--port", "0"], in: store)
            try assertMessagesSnapshot(serve.normalized, "serve.\(lang).txt")

            var demo = Transcript(box, lang: lang)
            try demo.run(["demo", store.path], in: box.root)
            try demo.run(["demo", box.makeStore("other-\(lang)").path], in: box.root)
            try assertMessagesSnapshot(demo.normalized, "demo.\(lang).txt")
        }
        try box.expectFsckClean(store)
    }

    @Test func writeCommandsOnTheSample() throws {
        let box = try Sandbox()
        let store = try sample(box)
        let identity = ["--author", Fixture.author, "--date", Fixture.date]
        for lang in ["en", "de"] {
            var release = Transcript(box, lang: lang)
            try release.run(["release", "Entwurf 2"], in: store)
            try release.run(["release", "ambitionen"], in: store)
            try release.run(["release", "neu", "--at", "ambitionn"], in: store)
            try release.run(["release", "neu-\(lang)", "-m", "Neu"] + identity, in: store)
            try release.run(["release", "x", "--date", "gestern"], in: store)
            try assertMessagesSnapshot(release.normalized, "release.\(lang).txt")

            var mv = Transcript(box, lang: lang)
            try mv.run(["mv", "glossary/reallabor", "glosary/reallabor"], in: store)
            try mv.run(["mv", "glossary/reallabor", "reallabor"], in: store)
            try mv.run(["mv", "glossary/reallabor", "glossary/Reallabor Süd"], in: store)
            try mv.run(["mv", "glossary/realabor", "glossary/x"], in: store)
            try mv.run(["mv", "glossary/reallabor", "glossary/real-labor"], in: store)
            try assertMessagesSnapshot(mv.normalized, "mv.\(lang).txt")
            #expect(try box.git(["reset", "-q", "--hard"], in: store).status == 0)
            #expect(try box.git(["clean", "-q", "-fd"], in: store).status == 0)

            var commit = Transcript(box, lang: lang)
            try commit.run(["commit", "-m", " "], in: store)
            try commit.run(["commit", "-m", "Nichts"] + identity, in: store)
            try commit.run(["commit", "-m", "x", "--author", "Niemand"], in: store)
            try assertMessagesSnapshot(commit.normalized, "commit.\(lang).txt")

            var publish = Transcript(box, lang: lang)
            let site = box.url("site-\(lang)"), theme = box.url("theme-\(lang)")
            try publish.run(["publish"], in: store)
            try publish.run(["publish", "-o", site.path, "--base-url", "example.org"], in: store)
            try publish.run(["publish", "ambitionn", "-o", site.path], in: store)
            try publish.run(["publish", "ambitionen", "-o", site.path, "--no-cache"], in: store)
            try publish.run(["publish", "--export-theme", theme.path], in: store)
            try publish.run(["publish", "--export-theme", theme.path], in: store)
            try assertMessagesSnapshot(publish.normalized, "publish.\(lang).txt")

            var new = Transcript(box, lang: lang)
            try new.run(["new", "eventz", "--title", "Forum"], in: store)
            try new.run(["new", "events"], in: store)
            try new.run(["new", "events", "Forum Süd"], in: store)
            try new.run(["new", "glossary", "reallabor"], in: store)
            try assertMessagesSnapshot(new.normalized, "new.\(lang).txt")
        }
        try box.expectFsckClean(store)
    }

    @Test func initAndImport() throws {
        let box = try Sandbox()
        let identity = ["--author", Fixture.author, "--date", Fixture.date]
        // A folder of one snapshot: a new store's files, as `chronik init` writes them.
        let template = try box.makeStore("vorlage")
        let snapshots = box.url("entwuerfe")
        try FileManager.default.createDirectory(at: snapshots, withIntermediateDirectories: true)
        try FileManager.default.copyItem(at: template, to: snapshots.appendingPathComponent("01-start"))
        try FileManager.default.removeItem(at: snapshots.appendingPathComponent("01-start/.git"))
        for lang in ["en", "de"] {
            var initText = Transcript(box, lang: lang)
            let created = box.url("neu-\(lang)")
            try initText.run(["init", created.path, "--title", "Wissensspeicher"] + identity, in: box.root)
            try initText.run(["init", created.path], in: box.root)
            try initText.run(["init", created.path, "--infer-schemas"], in: box.root)
            try initText.run(["init", box.url("x").path, "--language", "fr"] + identity, in: box.root)
            try initText.run(["init", "--sample", "berlin", "--title", "x"], in: box.root)
            try initText.run(["init", "--sample", "berlin", "--commit"], in: box.root)
            // A folder of Markdown files without a repository: adopted, with its misfits named.
            let folder = box.url("ordner-\(lang)")
            try box.write("---\ntitle: Vorwort\n---\nText.\n", to: "docs/vorwort.md", in: folder)
            try box.write("Notizen.\n", to: "notizen.txt", in: folder)
            try initText.run(["init", folder.path, "--commit"] + identity, in: box.root)
            try initText.run(["init", folder.path], in: box.root)
            try initText.run(["init", folder.appendingPathComponent("docs").path], in: box.root)
            try assertMessagesSnapshot(initText.normalized, "init.\(lang).txt")

            var importText = Transcript(box, lang: lang)
            let target = box.url("import-\(lang)")
            try importText.run(["import", "snapshots", snapshots.path, "--store", target.path] + identity, in: box.root)
            try importText.run(["import", "snapshots", snapshots.path, "--store", target.path] + identity, in: box.root)
            try assertMessagesSnapshot(importText.normalized, "import.\(lang).txt")
        }
    }

    /// `chronik help log` and `chronik status --help`, in both languages as the environment names them (no store is
    /// known while help is built).
    @Test func helpOfTwoCommands() throws {
        let box = try Sandbox()
        for (lang, environment) in [("en", ["CHRONIK_LANG": "en"]), ("de", ["CHRONIK_LANG": "", "LANG": "de_DE.UTF-8"])] {
            let log = try box.chronik(["help", "log"], extraEnvironment: environment)
            #expect(log.status == 0 && log.stderr.isEmpty, "\(log)")
            try assertMessagesSnapshot(log.stdout, "help-log.\(lang).txt")
            let status = try box.chronik(["status", "--help"], extraEnvironment: environment)
            #expect(status.status == 0 && status.stderr.isEmpty, "\(status)")
            try assertMessagesSnapshot(status.stdout, "help-status.\(lang).txt")
            let root = try box.chronik(["--help"], extraEnvironment: environment)
            #expect(root.status == 0 && root.stdout.contains(lang == "de" ? "Beispiele:" : "Examples:"), "\(root)")
        }
    }
}
