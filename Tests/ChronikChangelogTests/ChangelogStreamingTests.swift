import ChronikDiff
import ChronikStore
import Foundation
import GitKit
import Testing
@testable import ChronikChangelog

/// The Berlin sample, imported into a fresh temporary folder, plus `extra` small versions (one glossary entry added
/// each, fixed author and dates): the history grows, its largest version (the first: 38 entries) stays.
private func sample(extra: Int = 0) throws -> (Store, URL) {
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent("chronik-stream-\(UUID().uuidString)")
    let report = try SnapshotImporter.run(SampleBerlin.snapshots, into: dir, root: SampleBerlin.displayName)
    let store = try Store(at: report.store)
    for k in 0..<extra {
        let author = Signature(name: "Test Author", email: "test@example.org",
                               date: Date(timeIntervalSince1970: 1_700_000_000 + Double(k) * 3600), timeZoneOffsetMinutes: 60)
        try store.writeFile("glossary/neu-\(k).md", Data("---\nterm: Neu \(k)\n---\nEin neuer Begriff.\n".utf8))
        _ = try store.commit(message: "Neuer Begriff \(k)", author: author, committer: author)
    }
    return (store, dir)
}

private func temporaryCache() -> URL {
    FileManager.default.temporaryDirectory.appendingPathComponent("chronik-stream-cache-\(UUID().uuidString)")
}

/// The streamed build rendered piece by piece, as the CLI does.
private func streamed(_ builder: ChangelogBuilder, _ options: ChangelogOptions, format: ChangelogFormat,
                      render: ChangelogRenderOptions) throws -> String {
    var out: [UInt8] = []
    var renderer: ChangelogStreamRenderer?
    try builder.build(options, head: { head in
        let r = ChangelogStreamRenderer(format: format, head: head, options: render)
        out += r.begin()
        renderer = r
    }, group: { group in
        var r = try #require(renderer)
        out += r.group(group)
        renderer = r
    })
    out += try #require(renderer).end()
    return String(decoding: out, as: UTF8.self)
}

/// The build rendered on the builder's threads (`build(_:head:consume:)`), as the CLI does.
private func rendered(_ builder: ChangelogBuilder, _ options: ChangelogOptions, format: ChangelogFormat,
                      render: ChangelogRenderOptions) throws -> String {
    var out: [UInt8] = []
    var renderer: ChangelogStreamRenderer?
    try builder.build(options, head: { head -> @Sendable (ChangelogGroup, Int) -> [UInt8] in
        let r = ChangelogStreamRenderer(format: format, head: head, options: render)
        out += r.begin()
        renderer = r
        return { group, index in r.group(group, index: index) }
    }, consume: { out += $0 })
    out += try #require(renderer).end()
    return String(decoding: out, as: UTF8.self)
}

