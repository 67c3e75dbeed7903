import ChronikStore
import OrderedCollections

// Field diff: the changes between two front matter objects, keyed by JSON Pointer (RFC 6901).
//
// - A scalar (or a value whose type changed) is reported with its old and new value; two long strings also get a
//   word diff.
// - A list is aligned with Myers (exact, on the items' values): items only in the old list are removed, items only
//   in the new one added, and an item on both sides that lost its place is a reorder, not a removal and an addition.
//   Lists of objects of equal length are compared item by item instead (`/authors/1/name`).
// - Objects are compared key by key, recursively; a key only on one side is added or removed.
// Labels come from the entry's JSON Schema (`x-chronik-label` in the given language, else the field name); values
// the schema marks `x-chronik-private` can be left out for public output (see Privacy.swift).

/// One change to a front matter field.
public struct FieldChange: Sendable, Hashable, Codable {
    public enum Kind: String, Sendable, Hashable, Codable {
        /// The field is new.
        case added
        /// The field is gone.
        case removed
        /// The value changed (`old` -> `new`).
        case changed
        /// A list changed: items added, removed, or reordered.
        case list
    }

    /// Where the field is, as a JSON Pointer: `/status`, `/authors/1/name`.
    public var pointer: String
    /// What to call it: schema labels along the path joined by " › ", else the field names.
    public var label: String
    public var kind: Kind
    /// The old value (for `removed`, `changed`, `list`).
    public var old: JSONValue?
    /// The new value (for `added`, `changed`, `list`).
    public var new: JSONValue?
    /// For `list`: items only in the new list, in its order.
    public var itemsAdded: [JSONValue]
    /// For `list`: items only in the old list, in its order.
    public var itemsRemoved: [JSONValue]
    /// For `list`: items on both sides changed their order.
    public var reordered: Bool
    /// For `changed` between two longer strings: a word diff.
    public var words: [WordSegment]?

    public init(pointer: String, label: String, kind: Kind, old: JSONValue? = nil, new: JSONValue? = nil,
                itemsAdded: [JSONValue] = [], itemsRemoved: [JSONValue] = [], reordered: Bool = false, words: [WordSegment]? = nil) {
        self.pointer = pointer
        self.label = label
        self.kind = kind
        self.old = old
        self.new = new
        self.itemsAdded = itemsAdded
        self.itemsRemoved = itemsRemoved
        self.reordered = reordered
        self.words = words
    }

    private enum CodingKeys: String, CodingKey {
        case pointer, label, kind, old, new, itemsAdded, itemsRemoved, reordered, words
    }

    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        pointer = try c.decode(String.self, forKey: .pointer)
        label = try c.decode(String.self, forKey: .label)
        kind = try c.decode(Kind.self, forKey: .kind)
        old = try c.decodeIfPresent(DecodedJSON.self, forKey: .old)?.value
        new = try c.decodeIfPresent(DecodedJSON.self, forKey: .new)?.value
        itemsAdded = try c.decodeIfPresent([DecodedJSON].self, forKey: .itemsAdded)?.map(\.value) ?? []
        itemsRemoved = try c.decodeIfPresent([DecodedJSON].self, forKey: .itemsRemoved)?.map(\.value) ?? []
        reordered = try c.decodeIfPresent(Bool.self, forKey: .reordered) ?? false
        words = try c.decodeIfPresent([WordSegment].self, forKey: .words)
    }

    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(pointer, forKey: .pointer)
        try c.encode(label, forKey: .label)
        try c.encode(kind, forKey: .kind)
        try c.encodeIfPresent(old, forKey: .old)
        try c.encodeIfPresent(new, forKey: .new)
        if kind == .list {
            try c.encode(itemsAdded, forKey: .itemsAdded)
            try c.encode(itemsRemoved, forKey: .itemsRemoved)
            try c.encode(reordered, forKey: .reordered)
        }
        try c.encodeIfPresent(words, forKey: .words)
    }
}

/// Decodes any JSON into a `JSONValue` (which is only `Encodable` in ChronikStore).
struct DecodedJSON: Decodable {
    var value: JSONValue

    private struct Key: CodingKey {
        var stringValue: String
        var intValue: Int? { nil }
        init?(stringValue: String) { self.stringValue = stringValue }
        init?(intValue: Int) { return nil }
    }

