import ChronikStore
import Foundation
import OrderedCollections

/// What the import reports besides the version it made (issue 17): counts, and everything it could not carry over.
public struct NotionImportFindings: Sendable, Hashable, Codable {
    /// Free pages (pages that are not rows of a database, subpages included).
    public var pages = 0
    /// Rows of the imported databases.
    public var rows = 0
    /// Databases of the export; `collections` of them were imported.
    public var databases = 0
    public var collections = 0
    /// Properties that were not imported: skipped in the mapping, not in the mapping, or of a type chronik does
    /// not import (files, buttons).
    public var unmappedProperties: [UnmappedProperty] = []
    /// Links of relations that name no imported entry of the field's collection; left out of the entry.
    public var unresolvedRelations: [UnresolvedRelation] = []
    /// Files of the export the reader did not use (views, system files, …).
    public var skippedFiles: [NotionSkippedFile] = []
    /// Files pages attach, copied into their entry's folder (`<collection>/<id>/<name>`, issue 17), by store path.
    public var attachments: [CopiedAttachment] = []
    /// Databases of the export the mapping leaves out (by name), with their rows.
    public var unmappedDatabases: [String] = []
    /// Pages whose titles give the same id in one collection: the later ones are numbered (`title-2`).
    public var idCollisions: [IDCollision] = []

    public struct UnmappedProperty: Sendable, Hashable, Codable {
        public var database: String
        public var property: String
    }

    public struct UnresolvedRelation: Sendable, Hashable, Codable {
        /// The entry that holds the relation (`events/forum`).
        public var entry: String
        public var property: String
        /// The linked page's title and, where the export names it, its page id.
        public var target: String
        public var targetPageID: String?
        /// Why the link was left out.
        public var reason: Reason = .notFound

        public enum Reason: String, Error, Sendable, Hashable, Codable {
            /// No imported page has the link's page id (a page outside the export), or, for a link by title, no entry
            /// of the field's collection has the title.
            case notFound = "not-found"
            /// A link by title that several entries of the collection share.
            case ambiguous
            /// The page is imported, but into another collection than the field refers to.
            case otherCollection = "other-collection"
            /// The page links itself, which Notion allows and a store does not (an entry cannot reference itself).
            case itself
        }
    }

    /// An attachment as the import copied it.
    public struct CopiedAttachment: Sendable, Hashable, Codable {
        /// Its path in the export (`Forum 1a2b…/Plan.pdf`).
        public var source: String
        /// Its path in the store (`events/forum/plan.pdf`): the entry's folder and a safe, unique name.
        public var path: String
        public var bytes: Int
    }

    public struct IDCollision: Sendable, Hashable, Codable {
        public var collection: String
        /// The id the titles share; the entries got it and `id-2`, `id-3`, …
        public var id: String
        public var titles: [String]
    }
}

/// Turns an export and its mapping into the files of a store: `chronik.yml`, one schema per collection, one entry per
/// row and free page. Ids are slugs of titles (`Slug`), numbered on collisions, and kept for pages an earlier import
/// already holds (`previous`, by Notion page id in the field `notion_id`), so that a re-import updates the same
/// entries even when a title changed.
public struct NotionStoreBuilder {
    public var export: NotionExport
    public var mapping: NotionMapping
    /// The entry of each Notion page id in the store before this import.
    public var previous: [String: EntryID]
    /// The store's title and language (`chronik.yml`).
    public var title: String
    public var language: StoreLanguage

    public init(export: NotionExport, mapping: NotionMapping, previous: [String: EntryID] = [:], title: String = "Notion",
                language: StoreLanguage = .de) {
        self.export = export
        self.mapping = mapping
        self.previous = previous
        self.title = title
        self.language = language
    }

    /// The store's files and what could not be carried over.
    public struct Result: Sendable {
        public var files: [String: Data]
        public var findings: NotionImportFindings
        /// The entry of every imported page, by Notion page id.
        public var entries: [String: EntryID]
    }

    /// Pattern of an id as `x-chronik-ref` items hold it.
    static let idPattern = "^[a-z0-9][a-z0-9-]{0,99}$"

