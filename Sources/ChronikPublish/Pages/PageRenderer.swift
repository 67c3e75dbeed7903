import ChronikChangelog
import ChronikDiff
import ChronikStore
import Foundation
import Mustache

/// Builds the template context of each page from the model and renders it with the theme. Contexts are plain
/// dictionaries of strings, numbers, booleans and arrays. Every optional key is present (`false` when absent), so
/// that a section never finds a key of the same name further up mustache's context stack.
struct PageRenderer {
    let model: SiteModel
    let options: SiteRenderOptions
    let theme: SiteTheme
    let labels: SiteLabels
    let values: ChangelogLabels
    private let labelsContext: [String: Any]
    private let collectionLabels: [String: String]
    /// Of each collection (by name), the frame its entry pages share (`entryFrame`).
    private var entryFrames: [String: PageFrame] = [:]

    init(model: SiteModel, options: SiteRenderOptions, theme: SiteTheme) {
        self.model = model
        self.options = options
        self.theme = theme
        labels = SiteLabels(language: model.language)
        values = ChangelogLabels(language: model.language)
        let l = labels
        labelsContext = [
            "skipLink": l.skipLink, "navigation": l.navigation, "home": l.home, "collections": l.collections,
            "entries": l.entries, "dates": l.dates, "upcoming": l.upcoming, "noUpcoming": l.noUpcoming,
            "pastDates": l.pastDates, "date": l.date, "title": l.title, "status": l.status,
            "latestReleases": l.latestReleases, "latestChanges": l.latestChanges, "releases": l.releases,
            "release": l.release, "changelog": l.changelog, "search": l.search, "searchLabel": l.searchLabel,
            "searchButton": l.searchButton, "searchFallback": l.searchFallback, "fields": l.fields, "text": l.text,
            "referredBy": l.referredBy, "history": l.history, "noHistory": l.noHistory, "unresolved": l.unresolved,
            "sortBy": l.sortBy, "sortedBy": l.sortedBy, "groups": l.groups, "document": l.document,
            "contents": l.contents, "feed": l.feed, "versions": l.versions, "changes": l.changes,
            "noChanges": l.noChanges, "contributors": l.contributors, "version": l.version,
            "releaseSite": l.releaseSite, "otherVersions": l.otherVersions, "noEntries": l.noEntries,
            "generated": l.generated,
        ]
        collectionLabels = Dictionary(model.collections.map { ($0.name, $0.label) }, uniquingKeysWith: { a, _ in a })
        var frames: [String: PageFrame] = [:]
        for collection in model.collections where frames[collection.name] == nil {
            frames[collection.name] = framePage(SitePaths.entry(collection.name, "x"), title: nil, feed: ("", ""),
                                                current: SitePaths.collection(collection.name))
        }
        entryFrames = frames
    }

    // MARK: Pages

    /// The home page: written by the compiled default theme (`CompiledPages.home`) when the theme's `home`, `head` and
    /// `foot` are the default ones, else rendered by the theme's templates; the same bytes either way. Every publish
    /// with a new version renders it again (its latest changes), and through mustache it was about 2.3 % of an
    /// incremental publish of the medium store (600 dates and changes in dictionaries, a dynamic cast per name).
    func home() -> [UInt8] {
        let page = homePage()
        if theme.compilesHomePage { return CompiledPages.home(page, labels: labels) }
        return Array(theme.render("home", page.context).utf8)
    }

    /// The home page through the theme's templates (mustache) whatever the theme: the reference `home()` is held to.
    func homeWithTemplates() -> String {
        theme.render("home", homePage().context)
    }

