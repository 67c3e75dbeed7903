import ChronikNotion
import Foundation
import ZIPFoundation

// Notion-style exports written by test code (issue 17: "Exports built by test code in both formats and both relation
// styles, with BOMs, trailing spaces, `@`-date titles, duplicate titles, nested databases, subpages and
// attachments"): a neutral description of databases, rows, free pages and their bodies, written as Notion writes it
// in either format, as a folder or a zip (optionally a zip of `Export-<uuid>-Part-N.zip` parts). What the description
// says is what a reader must give back; `expectedBody` is its Markdown.

/// What an export holds, independent of its format.
struct NotionFixture {
    var exportFolder = "Export-6f1c2d3e-0000-4000-8000-00000000a17e"
    var databases: [Database] = []
    var pages: [Page] = []

    struct Database {
        var id: String
        var name: String
        /// The properties after the title property, with the type the HTML export names.
        var properties: [(name: String, type: NotionPropertyType)]
        var titleProperty = "Name"
        var rows: [Page]
    }

    /// A free page or a row.
    struct Page {
        var id: String
        var title: String
        /// Values by property name (rows only).
        var values: [String: Value] = [:]
        var body: [Block] = []
        var subpages: [Page] = []
        var databases: [Database] = []
        var attachments: [(name: String, data: Data)] = []
    }

    enum Value {
        case text(String)
        case options([String])
        case checkbox(Bool)
        case date(String)
        /// Page ids of other rows or pages of the fixture.
        case pages([String])
    }

    enum Block {
        case paragraph(String)
        case heading(Int, String)
        case bullets([String])
        case todo([(done: Bool, text: String)])
        case quote(String)
        case callout(icon: String, text: String)
        case toggle(summary: String, text: String)
        case code(language: String, text: String)
        case equation(String)
        /// An image or file attached to the page (one of its `attachments`).
        case image(String)
        case file(String)
        /// A link to another page of the fixture, by id.
        case link(text: String, pageID: String)
    }

    enum Format { case markdown, html }
    /// How the Markdown export spells relations: older exports' relative `.md` paths, or current exports'
    /// `Title (https://www.notion.so/Title-<hex>?pvs=21)`.
    enum RelationStyle { case paths, urls }

    // MARK: writing

    /// Every file of the export by its path (inside `exportFolder`).
    func files(_ format: Format, relations: RelationStyle = .urls, bom: Bool = true) -> [(path: String, data: Data)] {
        var writer = Writer(fixture: self, format: format, relations: relations, bom: bom)
        writer.index()
        for database in databases { writer.write(database, folder: exportFolder) }
        for page in pages { writer.write(page, folder: exportFolder) }
        return writer.out
    }

    /// The export as a folder at `url` (created).
    func writeFolder(_ url: URL, _ format: Format, relations: RelationStyle = .urls, bom: Bool = true) throws {
        for file in files(format, relations: relations, bom: bom) {
            let target = url.appendingPathComponent(file.path)
            try FileManager.default.createDirectory(at: target.deletingLastPathComponent(), withIntermediateDirectories: true)
            try file.data.write(to: target)
        }
    }

    /// The export as a zip at `url`; with `parts`, a zip of that many `Export-<uuid>-Part-N.zip` zips, the files dealt
    /// out among them (as Notion splits large exports).
    func writeZip(_ url: URL, _ format: Format, relations: RelationStyle = .urls, bom: Bool = true, parts: Int = 0) throws {
        let all = files(format, relations: relations, bom: bom)
        if parts == 0 {
            try Self.zip(all, to: url)
            return
        }
        var outer: [(path: String, data: Data)] = []
        for part in 0..<parts {
            let slice = all.enumerated().filter { $0.offset % parts == part }.map(\.element)
            let partURL = url.deletingLastPathComponent().appendingPathComponent("part-\(part).zip")
            try Self.zip(slice, to: partURL)
            outer.append(("\(exportFolder)-Part-\(part + 1).zip", try Data(contentsOf: partURL)))
            try FileManager.default.removeItem(at: partURL)
        }
        try Self.zip(outer, to: url)
    }

