// Where a Markdown link's destination ends, as CommonMark 0.31.2 defines it (spec section 6.3, "Links": "link
// destination"): either `<…>` (no line ending, no unescaped `<` or `>`), or a run of characters without spaces or
// ASCII control characters in which parentheses are allowed when backslash-escaped or balanced (at most 32 levels
// deep, the spec's own limit for implementations). Notion writes page titles into file names unencoded except for
// spaces, so `[Strategie (Entwurf)](Strategie%20(Entwurf)%201a2b….md)` is a link whose destination holds a pair of
// parentheses: cutting it at the first `)` loses the page.

enum LinkDestination {
    /// For `bytes[start...]` just after `](`: the destination (without the angle brackets of `<…>`), where its text
    /// ends (after the `>` of `<…>`), and the index of the `)` that closes the link, past an optional title (`"…"`,
    /// `'…'` or `(…)` after white space); nil when what follows is not a link's destination and title closed by `)`.
    static func scan<C: BidirectionalCollection>(_ bytes: C, from start: C.Index) -> (destination: Range<C.Index>, end: C.Index, closing: C.Index)?
    where C.Element == UInt8 {
        guard let (destination, end) = destination(bytes, from: start) else { return nil }
        var index = end
        func skipSpace() -> Bool {
            var newlines = 0
            while index < bytes.endIndex, bytes[index] == 0x20 || bytes[index] == 0x09 || bytes[index] == 0x0A || bytes[index] == 0x0D {
                if bytes[index] == 0x0A { newlines += 1 }
                index = bytes.index(after: index)
            }
            return newlines <= 1
        }
        let hadSpace = index < bytes.endIndex && (bytes[index] == 0x20 || bytes[index] == 0x09 || bytes[index] == 0x0A || bytes[index] == 0x0D)
        guard skipSpace(), index < bytes.endIndex else { return nil }
        if bytes[index] == UInt8(ascii: ")") { return (destination, end, index) }
        guard hadSpace else { return nil }
        let opener = bytes[index]
        let closer: UInt8
        switch opener {
        case UInt8(ascii: "\""): closer = opener
        case UInt8(ascii: "'"): closer = opener
        case UInt8(ascii: "("): closer = UInt8(ascii: ")")
        default: return nil
        }
        index = bytes.index(after: index)
        while index < bytes.endIndex, bytes[index] != closer {
            if opener == UInt8(ascii: "("), bytes[index] == opener { return nil }
            if bytes[index] == UInt8(ascii: "\\") {
                index = bytes.index(after: index)
                guard index < bytes.endIndex else { return nil }
            }
            index = bytes.index(after: index)
        }
        guard index < bytes.endIndex else { return nil }
        index = bytes.index(after: index)
        guard skipSpace(), index < bytes.endIndex, bytes[index] == UInt8(ascii: ")") else { return nil }
        return (destination, end, index)
    }

    /// The destination alone: its range (inside `<…>` for that form) and the index after its text.
    private static func destination<C: BidirectionalCollection>(_ bytes: C, from start: C.Index) -> (Range<C.Index>, C.Index)?
    where C.Element == UInt8 {
        let close = UInt8(ascii: ")"), open = UInt8(ascii: "("), backslash = UInt8(ascii: "\\")
        var index = start
        if index < bytes.endIndex, bytes[index] == UInt8(ascii: "<") {
            let first = bytes.index(after: index)
            index = first
            while index < bytes.endIndex {
                let byte = bytes[index]
                if byte == UInt8(ascii: ">") { return (first..<index, bytes.index(after: index)) }
                if byte == UInt8(ascii: "\n") || byte == UInt8(ascii: "\r") || byte == UInt8(ascii: "<") { return nil }
                if byte == backslash {
                    index = bytes.index(after: index)
                    guard index < bytes.endIndex else { return nil }
                }
                index = bytes.index(after: index)
            }
            return nil
        }
        var depth = 0
        while index < bytes.endIndex {
            let byte = bytes[index]
            if byte == close {
                if depth == 0 { break }
                depth -= 1
            } else if byte == open {
                depth += 1
                if depth > 32 { return nil }
            } else if byte <= 0x20 || byte == 0x7F {
                break // A space or line ending ends it (a title may follow); the caller looks for the closing `)`.
            } else if byte == backslash {
                let next = bytes.index(after: index)
                if next < bytes.endIndex, bytes[next] == close || bytes[next] == open || bytes[next] == backslash { index = next }
            }
            index = bytes.index(after: index)
        }
        guard depth == 0 else { return nil }
        return (start..<index, index)
    }
}
