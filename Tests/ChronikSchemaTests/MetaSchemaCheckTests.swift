import ChronikStore
import Foundation
import OrderedCollections
import Testing
@testable import ChronikSchema

/// `MetaSchemaCheck`, the fast walk that spares a cold `validate` the compiled meta-schema, held to the meta-schema
/// (`Schema.checkAgainstMetaSchema`): on seeded schemas built from every keyword the draft 2020-12 meta-schema names
/// (with values that fit it and values that do not: wrong types, empty arrays, duplicates, negative, fractional and
/// exponent numbers, `#` in `$id`, anchors with other characters, non-ASCII text) and keywords it does not name, a
/// schema the walk finds surely valid has no finding; and it finds the default schemas and the sample's valid.
@Suite("Meta-schema fast check")
struct MetaSchemaCheckTests {
    /// Builds seeded schemas.
    struct Generator {
        var random: SplitMix64

        mutating func pick<T>(_ options: [T]) -> T { options[Int(random.next() % UInt64(options.count))] }
        mutating func chance(_ percent: UInt64) -> Bool { random.next() % 100 < percent }

        static let numbers = ["0", "1", "3", "17", "0.5", "2.50", "1.0", "-1", "-0", "1e2", "0.0", "1E-400", "123456789012345678",
                              "0.000001", "10.25", "-2.5"]
        static let strings = ["", "a", "Name", "x#", "#", "a#b", "#frag", "urn:x", "https://example.org/s.json", "_a-1.b", "1abc",
                              "a b", "ä", "é", "e\u{301}", "\u{E9}", "a\n", "-x", ".x", "A.b-c_9", String(repeating: "a", count: 1_200)]
        static let types = ["array", "boolean", "integer", "null", "number", "object", "string", "Integer", "float", ""]

        mutating func anyValue(_ depth: Int) -> JSONValue {
            switch random.next() % (depth > 2 ? 4 : 6) {
            case 0: return .null
            case 1: return .bool(chance(50))
            case 2: return .number(JSONNumber(literal: pick(Self.numbers))!)
            case 3: return .string(pick(Self.strings))
            case 4: return .array((0..<Int(random.next() % 3)).map { _ in anyValue(depth + 1) })
            default:
                var object = OrderedDictionary<String, JSONValue>()
                for _ in 0..<Int(random.next() % 3) { object[pick(["a", "b", "type", "$id"])] = anyValue(depth + 1) }
                return .object(object)
            }
        }

        mutating func schema(_ depth: Int) -> JSONValue {
            if depth > 3 || chance(10) { return chance(85) ? .bool(chance(50)) : anyValue(depth) }
            var object = OrderedDictionary<String, JSONValue>()
            for _ in 0..<Int(random.next() % 6) {
                let key = pick(Self.keywords)
                object[key] = chance(85) ? value(for: key, depth) : anyValue(depth)
            }
            return .object(object)
        }

        static let keywords = [
            "$id", "$schema", "$ref", "$anchor", "$dynamicRef", "$dynamicAnchor", "$vocabulary", "$comment", "$defs", "definitions",
            "dependencies", "$recursiveAnchor", "$recursiveRef", "prefixItems", "items", "contains", "additionalProperties",
            "properties", "patternProperties", "dependentSchemas", "propertyNames", "if", "then", "else", "allOf", "anyOf", "oneOf",
            "not", "unevaluatedItems", "unevaluatedProperties", "type", "const", "enum", "multipleOf", "maximum",
            "exclusiveMaximum", "minimum", "exclusiveMinimum", "maxLength", "minLength", "pattern", "maxItems", "minItems",
            "uniqueItems", "maxContains", "minContains", "maxProperties", "minProperties", "required", "dependentRequired",
            "title", "description", "default", "deprecated", "readOnly", "writeOnly", "examples", "format", "contentEncoding",
            "contentMediaType", "contentSchema", "x-label", "label", "enumLabels", "\u{24}id", "Type", "$ID",
        ]

