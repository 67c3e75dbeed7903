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

    /// The whole-history walk computes change sets on several threads once there are enough versions to compute
    /// (`Store.parallelLog`): the same versions, in the same order, with the same change sets as one thread, without
    /// cache, with a cold and a warm cache, with a cache that holds only some versions, with a damaged record, for one
    /// collection, and when the walk is stopped early.
    @Test func severalThreadsGiveWhatOneGives() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("chronik-log-threads-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        let (store, _) = try Store.create(at: folder, config: DefaultStore.config(title: "Test", language: .de), schemas: DefaultStore.schemas,
                                          author: Self.author, committer: Self.author, message: "Store created")
        var random = SplitMix64(seed: 19)
        var names: [String] = []
        for i in 1...90 {
            let choice = Int(random.next() % 4)
            if choice == 0 || names.count < 3 {
                let name = "begriff-\(i)"
                names.append(name)
                try store.writeFile("glossary/\(name).md", Data("---\nterm: Begriff \(i)\n---\nText \(i) über die Stadt und ihre Daten.\n".utf8))
            } else if choice == 1 {
                let name = names[Int(random.next() % UInt64(names.count))]
                try store.writeFile("glossary/\(name).md", Data("---\nterm: \(name)\n---\nGeänderter Text \(i) über die Stadt und ihre Daten.\n".utf8))
            } else if choice == 2 {
                try store.writeFile("faq/frage-\(i).md", Data("---\nquestion: Frage \(i)?\ncategory: Prozess\n---\nAntwort \(i).\n".utf8))
            } else {
                let index = Int(random.next() % UInt64(names.count))
                let old = names[index], new = old + "-neu"
                let data = try #require(FileManager.default.contents(atPath: store.url(of: "glossary/\(old).md").path))
                try FileManager.default.removeItem(at: store.url(of: "glossary/\(old).md"))
                try store.writeFile("glossary/\(new).md", data)
                names[index] = new
            }
            _ = try store.commit(message: "Fassung \(i)", author: Self.author, committer: Self.author)
        }
        let tip = try #require(try store.tip())
        func walk(_ options: LogOptions) throws -> [String] {
            try store.log(from: tip, options: options).map { version in
                "\(version.id.hex) \(version.counts) " + version.changes.map { "\($0.kind) \($0.from?.path ?? "-") \($0.entry.path)" }.joined(separator: ",")
                    + " files " + version.files.map { "\($0.kind) \($0.path)" }.joined(separator: ",")
            }
        }
        let reference = try walk(LogOptions(threads: 1))
        #expect(reference.count == 91)
        #expect(reference.contains { $0.contains("renamed") }, "the history has renames")
        #expect(try walk(LogOptions(threads: 4)) == reference)

        let cache = folder.appendingPathComponent(".git/chronik/log-cache-test")
        #expect(try walk(LogOptions(cacheDirectory: cache, threads: 4)) == reference, "cold cache")
        #expect(try walk(LogOptions(cacheDirectory: cache, threads: 4)) == reference, "warm cache")
        #expect(try walk(LogOptions(cacheDirectory: cache, threads: 1)) == reference, "warm cache, one thread")
        // A cache of the last 20 versions only, then a record that does not read back.
        let partial = folder.appendingPathComponent(".git/chronik/log-cache-partial")
        _ = try store.log(from: try store.repository.commit(try #require(store.log(from: tip).dropFirst(70).first?.id)),
                          options: LogOptions(cacheDirectory: partial, threads: 1))
        #expect(try walk(LogOptions(cacheDirectory: partial, threads: 4)) == reference, "partly cached")
        for file in FileManager.default.enumerator(at: partial, includingPropertiesForKeys: nil)?.compactMap({ $0 as? URL }) ?? []
        where file.pathExtension == SegmentCache.segmentExtension {
            var bytes = try Data(contentsOf: file)
            bytes[bytes.count / 2] ^= 0x20
            try bytes.write(to: file)
        }
        #expect(try walk(LogOptions(cacheDirectory: partial, threads: 4)) == reference, "a damaged record")

        #expect(try walk(LogOptions(collection: "faq", threads: 4)) == walk(LogOptions(collection: "faq", threads: 1)))
        var seen: [String] = []
        try store.log(from: tip, options: LogOptions(threads: 4)) { version in
            seen.append(version.id.hex)
            return seen.count < 10
        }
        #expect(seen == reference.prefix(10).map { String($0.prefix(40)) })
    }
}
