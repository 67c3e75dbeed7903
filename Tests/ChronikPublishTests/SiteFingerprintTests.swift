import Foundation
@testable import ChronikChangelog
import ChronikStore
import GitKit
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

    /// A release's group fingerprinted member by member (`SiteInputs.outline`, inc15o) against the JSON encoding it
    /// replaced (`add(encoded:)`): on seeded groups and each with one member changed (kind, release, commit, base,
    /// dates, a version's id, author, date or message, a version or contributor more or less), the two fingerprints
    /// differ from the group's exactly when the encoding does (a date changed by less than a second is finer here:
    /// never a change the encoding shows and this misses). The types' stored properties are the ones it adds.
    @Test(arguments: [5, 90, 2026] as [UInt64])
    func releaseOutlineMemberByMemberAsItsEncoding(seed: UInt64) {
        var random = SplitMix64(seed: seed)
        func id() -> ObjectID { ObjectID(hex: (0..<20).map { _ in String(format: "%02x", Int(random.next() % 3)) }.joined())! }
        func date() -> Timestamp {
            Timestamp(date: Date(timeIntervalSince1970: Double(1_600_000_000 + Int(random.next() % 4) * 3600)),
                      offsetMinutes: [0, 60, 120][Int(random.next() % 3)])
        }
        let names = ["Ada", "Bob", "", "Zoë \"Z\""]
        func person() -> Person { Person(name: names[Int(random.next() % UInt64(names.count))]) }
        let messages = ["", "Eins", "Eins\n\nZwei", "Ä"]
        func message() -> String { messages[Int(random.next() % UInt64(messages.count))] }
        func version() -> ChangelogVersion { ChangelogVersion(id: id(), author: person(), date: date(), message: message()) }
        func group() -> ChangelogGroup {
            let release = random.next() % 3 == 0 ? nil : Release(name: "v\(random.next() % 3)", tag: id(), version: id(), date: date(),
                                                                 tagger: random.next() % 2 == 0 ? nil : person(), message: message())
            return ChangelogGroup(kind: [.release, .unreleased, .version][Int(random.next() % 3)], release: release, version: id(),
                                  base: random.next() % 3 == 0 ? nil : id(), date: date(),
                                  versions: (0..<Int(random.next() % 4)).map { _ in version() },
                                  contributors: (0..<Int(random.next() % 3)).map { _ in person() }, changes: .none)
        }
        func members(_ g: ChangelogGroup) -> SiteFingerprint { SiteFingerprint { SiteInputs.outline(g, into: &$0) } }
        func encoded(_ g: ChangelogGroup) -> SiteFingerprint { SiteFingerprint { $0.add(encoded: g) } }
        var changed = 0
        for round in 0..<400 {
            let a = group()
            var b = a
            switch random.next() % 12 {
            case 0: b.kind = [.release, .unreleased, .version][Int(random.next() % 3)]
            case 1: b.release = random.next() % 2 == 0 ? nil : group().release
            case 2: b.version = id()
            case 3: b.base = random.next() % 2 == 0 ? nil : id()
            case 4: b.date = date()
            case 5: if !b.versions.isEmpty { b.versions[0].id = id() }
            case 6: if !b.versions.isEmpty { b.versions[b.versions.count - 1].author = person() }
            case 7: if !b.versions.isEmpty { b.versions[0].date = date() }
            case 8: if !b.versions.isEmpty { b.versions[0].message = message() }
            case 9: if random.next() % 2 == 0 { b.versions.append(version()) } else if !b.versions.isEmpty { b.versions.removeLast() }
            case 10: if random.next() % 2 == 0 { b.contributors.append(person()) } else if !b.contributors.isEmpty { b.contributors.removeFirst() }
            default: b = group()
            }
            let differs = encoded(a) != encoded(b)
            if differs { changed += 1 }
            #expect((members(a) != members(b)) == differs, "seed \(seed), round \(round)")
            #expect(members(a) == members(a), "seed \(seed), round \(round)")
        }
        #expect(changed > 100)
        #expect(Mirror(reflecting: group()).children.map(\.label) ==
                ["kind", "release", "version", "base", "date", "versions", "contributors", "changes"])
        #expect(Mirror(reflecting: version()).children.map(\.label) == ["id", "author", "date", "message"])
        #expect(Mirror(reflecting: person()).children.map(\.label) == ["name"])
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
