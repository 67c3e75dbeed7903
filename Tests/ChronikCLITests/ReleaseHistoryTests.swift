import Foundation
import Testing

/// Issue 14, "What was seen" 2, 3 and 7 (dates): releases as people make them (lightweight tags on merged release
/// branches), any range, and dates for `diff`, end to end on a plain repository made with git.
@Suite("releases as people make them, end to end")
struct ReleaseHistoryTests {
    /// A GitFlow history of Markdown files without chronik.yml, made with git (fixed identity and dates):
    ///
    ///     main:        c1 - c2 ------- m1 - c4 ------------------ m2 - c7
    ///                        \        /       \                  /
    ///     release/1.1:        c3 ----'         \                /
    ///     release/2.0:                          c5 ---------- c6
    ///
    /// v1.0 on c2, v1.1 on c3, v2.0-rc1 on c5 (all lightweight); v2.0 (annotated, "Spring edition") and v2.0.0
    /// (lightweight) on c6; `snapshot`, a lightweight tag of c4's tree.
    private func gitFlow(_ box: Sandbox) throws -> (URL, [String: String]) {
        let repo = box.url("history")
        try FileManager.default.createDirectory(at: repo, withIntermediateDirectories: true)
        var ids: [String: String] = [:]
        func git(_ arguments: [String], date: String? = nil) throws -> String {
            var environment = box.environment
            if let date { environment["GIT_AUTHOR_DATE"] = date; environment["GIT_COMMITTER_DATE"] = date }
            let result = try run(URL(fileURLWithPath: "/usr/bin/git"), arguments, in: repo, environment: environment)
            try #require(result.status == 0, "git \(arguments): \(result)")
            return result.stdout
        }
        func commit(_ name: String, _ date: String, _ files: [String: String]) throws {
            for (path, text) in files { try box.write(text, to: path, in: repo) }
            _ = try git(["add", "-A"])
            _ = try git(["commit", "-q", "-m", name], date: date)
            ids[name] = try git(["rev-parse", "HEAD"]).trimmingCharacters(in: .whitespacesAndNewlines)
        }
        func merge(_ branch: String, _ name: String, _ date: String) throws {
            _ = try git(["merge", "-q", "--no-ff", "-m", name, branch], date: date)
            ids[name] = try git(["rev-parse", "HEAD"]).trimmingCharacters(in: .whitespacesAndNewlines)
        }
        _ = try git(["init", "-q", "-b", "main"])
        try commit("c1", "2022-01-10T10:00:00Z", ["a.md": "# A\n\nOne two three.\n"])
        try commit("c2", "2022-01-20T10:00:00Z", ["a.md": "# A\n\nOne two three four.\n"])
        _ = try git(["tag", "v1.0"])
        _ = try git(["checkout", "-q", "-b", "release/1.1"])
        try commit("c3", "2022-02-01T10:00:00Z", ["b.md": "# B\n\nFirst words.\n"])
        _ = try git(["tag", "v1.1"])
        _ = try git(["checkout", "-q", "main"])
        try merge("release/1.1", "m1", "2022-02-05T10:00:00Z")
        try commit("c4", "2022-02-10T10:00:00Z", ["a.md": "# A\n\nOne two three four five.\n"])
        _ = try git(["checkout", "-q", "-b", "release/2.0"])
        try commit("c5", "2022-02-20T10:00:00Z", ["b.md": "# B\n\nFirst words, then more.\n"])
        _ = try git(["tag", "v2.0-rc1"])
        try commit("c6", "2022-02-25T10:00:00Z", ["docs/c.md": "# C\n\nA new text.\n"])
        _ = try git(["tag", "-a", "v2.0", "-m", "Spring edition\n\nThe second release."], date: "2022-02-26T10:00:00Z")
        _ = try git(["tag", "v2.0.0"])
        _ = try git(["checkout", "-q", "main"])
        try merge("release/2.0", "m2", "2022-03-02T10:00:00Z")
        try commit("c7", "2022-03-05T10:00:00Z", ["docs/c.md": "# C\n\nA newer text.\n"])
        _ = try git(["tag", "snapshot", "\(ids["c4"] ?? "")^{tree}"])
        return (repo, ids)
    }

