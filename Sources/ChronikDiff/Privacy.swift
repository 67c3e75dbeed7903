import ChronikStore
import Foundation
import OrderedCollections

// What public output may show (docs/privacy.md, the one place the rule is written down):
//
// 1. No value at a location the entry's schema marks `"x-chronik-private": true`, at any depth: a property of an
//    object, an item of a list, a member matched by `patternProperties` or `additionalProperties`, reached directly
//    or through `$ref` (to `$defs`, or to another schema of the store), `allOf`/`anyOf`/`oneOf`/`if`/`then`/`else`.
// 2. Privacy is decided per version: each side of a diff is judged by the schema of the version it comes from, so
//    a value private when it was written is never shown, even after a later version drops the mark.
// 3. No e-mail address, in any string: field values, Markdown bodies, titles, commit and tag messages, names.
// 4. No digest of entry content (blob ids): hashing guessed contents would recover private values.
//
// Rules 1-3 are applied to an entry's two sides before they are compared (`PublicEntry.redact`), so everything made
// from them (field changes, word diffs, edits, titles, counts) is already public; the differ drops blob ids.
//
// The private locations of a schema are computed once (`PrivateLocations.init(schema:…)`) as JSON Pointer patterns:
// a token is a property name, `*` (any list item), a `patternProperties` pattern, or "any other member"
// (`additionalProperties`). Nesting is followed to `maxDepth` tokens; a recursive schema that marks something private
// below that depth has everything below it treated as private, and so does a schema too large to walk in budget.

/// One step of a private location.
public enum PrivateStep: Sendable, Hashable {
    /// A property of that name (or, for `prefixItems`, the list item of that index).
    case member(String)
    /// Any list item (`items`, `contains`, …).
    case anyItem
    /// A property whose name matches this `patternProperties` pattern.
    case matching(String)
    /// A property that `additionalProperties` covers: named by none of `known`, matching none of `patterns`.
    case other(known: [String], patterns: [String])

    /// The step as a JSON Pointer pattern token: `name`, `*`, `{pattern}`, `{other}`.
    var text: String {
        switch self {
        case .member(let name): return name.replacingOccurrences(of: "~", with: "~0").replacingOccurrences(of: "/", with: "~1")
        case .anyItem: return "*"
        case .matching(let pattern): return "{\(pattern)}"
        case .other: return "{other}"
        }
    }

    /// Whether the step covers the member `key` of an object (`inArray` false) or the item at index `key`.
    func matches(_ key: String, inArray: Bool) -> Bool {
        switch self {
        case .member(let name): return name == key
        case .anyItem: return inArray
        case .matching(let pattern): return !inArray && Self.matches(key, pattern: pattern)
        case .other(let known, let patterns):
            return !inArray && !known.contains(key) && !patterns.contains { Self.matches(key, pattern: $0) }
        }
    }

    /// Whether `key` matches a `patternProperties` pattern (unanchored, as JSON Schema says). A pattern that cannot be
    /// compiled, a key too long to match cheaply, or a match that backtracks past `matchTimeLimit` (ICU reports
    /// progress while it backtracks, as in ChronikSchema's `Pattern`) counts as matching: in doubt, a value is private.
    static func matches(_ key: String, pattern: String) -> Bool {
        guard key.utf16.count <= 256, let regex = try? NSRegularExpression(pattern: pattern) else { return true }
        var matched = false
        let deadline = DispatchTime.now().uptimeNanoseconds + UInt64(matchTimeLimit * 1e9)
        regex.enumerateMatches(in: key, options: [.reportProgress], range: NSRange(location: 0, length: key.utf16.count)) { result, _, stop in
            if result != nil || DispatchTime.now().uptimeNanoseconds > deadline {
                matched = true
                stop.pointee = true
            }
        }
        return matched
    }

    /// Seconds one match of a member name may take.
    static let matchTimeLimit = 0.05
}

/// A schema document as privacy reads it: its path in the store (for relative `$ref`s) and its JSON.
public struct SchemaDocument: Sendable {
    public var path: String?
    public var root: JSONValue

