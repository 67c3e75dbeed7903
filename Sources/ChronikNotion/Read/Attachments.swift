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
            let isPage = name.id != nil && (name.ext == "md" || name.ext == "html")
            export.skipped.append(NotionSkippedFile(path: path, kind: isPage ? .databasePage : .unlinked))
        }
    }

    /// The link targets of a Markdown body: `](target)`, `](<target>)`, and `src="…"`/`href="…"` of HTML in it.
    static func targets(in body: String) -> [String] {
        let bytes = Array(body.utf8)
        var targets: [String] = []
        var index = 0
        func take(from start: Int, until end: (UInt8) -> Bool) -> Int? {
            var stop = start
            while stop < bytes.count, !end(bytes[stop]) { stop += 1 }
            guard stop < bytes.count else { return nil }
            targets.append(String(decoding: bytes[start..<stop], as: UTF8.self))
            return stop
        }
        while index + 1 < bytes.count {
            defer { index += 1 }
            let byte = bytes[index]
            if byte == UInt8(ascii: "]"), bytes[index + 1] == UInt8(ascii: "(") {
                // CommonMark's link destination: balanced or escaped parentheses inside (LinkDestination.swift).
                if let (range, _, closing) = LinkDestination.scan(bytes, from: index + 2) {
                    targets.append(String(decoding: bytes[range], as: UTF8.self))
                    index = closing
                }
            } else if byte == UInt8(ascii: "=") && bytes[index + 1] == UInt8(ascii: "\"") && Self.isAttribute(bytes, before: index) {
                index = take(from: index + 2) { $0 == UInt8(ascii: "\"") } ?? bytes.count
            }
        }
        return targets
    }

    /// `src` or `href` just before `index`.
    private static func isAttribute(_ bytes: [UInt8], before index: Int) -> Bool {
        for name in ["src", "href"] {
            let utf8 = Array(name.utf8)
            if index >= utf8.count, Array(bytes[(index - utf8.count)..<index]) == utf8 { return true }
        }
        return false
    }
}