    private func json(_ text: String) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
    }

    private func gitLog(_ box: Sandbox, _ repo: URL, _ range: String) throws -> Set<String> {
        Set(try box.git(["log", "--format=%H", range], in: repo).stdout.split(separator: "\n").map(String.init))
    }

    @Test func releasesListsLightweightAndAnnotatedTags() throws {
        let box = try Sandbox()
        let (repo, ids) = try gitFlow(box)
        let short = { (name: String) in String((ids[name] ?? "").prefix(7)) }
        let text = try box.chronik(["releases"], in: repo)
        #expect(text.status == 0, "\(text)")
        #expect(text.stdout == """
            v2.0      2022-02-26  \(short("c6"))  Spring edition  (also: v2.0.0)
            v2.0-rc1  2022-02-20  \(short("c5"))
            v1.1      2022-02-01  \(short("c3"))
            v1.0      2022-01-20  \(short("c2"))

            """, "\(text)")
        #expect(text.stderr == "chronik: note: tag \"snapshot\" points to a tree or a blob, not a version: not a release\n")

        let listed = try box.chronik(["releases", "--format", "json", "--exclude-tag", "*-rc*"], in: repo)
        #expect(listed.status == 0, "\(listed)")
        let array = try #require((try JSONSerialization.jsonObject(with: Data(listed.stdout.utf8)) as? [String: Any])?["releases"] as? [[String: Any]])
        #expect(array.map { $0["name"] as? String } == ["v2.0", "v1.1", "v1.0"])
        #expect(array.first?["names"] as? [String] == ["v2.0", "v2.0.0"])
        #expect(array.first?["title"] as? String == "Spring edition")
        #expect(array.first?["annotated"] as? Bool == true)
        #expect(array.last?["annotated"] as? Bool == false)
        #expect(array.last?["commit"] as? String == ids["c2"])
        #expect(!listed.stdout.contains("@example.org"))

        let patterned = try box.chronik(["releases", "--tag-pattern", "v1*"], in: repo)
        #expect(patterned.status == 0 && patterned.stdout.split(separator: "\n").map { $0.prefix(4) } == ["v1.1", "v1.0"], "\(patterned)")
        try box.expectFsckClean(repo)
    }

    /// Every neighbouring pair of releases works as a range, is headed by its release and holds `git log A..B`.
    @Test func everyNeighbouringPairOfReleases() throws {
        let box = try Sandbox()
        let (repo, _) = try gitFlow(box)
        let releases = ["v1.0", "v1.1", "v2.0-rc1", "v2.0"]
        for (a, b) in zip(releases, releases.dropFirst()) {
            let result = try box.chronik(["changelog", "--from", a, "--to", b, "--format", "json"], in: repo)
            #expect(result.status == 0, "\(a)..\(b): \(result)")
            let groups = try #require(try json(result.stdout)["groups"] as? [[String: Any]])
            let first = try #require(groups.first)
            #expect(first["kind"] as? String == "release", "\(a)..\(b)")
            #expect((first["release"] as? [String: Any])?["name"] as? String == b, "\(a)..\(b)")
            let versions = Set(groups.flatMap { ($0["versions"] as? [[String: Any]] ?? []).compactMap { $0["commit"] as? String } })
            #expect(versions == (try gitLog(box, repo, "\(a)..\(b)")), "\(a)..\(b)")
            for format in ["markdown", "html", "atom"] {
                let rendered = try box.chronik(["changelog", "--from", a, "--to", b, "--format", format], in: repo)
                #expect(rendered.status == 0, "\(a)..\(b) \(format): \(rendered)")
                #expect(!rendered.stdout.contains("Unreleased") && !rendered.stdout.contains("Unveröffentlicht"), "\(a)..\(b) \(format)")
            }
        }
        // A tag typed as --to heads the range even when the patterns leave it out.
        let candidate = try box.chronik(["changelog", "--from", "v1.1", "--to", "v2.0-rc1", "--exclude-tag", "*-rc*", "--format", "json"], in: repo)
        let candidateGroups = try #require(try json(candidate.stdout)["groups"] as? [[String: Any]])
        #expect((candidateGroups.first?["release"] as? [String: Any])?["name"] as? String == "v2.0-rc1", "\(candidate)")
        let markdown = try box.chronik(["changelog", "--from", "v1.1", "--to", "v2.0", "--lang", "en"], in: repo)
        #expect(markdown.stdout.contains("\n## Spring edition (v2.0, 2022-02-26)\n\n> The second release.\n"), "\(markdown)")
        #expect(markdown.stdout.contains("\n## v2.0-rc1 (2022-02-20)\n"), "\(markdown)")
    }

    @Test func wholeHistoryGroupsReleasesOfMergedBranches() throws {
        let box = try Sandbox()
        let (repo, ids) = try gitFlow(box)
        let result = try box.chronik(["changelog", "--format", "json", "--exclude-tag", "*-rc*"], in: repo)
        #expect(result.status == 0, "\(result)")
        let groups = try #require(try json(result.stdout)["groups"] as? [[String: Any]])
        #expect(groups.map { ($0["release"] as? [String: Any])?["name"] as? String ?? $0["kind"] as? String } == ["unreleased", "v2.0", "v1.1", "v1.0"])
        func versions(_ k: Int) -> Set<String> { Set((groups[k]["versions"] as? [[String: Any]] ?? []).compactMap { $0["commit"] as? String }) }
        #expect(versions(0) == (try gitLog(box, repo, "v2.0..HEAD")))
        #expect(versions(1) == Set(try box.git(["log", "--format=%H", "v2.0", "--not", "v1.1", "v1.0"], in: repo).stdout.split(separator: "\n").map(String.init)))
        #expect(versions(2) == [ids["c3"] ?? ""])
        #expect(versions(3) == (try gitLog(box, repo, "v1.0")))

        // --by commit: each version says which release it belongs to.
        let byCommit = try box.chronik(["changelog", "--by", "commit", "--format", "json", "--exclude-tag", "*-rc*"], in: repo)
        #expect(byCommit.status == 0, "\(byCommit)")
        let versionGroups = try #require(try json(byCommit.stdout)["groups"] as? [[String: Any]])
        let release = Dictionary(uniqueKeysWithValues: versionGroups.map { ($0["commit"] as? String ?? "", ($0["release"] as? [String: Any])?["name"] as? String ?? "-") })
        #expect(release[ids["c3"] ?? ""] == "v1.1" && release[ids["m1"] ?? ""] == "v2.0" && release[ids["c7"] ?? ""] == "-", "\(release)")
        let markdown = try box.chronik(["changelog", "--by", "commit", "--lang", "en"], in: repo)
        #expect(markdown.stdout.contains("## Version \(String((ids["c3"] ?? "").prefix(7))) — in: v1.1 (2022-02-01)"), "\(markdown)")
    }

    @Test func diffTakesDates() throws {
        let box = try Sandbox()
        let (repo, ids) = try gitFlow(box)
        // The newest version at or before 2022-03-01 on HEAD's first-parent line: c4.
        let byDate = try box.chronik(["diff", "2022-03-01", "HEAD", "--format", "json"], in: repo)
        let byID = try box.chronik(["diff", ids["c4"] ?? "", "HEAD", "--format", "json"], in: repo)
        #expect(byDate.status == 0, "\(byDate)")
        let from = try #require(try json(byDate.stdout)["from"] as? [String: Any])
        #expect(from["commit"] as? String == ids["c4"])
        #expect(try json(byDate.stdout)["entries"] as? [[String: Any]] != nil)
        #expect(byDate.stdout.replacingOccurrences(of: "\"2022-03-01\"", with: "\"\(ids["c4"] ?? "")\"") == byID.stdout)
        let moment = try box.chronik(["diff", "2022-02-20T10:00:00Z", "HEAD", "--stat"], in: repo)
        #expect(moment.status == 0, "\(moment)")
    }

    @Test func badInputIsOneClearErrorAndWritesNothing() throws {
        let box = try Sandbox()
        let (repo, _) = try gitFlow(box)
        let out = box.url("out.md")
        func refused(_ arguments: [String], status: Int32 = 1, mentioning: [String]) throws {
            let result = try box.chronik(arguments, in: repo)
            #expect(result.status == status, "\(arguments): \(result)")
            #expect(result.stdout.isEmpty, "\(arguments): \(result)")
            #expect(result.stderr.hasPrefix("chronik: error: "), "\(arguments): \(result)")
            for text in mentioning { #expect(result.stderr.contains(text), "\(arguments) should name \(text): \(result)") }
            #expect(!FileManager.default.fileExists(atPath: out.path), "\(arguments)")
        }
        try refused(["changelog", "--tag-pattern", "release-*", "-o", out.path], mentioning: ["--tag-pattern \"release-*\" matches no tag"])
        try refused(["releases", "--tag-pattern", "release-*"], mentioning: ["\"release-*\""])
        try refused(["changelog", "--from", "v2.0", "--to", "v1.1", "-o", out.path], mentioning: ["\"v2.0\"", "\"v1.1\"", "not an ancestor"])
        try refused(["changelog", "--from", "v2.0-rc1", "-o", out.path, "--to", "release/1.1"], mentioning: ["\"v2.0-rc1\"", "\"release/1.1\""])
        try refused(["diff", "2021-12-31", "HEAD"], mentioning: ["2021-12-31", "the first is later"])
        try refused(["changelog", "--to", "snapshot", "-o", out.path], mentioning: ["\"snapshot\"", "a tree or a blob"])
        try refused(["changelog", "--from", "snapshot", "-o", out.path], mentioning: ["\"snapshot\"", "a tree or a blob"])
    }

    @Test func chronikYmlSelectsTheTags() throws {
        let box = try Sandbox()
        let store = try box.makeStore()
        let config = try String(contentsOf: store.appendingPathComponent("chronik.yml"), encoding: .utf8)
        try box.write(config + "releases:\n  tags: [\"v*\"]\n  exclude: [\"*-rc*\"]\n", to: "chronik.yml", in: store)
        try box.git(["commit", "-q", "-am", "releases"], in: store)
        for tag in ["v1", "v2-rc1", "draft"] { try box.git(["tag", tag], in: store) }
        let listed = try box.chronik(["releases"], in: store)
        #expect(listed.status == 0 && listed.stdout.hasPrefix("v1  ") && listed.stdout.split(separator: "\n").count == 1, "\(listed)")
        // The command line replaces the file's patterns.
        let all = try box.chronik(["releases", "--tag-pattern", "*"], in: store)
        #expect(all.stdout.split(separator: "\n").count == 1, "\(all)") // one commit: one release of three names
        #expect(all.stdout.contains("(also: "), "\(all)")
        // A wrong value is named with its line.
        try box.write(config + "releases:\n  tags: 3\n", to: "chronik.yml", in: store)
        let validate = try box.chronik(["validate"], in: store)
        #expect(validate.status != 0 && (validate.stderr + validate.stdout).contains("tags"), "\(validate)")
        try box.expectFsckClean(store)
    }
}
