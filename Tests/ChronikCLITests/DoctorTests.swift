import Foundation
import Testing
#if canImport(Glibc)
import Glibc
#endif

/// Issue 13, point 7: lock files left by a killed writer, and `chronik mv` all or nothing.
@Suite("chronik doctor and interrupted writes, end to end")
struct DoctorTests {
    /// A store with two glossary entries, one referring to the other.
    private func storeWithEntries(_ box: Sandbox) throws -> URL {
        let store = try box.makeStore()
        try box.write(entryText("term: A"), to: "glossary/a.md", in: store)
        try box.write(entryText("term: B\nsee_also: [a]"), to: "glossary/b.md", in: store)
        try box.commit(store, "Begriffe")
        return store
    }

    /// Leaves a lock file as a killed writer would, last written long ago (or now).
    private func plantLock(_ path: String, in store: URL, old: Bool = true) throws {
        let file = store.appendingPathComponent(".git/" + path)
        try FileManager.default.createDirectory(at: file.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data("0123456789abcdef0123456789abcdef01234567\n".utf8).write(to: file)
        if old {
            try FileManager.default.setAttributes([.modificationDate: Date(timeIntervalSince1970: 1_600_000_000)], ofItemAtPath: file.path)
        }
    }

    private func exists(_ path: String, in store: URL) -> Bool {
        var info = stat()
        return lstat(store.appendingPathComponent(path).path, &info) == 0
    }

    @Test func doctorRemovesStaleLocksAndCommitsWorkAgain() throws {
        let box = try Sandbox()
        let store = try storeWithEntries(box)
        try plantLock("refs/heads/main.lock", in: store)
        try plantLock("index.lock", in: store)
        try plantLock("refs/tags/entwurf.lock", in: store)

        let dry = try box.chronik(["doctor", "--dry-run"], in: store)
        #expect(dry.status == 1, "\(dry)")
        #expect(dry.stdout.contains("stale:    .git/refs/heads/main.lock (written "), "\(dry)")
        #expect(exists(".git/refs/heads/main.lock", in: store) && exists(".git/index.lock", in: store))

        let doctor = try box.chronik(["doctor"], in: store)
        #expect(doctor.status == 0, "\(doctor)")
        let lines = doctor.stdout.split(separator: "\n").map { String($0.prefix(while: { $0 != "(" })) }
        #expect(lines == ["removed:  .git/index.lock ", "removed:  .git/refs/heads/main.lock ", "removed:  .git/refs/tags/entwurf.lock "], "\(doctor)")
        #expect(doctor.stderr == "")
        #expect(!exists(".git/refs/heads/main.lock", in: store) && !exists(".git/index.lock", in: store)
                && !exists(".git/refs/tags/entwurf.lock", in: store))

        let again = try box.chronik(["doctor", "--format", "json"], in: store)
        #expect(again.status == 0)
        #expect(again.stdout == "{\n  \"chronik\": 1,\n  \"healthy\": true,\n  \"dryRun\": false,\n  \"writerRunning\": false,\n  \"locks\": []\n}\n", "\(again)")

        try box.write(entryText("term: C"), to: "glossary/c.md", in: store)
        let commit = try box.chronik(["commit", "-m", "C", "--author", Fixture.author, "--date", Fixture.date], in: store)
        #expect(commit.status == 0, "\(commit)")
        #expect(commit.stderr == "")
        let release = try box.chronik(["release", "entwurf", "--author", Fixture.author, "--date", Fixture.date], in: store)
        #expect(release.status == 0, "\(release)")
        try box.expectFsckClean(store)
    }

    @Test func commitRemovesAStaleBranchLockWithAWarning() throws {
        let box = try Sandbox()
        let store = try storeWithEntries(box)
        try plantLock("refs/heads/main.lock", in: store)
        try box.write(entryText("term: C"), to: "glossary/c.md", in: store)
        let commit = try box.chronik(["commit", "-m", "C", "--author", Fixture.author, "--date", Fixture.date], in: store)
        #expect(commit.status == 0, "\(commit)")
        #expect(commit.stderr.hasPrefix("chronik: warning: removed .git/refs/heads/main.lock, a lock file left by a killed writer (written "), "\(commit)")
        #expect(!exists(".git/refs/heads/main.lock", in: store))
        #expect(try box.git(["log", "--format=%s", "-1"], in: store).stdout == "C\n")
        try box.expectFsckClean(store)
    }