    init(from decoder: Decoder) throws {
        // Most field values are strings: tried first, since every failed attempt below costs a thrown error (a
        // string is never decoded as another type, so the order does not change the result).
        if let single = try? decoder.singleValueContainer(), let s = try? single.decode(String.self) {
            value = .string(s)
            return
        }
        if let object = try? decoder.container(keyedBy: Key.self) {
            var members = OrderedDictionary<String, JSONValue>()
            for key in object.allKeys { members[key.stringValue] = try object.decode(DecodedJSON.self, forKey: key).value }
            value = .object(members)
            return
        }
        if var array = try? decoder.unkeyedContainer() {
            var items: [JSONValue] = []
            while !array.isAtEnd { items.append(try array.decode(DecodedJSON.self).value) }
            value = .array(items)
            return
        }
        let single = try decoder.singleValueContainer()
        if single.decodeNil() {
            value = .null
        } else if let b = try? single.decode(Bool.self) {
            value = .bool(b)
        } else if let i = try? single.decode(Int.self) {
            value = .number(JSONNumber(i))
        } else if let d = try? single.decode(Double.self) {
            value = .number(JSONNumber(d))
        } else {
            value = .string(try single.decode(String.self))
        }
    }
}

/// Labels and private fields from an entry's JSON Schema (a `JSONValue`, so that this module need not depend on
/// ChronikSchema).
public struct SchemaLabels: Sendable {
    public let schema: JSONValue?
    /// A language code, e.g. `de`.
    public let language: String

    /// The locations the schema marks `"x-chronik-private": true` (local `$ref`s followed; `SnapshotDiffer` also
    /// follows references to other schemas of the store). Found once, when the labels are made.
    public let privateLocations: PrivateLocations

    /// `privateLocations` as JSON Pointer patterns, e.g. `/contact`, `/people/*/email` (see `PrivateLocations.pointers`).
    public var privatePointers: Set<String> { Set(privateLocations.pointers) }

    public init(schema: JSONValue?, language: String) {
        self.schema = schema
        self.language = language
        privateLocations = PrivateLocations(schema: schema.map { SchemaDocument(path: nil, root: $0) })
    }

    /// The schema's label for the field at `tokens` (JSON Pointer tokens), joined by " › "; field names where the
    /// schema has no label, 1-based numbers for list items.
    public func label(for tokens: [String]) -> String {
        var node = schema
        var parts: [String] = []
        for token in tokens {
            node = node.flatMap { resolve($0) }
            if let properties = node?["properties"], let sub = properties[token] {
                node = resolve(sub)
                parts.append(Self.label(of: node, language: language) ?? token)
            } else if let index = Int(token), let items = node?["items"] {
                node = resolve(items)
                parts.append(String(index + 1))
            } else if let additional = node?["additionalProperties"], case .object = additional {
                node = resolve(additional)
                parts.append(token)
            } else {
                node = nil
                parts.append(Int(token).map { String($0 + 1) } ?? token)
            }
        }
        return parts.joined(separator: " › ")
    }

    /// `x-chronik-label` of a schema node: the entry for `language`, else a plain string, else German, else English.
    static func label(of node: JSONValue?, language: String) -> String? {
        guard let label = node?["x-chronik-label"] else { return nil }
        if let s = label.stringValue { return s }
        return label[language]?.stringValue ?? label["de"]?.stringValue ?? label["en"]?.stringValue
    }

    /// Follows a local `$ref` (`#/$defs/x`), once per level.
    func resolve(_ node: JSONValue) -> JSONValue? {
        Self.resolve(node, in: schema)
    }

    /// A `$ref` to a place in `schema` (`#/…`) resolved; any other node as it is.
    private static func resolve(_ node: JSONValue, in schema: JSONValue?) -> JSONValue? {
        guard let ref = node["$ref"]?.stringValue, ref.hasPrefix("#"), let schema else { return node }
        var current: JSONValue? = schema
        for token in JSONPointer.tokens(String(ref.dropFirst())) { current = current?[token] }
        return current ?? node
    }
}

/// JSON Pointer (RFC 6901) helpers.
public enum JSONPointer {
    /// Joins tokens into a pointer, escaping `~` as `~0` and `/` as `~1`.
    public static func make(_ tokens: [String]) -> String {
        tokens.map { token in
            // Foundation's replacing costs microseconds even when nothing changes, and almost nothing does.
            guard token.utf8.contains(where: { $0 == UInt8(ascii: "~") || $0 == UInt8(ascii: "/") }) else { return "/" + token }
            return "/" + token.replacingOccurrences(of: "~", with: "~0").replacingOccurrences(of: "/", with: "~1")
        }.joined()
    }

    /// Splits a pointer into its unescaped tokens.
    public static func tokens(_ pointer: String) -> [String] {
        guard !pointer.isEmpty else { return [] }
        return pointer.split(separator: "/", omittingEmptySubsequences: false).dropFirst().map {
            guard $0.utf8.contains(UInt8(ascii: "~")) else { return String($0) }
            return $0.replacingOccurrences(of: "~1", with: "/").replacingOccurrences(of: "~0", with: "~")
        }
    }

