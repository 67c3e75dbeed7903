import ChronikDiff
import ChronikStore
import Foundation
import GitKit
import OrderedCollections

// `chronik list` (issue 18): the entries of one version as a table, a Notion database view in the terminal. One
// pass: read the version's `chronik.yml` and schemas, read and parse every entry of the listed collections (all of
// them without a collection), check the query against what is there (unknown fields, values of the wrong kind),
// filter, sort, and lay out the columns. Renderers (`ListRenderer`) turn the result into a table, JSON, NDJSON or CSV.
//
// Columns come from the schema as the site's tables do (`x-chronik-columns`, else `chronik.yml`'s `site.columns`,
// else the title and the required scalar fields: one rule, `CollectionSchema.columnKeys`, serves both). A plain
// repository, or a collection without schema, shows the title and the path. Private fields are shown (the team
// reads its own store) unless `publicOnly`, which redacts as public output does (docs/privacy.md).

/// The listing: columns and rows, in order.
public struct EntryList: Sendable {
    /// The collection listed; nil: every collection.
    public var collection: String?
    /// The language of the labels.
    public var language: String
    public var columns: [ListColumn]
    public var rows: [ListRow]
}

/// A column: a field's key (or `title`, `id`, `collection`, `path`) and its label.
public struct ListColumn: Sendable, Hashable {
    public var key: String
    public var label: String
}

/// One entry.
public struct ListRow: Sendable {
    public var entry: EntryID
    /// The title: the collection's title field, else `title`, else the body's first heading; nil when it has none.
    public var title: String?
    /// The front matter (redacted when the listing is public).
    public var fields: OrderedDictionary<String, JSONValue>
    /// The text of each column, in the columns' order, on one line.
    public var cells: [String]
    /// With `resolveReferences`: each reference field's entries with their titles.
    public var references: OrderedDictionary<String, [ListReference]>
}

/// An entry a reference field names, with its title where the entry exists at the version.
public struct ListReference: Sendable, Hashable {
    public var entry: EntryID
    public var title: String?
}

/// Builds an `EntryList` (see the top of this file).
public struct EntryListing {
    /// The fields every entry has, besides its front matter.
    public static let builtInFields = ["title", "id", "collection", "path"]

    let store: Store
    let commit: Commit

    public init(store: Store, commit: Commit) {
        self.store = store
        self.commit = commit
    }

    /// The collections of the version: `chronik.yml`'s, else (a plain repository) the folders that hold `.md` files.
    public func collections() throws(StoreError) -> [String] {
        if let config = try store.configIfAny(at: commit) { return config.collections.map(\.name) }
        return Array(Set(try plainEntries().map(\.collection))).sorted()
    }

    /// The entries of the version (all collections, or one), sorted by path.
    public func entryIDs(collection: String? = nil) throws(StoreError) -> [EntryID] {
        let layout = try store.layout(at: commit)
        return try store.allPaths(inTree: commit.treeID).compactMap { layout.entry(at: $0) }
            .filter { collection == nil || $0.collection == collection }.sorted()
    }

    private func plainEntries() throws(StoreError) -> [EntryID] {
        try store.allPaths(inTree: commit.treeID).compactMap { StoreLayout.plain.entry(at: $0) }
    }

