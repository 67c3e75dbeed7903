// CSV as RFC 4180 writes it and Notion exports it: fields separated by commas, records by CRLF or LF, a field in double
// quotes may hold commas, line breaks and `""` for a quote; a UTF-8 byte order mark at the start is dropped. Every
// record must have as many fields as the header: a shorter or longer one is refused, never padded, because a shifted
// column would put values under the wrong property.

enum CSV {
    /// The records of `text`, the header first; each with the line it starts on (counted from 1).
    static func parse(_ text: String, path: String) throws(NotionReadError) -> [(line: Int, fields: [String])] {
        var records: [(line: Int, fields: [String])] = []
        var fields: [String] = []
        var field: [UInt8] = []
        var line = 1
        var recordLine = 1
        var inQuotes = false
        var quoteLine = 1
        var atFieldStart = true
        var bytes = Array(text.utf8)
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { bytes.removeFirst(3) }
        var i = 0
        func endField() {
            fields.append(String(decoding: field, as: UTF8.self))
            field.removeAll(keepingCapacity: true)
            atFieldStart = true
        }
        while i < bytes.count {
            let byte = bytes[i]
            if inQuotes {
                if byte == UInt8(ascii: "\"") {
                    if i + 1 < bytes.count, bytes[i + 1] == UInt8(ascii: "\"") {
                        field.append(byte)
                        i += 2
                        continue
                    }
                    inQuotes = false
                } else {
                    if byte == UInt8(ascii: "\n") { line += 1 }
                    field.append(byte)
                }
                i += 1
                continue
            }
            switch byte {
            case UInt8(ascii: "\"") where atFieldStart:
                inQuotes = true
                quoteLine = line
                atFieldStart = false
            case UInt8(ascii: ","):
                endField()
            case UInt8(ascii: "\r") where i + 1 < bytes.count && bytes[i + 1] == UInt8(ascii: "\n"):
                break
            case UInt8(ascii: "\n"):
                endField()
                records.append((recordLine, fields))
                fields.removeAll()
                line += 1
                recordLine = line
            default:
                field.append(byte)
                atFieldStart = false
            }
            i += 1
        }
        if inQuotes { throw .csvUnterminatedQuote(path: path, line: quoteLine) }
        if !field.isEmpty || !fields.isEmpty || !atFieldStart {
            endField()
            records.append((recordLine, fields))
        }
        // A blank line (one empty field) is no record; Notion ends its files with a line break.
        records.removeAll { $0.fields == [""] }
        if let header = records.first {
            for record in records.dropFirst() where record.fields.count != header.fields.count {
                throw .csvFieldCount(path: path, line: record.line, expected: header.fields.count, found: record.fields.count)
            }
        }
        return records
    }
}