        mutating func strings(unique: Bool) -> JSONValue {
            var items: [JSONValue] = []
            for _ in 0..<Int(random.next() % 4) {
                let s = pick(["a", "b", "c", "é", "e\u{301}", "a"])
                if unique, items.contains(where: { if case .string(let t) = $0 { t == s } else { false } }) { continue }
                items.append(.string(s))
            }
            return .array(items)
        }

        mutating func schemaMap(_ depth: Int) -> JSONValue {
            var object = OrderedDictionary<String, JSONValue>()
            for _ in 0..<Int(random.next() % 3) { object[pick(["a", "b", "c", "^x$", "é"])] = schema(depth + 1) }
            return .object(object)
        }

        mutating func value(for key: String, _ depth: Int) -> JSONValue {
            switch key {
            case "$id", "$schema", "$ref", "$dynamicRef", "$comment", "$recursiveRef", "$anchor", "$dynamicAnchor", "$recursiveAnchor",
                 "pattern", "title", "description", "format", "contentEncoding", "contentMediaType":
                return .string(pick(Self.strings))
            case "$vocabulary":
                var object = OrderedDictionary<String, JSONValue>()
                for _ in 0..<Int(random.next() % 3) { object[pick(["https://a", "urn:b", "x"])] = chance(90) ? .bool(chance(50)) : anyValue(depth) }
                return .object(object)
            case "$defs", "definitions", "properties", "patternProperties", "dependentSchemas":
                return schemaMap(depth)
            case "prefixItems", "allOf", "anyOf", "oneOf":
                return .array((0..<Int(random.next() % 3)).map { _ in schema(depth + 1) })
            case "type":
                if chance(50) { return .string(pick(Self.types)) }
                return .array((0..<Int(random.next() % 4)).map { _ in .string(pick(Self.types)) })
            case "enum", "examples":
                return .array((0..<Int(random.next() % 3)).map { _ in anyValue(depth + 1) })
            case "multipleOf", "maximum", "exclusiveMaximum", "minimum", "exclusiveMinimum", "maxLength", "minLength", "maxItems",
                 "minItems", "maxContains", "minContains", "maxProperties", "minProperties":
                return .number(JSONNumber(literal: pick(Self.numbers))!)
            case "uniqueItems", "deprecated", "readOnly", "writeOnly":
                return .bool(chance(50))
            case "required":
                return strings(unique: chance(70))
            case "dependentRequired":
                var object = OrderedDictionary<String, JSONValue>()
                for _ in 0..<Int(random.next() % 3) { object[pick(["a", "b"])] = strings(unique: chance(70)) }
                return .object(object)
            case "dependencies":
                var object = OrderedDictionary<String, JSONValue>()
                for _ in 0..<Int(random.next() % 3) { object[pick(["a", "b"])] = chance(50) ? strings(unique: chance(70)) : schema(depth + 1) }
                return .object(object)
            case "const", "default":
                return anyValue(depth)
            default:
                return chance(50) ? schema(depth + 1) : anyValue(depth)
            }
        }
    }

    @Test(arguments: [UInt64(1), 2, 3, 4, 5, 6, 7, 8])
    func surelyValidMeansValid(seed: UInt64) {
        var generator = Generator(random: SplitMix64(seed: seed))
        var surely = 0, valid = 0
        for round in 0..<400 {
            let schema = generator.schema(0)
            let findings = Schema.checkAgainstMetaSchema(schema)
            if findings.isEmpty { valid += 1 }
            if MetaSchemaCheck.isSurelyValid(schema) {
                surely += 1
                #expect(findings.isEmpty, "seed \(seed), round \(round): \(findings)")
            }
        }
        // The walk answers for most valid schemas (the rest have numbers or strings it leaves to the meta-schema).
        #expect(surely > 0 && surely * 2 > valid, "seed \(seed): \(surely) surely valid of \(valid) valid")
    }

