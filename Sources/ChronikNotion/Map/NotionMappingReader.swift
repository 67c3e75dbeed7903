import ChronikStore
import Foundation
import OrderedCollections

/// Why a mapping file is refused: the line it is on and what is wrong, for the catalog to say.
public struct NotionMappingError: Error, Sendable, Equatable {
    /// The line of `notion-mapping.yml` (1-based), when known.
    public var line: Int?
    public var problem: Problem

    public enum Problem: Sendable, Equatable {
        /// Not YAML chronik reads (its reader's words).
        case yaml(String)
        /// A key the mapping file does not know, with those it knows.
        case unknownKey(String, known: [String])
        /// A required key is missing or its value has the wrong shape (`expected` names the shape).
        case invalid(key: String, expected: String)
        /// A database the export does not have (its name and, where the mapping gives it, its id).
        case unknownDatabase(String, id: String?)
        /// A property the database does not have.
        case unknownProperty(String, database: String)
        /// A type, format and keyword combination chronik cannot map (`type: integer` with `format: date`).
        case unsupportedType(property: String, type: String, format: String?)
        /// A value of the export that does not fit the field's type: its page title, the value, the type.
        case valueDoesNotFit(property: String, database: String, page: String, value: String, expected: String)
        /// Two fields (or a field and the title) of a collection with the same key.
        case duplicateKey(String, collection: String)
        /// Two databases mapped to the same collection, or an invalid collection name.
        case duplicateCollection(String)
        case invalidName(String, reason: String)
        /// A relation whose `ref` names no collection of the mapping.
        case unknownRef(String, property: String)
        /// A time zone Foundation does not know.
        case unknownTimeZone(String)
    }

    public init(line: Int?, _ problem: Problem) {
        self.line = line
        self.problem = problem
    }
}

extension NotionMapping {
    static let topKeys = ["time_zone", "pages", "databases"]
    static let databaseKeys = ["notion", "notion_id", "collection", "label", "title", "fields"]
    static let fieldKeys = ["property", "key", "type", "format", "enum", "ref", "end_key", "unit", "label", "private", "skip"]

    /// Reads `notion-mapping.yml` with chronik's safe YAML reader and checks it against `export`: every database and
    /// property it names exists, keys are unique, relations name mapped collections, and every value of the export
    /// fits its field's type. The first problem is thrown, with its line.
    public static func parse(_ data: Data, for export: NotionExport) throws(NotionMappingError) -> NotionMapping {
        let document: YAMLDocument
        do {
            document = try SafeYAML.parseMapping(data)
        } catch {
            throw NotionMappingError(line: error.line, .yaml(error.description))
        }
        let reader = Reader(locations: document.locations)
        let mapping = try reader.mapping(document.value)
        try mapping.check(against: export, reader: reader)
        return mapping
    }

    /// The structure of a mapping file, read into values; line numbers by JSON Pointer.
    struct Reader {
        var locations: [String: SourceLocation]

        func line(_ pointer: String) -> Int? {
            var pointer = pointer
            while true {
                if let location = locations[pointer] { return location.line }
                guard let slash = pointer.lastIndex(of: "/") else { return nil }
                pointer = String(pointer[..<slash])
            }
        }

        func fail(_ pointer: String, _ problem: NotionMappingError.Problem) -> NotionMappingError {
            NotionMappingError(line: line(pointer), problem)
        }

        func object(_ value: JSONValue?, _ pointer: String, known: [String]) throws(NotionMappingError) -> OrderedDictionary<String, JSONValue> {
            guard case .object(let fields)? = value else { throw fail(pointer, .invalid(key: name(pointer), expected: "mapping")) }
            for key in fields.keys where !known.contains(key) {
                throw fail("\(pointer)/\(key)", .unknownKey(key, known: known))
            }
            return fields
        }

        func string(_ value: JSONValue?, _ pointer: String) throws(NotionMappingError) -> String {
            guard case .string(let text)? = value, !text.isEmpty else { throw fail(pointer, .invalid(key: name(pointer), expected: "text")) }
            return text
        }

        func optionalString(_ value: JSONValue?, _ pointer: String) throws(NotionMappingError) -> String? {
            if value == nil || value == .null { return nil }
            return try string(value, pointer)
        }

        func bool(_ value: JSONValue?, _ pointer: String) throws(NotionMappingError) -> Bool {
            switch value {
            case nil, .null?: return false
            case .bool(let flag)?: return flag
            default: throw fail(pointer, .invalid(key: name(pointer), expected: "true or false"))
            }
        }

