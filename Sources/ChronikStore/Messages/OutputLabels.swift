// The plain values that the labels of public output (`MessageCatalog`'s section "labels of public output") are
// given. The types they stand for (`FileDiff.Kind`, `FormattingChange`, `BlockKind`, `SectionChange.Kind`,
// `SnapshotSummary` of ChronikDiff) live above ChronikStore and are not visible here: the label structs of
// ChronikDiff, ChronikChangelog and ChronikPublish map them to these, one case to one case.

/// What happened to an entry or a file, as a label names it.
public enum LabelChange: Sendable, Hashable {
    case added, removed, modified, renamed, moved
}

/// Where an entry changed only in how it is written (`FormattingChange`).
public enum LabelFormatting: Sendable, Hashable {
    case frontMatter, body, frontMatterAndBody
}

/// The kind of a block of a text (`BlockKind`).
public enum LabelBlock: Sendable, Hashable {
    case heading, paragraph, listItem, tableRow, codeBlock, blockQuote, thematicBreak, html, other
}

/// What happened to a block of a text (`BlockChange.Kind`).
public enum LabelBlockChange: Sendable, Hashable {
    case inserted, deleted, modified, moved
}

/// What happened to a section of a document-like collection (`SectionChange.Kind`).
public enum LabelSection: Sendable, Hashable {
    case unchanged, moved, added, removed
}

/// The totals of a diff, as its summary line counts them (`SnapshotSummary`).
public struct LabelTotals: Sendable, Hashable {
    public var entriesModified = 0, entriesAdded = 0, entriesRemoved = 0, entriesRenamed = 0, entriesMoved = 0
    public var filesChanged = 0
    public var wordsAdded = 0, wordsRemoved = 0
    public var fieldsChanged = 0
    public var blocksMoved = 0

    public init() {}

    /// All changed entries.
    public var entries: Int { entriesModified + entriesAdded + entriesRemoved + entriesRenamed + entriesMoved }
}

/// An attachment's size for people (issue 17): bytes below 1 KB (the word given), else KB (1024 bytes, whole) below
/// 1 MB, else MB with one decimal (a comma where the language writes one): `14 bytes`, `512 KB`, `1,5 MB`.
enum AttachmentSize {
    static func words(_ bytes: Int, decimalComma: Bool, bytes word: String) -> String {
        if bytes < 1024 { return "\(bytes) \(word)" }
        if bytes < 1024 * 1024 { return "\(max(1, (bytes + 512) / 1024)) KB" }
        let tenths = (bytes * 10 + 512 * 1024) / (1024 * 1024)
        let text = "\(tenths / 10)" + (tenths % 10 == 0 ? "" : (decimalComma ? "," : ".") + "\(tenths % 10)")
        return text + " MB"
    }
}
