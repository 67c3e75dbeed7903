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