    /// True when `pointer` is `pattern` or lies below it; a `*` token in the pattern matches any token.
    public static func matches(_ pointer: String, pattern: String) -> Bool {
        let p = tokens(pointer), q = tokens(pattern)
        guard p.count >= q.count else { return false }
        for (a, b) in zip(p, q) where b != "*" && a != b { return false }
        return true
    }
}

/// Settings of the field diff.
public struct FieldDiffOptions: Sendable {
    /// Labels from the schema.
    public var labels: SchemaLabels
    /// Values to leave out on both sides, e.g. `labels.privateLocations` for public output (a snapshot diff leaves
    /// them out itself, by each side's own schema, before it compares).
    public var privateLocations: PrivateLocations
    /// Strings at least this long (in characters, on either side) get a word diff.
    public var wordDiffMinimumLength = 40

    public init(labels: SchemaLabels = SchemaLabels(schema: nil, language: "de"), privateLocations: PrivateLocations = .none) {
        self.labels = labels
        self.privateLocations = privateLocations
    }
}

/// Computes field diffs.
public enum FieldDiffer {
    /// The changes from `old` to `new` (front matter objects), in the order of the new object's keys, removed keys
    /// last; private values (`options.privateLocations`) left out of both sides first, at any depth.
    public static func diff(_ old: OrderedDictionary<String, JSONValue>, _ new: OrderedDictionary<String, JSONValue>,
                            options: FieldDiffOptions = .init()) -> [FieldChange] {
        var changes: [FieldChange] = []
        let hidden = options.privateLocations
        compare(.object(hidden.redact(old)), .object(hidden.redact(new)), path: [], options: options, into: &changes)
        return changes
    }

    /// The same for any two values (a missing side is nil).
    public static func diff(_ old: JSONValue?, _ new: JSONValue?, options: FieldDiffOptions = .init()) -> [FieldChange] {
        var changes: [FieldChange] = []
        compare(hidden(old ?? .object([:]), options), hidden(new ?? .object([:]), options), path: [], options: options, into: &changes)
        return changes
    }

    private static func hidden(_ value: JSONValue, _ options: FieldDiffOptions) -> JSONValue {
        guard case .object(let members) = value else { return value }
        return .object(options.privateLocations.redact(members))
    }

    static func compare(_ old: JSONValue, _ new: JSONValue, path: [String], options: FieldDiffOptions, into changes: inout [FieldChange]) {
        guard old != new else { return }
        let pointer = JSONPointer.make(path)
        func emit(_ change: FieldChange) { changes.append(change) }
        let label = options.labels.label(for: path)
        switch (old, new) {
        case let (.object(a), .object(b)):
            for (key, value) in b {
                if let before = a[key] {
                    compare(before, value, path: path + [key], options: options, into: &changes)
                } else {
                    let p = JSONPointer.make(path + [key])
                    emit(FieldChange(pointer: p, label: options.labels.label(for: path + [key]), kind: .added, new: value))
                }
            }
            for (key, value) in a where b[key] == nil {
                let p = JSONPointer.make(path + [key])
                emit(FieldChange(pointer: p, label: options.labels.label(for: path + [key]), kind: .removed, old: value))
            }
        case let (.array(a), .array(b)):
            let containers = (a + b).allSatisfy { if case .object = $0 { return true } else { return false } }
            if containers, a.count == b.count, Set(a) != Set(b) || a.count != Set(a).count {
                for k in a.indices { compare(a[k], b[k], path: path + [String(k)], options: options, into: &changes) }
                return
            }
            var ids: [JSONValue: Int] = [:]
            func id(_ v: JSONValue) -> Int {
                if let i = ids[v] { return i }
                ids[v] = ids.count
                return ids.count - 1
            }
            let runs = Myers.diff(a.map(id), b.map(id), costLimit: Int.max)
            var removed: [JSONValue] = [], added: [JSONValue] = []
            for run in runs {
                if run.operation == .delete { removed += a[run.a] }
                if run.operation == .insert { added += b[run.b] }
            }
            // An item removed in one place and added in another moved: a reorder.
            var reordered = false
            var pending = removed
            var trulyAdded: [JSONValue] = []
            for item in added {
                if let k = pending.firstIndex(of: item) {
                    pending.remove(at: k)
                    reordered = true
                } else {
                    trulyAdded.append(item)
                }
            }
            emit(FieldChange(pointer: pointer, label: label, kind: .list, old: old, new: new,
                             itemsAdded: trulyAdded, itemsRemoved: pending, reordered: reordered))
        default:
            var words: [WordSegment]?
            if case let (.string(x), .string(y)) = (old, new), max(x.count, y.count) >= options.wordDiffMinimumLength {
                words = WordDiff.diff(x, y)
            }
            emit(FieldChange(pointer: pointer, label: label, kind: .changed, old: old, new: new, words: words))
        }
    }
}
