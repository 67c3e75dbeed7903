import Foundation
import Testing

/// Issue 13, point 9: a version committed with the git CLI, holding what the commit gate refuses.
@Suite("content committed with plain git, end to end")
struct PlainGitContentTests {
    /// A store whose second version was made with git: a symbolic link `.md`, a submodule (gitlink), names that
    /// differ only in case, an executable entry, a non-Markdown file in a collection and a file outside them.
    private func plainGitStore(_ box: Sandbox) throws -> URL {
        let store = try box.makeStore()
        try box.write(entryText("term: Echt"), to: "glossary/real.md", in: store)
        try box.write(entryText("term: Gross"), to: "glossary/A.md", in: store)
        try box.write(entryText("term: klein"), to: "glossary/a.md", in: store)
        try box.write(entryText("term: Ausfuehrbar"), to: "glossary/exec.md", in: store)
        try box.write("Notizen\n", to: "glossary/readme.txt", in: store)
        try box.write("Notizen\n", to: "notes.txt", in: store)
        try FileManager.default.createSymbolicLink(atPath: store.appendingPathComponent("glossary/link.md").path, withDestinationPath: "real.md")
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: store.appendingPathComponent("glossary/exec.md").path)
        let head = try box.git(["rev-parse", "HEAD"], in: store).stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        try #require(try box.git(["add", "-A"], in: store).status == 0)
        try #require(try box.git(["update-index", "--add", "--cacheinfo", "160000,\(head),glossary/sub"], in: store).status == 0)
        let commit = try box.git(["commit", "-q", "-m", "mit git"], in: store)
        try #require(commit.status == 0, "\(commit)")
        return store
    }

    @Test func validateAtAppliesTheCommitGatesRules() throws {
        let box = try Sandbox()
        let store = try plainGitStore(box)
        let result = try box.chronik(["validate", "--at", "HEAD"], in: store)
        #expect(result.status == 1, "\(result)")
        #expect(result.stdout == """
            glossary/A.md: differs only in case from glossary/a.md; they cannot both exist on a case-insensitive file system (macOS, Windows)
            glossary/A.md: invalid entry id "A": uppercase letters are not allowed (use lowercase)
            glossary/a.md: differs only in case from glossary/A.md; they cannot both exist on a case-insensitive file system (macOS, Windows)
            glossary/exec.md: files in a store must not be executable (chmod -x)
            glossary/link.md: symbolic links are not allowed in a store
            glossary/readme.txt: entries must be Markdown files ending in .md
            glossary/sub: submodules are not allowed in a store
            notes.txt: not part of a chronik store (allowed at the root: chronik.yml, schemas/, one folder per collection, and the repository's own files such as README, LICENSE, CONTRIBUTING, .gitignore and .github/)

            """, "\(result)")
        #expect(result.stderr == "chronik: error: 8 problems in 7 files (3 entries checked)\n")

        let json = try box.chronik(["validate", "--at", "HEAD", "--format", "json"], in: store)
        #expect(json.status == 1)
        #expect(json.stdout.contains("\"file\": \"glossary/sub\",\n      \"message\": \"submodules are not allowed in a store\""), "\(json)")

        // The version before is fine; a release of the plain-git version is refused.
        #expect(try box.chronik(["validate", "--at", "HEAD~1"], in: store).status == 0)
        let release = try box.chronik(["release", "entwurf", "--author", Fixture.author, "--date", Fixture.date], in: store)
        #expect(release.status == 1, "\(release)")
        #expect(release.stderr.contains("glossary/link.md: symbolic links are not allowed in a store\n"), "\(release)")
        try box.expectFsckClean(store)
    }

    @Test func logAndDiffCountTheSame() throws {
        let box = try Sandbox()
        let store = try plainGitStore(box)
        let log = try box.chronik(["log", "--limit", "1"], in: store)
        #expect(log.status == 0, "\(log)")
        #expect(log.stdout.hasSuffix("    mit git\n    4 added, 3 other files\n"), "\(log)")
        let stat = try box.chronik(["diff", "HEAD~1", "HEAD", "--stat"], in: store)
        #expect(stat.status == 0, "\(stat)")
        #expect(stat.stdout.contains(" 4 entries (4 added); 3 other files;"), "\(stat)")

        struct LogVersion: Decodable {
            struct Counts: Decodable { var added, modified, removed, renamed: Int }
            struct File: Decodable { var path: String }
            var counts: Counts
            var files: [File]
        }
        struct Log: Decodable { var versions: [LogVersion] }
        struct Diff: Decodable {
            struct Summary: Decodable { var entriesAdded, entriesRemoved, entriesModified, filesChanged: Int }
            struct File: Decodable { var path: String }
            var summary: Summary
            var files: [File]
        }
        let logJSON = try box.chronik(["log", "--limit", "1", "--format", "json"], in: store)
        let diffJSON = try box.chronik(["diff", "HEAD~1", "HEAD", "--format", "json"], in: store)
        let versions = try JSONDecoder().decode(Log.self, from: Data(logJSON.stdout.utf8)).versions
        let diff = try JSONDecoder().decode(Diff.self, from: Data(diffJSON.stdout.utf8))
        let version = try #require(versions.first)
        #expect(version.counts.added == diff.summary.entriesAdded && version.counts.added == 4)
        #expect(version.counts.modified == diff.summary.entriesModified && version.counts.removed == diff.summary.entriesRemoved)
        #expect(version.files.map(\.path) == diff.files.map(\.path))
        #expect(diff.files.map(\.path) == ["glossary/A.md", "glossary/readme.txt", "notes.txt"])
        try box.expectFsckClean(store)
    }

    /// A schema whose references loop (`$defs/a` → `$defs/b` → `$defs/a`), committed with git past the gate that
    /// refuses it: the privacy walk of `diff`, `changelog` and `publish` followed the loop until the stack overflowed
    /// (SIGSEGV). Now they finish, and `validate --at HEAD` names the loop.
    @Test func referencesInALoopCommittedWithGit() throws {
        let box = try Sandbox()
        let store = try box.makeStore()
        try box.write(entryText("term: Erster Begriff"), to: "glossary/erster.md", in: store)
        let schemaFile = store.appendingPathComponent("schemas/glossary.schema.json")
        let schema = try String(contentsOf: schemaFile, encoding: .utf8)
        let open = "\"properties\": {"
        try #require(schema.components(separatedBy: open).count >= 2)
        let looped = schema.replacingOccurrences(of: open, with: """
            "$defs": {"a": {"$ref": "#/$defs/b"}, "b": {"$ref": "#/$defs/a", "properties": {"synonyms": {"x-chronik-private": true}}}},
              "allOf": [{"$ref": "#/$defs/a"}],
              \(open)
            """, options: [], range: schema.range(of: open))
        try box.commit(store, "Erster Begriff")
        try Data(looped.utf8).write(to: schemaFile)
        try box.write(entryText("term: Zweiter Begriff\nsynonyms:\n  - Geheimwort"), to: "glossary/zweiter.md", in: store)
        try #require(try box.git(["add", "-A"], in: store).status == 0)
        let commit = try box.git(["commit", "-q", "-m", "mit git"], in: store)
        try #require(commit.status == 0, "\(commit)")

        let validate = try box.chronik(["validate", "--at", "HEAD"], in: store)
        #expect(validate.status == 1, "\(validate)")
        let diff = try box.chronik(["diff", "--public", "HEAD~1", "HEAD"], in: store)
        #expect(diff.status == 0, "\(diff)")
        #expect(diff.stdout.contains("Zweiter Begriff") && !diff.stdout.contains("Geheimwort"), "\(diff)")
        let changelog = try box.chronik(["changelog", "--format", "json"], in: store)
        #expect(changelog.status == 0 && changelog.stdout.contains("Zweiter Begriff") && !changelog.stdout.contains("Geheimwort"), "\(changelog)")
        let site = box.url("site")
        let publish = try box.chronik(["publish", "-o", site.path], in: store)
        #expect(publish.status == 0, "\(publish)")
        let page = try String(contentsOf: site.appendingPathComponent("glossary/zweiter/index.html"), encoding: .utf8)
        #expect(page.contains("Zweiter Begriff"))
        // The private value is on no page, feed, JSON file or search file of the site.
        let files = FileManager.default.enumerator(at: site, includingPropertiesForKeys: nil)?.compactMap { $0 as? URL } ?? []
        #expect(files.count > 10)
        for file in files where !file.hasDirectoryPath {
            let bytes = try Data(contentsOf: file)
            #expect(bytes.range(of: Data("Geheimwort".utf8)) == nil, "\(file.path)")
        }
        try box.expectFsckClean(store)
    }
}
