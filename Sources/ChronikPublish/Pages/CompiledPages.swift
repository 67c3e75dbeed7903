/// The default theme's pages written straight into bytes, without mustache: what `head.mustache`, `entry.mustache`
/// (or `collection.mustache`, `release.mustache` and `changelog.mustache` with `changes.mustache`, or `home.mustache`) and `foot.mustache`
/// render for the same page, byte for byte. Rendering the entry pages through swift-mustache was
/// the largest part of a warm full publish (a quarter of the CPU on the medium store: a context of dictionaries per
/// page, a dynamic cast per name looked up, a `String` per token). The templates stay the reference: `SiteTheme`
/// uses this writer only for a page whose template and partials are the embedded default ones
/// (`SiteTheme.compiledPages`), a theme folder that replaces one of them gets mustache, and `CompiledPagesTests`
/// render seeded pages and the sample site both ways and compare. A change to one of these templates must be made
/// here too (the tests fail until it is).
///
/// The mustache rules that shape the text: a line holding only a section tag or a partial renders nothing (not
/// even its line break); `{{x}}` is escaped (`SiteHTMLEscaping`), `{{{x}}}` is not; a name is looked up from the
/// innermost section outwards, so `{{labels.x}}` is the site's label wherever it stands.
enum CompiledPages {
    /// The page of an entry (`entry.mustache` with `head` and `foot`).
    static func entry(_ page: EntryPage, labels l: SiteLabels) -> [UInt8] {
        var out = HTMLBytes()
        out.bytes.reserveCapacity(8192)
        head(page.frame, labels: l, into: &out)
        out.raw("<p class=\"breadcrumb\"><a href=\"")
        out.text(page.collectionHref)
        out.raw("\">")
        out.text(page.collectionLabel)
        out.raw("</a></p>\n<h1>")
        out.text(page.title)
        out.raw("</h1>\n")
        if !page.fields.isEmpty {
            out.raw("<section aria-labelledby=\"fields-h\">\n<h2 id=\"fields-h\">")
            out.text(l.fields)
            out.raw("</h2>\n<dl class=\"fields\">\n")
            for field in page.fields {
                out.raw("<dt>")
                out.text(field.label)
                out.raw("</dt>\n<dd>")
                if field.links.isEmpty {
                    out.text(field.text)
                } else {
                    for (k, link) in field.links.enumerated() {
                        if k != 0 { out.raw(", ") }
                        if let href = link.href {
                            out.raw("<a href=\"")
                            out.text(href)
                            out.raw("\">")
                            out.text(link.title)
                            out.raw("</a>")
                        } else {
                            out.raw("<span class=\"unresolved\">")
                            out.text(link.title)
                            out.raw(" (")
                            out.text(l.unresolved)
                            out.raw(")</span>")
                        }
                    }
                }
                out.raw("</dd>\n")
            }
            out.raw("</dl>\n</section>\n")
        }
        if let body = page.body {
            out.raw("<section class=\"body\" aria-labelledby=\"text-h\">\n<h2 id=\"text-h\">")
            out.text(l.text)
            out.raw("</h2>\n")
            out.raw(body)
            out.raw("\n</section>\n")
        }
        if !page.backlinks.isEmpty {
            out.raw("<section aria-labelledby=\"backlinks-h\">\n<h2 id=\"backlinks-h\">")
            out.text(l.referredBy)
            out.raw("</h2>\n<ul class=\"backlinks\">\n")
            for link in page.backlinks {
                out.raw("<li><a href=\"")
                out.text(link.href)
                out.raw("\">")
                out.text(link.title)
                out.raw("</a> <span class=\"place\">")
                out.text(link.place)
                out.raw("</span></li>\n")
            }
            out.raw("</ul>\n</section>\n")
        }
        out.raw("<section aria-labelledby=\"history-h\">\n<h2 id=\"history-h\">")
        out.text(l.history)
        out.raw("</h2>\n")
        if page.history.isEmpty {
            out.raw("<p>")
            out.text(l.noHistory)
            out.raw("</p>\n")
        }
        out.raw("<ol class=\"history\">\n")
        for item in page.history {
            out.raw("<li>\n<p><time datetime=\"")
            out.text(item.iso)
            out.raw("\">")
            out.text(item.date)
            out.raw("</time> <code>")
            out.text(item.short)
            out.raw("</code> ")
            out.text(item.summary)
            out.raw(" <span class=\"kind\">(")
            out.text(item.kindLabel)
            out.raw(")</span>")
            if let release = item.release {
                out.raw(" · ")
                if let href = release.href {
                    out.raw("<a href=\"")
                    out.text(href)
                    out.raw("\" title=\"")
                    out.text(release.linkTitle)
                    out.raw("\">")
                    out.text(l.release)
                    out.raw(" ")
                    out.text(release.name)
                    out.raw("</a>")
                } else {
                    out.text(l.release)
                    out.raw(" ")
                    out.text(release.name)
                }
            }
            out.raw("</p>\n")
            if item.detail.hasDetail { changeDetail(item.detail, labels: l, into: &out) }
            if !item.blocks.isEmpty {
                out.raw("<div class=\"words\">\n")
                for words in item.blocks {
                    out.raw("<p>")
                    for word in words {
                        switch word.operation {
                        case .equal:
                            out.text(word.text)
                        case .insert:
                            out.raw("<ins>")
                            out.text(word.text)
                            out.raw("</ins>")
                        case .delete:
                            out.raw("<del>")
                            out.text(word.text)
                            out.raw("</del>")
                        }
                    }
                    out.raw("</p>\n")
                }
                out.raw("</div>\n")
            }
            out.raw("</li>\n")
        }
        out.raw("</ol>\n</section>\n")
        foot(page.frame, labels: l, into: &out)
        return out.bytes
    }

