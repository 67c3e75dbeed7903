import ChronikStore
import Foundation
import Testing
@testable import ChronikPublish

/// A collection's JSON file made from the old site's file (`SiteJSON.patchCollection`, inc15g): the unchanged entries'
/// objects cut from it, the others made. The reference is the file made whole (`SiteJSON.writeCollection`).
@Suite struct SiteDataPatchTests {
    private static func plan(_ model: SiteModel) -> SitePlan {
        SiteData.plan(model, options: SiteRenderOptions(), keys: SiteKeys(model, options: SiteRenderOptions(), theme: .makeDefault()))
    }

    /// `model` with seeded changes to collection `c`: bodies and titles edited, an entry removed, one added (a copy
    /// of another under a new id), the order shuffled.
    private static func changed(_ model: SiteModel, collection c: Int, random: inout SplitMix64) -> SiteModel {
        var model = model
        var entries = model.collections[c].entries
        guard !entries.isEmpty else { return model }
        for _ in 0..<(1 + Int(random.next() % 3)) {
            let k = Int(random.next() % UInt64(entries.count))
            switch random.next() % 3 {
            case 0: entries[k].body += "\nNeu \(random.next() % 1000) \"ä\" \\ \u{2028}"
            case 1: entries[k].title += " (neu)"
            default: entries[k].fields = []
            }
        }
        if random.next() % 2 == 0, entries.count > 1 { entries.remove(at: Int(random.next() % UInt64(entries.count))) }
        if random.next() % 2 == 0 {
            var added = entries[Int(random.next() % UInt64(entries.count))]
            added.id += "-neu-\(random.next() % 100)"
            added.path = "\(added.collection)/\(added.id).md"
            entries.insert(added, at: Int(random.next() % UInt64(entries.count + 1)))
        }
        if random.next() % 3 == 0 { entries.shuffle(using: &random) }
        model.collections[c].entries = entries
        return model
    }