    func homePage() -> HomePage {
        let path = SitePaths.home
        let today = model.version.date.day
        var upcoming: [HomePage.DateRow] = [], past: [HomePage.DateRow] = []
        for d in model.dates {
            let row = dateRow(d, from: path)
            if (d.end ?? d.start) >= today { upcoming.append(row) } else { past.append(row) }
        }
        let releases = model.releases.prefix(5).map { r in
            HomePage.Release(name: t(r.release.name), title: optText(r.release.title), iso: r.release.date.iso8601,
                             date: labels.date(r.release.date), href: link(path, SitePaths.release(r.release.name)))
        }
        let recent = model.recent.map { v in
            HomePage.Recent(iso: v.version.date.iso8601, date: labels.date(v.version.date), summary: t(v.version.summary),
                            entries: v.changed.map { ref in
                                let entry = model.entry(ref.collection, ref.id)
                                return HomePage.RecentEntry(title: t(entry?.title ?? ref.id),
                                                            href: entry.map { link(path, SitePaths.entry($0.collection, $0.id)) })
                            })
        }
        return HomePage(
            frame: framePage(path, title: nil, feed: (SitePaths.feed, model.title)),
            introduction: model.introduction.isEmpty ? nil : SitePages.markdown(model.introduction, top: 2),
            collections: model.collections.map { collection in
                HomePage.Collection(label: t(collection.label), count: collection.entries.count,
                                    countText: labels.count(collection.entries.count), href: link(path, SitePaths.collection(collection.name)))
            },
            hasDates: !model.dates.isEmpty, upcoming: upcoming, past: past, releases: Array(releases),
            changelogHref: link(path, SitePaths.changelog), recent: recent)
    }

    private func dateRow(_ d: SiteDate, from path: String) -> HomePage.DateRow {
        HomePage.DateRow(
            when: labels.span(d.start, d.end), title: t(d.entry.title),
            href: d.entry.resolves && model.entry(d.entry.collection, d.entry.id) != nil
                ? link(path, SitePaths.entry(d.entry.collection, d.entry.id)) : nil,
            status: t(d.status ?? ""), statusLabel: optText(d.statusLabel ?? d.status))
    }

    /// The view of one column key (`index.html` for the title, `by-<key>.html` for another column): written by the compiled default theme
    /// when the theme's `collection`, `head` and `foot` are the default ones, else by the theme's templates.
    func collectionView(_ collection: SiteCollection, key: String) -> [UInt8] {
        let page = collectionViewPage(collection, key: key)
        if theme.compilesCollectionPages { return CompiledPages.collection(page, labels: labels) }
        return Array(theme.render("collection", page.context).utf8)
    }

    func collectionViewPage(_ collection: SiteCollection, key: String) -> CollectionPage {
        let columns = collection.columns.isEmpty ? [SiteColumn(key: "title", label: labels.title)] : collection.columns
        return collectionPage(collection, columns: columns, key: key, path: SitePages.collectionView(collection.name, key: key))
    }

    func viewKeys(_ columns: [SiteColumn]) -> [String] {
        var keys = ["title"]
        for column in columns where column.key != "title" && !keys.contains(column.key) { keys.append(column.key) }
        return keys
    }

