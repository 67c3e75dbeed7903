// Caches that let one `SnapshotDiffer` reuse what it parsed in earlier diffs of the same repository. A changelog
// walks version after version: an entry edited in two nearby versions is read on both sides, the strategy's
// document order needs every strategy entry of both trees, and `chronik.yml` and the schemas rarely change. Every
// value is keyed by the id of the Git object it was made from, so it can never be stale.
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
