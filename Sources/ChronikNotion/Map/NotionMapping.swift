import ChronikStore
import Foundation
import OrderedCollections

/// How a Notion export becomes a store (issue 17): each database a collection, each property a field, free pages a
/// `pages` collection. `NotionMapping.infer(from:)` proposes one from the values of all rows; `chronik import notion
/// --plan` writes it as `notion-mapping.yml` for review (`yaml`), and `--mapping FILE` reads an edited one back
/// (`parse(_:for:)`), which is checked against the export before anything is written.
public struct NotionMapping: Sendable, Hashable {
    /// The file `--plan` writes.
    public static let fileName = "notion-mapping.yml"
    /// The field of every imported entry that keeps its Notion page id, so that a later import updates the same
    /// entry (and keeps its id when the title changed).
    public static let pageIDField = "notion_id"

    /// The zone Notion's times (exported without one) are read in, an IANA name such as `Europe/Berlin`.
    public var timeZone: String
    /// One per database of the export that is imported, in the export's order.
    public var collections: [Collection]
    /// The collection of free pages (pages that are not rows, and subpages of rows).
    public var pages: PagesCollection

    public init(timeZone: String = "UTC", collections: [Collection], pages: PagesCollection = PagesCollection()) {
        self.timeZone = timeZone
        self.collections = collections
        self.pages = pages
    }

    /// A database mapped to a collection.
    public struct Collection: Sendable, Hashable {
        /// The database's name in Notion.
        public var database: String
        /// The database's Notion id (32 hex digits); names may repeat, ids do not.
        public var databaseID: String?
        /// The collection's name (its folder).
        public var name: String
        /// `{de: …, en: …}`.
        public var label: OrderedDictionary<String, String>
        /// The title property's Notion name and its key in the entries.
        public var titleProperty: String
        public var titleKey: String
        /// The other properties, in the export's column order.
        public var fields: [Field]

        public init(database: String, databaseID: String?, name: String, label: OrderedDictionary<String, String>,
                    titleProperty: String, titleKey: String = "title", fields: [Field]) {
            self.database = database
            self.databaseID = databaseID
            self.name = name
            self.label = label
            self.titleProperty = titleProperty
            self.titleKey = titleKey
            self.fields = fields
        }
    }

    /// A property mapped to a field.
    public struct Field: Sendable, Hashable {
        /// The property's name in Notion.
        public var property: String
        /// The field's key in the entries' front matter.
        public var key: String
        /// JSON Schema's type of the field: `string`, `integer`, `number`, `boolean`, `array` (multi-selects,
        /// relations), `object` (a date range kept as `{start, end}`).
        public var type: String
        /// `date`, `date-time`, `uri`, `email`; `date-range` or `date-time-range` for an object.
        public var format: String?
        /// The allowed values of a select (type `string`) or multi-select (type `array`).
        public var enumValues: [String]?
        /// For a relation: the collection its ids belong to (`x-chronik-ref`).
        public var ref: String?
        /// For a date range kept as two fields: the key of the end (the start goes to `key`).
        public var endKey: String?
        /// The currency or percent sign removed from a number's values.
        public var unit: String?
        /// The field's label (Notion's name of the property).
        public var label: String
        /// Left out of every public output (`x-chronik-private`).
        public var isPrivate: Bool
        /// Not imported (the report lists it as an unmapped property).
        public var skip: Bool

        public init(property: String, key: String, type: String, format: String? = nil, enumValues: [String]? = nil,
                    ref: String? = nil, endKey: String? = nil, unit: String? = nil, label: String? = nil,
                    isPrivate: Bool = false, skip: Bool = false) {
            self.property = property
            self.key = key
            self.type = type
            self.format = format
            self.enumValues = enumValues
            self.ref = ref
            self.endKey = endKey
            self.unit = unit
            self.label = label ?? property
            self.isPrivate = isPrivate
            self.skip = skip
        }
    }

    /// Where free pages go.
    public struct PagesCollection: Sendable, Hashable {
        public var name: String
        public var label: OrderedDictionary<String, String>

        public init(name: String = "pages", label: OrderedDictionary<String, String> = ["de": "Seiten", "en": "Pages"]) {
            self.name = name
            self.label = label
        }
    }

    /// The collection a database maps to.
    public func collection(for database: NotionDatabase) -> Collection? {
        collections.first { $0.databaseID.map { $0 == database.id } ?? ($0.database == database.name) }
    }
}

// MARK: - Writing notion-mapping.yml

extension NotionMapping {
    /// The mapping as `notion-mapping.yml`: block style, one field per item, so that a reviewer's edit is one line and
    /// a refusal can name it. Reads back through `parse` as the same mapping.
    public var yaml: String {
        var out = """
            # How `chronik import notion` maps this Notion export to a store (docs/import-notion.md).
            # Review, edit, then import with: chronik import notion EXPORT --store DIR --mapping notion-mapping.yml
            # Field types are JSON Schema's (string, integer, number, boolean, array, object); formats: date, date-time,
            # uri, email, date-range, date-time-range. private: true leaves a field out of every public output.
            # skip: true leaves a property out of the import.

            """
        out += "time_zone: \(q(timeZone))\n"
        out += "pages:\n  collection: \(q(pages.name))\n  label: \(labelYAML(pages.label))\n"
        out += "databases:\n"
        if collections.isEmpty { out = String(out.dropLast()) + " []\n" }
        for collection in collections {
            out += "  - notion: \(q(collection.database))\n"
            if let id = collection.databaseID { out += "    notion_id: \(q(id))\n" }
            out += "    collection: \(q(collection.name))\n"
            out += "    label: \(labelYAML(collection.label))\n"
            out += "    title: {property: \(q(collection.titleProperty)), key: \(q(collection.titleKey))}\n"
            if collection.fields.isEmpty {
                out += "    fields: []\n"
                continue
            }
            out += "    fields:\n"
            for field in collection.fields {
                out += "      - property: \(q(field.property))\n"
                if field.skip {
                    out += "        skip: true\n"
                    continue
                }
                out += "        key: \(q(field.key))\n"
                out += "        type: \(q(field.type))\n"
                if let format = field.format { out += "        format: \(q(format))\n" }
                if let values = field.enumValues { out += "        enum: [\(values.map(q).joined(separator: ", "))]\n" }
                if let ref = field.ref { out += "        ref: \(q(ref))\n" }
                if let endKey = field.endKey { out += "        end_key: \(q(endKey))\n" }
                if let unit = field.unit { out += "        unit: \(q(unit))\n" }
                out += "        label: \(q(field.label))\n"
                out += "        private: \(field.isPrivate)\n"
            }
        }
        return out
    }

    /// A YAML scalar that reads back as `text`: always double-quoted JSON, so that `Yes`, `2022-01-01` or `@x` stay
    /// texts.
    private func q(_ text: String) -> String {
        JSONValue.string(text).jsonText
    }

    private func labelYAML(_ label: OrderedDictionary<String, String>) -> String {
        "{" + label.map { "\($0.key): \(q($0.value))" }.joined(separator: ", ") + "}"
    }
}

extension JSONValue {
    /// The value as compact JSON text.
    var jsonText: String {
        var writer = JSONByteWriter(pretty: false)
        writer.write(self)
        return String(decoding: writer.bytes, as: UTF8.self)
    }
}