    private func collectionPage(_ collection: SiteCollection, columns: [SiteColumn], key: String, path: String) -> CollectionPage {
        let frame = framePage(path, title: collection.label, feed: (SitePaths.collectionFeed(collection.name), collection.label),
                              current: SitePaths.collection(collection.name))
        let columnLabel = key == "title" ? labels.title : (columns.first { $0.key == key }?.label ?? key)
        var viewKeys = ["title"]
        for column in columns where column.key != "title" && !viewKeys.contains(column.key) { viewKeys.append(column.key) }
        let views = viewKeys.map { k in
            PageNavLink(label: t(k == "title" ? labels.title : (columns.first { $0.key == k }?.label ?? k)),
                        href: link(path, SitePages.collectionView(collection.name, key: k)), current: k == key)
        }
        let tableLabel = t(collection.label)
        func rows(_ entries: [SiteEntry]) -> [[CollectionPage.Cell]] {
            entries.map { entry in
                columns.map { column in
                    if column.key == "title" {
                        return CollectionPage.Cell(label: t(column.label), text: t(entry.title), href: link(path, SitePaths.entry(collection.name, entry.id)))
                    }
                    return CollectionPage.Cell(label: t(column.label), text: cellText(entry, column.key), href: nil)
                }
            }
        }
        let groups: [CollectionPage.Group]
        let hasGroupIndex: Bool
        if key == "title" {
            groups = [CollectionPage.Group(anchor: nil, heading: nil, count: nil, tableLabel: tableLabel, rows: rows(collection.entries))]
            hasGroupIndex = false
        } else {
            // Group by the column's value (a list value puts the entry in the group of each item), groups sorted by
            // value, entries by title within each group.
            var byValue: [String: (sortKey: SortKey, entries: [SiteEntry])] = [:]
            for entry in collection.entries {
                for (text, sortKey) in groupValues(entry, key) {
                    byValue[text, default: (sortKey, [])].entries.append(entry)
                }
            }
            let ordered = byValue.sorted { a, b in a.value.sortKey == b.value.sortKey ? a.key < b.key : a.value.sortKey < b.value.sortKey }
            groups = ordered.enumerated().map { k, group in
                CollectionPage.Group(anchor: "g\(k + 1)", heading: t(group.key), count: group.value.entries.count,
                                     tableLabel: tableLabel + ": " + t(group.key), rows: rows(group.value.entries))
            }
            hasGroupIndex = ordered.count > 1
        }
        return CollectionPage(
            frame: frame, label: t(collection.label), countText: labels.count(collection.entries.count),
            sortLabel: key == "title" ? nil : t(columnLabel),
            documentHref: SitePages.documentCollections.contains(collection.name) && !collection.entries.isEmpty
                ? link(path, SitePaths.document(collection.name)) : nil,
            views: views, columns: columns.map { t($0.label) }, hasEntries: !collection.entries.isEmpty, groups: groups,
            hasGroupIndex: hasGroupIndex)
    }

    /// An entry's page: written by the compiled default theme (`CompiledPages`) when the theme's `entry`, `head` and
    /// `foot` are the default ones, else rendered by the theme's templates; the same bytes either way.
    func entry(_ entry: SiteEntry, in collection: SiteCollection) -> [UInt8] {
        let page = entryPage(entry, in: collection)
        if theme.compilesEntryPages { return CompiledPages.entry(page, labels: labels) }
        return Array(theme.render("entry", page.context).utf8)
    }

    /// An entry's page through the theme's templates (mustache) whatever the theme: the reference the compiled
    /// renderer is held to.
    func entryWithTemplates(_ entry: SiteEntry, in collection: SiteCollection) -> String {
        theme.render("entry", entryPage(entry, in: collection).context)
    }

    func entryPage(_ entry: SiteEntry, in collection: SiteCollection) -> EntryPage {
        let path = SitePaths.entry(collection.name, entry.id)
        let frame = entryFrame(entry, in: collection)
        let fields = entry.fields.map { field -> EntryPage.Field in
            let links = field.links.map { l -> EntryPage.FieldLink in
                EntryPage.FieldLink(title: t(l.title),
                                    href: l.resolves && model.entry(l.collection, l.id) != nil ? link(path, SitePaths.entry(l.collection, l.id)) : nil)
            }
            return EntryPage.Field(label: t(field.label), text: t(values.value(field.value)), links: links)
        }
        let text = entry.body  // read once: it may come from the model's spill file (`SiteText`)
        let body = SitePages.isBlank(text) ? nil : SitePages.markdown(text, top: 3)
        let backlinks = entry.backlinks.map { l in
            EntryPage.Backlink(title: t(l.title), place: t(collectionLabels[l.collection] ?? l.collection),
                               href: link(path, SitePaths.entry(l.collection, l.id)))
        }
        let history = entry.history.map { h -> EntryPage.HistoryItem in
            // Read once: its blocks are unpacked on every read (`SiteEntryChange.change`).
            let change = h.change
            var release: EntryPage.Release?
            if let name = h.release {
                if options.releaseSites.contains(name), change.kind != .removed {
                    release = EntryPage.Release(name: t(name), href: rootLink(path, SitePaths.releaseSite(name)
                        + SitePaths.entry(change.entry.collection, change.entry.id)), linkTitle: labels.asInRelease)
                } else if model.releases.contains(where: { $0.release.name == name }) {
                    release = EntryPage.Release(name: t(name), href: link(path, SitePaths.release(name)), linkTitle: labels.releasePage)
                } else {
                    release = EntryPage.Release(name: t(name), href: nil, linkTitle: "")
                }
            }
            let blocks = change.blocks.filter { !$0.words.isEmpty }.map { block in
                block.words.map { w -> EntryPage.Word in
                    EntryPage.Word(text: t(w.text), operation: w.operation == .equal ? .equal : w.operation == .insert ? .insert : .delete)
                }
            }
            return EntryPage.HistoryItem(detail: changeDetail(change), iso: h.version.date.iso8601, date: labels.date(h.version.date),
                                         short: h.version.id.short(), summary: t(h.version.summary), kindLabel: kindLabel(change.kind),
                                         release: release, blocks: blocks)
        }
        return EntryPage(frame: frame, title: t(entry.title), collectionLabel: t(collection.label),
                         collectionHref: link(path, SitePaths.collection(collection.name)), fields: fields, body: body,
                         backlinks: backlinks, history: history)
    }