    static func zip(_ files: [(path: String, data: Data)], to url: URL) throws {
        let archive = try Archive(url: url, accessMode: .create)
        for file in files {
            try archive.addEntry(with: file.path, type: .file, uncompressedSize: Int64(file.data.count),
                                 compressionMethod: .deflate) { position, size in
                file.data.subdata(in: Int(position)..<(Int(position) + size))
            }
        }
    }

    // MARK: what a reader gives back

    /// The title a page's file name carries (Notion drops or replaces what a file system does not take).
    static func fileTitle(_ title: String) -> String {
        String(title.map { "/\\:*?\"<>|".contains($0) ? " " : $0 })
    }

    /// The file name stem `Title <hex>`.
    static func stem(_ title: String, _ id: String) -> String { fileTitle(title) + " " + id }

    /// All pages and rows by id.
    var allPages: [String: Page] {
        var out: [String: Page] = [:]
        func visit(_ page: Page) {
            out[page.id] = page
            page.subpages.forEach(visit)
            page.databases.forEach { $0.rows.forEach(visit) }
        }
        pages.forEach(visit)
        databases.forEach { $0.rows.forEach(visit) }
        return out
    }
}

/// Writes a fixture's files.
private struct Writer {
    let fixture: NotionFixture
    let format: NotionFixture.Format
    let relations: NotionFixture.RelationStyle
    let bom: Bool
    var out: [(path: String, data: Data)] = []
    /// The path of each page's file, by id.
    var paths: [String: String] = [:]

    init(fixture: NotionFixture, format: NotionFixture.Format, relations: NotionFixture.RelationStyle, bom: Bool) {
        self.fixture = fixture
        self.format = format
        self.relations = relations
        self.bom = bom
    }

    var ext: String { format == .markdown ? "md" : "html" }

    mutating func index() {
        func visit(_ page: NotionFixture.Page, folder: String) {
            paths[page.id] = folder + "/" + NotionFixture.stem(page.title, page.id) + "." + ext
            let sub = folder + "/" + NotionFixture.stem(page.title, page.id)
            page.subpages.forEach { visit($0, folder: sub) }
            page.databases.forEach { database($0, folder: sub) }
        }
        func database(_ database: NotionFixture.Database, folder: String) {
            let rows = folder + "/" + NotionFixture.stem(database.name, database.id)
            database.rows.forEach { visit($0, folder: rows) }
        }
        fixture.databases.forEach { database($0, folder: fixture.exportFolder) }
        fixture.pages.forEach { visit($0, folder: fixture.exportFolder) }
    }

    /// `to` relative to the folder `from`, percent-encoded as Notion writes hrefs.
    func relative(_ to: String, from folder: String) -> String {
        let a = folder.split(separator: "/")
        let b = to.split(separator: "/")
        var common = 0
        while common < a.count, common < b.count - 1, a[common] == b[common] { common += 1 }
        let up = Array(repeating: "..", count: a.count - common)
        return (up + b[common...].map { Self.encode(String($0)) }).joined(separator: "/")
    }

    static func encode(_ component: String) -> String {
        var allowed = CharacterSet.urlPathAllowed
        allowed.remove(charactersIn: "/()?#[],&'=+;")
        return component.addingPercentEncoding(withAllowedCharacters: allowed) ?? component
    }

    static func html(_ text: String) -> String {
        text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
            .replacingOccurrences(of: ">", with: "&gt;").replacingOccurrences(of: "\"", with: "&quot;")
    }

    func text(_ string: String, bom: Bool) -> Data {
        (bom ? Data([0xEF, 0xBB, 0xBF]) : Data()) + Data(string.utf8)
    }

