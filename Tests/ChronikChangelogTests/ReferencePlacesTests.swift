import ChronikDiff
import ChronikStore
import Foundation
import OrderedCollections
import Testing
@testable import ChronikChangelog

// `ReferenceTitleResolver.mayRefer` lets `referencePlaces` skip the values of a changed field whose schema node can
// hold no reference (eng19e): it must never skip one where `collect` finds a reference. Held on the store's default
// schemas and on made-up schemas with `$defs`, `$ref`, lists of objects and a recursive definition, with seeded values
// shaped by each node (and some that are not).
@Suite struct ReferencePlacesTests {
    static func schemas() throws -> [JSONValue] {
        let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Schemas")
        var list: [JSONValue] = []
        for name in try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted() where name.hasSuffix(".schema.json") {
            list.append(try JSONParser.parse(Data(contentsOf: folder.appendingPathComponent(name))))
        }
        let made = """
        {"type": "object", "$defs": {
            "link": {"type": "object", "properties": {"to": {"type": "string", "x-chronik-ref": "results"}, "note": {"type": "string"}}},
            "tree": {"type": "object", "properties": {"name": {"type": "string"}, "children": {"type": "array", "items": {"$ref": "#/$defs/tree"}},
                                                      "see": {"type": "array", "items": {"type": "string"}, "x-chronik-ref": "faq"}}}},
         "properties": {
            "title": {"type": "string"}, "status": {"enum": ["a", "b"]},
            "links": {"type": "array", "items": {"$ref": "#/$defs/link"}},
            "owner": {"$ref": "#/$defs/link"},
            "plain": {"type": "object", "properties": {"a": {"type": "array", "items": {"type": "string"}}, "b": {"type": "object"}}},
            "ids": {"type": "array", "x-chronik-ref": "actors", "items": {"type": "string"}},
            "deep": {"type": "array", "items": {"type": "array", "items": {"type": "string", "x-chronik-ref": "events"}}},
            "tree": {"$ref": "#/$defs/tree"}}}
        """
        list.append(try JSONParser.parse(Data(made.utf8)))
        return list
    }

    /// A node's local `$ref` followed (as the resolver follows it).
    static func resolved(_ node: JSONValue, _ schema: JSONValue) -> JSONValue {
        guard let ref = node["$ref"]?.stringValue, ref.hasPrefix("#") else { return node }
        var current: JSONValue? = schema
        for token in JSONPointer.tokens(String(ref.dropFirst())) { current = current?[token] }
        return current ?? node
    }

    /// A value for `node`: mostly shaped by it (its properties, its items), sometimes anything.
    static func value(_ node: JSONValue?, _ schema: JSONValue, _ rng: inout SplitMix64, depth: Int) -> JSONValue {
        let node = node.map { resolved($0, schema) }
        let roll = Int.random(in: 0..<10, using: &rng)
        if depth > 5 || roll == 0 { return .string("x\(Int.random(in: 0..<9, using: &rng))") }
        if roll == 1 { return .number(JSONNumber(Int.random(in: 0..<9, using: &rng))) }
        if let items = node?["items"], roll < 8 {
            return .array((0..<Int.random(in: 0..<4, using: &rng)).map { _ in value(items, schema, &rng, depth: depth + 1) })
        }
        if case .object(let properties)? = node?["properties"], roll < 9 {
            var members: OrderedDictionary<String, JSONValue> = [:]
            for (key, property) in properties where Bool.random(using: &rng) { members[key] = value(property, schema, &rng, depth: depth + 1) }
            return .object(members)
        }
        return roll < 6 ? .string("id-\(Int.random(in: 0..<9, using: &rng))") : .array([.string("a"), .object(["to": .string("b")])])
    }

    /// Every node reachable from the root by properties and items (at most `depth` levels), with its pointer.
    static func nodes(_ schema: JSONValue) -> [(pointer: [String], node: JSONValue)] {
        var found: [(pointer: [String], node: JSONValue)] = []
        func visit(_ node: JSONValue, _ pointer: [String], _ depth: Int) {
            found.append((pointer, node))
            guard depth < 4 else { return }
            let node = resolved(node, schema)
            if let items = node["items"] { visit(items, pointer + ["0"], depth + 1) }
            if case .object(let properties)? = node["properties"] { for (key, p) in properties { visit(p, pointer + [key], depth + 1) } }
        }
        visit(schema, [], 0)
        return found
    }

    @Test func noReferenceIsSkipped() throws {
        var referring = 0, skipped = 0
        for (s, schema) in try Self.schemas().enumerated() {
            for (pointer, _) in Self.nodes(schema) {
                guard let (node, _, target) = ReferenceTitleResolver.node(at: pointer, in: schema) else { continue }
                var budget = ReferenceTitleResolver.referSearchBudget
                let refers = ReferenceTitleResolver.mayRefer(node, schema: schema, depth: 0, budget: &budget)
                if refers { referring += 1 } else { skipped += 1 }
                var rng = SplitMix64(seed: UInt64(s * 1_000 + pointer.count * 31 + pointer.joined().utf8.count))
                for _ in 0..<60 {
                    let v = Self.value(node, schema, &rng, depth: 0)
                    var places: [(String, String, String)] = []
                    ReferenceTitleResolver.collect(v, node: node, schema: schema, pattern: "", target: nil, depth: 0, into: &places)
                    // As a list's item (`itemsAdded`, `itemsRemoved`).
                    ReferenceTitleResolver.collect(v, node: node?["items"], schema: schema, pattern: "/*",
                                                   target: node?["x-chronik-ref"]?.stringValue, depth: 0, into: &places)
                    #expect(places.isEmpty || refers || target != nil, "schema \(s), /\(pointer.joined(separator: "/")): \(places)")
                }
            }
        }
        // Both answers occur: most fields refer to nothing, some do.
        #expect(referring >= 8 && skipped >= 20, "\(referring) referring, \(skipped) skipped")
    }

    /// A recursive schema is answered within the budget (true when the budget runs out).
    @Test func aRecursiveSchemaIsAnsweredWithinTheBudget() throws {
        let schema = try JSONParser.parse(Data("""
        {"$defs": {"n": {"type": "object", "properties": {"a": {"$ref": "#/$defs/n"}, "b": {"$ref": "#/$defs/n"}, "c": {"type": "array", "items": {"$ref": "#/$defs/n"}}}}},
         "properties": {"root": {"$ref": "#/$defs/n"}}}
        """.utf8))
        // Down `a` past `collect`'s depth: not known, so true.
        var budget = 100
        #expect(ReferenceTitleResolver.mayRefer(schema["properties"]?["root"], schema: schema, depth: 0, budget: &budget))
        #expect(budget >= 0 && budget < 100 - 24)
        // Out of budget first: true as well.
        budget = 10
        #expect(ReferenceTitleResolver.mayRefer(schema["properties"]?["root"], schema: schema, depth: 0, budget: &budget))
        #expect(budget < 0)
    }
}