    public init(path: String?, root: JSONValue) {
        self.path = path
        self.root = root
    }
}

/// The locations of an entry's front matter that its schema marks `x-chronik-private` (see the top of this file).
public struct PrivateLocations: Sendable, Hashable {
    /// Each a path of steps from the front matter's root; the value there and everything below it is private.
    public private(set) var paths: Set<[PrivateStep]>

    /// Path steps followed at most (deeper private marks of a recursive schema make everything below private).
    public static let maxDepth = 24
    /// Schema nodes visited at most per schema.
    static let nodeBudget = 20_000

    public static let none = PrivateLocations(paths: [])

    public init(paths: Set<[PrivateStep]>) {
        self.paths = paths
    }

    /// Finds another schema of the store from a `$ref` without its fragment and the schema that refers to it.
    public typealias Resolver = (_ reference: String, _ from: SchemaDocument) -> SchemaDocument?

    /// The store's rule for a `$ref` to another of its schemas, the one resolver of the differ, the listing and the
    /// site: a path relative to the referring schema's folder (one that does not leave the store), else a schema of
    /// the store (`schemas`, the referring one left out: a reference to itself is resolved inside it) whose `$id` is
    /// the reference as written or resolved against the referring schema's `$id`. `document` reads a schema by path
    /// (nil: missing or not JSON).
    public static func storeSchema(_ reference: String, from: SchemaDocument, schemas: [String],
                                   document: (String) -> SchemaDocument?) -> SchemaDocument? {
        if !reference.contains(":"), !reference.hasPrefix("/"), let relative = relativePath(reference, from: from.path),
           let found = document(relative) {
            return found
        }
        let absolute = from.root["$id"]?.stringValue.flatMap { URL(string: reference, relativeTo: URL(string: $0))?.absoluteString }
        for schema in schemas where schema != from.path {
            guard let other = document(schema), let id = other.root["$id"]?.stringValue else { continue }
            if id == reference || id == absolute { return other }
        }
        return nil
    }

    /// `reference` (a relative path) resolved against the folder of `base`; nil when it leaves the store.
    public static func relativePath(_ reference: String, from base: String?) -> String? {
        var parts = (base ?? "").split(separator: "/", omittingEmptySubsequences: false).dropLast().map(String.init)
        for part in reference.split(separator: "/", omittingEmptySubsequences: true) {
            switch part {
            case ".": continue
            case "..":
                guard !parts.isEmpty else { return nil }
                parts.removeLast()
            default: parts.append(String(part))
            }
        }
        return parts.isEmpty ? nil : parts.joined(separator: "/")
    }

    /// The private locations of `schema` (nil: no schema, nothing private). `resolve` finds the other schemas a
    /// `$ref` names; without it, only references inside `schema` are followed.
    public init(schema: SchemaDocument?, resolve: Resolver? = nil) {
        guard let schema else {
            self.init(paths: [])
            return
        }
        var walker = PrivacyWalker(resolve: resolve)
        walker.walk(schema.root, in: schema, path: [])
        self.init(paths: walker.found)
    }

    public var isEmpty: Bool { paths.isEmpty }

    /// The locations as JSON Pointer patterns, sorted: `/contact`, `/people/*/email`, `/extra/{^x-}`, `/meta/{other}`.
    public var pointers: [String] {
        paths.map { $0.map { "/" + $0.text }.joined() }.sorted()
    }

    /// True when the value at `tokens` (JSON Pointer tokens; a number may be a list index) or a value containing it
    /// is private.
    public func contains(_ tokens: [String]) -> Bool {
        paths.contains { path in
            path.count <= tokens.count && zip(path, tokens).allSatisfy { step, token in
                step.matches(token, inArray: false) || (Int(token) != nil && step.matches(token, inArray: true))
            }
        }
    }

    /// `fields` without the private values (members and list items taken out).
    package func redact(_ fields: OrderedDictionary<String, JSONValue>) -> OrderedDictionary<String, JSONValue> {
        guard !paths.isEmpty else { return fields }
        let active = paths.map { $0[...] }
        guard case .object(let kept) = Self.redact(.object(fields), active) else { return fields }
        return kept
    }

