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
        check(entry, bytes: [UInt8](data), collection: collection, limits: limits)
    }

    static func check(_ entry: EntryID, bytes: [UInt8], collection: LoadedCollection?, limits: FrontMatterLimits) -> CheckedEntry {
        var result = CheckedEntry(entry: entry)
        let document: (fields: OrderedDictionary<String, JSONValue>, locations: [String: SourceLocation])
        do {
            // The body is not checked: it is not even made a String.
            document = try EntryDocument.parseFields(bytes, limits: limits)
        } catch {
            result.problems.append(StoreProblem(file: entry.path, line: error.line, column: error.column, message: error.reason))
            return result
        }
        guard let collection else { return result }
        let locations = document.locations
        func location(_ pointer: String) -> SourceLocation? {
            var p = pointer
            while true {
                if let l = locations[p] { return l }
                guard let slash = p.lastIndex(of: "/") else { return nil }
                p = String(p[..<slash])
            }
        }
        if let schema = collection.schema {
            for finding in schema.validate(.object(document.fields), budget: collection.patternBudget) {
                let at = location(finding.instancePointer)
                result.problems.append(StoreProblem(
                    file: entry.path, line: at?.line, column: at?.column,
                    field: finding.instancePointer.isEmpty ? nil : finding.instancePointer, keyword: finding.keyword,
                    message: FindingText.message(for: finding, collection: collection)))
            }
        }
        let fields = document.fields
        for order in collection.rules.dateOrders {
            guard case .string(let later)? = fields[order.field], case .string(let earlier)? = fields[order.notBefore],
                  let a = DateComparison.instant(later), let b = DateComparison.instant(earlier), a < b else { continue }
            let pointer = "/" + JSONPointer.escapedToken(order.field)
            let at = location(pointer)
            result.problems.append(StoreProblem(
                file: entry.path, line: at?.line, column: at?.column, field: pointer, keyword: "x-chronik-not-before",
                message: "must not be before `\(order.notBefore)` (\(PathRules.printable(earlier))); found `\(PathRules.printable(later))`"))
        }
        for reference in collection.rules.references {
            let pointer = "/" + JSONPointer.escapedToken(reference.field)
            for (p, id) in referencedIDs(fields[reference.field], pointer: pointer) {
                let at = location(p)
                result.references.append(ReferenceUse(
                    pointer: p, target: EntryID(collection: reference.target, id: id), line: at?.line, column: at?.column))
            }
        }
        for field in collection.rules.unique {
            guard let value = fields[field], value != .null else { continue }
            let pointer = "/" + JSONPointer.escapedToken(field)
            let at = location(pointer)
            result.uniqueValues.append(UniqueValue(field: field, key: uniqueKey(value), display: Messages.show(value),
                                                   line: at?.line, column: at?.column))
        }
        return result
    }

    /// The ids a reference field holds: a string, or the strings of a list (other values are the schema's business).
    static func referencedIDs(_ value: JSONValue?, pointer: String) -> [(String, String)] {
        switch value {
        case .string(let s)?: return [(pointer, s)]
        case .array(let items)?:
            return items.enumerated().compactMap { i, item in item.stringValue.map { (pointer + "/\(i)", $0) } }
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
