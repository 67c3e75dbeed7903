import Foundation
import Testing

// Issue 14, "No silent omissions": files whose only change is how they are written (a YAML comment's SPDX year, key
// order, quoting in the front matter; trailing spaces or line endings in the text) appear in every output of diff
// and changelog, as "formatting changed", counted against git's own list of changed files.

/// The fixture's entries: collection, id, and how the release v2 changes each.
private enum Edit: CaseIterable {
    /// Only the SPDX year in a comment of the front matter.
    case spdx
    /// The SPDX year and the order of two keys.
    case spdxAndOrder
    /// The SPDX year and the quoting of a value.
    case spdxAndQuotes
    /// The SPDX year and trailing spaces in the text.
    case spdxAndTrailingSpaces
    /// Only trailing spaces and a line ending in the text.
    case trailingSpaces

    var formatting: String {
        switch self {
        case .spdx, .spdxAndOrder, .spdxAndQuotes: return "front-matter"
        case .spdxAndTrailingSpaces: return "front-matter-and-body"
        case .trailingSpaces: return "body"
        }
    }
}

/// 20 entries in two collections (12 in `glossary`, 8 in `events`), with the edit v2 makes to each.
private let fixtureEntries: [(collection: String, id: String, edit: Edit)] = (0..<20).map { n in
    let edits: [Edit] = [.spdx, .spdx, .spdxAndOrder, .spdx, .spdxAndQuotes, .spdx, .spdx, .spdxAndTrailingSpaces, .spdx, .trailingSpaces]
    return (n < 12 ? "glossary" : "events", String(format: "term-%02d", n), edits[n % edits.count])
}

private func entryFile(_ n: Int, _ id: String, year: Int, edit: Edit?) -> String {
    var lines = ["---", "# SPDX-FileCopyrightText: \(year) Stadt Beispiel", "# SPDX-License-Identifier: CC-BY-4.0"]
    var fields = ["title: Term \(n)", "status: open", "tags: [a, b]"]
    switch edit {
    case .spdxAndOrder?: fields = [fields[1], fields[0], fields[2]]
    case .spdxAndQuotes?: fields[0] = "title: \"Term \(n)\""
    default: break
    }
    lines += fields + ["---"]
    let trailing = edit == .spdxAndTrailingSpaces || edit == .trailingSpaces
    let body = trailing
        ? "Words about term \(n).   \n\nA second paragraph.\r\n"
        : "Words about term \(n).\n\nA second paragraph.\n"
    return lines.joined(separator: "\n") + "\n" + body
}

private let storeConfig = """
    title: Formatting
    language: en
    collections:
      glossary:
        label: {de: Glossar, en: Glossary}
      events:
        label: {de: Termine, en: Events}

    """

extension Sandbox {
    /// A history of two releases (annotated tags v1, v2): v1 adds the 20 entries (and, in a store, `chronik.yml`);
    /// v2 changes each entry only in how it is written, and `chronik.yml` only in a comment.
    fileprivate func formattingHistory(plain: Bool) throws -> URL {
        let repo = try plainRepository(plain ? "plain" : "store")
        if !plain { try write(storeConfig, to: "chronik.yml", in: repo) }
        try write("Notes\n", to: "notes.txt", in: repo)
        for (n, e) in fixtureEntries.enumerated() {
            try write(entryFile(n, e.id, year: 2025, edit: nil), to: "\(e.collection)/\(e.id).md", in: repo)
        }
        try commitAll(repo, "First release")
        try #require(try git(["tag", "-a", "v1", "-m", "Release 1"], in: repo).status == 0)
        if !plain { try write("# SPDX-FileCopyrightText: 2026 Stadt Beispiel\n" + storeConfig, to: "chronik.yml", in: repo) }
        try write("Notes  \n", to: "notes.txt", in: repo)
        for (n, e) in fixtureEntries.enumerated() {
            let year = e.edit == .trailingSpaces ? 2025 : 2026
            try write(entryFile(n, e.id, year: year, edit: e.edit), to: "\(e.collection)/\(e.id).md", in: repo)
        }
        try commitAll(repo, "Update the copyright year")
        try #require(try git(["tag", "-a", "v2", "-m", "Release 2"], in: repo).status == 0)
        return repo
    }
}

@Suite("Formatting-only changes are never omitted")
struct FormattingTests {
    private func run(_ box: Sandbox, _ repo: URL, _ arguments: [String], sourceLocation: SourceLocation = #_sourceLocation) throws -> String {
        let result = try box.chronik(arguments, in: repo)
        #expect(result.status == 0 && result.stderr.isEmpty, "chronik \(arguments): \(result)", sourceLocation: sourceLocation)
        return result.stdout
    }

