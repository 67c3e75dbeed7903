import ChronikStore
import Foundation
import GitKit
import Testing
@testable import ChronikChangelog

/// inc15j: a build given the caller's opening of the change-record cache (`ChangelogOptions.openedRecordCache`) reads
/// and adds its records through it, so a reader opened before the build sees the records the build made (a second
/// opening would index the segments again and hold its own index); an opening of another directory or language is
/// not used. The changelog is the same either way.
@Suite struct SharedRecordCacheTests {
    @Test func aBuildAddsItsRecordsThroughTheOpeningItIsGiven() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("chronik-shared-records-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: dir) }
        let report = try SnapshotImporter.run(SampleBerlin.snapshots, into: dir, root: SampleBerlin.displayName)
        let store = try Store(at: report.store)
        let reference = try ChangelogBuilder(repository: store.repository).build({
            var o = ChangelogOptions()
            o.grouping = .commit
            o.language = "en"
            return o
        }()).groups
        for (name, sameDirectory, sameLanguage) in [("shared", true, true), ("other directory", false, true), ("other language", true, false)] {
            let cacheDirectory = dir.appendingPathComponent("cache-\(UUID().uuidString)")
            // Opened before the build, on an empty cache.
            let opened = ChangeRecordBlocks(directory: sameDirectory ? cacheDirectory : dir.appendingPathComponent("elsewhere"),
                                            language: sameLanguage ? "en" : "de")
            var options = ChangelogOptions()
            options.grouping = .commit
            options.language = "en"
            options.cacheDirectory = cacheDirectory
            options.openedRecordCache = { _, _ in opened }
            let groups = try ChangelogBuilder(repository: store.repository).build(options).groups
            #expect(groups == reference, "\(name)")
            for group in groups where !group.changes.entries.isEmpty {
                let read = opened.blocks(base: group.base, tip: group.version, position: 0, count: group.changes.entries.count)
                if sameDirectory, sameLanguage {
                    #expect(read == group.changes.entries[0].blocks, "\(name): the record the build added, through the opening given")
                } else {
                    #expect(read == nil, "\(name): the opening given was not used")
                }
            }
            // The records are in the cache's files either way: a new opening reads them.
            let next = ChangeRecordBlocks(directory: cacheDirectory, language: "en")
            for group in groups where !group.changes.entries.isEmpty {
                #expect(next.blocks(base: group.base, tip: group.version, position: 0, count: group.changes.entries.count) == group.changes.entries[0].blocks, "\(name)")
            }
        }
    }
}
