import Foundation
import GitKit

/// A folder of the working tree as a caller has just listed it: every name in it with the `lstat` data of the
/// file, each a regular file. `chronik validate` lists the collection folders anyway (the validation cache needs
/// each entry's stamp); handing the listing to the commit gate (`Store.commitRefusals(checker:limits:listed:)`)
/// spares libgit2 a second `lstat` of every entry (the working tree read once, not twice).
public struct ListedFolder: Sendable {
    /// The folder's name at the store's root (a collection).
    public var name: String
    /// Every name in the folder, in the order listed, with its stat data (`stats[k]` the data of `names[k]`); a
    /// folder that held anything else (a subfolder, a link, a name that is not an entry's) is not a `ListedFolder`.
    /// Kept as lists, not a table: the commit gate looks them up by the index's bytes (`Store.vouched`, GitKit's
    /// `NameTable`), and a table of Strings made here hashed 5,000 names at the end of a cold `validate`.
    public private(set) var names: [String]
    public private(set) var stats: [ListedFileStat]

    /// Every name in the folder with its stat data (for a name listed twice, its first).
    public var files: [String: ListedFileStat] {
        Dictionary(zip(names, stats), uniquingKeysWith: { first, _ in first })
    }

    public init(name: String, files: [String: ListedFileStat]) {
        self.name = name
        names = Array(files.keys)
        stats = names.map { files[$0]! }
    }

    /// `names[k]` with the stat data `stats[k]` (as many of each).
    public init(name: String, names: [String], stats: [ListedFileStat]) {
        precondition(names.count == stats.count, "a listed folder's names and stat data differ in number")
        self.name = name
        self.names = names
        self.stats = stats
    }
}

/// What `lstat` said of a regular file: what git's index keeps to recognise it without reading it.
public struct ListedFileStat: Sendable, Hashable {
    public var inode: UInt64
    public var size: Int64
    /// mtime and ctime in nanoseconds since 1970.
    public var modified: Int64
    public var changed: Int64

    public init(inode: UInt64, size: Int64, modified: Int64, changed: Int64) {
        self.inode = inode
        self.size = size
        self.modified = modified
        self.changed = changed
    }
}

extension Store {
    /// The changes of the working tree against `head` as libgit2 reports them (`git_diff_tree_to_workdir_with_index`,
    /// untracked files listed one by one), with `listed` folders taken from the caller's listing where that proves
    /// them unchanged: every name in the folder has an index entry whose stat data (mtime, ctime, inode, size) are the
    /// file's and whose blob and mode are the tip's, no other index or tip entry lies below it, no entry is racily
    /// clean (modified in or after the tick the index was written), and the index has no conflicts. For such a
    /// folder libgit2 itself would compare the same stat data and report nothing; the rest of the tree (every other
    /// top-level name of the working tree, the tip and the index) is diffed by libgit2 as before. Any doubt (an
    /// index that cannot be read, a name that is not UTF-8, one file that differs) diffs the whole tree.
    func workingTreeDeltas(head: Commit?, options: DiffOptions, listed: [ListedFolder]) throws -> [DiffDelta] {
        guard !listed.isEmpty, let found = try? cleanFolders(listed, head: head), !found.clean.isEmpty,
              let rest = try? topLevelNames(head: head, index: found.indexNames).subtracting(found.clean)
        else { return try repository.diffTreeToWorkdir(head?.treeID, options: options) }
        if rest.isEmpty && found.racy.isEmpty { return [] }
        var limited = options
        // The rest of the tree, and the racily clean files of the folders taken (libgit2 compares their contents).
        limited.pathspec = (Array(rest) + found.racy).sorted()
        limited.pathspecIsPathList = true
        return try repository.diffTreeToWorkdir(head?.treeID, options: limited)
    }

