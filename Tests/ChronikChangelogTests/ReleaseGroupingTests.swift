import ChronikStore
import Foundation
import GitKit
import Testing
@testable import ChronikChangelog

/// A GitFlow history made with the git CLI (fixed authors and dates), the way people make releases:
///
///     main:        c1 - c2 ------- m1 - c4 ------------------ m2 - c7
///                        \        /       \                  /
///     release/1.1:        c3 ----'         \                /
///     release/2.0:                          c5 ---------- c6
///
/// Tags: v1.0 (lightweight) on c2; v1.1 (lightweight) on c3, on the release branch; v2.0-rc1 (lightweight) on c5;
/// v2.0 (annotated, "Spring edition") and v2.0.0 (lightweight) both on c6; `snapshot` (lightweight) on c4's tree.
final class GitFlowHistory {
    let root: URL
    private(set) var ids: [String: String] = [:]

    init() throws {
        root = FileManager.default.temporaryDirectory.appendingPathComponent("chronik-releases-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
        try git("init", "-q", "-b", "main")
        try commit("c1", date: "2022-01-10T10:00:00Z", files: ["a.md": "# A\n\nOne two three.\n"])
        try commit("c2", date: "2022-01-20T10:00:00Z", files: ["a.md": "# A\n\nOne two three four.\n"])
        try git("tag", "v1.0")
        try git("checkout", "-q", "-b", "release/1.1")
        try commit("c3", date: "2022-02-01T10:00:00Z", files: ["b.md": "# B\n\nFirst words.\n"])
        try git("tag", "v1.1")
        try git("checkout", "-q", "main")
        try merge("release/1.1", "m1", date: "2022-02-05T10:00:00Z")
        try commit("c4", date: "2022-02-10T10:00:00Z", files: ["a.md": "# A\n\nOne two three four five.\n"])
        try git("checkout", "-q", "-b", "release/2.0")
        try commit("c5", date: "2022-02-20T10:00:00Z", files: ["b.md": "# B\n\nFirst words, then more.\n"])
        try git("tag", "v2.0-rc1")
        try commit("c6", date: "2022-02-25T10:00:00Z", files: ["docs/c.md": "# C\n\nA new text.\n"])
        try git("tag", "-a", "v2.0", "-m", "Spring edition\n\nThe second release.", environment: ["GIT_COMMITTER_DATE": "2022-02-26T10:00:00Z"])
        try git("tag", "v2.0.0")
        try git("checkout", "-q", "main")
        try merge("release/2.0", "m2", date: "2022-03-02T10:00:00Z")
        try commit("c7", date: "2022-03-05T10:00:00Z", files: ["docs/c.md": "# C\n\nA newer text.\n"])
        try git("tag", "snapshot", "\(id("c4"))^{tree}")
    }

    deinit { try? FileManager.default.removeItem(at: root) }

    func id(_ name: String) -> String { ids[name] ?? name }

    private func commit(_ name: String, date: String, files: [String: String]) throws {
        for (path, text) in files {
            let file = root.appendingPathComponent(path)
            try FileManager.default.createDirectory(at: file.deletingLastPathComponent(), withIntermediateDirectories: true)
            try Data(text.utf8).write(to: file)
        }
        try git("add", "-A")
        try git("commit", "-q", "-m", name, environment: ["GIT_AUTHOR_DATE": date, "GIT_COMMITTER_DATE": date])
        ids[name] = try git("rev-parse", "HEAD").trimmingCharacters(in: .whitespacesAndNewlines)
    }

    private func merge(_ branch: String, _ name: String, date: String) throws {
        try git("merge", "-q", "--no-ff", "-m", name, branch, environment: ["GIT_AUTHOR_DATE": date, "GIT_COMMITTER_DATE": date])
        ids[name] = try git("rev-parse", "HEAD").trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// Runs git in the history's folder with a fixed identity and no user configuration; its standard output.
    @discardableResult
    func git(_ arguments: String..., environment: [String: String] = [:]) throws -> String {
        try run(arguments, environment: environment)
    }

    private func run(_ arguments: [String], environment: [String: String] = [:]) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/git")
        process.arguments = arguments
        process.currentDirectoryURL = root
        var env = [
            "HOME": root.path, "GIT_CONFIG_NOSYSTEM": "1", "PATH": "/usr/bin:/bin", "TZ": "UTC",
            "GIT_AUTHOR_NAME": "Test Author", "GIT_AUTHOR_EMAIL": "test@example.org",
            "GIT_COMMITTER_NAME": "Test Author", "GIT_COMMITTER_EMAIL": "test@example.org",
            "GIT_AUTHOR_DATE": "2022-01-01T12:00:00Z", "GIT_COMMITTER_DATE": "2022-01-01T12:00:00Z",
        ]
        env.merge(environment) { $1 }
        process.environment = env
        let out = Pipe()
        process.standardOutput = out
        process.standardError = FileHandle.nullDevice
        try process.run()
        let data = out.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else { throw GitCLIError(arguments: arguments, status: process.terminationStatus) }
        return String(decoding: data, as: UTF8.self)
    }

    /// `git log --format=%H <arguments>` as a set (the oracle).
    func log(_ arguments: [String]) throws -> Set<String> {
        Set(try run(["log", "--format=%H"] + arguments).split(separator: "\n").map(String.init))
    }

    /// Whether `a` is an ancestor of `b` (`git merge-base --is-ancestor`).
    func isAncestor(_ a: String, of b: String) throws -> Bool {
        (try? git("merge-base", "--is-ancestor", a, b)) != nil
    }

    /// The oracle: `git log <tag> --not <the other releases that are its ancestors>` for each release.
    func expectedGroups(releases: [String]) throws -> [String: Set<String>] {
        var groups: [String: Set<String>] = [:]
        for tag in releases {
            let commit = try git("rev-parse", "\(tag)^{commit}").trimmingCharacters(in: .whitespacesAndNewlines)
            var previous: [String] = []
            for other in releases where other != tag {
                let otherCommit = try git("rev-parse", "\(other)^{commit}").trimmingCharacters(in: .whitespacesAndNewlines)
                if otherCommit != commit, try isAncestor(otherCommit, of: commit) { previous.append(otherCommit) }
            }
            groups[tag] = try log([commit] + (previous.isEmpty ? [] : ["--not"] + previous))
        }
        return groups
    }

    func expectFsckClean() throws {
        #expect((try? git("fsck", "--full", "--no-progress")) != nil, "git fsck --full failed")
    }
}

struct GitCLIError: Error, CustomStringConvertible {
    var arguments: [String]
    var status: Int32
    var description: String { "git \(arguments.joined(separator: " ")) exited with \(status)" }
}

@Suite struct ReleaseGroupingTests {
    private func groups(_ history: GitFlowHistory, _ configure: (inout ChangelogOptions) -> Void = { _ in }) throws -> Changelog {
        let repository = try Repository(at: history.root)
        var options = ChangelogOptions()
        options.threads = 1
        configure(&options)
        return try ChangelogBuilder(repository: repository).build(options)
    }

