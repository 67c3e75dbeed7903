import ChronikStore
import Foundation
import GitKit

/// One version of a store's files as the validator reads them: the working tree, a commit, or a snapshot folder.
public struct VersionContent {
    /// Where an entry's bytes come from.
    public struct Source {
        /// The Git blob id (hex) when the entry is stored in a commit; keys the reference cache.
        public var blobID: String?
        public var read: () -> Data?

        public init(blobID: String? = nil, read: @escaping () -> Data?) {
            self.blobID = blobID
            self.read = read
        }
    }

    public var config: StoreConfig
    /// Every entry of the version.
    public var entries: [EntryID: Source]
    /// Reads a file of the version by store path (`schemas/x.json`).
    public var readFile: (String) -> Data?

    public init(config: StoreConfig, entries: [EntryID: Source], readFile: @escaping (String) -> Data?) {
        self.config = config
        self.entries = entries
        self.readFile = readFile
    }

    /// The working tree: every `<collection>/<id>.md` file on disk (committed or not).
    public static func workingTree(of store: Store) throws(StoreError) -> VersionContent {
        let config = try store.workingConfig()
        var entries: [EntryID: Source] = [:]
        let names = config.collectionNames
        for collection in config.collections {
            let folder = store.url(of: collection.name)
            guard let files = try? FileManager.default.contentsOfDirectory(atPath: folder.path) else { continue }
            for file in files {
                guard case .success(.entry(let id)) = PathRules.classify(collection.name + "/" + file, collections: names) else { continue }
                let url = folder.appendingPathComponent(file)
                entries[id] = Source { try? Data(contentsOf: url) }
            }
        }
        return VersionContent(config: config, entries: entries) { path in try? Data(contentsOf: store.url(of: path)) }
    }

    /// The version a commit records.
    public static func commit(_ commit: Commit, in store: Store) throws(StoreError) -> VersionContent {
        let config = try store.config(at: commit)
        let repository = store.repository
        var entries: [EntryID: Source] = [:]
        for (id, blob) in try entryBlobs(in: commit.treeID, config: config, store: store) {
            entries[id] = Source(blobID: blob.hex) { try? repository.blob(blob) }
        }
        let tree = commit.treeID
        return VersionContent(config: config, entries: entries) { path in (try? store.blob(at: path, inTree: tree)) ?? nil }
    }

    /// A snapshot's files (`chronik.yml`, `schemas/…`, entries) held in memory.
    public static func files(_ files: [String: Data], config: StoreConfig) -> VersionContent {
        var entries: [EntryID: Source] = [:]
        let names = config.collectionNames
        for (path, data) in files {
            if case .success(.entry(let id)) = PathRules.classify(path, collections: names) {
                entries[id] = Source { data }
            }
        }
        return VersionContent(config: config, entries: entries) { files[$0] }
    }

    /// The entries of a tree with their blob ids: one folder listing per collection, no file is read.
    static func entryBlobs(in tree: ObjectID, config: StoreConfig, store: Store) throws(StoreError) -> [(EntryID, ObjectID)] {
        var result: [(EntryID, ObjectID)] = []
        let names = config.collectionNames
        do {
            let top = try store.repository.tree(tree)
            for item in top where item.mode == .tree && names.contains(item.name) {
                for file in try store.repository.tree(item.id) where file.mode == .blob || file.mode == .executable {
                    if case .success(.entry(let id)) = PathRules.classify(item.name + "/" + file.name, collections: names) {
                        result.append((id, file.id))
                    }
                }
            }
        } catch {
            if let error = error as? GitError { throw StoreError.git(error) }
            throw StoreError.io(path: "", message: "\(error)")
        }
        return result
    }
}
