import Foundation
import Testing

/// Issue 14, "What was seen" 4 and 5: renames as git sees them (across folders, kept when the diff is limited to an
/// entry) and patches limited to entries or collections that are exact for those paths.
@Suite("renames across folders and limited patches, end to end")
struct RenamesAndLimitedPatchTests {
    /// Thirty short lines no other file shares.
    static func body(_ seed: String) -> String {
        (0..<30).map { "\(seed) line \($0) with words \(seed)\($0)a \(seed)\($0)b" }.joined(separator: "\n") + "\n"
    }

    static func entry(_ seed: String, year: Int = 2023) -> String {
        "---\n# SPDX-FileCopyrightText: \(year) Contributors\ntitle: \(seed)\n---\n" + body(seed)
    }

    /// A store (chronik.yml with collections `docs`, `text`, `glossary`) of two commits: A, and B which moves
    /// `docs/00-foreword.md` to `text/foreword.md` with a small edit, moves `docs/intro.md` to `text/intro.md`
    /// unchanged, changes only a comment in `glossary/kiez.md`'s front matter, edits `glossary/term.md` and edits
    /// `docs/other.md`.
    func history(_ box: Sandbox, configured: Bool) throws -> URL {
        let dir = try box.plainRepository(configured ? "store" : "plain")
        if configured {
            try box.write("title: Test\nlanguage: en\ncollections:\n  docs: {}\n  text: {}\n  glossary: {}\n", to: "chronik.yml", in: dir)
        }
        let files = ["docs/00-foreword.md": Self.entry("foreword"), "docs/intro.md": Self.entry("intro"),
                     "glossary/kiez.md": Self.entry("kiez"), "glossary/term.md": Self.entry("term"), "docs/other.md": Self.entry("other")]
        for (path, text) in files { try box.write(text, to: path, in: dir) }
        try box.commitAll(dir, "A")
        #expect(try box.git(["tag", "A"], in: dir).status == 0)
        try FileManager.default.removeItem(at: dir.appendingPathComponent("docs/00-foreword.md"))
        try box.write(Self.entry("foreword").replacingOccurrences(of: "foreword line 7 ", with: "foreword line seven "), to: "text/foreword.md", in: dir)
        try FileManager.default.removeItem(at: dir.appendingPathComponent("docs/intro.md"))
        try box.write(Self.entry("intro"), to: "text/intro.md", in: dir)
        try box.write(Self.entry("kiez", year: 2024), to: "glossary/kiez.md", in: dir)
        try box.write(Self.entry("term").replacingOccurrences(of: "term line 3 ", with: "term line three "), to: "glossary/term.md", in: dir)
        try box.write(Self.entry("other").replacingOccurrences(of: "other line 9 ", with: "other line nine "), to: "docs/other.md", in: dir)
        try box.commitAll(dir, "B")
        #expect(try box.git(["tag", "B"], in: dir).status == 0)
        return dir
    }

    /// git itself sees the moves as renames (R0xx): the fixture is what the issue describes.
    func expectGitSeesRenames(_ box: Sandbox, _ dir: URL) throws {
        let status = try box.git(["diff", "--name-status", "-M", "A", "B"], in: dir).stdout
        #expect(status.contains("docs/00-foreword.md\ttext/foreword.md") && status.contains("R100\tdocs/intro.md\ttext/intro.md"), "\(status)")
    }

    @Test(arguments: [true, false])
    func limitingADiffToOneEntryKeepsItsRename(configured: Bool) throws {
        let box = try Sandbox()
        let dir = try history(box, configured: configured)
        try expectGitSeesRenames(box, dir)
        for name in ["foreword", "text/foreword", "docs/00-foreword"] {
            let result = try box.chronik(["diff", "A", "B", "--format", "json", "--", name], in: dir)
            #expect(result.status == 0, "\(result)")
            let json = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
            let entries = try #require(json["entries"] as? [[String: Any]])
            #expect(entries.count == 1, "\(name): \(result.stdout)")
            let entry = try #require(entries.first)
            #expect(entry["kind"] as? String == "moved", "\(name)")
            #expect((entry["from"] as? [String: Any])?["path"] as? String == "docs/00-foreword.md", "\(name)")
            #expect((entry["entry"] as? [String: Any])?["path"] as? String == "text/foreword.md", "\(name)")
            let summary = try #require((entry["prose"] as? [String: Any])?["summary"] as? [String: Any])
            #expect((summary["wordsAdded"] as? Int ?? 0) <= 2 && (summary["wordsRemoved"] as? Int ?? 0) <= 2, "\(name): \(summary)")
        }
        let text = try box.chronik(["diff", "A", "B", "--", "foreword"], in: dir)
        #expect(text.status == 0 && text.stdout.contains("moved docs/00-foreword -> text/foreword") && !text.stdout.contains("\nadded "), "\(text)")
    }

