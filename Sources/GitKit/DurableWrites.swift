import CLibGit2
import Glibc

/// The system calls of GitKit's own durable writes (`LooseObjectFiles`, `PlainCommit`'s reference, reflog and index
/// files), with their failures worded as libgit2 words a failed system call ("<what> '<path>': <strerror>"), so that
/// the path and the system error are read from them as from libgit2's own.
enum DurableWrites {
    /// Writes all of `bytes` to `fd` (again after `EINTR`); a failure is `failure(what, path)`.
    static func writeAll(_ fd: Int32, _ bytes: [UInt8], path: String, what: String) throws {
        var offset = 0
        while offset < bytes.count {
            let written = bytes.withUnsafeBytes { Glibc.write(fd, $0.baseAddress! + offset, bytes.count - offset) }
            if written < 0 {
                if errno == EINTR { continue }
                throw failure(what, path)
            }
            offset += written
        }
    }

    /// Fsyncs `folder`, so that the names made or renamed in it are durable. Some file systems refuse fsync of a
    /// folder (`EINVAL`): git and libgit2 ignore that as well.
    static func syncFolder(_ folder: String) throws {
        try syncFolders([folder])
    }

    /// A file or folder to fsync (`syncAll`): its open descriptor and its path (for the error). A folder may refuse
    /// fsync with `EINVAL` on some file systems (`syncFolder`): `folder` ignores that, as git and libgit2 do.
    struct Sync {
        var fd: Int32
        var path: String
        var folder = false
    }

    /// Fsyncs every file of `files`, each on its own as `fsync(2)` promises it (so the durability is the same as one
    /// after the other, on any file system), but at the same time: the others on threads of their own while this
    /// thread does the first. One after the other, each fsync waited for its own journal commit or, once the first
    /// commit had carried them all, for its own flush of the disk's cache (0.2–0.4 ms each on the benchmark's VM, 14
    /// per commit); waiting together, ext4's journal commits and the block layer's flushes are shared (issue 19: the
    /// commit row's gap to git, which makes no fsync by default). A thread that cannot be started leaves its file to
    /// this thread. Throws `failure("failed to fsync", path)` of the first file in `files`' order that failed.
    static func syncAll(_ files: [Sync]) throws {
        guard !files.isEmpty else { return }
        let jobs = files.map { SyncJob(fd: $0.fd) }
        var threads: [SecondThread] = []
        var here: [SyncJob] = [jobs[0]]
        for job in jobs.dropFirst() {
            if let thread = SecondThread.start({ job.run() }) { threads.append(thread) } else { here.append(job) }
        }
        for job in here { job.run() }
        for thread in threads { thread.join() }
        for (file, job) in zip(files, jobs) where job.error != 0 && !(file.folder && job.error == EINVAL) {
            errno = job.error
            throw failure("failed to fsync", file.path)
        }
    }

    /// Fsyncs the folders `paths` at the same time (`syncAll`), so that the names made or renamed in them are durable.
    static func syncFolders(_ paths: [String]) throws {
        var syncs: [Sync] = []
        defer { for sync in syncs { close(sync.fd) } }
        for path in paths {
            let fd = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
            guard fd >= 0 else { throw failure("failed to open folder", path) }
            syncs.append(Sync(fd: fd, path: path, folder: true))
        }
        try syncAll(syncs)
    }

    /// A `GitError` for the system call that just failed (its `errno`).
    static func failure(_ what: String, _ path: String) -> GitError {
        let saved = errno
        return GitError(code: .other(-1), errorClass: Int32(GIT_ERROR_OS.rawValue), message: "\(what) '\(path)': \(String(cString: strerror(saved)))",
                        operation: "write", errno: saved)
    }
}

/// One fsync of `DurableWrites.syncAll`, run on a thread of its own or on the caller's; `error` is read after the
/// thread was joined.
private final class SyncJob: @unchecked Sendable {
    let fd: Int32
    var error: Int32 = 0

    init(fd: Int32) { self.fd = fd }

    func run() {
        error = fsync(fd) == 0 ? 0 : errno
    }
}
