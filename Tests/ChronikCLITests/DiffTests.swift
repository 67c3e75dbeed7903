import struct ChronikStore.SplitMix64
import Foundation
import Testing

/// The Berlin sample's draft tags, oldest first.
private let drafts = ["strategischer-rahmen", "ambitionen", "aktionen", "strategieentwurf", "gemeinsam-digital"]

extension Sandbox {
    /// The Berlin sample store (fixed ids: the import is reproducible).
    func sample(_ name: String = "berlin") throws -> URL {
        let dir = url(name)
        let result = try chronik(["init", "--sample", "berlin", dir.path])
        try #require(result.status == 0, "\(result)")
        return dir
    }

    /// A plain Git repository (no chronik.yml) with fixed identity and dates.
    func plainRepository(_ name: String = "plain") throws -> URL {
        let dir = url(name)
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        try #require(try git(["init", "-q", "-b", "main", dir.path], in: root).status == 0)
        return dir
    }

    func commitAll(_ dir: URL, _ message: String) throws {
        try #require(try git(["add", "-A"], in: dir).status == 0)
        let result = try git(["commit", "-q", "--allow-empty", "-m", message], in: dir)
        try #require(result.status == 0, "\(result)")
    }

    /// Applies `patch` with `git apply` to a fresh checkout of `old` and expects the result to be `new`'s tree.
    func expectPatchApplies(_ patch: String, repository: URL, old: String, new: String, _ comment: String,
                            sourceLocation: SourceLocation = #_sourceLocation) throws {
        let copy = url("apply-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: copy) }
        // Revisions are resolved in the original: in the copy, HEAD is the old side.
        let oldID = try git(["rev-parse", "--verify", old + "^{commit}"], in: repository).stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        let newID = try git(["rev-parse", "--verify", new + "^{commit}"], in: repository).stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        try #require(try git(["clone", "-q", "--no-checkout", repository.path, copy.path], in: root).status == 0)
        try #require(try git(["checkout", "-q", oldID], in: copy).status == 0)
        let patchFile = url("p-\(UUID().uuidString).patch")
        try patch.write(to: patchFile, atomically: true, encoding: .utf8)
        let applied = try git(["apply", "--allow-empty", "--whitespace=nowarn", patchFile.path], in: copy)
        #expect(applied.status == 0, "\(comment): git apply: \(applied)", sourceLocation: sourceLocation)
        _ = try git(["add", "-A"], in: copy)
        let differs = try git(["diff", "--cached", "--stat", newID], in: copy)
        #expect(differs.status == 0 && differs.stdout.isEmpty, "\(comment): after git apply the tree differs from \(new): \(differs)",
                sourceLocation: sourceLocation)
    }
}

/// True when `text` holds a control character other than line break and tab (ANSI escapes among them).
private func hasControlCharacters(_ text: String) -> Bool {
    text.unicodeScalars.contains { $0.properties.generalCategory == .control && $0 != "\n" && $0 != "\t" }
}

private let repositoryRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

/// `scripts/check-changelog-html.py` on a page (a strict HTML5 parse and what the page promises); skipped with a
/// visible line without html5lib, unless CHRONIK_REQUIRE_BROWSER_CHECKS=1 (CI).
private func checkPage(_ page: URL, in box: Sandbox, sourceLocation: SourceLocation = #_sourceLocation) throws {
    let python = URL(fileURLWithPath: "/usr/bin/env")
    let environment = ProcessInfo.processInfo.environment
    guard try run(python, ["python3", "-c", "import html5lib"], in: box.root, environment: environment).status == 0 else {
        if environment["CHRONIK_REQUIRE_BROWSER_CHECKS"] == "1" {
            Issue.record("python3 has no html5lib, required by CHRONIK_REQUIRE_BROWSER_CHECKS=1", sourceLocation: sourceLocation)
        } else {
            print("skipped: check-changelog-html.py on the diff page (python3 has no html5lib; pip install html5lib)")
        }
        return
    }
    let result = try run(python, ["python3", repositoryRoot.appendingPathComponent("scripts/check-changelog-html.py").path, page.path],
                         in: box.root, environment: environment)
    #expect(result.status == 0, "check-changelog-html.py failed: \(result)", sourceLocation: sourceLocation)
}

