import ChronikDiff
import ChronikStore
import Foundation
import GitKit
import Testing
@testable import ChronikChangelog

// Issue 20: what residents read. Release titles and anchors, references by title (as of each side's version), the
// text of added and removed entries, cut where it should be.

private let author = Signature(name: "Test Author", email: "test@example.org", date: Date(timeIntervalSince1970: 1_700_000_000), timeZoneOffsetMinutes: 60)
private let zero = ObjectID(hex: String(repeating: "0", count: 40))!
private let day = Timestamp(date: Date(timeIntervalSince1970: 1_700_000_000), offsetMinutes: 60)

private func release(_ name: String, message: String, tag: String = "ab") -> Release {
    Release(name: name, tag: ObjectID(hex: tag + String(repeating: "1", count: 38))!, version: zero, date: day, tagger: nil, message: message)
}

private func outline(_ kind: ChangelogGroup.Kind, _ release: Release?, version: String = "1234567890abcdef1234567890abcdef12345678") -> ChangelogGroupOutline {
    ChangelogGroupOutline(kind: kind, release: release, version: ObjectID(hex: version)!, date: day)
}

/// A group of one entry of `collection` added (or removed) with `paragraphs` as its text.
private func view(_ kind: EntryDiff.Kind, collection: String, paragraphs: [String], heading: String? = nil) -> GroupView {
    var blocks: [BlockChange] = []
    for (k, text) in ((heading.map { ["## " + $0] } ?? []) + paragraphs).enumerated() {
        let location = BlockLocation(kind: k == 0 && heading != nil ? .heading : .paragraph, index: k, firstLine: 1, lastLine: 1, offset: 0, length: text.utf8.count)
        blocks.append(BlockChange(kind: kind == .removed ? .deleted : .inserted, old: kind == .removed ? location : nil,
                                  new: kind == .removed ? nil : location, words: [WordSegment(kind == .removed ? .delete : .insert, text)]))
    }
    let entry = ChangelogEntry(kind: kind, entry: EntryRef(collection: collection, id: "x", path: "\(collection)/x.md"), from: nil, title: "X",
                               fields: [], prose: ProseSummary(), blocks: blocks)
    let group = ChangelogGroup(kind: .version, release: nil, version: zero, base: nil, date: day, versions: [], contributors: [],
                               changes: ChangeRecord(entries: [entry], files: [], documents: [], summary: SnapshotSummary()))
    let head = ChangelogHead(title: "T", language: "de", mode: .store, grouping: .commit, to: zero, from: nil, origin: zero, originDate: day,
                             collections: [ChangelogCollection(name: collection, label: "Label")], outline: [group.outline])
    return GroupView(group: group, head: head, labels: ChangelogLabels(language: "de"))
}

@Suite struct ResidentViewTests {
    @Test func releasesAreHeadedByTitleElseThePrettifiedName() {
        let labels = ChangelogLabels(language: "de")
        let titled = outline(.release, release("strategieentwurf", message: "Strategieentwurf zur Kommentierung\n\nMehr."))
        #expect(GroupView.heading(titled, labels: labels) == "Strategieentwurf zur Kommentierung (strategieentwurf)")
        let bare = outline(.release, release("gemeinsam-digital", message: ""))
        #expect(GroupView.title(bare, labels: labels) == "Gemeinsam Digital")
        #expect(GroupView.qualifier(bare, labels: labels) == "gemeinsam-digital")
        #expect(GroupView.prettified("v1.2") == "v1.2" && GroupView.prettified("v2.0-rc1") == "v2.0-rc1")
        #expect(GroupView.prettified("release_2022-final") == "Release 2022 Final")
        // A tag called as it reads is named once.
        #expect(GroupView.heading(outline(.release, release("Entwurf", message: "")), labels: labels) == "Entwurf")
        let version = outline(.version, release("strategieentwurf", message: "Strategieentwurf zur Kommentierung"))
        #expect(GroupView.heading(version, labels: labels) == "Version 1234567 — in: Strategieentwurf zur Kommentierung")
        #expect(GroupView.heading(outline(.version, nil), labels: labels) == "Version 1234567")
    }

    @Test func anchorsAreStableAndDistinct() {
        #expect(GroupView.anchor(outline(.release, release("v1.2", message: "Titel"))) == "release-v1.2")
        #expect(GroupView.anchor(outline(.unreleased, nil)) == "unreleased")
        #expect(GroupView.anchor(outline(.version, nil)) == "version-1234567890ab")
        // Names that need cleaning keep the tag's id, so that two never share an anchor.
        let a = GroupView.anchor(outline(.release, release("fassung/1", message: "", tag: "aa")))
        let b = GroupView.anchor(outline(.release, release("fassung-1", message: "", tag: "bb")))
        #expect(a == "release-fassung-1-aa11111" && b == "release-fassung-1" && a != b)
        #expect(GroupView.anchor(outline(.release, release("\"><x", message: "", tag: "cc"))) == "release----x-cc11111")
    }

