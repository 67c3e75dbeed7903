import ChronikStore
import Foundation
import GitKit
import Testing

/// `Store.log(from:options:each:)`, on which `chronik log --format ndjson` streams: versions are handed over one by one
/// as the walk finds them, newest first, the same as `log(from:options:)` returns; the walk stops when asked.
@Suite struct LogStreamingTests {
    static let author = Signature(name: "Test", email: "test@example.org", date: Date(timeIntervalSince1970: 1_646_125_200), timeZoneOffsetMinutes: 60)

    @Test func versionsComeOneByOneAndTheWalkStopsWhenAsked() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("chronik-log-stream-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        let (store, _) = try Store.create(at: folder, config: DefaultStore.config(title: "Test", language: .de), schemas: DefaultStore.schemas,
                                          author: Self.author, committer: Self.author, message: "Store created")
        for i in 1...4 {
            try store.writeFile("glossary/begriff-\(i).md", Data("---\nterm: Begriff \(i)\n---\nText.\n".utf8))
            _ = try store.commit(message: "Begriff \(i)", author: Self.author, committer: Self.author)
        }
        let tip = try #require(try store.tip())
        let all = try store.log(from: tip)
        #expect(all.count == 5)

        var streamed: [String] = []
        try store.log(from: tip) { version in
            streamed.append(version.id.hex)
            return true
        }
        #expect(streamed == all.map(\.id.hex))

        // Stopping after the second: nothing more is read or handed over.
        var seen = 0
        try store.log(from: tip) { _ in
            seen += 1
            return seen < 2
        }
        #expect(seen == 2)

        // One entry's history follows the same path.
        var entryVersions: [String] = []
        try store.log(from: tip, options: LogOptions(entry: EntryID(collection: "glossary", id: "begriff-2"))) { version in
            entryVersions.append(version.id.hex)
            return true
        }
        #expect(entryVersions == [all[2].id.hex])

        // The JSON of a version names its id `commit` and entries with their path (docs/json-output.md).
        let json = try JSONValueEncoder().text(all[0], pretty: false)
        #expect(json.hasPrefix(#"{"commit":""# + all[0].id.hex + #"","parents":[""#), "\(json)")
        #expect(json.contains(#""entry":{"collection":"glossary","id":"begriff-4","path":"glossary/begriff-4.md"}"#), "\(json)")
    }
}
