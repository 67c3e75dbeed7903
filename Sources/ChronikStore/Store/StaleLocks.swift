import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

// Lock files left behind by a killed writer, and how chronik tells them from live ones.
//
// Git and libgit2 lock a file by creating `<file>.lock` with O_EXCL, writing the new content into it and renaming
// it over the file; a process killed in between leaves the `.lock` file, and every later writer of that file fails
// ("refs/heads/main.lock exists"). Git does not `flock` these files, so whether their creator still runs cannot be
// asked of the kernel. chronik's own writers hold a `flock` on `.git/chronik.lock` (released by the kernel when the
// process ends, so it can never be stale). The rule (docs/store-format.md, "Lock files left by a crash"):
//
// 1. While another process holds `.git/chronik.lock`, no lock file is stale: a chronik writer is running.
// 2. Otherwise, with that flock taken by us (no chronik writer can start meanwhile), a lock file is stale when it
//    was last written at least `staleAfter` seconds ago (10 s by default). Git and libgit2 hold a ref or index lock
//    for the milliseconds of one update; one that old was left by a killed process. (`git commit` holds
//    `index.lock` while its editor is open: run `chronik doctor` with no git command running in the repository.)
// 3. `force` also removes the younger ones (rule 1 still holds).
// 4. A lock file that a chronik writer announced before it was killed (GitLockMarker.swift) is removed whatever
//    its age: it is known not to be a git process's.
//
// A lock file is removed only if it is still the same file (device and inode) that was judged, and only regular
// files are considered (a symbolic link is never followed).

/// Settings of `Store.recover`.
public struct RecoveryOptions: Sendable {
    /// A lock file last written at least this long ago (seconds) is stale (while no chronik writer runs).
    public var staleAfter: Double = 10
    /// Remove lock files however young they are (never while a chronik writer runs); and drop an interrupted
    /// transaction's journal even when some of its files changed since.
    public var force = false
    /// Only report; change nothing.
    public var dryRun = false
    /// Look only at these lock files (paths relative to the git directory), as write commands do before they
    /// start; nil: every lock file git, libgit2 or chronik may leave (`doctor`).
    public var only: [String]?
    /// The time to compare ages with; nil: now.
    public var now: Date?

    public init() {}
}

/// A lock file found under the git directory.
public struct LockFinding: Sendable, Codable, Hashable {
    public enum Action: String, Sendable, Codable, Hashable {
        /// Stale, and removed.
        case removed
        /// Stale; would be removed (dry run).
        case stale
        /// Possibly held by a live process: left alone.
        case kept
    }

    /// The path relative to the repository's git directory, e.g. `refs/heads/main.lock`.
    public var path: String
    /// Seconds since it was last written.
    public var age: Int
    public var action: Action
    /// Why it was kept (nil when stale).
    public var reason: String?
}

/// What `Store.recover` found and did.
public struct RecoveryReport: Sendable, Codable, Hashable {
    /// Another process holds `.git/chronik.lock`: nothing was judged stale.
    public var writerRunning: Bool
    public var locks: [LockFinding]
    /// An interrupted transaction (`chronik mv`) and what rolling it back did (or would do, in a dry run).
    public var interruptedMove: RollbackReport?

    /// Nothing left that needs the user: no lock kept, no journal left behind, no writer in the way.
    public var isHealthy: Bool {
        !writerRunning && !locks.contains { $0.action != .removed } && (interruptedMove?.finished ?? true)
    }

    /// Nothing was found at all.
    public var isEmpty: Bool { !writerRunning && locks.isEmpty && interruptedMove == nil }
}

