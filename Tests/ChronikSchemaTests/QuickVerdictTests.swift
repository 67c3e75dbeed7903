@testable import ChronikSchema
import ChronikStore
import Foundation
import OrderedCollections
import Testing

/// `QuickVerdict` (the first pass of `Schema.findings` for schemas of the entry schemas' shape) against its
/// reference, the evaluator: a `true` verdict must be exactly `validate` finding nothing, and on everything below a
/// `false` verdict is `validate` finding something too (it would only cost time, but it shows the subset is checked
/// in full). The conformance suite holds `findings` to `validate` on every keyword as well.
@Suite("Quick verdict against the evaluator")
struct QuickVerdictTests {
    static let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../../Schemas").standardizedFileURL
    static let names = ["actors", "events", "faq", "glossary", "library", "results", "strategy"]

    static func schemas(_ options: SchemaOptions) -> [(String, Schema)] {
        names.compactMap { name in
            guard let data = try? Data(contentsOf: folder.appendingPathComponent("\(name).schema.json")),
                  let value = try? JSONParser.parse(data), let schema = try? Schema(value, options: options) else { return nil }
            return (name, schema)
        }
    }

    /// Values near what entries hold (texts of every kind the schemas check, numbers at their bounds, lists of ids)
    /// and anything else now and then.
    static func value(_ random: inout SplitMix64, depth: Int = 0) -> JSONValue {
        let texts = ["", "x", "Vision", "Umsetzung", "Team", "Verwaltung", "beendet", "geplant", "Entwurf", "Workshop",
                     "2022-03-01", "2022-13-01", "2021-02-29", "2024-02-29", "2021-08-20T10:00:00Z", "https://example.org/a",
                     "http://x", "example.org", "team@example.org", "a b", "ab-12", "offene-laermmanagement-507", "-x", "A-1",
                     "Straße", "ä", "\u{212A}", "e\u{301}", String(repeating: "a", count: 101), String(repeating: "b", count: 100)]
        switch Int.random(in: 0..<(depth > 2 ? 4 : 7), using: &random) {
        case 0: return .null
        case 1: return .bool(Bool.random(using: &random))
        case 2:
            let numbers = ["-1", "0", "1", "1.5", "3", "1850", "1995", "2020", "2100", "2101", "100000", "1e3", "-0.0"]
            return .number(JSONNumber(literal: numbers[Int.random(in: 0..<numbers.count, using: &random)]) ?? JSONNumber(0))
        case 3, 4: return .string(texts[Int.random(in: 0..<texts.count, using: &random)])
        case 5:
            let count = Int.random(in: 0...4, using: &random)
            if Bool.random(using: &random) {
                // A list of one value repeated or of distinct ids (uniqueItems).
                return .array((0..<count).map { i in .string(i % 2 == 0 ? "ab-12" : "lernatlas-\(i)") })
            }
            return .array((0..<count).map { _ in value(&random, depth: depth + 1) })
        default:
            var members = OrderedDictionary<String, JSONValue>()
            for _ in 0..<Int.random(in: 0...3, using: &random) { members["k\(Int.random(in: 0..<4, using: &random))"] = value(&random, depth: depth + 1) }
            return .object(members)
        }
    }

