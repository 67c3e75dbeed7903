import ChronikStore
import Foundation

// `chronik diff --format text`: the diff for a terminal or a plain-text mail. Without colour, deletions are
// `[-old-]` and insertions `{+new+}` (git's --word-diff=plain markers), so that the styled output is testable as
// text; with colour they are red and struck through (SGR 31;9) and green and underlined (SGR 32;4): colour is never
// the only sign of a deletion or an insertion (for colour-blind readers and monochrome terminals). Every piece of content goes through TerminalText.sanitize: control
// characters and ANSI escapes in the store never reach the terminal.

/// Renders a snapshot diff as text.
public enum DiffTextRenderer {
    /// The whole diff: a summary line, each entry with its field and block changes, other files, document order.
    public static func render(_ diff: SnapshotDiff, options: RenderOptions = .init()) -> String {
        var text = ""
        render(diff, options: options) { text += $0 }
        return text
    }

    /// Entries rendered per piece (see `render(_:options:write:)`).
    static let piece = 64

    /// `render(diff, options:)` handed to `write` in pieces, in order (their concatenation is that text): the header
    /// and totals, then up to `piece` entries at a time, then the files and document order. Entries are rendered on
    /// several threads for large diffs while `write` takes the pieces before them, so the text is never held whole:
    /// the first..last diff of a large store is 83 MB, and joining it cost a fifth of the run (the copy, and the page
    /// faults of fresh memory for it).
    public static func render(_ diff: SnapshotDiff, options: RenderOptions = .init(), write: (String) throws -> Void) rethrows {
        let catalog = Messages.catalog(options.messageLanguage)
        var out = Output(color: options.color)
        out.line(out.bold(header(options)))
        if diff.isEmpty {
            out.line(catalog.terminalNoChanges())
            try write(out.text)
            return
        }
        out.line(catalog.diffTotals(diff.summary.label))
        try write(out.text)
        // Each entry's part depends on the entry alone: large diffs render them on several threads, in order.
        let words = diff.summary.wordsAdded + diff.summary.wordsRemoved
        let color = options.color
        let threads = options.threads ?? ParallelWork.threads(forBytes: 8 * words, minimum: 256 << 10)
        let entries = diff.entries, size = piece
        try orderedPipeline(count: (entries.count + size - 1) / size, threads: threads, window: 4 * threads, produce: { _, k in
            var out = Output(color: color)
            for entry in entries[(k * size)..<min(entries.count, (k + 1) * size)] { entryPart(entry, into: &out, catalog) }
            return out.text
        }, consume: { _, text in try write(text) })
        out = Output(color: options.color)
        if !diff.files.isEmpty {
            out.line("")
            for file in diff.files { out.line(out.bold(catalog.terminalFile(file.kind.label, path: clean(file.path)))) }
        }
        for document in diff.documents {
            out.line("")
            out.line(out.bold(catalog.documentOrder(clean(document.collection)) + ":"))
            for section in document.sections where section.kind != .unchanged {
                var line = "  \(clean(section.id))"
                if let from = section.from { line += " " + catalog.terminalWas(clean(from)) }
                if let title = section.title { line += " \"\(clean(RenderWords.oneLine(title)))\"" }
                out.line(line + ": " + RenderWords.section(section, catalog))
            }
        }
        if !out.text.isEmpty { try write(out.text) }
    }

    /// One entry's part: a blank line, the entry, its problems, formatting, fields and blocks.
    static func entryPart(_ entry: EntryDiff, into out: inout Output, _ catalog: any MessageCatalog) {
        out.line("")
        out.line(out.bold(entryLine(entry, catalog)))
        for problem in entry.problems { out.line("  " + catalog.terminalProblem(clean(RenderWords.oneLine(problem)))) }
        if let formatting = entry.formatting { out.line("  " + catalog.formattingSentence(formatting.label)) }
        // References by the titles of the entries they name (`ReferenceTitle`), when they were looked up.
        for field in entry.fields { out.line("  " + fieldLine(entry.references.map { ReferenceTitle.titled(field, $0) } ?? field, &out, catalog)) }
        for block in entry.prose.blocks {
            out.line("  " + RenderWords.blockHeading(block, catalog) + ":")
            if block.kind == .moved, !block.words.hasChanges { continue }
            out.words(block.words, indent: "    ")
        }
    }

    /// The one-line totals: "25 entries (17 modified, 7 added, 1 removed); 698 words added, 257 removed; …".
    public static func summary(_ diff: SnapshotDiff, language: StoreLanguage = .en) -> String {
        let catalog = Messages.catalog(language)
        return diff.isEmpty ? catalog.terminalNoChanges() : catalog.diffTotals(diff.summary.label)
    }

    /// One field change as "Label: old -> new" (with `[-…-]`/`{+…+}` markers, or colour).
    public static func fieldChange(_ field: FieldChange, color: Bool = false, language: StoreLanguage = .en) -> String {
        var out = Output(color: color)
        return fieldLine(field, &out, Messages.catalog(language))
    }

    /// "modified strategy/vision: Vision", "renamed glossary/a -> glossary/b (80% similar): Title".
    static func entryLine(_ entry: EntryDiff, _ catalog: any MessageCatalog) -> String {
        var line: String
        switch entry.kind {
        case .added, .removed, .modified:
            line = catalog.terminalEntry(entry.kind.label, entry: clean(entry.entry.description), from: nil, similarity: nil)
        case .renamed, .moved:
            let similarity = entry.similarity.flatMap { $0 < 1 ? Int(($0 * 100).rounded(.down)) : nil }
            line = catalog.terminalEntry(entry.kind.label, entry: clean(entry.entry.description), from: clean(entry.from?.description ?? "?"),
                                         similarity: similarity)
        }
        if let title = entry.title { line = catalog.terminalEntryTitled(line, title: clean(RenderWords.oneLine(title))) }
        return line
    }

