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
    /// walk spent most of its time making names of entries it then skipped. The trees are read as Git stores them
    /// (`git_odb_read`) and compared as bytes: the entries of their common head and tail (from one version to the
    /// next, all but a few) are not even parsed. A tree that is not stored the usual way is read by libgit2
    /// (`git_tree_lookup`, `git_tree_entry_byindex` and the other `git_tree_entry_*` accessors), as is any id that
    /// is not a tree, which gives libgit2's error.
    public func changedEntries(from old: ObjectID?, to new: ObjectID?) throws -> [TreeEntryChange] {
        // Both trees as Git stores them, compared as bytes: only the entries between their common head and tail are
        // parsed. A tree libgit2 would not parse the usual way (or any other object) takes libgit2's way, which
        // gives its error.
        if let changes = try withRawTree(old, { a in try withRawTree(new) { b in rawMiddles(a, old, b, new).map { Self.changes($0, $1) } } }) {
            return changes
        }
        return try withOptionalTree(old) { a in
            try withOptionalTree(new) { b in Self.changes(a.map(TreeEntries.init) ?? .empty, b.map(TreeEntries.init) ?? .empty) }
        }
    }

    /// The changes between two trees given as Git stores them, paired as `changedEntries` pairs them: only the
    /// entries between the common head and tail parsed (`skippingCommonEnds`, what `changedEntries` does) or every
    /// entry; nil when the bytes are not entries the way this reader parses them (then `changedEntries` asks
    /// libgit2). For the raw tree fuzz target (Sources/Fuzz/RawTree), which holds the two ways to each other.
    package static func changes(betweenRawTrees a: UnsafeRawBufferPointer, _ b: UnsafeRawBufferPointer,
                                skippingCommonEnds: Bool = true) -> [TreeEntryChange]? {
        if skippingCommonEnds { return RawTreeEntries.middles(a, b).map { changes($0, $1) } }
        guard let all = RawTreeEntries(a, from: 0, to: a.count), let other = RawTreeEntries(b, from: 0, to: b.count) else { return nil }
        return changes(all, other)
    }

    /// The entries between the common head and tail of raw trees `a` (id `old`) and `b` (id `new`): found in their
    /// layouts (kept by this handle, else parsed whole and kept) by binary search, as `RawTreeEntries.middles` finds
    /// them entry by entry; that walk where either tree is not parsed the usual way.
    private func rawMiddles(_ a: UnsafeRawBufferPointer, _ old: ObjectID?, _ b: UnsafeRawBufferPointer,
                            _ new: ObjectID?) -> (RawTreeEntries, RawTreeEntries)? {
        func kept(_ id: ObjectID?) -> RawTreeLayout? { id.map { treeLayouts.kept($0) } ?? .empty }
        var la = kept(old), lb = kept(new)
        // One side known (the version next to the last compared): the other's layout from it, parsing only the
        // middle, which is then the middles' side.
        if let old, la == nil, let known = lb, let derived = RawTreeLayout.derived(a, from: known, of: b) {
            treeLayouts.keep(derived.layout, of: old, size: a.count)
            return (RawTreeEntries(a, derived.layout, derived.head..<derived.end), RawTreeEntries(b, known, derived.head..<derived.knownEnd))
        }
        if let new, lb == nil, let known = la, let derived = RawTreeLayout.derived(b, from: known, of: a) {
            treeLayouts.keep(derived.layout, of: new, size: b.count)
            return (RawTreeEntries(a, known, derived.head..<derived.knownEnd), RawTreeEntries(b, derived.layout, derived.head..<derived.end))
        }
        if let old, la == nil { la = treeLayouts.layout(of: old, bytes: a) }
        if let new, lb == nil { lb = treeLayouts.layout(of: new, bytes: b) }
        guard let la, let lb, let middles = RawTreeEntries.middles(a, la, b, lb) else { return RawTreeEntries.middles(a, b) }
        return middles
    }

    /// Runs `body` with the raw bytes of tree `id` (empty for nil); nil when `id` is not a tree. Read by GitKit's own
    /// reader (`ObjectReader`) when it can, else by libgit2. Wraps `git_odb_read`.
    private func withRawTree<R>(_ id: ObjectID?, _ body: (UnsafeRawBufferPointer) throws -> R?) throws -> R? {
        guard let id else { return try body(UnsafeRawBufferPointer(start: nil, count: 0)) }
        if let (type, bytes) = objectReader()?.read(id) {
            guard type == 2 else { return nil }
            return try bytes.withUnsafeBytes { try body($0) }
        }
        var oid = id.oid
        var object: OpaquePointer?
        try check(git_odb_read(&object, try odb(), &oid), "git_odb_read")
        guard let object else { throw GitError.missingResult("git_odb_read") }
        defer { git_odb_object_free(object) }
        guard git_odb_object_type(object) == GIT_OBJECT_TREE else { return nil }
        return try body(UnsafeRawBufferPointer(start: git_odb_object_data(object), count: git_odb_object_size(object)))
    }

    private static func changes<Entries: PairableEntries>(_ a: Entries, _ b: Entries) -> [TreeEntryChange] {
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

/// What `Repository.changes` pairs: the entries of one tree, by index.
private protocol PairableEntries {
    var count: Int { get }
    func sameName(_ k: Int, as other: Self, _ j: Int) -> Bool
    /// Byte `p` of entry `k`'s name as Git orders it: the name, then "/" for a folder, then nothing.
    func orderByte(_ k: Int, _ p: Int) -> UInt8?
    func sameContent(_ k: Int, as other: Self, _ j: Int) -> Bool
    func nameBytes(_ k: Int) -> [UInt8]
    func entry(_ k: Int) -> TreeEntry
}

extension PairableEntries {
    /// Entry `k` comes before the other's entry `j` in Git's order: by name bytes, a folder's name as if it ended
    /// in "/".
    func precedes(_ k: Int, _ other: Self, _ j: Int) -> Bool {
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
}

/// Entries of a tree object's raw bytes, as Git writes them (`<octal mode> <name>\0<20-byte id>`, sorted): the
/// offsets of each entry's name and id.
struct RawTreeEntries: PairableEntries {
    let bytes: UnsafeRawBufferPointer
    var names: [Int] = []
    var lengths: [Int] = []
    var modes: [UInt32] = []

    var count: Int { names.count }

    /// Parses the entries from `start` up to `end` (a position where an entry starts or the end); nil when the bytes
    /// are not entries the way libgit2 parses them without complaint.
    init?(_ bytes: UnsafeRawBufferPointer, from start: Int, to end: Int) {
        self.bytes = bytes
        var p = start
        while p < end {
            guard let (mode, name, length, next) = Self.entry(bytes, at: p) else { return nil }
            modes.append(mode)
            names.append(name)
            lengths.append(length)
            p = next
        }
        guard p == end else { return nil }
    }

    /// The entry at `p`: mode, where its name starts, the name's length and where the next entry starts.
    static func entry(_ bytes: UnsafeRawBufferPointer, at p: Int) -> (mode: UInt32, name: Int, length: Int, next: Int)? {
        var q = p, mode: UInt32 = 0
        while q < bytes.count, bytes[q] >= 0x30, bytes[q] <= 0x37, q - p < 6 {
            mode = mode << 3 | UInt32(bytes[q] - 0x30)
            q += 1
        }
        guard q > p, q < bytes.count, bytes[q] == 0x20, mode <= 0xFFFF, let base = bytes.baseAddress else { return nil }
        let name = q + 1
        guard name < bytes.count, let nul = memchr(base + name, 0, bytes.count - name) else { return nil }
        let length = base.distance(to: UnsafeRawPointer(nul))
        guard length > name, length - name <= 0xFFFF, bytes.count - (length + 1) >= 20 else { return nil }
        return (mode, name, length - name, length + 21)
    }

    /// The entries of `a` and `b` that lie between their common head and tail (whole entries with the same bytes on
    /// both sides, which pair with each other and differ in nothing); nil when either is not parsed the usual way.
    static func middles(_ a: UnsafeRawBufferPointer, _ b: UnsafeRawBufferPointer) -> (RawTreeEntries, RawTreeEntries)? {
        // The common head: entries of `a` that end within the bytes both share.
        let shared = commonPrefix(a, b)
        var head = 0
        while head < shared {
            guard let e = entry(a, at: head) else { return nil }
            guard e.next <= shared else { break }
            head = e.next
        }
        // The common tail: from the first positions, one entry start in each, from which both have the same bytes to
        // the end. Entries are walked in step by how far each side is from its end.
        let tail = commonSuffix(a, b, limit: min(a.count, b.count) - head)
        var i = head, j = head
        while i < a.count || j < b.count {
            let restA = a.count - i, restB = b.count - j
            if restA == restB, restA <= tail { break }
            // Move the side farther from its end (both when equally far).
            if restA >= restB {
                guard let e = entry(a, at: i) else { return nil }
                i = e.next
            }
            if restB >= restA {
                guard let e = entry(b, at: j) else { return nil }
                j = e.next
            }
        }
        guard let middleA = RawTreeEntries(a, from: head, to: i), let middleB = RawTreeEntries(b, from: head, to: j) else { return nil }
        return (middleA, middleB)
    }

    /// `middles` on trees whose layouts are known (`a`'s is `la`, `b`'s `lb`): the same entries, found by binary
    /// search instead of walking every entry before the common tail (a changelog compares folders of thousands of
    /// entries, each version with both neighbours); nil when the layouts do not agree with what `middles` would walk.
    static func middles(_ a: UnsafeRawBufferPointer, _ la: RawTreeLayout, _ b: UnsafeRawBufferPointer,
                        _ lb: RawTreeLayout) -> (RawTreeEntries, RawTreeEntries)? {
        guard la.size == a.count, lb.size == b.count else { return nil }
        // The common head: the entries of `a` that end within the bytes both share; `b` has the same ones.
        let shared = commonPrefix(a, b)
        let h = la.entries(endingBy: shared)
        let head = la.start(h)
        guard h <= lb.count, lb.start(h) == head else { return nil }
        // The common tail: the first entry starts, one in each, from which both have the same bytes to the end and
        // are equally far from it (as `middles` walks them in step, the nearest to the head).
        let tail = commonSuffix(a, b, limit: min(a.count, b.count) - head)
        var i = la.firstEntry(startingFrom: a.count - tail, after: h), j = lb.firstEntry(startingFrom: b.count - tail, after: h)
        while true {
            let restA = a.count - la.start(i), restB = b.count - lb.start(j)
            if restA == restB { break }
            if restA > restB { i += 1 } else { j += 1 }
        }
        return (RawTreeEntries(a, la, h..<i), RawTreeEntries(b, lb, h..<j))
    }

    /// How many bytes `a` and `b` share at the start (compared eight at a time).
    static func commonPrefix(_ a: UnsafeRawBufferPointer, _ b: UnsafeRawBufferPointer) -> Int {
        let n = min(a.count, b.count)
        var k = 0
        while k + 8 <= n, a.loadUnaligned(fromByteOffset: k, as: UInt64.self) == b.loadUnaligned(fromByteOffset: k, as: UInt64.self) { k += 8 }
        while k < n, a[k] == b[k] { k += 1 }
        return k
    }

    /// How many bytes `a` and `b` share at the end, at most `limit`.
    static func commonSuffix(_ a: UnsafeRawBufferPointer, _ b: UnsafeRawBufferPointer, limit: Int) -> Int {
        var k = 0
        while k + 8 <= limit,
              a.loadUnaligned(fromByteOffset: a.count - k - 8, as: UInt64.self) == b.loadUnaligned(fromByteOffset: b.count - k - 8, as: UInt64.self) { k += 8 }
        while k < limit, a[a.count - 1 - k] == b[b.count - 1 - k] { k += 1 }
        return k
    }

    /// Entries `range` of a tree whose bytes are `bytes` and layout `layout`.
    init(_ bytes: UnsafeRawBufferPointer, _ layout: RawTreeLayout, _ range: Range<Int>) {
        self.bytes = bytes
        names.reserveCapacity(range.count)
        lengths.reserveCapacity(range.count)
        modes.reserveCapacity(range.count)
        for k in range {
            names.append(Int(layout.names[k]))
            lengths.append(Int(layout.ends[k]) - 21 - Int(layout.names[k]))
            modes.append(layout.modes[k])
        }
    }

    func isTree(_ k: Int) -> Bool { modes[k] == 0o040000 }

    func sameName(_ k: Int, as other: RawTreeEntries, _ j: Int) -> Bool {
        guard lengths[k] == other.lengths[j], let x = bytes.baseAddress, let y = other.bytes.baseAddress else { return false }
        return memcmp(x + names[k], y + other.names[j], lengths[k]) == 0
    }

    func orderByte(_ k: Int, _ p: Int) -> UInt8? {
        if p < lengths[k] { return bytes[names[k] + p] }
        return p == lengths[k] && isTree(k) ? 0x2F : nil
    }

    func sameContent(_ k: Int, as other: RawTreeEntries, _ j: Int) -> Bool {
        guard modes[k] == other.modes[j], let x = bytes.baseAddress, let y = other.bytes.baseAddress else { return false }
        return memcmp(x + names[k] + lengths[k] + 1, y + other.names[j] + other.lengths[j] + 1, 20) == 0
    }

    func nameBytes(_ k: Int) -> [UInt8] { Array(bytes[names[k]..<(names[k] + lengths[k])]) }

    func entry(_ k: Int) -> TreeEntry {
        let id = ObjectID(bytes: bytes[(names[k] + lengths[k] + 1)..<(names[k] + lengths[k] + 21)])
        return TreeEntry(name: String(decoding: nameBytes(k), as: UTF8.self), id: id, mode: FileMode(raw: modes[k]))
    }
}

/// Where the entries of a tree's raw bytes lie, without the bytes: each entry's name and end (where the next one
/// starts) and its mode, as `RawTreeEntries` parses them from the first byte to the last.
struct RawTreeLayout {
    /// The size of the tree's bytes.
    let size: Int
    let names: [UInt32]
    let ends: [UInt32]
    let modes: [UInt32]

    static let empty = RawTreeLayout(size: 0, names: [], ends: [], modes: [])

    private init(size: Int, names: [UInt32], ends: [UInt32], modes: [UInt32]) {
        self.size = size
        self.names = names
        self.ends = ends
        self.modes = modes
    }

    /// The layout of `bytes`; nil when they are not entries the way `RawTreeEntries` parses them (or 4 GiB or more).
    init?(_ bytes: UnsafeRawBufferPointer) {
        guard bytes.count < Int(UInt32.max) else { return nil }
        var names: [UInt32] = [], ends: [UInt32] = [], modes: [UInt32] = []
        // About 50 bytes an entry in a folder of Markdown files.
        names.reserveCapacity(bytes.count / 48)
        ends.reserveCapacity(bytes.count / 48)
        modes.reserveCapacity(bytes.count / 48)
        var p = 0
        while p < bytes.count {
            guard let (mode, name, _, next) = RawTreeEntries.entry(bytes, at: p) else { return nil }
            names.append(UInt32(name))
            ends.append(UInt32(next))
            modes.append(mode)
            p = next
        }
        self.init(size: bytes.count, names: names, ends: ends, modes: modes)
    }

    /// The layout of tree `bytes` from that of tree `known` (bytes `knownBytes`): the entries both have at the start
    /// and at the end as `known`'s, moved by the difference in size, and only those between parsed, where
    /// `RawTreeEntries.middles` would find the middles (the same entries a whole parse finds: the same bytes from an
    /// entry start on parse the same way). A changelog's neighbouring versions differ in a few entries of thousands.
    /// Nil when the entries between do not parse.
    init?(_ bytes: UnsafeRawBufferPointer, from known: RawTreeLayout, of knownBytes: UnsafeRawBufferPointer) {
        guard let derived = Self.derived(bytes, from: known, of: knownBytes) else { return nil }
        self = derived.layout
    }

    /// `init(_:from:of:)` with the middles it found: entries `head..<knownEnd` of `known` and `head..<end` of the
    /// layout made (what `RawTreeEntries.middles` finds between the two trees).
    static func derived(_ bytes: UnsafeRawBufferPointer, from known: RawTreeLayout,
                        of knownBytes: UnsafeRawBufferPointer) -> (layout: RawTreeLayout, head: Int, knownEnd: Int, end: Int)? {
        guard bytes.count < Int(UInt32.max), known.size == knownBytes.count else { return nil }
        let shared = RawTreeEntries.commonPrefix(knownBytes, bytes)
        let h = known.entries(endingBy: shared)
        let head = known.start(h)
        let tail = RawTreeEntries.commonSuffix(knownBytes, bytes, limit: min(knownBytes.count, bytes.count) - head)
        var names: [UInt32] = [], ends: [UInt32] = [], modes: [UInt32] = []
        var p = head, i = 0
        // The first entry start (from the head on) as far from the end as one of `known`'s, within the common tail.
        while true {
            let rest = bytes.count - p
            if rest <= tail {
                i = known.firstEntry(startingFrom: knownBytes.count - rest, after: h)
                if known.start(i) == knownBytes.count - rest { break }
            }
            guard p < bytes.count, let (mode, name, _, next) = RawTreeEntries.entry(bytes, at: p) else { return nil }
            names.append(UInt32(name))
            ends.append(UInt32(next))
            modes.append(mode)
            p = next
        }
        // Head, middle and the tail moved, each array made once.
        let m = names.count, count = h + m + known.count - i
        let shift = UInt32(truncatingIfNeeded: bytes.count - knownBytes.count)
        func joined(_ from: [UInt32], _ middle: [UInt32], moved: Bool) -> [UInt32] {
            Array(unsafeUninitializedCapacity: count) { buffer, initialized in
                from.withUnsafeBufferPointer { from in
                    for k in 0..<h { buffer[k] = from[k] }
                    for k in 0..<m { buffer[h + k] = middle[k] }
                    for k in i..<from.count { buffer[h + m + k - i] = moved ? from[k] &+ shift : from[k] }
                }
                initialized = count
            }
        }
        let layout = RawTreeLayout(size: bytes.count, names: joined(known.names, names, moved: true),
                                   ends: joined(known.ends, ends, moved: true), modes: joined(known.modes, modes, moved: false))
        return (layout, h, i, h + m)
    }

    var count: Int { ends.count }

    /// Where entry `k` starts (`count`: the end of the bytes).
    func start(_ k: Int) -> Int { k == 0 ? 0 : Int(ends[k - 1]) }

    /// How many entries end at or before byte `p`.
    func entries(endingBy p: Int) -> Int {
        var low = 0, high = count
        while low < high {
            let middle = (low + high) / 2
            if Int(ends[middle]) <= p { low = middle + 1 } else { high = middle }
        }
        return low
    }

    /// The first of entries `k...count` (`count`: the end) that starts at or after byte `p`.
    func firstEntry(startingFrom p: Int, after k: Int) -> Int {
        var low = k, high = count
        while low < high {
            let middle = (low + high) / 2
            if start(middle) >= p { high = middle } else { low = middle + 1 }
        }
        return low
    }
}

/// The layouts of large trees a handle read, by id: a changelog compares each version's folders (thousands of
/// entries in a large store) with the versions before and after it and looks up the referenced entries in them, and
/// each of those walked every entry again. The most recent are kept (one handle, one thread).
struct RawTreeLayouts {
    /// From this many bytes a tree's layout is kept (about 100 entries; a smaller tree is parsed again).
    static let keptFromBytes = 4_096
    /// How many layouts are kept (at 12 bytes an entry, a 7,800-entry folder's is 94 KB): a version's folders
    /// and those of the versions next to it.
    static let kept = 32

    private var layouts: [ObjectID: RawTreeLayout] = [:]
    private var order: [ObjectID] = []

    /// The layout of tree `id` when it is kept.
    func kept(_ id: ObjectID) -> RawTreeLayout? { layouts[id] }

    /// The layout of tree `id` whose bytes are `bytes`, parsed whole when it is not kept; nil when they are not
    /// parsed the usual way.
    mutating func layout(of id: ObjectID, bytes: UnsafeRawBufferPointer) -> RawTreeLayout? {
        if let hit = layouts[id] { return hit }
        guard let layout = RawTreeLayout(bytes) else { return nil }
        keep(layout, of: id, size: bytes.count)
        return layout
    }

    /// Keeps `layout` of tree `id` (of `size` bytes) when the tree is large enough.
    mutating func keep(_ layout: RawTreeLayout, of id: ObjectID, size: Int) {
        guard size >= Self.keptFromBytes, layouts[id] == nil else { return }
        if order.count >= Self.kept { layouts[order.removeFirst()] = nil }
        order.append(id)
        layouts[id] = layout
    }
}

/// The entries of a parsed tree, borrowed from libgit2 (valid while the tree is), with their names' lengths.
private struct TreeEntries: PairableEntries {
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

    func orderByte(_ k: Int, _ p: Int) -> UInt8? {
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
