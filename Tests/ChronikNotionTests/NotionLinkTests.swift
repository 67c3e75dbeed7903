@testable import ChronikNotion
import ChronikStore
import Testing

/// Link targets in page bodies: CommonMark's link destination (balanced or escaped parentheses, `<…>`, a title),
/// as Notion writes them (titles with parentheses go into file names unencoded but for spaces).
@Suite struct NotionLinkTests {
    private func scan(_ text: String) -> String? {
        let bytes = Array(text.utf8)
        guard let (range, end, closing) = LinkDestination.scan(bytes, from: 0) else { return nil }
        return String(decoding: bytes[range], as: UTF8.self) + "|" + String(decoding: bytes[end..<closing], as: UTF8.self)
    }

    @Test func destinations() {
        #expect(scan("a.md) rest") == "a.md|")
        #expect(scan("Strategie%20(Entwurf)%20abc.md) rest") == "Strategie%20(Entwurf)%20abc.md|")
        #expect(scan("a((b)).md)") == "a((b)).md|")
        #expect(scan("a\\)b.md)") == "a\\)b.md|")
        #expect(scan("<Seite mit Leerzeichen.md>)") == "Seite mit Leerzeichen.md|")
        #expect(scan("a.md \"Titel (mit Klammer)\")") == "a.md| \"Titel (mit Klammer)\"")
        #expect(scan("a.md 'Titel')") == "a.md| 'Titel'")
        #expect(scan("a.md (Titel))") == "a.md| (Titel)")
        #expect(scan(")") == "|")
        // Not a link destination closed by `)`.
        #expect(scan("a(b.md") == nil)
        #expect(scan("a(b.md) c") == nil)
        #expect(scan("a b)") == nil)
        #expect(scan("<a\nb>)") == nil)
        #expect(scan("<a>b)") == nil)
        #expect(scan("a.md \"offen)") == nil)
        #expect(scan(String(repeating: "(", count: 40) + String(repeating: ")", count: 41)) == nil)
    }

    @Test func pageLinksWithParenthesesInTheTitleAreRewritten() {
        let target = "e0000000000000000000000000000001"
        let page = NotionPage(id: "p0000000000000000000000000000001", title: "Seite", path: "Export/Seite p0000000000000000000000000000001.md",
                              body: "")
        let entries = [target: EntryID(collection: "strategie", id: "entwurf"),
                       page.id: EntryID(collection: "pages", id: "seite")]
        let body = "Siehe [Strategie (Entwurf)](Strategie%20(Entwurf)%20\(target).md), "
            + "[mit Titel](Strategie%20(Entwurf)%20\(target).md \"Der Entwurf\") und [Web](https://example.org/a_(b)).\n"
        #expect(NotionBody.rewriteLinks(body, from: page, entries: entries)
                == "Siehe [Strategie (Entwurf)](../strategie/entwurf.md), [mit Titel](../strategie/entwurf.md \"Der Entwurf\") "
                + "und [Web](https://example.org/a_(b)).\n")
    }

    @Test func attachmentTargetsKeepTheirParentheses() {
        #expect(Attachments.targets(in: "[Plan](Seite%20(alt)/plan.pdf) und ![Bild](bild%20(1).png \"Ein Bild\") und <img src=\"x (2).png\">")
                == ["Seite%20(alt)/plan.pdf", "bild%20(1).png", "x (2).png"])
    }
}
