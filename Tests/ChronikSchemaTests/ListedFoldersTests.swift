@testable import ChronikSchema
@testable import ChronikStore
import Foundation
import GitKit
import Testing

/// `validate` reads the working tree once: the commit gate takes the collection folders the validator listed
/// (`VersionContent.listedFolders`) where the index shows them unchanged, and lets libgit2 scan only the rest. Its
/// changes must be libgit2's for the whole tree, in every case the listing cannot vouch for.
@Suite("Commit gate: the working tree listed once")
struct ListedFoldersTests {
    static let author = Signature(name: "Test Author", email: "test@example.org", date: Date(timeIntervalSince1970: 1_646_128_800), timeZoneOffsetMinutes: 60)

    /// A store with three glossary entries and a README, committed a little after the files were written (so that
    /// no entry is racily clean: the index is written in a later tick of the file system's clock).
    func makeStore() throws -> (Store, URL) {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("chronik-listed-\(UUID().uuidString)")
        let (store, _) = try Store.create(
            at: url, config: DefaultStore.config(title: "Test", language: .de), schemas: DefaultStore.schemas,
            author: Self.author, committer: Self.author, message: "Store created", checker: StoreValidator())
        for id in ["reallabor", "quartier", "beteiligung"] {
            try store.writeFile("glossary/\(id).md", Data("---\nterm: \(id.capitalized)\n---\nText über \(id).\n".utf8))
        }
        try store.writeFile("README.md", Data("# Test\n".utf8))
        Thread.sleep(forTimeInterval: 0.05)
        try store.commit(message: "Einträge", author: Self.author, committer: Self.author, checker: StoreValidator())
        return (store, url)
    }

    static var options: DiffOptions {
        var options = DiffOptions()
        options.includeUntracked = true
        options.recurseUntrackedDirectories = true
        return options
    }

    /// The changes with the validator's listing, the changes libgit2 finds in the whole tree, and the folders the
    /// listing was trusted for.
    func compare(_ store: Store) throws -> (listed: [DiffDelta], full: [DiffDelta], trusted: Set<String>) {
        try compareWithRacy(store).0
    }

    /// `compare`, with the racily clean files of the trusted folders (left to libgit2).
    func compareWithRacy(_ store: Store) throws -> ((listed: [DiffDelta], full: [DiffDelta], trusted: Set<String>), racy: [String]) {
        let content = try VersionContent.workingTree(of: store, prefetch: false)
        let head = try store.tip()
        let listed = try store.workingTreeDeltas(head: head, options: Self.options, listed: content.listedFolders)
        let full = try store.repository.diffTreeToWorkdir(head?.treeID, options: Self.options)
        let found = try store.cleanFolders(content.listedFolders, head: head)
        return ((listed.sorted { $0.newPath < $1.newPath }, full.sorted { $0.newPath < $1.newPath }, found.clean), found.racy)
    }

    @Test func cleanFoldersAreNotScannedAgain() throws {
        let (store, url) = try makeStore()
        defer { try? FileManager.default.removeItem(at: url) }
        let (listed, full, trusted) = try compare(store)
        #expect(trusted.contains("glossary"))
        #expect(listed == full)
        #expect(full.isEmpty)
        #expect(try store.commitRefusals(checker: StoreValidator(), listed: VersionContent.workingTree(of: store).listedFolders).isEmpty)
    }

    /// A file at the top that the index sorts right after a collection's entries (here `notice.txt` after
    /// `glossary/`, as `chronik.yml` comes after `actors/`) is not one of the folder's entries: the folder stays clean.
    @Test func aFileSortedAfterTheFolder() throws {
        let (store, url) = try makeStore()
        defer { try? FileManager.default.removeItem(at: url) }
        try store.writeFile("notice.txt", Data("Notice\n".utf8))
        Thread.sleep(forTimeInterval: 0.05)
        try store.commit(message: "Notice", author: Self.author, committer: Self.author, checker: StoreValidator())
        let (listed, full, trusted) = try compare(store)
        #expect(trusted.contains("glossary"))
        #expect(listed == full)
        #expect(full.isEmpty)
    }

