import CCmark
import Foundation

// Escaping lives here, once, for every renderer (diff and changelog): HTML, XML (Atom), Markdown and terminal
// text, and Markdown rendered to HTML by libcmark-gfm in its safe mode.

/// Text for HTML and XML.
public enum HTMLText {
    /// Escapes `&`, `<`, `>`, `"` and `'`, for element content and quoted attribute values alike; characters XML
    /// forbids (most C0 controls, U+FFFE, U+FFFF, lone surrogates cannot occur in Swift strings) become U+FFFD,
    /// so that the same text is safe in HTML and in an Atom feed.
    public static func escape(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.utf8.count)
        for scalar in text.unicodeScalars {
            switch scalar {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            case "\t", "\n", "\r": out.unicodeScalars.append(scalar)
            default:
                if scalar.value < 0x20 || scalar.value == 0x7F || scalar.value == 0xFFFE || scalar.value == 0xFFFF
                    || (0x80...0x9F).contains(scalar.value) {
                    out += "\u{FFFD}"
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        return out
    }
}

/// Text for Markdown output.
public enum MarkdownText {
    /// Escapes what Markdown (CommonMark/GFM) would read as syntax in inline text, and raw HTML, so that content
    /// shows as the text it is, and no more, so that it stays readable: `\\`, `` ` ``, `*`, `_`, `[`, `]`, `<`, `>`,
    /// `&`, `|` and `~` everywhere; `#`, `-`, `+` and `=` where the text begins (they start headings, lists and
    /// setext underlines only there), and the `.` or `)` after leading digits (an ordered list). `(`, `)` and `!`
    /// elsewhere need nothing, since `[` and `]` are always escaped and no link or image can form. Line breaks
    /// become spaces (inline text is one line: a table cell, a list item); control characters are shown as `\u{…}`.
    public static func escape(_ text: String) -> String {
        enum Position { case leadingSpace, leadingDigits, rest }
        var position = Position.leadingSpace
        var out = ""
        for scalar in TerminalText.sanitize(text).unicodeScalars {
            switch scalar {
            case "\\", "`", "*", "_", "[", "]", "<", ">", "&", "|", "~":
                out += "\\"
                out.unicodeScalars.append(scalar)
                position = .rest
            case "\n", "\r", "\t", " ":
                out += " "
                if position == .leadingDigits { position = .rest }
            case "#", "-", "+", "=":
                if position == .leadingSpace { out += "\\" }
                out.unicodeScalars.append(scalar)
                position = .rest
            case ".", ")":
                if position == .leadingDigits { out += "\\" }
                out.unicodeScalars.append(scalar)
                position = .rest
            default:
                out.unicodeScalars.append(scalar)
                if scalar.properties.numericType == .decimal, scalar.isASCII, position != .rest {
                    position = .leadingDigits
                } else {
                    position = .rest
                }
            }
        }
        return out
    }
}

/// Text for a terminal.
public enum TerminalText {
    /// Shows control and invisible format characters (ANSI escape sequences among them) as `\u{…}`, keeping tabs,
    /// newlines and the zero-width joiner of emoji sequences, so that content can never drive the terminal.
    public static func sanitize(_ text: String) -> String {
        // Most text has nothing to escape: find out without building a new string, first over the UTF-8 bytes.
        if text.utf8.withContiguousStorageIfAvailable(isPlainLatin) == true { return text }
        guard let first = text.unicodeScalars.firstIndex(where: isUnsafe) else { return text }
        var out = String.UnicodeScalarView(text.unicodeScalars[..<first])
        for s in text.unicodeScalars[first...] {
            if isUnsafe(s) {
                out.append(contentsOf: "\\u{\(String(s.value, radix: 16, uppercase: true))}".unicodeScalars)
            } else {
                out.append(s)
            }
        }
        return String(out)
    }

    /// True when `bytes` (UTF-8) hold only printable ASCII, tabs, newlines and printable Latin-1 letters and signs
    /// (U+00A0...U+00FF but the soft hyphen): text with nothing to escape, decided without decoding scalars.
    private static func isPlainLatin(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        var i = 0
        let n = bytes.count
        while i < n {
            let b = bytes[i]
            if (b >= 0x20 && b < 0x7F) || b == 0x0A || b == 0x09 {
                i += 1
            } else if b == 0xC3, i + 1 < n {
                i += 2 // U+00C0...U+00FF
            } else if b == 0xC2, i + 1 < n, bytes[i + 1] >= 0xA0, bytes[i + 1] != 0xAD {
                i += 2 // U+00A0...U+00BF but the soft hyphen
            } else {
                return false
            }
        }
        return true
    }

    /// Control and invisible format characters (but the zero-width joiner of emoji sequences), line and paragraph
    /// separators; tabs and newlines are kept.
    private static func isUnsafe(_ s: Unicode.Scalar) -> Bool {
        // Printable ASCII and Latin-1 (umlauts, ß) but the soft hyphen, a format character: no lookup needed.
        if (s.value >= 0x20 && s.value < 0x7F) || (s.value >= 0xA0 && s.value <= 0xFF && s.value != 0xAD) { return false }
        if s == "\n" || s == "\t" { return false }
        let category = s.properties.generalCategory
        return category == .control
            || (category == .format && s.value != 0x200D)
            || category == .lineSeparator || category == .paragraphSeparator
    }
}

/// Markdown rendered to HTML by libcmark-gfm (GitHub Flavored Markdown: tables, strikethrough, autolinks,
/// tag filter) in its safe mode: raw HTML is dropped and `javascript:`, `vbscript:`, `file:` and (non-image)
/// `data:` links are emptied by the library.
public enum SafeMarkdown {
    /// The HTML of `markdown`. Wraps `cmark_parser_new`, `cmark_render_html`.
    public static func html(_ markdown: String) -> String {
        cmark_gfm_core_extensions_ensure_registered()
        // CMARK_OPT_UNSAFE is deliberately absent: without it the renderer is safe.
        let options = CMARK_OPT_DEFAULT | CMARK_OPT_VALIDATE_UTF8
        guard let parser = cmark_parser_new(options) else { return "<p>" + HTMLText.escape(markdown) + "</p>\n" }
        defer { cmark_parser_free(parser) }
        for name in ["table", "strikethrough", "autolink", "tagfilter"] {
            if let extensionPointer = cmark_find_syntax_extension(name) {
                cmark_parser_attach_syntax_extension(parser, extensionPointer)
            }
        }
        var bytes = Array(markdown.utf8)
        bytes.withUnsafeMutableBufferPointer { buffer in
            buffer.withMemoryRebound(to: CChar.self) { chars in
                if let base = chars.baseAddress { cmark_parser_feed(parser, base, chars.count) }
            }
        }
        guard let document = cmark_parser_finish(parser) else { return "<p>" + HTMLText.escape(markdown) + "</p>\n" }
        defer { cmark_node_free(document) }
        guard let rendered = cmark_render_html(document, options, cmark_parser_get_syntax_extensions(parser)) else {
            return "<p>" + HTMLText.escape(markdown) + "</p>\n"
        }
        defer { free(rendered) }
        return String(cString: rendered)
    }
}
