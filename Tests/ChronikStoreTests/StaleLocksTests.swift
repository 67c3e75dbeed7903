import ChronikStore
import Foundation
import GitKit
import Testing

/// The stale lock rule (issue 13, point 7) and `Store.apply`'s journal, on the library.
@Suite("stale lock files and file transactions")
struct StaleLocksTests {
    private func makeStore() throws -> (Store, URL) {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("chronik-locks-\(UUID().uuidString)")
        let who = Signature(name: "Test", email: "test@example.org", date: Date(timeIntervalSince1970: 1_646_125_200))
        let (store, _) = try Store.create(at: dir, config: DefaultStore.config(title: "T", language: .de), schemas: DefaultStore.schemas,
                                          author: who, committer: who, message: "init")
        return (store, dir)
    }

    @Test func aLockIsStaleOnlyOnceOldEnough() throws {
        let (store, dir) = try makeStore()
        defer { try? FileManager.default.removeItem(at: dir) }
        let lock = store.repository.gitDirectory.appendingPathComponent("refs/heads/main.lock")
        try Data("x\n".utf8).write(to: lock)
        let written = Date(timeIntervalSince1970: 1_700_000_000)
        try FileManager.default.setAttributes([.modificationDate: written], ofItemAtPath: lock.path)

        var options = RecoveryOptions()
        options.now = written.addingTimeInterval(9)
        let young = try store.recover(options: options)
        #expect(young.locks.map(\.action) == [.kept] && young.locks.first?.age == 9)
        #expect(!young.isHealthy)
        #expect(FileManager.default.fileExists(atPath: lock.path))

        options.now = written.addingTimeInterval(10)
        options.dryRun = true
        #expect(try store.recover(options: options).locks.map(\.action) == [.stale])
        #expect(FileManager.default.fileExists(atPath: lock.path))

        options.dryRun = false
        let old = try store.recover(options: options)
        #expect(old.locks.map { "\($0.path) \($0.age) \($0.action) \($0.reason ?? "-")" } == ["refs/heads/main.lock 10 removed -"])
        #expect(old.isHealthy)
        #expect(!FileManager.default.fileExists(atPath: lock.path))
    }

    @Test func aTransactionIsAppliedWholeAndItsJournalRemoved() throws {
        let (store, dir) = try makeStore()
        defer { try? FileManager.default.removeItem(at: dir) }
        try store.writeFile("glossary/a.md", Data("A\n".utf8))
        let transaction = FileTransaction(command: "test", changes: [
            .init(path: "glossary/b.md", old: nil, new: Data("B\n".utf8)),
            .init(path: "glossary/a.md", old: Data("A\n".utf8), new: nil),
        ])
        var steps: [String] = []
        var journalSeen: [Bool] = []
        try store.apply(transaction) { step in
            steps.append(step.description)
            journalSeen.append(FileManager.default.fileExists(atPath: store.transactionJournal.path))
        }
        #expect(steps == ["journal", "temp-0", "applied-0", "applied-1", "done"])
        #expect(journalSeen == [true, true, true, true, false])
        #expect(FileManager.default.contents(atPath: store.url(of: "glossary/b.md").path) == Data("B\n".utf8))
        #expect(!FileManager.default.fileExists(atPath: store.url(of: "glossary/a.md").path))

        // A file that no longer holds its old bytes stops the transaction before anything is written.
        let stale = FileTransaction(command: "test", changes: [
            .init(path: "glossary/c.md", old: nil, new: Data("C\n".utf8)),
            .init(path: "glossary/b.md", old: Data("other\n".utf8), new: nil),
        ])
        #expect(throws: StoreError.self) { try store.apply(stale) }
        #expect(!FileManager.default.fileExists(atPath: store.url(of: "glossary/c.md").path))
        #expect(!FileManager.default.fileExists(atPath: store.transactionJournal.path))
    }

    // MARK: - Locks announced by a chronik writer that was killed (GitLockMarker.swift)

