import ChronikStore
import Foundation
import GitKit

/// One version of a store's files as the validator reads them: the working tree, a commit, or a snapshot folder.
public struct VersionContent {
    /// Where an entry's bytes come from.
    public struct Source {
        /// The Git blob id (hex) when the entry's bytes are known to be a blob's (stored in a commit); keys the
        /// validation cache.
        public var blobID: String?
        /// The path of the file on disk, when the entry is one (it may then be read on any thread).
        public var filePath: String?
        /// The file's stamp when it was listed, for a regular file on disk; with the store path it keys the
        /// validation cache for working tree files.
        public var stamp: FileStamp?
        /// The listing found a regular file at `filePath` without taking its stamp (the folder's own word for it,
        /// `d_type`: a run without a validation cache has no use for stamps before the files are read, and the
        /// read's `fstat` gives the stamp of the bytes read). Implied by `stamp`.
        public var listedRegular: Bool
        /// Reads the entry's bytes (nil: they cannot be read).
        public var read: () -> Data? {
            get {
                if let reader { return reader }
                let path = filePath ?? ""
                return { Source.readListed(path) }
            }
            set { reader = newValue }
        }
        /// The reader given; nil for a file of the working tree's listing, read by its path (`readListed`).
        private var reader: (() -> Data?)?

        public init(blobID: String? = nil, filePath: String? = nil, stamp: FileStamp? = nil, listedRegular: Bool = false,
                    read: @escaping () -> Data?) {
            self.blobID = blobID
            self.filePath = filePath
            self.stamp = stamp
            self.listedRegular = listedRegular || stamp != nil
            self.reader = read
        }

        /// A file of the working tree's listing, read by its path as `FileReading` reads it. Without a closure of its
        /// own: one per entry, each holding its path, was 5,000 allocations on the listing's threads and one more
        /// reference to retain for each entry copied into the listing's order, the last step before the first check
        /// (issue 19).
        init(listedFile filePath: String, stamp: FileStamp?, listedRegular: Bool) {
            self.blobID = nil
            self.filePath = filePath
            self.stamp = stamp
            self.listedRegular = listedRegular || stamp != nil
            self.reader = nil
        }

        /// The bytes of a listed file (`init(listedFile:stamp:listedRegular:)`).
        static func readListed(_ filePath: String) -> Data? {
            try? FileReading.read(filePath, limit: FrontMatterLimits().maxFileBytes).map { Data($0.bytes) }.get()
        }
    }

    public var config: StoreConfig
    /// Every entry of the version.
    ///
    /// The working tree's stampless listing (a whole-tree `chronik validate`) makes the table only when it is first
    /// asked for (`deferredTable`): a run without a validation cache never asks (it checks `listedOrder`, looks
    /// entries up with `contains(_:)` and counts them with `entryCount`), and filling it, each of 5,000 ids hashed
    /// and each source copied in, was the listing's last step, 1.3 ms on one thread with the other core idle
    /// before the first entry could be checked (issue 19).
    public var entries: [EntryID: Source] {
        get { deferredTable?.table ?? storedEntries }
        set {
            storedEntries = newValue
            deferredTable = nil
            dropListing()
        }
        _modify {
            if let deferred = deferredTable { storedEntries = deferred.table }
            // (Unset before the yield: the table is then the only reference to its storage, changed in place.)
            deferredTable = nil
            yield &storedEntries
            dropListing()
        }
    }
    private var storedEntries: [EntryID: Source]
    /// The table of `entries` not made yet: made from the listing's order on first use.
    private var deferredTable: DeferredTable?
    /// The listing's ids, folder by folder, when the table is deferred: what `contains(_:)` looks up.
    private var listedIDs: ListedIDs?

    /// What the listing knew of the entries, dropped once `entries` is changed.
    private mutating func dropListing() {
        listedOrder = nil
        listedAllRegular = false
        listedFolderFiles = []
        listedIDs = nil
    }

