import ChronikStore
import Foundation
import Testing
@testable import GitKit

/// The pairing `SnapshotDiffer` did on `[TreeEntry]` before `changedEntries` did it inside libgit2: the oracle.
private func referenceChanges(_ a: [TreeEntry], _ b: [TreeEntry]) -> [TreeEntryChange] {
    func gitOrder(_ x: TreeEntry, _ y: TreeEntry) -> Bool {
        let p = Array(x.name.utf8) + (x.mode == .tree ? [0x2F] : []), q = Array(y.name.utf8) + (y.mode == .tree ? [0x2F] : [])
        return p.lexicographicallyPrecedes(q)
    }
    var partner = [Int](repeating: -1, count: b.count)
    var matched = [Bool](repeating: false, count: a.count)
    var i = 0
    for (j, n) in b.enumerated() {
        if i < a.count, a[i].name != n.name {
            while i < a.count, gitOrder(a[i], n) { i += 1 }
        }
        if i < a.count, a[i].name == n.name {
            partner[j] = i
            matched[i] = true
            i += 1
        }
    }
    var byName: [String: Int] = [:]
    for (k, e) in a.enumerated() where !matched[k] { byName[e.name] = k }
    for (j, n) in b.enumerated() where partner[j] < 0 {
        if let k = byName.removeValue(forKey: n.name) {
            partner[j] = k
            matched[k] = true
        }
    }
    var changes: [TreeEntryChange] = []
    for (j, n) in b.enumerated() {
        let o = partner[j] >= 0 ? a[partner[j]] : nil
        if let o, o.id == n.id, o.mode == n.mode { continue }
        changes.append(TreeEntryChange(old: o, new: n))
    }
    for (k, o) in a.enumerated() where !matched[k] { changes.append(TreeEntryChange(old: o, new: nil)) }
    return changes
}

@Suite struct TreeChangesTests {
    @Test func pairsEntriesAsTheReferenceDoes() throws {
        try withTemporaryRepository { temporary in
            let repository = temporary.repository
            var random = SplitMix64(seed: 2_005)
            // Names that sort close to each other in Git's order, folders among them ("foo" against "foo-bar",
            // "foo.md", "foo/").
            let names = ["foo", "foo-bar", "foo.md", "foo0", "fo", "a", "a.md", "b", "zeta.md", "ä.md", "x-y", "x"]
            let blobs = try (0..<4).map { try repository.writeBlob(Data("blob \($0)\n".utf8)) }
            let inner = try repository.writeTree([TreeEntry(name: "x.md", id: blobs[0], mode: .blob)])
            func randomTree() throws -> (ObjectID, [TreeEntry]) {
                var entries: [TreeEntry] = []
                for name in names where random.next() % 3 != 0 {
                    switch random.next() % 5 {
                    case 0: entries.append(TreeEntry(name: name, id: inner, mode: .tree))
                    case 1: entries.append(TreeEntry(name: name, id: blobs[Int(random.next() % 4)], mode: .executable))
                    default: entries.append(TreeEntry(name: name, id: blobs[Int(random.next() % 4)], mode: .blob))
                    }
                }
                let id = try repository.writeTree(entries)
                return (id, try repository.tree(id))
            }
            for round in 0..<400 {
                let (old, a) = try randomTree()
                let (new, b) = try randomTree()
                #expect(try repository.changedEntries(from: old, to: new) == referenceChanges(a, b), "seed 2005, round \(round)")
                #expect(try repository.changedEntries(from: nil, to: new) == referenceChanges([], b), "seed 2005, round \(round)")
                #expect(try repository.changedEntries(from: old, to: nil) == referenceChanges(a, []), "seed 2005, round \(round)")
                #expect(try repository.changedEntries(from: old, to: old).isEmpty)
            }
        }
    }

    /// Folders of hundreds of entries of which a version changes a few (what a changelog compares): the raw trees'
    /// common head and tail are skipped, and the pairing is still the reference's, with changes at the ends too.
    @Test func pairsLargeTreesWithFewChangesAsTheReferenceDoes() throws {
        try withTemporaryRepository { temporary in
            let repository = temporary.repository
            var random = SplitMix64(seed: 2_006)
            let blobs = try (0..<6).map { try repository.writeBlob(Data("inhalt \($0)\n".utf8)) }
            let inner = try repository.writeTree([TreeEntry(name: "x.md", id: blobs[0], mode: .blob)])
            var base: [String: TreeEntry] = [:]
            for k in 0..<300 {
                let name = "eintrag-\(k * 7 % 300)\(k % 3 == 0 ? ".md" : "")"
                base[name] = TreeEntry(name: name, id: blobs[k % 6], mode: .blob)
            }
            for round in 0..<200 {
                var changed = base
                let names = base.keys.sorted()
                for _ in 0..<Int(random.next() % 5) {
                    let name = names[Int(random.next() % UInt64(names.count))]
                    switch random.next() % 4 {
                    case 0: changed[name] = nil
                    case 1: changed[name] = TreeEntry(name: name, id: blobs[Int(random.next() % 6)], mode: .executable)
                    case 2: changed[name] = TreeEntry(name: name, id: inner, mode: .tree)
                    default: changed[name + "-neu"] = TreeEntry(name: name + "-neu", id: blobs[Int(random.next() % 6)], mode: .blob)
                    }
                }
                // Sometimes the first or last entry in Git's order.
                if round % 7 == 0 { changed["0-anfang"] = TreeEntry(name: "0-anfang", id: blobs[1], mode: .blob) }
                if round % 11 == 0 { changed["zz-ende"] = TreeEntry(name: "zz-ende", id: blobs[2], mode: .blob) }
                let old = try repository.writeTree(Array(base.values)), new = try repository.writeTree(Array(changed.values))
                let a = try repository.tree(old), b = try repository.tree(new)
                #expect(try repository.changedEntries(from: old, to: new) == referenceChanges(a, b), "seed 2006, round \(round)")
                #expect(try repository.changedEntries(from: new, to: old) == referenceChanges(b, a), "seed 2006, round \(round), back")
            }
        }
    }

    /// What is not a tree the usual way is libgit2's to read, and to refuse: an id of a blob, and a tree object
    /// whose bytes libgit2 cannot parse (written with `git hash-object --literally`).
    @Test func whatIsNotATreeIsLibgit2sError() throws {
        let url = try makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(at: url) }
        let repository = try Repository.create(at: url)
        let blob = try repository.writeBlob(Data("kein Baum\n".utf8))
        let tree = try repository.writeTree([TreeEntry(name: "a.md", id: blob, mode: .blob)])
        #expect(throws: GitError.self) { try repository.changedEntries(from: tree, to: blob) }
        let garbage = url.appendingPathComponent("garbage")
        try Data("100644 b.md\0zu kurz".utf8).write(to: garbage)
        let run = try runGit(["hash-object", "-t", "tree", "--literally", "-w", garbage.path], in: url)
        #expect(run.status == 0, "\(run.stderr)")
        let broken = try #require(ObjectID(hex: run.stdout.trimmingCharacters(in: .whitespacesAndNewlines)))
        #expect(throws: GitError.self) { try repository.changedEntries(from: tree, to: broken) }
        #expect(throws: GitError.self) { try repository.changedEntries(from: broken, to: broken) }
    }
}

