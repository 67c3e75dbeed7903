import ChronikChangelog
import ChronikDiff
import ChronikStore
import Foundation

// The site's Atom feeds (RFC 4287). Ids are `tag:` URIs (RFC 4151) built like the changelog's feed
// (`AtomChangelog`): from the origin version's day and id, then `/release/<tag id>`, `/version/<commit id>`, or
// `/entry/<collection>/<id>/<commit id>` for one entry's change; so they stay the same on every run, in every clone
// and whatever the base URL. Everything is escaped (`HTMLText.escape`, which also replaces characters XML forbids).

enum SiteFeeds {
    /// `HTMLText.escape(s)`; a text whose UTF-8 has none of the bytes that escaping changes or that begin a
    /// character XML forbids (`&<>"'`, C0 controls but tab and line breaks, 0x7F, 0xC2, 0xEF) is that text already,
    /// so it is not rebuilt scalar by scalar (SiteDataTests hold the two to each other on seeded text).
    static func e(_ s: String) -> String {
        var s = s
        let clean = s.withUTF8 { bytes in
            !bytes.contains { byte in
                switch byte {
                case 0x09, 0x0A, 0x0D: return false
                case 0..<0x20, 0x7F, 0xC2, 0xEF, UInt8(ascii: "&"), UInt8(ascii: "<"), UInt8(ascii: ">"), UInt8(ascii: "\""), UInt8(ascii: "'"):
                    return true
                default: return false
                }
            }
        }
        return clean ? s : HTMLText.escape(s)
    }

    /// The `tag:` base of the site's ids.
    static func base(_ model: SiteModel) -> String {
        if let origin = model.origin { return "tag:chronik,\(origin.date.day):\(origin.id.hex)" }
        // Hand-built models without an origin: the title, made a valid tag-specific part.
        let name = model.title.unicodeScalars.map { $0.properties.isAlphabetic || ("0"..."9").contains($0) ? String($0) : "-" }.joined()
        return "tag:chronik,2000-01-01:site-" + SiteURLs.percentEncoded(name)
    }

    /// The feed's head: id, title, `updated` (the newest item's date, else the version's), author, self link and
    /// the link to the page it belongs to.
    private static func begin(_ model: SiteModel, id: String, title: String, updated: Timestamp, feedPath: String, page: String, urls: SiteURLs) -> String {
        """
        <?xml version="1.0" encoding="utf-8"?>
        <feed xmlns="http://www.w3.org/2005/Atom" xml:lang="\(e(model.language))">
        <id>\(e(id))</id>
        <title type="text">\(e(title))</title>
        <updated>\(updated.iso8601)</updated>
        <author><name>\(e(model.title))</name></author>
        <generator>chronik</generator>
        <link rel="self" type="application/atom+xml" href="\(e(urls.absolute(feedPath) ?? SitePaths.relative(from: feedPath, to: feedPath)))"/>
        <link rel="alternate" type="text/html" href="\(e(urls.link(from: feedPath, to: page)))"/>

        """
    }

    private static func item(id: String, title: String, updated: Timestamp, link: String, summary: String?) -> String {
        var out = ""
        item(id: id, title: title, updated: updated, escapedLink: e(link), summary: summary, into: &out)
        return out
    }

    /// An item appended to `out`, its link given escaped (an entry's feed links every item to the same page).
    private static func item(id: String, title: String, updated: Timestamp, escapedLink: String, summary: String?, into out: inout String) {
        out += "<entry>\n<id>"
        out += e(id)
        out += "</id>\n<title type=\"text\">"
        out += e(title)
        out += "</title>\n<updated>"
        out += updated.iso8601
        out += "</updated>\n<link rel=\"alternate\" type=\"text/html\" href=\""
        out += escapedLink
        out += "\"/>\n"
        if let summary, !summary.isEmpty {
            out += "<summary type=\"text\">"
            out += e(summary)
            out += "</summary>\n"
        }
        out += "</entry>\n"
    }

    private static func newest(_ dates: [Timestamp], or fallback: Timestamp) -> Timestamp {
        dates.max { $0.date < $1.date } ?? fallback
    }

