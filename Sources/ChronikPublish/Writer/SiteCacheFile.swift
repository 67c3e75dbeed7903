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
        let temporary = directory.appendingPathComponent(".\(destination.lastPathComponent).\(getpid())-\(UInt32.random(in: 0...UInt32.max)).tmp")
        do {
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
            // Written from the array itself: made a `Data` first, the search cache's 3.5 MB were copied once more.
            let descriptor = open(temporary.path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o644)
            guard descriptor >= 0 else { throw CocoaError(.fileWriteUnknown) }
            let written = bytes().withUnsafeBytes { Descriptor.writeAll(descriptor, $0) }
            guard close(descriptor) == 0, written == 0 else { throw CocoaError(.fileWriteUnknown) }
            guard rename(temporary.path, destination.path) == 0 else { throw CocoaError(.fileWriteUnknown) }
        } catch {
            try? FileManager.default.removeItem(at: temporary)
            try? FileManager.default.removeItem(at: destination)
        }
    }
}
