import ChronikStore
import Foundation
import GitKit
import Testing
@testable import ChronikChangelog
@testable import ChronikDiff

/// The `Codable` text of a value, as the record cache wrote it before `RecordJSON`.
private func codable<T: Encodable>(_ value: T) throws -> [UInt8] {
    var writer = JSONByteWriter(pretty: false)
    try writer.encode(value)
    return writer.bytes
}

@Suite struct RecordJSONTests {
    /// Every record of the sample's history (by version and by release, with blocks and without): the same bytes as
    /// their `Codable` encoding.
    @Test func sampleRecordsAreWrittenAsCodableWritesThem() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("chronik-record-json-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: dir) }
        let report = try SnapshotImporter.run(SampleBerlin.snapshots, into: dir, root: SampleBerlin.displayName)
        let store = try Store(at: report.store)
        var records = 0
        for grouping in ChangelogGrouping.allCases {
            var options = ChangelogOptions()
            options.grouping = grouping
            for group in try ChangelogBuilder(repository: store.repository).build(options).groups {
                var record = group.changes
                #expect(RecordJSON.blocks(record) == (try codable(record.entries.map(\.blocks))))
                #expect(RecordJSON.record(record) == (try codable(record)))
                record.removeBlocks()
                #expect(RecordJSON.record(record) == (try codable(record)))
                records += 1
            }
        }
        #expect(records > 8)
    }

    /// Records with every optional member set and unset, text that needs escaping, and numbers as written.
    @Test func everyMemberIsWrittenAsCodableWritesIt() throws {
        var random = SplitMix64(seed: 4_711)
        func pick<T>(_ options: [T]) -> T { options[Int(random.next() % UInt64(options.count))] }
        func maybe<T>(_ value: T) -> T? { random.next() % 2 == 0 ? value : nil }
        let texts = ["Status", "a\"b\\c\nd", "</script>", "Bürger:innen", "", "\u{2028}"]
        let values: [JSONValue] = [.string("laufend"), .number(JSONNumber(literal: "1.50")!), .bool(true), .null,
                                   .array([.string("x"), .number(JSONNumber(literal: "2")!)]), .object(["k": .string("v")])]
        let blob = try #require(ObjectID(hex: String(repeating: "ab", count: 20)))
        func location() -> BlockLocation {
            BlockLocation(kind: pick([.paragraph, .heading, .listItem]), index: Int(random.next() % 9), firstLine: 1, lastLine: 3,
                          offset: Int(random.next() % 500), length: 42)
        }
        func segments() -> [WordSegment] { (0..<Int(random.next() % 3)).map { _ in WordSegment(pick([.equal, .insert, .delete]), pick(texts)) } }
        for round in 0..<300 {
            let ref = EntryRef(collection: pick(["strategy", "glossary"]), id: pick(["a", "b-c"]), path: pick(["strategy/a.md", "x/\"y\".md"]))
            let fields = (0..<Int(random.next() % 4)).map { _ in
                FieldChange(pointer: pick(["/status", "/a/0"]), label: pick(texts), kind: pick([.added, .removed, .changed, .list]),
                            old: maybe(pick(values)), new: maybe(pick(values)), itemsAdded: random.next() % 2 == 0 ? [pick(values)] : [],
                            itemsRemoved: random.next() % 2 == 0 ? [pick(values)] : [], reordered: random.next() % 2 == 0,
                            words: maybe(segments()))
            }
            var prose = ProseSummary()
            prose.wordsAdded = Int(random.next() % 100)
            prose.blocksMoved = Int(random.next() % 3)
            let blocks = (0..<Int(random.next() % 3)).map { _ in
                BlockChange(kind: pick([.inserted, .deleted, .modified, .moved]), old: maybe(location()), new: maybe(location()), words: segments())
            }
            let entries = (0..<Int(random.next() % 3)).map { _ in
                ChangelogEntry(kind: pick([.added, .removed, .modified, .renamed, .moved]), entry: ref, from: maybe(ref), title: maybe(pick(texts)),
                               fields: fields, prose: prose, blocks: blocks,
                               formatting: maybe(pick([FormattingChange.frontMatter, .body, .frontMatterAndBody])),
                               attachments: maybe((0..<Int(random.next() % 3)).map { _ in
                                   AttachmentChange(kind: pick([.added, .removed, .modified]), name: pick(texts),
                                                    oldSize: maybe(Int(random.next() % 30_000_000)), newSize: maybe(Int(random.next() % 9)))
                               }))
            }
            let files = (0..<Int(random.next() % 3)).map { _ in
                FileDiff(kind: pick([.added, .removed, .modified]), path: pick(["chronik.yml", "schemas/ä.json"]), oldBlob: maybe(blob), newBlob: maybe(blob))
            }
            let documents = (0..<Int(random.next() % 2)).map { _ in
                DocumentOrderDiff(collection: "strategy", sections: (0..<Int(random.next() % 3)).map { _ in
                    SectionChange(kind: pick([.moved, .added, .removed, .unchanged]), id: pick(["s1", "s2"]), from: maybe("s0"),
                                  oldPosition: maybe(Int(random.next() % 9)), newPosition: maybe(Int(random.next() % 9)), title: maybe(pick(texts)))
                })
            }
            var summary = SnapshotSummary()
            summary.entriesAdded = Int(random.next() % 5)
            summary.filesChanged = files.count
            let record = ChangeRecord(entries: entries, files: files, documents: documents, summary: summary)
            #expect(RecordJSON.record(record) == (try codable(record)), "seed 4711, round \(round)")
            #expect(RecordJSON.blocks(record) == (try codable(record.entries.map(\.blocks))), "seed 4711, round \(round)")
        }
    }
}
