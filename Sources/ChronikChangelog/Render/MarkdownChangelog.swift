import ChronikDiff

/// The changelog as Markdown (a `CHANGELOG.md`). Every piece of content is escaped with `MarkdownText.escape`,
/// so that titles, values and messages show as the text they are, never as links, HTML or formatting.
public enum MarkdownChangelog {
    public static func render(_ changelog: Changelog, options: ChangelogRenderOptions = .init()) -> String {
        let head = changelog.head
        let labels = ChangelogLabels(language: changelog.language)
        var out = begin(head, labels: labels)
        for group in changelog.groups { out += self.group(GroupView(group: group, head: head, labels: labels), options: options) }
        return out + end(labels: labels)
    }

    /// Every line of a piece ends with a newline (the whole text is its lines joined by newlines, plus one).
    private static func text(_ lines: [String]) -> String { lines.joined(separator: "\n") + "\n" }

    static func begin(_ head: ChangelogHead, labels: ChangelogLabels) -> String {
        text(["# \(MarkdownText.escape(labels.changelog)): \(MarkdownText.escape(head.title))", ""])
    }

    static func end(labels: ChangelogLabels) -> String {
        text(["---", "", labels.generated])
    }

    static func group(_ view: GroupView, options: ChangelogRenderOptions) -> String {
        func e(_ s: String) -> String { MarkdownText.escape(s) }
        let labels = view.labels, group = view.group
        var out: [String] = []
        // "## Title (name, date)", "## Version 1a2b3c4 — in: Title (date)".
        switch (group.kind, view.qualifier) {
        case (.release, let name?): out.append("## \(e(view.title)) (\(e(name)), \(labels.date(group.date)))")
        case (.version, let release?): out.append("## \(e(view.title)) — \(e(release)) (\(labels.date(group.date)))")
        default: out.append("## \(e(view.title)) (\(labels.date(group.date)))")
        }
        out.append("")
        let message = view.message
        if !message.isEmpty {
            for line in message.split(separator: "\n", omittingEmptySubsequences: false) {
                out.append(line.trimmingCharacters(in: .whitespaces).isEmpty ? ">" : "> " + e(String(line)))
            }
            out.append("")
        }
        if !group.contributors.isEmpty {
            out.append("\(labels.contributors): " + group.contributors.map { e($0.name) }.joined(separator: ", "))
            out.append("")
        }
        if group.kind != .version {
            out.append("\(labels.versions):")
            out.append("")
            for v in group.versions {
                out.append("- \(labels.date(v.date)) `\(v.id.short())` \(e(v.summary))")
            }
            out.append("")
        }
        if group.changes.isEmpty {
            out.append(labels.noChanges)
            out.append("")
            return text(out)
        }
        let added = view.added, removed = view.removed, renamed = view.renamed, changed = view.changed
        for (heading, entries) in [(labels.added, added), (labels.removed, removed)] where !entries.isEmpty {
            out.append("### \(heading) (\(entries.count))")
            out.append("")
            for x in entries {
                let words = view.wordCount(x)
                out.append("- **\(e(view.name(x)))** (\(e(view.place(x.entry))))" + (words > 0 ? " – \(labels.words(words))" : ""))
                for a in x.attachments ?? [] { out.append("  - \(e(labels.attachment(a)))") }
                guard options.detail else { continue }
                // The text, quoted under the item: each block one line, escaped; headings in bold.
                let (blocks, cut) = view.text(x, limit: options.excerptWords)
                for (k, block) in blocks.enumerated() {
                    if k > 0 { out.append("  >") }
                    let line = block.heading ? "**\(e(block.text))**" : e(block.text)
                    out.append("  > " + line + (cut && k == blocks.count - 1 ? " \(labels.more)" : ""))
                }
            }
            out.append("")
        }
        if !renamed.isEmpty {
            out.append("### \(labels.renamed) (\(renamed.count))")
            out.append("")
            for x in renamed {
                out.append("- **\(e(view.name(x)))**: \(e(view.move(x)))")
                // Attachments of a renamed entry whose content changed are listed with its changes below.
                if !view.changed.contains(where: { $0.entry == x.entry }) {
                    for a in x.attachments ?? [] { out.append("  - \(e(labels.attachment(a)))") }
                }
            }
            out.append("")
        }
        if !changed.isEmpty {
            out.append("### \(labels.changed) (\(changed.count))")
            out.append("")
            for x in changed {
                out.append("- **\(e(view.name(x)))** (\(e(view.place(x.entry))))")
                for f in x.fields { out.append("  - \(e(f.label)): \(e(labels.change(f)))") }
                // A formatting change says what its prose summary would ("formatting changed"), and where.
                if x.formatting == nil, let prose = labels.prose(x.prose) { out.append("  - \(e(labels.text)): \(e(prose))") }
                if let formatting = x.formatting { out.append("  - \(e(labels.formattingLabel)): \(e(labels.formatting(formatting)))") }
                for a in x.attachments ?? [] { out.append("  - \(e(labels.attachment(a)))") }
                if options.detail {
                    for block in DetailText.blocks(x) { out.append("    - " + words(block)) }
                }
            }
            out.append("")
        }
        for d in view.documents {
            out.append("### \(e(labels.order(view.head.label(of: d.collection))))")
            out.append("")
            for s in d.sections { out.append("- **\(e(view.sectionName(s)))**: \(e(labels.section(s)))") }
            out.append("")
        }
        if !group.changes.files.isEmpty {
            out.append("### \(labels.files)")
            out.append("")
            for f in group.changes.files { out.append("- `\(code(f.path))` (\(labels.fileKind(f.kind)))") }
            out.append("")
        }
        return text(out)
    }

    /// A word diff: deletions `~~struck~~`, insertions `**bold**`, the rest as it is; all escaped.
    static func words(_ block: BlockChange) -> String {
        var out = ""
        for s in DetailText.shortened(block.words) {
            let text = MarkdownText.escape(s.text)
            let core = text.trimmingCharacters(in: .whitespaces)
            guard s.operation != .equal, !core.isEmpty else { out += text; continue }
            let lead = text.prefix { $0 == " " }, trail = String(text.reversed().prefix { $0 == " " })
            out += lead + (s.operation == .delete ? "~~\(core)~~" : "**\(core)**") + trail
        }
        return out
    }

    /// A path in a code span: backticks and line breaks cannot end it early.
    static func code(_ s: String) -> String {
        PublicText.line(s).replacingOccurrences(of: "`", with: "'")
    }
}
