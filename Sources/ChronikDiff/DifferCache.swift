// Caches that let one `SnapshotDiffer` reuse what it parsed in earlier diffs of the same repository. A changelog
// walks version after version: an entry edited in two nearby versions is read on both sides, the strategy's
// document order needs every strategy entry of both trees, and `chronik.yml` and the schemas rarely change. Every
// value is keyed by the id of the Git object it was made from, so it can never be stale.

import ChronikStore
import Foundation
import GitKit
//
// Eviction is least-recently-used approximated by two generations (as in "2Q"/generational caches): values go
// into the young generation; when it is full it becomes the old one and the previous old one is dropped; a hit in
// the old generation moves the value back to the young one. Lookups and inserts are O(1) and the memory is bounded
// by the budget, whatever the length of the history.

/// A cache bounded by the summed cost of its values (an estimate of bytes), evicting roughly least recently used.
struct GenerationalCache<Key: Hashable, Value> {
    /// The most the two generations hold together (a single value larger than half of it is kept alone).
    let budget: Int
    private var young: [Key: (value: Value, cost: Int)] = [:]
    private var old: [Key: (value: Value, cost: Int)] = [:]
    private var youngCost = 0

    init(budget: Int) {
        self.budget = budget
    }

    mutating func value(for key: Key) -> Value? {
        if let hit = young[key] { return hit.value }
        guard let hit = old.removeValue(forKey: key) else { return nil }
        insert(hit.value, for: key, cost: hit.cost)
        return hit.value
    }

    mutating func insert(_ value: Value, for key: Key, cost: Int) {
        if youngCost + cost > budget / 2, !young.isEmpty {
            old = young
            young = [:]
            youngCost = 0
        }
        young[key] = (value, cost)
        youngCost += cost
    }

    /// Values held in both generations (for tests).
    var count: Int { young.count + old.count }
}

/// An entry as the differ parsed it from a blob, with the problem found reading it (if any).
struct ParsedEntry: Sendable {
    var document: EntryDocument
    var problem: String?
}

/// A document section's order and title, as read from one blob's front matter with one title and order field.
struct SectionInfo: Sendable {
    var order: Double?
    var title: String?
}

/// An object's id with the fields a section was read with.
struct SectionKey: Hashable, Sendable {
    var object: ObjectID
    var titleField: String?
    var orderField: String
}

/// What differs parse from blobs, by blob id: whole entries and the sections' order and title. One differ has its
/// own; the differs of a changelog, one per thread, share one: an entry's blob is the new side of one version and
/// the old side of the next version that changes it, which is often another thread's, and a thread that starts on
/// versions far from its last needs the order of every section again. Lookups and inserts take a lock; parsing
/// happens outside it.
public final class ParsedBlobCache: @unchecked Sendable {
    private let lock = NSLock()
    // Guarded by `lock`.
    private var entries: GenerationalCache<ObjectID, ParsedEntry>
    private var sections = GenerationalCache<SectionKey, SectionInfo>(budget: 16 << 20)

    /// `entryBudget`: about how much memory (bytes) the parsed entries may take; 0: none are kept.
    public init(entryBudget: Int) {
        entries = GenerationalCache(budget: entryBudget)
    }

    func entry(_ blob: ObjectID) -> ParsedEntry? {
        lock.withLock { entries.value(for: blob) }
    }

    /// Keeps an entry parsed from a blob of `size` bytes.
    func insert(_ entry: ParsedEntry, for blob: ObjectID, size: Int) {
        // No budget (one diff, whose entries are not asked for again): nothing kept, nothing to evict.
        guard entries.budget > 0 else { return }
        // Measured on the generated medium store (the resident memory of a changelog run with budgets from 16 to
        // 256 MiB): about the blob's size, for the body, the fields and the dictionaries.
        lock.withLock { entries.insert(entry, for: blob, cost: size + 512) }
    }

    /// Drops every parsed entry and section (their memory goes to what is made next): for a changelog whose first
    /// pass compared every version, so that its second pass (reading back and rendering, the root's large group
    /// among them) does not add to what the comparisons kept.
    public func removeAll() {
        lock.withLock {
            entries = GenerationalCache(budget: entries.budget)
            sections = GenerationalCache(budget: sections.budget)
        }
    }

    func section(_ key: SectionKey) -> SectionInfo? {
        lock.withLock { sections.value(for: key) }
    }

    func insert(_ info: SectionInfo, for key: SectionKey) {
        lock.withLock { sections.insert(info, for: key, cost: 64 + (info.title?.utf8.count ?? 0)) }
    }
}
