import Foundation
import Testing

// The public changelog, end to end: golden files for every format on the sample's history, privacy, hostile
// content, plain Git repositories, timelines, and the feed and page checked by real parsers (Python's feedparser
// and html5lib, when installed; CHRONIK_REQUIRE_BROWSER_CHECKS=1 makes their absence a failure).

private let repositoryRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
private let snapshotFolder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Snapshots")

/// Compares `text` with `Snapshots/<name>`; `RECORD_SNAPSHOTS=1` rewrites the file and fails.
private func assertChangelogSnapshot(_ text: String, _ name: String, sourceLocation: SourceLocation = #_sourceLocation) throws {
    let file = snapshotFolder.appendingPathComponent(name)
    if ProcessInfo.processInfo.environment["RECORD_SNAPSHOTS"] == "1" {
        try Data(text.utf8).write(to: file)
        Issue.record("recorded \(name); run again without RECORD_SNAPSHOTS", sourceLocation: sourceLocation)
        return
    }
    let expected = try String(contentsOf: file, encoding: .utf8)
    #expect(text == expected, "\(name) differs from its golden file (RECORD_SNAPSHOTS=1 rewrites it)", sourceLocation: sourceLocation)
}

/// Runs a checker script with python3 when it has `module`; prints a visible "skipped:" line when not (a failure
/// with CHRONIK_REQUIRE_BROWSER_CHECKS=1).
private func runPythonCheck(_ script: String, _ arguments: [String], module: String, in sandbox: Sandbox,
                            sourceLocation: SourceLocation = #_sourceLocation) throws {
    let python = URL(fileURLWithPath: "/usr/bin/env")
    let probe = try run(python, ["python3", "-c", "import \(module)"], in: sandbox.root, environment: ProcessInfo.processInfo.environment)
    guard probe.status == 0 else {
        if ProcessInfo.processInfo.environment["CHRONIK_REQUIRE_BROWSER_CHECKS"] == "1" {
            Issue.record("python3 has no \(module), required by CHRONIK_REQUIRE_BROWSER_CHECKS=1", sourceLocation: sourceLocation)
        } else {
            print("skipped: \(script) (python3 has no \(module); pip install \(module))")
        }
        return
    }
    let result = try run(python, ["python3", repositoryRoot.appendingPathComponent("scripts/\(script)").path] + arguments,
                         in: sandbox.root, environment: ProcessInfo.processInfo.environment)
    #expect(result.status == 0, "\(script) failed: \(result)", sourceLocation: sourceLocation)
}

private func sampleStore(_ sandbox: Sandbox, _ name: String = "berlin") throws -> URL {
    let dir = sandbox.url(name)
    let result = try sandbox.chronik(["init", "--sample", "berlin", dir.path])
    try #require(result.status == 0, "init --sample failed: \(result)")
    return dir
}

private func changelog(_ sandbox: Sandbox, _ store: URL, _ arguments: [String], sourceLocation: SourceLocation = #_sourceLocation) throws -> String {
    let result = try sandbox.chronik(["changelog"] + arguments, in: store)
    #expect(result.status == 0, "changelog \(arguments) failed: \(result)", sourceLocation: sourceLocation)
    return result.stdout
}

/// Every format and grouping, with and without detail.
private let allVariants: [[String]] = [
    ["--format", "markdown"], ["--format", "markdown", "--detail", "--by", "commit"],
    ["--format", "html", "--detail"], ["--format", "html", "--by", "commit", "--lang", "en"],
    ["--format", "json", "--detail"], ["--format", "json", "--by", "commit"],
    ["--format", "atom", "--detail"], ["--format", "atom", "--by", "commit"],
]

@Suite struct ChangelogTests {
    @Test func goldenFilesForEveryFormatOnTheSample() throws {
        let sandbox = try Sandbox()
        let store = try sampleStore(sandbox)
        try assertChangelogSnapshot(try changelog(sandbox, store, ["--format", "markdown"]), "changelog-sample.md")
        try assertChangelogSnapshot(try changelog(sandbox, store, ["--format", "markdown", "--by", "commit", "--lang", "en", "--detail"]), "changelog-sample-commits-en.md")
        try assertChangelogSnapshot(try changelog(sandbox, store, ["--format", "html", "--detail"]), "changelog-sample.html")
        try assertChangelogSnapshot(try changelog(sandbox, store, ["--format", "json"]), "changelog-sample.json")
        try assertChangelogSnapshot(try changelog(sandbox, store, ["--format", "atom"]), "changelog-sample.atom")
        try assertChangelogSnapshot(try changelog(sandbox, store, ["--format", "atom", "--detail", "--base-url", "https://example.org/strategie"]),
                                    "changelog-sample-linked.atom")
        // The cache gives the same output as a cold run.
        #expect(try changelog(sandbox, store, ["--format", "json", "--no-cache"]) == (try changelog(sandbox, store, ["--format", "json"])))
        #expect(FileManager.default.fileExists(atPath: store.appendingPathComponent(".git/chronik/changelog-cache").path))
        #expect(try sandbox.git(["status", "--porcelain"], in: store).stdout.isEmpty, "the cache is never part of the working tree")
    }

