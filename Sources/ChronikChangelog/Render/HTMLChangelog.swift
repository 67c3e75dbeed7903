import ChronikDiff
import ChronikStore

/// The changelog as one self-contained HTML page: no external requests, no scripts, semantic headings and
/// landmarks, a skip link, `lang` set, readable on a phone. Content is escaped with `HTMLText.escape`; messages
/// (Markdown) are rendered by `SafeMarkdown.html` (raw HTML dropped, `javascript:` links emptied).
/// The embedded stylesheet can be replaced (`ChangelogRenderOptions.stylesheet`); the classes it styles are
/// listed in docs/changelog.md.
public enum HTMLChangelog {
    public static func render(_ changelog: Changelog, options: ChangelogRenderOptions = .init()) -> String {
        let head = changelog.head
        let labels = ChangelogLabels(language: changelog.language)
        var out = begin(head, labels: labels, options: options)
        for (k, group) in changelog.groups.enumerated() {
            out += self.group(GroupView(group: group, head: head, labels: labels), index: k, options: options)
        }
        return out + end(labels: labels)
    }

    /// The page up to `<main>`: head, header and (for more than one group) the list of groups.
    static func begin(_ head: ChangelogHead, labels: ChangelogLabels, options: ChangelogRenderOptions) -> String {
        let lang = HTMLText.escape(head.language)
        let title = "\(labels.changelog): \(head.title)"
        var out = """
            <!DOCTYPE html>
            <html lang="\(lang)">
            <head>
            <meta charset="utf-8">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <meta name="generator" content="chronik">
            <title>\(e(title))</title>
            <style>
            \(css(options.stylesheet ?? defaultStylesheet))
            </style>
            </head>
            <body>
            <a class="skip-link" href="#main">\(e(labels.skipLink))</a>
            <header class="page-header">
            <h1>\(e(title))</h1>
            </header>

            """
        if head.outline.count > 1 {
            out += "<nav class=\"toc\" aria-label=\"\(e(labels.releases))\">\n<ul>\n"
            for group in head.outline {
                out += "<li><a href=\"#\(e(GroupView.anchor(group)))\">\(e(GroupView.heading(group, labels: labels)))</a> <time datetime=\"\(e(group.date.iso8601))\">\(e(labels.date(group.date)))</time></li>\n"
            }
            out += "</ul>\n</nav>\n"
        }
        out += "<main id=\"main\" tabindex=\"-1\">\n"
        return out
    }

    /// The section of the group at `index` (from 0, newest first). Its `id` is the group's stable anchor
    /// (`GroupView.anchor`), the same wherever the group stands, so links to it (the feed's) keep working.
    static func group(_ view: GroupView, index k: Int, options: ChangelogRenderOptions) -> String {
        let group = view.group, labels = view.labels
        let anchor = e(view.anchor)
        var out = "<section class=\"group group-\(group.kind.rawValue)\" id=\"\(anchor)\" aria-labelledby=\"\(anchor)-h\">\n"
        let qualifier = view.qualifier.map { " <span class=\"qualifier\">\(e(group.kind == .version ? "— " + $0 : "(" + $0 + ")"))</span>" } ?? ""
        out += "<h2 id=\"\(anchor)-h\">\(e(view.title))\(qualifier) <time datetime=\"\(e(group.date.iso8601))\">\(e(labels.date(group.date)))</time></h2>\n"
        out += body(view, options: options, level: 3)
        out += "</section>\n"
        return out
    }

    /// The end of the page, from `</main>`.
    static func end(labels: ChangelogLabels) -> String {
        """
            </main>
            <footer class="page-footer">
            <p>\(e(labels.generated))</p>
            </footer>
            </body>
            </html>

            """
    }

