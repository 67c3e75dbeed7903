import Foundation

// A relation in Notion's Markdown & CSV export, in either of its two spellings:
// - current exports: `Title (https://www.notion.so/Title-<hex>?pvs=21), Other, with comma (https://www.notion.so/…)`:
//   a title may hold parentheses and commas, so the list is cut at the links, not at the commas;
// - older exports: `Db%20<hex>/Title%20<hex>.md, Db%20<hex>/Other%20<hex>.md`: relative paths, URL-encoded (so a
//   comma inside a title is `%2C` and the comma between them separates), resolved against the file's folder.
// A value that is not wholly one of these is no relation (plain text that happens to hold a link stays text).

enum RelationText {
    /// The links of `value`, or nil when it is not a relation list.
    static func parse(_ value: String, folder: String) -> [NotionLink]? {
        // Most cells are plain text: only a value ending like a link list is looked at closely.
        guard let last = value.utf8.last(where: { $0 != UInt8(ascii: " ") }) else { return nil }
        let trimmed = value.first == " " || value.last == " " ? value.trimmingCharacters(in: .whitespaces) : value
        if last == UInt8(ascii: ")") { return notionURLs(trimmed) }
        let lower = trimmed.suffix(5).lowercased()
        if lower.hasSuffix(".md") || lower.hasSuffix(".html") { return relativePaths(trimmed, folder: folder) }
        return nil
    }

    private static func notionURLs(_ value: String) -> [NotionLink]? {
        var links: [NotionLink] = []
        var rest = Substring(value)
        while !rest.isEmpty {
            guard let open = rest.range(of: " (https://www.notion.so/") ?? rest.range(of: " (https://notion.so/") else { return nil }
            let title = rest[..<open.lowerBound]
            let urlStart = rest.index(after: open.lowerBound)
            // The URL ends at the first `)` that is followed by the end or by `, `.
            var search = open.upperBound
            var close: Substring.Index?
            while let candidate = rest[search...].firstIndex(of: ")") {
                let after = rest.index(after: candidate)
                if after == rest.endIndex || rest[after...].hasPrefix(", ") {
                    close = candidate
                    break
                }
                search = after
            }
            guard let end = close else { return nil }
            let url = rest[rest.index(after: urlStart)..<end]
            guard !url.contains(" ") else { return nil }
            links.append(NotionLink(pageID: NotionFileName.id(inURL: url), title: String(title)))
            rest = rest[rest.index(after: end)...]
            if rest.hasPrefix(", ") { rest = rest.dropFirst(2) }
        }
        return links.isEmpty ? nil : links
    }

    private static func relativePaths(_ value: String, folder: String) -> [NotionLink]? {
        var links: [NotionLink] = []
        for item in value.split(separator: ",") {
            let href = item.trimmingCharacters(in: .whitespaces)
            let lower = href.lowercased()
            guard lower.hasSuffix(".md") || lower.hasSuffix(".html"), !href.contains(" "),
                  let path = ExportPath.resolve(href, from: folder) else { return nil }
            let name = NotionFileName(ExportPath.name(path))
            guard let id = name.id else { return nil }
            links.append(NotionLink(pageID: id, title: name.title))
        }
        return links.isEmpty ? nil : links
    }
}
