import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Bounds the publish cache's folder (`.git/chronik/site-cache/`): it keeps a cache file (`<checksum of the
/// target>.cache`) and a search file (`.search`) per target folder ever published to, 51 MB a target on the large
/// benchmark store, and a folder published to once (a preview, `-o $(mktemp -d)`) kept its pair for ever. After a
/// publish, the pairs of the `maximum` targets published to most recently are kept (the publish's own always), the
/// others removed. A removed pair costs the next publish into that folder what a publish without cache costs; the
/// files shared by every target (histories, releases, outlines, block slices) are not touched.
enum SiteCachePruning {
    /// How many targets keep their pair.
    static let maximum = 8

    /// The kinds of a target's files, by extension.
    static let extensions: Set<String> = ["cache", "search"]

    /// Removes the pairs of all but the `maximum` most recently written targets in `directory`, never `current`'s
    /// (the stem of `SitePublishCache.file(in:target:)`). A target's time is its newest file's modification time;
    /// equal times are ordered by the stem, so the outcome does not depend on the listing's order. Best effort: a
    /// file that cannot be looked at or removed is left.
    static func prune(directory: URL, keeping current: String, maximum: Int = maximum) {
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: directory.path) else { return }
        var newest: [String: (seconds: Int, nanoseconds: Int)] = [:]
        var files: [String: [String]] = [:]
        for name in names {
            guard let dot = name.lastIndex(of: "."), extensions.contains(String(name[name.index(after: dot)...])) else { continue }
            let stem = String(name[..<dot])
            // A cache file's stem is 16 hex digits (a temporary file starts with a dot and is left alone).
            guard stem.utf8.count == 16, stem.utf8.allSatisfy({ (48...57).contains($0) || (97...102).contains($0) }) else { continue }
            var info = stat()
            guard lstat(directory.appendingPathComponent(name).path, &info) == 0, info.st_mode & S_IFMT == S_IFREG else { continue }
            let time = (Int(info.st_mtim.tv_sec), Int(info.st_mtim.tv_nsec))
            if let known = newest[stem], known >= time {} else { newest[stem] = time }
            files[stem, default: []].append(name)
        }
        let others = newest.keys.filter { $0 != current }.sorted { a, b in
            let (x, y) = (newest[a]!, newest[b]!)
            return x != y ? x > y : a < b
        }
        for stem in others.dropFirst(max(0, maximum - 1)) {
            for name in files[stem] ?? [] { _ = unlink(directory.appendingPathComponent(name).path) }
        }
    }
}
