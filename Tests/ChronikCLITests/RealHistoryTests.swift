import Foundation
import Testing

/// Issue 14, "Tested as a user would": the built binary on the fixture histories of `RealHistories.swift`, with
/// git as the oracle (`git tag`, `git diff --name-status -M`, `git log prev..tag`, `git apply`, `git write-tree`,
/// `git diff --word-diff=porcelain`).
@Suite("real histories, end to end")
struct RealHistoryTests {
    // MARK: Releases

    @Test(arguments: RealHistoryCase.allCases)
    func releasesListExactlyTheTags(_ fixture: RealHistoryCase) throws {
        let box = try Sandbox()
        let history = try fixture.build(in: box)
        let oracle = Oracle(box: box, history: history)
        let gitTags = try oracle.lines(["tag"])
        #expect(Set(gitTags) == Set(history.tags), "the fixture's tags are git's")
        let releases = try oracle.releaseCommits()

        let text = try box.chronik(["releases"], in: history.repository)
        #expect(text.status == 0, "\(text)")
        #expect(text.stderr.isEmpty, "\(text)")
        for tag in gitTags {
            #expect(text.stdout.contains(tag), "chronik releases does not list \(tag): \(text)")
        }

        let json = try box.chronik(["releases", "--format", "json"], in: history.repository)
        #expect(json.status == 0, "\(json)")
        let listed = try #require((try parseJSON(json.stdout) as? [String: Any])?["releases"] as? [[String: Any]], "no releases: \(json.stdout)")
        // Several tags on one commit are one release; every tag is named by one of them.
        #expect(listed.count == releases.count, "\(listed.count) releases for \(releases.count) tagged commits: \(json.stdout)")
        for tag in gitTags {
            #expect(listed.contains { strings(in: $0).contains(tag) }, "no release names \(tag): \(json.stdout)")
        }
        // Newest first.
        let versions = listed.compactMap { $0["commit"] as? String }
        #expect(versions == releases.map(\.commit).reversed(), "releases out of order: \(json.stdout)")
    }

    // MARK: Neighbouring pairs

    @Test(arguments: RealHistoryCase.allCases)
    func everyNeighbouringPairThroughChangelogAndEveryDiffFormat(_ fixture: RealHistoryCase) throws {
        let box = try Sandbox()
        let history = try fixture.build(in: box)
        let oracle = Oracle(box: box, history: history)
        let pairs = try oracle.neighbouringPairs()
        try #require(pairs.count >= 2, "the fixture has too few releases")
        for (a, b) in pairs {
            // The changelog of the range: one group, headed by B, holding exactly `git log A..B`.
            let markdown = try box.chronik(["changelog", "--from", a, "--to", b, "--format", "markdown"], in: history.repository)
            #expect(markdown.status == 0, "changelog --from \(a) --to \(b): \(markdown)")
            let firstHeading = markdown.stdout.split(separator: "\n").first { $0.hasPrefix("## ") }.map(String.init) ?? ""
            // Markdown escapes a heading's "1." (it would start a list): the release name is read without escapes.
            #expect(firstHeading.replacingOccurrences(of: "\\", with: "").contains(b), "changelog --from \(a) --to \(b) is headed \(firstHeading)")
            let changelog = try box.chronik(["changelog", "--from", a, "--to", b, "--format", "json"], in: history.repository)
            #expect(changelog.status == 0, "changelog --from \(a) --to \(b) --format json: \(changelog)")
            if changelog.status == 0 {
                let groups = try #require(try parseJSON(changelog.stdout) as? [String: Any])["groups"] as? [[String: Any]] ?? []
                #expect(groups.count == 1, "\(a)..\(b): \(groups.count) groups")
                if let first = groups.first {
                    #expect(first["kind"] as? String == "release", "\(a)..\(b) headed by a group of kind \(first["kind"] ?? "nil")")
                    #expect(strings(in: first["release"] ?? [:]).contains(b), "\(a)..\(b) headed by \(first["release"] ?? "nil")")
                }
                let versions = groups.flatMap { ($0["versions"] as? [[String: Any]] ?? []).compactMap { $0["commit"] as? String } }
                let expected = try oracle.lines(["log", "--format=%H", "\(a)..\(b)"])
                #expect(Set(versions) == Set(expected) && versions.count == expected.count,
                        "\(a)..\(b): chronik groups \(versions.count) versions, git log \(expected.count)")
            }

            // diff in every format names every file git names.
            let changes = try oracle.nameStatus(a, b)
            try #require(!changes.isEmpty)
            for format in ["text", "markdown", "html", "patch"] {
                let diff = try box.chronik(["diff", a, b, "--format", format, "--color", "never"], in: history.repository)
                #expect(diff.status == 0, "diff \(a) \(b) --format \(format): \(diff)")
                for change in changes {
                    for path in change.paths {
                        let names = format == "patch" ? [path] : oracle.names(of: path)
                        #expect(names.contains { diff.stdout.contains(format == "html" ? htmlEscaped($0) : $0) },
                                "diff \(a) \(b) --format \(format) does not name \(path) (\(change.status))")
                    }
                }
            }
            let stat = try box.chronik(["diff", a, b, "--stat"], in: history.repository)
            #expect(stat.status == 0, "diff --stat: \(stat)")
            for change in changes {
                for path in change.paths {
                    #expect(oracle.names(of: path).contains { stat.stdout.contains($0) }, "diff \(a) \(b) --stat does not name \(path)")
                }
            }

