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

/// A side of a rename candidate pair: an entry and its blob id when known (nil for a file of the working tree
/// that has not been hashed).
public struct RenameCandidate: Sendable, Hashable {
    public var entry: EntryID
    public var blobID: ObjectID?

    public init(entry: EntryID, blobID: ObjectID?) {
        self.entry = entry
        self.blobID = blobID
    }
}

/// A removed and an added entry paired as one renamed (or moved) entry, by index into the candidate lists.
public struct RenamePair: Sendable, Hashable {
    public var removed: Int
    public var added: Int
    /// 1 for identical content.
    public var similarity: Double
}

/// Pairs removed and added entries into renames, the way git's rename detection does but cheaply:
/// exact blob ids first, then content similarity only among the few left and only between entries with the same id
/// (a move to another collection) or in the same collection, within a budget of comparisons, so that detection
/// never becomes all-pairs on a large change. `chronik status` and `log` use it with `similarity(_:_:)` below,
/// `chronik diff` and `changelog` with a similarity over their tokenizer's words.
public enum RenameDetector {
    /// Contents at least this similar are a rename.
    public static let threshold = 0.5
    /// At most this many similarity comparisons.
    public static let maxSimilarityPairs = 2_500

    /// Pairs `removed` with `added`. `similarity(i, j)` scores `removed[i]` against `added[j]` from 0 to 1 (nil when
    /// a content cannot be read); it is called only for candidates with the same id or in the same collection.
    /// Among equal scores, a candidate with the same id wins, then the earlier ones.
    public static func pair(
        removed: [RenameCandidate], added: [RenameCandidate], threshold: Double = threshold,
        budget: Int = maxSimilarityPairs, similarity: (Int, Int) -> Double?
    ) -> [RenamePair] {
        var pairs: [RenamePair] = []
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
            pairs.append(RenamePair(removed: i, added: j, similarity: 1))
            freeRemoved.remove(i)
            freeAdded.remove(j)
        }
        guard !freeRemoved.isEmpty, !freeAdded.isEmpty else { return pairs }

        // 2. Content similarity among what is left.
        var scored: [(rank: Double, score: Double, i: Int, j: Int)] = []
        var remaining = budget
        outer: for i in freeRemoved.sorted() {
            for j in freeAdded.sorted() {
                let r = removed[i].entry, a = added[j].entry
                guard r.id == a.id || r.collection == a.collection else { continue }
                guard remaining > 0 else { break outer }
                remaining -= 1
                guard let score = similarity(i, j), score >= threshold else { continue }
                scored.append((score + (r.id == a.id ? 1 : 0), score, i, j))
            }
        }
        scored.sort { ($0.rank, -$0.i, -$0.j) > ($1.rank, -$1.i, -$1.j) }
        for candidate in scored where freeRemoved.contains(candidate.i) && freeAdded.contains(candidate.j) {
            pairs.append(RenamePair(removed: candidate.i, added: candidate.j, similarity: candidate.score))
            freeRemoved.remove(candidate.i)
            freeAdded.remove(candidate.j)
        }
        return pairs
    }

    /// How much of two entries' content is the same: the bytes of the words they share (as multisets) over the
    /// larger size, like git's score but by word rather than by line, since a Markdown paragraph is one long line.
    /// The `---` fences and field names (`term:`) are left out, so that two small entries that share only their
    /// structure are not taken for one.
    public static func similarity(_ a: Data, _ b: Data) -> Double {
        if a == b { return 1 }
        // Words as byte ranges, counted by a hash of their bytes: no String is built for a word.
        var counts: [WordKey: Int] = [:]
        var sizeA = 0, sizeB = 0, shared = 0
        forEachWord(a) { key in
            counts[key, default: 0] += 1
            sizeA += key.length
        }
        forEachWord(b) { key in
            sizeB += key.length
            if let n = counts[key], n > 0 {
                counts[key] = n - 1
                shared += key.length
            }
        }
        let larger = max(sizeA, sizeB)
        guard larger > 0 else { return 1 }
        return Double(shared) / Double(larger)
    }

    /// A word by the hash of its bytes and its length (a collision only makes two entries look a little more alike).
    struct WordKey: Hashable {
        var hash: Int
        var length: Int
    }

    /// Calls `body` for each whitespace-separated word, leaving out `---` fences and field names (`term:`).
    private static func forEachWord(_ data: Data, _ body: (WordKey) -> Void) {
        data.withUnsafeBytes { (raw: UnsafeRawBufferPointer) in
            let bytes = raw.bindMemory(to: UInt8.self)
            var i = 0
            let n = bytes.count
            while i < n {
                while i < n, isSpace(bytes[i]) { i += 1 }
                let start = i
                while i < n, !isSpace(bytes[i]) { i += 1 }
                guard i > start else { continue }
                let word = UnsafeBufferPointer(rebasing: bytes[start..<i])
                if word.last == UInt8(ascii: ":") { continue }
                if word.count == 3, word[0] == 0x2D, word[1] == 0x2D, word[2] == 0x2D { continue }
                var hasher = Hasher()
                hasher.combine(bytes: UnsafeRawBufferPointer(word))
                body(WordKey(hash: hasher.finalize(), length: word.count))
            }
        }
    }

    private static func isSpace(_ byte: UInt8) -> Bool {
        byte == 0x20 || byte == 0x0A || byte == 0x09 || byte == 0x0D || byte == 0x0B || byte == 0x0C
    }
}