@Suite("chronik diff, end to end")
struct DiffTests {
    @Test func goldenFilesForTheSampleDrafts() throws {
        let box = try Sandbox()
        let store = try box.sample()
        var pairs = Array(zip(drafts, drafts.dropFirst())).map { ($0.0, $0.1) }
        pairs.append((drafts[0], drafts[4]))
        for (a, b) in pairs {
            let name = "diff-\(a)-\(b)"
            var formats = ["text", "markdown", "html", "json"]
            if a == drafts[0], b == drafts[4] { formats.append("patch") }
            for format in formats {
                let result = try box.chronik(["diff", a, b, "--format", format], in: store)
                #expect(result.status == 0 && result.stderr.isEmpty, "\(result)")
                try assertSnapshot(result.stdout, named: "\(name).\(format == "markdown" ? "md" : format == "text" ? "txt" : format)")
            }
            let stat = try box.chronik(["diff", a, b, "--stat"], in: store)
            #expect(stat.status == 0, "\(stat)")
            try assertSnapshot(stat.stdout, named: "\(name).stat.txt")
        }
        // Not a terminal: no colour unless asked.
        let plain = try box.chronik(["diff", "aktionen", "strategieentwurf"], in: store)
        #expect(!plain.stdout.contains("\u{1B}"))
        let colored = try box.chronik(["diff", "aktionen", "strategieentwurf", "--color", "always"], in: store, extraEnvironment: ["NO_COLOR": "1"])
        // Colour is not the only cue: deletions are also struck through (SGR 9), insertions underlined (SGR 4).
        #expect(colored.stdout.contains("\u{1B}[31;9m") && colored.stdout.contains("\u{1B}[32;4m"))
        #expect(!colored.stdout.contains("\u{1B}[31m") && !colored.stdout.contains("\u{1B}[32m"))
        // The pages for residents in English too (`--lang en` on the German sample).
        for format in ["markdown", "html"] {
            let result = try box.chronik(["diff", "strategieentwurf", "gemeinsam-digital", "--format", format, "--lang", "en"], in: store)
            #expect(result.status == 0 && result.stderr.isEmpty, "\(result)")
            try assertSnapshot(result.stdout, named: "diff-strategieentwurf-gemeinsam-digital-en.\(format == "markdown" ? "md" : format)")
        }
        try box.expectFsckClean(store)
    }

