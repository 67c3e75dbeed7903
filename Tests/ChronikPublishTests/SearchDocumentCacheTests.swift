import ChronikChangelog
import ChronikStore
import Foundation
import GitKit
import Testing
@testable import ChronikPublish

/// The search documents an incremental publish takes from the last one (`SearchDocumentCache`), and the entry
/// fingerprints they are keyed by: the index made with them is the bytes of one made from scratch (the reference),
/// and a cache that does not verify is not used.
@Suite struct SearchDocumentCacheTests {
    /// The sample site's search index with every document made, and with every document taken from a cache of the
    /// same site: the same files; and after one entry's body changed, only that entry's document is made again.
    @Test func documentsFromTheCacheGiveTheSameIndex() throws {
        let (store, dir) = try sampleStore()
        defer { try? FileManager.default.removeItem(at: dir) }
        let model = try buildSite(store)
        let options = SiteRenderOptions()
        let keys = SiteKeys(model, options: options, theme: .makeDefault())
        let reference = SiteSearch.files(model, options: options)

        let first = SearchDocumentCache()
        #expect(SiteSearch.files(model, keys: keys, cache: first).files == reference.files)
        let count = model.collections.reduce(0) { $0 + $1.entries.count }
        #expect(first.made == count && first.reused == 0)

        let parsed = try #require(SearchDocumentCache.parse(first.serialized()), "the cache reads back")
        #expect(parsed.count == count)
        let second = SearchDocumentCache(previous: parsed)
        #expect(SiteSearch.files(model, keys: keys, cache: second).files == reference.files)
        #expect(second.made == 0 && second.reused == count)

        // One entry's body changed: its document is made again, the others are taken.
        var changed = model
        let c = try #require(changed.collections.firstIndex { $0.entries.count > 1 })
        changed.collections[c].entries[0].body += "\n\nEin Zeppelinhafen für alle."
        let changedKeys = SiteKeys(changed, options: options, theme: .makeDefault())
        let third = SearchDocumentCache(previous: parsed)
        let files = SiteSearch.files(changed, keys: changedKeys, cache: third)
        #expect(files.files == SiteSearch.files(changed, options: options).files)
        #expect(third.made == 1 && third.reused == count - 1)
        #expect(String(decoding: files.files[SitePaths.searchIndex] ?? [], as: UTF8.self).contains("\"zeppelinhafen\""))
    }

    /// A publish with the publish cache leaves its documents for the next one: after one entry's body changed, the
    /// next publish makes that entry's document alone, and its files are those of a publish without any cache.
    @Test func aPublishLeavesItsDocumentsForTheNext() throws {
        let (store, dir) = try sampleStore()
        defer { try? FileManager.default.removeItem(at: dir) }
        let target = dir.appendingPathComponent("_site"), cacheFolder = dir.appendingPathComponent("site-cache")
        let options = Publisher.Options(releases: true, siteCacheDirectory: cacheFolder)
        _ = try Publisher.publish(store: store, at: try #require(try store.tip()), to: target, options: options)
        let glossary = store.root.appendingPathComponent("glossary")
        let name = try #require(try FileManager.default.contentsOfDirectory(atPath: glossary.path).sorted().first { $0.hasSuffix(".md") })
        let handle = try FileHandle(forWritingTo: glossary.appendingPathComponent(name))
        try handle.seekToEnd()
        try handle.write(contentsOf: Data("\nEin Satz über den Zeppelinhafen.\n".utf8))
        try handle.close()
        try git(store, ["commit", "-q", "-am", "Zeppelinhafen"])
        let tip = try #require(try store.tip())

        let cache = SearchDocumentCache.read(directory: cacheFolder, target: target)
        let (plan, model, _) = try Publisher.plan(store: store, at: tip, options: options, searchCache: cache)
        let count = model.collections.reduce(0) { $0 + $1.entries.count }
        // The main site's changed entry is made; every other document (release sites' too) is the last publish's.
        #expect(cache.made == 1 && cache.reused > count, "made \(cache.made), reused \(cache.reused)")
        let reference = try Publisher.files(store: store, at: tip, options: Publisher.Options(releases: true)).0
        #expect(plan.rendered().files == reference.files)
        try expectFsck(store)
    }

    /// A cache whose bytes were changed, cut short or written by another revision is not used.
    @Test func aDamagedCacheIsNotUsed() throws {
        let (store, dir) = try sampleStore()
        defer { try? FileManager.default.removeItem(at: dir) }
        let model = try buildSite(store)
        let keys = SiteKeys(model, options: SiteRenderOptions(), theme: .makeDefault())
        let cache = SearchDocumentCache()
        _ = SiteSearch.files(model, keys: keys, cache: cache)
        let good = cache.serialized()
        #expect(SearchDocumentCache.parse(good) != nil)
        for k in stride(from: 0, to: good.count, by: max(1, good.count / 40)) {
            var bad = good
            bad[k] ^= 0x20
            #expect(SearchDocumentCache.parse(bad) == nil, "byte \(k) flipped")
        }
        #expect(SearchDocumentCache.parse(Array(good.dropLast(9))) == nil)
        #expect(SearchDocumentCache.parse([]) == nil)
        var otherRevision = good
        otherRevision.replaceSubrange(0..<SearchDocumentCache.header.count, with: Array("chronik-search-cache 0 renderer 0\n".utf8))
        #expect(SearchDocumentCache.parse(otherRevision) == nil)
    }

    /// The sample's search documents, as one checksum beside `SearchDocumentCache.revision`: a change in how entries
    /// become documents (`SearchText`, `SiteSearch.document`) changes the checksum and must bump the revision with
    /// it, else a publish would keep documents an older chronik made. Update both together.
    @Test func revisionMovesWithTheDocuments() throws {
        let (store, dir) = try sampleStore()
        defer { try? FileManager.default.removeItem(at: dir) }
        let index = SiteSearch.files(try buildSite(store), options: SiteRenderOptions()).files[SitePaths.searchIndex] ?? []
        var sum = SiteFingerprint()
        sum.add(index)
        #expect("\(SearchDocumentCache.revision) \(sum.hex)" == "2 ff82c08c717823f2c0a6657a504ed941")
    }

    /// An entry's fingerprint stands for its history by each version's identity (id, date, summary), release, and
    /// which entry it changed how; a different release, version or kind changes it.
    @Test func historyFingerprintCoversVersionReleaseAndKind() throws {
        let (store, dir) = try sampleStore()
        defer { try? FileManager.default.removeItem(at: dir) }
        let model = try buildSite(store)
        let entry = try #require(model.collections.flatMap(\.entries).first { !$0.history.isEmpty })
        let base = SiteInputs.entry(entry, model: model)
        var changes: [SiteEntry] = []
        var e = entry
        e.history[0].release = (e.history[0].release ?? "") + "-x"
        changes.append(e)
        e = entry
        e.history[0].version.summary += " (neu)"
        changes.append(e)
        e = entry
        e.history[0].version.id = ObjectID(hex: String(repeating: "cd", count: 20))!
        changes.append(e)
        e = entry
        e.history[0].change.kind = e.history[0].change.kind == .added ? .modified : .added
        changes.append(e)
        e = entry
        e.history.removeLast()
        changes.append(e)
        for (k, changed) in changes.enumerated() {
            #expect(SiteInputs.entry(changed, model: model) != base, "change \(k)")
        }
        #expect(SiteInputs.entry(entry, model: model) == base)
    }
}
