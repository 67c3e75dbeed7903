import Foundation
import OrderedCollections
import Yams

// How an entry file is written (the counterpart of the reading rules in FrontMatterParser.swift).
//
// 1. `---`, the fields as block-style YAML with 2-space indentation in field order, `---`, the body as is. Lines end
//    with the document's `lineEnding`.
// 2. Strings are written plain when that reads back as the same string, else double-quoted with escapes. Quoted are:
//    the empty string; anything that would read as a bool, null or number; the YAML 1.1 words yes/no/on/off/y/n in
//    any case; anything another YAML 1.1 reader would type (dates, `0x1F`, `1_000`, `.inf`, `<<`, `=` ...); leading
//    or trailing spaces; `: `, ` #` or a trailing `:`; a leading indicator (`-?:,[]{}#&*!|>'"%@` and backtick) or
//    `...`; tabs, control characters, U+0085, U+2028, U+2029, U+FEFF and other characters YAML can't hold raw
//    (these are escaped).
// 3. Multi-line strings of printable text are block literals (`|`), with the chomping indicator that keeps their
//    trailing line breaks exact (`|-` none, `|` one, `|+` more) and an indentation indicator when the first line
//    starts with a space. Other multi-line strings are double-quoted with `\n` escapes.
// 4. Numbers are written with their literal (`1.10`), bools as `true`/`false`, null as `null`, empty lists `[]`,
//    empty maps `{}`; nested maps and lists of maps in block style (`- key: value`).
// 5. Keys follow the same quoting; a key longer than 1,000 characters (over libyaml's limit for `key: value`) is
//    written as an explicit key `? "key"` with the value on the next line, `: value`.
// 6. With the original text: the text before the first field, the closing line and each top-level field whose value
//    is unchanged are copied byte for byte (a field's text runs from the comment lines directly above its key to the
//    next field's); changed fields are re-emitted in place, keeping the comment lines above them and the blank and
//    comment lines after them; removed fields are dropped; new fields are written where they stand in `fields`.
//    If the result would not read back as the document (e.g. a kept alias refers to an anchor in a changed field),
//    or the original's top level isn't written one key per line, the whole document is written fresh.

enum FrontMatterWriter {
    // MARK: Whole documents

    static func fresh(_ document: EntryDocument) -> Data {
        let nl = document.lineEnding.text
        var out = "---" + nl
        for (key, value) in document.fields {
            for line in entry(key: key, value: value, indent: 0) { out += line + nl }
        }
        out += "---" + nl
        out += document.body
        return Data(out.utf8)
    }

    static func preserving(_ document: EntryDocument, original: Data) -> Data? {
        guard let (old, layout) = try? FrontMatterReader.read(original, limits: FrontMatterLimits()),
              layout.lineEnding == document.lineEnding, let keyLines = layout.keyLines else { return nil }
        let lines = layout.lines
        let nl = document.lineEnding.text
        func isComment(_ line: ArraySlice<UInt8>) -> Bool { line.first == UInt8(ascii: "#") }
        func isBlank(_ line: ArraySlice<UInt8>) -> Bool {
            line.allSatisfy { $0 == UInt8(ascii: " ") || $0 == UInt8(ascii: "\r") || $0 == UInt8(ascii: "\n") }
        }

        var starts: [Int] = []
        for (index, entry) in keyLines.enumerated() {
            var start = entry.line
            let floor = index == 0 ? 0 : keyLines[index - 1].line + 1
            while start > floor, isComment(lines[start - 1]) { start -= 1 }
            starts.append(start)
        }
        var position: [String: Int] = [:]
        for (index, entry) in keyLines.enumerated() { position[entry.key] = index }

        var out: [UInt8] = Array(layout.openingFence)
        for line in lines[0..<(starts.first ?? lines.count)] { out += line }
        for (key, value) in document.fields {
            guard let index = position[key] else {
                for line in entry(key: key, value: value, indent: 0) { out += Array((line + nl).utf8) }
                continue
            }
            let end = index + 1 < starts.count ? starts[index + 1] : lines.count
            if old.fields[key] == value {
                for line in lines[starts[index]..<end] { out += line }
                continue
            }
            let keyLine = keyLines[index].line
            for line in lines[starts[index]..<keyLine] { out += line }
            for line in entry(key: key, value: value, indent: 0) { out += Array((line + nl).utf8) }
            var tail = end
            while tail > keyLine + 1, isBlank(lines[tail - 1]) || isComment(lines[tail - 1]) { tail -= 1 }
            let keepBlank = !endsWithKeptLineBreaks(value)
            for line in lines[tail..<end] where keepBlank || !isBlank(line) { out += line }
        }
        out += layout.closingFence
        if layout.closingFence.last != UInt8(ascii: "\n"), !document.body.isEmpty { out += Array(nl.utf8) }
        out += Array(document.body.utf8)

        let data = Data(out)
        guard let reread = try? EntryDocument.parse(data), reread == document else { return nil }
        return data
    }

