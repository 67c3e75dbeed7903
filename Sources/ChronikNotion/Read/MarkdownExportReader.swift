import Foundation
import OrderedCollections

// Notion's "Markdown & CSV" export (issue 17): a database is `Name <hex>.csv` (the current view) and
// `Name <hex>_all.csv` (all rows; preferred), with a folder `Name <hex>/` holding one page per row; a row page is
// `# Title`, a blank line, one `Property: value` line per non-empty property, a blank line, then the body. The CSV
// gives the values (every column, in header order, title first); the page gives the id (its file name), the exact
// title and the body. A page that is no row is a free page; its subpages sit in the folder named like it.

struct MarkdownExportReader {
    let files: ExportFiles

    func read() throws(NotionReadError) -> NotionExport {
        var export = NotionExport(format: .markdown)
        var pageFiles: [String: NotionFileName] = [:]
        var databaseFiles: OrderedDictionary<String, (view: String?, all: String?, name: NotionFileName)> = [:]
        for path in files.paths {
            let name = NotionFileName(ExportPath.name(path))
            guard name.id != nil else { continue }
            switch name.ext {
            case "md": pageFiles[path] = name
            case "csv":
                let key = Self.join(ExportPath.folder(path), name.title + " " + (name.id ?? ""))
                var entry = databaseFiles[key] ?? (nil, nil, name)
                if name.isAllRows { entry.all = path } else { entry.view = path }
                databaseFiles[key] = entry
            default: continue
            }
        }

        var consumed: Set<String> = []
        var pagesByID: [String: ParsedPage] = [:]
        var parsed: [String: ParsedPage] = [:]
        var pagesByFolder: [String: [ParsedPage]] = [:]
        for path in files.paths {
            guard let name = pageFiles[path] else { continue }
            let page = try ParsedPage(path: path, name: name, text: files.text(path))
            parsed[path] = page
            pagesByFolder[ExportPath.folder(path), default: []].append(page)
            if let id = name.id { pagesByID[id] = pagesByID[id] ?? page }
        }

        for (key, entry) in databaseFiles {
            guard let csvPath = entry.all ?? entry.view, let id = entry.name.id else { continue }
            if let view = entry.view, entry.all != nil {
                export.skipped.append(NotionSkippedFile(path: view, kind: .databaseView))
            }
            let folder = ExportPath.folder(csvPath)
            var name = entry.name.title
            // The database's own page (`Name <hex>.md` beside the CSV), if the export has one, spells the name exactly.
            if let stub = parsed[key + ".md"] {
                name = stub.title
                consumed.insert(stub.path)
            }
            let rowsFolder = [key, Self.join(folder, entry.name.title)]
                .first { candidate in files.paths.contains { $0.hasPrefix(candidate + "/") } }
            let rowPages = rowsFolder.map { pagesByFolder[$0] ?? [] } ?? []
            let database = try readDatabase(id: id, name: name, csvPath: csvPath, rowPages: rowPages, skipped: &export.skipped)
            for row in database.rows { consumed.insert(row.path) }
            var placed = database
            placed.parentPageID = Self.parentID(of: folder, pages: pagesByID)
            export.databases.append(placed)
        }

        // A relation written as a path names its target by the file's title, which has Notion's replacements; the
        // page's own title is the one to give.
        for d in export.databases.indices {
            for r in export.databases[d].rows.indices {
                for (key, value) in export.databases[d].rows[r].properties {
                    guard case .pages(let links) = value else { continue }
                    export.databases[d].rows[r].properties[key] = .pages(links.map { link in
                        guard let id = link.pageID, let target = pagesByID[id] else { return link }
                        return NotionLink(pageID: id, title: target.title)
                    })
                }
            }
        }

        for path in files.paths {
            guard let page = parsed[path], !consumed.contains(path) else { continue }
            export.pages.append(NotionPage(id: page.id, title: page.title, path: path, body: page.body,
                                           parentPageID: Self.parentID(of: ExportPath.folder(path), pages: pagesByID)))
        }
        return export
    }

    /// The page id of the nearest folder up from `folder` that is named like a page of the export.
    static func parentID(of folder: String, pages: [String: ParsedPage]) -> String? {
        var current = folder
        while !current.isEmpty {
            if let id = NotionFileName(ExportPath.name(current)).id, pages[id] != nil { return id }
            current = ExportPath.folder(current)
        }
        return nil
    }

    static func join(_ folder: String, _ name: String) -> String {
        folder.isEmpty ? name : folder + "/" + name
    }

