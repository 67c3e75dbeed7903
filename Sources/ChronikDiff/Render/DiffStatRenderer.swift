import ChronikStore

// `chronik diff --stat`: per entry the words added and removed and the fields changed, then the totals.

/// One row of `--stat`.
public struct DiffStatRow: Sendable, Hashable, Codable {
    /// `modified`, `added`, `removed`, `renamed`, `moved`, or for other files `file`.
    public var kind: String
    /// `collection/id` (or a file's path).
    public var entry: String
    /// For renamed and moved entries: the old `collection/id`.
    public var from: String?
    public var wordsAdded: Int
    public var wordsRemoved: Int
    public var fieldsChanged: Int
    public var blocksMoved: Int
    /// For an entry whose values and words are all equal: where only its formatting changed.
    public var formatting: FormattingChange? = nil
    /// How many of the entry's attachments changed (issue 17); absent when none did.
    public var attachments: Int? = nil
}

/// `--stat` as a value (also its JSON).
public struct DiffStat: Sendable, Hashable, Codable {
    public var rows: [DiffStatRow]
    public var summary: SnapshotSummary

    /// The stat of a diff.
    public init(_ diff: SnapshotDiff) {
        rows = diff.entries.map { e in
            DiffStatRow(kind: e.kind.rawValue, entry: e.entry.description, from: e.from?.description,
                        wordsAdded: e.prose.summary.wordsAdded, wordsRemoved: e.prose.summary.wordsRemoved,
                        fieldsChanged: e.fields.count, blocksMoved: e.prose.summary.blocksMoved, formatting: e.formatting,
                        attachments: e.attachments.flatMap { $0.isEmpty ? nil : $0.count })
        } + diff.files.map { f in
            DiffStatRow(kind: "file " + f.kind.rawValue, entry: f.path, from: nil, wordsAdded: 0, wordsRemoved: 0, fieldsChanged: 0, blocksMoved: 0)
        }
        summary = diff.summary
    }
}

/// Renders `--stat` as text.
public enum DiffStatRenderer {
    /// One line per entry (name, kind, `+added -removed words`, fields), then the totals.
    public static func render(_ diff: SnapshotDiff, options: RenderOptions = .init()) -> String {
        let stat = DiffStat(diff)
        let catalog = Messages.catalog(options.messageLanguage)
        func clean(_ s: String) -> String { TerminalText.sanitize(RenderWords.oneLine(s)) }
        let names = stat.rows.map { row in clean(row.from.map { "\($0) -> \(row.entry)" } ?? row.entry) }
        let width = min(names.map(DisplayWidth.of).max() ?? 0, 60)
        // The kind in words (the row's `kind` is the JSON's, language-neutral); rows are the entries, then the files.
        let kinds = diff.entries.map { catalog.statKind($0.kind.label, file: false) } + diff.files.map { catalog.statKind($0.kind.label, file: true) }
        let kindWidth = kinds.map(DisplayWidth.of).max() ?? 0
        var out = DiffTextRenderer.header(options) + "\n"
        for (row, (name, kind)) in zip(stat.rows, zip(names, kinds)) {
            // Padded by terminal columns (Foundation's `padding(toLength:)` counts UTF-16 units and cuts: a name
            // with an emoji lost half of it).
            var line = " " + DisplayWidth.padded(name, to: width)
            line += " | " + DisplayWidth.padded(kind, to: kindWidth)
            var parts: [String] = []
            if row.wordsAdded > 0 || row.wordsRemoved > 0 { parts.append(catalog.statWords(added: row.wordsAdded, removed: row.wordsRemoved)) }
            if row.fieldsChanged > 0 { parts.append(catalog.statFields(row.fieldsChanged)) }
            if row.blocksMoved > 0 { parts.append(catalog.statBlocksMoved(row.blocksMoved)) }
            if let formatting = row.formatting {
                // A row of its own, never a blank one: 0 words, and what changed.
                if parts.isEmpty { parts.append(catalog.statWords(added: 0, removed: 0)) }
                parts.append(catalog.formattingOnly(formatting.label))
            }
            if let count = row.attachments { parts.append(catalog.statAttachments(count)) }
            if !parts.isEmpty { line += "  " + parts.joined(separator: ", ") }
            out += line + "\n"
        }
        out += " " + (diff.isEmpty ? catalog.terminalNoChanges() : catalog.diffTotals(stat.summary.label)) + "\n"
        return out
    }
}