    public func build() -> Result {
        var findings = NotionImportFindings()
        findings.databases = export.databases.count
        findings.skippedFiles = export.skipped
        let zone = TimeZone(identifier: mapping.timeZone) ?? TimeZone(secondsFromGMT: 0) ?? .current

        // Which pages go where.
        var groups: [(collection: String, pages: [NotionPage])] = []
        var mapped: [(NotionDatabase, NotionMapping.Collection)] = []
        for database in export.databases {
            guard let collection = mapping.collection(for: database) else {
                findings.unmappedDatabases.append(database.name)
                for property in database.properties {
                    findings.unmappedProperties.append(.init(database: database.name, property: property.name))
                }
                continue
            }
            mapped.append((database, collection))
            groups.append((collection.name, database.rows))
            findings.rows += database.rows.count
            let named = Set(collection.fields.filter { !$0.skip }.map(\.property) + [collection.titleProperty])
            for property in database.properties where !named.contains(property.name) {
                findings.unmappedProperties.append(.init(database: database.name, property: property.name))
            }
        }
        findings.collections = mapped.count
        groups.append((mapping.pages.name, export.pages))
        findings.pages = export.pages.count

        // Ids: kept ones first, then slugs of titles in export order.
        var entries: [String: EntryID] = [:]
        var byTitle: [String: [String: [EntryID]]] = [:]
        for (collection, pages) in groups {
            var taken = Set<String>()
            for page in pages {
                if let old = previous[page.id], old.collection == collection, !taken.contains(old.id) {
                    taken.insert(old.id)
                    entries[page.id] = old
                }
            }
            var titlesBySlug: OrderedDictionary<String, [String]> = [:]
            for page in pages {
                let base = Slug.make(NotionIDs.normalizedTitle(page.title)) ?? "page"
                titlesBySlug[base, default: []].append(page.title)
                guard entries[page.id] == nil else { continue }
                let id = Slug.firstFree(base) { taken.contains($0) }
                taken.insert(id)
                entries[page.id] = EntryID(collection: collection, id: id)
            }
            for (id, titles) in titlesBySlug where titles.count > 1 {
                findings.idCollisions.append(.init(collection: collection, id: id, titles: titles))
            }
            for page in pages {
                if let entry = entries[page.id] {
                    byTitle[collection, default: [:]][NotionIDs.normalizedTitle(page.title), default: []].append(entry)
                }
            }
        }

        var files: [String: Data] = [:]
        var configs: [CollectionConfig] = []
        // Attachments: copied into the folder of their entry's name, under safe names unique in that folder.
        var attachmentNames: [String: [String: String]] = [:] // page id → export path → name in the store
        let mappedPages = mapped.flatMap { $0.0.rows } + export.pages
        for page in mappedPages where !page.attachments.isEmpty {
            guard let entry = entries[page.id] else { continue }
            var taken = Set<String>()
            for source in page.attachments {
                guard let data = export.attachmentContents[source] else { continue }
                let name = AttachmentName.safe(ExportPath.name(source), taken: taken)
                taken.insert(name.lowercased())
                attachmentNames[page.id, default: [:]][source] = name
                files[entry.attachmentFolder + "/" + name] = data
                findings.attachments.append(.init(source: source, path: entry.attachmentFolder + "/" + name, bytes: data.count))
            }
        }
        findings.attachments.sort { $0.path < $1.path }
        for (database, collection) in mapped {
            let schemaPath = "schemas/\(collection.name).schema.json"
            files[schemaPath] = schema(collection)
            configs.append(CollectionConfig(name: collection.name, schema: schemaPath, titleField: collection.titleKey,
                                            label: Dictionary(uniqueKeysWithValues: collection.label.map { ($0.key, $0.value) })))
            for row in database.rows {
                guard let entry = entries[row.id] else { continue }
                var fields: OrderedDictionary<String, JSONValue> = [:]
                fields[collection.titleKey] = .string(row.title.trimmingCharacters(in: .whitespacesAndNewlines))
                for field in collection.fields where !field.skip {
                    guard let value = row.properties[field.property], !value.isEmpty else { continue }
                    switch NotionFieldValue.convert(value, field: field, zone: zone) {
                    case .value(let json)?:
                        fields[field.key] = json
                    case .split(let start, let end)?:
                        fields[field.key] = start
                        if let endKey = field.endKey { fields[endKey] = end }
                    case .links(let links)?:
                        var ids: [JSONValue] = []
                        for link in links {
                            switch resolve(link, in: field.ref ?? "", entries: entries, byTitle: byTitle) {
                            case .success(let id) where field.ref == entry.collection && id == entry.id:
                                findings.unresolvedRelations.append(.init(
                                    entry: entry.description, property: field.property, target: link.title, targetPageID: link.pageID, reason: .itself))
                            case .success(let id):
                                if !ids.contains(.string(id)) { ids.append(.string(id)) }
                            case .failure(let reason):
                                findings.unresolvedRelations.append(.init(
                                    entry: entry.description, property: field.property, target: link.title, targetPageID: link.pageID, reason: reason))
                            }
                        }
                        if field.type == "array" {
                            if !ids.isEmpty { fields[field.key] = .array(ids) }
                        } else if let first = ids.first {
                            fields[field.key] = first
                        }
                    case nil:
                        // A mapping from --mapping was checked against every value; an inferred one fits by
                        // construction. A value that does not fit is kept as text in the report, not guessed.
                        findings.unmappedProperties.append(.init(database: database.name, property: field.property))
                    }
                }
                fields[NotionMapping.pageIDField] = .string(row.id)
                files[entry.path] = document(fields, body: row.body, page: row, entries: entries, attachments: attachmentNames[row.id] ?? [:])
            }
        }
        if !export.pages.isEmpty {
            let name = mapping.pages.name
            let schemaPath = "schemas/\(name).schema.json"
            files[schemaPath] = pagesSchema()
            configs.append(CollectionConfig(name: name, schema: schemaPath, titleField: "title",
                                            label: Dictionary(uniqueKeysWithValues: mapping.pages.label.map { ($0.key, $0.value) })))
            for page in export.pages {
                guard let entry = entries[page.id] else { continue }
                var fields: OrderedDictionary<String, JSONValue> = [:]
                fields["title"] = .string(page.title.trimmingCharacters(in: .whitespacesAndNewlines))
                if let parent = page.parentPageID, let parentEntry = entries[parent] {
                    fields["parent"] = .string(parentEntry.description)
                }
                fields[NotionMapping.pageIDField] = .string(page.id)
                files[entry.path] = document(fields, body: page.body, page: page, entries: entries, attachments: attachmentNames[page.id] ?? [:])
            }
        }
        files[StoreConfig.fileName] = Data(StoreConfig(title: title, language: language, collections: configs).yaml().utf8)
        findings.unmappedProperties = unique(findings.unmappedProperties)
        return Result(files: files, findings: findings, entries: entries)
    }

