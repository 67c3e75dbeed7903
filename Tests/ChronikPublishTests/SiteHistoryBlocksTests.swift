import ChronikChangelog
import ChronikDiff
import ChronikStore
import Foundation
import Testing
@testable import ChronikPublish

/// The word-level blocks of an entry's history, packed (`SiteHistoryBlocks`, mem15b): unpacked, they are the blocks
/// packed, field for field; and a `SiteEntryChange` gives back the change it was made with.
@Suite struct SiteHistoryBlocksTests {
    /// Seeded blocks of every kind, with and without locations, texts from pieces that mix scripts, combining marks,
    /// controls, NUL, emoji and long runs, word counts that do not follow from the words (as a record may hold).
    @Test(arguments: [5, 77, 2026] as [UInt64])
    func packedBlocksUnpackToThemselves(seed: UInt64) {
        var random = SplitMix64(seed: seed)
        func next(_ bound: Int) -> Int { Int(random.next() % UInt64(bound)) }
        let pieces = FastTextPathTests.pieces + ["", "\u{0}", "e\u{301}", "🚲", "Straße", "数据", String(repeating: "lang ", count: 60), "\n"]
        let kinds: [BlockKind] = [.heading, .paragraph, .listItem, .tableRow, .codeBlock, .blockQuote, .thematicBreak, .html, .other]
        let changeKinds: [BlockChange.Kind] = [.inserted, .deleted, .modified, .moved]
        let operations: [DiffOperation] = [.equal, .delete, .insert]
        func location() -> BlockLocation? {
            guard next(4) > 0 else { return nil }
            let big = [0, 1, 127, 128, 16_383, 16_384, Int(Int32.max), Int.max][next(8)]
            return BlockLocation(kind: kinds[next(kinds.count)], index: next(300), firstLine: big, lastLine: next(1 << 20),
                                 offset: next(1 << 30), length: big)
        }
        for _ in 0..<300 {
            let blocks = (0..<next(6)).map { _ -> BlockChange in
                var block = BlockChange(kind: changeKinds[next(changeKinds.count)], old: location(), new: location(), words: (0..<next(8)).map { _ in
                    WordSegment(operations[next(3)], (0..<next(5)).map { _ in pieces[next(pieces.count)] }.joined())
                })
                if next(3) == 0 { block.wordsAdded = next(1_000_000) }
                if next(3) == 0 { block.wordsRemoved = next(200) }
                return block
            }
            let packed = SiteHistoryBlocks(blocks)
            #expect(packed.unpacked == blocks, "seed \(seed)")
            #expect(SiteHistoryBlocks(packed.unpacked) == packed)
            let change = ChangelogEntry(kind: .modified, entry: EntryRef(collection: "c", id: "i", path: "c/i.md"), from: nil, title: "T",
                                        fields: [], prose: ProseSummary(), blocks: blocks)
            var item = SiteEntryChange(version: SiteFixture.version(1, "2026-01-01", "v"), release: nil, change: change)
            #expect(item.change == change && item.summary.blocks.isEmpty)
            item.change.blocks = Array(blocks.reversed())
            #expect(item.change.blocks == blocks.reversed() && item.change.title == "T")
            // Held as values (`SiteHistoryDetail`, rec15): the same blocks, bytes and equality as packed.
            let held = SiteHistoryBlocks(holding: blocks)
            #expect(held.unpacked == blocks && held.bytes == packed.bytes && held == packed && held.hashValue == packed.hashValue)
            #expect(!held.isSpilled)
            item.holdBlocks(blocks)
            #expect(item.change.blocks == blocks && item.change.title == "T" && item.packedBlocks == packed)
        }
        #expect(SiteHistoryBlocks([]).unpacked.isEmpty)
    }