    /// The table of entries is deferred (made on first use, or kept by the box that made it), not stored.
    var tableIsDeferred: Bool { deferredTable != nil }

    /// How many entries the version has (`entries.count`, without making a deferred table).
    public var entryCount: Int { deferredTable?.count ?? storedEntries.count }

    /// Whether the version has `entry` (`entries[entry] != nil`, without making a deferred table).
    public func contains(_ entry: EntryID) -> Bool {
        membership.contains(entry)
    }

    /// `contains(_:)` as a value of its own, for the threads that check entries (capturing the whole version copied
    /// it, a dozen references, for every entry checked).
    var membership: Membership {
        if let listedIDs { return .listed(listedIDs) }
        return .table(entries)
    }

    /// Which entries a version has: its table, or the ids its listing found, folder by folder.
    enum Membership: @unchecked Sendable { // (`Source` holds a closure: the table is only read.)
        case table([EntryID: Source])
        case listed(ListedIDs)

        func contains(_ entry: EntryID) -> Bool {
            switch self {
            case .table(let table): return table[entry] != nil
            case .listed(let ids): return ids.contains(entry)
            }
        }
    }

    /// The ids of a listing's entries, one set per collection folder: a look-up hashes the id alone, the folder is
    /// found among the few by its name. The folders' names differ (as Strings), and so do the ids of a folder.
    struct ListedIDs: Sendable {
        var folders: [(collection: String, ids: Set<String>)]

        func contains(_ entry: EntryID) -> Bool {
            for folder in folders where folder.collection == entry.collection { return folder.ids.contains(entry.id) }
            return false
        }
    }

    /// The table of a listing's entries, made from its order when first asked for (on any thread, once).
    final class DeferredTable: @unchecked Sendable {
        private let lock = NSLock()
        private var order: [(key: EntryID, value: Source)]
        private var made: [EntryID: Source]?
        let count: Int

        /// `order`: entries with distinct ids.
        init(_ order: [(key: EntryID, value: Source)]) {
            self.order = order
            count = order.count
        }

        var table: [EntryID: Source] {
            lock.withLock {
                if let made { return made }
                var table: [EntryID: Source] = [:]
                table.reserveCapacity(order.count)
                for (id, source) in order { table[id] = source }
                made = table
                order = []
                return table
            }
        }
    }
    /// `entries` in the order the working tree's folders were listed (folder by folder, each in its listing's order),
    /// while `entries` is as listed: a cold run checks the entries in this order, so that the reads' stamps come
    /// back in the order of `unstampedFolders`' files (`listedFolders(ids:stamps:)`).
    var listedOrder: [(key: EntryID, value: Source)]?
    /// Every entry of `listedOrder` is a file the listing found regular (`Source.listedRegular`), as the listing
    /// knows without a look at each source again; dropped with it.
    var listedAllRegular = false
    /// A file of each folder of `listedOrder` (the folders its entries' files are in), dropped with it: the folders
    /// a cold run opens to read every file from (`FileReading.Folders`), found without taking 5,000 paths apart.
    var listedFolderFiles: [String] = []
    /// Reads a file of the version by store path (`schemas/x.json`).
    public var readFile: (String) -> Data?
    /// The validation cache (`ReferenceCache`) of the store the version belongs to; nil for versions outside a store.
    public var cacheFile: URL?
    /// Files of the version the commit gate would refuse (a symbolic link, a submodule, a file outside the
    /// collections, names that differ only in case, …): for a committed version, which may have been made with
    /// plain git (`Store.pathProblems`). The working tree's are `chronik status`'s and the commit gate's.
    public var pathProblems: [StoreProblem] = []
    /// Objects of a committed version that libgit2 could not read while it was validated (missing or corrupt):
    /// the caller reports the first as an error (`StoreError.unreadableObject`, exit 3), never as a finding about
    /// the entry. A validation never caches a result with a problem, so nothing derived from the failed read stays.
    public let unreadable: UnreadableObjects
    /// Why a file of the version that `readFile` gave nothing for was not read, when it exists but was refused (a
    /// symbolic link, FIFO or oversized file of the working tree); nil when it is simply not there.
    public var readProblem: (String) -> String? = { _ in nil }
    /// Problems found while the version was listed: a collection folder of the working tree that is a symbolic
    /// link (it is not listed: its entries would be files outside the store).
    public var listingProblems: [StoreProblem] = []
    /// The collection folders of the working tree that held nothing but regular entry files, as listed (names and
    /// stat data), for the commit gate (`Store.commitRefusals(checker:limits:listed:)`): it need not scan them again.
    public var listedFolders: [ListedFolder] = []
    /// The folders `listedFolders` would hold, listed without stamps (a run without a validation cache): their
    /// files' names and entries. Each becomes a `ListedFolder` with the stamps of the files' reads
    /// (`listedFolders(stamps:)`), when every one of its files was read.
    var unstampedFolders: [UnstampedFolder] = []

