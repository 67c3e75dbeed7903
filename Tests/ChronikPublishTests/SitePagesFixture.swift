import ChronikStore
import Foundation
import GitKit
@testable import ChronikChangelog
@testable import ChronikDiff
@testable import ChronikPublish

/// Hand-built site models for the page, writer and link tests: fixed ids and dates, and the hostile titles and
/// bodies of the changelog tests (markup, `javascript:` links, quotes, right-to-left text, very long words,
/// control characters) in every place a page shows text.
enum SiteFixture {
    static let hostileTitle = "<script>alert(\"t\")</script> & 'Zitat' \u{202E}txet\u{202C} مرحبا \u{1}"
    static let longWord = String(repeating: "Donaudampfschifffahrtsgesellschaft", count: 8)
    static let hostileBody = """
        # Überschrift

        <script>alert("body")</script>

        [Klick](javascript:alert(1)) und <img src=x onerror=alert(2)> und <a href="javascript:alert(3)">a</a>

        **fett** \(longWord)

        ## Unterabschnitt "quoted" & <b>bold</b>
        """

    static func id(_ n: Int) -> ObjectID {
        ObjectID(hex: String(repeating: "0", count: 38) + String(format: "%02x", n))!
    }

    static func time(_ text: String) -> Timestamp { Timestamp(iso8601: text)! }

    static func version(_ n: Int, _ day: String, _ summary: String) -> SiteVersion {
        SiteVersion(id: id(n), date: time(day + "T10:00:00+01:00"), summary: summary)
    }

    static func number(_ literal: String) -> JSONValue { .number(JSONNumber(literal: literal)!) }

