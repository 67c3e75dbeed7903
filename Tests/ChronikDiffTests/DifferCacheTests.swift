import Foundation
import Testing
import GitKit
import ChronikStore
@testable import ChronikDiff

/// The Berlin sample imported at `url`: its repository, its versions newest first, and each version against the one
/// before it (the first against nothing).
private func sampleVersions(at url: URL) throws -> (Repository, [ObjectID], [(SnapshotSide, SnapshotSide)]) {
    _ = try SnapshotImporter.run(SampleBerlin.snapshots, into: url, root: SampleBerlin.displayName)
    let repository = try Repository(at: url)
    let head = try #require(try repository.referenceTarget("HEAD"))
    let history = try repository.walk(from: [head], firstParentOnly: true)
    let pairs = history.enumerated().map { k, id -> (SnapshotSide, SnapshotSide) in
        (k + 1 < history.count ? .commit(history[k + 1]) : .empty, .commit(id))
    }
    return (repository, history, pairs)
}

@Suite struct DifferCacheTests {
    @Test func generationalCacheKeepsRecentValuesWithinItsBudget() {
        var cache = GenerationalCache<Int, String>(budget: 10)
        for k in 0..<5 { cache.insert("v\(k)", for: k, cost: 1) }
        #expect(cache.value(for: 0) == "v0" && cache.count == 5)
        // The young generation (budget / 2) is full: the next insert starts a new one, the old stays readable.
        cache.insert("v5", for: 5, cost: 1)
        #expect(cache.value(for: 4) == "v4", "a hit in the old generation moves the value to the young one")
        for k in 6..<9 { cache.insert("v\(k)", for: k, cost: 1) }
        // Young: 5, 4, 6, 7, 8 (full); the next insert drops 0...3 and keeps the recently used 4.
        cache.insert("v9", for: 9, cost: 1)
        #expect(cache.value(for: 0) == nil && cache.value(for: 3) == nil)
        #expect(cache.value(for: 4) == "v4" && cache.value(for: 9) == "v9")
        #expect(cache.count <= 10)
        // A value larger than the budget is kept alone, and the next one replaces it.
        cache.insert("big", for: 100, cost: 50)
        #expect(cache.value(for: 100) == "big")
        cache.insert("v10", for: 10, cost: 1)
        #expect(cache.count <= 11)
    }

