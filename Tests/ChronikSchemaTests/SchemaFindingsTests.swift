import ChronikSchema
import ChronikStore
import Foundation
import OrderedCollections
import Testing

/// `Schema.findings` (a first pass that gives the verdict alone, then `validate` for an invalid instance) is the
/// fast path that `chronik validate` checks every entry with: it must give exactly `validate`'s findings. The
/// conformance suite holds the two together on every keyword; this holds them together on the default schemas
/// with seeded random instances, most of them nearly right (the shape of the entries `validate` meets), some wrong
/// in every way.
@Suite("Schema findings against validate")
struct SchemaFindingsTests {
    static let schemas: [(String, Schema)] = {
        let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../../Schemas").standardizedFileURL
        let names = ["actors", "events", "faq", "glossary", "library", "results", "strategy"]
        return names.compactMap { name in
            guard let data = try? Data(contentsOf: folder.appendingPathComponent("\(name).schema.json")),
                  let value = try? JSONParser.parse(data), let schema = try? Schema(value, options: SchemaOptions(formatAssertion: true))
            else { return nil }
            return (name, schema)
        }
    }()

    static func value(_ random: inout SplitMix64, depth: Int = 0) -> JSONValue {
        let texts = ["", "x", "Vision", "Team", "beendet", "geplant", "2022-03-01", "2022-13-01", "2021-08-20T10:00:00Z",
                     "https://example.org/a", "example.org", "team@example.org", "a b", "ab-12", "-x", "Straße", "ä"]
        switch Int.random(in: 0..<(depth > 2 ? 4 : 6), using: &random) {
        case 0: return .null
        case 1: return .bool(Bool.random(using: &random))
        case 2: return .number(JSONNumber([-1, 0, 1, 3, 1850, 1995, 2020, 100_000][Int.random(in: 0..<8, using: &random)]))
        case 3: return .string(texts[Int.random(in: 0..<texts.count, using: &random)])
        case 4: return .array((0..<Int.random(in: 0...4, using: &random)).map { _ in value(&random, depth: depth + 1) })
        default:
            var members = OrderedDictionary<String, JSONValue>()
            for _ in 0..<Int.random(in: 0...3, using: &random) { members["k\(Int.random(in: 0..<4, using: &random))"] = value(&random, depth: depth + 1) }
            return .object(members)
        }
    }

    @Test func findingsAreValidatesFindings() throws {
        #expect(Self.schemas.count == 7)
        let seed: UInt64 = 0x5EED_0000_0000_0019
        var random = SplitMix64(seed: seed)
        let properties = ["name", "kind", "role", "website", "contact", "since", "title", "phase", "date", "status", "links",
                          "related", "publisher", "year", "url", "authors", "term", "synonyms", "see_also", "question",
                          "category", "format", "start", "end", "platform", "part", "order", "unknown"]
        var invalid = 0
        for (name, schema) in Self.schemas {
            for index in 0..<1_500 {
                var members = OrderedDictionary<String, JSONValue>()
                for _ in 0..<Int.random(in: 0...7, using: &random) {
                    members[properties[Int.random(in: 0..<properties.count, using: &random)]] = Self.value(&random)
                }
                let instance: JSONValue = index % 50 == 0 ? Self.value(&random) : .object(members)
                let expected = schema.validate(instance)
                if !expected.isEmpty { invalid += 1 }
                #expect(schema.findings(instance) == expected, "seed \(seed), \(name), case \(index): \(instance)")
            }
        }
        // Both sides of the fast path were taken.
        #expect(invalid > 1_000 && invalid < 7 * 1_500)
    }

    /// The entries of the generated store's shape are valid, and take the first pass alone.
    @Test func validEntriesHaveNoFindings() throws {
        let entries: [(String, JSONValue)] = [
            ("strategy", .object(["title": .string("S"), "part": .string("Vision"), "order": .number(JSONNumber(1))])),
            ("glossary", .object(["term": .string("T"), "see_also": .array([.string("a-1"), .string("b-2")])])),
        ]
        for (name, instance) in entries {
            let schema = try #require(Self.schemas.first { $0.0 == name }?.1)
            #expect(schema.validate(instance).isEmpty)
            #expect(schema.findings(instance).isEmpty)
        }
    }
}
