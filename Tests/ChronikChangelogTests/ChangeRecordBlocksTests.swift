import ChronikStore
import Foundation
import OrderedCollections
import Testing
@testable import ChronikChangelog

/// `ChangeRecordBlocks.elements` cuts a JSON array into its elements by scanning bytes: held to the JSON parser on
/// seeded random arrays (strings with quotes, backslashes, brackets and commas in them, nested arrays and objects,
/// numbers, literals, whitespace as a pretty writer puts it).
@Suite struct ChangeRecordBlocksTests {
    private static func value(_ random: inout SplitMix64, depth: Int) -> JSONValue {
        let pieces = ["a", "\"", "\\", "[", "]", "{", "}", ",", ":", " ", "ß", "\n", "\u{1}", "Wort"]
        switch random.next() % (depth > 3 ? 4 : 6) {
        case 0: return .null
        case 1: return .bool(random.next() % 2 == 0)
        case 2: return .number(JSONNumber(Int(random.next() % 2000) - 1000))
        case 3: return .string((0..<Int(random.next() % 8)).map { _ in pieces[Int(random.next() % UInt64(pieces.count))] }.joined())
        case 4: return .array((0..<Int(random.next() % 4)).map { _ in value(&random, depth: depth + 1) })
        default:
            var object = OrderedDictionary<String, JSONValue>()
            for k in 0..<Int(random.next() % 4) { object["k\(k)\(pieces[Int(random.next() % UInt64(pieces.count))])"] = value(&random, depth: depth + 1) }
            return .object(object)
        }
    }

    @Test(arguments: [1, 42, 2026] as [UInt64])
    func elementsAreTheParsersElements(seed: UInt64) throws {
        var random = SplitMix64(seed: seed)
        for round in 0..<200 {
            let elements = (0..<Int(random.next() % 6)).map { _ in Self.value(&random, depth: 0) }
            var writer = JSONByteWriter(pretty: round % 2 == 0)
            writer.write(.array(elements))
            let data = Data(writer.bytes)
            let ranges = try #require(ChangeRecordBlocks.elements(data), "seed \(seed), round \(round)")
            #expect(ranges.count == elements.count, "seed \(seed), round \(round)")
            for (range, element) in zip(ranges, elements) {
                #expect(try JSONParser.parse(data.subdata(in: range)) == element, "seed \(seed), round \(round)")
            }
        }
        #expect(ChangeRecordBlocks.elements(Data("{\"a\":1}".utf8)) == nil)
        #expect(ChangeRecordBlocks.elements(Data("[1,2".utf8)) == nil)
        #expect(ChangeRecordBlocks.elements(Data("[\"x]".utf8)) == nil)
        #expect(ChangeRecordBlocks.elements(Data(" [ ] ".utf8)) == [])
    }

    /// `ChangeRecordEntries.entryElements` (inc15d): the `entries` list of a record as `RecordJSON.record` writes it,
    /// followed by the record's other members, cut into the same elements as the parser's (seeded random entries).
    @Test(arguments: [3, 1515] as [UInt64])
    func entryElementsAreTheRecordsEntries(seed: UInt64) throws {
        var random = SplitMix64(seed: seed)
        for round in 0..<100 {
            let entries = (0..<Int(random.next() % 6)).map { _ in Self.value(&random, depth: 1) }
            var members = OrderedDictionary<String, JSONValue>()
            members["entries"] = .array(entries)
            members["files"] = .array([Self.value(&random, depth: 2)])
            members["summary"] = Self.value(&random, depth: 2)
            var writer = JSONByteWriter(pretty: false)
            writer.write(.object(members))
            let data = Data(writer.bytes)
            let ranges = try #require(ChangeRecordEntries.entryElements(data), "seed \(seed), round \(round)")
            #expect(ranges.count == entries.count, "seed \(seed), round \(round)")
            for (range, entry) in zip(ranges, entries) {
                #expect(try JSONParser.parse(data.subdata(in: range)) == entry, "seed \(seed), round \(round)")
            }
        }
        #expect(ChangeRecordEntries.entryElements(Data("{\"files\":[],\"entries\":[1]}".utf8)) == nil, "entries not first")
        #expect(ChangeRecordEntries.entryElements(Data("{\"entries\":[1,2".utf8)) == nil)
        #expect(ChangeRecordEntries.entryElements(Data("{\"entries\":[]}".utf8)) == [])
    }
}
