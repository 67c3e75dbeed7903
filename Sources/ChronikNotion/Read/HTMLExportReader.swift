import Foundation
import OrderedCollections

// Notion's HTML export (issue 17): every page is `Title <hex>.html` with `<h1 class="page-title">`, its properties as
// `table.properties` (one `tr.property-row.property-row-<type>` each: the name in `th`, the value in `td`) and its
// body in `div.page-body`. A database is a page holding `table.collection-content`: the header gives the properties
// in column order (the title first), each row links to its page (`td.cell-title a`), which gives the values with
// their types. An inline database sits in its page's body the same way, under `div.collection-content`.

struct HTMLExportReader {
    let files: ExportFiles

    private struct Page {
        let path: String
        let id: String
        let title: String
        let root: HTMLNode
    }

    func read() throws(NotionReadError) -> NotionExport {
        var export = NotionExport(format: .html)
        var pages: [String: Page] = [:]
        var ids: [String: String] = [:]
        for path in files.paths {
            let name = NotionFileName(ExportPath.name(path))
            guard name.ext == "html", let id = name.id else { continue }
            let root = HTMLDocument.parse(try files.text(path))
            let heading = root.first { $0.name == "h1" && $0.hasClass("page-title") }
            let title = heading.map(HTMLToMarkdown.textWithoutIcons) ?? root.first { $0.name == "title" }?.textContent ?? name.title
            pages[path] = Page(path: path, id: id, title: title, root: root)
            ids[id] = ids[id] ?? path
        }

        var rowPaths: Set<String> = []
        var databasePaths: Set<String> = []
        for path in files.paths {
            guard let page = pages[path] else { continue }
            // An inline database's table sits in a `div.collection-content` with its title; a full-page one does not.
            var wrappers: [ObjectIdentifier: HTMLNode] = [:]
            for wrapper in page.root.all(where: { $0.name == "div" && $0.hasClass("collection-content") }) {
                if let table = wrapper.first(where: { $0.name == "table" }) { wrappers[ObjectIdentifier(table)] = wrapper }
            }
            for table in page.root.all(where: { $0.name == "table" && $0.hasClass("collection-content") }) {
                guard let database = readDatabase(table, wrapper: wrappers[ObjectIdentifier(table)], in: page, pages: pages, ids: ids,
                                                  skipped: &export.skipped) else { continue }
                rowPaths.formUnion(database.rows.map(\.path))
                if database.id == page.id { databasePaths.insert(path) }
                export.databases.append(database)
            }
        }
        for path in files.paths {
            guard let page = pages[path], !rowPaths.contains(path), !databasePaths.contains(path) else { continue }
            var free = content(of: page, folder: ExportPath.folder(path), ids: ids)
            free.parentPageID = Self.parentID(of: ExportPath.folder(path), ids: ids)
            export.pages.append(free)
        }
        return export
    }

    static func parentID(of folder: String, ids: [String: String]) -> String? {
        var current = folder
        while !current.isEmpty {
            if let id = NotionFileName(ExportPath.name(current)).id, ids[id] != nil { return id }
            current = ExportPath.folder(current)
        }
        return nil
    }

    private func readDatabase(_ table: HTMLNode, wrapper: HTMLNode?, in page: Page, pages: [String: Page], ids: [String: String],
                              skipped: inout [NotionSkippedFile]) -> NotionDatabase? {
        let folder = ExportPath.folder(page.path)
        let header = table.first { $0.name == "thead" }?.all { $0.name == "th" } ?? []
        let names = header.map { HTMLToMarkdown.textWithoutIcons($0).trimmingCharacters(in: .whitespacesAndNewlines) }
        guard !names.isEmpty else { return nil }
        var rowFiles: [(String, HTMLNode)] = []
        for row in (table.first { $0.name == "tbody" } ?? table).all(where: { $0.name == "tr" }) {
            guard let link = row.first(where: { $0.name == "a" && $0.attribute("href") != nil }),
                  let path = ExportPath.resolve(link.attribute("href") ?? "", from: folder) else { continue }
            rowFiles.append((path, row))
        }
        // The database's id: its own page's, or, inline, that of the folder its rows sit in.
        let inline = wrapper != nil
        var id = page.id
        var name = page.title
        if inline {
            guard let rowFolder = rowFiles.first.map({ ExportPath.folder($0.0) }),
                  let folderID = NotionFileName(ExportPath.name(rowFolder)).id else { return nil }
            id = folderID
            if let title = wrapper?.first(where: { $0.hasClass("collection-title") }) {
                name = HTMLToMarkdown.textWithoutIcons(title).trimmingCharacters(in: .whitespacesAndNewlines)
            } else {
                name = NotionFileName(ExportPath.name(rowFolder)).title
            }
        }
        var types: [String: NotionPropertyType] = [names[0]: .title]
        var rows: [NotionPage] = []
        for (path, tableRow) in rowFiles {
            guard let rowPage = pages[path] else {
                let title = tableRow.first { $0.name == "a" }.map(HTMLToMarkdown.textWithoutIcons) ?? ""
                skipped.append(NotionSkippedFile(path: page.path, kind: .rowWithoutPage, row: title))
                continue
            }
            var row = content(of: rowPage, folder: ExportPath.folder(path), ids: ids)
            var values = OrderedDictionary<String, NotionValue>()
            values[names[0]] = .text(row.title)
            for (key, value) in row.properties { values[key] = value }
            for (key, type) in propertyTypes(rowPage.root) where types[key] == nil { types[key] = type }
            // Column order as the database's header gives it; a property the header lacks goes after.
            var ordered = OrderedDictionary<String, NotionValue>()
            for name in names { if let value = values[name] { ordered[name] = value } }
            for (key, value) in values where ordered[key] == nil { ordered[key] = value }
            row.properties = ordered
            rows.append(row)
        }
        var properties = names.map { NotionProperty(name: $0, type: types[$0]) }
        for row in rows {
            for key in row.properties.keys where !properties.contains(where: { $0.name == key }) {
                properties.append(NotionProperty(name: key, type: types[key]))
            }
        }
        return NotionDatabase(id: id, name: name, path: page.path, properties: properties, rows: rows,
                              parentPageID: inline ? page.id : Self.parentID(of: folder, ids: ids))
    }

