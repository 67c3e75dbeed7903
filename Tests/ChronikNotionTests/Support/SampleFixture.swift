import ChronikNotion
import Foundation

/// A temporary folder for one test, removed when the value goes away.
final class TemporaryFolder {
    let url: URL

    init() throws {
        url = FileManager.default.temporaryDirectory.appendingPathComponent("chronik-notion-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    }

    deinit { try? FileManager.default.removeItem(at: url) }

    func path(_ name: String) -> URL { url.appendingPathComponent(name) }
}

extension NotionFixture {
    /// Page ids of the sample, named for reading.
    enum ID {
        static let actors = "1a2b3c4d5e6f40718293a4b5c6d7e8f0"
        static let senatskanzlei = "11111111111141118111111111111111"
        static let citylab = "22222222222242228222222222222222"
        static let stiftung = "33333333333343338333333333333333"
        static let results = "4b5c6d7e8f90412380a1b2c3d4e5f601"
        static let ambitionen = "44444444444444448444444444444444"
        static let entwurf = "55555555555545558555555555555555"
        static let dates = "6c7d8e9fa0b1423490c1d2e3f4a5b6c7"
        static let forum = "66666666666646668666666666666666"
        static let glossary = "7d8e9fa0b1c2434590d1e2f3a4b5c6d7"
        static let kiez1 = "77777777777747778777777777777777"
        static let kiez2 = "88888888888848888888888888888888"
        static let home = "9e8d7c6b5a4940398271605f4e3d2c1b"
        static let about = "99999999999949998999999999999999"
        static let faq = "aaaaaaaaaaaa4aaa8aaaaaaaaaaaaaaa"
        static let faqQuestion = "bbbbbbbbbbbb4bbb8bbbbbbbbbbbbbbb"
        static let subOfRow = "cccccccccccc4ccc8ccccccccccccccc"
    }

    /// Databases like Berlin's knowledge store, with every awkward name the issue lists: a title ending in a space,
    /// an `@`-date title, two rows titled alike, a title with parentheses and a comma, a title with a slash Notion
    /// replaces in the file name; a nested database in a free page, a subpage of a row, attachments.
    static var sample: NotionFixture {
        var fixture = NotionFixture()
        fixture.databases = [
            Database(id: ID.actors, name: "Prozessakteure",
                     properties: [("Typ", .select), ("Kontakt", .email), ("Ergebnisse", .relation), ("Aktiv", .checkbox)],
                     rows: [
                        Page(id: ID.senatskanzlei, title: "Senatskanzlei ",
                             values: ["Typ": .options(["Verwaltung"]), "Kontakt": .text("smart@example.org"),
                                      "Ergebnisse": .pages([ID.ambitionen, ID.entwurf]), "Aktiv": .checkbox(true)],
                             body: [.paragraph("Koordiniert den Prozess."), .bullets(["Strategieboard", "Strategiebeirat"])],
                             subpages: [Page(id: ID.subOfRow, title: "Protokolle", body: [.paragraph("Sitzungen des Boards.")])]),
                        Page(id: ID.citylab, title: "CityLAB Berlin",
                             values: ["Typ": .options(["Zivilgesellschaft"]), "Ergebnisse": .pages([ID.entwurf]), "Aktiv": .checkbox(false)],
                             body: [.paragraph("Labor für die Stadt."), .image("team.png"), .file("bericht.pdf")],
                             attachments: [("team.png", Data([0x89, 0x50, 0x4E, 0x47, 1, 2, 3])), ("bericht.pdf", Data("%PDF-1.4".utf8))]),
                        Page(id: ID.stiftung, title: "Technologiestiftung Berlin",
                             values: ["Typ": .options(["Stiftung"]), "Aktiv": .checkbox(true)]),
                     ]),
            Database(id: ID.results, name: "Prozessergebnisse",
                     properties: [("Zeitraum", .date), ("Schlagworte", .multiSelect), ("Akteure", .relation)],
                     rows: [
                        Page(id: ID.ambitionen, title: "Ambitionen",
                             values: ["Zeitraum": .date("March 1, 2022 → March 16, 2022"), "Schlagworte": .options(["Beteiligung", "Online"]),
                                      "Akteure": .pages([ID.senatskanzlei])],
                             body: [.heading(2, "Worum es ging"), .paragraph("Kommentare auf mein.berlin.de."),
                                    .todo([(true, "Auswerten"), (false, "Veröffentlichen")])]),
                        Page(id: ID.entwurf, title: "Strategie (Entwurf), Teil 1",
                             values: ["Zeitraum": .date("June 16, 2022 → July 6, 2022"), "Akteure": .pages([ID.senatskanzlei, ID.citylab])],
                             body: [.quote("Gemeinsam Digital: Berlin"), .callout(icon: "💡", text: "Klimakrise statt Klimawandel"),
                                    .toggle(summary: "Details", text: "Mehr dazu."), .code(language: "swift", text: "let x = 1 < 2"),
                                    .equation("E = mc^2"), .link(text: "Ambitionen", pageID: ID.ambitionen)]),
                     ]),
            Database(id: ID.dates, name: "Prozesstermine", properties: [("Status", .status)],
                     rows: [Page(id: ID.forum, title: "@April 28, 2022", values: ["Status": .options(["Abgeschlossen"])],
                                 body: [.paragraph("Smart City-Forum.")])]),
            Database(id: ID.glossary, name: "Glossar", properties: [("Definition", .text)],
                     rows: [
                        Page(id: ID.kiez1, title: "Kiez", values: ["Definition": .text("Ein Viertel, \"nah\".")]),
                        Page(id: ID.kiez2, title: "Kiez", values: ["Definition": .text("Zweite Bedeutung,\nmit Zeilenumbruch.")]),
                     ]),
        ]
        fixture.pages = [
            Page(id: ID.home, title: "Wissensspeicher", body: [.paragraph("Der Wissensspeicher der Strategie.")],
                 subpages: [Page(id: ID.about, title: "Über/Impressum", body: [.paragraph("Kontakt über das Formular.")])],
                 databases: [Database(id: ID.faq, name: "FAQ", properties: [("Antwort", .text)],
                                      rows: [Page(id: ID.faqQuestion, title: "Was ist das?", values: ["Antwort": .text("Ein Speicher.")])])]),
        ]
        return fixture
    }
}