    mutating func write(_ database: NotionFixture.Database, folder: String) {
        let stem = NotionFixture.stem(database.name, database.id)
        let rowsFolder = folder + "/" + stem
        if format == .markdown {
            var csv = [([database.titleProperty] + database.properties.map(\.name)).map(Self.csvField).joined(separator: ",")]
            for row in database.rows {
                var fields = [Self.csvField(row.title)]
                for property in database.properties {
                    fields.append(Self.csvField(row.values[property.name].map { markdownValue($0, from: folder) } ?? ""))
                }
                csv.append(fields.joined(separator: ","))
            }
            let all = csv.joined(separator: "\r\n") + "\r\n"
            out.append((folder + "/" + stem + "_all.csv", text(all, bom: bom)))
            // The current view: the first three rows only, so a reader that takes it instead of _all.csv misses rows.
            let view = csv.prefix(4).joined(separator: "\r\n") + "\r\n"
            out.append((folder + "/" + stem + ".csv", text(view, bom: bom)))
            out.append((folder + "/" + stem + ".md", text("# \(database.name)\n", bom: false)))
        } else {
            var html = "<table class=\"collection-content\"><thead><tr><th><span class=\"icon property-icon\"><svg></svg></span>"
                + Self.html(database.titleProperty) + "</th>"
            for property in database.properties { html += "<th>" + Self.html(property.name) + "</th>" }
            html += "</tr></thead><tbody>"
            for row in database.rows {
                let href = relative(paths[row.id] ?? "", from: folder)
                html += "<tr id=\"\(row.id)\"><td class=\"cell-title\"><a href=\"\(href)\">" + Self.html(row.title) + "</a></td>"
                for property in database.properties {
                    html += "<td>" + (row.values[property.name].map { htmlValue($0, type: property.type, from: folder) } ?? "") + "</td>"
                }
                html += "</tr>"
            }
            html += "</tbody></table>"
            out.append((folder + "/" + stem + ".html", Data(page(title: database.name, id: database.id, properties: "", body: "", after: html).utf8)))
        }
        for row in database.rows { write(row, folder: rowsFolder, database: database) }
    }

    mutating func write(_ page: NotionFixture.Page, folder: String, database: NotionFixture.Database? = nil) {
        let stem = NotionFixture.stem(page.title, page.id)
        let sub = folder + "/" + stem
        if format == .markdown {
            var text = "# \(page.title)\n\n"
            if let database {
                var lines: [String] = []
                for property in database.properties {
                    if let value = page.values[property.name] { lines.append(property.name + ": " + markdownValue(value, from: folder)) }
                }
                if !lines.isEmpty { text += lines.joined(separator: "\n") + "\n\n" }
            }
            text += page.body.map { markdown($0, page: page, folder: folder) }.joined(separator: "\n\n")
            if !page.body.isEmpty { text += "\n" }
            out.append((folder + "/" + stem + ".md", self.text(text, bom: false)))
        } else {
            var properties = ""
            if let database {
                properties = "<table class=\"properties\"><tbody>"
                for property in database.properties {
                    guard let value = page.values[property.name] else { continue }
                    properties += "<tr class=\"property-row property-row-\(property.type.rawValue)\"><th><span class=\"icon property-icon\">"
                        + "<svg role=\"graphics-symbol\" viewBox=\"0 0 16 16\"><path d=\"M1 1\"></path></svg></span>"
                        + Self.html(property.name) + "</th><td>" + htmlValue(value, type: property.type, from: folder) + "</td></tr>"
                }
                properties += "</tbody></table>"
            }
            let body = page.body.map { html($0, page: page, folder: folder) }.joined()
            out.append((folder + "/" + stem + ".html", Data(self.page(title: page.title, id: page.id, properties: properties, body: body, after: "").utf8)))
        }
        for attachment in page.attachments { out.append((sub + "/" + attachment.name, attachment.data)) }
        for subpage in page.subpages { write(subpage, folder: sub) }
        for nested in page.databases { write(nested, folder: sub) }
    }

