import CCmark

// Phase 0 of the prose diff: a Markdown body -> blocks, by libcmark-gfm's parser (CommonMark plus GFM tables),
// so that headings, paragraphs, list items, table rows, code blocks, block quotes and thematic breaks are found
// the way GitHub renders them, not by guessing from blank lines.
//
// Blocks are cut by source line ranges (CMARK_OPT_SOURCEPOS): a block is the exact text of its lines (without the
// final line break), and what lies between two blocks (line breaks, blank lines, lines that belong to no block such
// as link reference definitions) is the separator. Blocks and separators concatenate back to the body, byte for
// byte. A list item holds its nested lists; a table is cut into its rows.

/// What kind of Markdown block a piece of text is.
public enum BlockKind: String, Sendable, Codable, Hashable {
    case heading, paragraph, listItem, tableRow, codeBlock, blockQuote, thematicBreak, html, other
}

/// A block of a Markdown body: its kind, its place, and its exact text.
public struct MarkdownBlock: Sendable, Hashable {
    public var kind: BlockKind
    /// UTF-8 byte offsets of the block's text in the body.
    public var range: Range<Int>
    /// 1-based first and last line.
    public var lines: ClosedRange<Int>
    public var text: Substring

    public init(kind: BlockKind, range: Range<Int>, lines: ClosedRange<Int>, text: Substring) {
        self.kind = kind
        self.range = range
        self.lines = lines
        self.text = text
    }
}

/// Splits Markdown into blocks with libcmark-gfm.
public enum MarkdownBlocks {
    /// The blocks of `body` in order; the text between them is separators (see the file header).
    public static func split(_ body: String) -> [MarkdownBlock] {
        split(body, simpleLines: true)
    }

    /// `split(_:)`; with `simpleLines` false always by libcmark-gfm (the reference the fast path is tested against).
    static func split(_ body: String, simpleLines: Bool) -> [MarkdownBlock] {
        let utf8 = Array(body.utf8)
        guard !utf8.isEmpty else { return [] }
        // Line starts, breaking lines as CommonMark does: at \n, \r\n and a lone \r.
        var lineStarts: [Int] = [0]
        var lineContentEnds: [Int] = []
        var i = 0
        while i < utf8.count {
            if utf8[i] == 0x0A {
                lineContentEnds.append(i)
                lineStarts.append(i + 1)
            } else if utf8[i] == 0x0D {
                lineContentEnds.append(i)
                if i + 1 < utf8.count, utf8[i + 1] == 0x0A { i += 1 }
                lineStarts.append(i + 1)
            }
            i += 1
        }
        lineContentEnds.append(utf8.count)
        let lineCount = lineStarts.count

        var spans: [(kind: BlockKind, first: Int, last: Int)] = []
        if simpleLines, let simple = simpleSpans(utf8, lineStarts: lineStarts, lineContentEnds: lineContentEnds) {
            spans = simple
        } else {
            parse(utf8) { kind, first, last in spans.append((kind, first, last)) }
        }

        // Normalise: clamp to real lines, drop trailing blank lines, merge overlaps.
        func isBlank(_ line: Int) -> Bool {
            var k = lineStarts[line - 1]
            while k < lineContentEnds[line - 1] {
                if utf8[k] != 0x20 && utf8[k] != 0x09 { return false }
                k += 1
            }
            return true
        }
        var normalised: [(kind: BlockKind, first: Int, last: Int)] = []
        for span in spans {
            let first = min(max(span.first, 1), lineCount)
            var last = min(max(span.last, first), lineCount)
            while last > first, isBlank(last) { last -= 1 }
            if let previous = normalised.last, first <= previous.last {
                normalised[normalised.count - 1].last = max(previous.last, last)
                continue
            }
            normalised.append((span.kind, first, last))
        }

        let index = body.utf8
        return normalised.map { span in
            let start = lineStarts[span.first - 1], end = lineContentEnds[span.last - 1]
            let from = index.index(index.startIndex, offsetBy: start), to = index.index(index.startIndex, offsetBy: end)
            return MarkdownBlock(kind: span.kind, range: start..<end, lines: span.first...span.last, text: body[from..<to])
        }
    }