    /// A release's page: written by the compiled default theme when `release`, `changes`, `head` and `foot` are
    /// the default ones, else by the theme's templates.
    func release(_ release: SiteRelease) -> [UInt8] {
        let page = releasePage(release)
        if theme.compilesChangePages { return CompiledPages.release(page, labels: labels) }
        return Array(theme.render("release", page.context).utf8)
    }

    func releasePage(_ release: SiteRelease) -> ReleasePage {
        let path = SitePaths.release(release.release.name)
        let r = release.release
        return ReleasePage(
            frame: framePage(path, title: labels.release + " " + r.name, feed: (SitePaths.feed, model.title), current: SitePaths.changelog),
            name: t(r.name), title: r.title.isEmpty ? nil : t(r.title), iso: r.date.iso8601, date: labels.date(r.date),
            siteHref: options.releaseSites.contains(r.name) ? rootLink(path, SitePaths.releaseSite(r.name) + SitePaths.home) : nil,
            changelogHref: link(path, SitePaths.changelog), group: group(release.group, path: path))
    }

    /// The changelog page: compiled like `release(_:)` (`changelog`, `changes`, `head`, `foot`).
    func changelog() -> [UInt8] {
        let page = changelogPage()
        if theme.compilesChangePages { return CompiledPages.changelog(page, labels: labels) }
        return Array(theme.render("changelog", page.context).utf8)
    }

    func changelogPage() -> ChangelogPage {
        let path = SitePaths.changelog
        let groups = model.releases.enumerated().map { k, release -> ChangelogPage.Group in
            let r = release.release
            return ChangelogPage.Group(
                changes: group(release.group, path: path), anchor: "r\(k + 1)",
                heading: t(labels.release + " " + r.name + (r.title.isEmpty ? "" : ": " + r.title)), iso: r.date.iso8601,
                date: labels.date(r.date), href: link(path, SitePaths.release(r.name)))
        }
        return ChangelogPage(frame: framePage(path, title: labels.changelog, feed: (SitePaths.feed, model.title)), groups: groups)
    }

    func document(_ collection: SiteCollection) -> String {
        let path = SitePaths.document(collection.name)
        var c = frame(path, title: collection.label, feed: (SitePaths.collectionFeed(collection.name), collection.label),
                      current: SitePaths.collection(collection.name))
        c["label"] = t(collection.label)
        c["sections"] = collection.entries.enumerated().map { k, entry in
            DocumentSection(anchor: "s\(k + 1)", title: t(entry.title), href: link(path, SitePaths.entry(collection.name, entry.id)), entry: entry)
        }
        return theme.render("document", c)
    }

    func search() -> String {
        let path = SitePaths.searchPage
        var c = frame(path, title: labels.search, feed: (SitePaths.feed, model.title))
        c["collections"] = collectionList(from: path)
        c["scripts"] = [link(path, SitePaths.searchScript)]
        return theme.render("search", c)
    }

    // MARK: Parts

