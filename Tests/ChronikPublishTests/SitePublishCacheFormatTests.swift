import ChronikStore
import Foundation
import Testing
@testable import ChronikPublish

/// The publish cache's file read and written on its bytes (`SitePublishCache.parse`, `serialized`) against the
/// `String` code they replaced (`referenceParse`, `referenceSerialized`): the same bytes written, the same cache read,
/// on seeded caches and on files that verify but are not laid out as `serialized` writes them.
@Suite struct SitePublishCacheFormatTests {
    private let target = URL(fileURLWithPath: "/tmp/chronik-cache-format/_site")

    /// Path characters: ASCII, umlauts, a combining mark, an emoji, quotes, a tab and a line break (the writer leaves
    /// paths with either out). No carriage return: `referenceSerialized` let a path with "\r\n" through (one
    /// `Character`, not "\n"), writing a line that no reader takes; `serialized` leaves it out as well.
    private static let alphabet: [String] = ["a", "b", "z", "0", "9", "-", "/", ".", "ä", "ß", "e\u{301}", "😀", "\"", "\\", " ", "\t", "\n", "index.html"]

    private static func path(_ random: inout SplitMix64) -> String {
        (0..<(1 + Int(random.next() % 8))).map { _ in alphabet[Int(random.next() % UInt64(alphabet.count))] }.joined()
    }

    private static func cache(_ random: inout SplitMix64, count: Int) -> (SitePublishCache, [String]) {
        var cache = SitePublishCache()
        cache.version = Checksum.hex(random.next()) + Checksum.hex(random.next()).prefix(8)
        var order: [String] = []
        for _ in 0..<count {
            let path = Self.path(&random)
            let checksum = random.next() % 5 == 0 ? Checksum.hex(random.next()).uppercased() : Checksum.hex(random.next())
            let size = random.next() % 4 == 0 ? 0 : Int(random.next() % 10_000_000)
            cache.records[path] = .init(input: SiteFingerprint(words: random.next(), bytes: random.next()), checksum: checksum, size: size)
            order.append(path)
        }
        // Paths in the order, some twice or without a record.
        order.append(contentsOf: order.prefix(3))
        order.append("no/record.html")
        return (cache, order)
    }

    private func expectSame(_ data: Data, _ comment: Comment, sourceLocation: Testing.SourceLocation = #_sourceLocation) {
        let fast = SitePublishCache.parse(data, target: target), reference = SitePublishCache.referenceParse(data, target: target)
        #expect(fast?.records == reference?.records && fast?.version == reference?.version, comment, sourceLocation: sourceLocation)
    }

    /// `content` with the last line `serialized` ends a file with.
    private static func sealed(_ content: String) -> Data {
        var bytes = Array(content.utf8)
        let sum = bytes.withUnsafeBytes { Checksum.of($0) }
        bytes += Array("end\t\(Checksum.hex(sum))\n".utf8)
        return Data(bytes)
    }

