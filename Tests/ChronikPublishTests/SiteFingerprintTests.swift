import ChronikStore
import OrderedCollections
import Testing
@testable import ChronikPublish

/// `SiteFingerprint.add(raw:)` in one pass (inc15k) against the two sums made separately as before (`Checksum.of` and
/// the mix over words): the same fingerprints, so a site published before is not rendered again.
struct SiteFingerprintTests {
    @Test(arguments: [1, 77, 2026] as [UInt64])
    func onePassIsTheTwoSums(seed: UInt64) {
        var random = SplitMix64(seed: seed)
        for round in 0..<400 {
            var fast = SiteFingerprint(words: random.next(), bytes: random.next())
            if round % 5 == 0 { fast = SiteFingerprint() }
            var reference = fast
            // A run of parts of every length around the word size, as a fingerprint adds them.
            for _ in 0..<Int(random.next() % 12) {
                let count = Int(random.next() % 41)
                let bytes = (0..<count).map { _ in UInt8(truncatingIfNeeded: random.next()) }
                bytes.withUnsafeBytes { raw in
                    reference = reference.reference(adding: raw)
                    fast.add(raw: raw)
                }
                #expect(fast == reference, "seed \(seed), round \(round), \(count) bytes")
            }
        }
    }

    /// A value added through a scratch writer kept from one value to the next (inc15n) adds what a writer of its own
    /// adds: seeded values of every kind, nested, long and short, one after the other in one scratch.
    @Test func valuesThroughOneScratchAsEachThroughItsOwnWriter() {
        var random = SplitMix64(seed: 0x5C4A7C)
        func value(_ depth: Int) -> JSONValue {
            switch random.next() % (depth > 0 ? 7 : 5) {
            case 0: return .null
            case 1: return .bool(random.next() % 2 == 0)
            case 2: return .number(JSONNumber(literal: String(Int(random.next() % 2_000_000) - 1_000_000))!)
            case 3: return .string(String(repeating: "äb\"\n<", count: Int(random.next() % 40)))
            case 4: return .string("x\(random.next() % 100)")
            case 5: return .array((0..<Int(random.next() % 5)).map { _ in value(depth - 1) })
            default:
                var members = OrderedDictionary<String, JSONValue>()
                for k in 0..<Int(random.next() % 5) { members["k\(k)"] = value(depth - 1) }
                return .object(members)
            }
        }
        var scratch = JSONByteWriter(pretty: false)
        for round in 0..<300 {
            var fast = SiteFingerprint(), reference = SiteFingerprint()
            for _ in 0..<Int(random.next() % 8) {
                let v = value(3)
                fast.add(v, scratch: &scratch)
                reference.add(v)
            }
            #expect(fast == reference, "round \(round)")
        }
    }

    @Test func partsOfTheKnownKinds() {
        var fast = SiteFingerprint()
        var reference = SiteFingerprint()
        func both(_ bytes: [UInt8]) {
            bytes.withUnsafeBytes { raw in
                reference = reference.reference(adding: raw)
                fast.add(raw: raw)
            }
        }
        for n in [0, 1, -1, Int.max, Int.min, 255, 1 << 40] {
            both(withUnsafeBytes(of: n.littleEndian) { Array($0) })
        }
        for text in ["", "a", "glossary", "arbeitbericht-2300", "Äpfel und Birnen, 🍎", String(repeating: "x", count: 1000)] {
            both(Array(text.utf8))
        }
        #expect(fast == reference)
        #expect(fast != SiteFingerprint())
    }
}

/// `SiteKeys` by position (inc15n) against the reference it replaces: every entry's fingerprint computed on its own
/// (`SiteInputs.entry`) and kept in a table keyed by collection and id, and each collection's sum over its entries in
/// the site's order. Seeded models: the fixture's entries shuffled, dropped and repeated under new ids.
struct SiteKeysByPositionTests {
    @Test(arguments: [3, 41, 2026] as [UInt64])
    func eachPositionHasItsEntrysFingerprint(seed: UInt64) {
        var random = SplitMix64(seed: seed)
        for round in 0..<40 {
            var model = SiteFixture.model()
            for c in model.collections.indices {
                var entries = model.collections[c].entries
                // More entries under new ids (more than one thread's worth of places in some rounds), some dropped.
                let copies = round % 4 == 0 ? 120 : Int(random.next() % 6)
                for k in 0..<copies where !entries.isEmpty {
                    var copy = entries[Int(random.next() % UInt64(entries.count))]
                    copy.id = "kopie-\(round)-\(k)"
                    entries.append(copy)
                }
                entries.shuffle(using: &random)
                if !entries.isEmpty, random.next() % 3 == 0 { entries.removeLast() }
                model.collections[c].entries = entries
            }
            let keys = SiteKeys(model, options: SiteRenderOptions(), theme: .makeDefault())
            var reference: [SiteEntryKey: SiteFingerprint] = [:]
            for collection in model.collections {
                var sum = SiteFingerprint()
                sum.add(collection.name)
                sum.add(collection.entries.count)
                for entry in collection.entries {
                    let key = SiteInputs.entry(entry, model: model)
                    reference[SiteEntryKey(entry.collection, entry.id)] = key
                    sum.add(key)
                }
                #expect(keys.collections[collection.name] == sum, "seed \(seed), round \(round), \(collection.name)")
            }
            for (c, collection) in model.collections.enumerated() {
                for (e, entry) in collection.entries.enumerated() {
                    #expect(keys.entry(c, e) == reference[SiteEntryKey(entry.collection, entry.id)], "seed \(seed), round \(round), \(c)/\(e)")
                }
                #expect(keys.entry(c, collection.entries.count) == nil)
            }
            #expect(keys.entry(model.collections.count, 0) == nil)
            #expect(keys.entries(model) == reference)
        }
    }
}