    /// What the working tree's listing found besides the table of entries (`workingTree(root:config:cacheFile:prefetch:stampless:)`).
    private struct Listing {
        var order: [(key: EntryID, value: Source)] = []
        var cache: ReferenceCache?
        var schemas: StoreSchemas?
        var allRegular = true
        var folderFiles: [String] = []
        var problems: [StoreProblem] = []
        var listedFolders: [ListedFolder] = []
        var unstampedFolders: [UnstampedFolder] = []
    }

    struct UnstampedFolder: Sendable {
        var name: String
        var files: [(name: String, entry: EntryID)]
        /// Where the folder's files begin in `listedOrder`.
        var start = 0

        /// The folder with the stamp `stamp(k, entry)` gives its `k`th file (its name and stat data, in the order
        /// listed); nil when a file has none.
        func listed(_ stamp: (Int, EntryID) -> FileStamp?) -> ListedFolder? {
            var names: [String] = [], stats: [ListedFileStat] = []
            names.reserveCapacity(files.count)
            stats.reserveCapacity(files.count)
            for (k, (name, entry)) in files.enumerated() {
                guard let stamp = stamp(k, entry) else { return nil }
                names.append(name)
                stats.append(ListedFileStat(stamp))
            }
            return ListedFolder(name: self.name, names: names, stats: stats)
        }
    }

    /// `unstampedFolders` with the stamps of the reads of their files (`ids[k]` read with `stamps[k]`); a folder
    /// with a file not read (or not a regular file when it was) is left out.
    func listedFolders(ids: [EntryID], stamps: [FileStamp?]) -> [ListedFolder] {
        guard !unstampedFolders.isEmpty else { return [] }
        // When the entries were read in the listing's order (`listedOrder`, a cold run), a folder's stamps are where
        // its files begin: taken from there once its ids are seen to be its files', without a table of every stamp
        // by `EntryID` (two Strings hashed for each of 5,000 entries, twice, on the gate's thread at the run's end).
        // Any other order takes the table.
        var table: [EntryID: FileStamp]?
        func stampOf(_ entry: EntryID) -> FileStamp? {
            if table == nil {
                var stampOf: [EntryID: FileStamp] = [:]
                stampOf.reserveCapacity(ids.count)
                for (id, stamp) in zip(ids, stamps) {
                    if let stamp { stampOf[id] = stamp }
                }
                table = stampOf
            }
            return table?[entry]
        }
        return unstampedFolders.compactMap { folder in
            let inOrder = folder.start + folder.files.count <= min(ids.count, stamps.count)
                && folder.files.indices.allSatisfy { ids[folder.start + $0] == folder.files[$0].entry }
            return folder.listed { k, entry in inOrder ? stamps[folder.start + k] : stampOf(entry) }
        }
    }