    @Test func lightweightAndAnnotatedTagsAreReleasesOnePerCommit() throws {
        let history = try GitFlowHistory()
        let repository = try Repository(at: history.root)
        let scan = try Releases.scan(in: repository)
        #expect(scan.releases.map(\.name) == ["v2.0", "v2.0-rc1", "v1.1", "v1.0"])
        let v2 = try #require(scan.releases.first)
        #expect(v2.names == ["v2.0", "v2.0.0"])
        #expect(v2.annotated && v2.title == "Spring edition")
        // A lightweight tag's date is its commit's committer date.
        let v11 = try #require(scan.releases.first { $0.name == "v1.1" })
        #expect(!v11.annotated && v11.date.iso8601.hasPrefix("2022-02-01T10:00:00") && v11.tag.hex == history.id("c3"))
        // A tag of a tree is no release; it is reported.
        #expect(scan.skipped == ["snapshot"])
        #expect(scan.unmatchedPatterns.isEmpty)
        try history.expectFsckClean()
    }

    @Test func patternsSelectAndExcludeTags() throws {
        let history = try GitFlowHistory()
        let repository = try Repository(at: history.root)
        let stable = try Releases.scan(in: repository, selection: TagSelection(patterns: ["v*"], excluded: ["*-rc*"]))
        #expect(stable.releases.map(\.name) == ["v2.0", "v1.1", "v1.0"])
        let none = try Releases.scan(in: repository, selection: TagSelection(patterns: ["release-*", "v1*"]))
        #expect(none.unmatchedPatterns == ["release-*"])
        #expect(none.releases.map(\.name) == ["v1.1", "v1.0"])
        #expect(TagSelection.matches("v*", "v1/hotfix"))
        #expect(!TagSelection.matches("v?", "v10"))
    }

