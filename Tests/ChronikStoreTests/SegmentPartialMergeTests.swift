import ChronikStore
import Foundation
import Testing

// Merges that leave a large oldest segment as it is (inc15s, `SegmentCache.mergeStart`): seeded runs of a large first
// segment and small later ones (keys written again, keys of their own, damaged newest copies), against a reference
// of the newest good value of each key. Every key reads back as the reference says, in the run that merged and in a new
// index; the large segment is kept (the same file, the same bytes) while it is `keptShare` times the others, and the
// merged segment sorts after it; there are never `compactionThreshold` segments after a run.
@Suite struct SegmentPartialMergeTests {
    private static func folder() -> URL {
        FileManager.default.temporaryDirectory.appendingPathComponent("chronik-partial-merge-\(UUID().uuidString)", isDirectory: true)
    }

    private static func segments(_ folder: URL) -> [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []).filter { $0.hasSuffix("." + SegmentCache.segmentExtension) }.sorted()
    }

    private static func size(_ folder: URL, _ name: String) -> Int {
        ((try? FileManager.default.attributesOfItem(atPath: folder.appendingPathComponent(name).path))?[.size] as? Int) ?? 0
    }

    @Test(arguments: [UInt64(1), 7, 2026])
    func valuesReadBackAsTheNewestGoodOneAndTheLargeSegmentIsKept(seed: UInt64) throws {
        let folder = Self.folder()
        defer { try? FileManager.default.removeItem(at: folder) }
        var random = SplitMix64(seed: seed)
        // Every value ever added to a key, oldest first (nil: a copy damaged on disk).
        var history: [String: [String?]] = [:]
        func expected(_ key: String) -> String? { history[key]?.reversed().lazy.compactMap { $0 }.first }
        func value(_ run: Int, _ k: Int, size: Int) -> String { "\(run)/\(k)/" + String(repeating: "v", count: size) }
        // The large first segment: 400 keys.
        let first = SegmentCache(folder: folder)
        for k in 0..<400 {
            let text = value(0, k, size: 200 + random.int(0...400))
            #expect(first.add(Data(text.utf8), forKey: "key-\(k)"))
            history["key-\(k)", default: []].append(text)
        }
        first.flush()
        var large = try #require(Self.segments(folder).first)
        var largeBytes = try Data(contentsOf: folder.appendingPathComponent(large))
        var partial = 0, whole = 0
        for run in 1..<60 {
            let cache = SegmentCache(folder: folder)
            let before = Self.segments(folder)
            // Now and then the newest copy of a key damaged in the newest segment (after this run indexed it): a key
            // whose newest value is good is there as that value, which the reference then drops.
            if random.chance(0.3), let newest = before.last, newest != large {
                let url = folder.appendingPathComponent(newest)
                var bytes = try Data(contentsOf: url)
                let keys = history.keys.filter { (history[$0]?.last ?? nil) != nil && bytes.range(of: Data("\n\($0)\t".utf8)) != nil }.sorted()
                if !keys.isEmpty {
                    let key = keys[random.index(keys.count)]
                    let range = try #require(bytes.range(of: Data("\n\(key)\t".utf8), options: .backwards))
                    // The value's first byte, after the checksum and the length (16 digits each) and their tabs.
                    bytes[range.upperBound + 34] ^= 0x01
                    try bytes.write(to: url)
                    history[key]![history[key]!.count - 1] = nil
                }
            }
            // Mostly small runs; now and then one large enough that the merge takes every segment.
            let big = random.chance(0.05)
            for k in 0..<random.int(1...(big ? 300 : 6)) {
                // Keys of the large segment written again, or a run's own.
                let key = random.chance(0.5) ? "key-\(random.int(0...399))" : "run-\(run)-\(k)"
                let text = value(run, k, size: big ? 600 : random.int(0...300))
                #expect(cache.add(Data(text.utf8), forKey: key))
                history[key, default: []].append(text)
            }
            let willMerge = before.count + 1 >= SegmentCache.compactionThreshold
            cache.flush()
            let after = Self.segments(folder)
            #expect(after.count < SegmentCache.compactionThreshold, "run \(run)")
            if willMerge {
                if after.first == large {
                    partial += 1
                    #expect(after.count == 2, "run \(run): the large segment and the merged one")
                    #expect(try Data(contentsOf: folder.appendingPathComponent(large)) == largeBytes, "run \(run): the large segment as it was")
                } else {
                    whole += 1
                    #expect(after.count == 1, "run \(run): one segment")
                    large = try #require(after.first)
                    largeBytes = try Data(contentsOf: folder.appendingPathComponent(large))
                }
            }
            for key in history.keys.sorted() {
                #expect(cache.value(forKey: key, { String(data: $0, encoding: .utf8) }) == expected(key), "run \(run): \(key)")
            }
            let reread = SegmentCache(folder: folder)
            for key in history.keys.sorted() {
                #expect(reread.value(forKey: key, { String(data: $0, encoding: .utf8) }) == expected(key), "run \(run): \(key) read again")
            }
        }
        #expect(partial >= 3, "\(partial) partial merges, \(whole) whole ones")
    }
}
