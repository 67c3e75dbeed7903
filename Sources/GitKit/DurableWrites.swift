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
        let fd = open(folder, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard fd >= 0 else { throw failure("failed to open folder", folder) }
        defer { close(fd) }
        guard fsync(fd) == 0 || errno == EINVAL else { throw failure("failed to fsync", folder) }
    }

    /// A `GitError` for the system call that just failed (its `errno`).
    static func failure(_ what: String, _ path: String) -> GitError {
        let saved = errno
        return GitError(code: .other(-1), errorClass: Int32(GIT_ERROR_OS.rawValue), message: "\(what) '\(path)': \(String(cString: strerror(saved)))",
                        operation: "write", errno: saved)
    }
}
