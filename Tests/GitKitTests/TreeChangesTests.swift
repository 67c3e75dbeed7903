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


/// Tree layouts (`RawTreeLayout`): what a changelog keeps of the trees it compared, so that a neighbouring version's
/// tree is parsed only where it differs. Held to the whole parse and to the entry-by-entry walk of `middles`.
@Suite struct RawTreeLayoutTests {
    /// The raw bytes of a tree with `names` (sorted here as Git sorts them; a name ending in "/" is a folder).
    private static func rawTree(_ names: [String: UInt64], badMode: String? = nil) -> [UInt8] {
        var bytes: [UInt8] = []
        let ordered = names.keys.sorted { Array($0.utf8).lexicographicallyPrecedes(Array($1.utf8)) }
        for name in ordered {
            let folder = name.hasSuffix("/")
            bytes += Array((name == badMode ? "100694 " : folder ? "40000 " : "100644 ").utf8) + Array((folder ? String(name.dropLast()) : name).utf8) + [0]
            // Ids with NUL bytes, spaces and digits in them, as real ids have.
            var seed = SplitMix64(seed: names[name] ?? 0)
            bytes += (0..<20).map { _ in [0, 0x20, 0x31, UInt8(truncatingIfNeeded: seed.next())][Int(seed.next() % 4)] }
        }
        return bytes
    }

    private static func same(_ x: RawTreeEntries, _ y: RawTreeEntries) -> Bool {
        x.names == y.names && x.lengths == y.lengths && x.modes == y.modes
    }

    @Test func layoutsAndTheirMiddlesAreWhatTheWalkFinds() {
        var random = SplitMix64(seed: 1_912)
        for round in 0..<300 {
            // A folder of up to 900 entries and a neighbour with a few changed, added or removed, at the ends too.
            var base: [String: UInt64] = [:]
            for k in 0..<Int(random.next() % 900) {
                base["eintrag-\(random.next() % 100_000)-\(k)" + (k % 13 == 0 ? "/" : ".md")] = random.next()
            }
            var next = base
            let keys = base.keys.sorted()
            for _ in 0..<Int(random.next() % 6) {
                switch random.next() % 4 {
                case 0 where !keys.isEmpty: next[keys[Int(random.next() % UInt64(keys.count))]] = nil
                case 1 where !keys.isEmpty: next[keys[Int(random.next() % UInt64(keys.count))]] = random.next()
                case 2: next["0-anfang-\(random.next() % 9)"] = random.next()
                default: next["zz-\(random.next() % 1_000)-neu.md"] = random.next()
                }
            }
            if round % 10 == 0, let key = keys.first { next[key] = random.next() }
            if round % 10 == 1, let key = keys.last { next[key] = nil }
            let a = Self.rawTree(base), b = round % 25 == 0 ? Self.rawTree(base) : Self.rawTree(next)
            a.withUnsafeBytes { a in
                b.withUnsafeBytes { b in
                    guard let la = RawTreeLayout(a), let lb = RawTreeLayout(b), let wholeA = RawTreeEntries(a, from: 0, to: a.count),
                          let walked = RawTreeEntries.middles(a, b) else {
                        Issue.record("seed 1912, round \(round): a generated tree does not parse")
                        return
                    }
                    #expect(Self.same(RawTreeEntries(a, la, 0..<la.count), wholeA), "seed 1912, round \(round)")
                    // Either side's layout from the other's is the whole parse's.
                    let fromA = RawTreeLayout(b, from: la, of: a), fromB = RawTreeLayout(a, from: lb, of: b)
                    #expect(fromA.map { $0.names == lb.names && $0.ends == lb.ends && $0.modes == lb.modes } == true, "seed 1912, round \(round)")
                    #expect(fromB.map { $0.names == la.names && $0.ends == la.ends && $0.modes == la.modes } == true, "seed 1912, round \(round)")
                    // The middles found while deriving are the walk's too.
                    if let d = RawTreeLayout.derived(b, from: la, of: a) {
                        #expect(Self.same(RawTreeEntries(a, la, d.head..<d.knownEnd), walked.0)
                                 && Self.same(RawTreeEntries(b, d.layout, d.head..<d.end), walked.1), "seed 1912, round \(round)")
                    }
                    if let d = RawTreeLayout.derived(a, from: lb, of: b) {
                        #expect(Self.same(RawTreeEntries(a, d.layout, d.head..<d.end), walked.0)
                                 && Self.same(RawTreeEntries(b, lb, d.head..<d.knownEnd), walked.1), "seed 1912, round \(round)")
                    }
                    let found = RawTreeEntries.middles(a, la, b, lb)
                    #expect(found.map { Self.same($0.0, walked.0) && Self.same($0.1, walked.1) } == true, "seed 1912, round \(round)")
                    let back = RawTreeEntries.middles(b, lb, a, la), walkedBack = RawTreeEntries.middles(b, a)
                    #expect(back.map { m in walkedBack.map { Self.same(m.0, $0.0) && Self.same(m.1, $0.1) } == true } == true,
                            "seed 1912, round \(round), back")
                }
            }
        }
    }

    /// A tree whose middle does not parse has no layout from its neighbour's (nor a whole one), so that
    /// `changedEntries` walks it and leaves it to libgit2 as before.
    @Test func aMiddleThatDoesNotParseHasNoLayout() {
        var names: [String: UInt64] = [:]
        for k in 0..<200 { names["eintrag-\(k).md"] = UInt64(k) }
        // The mode of an entry in the middle no octal number.
        let a = Self.rawTree(names), b = Self.rawTree(names, badMode: "eintrag-150.md")
        a.withUnsafeBytes { a in
            b.withUnsafeBytes { b in
                guard let la = RawTreeLayout(a) else {
                    Issue.record("the intact tree does not parse")
                    return
                }
                #expect(RawTreeLayout(b) == nil)
                #expect(RawTreeLayout(b, from: la, of: a) == nil)
            }
        }
    }
}
