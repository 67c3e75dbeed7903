import Foundation
import Testing
import OrderedCollections
import ChronikStore
@testable import ChronikDiff

// Unit tests of the private locations of a schema (Privacy.swift) and of the redaction made from them; the binary's
// public outputs are checked end to end in ChronikCLITests/PrivacyTests.swift.

private func schema(_ json: String, path: String? = "schemas/x.schema.json") throws -> SchemaDocument {
    SchemaDocument(path: path, root: try JSONParser.parse(json))
}

private func object(_ json: String) throws -> OrderedDictionary<String, JSONValue> {
    try #require(try JSONParser.parse(json).objectValue)
}

/// A schema and the private locations it gives as pointer patterns (nil: the recursive case, checked apart).
private let locationRows: [(String, [String]?)] = [
    (##"{"properties": {"a": {"x-chronik-private": true}, "b": {}}}"##, ["/a"]),
    (##"{"properties": {"a": {"properties": {"b": {"properties": {"c": {"x-chronik-private": true}}}}}}}"##, ["/a/b/c"]),
    (##"{"properties": {"people": {"items": {"properties": {"mail": {"x-chronik-private": true}}}}}}"##, ["/people/*/mail"]),
    (##"{"properties": {"pair": {"prefixItems": [{}, {"x-chronik-private": true}]}}}"##, ["/pair/1"]),
    (##"{"properties": {"m": {"patternProperties": {"^s-": {"x-chronik-private": true}}}}}"##, ["/m/{^s-}"]),
    (##"{"properties": {"m": {"properties": {"v": {}}, "additionalProperties": {"x-chronik-private": true}}}}"##, ["/m/{other}"]),
    (##"{"properties": {"c": {"$ref": "#/$defs/c"}}, "$defs": {"c": {"properties": {"mail": {"x-chronik-private": true}}}}}"##, ["/c/mail"]),
    (##"{"properties": {"c": {"$ref": "#anchored"}}, "$defs": {"c": {"$anchor": "anchored", "properties": {"k": {"x-chronik-private": true}}}}}"##, ["/c/k"]),
    (##"{"allOf": [{"properties": {"a": {"x-chronik-private": true}}}], "anyOf": [{"properties": {"b": {"x-chronik-private": true}}}], "if": {}, "then": {"properties": {"c": {"x-chronik-private": true}}}}"##, ["/a", "/b", "/c"]),
    (##"{"properties": {"a": {"x-chronik-private": false}}}"##, []),
    (##"{"properties": {"a": {"x-chronik-private": "yes"}, "b": {"x-chronik-private": null}}}"##, ["/a", "/b"]),
    (##"{"x-chronik-private": true}"##, ["/{other}"]),
    (##"{"properties": {"tree": {"$ref": "#/$defs/node"}}, "$defs": {"node": {"properties": {"secret": {"x-chronik-private": true}, "children": {"items": {"$ref": "#/$defs/node"}}}}}}"##, nil),
]

@Suite struct PrivateLocationTests {
    /// Each row: a schema, the private locations it gives as pointer patterns.
    @Test(arguments: locationRows)
    func locations(_ json: String, _ expected: [String]?) throws {
        let found = PrivateLocations(schema: try schema(json))
        if let expected {
            #expect(found.pointers == expected, "\(json)")
        } else {
            // A recursive schema: followed to the depth limit, everything below it private.
            #expect(found.pointers.contains("/tree/secret") && found.pointers.contains("/tree/children/*/secret"))
            #expect(found.paths.allSatisfy { $0.count <= PrivateLocations.maxDepth })
            let deep = ["tree"] + Array(repeating: ["children", "0"], count: 40).flatMap { $0 } + ["secret"]
            #expect(found.contains(deep))
            #expect(!found.contains(["tree", "children", "0", "name"]))
        }
    }

    /// References in a loop without a step between them (`$defs/a` → `$defs/b` → `$defs/a`, a schema to its root, two
    /// schemas of the store to each other): chronik's checks refuse such a schema, but one committed past them was
    /// followed until the stack overflowed (`chronik diff` and `publish` ended with SIGSEGV). Each loop is followed
    /// once at a path, and what its members mark is found.
    @Test func referencesInALoopEndWithTheirLocations() throws {
        let rows: [(String, [String])] = [
            (##"{"$ref": "#/$defs/a", "$defs": {"a": {"$ref": "#/$defs/b"}, "b": {"$ref": "#/$defs/a", "properties": {"k": {"x-chronik-private": true}}}}}"##, ["/k"]),
            (##"{"allOf": [{"$ref": "#"}], "properties": {"p": {"x-chronik-private": true}}}"##, ["/p"]),
            (##"{"properties": {"a": {"$ref": "#/$defs/s"}}, "$defs": {"s": {"anyOf": [{"$ref": "#/$defs/s"}, {"$ref": "#/$defs/s"}], "properties": {"m": {"x-chronik-private": true}}}}}"##, ["/a/m"]),
            (##"{"$ref": "#/$defs/a", "$defs": {"a": {"$ref": "#/$defs/a"}}, "properties": {"open": {}}}"##, []),
            (##"{"properties": {"n": {"$ref": "#/$defs/n"}}, "$defs": {"n": {"properties": {"l": {"$ref": "#/$defs/n"}, "r": {"$ref": "#/$defs/n"}, "s": {"x-chronik-private": true}}}}}"##, []),
        ]
        for (json, expected) in rows {
            let found = PrivateLocations(schema: try schema(json))
            if json.contains(#""l""#) {
                // Two self-references a level: followed to the depth limit within the node budget.
                #expect(found.contains(["n", "s"]) && found.contains(["n", "l", "r", "s"]), "\(json)")
                #expect(!found.contains(["n", "l", "x"]))
            } else {
                #expect(found.pointers == expected, "\(json)")
            }
        }
        // Two schemas of the store naming each other.
        let a = try schema(#"{"$ref": "b.schema.json", "properties": {"x": {"x-chronik-private": true}}}"#, path: "schemas/a.schema.json")
        let b = try schema(#"{"$ref": "a.schema.json", "properties": {"y": {"x-chronik-private": true}}}"#, path: "schemas/b.schema.json")
        let found = PrivateLocations(schema: a) { reference, _ in reference == "b.schema.json" ? b : reference == "a.schema.json" ? a : nil }
        #expect(found.pointers == ["/x", "/y"])
    }

    @Test func referencesToAnotherSchemaOfTheStore() throws {
        let people = try schema(#"{"properties": {"badge": {"$ref": "common.schema.json#/$defs/badge"}, "up": {"$ref": "../shared/x.json"}}}"#)
        let common = try schema(#"{"$defs": {"badge": {"properties": {"code": {"x-chronik-private": true}}}}}"#, path: "schemas/common.schema.json")
        let shared = try schema(#"{"x-chronik-private": true}"#, path: "shared/x.json")
        var asked: [String] = []
        let found = PrivateLocations(schema: people) { reference, from in
            asked.append(reference)
            #expect(from.path != nil)
            switch PrivateLocations.relativePath(reference, from: from.path) {
            case "schemas/common.schema.json": return common
            case "shared/x.json": return shared
            default: return nil
            }
        }
        #expect(found.pointers == ["/badge/code", "/up"])
        #expect(asked.sorted() == ["../shared/x.json", "common.schema.json"])
        #expect(PrivateLocations.relativePath("../../x.json", from: "schemas/a.json") == nil)
        // Without a resolver, a reference to another schema is not followed.
        #expect(PrivateLocations(schema: people).pointers.isEmpty)
    }

    @Test func redactionTakesOutPrivateValuesAtEveryDepth() throws {
        let locations = PrivateLocations(schema: try schema("""
            {"properties": {
              "name": {"x-chronik-private": true},
              "people": {"items": {"properties": {"mail": {"x-chronik-private": true}}}},
              "extra": {"patternProperties": {"^secret-": {"x-chronik-private": true}}, "properties": {"keep": {}}, "additionalProperties": {"properties": {"pin": {"x-chronik-private": true}}}},
              "tags": {"items": {"x-chronik-private": true}}
            }}
            """))
        let fields = try object("""
            {"name": "N", "title": "T", "people": [{"mail": "M1", "role": "R1"}, {"role": "R2", "mail": "M2"}],
             "extra": {"secret-a": "S", "keep": "K", "other": {"pin": "P", "open": "O"}}, "tags": ["x", "y"]}
            """)
        let kept = locations.redact(fields)
        let text = JSONWriter.write(.object(kept))
        for hidden in ["\"N\"", "M1", "M2", "\"S\"", "\"P\"", "\"x\"", "\"y\""] { #expect(!text.contains(hidden), "\(hidden) in \(text)") }
        for shown in ["\"T\"", "R1", "R2", "\"K\"", "\"O\""] { #expect(text.contains(shown), "\(shown) missing in \(text)") }
        #expect(locations.contains(["name"]) && locations.contains(["people", "3", "mail"]) && locations.contains(["extra", "secret-b"])
                && locations.contains(["extra", "zzz", "pin"]) && !locations.contains(["extra", "keep"]) && !locations.contains(["title"]))
        // The field diff of the same values takes them out of whole values too (a list of objects, an added object).
        let changes = FieldDiffer.diff(try object(#"{"people": [{"mail": "M0", "role": "R0"}]}"#), fields,
                                       options: FieldDiffOptions(privateLocations: locations))
        let json = String(decoding: try JSONEncoder().encode(changes), as: UTF8.self)
        #expect(!json.contains("M0") && !json.contains("M1") && !json.contains("\"P\"") && json.contains("R1"), "\(json)")
    }

    @Test func aPatternThatCannotBeReadCountsAsMatching() {
        #expect(PrivateStep.matches("anything", pattern: "(unclosed"))
        #expect(PrivateStep.matches(String(repeating: "a", count: 300), pattern: "^b$"))
        #expect(!PrivateStep.matches("open", pattern: "^secret-"))
        // Catastrophic backtracking is cut short, and counts as matching.
        #expect(PrivateStep.matches(String(repeating: "a", count: 200) + "!", pattern: "^(a|aa)*$"))
        #expect(PrivateStep.matches("secret-x", pattern: "^secret-"))
    }

    @Test func emailAddressesInEveryString() {
        #expect(EmailRedaction.redact("an eve@example.org und <mailto:bob@x.de>.") == "an […] und <[…]>.")
        #expect(EmailRedaction.redact("@handle und a@b") == "@handle und a@b")
        let value = JSONValue.object(["k@example.org": .array([.string("x y@z.io"), .number(JSONNumber(1))])])
        #expect(JSONWriter.write(EmailRedaction.redact(value)) == #"{"[…]":["x […]",1]}"#)
        let document = EntryDocument(fields: ["mail": .string("a@b.de")], body: "Text c@d.org.\n")
        let shown = PublicEntry.redact(document, .none)
        #expect(shown.fields["mail"] == .string("[…]") && shown.body == "Text […].\n")
    }
}