    /// Hand-picked edges: each is valid or not as the meta-schema says, and the walk never says valid for an invalid one.
    @Test func edges() throws {
        let cases = [
            #"{"$id": "https://example.org/x.json#"}"#, #"{"$id": "a#b"}"#, #"{"$id": ""}"#, #"{"$anchor": "a-b.c_9"}"#,
            #"{"$anchor": "9a"}"#, #"{"$anchor": ""}"#, #"{"type": ["string", "string"]}"#, #"{"type": []}"#, #"{"type": "Integer"}"#,
            #"{"required": ["a", "a"]}"#, #"{"required": ["é", "e\u0301"]}"#, #"{"minLength": 1.0}"#, #"{"minLength": -1}"#,
            #"{"minLength": 1e2}"#, #"{"minLength": -0}"#, #"{"multipleOf": 0}"#, #"{"multipleOf": 0.0}"#, #"{"multipleOf": 1e-400}"#,
            #"{"multipleOf": 0.25}"#, #"{"allOf": []}"#, #"{"items": 1}"#, #"{"properties": {"a": {"type": "string"}}}"#,
            #"{"$vocabulary": {"urn:x": 1}}"#, #"{"dependencies": {"a": ["b"], "c": {"type": "string"}, "d": 3}}"#,
            #"{"$recursiveAnchor": true}"#, #"{"x-anything": {"type": 5}}"#, #"{"enum": []}"#, #"{"examples": {}}"#,
            #"{"$defs": {"a": {"$defs": {"b": {"minimum": "1"}}}}}"#, #"true"#, #"{"const": null, "default": [1]}"#,
        ]
        for text in cases {
            let schema = try JSONParser.parse(text)
            let findings = Schema.checkAgainstMetaSchema(schema)
            if MetaSchemaCheck.isSurelyValid(schema) { #expect(findings.isEmpty, "\(text): \(findings)") }
        }
        #expect(MetaSchemaCheck.isSurelyValid(try JSONParser.parse(#"{"$id": "https://example.org/x.json#", "minLength": 0, "multipleOf": 0.25}"#)))
        #expect(!MetaSchemaCheck.isSurelyValid(try JSONParser.parse(#"{"$id": "a#b"}"#)))
        // Nesting past the walk's depth is left to the meta-schema.
        var deep: JSONValue = .bool(true)
        for _ in 0..<40 { deep = .object(["not": deep]) }
        #expect(!MetaSchemaCheck.isSurelyValid(deep))
        #expect(Schema.checkAgainstMetaSchema(deep).isEmpty)
    }

    /// The schemas `chronik init` writes and the sample's: valid, and found so by the walk (so that a cold `validate`
    /// of such a store needs no compiled meta-schema).
    @Test func defaultAndSampleSchemas() throws {
        var files = Array(DefaultStore.schemas.values)
        let sample = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../../Repository")
        if let enumerator = FileManager.default.enumerator(at: sample, includingPropertiesForKeys: nil) {
            for case let url as URL in enumerator where url.lastPathComponent.hasSuffix(".schema.json") {
                files.append(try Data(contentsOf: url))
            }
        }
        #expect(files.count > DefaultStore.schemas.count)
        for data in files {
            let schema = try JSONParser.parse(data)
            #expect(Schema.checkAgainstMetaSchema(schema).isEmpty)
            #expect(MetaSchemaCheck.isSurelyValid(schema))
        }
    }
}

/// Patterns `SimplePattern` takes are compiled by ICU only on a first match that needs it (`Compiler.pattern`), so
/// each must be one ICU compiles: held on seeded sources of its grammar, counts of up to six digits included.
@Suite("Simple patterns compile")
struct SimplePatternCompilesTests {
    @Test(arguments: [UInt64(1), 2, 3])
    func everyTakenPatternCompiles(seed: UInt64) throws {
        var random = SplitMix64(seed: seed)
        let atoms = ["a", "Z", "0", "_", "-", "/", ":", "@", "[a-z]", "[-a]", "[a-c.]", "[0-9-]", "[A-Za-z0-9._-]", "[z-a]", "[.]"]
        let quantifiers = ["", "", "?", "*", "+", "{0}", "{3}", "{2,}", "{0,99}", "{999999}", "{0,999999}", "{5,2}", "{1,2}?"]
        var taken = 0
        for _ in 0..<500 {
            var source = "^"
            for _ in 0..<Int(random.next() % 5) {
                source += atoms[Int(random.next() % UInt64(atoms.count))] + quantifiers[Int(random.next() % UInt64(quantifiers.count))]
            }
            source += "$"
            guard SimplePattern(source) != nil else { continue }
            taken += 1
            #expect(throws: Never.self, "\(source)") { _ = try Pattern(source) }
            // And the compiled schema with it matches as before.
            let schema = try Schema(.object(["pattern": .string(source)]))
            #expect(schema.isValid(.string("")) == (try Pattern(source).match("", timeLimit: 5) == .match))
        }
        #expect(taken > 100)
        for source in SimplePatternTests.taken { #expect(throws: Never.self) { _ = try Pattern(source) } }
    }
}

/// `SchemaRegistry.forCompiling`: the store's schemas compiled without the embedded meta-schemas when none of them can
/// reach them, with the same outcome as with them: the same compile error, or the same findings on seeded instances.
@Suite("Registry without the meta-schemas")
struct RegistryForCompilingTests {
    func outcome(_ schema: JSONValue, _ registry: SchemaRegistry, _ instances: [JSONValue]) -> String {
        do {
            let compiled = try Schema(schema, registry: registry, retrievalURI: "file:///schemas/x.schema.json",
                                      options: SchemaOptions(formatAssertion: true))
            return instances.map { "\(compiled.validate($0).map(\.description))" }.joined(separator: "\n")
        } catch {
            return "error: \(error)"
        }
    }