    /// "Label: old -> new", "Label: (none) -> new", "Label: added a, b; removed c; reordered", or a word diff.
    static func fieldLine(_ field: FieldChange, _ out: inout Output, _ catalog: any MessageCatalog) -> String {
        let label = clean(field.label) + ": "
        func value(_ v: JSONValue?) -> String { clean(RenderWords.value(v, catalog)) }
        switch field.kind {
        case .added: return label + catalog.diffNone() + " -> " + out.inserted(value(field.new))
        case .removed: return label + out.deleted(value(field.old)) + " -> " + catalog.diffNone()
        case .changed:
            if let words = field.words { return label + out.inline(words) }
            return label + out.deleted(value(field.old)) + " -> " + out.inserted(value(field.new))
        case .list:
            var parts: [String] = []
            if !field.itemsAdded.isEmpty { parts.append(catalog.terminalItems(field.itemsAdded.map { out.inserted(value($0)) }.joined(separator: ", "), added: true)) }
            if !field.itemsRemoved.isEmpty { parts.append(catalog.terminalItems(field.itemsRemoved.map { out.deleted(value($0)) }.joined(separator: ", "), added: false)) }
            if field.reordered { parts.append(catalog.listReordered()) }
            return label + parts.joined(separator: "; ")
        }
    }

    static func clean(_ text: String) -> String { TerminalText.sanitize(text) }

    /// "diff A -> B" (text and stat). A release is named by its tag as given, then its title and date:
    /// `diff strategieentwurf ("Strategieentwurf zur Kommentierung", 2022-03-01) -> …`.
    static func header(_ options: RenderOptions) -> String {
        func side(_ name: String, _ release: ReleaseSide?) -> String {
            guard let release else { return clean(name) }
            return clean(name) + " (\"" + clean(release.title) + "\", " + clean(String(release.isoDate.prefix(10))) + ")"
        }
        return "diff \(side(options.oldName, options.oldRelease)) -> \(side(options.newName, options.newRelease))"
    }

    /// Text being built, with or without colour.
    struct Output {
        let color: Bool
        var text = ""

        mutating func line(_ s: String) { text += s + "\n" }

        func bold(_ s: String) -> String { color ? "\u{1B}[1m" + s + "\u{1B}[m" : s }
        func deleted(_ s: String) -> String {
            guard !s.isEmpty else { return s }
            return color ? "\u{1B}[31;9m" + s + "\u{1B}[m" : "[-" + s + "-]"
        }
        func inserted(_ s: String) -> String {
            guard !s.isEmpty else { return s }
            return color ? "\u{1B}[32;4m" + s + "\u{1B}[m" : "{+" + s + "+}"
        }

        /// A word diff on one line (field values).
        func inline(_ words: [WordSegment]) -> String {
            words.map { segment in
                let s = TerminalText.sanitize(RenderWords.oneLine(segment.text))
                switch segment.operation {
                case .equal: return s
                case .delete: return deleted(s)
                case .insert: return inserted(s)
                }
            }.joined()
        }

        /// A word diff over several lines, each line indented; markers and colours never span a line break.
        mutating func words(_ words: [WordSegment], indent: String) {
            var current = indent
            for segment in words {
                // Split at line feeds by bytes: sanitized text holds no carriage return (it is shown as \u{D}), so a
                // line feed is always a character of its own, and the byte scan spares grapheme breaking.
                let text = TerminalText.sanitize(segment.text)
                var first = true
                var rest = Substring(text)
                while true {
                    let piece: Substring
                    let more: Bool
                    if let newline = Self.firstLineFeed(rest) {
                        piece = rest[..<newline]
                        rest = rest[rest.utf8.index(after: newline)...]
                        more = true
                    } else {
                        piece = rest
                        more = false
                    }
                    if !first {
                        line(trailingTrimmed(current))
                        current = indent
                    }
                    first = false
                    switch segment.operation {
                    case .equal: current += piece
                    case .delete: current += deleted(String(piece))
                    case .insert: current += inserted(String(piece))
                    }
                    if !more { break }
                }
            }
            if current != indent { line(trailingTrimmed(current)) }
        }

        /// The first line feed of `text`, found by `memchr` in its UTF-8 (the generic `firstIndex(of:)` steps
        /// index by index: a fifth of the rendering of a diff of neighbouring releases).
        static func firstLineFeed(_ text: Substring) -> Substring.Index? {
            let found = text.utf8.withContiguousStorageIfAvailable { bytes -> Int? in
                guard let base = bytes.baseAddress, let hit = memchr(base, 0x0A, bytes.count) else { return nil }
                return base.distance(to: hit.assumingMemoryBound(to: UInt8.self))
            }
            guard let found else { return text.utf8.firstIndex(of: 0x0A) }
            return found.map { text.utf8.index(text.utf8.startIndex, offsetBy: $0) }
        }

        private func trailingTrimmed(_ s: String) -> String {
            var end = s.utf8.endIndex
            while end > s.utf8.startIndex {
                let before = s.utf8.index(before: end)
                guard s.utf8[before] == 0x20 || s.utf8[before] == 0x09 else { break }
                end = before
            }
            return end == s.utf8.endIndex ? s : String(s[..<end])
        }
    }
}