    func page(title: String, id: String, properties: String, body: String, after: String) -> String {
        let uuid = [id.prefix(8), id.dropFirst(8).prefix(4), id.dropFirst(12).prefix(4), id.dropFirst(16).prefix(4), id.dropFirst(20)]
            .map(String.init).joined(separator: "-")
        return "<html><head><meta http-equiv=\"Content-Type\" content=\"text/html; charset=utf-8\"/><title>" + Self.html(title)
            + "</title><style>\n/* cspell:disable-file */\nhtml { -webkit-print-color-adjust: exact; }\na > b { color: red; }\n</style></head>"
            + "<body><article id=\"\(uuid)\" class=\"page sans\"><header><h1 class=\"page-title\">" + Self.html(title)
            + "</h1><p class=\"page-description\"></p>" + properties + "</header><div class=\"page-body\">" + body + "</div>" + after
            + "</article><span class=\"sans\" style=\"font-size:14px;padding-top:2em\"></span></body></html>"
    }

    static func csvField(_ value: String) -> String {
        value.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" })
            ? "\"" + value.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : value
    }

    func markdownValue(_ value: NotionFixture.Value, from folder: String) -> String {
        switch value {
        case .text(let text), .date(let text): return text
        case .options(let options): return options.joined(separator: ", ")
        case .checkbox(let on): return on ? "Yes" : "No"
        case .pages(let ids):
            let all = fixture.allPages
            return ids.map { id in
                let title = all[id]?.title ?? ""
                switch relations {
                case .urls:
                    let slug = title.split(whereSeparator: { !$0.isLetter && !$0.isNumber }).joined(separator: "-")
                    return "\(title) (https://www.notion.so/\(slug.isEmpty ? "" : slug + "-")\(id)?pvs=21)"
                case .paths:
                    return relative(paths[id] ?? "", from: folder)
                }
            }.joined(separator: ", ")
        }
    }

    func htmlValue(_ value: NotionFixture.Value, type: NotionPropertyType, from folder: String) -> String {
        switch value {
        case .text(let text):
            switch type {
            case .url: return "<a href=\"\(Self.html(text))\" class=\"url-value\">" + Self.html(text) + "</a>"
            case .email: return "<a href=\"mailto:\(Self.html(text))\" class=\"email-value\">" + Self.html(text) + "</a>"
            case .person: return "<span class=\"user\"><img src=\"https://example.org/a.png\" class=\"icon user-icon\"/>" + Self.html(text) + "</span>"
            default: return Self.html(text)
            }
        case .date(let text): return "<time>@" + Self.html(text) + "</time>"
        case .options(let options):
            return options.map { "<span class=\"selected-value select-value-color-blue\">" + Self.html($0) + "</span>" }.joined()
        case .checkbox(let on): return "<div class=\"checkbox checkbox-\(on ? "on" : "off")\"></div>"
        case .pages(let ids):
            let all = fixture.allPages
            return ids.map { id in
                "<a href=\"\(relative(paths[id] ?? "", from: folder))\"><img class=\"icon\" src=\"https://www.notion.so/icons/page.svg\"/>"
                    + Self.html(all[id]?.title ?? "") + "</a>"
            }.joined(separator: ", ")
        }
    }