    /// The site's feed: its releases, then its latest versions (those not already a release's), newest first.
    static func site(_ model: SiteModel, urls: SiteURLs) -> String {
        let labels = ChangelogLabels(language: model.language)
        let path = SitePaths.feed, base = base(model)
        var items: [(date: Timestamp, text: String)] = []
        let releaseVersions = Set(model.releases.map(\.release.version))
        for release in model.releases {
            let r = release.release
            let title = "\(labels.releases): \(r.name)" + (r.title.isEmpty ? "" : " – \(r.title)")
            items.append((r.date, item(id: "\(base)/release/\(r.tag.hex)", title: title, updated: r.date,
                                       link: urls.link(from: path, to: SitePaths.release(r.name)), summary: summary(release.summary, labels: labels))))
        }
        for change in model.recent where !releaseVersions.contains(change.version.id) {
            let page = change.release.map(SitePaths.release) ?? SitePaths.changelog
            let title = change.version.summary.isEmpty ? "\(labels.version) \(change.version.id.short())" : change.version.summary
            items.append((change.version.date, item(id: "\(base)/version/\(change.version.id.hex)", title: title, updated: change.version.date,
                                                    link: urls.link(from: path, to: page), summary: changedEntries(change.changed, model: model))))
        }
        items.sort { $0.date.date > $1.date.date }
        var out = begin(model, id: base, title: "\(model.title): \(labels.changelog)", updated: newest(items.map(\.date), or: model.version.date),
                        feedPath: path, page: SitePaths.home, urls: urls)
        for item in items { out += item.text }
        return out + "</feed>\n"
    }

    /// A collection's feed: the newest changes to its entries (at most `SiteData.collectionFeedLimit`).
    static func collection(_ collection: SiteCollection, model: SiteModel, urls: SiteURLs) -> String {
        let labels = ChangelogLabels(language: model.language)
        let path = SitePaths.collectionFeed(collection.name), base = base(model)
        let changes = collectionChanges(collection)
        var out = begin(model, id: "\(base)/collection/\(SiteURLs.percentEncoded(collection.name))", title: "\(model.title): \(collection.label)",
                        updated: newest(changes.map(\.change.version.date), or: model.version.date), feedPath: path,
                        page: SitePaths.collection(collection.name), urls: urls)
        for (entry, change) in changes { out += entryItem(entry, change, base: base, from: path, labels: labels, urls: urls) }
        return out + "</feed>\n"
    }

    /// The changes a collection's feed lists: the newest of its entries' (at most `SiteData.collectionFeedLimit`).
    /// Sorted as positions (date, entry, change) rather than as pairs of whole entries and changes: moving those
    /// (a dozen counted references each) through the sort of a collection's 5,000 changes, twice per publish (the
    /// feed and the reading of its changes before the site is written), was 1.2 % of an incremental publish of the
    /// medium site (inc15g). The same comparisons in the same order, so the same order as
    /// `referenceCollectionChanges` (`SiteFeedsChangesTests`).
    static func collectionChanges(_ collection: SiteCollection) -> [(entry: SiteEntry, change: SiteEntryChange)] {
        let entries = collection.entries
        var keys: [(date: Date, entry: Int, change: Int)] = []
        for (e, entry) in entries.enumerated() {
            for (c, change) in entry.history.enumerated() { keys.append((change.version.date.date, e, c)) }
        }
        keys.sort { a, b in
            if a.date != b.date { return a.date > b.date }
            return entries[a.entry].id > entries[b.entry].id
        }
        return keys.prefix(SiteData.collectionFeedLimit).map { (entries[$0.entry], entries[$0.entry].history[$0.change]) }
    }

    /// `collectionChanges` as pairs sorted whole: the definition it keeps to.
    static func referenceCollectionChanges(_ collection: SiteCollection) -> [(entry: SiteEntry, change: SiteEntryChange)] {
        var changes: [(entry: SiteEntry, change: SiteEntryChange)] = []
        for entry in collection.entries { for change in entry.history { changes.append((entry, change)) } }
        changes.sort { ($0.change.version.date.date, $0.entry.id) > ($1.change.version.date.date, $1.entry.id) }
        return Array(changes.prefix(SiteData.collectionFeedLimit))
    }

