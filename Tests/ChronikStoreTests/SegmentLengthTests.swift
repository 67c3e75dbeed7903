import Foundation
import Testing
@testable import ChronikStore

/// inc15j: segment lines carry their value's length, so opening a cache passes over the values instead of reading
/// them. A segment of the format before (no lengths) is still read by a scan and merged into the new form; a damaged
/// length or prefix never serves a value that was not stored under its key.
@Suite struct SegmentLengthTests {
    private static func folder() -> URL {
        FileManager.default.temporaryDirectory.appendingPathComponent("chronik-segment-lengths-\(UUID().uuidString)", isDirectory: true)
    }

    private static func segmentFiles(_ folder: URL) throws -> [URL] {
        try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted()
            .filter { $0.hasSuffix("." + SegmentCache.segmentExtension) }.map { folder.appendingPathComponent($0) }
    }

    private static func sum(_ key: String, _ value: [UInt8]) -> UInt64 {
        var k = key
        let keySum = k.withUTF8 { Checksum.of(UnsafeRawBufferPointer($0)) }
        return value.withUnsafeBytes { Checksum.of($0, continuing: keySum) }
    }

    /// A segment of format 2 (`KEY TAB SUM TAB VALUE NEWLINE`), as chronik wrote them before lengths.
    private static func scannedSegment(_ lines: [(String, [UInt8])]) -> [UInt8] {
        var out = SegmentCache.scannedHeader
        for (key, value) in lines {
            out += Array(key.utf8) + [0x09] + Array(Checksum.hex(sum(key, value)).utf8) + [0x09] + value + [0x0A]
        }
        return out
    }

    private static func randomValue(_ random: inout SplitMix64, _ length: Int) -> [UInt8] {
        (0..<length).map { _ in
            let b = UInt8(truncatingIfNeeded: random.next())
            return b == 0x0A ? 0x0B : b
        }
    }

    private static func streamed(_ cache: SegmentCache, _ key: String) -> [UInt8]? {
        var out: [UInt8] = []
        let ok = cache.streamValue(forKey: key, chunkSize: 777, begin: { out = [] }, consume: { out += $0; return true })
        return ok ? out : nil
    }

    @Test func segmentsWithoutLengthsAreReadAndMergedIntoTheNewForm() throws {
        let folder = Self.folder()
        defer { try? FileManager.default.removeItem(at: folder) }
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        var random = SplitMix64(seed: 1515)
        let big = Self.randomValue(&random, 3 * SegmentCache.writeBufferSize)
        let old: [(String, [UInt8])] = [("a", Array("eins".utf8)), ("b", big), ("c", []), ("shared", Array("old".utf8))]
        try Data(Self.scannedSegment(old)).write(to: folder.appendingPathComponent("0000000000000001-old.records"))
        let first = SegmentCache(folder: folder)
        #expect(first.count == 4)
        for (key, value) in old {
            #expect(first.value(forKey: key, { [UInt8]($0) }) == value)
            #expect(Self.streamed(first, key) == value)
        }
        // A newer segment (with lengths) wins over the older one without.
        #expect(first.add(Array("new".utf8), forKey: "shared"))
        first.flush()
        #expect(SegmentCache(folder: folder).value(forKey: "shared", { [UInt8]($0) }) == Array("new".utf8))
        for run in 2..<SegmentCache.compactionThreshold {
            let cache = SegmentCache(folder: folder)
            #expect(cache.add(Array("r\(run)".utf8), forKey: "run-\(run)"))
            cache.flush()
        }
        let files = try Self.segmentFiles(folder)
        #expect(files.count == 1, "merged")
        let merged = try [UInt8](Data(contentsOf: files[0]))
        #expect(Array(merged.prefix(SegmentCache.formatHeader.count)) == SegmentCache.formatHeader)
        let reread = SegmentCache(folder: folder)
        for (key, value) in old where key != "shared" {
            #expect(reread.value(forKey: key, { [UInt8]($0) }) == value)
            #expect(reread.candidateArrays(forKey: key) == [value], "one line per key after the merge")
        }
        #expect(reread.value(forKey: "shared", { [UInt8]($0) }) == Array("new".utf8))
        #expect(reread.value(forKey: "run-5", { [UInt8]($0) }) == Array("r5".utf8))
    }

