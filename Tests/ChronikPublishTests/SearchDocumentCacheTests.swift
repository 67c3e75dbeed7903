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

    /// The title order is kept with the documents (inc15d): a publish whose titles are those of the last one takes
    /// the last order, one with a title changed (or an entry added) sorts again; the files are those of an index made
    /// from scratch either way, and a kept order that is not a permutation of its titles does not verify.
    @Test func titleOrderKeptWhileTheTitlesAreTheSame() throws {
        let (store, dir) = try sampleStore()
        defer { try? FileManager.default.removeItem(at: dir) }
        let model = try buildSite(store)
        let options = SiteRenderOptions()
        let first = SearchDocumentCache()
        _ = SiteSearch.files(model, keys: SiteKeys(model, options: options, theme: .makeDefault()), cache: first)
        #expect(first.ordersSorted == 1 && first.ordersReused == 0)
        let parsed = try #require(SearchDocumentCache.parse(first.serialized()))
        #expect(parsed.orders.count == 1)

        // A body changed: the same titles, the order kept.
        var body = model
        let c = try #require(body.collections.firstIndex { $0.entries.count > 2 })
        body.collections[c].entries[1].body += "\n\nNoch ein Satz."
        let second = SearchDocumentCache(previous: parsed)
        let bodyFiles = SiteSearch.files(body, keys: SiteKeys(body, options: options, theme: .makeDefault()), cache: second)
        #expect(second.ordersReused == 1 && second.ordersSorted == 0)
        #expect(bodyFiles.files == SiteSearch.files(body, options: options).files)

        // Titles changed (seeded: moved to the front, the back and the middle of the order), an entry removed: sorted again.
        var random = SplitMix64(seed: 1915)
        for title in ["AAA Zuerst", "zzz Zuletzt", "Mitte", ""] {
            var changed = model
            let entries = changed.collections[c].entries.count
            changed.collections[c].entries[Int(random.next() % UInt64(entries))].title = title
            if title.isEmpty { changed.collections[c].entries.removeLast() }
            let cache = SearchDocumentCache(previous: parsed)
            let files = SiteSearch.files(changed, keys: SiteKeys(changed, options: options, theme: .makeDefault()), cache: cache)
            #expect(cache.ordersSorted == 1 && cache.ordersReused == 0, "\(title)")
            #expect(files.files == SiteSearch.files(changed, options: options).files, "\(title)")
        }

        // An order whose positions repeat one: the file does not verify even with a correct checksum.
        let orders = SearchDocumentCache.titlesKey(["b", "a"])
        var bad = SearchDocumentCache.header
        bad += [0]  // no words
        bad += [1]  // one order
        for n in [orders.words, orders.bytes] { for k in 0..<8 { bad.append(UInt8(truncatingIfNeeded: n >> (8 * UInt64(k)))) } }
        bad += [2, 1, 1]
        bad += [0]  // no documents
        let sum = bad.withUnsafeBytes { Checksum.of($0) }
        for k in 0..<8 { bad.append(UInt8(truncatingIfNeeded: sum >> (8 * UInt64(k)))) }
        #expect(SearchDocumentCache.parse(bad) == nil)
        bad[bad.count - 10] = 0  // [1, 0]: a permutation (the checksum no longer fits)
        #expect(SearchDocumentCache.parse(bad) == nil)
        bad.removeLast(8)
        let fixed = bad.withUnsafeBytes { Checksum.of($0) }
        for k in 0..<8 { bad.append(UInt8(truncatingIfNeeded: fixed >> (8 * UInt64(k)))) }
        #expect(SearchDocumentCache.parse(bad)?.orders[orders] == [1, 0])
    }

    /// The file written through a pointer (`serialized`) is the file written a value at a time
    /// (`referenceSerialized`): the same bytes for the sample's and seeded models' caches, made or reused, and it
    /// reads back.
    @Test(arguments: [UInt64(3), 2026])
    func writtenAsTheReference(seed: UInt64) throws {
        let (store, dir) = try sampleStore()
        defer { try? FileManager.default.removeItem(at: dir) }
        for model in [try buildSite(store), GeneratedSearchModel.model(entries: 300, seed: seed)] {
            let keys = SiteKeys(model, options: SiteRenderOptions(), theme: .makeDefault())
            let cache = SearchDocumentCache()
            _ = SiteSearch.files(model, keys: keys, cache: cache)
            let bytes = cache.serialized()
            #expect(bytes == cache.referenceSerialized())
            let reused = SearchDocumentCache(previous: try #require(SearchDocumentCache.parse(bytes)))
            _ = SiteSearch.files(model, keys: keys, cache: reused)
            #expect(reused.made == 0)
            #expect(reused.serialized() == reused.referenceSerialized())
        }
    }

    /// The documents' word numbers read through the buffer (`CacheBytesReader.wordNumbers`) as the reference reads
    /// them a value at a time (`referenceParse`): seeded files whose checksums verify, with numbers of one to ten
    /// bytes, overlong encodings (zeros after a continuation), numbers at, below and above twice the words, counts
    /// larger than the numbers that follow, files cut inside a number; both give nothing, or the same words, orders
    /// and documents. And the sample's cache file read both ways.
    @Test(arguments: [UInt64(15), 2026])
    func wordNumbersReadAsTheReference(seed: UInt64) throws {
        var random = SplitMix64(seed: seed)
        func next(_ bound: Int) -> Int { Int(random.next() % UInt64(bound)) }
        func leb(_ value: UInt64, overlong: Int) -> [UInt8] {
            var out: [UInt8] = [], n = value
            while n >= 0x80 { out.append(UInt8(n & 0x7F) | 0x80); n >>= 7 }
            out.append(UInt8(n))
            for _ in 0..<overlong {
                out[out.count - 1] |= 0x80
                out.append(0)
            }
            return out
        }
        func same(_ a: SearchDocumentCache.Contents?, _ b: SearchDocumentCache.Contents?) -> Bool {
            guard let a, let b else { return a == nil && b == nil }
            guard a.words.words == b.words.words, a.orders == b.orders, a.documents.count == b.documents.count else { return false }
            return a.documents.allSatisfy { key, x in
                guard let y = b.documents[key] else { return false }
                return [x.href, x.title, x.collection, x.snippet] == [y.href, y.title, y.collection, y.snippet] && x.words == y.words
            }
        }
        var parsedSome = 0, refusedSome = 0
        for round in 0..<400 {
            var out = CacheBytesWriter(header: SearchDocumentCache.header)
            // Half of the files hold only numbers the reader takes (some of them overlong, up to nine bytes); the others
            // one kind of damage: numbers out of range, encodings of seven to twelve bytes, a count larger than the
            // numbers that follow, the file cut short.
            let damage = next(2) == 0 ? next(4) : -1
            let words = next(6) == 0 ? 0 : 1 + next(300)
            out.length(words)
            for k in 0..<words { out.string("w\(k)") }
            out.length(0)
            let documents = 1 + next(5)
            out.length(documents)
            for d in 0..<documents {
                out.uint64(UInt64(round)); out.uint64(UInt64(d))
                for text in ["h\(d)", "t", "c", ""] { out.string(text) }
                let count = next(40)
                out.length(damage == 2 && next(2) == 0 ? count + 1 + next(3) : count)
                for _ in 0..<count {
                    let limit = UInt64(2 * words)
                    var value = limit == 0 ? 0 : UInt64(next(Int(limit)))
                    if damage == 0, next(20) == 0 {
                        value = [limit, limit + UInt64(next(5)), UInt64.random(in: 0...UInt64(Int64.max), using: &random)][next(3)]
                    }
                    let overlong = damage == 1 && next(3) == 0 ? 6 + next(5) : next(12) == 0 ? 1 + next(3) : 0
                    for byte in leb(value, overlong: overlong) { out.append(byte) }
                }
            }
            var bytes = out.finished()
            if damage == 3, bytes.count > SearchDocumentCache.header.count + 12 {
                // Cut inside the records, the checksum made again for what is left.
                bytes = Array(bytes[..<(SearchDocumentCache.header.count + 2 + next(bytes.count - SearchDocumentCache.header.count - 10))])
                let sum = bytes.withUnsafeBytes { Checksum.of($0) }
                for k in 0..<8 { bytes.append(UInt8(truncatingIfNeeded: sum >> (8 * UInt64(k)))) }
            }
            let fast = SearchDocumentCache.parse(bytes), reference = SearchDocumentCache.referenceParse(bytes)
            #expect(same(fast, reference), "seed \(seed) round \(round)")
            if fast != nil { parsedSome += 1 } else { refusedSome += 1 }
        }
        #expect(parsedSome > 40 && refusedSome > 40, "parsed \(parsedSome), refused \(refusedSome)")

        let (store, dir) = try sampleStore()
        defer { try? FileManager.default.removeItem(at: dir) }
        let model = try buildSite(store)
        let cache = SearchDocumentCache()
        _ = SiteSearch.files(model, keys: SiteKeys(model, options: SiteRenderOptions(), theme: .makeDefault()), cache: cache)
        let bytes = cache.serialized()
        #expect(same(SearchDocumentCache.parse(bytes), SearchDocumentCache.referenceParse(bytes)))
        #expect(SearchDocumentCache.parse(bytes) != nil)
    }

    /// Publishes one after another, each from the file the last one left (`update`: a section added in place, or the
    /// file written anew when more than an eighth of it would be unused): seeded edits of bodies (with words no file
    /// holds yet), titles (a new title order), entries removed and added, many at once, none. Every round the index is
    /// the one made without a cache; the file updated holds every document and title order the publish used, each
    /// with the words it has in the file written whole (`serialized`, the reference), and the same bytes up to the old
    /// checksum when added to; a publish of the same model from it makes and sorts nothing and leaves it (so at most an
    /// eighth of it is unused); the fast and the reference parse agree on it, and a byte of the added section flipped,
    /// or the file cut, is refused.
    @Test(arguments: [UInt64(20), 2026, 77])
    func sectionsAddedInPlaceReadBackAsTheDocumentsUsed(seed: UInt64) throws {
        var random = SplitMix64(seed: seed)
        func next(_ bound: Int) -> Int { Int(random.next() % UInt64(bound)) }
        let options = SiteRenderOptions()
        func words(_ contents: SearchDocumentCache.Contents, _ document: SiteSearch.Document) -> [String] {
            document.words.map { contents.words[$0 >> 1] + ($0 & 1 == 1 ? "/title" : "") }
        }
        var model = GeneratedSearchModel.model(entries: 160, seed: seed)
        let first = SearchDocumentCache()
        _ = SiteSearch.files(model, keys: SiteKeys(model, options: options, theme: .makeDefault()), cache: first)
        var file = first.serialized()
        var appended = 0, whole = 0, left = 0, added = 0
        for round in 0..<60 {
            // The round's change.
            let kind = next(10)
            for _ in 0..<(kind == 9 ? 12 + next(20) : 1) {
                let c = next(model.collections.count)
                guard !model.collections[c].entries.isEmpty else { continue }
                let e = next(model.collections[c].entries.count)
                switch kind {
                case 0...4, 9: model.collections[c].entries[e].body += "\n\nNeuwort\(seed)x\(round)x\(next(3)) und bürger."
                case 5: model.collections[c].entries[e].title = "Titel \(round) \(next(100))"
                case 6: model.collections[c].entries.remove(at: e)
                case 7:
                    added += 1
                    model.collections[c].entries.append(SearchFixture.entry(model.collections[c].name, "neu\(added)", "Neu \(added)",
                                                                            body: "Zugefügt \(round) stadtwort\(added)."))
                default: break
                }
            }
            let keys = SiteKeys(model, options: options, theme: .makeDefault())
            let reference = SiteSearch.files(model, options: options).files
            let contents = try #require(SearchDocumentCache.parse(file), "round \(round)")
            let cache = SearchDocumentCache(previous: contents)
            #expect(SiteSearch.files(model, keys: keys, cache: cache).files == reference, "round \(round)")
            let updated: [UInt8]
            switch cache.update() {
            case .none:
                updated = file
                left += 1
            case .append(let offset, let bytes):
                #expect(offset == file.count - 8)
                updated = Array(file[..<offset]) + bytes
                appended += 1
                // A byte of the section flipped, the file cut: refused.
                var bad = updated
                bad[offset + next(updated.count - offset)] ^= UInt8(1 << next(8))
                #expect(SearchDocumentCache.parse(bad) == nil, "round \(round)")
                #expect(SearchDocumentCache.parse(Array(updated.dropLast(1 + next(8)))) == nil)
            case .whole(let bytes):
                #expect(bytes == cache.serialized())
                updated = bytes
                whole += 1
            }
            let read = try #require(SearchDocumentCache.parse(updated), "round \(round)")
            let referenceRead = try #require(SearchDocumentCache.referenceParse(updated))
            #expect(read.words.words == referenceRead.words.words && read.orders == referenceRead.orders
                    && read.documents.count == referenceRead.documents.count && read.file == referenceRead.file)
            // The records' sizes as `update` counts the unused ones: the bytes they take in the file.
            let sizes = read.documents.values.reduce(0) { $0 + SearchDocumentCache.recordSize($1) }
                + read.orders.values.reduce(0) { $0 + SearchDocumentCache.recordSize($1) }
            #expect(read.file?.recordBytes == sizes, "round \(round)")
            // Every document and order the publish used, as the file written whole holds it.
            let written = try #require(SearchDocumentCache.parse(cache.serialized()))
            for (key, document) in written.documents {
                let found = try #require(read.documents[key], "round \(round)")
                #expect([found.href, found.title, found.collection, found.snippet] == [document.href, document.title, document.collection, document.snippet])
                #expect(words(read, found) == words(written, document), "round \(round)")
            }
            for (key, order) in written.orders { #expect(read.orders[key] == order) }
            let again = SearchDocumentCache(previous: read)
            #expect(SiteSearch.files(model, keys: keys, cache: again).files == reference, "round \(round)")
            #expect(again.made == 0 && again.ordersSorted == 0 && again.update() == .none, "round \(round)")
            file = updated
        }
        #expect(appended > 20 && whole > 0 && left > 0, "appended \(appended), whole \(whole), left \(left)")
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
        #expect("\(SearchDocumentCache.revision) \(sum.hex)" == "4 ff82c08c717823f2506e20baad44f6ab")
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
