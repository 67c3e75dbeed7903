import ChronikDiff
import ChronikStore
import Foundation
import GitKit

/// One entry of a cached change record, cut out of the record's stored bytes and decoded alone (issue 15, inc15d): a
/// site built from its histories' facts (`SiteHistoryFacts`) knows which entries each version changed and how (kind,
/// names), and reads what changed in an entry (fields, word counts, references) only for the files it renders. A
/// store's first version adds every entry: decoding its record whole for each page that lists that version was most
/// of the sixth of an incremental publish that decoding the histories' records took. Each record's bytes are cut
/// once and held for the next entry of the same record while at most `budget` bytes are held.
package final class ChangeRecordEntries: @unchecked Sendable {
    private let cache: ChangeRecordCache
    private let lock = NSLock()
    /// The stored record and where each entry is in it, by record.
    private var records: [ChangeRecordCache.RecordKey: (data: Data, ranges: [Range<Int>])] = [:]
    private var held = 0
    private let budget: Int

    /// The cache in `directory` (`ChangelogOptions.cacheDirectory`) of the records in `language`.
    package init(directory: URL, language: String, budget: Int = 64 << 20) {
        cache = ChangeRecordCache(directory: directory, language: language)
        self.budget = budget
    }

    /// Reads the records through the cache `blocks` reads (one index of the cache's segments for both: indexing reads
    /// every segment, 1.3 % of an incremental publish of the medium store each time, inc15e).
    package init(sharingCacheOf blocks: ChangeRecordBlocks, budget: Int = 64 << 20) {
        cache = blocks.cache
        self.budget = budget
    }

    /// Entry `position` of the record from `base` to `tip`, which has `count` entries, without its blocks; nil when
    /// the record is not cached (or has not `count` entries, or the entry cannot be decoded).
    package func entry(base: ObjectID?, tip: ObjectID, position: Int, count: Int) -> ChangelogEntry? {
        let key = ChangeRecordCache.RecordKey(tip: tip, base: base)
        var found = lock.withLock { records[key] }
        if found == nil {
            found = cache.recordJSON(base: base, tip: tip) { data in
                Self.entryElements(data).flatMap { $0.count == count ? (data, $0) : nil }
            }
            if let found {
                lock.withLock {
                    if held + found.data.count > budget {
                        records = [:]
                        held = 0
                    }
                    records[key] = found
                    held += found.data.count
                }
            }
        }
        guard let found, found.ranges.indices.contains(position) else { return nil }
        let range = found.ranges[position]
        // Read where it is in the record's bytes (`RecordJSON.decodeEntry`), not copied out and parsed to a tree first.
        return found.data.withUnsafeBytes { raw in
            try? RecordJSON.decodeEntry(UnsafeBufferPointer(rebasing: raw.bindMemory(to: UInt8.self)[range]))
        }
    }

    /// Lets go of the records held (a record asked for again is read again from the cache).
    package func letGo() {
        lock.withLock {
            records = [:]
            held = 0
        }
    }

    /// How many records are held (for the tests).
    package var heldRecords: Int { lock.withLock { records.count } }

    /// Where each element of the record's `entries` list is in `data` (a record as `RecordJSON.record` writes it:
    /// `{"entries":[…],…}`); nil when `data` does not start so or the list does not end.
    static func entryElements(_ data: Data) -> [Range<Int>]? {
        let prefix = Array(#"{"entries":"#.utf8)
        guard data.count > prefix.count, data.starts(with: prefix) else { return nil }
        return ChangeRecordBlocks.elements(data, from: prefix.count, wholeData: false)
    }
}
