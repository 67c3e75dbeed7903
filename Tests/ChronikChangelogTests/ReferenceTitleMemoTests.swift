import ChronikDiff
import ChronikStore
import Foundation
import GitKit
import Testing
@testable import ChronikChangelog

// The changelog's resolvers of reference titles share one `ReferenceTitleMemo` (configurations, schemas and titles by
// blob id) over all groups and threads. The reference path is a fresh resolver per group, which reads everything
// again: both must give the same titles, also when the referenced entry's blob stays the same and only its schema
// changes (its title turns private, then public again).

private let author = Signature(name: "Test Author", email: "test@example.org", date: Date(timeIntervalSince1970: 1_700_000_000), timeZoneOffsetMinutes: 60)

/// The sample store with up to three more commits: (1) a referenced entry renamed by title and a reference dropped,
/// (2) the results' title made private (same entry blobs) and the reference back, (3) public again and the reference
/// dropped again. Shared by the memo's and the threaded titles' tests.
private func sampleWithTitleHistory(in dir: URL, commits: Int) throws -> (store: Store, path: URL) {
    let report = try SnapshotImporter.run(SampleBerlin.snapshots, into: dir, root: SampleBerlin.displayName)
    let store = try Store(at: report.store)
    func edit(_ path: String, _ old: String, _ new: String) throws {
        let text = try #require(String(data: try Data(contentsOf: report.store.appendingPathComponent(path)), encoding: .utf8))
        #expect(text.contains(old), "\(path) holds \(old)")
        try store.writeFile(path, Data(text.replacingOccurrences(of: old, with: new).utf8))
    }
    let eventPath = "events/kommentierung-aktionen.md", schemaPath = "schemas/results.schema.json"
    let titleProperty = "\"description\": \"Titel des Ergebnisses. / Title of the result.\",\n"
    let privateMark = "      \"x-chronik-private\": true,\n"
    let steps: [(message: String, edits: [(String, String, String)])] = [
        ("Titel und Verweis", [("results/aktionen.md", "title: Aktionen der Smart City-Strategie", "title: Aktionen, neu benannt"),
                               (eventPath, "  - auswertung-aktionen\n", "")]),
        ("Titel privat", [(schemaPath, titleProperty, titleProperty + privateMark),
                          (eventPath, "  - aktionen\n", "  - aktionen\n  - auswertung-aktionen\n")]),
        ("Titel öffentlich", [(schemaPath, titleProperty + privateMark, titleProperty),
                              (eventPath, "  - auswertung-aktionen\n", "")]),
    ]
    for step in steps.prefix(commits) {
        for (path, old, new) in step.edits { try edit(path, old, new) }
        _ = try store.commit(message: step.message, author: author, committer: author)
    }
    return (store, report.store)
}

/// The repository of `sampleWithTitleHistory` and its sides to diff: the empty beginning and every version.
private func sidesWithTitleHistory(in dir: URL, commits: Int) throws -> (repository: Repository, sides: [SnapshotSide]) {
    let (store, _) = try sampleWithTitleHistory(in: dir, commits: commits)
    let repository = store.repository
    let head = try #require(try repository.headCommit())
    let versions = try repository.walk(from: [head])
    #expect(versions.count > commits)
    return (repository, [.empty] + versions.map { .commit($0) })
}

@Suite struct ReferenceTitleMemoTests {
    @Test func sharedMemoGivesWhatFreshResolversGive() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("chronik-refmemo-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: dir) }
        let (store, storePath) = try sampleWithTitleHistory(in: dir, commits: 3)

        var options = ChangelogOptions()
        options.grouping = .commit
        options.threads = 2
        let changelog = try ChangelogBuilder(repository: store.repository).build(options)
        var compared = 0
        for group in changelog.groups {
            var fresh = group.changes
            for k in fresh.entries.indices { fresh.entries[k].references = nil }
            ReferenceTitleResolver(repository: store.repository).annotate(&fresh, base: group.base, tip: group.version, language: changelog.head.language)
            #expect(fresh.entries.map(\.references) == group.changes.entries.map(\.references), "\(group.version)")
            compared += group.changes.entries.filter { $0.references != nil }.count
        }
        #expect(compared >= 3)

        // The three new versions, newest first: the title public again (the old side's private), private, renamed.
        func references(_ k: Int) throws -> [ReferenceTitle] {
            let entry = try #require(changelog.groups[k].changes.entries.first { $0.entry.id == "kommentierung-aktionen" })
            return entry.references ?? []
        }
        #expect(try references(0).contains(ReferenceTitle(field: "/results", collection: "results", id: "aktionen",
                                                          old: nil, new: "Aktionen, neu benannt")))
        #expect(try references(1).contains(ReferenceTitle(field: "/results", collection: "results", id: "aktionen",
                                                          old: "Aktionen, neu benannt", new: nil)))
        #expect(try references(2).contains(ReferenceTitle(field: "/results", collection: "results", id: "aktionen",
                                                          old: "Aktionen der Smart City-Strategie", new: "Aktionen, neu benannt")))

        let fsck = try Process.run(URL(fileURLWithPath: "/usr/bin/git"), arguments: ["-C", storePath.path, "fsck", "--full"])
        fsck.waitUntilExit()
        #expect(fsck.terminationStatus == 0)
    }
}

