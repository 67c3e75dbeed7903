import ChronikDiff
import ChronikSchema
import ChronikStore
import Foundation
import GitKit

/// The bodies of the entries the entry cache holds, read from their blobs when a file that shows one is made (inc15p).
///
/// An entry whose record the entry cache (`SiteEntryCache`) holds takes its fields, title and body's fingerprint from
/// the record; its body is the bytes of its blob after the front matter. A publish into a folder published before
/// renders the pages of a few entries, so reading and inflating every entry's blob for the model (the medium store's
/// 5,000 blobs, 30 MB: 2–3 % of an incremental publish, and the pages they were held in) read mostly bodies that no
/// file showed. With this reader such a body is a blob id and an offset (`SiteText`'s `.blob`): read each time it is
/// asked for (a page, a JSON file, a search document; nothing is held), on any thread, through a handle of its own
/// (`Repository.anotherHandle`) used under a lock.
///
/// A blob that cannot be read gives an empty body and keeps the error: `checkReads()`, which the site writer asks
/// before it swaps the new site in (`SitePlan.addCheck`, set by `Publisher.plan`), throws it, so that no page made
/// from it is published and the old site stays. A record whose offset lies beyond its blob (a record that decoded but
/// is not what was written) gives the body of the blob parsed and redacted again, as without the cache.
final class SiteBlobBodies: @unchecked Sendable, Hashable {
    private let lock = NSLock()
    // Guarded by `lock`: the handle (GitKit's handles are used from one task at a time) and the first failure.
    private let repository: Repository
    private var failure: Error?
    /// How many bodies were read (for the tests).
    private(set) var reads = 0

    init(repository: Repository) throws {
        self.repository = try repository.anotherHandle()
    }

    static func == (a: SiteBlobBodies, b: SiteBlobBodies) -> Bool { a === b }
    func hash(into hasher: inout Hasher) { hasher.combine(ObjectIdentifier(self)) }

    /// The bytes of blob `id` (at `path` of `version`, for the error); nil when it cannot be read (the error kept).
    func read(_ id: ObjectID, path: String, version: ObjectID) -> Data? {
        lock.withLock {
            reads += 1
            do throws(UnreadableObjectError) {
                return try repository.blob(id, path: path, version: version)
            } catch {
                if failure == nil { failure = SiteModelError.store(.unreadableObject(error)) }
                return nil
            }
        }
    }

    /// Keeps `error` (the first one kept is thrown by `checkReads`).
    func fail(_ error: Error) {
        lock.withLock { if failure == nil { failure = error } }
    }

    /// Throws the first failure of a read, if any: what was made from that body is not the site's.
    func checkReads() throws {
        if let failure = lock.withLock({ failure }) { throw failure }
    }
}

/// One entry's body as `SiteBlobBodies` reads it: its blob's bytes from `offset` on (what the entry cache recorded),
/// else (an offset beyond the blob) the blob parsed and redacted again.
final class SiteBlobBody: @unchecked Sendable {
    let source: SiteBlobBodies
    let blob: ObjectID
    let offset: Int
    let path: String
    let version: ObjectID
    let privacy: PrivateLocations

    init(source: SiteBlobBodies, blob: ObjectID, offset: Int, path: String, version: ObjectID, privacy: PrivateLocations) {
        self.source = source
        self.blob = blob
        self.offset = offset
        self.path = path
        self.version = version
        self.privacy = privacy
    }

    /// The body's UTF-8 bytes, read now (empty when the blob cannot be read: the failure is kept in `source`).
    func bytes() -> Data {
        guard let data = source.read(blob, path: path, version: version) else { return Data() }
        if offset <= data.count { return data[(data.startIndex + offset)...] }
        do throws(FrontMatterError) {
            let document = PublicEntry.redact(try EntryDocument.parse(data), privacy)
            return Data(document.body.utf8)
        } catch {
            source.fail(SiteModelError.invalidEntry(path: path, line: error.line, message: error.reason + " (at \(version.short()))"))
            return Data()
        }
    }
}
