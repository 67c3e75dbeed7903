import ChronikChangelog
import ChronikDiff
import ChronikStore
import Foundation

/// The HTML pages of the site and its stylesheet (issue 15): a start page, a page per collection (a table, with
/// pre-rendered sorted and grouped views so that sorting and filtering work without JavaScript), a page per entry
/// (fields, backlinks, body, history), a page per release, the whole changelog, the strategy as one document, and
/// the search page. A pure function of the model: every text is escaped by the templates (`{{…}}`), Markdown is
/// rendered by libcmark-gfm in safe mode (`SafeMarkdown`), and every link is relative (`SitePaths.relative`).
public enum SitePages {
    /// Collections shown as one document in section order as well (`SitePaths.document`): the document-like
    /// collections the changelog knows (`SnapshotDiffOptions.documentCollections`).
    public static let documentCollections = SnapshotDiffOptions().documentCollections

    /// Every page of the site and `SitePaths.stylesheet`.
    public static func files(_ model: SiteModel, options: SiteRenderOptions, theme: SiteTheme) -> SiteFiles {
        let renderer = PageRenderer(model: model, options: options, theme: theme)
        var files = SiteFiles()
        files.add(SitePaths.stylesheet, text: theme.stylesheet)
        files.add(SitePaths.home, text: renderer.home())
        for collection in model.collections {
            for (path, text) in renderer.collectionViews(collection) { files.add(path, text: text) }
            if documentCollections.contains(collection.name), !collection.entries.isEmpty {
                files.add(SitePaths.document(collection.name), text: renderer.document(collection))
            }
            for entry in collection.entries {
                files.add(SitePaths.entry(collection.name, entry.id), text: renderer.entry(entry, in: collection))
            }
        }
        for release in model.releases {
            files.add(SitePaths.release(release.release.name), text: renderer.release(release))
        }
        files.add(SitePaths.changelog, text: renderer.changelog())
        files.add(SitePaths.searchPage, text: renderer.search())
        return files
    }

    /// The site path of a collection's view sorted and grouped by the column `key` (the title view is the
    /// collection's `index.html`).
    public static func collectionView(_ collection: String, key: String) -> String {
        key == "title" ? SitePaths.collection(collection) : "\(collection)/by-\(slug(key)).html"
    }

    static func slug(_ key: String) -> String {
        String(key.unicodeScalars.map { s -> Character in
            (s.properties.isASCIIHexDigit || ("a"..."z").contains(s) || ("A"..."Z").contains(s) || s == "_" || s == "-")
                ? Character(s) : "-"
        })
    }

    /// HTML rendered by libcmark-gfm in safe mode, its headings moved so that the highest one is `h<top>` (at most
    /// `h6`): a body's headings then continue the page's outline instead of breaking its order, whether the author
    /// began with `#` or `##`.
    static func markdown(_ text: String, top: Int) -> String {
        let html = SafeMarkdown.html(text)
        // Safe mode drops raw HTML, so every `<hN>` in the output is a heading cmark made (text is `&lt;hN&gt;`).
        let tag = /<(\/?)h([1-6])>/
        let levels = html.matches(of: tag).compactMap { Int($0.output.2) }
        guard let highest = levels.min(), highest != top else { return html }
        let shift = top - highest
        return html.replacing(tag) { match in
            let level = min(max((Int(match.output.2) ?? 1) + shift, 1), 6)
            return "<\(match.output.1)h\(level)>"
        }
    }
}
