import ChronikStore
import Foundation
import OrderedCollections

/// Infers a JSON Schema (draft 2020-12) for a collection from the front matter of its entries, for `chronik init
/// --infer-schemas` when a repository is adopted. The schema describes what is there, no more, so that every
/// existing entry is valid against it; the user tightens it by hand.
///
/// Rules, per top-level key:
/// - `type`: the JSON types seen, in the order string, integer, number, boolean, array, object, null; `integer` only
///   when every number is written as an integer (`1.10` makes it `number`). One type is written as a string, several
///   as a list.
/// - `items` of an array: the types of all elements of all its arrays, by the same rule (none when no element was seen).
/// - `enum`: only when it is obvious: every value a short one-line string, 2 to `maxEnumValues` distinct values,
///   and each seen at least twice on average (values seen in at least `minEnumUses` entries in all).
/// - `required`: the keys present in every entry, in the order they were first seen.
/// Nothing else is inferred (no formats, lengths or patterns): a guess there would refuse the next entry.
public enum SchemaInference {
    public static let maxEnumValues = 5
    public static let minEnumUses = 4
    static let maxEnumValueLength = 40

    /// The schema for entries with these front matter mappings. `title` is the collection's name.
    public static func infer(title: String, entries: [OrderedDictionary<String, JSONValue>]) -> JSONValue {
        var seenKeys: OrderedDictionary<String, [JSONValue]> = [:]
        for fields in entries {
            for (key, value) in fields { seenKeys[key, default: []].append(value) }
        }
        var properties: OrderedDictionary<String, JSONValue> = [:]
        for (key, values) in seenKeys {
            var property: OrderedDictionary<String, JSONValue> = ["type": typeValue(values)]
            let elements = values.flatMap { value -> [JSONValue] in
                if case .array(let items) = value { return items }
                return []
            }
            if !elements.isEmpty, values.allSatisfy({ if case .array = $0 { return true } else { return false } }) {
                property["items"] = .object(["type": typeValue(elements)])
            }
            if let choices = obviousEnum(values) { property["enum"] = .array(choices.map { .string($0) }) }
            properties[key] = .object(property)
        }
        let required = seenKeys.keys.filter { key in entries.allSatisfy { $0[key] != nil } }
        var schema: OrderedDictionary<String, JSONValue> = [
            "$schema": .string("https://json-schema.org/draft/2020-12/schema"),
            "title": .string(title),
            "description": .string("Inferred by chronik init --infer-schemas from \(entries.count) \(entries.count == 1 ? "entry" : "entries"); review and tighten it."),
            "type": .string("object"),
        ]
        if !required.isEmpty { schema["required"] = .array(required.map { .string($0) }) }
        schema["properties"] = .object(properties)
        return .object(schema)
    }

    /// The `type` keyword for these values: one name, or a list of names in a fixed order.
    static func typeValue(_ values: [JSONValue]) -> JSONValue {
        let names = typeNames(values)
        return names.count == 1 ? .string(names[0]) : .array(names.map { .string($0) })
    }

    static func typeNames(_ values: [JSONValue]) -> [String] {
        var found = Set<String>()
        for value in values {
            switch value {
            case .string: found.insert("string")
            case .number(let n): found.insert(isInteger(n.literal) ? "integer" : "number")
            case .bool: found.insert("boolean")
            case .array: found.insert("array")
            case .object: found.insert("object")
            case .null: found.insert("null")
            }
        }
        // `number` covers integers: listing both would be redundant.
        if found.contains("number") { found.remove("integer") }
        return ["string", "integer", "number", "boolean", "array", "object", "null"].filter(found.contains)
    }

    /// A number literal without fraction or exponent (`12`, `-3`), as JSON Schema's `integer` takes it.
    static func isInteger(_ literal: String) -> Bool {
        !literal.isEmpty && !literal.contains(where: { $0 == "." || $0 == "e" || $0 == "E" })
    }

    /// The distinct values, sorted, when the values are obviously a choice from a few.
    static func obviousEnum(_ values: [JSONValue]) -> [String]? {
        var strings: [String] = []
        for value in values {
            guard case .string(let s) = value, !s.isEmpty, s.count <= maxEnumValueLength, !s.contains("\n") else { return nil }
            strings.append(s)
        }
        let distinct = Set(strings)
        // One value everywhere is no choice yet (an enum of it would refuse the next status); more than a few is no enum.
        guard strings.count >= minEnumUses, (2...maxEnumValues).contains(distinct.count), strings.count >= 2 * distinct.count else { return nil }
        return distinct.sorted()
    }
}