    @Test(arguments: [UInt64(11), 12, 13, 14])
    func theSameOutcome(seed: UInt64) throws {
        var generator = MetaSchemaCheckTests.Generator(random: SplitMix64(seed: seed))
        var schemas: [JSONValue] = try [
            ##"{"$schema": "https://json-schema.org/draft/2020-12/schema", "type": "object", "properties": {"a": {"type": "string"}}}"##,
            ##"{"$schema": "https://json-schema.org/draft/2020-12/schema#", "minLength": 2}"##,
            ##"{"$ref": "https://json-schema.org/draft/2020-12/schema"}"##,
            ##"{"$ref": "https://JSON-Schema.org/draft/2020-12/schema"}"##,
            ##"{"$schema": "http://json-schema.org/draft-07/schema#"}"##,
            ##"{"$id": "https://json-schema.org/draft/2020-12/mine", "$ref": "meta/core"}"##,
            ##"{"$dynamicRef": "https://json-schema.org/draft/2020-12/meta/core#meta"}"##,
            ##"{"properties": {"x": {"$ref": "https://json-schema.org/draft/2020-12/meta/validation#/$defs/simpleTypes"}}}"##,
            ##"{"$ref": "#/$defs/a", "$defs": {"a": {"type": "integer"}}}"##,
            ##"{"$ref": "https://example.org/missing.json"}"##,
            ##"{"$schema": "https://example.org/meta"}"##,
            ##"{"json-schema.org": {"type": "string"}}"##,
        ].map { try JSONParser.parse($0) }
        for data in DefaultStore.schemas.values { schemas.append(try JSONParser.parse(data)) }
        for _ in 0..<150 { schemas.append(generator.schema(0)) }
        var instances: [JSONValue] = [.string("ab"), .number(JSONNumber(3)), .object(["a": .string("x")]), .array([.null]), .bool(true),
                                      try JSONParser.parse(##"{"type": "string", "minLength": 1}"##)]
        for _ in 0..<6 { instances.append(generator.anyValue(0)) }
        var without = 0
        for (k, schema) in schemas.enumerated() {
            let lean = SchemaRegistry.forCompiling([schema])
            if lean.documents.isEmpty { without += 1 }
            #expect(outcome(schema, lean, instances) == outcome(schema, SchemaRegistry(), instances), "seed \(seed), schema \(k)")
        }
        #expect(without > 100)
        // Those that name the meta-schemas keep them.
        for k in 2...7 { #expect(!SchemaRegistry.forCompiling([schemas[k]]).documents.isEmpty, "schema \(k)") }
        #expect(SchemaRegistry.forCompiling([schemas[0], schemas[1], schemas[8]]).documents.isEmpty)
    }
}