// The diff's titles read on threads (`annotate(…, parallelFrom:)`, diff19b) against the same titles read one by one on
// the calling thread: every pair of versions of the sample with three more commits (a referenced entry renamed by
// title, its title made private and public again, references dropped and added), and the empty beginning.
@Suite struct ParallelReferenceTitleTests {
    @Test func titlesReadOnThreadsAreThoseReadOneByOne() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("chronik-reftitles-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: dir) }
        let (repository, sides) = try sidesWithTitleHistory(in: dir, commits: 2)
        var withTitles = 0
        for old in sides {
            for new in sides where new != old {
                guard case .commit = new else { continue }
                var diff = try SnapshotDiffer(repository: repository).diff(from: old, to: new, options: SnapshotDiffOptions())
                var threaded = diff
                ReferenceTitleResolver(repository: repository).annotate(&diff, old: old, new: new, workdir: nil, workingConfig: nil,
                                                                         language: "de", parallelFrom: .max)
                ReferenceTitleResolver(repository: repository).annotate(&threaded, old: old, new: new, workdir: nil, workingConfig: nil,
                                                                         language: "de", parallelFrom: 1)
                #expect(threaded.entries.map(\.references) == diff.entries.map(\.references), "\(old) -> \(new)")
                withTitles += diff.entries.filter { $0.references != nil }.count
            }
        }
        #expect(withTitles >= 10)
    }
}

// The references found and titled on threads, `batch` entries at a time (`referencesOnThreads`, eng19f), against those
// found one by one on the calling thread: every pair of versions of the sample with three more commits and the empty
// beginning, with and without the differ's title values, 1–4 threads and batches of 1–9 entries (seeded), and the
// public diff (private fields taken out before).
@Suite struct ReferencesOnThreadsTests {
    @Test func referencesFoundOnThreadsAreThoseFoundOneByOne() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("chronik-refthreads-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: dir) }
        let (repository, sides) = try sidesWithTitleHistory(in: dir, commits: 3)
        var random = SplitMix64(seed: 19_0605)
        var withTitles = 0, runs = 0
        for old in sides {
            for new in sides where new != old {
                guard case .commit = new else { continue }
                for publicOnly in [false, true] {
                    var options = SnapshotDiffOptions()
                    options.keepsTitleValues = true
                    options.publicOnly = publicOnly
                    let differ = SnapshotDiffer(repository: repository, entryBudget: 0)
                    let diff = try differ.diff(from: old, to: new, options: options)
                    for known in [TitleValues.Table(), differ.titleValues] {
                        var serial = diff
                        ReferenceTitleResolver(repository: repository).annotate(&serial, old: old, new: new, workdir: nil, workingConfig: nil,
                                                                                 language: "de", parallelFrom: .max, known: known)
                        for _ in 0..<3 {
                            let threads = random.int(1...4), batch = random.int(1...9)
                            var threaded = diff
                            ReferenceTitleResolver(repository: repository).annotate(&threaded, old: old, new: new, workdir: nil, workingConfig: nil,
                                                                                     language: "de", parallelFrom: 1, known: known,
                                                                                     threads: threads, batch: batch)
                            #expect(threaded.entries == serial.entries, "\(old) -> \(new), \(threads) threads, batches of \(batch)")
                            runs += 1
                        }
                        withTitles += serial.entries.filter { $0.references != nil }.count
                    }
                }
            }
        }
        #expect(withTitles >= 20)
        #expect(runs >= 60)
    }
}

// The diff's titles from the title values the differ kept of the entries it parsed (`SnapshotDiffOptions
// .keepsTitleValues`, eng19c) against the titles read from the blobs: every pair of versions of the sample with three
// more commits (a referenced entry renamed by title, its title made private with the same entry blobs and public
// again, references dropped and added) and the empty beginning, on the calling thread and on threads.
@Suite struct KnownTitleValuesTests {
    @Test func titlesFromTheDiffsValuesAreThoseReadFromBlobs() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("chronik-reftitles-known-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: dir) }
        let (repository, sides) = try sidesWithTitleHistory(in: dir, commits: 3)
        var withTitles = 0, known = 0
        for old in sides {
            for new in sides where new != old {
                guard case .commit = new else { continue }
                var options = SnapshotDiffOptions()
                options.keepsTitleValues = true
                let differ = SnapshotDiffer(repository: repository, entryBudget: 0)
                var diff = try differ.diff(from: old, to: new, options: options)
                #expect(differ.titleValues.keys.contains("title"))
                known += differ.titleValues.values.count
                var fromValues = diff, fromValuesThreaded = diff
                ReferenceTitleResolver(repository: repository).annotate(&diff, old: old, new: new, workdir: nil, workingConfig: nil, language: "de")
                ReferenceTitleResolver(repository: repository).annotate(&fromValues, old: old, new: new, workdir: nil, workingConfig: nil,
                                                                         language: "de", parallelFrom: .max, known: differ.titleValues)
                ReferenceTitleResolver(repository: repository).annotate(&fromValuesThreaded, old: old, new: new, workdir: nil, workingConfig: nil,
                                                                         language: "de", parallelFrom: 1, known: differ.titleValues)
                #expect(fromValues.entries.map(\.references) == diff.entries.map(\.references), "\(old) -> \(new)")
                #expect(fromValuesThreaded.entries.map(\.references) == diff.entries.map(\.references), "\(old) -> \(new)")
                withTitles += diff.entries.filter { $0.references != nil }.count
            }
        }
        #expect(withTitles >= 10)
        #expect(known > 100)
    }

    /// Without the option the differ keeps nothing.
    @Test func valuesAreKeptOnlyWhenAsked() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("chronik-reftitles-none-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: dir) }
        let (store, _) = try sampleWithTitleHistory(in: dir, commits: 1)
        let head = try #require(try store.repository.headCommit())
        let differ = SnapshotDiffer(repository: store.repository, entryBudget: 0)
        _ = try differ.diff(from: .empty, to: .commit(head), options: SnapshotDiffOptions())
        #expect(differ.titleValues.values.isEmpty)
    }
}