    @Test func aTagLockLeftByAKilledReleaseGivesAClearMessage() throws {
        let box = try Sandbox()
        let store = try storeWithEntries(box)
        // Just written: it may belong to a release still running, so it is not removed.
        try plantLock("refs/tags/entwurf.lock", in: store, old: false)
        let young = try box.chronik(["release", "entwurf", "--author", Fixture.author, "--date", Fixture.date], in: store)
        #expect(young.status == 3, "\(young)")
        #expect(young.stderr.hasPrefix("chronik: error: .git/refs/tags/entwurf.lock exists (written "), "\(young)")
        #expect(young.stderr.contains("nothing was written\nhint: if no git or chronik command is running, `chronik doctor` removes it"), "\(young)")
        #expect(!young.stderr.contains("git_"), "\(young)")
        #expect(try box.git(["tag"], in: store).stdout == "")

        // Once it is old, the release removes it and goes on.
        try plantLock("refs/tags/entwurf.lock", in: store)
        let old = try box.chronik(["release", "entwurf", "--author", Fixture.author, "--date", Fixture.date], in: store)
        #expect(old.status == 0, "\(old)")
        #expect(old.stderr.hasPrefix("chronik: warning: removed .git/refs/tags/entwurf.lock, a lock file left by a killed writer"), "\(old)")
        #expect(try box.git(["tag"], in: store).stdout == "entwurf\n")
        try box.expectFsckClean(store)
    }

