import Foundation

// Files a page links to that are in the export (images, PDFs, anything not a page or database file) are the page's
// attachments: the body's Markdown links and images (`[a](Page%20<hex>/file.pdf)`, `![](…)`) and HTML `src`/`href`
// attributes left in it, resolved against the page's folder. Their bytes go into the export value (the reader keeps
// no files); every other file is reported as skipped, so nothing disappears without a word.

enum Attachments {
    static func collect(into export: inout NotionExport, files: ExportFiles) throws(NotionReadError) {
        var used: Set<String> = []
        var pageFiles: Set<String> = Set(export.pages.map(\.path))
        for database in export.databases {
            pageFiles.insert(database.path)
            for row in database.rows { pageFiles.insert(row.path) }
        }
        func attach(_ page: inout NotionPage) {
            let folder = ExportPath.folder(page.path)
            var found = page.attachments.filter(files.contains)
            for href in Self.targets(in: page.body) {
                guard let path = ExportPath.resolve(href, from: folder), files.contains(path) else { continue }
                let ext = NotionFileName(ExportPath.name(path)).ext
                if pageFiles.contains(path) || ((ext == "md" || ext == "html" || ext == "csv") && NotionFileName(ExportPath.name(path)).id != nil) {
                    continue
                }
                if !found.contains(path) { found.append(path) }
            }
            page.attachments = found
            used.formUnion(found)
        }
        for index in export.pages.indices { attach(&export.pages[index]) }
        for d in export.databases.indices {
            for r in export.databases[d].rows.indices { attach(&export.databases[d].rows[r]) }
        }
        for path in used.sorted() { export.attachmentContents[path] = try files.data(path) }
        let skippedPaths = Set(export.skipped.map(\.path))
        for path in files.paths where !used.contains(path) && !pageFiles.contains(path) && !skippedPaths.contains(path) {
            let name = NotionFileName(ExportPath.name(path))
            let reason: String
            if name.id != nil, name.ext == "md" || name.ext == "html" {
                reason = "the page of a database (its rows are read from the database)"
            } else {
                reason = "no page links to it"
            }
            export.skipped.append(NotionSkippedFile(path: path, reason: reason))
        }
    }

    /// The link targets of a Markdown body: `](target)`, `](<target>)`, and `src="…"`/`href="…"` of HTML in it.
    static func targets(in body: String) -> [String] {
        var targets: [String] = []
        var rest = Substring(body)
        while let open = rest.range(of: "](") {
            var after = rest[open.upperBound...]
            if after.hasPrefix("<") {
                after = after.dropFirst()
                guard let close = after.firstIndex(of: ">") else { break }
                targets.append(String(after[..<close]))
                rest = after[close...]
                continue
            }
            guard let close = after.firstIndex(where: { $0 == ")" || $0 == " " || $0 == "\n" }) else { break }
            targets.append(String(after[..<close]))
            rest = after[close...]
        }
        for attribute in ["src=\"", "href=\""] {
            var text = Substring(body)
            while let open = text.range(of: attribute) {
                let after = text[open.upperBound...]
                guard let close = after.firstIndex(of: "\"") else { break }
                targets.append(String(after[..<close]))
                text = after[close...]
            }
        }
        return targets
    }
}
