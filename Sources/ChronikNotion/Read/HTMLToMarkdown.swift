import Foundation

// Notion's HTML page bodies as Markdown (issue 17: "callouts, toggles, to-do lists, equations and embedded files as
// readable Markdown"). Notion writes every list item as its own `<ul>`/`<ol>` (adjacent ones are one list here), a
// to-do item as `<ul class="to-do-list"><li><div class="checkbox checkbox-on">…`, a toggle as
// `<ul class="toggle"><li><details><summary>`, a callout as `<figure class="callout">` (icon, then text), an equation
// as KaTeX with its TeX source in `<annotation encoding="application/x-tex">`, images and files as `<figure>` with a
// link to the file in the export, a subpage as `<figure class="link-to-page">`. Line breaks inside a block are kept
// (Notion keeps them as text with `white-space: pre-wrap`). Links keep their hrefs as the export has them (the mapper
// rewrites links to pages and attachments).
//
// Readable rather than reversible: a toggle becomes a list item with its content indented under it, a callout a
// quote starting with its icon; colours, column layouts and the export's CSS are dropped.

enum HTMLToMarkdown {
    /// The Markdown of the children of `node` (a `div.page-body`), ending in a line break (empty for an empty body).
    static func body(_ node: HTMLNode) -> String {
        let text = blocks(node.children).joined()
        return text.isEmpty ? "" : text + "\n"
    }

    private enum Kind: Equatable { case paragraph, bullet, number, todo }

    private struct Block {
        var kind: Kind
        var text: String
    }

    /// Blocks joined: list items of one kind by a line break, everything else by a blank line.
    private static func blocks(_ nodes: [HTMLNode], tight: Bool = false) -> [String] {
        var out: [Block] = []
        var inline: [HTMLNode] = []
        func flushInline() {
            let text = Self.inline(inline).trimmingCharacters(in: .whitespacesAndNewlines)
            if !text.isEmpty { out.append(Block(kind: .paragraph, text: text)) }
            inline.removeAll()
        }
        for node in nodes {
            if node.isText || Self.isInline(node) {
                inline.append(node)
                continue
            }
            flushInline()
            out += block(node)
        }
        flushInline()
        var joined: [String] = []
        var previous: Kind?
        for block in out where !block.text.isEmpty {
            if let last = previous {
                // Items of one list follow each other on the next line; so does a list under an item's own text.
                let sameList = last == block.kind && last != .paragraph
                joined.append(sameList || (tight && last == .paragraph && block.kind != .paragraph) ? "\n" : "\n\n")
            }
            joined.append(block.text)
            previous = block.kind
        }
        return joined
    }

    private static let inlineNames: Set<String> = ["a", "span", "strong", "b", "em", "i", "code", "del", "s", "strike", "mark",
                                                   "u", "time", "br", "img", "sub", "sup", "small", "abbr", "cite", "q", "label"]

    private static func isInline(_ node: HTMLNode) -> Bool {
        inlineNames.contains(node.name) && !node.hasClass("bookmark")
    }

    private static func block(_ node: HTMLNode) -> [Block] {
        switch node.name {
        case "h1", "h2", "h3", "h4", "h5", "h6":
            let level = Int(node.name.dropFirst()) ?? 1
            let text = flatten(inline(node.children))
            return text.isEmpty ? [] : [Block(kind: .paragraph, text: String(repeating: "#", count: level) + " " + text)]
        case "p":
            let text = inline(node.children).trimmingCharacters(in: .whitespacesAndNewlines)
            return text.isEmpty ? [] : [Block(kind: .paragraph, text: text)]
        case "ul", "ol":
            return list(node)
        case "details":
            return [toggle(node)]
        case "blockquote":
            return [Block(kind: .paragraph, text: quote(blocks(node.children).joined()))]
        case "pre":
            let code = node.first { $0.name == "code" } ?? node
            let language = code.classes.first { $0.hasPrefix("language-") }.map { String($0.dropFirst(9)) } ?? ""
            var text = code.textContent
            if text.hasSuffix("\n") { text.removeLast() }
            let fence = text.contains("```") ? "~~~~" : "```"
            return [Block(kind: .paragraph, text: fence + language + "\n" + text + "\n" + fence)]
        case "hr":
            return [Block(kind: .paragraph, text: "---")]
        case "figure":
            return figure(node)
        case "table":
            if node.hasClass("collection-content") { return [] }
            return [Block(kind: .paragraph, text: table(node))]
        case "nav", "style", "script", "head", "title", "meta", "svg":
            return []
        case "div" where node.hasClass("collection-content"):
            // An inline database: it is read as a database of its own, not as text of the page.
            return []
        case "a" where node.hasClass("bookmark"):
            return [Block(kind: .paragraph, text: bookmark(node))]
        default:
            // div.indented, div.column-list, div.column, section, header and other containers: their content.
            let text = blocks(node.children).joined()
            return text.isEmpty ? [] : [Block(kind: .paragraph, text: text)]
        }
    }

