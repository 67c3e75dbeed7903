import ChronikStore

// The fixed words of the diff pages that residents read (`--format html` and `markdown`), in German and English:
// the store's language, or `--lang`. Any other language falls back to English. The words live in the message
// catalog (`MessageCatalog`), which the terminal formats share (in the language of messages,
// `RenderOptions.messageLanguage`). Field labels are not here: they come from the schema (`x-chronik-label`) in the
// same language. JSON keys and the patch format stay as they are.

/// The words of the diff renderers for residents, in German (`de`) or English (anything else): a thin wrapper of the
/// message catalog (`MessageCatalog`, section "labels of public output"), which holds the words.
package struct DiffLabels: Sendable, Hashable {
    /// The language of the labels as asked for (`de`, `en`, …): the `lang` of the page.
    package let language: String
    private let catalog: any MessageCatalog

    package init(language: String) {
        self.language = language
        catalog = Messages.catalog(StoreLanguage(rawValue: language) ?? .en)
    }

    package static func == (a: DiffLabels, b: DiffLabels) -> Bool { a.language == b.language }
    package func hash(into hasher: inout Hasher) { hasher.combine(language) }

    /// "Änderungen von strategieentwurf zu gemeinsam-digital", "Änderungen von HEAD zum Arbeitsverzeichnis".
    /// `text` is applied to the fixed words only, `old` and `new` are put in as they are: a page escapes its words
    /// with it and gives the sides already escaped (with markup for their small print).
    package func title(old: String, new: String, newIsWorkingTree: Bool = false, text: (String) -> String = { $0 }) -> String {
        catalog.diffTitle(old: old, new: newIsWorkingTree ? nil : new, words: text)
    }

    /// A side for headings: a release by its title in quotation marks, then its tag name and date ("„Strategieentwurf
    /// zur Kommentierung“", "strategieentwurf, 01.03.2022"); any other side by its name as given, without small print.
    package func side(_ name: String, release: ReleaseSide?) -> (name: String, small: String?) {
        guard let release else { return (name, nil) }
        return (catalog.quoted(release.title), release.name + ", " + release.date)
    }

    /// The title as plain text (Markdown, the HTML page's `<title>`): sides named by `side`, their small print in
    /// brackets.
    package func title(_ options: RenderOptions) -> String {
        func plain(_ side: (name: String, small: String?)) -> String { side.small.map { side.name + " (" + $0 + ")" } ?? side.name }
        return title(old: plain(side(options.oldName, release: options.oldRelease)), new: plain(side(options.newName, release: options.newRelease)),
                     newIsWorkingTree: options.newIsWorkingTree)
    }

    package var noChanges: String { catalog.diffNoChanges() }
    package var skipLink: String { catalog.skipLink() }
    package var generated: String { catalog.madeFromHistory() }
    package var problem: String { "Problem" }
    package var fields: String { catalog.diffFields() }
    package var field: String { catalog.diffField() }
    package var before: String { catalog.diffBefore() }
    package var after: String { catalog.diffAfter() }
    /// A side without a value (a field added or removed).
    package var none: String { catalog.diffNone() }
    package var reordered: String { "(" + catalog.listReordered() + ")" }
    package var otherFiles: String { catalog.otherFiles() }
    package var section: String { catalog.diffSection() }
    package var change: String { catalog.diffChange() }
    /// The start of a deletion and an insertion in words (visually hidden, for screen readers), e.g. "[gelöscht: ".
    package var deletedCue: String { catalog.deletedCue() }
    package var insertedCue: String { catalog.insertedCue() }
    package var yes: String { catalog.diffBoolean(true) }
    package var no: String { catalog.diffBoolean(false) }

    /// "strategy in document order", "strategy: Reihenfolge im Dokument".
    package func documentOrder(_ collection: String) -> String { catalog.documentOrder(collection) }

    /// "Added", "Neu", "Umbenannt", … (the kind of an entry's change, as a heading starts).
    package func entryKind(_ kind: EntryDiff.Kind) -> String { catalog.entryChangeHeading(kind.label) }

    /// "80% similar", "80 % ähnlich".
    package func similar(_ similarity: Double) -> String { catalog.similar(percent: Int((similarity * 100).rounded(.down))) }

    /// "added", "neu": an other file's change.
    package func fileKind(_ kind: FileDiff.Kind) -> String { catalog.fileChangeKind(kind.label) }

    /// A sentence for an entry changed only in how it is written (without the final full stop).
    package func formatting(_ change: FormattingChange) -> String { RenderWords.capitalized(catalog.formattingSentence(change.label)) }

    /// "Attachments", "Anhänge" (before an entry's attachment changes).
    package var attachments: String { catalog.attachmentsLabel() }

    /// "Attachment added: plan.pdf (512 KB)", "Anhang geändert: plan.pdf (512 KB → 515 KB)".
    package func attachment(_ change: AttachmentChange) -> String { RenderWords.capitalized(catalog.publicAttachmentChange(change)) }

    /// "Inserted paragraph, line 1", "Eingefügter Absatz, Zeile 1", "Verschobene und geänderte Tabellenzeile, Zeile 4 → 9".
    package func blockHeading(_ change: BlockChange) -> String { RenderWords.capitalized(RenderWords.blockHeading(change, catalog)) }

    /// "moved from 5 to 2", "verschoben von Position 5 auf 2".
    package func section(_ s: SectionChange) -> String { RenderWords.section(s, catalog) }

    /// "25 Einträge (17 geändert, 7 neu, 1 entfernt); 2 weitere Dateien; 692 Wörter hinzugefügt, 251 entfernt; …".
    package func summary(_ s: SnapshotSummary) -> String { catalog.diffTotals(s.label) }

    /// A value on one line, as `RenderWords.value` writes it, with yes and no in the page's language.
    package func value(_ value: JSONValue?) -> String { RenderWords.value(value, catalog) }
}

