import ChronikStore

// The fixed words of the diff pages that residents read (`--format html` and `markdown`), in German and English:
// the store's language, or `--lang`. Any other language falls back to English, whose wording is the same as the
// terminal's (`RenderWords`). Field labels are not here: they come from the schema (`x-chronik-label`) in the same
// language. JSON keys and the terminal formats (text, stat, patch) stay as they are.

/// The words of the diff renderers for residents, in German (`de`) or English (anything else).
package struct DiffLabels: Sendable, Hashable {
    /// The language of the labels as asked for (`de`, `en`, …): the `lang` of the page.
    package let language: String
    private let de: Bool

    package init(language: String) {
        self.language = language
        de = language == "de"
    }

    /// "Änderungen von strategieentwurf zu gemeinsam-digital", "Änderungen von HEAD zum Arbeitsverzeichnis".
    /// `text` is applied to the fixed words only, `old` and `new` are put in as they are: a page escapes its words
    /// with it and gives the sides already escaped (with markup for their small print).
    package func title(old: String, new: String, newIsWorkingTree: Bool = false, text: (String) -> String = { $0 }) -> String {
        if newIsWorkingTree { return de ? text("Änderungen von ") + old + text(" zum Arbeitsverzeichnis") : text("Changes from ") + old + text(" to the working tree") }
        return de ? text("Änderungen von ") + old + text(" zu ") + new : text("Changes from ") + old + text(" to ") + new
    }

    /// A side for headings: a release by its title in quotation marks, then its tag name and date ("„Strategieentwurf
    /// zur Kommentierung“", "strategieentwurf, 01.03.2022"); any other side by its name as given, without small print.
    package func side(_ name: String, release: ReleaseSide?) -> (name: String, small: String?) {
        guard let release else { return (name, nil) }
        let quoted = de ? "„" + release.title + "“" : "“" + release.title + "”"
        return (quoted, release.name + ", " + release.date)
    }

    /// The title as plain text (Markdown, the HTML page's `<title>`): sides named by `side`, their small print in
    /// brackets.
    package func title(_ options: RenderOptions) -> String {
        func plain(_ side: (name: String, small: String?)) -> String { side.small.map { side.name + " (" + $0 + ")" } ?? side.name }
        return title(old: plain(side(options.oldName, release: options.oldRelease)), new: plain(side(options.newName, release: options.newRelease)),
                     newIsWorkingTree: options.newIsWorkingTree)
    }

    package var noChanges: String { de ? "Keine Änderungen." : "No changes." }
    package var skipLink: String { de ? "Zum Inhalt springen" : "Skip to content" }
    package var generated: String { de ? "Erstellt von chronik aus der Versionsgeschichte." : "Made by chronik from the version history." }
    package var problem: String { "Problem" }
    package var fields: String { de ? "Felder" : "Fields" }
    package var field: String { de ? "Feld" : "Field" }
    package var before: String { de ? "Vorher" : "Before" }
    package var after: String { de ? "Nachher" : "After" }
    /// A side without a value (a field added or removed).
    package var none: String { de ? "(kein Wert)" : "(none)" }
    package var reordered: String { de ? "(neu geordnet)" : "(reordered)" }
    package var otherFiles: String { de ? "Weitere Dateien" : "Other files" }
    package var section: String { de ? "Abschnitt" : "Section" }
    package var change: String { de ? "Änderung" : "Change" }
    /// The start of a deletion and an insertion in words (visually hidden, for screen readers), e.g. "[gelöscht: ".
    package var deletedCue: String { de ? "gelöscht" : "deleted" }
    package var insertedCue: String { de ? "eingefügt" : "inserted" }
    package var yes: String { de ? "ja" : "true" }
    package var no: String { de ? "nein" : "false" }

    /// "strategy in document order", "strategy: Reihenfolge im Dokument".
    package func documentOrder(_ collection: String) -> String {
        de ? "\(collection): Reihenfolge im Dokument" : "\(collection) in document order"
    }

    /// "Added", "Neu", "Umbenannt", … (the kind of an entry's change, as a heading starts).
    package func entryKind(_ kind: EntryDiff.Kind) -> String {
        switch kind {
        case .added: return de ? "Neu" : "Added"
        case .removed: return de ? "Entfernt" : "Removed"
        case .modified: return de ? "Geändert" : "Modified"
        case .renamed: return de ? "Umbenannt" : "Renamed"
        case .moved: return de ? "Verschoben" : "Moved"
        }
    }

    /// "80% similar", "80 % ähnlich".
    package func similar(_ similarity: Double) -> String {
        let percent = Int((similarity * 100).rounded(.down))
        return de ? "\(percent) % ähnlich" : "\(percent)% similar"
    }

    /// "added", "neu": an other file's change.
    package func fileKind(_ kind: FileDiff.Kind) -> String {
        switch kind {
        case .added: return de ? "neu" : "added"
        case .removed: return de ? "entfernt" : "removed"
        case .modified: return de ? "geändert" : "modified"
        }
    }

    /// A sentence for an entry changed only in how it is written (without the final full stop).
    package func formatting(_ change: FormattingChange) -> String {
        guard de else { return RenderWords.capitalized(RenderWords.formatting(change)) }
        switch change {
        case .frontMatter: return "Formatierung der Kopfdaten geändert (Kommentare, Reihenfolge, Anführungszeichen oder Leerzeichen); alle Werte sind gleich"
        case .body: return "Formatierung des Textes geändert (Leerzeichen oder Zeilenumbrüche); alle Wörter sind gleich"
        case .frontMatterAndBody: return "Formatierung der Kopfdaten und des Textes geändert; alle Werte und Wörter sind gleich"
        }
    }

    /// "Inserted paragraph, line 1", "Eingefügter Absatz, Zeile 1", "Verschobene und geänderte Tabellenzeile, Zeile 4 → 9".
    package func blockHeading(_ change: BlockChange) -> String {
        guard de else { return RenderWords.capitalized(RenderWords.blockHeading(change)) }
        let (noun, gender) = Self.germanBlock((change.new ?? change.old)?.kind ?? .other)
        // Adjectives without an article take the strong endings: -er (masculine), -e (feminine), -es (neuter).
        let ending = gender == .masculine ? "er" : gender == .feminine ? "e" : "es"
        switch change.kind {
        case .inserted: return "Eingefügt\(ending) \(noun), Zeile \(change.new?.firstLine ?? 0)"
        case .deleted: return "Gelöscht\(ending) \(noun), alte Zeile \(change.old?.firstLine ?? 0)"
        case .modified: return "Geändert\(ending) \(noun), Zeile \(change.new?.firstLine ?? 0)"
        case .moved:
            let changed = change.words.hasChanges ? " und geändert\(ending)" : ""
            return "Verschoben\(ending)\(changed) \(noun), Zeile \(change.old?.firstLine ?? 0) → \(change.new?.firstLine ?? 0)"
        }
    }

    enum Gender { case masculine, feminine, neuter }

    static func germanBlock(_ kind: BlockKind) -> (String, Gender) {
        switch kind {
        case .heading: return ("Überschrift", .feminine)
        case .paragraph: return ("Absatz", .masculine)
        case .listItem: return ("Listenpunkt", .masculine)
        case .tableRow: return ("Tabellenzeile", .feminine)
        case .codeBlock: return ("Codeblock", .masculine)
        case .blockQuote: return ("Zitat", .neuter)
        case .thematicBreak: return ("Trennlinie", .feminine)
        case .html: return ("HTML-Block", .masculine)
        case .other: return ("Textblock", .masculine)
        }
    }

    /// "moved from 5 to 2", "verschoben von Position 5 auf 2".
    package func section(_ s: SectionChange) -> String {
        guard de else { return RenderWords.section(s) }
        switch s.kind {
        case .unchanged: return "unverändert an Position \(s.newPosition ?? 0)"
        case .moved: return "verschoben von Position \(s.oldPosition ?? 0) auf \(s.newPosition ?? 0)"
        case .added: return "neu an Position \(s.newPosition ?? 0)"
        case .removed: return "entfernt (war an Position \(s.oldPosition ?? 0))"
        }
    }

    /// "25 Einträge (17 geändert, 7 neu, 1 entfernt); 2 weitere Dateien; 692 Wörter hinzugefügt, 251 entfernt; …".
    package func summary(_ s: SnapshotSummary) -> String {
        guard de else { return RenderWords.summary(s) }
        func n(_ count: Int, _ one: String, _ many: String) -> String { "\(count) " + (count == 1 ? one : many) }
        var counts: [String] = []
        if s.entriesModified > 0 { counts.append("\(s.entriesModified) geändert") }
        if s.entriesAdded > 0 { counts.append("\(s.entriesAdded) neu") }
        if s.entriesRemoved > 0 { counts.append("\(s.entriesRemoved) entfernt") }
        if s.entriesRenamed > 0 { counts.append("\(s.entriesRenamed) umbenannt") }
        if s.entriesMoved > 0 { counts.append("\(s.entriesMoved) verschoben") }
        let entries = s.entriesModified + s.entriesAdded + s.entriesRemoved + s.entriesRenamed + s.entriesMoved
        var parts = [n(entries, "Eintrag", "Einträge") + (counts.isEmpty ? "" : " (" + counts.joined(separator: ", ") + ")")]
        if s.filesChanged > 0 { parts.append(n(s.filesChanged, "weitere Datei", "weitere Dateien")) }
        parts.append("\(n(s.wordsAdded, "Wort", "Wörter")) hinzugefügt, \(s.wordsRemoved) entfernt")
        parts.append(n(s.fieldsChanged, "Feld", "Felder") + " geändert")
        if s.blocksMoved > 0 { parts.append(n(s.blocksMoved, "Textblock", "Textblöcke") + " verschoben") }
        return parts.joined(separator: "; ")
    }

    /// A value on one line, as `RenderWords.value` writes it, with yes and no in the page's language.
    package func value(_ value: JSONValue?) -> String {
        guard let value else { return "" }
        switch value {
        case .bool(let b): return b ? yes : no
        case .array(let items): return "[" + items.map { self.value($0) }.joined(separator: ", ") + "]"
        case .object(let members): return "{" + members.map { "\($0.key): \(self.value($0.value))" }.joined(separator: ", ") + "}"
        default: return RenderWords.value(value)
        }
    }
}