    /// A view of a collection's table (`collection.mustache` with `head` and `foot`).
    static func collection(_ page: CollectionPage, labels l: SiteLabels) -> [UInt8] {
        var out = HTMLBytes()
        out.bytes.reserveCapacity(16384)
        head(page.frame, labels: l, into: &out)
        out.raw("<h1>")
        out.text(page.label)
        out.raw("</h1>\n<p class=\"summary\">")
        out.text(page.countText)
        if let sortLabel = page.sortLabel {
            out.raw(" · ")
            out.text(l.sortedBy)
            out.raw(" ")
            out.text(sortLabel)
        }
        out.raw("</p>\n")
        if let href = page.documentHref {
            out.raw("<p><a href=\"")
            out.text(href)
            out.raw("\">")
            out.text(l.document)
            out.raw("</a></p>\n")
        }
        out.raw("<nav class=\"views\" aria-label=\"")
        out.text(l.sortBy)
        out.raw("\">\n<p>")
        out.text(l.sortBy)
        out.raw(":</p>\n<ul>\n")
        navLinks(page.views, into: &out)
        out.raw("</ul>\n</nav>\n")
        if page.hasGroupIndex {
            out.raw("<nav class=\"group-index\" aria-label=\"")
            out.text(l.groups)
            out.raw("\">\n<ul>\n")
            for group in page.groups {
                out.raw("<li><a href=\"#")
                out.text(group.anchor ?? "false")
                out.raw("\">")
                out.text(group.heading ?? "false")
                out.raw("</a> (")
                if let count = group.count { out.raw(String(count)) }
                out.raw(")</li>\n")
            }
            out.raw("</ul>\n</nav>\n")
        }
        if !page.hasEntries {
            out.raw("<p>")
            out.text(l.noEntries)
            out.raw("</p>\n")
        }
        for group in page.groups {
            out.raw("<section class=\"group\"")
            if let anchor = group.anchor {
                out.raw(" id=\"")
                out.text(anchor)
                out.raw("\" aria-labelledby=\"")
                out.text(anchor)
                out.raw("-h\"")
            }
            out.raw(">\n")
            if let heading = group.heading {
                out.raw("<h2 id=\"")
                out.text(group.anchor ?? "false")
                out.raw("-h\">")
                out.text(heading)
                out.raw(" <span class=\"count\">(")
                if let count = group.count { out.raw(String(count)) }
                out.raw(")</span></h2>\n")
            }
            out.raw("<div class=\"table-scroll\" role=\"region\" aria-label=\"")
            out.text(group.tableLabel)
            out.raw("\" tabindex=\"0\">\n<table class=\"entries\">\n<thead>\n<tr>")
            for column in page.columns {
                out.raw("<th scope=\"col\">")
                out.text(column)
                out.raw("</th>")
            }
            out.raw("</tr>\n</thead>\n<tbody>\n")
            for cells in group.rows {
                out.raw("<tr>")
                for cell in cells {
                    out.raw("<td data-label=\"")
                    out.text(cell.label)
                    out.raw("\">")
                    if let href = cell.href {
                        out.raw("<a href=\"")
                        out.text(href)
                        out.raw("\">")
                        out.text(cell.text)
                        out.raw("</a>")
                    } else {
                        out.text(cell.text)
                    }
                    out.raw("</td>")
                }
                out.raw("</tr>\n")
            }
            out.raw("</tbody>\n</table>\n</div>\n</section>\n")
        }
        foot(page.frame, labels: l, into: &out)
        return out.bytes
    }

