import ChronikDiff
import ChronikStore
import Foundation
import Testing
@testable import ChronikChangelog

// The changelog's fast JSON paths against the slow ones they replace: the group-by-group JSON rendering gives the
// bytes of the tree encoder, and the change-record cache reads back exactly the records it was given.

private func sample() throws -> (Store, URL) {
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent("chronik-changelog-json-\(UUID().uuidString)")
    let report = try SnapshotImporter.run(SampleBerlin.snapshots, into: dir, root: SampleBerlin.displayName)
    return (try Store(at: report.store), dir)
}

/// The JSON as it was rendered before: every entry copied with its blocks blanked, encoded to a tree, written.
private func treeJSON(_ changelog: Changelog, detail: Bool) throws -> String {
    var value = changelog
    if !detail {
        for g in value.groups.indices {
            for k in value.groups[g].changes.entries.indices { value.groups[g].changes.entries[k].blocks = [] }
        }
    }
    return JSONWriter.write(try JSONValueEncoder().encode(value), pretty: true) + "\n"
}

@Suite struct ChangelogJSONTests {
    @Test func renderingEqualsTheTreeEncoder() throws {
        let (store, dir) = try sample()
        defer { try? FileManager.default.removeItem(at: dir) }
        for grouping in ChangelogGrouping.allCases {
            for language in ["de", "en"] {
                var options = ChangelogOptions()
                options.grouping = grouping
                options.language = language
                var changelog = try ChangelogBuilder(repository: store.repository).build(options)
                for detail in [false, true] {
                    let json = JSONChangelog.render(changelog, options: .init(detail: detail))
                    #expect(json == (try treeJSON(changelog, detail: detail)), "\(grouping) \(language) detail \(detail)")
                    var pieces: [[UInt8]] = []
                    JSONChangelog.render(changelog, options: .init(detail: detail)) { pieces.append($0) }
                    #expect(pieces.count == changelog.groups.count + 2)  // the head, each group, the end
                    #expect(String(decoding: pieces.joined(), as: UTF8.self) == json)
                }
                // With `from` set (it is left out when nil) and with no groups at all.
                changelog.from = changelog.origin
                #expect(JSONChangelog.render(changelog) == (try treeJSON(changelog, detail: false)))
                changelog.groups = []
                #expect(JSONChangelog.render(changelog) == (try treeJSON(changelog, detail: false)))
            }
        }
    }

