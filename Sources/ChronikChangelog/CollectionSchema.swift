import ChronikDiff
import ChronikStore
import Foundation
import GitKit

// A collection's schema as `chronik list` and the published site read it at one version: labels, private locations
// (`$ref`s to the store's other schemas followed, as the changelog does), references (`x-chronik-ref` at any depth),
// the default columns (x-chronik-columns, else chronik.yml's site.columns, else the title and the required scalar
// fields), enum labels, what kind of value a field holds, and an entry's title. One reader, so that a listing's
// columns and the site's tables cannot drift apart (they were two copies until issue 18's list).

/// The schemas of one version, read once each: the collections' and those their `$ref`s name (a path relative to the
/// referring schema, else a collection's schema whose `$id` it is).
package final class CollectionSchemas {
    let store: Store
    let tree: ObjectID
    let config: StoreConfig?
    let language: String
    private var documents: [String: JSONValue?] = [:]
    private var schemas: [String: CollectionSchema] = [:]
    /// The first schema that could not be read (not: could not be parsed, which counts as no schema). The listing
    /// goes on without it; the site refuses to publish, since a private mark it holds would be unknown.
    package private(set) var failure: StoreError?

    package init(store: Store, tree: ObjectID, config: StoreConfig?, language: String) {
        self.store = store
        self.tree = tree
        self.config = config
        self.language = language
    }

    /// The collection's title field (`chronik.yml`'s `title_field`, else `title`).
    package func titleField(_ collection: String) -> String {
        config?.collection(named: collection)?.titleField ?? "title"
    }

    /// The collection's schema (an empty one when it has none, or it cannot be read as JSON); one that cannot be
    /// read at all counts as none and is kept in `failure`.
    package func schema(_ collection: String) -> CollectionSchema {
        if let known = schemas[collection] { return known }
        let path = config?.collection(named: collection)?.schema
        let root = path.flatMap { load($0) }
        let schema = CollectionSchema(root: root, path: path, language: language) { [unowned self] reference, from in
            resolve(reference, from: from)
        }
        schemas[collection] = schema
        return schema
    }

    /// The schema at `path`, parsed (nil: no such file, or not JSON).
    package func document(_ path: String) throws(StoreError) -> JSONValue? {
        if let hit = documents[path] { return hit }
        let root = try store.blob(at: path, inTree: tree).flatMap { try? JSONParser.parse($0) }
        documents[path] = .some(root)
        return root
    }

    private func load(_ path: String) -> JSONValue? {
        do { return try document(path) } catch {
            failure = failure ?? error
            return nil
        }
    }

    /// Another schema of the store that a `$ref` names (the differ's rule, `PrivateLocations.storeSchema`).
    private func resolve(_ reference: String, from: SchemaDocument) -> SchemaDocument? {
        PrivateLocations.storeSchema(reference, from: from, schemas: config?.collections.compactMap(\.schema) ?? []) { path in
            load(path).map { SchemaDocument(path: path, root: $0) }
        }
    }
}