    /// The listing `options` ask for. `catalog` words the built-in columns' labels and yes/no; it should speak
    /// `options.language` (the caller's `Messages.catalog`).
    public func list(_ options: ListOptions, catalog: (String) -> any MessageCatalog) throws -> EntryList {
        let config = try store.configIfAny(at: commit)
        let language = LanguageDetector.labelLanguage(asked: options.language, config: config, tree: commit.treeID, in: store.repository)
        let words = catalog(language)
        let all = try entryIDs()
        let known = config.map { $0.collections.map(\.name) } ?? Array(Set(all.map(\.collection))).sorted()
        if let name = options.collection, !known.contains(name) {
            throw ListError.unknownCollection(name, suggestions: Suggestions.closest(to: name, among: known), known: known)
        }
        let listed = all.filter { options.collection == nil || $0.collection == options.collection }
        let schemas = CollectionSchemas(store: store, tree: commit.treeID, config: config, language: language)

        // Read and parse the entries (and, for titles of references, the collections they name).
        var documents: [EntryID: EntryDocument] = [:]
        for entry in listed { documents[entry] = try read(entry, schemas: schemas, publicOnly: options.publicOnly) }

        // The fields the query may name: built-in, the schemas', and any an entry has.
        let collectionsListed = options.collection.map { [$0] } ?? known
        var fieldNames = OrderedSet(Self.builtInFields)
        for name in collectionsListed { fieldNames.append(contentsOf: schemas.schema(name).properties.map(\.key)) }
        for entry in listed { fieldNames.append(contentsOf: documents[entry]?.fields.keys.elements ?? []) }
        if options.publicOnly {
            fieldNames = OrderedSet(fieldNames.filter { key in Self.builtInFields.contains(key) || !collectionsListed.allSatisfy { schemas.schema($0).isPrivate(key) } })
        }
        func check(_ field: String) throws {
            guard fieldNames.contains(field) else {
                throw ListError.unknownField(field, suggestions: Suggestions.closest(to: field, among: fieldNames), known: Array(fieldNames))
            }
        }
        for condition in options.conditions { try check(condition.field) }
        for key in options.sort { try check(key.field) }
        for field in options.fields ?? [] { try check(field) }

        // Titles: the listed entries', and with references by title those of every entry of the version.
        var titles: [EntryID: String] = [:]
        for entry in listed {
            if let title = Self.title(documents[entry], titleField: schemas.titleField(entry.collection)) { titles[entry] = title }
        }
        if options.resolveReferences {
            for entry in all where documents[entry] == nil {
                let document = try? read(entry, schemas: schemas, publicOnly: options.publicOnly)
                if let title = Self.title(document, titleField: schemas.titleField(entry.collection)) { titles[entry] = title }
            }
        }

        // Rows, filtered.
        var rows: [Row] = []
        for entry in listed {
            let document = documents[entry] ?? EntryDocument(fields: [:], body: "")
            let schema = schemas.schema(entry.collection)
            var references: OrderedDictionary<String, [ListReference]> = [:]
            if options.resolveReferences {
                for (key, value) in document.fields {
                    let found = schema.references(key, value: value)
                    if !found.isEmpty {
                        references[key] = found.map { let e = EntryID(collection: $0.collection, id: $0.id); return ListReference(entry: e, title: titles[e]) }
                    }
                }
            }
            rows.append(Row(entry: entry, title: titles[entry], fields: document.fields, references: references))
        }
        for condition in options.conditions {
            let kind = try checkedKind(condition, collections: collectionsListed, schemas: schemas, rows: rows)
            rows = rows.filter { $0.matches(condition, kind: kind) }
        }

        // Order.
        let sortKeys = options.sort.isEmpty
            ? (options.collection == nil ? [ListSortKey(field: "collection")] : []) + [ListSortKey(field: "title")]
            : options.sort
        let kinds = Dictionary(sortKeys.map { ($0.field, kind(of: $0.field, collections: collectionsListed, schemas: schemas, rows: rows)) },
                               uniquingKeysWith: { a, _ in a })
        rows.sort { a, b in
            for key in sortKeys {
                let order = Row.compare(a, b, field: key.field, kind: kinds[key.field] ?? .text)
                if order != .orderedSame { return key.descending ? order == .orderedDescending : order == .orderedAscending }
            }
            return a.entry < b.entry
        }
        if options.reverse { rows.reverse() }

        // Columns and cells.
        let keys = options.fields ?? defaultColumns(options, config: config, schemas: schemas)
        let columns = keys.map { key in ListColumn(key: key, label: label(key, collections: collectionsListed, schemas: schemas, words: words)) }
        let listRows = rows.map { row in
            let schema = schemas.schema(row.entry.collection)
            let cells = keys.map { key -> String in
                switch key {
                case "title": return row.title ?? row.entry.id
                case "id": return row.entry.id
                case "collection": return row.entry.collection
                case "path": return row.entry.path
                default:
                    if let refs = row.references[key] {
                        return refs.map { $0.title ?? $0.entry.id }.joined(separator: ", ")
                    }
                    return row.fields[key].map { Self.text($0, key: key, schema: schema, words: words) } ?? ""
                }
            }
            return ListRow(entry: row.entry, title: row.title, fields: row.fields, cells: cells, references: row.references)
        }
        return EntryList(collection: options.collection, language: language, columns: columns, rows: listRows)
    }

