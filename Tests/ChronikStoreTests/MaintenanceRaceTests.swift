import Foundation
import Testing
@testable import ChronikStore
@testable import GitKit

@Suite("Commits while git's maintenance runs")
struct MaintenanceRaceTests {
    static let author = commitSuitesAuthor

    /// 40 commits while a loop runs `git gc`, `git repack -ad`, `git pack-refs --all` and `git prune-packed`, which
    /// remove empty fan-out folders of `.git/objects` at any moment: every commit succeeds, the history has all of
    /// them, and `git fsck --full` accepts the repository. (Not `git gc --prune=now`: git documents it as unsafe
    /// while anything writes to the repository, since it deletes objects written but not yet referenced.)
    @Test func commitsSucceedWhileGitRepacks() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("chronik-maintenance-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        let url = folder.appendingPathComponent("store")
        let (store, _) = try Store.create(
            at: url, config: DefaultStore.config(title: "Test", language: .de), schemas: DefaultStore.schemas,
            author: Self.author, committer: Self.author, message: "Store created")
        let stop = folder.appendingPathComponent("stop")
        let maintenance = Process()
        maintenance.executableURL = URL(fileURLWithPath: "/bin/sh")
        maintenance.arguments = ["-c", """
            rounds=0
            while [ ! -e "$1" ] || [ $rounds -lt 3 ]; do
              git gc --quiet; git repack -adq; git pack-refs --all; git prune-packed
              rounds=$((rounds + 1))
            done
            echo $rounds
            """, "sh", stop.path]
        maintenance.currentDirectoryURL = url
        maintenance.environment = ["GIT_CONFIG_NOSYSTEM": "1", "HOME": folder.path, "PATH": "/usr/bin:/bin"]
        let out = Pipe()
        maintenance.standardOutput = out
        maintenance.standardError = FileHandle.nullDevice
        try maintenance.run()

        var failures: [String] = []
        let count = 40
        for i in 0..<count {
            try store.writeFile("glossary/begriff-\(i).md", Data("---\nterm: Begriff \(i)\n---\nText \(i).\n".utf8))
            do {
                let outcome = try store.commit(message: "Begriff \(i)", author: Self.author, committer: Self.author)
                if case .nothingToCommit = outcome { failures.append("\(i): nothing to commit") }
            } catch {
                failures.append("\(i): \(error)")
            }
        }
        #expect(FileManager.default.createFile(atPath: stop.path, contents: Data()), "cannot tell the maintenance loop to stop")
        let rounds = String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        maintenance.waitUntilExit()
        #expect(failures.isEmpty, "\(failures.count) of \(count) commits failed: \(failures.joined(separator: "\n"))")
        #expect((Int(rounds.trimmingCharacters(in: .whitespacesAndNewlines)) ?? 0) >= 3, "maintenance rounds: \(rounds)")
        #expect(try isolatedGit(["rev-list", "--count", "HEAD"], in: url).stdout == "\(count + 1)\n")
        #expect(try isolatedGit(["fsck", "--full", "--no-progress"], in: url).status == 0)
    }

    /// The race is recognised by libgit2's message for a rename into a removed fan-out folder, and only that.
    @Test func maintenanceRaceIsRecognised() {
        let race = GitError(code: .other(-1), errorClass: 2, // GIT_ERROR_OS
                            message: "failed to rename lockfile to '/s/.git/objects/ab/cdef0123': No such file or directory",
                            operation: "git_index_add_from_buffer")
        #expect(race.isMaintenanceRace)
        #expect(race.systemError == ENOENT)
        #expect(race.path == "/s/.git/objects/ab/cdef0123")
        let full = GitError(code: .other(-1), errorClass: 2,
                            message: "failed to create temporary file '/s/.git/objects/tmp_object_git2_x': No space left on device",
                            operation: "git_blob_create_from_buffer")
        #expect(!full.isMaintenanceRace)
        #expect(full.systemError == ENOSPC)
        let refs = GitError(code: .other(-1), errorClass: 2, message: "failed to rename lockfile to '/s/.git/refs/heads/main': No such file or directory",
                            operation: "git_reference_create_matching")
        #expect(!refs.isMaintenanceRace)
        let missing = GitError(code: .other(-1), errorClass: 4, // GIT_ERROR_REFERENCE
                               message: "target OID for the reference doesn't exist on the repository", operation: "git_reference_create_matching")
        #expect(missing.isMissingReferenceTarget && !missing.isMaintenanceRace)
        #expect(!refs.isMissingReferenceTarget)
        // No record from libgit2: errno decides, but only for a full, read-only or failing disk.
        #expect(GitError(code: .other(-1), message: "libgit2 returned -1", operation: "x", errno: ENOSPC).systemError == ENOSPC)
        #expect(GitError(code: .other(-1), message: "libgit2 returned -1", operation: "x", errno: ENOENT).systemError == nil)
    }

    /// A write that loses the race is written again (bounded); any other error is thrown at once.
    @Test func objectWritesAreRetriedOnlyForTheRace() throws {
        let race = GitError(code: .other(-1), errorClass: 2,
                            message: "failed to rename lockfile to '/s/.git/objects/ab/cdef0123': No such file or directory", operation: "w")
        var attempts = 0
        let value = try retryingObjectWrite { () throws -> Int in
            attempts += 1
            if attempts < 3 { throw race }
            return 42
        }
        #expect(value == 42 && attempts == 3)
        attempts = 0
        #expect(throws: GitError.self) {
            try retryingObjectWrite { () throws -> Int in
                attempts += 1
                throw race
            }
        }
        #expect(attempts == 8)
        attempts = 0
        let other = GitError(code: .locked, errorClass: 0, message: "locked", operation: "w")
        #expect(throws: GitError.self) {
            try retryingObjectWrite { () throws -> Int in
                attempts += 1
                throw other
            }
        }
        #expect(attempts == 1)
    }
}