    private static func list(_ node: HTMLNode) -> [Block] {
        let ordered = node.name == "ol"
        var number = Int(node.attribute("start") ?? "") ?? 1
        var items: [Block] = []
        for item in node.elementChildren where item.name == "li" {
            if node.hasClass("toggle"), let details = item.first(where: { $0.name == "details" }) {
                items.append(toggle(details))
                continue
            }
            var marker = ordered ? "\(number). " : "- "
            var kind: Kind = ordered ? .number : .bullet
            var content = item.children
            if let box = item.first(where: { $0.hasClass("checkbox") }) {
                marker = box.hasClass("checkbox-on") ? "- [x] " : "- [ ] "
                kind = .todo
                content = content.filter { $0 !== box }
            }
            // A to-do's content sits under its text after `- ` (the `[ ] ` belongs to the text): indenting it by the
            // whole marker would make it code.
            let width = kind == .todo ? 2 : marker.count
            items.append(Block(kind: kind, text: marker + indent(blocks(content, tight: true).joined(), by: width)))
            number += 1
        }
        return items
    }

    /// A toggle: its summary as a list item, its content indented under it.
    private static func toggle(_ details: HTMLNode) -> Block {
        let summary = details.elementChildren.first { $0.name == "summary" }
        let title = summary.map { flatten(inline($0.children)) } ?? ""
        let content = blocks(details.children.filter { $0 !== summary }).joined()
        let text = content.isEmpty ? "- " + title : "- " + title + "\n\n" + indent(content, by: 2, first: true)
        return Block(kind: .bullet, text: text)
    }

    private static func figure(_ node: HTMLNode) -> [Block] {
        let caption = node.first { $0.name == "figcaption" }.map { flatten(inline($0.children)) } ?? ""
        if node.hasClass("callout") {
            let parts = node.elementChildren
            let icon = parts.count > 1 ? parts[0].textContent.trimmingCharacters(in: .whitespacesAndNewlines) : ""
            let content = blocks(parts.count > 1 ? Array(parts.dropFirst()) : node.children).joined()
            return [Block(kind: .paragraph, text: quote(icon.isEmpty ? content : icon + " " + content))]
        }
        if node.hasClass("equation") || node.first(where: { $0.name == "annotation" }) != nil {
            if let tex = node.first(where: { $0.name == "annotation" })?.textContent {
                return [Block(kind: .paragraph, text: "$$\n" + tex.trimmingCharacters(in: .whitespacesAndNewlines) + "\n$$")]
            }
        }
        if node.hasClass("link-to-page"), let link = node.first(where: { $0.name == "a" }) {
            return [Block(kind: .paragraph, text: "[" + escape(linkText(link)) + "](" + href(link.attribute("href") ?? "") + ")")]
        }
        if let bookmark = node.first(where: { $0.name == "a" && $0.hasClass("bookmark") }) {
            return [Block(kind: .paragraph, text: self.bookmark(bookmark))]
        }
        if let image = node.first(where: { $0.name == "img" }) {
            let target = node.first { $0.name == "a" }?.attribute("href") ?? image.attribute("src") ?? ""
            return [Block(kind: .paragraph, text: "![" + escape(caption) + "](" + href(target) + ")")]
        }
        if let link = node.first(where: { $0.name == "a" }) {
            let text = caption.isEmpty ? flatten(inline(link.children)) : caption
            return [Block(kind: .paragraph, text: "[" + text + "](" + href(link.attribute("href") ?? "") + ")")]
        }
        let content = blocks(node.children).joined()
        return content.isEmpty ? [] : [Block(kind: .paragraph, text: content)]
    }

    private static func bookmark(_ node: HTMLNode) -> String {
        let target = node.attribute("href") ?? ""
        let title = node.first { $0.hasClass("bookmark-title") }?.textContent ?? target
        return "[" + escape(title.trimmingCharacters(in: .whitespacesAndNewlines)) + "](" + href(target) + ")"
    }

    /// A GitHub table; the first row is the header (Notion marks it with `<thead>` or `th`, and GFM needs one).
    private static func table(_ node: HTMLNode) -> String {
        let rows = node.all { $0.name == "tr" }
        let cells = rows.map { row in
            row.elementChildren.filter { $0.name == "td" || $0.name == "th" }.map { cell in
                flatten(inline(cell.children)).replacingOccurrences(of: "|", with: "\\|")
            }
        }
        guard let width = cells.map(\.count).max(), width > 0 else { return "" }
        let padded = cells.map { $0 + Array(repeating: "", count: width - $0.count) }
        var lines = ["| " + padded[0].joined(separator: " | ") + " |",
                     "|" + Array(repeating: " --- |", count: width).joined()]
        for row in padded.dropFirst() { lines.append("| " + row.joined(separator: " | ") + " |") }
        return lines.joined(separator: "\n")
    }

