import Foundation
import Testing
import OrderedCollections
import ChronikStore
@testable import ChronikDiff

private func object(_ json: String) throws -> OrderedDictionary<String, JSONValue> {
    try #require(try JSONParser.parse(json).objectValue)
}

@Test func scalarChange() throws {
    let changes = FieldDiffer.diff(try object(#"{"status": "laufend", "start": "2022-03-01"}"#),
                                   try object(#"{"status": "beendet", "start": "2022-03-01"}"#))
    #expect(changes == [FieldChange(pointer: "/status", label: "status", kind: .changed, old: .string("laufend"), new: .string("beendet"))])
}

@Test func addedAndRemovedFields() throws {
    let changes = FieldDiffer.diff(try object(#"{"a": 1, "b": 2}"#), try object(#"{"b": 2, "c": 3}"#))
    #expect(changes.map(\.kind) == [.added, .removed])
    #expect(changes.map(\.pointer) == ["/c", "/a"])
}

@Test func listAddRemoveAndReorder() throws {
    let added = FieldDiffer.diff(try object(#"{"t": ["a", "b"]}"#), try object(#"{"t": ["a", "b", "c"]}"#))
    #expect(added.count == 1 && added[0].kind == .list && added[0].itemsAdded == [.string("c")] && added[0].itemsRemoved.isEmpty && !added[0].reordered)
    let removed = FieldDiffer.diff(try object(#"{"t": ["a", "b", "c"]}"#), try object(#"{"t": ["a", "c"]}"#))
    #expect(removed.count == 1 && removed[0].itemsRemoved == [.string("b")] && removed[0].itemsAdded.isEmpty)
    let reordered = FieldDiffer.diff(try object(#"{"t": ["a", "b", "c"]}"#), try object(#"{"t": ["c", "a", "b"]}"#))
    #expect(reordered.count == 1 && reordered[0].reordered && reordered[0].itemsAdded.isEmpty && reordered[0].itemsRemoved.isEmpty)
}

@Test func nestedObjectsAndListsOfObjects() throws {
    let changes = FieldDiffer.diff(
        try object(#"{"contact": {"name": "A", "phone": "1"}, "people": [{"n": "x", "r": 1}, {"n": "y", "r": 2}]}"#),
        try object(#"{"contact": {"name": "B", "phone": "1"}, "people": [{"n": "x", "r": 1}, {"n": "y", "r": 3}]}"#))
    #expect(changes.map(\.pointer) == ["/contact/name", "/people/1/r"])
    #expect(changes[1].label == "people › 2 › r")
}

@Test func pointerEscaping() throws {
    let changes = FieldDiffer.diff(try object(#"{"a/b~c": 1}"#), try object(#"{"a/b~c": 2}"#))
    #expect(changes.first?.pointer == "/a~1b~0c")
    #expect(JSONPointer.tokens("/a~1b~0c") == ["a/b~c"])
}

@Test func labelsAndPrivateFieldsFromTheSchema() throws {
    let data = try Data(contentsOf: repositoryRoot.appendingPathComponent("Schemas/actors.schema.json"))
    let schema = try JSONParser.parse(data)
    let german = SchemaLabels(schema: schema, language: "de"), english = SchemaLabels(schema: schema, language: "en")
    #expect(german.label(for: ["contact"]) == "Kontakt")
    #expect(english.label(for: ["contact"]) == "Contact")
    #expect(german.privatePointers == ["/contact"])
    let old = try object(#"{"name": "CityLAB", "contact": "a@example.org"}"#)
    let new = try object(#"{"name": "CityLAB Berlin", "contact": "b@example.org"}"#)
    let all = FieldDiffer.diff(old, new, options: FieldDiffOptions(labels: german))
    #expect(all.map(\.pointer) == ["/name", "/contact"])
    let published = FieldDiffer.diff(old, new, options: FieldDiffOptions(labels: german, privateLocations: german.privateLocations))
    #expect(published.map(\.pointer) == ["/name"])
    #expect(!String(decoding: try JSONEncoder().encode(published), as: UTF8.self).contains("example.org"))
}

@Test func fieldChangesRoundTripThroughJSON() throws {
    let changes = FieldDiffer.diff(try object(#"{"t": ["a", 1.5, null, true, {"x": [1]}], "s": "x"}"#),
                                   try object(#"{"t": [{"x": [1]}, "b"], "s": "Ein langer Text, der sich ändert, über vierzig Zeichen."}"#))
    let decoded = try JSONDecoder().decode([FieldChange].self, from: JSONEncoder().encode(changes))
    #expect(decoded == changes)
    #expect(changes.last?.words?.hasChanges == true)
}
