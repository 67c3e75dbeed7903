import Foundation
import Testing

/// Issue 20's last points for `chronik diff`: references by the titles of the entries they name (at any depth, as
/// of each side's version, private titles hidden, e-mail addresses redacted), sides named by their release, and
/// (issue 14, point 4) a collection or folder as a positional.
@Suite("chronik diff: references by title, release names, collections as names")
struct DiffReferencesTests {
    /// A store whose `topics` refer to `terms` inside a list of objects (`items[].entry`, with a sibling `note` that
    /// is no reference) and to `people` at the top (`owner`), whose titles are private. Version A: one item (term
    /// a), owner p. Version B: a second item (term b, whose title holds an e-mail address), owner q, and term a
    /// renamed in its title. Tags A (lightweight) and B (annotated, "Zweite Fassung").
    func referenceStore(_ box: Sandbox) throws -> URL {
        let dir = try box.plainRepository("refs")
        try box.write("""
            title: Test
            language: de
            collections:
              topics: {schema: schemas/topics.schema.json}
              terms: {schema: schemas/terms.schema.json}
              people: {schema: schemas/people.schema.json}

            """, to: "chronik.yml", in: dir)
        try box.write("""
            {"type": "object", "properties": {
              "title": {"type": "string"},
              "items": {"type": "array", "items": {"$ref": "#/$defs/item"}},
              "owner": {"type": "string", "x-chronik-ref": "people"}},
             "$defs": {"item": {"type": "object", "properties": {
               "entry": {"type": "string", "x-chronik-ref": "terms"}, "note": {"type": "string"}}}}}
            """, to: "schemas/topics.schema.json", in: dir)
        try box.write(#"{"type": "object", "properties": {"title": {"type": "string"}}}"#, to: "schemas/terms.schema.json", in: dir)
        try box.write(#"{"type": "object", "properties": {"title": {"type": "string", "x-chronik-private": true}}}"#,
                      to: "schemas/people.schema.json", in: dir)
        try box.write("---\ntitle: Begriff A\n---\nA.\n", to: "terms/a.md", in: dir)
        try box.write("---\ntitle: Begriff B (kontakt@example.org)\n---\nB.\n", to: "terms/b.md", in: dir)
        try box.write("---\ntitle: Geheime Person P\n---\nP.\n", to: "people/p.md", in: dir)
        try box.write("---\ntitle: Geheime Person Q\n---\nQ.\n", to: "people/q.md", in: dir)
        try box.write("---\ntitle: Thema\nitems:\n  - {entry: a, note: b}\nowner: p\n---\nText.\n", to: "topics/t.md", in: dir)
        try box.commitAll(dir, "A")
        #expect(try box.git(["tag", "A"], in: dir).status == 0)
        try box.write("---\ntitle: Begriff A, neu benannt\n---\nA.\n", to: "terms/a.md", in: dir)
        try box.write("---\ntitle: Thema\nitems:\n  - {entry: a, note: b}\n  - {entry: b, note: a}\nowner: q\n---\nText.\n",
                      to: "topics/t.md", in: dir)
        try box.commitAll(dir, "B")
        #expect(try box.git(["tag", "-a", "B", "-m", "Zweite Fassung\n\nMit einem zweiten Begriff."], in: dir).status == 0)
        return dir
    }

    func entries(_ json: String) throws -> [[String: Any]] {
        let object = try #require(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any])
        return try #require(object["entries"] as? [[String: Any]])
    }

    /// The id of the entry a reference names (`{"field", "entry": {"collection", "id", "path"}, "old", "new"}`).
    func id(_ reference: [String: Any]) -> String? { (reference["entry"] as? [String: Any])?["id"] as? String }

    @Test func nestedReferencesAreShownByTheirTitlesAndJSONKeepsTheIds() throws {
        let box = try Sandbox()
        let dir = try referenceStore(box)
        let json = try box.chronik(["diff", "A", "B", "--format", "json"], in: dir)
        #expect(json.status == 0, "\(json)")
        let topic = try #require(try entries(json.stdout).first { ($0["entry"] as? [String: Any])?["id"] as? String == "t" })
        let references = try #require(topic["references"] as? [[String: Any]], "\(json.stdout)")
        // The terms of the list on each side (a on both, with its title of each version; b new), not the people:
        // their titles are private.
        #expect(references.count == 2, "\(references)")
        let a = try #require(references.first { id($0) == "a" })
        #expect(a["field"] as? String == "/items/*/entry" && (a["entry"] as? [String: Any])?["collection"] as? String == "terms")
        #expect((a["entry"] as? [String: Any])?["path"] as? String == "terms/a.md", "the one entry shape: \(a)")
        #expect(a["old"] as? String == "Begriff A" && a["new"] as? String == "Begriff A, neu benannt", "\(a)")
        let b = try #require(references.first { id($0) == "b" })
        #expect(b["field"] as? String == "/items/*/entry" && (b["entry"] as? [String: Any])?["collection"] as? String == "terms")
        let title = try #require(b["new"] as? String)
        #expect(title.hasPrefix("Begriff B (") && !title.contains("example.org"), "e-mail address redacted: \(b)")
        #expect(b["old"] == nil)
        // The field change itself keeps the ids.
        let fields = try #require(topic["fields"] as? [[String: Any]])
        #expect(fields.contains { ($0["itemsAdded"] as? [[String: Any]])?.first?["entry"] as? String == "b" }, "\(fields)")

        for format in ["markdown", "html", "text"] {
            let page = try box.chronik(["diff", "A", "B", "--format", format], in: dir)
            #expect(page.status == 0, "\(format): \(page)")
            #expect(page.stdout.contains("Begriff B"), "\(format): \(page.stdout)")
            #expect(!page.stdout.contains("example.org"), "\(format): e-mail address shown")
            #expect(!page.stdout.contains("Geheime Person"), "\(format): a private title shown")
            // The sibling `note: a` is no reference: it stays `a`, not the title of term a.
            #expect(!page.stdout.contains("note: Begriff"), "\(format): \(page.stdout)")
        }
        let html = try box.chronik(["diff", "A", "B", "--format", "html"], in: dir).stdout
        #expect(html.contains("entry: Begriff B (kontakt@…) <span class=\"place\">(<code>b</code>)</span>")
                || html.contains("<span class=\"place\">(<code>b</code>)</span>"), "the id in small print: \(html)")
        // The changelog finds the nested reference too.
        let changelog = try box.chronik(["changelog", "--format", "json", "--by", "commit"], in: dir)
        #expect(changelog.status == 0, "\(changelog)")
        #expect(changelog.stdout.contains("\"/items/*/entry\""), "\(changelog.stdout)")
        #expect(try box.git(["fsck", "--full"], in: dir).status == 0)
    }

