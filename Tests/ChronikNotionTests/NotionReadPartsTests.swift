@testable import ChronikNotion
import ChronikStore
import Foundation
import Testing

/// The reader's parts on their own: file names, CSV, relation lists, the HTML tokenizer and the HTML → Markdown
/// conversion of each block Notion writes.
@Suite("NotionReader parts: names, CSV, relations, HTML")
struct NotionReadPartsTests {
    @Test func fileNames() {
        let hex = "0123456789abcdef0123456789ABCDEF"
        var name = NotionFileName("Senatskanzlei  \(hex).md")
        #expect(name.title == "Senatskanzlei " && name.id == hex.lowercased() && name.ext == "md" && !name.isAllRows)
        name = NotionFileName("@February 5, 2025 \(hex).html")
        #expect(name.title == "@February 5, 2025" && name.ext == "html")
        name = NotionFileName("Glossar \(hex)_all.csv")
        #expect(name.title == "Glossar" && name.isAllRows && name.ext == "csv")
        name = NotionFileName("Glossar \(hex)")
        #expect(name.title == "Glossar" && name.id == hex.lowercased() && name.ext == "")
        name = NotionFileName("team.png")
        #expect(name.id == nil && name.title == "team" && name.ext == "png")
        // 32 hex digits without the space before them are part of the title, not an id.
        #expect(NotionFileName("x\(hex).md").id == nil)
        #expect(NotionFileName.id(inURL: "https://www.notion.so/Title-with-words-\(hex)?pvs=21") == hex.lowercased())
        #expect(NotionFileName.id(inURL: "https://www.notion.so/01234567-89ab-cdef-0123-456789abcdef") == "0123456789abcdef0123456789abcdef")
        #expect(NotionFileName.id(inURL: "https://example.org/page") == nil)
    }

    @Test func paths() {
        #expect(ExportPath.resolve("../Db%20x/Row%20y.md", from: "E/Page") == "E/Db x/Row y.md")
        #expect(ExportPath.resolve("Sub%20y/a.png#top", from: "E") == "E/Sub y/a.png")
        #expect(ExportPath.resolve("../../x.md", from: "E") == nil)
        #expect(ExportPath.resolve("https://example.org/x.md", from: "E") == nil)
        #expect(ExportPath.resolve("mailto:a@example.org", from: "E") == nil)
        #expect(ExportPath.resolve("/etc/passwd", from: "E") == nil)
        #expect(ExportPath.stem("E/Row y.md") == "E/Row y")
    }

