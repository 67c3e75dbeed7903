// Typed contents of the pages that the default theme's compiled renderer writes (`CompiledPages`): `PageRenderer`
// builds each page once as one of these values, then either turns it into the mustache context a theme's template
// reads (`context`, the dictionaries the templates were written against) or hands it to the compiled renderer. So
// what a page shows is decided in one place, and the two ways of writing it can be held to each other byte for byte
// (`CompiledPagesTests`). Every text is already what the template gets (`PageRenderer.t`); escaping is the writer's.

/// A link in a list of links with one marked as the current one (the navigation, the sites of `--releases`).
struct PageNavLink {
    var label: String
    var href: String
    var current: Bool

    var context: [String: Any] { ["label": label, "href": href, "current": current] }
}

/// What every page has (the `head` and `foot` partials).
struct PageFrame {
    var lang: String
    var labels: [String: Any]
    var siteTitle: String
    var pageTitle: String
    var css: String
    var home: String
    var nav: [PageNavLink]
    var feedHref: String
    var feedTitle: String
    var versionShort: String
    var versionISO: String
    var versionDate: String
    /// The release the site's version is (false in the context when nil or empty).
    var releaseName: String?
    /// With `--releases`: the main site and every release's site.
    var otherSites: [PageNavLink]?
    var scripts: [String]

    var context: [String: Any] {
        var c: [String: Any] = [
            "lang": lang, "labels": labels, "siteTitle": siteTitle, "pageTitle": pageTitle, "css": css, "home": home,
            "nav": nav.map(\.context), "feed": ["href": feedHref, "title": feedTitle] as [String: Any],
            "versionShort": versionShort, "versionISO": versionISO, "versionDate": versionDate,
            "releaseName": releaseName.map { $0 as Any } ?? false, "scripts": scripts,
        ]
        c["otherSites"] = otherSites.map { ["items": $0.map(\.context)] as [String: Any] } ?? false
        return c
    }
}

/// What changed in an entry (`PageRenderer.change`): field changes, prose summary, formatting, attachments.
struct PageChangeDetail {
    var fields: [(label: String, text: String)]
    var prose: String?
    var formatting: String?
    var attachments: [String]
    /// Whether there is anything to list (a prose summary that is empty counts, as it did in the context).
    var hasDetail: Bool

    var context: [String: Any] {
        [
            "fields": fields.map { ["label": $0.label, "text": $0.text] as [String: Any] },
            "prose": prose.map { $0 as Any } ?? false, "formatting": formatting.map { $0 as Any } ?? false,
            "attachments": attachments.map { ["text": $0] as [String: Any] }, "hasDetail": hasDetail,
        ]
    }
}

/// An entry's page (`entry.mustache`).
struct EntryPage {
    struct FieldLink {
        var title: String
        /// nil: the reference does not resolve.
        var href: String?
    }

    struct Field {
        var label: String
        var text: String
        var links: [FieldLink]
    }

    struct Backlink {
        var title: String
        var place: String
        var href: String
    }

    struct Release {
        var name: String
        /// nil: no page to link to (`linkTitle` is then empty).
        var href: String?
        var linkTitle: String
    }

    struct Word {
        var text: String
        var operation: WordOperation
    }

    enum WordOperation { case equal, insert, delete }

    struct HistoryItem {
        var detail: PageChangeDetail
        var iso: String
        var date: String
        var short: String
        var summary: String
        var kindLabel: String
        var release: Release?
        /// The word blocks that have words.
        var blocks: [[Word]]
    }

    var frame: PageFrame
    var title: String
    var collectionLabel: String
    var collectionHref: String
    var fields: [Field]
    /// The body's HTML (nil: the body is blank).
    var body: String?
    var backlinks: [Backlink]
    var history: [HistoryItem]

