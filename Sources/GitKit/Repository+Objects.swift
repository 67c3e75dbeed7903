import CLibGit2
import Foundation

extension Repository {
    /// Stores `data` as a blob. Wraps `git_blob_create_from_buffer`.
    public func writeBlob(_ data: Data) throws -> ObjectID {
        let repository = try pointer
        return try retryingObjectWrite {
            var oid = git_oid()
            var empty: UInt8 = 0
            let rc = data.withUnsafeBytes { raw -> Int32 in
                // An empty Data may have no base address; libgit2 wants a pointer even for zero bytes.
                if let base = raw.baseAddress {
                    return git_blob_create_from_buffer(&oid, repository, base, raw.count)
                }
                return git_blob_create_from_buffer(&oid, repository, &empty, 0)
            }
            try check(rc, "git_blob_create_from_buffer")
            return ObjectID(oid)
        }
    }

    /// The id `data` has as a blob, without writing it: GitKit's own SHA-1 (`sha1.h`; libgit2's `git_odb_hash` loaded
    /// libgit2 for a commit's hashing alone, issue 19).
    public static func blobID(of data: Data) throws -> ObjectID {
        data.withUnsafeBytes { SHA1.objectID(type: "blob", content: $0) }
    }

    /// The content of blob `id`: read by GitKit's own reader (`ObjectReader`) from the packs and loose objects when
    /// it can, else by libgit2 (which also words every error). Wraps `git_blob_lookup` and `git_blob_rawcontent`.
    public func blob(_ id: ObjectID) throws -> Data {
        if let (type, bytes) = objectReader()?.read(id), type == 3 { return Data(bytes) }
        return try withObject(id, lookup: git_blob_lookup, "git_blob_lookup", free: git_blob_free) { blob in
            let size = Int(git_blob_rawsize(blob))
            guard size > 0, let content = git_blob_rawcontent(blob) else { return Data() }
            return Data(bytes: content, count: size)
        }
    }

    /// The entries of tree `id`, in Git's order: read by GitKit's own reader when it can (`ownTree`; a `diff` of two
    /// tags started libgit2 for the label language's one tree listing, issue 19), else by libgit2.
    public func tree(_ id: ObjectID) throws -> [TreeEntry] {
        if let entries = ownTree(id) { return entries }
        return try treeWithLibGit2(id)
    }

    /// The entries of tree `id` from its raw bytes (`RawTreeEntries`, which takes what libgit2 parses without
    /// complaint); nil when the own reader cannot read it, it is not a tree, or its bytes are unusual.
    func ownTree(_ id: ObjectID) -> [TreeEntry]? {
        guard let (type, bytes) = objectReader()?.read(id), type == 2 else { return nil }
        return bytes.withUnsafeBytes { raw -> [TreeEntry]? in
            guard let entries = RawTreeEntries(raw, from: 0, to: raw.count) else { return nil }
            var result: [TreeEntry] = []
            result.reserveCapacity(entries.count)
            for k in 0..<entries.count {
                let start = entries.names[k], end = start + entries.lengths[k]
                let name = String(decoding: UnsafeRawBufferPointer(rebasing: raw[start..<end]), as: UTF8.self)
                let id = ObjectID(bytes: raw[(end + 1)..<(end + 21)])
                result.append(TreeEntry(name: name, id: id, mode: FileMode(raw: entries.modes[k])))
            }
            return result
        }
    }

    /// The entries of tree `id` as libgit2 lists them (the reference of `RevisionResolvingTests`). Wraps
    /// `git_tree_lookup` and `git_tree_entry_byindex`.
    package func treeWithLibGit2(_ id: ObjectID) throws -> [TreeEntry] {
        try withTree(id) { tree in
            let count = git_tree_entrycount(tree)
            var entries: [TreeEntry] = []
            entries.reserveCapacity(count)
            for index in 0..<count {
                guard let entry = git_tree_entry_byindex(tree, index) else { continue }
                entries.append(TreeEntry(borrowing: entry))
            }
            return entries
        }
    }

    /// Writes a tree from `entries` (any order; Git sorts them). Each entry's object must exist.
    /// A later entry with the same name replaces an earlier one. Wraps `git_treebuilder_new`,
    /// `git_treebuilder_insert` and `git_treebuilder_write`.
    public func writeTree(_ entries: [TreeEntry]) throws -> ObjectID {
        var builder: OpaquePointer?
        try check(git_treebuilder_new(&builder, try pointer, nil), "git_treebuilder_new")
        guard let builder else { throw GitError.missingResult("git_treebuilder_new") }
        defer { git_treebuilder_free(builder) }
        for entry in entries {
            var oid = entry.id.oid
            try check(git_treebuilder_insert(nil, builder, entry.name, &oid, git_filemode_t(rawValue: entry.mode.raw)), "git_treebuilder_insert")
        }
        return try retryingObjectWrite {
            var result = git_oid()
            try check(git_treebuilder_write(&result, builder), "git_treebuilder_write")
            return ObjectID(result)
        }
    }

