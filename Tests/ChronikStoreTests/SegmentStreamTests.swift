import Foundation
import Testing
@testable import ChronikStore

/// A segment cache's value read in pieces (`SegmentCache.streamValue`, `ChecksumStream`, peak15b).
@Suite struct SegmentStreamTests {
    /// The sum over pieces of any size is `Checksum.of` over them joined.
    @Test func aStreamedSumIsTheSumOfTheWhole() {
        var random = SplitMix64(seed: 99)
        for length in [0, 1, 7, 8, 9, 15, 16, 17, 100, 1_000] {
            let bytes = (0..<length).map { _ in UInt8(truncatingIfNeeded: random.next()) }
            let whole = bytes.withUnsafeBytes { Checksum.of($0, continuing: 12_345) }
            for _ in 0..<20 {
                var stream = ChecksumStream(continuing: 12_345)
                var offset = 0
                while offset < length {
                    let size = Int(random.next() % 11)
                    let end = min(length, offset + size)
                    bytes[offset..<end].withUnsafeBytes { stream.add($0) }
                    offset = end
                }
                #expect(stream.finish() == whole, "length \(length)")
            }
        }
    }

    /// Values read in pieces (from the new segment's buffer, from its file, from an older segment) are the values
    /// `value(forKey:)` reads; a value whose bytes were changed on disk is not given as whole.
    @Test func valuesStreamedAreTheValuesRead() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("chronik-stream-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        var random = SplitMix64(seed: 7)
        let values = (0..<40).map { k in Data((0..<(k * 997 % 70_000)).map { _ in UInt8(ascii: "a") + UInt8(random.next() % 26) }) }
        func streamed(_ cache: SegmentCache, _ key: String, chunk: Int) -> Data? {
            var data = Data()
            let whole = cache.streamValue(forKey: key, chunkSize: chunk, begin: { data = Data() }) { piece in
                #expect(piece.count <= chunk)
                data.append(contentsOf: piece)
                return true
            }
            return whole ? data : nil
        }
        do {
            let cache = SegmentCache(folder: folder)
            for (k, value) in values.enumerated() { #expect(cache.add(value, forKey: "k\(k)")) }
            for (k, value) in values.enumerated() { #expect(streamed(cache, "k\(k)", chunk: 1 + k * 331) == value) }
            cache.flush()
        }
        let reopened = SegmentCache(folder: folder)
        for (k, value) in values.enumerated() {
            #expect(streamed(reopened, "k\(k)", chunk: 4_096) == value)
            #expect(reopened.value(forKey: "k\(k)") { $0 } == value)
        }
        #expect(streamed(reopened, "none", chunk: 10) == nil)
        // A consumer that gives up: not whole.
        #expect(!reopened.streamValue(forKey: "k5", begin: {}) { _ in false })
        // One byte of a stored value changed: its checksum fails at the end.
        let file = try #require(try FileManager.default.contentsOfDirectory(atPath: folder.path).first { $0.hasSuffix(".records") })
        var bytes = try Data(contentsOf: folder.appendingPathComponent(file))
        let at = try #require(bytes.lastIndex(of: UInt8(ascii: "\t")))
        bytes[at + 3] = bytes[at + 3] == UInt8(ascii: "a") ? UInt8(ascii: "b") : UInt8(ascii: "a")
        try bytes.write(to: folder.appendingPathComponent(file))
        let damaged = SegmentCache(folder: folder)
        #expect(streamed(damaged, "k39", chunk: 1_000) == nil)
        #expect(damaged.value(forKey: "k39") { $0 } == nil)
        #expect(streamed(damaged, "k38", chunk: 1_000) == values[38])
    }
}