    @Test func feedAndPageParseWithRealParsers() throws {
        let sandbox = try Sandbox()
        let store = try sampleStore(sandbox)
        for (arguments, entries) in [(["--by", "release"], 5), (["--by", "commit"], 5)] {
            let feed = sandbox.url("feed-\(arguments[1]).atom")
            _ = try changelog(sandbox, store, ["--format", "atom", "--detail", "-o", feed.path] + arguments)
            try runPythonCheck("check-feed.py", [feed.path, "--entries", String(entries)], module: "feedparser", in: sandbox)
            let page = sandbox.url("page-\(arguments[1]).html")
            _ = try changelog(sandbox, store, ["--format", "html", "--detail", "-o", page.path] + arguments)
            try runPythonCheck("check-changelog-html.py", [page.path], module: "html5lib", in: sandbox)
        }
    }

    /// Issue 20, as a resident reads it: releases by title, versions by release, references by title, the text
    /// of what came and went, no internal paths, a feed whose items a reader can open.
    @Test func residentsReadTitlesTextsAndLinks() throws {
        let sandbox = try Sandbox()
        let store = try sampleStore(sandbox)
        let md = try changelog(sandbox, store, [])
        #expect(md.contains("## Entwurf der Smart City-Strategie in der öffentlichen Kommentierung (strategieentwurf, 16.06.2022)"), "\(md)")
        #expect(md.contains("- **Zwei Strategien, ein gemeinsamer Weg** (Strategietext) – 219 Wörter"), "\(md)")
        #expect(md.contains("Ergebnisse: \\+ Auswertung der Kommentare zu den Aktionen"), "references by title")
        #expect(!md.contains("auswertung-aktionen") && !md.contains("results/strategieentwurf"), "ids and paths are for machines")
        #expect(!md.contains("Berlin hatte sich lange"), "the text only with --detail")
        let commits = try changelog(sandbox, store, ["--by", "commit"])
        #expect(commits.contains("## Version bf1fdd6 — in: Entwurf der Smart City-Strategie in der öffentlichen Kommentierung (16.06.2022)"), "\(commits)")

        // --detail: a section in full (its last words too), other entries cut after --excerpt-words words.
        let detail = try changelog(sandbox, store, ["--detail", "--excerpt-words", "5"])
        #expect(detail.contains("  > Berlin hatte sich lange zwei Aufgaben"))
        #expect(detail.contains("im Wissensspeicher nachvollziehbar dokumentiert."))
        #expect(detail.contains("  > Die Rolle des Chief Digital …\n"), "\(detail)")
        // The removed section's text comes from the old version.
        #expect(detail.contains("  > Ambition: Berlin nutzt seine Stärke als Standort"))
        let html = try changelog(sandbox, store, ["--format", "html", "--detail"])
        #expect(html.contains("<div class=\"entry-text\">\n<p>Berlin hatte sich lange"))
        #expect(html.contains("<section class=\"group group-release\" id=\"release-strategieentwurf\""))
        #expect(html.contains("<a href=\"#release-strategieentwurf\">"))
        #expect(!html.contains(">results/") && !html.contains("<code>results/"), "no internal path in the page's text")
        #expect(html.contains("<del>Entwurf der Smart City-Strategie</del>") || html.contains("Auswertung der Kommentare zu den Aktionen"))
        let json = try changelog(sandbox, store, ["--format", "json"])
        #expect(json.contains("\"itemsAdded\": [\n") && json.contains("\"auswertung-aktionen\""), "JSON keeps the ids")
        #expect(json.contains("\"id\": \"auswertung-aktionen\",\n") && json.contains("\"new\": \"Auswertung der Kommentare zu den Aktionen\""))

        // The feed links to itself and each item to its part of the page; --base-url wins over public_url.
        let feed = sandbox.url("changelog.atom")
        _ = try changelog(sandbox, store, ["--format", "atom", "--base-url", "https://example.org/strategie", "-o", feed.path])
        let atom = try String(contentsOf: feed, encoding: .utf8)
        #expect(atom.contains("<link rel=\"self\" type=\"application/atom+xml\" href=\"https://example.org/strategie/changelog.atom\"/>"))
        #expect(atom.contains("<link rel=\"alternate\" type=\"text/html\" href=\"https://example.org/strategie/changelog.html#release-strategieentwurf\"/>"))
        #expect(atom.contains("<title type=\"text\">Entwurf der Smart City-Strategie in der öffentlichen Kommentierung</title>"))
        #expect(!atom.contains("<details"), "feed readers do not open <details>")
        try runPythonCheck("check-feed.py", [feed.path, "--entries", "5", "--links"], module: "feedparser", in: sandbox)
        let config = store.appendingPathComponent("chronik.yml")
        try (try String(contentsOf: config, encoding: .utf8) + "public_url: https://berlin.example/wissen/\n").write(to: config, atomically: true, encoding: .utf8)
        try sandbox.commit(store, "Öffentliche Adresse", date: "2023-01-10T09:00:00+01:00")
        let configured = try changelog(sandbox, store, ["--format", "atom", "--by", "commit", "--html-url", "https://berlin.example/aenderungen.html"])
        #expect(configured.contains("href=\"https://berlin.example/wissen/feed.xml\""), "\(configured)")
        #expect(configured.contains("href=\"https://berlin.example/aenderungen.html#version-"))
        #expect(!configured.contains("wissen/changelog.html"), "--html-url wins over the base")
        let given = try changelog(sandbox, store, ["--format", "atom", "--base-url", "https://other.example/"])
        #expect(given.contains("href=\"https://other.example/feed.xml\"") && !given.contains("berlin.example"))
        let commitFeed = sandbox.url("commits.xml")
        _ = try changelog(sandbox, store, ["--format", "atom", "--by", "commit", "-o", commitFeed.path])
        try runPythonCheck("check-feed.py", [commitFeed.path, "--entries", "6", "--links"], module: "feedparser", in: sandbox)
    }