    @Test func csv() throws {
        let text = "\u{FEFF}Name,Notiz,Zahl\r\n\"Kiez, \"\"nah\"\"\",\"zwei\nZeilen\",3\r\nLeer,,\n\r\n"
        let records = try CSV.parse(text, path: "x.csv")
        #expect(records.map(\.fields) == [["Name", "Notiz", "Zahl"], ["Kiez, \"nah\"", "zwei\nZeilen", "3"], ["Leer", "", ""]])
        #expect(records.map(\.line) == [1, 2, 4])
        // No line break at the end, LF only.
        #expect(try CSV.parse("a,b\nc,d", path: "x.csv").map(\.fields) == [["a", "b"], ["c", "d"]])
        #expect(throws: NotionReadError.csvFieldCount(path: "x.csv", line: 3, expected: 2, found: 1)) {
            try CSV.parse("a,b\n1,2\n3\n", path: "x.csv")
        }
        #expect(throws: NotionReadError.csvUnterminatedQuote(path: "x.csv", line: 2)) { try CSV.parse("a,b\n\"1,2\n3,4\n", path: "x.csv") }
    }

    @Test func relationLists() {
        let a = "0123456789abcdef0123456789abcdef"
        let b = "fedcba9876543210fedcba9876543210"
        // Titles with parentheses and commas.
        #expect(RelationText.parse("Strategie (Entwurf), Teil 1 (https://www.notion.so/Strategie-Entwurf-Teil-1-\(a)?pvs=21), "
                                   + "Kiez (https://www.notion.so/Kiez-\(b)?pvs=21)", folder: "E")
                    == [NotionLink(pageID: a, title: "Strategie (Entwurf), Teil 1"), NotionLink(pageID: b, title: "Kiez")])
        #expect(RelationText.parse("Untitled (https://www.notion.so/\(a))", folder: "E") == [NotionLink(pageID: a, title: "Untitled")])
        // Older exports: relative paths, URL-encoded, a comma in a title as %2C.
        #expect(RelationText.parse("../Db%20\(b)/Strategie%20(Entwurf)%2C%20Teil%201%20\(a).md, ../Db%20\(b)/Kiez%20\(b).md", folder: "E/Db2")
                    == [NotionLink(pageID: a, title: "Strategie (Entwurf), Teil 1"), NotionLink(pageID: b, title: "Kiez")])
        // Text that merely holds a link, or a path without an id, is no relation.
        #expect(RelationText.parse("siehe https://www.notion.so/x-\(a)", folder: "E") == nil)
        #expect(RelationText.parse("Bericht (https://example.org/a)", folder: "E") == nil)
        #expect(RelationText.parse("notes.md", folder: "E") == nil)
        #expect(RelationText.parse("Ja, Nein", folder: "E") == nil)
    }

    @Test func tokenizer() {
        let root = HTMLDocument.parse("""
            <!DOCTYPE html><html><head><style>a > b { x: "</p>" }</style><script>if (a < b) { alert("<p>") }</script></head>
            <body><!-- a <p> comment --><p class="x  y" data-a='1' hidden>A &amp; B &lt;&#228;&#xFC;&szlig;&bogus; &nbsp;</p>
            <br/><img src="a.png" alt="x"><P>Upper</P><p>un<b>closed</p></body></html>
            """)
        let paragraphs = root.all { $0.name == "p" }
        #expect(paragraphs.count == 3)
        #expect(paragraphs[0].textContent == "A & B <äüß&bogus; \u{A0}")
        #expect(paragraphs[0].classes == ["x", "y"] && paragraphs[0].attribute("data-a") == "1" && paragraphs[0].attribute("hidden") == "")
        #expect(paragraphs[1].textContent == "Upper")
        // An end tag closes the elements left open inside it.
        #expect(paragraphs[2].textContent == "unclosed")
        #expect(root.first { $0.name == "img" }?.children.isEmpty == true)
        #expect(root.first { $0.name == "style" }?.children.isEmpty == true)
        #expect(root.first { $0.name == "script" }?.children.isEmpty == true)
        #expect(!root.textContent.contains("alert"))
        // Stray markup characters stay text.
        #expect(HTMLDocument.parse("a < b <3 </>").textContent == "a < b <3 ")
    }

    static func markdown(_ html: String) -> String {
        HTMLToMarkdown.body(HTMLDocument.parse("<div class=\"page-body\">" + html + "</div>").first { $0.hasClass("page-body") }!)
    }

    @Test func htmlBlocks() {
        // Adjacent one-item lists are one list; nested lists indented under their item.
        #expect(Self.markdown("""
            <ul class="bulleted-list"><li>eins<ul class="bulleted-list"><li>eins a</li></ul></li></ul><ul class="bulleted-list"><li>zwei</li></ul>\
            <ol type="1" class="numbered-list" start="1"><li>erstens</li></ol><ol type="1" class="numbered-list" start="2"><li>zweitens</li></ol>
            """) == "- eins\n  - eins a\n- zwei\n\n1. erstens\n2. zweitens\n")
        #expect(Self.markdown("<h1>Titel</h1><h3>Drei</h3><p>Absatz mit <strong>fett </strong><em>kursiv</em> <del>weg</del> <code>a`b</code></p><hr/>")
                    == "# Titel\n\n### Drei\n\nAbsatz mit **fett** *kursiv* ~~weg~~ `` a`b ``\n\n---\n")
        // Line breaks in a block are kept; Markdown's own characters escaped.
        #expect(Self.markdown("<p>eins\nzwei<br/>drei *x* [y] a_b</p>") == "eins\nzwei\ndrei \\*x\\* \\[y\\] a\\_b\n")
        #expect(Self.markdown("<p>Siehe <a href=\"Seite%20abc.html\">die Seite</a> und <a href=\"https://example.org/a b\">Web</a></p>")
                    == "Siehe [die Seite](Seite%20abc.html) und [Web](https://example.org/a%20b)\n")
        #expect(Self.markdown("<blockquote>Zitat<br/>zweite Zeile</blockquote>") == "> Zitat\n> zweite Zeile\n")
        #expect(Self.markdown("""
            <table class="simple-table"><thead class="simple-table-header"><tr><th>A</th><th>B|C</th></tr></thead>\
            <tbody><tr><td>1</td><td><strong>2</strong></td></tr></tbody></table>
            """) == "| A | B\\|C |\n| --- | --- |\n| 1 | **2** |\n")
        #expect(Self.markdown("<p>Formel <span class=\"notion-text-equation-token\"><span class=\"katex\"><annotation encoding=\"application/x-tex\">a^2</annotation></span></span>.</p>")
                    == "Formel $a^2$.\n")
        #expect(Self.markdown("<figure><a href=\"https://example.org\" class=\"bookmark source\"><div class=\"bookmark-info\"><div class=\"bookmark-text\"><div class=\"bookmark-title\">Beispiel</div></div></div></a></figure>")
                    == "[Beispiel](https://example.org)\n")
        #expect(Self.markdown("<figure class=\"image\"><a href=\"P%20x/bild.png\"><img src=\"P%20x/bild.png\"/></a><figcaption>Ein Bild</figcaption></figure>")
                    == "![Ein Bild](P%20x/bild.png)\n")
        #expect(Self.markdown("<div class=\"column-list\"><div class=\"column\"><p>links</p></div><div class=\"column\"><p>rechts</p></div></div>")
                    == "links\n\nrechts\n")
        #expect(Self.markdown("<p></p><p>  </p>") == "")
        #expect(Self.markdown("<ul class=\"to-do-list\"><li><div class=\"checkbox checkbox-off\"></div> <span class=\"to-do-children-unchecked\">offen</span><div class=\"indented\"><p>Notiz</p></div></li></ul>")
                    == "- [ ] offen\n\n  Notiz\n")
    }

    @Test func inlineDatabaseInHTML() throws {
        let folder = try TemporaryFolder()
        let page = "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
        let db = "bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb"
        let row = "cccccccccccccccccccccccccccccccc"
        let root = folder.path("export/E")
        try FileManager.default.createDirectory(at: root.appendingPathComponent("Seite \(page)/Termine \(db)"), withIntermediateDirectories: true)
        try Data("""
            <html><body><article><header><h1 class="page-title">Seite</h1></header><div class="page-body"><p>Vorher</p>\
            <div class="collection-content"><h4 class="collection-title">Termine</h4><table class="collection-content"><thead><tr><th>Name</th><th>Wann</th></tr></thead>\
            <tbody><tr><td class="cell-title"><a href="Seite%20\(page)/Termine%20\(db)/Forum%20\(row).html">Forum</a></td><td><time>@April 28, 2022</time></td></tr></tbody></table></div>\
            <p>Nachher</p></div></article></body></html>
            """.utf8).write(to: root.appendingPathComponent("Seite \(page).html"))
        try Data("""
            <html><body><article><header><h1 class="page-title">Forum</h1><table class="properties"><tbody>\
            <tr class="property-row property-row-date"><th>Wann</th><td><time>@April 28, 2022</time></td></tr></tbody></table></header>\
            <div class="page-body"><p>Smart City-Forum.</p></div></article></body></html>
            """.utf8).write(to: root.appendingPathComponent("Seite \(page)/Termine \(db)/Forum \(row).html"))
        let export = try NotionReader().read(folder.path("export"))
        #expect(export.databases.count == 1)
        let database = try #require(export.databases.first)
        #expect(database.id == db && database.name == "Termine" && database.parentPageID == page)
        #expect(database.properties == [NotionProperty(name: "Name", type: .title), NotionProperty(name: "Wann", type: .date)])
        #expect(database.rows.map(\.properties) == [["Name": .text("Forum"), "Wann": .date("April 28, 2022")]])
        #expect(export.pages.map(\.body) == ["Vorher\n\nNachher\n"])
    }

    /// Older Markdown exports put a database's rows in a folder named without the id; a zip inside a page's folder is
    /// an attachment, not a part of the download.
    @Test func rowsFolderWithoutIDAndZipAttachment() throws {
        let folder = try TemporaryFolder()
        let db = "bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb"
        let row = "cccccccccccccccccccccccccccccccc"
        let inner = folder.path("inner.zip")
        try NotionFixture.zip([("a.txt", Data("a".utf8))], to: inner)
        let files: [(path: String, data: Data)] = [
            ("E/Glossar \(db)_all.csv", Data("Name,Art\nKiez,Ort\n".utf8)),
            ("E/Glossar/Kiez \(row).md", Data("# Kiez\n\nArt: Ort\n\nSiehe [Daten](Kiez%20\(row)/daten.zip).\n".utf8)),
            ("E/Glossar/Kiez \(row)/daten.zip", try Data(contentsOf: inner)),
        ]
        let zip = folder.path("export.zip")
        try NotionFixture.zip(files, to: zip)
        let export = try NotionReader().read(zip)
        let kiez = try #require(export.databases.first?.rows.first)
        #expect(kiez.id == row && kiez.body == "Siehe [Daten](Kiez%20\(row)/daten.zip).\n")
        #expect(kiez.attachments == ["E/Glossar/Kiez \(row)/daten.zip"])
        #expect(export.attachmentContents[kiez.attachments[0]] == (try Data(contentsOf: inner)))
    }

    /// macOS leaves `__MACOSX/._Name` files (not text) and `.DS_Store` in zips it makes; they are skipped, unread.
    @Test func systemFilesSkipped() throws {
        let folder = try TemporaryFolder()
        let row = "cccccccccccccccccccccccccccccccc"
        let files: [(path: String, data: Data)] = [
            ("E/Kiez \(row).md", Data("# Kiez\n\nText.\n".utf8)),
            ("__MACOSX/E/._Kiez \(row).md", Data([0x00, 0x05, 0x16, 0x07, 0xFF])),
            ("E/.DS_Store", Data([0, 0, 0, 1])),
            ("._Export-Part-1.zip", Data([0, 1, 2])),
        ]
        let zip = folder.path("export.zip")
        try NotionFixture.zip(files, to: zip)
        let export = try NotionReader().read(zip)
        #expect(export.pages.map(\.title) == ["Kiez"])
        #expect(export.skipped.map(\.path) == ["._Export-Part-1.zip", "E/.DS_Store", "__MACOSX/E/._Kiez \(row).md"])
    }

    /// A CSV that names related pages by title only, while the row pages' property lines link them: a relation.
    @Test func relationFromPropertyLines() throws {
        let folder = try TemporaryFolder()
        let db = "bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb"
        let a = "cccccccccccccccccccccccccccccccc"
        let b = "dddddddddddddddddddddddddddddddd"
        let files: [(path: String, data: Data)] = [
            ("E/Glossar \(db)_all.csv", Data("Name,Siehe auch,Art\nKiez,Quartier,Ort\nQuartier,,Ort\n".utf8)),
            ("E/Glossar \(db)/Kiez \(a).md",
             Data("# Kiez\n\nSiehe auch: Quartier (https://www.notion.so/Quartier-\(b)?pvs=21)\nArt: Ort\n\nText.\n".utf8)),
            ("E/Glossar \(db)/Quartier \(b).md", Data("# Quartier\n\nArt: Ort\n".utf8)),
        ]
        let zip = folder.path("export.zip")
        try NotionFixture.zip(files, to: zip)
        let database = try #require(try NotionReader().read(zip).databases.first)
        #expect(database.properties.map(\.type) == [.title, .relation, nil])
        #expect(database.rows.first?.properties["Siehe auch"] == .pages([NotionLink(pageID: b, title: "Quartier")]))
        #expect(database.rows.first?.body == "Text.\n")
        #expect(database.rows.last?.properties["Art"] == .text("Ort"))
    }

    /// What was skipped, as kinds the report words in the user's language.
    @Test func skippedFilesSayWhy() throws {
        let folder = try TemporaryFolder()
        let db = "bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb"
        let a = "cccccccccccccccccccccccccccccccc"
        let files: [(path: String, data: Data)] = [
            ("E/Glossar \(db)_all.csv", Data("Name,Art\nKiez,Ort\nQuartier,Ort\n".utf8)),
            ("E/Glossar \(db).csv", Data("Name,Art\nKiez,Ort\n".utf8)),
            ("E/Glossar \(db).md", Data("# Glossar\n".utf8)),
            ("E/Glossar \(db)/Kiez \(a).md", Data("# Kiez\n\nArt: Ort\n".utf8)),
            ("E/notes.txt", Data("x".utf8)),
        ]
        let zip = folder.path("export.zip")
        try NotionFixture.zip(files, to: zip)
        let export = try NotionReader().read(zip)
        #expect(export.databases.first?.rows.map(\.title) == ["Kiez"])
        #expect(export.skipped.map(\.kind) == [.databaseView, .databasePage, .rowWithoutPage, .unlinked])
        #expect(export.skipped[2].row == "Quartier")
        #expect(export.skipped[2].reason == "the row \"Quartier\" has no page file in the export")
        #expect(export.skipped[2].message(Messages.catalog(.de)) == "zur Zeile „Quartier“ gibt es im Export keine Seitendatei")
        #expect(export.skipped.map { $0.message(Messages.catalog(.de)) } != export.skipped.map(\.reason))
    }

    /// The same path in two parts of a download: the first is read, the second reported.
    @Test func duplicatePathsInParts() throws {
        let folder = try TemporaryFolder()
        let row = "cccccccccccccccccccccccccccccccc"
        let first = RawZip.make([RawZip.Entry("E/Kiez \(row).md", Data("# Kiez\n\nErster Teil.\n".utf8))])
        let second = RawZip.make([RawZip.Entry("E/Kiez \(row).md", Data("# Kiez\n\nZweiter Teil.\n".utf8))])
        let zip = folder.path("export.zip")
        try RawZip.make([RawZip.Entry("Export-x-Part-1.zip", first), RawZip.Entry("Export-x-Part-2.zip", second)]).write(to: zip)
        let export = try NotionReader().read(zip)
        #expect(export.pages.map(\.body) == ["Erster Teil.\n"])
        #expect(export.skipped.map(\.kind) == [.duplicate])
    }

    /// Nesting deeper than the tree keeps is flattened, not recursed into until the stack overflows.
    @Test func deepNestingDoesNotOverflow() {
        let depth = 100_000
        let html = String(repeating: "<div>", count: depth) + "<p>tief</p>" + String(repeating: "</div>", count: depth)
        let root = HTMLDocument.parse("<div class=\"page-body\">" + html + "</div>")
        #expect(root.textContent == "tief")
        #expect(Self.markdown(html) == "tief\n")
    }
}
