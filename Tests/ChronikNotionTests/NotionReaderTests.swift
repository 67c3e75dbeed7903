import ChronikNotion
import Foundation
import OrderedCollections
import Testing

/// The reader on exports written by `NotionFixture` in both formats, both relation styles, as folders and zips.
@Suite("NotionReader: Notion's exports in both formats, folders and zips")
struct NotionReaderTests {
    typealias ID = NotionFixture.ID

    static func read(_ format: NotionFixture.Format, relations: NotionFixture.RelationStyle = .urls, zip: Bool = false,
                     parts: Int = 0, fixture: NotionFixture = .sample) throws -> NotionExport {
        let folder = try TemporaryFolder()
        let target = folder.path(zip ? "export.zip" : "export")
        if zip {
            try fixture.writeZip(target, format, relations: relations, parts: parts)
        } else {
            try fixture.writeFolder(target, format, relations: relations)
        }
        return try NotionReader().read(target)
    }

    static func row(_ export: NotionExport, _ id: String) -> NotionPage? {
        export.databases.lazy.flatMap(\.rows).first { $0.id == id }
    }

    static func database(_ export: NotionExport, _ name: String) -> NotionDatabase? {
        export.databases.first { $0.name == name }
    }

    @Test(arguments: [NotionFixture.RelationStyle.urls, .paths])
    func markdownFolder(relations: NotionFixture.RelationStyle) throws {
        let export = try Self.read(.markdown, relations: relations)
        #expect(export.format == .markdown)
        #expect(export.databases.map(\.name).sorted() == ["FAQ", "Glossar", "Prozessakteure", "Prozessergebnisse", "Prozesstermine"])

        let actors = try #require(Self.database(export, "Prozessakteure"))
        #expect(actors.id == ID.actors)
        #expect(actors.path.hasSuffix("/Prozessakteure \(ID.actors)_all.csv"))
        #expect(actors.properties.map(\.name) == ["Name", "Typ", "Kontakt", "Ergebnisse", "Aktiv"])
        #expect(actors.properties.map(\.type) == [.title, nil, nil, .relation, nil])
        // All rows, from _all.csv (the view .csv holds only some), in its order.
        #expect(actors.rows.map(\.id) == [ID.senatskanzlei, ID.citylab, ID.stiftung])
        #expect(actors.parentPageID == nil)

        let kanzlei = try #require(Self.row(export, ID.senatskanzlei))
        #expect(kanzlei.title == "Senatskanzlei ")
        #expect(Array(kanzlei.properties.keys) == ["Name", "Typ", "Kontakt", "Ergebnisse", "Aktiv"])
        #expect(kanzlei.properties["Name"] == .text("Senatskanzlei "))
        #expect(kanzlei.properties["Typ"] == .text("Verwaltung"))
        #expect(kanzlei.properties["Kontakt"] == .text("smart@example.org"))
        #expect(kanzlei.properties["Aktiv"] == .text("Yes"))
        let expectedLinks = relations == .urls
            ? [NotionLink(pageID: ID.ambitionen, title: "Ambitionen"), NotionLink(pageID: ID.entwurf, title: "Strategie (Entwurf), Teil 1")]
            : [NotionLink(pageID: ID.ambitionen, title: "Ambitionen"), NotionLink(pageID: ID.entwurf, title: "Strategie (Entwurf), Teil 1")]
        #expect(kanzlei.properties["Ergebnisse"] == .pages(expectedLinks))
        #expect(kanzlei.body == "Koordiniert den Prozess.\n\n- Strategieboard\n- Strategiebeirat\n")

        // A property left empty is absent.
        let stiftung = try #require(Self.row(export, ID.stiftung))
        #expect(stiftung.properties["Kontakt"] == nil && stiftung.properties["Ergebnisse"] == nil)
        #expect(stiftung.body == "")

        let results = try #require(Self.database(export, "Prozessergebnisse"))
        let entwurf = try #require(results.rows.first { $0.id == ID.entwurf })
        #expect(entwurf.title == "Strategie (Entwurf), Teil 1")
        #expect(entwurf.properties["Zeitraum"] == .text("June 16, 2022 → July 6, 2022"))
        #expect(entwurf.properties["Akteure"] == .pages([NotionLink(pageID: ID.senatskanzlei, title: "Senatskanzlei "),
                                                       NotionLink(pageID: ID.citylab, title: "CityLAB Berlin")]))
        // The callout, written as Notion's <aside>, reads as a quote.
        #expect(entwurf.body.contains("> 💡 Klimakrise statt Klimawandel"))
        let ambitionen = try #require(results.rows.first { $0.id == ID.ambitionen })
        #expect(ambitionen.properties["Schlagworte"] == .text("Beteiligung, Online"))

        let termine = try #require(Self.database(export, "Prozesstermine"))
        #expect(termine.rows.map(\.title) == ["@April 28, 2022"])

        // Two rows titled alike keep their own ids and values.
        let glossary = try #require(Self.database(export, "Glossar"))
        #expect(glossary.rows.map(\.id) == [ID.kiez1, ID.kiez2])
        #expect(glossary.rows.map(\.title) == ["Kiez", "Kiez"])
        #expect(glossary.rows[0].properties["Definition"] == .text("Ein Viertel, \"nah\"."))
        #expect(glossary.rows[1].properties["Definition"] == .text("Zweite Bedeutung,\nmit Zeilenumbruch."))
        #expect(glossary.rows[1].body == "")

        // A database in a free page, and the free pages with their parents.
        let faq = try #require(Self.database(export, "FAQ"))
        #expect(faq.parentPageID == ID.home)
        #expect(faq.rows.map(\.title) == ["Was ist das?"])
        #expect(Set(export.pages.map(\.id)) == [ID.home, ID.about, ID.subOfRow])
        let about = try #require(export.pages.first { $0.id == ID.about })
        #expect(about.title == "Über/Impressum")
        #expect(about.parentPageID == ID.home)
        #expect(export.pages.first { $0.id == ID.subOfRow }?.parentPageID == ID.senatskanzlei)
        #expect(export.pages.first { $0.id == ID.home }?.body == "Der Wissensspeicher der Strategie.\n")

        // Attachments: the page's files, with their bytes.
        let citylab = try #require(Self.row(export, ID.citylab))
        #expect(citylab.attachments.map { $0.components(separatedBy: "/").last ?? "" } == ["team.png", "bericht.pdf"])
        #expect(export.attachmentContents[citylab.attachments[0]] == Data([0x89, 0x50, 0x4E, 0x47, 1, 2, 3]))
        #expect(export.attachmentContents.count == 2)

        // The view CSVs and the databases' own pages are reported, nothing else.
        #expect(export.skipped.count == 10)
        #expect(export.skipped.allSatisfy { $0.path.hasSuffix(".csv") || $0.path.hasSuffix(".md") })
    }

    @Test func htmlFolder() throws {
        let export = try Self.read(.html)
        #expect(export.format == .html)
        #expect(export.databases.map(\.name).sorted() == ["FAQ", "Glossar", "Prozessakteure", "Prozessergebnisse", "Prozesstermine"])
        let actors = try #require(Self.database(export, "Prozessakteure"))
        #expect(actors.id == ID.actors)
        #expect(actors.properties.map(\.name) == ["Name", "Typ", "Kontakt", "Ergebnisse", "Aktiv"])
        #expect(actors.properties.map(\.type) == [.title, .select, .email, .relation, .checkbox])
        #expect(actors.rows.map(\.id) == [ID.senatskanzlei, ID.citylab, ID.stiftung])

        let kanzlei = try #require(Self.row(export, ID.senatskanzlei))
        #expect(kanzlei.title == "Senatskanzlei ")
        #expect(Array(kanzlei.properties.keys) == ["Name", "Typ", "Kontakt", "Ergebnisse", "Aktiv"])
        #expect(kanzlei.properties["Typ"] == .options(["Verwaltung"]))
        #expect(kanzlei.properties["Kontakt"] == .text("smart@example.org"))
        #expect(kanzlei.properties["Aktiv"] == .checkbox(true))
        #expect(kanzlei.properties["Ergebnisse"] == .pages([NotionLink(pageID: ID.ambitionen, title: "Ambitionen"),
                                                          NotionLink(pageID: ID.entwurf, title: "Strategie (Entwurf), Teil 1")]))
        #expect(kanzlei.body == "Koordiniert den Prozess.\n\n- Strategieboard\n- Strategiebeirat\n")
        #expect(Self.row(export, ID.citylab)?.properties["Aktiv"] == .checkbox(false))

        let entwurf = try #require(Self.row(export, ID.entwurf))
        #expect(entwurf.properties["Zeitraum"] == .date("June 16, 2022 → July 6, 2022"))
        #expect(entwurf.body == """
            > Gemeinsam Digital: Berlin

            > 💡 Klimakrise statt Klimawandel

            - Details

              Mehr dazu.

            ```swift
            let x = 1 < 2
            ```

            $$
            E = mc^2
            $$

            [Ambitionen](Ambitionen%20\(ID.ambitionen).html)

            """)
        let ambitionen = try #require(Self.row(export, ID.ambitionen))
        #expect(ambitionen.properties["Schlagworte"] == .options(["Beteiligung", "Online"]))
        #expect(ambitionen.body == "## Worum es ging\n\nKommentare auf mein.berlin.de.\n\n- [x] Auswerten\n- [ ] Veröffentlichen\n")
        #expect(Self.row(export, ID.forum)?.properties["Status"] == .options(["Abgeschlossen"]))
        #expect(Self.row(export, ID.forum)?.title == "@April 28, 2022")

        let glossary = try #require(Self.database(export, "Glossar"))
        #expect(glossary.rows.map(\.id) == [ID.kiez1, ID.kiez2])
        #expect(glossary.rows[1].properties["Definition"] == .text("Zweite Bedeutung,\nmit Zeilenumbruch."))

        let faq = try #require(Self.database(export, "FAQ"))
        #expect(faq.parentPageID == ID.home)
        #expect(Set(export.pages.map(\.id)) == [ID.home, ID.about, ID.subOfRow])
        #expect(export.pages.first { $0.id == ID.about }?.title == "Über/Impressum")
        #expect(export.pages.first { $0.id == ID.subOfRow }?.parentPageID == ID.senatskanzlei)

        let citylab = try #require(Self.row(export, ID.citylab))
        #expect(citylab.body == "Labor für die Stadt.\n\n![](CityLAB%20Berlin%20\(ID.citylab)/team.png)\n\n[bericht.pdf](CityLAB%20Berlin%20\(ID.citylab)/bericht.pdf)\n")
        #expect(citylab.attachments.count == 2)
        #expect(export.attachmentContents.count == 2)
        #expect(export.skipped.isEmpty)
    }

    /// Both formats give the same pages, ids, titles, relations and bodies of plain text.
    @Test func formatsAgree() throws {
        let markdown = try Self.read(.markdown, relations: .paths)
        let html = try Self.read(.html)
        func outline(_ export: NotionExport) -> [String] {
            export.databases.flatMap { database in
                database.rows.map { row in
                    var links: [String] = []
                    for value in row.properties.values { if case .pages(let pages) = value { links += pages.compactMap(\.pageID) } }
                    return "\(database.id) \(database.name) \(row.id) \(row.title) \(links) \(row.attachments.count)"
                }
            }.sorted() + export.pages.map { "\($0.id) \($0.title) \($0.parentPageID ?? "-")" }.sorted()
        }
        #expect(outline(markdown) == outline(html))
    }

    @Test(arguments: [0, 2, 3])
    func zips(parts: Int) throws {
        let folder = try Self.read(.markdown, relations: .urls)
        let zipped = try Self.read(.markdown, relations: .urls, zip: true, parts: parts)
        #expect(zipped == folder)
        let htmlFolder = try Self.read(.html)
        let htmlZipped = try Self.read(.html, zip: true, parts: parts)
        #expect(htmlZipped == htmlFolder)
    }

    /// A download unzipped once: a folder of `Export-<uuid>-Part-N.zip` files.
    @Test func folderOfParts() throws {
        let folder = try TemporaryFolder()
        let zip = folder.path("download.zip")
        try NotionFixture.sample.writeZip(zip, .markdown, parts: 3)
        let unzipped = folder.path("download")
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/unzip")
        process.arguments = ["-q", zip.path, "-d", unzipped.path]
        try process.run()
        process.waitUntilExit()
        #expect(try FileManager.default.contentsOfDirectory(atPath: unzipped.path).count == 3)
        #expect(try NotionReader().read(unzipped) == Self.read(.markdown))
    }

    @Test func noByteOrderMarks() throws {
        let folder = try TemporaryFolder()
        try NotionFixture.sample.writeFolder(folder.path("a"), .markdown, bom: false)
        try NotionFixture.sample.writeFolder(folder.path("b"), .markdown, bom: true)
        let a = try NotionReader().read(folder.path("a"))
        let b = try NotionReader().read(folder.path("b"))
        #expect(a.databases.map(\.properties) == b.databases.map(\.properties))
        #expect(a.databases.map(\.rows) == b.databases.map(\.rows))
    }

    @Test func notAnExport() throws {
        let folder = try TemporaryFolder()
        try Data("hello".utf8).write(to: folder.path("readme.txt"))
        #expect(throws: NotionReadError.notAnExport(path: folder.url.lastPathComponent)) { try NotionReader().read(folder.url) }
    }
}