    /// The entry at a slash-separated `path` below tree `tree`; nil when there is none.
    /// Wraps `git_tree_entry_bypath`.
    public func entry(atPath path: String, inTree tree: ObjectID) throws -> TreeEntry? {
        if let found = entryWithOwnReader(atPath: path, inTree: tree) { return found }
        return try entryWithLibGit2(atPath: path, inTree: tree)
    }

    /// The entry at `path` as GitKit's own reader finds it, tree by tree: `.some(nil)` when there is none, nil when
    /// the reader leaves the question to libgit2 (a tree it does not read, or not the usual way; a path with an empty
    /// component).
    package func entryWithOwnReader(atPath path: String, inTree tree: ObjectID) -> TreeEntry?? {
        walk(path, from: tree) { reader, current, component in
            if let index = pathIndexes.index(of: current) { return .some(index[Array(component)]) }
            guard let (type, bytes) = reader.read(current), type == 2 else { return nil }
            return bytes.withUnsafeBytes { raw -> TreeEntry?? in
                guard let layout = treeLayouts.layout(of: current, bytes: raw) else { return nil }
                return pathIndexes.look(up: component, in: current, bytes: raw, layout: layout)
            }
        }
    }

    /// The entry at `path` as GitKit's own reader finds it, one entry at a time through each tree (the reference of
    /// `entryWithOwnReader`'s indexes, in tests).
    package func entryByScanning(atPath path: String, inTree tree: ObjectID) -> TreeEntry?? {
        walk(path, from: tree) { reader, current, component in
            guard let (type, bytes) = reader.read(current), type == 2 else { return nil }
            return bytes.withUnsafeBytes { raw -> TreeEntry?? in
                guard let entries = RawTreeEntries(raw, from: 0, to: raw.count) else { return nil }
                for e in 0..<entries.count where entries.nameBytes(e).elementsEqual(component) {
                    return .some(entries.entry(e))
                }
                return .some(nil)
            }
        }
    }

    /// Follows `path` from `tree`, component by component, with `find` (the entry of a name in a tree: `.some(nil)`
    /// when there is none, nil when the question goes to libgit2).
    private func walk(_ path: String, from tree: ObjectID,
                      find: (ObjectReader, ObjectID, Substring.UTF8View.SubSequence) -> TreeEntry??) -> TreeEntry?? {
        guard let reader = objectReader() else { return nil }
        let components = path.utf8.split(separator: UInt8(ascii: "/"), omittingEmptySubsequences: false)
        guard !components.isEmpty, !components.contains(where: \.isEmpty) else { return nil }
        var current = tree
        for (k, component) in components.enumerated() {
            guard let found = find(reader, current, component) else { return nil }
            guard let entry = found else { return .some(nil) }
            if k == components.count - 1 { return .some(entry) }
            // libgit2: a path through something that is not a folder names nothing.
            guard entry.mode == .tree else { return .some(nil) }
            current = entry.id
        }
        return nil
    }

    /// The entry at `path` as libgit2 finds it. Wraps `git_tree_entry_bypath`.
    package func entryWithLibGit2(atPath path: String, inTree tree: ObjectID) throws -> TreeEntry? {
        try withTree(tree) { tree in
            var entry: OpaquePointer?
            let rc = git_tree_entry_bypath(&entry, tree, path)
            if rc == GIT_ENOTFOUND.rawValue { return nil }
            try check(rc, "git_tree_entry_bypath")
            guard let entry else { throw GitError.missingResult("git_tree_entry_bypath") }
            defer { git_tree_entry_free(entry) }
            return TreeEntry(borrowing: entry)
        }
    }

    /// The commit `id`, copied out. Wraps `git_commit_lookup`.
    /// The id of commit `id`'s tree, without copying the rest of the commit out. Wraps `git_commit_tree_id`.
    /// Read by GitKit's own reader when it can (so that `headCommit` does not start libgit2, issue 19: a `diff` of
    /// two tags paid for libgit2's initialisation only here), else by libgit2.
    public func treeID(ofCommit id: ObjectID) throws -> ObjectID {
        if let (type, bytes) = objectReader()?.read(id), type == 1, let commit = CommitParser.parse(bytes, id: id) { return commit.treeID }
        return try withCommit(id) { commit in
            guard let treeID = git_commit_tree_id(commit) else { throw GitError.missingResult("git_commit_tree_id") }
            return ObjectID(treeID)
        }
    }