    /// `listedFolders(ids:stamps:)` of reads made in the listing's order (`listedOrder`, every entry, as a cold run
    /// reads them): `stamps[k]` is the stamp of the read of `listedOrder[k]`, so a folder's stamps are where its files
    /// begin, without the ids made and compared (5,000 of each on the gate's thread at a cold run's end). Anything
    /// else (no listed order, or as many stamps as it has not) as `listedFolders(ids:stamps:)` with its ids.
    func listedFolders(listedOrderStamps stamps: [FileStamp?]) -> [ListedFolder] {
        guard let order = listedOrder, order.count == stamps.count else {
            return listedFolders(ids: listedOrder?.map(\.key) ?? [], stamps: stamps)
        }
        return unstampedFolders.compactMap { folder in
            guard folder.start + folder.files.count <= stamps.count else { return nil }
            return folder.listed { k, _ in stamps[folder.start + k] }
        }
    }

    /// Work done for the validator while the working tree was listed (`workingTree(of:)`).
    struct Prefetched {
        /// The validation cache, read from `cache.file`.
        var cache: ReferenceCache
        /// The schemas: checked as if the cache vouched for them (`StoreSchemas.load(config:files:vouched:)`) when
        /// there was a cache file, else checked in full and compiled.
        var schemas: StoreSchemas
    }
    var prefetched: Prefetched?
    /// What the listing made, kept with the version: freeing the folders' lists of thousands of sources (each
    /// released) was the last serial step before the first entry could be checked.
    private var listingKept: [Any] = []

    public init(config: StoreConfig, entries: [EntryID: Source], cacheFile: URL? = nil,
                unreadable: UnreadableObjects = UnreadableObjects(), readFile: @escaping (String) -> Data?) {
        self.unreadable = unreadable
        self.config = config
        self.storedEntries = entries
        self.cacheFile = cacheFile
        self.readFile = readFile
    }

    /// Where a store keeps its validation cache: inside `.git`, so it is never committed.
    public static func cacheFile(of store: Store) -> URL {
        store.repository.gitDirectory.appendingPathComponent("chronik/validation-cache")
    }

    /// The working tree: every `<collection>/<id>.md` file on disk (committed or not), each regular file with its
    /// stamp (`lstat`, relative to its folder), so that the validation cache can recognise it without reading it.
    /// Nothing is asked of the repository: the stamps do what the index's stat data did for a clean file, and
    /// also serve files that are changed or untracked.
    ///
    /// With `prefetch` (for `StoreValidator`), the validation cache is read and the schemas are loaded while the
    /// folders are listed. With `stampless` (for `StoreGate.workingTree`, which hands the validator's reads to the
    /// gate), a store without a cache file is listed without a stat of each file: no record could be found by a
    /// stamp, and each file's stamp comes from its read; the collection folders the gate may take as listed are then
    /// `unstampedFolders`, not `listedFolders`.
    public static func workingTree(of store: Store, prefetch: Bool = true, stampless: Bool = false) throws(StoreError) -> VersionContent {
        workingTree(root: store.root, config: try store.workingConfig(), cacheFile: cacheFile(of: store), prefetch: prefetch,
                    stampless: stampless)
    }

    /// The working tree of the store whose root is `root` (`Store.root`), configured by `config` (its
    /// `chronik.yml`) and keeping its validation cache in `cacheFile`: what `workingTree(of:prefetch:)` gives for
    /// that store, without asking the repository anything.
    public static func workingTree(root: URL, config: StoreConfig, cacheFile: URL, prefetch: Bool = true,
                                   stampless: Bool = false) -> VersionContent {
        workingTree(root: root, config: config, cacheFile: cacheFile, prefetch: prefetch, stampless: stampless, deferringTable: true)
    }

