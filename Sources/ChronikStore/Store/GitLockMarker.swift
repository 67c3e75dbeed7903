import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

// Git lock files that a chronik writer was about to take when it was killed.
//
// A `*.lock` file of git or libgit2 carries nothing that says who made it, so `recover` can only go by its age
// (StaleLocks.swift, rule 2): a lock younger than ten seconds may belong to a live git process and is kept. A
// chronik writer killed in the middle of its ref update therefore blocked the next `chronik commit` for those ten
// seconds. chronik does know which lock files it is about to take: before each step that makes libgit2 take them
// (the working-tree scan that refreshes the index, the index write, the ref update), a writer that holds
// `.git/chronik.lock` writes `.git/chronik/git-locks` naming them, and removes it when the step is over, however it
// ended. If the marker is still there when the next writer takes `.git/chronik.lock`, the writer that wrote it died
// (the flock is released by the kernel only when its holder ends, and only a holder writes the marker). A lock file it
// names whose last write falls within `window` seconds after the marker's was taken in that step: the dead writer's,
// removed at once. A lock file outside the window (a git process that took it later, e.g. `git commit` with its
// editor open) is left to the age rule.
//
// The marker is a help to recovery, not part of a write's safety: if it cannot be written (a full disk), the step
// runs without it and a lock it leaves falls to the age rule, as before.

/// The marker file, relative to the git directory.
let gitLockMarkerPath = "chronik/git-locks"

/// Lock files written at most this many seconds after the marker count as the dead writer's.
let gitLockMarkerWindow: Double = 5

extension Store {
    /// Runs `body` as a chronik writer (holding `.git/chronik.lock`, waiting at most `timeout` seconds for it) with
    /// the git lock files it takes (`locks`, relative to the git directory) announced: e.g. `release`'s tag update.
    public func asWriter<T>(announcing locks: [String], timeout: Double = 20, _ body: () throws -> T) throws -> T {
        let writerLock = try lockWriters(timeout: timeout)
        defer { writerLock.unlock() }
        return try announcingGitLocks(locks, body)
    }

    /// Runs `body`, a step that makes libgit2 take `locks` (paths relative to the git directory), with the marker
    /// that names them written before and removed after. Call only while holding `.git/chronik.lock`.
    func announcingGitLocks<T>(_ locks: [String], _ body: () throws -> T) rethrows -> T {
        let marker = repository.gitDirectory.appendingPathComponent(gitLockMarkerPath)
        let written = Self.writeMarker(marker, locks: locks)
        defer { if written { unlink(marker.path) } }
        return try body()
    }

    /// The lock files a killed chronik writer left (see above), removed unless `dryRun`; the marker is removed with
    /// them. Call only while holding `.git/chronik.lock`. Returns the paths (relative to the git directory) and ages.
    func clearGitLocksOfKilledWriter(dryRun: Bool = false, now: Date = Date()) -> [(path: String, age: Int)] {
        let gitDir = repository.gitDirectory
        let marker = gitDir.appendingPathComponent(gitLockMarkerPath)
        var markerInfo = stat()
        guard lstat(marker.path, &markerInfo) == 0, markerInfo.st_mode & S_IFMT == S_IFREG,
              let data = FileManager.default.contents(atPath: marker.path),
              let text = String(data: data, encoding: .utf8) else { return [] }
        let markerTime = Self.modificationTime(markerInfo)
        var cleared: [(path: String, age: Int)] = []
        for path in Self.markerLocks(text) {
            let file = gitDir.appendingPathComponent(path)
            var info = stat()
            guard lstat(file.path, &info) == 0, info.st_mode & S_IFMT == S_IFREG else { continue }
            let written = Self.modificationTime(info)
            // File times come from the kernel's coarse clock: allow a tick before the marker.
            guard written >= markerTime - 0.05, written <= markerTime + gitLockMarkerWindow else { continue }
            let age = max(0, Int(now.timeIntervalSince1970 - written))
            if !dryRun {
                // Still the file judged (not one a git process created since someone else removed it)?
                var again = stat()
                guard lstat(file.path, &again) == 0, again.st_dev == info.st_dev, again.st_ino == info.st_ino else { continue }
                guard unlink(file.path) == 0 else { continue }
            }
            cleared.append((path, age))
        }
        if !dryRun { unlink(marker.path) }
        return cleared
    }

    /// Writes the marker (first line a header, then one lock path a line); false when it could not be written.
    private static func writeMarker(_ marker: URL, locks: [String]) -> Bool {
        let text = "chronik git-locks 1\n" + locks.map { $0 + "\n" }.joined()
        let folder = marker.deletingLastPathComponent().path
        var madeFolder = false
        var fd = open(marker.path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC | O_NOFOLLOW, 0o644)
        if fd < 0 && errno == ENOENT {
            madeFolder = mkdir(folder, 0o755) == 0
            fd = open(marker.path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC | O_NOFOLLOW, 0o644)
        }
        let bytes = Array(text.utf8)
        var written = false
        if fd >= 0 {
            written = bytes.withUnsafeBytes { write(fd, $0.baseAddress, $0.count) } == bytes.count
            close(fd)
            if !written { unlink(marker.path) }
        }
        // Nothing of it stays when it could not be written (a full disk: "nothing written" holds byte for byte).
        if !written && madeFolder { rmdir(folder) }
        return written
    }

    /// The lock paths a marker names: only relative paths ending in `.lock` without `.` or `..` parts (the marker
    /// lives in the git directory, but nothing read from a file is trusted to name what is removed).
    static func markerLocks(_ text: String) -> [String] {
        let lines = text.split(separator: "\n", omittingEmptySubsequences: true).map(String.init)
        guard lines.first == "chronik git-locks 1" else { return [] }
        return lines.dropFirst().filter { path in
            path.hasSuffix(".lock") && !path.hasPrefix("/") && path != "chronik.lock"
                && !path.split(separator: "/", omittingEmptySubsequences: false).contains { $0.isEmpty || $0 == "." || $0 == ".." }
        }
    }

    private static func modificationTime(_ info: stat) -> Double {
        Double(info.st_mtim.tv_sec) + Double(info.st_mtim.tv_nsec) / 1e9
    }
}
