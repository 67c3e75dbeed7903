import Foundation
import GitKit

/// What happened to an entry between two versions.
public enum ChangeKind: String, Sendable, Codable, Hashable {
    case added, modified, removed, renamed
}

/// One entry's change. For `renamed`, `from` is the entry before (same collection, other id, or another collection).
public struct EntryChange: Sendable, Hashable, Codable {
    public var kind: ChangeKind
    public var entry: EntryID
    public var from: EntryID?

    public init(kind: ChangeKind, entry: EntryID, from: EntryID? = nil) {
        self.kind = kind
        self.entry = entry
        self.from = from
    }
}

/// A change to a store file that is not an entry (`chronik.yml`, a schema, README.md).
public struct FileChange: Sendable, Hashable, Codable {
    public var kind: ChangeKind
    public var path: String
    public init(kind: ChangeKind, path: String) {
        self.kind = kind
        self.path = path
    }
}

/// Counts of entry changes, as `chronik log` shows them.
public struct ChangeCounts: Sendable, Hashable, Codable {
    public var added = 0, modified = 0, removed = 0, renamed = 0

    public init(_ changes: [EntryChange] = []) {
        for change in changes {
            switch change.kind {
            case .added: added += 1
            case .modified: modified += 1
            case .removed: removed += 1
            case .renamed: renamed += 1
            }
        }
    }

    public var total: Int { added + modified + removed + renamed }
}

/// The changes between two states of a store, classified by the store's rules.
public struct ChangeSet: Sendable, Hashable {
    public var entries: [EntryChange] = []
    public var files: [FileChange] = []
    /// Paths the store would refuse (in the newer state).
    public var problems: [StoreProblem] = []

    public var isEmpty: Bool { entries.isEmpty && files.isEmpty && problems.isEmpty }
}

/// A side of a rename candidate pair: an entry, its blob id when known, and a way to read its content.
struct RenameCandidate {
    var entry: EntryID
    var blobID: ObjectID?
    var content: () -> Data?
}

/// Pairs removed and added entries into renames, the way git's rename detection does but cheaply:
/// exact blob ids first, then the same id in another collection, then content similarity only among the few
/// left and only within a collection, so that detection never becomes all-pairs on a large change.
enum RenameDetector {
    static let threshold = 0.5
    static let maxSimilarityPairs = 2_500

    static func pair(removed: [RenameCandidate], added: [RenameCandidate]) -> [(removed: Int, added: Int)] {
        var pairs: [(Int, Int)] = []
        var freeRemoved = Set(removed.indices)
        var freeAdded = Set(added.indices)

        // 1. Identical content.
        var removedByBlob: [ObjectID: [Int]] = [:]
        for i in removed.indices { if let id = removed[i].blobID { removedByBlob[id, default: []].append(i) } }
        for j in added.indices {
            guard let id = added[j].blobID, var candidates = removedByBlob[id], !candidates.isEmpty else { continue }
            // Prefer a candidate with the same id (a move between collections), else the same collection.
            let pick = candidates.firstIndex { removed[$0].entry.id == added[j].entry.id }
                ?? candidates.firstIndex { removed[$0].entry.collection == added[j].entry.collection }
                ?? 0
            let i = candidates.remove(at: pick)
            removedByBlob[id] = candidates
            pairs.append((i, j))
            freeRemoved.remove(i)
            freeAdded.remove(j)
        }
        guard !freeRemoved.isEmpty, !freeAdded.isEmpty else { return pairs }

        // 2. Content similarity among what is left: same id across collections, or within one collection.
        var contents: [String: Data?] = [:]
        func content(_ c: RenameCandidate, key: String) -> Data? {
            if let cached = contents[key] { return cached }
            let data = c.content()
            contents[key] = data
            return data
        }
        var scored: [(score: Double, i: Int, j: Int)] = []
        var budget = maxSimilarityPairs
        for i in freeRemoved.sorted() {
            for j in freeAdded.sorted() {
                let r = removed[i].entry, a = added[j].entry
                guard r.id == a.id || r.collection == a.collection else { continue }
                guard budget > 0 else { break }
                budget -= 1
                guard let x = content(removed[i], key: "r\(i)"), let y = content(added[j], key: "a\(j)") else { continue }
                let s = similarity(x, y)
                if s >= threshold { scored.append((s, i, j)) }
            }
        }
        scored.sort { ($0.score, -$0.i, -$0.j) > ($1.score, -$1.i, -$1.j) }
        for (_, i, j) in scored where freeRemoved.contains(i) && freeAdded.contains(j) {
            pairs.append((i, j))
            freeRemoved.remove(i)
            freeAdded.remove(j)
        }
        return pairs
    }

    /// Git's similarity score: the bytes of lines the two texts share (as multisets) over the larger size, so that
    /// two small entries that share only their `---` fences are not taken for one.
    static func similarity(_ a: Data, _ b: Data) -> Double {
        if a == b { return 1 }
        let larger = max(a.count, b.count)
        guard larger > 0 else { return 1 }
        var counts: [Int: (n: Int, bytes: Int)] = [:]
        forEachLine(a) { hash, length in
            let c = counts[hash] ?? (0, length)
            counts[hash] = (c.n + 1, length)
        }
        var shared = 0
        forEachLine(b) { hash, length in
            if let c = counts[hash], c.n > 0 {
                counts[hash] = (c.n - 1, c.bytes)
                shared += length
            }
        }
        return Double(shared) / Double(larger)
    }

    private static func forEachLine(_ data: Data, _ body: (Int, Int) -> Void) {
        data.withUnsafeBytes { (raw: UnsafeRawBufferPointer) in
            var start = 0
            var hasher = Hasher()
            for (i, byte) in raw.enumerated() {
                hasher.combine(byte)
                if byte == 0x0A {
                    body(hasher.finalize(), i - start + 1)
                    hasher = Hasher()
                    start = i + 1
                }
            }
            if start < raw.count { body(hasher.finalize(), raw.count - start) }
        }
    }
}
