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
}