    // MARK: Reading

    private func read(_ entry: EntryID, schemas: CollectionSchemas, publicOnly: Bool) throws -> EntryDocument {
        guard let data = try store.blob(at: entry.path, inTree: commit.treeID) else { return EntryDocument(fields: [:], body: "") }
        let document: EntryDocument
        do {
            document = try EntryDocument.parse(data)
        } catch {
            // Markdown without (readable) front matter is listed with no fields, as `chronik show` shows it.
            document = EntryDocument(fields: [:], body: String(decoding: data, as: UTF8.self))
        }
        return publicOnly ? PublicEntry.redact(document, schemas.schema(entry.collection).privacy) : document
    }

    /// The title: the collection's title field, else `title`, else the body's first heading (as the site's tables
    /// take it), on one line.
    static func title(_ document: EntryDocument?, titleField: String) -> String? {
        document.flatMap { CollectionSchema.title($0, titleField: titleField, line: oneLine) }
    }

    static func oneLine(_ text: String) -> String {
        text.split(whereSeparator: \.isNewline).map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }.joined(separator: " ")
    }

    /// A value as a cell shows it: text on one line, enum values by their labels, yes/no, lists joined by ", ",
    /// mappings as compact JSON.
    static func text(_ value: JSONValue, key: String, schema: CollectionSchema, words: any MessageCatalog) -> String {
        switch value {
        case .null: return ""
        case .bool(let b): return words.listBoolean(b)
        case .number(let n): return n.description
        case .string(let s): return oneLine(schema.valueLabel(key, value: s) ?? s)
        case .array(let items): return items.map { text($0, key: key, schema: schema, words: words) }.joined(separator: ", ")
        case .object: return (try? JSONValueEncoder().text(value, pretty: false)) ?? ""
        }
    }

    // MARK: Columns

    private func defaultColumns(_ options: ListOptions, config: StoreConfig?, schemas: CollectionSchemas) -> [String] {
        guard let name = options.collection, let config, schemas.schema(name).root != nil else { return ["title", "path"] }
        let schema = schemas.schema(name)
        return schema.columnKeys(configured: config.site.columns[name], titleField: schemas.titleField(name), publicOnly: options.publicOnly)
    }

    private func label(_ key: String, collections: [String], schemas: CollectionSchemas, words: any MessageCatalog) -> String {
        switch key {
        case "title":
            // The title field's label where every listed collection gives the same one, else "Title".
            let labels = Set(collections.map { c -> String? in
                let field = schemas.titleField(c)
                let label = schemas.schema(c).label(field)
                return label == field ? nil : label
            })
            if labels.count == 1, let only = labels.first, let label = only { return label }
            return words.listColumnTitle()
        case "id": return words.listColumnID()
        case "collection": return words.listColumnCollection()
        case "path": return words.listColumnPath()
        default:
            return collections.lazy.map { schemas.schema($0).label(key) }.first { $0 != key } ?? key
        }
    }

    // MARK: Kinds of values

    /// What kind of value `field` holds: by the schema (`type`, `format: date`/`date-time`, `items`), else by the
    /// values the entries hold (all numbers, all dates, all booleans), else text.
    private func kind(of field: String, collections: [String], schemas: CollectionSchemas, rows: [Row]) -> ListValueKind {
        if EntryListing.builtInFields.contains(field) { return .text }
        for c in collections {
            if let kind = schemas.schema(c).kind(field) { return kind }
        }
        var values: [JSONValue] = []
        for row in rows {
            guard let value = row.fields[field] else { continue }
            if case .array(let items) = value { values += items } else if value != .null { values.append(value) }
        }
        guard !values.isEmpty else { return .text }
        if values.allSatisfy({ if case .number = $0 { return true } else { return false } }) { return .number }
        if values.allSatisfy({ if case .bool = $0 { return true } else { return false } }) { return .boolean }
        if values.allSatisfy({ $0.stringValue.map(ListValues.isDate) ?? false }) { return .date }
        return .text
    }

    private func checkedKind(_ condition: ListCondition, collections: [String], schemas: CollectionSchemas, rows: [Row]) throws -> ListValueKind {
        let kind = kind(of: condition.field, collections: collections, schemas: schemas, rows: rows)
        if condition.op.isOrdering, kind == .text || kind == .boolean { throw ListError.notOrdered(condition) }
        switch kind {
        case .number where ListValues.number(condition.value) == nil,
             .date where !ListValues.isDate(condition.value),
             .boolean where ListValues.boolean(condition.value) == nil:
            throw ListError.wrongType(condition, expected: kind)
        default:
            break
        }
        if kind == .text {
            let allowed = collections.compactMap { schemas.schema($0).allowedValues(condition.field) }
            if !allowed.isEmpty, !allowed.contains(where: { $0.contains(condition.value) }) {
                throw ListError.notAllowed(condition, allowed: Array(OrderedSet(allowed.joined())))
            }
        }
        return kind
    }
}