    /// The sample's histories: every change's blocks as the changelog made them (a model built with blocks keeps
    /// them packed; the changelog's own groups are the reference).
    @Test func theSamplesHistoriesKeepTheirBlocks() throws {
        let (store, dir) = try sampleStore()
        defer { try? FileManager.default.removeItem(at: dir) }
        let model = try buildSite(store)
        var options = ChangelogOptions()
        options.grouping = .commit
        options.to = model.version.id
        options.language = model.language
        options.recordCollectionsInHead = false
        var reference: [String: [BlockChange]] = [:]
        try ChangelogBuilder(repository: store.repository).build(options, head: { _ in }, group: { group in
            for change in group.changes.entries { reference[group.version.hex + " " + change.entry.path] = change.blocks }
        })
        var compared = 0, withBlocks = 0
        for entry in model.collections.flatMap(\.entries) {
            for item in entry.history {
                let change = item.change
                guard let blocks = reference[item.version.id.hex + " " + change.entry.path] else { continue }
                #expect(change.blocks == blocks, "\(entry.path) at \(item.version.id.short())")
                compared += 1
                if !blocks.isEmpty { withBlocks += 1 }
            }
        }
        #expect(compared > 20 && withBlocks > 10, "compared \(compared), with blocks \(withBlocks)")
    }

    /// A model built with a change-record cache files its histories without blocks and reads each record's blocks
    /// from the cache after (`SiteHistoryIndex.fillBlocks`, peak15b): the same model as one built without a cache
    /// (the changelog's records with their blocks), with the cache cold and warm; and with a cache that cannot be
    /// written (so the blocks cannot be read back), the histories filed again with their blocks.
    @Test func aModelReadingItsBlocksFromTheCacheIsTheSame() throws {
        let (store, dir) = try sampleStore()
        defer { try? FileManager.default.removeItem(at: dir) }
        let reference = try buildSite(store)
        let cache = dir.appendingPathComponent("cache")
        let cold = try buildSite(store, options: SiteBuildOptions(cacheDirectory: cache))
        let warm = try buildSite(store, options: SiteBuildOptions(cacheDirectory: cache))
        let blocks = reference.collections.flatMap(\.entries).flatMap(\.history).map(\.change.blocks.count).reduce(0, +)
        #expect(blocks > 50)
        #expect(cold == reference)
        #expect(warm == reference)
        // The larger packed blocks are in the spill file.
        let changes = warm.collections.flatMap(\.entries).flatMap(\.history)
        #expect(changes.contains { $0.packedBlocks.isSpilled } && changes.contains { !$0.packedBlocks.isSpilled })
        let file = dir.appendingPathComponent("not-a-folder")
        try Data("x".utf8).write(to: file)
        let unwritable = try buildSite(store, options: SiteBuildOptions(cacheDirectory: file.appendingPathComponent("cache")))
        #expect(unwritable == reference)
    }

    /// Packed blocks kept in a spill file (`SiteHistorySpill`, peak15b): past its write buffer and within it, read
    /// on several threads at once, they unpack to the blocks packed, and equal the same blocks in memory.
    @Test func spilledBlocksAreTheBlocks() throws {
        let spill = try #require(SiteHistorySpill())
        var random = SplitMix64(seed: 15)
        func next(_ bound: Int) -> Int { Int(random.next() % UInt64(bound)) }
        let texts = ["Radweg", " ", "Bürger:innen", "🚲", "\u{0}", String(repeating: "lang ", count: 200)]
        var all: [(blocks: [BlockChange], packed: SiteHistoryBlocks)] = []
        for _ in 0..<2_000 {
            let blocks = (0..<next(4)).map { _ in
                BlockChange(kind: .inserted, old: nil, new: BlockLocation(kind: .paragraph, index: next(9), firstLine: 1, lastLine: 2, offset: 0, length: 5),
                            words: (0..<next(12)).map { _ in WordSegment(.insert, texts[next(texts.count)]) })
            }
            let packed = SiteHistoryBlocks(blocks)
            all.append((blocks, packed.spilled(to: spill)))
            #expect(all.last!.packed == packed)
        }
        #expect(all.contains { $0.packed.isSpilled } && all.contains { !$0.packed.isSpilled })
        #expect(all.filter(\.packed.isSpilled).map(\.packed.bytes.count).reduce(0, +) > 2 << 20)
        let items = all
        DispatchQueue.concurrentPerform(iterations: 4) { k in
            for (n, item) in items.enumerated() where n % 4 == k {
                #expect(item.packed.unpacked == item.blocks)
            }
        }
    }
}
