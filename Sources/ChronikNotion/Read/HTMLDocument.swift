// A small HTML reader for Notion's HTML export, which is well-formed XHTML-like markup (`<br/>`, quoted attributes,
// closed tags): a tokenizer over the UTF-8 bytes (tags, attributes in any quoting, comments, `<!DOCTYPE>`, the raw
// text of `<style>` and `<script>`, which is skipped, character references decoded) and a tree builder that closes
// void elements itself and an unmatched end tag's open elements, ignoring a stray end tag. Nothing is executed or
// fetched: scripts and styles are dropped, `src`/`href` are only strings. No HTML parser is in the offline package
// set (SwiftSoup is not there; the XML parsers of /opt/swift-packages refuse HTML's entities and void tags).

/// A node of the tree: an element, or text (`name` empty).
final class HTMLNode {
    let name: String
    let attributes: [(name: String, value: String)]
    var children: [HTMLNode] = []
    let text: String

    /// The words of the `class` attribute, split once (every query asks for them).
    let classes: [Substring]

    init(element name: String, attributes: [(name: String, value: String)]) {
        self.name = name
        self.attributes = attributes
        self.text = ""
        self.classes = (attributes.first { $0.name == "class" }?.value ?? "")
            .split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "\n" })
    }

    init(text: String) {
        self.name = ""
        self.attributes = []
        self.text = text
        self.classes = []
    }

    var isText: Bool { name.isEmpty }

    func attribute(_ name: String) -> String? {
        attributes.first { $0.name == name }?.value
    }

    func hasClass(_ name: String) -> Bool {
        classes.contains { $0 == name }
    }

    /// The text of the node and all below it, as it stands (no whitespace folded).
    var textContent: String {
        if isText { return text }
        var out = ""
        appendText(to: &out)
        return out
    }

    private func appendText(to out: inout String) {
        for child in children {
            if child.isText { out += child.text } else { child.appendText(to: &out) }
        }
    }

    var elementChildren: [HTMLNode] { children.filter { !$0.isText } }

    /// The first node below (depth first, document order) that `matches`.
    func first(where matches: (HTMLNode) -> Bool) -> HTMLNode? {
        for child in children where !child.isText {
            if matches(child) { return child }
            if let found = child.first(where: matches) { return found }
        }
        return nil
    }

    /// All nodes below that `matches`, in document order (not looking inside a match).
    func all(where matches: (HTMLNode) -> Bool) -> [HTMLNode] {
        var found: [HTMLNode] = []
        for child in children where !child.isText {
            if matches(child) { found.append(child) } else { found += child.all(where: matches) }
        }
        return found
    }
}

enum HTMLDocument {
    static let voidElements: Set<String> = ["area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta",
                                            "param", "source", "track", "wbr"]
    static let rawTextElements: Set<String> = ["script", "style"]
    /// How deep elements nest at most; Notion's pages stay below 50 (lists in toggles in columns).
    static let maxDepth = 200

    /// The tree of `text`, under a root node named `#document`.
    static func parse(_ text: String) -> HTMLNode {
        let root = HTMLNode(element: "#document", attributes: [])
        var stack = [root]
        var tokenizer = HTMLTokenizer(Array(text.utf8))
        while let token = tokenizer.next() {
            switch token {
            case .text(let text):
                guard let top = stack.last else { continue }
                let node = HTMLNode(text: text)
                top.children.append(node)
            case .start(let name, let attributes, let selfClosing):
                guard let top = stack.last else { continue }
                let node = HTMLNode(element: name, attributes: attributes)
                top.children.append(node)
                // Deeper than `maxDepth`, elements are kept as leaves of the deepest one: every walk over the tree
                // recurses, and an export is untrusted input (100,000 nested <div>s would overflow the stack).
                if !selfClosing && !voidElements.contains(name) && stack.count < maxDepth { stack.append(node) }
            case .end(let name):
                if let index = stack.lastIndex(where: { $0.name == name }), index > 0 {
                    stack.removeSubrange(index...)
                }
            }
        }
        return root
    }
}

/// The tokens of HTML, character references decoded.
struct HTMLTokenizer {
    enum Token {
        case text(String)
        case start(name: String, attributes: [(name: String, value: String)], selfClosing: Bool)
        case end(name: String)
    }