            // JSON: the same set of files, renames paired as git pairs them.
            let json = try box.chronik(["diff", a, b, "--format", "json"], in: history.repository)
            #expect(json.status == 0, "\(json)")
            let diff = try #require(try parseJSON(json.stdout) as? [String: Any])
            let entries = diff["entries"] as? [[String: Any]] ?? []
            let files = diff["files"] as? [[String: Any]] ?? []
            var named = Set(files.compactMap { $0["path"] as? String })
            for entry in entries {
                if let path = (entry["entry"] as? [String: Any])?["path"] as? String { named.insert(path) }
                if let path = (entry["from"] as? [String: Any])?["path"] as? String { named.insert(path) }
            }
            let gitPaths = Set(changes.flatMap(\.paths))
            #expect(named == gitPaths, "diff \(a) \(b) --format json: missing \(gitPaths.subtracting(named).sorted()), extra \(named.subtracting(gitPaths).sorted())")
            for change in changes where change.status.hasPrefix("R") && change.paths.allSatisfy(oracle.isEntry) {
                let paired = entries.contains { entry in
                    (entry["entry"] as? [String: Any])?["path"] as? String == change.paths[1]
                        && (entry["from"] as? [String: Any])?["path"] as? String == change.paths[0]
                }
                #expect(paired, "diff \(a) \(b): git's \(change.status) \(change.paths[0]) -> \(change.paths[1]) is not paired")
            }

