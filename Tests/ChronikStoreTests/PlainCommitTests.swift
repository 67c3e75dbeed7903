import Foundation
import Testing
@testable import ChronikStore
@testable import GitKit

/// GitKit's own commit (`PlainCommit`) held to libgit2's: two copies of a store get the same changes (the same bytes
/// and modification times) round after round; one commits with `PlainCommit`, the other with libgit2 alone. Both
/// must record the same commit ids, leave the same index entry for entry (stat data aside that a copy cannot share:
/// ctime, inode, device) with the same cached trees, write the same reflog lines (time aside), and pass `git status`,
/// `git diff-files` and `git fsck --full --strict`.
@Suite("Plain commit")
struct PlainCommitTests {
    static let author = commitSuitesAuthor

    @Test(arguments: [1, 2, 3, 4] as [UInt64])
    func recordsWhatLibGit2Records(seed: UInt64) throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("chronik-plain-commit-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        let own = folder.appendingPathComponent("own")
        let (created, _) = try Store.create(
            at: own, config: DefaultStore.config(title: "Test", language: .de), schemas: DefaultStore.schemas,
            author: Self.author, committer: Self.author, message: "Store created")
        // Opened as the command line opens it: found by GitKit (`Store.create` has libgit2's handle).
        let store = try Store(at: created.root)
        var random = SplitMix64(seed: seed)
        var present: [String] = []
        for i in 0..<40 {
            let path = (i % 3 == 0 ? "glossary/" : "faq/") + "eintrag-\(i).md"
            let text = path.hasPrefix("glossary/") ? "term: Begriff \(i)" : "question: Frage \(i)?"
            try store.writeFile(path, Data("---\n\(text)\n---\nText \(random.next() % 1000).\n".utf8))
            present.append(path)
        }
        guard case .committed = try store.commit(message: "Einträge", author: Self.author, committer: Self.author) else {
            Issue.record("seed \(seed): the entries were not committed")
            return
        }
        let other = folder.appendingPathComponent("libgit2")
        try copy(own, to: other)
        let twin = try Store(at: other)
        var libgit2Options = CommitOptions()
        libgit2Options.allowsPlainCommit = false
        var plainRounds = 0
        for round in 0..<8 {
            let time = timespec(tv_sec: 1_700_000_000 + round * 100, tv_nsec: Int(random.next() % 1_000_000_000))
            func change(_ path: String, _ data: Data?) throws {
                for root in [own, other] {
                    let file = root.appendingPathComponent(path)
                    guard let data else {
                        try FileManager.default.removeItem(at: file)
                        continue
                    }
                    try data.write(to: file)
                    var times = [time, time]
                    #expect(utimensat(AT_FDCWD, file.path, &times, 0) == 0)
                }
            }
            let kind = random.next() % 5
            for _ in 0..<Int(1 + random.next() % 3) {
                let path = present[Int(random.next() % UInt64(present.count))]
                var data = try Data(contentsOf: own.appendingPathComponent(path))
                if kind == 4 {
                    try change(path, data) // Only the stat data change: the index is refreshed, nothing recorded.
                } else {
                    data.append(Data("Nachtrag \(round) \(random.next() % 100).\n".utf8))
                    try change(path, data)
                }
            }
            if kind == 1, present.count > 10 {
                try change(present.remove(at: Int(random.next() % UInt64(present.count))), nil)
            }
            if kind == 2 {
                // A new entry: untracked, which the ignore rules decide on: libgit2's commit.
                let path = "faq/neu-\(round).md"
                try change(path, Data("---\nquestion: Neu \(round)?\n---\nText.\n".utf8))
                present.append(path)
            }
            let tip = try #require(try store.tip())
            let plain = PlainCommit.scan(store.repository, tipTree: tip.treeID)
            #expect((plain != nil) == (kind != 2), "seed \(seed), round \(round)")
            if let plain {
                plainRounds += 1
                // The scan reports what libgit2's diff reports.
                var options = DiffOptions()
                options.includeUntracked = true
                options.recurseUntrackedDirectories = true
                let expected = try Repository(openingWithLibGit2: own).diffTreeToWorkdir(tip.treeID, options: options)
                #expect(plain.deltas == expected, "seed \(seed), round \(round)")
            }
            let message = "Runde \(round)"
            let a = try store.commit(message: message, author: Self.author, committer: Self.author)
            let b = try twin.commit(message: message, author: Self.author, committer: Self.author, options: libgit2Options)
            switch (a, b) {
            case (.committed(let x, _, let xw), .committed(let y, _, let yw)):
                #expect(x.id == y.id, "seed \(seed), round \(round)")
                #expect(xw.isEmpty && yw.isEmpty, "seed \(seed), round \(round): \(xw) \(yw)")
            case (.nothingToCommit, .nothingToCommit):
                #expect(kind == 4, "seed \(seed), round \(round)")
            default:
                Issue.record("seed \(seed), round \(round): \(a) against \(b)")
            }
            try expectSameIndex(own, other, "seed \(seed), round \(round)")
            for root in [own, other] {
                #expect(try isolatedGit(["status", "--porcelain"], in: root).stdout == "", "seed \(seed), round \(round)")
                #expect(try isolatedGit(["diff-files", "--name-only"], in: root).stdout == "", "seed \(seed), round \(round)")
            }
        }
        #expect(plainRounds > 3, "seed \(seed)")
        func reflog(_ root: URL, _ name: String) throws -> String {
            let text = try String(contentsOf: root.appendingPathComponent(".git/" + name), encoding: .utf8)
            return text.replacingOccurrences(of: #"> [0-9]+ [+-][0-9]{4}\t"#, with: "> TIME\t", options: .regularExpression)
        }
        for name in ["logs/HEAD", "logs/refs/heads/main"] {
            #expect(try reflog(own, name) == reflog(other, name), "seed \(seed): \(name)")
        }
        #expect(try isolatedGit(["reflog", "show", "--format=%H %gs"], in: own).stdout == isolatedGit(["reflog", "show", "--format=%H %gs"], in: other).stdout)
        for root in [own, other] {
            #expect(try isolatedGit(["fsck", "--full", "--strict"], in: root).status == 0, "seed \(seed)")
        }
    }

    /// The gate's look-up of the touched entries' attachments finds what the listing of every collection finds.
    @Test func attachmentsOfTouchedEntriesAsInTheFullListing() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("chronik-plain-attachments-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        let (created, _) = try Store.create(
            at: folder, config: DefaultStore.config(title: "Test", language: .de), schemas: DefaultStore.schemas,
            author: Self.author, committer: Self.author, message: "Store created")
        let store = try Store(at: created.root)
        var random = SplitMix64(seed: 17)
        var ids: Set<EntryID> = []
        for i in 0..<12 {
            let collection = i % 2 == 0 ? "glossary" : "faq"
            let text = collection == "glossary" ? "term: Begriff \(i)" : "question: Frage \(i)?"
            try store.writeFile("\(collection)/e\(i).md", Data("---\n\(text)\n---\nText.\n".utf8))
            for k in 0..<Int(random.next() % 3) {
                try store.writeFile("\(collection)/e\(i)/anhang-\(k).pdf", Data("pdf \(i) \(k)".utf8))
            }
            ids.insert(EntryID(collection: collection, id: "e\(i)"))
        }
        ids.insert(EntryID(collection: "faq", id: "fehlt"))
        guard case .committed(let commit, _, _) = try store.commit(message: "Anhänge", author: Self.author, committer: Self.author) else {
            Issue.record("nothing committed")
            return
        }
        let names: Set<String> = ["glossary", "faq"]
        let all = try store.attachmentFiles(inTree: commit.treeID, collections: names)
        #expect(!all.isEmpty)
        #expect(try store.attachmentFiles(of: ids, inTree: commit.treeID, collections: names) == all.filter { ids.contains($0.key) })
        #expect(try store.attachmentFiles(of: ids, inTree: commit.treeID, collections: ["faq"]) == all.filter { ids.contains($0.key) && $0.key.collection == "faq" })
    }

