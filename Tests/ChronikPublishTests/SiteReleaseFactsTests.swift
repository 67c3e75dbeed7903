import ChronikChangelog
import ChronikDiff
import ChronikStore
import Foundation
import Testing
@testable import ChronikPublish

/// Seeded damage of a good facts file (`SiteReleaseFacts`, `SiteHistoryFacts`): `rounds` times a bit flipped somewhere,
/// and the file cut somewhere; neither is read as facts.
func expectDamagedFactsRefused<Facts: SiteFactsFile>(_ type: Facts.Type, good: Data, seed: UInt64, rounds: Int,
                                                     sourceLocation: Testing.SourceLocation = #_sourceLocation) {
    var random = SplitMix64(seed: seed)
    for _ in 0..<rounds {
        var edited = [UInt8](good)
        edited[Int(random.next() % UInt64(edited.count))] ^= 0x04
        #expect(Facts.parse(Data(edited)) == nil, sourceLocation: sourceLocation)
        #expect(Facts.parse(Data(good.prefix(Int(random.next() % UInt64(good.count))))) == nil, sourceLocation: sourceLocation)
    }
}

/// The release facts a publish keeps (`SiteReleaseFacts`, inc15c): a model built from them is the model built with
/// every release group's changes read, its changes are read only when asked for, and facts that do not fit (damaged,
/// another language, a tag moved) are not used.
@Suite struct SiteReleaseFactsTests {
    private static func options(_ dir: URL) -> SiteBuildOptions {
        var options = SiteBuildOptions(cacheDirectory: dir.appendingPathComponent("changelog-cache"))
        options.releaseFactsDirectory = dir.appendingPathComponent("site-cache")
        options.releaseChangesWhenShown = true
        return options
    }

    @Test func aModelFromTheFactsIsTheModelWithTheChanges() throws {
        let (store, dir) = try sampleStore()
        defer { try? FileManager.default.removeItem(at: dir) }
        let reference = try buildSite(store, options: SiteBuildOptions(cacheDirectory: dir.appendingPathComponent("changelog-cache")))
        #expect(reference.releases.count >= 2)
        let options = Self.options(dir)
        let factsFile = SiteReleaseFacts.file(in: try #require(options.releaseFactsDirectory))
        // The first build reads the changes and keeps the facts.
        let first = try buildSite(store, options: options)
        #expect(FileManager.default.fileExists(atPath: factsFile.path))
        #expect(first == reference)
        // The second reads none of them until a group is asked for.
        let lazy = try buildSite(store, options: options)
        #expect(lazy.releases.allSatisfy { $0.isWaitingForChanges })
        for (release, expected) in zip(lazy.releases, reference.releases) {
            #expect(release.named == expected.group.changes.entries.map(\.entry))
            #expect(release.summary == expected.group.changes.summary)
        }
        #expect(lazy.releases.allSatisfy { $0.isWaitingForChanges }, "named and summary without the changes")
        #expect(lazy.releases.map(\.group) == reference.releases.map(\.group))
        #expect(lazy.releases.allSatisfy { !$0.isWaitingForChanges }, "read all at once")
        #expect(lazy == reference)
        // A publish into a new folder renders every release page: it reads the changes at once, facts or not.
        var atOnce = options
        atOnce.releaseChangesWhenShown = false
        let eager = try buildSite(store, options: atOnce)
        #expect(eager.releases.allSatisfy { !$0.isWaitingForChanges })
        #expect(eager == reference)
        try expectFsck(store)
    }

    @Test func factsRoundTripAndDamagedFactsAreNotUsed() throws {
        let (store, dir) = try sampleStore()
        defer { try? FileManager.default.removeItem(at: dir) }
        let options = Self.options(dir)
        let directory = try #require(options.releaseFactsDirectory)
        let reference = try buildSite(store, options: options)
        let facts = try #require(SiteReleaseFacts.read(directory: directory, language: reference.language))
        #expect(facts.groups.count == reference.releases.count)
        #expect(SiteReleaseFacts.parse(Data(facts.serialized())) == facts)
        #expect(SiteReleaseFacts.read(directory: directory, language: reference.language == "de" ? "en" : "de") == nil, "another language")
        let good = try Data(contentsOf: SiteReleaseFacts.file(in: directory))
        expectDamagedFactsRefused(SiteReleaseFacts.self, good: good, seed: 15, rounds: 20)
        // A damaged file: the changes are read, and the facts written anew.
        var edited = [UInt8](good)
        edited[edited.count / 3] ^= 0x01
        try Data(edited).write(to: SiteReleaseFacts.file(in: directory))
        let model = try buildSite(store, options: options)
        #expect(model.releases.allSatisfy { !$0.isWaitingForChanges })
        #expect(model == reference)
        #expect(try Data(contentsOf: SiteReleaseFacts.file(in: directory)) == good)
        try expectFsck(store)
    }

    /// A tag moved to another version, and one removed: the groups' records are other ones, so the facts do not
    /// cover them and the model reads the changes (the same as without facts).
    @Test func aMovedOrRemovedTagReadsTheChanges() throws {
        let (store, dir) = try sampleStore()
        defer { try? FileManager.default.removeItem(at: dir) }
        let options = Self.options(dir)
        let first = try buildSite(store, options: options)
        let newest = try #require(first.releases.first?.release)
        try git(store, ["tag", "-d", newest.name])
        let afterRemoval = try buildSite(store, options: options)
        #expect(afterRemoval.releases.count == first.releases.count - 1)
        #expect(afterRemoval == (try buildSite(store, options: SiteBuildOptions(cacheDirectory: dir.appendingPathComponent("changelog-cache")))))
        let url = store.root.appendingPathComponent("glossary/ambition.md")
        try Data((try String(contentsOf: url, encoding: .utf8) + "\nNach dem Verschieben.\n").utf8).write(to: url)
        try git(store, ["commit", "-q", "-a", "-m", "Vor dem Verschieben"])
        try git(store, ["tag", "-a", newest.name, "-m", "Wieder", "HEAD"])
        let moved = try buildSite(store, options: options)
        #expect(moved.releases.allSatisfy { !$0.isWaitingForChanges }, "the moved tag's group and the one after it are new records")
        #expect(moved == (try buildSite(store, options: SiteBuildOptions(cacheDirectory: dir.appendingPathComponent("changelog-cache")))))
        try expectFsck(store)
    }
}