    private let bytes: [UInt8]
    private var index = 0
    /// After a `<style>` or `<script>` start tag: its raw text is skipped up to the end tag.
    private var rawUntil: String?

    init(_ bytes: [UInt8]) {
        self.bytes = bytes
    }

    mutating func next() -> Token? {
        if let raw = rawUntil {
            rawUntil = nil
            skipRaw(until: raw)
            return .end(name: raw)
        }
        while index < bytes.count {
            if bytes[index] != UInt8(ascii: "<") {
                let start = index
                while index < bytes.count, bytes[index] != UInt8(ascii: "<") { index += 1 }
                return .text(Self.decode(bytes[start..<index]))
            }
            // `<` starts markup only when followed by a letter, `/`, `!` or `?`; else it is text.
            guard index + 1 < bytes.count else { index += 1; return .text("<") }
            let next = bytes[index + 1]
            if next == UInt8(ascii: "!") || next == UInt8(ascii: "?") {
                skipDeclaration()
                continue
            }
            if next == UInt8(ascii: "/") {
                index += 2
                let name = readName()
                skip(past: UInt8(ascii: ">"))
                if name.isEmpty { continue }
                return .end(name: name)
            }
            guard Self.isLetter(next) else { index += 1; return .text("<") }
            index += 1
            let name = readName()
            var attributes: [(name: String, value: String)] = []
            var selfClosing = false
            while index < bytes.count {
                skipSpace()
                guard index < bytes.count else { break }
                let byte = bytes[index]
                if byte == UInt8(ascii: ">") { index += 1; break }
                if byte == UInt8(ascii: "/") {
                    index += 1
                    if index < bytes.count, bytes[index] == UInt8(ascii: ">") { selfClosing = true; index += 1; break }
                    continue
                }
                let attributeName = readAttributeName()
                if attributeName.isEmpty { index += 1; continue }
                skipSpace()
                var value = ""
                if index < bytes.count, bytes[index] == UInt8(ascii: "=") {
                    index += 1
                    skipSpace()
                    value = readAttributeValue()
                }
                attributes.append((attributeName, value))
            }
            if Self.rawTextElements(name) && !selfClosing { rawUntil = name }
            return .start(name: name, attributes: attributes, selfClosing: selfClosing)
        }
        return nil
    }

    private static func rawTextElements(_ name: String) -> Bool { HTMLDocument.rawTextElements.contains(name) }

    private mutating func skipRaw(until name: String) {
        let closing = Array("</\(name)".utf8)
        while index < bytes.count {
            if bytes[index] == UInt8(ascii: "<"), index + closing.count <= bytes.count,
               zip(bytes[index..<(index + closing.count)], closing).allSatisfy({ Self.lower($0) == $1 }) {
                index += closing.count
                skip(past: UInt8(ascii: ">"))
                return
            }
            index += 1
        }
    }

    /// `<!-- … -->`, `<!DOCTYPE …>`, `<![CDATA[…]]>`, `<?…?>`: skipped.
    private mutating func skipDeclaration() {
        let comment = Array("<!--".utf8)
        if index + 4 <= bytes.count, Array(bytes[index..<(index + 4)]) == comment {
            index += 4
            while index + 2 < bytes.count {
                if bytes[index] == UInt8(ascii: "-"), bytes[index + 1] == UInt8(ascii: "-"), bytes[index + 2] == UInt8(ascii: ">") {
                    index += 3
                    return
                }
                index += 1
            }
            index = bytes.count
            return
        }
        skip(past: UInt8(ascii: ">"))
    }

    private mutating func skip(past byte: UInt8) {
        while index < bytes.count, bytes[index] != byte { index += 1 }
        if index < bytes.count { index += 1 }
    }

    private mutating func skipSpace() {
        while index < bytes.count, Self.isSpace(bytes[index]) { index += 1 }
    }

    private mutating func readName() -> String {
        let start = index
        while index < bytes.count, !Self.isSpace(bytes[index]), bytes[index] != UInt8(ascii: ">"), bytes[index] != UInt8(ascii: "/") {
            index += 1
        }
        return String(decoding: bytes[start..<index].map(Self.lower), as: UTF8.self)
    }