/// One collection's schema as the listing and the site read it.
package struct CollectionSchema {
    /// The schema's JSON (nil: the collection has none, or it is not JSON).
    package let root: JSONValue?
    package let labels: SchemaLabels
    package let privacy: PrivateLocations

    package init(root: JSONValue?, path: String?, language: String, resolve: PrivateLocations.Resolver?) {
        self.root = root
        labels = SchemaLabels(schema: root, language: language)
        privacy = PrivateLocations(schema: root.map { SchemaDocument(path: path, root: $0) }, resolve: resolve)
    }

    /// Top-level properties in schema order.
    package var properties: [(key: String, node: JSONValue)] {
        guard case .object(let members)? = root?["properties"] else { return [] }
        return members.map { ($0.key, $0.value) }
    }

    /// The collection's label from the schema's own `x-chronik-label`, if any.
    package func collectionLabel(language: String) -> String? {
        guard let label = root?["x-chronik-label"] else { return nil }
        if let text = label.stringValue { return text }
        return label[language]?.stringValue ?? label["de"]?.stringValue ?? label["en"]?.stringValue
    }

    /// The label of a top-level field: the schema's `x-chronik-label` in the schema's language, else the key.
    package func label(_ key: String) -> String { labels.label(for: [key]) }

    /// Whether the top-level field is private.
    package func isPrivate(_ key: String) -> Bool { privacy.contains([key]) }

    private func node(_ key: String) -> JSONValue? {
        root?["properties"]?[key].map { Self.resolve($0, in: root) }
    }

    /// The label of an enum value: the property's (else its items') `x-chronik-enum-labels` (value → text, or value
    /// → {de, en}), else nil.
    package func valueLabel(_ key: String, value: String) -> String? {
        guard let label = node(key)?["x-chronik-enum-labels"]?[value] ?? node(key)?["items"].map({ Self.resolve($0, in: root) })?["x-chronik-enum-labels"]?[value] else {
            return nil
        }
        if let text = label.stringValue { return text }
        return label[labels.language]?.stringValue ?? label["de"]?.stringValue ?? label["en"]?.stringValue
    }

    /// The values the field's `enum` (or its items') allows, when all are strings.
    package func allowedValues(_ key: String) -> [String]? {
        guard let node = node(key) else { return nil }
        let list = node["enum"]?.arrayValue ?? node["items"].map { Self.resolve($0, in: root) }?["enum"]?.arrayValue
        guard let list else { return nil }
        let strings = list.compactMap(\.stringValue)
        return strings.count == list.count ? strings : nil
    }

    /// The kind of the field's values by its schema (a list's items'), nil when the schema does not say.
    package func kind(_ key: String) -> ListValueKind? {
        guard var node = node(key) else { return nil }
        if node["type"]?.stringValue == "array", let items = node["items"] { node = Self.resolve(items, in: root) }
        if let format = node["format"]?.stringValue, format == "date" || format == "date-time" { return .date }
        var types: [String] = []
        if let type = node["type"]?.stringValue { types = [type] } else if let list = node["type"]?.arrayValue { types = list.compactMap(\.stringValue) }
        types.removeAll { $0 == "null" }
        if !types.isEmpty, types.allSatisfy({ $0 == "number" || $0 == "integer" }) { return .number }
        if types == ["boolean"] { return .boolean }
        if types == ["string"] || node["enum"] != nil { return .text }
        return nil
    }

    /// The value's references (`x-chronik-ref` on the property, on its `items`, or deeper: nested objects and arrays
    /// are followed with the schema), in the value's order, as (collection, id).
    package func references(_ key: String, value: JSONValue) -> [(collection: String, id: String)] {
        guard let node = root?["properties"]?[key] else { return [] }
        var found: [(String, String)] = []
        collect(value, node: node, target: nil, depth: 0, into: &found)
        return found
    }

    private func collect(_ value: JSONValue, node raw: JSONValue?, target inherited: String?, depth: Int, into found: inout [(String, String)]) {
        guard depth < PrivateLocations.maxDepth else { return }
        let node = raw.map { Self.resolve($0, in: root) }
        collect(value, resolved: node, target: node?["x-chronik-ref"]?.stringValue ?? inherited, depth: depth, into: &found)
    }

    /// `collect(_:node:target:depth:into:)` with the node resolved and its target found: an array's items share one
    /// node, resolved and asked for its `x-chronik-ref` once, not once per item (each item's look-ups were most of
    /// `references`, 1.8 % of an incremental publish of the medium store; inc15p).
    private func collect(_ value: JSONValue, resolved node: JSONValue?, target: String?, depth: Int, into found: inout [(String, String)]) {
        switch value {
        case .string(let id):
            if let target { found.append((target, id)) }
        case .array(let items):
            // Each item is at `depth + 1`, where the walk stops at `maxDepth`.
            guard !items.isEmpty, depth + 1 < PrivateLocations.maxDepth else { return }
            let itemNode = node?["items"].map { Self.resolve($0, in: root) }
            let itemTarget = itemNode?["x-chronik-ref"]?.stringValue ?? target
            for item in items { collect(item, resolved: itemNode, target: itemTarget, depth: depth + 1, into: &found) }
        case .object(let members):
            for (key, member) in members { collect(member, node: node?["properties"]?[key], target: nil, depth: depth + 1, into: &found) }
        default:
            break
        }
    }

    /// The keys of the default columns: the schema's `x-chronik-columns`, else `configured` (chronik.yml's
    /// `site.columns`), else "title" and the required top-level scalar fields. The title field counts as "title".
    /// Private fields stay unless `publicOnly` (the site's tables always; the title column shows the entry's public
    /// title whatever the title field).
    package func columnKeys(configured: [String]?, titleField: String, publicOnly: Bool) -> [String] {
        var keys: [String]
        if case .array(let list)? = root?["x-chronik-columns"], !list.compactMap(\.stringValue).isEmpty {
            keys = list.compactMap(\.stringValue)
        } else if let configured, !configured.isEmpty {
            keys = configured
        } else {
            keys = ["title"]
            let required = Set(root?["required"]?.arrayValue?.compactMap(\.stringValue) ?? [])
            for (key, node) in properties where required.contains(key) && Self.isScalar(Self.resolve(node, in: root)) { keys.append(key) }
        }
        var seen = Set<String>(), out: [String] = []
        for raw in keys {
            let key = raw == titleField ? "title" : raw
            guard key == "title" || !(publicOnly && isPrivate(key)), seen.insert(key).inserted else { continue }
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

    /// A local `$ref` (`#/$defs/x`) followed once.
    package static func resolve(_ node: JSONValue, in schema: JSONValue?) -> JSONValue {
        guard let ref = node["$ref"]?.stringValue, ref.hasPrefix("#"), let schema else { return node }
        var current: JSONValue? = schema
        for token in JSONPointer.tokens(String(ref.dropFirst())) {
            if case .array(let list)? = current, let k = Int(token), list.indices.contains(k) { current = list[k] } else { current = current?[token] }
        }
        return current ?? node
    }

    /// An entry's title: the collection's title field, else `title`, else the body's first heading; nil when none
    /// has text. `line` makes a field's text one line (the listing and the site each keep their own way: see
    /// `EntryListing.oneLine` and `PublicText.line`).
    package static func title(_ document: EntryDocument, titleField: String, line: (String) -> String) -> String? {
        if let text = document.fields[titleField]?.stringValue ?? document.fields["title"]?.stringValue,
           !text.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty {
            return line(text)
        }
        for block in MarkdownBlocks.split(document.body) where block.kind == .heading {
            let first = block.text.split(separator: "\n").first ?? ""
            let text = first.drop { $0 == "#" }.trimmingCharacters(in: .whitespaces)
            if !text.isEmpty { return text }
        }
        return nil
    }
}