        func label(_ value: JSONValue?, _ pointer: String) throws(NotionMappingError) -> OrderedDictionary<String, String> {
            if case .string(let text)? = value { return ["de": text, "en": text] }
            guard case .object(let fields)? = value, !fields.isEmpty else {
                throw fail(pointer, .invalid(key: name(pointer), expected: "{de: …, en: …}"))
            }
            var label: OrderedDictionary<String, String> = [:]
            for (language, text) in fields {
                label[language] = try string(text, "\(pointer)/\(language)")
            }
            return label
        }

        func name(_ pointer: String) -> String {
            String(pointer.split(separator: "/").last ?? "")
        }

        func mapping(_ top: OrderedDictionary<String, JSONValue>) throws(NotionMappingError) -> NotionMapping {
            for key in top.keys where !NotionMapping.topKeys.contains(key) {
                throw fail("/\(key)", .unknownKey(key, known: NotionMapping.topKeys))
            }
            let zone = try optionalString(top["time_zone"], "/time_zone") ?? "UTC"
            if TimeZone(identifier: zone) == nil { throw fail("/time_zone", .unknownTimeZone(zone)) }
            var pages = PagesCollection()
            if let value = top["pages"] {
                let fields = try object(value, "/pages", known: ["collection", "label"])
                pages.name = try string(fields["collection"], "/pages/collection")
                if let label = fields["label"] { pages.label = try self.label(label, "/pages/label") }
            }
            guard case .array(let items)? = top["databases"] else {
                throw fail("/databases", .invalid(key: "databases", expected: "list"))
            }
            var collections: [Collection] = []
            for (index, item) in items.enumerated() {
                collections.append(try collection(item, "/databases/\(index)"))
            }
            return NotionMapping(timeZone: zone, collections: collections, pages: pages)
        }

        func collection(_ value: JSONValue, _ pointer: String) throws(NotionMappingError) -> Collection {
            let fields = try object(value, pointer, known: NotionMapping.databaseKeys)
            let database = try string(fields["notion"], "\(pointer)/notion")
            let id = try optionalString(fields["notion_id"], "\(pointer)/notion_id")
            let name = try string(fields["collection"], "\(pointer)/collection")
            let label = try fields["label"].map { value throws(NotionMappingError) in try self.label(value, "\(pointer)/label") }
                ?? ["de": database, "en": database]
            let title = try object(fields["title"], "\(pointer)/title", known: ["property", "key"])
            let titleProperty = try string(title["property"], "\(pointer)/title/property")
            let titleKey = try optionalString(title["key"], "\(pointer)/title/key") ?? "title"
            var result: [Field] = []
            switch fields["fields"] {
            case nil, .null?: break
            case .array(let items)?:
                for (index, item) in items.enumerated() { result.append(try field(item, "\(pointer)/fields/\(index)")) }
            default: throw fail("\(pointer)/fields", .invalid(key: "fields", expected: "list"))
            }
            return Collection(database: database, databaseID: id, name: name, label: label, titleProperty: titleProperty,
                              titleKey: titleKey, fields: result)
        }

        func field(_ value: JSONValue, _ pointer: String) throws(NotionMappingError) -> Field {
            let fields = try object(value, pointer, known: NotionMapping.fieldKeys)
            let property = try string(fields["property"], "\(pointer)/property")
            if try bool(fields["skip"], "\(pointer)/skip") {
                return Field(property: property, key: "", type: "string", skip: true)
            }
            let key = try string(fields["key"], "\(pointer)/key")
            let type = try string(fields["type"], "\(pointer)/type")
            let format = try optionalString(fields["format"], "\(pointer)/format")
            var enumValues: [String]?
            if let value = fields["enum"], value != .null {
                guard case .array(let items) = value else { throw fail("\(pointer)/enum", .invalid(key: "enum", expected: "list of texts")) }
                var values: [String] = []
                for (index, item) in items.enumerated() { values.append(try string(item, "\(pointer)/enum/\(index)")) }
                enumValues = values
            }
            let field = Field(
                property: property, key: key, type: type, format: format, enumValues: enumValues,
                ref: try optionalString(fields["ref"], "\(pointer)/ref"), endKey: try optionalString(fields["end_key"], "\(pointer)/end_key"),
                unit: try optionalString(fields["unit"], "\(pointer)/unit"),
                label: try optionalString(fields["label"], "\(pointer)/label") ?? property,
                isPrivate: try bool(fields["private"], "\(pointer)/private"))
            guard field.isSupported else {
                throw fail("\(pointer)/type", .unsupportedType(property: property, type: type, format: format))
            }
            return field
        }
    }