    private func readDatabase(id: String, name: String, csvPath: String, rowPages: [ParsedPage],
                              skipped: inout [NotionSkippedFile]) throws(NotionReadError) -> NotionDatabase {
        let records = try CSV.parse(files.text(csvPath), path: csvPath)
        guard let header = records.first?.fields, !header.isEmpty else {
            return NotionDatabase(id: id, name: name, path: csvPath, properties: [], rows: [])
        }
        let folder = ExportPath.folder(csvPath)
        let names = header.map { $0.trimmingCharacters(in: .whitespaces) }
        var columns: [[NotionValue?]] = Array(repeating: [], count: names.count)
        for record in records.dropFirst() {
            for (index, cell) in record.fields.enumerated() {
                if cell.isEmpty {
                    columns[index].append(nil)
                } else if index > 0, let links = RelationText.parse(cell, folder: folder) {
                    columns[index].append(.pages(links))
                } else {
                    columns[index].append(.text(cell))
                }
            }
        }
        var properties: [NotionProperty] = []
        for (index, name) in names.enumerated() {
            if index == 0 {
                properties.append(NotionProperty(name: name, type: .title))
                continue
            }
            let values = columns[index].compactMap { $0 }
            let allPages = !values.isEmpty && values.allSatisfy { if case .pages = $0 { return true } else { return false } }
            properties.append(NotionProperty(name: name, type: allPages ? .relation : nil))
            if !allPages {
                // A column where only some values read as links is text throughout (a text property that names a page).
                for row in columns[index].indices {
                    if case .pages = columns[index][row] { columns[index][row] = .text(records[row + 1].fields[index]) }
                }
            }
        }

        // The row pages by title, each list in path order; a page is taken once.
        var byTitle: [String: [Int]] = [:]
        var byTrimmedTitle: [String: [Int]] = [:]
        for (index, page) in rowPages.enumerated() {
            byTitle[page.title, default: []].append(index)
            byTrimmedTitle[page.title.trimmingCharacters(in: .whitespaces), default: []].append(index)
        }
        var taken = Set<Int>()
        var rows: [NotionPage] = []
        var matched: [ParsedPage] = []
        for (rowIndex, record) in records.dropFirst().enumerated() {
            var values = OrderedDictionary<String, NotionValue>()
            for (index, name) in names.enumerated() {
                if let value = columns[index][rowIndex] { values[name] = value }
            }
            let title = record.fields[0]
            var candidates = (byTitle[title] ?? []).filter { !taken.contains($0) }
            if candidates.isEmpty {
                candidates = (byTrimmedTitle[title.trimmingCharacters(in: .whitespaces)] ?? []).filter { !taken.contains($0) }
            }
            let cells = candidates.count > 1
                ? Dictionary(zip(names.dropFirst(), record.fields.dropFirst()), uniquingKeysWith: { first, _ in first }) : [:]
            guard let pick = Self.match(candidates, cells: cells, in: rowPages) else {
                skipped.append(NotionSkippedFile(path: csvPath, kind: .rowWithoutPage, row: title))
                continue
            }
            taken.insert(pick)
            let page = rowPages[pick]
            matched.append(page)
            let filled = Array(zip(names, record.fields).dropFirst().filter { !$0.1.isEmpty })
            rows.append(NotionPage(id: page.id, title: page.title, path: page.path, properties: values,
                                   body: page.bodyAfterProperties(filled)))
        }
        // Where the CSV names related pages by title only, the row pages' `Property: value` lines may link them: a
        // column becomes a relation when every row that has a value links it there.
        let rowFolder = rowPages.first.map { ExportPath.folder($0.path) } ?? folder
        for index in properties.indices.dropFirst() where properties[index].type == nil {
            let name = properties[index].name
            var links: [Int: [NotionLink]] = [:]
            var complete = true
            for (rowIndex, row) in rows.enumerated() where row.properties[name] != nil {
                guard let line = matched[rowIndex].propertyLines(names: Set(names.dropFirst()))[name],
                      let parsed = RelationText.parse(line, folder: rowFolder) else {
                    complete = false
                    break
                }
                links[rowIndex] = parsed
            }
            guard complete, !links.isEmpty else { continue }
            properties[index].type = .relation
            for (rowIndex, value) in links { rows[rowIndex].properties[name] = .pages(value) }
        }
        return NotionDatabase(id: id, name: name, path: csvPath, properties: properties, rows: rows)
    }

    /// The row page for a CSV row among the untaken pages titled like it: the only one; among several, the one
    /// whose `Property: value` lines say what the row's cells say; else the first by path.
    static func match(_ candidates: [Int], cells: [String: String], in pages: [ParsedPage]) -> Int? {
        if candidates.count <= 1 { return candidates.first }
        let expected = cells.filter { !$0.value.isEmpty }
        return candidates.first { index in pages[index].propertyLines(names: Set(cells.keys)) == expected } ?? candidates.first
    }
}

