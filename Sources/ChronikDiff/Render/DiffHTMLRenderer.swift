import ChronikStore

// `chronik diff --format html`: one standalone, accessible page. No external requests and no JavaScript (the
// style sheet is inline); `lang` on the page (English interface) and on the content (the store's language); one
// `h1`, an `h2` per entry, `h3` per changed block; fields as a table with header cells and a caption; prose as text
// (not rendered Markdown) with `<del>`/`<ins>`, whose start and end are also announced in words for screen readers
// that do not read those elements out. Every piece of content goes through HTMLText.escape.

/// Renders a snapshot diff as an HTML page.
public enum DiffHTMLRenderer {
    public static func render(_ diff: SnapshotDiff, options: RenderOptions = .init()) -> String {
        let title = "Changes from \(options.oldName) to \(options.newName)"
        let lang = options.contentLanguage.map { " lang=\"\(esc($0))\"" } ?? ""
        var out = """
            <!DOCTYPE html>
            <html lang="en">
            <head>
            <meta charset="utf-8">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <title>\(esc(title))</title>
            <style>
            body { font-family: system-ui, sans-serif; line-height: 1.5; max-width: 50rem; margin: 0 auto; padding: 1rem; color: #1a1a1a; background: #fff; }
            h2 { border-top: 1px solid #ccc; padding-top: 1rem; font-size: 1.25rem; }
            h3 { font-size: 1rem; font-weight: 600; }
            table { border-collapse: collapse; width: 100%; }
            caption { text-align: left; font-weight: 600; }
            th, td { border: 1px solid #ccc; padding: 0.25rem 0.5rem; text-align: left; vertical-align: top; }
            .block { white-space: pre-wrap; overflow-wrap: anywhere; border-left: 3px solid #ccc; padding-left: 0.75rem; }
            del { background: #ffe0e0; color: #7a0000; }
            ins { background: #dcf5dc; color: #004d00; text-decoration: none; border-bottom: 2px solid #2e7d32; }
            .sr { position: absolute; width: 1px; height: 1px; overflow: hidden; clip-path: inset(50%); white-space: nowrap; }
            </style>
            </head>
            <body>
            <main>
            <h1>\(esc(title))</h1>

            """
        guard !diff.isEmpty else { return out + "<p>No changes.</p>\n</main>\n</body>\n</html>\n" }
        out += "<p>\(esc(RenderWords.summary(diff.summary)))</p>\n"
        for (n, entry) in diff.entries.enumerated() {
            let id = "entry-\(n + 1)"
            out += "<section aria-labelledby=\"\(id)\"\(lang)>\n<h2 id=\"\(id)\">\(heading(entry))</h2>\n"
            for problem in entry.problems { out += "<p><strong>Problem:</strong> \(esc(problem))</p>\n" }
            if let formatting = entry.formatting { out += "<p class=\"formatting\">\(esc(capitalized(RenderWords.formatting(formatting)))).</p>\n" }
            if !entry.fields.isEmpty {
                out += "<table>\n<caption>Fields</caption>\n<thead><tr><th scope=\"col\">Field</th><th scope=\"col\">Before</th><th scope=\"col\">After</th></tr></thead>\n<tbody>\n"
                for field in entry.fields { out += row(field) }
                out += "</tbody>\n</table>\n"
            }
            for block in entry.prose.blocks {
                out += "<h3>\(esc(capitalized(RenderWords.blockHeading(block))))</h3>\n"
                if block.kind == .moved, !block.words.hasChanges { continue }
                out += "<p class=\"block\">\(words(block.words))</p>\n"
            }
            out += "</section>\n"
        }
        if !diff.files.isEmpty {
            out += "<section aria-labelledby=\"files\">\n<h2 id=\"files\">Other files</h2>\n<ul>\n"
            for file in diff.files { out += "<li>\(esc(file.kind.rawValue)): <code>\(esc(file.path))</code></li>\n" }
            out += "</ul>\n</section>\n"
        }
        for (n, document) in diff.documents.enumerated() {
            let id = "document-\(n + 1)"
            out += "<section aria-labelledby=\"\(id)\"\(lang)>\n<h2 id=\"\(id)\">\(esc(document.collection)) in document order</h2>\n"
            out += "<table>\n<thead><tr><th scope=\"col\">Section</th><th scope=\"col\">Change</th></tr></thead>\n<tbody>\n"
            for section in document.sections where section.kind != .unchanged {
                var name = esc(section.title ?? section.id)
                if section.title != nil { name += " (<code>\(esc(section.id))</code>)" }
                out += "<tr><td>\(name)</td><td>\(esc(RenderWords.section(section)))</td></tr>\n"
            }
            out += "</tbody>\n</table>\n</section>\n"
        }
        return out + "</main>\n</body>\n</html>\n"
    }

    static func esc(_ text: String) -> String { HTMLText.escape(text) }

    static func capitalized(_ s: String) -> String { s.prefix(1).uppercased() + s.dropFirst() }

    static func heading(_ entry: EntryDiff) -> String {
        var text = esc(capitalized(entry.kind.rawValue)) + ": "
        if let from = entry.from { text += "<code>\(esc(from.description))</code> → " }
        text += "<code>\(esc(entry.entry.description))</code>"
        if let title = entry.title { text += " — " + esc(title) }
        if let s = entry.similarity, s < 1 { text += " (\(Int((s * 100).rounded(.down)))% similar)" }
        return text
    }

    static func row(_ field: FieldChange) -> String {
        func cell(_ v: JSONValue?) -> String { v == nil ? "<em>(none)</em>" : esc(RenderWords.value(v)) }
        let before: String, after: String
        switch field.kind {
        case .added: (before, after) = ("<em>(none)</em>", cell(field.new))
        case .removed: (before, after) = (cell(field.old), "<em>(none)</em>")
        case .changed:
            if let w = field.words { (before, after) = (cell(field.old), words(w)) } else { (before, after) = (cell(field.old), cell(field.new)) }
        case .list:
            var removed = field.itemsRemoved.map { del(esc(RenderWords.value($0))) }.joined(separator: ", ")
            var added = field.itemsAdded.map { ins(esc(RenderWords.value($0))) }.joined(separator: ", ")
            if removed.isEmpty { removed = cell(field.old) }
            if added.isEmpty { added = cell(field.new) }
            if field.reordered { added += " (reordered)" }
            (before, after) = (removed, added)
        }
        return "<tr><th scope=\"row\">\(esc(field.label))</th><td>\(before)</td><td>\(after)</td></tr>\n"
    }

    static func del(_ html: String) -> String { "<del><span class=\"sr\">[deleted: </span>\(html)<span class=\"sr\">]</span></del>" }
    static func ins(_ html: String) -> String { "<ins><span class=\"sr\">[inserted: </span>\(html)<span class=\"sr\">]</span></ins>" }

    /// A word diff as text with `<del>` and `<ins>`; line breaks are kept (the block is `white-space: pre-wrap`).
    static func words(_ segments: [WordSegment]) -> String {
        segments.map { segment in
            let text = esc(segment.text)
            switch segment.operation {
            case .equal: return text
            case .delete: return del(text)
            case .insert: return ins(text)
            }
        }.joined()
    }
}
