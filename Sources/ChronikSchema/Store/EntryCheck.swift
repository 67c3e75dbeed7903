import ChronikStore
import Foundation
import OrderedCollections

/// One reference an entry makes: a field (or list item) naming an entry of another (or the same) collection.
struct ReferenceUse: Sendable, Hashable {
    var pointer: String
    var target: EntryID
    var line: Int?
    var column: Int?
}

/// A value of a field that must be unique across its collection.
struct UniqueValue: Sendable, Hashable {
    var field: String
    /// Comparable form of the value (strings exactly, numbers numerically).
    var key: String
    var display: String
    var line: Int?
    var column: Int?
}

/// What checking one entry on its own found, and what the checks across entries need from it.
struct CheckedEntry: Sendable {
    var entry: EntryID
    var problems: [StoreProblem] = []
    var references: [ReferenceUse] = []
    var uniqueValues: [UniqueValue] = []
}

enum EntryCheck {
    /// Parses and checks one entry against its collection's schema and date rules; collects its references and
    /// unique values for the checks across entries.
    static func check(_ entry: EntryID, data: Data, collection: LoadedCollection?, limits: FrontMatterLimits) -> CheckedEntry {
        check(entry, bytes: [UInt8](data), collection: collection.map { CollectionRef($0) }, limits: limits)
    }

    /// A collection shared by the checks of many entries, by reference: bound to a local (`guard let`), a
    /// `LoadedCollection` was copied, a dozen references retained and released for every entry on objects every
    /// checking thread shares; a `let` property of a class is passed on borrowed.
    final class CollectionRef: Sendable {
        let value: LoadedCollection
        /// The JSON Pointer of each date order's, reference rule's and unique rule's field (in rule order), made once
        /// per collection rather than once per entry.
        let datePointers: [String]
        let referencePointers: [String]
        let uniquePointers: [String]
        /// Whether the collection has a schema; its quick verdict's root check, options and the run's pattern budget,
        /// unretained (`value` holds them): asked for every entry without copying the schema or the verdict out of
        /// `value` (each copy retained and released objects every checking thread shares).
        let hasSchema: Bool
        let quickRoot: Unmanaged<QuickVerdict.Check>?
        let quickOptions: SchemaOptions
        let budget: Unmanaged<PatternBudget>?

        /// (`quick` false: without the quick verdict, every entry's findings from `Schema.findings`, the reference in
        /// the tests.)
        init(_ value: LoadedCollection, quick: Bool = true) {
            self.value = value
            hasSchema = value.schema != nil
            quickRoot = quick ? value.schema?.quick?.rootRef : nil
            quickOptions = value.schema?.quick?.options ?? SchemaOptions()
            budget = value.patternBudget.map { Unmanaged.passUnretained($0) }
            datePointers = value.rules.dateOrders.map { "/" + JSONPointer.escapedToken($0.field) }
            referencePointers = value.rules.references.map { "/" + JSONPointer.escapedToken($0.field) }
            uniquePointers = value.rules.unique.map { "/" + JSONPointer.escapedToken($0) }
        }
    }

    static func check(_ entry: EntryID, bytes: [UInt8], collection: CollectionRef?, limits: FrontMatterLimits) -> CheckedEntry {
        var result = CheckedEntry(entry: entry)
        // Conflict markers in the front matter or the body, said alone: they are what breaks the YAML, if anything.
        if let line = ConflictMarkers.line(in: bytes) {
            result.problems.append(.mergeConflict(file: entry.path, line: line))
            return result
        }
        let document: (fields: OrderedDictionary<String, JSONValue>, locations: FieldLocations)
        do {
            // The body is not checked: it is not even made a String. The locations are listed, not hashed into a
            // table: most entries have none looked up.
            document = try EntryDocument.parseFieldsLocated(bytes, limits: limits)
        } catch {
            result.problems.append(StoreProblem(file: entry.path, frontMatter: error))
            return result
        }
        guard let collection else { return result }
        check(document, against: collection, into: &result)
        return result
    }

