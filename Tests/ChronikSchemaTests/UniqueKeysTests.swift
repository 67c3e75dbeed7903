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

    /// The values are seen on the checking threads (`CheckTally`): the entries reported as sharing a unique value are
    /// exactly those whose value occurs more than once, on all cores and on one, cold and warm, with and without `only`.
    @Test(arguments: [UInt64(4), 9]) func theDuplicatesOfAVersionOnDisk(seed: UInt64) throws {
        var random = SplitMix64(seed: seed)
        var files: [String: String] = [:]
        var terms: [String: String] = [:]
        for k in 0..<700 {
            let term = Int.random(in: 0..<3, using: &random) == 0 ? "Oft \(Int.random(in: 0..<40, using: &random))" : "Einmal \(k)"
            terms["g\(k)"] = term
            files["glossary/g\(k).md"] = entry("term: \(term)")
        }
        let disk = try DiskVersion(files)
        defer { disk.remove() }
        let counts = Dictionary(terms.values.map { ($0, 1) }, uniquingKeysWith: +)
        let some = Set(terms.keys.filter { _ in Int.random(in: 0..<4, using: &random) == 0 })
        for threshold in [4, Int.max / 32] {
            var options = StoreValidationOptions()
            options.parallelThreshold = threshold
            options.settleTime = .zero
            for only in [nil, some] {
                let expected = terms.filter { id, term in counts[term]! > 1 && (only?.contains(id) ?? true) }.map { "glossary/\($0.key).md" }.sorted()
                let onlyIDs = only.map { Set($0.map { EntryID(collection: "glossary", id: $0) }) }
                try? FileManager.default.removeItem(at: disk.cache)
                for run in ["cold", "warm"] {
                    let report = StoreValidator(options: options).validate(try disk.content(), only: onlyIDs)
                    #expect(report.problems.allSatisfy { $0.keyword == "x-chronik-unique" }, "seed \(seed), \(run)")
                    #expect(Set(report.problems.map(\.file)).sorted() == expected, "seed \(seed), threshold \(threshold), \(run)")
                }
            }
        }
    }
}
