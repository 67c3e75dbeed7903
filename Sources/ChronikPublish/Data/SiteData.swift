import ChronikChangelog
import ChronikDiff
import ChronikStore

// The site's data files, pure functions of the model (docs/publish.md, "Feeds and data"):
//
// - Atom feeds (RFC 4287): the site's (`feed.xml`: its releases and latest versions), each collection's (the changes
//   to its entries) and each entry's (its history). Every item links to its page (`rel="alternate"`), every feed
//   to itself (`rel="self"`). With a base URL the links are absolute; without one they are relative to the feed's
//   own location (RFC 4287 resolves them against the feed's address), so the folder works from disk too.
// - JSON: each entry (`<collection>/<id>/index.json`, the shape of `chronik show --format json` plus labels, links,
//   backlinks and a history summary) and each collection (`<collection>/index.json`, its entries' objects), as
//   documents of the JSON contract (Schemas/output/site-entry.schema.json, site-collection.schema.json).
// - `sitemap.xml` (sitemaps.org 0.9) with the absolute address of every HTML page, only with a base URL.

/// The feeds, JSON files and sitemap of a site.
public enum SiteData {
    /// The JSON contract's major version the JSON files follow (`"chronik"`, first; docs/json-output.md): they
    /// change within it only as the contract allows (members added).
    public static let contractVersion = Changelog.contractVersion
    /// `contractVersion` as the JSON files write it.
    static let contractVersionLiteral = JSONNumber(contractVersion).literal
    /// The most items a collection's feed lists (the newest changes).
    public static let collectionFeedLimit = 100

    public static func files(_ model: SiteModel, options: SiteRenderOptions) -> SiteFiles {
        plan(model, options: options, keys: SiteKeys(model, options: options, theme: .makeDefault())).rendered()
    }

    /// The data files, each with the fingerprint of what it is made from (`SiteFingerprint`): an entry's feed and
    /// JSON read the entry (a feed without items is dated by the site's version, so that goes in too), a collection's
    /// feed and JSON the collection; the site's feed lists the latest versions and the sitemap every page, so both
    /// are made every time.
    static func plan(_ model: SiteModel, options: SiteRenderOptions, keys: SiteKeys) -> SitePlan {
        var positions: [[Int]] = []
        return plan(model, options: options, keys: keys, entryFeedPositions: &positions)
    }

    /// The same, with `entryFeedPositions[c][e]` the position in the plan of the feed of entry `e` of collection `c`.
    static func plan(_ model: SiteModel, options: SiteRenderOptions, keys: SiteKeys, entryFeedPositions: inout [[Int]]) -> SitePlan {
        entryFeedPositions = model.collections.map { _ in [] }
        var plan = SitePlan()
        let urls = SiteURLs(baseURL: options.baseURL, prefix: options.prefix)
        plan.add(SitePaths.feed, input: nil, text: { SiteFeeds.site(model, urls: urls) })
        let versionDate = SiteFingerprint { $0.add(model.version.date.iso8601) }
        // Each entry's feed and JSON name their entry by position in a box shared by all of them: capturing the entry,
        // each of 10,000 functions held a copy of it (every field retained), made and let go on every publish.
        let entries = EntryData(model: model, urls: urls)
        for (c, collection) in model.collections.enumerated() {
            let collectionKey = keys.collections[collection.name]
            let undated = collection.entries.allSatisfy { $0.history.isEmpty }
            plan.add(SitePaths.collectionFeed(collection.name), input: keys.file("collection-feed", collectionKey, undated ? versionDate : nil),
                     text: { SiteFeeds.collection(collection, model: model, urls: urls) })
            var entryInputs: [SiteFingerprint?] = []
            entryInputs.reserveCapacity(collection.entries.count)
            entryFeedPositions[c].reserveCapacity(collection.entries.count)
            for e in collection.entries.indices {
                let entryKey = keys.entry(c, e)
                // An entry without a fingerprint of its own has no object kept in its collection's file.
                let jsonInput = keys.file("entry-json", entryKey)
                entryInputs.append(entryKey == nil ? nil : jsonInput)
                let name = collection.entries[e].collection, id = collection.entries[e].id
                entryFeedPositions[c].append(plan.add(SitePaths.entryFeed(name, id),
                                                      input: keys.file("entry-feed", entryKey, collection.entries[e].history.isEmpty ? versionDate : nil),
                                                      text: { entries.feed(c, e) }))
                plan.add(SitePaths.entryJSON(name, id), input: jsonInput, { entries.json(c, e) })
            }
            plan.add(SitePaths.collectionJSON(collection.name), input: keys.file("collection-json", collectionKey),
                     stream: { SiteJSON.writeCollection(collection, model: model, to: $0) })
            plan.setPatch(SitePaths.collectionJSON(collection.name)) { source in
                SiteJSON.patchCollection(collection, model: model, entryInputs: entryInputs, source: source)
            }
        }
        if urls.baseURL != nil { plan.add(SitePaths.sitemap, input: nil, text: { SiteMap.xml(model, urls: urls) ?? "" }) }
        return plan
    }

