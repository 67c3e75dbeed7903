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
    /// The language of the words of the terminal formats (text, stat): the language of messages (`--lang`,
    /// `CHRONIK_LANG`, the locale, the store's; `Messages.language`), English unless the command sets it.
    public var messageLanguage: StoreLanguage = .en
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

/// Wording shared by the renderers: the words come from a message catalog (the terminal's in the language of
/// messages, the pages' from `DiffLabels` in the store's language); here is only how they are put together.
enum RenderWords {
    static func capitalized(_ s: String) -> String { s.prefix(1).uppercased() + s.dropFirst() }

    /// A value on one line: strings as they are, lists and objects in brackets, line breaks as spaces; true and false
    /// in the catalog's words ("true", "ja").
    static func value(_ value: JSONValue?, _ words: any MessageCatalog) -> String {
        guard let value else { return "" }
        switch value {
        case .null: return "null"
        case .bool(let b): return words.diffBoolean(b)
        case .number(let n): return n.literal
        case .string(let s): return oneLine(s)
        case .array(let items): return "[" + items.map { Self.value($0, words) }.joined(separator: ", ") + "]"
        case .object(let members): return "{" + members.map { "\($0.key): \(Self.value($0.value, words))" }.joined(separator: ", ") + "}"
        }
    }

    static func oneLine(_ text: String) -> String {
        text.split(omittingEmptySubsequences: false) { $0 == "\n" || $0 == "\r\n" || $0 == "\r" }.joined(separator: " ")
    }

    /// "modified paragraph, line 12", "moved list item, line 4 -> 9", "inserted heading, line 3", "deleted table row, old line 7".
    static func blockHeading(_ change: BlockChange, _ words: any MessageCatalog) -> String {
        words.blockHeading(change.kind.label, block: ((change.new ?? change.old)?.kind ?? .other).label,
                           oldLine: change.old?.firstLine ?? 0, newLine: change.new?.firstLine ?? 0, changed: change.words.hasChanges)
    }

    /// "moved from 5 to 2", "added at 3", "removed (was 4)".
    static func section(_ s: SectionChange, _ words: any MessageCatalog) -> String {
        words.sectionChange(s.kind.label, old: s.oldPosition ?? 0, new: s.newPosition ?? 0)
    }
}
