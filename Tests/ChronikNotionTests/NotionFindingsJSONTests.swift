@testable import ChronikNotion
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