    // MARK: inline

    static func inline(_ nodes: [HTMLNode]) -> String {
        var out = ""
        for node in nodes { out += inline(node) }
        return out
    }

    private static func inline(_ node: HTMLNode) -> String {
        if node.isText { return escape(node.text) }
        // Page icons before a link's text, user avatars: decoration.
        if node.hasClass("icon") || node.hasClass("user-icon") { return "" }
        switch node.name {
        case "strong", "b": return wrap(inline(node.children), "**")
        case "em", "i": return wrap(inline(node.children), "*")
        case "del", "s", "strike": return wrap(inline(node.children), "~~")
        case "code":
            let text = node.textContent
            return text.contains("`") ? "`` " + text + " ``" : "`" + text + "`"
        case "br": return "\n"
        case "a":
            let target = node.attribute("href") ?? ""
            let text = inline(node.children)
            if target.isEmpty { return text }
            return "[" + text + "](" + href(target) + ")"
        case "img":
            if node.hasClass("icon") || node.hasClass("user-icon") { return "" }
            return "![" + escape(node.attribute("alt") ?? "") + "](" + href(node.attribute("src") ?? "") + ")"
        case "span" where node.hasClass("notion-text-equation-token") || node.hasClass("katex"):
            if let tex = node.first(where: { $0.name == "annotation" })?.textContent { return "$" + tex + "$" }
            return escape(node.textContent)
        case "style", "script", "svg": return ""
        case "p", "div":
            return inline(node.children)
        default:
            return inline(node.children)
        }
    }

    /// Emphasis around `text`, with its outer spaces moved outside (`**a **` is no emphasis in Markdown).
    private static func wrap(_ text: String, _ marker: String) -> String {
        let leading = text.prefix { $0 == " " }
        let trailing = text.reversed().prefix { $0 == " " }
        let core = text.trimmingCharacters(in: .whitespaces)
        if core.isEmpty { return text }
        return leading + marker + core + marker + String(trailing)
    }

    /// Markdown's own characters in text, escaped so they stay text.
    static func escape(_ text: String) -> String {
        // Byte-wise: every character escaped is ASCII, and a UTF-8 continuation byte is never ASCII.
        guard text.utf8.contains(where: isSpecial) else { return text }
        var out: [UInt8] = []
        out.reserveCapacity(text.utf8.count + 8)
        for byte in text.utf8 {
            if isSpecial(byte) { out.append(UInt8(ascii: "\\")) }
            out.append(byte)
        }
        return String(decoding: out, as: UTF8.self)
    }

    private static func isSpecial(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "\\"), UInt8(ascii: "*"), UInt8(ascii: "_"), UInt8(ascii: "`"), UInt8(ascii: "["), UInt8(ascii: "]"),
             UInt8(ascii: "<"):
            return true
        default:
            return false
        }
    }

    /// An href as a Markdown link target: spaces and parentheses encoded.
    private static func href(_ target: String) -> String {
        var out = ""
        for character in target {
            switch character {
            case " ": out += "%20"
            case "(": out += "%28"
            case ")": out += "%29"
            default: out.append(character)
            }
        }
        return out
    }

    private static func linkText(_ node: HTMLNode) -> String {
        textWithoutIcons(node).trimmingCharacters(in: .whitespacesAndNewlines)
    }

    static func textWithoutIcons(_ node: HTMLNode) -> String {
        if node.isText { return node.text }
        if node.hasClass("icon") || node.name == "svg" || node.name == "style" { return "" }
        return node.children.map(textWithoutIcons).joined()
    }

    private static func flatten(_ text: String) -> String {
        text.split(whereSeparator: \.isNewline).joined(separator: " ").trimmingCharacters(in: .whitespaces)
    }

    private static func quote(_ text: String) -> String {
        text.split(separator: "\n", omittingEmptySubsequences: false).map { $0.isEmpty ? ">" : "> " + $0 }.joined(separator: "\n")
    }

    /// `text` with every line after the first indented by `count` spaces (all lines with `first`).
    private static func indent(_ text: String, by count: Int, first: Bool = false) -> String {
        let pad = String(repeating: " ", count: count)
        return text.split(separator: "\n", omittingEmptySubsequences: false).enumerated().map { index, line in
            (index == 0 && !first) || line.isEmpty ? String(line) : pad + line
        }.joined(separator: "\n")
    }
}