    /// The body of one group (also the content of an Atom entry): message, contributors, versions and changes,
    /// with headings from `level` on. In a feed (`feed`), the versions are a plain list: feed readers drop
    /// `<details>` or show it closed for good.
    static func body(_ view: GroupView, options: ChangelogRenderOptions, level: Int, feed: Bool = false) -> String {
        let group = view.group, labels = view.labels
        let h = "h\(level)", h2 = "h\(level + 1)"
        var out = ""
        if !view.message.isEmpty {
            out += "<div class=\"message\">\n" + markdown(view.message) + "</div>\n"
        }
        if !group.contributors.isEmpty {
            out += "<p class=\"contributors\"><strong>\(e(labels.contributors)):</strong> \(group.contributors.map { e($0.name) }.joined(separator: ", "))</p>\n"
        }
        if group.kind != .version {
            out += feed ? "<p><strong>\(e(labels.versions)) (\(group.versions.count))</strong></p>\n<ul>\n"
                : "<details class=\"versions\">\n<summary>\(e(labels.versions)) (\(group.versions.count))</summary>\n<ul>\n"
            for v in group.versions {
                out += "<li><time datetime=\"\(e(v.date.iso8601))\">\(e(labels.date(v.date)))</time> <code>\(v.id.short())</code> \(e(v.summary)) <span class=\"author\">(\(e(v.author.name)))</span></li>\n"
            }
            out += feed ? "</ul>\n" : "</ul>\n</details>\n"
        }
        if group.changes.isEmpty {
            out += "<p class=\"no-changes\">\(e(labels.noChanges))</p>\n"
            return out
        }
        func list(_ heading: String, _ cls: String, _ entries: [ChangelogEntry], _ item: (ChangelogEntry) -> String) {
            guard !entries.isEmpty else { return }
            out += "<\(h)>\(e(heading)) <span class=\"count\">(\(entries.count))</span></\(h)>\n<ul class=\"\(cls)\">\n"
            for x in entries { out += "<li>" + item(x) + "</li>\n" }
            out += "</ul>\n"
        }
        // A collection's label for people, the entry's path for machines (`data-entry`); where no label is
        // configured (plain repositories), the path is the name.
        func place(_ ref: EntryRef) -> String {
            let shown = view.place(ref)
            return "<span class=\"place\" data-entry=\"\(e(ref.description))\">" + (shown == ref.description ? "<code>\(e(shown))</code>" : e(shown)) + "</span>"
        }
        // An entry's attachment changes (issue 17), as a list inside its item.
        func attachmentList(_ attachments: [AttachmentChange]?) -> String {
            guard let attachments, !attachments.isEmpty else { return "" }
            return "\n<ul class=\"attachments\">\n" + attachments.map { "<li>\(e(labels.attachment($0)))</li>\n" }.joined() + "</ul>\n"
        }
        func addedOrRemoved(_ x: ChangelogEntry) -> String {
            var item = "<strong>\(e(view.name(x)))</strong> " + place(x.entry)
            let words = view.wordCount(x)
            if words > 0 { item += " <span class=\"count\">(\(e(labels.words(words))))</span>" }
            item += attachmentList(x.attachments)
            guard options.detail else { return item }
            let (blocks, cut) = view.text(x, limit: options.excerptWords)
            guard !blocks.isEmpty else { return item }
            // Markdown through the safe renderer, headings as bold paragraphs (never headings of the page).
            let source = blocks.map { $0.heading ? "**" + $0.text.replacingOccurrences(of: "*", with: "\\*") + "**" : $0.text }
                .joined(separator: "\n\n") + (cut ? " " + labels.more : "")
            return item + "\n<div class=\"entry-text\">\n" + markdown(source) + "</div>\n"
        }
        list(labels.added, "added", view.added, addedOrRemoved)
        list(labels.removed, "removed", view.removed, addedOrRemoved)
        let changed = view.changed
        list(labels.renamed, "renamed", view.renamed) { x in
            "<strong>\(e(view.name(x)))</strong> <span class=\"place\"" + (x.from.map { " data-from=\"\(e($0.description))\"" } ?? "")
                + " data-entry=\"\(e(x.entry.description))\">\(e(view.move(x)))</span>"
                // Attachments of a renamed entry whose content changed are listed with its changes below.
                + (changed.contains { $0.entry == x.entry } ? "" : attachmentList(x.attachments))
        }
        if !changed.isEmpty {
            out += "<\(h)>\(e(labels.changed)) <span class=\"count\">(\(changed.count))</span></\(h)>\n"
            for x in changed {
                out += "<article class=\"entry\">\n<\(h2)>\(e(view.name(x))) \(place(x.entry))</\(h2)>\n<dl class=\"fields\">\n"
                for f in x.fields {
                    out += "<dt>\(e(f.label))</dt>\n<dd>\(field(f, labels))</dd>\n"
                }
                if x.formatting == nil, let prose = labels.prose(x.prose) {
                    out += "<dt>\(e(labels.text))</dt>\n<dd>\(e(prose))</dd>\n"
                }
                if let formatting = x.formatting {
                    out += "<dt>\(e(labels.formattingLabel))</dt>\n<dd>\(e(labels.formatting(formatting)))</dd>\n"
                }
                if let attachments = x.attachments, !attachments.isEmpty {
                    out += "<dt>\(e(labels.attachmentsLabel))</dt>\n"
                    for a in attachments { out += "<dd class=\"attachment\">\(e(labels.attachment(a)))</dd>\n" }
                }
                out += "</dl>\n"
                if options.detail {
                    let blocks = DetailText.blocks(x)
                    if !blocks.isEmpty {
                        out += "<ul class=\"words\">\n"
                        for block in blocks { out += "<li>" + words(block) + "</li>\n" }
                        out += "</ul>\n"
                    }
                }
                out += "</article>\n"
            }
        }
        for d in view.documents {
            out += "<\(h)>\(e(labels.order(view.head.label(of: d.collection))))</\(h)>\n<ul class=\"order\">\n"
            for s in d.sections { out += "<li><strong>\(e(view.sectionName(s)))</strong>: \(e(labels.section(s)))</li>\n" }
            out += "</ul>\n"
        }
        if !group.changes.files.isEmpty {
            out += "<\(h)>\(e(labels.files))</\(h)>\n<ul class=\"files\">\n"
            for f in group.changes.files { out += "<li><code>\(e(f.path))</code> (\(e(labels.fileKind(f.kind))))</li>\n" }
            out += "</ul>\n"
        }
        return out
    }

