import ChronikStore
import Foundation

/// Settings of schema compilation and validation.
public struct SchemaOptions: Sendable, Hashable {
    /// When true, `format` asserts for the formats this validator knows (`date`, `date-time`, `time`, `duration`,
    /// `email`, `uri`, `uri-reference`, `ipv4`, `ipv6`, `uuid`); unknown formats stay annotations. Off by default,
    /// as draft 2020-12 specifies; a store switches it on because it needs real dates and links.
    public var formatAssertion: Bool = false
    /// Strings longer than this (in UTF-16 units) are not matched against `pattern`/`patternProperties` but reported,
    /// which bounds the cost of any regular expression.
    public var maxPatternInputLength: Int = 10_000
    /// Seconds one regular-expression match may take before it is stopped and reported (a property name that times
    /// out counts as not matching).
    public var patternTimeLimit: Double = 0.1
    /// Seconds the pattern checks of one instance (an entry) may take together; once they are used up, the check at
    /// hand and the instance's remaining pattern checks are reported as not made (see `PatternMeter`).
    public var patternTimePerInstance: Double = 0.5
    /// Seconds the pattern checks of one run may take together, for the `PatternBudget` a store validation shares
    /// between all its entries (`StoreSchemas`).
    public var patternTimePerRun: Double = 10
    /// Subschemas nested deeper than this are a compile error rather than a stack overflow.
    public var maxSchemaDepth: Int = 200
    /// Nested evaluations (through references and instance nesting) deeper than this are reported, not recursed.
    public var maxEvaluationDepth: Int = 1_000
    /// The schemas compiled before with the same bytes (a set the validation cache vouches for): their patterns are
    /// compiled on their first match instead of at once (`Pattern(checkedBefore:)`).
    package var patternsCheckedBefore = false

    public init(formatAssertion: Bool = false) {
        self.formatAssertion = formatAssertion
    }
}

/// Why a schema could not be compiled.
public enum SchemaError: Error, Sendable, Equatable, CustomStringConvertible {
    /// `$schema` names a meta-schema that is neither draft 2020-12 nor registered.
    case unknownMetaSchema(String)
    /// A `$ref` or `$dynamicRef` whose target is not known; remote references are never fetched.
    case unresolvedReference(String, schemaPointer: String)
    /// A keyword's value is not what the specification allows.
    case invalidKeyword(String, schemaPointer: String, message: String)
    /// A `pattern` that is not a valid regular expression or that could backtrack catastrophically.
    case invalidPattern(String, schemaPointer: String, message: String)
    /// Subschemas nested deeper than `SchemaOptions.maxSchemaDepth`.
    case tooDeep(schemaPointer: String, limit: Int)
    /// A meta-schema requires a vocabulary this validator does not implement.
    case unsupportedVocabulary(String)

    public var description: String {
        switch self {
        case .unknownMetaSchema(let uri):
            return "unknown $schema \(uri): only JSON Schema draft 2020-12 (https://json-schema.org/draft/2020-12/schema) is supported"
        case .unresolvedReference(let uri, let pointer):
            return "cannot resolve reference \(uri) at \(display(pointer)): no such schema is known (remote schemas are never downloaded)"
        case .invalidKeyword(let keyword, let pointer, let message):
            return "invalid \(keyword) at \(display(pointer)): \(message)"
        case .invalidPattern(let pattern, let pointer, let message):
            return "invalid pattern \(pattern) at \(display(pointer)): \(message)"
        case .tooDeep(let pointer, let limit):
            return "schema is nested deeper than \(limit) levels at \(display(pointer))"
        case .unsupportedVocabulary(let uri):
            return "the meta-schema requires vocabulary \(uri), which is not supported"
        }
    }

    private func display(_ pointer: String) -> String { pointer.isEmpty ? "the schema root" : pointer }
}

/// A place in a registered document: its index and a JSON Pointer (escaped, unencoded) from the document root.
struct Location: Hashable {
    var document: Int
    var pointer: String
}