    @Test func changesOutsideTheListedFoldersAreFound() throws {
        let (store, url) = try makeStore()
        defer { try? FileManager.default.removeItem(at: url) }
        try FileManager.default.removeItem(at: store.url(of: "README.md"))
        try Data("notiz\n".utf8).write(to: url.appendingPathComponent("notizen.txt"))
        try FileManager.default.createDirectory(at: url.appendingPathComponent("entwurf"), withIntermediateDirectories: true)
        try Data("---\nterm: X\n---\n".utf8).write(to: url.appendingPathComponent("entwurf/x.md"))
        // Ignored files stay ignored when the diff is limited to a path list.
        try Data("tmp/\n".utf8).write(to: url.appendingPathComponent(".gitignore"))
        try FileManager.default.createDirectory(at: url.appendingPathComponent("tmp"), withIntermediateDirectories: true)
        try Data("x\n".utf8).write(to: url.appendingPathComponent("tmp/x.txt"))
        let (listed, full, trusted) = try compare(store)
        #expect(trusted.contains("glossary"))
        #expect(listed == full)
        #expect(Set(full.map(\.newPath)) == ["README.md", "notizen.txt", "entwurf/x.md", ".gitignore"])
        let content = try VersionContent.workingTree(of: store)
        #expect(try store.commitRefusals(checker: StoreValidator(), listed: content.listedFolders) == store.commitRefusals(checker: StoreValidator()))
    }

    /// Each case changes the glossary so that the listing cannot vouch for it: the whole tree is diffed; with a racy
    /// index, the glossary is taken but for its files, which libgit2 compares.
    @Test(arguments: ["edited", "staged", "untracked", "other file", "subfolder", "removed", "racy index", "racy index, edited"])
    func changedFoldersAreScanned(change: String) throws {
        let (store, url) = try makeStore()
        defer { try? FileManager.default.removeItem(at: url) }
        if change.hasPrefix("racy index") {
            // The index written before the files were last modified: libgit2 would hash them, so the listing's
            // stat data alone prove nothing for them (the folder is taken but for these files, which libgit2 compares).
            makeIndexRacy(store)
        }
        if change != "racy index" { try make(change == "racy index, edited" ? "edited" : change, in: url) }
        let ((listed, full, trusted), racy) = try compareWithRacy(store)
        if change == "racy index" {
            #expect(trusted.contains("glossary"))
            #expect(racy.sorted() == ["glossary/beteiligung.md", "glossary/quartier.md", "glossary/reallabor.md"])
        } else {
            #expect(!trusted.contains("glossary"))
        }
        #expect(listed == full)
        #expect(full.isEmpty == (change == "racy index"))
        let content = try VersionContent.workingTree(of: store)
        #expect(try store.commitRefusals(checker: StoreValidator(), listed: content.listedFolders) == store.commitRefusals(checker: StoreValidator()))
    }

