@testable import ChronikNotion
import ChronikSchema
import ChronikStore
import Foundation
import Testing

/// The import report's JSON names entries as the JSON contract does (docs/json-output.md): `{"collection", "id",
/// "path"}`, not `collection/id`.
@Suite struct NotionFindingsJSONTests {
    @Test func anUnresolvedRelationNamesItsEntryAsAnObject() throws {
        let relation = NotionImportFindings.UnresolvedRelation(entry: "prozesstermine/forum-4", property: "Beteiligte", target: "Unbekannt",
                                                               targetPageID: nil, reason: .ambiguous)
        let value = try JSONValueEncoder().encode(relation)
        #expect(value == .object(["entry": .object(["collection": .string("prozesstermine"), "id": .string("forum-4"),
                                                    "path": .string("prozesstermine/forum-4.md")]),
                                  "property": .string("Beteiligte"), "target": .string("Unbekannt"), "reason": .string("ambiguous")]))
        #expect(try JSONValueEncoder().text(relation, pretty: false)
                == #"{"entry":{"collection":"prozesstermine","id":"forum-4","path":"prozesstermine/forum-4.md"},"property":"Beteiligte","target":"Unbekannt","reason":"ambiguous"}"# + "\n")
    }
}

/// `Schemas/output/import-notion.schema.json` (with `common.schema.json`), compiled by chronik's own validator, for
/// the end-to-end import tests (the JSON contract's tests of every other command are in `JSONContractTests`).
enum ImportReportSchema {
    static func problems(_ report: JSONValue) throws -> [String] {
        let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Schemas/output")
        let base = "https://chronik.invalid/schemas/"
        var registry = SchemaRegistry()
        for name in ["common", "import-notion"] {
            registry.add(try JSONParser.parse(Data(contentsOf: folder.appendingPathComponent(name + ".schema.json"))), retrievalURI: base + name + ".schema.json")
        }
        let value = try JSONParser.parse(Data(contentsOf: folder.appendingPathComponent("import-notion.schema.json")))
        let schema = try Schema(value, registry: registry, retrievalURI: base + "import-notion.schema.json", options: SchemaOptions(formatAssertion: true))
        return schema.validate(report).map(\.description)
    }
}