    @Test func referencesShowTheTitleOfTheirSide() {
        let change = FieldChange(pointer: "/results", label: "Ergebnisse", kind: .list, old: .array([.string("a")]), new: .array([.string("a"), .string("b")]),
                                 itemsAdded: [.string("b")], itemsRemoved: [], reordered: false)
        let titles = [ReferenceTitle(field: "/results", collection: "results", id: "a", old: "Alt A", new: "Neu A"),
                      ReferenceTitle(field: "/results", collection: "results", id: "b", old: nil, new: "Neu B"),
                      ReferenceTitle(field: "/other", collection: "results", id: "b", old: nil, new: "Falsch")]
        let shown = GroupView.titled(change, titles)
        #expect(shown.old == .array([.string("Alt A")]))
        #expect(shown.new == .array([.string("Neu A"), .string("Neu B")]))
        #expect(shown.itemsAdded == [.string("Neu B")])
        // An id without a title stays an id.
        let single = FieldChange(pointer: "/actor", label: "Akteur", kind: .changed, old: .string("gone"), new: .string("a"))
        let mapped = GroupView.titled(single, [ReferenceTitle(field: "/actor", collection: "actors", id: "a", old: nil, new: "Akteur A")])
        #expect(mapped.old == .string("gone") && mapped.new == .string("Akteur A"))
    }

    @Test func addedTextIsCutOutsideDocumentsOnly() {
        let words = (1...10).map { "w\($0)" }
        let cut = view(.added, collection: "glossary", paragraphs: [words[0..<4].joined(separator: " "), words[4...].joined(separator: "\n")], heading: "Titel")
        let (blocks, wasCut) = cut.text(cut.group.changes.entries[0], limit: 6)
        #expect(blocks == [GroupView.TextBlock(heading: true, text: "Titel"), GroupView.TextBlock(heading: false, text: "w1 w2 w3 w4"),
                           GroupView.TextBlock(heading: false, text: "w5")] && wasCut)
        let exact = cut.text(cut.group.changes.entries[0], limit: 11)
        #expect(exact.cut == false && exact.blocks.count == 3)
        let section = view(.removed, collection: "strategy", paragraphs: [words.joined(separator: " ")])
        let whole = section.text(section.group.changes.entries[0], limit: 2)
        #expect(whole.blocks == [GroupView.TextBlock(heading: false, text: words.joined(separator: " "))] && !whole.cut)
    }

    /// A reference is shown by the title the entry had on each side: an entry renamed in the same version as the
    /// reference to it changed shows the old title for the old value and the new one for the new.
    @Test func referenceTitlesComeFromEachSidesVersion() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("chronik-refs-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: dir) }
        let report = try SnapshotImporter.run(SampleBerlin.snapshots, into: dir, root: SampleBerlin.displayName)
        let store = try Store(at: report.store)
        let event = try #require(String(data: try Data(contentsOf: report.store.appendingPathComponent("events/kommentierung-aktionen.md")), encoding: .utf8))
        let result = try #require(String(data: try Data(contentsOf: report.store.appendingPathComponent("results/aktionen.md")), encoding: .utf8))
        try store.writeFile("results/aktionen.md", Data(result.replacingOccurrences(of: "title: Aktionen der Smart City-Strategie", with: "title: Aktionen, neu benannt").utf8))
        try store.writeFile("events/kommentierung-aktionen.md", Data(event.replacingOccurrences(of: "  - auswertung-aktionen\n", with: "").utf8))
        _ = try store.commit(message: "Titel und Verweis", author: author, committer: author)
        var options = ChangelogOptions()
        options.grouping = .commit
        let changelog = try ChangelogBuilder(repository: store.repository).build(options)
        let entry = try #require(changelog.groups.first?.changes.entries.first { $0.entry.id == "kommentierung-aktionen" })
        let references = try #require(entry.references)
        #expect(references.contains(ReferenceTitle(field: "/results", collection: "results", id: "aktionen",
                                                   old: "Aktionen der Smart City-Strategie", new: "Aktionen, neu benannt")), "\(references)")
        #expect(references.contains { $0.id == "auswertung-aktionen" && $0.old == "Auswertung der Kommentare zu den Aktionen" && $0.new == nil })
        let md = MarkdownChangelog.render(changelog)
        #expect(md.contains("Aktionen der Smart City-Strategie, Auswertung der Kommentare zu den Aktionen → Aktionen, neu benannt")
                || md.contains("− Auswertung der Kommentare zu den Aktionen"), "\(md)")
        #expect(!md.contains("auswertung-aktionen"))
        let fsck = try Process.run(URL(fileURLWithPath: "/usr/bin/git"), arguments: ["-C", report.store.path, "fsck", "--full"])
        fsck.waitUntilExit()
        #expect(fsck.terminationStatus == 0)
    }
}
