import ChronikStore
import Foundation
import OrderedCollections

// The formats of `chronik list`, pure functions of an `EntryList`: a table for people, JSON and NDJSON by the JSON
// contract (docs/json-output.md: `"chronik": 1` first, entries as `{collection, id, path, title}`), CSV as
// spreadsheets read it (RFC 4180: fields with a comma, quote, CR or LF quoted, quotes doubled, CRLF line ends; UTF-8,
// a byte order mark on request for Excel).

public enum ListRender {
    /// The contract's major version (docs/json-output.md).
    public static let contractVersion = 1

    /// Columns padded to their widest cell, two spaces apart, a line of dashes under the labels; no trailing spaces.
    /// `clean` makes each cell safe for a terminal (control characters shown, not sent).
    public static func table(_ list: EntryList, clean: (String) -> String = { $0 }) -> String {
        let header = list.columns.map { clean($0.label) }
        let rows = list.rows.map { $0.cells.map(clean) }
        var widths = header.map(width)
        for row in rows { for (k, cell) in row.enumerated() where k < widths.count { widths[k] = max(widths[k], width(cell)) } }
        func line(_ cells: [String]) -> String {
            var out = ""
            for (k, cell) in cells.enumerated() {
                if k > 0 { out += "  " }
                out += cell
                if k < cells.count - 1 { out += String(repeating: " ", count: widths[k] - width(cell)) }
            }
            while out.hasSuffix(" ") { out.removeLast() }
            return out + "\n"
        }
        var out = line(header)
        out += line(widths.map { String(repeating: "-", count: $0) })
        for row in rows { out += line(row) }
        return out
    }

    /// Columns as a terminal counts them (wide characters two, see DisplayWidth).
    static func width(_ text: String) -> Int { DisplayWidth.of(text) }

    /// RFC 4180 CSV: the labels, then one record per entry; CRLF after every record.
    public static func csv(_ list: EntryList, byteOrderMark: Bool = false) -> String {
        var out = byteOrderMark ? "\u{FEFF}" : ""
        out += list.columns.map { field(neutralized($0.label)) }.joined(separator: ",") + "\r\n"
        for row in list.rows { out += row.cells.map { field(neutralized($0)) }.joined(separator: ",") + "\r\n" }
        return out
    }

    /// A cell that a spreadsheet would take for a formula (it starts with `=`, `+`, `-`, `@`, a tab or CR, and is not
    /// a plain number), with an apostrophe put first, as OWASP's "CSV Injection" page advises: a list opened in
    /// Excel or LibreOffice shows the text instead of running `=HYPERLINK(…)` or `=cmd|…` from an entry's title.
    /// The JSON and NDJSON formats carry the values unchanged.
    static func neutralized(_ text: String) -> String {
        guard let first = text.utf8.first,
              first == UInt8(ascii: "=") || first == UInt8(ascii: "+") || first == UInt8(ascii: "-") || first == UInt8(ascii: "@")
                || first == 0x09 || first == 0x0D else { return text }
        return isPlainNumber(text) ? text : "'" + text
    }

    /// `-12`, `+3.5`, `-0,75`: a sign, then digits with at most one decimal point or comma between them.
    private static func isPlainNumber(_ text: String) -> Bool {
        let bytes = Array(text.utf8)
        guard let sign = bytes.first, sign == UInt8(ascii: "+") || sign == UInt8(ascii: "-"), bytes.count > 1 else { return false }
        var separator = false
        for index in 1..<bytes.count {
            let byte = bytes[index]
            if byte >= 0x30 && byte <= 0x39 { continue }
            guard !separator, byte == UInt8(ascii: ".") || byte == UInt8(ascii: ","), index > 1, index + 1 < bytes.count else { return false }
            separator = true
        }
        return true
    }

    /// One CSV field: quoted when it holds a comma, a quote, CR or LF (or starts or ends with a space, which some
    /// readers trim), quotes doubled.
    static func field(_ text: String) -> String {
        let needsQuotes = text.contains { $0 == "," || $0 == "\"" || $0 == "\r" || $0 == "\n" || $0 == "\r\n" }
            || text.hasPrefix(" ") || text.hasSuffix(" ")
        return needsQuotes ? "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : text
    }

    /// The JSON document (`--format json`).
    public static func json(_ list: EntryList, commit: String, fields: [String]?) -> Document {
        Document(chronik: contractVersion, commit: commit, collection: list.collection, language: list.language,
                 columns: list.columns.map { Column(key: $0.key, label: $0.label) },
                 entries: list.rows.map { entry($0, fields: fields, versioned: false) })
    }

    /// The NDJSON lines (`--format ndjson`): one entry per line, each starting with `"chronik": 1`.
    public static func ndjson(_ list: EntryList, fields: [String]?) throws -> String {
        var out = ""
        for row in list.rows {
            var line = try JSONValueEncoder().text(entry(row, fields: fields, versioned: true), pretty: false)
            while line.hasSuffix("\n") { line.removeLast() }
            out += line + "\n"
        }
        return out
    }

    static func entry(_ row: ListRow, fields wanted: [String]?, versioned: Bool) -> Entry {
        var fields = row.fields, references = row.references
        if let wanted {
            let keep = Set(wanted)
            fields = fields.filter { keep.contains($0.key) }
            references = references.filter { keep.contains($0.key) }
        }
        let shown = references.isEmpty ? nil : references.mapValues { list in
            list.map { EntryRef(collection: $0.entry.collection, id: $0.entry.id, path: $0.entry.path, title: $0.title) }
        }
        return Entry(chronik: versioned ? contractVersion : nil, collection: row.entry.collection, id: row.entry.id, path: row.entry.path,
                     title: row.title, fields: .object(fields), references: shown)
    }

    /// `{"chronik": 1, "commit": …, "collection": …, "language": …, "columns": [...], "entries": [...]}`.
    public struct Document: Encodable {
        public var chronik: Int
        public var commit: String
        public var collection: String?
        public var language: String
        public var columns: [Column]
        public var entries: [Entry]
    }

    public struct Column: Encodable {
        public var key: String
        public var label: String
    }

    /// An entry (the contract's entry shape) with its fields and, with `--resolve`, its references by title.
    public struct Entry: Encodable {
        /// Only on NDJSON lines.
        public var chronik: Int?
        public var collection: String
        public var id: String
        public var path: String
        public var title: String?
        public var fields: JSONValue
        public var references: OrderedDictionary<String, [EntryRef]>?

        enum CodingKeys: String, CodingKey { case chronik, collection, id, path, title, fields, references }

        public func encode(to encoder: Encoder) throws {
            var c = encoder.container(keyedBy: CodingKeys.self)
            try c.encodeIfPresent(chronik, forKey: .chronik)
            try c.encode(collection, forKey: .collection)
            try c.encode(id, forKey: .id)
            try c.encode(path, forKey: .path)
            try c.encodeIfPresent(title, forKey: .title)
            try c.encode(fields, forKey: .fields)
            if let references {
                var nested = c.nestedContainer(keyedBy: AnyKey.self, forKey: .references)
                for (key, list) in references { try nested.encode(list, forKey: AnyKey(key)) }
            }
        }
    }

    /// The contract's entry shape.
    public struct EntryRef: Encodable {
        public var collection: String
        public var id: String
        public var path: String
        public var title: String?
    }

    struct AnyKey: CodingKey {
        var stringValue: String
        var intValue: Int? { nil }
        init(_ s: String) { stringValue = s }
        init?(stringValue: String) { self.stringValue = stringValue }
        init?(intValue: Int) { nil }
    }
}
