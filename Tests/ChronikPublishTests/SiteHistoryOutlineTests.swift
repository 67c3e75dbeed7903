import ChronikChangelog
import ChronikStore
import Foundation
import GitKit
import Testing
@testable import ChronikPublish

/// The outline of the histories' changelog kept by tip (`SiteHistoryOutline`, inc15f): an outline extended from a kept
/// one is the outline the by-version changelog gives (the reference), on seeded random histories with merges, tags on
/// merged branches, fast-forwards onto tagged versions, moved and deleted tags and equal or distinct dates; the file
/// reads back what was written, and a damaged file is never read as another outline.
@Suite struct SiteHistoryOutlineTests {
    /// Runs git in the store with the committer and author date `seconds` after a fixed moment; its output.
    @discardableResult
    private static func git(_ store: Store, _ arguments: [String], seconds: Int = 0) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["git", "-C", store.root.path, "-c", "user.name=Test Author", "-c", "user.email=test@example.org",
                             "-c", "commit.gpgsign=false", "-c", "tag.gpgsign=false"] + arguments
        var environment = ProcessInfo.processInfo.environment
        let date = "@\(1_700_000_000 + seconds) +0100"
        environment["GIT_AUTHOR_DATE"] = date
        environment["GIT_COMMITTER_DATE"] = date
        process.environment = environment
        let pipe = Pipe()
        process.standardOutput = pipe
        try process.run()
        let out = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        #expect(process.terminationStatus == 0, "git \(arguments) failed")
        return String(decoding: out, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// The groups of the changelog without records up to `to`, grouped by `grouping`, on one thread.
    private static func groups(_ store: Store, to: ObjectID, grouping: ChangelogGrouping) throws -> [ChangelogGroup] {
        var options = ChangelogOptions()
        options.to = to
        options.language = "de"
        options.grouping = grouping
        options.records = false
        options.threads = 1
        options.recordCollectionsInHead = false
        var groups: [ChangelogGroup] = []
        try ChangelogBuilder(repository: store.repository).build(options, head: { _ in }, group: { groups.append($0) })
        return groups
    }

    /// The reference: the by-version changelog without records, as the site filed it before.
    private static func built(_ store: Store, to: ObjectID) throws -> [SiteHistoryOutline.Item] {
        try groups(store, to: to, grouping: .commit).compactMap(SiteHistoryOutline.Item.init)
    }

    /// The reference release groups: the by-release changelog without records, its release groups.
    private static func builtReleases(_ store: Store, to: ObjectID) throws -> [ChangelogGroup] {
        try groups(store, to: to, grouping: .release).filter { $0.kind == .release && $0.release != nil }
    }

    private static func edit(_ store: Store, _ k: Int, seconds: Int) throws {
        let url = store.root.appendingPathComponent("glossary/ambition.md")
        try Data((try String(contentsOf: url, encoding: .utf8) + "\nSatz \(k).\n").utf8).write(to: url)
        try git(store, ["commit", "-q", "-a", "-m", "Schritt \(k)\n\nMit Text und Mail an a\(k)@example.org."], seconds: seconds)
    }

    @Test(arguments: [UInt64(1), 2, 3, 2026])
    func anExtendedOutlineIsTheBuiltOne(seed: UInt64) throws {
        let (store, dir) = try sampleStore()
        defer { try? FileManager.default.removeItem(at: dir) }
        var random = SplitMix64(seed: seed)
        let main = try Self.git(store, ["rev-parse", "--abbrev-ref", "HEAD"])
        var kept: [SiteHistoryOutline] = []
        var keptReleases: [SiteReleaseOutline] = []
        var extendedCount = 0, releasesExtended = 0
        var tags: [String] = []
        var pending: String?
        for k in 0..<14 {
            // Equal dates for even seeds (the walk's ties), else each step later.
            let seconds = seed % 2 == 0 ? 0 : k * 60
            if let branch = pending {
                // Main fast-forwarded onto the tagged version of the step before (whose outline knew the tag).
                try Self.git(store, ["merge", "-q", "--ff-only", branch])
                pending = nil
            } else { switch random.next() % 7 {
            case 0, 1:
                try Self.edit(store, k, seconds: seconds)
            case 2:
                for j in 0..<Int(1 + random.next() % 3) { try Self.edit(store, 100 * k + j, seconds: seconds) }
            case 3:
                let name = "r-\(k)"
                try Self.git(store, ["tag", "-a", name, "-m", "Release \(k)"], seconds: seconds)
                tags.append(name)
            case 4:
                // A side branch merged (its own commits, and one on main meanwhile).
                try Self.git(store, ["checkout", "-q", "-b", "side-\(k)"])
                try Self.edit(store, 1000 + k, seconds: seconds)
                if random.next() % 2 == 0 {
                    try Self.git(store, ["tag", "-a", "s-\(k)", "-m", "Seitenrelease \(k)"], seconds: seconds)
                    tags.append("s-\(k)")
                }
                try Self.git(store, ["checkout", "-q", main])
                let url = store.root.appendingPathComponent("faq").appendingPathComponent("neu-\(k).md")
                try Data("---\nquestion: Frage \(k)\n---\nAntwort.\n".utf8).write(to: url)
                try Self.git(store, ["add", "-A"])
                try Self.git(store, ["commit", "-q", "-m", "Auf main \(k)"], seconds: seconds)
                try Self.git(store, ["merge", "-q", "--no-ff", "--no-edit", "-m", "Zusammengeführt \(k)", "side-\(k)"], seconds: seconds)
            case 5:
                // A tagged version on a branch; main is fast-forwarded onto it at the next step.
                try Self.git(store, ["checkout", "-q", "-b", "ff-\(k)"])
                try Self.edit(store, 2000 + k, seconds: seconds)
                try Self.git(store, ["tag", "-a", "f-\(k)", "-m", "Vorab \(k)"], seconds: seconds)
                tags.append("f-\(k)")
                try Self.git(store, ["checkout", "-q", main])
                pending = "ff-\(k)"
            default:
                if let tag = tags.popLast() {
                    if random.next() % 2 == 0 {
                        try Self.git(store, ["tag", "-d", tag])
                    } else {
                        try Self.git(store, ["tag", "-f", "-a", tag, "-m", "Verschoben \(k)", "HEAD~1"], seconds: seconds)
                        tags.append(tag)
                    }
                } else {
                    try Self.edit(store, k, seconds: seconds)
                }
            } }
            let tip = try #require(try store.tip()).id
            let marks = try SiteHistoryOutline.releases(in: store.repository, to: tip, tags: nil)
            let reference = try Self.built(store, to: tip)
            for outline in kept {
                guard let extended = try outline.extended(to: tip, releases: marks, repository: store.repository, limit: 32) else { continue }
                if outline.tip != tip { extendedCount += 1 }
                #expect(extended == reference, "seed \(seed), step \(k): extended from \(outline.tip.short()) differs")
            }
            let outline = SiteHistoryOutline(language: "de", tip: tip, releases: marks, items: reference)
            #expect(outline.isWritable)
            #expect(SiteHistoryOutline.parse(Data(outline.serialized())) == outline)
            kept.append(outline)
            // The release groups likewise, each with the releases listed now (a moved tag's new message and date).
            let listed = try SiteHistoryOutline.releaseList(in: store.repository, to: tip, tags: nil)
            let releaseGroups = try Self.builtReleases(store, to: tip)
            for outline in keptReleases {
                guard let groups = try outline.groups(to: tip, releases: listed, repository: store.repository, limit: 32) else { continue }
                if outline.tip != tip { releasesExtended += 1 }
                #expect(groups == releaseGroups, "seed \(seed), step \(k): release groups from \(outline.tip.short()) differ")
            }
            let releaseOutline = try #require(SiteReleaseOutline(language: "de", tip: tip, releases: listed, built: releaseGroups))
            #expect(SiteReleaseOutline.parse(Data(releaseOutline.serialized())) == releaseOutline)
            keptReleases.append(releaseOutline)
        }
        #expect(extendedCount > 0, "no outline was extended")
        #expect(releasesExtended > 0, "no release outline was extended")
    }

    /// A damaged or truncated file is no outline (never another one); other languages and record formats are not read.
    @Test func aDamagedFileIsNotRead() throws {
        let (store, dir) = try sampleStore()
        defer { try? FileManager.default.removeItem(at: dir) }
        let tip = try #require(try store.tip()).id
        let outline = SiteHistoryOutline(language: "de", tip: tip, releases: try SiteHistoryOutline.releases(in: store.repository, to: tip, tags: nil),
                                         items: try Self.built(store, to: tip))
        #expect(outline.items.count > 3)
        let bytes = outline.serialized()
        #expect(SiteHistoryOutline.parse(Data(bytes)) == outline)
        var random = SplitMix64(seed: 15)
        for _ in 0..<40 {
            var damaged = bytes
            let at = Int(random.next() % UInt64(damaged.count))
            damaged[at] ^= UInt8(1 + random.next() % 255)
            let read = SiteHistoryOutline.parse(Data(damaged))
            #expect(read == nil || read == outline, "a changed byte at \(at) read as another outline")
            let cut = Int(random.next() % UInt64(bytes.count))
            #expect(SiteHistoryOutline.parse(Data(bytes[..<cut])) == nil)
        }
        // The release outline: texts with tabs, line breaks and backslashes read back; damaged, never another one.
        let listed = try SiteHistoryOutline.releaseList(in: store.repository, to: tip, tags: nil)
        var releaseOutline = try #require(SiteReleaseOutline(language: "de", tip: tip, releases: listed, built: try Self.builtReleases(store, to: tip)))
        #expect(!releaseOutline.groups.isEmpty)
        releaseOutline.groups[0].versions[0].message = "Zeile\tmit Tab\\n\nund \\ Rückstrich\r"
        releaseOutline.groups[0].contributors.append(Person(name: "A\tB\\"))
        let releaseBytes = releaseOutline.serialized()
        #expect(SiteReleaseOutline.parse(Data(releaseBytes)) == releaseOutline)
        for _ in 0..<40 {
            var damaged = releaseBytes
            let at = Int(random.next() % UInt64(damaged.count))
            damaged[at] ^= UInt8(1 + random.next() % 255)
            let read = SiteReleaseOutline.parse(Data(damaged))
            #expect(read == nil || read == releaseOutline, "a changed byte at \(at) read as another release outline")
            #expect(SiteReleaseOutline.parse(Data(releaseBytes[..<Int(random.next() % UInt64(releaseBytes.count))])) == nil)
        }
        // Written and read back through the folder; another language is not read.
        let folder = dir.appendingPathComponent("site-cache")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        outline.write(directory: folder)
        #expect(SiteHistoryOutline.read(directory: folder, language: "de") == outline)
        #expect(SiteHistoryOutline.read(directory: folder, language: "en") == nil)
        // Other releases: not extended.
        #expect(try outline.extended(to: tip, releases: outline.releases + [.init(name: "x", version: tip)], repository: store.repository, limit: 32) == nil)
        #expect(try outline.extended(to: tip, releases: outline.releases, repository: store.repository, limit: 32) == outline.items)
    }

    /// Incremental publishes keep the outline for each new tip (and extend it), and the site is the full publish's.
    @Test func aPublishWithAKeptOutlineIsTheFullPublish() throws {
        let (store, dir) = try sampleStore()
        defer { try? FileManager.default.removeItem(at: dir) }
        let target = dir.appendingPathComponent("_site"), cache = dir.appendingPathComponent("site-cache")
        let options = Publisher.Options(build: SiteBuildOptions(cacheDirectory: dir.appendingPathComponent("changelog-cache")),
                                        baseURL: "https://example.org/wissen/", siteCacheDirectory: cache)
        _ = try Publisher.publish(store: store, at: try #require(try store.tip()), to: target, options: options)
        for k in 0..<5 {
            try Self.edit(store, k, seconds: k * 60)
            // A new release at the third step, its tag moved with a new message at the fourth.
            if k == 2 { try Self.git(store, ["tag", "-a", "neu-\(k)", "-m", "Neu \(k)"], seconds: k * 60) }
            if k == 3 { try Self.git(store, ["tag", "-f", "-a", "neu-2", "-m", "Verschoben", "HEAD~1"], seconds: k * 60) }
            let tip = try #require(try store.tip())
            _ = try Publisher.publish(store: store, at: tip, to: target, options: options)
            #expect(SiteHistoryOutline.read(directory: cache, language: "de")?.tip == tip.id, "kept for the new tip")
            #expect(SiteReleaseOutline.read(directory: cache, language: "de")?.tip == tip.id, "kept for the new tip")
            let full = dir.appendingPathComponent("full-\(k)")
            _ = try Publisher.publish(store: store, at: tip, to: full, options: Publisher.Options(baseURL: "https://example.org/wissen/"))
            #expect(try readTree(target) == readTree(full), "step \(k)")
            try? FileManager.default.removeItem(at: full)
        }
    }
}
