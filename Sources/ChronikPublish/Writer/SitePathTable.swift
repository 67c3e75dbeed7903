import Foundation

/// Paths of a site in the order a file lists them, each with a value: the old site's and the spare's manifests (path →
/// checksum) and the publish cache (path → record) are all written in the plan's order, and the next publish's plan
/// has nearly the same paths in the same order. So the writer finds each path of the new plan by walking the table
/// beside it (`align`, `position(of:after:)`): a few string comparisons a file instead of a hash of the path in each of
/// three dictionaries, and the table is read into two arrays rather than into a dictionary (18,000 paths on the
/// medium site, each hashed about a dozen times per incremental publish: inc15i). A path not found a few places ahead
/// (a file added, the order changed) is looked up in a dictionary made once, on the first such miss; so every lookup
/// gives what a dictionary of the table's paths would give, the last of two equal paths winning
/// (`SitePathTableTests` holds it to `dictionary`).
struct SitePathTable<Value> {
    private(set) var paths: [String] = []
    private(set) var values: [Value] = []
    /// The dictionary for the lookups the walk does not settle, made once when first needed (shared by copies while
    /// they are the same table: `append` to a shared one makes a new one).
    private var index = LazyIndex()

    init() {}

    init(paths: [String], values: [Value]) {
        precondition(paths.count == values.count, "a value per path")
        self.paths = paths
        self.values = values
    }

    /// The table of a dictionary (its order).
    init(_ dictionary: [String: Value]) {
        paths.reserveCapacity(dictionary.count)
        values.reserveCapacity(dictionary.count)
        for (path, value) in dictionary { append(path, value) }
    }

    var count: Int { paths.count }

    mutating func reserveCapacity(_ n: Int) {
        paths.reserveCapacity(n)
        values.reserveCapacity(n)
    }

    mutating func append(_ path: String, _ value: Value) {
        if !isKnownUniquelyReferenced(&index) || index.isMade { index = LazyIndex() }
        paths.append(path)
        values.append(value)
    }

    /// Path → value, the last of equal paths winning: what the table means.
    var dictionary: [String: Value] {
        var out: [String: Value] = [:]
        out.reserveCapacity(count)
        for (path, value) in zip(paths, values) { out[path] = value }
        return out
    }

    /// The value of `path` (the last one listed), by the dictionary.
    subscript(path: String) -> Value? {
        index.position(of: path, in: paths).map { values[$0] }
    }

    /// Whether the dictionary was made (a lookup the walk did not settle).
    var madeDictionary: Bool { index.isMade }

    /// How many places from the expected one a path is looked for before the dictionary is asked.
    static var lookAhead: Int { 8 }

    /// The position of `path`, looked for from `next` (the position after the last path found) on: with `distinct`
    /// (the table lists no path twice: `Alignment.distinct`) at `next` and a few places after it, else by the
    /// dictionary; the position the dictionary gives either way. `next` moves past it.
    func position(of path: String, after next: inout Int, distinct: Bool) -> Int? {
        if distinct {
            var j = next
            let limit = min(paths.count, next + Self.lookAhead)
            while j < limit {
                if paths[j] == path {
                    next = j + 1
                    return j
                }
                j += 1
            }
        }
        guard let found = index.position(of: path, in: paths) else { return nil }
        next = found + 1
        return found
    }

    /// Where `keys` (distinct paths, a plan's) are in this table, as the dictionary says.
    ///
    /// Walking beside the keys, a table listed in the plan's order settles each key with one comparison. Whether the
    /// table lists a path twice is not known without the dictionary, so the positions no key took are checked after
    /// the walk: when one of them holds a key's path (its first listing was taken, the dictionary gives a later
    /// one) or two of them one path, the table is aligned again by the dictionary alone. `isKey`: whether a path
    /// is one of `keys`.
    func align(_ keys: [String], isKey: (String) -> Bool) -> Alignment {
        let walked = walk(keys, distinct: true)
        var leftOver = Set<String>()
        for j in walked.stale where isKey(paths[j]) || !leftOver.insert(paths[j]).inserted {
            return walk(keys, distinct: false)
        }
        return walked
    }

    private func walk(_ keys: [String], distinct: Bool) -> Alignment {
        var positions = [Int32](repeating: -1, count: keys.count)
        var taken = [Bool](repeating: false, count: paths.count)
        var next = 0
        for (k, key) in keys.enumerated() {
            guard let j = position(of: key, after: &next, distinct: distinct) else { continue }
            positions[k] = Int32(j)
            taken[j] = true
        }
        // A path listed twice is one file: only the dictionary's listing of it counts.
        let stale = paths.indices.filter { !taken[$0] && (distinct || index.position(of: paths[$0], in: paths) == $0) }
        return Alignment(positions: positions, taken: taken, stale: stale, distinct: distinct)
    }

    /// Where a plan's paths are in a table (see `align`).
    struct Alignment {
        /// Per key, its position in the table, or -1.
        var positions: [Int32]
        /// Per position of the table, whether a key took it.
        var taken: [Bool]
        /// The table's paths that are no key, each once (a position each).
        var stale: [Int]
        /// Whether the table lists every path once (then `position(of:after:distinct:)` may walk it).
        var distinct: Bool

        func position(_ k: Int) -> Int? { positions[k] >= 0 ? Int(positions[k]) : nil }
    }
}

extension SitePathTable: Equatable where Value: Equatable {
    static func == (a: Self, b: Self) -> Bool { a.paths == b.paths && a.values == b.values }
}

/// The dictionary of a table's paths (the last of equal paths winning), made on first use.
private final class LazyIndex: @unchecked Sendable {
    private let lock = NSLock()
    private var made: [String: Int]?

    var isMade: Bool { lock.withLock { made != nil } }

    func position(of path: String, in paths: [String]) -> Int? {
        lock.withLock { dictionary(paths)[path] }
    }

    /// Called with the lock held.
    private func dictionary(_ paths: [String]) -> [String: Int] {
        if let made { return made }
        var out: [String: Int] = [:]
        out.reserveCapacity(paths.count)
        for (j, path) in paths.enumerated() { out[path] = j }
        made = out
        return out
    }
}