    /// Every HTML page of the site (as `SitePaths` places them), for the sitemap.
    public static func pages(_ model: SiteModel) -> [String] {
        var pages = [SitePaths.home, SitePaths.changelog, SitePaths.searchPage]
        for collection in model.collections {
            pages.append(SitePaths.collection(collection.name))
            if DocumentCollections.names.contains(collection.name), !collection.entries.isEmpty { pages.append(SitePaths.document(collection.name)) }
            for entry in collection.entries { pages.append(SitePaths.entry(entry.collection, entry.id)) }
        }
        for release in model.releases { pages.append(SitePaths.release(release.release.name)) }
        return pages
    }
}

/// The entries' feeds and JSON files of `SiteData.plan`, each made by position.
private final class EntryData: @unchecked Sendable {
    private let model: SiteModel
    private let urls: SiteURLs

    init(model: SiteModel, urls: SiteURLs) {
        self.model = model
        self.urls = urls
    }

    /// The feed of entry `e` of collection `c`.
    func feed(_ c: Int, _ e: Int) -> String { SiteFeeds.entry(model.collections[c].entries[e], model: model, urls: urls) }

    /// The JSON file of entry `e` of collection `c`.
    func json(_ c: Int, _ e: Int) -> [UInt8] { SiteJSON.entryFile(model.collections[c].entries[e]) }
}

/// How the data files address the site's pages.
struct SiteURLs {
    /// The base URL with its trailing `/`; nil: relative links.
    let baseURL: String?
    /// Where the site sits below the published folder's root (`SiteRenderOptions.prefix`).
    let prefix: String

    init(baseURL: String?, prefix: String) {
        self.baseURL = baseURL.map { $0.hasSuffix("/") ? $0 : $0 + "/" }
        self.prefix = prefix
    }

    /// The absolute address of a site path; a folder's `index.html` is left off (every web server serves it).
    func absolute(_ path: String) -> String? {
        guard let baseURL else { return nil }
        var full = prefix + path
        if full == "index.html" { full = "" } else if full.hasSuffix("/index.html") { full.removeLast("index.html".count) }
        return baseURL + full.split(separator: "/", omittingEmptySubsequences: false).map { Self.percentEncoded(String($0)) }.joined(separator: "/")
    }

    /// The link from the file at `from` to the page at `to`: absolute with a base URL, else relative.
    func link(from: String, to: String) -> String {
        absolute(to) ?? SitePaths.relative(from: from, to: to)
    }

    /// A path segment with what URLs do not take as it is percent-encoded (ids are `[a-z0-9-]`, collection names
    /// too, but a release name is a tag name).
    static func percentEncoded(_ segment: String) -> String {
        // Ids and collection names: nothing to encode (every byte one the loop below keeps as it is).
        if segment.utf8.allSatisfy({ byte in
            (0x30...0x39).contains(byte) || (0x41...0x5A).contains(byte) || (0x61...0x7A).contains(byte) || byte == 0x2D || byte == 0x2E
                || byte == 0x5F || byte == 0x7E
        }) { return segment }
        var out = ""
        for byte in segment.utf8 {
            let c = Character(Unicode.Scalar(byte))
            if byte < 0x80, c.isLetter || c.isNumber || "-._~".contains(c) {
                out.append(c)
            } else {
                out += "%" + String(byte, radix: 16, uppercase: true).leftPadded(2)
            }
        }
        return out
    }
}

extension String {
    fileprivate func leftPadded(_ width: Int) -> String { count >= width ? self : String(repeating: "0", count: width - count) + self }
}
