import Foundation

/// The checks `chronik validate` makes on a plain repository (no `chronik.yml`): those of the store that need no
/// schema, per Markdown file.
///
/// - The file is UTF-8 without NUL bytes (a Markdown file that is not text cannot be diffed by word).
/// - Front matter, when the file has some (line 1 is `---`), is read by the store's own reader (FrontMatterParser.swift):
///   its syntax errors, duplicate keys, unsupported tags and limits are reported with line and column.
/// - No unresolved merge conflict: a line starting with `<<<<<<<` followed later by one starting with `>>>>>>>`
///   (a `=======` line alone is a Markdown heading underline, not a conflict).
///
/// A file without front matter is fine: a plain repository's entries need none.
public enum PlainCheck {
    /// Problems of one Markdown file.
    public static func problems(path: String, data: Data, limits: FrontMatterLimits = FrontMatterLimits()) -> [StoreProblem] {
        let bytes = [UInt8](data)
        if let line = firstNul(bytes) {
            return [StoreProblem(file: path, line: line, message: FrontMatterError.nulByte(line: line).reason)]
        }
        guard let text = String(validating: bytes, as: UTF8.self) else {
            let line = invalidUTF8Line(bytes)
            return [StoreProblem(file: path, line: line, message: FrontMatterError.invalidUTF8(line: line).reason)]
        }
        var problems: [StoreProblem] = []
        if hasFrontMatter(bytes) {
            do {
                _ = try EntryDocument.parseFields(bytes, limits: limits)
            } catch {
                problems.append(StoreProblem(file: path, line: error.line, column: error.column, message: error.reason))
            }
        }
        if let line = conflictLine(text) {
            problems.append(StoreProblem(file: path, line: line, message: "has an unresolved merge conflict (<<<<<<< … >>>>>>>)"))
        }
        return problems
    }

    /// True when line 1 is `---` (with LF or CRLF), as the front matter reader requires; a BOM before it counts too,
    /// so that the reader names it.
    static func hasFrontMatter(_ bytes: [UInt8]) -> Bool {
        var b = bytes[...]
        if b.starts(with: [0xEF, 0xBB, 0xBF]) { b = b.dropFirst(3) }
        return b.starts(with: Array("---\n".utf8)) || b.starts(with: Array("---\r\n".utf8))
    }

    static func firstNul(_ bytes: [UInt8]) -> Int? {
        guard let index = bytes.firstIndex(of: 0) else { return nil }
        return bytes[..<index].count(where: { $0 == 0x0A }) + 1
    }

    /// The line of the first byte sequence that is not UTF-8.
    static func invalidUTF8Line(_ bytes: [UInt8]) -> Int {
        var line = 1
        var start = 0
        for (k, byte) in bytes.enumerated() where byte == 0x0A {
            if String(validating: bytes[start..<k], as: UTF8.self) == nil { return line }
            line += 1
            start = k + 1
        }
        return line
    }

    /// The line of a conflict's `<<<<<<<` marker, when a `>>>>>>>` marker follows it.
    static func conflictLine(_ text: String) -> Int? {
        var opened: Int?
        var line = 0
        for row in text.split(separator: "\n", omittingEmptySubsequences: false) {
            line += 1
            if opened == nil, row.hasPrefix("<<<<<<<") {
                opened = line
            } else if let opened, row.hasPrefix(">>>>>>>") {
                return opened
            }
        }
        return nil
    }
}
