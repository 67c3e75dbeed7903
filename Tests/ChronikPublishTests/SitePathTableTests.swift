import ChronikStore
import Foundation
import Testing
@testable import ChronikPublish

/// `SitePathTable`'s walk beside a plan (`align`, `position(of:after:distinct:)`) against its definition, the dictionary
/// of its paths with the last of equal paths winning: on seeded tables and plans that differ by files added, removed,
/// moved a little or far, tables that list a path twice (as a hand-made manifest or cache file may), and plans in
/// another order altogether.
@Suite struct SitePathTableTests {
    private static func path(_ n: Int) -> String { "c\(n % 7)/e-\(n)/index.html" }

    /// A table of `count` paths (some listed twice when `duplicates`), and the keys of a next plan made from it.
    private static func case_(_ random: inout SplitMix64) -> (SitePathTable<Int>, [String]) {
        let count = Int(random.next() % 60)
        var paths = (0..<count).map { path($0) }
        if random.next() % 3 == 0, !paths.isEmpty {
            // Listed twice: next to each other, or far apart.
            for _ in 0..<(1 + random.next() % 3) {
                let p = paths[Int(random.next() % UInt64(paths.count))]
                paths.insert(p, at: Int(random.next() % UInt64(paths.count + 1)))
            }
        }
        var table = SitePathTable<Int>()
        for (j, p) in paths.enumerated() { table.append(p, j) }
        // The next plan: the table's distinct paths in its order, then edits.
        var seen = Set<String>()
        var keys = paths.filter { seen.insert($0).inserted }
        for _ in 0..<(random.next() % 6) {
            switch random.next() % 6 {
            case 0: keys.insert(path(1000 + Int(random.next() % 50)), at: Int(random.next() % UInt64(keys.count + 1)))
            case 1 where !keys.isEmpty: keys.remove(at: Int(random.next() % UInt64(keys.count)))
            case 2 where keys.count > 1:
                let k = Int(random.next() % UInt64(keys.count - 1))
                keys.swapAt(k, k + 1)
            case 3 where keys.count > 1:
                let moved = keys.remove(at: Int(random.next() % UInt64(keys.count)))
                keys.insert(moved, at: Int(random.next() % UInt64(keys.count + 1)))
            case 4: keys.shuffle(using: &random)
            default: keys.removeFirst(min(keys.count, Int(random.next() % 20)))
            }
        }
        var distinct = Set<String>()
        keys = keys.filter { distinct.insert($0).inserted }
        return (table, keys)
    }

    @Test(arguments: [UInt64(1), 15, 2026])
    func alignIsTheDictionary(seed: UInt64) {
        var random = SplitMix64(seed: seed)
        for round in 0..<400 {
            let (table, keys) = Self.case_(&random)
            let dictionary = table.dictionary
            var lastListing: [String: Int] = [:]
            for (j, p) in table.paths.enumerated() { lastListing[p] = j }
            let keySet = Set(keys)
            let alignment = table.align(keys) { keySet.contains($0) }
            for (k, key) in keys.enumerated() {
                #expect(alignment.position(k).map { table.values[$0] } == dictionary[key], "seed \(seed), round \(round), key \(key)")
                #expect(alignment.position(k) == lastListing[key], "seed \(seed), round \(round), key \(key)")
            }
            let takenPositions = Set(alignment.positions.filter { $0 >= 0 }.map(Int.init))
            #expect(Set(table.paths.indices.filter { alignment.taken[$0] }) == takenPositions, "seed \(seed), round \(round)")
            let stale = Set(dictionary.keys).subtracting(keySet)
            #expect(alignment.stale.count == stale.count, "seed \(seed), round \(round): each stale path once")
            #expect(Set(alignment.stale.map { table.paths[$0] }) == stale, "seed \(seed), round \(round)")
            if dictionary.count != table.count {
                #expect(!alignment.distinct, "seed \(seed), round \(round): a path listed twice is found by the dictionary")
            }

            // Lookups in any order, from any place, give the dictionary's value.
            var next = Int(random.next() % UInt64(table.count + 1))
            for _ in 0..<20 {
                let key = random.next() % 4 == 0 ? Self.path(2000) : (table.paths.randomElement(using: &random) ?? "x")
                let found = table.position(of: key, after: &next, distinct: alignment.distinct).map { table.values[$0] }
                #expect(found == dictionary[key], "seed \(seed), round \(round), lookup \(key)")
                #expect(table[key] == dictionary[key])
            }
        }
    }

    /// A table in the plan's order is walked, not hashed: the dictionary is not needed when every key is found at
    /// or a few places after the last one (a file removed), and one added file makes it once.
    @Test func aTableInThePlansOrderIsWalked() {
        var table = SitePathTable<Int>()
        for j in 0..<1000 { table.append(Self.path(j), j) }
        var keys = table.paths
        keys.remove(at: 500)
        keys.removeSubrange(700..<705)
        let alignment = table.align(keys) { _ in false }
        #expect(alignment.distinct)
        #expect(alignment.stale == [500, 701, 702, 703, 704, 705])
        #expect(!table.madeDictionary, "every key found by the walk")
        #expect(alignment.positions.enumerated().allSatisfy { k, j in table.paths[Int(j)] == keys[k] })
        var added = keys
        added.insert("added.html", at: 10)
        #expect(table.align(added) { _ in false }.positions[10] == -1)
        #expect(table.madeDictionary, "a path the walk does not find is looked up")
        // Copies share what they know; appending to a copy does not change the original's lookups.
        var copy = table
        copy.append("added.html", -1)
        #expect(copy["added.html"] == -1)
        #expect(table["added.html"] == nil)
        #expect(copy[Self.path(3)] == 3)
    }
}
