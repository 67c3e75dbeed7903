import CLibGit2
import Foundation

/// The file system's data about a working-tree file that the index keeps to notice later changes without reading
/// the file (`git_index_entry`'s stat fields), taken from `lstat`/`fstat`.
public struct IndexStat: Sendable, Hashable {
    public var ctimeSeconds: Int32, ctimeNanoseconds: UInt32
    public var mtimeSeconds: Int32, mtimeNanoseconds: UInt32
    public var device: UInt32, inode: UInt32, uid: UInt32, gid: UInt32

    public init(ctimeSeconds: Int32, ctimeNanoseconds: UInt32, mtimeSeconds: Int32, mtimeNanoseconds: UInt32,
                device: UInt32, inode: UInt32, uid: UInt32, gid: UInt32) {
        self.ctimeSeconds = ctimeSeconds
        self.ctimeNanoseconds = ctimeNanoseconds
        self.mtimeSeconds = mtimeSeconds
        self.mtimeNanoseconds = mtimeNanoseconds
        self.device = device
        self.inode = inode
        self.uid = uid
        self.gid = gid
    }
}

/// The repository's index (staging area, `git_index`). Not `Sendable`.
public final class Index {
    let pointer: OpaquePointer
    /// Keeps the repository open: path-based index calls need the owning repository.
    let repository: Repository

    init(owning pointer: OpaquePointer, repository: Repository) {
        self.pointer = pointer
        self.repository = repository
    }

    deinit {
        git_index_free(pointer)
    }

    /// Re-reads the index file; with `force`, discards unsaved changes. Wraps `git_index_read`.
    public func read(force: Bool) throws {
        try check(git_index_read(pointer, force ? 1 : 0), "git_index_read")
    }

    /// Stages the working-directory file at `path` (relative to the working directory).
    /// Wraps `git_index_add_bypath`.
    public func add(path: String) throws {
        try check(git_index_add_bypath(pointer, path), "git_index_add_bypath")
    }

    /// Stages `data` as the content of `path`: the blob is written from these bytes, not from the working tree (no
    /// filter runs), so what is recorded is exactly what the caller holds. `stat` is the file's stat data when the
    /// bytes were read from it (taken before reading, as git does), so that later comparisons need not hash it.
    /// Wraps `git_index_add_from_buffer`.
    public func add(path: String, data: Data, mode: FileMode = .blob, stat: IndexStat? = nil) throws {
        try path.withCString { cPath in
            var entry = git_index_entry()
            entry.path = cPath
            entry.mode = mode.raw
            if let stat {
                entry.ctime = git_index_time(seconds: stat.ctimeSeconds, nanoseconds: stat.ctimeNanoseconds)
                entry.mtime = git_index_time(seconds: stat.mtimeSeconds, nanoseconds: stat.mtimeNanoseconds)
                entry.dev = stat.device
                entry.ino = stat.inode
                entry.uid = stat.uid
                entry.gid = stat.gid
            }
            try retryingObjectWrite {
                // libgit2 wants a non-NULL buffer even for no bytes; an empty Data may have no base address.
                let rc = data.isEmpty
                    ? withUnsafeBytes(of: UInt8(0)) { git_index_add_from_buffer(pointer, &entry, $0.baseAddress, 0) }
                    : data.withUnsafeBytes { git_index_add_from_buffer(pointer, &entry, $0.baseAddress, $0.count) }
                try check(rc, "git_index_add_from_buffer")
            }
        }
    }

    /// Unstages `path`. Wraps `git_index_remove_bypath`.
    public func remove(path: String) throws {
        try check(git_index_remove_bypath(pointer, path), "git_index_remove_bypath")
    }

    /// Stages all working-directory files matching `pathspec` (empty = all), respecting ignores.
    /// Wraps `git_index_add_all`.
    public func addAll(pathspec: [String]) throws {
        try withStrArray(pathspec) { array in
            try check(git_index_add_all(pointer, array, GIT_INDEX_ADD_DEFAULT.rawValue, nil, nil), "git_index_add_all")
        }
    }