/// A row while the listing is made.
private struct Row {
    var entry: EntryID
    var title: String?
    var fields: OrderedDictionary<String, JSONValue>
    var references: OrderedDictionary<String, [ListReference]>

    /// The values of a field as `--where` and `--sort` see them: a list's items, one by one.
    func values(_ field: String) -> [JSONValue] {
        switch field {
        case "title": return title.map { [.string($0)] } ?? []
        case "id": return [.string(entry.id)]
        case "collection": return [.string(entry.collection)]
        case "path": return [.string(entry.path)]
        default:
            switch fields[field] {
            case nil, .null?: return []
            case .array(let items)?: return items
            case let value?: return [value]
            }
        }
    }

    /// Whether the entry satisfies `condition`: a list when any item does (`!=`: when none is equal); a missing
    /// value is unequal to everything and in no order. A reference also matches its entry's title.
    func matches(_ condition: ListCondition, kind: ListValueKind) -> Bool {
        let values = values(condition.field)
        let titles = references[condition.field]?.compactMap(\.title) ?? []
        func equal(_ value: JSONValue) -> Bool { ListValues.compare(value, condition.value, kind: kind) == .orderedSame }
        switch condition.op {
        case .equal: return values.contains(where: equal) || titles.contains(condition.value)
        case .notEqual: return !values.contains(where: equal) && !titles.contains(condition.value)
        case .less, .greater, .lessOrEqual, .greaterOrEqual:
            return values.contains { value in
                guard let order = ListValues.compare(value, condition.value, kind: kind) else { return false }
                switch condition.op {
                case .less: return order == .orderedAscending
                case .greater: return order == .orderedDescending
                case .lessOrEqual: return order != .orderedDescending
                default: return order != .orderedAscending
                }
            }
        }
    }

    /// The order of two rows by one field: missing values last, then by kind.
    static func compare(_ a: Row, _ b: Row, field: String, kind: ListValueKind) -> ComparisonResult {
        let x = a.references[field]?.first.map { JSONValue.string($0.title ?? $0.entry.id) } ?? a.values(field).first
        let y = b.references[field]?.first.map { JSONValue.string($0.title ?? $0.entry.id) } ?? b.values(field).first
        switch (x, y) {
        case (nil, nil): return .orderedSame
        case (nil, _): return .orderedDescending
        case (_, nil): return .orderedAscending
        case let (x?, y?): return ListValues.order(x, y, kind: kind)
        }
    }
}