    /// The gate's comparison of the tip with the working tree (`Store.workingTreeChanges(listed:opened:)`), made by
    /// GitKit with the listing's folders vouched for, gives libgit2's changes of the whole tree in each case above,
    /// and starts libgit2 only where something is not of the plain form (staged, untracked or ignored files, a mode
    /// changed).
    @Test(arguments: ["clean", "edited", "staged", "untracked", "ignored", "other file", "subfolder", "removed", "racy index",
                      "racy index, edited", "executable", "readme edited"])
    func gitKitsComparisonIsLibGit2s(change: String) throws {
        let (created, url) = try makeStore()
        defer { try? FileManager.default.removeItem(at: url) }
        switch change {
        case "clean", "racy index": break
        case "racy index, edited": try make("edited", in: url)
        default: try make(change, in: url)
        }
        if change.hasPrefix("racy index") { makeIndexRacy(created) }
        let store = try Store(at: url)
        let content = try VersionContent.workingTree(of: store, prefetch: false)
        let head = try #require(try store.tip())
        let opened = store.openWorkingTreeComparison(tip: head)
        let changes = try store.workingTreeChanges(listed: content.listedFolders, opened: opened)
        let full = try Store(at: url).repository.diffTreeToWorkdir(head.treeID, options: Self.options)
        #expect(changes.deltas == full)
        #expect(changes.head?.id == head.id)
        #expect(store.repository.libgit2IsOpen == ["staged", "untracked", "ignored", "other file", "subfolder", "executable"].contains(change))
        #expect(try store.commitRefusals(changes, checker: StoreValidator()) == Store(at: url).commitRefusals(checker: StoreValidator()))
    }

    /// Makes the working tree change of the store at `url` that `change` names (the cases of the two tests above).
    func make(_ change: String, in url: URL) throws {
        let glossary = url.appendingPathComponent("glossary")
        switch change {
        case "edited":
            try Data("---\nterm: Reallabor\n---\nText über Rallabor.\n".utf8).write(to: glossary.appendingPathComponent("reallabor.md"))
        case "staged":
            try Data("---\nterm: Quartier\n---\nNeu.\n".utf8).write(to: glossary.appendingPathComponent("quartier.md"))
            #expect(try git(["add", "glossary/quartier.md"], in: url) == 0)
        case "untracked":
            try Data("---\nterm: Neu\n---\n".utf8).write(to: glossary.appendingPathComponent("neu.md"))
        case "ignored":
            try Data("*.tmp\n".utf8).write(to: url.appendingPathComponent(".git/info/exclude"))
            try Data("x\n".utf8).write(to: url.appendingPathComponent("notes.tmp"))
        case "other file":
            try Data("x\n".utf8).write(to: glossary.appendingPathComponent("notes.txt"))
        case "subfolder":
            try FileManager.default.createDirectory(at: glossary.appendingPathComponent("alt"), withIntermediateDirectories: true)
            try Data("---\nterm: Alt\n---\n".utf8).write(to: glossary.appendingPathComponent("alt/alt.md"))
        case "removed":
            try FileManager.default.removeItem(at: glossary.appendingPathComponent("beteiligung.md"))
        case "executable":
            #expect(chmod(glossary.appendingPathComponent("quartier.md").path, 0o755) == 0)
        case "readme edited":
            try Data("# Test!\n".utf8).write(to: url.appendingPathComponent("README.md"))
        default:
            Issue.record("unknown case \(change)")
        }
    }

    /// Sets the index's modification time far before the files': git and libgit2 then take every entry as racily clean.
    func makeIndexRacy(_ store: Store) {
        var times = [timespec(tv_sec: 1_000_000_000, tv_nsec: 0), timespec(tv_sec: 1_000_000_000, tv_nsec: 0)]
        #expect(utimensat(AT_FDCWD, store.repository.gitDirectory.appendingPathComponent("index").path, &times, 0) == 0)
    }

    func git(_ arguments: [String], in url: URL) throws -> Int32 {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/git")
        process.arguments = arguments
        process.currentDirectoryURL = url
        process.environment = ["GIT_CONFIG_NOSYSTEM": "1", "HOME": url.path, "PATH": "/usr/bin:/bin"]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
        return process.terminationStatus
    }
}

/// `chronik validate` without a validation cache lists the collection folders without a stat of each file
/// (`VersionContent.workingTree(of:prefetch:stampless:)`): the folder's `d_type` says which names are regular files,
/// and the stamps come from the reads. The folders it gives the gate must be the ones a listing with stamps gives.
@Suite("Commit gate: folders listed without stamps")
struct StamplessListingTests {
    /// The folders as the stamped listing gives them: name → file name → stat data.
    func table(_ folders: [ListedFolder]) -> [String: [String: ListedFileStat]] {
        Dictionary(uniqueKeysWithValues: folders.map { ($0.name, $0.files) })
    }