    static func field(_ f: FieldChange, _ labels: ChangelogLabels) -> String {
        switch f.kind {
        case .changed:
            return "<del>\(e(labels.value(f.old)))</del> → <ins>\(e(labels.value(f.new)))</ins>"
        default:
            return e(labels.change(f))
        }
    }

    static func words(_ block: BlockChange) -> String {
        DetailText.shortened(block.words).map { s in
            switch s.operation {
            case .equal: return e(s.text)
            case .delete: return "<del>\(e(s.text))</del>"
            case .insert: return "<ins>\(e(s.text))</ins>"
            }
        }.joined()
    }

    static func e(_ s: String) -> String { HTMLText.escape(s) }

    /// A message (Markdown) as HTML through `SafeMarkdown.html`, made fit for a self-contained page: control
    /// characters (which cmark passes on and HTML forbids) become U+FFFD first, and images become their alt text,
    /// so that no message can make the page load anything.
    static func markdown(_ text: String) -> String {
        let clean = String(String.UnicodeScalarView(text.unicodeScalars.map { s in
            (s.value < 0x20 && s != "\n" && s != "\t") || s.value == 0x7F || (0x80...0x9F).contains(s.value) ? "\u{FFFD}" : s
        }))
        let html = SafeMarkdown.html(clean)
        guard html.contains("<img") else { return html }
        var out = ""
        var rest = html[...]
        while let start = rest.range(of: "<img") {
            out += rest[..<start.lowerBound]
            guard let end = rest[start.upperBound...].firstIndex(of: ">") else { rest = rest[rest.endIndex...]; break }
            let tag = rest[start.lowerBound...end]
            if let alt = tag.range(of: "alt=\""), let close = tag[alt.upperBound...].firstIndex(of: "\"") {
                out += tag[alt.upperBound..<close]
            }
            rest = rest[rest.index(after: end)...]
        }
        return out + rest
    }

    /// A stylesheet inside `<style>`: nothing in it may close the element.
    static func css(_ s: String) -> String {
        s.replacingOccurrences(of: "</", with: "<\\/")
    }

    /// The embedded default stylesheet: system fonts, one column up to 48rem, contrast of at least 4.5:1 for
    /// all text (WCAG 2.1 AA), visible focus, insertions and deletions marked by more than colour.
    public static let defaultStylesheet = PageStyle.sheet(
        focus: "a:focus, summary:focus, main:focus { outline: 3px solid var(--link); outline-offset: 2px; }",
        containers: ".page-header, main, .toc, .page-footer", width: "48rem",
        rules: """
            h2 { font-size: 1.4rem; margin: 2.5rem 0 0.5rem; border-bottom: 1px solid var(--line); padding-bottom: 0.25rem; }
            h3 { font-size: 1.15rem; margin: 1.5rem 0 0.5rem; }
            h4 { font-size: 1rem; margin: 1rem 0 0.25rem; }
            time, .place, .author, .count { color: var(--muted); font-weight: normal; }
            h2 time { font-size: 1rem; white-space: nowrap; }
            .message { border-left: 4px solid var(--line); padding-left: 1rem; }
            .toc ul { list-style: none; padding: 0; display: flex; flex-wrap: wrap; gap: 0.25rem 1rem; }
            .entry { border-top: 1px solid var(--line); }
            dl.fields { display: grid; grid-template-columns: minmax(6rem, max-content) 1fr; gap: 0.25rem 1rem; margin: 0.25rem 0; }
            dl.fields dt { font-weight: 600; }
            dl.fields dd { margin: 0; }
            ins { background: var(--ins-bg); color: var(--ins); text-decoration: underline; }
            ul.words li { margin-bottom: 0.5rem; }
            .qualifier { color: var(--muted); font-weight: normal; font-size: 1rem; }
            .entry-text { border-left: 4px solid var(--line); padding-left: 1rem; margin: 0.25rem 0 0.75rem; }
            summary { cursor: pointer; }
            """,
        media: """
            @media (max-width: 30rem) { dl.fields { grid-template-columns: 1fr; } dl.fields dd { margin-bottom: 0.5rem; } }
            @media print { .skip-link, .toc { display: none; } details { display: block; } }
            """)
}
