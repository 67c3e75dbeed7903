@testable import ChronikSchema
@testable import ChronikStore
import Foundation
import GitKit
import Testing

/// A whole-tree `chronik validate` lists the working tree without stamps and defers its table of entries
/// (`VersionContent.deferredTable`): the checks take the listing's order, and look entries up in the ids each folder's
/// listing put in a set (`VersionContent.contains(_:)`). Held to the listing that makes the table at once (the
/// reference, `deferringTable: false`) on seeded stores on disk with broken entries, duplicate unique values, dangling
/// and self references, symbolic links, FIFOs, folders, oversized and non-UTF-8 files, committed and not: the same
/// problems in the same order, the same counts, the same cache file byte for byte, cold and then warm.
@Suite("Working tree listing: the table of entries deferred")
struct DeferredEntryTableTests {
    static let author = Signature(name: "Test Author", email: "test@example.org", date: Date(timeIntervalSince1970: 1_646_128_800), timeZoneOffsetMinutes: 60)

    /// A store with `ColdFileRecordsTests`' seeded glossary and faq entries (a third committed, the rest written
    /// after) and, seeded too, files the reads refuse or that are no entries: with `links`, also symbolic links,
    /// FIFOs and folders named as entries.
    static func makeStore(seed: UInt64, links: Bool) throws -> (Store, URL) {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("chronik-deferred-\(seed)-\(UUID().uuidString)")
        let (store, _) = try Store.create(
            at: url, config: DefaultStore.config(title: "Test", language: .de), schemas: DefaultStore.schemas,
            author: author, committer: author, message: "Store created")
        let files = ColdFileRecordsTests.files(count: 240, seed: seed).sorted { $0.key < $1.key }
        var random = SplitMix64(seed: seed)
        // (The commit refuses front matter that does not parse.)
        for (path, text) in files where random.next() % 3 == 0 && !text.contains("[unclosed") { try store.writeFile(path, Data(text.utf8)) }
        _ = try store.commit(message: "Einträge", author: author, committer: author)
        for (path, text) in files { try store.writeFile(path, Data(text.utf8)) }
        for k in 0..<Int(random.next() % 4) + 2 {
            let folder = ["glossary", "faq", "actors"][Int(random.next() % 3)]
            try FileManager.default.createDirectory(at: url.appendingPathComponent(folder), withIntermediateDirectories: true)
            let path = url.appendingPathComponent("\(folder)/odd-\(k).md").path
            switch links ? random.next() % 7 : 3 + random.next() % 4 {
            case 0: #expect(symlink("../glossary/g1.md", path) == 0)
            case 1: #expect(mkfifo(path, 0o644) == 0)
            case 2: try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
            case 3: try Data(repeating: UInt8(ascii: "x"), count: FrontMatterLimits().maxFileBytes + 1).write(to: URL(fileURLWithPath: path))
            case 4: try Data([0x2D, 0x2D, 0x2D, 0x0A, 0x74, 0x3A, 0x20, 0xFF, 0x00, 0x0A, 0x2D, 0x2D, 0x2D, 0x0A]).write(to: URL(fileURLWithPath: path))
            case 5: try Data("x\n".utf8).write(to: url.appendingPathComponent("\(folder)/notes-\(k).txt"))
            default: try Data("---\nterm: A\n<<<<<<< HEAD\n---\n".utf8).write(to: URL(fileURLWithPath: path))
            }
        }
        return (store, url)
    }

    /// The listing `chronik validate` makes of the whole working tree, deferring its table or not.
    static func listing(_ store: Store, deferring: Bool) throws -> VersionContent {
        VersionContent.workingTree(root: store.root, config: try store.workingConfig(), cacheFile: VersionContent.cacheFile(of: store),
                                   prefetch: true, stampless: true, deferringTable: deferring)
    }

    /// The gate's report on a fresh listing, and the cache file it leaves.
    static func run(_ store: Store, deferring: Bool) throws -> (StoreValidationReport, Data, VersionContent) {
        var options = StoreValidationOptions()
        options.settleTime = .zero
        let content = try listing(store, deferring: deferring)
        let report = try StoreGate.workingTree(content, of: store, validator: StoreValidator(options: options))
        return (report, try Data(contentsOf: VersionContent.cacheFile(of: store)), content)
    }

    /// The cache file's lines but its checksum, sorted.
    static func lines(_ data: Data) -> [Substring] {
        String(decoding: data, as: UTF8.self).split(separator: "\n").filter { !$0.hasPrefix(ReferenceCache.footerPrefix) }.sorted()
    }

