@testable import ChronikSchema
import ChronikStore
import Foundation
import Testing

/// `UniqueKeys` finds the collection and field of a key by comparing them with the few seen before: held to a table
/// of tables keyed by collection and field (what `StoreValidator.validate` used before), on seeded runs of keys with
/// collections in runs and interleaved, fields that repeat across collections, and keys shared across fields.
@Suite("StoreValidator: duplicate unique values")
struct UniqueKeysTests {
    @Test(arguments: [UInt64(1), 2, 19, 77]) func duplicatesAreTheTablesOnes(seed: UInt64) {
        var random = SplitMix64(seed: seed)
        let collections = ["glossary", "faq", "actors", "a", "glossary2"]
        let fields = ["term", "name", "slug", "term "]
        for round in 0..<20 {
            var keys = UniqueKeys(capacity: Int.random(in: 0...300, using: &random))
            var seen: [String: [String: Set<String>]] = [:]
            var expected = Set<UniqueGroup>()
            var collection = collections[0]
            for _ in 0..<Int.random(in: 0...600, using: &random) {
                // Mostly runs of one collection (the results come folder by folder), sometimes a jump.
                if Int.random(in: 0..<20, using: &random) == 0 { collection = collections.randomElement(using: &random)! }
                let field = fields[Int.random(in: 0..<(round % 2 == 0 ? 2 : fields.count), using: &random)]
                let key = "k\(Int.random(in: 0..<(round % 3 == 0 ? 40 : 400), using: &random))"
                keys.see(collection, field, key)
                if !seen[collection, default: [:]][field, default: []].insert(key).inserted {
                    expected.insert(UniqueGroup(collection, field, key))
                }
            }
            #expect(keys.duplicates == expected, "seed \(seed), round \(round)")
        }
    }

    /// A mutation of the look-up (every field of a collection sharing one set) is caught.
    @Test func fieldsAreKeptApart() {
        var keys = UniqueKeys(capacity: 4)
        keys.see("glossary", "term", "x")
        keys.see("glossary", "slug", "x")
        keys.see("faq", "term", "x")
        #expect(keys.duplicates.isEmpty)
        keys.see("glossary", "slug", "x")
        #expect(keys.duplicates == [UniqueGroup("glossary", "slug", "x")])
    }
}