    /// Each group holds exactly `git log <tag> --not <previous releases>`; nothing is folded into another release.
    @Test(arguments: [false, true]) func groupsEqualGitLogBetweenReleases(excludeCandidates: Bool) throws {
        let history = try GitFlowHistory()
        let changelog = try groups(history) { options in
            if excludeCandidates { options.tags = TagSelection(excluded: ["*-rc*"]) }
        }
        let names = excludeCandidates ? ["v2.0", "v1.1", "v1.0"] : ["v2.0", "v2.0-rc1", "v1.1", "v1.0"]
        #expect(changelog.groups.map { $0.release?.name ?? $0.kind.rawValue } == ["unreleased"] + names)
        let expected = try history.expectedGroups(releases: names)
        for group in changelog.groups {
            let versions = Set(group.versions.map(\.id.hex))
            if let release = group.release {
                #expect(versions == expected[release.name], "\(release.name)")
            } else {
                #expect(versions == (try history.log(["HEAD", "--not"] + names)), "unreleased")
            }
        }
        // v1.1, tagged on its release branch, is a group of its own: c3 alone.
        let v11 = try #require(changelog.groups.first { $0.release?.name == "v1.1" })
        #expect(v11.versions.map(\.id.hex) == [history.id("c3")])
        #expect(v11.base?.hex == history.id("c2"))
        // The merges are in the groups that reach them.
        let v2 = try #require(changelog.groups.first { $0.release?.name == "v2.0" })
        #expect(v2.versions.contains { $0.id.hex == history.id(excludeCandidates ? "m1" : "c6") })
        #expect(v2.base?.hex == history.id(excludeCandidates ? "c3" : "c5"))
        #expect(changelog.groups.first?.versions.map(\.id.hex) == [history.id("c7"), history.id("m2")])
        // Every version once, at least: no version is dropped.
        #expect(Set(changelog.groups.flatMap { $0.versions.map(\.id.hex) }) == (try history.log(["HEAD"])))
    }

    @Test func anyAncestorStartsARange() throws {
        let history = try GitFlowHistory()
        let repository = try Repository(at: history.root)
        // v1.1 is not on main's first-parent line; the range v1.1..v2.0 is git log v1.1..v2.0.
        let changelog = try groups(history) { options in
            options.from = try? repository.resolveCommit("v1.1")
            options.to = try? repository.resolveCommit("v2.0")
        }
        #expect(Set(changelog.groups.flatMap { $0.versions.map(\.id.hex) }) == (try history.log(["v1.1..v2.0"])))
        #expect(changelog.groups.first?.kind == .release)
        #expect(changelog.groups.first?.release?.name == "v2.0")
        #expect(!changelog.groups.contains { $0.kind == .unreleased })
        // Not an ancestor: an error.
        #expect(throws: ChangelogError.self) {
            _ = try groups(history) { options in
                options.from = try? repository.resolveCommit("v2.0")
                options.to = try? repository.resolveCommit("v1.1")
            }
        }
    }

    @Test func versionsSayWhichReleaseTheyBelongTo() throws {
        let history = try GitFlowHistory()
        let changelog = try groups(history) { $0.grouping = .commit; $0.tags = TagSelection(excluded: ["*-rc*"]) }
        #expect(Set(changelog.groups.map(\.version.hex)) == (try history.log(["HEAD"])))
        let byVersion = Dictionary(uniqueKeysWithValues: changelog.groups.map { ($0.version.hex, $0.release?.name) })
        #expect(byVersion[history.id("c3")] == "v1.1")
        #expect(byVersion[history.id("m1")] == "v2.0")
        #expect(byVersion[history.id("c5")] == "v2.0")
        #expect(byVersion[history.id("c1")] == "v1.0")
        #expect(byVersion[history.id("c7")] == .some(nil))
    }
}
