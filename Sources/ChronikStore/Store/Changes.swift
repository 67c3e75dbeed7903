import Foundation
import GitKit

/// What happened to an entry between two versions.
public enum ChangeKind: String, Sendable, Codable, Hashable {
    case added, modified, removed, renamed
}

/// One entry's change. For `renamed`, `from` is the entry before (same collection, other id, or another collection).
/// An entry whose attachments changed while its file did not is `modified`.
public struct EntryChange: Sendable, Hashable, Codable {
    public var kind: ChangeKind
    public var entry: EntryID
    public var from: EntryID?
    /// What happened to the entry's attachments (`<collection>/<id>/<name>`, issue 17), by name; nil when none
    /// changed (and then left out of the JSON). An attachment that moved with its renamed entry unchanged is not listed.
    public var attachments: [AttachmentChange]?

    public init(kind: ChangeKind, entry: EntryID, from: EntryID? = nil, attachments: [AttachmentChange]? = nil) {
        self.kind = kind
        self.entry = entry
        self.from = from
        self.attachments = attachments
    }
}

/// One attachment's change, as part of its entry's (`EntryChange.attachments`).
public struct AttachmentChange: Sendable, Hashable, Codable {
    /// `added`, `removed` or `modified` (an attachment renamed within its folder is removed and added).
    public var kind: ChangeKind
    /// The file's name in the entry's folder.
    public var name: String
    /// Its size in bytes before (nil when added or unknown).
    public var oldSize: Int?
    /// Its size in bytes after (nil when removed or unknown).
    public var newSize: Int?

