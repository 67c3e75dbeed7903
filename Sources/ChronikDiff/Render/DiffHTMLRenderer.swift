import ChronikStore

// `chronik diff --format html`: one standalone, accessible page for residents, in the store's language (`DiffLabels`,
// `lang` on the page; content in another language than the labels gets its own `lang`). No external requests and no
// JavaScript (the style sheet is inline); the same layout rules as the changelog page (HTMLChangelog): a skip link,
// header, main and footer landmarks, one `h1`, an `h2` per entry, `h3` per changed block, contrast of at least 4.5:1,
// long words and URLs wrap. Fields are a table with header cells and a caption that reflows on a phone (each row a
// block, each cell led by its column's name), so that nothing is wider than the viewport. Prose is text (not
// rendered Markdown) with `<del>`/`<ins>`, struck through and underlined (more than colour), whose start and end are
// also announced in words for screen readers that do not read those elements out. Every piece of content goes
// through HTMLText.escape.

/// Renders a snapshot diff as an HTML page.
public enum DiffHTMLRenderer {
    public static func render(_ diff: SnapshotDiff, options: RenderOptions = .init()) -> String {
        let labels = DiffLabels(language: options.language)
        let page = Page(labels: labels, contentLanguage: options.contentLanguage)
        let title = labels.title(options)
        // The heading names a release by its title, its tag name and date in small print.
        func side(_ name: String, _ release: ReleaseSide?) -> String {
            let (main, small) = labels.side(name, release: release)
            guard small != nil, let release else { return esc(main) }
            let date = "<time datetime=\"\(esc(release.isoDate))\">\(esc(release.date))</time>"
            return page.content(main) + " <span class=\"place\">(<code>" + esc(release.name) + "</code>, " + date + ")</span>"
        }
        let heading = labels.title(old: side(options.oldName, options.oldRelease), new: side(options.newName, options.newRelease),
                                   newIsWorkingTree: options.newIsWorkingTree, text: esc)
        var out = """
            <!DOCTYPE html>
            <html lang="\(esc(labels.language))">
            <head>
            <meta charset="utf-8">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <meta name="generator" content="chronik">
            <title>\(esc(title))</title>
            <style>
            \(stylesheet)
            </style>
            </head>
            <body>
            <a class="skip-link" href="#main">\(esc(labels.skipLink))</a>
            <header class="page-header">
            <h1>\(heading)</h1>
            </header>
            <main id="main" tabindex="-1">

            """
        let end = "</main>\n<footer class=\"page-footer\">\n<p>\(esc(labels.generated))</p>\n</footer>\n</body>\n</html>\n"
        guard !diff.isEmpty else { return out + "<p>\(esc(labels.noChanges))</p>\n" + end }
        out += "<p class=\"summary\">\(esc(labels.summary(diff.summary)))</p>\n"
        for (n, entry) in diff.entries.enumerated() {
            let id = "entry-\(n + 1)"
            out += "<section class=\"entry\" aria-labelledby=\"\(id)\">\n<h2 id=\"\(id)\">\(page.heading(entry))</h2>\n"
            for problem in entry.problems { out += "<p><strong>\(esc(labels.problem)):</strong> \(esc(problem))</p>\n" }
            if let formatting = entry.formatting { out += "<p class=\"formatting\">\(esc(labels.formatting(formatting))).</p>\n" }
            if !entry.fields.isEmpty {
                out += "<table class=\"fields\">\n<caption>\(esc(labels.fields))</caption>\n"
                out += "<thead><tr><th scope=\"col\">\(esc(labels.field))</th><th scope=\"col\">\(esc(labels.before))</th><th scope=\"col\">\(esc(labels.after))</th></tr></thead>\n<tbody>\n"
                for field in entry.fields { out += page.row(field, references: entry.references ?? []) }
                out += "</tbody>\n</table>\n"
            }
            for block in entry.prose.blocks {
                out += "<h3>\(esc(labels.blockHeading(block)))</h3>\n"
                if block.kind == .moved, !block.words.hasChanges { continue }
                out += "<p class=\"block\"\(page.contentLang)>\(page.words(block.words))</p>\n"
            }
            if let attachments = entry.attachments, !attachments.isEmpty {
                out += "<h3>\(esc(labels.attachments))</h3>\n<ul class=\"attachments\">\n"
                for change in attachments { out += "<li>\(esc(labels.attachment(change)))</li>\n" }
                out += "</ul>\n"
            }
            out += "</section>\n"
        }
        if !diff.files.isEmpty {
            out += "<section aria-labelledby=\"files\">\n<h2 id=\"files\">\(esc(labels.otherFiles))</h2>\n<ul>\n"
            for file in diff.files { out += "<li>\(esc(labels.fileKind(file.kind))): <code>\(esc(file.path))</code></li>\n" }
            out += "</ul>\n</section>\n"
        }
        for (n, document) in diff.documents.enumerated() {
            let id = "document-\(n + 1)"
            out += "<section aria-labelledby=\"\(id)\">\n<h2 id=\"\(id)\">\(esc(labels.documentOrder(document.collection)))</h2>\n"
            out += "<table class=\"order\">\n<thead><tr><th scope=\"col\">\(esc(labels.section))</th><th scope=\"col\">\(esc(labels.change))</th></tr></thead>\n<tbody>\n"
            for section in document.sections where section.kind != .unchanged {
                var name = section.title.map(page.content) ?? "<code>\(esc(section.id))</code>"
                if section.title != nil { name += " <span class=\"place\">(<code>\(esc(section.id))</code>)</span>" }
                out += "<tr><th scope=\"row\">\(name)</th><td data-label=\"\(esc(labels.change))\">\(esc(labels.section(section)))</td></tr>\n"
            }
            out += "</tbody>\n</table>\n</section>\n"
        }
        return out + end
    }

