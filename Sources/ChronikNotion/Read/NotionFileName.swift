import Foundation

// Notion names every page file `Title <32 hex digits>.md|.html`, a database `Name <hex>.csv` and `Name <hex>_all.csv`,
// and the folder of a page's subpages (or a database's rows) like the page without its extension. The title part is
// what Notion made of the title for a file system: it may end in spaces (the title did), start with `@` (a date
// mention), repeat in another page, or have characters replaced; the page's own text (`# Title`, `<title>`) is what
// the reader takes as the title, the file name only where there is nothing else.

/// A file or folder name of an export, split into title, page id and extension.
struct NotionFileName: Hashable {
    /// The title as the name spells it (Notion's replacements included), trailing spaces kept.
    var title: String
    /// The page id, 32 lowercase hex digits; nil where the name carries none (attachments, `Export-…` folders).
    var id: String?
    /// The extension without the dot (`md`, `html`, `csv`), empty for a folder.
    var ext: String
    /// `_all` before `.csv`: all rows of a database rather than the current view.
    var isAllRows: Bool

    init(_ name: String) {
        var stem = Substring(name)
        ext = ""
        if let dot = name.lastIndex(of: "."), dot != name.startIndex {
            let candidate = name[name.index(after: dot)...]
            if !candidate.isEmpty, candidate.count <= 5, candidate.allSatisfy({ $0.isLetter || $0.isNumber }) {
                ext = candidate.lowercased()
                stem = name[..<dot]
            }
        }
        isAllRows = false
        if ext == "csv", stem.hasSuffix("_all") {
            isAllRows = true
            stem = stem.dropLast(4)
        }
        if let (title, id) = Self.splitID(stem) {
            self.title = title
            self.id = id
        } else {
            self.title = String(stem)
            self.id = nil
        }
    }

    /// `Title <hex>` → (`Title`, hex lowercased); also `Title-<hex>` (notion.so URLs) and a bare `<hex>`.
    static func splitID(_ stem: Substring) -> (String, String)? {
        let utf8 = Array(stem.utf8)
        guard utf8.count >= 32 else { return nil }
        let hex = utf8.suffix(32)
        guard hex.allSatisfy(Self.isHex) else { return nil }
        let id = String(decoding: hex, as: UTF8.self).lowercased()
        if utf8.count == 32 { return ("", id) }
        let separator = utf8[utf8.count - 33]
        guard separator == UInt8(ascii: " ") || separator == UInt8(ascii: "-") else { return nil }
        return (String(decoding: utf8.prefix(utf8.count - 33), as: UTF8.self), id)
    }

    /// A page id from a notion.so URL or a dashed UUID (`https://www.notion.so/Title-<hex>?pvs=21`,
    /// `0f5b…-…-…`), lowercase, or nil.
    static func id(inURL text: Substring) -> String? {
        var path = text
        if let query = path.firstIndex(where: { $0 == "?" || $0 == "#" }) { path = path[..<query] }
        if let slash = path.lastIndex(of: "/") { path = path[path.index(after: slash)...] }
        let plain = path.filter { $0 != "-" }
        if plain.utf8.count >= 32 {
            let hex = plain.utf8.suffix(32)
            if hex.allSatisfy(isHex) { return String(decoding: hex, as: UTF8.self).lowercased() }
        }
        return nil
    }

    static func isHex(_ byte: UInt8) -> Bool {
        (byte >= 0x30 && byte <= 0x39) || (byte >= 0x61 && byte <= 0x66) || (byte >= 0x41 && byte <= 0x46)
    }
}

/// Paths inside an export.
enum ExportPath {
    /// The folder part of `path` (`a/b` of `a/b/c.md`), empty at the top.
    static func folder(_ path: String) -> String {
        guard let slash = path.lastIndex(of: "/") else { return "" }
        return String(path[..<slash])
    }

    /// The last component.
    static func name(_ path: String) -> String {
        guard let slash = path.lastIndex(of: "/") else { return path }
        return String(path[path.index(after: slash)...])
    }

    /// `path` without its extension (`a/B <hex>` of `a/B <hex>.md`): the folder of the page's subpages.
    static func stem(_ path: String) -> String {
        let name = name(path)
        guard let dot = name.lastIndex(of: "."), dot != name.startIndex else { return path }
        return String(path.dropLast(name.distance(from: dot, to: name.endIndex)))
    }

    /// A relative href (`../Db%20<hex>/Row%20<hex>.md`) resolved against `folder`, percent-decoded; nil when it leaves
    /// the export, is absolute or has a scheme (`https:`, `mailto:`).
    static func resolve(_ href: String, from folder: String) -> String? {
        var target = Substring(href)
        if let cut = target.firstIndex(where: { $0 == "#" || $0 == "?" }) { target = target[..<cut] }
        guard !target.isEmpty, !target.hasPrefix("/") else { return nil }
        if let colon = target.firstIndex(of: ":"), !target[..<colon].contains("/") { return nil }
        guard let decoded = String(target).removingPercentEncoding else { return nil }
        var parts = folder.isEmpty ? [] : folder.split(separator: "/").map(String.init)
        for part in decoded.split(separator: "/", omittingEmptySubsequences: true) {
            if part == "." { continue }
            if part == ".." {
                guard !parts.isEmpty else { return nil }
                parts.removeLast()
            } else {
                parts.append(String(part))
            }
        }
        return parts.joined(separator: "/")
    }
}
