import ChronikDiff
import ChronikSchema
import ChronikStore
import Foundation
import GitKit
import Testing
@testable import ChronikPublish

/// The bodies of the entries the entry cache holds, read from their blobs when asked for (`SiteBlobBodies`, inc15p):
/// the model built so reads no blob of those entries, and is the model parsed (the reference: fields, titles, bodies,
/// fingerprints, search files); an offset beyond the blob gives the body parsed; a blob that cannot be read fails the
/// publish before the new site is swapped in.
@Suite struct SiteBlobBodiesTests {
    private func options(_ cache: SiteEntryCache?, bodies: SiteBlobBodies? = nil, batch: Int = 2_048, spill: Int = 64 << 20) -> SiteBuildOptions {
        var options = SiteBuildOptions()
        options.entryCache = cache
        options.blobBodies = bodies
        options.entryBatch = batch
        options.bodySpillMinimum = spill
        return options
    }

    private func entries(_ model: SiteModel) -> [SiteEntry] { model.collections.flatMap(\.entries) }

    /// The sample's model from a cache that holds every entry, bodies left in their blobs: no blob read while it is
    /// built, every body in its blob (but those redaction changed), and then the model parsed (in batches, with the
    /// bodies spilled too).
    @Test(arguments: [(2_048, 64 << 20), (7, 0), (1, 64 << 20)])
    func modelWithBodiesInTheirBlobsIsTheModelParsed(batch: Int, spill: Int) throws {
        let (store, dir) = try sampleStore()
        defer { try? FileManager.default.removeItem(at: dir) }
        // One body that redaction changes (an e-mail address): kept as text in the record, not read from its blob.
        let url = store.root.appendingPathComponent("glossary/ambition.md")
        try Data((try String(contentsOf: url, encoding: .utf8) + "\nFragen an kontakt@example.org.\n").utf8).write(to: url)
        try git(store, ["commit", "-q", "-a", "-m", "Adresse"])
        let reference = try buildSite(store)
        let first = SiteEntryCache()
        _ = try buildSite(store, options: options(first))
        let parsed = try #require(SiteEntryCache.parse(first.serialized()))
        let bodies = try SiteBlobBodies(repository: store.repository)
        let model = try buildSite(store, options: options(parsed, bodies: bodies, batch: batch, spill: spill))
        #expect(bodies.reads == 0, "no blob read for the model")
        #expect(parsed.made == 0 && parsed.reused == entries(reference).count)
        let inBlobs = entries(model).filter(\.bodyText.isInBlob)
        #expect(inBlobs.count == entries(model).count - 1, "every body but the redacted one in its blob")
        #expect(model.entry("glossary", "ambition")?.bodyText.isInBlob == false)
        #expect(!inBlobs.contains { $0.bodyText.isSpilled }, "nothing to spill")
        // The fingerprints read no body.
        let keys = SiteKeys(model, options: SiteRenderOptions(), theme: .makeDefault())
        #expect(bodies.reads == 0)
        let referenceKeys = SiteKeys(reference, options: SiteRenderOptions(), theme: .makeDefault())
        #expect(keys.entries(model) == referenceKeys.entries(reference) && keys.collections == referenceKeys.collections)
        #expect(entries(model).map(\.bodyText.digest) == entries(reference).map { entry in entry.bodyText.withUTF8 { SiteText.digest(of: $0) } })
        // The bodies as bytes, as text and counted, each read from its blob.
        #expect(entries(model).map { entry in entry.bodyText.withUTF8 { Array($0) } } == entries(reference).map { Array($0.body.utf8) })
        #expect(entries(model).map(\.body) == entries(reference).map(\.body))
        #expect(entries(model).map(\.bodyText.utf8Count) == entries(reference).map(\.body.utf8.count))
        #expect(bodies.reads == 3 * inBlobs.count)
        #expect(model == reference)
        #expect(SiteSearch.files(model, options: SiteRenderOptions()).files == SiteSearch.files(reference, options: SiteRenderOptions()).files)
        #expect(Publisher.render(model, options: SiteRenderOptions(), theme: .makeDefault()).files
                == Publisher.render(reference, options: SiteRenderOptions(), theme: .makeDefault()).files)
        try bodies.checkReads()
    }

    /// A body whose recorded offset is inside its blob is the blob's bytes from there; one beyond it (a record that
    /// decoded but is not what was written) is the body of the blob parsed and redacted, as without a cache.
    @Test func anOffsetBeyondTheBlobGivesTheBodyParsed() throws {
        let (store, dir) = try sampleStore()
        defer { try? FileManager.default.removeItem(at: dir) }
        let tip = try #require(try store.tip())
        let reference = try buildSite(store)
        let config = try store.config(at: tip)
        let blobs = try VersionContent.entryBlobs(in: tip.treeID, config: config, store: store)
        let bodies = try SiteBlobBodies(repository: store.repository)
        var checked = 0
        for (id, blob) in blobs.prefix(40) {
            let body = try #require(reference.entry(id.collection, id.id)?.body)
            let data = try store.repository.blob(blob)
            let offset = data.count - body.utf8.count
            let context = SiteBlobContext(source: bodies, version: tip.id, collection: id.collection, privacy: .none)
            let inside = SiteBlobBody(context: context, blob: blob, offset: offset)
            #expect(Array(inside.bytes()) == Array(body.utf8), "\(id.path)")
            for beyond in [data.count + 1, Int.max / 2] {
                let parsed = SiteBlobBody(context: context, blob: blob, offset: beyond)
                let text = SiteText(blob: parsed, digest: SiteFingerprint())
                #expect(text.text == body, "\(id.path)")
                #expect(text.withUTF8 { Array($0) } == Array(body.utf8))
            }
            checked += 1
        }
        #expect(checked == min(40, blobs.count))
        try bodies.checkReads()
    }

    /// Into a folder published before, a page whose entry's body stays in its blob reads it when rendered (an entry
    /// whose title changed: the pages that refer to it); the site is that of a full publish. A blob that cannot be
    /// read then fails the publish (the unreadable object's error) and leaves the site as it was.
    @Test func publishesReadTheBodiesTheyShowAndFailOnAnUnreadableOne() throws {
        let (store, dir) = try sampleStore()
        defer { try? FileManager.default.removeItem(at: dir) }
        let target = dir.appendingPathComponent("_site"), cacheFolder = dir.appendingPathComponent("site-cache")
        let options = Publisher.Options(build: SiteBuildOptions(cacheDirectory: dir.appendingPathComponent("changelog-cache")),
                                        siteCacheDirectory: cacheFolder)
        _ = try Publisher.publish(store: store, at: try #require(try store.tip()), to: target, options: options)

        // Every entry kept: the model reads no blob, and the plan's files are those of a full publish.
        let tip = try #require(try store.tip())
        var kept = options
        kept.build.entryCache = SiteEntryCache.read(directory: cacheFolder)
        kept.build.recordReaders = SiteRecordReaders(directory: dir.appendingPathComponent("changelog-cache"))
        let (plan, model, _) = try Publisher.plan(store: store, at: tip, options: kept, detailWhenRendered: true, bodiesWhenShown: true)
        let inBlobs = entries(model).filter(\.bodyText.isInBlob).count
        #expect(inBlobs > entries(model).count / 2, "\(inBlobs) of \(entries(model).count) bodies in their blobs")
        try plan.prepare(keeping: nil)
        let reference = try Publisher.files(store: store, at: tip, options: Publisher.Options()).0
        #expect(plan.rendered().files == reference.files)
        for check in plan.checks { try check() }

        // An entry that refers to another one is edited (its new blob a loose object: git writes those) and published.
        let referred = try #require(model.collections.flatMap(\.entries).first { !$0.backlinks.isEmpty })
        let referring = try #require(referred.backlinks.first)
        let referringPath = EntryID(collection: referring.collection, id: referring.id).path
        let referringURL = store.root.appendingPathComponent(referringPath)
        try Data((try String(contentsOf: referringURL, encoding: .utf8) + "\nEin weiterer Satz.\n").utf8).write(to: referringURL)
        try git(store, ["commit", "-q", "-a", "-m", "Satz"])
        _ = try Publisher.publish(store: store, at: try #require(try store.tip()), to: target, options: options)

        // A title that others refer to changes: their pages are rendered again, reading their bodies from the blobs.
        let url = store.root.appendingPathComponent(referred.path)
        var text = try String(contentsOf: url, encoding: .utf8)
        let oldTitle = referred.title
        text = text.replacingOccurrences(of: oldTitle, with: oldTitle + " (neu)")
        try Data(text.utf8).write(to: url)
        try git(store, ["commit", "-q", "-a", "-m", "Titel"])
        _ = try Publisher.publish(store: store, at: try #require(try store.tip()), to: target, options: options)
        let full = dir.appendingPathComponent("full")
        _ = try Publisher.publish(store: store, at: try #require(try store.tip()), to: full, options: Publisher.Options())
        #expect(try readTree(target) == readTree(full))

        // A referring entry's blob made unreadable, its page removed from the site: the next publish renders that page,
        // cannot read the body, and fails; the site is left as it was.
        let newTip = try #require(try store.tip())
        let entryBlobs = try VersionContent.entryBlobs(in: newTip.treeID, config: try store.config(at: newTip), store: store)
        let blob = try #require(entryBlobs.first { $0.0 == EntryID(collection: referring.collection, id: referring.id) }?.1)
        let object = store.root.appendingPathComponent(".git/objects/\(blob.hex.prefix(2))/\(blob.hex.dropFirst(2))")
        try #require(FileManager.default.fileExists(atPath: object.path), "a loose object")
        let page = target.appendingPathComponent(SitePaths.entry(referring.collection, referring.id))
        try FileManager.default.removeItem(at: page)
        let before = try readTree(target)
        try FileManager.default.removeItem(at: object)
        #expect(throws: (any Error).self) {
            _ = try Publisher.publish(store: store, at: newTip, to: target, options: options)
        }
        do {
            _ = try Publisher.publish(store: store, at: newTip, to: target, options: options)
        } catch let error as SiteModelError {
            guard case .store(.unreadableObject(let unreadable)) = error else {
                Issue.record("another error: \(error)")
                return
            }
            #expect(unreadable.id == blob && unreadable.path == referringPath)
        }
        #expect(try readTree(target) == before, "the site left as it was")
    }
}