    /// What a chronik writer killed in its ref or tag update leaves: the marker naming the lock files of the step
    /// (written first), then the lock libgit2 took, both just now.
    private func plantKilledWritersLock(_ path: String, in store: URL) throws {
        let marker = store.appendingPathComponent(".git/chronik/git-locks")
        try FileManager.default.createDirectory(at: marker.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data("chronik git-locks 1\n\(path)\n".utf8).write(to: marker)
        try plantLock(path, in: store, old: false)
    }

    @Test func aYoungLockAnnouncedByAKilledChronikIsRemovedAtOnce() throws {
        let box = try Sandbox()
        let store = try storeWithEntries(box)
        // A release killed in its tag update: the same release, run again at once, goes through.
        try plantKilledWritersLock("refs/tags/entwurf.lock", in: store)
        let release = try box.chronik(["release", "entwurf", "--author", Fixture.author, "--date", Fixture.date], in: store)
        #expect(release.status == 0, "\(release)")
        #expect(release.stderr.hasPrefix("chronik: warning: removed .git/refs/tags/entwurf.lock, a lock file left by a killed writer"), "\(release)")
        #expect(try box.git(["tag"], in: store).stdout == "entwurf\n")
        #expect(!exists(".git/chronik/git-locks", in: store))

        // A commit killed in its ref update (CI of 2cc6907: the next commit waited 3 s and refused).
        try plantKilledWritersLock("refs/heads/main.lock", in: store)
        try box.write(entryText("term: C"), to: "glossary/c.md", in: store)
        let commit = try box.chronik(["commit", "-m", "C", "--author", Fixture.author, "--date", Fixture.date], in: store)
        #expect(commit.status == 0, "\(commit)")
        #expect(!exists(".git/refs/heads/main.lock", in: store) && !exists(".git/chronik/git-locks", in: store))
        #expect(try box.git(["log", "--format=%s", "-1"], in: store).stdout == "C\n")

        // `chronik doctor` says so too.
        try plantKilledWritersLock("index.lock", in: store)
        let doctor = try box.chronik(["doctor"], in: store)
        #expect(doctor.status == 0 && doctor.stdout.hasPrefix("removed:  .git/index.lock "), "\(doctor)")
        try box.expectFsckClean(store)
    }

    @Test func liveLocksAreKept() throws {
        let box = try Sandbox()
        let store = try storeWithEntries(box)
        try plantLock("refs/heads/main.lock", in: store)

        // A chronik writer runs (here: this process holds its flock): nothing is stale, however old.
        let fd = open(store.appendingPathComponent(".git/chronik.lock").path, O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
        try #require(fd >= 0)
        try #require(flock(fd, LOCK_EX) == 0)
        let held = try box.chronik(["doctor", "--force"], in: store)
        flock(fd, LOCK_UN)
        close(fd)
        #expect(held.status == 1, "\(held)")
        #expect(held.stdout == """
            a chronik writer is running (it holds .git/chronik.lock): nothing was changed
            kept:     .git/refs/heads/main.lock (a chronik writer is running)

            """, "\(held)")
        #expect(exists(".git/refs/heads/main.lock", in: store))

        // A lock written just now may be a git process's: kept without --force.
        try plantLock("refs/heads/main.lock", in: store, old: false)
        let young = try box.chronik(["doctor"], in: store)
        #expect(young.status == 1, "\(young)")
        #expect(young.stdout.hasPrefix("kept:     .git/refs/heads/main.lock (written "), "\(young)")
        #expect(exists(".git/refs/heads/main.lock", in: store))
        let forced = try box.chronik(["doctor", "--force"], in: store)
        #expect(forced.status == 0, "\(forced)")
        #expect(!exists(".git/refs/heads/main.lock", in: store))
        try box.expectFsckClean(store)
    }

    /// `chronik mv glossary/a glossary/z` writes z.md, rewrites b.md and removes a.md: killed after each step, the
    /// store is left as before the move once a later command has looked at it.
    @Test(arguments: ["journal", "temp-0", "applied-0", "temp-1", "applied-1", "applied-2"])
    func interruptedMoveIsUndone(step: String) throws {
        let box = try Sandbox()
        let store = try storeWithEntries(box)
        let killed = try box.chronik(["mv", "glossary/a", "glossary/z"], in: store, extraEnvironment: ["CHRONIK_TEST_MV_KILL_AT": step])
        #expect(killed.status == SIGKILL, "\(killed)")
        #expect(killed.stdout == "")
        #expect(exists(".git/chronik/mv-journal", in: store))

        let status = try box.chronik(["status"], in: store)
        #expect(status.stdout.contains("  .git/chronik/mv-journal: `chronik mv glossary/a glossary/z` was interrupted and is half done; `chronik doctor` (or the next commit or mv) undoes it\n"), "\(status)")

        // Undone by `doctor` for some steps, by the next `mv` (which then runs) for the others.
        if step.hasPrefix("temp") || step == "journal" {
            let doctor = try box.chronik(["doctor"], in: store)
            #expect(doctor.status == 0, "\(doctor)")
            #expect(doctor.stdout.hasPrefix("interrupted: `chronik mv glossary/a glossary/z`\n"), "\(doctor)")
            #expect(doctor.stdout.hasSuffix("the interrupted mv was undone; run it again\n"), "\(doctor)")
            #expect(try box.git(["status", "--porcelain", "--untracked-files=all"], in: store).stdout == "")
            #expect(!exists(".git/chronik/mv-journal", in: store))
        }
        let again = try box.chronik(["mv", "glossary/a", "glossary/z"], in: store)
        #expect(again.status == 0, "\(again)")
        if step.hasPrefix("applied") {
            #expect(again.stderr == "chronik: warning: undid `chronik mv glossary/a glossary/z`, which was interrupted (\(step == "applied-0" ? "1 file" : step == "applied-1" ? "2 files" : "3 files") restored); run it again if you still want it\n", "\(again)")
        } else {
            #expect(again.stderr == "")
        }
        #expect(try box.git(["status", "--porcelain", "--untracked-files=all"], in: store).stdout == " D glossary/a.md\n M glossary/b.md\n?? glossary/z.md\n")
        #expect(try String(contentsOf: store.appendingPathComponent("glossary/b.md"), encoding: .utf8) == entryText("term: B\nsee_also:\n  - z"))
        try box.commit(store, "Umbenannt")
        #expect(try box.chronik(["validate"], in: store).status == 0)
        try box.expectFsckClean(store)
    }

    @Test func anInterruptedMoveOverAnEditedFileNeedsTheUser() throws {
        let box = try Sandbox()
        let store = try storeWithEntries(box)
        let killed = try box.chronik(["mv", "glossary/a", "glossary/z"], in: store, extraEnvironment: ["CHRONIK_TEST_MV_KILL_AT": "applied-1"])
        #expect(killed.status == SIGKILL, "\(killed)")
        try box.write(entryText("term: B, edited"), to: "glossary/b.md", in: store)

        let commit = try box.chronik(["commit", "-m", "half", "--author", Fixture.author, "--date", Fixture.date], in: store)
        #expect(commit.status == 1, "\(commit)")
        #expect(commit.stderr == "chronik: error: `chronik mv glossary/a glossary/z` was interrupted and cannot be undone by itself: glossary/b.md changed since\nhint: check those files, then run `chronik doctor --force`\n", "\(commit)")
        let doctor = try box.chronik(["doctor"], in: store)
        #expect(doctor.status == 1, "\(doctor)")
        #expect(doctor.stdout.contains("changed since, left as it is: glossary/b.md\n"), "\(doctor)")
        #expect(exists(".git/chronik/mv-journal", in: store))
        let forced = try box.chronik(["doctor", "--force"], in: store)
        #expect(forced.status == 0, "\(forced)")
        #expect(!exists(".git/chronik/mv-journal", in: store))
        #expect(try box.git(["status", "--porcelain", "--untracked-files=all"], in: store).stdout == " M glossary/b.md\n")
        try box.expectFsckClean(store)
    }
}
