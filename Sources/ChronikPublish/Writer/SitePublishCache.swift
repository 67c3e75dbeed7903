import ChronikStore
import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// What the last publish into a folder rendered (issue 15, "Incremental"): for each file of the site, the
/// fingerprint of its inputs (`SiteFingerprint`), the checksum of its bytes (as the site's manifest has it) and its
/// size. The next publish into the same folder keeps a file whose inputs have the same fingerprint (hard-linked from
/// the old site, not rendered), when the old site's manifest still has that checksum for it and the file still has
/// that size; everything else is rendered.
///
/// One file per target folder under `.git/chronik/site-cache/` (`<checksum of the folder's path>.cache`), written
/// like the other caches: a header naming the format, the folder and the published version, a line per file, and a
/// last line with the checksum of everything before it. A cache that does not verify (damaged, truncated, another
/// folder's, an older format) is not used: the publish renders every file. It is written only after the new site
/// was swapped in, so it never describes a publish that failed; when it cannot be written, the next publish is a
/// full one.
struct SitePublishCache {
    static let header = "chronik-site-cache 1"

    struct Record: Equatable {
        var input: SiteFingerprint
        var checksum: String
        var size: Int
    }

    /// Path → what was published there.
    var records: [String: Record] = [:]
    /// The version the cached site showed (full id), for the record.
    var version: String = ""

    /// The cache file of `target` in `directory`.
    static func file(in directory: URL, target: URL) -> URL {
        var path = target.standardizedFileURL.path
        let sum = path.withUTF8 { Checksum.of(UnsafeRawBufferPointer($0)) }
        return directory.appendingPathComponent("\(Checksum.hex(sum)).cache")
    }

    /// The cache of `target`, nil when there is none or it does not verify.
    static func read(directory: URL, target: URL) -> SitePublishCache? {
        guard let data = FileManager.default.contents(atPath: file(in: directory, target: target).path) else { return nil }
        return parse(data, target: target)
    }

    static func parse(_ data: Data, target: URL) -> SitePublishCache? {
        let bytes = [UInt8](data)
        // The last line: `end TAB <checksum of every byte before it>`.
        guard bytes.last == 0x0A else { return nil }
        let body = bytes.dropLast()
        guard let lastBreak = body.lastIndex(of: 0x0A) else { return nil }
        let content = bytes[..<(lastBreak + 1)]
        let last = String(decoding: bytes[(lastBreak + 1)..<(bytes.count - 1)], as: UTF8.self)
        let sum = content.withUnsafeBytes { Checksum.of($0) }
        guard last == "end\t" + Checksum.hex(sum) else { return nil }
        let lines = String(decoding: content, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false).dropLast()
        guard lines.count >= 3, lines[0] == header, lines[1] == "target\t" + target.standardizedFileURL.path,
              lines[2].hasPrefix("version\t") else { return nil }
        var cache = SitePublishCache()
        cache.version = String(lines[2].dropFirst("version\t".count))
        for line in lines.dropFirst(3) {
            let parts = line.split(separator: "\t", omittingEmptySubsequences: false)
            guard parts.count == 4, let input = SiteFingerprint(hex: parts[1]), parts[2].count == 16, let size = Int(parts[3]) else { return nil }
            cache.records[String(parts[0])] = Record(input: input, checksum: String(parts[2]), size: size)
        }
        return cache
    }

    /// The file's bytes, in `order` (paths with a tab or line break are left out: they are rendered every time).
    func serialized(target: URL, order: [String]) -> [UInt8] {
        var out = Self.header + "\n" + "target\t" + target.standardizedFileURL.path + "\n" + "version\t" + version + "\n"
        for path in order {
            guard let record = records[path], !path.contains("\t"), !path.contains("\n") else { continue }
            out += "\(path)\t\(record.input.hex)\t\(record.checksum)\t\(record.size)\n"
        }
        var bytes = Array(out.utf8)
        let sum = bytes.withUnsafeBytes { Checksum.of($0) }
        bytes += Array("end\t\(Checksum.hex(sum))\n".utf8)
        return bytes
    }

    /// Writes the cache of `target` (a temporary file renamed into place). Best effort: a cache that cannot be
    /// written only makes the next publish a full one; an old cache that could not be replaced is removed, so it
    /// cannot describe a site it no longer matches.
    func write(directory: URL, target: URL, order: [String]) {
        let destination = Self.file(in: directory, target: target)
        let temporary = directory.appendingPathComponent(".\(destination.lastPathComponent).\(getpid())-\(UInt32.random(in: 0...UInt32.max)).tmp")
        do {
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
            try Data(serialized(target: target, order: order)).write(to: temporary)
            guard rename(temporary.path, destination.path) == 0 else { throw CocoaError(.fileWriteUnknown) }
        } catch {
            try? FileManager.default.removeItem(at: temporary)
            try? FileManager.default.removeItem(at: destination)
        }
    }

    /// Removes the cache of `target` (before a publish that may change the site without writing a new one).
    static func remove(directory: URL, target: URL) {
        try? FileManager.default.removeItem(at: file(in: directory, target: target))
    }
}

extension SiteFingerprint {
    init?(hex: Substring) {
        guard hex.count == 32, let words = UInt64(hex.prefix(16), radix: 16), let bytes = UInt64(hex.suffix(16), radix: 16) else { return nil }
        self.init(words: words, bytes: bytes)
    }
}
