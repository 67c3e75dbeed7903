import ChronikStore
import Foundation
import Testing
@testable import GitKit

/// `NameTable`, the commit gate's look-up of a listed folder's names by the index's bytes, held to its reference, a
/// `[String: Int]` of the same names (the first position of each), on seeded lists: short and long names, names that
/// are prefixes of others, not ASCII, the empty name, names given twice; asked for every name, for names it lacks
/// (one byte more or less, one byte changed) and for bytes that are no UTF-8.
@Suite("Name table")
struct NameTableTests {
    static func name(_ random: inout SplitMix64) -> String {
        let stems = ["a", "arbeitsgruppe-radmodell", "förder", "stadt-", "x", "", "ein-längerer-eintrag-ohne-umlaute", "日本"]
        var text = stems[Int(random.next() % UInt64(stems.count))]
        for _ in 0..<Int(random.next() % 3) { text += "-\(random.next() % 40)" }
        if random.next() % 2 == 0 { text += ".md" }
        return text
    }

    @Test(arguments: [1, 2, 3, 4] as [UInt64])
    func findsWhatADictionaryFinds(seed: UInt64) {
        var random = SplitMix64(seed: seed)
        for round in 0..<40 {
            let count = Int(random.next() % (round < 20 ? 12 : 3_000))
            let names = (0..<count).map { _ in Self.name(&random) }
            let table = NameTable(names)
            var reference: [String: Int] = [:]
            for (k, name) in names.enumerated() where reference[name] == nil { reference[name] = k }
            #expect(table.count == names.count)
            #expect(table.hasDuplicates == (reference.count != names.count), "seed \(seed), round \(round)")
            var asked = names
            for name in names.prefix(200) {
                asked.append(name + "x")
                asked.append(String(name.dropLast()))
                var bytes = Array(name.utf8)
                if !bytes.isEmpty {
                    bytes[Int(random.next() % UInt64(bytes.count))] ^= 1
                    asked.append(String(decoding: bytes, as: UTF8.self))
                }
            }
            for _ in 0..<20 { asked.append(Self.name(&random)) }
            for name in asked {
                let found = Array(name.utf8).withUnsafeBytes { table.position(of: $0) }
                #expect(found == reference[name], "seed \(seed), round \(round): \(name)")
            }
            // Bytes no String of the list could hold.
            for bytes in [[0xFF], [0x66, 0xC3], Array("förder".utf8.dropLast(2))] as [[UInt8]] {
                #expect(bytes.withUnsafeBytes { table.position(of: $0) } == nil)
            }
        }
    }

    /// Names chosen to share one slot under one seed (as whoever writes a store could choose them for a fixed hash)
    /// spread out under another: the table's hash is seeded (`NameTable.processSeed`, new for each process). A table of
    /// them under the seed they collide with still finds every name.
    @Test func namesCollidingUnderOneSeedSpreadUnderAnother() {
        let capacity = 512
        var names: [String] = []
        var k = 0
        while names.count < 200 {
            let name = "eintrag-\(k).md"
            if NameTable.slot(of: name, capacity: capacity, seed: 0) == 0 { names.append(name) }
            k += 1
        }
        #expect(Set(names.map { NameTable.slot(of: $0, capacity: capacity, seed: 0) }) == [0])
        for seed in [0x9E37_79B9_7F4A_7C15, 12_345, NameTable.processSeed] as [UInt64] where seed != 0 {
            let slots = Set(names.map { NameTable.slot(of: $0, capacity: capacity, seed: seed) })
            #expect(slots.count >= 100, "seed \(seed): \(slots.count) slots")
        }
        let table = NameTable(names, seed: 0)
        for (position, name) in names.enumerated() {
            #expect(Array(name.utf8).withUnsafeBytes { table.position(of: $0) } == position)
        }
        #expect(Array("eintrag-x.md".utf8).withUnsafeBytes { table.position(of: $0) } == nil)
    }
}