    public func commit(_ id: ObjectID) throws -> Commit {
        if let (type, bytes) = objectReader()?.read(id), type == 1, let commit = CommitParser.parse(bytes, id: id) { return commit }
        return try commitWithLibGit2(id)
    }

    /// The commit `id` as libgit2 parses it (for the tests that hold `CommitParser` to it). Wraps `git_commit_lookup`.
    package func commitWithLibGit2(_ id: ObjectID) throws -> Commit {
        try withCommit(id) { commit in
            guard let treeID = git_commit_tree_id(commit),
                  let author = git_commit_author(commit),
                  let committer = git_commit_committer(commit) else {
                throw GitError.missingResult("git_commit_lookup")
            }
            let parentCount = git_commit_parentcount(commit)
            let parents = (0..<parentCount).compactMap { index in git_commit_parent_id(commit, index).map(ObjectID.init) }
            return Commit(
                id: id,
                treeID: ObjectID(treeID),
                parentIDs: parents,
                author: Signature(author),
                committer: Signature(committer),
                message: string(git_commit_message(commit))
            )
        }
    }

    /// The type of object `id`: the own reader's when it reads the object (issue 19: `Releases.scan` asked libgit2
    /// for each tag's target), else libgit2's. Wraps `git_object_lookup` and `git_object_type`.
    public func objectKind(_ id: ObjectID) throws -> ObjectKind {
        if let (type, _) = objectReader()?.read(id) {
            switch type {
            case 1: return .commit
            case 2: return .tree
            case 3: return .blob
            case 4: return .tag
            default: break
            }
        }
        return try withAnyObject(id) { object in
            guard let kind = ObjectKind(git_object_type(object)) else {
                throw GitError.missingResult("git_object_type")
            }
            return kind
        }
    }

    /// The size in bytes of object `id`, read from its header without inflating its content (an attachment of many
    /// megabytes is not read to learn its size). Wraps `git_odb_read_header`.
    public func objectSize(_ id: ObjectID) throws -> Int {
        var oid = id.oid
        var size = 0
        var type = GIT_OBJECT_INVALID
        try check(git_odb_read_header(&size, &type, try odb(), &oid), "git_odb_read_header")
        return size
    }

    /// Whether object `id` is in the object database. Wraps `git_odb_exists`.
    public func contains(_ id: ObjectID) throws -> Bool {
        var odb: OpaquePointer?
        try check(git_repository_odb(&odb, try pointer), "git_repository_odb")
        guard let odb else { throw GitError.missingResult("git_repository_odb") }
        defer { git_odb_free(odb) }
        var oid = id.oid
        return git_odb_exists(odb, &oid) == 1
    }

    /// The commits `ids` names, looked up for `git_commit_create` and its kin; the caller frees them
    /// (`git_commit_free`), also when a later step fails. Wraps `git_commit_lookup`.
    func lookUpCommits(_ ids: [ObjectID]) throws -> [OpaquePointer?] {
        var commits: [OpaquePointer?] = []
        do {
            for id in ids {
                var oid = id.oid
                var commit: OpaquePointer?
                try check(git_commit_lookup(&commit, try pointer, &oid), "git_commit_lookup")
                commits.append(commit)
            }
        } catch {
            commits.forEach { git_commit_free($0) }
            throw error
        }
        return commits
    }

    /// Writes a commit object without moving any reference (use ``updateReference(_:to:expecting:logMessage:)``).
    /// The message is stored as given. Wraps `git_commit_create` with `update_ref = NULL`.
    public func createCommit(tree: ObjectID, parents: [ObjectID], author: Signature, committer: Signature, message: String) throws -> ObjectID {
        var parentCommits = try lookUpCommits(parents)
        defer { parentCommits.forEach { git_commit_free($0) } }
        let repository = try pointer
        return try withTree(tree) { tree in
            try author.withGitSignature { author in
                try committer.withGitSignature { committer in
                    try retryingObjectWrite {
                        var result = git_oid()
                        let rc = parentCommits.withUnsafeMutableBufferPointer { buffer in
                            git_commit_create(&result, repository, nil, author, committer, nil, message, tree, buffer.count, buffer.baseAddress)
                        }
                        try check(rc, "git_commit_create")
                        return ObjectID(result)
                    }
                }
            }
        }
    }
}