    private func propertyTypes(_ root: HTMLNode) -> [(String, NotionPropertyType)] {
        guard let table = root.first(where: { $0.name == "table" && $0.hasClass("properties") }) else { return [] }
        return table.all { $0.name == "tr" }.compactMap { row in
            guard let name = row.first(where: { $0.name == "th" }).map(HTMLToMarkdown.textWithoutIcons),
                  let type = Self.type(of: row) else { return nil }
            return (name.trimmingCharacters(in: .whitespacesAndNewlines), type)
        }
    }

    private static func type(of row: HTMLNode) -> NotionPropertyType? {
        guard let raw = row.classes.first(where: { $0.hasPrefix("property-row-") }) else { return nil }
        return NotionPropertyType(rawValue: String(raw.dropFirst("property-row-".count)))
    }

    /// A page's title, properties (as the page's table states them) and body.
    private func content(of page: Page, folder: String, ids: [String: String]) -> NotionPage {
        var properties = OrderedDictionary<String, NotionValue>()
        var attachments: [String] = []
        if let table = page.root.first(where: { $0.name == "table" && $0.hasClass("properties") }) {
            for row in table.all(where: { $0.name == "tr" }) {
                guard let th = row.first(where: { $0.name == "th" }), let td = row.first(where: { $0.name == "td" }) else { continue }
                let name = HTMLToMarkdown.textWithoutIcons(th).trimmingCharacters(in: .whitespacesAndNewlines)
                if let value = Self.value(td, type: Self.type(of: row), folder: folder, attachments: &attachments) {
                    properties[name] = value
                }
            }
        }
        let body = page.root.first { $0.name == "div" && $0.hasClass("page-body") }.map(HTMLToMarkdown.body) ?? ""
        var description = ""
        if let paragraph = page.root.first(where: { $0.name == "p" && $0.hasClass("page-description") }) {
            description = HTMLToMarkdown.inline(paragraph.children).trimmingCharacters(in: .whitespacesAndNewlines)
        }
        let text = description.isEmpty ? body : description + "\n" + (body.isEmpty ? "" : "\n" + body)
        return NotionPage(id: page.id, title: page.title, path: page.path, properties: properties, body: text,
                          attachments: attachments)
    }

    /// A property's value as the cell shows it; nil for an empty one.
    private static func value(_ cell: HTMLNode, type: NotionPropertyType?, folder: String,
                              attachments: inout [String]) -> NotionValue? {
        switch type {
        case .checkbox:
            if let box = cell.first(where: { $0.hasClass("checkbox") }) { return .checkbox(box.hasClass("checkbox-on")) }
        case .date, .createdTime, .lastEditedTime:
            let times = cell.all { $0.name == "time" }.map { $0.textContent.trimmingCharacters(in: .whitespacesAndNewlines) }
            let text = (times.isEmpty ? [cell.textContent.trimmingCharacters(in: .whitespacesAndNewlines)] : times)
                .map { $0.hasPrefix("@") ? String($0.dropFirst()) : $0 }
                .joined(separator: " → ")
            return text.isEmpty ? nil : .date(text)
        case .select, .multiSelect, .status:
            let selected = cell.all { $0.hasClass("selected-value") || $0.hasClass("status-value") }
                .map { HTMLToMarkdown.textWithoutIcons($0).trimmingCharacters(in: .whitespacesAndNewlines) }
                .filter { !$0.isEmpty }
            if !selected.isEmpty { return .options(selected) }
        case .relation:
            let links = cell.all { $0.name == "a" }.map { link in
                let target = ExportPath.resolve(link.attribute("href") ?? "", from: folder)
                    ?? (link.attribute("href") ?? "").removingPercentEncoding ?? ""
                let id = NotionFileName(ExportPath.name(target)).id ?? NotionFileName.id(inURL: Substring(link.attribute("href") ?? ""))
                return NotionLink(pageID: id, title: HTMLToMarkdown.textWithoutIcons(link).trimmingCharacters(in: .whitespacesAndNewlines))
            }
            return links.isEmpty ? nil : .pages(links)
        case .files:
            var names: [String] = []
            for link in cell.all(where: { $0.name == "a" }) {
                if let path = ExportPath.resolve(link.attribute("href") ?? "", from: folder) {
                    attachments.append(path)
                }
                names.append(link.textContent.trimmingCharacters(in: .whitespacesAndNewlines))
            }
            if !names.isEmpty { return .text(names.joined(separator: ", ")) }
        case .person, .createdBy, .lastEditedBy:
            let people = cell.all { $0.hasClass("user") }.map { HTMLToMarkdown.textWithoutIcons($0).trimmingCharacters(in: .whitespacesAndNewlines) }
            if !people.isEmpty { return .text(people.joined(separator: ", ")) }
        default:
            break
        }
        let text = HTMLToMarkdown.textWithoutIcons(cell).trimmingCharacters(in: .whitespacesAndNewlines)
        return text.isEmpty ? nil : .text(text)
    }
}
