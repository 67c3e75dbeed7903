import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// An exclusive advisory lock (`flock`) on a file, held until `unlock()` or deinit.
///
/// chronik serialises its own writers with it. Unlike git's `*.lock` files it cannot be left behind by a
/// crash: the kernel releases it when the process ends.
final class FileLock {
    private var fd: Int32

    /// Tries to take the lock, retrying with a bounded exponential back-off; throws `StoreError.locked` after `timeout` seconds.
    init(path: URL, timeout: Double) throws(StoreError) {
        fd = open(path.path, O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
        guard fd >= 0 else {
            throw StoreError.io(path: path.path, message: String(cString: strerror(errno)))
        }
        let start = Date()
        var delay = 0.005
        while flock(fd, LOCK_EX | LOCK_NB) != 0 {
            let waited = Date().timeIntervalSince(start)
            if waited >= timeout {
                close(fd)
                fd = -1
                throw StoreError.locked(lockFile: path.path + " (held by another chronik process)", waited: waited)
            }
            Thread.sleep(forTimeInterval: min(delay, max(0, timeout - waited)) * Double.random(in: 0.5...1.0))
            delay = min(delay * 2, 0.2)
        }
    }

    /// Takes the lock if no other process (or open file) holds it, without waiting; nil when it is held.
    static func attempt(path: URL) throws(StoreError) -> FileLock? {
        let fd = open(path.path, O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
        guard fd >= 0 else {
            throw StoreError.io(path: path.path, message: String(cString: strerror(errno)))
        }
        guard flock(fd, LOCK_EX | LOCK_NB) == 0 else {
            close(fd)
            return nil
        }
        return FileLock(holding: fd)
    }

    private init(holding fd: Int32) {
        self.fd = fd
    }

    func unlock() {
        if fd >= 0 {
            flock(fd, LOCK_UN)
            close(fd)
            fd = -1
        }
    }

    deinit { unlock() }
}

/// Retries `body` while it fails with an error `isRetryable` accepts, with a bounded, jittered exponential back-off.
func withBackoff<T>(timeout: Double, isRetryable: (Error) -> Bool, _ body: () throws -> T) throws -> T {
    let start = Date()
    var delay = 0.005
    while true {
        do {
            return try body()
        } catch {
            let waited = Date().timeIntervalSince(start)
            guard isRetryable(error), waited < timeout else { throw error }
            Thread.sleep(forTimeInterval: min(delay, timeout - waited) * Double.random(in: 0.5...1.0))
            delay = min(delay * 2, 0.25)
        }
    }
}