extension Repository {
    /// Object `id` as GitKit's own reader reads it: its type (1 commit, 2 tree, 3 blob, 4 tag) and content; nil when
    /// the reader does not read it (then libgit2 does). For the tests that hold the reader to libgit2.
    package func readObjectWithOwnReader(_ id: ObjectID) -> (type: Int, bytes: [UInt8])? {
        objectReader()?.read(id).map { (Int($0.type), $0.bytes) }
    }

    /// Object `id` as libgit2 reads it: its type and content. Wraps `git_odb_read`.
    package func readObjectWithLibGit2(_ id: ObjectID) throws -> (type: Int, bytes: [UInt8]) {
        var oid = id.oid
        var object: OpaquePointer?
        try check(git_odb_read(&object, try odb(), &oid), "git_odb_read")
        guard let object else { throw GitError.missingResult("git_odb_read") }
        defer { git_odb_object_free(object) }
        let size = git_odb_object_size(object)
        let bytes = size == 0 ? [] : [UInt8](UnsafeRawBufferPointer(start: git_odb_object_data(object), count: size))
        return (Int(git_odb_object_type(object).rawValue), bytes)
    }
}

extension TreeEntry {
    /// Copies a borrowed `git_tree_entry`.
    init(borrowing entry: OpaquePointer) {
        let id = git_tree_entry_id(entry).map(ObjectID.init) ?? ObjectID(git_oid())
        self.init(name: string(git_tree_entry_name(entry)), id: id, mode: FileMode(raw: git_tree_entry_filemode_raw(entry).rawValue))
    }
}

/// Trees that paths were looked up in, indexed by entry name: a diff asks for the referenced entries' titles one
/// path at a time in the same large collection trees (thousands of entries), and scanning such a tree for each path
/// made a first..last diff of the large bench store twice as slow as libgit2's cached, binary-searched trees. A tree
/// of at least `indexedEntries` entries is indexed once it was looked up `lookupsBeforeIndex` times (a changelog
/// looks up a few paths in each version's new trees: indexing each of them cost more than scanning); before that,
/// each look-up scans the tree's layout (`RawTreeLayouts`: the names' lengths, kept for the version's next look-ups
/// and tree comparisons) without making anything. The most recent indexes are kept (one handle, one thread).
struct TreePathIndexes {
    /// From this many entries a tree looked up often is indexed.
    static let indexedEntries = 64
    /// Look-ups of a tree before it is indexed.
    static let lookupsBeforeIndex = 16
    /// How many indexes are kept.
    static let kept = 16

    private var indexes: [ObjectID: [[UInt8]: TreeEntry]] = [:]
    private var order: [ObjectID] = []
    /// Look-ups of large trees not indexed yet.
    private var lookups: [ObjectID: Int] = [:]

    func index(of tree: ObjectID) -> [[UInt8]: TreeEntry]? { indexes[tree] }

    /// The entry named `name` in `tree` (whose bytes are `raw`, parsed whole into `layout`, so that a tree not parsed
    /// the usual way is left to libgit2 wherever the name is): `.some(nil)` when there is none.
    mutating func look<C: Collection<UInt8>>(up name: C, in tree: ObjectID, bytes raw: UnsafeRawBufferPointer,
                                             layout: RawTreeLayout) -> TreeEntry?? {
        let wanted = Array(name)
        guard let base = raw.baseAddress else { return nil }
        var found: TreeEntry?
        let count = layout.count
        // The first entry of that name: names of another length are passed over without reading them.
        for k in 0..<count {
            let start = Int(layout.names[k]), end = Int(layout.ends[k]) - 21
            guard end - start == wanted.count, memcmp(base + start, wanted, wanted.count) == 0 else { continue }
            found = TreeEntry(name: String(decoding: UnsafeRawBufferPointer(rebasing: raw[start..<end]), as: UTF8.self),
                              id: ObjectID(bytes: raw[(end + 1)..<(end + 21)]), mode: FileMode(raw: layout.modes[k]))
            break
        }
        if count >= Self.indexedEntries {
            let seen = lookups[tree, default: 0] + 1
            if seen >= Self.lookupsBeforeIndex, let entries = RawTreeEntries(raw, from: 0, to: raw.count) {
                var index: [[UInt8]: TreeEntry] = [:]
                index.reserveCapacity(entries.count)
                // The first of equal names, as the walk finds it (a tree Git wrote has none twice).
                for e in (0..<entries.count).reversed() { index[entries.nameBytes(e)] = entries.entry(e) }
                lookups[tree] = nil
                if order.count >= Self.kept { indexes[order.removeFirst()] = nil }
                order.append(tree)
                indexes[tree] = index
            } else {
                if lookups.count >= 1_024 { lookups.removeAll(keepingCapacity: true) }
                lookups[tree] = seen
            }
        }
        return .some(found)
    }
}
