import ChronikDiff
import ChronikStore
import Foundation
import GitKit

/// The word-level blocks of cached change records, one entry at a time (issue 15): a site's model is built without
/// them (`ChangelogOptions.cacheBlocks`: every record it reads has its blocks cached), and only the pages it renders
/// read their entries' blocks here. A record's blocks are one JSON list per entry; the list of one entry is cut out
/// of the stored bytes and decoded alone (a store's first version adds every entry, and its record's blocks hold
/// all their text: decoding them whole for each page that lists that version was an eighth of an incremental
/// publish). Each record's bytes are cut once and held for the next entry of the same record, until each of its
/// entries has been read once (a full publish renders every entry page: holding every record read was the text of
/// every version in memory) or while more than `budget` bytes are held (see `hold`). A record
/// let go is read again from the cache when it is asked for again: the blocks are the same either way.
package final class ChangeRecordBlocks: @unchecked Sendable {
    /// Shared with `ChangeRecordEntries(sharingCacheOf:)`.
    let cache: ChangeRecordCache
    private let lock = NSLock()
    /// Of each record read, the stored bytes of each entry's list not read yet (nil: read), and how many are left.
    /// A list is let go once read (a publish renders each entry page once: holding the whole record until its last
    /// list was read held every list read before, 87 MB at the large store's peak, peak15d).
    private var lists: [ChangeRecordCache.RecordKey: HeldLists] = [:]
    /// The bytes `lists` holds.
    private var held = 0
    private let budget: Int

    /// The cache in `directory` (`ChangelogOptions.cacheDirectory`) of the records in `language`; at most about
    /// `budget` bytes of records held between reads.
    package init(directory: URL, language: String, budget: Int = 64 << 20) {
        cache = ChangeRecordCache(directory: directory, language: language)
        self.budget = budget
    }

    /// How many records are held (for the tests).
    package var heldRecords: Int { lock.withLock { lists.count } }

    /// The blocks of entry `position` of the record from `base` to `tip`, which has `count` entries; nil when the
    /// record's blocks are not cached (or not `count` lists).
    package func blocks(base: ObjectID?, tip: ObjectID, position: Int, count: Int) -> [BlockChange]? {
        let key = ChangeRecordCache.RecordKey(tip: tip, base: base)
        // The list held (taken: it is read once), else the record read from the cache and its other lists held.
        if let list = lock.withLock({ take(key, position: position, count: count) }) {
            return list.withUnsafeBufferPointer { bytes in try? JSONPullReader.read(bytes) { try RecordJSON.blockList(&$0) } }
        }
        let found: (data: Data, ranges: [Range<Int>])? = cache.blocksJSON(base: base, tip: tip) { data in
            Self.elements(data).flatMap { $0.count == count ? (data, $0) : nil }
        }
        guard let found, found.ranges.indices.contains(position) else { return nil }
        lock.withLock { hold(key, found, except: position) }
        let range = found.ranges[position]
        // Read where it is in the record's bytes, not copied out first.
        return found.data.withUnsafeBytes { raw in
            try? JSONPullReader.read(UnsafeBufferPointer(rebasing: raw.bindMemory(to: UInt8.self)[range])) { try RecordJSON.blockList(&$0) }
        }
    }

    /// The lists of entries `positions` (ascending) of the record from `base` to `tip`, which has `count` entries,
    /// each decoded and given to `body` in turn as the record's blocks are read from the cache a piece at a time
    /// (`ListSplitter`): neither the record's bytes nor its blocks as values are held whole (peak15b: the large
    /// store's first record has 372 MB of blocks). False when the record's blocks are not cached, are not `count`
    /// lists, or a list cannot be read: `body` may have been given some lists before (and, should a stored value
    /// turn out damaged at its end, an older one's lists after them).
    package func lists(base: ObjectID?, tip: ObjectID, count: Int, positions: [Int], _ body: (Int, [BlockChange]) -> Void) -> Bool {
        var splitter = ListSplitter()
        var next = 0
        var failed = false
        let streamed = cache.streamBlocksJSON(base: base, tip: tip, begin: {
            splitter = ListSplitter()
            next = 0
            failed = false
        }, consume: { piece in
            splitter.add(piece) { position, bytes in
                guard next < positions.count, positions[next] == position else { return true }
                next += 1
                guard let list = try? JSONPullReader.read(bytes, { try RecordJSON.blockList(&$0) }) else {
                    failed = true
                    return false
                }
                body(position, list)
                return true
            }
        })
        return streamed && !failed && splitter.finished && splitter.count == count && next == positions.count
    }

    /// The stored bytes of each entry's list of the record from `base` to `tip` (which has `count` entries), in order,
    /// given to `body` as the record's blocks are read a piece at a time (never held whole), for a caller that keeps
    /// them cut (`SiteBlockSlices`, inc15e); `decodeList` decodes one as `blocks` does. `begin` is called before each
    /// stored value tried (a value is known whole only at its end: the caller starts again). False as `lists` is.
    package func listBytes(base: ObjectID?, tip: ObjectID, count: Int, begin: () -> Void,
                           _ body: (Int, UnsafeBufferPointer<UInt8>) -> Void) -> Bool {
        var splitter = ListSplitter()
        let streamed = cache.streamBlocksJSON(base: base, tip: tip, begin: {
            splitter = ListSplitter()
            begin()
        }, consume: { piece in
            splitter.add(piece) { position, bytes in
                body(position, bytes)
                return true
            }
        })
        return streamed && splitter.finished && splitter.count == count
    }

    /// One entry's list from its stored bytes (`listBytes`), decoded as `blocks` decodes it; nil when it does not decode.
    package static func decodeList(_ bytes: Data) -> [BlockChange]? {
        try? RecordJSON.decodeBlockList(bytes)
    }

    /// Cuts a JSON array that comes in pieces into its elements' bytes (a scan: strings with their escapes and
    /// nested arrays and objects are stepped over; each element is checked when it is read).
    struct ListSplitter {
        private var depth = 0
        private var inString = false
        private var escaped = false
        private var started = false
        private(set) var finished = false
        private var broken = false
        /// The bytes of the element being cut (from after the `[` or `,` before it).
        private var element: [UInt8] = []
        /// Elements cut so far.
        private(set) var count = 0

        /// Cuts `piece`, giving each whole element to `take` with its position; false when the text is not one
        /// array or `take` returned false.
        mutating func add(_ piece: UnsafeRawBufferPointer, _ take: (Int, UnsafeBufferPointer<UInt8>) -> Bool) -> Bool {
            guard !broken else { return false }
            let bytes = piece.bindMemory(to: UInt8.self)
            var i = 0
            var from = 0  // where the element's bytes in this piece start
            func isSpace(_ b: UInt8) -> Bool { b == 0x20 || b == 0x0A || b == 0x0D || b == 0x09 }
            if !started {
                while i < bytes.count, isSpace(bytes[i]) { i += 1 }
                guard i < bytes.count else { return true }
                guard bytes[i] == UInt8(ascii: "[") else { broken = true; return false }
                started = true
                depth = 1
                i += 1
                from = i
            }
            if finished {
                // Only whitespace may follow the array.
                if bytes[i...].contains(where: { !isSpace($0) }) { broken = true; return false }
                return true
            }
            while i < bytes.count {
                let b = bytes[i]
                if inString {
                    if escaped {
                        escaped = false
                    } else if b == UInt8(ascii: "\\") {
                        escaped = true
                    } else if b == UInt8(ascii: "\"") {
                        inString = false
                    }
                    i += 1
                    continue
                }
                switch b {
                case UInt8(ascii: "\""):
                    inString = true
                case UInt8(ascii: "["), UInt8(ascii: "{"):
                    depth += 1
                case UInt8(ascii: "]"), UInt8(ascii: "}"):
                    depth -= 1
                    if depth == 0 {
                        guard b == UInt8(ascii: "]") else { broken = true; return false }
                        element.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[from..<i]))
                        // `[]` has no element; `[x]`, `[x, y]` the last one here.
                        if count > 0 || element.contains(where: { !isSpace($0) }) {
                            guard give(take) else { return false }
                        }
                        finished = true
                        if bytes[(i + 1)...].contains(where: { !isSpace($0) }) { broken = true; return false }
                        return true
                    }
                    if depth < 0 { broken = true; return false }
                case UInt8(ascii: ","):
                    if depth == 1 {
                        element.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[from..<i]))
                        guard give(take) else { return false }
                        from = i + 1
                    }
                default:
                    break
                }
                i += 1
            }
            element.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[from..<bytes.count]))
            return true
        }

        private mutating func give(_ take: (Int, UnsafeBufferPointer<UInt8>) -> Bool) -> Bool {
            let taken = element.withUnsafeBufferPointer { take(count, $0) }
            count += 1
            element.removeAll(keepingCapacity: true)
            if !taken { broken = true }
            return taken
        }
    }

    /// The lists of a record held, each its own bytes (cut out of the record's).
    private struct HeldLists {
        var lists: [[UInt8]?]
        /// Lists not read yet.
        var left: Int
        /// Their bytes.
        var bytes: Int
    }

    /// Takes the list `position` of a record held with `count` lists (under the lock): nil when the record is not
    /// held, or that list was read already (a page rendered twice: the record is read again). The record is let go
    /// once each of its lists was taken.
    private func take(_ key: ChangeRecordCache.RecordKey, position: Int, count: Int) -> [UInt8]? {
        guard let list = lists[key].flatMap({ $0.lists.count == count && $0.lists.indices.contains(position) ? $0.lists[position] : nil }) else {
            return nil
        }
        held -= list.count
        // Changed in place (a copy of the record taken out would copy its lists' table on the write).
        lists[key]!.lists[position] = nil
        lists[key]!.left -= 1
        lists[key]!.bytes -= list.count
        if lists[key]!.left == 0 { lists[key] = nil }
        return list
    }

    /// Holds the lists of a record just read but list `except` (read now), each cut out of the record's bytes
    /// (under the lock). While more than `budget` bytes are held, lets go of the other records that hold the most
    /// bytes for each list not read yet (a record whose entries will not all be read, as a removed entry's, goes
    /// before one whose every list will be).
    private func hold(_ key: ChangeRecordCache.RecordKey, _ record: (data: Data, ranges: [Range<Int>]), except: Int) {
        guard lists[key] == nil, record.ranges.count > 1 else { return }
        var cut: [[UInt8]?] = []
        cut.reserveCapacity(record.ranges.count)
        var bytes = 0
        record.data.withUnsafeBytes { raw in
            for (k, range) in record.ranges.enumerated() {
                if k == except {
                    cut.append(nil)
                } else {
                    cut.append(Array(raw[range]))
                    bytes += range.count
                }
            }
        }
        lists[key] = HeldLists(lists: cut, left: record.ranges.count - 1, bytes: bytes)
        held += bytes
        guard held > budget else { return }
        let others = lists.filter { $0.key != key }.map { item in
            (key: item.key, cost: Double(item.value.bytes) / Double(max(1, item.value.left)))
        }.sorted { $0.cost > $1.cost }
        for other in others where held > budget {
            if let gone = lists.removeValue(forKey: other.key) { held -= gone.bytes }
        }
    }

    /// Where each element of the JSON array `data` is (the bytes of each value, without the commas and whitespace
    /// around it); nil when `data` is not one array. A scan of the bytes: strings (with their escapes) and nested
    /// arrays and objects are stepped over, nothing is decoded.
    /// With `from` and `wholeData` false (`ChangeRecordEntries`): the array that starts at offset `from`, followed by
    /// anything.
    static func elements(_ data: Data, from: Int = 0, wholeData: Bool = true) -> [Range<Int>]? {
        data.withUnsafeBytes { (raw: UnsafeRawBufferPointer) -> [Range<Int>]? in
            let bytes = raw.bindMemory(to: UInt8.self)
            let n = bytes.count
            func isSpace(_ b: UInt8) -> Bool { b == 0x20 || b == 0x0A || b == 0x0D || b == 0x09 }
            var i = from
            while i < n, isSpace(bytes[i]) { i += 1 }
            guard i < n, bytes[i] == UInt8(ascii: "[") else { return nil }
            i += 1
            var ranges: [Range<Int>] = []
            var depth = 0
            var start: Int?
            var end = i
            while i < n {
                let b = bytes[i]
                switch b {
                case UInt8(ascii: "\""):
                    if start == nil { start = i }
                    i += 1
                    while i < n, bytes[i] != UInt8(ascii: "\"") { i += bytes[i] == UInt8(ascii: "\\") ? 2 : 1 }
                    guard i < n else { return nil }
                    end = i + 1
                case UInt8(ascii: "["), UInt8(ascii: "{"):
                    if start == nil { start = i }
                    depth += 1
                case UInt8(ascii: "]"), UInt8(ascii: "}"):
                    if depth == 0 {
                        guard b == UInt8(ascii: "]") else { return nil }
                        if let s = start { ranges.append(s..<end) }
                        guard wholeData else { return ranges }
                        i += 1
                        while i < n, isSpace(bytes[i]) { i += 1 }
                        return i == n ? ranges : nil
                    }
                    depth -= 1
                    end = i + 1
                case UInt8(ascii: ","):
                    if depth == 0 {
                        guard let s = start else { return nil }
                        ranges.append(s..<end)
                        start = nil
                    }
                default:
                    if !isSpace(b) {
                        if start == nil { start = i }
                        end = i + 1
                    }
                }
                i += 1
            }
            return nil
        }
    }
}