    @Test func longKeysAndValuesAroundTheReadingWindowReadBack() throws {
        let folder = Self.folder()
        defer { try? FileManager.default.removeItem(at: folder) }
        var random = SplitMix64(seed: 4096)
        let window = SegmentCache.lineWindow
        var lines: [(String, [UInt8])] = []
        let cache = SegmentCache(folder: folder)
        for k in 0..<120 {
            let key: String
            switch random.next() % 8 {
            case 0: key = "long-\(k)-" + String(repeating: "x", count: window - 20 + Int(random.next() % 60))
            case 1: key = "longer-\(k)-" + String(repeating: "y", count: 3 * window + Int(random.next() % 100))
            // Around the bytes first asked for at a line's start (`lineHead`, inc15p): the key, or its checksum and
            // length, end just before, on or after them.
            case 2: key = "head-\(k)-" + String(repeating: "h", count: SegmentCache.lineHead - 50 + Int(random.next() % 60))
            default: key = "k\(k)"
            }
            let length: Int
            switch random.next() % 5 {
            case 0: length = window - 60 + Int(random.next() % 120)
            case 1: length = 2 * window + Int(random.next() % 40)
            case 2: length = SegmentCache.writeBufferSize + Int(random.next() % 5)
            case 3: length = 0
            default: length = Int(random.next() % 300)
            }
            let value = Self.randomValue(&random, length)
            #expect(cache.add(value, forKey: key))
            lines.append((key, value))
        }
        cache.flush()
        let reread = SegmentCache(folder: folder)
        #expect(reread.count == lines.count)
        for (key, value) in lines {
            #expect(reread.value(forKey: key, { [UInt8]($0) }) == value, "\(key.prefix(20))")
            #expect(reread.newestLength(forKey: key) == value.count)
        }
    }

    /// Seeded damage to a segment (changed bytes anywhere, in the lengths and tabs especially, and cuts): a value
    /// served under a key is always the one stored under it, and every line before the first damaged byte is served.
    @Test func damagedLengthsAndPrefixesNeverServeAnotherValue() throws {
        var random = SplitMix64(seed: 2026)
        for round in 0..<150 {
            let folder = Self.folder()
            defer { try? FileManager.default.removeItem(at: folder) }
            let cache = SegmentCache(folder: folder)
            var stored: [String: [UInt8]] = [:]
            var order: [String] = []
            for k in 0..<(3 + Int(random.next() % 25)) {
                let key = "r\(round)-\(k)" + (random.next() % 10 == 0 ? String(repeating: "z", count: 5000) : "")
                let length: Int
                switch random.next() % 6 {
                case 0: length = SegmentCache.lineWindow + Int(random.next() % 9000)
                case 1: length = 0
                default: length = Int(random.next() % 400)
                }
                // Values alike in shape, so that a length pointing at another value reads something plausible.
                let value = Array(repeating: UInt8(0x61 + k % 3), count: length)
                #expect(cache.add(value, forKey: key))
                stored[key] = value
                order.append(key)
            }
            cache.flush()
            let file = try #require(try Self.segmentFiles(folder).first)
            var bytes = try [UInt8](Data(contentsOf: file))
            let original = bytes
            // Where each line ends (its newline), to know which lines lie before the first damaged byte.
            var ends: [Int] = []
            for (k, b) in original.enumerated() where b == 0x0A && k >= SegmentCache.formatHeader.count { ends.append(k) }
            var firstDamage = bytes.count
            switch random.next() % 4 {
            case 0:
                // A cut.
                let cut = SegmentCache.formatHeader.count + Int(random.next() % UInt64(bytes.count - SegmentCache.formatHeader.count))
                bytes.removeSubrange(cut...)
                firstDamage = cut
            case 1:
                // A digit of a length field changed (a line's third tab is 17 bytes after its second).
                var tabs: [Int] = []
                var inPrefix = 0
                for (k, b) in original.enumerated() where k >= SegmentCache.formatHeader.count {
                    if b == 0x0A { inPrefix = 0; continue }
                    if b == 0x09, inPrefix < 3 {
                        inPrefix += 1
                        if inPrefix == 2 { tabs.append(k) }
                    }
                }
                let tab = tabs[Int(random.next() % UInt64(tabs.count))]
                let at = tab + 1 + Int(random.next() % 16)
                let digits = Array("0123456789abcdefg\t\n".utf8)
                var new = digits[Int(random.next() % UInt64(digits.count))]
                if new == bytes[at] { new = new == 0x30 ? 0x31 : 0x30 }
                bytes[at] = new
                firstDamage = at
            default:
                // One to three bytes changed anywhere (tabs and newlines among the new bytes).
                for _ in 0..<(1 + Int(random.next() % 3)) {
                    let at = SegmentCache.formatHeader.count + Int(random.next() % UInt64(bytes.count - SegmentCache.formatHeader.count))
                    let choices: [UInt8] = [0x09, 0x0A, 0x30, 0x66, 0x61, 0x62, UInt8(truncatingIfNeeded: random.next())]
                    var new = choices[Int(random.next() % UInt64(choices.count))]
                    if new == bytes[at] { new ^= 0x01 }
                    bytes[at] = new
                    firstDamage = min(firstDamage, at)
                }
            }
            try Data(bytes).write(to: file)
            let damaged = SegmentCache(folder: folder)
            let whole = ends.filter { $0 < firstDamage }.count
            for (k, key) in order.enumerated() {
                let value = stored[key]!
                let served = damaged.value(forKey: key, { [UInt8]($0) })
                #expect(served == nil || served == value, "seed 2026, round \(round), line \(k)")
                for candidate in damaged.candidateArrays(forKey: key) { #expect(candidate == value, "seed 2026, round \(round), line \(k)") }
                let piecewise = Self.streamed(damaged, key)
                #expect(piecewise == nil || piecewise == value, "seed 2026, round \(round), line \(k)")
                if k < whole { #expect(served == value, "seed 2026, round \(round): line \(k) lies before the damage") }
            }
        }
    }
}
