import ChronikStore
import Foundation
import Testing

// Every record of the segment cache (log change sets, changelog records and renderings) carries a checksum: a record
// that was flipped, edited or torn is never served, and a file of the older format (no checksums) is not read.

private func folderForTest() -> URL {
    FileManager.default.temporaryDirectory.appendingPathComponent("chronik-checksums-\(UUID().uuidString)", isDirectory: true)
}

private func segmentFiles(in folder: URL) -> [URL] {
    ((try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []).sorted()
        .filter { $0.hasSuffix("." + SegmentCache.segmentExtension) }.map { folder.appendingPathComponent($0) }
}

private func string(_ data: Data) -> String? { String(data: data, encoding: .utf8) }

/// Replaces the first `old` in the file with `new` (same length or not).
private func edit(_ file: URL, replacing old: String, with new: String) throws {
    let text = try #require(String(data: try Data(contentsOf: file), encoding: .utf8))
    let range = try #require(text.range(of: old))
    try Data(text.replacingCharacters(in: range, with: new).utf8).write(to: file)
}

@Suite struct SegmentChecksumTests {
    @Test func aFlippedOrEditedRecordIsNeverServedAndIsReplacedByTheNextAdd() throws {
        let folder = folderForTest()
        defer { try? FileManager.default.removeItem(at: folder) }
        let cache = SegmentCache(folder: folder)
        #expect(cache.add(Data(#"{"title":"Kiez","kind":"added"}"#.utf8), forKey: "k1"))
        #expect(cache.add(Data(#"{"title":"Betreibermodell","kind":"modified"}"#.utf8), forKey: "k2"))
        #expect(cache.add(Data(#"{"title":"Quartier","kind":"removed"}"#.utf8), forKey: "k3"))
        cache.flush()
        let file = try #require(segmentFiles(in: folder).first)

        // An edit that keeps the value valid JSON, a flipped bit, and a value moved to another key.
        try edit(file, replacing: #""kind":"added""#, with: #""kind":"removed""#)
        var bytes = try Data(contentsOf: file)
        let at = try #require(bytes.range(of: Data("Betreibermodell".utf8))).lowerBound + 3
        bytes[at] ^= 0x01
        try bytes.write(to: file)
        try edit(file, replacing: "k3\t", with: "k4\t")

        let damaged = SegmentCache(folder: folder)
        #expect(damaged.value(forKey: "k1", string) == nil)
        #expect(damaged.candidates(forKey: "k1").isEmpty)
        #expect(damaged.value(forKey: "k2", string) == nil)
        #expect(damaged.value(forKey: "k4", string) == nil, "a record under another key fails its checksum")
        #expect(damaged.value(forKey: "k3", string) == nil)

        // Computed again and added: the new record is served, now and in the next run.
        #expect(damaged.add(Data(#"{"title":"Kiez","kind":"added"}"#.utf8), forKey: "k1"))
        #expect(damaged.value(forKey: "k1", string) == #"{"title":"Kiez","kind":"added"}"#)
        damaged.flush()
        #expect(SegmentCache(folder: folder).value(forKey: "k1", string) == #"{"title":"Kiez","kind":"added"}"#)
        #expect(SegmentCache(folder: folder).value(forKey: "k2", string) == nil)
    }

    @Test func compactionDropsADamagedRecordAndKeepsAnOlderGoodOne() throws {
        let folder = folderForTest()
        defer { try? FileManager.default.removeItem(at: folder) }
        let first = SegmentCache(folder: folder)
        first.add(Data("old".utf8), forKey: "shared")
        first.add(Data("lost".utf8), forKey: "single")
        first.flush()
        let older = try #require(segmentFiles(in: folder).first)
        try edit(older, replacing: "lost", with: "LOST")
        for run in 1..<SegmentCache.compactionThreshold {
            let cache = SegmentCache(folder: folder)
            cache.add(Data("r\(run)".utf8), forKey: "run-\(run)")
            if run == 1 { cache.add(Data("new".utf8), forKey: "shared") }
            cache.flush()
            if run == 1 {
                let newer = try #require(segmentFiles(in: folder).last)
                try edit(newer, replacing: "new", with: "NEW")
            }
        }
        #expect(segmentFiles(in: folder).count == 1, "merged")
        // The newest "shared" was damaged before the merge: the older good one is what the merge keeps.
        let merged = SegmentCache(folder: folder)
        #expect(merged.value(forKey: "shared", string) == "old")
        #expect(merged.value(forKey: "run-3", string) == "r3")
        #expect(merged.value(forKey: "single", string) == nil)
        #expect(merged.candidates(forKey: "single").isEmpty)
        let mergedFile = try #require(segmentFiles(in: folder).first)
        let text = String(decoding: try Data(contentsOf: mergedFile), as: UTF8.self)
        #expect(!text.contains("LOST") && !text.contains("NEW"), "a damaged record is not carried into the merged segment")
        #expect(text.hasPrefix(String(decoding: SegmentCache.formatHeader, as: UTF8.self)))
    }

    @Test func segmentsOfTheFormatWithoutChecksumsAreNotRead() throws {
        let folder = folderForTest()
        defer { try? FileManager.default.removeItem(at: folder) }
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        // As chronik wrote them before records had checksums: `KEY TAB VALUE NEWLINE`, no header.
        try Data("k1\t{\"kind\":\"removed\"}\nk2\t0123456789abcdef\tx\n".utf8)
            .write(to: folder.appendingPathComponent("0000000000000001-old.\(SegmentCache.segmentExtension)"))
        let cache = SegmentCache(folder: folder)
        #expect(cache.count == 0)
        #expect(cache.value(forKey: "k1", string) == nil)
        #expect(cache.value(forKey: "k2", string) == nil)
    }
}
