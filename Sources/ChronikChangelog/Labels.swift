import ChronikDiff
import ChronikStore

/// The fixed words of the changelog, in German and English (any other language falls back to English).
public struct ChangelogLabels: Sendable {
    public let language: String
    private let de: Bool

    public init(language: String) {
        self.language = language
        de = language == "de"
    }

    public var changelog: String { de ? "Änderungsprotokoll" : "Changelog" }
    public var unreleased: String { de ? "Unveröffentlicht" : "Unreleased" }
    public var version: String { de ? "Version" : "Version" }
    /// Before the release a version belongs to: "in: Strategieentwurf".
    public var inRelease: String { de ? "in:" : "in:" }
    public var versions: String { de ? "Versionen" : "Versions" }
    public var contributors: String { de ? "Beteiligt" : "Contributors" }
    public var added: String { de ? "Neu" : "Added" }
    public var removed: String { de ? "Entfernt" : "Removed" }
    public var renamed: String { de ? "Umbenannt oder verschoben" : "Renamed or moved" }
    public var changed: String { de ? "Geändert" : "Changed" }
    public var files: String { de ? "Weitere Dateien" : "Other files" }
    public var noChanges: String { de ? "Keine inhaltlichen Änderungen." : "No changes to the content." }
    public var text: String { de ? "Text" : "Text" }
    public var skipLink: String { de ? "Zum Inhalt springen" : "Skip to content" }
    public var generated: String { de ? "Erstellt von chronik aus der Versionsgeschichte." : "Made by chronik from the version history." }
    public var releases: String { de ? "Fassungen" : "Releases" }
    public var emptyValue: String { "–" }
    public var yes: String { de ? "ja" : "yes" }
    public var no: String { de ? "nein" : "no" }

    /// After an excerpt of an added or removed entry's text.
    public var more: String { "…" }
    /// "219 Wörter", "1 word".
    public func words(_ n: Int) -> String { de ? "\(n) \(n == 1 ? "Wort" : "Wörter")" : "\(n) \(n == 1 ? "word" : "words")" }

    public var formattingLabel: String { de ? "Formatierung geändert" : "Formatting changed" }

    /// Where an entry changed only in how it is written, after `formattingLabel`: "Kopfdaten (Kommentare, …), alle
    /// Werte gleich".
    public func formatting(_ change: FormattingChange) -> String {
        switch change {
        case .frontMatter:
            return de ? "Kopfdaten (Kommentare, Reihenfolge, Anführungszeichen oder Leerzeichen), alle Werte gleich"
                : "front matter (comments, order, quotes or spaces), all values the same"
        case .body:
            return de ? "Text (Leerzeichen oder Zeilenumbrüche), alle Wörter gleich" : "text (spaces or line breaks), all words the same"
        case .frontMatterAndBody:
            return de ? "Kopfdaten und Text, alle Werte und Wörter gleich" : "front matter and text, all values and words the same"
        }
    }

    public func order(_ collection: String) -> String { de ? "Reihenfolge: \(collection)" : "Order: \(collection)" }

    public func fileKind(_ kind: FileDiff.Kind) -> String {
        switch kind {
        case .added: return de ? "neu" : "added"
        case .removed: return de ? "entfernt" : "removed"
        case .modified: return de ? "geändert" : "changed"
        }
    }

    /// "120 Wörter hinzugefügt, 30 entfernt, 2 Abschnitte verschoben".
    public func prose(_ s: ProseSummary) -> String? {
        var parts: [String] = []
        if s.wordsAdded > 0 { parts.append(de ? "\(s.wordsAdded) \(s.wordsAdded == 1 ? "Wort" : "Wörter") hinzugefügt" : "\(s.wordsAdded) \(s.wordsAdded == 1 ? "word" : "words") added") }
        if s.wordsRemoved > 0 { parts.append(de ? "\(s.wordsRemoved) entfernt" : "\(s.wordsRemoved) removed") }
        if s.blocksMoved > 0 { parts.append(de ? "\(s.blocksMoved) \(s.blocksMoved == 1 ? "Abschnitt" : "Abschnitte") verschoben" : "\(s.blocksMoved) \(s.blocksMoved == 1 ? "section" : "sections") moved") }
        if parts.isEmpty, s.blocksAdded + s.blocksRemoved + s.blocksModified > 0 { parts.append(de ? "Formatierung geändert" : "formatting changed") }
        return parts.isEmpty ? nil : parts.joined(separator: ", ")
    }

    /// "Abschnitt 3 → 5" for a moved section, "neu an 4", "entfernt (war 2)".
    public func section(_ s: SectionChange) -> String {
        switch s.kind {
        case .moved: return de ? "verschoben von Position \(s.oldPosition ?? 0) auf \(s.newPosition ?? 0)" : "moved from position \(s.oldPosition ?? 0) to \(s.newPosition ?? 0)"
        case .added: return de ? "neu an Position \(s.newPosition ?? 0)" : "added at position \(s.newPosition ?? 0)"
        case .removed: return de ? "entfernt (war an Position \(s.oldPosition ?? 0))" : "removed (was at position \(s.oldPosition ?? 0))"
        case .unchanged: return de ? "unverändert" : "unchanged"
        }
    }

    /// A field change in words, without the label: "laufend → beendet", "neu: x", "entfernt: x", "+ a, − b".
    public func change(_ c: FieldChange) -> String {
        switch c.kind {
        case .added: return (de ? "neu: " : "new: ") + value(c.new)
        case .removed: return (de ? "entfernt (war: " : "removed (was: ") + value(c.old) + ")"
        case .changed: return value(c.old) + " → " + value(c.new)
        case .list:
            var parts: [String] = []
            if !c.itemsAdded.isEmpty { parts.append("+ " + c.itemsAdded.map { value($0) }.joined(separator: ", ")) }
            if !c.itemsRemoved.isEmpty { parts.append("− " + c.itemsRemoved.map { value($0) }.joined(separator: ", ")) }
            if c.reordered { parts.append(de ? "neu geordnet" : "reordered") }
            return parts.joined(separator: "; ")
        }
    }

    /// A value for people: strings as they are, numbers as written, lists joined by commas, objects as
    /// `key: value` pairs; one line.
    public func value(_ v: JSONValue?) -> String {
        guard let v else { return emptyValue }
        switch v {
        case .null: return emptyValue
        case .bool(let b): return b ? yes : no
        case .number(let n): return n.literal
        case .string(let s): return s.isEmpty ? emptyValue : PublicText.line(s)
        case .array(let a): return a.isEmpty ? emptyValue : a.map { value($0) }.joined(separator: ", ")
        case .object(let o): return o.isEmpty ? emptyValue : o.map { "\($0.key): \(value($0.value))" }.joined(separator: "; ")
        }
    }

    /// A short date, `15.11.2022` or `2022-11-15`.
    public func date(_ t: Timestamp) -> String {
        let day = t.day
        guard de else { return day }
        let p = day.split(separator: "-")
        return p.count == 3 ? "\(p[2]).\(p[1]).\(p[0])" : day
    }
}