    /// On the sample and the fixture's hostile model, with a collection of 160 entries of more than a piece: after
    /// seeded changes, the file made from the old one is the file made whole; every object is found where the
    /// writer put it; without a recorded fingerprint (or another) nothing is cut.
    @Test(arguments: [UInt64(1), 2, 3, 4, 5, 6, 7, 8])
    func patchedCollectionIsTheFileMadeWhole(seed: UInt64) throws {
        let (store, dir) = try sampleStore()
        defer { try? FileManager.default.removeItem(at: dir) }
        var fixture = SiteFixture.model()
        let c = try #require(fixture.collections.firstIndex { !$0.entries.isEmpty })
        let template = fixture.collections[c].entries[0]
        var large = fixture.collections[c]
        large.name = "gross"
        large.entries = (0..<160).map { k in
            var entry = template
            entry.collection = "gross"
            entry.id = "e\(k)"
            entry.path = "gross/e\(k).md"
            entry.body = String(repeating: "Wort \(k) \u{2028} \"ä\" \\ ", count: 400)
            return entry
        }
        fixture.collections.append(large)
        var random = SplitMix64(seed: seed)
        var patched = 0
        for model in [try buildSite(store), fixture] {
            let oldPlan = Self.plan(model)
            for (c, collection) in model.collections.enumerated() {
                let path = SitePaths.collectionJSON(collection.name)
                let oldBytes = SitePlan.joined(try #require(oldPlan.items[path]?.stream))
                // Every object where the writer put it.
                let objects = try #require(SiteJSON.entryObjects(oldBytes), "\(collection.name)")
                #expect(objects.count == collection.entries.count)
                for entry in collection.entries {
                    var id = JSONByteWriter(pretty: true)
                    id.writeString(entry.id)
                    var object = JSONByteWriter(pretty: true)
                    object.write(SiteJSON.entry(entry, model: model), indent: 2)
                    #expect(objects[id.bytes].map { Array(oldBytes[$0]) } == object.bytes, "\(collection.name)/\(entry.id)")
                }
                let new = Self.changed(model, collection: c, random: &random)
                let newPlan = Self.plan(new)
                let item = try #require(newPlan.items[path])
                let whole = item.render()
                #expect(whole == SitePlan.joined(try #require(item.stream)))
                let patch = try #require(item.patch)
                let source = SitePatchSource(old: oldBytes, previousInput: { oldPlan.items[$0]?.input })
                if let stream = patch(source) {
                    patched += 1
                    #expect(SitePlan.joined(stream) == whole, "seed \(seed), \(collection.name)")
                } else {
                    // Nothing to cut: no entry unchanged.
                    #expect(new.collections[c].entries.allSatisfy { oldPlan.items[SitePaths.entryJSON($0.collection, $0.id)]?.input != newPlan.items[SitePaths.entryJSON($0.collection, $0.id)]?.input })
                }
                #expect(patch(SitePatchSource(old: oldBytes, previousInput: { _ in nil })) == nil)
                #expect(patch(SitePatchSource(old: oldBytes, previousInput: { _ in SiteFingerprint { $0.add("andere") } })) == nil)
            }
        }
        #expect(patched > 4)
    }

    /// Damaged or truncated old files: `entryObjects` never traps, and gives nil where the layout is broken; the writer
    /// hands a patch only a file whose checksum and size are the previous publish's record (`patchSource`).
    @Test(arguments: [UInt64(11), 12, 13])
    func damagedOldFilesAreNotHandedOn(seed: UInt64) throws {
        let (store, dir) = try sampleStore()
        defer { try? FileManager.default.removeItem(at: dir) }
        let model = try buildSite(store)
        let plan = Self.plan(model)
        let collection = try #require(model.collections.first { $0.entries.count > 2 })
        let path = SitePaths.collectionJSON(collection.name)
        let good = SitePlan.joined(try #require(plan.items[path]?.stream))
        var random = SplitMix64(seed: seed)
        for _ in 0..<60 {
            var bad = good
            switch random.next() % 4 {
            case 0: bad[Int(random.next() % UInt64(bad.count))] ^= UInt8(1 << (random.next() % 8))
            case 1: bad.removeLast(1 + Int(random.next() % UInt64(bad.count - 1)))
            case 2: bad.insert(contentsOf: Array("\n    }".utf8), at: Int(random.next() % UInt64(bad.count)))
            default: bad.removeFirst(1 + Int(random.next() % UInt64(bad.count - 1)))
            }
            _ = SiteJSON.entryObjects(bad)
        }
        #expect(SiteJSON.entryObjects(Array(good.dropLast())) == nil)
        #expect(SiteJSON.entryObjects(Array(good[(good.count / 2)...])) == nil, "no entries' line")

        // The writer's source: the recorded bytes only.
        let site = dir.appendingPathComponent("alt")
        try FileManager.default.createDirectory(at: site.appendingPathComponent(collection.name), withIntermediateDirectories: true)
        let file = site.appendingPathComponent(path)
        try Data(good).write(to: file)
        let checksum = good.withUnsafeBytes { Checksum.hex(Checksum.of($0)) }
        var previous = SitePublishCache()
        previous.records[path] = SitePublishCache.Record(input: SiteFingerprint { $0.add("x") }, checksum: checksum, size: good.count)
        let old = SiteWriter.OldSite(root: site.path, files: SitePathTable([path: checksum]))
        #expect(SiteWriter.patchSource(path, old: old, previous: previous)?.old == good)
        #expect(SiteWriter.patchSource(path, old: SiteWriter.OldSite(root: site.path, files: SitePathTable([path: "0000000000000000"])), previous: previous) == nil)
        var flipped = good
        flipped[Int(random.next() % UInt64(good.count))] ^= 0x20
        try Data(flipped).write(to: file)
        #expect(SiteWriter.patchSource(path, old: old, previous: previous) == nil, "a byte changed")
        try Data(good.dropLast()).write(to: file)
        #expect(SiteWriter.patchSource(path, old: old, previous: previous) == nil, "truncated")
        try Data(good + [0x0A]).write(to: file)
        #expect(SiteWriter.patchSource(path, old: old, previous: previous) == nil, "grown")
        try FileManager.default.removeItem(at: file)
        try FileManager.default.createSymbolicLink(atPath: file.path, withDestinationPath: dir.appendingPathComponent("elsewhere").path)
        try Data(good).write(to: dir.appendingPathComponent("elsewhere"))
        #expect(SiteWriter.patchSource(path, old: old, previous: previous) == nil, "a link")
    }

    /// End to end: an entry's body edited, its collection's JSON made from the old site's (which the writer checks),
    /// and the site is what a full publish writes; the old collection file changed behind chronik's back (one byte,
    /// the same size, in another entry's object) is not cut from, and the site is still the full publish's.
    @Test func incrementalWithTheOldCollectionFileAlteredEqualsFull() throws {
        let (store, dir) = try sampleStore()
        defer { try? FileManager.default.removeItem(at: dir) }
        let target = dir.appendingPathComponent("_site"), cache = dir.appendingPathComponent("site-cache")
        let options = Publisher.Options(siteCacheDirectory: cache)
        _ = try Publisher.publish(store: store, at: try #require(try store.tip()), to: target, options: options)
        let model = try buildSite(store)
        let collection = try #require(model.collections.first { $0.entries.count > 2 })
        let path = SitePaths.collectionJSON(collection.name)
        for round in 0..<3 {
            let entry = collection.entries[round % collection.entries.count]
            let url = store.root.appendingPathComponent(entry.path)
            try Data((try String(contentsOf: url, encoding: .utf8) + "\nEin Satz in Runde \(round).\n").utf8).write(to: url)
            try git(store, ["add", "-A"])
            try git(store, ["commit", "-q", "-m", "Runde \(round)"])
            let manifest = try #require(SiteWriter.manifestFiles(Data(contentsOf: target.appendingPathComponent(SiteWriter.manifestName))))
            let old = SiteWriter.OldSite(root: target.path, files: manifest)
            let previous = SitePublishCache.read(directory: cache, target: target)
            #expect(SiteWriter.patchSource(path, old: old, previous: previous) != nil, "round \(round): the old file is handed on")
            if round == 1 {
                // One byte of the last entry's object changed (not the edited entry's), the size kept.
                var bytes = [UInt8](try Data(contentsOf: target.appendingPathComponent(path)))
                let last = try #require(bytes.lastIndex(of: UInt8(ascii: "\"")))
                bytes[last - 1] = bytes[last - 1] == UInt8(ascii: "x") ? UInt8(ascii: "y") : UInt8(ascii: "x")
                // The site's files are hard links into the spare and older sites: replaced, not written through.
                try FileManager.default.removeItem(at: target.appendingPathComponent(path))
                try Data(bytes).write(to: target.appendingPathComponent(path))
                #expect(SiteWriter.patchSource(path, old: old, previous: previous) == nil)
            }
            let tip = try #require(try store.tip())
            _ = try Publisher.publish(store: store, at: tip, to: target, options: options)
            let full = dir.appendingPathComponent("full-\(round)")
            _ = try Publisher.publish(store: store, at: tip, to: full, options: .init())
            #expect(try readTree(target) == readTree(full), "round \(round)")
            try? FileManager.default.removeItem(at: full)
        }
    }
}

/// `SiteFiles.isSitePath` (on bytes) against the definition it replaced (`split` into components, none `..`).
@Suite struct SitePathCheckTests {
    private static func splitOnBytes(_ path: String) -> Bool {
        !path.utf8.starts(with: "/".utf8) && !path.utf8.split(separator: UInt8(ascii: "/"), omittingEmptySubsequences: false)
            .contains { $0.elementsEqual("..".utf8) }
    }

    private static func splitOnCharacters(_ path: String) -> Bool {
        !path.hasPrefix("/") && !path.split(separator: "/").contains("..")
    }

    @Test(arguments: [UInt64(1), 2, 3])
    func bytesAsTheSplit(seed: UInt64) {
        var random = SplitMix64(seed: seed)
        let plain = ["a", "/", ".", "..", "...", "é", "index.html", "-", " ", "%2e", "\\"]
        let marks = plain + ["\u{301}", "\u{600}"]
        for k in 0..<4000 {
            let alphabet = k % 2 == 0 ? plain : marks
            let path = (0..<Int(random.next() % 8)).map { _ in alphabet[Int(random.next() % UInt64(alphabet.count))] }.joined()
            #expect(SiteFiles.isSitePath(path) == Self.splitOnBytes(path), "\(path.debugDescription)")
            if alphabet == plain { #expect(SiteFiles.isSitePath(path) == Self.splitOnCharacters(path), "\(path.debugDescription)") }
        }
        for path in ["", "a", "a/b", "../a", "a/..", "a/../b", "..", "/a", "a//b", "a/.../b", "..a/b", "a/b..", "a/./b"] {
            #expect(SiteFiles.isSitePath(path) == Self.splitOnCharacters(path), "\(path)")
        }
        // One Character to `split`, two bytes to the file system: refused.
        #expect(!SiteFiles.isSitePath("a/../\u{301}b"))
        #expect(Self.splitOnCharacters("a/../\u{301}b"))
    }
}

/// `SiteFeeds.collectionChanges` (sorted as positions) against `referenceCollectionChanges` (pairs sorted whole).
@Suite struct SiteFeedsChangesTests {
    @Test(arguments: [UInt64(1), 2, 3, 4])
    func positionsSortAsThePairs(seed: UInt64) throws {
        let (store, dir) = try sampleStore()
        defer { try? FileManager.default.removeItem(at: dir) }
        var random = SplitMix64(seed: seed)
        var collections = try buildSite(store).collections + SiteFixture.model().collections
        // A large collection with many changes on few dates (ties of date, and of date and id), in seeded order.
        let changes = collections.flatMap { $0.entries.flatMap(\.history) }
        let template = try #require(collections.flatMap(\.entries).first)
        let dates = Array(Set(changes.map(\.version.date.date))).sorted().prefix(3)
        var large = SiteCollection(name: "gross", label: "Groß", columns: [], entries: [])
        for k in 0..<300 {
            var entry = template
            entry.id = "e\(random.next() % 40)-\(k % 7)"
            entry.history = (0..<Int(random.next() % 6)).map { _ in
                var change = changes[Int(random.next() % UInt64(changes.count))]
                change.version.date.date = dates[Int(random.next() % UInt64(dates.count))]
                return change
            }
            large.entries.append(entry)
        }
        collections.append(large)
        for collection in collections {
            let fast = SiteFeeds.collectionChanges(collection), reference = SiteFeeds.referenceCollectionChanges(collection)
            #expect(fast.map { "\($0.entry.id) \($0.change.version.id.hex) \($0.change.version.date.date)" }
                    == reference.map { "\($0.entry.id) \($0.change.version.id.hex) \($0.change.version.date.date)" }, "\(collection.name)")
            #expect(fast.map(\.entry) == reference.map(\.entry) && fast.map(\.change) == reference.map(\.change))
        }
    }
}

/// A release site's plan merged under its prefix (`SitePlan.merge(_:prefix:)`): its patches ask the previous
/// publish's fingerprints by the prefixed paths, as the publish cache records them.
@Suite struct SitePlanPatchPrefixTests {
    @Test func patchesAskByThePrefixedPath() throws {
        let (store, dir) = try sampleStore()
        defer { try? FileManager.default.removeItem(at: dir) }
        let model = try buildSite(store)
        let keys = SiteKeys(model, options: SiteRenderOptions(), theme: .makeDefault())
        let data = SiteData.plan(model, options: SiteRenderOptions(), keys: keys)
        var merged = SitePlan()
        merged.merge(data, prefix: "v/entwurf-1/")
        let collection = try #require(model.collections.first { !$0.entries.isEmpty })
        let path = SitePaths.collectionJSON(collection.name)
        let old = SitePlan.joined(try #require(data.items[path]?.stream))
        let asked = AskedPaths()
        let source = SitePatchSource(old: old, previousInput: { path in
            asked.add(path)
            return merged.items[path]?.input
        })
        let stream = try #require(merged.items["v/entwurf-1/" + path]?.patch?(source), "every entry unchanged: cut")
        #expect(SitePlan.joined(stream) == old)
        #expect(!asked.paths.isEmpty && asked.paths.allSatisfy { $0.hasPrefix("v/entwurf-1/") })
        // Unprefixed, the same plan's own patch finds nothing under the prefixed names.
        #expect(data.items[path]?.patch?(SitePatchSource(old: old, previousInput: { merged.items[$0]?.input })) == nil)
    }
}

private final class AskedPaths: @unchecked Sendable {
    private(set) var paths: [String] = []
    func add(_ path: String) { paths.append(path) }
}