    private static func redact(_ value: JSONValue, _ active: [ArraySlice<PrivateStep>]) -> JSONValue {
        guard !active.isEmpty else { return value }
        func below(_ key: String, inArray: Bool) -> [ArraySlice<PrivateStep>]? {
            var next: [ArraySlice<PrivateStep>] = []
            for path in active where path.first?.matches(key, inArray: inArray) == true {
                let rest = path.dropFirst()
                if rest.isEmpty { return nil }
                next.append(rest)
            }
            return next
        }
        switch value {
        case .object(let members):
            var kept = OrderedDictionary<String, JSONValue>()
            for (key, member) in members {
                guard let next = below(key, inArray: false) else { continue }
                kept[key] = redact(member, next)
            }
            return .object(kept)
        case .array(let items):
            var kept: [JSONValue] = []
            for (k, item) in items.enumerated() {
                guard let next = below(String(k), inArray: true) else { continue }
                kept.append(redact(item, next))
            }
            return .array(kept)
        default:
            return value
        }
    }
}

/// The walk of a schema that collects its private locations.
private struct PrivacyWalker {
    let resolve: PrivateLocations.Resolver?
    var found = Set<[PrivateStep]>()
    var visited = 0
    /// The references being followed, each with the path it was met at: one met again at the same path is a loop
    /// (`$defs/a` → `$defs/b` → `$defs/a`), which adds no location the walk under way does not find, and followed
    /// again and again it overflowed the stack (a schema committed past chronik's checks) before the node budget ended it.
    var following = Set<Following>()

    struct Following: Hashable {
        var document: String?
        var reference: String
        var path: [PrivateStep]
    }

    init(resolve: PrivateLocations.Resolver?) {
        self.resolve = resolve
    }

    mutating func walk(_ node: JSONValue, in document: SchemaDocument, path: [PrivateStep]) {
        guard case .object = node else { return }
        visited += 1
        if path.count >= PrivateLocations.maxDepth || visited > PrivateLocations.nodeBudget {
            // Too deep or too large to follow: private as a whole if anything below is.
            if containsPrivate(node, in: document) { mark(path) }
            return
        }
        if Self.isMarked(node) {
            mark(path)
            return
        }
        let properties = node["properties"]?.objectValue ?? [:]
        for (name, sub) in properties { walk(sub, in: document, path: path + [.member(name)]) }
        let patterns = node["patternProperties"]?.objectValue ?? [:]
        for (pattern, sub) in patterns { walk(sub, in: document, path: path + [.matching(pattern)]) }
        for keyword in ["additionalProperties", "unevaluatedProperties"] {
            if let sub = node[keyword] {
                walk(sub, in: document, path: path + [.other(known: Array(properties.keys), patterns: Array(patterns.keys))])
            }
        }
        if let prefix = node["prefixItems"]?.arrayValue {
            for (k, sub) in prefix.enumerated() { walk(sub, in: document, path: path + [.member(String(k))]) }
        }
        switch node["items"] {
        case .array(let list)?:
            // Draft 2019-09 and older: a list of item schemas.
            for (k, sub) in list.enumerated() { walk(sub, in: document, path: path + [.member(String(k))]) }
        case let sub?:
            walk(sub, in: document, path: path + [.anyItem])
        case nil:
            break
        }
        for keyword in ["contains", "additionalItems", "unevaluatedItems"] {
            if let sub = node[keyword] { walk(sub, in: document, path: path + [.anyItem]) }
        }
        for keyword in ["allOf", "anyOf", "oneOf"] {
            for sub in node[keyword]?.arrayValue ?? [] { walk(sub, in: document, path: path) }
        }
        for keyword in ["if", "then", "else"] {
            if let sub = node[keyword] { walk(sub, in: document, path: path) }
        }
        if let dependent = node["dependentSchemas"]?.objectValue {
            for sub in dependent.values { walk(sub, in: document, path: path) }
        }
        for keyword in ["$ref", "$dynamicRef"] {
            if let reference = node[keyword]?.stringValue, let (target, targetDocument) = target(of: reference, from: document) {
                let key = Following(document: document.path, reference: reference, path: path)
                guard following.insert(key).inserted else { continue }
                walk(target, in: targetDocument, path: path)
                following.remove(key)
            }
        }
    }

