import OrderedCollections

// The published site as files: a path relative to the site's root (`glossary/open-data/index.html`, no leading
// slash, `/` separated, never `..`) to its bytes. The page renderers, feeds, data files and the search index each
// return a `SiteFiles`; the publisher merges them and `SiteWriter` puts them on disk (into a temporary folder
// beside the target, swapped in; incremental: files whose bytes did not change are not rewritten).

/// A set of site files, in the order they were added.
public struct SiteFiles: Sendable, Hashable {
    public private(set) var files: OrderedDictionary<String, [UInt8]> = [:]

    public init() {}

    /// Adds (or replaces) the file at `path`.
    public mutating func add(_ path: String, _ bytes: [UInt8]) {
        precondition(!path.hasPrefix("/") && !path.split(separator: "/").contains(".."), "site path \(path)")
        files[path] = bytes
    }

    /// Adds a text file (UTF-8).
    public mutating func add(_ path: String, text: String) {
        add(path, Array(text.utf8))
    }

    /// Adds every file of `other` (replacing files at the same path).
    public mutating func merge(_ other: SiteFiles) {
        for (path, bytes) in other.files { files[path] = bytes }
    }

    public var count: Int { files.count }
}

/// Where the pages of the site live, so every renderer links the same way. Paths are relative to the site's root;
/// `relative(from:to:)` turns them into links that work when the folder is opened from disk.
public enum SitePaths {
    public static let home = "index.html"
    public static func collection(_ name: String) -> String { "\(name)/index.html" }
    public static func entry(_ collection: String, _ id: String) -> String { "\(collection)/\(id)/index.html" }
    public static let changelog = "changes/index.html"
    public static func release(_ name: String) -> String { "releases/\(name)/index.html" }
    /// The strategy text as one document (document-like collections in section order).
    public static func document(_ collection: String) -> String { "\(collection)/document.html" }
    public static let feed = "feed.xml"
    public static func collectionFeed(_ name: String) -> String { "\(name)/feed.xml" }
    public static func entryFeed(_ collection: String, _ id: String) -> String { "\(collection)/\(id)/feed.xml" }
    public static func collectionJSON(_ name: String) -> String { "\(name)/index.json" }
    public static func entryJSON(_ collection: String, _ id: String) -> String { "\(collection)/\(id)/index.json" }
    public static let sitemap = "sitemap.xml"
    public static let searchIndex = "search/index.json"
    public static let searchScript = "search/search.js"
    public static let searchPage = "search/index.html"
    public static let stylesheet = "assets/chronik.css"
    /// With `--releases`: every release's site under its own folder.
    public static func releaseSite(_ name: String) -> String { "v/\(name)/" }

    /// A relative link from the page at `from` to the file at `to` (both site paths); `index.html` is kept so the
    /// site works from disk.
    public static func relative(from: String, to: String) -> String {
        let fromDirectory = from.split(separator: "/", omittingEmptySubsequences: false).dropLast()
        let target = to.split(separator: "/", omittingEmptySubsequences: false)
        var common = 0
        while common < fromDirectory.count, common < target.count - 1, fromDirectory[fromDirectory.startIndex + common] == target[common] {
            common += 1
        }
        let ups = Array(repeating: "..", count: fromDirectory.count - common)
        let rest = target[common...].map(String.init)
        let link = (ups + rest).joined(separator: "/")
        return link.isEmpty ? "./" : link
    }
}