    /// A bad address is a usage error (exit 2) that writes nothing.
    @Test func badBaseURLIsAUsageError() throws {
        let sandbox = try Sandbox()
        let store = try sampleStore(sandbox)
        let target = sandbox.url("feed.xml")
        for url in ["ftp://example.org/", "example.org/strategie", "https://example.org/a b", "https://", "https://example.org/#top",
                    "https://example.org/?page=1", "https://example.org/\"><script>"] {
            for option in ["--base-url", "--html-url"] where option == "--base-url" || !url.contains("?") {
                let result = try sandbox.chronik(["changelog", "--format", "atom", option, url, "-o", target.path], in: store)
                #expect(result.status == 2, "\(option) \(url): \(result)")
                #expect(result.stdout.isEmpty && result.stderr.contains(option), "\(result)")
                #expect(!FileManager.default.fileExists(atPath: target.path), "nothing written for \(option) \(url)")
            }
        }
        let zero = try sandbox.chronik(["changelog", "--detail", "--excerpt-words", "0"], in: store)
        #expect(zero.status == 2, "\(zero)")
    }

    @Test func rangesAndUnreleasedVersions() throws {
        let sandbox = try Sandbox()
        let store = try sampleStore(sandbox)
        let part = try changelog(sandbox, store, ["--from", "aktionen", "--to", "strategieentwurf"])
        #expect(part.contains("(strategieentwurf, 16.06.2022)"))
        #expect(!part.contains("(aktionen, ") && !part.contains("(gemeinsam-digital, "))
        // A version after the last release is Unreleased, on top.
        try sandbox.write(entryText("term: Zukunftswort", body: "Ein Wort für später.\n"), to: "glossary/zukunftswort.md", in: store)
        try sandbox.commit(store, "Neuer Glossarbegriff", date: "2023-01-10T09:00:00+01:00")
        let text = try changelog(sandbox, store, ["--lang", "en"])
        let unreleased = try #require(text.range(of: "## Unreleased"))
        let release = try #require(text.range(of: "(gemeinsam-digital, 2022-11-15)"))
        #expect(unreleased.lowerBound < release.lowerBound)
        #expect(text.contains("Zukunftswort"))
        let bad = try sandbox.chronik(["changelog", "--from", "no-such-tag"], in: store)
        #expect(bad.status == 1, "\(bad)")
        let backwards = try sandbox.chronik(["changelog", "--from", "gemeinsam-digital", "--to", "ambitionen"], in: store)
        #expect(backwards.status == 1, "\(backwards)")
    }

