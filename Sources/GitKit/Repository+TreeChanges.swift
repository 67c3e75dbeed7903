import CLibGit2
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// One name whose entry differs between two trees: both sides when the id or mode changed, one side when only one
/// tree has the name.
public struct TreeEntryChange: Sendable, Hashable {
    public var old: TreeEntry?
    public var new: TreeEntry?

    public init(old: TreeEntry?, new: TreeEntry?) {
        self.old = old
        self.new = new
    }
}

extension Repository {
    /// The entries that differ between tree `old` and tree `new` (nil: the empty tree), paired by name, one level
    /// deep: in the order of the new tree, then the names only the old tree has, in its order.
    ///
    /// Git keeps a tree's entries sorted (by name bytes, a folder's name as if it ended in "/"), so one merge pass
    /// over both pairs almost every name; whatever it leaves (a name that changed between file and folder, or a
    /// tree out of order) is paired by its bytes among the few left, so the result never depends on the order. Names
    /// compare as bytes, as Git compares them. Entries equal on both sides (most of a 1,000-entry folder from one
    /// version to the next) are compared inside libgit2's parsed trees and never copied out: a changelog's tree
    /// walk spent most of its time making names of entries it then skipped. Wraps `git_tree_lookup`,
    /// `git_tree_entrycount`, `git_tree_entry_byindex`, `git_tree_entry_name`, `git_tree_entry_id` and
    /// `git_tree_entry_filemode_raw`.
    public func changedEntries(from old: ObjectID?, to new: ObjectID?) throws -> [TreeEntryChange] {
        try withOptionalTree(old) { a in
            try withOptionalTree(new) { b in Self.changes(a.map(TreeEntries.init) ?? .empty, b.map(TreeEntries.init) ?? .empty) }
        }
    }

    private static func changes(_ a: TreeEntries, _ b: TreeEntries) -> [TreeEntryChange] {
        var partner = [Int](repeating: -1, count: b.count)
        var matched = [Bool](repeating: false, count: a.count)
        var i = 0
        for j in 0..<b.count {
            // Most names are on both sides, in step: then one comparison of equal names is all it takes.
            if i < a.count, !a.sameName(i, as: b, j) {
                while i < a.count, a.precedes(i, b, j) { i += 1 }
            }
            if i < a.count, a.sameName(i, as: b, j) {
                partner[j] = i
                matched[i] = true
                i += 1
            }
        }
        if partner.contains(-1), matched.contains(false) {
            var byName: [[UInt8]: Int] = [:]
            for k in 0..<a.count where !matched[k] { byName[a.nameBytes(k)] = k }
            for j in 0..<b.count where partner[j] < 0 {
                if let k = byName.removeValue(forKey: b.nameBytes(j)) {
                    partner[j] = k
                    matched[k] = true
                }
            }
        }
        var changes: [TreeEntryChange] = []
        for j in 0..<b.count {
            let k = partner[j]
            if k >= 0, a.sameContent(k, as: b, j) { continue }
            changes.append(TreeEntryChange(old: k >= 0 ? a.entry(k) : nil, new: b.entry(j)))
        }
        for k in 0..<a.count where !matched[k] { changes.append(TreeEntryChange(old: a.entry(k), new: nil)) }
        return changes
    }
}

/// The entries of a parsed tree, borrowed from libgit2 (valid while the tree is), with their names' lengths.
private struct TreeEntries {
    let entries: [OpaquePointer]
    let names: [UnsafePointer<CChar>]
    let lengths: [Int]

    static var empty: TreeEntries { TreeEntries(entries: [], names: [], lengths: []) }

    private init(entries: [OpaquePointer], names: [UnsafePointer<CChar>], lengths: [Int]) {
        self.entries = entries
        self.names = names
        self.lengths = lengths
    }

    init(_ tree: OpaquePointer) {
        var entries: [OpaquePointer] = [], names: [UnsafePointer<CChar>] = [], lengths: [Int] = []
        let count = git_tree_entrycount(tree)
        entries.reserveCapacity(count)
        names.reserveCapacity(count)
        lengths.reserveCapacity(count)
        for index in 0..<count {
            guard let entry = git_tree_entry_byindex(tree, index), let name = git_tree_entry_name(entry) else { continue }
            entries.append(entry)
            names.append(name)
            lengths.append(strlen(name))
        }
        self.init(entries: entries, names: names, lengths: lengths)
    }

    var count: Int { entries.count }

    func isTree(_ k: Int) -> Bool { git_tree_entry_filemode_raw(entries[k]).rawValue == 0o040000 }

    func sameName(_ k: Int, as other: TreeEntries, _ j: Int) -> Bool {
        lengths[k] == other.lengths[j] && memcmp(names[k], other.names[j], lengths[k]) == 0
    }

    /// Entry `k` comes before the other's entry `j` in Git's order: by name bytes, a folder's name as if it ended
    /// in "/".
    func precedes(_ k: Int, _ other: TreeEntries, _ j: Int) -> Bool {
        var p = 0
        while true {
            let c = orderByte(k, p), d = other.orderByte(j, p)
            switch (c, d) {
            case (nil, nil): return false
            case (nil, _): return true
            case (_, nil): return false
            case let (c?, d?): if c != d { return c < d }
            }
            p += 1
        }
    }

    /// Byte `p` of entry `k`'s name as Git orders it: the name, then "/" for a folder, then nothing.
    private func orderByte(_ k: Int, _ p: Int) -> UInt8? {
        if p < lengths[k] { return UInt8(bitPattern: names[k][p]) }
        return p == lengths[k] && isTree(k) ? 0x2F : nil
    }

    /// Same id and mode.
    func sameContent(_ k: Int, as other: TreeEntries, _ j: Int) -> Bool {
        guard git_tree_entry_filemode_raw(entries[k]).rawValue == git_tree_entry_filemode_raw(other.entries[j]).rawValue,
              let x = git_tree_entry_id(entries[k]), let y = git_tree_entry_id(other.entries[j]) else { return false }
        return git_oid_equal(x, y) != 0
    }

    func nameBytes(_ k: Int) -> [UInt8] {
        Array(UnsafeBufferPointer(start: UnsafeRawPointer(names[k]).assumingMemoryBound(to: UInt8.self), count: lengths[k]))
    }

    func entry(_ k: Int) -> TreeEntry { TreeEntry(borrowing: entries[k]) }
}
