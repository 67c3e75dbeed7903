import Foundation
import OrderedCollections
import Testing
import ChronikStore
@testable import ChronikDiff

/// `ReferenceTitle.titled` and the diff pages: ids replaced by titles only where the schema put references (at any
/// depth), old values by old titles, new ones by new titles.
@Suite struct ReferenceTitleTests {
    static func item(_ entry: String, _ note: String) -> JSONValue { .object(["entry": .string(entry), "note": .string(note)]) }

    @Test func aListOfObjectsGetsTitlesOnlyAtTheReferencingMember() {
        let change = FieldChange(pointer: "/items", label: "Items", kind: .list, old: .array([Self.item("a", "b")]),
                                 new: .array([Self.item("a", "b"), Self.item("b", "a")]), itemsAdded: [Self.item("b", "a")], itemsRemoved: [],
                                 reordered: false)
        let titles = [ReferenceTitle(field: "/items/*/entry", collection: "terms", id: "a", old: "Alt A", new: "Neu A"),
                      ReferenceTitle(field: "/items/*/entry", collection: "terms", id: "b", old: nil, new: "Neu B"),
                      ReferenceTitle(field: "/other/*/entry", collection: "terms", id: "b", old: nil, new: "Falsch")]
        let shown = ReferenceTitle.titled(change, titles)
        #expect(shown.old == .array([Self.item("Alt A", "b")]))
        #expect(shown.new == .array([Self.item("Neu A", "b"), Self.item("Neu B", "a")]))
        #expect(shown.itemsAdded == [Self.item("Neu B", "a")], "the sibling note `a` stays: it is no reference")
    }

    @Test func aChangeBelowTheListIsMatchedThroughItsIndex() {
        let change = FieldChange(pointer: "/items/3/entry", label: "Eintrag", kind: .changed, old: .string("a"), new: .string("b"),
                                 words: [WordSegment(.delete, "a"), WordSegment(.insert, "b")])
        let shown = ReferenceTitle.titled(change, [ReferenceTitle(field: "/items/*/entry", collection: "terms", id: "b", old: nil, new: "Neu B")])
        #expect(shown.old == .string("a") && shown.new == .string("Neu B"))
        #expect(shown.words == nil, "a word diff of ids is not shown once a title replaced one")
        // A top-level list of ids, as before: the list's own pointer.
        let list = FieldChange(pointer: "/results", label: "Ergebnisse", kind: .list, old: .array([.string("x")]), new: .array([.string("x"), .string("y")]),
                               itemsAdded: [.string("y")], itemsRemoved: [], reordered: false)
        let titled = ReferenceTitle.titled(list, [ReferenceTitle(field: "/results", collection: "results", id: "y", old: nil, new: "Y")])
        #expect(titled.new == .array([.string("x"), .string("Y")]) && titled.itemsAdded == [.string("Y")] && titled.old == list.old)
        // A pattern that does not fit the change is ignored.
        #expect(ReferenceTitle.titled(change, [ReferenceTitle(field: "/items/x/entry", collection: "t", id: "b", old: nil, new: "N")]) == change)
    }

    @Test func everyPageShowsTitlesAndHTMLKeepsTheIdInSmallPrint() {
        var entry = EntryDiff(kind: .modified, entry: EntryRef(collection: "topics", id: "t", path: "topics/t.md"), from: nil, similarity: nil,
                              title: "Thema", oldBlob: nil, newBlob: nil,
                              fields: [FieldChange(pointer: "/items", label: "Items", kind: .list, old: .array([]), new: .array([Self.item("b", "a")]),
                                                   itemsAdded: [Self.item("b", "a")], itemsRemoved: [], reordered: false)],
                              prose: ProseDiffer.diff("Text.", "Text."), problems: [])
        entry.references = [ReferenceTitle(field: "/items/*/entry", collection: "terms", id: "b", old: nil, new: "<B & Co>")]
        let diff = SnapshotDiff(mode: .store, entries: [entry], files: [], documents: [], summary: SnapshotSummary())
        let html = DiffHTMLRenderer.render(diff, options: RenderOptions(oldName: "x", newName: "y", language: "de"))
        #expect(html.contains("{entry: &lt;B &amp; Co&gt; <span class=\"place\">(<code>b</code>)</span>, note: a}"), "\(html)")
        let md = DiffMarkdownRenderer.render(diff, options: RenderOptions(oldName: "x", newName: "y", language: "de"))
        #expect(md.contains("**" + DiffMarkdownRenderer.esc("{entry: <B & Co>, note: a}") + "**"), "\(md)")
        #expect(!md.contains("entry: b,"), "\(md)")
        let text = DiffTextRenderer.render(diff, options: RenderOptions(oldName: "x", newName: "y"))
        #expect(text.contains("{+{entry: <B & Co>, note: a}+}"), "\(text)")
    }

    @Test func releaseSidesNameTheReleaseAndOtherSidesStayAsGiven() {
        var options = RenderOptions(oldName: "v1", newName: "abc1234", language: "de")
        options.oldRelease = ReleaseSide(title: "Erste <Fassung>", name: "v1", date: "01.03.2022", isoDate: "2022-03-01T10:00:00+01:00")
        let diff = SnapshotDiff(mode: .store, entries: [], files: [], documents: [], summary: SnapshotSummary())
        let html = DiffHTMLRenderer.render(diff, options: options)
        #expect(html.contains("<h1>Änderungen von „Erste &lt;Fassung&gt;“ <span class=\"place\">(<code>v1</code>, <time datetime=\"2022-03-01T10:00:00+01:00\">01.03.2022</time>)</span> zu abc1234</h1>"), "\(html)")
        #expect(html.contains("<title>Änderungen von „Erste &lt;Fassung&gt;“ (v1, 01.03.2022) zu abc1234</title>"), "\(html)")
        #expect(DiffTextRenderer.render(diff, options: options).hasPrefix("diff v1 (\"Erste <Fassung>\", 2022-03-01) -> abc1234\n"))
        options.language = "en"
        #expect(DiffMarkdownRenderer.render(diff, options: options)
            .hasPrefix("# " + DiffMarkdownRenderer.esc("Changes from “Erste <Fassung>” (v1, 01.03.2022) to abc1234") + "\n"))
    }
}
