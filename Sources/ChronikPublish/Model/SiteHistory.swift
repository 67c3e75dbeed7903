import ChronikChangelog
import ChronikDiff
import ChronikStore
import GitKit

// Every entry's history in one pass over the history (issue 15: a site of 5,000 entries is not 5,000 walks): the
// changelog by version (`ChangelogGrouping.commit`, public, each version against its first parent, its records
// cached under `.git/chronik/changelog-cache/` like `chronik changelog --by commit`) is read once, newest first, and
// each changed entry's change is filed under the entry it is at the site's version, following renames and moves
// back (as `chronik log ENTRY` follows them: like `git log --follow`).
//
// A version that changed only an entry's private values shows no change in public, so it is not in the entry's
// public history (`chronik log --public` leaves it out for the same reason).

/// The histories of the entries at one version.
struct SiteHistoryIndex {
    /// Entry key (collection and id at the site's version) → its changes, newest first (the entries with any).
    var changes: [SiteEntryKey: [SiteEntryChange]] {
        var changes: [SiteEntryKey: [SiteEntryChange]] = [:]
        for (key, slot) in slots where !lists[slot].isEmpty { changes[key] = lists[slot] }
        return changes
    }
    /// The newest versions, newest first, with the entries they changed.
    private(set) var recent: [SiteVersionChange] = []

    /// An entry's key (the pair, not a `collection/id` text made for each look-up: inc15k).
    static func key(_ collection: String, _ id: String) -> SiteEntryKey { SiteEntryKey(collection, id) }

    /// The entries at the site's version, each with the place of its changes in `lists`: a change is filed with one
    /// look-up of its entry's key (a set of the entries asked whether it is one, then a table of changes by key, were
    /// two look-ups of the two texts per change, 11,000 changes per publish of the medium store; inc15n).
    private let slots: [SiteEntryKey: Int]
    /// The changes of each entry at the site's version (by `slots`), newest first.
    private var lists: [[SiteEntryChange]]
    private let recentCount: Int
    /// Where a key of an older version leads (a rename's old name → the slot of the entry it became); a key no longer
    /// leading anywhere (the new name of a rename, before the rename) maps to nil.
    private var alias: [SiteEntryKey: Int?] = [:]

    init<Keys: Sequence<SiteEntryKey>>(current: Keys, recentCount: Int) {
        var slots: [SiteEntryKey: Int] = [:]
        slots.reserveCapacity(current.underestimatedCount)
        // One look-up a key (the first of duplicates keeps its slot).
        for key in current {
            let next = slots.count
            Self.touch(&slots[key, default: next])
        }
        self.slots = slots
        lists = Array(repeating: [], count: slots.count)
        self.recentCount = recentCount
    }

    /// Files the next group of a by-version changelog (they come newest first) under the entries at the site's
    /// version; the group itself is not kept. With `changes`, the group's changes are the facts of its record (kind,
    /// entry, former name: `SiteHistoryFacts`) and each item reads the rest from there when asked.
    mutating func add(_ group: ChangelogGroup, changes details: SiteHistoryChanges? = nil, fieldPointers: [[String]]? = nil) {
        guard let item = SiteHistoryOutline.Item(group) else { return }
        add(item, record: group.changes, changes: details, fieldPointers: fieldPointers)
    }

    /// Files a group of the outline (`SiteHistoryOutline`: what `add(_:)` takes of a `ChangelogGroup`) with `record`,
    /// its changes (with `changes`, their facts only, as `add(_:changes:fieldPointers:)` says).
    mutating func add(_ outline: SiteHistoryOutline.Item, record: ChangeRecord, changes details: SiteHistoryChanges? = nil,
                      fieldPointers: [[String]]? = nil) {
        let version = outline.siteVersion
        if recent.count < recentCount {
            recent.append(SiteVersionChange(version: version, release: outline.release, changed: record.entries.map(\.entry)))
        }
        // The changes read in place (a `for` over them copied each one out, and each was copied again into its item).
        let count = record.entries.count
        record.entries.withUnsafeBufferPointer { entries in
            for position in entries.indices {
                let pointers = fieldPointers.flatMap { $0.indices.contains(position) ? $0[position] : nil }
                file(outline, version: version, position: position, count: count, kind: entries[position].kind,
                     entry: entries[position].entry, from: entries[position].from, details: details,
                     fieldPointers: pointers) { entries[position] }
            }
        }
    }

