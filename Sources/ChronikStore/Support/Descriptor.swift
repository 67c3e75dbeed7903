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
        replaceCacheFile(path, mode: mode) { writeAll($0, bytes) }
    }

    /// `replaceCacheFile(_:with:mode:)` of the bytes `writing` appends to a `ChunkedFile`: written out a chunk at a time
    /// from one buffer, never joined. A cold `validate` of 5,000 entries joined its 5,000 record lines (825 KB) into a
    /// buffer of their own first, on its serial end: that copy into fresh memory and its page faults were most of the
    /// cache file's time there (issue 19). Nothing is left (the temporary file removed) when a write fails.
    @discardableResult
    public static func replaceCacheFile(_ path: String, mode: mode_t = 0o644, capacity: Int = ChunkedFile.capacity,
                                        writing: (inout ChunkedFile) -> Void) -> Bool {
        replaceCacheFile(path, mode: mode) { descriptor in
            var file = ChunkedFile(descriptor: descriptor, capacity: capacity)
            defer { file.release() }
            writing(&file)
            file.flush()
            return file.failure
        }
    }

    /// The temporary file of `replaceCacheFile`, written by `write` (0 or an `errno`) and renamed over `path`.
    private static func replaceCacheFile(_ path: String, mode: mode_t, write: (Int32) -> Int32) -> Bool {
        let folder = (path as NSString).deletingLastPathComponent
        let name = (path as NSString).lastPathComponent
        let temporary = (folder.isEmpty ? "" : folder + "/") + ".\(name).\(getpid())-\(UInt32.random(in: 0...UInt32.max)).tmp"
        let descriptor = open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, mode)
        guard descriptor >= 0 else { return false }
        let written = write(descriptor)
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

/// A file written through one buffer (`Descriptor.replaceCacheFile(_:mode:writing:)`): the bytes appended are copied
/// into it and written out each time it is full, so that many small pieces (a cache's lines) are written in few
/// system calls without being joined first. The checksum of every byte appended so far is kept (`checksum()`), for
/// files that end in the checksum of what comes before (the validation cache). After a failed write, nothing more is
/// written and `failure` holds its `errno`.
public struct ChunkedFile {
    private let descriptor: Int32
    private let buffer: UnsafeMutableRawBufferPointer
    private var used = 0
    private var sum = ChecksumStream()
    /// 0, or the `errno` of the write that failed.
    public private(set) var failure: Int32 = 0

    /// The buffer's size: 64 KiB, in the second-level cache, and 13 writes for a cold `validate`'s 825 KB cache file.
    public static let capacity = 1 << 16

    init(descriptor: Int32, capacity: Int = Self.capacity) {
        self.descriptor = descriptor
        buffer = .allocate(byteCount: max(1, capacity), alignment: 16)
    }

    /// Appends `bytes` (a piece larger than the buffer is written out from where it is).
    public mutating func append(_ bytes: UnsafeRawBufferPointer) {
        guard failure == 0, let base = bytes.baseAddress, !bytes.isEmpty else { return }
        if bytes.count > buffer.count - used {
            flush()
            if bytes.count >= buffer.count {
                sum.add(bytes)
                failure = Descriptor.writeAll(descriptor, bytes)
                return
            }
        }
        (buffer.baseAddress! + used).copyMemory(from: base, byteCount: bytes.count)
        used += bytes.count
    }

    /// Appends `bytes`.
    public mutating func append(_ bytes: [UInt8]) {
        bytes.withUnsafeBytes { append($0) }
    }

    /// `Checksum.of` every byte appended so far, as one buffer.
    public mutating func checksum() -> UInt64 {
        flush()
        return sum.finish()
    }

    /// Writes out what the buffer holds.
    mutating func flush() {
        guard used > 0 else { return }
        let pending = UnsafeRawBufferPointer(rebasing: buffer[0..<used])
        sum.add(pending)
        if failure == 0 { failure = Descriptor.writeAll(descriptor, pending) }
        used = 0
    }

    func release() {
        buffer.deallocate()
    }
}
