import ChronikStore
import Foundation

/// An independent JSON writer for the tests: the String-based writer chronik had before `JSONByteWriter`, kept as
/// the oracle that `JSONByteWriter` (and through it `JSONWriter`) must match byte for byte.
enum ReferenceJSONWriter {
    /// Returns the JSON text of `value`; `pretty` indents by two spaces with one member per line.
    static func write(_ value: JSONValue, pretty: Bool = false) -> String {
        var out = ""
        write(value, pretty: pretty, indent: 0, into: &out)
        return out
    }

    /// Returns `s` as a JSON string literal, quotes included.
    static func quote(_ s: String) -> String {
        var out = ""
        appendQuoted(s, into: &out)
        return out
    }

    private static func write(_ value: JSONValue, pretty: Bool, indent: Int, into out: inout String) {
        switch value {
        case .null: out += "null"
        case .bool(let b): out += b ? "true" : "false"
        case .number(let n): out += n.literal
        case .string(let s): appendQuoted(s, into: &out)
        case .array(let items):
            if items.isEmpty {
                out += "[]"
                return
            }
            out += "["
            for (i, item) in items.enumerated() {
                if i > 0 { out += "," }
                if pretty { newline(indent + 1, into: &out) }
                write(item, pretty: pretty, indent: indent + 1, into: &out)
            }
            if pretty { newline(indent, into: &out) }
            out += "]"
        case .object(let members):
            if members.isEmpty {
                out += "{}"
                return
            }
            out += "{"
            for (i, (key, member)) in members.enumerated() {
                if i > 0 { out += "," }
                if pretty { newline(indent + 1, into: &out) }
                appendQuoted(key, into: &out)
                out += pretty ? ": " : ":"
                write(member, pretty: pretty, indent: indent + 1, into: &out)
            }
            if pretty { newline(indent, into: &out) }
            out += "}"
        }
    }

    private static func newline(_ indent: Int, into out: inout String) {
        out += "\n"
        out += String(repeating: "  ", count: indent)
    }

    private static func appendQuoted(_ s: String, into out: inout String) {
        out += "\""
        for scalar in s.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case "\u{08}": out += "\\b"
            case "\u{0C}": out += "\\f"
            default:
                if scalar.value < 0x20 || scalar.value == 0x2028 || scalar.value == 0x2029 {
                    out += String(format: "\\u%04x", scalar.value)
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        out += "\""
    }
}
