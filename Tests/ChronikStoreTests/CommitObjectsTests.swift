import Foundation
import Testing
@testable import ChronikStore
@testable import GitKit

/// `Store.commit` writes its objects through the deferred writer (one durable batch of loose objects): what it records
/// is what `git add -A` stages, the index it leaves is clean, and the repository passes `git fsck --full`.
@Suite("Commit objects")
struct CommitObjectsTests {
    static let author = commitSuitesAuthor

    @Test(arguments: [7, 8, 9] as [UInt64])
    func recordsWhatGitAddStages(seed: UInt64) throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("chronik-commit-objects-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        let url = folder.appendingPathComponent("store")
        let (store, _) = try Store.create(
            at: url, config: DefaultStore.config(title: "Test", language: .de), schemas: DefaultStore.schemas,
            author: Self.author, committer: Self.author, message: "Store created")
        var random = SplitMix64(seed: seed)
        var present: [String] = []
        for round in 0..<5 {
            // New entries, changed ones and a removed one, in a flat and a second collection.
            for i in 0..<Int(2 + random.next() % 4) {
                let path = (random.next() % 2 == 0 ? "glossary/" : "faq/") + "eintrag-\(round)-\(i).md"
                let text = random.next() % 2 == 0 ? "term: Begriff \(round) \(i)" : "question: Frage \(round) \(i)?"
                try store.writeFile(path, Data("---\n\(text)\n---\nText \(random.next() % 1000).\n".utf8))
                present.append(path)
            }
            if present.count > 3 {
                let changed = present[Int(random.next() % UInt64(present.count))]
                var data = try Data(contentsOf: url.appendingPathComponent(changed))
                data.append(Data("Nachtrag \(round).\n".utf8))
                try data.write(to: url.appendingPathComponent(changed))
                let gone = present.remove(at: Int(random.next() % UInt64(present.count)))
                try FileManager.default.removeItem(at: url.appendingPathComponent(gone))
            }
            if round % 2 == 1, let staged = present.first {
                // A change staged with git and taken back in the working tree: the index no longer records the tip,
                // and the commit records the working tree's bytes (the tip's), not the staged ones.
                let file = url.appendingPathComponent(staged)
                let original = try Data(contentsOf: file)
                try (original + Data("Nur im Index.\n".utf8)).write(to: file)
                #expect(try isolatedGit(["add", staged], in: url).status == 0)
                try original.write(to: file)
            }
            // What git would record from the same working tree, in a copy.
            let twin = folder.appendingPathComponent("twin-\(round)")
            let copy = Process()
            copy.executableURL = URL(fileURLWithPath: "/bin/cp")
            copy.arguments = ["-a", url.path, twin.path]
            try copy.run()
            copy.waitUntilExit()
            #expect(try isolatedGit(["add", "-A"], in: twin).status == 0)
            let expected = try isolatedGit(["write-tree"], in: twin).stdout.trimmingCharacters(in: .whitespacesAndNewlines)

            let outcome = try store.commit(message: "Runde \(round)", author: Self.author, committer: Self.author)
            guard case .committed(let commit, _, let warnings) = outcome else {
                Issue.record("seed \(seed), round \(round): nothing committed")
                continue
            }
            #expect(warnings.isEmpty, "seed \(seed): \(warnings)")
            #expect(commit.treeID.hex == expected, "seed \(seed), round \(round)")
            #expect(try isolatedGit(["status", "--porcelain"], in: url).stdout == "", "seed \(seed), round \(round)")
            try? FileManager.default.removeItem(at: twin)
        }
        #expect(try isolatedGit(["fsck", "--full", "--strict"], in: url).status == 0, "seed \(seed)")
        let objects = try FileManager.default.contentsOfDirectory(atPath: url.appendingPathComponent(".git/objects").path)
        #expect(!objects.contains { $0.hasPrefix("tmp_") }, "\(objects)")
    }
}