/// A page file of the Markdown export, split into title and the rest.
struct ParsedPage {
    let path: String
    let id: String
    let title: String
    /// The lines after the title line (the property lines, if any, then the body).
    let rest: [Substring]

    init(path: String, name: NotionFileName, text: String) {
        self.path = path
        self.id = name.id ?? ""
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false).map { line in
            line.hasSuffix("\r") ? line.dropLast() : line
        }
        if let first = lines.first, first.hasPrefix("# ") {
            title = String(first.dropFirst(2))
            lines.removeFirst()
        } else {
            title = name.title
        }
        rest = lines[...].drop { $0.isBlank }.map { $0 }
    }

    /// The body of a free page: everything after the title.
    var body: String { Self.join(rest[...]) }

    /// The leading `Name: value` block, when every line of it names one of `names`.
    func propertyLines(names: Set<String>) -> [String: String] {
        var values: [String: String] = [:]
        for line in rest {
            if line.isBlank { break }
            guard let (name, value) = Self.propertyLine(line, names: names) else { return [:] }
            values[name] = value
        }
        return values
    }

    /// The body of a row page: after the property block (when the first lines are one). `cells` are the properties
    /// the row has a value for, in column order: Notion writes a line for those only, so a body that starts `Note: …` where the row's
    /// Note is empty stays body.
    func bodyAfterProperties(_ cells: [(name: String, value: String)]) -> String {
        // The block exactly as the CSV's cells spell it (a value may span lines); else line by line.
        var block: [Substring] = []
        for cell in cells {
            let value = cell.value.contains("\r") ? cell.value.replacingOccurrences(of: "\r\n", with: "\n") : cell.value
            block += (cell.name + ": " + value).split(separator: "\n", omittingEmptySubsequences: false)
        }
        if !block.isEmpty, rest.count >= block.count, zip(rest, block).allSatisfy({ $0 == $1 }) {
            return Self.join(rest[block.count...])
        }
        let names = Set(cells.map(\.name))
        var index = 0
        while index < rest.count, !rest[index].isBlank {
            guard Self.propertyLine(rest[index], names: names) != nil else { return body }
            index += 1
        }
        return Self.join(rest[index...])
    }

    /// `Name: value` for the longest property name that starts the line (a name may itself hold `: `).
    static func propertyLine(_ line: Substring, names: Set<String>) -> (String, String)? {
        var best: String?
        for name in names where line.hasPrefix(name + ":") && (best?.count ?? -1) < name.count {
            best = name
        }
        guard let name = best else { return nil }
        let value = line.dropFirst(name.count + 1)
        return (name, value.hasPrefix(" ") ? String(value.dropFirst()) : String(value))
    }

    /// Lines joined, without the blank lines at either end, ending in one line break (empty when there is nothing).
    static func join(_ lines: ArraySlice<Substring>) -> String {
        let kept = lines.drop { $0.isBlank }
        var end = kept.endIndex
        while end > kept.startIndex, kept[end - 1].isBlank { end -= 1 }
        let body = asides(kept[kept.startIndex..<end])
        return body.isEmpty ? "" : body.joined(separator: "\n") + "\n"
    }

    /// Notion writes a callout as an HTML `<aside>` block in its Markdown; it becomes a quote, as the HTML export's
    /// callouts do (`HTMLToMarkdown`), so a body reads the same from either format.
    static func asides(_ lines: ArraySlice<Substring>) -> [Substring] {
        guard lines.contains(where: { $0.utf8.count < 16 && $0.trimmingCharacters(in: .whitespaces) == "<aside>" }) else { return Array(lines) }
        var out: [Substring] = []
        var inside: [Substring]?
        for line in lines {
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            if inside == nil, trimmed == "<aside>" {
                inside = []
            } else if var content = inside, trimmed == "</aside>" {
                while content.first?.isBlank == true { content.removeFirst() }
                while content.last?.isBlank == true { content.removeLast() }
                out += content.map { $0.isEmpty ? ">" : "> " + $0 }
                inside = nil
            } else if inside != nil {
                inside?.append(line)
            } else {
                out.append(line)
            }
        }
        // An aside never closed stays as it was written.
        if let open = inside { out += ["<aside>"] + open }
        return out
    }
}

extension StringProtocol {
    /// Empty or only spaces and tabs (a blank line), checked on the bytes: Foundation's trimming bridges each line.
    var isBlank: Bool {
        utf8.allSatisfy { $0 == UInt8(ascii: " ") || $0 == UInt8(ascii: "\t") }
    }
}