    /// Every entry read as the validator reads it, and the folders made of the stamps of those reads.
    func fromReads(_ content: VersionContent) -> [ListedFolder] {
        let ids = Array(content.entries.keys)
        let stamps = ids.map { id -> FileStamp? in
            guard let path = content.entries[id]?.filePath else { return nil }
            return try? FileReading.read(path, limit: FrontMatterLimits().maxFileBytes).get().stamp
        }
        return content.listedFolders(ids: ids, stamps: stamps)
    }

    @Test func theSameFoldersAsWithStamps() throws {
        let (store, url) = try ListedFoldersTests().makeStore()
        defer { try? FileManager.default.removeItem(at: url) }
        try? FileManager.default.removeItem(at: VersionContent.cacheFile(of: store).deletingLastPathComponent())
        let stamped = try VersionContent.workingTree(of: store, prefetch: false)
        let stampless = try VersionContent.workingTree(of: store, prefetch: false, stampless: true)
        #expect(stampless.listedFolders.isEmpty)
        #expect(!stamped.listedFolders.isEmpty)
        #expect(table(fromReads(stampless)) == table(stamped.listedFolders))
        #expect(Set(stampless.entries.keys) == Set(stamped.entries.keys))
        for (id, source) in stampless.entries {
            #expect(source.stamp == nil)
            #expect(source.listedRegular)
            #expect(source.filePath == stamped.entries[id]?.filePath)
        }
        // The gate's report is the same either way, and so are the cache's records it leaves.
        var options = StoreValidationOptions()
        options.settleTime = .zero
        let validator = StoreValidator(options: options)
        let cold = try StoreGate.workingTree(stampless, of: store, validator: validator)
        let coldRecords = ReferenceCache(file: VersionContent.cacheFile(of: store)).files
        try FileManager.default.removeItem(at: VersionContent.cacheFile(of: store))
        let reference = try StoreGate.workingTree(try VersionContent.workingTree(of: store), of: store, validator: validator)
        #expect(cold.problems == reference.problems)
        #expect(cold.entriesChecked == reference.entriesChecked)
        #expect(coldRecords == ReferenceCache(file: VersionContent.cacheFile(of: store)).files)
        #expect(coldRecords.count == stamped.entries.count)
        // With a cache file, the listing takes stamps again.
        #expect(try VersionContent.workingTree(of: store, prefetch: false, stampless: true).listedFolders.count == stamped.listedFolders.count)
    }

