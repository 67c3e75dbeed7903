import ChronikStore
import Foundation
import OrderedCollections

// The mapping chronik proposes for an export (issue 17): each database a collection named by the slug of its name,
// each property a field whose type is inferred from the values of all rows. A type the export states (HTML's
// `property-row-<type>`) is taken as it is; a property whose values are text (Markdown & CSV) gets the narrowest type
// that every non-empty value fits, in this order: boolean (Yes/No), date or date range, integer, number (one
// currency or percent sign, recorded as the unit), URL, e-mail, select (few distinct values, each used again),
// multi-select (comma-separated lists of few distinct items), text. E-mail, phone and person properties, and any
// property named like a contact, are private by default (GDPR); the mapping switches that off.

extension NotionMapping {
    /// The mapping inferred from `export`'s databases and values.
    public static func infer(from export: NotionExport) -> NotionMapping {
        var taken: Set<String> = ["schemas", "pages"]
        var collections: [Collection] = []
        // Which collection each page id and title belongs to, for the targets of relations.
        var names: [String] = []
        for database in export.databases {
            let base = Slug.make(database.name) ?? "collection"
            let name = Slug.firstFree(base) { taken.contains($0) }
            taken.insert(name)
            names.append(name)
        }
        var collectionOfPage: [String: String] = [:]
        var collectionsOfTitle: [String: Set<String>] = [:]
        for (database, name) in zip(export.databases, names) {
            for row in database.rows {
                collectionOfPage[row.id] = name
                collectionsOfTitle[NotionIDs.normalizedTitle(row.title), default: []].insert(name)
            }
        }
        // Relations may link free pages too: they are entries of the pages collection.
        let pagesName = PagesCollection().name
        for page in export.pages {
            collectionOfPage[page.id] = pagesName
            collectionsOfTitle[NotionIDs.normalizedTitle(page.title), default: []].insert(pagesName)
        }
        for (database, name) in zip(export.databases, names) {
            let titleProperty = database.properties.first { $0.type == .title }?.name ?? database.properties.first?.name ?? "Name"
            // The title's key follows its name as every field's does (Notion's default `Name` gives `name`).
            let titleKey = Slug.make(titleProperty).map { $0.replacingOccurrences(of: "-", with: "_") }
                .flatMap { NotionMapping.keyProblem($0) == nil && $0 != NotionMapping.pageIDField ? $0 : nil } ?? "title"
            var keys: Set<String> = [titleKey, NotionMapping.pageIDField]
            var fields: [Field] = []
            for property in database.properties where property.name != titleProperty {
                let values = database.rows.compactMap { row -> NotionValue? in
                    guard let value = row.properties[property.name], !value.isEmpty else { return nil }
                    return value
                }
                let base = (Slug.make(property.name) ?? "field").replacingOccurrences(of: "-", with: "_")
                let key = Slug.firstFree(base) { keys.contains($0) }.replacingOccurrences(of: "-", with: "_")
                keys.insert(key)
                var field = inferField(property, key: key, values: values)
                if field.ref == nil, field.type == "array" || field.type == "string", isRelation(property, values) {
                    // The collection that holds most of the linked pages.
                    var votes: [String: Int] = [:]
                    var single = true
                    for case .pages(let links) in values {
                        if links.count > 1 { single = false }
                        for link in links {
                            if let id = link.pageID, let target = collectionOfPage[id] {
                                votes[target, default: 0] += 1
                            } else if let targets = collectionsOfTitle[NotionIDs.normalizedTitle(link.title)], targets.count == 1, let target = targets.first {
                                votes[target, default: 0] += 1
                            }
                        }
                    }
                    if let target = votes.max(by: { ($0.value, $1.key) < ($1.value, $0.key) })?.key {
                        field = Field(property: property.name, key: key, type: single ? "string" : "array", ref: target, isPrivate: field.isPrivate)
                    } else {
                        // Links to no page of the export at all: kept as their titles (the plan shows the field as a
                        // list of texts, for the reviewer to see).
                        field = Field(property: property.name, key: key, type: "array", isPrivate: field.isPrivate)
                    }
                }
                fields.append(field)
            }
            // One date range and free `start`/`end` keys: the store's convention of two date fields.
            let ranges = fields.indices.filter { fields[$0].type == "object" }
            if ranges.count == 1, let index = ranges.first, !keys.contains("start"), !keys.contains("end") {
                fields[index].key = "start"
                fields[index].endKey = "end"
                fields[index].format = fields[index].format == "date-time-range" ? "date-time" : "date"
                fields[index].type = "string"
            }
            collections.append(Collection(
                database: database.name, databaseID: database.id, name: name, label: ["de": database.name, "en": database.name],
                titleProperty: titleProperty, titleKey: titleKey, fields: fields))
        }
        return NotionMapping(collections: collections)
    }

    private static func isRelation(_ property: NotionProperty, _ values: [NotionValue]) -> Bool {
        if property.type == .relation { return true }
        guard property.type == nil || property.type == .text else { return false }
        return !values.isEmpty && values.allSatisfy { if case .pages = $0 { return true } else { return false } }
    }

    /// Words that mark a property as personal data (contact details), in German and English.
    static let contactWords = ["kontakt", "contact", "ansprech", "e-mail", "email", "mail", "phone", "telefon", "tel.",
                               "mobil", "handy", "person", "adresse", "address", "anschrift"]