            let statJSON = try box.chronik(["diff", a, b, "--stat", "--format", "json"], in: history.repository)
            #expect(statJSON.status == 0, "\(statJSON)")
            let statObject = try #require(try parseJSON(statJSON.stdout) as? [String: Any])
            let rows = statObject["rows"] as? [[String: Any]] ?? []
            // Entries by path (`{"collection", "id", "path"}`), other files by path.
            let rowNames = Set(rows.flatMap { row in [row["entry"], row["from"]].compactMap { ($0 as? [String: Any])?["path"] as? String } }
                               + (statObject["files"] as? [[String: Any]] ?? []).compactMap { $0["path"] as? String })
            for path in gitPaths {
                #expect(!rowNames.isDisjoint(with: oracle.names(of: path)), "diff \(a) \(b) --stat --format json has no row for \(path)")
            }
        }
    }

    // MARK: Patches

    @Test(arguments: RealHistoryCase.allCases)
    func fullAndLimitedPatchesApplyToGiveB(_ fixture: RealHistoryCase) throws {
        let box = try Sandbox()
        let history = try fixture.build(in: box)
        let oracle = Oracle(box: box, history: history)
        for (a, b) in try oracle.neighbouringPairs() {
            // The whole patch gives B's tree.
            let patch = try box.chronik(["diff", a, b, "--format", "patch"], in: history.repository)
            #expect(patch.status == 0, "\(patch)")
            let tree = try oracle.apply(patch.stdout, onto: a)
            #expect(tree.error == nil, "the patch \(a)..\(b) does not apply: \(tree.error ?? "")")
            #expect(tree.differing(from: b, paths: []) == [], "the patch \(a)..\(b) applied does not give B")

            let changes = try oracle.nameStatus(a, b)
            // Limited to each collection that changed: exact for its entries.
            let collections = Set(changes.flatMap(\.paths).filter(oracle.isEntry).map(oracle.collection(of:))).sorted()
            for collection in collections where !collection.isEmpty {
                let limited = try box.chronik(["diff", a, b, "--collection", collection, "--format", "patch"], in: history.repository)
                #expect(limited.status == 0, "--collection \(collection): \(limited)")
                let applied = try oracle.apply(limited.stdout, onto: a)
                #expect(applied.error == nil, "the patch \(a)..\(b) --collection \(collection) does not apply: \(applied.error ?? "")")
                let scope = [":(glob)\(collection)/*.md"]
                #expect(applied.differing(from: b, paths: scope) == [], "\(a)..\(b) --collection \(collection): not B there")
            }

            // Limited to one entry (a renamed one when there is one, else a front-matter-only change, else the first).
            let entryChanges = changes.filter { $0.paths.allSatisfy(oracle.isEntry) }
            let chosen = entryChanges.first { $0.status.hasPrefix("R") }
                ?? entryChanges.first { oracle.onlyFrontMatterComments(changed: $0, a, b) }
                ?? entryChanges.first
            if let chosen {
                let name = oracle.entryName(chosen.paths.last ?? "")
                let limited = try box.chronik(["diff", a, b, "--format", "patch", "--", name], in: history.repository)
                #expect(limited.status == 0, "entry \(name): \(limited)")
                let applied = try oracle.apply(limited.stdout, onto: a)
                #expect(applied.error == nil, "the patch \(a)..\(b) of \(name) does not apply: \(applied.error ?? "")")
                #expect(applied.differing(from: b, paths: chosen.paths) == [], "\(a)..\(b) limited to \(name) (\(chosen.status)): not B there")
            }
        }
    }

    // MARK: Changelog groups

    @Test(arguments: RealHistoryCase.allCases)
    func changelogGroupsAreGitLogRanges(_ fixture: RealHistoryCase) throws {
        let box = try Sandbox()
        let history = try fixture.build(in: box)
        let oracle = Oracle(box: box, history: history)
        let releases = try oracle.releaseCommits()
        let result = try box.chronik(["changelog", "--format", "json"], in: history.repository)
        #expect(result.status == 0, "\(result)")
        let groups = (try #require(try parseJSON(result.stdout) as? [String: Any]))["groups"] as? [[String: Any]] ?? []

        var expected: [(kind: String, commit: String, versions: [String])] = []
        var previous: String?
        for release in releases {
            let range = previous.map { "\($0)..\(release.commit)" } ?? release.commit
            expected.append(("release", release.commit, try oracle.lines(["log", "--format=%H", range])))
            previous = release.commit
        }
        if let previous {
            let unreleased = try oracle.lines(["log", "--format=%H", "\(previous)..HEAD"])
            if !unreleased.isEmpty { expected.append(("unreleased", try oracle.commit("HEAD"), unreleased)) }
        }
        expected.reverse()
        #expect(groups.map { $0["kind"] as? String ?? "" } == expected.map(\.kind), "group kinds: \(groups.map { $0["kind"] ?? "" })")
        for (group, want) in zip(groups, expected) {
            let versions = (group["versions"] as? [[String: Any]] ?? []).compactMap { $0["commit"] as? String }
            #expect(Set(versions) == Set(want.versions) && versions.count == want.versions.count,
                    "group \(group["commit"] ?? "") (\(want.kind) \(want.commit.prefix(7))): \(versions.count) versions, git log \(want.versions.count)")
            if want.kind == "release" {
                let release = group["release"] as? [String: Any] ?? [:]
                #expect(release["commit"] as? String == want.commit, "release group of \(want.commit.prefix(7)) is \(release)")
            }
        }
        let total = Set(groups.flatMap { ($0["versions"] as? [[String: Any]] ?? []).compactMap { $0["commit"] as? String } })
        #expect(total == Set(try oracle.lines(["log", "--format=%H", "HEAD"])), "the changelog does not hold every version once")
    }

    /// `--by commit` groups say which release they belong to (issue 14, "Releases as people make them"); only the
    /// presence of a release on the groups of tagged history is checked, the shape is the changelog's to define.
    @Test(arguments: [RealHistoryCase.gitFlowStore, .gitFlowPlain, .mixedTags])
    func byCommitGroupsNameTheirRelease(_ fixture: RealHistoryCase) throws {
        let box = try Sandbox()
        let history = try fixture.build(in: box)
        let oracle = Oracle(box: box, history: history)
        let result = try box.chronik(["changelog", "--by", "commit", "--format", "json"], in: history.repository)
        #expect(result.status == 0, "\(result)")
        let groups = (try #require(try parseJSON(result.stdout) as? [String: Any]))["groups"] as? [[String: Any]] ?? []
        let lastRelease = try #require(try oracle.releaseCommits().last).commit
        let released = Set(try oracle.lines(["log", "--format=%H", lastRelease]))
        let versions = try oracle.lines(["log", "--format=%H", "HEAD"])
        #expect(groups.count == versions.count, "--by commit: \(groups.count) groups for \(versions.count) versions")
        for group in groups {
            guard let version = group["commit"] as? String, released.contains(version) else { continue }
            #expect(group["release"] != nil, "the --by commit group of \(version.prefix(7)) names no release")
        }
    }

    // MARK: Word counts

    /// Words added and removed (`diff --stat --format json`) against git's word diff of the same bodies, summed
    /// over the neighbouring pairs: within ±5 %.
    @Test(arguments: RealHistoryCase.allCases)
    func wordTotalsWithinFivePercentOfGitsWordDiff(_ fixture: RealHistoryCase) throws {
        let box = try Sandbox()
        let history = try fixture.build(in: box)
        let oracle = Oracle(box: box, history: history)
        var chronik = (added: 0, removed: 0), git = (added: 0, removed: 0)
        for (a, b) in try oracle.neighbouringPairs() {
            let stat = try box.chronik(["diff", a, b, "--stat", "--format", "json"], in: history.repository)
            #expect(stat.status == 0, "\(stat)")
            let summary = (try #require(try parseJSON(stat.stdout) as? [String: Any]))["summary"] as? [String: Any] ?? [:]
            chronik.added += summary["wordsAdded"] as? Int ?? 0
            chronik.removed += summary["wordsRemoved"] as? Int ?? 0
            let words = try oracle.gitBodyWords(a, b)
            git.added += words.added
            git.removed += words.removed
        }
        let figures = "chronik +\(chronik.added)/-\(chronik.removed), git --word-diff=porcelain +\(git.added)/-\(git.removed)"
        // For the report (BENCHMARKS.md, the lead's merge): CHRONIK_PRINT_FIGURES=1 prints each history's totals.
        if ProcessInfo.processInfo.environment["CHRONIK_PRINT_FIGURES"] != nil { print("word totals \(fixture): \(figures)") }
        #expect(abs(chronik.added - git.added) * 20 <= git.added, "words added: \(figures)")
        #expect(abs(chronik.removed - git.removed) * 20 <= git.removed, "words removed: \(figures)")
    }

    // MARK: What the issue saw, one by one

    /// Issue 14, point 1: the read commands work on every fixture, plain repositories included.
    @Test(arguments: RealHistoryCase.allCases)
    func readCommandsWorkOnEveryHistory(_ fixture: RealHistoryCase) throws {
        let box = try Sandbox()
        let history = try fixture.build(in: box)
        let oracle = Oracle(box: box, history: history)
        let log = try box.chronik(["log", "--format", "json"], in: history.repository)
        #expect(log.status == 0, "\(log)")
        if log.status == 0 {
            let versions = try #require((try parseJSON(log.stdout) as? [String: Any])?["versions"] as? [[String: Any]])
            #expect(versions.first?["commit"] as? String == (try oracle.commit("HEAD")))
        }
        let entry = try #require(try oracle.nameStatus(history.tags[0], "HEAD").first { $0.paths.allSatisfy(oracle.isEntry) && $0.status != "D" })
        let name = oracle.entryName(entry.paths.last ?? "")
        let entryLog = try box.chronik(["log", name, "--fields", "--format", "json"], in: history.repository)
        #expect(entryLog.status == 0, "log \(name) --fields: \(entryLog)")
        if entryLog.status == 0 { _ = try parseJSON(entryLog.stdout) }
        let show = try box.chronik(["show", name, "--at", "HEAD", "--format", "json"], in: history.repository)
        #expect(show.status == 0, "show \(name): \(show)")
        if show.status == 0 { _ = try parseJSON(show.stdout) }
        let status = try box.chronik(["status", "--format", "json"], in: history.repository)
        #expect(status.status == 0, "\(status)")
        if status.status == 0 { _ = try parseJSON(status.stdout) }
    }

    /// Issue 14, point 4: files whose only change is in the front matter's YAML comments appear in every output,
    /// as "front matter formatting changed" with no field rows.
    @Test(arguments: [RealHistoryCase.commentOnlyStore, .commentOnlyPlain])
    func commentOnlyEditsAreFrontMatterFormatting(_ fixture: RealHistoryCase) throws {
        let box = try Sandbox()
        let history = try fixture.build(in: box)
        let oracle = Oracle(box: box, history: history)
        let changes = try oracle.nameStatus("v1", "v2")
        #expect(changes.count == 33)
        let commentOnly = changes.filter { oracle.onlyFrontMatterComments(changed: $0, "v1", "v2") }.map { $0.paths[0] }
        #expect(commentOnly.count == 20)

        let text = try box.chronik(["diff", "v1", "v2", "--color", "never"], in: history.repository)
        #expect(text.status == 0)
        #expect(text.stdout.components(separatedBy: "front matter formatting changed").count - 1 >= 20, "\(text.stdout.prefix(3000))")
        let json = try box.chronik(["diff", "v1", "v2", "--format", "json"], in: history.repository)
        let entries = (try #require(try parseJSON(json.stdout) as? [String: Any]))["entries"] as? [[String: Any]] ?? []
        for path in commentOnly {
            let entry = entries.first { ($0["entry"] as? [String: Any])?["path"] as? String == path }
            #expect(entry != nil, "\(path) is missing from diff --format json")
            guard let entry else { continue }
            #expect(entry["kind"] as? String == "modified")
            #expect((entry["fields"] as? [Any] ?? []).isEmpty, "\(path) has field rows: \(entry["fields"] ?? "")")
            #expect(entry["formatting"] != nil, "\(path) does not say that its front matter formatting changed")
        }
        // One entry alone: not "no changes".
        let one = try box.chronik(["diff", "v1", "v2", "--color", "never", "--", oracle.entryName(commentOnly[0])], in: history.repository)
        #expect(one.status == 0 && one.stdout.contains("front matter formatting changed"), "\(one)")
        // The changelog says so too.
        let changelog = try box.chronik(["changelog", "--from", "v1", "--to", "v2", "--format", "json"], in: history.repository)
        #expect(changelog.status == 0, "\(changelog)")
        for path in commentOnly {
            #expect(changelog.stdout.contains("\"\(path)\""), "\(path) is missing from the changelog")
        }
        // Key order and quoting alone (v2..v3) are formatting as well.
        let reordered = try box.chronik(["diff", "v2", "v3", "--color", "never", "--", oracle.entryName("glossary/term-37.md")],
                                        in: history.repository)
        #expect(reordered.status == 0 && reordered.stdout.contains("front matter formatting changed"), "\(reordered)")
    }

    /// Issue 14, point 5: a file moved to another folder is paired, also for one entry alone.
    @Test(arguments: [RealHistoryCase.renamesStore, .renamesPlain])
    func renamesAcrossFoldersArePairedForOneEntryToo(_ fixture: RealHistoryCase) throws {
        let box = try Sandbox()
        let history = try fixture.build(in: box)
        let oracle = Oracle(box: box, history: history)
        let renames = try oracle.nameStatus("v1", "v2").filter { $0.status.hasPrefix("R") }
        // The fixture holds what the issue describes: R100, R09x and a rename with another name at 60 % or more.
        #expect(Set(renames.map { $0.paths[1] }) == ["archive/setup.md", "policy/foreword.md", "archive/data-retention.md"],
                "git pairs \(renames)")
        #expect(renames.allSatisfy { (Int($0.status.dropFirst()) ?? 0) >= 60 })
        for rename in renames {
            let name = oracle.entryName(rename.paths[1])
            let one = try box.chronik(["diff", "v1", "v2", "--format", "json", "--", name], in: history.repository)
            #expect(one.status == 0, "\(one)")
            let entries = (try #require(try parseJSON(one.stdout) as? [String: Any]))["entries"] as? [[String: Any]] ?? []
            #expect(entries.count == 1, "diff v1 v2 \(name): \(entries.count) entries")
            let from = (entries.first?["from"] as? [String: Any])?["path"] as? String
            #expect(from == rename.paths[0], "diff v1 v2 \(name) does not keep its rename from \(rename.paths[0]): \(entries.first?["kind"] ?? "")")
        }
    }

    /// Issue 14, point 7: an English repository gets English labels.
    @Test func anEnglishRepositoryGetsEnglishLabels() throws {
        let box = try Sandbox()
        let history = try RealHistories.englishDocs(in: box)
        let changelog = try box.chronik(["changelog", "--format", "markdown"], in: history.repository)
        #expect(changelog.status == 0, "\(changelog)")
        for german in ["Unveröffentlicht", "Neu", "Geändert", "Entfernt", "Umbenannt"] {
            #expect(!changelog.stdout.contains(german), "German label \(german) on an English repository")
        }
    }
}

// MARK: - git as the oracle

/// Answers from git about a fixture history.
struct Oracle {
    let box: Sandbox
    let history: RealHistory

    struct Change: CustomStringConvertible {
        /// git's status letter with its score: `A`, `M`, `D`, `R100`, `R087`, `T`.
        var status: String
        /// One path, or old and new path of a rename.
        var paths: [String]
        var description: String { "\(status) \(paths.joined(separator: " -> "))" }
    }

    struct Release { var tags: [String]; var commit: String }

    func git(_ arguments: [String], index: URL? = nil) throws -> RunResult {
        var environment = box.environment
        if let index { environment["GIT_INDEX_FILE"] = index.path }
        return try run(URL(fileURLWithPath: "/usr/bin/git"), arguments, in: history.repository, environment: environment)
    }

    /// git's output lines; git must succeed.
    func lines(_ arguments: [String]) throws -> [String] {
        let result = try git(arguments)
        try #require(result.status == 0, "git \(arguments.joined(separator: " ")): \(result)")
        return result.stdout.split(separator: "\n").map(String.init)
    }

    func commit(_ revision: String) throws -> String {
        try #require(try lines(["rev-parse", "\(revision)^{commit}"]).first)
    }

    /// The tagged commits in the fixture's order, each with its tags.
    func releaseCommits() throws -> [Release] {
        var releases: [Release] = []
        for tag in history.tags {
            let commit = try commit(tag)
            if let last = releases.indices.last, releases[last].commit == commit {
                releases[last].tags.append(tag)
            } else {
                releases.append(Release(tags: [tag], commit: commit))
            }
        }
        return releases
    }

    /// Neighbouring releases as the user would type them: the later tag of the older commit, the first of the newer.
    func neighbouringPairs() throws -> [(String, String)] {
        let releases = try releaseCommits()
        return zip(releases, releases.dropFirst()).map { ($0.tags.last ?? "", $1.tags.first ?? "") }
    }

    /// `git diff --name-status -M A B`, read with `-z` so no path is quoted.
    func nameStatus(_ a: String, _ b: String) throws -> [Change] {
        let result = try git(["diff", "--name-status", "-M", "-z", a, b])
        try #require(result.status == 0, "\(result)")
        var fields = result.stdout.split(separator: "\0", omittingEmptySubsequences: false).map(String.init)
        if fields.last == "" { fields.removeLast() }
        var changes: [Change] = []
        var index = 0
        while index < fields.count {
            let status = fields[index]
            let count = status.hasPrefix("R") || status.hasPrefix("C") ? 2 : 1
            changes.append(Change(status: status, paths: Array(fields[(index + 1)...(index + count)])))
            index += count + 1
        }
        return changes
    }

    /// Whether a path is an entry: in a store a `.md` file directly in a collection folder, in a plain repository
    /// every `.md` file (`StoreLayout`).
    func isEntry(_ path: String) -> Bool {
        guard path.hasSuffix(".md") else { return false }
        if history.configured {
            let parts = path.split(separator: "/")
            return parts.count == 2 && parts[0] != "schemas"
        }
        return true
    }

    func collection(of path: String) -> String {
        guard let slash = path.lastIndex(of: "/") else { return "" }
        return String(path[..<slash])
    }

    /// `collection/id`, or the id alone at the root.
    func entryName(_ path: String) -> String {
        String(path.dropLast(isEntry(path) ? 3 : 0))
    }

    /// The ways an output may name a path: the entry name for entries, the path itself always.
    func names(of path: String) -> [String] {
        isEntry(path) ? [entryName(path), path] : [path]
    }

    /// Whether a modification changed only YAML comment lines of the front matter.
    func onlyFrontMatterComments(changed change: Change, _ a: String, _ b: String) -> Bool {
        guard change.status == "M", let path = change.paths.first,
              let old = try? git(["show", "\(a):\(path)"]).stdout, let new = try? git(["show", "\(b):\(path)"]).stdout
        else { return false }
        // The front matter without its comment lines, and the body.
        let strip = { (text: String) -> [Substring] in
            let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
            guard lines.first == "---", let end = lines.dropFirst().firstIndex(of: "---") else { return lines }
            return lines.enumerated().filter { $0.offset == 0 || $0.offset >= end || !$0.element.hasPrefix("#") }.map(\.element)
        }
        return old != new && strip(old) == strip(new)
    }

    /// A patch applied with `git apply --cached` onto an index read from A.
    struct Applied {
        var oracle: Oracle
        var index: URL
        var error: String?

        /// Paths (limited to `paths` when not empty) where the applied index differs from B.
        func differing(from b: String, paths: [String]) -> [String] {
            guard error == nil,
                  let result = try? oracle.git(["diff-index", "--cached", "--name-only", b, "--"] + paths, index: index)
            else { return ["(git diff-index failed)"] }
            return result.stdout.split(separator: "\n").map(String.init)
        }
    }

    func apply(_ patch: String, onto a: String) throws -> Applied {
        let index = box.url("index-\(UUID().uuidString)")
        let read = try git(["read-tree", a], index: index)
        try #require(read.status == 0, "\(read)")
        guard !patch.isEmpty else { return Applied(oracle: self, index: index, error: nil) }
        let file = box.url("patch-\(UUID().uuidString).diff")
        try Data(patch.utf8).write(to: file)
        let applied = try git(["apply", "--cached", file.path], index: index)
        return Applied(oracle: self, index: index, error: applied.status == 0 ? nil : applied.stderr)
    }

    /// Words added and removed by git's word diff (`--word-diff=porcelain`, git's default word rule: runs of
    /// non-space) of the entries' bodies, old and new paired as `git diff -M` pairs them. Bodies only: front
    /// matter is compared field by field, not in words.
    func gitBodyWords(_ a: String, _ b: String) throws -> (added: Int, removed: Int) {
        var added = 0, removed = 0
        for change in try nameStatus(a, b) where change.paths.allSatisfy(isEntry) {
            let old = change.status == "A" ? "" : try body(of: a, change.paths[0])
            let new = change.status == "D" ? "" : try body(of: b, change.paths.last ?? "")
            let oldFile = box.url("old-\(UUID().uuidString)"), newFile = box.url("new-\(UUID().uuidString)")
            try Data(old.utf8).write(to: oldFile)
            try Data(new.utf8).write(to: newFile)
            let diff = try git(["diff", "--no-index", "--word-diff=porcelain", oldFile.path, newFile.path])
            // The Markdown markers that start a line (list bullets and numbers, quotes, headings) are structure, not
            // words, for chronik (docs/diff.md, "Word counts"): left out of git's count the same way. A porcelain
            // line `~` ends a line of the file, so the chunk after it starts one.
            var inHunks = false, atLineStart = true
            for line in diff.stdout.split(separator: "\n", omittingEmptySubsequences: false) {
                if line.hasPrefix("@@") { inHunks = true; atLineStart = true; continue }
                guard inHunks else { continue }
                if line == "~" { atLineStart = true; continue }
                var words = line.dropFirst().split(whereSeparator: \.isWhitespace)
                let startsLine = atLineStart && !line.dropFirst().hasPrefix(" ")
                atLineStart = false
                if startsLine, let first = words.first, isMarkdownMarker(first) { words.removeFirst() }
                if line.hasPrefix("+") { added += words.count } else if line.hasPrefix("-") { removed += words.count }
            }
        }
        return (added, removed)
    }

    private func isMarkdownMarker(_ word: Substring) -> Bool {
        if ["-", "*", "+", ">"].contains(word) || (!word.isEmpty && word.allSatisfy { $0 == "#" }) { return true }
        guard let last = word.last, last == "." || last == ")" else { return false }
        let digits = word.dropLast()
        return !digits.isEmpty && digits.count <= 9 && digits.allSatisfy(\.isASCII) && digits.allSatisfy(\.isNumber)
    }

    private func body(of revision: String, _ path: String) throws -> String {
        let result = try git(["show", "\(revision):\(path)"])
        try #require(result.status == 0, "\(result)")
        let text = result.stdout
        guard text.hasPrefix("---\n"), let end = text.range(of: "\n---\n", range: text.index(text.startIndex, offsetBy: 3)..<text.endIndex)
        else { return text }
        return String(text[end.upperBound...])
    }
}

func parseJSON(_ text: String) throws -> Any {
    do {
        return try JSONSerialization.jsonObject(with: Data(text.utf8), options: [.fragmentsAllowed])
    } catch {
        Issue.record("not JSON: \(error)\n\(text.prefix(2000))")
        throw error
    }
}

/// Every string value in a JSON value, at any depth.
func strings(in value: Any) -> Set<String> {
    switch value {
    case let text as String: return [text]
    case let array as [Any]: return array.reduce(into: Set<String>()) { $0.formUnion(strings(in: $1)) }
    case let object as [String: Any]: return object.values.reduce(into: Set<String>()) { $0.formUnion(strings(in: $1)) }
    default: return []
    }
}

func htmlEscaped(_ text: String) -> String {
    text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
        .replacingOccurrences(of: ">", with: "&gt;").replacingOccurrences(of: "\"", with: "&quot;")
        .replacingOccurrences(of: "'", with: "&#39;")
}
