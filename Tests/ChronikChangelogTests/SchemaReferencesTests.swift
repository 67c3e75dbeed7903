import ChronikDiff
import ChronikStore
import OrderedCollections
import Testing
@testable import ChronikChangelog

/// `CollectionSchema.references` with an array's items resolved once (inc15p) against the walk it replaced (each
/// item's node resolved and asked for its `x-chronik-ref` again), kept here as the reference: seeded schemas with
/// `$ref`s (to `$defs`, chains, self-references, missing ones), targets on properties, items and deeper, nested
/// arrays and objects past the depth limit, and seeded values of every kind.
@Suite struct SchemaReferencesTests {
    /// The walk before inc15p.
    private static func reference(_ schema: CollectionSchema, root: JSONValue?, _ key: String, value: JSONValue) -> [(String, String)] {
        func collect(_ value: JSONValue, node raw: JSONValue?, target inherited: String?, depth: Int, into found: inout [(String, String)]) {
            guard depth < PrivateLocations.maxDepth else { return }
            let node = raw.map { CollectionSchema.resolve($0, in: root) }
            let target = node?["x-chronik-ref"]?.stringValue ?? inherited
            switch value {
            case .string(let id):
                if let target { found.append((target, id)) }
            case .array(let items):
                for item in items { collect(item, node: node?["items"], target: target, depth: depth + 1, into: &found) }
            case .object(let members):
                for (key, member) in members { collect(member, node: node?["properties"]?[key], target: nil, depth: depth + 1, into: &found) }
            default:
                break
            }
        }
        guard let node = root?["properties"]?[key] else { return [] }
        var found: [(String, String)] = []
        collect(value, node: node, target: nil, depth: 0, into: &found)
        return found
    }

    private static let keys = ["a", "b", "c", "d"]

    /// A schema node; `refs`: it may name the `$defs` (theirs do not: no cycles, which the privacy walker of the
    /// schema's reading follows to its depth limit, deeper than a test thread's stack in a debug build).
    private static func node(_ random: inout SplitMix64, depth: Int, refs: Bool = true) -> JSONValue {
        var members = OrderedDictionary<String, JSONValue>()
        if random.chance(0.3) { members["x-chronik-ref"] = .string(["actors", "glossary", "events"][random.index(3)]) }
        if random.chance(0.15) { members["x-chronik-ref"] = .number(JSONNumber(literal: "1")!) }
        if refs, random.chance(0.25) { members["$ref"] = .string(["#/$defs/one", "#/$defs/two", "#/$defs/list", "#/$defs/none", "other.json"][random.index(5)]) }
        if depth < 5 {
            if random.chance(0.45) { members["items"] = node(&random, depth: depth + 1, refs: refs) }
            if random.chance(0.35) {
                var properties = OrderedDictionary<String, JSONValue>()
                for key in keys where random.chance(0.5) { properties[key] = node(&random, depth: depth + 1, refs: refs) }
                members["properties"] = .object(properties)
            }
        }
        return .object(members)
    }

    private static func value(_ random: inout SplitMix64, depth: Int) -> JSONValue {
        switch random.int(0...(depth > 5 ? 2 : 5)) {
        case 0: return .string(["x", "ein-id", "", "ü"][random.index(4)] + String(random.int(0...9)))
        case 1: return [.null, .bool(true), .number(JSONNumber(literal: "2")!)][random.index(3)]
        case 2: return .string("s\(random.int(0...99))")
        case 3, 4: return .array((0..<random.int(0...4)).map { _ in value(&random, depth: depth + 1) })
        default:
            var members = OrderedDictionary<String, JSONValue>()
            for key in keys + ["z"] where random.chance(0.4) { members[key] = value(&random, depth: depth + 1) }
            return .object(members)
        }
    }

    /// A list nested about as deep as the walk goes (`maxDepth`), its node's items nested as deep, the target given
    /// at the top and again at some levels.
    private static func deep(_ levels: Int, _ random: inout SplitMix64) -> (JSONValue, JSONValue) {
        var value: JSONValue = .string("tief")
        var node: JSONValue = .object([:])
        for _ in 0..<levels {
            value = .array([value, .string("n")])
            node = random.chance(0.2) ? .object(["items": node, "x-chronik-ref": .string("events")]) : .object(["items": node])
        }
        return (value, .object(["x-chronik-ref": .string("glossary"), "items": node]))
    }

    @Test(arguments: [UInt64(1), 2, 3])
    func referencesAsTheWalkBefore(seed: UInt64) throws {
        var random = SplitMix64(seed: seed)
        var compared = 0, found = 0
        for _ in 0..<300 {
            var properties = OrderedDictionary<String, JSONValue>()
            for key in Self.keys where random.chance(0.8) { properties[key] = Self.node(&random, depth: 0) }
            let (deepValue, deepNode) = Self.deep(PrivateLocations.maxDepth + random.int(-2...2), &random)
            properties["deep"] = deepNode
            let defs: JSONValue = .object(["one": Self.node(&random, depth: 1, refs: false), "two": .object(["$ref": .string("#/$defs/one")]),
                                           "list": .object(["x-chronik-ref": .string("events"), "items": Self.node(&random, depth: 2, refs: false)])])
            let root: JSONValue = .object(["properties": .object(properties), "$defs": defs])
            let schema = CollectionSchema(root: root, path: nil, language: "de", resolve: nil)
            for key in Self.keys + ["deep", "missing"] {
                let value = key == "deep" ? deepValue : Self.value(&random, depth: 0)
                let got = schema.references(key, value: value).map { [$0.collection, $0.id] }
                let want = Self.reference(schema, root: root, key, value: value).map { [$0.0, $0.1] }
                #expect(got == want, "seed \(seed), key \(key)")
                compared += 1
                found += want.count
            }
        }
        #expect(compared == 1_800 && found > 500, "\(found) references found")
    }
}