extension Store {
    /// Finds lock files left behind by killed writers (see the rule above) and an interrupted `chronik mv`, and
    /// removes or rolls them back unless `options.dryRun`.
    public func recover(options: RecoveryOptions = RecoveryOptions()) throws(StoreError) -> RecoveryReport {
        let gitDir = repository.gitDirectory
        let candidates = options.only.map { $0.filter { FileManager.default.fileExists(atPath: gitDir.appendingPathComponent($0).path) } }
            ?? Self.lockFiles(in: gitDir)
        let journal = FileManager.default.fileExists(atPath: transactionJournal.path)
        if candidates.isEmpty && !journal { return RecoveryReport(writerRunning: false, locks: [], interruptedMove: nil) }

        guard let writer = try FileLock.attempt(path: gitDir.appendingPathComponent("chronik.lock")) else {
            let now = options.now ?? Date()
            let locks = candidates.compactMap { path -> LockFinding? in
                guard let info = Self.fileInfo(gitDir.appendingPathComponent(path)) else { return nil }
                return LockFinding(path: path, age: Self.age(info, now: now), action: .kept, reason: "a chronik writer is running")
            }
            return RecoveryReport(writerRunning: true, locks: locks, interruptedMove: nil)
        }
        defer { writer.unlock() }
        let now = options.now ?? Date()
        // The locks a killed chronik writer announced (GitLockMarker.swift): its own, whatever their age.
        let announced = clearGitLocksOfKilledWriter(dryRun: options.dryRun, now: now)
        var locks = announced.map { LockFinding(path: $0.path, age: $0.age, action: options.dryRun ? .stale : .removed, reason: nil) }
        for path in candidates where !announced.contains(where: { $0.path == path }) {
            let file = gitDir.appendingPathComponent(path)
            guard let info = Self.fileInfo(file), info.st_mode & S_IFMT == S_IFREG else { continue }
            let age = Self.age(info, now: now)
            guard Double(age) >= options.staleAfter || options.force else {
                locks.append(LockFinding(
                    path: path, age: age, action: .kept,
                    reason: "written \(age) s ago: a git process may hold it (stale after \(Int(options.staleAfter)) s; `chronik doctor --force` removes it)"))
                continue
            }
            if options.dryRun {
                locks.append(LockFinding(path: path, age: age, action: .stale, reason: nil))
                continue
            }
            // Still the file judged (not one a git process created since someone else removed it)?
            guard let again = Self.fileInfo(file), again.st_dev == info.st_dev, again.st_ino == info.st_ino else { continue }
            guard unlink(file.path) == 0 || errno == ENOENT else {
                throw .io(path: file.path, message: "cannot remove: " + String(cString: strerror(errno)))
            }
            locks.append(LockFinding(path: path, age: age, action: .removed, reason: nil))
        }
        var move: RollbackReport?
        if let pending = try interruptedTransaction() {
            if options.dryRun {
                move = RollbackReport(command: pending.command, restored: pending.changes.filter { readWorkingFile($0.path) != $0.old }.map(\.path).sorted(),
                                      conflicts: [], finished: false)
            } else {
                move = try rollBack(pending, force: options.force)
            }
        }
        return RecoveryReport(writerRunning: false, locks: locks, interruptedMove: move)
    }

    /// The lock files a write command checks before it starts: the index, HEAD, the branch, packed refs and the
    /// configuration, plus `extra` (e.g. `refs/tags/<name>.lock` for a release), relative to the git directory.
    public func writeLockFiles(extra: [String] = []) -> [String] {
        var paths = ["index.lock", "HEAD.lock", "packed-refs.lock", "config.lock"]
        if let branch = try? branchReference() { paths.append(branch + ".lock") }
        return paths + extra
    }

    /// Every lock or temporary file git, libgit2 or chronik may leave in a git directory: `*.lock` at the top
    /// (but `chronik.lock`, a flock), under `refs/` and `logs/`, libgit2's `objects/xx/<id>.lock` and
    /// `objects/tmp_object_git2_*`, and chronik's `chronik/mv-journal.tmp`.
    static func lockFiles(in gitDir: URL) -> [String] {
        let fm = FileManager.default
        var found: [String] = []
        for name in (try? fm.contentsOfDirectory(atPath: gitDir.path)) ?? [] where name.hasSuffix(".lock") && name != "chronik.lock" {
            found.append(name)
        }
        for folder in ["refs", "logs"] {
            guard let walker = fm.enumerator(atPath: gitDir.appendingPathComponent(folder).path) else { continue }
            while let relative = walker.nextObject() as? String {
                if relative.hasSuffix(".lock") { found.append(folder + "/" + relative) }
            }
        }
        let objects = gitDir.appendingPathComponent("objects")
        for name in (try? fm.contentsOfDirectory(atPath: objects.path)) ?? [] {
            if name.hasPrefix("tmp_object_git2_") {
                found.append("objects/" + name)
            } else if name.utf8.count == 2, name.utf8.allSatisfy({ ($0 >= 0x30 && $0 <= 0x39) || ($0 >= 0x61 && $0 <= 0x66) }) {
                for file in (try? fm.contentsOfDirectory(atPath: objects.appendingPathComponent(name).path)) ?? [] where file.hasSuffix(".lock") {
                    found.append("objects/\(name)/\(file)")
                }
            }
        }
        if fm.fileExists(atPath: gitDir.appendingPathComponent("chronik/mv-journal.tmp").path) { found.append("chronik/mv-journal.tmp") }
        return found.sorted()
    }

    /// `lstat`: the file itself, never what a symbolic link points at.
    private static func fileInfo(_ file: URL) -> stat? {
        var info = stat()
        return lstat(file.path, &info) == 0 ? info : nil
    }

    private static func age(_ info: stat, now: Date) -> Int {
        let written = Double(info.st_mtim.tv_sec) + Double(info.st_mtim.tv_nsec) / 1e9
        return max(0, Int(now.timeIntervalSince1970 - written))
    }
}