    var context: [String: Any] {
        var c = frame.context
        c["title"] = title
        c["collectionLabel"] = collectionLabel
        c["collectionHref"] = collectionHref
        c["fields"] = fields.map { field -> [String: Any] in
            let links = field.links.enumerated().map { k, l -> [String: Any] in
                ["first": k == 0, "title": l.title, "href": l.href.map { $0 as Any } ?? false]
            }
            return ["label": field.label, "text": field.text, "links": links, "hasLinks": !links.isEmpty]
        }
        c["hasFields"] = !fields.isEmpty
        c["body"] = body.map { $0 as Any } ?? false
        c["backlinks"] = backlinks.map { ["title": $0.title, "place": $0.place, "href": $0.href] as [String: Any] }
        c["hasBacklinks"] = !backlinks.isEmpty
        c["history"] = history.map { h -> [String: Any] in
            var item = h.detail.context
            item["iso"] = h.iso
            item["date"] = h.date
            item["short"] = h.short
            item["summary"] = h.summary
            item["kindLabel"] = h.kindLabel
            item["release"] = h.release.map { r -> Any in
                ["name": r.name, "href": r.href.map { $0 as Any } ?? false, "linkTitle": r.linkTitle] as [String: Any]
            } ?? false
            item["blocks"] = h.blocks.map { words -> [String: Any] in
                ["words": words.map { w -> [String: Any] in
                    ["text": w.text, "equal": w.operation == .equal, "insert": w.operation == .insert, "delete": w.operation == .delete]
                }]
            }
            item["hasWords"] = !h.blocks.isEmpty
            return item
        }
        return c
    }
}

/// A view of a collection's table (`collection.mustache`): all entries by title, or grouped by one column's value.
struct CollectionPage {
    struct Cell {
        var label: String
        var text: String
        /// The entry's page (the title column only).
        var href: String?
    }

    struct Group {
        /// nil for the single group of the title view (no anchor, heading or count then).
        var anchor: String?
        var heading: String?
        var count: Int?
        var tableLabel: String
        var rows: [[Cell]]
    }

    var frame: PageFrame
    var label: String
    var countText: String
    var sortLabel: String?
    var documentHref: String?
    var views: [PageNavLink]
    var columns: [String]
    var hasEntries: Bool
    var groups: [Group]
    var hasGroupIndex: Bool

    var context: [String: Any] {
        var c = frame.context
        c["label"] = label
        c["countText"] = countText
        c["sortLabel"] = sortLabel.map { $0 as Any } ?? false
        c["documentHref"] = documentHref.map { $0 as Any } ?? false
        c["views"] = views.map(\.context)
        c["columns"] = columns.map { ["label": $0] }
        c["hasEntries"] = hasEntries
        c["groups"] = groups.map { group -> [String: Any] in
            var g: [String: Any] = [
                "anchor": group.anchor.map { $0 as Any } ?? false, "heading": group.heading.map { $0 as Any } ?? false,
                "tableLabel": group.tableLabel,
                "rows": group.rows.map { cells -> [String: Any] in
                    ["cells": cells.map { ["label": $0.label, "text": $0.text, "href": $0.href.map { $0 as Any } ?? false] as [String: Any] }]
                },
            ]
            if let count = group.count { g["count"] = count }
            return g
        }
        c["hasGroupIndex"] = hasGroupIndex
        return c
    }
}

/// A changelog group as the `changes` partial shows it (a release's page, each release on the changelog page).
struct ChangesGroup {
    struct Version {
        var iso: String
        var date: String
        var short: String
        var summary: String
    }

    struct Item {
        var detail: PageChangeDetail
        var title: String
        /// nil: the entry is gone (removed, or not at the site's version).
        var href: String?
        var place: String
        /// Whether the detail list is shown (a modified entry with something to list).
        var showsDetail: Bool
    }

    struct List {
        var kind: String
        var heading: String
        var items: [Item]
    }

    struct Document {
        var heading: String
        var sections: [(title: String, text: String)]
    }

    /// The release message's HTML (nil: none).
    var message: String?
    var contributors: String?
    var versions: [Version]
    var hasChanges: Bool
    var lists: [List]
    var documents: [Document]

    var context: [String: Any] {
        var g: [String: Any] = [:]
        g["message"] = message.map { $0 as Any } ?? false
        g["contributors"] = contributors.map { $0 as Any } ?? false
        g["hasVersions"] = !versions.isEmpty
        g["versionCount"] = versions.count
        g["versions"] = versions.map { ["iso": $0.iso, "date": $0.date, "short": $0.short, "summary": $0.summary] as [String: Any] }
        g["hasChanges"] = hasChanges
        g["lists"] = lists.map { list -> [String: Any] in
            [
                "kind": list.kind, "heading": list.heading, "count": list.items.count,
                "items": list.items.map { x -> [String: Any] in
                    var item = x.detail.context
                    item["title"] = x.title
                    item["href"] = x.href.map { $0 as Any } ?? false
                    item["place"] = x.place
                    item["detail"] = x.showsDetail
                    return item
                },
            ]
        }
        g["documents"] = documents.map { d -> [String: Any] in
            ["heading": d.heading, "sections": d.sections.map { ["title": $0.title, "text": $0.text] as [String: Any] }]
        }
        return g
    }
}

