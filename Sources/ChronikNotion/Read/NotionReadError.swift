import ChronikStore

/// Why an export cannot be read. Each case names the path inside the export where it applies (as the export spells
/// it, `PathRules.printable` when shown), so a person can find the file; nothing has been written when it is thrown.
public enum NotionReadError: Error, Sendable, Hashable {
    /// The export (zip or folder) cannot be opened or read; `reason` is the system's or the zip library's word.
    case unreadable(path: String, reason: String)
    /// Neither Notion's Markdown & CSV files (`Title <hex>.md`, `.csv`) nor its HTML pages (`Title <hex>.html`).
    case notAnExport(path: String)
    /// A zip entry whose name climbs out of the export (`..`) or starts at the root (`/`, `C:`, `\`).
    case unsafePath(path: String)
    /// A symbolic link, in the zip or the folder.
    case symlink(path: String)
    /// A zip entry that inflates more than `limit` times its compressed size.
    case compressionRatio(path: String, ratio: Int, limit: Int)
    /// The files' uncompressed size together goes over `limit` bytes (at `path`, where the sum crossed it).
    case tooLarge(path: String, limit: Int64)
    /// More than `limit` files.
    case tooManyFiles(path: String, limit: Int)
    /// A file name that is not valid UTF-8 (shown with replacement characters).
    case nameNotUTF8(path: String)
    /// A zip entry whose bytes do not match its header (size or checksum).
    case corruptEntry(path: String)
    /// Row `line` (counted from 1, the header being line 1) of a CSV has `found` fields where its header has
    /// `expected`.
    case csvFieldCount(path: String, line: Int, expected: Int, found: Int)
    /// A quoted CSV field opened on `line` and never closed.
    case csvUnterminatedQuote(path: String, line: Int)

    /// The path inside the export the error is about.
    public var path: String {
        switch self {
        case .unreadable(let path, _), .notAnExport(let path), .unsafePath(let path), .symlink(let path),
             .compressionRatio(let path, _, _), .tooLarge(let path, _), .tooManyFiles(let path, _), .nameNotUTF8(let path),
             .corruptEntry(let path), .csvFieldCount(let path, _, _, _), .csvUnterminatedQuote(let path, _):
            return path
        }
    }

    /// The error as a sentence for people, in `catalog`'s language.
    public func message(_ catalog: any MessageCatalog) -> String {
        let shown = PathRules.printable(path)
        switch self {
        case .unreadable(_, let reason): return catalog.notionExportUnreadable(shown, reason: reason)
        case .notAnExport: return catalog.notionNotAnExport(shown)
        case .unsafePath: return catalog.notionUnsafePath(shown)
        case .symlink: return catalog.notionSymlink(shown)
        case .compressionRatio(_, let ratio, let limit): return catalog.notionCompressionRatio(shown, ratio: ratio, limit: limit)
        case .tooLarge(_, let limit): return catalog.notionExportTooLarge(shown, limit: limit)
        case .tooManyFiles(_, let limit): return catalog.notionTooManyFiles(shown, limit: limit)
        case .nameNotUTF8: return catalog.notionNameNotUTF8(shown)
        case .corruptEntry: return catalog.notionCorruptEntry(shown)
        case .csvFieldCount(_, let line, let expected, let found):
            return catalog.notionCSVFieldCount(shown, line: line, expected: expected, found: found)
        case .csvUnterminatedQuote(_, let line): return catalog.notionCSVUnterminatedQuote(shown, line: line)
        }
    }
}
