import ChronikStore
import Foundation
import GitKit

/// One version of a store's files as the validator reads them: the working tree, a commit, or a snapshot folder.
public struct VersionContent {
    /// Where an entry's bytes come from.
    public struct Source {
        /// The Git blob id (hex) when the entry's bytes are known to be a blob's (stored in a commit, or a working
        /// tree file identical to its index entry); keys the validation cache.
        public var blobID: String?
        /// The path of the file on disk, when the entry is one (it may then be read on any thread).
        public var filePath: String?
        public var read: () -> Data?

        public init(blobID: String? = nil, filePath: String? = nil, read: @escaping () -> Data?) {
            self.blobID = blobID
            self.filePath = filePath
            self.read = read
        }
    }

    public var config: StoreConfig
    /// Every entry of the version.
    public var entries: [EntryID: Source]
    /// Reads a file of the version by store path (`schemas/x.json`).
    public var readFile: (String) -> Data?
    /// The validation cache (`ReferenceCache`) of the store the version belongs to; nil for versions outside a store.
    public var cacheFile: URL?

    public init(config: StoreConfig, entries: [EntryID: Source], cacheFile: URL? = nil, readFile: @escaping (String) -> Data?) {
        self.config = config
        self.entries = entries
        self.cacheFile = cacheFile
        self.readFile = readFile
    }

    /// Where a store keeps its validation cache: inside `.git`, so it is never committed.
    public static func cacheFile(of store: Store) -> URL {
        store.repository.gitDirectory.appendingPathComponent("chronik/validation-cache")
    }

    /// The working tree: every `<collection>/<id>.md` file on disk (committed or not).
    ///
    /// A file that `git_diff_index_to_workdir` does not report is byte-identical to its index entry, so its blob id
    /// is known without hashing it; changed and untracked files have none (and are always read).
    public static func workingTree(of store: Store) throws(StoreError) -> VersionContent {
        let config = try store.workingConfig()
        let names = config.collectionNames
        let folders = config.collections.map { ($0.name, store.url(of: $0.name).path) }
        // The index diff (stat calls in libgit2) runs while the folders are listed; only that side touches the
        // repository until both are done.
        nonisolated(unsafe) let unsafeStore = store
        let (clean, listed) = inParallel({
            cleanBlobs(in: unsafeStore, folders: folders.map(\.0))
        }, { () -> [(EntryID, String, String)] in
            var listed: [(EntryID, String, String)] = []
            for (name, folder) in folders {
                guard let files = try? FileManager.default.contentsOfDirectory(atPath: folder) else { continue }
                for file in files {
                    let path = name + "/" + file
                    guard case .success(.entry(let id)) = PathRules.classify(path, collections: names) else { continue }
                    // A path, not a URL: `appendingPathComponent` asks the file system whether it is a folder.
                    listed.append((id, path, folder + "/" + file))
                }
            }
            return listed
        })
        var entries: [EntryID: Source] = [:]
        entries.reserveCapacity(listed.count)
        for (id, path, filePath) in listed {
            entries[id] = Source(blobID: clean[path], filePath: filePath) { FileManager.default.contents(atPath: filePath) }
        }
        return VersionContent(config: config, entries: entries, cacheFile: cacheFile(of: store)) { path in
            try? Data(contentsOf: store.url(of: path))
        }
    }

    /// Store path -> blob id (hex) of the index entries under `folders` whose working tree file is unchanged.
    /// Any failure gives an empty map: the files are then simply read and checked.
    ///
    /// Untracked files need not be listed: they have no index entry. Only regular files count (a symlink's blob is
    /// its target's name, not the bytes read through it).
    static func cleanBlobs(in store: Store, folders: [String]) -> [String: String] {
        guard !folders.isEmpty, let index = try? store.repository.index() else { return [:] }
        var options = DiffOptions()
        // Limit the diff to the collection folders when their names are plain (a pathspec may hold glob characters).
        if folders.allSatisfy({ $0.unicodeScalars.allSatisfy { CharacterSet.alphanumerics.contains($0) || "-_.".unicodeScalars.contains($0) } }) {
            options.pathspec = folders
        }
        guard let deltas = try? store.repository.diffIndexToWorkdir(options: options) else { return [:] }
        var changed = Set<String>()
        for delta in deltas {
            changed.insert(delta.oldPath)
            changed.insert(delta.newPath)
        }
        var clean: [String: String] = [:]
        for entry in index.entries where entry.mode == .blob || entry.mode == .executable {
            guard !changed.contains(entry.path) else { continue }
            clean[entry.path] = entry.id.hex
        }
        return clean
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
        return VersionContent(config: config, entries: entries, cacheFile: cacheFile(of: store)) { path in
            (try? store.blob(at: path, inTree: tree)) ?? nil
        }
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

/// Runs `a` and `b` at the same time (on two threads when the machine has them) and returns both results.
/// The caller makes sure that the two share nothing that is not safe to share.
func inParallel<A, B>(_ a: () -> A, _ b: () -> B) -> (A, B) {
    let first = UnsafeMutablePointer<A>.allocate(capacity: 1)
    let second = UnsafeMutablePointer<B>.allocate(capacity: 1)
    defer {
        first.deallocate()
        second.deallocate()
    }
    withoutActuallyEscaping(a) { a in
        withoutActuallyEscaping(b) { b in
            nonisolated(unsafe) let (a, b, first, second) = (a, b, first, second)
            DispatchQueue.concurrentPerform(iterations: 2) { i in
                if i == 0 { first.initialize(to: a()) } else { second.initialize(to: b()) }
            }
        }
    }
    return (first.move(), second.move())
}