    /// The blocks of a body whose every line is blank (spaces and tabs at most), an ATX heading (one to six `#` and
    /// a space, a tab or the line's end) or text that starts with a letter (ASCII, or any character beyond ASCII):
    /// then CommonMark (and GFM's tables) can find nothing but headings, one line each, and paragraphs, the runs of
    /// text lines between blank lines and headings. No such line can open or continue another block: lists, quotes,
    /// code, HTML, thematic breaks, setext underlines, link reference definitions and table delimiter rows all start
    /// with a space, a tab, a digit or punctuation. Nil for any other body (libcmark-gfm splits it, and parses every
    /// paragraph's inlines, which a diff never looks at: a tenth of a large diff's comparing). The generated stores'
    /// bodies (paragraphs and `##` headings) are all such; tests hold both ways side by side on seeded bodies.
    static func simpleSpans(_ utf8: [UInt8], lineStarts: [Int], lineContentEnds: [Int]) -> [(kind: BlockKind, first: Int, last: Int)]? {
        // A byte order mark is skipped by the parser at the start: left to it.
        if utf8.count >= 3, utf8[0] == 0xEF, utf8[1] == 0xBB, utf8[2] == 0xBF { return nil }
        var spans: [(kind: BlockKind, first: Int, last: Int)] = []
        var paragraph: Int? // the first line of the open paragraph (1-based)
        for line in 0..<lineStarts.count {
            let start = lineStarts[line], end = lineContentEnds[line]
            var k = start
            while k < end, utf8[k] == 0x20 || utf8[k] == 0x09 { k += 1 }
            if k == end {
                // Blank: ends a paragraph.
                if let first = paragraph { spans.append((.paragraph, first, line)) }
                paragraph = nil
                continue
            }
            guard k == start else { return nil } // indented: a code block, a list's continuation, ...
            let b = utf8[start]
            if b >= 0x80 || (b >= 0x41 && b <= 0x5A) || (b >= 0x61 && b <= 0x7A) {
                if paragraph == nil { paragraph = line + 1 }
                continue
            }
            guard b == 0x23 else { return nil } // `#`
            var n = 0
            while start + n < end, utf8[start + n] == 0x23 { n += 1 }
            guard n <= 6, start + n == end || utf8[start + n] == 0x20 || utf8[start + n] == 0x09 else { return nil }
            // A heading: interrupts a paragraph.
            if let first = paragraph { spans.append((.paragraph, first, line)) }
            paragraph = nil
            spans.append((.heading, line + 1, line + 1))
        }
        if let first = paragraph { spans.append((.paragraph, first, lineStarts.count)) }
        return spans
    }

    /// Registers libcmark-gfm's extensions (a global list, filled once and not thread-safe to fill): call it on one
    /// thread before parsing on several.
    public static func prepare() { cmark_gfm_core_extensions_ensure_registered() }

    /// Parses `bytes` and reports each block's kind and 1-based line range, in document order.
    private static func parse(_ bytes: [UInt8], _ report: (BlockKind, Int, Int) -> Void) {
        cmark_gfm_core_extensions_ensure_registered()
        guard let parser = cmark_parser_new(CMARK_OPT_SOURCEPOS) else { return }
        defer { cmark_parser_free(parser) }
        if let table = cmark_find_syntax_extension("table") {
            cmark_parser_attach_syntax_extension(parser, table)
        }
        bytes.withUnsafeBufferPointer { buffer in
            buffer.withMemoryRebound(to: CChar.self) { chars in
                if let base = chars.baseAddress { cmark_parser_feed(parser, base, chars.count) }
            }
        }
        guard let document = cmark_parser_finish(parser) else { return }
        defer { cmark_node_free(document) }

        func visit(_ node: OpaquePointer) {
            let first = Int(cmark_node_get_start_line(node)), last = Int(cmark_node_get_end_line(node))
            let typeName = cmark_node_get_type_string(node).map { String(cString: $0) } ?? ""
            switch cmark_node_get_type(node) {
            case CMARK_NODE_LIST:
                var child = cmark_node_first_child(node)
                while let item = child {
                    report(.listItem, Int(cmark_node_get_start_line(item)), Int(cmark_node_get_end_line(item)))
                    child = cmark_node_next(item)
                }
            case CMARK_NODE_HEADING: report(.heading, first, last)
            case CMARK_NODE_PARAGRAPH: report(.paragraph, first, last)
            case CMARK_NODE_CODE_BLOCK: report(.codeBlock, first, last)
            case CMARK_NODE_BLOCK_QUOTE: report(.blockQuote, first, last)
            case CMARK_NODE_THEMATIC_BREAK: report(.thematicBreak, first, last)
            case CMARK_NODE_HTML_BLOCK: report(.html, first, last)
            default:
                if typeName == "table" {
                    var child = cmark_node_first_child(node)
                    while let row = child {
                        report(.tableRow, Int(cmark_node_get_start_line(row)), Int(cmark_node_get_end_line(row)))
                        child = cmark_node_next(row)
                    }
                } else {
                    report(.other, first, last)
                }
            }
        }
        var child = cmark_node_first_child(document)
        while let node = child {
            visit(node)
            child = cmark_node_next(node)
        }
    }
}