    /// An entry's feed: its history, newest first.
    static func entry(_ entry: SiteEntry, model: SiteModel, urls: SiteURLs) -> String {
        let labels = ChangelogLabels(language: model.language)
        let path = SitePaths.entryFeed(entry.collection, entry.id), base = base(model)
        var out = begin(model, id: "\(base)/entry/\(SiteURLs.percentEncoded(entry.collection))/\(SiteURLs.percentEncoded(entry.id))",
                        title: "\(model.title): \(entry.title)", updated: newest(entry.history.map(\.version.date), or: model.version.date),
                        feedPath: path, page: SitePaths.entry(entry.collection, entry.id), urls: urls)
        // What every item shares: the start of its id, its link (the entry's page).
        let idStart = "\(base)/entry/\(SiteURLs.percentEncoded(entry.collection))/\(SiteURLs.percentEncoded(entry.id))/"
        let link = e(urls.link(from: path, to: SitePaths.entry(entry.collection, entry.id)))
        out.reserveCapacity(out.utf8.count + 640 * entry.history.count + 16)
        for change in entry.history {
            let summaryLine = change.version.summary.isEmpty ? "" : ": " + change.version.summary
            item(id: idStart + change.version.id.hex, title: entry.title + summaryLine, updated: change.version.date, escapedLink: link,
                 summary: change.feedSummary(labels: labels), into: &out)
        }
        out += "</feed>\n"
        return out
    }

    /// `entry(_:model:urls:)` item by item through `entryItem` (each making its id and link): the definition the
    /// feed keeps to (`SiteJSONWriterTests`).
    static func referenceEntry(_ entry: SiteEntry, model: SiteModel, urls: SiteURLs) -> String {
        let labels = ChangelogLabels(language: model.language)
        let path = SitePaths.entryFeed(entry.collection, entry.id), base = base(model)
        var out = begin(model, id: "\(base)/entry/\(SiteURLs.percentEncoded(entry.collection))/\(SiteURLs.percentEncoded(entry.id))",
                        title: "\(model.title): \(entry.title)", updated: newest(entry.history.map(\.version.date), or: model.version.date),
                        feedPath: path, page: SitePaths.entry(entry.collection, entry.id), urls: urls)
        for change in entry.history { out += entryItem(entry, change, base: base, from: path, labels: labels, urls: urls) }
        return out + "</feed>\n"
    }

    /// One change of an entry: titled with the entry's title and the version's summary, linked to the entry's page.
    private static func entryItem(_ entry: SiteEntry, _ change: SiteEntryChange, base: String, from path: String, labels: ChangelogLabels,
                                  urls: SiteURLs) -> String {
        let summaryLine = change.version.summary.isEmpty ? "" : ": " + change.version.summary
        let id = "\(base)/entry/\(SiteURLs.percentEncoded(entry.collection))/\(SiteURLs.percentEncoded(entry.id))/\(change.version.id.hex)"
        return item(id: id, title: entry.title + summaryLine, updated: change.version.date,
                    link: urls.link(from: path, to: SitePaths.entry(entry.collection, entry.id)),
                    summary: change.feedSummary(labels: labels))
    }

    /// "Geändert: Status: laufend → beendet; 12 Wörter hinzugefügt".
    static func entryChangeSummary(_ change: ChangelogEntry, labels: ChangelogLabels) -> String {
        var parts: [String] = []
        switch change.kind {
        case .added: parts.append(labels.added)
        case .removed: parts.append(labels.removed)
        case .renamed, .moved: parts.append(labels.renamed + (change.from.map { " (\($0.collection)/\($0.id))" } ?? ""))
        case .modified: parts.append(labels.changed)
        }
        for field in change.fields { parts.append("\(field.label): \(labels.change(field))") }
        if let prose = labels.prose(change.prose) { parts.append(prose) }
        if let formatting = change.formatting { parts.append(labels.formatting(formatting)) }
        return parts.joined(separator: "; ")
    }

    /// "Neu: 3 · Geändert: 2" for a release.
    private static func summary(_ s: SnapshotSummary, labels: ChangelogLabels) -> String? {
        var parts: [String] = []
        if s.entriesAdded > 0 { parts.append("\(labels.added): \(s.entriesAdded)") }
        if s.entriesRemoved > 0 { parts.append("\(labels.removed): \(s.entriesRemoved)") }
        if s.entriesRenamed + s.entriesMoved > 0 { parts.append("\(labels.renamed): \(s.entriesRenamed + s.entriesMoved)") }
        if s.entriesModified > 0 { parts.append("\(labels.changed): \(s.entriesModified)") }
        return parts.isEmpty ? nil : parts.joined(separator: " · ")
    }

    /// The titles of the entries a version changed (their ids where they are gone), at most ten.
    private static func changedEntries(_ refs: [EntryRef], model: SiteModel) -> String {
        let names = refs.prefix(10).map { model.entry($0.collection, $0.id)?.title ?? "\($0.collection)/\($0.id)" }
        return names.joined(separator: ", ") + (refs.count > 10 ? ", …" : "")
    }
}
