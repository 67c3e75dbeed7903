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
                        fieldsChanged: e.fields.count, blocksMoved: e.prose.summary.blocksMoved, formatting: e.formatting)
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
        func clean(_ s: String) -> String { TerminalText.sanitize(RenderWords.oneLine(s)) }
        let names = stat.rows.map { row in clean(row.from.map { "\($0) -> \(row.entry)" } ?? row.entry) }
        let width = min(names.map(\.count).max() ?? 0, 60)
        let kindWidth = stat.rows.map(\.kind.count).max() ?? 0
        var out = DiffTextRenderer.header(options) + "\n"
        for (row, name) in zip(stat.rows, names) {
            var line = " " + name.padding(toLength: max(width, name.count), withPad: " ", startingAt: 0)
            line += " | " + row.kind.padding(toLength: kindWidth, withPad: " ", startingAt: 0)
            var parts: [String] = []
            if row.wordsAdded > 0 || row.wordsRemoved > 0 { parts.append("+\(row.wordsAdded) -\(row.wordsRemoved) words") }
            if row.fieldsChanged > 0 { parts.append(RenderWords.plural(row.fieldsChanged, "field")) }
            if row.blocksMoved > 0 { parts.append(RenderWords.plural(row.blocksMoved, "block") + " moved") }
            if let formatting = row.formatting {
                // A row of its own, never a blank one: 0 words, and what changed.
                if parts.isEmpty { parts.append("+0 -0 words") }
                parts.append(RenderWords.formattingShort(formatting))
            }
            if !parts.isEmpty { line += "  " + parts.joined(separator: ", ") }
            out += line + "\n"
        }
        out += " " + (diff.isEmpty ? "no changes" : RenderWords.summary(stat.summary)) + "\n"
        return out
    }
}