    static func esc(_ text: String) -> String { HTMLText.escape(text) }

    /// What every part of one page needs: its labels, and the `lang` attribute for content when the content's
    /// language is known and is not the labels' (`--lang en` on a German store).
    struct Page {
        let labels: DiffLabels
        let contentLang: String

        init(labels: DiffLabels, contentLanguage: String?) {
            self.labels = labels
            if let contentLanguage, contentLanguage != labels.language {
                contentLang = " lang=\"\(HTMLText.escape(contentLanguage))\""
            } else {
                contentLang = ""
            }
        }

        /// Text of the store, escaped, in a `span` that says its language when it is not the page's.
        func content(_ text: String) -> String {
            contentLang.isEmpty ? esc(text) : "<span\(contentLang)>\(esc(text))</span>"
        }

        /// "Geändert: Senatskanzlei Berlin (actors/senatskanzlei)": the kind, the title for people, then (in small
        /// print) where the entry is, was, and how similar for a rename.
        func heading(_ entry: EntryDiff) -> String {
            var text = esc(labels.entryKind(entry.kind)) + ": "
            if let title = entry.title { text += content(title) + " " }
            var place = ""
            if let from = entry.from { place += "<code>\(esc(from.description))</code> → " }
            place += "<code>\(esc(entry.entry.description))</code>"
            if let s = entry.similarity, s < 1 { place += " (" + esc(labels.similar(s)) + ")" }
            return text + "<span class=\"place\">\(place)</span>"
        }

        /// A field's row. Referenced entries are shown by their titles (of each side's version), each with its id in
        /// small print (`ReferenceTitle`); a word diff of an id is not shown then.
        func row(_ field: FieldChange, references: [ReferenceTitle] = []) -> String {
            let none = "<em>\(esc(labels.none))</em>"
            let places = ReferenceTitle.places(of: field, in: references)
            let oldTitles = places.map { ($0.rest[...], $0.old) }, newTitles = places.map { ($0.rest[...], $0.new) }
            let oldItemTitles = places.map { ($0.itemRest[...], $0.old) }, newItemTitles = places.map { ($0.itemRest[...], $0.new) }
            func cell(_ v: JSONValue?, _ titles: [(ArraySlice<String>, [String: String])]) -> String {
                v.map { value($0, titles) } ?? none
            }
            let titledWords = places.contains { !$0.old.isEmpty || !$0.new.isEmpty }
            let before: String, after: String
            switch field.kind {
            case .added: (before, after) = (none, cell(field.new, newTitles))
            case .removed: (before, after) = (cell(field.old, oldTitles), none)
            case .changed:
                if let w = field.words, !titledWords {
                    (before, after) = (cell(field.old, oldTitles), words(w))
                } else {
                    (before, after) = (cell(field.old, oldTitles), cell(field.new, newTitles))
                }
            case .list:
                var removed = field.itemsRemoved.map { del(value($0, oldItemTitles)) }.joined(separator: ", ")
                var added = field.itemsAdded.map { ins(value($0, newItemTitles)) }.joined(separator: ", ")
                if removed.isEmpty { removed = cell(field.old, oldTitles) }
                if added.isEmpty { added = cell(field.new, newTitles) }
                if field.reordered { added += " " + esc(labels.reordered) }
                (before, after) = (removed, added)
            }
            // The content's language on cells with content; "(none)" is in the labels' language, as the page is.
            let beforeLang = before == none ? "" : contentLang, afterLang = after == none ? "" : contentLang
            return "<tr><th scope=\"row\">\(esc(field.label))</th><td data-label=\"\(esc(labels.before))\"\(beforeLang)>\(before)</td>"
                + "<td data-label=\"\(esc(labels.after))\"\(afterLang)>\(after)</td></tr>\n"
        }