    @Test func defaultSchemasHaveAQuickVerdict() {
        for options in [SchemaOptions(), SchemaOptions(formatAssertion: true)] {
            let schemas = Self.schemas(options)
            #expect(schemas.count == 7)
            for (name, schema) in schemas { #expect(schema.quick != nil, "\(name)") }
        }
    }

    /// The sample's entries (version 05), each with up to two fields changed, removed or added at random.
    @Test(arguments: [UInt64(1), 2, 19]) func verdictIsTheEvaluators(seed: UInt64) throws {
        var random = SplitMix64(seed: seed)
        // Every property of every default schema, some misspelt or written in an equivalent Unicode form.
        var properties: [String] = []
        for name in Self.names {
            let data = try Data(contentsOf: Self.folder.appendingPathComponent("\(name).schema.json"))
            properties += try #require(JSONParser.parse(data)["properties"]?.objectValue).keys
        }
        properties += ["unknown", "Title", "titl", "title ", "\u{212A}ind", "kind\u{301}", "st\u{E4}tus", "sta\u{308}tus"]
        let sample = Self.folder.deletingLastPathComponent().appendingPathComponent("Repository/versions/05-gemeinsam-digital")
        var valid = 0, invalid = 0
        for formatAssertion in [true, false] {
            for (name, schema) in Self.schemas(SchemaOptions(formatAssertion: formatAssertion)) {
                let quick = try #require(schema.quick)
                let folder = sample.appendingPathComponent(name)
                let files = try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { $0.hasSuffix(".md") }.sorted()
                let bases = try files.map { try EntryDocument.parse(Data(contentsOf: folder.appendingPathComponent($0))).fields }
                #expect(!bases.isEmpty, "\(name)")
                for index in 0..<1_500 {
                    var members = bases[index % bases.count]
                    for _ in 0..<Int.random(in: 0...2, using: &random) {
                        switch Int.random(in: 0..<3, using: &random) {
                        case 0 where !members.isEmpty: members.remove(at: Int.random(in: 0..<members.count, using: &random))
                        case 1 where !members.isEmpty:
                            members.values[Int.random(in: 0..<members.count, using: &random)] = Self.value(&random)
                        default: members[properties[Int.random(in: 0..<properties.count, using: &random)]] = Self.value(&random)
                        }
                    }
                    let instance: JSONValue = index % 100 == 99 ? Self.value(&random) : .object(members)
                    let expected = schema.validate(instance).isEmpty
                    if expected { valid += 1 } else { invalid += 1 }
                    #expect(quick.isValid(instance, budget: nil) == expected, "seed \(seed), \(name), case \(index): \(instance)")
                    #expect(schema.findings(instance) == schema.validate(instance))
                }
            }
        }
        #expect(valid > 3_000 && invalid > 3_000, "valid \(valid), invalid \(invalid)")
    }

    /// The entries of a generated store, made valid one field at a time: each is valid at the end, and each
    /// step's verdict is the evaluator's.
    @Test func nearlyValidEntries() throws {
        let entries: [(String, OrderedDictionary<String, JSONValue>)] = [
            ("actors", ["name": .string("Arbeitsgruppe"), "kind": .string("Team"), "role": .string("Gemeinsam"), "website": .string("https://daten.berlin.de/a"), "since": .string("2021-08-20")]),
            ("events", ["title": .string("T"), "format": .string("Online-Beteiligung"), "platform": .string("https://daten.berlin.de/b"), "start": .string("2022-03-19"),
                        "end": .string("2022-04-11"), "status": .string("beendet")]),
            ("glossary", ["term": .string("Arbeitbericht"), "see_also": .array([.string("beteiligungwende-2252"), .string("lernatlas-2376")])]),
            ("strategy", ["title": .string("S"), "part": .string("Umsetzung"), "order": .number(JSONNumber(245))]),
        ]
        for (name, fields) in entries {
            let schema = try #require(Self.schemas(SchemaOptions(formatAssertion: true)).first { $0.0 == name }?.1)
            let quick = try #require(schema.quick)
            #expect(quick.isValid(.object(fields), budget: nil))
            #expect(schema.validate(.object(fields)).isEmpty)
            // Each field left out, emptied, or given another type.
            for key in fields.keys {
                for change in [JSONValue?.none, .string(""), .number(JSONNumber(1)), .array([]), .null] {
                    var changed = fields
                    changed[key] = change
                    #expect(quick.isValid(.object(changed), budget: nil) == schema.validate(.object(changed)).isEmpty, "\(name) \(key) \(String(describing: change))")
                }
            }
        }
    }

    /// Field names equal under Swift's canonical equivalence but not byte for byte: the evaluator's dictionaries
    /// see one name, so must the verdict (the Kelvin sign is equivalent to `K`, a decomposed `ä` to the composed one).
    @Test func namesEquivalentInUnicode() throws {
        let schema = try Schema(try JSONParser.parse(#"""
            {"type": "object", "required": ["Kind", "stätus"], "additionalProperties": false,
             "properties": {"Kind": {"type": "string"}, "stätus": {"type": "string", "minLength": 2}}}
            """#))
        let quick = try #require(schema.quick)
        let cases: [OrderedDictionary<String, JSONValue>] = [
            ["Kind": .string("a"), "stätus": .string("ab")],
            ["\u{212A}ind": .string("a"), "stätus": .string("ab")],
            ["Kind": .string("a"), "sta\u{308}tus": .string("ab")],
            ["Kind": .string("a"), "sta\u{308}tus": .string("a")],
            ["\u{212A}ind": .number(JSONNumber(1)), "stätus": .string("ab")],
            ["kind": .string("a"), "stätus": .string("ab")],
            ["Kind": .string("a")],
        ]
        for fields in cases {
            let expected = schema.validate(.object(fields)).isEmpty
            #expect(quick.isValid(.object(fields), budget: nil) == expected, "\(fields)")
        }
        #expect(quick.isValid(.object(cases[1]), budget: nil))
        #expect(!quick.isValid(.object(cases[3]), budget: nil))
    }

    /// A pattern check the budgets leave undecided is a finding, never a pass: with no time left of the run's
    /// budget, or a time limit of zero, the verdict is left to the evaluator.
    @Test func patternBudgetsLeaveTheVerdictToTheEvaluator() throws {
        let text = #"{"type": "object", "properties": {"id": {"type": "string", "pattern": "^[a-z0-9][a-z0-9-]{0,99}$"}}}"#
        let schema = try Schema(try JSONParser.parse(text))
        let quick = try #require(schema.quick)
        let instance: JSONValue = .object(["id": .string("ab-12")])
        #expect(quick.isValid(instance, budget: PatternBudget(seconds: 10)))
        let spent = PatternBudget(seconds: 0)
        #expect(!quick.isValid(instance, budget: spent))
        #expect(schema.findings(instance, budget: spent) == schema.validate(instance, budget: spent))
        #expect(!schema.validate(instance, budget: spent).isEmpty)
        var zero = SchemaOptions()
        zero.patternTimeLimit = 0
        let untimed = try Schema(try JSONParser.parse(text), options: zero)
        #expect(untimed.quick?.isValid(instance, budget: nil) == false)
        #expect(!untimed.validate(instance).isEmpty)
        // Too long to be checked against a pattern: a finding of its own.
        var short = SchemaOptions()
        short.maxPatternInputLength = 3
        let limited = try Schema(try JSONParser.parse(text), options: short)
        #expect(limited.quick?.isValid(instance, budget: nil) == false)
        #expect(!limited.validate(instance).isEmpty)
    }

    /// Property names found by their bytes, and strings compared by theirs, against `==` and the UTF-8 views.
    @Test(arguments: [UInt64(1), 2, 3]) func namesAndBytesAreComparedAsTheReferenceDoes(seed: UInt64) {
        var random = SplitMix64(seed: seed)
        let pieces = ["", "a", "K", "ind", "title", "see_also", "\u{212A}", "e", "\u{301}", "é", "ä", "a\u{308}", "-", "x", "\0"]
        func text() -> String { (0..<Int(random.next() % 4)).map { _ in pieces[Int(random.next() % UInt64(pieces.count))] }.joined() }
        for _ in 0..<300 {
            var names: [String] = []
            for _ in 0..<Int(random.next() % 7) {
                let name = text()
                if !names.contains(name) { names.append(name) }
            }
            let table = QuickVerdict.Names(names)
            for _ in 0..<20 {
                let key = text()
                #expect(table.index(of: key) == names.firstIndex { $0 == key }, "seed \(seed): \(names) \(key.debugDescription)")
                let other = text()
                #expect(Equality.sameBytes(key, other) == key.utf8.elementsEqual(other.utf8))
            }
        }
    }

    /// The run budget's flag, read without its lock, says what `remaining > 0` says after every charge.
    @Test(arguments: [UInt64(1), 2, 3]) func budgetFlagIsRemainingAboveZero(seed: UInt64) {
        var random = SplitMix64(seed: seed)
        for seconds in [0, -1, 0.05, 0.3, 1] {
            let budget = PatternBudget(seconds: seconds)
            #expect(budget.hasTimeLeft == (budget.remaining > 0))
            for _ in 0..<40 {
                budget.charge(Double(random.next() % 1_000) / 50_000)
                #expect(budget.hasTimeLeft == (budget.remaining > 0), "seed \(seed), \(seconds): \(budget.remaining)")
            }
        }
    }

    /// Schemas outside the subset are left to the evaluator whole.
    @Test func otherSchemasHaveNone() throws {
        let outside = [
            ##"{"$ref": "#/$defs/a", "$defs": {"a": {"type": "string"}}}"##,
            #"{"properties": {"a": {"pattern": "^(a|b)+x$"}}}"#,
            #"{"anyOf": [{"type": "string"}, {"type": "number"}]}"#,
            #"{"patternProperties": {"^x": {"type": "string"}}}"#,
            #"{"unevaluatedProperties": false}"#,
            #"{"prefixItems": [{"type": "string"}], "items": {"type": "number"}}"#,
        ]
        for text in outside { #expect(try Schema(try JSONParser.parse(text)).quick == nil, "\(text)") }
        #expect(try Schema(try JSONParser.parse(#"{"items": {"enum": [1, "a", null]}, "uniqueItems": true}"#)).quick != nil)
    }

    /// `minLength` and `maxLength` decided from the UTF-8 byte count where it bounds the length (a scalar is one to
    /// four bytes), counted otherwise: for seeded bounds and texts of one- to four-byte scalars around them, the
    /// verdict is the evaluator's.
    @Test(arguments: [UInt64(1), 2, 3]) func lengthsAtTheirBoundsAreTheEvaluators(seed: UInt64) throws {
        var random = SplitMix64(seed: seed)
        let scalars = ["a", "-", "\u{E4}", "\u{3A9}", "\u{20AC}", "\u{1F600}", "e\u{301}", "\u{212A}"]
        var valid = 0, invalid = 0
        for _ in 0..<300 {
            let low = Int.random(in: 0...6, using: &random)
            let high = Int.random(in: 0...3, using: &random) == 0 ? nil : low + Int.random(in: 0...6, using: &random)
            var keywords = #""type": "string", "minLength": \#(low)"#
            if let high { keywords += #", "maxLength": \#(high)"# }
            let schema = try Schema(try JSONParser.parse(Data("{\(keywords)}".utf8)))
            let quick = try #require(schema.quick)
            for _ in 0..<20 {
                let text = (0..<Int.random(in: 0...14, using: &random)).map { _ in scalars[Int.random(in: 0..<scalars.count, using: &random)] }.joined()
                let expected = schema.validate(.string(text)).isEmpty
                if expected { valid += 1 } else { invalid += 1 }
                #expect(quick.isValid(.string(text), budget: nil) == expected, "seed \(seed): \(keywords), \(text.debugDescription)")
            }
        }
        #expect(valid > 1_000 && invalid > 1_000, "valid \(valid), invalid \(invalid)")
    }
}