    /// `x-chronik-private` is set to anything but `false`: a mistyped mark (`"yes"`, which the store's check of
    /// nested schemas does not catch) hides rather than shows.
    static func isMarked(_ node: JSONValue) -> Bool {
        guard let flag = node["x-chronik-private"] else { return false }
        if case .bool(false) = flag { return false }
        return true
    }

    private mutating func mark(_ path: [PrivateStep]) {
        // A private root: every member is private.
        found.insert(path.isEmpty ? [.other(known: [], patterns: [])] : path)
    }

    /// The schema node a `$ref` names, and its document.
    func target(of reference: String, from document: SchemaDocument) -> (JSONValue, SchemaDocument)? {
        let hash = reference.firstIndex(of: "#")
        let resource = hash.map { String(reference[..<$0]) } ?? reference
        let fragment = hash.map { String(reference[reference.index(after: $0)...]) } ?? ""
        var targetDocument = document
        if !resource.isEmpty, resource != document.root["$id"]?.stringValue {
            guard let other = resolve?(resource, document) else { return nil }
            targetDocument = other
        }
        let decoded = fragment.removingPercentEncoding ?? fragment
        if decoded.isEmpty { return (targetDocument.root, targetDocument) }
        if decoded.hasPrefix("/") {
            var node: JSONValue? = targetDocument.root
            for token in JSONPointer.tokens(decoded) {
                if case .array(let list)? = node, let k = Int(token), list.indices.contains(k) { node = list[k] } else { node = node?[token] }
            }
            return node.map { ($0, targetDocument) }
        }
        return Self.anchor(decoded, in: targetDocument.root).map { ($0, targetDocument) }
    }

    /// The subschema with `$anchor` (or `$dynamicAnchor`) `name`.
    private static func anchor(_ name: String, in node: JSONValue, depth: Int = 0) -> JSONValue? {
        guard depth < 64 else { return nil }
        switch node {
        case .object(let members):
            if members["$anchor"]?.stringValue == name || members["$dynamicAnchor"]?.stringValue == name { return node }
            for (key, value) in members where key != "enum" && key != "const" && key != "examples" && key != "default" {
                if let hit = anchor(name, in: value, depth: depth + 1) { return hit }
            }
        case .array(let items):
            for item in items { if let hit = anchor(name, in: item, depth: depth + 1) { return hit } }
        default:
            break
        }
        return nil
    }

    /// Whether `x-chronik-private: true` is anywhere in `node` or the schemas it refers to.
    func containsPrivate(_ node: JSONValue, in document: SchemaDocument) -> Bool {
        var seen = Set<String>()
        var budget = PrivateLocations.nodeBudget
        func search(_ node: JSONValue, _ document: SchemaDocument, depth: Int) -> Bool {
            budget -= 1
            // Out of budget: in doubt, private.
            guard budget > 0, depth < 256 else { return true }
            switch node {
            case .object(let members):
                if Self.isMarked(node) { return true }
                for keyword in ["$ref", "$dynamicRef"] {
                    guard let reference = members[keyword]?.stringValue else { continue }
                    let key = (document.path ?? "") + " " + reference
                    if seen.insert(key).inserted, let (target, targetDocument) = target(of: reference, from: document),
                       search(target, targetDocument, depth: depth + 1) { return true }
                }
                for (key, value) in members where key != "enum" && key != "const" && key != "examples" && key != "default" {
                    if search(value, document, depth: depth + 1) { return true }
                }
            case .array(let items):
                for item in items where search(item, document, depth: depth + 1) { return true }
            default:
                break
            }
            return false
        }
        return search(node, document, depth: 0)
    }
}

/// E-mail addresses in public text: the one redaction every public output goes through (docs/privacy.md).
public enum EmailRedaction {
    /// What replaces an e-mail address.
    public static let marker = "[…]"

