import ChronikStore
import Foundation
import Testing
@testable import GitKit
#if canImport(Glibc)
import Glibc
#endif

/// `PlainCommit.scan(vouched:)`, the comparison `chronik validate`'s gate makes without libgit2, held to libgit2's diff
/// of the tip with the working tree (`git_diff_tree_to_workdir_with_index` with untracked files, as the gate asks it)
/// on seeded repositories: top-level folders listed by the caller (names and `lstat` data, as the validator lists the
/// collection folders) and vouched for, files changed in place with the same size, rewritten with the same bytes,
/// made executable, renamed over (another inode), removed, their times set back; the index made racy (written before
/// the files' last change), entries staged, untracked and ignored files. Whenever the scan answers, its deltas are
/// libgit2's; it leaves to libgit2 (nil) only an index that is not the tip's, untracked names (ignored or not) and a
/// file whose mode changed.
@Suite("Plain status with vouched folders")
struct PlainStatusTests {
    /// Every top-level folder of the working tree holding regular files only, listed as the validator lists it;
    /// `byTable`: as names and stat data looked up by bytes (`NameTable`, as `Store` hands them), else by String.
    static func listing(_ root: URL, byTable: Bool = false) throws -> [String: PlainCommit.VouchedFolder] {
        var vouched: [String: PlainCommit.VouchedFolder] = [:]
        for folder in try FileManager.default.contentsOfDirectory(atPath: root.path) where folder != ".git" {
            let path = root.appendingPathComponent(folder).path
            var info = stat()
            guard lstat(path, &info) == 0, info.st_mode & S_IFMT == S_IFDIR else { continue }
            var files: [String: (inode: UInt64, size: Int64, modified: Int64, changed: Int64)] = [:]
            var regular = true
            for name in try FileManager.default.contentsOfDirectory(atPath: path) {
                var file = stat()
                guard lstat(path + "/" + name, &file) == 0, file.st_mode & S_IFMT == S_IFREG else {
                    regular = false
                    break
                }
                files[name] = (UInt64(file.st_ino), Int64(file.st_size),
                               Int64(file.st_mtim.tv_sec) * 1_000_000_000 + Int64(file.st_mtim.tv_nsec),
                               Int64(file.st_ctim.tv_sec) * 1_000_000_000 + Int64(file.st_ctim.tv_nsec))
            }
            if regular && byTable {
                let names = Array(files.keys)
                vouched[folder] = PlainCommit.VouchedFolder(names: NameTable(names), stats: names.map { files[$0]! })
            } else if regular {
                let table = files
                vouched[folder] = PlainCommit.VouchedFolder(count: table.count) { table[$0] }
            }
        }
        return vouched
    }

    static var options: DiffOptions {
        var options = DiffOptions()
        options.includeUntracked = true
        options.recurseUntrackedDirectories = true
        return options
    }

    @Test(arguments: [21, 22, 23, 24] as [UInt64])
    func reportsWhatLibGit2Reports(seed: UInt64) throws {
        try withTemporaryRepository { repo in
            var random = SplitMix64(seed: seed)
            let folders = ["", "a", "a-b", "b", "b/sub", "c"]
            var files: [String] = []
            for i in 0..<60 {
                let folder = folders[Int(random.next() % UInt64(folders.count))]
                // Some names longer than a small String, some not ASCII (the table compares their bytes).
                let name = i % 3 == 0 ? "f\(i).md" : i % 3 == 1 ? "förderprogramm-für-stadtteil-\(i).md" : "ein-längerer-eintrag-ohne-umlaute-\(i).md"
                let path = (folder.isEmpty ? "" : folder + "/") + name
                try repo.writeFile(path, "text \(random.next())\n")
                files.append(path)
            }
            try repo.writeFile(".gitignore", "*.tmp\n")
            #expect(try repo.git("add", "-A").status == 0)
            Thread.sleep(forTimeInterval: 0.02) // the index in a later tick than the files: none racily clean
            #expect(try repo.git("-c", "user.name=T", "-c", "user.email=t@e", "commit", "-qm", "one").status == 0)
            var answered = 0
            for round in 0..<10 {
                let head = try #require(try repo.repository.referenceTarget("HEAD"))
                let tree = try repo.repository.commit(head).treeID
                var leftToLibGit2 = false
                for _ in 0..<Int(1 + random.next() % 4) {
                    let path = files[Int(random.next() % UInt64(files.count))]
                    let url = repo.url.appendingPathComponent(path)
                    guard FileManager.default.fileExists(atPath: url.path) else { continue }
                    switch random.next() % 11 {
                    case 0: try FileManager.default.removeItem(at: url)
                    case 1: try Data("changed \(round) \(random.next() % 10)\n".utf8).write(to: url) // maybe the same size
                    case 2: try (try Data(contentsOf: url)).write(to: url) // the same bytes, new stat data
                    case 3:
                        #expect(chmod(url.path, 0o755) == 0) // a mode changed: libgit2's
                        leftToLibGit2 = true
                    case 4:
                        // Renamed over: the same bytes under another inode.
                        let copy = url.path + ".new"
                        try (try Data(contentsOf: url)).write(to: URL(fileURLWithPath: copy))
                        #expect(rename(copy, url.path) == 0)
                    case 5:
                        // Changed in place with the same size, its mtime set back (ctime moves all the same).
                        var info = stat()
                        #expect(lstat(url.path, &info) == 0)
                        let bytes = try Data(contentsOf: url)
                        try Data(bytes.map { $0 == UInt8(ascii: "t") ? UInt8(ascii: "T") : $0 }).write(to: url)
                        var times = [info.st_atim, info.st_mtim]
                        #expect(utimensat(AT_FDCWD, url.path, &times, 0) == 0)
                    case 6:
                        // The index written before the files' last change: every entry racily clean.
                        var times = [timespec(tv_sec: 1_000_000_000, tv_nsec: 0), timespec(tv_sec: 1_000_000_000, tv_nsec: 0)]
                        #expect(utimensat(AT_FDCWD, repo.url.appendingPathComponent(".git/index").path, &times, 0) == 0)
                    case 7:
                        try repo.writeFile(path + ".tmp", "ignored\n") // ignored: libgit2's rules
                        leftToLibGit2 = true
                    case 8:
                        try repo.writeFile((path as NSString).deletingLastPathComponent + "/neu\(round).md", "untracked\n")
                        leftToLibGit2 = true
                    case 9:
                        try Data("staged \(round)\n".utf8).write(to: url)
                        #expect(try repo.git("add", path).status == 0)
                        leftToLibGit2 = true
                    default:
                        try Data("a longer text, changed in round \(round)\n".utf8).write(to: url)
                    }
                }
                let expected = try Repository(openingWithLibGit2: repo.url).diffTreeToWorkdir(tree, options: Self.options)
                for (vouched, parallelMinimum) in [(try Self.listing(repo.url), 0), (try Self.listing(repo.url), Int.max),
                                                   (try Self.listing(repo.url, byTable: true), 0)] {
                    let own = try Repository(at: repo.url)
                    if let plain = PlainCommit.prepare(own, tipTree: tree, forCommit: false), plain.scan(vouched: vouched, parallelMinimum: parallelMinimum) {
                        #expect(plain.deltas == expected, "seed \(seed), round \(round)")
                        #expect(!leftToLibGit2, "seed \(seed), round \(round)")
                        answered += 1
                    } else {
                        #expect(leftToLibGit2, "seed \(seed), round \(round): left to libgit2")
                    }
                    #expect(!own.libgit2IsOpen)
                }
                // Without the listing: the same answer.
                if !leftToLibGit2 {
                    let plain = try #require(PlainCommit.scan(try Repository(at: repo.url), tipTree: tree))
                    #expect(plain.deltas == expected, "seed \(seed), round \(round)")
                }
                // Record the round with git (the ignored files stay), as another writer would.
                #expect(try repo.git("add", "-A").status == 0)
                Thread.sleep(forTimeInterval: 0.02)
                #expect(try repo.git("-c", "user.name=T", "-c", "user.email=t@e", "commit", "-qm", "round \(round)", "--allow-empty").status == 0)
                for file in try FileManager.default.subpathsOfDirectory(atPath: repo.url.path) where file.hasSuffix(".tmp") {
                    try FileManager.default.removeItem(at: repo.url.appendingPathComponent(file))
                }
            }
            #expect(answered > 0, "seed \(seed): the scan never answered")
        }
    }