    /// A release's page (`release.mustache` with `changes`, `head` and `foot`).
    static func release(_ page: ReleasePage, labels l: SiteLabels) -> [UInt8] {
        var out = HTMLBytes()
        out.bytes.reserveCapacity(16384)
        head(page.frame, labels: l, into: &out)
        out.raw("<h1>")
        out.text(l.release)
        out.raw(" ")
        out.text(page.name)
        if let title = page.title {
            out.raw(": ")
            out.text(title)
        }
        out.raw("</h1>\n<p class=\"summary\"><time datetime=\"")
        out.text(page.iso)
        out.raw("\">")
        out.text(page.date)
        out.raw("</time>")
        if let href = page.siteHref {
            out.raw(" · <a href=\"")
            out.text(href)
            out.raw("\">")
            out.text(l.releaseSite)
            out.raw("</a>")
        }
        out.raw(" · <a href=\"")
        out.text(page.changelogHref)
        out.raw("\">")
        out.text(l.changelog)
        out.raw("</a></p>\n<section aria-labelledby=\"changes-h\">\n<h2 id=\"changes-h\">")
        out.text(l.changes)
        out.raw("</h2>\n")
        changes(page.group, labels: l, into: &out)
        out.raw("</section>\n")
        foot(page.frame, labels: l, into: &out)
        return out.bytes
    }

    /// The changelog page (`changelog.mustache` with `changes`, `head` and `foot`).
    static func changelog(_ page: ChangelogPage, labels l: SiteLabels) -> [UInt8] {
        var out = HTMLBytes()
        out.bytes.reserveCapacity(65536)
        head(page.frame, labels: l, into: &out)
        out.raw("<h1>")
        out.text(l.changelog)
        out.raw("</h1>\n")
        if page.groups.isEmpty {
            out.raw("<p>")
            out.text(l.noChanges)
            out.raw("</p>\n")
        } else {
            out.raw("<nav class=\"toc\" aria-label=\"")
            out.text(l.releases)
            out.raw("\">\n<ul>\n")
            for group in page.groups {
                out.raw("<li><a href=\"#")
                out.text(group.anchor)
                out.raw("\">")
                out.text(group.heading)
                out.raw("</a> <time datetime=\"")
                out.text(group.iso)
                out.raw("\">")
                out.text(group.date)
                out.raw("</time></li>\n")
            }
            out.raw("</ul>\n</nav>\n")
        }
        for group in page.groups {
            out.raw("<section class=\"group\" id=\"")
            out.text(group.anchor)
            out.raw("\" aria-labelledby=\"")
            out.text(group.anchor)
            out.raw("-h\">\n<h2 id=\"")
            out.text(group.anchor)
            out.raw("-h\"><a href=\"")
            out.text(group.href)
            out.raw("\">")
            out.text(group.heading)
            out.raw("</a> <time datetime=\"")
            out.text(group.iso)
            out.raw("\">")
            out.text(group.date)
            out.raw("</time></h2>\n")
            changes(group.changes, labels: l, into: &out)
            out.raw("</section>\n")
        }
        foot(page.frame, labels: l, into: &out)
        return out.bytes
    }

