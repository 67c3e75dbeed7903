import ChronikChangelog
import ChronikStore
import Foundation
import Testing
@testable import ChronikPublish

/// Large change records' word-level blocks kept cut by entry in the publish cache's folder (`SiteBlockSlices`,
/// inc15e): every list read from the cut files is the list the change-record cache gives and the one a model built
/// with its blocks holds; a second publish reads the files without cutting again; a damaged or truncated file is
/// not used (the record is read from the cache and cut anew), never a wrong list.
@Suite struct SiteBlockSlicesTests {
    @Test func cutListsAreTheRecordsLists() throws {
        let (store, dir) = try sampleStore()
        defer { try? FileManager.default.removeItem(at: dir) }
        let changelogCache = dir.appendingPathComponent("changelog-cache"), siteCache = dir.appendingPathComponent("site-cache")
        let full = try buildSite(store, options: SiteBuildOptions(cacheDirectory: changelogCache))
        var lean = SiteBuildOptions(cacheDirectory: changelogCache)
        lean.historyBlocks = false
        let model = try buildSite(store, options: lean)
        let blocks = ChangeRecordBlocks(directory: changelogCache, language: model.language)
        let pairs = Array(zip(model.collections.flatMap(\.entries), full.collections.flatMap(\.entries)))
        let items = pairs.flatMap { pair in zip(pair.0.history, pair.1.history).map { ($0, $1) } }
        #expect(items.contains { $0.0.recordCount >= 20 }, "the sample's first version names every entry")
        let records = Set(items.map { SiteBlockSlices.key(base: $0.0.base, tip: $0.0.version.id) })

        let slices = SiteBlockSlices(directory: siteCache, language: model.language)
        for (item, reference) in items {
            let list = slices.list(base: item.base, tip: item.version.id, position: item.position, count: item.recordCount, from: blocks)
            #expect(list == reference.change.blocks, "\(item.summary.entry) in \(item.version.id.short())")
        }
        #expect(slices.written == records.count, "each record cut once")

        // The next publish reads them cut.
        let again = SiteBlockSlices(directory: siteCache, language: model.language)
        for (item, reference) in items.prefix(200) {
            #expect(again.list(base: item.base, tip: item.version.id, position: item.position, count: item.recordCount, from: blocks) == reference.change.blocks)
        }
        #expect(again.written == 0)

        // Damaged files: a flipped byte anywhere, or a truncated file, is never a wrong list.
        let big = try #require(items.max { $0.0.recordCount < $1.0.recordCount })
        let url = slices.file(base: big.0.base, tip: big.0.version.id)
        let good = try Data(contentsOf: url)
        var random = SplitMix64(seed: 1_505)
        for round in 0..<30 {
            var damaged = good
            if round % 5 == 4 {
                damaged = damaged.prefix(Int(random.next() % UInt64(damaged.count)))
            } else {
                let k = Int(random.next() % UInt64(damaged.count))
                damaged[k] ^= UInt8(1 + random.next() % 255)
            }
            try damaged.write(to: url)
            let reader = SiteBlockSlices(directory: siteCache, language: model.language)
            for (item, reference) in items where item.version.id == big.0.version.id && item.base == big.0.base {
                #expect(reader.list(base: item.base, tip: item.version.id, position: item.position, count: item.recordCount, from: blocks)
                        == reference.change.blocks, "round \(round)")
            }
            #expect(reader.written <= 1, "round \(round): a damaged file is cut anew, once")
        }
        // Another language's reader does not take this language's files.
        try good.write(to: url)
        let other = SiteBlockSlices(directory: siteCache, language: model.language == "de" ? "en" : "de")
        _ = other.list(base: big.0.base, tip: big.0.version.id, position: 0, count: big.0.recordCount, from: blocks)
        #expect(other.written == 1, "cut again for its own language")
        try expectFsck(store)
    }

    /// `SiteHistoryDetail` with the publish cache's folder reads large records cut: the entries with their blocks are
    /// the model built with them.
    @Test func historyDetailWithCutRecordsIsTheFullHistory() throws {
        let (store, dir) = try sampleStore()
        defer { try? FileManager.default.removeItem(at: dir) }
        let changelogCache = dir.appendingPathComponent("changelog-cache")
        let full = try buildSite(store, options: SiteBuildOptions(cacheDirectory: changelogCache))
        var lean = SiteBuildOptions(cacheDirectory: changelogCache)
        lean.historyBlocks = false
        let model = try buildSite(store, options: lean)
        lean.releaseFactsDirectory = dir.appendingPathComponent("site-cache")
        lean.blockSlicesSmallest = 2
        let detail = try #require(SiteHistoryDetail(repository: store.repository, options: lean, language: model.language))
        for (entry, reference) in zip(model.collections.flatMap(\.entries), full.collections.flatMap(\.entries)) {
            #expect(detail.entry(entry) == reference, "\(entry.collection)/\(entry.id)")
        }
        let largest = model.collections.flatMap(\.entries).flatMap(\.history).map(\.recordCount).max() ?? 0
        #expect(detail.slices != nil && largest >= 2)
        #expect((detail.slices?.written ?? 0) > 0, "largest record \(largest)")
        try expectFsck(store)
    }
}