    /// The entry id a relation's link names in `collection`: by page id where the link has one (a page outside the
    /// collection or the export is unresolved), else by title when exactly one entry of the collection has it.
    func resolve(_ link: NotionLink, in collection: String, entries: [String: EntryID], byTitle: [String: [String: [EntryID]]])
        -> Swift.Result<String, NotionImportFindings.UnresolvedRelation.Reason> {
        if let pageID = link.pageID {
            guard let entry = entries[pageID] else { return .failure(.notFound) }
            return entry.collection == collection ? .success(entry.id) : .failure(.otherCollection)
        }
        guard let matches = byTitle[collection]?[NotionIDs.normalizedTitle(link.title)], !matches.isEmpty else { return .failure(.notFound) }
        return matches.count == 1 ? .success(matches[0].id) : .failure(.ambiguous)
    }

    private func document(_ fields: OrderedDictionary<String, JSONValue>, body: String, page: NotionPage, entries: [String: EntryID],
                          attachments: [String: String]) -> Data {
        var text = NotionBody.rewriteLinks(body, from: page, entries: entries, attachments: attachments)
        while text.hasPrefix("\n") { text.removeFirst() }
        while text.hasSuffix("\n\n") { text.removeLast() }
        if !text.isEmpty && !text.hasSuffix("\n") { text += "\n" }
        return EntryDocument(fields: fields, body: text).serialized()
    }