    func markdown(_ block: NotionFixture.Block, page: NotionFixture.Page, folder: String) -> String {
        let sub = NotionFixture.stem(page.title, page.id)
        switch block {
        case .paragraph(let text): return text
        case .heading(let level, let text): return String(repeating: "#", count: level) + " " + text
        case .bullets(let items): return items.map { "- " + $0 }.joined(separator: "\n")
        case .todo(let items): return items.map { ($0.done ? "- [x] " : "- [ ] ") + $0.text }.joined(separator: "\n")
        case .quote(let text): return "> " + text
        case .callout(let icon, let text): return "<aside>\n\(icon) \(text)\n\n</aside>"
        case .toggle(let summary, let text): return "- " + summary + "\n    \n    " + text
        case .code(let language, let text): return "```" + language + "\n" + text + "\n```"
        case .equation(let tex): return "$$\n" + tex + "\n$$"
        case .image(let name): return "![" + name + "](" + Self.encode(sub) + "/" + Self.encode(name) + ")"
        case .file(let name): return "[" + name + "](" + Self.encode(sub) + "/" + Self.encode(name) + ")"
        case .link(let text, let id): return "[" + text + "](" + relative(paths[id] ?? "", from: folder) + ")"
        }
    }

    func html(_ block: NotionFixture.Block, page: NotionFixture.Page, folder: String) -> String {
        let sub = NotionFixture.stem(page.title, page.id)
        switch block {
        case .paragraph(let text): return "<p id=\"p1\" class=\"\">" + Self.html(text) + "</p>"
        case .heading(let level, let text): return "<h\(level) id=\"h\" class=\"\">" + Self.html(text) + "</h\(level)>"
        case .bullets(let items):
            return items.map { "<ul id=\"u\" class=\"bulleted-list\"><li style=\"list-style-type:disc\">" + Self.html($0) + "</li></ul>" }.joined()
        case .todo(let items):
            return items.map {
                "<ul id=\"t\" class=\"to-do-list\"><li><div class=\"checkbox checkbox-\($0.done ? "on" : "off")\"></div> <span class=\"to-do-children-\($0.done ? "checked" : "unchecked")\">"
                    + Self.html($0.text) + "</span></li></ul>"
            }.joined()
        case .quote(let text): return "<blockquote id=\"q\" class=\"\">" + Self.html(text) + "</blockquote>"
        case .callout(let icon, let text):
            return "<figure class=\"block-color-gray_background callout\" style=\"white-space:pre-wrap;display:flex\"><div style=\"font-size:1.5em\"><span class=\"icon\">"
                + icon + "</span></div><div style=\"width:100%\">" + Self.html(text) + "</div></figure>"
        case .toggle(let summary, let text):
            return "<ul id=\"g\" class=\"toggle\"><li><details open=\"\"><summary>" + Self.html(summary) + "</summary><p id=\"p\" class=\"\">"
                + Self.html(text) + "</p></details></li></ul>"
        case .code(let language, let text):
            return "<pre id=\"c\" class=\"code\"><code class=\"language-\(language)\">" + Self.html(text) + "</code></pre>"
        case .equation(let tex):
            return "<figure id=\"e\" class=\"equation\"><style>@import url('https://cdnjs.cloudflare.com/katex.min.css')</style><div class=\"equation-container\"><span class=\"katex-display\"><span class=\"katex\"><span class=\"katex-mathml\"><math><semantics><mrow></mrow><annotation encoding=\"application/x-tex\">"
                + Self.html(tex) + "</annotation></semantics></math></span><span class=\"katex-html\" aria-hidden=\"true\">x</span></span></span></div></figure>"
        case .image(let name):
            let href = Self.encode(sub) + "/" + Self.encode(name)
            return "<figure id=\"i\" class=\"image\"><a href=\"\(href)\"><img style=\"width:240px\" src=\"\(href)\"/></a></figure>"
        case .file(let name):
            let href = Self.encode(sub) + "/" + Self.encode(name)
            return "<figure id=\"f\"><div class=\"source\"><a href=\"\(href)\">" + Self.html(name) + "</a></div></figure>"
        case .link(let text, let id):
            return "<figure id=\"l\" class=\"link-to-page\"><a href=\"\(relative(paths[id] ?? "", from: folder))\"><span class=\"icon\">📄</span>"
                + Self.html(text) + "</a></figure>"
        }
    }
}