    /// `changes.mustache`.
    private static func changes(_ group: ChangesGroup, labels l: SiteLabels, into out: inout HTMLBytes) {
        if let message = group.message {
            out.raw("<div class=\"message\">\n")
            out.raw(message)
            out.raw("\n</div>\n")
        }
        if let contributors = group.contributors {
            out.raw("<p class=\"contributors\"><strong>")
            out.text(l.contributors)
            out.raw(":</strong> ")
            out.text(contributors)
            out.raw("</p>\n")
        }
        if !group.versions.isEmpty {
            out.raw("<details class=\"versions\">\n<summary>")
            out.text(l.versions)
            out.raw(" (")
            out.raw(String(group.versions.count))
            out.raw(")</summary>\n<ul>\n")
            for version in group.versions {
                out.raw("<li><time datetime=\"")
                out.text(version.iso)
                out.raw("\">")
                out.text(version.date)
                out.raw("</time> <code>")
                out.text(version.short)
                out.raw("</code> ")
                out.text(version.summary)
                out.raw("</li>\n")
            }
            out.raw("</ul>\n</details>\n")
        }
        if !group.hasChanges {
            out.raw("<p class=\"no-changes\">")
            out.text(l.noChanges)
            out.raw("</p>\n")
        }
        for list in group.lists {
            out.raw("<h3 class=\"change-")
            out.text(list.kind)
            out.raw("\">")
            out.text(list.heading)
            out.raw(" <span class=\"count\">(")
            out.raw(String(list.items.count))
            out.raw(")</span></h3>\n<ul class=\"changes change-")
            out.text(list.kind)
            out.raw("\">\n")
            for item in list.items {
                out.raw("<li>")
                linkOrGone(item.title, href: item.href, into: &out)
                out.raw(" <span class=\"place\">")
                out.text(item.place)
                out.raw("</span>")
                if item.showsDetail {
                    out.raw("\n")
                    changeDetail(item.detail, labels: l, into: &out)
                }
                out.raw("</li>\n")
            }
            out.raw("</ul>\n")
        }
        for document in group.documents {
            out.raw("<h3>")
            out.text(document.heading)
            out.raw("</h3>\n<ul class=\"sections\">\n")
            for section in document.sections {
                out.raw("<li>")
                out.text(section.title)
                out.raw(": ")
                out.text(section.text)
                out.raw("</li>\n")
            }
            out.raw("</ul>\n")
        }
    }

    /// `<ul class="change-detail">` of `entry.mustache` (and `changes.mustache`).
    private static func changeDetail(_ detail: PageChangeDetail, labels l: SiteLabels, into out: inout HTMLBytes) {
        out.raw("<ul class=\"change-detail\">\n")
        for field in detail.fields {
            out.raw("<li><span class=\"field-label\">")
            out.text(field.label)
            out.raw(":</span> ")
            out.text(field.text)
            out.raw("</li>\n")
        }
        if let prose = detail.prose {
            out.raw("<li><span class=\"field-label\">")
            out.text(l.text)
            out.raw(":</span> ")
            out.text(prose)
            out.raw("</li>\n")
        }
        if let formatting = detail.formatting {
            out.raw("<li>")
            out.text(formatting)
            out.raw("</li>\n")
        }
        for attachment in detail.attachments {
            out.raw("<li>")
            out.text(attachment)
            out.raw("</li>\n")
        }
        out.raw("</ul>\n")
    }

