import ChronikStore

// Shared pieces of the diff renderers (text, Markdown, HTML, stat, patch): options and plain-text wording.
// Renderers are pure functions from a value to text; escaping is Escaping.swift's, nowhere else.

/// Settings of the diff renderers, with defaults.
public struct RenderOptions: Sendable {
    /// What the old side is called in headings (a revision as given, e.g. `strategischer-rahmen`).
    public var oldName: String
    /// What the new side is called (a revision, or "working tree").
    public var newName: String
    /// The new side is the working tree (the pages for residents name it in their language, not by `newName`).
    public var newIsWorkingTree = false
    /// The release the old side is (named by its tag), for headings that name it by its title; nil: not a release.
    public var oldRelease: ReleaseSide?
    /// The release the new side is.
    public var newRelease: ReleaseSide?
    /// Text output: ANSI colour instead of `[-old-]{+new+}` markers.
    public var color = false
    /// The language of the content (`lang` of the HTML content), e.g. `de`; nil when unknown (plain repositories).
    public var contentLanguage: String?
    /// The language of the words of the HTML and Markdown pages (`DiffLabels`: `de`, else English) and the `lang`
    /// of the page: the store's language or `--lang`, the same as the schema's field labels.
    public var language: String
    /// Threads that render entries (text output); nil: one per core for large diffs. The text is the same either way.
    public var threads: Int?

    public init(oldName: String = "old", newName: String = "new", color: Bool = false, contentLanguage: String? = nil,
                language: String = "en") {
        self.oldName = oldName
        self.newName = newName
        self.color = color
        self.contentLanguage = contentLanguage
        self.language = language
    }
}

/// A side of a diff that is a release, as headings name it: "„Strategieentwurf zur Kommentierung“ (strategieentwurf,
/// 01.03.2022)". ChronikChangelog makes it from a `Release` with the changelog headings' own functions.
public struct ReleaseSide: Sendable, Hashable {
    /// The release title (first line of an annotated tag's message, else the tag name prettified), one line.
    public var title: String
    /// The tag name.
    public var name: String
    /// The release date as the labels write it (`01.03.2022`, `2022-03-01`).
    public var date: String
    /// The release date, ISO 8601 (for HTML's `<time datetime>`).
    public var isoDate: String

    public init(title: String, name: String, date: String, isoDate: String) {
        self.title = title
        self.name = name
        self.date = date
        self.isoDate = isoDate
    }
}

/// Wording shared by the renderers (English, like the rest of chronik's interface; the pages for residents take
/// theirs from `DiffLabels`, in the store's language).
enum RenderWords {
    static func capitalized(_ s: String) -> String { s.prefix(1).uppercased() + s.dropFirst() }

    /// A value on one line: strings as they are, lists and objects in brackets, line breaks as spaces.
    static func value(_ value: JSONValue?) -> String {
        guard let value else { return "" }
        switch value {
        case .null: return "null"
        case .bool(let b): return b ? "true" : "false"
        case .number(let n): return n.literal
        case .string(let s): return oneLine(s)
        case .array(let items): return "[" + items.map { Self.value($0) }.joined(separator: ", ") + "]"
        case .object(let members): return "{" + members.map { "\($0.key): \(Self.value($0.value))" }.joined(separator: ", ") + "}"
        }
    }

    static func oneLine(_ text: String) -> String {
        text.split(omittingEmptySubsequences: false) { $0 == "\n" || $0 == "\r\n" || $0 == "\r" }.joined(separator: " ")
    }

    static func blockKind(_ kind: BlockKind) -> String {
        switch kind {
        case .heading: return "heading"
        case .paragraph: return "paragraph"
        case .listItem: return "list item"
        case .tableRow: return "table row"
        case .codeBlock: return "code block"
        case .blockQuote: return "quote"
        case .thematicBreak: return "rule"
        case .html: return "HTML block"
        case .other: return "block"
        }
    }