    @Test func pagesSpeakTheStoresLanguageAndLangOverridesIt() throws {
        let box = try Sandbox()
        let store = try box.sample()
        let revisions = ["strategieentwurf", "gemeinsam-digital"]
        func diff(_ arguments: [String], in dir: URL? = nil) throws -> String {
            let result = try box.chronik(["diff"] + (dir == nil ? revisions : []) + arguments, in: dir ?? store)
            #expect(result.status == 0 && result.stderr.isEmpty, "\(arguments): \(result)")
            return result.stdout
        }
        // The sample is German: the page, its words and the schema's field labels are German.
        let german = try diff(["--format", "html"])
        #expect(german.hasPrefix("<!DOCTYPE html>\n<html lang=\"de\">"))
        for text in ["<title>Änderungen von „Entwurf der Smart City-Strategie in der öffentlichen Kommentierung“ (strategieentwurf, 16.06.2022) zu „Gemeinsam Digital: Berlin, die zusammengeführte Digital- und Smart City-Strategie, finale Fassung für den Senat“ (gemeinsam-digital, 15.11.2022)</title>", "Zum Inhalt springen", "<th scope=\"col\">Vorher</th>",
                     "<th scope=\"row\">Rolle im Prozess</th>", "<h3>Eingefügter Absatz, Zeile 1</h3>", "[eingefügt: "] {
            #expect(german.contains(text), "\(text) missing")
        }
        for text in ["Changes from", "Before", "Inserted", "Role in the process", "[inserted: ", " lang=\"en\""] {
            #expect(!german.contains(text), "\(text) in the German page")
        }
        // --lang en: English words and field labels; the German content says its language.
        let english = try diff(["--format", "html", "--lang", "en"])
        #expect(english.hasPrefix("<!DOCTYPE html>\n<html lang=\"en\">"))
        for text in ["<title>Changes from “Entwurf der Smart City-Strategie in der öffentlichen Kommentierung” (strategieentwurf, 2022-06-16) to “Gemeinsam Digital: Berlin, die zusammengeführte Digital- und Smart City-Strategie, finale Fassung für den Senat” (gemeinsam-digital, 2022-11-15)</title>", "<th scope=\"row\">Role in the process</th>",
                     "<h3>Inserted paragraph, line 1</h3>", "<p class=\"block\" lang=\"de\">", "[deleted: "] {
            #expect(english.contains(text), "\(text) missing")
        }
        #expect(!english.contains("Änderungen von") && !english.contains("Vorher"))
        let markdown = try diff(["--format", "markdown"]), markdownEnglish = try diff(["--format", "markdown", "--lang", "en"])
        #expect(markdown.hasPrefix("# Änderungen von „Entwurf der Smart City-Strategie in der öffentlichen Kommentierung“ (strategieentwurf, 16.06.2022) zu „Gemeinsam Digital") && markdown.contains("| Feld | Vorher | Nachher |"))
        #expect(markdownEnglish.hasPrefix("# Changes from “Entwurf der Smart City-Strategie in der öffentlichen Kommentierung” (strategieentwurf, 2022-06-16) to “Gemeinsam Digital") && markdownEnglish.contains("| Field | Before | After |"))
        // The terminal's words stay English; its field labels follow --lang as the schema gives them.
        let text = try diff([]), textEnglish = try diff(["--lang", "en"])
        #expect(text.contains("modified actors/senatskanzlei") && text.contains("  Rolle im Prozess: "))
        #expect(textEnglish.contains("modified actors/senatskanzlei") && textEnglish.contains("  Role in the process: "))
        // JSON keys never change; labels are values.
        let json = try diff(["--format", "json"]), jsonEnglish = try diff(["--format", "json", "--lang", "en"])
        let keys = { (s: String) in (try JSONSerialization.jsonObject(with: Data(s.utf8)) as? [String: Any]).map { Set($0.keys) } }
        #expect(try keys(json) == keys(jsonEnglish) && json.contains("\"label\": \"Rolle im Prozess\"") && jsonEnglish.contains("\"label\": \"Role in the process\""))

        let bad = try box.chronik(["diff"] + revisions + ["--format", "html", "--lang", "fr"], in: store)
        #expect(bad.status == 2 && bad.stdout.isEmpty && bad.stderr.contains("--lang must be de or en"), "\(bad)")

        // A plain repository: the language detected from its content, as the changelog does; --lang overrides it.
        let repo = try box.plainRepository("leitfaden")
        try box.write("Der Leitfaden ist für alle da und er wird von der Gemeinschaft gepflegt.\n", to: "texte/vorwort.md", in: repo)
        try box.commitAll(repo, "Anfang")
        try box.write("Der Leitfaden ist für alle da und er wird von der ganzen Gemeinschaft gepflegt, auch mit dem Rat.\n", to: "texte/vorwort.md", in: repo)
        let plain = try diff(["--format", "html"], in: repo)
        #expect(plain.hasPrefix("<!DOCTYPE html>\n<html lang=\"de\">") && plain.contains("<title>Änderungen von HEAD zum Arbeitsverzeichnis</title>"), "\(plain)")
        let plainEnglish = try diff(["--format", "markdown", "--lang", "en"], in: repo)
        #expect(plainEnglish.hasPrefix("# Changes from HEAD to the working tree\n"), "\(plainEnglish)")
        try box.expectFsckClean(repo)

        // Both pages are valid HTML5 with one main, a skip link to it and no skipped heading level.
        for (name, page) in [("de", german), ("en", english)] {
            let file = box.url("diff-\(name).html")
            try page.write(to: file, atomically: true, encoding: .utf8)
            try checkPage(file, in: box)
        }
    }