    static func looksPersonal(_ name: String) -> Bool {
        let lower = name.lowercased()
        return contactWords.contains { lower.contains($0) }
    }

    /// A property's field from its stated type and all its non-empty values.
    static func inferField(_ property: NotionProperty, key: String, values: [NotionValue]) -> Field {
        let personal = looksPersonal(property.name)
        func field(_ type: String, format: String? = nil, enumValues: [String]? = nil, unit: String? = nil, isPrivate: Bool = false, skip: Bool = false) -> Field {
            Field(property: property.name, key: key, type: type, format: format, enumValues: enumValues, unit: unit,
                  isPrivate: isPrivate || personal, skip: skip)
        }
        let texts = values.map(\.displayText)
        switch property.type {
        case .checkbox?:
            return field("boolean")
        case .email?:
            return texts.allSatisfy(NotionText.isEmail) ? field("string", format: "email", isPrivate: true) : field("string", isPrivate: true)
        case .phone?, .person?, .createdBy?, .lastEditedBy?:
            return field("string", isPrivate: true)
        case .url?:
            return texts.allSatisfy(NotionText.isURL) ? field("string", format: "uri") : field("string")
        case .select?, .status?:
            return field("string", enumValues: distinct(values.flatMap(items)))
        case .multiSelect?:
            return field("array", enumValues: distinct(values.flatMap(items)))
        case .files?, .button?:
            return field("string", skip: true)
        case .relation?:
            return field("array")
        case .date?, .createdTime?, .lastEditedTime?:
            return dateField(texts).map { field($0.type, format: $0.format) } ?? field("string")
        case .number?:
            return numberField(texts).map { field($0.type, unit: $0.unit) } ?? field("string")
        default:
            break
        }
        if values.contains(where: { if case .checkbox = $0 { return true } else { return false } }) {
            return values.allSatisfy({ if case .checkbox = $0 { return true } else { return false } }) ? field("boolean") : field("string")
        }
        if values.contains(where: { if case .options = $0 { return true } else { return false } }) {
            let many = values.contains { if case .options(let o) = $0 { return o.count > 1 } else { return false } }
            return field(many ? "array" : "string", enumValues: distinct(values.flatMap(items)))
        }
        guard !texts.isEmpty else { return field("string") }
        if texts.allSatisfy({ NotionText.bool($0) != nil }) { return field("boolean") }
        if let date = dateField(texts) { return field(date.type, format: date.format) }
        if let number = numberField(texts) { return field(number.type, unit: number.unit) }
        if texts.allSatisfy(NotionText.isURL) { return field("string", format: "uri") }
        if texts.allSatisfy(NotionText.isEmail) { return field("string", format: "email", isPrivate: true) }
        if property.type == nil || property.type == .text {
            // Selects in Markdown: few distinct short values, each used again on average.
            let distinctValues = distinct(texts)
            if texts.count >= 4, distinctValues.count * 2 <= texts.count, distinctValues.count <= 30,
               !texts.contains(where: { $0.count > 60 || $0.contains(", ") || $0.contains("\n") }) {
                return field("string", enumValues: distinctValues)
            }
            let lists = texts.map(NotionText.list)
            let allItems = lists.flatMap { $0 }
            let distinctItems = distinct(allItems)
            if lists.contains(where: { $0.count > 1 }), distinctItems.count * 2 <= allItems.count, distinctItems.count <= 50,
               !allItems.contains(where: { $0.count > 60 }) {
                return field("array", enumValues: distinctItems)
            }
        }
        return field("string")
    }

    private static func items(_ value: NotionValue) -> [String] {
        switch value {
        case .options(let options): return options
        default: return NotionText.list(value.displayText)
        }
    }

    private static func distinct(_ values: [String]) -> [String] {
        var seen = Set<String>()
        return values.filter { seen.insert($0).inserted }
    }

    private static func dateField(_ texts: [String]) -> (type: String, format: String)? {
        guard !texts.isEmpty else { return nil }
        var anyRange = false
        var anyTime = false
        for text in texts {
            if let date = NotionText.date(text) {
                anyTime = anyTime || date.hasTime
            } else if let (start, end) = NotionText.range(text) {
                anyRange = true
                anyTime = anyTime || start.hasTime || end.hasTime
            } else {
                return nil
            }
        }
        if anyRange { return ("object", anyTime ? "date-time-range" : "date-range") }
        return ("string", anyTime ? "date-time" : "date")
    }

    private static func numberField(_ texts: [String]) -> (type: String, unit: String?)? {
        guard !texts.isEmpty else { return nil }
        var units = Set<String>()
        var integers = true
        for text in texts {
            guard let number = NotionText.number(text) else { return nil }
            if let unit = number.unit { units.insert(unit) }
            integers = integers && number.value.isInteger
        }
        guard units.count <= 1 else { return nil }
        return (integers ? "integer" : "number", units.first)
    }
}

/// Page ids and titles as the mapper compares them.
enum NotionIDs {
    /// A title as links name it: leading `@` and surrounding spaces dropped (Notion keeps trailing spaces in titles
    /// but links and file names do not always).
    static func normalizedTitle(_ title: String) -> String {
        var text = title.trimmingCharacters(in: .whitespacesAndNewlines)
        if text.hasPrefix("@") { text = String(text.dropFirst()).trimmingCharacters(in: .whitespaces) }
        return text
    }
}
