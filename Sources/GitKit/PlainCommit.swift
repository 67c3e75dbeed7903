import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A commit on the current branch done by GitKit alone, without libgit2 (issue 19: loading libgit2 and its libraries,
/// initialising it and its diff, index and object writes were a third of `chronik commit` of one changed entry).
/// It answers only the plain case and says nil (`scan`) for anything else, which libgit2 then commits as before:
///
/// - the repository found by GitKit (`RepositoryLayout`), HEAD a branch with a tip, no setting that changes how
///   files are compared (`core.filemode`, `core.trustctime`, `core.autocrlf`, `core.ignorecase`, … other than
///   their defaults), no attributes file (which could name a filter);
/// - an index `IndexFile` reads whose entries make the tip's tree (`recordsTip`): then a comparison of the tip with
///   the working tree is one of the index with it;
/// - regular files only (no link, submodule or conflict), and no untracked name in the working tree: an untracked
///   file needs the ignore rules, which are libgit2's.
///
/// The steps are libgit2's, in its order: the scan compares each file's stat data with the index as
/// `git_diff_tree_to_workdir_with_index` with `GIT_DIFF_UPDATE_INDEX` does (a file whose stat data changed and whose
/// content did not is refreshed in the index); `record` builds the new trees from the index and its cached trees
/// (only the folders on a changed path are written), stores the new objects in one durable batch
/// (`LooseObjectFiles`) and writes the commit as `git_commit_create` would; `moveBranch` moves the branch by
/// compare-and-swap under `<ref>.lock` with the reflog lines libgit2 writes; `writeIndex` writes the index as
/// `git_index_write` does (racily clean entries smudged), with the cached trees of the whole new tree, as `git commit`
/// leaves them (libgit2 leaves the changed folders unknown, so that the next commit would compute them again).
package final class PlainCommit {
    private let layout: RepositoryLayout
    private var index: IndexFile
    /// The index file's modification time when it was read (libgit2's index stamp, for racily clean entries).
    private let stamp: timespec
    /// The tip's tree.
    private let tipTree: ObjectID
    /// The changes of the working tree against the tip, as libgit2's diff reports them, sorted by path.
    package private(set) var deltas: [DiffDelta] = []
    /// Whether the scan refreshed the stat data of an unchanged file (the index then wants writing, as libgit2's
    /// diff writes it).
    package private(set) var refreshed = false
    /// The index's entries, as the scan left them (stat data refreshed).
    package var indexEntries: [IndexFile.Entry] { index.entries }
    /// The working tree's folder (ends with a slash).
    private let root: String
    /// The folders a caller vouches for during a scan (`scan(vouched:parallelMinimum:)`); read only while it runs.
    private var vouched: [String: VouchedFolder] = [:]

    private init(layout: RepositoryLayout, index: IndexFile, stamp: timespec, tipTree: ObjectID) {
        self.layout = layout
        self.index = index
        self.stamp = stamp
        self.tipTree = tipTree
        root = layout.workingDirectory
    }

    /// The working tree compared with the tip whose tree is `tipTree`, when everything is of the plain form (see the
    /// type); nil: leave the commit to libgit2.
    /// With `parallelMinimum` or more index entries, the root's subfolders are scanned on two threads (`scanWorkingTree`).
    package static func scan(_ repository: Repository, tipTree: ObjectID, parallelMinimum: Int = 2_000) -> PlainCommit? {
        guard let commit = prepare(repository, tipTree: tipTree), commit.scan(parallelMinimum: parallelMinimum) else { return nil }
        return commit
    }

    /// The index read and found to hold the tip's tree, under settings of the plain form (see the type), before the
    /// working tree is scanned (`scan(vouched:parallelMinimum:)`); nil: leave the comparison to libgit2. `forCommit`:
    /// also the reflog's identity is one `moveBranch` writes as libgit2 would (a comparison alone needs none).
    package static func prepare(_ repository: Repository, tipTree: ObjectID, forCommit: Bool = true) -> PlainCommit? {
        guard let layout = repository.layout, Self.settingsArePlain(layout, forCommit: forCommit) else { return nil }
        let path = layout.gitDirectory + "index"
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        var info = stat()
        guard fstat(fd, &info) == 0, info.st_mode & S_IFMT == S_IFREG, info.st_size < 256 << 20,
              let bytes = ReferenceFiles.readAll(fd, count: Int(info.st_size)), let file = IndexFile.parse(bytes),
              file.entries.allSatisfy({ ($0.mode == 0o100644 || $0.mode == 0o100755) && !Self.namesAttributes($0.path) }) else { return nil }
        let commit = PlainCommit(layout: layout, index: file, stamp: info.st_mtim, tipTree: tipTree)
        guard commit.recordsTip() else { return nil }
        return commit
    }

    /// The tip's tree this comparison is against.
    package var tip: ObjectID { tipTree }

    /// Scans the working tree (once): false when something is not of the plain form (then leave it to libgit2).
    /// `vouched`: top-level folders a caller has just listed whole, with the stat data of each file (see
    /// `VouchedFolder`); those whose files all match their index entries are not scanned again.
    package func scan(vouched: [String: VouchedFolder] = [:], parallelMinimum: Int = 2_000) -> Bool {
        self.vouched = vouched
        defer { self.vouched = [:] }
        return scanWorkingTree(parallelMinimum: parallelMinimum)
    }

    /// A top-level folder of the working tree as a caller has just listed it: every name in it a regular file (no
    /// subfolder, link or other name), `count` of them, each with the `lstat` data `stat` gives for its name (nil: not
    /// listed). `chronik validate` lists the collection folders and stats (or reads) every file anyway.
    package struct VouchedFolder {
        package typealias Stat = (inode: UInt64, size: Int64, modified: Int64, changed: Int64)
        package var count: Int
        /// The stat data of the file of that name (nil: not listed), when the folder was given with a look-up by
        /// String; else `names` and `stats`.
        private var byString: ((String) -> Stat?)?
        private var names: NameTable?
        private var stats: [Stat] = []

        package init(count: Int, stat: @escaping (String) -> Stat?) {
            self.count = count
            byString = stat
        }

        /// The folder's files by name (`names`) with their stat data (`stats[k]` the data of the `k`th name): looked
        /// up by the index's bytes without a String made of them. A table with a name twice (or stats of another
        /// number) vouches for nothing (the folder is scanned).
        package init(names: NameTable, stats: [Stat]) {
            count = names.hasDuplicates || names.count != stats.count ? -1 : names.count
            self.names = names
            self.stats = stats
        }

        /// The stat data of the file named by `name`'s bytes, nil when it is not listed.
        package func stat(_ name: ArraySlice<UInt8>) -> Stat? {
            if let names {
                return name.withUnsafeBytes { names.position(of: $0) }.map { stats[$0] }
            }
            return byString?(String(decoding: name, as: UTF8.self))
        }
    }

    /// Whether the index holds exactly the tip's files: the tree its entries make is the tip's. The cached trees
    /// answer for the folders they still know (libgit2 leaves the folders a commit changed unknown, `-1`); the
    /// others are computed from the entries. The index's cached trees are then complete.
    private func recordsTip() -> Bool {
        var known: [[UInt8]: ObjectID] = [:]
        if let tree = index.tree { Self.collect(tree, prefix: [], into: &known) }
        var computed: [LooseObject] = []
        let root = buildTree(name: [], prefix: [], range: 0..<index.entries.count, changed: [], old: known, into: &computed)
        guard root.id == tipTree else { return false }
        index.tree = root
        return true
    }

    /// Settings under which libgit2 compares and hashes files as `scan` does.
    private static func settingsArePlain(_ layout: RepositoryLayout, forCommit: Bool) -> Bool {
        let config = layout.config
        func isTrue(_ key: String, default value: Bool) -> Bool? {
            guard let text = config.string(key)?.lowercased() else { return value }
            if ["true", "yes", "on", "1", ""].contains(text) { return true }
            if ["false", "no", "off", "0"].contains(text) { return false }
            return nil
        }
        guard isTrue("core.filemode", default: true) == true, isTrue("core.trustctime", default: true) == true,
              isTrue("core.ignorecase", default: false) == false, isTrue("core.symlinks", default: true) == true,
              isTrue("core.autocrlf", default: false) == false, isTrue("core.logallrefupdates", default: true) == true,
              config.string("core.checkstat") == nil, config.string("core.attributesfile") == nil,
              config.string("core.eol") == nil, config.string("core.safecrlf") == nil,
              !RepositoryLayout.exists(layout.gitDirectory + "info/attributes") else { return false }
        // The reflog's identity (`moveBranch`): libgit2 trims or refuses an unusual one.
        guard !forCommit || Repository.signature(from: config, at: nil) != nil else { return false }
        // The global attributes file libgit2 reads when `core.attributesFile` is unset.
        if let xdg = ConfigFiles.environment("XDG_CONFIG_HOME"), !xdg.isEmpty {
            if RepositoryLayout.exists(xdg + "/git/attributes") { return false }
        } else if let home = ConfigFiles.environment("HOME"), !home.isEmpty {
            if RepositoryLayout.exists(home + "/.config/git/attributes") { return false }
        } else {
            return false
        }
        return true
    }

    /// Whether `path` is a `.gitattributes` file, whose rules (filters, line endings) libgit2 applies when it hashes.
    private static func namesAttributes(_ path: [UInt8]) -> Bool {
        let name = Array(".gitattributes".utf8)
        return path.count >= name.count && path.suffix(name.count).elementsEqual(name)
            && (path.count == name.count || path[path.count - name.count - 1] == UInt8(ascii: "/"))
    }

    // MARK: - The working-tree scan

    /// Compares every index entry with its file, folder by folder relative to the folder's descriptor; false when
    /// something is not of the plain form (an untracked name, a link, a folder where a file was, a name that is not
    /// UTF-8).
    /// What a scan found: the changes, and the entries whose stat data are refreshed (applied to the index when the
    /// scan is over, so that the threads of a scan only read the index).
    private struct Found {
        var deltas: [DiffDelta] = []
        var refreshes: [(entry: Int, value: IndexFile.Entry)] = []
    }

    /// A subfolder of the root left for the threads (`scanInParallel`): its open descriptor and its entries.
    private struct FolderJob {
        var fd: Int32, prefixLength: Int, range: Range<Int>
    }

    /// Scans the working tree. With `parallelMinimum` or more index entries the root's files are compared here and its
    /// subfolders (a store's collections) on two threads, the largest first: the `fstatat` of each of the medium
    /// store's 5,451 files was a quarter of a commit's CPU time, all of it on one thread (`git` spreads its
    /// `lstat`s over threads too: `core.preloadIndex`). The deltas are sorted and the refreshes applied afterwards, so
    /// the outcome does not depend on the threads (`PlainScanTests`).
    private func scanWorkingTree(parallelMinimum: Int) -> Bool {
        let fd = open(root, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard fd >= 0 else { return false }
        var found = Found()
        var jobs: [FolderJob]? = index.entries.count >= parallelMinimum ? [] : nil
        let scanned = scanFolder(fd, prefixLength: 0, range: 0..<index.entries.count, isRoot: true, into: &found, deferring: &jobs)
        if let jobs, !jobs.isEmpty {
            guard scanned else {
                for job in jobs { close(job.fd) }
                return false
            }
            guard scanInParallel(jobs, into: &found) else { return false }
        } else if !scanned {
            return false
        }
        for refresh in found.refreshes { index.entries[refresh.entry] = refresh.value }
        if !found.refreshes.isEmpty { refreshed = true }
        // In libgit2's order: by path.
        deltas = found.deltas.sorted { $0.oldPath.utf8.lexicographicallyPrecedes($1.oldPath.utf8) }
        return true
    }

    /// Scans `jobs` on this thread and one more, each taking the next job (the largest first) until none is left;
    /// false when one of them is not of the plain form (every job's folder is closed all the same).
    private func scanInParallel(_ jobs: [FolderJob], into found: inout Found) -> Bool {
        let state = ParallelScan<FolderJob, Found>(jobs: jobs.sorted { $0.range.count > $1.range.count })
        nonisolated(unsafe) let commit = self
        let worker = { @Sendable (slot: Int) in
            var own = Found()
            while let job = state.next() {
                if state.failed {
                    close(job.fd)
                } else if !commit.scanFolder(job.fd, prefixLength: job.prefixLength, range: job.range, isRoot: false, into: &own) {
                    state.fail()
                }
            }
            state.put(own)
        }
        let thread = SecondThread.start { worker(1) }
        worker(0)
        if let thread { thread.join() } else { worker(1) }
        if state.failed { return false }
        for result in state.results {
            found.deltas += result.deltas
            found.refreshes += result.refreshes
        }
        return true
    }

    /// A name in a folder of the index: a file (one entry) or a subfolder (the entries below it), named by the bytes
    /// `prefixLength..<prefixLength + nameLength` of its first entry's path.
    private struct Child {
        var start: Int, end: Int, nameLength: Int, isFolder: Bool
    }

    /// The entries in `range` all lie in the folder open as `fd` (which this closes), their paths starting with the
    /// folder's path and a slash (`prefixLength` bytes). Each name the folder lists is looked up among the index's
    /// names of the folder (sorted as the index sorts paths: a subfolder's name as if it ended in a slash), without
    /// making a string of it.
    /// With `deferring` (the root's scan, `scanWorkingTree`), a subfolder is opened and left in it for the threads
    /// instead of scanned here.
    private func scanFolder(_ fd: Int32, prefixLength: Int, range: Range<Int>, isRoot: Bool, into found: inout Found) -> Bool {
        var none: [FolderJob]? = nil
        return scanFolder(fd, prefixLength: prefixLength, range: range, isRoot: isRoot, into: &found, deferring: &none)
    }

    private func scanFolder(_ fd: Int32, prefixLength: Int, range: Range<Int>, isRoot: Bool, into found: inout Found,
                            deferring jobs: inout [FolderJob]?) -> Bool {
        var children: [Child] = []
        var i = range.lowerBound
        while i < range.upperBound {
            let path = index.entries[i].path
            if let slash = path[prefixLength...].firstIndex(of: UInt8(ascii: "/")) {
                var j = i + 1
                while j < range.upperBound, Self.sameFolder(index.entries[j].path, path, from: prefixLength, slash: slash) { j += 1 }
                children.append(Child(start: i, end: j, nameLength: slash - prefixLength, isFolder: true))
                i = j
            } else {
                children.append(Child(start: i, end: i + 1, nameLength: path.count - prefixLength, isFolder: false))
                i += 1
            }
        }
        guard let directory = fdopendir(fd) else {
            close(fd)
            return false
        }
        defer { closedir(directory) }
        let folder = dirfd(directory)
        var seen = [Bool](repeating: false, count: children.count)
        let nameOffset = MemoryLayout<dirent>.offset(of: \dirent.d_name) ?? 19
        while let item = readdir(directory) {
            let name = UnsafeRawPointer(item).advanced(by: nameOffset).assumingMemoryBound(to: CChar.self)
            let length = strlen(name)
            if name[0] == 0x2E, length == 1 || (length == 2 && name[1] == 0x2E) { continue } // "." and ".."
            if isRoot, length == 4, memcmp(name, ".git", 4) == 0 { continue }
            guard let k = find(name, length: length, among: children, prefixLength: prefixLength) else {
                // An untracked folder that holds no file (as `chronik init` leaves one per collection): libgit2's diff
                // reports nothing for it. Anything else untracked: the ignore rules decide whether it counts, libgit2's.
                if Self.holdsNoFile(folder, name, depth: 0) { continue }
                return false
            }
            seen[k] = true
            let child = children[k]
            if child.isFolder {
                if isRoot, !vouched.isEmpty, let vouch = vouched[String(cString: name)],
                   let done = scanVouched(child.start..<child.end, vouch, parent: folder, name, prefixLength: length + 1, into: &found) {
                    guard done else { return false }
                    continue
                }
                // A link or a file where the index has a folder: libgit2's.
                let sub = openat(folder, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC)
                guard sub >= 0 else { return false }
                if jobs != nil {
                    jobs?.append(FolderJob(fd: sub, prefixLength: prefixLength + length + 1, range: child.start..<child.end))
                    continue
                }
                guard scanFolder(sub, prefixLength: prefixLength + length + 1, range: child.start..<child.end, isRoot: false, into: &found) else { return false }
            } else {
                guard compare(child.start, folder, name, into: &found) else { return false }
            }
        }
        for (k, child) in children.enumerated() where !seen[k] {
            for entry in child.start..<child.end { guard deleted(entry, into: &found) else { return false } }
        }
        return true
    }

    /// The top-level folder `name` (in `parent`), whose index entries are `range`, compared with the caller's listing
    /// of it (`vouch`) instead of scanned; nil when the listing does not answer for it (another number of files, a
    /// name not listed, an index entry in a subfolder): then it is scanned as any other. A file whose listed stat data
    /// are its entry's (mtime, ctime, inode, size) and whose mtime and ctime both lie before the index was written is
    /// unchanged, as libgit2's `maybe_modified` finds it: a write, `chmod`, `chown` or rename after the index was
    /// written gives a ctime at or after it (no program can set ctime back). Any other file (racily clean, an
    /// executable entry, other stat data) is compared as the scan compares it (`compare`: `fstatat`, and its content
    /// hashed when uncertain). The listing holds every name in the folder, so a name of no entry would not be there.
    private func scanVouched(_ range: Range<Int>, _ vouch: VouchedFolder, parent: Int32, _ name: UnsafePointer<CChar>,
                             prefixLength: Int, into found: inout Found) -> Bool? {
        guard range.count == vouch.count else { return nil }
        var uncertain: [Int] = []
        for entry in range {
            let e = index.entries[entry]
            guard !e.path[prefixLength...].contains(UInt8(ascii: "/")) else { return nil }
            guard let seen = vouch.stat(e.path[prefixLength...]) else { return nil }
            guard e.mode == 0o100644, seen.modified >= 0, seen.changed >= 0 else {
                uncertain.append(entry)
                continue
            }
            let mtime = (UInt32(truncatingIfNeeded: seen.modified / 1_000_000_000), UInt32(truncatingIfNeeded: seen.modified % 1_000_000_000))
            let ctime = (UInt32(truncatingIfNeeded: seen.changed / 1_000_000_000), UInt32(truncatingIfNeeded: seen.changed % 1_000_000_000))
            if mtime != (e.mtimeSeconds, e.mtimeNanoseconds) || ctime != (e.ctimeSeconds, e.ctimeNanoseconds)
                || UInt32(truncatingIfNeeded: seen.inode) != e.inode || UInt32(truncatingIfNeeded: seen.size) != e.size
                || !isBeforeIndex(seen.modified) || !isBeforeIndex(seen.changed) {
                uncertain.append(entry)
            }
        }
        guard !uncertain.isEmpty else { return true }
        let sub = openat(parent, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC)
        guard sub >= 0 else { return false }
        defer { close(sub) }
        for entry in uncertain {
            let file = Array(index.entries[entry].path[prefixLength...]) + [0]
            guard file.withUnsafeBufferPointer({ bytes in
                bytes.withMemoryRebound(to: CChar.self) { compare(entry, sub, $0.baseAddress!, into: &found) }
            }) else { return false }
        }
        return true
    }

    /// Whether a time in nanoseconds since 1970 lies before the index was written (seconds compared as the index keeps
    /// them, 32 bits, as `isRacy` does): a file neither modified nor changed since is not racily clean.
    private func isBeforeIndex(_ nanoseconds: Int64) -> Bool {
        let indexSeconds = Int32(truncatingIfNeeded: stamp.tv_sec), seconds = Int32(truncatingIfNeeded: nanoseconds / 1_000_000_000)
        if indexSeconds != seconds { return seconds < indexSeconds }
        return Int(nanoseconds % 1_000_000_000) < stamp.tv_nsec
    }

    /// Whether `name` in `parent` is a folder (not a link) holding nothing but folders that hold no file, none of
    /// them named `.git`.
    private static func holdsNoFile(_ parent: Int32, _ name: UnsafePointer<CChar>, depth: Int) -> Bool {
        guard depth < 16, strcmp(name, ".git") != 0 else { return false }
        let fd = openat(parent, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC)
        guard fd >= 0 else { return false }
        guard let directory = fdopendir(fd) else {
            close(fd)
            return false
        }
        defer { closedir(directory) }
        let nameOffset = MemoryLayout<dirent>.offset(of: \dirent.d_name) ?? 19
        while let item = readdir(directory) {
            let child = UnsafeRawPointer(item).advanced(by: nameOffset).assumingMemoryBound(to: CChar.self)
            if strcmp(child, ".") == 0 || strcmp(child, "..") == 0 { continue }
            guard holdsNoFile(dirfd(directory), child, depth: depth + 1) else { return false }
        }
        return true
    }

    /// Whether `path` lies in the same subfolder as `first`, whose name ends at `slash` (both below the same folder,
    /// whose path is their first `from` bytes).
    private static func sameFolder(_ path: [UInt8], _ first: [UInt8], from: Int, slash: Int) -> Bool {
        guard path.count > slash, path[slash] == UInt8(ascii: "/") else { return false }
        return path.withUnsafeBufferPointer { a in
            first.withUnsafeBufferPointer { b in memcmp(a.baseAddress! + from, b.baseAddress! + from, slash - from) == 0 }
        }
    }

    /// The child named `name` (`length` bytes), by binary search for the key `name` (a file) or `name/` (a folder).
    private func find(_ name: UnsafePointer<CChar>, length: Int, among children: [Child], prefixLength: Int) -> Int? {
        for asFolder in [false, true] {
            var low = 0, high = children.count
            while low < high {
                let middle = (low + high) / 2
                let child = children[middle]
                let order = index.entries[child.start].path.withUnsafeBufferPointer { path -> Int in
                    let common = min(child.nameLength, length)
                    let c = Int(memcmp(path.baseAddress! + prefixLength, name, common))
                    if c != 0 { return c }
                    // The shorter key first; a folder's key goes on with "/", a file's ends.
                    let childNext: Int = child.nameLength > common ? Int(path[prefixLength + common]) : (child.isFolder ? 0x2F : -1)
                    let nameNext: Int = length > common ? Int(UInt8(bitPattern: name[common])) : (asFolder ? 0x2F : -1)
                    return childNext - nameNext
                }
                if order == 0 { return child.isFolder == asFolder ? middle : nil }
                if order < 0 { low = middle + 1 } else { high = middle }
            }
        }
        return nil
    }

    private func deleted(_ entry: Int, into found: inout Found) -> Bool {
        let e = index.entries[entry]
        guard let path = String(validating: e.path, as: UTF8.self) else { return false }
        found.deltas.append(DiffDelta(status: .deleted, oldPath: path, newPath: path, oldID: e.id, newID: nil,
                               oldMode: FileMode(raw: e.mode), newMode: nil, similarity: 0))
        return true
    }

    /// One file against its entry, as libgit2's `maybe_modified` compares them: another size is a change; other
    /// stat data (or a file modified at or after the index was written: racily clean) hash the file, and an equal
    /// id refreshes the entry's stat data.
    private func compare(_ entry: Int, _ folder: Int32, _ name: UnsafePointer<CChar>, into found: inout Found) -> Bool {
        var info = stat()
        guard fstatat(folder, name, &info, AT_SYMLINK_NOFOLLOW) == 0, info.st_mode & S_IFMT == S_IFREG else { return false }
        let e = index.entries[entry]
        let mode: UInt32 = info.st_mode & 0o100 != 0 ? 0o100755 : 0o100644
        guard mode == e.mode else { return false }
        let size = UInt32(truncatingIfNeeded: info.st_size)
        func modified(_ newID: ObjectID?) -> Bool {
            guard let path = String(validating: e.path, as: UTF8.self) else { return false }
            found.deltas.append(DiffDelta(status: .modified, oldPath: path, newPath: path, oldID: e.id, newID: newID,
                                   oldMode: FileMode(raw: e.mode), newMode: FileMode(raw: mode), similarity: 0))
            return true
        }
        if size != e.size, e.size != 0 { return modified(nil) }
        let known = Self.indexStat(info)
        let uncertain = size != e.size || known.mtime != (e.mtimeSeconds, e.mtimeNanoseconds) || known.ctime != (e.ctimeSeconds, e.ctimeNanoseconds)
            || known.inode != e.inode || info.st_uid != e.uid || info.st_gid != e.gid || isRacy(info.st_mtim)
        guard uncertain else { return true }
        guard let id = Self.hashFile(folder, name, size: Int(info.st_size)) else { return false }
        if id != e.id { return modified(id) }
        // Unchanged content under new stat data: refreshed, as `GIT_DIFF_UPDATE_INDEX` does.
        var refreshedEntry = e
        Self.setStat(&refreshedEntry, info)
        if refreshedEntry != e { found.refreshes.append((entry, refreshedEntry)) }
        return true
    }

    /// Whether a file modified at `mtime` is racily clean: modified at or after the index was written (libgit2's
    /// `git_index_entry_newer_than_index`, nanoseconds included).
    private func isRacy(_ mtime: timespec) -> Bool {
        let indexSeconds = Int32(truncatingIfNeeded: stamp.tv_sec), seconds = Int32(truncatingIfNeeded: mtime.tv_sec)
        if indexSeconds != seconds { return indexSeconds < seconds }
        return stamp.tv_nsec <= mtime.tv_nsec
    }

    private static func indexStat(_ info: stat) -> (mtime: (UInt32, UInt32), ctime: (UInt32, UInt32), inode: UInt32) {
        ((UInt32(truncatingIfNeeded: info.st_mtim.tv_sec), UInt32(truncatingIfNeeded: info.st_mtim.tv_nsec)),
         (UInt32(truncatingIfNeeded: info.st_ctim.tv_sec), UInt32(truncatingIfNeeded: info.st_ctim.tv_nsec)),
         UInt32(truncatingIfNeeded: info.st_ino))
    }

    private static func setStat(_ entry: inout IndexFile.Entry, _ info: stat) {
        let stat = indexStat(info)
        (entry.mtimeSeconds, entry.mtimeNanoseconds) = stat.mtime
        (entry.ctimeSeconds, entry.ctimeNanoseconds) = stat.ctime
        entry.inode = stat.inode
        entry.device = UInt32(truncatingIfNeeded: info.st_dev)
        entry.uid = info.st_uid
        entry.gid = info.st_gid
        entry.size = UInt32(truncatingIfNeeded: info.st_size)
    }

    /// The blob id of the file `name` in `folder`, read whole; nil when it cannot be read or its size is not `size`
    /// (it is being written: libgit2's "error reading file for hashing" — the commit leaves it to libgit2).
    private static func hashFile(_ folder: Int32, _ name: UnsafePointer<CChar>, size: Int) -> ObjectID? {
        let fd = openat(folder, name, O_RDONLY | O_NOFOLLOW | O_CLOEXEC)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        guard let bytes = ReferenceFiles.readAll(fd, count: size) else { return nil }
        var extra: UInt8 = 0
        guard read(fd, &extra, 1) == 0 else { return nil }
        return SHA1.objectID(type: "blob", content: bytes)
    }

    // MARK: - Trees, objects and the commit

    /// A new or changed file for `record`: its bytes as checked, their blob id, and the stat data taken before they
    /// were read.
    package struct Staged {
        package var path: String
        package var data: Data
        package var stat: IndexStat?

        package init(path: String, data: Data, stat: IndexStat?) {
            self.path = path
            self.data = data
            self.stat = stat
        }
    }

    /// Applies `staged` and `removed` to the index (as `git_index_add_from_buffer` and `git_index_remove_bypath`
    /// do), builds the new trees, and, unless the new tree is the tip's (nil), stores the new blobs, trees and the
    /// commit as loose objects, durable when it returns (`LooseObjectFiles`). Returns the new commit's id. Throws
    /// `PlainCommit.Unusual` when a name or a signature is one libgit2 would treat otherwise (nothing is written then).
    package func record(staged: [Staged], removed: [String], parent: ObjectID, author: Signature, committer: Signature,
                        message: String, objects repository: Repository) throws -> ObjectID? {
        guard Self.isPlain(author), Self.isPlain(committer) else { throw Unusual() }
        var changedFolders = Set<[UInt8]>([[]])
        func noteFolders(_ path: [UInt8]) {
            var end = path.count
            while let slash = path[..<end].lastIndex(of: UInt8(ascii: "/")) {
                changedFolders.insert(Array(path[..<slash]))
                end = slash
            }
        }
        var blobs: [LooseObject] = []
        for file in removed {
            let path = Array(file.utf8)
            if let at = position(of: path) { index.entries.remove(at: at) }
            noteFolders(path)
        }
        for file in staged {
            let path = Array(file.path.utf8)
            guard !path.isEmpty, !path.contains(0), path.first != UInt8(ascii: "/") else { throw Unusual() }
            let content = [UInt8](file.data)
            let id = SHA1.objectID(type: "blob", content: content)
            var entry = IndexFile.Entry(
                ctimeSeconds: 0, ctimeNanoseconds: 0, mtimeSeconds: 0, mtimeNanoseconds: 0, device: 0, inode: 0,
                mode: 0o100644, uid: 0, gid: 0, size: UInt32(truncatingIfNeeded: content.count), id: id,
                flags: UInt16(min(path.count, 0xFFF)), path: path)
            if let stat = file.stat {
                entry.ctimeSeconds = UInt32(bitPattern: stat.ctimeSeconds)
                entry.ctimeNanoseconds = stat.ctimeNanoseconds
                entry.mtimeSeconds = UInt32(bitPattern: stat.mtimeSeconds)
                entry.mtimeNanoseconds = stat.mtimeNanoseconds
                entry.device = stat.device
                entry.inode = stat.inode
                entry.uid = stat.uid
                entry.gid = stat.gid
            }
            if let at = position(of: path) {
                index.entries[at] = entry
            } else {
                // A new path (not reached by the scan, which leaves untracked files to libgit2): inserted in order.
                let at = index.entries.firstPosition(notBefore: path)
                index.entries.insert(entry, at: at)
            }
            noteFolders(path)
            blobs.append(LooseObject(id: id, type: "blob", content: content))
        }
        var oldTrees: [[UInt8]: ObjectID] = [:]
        if let tree = index.tree { Self.collect(tree, prefix: [], into: &oldTrees) }
        var trees: [LooseObject] = []
        let newRoot = buildTree(name: [], prefix: [], range: 0..<index.entries.count, changed: changedFolders, old: oldTrees, into: &trees)
        guard let rootID = newRoot.id else { throw Unusual() }
        index.tree = newRoot
        if rootID == tipTree { return nil }
        var content = Array("tree \(rootID.hex)\nparent \(parent.hex)\n".utf8)
        content += Self.signatureLine("author", author) + Self.signatureLine("committer", committer)
        content.append(0x0A)
        content += Array(message.utf8)
        let commit = LooseObject(id: SHA1.objectID(type: "commit", content: content), type: "commit", content: content)
        let reader = repository.objectReader()
        let new = (blobs + trees).filter { !(reader?.contains($0.id) ?? false) } + [commit]
        var seen = Set<ObjectID>()
        try LooseObjectFiles.write(new.filter { seen.insert($0.id).inserted }, objectsPath: layout.gitDirectory + "objects")
        return commit.id
    }

    /// Thrown by `record` for something libgit2 would treat otherwise; the commit is then left to libgit2.
    package struct Unusual: Error {}

    private func position(of path: [UInt8]) -> Int? {
        let at = index.entries.firstPosition(notBefore: path)
        return at < index.entries.count && index.entries[at].path == path ? at : nil
    }

    private static func collect(_ node: IndexFile.CachedTree, prefix: [UInt8], into trees: inout [[UInt8]: ObjectID]) {
        if let id = node.id, node.entryCount >= 0 { trees[prefix] = id }
        for child in node.children { collect(child, prefix: prefix.isEmpty ? child.name : prefix + [0x2F] + child.name, into: &trees) }
    }

    /// The tree of the folder whose entries are `range` (paths starting with `prefix` and a slash, or all for the
    /// root): reused from the old cached trees when no change lies below it, else written from the entries (a
    /// tree's order is the index's: names compared as bytes, a folder's as if it ended in a slash). Its node in the
    /// `TREE` extension, with the subfolders in the tree's order, as libgit2's `git_tree_cache_read_tree` makes it.
    private func buildTree(name: [UInt8], prefix: [UInt8], range: Range<Int>, changed: Set<[UInt8]>, old: [[UInt8]: ObjectID],
                           into written: inout [LooseObject]) -> IndexFile.CachedTree {
        let start = prefix.isEmpty ? 0 : prefix.count + 1
        var content: [UInt8] = []
        var children: [IndexFile.CachedTree] = []
        let rewrite = changed.contains(prefix) || old[prefix] == nil
        var i = range.lowerBound
        while i < range.upperBound {
            let path = index.entries[i].path
            if let slash = path[start...].firstIndex(of: UInt8(ascii: "/")) {
                let childName = Array(path[start..<slash])
                var j = i + 1
                while j < range.upperBound, index.entries[j].path.count > slash, index.entries[j].path[slash] == UInt8(ascii: "/"),
                      index.entries[j].path[start..<slash].elementsEqual(childName) { j += 1 }
                let child = buildTree(name: childName, prefix: Array(path[..<slash]), range: i..<j, changed: changed, old: old, into: &written)
                if rewrite, let id = child.id {
                    content += Array("40000 ".utf8) + childName + [0]
                    content += id.bytes
                }
                children.append(child)
                i = j
            } else {
                if rewrite {
                    let e = index.entries[i]
                    content += Array(String(e.mode, radix: 8).utf8) + [0x20] + path[start...] + [0]
                    content += e.id.bytes
                }
                i += 1
            }
        }
        let id: ObjectID?
        if rewrite {
            let treeID = SHA1.objectID(type: "tree", content: content)
            written.append(LooseObject(id: treeID, type: "tree", content: content))
            id = treeID
        } else {
            id = old[prefix]
        }
        return IndexFile.CachedTree(name: name, entryCount: range.count, id: id, children: children)
    }

    /// A signature libgit2's `git_signature_new` takes as it is (no surrounding white space, no angle brackets, a
    /// name and an email) at a time `git_signature__writebuf` writes as given.
    private static func isPlain(_ signature: Signature) -> Bool {
        let space: Set<UInt8> = [0x20, 0x09, 0x0A, 0x0B, 0x0C, 0x0D]
        func plain(_ value: String) -> Bool {
            guard let first = value.utf8.first, let last = value.utf8.last else { return false }
            return !space.contains(first) && !space.contains(last) && !value.utf8.contains(0x3C) && !value.utf8.contains(0x3E)
                && !value.utf8.contains(0x0A) && !value.utf8.contains(0)
        }
        let seconds = signature.date.timeIntervalSince1970.rounded(.down)
        return plain(signature.name) && plain(signature.email) && seconds >= 0 && seconds <= Double(UInt32.max)
            && abs(signature.timeZoneOffsetMinutes) < 100 * 60
    }

    /// "<header> <name> <<email>> <seconds> <±hhmm>\n", as `git_signature__writebuf`.
    static func signatureLine(_ header: String, _ signature: Signature) -> [UInt8] {
        let offset = signature.timeZoneOffsetMinutes
        let sign = offset < 0 ? "-" : "+"
        let hours = abs(offset) / 60, minutes = abs(offset) % 60
        let seconds = UInt32(signature.date.timeIntervalSince1970.rounded(.down))
        let zone = sign + (hours < 10 ? "0" : "") + String(hours) + (minutes < 10 ? "0" : "") + String(minutes)
        return Array("\(header) \(signature.name) <\(signature.email)> \(seconds) \(zone)\n".utf8)
    }

    // MARK: - The branch

    /// Moves `branch` (a full name, which HEAD names) from `expected` to `new` as `git_reference_create_matching`
    /// does with the reflog on: takes `<branch>.lock` (`O_EXCL`; held: `GitError.locked`), checks under it that
    /// the branch is still `expected` (else `GitError.modified`), writes the new id into the lock file, appends the
    /// reflog lines of the branch and of HEAD, fsyncs the three at the same time, renames the lock file over the
    /// branch and fsyncs its folder. The reflog lines are signed by the configured user (else "unknown"), now, as libgit2 signs them.
    ///
    /// With `withIndex`, the index is written in the same step (`git commit` too writes it beside the ref): under the
    /// branch's lock, `index.lock` is taken and written as `writeIndex` writes it, fsynced together with the lock file
    /// and the reflogs, and renamed over `index` right after the branch moved; the two folders are fsynced together.
    /// Returns whether the index was written so: false when `index.lock` could not be taken (held by git: the caller
    /// writes the index afterwards, waiting for it) — the branch moved all the same. A failure after the branch moved
    /// is `IndexNotWritten` (the version is recorded; the index was not updated).
    @discardableResult
    package func moveBranch(_ branch: String, to new: ObjectID, expecting expected: ObjectID, message: String, withIndex: Bool = false) throws -> Bool {
        let gitDirectory = layout.gitDirectory
        // libgit2's `git_reference__log_signature`: the configured user, now, else "unknown <unknown>" (checked by
        // `scan`).
        let identity: Signature
        switch Repository.signature(from: layout.config, at: nil) {
        case let configured??: identity = configured
        case .some(nil):
            guard let unknown = Repository.now(name: "unknown", email: "unknown") else { throw Unusual() }
            identity = unknown
        case nil: throw Unusual()
        }
        let files = ReferenceFiles(gitDirectory: gitDirectory)
        guard ReferenceFiles.isPlainName(branch), branch.hasPrefix("refs/heads/"), files.read("HEAD") == .symbolic(branch) else {
            throw Unusual()
        }
        let refPath = gitDirectory + branch
        let lockPath = refPath + ".lock"
        let fd = open(lockPath, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o666)
        guard fd >= 0 else {
            if errno == EEXIST {
                throw GitError(code: .locked, errorClass: 0, message: "failed to lock file '\(lockPath)' for writing", operation: "git_reference_create_matching")
            }
            throw DurableWrites.failure("failed to create locked file", lockPath)
        }
        var committed = false
        defer {
            if !committed { unlink(lockPath) }
            close(fd)
        }
        switch files.read(branch) {
        case .direct(let current)? where current == expected: break
        case nil: throw Unusual()
        default:
            throw GitError(code: .modified, errorClass: 0, message: "old reference value does not match", operation: "git_reference_create_matching")
        }
        try DurableWrites.writeAll(fd, Array((new.hex + "\n").utf8), path: lockPath, what: "failed to write")
        // The index's lock, written now. When it cannot be (held by git, or a failed write), the branch moves without
        // it, and the caller writes the index afterwards as before (waiting for the lock, a failure a warning).
        let index = withIndex ? (try? takeIndexLock()) : nil
        var indexCommitted = false
        defer {
            if let index {
                if !indexCommitted { unlink(index.lockPath) }
                close(index.fd)
            }
        }
        var line = Array("\(expected.hex) \(new.hex) ".utf8) + Self.signatureLine("", identity).dropFirst()
        line.removeLast()
        var text = message.replacingOccurrences(of: "\n", with: " ")
        while let last = text.unicodeScalars.last, last == " " || last == "\t" || last == "\r" || last == "\n" { text.unicodeScalars.removeLast() }
        line += Array("\t\(text)\n".utf8)
        // The lock file, both reflogs (and the index's lock) fsynced at the same time (`DurableWrites.syncAll`), all
        // before the rename.
        var syncs = [DurableWrites.Sync(fd: fd, path: lockPath)]
        var logs: [Int32] = []
        defer { for log in logs { close(log) } }
        for log in ["logs/" + branch, "logs/HEAD"] {
            let path = gitDirectory + log
            let logFD = try Self.append(line, to: path)
            logs.append(logFD)
            syncs.append(DurableWrites.Sync(fd: logFD, path: path))
        }
        if let index { syncs.append(DurableWrites.Sync(fd: index.fd, path: index.lockPath)) }
        try DurableWrites.syncAll(syncs)
        guard rename(lockPath, refPath) == 0 else { throw DurableWrites.failure("failed to rename lockfile to", refPath) }
        committed = true
        guard let index else {
            try Self.syncFolder(of: refPath)
            return false
        }
        // The branch moved: what fails from here on is the index's.
        guard rename(index.lockPath, index.path) == 0 else {
            let failure = DurableWrites.failure("failed to rename lockfile to", index.path)
            try Self.syncFolder(of: refPath)
            throw IndexNotWritten(error: failure)
        }
        indexCommitted = true
        do {
            try DurableWrites.syncFolders([Self.folder(of: refPath), Self.folder(of: index.path)])
        } catch {
            // The branch's folder alone, so that its failure is said as such; else the index's was the one.
            try Self.syncFolder(of: refPath)
            throw IndexNotWritten(error: error)
        }
        return true
    }

    /// The branch moved, but the index written with it (`moveBranch(…, withIndex: true)`) was not put in place durably.
    package struct IndexNotWritten: Error {
        package var error: any Error
    }

    /// Appends `line` to the reflog at `path` (made, with its folders, when missing); gives its open descriptor, for
    /// the caller to fsync and close.
    private static func append(_ line: [UInt8], to path: String) throws -> Int32 {
        var fd = open(path, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0o666)
        if fd < 0, errno == ENOENT {
            try makeFolders(String(path[..<(path.lastIndex(of: "/") ?? path.endIndex)]))
            fd = open(path, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0o666)
        }
        guard fd >= 0 else { throw DurableWrites.failure("could not open", path) }
        do {
            try DurableWrites.writeAll(fd, line, path: path, what: "failed to write")
        } catch {
            close(fd)
            throw error
        }
        return fd
    }

    private static func makeFolders(_ path: String) throws {
        if mkdir(path, 0o777) == 0 || errno == EEXIST { return }
        guard errno == ENOENT, let slash = path.lastIndex(of: "/") else { throw DurableWrites.failure("failed to make directory", path) }
        try makeFolders(String(path[..<slash]))
        guard mkdir(path, 0o777) == 0 || errno == EEXIST else { throw DurableWrites.failure("failed to make directory", path) }
    }

    private static func syncFolder(of path: String) throws {
        try DurableWrites.syncFolder(folder(of: path))
    }

    private static func folder(of path: String) -> String {
        String(path[..<(path.lastIndex(of: "/") ?? path.endIndex)])
    }

    // MARK: - The index

    /// Writes the index as `git_index_write` does: under `index.lock` (`O_EXCL`; held: `GitError.locked`), entries
    /// modified at or after the old index was written checked against their files (one whose content differs gets
    /// size 0, so that git looks at it again: libgit2's `truncate_racily_clean`), fsynced, renamed over `index`,
    /// the folder fsynced.
    package func writeIndex() throws {
        let lock = try takeIndexLock()
        var committed = false
        defer {
            if !committed { unlink(lock.lockPath) }
            close(lock.fd)
        }
        try DurableWrites.syncAll([DurableWrites.Sync(fd: lock.fd, path: lock.lockPath)])
        guard rename(lock.lockPath, lock.path) == 0 else { throw DurableWrites.failure("failed to rename lockfile to", lock.path) }
        committed = true
        try Self.syncFolder(of: lock.path)
    }

    /// Takes `index.lock` (`O_EXCL`; held: `GitError.locked`) and writes the index into it, racily clean entries
    /// smudged, not fsynced yet; the caller renames it over `index` (or removes it) and closes it.
    private func takeIndexLock() throws -> (fd: Int32, lockPath: String, path: String) {
        let gitDirectory = layout.gitDirectory
        for k in index.entries.indices {
            let e = index.entries[k]
            let mtime = timespec(tv_sec: Int(Int32(bitPattern: e.mtimeSeconds)), tv_nsec: Int(e.mtimeNanoseconds))
            guard isRacy(mtime), !matchesFile(e) else { continue }
            index.entries[k].size = 0
        }
        let path = gitDirectory + "index"
        let lockPath = path + ".lock"
        let fd = open(lockPath, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o666)
        guard fd >= 0 else {
            if errno == EEXIST {
                throw GitError(code: .locked, errorClass: 0, message: "failed to lock file '\(lockPath)' for writing", operation: "git_index_write")
            }
            throw DurableWrites.failure("failed to create locked file", lockPath)
        }
        do {
            try DurableWrites.writeAll(fd, index.serialized(), path: lockPath, what: "failed to write")
        } catch {
            unlink(lockPath)
            close(fd)
            throw error
        }
        return (fd, lockPath, path)
    }

    /// Whether the working tree's file has the entry's stat size and content (libgit2's diff of a racily clean entry).
    private func matchesFile(_ e: IndexFile.Entry) -> Bool {
        guard let path = String(validating: e.path, as: UTF8.self) else { return false }
        let full = root + path
        var info = stat()
        guard lstat(full, &info) == 0, info.st_mode & S_IFMT == S_IFREG, UInt32(truncatingIfNeeded: info.st_size) == e.size else { return false }
        let folder = open(String(full[..<(full.lastIndex(of: "/") ?? full.endIndex)]), O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard folder >= 0 else { return false }
        defer { close(folder) }
        let name = Array(full[full.index(after: full.lastIndex(of: "/") ?? full.startIndex)...].utf8).map { CChar(bitPattern: $0) } + [0]
        return Self.hashFile(folder, name, size: Int(info.st_size)) == e.id
    }
}

extension [IndexFile.Entry] {
    /// The first position whose path does not sort before `path` (the entries are sorted by path).
    func firstPosition(notBefore path: [UInt8]) -> Int {
        var low = 0, high = count
        while low < high {
            let middle = (low + high) / 2
            if self[middle].path.lexicographicallyPrecedes(path) { low = middle + 1 } else { high = middle }
        }
        return low
    }
}

/// The shared state of a scan on two threads (`PlainCommit.scanInParallel`): the jobs handed out under a lock, whether
/// one failed, and each thread's findings (read after the join).
private final class ParallelScan<Job, Result>: @unchecked Sendable {
    private let jobs: [Job]
    private var taken = 0
    private var stopped = false
    private(set) var results: [Result] = []
    private let lock = NSLock()

    init(jobs: [Job]) { self.jobs = jobs }

    func next() -> Job? {
        lock.lock()
        defer { lock.unlock() }
        guard taken < jobs.count else { return nil }
        taken += 1
        return jobs[taken - 1]
    }

    var failed: Bool {
        lock.lock()
        defer { lock.unlock() }
        return stopped
    }

    func fail() {
        lock.lock()
        stopped = true
        lock.unlock()
    }

    func put(_ result: Result) {
        lock.lock()
        results.append(result)
        lock.unlock()
    }
}