    @Test func writtenAndReadAsTheReferenceDoes() {
        var random = SplitMix64(seed: 15_2026)
        for round in 0..<300 {
            let (cache, order) = Self.cache(&random, count: Int(random.next() % 40))
            let bytes = cache.serialized(target: target, order: order)
            #expect(bytes == cache.referenceSerialized(target: target, order: order), "round \(round)")
            let data = Data(bytes)
            expectSame(data, "round \(round)")
            let read = SitePublishCache.parse(data, target: target)
            let written = cache.records.filter { !$0.key.contains("\t") && !$0.key.contains("\n") }
            #expect(read?.records == written && read?.version == cache.version, "round \(round): read back")
            #expect(data.withUnsafeBytes { SitePublishCache.fastParse($0, target: target) } != nil || cache.records.values.contains { $0.checksum.contains { $0.isUppercase } },
                    "round \(round): read on its bytes")
            // Damaged: a byte changed, or cut short; another folder's.
            var damaged = bytes
            damaged[Int(random.next() % UInt64(damaged.count))] ^= UInt8(1 << (random.next() % 8))
            expectSame(Data(damaged), "round \(round): damaged")
            expectSame(Data(bytes.prefix(Int(random.next() % UInt64(bytes.count)))), "round \(round): truncated")
            #expect(SitePublishCache.parse(data, target: target.appendingPathComponent("other")) == nil)
        }
    }

    /// Files that verify but that `serialized` would not write: the reference decides for them.
    @Test func otherLayoutsAreLeftToTheReference() {
        let head = "\(SitePublishCache.header)\ntarget\t\(target.standardizedFileURL.path)\nversion\tabc\n"
        let input = Checksum.hex(1) + Checksum.hex(2), sum = Checksum.hex(3)
        let lines = [
            "a.html\t\(input)\t\(sum)\t12\n",  // as written
            "a.html\t\(input.uppercased())\t\(sum)\t12\n",  // uppercase fingerprint
            "a.html\t\(input)\t\(sum.uppercased())\t12\n",  // uppercase checksum
            "a.html\t\(input)\tzzzzzzzzzzzzzzzz\t12\n",  // a checksum of 16 other characters
            "a.html\t\(input)\t\(sum)\t+12\n",  // a signed size
            "a.html\t\(input)\t\(sum)\t-1\n",
            "a.html\t\(input)\t\(sum)\t\n",  // no size
            "a.html\t\(input)\t\(sum)\t12\textra\n",  // a fifth field
            "a.html\t\(input)\t\(sum)\t1234567890123456789012\n",  // a size too large
            "a.html\t\(input.dropLast())\t\(sum)\t12\n",  // a short fingerprint
            "ä/ö.html\t\(input)\t\(sum)\t7\n",  // a path that is not ASCII
            "\t\(input)\t\(sum)\t7\n",  // an empty path
            "a.html\r\t\(input)\t\(sum)\t7\n",  // a carriage return in the path
            "a.html\t\(input)\t\(sum)\t7\r\n",  // a carriage return before the line break
        ]
        for (k, line) in lines.enumerated() {
            expectSame(Self.sealed(head + line), "line \(k)")
            expectSame(Self.sealed(head + line + lines[0]), "line \(k), then one as written")
        }
        expectSame(Self.sealed(head), "no files")
        expectSame(Self.sealed(head.replacingOccurrences(of: "version\tabc", with: "version\ta\tb")), "a tab in the version")
        expectSame(Self.sealed(head.replacingOccurrences(of: "version\tabc\n", with: "")), "no version line")
        expectSame(Self.sealed("chronik-site-cache 0\n"), "another format")
        #expect(SitePublishCache.parse(Self.sealed(head + lines[0]), target: target)?.records["a.html"]?.size == 12)
        #expect(Self.sealed(head + lines[0] + lines[10]).withUnsafeBytes { SitePublishCache.fastParse($0, target: target) }?.records.count == 2)
    }

    /// The sizes at the ends of `Int` and fingerprints of all zero or all one bits, written as the reference does.
    @Test func extremeSizesAndFingerprintsAsTheReference() {
        var cache = SitePublishCache()
        cache.version = "v"
        let sizes = [0, 9, 10, 99, 100, Int.max, Int.min, -1, -10]
        var order: [String] = []
        for (k, size) in sizes.enumerated() {
            let path = "c/\(k)/index.html"
            cache.records[path] = .init(input: SiteFingerprint(words: k % 2 == 0 ? 0 : .max, bytes: UInt64(k) << 60), checksum: k == 3 ? "" : "0123456789abcdef",
                                        size: size)
            order.append(path)
        }
        #expect(cache.serialized(target: target, order: order) == cache.referenceSerialized(target: target, order: order))
    }

    /// Sixteen hexadecimal digits read a word at a time (`HexDigits.sixteen`) as a digit at a time: every byte value at
    /// every place among valid digits, and seeded strings of digits, letters and other bytes.
    @Test func hexDigitsAsTheReference() {
        var random = SplitMix64(seed: 16_2026)
        let digits = Array("0123456789abcdef".utf8)
        for place in 0..<16 {
            for byte in 0...255 {
                var bytes = (0..<16).map { _ in digits[Int(random.next() % 16)] }
                bytes[place] = UInt8(byte)
                let fast = bytes.withUnsafeBytes { HexDigits.sixteen($0.baseAddress!) }
                #expect(fast == HexDigits.referenceSixteen(bytes), "byte \(byte) at \(place)")
            }
        }
        let alphabet = digits + Array("ABCDEFgxz/:`@ \t\n".utf8) + [0x00, 0x7F, 0x80, 0xB0, 0xE1, 0xFF]
        for round in 0..<20_000 {
            let bytes = (0..<16).map { _ in random.next() % 4 == 0 ? alphabet[Int(random.next() % UInt64(alphabet.count))] : digits[Int(random.next() % 16)] }
            let fast = bytes.withUnsafeBytes { HexDigits.sixteen($0.baseAddress!) }
            #expect(fast == HexDigits.referenceSixteen(bytes), "round \(round)")
        }
        for value: UInt64 in [0, 1, 0xF, 0x10, .max, .max - 1, 0x0123_4567_89ab_cdef, 0xfedc_ba98_7654_3210, 1 << 63] {
            let bytes = Array(Checksum.hex(value).utf8)
            #expect(bytes.withUnsafeBytes { HexDigits.sixteen($0.baseAddress!) } == value)
        }
    }
}
