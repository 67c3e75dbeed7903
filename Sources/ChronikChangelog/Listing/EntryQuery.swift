import ChronikStore
import Foundation

// What `chronik list` asks of a version (issue 18): which collection, which entries (`--where`), in which order
// (`--sort`), which columns (`--fields`), and whether references are shown by title and private fields hidden. Parsed
// here, checked against the version's schemas and entries in `EntryListing`, so that every mistake is one
// `ListError` before anything is printed.

/// A comparison of `--where`: `FIELD=VALUE`, `!=`, `<`, `>`, `<=`, `>=`.
public enum ListOperator: String, Sendable, Hashable, CaseIterable {
    case equal = "=", notEqual = "!=", less = "<", greater = ">", lessOrEqual = "<=", greaterOrEqual = ">="

    /// True for the comparisons of order, which need dates or numbers.
    public var isOrdering: Bool { self != .equal && self != .notEqual }
}

/// One `--where FIELD<op>VALUE`.
public struct ListCondition: Sendable, Hashable {
    public var field: String
    public var op: ListOperator
    public var value: String

    public init(field: String, op: ListOperator, value: String) {
        self.field = field
        self.op = op
        self.value = value
    }

    /// Parses `start>=2022-03-01`, `status!=beendet`, `title=Forum` (`==` is `=`). The field is everything before the
    /// first `=`, `!`, `<` or `>`; the operator the longest one that starts there. `status=>x`, `a<>b`, `a!b` and a
    /// text without field or operator are `ListError.badCondition`.
    public init(parsing text: String) throws(ListError) {
        let marks: Set<Character> = ["=", "!", "<", ">"]
        guard let start = text.firstIndex(where: { marks.contains($0) }) else { throw .badCondition(text) }
        let field = text[..<start].trimmingCharacters(in: .whitespaces)
        let rest = text[start...]
        let ops: [(String, ListOperator)] = [("==", .equal), ("!=", .notEqual), ("<=", .lessOrEqual), (">=", .greaterOrEqual),
                                             ("=", .equal), ("<", .less), (">", .greater)]
        guard !field.isEmpty, let (symbol, op) = ops.first(where: { rest.hasPrefix($0.0) }) else { throw .badCondition(text) }
        let value = rest.dropFirst(symbol.count)
        // `a=>b`, `a<>b`, `a=!b`: a second operator sign right after the first is a typo, not a value.
        if let next = value.first, ["<", ">", "!"].contains(next) || (next == "=" && symbol != "=") { throw .badCondition(text) }
        self.init(field: field, op: op, value: value.trimmingCharacters(in: .whitespaces))
    }

    /// `start<2022-03-01`, as it would be written.
    public var text: String { field + op.rawValue + value }
}

/// One key of `--sort`: `start`, or `-start` for descending.
public struct ListSortKey: Sendable, Hashable {
    public var field: String
    public var descending: Bool

    public init(field: String, descending: Bool = false) {
        self.field = field
        self.descending = descending
    }

    /// `a,-b` → a ascending, then b descending.
    public static func parse(_ text: String) -> [ListSortKey] {
        text.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }.map {
            $0.hasPrefix("-") ? ListSortKey(field: String($0.dropFirst()), descending: true) : ListSortKey(field: $0)
        }
    }
}

/// What to list (see the top of this file).
public struct ListOptions: Sendable {
    /// One collection; nil: every entry of every collection.
    public var collection: String?
    /// All must hold (`--where` several times).
    public var conditions: [ListCondition] = []
    /// Empty: by title (without a collection: by collection, then title), then id.
    public var sort: [ListSortKey] = []
    /// The whole order reversed (`--reverse`).
    public var reverse = false
    /// The columns; nil: the collection's (`x-chronik-columns`, `chronik.yml`'s `site.columns`, else the title and
    /// the required scalar fields).
    public var fields: [String]?
    /// References (`x-chronik-ref`) shown by the referenced entry's title.
    public var resolveReferences = false
    /// Private fields (`x-chronik-private`, at any depth) and e-mail addresses left out, as public output does.
    public var publicOnly = false
    /// The language of labels; nil: the store's (`LanguageDetector.labelLanguage`).
    public var language: String?

    public init() {}
}

/// What kind of value a field holds, as `--where` compares it.
public enum ListValueKind: String, Sendable, Hashable {
    case number, date, boolean, text
}

/// Why a listing cannot be made: each a usage error of `chronik list` (exit 2, nothing printed).
public enum ListError: Error, Sendable, Hashable, CustomStringConvertible {
    /// COLLECTION names no collection of the version; `suggestions` are the closest names.
    case unknownCollection(String, suggestions: [String], known: [String])
    /// `--where`, `--sort` or `--fields` names a field no schema and no entry of the listing has.
    case unknownField(String, suggestions: [String], known: [String])
    /// A `--where` value that is not of the field's kind (`start<soon`).
    case wrongType(ListCondition, expected: ListValueKind)
    /// A `--where` value the field's `enum` does not allow.
    case notAllowed(ListCondition, allowed: [String])
    /// `<`, `>`, `<=`, `>=` on a field that is neither a date nor a number.
    case notOrdered(ListCondition)
    /// A `--where` that is no `FIELD<op>VALUE`.
    case badCondition(String)

    public var description: String {
        switch self {
        case .unknownCollection(let name, let suggestions, _):
            return "unknown collection \"\(name)\"" + (suggestions.isEmpty ? "" : "; did you mean \(suggestions.joined(separator: ", "))?")
        case .unknownField(let field, let suggestions, _):
            return "unknown field \"\(field)\"" + (suggestions.isEmpty ? "" : "; did you mean \(suggestions.joined(separator: ", "))?")
        case .wrongType(let condition, let expected):
            return "\(condition.text): \"\(condition.value)\" is not a \(expected.rawValue)"
        case .notAllowed(let condition, let allowed):
            return "\(condition.text): \"\(condition.value)\" is not one of \(allowed.joined(separator: ", "))"
        case .notOrdered(let condition):
            return "\(condition.text): \(condition.op.rawValue) compares only dates and numbers"
        case .badCondition(let text):
            return "\"\(text)\" is not FIELD=VALUE (or !=, <, >, <=, >=)"
        }
    }
}