/// A release's page (`release.mustache`).
struct ReleasePage {
    var frame: PageFrame
    var name: String
    var title: String?
    var iso: String
    var date: String
    var siteHref: String?
    var changelogHref: String
    var group: ChangesGroup

    var context: [String: Any] {
        var c = frame.context
        c["name"] = name
        c["title"] = title.map { $0 as Any } ?? false
        c["iso"] = iso
        c["date"] = date
        c["siteHref"] = siteHref.map { $0 as Any } ?? false
        c["changelogHref"] = changelogHref
        c["group"] = group.context
        return c
    }
}

/// The whole changelog (`changelog.mustache`): every release's group, newest first.
struct ChangelogPage {
    struct Group {
        var changes: ChangesGroup
        var anchor: String
        var heading: String
        var iso: String
        var date: String
        var href: String
    }

    var frame: PageFrame
    var groups: [Group]

    var context: [String: Any] {
        var c = frame.context
        c["groups"] = groups.map { group -> [String: Any] in
            var g = group.changes.context
            g["anchor"] = group.anchor
            g["heading"] = group.heading
            g["iso"] = group.iso
            g["date"] = group.date
            g["href"] = group.href
            return g
        }
        c["hasGroups"] = !groups.isEmpty
        return c
    }
}

/// The home page (`home.mustache`).
struct HomePage {
    struct Collection {
        var label: String
        var count: Int
        var countText: String
        var href: String
    }

    /// A participation date (`upcoming`, `past`).
    struct DateRow {
        var when: String
        var title: String
        /// nil: the entry is not on the site (false in the context).
        var href: String?
        var status: String
        /// nil: no label and no status (false in the context; `{{statusLabel}}` then renders "false").
        var statusLabel: String?

        var context: [String: Any] {
            [
                "when": when, "title": title, "href": href.map { $0 as Any } ?? false, "status": status,
                "statusLabel": statusLabel.map { $0 as Any } ?? false,
            ]
        }
    }

    struct Release {
        var name: String
        /// nil: no title (false in the context).
        var title: String?
        var iso: String
        var date: String
        var href: String
    }

    struct RecentEntry {
        var title: String
        /// nil: the entry is gone (false in the context).
        var href: String?
    }

    struct Recent {
        var iso: String
        var date: String
        var summary: String
        var entries: [RecentEntry]
    }

    var frame: PageFrame
    /// The introduction's HTML (false in the context when `chronik.yml` has none).
    var introduction: String?
    var collections: [Collection]
    var hasDates: Bool
    var upcoming: [DateRow]
    var past: [DateRow]
    var releases: [Release]
    var changelogHref: String
    var recent: [Recent]

    var context: [String: Any] {
        var c = frame.context
        c["introduction"] = introduction.map { $0 as Any } ?? false
        c["collections"] = collections.map { ["label": $0.label, "count": $0.count, "countText": $0.countText, "href": $0.href] as [String: Any] }
        c["hasDates"] = hasDates
        c["upcoming"] = upcoming.map(\.context)
        c["hasUpcoming"] = !upcoming.isEmpty
        c["past"] = past.map(\.context)
        c["hasPast"] = !past.isEmpty
        c["pastCount"] = past.count
        c["releases"] = releases.map { r -> [String: Any] in
            ["name": r.name, "title": r.title.map { $0 as Any } ?? false, "iso": r.iso, "date": r.date, "href": r.href]
        }
        c["hasReleases"] = !releases.isEmpty
        c["changelogHref"] = changelogHref
        c["recent"] = recent.map { v -> [String: Any] in
            let entries = v.entries.enumerated().map { k, e -> [String: Any] in
                ["first": k == 0, "title": e.title, "href": e.href.map { $0 as Any } ?? false]
            }
            return ["iso": v.iso, "date": v.date, "summary": v.summary, "entries": entries, "hasEntries": !entries.isEmpty]
        }
        c["hasRecent"] = !recent.isEmpty
        return c
    }
}