    private mutating func readAttributeName() -> String {
        let start = index
        while index < bytes.count, !Self.isSpace(bytes[index]), bytes[index] != UInt8(ascii: ">"), bytes[index] != UInt8(ascii: "/"),
              bytes[index] != UInt8(ascii: "=") {
            index += 1
        }
        return String(decoding: bytes[start..<index].map(Self.lower), as: UTF8.self)
    }

    private mutating func readAttributeValue() -> String {
        guard index < bytes.count else { return "" }
        let quote = bytes[index]
        if quote == UInt8(ascii: "\"") || quote == UInt8(ascii: "'") {
            index += 1
            let start = index
            while index < bytes.count, bytes[index] != quote { index += 1 }
            let value = Self.decode(bytes[start..<index])
            if index < bytes.count { index += 1 }
            return value
        }
        let start = index
        while index < bytes.count, !Self.isSpace(bytes[index]), bytes[index] != UInt8(ascii: ">") { index += 1 }
        return Self.decode(bytes[start..<index])
    }

    private static func isSpace(_ byte: UInt8) -> Bool {
        byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D || byte == 0x0C
    }

    private static func isLetter(_ byte: UInt8) -> Bool {
        (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x61 && byte <= 0x7A)
    }

    private static func lower(_ byte: UInt8) -> UInt8 {
        byte >= 0x41 && byte <= 0x5A ? byte + 0x20 : byte
    }

    /// Text with character references decoded: `&amp;`, `&#228;`, `&#xE4;`, and the named ones Notion and common
    /// editors write. An unknown or malformed reference stays as it is.
    static func decode(_ slice: ArraySlice<UInt8>) -> String {
        guard let first = slice.firstIndex(of: UInt8(ascii: "&")) else { return String(decoding: slice, as: UTF8.self) }
        var out: [UInt8] = Array(slice[slice.startIndex..<first])
        out.reserveCapacity(slice.count)
        var index = first
        while index < slice.endIndex {
            let byte = slice[index]
            if byte == UInt8(ascii: "&"),
               let semicolon = slice[index..<min(index + 34, slice.endIndex)].firstIndex(of: UInt8(ascii: ";")),
               let decoded = reference(String(decoding: slice[(index + 1)..<semicolon], as: UTF8.self)) {
                out += decoded.utf8
                index = semicolon + 1
                continue
            }
            out.append(byte)
            index += 1
        }
        return String(decoding: out, as: UTF8.self)
    }

    private static func reference(_ name: String) -> String? {
        if name.hasPrefix("#") {
            let digits = name.dropFirst()
            let value: UInt32?
            if digits.hasPrefix("x") || digits.hasPrefix("X") { value = UInt32(digits.dropFirst(), radix: 16) } else { value = UInt32(digits) }
            guard let code = value, code != 0, let scalar = Unicode.Scalar(code) else { return nil }
            return String(Character(scalar))
        }
        return namedReferences[name]
    }

    static let namedReferences: [String: String] = [
        "amp": "&", "lt": "<", "gt": ">", "quot": "\"", "apos": "'", "nbsp": "\u{A0}", "shy": "\u{AD}",
        "auml": "ä", "ouml": "ö", "uuml": "ü", "Auml": "Ä", "Ouml": "Ö", "Uuml": "Ü", "szlig": "ß",
        "eacute": "é", "egrave": "è", "agrave": "à", "aacute": "á", "ccedil": "ç", "euro": "€", "copy": "©",
        "reg": "®", "trade": "™", "hellip": "…", "mdash": "—", "ndash": "–", "laquo": "«", "raquo": "»",
        "bdquo": "„", "ldquo": "“", "rdquo": "”", "lsquo": "‘", "rsquo": "’", "sbquo": "‚", "middot": "·",
        "bull": "•", "rarr": "→", "larr": "←", "times": "×", "deg": "°", "sect": "§", "para": "¶", "zwj": "\u{200D}",
        "zwnj": "\u{200C}", "thinsp": "\u{2009}", "ensp": "\u{2002}", "emsp": "\u{2003}",
    ]
}
