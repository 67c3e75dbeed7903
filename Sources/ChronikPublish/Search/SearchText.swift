import CCmark
import ChronikStore
import Foundation

// The text the search index holds, and how words are normalised. The script (`SearchScript.source`) normalises a
// query with the same rules, so the two must change together (SiteSearchTests holds them to a table of cases):
// 1. lower case (Unicode's full mapping), `ß` → `ss`;
// 2. canonical decomposition, combining diacritical marks (U+0300–U+036F) dropped: `ä` → `a`, `é` → `e`;
// 3. split into words at every character that is neither a letter (`\p{L}`) nor a number (`\p{N}`).
// German spellings without umlauts (`ae`, `oe`, `ue`, as typed on a keyboard without them) are matched at query
// time: the script also looks up the word with `ae`/`oe`/`ue` folded to `a`/`o`/`u`, so "Buerger" finds "Bürger"
// while "neu" still finds "neue" by prefix (folding the index too would turn "neue" into "nea").

/// Normalisation and tokenisation of searchable text.
package enum SearchText {
    /// The normalised form of `text` (rules 1 and 2 above).
    package static func normalise(_ text: String) -> String {
        var scalars = String.UnicodeScalarView()
        // `ß` is folded after the decomposition: no canonical decomposition yields it, and `ss` decomposes to itself.
        for scalar in text.lowercased().decomposedStringWithCanonicalMapping.unicodeScalars where !(0x300...0x36F).contains(scalar.value) {
            if scalar == "ß" {
                scalars.append("s")
                scalars.append("s")
            } else {
                scalars.append(scalar)
            }
        }
        return String(scalars)
    }

    /// The normalised words of `text`, in order (duplicates kept): `referenceWords(text)`, faster. An ASCII
    /// character that is not a letter or digit separates words before and after normalising (rules 1 and 2 map it
    /// to itself, and rule 3 splits at it), so the text is cut at those bytes first; a piece of ASCII letters and
    /// digits is one word, lower-cased byte by byte; a piece whose other characters are Latin letters or general
    /// punctuation is made one scalar at a time from tables (`tableWords`); only a piece with other characters goes
    /// through Foundation's normalisation (`referenceWords`). FastTextPathTests holds the two to each other on
    /// generated text and on every scalar of the tables.
    package static func words(_ text: String) -> [String] {
        var text = text
        return text.withUTF8 { bytes in
            var words: [String] = []
            var start = 0
            var ascii = true
            func flush(_ end: Int) {
                guard end > start else { return }
                let piece = UnsafeBufferPointer(rebasing: bytes[start..<end])
                if ascii {
                    words.append(String(unsafeUninitializedCapacity: piece.count) { out in
                        for (k, byte) in piece.enumerated() { out[k] = (0x41...0x5A).contains(byte) ? byte | 0x20 : byte }
                        return piece.count
                    })
                } else if let found = tableWords(piece) {
                    words += found
                } else {
                    words += referenceWords(String(decoding: piece, as: UTF8.self))
                }
            }
            for (k, byte) in bytes.enumerated() {
                if byte >= 0x80 {
                    ascii = false
                } else if !isASCIIWordByte(byte) {
                    flush(k)
                    start = k + 1
                    ascii = true
                }
            }
            flush(bytes.count)
            return words
        }
    }

    /// What one scalar becomes under rules 1–3 on its own: the bytes it adds to the word it is in (a letter or
    /// number, normalised: `ä` → `a`, `ß` → `ss`), or a place where words split.
    private enum Piece {
        case word([UInt8])
        case separator
    }

    /// Scalars U+0080–U+024F (Latin-1, Latin Extended-A and -B) and U+2000–U+206F (general punctuation: the
    /// quotes, dashes and spaces of German text), each as `referenceWords` treats it alone; nil for one that becomes
    /// letters and non-letters at once (none does now). Made from `normalise` and `isWordScalar` themselves.
    private static let latinPieces: [Piece?] = (0..<0x250).map { $0 < 0x80 ? nil : piece(Unicode.Scalar($0)!) }
    private static let punctuationPieces: [Piece?] = (0x2000..<0x2070).map { piece(Unicode.Scalar($0)!) }

    private static func piece(_ scalar: Unicode.Scalar) -> Piece? {
        let normalised = normalise(String(scalar)).unicodeScalars
        if normalised.allSatisfy(isWordScalar) { return .word(Array(String(normalised).utf8)) }
        if normalised.allSatisfy({ !isWordScalar($0) }) { return .separator }
        return nil
    }

    /// The words of a piece of text (no ASCII byte in it but letters and digits) whose other scalars are all in the
    /// tables above, one scalar at a time: what `referenceWords` gives, since for these scalars rules 1–3 do not
    /// depend on their neighbours (none lower-cases by context, each decomposes to a starter and marks that the
    /// rules drop, so no mark is reordered across two of them). nil when a scalar is not in the tables (a combining
    /// mark, another script): the caller takes the reference.
    private static func tableWords(_ piece: UnsafeBufferPointer<UInt8>) -> [String]? {
        var words: [String] = []
        var current: [UInt8] = []
        current.reserveCapacity(piece.count + 8)
        var k = 0
        while k < piece.count {
            let byte = piece[k]
            if byte < 0x80 {
                current.append((0x41...0x5A).contains(byte) ? byte | 0x20 : byte)
                k += 1
                continue
            }
            let value: Int
            if byte & 0xE0 == 0xC0, k + 1 < piece.count {
                value = Int(byte & 0x1F) << 6 | Int(piece[k + 1] & 0x3F)
                k += 2
            } else if byte & 0xF0 == 0xE0, k + 2 < piece.count {
                value = Int(byte & 0x0F) << 12 | Int(piece[k + 1] & 0x3F) << 6 | Int(piece[k + 2] & 0x3F)
                k += 3
            } else {
                return nil
            }
            let entry: Piece?
            if value < 0x250 {
                entry = latinPieces[value]
            } else if (0x2000..<0x2070).contains(value) {
                entry = punctuationPieces[value - 0x2000]
            } else {
                return nil
            }
            switch entry {
            case .word(let bytes)?:
                current += bytes
            case .separator?:
                if !current.isEmpty {
                    words.append(String(decoding: current, as: UTF8.self))
                    current.removeAll(keepingCapacity: true)
                }
            case nil:
                return nil
            }
        }
        if !current.isEmpty { words.append(String(decoding: current, as: UTF8.self)) }
        return words
    }

    private static func isASCIIWordByte(_ byte: UInt8) -> Bool {
        (0x30...0x39).contains(byte) || (0x41...0x5A).contains(byte) || (0x61...0x7A).contains(byte)
    }

    /// The normalised words of `text` by the rules as written: normalise, then split (what `words` must give).
    static func referenceWords(_ text: String) -> [String] {
        var words: [String] = []
        var current = String.UnicodeScalarView()
        for scalar in normalise(text).unicodeScalars {
            if isWordScalar(scalar) {
                current.append(scalar)
            } else if !current.isEmpty {
                words.append(String(current))
                current = String.UnicodeScalarView()
            }
        }
        if !current.isEmpty { words.append(String(current)) }
        return words
    }

    /// `\p{L}` or `\p{N}`, as the script's regular expression has it.
    static func isWordScalar(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.properties.generalCategory {
        case .uppercaseLetter, .lowercaseLetter, .titlecaseLetter, .modifierLetter, .otherLetter,
             .decimalNumber, .letterNumber, .otherNumber:
            return true
        default:
            return false
        }
    }

    /// The readable text of a Markdown body: the literal text of text and code nodes, parsed by libcmark-gfm (the
    /// parser the pages render with), so link targets, raw HTML and Markdown punctuation are not indexed. Blocks
    /// and line breaks become one space. Wraps `cmark_parser_new`, `cmark_iter_next`.
    package static func plainText(markdown: String) -> String {
        cmark_gfm_core_extensions_ensure_registered()
        let options = CMARK_OPT_DEFAULT | CMARK_OPT_VALIDATE_UTF8
        guard let parser = cmark_parser_new(options) else { return markdown }
        defer { cmark_parser_free(parser) }
        for name in ["table", "strikethrough", "autolink"] {
            if let syntax = cmark_find_syntax_extension(name) { cmark_parser_attach_syntax_extension(parser, syntax) }
        }
        var bytes = Array(markdown.utf8)
        bytes.withUnsafeMutableBufferPointer { buffer in
            buffer.withMemoryRebound(to: CChar.self) { chars in
                if let base = chars.baseAddress { cmark_parser_feed(parser, base, chars.count) }
            }
        }
        guard let document = cmark_parser_finish(parser) else { return markdown }
        defer { cmark_node_free(document) }
        guard let iterator = cmark_iter_new(document) else { return markdown }
        defer { cmark_iter_free(iterator) }
        var text = ""
        var pendingSpace = false
        while true {
            let event = cmark_iter_next(iterator)
            if event == CMARK_EVENT_DONE { break }
            guard let node = cmark_iter_get_node(iterator) else { continue }
            let type = cmark_node_get_type(node)
            switch type {
            case CMARK_NODE_TEXT, CMARK_NODE_CODE, CMARK_NODE_CODE_BLOCK:
                guard event == CMARK_EVENT_ENTER, let literal = cmark_node_get_literal(node) else { continue }
                if pendingSpace, !text.isEmpty { text += " " }
                pendingSpace = false
                text += String(cString: literal)
            case CMARK_NODE_SOFTBREAK, CMARK_NODE_LINEBREAK:
                pendingSpace = true
            default:
                // Leaving a block (paragraph, heading, item, cell): the next text is a new word.
                if event == CMARK_EVENT_EXIT, type.rawValue & 0xC000 == 0x8000 {
                    pendingSpace = true
                }
            }
        }
        return collapsingWhitespace(text)
    }

    /// `text`'s words (split at characters that are whitespace) joined by one space: what
    /// `text.split(whereSeparator: \.isWhitespace).joined(separator: " ")` gives, byte by byte when every
    /// character is one scalar that begins a character on its own. A character is whitespace when its first
    /// scalar is; only combining marks, joiners, prepended and format characters and the like (outside the ranges
    /// below) could join a scalar to the one before, so text with any other scalar takes the `Character` path.
    static func collapsingWhitespace(_ text: String) -> String {
        var text = text
        let collapsed: String? = text.withUTF8 { bytes in
            // The check, on the UTF-8 bytes: lead bytes C2–CB are U+0080–U+02FF; E2 80 90–A7, E2 80 B0–BF and
            // E2 81 80–9E are U+2010–U+2027 and U+2030–U+205E; E2 82 AC is €.
            var k = 0
            while k < bytes.count {
                let byte = bytes[k]
                if byte < 0x80 || (0xC2...0xCB).contains(byte) {
                    k += byte < 0x80 ? 1 : 2
                    continue
                }
                guard byte == 0xE2, k + 2 < bytes.count else { return nil }
                let (b1, b2) = (bytes[k + 1], bytes[k + 2])
                guard (b1 == 0x80 && ((0x90...0xA7).contains(b2) || (0xB0...0xBF).contains(b2)))
                        || (b1 == 0x81 && (0x80...0x9E).contains(b2)) || (b1 == 0x82 && b2 == 0xAC) else { return nil }
                k += 3
            }
            // Whitespace among these: ASCII's (tab to carriage return, space), U+0085 and U+00A0 (C2 85, C2 A0).
            var out: [UInt8] = []
            out.reserveCapacity(bytes.count)
            var pendingSpace = false
            k = 0
            while k < bytes.count {
                let byte = bytes[k]
                let width = byte < 0x80 ? 1 : byte < 0xE0 ? 2 : 3
                let space = byte == 0x20 || (0x09...0x0D).contains(byte) || (byte == 0xC2 && (bytes[k + 1] == 0x85 || bytes[k + 1] == 0xA0))
                if space {
                    pendingSpace = !out.isEmpty
                } else {
                    if pendingSpace { out.append(0x20) }
                    pendingSpace = false
                    out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[k..<(k + width)]))
                }
                k += width
            }
            return String(decoding: out, as: UTF8.self)
        }
        return collapsed ?? text.split(whereSeparator: \.isWhitespace).joined(separator: " ")
    }

    /// The text of a field's value: strings and numbers, in order, one space apart (keys and booleans are not text a
    /// reader searches for).
    package static func text(of value: JSONValue) -> String {
        var parts: [String] = []
        func walk(_ value: JSONValue) {
            switch value {
            case .string(let string): parts.append(string)
            case .number(let number): parts.append(number.literal)
            case .array(let items): items.forEach(walk)
            case .object(let members): members.values.forEach(walk)
            case .null, .bool: break
            }
        }
        walk(value)
        return parts.joined(separator: " ")
    }
}