    /// A listing that does not answer for a folder (a name it lacks, one more name, a subfolder below it) has the
    /// folder scanned as any other; stat data the index does not hold have the file compared (`fstatat`, then hashed).
    @Test func aListingThatDoesNotAnswerIsNotTrusted() throws {
        try withTemporaryRepository { repo in
            for i in 0..<5 { try repo.writeFile("a/f\(i).md", "text \(i)\n") }
            try repo.writeFile("a/sub/x.md", "x\n")
            try repo.writeFile("b/g.md", "g\n")
            for i in 0..<3 { try repo.writeFile("c/h\(i).md", "h \(i)\n") }
            #expect(try repo.git("add", "-A").status == 0)
            Thread.sleep(forTimeInterval: 0.02)
            #expect(try repo.git("-c", "user.name=T", "-c", "user.email=t@e", "commit", "-qm", "one").status == 0)
            let tree = try repo.repository.commit(try #require(try repo.repository.referenceTarget("HEAD"))).treeID
            try repo.writeFile("b/g.md", "G\n") // the same size
            // Stat data the file no longer has (a stale listing of `b`): compared again, found changed.
            let stale = PlainCommit.VouchedFolder(count: 1) { _ in (1, 2, 3, 4) }
            // `a` holds a subfolder; `c` listed without one of its names, or with one more.
            let all = PlainCommit.VouchedFolder(count: 6) { _ in (1, 2, 3, 4) }
            let short = PlainCommit.VouchedFolder(count: 3) { name in name == "h0.md" ? nil : (1, 2, 3, 4) }
            let long = PlainCommit.VouchedFolder(count: 4) { _ in (1, 2, 3, 4) }
            try repo.writeFile("c/h1.md", "H 1\n") // the same size
            let expected = try Repository(openingWithLibGit2: repo.url).diffTreeToWorkdir(tree, options: Self.options)
            #expect(expected.map(\.newPath) == ["b/g.md", "c/h1.md"])
            // Tables by bytes: `c` with a name twice (all three names, four entries), or without `h0.md`.
            let stats = [PlainCommit.VouchedFolder.Stat](repeating: (1, 2, 3, 4), count: 4)
            let twice = PlainCommit.VouchedFolder(names: NameTable(["h0.md", "h1.md", "h2.md", "h1.md"]), stats: stats)
            let lacking = PlainCommit.VouchedFolder(names: NameTable(["h1.md", "h2.md", "h3.md"]), stats: Array(stats.prefix(3)))
            #expect(twice.count == -1 && lacking.count == 3)
            for c in [short, long, twice, lacking] {
                let plain = try #require(PlainCommit.prepare(try Repository(at: repo.url), tipTree: tree, forCommit: false))
                #expect(plain.scan(vouched: ["a": all, "b": stale, "c": c]))
                #expect(plain.deltas == expected)
            }
        }
    }
}