    @Test(arguments: [UInt64(1), 7, 19, 42], [false, true]) func theSameAsTheTableMadeAtOnce(seed: UInt64, links: Bool) throws {
        let (store, url) = try Self.makeStore(seed: seed, links: links)
        defer { try? FileManager.default.removeItem(at: url) }
        let cache = VersionContent.cacheFile(of: store)
        // Cold (no cache file: the stampless listing), then warm (with the cache the cold run left), each way.
        try? FileManager.default.removeItem(at: cache)
        let (cold, coldCache, deferred) = try Self.run(store, deferring: true)
        let (warm, warmCache, _) = try Self.run(store, deferring: true)
        try FileManager.default.removeItem(at: cache)
        let (coldReference, coldCacheReference, reference) = try Self.run(store, deferring: false)
        let (warmReference, warmCacheReference, _) = try Self.run(store, deferring: false)

        #expect(cold.problems == coldReference.problems)
        #expect(cold.problems.map(\.detail) == coldReference.problems.map(\.detail))
        #expect(cold.entriesChecked == coldReference.entriesChecked)
        #expect(cold.schemasChecked == coldReference.schemasChecked)
        // With every entry a regular file, the records are written in the listing's order: the same bytes. A link,
        // FIFO or folder named as an entry has them stored into the cache's table and written in its order, which
        // Swift's hashing seeds per table: the same lines.
        if !links { #expect(coldCache == coldCacheReference) }
        #expect(Self.lines(coldCache) == Self.lines(coldCacheReference))
        #expect(warm.problems == warmReference.problems)
        #expect(warm.problems == cold.problems)
        #expect(Self.lines(warmCache) == Self.lines(warmCacheReference))
        // Not vacuous: problems of every kind planted, and records of the valid entries.
        #expect(cold.problems.contains { $0.keyword == "x-chronik-ref" })
        #expect(cold.problems.contains { $0.keyword == "x-chronik-unique" })
        #expect(ReferenceCache(file: cache).files.count > 100)

        // The listing itself: deferred (no table made), with the reference's entries, order and count.
        #expect(deferred.tableIsDeferred)
        #expect(!reference.tableIsDeferred)
        #expect(deferred.entryCount == reference.entryCount)
        #expect(deferred.listedOrder?.map(\.key) == reference.listedOrder?.map(\.key))
        for (id, _) in reference.entries {
            #expect(deferred.contains(id))
            #expect(reference.contains(id))
        }
        var random = SplitMix64(seed: seed)
        for _ in 0..<200 {
            // Ids listed and not, in listed collections and not.
            let collection = ["glossary", "faq", "actors", "events", "nowhere", ""][Int(random.next() % 6)]
            let id = EntryID(collection: collection, id: ["g", "f", "odd-", "fehlt"][Int(random.next() % 4)] + "\(random.next() % 260)")
            #expect(deferred.contains(id) == (reference.entries[id] != nil), "\(id)")
        }
        // Asked for, the table is the reference's; after that it is an ordinary one.
        #expect(deferred.entries.mapValues(\.filePath) == reference.entries.mapValues(\.filePath))
        #expect(deferred.entries.count == deferred.entryCount)
    }

    /// A listed file's source reads it by its path (`Source(listedFile:…)`, without a closure of its own), as the
    /// closure each source held did: the bytes `FileReading` gives, nothing for a link, FIFO, folder or oversized
    /// file. A reader given or set is the one used.
    @Test(arguments: [UInt64(5), 11]) func listedSourcesReadTheirFiles(seed: UInt64) throws {
        let (store, url) = try Self.makeStore(seed: seed, links: true)
        defer { try? FileManager.default.removeItem(at: url) }
        for stampless in [true, false] {
            let content = try VersionContent.workingTree(of: store, stampless: stampless)
            let order = try #require(content.listedOrder)
            #expect(order.count > 200)
            var refused = 0
            for (id, source) in order {
                let path = try #require(source.filePath)
                let expected = try? FileReading.read(path, limit: FrontMatterLimits().maxFileBytes).map { Data($0.bytes) }.get()
                if expected == nil { refused += 1 }
                #expect(source.read() == expected, "\(id)")
                #expect(content.entries[id]?.read() == expected, "\(id)")
            }
            #expect(refused > 0)
        }
        var given = VersionContent.Source(filePath: "/nonexistent/x.md") { Data("given".utf8) }
        #expect(given.read() == Data("given".utf8))
        given.read = { Data("set".utf8) }
        #expect(given.read() == Data("set".utf8))
        var listed = VersionContent.Source(listedFile: url.appendingPathComponent("chronik.yml").path, stamp: nil, listedRegular: true)
        #expect(listed.read() == (try Data(contentsOf: url.appendingPathComponent("chronik.yml"))))
        listed.read = { nil }
        #expect(listed.read() == nil)
    }

    /// Changing the entries of a deferred listing makes its table and drops what the listing knew (`listedOrder`, the
    /// folders' ids): the version is then what the change made it, as for any table.
    @Test func aChangedTableDropsTheListing() throws {
        let (store, url) = try Self.makeStore(seed: 3, links: true)
        defer { try? FileManager.default.removeItem(at: url) }
        var content = try Self.listing(store, deferring: true)
        let count = content.entryCount
        let some = try #require(content.listedOrder?.first?.key)
        #expect(content.contains(some))
        content.entries[some] = nil
        #expect(!content.tableIsDeferred)
        #expect(content.listedOrder == nil)
        #expect(!content.contains(some))
        #expect(content.entryCount == count - 1)
        let added = EntryID(collection: "glossary", id: "neu")
        var other = try Self.listing(store, deferring: true)
        other.entries = [added: VersionContent.Source { nil }]
        #expect(other.contains(added))
        #expect(!other.contains(some))
        #expect(other.entryCount == 1)
        #expect(other.listedOrder == nil)
    }
}
