import ChronikStore
import Foundation
import GitKit

extension VersionContent {
    /// The version `chronik commit` is about to record (`PendingVersion`): the entries of its tip, except those
    /// changed, as blobs; the new and changed ones as the bytes read for the commit, which are the bytes it records.
    /// Every entry has a blob id (a stored one, or the id its new bytes will have), which keys the validation cache.
    public static func pending(_ version: PendingVersion) throws(StoreError) -> VersionContent {
        let store = version.store
        let repository = store.repository
        var entries: [EntryID: Source] = [:]
        let unreadable = UnreadableObjects()
        if let head = version.head {
            for (id, blob) in try entryBlobs(in: head.treeID, config: version.config, store: store) where !version.isChanged(id.path) {
                entries[id] = Source(blobID: blob.hex) { [unreadable] in
                    do throws(UnreadableObjectError) {
                        return try repository.blob(blob, path: id.path, version: head.id)
                    } catch {
                        unreadable.record(error)
                        return nil
                    }
                }
            }
        }
        let names = version.config.collectionNames
        for (path, file) in version.staged {
            if case .success(.entry(let id)) = PathRules.classify(path, collections: names) {
                let data = file.data
                entries[id] = Source(blobID: file.id.hex) { data }
            }
        }
        return VersionContent(config: version.config, entries: entries, cacheFile: cacheFile(of: store), unreadable: unreadable,
                              readFile: version.read)
    }
}