    /// `workingTree(root:config:cacheFile:prefetch:stampless:)`; without `deferringTable`, a stampless listing makes
    /// its table of entries at once, as every listing did before (the reference the tests hold the deferred one to).
    static func workingTree(root: URL, config: StoreConfig, cacheFile: URL, prefetch: Bool, stampless: Bool,
                            deferringTable: Bool) -> VersionContent {
        let names = config.collectionNames
        // Without a cache file there is no record to find by stamp: the files are listed without a stat each (the
        // folder says which names are regular files), and each file's stamp is taken when it is read. (A cache file
        // made meanwhile is only not used by this run.)
        let stampEach = !stampless || FileManager.default.fileExists(atPath: cacheFile.path)
        func url(of path: String) -> URL { root.appendingPathComponent(path) } // as `Store.url(of:)`
        // The folders are listed on both cores (the stat calls are most of the work); meanwhile the validator's
        // cache is read and its schemas are loaded, so that `StoreValidator.validate` finds them ready.
        enum Job: Sendable {
            case cache, schemas
            case folder(name: String, path: String)
        }
        enum Done: @unchecked Sendable { // `Source` holds a closure; each result is made by one thread, read by one
            case cache(ReferenceCache)
            case schemas(StoreSchemas)
            case folder([(EntryID, Source)], StoreProblem?, ListedFolder?, UnstampedFolder?, allRegular: Bool, ids: Set<String>?)
        }
        // A stampless listing (a whole-tree `validate`) defers the table of entries (`deferredTable`): each folder's
        // ids are put in a set of their own on the thread that listed it, for `contains(_:)`. (An id found twice, or
        // two folders of one name, make the table at once, as any other listing does.)
        let deferTable = deferringTable && stampless && Set(config.collections.map(\.name)).count == config.collections.count
        let jobs: [Job] = (prefetch ? [.cache, .schemas] : []) + config.collections.map { .folder(name: $0.name, path: url(of: $0.name).path) }
        let done = parallelMap(jobs, threads: ParallelWork.defaultThreads) { job -> Done in
            switch job {
            case .cache:
                return .cache(ReferenceCache(file: cacheFile))
            case .schemas:
                let files = StoreSchemas.readFiles(config: config) { path in readWorkingFile(path, root: root.path) }
                // With a cache, expect it to vouch for the schemas; without one, check and compile them here, while
                // the folders are listed, rather than after.
                let cached = FileManager.default.fileExists(atPath: cacheFile.path)
                var schemas = StoreSchemas.load(config: config, files: files, vouched: cached) { workingFileProblem($0, root: root.path) }
                if !cached { schemas.compile() }
                return .schemas(schemas)
            case .folder(let name, let path):
                // The sources are made here, on the listing's thread: only the table is filled in afterwards.
                let listing = listFolder(name, at: path, collections: names, stampEach: stampEach)
                var listed: ListedFolder?
                var unstamped: UnstampedFolder?
                if listing.exact, !stampEach {
                    let prefix = path.utf8.count + 1
                    if listing.files.allSatisfy(\.regular) {
                        unstamped = UnstampedFolder(name: name, files: listing.files.map { file in
                            (String(Substring(file.filePath.utf8.dropFirst(prefix))), file.id)
                        })
                    }
                } else if listing.exact {
                    var names: [String] = [], files: [ListedFileStat] = []
                    names.reserveCapacity(listing.files.count)
                    files.reserveCapacity(listing.files.count)
                    let prefix = path.utf8.count + 1
                    for file in listing.files {
                        guard let stamp = file.stamp else { continue }
                        names.append(String(Substring(file.filePath.utf8.dropFirst(prefix))))
                        files.append(ListedFileStat(stamp))
                    }
                    if files.count == listing.files.count { listed = ListedFolder(name: name, names: names, stats: files) }
                }
                var ids: Set<String>?
                if deferTable {
                    var set = Set<String>(minimumCapacity: listing.files.count)
                    ids = listing.files.allSatisfy { set.insert($0.id.id).inserted && $0.id.collection == name } ? set : nil
                }
                return .folder(listing.files.map { file in
                    (file.id, Source(listedFile: file.filePath, stamp: file.stamp, listedRegular: file.regular))
                }, listing.problem.map { StoreProblem(file: name, message: $0.description) }, listed, unstamped,
                   allRegular: listing.files.allSatisfy(\.regular), ids: ids)
            }
        }
        // The table of entries and the listing's order are made at once, on two threads: filling the table (each id
        // hashed, each source copied in) was most of 1.7 ms that one thread spent here with the other core idle,
        // before any entry could be checked (issue 19). Both only read the folders' results. A stampless listing
        // makes the order alone, and the table when it is first asked for (`deferredTable`).
        nonisolated(unsafe) let results = done
        var listedIDs: ListedIDs?
        if deferTable {
            var folders: [(collection: String, ids: Set<String>)] = []
            for case .folder(_, _, _, _, _, let ids) in results {
                guard let ids else {
                    folders = []
                    break
                }
                folders.append(("", ids))
            }
            if folders.count == config.collections.count {
                for k in folders.indices { folders[k].collection = config.collections[k].name }
                listedIDs = ListedIDs(folders: folders)
            }
        }
        let makeListing = { () -> Listing in
            var listing = Listing()
            listing.order.reserveCapacity(results.reduce(0) { count, result in
                if case .folder(let files, _, _, _, _, _) = result { return count + files.count }
                return count
            })
            for result in results {
                switch result {
                case .cache(let c): listing.cache = c
                case .schemas(let s): listing.schemas = s
                case .folder(let files, let problem, let listed, var unstamped, let regular, _):
                    unstamped?.start = listing.order.count
                    listing.allRegular = listing.allRegular && regular
                    if let path = files.first?.1.filePath { listing.folderFiles.append(path) }
                    for (id, source) in files { listing.order.append((id, source)) }
                    if let problem { listing.problems.append(problem) }
                    if let listed { listing.listedFolders.append(listed) }
                    if let unstamped { listing.unstampedFolders.append(unstamped) }
                }
            }
            return listing
        }
        let entries: [EntryID: Source], listing: Listing
        if listedIDs != nil {
            (entries, listing) = ([:], makeListing())
        } else {
            (entries, listing) = inParallel({ () -> [EntryID: Source] in
                var entries: [EntryID: Source] = [:]
                entries.reserveCapacity(results.reduce(0) { count, result in
                    if case .folder(let files, _, _, _, _, _) = result { return count + files.count }
                    return count
                })
                for result in results {
                    if case .folder(let files, _, _, _, _, _) = result {
                        for (id, source) in files { entries[id] = source }
                    }
                }
                return entries
            }, makeListing)
        }
        let order = listing.order
        let (cache, schemas) = (listing.cache, listing.schemas)
        let (allRegular, folderFiles) = (listing.allRegular, listing.folderFiles)
        let (listingProblems, listedFolders, unstampedFolders) = (listing.problems, listing.listedFolders, listing.unstampedFolders)
        var content = VersionContent(config: config, entries: entries, cacheFile: cacheFile) { path in
            readWorkingFile(path, root: root.path)
        }
        if let listedIDs {
            content.deferredTable = DeferredTable(order)
            content.listedIDs = listedIDs
        }
        // (An id listed twice would leave the table with fewer entries than the order: then the table's order.)
        if content.entryCount == order.count {
            content.listedOrder = order
            content.listedAllRegular = allRegular
            content.listedFolderFiles = folderFiles
        }
        content.readProblem = { workingFileProblem($0, root: root.path) }
        content.listingProblems = listingProblems
        content.listedFolders = listedFolders
        content.unstampedFolders = unstampedFolders
        if let cache, let schemas { content.prefetched = Prefetched(cache: cache, schemas: schemas) }
        content.listingKept = [done]
        return content
    }