    /// `-o` writes a whole file or nothing: a failed run leaves an existing file as it was and no temporary file
    /// behind, and an unwritable target is one clear error.
    @Test func outputFileIsWholeOrUntouched() throws {
        let sandbox = try Sandbox()
        let store = try sampleStore(sandbox)
        let folder = sandbox.url("site")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let target = folder.appendingPathComponent("changelog.html")
        try Data("keep\n".utf8).write(to: target)
        func leftovers() throws -> [String] {
            try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { $0 != "changelog.html" && $0 != "a-folder.html" }
        }

        let backwards = try sandbox.chronik(["changelog", "--format", "html", "-o", target.path, "--from", "gemeinsam-digital", "--to", "ambitionen"], in: store)
        #expect(backwards.status == 1 && backwards.stdout.isEmpty, "\(backwards)")
        #expect(try String(contentsOf: target, encoding: .utf8) == "keep\n", "a failed run leaves the old file")
        #expect(try leftovers().isEmpty, "no temporary file is left")

        let missing = try sandbox.chronik(["changelog", "-o", sandbox.url("no-such-folder/changelog.md").path], in: store)
        #expect(missing.status == 1 && missing.stderr.contains("no-such-folder/changelog.md") && missing.stderr.contains("No such file or directory"), "\(missing)")
        try FileManager.default.createDirectory(at: folder.appendingPathComponent("a-folder.html"), withIntermediateDirectories: true)
        let directory = try sandbox.chronik(["changelog", "-o", folder.appendingPathComponent("a-folder.html").path], in: store)
        #expect(directory.status == 1 && directory.stderr.contains("it is a directory; -o replaces regular files only"), "\(directory)")
        #expect(try leftovers().isEmpty)

        let written = try sandbox.chronik(["changelog", "--format", "html", "-o", target.path], in: store)
        #expect(written.status == 0, "\(written)")
        #expect(try String(contentsOf: target, encoding: .utf8) == (try changelog(sandbox, store, ["--format", "html"])))
        #expect(try leftovers().isEmpty)
    }

    @Test func privateFieldsAndEmailAddressesAppearInNoFormat() throws {
        let sandbox = try Sandbox()
        let store = try sampleStore(sandbox)
        let actor = store.appendingPathComponent("actors/citylab-berlin.md")
        var text = try String(contentsOf: actor, encoding: .utf8)
        text = text.replacingOccurrences(of: "website: https://citylab-berlin.org/\n", with: "website: https://citylab-berlin.org/\ncontact: geheim-4711@example.org\n")
        try text.write(to: actor, atomically: true, encoding: .utf8)
        let result = try sandbox.chronik(["commit", "-m", "Kontakt ergänzt, Fragen an frage-4711@example.org\n\nSigned-off-by: Eve <signed-4711@example.org>",
                                          "--author", "Eve Example <author-4711@example.org>", "--date", "2023-02-01T10:00:00+01:00"], in: store)
        try #require(result.status == 0, "\(result)")
        // The private value changes again, in a release with an e-mail address in its message.
        text = text.replacingOccurrences(of: "geheim-4711@example.org", with: "anders-4711@example.org")
        try text.write(to: actor, atomically: true, encoding: .utf8)
        try sandbox.commit(store, "Kontakt geändert", date: "2023-02-02T10:00:00+01:00")
        let release = try sandbox.chronik(["release", "kontakte", "-m", "Kontakte, Rückfragen an release-4711@example.org",
                                           "--author", "Rita <tagger-4711@example.org>", "--date", "2023-02-03T10:00:00+01:00"], in: store)
        try #require(release.status == 0, "\(release)")
        for variant in allVariants + [["--format", "markdown", "--lang", "en", "--detail"]] {
            let output = try changelog(sandbox, store, variant)
            #expect(!output.contains("4711"), "a private value or e-mail address leaked in \(variant)")
            #expect(!output.contains("@example.org"), "an e-mail address leaked in \(variant)")
            #expect(!output.contains("Signed-off-by"), "a trailer leaked in \(variant)")
            #expect(!output.contains("Chronik-Snapshot"), "a trailer leaked in \(variant)")
        }
        let listed = try sandbox.chronik(["releases", "--format", "json"], in: store)
        #expect(listed.status == 0 && !listed.stdout.contains("4711"), "\(listed)")
        // The public fields of that version still show: the author by name, the redacted message.
        let md = try changelog(sandbox, store, ["--by", "commit"])
        #expect(md.contains("Eve Example"))
        #expect(md.contains("Kontakt ergänzt, Fragen an"))
    }