    /// An entry page's frame: its collection's shared frame (`entryFrames`) with the entry's title and feed. Every
    /// link of the frame but the feed's goes from `<collection>/<id>/index.html` to a file in the root or in a
    /// folder of it (home, collections, changelog, search, stylesheet; with `--releases`, `v/<name>/index.html` from
    /// below the prefix), so it is the same for every ASCII id without a `/` (the folders `relative` compares are
    /// the collection's and the id's, and the id's is never one of the targets'; a non-ASCII id could begin with a
    /// mark that joins the `/` before it, so its frame is made whole); the navigation, version and labels do not
    /// depend on the entry. Made for every entry page (5,443 on the medium store) it was 0.9 % of a warm
    /// publish (page15). `referenceEntryFrame` makes it whole; `CompiledPagesTests` hold the two to each other.
    func entryFrame(_ entry: SiteEntry, in collection: SiteCollection) -> PageFrame {
        guard entry.id.utf8.allSatisfy({ $0 < 0x80 && $0 != UInt8(ascii: "/") }), var frame = entryFrames[collection.name] else {
            return referenceEntryFrame(entry, in: collection)
        }
        let path = SitePaths.entry(collection.name, entry.id)
        frame.pageTitle = t("\(entry.title) – \(model.title)")
        frame.feedHref = link(path, SitePaths.entryFeed(collection.name, entry.id))
        frame.feedTitle = t(labels.feed + ": " + entry.title)
        return frame
    }

    /// An entry page's frame made whole (the definition of `entryFrame`).
    func referenceEntryFrame(_ entry: SiteEntry, in collection: SiteCollection) -> PageFrame {
        framePage(SitePaths.entry(collection.name, entry.id), title: entry.title,
                  feed: (SitePaths.entryFeed(collection.name, entry.id), entry.title), current: SitePaths.collection(collection.name))
    }

    /// What every page has: language, titles, stylesheet, navigation, feed, footer.
    private func frame(_ path: String, title: String?, feed: (String, String), current: String? = nil) -> [String: Any] {
        framePage(path, title: title, feed: feed, current: current).context
    }

    private func framePage(_ path: String, title: String?, feed: (String, String), current: String? = nil) -> PageFrame {
        let currentPath = current ?? path
        var nav = [PageNavLink(label: labels.home, href: link(path, SitePaths.home), current: currentPath == SitePaths.home)]
        for collection in model.collections {
            let target = SitePaths.collection(collection.name)
            nav.append(PageNavLink(label: t(collection.label), href: link(path, target), current: currentPath == target))
        }
        nav.append(PageNavLink(label: labels.changelog, href: link(path, SitePaths.changelog), current: currentPath == SitePaths.changelog))
        nav.append(PageNavLink(label: labels.search, href: link(path, SitePaths.searchPage), current: currentPath == SitePaths.searchPage))
        let releaseName = model.release?.name
        return PageFrame(
            lang: t(model.language), labels: labelsContext, siteTitle: t(model.title),
            pageTitle: t(title.map { "\($0) – \(model.title)" } ?? model.title), css: link(path, SitePaths.stylesheet),
            home: link(path, SitePaths.home), nav: nav, feedHref: link(path, feed.0), feedTitle: t(labels.feed + ": " + feed.1),
            versionShort: model.version.id.short(), versionISO: model.version.date.iso8601, versionDate: labels.date(model.version.date),
            releaseName: releaseName.flatMap { $0.isEmpty ? nil : t($0) }, otherSites: otherSites(path), scripts: [])
    }

    /// With `--releases`: links to the main site and every release's site, the one this page belongs to marked.
    private func otherSites(_ path: String) -> [PageNavLink]? {
        guard !options.releaseSites.isEmpty else { return nil }
        var items = [PageNavLink(label: labels.currentSite, href: rootLink(path, SitePaths.home), current: options.prefix.isEmpty)]
        let names = options.releaseOrder.isEmpty ? model.releases.map(\.release.name) : options.releaseOrder
        for name in names where options.releaseSites.contains(name) {
            items.append(PageNavLink(label: t(labels.release + " " + name),
                                     href: rootLink(path, SitePaths.releaseSite(name) + SitePaths.home),
                                     current: options.prefix == SitePaths.releaseSite(name)))
        }
        return items
    }

    private func collectionList(from path: String) -> [[String: Any]] {
        model.collections.map { collection in
            [
                "label": t(collection.label), "count": collection.entries.count, "countText": labels.count(collection.entries.count),
                "href": link(path, SitePaths.collection(collection.name)),
            ]
        }
    }

