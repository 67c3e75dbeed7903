import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// `write(2)` in full, on any descriptor.
public enum Descriptor {
    /// Writes every byte, retrying EINTR and waiting out EAGAIN (a descriptor left non-blocking by another
    /// program); returns 0, or the `errno` of the write that failed (ENOSPC for a write that wrote nothing, as git
    /// takes it).
    public static func writeAll(_ descriptor: Int32, _ bytes: UnsafeRawBufferPointer) -> Int32 {
        guard var base = bytes.baseAddress else { return 0 }
        var left = bytes.count
        while left > 0 {
            // Linux writes at most 0x7ffff000 bytes at once.
            let n = Glibc.write(descriptor, base, min(left, 1 << 30))
            if n > 0 {
                base += n
                left -= n
                continue
            }
            if n == 0 { return ENOSPC }
            let error = errno
            if error == EINTR { continue }
            if error == EAGAIN || error == EWOULDBLOCK {
                var poller = pollfd(fd: descriptor, events: Int16(POLLOUT), revents: 0)
                _ = poll(&poller, 1, -1)
                continue
            }
            return error
        }
        return 0
    }

    /// Replaces the cache file at `path` with `bytes`: written to a new temporary file in its folder (`O_EXCL`) and
    /// renamed over it, so that a reader or a concurrent writer never meets a torn file; the temporary file is removed
    /// when anything fails. Not synced to the disk: for caches whose files end in a checksum, so that a file a crash left
    /// short or empty is refused by its reader and written anew (the validation cache, the publish caches). False when
    /// the file was not replaced.
    @discardableResult
    public static func replaceCacheFile(_ path: String, with bytes: UnsafeRawBufferPointer, mode: mode_t = 0o644) -> Bool {
        let folder = (path as NSString).deletingLastPathComponent
        let name = (path as NSString).lastPathComponent
        let temporary = (folder.isEmpty ? "" : folder + "/") + ".\(name).\(getpid())-\(UInt32.random(in: 0...UInt32.max)).tmp"
        let descriptor = open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, mode)
        guard descriptor >= 0 else { return false }
        let written = writeAll(descriptor, bytes)
        guard close(descriptor) == 0, written == 0, rename(temporary, path) == 0 else {
            unlink(temporary)
            return false
        }
        return true
    }

    /// The system's text for an error number, e.g. "No space left on device".
    public static func reason(_ error: Int32) -> String {
        String(cString: strerror(error))
    }
}
