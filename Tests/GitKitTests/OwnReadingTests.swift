import ChronikStore
import Foundation
import Testing
@testable import GitKit

/// GitKit's own opening and reading (issue 19: a read-only command need not start libgit2) held to libgit2's: the
/// repository's folders, references (loose, packed, symbolic, detached, unborn), commits, linear walks, paths in
/// trees and configuration values; and what it leaves to libgit2 (worktrees, bare repositories, unusual
/// configuration, merges) left to it.
@Suite struct OwnReadingTests {
    /// Writes a raw commit object with the git CLI (`hash-object`, which checks it as `fsck` does); returns its id.
    private func writeCommit(_ temporary: TemporaryRepository, _ text: String) throws -> ObjectID {
        let input = try makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(at: input) }
        let file = input.appendingPathComponent("commit")
        try Data(text.utf8).write(to: file)
        let run = try temporary.git("hash-object", "-t", "commit", "-w", file.path)
        #expect(run.status == 0, "\(run.stderr)")
        return try #require(ObjectID(hex: run.stdout.trimmingCharacters(in: .whitespacesAndNewlines)))
    }

    private static let names = ["Test Author", "Ärztin Ünal-Öztürk", "李小龙", "A", "Jean-Luc  Picard", "O'Brien (Stadt)"]
    private static let messages = ["Version 1\n", "", "\n\nLeading blank lines\n\nBody.\n", "No newline at the end",
                                   "Zeile mit Umlauten: äöüß\n\n    eingerückt\n", "Subject\n\nSigned-off-by: X <x@example.org>\n"]
    private static let extraHeaders = ["", "encoding ISO-8859-1\n", "gpgsig -----BEGIN PGP SIGNATURE-----\n \n iQEzBAABCAAdFiEE\n -----END PGP SIGNATURE-----\n"]

    @Test(arguments: [UInt64(1), 19])
    func commitsParseAsLibGit2ParsesThem(seed: UInt64) throws {
        var random = SplitMix64(seed: seed)
        func pick<T>(_ items: [T]) -> T { items[Int(random.next() % UInt64(items.count))] }
        try withTemporaryRepository { temporary in
            let tree = try temporary.repository.writeTree([TreeEntry(name: "a.md", id: try temporary.repository.writeBlob(Data("a\n".utf8)), mode: .blob)])
            var commits: [ObjectID] = []
            for k in 0..<40 {
                let parents = commits.isEmpty ? [] : (0..<Int(random.next() % 3)).map { _ in pick(commits) }
                let zone = pick(["+0000", "+0100", "-0500", "+0530", "-1200", "+1400", "+0845", "-0000"])
                let seconds = 1_000_000_000 + Int(random.next() % 1_000_000_000)
                var text = "tree \(tree.hex)\n" + parents.map { "parent \($0.hex)\n" }.joined()
                text += "author \(pick(Self.names)) <author\(k)@example.org> \(seconds) \(zone)\n"
                text += "committer \(pick(Self.names)) <c@example.org> \(seconds + 60) \(pick(["+0000", "+0200"]))\n"
                text += pick(Self.extraHeaders) + "\n" + pick(Self.messages)
                commits.append(try writeCommit(temporary, text))
            }
            let repository = try Repository(at: temporary.url)
            for id in commits {
                let own = try #require(repository.readObjectWithOwnReader(id).flatMap { CommitParser.parse($0.bytes, id: id) })
                #expect(own == (try repository.commitWithLibGit2(id)), "commit \(id) (seed \(seed))")
            }
        }
    }

    @Test func libgit2AcceptsItsSetUpThroughTheLoader() {
        // Each option of `LibGit2.initialize` forwarded by the loader's `git_libgit2_opts` with the types libgit2 reads.
        #expect(LibGit2.setUpAccepted)
        #expect(LibGit2.version.hasPrefix("1."))
    }

    @Test func leavesUnusualCommitsToLibGit2() {
        let tree = String(repeating: "a", count: 40)
        let unusual = [
            "tree \(tree)\nauthor Name  <a@example.org> 1 +0000\ncommitter N <c@example.org> 1 +0000\n\nM",  // trailing blank in the name
            "tree \(tree)\nauthor N <a@example.org> 1 +1500\ncommitter N <c@example.org> 1 +0000\n\nM",  // zone beyond ±14:59
            "tree \(tree)\nauthor N <a@example.org> 1 +0000\nauthor M <b@example.org> 1 +0000\ncommitter N <c@example.org> 1 +0000\n\nM",
            "tree \(tree)\nauthor N <a@example.org> -1 +0000\ncommitter N <c@example.org> 1 +0000\n\nM",
            "tree \(tree)\nauthor N <<a@example.org> 1 +0000\ncommitter N <c@example.org> 1 +0000\n\nM",
            "tree \(tree)\nauthor N <a@example.org> 1 +0000\ncommitter N <c@example.org> 1 +0000\n\nM\u{0}M",
            "tree \(tree)\ncommitter N <c@example.org> 1 +0000\n\nM",
        ]
        for text in unusual {
            #expect(CommitParser.parse(Array(text.utf8), id: ObjectID(bytes: [UInt8](repeating: 1, count: 20))) == nil, "\(text)")
        }
    }

    /// The references each state reads, by GitKit and by libgit2, the same; GitKit's without starting libgit2.
    private func expectSameReferences(_ url: URL, _ names: [String], _ state: String,
                                      sourceLocation: Testing.SourceLocation = #_sourceLocation) throws {
        let own = try Repository(at: url)
        let reference = try Repository(openingWithLibGit2: url)
        #expect(try own.headReferenceName() == reference.headReferenceName(), "HEAD, \(state)", sourceLocation: sourceLocation)
        for name in names {
            #expect(try own.referenceTarget(name) == reference.referenceTarget(name), "\(name), \(state)", sourceLocation: sourceLocation)
        }
        #expect(!own.libgit2IsOpen, "\(state): libgit2 was opened", sourceLocation: sourceLocation)
    }

    @Test func readsLoosePackedSymbolicDetachedAndUnbornReferencesAsLibGit2Does() throws {
        try withTemporaryRepository { temporary in
            let first = try temporary.commit(files: ["a.md": "a\n"], parents: [], hours: 0, message: "First\n")
            let second = try temporary.commit(files: ["a.md": "b\n"], parents: [first], hours: 1, message: "Second\n")
            try temporary.repository.updateReference("refs/heads/main", to: second, expecting: nil, logMessage: "test")
            try temporary.repository.updateReference("refs/heads/topic/x", to: first, expecting: nil, logMessage: "test")
            #expect(try temporary.git("tag", "-a", "-m", "Tag", "v1", first.hex).status == 0)
            #expect(try temporary.git("tag", "light", second.hex).status == 0)
            let names = ["HEAD", "refs/heads/main", "refs/heads/topic/x", "refs/tags/v1", "refs/tags/light", "refs/heads/none"]
            try expectSameReferences(temporary.url, names, "loose")
            #expect(try temporary.git("pack-refs", "--all").status == 0)
            try expectSameReferences(temporary.url, names, "packed")
            // A loose reference newer than its packed line wins.
            #expect(try temporary.git("update-ref", "refs/heads/topic/x", second.hex).status == 0)
            try expectSameReferences(temporary.url, names, "loose over packed")
            #expect(try temporary.git("checkout", "-q", "--detach", first.hex).status == 0)
            try expectSameReferences(temporary.url, names, "detached")
            #expect(try temporary.git("symbolic-ref", "HEAD", "refs/heads/unborn").status == 0)
            try expectSameReferences(temporary.url, names, "unborn")
            #expect(try temporary.git("symbolic-ref", "HEAD", "refs/heads/main").status == 0)
        }
    }

    @Test func walksALinearHistoryItselfAndLeavesMergesToLibGit2() throws {
        try withTemporaryRepository { temporary in
            var commits: [ObjectID] = []
            for k in 0..<30 {
                // Commit times out of order on purpose: a linear history's order is its parents', whatever the dates.
                commits.append(try temporary.commit(files: ["a.md": "\(k)\n"], parents: commits.suffix(1), hours: Double((k * 7) % 11), message: "V\(k)\n"))
            }
            let repository = try Repository(at: temporary.url)
            let tip = try #require(commits.last)
            #expect(repository.linearHistory(from: tip) == commits.reversed())
            for (topological, firstParent) in [(true, false), (false, false), (true, true), (false, true)] {
                #expect(try repository.walk(from: [tip], topological: topological, firstParentOnly: firstParent)
                        == repository.walkWithLibGit2(from: [tip], topological: topological, firstParentOnly: firstParent),
                        "topological \(topological), first parent only \(firstParent)")
            }
            let side = try temporary.commit(files: ["b.md": "b\n"], parents: [commits[10]], hours: 40, message: "Side\n")
            let merge = try temporary.commit(files: ["a.md": "m\n"], parents: [tip, side], hours: 41, message: "Merge\n")
            #expect(repository.linearHistory(from: merge) == nil)
            #expect(try repository.walk(from: [merge]) == repository.walkWithLibGit2(from: [merge]))
            // The first commits of a walk, as far as they are a chain: before the merge, the merge itself, not past it.
            var top: [ObjectID] = []
            for k in 0..<4 { top.append(try temporary.commit(files: ["a.md": "t\(k)\n"], parents: [top.last ?? merge], hours: Double(50 + k), message: "T\(k)\n")) }
            let full = try repository.walkWithLibGit2(from: [try #require(top.last)])
            for count in 1...5 {
                #expect(repository.firstCommits(from: try #require(top.last), count: count) == Array(full.prefix(count)), "\(count)")
            }
            #expect(repository.firstCommits(from: try #require(top.last), count: 6) == nil)
            #expect(repository.firstCommits(from: tip, count: 100) == commits.reversed())
        }
    }

    @Test func findsPathsInTreesAsLibGit2Does() throws {
        try withTemporaryRepository { temporary in
            let repository = temporary.repository
            func blob(_ text: String) throws -> ObjectID { try repository.writeBlob(Data(text.utf8)) }
            let inner = try repository.writeTree([TreeEntry(name: "deep.md", id: try blob("d"), mode: .blob),
                                                  TreeEntry(name: "run.sh", id: try blob("r"), mode: .executable)])
            let folder = try repository.writeTree([TreeEntry(name: "inner", id: inner, mode: .tree),
                                                   TreeEntry(name: "x.md", id: try blob("x"), mode: .blob),
                                                   TreeEntry(name: "link", id: try blob("x.md"), mode: .symlink)])
            let root = try repository.writeTree([TreeEntry(name: "chronik.yml", id: try blob("title: T\n"), mode: .blob),
                                                 TreeEntry(name: "faq", id: folder, mode: .tree),
                                                 TreeEntry(name: "faq.md", id: try blob("f"), mode: .blob)])
            let paths = ["chronik.yml", "faq", "faq.md", "faq/x.md", "faq/inner", "faq/inner/deep.md", "faq/inner/run.sh",
                         "faq/link", "faq/missing.md", "faq.md/x", "faq/x.md/y", "missing", "faq/inner/deep.md/z", "fa", "FAQ"]
            for path in paths {
                #expect(repository.entryWithOwnReader(atPath: path, inTree: root) != nil, "\(path) left to libgit2")
                #expect(try repository.entry(atPath: path, inTree: root) == repository.entryWithLibGit2(atPath: path, inTree: root), "\(path)")
            }
            for path in ["", "/faq", "faq/", "faq//x.md"] {
                #expect(repository.entryWithOwnReader(atPath: path, inTree: root) == nil, "\(path) read by GitKit")
            }
        }
    }

    /// Large trees are indexed by name on their second look-up (`TreePathIndexes`): every path, looked up again and
    /// again across more trees than are kept, is what scanning and libgit2 find.
    @Test func findsPathsInLargeTreesThroughTheirIndexesAsLibGit2Does() throws {
        try withTemporaryRepository { temporary in
            let repository = temporary.repository
            var random = SplitMix64(seed: 77)
            var roots: [ObjectID] = []
            var paths: [String] = ["missing.md", "notes/missing.md", "notes", "notes/sub", "notes/sub/deep.md", "notes/-", "notes/a.md/x"]
            for version in 0..<(TreePathIndexes.kept + 4) {
                var entries: [TreeEntry] = []
                let count = TreePathIndexes.indexedEntries + Int(random.next() % 200)
                for k in 0..<count {
                    let name = "eintrag-\(random.next() % 5_000)-\(k).md"
                    entries.append(TreeEntry(name: name, id: try repository.writeBlob(Data("\(version) \(k)\n".utf8)),
                                             mode: k % 17 == 0 ? .executable : .blob))
                    if k % 23 == 0 { paths.append("notes/" + name) }
                }
                // A file and a folder whose names sort around each other in Git's order.
                entries.append(TreeEntry(name: "sub.md", id: try repository.writeBlob(Data("s".utf8)), mode: .blob))
                entries.append(TreeEntry(name: "sub", id: try repository.writeTree([TreeEntry(name: "deep.md",
                    id: try repository.writeBlob(Data("\(version)".utf8)), mode: .blob)]), mode: .tree))
                let folder = try repository.writeTree(entries)
                roots.append(try repository.writeTree([TreeEntry(name: "notes", id: folder, mode: .tree)]))
            }
            paths.append("notes/sub.md")
            for round in 0..<3 {
                for root in roots {
                    for path in paths {
                        let reference = try repository.entryWithLibGit2(atPath: path, inTree: root)
                        #expect(repository.entryWithOwnReader(atPath: path, inTree: root) == .some(reference), "round \(round): \(path)")
                        #expect(repository.entryByScanning(atPath: path, inTree: root) == .some(reference), "\(path)")
                    }
                }
            }
        }
    }

    @Test func opensThePlainRepositoryItselfAtItsRootAndBelow() throws {
        try withTemporaryRepository { temporary in
            try temporary.writeFile("faq/deep/a.md", "a\n")
            let reference = try Repository(openingWithLibGit2: temporary.url)
            for start in [temporary.url, temporary.url.appendingPathComponent("faq/deep")] {
                let own = start == temporary.url ? try Repository(at: start) : try Repository.discover(from: start)
                #expect(own.layout != nil)
                #expect(own.workingDirectory == reference.workingDirectory)
                #expect(own.gitDirectory == reference.gitDirectory)
                #expect(own.isBare == reference.isBare)
                #expect(!own.libgit2IsOpen)
            }
            // A write opens libgit2 on the same repository.
            let own = try Repository(at: temporary.url)
            _ = try own.writeBlob(Data("x".utf8))
            #expect(own.libgit2IsOpen)
            #expect(own.workingDirectory == reference.workingDirectory)
        }
    }

    @Test func leavesWorktreesBareRepositoriesAndUnusualConfigurationToLibGit2() throws {
        try withTemporaryRepository { temporary in
            let first = try temporary.commit(files: ["a.md": "a\n"], parents: [], hours: 0, message: "First\n")
            try temporary.repository.updateReference("refs/heads/main", to: first, expecting: nil, logMessage: "test")
            let worktree = try makeTemporaryDirectory().appendingPathComponent("wt")
            defer { try? FileManager.default.removeItem(at: worktree.deletingLastPathComponent()) }
            #expect(try temporary.git("worktree", "add", "-q", "-b", "side", worktree.path).status == 0)
            let linked = try Repository(at: worktree)
            #expect(linked.layout == nil && linked.libgit2IsOpen)
            #expect(try linked.headReferenceName() == "refs/heads/side")
            #expect(try temporary.git("worktree", "remove", worktree.path).status == 0)

            let config = temporary.url.appendingPathComponent(".git/config")
            let original = try String(contentsOf: config, encoding: .utf8)
            for extra in ["[core]\n\tworktree = /tmp\n", "[include]\n\tpath = other\n", "[core]\n\tbare = true\n",
                          "[core]\n\trepositoryformatversion = 1\n[extensions]\n\tnoop = true\n", "[user]\n\tname = \"Quoted\"\n",
                          "[core]\n\tfilemode\n"] {
                try (original + extra).write(to: config, atomically: true, encoding: .utf8)
                let repository = try? Repository(at: temporary.url)
                #expect(repository == nil || repository?.layout == nil, "\(extra)")
            }
            try original.write(to: config, atomically: true, encoding: .utf8)
            #expect(try Repository(at: temporary.url).layout != nil)

            let bare = try makeTemporaryDirectory()
            defer { try? FileManager.default.removeItem(at: bare) }
            #expect(try runGit(["init", "-q", "--bare", bare.path], in: bare).status == 0)
            let opened = try Repository(at: bare)
            #expect(opened.layout == nil && opened.isBare)
        }
    }

    @Test func readsConfigurationValuesAsLibGit2Does() throws {
        try withTemporaryRepository { temporary in
            let config = temporary.url.appendingPathComponent(".git/config")
            let original = try String(contentsOf: config, encoding: .utf8)
            let extra = """
            # a comment
            ; another
            [Color]
            \tUI = always
            \tdiff = never # trailing comment
            [color]
            \tstatus=auto;comment
            [core]
            \tpager = less -R  
            [remote "Origin"]
            \turl = https://example.org/a.git
            [chronik-test]
            \tempty =
            \tspaced = a  b\tc

            """
            try (original + extra).write(to: config, atomically: true, encoding: .utf8)
            let own = try Repository(at: temporary.url)
            let reference = try Repository(openingWithLibGit2: temporary.url)
            #expect(own.layout != nil)
            for key in ["color.ui", "COLOR.UI", "color.diff", "color.status", "core.pager", "remote.Origin.url", "remote.origin.url",
                        "chronik-test.empty", "chronik-test.spaced", "chronik-test.missing", "core.bare", "core.repositoryformatversion"] {
                #expect(try own.configString(key) == reference.configString(key), "\(key)")
            }
            #expect(!own.libgit2IsOpen)
        }
    }

    /// Boolean values (`commit.gpgsign`, which every commit asks) read by GitKit as `git_config_get_bool` reads them,
    /// without opening libgit2; a value of another kind is libgit2's to read or refuse.
    @Test func readsBooleansAsLibGit2Does() throws {
        try withTemporaryRepository { temporary in
            let config = temporary.url.appendingPathComponent(".git/config")
            let original = try String(contentsOf: config, encoding: .utf8)
            let values = ["true", "False", "YES", "no", "on", "Off", "1", "0", "2", "", "maybe"]
            var extra = "[chronik-test]\n"
            for (i, value) in values.enumerated() { extra += "\tkey\(i) = \(value)\n" }
            try (original + extra).write(to: config, atomically: true, encoding: .utf8)
            let own = try Repository(at: temporary.url)
            let reference = try Repository(openingWithLibGit2: temporary.url)
            #expect(own.layout != nil)
            for key in (0..<values.count).map({ "chronik-test.key\($0)" }) + ["chronik-test.missing", "commit.gpgsign"] {
                let expected = try? reference.configBoolWithLibGit2(key)
                #expect((try? own.configBool(key)) == expected, "\(key)")
            }
            let plain = try Repository(at: temporary.url)
            _ = try plain.configBool("chronik-test.key0")
            _ = try plain.configBool("commit.gpgsign")
            #expect(!plain.libgit2IsOpen)
        }
    }

    /// The identity from configuration, read by GitKit as `git_signature_default` gives it (name, email, the local
    /// offset, the date), without opening libgit2; values libgit2 would trim or refuse are left to it.
    @Test func readsTheConfiguredIdentityAsLibGit2Does() throws {
        try withTemporaryRepository { temporary in
            let date = Fixture.date(hours: 3).addingTimeInterval(0.6)
            let cases: [(name: String?, email: String?)] = [
                ("Configured Person", "configured@example.org"), ("Ölaf Müller", ""), ("Name", nil),
                ("  Spaced  ", "spaced@example.org"), ("Angle <x>", "a@example.org"), ("", "empty@example.org"),
            ]
            for (name, email) in cases {
                for (key, value) in [("user.name", name), ("user.email", email)] {
                    if let value {
                        try temporary.git("config", key, value)
                    } else {
                        _ = try temporary.git("config", "--unset", key)
                    }
                }
                let own = try Repository(at: temporary.url)
                let reference = try Repository(openingWithLibGit2: temporary.url)
                let expected = Result { try reference.defaultSignature(at: date) }
                let got = Result { try own.defaultSignature(at: date) }
                switch (got, expected) {
                case (.success(let got), .success(let expected)):
                    #expect(got == expected, "\(String(describing: name)) \(String(describing: email))")
                case (.failure(let got), .failure(let expected)):
                    #expect("\(got)" == "\(expected)")
                default:
                    Issue.record("\(String(describing: name)) \(String(describing: email)): \(got) against \(expected)")
                }
                let plain = name.map { !$0.isEmpty && $0 == $0.trimmingCharacters(in: .whitespaces) && !$0.contains("<") } ?? true
                    && email.map { !$0.isEmpty } ?? true
                // The usual identities (and an unset one) are read without libgit2 (git writes a value with surrounding
                // spaces quoted, which GitKit's reader leaves to libgit2 whole).
                if own.layout != nil { #expect(own.libgit2IsOpen == !plain, "\(String(describing: name))") }
            }
        }
    }
}