/// How `--where` and `--sort` read and compare values.
enum ListValues {
    /// `2022-03-01`, or an ISO 8601 date-time starting so.
    static func isDate(_ text: String) -> Bool {
        let u = Array(text.utf8)
        guard u.count >= 10 else { return false }
        func digits(_ r: Range<Int>) -> Bool { r.allSatisfy { u[$0] >= 48 && u[$0] <= 57 } }
        guard digits(0..<4), u[4] == 45, digits(5..<7), u[7] == 45, digits(8..<10) else { return false }
        return u.count == 10 || u[10] == UInt8(ascii: "T") || u[10] == UInt8(ascii: " ")
    }

    static func number(_ text: String) -> Decimal? {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        guard !trimmed.isEmpty, trimmed.allSatisfy({ $0.isNumber || "+-.eE".contains($0) }) else { return nil }
        return Decimal(string: trimmed, locale: Locale(identifier: "en_US_POSIX"))
    }

    static func boolean(_ text: String) -> Bool? {
        switch text.lowercased() {
        case "true", "yes", "ja": return true
        case "false", "no", "nein": return false
        default: return nil
        }
    }

    /// A stored value against a `--where` value; nil when they cannot be compared (a text where a number belongs).
    static func compare(_ value: JSONValue, _ query: String, kind: ListValueKind) -> ComparisonResult? {
        switch kind {
        case .number:
            let stored: Decimal?
            switch value {
            case .number(let n): stored = n.decimal
            case .string(let s): stored = number(s)
            default: stored = nil
            }
            guard let stored, let asked = number(query) else { return nil }
            return stored < asked ? .orderedAscending : stored > asked ? .orderedDescending : .orderedSame
        case .date:
            guard let stored = value.stringValue, isDate(stored) else { return nil }
            // A date asked of a date-time field compares the day.
            let left = query.count == 10 ? String(stored.prefix(10)) : stored
            return left < query ? .orderedAscending : left > query ? .orderedDescending : .orderedSame
        case .boolean:
            guard case .bool(let stored) = value, let asked = boolean(query) else { return nil }
            return stored == asked ? .orderedSame : (stored ? .orderedDescending : .orderedAscending)
        case .text:
            switch value {
            case .string(let s): return s == query ? .orderedSame : s < query ? .orderedAscending : .orderedDescending
            case .number(let n): return n.description == query ? .orderedSame : .orderedAscending
            case .bool(let b): return boolean(query) == b ? .orderedSame : .orderedAscending
            default: return nil
            }
        }
    }

    /// The order of two stored values for `--sort`.
    static func order(_ a: JSONValue, _ b: JSONValue, kind: ListValueKind) -> ComparisonResult {
        if kind == .number {
            func n(_ v: JSONValue) -> Decimal? {
                if case .number(let x) = v { return x.decimal }
                return v.stringValue.flatMap(number)
            }
            if let x = n(a), let y = n(b) { return x < y ? .orderedAscending : x > y ? .orderedDescending : .orderedSame }
        }
        func text(_ v: JSONValue) -> String {
            switch v {
            case .string(let s): return s
            case .number(let n): return n.description
            case .bool(let b): return b ? "1" : "0"
            default: return (try? JSONValueEncoder().text(v, pretty: false)) ?? ""
            }
        }
        if kind == .date { let x = text(a), y = text(b); return x < y ? .orderedAscending : x > y ? .orderedDescending : .orderedSame }
        return text(a).compare(text(b), options: [.caseInsensitive, .diacriticInsensitive, .numeric], locale: Locale(identifier: "de_DE"))
    }
}