    /// An entry file found in a collection folder.
    struct ListedFile: Sendable {
        var id: EntryID
        var filePath: String
        var stamp: FileStamp?
        /// A regular file (by its stamp, or as the folder says without one).
        var regular: Bool
    }

    /// The largest schema file read from the working tree.
    static let maxSchemaBytes = 16 << 20

    /// A file of the working tree (`chronik.yml`, a schema) as `WorkingTreeFile` reads it; nil when it is not
    /// there or is refused (`workingFileProblem` says why).
    static func readWorkingFile(_ path: String, root: String) -> Data? {
        try? WorkingTreeFile.read(path, in: root, limit: limit(of: path)).get().data
    }

    /// Why `readWorkingFile` gave nothing for a file that is there (a symbolic link, FIFO, folder, oversized file);
    /// nil when there is nothing at the path.
    static func workingFileProblem(_ path: String, root: String) -> String? {
        switch WorkingTreeFile.read(path, in: root, limit: limit(of: path)) {
        case .success, .failure(.missing): return nil
        case .failure(.tooLarge(let bytes, let limit)) where path.hasPrefix("schemas/"):
            return "The file is \(bytes) bytes long; a schema file may be at most \(limit) bytes."
        case .failure(let problem): return problem.description
        }
    }

    private static func limit(of path: String) -> Int {
        path.hasPrefix("schemas/") ? maxSchemaBytes : FrontMatterLimits().maxFileBytes
    }