    private func schema(_ collection: NotionMapping.Collection) -> Data {
        var properties: OrderedDictionary<String, JSONValue> = [:]
        properties[collection.titleKey] = .object([
            "type": .string("string"), "minLength": .number(JSONNumber(1)), "x-chronik-label": .string(collection.titleProperty),
        ])
        for field in collection.fields where !field.skip {
            if let endKey = field.endKey {
                var start = field
                start.endKey = nil
                start.label = field.label
                properties[field.key] = start.schema(refPattern: Self.idPattern)
                var end = start.schema(refPattern: Self.idPattern).objectValue ?? [:]
                end["x-chronik-not-before"] = .string(field.key)
                properties[endKey] = .object(end)
            } else {
                properties[field.key] = field.schema(refPattern: Self.idPattern)
            }
        }
        properties[NotionMapping.pageIDField] = Self.pageIDSchema
        return json([
            "$schema": .string("https://json-schema.org/draft/2020-12/schema"),
            "title": .string(collection.label["de"] ?? collection.database),
            "x-chronik-label": .object(collection.label.mapValues { .string($0) }),
            "type": .string("object"),
            "required": .array([.string(collection.titleKey), .string(NotionMapping.pageIDField)]),
            "additionalProperties": .bool(false),
            "properties": .object(properties),
        ])
    }

    private func pagesSchema() -> Data {
        json([
            "$schema": .string("https://json-schema.org/draft/2020-12/schema"),
            "title": .string(mapping.pages.label["de"] ?? mapping.pages.name),
            "x-chronik-label": .object(mapping.pages.label.mapValues { .string($0) }),
            "type": .string("object"),
            "required": .array([.string("title"), .string(NotionMapping.pageIDField)]),
            "additionalProperties": .bool(false),
            "properties": .object([
                "title": .object(["type": .string("string"), "minLength": .number(JSONNumber(1)),
                                  "x-chronik-label": .object(["de": .string("Titel"), "en": .string("Title")])]),
                "parent": .object(["type": .string("string"),
                                   "description": .string("The entry this page sits in, `collection/id`."),
                                   "x-chronik-label": .object(["de": .string("Übergeordnete Seite"), "en": .string("Parent page")])]),
                NotionMapping.pageIDField: Self.pageIDSchema,
            ]),
        ])
    }

    static let pageIDSchema: JSONValue = .object([
        "type": .string("string"), "pattern": .string("^[0-9a-f]{32}$"),
        "description": .string("The Notion page this entry was imported from; a later import updates the same entry."),
        "x-chronik-label": .object(["de": .string("Notion-Seite"), "en": .string("Notion page")]),
    ])

    private func json(_ object: OrderedDictionary<String, JSONValue>) -> Data {
        var writer = JSONByteWriter(pretty: true)
        writer.write(.object(object))
        writer.append("\n")
        return Data(writer.bytes)
    }

    private func unique<T: Hashable>(_ items: [T]) -> [T] {
        var seen = Set<T>()
        return items.filter { seen.insert($0).inserted }
    }
}

/// Page bodies as entries hold them.
enum NotionBody {
    /// `body` with every Markdown link to a page of the export (a relative `Title <hex>.md`/`.html` path, URL-encoded
    /// or not, or a `notion.so/…-<hex>` URL) pointing at that page's entry instead (`../events/forum.md`, relative to
    /// the entry's own file). Other links are kept.
    /// Links to an attachment (`attachments`: its export path → its name in the entry's folder) point at the copy,
    /// `<id>/<name>`, as do `src="…"` and `href="…"` of HTML left in the body.
    static func rewriteLinks(_ body: String, from page: NotionPage, entries: [String: EntryID], attachments: [String: String] = [:]) -> String {
        let own = entries[page.id]
        var body = body
        let folder = ExportPath.folder(page.path)
        func attachmentLink(_ target: Substring) -> String? {
            guard let own, !attachments.isEmpty, let path = ExportPath.resolve(String(target), from: folder),
                  let name = attachments[path] else { return nil }
            return own.id + "/" + AttachmentLinks.encode(name)
        }
        if !attachments.isEmpty {
            for attribute in ["src=\"", "href=\""] where body.contains(attribute) {
                var out = ""
                var rest = Substring(body)
                while let open = rest.range(of: attribute), let end = rest[open.upperBound...].firstIndex(of: "\"") {
                    out += rest[..<open.upperBound]
                    let target = rest[open.upperBound..<end]
                    out += attachmentLink(target) ?? String(target)
                    rest = rest[end...]
                }
                body = out + rest
            }
        }
        guard body.contains("](") else { return body }
        var out = ""
        var rest = Substring(body)
        while let open = rest.range(of: "](") {
            out += rest[..<open.upperBound]
            rest = rest[open.upperBound...]
            // The target runs to the `)` that closes the link: parentheses inside it are balanced or escaped, and
            // `<…>` targets may hold spaces (CommonMark's link destination, LinkDestination.swift). Anything else
            // after `](` is not a link: it is copied as it is.
            // A title after the target is kept as it is.
            guard let (range, end, closing) = LinkDestination.scan(rest.utf8, from: rest.startIndex) else { continue }
            let target = rest[range]
            if let link = attachmentLink(target) {
                out += link
                rest = rest[end...]
            } else if let id = pageID(in: String(target)), let entry = entries[id] {
                let prefix = own.map { $0.collection == entry.collection ? "" : "../\(entry.collection)/" } ?? "../\(entry.collection)/"
                out += prefix + entry.id + ".md"
                rest = rest[end...]
            } else {
                out += rest[..<closing]
                rest = rest[closing...]
            }
        }
        out += rest
        return out
    }

