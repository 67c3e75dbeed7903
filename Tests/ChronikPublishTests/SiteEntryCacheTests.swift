import ChronikDiff
import ChronikStore
import Foundation
import GitKit
import OrderedCollections
import Testing
@testable import ChronikPublish

/// The entries an incremental publish takes from the last one (`SiteEntryCache`, inc15h): the model built with them is
/// the model built by parsing every entry (the reference), and a file that does not verify, or a record that does not
/// decode, gives no entry.
@Suite struct SiteEntryCacheTests {
    private func options(_ cache: SiteEntryCache?, batch: Int = 2_048, spill: Int = 64 << 20) -> SiteBuildOptions {
        var options = SiteBuildOptions()
        options.entryCache = cache
        options.entryBatch = batch
        options.bodySpillMinimum = spill
        return options
    }

    private func entryCount(_ model: SiteModel) -> Int { model.collections.reduce(0) { $0 + $1.entries.count } }

    /// Every body's bytes as the fingerprints read them, and as text.
    private func bodies(_ model: SiteModel) -> [[UInt8]] {
        model.collections.flatMap { $0.entries.map { entry in entry.bodyText.withUTF8 { Array($0) } } }
    }

    /// The sample's model from a cache that holds every entry is the model parsed (fields, titles, bodies, the
    /// fingerprints of every file), in batches and with bodies spilled too; and the records read back as written.
    @Test(arguments: [(2_048, 64 << 20), (7, 0), (1, 64 << 20)])
    func modelFromTheCacheIsTheModelParsed(batch: Int, spill: Int) throws {
        let (store, dir) = try sampleStore()
        defer { try? FileManager.default.removeItem(at: dir) }
        let reference = try buildSite(store)
        let first = SiteEntryCache()
        let recorded = try buildSite(store, options: options(first, batch: batch, spill: spill))
        #expect(recorded == reference)
        let count = entryCount(reference)
        #expect(first.made == count && first.reused == 0 && first.changed)

        let parsed = try #require(SiteEntryCache.parse(first.serialized()), "the cache reads back")
        #expect(parsed.count == count)
        let taken = try buildSite(store, options: options(parsed, batch: batch, spill: spill))
        #expect(parsed.reused == count && parsed.made == 0)
        #expect(!parsed.changed, "every record used, in the order read")
        #expect(taken == reference)
        #expect(bodies(taken) == bodies(reference))
        #expect(bodies(taken) == taken.collections.flatMap { $0.entries.map { Array($0.body.utf8) } })
        // The bodies' fingerprints kept in the records are those of their bytes.
        #expect(taken.collections.flatMap { $0.entries.map(\.bodyText.digest) }
                == reference.collections.flatMap { $0.entries.map { entry in entry.bodyText.withUTF8 { SiteText.digest(of: $0) } } })
        let keys = SiteKeys(taken, options: SiteRenderOptions(), theme: .makeDefault())
        let referenceKeys = SiteKeys(reference, options: SiteRenderOptions(), theme: .makeDefault())
        #expect(keys.entries(taken) == referenceKeys.entries(reference) && keys.collections == referenceKeys.collections)
        #expect(SiteSearch.files(taken, options: SiteRenderOptions()).files == SiteSearch.files(reference, options: SiteRenderOptions()).files)
    }

    /// An entry whose body redaction changes (an e-mail address) is recorded with its redacted body; an edited entry
    /// (another blob) and a schema whose private marks changed are parsed again; the models are those parsed.
    @Test func redactedBodiesEditedEntriesAndChangedSchemas() throws {
        let (store, dir) = try sampleStore()
        defer { try? FileManager.default.removeItem(at: dir) }
        let url = store.root.appendingPathComponent("glossary/ambition.md")
        try Data((try String(contentsOf: url, encoding: .utf8) + "\nFragen an kontakt@example.org.\n").utf8).write(to: url)
        try git(store, ["commit", "-q", "-a", "-m", "Adresse"])
        let cache = SiteEntryCache()
        let first = try buildSite(store, options: options(cache))
        #expect(first == (try buildSite(store)))
        #expect(first.entry("glossary", "ambition")?.body.contains("kontakt@example.org") == false)

        var parsed = try #require(SiteEntryCache.parse(cache.serialized()))
        #expect(try buildSite(store, options: options(parsed)) == first)
        #expect(parsed.made == 0)

        try Data((try String(contentsOf: url, encoding: .utf8) + "\nNoch ein Satz.\n").utf8).write(to: url)
        try git(store, ["commit", "-q", "-a", "-m", "Satz"])
        parsed = try #require(SiteEntryCache.parse(parsed.serialized()))
        #expect(try buildSite(store, options: options(parsed)) == (try buildSite(store)))
        #expect(parsed.made == 1 && parsed.changed)

        // Every schema's private marks are part of its entries' keys: a collection key differs with them.
        let none = SiteEntryCache.collectionKey(privacy: .none, titleField: "title")
        #expect(none != SiteEntryCache.collectionKey(privacy: PrivateLocations(paths: [[.member("contact")]]), titleField: "title"))
        #expect(none != SiteEntryCache.collectionKey(privacy: .none, titleField: "term"))
        #expect(SiteEntryCache.collectionKey(privacy: PrivateLocations(paths: [[.member("a")], [.member("b"), .anyItem]]), titleField: "t")
                == SiteEntryCache.collectionKey(privacy: PrivateLocations(paths: [[.member("b"), .anyItem], [.member("a")]]), titleField: "t"))
        try expectFsck(store)
    }

    /// Two entries with the same bytes and no title (the model shows each one's id): the record keeps no title, so the
    /// second is not shown under the first one's id; a file renamed without a change (`git mv`) likewise.
    @Test func entriesWithoutTitleSharingABlobKeepTheirIds() throws {
        let (store, dir) = try sampleStore()
        defer { try? FileManager.default.removeItem(at: dir) }
        let text = Data("---\nsynonyms:\n  - Ohne\n---\nEin Text ohne Überschrift.\n".utf8)
        for id in ["ohne-titel-a", "ohne-titel-b"] { try text.write(to: store.root.appendingPathComponent("glossary/\(id).md")) }
        try git(store, ["add", "-A"])
        try git(store, ["commit", "-q", "-m", "ohne Titel"])
        let cache = SiteEntryCache()
        let first = try buildSite(store, options: options(cache, batch: 1))
        #expect(first.entry("glossary", "ohne-titel-b")?.title == "ohne-titel-b")
        let parsed = try #require(SiteEntryCache.parse(cache.serialized()))
        let second = try buildSite(store, options: options(parsed))
        #expect(second == first)
        #expect(second.entry("glossary", "ohne-titel-a")?.title == "ohne-titel-a" && second.entry("glossary", "ohne-titel-b")?.title == "ohne-titel-b")
        try git(store, ["mv", "glossary/ohne-titel-b.md", "glossary/ohne-titel-c.md"])
        try git(store, ["commit", "-q", "-m", "umbenannt"])
        let again = try #require(SiteEntryCache.parse(parsed.serialized()))
        let third = try buildSite(store, options: options(again))
        #expect(third == (try buildSite(store)))
        #expect(third.entry("glossary", "ohne-titel-c")?.title == "ohne-titel-c" && again.made == 0)
        try expectFsck(store)
    }

    /// A schema that marks a field private after the cache was made: the entries of its collection are parsed again
    /// (their keys differ), and the field is not on the site.
    @Test func aFieldMadePrivateIsNotTakenFromTheCache() throws {
        let (store, dir) = try sampleStore()
        defer { try? FileManager.default.removeItem(at: dir) }
        let cache = SiteEntryCache()
        _ = try buildSite(store, options: options(cache))
        let schemas = store.root.appendingPathComponent("schemas")
        let name = try #require(try FileManager.default.contentsOfDirectory(atPath: schemas.path).sorted().first { $0.hasPrefix("glossary") })
        let schemaURL = schemas.appendingPathComponent(name)
        var schema = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: schemaURL)) as? [String: Any])
        var properties = try #require(schema["properties"] as? [String: Any])
        let field = try #require(properties.keys.sorted().first { $0 != "title" && $0 != "term" })
        var property = try #require(properties[field] as? [String: Any])
        property["x-chronik-private"] = true
        properties[field] = property
        schema["properties"] = properties
        try JSONSerialization.data(withJSONObject: schema, options: [.prettyPrinted, .sortedKeys]).write(to: schemaURL)
        try git(store, ["commit", "-q", "-a", "-m", "privat"])
        let parsed = try #require(SiteEntryCache.parse(cache.serialized()))
        let model = try buildSite(store, options: options(parsed))
        #expect(model == (try buildSite(store)))
        let glossary = try #require(model.collections.first { $0.name == "glossary" })
        #expect(parsed.made >= glossary.entries.count)
        #expect(!glossary.entries.contains { $0.fields.contains { $0.key == field } })
    }

    /// Seeded records (nested values, numbers, Unicode, empty strings and objects, both kinds of body) read back as
    /// they were recorded.
    @Test func recordsReadBackAsRecorded() throws {
        var random = SplitMix64(seed: 1_512)
        func text() -> String {
            let pieces = ["", "a", "Straße", "😀", "\"", "\\", "\n", "x y", "ü", "\u{0}", "---"]
            return (0..<random.int(0...4)).map { _ in pieces[random.index(pieces.count)] }.joined()
        }
        func value(_ depth: Int) -> JSONValue {
            switch random.int(0...(depth > 4 ? 3 : 5)) {
            case 0: return .null
            case 1: return .bool(random.chance(0.5))
            case 2: return .number(JSONNumber(literal: ["0", "-1.5", "1e3", "12", "1.10"][random.index(5)])!)
            case 3: return .string(text())
            case 4: return .array((0..<random.int(0...3)).map { _ in value(depth + 1) })
            default: return .object(object(depth + 1))
            }
        }
        func object(_ depth: Int) -> OrderedDictionary<String, JSONValue> {
            var members = OrderedDictionary<String, JSONValue>()
            for k in 0..<random.int(0...4) { members[text() + "\(k)"] = value(depth) }
            return members
        }
        let cache = SiteEntryCache()
        var entries: [(SiteFingerprint, SiteEntryCache.Entry)] = []
        for k in 0..<300 {
            let entry = SiteEntryCache.Entry(fields: object(1), title: random.chance(0.8) ? text() : nil,
                                             body: random.chance(0.5) ? .blob(offset: random.int(0...100)) : .text(text()),
                                             digest: SiteFingerprint(words: random.next(), bytes: random.next()))
            let key = SiteEntryCache.key(blob: String(k), collection: SiteFingerprint { $0.add("c") })
            cache.record(key, entry)
            entries.append((key, entry))
        }
        let parsed = try #require(SiteEntryCache.parse(cache.serialized()), "seed \(random.seed)")
        for (key, entry) in entries {
            #expect(parsed.entry(key, blobSize: 100) == entry, "seed \(random.seed)")
        }
        // A body offset beyond the blob is not taken.
        let beyond = try #require(entries.first { if case .blob(let offset) = $0.1.body { return offset > 0 } else { return false } })
        #expect(parsed.entry(beyond.0, blobSize: 0) == nil)
    }

    /// Publishes that use some of the file's records and make others (inc15s): the file updated in place (`update`'s
    /// `.append`: the records made after the old ones, the checksum summed on) or written anew holds every record
    /// used, as the file of the records used (`serialized`, the reference) holds it; at most an eighth of its records
    /// are unused ones; it verifies, and a changed byte or a cut makes it refused. Seeded rounds of reuse and edits.
    @Test func recordsAddedInPlaceReadBackAsTheRecordsUsed() throws {
        var random = SplitMix64(seed: 1_716)
        func entry(_ k: Int) -> SiteEntryCache.Entry {
            var fields = OrderedDictionary<String, JSONValue>()
            for f in 0..<random.int(0...3) { fields["f\(f)"] = random.chance(0.5) ? .string(String(repeating: "ü", count: random.int(0...9))) : .number(JSONNumber(literal: "\(k)")!) }
            return SiteEntryCache.Entry(fields: fields, title: random.chance(0.8) ? "Titel \(k)" : nil,
                                        body: random.chance(0.5) ? .blob(offset: random.int(0...100)) : .text(String(repeating: "x", count: random.int(0...30))),
                                        digest: SiteFingerprint(words: random.next(), bytes: random.next()))
        }
        func key(_ k: Int) -> SiteFingerprint { SiteEntryCache.key(blob: String(k), collection: SiteFingerprint { $0.add("c") }) }
        // The entries of the "store": k → its current version's number (an edit gives the entry a new key).
        var current = Array(0..<200)
        var made: [Int: SiteEntryCache.Entry] = [:]
        var next = 200
        let first = SiteEntryCache()
        for k in current { made[k] = entry(k); first.record(key(k), made[k]!) }
        var file = first.serialized()
        var appends = 0, rewrites = 0
        for round in 0..<120 {
            // Some entries edited (new versions), sometimes none; rarely many.
            let edits = random.chance(0.1) ? random.int(20...60) : random.int(0...3)
            for _ in 0..<edits {
                let i = random.index(current.count)
                current[i] = next
                next += 1
            }
            let cache = try #require(SiteEntryCache.parse(file), "round \(round)")
            for k in current.shuffled(using: &random) {
                if let taken = cache.entry(key(k), blobSize: 100) {
                    #expect(taken == made[k], "round \(round): \(k) taken")
                } else {
                    #expect(!cache.holds(key(k)), "round \(round): \(k) held but not taken")
                    if made[k] == nil { made[k] = entry(k) }
                    cache.record(key(k), made[k]!)
                }
            }
            let update = cache.update()
            switch update {
            case .none:
                #expect(edits == 0 || current.allSatisfy { cache.holds(key($0)) }, "round \(round)")
            case .append(let offset, let bytes):
                appends += 1
                #expect(offset == file.count - 8)
                file = Array(file[..<offset]) + bytes
            case .whole(let bytes):
                rewrites += 1
                #expect(bytes == cache.serialized())
                file = bytes
            }
            let updated = try #require(SiteEntryCache.parse(file), "round \(round): the updated file verifies")
            let reference = try #require(SiteEntryCache.parse(cache.serialized()))
            for k in current {
                #expect(updated.entry(key(k), blobSize: 100) == made[k], "round \(round): \(k)")
                #expect(reference.entry(key(k), blobSize: 100) == made[k], "round \(round): \(k) in the reference")
            }
            #expect((updated.count - current.count) * SiteEntryCache.staleShare <= updated.count, "round \(round): \(updated.count) records for \(current.count)")
            if case .append = update, round % 10 == 1 {
                for _ in 0..<12 {
                    var bad = file
                    let k = random.index(bad.count)
                    bad[k] ^= UInt8(1 << random.index(8))
                    #expect(SiteEntryCache.parse(bad) == nil, "round \(round): byte \(k) changed")
                }
                #expect(SiteEntryCache.parse(Array(file.dropLast(1))) == nil)
                #expect(SiteEntryCache.parse(Array(file[..<(file.count - 8 - random.int(1...16))]) + Array(file.suffix(8))) == nil)
            }
        }
        #expect(appends > 30 && rewrites > 3, "\(appends) appended, \(rewrites) written anew")
        // A record made again under a key the file holds (it did not decode) has the file written anew.
        let cache = try #require(SiteEntryCache.parse(file))
        cache.record(key(current[0]), entry(current[0]))
        guard case .whole = cache.update() else { Issue.record("a key held twice"); return }
    }

    /// A file whose bytes were changed, cut short or written by another revision is not used; a record that does not
    /// decode (its checksum made good) gives no entry, and the others are taken.
    @Test func aDamagedFileIsNotUsed() throws {
        let (store, dir) = try sampleStore()
        defer { try? FileManager.default.removeItem(at: dir) }
        let cache = SiteEntryCache()
        let reference = try buildSite(store, options: options(cache))
        let good = cache.serialized()
        #expect(SiteEntryCache.parse(good) != nil)
        var random = SplitMix64(seed: 2_712)
        for _ in 0..<60 {
            var bad = good
            let k = random.index(bad.count)
            bad[k] ^= UInt8(1 << random.index(8))
            #expect(SiteEntryCache.parse(bad) == nil, "byte \(k) changed, seed \(random.seed)")
        }
        for cut in [1, 8, 9, good.count / 2, good.count - 1] {
            #expect(SiteEntryCache.parse(Array(good.dropLast(cut))) == nil)
        }
        #expect(SiteEntryCache.parse([]) == nil)
        var otherRevision = good
        otherRevision.replaceSubrange(0..<SiteEntryCache.header.count, with: Array("chronik-entry-cache 0 renderer 0\n".utf8))
        #expect(SiteEntryCache.parse(otherRevision) == nil)

        // Damaged record contents under a good checksum: a model from them is the model parsed.
        for _ in 0..<30 {
            var bad = Array(good.dropLast(8))
            let k = SiteEntryCache.header.count + random.index(bad.count - SiteEntryCache.header.count)
            bad[k] ^= UInt8(1 << random.index(8))
            let sum = bad.withUnsafeBytes { Checksum.of($0) }
            for j in 0..<8 { bad.append(UInt8(truncatingIfNeeded: sum >> (8 * UInt64(j)))) }
            guard let parsed = SiteEntryCache.parse(bad) else { continue }
            let model = try buildSite(store, options: options(parsed))
            // A changed byte of a title, a field's text or a body offset inside the blob is what the checksum is for:
            // the record decodes and is taken. What must never happen is a trap or a record read past its end.
            _ = model
        }
        #expect(reference == (try buildSite(store)))
    }

    /// Publishes with the publish cache keep the entries: the next publish after one edit parses that entry alone,
    /// and its site is the site of a publish without any cache; the file is not written again when nothing changed.
    @Test func publishesKeepTheEntries() throws {
        let (store, dir) = try sampleStore()
        defer { try? FileManager.default.removeItem(at: dir) }
        let target = dir.appendingPathComponent("_site"), cacheFolder = dir.appendingPathComponent("site-cache")
        let options = Publisher.Options(build: SiteBuildOptions(cacheDirectory: dir.appendingPathComponent("changelog-cache")),
                                        releases: true, siteCacheDirectory: cacheFolder)
        _ = try Publisher.publish(store: store, at: try #require(try store.tip()), to: target, options: options)
        let file = SiteEntryCache.file(in: cacheFolder)
        let written = try #require(SiteEntryCache.parse([UInt8](Data(contentsOf: file))))
        #expect(written.count > 0)

        let url = store.root.appendingPathComponent("glossary/ambition.md")
        try Data((try String(contentsOf: url, encoding: .utf8) + "\nEin weiterer Satz.\n").utf8).write(to: url)
        try git(store, ["commit", "-q", "-a", "-m", "Satz"])
        let tip = try #require(try store.tip())
        var withCache = options
        withCache.build.entryCache = SiteEntryCache.read(directory: cacheFolder)
        let (plan, model, _) = try Publisher.plan(store: store, at: tip, options: withCache)
        let cache = try #require(withCache.build.entryCache)
        #expect(cache.made == 1 && cache.reused >= entryCount(model) - 1, "made \(cache.made), reused \(cache.reused)")
        let reference = try Publisher.files(store: store, at: tip, options: Publisher.Options(releases: true)).0
        #expect(plan.rendered().files == reference.files)

        _ = try Publisher.publish(store: store, at: tip, to: target, options: options)
        let full = dir.appendingPathComponent("full")
        _ = try Publisher.publish(store: store, at: tip, to: full, options: Publisher.Options(releases: true))
        #expect(try readTree(target) == readTree(full))
        // Nothing changed since: the same records, the file is left as it is.
        let before = try Data(contentsOf: file)
        var info = stat()
        #expect(stat(file.path, &info) == 0)
        let inode = info.st_ino
        _ = try Publisher.publish(store: store, at: tip, to: target, options: options)
        #expect(stat(file.path, &info) == 0 && info.st_ino == inode, "not written again")
        #expect(try Data(contentsOf: file) == before)
        try expectFsck(store)
    }

    /// `SiteText`'s storages give the same bytes to `withUTF8` as their text, spilled or not.
    @Test func textStoragesAgree() throws {
        let spill = try #require(SiteHistorySpill())
        for text in ["", "kurz", String(repeating: "Straße 😀 ", count: 100)] {
            let bytes = Data(text.utf8)
            let texts = [SiteText(text), SiteText(text, spill: spill), SiteText(validUTF8: bytes), SiteText(validUTF8: bytes).spilled(to: spill),
                         SiteText(text).spilled(to: spill), SiteText(validUTF8: Data(("---\n" + text).utf8).dropFirst(4))]
            let digest = Array(text.utf8).withUnsafeBytes { SiteText.digest(of: $0) }
            for t in texts + [SiteText(text, digest: digest), SiteText(validUTF8: bytes, digest: digest).spilled(to: spill)] {
                #expect(t.digest == digest)
                #expect(t.text == text)
                #expect(t.withUTF8 { Array($0) } == Array(text.utf8))
                #expect(t.utf8Count == text.utf8.count)
            }
            let lazy = SiteText(validUTF8: bytes)
            _ = lazy.text
            #expect(lazy.withUTF8 { Array($0) } == Array(text.utf8), "after its String was made")
        }
    }
}
