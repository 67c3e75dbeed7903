import ChronikDiff
import ChronikStore

/// The fixed words of the changelog, in German and English (any other language falls back to English): a thin
/// wrapper of the message catalog (`MessageCatalog`, section "labels of public output"), which holds the words.
public struct ChangelogLabels: Sendable {
    /// The language as asked for (`de`, `en`, …): the `lang` of a page.
    public let language: String
    private let catalog: any MessageCatalog

    public init(language: String) {
        self.language = language
        catalog = Messages.catalog(StoreLanguage(rawValue: language) ?? .en)
    }

    public var changelog: String { catalog.changelogTitle() }
    public var unreleased: String { catalog.unreleased() }
    public var version: String { catalog.versionLabel() }
    /// Before the release a version belongs to: "in: Strategieentwurf".
    public var inRelease: String { catalog.inRelease() }
    public var versions: String { catalog.versionsHeading() }
    public var contributors: String { catalog.contributorsLabel() }
    public var added: String { catalog.changeHeading(.added) }
    public var removed: String { catalog.changeHeading(.removed) }
    public var renamed: String { catalog.changeHeading(.renamed) }
    public var changed: String { catalog.changeHeading(.modified) }
    public var files: String { catalog.otherFiles() }
    public var noChanges: String { catalog.noContentChanges() }
    public var text: String { catalog.textLabel() }
    public var skipLink: String { catalog.skipLink() }
    public var generated: String { catalog.madeFromHistory() }
    public var releases: String { catalog.releasesHeading() }
    public var emptyValue: String { "–" }
    public var yes: String { catalog.yesNo(true) }
    public var no: String { catalog.yesNo(false) }

    /// After an excerpt of an added or removed entry's text.
    public var more: String { "…" }
    /// "219 Wörter", "1 word".
    public func words(_ n: Int) -> String { catalog.wordCount(n) }

    public var formattingLabel: String { catalog.formattingChanged() }

    /// Where an entry changed only in how it is written, after `formattingLabel`: "Kopfdaten (Kommentare, …), alle
    /// Werte gleich".
    public func formatting(_ change: FormattingChange) -> String { catalog.formattingWhere(change.label) }
    /// "Attachments" (before an entry's attachment changes).
    public var attachmentsLabel: String { catalog.attachmentsLabel() }
    /// One attachment's change for residents: "attachment added: plan.pdf (512 KB)".
    public func attachment(_ change: AttachmentChange) -> String { catalog.publicAttachmentChange(change) }

    public func order(_ collection: String) -> String { catalog.orderHeading(collection) }

    public func fileKind(_ kind: FileDiff.Kind) -> String { catalog.fileChanged(kind.label) }

    /// "120 Wörter hinzugefügt, 30 entfernt, 2 Abschnitte verschoben"; nil when the text did not change.
    public func prose(_ s: ProseSummary) -> String? {
        guard s.wordsAdded + s.wordsRemoved + s.blocksMoved + s.blocksAdded + s.blocksRemoved + s.blocksModified > 0 else { return nil }
        return catalog.proseChange(wordsAdded: s.wordsAdded, wordsRemoved: s.wordsRemoved, sectionsMoved: s.blocksMoved)
    }

    /// "verschoben von Position 3 auf 5" for a moved section, "neu an Position 4", "entfernt (war an Position 2)".
    public func section(_ s: SectionChange) -> String {
        catalog.sectionMoved(s.kind.label, old: s.oldPosition ?? 0, new: s.newPosition ?? 0)
    }

    /// A field change in words, without the label: "laufend → beendet", "neu: x", "entfernt: x", "+ a, − b".
    public func change(_ c: FieldChange) -> String {
        switch c.kind {
        case .added: return catalog.valueAdded(value(c.new))
        case .removed: return catalog.valueRemoved(value(c.old))
        case .changed: return value(c.old) + " → " + value(c.new)
        case .list:
            var parts: [String] = []
            if !c.itemsAdded.isEmpty { parts.append("+ " + c.itemsAdded.map { value($0) }.joined(separator: ", ")) }
            if !c.itemsRemoved.isEmpty { parts.append("− " + c.itemsRemoved.map { value($0) }.joined(separator: ", ")) }
            if c.reordered { parts.append(catalog.listReordered()) }
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
    public func date(_ t: Timestamp) -> String { catalog.shortDate(t.day) }
}