    /// The home page (`home.mustache` with `head` and `foot`). A date's status label that is missing renders as
    /// "false" in the table of upcoming dates, as mustache renders the context's false there.
    static func home(_ page: HomePage, labels l: SiteLabels) -> [UInt8] {
        var out = HTMLBytes()
        out.bytes.reserveCapacity(16384)
        head(page.frame, labels: l, into: &out)
        out.raw("<h1>")
        out.text(page.frame.siteTitle)
        out.raw("</h1>\n<p class=\"summary\">")
        out.text(l.version)
        out.raw(" <code>")
        out.text(page.frame.versionShort)
        out.raw("</code>, <time datetime=\"")
        out.text(page.frame.versionISO)
        out.raw("\">")
        out.text(page.frame.versionDate)
        out.raw("</time>")
        if let name = page.frame.releaseName {
            out.raw(" · ")
            out.text(l.release)
            out.raw(" ")
            out.text(name)
        }
        out.raw("</p>\n")
        if let introduction = page.introduction {
            out.raw("<div class=\"introduction\">\n")
            out.raw(introduction)
            out.raw("\n</div>\n")
        }
        out.raw("<section aria-labelledby=\"collections-h\">\n<h2 id=\"collections-h\">")
        out.text(l.collections)
        out.raw("</h2>\n<ul class=\"collections\">\n")
        for collection in page.collections {
            out.raw("<li><a href=\"")
            out.text(collection.href)
            out.raw("\">")
            out.text(collection.label)
            out.raw("</a> <span class=\"count\">(")
            out.text(collection.countText)
            out.raw(")</span></li>\n")
        }
        out.raw("</ul>\n</section>\n")
        if page.hasDates {
            out.raw("<section aria-labelledby=\"dates-h\">\n<h2 id=\"dates-h\">")
            out.text(l.dates)
            out.raw("</h2>\n<h3>")
            out.text(l.upcoming)
            out.raw("</h3>\n")
            if page.upcoming.isEmpty {
                out.raw("<p>")
                out.text(l.noUpcoming)
                out.raw("</p>\n")
            } else {
                out.raw("<div class=\"table-scroll\" role=\"region\" aria-label=\"")
                out.text(l.upcoming)
                out.raw("\" tabindex=\"0\">\n<table class=\"dates\">\n<thead><tr><th scope=\"col\">")
                out.text(l.date)
                out.raw("</th><th scope=\"col\">")
                out.text(l.title)
                out.raw("</th><th scope=\"col\">")
                out.text(l.status)
                out.raw("</th></tr></thead>\n<tbody>\n")
                for row in page.upcoming {
                    out.raw("<tr class=\"status-")
                    out.text(row.status)
                    out.raw("\"><td>")
                    out.text(row.when)
                    out.raw("</td><td>")
                    dateTitle(row, into: &out)
                    out.raw("</td><td>")
                    out.text(row.statusLabel ?? "false")
                    out.raw("</td></tr>\n")
                }
                out.raw("</tbody>\n</table>\n</div>\n")
            }
            if !page.past.isEmpty {
                out.raw("<details class=\"past-dates\">\n<summary>")
                out.text(l.pastDates)
                out.raw(" (")
                out.raw(String(page.past.count))
                out.raw(")</summary>\n<ul>\n")
                for row in page.past {
                    out.raw("<li>")
                    out.text(row.when)
                    out.raw(": ")
                    dateTitle(row, into: &out)
                    if let label = row.statusLabel {
                        out.raw(" (")
                        out.text(label)
                        out.raw(")")
                    }
                    out.raw("</li>\n")
                }
                out.raw("</ul>\n</details>\n")
            }
            out.raw("</section>\n")
        }
        if !page.releases.isEmpty {
            out.raw("<section aria-labelledby=\"releases-h\">\n<h2 id=\"releases-h\">")
            out.text(l.latestReleases)
            out.raw("</h2>\n<ul class=\"releases\">\n")
            for release in page.releases {
                out.raw("<li><a href=\"")
                out.text(release.href)
                out.raw("\">")
                out.text(release.name)
                out.raw("</a>")
                if let title = release.title {
                    out.raw(" ")
                    out.text(title)
                }
                out.raw(" <time datetime=\"")
                out.text(release.iso)
                out.raw("\">")
                out.text(release.date)
                out.raw("</time></li>\n")
            }
            out.raw("</ul>\n<p><a href=\"")
            out.text(page.changelogHref)
            out.raw("\">")
            out.text(l.changelog)
            out.raw("</a></p>\n</section>\n")
        }
        if !page.recent.isEmpty {
            out.raw("<section aria-labelledby=\"recent-h\">\n<h2 id=\"recent-h\">")
            out.text(l.latestChanges)
            out.raw("</h2>\n<ul class=\"recent\">\n")
            for version in page.recent {
                out.raw("<li><time datetime=\"")
                out.text(version.iso)
                out.raw("\">")
                out.text(version.date)
                out.raw("</time> ")
                out.text(version.summary)
                if !version.entries.isEmpty {
                    out.raw(":\n")
                    for (k, entry) in version.entries.enumerated() {
                        if k != 0 { out.raw(", ") }
                        linkOrGone(entry.title, href: entry.href, into: &out)
                    }
                }
                out.raw("</li>\n")
            }
            out.raw("</ul>\n</section>\n")
        }
        foot(page.frame, labels: l, into: &out)
        return out.bytes
    }