    /// "modified paragraph, line 12", "moved list item, line 4 -> 9", "inserted heading, line 3", "deleted table row, old line 7".
    static func blockHeading(_ change: BlockChange) -> String {
        let kind = blockKind((change.new ?? change.old)?.kind ?? .other)
        switch change.kind {
        case .inserted: return "inserted \(kind), line \(change.new?.firstLine ?? 0)"
        case .deleted: return "deleted \(kind), old line \(change.old?.firstLine ?? 0)"
        case .modified: return "modified \(kind), line \(change.new?.firstLine ?? 0)"
        case .moved:
            let changed = change.words.hasChanges ? " and changed" : ""
            return "moved\(changed) \(kind), line \(change.old?.firstLine ?? 0) -> \(change.new?.firstLine ?? 0)"
        }
    }

    /// "modified", "added", "renamed from glossary/x", "moved from events/x".
    static func entryKind(_ entry: EntryDiff) -> String {
        switch entry.kind {
        case .added, .removed, .modified: return entry.kind.rawValue
        case .renamed, .moved:
            var text = "\(entry.kind.rawValue) from \(entry.from?.description ?? "?")"
            if let s = entry.similarity, s < 1 { text += " (\(Int((s * 100).rounded(.down)))% similar)" }
            return text
        }
    }

    /// "front matter formatting changed; all values are the same" (an entry changed only in how it is written).
    static func formatting(_ change: FormattingChange) -> String {
        switch change {
        case .frontMatter: return "front matter formatting changed (comments, order, quotes or spaces); all values are the same"
        case .body: return "text formatting changed (spaces or line breaks); all words are the same"
        case .frontMatterAndBody: return "front matter and text formatting changed; all values and words are the same"
        }
    }

    /// "front matter formatting only", for a `--stat` row.
    static func formattingShort(_ change: FormattingChange) -> String {
        switch change {
        case .frontMatter: return "front matter formatting only"
        case .body: return "text formatting only"
        case .frontMatterAndBody: return "front matter and text formatting only"
        }
    }

    static func plural(_ n: Int, _ one: String, _ many: String? = nil) -> String {
        "\(n) " + (n == 1 ? one : many ?? one + "s")
    }

    /// "3 entries modified, 1 added, 1 renamed; 2 files; 120 words added, 30 removed; 7 fields changed; 2 blocks moved".
    static func summary(_ s: SnapshotSummary) -> String {
        var counts: [String] = []
        if s.entriesModified > 0 { counts.append("\(s.entriesModified) modified") }
        if s.entriesAdded > 0 { counts.append("\(s.entriesAdded) added") }
        if s.entriesRemoved > 0 { counts.append("\(s.entriesRemoved) removed") }
        if s.entriesRenamed > 0 { counts.append("\(s.entriesRenamed) renamed") }
        if s.entriesMoved > 0 { counts.append("\(s.entriesMoved) moved") }
        let entries = s.entriesModified + s.entriesAdded + s.entriesRemoved + s.entriesRenamed + s.entriesMoved
        var parts = [plural(entries, "entry", "entries") + (counts.isEmpty ? "" : " (" + counts.joined(separator: ", ") + ")")]
        if s.filesChanged > 0 { parts.append(plural(s.filesChanged, "other file")) }
        parts.append("\(plural(s.wordsAdded, "word")) added, \(s.wordsRemoved) removed")
        parts.append(plural(s.fieldsChanged, "field") + " changed")
        if s.blocksMoved > 0 { parts.append(plural(s.blocksMoved, "block") + " moved") }
        return parts.joined(separator: "; ")
    }

    /// "moved from 5 to 2", "added at 3", "removed (was 4)".
    static func section(_ s: SectionChange) -> String {
        switch s.kind {
        case .unchanged: return "unchanged at \(s.newPosition ?? 0)"
        case .moved: return "moved from \(s.oldPosition ?? 0) to \(s.newPosition ?? 0)"
        case .added: return "added at \(s.newPosition ?? 0)"
        case .removed: return "removed (was \(s.oldPosition ?? 0))"
        }
    }
}
