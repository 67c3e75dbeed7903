import ChronikStore

// `chronik diff --format markdown`: for GitHub or an e-mail, in the store's language (`DiffLabels`). Field changes
// are a table (Field | Before | After); each changed block is a quoted line with deletions as ~~strikethrough~~ and
// insertions in **bold** (marks, not colour). Every piece of content goes through MarkdownText.escape, so that it
// shows as the text it is (a block's line breaks become spaces: the quote is one line).

/// Renders a snapshot diff as Markdown.
public enum DiffMarkdownRenderer {
    public static func render(_ diff: SnapshotDiff, options: RenderOptions = .init()) -> String {
        let labels = DiffLabels(language: options.language)
        var out = "# " + esc(labels.title(options)) + "\n\n"
        guard !diff.isEmpty else { return out + esc(labels.noChanges) + "\n" }
        out += esc(labels.summary(diff.summary)) + "\n"
        for entry in diff.entries {
            out += "\n## " + heading(entry, labels) + "\n"
            for problem in entry.problems { out += "\n*\(esc(labels.problem)):* \(esc(problem))\n" }
            if let formatting = entry.formatting { out += "\n*\(esc(labels.formatting(formatting))).*\n" }
            if !entry.fields.isEmpty {
                out += "\n| \(esc(labels.field)) | \(esc(labels.before)) | \(esc(labels.after)) |\n| --- | --- | --- |\n"
                for field in entry.fields { out += row(entry.references.map { ReferenceTitle.titled(field, $0) } ?? field, labels) }
            }
            for block in entry.prose.blocks {
                out += "\n*\(esc(labels.blockHeading(block)))*\n"
                if block.kind == .moved, !block.words.hasChanges { continue }
                out += "\n> " + words(block.words) + "\n"
            }
            if let attachments = entry.attachments, !attachments.isEmpty {
                out += "\n*\(esc(labels.attachments)):*\n\n"
                for change in attachments { out += "- " + esc(labels.attachment(change)) + "\n" }
            }
        }
        if !diff.files.isEmpty {
            out += "\n## " + esc(labels.otherFiles) + "\n\n"
            for file in diff.files { out += "- \(esc(labels.fileKind(file.kind))): \(esc(file.path))\n" }
        }
        for document in diff.documents {
            out += "\n## \(esc(labels.documentOrder(document.collection)))\n\n| \(esc(labels.section)) | \(esc(labels.change)) |\n| --- | --- |\n"
            for section in document.sections where section.kind != .unchanged {
                var name = esc(section.title ?? section.id)
                if section.title != nil { name += " (" + esc(section.id) + ")" }
                out += "| \(name) | \(esc(labels.section(section))) |\n"
            }
        }
        return out
    }

    static func esc(_ text: String) -> String { MarkdownText.escape(text) }

    /// "Geändert: Senatskanzlei Berlin (actors/senatskanzlei)": the title for people, where the entry is in brackets.
    static func heading(_ entry: EntryDiff, _ labels: DiffLabels) -> String {
        var text = esc(labels.entryKind(entry.kind)) + ": "
        var place = ""
        if let from = entry.from { place += esc(from.description) + " → " }
        place += esc(entry.entry.description)
        if let s = entry.similarity, s < 1 { place += ", " + esc(labels.similar(s)) }
        if let title = entry.title { text += esc(title) + " (" + place + ")" } else { text += place }
        return text
    }

    static func row(_ field: FieldChange, _ labels: DiffLabels) -> String {
        let none = esc(labels.none)
        func cell(_ v: JSONValue?) -> String { v == nil ? none : esc(labels.value(v)) }
        let before: String, after: String
        switch field.kind {
        case .added: (before, after) = (none, cell(field.new))
        case .removed: (before, after) = (cell(field.old), none)
        case .changed:
            if let w = field.words {
                (before, after) = (cell(field.old), words(w))
            } else {
                (before, after) = (cell(field.old), cell(field.new))
            }
        case .list:
            var removed = field.itemsRemoved.map { "~~" + esc(labels.value($0)) + "~~" }.joined(separator: ", ")
            var added = field.itemsAdded.map { "**" + esc(labels.value($0)) + "**" }.joined(separator: ", ")
            if removed.isEmpty { removed = cell(field.old) }
            if added.isEmpty { added = cell(field.new) }
            if field.reordered { added += " " + esc(labels.reordered) }
            (before, after) = (removed, added)
        }
        return "| \(esc(field.label)) | \(before) | \(after) |\n"
    }

    /// A word diff on one line: ~~deleted~~ and **inserted**, with the spaces at their ends kept outside the marks
    /// (GFM does not read `~~ x~~` as strikethrough).
    static func words(_ segments: [WordSegment]) -> String {
        segments.map { segment in
            let text = esc(segment.text)
            guard segment.operation != .equal else { return text }
            let mark = segment.operation == .delete ? "~~" : "**"
            let core = text.trimmingSpaces()
            guard !core.isEmpty else { return text }
            let leading = String(text.prefix { $0 == " " })
            let trailing = String(text.reversed().prefix { $0 == " " })
            return leading + mark + core + mark + trailing
        }.joined()
    }
}

fileprivate extension String {
    func trimmingSpaces() -> String {
        var s = Substring(self)
        while s.first == " " { s = s.dropFirst() }
        while s.last == " " { s = s.dropLast() }
        return String(s)
    }
}