    /// One differ walking the whole history (as the changelog does, newest first and then oldest first) gives what
    /// a fresh differ gives for each pair, with the caches full of earlier versions, and with a budget so small
    /// that every entry is evicted at once.
    @Test func aReusedDifferGivesWhatAFreshOneGives() throws {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("chronik-differ-cache-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: url) }
        let (repository, history, firstPairs) = try sampleVersions(at: url)
        var pairs = firstPairs
        var options = SnapshotDiffOptions()
        options.publicOnly = true
        // Releases compared with releases two back, too: sides that were both sides before.
        for k in 0..<(history.count - 2) { pairs.append((.commit(history[k + 2]), .commit(history[k]))) }
        for budget in [64 << 20, 1] {
            let reused = SnapshotDiffer(repository: repository, entryBudget: budget)
            for (old, new) in pairs + pairs.reversed() {
                let fresh = try SnapshotDiffer(repository: repository).diff(from: old, to: new, options: options)
                #expect(try reused.diff(from: old, to: new, options: options) == fresh)
            }
        }
    }
}

/// Differs on several threads sharing one cache of parsed blobs (as a changelog's do), each walking the sample's
/// history in its own order, give what fresh differs give: with room for every entry and with none.
@Test func differsSharingParsedBlobsGiveWhatFreshOnesGive() throws {
    let url = FileManager.default.temporaryDirectory.appendingPathComponent("chronik-differ-shared-\(UUID().uuidString)")
    defer { try? FileManager.default.removeItem(at: url) }
    let (repository, _, pairs) = try sampleVersions(at: url)
    var options = SnapshotDiffOptions()
    options.publicOnly = true
    options.threads = 1
    let frozenPairs = pairs, frozenOptions = options
    let expected = try pairs.map { try SnapshotDiffer(repository: repository).diff(from: $0.0, to: $0.1, options: options) }
    for budget in [64 << 20, 1] {
        let shared = ParsedBlobCache(entryBudget: budget)
        let differs = WorkerSlots(try (0..<3).map { _ in SnapshotDiffer(repository: try Repository(at: repository.gitDirectory), parsed: shared) })
        // Thread t starts at pair t and goes round: every pair is diffed by every thread, in different orders.
        let results = parallelMap(Array(0..<3), threads: 3) { t -> [SnapshotDiff?] in
            let differ = differs[t]
            var got = [SnapshotDiff?](repeating: nil, count: frozenPairs.count)
            for k in 0..<frozenPairs.count {
                let i = (t + k) % frozenPairs.count
                got[i] = try? differ.diff(from: frozenPairs[i].0, to: frozenPairs[i].1, options: frozenOptions)
            }
            return got
        }
        for (t, got) in results.enumerated() {
            for (i, diff) in got.enumerated() { #expect(diff == expected[i], "budget \(budget) thread \(t) pair \(i)") }
        }
    }
}

/// Entries are compared on several threads when there is enough work; the diff must not depend on how many: every
/// pair of sample versions (and each version against nothing, which is every entry added) with one thread and with
/// four (forced, below the size at which threads are used on their own), by a fresh differ and by one whose caches
/// hold parsed entries from earlier pairs.
@Test func theDiffIsTheSameOnAnyNumberOfThreads() throws {
    let url = FileManager.default.temporaryDirectory.appendingPathComponent("chronik-differ-threads-\(UUID().uuidString)")
    defer { try? FileManager.default.removeItem(at: url) }
    _ = try SnapshotImporter.run(SampleBerlin.snapshots, into: url, root: SampleBerlin.displayName)
    let repository = try Repository(at: url)
    let head = try #require(try repository.referenceTarget("HEAD"))
    let history = try repository.walk(from: [head], firstParentOnly: true)
    var sides: [SnapshotSide] = [.empty]
    sides += history.map { .commit($0) }
    let reused = SnapshotDiffer(repository: repository)
    var compared = 0
    for (i, old) in sides.enumerated() {
        for new in sides[(i + 1)...] {
            for publicOnly in [false, true] {
                var one = SnapshotDiffOptions()
                one.publicOnly = publicOnly
                one.threads = 1
                var four = one
                four.threads = 4
                let expected = try SnapshotDiffer(repository: repository).diff(from: old, to: new, options: one)
                #expect(try SnapshotDiffer(repository: repository).diff(from: old, to: new, options: four) == expected)
                #expect(try reused.diff(from: old, to: new, options: four) == expected)
                #expect(try reused.diff(from: new, to: old, options: four) == (try SnapshotDiffer(repository: repository).diff(from: new, to: old, options: one)))
                compared += expected.entries.count
            }
        }
    }
    #expect(compared > 100, "the pairs hold many entry diffs")

    // The working tree as the new side: its files are read by the threads that compare them.
    let root = try #require(repository.workingDirectory)
    let strategy = root.appendingPathComponent("strategy")
    let sections = try FileManager.default.contentsOfDirectory(atPath: strategy.path).filter { $0.hasSuffix(".md") }.sorted()
    for name in sections.prefix(3) {
        let file = strategy.appendingPathComponent(name)
        try (try String(contentsOf: file, encoding: .utf8) + "\nEin neuer Absatz über Bürger:innen im Kiez.\n").write(to: file, atomically: true, encoding: .utf8)
    }
    try "---\nterm: Neu\ndefinition: Ein neuer Begriff.\n---\n".write(to: root.appendingPathComponent("glossary/neu.md"), atomically: true, encoding: .utf8)
    var one = SnapshotDiffOptions()
    one.threads = 1
    var four = one
    four.threads = 4
    let fromHead = try SnapshotDiffer(repository: repository).diff(from: .commit(head), to: .workingTree, options: one)
    #expect(fromHead.entries.count == 4)
    #expect(try SnapshotDiffer(repository: repository).diff(from: .commit(head), to: .workingTree, options: four) == fromHead)
    #expect(try reused.diff(from: .commit(history[history.count - 1]), to: .workingTree, options: four)
        == (try SnapshotDiffer(repository: repository).diff(from: .commit(history[history.count - 1]), to: .workingTree, options: one)))

    // The text renderer, too: first draft against the last, plain and coloured, on one thread and on four.
    let diff = try reused.diff(from: sides[1], to: sides[sides.count - 1])
    for color in [false, true] {
        var one = RenderOptions(color: color)
        one.threads = 1
        var four = one
        four.threads = 4
        #expect(DiffTextRenderer.render(diff, options: four) == DiffTextRenderer.render(diff, options: one))
    }
}


/// The tree walk pairs entries by name whatever their kind and order: a file that became a folder of the same name
/// (between them in Git's order: `foo-bar`, `foo.md`) is a removed file plus the folder's added files.
@Test func treeWalkPairsByNameAcrossFileAndFolder() throws {
    let url = FileManager.default.temporaryDirectory.appendingPathComponent("chronik-walk-\(UUID().uuidString)")
    defer { try? FileManager.default.removeItem(at: url) }
    let repository = try Repository.create(at: url)
    func blob(_ text: String) throws -> ObjectID { try repository.writeBlob(Data(text.utf8)) }
    let inner = try repository.writeTree([TreeEntry(name: "x.md", id: try blob("# X\n"), mode: .blob)])
    let old = try repository.writeTree([
        TreeEntry(name: "foo", id: try blob("file\n"), mode: .blob),
        TreeEntry(name: "foo-bar", id: try blob("same\n"), mode: .blob),
        TreeEntry(name: "foo.md", id: try blob("# Foo\n"), mode: .blob),
        TreeEntry(name: "zeta.md", id: try blob("# Zeta\n"), mode: .blob),
    ])
    let new = try repository.writeTree([
        TreeEntry(name: "foo", id: inner, mode: .tree),
        TreeEntry(name: "foo-bar", id: try blob("same\n"), mode: .blob),
        TreeEntry(name: "foo.md", id: try blob("# Foo\n\nMore.\n"), mode: .blob),
        TreeEntry(name: "new.md", id: try blob("# New\n"), mode: .blob),
    ])
    var changed: [SnapshotDiffer.ChangedPath] = []
    try SnapshotDiffer(repository: repository).walk(old, new, prefix: "", into: &changed)
    #expect(changed.map(\.path) == ["foo.md", "foo/x.md", "foo", "new.md", "zeta.md"])
    #expect(changed.map { $0.old != nil } == [true, false, true, false, true])
    #expect(changed.map { $0.new != nil } == [true, true, false, true, false])
}

/// Document order is compared only when something in the strategy folder other than a modified entry changed, or
/// a modified entry's `order` did; for every pair of the sample's versions (and private `order` values, which the
/// public diff hides) the result is what comparing all sections of both trees gives.
@Test func documentOrderIsSkippedOnlyWhenNoOrderChanged() throws {
    let url = FileManager.default.temporaryDirectory.appendingPathComponent("chronik-order-\(UUID().uuidString)")
    defer { try? FileManager.default.removeItem(at: url) }
    _ = try SnapshotImporter.run(SampleBerlin.snapshots, into: url, root: SampleBerlin.displayName)
    let repository = try Repository(at: url)
    let head = try #require(try repository.referenceTarget("HEAD"))
    var versions = try repository.walk(from: [head], firstParentOnly: true)
    // One more version: only the order of one section changes (and one word elsewhere, so the strategy is touched).
    let tree = try repository.commit(head).treeID
    let folder = try #require(try repository.entry(atPath: "strategy", inTree: tree))
    var entries = try repository.tree(folder.id)
    let k = try #require(entries.indices.first { entries[$0].name.hasSuffix(".md") })
    let text = String(decoding: try repository.blob(entries[k].id), as: UTF8.self)
    let reordered = text.replacingOccurrences(of: #"(?m)^order: .*$"#, with: "order: 999", options: .regularExpression)
    #expect(reordered != text)
    entries[k] = TreeEntry(name: entries[k].name, id: try repository.writeBlob(Data(reordered.utf8)), mode: entries[k].mode)
    let newFolder = try repository.writeTree(entries)
    var top = try repository.tree(tree)
    if let f = top.firstIndex(where: { $0.name == "strategy" }) { top[f] = TreeEntry(name: "strategy", id: newFolder, mode: .tree) }
    let signature = Signature(name: "T", email: "t@example.org", date: Date(timeIntervalSince1970: 1_700_000_000), timeZoneOffsetMinutes: 0)
    versions.insert(try repository.createCommit(tree: try repository.writeTree(top), parents: [head], author: signature,
                                                committer: signature, message: "Reorder"), at: 0)

    func allSections(_ commit: ObjectID) throws -> [DocumentSection] {
        let tree = try repository.commit(commit).treeID
        guard let folder = try repository.entry(atPath: "strategy", inTree: tree) else { return [] }
        return try repository.tree(folder.id).filter { $0.name.hasSuffix(".md") }.map { e in
            let document = try? EntryDocument.parse(try repository.blob(e.id))
            var order: Double?
            if case .number(let n)? = document?.fields["order"] { order = n.double }
            return DocumentSection(id: String(e.name.dropLast(3)), order: order, title: document?.fields["title"]?.stringValue)
        }
    }
    let differ = SnapshotDiffer(repository: repository)
    var moves = 0
    for old in versions {
        for new in versions where new != old {
            let diff = try differ.diff(from: .commit(old), to: .commit(new))
            let touched = diff.entries.contains { $0.entry.collection == "strategy" || $0.from?.collection == "strategy" }
            let renames = Dictionary(diff.entries.filter { $0.kind == .renamed && $0.entry.collection == "strategy" }.compactMap { e in
                e.from.map { ($0.id, e.entry.id) } }, uniquingKeysWith: { a, _ in a })
            let expected = DocumentOrder.compare(collection: "strategy", old: try allSections(old), new: try allSections(new), renames: renames)
            let got = diff.documents.first { $0.collection == "strategy" }
            if touched, !expected.isEmpty {
                #expect(got?.sections.map(\.id) == expected.sections.map(\.id))
                #expect(got?.sections.map(\.kind) == expected.sections.map(\.kind))
                moves += expected.moved.count
            } else {
                #expect(got == nil)
            }
        }
    }
    #expect(moves > 0)
}

/// A version that adds more entries than the comparison's threads work ahead (`EntryJob.resultBatch` × `batchesAhead`): the results
/// come back in order on any number of threads, and an unreadable blob in the middle is the error, the first in the
/// order of the entries, whatever thread met it.
@Test func aLargeVersionIsComparedInOrderThroughTheWindow() throws {
    let url = FileManager.default.temporaryDirectory.appendingPathComponent("chronik-differ-window-\(UUID().uuidString)")
    defer { try? FileManager.default.removeItem(at: url) }
    let repository = try Repository.create(at: url)
    var random = SplitMix64(seed: 41)
    var entries: [TreeEntry] = []
    var blobs: [ObjectID] = []
    for k in 0..<1_200 {
        let words = (0..<(5 + Int(random.next() % 40))).map { _ in ["Kiez", "Beteiligung", "Daten", "Stadt", "offen"][Int(random.next() % 5)] }
        let text = "---\ntitle: Eintrag \(k)\nrank: \(random.next() % 100)\n---\n\n# Eintrag \(k)\n\n\(words.joined(separator: " ")).\n"
        let blob = try repository.writeBlob(Data(text.utf8))
        blobs.append(blob)
        entries.append(TreeEntry(name: String(format: "eintrag-%04d.md", k), id: blob, mode: .blob))
    }
    let folder = try repository.writeTree(entries)
    let tree = try repository.writeTree([TreeEntry(name: "notizen", id: folder, mode: .tree)])
    let fsck = Process()
    fsck.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    fsck.arguments = ["git", "-C", url.path, "fsck", "--full", "--no-dangling"]
    try fsck.run()
    fsck.waitUntilExit()
    #expect(fsck.terminationStatus == 0, "git fsck --full")
    var one = SnapshotDiffOptions()
    one.threads = 1
    var four = one
    four.threads = 4
    let expected = try SnapshotDiffer(repository: repository).diff(from: .empty, to: .tree(tree), options: one)
    #expect(expected.entries.count == 1_200)
    #expect(try SnapshotDiffer(repository: repository).diff(from: .empty, to: .tree(tree), options: four) == expected)

    // Two blobs gone: the error names the first in the order of the entries on one thread and on four.
    for k in [1_000, 700] {
        let hex = blobs[k].hex
        try FileManager.default.removeItem(at: url.appendingPathComponent(".git/objects/\(hex.prefix(2))/\(hex.dropFirst(2))"))
    }
    func unreadable(_ options: SnapshotDiffOptions) -> ObjectID? {
        do {
            _ = try SnapshotDiffer(repository: repository).diff(from: .empty, to: .tree(tree), options: options)
            return nil
        } catch {
            guard case .unreadableObject(let unreadable) = error else { return nil }
            return unreadable.id
        }
    }
    #expect(unreadable(one) == blobs[700])
    #expect(unreadable(four) == blobs[700])
}