    @Test(arguments: [true, false])
    func theFullPatchWritesRenamesAsGitDoesAndApplies(configured: Bool) throws {
        let box = try Sandbox()
        let dir = try history(box, configured: configured)
        let patch = try box.chronik(["diff", "A", "B", "--format", "patch"], in: dir)
        #expect(patch.status == 0, "\(patch)")
        #expect(patch.stdout.contains("diff --git a/docs/intro.md b/text/intro.md\nsimilarity index 100%\nrename from docs/intro.md\nrename to text/intro.md\n"),
                "\(patch.stdout)")
        #expect(patch.stdout.contains("rename from docs/00-foreword.md\nrename to text/foreword.md\n"), "\(patch.stdout)")
        #expect(patch.stdout.contains("diff --git a/glossary/kiez.md b/glossary/kiez.md\n"), "a comment-only change is part of the patch")
        try box.expectPatchApplies(patch.stdout, repository: dir, old: "A", new: "B", "full patch")
    }

    /// Limited to entries or a collection, a patch holds every path of those entries (both sides of a rename, a
    /// comment-only change too) and nothing else: applied to A, those paths equal B byte for byte, the others A.
    @Test(arguments: [true, false])
    func aLimitedPatchIsExactForItsPaths(configured: Bool) throws {
        let box = try Sandbox()
        let dir = try history(box, configured: configured)
        var cases: [(arguments: [String], paths: [String])] = [
            (["--collection", "glossary"], ["glossary/kiez.md", "glossary/term.md"]),
            (["--collection", "text"], ["docs/00-foreword.md", "text/foreword.md", "docs/intro.md", "text/intro.md"]),
            (["--collection", "docs"], ["docs/00-foreword.md", "text/foreword.md", "docs/intro.md", "text/intro.md", "docs/other.md"]),
            (["--", "glossary/kiez"], ["glossary/kiez.md"]),
            (["--", "foreword"], ["docs/00-foreword.md", "text/foreword.md"]),
            // A collection (a plain repository's folder) as a name, as `--collection` (issue 14, point 4).
            (["glossary"], ["glossary/kiez.md", "glossary/term.md"]),
            (["--", "text/"], ["docs/00-foreword.md", "text/foreword.md", "docs/intro.md", "text/intro.md"]),
            (["docs"], ["docs/00-foreword.md", "text/foreword.md", "docs/intro.md", "text/intro.md", "docs/other.md"]),
        ]
        // An id alone names an entry of a store's collections (in a plain repository, one the diff shows).
        if configured { cases.append((["--", "kiez"], ["glossary/kiez.md"])) }
        let all = ["docs/00-foreword.md", "text/foreword.md", "docs/intro.md", "text/intro.md", "glossary/kiez.md", "glossary/term.md", "docs/other.md"]
        for (arguments, paths) in cases {
            let patch = try box.chronik(["diff", "A", "B", "--format", "patch"] + arguments, in: dir)
            #expect(patch.status == 0, "\(arguments): \(patch)")
            let copy = box.url("apply-\(UUID().uuidString)")
            try #require(try box.git(["clone", "-q", dir.path, copy.path], in: box.root).status == 0)
            try #require(try box.git(["checkout", "-q", "A"], in: copy).status == 0)
            let file = box.url("p-\(UUID().uuidString).patch")
            try patch.stdout.write(to: file, atomically: true, encoding: .utf8)
            let applied = try box.git(["apply", "--whitespace=nowarn", file.path], in: copy)
            #expect(applied.status == 0, "\(arguments): git apply: \(applied)\n\(patch.stdout)")
            for path in all {
                let side = paths.contains(path) ? "B" : "A"
                let expected = try box.git(["show", "\(side):\(path)"], in: dir)
                let actual = FileManager.default.contents(atPath: copy.appendingPathComponent(path).path)
                if expected.status == 0 {
                    #expect(actual == Data(expected.stdout.utf8), "\(arguments): \(path) is not as in \(side)")
                } else {
                    #expect(actual == nil, "\(arguments): \(path) should not exist, as in \(side)")
                }
            }
            try FileManager.default.removeItem(at: copy)
        }
    }
}