    /// The checks of an entry's fields against its collection's schema and rules.
    private static func check(_ document: (fields: OrderedDictionary<String, JSONValue>, locations: FieldLocations),
                              against ref: CollectionRef, into result: inout CheckedEntry) {
        let entry = result.entry
        let locations = document.locations
        func location(_ pointer: String) -> SourceLocation? {
            var p = pointer
            while true {
                if let l = locations[p] { return l }
                guard let slash = p.lastIndex(of: "/") else { return nil }
                p = String(p[..<slash])
            }
        }
        // `schema.findings`: the quick verdict when there is one, and only for an entry it does not find valid (or
        // for a schema without one) the schema itself, which words the findings.
        if ref.hasSchema, !(ref.quickRoot.map { QuickVerdict.isValid(.object(document.fields), root: $0, options: ref.quickOptions, budget: ref.budget) } ?? false),
           let schema = ref.value.schema {
            let instance = JSONValue.object(document.fields)
            let findings = ref.quickRoot == nil ? schema.findings(instance, budget: ref.value.patternBudget)
                : schema.validate(instance, budget: ref.value.patternBudget)
            for finding in findings {
                let at = location(finding.instancePointer)
                result.problems.append(StoreProblem(
                    file: entry.path, line: at?.line, column: at?.column,
                    field: finding.instancePointer.isEmpty ? nil : finding.instancePointer, keyword: finding.keyword,
                    message: FindingText.message(for: finding, collection: ref.value),
                    detail: FindingText.detail(for: finding, fields: document.fields, collection: ref.value)))
            }
        }
        let fields = document.fields
        for (order, pointer) in zip(ref.value.rules.dateOrders, ref.datePointers) {
            guard case .string(let later)? = fields[order.field], case .string(let earlier)? = fields[order.notBefore],
                  let a = DateComparison.instant(later), let b = DateComparison.instant(earlier), a < b else { continue }
            let at = location(pointer)
            result.problems.append(StoreProblem(
                file: entry.path, line: at?.line, column: at?.column, field: pointer, keyword: "x-chronik-not-before",
                message: "must not be before `\(order.notBefore)` (\(PathRules.printable(earlier))); found `\(PathRules.printable(later))`",
                detail: .notBefore(field: order.notBefore, earlier: earlier, later: later)))
        }
        // The ids each reference field holds (`referencedIDs`), appended as they are found: an array of (pointer,
        // id) tuples per field was made and destroyed (by the runtime's generic tuple witness) for every entry, and
        // the references reserved again for each field. Room for them all is made at once: grown use by use, the
        // array of an entry with three references was allocated three times (4 profile samples of a cold
        // `validate`'s ~1,100).
        var uses = 0
        for reference in ref.value.rules.references {
            switch fields[reference.field] {
            case .string?: uses += 1
            case .array(let items)?: uses += items.count
            default: break
            }
        }
        if uses > 0 { result.references.reserveCapacity(uses) }
        for (reference, pointer) in zip(ref.value.rules.references, ref.referencePointers) {
            func use(_ p: String, _ id: String) {
                let at = location(p)
                result.references.append(ReferenceUse(
                    pointer: p, target: EntryID(collection: reference.target, id: id), line: at?.line, column: at?.column))
            }
            switch fields[reference.field] {
            case .string(let s)?: use(pointer, s)
            case .array(let items)?:
                for (i, item) in items.enumerated() {
                    if case .string(let s) = item { use(pointer + "/" + String(i), s) }
                }
            default: break
            }
        }
        if !ref.value.rules.unique.isEmpty { result.uniqueValues.reserveCapacity(ref.value.rules.unique.count) }
        for (field, pointer) in zip(ref.value.rules.unique, ref.uniquePointers) {
            guard let value = fields[field], value != .null else { continue }
            let at = location(pointer)
            result.uniqueValues.append(UniqueValue(field: field, key: uniqueKey(value), display: Messages.show(value),
                                                   line: at?.line, column: at?.column))
        }
    }

    /// The ids a reference field holds: a string, or the strings of a list (other values are the schema's business).
    /// (What `check` appends to an entry's references, field by field; for tests.)
    static func referencedIDs(_ value: JSONValue?, pointer: String) -> [(String, String)] {
        switch value {
        case .string(let s)?: return [(pointer, s)]
        case .array(let items)?:
            return items.enumerated().compactMap { i, item in item.stringValue.map { (pointer + "/" + String(i), $0) } }
        default: return []
        }
    }

    /// Strings compare exactly, numbers by value (`1.0` equals `1`), anything else by its JSON text.
    static func uniqueKey(_ value: JSONValue) -> String {
        switch value {
        case .string(let s): return "s" + s
        case .number(let n):
            if let i = n.int { return "n\(i)" }
            return "n" + NSDecimalNumber(decimal: n.decimal).stringValue
        default: return "j" + JSONWriter.write(value)
        }
    }
}

/// Comparison for `x-chronik-not-before`: dates (`YYYY-MM-DD`) and date-times (RFC 3339); anything else is left
/// to the `format` keyword.
enum DateComparison {
    static func instant(_ text: String) -> Date? {
        let scalars = Array(text.unicodeScalars)
        guard scalars.count >= 10 else { return nil }
        if scalars.count == 10 {
            return Timestamp(iso8601: text + "T00:00:00Z")?.date
        }
        return Timestamp(iso8601: text)?.date
    }
}