    /// A changelog group as the `changes` partial shows it.
    private func group(_ group: ChangelogGroup, path: String) -> ChangesGroup {
        let message = group.release?.message ?? ""
        let versions = group.versions.map { v in
            ChangesGroup.Version(iso: v.date.iso8601, date: labels.date(v.date), short: v.id.short(), summary: t(v.summary))
        }
        let entries = group.changes.entries
        var lists: [ChangesGroup.List] = []
        for (kind, heading, matching) in [
            ("added", labels.added, entries.filter { $0.kind == .added }),
            ("removed", labels.removed, entries.filter { $0.kind == .removed }),
            ("renamed", labels.renamed, entries.filter { $0.kind == .renamed || $0.kind == .moved }),
            ("changed", labels.changed, entries.filter { $0.kind == .modified }),
        ] where !matching.isEmpty {
            lists.append(ChangesGroup.List(kind: kind, heading: heading, items: matching.map { x in
                let detail = changeDetail(x)
                let entry = model.entry(x.entry.collection, x.entry.id)
                return ChangesGroup.Item(
                    detail: detail, title: t(entry?.title ?? x.title ?? x.entry.id),
                    href: x.kind != .removed && entry != nil ? link(path, SitePaths.entry(x.entry.collection, x.entry.id)) : nil,
                    place: t((collectionLabels[x.entry.collection] ?? x.entry.collection) + " · " + x.entry.description),
                    showsDetail: x.kind == .modified && detail.hasDetail)
            }))
        }
        let documents = group.changes.documents.filter { !$0.sections.isEmpty }.map { d in
            ChangesGroup.Document(heading: t(values.order(collectionLabels[d.collection] ?? d.collection)),
                                  sections: d.sections.map { s in (title: t(s.title ?? s.id), text: values.section(s)) })
        }
        return ChangesGroup(
            message: message.isEmpty ? nil : SitePages.markdown(message, top: 3),
            contributors: group.contributors.isEmpty ? nil : t(group.contributors.map(\.name).joined(separator: ", ")),
            versions: versions, hasChanges: !group.changes.isEmpty, lists: lists, documents: documents)
    }

    /// What changed in an entry: field changes, prose summary, formatting, attachments (issue 17).
    private func changeDetail(_ x: ChangelogEntry) -> PageChangeDetail {
        let fields = x.fields.map { f in (label: t(f.label), text: t(values.change(f))) }
        let prose = values.prose(x.prose)
        let formatting = x.formatting.map { values.formattingLabel + ": " + values.formatting($0) }
        let attachments = (x.attachments ?? []).map { t(values.attachment($0)) }
        return PageChangeDetail(fields: fields, prose: prose.flatMap { $0.isEmpty ? nil : t($0) },
                                formatting: formatting.flatMap { $0.isEmpty ? nil : t($0) }, attachments: attachments,
                                hasDetail: !fields.isEmpty || prose != nil || formatting != nil || !attachments.isEmpty)
    }

    private func kindLabel(_ kind: EntryDiff.Kind) -> String {
        switch kind {
        case .added: return labels.added
        case .removed: return labels.removed
        case .renamed, .moved: return labels.renamed
        default: return labels.changed
        }
    }

    private func cellText(_ entry: SiteEntry, _ key: String) -> String {
        guard let field = entry.fields.first(where: { $0.key == key }) else { return labels.emptyValue }
        if !field.links.isEmpty { return t(field.links.map(\.title).joined(separator: ", ")) }
        return t(values.value(field.value))
    }

    /// The groups an entry falls into by the column `key`: display text and sort key.
    private func groupValues(_ entry: SiteEntry, _ key: String) -> [(String, SortKey)] {
        guard let field = entry.fields.first(where: { $0.key == key }) else { return [(labels.emptyValue, SortKey.empty)] }
        if !field.links.isEmpty { return field.links.map { ($0.title, SortKey($0.title)) } }
        if case .array(let items) = field.value, !items.isEmpty {
            return items.map { let text = values.value($0); return (text, SortKey(value: $0, text: text)) }
        }
        let text = values.value(field.value)
        return [(text, SortKey(value: field.value, text: text))]
    }