    /// The entry files of a collection folder (nothing when it cannot be listed), with a stamp for each regular file
    /// (`fstatat` without following a symbolic link); without `stampEach`, no stamp, and a file is taken as regular
    /// when the folder says so (`d_type`; a file system that does not say is asked by `fstatat`). Every name that looks like an entry is listed, also a symbolic
    /// link, FIFO or folder: reading it (`FileReading`) refuses it and says why. A collection folder that is itself a
    /// symbolic link is not listed (`problem`).
    ///
    /// `exact`: the folder was opened and every name in it is a listed entry (each then has a stamp when it is a
    /// regular file); what `ListedFolder` needs.
    static func listFolder(_ name: String, at folder: String, collections: Set<String>, stampEach: Bool = true)
        -> (files: [ListedFile], problem: WorkingTreeFileError?, exact: Bool) {
        let fd = open(folder, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC)
        guard fd >= 0 else {
            // `O_DIRECTORY | O_NOFOLLOW` on a link fails with ENOTDIR (Linux) or ELOOP: look.
            var info = stat()
            if lstat(folder, &info) == 0, info.st_mode & S_IFMT == S_IFLNK { return ([], .symbolicLink(folder: nil), false) }
            return ([], nil, false)
        }
        guard let directory = fdopendir(fd) else {
            close(fd)
            return ([], nil, false)
        }
        defer { closedir(directory) }
        var files: [ListedFile] = []
        var exact = true
        while let item = readdir(directory) {
            let file: String? = withUnsafeBytes(of: &item.pointee.d_name) { raw in
                let bytes = raw.bindMemory(to: UInt8.self)
                let name = UnsafeBufferPointer(rebasing: bytes[..<(bytes.firstIndex(of: 0) ?? bytes.count)])
                // ASCII (almost every name) needs no validation.
                return name.allSatisfy({ $0 < 0x80 }) ? String(decoding: name, as: UTF8.self) : String(validating: name, as: UTF8.self)
            }
            guard let file else {
                // A name that is not UTF-8: Foundation's listing decides what it is called, as it always did.
                return (listFolderWithFoundation(name, at: folder, collections: collections), nil, false)
            }
            if file == "." || file == ".." { continue }
            guard let id = entryID(name, file, collections: collections) else {
                exact = false
                continue
            }
            // A path, not a URL: `appendingPathComponent` asks the file system whether it is a folder.
            let type = item.pointee.d_type
            if !stampEach, type != UInt8(DT_UNKNOWN) {
                files.append(ListedFile(id: id, filePath: folder + "/" + file, stamp: nil, regular: type == UInt8(DT_REG)))
                continue
            }
            var info = stat()
            // The name as the directory gave it, not converted back from the String.
            let found = withUnsafeBytes(of: &item.pointee.d_name) { raw in
                fstatat(fd, raw.baseAddress!.assumingMemoryBound(to: CChar.self), &info, AT_SYMLINK_NOFOLLOW) == 0
            }
            let regular = found && info.st_mode & S_IFMT == S_IFREG
            files.append(ListedFile(id: id, filePath: folder + "/" + file, stamp: regular && stampEach ? FileStamp(info) : nil, regular: regular))
        }
        return (files, nil, exact)
    }