        /// A value as `DiffLabels.value` writes it, escaped, with the ids at the places given (the rest of a
        /// reference's pattern, and the titles by id) shown as "Title (id)", the id in small print.
        func value(_ v: JSONValue, _ places: [(rest: ArraySlice<String>, titles: [String: String])]) -> String {
            let live = places.filter { !$0.titles.isEmpty }
            guard !live.isEmpty else { return esc(labels.value(v)) }
            let here = live.filter { $0.rest.isEmpty }.reduce(into: [String: String]()) { $0.merge($1.titles) { a, _ in a } }
            func reference(_ id: String) -> String? {
                here[id].map { esc($0) + " <span class=\"place\">(<code>" + esc(id) + "</code>)</span>" }
            }
            switch v {
            case .string(let id): return reference(id) ?? esc(labels.value(v))
            case .array(let items):
                let below = live.filter { $0.rest.first == "*" }.map { ($0.rest.dropFirst(), $0.titles) }
                return "[" + items.map { item in
                    if let id = item.stringValue, let shown = reference(id) { return shown }
                    return value(item, below)
                }.joined(separator: ", ") + "]"
            case .object(let members):
                return "{" + members.map { key, member in
                    esc(key) + ": " + value(member, live.filter { $0.rest.first == key }.map { ($0.rest.dropFirst(), $0.titles) })
                }.joined(separator: ", ") + "}"
            default: return esc(labels.value(v))
            }
        }

        func del(_ html: String) -> String {
            "<del><span class=\"sr\">[\(esc(labels.deletedCue)): </span>\(html)<span class=\"sr\">]</span></del>"
        }

        func ins(_ html: String) -> String {
            "<ins><span class=\"sr\">[\(esc(labels.insertedCue)): </span>\(html)<span class=\"sr\">]</span></ins>"
        }

        /// A word diff as text with `<del>` and `<ins>`; line breaks are kept (the block is `white-space: pre-wrap`).
        func words(_ segments: [WordSegment]) -> String {
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

    /// The embedded stylesheet: the rules the changelog page shares (`PageStyle`: system fonts, one column, contrast
    /// of at least 4.5:1, visible focus, deletions struck through), insertions underlined, and tables that become one
    /// block per row on a narrow screen, each cell led by its column's name.
    static let stylesheet = PageStyle.sheet(
        focus: "a:focus, main:focus { outline: 3px solid var(--link); outline-offset: 2px; }",
        containers: ".page-header, main, .page-footer", width: "50rem",
        rules: """
            h2 { font-size: 1.3rem; margin: 2.5rem 0 0.5rem; border-bottom: 1px solid var(--line); padding-bottom: 0.25rem; }
            h3 { font-size: 1rem; font-weight: 600; margin: 1.25rem 0 0.25rem; }
            .place { color: var(--muted); font-weight: normal; font-size: 0.9em; }
            table { border-collapse: collapse; width: 100%; table-layout: fixed; margin: 0.5rem 0; }
            caption { text-align: left; font-weight: 600; }
            th, td { border: 1px solid var(--line); padding: 0.25rem 0.5rem; text-align: left; vertical-align: top; }
            table.fields thead th:first-child { width: 25%; }
            .block { white-space: pre-wrap; border-left: 3px solid var(--line); padding-left: 0.75rem; }
            ins { background: var(--ins-bg); color: var(--ins); text-decoration: underline; text-decoration-thickness: 2px; }
            .sr { position: absolute; width: 1px; height: 1px; overflow: hidden; clip-path: inset(50%); white-space: nowrap; }
            """,
        media: """
            @media (max-width: 40rem) {
              table, caption, thead, tbody, tr, th, td { display: block; width: auto; }
              thead tr { position: absolute; width: 1px; height: 1px; overflow: hidden; clip-path: inset(50%); }
              tr { border: 1px solid var(--line); margin: 0 0 0.5rem; }
              th, td { border: none; }
              td[data-label]::before { content: attr(data-label) ": "; font-weight: 600; }
            }
            @media print { .skip-link { display: none; } }
            """)
}