    /// Every path git lists between v1 and v2.
    private func changedPaths(_ box: Sandbox, _ repo: URL) throws -> [String] {
        try box.git(["diff", "--name-only", "v1", "v2"], in: repo).stdout.split(separator: "\n").map(String.init)
    }

    @Test(arguments: [false, true])
    func everyDiffFormatListsEveryFile(plain: Bool) throws {
        let box = try Sandbox()
        let repo = try box.formattingHistory(plain: plain)
        let paths = try changedPaths(box, repo)
        #expect(paths.count == fixtureEntries.count + (plain ? 1 : 2), "\(paths)")
        let entries = paths.filter { $0.hasSuffix(".md") }.map { String($0.dropLast(3)) }
        let files = paths.filter { !$0.hasSuffix(".md") }
        #expect(entries.count == fixtureEntries.count)

        // JSON: every entry modified, with its formatting and no field rows or prose changes.
        let json = try run(box, repo, ["diff", "v1", "v2", "--format", "json"])
        let object = try #require(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any])
        let listed = try #require(object["entries"] as? [[String: Any]])
        #expect(listed.count == entries.count)
        for (k, e) in fixtureEntries.enumerated() {
            let found = listed.first { ($0["entry"] as? [String: Any])?["path"] as? String == "\(e.collection)/\(e.id).md" }
            let entry = try #require(found, "entry \(k) missing from the JSON diff")
            #expect(entry["kind"] as? String == "modified")
            #expect(entry["formatting"] as? String == e.edit.formatting, "\(e.id)")
            #expect((entry["fields"] as? [Any])?.isEmpty == true)
        }
        let summary = try #require(object["summary"] as? [String: Any])
        #expect(summary["entriesModified"] as? Int == entries.count)
        #expect((object["files"] as? [[String: Any]])?.compactMap { $0["path"] as? String }.sorted() == files.sorted())

        // Text, Markdown and HTML: each entry once, with the note.
        let text = try run(box, repo, ["diff", "v1", "v2"])
        for entry in entries { #expect(text.contains("modified \(entry)\n") || text.contains("modified \(entry):"), "\(entry) missing from text") }
        #expect(text.components(separatedBy: "  front matter formatting changed (comments, order, quotes or spaces); all values are the same\n").count - 1
                == fixtureEntries.filter { $0.edit.formatting == "front-matter" }.count)
        #expect(text.components(separatedBy: "  text formatting changed (spaces or line breaks); all words are the same\n").count - 1
                == fixtureEntries.filter { $0.edit == .trailingSpaces }.count)
        for file in files { #expect(text.contains("modified file \(file)\n"), "\(file) missing from text") }
        #expect(text.contains("\(entries.count) entries (\(entries.count) modified)"))
        let markdown = try run(box, repo, ["diff", "v1", "v2", "--format", "markdown"])
        #expect(markdown.components(separatedBy: "\n## Modified: ").count - 1 == entries.count)
        #expect(markdown.components(separatedBy: "formatting changed").count - 1 == entries.count)
        let html = try run(box, repo, ["diff", "v1", "v2", "--format", "html"])
        #expect(html.components(separatedBy: "<p class=\"formatting\">").count - 1 == entries.count)
        for entry in entries { #expect(markdown.contains(entry) && html.contains("<code>\(entry)</code>"), "\(entry)") }

        // --stat: a row per changed path, 0/0 words and the note; the summary counts them.
        let stat = try run(box, repo, ["diff", "v1", "v2", "--stat"])
        let rows = stat.split(separator: "\n").dropFirst().dropLast()
        #expect(rows.count == paths.count, "\(stat)")
        #expect(rows.filter { $0.contains("| modified") && $0.contains("+0 -0 words") && $0.contains("formatting only") }.count == entries.count, "\(stat)")
        let statJSON = try run(box, repo, ["diff", "v1", "v2", "--stat", "--format", "json"])
        let statObject = try #require(try JSONSerialization.jsonObject(with: Data(statJSON.utf8)) as? [String: Any])
        #expect((statObject["rows"] as? [[String: Any]])?.filter { $0["formatting"] != nil }.count == entries.count)

        // Limited to a collection, and to one entry.
        let glossary = entries.filter { $0.hasPrefix("glossary/") }
        let limited = try run(box, repo, ["diff", "v1", "v2", "--collection", "glossary", "--format", "json"])
        let limitedObject = try #require(try JSONSerialization.jsonObject(with: Data(limited.utf8)) as? [String: Any])
        #expect((limitedObject["entries"] as? [Any])?.count == glossary.count)
        let limitedText = try run(box, repo, ["diff", "v1", "v2", "--collection", "glossary"])
        #expect(!limitedText.contains("no changes"))
        for entry in glossary { #expect(limitedText.contains("modified \(entry)"), "\(entry)") }
        let patch = try run(box, repo, ["diff", "v1", "v2", "--collection", "glossary", "--format", "patch"])
        for entry in glossary { #expect(patch.contains("diff --git a/\(entry).md b/\(entry).md\n"), "\(entry) missing from the patch") }
        let one = try run(box, repo, ["diff", "v1", "v2", "glossary/term-02"])
        #expect(one.contains("modified glossary/term-02") && one.contains("front matter formatting changed"), "\(one)")
        let body = try run(box, repo, ["diff", "v1", "v2", "glossary/term-09", "--stat"])
        #expect(body.contains("text formatting only") && body.contains("1 entry (1 modified)"), "\(body)")
        try box.expectFsckClean(repo)
    }

    @Test(arguments: [false, true])
    func everyChangelogFormatListsEveryEntry(plain: Bool) throws {
        let box = try Sandbox()
        let repo = try box.formattingHistory(plain: plain)
        let entries = try changedPaths(box, repo).filter { $0.hasSuffix(".md") }.map { String($0.dropLast(3)) }
        for grouping in ["release", "commit"] {
            for detail in [[], ["--detail"]] {
                let common = ["changelog", "--by", grouping, "--lang", "en"] + detail
                let json = try run(box, repo, common + ["--format", "json"])
                let object = try #require(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any])
                let groups = try #require(object["groups"] as? [[String: Any]])
                // The newest group is v2's (its only version): every entry, with its formatting.
                let changes = try #require(groups.first?["changes"] as? [String: Any])
                let listed = try #require(changes["entries"] as? [[String: Any]])
                #expect(listed.count == entries.count, "\(grouping) \(detail)")
                #expect(listed.allSatisfy { $0["kind"] as? String == "modified" && $0["formatting"] is String })
                let markdown = try run(box, repo, common + ["--format", "markdown"])
                let html = try run(box, repo, common + ["--format", "html"])
                let atom = try run(box, repo, common + ["--format", "atom"])
                #expect(markdown.contains("### Changed (\(entries.count))"), "\(markdown)")
                #expect(markdown.components(separatedBy: "  - Formatting changed: ").count - 1 == entries.count)
                #expect(html.components(separatedBy: "<dt>Formatting changed</dt>").count - 1 == entries.count)
                #expect(atom.components(separatedBy: "&lt;dt&gt;Formatting changed&lt;/dt&gt;").count - 1 == entries.count)
                for entry in entries {
                    // Markdown names an entry of a labelled collection by its title and label, not its path (issue 20);
                    // HTML and Atom keep the path for machines (`data-entry`).
                    let n = fixtureEntries.firstIndex { "\($0.collection)/\($0.id)" == entry }
                    let named = plain ? markdown.contains(entry) : n.map { markdown.contains("- **Term \($0)** (") } ?? false
                    #expect(named && html.contains(entry) && atom.contains(entry), "\(entry) (\(grouping) \(detail))")
                }
            }
        }
        // German labels.
        let german = try run(box, repo, ["changelog", "--lang", "de", "--format", "markdown"])
        #expect(german.contains("  - Formatierung geändert: Kopfdaten (Kommentare, Reihenfolge, Anführungszeichen oder Leerzeichen), alle Werte gleich"))
        #expect(german.contains("  - Formatierung geändert: Text (Leerzeichen oder Zeilenumbrüche), alle Wörter gleich"))
        // A warm run (from the caches) gives the same.
        let cold = try run(box, repo, ["changelog", "--format", "json", "--no-cache"])
        #expect(try run(box, repo, ["changelog", "--format", "json"]) == cold)
        #expect(try run(box, repo, ["changelog", "--format", "json"]) == cold)
    }

    /// Golden files for the new row in each format: three entries, one per kind of formatting change.
    @Test func goldenFiles() throws {
        let box = try Sandbox()
        let repo = try box.plainRepository("golden")
        try box.write(storeConfig, to: "chronik.yml", in: repo)
        let picks = [0, 7, 9] // front matter, both, body
        for n in picks { try box.write(entryFile(n, "term-\(n)", year: 2025, edit: nil), to: "glossary/term-\(n).md", in: repo) }
        try box.commitAll(repo, "First release")
        try #require(try box.git(["tag", "-a", "v1", "-m", "Release 1"], in: repo).status == 0)
        for n in picks {
            let edit = fixtureEntries[n].edit
            try box.write(entryFile(n, "term-\(n)", year: edit == .trailingSpaces ? 2025 : 2026, edit: edit), to: "glossary/term-\(n).md", in: repo)
        }
        try box.commitAll(repo, "Formatting")
        try #require(try box.git(["tag", "-a", "v2", "-m", "Release 2"], in: repo).status == 0)
        let masked = try box.releaseIDMasker(in: repo)
        for (arguments, name) in [([String](), "diff-formatting.txt"), (["--stat"], "diff-formatting.stat.txt"),
                                  (["--format", "markdown"], "diff-formatting.md"), (["--format", "html"], "diff-formatting.html"),
                                  (["--format", "json"], "diff-formatting.json")] {
            try assertSnapshot(masked(try run(box, repo, ["diff", "v1", "v2"] + arguments)), named: name)
        }
        for (arguments, name) in [(["--format", "markdown", "--lang", "de"], "changelog-formatting.md"),
                                  (["--format", "markdown", "--lang", "en", "--by", "commit", "--detail"], "changelog-formatting-commits-en.md"),
                                  (["--format", "html", "--lang", "en"], "changelog-formatting.html"),
                                  (["--format", "json"], "changelog-formatting.json"),
                                  (["--format", "atom", "--lang", "en"], "changelog-formatting.atom")] {
            try assertSnapshot(masked(try run(box, repo, ["changelog"] + arguments)), named: name)
        }
        try box.expectFsckClean(repo)
    }

    /// A formatting note never shows a private value, and a change of a private value alone is no formatting
    /// change: public output leaves it out, as before.
    @Test func publicOutputStaysPublic() throws {
        let box = try Sandbox()
        let repo = try box.plainRepository("private")
        let marker = "7f3a"
        try box.write("""
            title: Privat
            language: de
            collections:
              people:
                schema: schemas/people.schema.json
                title_field: name

            """, to: "chronik.yml", in: repo)
        try box.write("""
            {"$schema": "https://json-schema.org/draft/2020-12/schema", "type": "object",
             "properties": {"name": {"type": "string", "x-chronik-private": true}, "role": {"type": "string"}}}

            """, to: "schemas/people.schema.json", in: repo)
        func person(_ name: String, comment: String) -> String { "---\n# \(comment)\nname: \(name)\nrole: Team\n---\nText.\n" }
        try box.write(person("Anna \(marker)", comment: "2025"), to: "people/anna.md", in: repo)
        try box.write(person("Ben \(marker)", comment: "2025"), to: "people/ben.md", in: repo)
        try box.commitAll(repo, "One")
        try box.write(person("Anna Neu \(marker)", comment: "2025"), to: "people/anna.md", in: repo) // a private value only
        try box.write(person("Ben \(marker)", comment: "2026"), to: "people/ben.md", in: repo) // a comment only
        try box.commitAll(repo, "Two")
        for format in ["text", "markdown", "html", "json"] {
            let out = try run(box, repo, ["diff", "HEAD~1", "HEAD", "--public", "--format", format])
            #expect(!out.contains(marker), "\(format): \(out)")
            #expect(out.contains("people/ben") && !out.contains("people/anna"), "\(format): \(out)")
            // The pages for residents speak the store's language (German here): "Formatierung".
            #expect(out.contains("formatting") || out.contains("Formatierung"), "\(format): \(out)")
        }
        let stat = try run(box, repo, ["diff", "HEAD~1", "HEAD", "--public", "--stat"])
        #expect(stat.contains("people/ben") && stat.contains("front matter formatting only") && !stat.contains("people/anna"), "\(stat)")
        for format in ["markdown", "html", "json", "atom"] {
            for grouping in ["release", "commit"] {
                let out = try run(box, repo, ["changelog", "--format", format, "--by", grouping, "--detail"])
                #expect(!out.contains(marker) && out.contains("people/ben"), "\(format) \(grouping): \(out)")
                // (Without tags, the release grouping has one group, "Unreleased", that adds both.)
                if grouping == "commit", format != "json" { #expect(out.contains("Formatierung geändert"), "\(format): \(out)") }
            }
        }
        // The newest group (the second version) holds ben alone: anna's change is private.
        let changelog = try run(box, repo, ["changelog", "--format", "json", "--by", "commit"])
        let groups = try #require((try JSONSerialization.jsonObject(with: Data(changelog.utf8)) as? [String: Any])?["groups"] as? [[String: Any]])
        let newest = try #require((groups.first?["changes"] as? [String: Any])?["entries"] as? [[String: Any]])
        #expect(newest.compactMap { ($0["entry"] as? [String: Any])?["id"] as? String } == ["ben"])
        #expect(newest.first?["formatting"] as? String == "front-matter")
        // Not public: the private value's change is a field change, not formatting.
        let full = try run(box, repo, ["diff", "HEAD~1", "HEAD", "--format", "json"])
        let object = try #require(try JSONSerialization.jsonObject(with: Data(full.utf8)) as? [String: Any])
        let entries = try #require(object["entries"] as? [[String: Any]])
        #expect(entries.count == 2)
        #expect(entries.first { ($0["entry"] as? [String: Any])?["id"] as? String == "anna" }?["formatting"] == nil)
        #expect(entries.first { ($0["entry"] as? [String: Any])?["id"] as? String == "ben" }?["formatting"] as? String == "front-matter")
        try box.expectFsckClean(repo)
    }
}