    /// The page id a link target names: 32 hex digits before `.md`/`.html` at the end of its (decoded) path, or at
    /// the end of a `notion.so` URL's path.
    static func pageID(in target: String) -> String? {
        let decoded = target.removingPercentEncoding ?? target
        var path = decoded
        if let query = path.firstIndex(where: { $0 == "?" || $0 == "#" }) { path = String(path[..<query]) }
        let lower = path.lowercased()
        if lower.hasSuffix(".md") { path = String(path.dropLast(3)) } else if lower.hasSuffix(".html") { path = String(path.dropLast(5)) } else if !lower.contains("notion.so/") && !lower.contains("notion.site/") { return nil }
        let hex = path.suffix(32)
        guard hex.count == 32, hex.allSatisfy({ $0.isHexDigit }) else { return nil }
        let before = path.dropLast(32).last
        guard before == nil || before == " " || before == "-" || before == "/" else { return nil }
        return hex.lowercased()
    }
}

/// Names of attachments as the import writes them: what `PathRules.problem(withAttachmentName:)` allows, close to
/// the export's name.
enum AttachmentName {
    /// `name` made safe (characters Windows or the store refuse become `-`, no leading dot or trailing space or dot,
    /// `.md` gets `.txt` after it, a device name `_` before it, at most 255 bytes with the extension kept), then made
    /// unique among `taken` (lowercased names: two names that differ only in case cannot both be checked out on
    /// macOS or Windows) by `-2`, `-3`, … before the extension.
    static func safe(_ name: String, taken: Set<String>) -> String {
        var scalars = String.UnicodeScalarView()
        for s in (name.removingPercentEncoding ?? name).unicodeScalars {
            let category = s.properties.generalCategory
            let bad = category == .control || category == .format || category == .lineSeparator || category == .paragraphSeparator
                || category == .unassigned || category == .privateUse || category == .surrogate || "\\/:*?\"<>|".unicodeScalars.contains(s)
            scalars.append(bad ? "-" : s)
        }
        var text = String(scalars)
        while text.hasPrefix(".") { text.removeFirst() }
        while text.hasSuffix(" ") || text.hasSuffix(".") { text.removeLast() }
        if text.isEmpty { text = "attachment" }
        if text.lowercased().hasSuffix(".md") { text += ".txt" }
        let dot = text.lastIndex(of: ".").flatMap { $0 == text.startIndex ? nil : $0 }
        var stem = dot.map { String(text[..<$0]) } ?? text
        let ext = dot.map { String(text[$0...]) } ?? ""
        if PathRules.problem(withAttachmentName: stem.lowercased() + ".x") != nil, !stem.isEmpty,
           PathRules.problem(withAttachmentName: "_" + stem + ".x") == nil {
            stem = "_" + stem // a Windows device name
        }
        func fitted(_ suffix: String) -> String {
            var base = stem
            while (base + suffix + ext).utf8.count > PathRules.maxAttachmentNameBytes, !base.isEmpty { base.removeLast() }
            var candidate = base + suffix + ext
            while candidate.hasSuffix(" ") || candidate.hasSuffix(".") { candidate.removeLast() }
            return candidate
        }
        var candidate = fitted("")
        var number = 2
        while taken.contains(candidate.lowercased()) || PathRules.problem(withAttachmentName: candidate) != nil {
            if number > 10_000 { return "attachment-\(taken.count + 1)" }
            candidate = fitted("-\(number)")
            number += 1
        }
        return candidate
    }
}