/// Finding messages as the store shows them: the field is printed before the message, so the message says what
/// is wrong with it; values found are set in backticks.
enum FindingText {
    /// The finding as data for the message catalogs (`ProblemDetail`), where it is one they word.
    static func detail(for finding: Finding, fields: OrderedDictionary<String, JSONValue>, collection: LoadedCollection) -> ProblemDetail? {
        let value = SchemaNodes.value(at: finding.instancePointer, in: .object(fields))
        switch finding.keyword {
        case "required":
            let prefix = "is missing the required field "
            guard finding.message.hasPrefix(prefix) else { return nil }
            return .requiredMissing(field: String(finding.message.dropFirst(prefix.count)))
        case "additionalProperties" where finding.schemaPointer == "/additionalProperties":
            let name = JSONPointer.tokens(finding.instancePointer)?.last ?? finding.instancePointer
            return .unknownField(name: name, suggestions: Suggestions.closest(to: name, among: collection.properties),
                                 allowed: collection.properties)
        case "enum", "const":
            guard let value, let root = collection.root,
                  let node = SchemaNodes.node(at: finding.schemaPointer, in: root) else { return nil }
            let allowed = (finding.keyword == "enum" ? node.arrayValue ?? [] : [node]).map(Messages.show)
            return .notAllowed(found: Messages.show(value), allowed: allowed)
        case "format":
            guard finding.schemaPointer.hasSuffix("/format"), let root = collection.root,
                  SchemaNodes.node(at: finding.schemaPointer, in: root)?.stringValue == "date",
                  case .string(let text)? = value else { return finding.rule.map { .schemaRule($0) } }
            if let (year, month, days) = Formats.impossibleDay(text) {
                return .impossibleDate(value: text, year: year, month: month, days: days)
            }
            return .notADate(value: text)
        default:
            return finding.rule.map { .schemaRule($0) }
        }
    }

    static func message(for finding: Finding, collection: LoadedCollection) -> String {
        let text = finding.message
        switch finding.keyword {
        case "required":
            let prefix = "is missing the required field "
            if text.hasPrefix(prefix) {
                return "the required field `\(text.dropFirst(prefix.count))` is missing"
            }
            return text
        case "additionalProperties" where finding.schemaPointer == "/additionalProperties":
            let name = JSONPointer.tokens(finding.instancePointer)?.last ?? finding.instancePointer
            let allowed = collection.properties.joined(separator: ", ")
            return "`\(PathRules.printable(name))` is not a field of \(collection.name) entries (allowed: \(allowed))"
        case "enum", "const", "format", "pattern":
            if let range = text.range(of: "; found ", options: .backwards) {
                return text[..<range.upperBound] + "`" + text[range.upperBound...] + "`"
            }
            return text
        default:
            return text
        }
    }
}

extension JSONPointer {
    /// `escape(_:)`, without Foundation's search when the token has neither `~` nor `/` (almost always): this runs
    /// for every rule of every entry checked. With either byte present, `escape` decides, as it always did.
    static func escapedToken(_ token: String) -> String {
        token.utf8.contains { $0 == UInt8(ascii: "~") || $0 == UInt8(ascii: "/") } ? escape(token) : token
    }
}

/// Finding one's way in a schema or an instance by JSON Pointer.
enum SchemaNodes {
    /// The value at `pointer` in `instance`, or nil.
    static func value(at pointer: String, in instance: JSONValue) -> JSONValue? {
        guard let tokens = JSONPointer.tokens(pointer) else { return nil }
        var node = instance
        for token in tokens {
            switch node {
            case .object(let members):
                guard let next = members[token] else { return nil }
                node = next
            case .array(let items):
                guard let index = Int(token), items.indices.contains(index) else { return nil }
                node = items[index]
            default:
                return nil
            }
        }
        return node
    }

    /// The schema node at a keyword location (`/properties/status/enum`), following local `$ref`s (`#/$defs/…`)
    /// met on the way as the evaluation did; nil when the location cannot be followed.
    static func node(at pointer: String, in root: JSONValue) -> JSONValue? {
        guard let tokens = JSONPointer.tokens(pointer) else { return nil }
        var node = root
        for token in tokens {
            if token == "$ref" {
                guard let ref = node["$ref"]?.stringValue, ref.hasPrefix("#"),
                      let target = value(at: String(ref.dropFirst()).removingPercentEncoding ?? "", in: root) else { return nil }
                node = target
                continue
            }
            guard let next = value(at: "/" + JSONPointer.escape(token), in: node) else { return nil }
            node = next
        }
        return node
    }
}
