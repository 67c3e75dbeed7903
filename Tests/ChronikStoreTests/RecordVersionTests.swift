import Foundation
import GitKit
import Testing
@testable import ChronikStore

/// `Store.record(checkedFiles:…)`, the write path of imports: refusals before the branch moves write nothing visible.
@Suite struct RecordVersionTests {
    let root = FileManager.default.temporaryDirectory.appendingPathComponent("chronik-record-\(UUID().uuidString)")
    static let me = Signature(name: "Test Author", email: "test@example.org", date: Date(timeIntervalSince1970: 1_646_125_200), timeZoneOffsetMinutes: 60)

    /// A store holding the sample's first two versions, and the third snapshot.
    func storeWithTwoVersions() throws -> (Store, Snapshot) {
        let snapshots = SampleBerlin.snapshots
        _ = try SnapshotImporter.run(Array(snapshots.prefix(2)), into: root, root: "sample")
        return (try Store(at: root), snapshots[2])
    }

    @Test func aChangedFileInTheWayIsAConflictAndNothingMoves() throws {
        defer { try? FileManager.default.removeItem(at: root) }
        let (store, third) = try storeWithTwoVersions()
        let tip = try #require(try store.tip())
        let changed = try #require(third.files.keys.sorted().first { path in
            path.hasSuffix(".md") && (try? store.blob(at: path, inTree: tip.treeID)).flatMap { $0 } != third.files[path]
                && (try? store.blob(at: path, inTree: tip.treeID)).flatMap { $0 } != nil
        })
        let edited = Data("---\ntitle: Von Hand\n---\n".utf8)
        try edited.write(to: store.url(of: changed))

        let outcome = try store.record(checkedFiles: third.files, expectedTip: tip.id, message: "third", author: Self.me, committer: Self.me)
        guard case .workingTreeConflicts(let paths) = outcome else {
            Issue.record("expected a conflict, got \(outcome)")
            return
        }
        #expect(paths == [changed])
        #expect(try store.tip()?.id == tip.id)
        #expect(try Data(contentsOf: store.url(of: changed)) == edited)

        // The branch moved since the caller looked: refused as a lost race, nothing recorded.
        #expect(throws: StoreError.self) {
            _ = try store.record(checkedFiles: third.files, expectedTip: tip.parentIDs.first, message: "third", author: Self.me, committer: Self.me)
        }
        #expect(try store.tip()?.id == tip.id)

        // With the edit undone, the version is recorded and checked out.
        try #require(try store.blob(at: changed, inTree: tip.treeID)).write(to: store.url(of: changed))
        guard case .recorded(let commit, let warnings) = try store.record(
            checkedFiles: third.files, expectedTip: tip.id, message: "third", author: Self.me, committer: Self.me) else {
            Issue.record("not recorded")
            return
        }
        #expect(warnings.isEmpty)
        #expect(commit.parentIDs == [tip.id])
        #expect(try store.tip()?.id == commit.id)
        #expect(try store.status().isClean)
        #expect(try Data(contentsOf: store.url(of: changed)) == third.files[changed])
        // The same files again: nothing to record.
        guard case .unchanged = try store.record(checkedFiles: third.files, expectedTip: commit.id, message: "again", author: Self.me, committer: Self.me) else {
            Issue.record("recorded the same files again")
            return
        }
    }

    @Test func mergeConflictMarkersAreRefusedByTheSnapshotCheck() {
        var snapshot = SampleBerlin.snapshots[0]
        let path = snapshot.files.keys.sorted().first { $0.hasSuffix(".md") && !$0.hasPrefix("schemas/") && $0.contains("/") } ?? ""
        snapshot.files[path] = Data("---\ntitle: A\n---\n<<<<<<< HEAD\nours\n=======\ntheirs\n>>>>>>> other\n".utf8)
        let problems = snapshot.check().problems
        #expect(problems.contains { $0.file == "\(snapshot.name)/\(path)" && $0.line == 4 }, "\(problems)")
    }
}