    public init(kind: ChangeKind, name: String, oldSize: Int? = nil, newSize: Int? = nil) {
        self.kind = kind
        self.name = name
        self.oldSize = oldSize
        self.newSize = newSize
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

/// Pairs removed and added entries into renames, the way `git diff -M` does (git's `diffcore-rename.c`), and the one
/// place that decides what a rename is: `ChangeCollector` calls it for `chronik status`, `log`, `diff`, `changelog`
/// and `diff --format patch`, always with `similarity(_:_:)` below.
///
/// 1. Identical content (equal blob ids) pairs first, preferring a candidate with the same id (a move to another
///    folder), then one in the same collection, then the first.
/// 2. Content similarity among what is left, across folders and ids as git pairs them, with a budget like git's
///    `diff.renameLimit`: when removed × added candidates fit in `budget` comparisons, every pair is compared;
///    otherwise only pairs with the same id, then pairs in the same collection, until the budget is spent (git
///    gives up on inexact renames altogether; the few cheap, likely pairs are worth keeping). Either way detection
///    never becomes all-pairs on a large change, and what is not paired stays removed and added.
/// 3. Pairs at least `threshold` similar are taken best first: a candidate with the same id wins over any other,
///    then the higher score, then the earlier candidates (so the result does not depend on hashing or threads).
public enum RenameDetector {
    /// Contents at least this similar are a rename (git's default, 50 %).
    public static let threshold = 0.5
    /// At most this many similarity comparisons.
    public static let maxSimilarityPairs = 2_500

    /// Pairs `removed` with `added`. `similarity(i, j)` scores `removed[i]` against `added[j]` from 0 to 1 (nil when
    /// a content cannot be read). Among equal scores, a candidate with the same id wins, then the earlier ones.
    public static func pair(
        removed: [RenameCandidate], added: [RenameCandidate], threshold: Double = threshold,
        budget: Int = maxSimilarityPairs, similarity: (Int, Int) -> Double?
    ) -> [RenamePair] {
        let (identical, comparisons) = plan(removed: removed, added: added, budget: budget)
        var pairs = identical
        var freeRemoved = Set(removed.indices), freeAdded = Set(added.indices)
        for pair in identical {
            freeRemoved.remove(pair.removed)
            freeAdded.remove(pair.added)
        }
        guard !comparisons.isEmpty else { return pairs }

        // 2. Content similarity among what is left, within the budget.
        var scored: [(rank: Double, score: Double, i: Int, j: Int)] = []
        for (i, j) in comparisons {
            guard let score = similarity(i, j), score >= threshold else { continue }
            scored.append((score + (removed[i].entry.id == added[j].entry.id ? 1 : 0), score, i, j))
        }
        scored.sort { ($0.rank, -$0.i, -$0.j) > ($1.rank, -$1.i, -$1.j) }
        for candidate in scored where freeRemoved.contains(candidate.i) && freeAdded.contains(candidate.j) {
            pairs.append(RenamePair(removed: candidate.i, added: candidate.j, similarity: candidate.score))
            freeRemoved.remove(candidate.i)
            freeAdded.remove(candidate.j)
        }
        return pairs
    }

    /// What `pair` does before it compares contents: the pairs of identical content (step 1), and the pairs of the
    /// candidates left whose similarity it then asks for, in the order it asks (step 2, within `budget`). The
    /// candidates of those comparisons are the contents pairing reads: a caller may read them ahead (on threads).
    package static func plan(removed: [RenameCandidate], added: [RenameCandidate], budget: Int = maxSimilarityPairs)
        -> (identical: [RenamePair], comparisons: [(removed: Int, added: Int)]) {
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
        guard !freeRemoved.isEmpty, !freeAdded.isEmpty else { return (pairs, []) }

        // 2. The pairs of what is left to compare, within the budget.
        let left = freeRemoved.sorted(), right = freeAdded.sorted()
        var comparisons: [(removed: Int, added: Int)] = []
        let (all, overflow) = left.count.multipliedReportingOverflow(by: right.count)
        if !overflow, all <= budget {
            for i in left { for j in right { comparisons.append((i, j)) } }
        } else {
            // Too many for all pairs: the same id first, then the same collection, in index order.
            var remaining = budget
            var byID: [String: [Int]] = [:], byCollection: [String: [Int]] = [:]
            for j in right {
                byID[added[j].entry.id, default: []].append(j)
                byCollection[added[j].entry.collection, default: []].append(j)
            }
            var compared = Set<Int64>()
            outer: for sameID in [true, false] {
                for i in left {
                    let r = removed[i].entry
                    for j in (sameID ? byID[r.id] : byCollection[r.collection]) ?? [] {
                        guard remaining > 0 else { break outer }
                        guard compared.insert(Int64(i) << 32 | Int64(j)).inserted else { continue }
                        remaining -= 1
                        comparisons.append((i, j))
                    }
                }
            }
        }
        return (pairs, comparisons)
    }

    /// How much of two entries' content is the same: the characters of the words they share (as multisets) over
    /// the larger size, like git's score but by word rather than by line, since a Markdown paragraph is one long
    /// line. The `---` fences and field names (`term:`) are left out, so that two small entries that share only
    /// their structure are not taken for one. Words compare by canonical equivalence (as Swift's `String` does): a
    /// text saved in NFD is the same text as its NFC form.
    ///
    /// Where it and git's line score (`git diff -M`) may differ: a paragraph rewrapped or turned into a list keeps
    /// its words (here still similar, for git every line changed), and a long line with one word changed is almost
    /// all shared here but no shared line for git. Renames that are exact, or edit a few of many short lines, score
    /// alike in both.
    public static func similarity(_ a: Data, _ b: Data) -> Double {
        if a == b { return 1 }
        return similarity(WordProfile(a), WordProfile(b))
    }

    /// The words of one content, counted, for `similarity`: made once per candidate, so that comparing it with many
    /// others (a rename across folders is looked for among all of them) reads its bytes once. Held as arrays sorted
    /// by the words' hashes, so that `similarity` walks two profiles side by side (a merge) instead of hashing every
    /// word of one into the other: a diff of neighbouring releases compares up to the budget's 2,500 pairs of
    /// profiles of some hundred words each on the calling thread (the lookups were 60 % of the rename pairing).
    public struct WordProfile: Sendable {
        /// Hashes of the distinct words, ascending.
        var keys: [Int] = []
        /// How often each word occurs, and its length in characters (the first occurrence's), by index into `keys`.
        var counts: [(count: Int, length: Int)] = []
        /// The characters of all its words.
        var size = 0

        /// The distinct words counted in an open-addressed table indexed by their hash (already well mixed), then
        /// sorted by it: no dictionary (hashing every key again and growing it were half the cost of a profile) and
        /// no sort of every word (a stable sort of a thousand words was a quarter of it).
        public init(_ data: Data) {
            var table = WordTable()
            var size = 0
            RenameDetector.forEachWord(data) { key, length in
                table.add(key, length)
                size += length
            }
            self.size = size
            // Distinct keys: any sort gives the one order.
            var words = table.words()
            words.sort { $0.key < $1.key }
            keys = words.map(\.key)
            counts = words.map { ($0.count, $0.length) }
        }

        /// The profile as it was made before: counted in a dictionary (the first occurrence's length), then sorted;
        /// the reference the table's count is tested against.
        init(countingInADictionary data: Data) {
            var words: [Int: (count: Int, length: Int)] = [:]
            var size = 0
            RenameDetector.forEachWord(data) { key, length in
                words[key, default: (0, length)].count += 1
                size += length
            }
            self.size = size
            let sorted = words.sorted { $0.key < $1.key }
            keys = sorted.map(\.key)
            counts = sorted.map(\.value)
        }

        /// The words by hash, as a dictionary (`similarityByLookup`, the reference).
        var dictionary: [Int: (count: Int, length: Int)] {
            Dictionary(uniqueKeysWithValues: zip(keys, counts))
        }
    }

    /// Words by hash with their count and first length, linear probing from the hash's low bits, doubled when half
    /// full (a count of 0 marks a free slot).
    struct WordTable {
        private var keys = [Int](repeating: 0, count: 256)
        private var counts = [Int](repeating: 0, count: 256)
        private var lengths = [Int](repeating: 0, count: 256)
        private var filled = 0

        mutating func add(_ key: Int, _ length: Int) {
            let mask = keys.count - 1
            var slot = key & mask
            while counts[slot] != 0 {
                if keys[slot] == key {
                    counts[slot] += 1
                    return
                }
                slot = (slot + 1) & mask
            }
            (keys[slot], counts[slot], lengths[slot]) = (key, 1, length)
            filled += 1
            if filled * 2 > keys.count { grow() }
        }

        private mutating func grow() {
            let old = words()
            let capacity = keys.count * 2
            keys = [Int](repeating: 0, count: capacity)
            counts = [Int](repeating: 0, count: capacity)
            lengths = [Int](repeating: 0, count: capacity)
            let mask = capacity - 1
            for word in old {
                var slot = word.key & mask
                while counts[slot] != 0 { slot = (slot + 1) & mask }
                (keys[slot], counts[slot], lengths[slot]) = (word.key, word.count, word.length)
            }
        }

        /// The distinct words, in table order.
        func words() -> [(key: Int, count: Int, length: Int)] {
            var result: [(key: Int, count: Int, length: Int)] = []
            result.reserveCapacity(filled)
            for slot in keys.indices where counts[slot] != 0 { result.append((keys[slot], counts[slot], lengths[slot])) }
            return result
        }
    }

    /// `similarity(_:_:)` of two profiles: the shared words found by walking both sorted key arrays at once.
    public static func similarity(_ a: WordProfile, _ b: WordProfile) -> Double {
        let larger = max(a.size, b.size)
        guard larger > 0 else { return 1 }
        var shared = 0
        a.keys.withUnsafeBufferPointer { x in
            b.keys.withUnsafeBufferPointer { y in
                var i = 0, j = 0
                let m = x.count, n = y.count
                while i < m, j < n {
                    let p = x[i], q = y[j]
                    if p == q {
                        let u = a.counts[i], v = b.counts[j]
                        shared += min(u.count, v.count) * min(u.length, v.length)
                    }
                    // Without a branch on the order: hashes are random, so it would be mispredicted half the time.
                    i += p <= q ? 1 : 0
                    j += q <= p ? 1 : 0
                }
            }
        }
        return Double(shared) / Double(larger)
    }

    /// The similarity `similarity(_:_:)` replaced, by dictionary look-ups (the smaller profile's words in the
    /// larger's): the reference it is tested against.
    static func similarityByLookup(_ a: WordProfile, _ b: WordProfile) -> Double {
        let larger = max(a.size, b.size)
        guard larger > 0 else { return 1 }
        let (x, y) = (a.dictionary, b.dictionary)
        let (small, large) = x.count <= y.count ? (x, y) : (y, x)
        var shared = 0
        for (key, word) in small {
            guard let other = large[key] else { continue }
            shared += min(word.count, other.count) * min(word.length, other.length)
        }
        return Double(shared) / Double(larger)
    }

    /// Calls `body` for each whitespace-separated word with a hash (a collision only makes two entries look a little
    /// more alike) and its length in characters, leaving out `---` fences and field names (`term:`).
    fileprivate static func forEachWord(_ data: Data, _ body: (Int, Int) -> Void) {
        data.withUnsafeBytes { (raw: UnsafeRawBufferPointer) in
            let bytes = raw.bindMemory(to: UInt8.self)
            var i = 0
            let n = bytes.count
            while i < n {
                while i < n, isSpace(bytes[i]) { i += 1 }
                let start = i
                var ascii = true
                while i < n, !isSpace(bytes[i]) {
                    if bytes[i] >= 0x80 { ascii = false }
                    i += 1
                }
                guard i > start else { continue }
                let word = UnsafeBufferPointer(rebasing: bytes[start..<i])
                if word.last == UInt8(ascii: ":") { continue }
                if word.count == 3, word[0] == 0x2D, word[1] == 0x2D, word[2] == 0x2D { continue }
                if ascii {
                    body(asciiWordHash(word), word.count)
                } else {
                    // Hashed as a String: by canonical equivalence.
                    var hasher = Hasher()
                    let text = String(decoding: word, as: UTF8.self)
                    hasher.combine(text)
                    body(hasher.finalize(), text.count)
                }
            }
        }
    }

    /// The hash of an ASCII word: 64-bit FNV-1a over its bytes, then MurmurHash3's 64-bit finaliser (a tenth of the
    /// cost of a `Hasher`'s SipHash, set up and finalised for every word). Only equality of hashes counts (a
    /// collision makes two entries look a little more alike, as with any hash); a String's hash (non-ASCII words)
    /// is another kind of value, never compared as the same word (it hashes the normalised text with a terminator).
    @inline(__always) static func asciiWordHash(_ word: UnsafeBufferPointer<UInt8>) -> Int {
        var h: UInt64 = 0xCBF2_9CE4_8422_2325
        for byte in word { h = (h ^ UInt64(byte)) &* 0x0000_0100_0000_01B3 }
        h ^= h >> 33
        h &*= 0xFF51_AFD7_ED55_8CCD
        h ^= h >> 33
        h &*= 0xC4CE_B9FE_1A85_EC53
        h ^= h >> 33
        return Int(bitPattern: UInt(h))
    }

    private static func isSpace(_ byte: UInt8) -> Bool {
        byte == 0x20 || byte == 0x0A || byte == 0x09 || byte == 0x0D || byte == 0x0B || byte == 0x0C
    }
}
