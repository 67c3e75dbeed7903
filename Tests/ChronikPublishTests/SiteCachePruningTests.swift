import ChronikStore
import Foundation
import Testing
@testable import ChronikPublish

/// The publish cache's folder keeps the cache and search files of the targets published to most recently
/// (`SiteCachePruning`), never the current one's, and nothing else is touched.
@Suite struct SiteCachePruningTests {
    /// A folder of seeded targets (one or both files each, seeded times with ties) beside the shared files, pruned
    /// with seeded maximums: what is left is the current target and the newest others by the reference's order
    /// (time, then stem), each with all its files; the shared files and look-alikes stay.
    @Test(arguments: [UInt64(1), 7, 42, 2026])
    func keepsTheNewestTargetsAndNothingElseGoes(seed: UInt64) throws {
        var random = SplitMix64(seed: seed)
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("chronik-prune-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: directory) }
        for round in 0..<6 {
            try? FileManager.default.removeItem(at: directory)
            try FileManager.default.createDirectory(at: directory.appendingPathComponent("histories-dir"), withIntermediateDirectories: true)
            let shared = ["histories", "releases", "history-outline", "release-outline", ".0123456789abcdef.cache.77-1.tmp",
                          "notes.cache", "0123456789ABCDEF.cache", "0123456789abcdef.other"]
            for name in shared { try Data("x".utf8).write(to: directory.appendingPathComponent(name)) }
            let count = 1 + Int(random.next() % 14)
            var stems: [String] = []
            var times: [String: Int] = [:]
            for _ in 0..<count {
                let stem = String(format: "%016llx", random.next())
                stems.append(stem)
                // Few distinct times, so that ties happen; a target's time is its newest file's.
                var newest = Int.min
                let kinds = [["cache"], ["search"], ["cache", "search"]][Int(random.next() % 3)]
                for kind in kinds {
                    let file = directory.appendingPathComponent("\(stem).\(kind)")
                    try Data("y".utf8).write(to: file)
                    let time = 1_700_000_000 + Int(random.next() % 5) * 60
                    try FileManager.default.setAttributes([.modificationDate: Date(timeIntervalSince1970: TimeInterval(time))], ofItemAtPath: file.path)
                    newest = max(newest, time)
                }
                times[stem] = newest
            }
            let current = round == 0 ? String(format: "%016llx", random.next()) : stems[Int(random.next() % UInt64(stems.count))]
            let maximum = 1 + Int(random.next() % 6)
            let before = Set(try FileManager.default.contentsOfDirectory(atPath: directory.path))
            SiteCachePruning.prune(directory: directory, keeping: current, maximum: maximum)
            let after = Set(try FileManager.default.contentsOfDirectory(atPath: directory.path))

            // The reference: the others by time (newest first), then stem; the first maximum - 1 stay.
            let others = stems.filter { $0 != current }.sorted { (times[$0]!, $1) > (times[$1]!, $0) }
            let gone = Set(others.dropFirst(maximum - 1))
            let expected = before.filter { name in
                guard let dot = name.lastIndex(of: "."), ["cache", "search"].contains(String(name[name.index(after: dot)...])) else { return true }
                return !gone.contains(String(name[..<dot]))
            }
            #expect(after == expected, "seed \(seed) round \(round): maximum \(maximum), \(count) targets")
            for name in shared + ["histories-dir"] { #expect(after.contains(name)) }
        }
    }

    /// A publish with the publish cache prunes the folder: nine older targets planted beside it, seven stay, and
    /// the publish's own pair is there.
    @Test func aPublishPrunesTheFolder() throws {
        let (store, dir) = try sampleStore()
        defer { try? FileManager.default.removeItem(at: dir) }
        let cache = dir.appendingPathComponent("site-cache")
        try FileManager.default.createDirectory(at: cache, withIntermediateDirectories: true)
        var planted: [String] = []
        for k in 0..<9 {
            let stem = String(format: "%016llx", UInt64(0xfeed_0000 + k))
            planted.append(stem)
            for kind in ["cache", "search"] {
                let file = cache.appendingPathComponent("\(stem).\(kind)")
                try Data("alt".utf8).write(to: file)
                try FileManager.default.setAttributes([.modificationDate: Date(timeIntervalSince1970: TimeInterval(1_700_000_000 + k * 60))],
                                                      ofItemAtPath: file.path)
            }
        }
        let target = dir.appendingPathComponent("_site")
        _ = try Publisher.publish(store: store, at: try #require(try store.tip()), to: target,
                                  options: Publisher.Options(siteCacheDirectory: cache))
        let own = SitePublishCache.file(in: cache, target: target).deletingPathExtension().lastPathComponent
        let names = Set(try FileManager.default.contentsOfDirectory(atPath: cache.path))
        #expect(names.contains("\(own).cache") && names.contains("\(own).search"))
        // The seven newest planted ones stay, the two oldest go.
        for (k, stem) in planted.enumerated() {
            #expect(names.contains("\(stem).cache") == (k >= 2), "\(stem)")
            #expect(names.contains("\(stem).search") == (k >= 2), "\(stem)")
        }
        #expect(SitePublishCache.read(directory: cache, target: target) != nil, "the publish's own cache reads back")
    }
}
