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
        rows = diff.entries.map(Self.row) + diff.files.map(Self.row)
        summary = diff.summary
    }

    /// The row of a changed entry.
    static func row(_ e: EntryDiff) -> DiffStatRow {
        DiffStatRow(kind: e.kind.rawValue, entry: e.entry.description, from: e.from?.description,
                    wordsAdded: e.prose.summary.wordsAdded, wordsRemoved: e.prose.summary.wordsRemoved,
                    fieldsChanged: e.fields.count, blocksMoved: e.prose.summary.blocksMoved, formatting: e.formatting,
                    attachments: e.attachments.flatMap { $0.isEmpty ? nil : $0.count })
    }

    /// The row of a changed file that is not an entry.
    static func row(_ f: FileDiff) -> DiffStatRow {
        DiffStatRow(kind: "file " + f.kind.rawValue, entry: f.path, from: nil, wordsAdded: 0, wordsRemoved: 0, fieldsChanged: 0, blocksMoved: 0)
    }
}

/// Renders `--stat` as text.
public enum DiffStatRenderer {
    /// One line per entry (name, kind, `+added -removed words`, fields), then the totals.
    public static func render(_ diff: SnapshotDiff, options: RenderOptions = .init()) -> String {
        var text = ""
        render(diff, options: options) { text += $0 }
        return text
    }

    /// Rows rendered together on one thread, and below how many rows one thread renders them all.
    static let chunk = 1_024
    static let parallelRows = 4_096

    /// `render(diff, options:)` handed to `write` in pieces, in order (their concatenation is that text): the header,
    /// then up to `chunk` rows at a time, then the totals. The rows of a large diff (the first..last diff of a large
    /// store has 34,522) are made on one thread per core, in two passes: their names (whose widest sets the column),
    /// then their lines.
    public static func render(_ diff: SnapshotDiff, options: RenderOptions = .init(), write: (String) throws -> Void) rethrows {
        try render(diff, options: options, chunk: chunk, write: write)
    }

    /// `render(_:options:write:)` in pieces of `chunk` rows (for tests of the pieces).
    static func render(_ diff: SnapshotDiff, options: RenderOptions, chunk: Int, write: (String) throws -> Void) rethrows {
        let catalog = Messages.catalog(options.messageLanguage)
        let entries = diff.entries, files = diff.files
        let count = entries.count + files.count
        let threads = options.threads ?? (count >= parallelRows ? ParallelWork.defaultThreads : 1)
        let chunks = stride(from: 0, to: count, by: chunk).map { $0..<min(count, $0 + chunk) }
        @Sendable func row(_ k: Int) -> DiffStatRow { k < entries.count ? DiffStat.row(entries[k]) : DiffStat.row(files[k - entries.count]) }
        // The names and their widest (in terminal columns, at most 60).
        let named = parallelMap(chunks, threads: threads) { range -> (names: [String], width: Int) in
            var width = 0
            let names = range.map { k in
                let r = row(k)
                let name = clean(r.from.map { "\($0) -> \(r.entry)" } ?? r.entry)
                width = max(width, DisplayWidth.of(name))
                return name
            }
            return (names, width)
        }
        let width = min(named.map(\.width).max() ?? 0, 60)
        // The kind in words (the row's `kind` is the JSON's, language-neutral); rows are the entries, then the files.
        // A handful of kinds: each put in words once.
        var kindWords: [String: String] = [:]
        for e in entries where kindWords["e" + e.kind.rawValue] == nil { kindWords["e" + e.kind.rawValue] = catalog.statKind(e.kind.label, file: false) }
        for f in files where kindWords["f" + f.kind.rawValue] == nil { kindWords["f" + f.kind.rawValue] = catalog.statKind(f.kind.label, file: true) }
        let kindWidth = kindWords.values.map(DisplayWidth.of).max() ?? 0
        let kinds = kindWords
        try write(DiffTextRenderer.header(options) + "\n")
        let pieces = parallelMap(Array(chunks.indices), threads: threads) { c -> String in
            var out = ""
            for (k, name) in zip(chunks[c], named[c].names) {
                let r = row(k)
                let kind = kinds[(k < entries.count ? "e" : "f") + (k < entries.count ? entries[k].kind.rawValue : files[k - entries.count].kind.rawValue)] ?? ""
                out += line(r, name: name, kind: kind, width: width, kindWidth: kindWidth, catalog) + "\n"
            }
            return out
        }
        for piece in pieces { try write(piece) }
        let stat = diff.summary
        try write(" " + (diff.isEmpty ? catalog.terminalNoChanges() : catalog.diffTotals(stat.label)) + "\n")
    }

    /// A row's line: its name and kind padded to their columns, then what changed.
    private static func line(_ row: DiffStatRow, name: String, kind: String, width: Int, kindWidth: Int, _ catalog: any MessageCatalog) -> String {
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
        return line
    }

    private static func clean(_ s: String) -> String { TerminalText.sanitize(RenderWords.oneLine(s)) }
}
