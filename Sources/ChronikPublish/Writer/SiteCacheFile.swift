import ChronikStore
import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// The publish caches' files (`SitePublishCache`, `SearchDocumentCache`, `SiteReleaseFacts`) are written best effort:
/// the bytes go to a temporary file in the same folder, renamed over the old file; when that fails, the temporary file
/// and the old file are removed, so the next publish finds no cache (and reads or renders what it would have kept)
/// rather than a stale one.
enum SiteCacheFile {
    static func replace(_ destination: URL, in directory: URL, with bytes: @autoclosure () -> [UInt8]) {
        // Written from the array itself: made a `Data` first, the search cache's 3.5 MB were copied once more.
        let replaced = (try? FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)) != nil
            && bytes().withUnsafeBytes { Descriptor.replaceCacheFile(destination.path, with: $0, mode: 0o644) }
        if !replaced { try? FileManager.default.removeItem(at: destination) }
    }

    /// Writes `bytes` over the end of the cache file `destination` from `offset` on, when it is still the file that
    /// was read (a regular file of `size` bytes, not linked elsewhere): a file that only grows at its end (new records
    /// and a new checksum after the old ones, `SiteHistoryFacts`) is not copied whole into a new file (inc15s). False,
    /// nothing written, when it is not that file (the caller writes the whole file with `replace`). A write that fails
    /// removes the file, as `replace` does. A reader that meets the file while it is written, or a file whose write was
    /// cut short, finds a checksum that does not verify: the cache is not used.
    static func append(_ destination: URL, at offset: Int, size: Int, with bytes: [UInt8]) -> Bool {
        let descriptor = open(destination.path, O_WRONLY | O_CLOEXEC | O_NOFOLLOW)
        guard descriptor >= 0 else { return false }
        var info = stat()
        guard fstat(descriptor, &info) == 0, info.st_mode & S_IFMT == S_IFREG, info.st_nlink == 1, Int(info.st_size) == size,
              offset >= 0, offset <= size else {
            close(descriptor)
            return false
        }
        var failed = false
        bytes.withUnsafeBytes { raw in
            var done = 0
            while done < raw.count {
                let n = pwrite(descriptor, raw.baseAddress! + done, raw.count - done, off_t(offset + done))
                if n < 0, errno == EINTR { continue }
                if n <= 0 { failed = true; break }
                done += n
            }
        }
        // Cut at the end of what was written, whatever another writer added meanwhile (then its records are lost, and
        // the file is this one's).
        if !failed, ftruncate(descriptor, off_t(offset + bytes.count)) != 0 { failed = true }
        if close(descriptor) != 0 { failed = true }
        if failed { try? FileManager.default.removeItem(at: destination) }
        return true
    }

    /// Sets the modification time of the cache file `destination` to now, when it is a regular file; false when it
    /// is not there or cannot be touched. A publish whose cache would be what the file holds leaves the file and
    /// touches it instead of writing it anew (`SitePublishCache.write`, `SearchDocumentCache.write`): the time is what
    /// `SiteCachePruning` orders the targets by.
    static func touch(_ destination: URL) -> Bool {
        var info = stat()
        return lstat(destination.path, &info) == 0 && info.st_mode & S_IFMT == S_IFREG
            && utimensat(AT_FDCWD, destination.path, nil, AT_SYMLINK_NOFOLLOW) == 0
    }

    /// The bytes of the regular file at `path` (nil: there is none, or it cannot be read), read into an array of its
    /// size: not a `Data` copied into an array after, which copied the search cache's 3.5 MB once more and touched
    /// twice their pages (inc15l). A file that changes while it is read gives what was read: the caches' checksums
    /// decide whether it is used.
    static func bytes(atPath path: String) -> [UInt8]? {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { return nil }
        defer { close(descriptor) }
        var info = stat()
        guard fstat(descriptor, &info) == 0, info.st_mode & S_IFMT == S_IFREG else { return nil }
        let size = Int(info.st_size)
        guard size > 0 else { return [] }
        var failed = false
        let bytes = [UInt8](unsafeUninitializedCapacity: size) { buffer, count in
            var done = 0
            while done < size {
                let n = read(descriptor, buffer.baseAddress! + done, size - done)
                if n < 0, errno == EINTR { continue }
                if n < 0 { failed = true }
                if n <= 0 { break }
                done += n
            }
            count = done
        }
        return failed ? nil : bytes
    }
}

/// What a publish changes in a publish cache file it read and appends to in place (`SiteEntryCache`,
/// `SearchDocumentCache`; the history facts append the same way).
enum SiteCacheUpdate: Equatable {
    /// Nothing: the file holds every record the publish used.
    case none
    /// `bytes` written over the file from `offset` on (its checksum): the records made, and the new checksum.
    case append(offset: Int, bytes: [UInt8])
    /// The file written anew (the cache's `serialized()`).
    case whole([UInt8])
}
