import Mustache

/// The HTML escaping of `{{…}}` in the site's templates: the same text as swift-mustache's own (`String.htmlEscape`,
/// which replaces `<`, `>`, `&`, `"` and `'` where each is a whole `Character`), without walking the text by
/// `Character` and looking each one up in a dictionary. That walk was 13 % of a warm publish of the medium store;
/// most texts have nothing to escape, and the others are ASCII around what they escape.
///
/// `SiteTheme` registers it as a mustache content type and puts `pragma` before every template. FastTextPathTests
/// hold `escape` to `referenceEscape` (swift-mustache's algorithm) on seeded text.
struct SiteHTMLEscaping: MustacheContentType {
    static let contentType = "CHRONIK_HTML"
    /// A standalone line that renders nothing and sets the content type for the rest of the template.
    static let pragma = "{{% CONTENT_TYPE: \(contentType)}}\n"

    func escapeText(_ text: String) -> String { Self.escape(text) }

    /// `referenceEscape(text)`. A byte `<`, `>`, `&`, `"` or `'` is a `Character` of its own when the bytes on both
    /// sides are ASCII (only a following extending scalar or a preceding prepended one could join it, and neither
    /// is ASCII); where that is not certain, the reference decides.
    static func escape(_ text: String) -> String {
        var text = text
        let escaped: String?? = text.withUTF8 { bytes in
            var found = false
            for (k, byte) in bytes.enumerated() where Self.isSpecial(byte) {
                found = true
                if k > 0, bytes[k - 1] >= 0x80 { return .none }
                if k + 1 < bytes.count, bytes[k + 1] >= 0x80 { return .none }
            }
            guard found else { return .some(nil) }
            var out: [UInt8] = []
            out.reserveCapacity(bytes.count + 16)
            for byte in bytes {
                switch byte {
                case UInt8(ascii: "<"): out += Array("&lt;".utf8)
                case UInt8(ascii: ">"): out += Array("&gt;".utf8)
                case UInt8(ascii: "&"): out += Array("&amp;".utf8)
                case UInt8(ascii: "\""): out += Array("&quot;".utf8)
                case UInt8(ascii: "'"): out += Array("&#39;".utf8)
                default: out.append(byte)
                }
            }
            return .some(String(decoding: out, as: UTF8.self))
        }
        switch escaped {
        case .none: return referenceEscape(text)
        case .some(.none): return text
        case .some(.some(let result)): return result
        }
    }

    private static func isSpecial(_ byte: UInt8) -> Bool {
        byte == UInt8(ascii: "<") || byte == UInt8(ascii: ">") || byte == UInt8(ascii: "&") || byte == UInt8(ascii: "\"")
            || byte == UInt8(ascii: "'")
    }

    /// swift-mustache's `String.htmlEscape` (Sources/Mustache/String.swift), which is not public: by `Character`.
    static func referenceEscape(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.count)
        for c in text {
            switch c {
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "&": out += "&amp;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            default: out.append(c)
            }
        }
        return out
    }
}