    @Test func theWorkingTreeSideReadsTitlesFromTheWorkingTree() throws {
        let box = try Sandbox()
        let dir = try referenceStore(box)
        try box.write("---\ntitle: Begriff B, ungespeichert\n---\nB.\n", to: "terms/b.md", in: dir)
        try box.write("---\ntitle: Thema\nitems:\n  - {entry: b, note: x}\nowner: q\n---\nText.\n", to: "topics/t.md", in: dir)
        let json = try box.chronik(["diff", "--format", "json"], in: dir)
        #expect(json.status == 0, "\(json)")
        let topic = try #require(try entries(json.stdout).first { ($0["entry"] as? [String: Any])?["id"] as? String == "t" })
        let references = try #require(topic["references"] as? [[String: Any]], "\(json.stdout)")
        #expect(references.contains { id($0) == "b" && $0["new"] as? String == "Begriff B, ungespeichert" && $0["old"] as? String != nil },
                "\(references)")
        #expect(references.contains { id($0) == "a" && $0["old"] as? String == "Begriff A, neu benannt" && $0["new"] == nil }, "\(references)")
    }

    @Test func sidesThatAreReleasesAreNamedByTheirTitle() throws {
        let box = try Sandbox()
        let dir = try referenceStore(box)
        let html = try box.chronik(["diff", "A", "B", "--format", "html"], in: dir)
        #expect(html.status == 0, "\(html)")
        // B is annotated: its title; A is lightweight: its name prettified (the changelog's headings' rule).
        #expect(html.stdout.contains("<h1>Änderungen von „A“ <span class=\"place\">(<code>A</code>, <time datetime=\"2022-01-01T12:00:00Z\">01.01.2022</time>)</span> zu „Zweite Fassung“ <span class=\"place\">(<code>B</code>, <time datetime=\"2022-01-01T12:00:00Z\">01.01.2022</time>)</span></h1>"),
                "\(html.stdout)")
        let md = try box.chronik(["diff", "A", "B", "--format", "markdown", "--lang", "en"], in: dir)
        #expect(md.stdout.hasPrefix("# Changes from “A” \\(A, 2022-01-01\\) to “Zweite Fassung” \\(B, 2022-01-01\\)\n")
                || md.stdout.hasPrefix("# Changes from “A” (A, 2022-01-01) to “Zweite Fassung” (B, 2022-01-01)\n"), "\(md.stdout)")
        let text = try box.chronik(["diff", "A", "B"], in: dir)
        #expect(text.stdout.hasPrefix("diff A (\"A\", 2022-01-01) -> B (\"Zweite Fassung\", 2022-01-01)\n"), "\(text.stdout)")
        // A commit id, HEAD or the working tree keep their names.
        let id = try box.git(["rev-parse", "--short", "A"], in: dir).stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        let byID = try box.chronik(["diff", id, "B", "--format", "markdown"], in: dir)
        #expect(byID.stdout.hasPrefix("# Änderungen von \(id) zu „Zweite Fassung“"), "\(byID.stdout)")
        let head = try box.chronik(["diff", "HEAD", "--format", "markdown"], in: dir)
        #expect(head.stdout.hasPrefix("# Änderungen von HEAD zum Arbeitsverzeichnis\n"), "\(head.stdout)")
    }

    /// `chronik diff A B glossary`: a collection (a plain repository's folder) as a name lists its changed entries,
    /// formatting-only changes and renames into or out of it included; an unknown name gets "did you mean".
    @Test(arguments: [true, false])
    func aCollectionOrFolderAsAName(configured: Bool) throws {
        let box = try Sandbox()
        let dir = try RenamesAndLimitedPatchTests().history(box, configured: configured)
        func listed(_ names: [String]) throws -> Set<String> {
            let result = try box.chronik(["diff", "A", "B", "--format", "json"] + names, in: dir)
            #expect(result.status == 0, "\(names): \(result)")
            return Set(try entries(result.stdout).compactMap { ($0["entry"] as? [String: Any])?["path"] as? String })
        }
        #expect(try listed(["glossary"]) == ["glossary/kiez.md", "glossary/term.md"], "a comment-only change is listed")
        #expect(try listed(["glossary/"]) == ["glossary/kiez.md", "glossary/term.md"])
        #expect(try listed(["text"]) == ["text/foreword.md", "text/intro.md"], "renamed into it")
        #expect(try listed(["docs"]) == ["text/foreword.md", "text/intro.md", "docs/other.md"], "renamed out of it")
        let text = try box.chronik(["diff", "A", "B", "glossary"], in: dir)
        #expect(text.status == 0 && !text.stdout.contains("no changes") && text.stdout.contains("front matter formatting changed"), "\(text)")

        let unknown = try box.chronik(["diff", "A", "B", "glosary"], in: dir)
        #expect(unknown.status == 1 && unknown.stdout.isEmpty, "\(unknown)")
        #expect(unknown.stderr.contains("\"glosary\"") && unknown.stderr.contains("glossary"), "did you mean: \(unknown.stderr)")
        #expect(unknown.stderr.contains("hint: did you mean glossary"), "\(unknown.stderr)")
        #expect(try box.git(["fsck", "--full"], in: dir).status == 0)
    }
}