    /// True when the value's last scalar is written as a `|+` literal, which would swallow blank lines after it.
    private static func endsWithKeptLineBreaks(_ value: JSONValue) -> Bool {
        switch value {
        case .string(let s): return s.hasSuffix("\n\n")
        case .array(let a): return a.last.map(endsWithKeptLineBreaks) ?? false
        case .object(let o): return o.values.last.map(endsWithKeptLineBreaks) ?? false
        default: return false
        }
    }

    // MARK: Block structure

    /// The lines (without line breaks) of `key: value` at `indent`.
    static func entry(key: String, value: JSONValue, indent: Int) -> [String] {
        let pad = String(repeating: " ", count: indent)
        let keyText = renderKey(key)
        let explicit = keyText.count > 1_000
        var lines: [String] = explicit ? [pad + "? " + keyText] : []
        let head = pad + (explicit ? ":" : keyText + ":")
        switch value {
        case .array(let items) where !items.isEmpty:
            lines.append(head)
            lines += sequence(items, indent: indent + 2)
        case .object(let members) where !members.isEmpty:
            lines.append(head)
            lines += mapping(members, indent: indent + 2)
        default:
            lines += scalarLines(value, head: head + " ", contentPad: pad + "  ")
        }
        return lines
    }

    static func mapping(_ members: OrderedDictionary<String, JSONValue>, indent: Int) -> [String] {
        members.flatMap { entry(key: $0.key, value: $0.value, indent: indent) }
    }

    static func sequence(_ items: [JSONValue], indent: Int) -> [String] {
        let pad = String(repeating: " ", count: indent)
        var lines: [String] = []
        for item in items {
            var inner: [String]
            switch item {
            case .array(let nested) where !nested.isEmpty:
                inner = sequence(nested, indent: indent + 2)
            case .object(let members) where !members.isEmpty:
                inner = mapping(members, indent: indent + 2)
            default:
                lines += scalarLines(item, head: pad + "- ", contentPad: pad + "  ")
                continue
            }
            // Compact form: the nested block's first line moves up behind the dash.
            inner[0] = pad + "- " + inner[0].dropFirst(indent + 2)
            lines += inner
        }
        return lines
    }

    /// A scalar (or empty collection) after `head`; block literals continue on lines indented by `contentPad`.
    private static func scalarLines(_ value: JSONValue, head: String, contentPad: String) -> [String] {
        switch value {
        case .null: return [head + "null"]
        case .bool(let b): return [head + (b ? "true" : "false")]
        case .number(let n): return [head + n.literal]
        case .array: return [head + "[]"]
        case .object: return [head + "{}"]
        case .string(let s):
            if let literal = blockLiteral(s) {
                return [head + literal.header] + literal.lines.map { $0.isEmpty ? "" : contentPad + $0 }
            }
            return [head + renderInline(s)]
        }
    }

    // MARK: Scalars