    /// An entry's title linked to its page, or marked as gone when the entry is not on the site (the changes of a
    /// release or the changelog, the home page's latest changes).
    private static func linkOrGone(_ title: String, href: String?, into out: inout HTMLBytes) {
        if let href {
            out.raw("<a href=\"")
            out.text(href)
            out.raw("\">")
            out.text(title)
            out.raw("</a>")
        } else {
            out.raw("<span class=\"gone\">")
            out.text(title)
            out.raw("</span>")
        }
    }

    /// A date's title, linked to its entry when that is on the site.
    private static func dateTitle(_ row: HomePage.DateRow, into out: inout HTMLBytes) {
        if let href = row.href {
            out.raw("<a href=\"")
            out.text(href)
            out.raw("\">")
            out.text(row.title)
            out.raw("</a>")
        } else {
            out.text(row.title)
        }
    }

    /// `head.mustache`.
    static func head(_ frame: PageFrame, labels l: SiteLabels, into out: inout HTMLBytes) {
        out.raw("<!DOCTYPE html>\n<html lang=\"")
        out.text(frame.lang)
        out.raw("\">\n<head>\n<meta charset=\"utf-8\">\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
        out.raw("<meta name=\"generator\" content=\"chronik\">\n<title>")
        out.text(frame.pageTitle)
        out.raw("</title>\n<link rel=\"stylesheet\" href=\"")
        out.text(frame.css)
        out.raw("\">\n<link rel=\"alternate\" type=\"application/atom+xml\" title=\"")
        out.text(frame.feedTitle)
        out.raw("\" href=\"")
        out.text(frame.feedHref)
        out.raw("\">\n</head>\n<body>\n<a class=\"skip-link\" href=\"#main\">")
        out.text(l.skipLink)
        out.raw("</a>\n<header class=\"site-header\">\n<p class=\"site-title\"><a href=\"")
        out.text(frame.home)
        out.raw("\">")
        out.text(frame.siteTitle)
        out.raw("</a></p>\n<nav class=\"site-nav\" aria-label=\"")
        out.text(l.navigation)
        out.raw("\">\n<ul>\n")
        navLinks(frame.nav, into: &out)
        out.raw("</ul>\n</nav>\n")
        if let sites = frame.otherSites {
            out.raw("<nav class=\"site-versions\" aria-label=\"")
            out.text(l.otherVersions)
            out.raw("\">\n<ul>\n")
            navLinks(sites, into: &out)
            out.raw("</ul>\n</nav>\n")
        }
        out.raw("</header>\n<main id=\"main\" tabindex=\"-1\">\n")
    }

    private static func navLinks(_ links: [PageNavLink], into out: inout HTMLBytes) {
        for link in links {
            out.raw("<li><a href=\"")
            out.text(link.href)
            out.raw(link.current ? "\" aria-current=\"page\">" : "\">")
            out.text(link.label)
            out.raw("</a></li>\n")
        }
    }

    /// `foot.mustache`.
    static func foot(_ frame: PageFrame, labels l: SiteLabels, into out: inout HTMLBytes) {
        out.raw("</main>\n<footer class=\"site-footer\">\n<p><a href=\"")
        out.text(frame.feedHref)
        out.raw("\">")
        out.text(l.feed)
        out.raw("</a></p>\n<p>")
        out.text(l.generated)
        out.raw("</p>\n</footer>\n")
        for script in frame.scripts {
            out.raw("<script src=\"")
            out.text(script)
            out.raw("\" defer></script>\n")
        }
        out.raw("</body>\n</html>\n")
    }
}

/// A page's bytes as they are written: markup as it is, text escaped as `{{…}}` escapes it (`SiteHTMLEscaping`).
struct HTMLBytes {
    var bytes: [UInt8] = []