    // MARK: Text and links

    private func link(_ from: String, _ to: String) -> String { SitePaths.relative(from: from, to: to) }

    /// A link to a path below the root of the published folder (the main site or a release's site under `v/`).
    private func rootLink(_ from: String, _ to: String) -> String { SitePaths.relative(from: options.prefix + from, to: to) }

    /// A text that may be missing, for a typed page: nil (false in a template's context) when it is missing or empty.
    private func optText(_ text: String?) -> String? {
        guard let text, !text.isEmpty else { return nil }
        return t(text)
    }

    /// Text for a template: characters HTML forbids (C0/C1 controls but tab and line breaks) become U+FFFD; the
    /// template escapes the rest.
    private func t(_ text: String) -> String { Self.templateText(text) }

    /// `t`: a text whose UTF-8 has none of the bytes a forbidden character begins with (C0 controls, 0x7F, 0xC2 for
    /// U+0080–U+009F, 0xEF for U+FFFE/U+FFFF) is returned as it is without decoding its scalars (most texts);
    /// the others go through `referenceTemplateText`.
    static func templateText(_ text: String) -> String {
        var text = text
        let clean = text.withUTF8 { bytes in
            !bytes.contains { $0 < 0x20 ? $0 != 0x09 && $0 != 0x0A && $0 != 0x0D : $0 == 0x7F || $0 == 0xC2 || $0 == 0xEF }
        }
        return clean ? text : referenceTemplateText(text)
    }

    static func referenceTemplateText(_ text: String) -> String {
        guard text.unicodeScalars.contains(where: Self.isForbidden) else { return text }
        var out = String.UnicodeScalarView()
        for s in text.unicodeScalars { out.append(Self.isForbidden(s) ? "\u{FFFD}" : s) }
        return String(out)
    }

    private static func isForbidden(_ s: Unicode.Scalar) -> Bool {
        (s.value < 0x20 && s != "\t" && s != "\n" && s != "\r") || (0x7F...0x9F).contains(s.value) || s.value == 0xFFFE || s.value == 0xFFFF
    }
}

/// Orders column values: empty last, numbers by value, everything else by text without case and accents.
struct SortKey: Comparable {
    let rank: Int
    let number: Double
    let text: String

    static let empty = SortKey(rank: 2, number: 0, text: "")

    init(rank: Int, number: Double, text: String) {
        self.rank = rank
        self.number = number
        self.text = text
    }

    init(_ text: String) {
        self.init(rank: 1, number: 0, text: text.folding(options: [.caseInsensitive, .diacriticInsensitive], locale: nil))
    }

    init(value: JSONValue, text: String) {
        switch value {
        case .null: self = .empty
        case .number(let n): self.init(rank: 0, number: Double(n.literal) ?? 0, text: n.literal)
        case .string(let s) where s.isEmpty: self = .empty
        default: self.init(text)
        }
    }

    static func < (a: SortKey, b: SortKey) -> Bool {
        (a.rank, a.number, a.text) < (b.rank, b.number, b.text)
    }
}

/// A section of a collection's document page (`PageRenderer.document`), as the template sees it: `anchor`, `title`,
/// `href` and `body`, the body's HTML made when the template asks for it. Made beforehand for every section, the
/// bodies of the large store's strategy document (46 MB of HTML) were all held at once beside the page being
/// rendered, at the large publish's peak (peak15d); now one body at a time is. A theme that shows a body twice makes
/// it twice (the same bytes).
private final class DocumentSection: MustacheParent {
    let anchor: String
    let title: String
    let href: String
    let entry: SiteEntry

    init(anchor: String, title: String, href: String, entry: SiteEntry) {
        self.anchor = anchor
        self.title = title
        self.href = href
        self.entry = entry
    }

    func child(named name: String) -> Any? {
        switch name {
        case "anchor": return anchor
        case "title": return title
        case "href": return href
        case "body": return SitePages.markdown(entry.body, top: 3)
        default: return nil
        }
    }
}