    private static let trapWords: Set<String> = ["yes", "no", "on", "off", "y", "n"]
    private static let indicators = Set("-?:,[]{}#&*!|>'\"%@`".unicodeScalars)

    /// Characters YAML holds raw in any scalar (libyaml's printable set minus line breaks and the BOM).
    private static func isPrintable(_ u: Unicode.Scalar) -> Bool {
        switch u.value {
        case 0x20...0x7E: return true
        case 0xA0...0xD7FF: return u.value != 0x2028 && u.value != 0x2029
        case 0xE000...0xFFFD: return u.value != 0xFEFF
        case 0x10000...0x10FFFF: return true
        default: return false
        }
    }

    static func isPlainSafe(_ s: String) -> Bool {
        guard let first = s.unicodeScalars.first, let last = s.unicodeScalars.last else { return false }
        guard s.unicodeScalars.allSatisfy(isPrintable) else { return false }
        if first == " " || last == " " || last == ":" || indicators.contains(first) { return false }
        if s.contains(": ") || s.contains(" #") || s.hasPrefix("...") { return false }
        guard NodeWalker.plainValue(s) == .string(s), !trapWords.contains(s.lowercased()) else { return false }
        // Anything a YAML 1.1 reader would type (timestamps, 0x1F, 1_000, .inf, <<, =) is quoted for them too.
        return Resolver.default.resolveTag(of: Node(s)) == .str
    }

    static func renderKey(_ key: String) -> String {
        isPlainSafe(key) ? key : doubleQuoted(key)
    }

    static func renderInline(_ s: String) -> String {
        isPlainSafe(s) ? s : doubleQuoted(s)
    }

    static func doubleQuoted(_ s: String) -> String {
        var out = "\""
        for u in s.unicodeScalars {
            switch u {
            case "\\": out += "\\\\"
            case "\"": out += "\\\""
            case "\0": out += "\\0"
            case "\u{07}": out += "\\a"
            case "\u{08}": out += "\\b"
            case "\t": out += "\\t"
            case "\n": out += "\\n"
            case "\u{0B}": out += "\\v"
            case "\u{0C}": out += "\\f"
            case "\r": out += "\\r"
            case "\u{1B}": out += "\\e"
            case "\u{85}": out += "\\N"
            case "\u{2028}": out += "\\L"
            case "\u{2029}": out += "\\P"
            default:
                if isPrintable(u) {
                    out.unicodeScalars.append(u)
                } else if u.value <= 0xFF {
                    out += "\\x" + hex(u.value, width: 2)
                } else if u.value <= 0xFFFF {
                    out += "\\u" + hex(u.value, width: 4)
                } else {
                    out += "\\U" + hex(u.value, width: 8)
                }
            }
        }
        return out + "\""
    }

    private static func hex(_ value: UInt32, width: Int) -> String {
        let digits = String(value, radix: 16, uppercase: true)
        return String(repeating: "0", count: max(0, width - digits.count)) + digits
    }

    /// The `|` form of a multi-line string of printable text, or nil when it must be double-quoted.
    static func blockLiteral(_ s: String) -> (header: String, lines: [String])? {
        guard s.contains("\n") else { return nil }
        guard s.unicodeScalars.allSatisfy({ $0 == "\n" || $0 == "\t" || isPrintable($0) }) else { return nil }
        guard s.unicodeScalars.contains(where: { $0 != "\n" && $0 != " " && $0 != "\t" }) else { return nil }
        var pieces = s.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        var trailingBreaks = 0
        for piece in pieces.reversed() {
            if piece.isEmpty { trailingBreaks += 1 } else { break }
        }
        if s.hasSuffix("\n") { pieces.removeLast() }
        let chomping = trailingBreaks == 0 ? "-" : trailingBreaks == 1 ? "" : "+"
        let firstContent = pieces.first(where: { !$0.isEmpty }) ?? ""
        let indicator = firstContent.hasPrefix(" ") || firstContent.hasPrefix("\t") ? "2" : ""
        return ("|" + indicator + chomping, pieces)
    }
}
