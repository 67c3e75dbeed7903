import Foundation
import OrderedCollections

/// What a field's value must look like, as a template comment says it to a person (`MessageCatalog.templateKind`).
public enum TemplateFieldKind: Sendable, Equatable {
    case text
    case date
    case dateTime
    case uri
    case email
    case integer(minimum: String?, maximum: String?)
    case number(minimum: String?, maximum: String?)
    case boolean
    /// The id of an entry of that collection (`x-chronik-ref`).
    case reference(collection: String)
    /// A string matching a regular expression (`pattern`).
    case pattern(String)
    /// A list of values of the inner kind.
    indirect case list(of: TemplateFieldKind)
    /// A nested mapping or anything else the template leaves to the schema.
    case other
}

/// The template `chronik new` writes for an entry of a collection, from the collection's JSON Schema (issue 16;
/// docs/authoring.md).
///
/// The required fields come first, in the schema's `required` order, each uncommented (the title field filled with
/// `--title`, the others empty: `chronik validate` names each one still empty). The optional fields follow commented
/// out (`#key:`), so a person sees every field the collection has and takes one by removing a `#`, while an entry
/// that leaves them alone stays valid. Each field is preceded by comment lines: its label in the store's language
/// and key, whether it is required, its description (the part in the store's language of a `deutsch / english`
/// description), what the value must look like (allowed values with their `x-chronik-enum-labels`, a format, a
/// range, the collection a reference points into) and an example. The body is empty, after the closing `---`.
public struct EntryTemplate: Sendable {
    /// One field of the template.
    public struct Field: Sendable, Equatable {
        public var key: String
        public var label: String
        public var required: Bool
        public var description: String?
        public var kind: TemplateFieldKind
        /// Allowed values (`enum`), each with its label in the store's language when the schema gives one.
        public var allowed: [(value: JSONValue, label: String?)]
        public var example: JSONValue?
        public var isPrivate: Bool
        /// `x-chronik-not-before`: the key of the date this one must not precede.
        public var notBefore: String?

        public static func == (a: Field, b: Field) -> Bool {
            a.key == b.key && a.label == b.label && a.required == b.required && a.description == b.description
                && a.kind == b.kind && a.example == b.example && a.isPrivate == b.isPrivate && a.notBefore == b.notBefore
                && a.allowed.map(\.value) == b.allowed.map(\.value) && a.allowed.map(\.label) == b.allowed.map(\.label)
        }
    }

    /// The fields: required ones first (in `required`'s order), then the others in the schema's order.
    public var fields: [Field]
    /// The collection's label and description, for the first comment line.
    public var collectionLabel: String
    public var collectionDescription: String?

    /// Reads the template of `collection` from its schema (nil: a collection without a schema gets only its title
    /// field). `language` picks labels and descriptions.
    public init(collection: CollectionConfig, schema: JSONValue?, language: StoreLanguage) {
        collectionLabel = collection.label(in: language)
        guard case .object(let root)? = schema else {
            collectionDescription = nil
            fields = collection.titleField.map {
                [Field(key: $0, label: $0, required: true, description: nil, kind: .text, allowed: [], example: nil,
                       isPrivate: false, notBefore: nil)]
            } ?? []
            return
        }
        collectionDescription = Self.text(root["description"]).map { Self.inLanguage($0, language) }
        if collection.label.isEmpty, let label = Self.label(root["x-chronik-label"], language) { collectionLabel = label }
        var required: [String] = []
        if case .array(let names)? = root["required"] {
            for case .string(let name) in names where !required.contains(name) { required.append(name) }
        }
        var properties = OrderedDictionary<String, JSONValue>()
        if case .object(let members)? = root["properties"] { properties = members }
        var fields: [Field] = []
        for key in required {
            fields.append(Self.field(key, properties[key].map { Self.resolved($0, root: root) } ?? .object([:]), required: true, language: language))
        }
        for (key, property) in properties where !required.contains(key) {
            fields.append(Self.field(key, Self.resolved(property, root: root), required: false, language: language))
        }
        self.fields = fields
    }

