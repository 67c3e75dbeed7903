import CLibGit2
import Foundation

/// Objects written in memory and stored in the object database as one pack file at the end, instead of one loose
/// object (and, with fsync on, an fsync of the file and of its folder) each: for writing thousands of objects at
/// once, e.g. a whole imported version.
///
/// ```swift
/// let batch = try repository.objectBatch()
/// let blob = try batch.writeBlob(data)
/// let tree = try batch.writeTree([TreeEntry(name: "a.md", id: blob, mode: .blob)])
/// let commit = try batch.createCommit(tree: tree, parents: [], author: me, committer: me, message: "Import\n")
/// try batch.write()                           // the pack and its index, durable before it returns
/// try repository.updateReference("refs/heads/main", to: commit, expecting: nil, logMessage: "import")
/// ```
///
/// The objects live in an in-memory backend (libgit2's mempack) of a second handle on the same repository, so no
/// other handle ever sees them before `write()`; objects the repository already holds are not written again.
/// `write()` packs the new objects with libgit2's packbuilder and stores the pack through its indexer, which (with
/// fsync on, as `LibGit2.initialize` sets it) fsyncs the pack, its index and the pack folder before it returns: a
/// reference moved after `write()` never points at an object a crash can lose. An object batch that is dropped
/// without `write()` leaves nothing behind. Not `Sendable`: confine it to one task.
public final class ObjectBatch {
    /// A handle of its own on the repository, whose object database has the in-memory backend on top.
    private let repository: Repository
    /// Owned by `repository`'s object database.
    private let backend: UnsafeMutablePointer<git_odb_backend>
    /// The objects this batch wrote, in the order written (the pack holds exactly these).
    private var written: [ObjectID] = []
    private var writtenSet = Set<ObjectID>()

    init(gitDirectory: URL) throws {
        repository = try Repository(at: gitDirectory)
        backend = try repository.addInMemoryObjectBackend()
    }

    /// Stores `data` as a blob, unless the repository or the batch already has it. Wraps `git_odb_hash`,
    /// `git_odb_exists_ext` and `git_blob_create_from_buffer`.
    public func writeBlob(_ data: Data) throws -> ObjectID {
        let id = try Repository.blobID(of: data)
        var oid = id.oid
        // Without a rescan of the pack folder per miss: a blob the repository holds in a pack it had not yet seen
        // is written once more, which is harmless.
        if git_odb_exists_ext(try repository.odb(), &oid, GIT_ODB_LOOKUP_NO_REFRESH.rawValue) == 1 { return id }
        let written = try repository.writeBlob(data)
        record(written)
        return written
    }

    /// Writes a tree from `entries` (any order; Git sorts them); each entry's object must exist, in the repository
    /// or in the batch. Wraps `git_treebuilder_write`.
    public func writeTree(_ entries: [TreeEntry]) throws -> ObjectID {
        let id = try repository.writeTree(entries)
        record(id)
        return id
    }

    /// Writes a commit object without moving any reference. Wraps `git_commit_create` with `update_ref = NULL`.
    public func createCommit(tree: ObjectID, parents: [ObjectID], author: Signature, committer: Signature, message: String) throws -> ObjectID {
        let id = try repository.createCommit(tree: tree, parents: parents, author: author, committer: committer, message: message)
        record(id)
        return id
    }

    /// How many objects `write()` will store.
    public var count: Int { written.count }

    /// Stores every object of the batch in one pack file with its index (`objects/pack/pack-<id>.pack` and `.idx`),
    /// fsynced, then empties the batch. Wraps `git_packbuilder_insert`, `git_packbuilder_write` and
    /// `git_mempack_reset`.
    public func write() throws {
        guard !written.isEmpty else { return }
        var builder: OpaquePointer?
        try check(git_packbuilder_new(&builder, try repository.pointer), "git_packbuilder_new")
        guard let builder else { throw GitError.missingResult("git_packbuilder_new") }
        defer { git_packbuilder_free(builder) }
        for id in written {
            var oid = id.oid
            try check(git_packbuilder_insert(builder, &oid, nil), "git_packbuilder_insert")
        }
        try check(git_packbuilder_write(builder, nil, 0, nil, nil), "git_packbuilder_write")
        try check(git_mempack_reset(backend), "git_mempack_reset")
        written = []
        writtenSet = []
    }

    private func record(_ id: ObjectID) {
        if writtenSet.insert(id).inserted { written.append(id) }
    }
}

extension Repository {
    /// A batch of objects to be stored as one pack file (see ``ObjectBatch``).
    public func objectBatch() throws -> ObjectBatch {
        try ObjectBatch(gitDirectory: gitDirectory)
    }
}

extension Repository {
    /// Puts libgit2's in-memory object backend (mempack) above this handle's object database, so that every object
    /// written through the handle stays in memory (`ObjectBatch`, `DeferredObjectWriter`). The backend is owned by
    /// the object database. Wraps `git_mempack_new` and `git_odb_add_backend`.
    func addInMemoryObjectBackend() throws -> UnsafeMutablePointer<git_odb_backend> {
        // The handle opens libgit2 on first use; the in-memory backend is made before that.
        LibGit2.initialize()
        var created: UnsafeMutablePointer<git_odb_backend>?
        try check(git_mempack_new(&created), "git_mempack_new")
        guard let created else { throw GitError.missingResult("git_mempack_new") }
        // Above every backend on disk (loose 1, packs 2), so that every write lands in memory.
        let rc = git_odb_add_backend(try odb(), created, 999)
        if rc < 0 {
            created.pointee.free?(created)
            try check(rc, "git_odb_add_backend")
        }
        return created
    }
}