    @Test func jsonProseEditsRebuildTheNewBodies() throws {
        let box = try Sandbox()
        let store = try box.sample()
        let result = try box.chronik(["diff", drafts[0], drafts[4], "--format", "json"], in: store)
        try #require(result.status == 0, "\(result)")
        let json = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        #expect(Array((json.keys)).count == 8, "chronik, from, to, mode, entries, files, documents, summary")
        let entries = try #require(json["entries"] as? [[String: Any]])
        var checked = 0
        for entry in entries {
            guard let oldBlob = entry["oldBlob"] as? String, let newBlob = entry["newBlob"] as? String,
                  let prose = entry["prose"] as? [String: Any], let edits = prose["edits"] as? [[String: Any]] else { continue }
            func body(_ blob: String) throws -> [UInt8] {
                let text = try box.git(["cat-file", "blob", blob], in: store).stdout
                // The body follows the closing `---` line of the front matter.
                guard let end = text.range(of: "\n---\n", range: text.index(text.startIndex, offsetBy: 3)..<text.endIndex) else { return Array(text.utf8) }
                return Array(text[end.upperBound...].utf8)
            }
            let old = try body(oldBlob), new = try body(newBlob)
            var out: [UInt8] = [], cursor = 0
            for edit in edits {
                let offset = try #require(edit["oldOffset"] as? Int)
                let deleted = Array(try #require(edit["deleted"] as? String).utf8)
                #expect(Array(old[offset..<(offset + deleted.count)]) == deleted)
                out += old[cursor..<offset]
                out += Array(try #require(edit["inserted"] as? String).utf8)
                cursor = offset + deleted.count
            }
            out += old[cursor...]
            #expect(out == new, "\(entry["entry"] ?? "")")
            checked += 1
        }
        #expect(checked > 10)
    }

    @Test func patchAppliesToEveryPairOfDrafts() throws {
        let box = try Sandbox()
        let store = try box.sample()
        for (i, a) in drafts.enumerated() {
            for b in drafts[(i + 1)...] {
                let result = try box.chronik(["diff", a, b, "--format", "patch"], in: store)
                #expect(result.status == 0 && result.stderr.isEmpty, "\(result)")
                try box.expectPatchApplies(result.stdout, repository: store, old: a, new: b, "\(a)..\(b)")
            }
        }
        // Backwards too.
        let back = try box.chronik(["diff", drafts[4], drafts[0], "--format", "patch"], in: store)
        try box.expectPatchApplies(back.stdout, repository: store, old: drafts[4], new: drafts[0], "backwards")
    }

    @Test(arguments: [UInt64(7), 42, 2022])
    func patchAppliesToGeneratedPairs(seed: UInt64) throws {
        let box = try Sandbox()
        let repo = try box.plainRepository()
        var rng = SplitMix64(seed: seed)
        let words = ["Berlin", "Stadt", "Klimakrise", "Bürger:innen", "Straße", "1.000,50", "die", "und", "für", "CO₂", "👩🏽‍💻", "—", "\t", "-", "+", "@@", "\\"]
        func line() -> String { (0..<Int.random(in: 0...8, using: &rng)).map { _ in words.randomElement(using: &rng)! }.joined(separator: " ") }
        func file() -> String {
            let lines = (0..<Int.random(in: 0...40, using: &rng)).map { _ in line() }
            return lines.joined(separator: "\n") + (Bool.random(using: &rng) ? "\n" : "")
        }
        let names = ["a.md", "Mein Ordner/B Datei.md", "tief/unten/c.md", "Notizen/Über uns.md", "d.txt", "e \"q\".md"]
        var contents: [String: String] = [:]
        for name in names where Bool.random(using: &rng) || contents.isEmpty { contents[name] = file() }
        for (name, text) in contents { try box.write(text, to: name, in: repo) }
        try box.commitAll(repo, "A")
        for round in 0..<3 {
            for name in names {
                let path = repo.appendingPathComponent(name)
                switch (contents[name] != nil, Int.random(in: 0...5, using: &rng)) {
                case (true, 0):
                    try FileManager.default.removeItem(at: path)
                    contents[name] = nil
                case (true, 1), (true, 2):
                    var lines = contents[name]!.components(separatedBy: "\n")
                    for _ in 0..<Int.random(in: 1...4, using: &rng) {
                        let k = Int.random(in: 0...lines.count, using: &rng)
                        if Bool.random(using: &rng), k < lines.count { lines.remove(at: k) } else { lines.insert(line(), at: k) }
                    }
                    contents[name] = lines.joined(separator: "\n")
                    try box.write(contents[name]!, to: name, in: repo)
                case (true, 3):
                    _ = try box.git(["update-index", "--chmod=+x", name], in: repo)
                    try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: path.path)
                case (false, 0), (false, 1):
                    contents[name] = file()
                    try box.write(contents[name]!, to: name, in: repo)
                default: break
                }
            }
            try box.commitAll(repo, "B\(round)")
            let result = try box.chronik(["diff", "HEAD~1", "HEAD", "--format", "patch"], in: repo)
            #expect(result.status == 0, "seed \(seed): \(result)")
            try box.expectPatchApplies(result.stdout, repository: repo, old: "HEAD~1", new: "HEAD", "seed \(seed) round \(round)")
        }
        let all = try box.chronik(["diff", "HEAD~3", "HEAD", "--format", "patch"], in: repo)
        try box.expectPatchApplies(all.stdout, repository: repo, old: "HEAD~3", new: "HEAD", "seed \(seed) overall")
        try box.expectFsckClean(repo)
    }

    @Test func terminalOutputNeverPassesControlCharactersFromContent() throws {
        let box = try Sandbox()
        let repo = try box.plainRepository()
        try box.write("---\ntitle: Alt\n---\nEin Text.\n", to: "notiz.md", in: repo)
        try box.commitAll(repo, "A")
        let evil = "Rot\u{1B}[31m und \u{1B}]0;Titel\u{7} \u{9B}2J Ende"
        try box.write("---\ntitle: \"\(evil.replacingOccurrences(of: "\u{1B}", with: "\\e").replacingOccurrences(of: "\u{7}", with: "\\a").replacingOccurrences(of: "\u{9B}", with: "\\x9B"))\"\n---\nEin \(evil) Text.\n", to: "notiz.md", in: repo)
        try box.write("\(evil)\n", to: "neu\u{1B}[1m.md", in: repo)
        for arguments in [["diff"], ["diff", "--stat"], ["diff", "--format", "markdown"], ["diff", "--color", "never"]] {
            let result = try box.chronik(arguments, in: repo)
            #expect(result.status == 0, "\(result)")
            #expect(!hasControlCharacters(result.stdout), "\(arguments): \(result.stdout.debugDescription)")
            #expect(result.stdout.contains(arguments.contains("markdown") ? "\\\\u{1B}" : "\\u{1B}"), "\(arguments): \(result.stdout)")
        }
        let colored = try box.chronik(["diff", "--color", "always"], in: repo)
        // Colour adds our own SGR sequences only: every ESC is followed by `[`, digits and `m`.
        let sgr = try NSRegularExpression(pattern: "\u{1B}\\[[0-9;]*m")
        let stripped = sgr.stringByReplacingMatches(in: colored.stdout, range: NSRange(colored.stdout.startIndex..., in: colored.stdout), withTemplate: "")
        #expect(!hasControlCharacters(stripped), "\(colored.stdout.debugDescription)")
        #expect(stripped.contains("title: [-Alt-]") == false && stripped.contains("Alt -> Rot\\u{1B}[31m"), "\(stripped)")
        let html = try box.chronik(["diff", "--format", "html"], in: repo)
        #expect(!html.stdout.contains("\u{1B}"))
    }

    @Test func publicLeavesOutPrivateFields() throws {
        let box = try Sandbox()
        let store = try box.sample()
        let path = "actors/citylab-berlin.md"
        var text = try String(contentsOf: store.appendingPathComponent(path), encoding: .utf8)
        text = text.replacingOccurrences(of: "website: https://citylab-berlin.org/\n", with: "website: https://citylab-berlin.org/\ncontact: geheim@example.org\n")
        text = text.replacingOccurrences(of: "offener Ort", with: "offener und öffentlicher Ort")
        try box.write(text, to: path, in: store)
        for format in ["text", "markdown", "html", "json"] {
            let shown = try box.chronik(["diff", "--format", format], in: store)
            #expect(shown.status == 0 && shown.stdout.contains("geheim@example"), "\(format): \(shown)")
            let hidden = try box.chronik(["diff", "--public", "--format", format], in: store)
            #expect(hidden.status == 0, "\(hidden)")
            #expect(!hidden.stdout.contains("geheim"), "\(format): \(hidden.stdout)")
            #expect(hidden.stdout.contains("öffentlicher"), "\(format): the prose change is still there")
        }
        let stat = try box.chronik(["diff", "--public", "--stat"], in: store)
        #expect(stat.stdout.contains("actors/citylab-berlin | modified  +2 -0 words\n"), "\(stat)")
        let patch = try box.chronik(["diff", "--public", "--format", "patch"], in: store)
        #expect(patch.status == 2 && patch.stderr.contains("--public cannot be combined with --format patch"), "\(patch)")
    }

    @Test func plainRepositoryWithCapitalsSpacesAndFolders() throws {
        let box = try Sandbox()
        let repo = try box.plainRepository()
        try box.write("# Unser Plan\n\nDer Klimawandel ist da.\n\nZweiter Absatz.\n", to: "Docs/Mein Plan.md", in: repo)
        try box.write("Nur Text ohne Kopf.\n", to: "README.md", in: repo)
        try box.write("---\ntitle: Ideen\nstatus: offen\n---\nErste Idee.\n", to: "Notizen/Sub Ordner/Ideen Liste.md", in: repo)
        try box.write(Data([0x89, 0x50, 0x4E, 0x47, 0, 1, 2]), to: "bild.png", in: repo)
        try box.commitAll(repo, "A")
        try box.write("# Unser Plan\n\nZweiter Absatz.\n\nDie Klimakrise ist da.\n", to: "Docs/Mein Plan.md", in: repo)
        try box.write("---\ntitle: Ideen\nstatus: erledigt\n---\nErste Idee.\n", to: "Notizen/Sub Ordner/Ideen Liste.md", in: repo)
        try box.write(Data([0x89, 0x50, 0x4E, 0x47, 0, 3]), to: "bild.png", in: repo)
        try box.write("x = 1\n", to: "skript.py", in: repo)
        try FileManager.default.removeItem(at: repo.appendingPathComponent("README.md"))

        let result = try box.chronik(["diff"], in: repo)
        #expect(result.status == 0, "\(result)")
        try assertSnapshot(result.stdout, named: "diff-plain.txt")
        #expect(result.stdout.contains("modified Docs/Mein Plan: Unser Plan"))
        #expect(result.stdout.contains("status: [-offen-] -> {+erledigt+}"))
        #expect(result.stdout.contains("removed README"))
        #expect(result.stdout.contains("modified file bild.png") && result.stdout.contains("added file skript.py"))
        // Entries by path or folder/name; --store from elsewhere; committed pairs.
        let one = try box.chronik(["diff", "--store", repo.path, "Notizen/Sub Ordner/Ideen Liste"], in: box.root)
        #expect(one.status == 0 && one.stdout.contains("Ideen Liste") && !one.stdout.contains("Mein Plan"), "\(one)")
        try box.commitAll(repo, "B")
        let json = try box.chronik(["diff", "HEAD~1", "HEAD", "--format", "json"], in: repo)
        #expect(json.status == 0 && json.stdout.contains("\"mode\": \"plain\""), "\(json)")
        #expect(json.stdout.contains("\"collection\": \"Notizen/Sub Ordner\""))
        let patch = try box.chronik(["diff", "HEAD~1", "HEAD", "--format", "patch"], in: repo)
        // Binary files are patched (issue 17: `GIT binary patch`, which `git apply --binary` takes), without a warning.
        #expect(patch.stderr.isEmpty && patch.stdout.contains("GIT binary patch\nliteral 6\n"), "\(patch)")
    }

    @Test func badInput() throws {
        let box = try Sandbox()
        let store = try box.sample()
        let unknown = try box.chronik(["diff", "kein-tag"], in: store)
        #expect(unknown.status == 1, "\(unknown)")
        #expect(unknown.stderr.hasPrefix("chronik: error: unknown revision or entry \"kein-tag\": no such tag, branch or commit, and no entry of that name\n"), "\(unknown)")
        let second = try box.chronik(["diff", "aktionen", "HEAD~99", "--"], in: store)
        #expect(second.status == 1 && second.stderr.contains("unknown revision \"HEAD~99\""), "\(second)")
        let entry = try box.chronik(["diff", "aktionen", "strategieentwurf", "glossary/gibt-es-nicht"], in: store)
        #expect(entry.status == 1, "\(entry)")
        // The test sandbox speaks English (CHRONIK_LANG=en); the same error in German with CHRONIK_LANG=de.
        #expect(entry.stderr == "chronik: error: no entry, collection or folder \"glossary/gibt-es-nicht\" at aktionen or strategieentwurf\n", "\(entry)")
        let german = try box.chronik(["diff", "aktionen", "strategieentwurf", "glossary/gibt-es-nicht"], in: store, extraEnvironment: ["CHRONIK_LANG": "de"])
        #expect(german.status == 1, "\(german)")
        #expect(german.stderr == "chronik: error: kein Eintrag, keine Sammlung und kein Ordner „glossary/gibt-es-nicht“ in aktionen oder strategieentwurf\n", "\(german)")
        let format = try box.chronik(["diff", "--format", "nonsense"], in: store)
        #expect(format.status == 2 && format.stderr.contains("nonsense"), "\(format)")
        let stat = try box.chronik(["diff", "--stat", "--format", "html"], in: store)
        #expect(stat.status == 2, "\(stat)")
        let collection = try box.chronik(["diff", "--collection", "nope"], in: store)
        #expect(collection.status == 1 && collection.stderr.contains("not a collection"), "\(collection)")
        let outside = try box.chronik(["diff"], in: box.home)
        #expect(outside.status == 1 && outside.stderr.contains("not a Git repository"), "\(outside)")
        // An entry whose id is also a tag: after `--` it is the entry.
        let results = try box.chronik(["diff", "ambitionen", "gemeinsam-digital", "--", "aktionen"], in: store)
        #expect(results.status == 0 && results.stdout.contains("results/aktionen") && !results.stdout.contains("strategy/"), "\(results)")
        let clean = try box.chronik(["diff"], in: store)
        #expect(clean.status == 0 && clean.stdout == "diff HEAD -> working tree\nno changes\n", "\(clean)")
    }
}