// ChronikDiff's kinds as the catalog's plain values (OutputLabels.swift in ChronikStore), one case to one case.

extension EntryDiff.Kind {
    package var label: LabelChange {
        switch self {
        case .added: return .added
        case .removed: return .removed
        case .modified: return .modified
        case .renamed: return .renamed
        case .moved: return .moved
        }
    }
}

extension FileDiff.Kind {
    package var label: LabelChange {
        switch self {
        case .added: return .added
        case .removed: return .removed
        case .modified: return .modified
        }
    }
}

extension FormattingChange {
    package var label: LabelFormatting {
        switch self {
        case .frontMatter: return .frontMatter
        case .body: return .body
        case .frontMatterAndBody: return .frontMatterAndBody
        }
    }
}

extension SectionChange.Kind {
    package var label: LabelSection {
        switch self {
        case .unchanged: return .unchanged
        case .moved: return .moved
        case .added: return .added
        case .removed: return .removed
        }
    }
}

extension BlockKind {
    package var label: LabelBlock {
        switch self {
        case .heading: return .heading
        case .paragraph: return .paragraph
        case .listItem: return .listItem
        case .tableRow: return .tableRow
        case .codeBlock: return .codeBlock
        case .blockQuote: return .blockQuote
        case .thematicBreak: return .thematicBreak
        case .html: return .html
        case .other: return .other
        }
    }
}

extension BlockChange.Kind {
    package var label: LabelBlockChange {
        switch self {
        case .inserted: return .inserted
        case .deleted: return .deleted
        case .modified: return .modified
        case .moved: return .moved
        }
    }
}

extension SnapshotSummary {
    package var label: LabelTotals {
        var totals = LabelTotals()
        totals.entriesModified = entriesModified
        totals.entriesAdded = entriesAdded
        totals.entriesRemoved = entriesRemoved
        totals.entriesRenamed = entriesRenamed
        totals.entriesMoved = entriesMoved
        totals.filesChanged = filesChanged
        totals.wordsAdded = wordsAdded
        totals.wordsRemoved = wordsRemoved
        totals.fieldsChanged = fieldsChanged
        totals.blocksMoved = blocksMoved
        return totals
    }
}