    /// A group of more entries than `JSONChangelog.largeGroupEntries` is rendered into a buffer reserved at once (a
    /// store's first version): the same bytes as the tree encoder, and from the compact record the same as from the
    /// record, with and without detail. Its entries are the sample's, repeated in a seeded shuffle.
    @Test func aLargeGroupIsRenderedIntoItsReserveWithTheSameBytes() throws {
        let (store, dir) = try sample()
        defer { try? FileManager.default.removeItem(at: dir) }
        var options = ChangelogOptions()
        options.grouping = .commit
        var changelog = try ChangelogBuilder(repository: store.repository).build(options)
        let pool = changelog.groups.flatMap(\.changes.entries)
        try #require(!pool.isEmpty)
        var random = SplitMix64(seed: 19)
        let k = changelog.groups.count - 1
        var entries: [ChangelogEntry] = []
        // Enough entries for both reserves: the entries', and the compact record's bytes.
        var bare = changelog.groups[k].changes
        repeat {
            for _ in 0..<500 { entries.append(pool.randomElement(using: &random)!) }
            bare.entries = entries
            bare.removeBlocks()
        } while entries.count < JSONChangelog.largeGroupEntries || RecordJSON.record(bare).count < JSONChangelog.largeGroupBytes
        changelog.groups[k].changes.entries = entries
        #expect(JSONChangelog.capacity(entries: entries.count, detail: false) > 0)
        #expect(JSONChangelog.capacity(entries: JSONChangelog.largeGroupEntries - 1, detail: true) == 0)
        for detail in [false, true] {
            #expect(JSONChangelog.render(changelog, options: .init(detail: detail)) == (try treeJSON(changelog, detail: detail)), "detail \(detail)")
            let text = JSONChangelog.group(changelog.groups[k], index: k, options: .init(detail: detail))
            // The sample's entries are small: the text fits the room reserved for it.
            #expect(text.count <= JSONChangelog.capacity(entries: entries.count, detail: detail))
        }
        let compact = RecordJSON.record(bare)
        #expect(JSONChangelog.group(changelog.groups[k], index: k, compactChanges: compact)
                == JSONChangelog.group(changelog.groups[k], index: k, options: .init(detail: false)))
    }

    @Test func cacheRoundTripsTheSampleRecords() throws {
        let (store, dir) = try sample()
        defer { try? FileManager.default.removeItem(at: dir) }
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("chronik-record-cache-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        var options = ChangelogOptions()
        options.grouping = .commit
        let changelog = try ChangelogBuilder(repository: store.repository).build(options)
        #expect(changelog.groups.contains { g in g.changes.entries.contains { !$0.blocks.isEmpty } })
        #expect(changelog.groups.contains { g in g.changes.entries.contains { e in e.fields.contains { $0.kind == .list } } })

        let writing = ChangeRecordCache(directory: folder, language: "de")
        for g in changelog.groups { writing.add(g.changes, base: g.base, tip: g.version) }
        writing.flush()
        let reading = ChangeRecordCache(directory: folder, language: "de")
        for g in changelog.groups {
            #expect(reading.read(base: g.base, tip: g.version, blocks: true) == g.changes)
            var bare = g.changes
            bare.removeBlocks()
            #expect(reading.read(base: g.base, tip: g.version, blocks: false) == bare)
        }
        #expect(reading.read(base: nil, tip: changelog.to, blocks: false) == nil)
        #expect(ChangeRecordCache(directory: folder, language: "en").read(base: changelog.groups[0].base, tip: changelog.to, blocks: false) == nil)
    }

    @Test func withoutBlocksTheWarmBuildReadsNoBlocksAndRendersTheSame() throws {
        let (store, dir) = try sample()
        defer { try? FileManager.default.removeItem(at: dir) }
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("chronik-record-cache-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        var options = ChangelogOptions()
        options.grouping = .commit
        options.cacheDirectory = folder
        options.blocks = false
        let builder = ChangelogBuilder(repository: store.repository)
        let cold = try builder.build(options)
        #expect(builder.statistics.computed == cold.groups.count)
        #expect(cold.groups.allSatisfy { $0.changes.entries.allSatisfy(\.blocks.isEmpty) })
        let warm = try builder.build(options)
        #expect(builder.statistics.cached == cold.groups.count)
        #expect(warm == cold)
        // A build without blocks makes none and caches none: a build with them finds the records without their
        // blocks and diffs every group again (and caches it whole), as an uncached build has them; the next one
        // reads them from the cache.
        options.blocks = true
        let detailed = try builder.build(options)
        #expect(builder.statistics.computed == cold.groups.count)
        #expect(detailed.groups.contains { g in g.changes.entries.contains { $0.kind == .added && !$0.blocks.isEmpty } })
        #expect((try builder.build(options)) == detailed)
        #expect(builder.statistics.cached == cold.groups.count)
        #expect(builder.statistics.computed == 0)
        options.cacheDirectory = nil
        #expect(detailed == (try builder.build(options)))
        for format in ChangelogFormat.allCases {
            #expect(ChangelogRenderer.render(warm, format: format) == ChangelogRenderer.render(detailed, format: format))
        }
    }

    /// The records of a build without blocks (which makes no text of added and removed entries) are those of a build
    /// with them, blocks removed: the same counts, titles, fields and sections, cached or not, by version and by
    /// release.
    @Test func recordsWithoutBlocksEqualTheDetailedOnesWithoutTheirBlocks() throws {
        let (store, dir) = try sample()
        defer { try? FileManager.default.removeItem(at: dir) }
        for grouping in ChangelogGrouping.allCases {
            for language in ["de", "en"] {
                var options = ChangelogOptions()
                options.grouping = grouping
                options.language = language
                let builder = ChangelogBuilder(repository: store.repository)
                var detailed = try builder.build(options)
                #expect(detailed.groups.contains { g in g.changes.entries.contains { $0.kind == .added && !$0.blocks.isEmpty } })
                for g in detailed.groups.indices { detailed.groups[g].changes.removeBlocks() }
                options.blocks = false
                #expect((try builder.build(options)) == detailed, "\(grouping) \(language)")
            }
        }
    }
}