    /// Files a group of the outline from its record's facts (`SiteHistoryFacts`, their changes read from `details`
    /// when asked): what `add(_:record:changes:fieldPointers:)` files for the record `SiteHistoryFacts.record(_:)`
    /// makes of them, with each fact's changed fields' pointers, each item's change made once (the record of
    /// `ChangelogEntry` values made first, then each copied into its item, was a third of filing them, inc15k).
    /// `SiteHistoryFactsTests.filedFromFactsAsFromTheirRecord` holds the two to each other.
    mutating func add(_ outline: SiteHistoryOutline.Item, facts named: [SiteHistoryFacts.Named], changes details: SiteHistoryChanges?) {
        let version = outline.siteVersion
        if recent.count < recentCount {
            recent.append(SiteVersionChange(version: version, release: outline.release, changed: named.map(\.entry)))
        }
        let count = named.count
        named.withUnsafeBufferPointer { named in
            for position in named.indices {
                file(outline, version: version, position: position, count: count, kind: named[position].kind,
                     entry: named[position].entry, from: named[position].from, details: details,
                     fieldPointers: named[position].fields) { SiteHistoryFacts.change(named[position]) }
            }
        }
    }

    /// Files change `position` of a group of `count` (its kind, entry and former name) under the entry it concerns at
    /// the site's version, and follows a rename or move: what both `add(_:record:…)` and `add(_:facts:…)` do for each
    /// change. `change` makes the item's change, asked only when the entry is on the site.
    @inline(__always)
    private mutating func file(_ outline: SiteHistoryOutline.Item, version: SiteVersion, position: Int, count: Int,
                               kind: EntryDiff.Kind, entry: EntryRef, from: EntryRef?, details: SiteHistoryChanges?,
                               fieldPointers: [String]?, change: () -> ChangelogEntry) {
        let key = Self.key(entry.collection, entry.id)
        let target = self.target(key)
        if kind == .removed { return }
        if let target {
            var item = SiteEntryChange(version: version, release: outline.release, change: change())
            item.base = outline.base
            item.position = position
            item.recordCount = count
            item.details = details
            item.fieldPointers = fieldPointers
            lists[target].append(item)
        }
        if let from, kind == .renamed || kind == .moved { followed(key, from: from, to: target) }
    }

    /// An `inout` access (with `slots[key, default: next]`: inserting `next` when the key is new).
    private static func touch(_ slot: inout Int) {}

    /// The slot of the entry at the site's version that a change of the entry `key` (at its version) is filed under,
    /// if any.
    private func target(_ key: SiteEntryKey) -> Int? {
        if !alias.isEmpty, let leads = alias[key] { return leads }
        return slots[key]
    }

    /// Records a rename or move of `from` to `key` (whose changes are filed under `target`): older changes of `from`
    /// go there too, and `key` before the rename led nowhere.
    private mutating func followed(_ key: SiteEntryKey, from: EntryRef, to target: Int?) {
        let fromKey = Self.key(from.collection, from.id)
        alias[fromKey] = .some(target)
        if fromKey != key { alias[key] = .some(nil) }
    }

    func history(_ collection: String, _ id: String) -> [SiteEntryChange] { slots[Self.key(collection, id)].map { lists[$0] } ?? [] }

    /// Gives every change its word-level blocks from the change-record cache, when the histories were filed without
    /// them (peak15b): one record at a time, each entry's list decoded from the record's stored bytes and packed at
    /// once, so that no record's blocks are held as values whole (the large store's first record added 50,000
    /// entries: its blocks were about 370 MB of bytes, 600 MB parsed and 550 MB as values at once). False when a
    /// record's blocks cannot be read (then some changes may have their blocks and others not). With `spill`, the
    /// packed blocks are kept in that file rather than in memory.
    mutating func fillBlocks(from cache: ChangeRecordBlocks, spill: SiteHistorySpill? = nil) -> Bool {
        struct Record: Hashable {
            var tip: ObjectID
            var base: ObjectID?
        }
        // Record → (count, [(position, slot, index in the slot's history)]).
        var wanted: [Record: (count: Int, places: [(position: Int, slot: Int, index: Int)])] = [:]
        for (slot, list) in lists.enumerated() {
            for (index, change) in list.enumerated() {
                let record = Record(tip: change.version.id, base: change.base)
                wanted[record, default: (change.recordCount, [])].places.append((change.position, slot, index))
            }
        }
        // In a fixed order (the dictionary's is not), for the same reads on every run.
        let records = wanted.keys.sorted { ($0.tip.hex, $0.base?.hex ?? "") < ($1.tip.hex, $1.base?.hex ?? "") }
        for record in records {
            guard let (count, places) = wanted.removeValue(forKey: record) else { continue }
            let sorted = places.sorted { $0.position < $1.position }
            var positions: [Int] = []
            for place in sorted where positions.last != place.position { positions.append(place.position) }
            var next = 0
            let read = cache.lists(base: record.base, tip: record.tip, count: count, positions: positions) { position, list in
                while next < sorted.count, sorted[next].position == position {
                    lists[sorted[next].slot][sorted[next].index].setBlocks(list, spill: spill)
                    next += 1
                }
            }
            guard read, next == sorted.count else { return false }
        }
        return true
    }
}