    /// Checks the mapping against the export it is applied to; the first problem is thrown.
    func check(against export: NotionExport, reader: Reader) throws(NotionMappingError) {
        guard let zone = TimeZone(identifier: timeZone) else { throw reader.fail("/time_zone", .unknownTimeZone(timeZone)) }
        var names: Set<String> = [pages.name]
        if let reason = NotionMapping.collectionNameProblem(pages.name) {
            throw reader.fail("/pages/collection", .invalidName(pages.name, reason: reason))
        }
        for (index, collection) in collections.enumerated() {
            let pointer = "/databases/\(index)"
            if let reason = NotionMapping.collectionNameProblem(collection.name) {
                throw reader.fail("\(pointer)/collection", .invalidName(collection.name, reason: reason))
            }
            guard names.insert(collection.name).inserted else { throw reader.fail("\(pointer)/collection", .duplicateCollection(collection.name)) }
        }
        for (index, collection) in collections.enumerated() {
            let pointer = "/databases/\(index)"
            let matches = export.databases.filter { database in
                collection.databaseID.map { $0 == database.id } ?? (database.name == collection.database)
            }
            guard let database = matches.first else { throw reader.fail("\(pointer)/notion", .unknownDatabase(collection.database, id: collection.databaseID)) }
            let properties = Set(database.properties.map(\.name))
            guard properties.contains(collection.titleProperty) else {
                throw reader.fail("\(pointer)/title/property", .unknownProperty(collection.titleProperty, database: database.name))
            }
            var keys: Set<String> = [collection.titleKey, NotionMapping.pageIDField]
            if collection.titleKey == NotionMapping.pageIDField {
                throw reader.fail("\(pointer)/title/key", .duplicateKey(collection.titleKey, collection: collection.name))
            }
            for (fieldIndex, field) in collection.fields.enumerated() {
                let fieldPointer = "\(pointer)/fields/\(fieldIndex)"
                guard properties.contains(field.property) else {
                    throw reader.fail("\(fieldPointer)/property", .unknownProperty(field.property, database: database.name))
                }
                if field.skip { continue }
                for key in [field.key] + (field.endKey.map { [$0] } ?? []) {
                    if let reason = NotionMapping.keyProblem(key) { throw reader.fail("\(fieldPointer)/key", .invalidName(key, reason: reason)) }
                    guard keys.insert(key).inserted else { throw reader.fail("\(fieldPointer)/key", .duplicateKey(key, collection: collection.name)) }
                }
                if let ref = field.ref, !names.contains(ref) {
                    throw reader.fail("\(fieldPointer)/ref", .unknownRef(ref, property: field.property))
                }
                for row in database.rows {
                    guard let value = row.properties[field.property], !value.isEmpty else { continue }
                    if NotionFieldValue.convert(value, field: field, zone: zone) == nil {
                        throw reader.fail("\(fieldPointer)/type", .valueDoesNotFit(
                            property: field.property, database: database.name, page: row.title, value: value.displayText,
                            expected: field.typeDescription))
                    }
                }
            }
        }
    }

    /// Why `name` cannot name a collection (a folder of the store), or nil.
    static func collectionNameProblem(_ name: String) -> String? {
        if name == "schemas" { return "\"schemas\" is the store's folder of schemas" }
        return PathRules.problem(withID: name)
    }

    /// Why `key` cannot be a field's key, or nil: keys are what front matter and JSON Pointers name.
    static func keyProblem(_ key: String) -> String? {
        guard let first = key.unicodeScalars.first, first.properties.isAlphabetic || first == "_" else {
            return "must start with a letter"
        }
        if key.unicodeScalars.contains(where: { !($0.properties.isAlphabetic || $0.properties.numericType != nil || $0 == "_" || $0 == "-") }) {
            return "only letters, digits, _ and - are allowed"
        }
        return nil
    }
}

extension NotionMapping.Field {
    /// Whether chronik maps this combination of type, format, enum and ref.
    var isSupported: Bool {
        switch (type, format) {
        case ("string", nil): return endKey == nil
        case ("string", "date"?), ("string", "date-time"?): return ref == nil && enumValues == nil
        case ("string", "uri"?), ("string", "email"?): return ref == nil && enumValues == nil && endKey == nil
        case ("boolean", nil), ("integer", nil), ("number", nil): return ref == nil && enumValues == nil && endKey == nil
        case ("array", nil): return endKey == nil && (ref == nil || enumValues == nil)
        case ("object", "date-range"?), ("object", "date-time-range"?): return ref == nil && enumValues == nil && endKey == nil
        default: return false
        }
    }

    /// The type as a refusal names it: `integer`, `string (date)`, `one of a, b`.
    var typeDescription: String {
        if let ref { return type == "array" ? "links to \(ref)" : "a link to \(ref)" }
        if let values = enumValues { return (type == "array" ? "list of " : "") + "one of " + values.joined(separator: ", ") }
        if let format { return "\(type) (\(format)\(unit.map { ", \($0)" } ?? ""))" }
        return type + (unit.map { " (\($0))" } ?? "")
    }
}
