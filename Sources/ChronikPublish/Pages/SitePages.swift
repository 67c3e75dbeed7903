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
        plan(model, options: options, theme: theme, keys: SiteKeys(model, options: options, theme: theme)).rendered()
    }

    /// The pages, each with the fingerprint of what it is rendered from (`SiteFingerprint`): an entry's page reads
    /// its entry (and the site's shared parts); a collection's views and document read the collection; a release's
    /// page its release; the changelog every release; the search page the collections' counts; the start page
    /// shows the site's version and latest changes, so it is rendered every time.
    static func plan(_ model: SiteModel, options: SiteRenderOptions, theme: SiteTheme, keys: SiteKeys) -> SitePlan {
        var positions: [[Int]] = []
        return plan(model, options: options, theme: theme, keys: keys, entryPositions: &positions)
    }

    /// The same, with `entryPositions[c][e]` the position in the plan of the page of entry `e` of collection `c`.
    static func plan(_ model: SiteModel, options: SiteRenderOptions, theme: SiteTheme, keys: SiteKeys,
                     entryPositions: inout [[Int]]) -> SitePlan {
        entryPositions = model.collections.map { _ in [] }
        let renderer = PageRenderer(model: model, options: options, theme: theme)
        var plan = SitePlan()
        plan.add(SitePaths.stylesheet, input: keys.file("stylesheet"), text: { theme.stylesheet })
        plan.add(SitePaths.home, input: nil) { renderer.home() }
        // Each entry page's function names its entry by position in a box shared by all of them: capturing the entry,
        // its collection and the renderer, each of 5,000 functions held copies of all three (every field retained),
        // and a publish into a folder published before replaces nearly all of them at once (`Publisher.plan`).
        let pages = EntryPages(renderer: renderer, collections: model.collections)
        for (c, collection) in model.collections.enumerated() {
            let collectionKey = keys.collections[collection.name]
            let columns = collection.columns.isEmpty ? [SiteColumn(key: "title", label: renderer.labels.title)] : collection.columns
            for key in renderer.viewKeys(columns) {
                plan.add(collectionView(collection.name, key: key), input: keys.file("collection-view", collectionKey, SiteFingerprint { $0.add(key) }),
                         { renderer.collectionView(collection, key: key) })
            }
            if documentCollections.contains(collection.name), !collection.entries.isEmpty {
                // Handed to the writer as the page's own UTF-8 (a stream of one piece): the large store's strategy
                // document is 46 MB, and a copy of it as an array was on top of the publish's peak (peak15c).
                plan.add(SitePaths.document(collection.name), input: keys.file("document", collectionKey), stream: { piece in
                    var page = renderer.document(collection)
                    page.withUTF8 { piece(UnsafeRawBufferPointer($0)) }
                })
            }
            entryPositions[c].reserveCapacity(collection.entries.count)
            for e in collection.entries.indices {
                entryPositions[c].append(plan.add(SitePaths.entry(collection.name, collection.entries[e].id),
                                                  input: keys.file("entry-page", keys.entry(c, e)), { pages.page(c, e) }))
            }
        }
        for release in model.releases {
            plan.add(SitePaths.release(release.release.name), input: keys.file("release-page", keys.releases[release.release.name]),
                     { renderer.release(release) })
        }
        plan.add(SitePaths.changelog, input: keys.file("changelog", SiteFingerprint { f in
            for release in model.releases { f.add(keys.releases[release.release.name] ?? SiteFingerprint()) }
        }), { renderer.changelog() })
        plan.add(SitePaths.searchPage, input: keys.file("search-page", SiteFingerprint { f in
            for collection in model.collections { f.add(collection.entries.count) }
        }), text: { renderer.search() })
        return plan
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
        shiftingHeadings(SafeMarkdown.html(text), top: top)
    }

    /// `html` with every `<hN>` and `</hN>` moved so that the highest is `h<top>` (at most `h6`, at least `h1`).
    /// Safe mode drops raw HTML, so every `<hN>` in cmark's output is a heading cmark made (text is `&lt;hN&gt;`).
    /// A scan of the bytes from `<` to `<` (`memchr`): the regular expression `<(/?)h([1-6])>` did the same, and was
    /// a fifth of the time of rendering an entry's page (SitePagesTests hold the two to each other); the
    /// tags' places are kept from the first pass, so the second only writes their digits.
    static func shiftingHeadings(_ html: String, top: Int) -> String {
        var html = html
        let shifted: String? = html.withUTF8 { bytes in
            guard let base = bytes.baseAddress else { return nil }
            let n = bytes.count
            var digits: [Int] = []
            var highest = 7
            var i = 0
            while i < n, let found = memchr(base + i, 0x3C, n - i) {
                i = base.distance(to: found.assumingMemoryBound(to: UInt8.self))
                var j = i + 1
                if j < n, bytes[j] == UInt8(ascii: "/") { j += 1 }
                if j + 2 < n, bytes[j] == UInt8(ascii: "h"), (0x31...0x36).contains(bytes[j + 1]), bytes[j + 2] == UInt8(ascii: ">") {
                    highest = min(highest, Int(bytes[j + 1] - 0x30))
                    digits.append(j + 1)
                    i = j + 3
                } else {
                    i += 1
                }
            }
            guard highest < 7, highest != top else { return nil }
            let shift = top - highest
            return String(unsafeUninitializedCapacity: n) { out in
                _ = out.initialize(from: bytes)
                for d in digits { out[d] = UInt8(0x30 + min(max(Int(bytes[d] - 0x30) + shift, 1), 6)) }
                return n
            }
        }
        return shifted ?? html
    }

    /// Whether `text` is empty or whitespace and line breaks only (`trimmingCharacters(in: .whitespacesAndNewlines)`
    /// is empty), without building the trimmed copy: it stops at the first other character.
    static func isBlank(_ text: String) -> Bool {
        text.unicodeScalars.allSatisfy { scalar in
            scalar.value < 0x80 ? scalar.value == 0x20 || (0x09...0x0D).contains(scalar.value)
                : CharacterSet.whitespacesAndNewlines.contains(scalar)
        }
    }
}

/// The entry pages of `SitePages.plan`, each rendered by position (`page(_:_:)`).
private final class EntryPages: @unchecked Sendable {
    private let renderer: PageRenderer
    private let collections: [SiteCollection]

    init(renderer: PageRenderer, collections: [SiteCollection]) {
        self.renderer = renderer
        self.collections = collections
    }

    /// The page of entry `e` of collection `c`.
    func page(_ c: Int, _ e: Int) -> [UInt8] { renderer.entry(collections[c].entries[e], in: collections[c]) }
}