/// Schema resources known by URI: the embedded 2020-12 meta-schemas and whatever is added.
///
/// References resolve only against this registry, never over the network; adding a document registers its `$id`s,
/// `$anchor`s and `$dynamicAnchor`s (found by walking the keywords that hold subschemas, so an `$id` inside `enum`
/// data or an unknown keyword is not an identifier).
public struct SchemaRegistry: Sendable {
    var documents: [JSONValue] = []
    /// Absolute URI without fragment -> root of that schema resource.
    var resources: [String: Location] = [:]
    /// `uri#name` -> location of the `$anchor` or `$dynamicAnchor`.
    var anchors: [String: Location] = [:]
    /// Resource URI -> its `$dynamicAnchor` names and their locations.
    var dynamicAnchors: [String: [String: Location]] = [:]
    /// Base URI in effect at each subschema location.
    var bases: [Location: String] = [:]

    /// The 2020-12 meta-schemas, parsed once.
    static let standard: SchemaRegistry = {
        var registry = SchemaRegistry(empty: ())
        for (uri, text) in MetaSchemas.documents {
            do {
                registry.add(try JSONParser.parse(text), retrievalURI: uri)
            } catch {
                preconditionFailure("embedded meta-schema \(uri) does not parse: \(error)")
            }
        }
        return registry
    }()

    /// A registry holding the draft 2020-12 meta-schemas.
    public init() { self = SchemaRegistry.standard }

    private init(empty: Void) {}

    /// A registry for compiling `schemas`: without the meta-schemas when none of the schemas can reach them, that is
    /// when no key or string anywhere in them holds `json-schema.org` (in any case) but a `$schema` naming draft
    /// 2020-12 itself, which the compiler knows without its document (`Compiler.vocabulariesOf`). A reference into
    /// the meta-schemas names their host (or resolves against an `$id` that does), so such a schema gets them all.
    /// Parsing and registering the nine embedded documents was a third of the store schemas' compilation in a cold
    /// `validate` (issue 19), on the path to the first entry's check.
    static func forCompiling(_ schemas: [JSONValue]) -> SchemaRegistry {
        schemas.contains(where: mentionsMetaSchemas) ? SchemaRegistry() : SchemaRegistry(empty: ())
    }

    /// Whether `value` holds `json-schema.org` (ASCII letters in any case) in a key or string, a draft 2020-12
    /// `$schema` aside.
    static func mentionsMetaSchemas(_ value: JSONValue) -> Bool {
        func mentions(_ text: String) -> Bool {
            let needle = Array("json-schema.org".utf8)
            let bytes = Array(text.utf8)
            guard bytes.count >= needle.count else { return false }
            for start in 0...(bytes.count - needle.count) {
                var k = 0
                while k < needle.count, bytes[start + k] | (bytes[start + k] >= 0x41 && bytes[start + k] <= 0x5A ? 0x20 : 0) == needle[k] { k += 1 }
                if k == needle.count { return true }
            }
            return false
        }
        switch value {
        case .string(let text): return mentions(text)
        case .array(let items): return items.contains(where: mentionsMetaSchemas)
        case .object(let object):
            for (key, member) in object {
                if key == "$schema", case .string(let uri) = member,
                   uri == MetaSchemas.base + "schema" || uri == MetaSchemas.base + "schema#" { continue }
                if mentions(key) || mentionsMetaSchemas(member) { return true }
            }
            return false
        case .null, .bool, .number: return false
        }
    }

    /// Registers `schema` under `retrievalURI` (when given) and under every `$id` inside it.
    public mutating func add(_ schema: JSONValue, retrievalURI: String?) {
        _ = addDocument(schema, retrievalURI: retrievalURI ?? "urn:chronik:schema:\(documents.count)")
    }

    /// Whether a schema resource is registered under `uri` (fragment ignored).
    public func contains(_ uri: String) -> Bool { resources[splitFragment(uri).0] != nil }

