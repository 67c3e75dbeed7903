@testable import ChronikSchema
import ChronikStore
import Foundation
import OrderedCollections
import Testing

@Suite("Schema inference for adopted repositories")
struct SchemaInferenceTests {
    private func fields(_ yaml: String) throws -> OrderedDictionary<String, JSONValue> {
        try EntryDocument.parse(Data("---\n\(yaml)\n---\nText.\n".utf8)).fields
    }

    private var entries: [OrderedDictionary<String, JSONValue>] {
        get throws {
            [
                try fields("title: Privacy\nstatus: draft\nversion: 1\ntags: [a, b]\nscore: 1.5"),
                try fields("title: Security\nstatus: final\nversion: 2\ntags: []\nscore: 2"),
                try fields("title: Conduct\nstatus: draft\nversion: 3\nowner: null"),
                try fields("title: Access\nstatus: final\nversion: 4\ntags: [c]\nowner: Team"),
            ]
        }
    }

    @Test func typesRequiredAndObviousEnums() throws {
        let schema = SchemaInference.infer(title: "policies", entries: try entries)
        guard case .object(let root) = schema, case .object(let properties)? = root["properties"] else {
            Issue.record("not an object schema: \(schema)")
            return
        }
        #expect(root["$schema"] == .string("https://json-schema.org/draft/2020-12/schema"))
        #expect(root["required"] == .array([.string("title"), .string("status"), .string("version")]))
        #expect(properties["title"] == .object(["type": .string("string")]), "four different titles are no enum")
        #expect(properties["status"] == .object(["type": .string("string"), "enum": .array([.string("draft"), .string("final")])]))
        #expect(properties["version"] == .object(["type": .string("integer")]))
        #expect(properties["score"] == .object(["type": .string("number")]), "1.5 and 2: number, not integer")
        #expect(properties["tags"] == .object(["type": .string("array"), "items": .object(["type": .string("string")])]))
        #expect(properties["owner"] == .object(["type": .array([.string("string"), .string("null")])]))
    }

    @Test func inferredSchemaIsValidAndAcceptsEveryEntry() throws {
        let entries = try entries
        let schemaValue = SchemaInference.infer(title: "policies", entries: entries)
        let schema = try Schema(schemaValue)
        for fields in entries {
            #expect(schema.validate(.object(fields)).isEmpty, "\(fields)")
        }
        // The store's own validator: the schema against the meta-schema, the entries against the schema.
        var writer = JSONByteWriter(pretty: true)
        writer.write(schemaValue)
        let config = StoreConfig(title: "T", language: .en, collections: [CollectionConfig(name: "policies", schema: "schemas/policies.schema.json")])
        var files: [String: Data] = ["chronik.yml": Data(config.yaml().utf8), "schemas/policies.schema.json": Data(writer.bytes)]
        for (k, fields) in entries.enumerated() {
            files["policies/p\(k).md"] = EntryDocument(fields: fields, body: "Text.\n").serialized()
        }
        #expect(StoreValidator().check(files: files, config: config) == [])
        // A new entry of another type is refused: the schema says something.
        #expect(!schema.validate(.object(["title": .number(JSONNumber(3)), "status": .string("draft"), "version": .number(JSONNumber(1))])).isEmpty)
    }

    @Test func fewUsesOrLongValuesAreNoEnum() throws {
        let two = [try fields("status: draft"), try fields("status: final")]
        guard case .object(let root) = SchemaInference.infer(title: "c", entries: two),
              case .object(let properties)? = root["properties"] else { return }
        #expect(properties["status"] == .object(["type": .string("string")]))
        #expect(SchemaInference.obviousEnum(Array(repeating: .string(String(repeating: "x", count: 41)), count: 6)) == nil)
        #expect(SchemaInference.obviousEnum([.string("a"), .string("a"), .string("b"), .string("b")]) == ["a", "b"])
        #expect(SchemaInference.obviousEnum([.string("a"), .string("b"), .string("c"), .string("a")]) == nil, "3 values in 4 uses: not obvious")
        #expect(SchemaInference.obviousEnum(Array(repeating: .string("draft"), count: 20)) == nil, "one value is no choice yet")
    }

    @Test func adoptionPlanNamesMisfitsAndInfersPerCollection() throws {
        let files: [String: String] = [
            "README.md": "# Handbook\n\nThis is the handbook of the project and of the members.\n",
            "LICENSE": "MIT\n",
            "notes.md": "A root note.\n",
            "policies/privacy.md": "---\ntitle: Privacy\n---\nThe text of the policy is short and it is clear.\n",
            "policies/Security.md": "---\ntitle: Security\n---\nText.\n",
            "policies/drafts/old.md": "---\ntitle: Old\n---\nText.\n",
            "docs/intro.md": "No front matter here, only the text of the introduction for the members.\n",
            "Docs Extra/x.md": "Text.\n",
        ]
        let plan = StoreAdoption.plan(title: "Handbook", language: nil, paths: Array(files.keys),
                                      read: { files[$0].map { Data($0.utf8) } }, inferSchemas: true)
        #expect(plan.config.collections.map(\.name) == ["docs", "policies"])
        #expect(plan.config.language == .en)
        #expect(plan.entryCounts == ["policies": 1])
        #expect(plan.schemas.keys.sorted() == ["policies.schema.json"])
        #expect(plan.config.collection(named: "policies")?.schema == "schemas/policies.schema.json")
        #expect(plan.config.collection(named: "docs")?.schema == nil)
        #expect(plan.warnings == [
            "Docs Extra/: not a collection (must start with a lowercase letter); its files are not entries",
            "Docs Extra/x.md: \"Docs Extra\" is not a collection declared in chronik.yml",
            "docs/intro.md: no valid front matter, which a store's entries need: The file has no front matter: its first line must be exactly `---`, followed by the fields (`name: value`) and another line `---`.",
            "notes.md: not part of a chronik store (allowed at the root: chronik.yml, schemas/, one folder per collection, and the repository's own files such as README, LICENSE, CONTRIBUTING, .gitignore and .github/)",
            "policies/Security.md: invalid entry id \"Security\": uppercase letters are not allowed (use lowercase)",
            "policies/drafts/old.md: entries live directly in their collection folder (<collection>/<id>.md), not in subfolders",
        ], "\(plan.warnings)")
    }
}
