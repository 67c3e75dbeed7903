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
        precondition(Self.isSitePath(path), "site path \(path)")
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

    /// Whether `path` is a site path (no leading `/`, no `..` component), taken on its UTF-8 bytes, where the file
    /// system takes it: splitting each of the 18,000 paths into an array of `Substring`s was 1.3 % of an incremental
    /// publish of the medium site (inc15g). A `/` or `.` joined to a combining mark is one `Character` to `split` but
    /// two bytes to the file system: such a path is refused here (`SitePathCheckTests` hold it to the split on bytes,
    /// and to the split on `Character`s for paths without combining marks).
    static func isSitePath(_ path: String) -> Bool {
        var path = path
        return path.withUTF8 { bytes in
            let slash = UInt8(ascii: "/"), dot = UInt8(ascii: ".")
            if bytes.first == slash { return false }
            var start = 0
            for i in 0...bytes.count where i == bytes.count || bytes[i] == slash {
                if i - start == 2, bytes[start] == dot, bytes[start + 1] == dot { return false }
                start = i + 1
            }
            return true
        }
    }
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
    /// site works from disk. Every link of every page is made here (a tenth of a medium site's links were 3 % of a
    /// publish through `split` and `joined`): ASCII paths (ids and collection names are; a release's name may not be)
    /// are cut on their bytes, others go through `referenceRelative`, whose components compare as `Character`s.
    public static func relative(from: String, to: String) -> String {
        var from = from, to = to
        let link: String? = from.withUTF8 { f in
            to.withUTF8 { t -> String? in
                guard f.allSatisfy({ $0 < 0x80 }), t.allSatisfy({ $0 < 0x80 }) else { return nil }
                let slash = UInt8(ascii: "/")
                // The directories of `from` (every component but the last), and the components of `to`.
                var fromEnds: [Int] = []
                for k in f.indices where f[k] == slash { fromEnds.append(k) }
                var toEnds: [Int] = []
                for k in t.indices where t[k] == slash { toEnds.append(k) }
                toEnds.append(t.count)
                // Component k of `from`'s directory is f[start(k)..<fromEnds[k]]; of `to`, t[start(k)..<toEnds[k]].
                var common = 0, start = 0
                while common < fromEnds.count, common < toEnds.count - 1,
                      fromEnds[common] == toEnds[common],
                      f[start..<fromEnds[common]].elementsEqual(t[start..<toEnds[common]]) {
                    start = fromEnds[common] + 1
                    common += 1
                }
                let ups = fromEnds.count - common
                let restStart = common == 0 ? 0 : toEnds[common - 1] + 1
                var out: [UInt8] = []
                out.reserveCapacity(ups * 3 + t.count - restStart)
                for k in 0..<ups {
                    if k > 0 { out.append(slash) }
                    out.append(UInt8(ascii: "."))
                    out.append(UInt8(ascii: "."))
                }
                // `to`'s rest always has at least one component (possibly empty), joined after the `..`s.
                if ups > 0 { out.append(slash) }
                out.append(contentsOf: t[restStart...])
                return String(decoding: out, as: UTF8.self)
            }
        }
        guard let link else { return referenceRelative(from: from, to: to) }
        return link.isEmpty ? "./" : link
    }

    /// The definition `relative` keeps to: components split at `/`, the common directories dropped, `..` for each
    /// of `from`'s directories left, joined with `/` (SitePathsTests hold the two to each other on seeded paths).
    static func referenceRelative(from: String, to: String) -> String {
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
