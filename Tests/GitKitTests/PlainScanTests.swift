import ChronikStore
import Foundation
import Testing
@testable import GitKit

/// `PlainCommit.scan` held to libgit2's diff of the tip with the working tree (`git_diff_tree_to_workdir_with_index`
/// with untracked files, as a commit asks it) on seeded repositories with nested folders whose names sort close to
/// each other (`a`, `a-b`, `a.b`, `a/b`, `a0`): the same deltas, and nil (libgit2's) for an untracked file.
@Suite("Plain commit scan")
struct PlainScanTests {
    @Test(arguments: [11, 12, 13] as [UInt64])
    func reportsWhatLibGit2Reports(seed: UInt64) throws {
        try withTemporaryRepository { repo in
            var random = SplitMix64(seed: seed)
            let folders = ["", "a", "a-b", "a.b", "a/b", "a/b/c", "a0", "z", "z/a"]
            var files: [String] = []
            for i in 0..<80 {
                let folder = folders[Int(random.next() % UInt64(folders.count))]
                let name = ["a", "a-b", "a.b", "a0", "f\(i)", "f\(i).md"][Int(random.next() % 6)]
                let path = (folder.isEmpty ? "" : folder + "/") + name
                // A name that is also a folder's is not a file (git refuses such a pair).
                if folders.contains(path) || files.contains(path) || files.contains(where: { $0.hasPrefix(path + "/") })
                    || folders.contains(where: { path.hasPrefix($0 + "/") && files.contains($0) }) { continue }
                try repo.writeFile(path, "text \(random.next())\n")
                files.append(path)
            }
            #expect(try repo.git("add", "-A").status == 0)
            #expect(try repo.git("-c", "user.name=T", "-c", "user.email=t@e", "commit", "-qm", "one").status == 0)
            for round in 0..<6 {
                let head = try #require(try repo.repository.referenceTarget("HEAD"))
                let tree = try repo.repository.commit(head).treeID
                for _ in 0..<Int(1 + random.next() % 4) {
                    let path = files[Int(random.next() % UInt64(files.count))]
                    let url = repo.url.appendingPathComponent(path)
                    guard FileManager.default.fileExists(atPath: url.path) else { continue }
                    switch random.next() % 4 {
                    case 0: try FileManager.default.removeItem(at: url)
                    case 1: try Data("changed \(round) \(random.next())\n".utf8).write(to: url) // maybe the same size
                    case 2: try (try Data(contentsOf: url)).write(to: url) // the same bytes, new stat data
                    default: try Data("longer text, changed in round \(round)\n".utf8).write(to: url)
                    }
                }
                var options = DiffOptions()
                options.includeUntracked = true
                options.recurseUntrackedDirectories = true
                let expected = try Repository(openingWithLibGit2: repo.url).diffTreeToWorkdir(tree, options: options)
                let own = try Repository(at: repo.url)
                let plain = try #require(PlainCommit.scan(own, tipTree: tree), "seed \(seed), round \(round)")
                #expect(plain.deltas == expected, "seed \(seed), round \(round)")
                #expect(!own.libgit2IsOpen)
                // The root's subfolders scanned on two threads: the same deltas, the same refreshed entries as on one.
                let serial = try #require(PlainCommit.scan(try Repository(at: repo.url), tipTree: tree, parallelMinimum: .max))
                let parallel = try #require(PlainCommit.scan(try Repository(at: repo.url), tipTree: tree, parallelMinimum: 0))
                #expect(serial.deltas == expected && parallel.deltas == expected, "seed \(seed), round \(round)")
                #expect(parallel.refreshed == serial.refreshed && parallel.indexEntries == serial.indexEntries, "seed \(seed), round \(round)")
                // Record the round with git, as another writer would.
                #expect(try repo.git("add", "-A").status == 0)
                #expect(try repo.git("-c", "user.name=T", "-c", "user.email=t@e", "commit", "-qm", "round \(round)", "--allow-empty").status == 0)
            }
            // Untracked folders without files (as `chronik init` leaves one per collection): nothing to report.
            try FileManager.default.createDirectory(at: repo.url.appendingPathComponent("leer/auch-leer"), withIntermediateDirectories: true)
            try FileManager.default.createDirectory(at: repo.url.appendingPathComponent("a/leer"), withIntermediateDirectories: true)
            let tip = try repo.repository.commit(try #require(try repo.repository.referenceTarget("HEAD"))).treeID
            #expect(try PlainCommit.scan(try Repository(at: repo.url), tipTree: tip)?.deltas == [])
            try FileManager.default.removeItem(at: repo.url.appendingPathComponent("leer"))
            try FileManager.default.removeItem(at: repo.url.appendingPathComponent("a/leer"))
            // An untracked file, an untracked folder: libgit2's.
            let head = try #require(try repo.repository.referenceTarget("HEAD"))
            let tree = try repo.repository.commit(head).treeID
            #expect(PlainCommit.scan(try Repository(at: repo.url), tipTree: tree) != nil)
            try repo.writeFile("a/neu.md", "new\n")
            #expect(PlainCommit.scan(try Repository(at: repo.url), tipTree: tree) == nil)
            // Found by one of the two threads as well.
            #expect(PlainCommit.scan(try Repository(at: repo.url), tipTree: tree, parallelMinimum: 0) == nil)
            try FileManager.default.removeItem(at: repo.url.appendingPathComponent("a/neu.md"))
            try repo.writeFile("neu/x.md", "new\n")
            #expect(PlainCommit.scan(try Repository(at: repo.url), tipTree: tree) == nil)
            try FileManager.default.removeItem(at: repo.url.appendingPathComponent("neu"))
            // A tip the index does not hold.
            #expect(PlainCommit.scan(try Repository(at: repo.url), tipTree: try repo.repository.commit(try repo.repository.commit(head).parentIDs[0]).treeID) == nil)
        }
    }
}

/// The branch moved with the index written in the same step (`PlainCommit.moveBranch(…, withIndex: true)`): the
/// index then is what `git commit` leaves (nothing staged, nothing changed), and when git holds `index.lock` the branch
/// moves all the same, git's lock is left alone, and the caller's `writeIndex` afterwards gives the same index.
@Suite("Plain commit: the branch and the index")
struct PlainBranchAndIndexTests {
    @Test(arguments: [false, true])
    func indexWrittenWithTheBranch(lockHeld: Bool) throws {
        try withTemporaryRepository { repo in
            #expect(try repo.git("config", "user.name", "T").status == 0)
            #expect(try repo.git("config", "user.email", "t@example.org").status == 0)
            for i in 0..<30 { try repo.writeFile((i % 2 == 0 ? "a/" : "b/") + "f\(i).md", "text \(i)\n") }
            #expect(try repo.git("add", "-A").status == 0)
            #expect(try repo.git("commit", "-qm", "one").status == 0)
            let head = try #require(try repo.repository.referenceTarget("HEAD"))
            let tree = try repo.repository.commit(head).treeID
            try repo.writeFile("a/f0.md", "text 0, changed\n")
            let own = try Repository(at: repo.url)
            let plain = try #require(PlainCommit.scan(own, tipTree: tree, parallelMinimum: 0))
            #expect(plain.deltas.map(\.newPath) == ["a/f0.md"])
            let staged = PlainCommit.Staged(path: "a/f0.md", data: Data("text 0, changed\n".utf8), stat: nil)
            let commit = try #require(try plain.record(staged: [staged], removed: [], parent: head, author: Fixture.author,
                                                       committer: Fixture.author, message: "two\n", objects: own))
            let lock = repo.url.appendingPathComponent(".git/index.lock")
            if lockHeld { try Data("git's\n".utf8).write(to: lock) }
            let written = try plain.moveBranch("refs/heads/main", to: commit, expecting: head, message: "commit: two", withIndex: true)
            #expect(written == !lockHeld)
            #expect(try Repository(at: repo.url).referenceTarget("refs/heads/main") == commit)
            if lockHeld {
                #expect(try Data(contentsOf: lock) == Data("git's\n".utf8))
                #expect(try repo.git("diff", "--cached", "--name-only").stdout == "a/f0.md\n")
                try FileManager.default.removeItem(at: lock)
                try plain.writeIndex()
            }
            #expect(!FileManager.default.fileExists(atPath: lock.path))
            #expect(try repo.git("status", "--porcelain").stdout == "")
            #expect(try repo.git("diff", "--cached", "--name-only").stdout == "")
            #expect(try repo.git("reflog", "--format=%gs").stdout == "commit: two\ncommit (initial): one\n")
            #expect(try repo.git("fsck", "--full", "--strict").status == 0)
        }
    }
}