    /// The file's text: front matter with comments, the title field set to `title` when given, an empty body.
    public func render(titleField: String?, title: String?, messages: any MessageCatalog) -> String {
        var lines = ["---"]
        var head = "\(collectionLabel)"
        if let collectionDescription { head += ": " + collectionDescription }
        lines.append(Self.comment(head))
        lines.append(Self.comment(messages.templateIntroduction()))
        var optionalStarted = false
        for field in fields {
            if !field.required, !optionalStarted {
                optionalStarted = true
                lines.append("")
                lines.append(Self.comment(messages.templateOptionalFields()))
            }
            var first = "\(field.label) (\(field.key))"
            if field.required { first += ", " + messages.templateRequired() }
            if let description = field.description { first += ": " + description }
            lines.append(Self.comment(first))
            var detail: [String] = []
            if !field.allowed.isEmpty {
                detail.append(messages.templateAllowedValues(field.allowed.map { item in
                    let text = Self.plain(item.value)
                    if let label = item.label, label != text { return "\(text) (\(label))" }
                    return text
                }))
            } else if field.kind != .text, field.kind != .other {
                detail.append(messages.templateKind(field.kind))
            }
            if let notBefore = field.notBefore {
                let label = fields.first { $0.key == notBefore }.map { "\($0.label) (\($0.key))" } ?? notBefore
                detail.append(messages.templateNotBefore(label))
            }
            if let example = field.example { detail.append(messages.templateExample(Self.plain(example))) }
            if field.isPrivate { detail.append(messages.templatePrivate()) }
            if !detail.isEmpty { lines.append(Self.comment("  " + detail.joined(separator: "; "))) }

            var value: JSONValue = .null
            if field.key == titleField, let title { value = .string(title) }
            var fieldLines: [String]
            if case .list = field.kind, value == .null {
                fieldLines = [FrontMatterWriter.renderKey(field.key) + ":", "  - "]
            } else if value == .null {
                fieldLines = [FrontMatterWriter.renderKey(field.key) + ":"]
            } else {
                fieldLines = FrontMatterWriter.entry(key: field.key, value: value, indent: 0)
            }
            if !field.required && !(field.key == titleField && title != nil) { fieldLines = fieldLines.map { "#" + $0 } }
            lines += fieldLines
        }
        lines.append("---")
        lines.append("")
        return lines.joined(separator: "\n")
    }

    // MARK: - Reading the schema

    private static func field(_ key: String, _ property: JSONValue, required: Bool, language: StoreLanguage) -> Field {
        guard case .object(let p) = property else {
            return Field(key: key, label: key, required: required, description: nil, kind: .other, allowed: [],
                         example: nil, isPrivate: false, notBefore: nil)
        }
        let kind = Self.kind(p)
        var allowed: [(value: JSONValue, label: String?)] = []
        var enumLabels = OrderedDictionary<String, JSONValue>()
        if case .object(let labels)? = p["x-chronik-enum-labels"] { enumLabels = labels }
        if case .array(let values)? = p["enum"] {
            for value in values {
                let label = Self.plainKey(value).flatMap { enumLabels[$0] }.flatMap { Self.label($0, language) }
                allowed.append((value, label))
            }
        } else if let value = p["const"] {
            allowed = [(value, nil)]
        }
        var example: JSONValue?
        if case .array(let examples)? = p["examples"], let first = examples.first { example = first }
        else if let value = p["default"] { example = value }
        else if allowed.isEmpty { example = Self.example(for: kind) }
        var isPrivate = false
        if case .bool(true)? = p["x-chronik-private"] { isPrivate = true }
        var notBefore: String?
        if case .string(let other)? = p["x-chronik-not-before"] { notBefore = other }
        return Field(key: key, label: Self.label(p["x-chronik-label"], language) ?? key, required: required,
                     description: Self.text(p["description"]).map { Self.inLanguage($0, language) }, kind: kind,
                     allowed: allowed, example: example, isPrivate: isPrivate, notBefore: notBefore)
    }

