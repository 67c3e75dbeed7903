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

    /// The bytes of blob `id`, an entry's of `context`'s collection; nil when it cannot be read (the error kept, with
    /// the entry's path when the version's tree names it).
    func read(_ id: ObjectID, in context: SiteBlobContext) -> Data? {
        lock.withLock {
            reads += 1
            do throws(UnreadableObjectError) {
                return try repository.blob(id, path: nil, version: context.version)
            } catch {
                if failure == nil {
                    failure = SiteModelError.store(.unreadableObject(error.at(path: lockedPath(of: id, in: context), version: context.version)))
                }
                return nil
            }
        }
    }

    /// The path of the entry of `context`'s collection whose blob is `id` at its version, if its tree names one.
    func path(of id: ObjectID, in context: SiteBlobContext) -> String? {
        lock.withLock { lockedPath(of: id, in: context) }
    }

    /// `path(of:in:)`, the lock held: the version's tree, the collection's folder, the first entry file with that blob.
    private func lockedPath(of id: ObjectID, in context: SiteBlobContext) -> String? {
        guard let tree = try? repository.treeID(ofCommit: context.version),
              let folder = (try? repository.tree(tree))?.first(where: { $0.name == context.collection && $0.mode == .tree }),
              let file = (try? repository.tree(folder.id))?.first(where: { $0.id == id && $0.name.hasSuffix(".md") }) else { return nil }
        return context.collection + "/" + file.name
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

/// What the bodies of one collection of one model share (`SiteBlobBody`): the reader, the version and the
/// collection's private marks (for a body parsed again), and its name (to name a blob that cannot be read).
final class SiteBlobContext: @unchecked Sendable {
    let source: SiteBlobBodies
    let version: ObjectID
    let collection: String
    let privacy: PrivateLocations

    init(source: SiteBlobBodies, version: ObjectID, collection: String, privacy: PrivateLocations) {
        self.source = source
        self.version = version
        self.collection = collection
        self.privacy = privacy
    }
}

/// One entry's body as `SiteBlobBodies` reads it: its blob's bytes from `offset` on (what the entry cache recorded),
/// else (an offset beyond the blob) the blob parsed and redacted again. A value of `SiteText`'s storage (an object
/// per body with its path was 8 MB more heap on the large store's incremental publish).
struct SiteBlobBody: Sendable {
    let context: SiteBlobContext
    let blob: ObjectID
    let offset: Int

    /// The body's UTF-8 bytes, read now (empty when the blob cannot be read: the failure is kept in the reader).
    func bytes() -> Data {
        let source = context.source
        guard let data = source.read(blob, in: context) else { return Data() }
        if offset <= data.count { return data[(data.startIndex + offset)...] }
        do throws(FrontMatterError) {
            let document = PublicEntry.redact(try EntryDocument.parse(data), context.privacy)
            return Data(document.body.utf8)
        } catch {
            let path = source.path(of: blob, in: context)
            source.fail(SiteModelError.invalidEntry(path: path ?? context.collection, line: error.line,
                                                    message: error.reason + " (at \(context.version.short()))"))
            return Data()
        }
    }
}