    mutating func addDocument(_ schema: JSONValue, retrievalURI: String) -> Int {
        let index = documents.count
        documents.append(schema)
        let base = splitFragment(retrievalURI).0
        resources[base] = Location(document: index, pointer: "")
        register(schema, base: base, location: Location(document: index, pointer: ""), depth: 0)
        return index
    }

    private mutating func register(_ value: JSONValue, base: String, location: Location, depth: Int) {
        guard case .object(let object) = value, depth < 512 else { return }
        var base = base
        if case .string(let id)? = object["$id"] {
            let resolved = splitFragment(resolveURI(id, against: base)).0
            base = resolved
            resources[resolved] = location
        }
        bases[location] = base
        if case .string(let anchor)? = object["$anchor"] {
            anchors[base + "#" + anchor] = location
        }
        if case .string(let anchor)? = object["$dynamicAnchor"] {
            anchors[base + "#" + anchor] = location
            dynamicAnchors[base, default: [:]][anchor] = location
        }
        for (keyword, member) in object {
            let here = location.pointer + "/" + JSONPointer.escape(keyword)
            switch SubschemaShape.of(keyword) {
            case .single:
                register(member, base: base, location: Location(document: location.document, pointer: here), depth: depth + 1)
            case .map:
                guard case .object(let map) = member else { continue }
                for (name, sub) in map {
                    let p = here + "/" + JSONPointer.escape(name)
                    register(sub, base: base, location: Location(document: location.document, pointer: p), depth: depth + 1)
                }
            case .array:
                guard case .array(let list) = member else { continue }
                for (i, sub) in list.enumerated() {
                    register(sub, base: base, location: Location(document: location.document, pointer: here + "/\(i)"), depth: depth + 1)
                }
            case .none:
                continue
            }
        }
    }

    /// The value at `location`, or nil when the pointer leads nowhere.
    func value(at location: Location) -> JSONValue? {
        guard location.document < documents.count else { return nil }
        guard let tokens = JSONPointer.tokens(location.pointer) else { return nil }
        var current = documents[location.document]
        for token in tokens {
            switch current {
            case .object(let o):
                guard let next = o[token] else { return nil }
                current = next
            case .array(let a):
                guard let i = Int(token), i >= 0, i < a.count, token == String(i) else { return nil }
                current = a[i]
            default:
                return nil
            }
        }
        return current
    }

    /// Resolves an absolute URI (with optional fragment: empty, JSON Pointer or anchor name) to a location.
    func locate(_ uri: String) -> Location? {
        let (resource, fragment) = splitFragment(uri)
        guard let root = resources[resource] else { return nil }
        guard let fragment, !fragment.isEmpty else { return root }
        if fragment.hasPrefix("/") {
            let decoded = fragment.removingPercentEncoding ?? fragment
            let location = Location(document: root.document, pointer: root.pointer + decoded)
            return value(at: location) == nil ? nil : location
        }
        let decoded = fragment.removingPercentEncoding ?? fragment
        return anchors[resource + "#" + decoded]
    }

    /// The base URI at `location`: recorded for subschemas, else that of the nearest recorded ancestor.
    func base(at location: Location) -> String {
        var pointer = location.pointer
        while true {
            if let b = bases[Location(document: location.document, pointer: pointer)] { return b }
            guard let slash = pointer.lastIndex(of: "/") else { return "urn:chronik:schema:\(location.document)" }
            pointer = String(pointer[..<slash])
        }
    }
}

/// How a keyword holds subschemas (draft 2020-12 core and applicator vocabularies, plus `contentSchema`).
enum SubschemaShape {
    case single, map, array, none

    static func of(_ keyword: String) -> SubschemaShape {
        switch keyword {
        case "additionalProperties", "propertyNames", "items", "contains", "not", "if", "then", "else",
             "unevaluatedItems", "unevaluatedProperties", "contentSchema":
            return .single
        case "properties", "patternProperties", "$defs", "dependentSchemas", "definitions":
            return .map
        case "allOf", "anyOf", "oneOf", "prefixItems":
            return .array
        default:
            return .none
        }
    }
}
