import Foundation
import Testing
@testable import ChronikStore

/// mem19h: values of `writeBufferSize` or more go to the segment from where they are, not through the write buffer.
/// The segment must hold the same bytes as the line format says (the buffered path's), and every way of reading
/// must give each value back, before and after `flush` and in the next run.
@Suite struct SegmentLargeValueTests {
    /// The line format written out by hand: `KEY TAB SUM TAB LENGTH TAB VALUE NEWLINE` after the header.
    private static func referenceSegment(_ lines: [(String, [UInt8])]) -> [UInt8] {
        var out = SegmentCache.formatHeader
        for (key, value) in lines {
            var k = key
            let keySum = k.withUTF8 { Checksum.of(UnsafeRawBufferPointer($0)) }
            let sum = value.withUnsafeBytes { Checksum.of($0, continuing: keySum) }
            out += Array(key.utf8) + [0x09] + Array(Checksum.hex(sum).utf8) + [0x09] + Array(Checksum.hex(UInt64(value.count)).utf8)
                + [0x09] + value + [0x0A]
        }
        return out
    }

    private static func streamed(_ cache: SegmentCache, _ key: String) -> [UInt8]? {
        var out: [UInt8] = []
        let ok = cache.streamValue(forKey: key, chunkSize: 1000, begin: { out = [] }, consume: { out += $0; return true })
        return ok ? out : nil
    }

    @Test func largeAndSmallValuesInAnyOrderGiveTheReferenceSegment() throws {
        var random = SplitMix64(seed: 1919)
        let size = SegmentCache.writeBufferSize
        for round in 0..<12 {
            let folder = FileManager.default.temporaryDirectory.appendingPathComponent("chronik-segments-large-\(UUID().uuidString)")
            defer { try? FileManager.default.removeItem(at: folder) }
            let cache = SegmentCache(folder: folder)
            var lines: [(String, [UInt8])] = []
            let count = 5 + Int(random.next() % 40)
            for k in 0..<count {
                // Sizes around the buffer's edge, far above it, and small; bytes of every value but a newline.
                let length: Int
                switch random.next() % 6 {
                case 0: length = size - 1 - Int(random.next() % 2)
                case 1: length = size + Int(random.next() % 3)
                case 2: length = size * 2 + Int(random.next() % 5000)
                default: length = Int(random.next() % 3000)
                }
                let value = (0..<length).map { _ -> UInt8 in
                    let b = UInt8(truncatingIfNeeded: random.next())
                    return b == 0x0A ? 0x0B : b
                }
                let key = "k\(round)-\(k)"
                let array = random.next() % 2 == 0
                #expect(array ? cache.add(value, forKey: key) : cache.add(Data(value), forKey: key))
                lines.append((key, value))
                // The buffer (under `size` before an add) plus a value under `size` and its prefix; never a large value.
                #expect(cache.peakBufferedBytes < 2 * size + 64, "seed 1919, round \(round)")
                // Readable at once, whichever way.
                let (someKey, someValue) = lines[Int(random.next() % UInt64(lines.count))]
                #expect(cache.value(forKey: someKey, { [UInt8]($0) }) == someValue, "seed 1919, round \(round), \(someKey)")
                #expect(cache.candidateArrays(forKey: someKey) == [someValue], "seed 1919, round \(round), \(someKey)")
                #expect(Self.streamed(cache, someKey) == someValue, "seed 1919, round \(round), \(someKey)")
            }
            // Refused whatever its size: a value with a newline.
            #expect(!cache.add([UInt8](repeating: 0x41, count: size * 2) + [0x0A], forKey: "bad"))
            cache.flush()
            let files = try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { $0.hasSuffix(".records") }
            #expect(files.count == 1)
            let written = try [UInt8](Data(contentsOf: folder.appendingPathComponent(files[0])))
            #expect(written == Self.referenceSegment(lines), "seed 1919, round \(round)")
            let next = SegmentCache(folder: folder)
            #expect(next.count == lines.count)
            for (key, value) in lines {
                #expect(next.value(forKey: key, { [UInt8]($0) }) == value, "seed 1919, round \(round), \(key)")
                #expect(next.candidateArrays(forKey: key) == [value], "seed 1919, round \(round), \(key)")
            }
        }
    }

