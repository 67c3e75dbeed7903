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

    /// What was published at each path, in the order of the file (the plan's: the writer looks the new plan's paths
    /// up by walking beside it, `SitePathTable`).
    var table = SitePathTable<Record>()
    /// Path → what was published there.
    var records: [String: Record] {
        get { table.dictionary }
        set { table = SitePathTable(newValue) }
    }
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

    /// The cache in `data` (a file `serialized` wrote): its lines read on their bytes (the line-per-line `String`
    /// splitting of `referenceParse` was 2.4 % of an incremental publish of the medium site); a file that is not
    /// exactly as `serialized` writes it goes through `referenceParse`, which decides. `SitePublishCacheFormatTests`
    /// hold the two to each other.
    static func parse(_ data: Data, target: URL) -> SitePublishCache? {
        if let cache = data.withUnsafeBytes({ fastParse($0, target: target) }) { return cache }
        return referenceParse(data, target: target)
    }

    /// nil when `raw` is not as `serialized` writes it (or does not verify: `referenceParse` says so too).
    static func fastParse(_ raw: UnsafeRawBufferPointer, target: URL) -> SitePublishCache? {
        let bytes = raw.bindMemory(to: UInt8.self)
        let n = bytes.count
        let tab = UInt8(ascii: "\t"), newline = UInt8(ascii: "\n")
        guard n > 0, bytes[n - 1] == newline else { return nil }
        // The last line: `end TAB <checksum of every byte before it>`.
        var lastBreak = n - 2
        while lastBreak >= 0, bytes[lastBreak] != newline { lastBreak -= 1 }
        guard lastBreak >= 0 else { return nil }
        let sum = Checksum.of(UnsafeRawBufferPointer(rebasing: raw[..<(lastBreak + 1)]))
        guard bytes[(lastBreak + 1)..<(n - 1)].elementsEqual(Array(("end\t" + Checksum.hex(sum)).utf8)) else { return nil }
        // The three header lines.
        let head = Array((header + "\ntarget\t" + target.standardizedFileURL.path + "\nversion\t").utf8)
        guard head.count <= lastBreak, bytes[..<head.count].elementsEqual(head) else { return nil }
        var i = head.count
        var end = i
        while end < n, bytes[end] != newline { end += 1 }
        guard end <= lastBreak, bytes[i..<end].allSatisfy({ $0 >= 0x20 && $0 < 0x80 }) else { return nil }
        let version = String(decoding: UnsafeBufferPointer(rebasing: bytes[i..<end]), as: UTF8.self)
        i = end + 1
        /// 16 lowercase hexadecimal digits at `at` as a number (`HexDigits`: a digit at a time, with a `switch`, the
        /// three fields of 18,000 records were about 1 % of an incremental publish of the medium site).
        func hex16(_ at: Int) -> UInt64? { HexDigits.sixteen(raw.baseAddress! + at) }
        var paths: [String] = [], records: [Record] = []
        paths.reserveCapacity((lastBreak - i) / 80)
        records.reserveCapacity((lastBreak - i) / 80)
        while i <= lastBreak {
            // `path TAB input(32) TAB checksum(16) TAB size NL`, the path without a tab or line break.
            var j = i
            while j < lastBreak, bytes[j] != tab, bytes[j] != newline { j += 1 }
            let fields = j + 1
            guard j < lastBreak, bytes[j] == tab, fields + 51 <= lastBreak, bytes[fields + 32] == tab, bytes[fields + 49] == tab,
                  let words = hex16(fields), let sums = hex16(fields + 16), hex16(fields + 33) != nil else { return nil }
            var k = fields + 50, size = 0
            while k <= lastBreak, bytes[k] != newline {
                guard (0x30...0x39).contains(bytes[k]), k - (fields + 50) < 18 else { return nil }
                size = size * 10 + Int(bytes[k] - 0x30)
                k += 1
            }
            guard k <= lastBreak, k > fields + 50 else { return nil }
            let path = String(decoding: UnsafeBufferPointer(rebasing: bytes[i..<j]), as: UTF8.self)
            let checksum = String(decoding: UnsafeBufferPointer(rebasing: bytes[(fields + 33)..<(fields + 49)]), as: UTF8.self)
            paths.append(path)
            records.append(Record(input: SiteFingerprint(words: words, bytes: sums), checksum: checksum, size: size))
            i = k + 1
        }
        var cache = SitePublishCache()
        cache.version = version
        cache.table = SitePathTable(paths: paths, values: records)
        return cache
    }

    /// The cache read line by line as `String`s: the definition `parse` keeps to.
    static func referenceParse(_ data: Data, target: URL) -> SitePublishCache? {
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
        var records: [String: Record] = [:]
        for line in lines.dropFirst(3) {
            let parts = line.split(separator: "\t", omittingEmptySubsequences: false)
            guard parts.count == 4, let input = SiteFingerprint(hex: parts[1]), parts[2].count == 16, let size = Int(parts[3]) else { return nil }
            records[String(parts[0])] = Record(input: input, checksum: String(parts[2]), size: size)
        }
        cache.records = records
        return cache
    }

    /// The file's bytes, in `order` (paths with a tab or line break are left out: they are rendered every time).
    func serialized(target: URL, order: [String]) -> [UInt8] {
        let records = self.records
        return serialized(target: target, count: order.count) { add in
            for path in order { if let record = records[path] { add(path, record) } }
        }
    }

    /// The file's bytes, in the table's order (a publish's records: the plan's order, each path once).
    func serialized(target: URL) -> [UInt8] {
        serialized(target: target, count: table.count) { add in
            for (path, record) in zip(table.paths, table.values) { add(path, record) }
        }
    }

    private func serialized(target: URL, count: Int, _ each: ((String, Record) -> Void) -> Void) -> [UInt8] {
        var bytes = Array((Self.header + "\n" + "target\t" + target.standardizedFileURL.path + "\n" + "version\t" + version + "\n").utf8)
        bytes.reserveCapacity(bytes.count + count * 100)
        let digits: StaticString = "0123456789abcdef"
        // A record's fields after its path are made in a small buffer and appended at once: appended a byte at a time
        // (each byte's capacity check), with the size made a `String`, the 18,000 records were about 1 % of an
        // incremental publish of the medium site (inc15l). `SitePublishCacheFormatTests` hold the bytes to
        // `referenceSerialized`.
        var line = [UInt8](repeating: 0, count: 64)
        each { path, record in
            var path = path
            let plain = path.withUTF8 { p -> Bool in
                guard !p.contains(UInt8(ascii: "\t")), !p.contains(UInt8(ascii: "\n")) else { return false }
                bytes.append(contentsOf: p)
                return true
            }
            guard plain else { return }
            line.withUnsafeMutableBufferPointer { out in
                digits.withUTF8Buffer { digits in
                    out[0] = UInt8(ascii: "\t")
                    let words = record.input.words, sums = record.input.bytes
                    for k in 0..<16 {
                        out[1 + k] = digits[Int(words >> UInt64(60 - 4 * k) & 0xF)]
                        out[17 + k] = digits[Int(sums >> UInt64(60 - 4 * k) & 0xF)]
                    }
                    out[33] = UInt8(ascii: "\t")
                }
                bytes.append(contentsOf: UnsafeBufferPointer(rebasing: out[0..<34]))
            }
            var checksum = record.checksum
            checksum.withUTF8 { bytes.append(contentsOf: $0) }
            line.withUnsafeMutableBufferPointer { out in
                // The size in decimal, its digits written backwards from the end, between a tab and a line break.
                var at = out.count - 1
                out[at] = UInt8(ascii: "\n")
                var size = record.size.magnitude
                repeat {
                    at -= 1
                    out[at] = UInt8(ascii: "0") + UInt8(size % 10)
                    size /= 10
                } while size > 0
                if record.size < 0 {
                    at -= 1
                    out[at] = UInt8(ascii: "-")
                }
                at -= 1
                out[at] = UInt8(ascii: "\t")
                bytes.append(contentsOf: UnsafeBufferPointer(rebasing: out[at...]))
            }
        }
        let sum = bytes.withUnsafeBytes { Checksum.of($0) }
        bytes += Array("end\t\(Checksum.hex(sum))\n".utf8)
        return bytes
    }

    /// `serialized` as `String`s: the definition it keeps to (`SitePublishCacheFormatTests`).
    func referenceSerialized(target: URL, order: [String]) -> [UInt8] {
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
    ///
    /// `read`: the cache this publish read from the file (`read(directory:target:)`). When this one is the same (the
    /// version, every path and record, in the same order: a publish with no new version keeps every file), the file
    /// already reads as this cache and is left, only touched (`SiteCacheFile.touch`): making and writing its 18,000
    /// lines again was about 1 % of such a publish of the medium site. Its records still describe the new site: a
    /// kept file is the old site's or the spare's file as the record has it (the writer checked its manifest's
    /// checksum, size and change time), and the next publish checks each record against the site's manifest anyway.
    func write(directory: URL, target: URL, read: SitePublishCache? = nil) {
        let destination = Self.file(in: directory, target: target)
        if let read, read.holdsTheSame(as: self), SiteCacheFile.touch(destination) { return }
        SiteCacheFile.replace(destination, in: directory, with: serialized(target: target))
    }

    /// Whether `other` has this cache's version and records, path by path in the same order.
    func holdsTheSame(as other: SitePublishCache) -> Bool {
        version == other.version && table.paths == other.table.paths && table.values == other.table.values
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

/// Lowercase hexadecimal digits read eight at a time, as the bytes of one 64-bit word (SWAR: every byte's test and
/// value made by the word's arithmetic, no byte crossing into its neighbour). `SitePublishCacheFormatTests` hold it to
/// `referenceSixteen` (every byte value at every place, and seeded runs).
enum HexDigits {
    private static let ones: UInt64 = 0x0101_0101_0101_0101
    private static let highBits: UInt64 = 0x8080_8080_8080_8080

    /// The high bit of each byte of `x` (each below 0x80) set when the byte is at least `low`.
    @inline(__always) private static func atLeast(_ x: UInt64, _ low: UInt8) -> UInt64 {
        (x &+ ones &* UInt64(0x80 - low)) & highBits
    }

    /// The value of the eight digits at `p` (the first one the highest), nil when a byte is not `0`–`9` or `a`–`f`.
    @inline(__always) static func eight(_ p: UnsafeRawPointer) -> UInt64? {
        // The first digit in the word's highest byte.
        let x = UInt64(bigEndian: p.loadUnaligned(as: UInt64.self))
        // Bytes of 0x80 and more first: below it, adding at most 0x80 carries into no other byte.
        guard x & highBits == 0 else { return nil }
        let digit = atLeast(x, 0x30) & ~atLeast(x, 0x3A)
        let letter = atLeast(x, 0x61) & ~atLeast(x, 0x67)
        guard digit | letter == highBits else { return nil }
        // A digit's value is its low four bits; a letter's (`a` is 0x61) its low four bits plus nine.
        var v = (x & 0x0F0F_0F0F_0F0F_0F0F) &+ (letter >> 7) &* 9
        // Each pair of bytes into one, then each pair of those, then the two halves: eight nibbles in 32 bits.
        v = (v | v >> 4) & 0x00FF_00FF_00FF_00FF
        v = (v | v >> 8) & 0x0000_FFFF_0000_FFFF
        return (v | v >> 16) & 0xFFFF_FFFF
    }

    /// The value of the sixteen digits at `p`, nil when a byte is not `0`–`9` or `a`–`f`.
    @inline(__always) static func sixteen(_ p: UnsafeRawPointer) -> UInt64? {
        guard let high = eight(p), let low = eight(p + 8) else { return nil }
        return high << 32 | low
    }

    /// `sixteen` a digit at a time: the definition it keeps to.
    static func referenceSixteen(_ bytes: some Collection<UInt8>) -> UInt64? {
        guard bytes.count == 16 else { return nil }
        var value: UInt64 = 0
        for b in bytes {
            switch b {
            case 0x30...0x39: value = value << 4 | UInt64(b - 0x30)
            case 0x61...0x66: value = value << 4 | UInt64(b - 0x61 + 10)
            default: return nil
            }
        }
        return value
    }
}