    /// Replaces every e-mail address (`local@domain.tld`, also in `<…>` and `mailto:`) by `marker`.
    public static func redact(_ text: String) -> String {
        guard containsAt(text) else { return text }
        let scalars = Array(text.unicodeScalars)
        var i = 0
        func isLocal(_ s: Unicode.Scalar) -> Bool {
            s.properties.isAlphabetic || s.properties.numericType != nil || "._%+-!#$&'*/=?^`{|}~".unicodeScalars.contains(s)
        }
        func isDomain(_ s: Unicode.Scalar) -> Bool {
            s.properties.isAlphabetic || s.properties.numericType != nil || s == "-" || s == "."
        }
        var pending: [Unicode.Scalar] = []
        while i < scalars.count {
            let s = scalars[i]
            if s == "@" {
                // Local part: the run of local characters just before.
                var start = pending.count
                while start > 0, isLocal(pending[start - 1]) { start -= 1 }
                var end = i + 1
                while end < scalars.count, isDomain(scalars[end]) { end += 1 }
                var domain = String(String.UnicodeScalarView(scalars[(i + 1)..<end]))
                while domain.hasSuffix(".") || domain.hasSuffix("-") { domain.removeLast(); end -= 1 }
                if start < pending.count, domain.contains("."), !domain.hasPrefix(".") {
                    pending.removeSubrange(start...)
                    if pending.count >= 7, String(String.UnicodeScalarView(pending.suffix(7))).lowercased() == "mailto:" {
                        pending.removeLast(7)
                    }
                    pending.append(contentsOf: marker.unicodeScalars)
                    i = end
                    continue
                }
            }
            pending.append(s)
            i += 1
        }
        var out = String.UnicodeScalarView()
        out.append(contentsOf: pending)
        return String(out)
    }

    /// Every string of `value` (keys too) with e-mail addresses redacted.
    public static func redact(_ value: JSONValue) -> JSONValue {
        // Most values hold no `@`: returned as they are, not rebuilt.
        guard holdsAt(value) else { return value }
        switch value {
        case .string(let s): return .string(redact(s))
        case .array(let items): return .array(items.map(redact))
        case .object(let members):
            var out = OrderedDictionary<String, JSONValue>()
            for (key, member) in members { out[redact(key)] = redact(member) }
            return .object(out)
        default: return value
        }
    }
}

extension EmailRedaction {
    /// Whether `text` holds an `@`. Every side of every entry a public diff compares is scanned (most hold none):
    /// over the contiguous UTF-8 bytes with `memchr`, not through `String.UTF8View`'s iterator, which took 6 % of a
    /// cold plain changelog. The same answer as `text.utf8.contains(0x40)` (FastPathTests).
    static func containsAt(_ text: String) -> Bool {
        let at = UInt8(ascii: "@")
        if let found = text.utf8.withContiguousStorageIfAvailable({ bytes in
            guard let base = bytes.baseAddress else { return false }
            return memchr(base, Int32(at), bytes.count) != nil
        }) { return found }
        return text.utf8.contains(at)
    }

    /// Whether any string of `value` (or key) holds an `@`.
    static func holdsAt(_ value: JSONValue) -> Bool {
        switch value {
        case .string(let s): return containsAt(s)
        case .array(let items): return items.contains(where: holdsAt)
        case .object(let members): return members.contains { containsAt($0.key) || holdsAt($0.value) }
        default: return false
        }
    }
}

/// An entry's side as public output may show it (`package`: the site model redacts its entries the same way).
package enum PublicEntry {
    /// The problem public output gives for a side whose front matter cannot be read, where its schema marks
    /// anything private (the reader's message may quote a value).
    static let unreadable = "the front matter cannot be read; the entry's content is not shown in public output"

    /// `document` without the values private under `locations` and with e-mail addresses redacted in its fields
    /// and body.
    package static func redact(_ document: EntryDocument, _ locations: PrivateLocations) -> EntryDocument {
        var copy = document
        let fields = locations.redact(document.fields)
        if case .object(let kept) = EmailRedaction.redact(.object(fields)) { copy.fields = kept } else { copy.fields = fields }
        copy.body = EmailRedaction.redact(document.body)
        return copy
    }
}