    @Test func hostileContentIsEscapedOrNeutralisedInEveryFormat() throws {
        let sandbox = try Sandbox()
        let store = try sampleStore(sandbox)
        let hostile = "</script><script>alert(1)</script> ]]> \u{7}\u{1B}[31m <img src=x onerror=alert(2)> [klick](javascript:alert(3)) ![b](data:text/html;base64,PHNjcmlwdD4=) --> &amp;"
        let yamlTitle = hostile.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"")
            .replacingOccurrences(of: "\u{7}", with: "\\a").replacingOccurrences(of: "\u{1B}", with: "\\e")
        try sandbox.write("---\nterm: \"\(yamlTitle)\"\nsynonyms: [\"\(yamlTitle)\"]\n---\n\(hostile)\n\n<script>alert(4)</script>\n", to: "glossary/feindlich.md", in: store)
        let vision = store.appendingPathComponent("strategy/vision.md")
        let old = try String(contentsOf: vision, encoding: .utf8)
        try (old + "\n" + hostile + "\n").write(to: vision, atomically: true, encoding: .utf8)
        // Committed with git, not chronik: the changelog must cope with whatever history holds.
        try sandbox.git(["add", "-A"], in: store)
        let committed = try sandbox.git(["commit", "-q", "-m", "Feindlich \(hostile)\n\n[link](javascript:alert(5)) <img src=y onerror=alert(6)>"], in: store)
        try #require(committed.status == 0, "\(committed)")
        try sandbox.git(["tag", "-a", "feindlich", "-m", "Release \(hostile)"], in: store)
        for variant in allVariants {
            let output = try changelog(sandbox, store, variant)
            if variant.contains("json") {
                // JSON is data: the hostile text is in it, as JSON strings; it must parse and hold no raw controls.
                #expect(throws: Never.self) { try JSONSerialization.jsonObject(with: Data(output.utf8)) }
                #expect(!output.contains("\u{7}") && !output.contains("\u{1B}"), "a raw control character in \(variant)")
                continue
            }
            // Markdown shows `<` escaped as `\<`; only an unescaped one would be markup.
            #expect(output.range(of: #"(?<!\\)<script"#, options: .regularExpression) == nil, "raw <script in \(variant)")
            #expect(output.range(of: #"(?<!\\)<img"#, options: .regularExpression) == nil, "raw <img in \(variant)")
            #expect(!output.contains("\u{7}") && !output.contains("\u{1B}"), "a control character in \(variant)")
            #expect(!output.contains("href=\"javascript:"), "a javascript: link in \(variant)")
            #expect(!output.contains("href=\"data:"), "a data: link in \(variant)")
            if variant.contains("atom") {
                #expect(!output.contains("]]>"), "]]> in the feed for \(variant)")
            }
            if variant.contains("markdown") {
                // Only an unescaped `]` directly before `(javascript:` would make a link.
                #expect(output.range(of: #"(?<!\\)\]\(javascript:"#, options: .regularExpression) == nil, "a live Markdown link in \(variant)")
            }
        }
        let feed = sandbox.url("hostile.atom"), page = sandbox.url("hostile.html")
        _ = try changelog(sandbox, store, ["--format", "atom", "--detail", "-o", feed.path])
        _ = try changelog(sandbox, store, ["--format", "html", "--detail", "-o", page.path])
        // The added entry's text is shown (--detail) through the safe Markdown renderer: raw HTML dropped, the
        // javascript: link emptied; in the feed, that HTML once more escaped.
        let pageText = try String(contentsOf: page, encoding: .utf8), feedText = try String(contentsOf: feed, encoding: .utf8)
        #expect(pageText.contains("<div class=\"entry-text\">\n<p>") && pageText.contains("<a href=\"\">klick</a>"), "\(pageText)")
        #expect(feedText.contains("&lt;a href=&quot;&quot;&gt;klick&lt;/a&gt;"))
        try runPythonCheck("check-feed.py", [feed.path, "--entries", "6"], module: "feedparser", in: sandbox)
        try runPythonCheck("check-changelog-html.py", [page.path], module: "html5lib", in: sandbox)
    }

    @Test func worksOnAPlainGitRepositoryOfMarkdown() throws {
        let sandbox = try Sandbox()
        let repo = sandbox.url("plain")
        try FileManager.default.createDirectory(at: repo, withIntermediateDirectories: true)
        try sandbox.git(["init", "-q", "-b", "main"], in: repo)
        try sandbox.write("# Unsere Strategie\n\nErster Text.\n", to: "kapitel/einleitung.md", in: repo)
        try sandbox.write("---\ntitle: Ziele der Stadt\nstatus: entwurf\n---\nZiele.\n", to: "kapitel/ziele.md", in: repo)
        try sandbox.git(["add", "-A"], in: repo)
        try sandbox.git(["commit", "-q", "-m", "Erste Fassung"], in: repo)
        try sandbox.git(["tag", "-a", "v1", "-m", "Erste Fassung"], in: repo)
        try sandbox.write("---\ntitle: Ziele der Stadt\nstatus: beschlossen\n---\nZiele und Wege.\n", to: "kapitel/ziele.md", in: repo)
        try sandbox.git(["commit", "-q", "-am", "Ziele beschlossen"], in: repo)
        let text = try changelog(sandbox, repo, ["--lang", "en"])
        #expect(text.contains("# Changelog: plain"))
        #expect(text.contains("## Unreleased"))
        #expect(text.contains("## Erste Fassung (v1, "))
        #expect(text.contains("**Unsere Strategie** (kapitel/einleitung) – 4 words"), "\(text)")
        #expect(text.contains("**Ziele der Stadt** (kapitel/ziele)"), "\(text)")
        #expect(text.contains("status: entwurf → beschlossen"), "\(text)")
        let feed = sandbox.url("plain.atom")
        _ = try changelog(sandbox, repo, ["--format", "atom", "-o", feed.path])
        try runPythonCheck("check-feed.py", [feed.path, "--entries", "2"], module: "feedparser", in: sandbox)
    }

    @Test func logFieldsFollowsRenamesAndShowAcceptsDates() throws {
        let sandbox = try Sandbox()
        let store = try sampleStore(sandbox)
        let log = try sandbox.chronik(["log", "glossary/betriebsmodell", "--fields"], in: store)
        #expect(log.status == 0, "\(log)")
        // The store is German: every word of the timeline is (LogFieldsLanguageTests holds it in both languages).
        #expect(log.stdout.contains("umbenannt von glossary/betreibermodell in glossary/betriebsmodell"))
        #expect(log.stdout.contains("Begriff: Betreibermodell → Betriebsmodell"))
        #expect(log.stdout.contains("angelegt als glossary/betreibermodell"))
        let json = try sandbox.chronik(["log", "events/kommentierung-strategieentwurf", "--fields", "--format", "json"], in: store)
        #expect(json.status == 0 && json.stdout.contains("\"pointer\": \"/status\""), "\(json)")
        let noEntry = try sandbox.chronik(["log", "--fields"], in: store)
        #expect(noEntry.status == 2)

        // 2022-03-01 is the day of the Ambitionen version: it counts; the day before is the first draft.
        let onDay = try sandbox.chronik(["show", "strategy/vision", "--at", "2022-03-01", "--format", "json"], in: store)
        let tag = try sandbox.chronik(["show", "strategy/vision", "--at", "ambitionen", "--format", "json"], in: store)
        #expect(onDay.status == 0 && onDay.stdout == tag.stdout, "\(onDay)")
        let before = try sandbox.chronik(["show", "strategy/vision", "--at", "2022-02-28T23:00:00Z", "--format", "json"], in: store)
        let first = try sandbox.chronik(["show", "strategy/vision", "--at", "strategischer-rahmen", "--format", "json"], in: store)
        #expect(before.status == 0 && before.stdout == first.stdout, "\(before)")
        let tooEarly = try sandbox.chronik(["show", "strategy/vision", "--at", "2020-01-01"], in: store)
        #expect(tooEarly.status == 1)
        let nonsense = try sandbox.chronik(["show", "strategy/vision", "--at", "gestern"], in: store)
        #expect(nonsense.status == 1)
    }
}