    /// The entry a file of a collection folder is, as `PathRules.classify` decides; the common case (a plain id
    /// and `.md`) without building the path and splitting it again.
    private static func entryID(_ collection: String, _ file: String, collections: Set<String>) -> EntryID? {
        let id = file.utf8.withContiguousStorageIfAvailable { bytes -> String? in
            guard bytes.count > 3, bytes[bytes.count - 3] == UInt8(ascii: "."), bytes[bytes.count - 2] == UInt8(ascii: "m"),
                  bytes[bytes.count - 1] == UInt8(ascii: "d") else { return nil }
            return String(decoding: UnsafeBufferPointer(rebasing: bytes[..<(bytes.count - 3)]), as: UTF8.self)
        } ?? nil
        // A valid id is plain ASCII, so the byte suffix is the `.md` that `classify` looks for.
        if collection != "schemas", let id, PathRules.problem(withID: id) == nil { return EntryID(collection: collection, id: id) }
        guard case .success(.entry(let id)) = PathRules.classify(collection + "/" + file, collections: collections) else { return nil }
        return id
    }

    private static func listFolderWithFoundation(_ name: String, at folder: String, collections: Set<String>) -> [ListedFile] {
        guard let files = try? FileManager.default.contentsOfDirectory(atPath: folder) else { return [] }
        return files.compactMap { file in
            guard case .success(.entry(let id)) = PathRules.classify(name + "/" + file, collections: collections) else { return nil }
            return ListedFile(id: id, filePath: folder + "/" + file, stamp: nil, regular: false)
        }
    }

    /// The version a commit records; without `pathProblems`, its `pathProblems` are not looked for (a publish does not
    /// show them: the walk of the whole tree was 0.9 % of an incremental publish of the medium store, inc15k).
    public static func commit(_ commit: Commit, in store: Store, pathProblems: Bool = true) throws(StoreError) -> VersionContent {
        let config = try store.config(at: commit)
        let repository = store.repository
        var entries: [EntryID: Source] = [:]
        let unreadable = UnreadableObjects()
        for (id, blob) in try entryBlobs(in: commit.treeID, config: config, store: store) {
            entries[id] = Source(blobID: blob.hex) { [unreadable] in
                do throws(UnreadableObjectError) {
                    return try repository.blob(blob, path: id.path, version: commit.id)
                } catch {
                    unreadable.record(error)
                    return nil
                }
            }
        }
        let tree = commit.treeID
        var content = VersionContent(config: config, entries: entries, cacheFile: cacheFile(of: store), unreadable: unreadable) { path in
            (try? store.blob(at: path, inTree: tree)) ?? nil
        }
        if pathProblems { content.pathProblems = try store.pathProblems(inTree: tree, config: config) }
        return content
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
    package static func entryBlobs(in tree: ObjectID, config: StoreConfig, store: Store,
                           only collections: Set<String>? = nil) throws(StoreError) -> [(EntryID, ObjectID)] {
        var result: [(EntryID, ObjectID)] = []
        let names = config.collectionNames
        do {
            let top = try store.repository.tree(tree)
            for item in top where item.mode == .tree && names.contains(item.name) && collections.map({ $0.contains(item.name) }) != false {
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

/// The objects a validation could not read (see `VersionContent.unreadable`); filled from the checking threads.
public final class UnreadableObjects: @unchecked Sendable {
    private let lock = NSLock()
    private var errors: [UnreadableObjectError] = []

    public init() {}

    func record(_ error: UnreadableObjectError) {
        lock.withLock { errors.append(error) }
    }

    /// The first object that could not be read, if any.
    public var first: UnreadableObjectError? { lock.withLock { errors.first } }

    /// Throws the first object that could not be read as the store's error.
    public func check() throws(StoreError) {
        if let first { throw .unreadableObject(first) }
    }
}