@Suite struct ChangelogStreamingTests {
    @Test func streamedRenderingEqualsTheStringRenderers() throws {
        let (store, dir) = try sample()
        defer { try? FileManager.default.removeItem(at: dir) }
        let cache = temporaryCache()
        defer { try? FileManager.default.removeItem(at: cache) }
        let builder = ChangelogBuilder(repository: store.repository)
        for grouping in ChangelogGrouping.allCases {
            for language in ["de", "en"] {
                for detail in [false, true] {
                    var options = ChangelogOptions()
                    options.grouping = grouping
                    options.language = language
                    options.blocks = detail
                    let changelog = try builder.build(options)
                    let render = ChangelogRenderOptions(detail: detail)
                    for format in ChangelogFormat.allCases {
                        let whole = ChangelogRenderer.render(changelog, format: format, options: render)
                        let label = "\(grouping) \(language) detail \(detail) \(format)"
                        // Rendered in pieces from the value.
                        var pieces: [UInt8] = []
                        ChangelogRenderer.render(changelog, format: format, options: render) { pieces += $0 }
                        #expect(String(decoding: pieces, as: UTF8.self) == whole, "\(label)")
                        // Built and rendered group by group: without a cache, cold and warm with one; with the
                        // first pass over the records' collections and (except JSON, which lists them) without.
                        for withCache in [false, true, true] {
                            for firstPass in format == .json ? [true] : [true, false] {
                                var o = options
                                o.cacheDirectory = withCache ? cache : nil
                                o.recordCollectionsInHead = firstPass
                                #expect(try streamed(builder, o, format: format, render: render) == whole,
                                        "\(label) cache \(withCache) first pass \(firstPass)")
                                // Diffed and rendered on threads, a few groups ahead, the root's group first; the
                                // threads' shared cache of parsed entries with room and with none.
                                for (threads, budget) in [(1, o.parsedEntryBudget), (3, o.parsedEntryBudget), (3, 1)] {
                                    o.threads = threads
                                    o.parsedEntryBudget = budget
                                    #expect(try rendered(builder, o, format: format, render: render) == whole,
                                            "\(label) cache \(withCache) first pass \(firstPass) threads \(threads) budget \(budget)")
                                }
                            }
                        }
                    }
                }
            }
        }
    }

    /// A plain repository's label language is detected on a thread of its own while the history is walked (cl14):
    /// the same language as `LanguageDetector` finds on the calling thread, for English and German text, in the head
    /// and in the cache's language; `--lang` (`ChangelogOptions.language`) still wins.
    @Test func aPlainRepositorysLanguageIsDetectedBesideTheHistoryWalk() throws {
        let texts = ["en": "The city and its people should have a say in all of the plans that are made for them. ",
                     "de": "Die Stadt und ihre Menschen sollen bei allen Plänen mitreden, die für sie gemacht werden. "]
        for (expected, sentence) in texts.sorted(by: { $0.key < $1.key }) {
            let dir = FileManager.default.temporaryDirectory.appendingPathComponent("chronik-stream-lang-\(UUID().uuidString)")
            defer { try? FileManager.default.removeItem(at: dir) }
            let repository = try Repository.create(at: dir, initialBranch: "main")
            let author = Signature(name: "A", email: "a@example.org", date: Date(timeIntervalSince1970: 1_600_000_000), timeZoneOffsetMinutes: 0)
            var last: ObjectID?
            for (k, path) in ["notes/a.md", "notes/b.md"].enumerated() {
                let url = dir.appendingPathComponent(path)
                try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
                try Data("# \(k)\n\n\(String(repeating: sentence, count: 4))\n".utf8).write(to: url)
                let index = try repository.index()
                try index.add(path: path)
                try index.write()
                let tree = try index.writeTree()
                let parent = try repository.referenceTarget("HEAD")
                last = try repository.createCommit(tree: tree, parents: parent.map { [$0] } ?? [], author: author, committer: author, message: "v\(k)\n")
                try repository.updateReference("refs/heads/main", to: try #require(last), expecting: parent, logMessage: "commit")
            }
            let tree = try repository.commit(try #require(last)).treeID
            #expect(LanguageDetector.labelLanguage(asked: nil, config: nil, tree: tree, in: repository) == expected)
            let cache = temporaryCache()
            defer { try? FileManager.default.removeItem(at: cache) }
            var options = ChangelogOptions()
            options.cacheDirectory = cache
            var heads: [ChangelogHead] = []
            try ChangelogBuilder(repository: repository).build(options, head: { heads.append($0) }, group: { _ in })
            #expect(heads.map(\.language) == [expected])
            #expect(FileManager.default.fileExists(atPath: cache.appendingPathComponent("v\(ChangeRecord.formatVersion)-\(expected)").path))
            options.language = expected == "en" ? "de" : "en"
            #expect(try ChangelogBuilder(repository: repository).build(options).language == options.language)
        }
    }

    /// `records` off: every group as with its record, but with `changes` = `.none`, and nothing read or diffed (a
    /// cold cache stays empty).
    @Test(arguments: [ChangelogGrouping.release, .commit])
    func groupsWithoutRecordsAreTheGroupsWithTheirChangesLeftOut(grouping: ChangelogGrouping) throws {
        let (store, dir) = try sample(extra: 2)
        defer { try? FileManager.default.removeItem(at: dir) }
        let cache = temporaryCache()
        defer { try? FileManager.default.removeItem(at: cache) }
        let builder = ChangelogBuilder(repository: store.repository)
        var options = ChangelogOptions()
        options.grouping = grouping
        options.recordCollectionsInHead = false
        let expected = try builder.build(options).groups.map { group -> ChangelogGroup in
            var group = group
            group.changes = .none
            return group
        }
        #expect(expected.count >= 3)
        options.records = false
        options.cacheDirectory = cache
        for threads in [1, 4] {
            options.threads = threads
            var groups: [ChangelogGroup] = []
            try builder.build(options, head: { _ in }, group: { groups.append($0) })
            #expect(groups == expected, "\(threads) threads")
            #expect(builder.statistics.computed == 0 && builder.statistics.cached == 0)
        }
        let cached = FileManager.default.subpaths(atPath: cache.path) ?? []
        #expect(cached.allSatisfy { !$0.hasSuffix("." + SegmentCache.segmentExtension) }, "nothing cached: \(cached)")
        let fsck = try Process.run(URL(fileURLWithPath: "/usr/bin/git"), arguments: ["-C", store.root.path, "fsck", "--full"])
        fsck.waitUntilExit()
        #expect(fsck.terminationStatus == 0)
    }

    @Test func theHeadListsTheCollectionsOfEveryRecordWithOrWithoutACache() throws {
        // A plain repository: no configured collections, so every one comes from the records.
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("chronik-stream-plain-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: dir) }
        let repository = try Repository.create(at: dir, initialBranch: "main")
        let author = Signature(name: "A", email: "a@example.org", date: Date(timeIntervalSince1970: 1_600_000_000), timeZoneOffsetMinutes: 0)
        for (k, path) in ["zeta/a.md", "alpha/b.md", "mitte/c.md"].enumerated() {
            let url = dir.appendingPathComponent(path)
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try Data("# Titel \(k)\n\nText.\n".utf8).write(to: url)
            let index = try repository.index()
            try index.add(path: path)
            try index.write()
            let tree = try index.writeTree()
            let parent = try repository.referenceTarget("HEAD")
            let commit = try repository.createCommit(tree: tree, parents: parent.map { [$0] } ?? [], author: author, committer: author, message: "v\(k)\n")
            try repository.updateReference("refs/heads/main", to: commit, expecting: parent, logMessage: "commit")
        }
        let cache = temporaryCache()
        defer { try? FileManager.default.removeItem(at: cache) }
        let builder = ChangelogBuilder(repository: repository)
        var options = ChangelogOptions()
        options.grouping = .commit
        let expected = try builder.build(options).collections.map(\.name)
        #expect(expected == ["alpha", "mitte", "zeta"])
        for withCache in [false, true, true] {
            options.cacheDirectory = withCache ? cache : nil
            var heads: [ChangelogHead] = []
            try builder.build(options, head: { heads.append($0) }, group: { _ in })
            #expect(heads.map { $0.collections.map(\.name) } == [expected], "cache \(withCache)")
        }
        #expect(builder.statistics.cached == 3 && builder.statistics.computed == 0)
    }

    @Test func memoryHeldDoesNotGrowWithTheLengthOfTheHistory() throws {
        // The same largest version (the sample's first, 38 entries), a history of 5 + 8 and of 5 + 32 versions.
        var peaks: [[String: ChangelogStatistics]] = []
        for extra in [8, 32] {
            let (store, dir) = try sample(extra: extra)
            defer { try? FileManager.default.removeItem(at: dir) }
            let cache = temporaryCache()
            defer { try? FileManager.default.removeItem(at: cache) }
            let builder = ChangelogBuilder(repository: store.repository)
            var options = ChangelogOptions()
            options.grouping = .commit
            // One thread: the builder holds exactly what it hands over (threads are checked below).
            options.threads = 1
            var runs: [String: ChangelogStatistics] = [:]
            var groups = 0
            func run(_ name: String) throws {
                groups = 0
                try builder.build(options, head: { _ in }, group: { _ in groups += 1 })
                #expect(groups == 5 + extra)
                runs[name] = builder.statistics
            }
            options.recordCollectionsInHead = false
            try run("no cache")
            options.recordCollectionsInHead = true
            options.cacheDirectory = cache
            try run("cold")
            try run("warm")
            #expect(runs["cold"]?.computed == 5 + extra && runs["warm"]?.cached == 5 + extra)
            // Without a cache, the head's collections make the builder hold what it computed: that grows.
            options.cacheDirectory = nil
            try run("held")
            // Two threads work a bounded number of groups ahead (two chunks of 8 each), cold and warm.
            options.threads = 2
            let threadsCache = temporaryCache()
            defer { try? FileManager.default.removeItem(at: threadsCache) }
            options.cacheDirectory = threadsCache
            try run("threads cold")
            try run("threads warm")
            #expect(runs["threads cold"]?.computed == 5 + extra && runs["threads warm"]?.cached == 5 + extra)
            peaks.append(runs)
        }
        for name in ["no cache", "cold", "warm"] {
            let short = try #require(peaks[0][name]), long = try #require(peaks[1][name])
            #expect(short.peakHeldRecords == 1 && long.peakHeldRecords == 1, "\(name)")
            #expect(short.peakHeldEntries == 38 && long.peakHeldEntries == 38, "\(name)")
        }
        for name in ["threads cold", "threads warm"] {
            let short = try #require(peaks[0][name]), long = try #require(peaks[1][name])
            #expect(short.peakHeldRecords <= 2 * 8 * 2 + 1 + 2 && long.peakHeldRecords <= 2 * 8 * 2 + 1 + 2, "\(name)")
            #expect(short.peakHeldEntries == 38 && long.peakHeldEntries == 38, "\(name)")
        }
        let short = try #require(peaks[0]["held"]), long = try #require(peaks[1]["held"])
        #expect(long.peakHeldRecords == short.peakHeldRecords + 24)
        #expect(long.peakHeldEntries > short.peakHeldEntries)
    }
}

@Suite struct ChangelogThreadErrorTests {
    /// A version whose tree cannot be read: the build stops with the Git error on any number of threads (the other
    /// threads stop too: the call returns), whether the broken version is the first group or a later one.
    @Test func aMissingTreeStopsTheBuildOnEveryThreadCount() throws {
        for (broken, extra) in [(0, 12), (7, 12)] {
            let (store, dir) = try sample(extra: extra)
            defer { try? FileManager.default.removeItem(at: dir) }
            let repository = store.repository
            // The glossary folder's tree of the `broken`-th newest version, deleted from the object database.
            let history = try repository.walk(from: [try #require(try repository.referenceTarget("HEAD"))], firstParentOnly: true)
            let tree = try repository.commit(history[broken]).treeID
            let folder = try #require(try repository.entry(atPath: "glossary", inTree: tree))
            let hex = folder.id.hex
            let object = repository.gitDirectory.appendingPathComponent("objects/\(hex.prefix(2))/\(hex.dropFirst(2))")
            try FileManager.default.removeItem(at: object)
            for threads in [1, 2, 4] {
                let fresh = try Repository(at: repository.gitDirectory)
                let builder = ChangelogBuilder(repository: fresh)
                var options = ChangelogOptions()
                options.grouping = .commit
                options.threads = threads
                var groups = 0
                #expect(throws: ChangelogError.self, "broken \(broken), threads \(threads)") {
                    try builder.render(options, format: .json, renderOptions: .init()) { _ in groups += 1 }
                }
            }
        }
    }
}
