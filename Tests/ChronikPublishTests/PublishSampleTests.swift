import ChronikStore
import Foundation
import Testing
@testable import ChronikPublish

/// The files of a folder as `SiteFiles` (the manifest left out), for the link crawler.
private func siteFiles(_ root: URL) throws -> SiteFiles {
    var files = SiteFiles()
    for (path, bytes) in try readTree(root).sorted(by: { $0.key < $1.key }) where path != SiteWriter.manifestName {
        files.add(path, bytes)
    }
    return files
}

@Suite struct PublishSampleTests {
    /// The Berlin sample published: every page type there, every internal link of every page resolves (on disk),
    /// with and without the release sites.
    @Test func theSampleSiteHasNoBrokenLinks() throws {
        let (store, dir) = try sampleStore()
        defer { try? FileManager.default.removeItem(at: dir) }
        guard let tip = try store.tip() else { Issue.record("no versions"); return }
        let target = dir.appendingPathComponent("_site")
        let result = try Publisher.publish(store: store, at: tip, to: target, options: .init(releases: true))
        #expect(result.release == "gemeinsam-digital")
        #expect(result.releaseSites.count == 5)
        let files = try siteFiles(target)
        #expect(files.count == result.files.total)
        for path in [SitePaths.home, SitePaths.changelog, SitePaths.searchPage, SitePaths.document("strategy"), SitePaths.collection("glossary"),
                     SitePaths.feed, SitePaths.searchScript, "v/strategischer-rahmen/index.html"] {
            #expect(files.files[path] != nil, "\(path) missing")
        }
        #expect(brokenLinks(files) == [])
        try expectFsck(store)
    }

    /// Publishing after one new version writes only what changed, and the folder is byte for byte what a full
    /// publish of that version writes.
    @Test func incrementalPublishIsByteIdentical() throws {
        let (store, dir) = try sampleStore()
        defer { try? FileManager.default.removeItem(at: dir) }
        let previous = try store.resolve("HEAD~1"), tip = try store.resolve("HEAD")
        let target = dir.appendingPathComponent("_site"), full = dir.appendingPathComponent("full")
        _ = try Publisher.publish(store: store, at: previous, to: target, options: .init())
        let second = try Publisher.publish(store: store, at: tip, to: target, options: .init())
        _ = try Publisher.publish(store: store, at: tip, to: full, options: .init())
        #expect(second.files.written > 0 && second.files.written < second.files.total,
                "wrote \(second.files.written) of \(second.files.total)")
        #expect(try readTree(target) == readTree(full))
        let again = try Publisher.publish(store: store, at: tip, to: target, options: .init())
        #expect(again.files.written == 0, "nothing changed: nothing written")
        try expectFsck(store)
    }
}