    /// The names of `listed` that `workingTreeDeltas` may leave out (see there) but for their racily clean files
    /// (`racy`, paths: modified in or after the tick the index was written, so that their stat data prove nothing and
    /// libgit2 is to compare them), and the top-level names of the index's paths. (A folder with one racy file was
    /// diffed whole: a store checked out just now, as in CI, has its last folder's files written in the index's tick,
    /// 30 of the generated store's 750 strategy files, and libgit2 stat-ed all 750 on every `validate`.)
    func cleanFolders(_ listed: [ListedFolder], head: Commit?) throws -> (clean: Set<String>, indexNames: Set<String>, racy: [String]) {
        // The index file's time before it is read: an entry is racily clean if its file was modified at or after
        // it (libgit2's `git_index_entry_newer_than_index`, nanoseconds included). An older time is the safe side.
        var indexInfo = stat()
        guard lstat(repository.gitDirectory.appendingPathComponent("index").path, &indexInfo) == 0 else { return ([], [], []) }
        let index = try repository.index()
        try index.read(force: false)
        guard !index.hasConflicts else { return ([], [], []) }
        let indexSeconds = Int32(truncatingIfNeeded: indexInfo.st_mtim.tv_sec), indexNanoseconds = UInt32(truncatingIfNeeded: indexInfo.st_mtim.tv_nsec)
        let wanted = Set(listed.lazy.filter { !$0.name.contains("/") && !$0.name.isEmpty }.map(\.name))
        // Index entries by top-level folder, as ranges of `entries` (the index is sorted by path: a folder's entries
        // come one after another); a folder with an entry of its own name (a file), or whose entries do not, is not
        // clean. Paths are compared as bytes, over the Strings' own buffers: the generic comparisons of their UTF-8
        // views (a `Substring.UTF8View` subscript per byte) and a table look-up per entry were 2-3 ms of the gate's
        // thread in a cold `validate` of 5,000 entries, at the run's end.
        let entries = index.statEntries
        var byFolder: [String: Range<Int>] = [:]
        var unusable = Set<String>()
        var indexNames = Set<String>()
        var current = "", currentStart = 0, taken = false
        func close(at end: Int) {
            guard taken else { return }
            if byFolder.updateValue(currentStart..<end, forKey: current) != nil { unusable.insert(current) }
        }
        for (position, e) in entries.enumerated() {
            let path = e.entry.path
            guard let slash = Self.firstSlash(path) else {
                // A file at the top ends the folder before it (`chronik.yml` comes between `actors/` and `events/`).
                close(at: position)
                current = ""
                taken = false
                if wanted.contains(path) { unusable.insert(path) }
                indexNames.insert(path)
                continue
            }
            if current.isEmpty || !Self.hasFolder(path, current, slash: slash) {
                close(at: position)
                current = String(decoding: Self.utf8(path, slash), as: UTF8.self)
                currentStart = position
                indexNames.insert(current)
                taken = wanted.contains(current)
            }
        }
        close(at: entries.count)
        let top = try head.map { try repository.tree($0.treeID) } ?? []
        var clean = Set<String>()
        var racy: [String] = []
        for folder in listed where wanted.contains(folder.name) && !unusable.contains(folder.name) {
            let range = byFolder[folder.name] ?? 0..<0
            var tip: [TreeEntry] = []
            if let item = top.first(where: { $0.name == folder.name }) {
                guard item.mode == .tree else { continue }
                tip = try repository.tree(item.id)
            }
            let files = folder.files
            guard range.count == files.count, tip.count == files.count else { continue }
            // Both in the same order: the index sorts by path, a tree by name (bytes, for files alike); a folder
            // in any other order is not taken as clean. The tip's name then finds the listed file.
            let prefix = folder.name.utf8.count + 1
            var racyHere: [String] = []
            let unchanged = zip(entries[range], tip).allSatisfy { e, stored in
                guard Self.hasName(e.entry.path, after: prefix, stored.name), let file = files[stored.name],
                      e.entry.mode == .blob, stored.mode == .blob, stored.id == e.entry.id else { return false }
                let s = e.stat
                let (mtime, mtimeNanoseconds) = Self.split(file.modified), (ctime, ctimeNanoseconds) = Self.split(file.changed)
                guard s.mtimeSeconds == mtime, s.mtimeNanoseconds == mtimeNanoseconds, s.ctimeSeconds == ctime,
                      s.ctimeNanoseconds == ctimeNanoseconds, s.inode == UInt32(truncatingIfNeeded: file.inode),
                      e.fileSize == UInt32(truncatingIfNeeded: file.size) else { return false }
                // Racily clean (modified in or after the tick the index was written): for libgit2 to compare.
                if !(s.mtimeSeconds < indexSeconds || (s.mtimeSeconds == indexSeconds && s.mtimeNanoseconds < indexNanoseconds)) {
                    racyHere.append(e.entry.path)
                }
                return true
            }
            if unchanged {
                clean.insert(folder.name)
                racy += racyHere
            }
        }
        return (clean, indexNames, racy)
    }

    /// The UTF-8 offset of the first `/` in `path`.
    static func firstSlash(_ path: String) -> Int? {
        var path = path
        return path.withUTF8 { bytes in bytes.firstIndex(of: UInt8(ascii: "/")) }
    }

    /// The first `count` UTF-8 bytes of `path`.
    static func utf8(_ path: String, _ count: Int) -> [UInt8] {
        var path = path
        return path.withUTF8 { Array($0[..<count]) }
    }

    /// Whether `path`, whose first `/` is at `slash`, lies in the top-level folder `folder`.
    static func hasFolder(_ path: String, _ folder: String, slash: Int) -> Bool {
        var path = path, folder = folder
        return path.withUTF8 { p in folder.withUTF8 { f in slash == f.count && memcmp(p.baseAddress!, f.baseAddress!, slash) == 0 } }
    }

    /// Whether `path` is `name` after its first `prefix` bytes.
    static func hasName(_ path: String, after prefix: Int, _ name: String) -> Bool {
        var path = path, name = name
        return path.withUTF8 { p in
            name.withUTF8 { n in
                p.count == prefix + n.count && (n.isEmpty || memcmp(p.baseAddress! + prefix, n.baseAddress!, n.count) == 0)
            }
        }
    }

    /// Seconds and nanoseconds, as the index keeps a time (seconds truncated to 32 bits).
    private static func split(_ nanoseconds: Int64) -> (Int32, UInt32) {
        let seconds = nanoseconds / 1_000_000_000, rest = nanoseconds % 1_000_000_000
        return (Int32(truncatingIfNeeded: seconds), UInt32(truncatingIfNeeded: rest))
    }

    /// Every name at the top of the working tree, the tip and the index (`index`, the top-level names of its
    /// paths), but `.git`, for limiting a diff to them. Throws when a name of the working tree is not UTF-8 (it
    /// could not be named in a path list).
    private func topLevelNames(head: Commit?, index: Set<String>) throws -> Set<String> {
        var names = index
        guard let directory = opendir(root.path) else { throw CocoaError(.fileReadUnknown) }
        defer { closedir(directory) }
        while let item = readdir(directory) {
            let name: String? = withUnsafeBytes(of: &item.pointee.d_name) { raw in
                let bytes = raw.bindMemory(to: UInt8.self)
                return String(validating: UnsafeBufferPointer(rebasing: bytes[..<(bytes.firstIndex(of: 0) ?? bytes.count)]), as: UTF8.self)
            }
            guard let name else { throw CocoaError(.fileReadInapplicableStringEncoding) }
            if name != "." && name != ".." { names.insert(name) }
        }
        for item in try head.map({ try repository.tree($0.treeID) }) ?? [] { names.insert(item.name) }
        names.remove(".git")
        return names
    }
}