    /// Updates the entries matching `pathspec` (empty = all) from the working directory, removing
    /// those whose files are gone. Wraps `git_index_update_all`.
    public func updateAll(pathspec: [String]) throws {
        try withStrArray(pathspec) { array in
            try check(git_index_update_all(pointer, array, nil, nil), "git_index_update_all")
        }
    }

    /// Replaces the index content with tree `id`. Wraps `git_index_read_tree`.
    public func readTree(_ id: ObjectID) throws {
        try repository.withTree(id) { tree in
            try check(git_index_read_tree(pointer, tree), "git_index_read_tree")
        }
    }

    /// Whether `readTree` of the tree this index records would keep every entry as it is: there are no resolve-undo
    /// or conflict-name records and no entry has extended flags (intent-to-add, skip-worktree), all of which
    /// `git_index_read_tree` drops. Wraps `git_index_reuc_entrycount`, `git_index_name_entrycount` and
    /// `git_index_get_byindex`.
    public var keepsItsEntriesOnReadTree: Bool {
        guard git_index_reuc_entrycount(pointer) == 0, git_index_name_entrycount(pointer) == 0 else { return false }
        for index in 0..<git_index_entrycount(pointer) {
            guard let entry = git_index_get_byindex(pointer, index), entry.pointee.flags_extended == 0 else { return false }
        }
        return true
    }

    /// Writes the index content as tree objects. Wraps `git_index_write_tree`.
    public func writeTree() throws -> ObjectID {
        try retryingObjectWrite {
            var oid = git_oid()
            try check(git_index_write_tree(&oid, pointer), "git_index_write_tree")
            return ObjectID(oid)
        }
    }

    /// Saves the index file (taking `index.lock`; throws `.locked` when it is held). Wraps `git_index_write`.
    public func write() throws {
        try check(git_index_write(pointer), "git_index_write")
    }

    /// The stage-0 (non-conflict) entries, sorted by path. Wraps `git_index_get_byindex`.
    public var entries: [IndexEntry] {
        let count = git_index_entrycount(pointer)
        var entries: [IndexEntry] = []
        entries.reserveCapacity(count)
        for index in 0..<count {
            guard let entry = git_index_get_byindex(pointer, index), git_index_entry_stage(entry) == 0 else { continue }
            entries.append(IndexEntry(entry.pointee))
        }
        return entries
    }

    /// The stage-0 entries with their stat data, sorted by path. Wraps `git_index_get_byindex`.
    public var statEntries: [IndexStatEntry] {
        let count = git_index_entrycount(pointer)
        var entries: [IndexStatEntry] = []
        entries.reserveCapacity(count)
        for index in 0..<count {
            guard let entry = git_index_get_byindex(pointer, index), git_index_entry_stage(entry) == 0 else { continue }
            let e = entry.pointee
            let stat = IndexStat(ctimeSeconds: e.ctime.seconds, ctimeNanoseconds: e.ctime.nanoseconds,
                                 mtimeSeconds: e.mtime.seconds, mtimeNanoseconds: e.mtime.nanoseconds,
                                 device: e.dev, inode: e.ino, uid: e.uid, gid: e.gid)
            entries.append(IndexStatEntry(entry: IndexEntry(e), stat: stat, fileSize: e.file_size))
        }
        return entries
    }

    /// Whether any path has conflict entries (stages 1 to 3). Wraps `git_index_has_conflicts`.
    public var hasConflicts: Bool {
        git_index_has_conflicts(pointer) != 0
    }

    /// The stage-0 entry for `path`, if any. Wraps `git_index_get_bypath`.
    public func entry(path: String) -> IndexEntry? {
        git_index_get_bypath(pointer, path, 0).map { IndexEntry($0.pointee) }
    }
}

extension IndexEntry {
    init(_ entry: git_index_entry) {
        self.init(path: string(entry.path), id: ObjectID(entry.id), mode: FileMode(raw: entry.mode))
    }
}

extension Repository {
    /// The repository's index. Wraps `git_repository_index`.
    public func index() throws -> Index {
        var index: OpaquePointer?
        try check(git_repository_index(&index, try pointer), "git_repository_index")
        guard let index else { throw GitError.missingResult("git_repository_index") }
        return Index(owning: index, repository: self)
    }
}