    /// Folders of regular entry files, links, FIFOs, subfolders and other files, in seeded mixes: what the listing
    /// without stamps takes as regular is what the stamped one stamps, and it gives a folder to the gate exactly
    /// when the stamped listing does.
    @Test(arguments: 1...12) func seededFolders(seed: UInt64) throws {
        var random = SplitMix64(seed: seed)
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("chronik-stampless-\(seed)-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: root) }
        let collections = ["glossary", "faq", "actors"]
        for name in collections {
            let folder = root.appendingPathComponent(name)
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            for k in 0..<Int(random.next() % 6) {
                let path = folder.appendingPathComponent("e\(k).md").path
                switch random.next() % 10 {
                case 0: #expect(symlink("e0.md", path) == 0)
                case 1: #expect(mkfifo(path, 0o644) == 0)
                case 2: try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
                case 3: try Data("x\n".utf8).write(to: folder.appendingPathComponent("notes-\(k).txt"))
                default: try Data("---\nterm: E\(k)\n---\n".utf8).write(to: URL(fileURLWithPath: path))
                }
            }
        }
        let names = Set(collections)
        for name in collections {
            let path = root.appendingPathComponent(name).path
            let stamped = VersionContent.listFolder(name, at: path, collections: names)
            let stampless = VersionContent.listFolder(name, at: path, collections: names, stampEach: false)
            #expect(stamped.exact == stampless.exact)
            #expect(stamped.files.map(\.id) == stampless.files.map(\.id))
            #expect(stamped.files.map(\.filePath) == stampless.files.map(\.filePath))
            #expect(stamped.files.map { $0.stamp != nil } == stampless.files.map(\.regular))
            #expect(stampless.files.allSatisfy { $0.stamp == nil })
        }
        let config = try StoreConfig.parse(Data("title: T\ncollections:\n  glossary: {}\n  faq: {}\n  actors: {}\n".utf8))
        let cache = root.appendingPathComponent("cache")
        let stamped = VersionContent.workingTree(root: root, config: config, cacheFile: cache, prefetch: false)
        let stampless = VersionContent.workingTree(root: root, config: config, cacheFile: cache, prefetch: false, stampless: true)
        #expect(table(fromReads(stampless)) == table(stamped.listedFolders))
        // Read in the listing's order (a cold run's, `listedOrder`), the stamps are taken by position: the same
        // folders; and with some reads failed, or the order broken, the same as by the table.
        let order = try #require(stampless.listedOrder)
        #expect(Set(order.map(\.key)) == Set(stampless.entries.keys))
        #expect(order.count == stampless.entries.count)
        let inOrder = order.map(\.key)
        let stamps = inOrder.map { id -> FileStamp? in
            guard let path = stampless.entries[id]?.filePath else { return nil }
            return try? FileReading.read(path, limit: FrontMatterLimits().maxFileBytes).get().stamp
        }
        #expect(table(stampless.listedFolders(ids: inOrder, stamps: stamps)) == table(stamped.listedFolders))
        // Given by position alone (a cold run's reads, `listedFolders(listedOrderStamps:)`): the same folders, also with
        // a read failed; and stamps one place off (a mutation) would not be the stamped listing's.
        #expect(table(stampless.listedFolders(listedOrderStamps: stamps)) == table(stamped.listedFolders))
        if !stamps.isEmpty {
            var some = stamps
            some[Int(random.next() % UInt64(some.count))] = nil
            #expect(table(stampless.listedFolders(listedOrderStamps: some)) == table(stampless.listedFolders(ids: inOrder, stamps: some)))
        }
        if stamps.count > 1, stamps.allSatisfy({ $0 != nil }), Set(stamps.map { $0!.inode }).count == stamps.count,
           !stamped.listedFolders.isEmpty {
            let offByOne = Array(stamps.dropFirst()) + [stamps[0]]
            #expect(table(stampless.listedFolders(listedOrderStamps: offByOne)) != table(stamped.listedFolders))
        }
        var shuffled = Array(zip(inOrder, stamps))
        shuffled.shuffle(using: &random)
        let byTable = table(stampless.listedFolders(ids: shuffled.map(\.0), stamps: shuffled.map(\.1)))
        #expect(byTable == table(stamped.listedFolders))
        if !stamps.isEmpty {
            var some = stamps
            some[Int(random.next() % UInt64(some.count))] = nil
            var someShuffled = Array(zip(inOrder, some))
            someShuffled.shuffle(using: &random)
            #expect(table(stampless.listedFolders(ids: inOrder, stamps: some))
                == table(stampless.listedFolders(ids: someShuffled.map(\.0), stamps: someShuffled.map(\.1))))
            #expect(table(stampless.listedFolders(ids: Array(inOrder.dropFirst()), stamps: Array(some.dropFirst())))
                == table(stampless.listedFolders(ids: Array(inOrder.dropFirst().reversed()), stamps: Array(some.dropFirst().reversed()))))
        }
        // An entry changed after the listing: the order is the table's again.
        var edited = stampless
        if let first = inOrder.first { edited.entries[first] = stampless.entries[first] }
        #expect(edited.listedOrder == nil || inOrder.isEmpty)
    }
}
