import ChronikStore
import Foundation
import Testing

private func temporaryFolder() -> URL {
    FileManager.default.temporaryDirectory.appendingPathComponent("chronik-segments-\(UUID().uuidString)", isDirectory: true)
}

private func segments(in folder: URL) -> [String] {
    ((try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []).sorted()
}

private func text(_ data: Data) -> String? { String(data: data, encoding: .utf8) }

@Suite struct SegmentCacheTests {
    @Test func valuesAreReadableWhenAddedAfterFlushAndInTheNextRun() throws {
        let folder = temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let cache = SegmentCache(folder: folder)
        #expect(cache.count == 0)
        // Enough values to fill the write buffer several times: some are read from the file, some from the buffer.
        let n = 3000
        func value(_ k: Int) -> String { "{\"k\":\(k),\"pad\":\"" + String(repeating: "x", count: k % 97) + "\"}" }
        for k in 0..<n { #expect(cache.add(Data(value(k).utf8), forKey: "key-\(k)")) }
        for k in stride(from: 0, to: n, by: 7) { #expect(cache.value(forKey: "key-\(k)", text) == value(k)) }
        #expect(cache.value(forKey: "missing", text) == nil)
        // Refused: a newline in the value, a tab in the key.
        #expect(!cache.add(Data("a\nb".utf8), forKey: "bad"))
        #expect(!cache.add(Data("a".utf8), forKey: "b\tad"))
        cache.flush()
        #expect(segments(in: folder).count == 1)
        #expect(cache.value(forKey: "key-\(n - 1)", text) == value(n - 1))

        let next = SegmentCache(folder: folder)
        #expect(next.count == n)
        for k in stride(from: 0, to: n, by: 11) { #expect(next.value(forKey: "key-\(k)", text) == value(k)) }
        // A newer value for a key wins; a value the caller rejects falls back to the older one.
        #expect(next.add(Data("new".utf8), forKey: "key-5"))
        #expect(next.value(forKey: "key-5", text) == "new")
        #expect(next.value(forKey: "key-5", { text($0).flatMap { $0 == "new" ? nil : $0 } }) == value(5))
        next.flush()
        #expect(SegmentCache(folder: folder).value(forKey: "key-5", text) == "new")
    }

    @Test func theWriteBufferStaysBoundedWhateverIsAdded() throws {
        let folder = temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let cache = SegmentCache(folder: folder)
        let big = Data(repeating: UInt8(ascii: "b"), count: 3 * SegmentCache.writeBufferSize)
        let small = Data(repeating: UInt8(ascii: "s"), count: 1000)
        for k in 0..<2000 { cache.add(k == 1000 ? big : small, forKey: "k\(k)") }
        // About 2 MB added; memory held at most one buffer plus the largest line.
        #expect(cache.peakBufferedBytes <= SegmentCache.writeBufferSize + big.count + 16)
        #expect(cache.value(forKey: "k1000", { $0 }) == big)
        #expect(cache.value(forKey: "k1999", { $0 }) == small)
        cache.flush()
        let reread = SegmentCache(folder: folder)
        #expect(reread.count == 2000)
        #expect(reread.value(forKey: "k1000", { $0 }) == big)
    }

    @Test func segmentsAreMergedAtTheThresholdAndATornLineIsAMiss() throws {
        let folder = temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        for run in 0..<SegmentCache.compactionThreshold {
            let cache = SegmentCache(folder: folder)
            #expect(cache.count == (run == 0 ? 0 : run + 1))  // "shared" is one key however often written
            cache.add(Data("r\(run)".utf8), forKey: "run-\(run)")
            cache.add(Data("s\(run)".utf8), forKey: "shared")
            cache.flush()
            #expect(segments(in: folder).count == (run + 1 < SegmentCache.compactionThreshold ? run + 1 : 1))
            // After a merge the values are read from the merged segment.
            #expect(cache.value(forKey: "run-0", text) == "r0")
            #expect(cache.value(forKey: "shared", text) == "s\(run)")
        }
        let merged = SegmentCache(folder: folder)
        #expect(merged.count == SegmentCache.compactionThreshold + 1)
        #expect(merged.value(forKey: "shared", text) == "s\(SegmentCache.compactionThreshold - 1)")
        // A run that adds nothing writes nothing.
        merged.flush()
        #expect(segments(in: folder).count == 1)

        let file = folder.appendingPathComponent(try #require(segments(in: folder).first))
        var bytes = try Data(contentsOf: file)
        bytes.removeLast(1)  // the newline of the last line ("shared" sorts after "run-…")
        try bytes.write(to: file)
        let torn = SegmentCache(folder: folder)
        #expect(torn.value(forKey: "shared", text) == nil)
        #expect(torn.value(forKey: "run-3", text) == "r3")
    }

    /// A merge copies large values (the write buffer's size or more) in pieces: seeded runs of small and large
    /// values (around the 1 MiB piece's border, keys written again in later runs), the newest copy of two large
    /// values damaged in the last segment before the merge (one with an older copy, one without), then the merge:
    /// every key reads back as the newest copy that verifies, the damaged one without an older copy is gone, and the
    /// merged segment is one file whose lines a new index finds.
    @Test(arguments: [UInt64(5), 11, 2026])
    func aMergeCopiesLargeValuesInPiecesAndCarriesNoDamagedOne(seed: UInt64) throws {
        let folder = temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        var random = SplitMix64(seed: seed)
        var expected: [String: String] = [:]
        var largeKeys: [String] = []
        let threshold = SegmentCache.compactionThreshold
        func value(_ run: Int, _ k: Int, large: Bool) -> String {
            let letter = Character(UnicodeScalar(UInt8(97 + (run * 7 + k) % 26)))
            let count = large ? (1 << 20) - 3000 + Int(random.next() % 1_200_000) : 1 + Int(random.next() % 300)
            return "\(run)-\(k)-" + String(repeating: letter, count: count)
        }
        for run in 0..<(threshold - 1) {
            let cache = SegmentCache(folder: folder)
            for k in 0..<12 {
                // Keys 0..<6 are written in every run (the newest wins); the others are this run's own.
                let key = k < 6 ? "shared-\(k)" : "run\(run)-\(k)"
                let large = k % 3 == 0 || (k >= 6 && random.next() % 2 == 0)
                let text = value(run, k, large: large)
                #expect(cache.add(Data(text.utf8), forKey: key))
                expected[key] = text
                if large, run == threshold - 2 { largeKeys.append(key) }
            }
            cache.flush()
        }
        #expect(segments(in: folder).count == threshold - 1)
        // Damage the newest copy of a shared large value (an older copy is there) and of one of this run's own.
        let shared = try #require(largeKeys.first { $0.hasPrefix("shared-") })
        let own = try #require(largeKeys.first { $0.hasPrefix("run") })
        let newest = folder.appendingPathComponent(try #require(segments(in: folder).last))
        var bytes = try Data(contentsOf: newest)
        for key in [shared, own] {
            let prefix = Data((key + "\t").utf8)
            let at = try #require(bytes.range(of: prefix)).upperBound + 17 + 1_000
            bytes[at] ^= 0x01
        }
        try bytes.write(to: newest)
        // The older copy of the shared key: what the run before wrote.
        let before = SegmentCache(folder: folder)
        let older = try #require(before.candidates(forKey: shared).first.flatMap(text))
        expected[shared] = older
        expected[own] = nil
        #expect(older.hasPrefix("\(threshold - 3)-"))

        // The run that merges.
        before.add(Data("last".utf8), forKey: "last")
        expected["last"] = "last"
        before.flush()
        #expect(segments(in: folder).count == 1)
        let merged = SegmentCache(folder: folder)
        #expect(merged.count == expected.count)
        for (key, value) in expected { #expect(merged.value(forKey: key, text) == value, "\(key)") }
        #expect(merged.value(forKey: own, text) == nil)
    }

    /// Values longer than the index's read chunk (1 MiB), between short ones and in every position against the
    /// chunk's border, a long line without a well-formed start, and a long torn last line: each found (or skipped)
    /// exactly as a reader of whole lines would.
    @Test func longValuesAcrossChunksAreIndexedAsWholeLines() throws {
        let folder = temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        var random = SplitMix64(seed: 7)
        var expected: [(String, String)] = []
        let cache = SegmentCache(folder: folder)
        for k in 0..<40 {
            let long = random.next() % 3 == 0
            let count = long ? (1 << 20) - 40 + Int(random.next() % 2_500_000) : Int(random.next() % 200)
            let letter = Character(UnicodeScalar(UInt8(97 + k % 26)))
            let value = String(repeating: letter, count: count)
            #expect(cache.add(Data(value.utf8), forKey: "key-\(k)"))
            expected.append(("key-\(k)", value))
        }
        cache.flush()
        let file = folder.appendingPathComponent(try #require(segments(in: folder).first))
        // A long line with no checksum before the first record, and a long torn line at the end.
        var bytes = try Data(contentsOf: file)
        let middle = try #require(bytes.firstIndex(of: 0x0A).map { bytes.index(after: $0) })
        bytes.insert(contentsOf: Data(("no-checksum\t" + String(repeating: "z", count: 1_500_000) + "\n").utf8), at: middle)
        bytes.append(contentsOf: Data(("key-torn\t0000000000000000\t" + String(repeating: "t", count: 1_300_000)).utf8))
        try bytes.write(to: file)

        let next = SegmentCache(folder: folder)
        #expect(next.count == expected.count)
        for (key, value) in expected { #expect(next.value(forKey: key, text) == value, "\(key)") }
        #expect(next.value(forKey: "no-checksum", text) == nil)
        #expect(next.value(forKey: "key-torn", text) == nil)
    }

    @Test func aRunWithoutFlushLeavesNoSegmentAndStaleTemporaryFilesGo() throws {
        let folder = temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        do {
            let cache = SegmentCache(folder: folder)
            cache.add(Data("v".utf8), forKey: "k")
            #expect(segments(in: folder).count == 1)  // the temporary file
        }
        #expect(segments(in: folder).isEmpty)
        let stale = folder.appendingPathComponent(".left-over.tmp")
        try Data("k\tv\n".utf8).write(to: stale)
        try FileManager.default.setAttributes([.modificationDate: Date(timeIntervalSinceNow: -7200)], ofItemAtPath: stale.path)
        let fresh = folder.appendingPathComponent(".running.tmp")
        try Data("k\tv\n".utf8).write(to: fresh)
        let cache = SegmentCache(folder: folder)
        #expect(cache.count == 0)
        #expect(segments(in: folder) == [".running.tmp"])
    }
}