    private static func kind(_ p: OrderedDictionary<String, JSONValue>) -> TemplateFieldKind {
        var types: [String] = []
        switch p["type"] {
        case .string(let t)?: types = [t]
        case .array(let ts)?: for case .string(let t) in ts where t != "null" { types.append(t) }
        default: break
        }
        if case .string(let collection)? = p["x-chronik-ref"] {
            return types.first == "array" ? .list(of: .reference(collection: collection)) : .reference(collection: collection)
        }
        func bound(_ key: String) -> String? {
            if case .number(let n)? = p[key] { return n.literal }
            return nil
        }
        switch types.first {
        case "array":
            if case .object(let items)? = p["items"] { return .list(of: kind(items)) }
            return .list(of: .other)
        case "integer": return .integer(minimum: bound("minimum"), maximum: bound("maximum"))
        case "number": return .number(minimum: bound("minimum"), maximum: bound("maximum"))
        case "boolean": return .boolean
        case "object": return .other
        case "string", nil:
            switch p["format"] {
            case .string("date")?: return .date
            case .string("date-time")?: return .dateTime
            case .string("uri")?, .string("uri-reference")?, .string("iri")?: return .uri
            case .string("email")?, .string("idn-email")?: return .email
            default: break
            }
            if case .string(let pattern)? = p["pattern"] { return .pattern(pattern) }
            return types.isEmpty ? .other : .text
        default: return .other
        }
    }

    /// An example for a kind, when the schema gives none: fixed values (so a template is the same every day).
    private static func example(for kind: TemplateFieldKind) -> JSONValue? {
        switch kind {
        case .date: return .string("2026-03-01")
        case .dateTime: return .string("2026-03-01T10:00:00+01:00")
        case .uri: return .string("https://example.org/")
        case .integer(let minimum, _): return JSONNumber(literal: minimum ?? "1").map(JSONValue.number)
        case .boolean: return .bool(true)
        case .list(let inner): return example(for: inner)
        default: return nil
        }
    }

    /// A property with a local `$ref` (`#/$defs/name`, `#/definitions/name`) replaced by what it points to, one level.
    private static func resolved(_ property: JSONValue, root: OrderedDictionary<String, JSONValue>) -> JSONValue {
        guard case .object(var p) = property, case .string(let ref)? = p["$ref"], ref.hasPrefix("#/") else { return property }
        var node: JSONValue = .object(root)
        for part in ref.dropFirst(2).split(separator: "/") {
            let key = part.replacingOccurrences(of: "~1", with: "/").replacingOccurrences(of: "~0", with: "~")
            guard case .object(let members) = node, let next = members[key] else { return property }
            node = next
        }
        guard case .object(let target) = node else { return property }
        p.removeValue(forKey: "$ref")
        for (key, value) in target where p[key] == nil { p[key] = value }
        return .object(p)
    }

    private static func label(_ value: JSONValue?, _ language: StoreLanguage) -> String? {
        switch value {
        case .string(let s)?: return s
        case .object(let byLanguage)?:
            if case .string(let s)? = byLanguage[language.rawValue] { return s }
            for case .string(let s) in byLanguage.values { return s }
            return nil
        default: return nil
        }
    }

    private static func text(_ value: JSONValue?) -> String? {
        if case .string(let s)? = value, !s.isEmpty { return s }
        return nil
    }

    /// The store's language's half of a bilingual `deutsch / english` description (the sample schemas' habit): split
    /// at " / " when it occurs exactly once; anything else is taken whole.
    static func inLanguage(_ text: String, _ language: StoreLanguage) -> String {
        let parts = text.components(separatedBy: " / ")
        guard parts.count == 2 else { return text }
        return (language == .de ? parts[0] : parts[1]).trimmingCharacters(in: .whitespaces)
    }

    private static func plain(_ value: JSONValue) -> String {
        switch value {
        case .string(let s): return s
        case .number(let n): return n.literal
        case .bool(let b): return b ? "true" : "false"
        case .null: return "null"
        default: return JSONWriter.write(value)
        }
    }

    private static func plainKey(_ value: JSONValue) -> String? {
        switch value {
        case .string(let s): return s
        case .number(let n): return n.literal
        case .bool(let b): return b ? "true" : "false"
        default: return nil
        }
    }

    /// One comment line: line breaks and control characters of schema text become spaces, so a description cannot
    /// end the comment and start YAML.
    static func comment(_ text: String) -> String {
        let cleaned = String(String.UnicodeScalarView(text.unicodeScalars.map { scalar in
            switch scalar.properties.generalCategory {
            case .control, .lineSeparator, .paragraphSeparator, .format: return " "
            default: return scalar
            }
        }))
        return ("# " + cleaned).replacingOccurrences(of: #"\s+$"#, with: "", options: .regularExpression)
    }
}