    /// A store of three collections (glossary, events, strategy), two releases, hostile text everywhere.
    static func model(language: String = "de", releaseCount: Int = 2) -> SiteModel {
        let v1 = version(1, "2026-11-02", "Erste Fassung <b>" + hostileTitle)
        let v2 = version(2, "2026-11-20", "Glossar ergänzt")
        let v3 = version(3, "2026-12-04", "Termine & Strategie")
        let ref = { (c: String, i: String) in EntryRef(collection: c, id: i, path: "\(c)/\(i).md") }

        let hostileChange = ChangelogEntry(
            kind: .modified, entry: ref("glossary", "hostile"), from: nil, title: hostileTitle,
            fields: [FieldChange(pointer: "/status", label: "Status <i>", kind: .changed, old: .string("geplant"), new: .string("laufend <script>"))],
            prose: { var p = ProseSummary(); p.wordsAdded = 3; p.wordsRemoved = 1; return p }(),
            blocks: [BlockChange(kind: .modified, old: nil, new: nil,
                                 words: [WordSegment(.equal, "Ein "), WordSegment(.delete, "<alter>"), WordSegment(.insert, "neuer \"Text\" & mehr")])])
        let added = ChangelogEntry(kind: .added, entry: ref("glossary", "open-data"), from: nil, title: "Open Data", fields: [],
                                   prose: ProseSummary(), blocks: [])
        let removed = ChangelogEntry(kind: .removed, entry: ref("glossary", "gone"), from: nil, title: "Weg <gone>", fields: [],
                                     prose: ProseSummary(), blocks: [])

        let hostile = SiteEntry(
            collection: "glossary", id: "hostile", path: "glossary/hostile.md", title: hostileTitle,
            fields: [
                SiteField(key: "title", label: "Titel", value: .string(hostileTitle)),
                SiteField(key: "status", label: "Status <i>", value: .string("laufend <script>")),
                SiteField(key: "see", label: "Siehe auch", value: .array([.string("open-data"), .string("missing")]),
                          links: [SiteLink(collection: "glossary", id: "open-data", title: "Open Data", resolves: true),
                                  SiteLink(collection: "glossary", id: "missing", title: "missing", resolves: false)]),
                SiteField(key: "tags", label: "Schlagwörter", value: .array([.string("b-tag"), .string("a-tag \(longWord)")])),
                SiteField(key: "link", label: "Link", value: .string("javascript:alert(1)")),
            ],
            body: hostileBody,
            backlinks: [SiteLink(collection: "events", id: "workshop", title: "Workshop \"Daten\"", resolves: true)],
            history: [
                SiteEntryChange(version: v2, release: releaseCount >= 2 ? "v2" : nil, change: hostileChange),
                SiteEntryChange(version: v1, release: "v1", change: ChangelogEntry(kind: .added, entry: ref("glossary", "hostile"), from: nil,
                                                                                  title: hostileTitle, fields: [], prose: ProseSummary(), blocks: [])),
            ])
        let openData = SiteEntry(
            collection: "glossary", id: "open-data", path: "glossary/open-data.md", title: "Open Data",
            fields: [SiteField(key: "title", label: "Titel", value: .string("Open Data")),
                     SiteField(key: "status", label: "Status <i>", value: .string("beendet")),
                     SiteField(key: "tags", label: "Schlagwörter", value: .array([.string("a-tag \(longWord)")]))],
            body: "Offene Daten.\n",
            backlinks: [SiteLink(collection: "glossary", id: "hostile", title: hostileTitle, resolves: true)],
            history: [SiteEntryChange(version: v2, release: releaseCount >= 2 ? "v2" : nil, change: added)])
        let workshop = SiteEntry(
            collection: "events", id: "workshop", path: "events/workshop.md", title: "Workshop \"Daten\"",
            fields: [SiteField(key: "title", label: "Titel", value: .string("Workshop \"Daten\"")),
                     SiteField(key: "start", label: "Beginn", value: .string("2026-12-10")),
                     SiteField(key: "attendees", label: "Plätze", value: number("40")),
                     SiteField(key: "topic", label: "Thema", value: .string("hostile"),
                               links: [SiteLink(collection: "glossary", id: "hostile", title: hostileTitle, resolves: true)])],
            body: "", backlinks: [], history: [])
        let past = SiteEntry(
            collection: "events", id: "kickoff", path: "events/kickoff.md", title: "Auftakt",
            fields: [SiteField(key: "title", label: "Titel", value: .string("Auftakt")),
                     SiteField(key: "start", label: "Beginn", value: .string("2026-10-01")),
                     SiteField(key: "attendees", label: "Plätze", value: number("120"))],
            body: "", backlinks: [], history: [])
        let sections = (1...2).map { k in
            SiteEntry(collection: "strategy", id: "s\(k)", path: "strategy/s\(k).md", title: k == 1 ? "Einleitung" : hostileTitle,
                      fields: [SiteField(key: "order", label: "Reihenfolge", value: number("\(k)"))],
                      body: k == 1 ? "# Ziel\n\nBerlin wird *smart*.\n" : hostileBody, backlinks: [], history: [])
        }
        let collections = [
            SiteCollection(name: "glossary", label: "Glossar <Begriffe>",
                           columns: [SiteColumn(key: "title", label: "Titel"), SiteColumn(key: "status", label: "Status <i>"),
                                     SiteColumn(key: "tags", label: "Schlagwörter")],
                           entries: [hostile, openData]),
            SiteCollection(name: "events", label: "Beteiligungstermine",
                           columns: [SiteColumn(key: "title", label: "Titel"), SiteColumn(key: "start", label: "Beginn"),
                                     SiteColumn(key: "attendees", label: "Plätze")],
                           entries: [past, workshop]),
            SiteCollection(name: "strategy", label: "Strategie", columns: [SiteColumn(key: "title", label: "Titel")], entries: sections),
        ]
        let person = Person(name: "Ada \"<Admin>\"")
        func release(_ name: String, _ v: SiteVersion, message: String) -> Release {
            Release(name: name, tag: v.id, version: v.id, date: v.date, tagger: person, message: message)
        }
        let r1 = release("v1", v1, message: "Erste Fassung\n\n" + hostileBody)
        let r2 = release("v2", v2, message: hostileTitle)
        func group(_ r: Release, _ v: SiteVersion, base: ObjectID?, _ entries: [ChangelogEntry]) -> ChangelogGroup {
            ChangelogGroup(kind: .release, release: r, version: v.id, base: base, date: r.date,
                           versions: [ChangelogVersion(id: v.id, author: person, date: v.date, message: v.summary)],
                           contributors: [person],
                           changes: ChangeRecord(entries: entries, files: [], documents: [], summary: SnapshotSummary()))
        }
        var releases = [SiteRelease(release: r1, group: group(r1, v1, base: nil, [removed]))]
        if releaseCount >= 2 { releases.insert(SiteRelease(release: r2, group: group(r2, v2, base: v1.id, [hostileChange, added])), at: 0) }
        return SiteModel(
            title: "Smart City Berlin \(hostileTitle)", language: language, version: v3, release: nil,
            introduction: "Willkommen. " + hostileBody,
            collections: collections, releases: releases,
            recent: [SiteVersionChange(version: v3, release: nil, changed: [ref("events", "workshop"), ref("events", "gone")]),
                     SiteVersionChange(version: v2, release: "v2", changed: [ref("glossary", "hostile")])],
            dates: [SiteDate(entry: SiteLink(collection: "events", id: "kickoff", title: "Auftakt", resolves: true),
                             start: "2026-10-01", end: nil, status: "beendet", statusLabel: "beendet"),
                    SiteDate(entry: SiteLink(collection: "events", id: "workshop", title: "Workshop \"Daten\"", resolves: true),
                             start: "2026-12-10", end: "2026-12-11", status: "geplant", statusLabel: "geplant <b>")])
    }
}