    mutating func raw(_ text: StaticString) {
        text.withUTF8Buffer { bytes.append(contentsOf: $0) }
    }

    mutating func raw(_ text: String) {
        var text = text
        text.withUTF8 { bytes.append(contentsOf: $0) }
    }

    /// `SiteHTMLEscaping.escape(text)`, appended: a special byte with ASCII on both sides is a `Character` of its
    /// own; where one has a non-ASCII neighbour, swift-mustache's algorithm decides (`referenceEscape`). The text
    /// between special bytes is copied in runs, and found eight bytes at a time (`firstSpecial`).
    mutating func text(_ text: String) {
        var text = text
        let done: Bool = text.withUTF8 { source in
            let n = source.count
            guard var k = Self.firstSpecial(source, from: 0) else {
                bytes.append(contentsOf: source)
                return true
            }
            let start = bytes.count
            var run = 0
            while true {
                if k > 0, source[k - 1] >= 0x80 { bytes.removeSubrange(start...); return false }
                if k + 1 < n, source[k + 1] >= 0x80 { bytes.removeSubrange(start...); return false }
                if run < k { bytes.append(contentsOf: UnsafeBufferPointer(rebasing: source[run..<k])) }
                switch source[k] {
                case UInt8(ascii: "<"): append("&lt;")
                case UInt8(ascii: ">"): append("&gt;")
                case UInt8(ascii: "&"): append("&amp;")
                case UInt8(ascii: "\""): append("&quot;")
                default: append("&#39;")
                }
                run = k + 1
                guard let next = Self.firstSpecial(source, from: run) else { break }
                k = next
            }
            if run < n { bytes.append(contentsOf: UnsafeBufferPointer(rebasing: source[run..<n])) }
            return true
        }
        if !done { raw(SiteHTMLEscaping.referenceEscape(text)) }
    }

    /// The index of the first special byte (`<>&"'`) of `source` at or after `from`, if any: words of eight bytes
    /// without one are passed over whole (a zero byte of the word xor each special, Anderson's "Bit Twiddling
    /// Hacks", "Determine if a word has a zero byte": exact for whether a word holds one; a word it flags is then
    /// looked at byte by byte).
    static func firstSpecial(_ source: UnsafeBufferPointer<UInt8>, from: Int) -> Int? {
        guard let base = source.baseAddress else { return nil }
        let n = source.count
        let raw = UnsafeRawPointer(base)
        let ones: UInt64 = 0x0101_0101_0101_0101, highs: UInt64 = 0x8080_8080_8080_8080
        @inline(__always) func hasZero(_ v: UInt64) -> UInt64 { (v &- ones) & ~v & highs }
        var i = from
        while i + 8 <= n {
            let w = raw.loadUnaligned(fromByteOffset: i, as: UInt64.self)
            let flagged = hasZero(w ^ 0x3C3C_3C3C_3C3C_3C3C) | hasZero(w ^ 0x3E3E_3E3E_3E3E_3E3E) | hasZero(w ^ 0x2626_2626_2626_2626)
                | hasZero(w ^ 0x2222_2222_2222_2222) | hasZero(w ^ 0x2727_2727_2727_2727)
            if flagged != 0 {
                for j in i..<(i + 8) where isSpecial(source[j]) { return j }
            }
            i += 8
        }
        while i < n {
            if isSpecial(source[i]) { return i }
            i += 1
        }
        return nil
    }
    private mutating func append(_ entity: StaticString) {
        entity.withUTF8Buffer { bytes.append(contentsOf: $0) }
    }

    private static func isSpecial(_ byte: UInt8) -> Bool {
        byte == UInt8(ascii: "<") || byte == UInt8(ascii: ">") || byte == UInt8(ascii: "&") || byte == UInt8(ascii: "\"")
            || byte == UInt8(ascii: "'")
    }
}