    @Test func aDamagedLargeValueIsNotServed() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("chronik-segments-large-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        let cache = SegmentCache(folder: folder)
        let big = [UInt8](repeating: 0x62, count: 3 * SegmentCache.writeBufferSize)
        #expect(cache.add(big, forKey: "big"))
        #expect(cache.add([0x73], forKey: "small"))
        cache.flush()
        let file = try FileManager.default.contentsOfDirectory(atPath: folder.path).first { $0.hasSuffix(".records") }!
        let url = folder.appendingPathComponent(file)
        var bytes = try [UInt8](Data(contentsOf: url))
        // One byte in the middle of the large value.
        bytes[SegmentCache.formatHeader.count + 40 + big.count / 2] = 0x63
        try Data(bytes).write(to: url)
        let reread = SegmentCache(folder: folder)
        #expect(reread.value(forKey: "big", { $0 }) == nil)
        #expect(reread.candidateArrays(forKey: "big").isEmpty)
        #expect(Self.streamed(reread, "big") == nil)
        #expect(reread.candidateArrays(forKey: "small") == [[0x73]])
    }
    /// `addStreamed`: a value given in pieces of any sizes is stored as `add` stores it whole (the same segment
    /// bytes), small or large; a production that gives other bytes the second time stores nothing.
    @Test func aStreamedValueIsStoredAsTheWholeValue() throws {
        var random = SplitMix64(seed: 1920)
        let size = SegmentCache.writeBufferSize
        for round in 0..<10 {
            let folder = FileManager.default.temporaryDirectory.appendingPathComponent("chronik-segments-streamed-\(UUID().uuidString)")
            defer { try? FileManager.default.removeItem(at: folder) }
            let cache = SegmentCache(folder: folder)
            var lines: [(String, [UInt8])] = []
            for k in 0..<(4 + Int(random.next() % 12)) {
                let length = [Int(random.next() % 2000), size - 1, size, size * 3 + Int(random.next() % 9000)][Int(random.next() % 4)]
                let value = (0..<length).map { _ -> UInt8 in
                    let b = UInt8(truncatingIfNeeded: random.next())
                    return b == 0x0A ? 0x0B : b
                }
                // Cut points of the pieces, drawn anew for each production.
                let key = "s\(round)-\(k)"
                let stored = cache.addStreamed(forKey: key) { emit in
                    var start = 0
                    while start < value.count {
                        let end = min(value.count, start + 1 + Int(random.next() % UInt64(random.next() % 2 == 0 ? 100 : 2 * size)))
                        value[start..<end].withUnsafeBytes { emit($0) }
                        start = end
                    }
                }
                #expect(stored, "seed 1920, round \(round), \(key)")
                lines.append((key, value))
                #expect(cache.value(forKey: key, { [UInt8]($0) }) == value, "seed 1920, round \(round), \(key)")
                #expect(cache.peakBufferedBytes < 2 * size + 64, "seed 1920, round \(round)")
            }
            #expect(!cache.addStreamed(forKey: "newline") { emit in [UInt8](repeating: 0x41, count: 3 * size).withUnsafeBytes { emit($0) }; [0x0A].withUnsafeBytes { emit($0) } })
            cache.flush()
            let files = try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { $0.hasSuffix(".records") }
            #expect(files.count == 1)
            let written = try [UInt8](Data(contentsOf: folder.appendingPathComponent(files[0])))
            #expect(written == Self.referenceSegment(lines), "seed 1920, round \(round)")
        }
        // A production that changes between its two calls: nothing stored, nothing served.
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("chronik-segments-streamed-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        let cache = SegmentCache(folder: folder)
        var call = 0
        #expect(!cache.addStreamed(forKey: "fickle") { emit in
            call += 1
            [UInt8](repeating: call == 1 ? 0x41 : 0x42, count: 2 * size).withUnsafeBytes { emit($0) }
        })
        #expect(cache.value(forKey: "fickle", { $0 }) == nil)
        cache.flush()
        #expect(SegmentCache(folder: folder).value(forKey: "fickle", { $0 }) == nil)
    }
}
