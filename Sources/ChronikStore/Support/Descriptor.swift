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

    /// The system's text for an error number, e.g. "No space left on device".
    public static func reason(_ error: Int32) -> String {
        String(cString: strerror(error))
    }
}