    /// Leaves what a chronik writer killed in its ref update leaves: the marker naming the locks it was taking, then
    /// (a moment later, as libgit2 takes it) the branch's lock file.
    private func leaveKilledWritersLocks(_ store: Store, markerAt marked: Date, lockAt locked: Date,
                                         names: [String] = ["refs/heads/main.lock", "logs/refs/heads/main.lock", "HEAD.lock", "logs/HEAD.lock"]) throws -> (marker: URL, lock: URL) {
        let gitDir = store.repository.gitDirectory
        let marker = gitDir.appendingPathComponent("chronik/git-locks")
        try FileManager.default.createDirectory(at: marker.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data(("chronik git-locks 1\n" + names.map { $0 + "\n" }.joined()).utf8).write(to: marker)
        try FileManager.default.setAttributes([.modificationDate: marked], ofItemAtPath: marker.path)
        let lock = gitDir.appendingPathComponent("refs/heads/main.lock")
        try Data("0123456789012345678901234567890123456789\n".utf8).write(to: lock)
        try FileManager.default.setAttributes([.modificationDate: locked], ofItemAtPath: lock.path)
        return (marker, lock)
    }

    private func commitOptions() -> CommitOptions {
        var options = CommitOptions()
        options.gitLockTimeout = 0.3
        return options
    }

    @Test func theNextCommitRemovesALockAKilledWriterAnnounced() throws {
        let (store, dir) = try makeStore()
        defer { try? FileManager.default.removeItem(at: dir) }
        let now = Date()
        let (marker, lock) = try leaveKilledWritersLocks(store, markerAt: now, lockAt: now.addingTimeInterval(0.01))
        try store.writeFile("glossary/a.md", Data("---\ntitle: A\n---\nText.\n".utf8))
        let who = Signature(name: "Test", email: "test@example.org", date: Date(timeIntervalSince1970: 1_646_125_300))
        // Young (a git process could hold a lock this young), yet known to be the killed writer's: the commit goes through.
        let outcome = try store.commit(message: "after the kill", author: who, committer: who, options: commitOptions())
        guard case .committed = outcome else { Issue.record("not committed: \(outcome)"); return }
        #expect(!FileManager.default.fileExists(atPath: lock.path))
        #expect(!FileManager.default.fileExists(atPath: marker.path), "the marker goes with the writer's locks")
        #expect(try gitFsck(dir))
    }

    @Test func recoverReportsAnnouncedLocksAsRemovedWhateverTheirAge() throws {
        let (store, dir) = try makeStore()
        defer { try? FileManager.default.removeItem(at: dir) }
        let written = Date(timeIntervalSince1970: 1_700_000_000)
        let (marker, lock) = try leaveKilledWritersLocks(store, markerAt: written, lockAt: written.addingTimeInterval(0.2))
        var options = RecoveryOptions()
        options.now = written.addingTimeInterval(1)
        options.dryRun = true
        #expect(try store.recover(options: options).locks.map { "\($0.path) \($0.action)" } == ["refs/heads/main.lock stale"])
        #expect(FileManager.default.fileExists(atPath: lock.path) && FileManager.default.fileExists(atPath: marker.path),
                "a dry run changes nothing")
        options.dryRun = false
        let report = try store.recover(options: options)
        #expect(report.locks.map { "\($0.path) \($0.age) \($0.action)" } == ["refs/heads/main.lock 0 removed"])
        #expect(report.isHealthy)
        #expect(!FileManager.default.fileExists(atPath: lock.path) && !FileManager.default.fileExists(atPath: marker.path))
    }

    @Test func aLockTakenLongAfterTheMarkerFallsToTheAgeRule() throws {
        let (store, dir) = try makeStore()
        defer { try? FileManager.default.removeItem(at: dir) }
        // The marker of a writer killed a minute ago; the lock is a git process's of now (e.g. `git commit` with its
        // editor open): kept, and the commit waits for it and refuses.
        let now = Date()
        let (_, lock) = try leaveKilledWritersLocks(store, markerAt: now.addingTimeInterval(-60), lockAt: now)
        try store.writeFile("glossary/a.md", Data("---\ntitle: A\n---\nText.\n".utf8))
        let who = Signature(name: "Test", email: "test@example.org", date: Date(timeIntervalSince1970: 1_646_125_300))
        #expect(throws: StoreError.self) { try store.commit(message: "blocked", author: who, committer: who, options: commitOptions()) }
        #expect(FileManager.default.fileExists(atPath: lock.path))
        var options = RecoveryOptions()
        options.now = now.addingTimeInterval(2)
        #expect(try store.recover(options: options).locks.map(\.action) == [.kept])
        #expect(FileManager.default.fileExists(atPath: lock.path))
    }

    @Test func aMarkerNamesNothingOutsideTheGitDirectory() throws {
        let (store, dir) = try makeStore()
        defer { try? FileManager.default.removeItem(at: dir) }
        let outside = dir.appendingPathComponent("outside.lock")
        try Data("x".utf8).write(to: outside)
        let now = Date()
        let (_, lock) = try leaveKilledWritersLocks(store, markerAt: now, lockAt: now,
                                                    names: ["../outside.lock", "/tmp/x.lock", "refs//heads/main.lock", "refs/./heads/main.lock", "chronik.lock", "config"])
        var options = RecoveryOptions()
        options.now = now
        #expect(try store.recover(options: options).locks.map(\.action) == [.kept])
        #expect(FileManager.default.fileExists(atPath: outside.path) && FileManager.default.fileExists(atPath: lock.path))
    }

    @Test func aCommitLeavesNoMarkerBehind() throws {
        let (store, dir) = try makeStore()
        defer { try? FileManager.default.removeItem(at: dir) }
        try store.writeFile("glossary/a.md", Data("---\ntitle: A\n---\nText.\n".utf8))
        let who = Signature(name: "Test", email: "test@example.org", date: Date(timeIntervalSince1970: 1_646_125_300))
        _ = try store.commit(message: "one", author: who, committer: who)
        // A step that fails (the branch's lock held by a git process) removes its marker too.
        let lock = store.repository.gitDirectory.appendingPathComponent("refs/heads/main.lock")
        try store.writeFile("glossary/a.md", Data("---\ntitle: A\n---\nOther text.\n".utf8))
        try Data("x\n".utf8).write(to: lock)
        #expect(throws: StoreError.self) { try store.commit(message: "two", author: who, committer: who, options: commitOptions()) }
        #expect(!FileManager.default.fileExists(atPath: store.repository.gitDirectory.appendingPathComponent("chronik/git-locks").path))
        #expect(FileManager.default.fileExists(atPath: lock.path), "a lock chronik did not announce is never taken for its own")
    }

    private func gitFsck(_ dir: URL) throws -> Bool {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/git")
        process.arguments = ["-C", dir.path, "fsck", "--full", "--no-progress"]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
        return process.terminationStatus == 0
    }
}
