import ChronikDiff
import ChronikStore
import Foundation
import GitKit

// What the site reads from a collection's schema at one version: field labels and order, the private locations (by
// that version's schema, `$ref`s to other schemas of the store followed, as the changelog does), references
// (`x-chronik-ref`, at any depth), the table's columns and the fields that make an entry a participation date.

/// One collection's schema as the site reads it.
struct SiteSchema {
    /// The schema's JSON (nil: the collection has none, or it is not JSON).
    let root: JSONValue?
    let labels: SchemaLabels
    let privacy: PrivateLocations

    init(root: JSONValue?, path: String?, language: String, resolve: PrivateLocations.Resolver?) {
        self.root = root
        labels = SchemaLabels(schema: root, language: language)
        privacy = PrivateLocations(schema: root.map { SchemaDocument(path: path, root: $0) }, resolve: resolve)
    }

    /// Top-level properties in schema order.
    var properties: [(key: String, node: JSONValue)] {
        guard case .object(let members)? = root?["properties"] else { return [] }
        return members.map { ($0.key, $0.value) }
    }

    /// The collection's label from the schema's own `x-chronik-label`, if any.
    func collectionLabel(language: String) -> String? {
        guard let label = root?["x-chronik-label"] else { return nil }
        if let text = label.stringValue { return text }
        return label[language]?.stringValue ?? label["de"]?.stringValue ?? label["en"]?.stringValue
    }

    /// The label of a top-level field: the schema's `x-chronik-label` in the site's language, else the key.
    func label(_ key: String) -> String { labels.label(for: [key]) }

    /// Whether the top-level field is private.
    func isPrivate(_ key: String) -> Bool { privacy.contains([key]) }

    /// The value's references (`x-chronik-ref` on the property, on its `items`, or deeper: nested objects and
    /// arrays are followed with the schema), in the value's order, as (collection, id).
    func references(_ key: String, value: JSONValue) -> [(collection: String, id: String)] {
        guard let node = root?["properties"]?[key] else { return [] }
        var found: [(String, String)] = []
        Self.collect(value, node: node, schema: root, target: nil, depth: 0, into: &found)
        return found
    }

    private static func resolve(_ node: JSONValue, in schema: JSONValue?) -> JSONValue {
        guard let ref = node["$ref"]?.stringValue, ref.hasPrefix("#"), let schema else { return node }
        var current: JSONValue? = schema
        for token in JSONPointer.tokens(String(ref.dropFirst())) {
            if case .array(let list)? = current, let k = Int(token), list.indices.contains(k) { current = list[k] } else { current = current?[token] }
        }
        return current ?? node
    }

    private static func collect(_ value: JSONValue, node raw: JSONValue?, schema: JSONValue?, target inherited: String?, depth: Int,
                                into found: inout [(String, String)]) {
        guard depth < PrivateLocations.maxDepth else { return }
        let node = raw.map { resolve($0, in: schema) }
        let target = node?["x-chronik-ref"]?.stringValue ?? inherited
        switch value {
        case .string(let id):
            if let target { found.append((target, id)) }
        case .array(let items):
            let itemNode = node?["items"]
            for item in items { collect(item, node: itemNode, schema: schema, target: target, depth: depth + 1, into: &found) }
        case .object(let members):
            for (key, member) in members {
                collect(member, node: node?["properties"]?[key], schema: schema, target: nil, depth: depth + 1, into: &found)
            }
        default:
            break
        }
    }

    /// The keys of the table's columns: the schema's `x-chronik-columns`, else `configured`, else "title" and the
    /// required top-level scalar fields. The title field counts as "title"; private fields never become columns.
    func columnKeys(configured: [String]?, titleField: String) -> [String] {
        if case .array(let list)? = root?["x-chronik-columns"] {
            let keys = list.compactMap(\.stringValue)
            if !keys.isEmpty { return clean(keys, titleField: titleField) }
        }
        if let configured, !configured.isEmpty { return clean(configured, titleField: titleField) }
        var keys = ["title"]
        let required = Set(root?["required"]?.arrayValue?.compactMap(\.stringValue) ?? [])
        for (key, node) in properties where required.contains(key) && Self.isScalar(Self.resolve(node, in: root)) {
            keys.append(key)
        }
        return clean(keys, titleField: titleField)
    }

    private func clean(_ keys: [String], titleField: String) -> [String] {
        var seen = Set<String>(), out: [String] = []
        for raw in keys {
            let key = raw == titleField ? "title" : raw
            // The title column shows the entry's public title (see `SiteModelBuilder`), whatever the title field.
            guard key == "title" || !isPrivate(key), seen.insert(key).inserted else { continue }
            out.append(key)
        }
        return out
    }

    private static func isScalar(_ node: JSONValue) -> Bool {
        if node["enum"] != nil || node["const"] != nil { return true }
        switch node["type"] {
        case .string(let type)?: return ["string", "number", "integer", "boolean"].contains(type)
        case .array(let types)?: return types.allSatisfy { ["string", "number", "integer", "boolean", "null"].contains($0.stringValue ?? "") }
        default: return false
        }
    }

    /// The fields that make an entry a participation date: a date-formatted `start`, its end (the date property
    /// that must not precede it, else `end`), and an enum `status`. A schema marked `"x-chronik-dates": true` may
    /// name its start otherwise: its first `format: date` property. (The first date property alone is not enough:
    /// the sample's results have a `date` and an enum `status` of drafts, which are no participation dates.)
    var dateFields: (start: String, end: String?, status: String)? {
        let dates = properties.filter { Self.resolve($0.node, in: root)["format"]?.stringValue == "date" }
        let marked = root?["x-chronik-dates"] == .bool(true)
        guard let start = dates.first(where: { $0.key == "start" })?.key ?? (marked ? dates.first?.key : nil) else { return nil }
        guard let status = properties.first(where: { $0.key == "status" }), Self.resolve(status.node, in: root)["enum"] != nil else { return nil }
        let end = dates.first { $0.node["x-chronik-not-before"]?.stringValue == start }?.key ?? dates.first { $0.key == "end" }?.key
        guard !isPrivate(start), !isPrivate("status") else { return nil }
        return (start, end.flatMap { isPrivate($0) ? nil : $0 }, "status")
    }

    /// The label of an enum value: the property's `x-chronik-enum-labels` (value → text, or value → {de, en}), else
    /// nil.
    func valueLabel(_ key: String, value: String, language: String) -> String? {
        guard let node = root?["properties"]?[key], let label = Self.resolve(node, in: root)["x-chronik-enum-labels"]?[value] else { return nil }
        if let text = label.stringValue { return text }
        return label[language]?.stringValue ?? label["de"]?.stringValue ?? label["en"]?.stringValue
    }
}