    /// The index files of the two copies: the same version, the same entries (ctime, inode and device aside, which a
    /// copy cannot share) and the same cached trees.
    private func expectSameIndex(_ a: URL, _ b: URL, _ label: String) throws {
        func read(_ root: URL) throws -> IndexFile? {
            IndexFile.parse([UInt8](try Data(contentsOf: root.appendingPathComponent(".git/index"))))
        }
        guard let x = try read(a), let y = try read(b) else {
            Issue.record("\(label): an index GitKit cannot read")
            return
        }
        func masked(_ entries: [IndexFile.Entry]) -> [IndexFile.Entry] {
            entries.map {
                var e = $0
                (e.ctimeSeconds, e.ctimeNanoseconds, e.inode, e.device) = (0, 0, 0, 0)
                return e
            }
        }
        #expect(x.version == y.version, "\(label)")
        #expect(masked(x.entries) == masked(y.entries), "\(label)")
        // libgit2 leaves the folders a commit changed unknown in the cached trees; GitKit's are complete, and agree
        // with every folder libgit2 knows.
        func known(_ node: IndexFile.CachedTree?, _ prefix: String, into found: inout [String: (Int, ObjectID?)]) {
            guard let node else { return }
            if node.entryCount >= 0 { found[prefix] = (node.entryCount, node.id) }
            for child in node.children { known(child, prefix + "/" + String(decoding: child.name, as: UTF8.self), into: &found) }
        }
        var own: [String: (Int, ObjectID?)] = [:], theirs: [String: (Int, ObjectID?)] = [:]
        known(x.tree, "", into: &own)
        known(y.tree, "", into: &theirs)
        for (path, value) in theirs {
            #expect(own[path]?.0 == value.0 && own[path]?.1 == value.1, "\(label): \(path)")
        }
        let tip = try #require(try Store(at: a).tip())
        #expect(own[""]?.1 == tip.treeID, "\(label)")
        #expect(own.count == (try isolatedGit(["ls-tree", "-r", "-d", "--name-only", "HEAD"], in: a).stdout.split(separator: "\n").count + 1), "\(label)")
    }

    private func copy(_ from: URL, to: URL) throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/cp")
        process.arguments = ["-a", from.path, to.path]
        try process.run()
        process.waitUntilExit()
    }
}
