#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Synchronization

/// GitKit's own reader of trees and blobs from pack files and loose objects (formats: `PackFile.swift`), for reading
/// a long history fast (issue 19).
///
/// libgit2 rebuilds an object from its delta chain with a delta-base cache fixed at 16 MiB
/// (`GIT_PACK_CACHE_MEMORY_LIMIT` in its `pack.c`, not settable); a store's collection trees (thousands of entries,
/// hundreds of KB each, one new version per commit) overflow it, so each version's trees were inflated from far down
/// their chains. This reader keeps the objects it rebuilt in a least-recently-used cache of 96 MiB, git's
/// `core.deltaBaseCacheLimit` default: a history walk applies one delta per version.
///
/// It reads only what it is sure of: when the object database has alternates, a multi-pack-index or promisor packs,
/// it is not used at all; an object it does not find, or cannot read (a pack index of another version, a corrupt
/// entry, a delta that does not fit its base, a REF_DELTA base outside the packs, an object over 1 GiB), is nil, and
/// the caller asks libgit2, which reads it or gives its error. Hashes are not verified on read, as libgit2 does not
/// verify them with strict verification off (`LibGit2.initialize`): zlib's Adler-32, the exact sizes and the delta's
/// base size catch a damaged entry. Not `Sendable`: one per `Repository` handle, used from its task; the rebuilt
/// objects are kept in one cache for the whole process (`SharedObjectCache.process`), so that the handles of a
/// history walk's threads, each computing every few versions, find the delta bases the others rebuilt.
final class ObjectReader {
    private let objectsPath: String
    private var packs: [Pack] = []
    private var knownIndexes: Set<String> = []
    private var packFolderStamp: timespec?
    private var lastPack = 0
    private let inflater = Inflater()
    private let cache: SharedObjectCache
    /// Whether this reader counts among the cache's readers (`SharedObjectCache.retain`): once it was made.
    private var usesCache = false
    /// About how many bytes of mapped pack pages this reader may have brought into memory before it gives them back
    /// (`MappedFile.releasePages`); see `notePackRead`.
    private let packPageBudget: Int
    /// The bytes this reader has counted against `packPageBudget` since the pages were last given back.
    private var packPagesRead = 0
    /// How many times this reader gave a pack's pages back (for tests).
    private(set) var packPageReleases = 0

    /// The cache's default budget: git's `core.deltaBaseCacheLimit` (96 MiB).
    static let defaultCacheLimit = 96 << 20

    /// The default of `packPageBudget`. A history walk reads its pack once over: mapped, every page it read stayed
    /// in the process's resident memory (the 366 MB pack of the large bench store, a fifth of a cold changelog's
    /// peak), although each is needed for a moment.
    static let defaultPackPageBudget = 32 << 20
    /// The `packPageBudget` of the readers opened from now on (`Repository.packPageBudget`).
    static let newReaderPackPageBudget = Atomic<Int>(defaultPackPageBudget)
    /// What a read is counted beyond the bytes it inflated: the pages the kernel maps around a fault (Linux's
    /// `fault_around_bytes`, 64 KiB).
    static let packReadMapping = 64 << 10

    /// A reader of the object database at `objectsPath` (the repository's `objects` folder); nil when the database
    /// has what this reader leaves to libgit2 (alternates, a multi-pack-index, promisor packs).
    init?(objectsPath: String, cache: SharedObjectCache = .process, packPageBudget: Int = ObjectReader.defaultPackPageBudget) {
        self.objectsPath = objectsPath
        self.cache = cache
        self.packPageBudget = packPageBudget
        guard !Self.exists(objectsPath + "/info/alternates"), !Self.exists(objectsPath + "/info/http-alternates"),
              !Self.exists(objectsPath + "/pack/multi-pack-index"), scanPacks() else { return nil }
        cache.retain()
        usesCache = true
    }

    deinit {
        if usesCache { cache.release() }
    }

    /// The type (1 commit, 2 tree, 3 blob, 4 tag) and content of object `id`; nil when this reader does not have it
    /// or cannot read it (then libgit2 is asked).
    func read(_ id: ObjectID) -> (type: UInt8, bytes: [UInt8])? {
        if let found = readPacked(id) { return found }
        if let found = readLoose(id) { return found }
        // A pack written since the folder was scanned (a repack, an object batch): scan again once.
        if packFolderChanged(), scanPacks() { return readPacked(id) }
        return nil
    }

    /// How many bytes the cache holds (for tests of its bound).
    var cachedBytes: Int { cache.total }
    /// How many pack entries this reader inflated (for tests of the shared cache).
    private(set) var packInflations = 0

    // MARK: - Packs

    private func readPacked(_ id: ObjectID) -> (type: UInt8, bytes: [UInt8])? {
        guard let (pack, offset) = locate(id) else { return nil }
        return object(pack: pack, offset: offset)
    }

    /// The pack holding `id` and its offset there; the pack of the last hit is asked first (a walk reads from one
    /// pack at a time).
    private func locate(_ id: ObjectID) -> (pack: Int, offset: Int)? {
        if lastPack < packs.count, let k = packs[lastPack].index.find(id) {
            return packs[lastPack].index.offset(at: k).map { (lastPack, $0) }
        }
        for p in packs.indices where p != lastPack {
            if let k = packs[p].index.find(id) {
                lastPack = p
                return packs[p].index.offset(at: k).map { (p, $0) }
            }
        }
        return nil
    }

    /// The object at `offset` in pack `pack`: down its delta chain to a base (or an object in the cache), then each
    /// delta applied on the way back up, every result kept in the cache.
    private func object(pack: Int, offset: Int) -> (type: UInt8, bytes: [UInt8])? {
        var chain: [(pack: Int, offset: Int, header: PackEntryHeader)] = []
        var p = pack, o = offset
        var base: (type: UInt8, bytes: [UInt8])
        while true {
            if let hit = cache.get(key(p, o)) {
                base = hit
                break
            }
            // git refuses chains deeper than 4,095 when it writes them; a longer one here is a loop of REF_DELTAs.
            guard chain.count <= 10_000, let header = packs[p].header(at: o) else { return nil }
            if header.type <= 4 {
                guard let bytes = inflate(packs[p], header) else { return nil }
                base = (header.type, bytes)
                if !chain.isEmpty || header.type != blobType { cache.put(key(p, o), base) }
                break
            }
            chain.append((p, o, header))
            if let baseID = header.baseID {
                guard let (bp, bo) = locate(baseID) else { return nil }
                p = bp
                o = bo
            } else {
                o = header.baseOffset
            }
        }
        for (depth, link) in chain.enumerated().reversed() {
            guard let delta = inflate(packs[link.pack], link.header), let result = applyDelta(delta, to: base.bytes) else { return nil }
            base = (base.type, result)
            // The delta bases on the way up are kept (later objects of the chain start from them, as git's
            // delta-base cache keeps bases); the blob asked for is not: a history read asks for each blob about
            // once, and keeping them filled the budget and the process's memory with texts read once.
            if depth > 0 || base.type != blobType { cache.put(key(link.pack, link.offset), base) }
        }
        return base
    }

    private func inflate(_ pack: Pack, _ header: PackEntryHeader) -> [UInt8]? {
        packInflations += 1
        let bytes = inflater.inflate(pack.data.base + header.dataStart, available: pack.end - header.dataStart, size: header.size)
        notePackRead(pack, bytes: inflater.consumed)
        return bytes
    }

    /// Counts a read of `bytes` from `pack` (with the pages mapped around it, `packReadMapping`); past
    /// `packPageBudget`, gives the pack's pages back (the readers of other threads fault in again what they read
    /// next). So the pack's resident pages stay within about the budget per reader instead of growing to the whole
    /// pack; the pages come back from the page cache, not the disk.
    private func notePackRead(_ pack: Pack, bytes: Int) {
        packPagesRead += bytes + Self.packReadMapping
        guard packPagesRead >= packPageBudget else { return }
        packPagesRead = 0
        packPageReleases += 1
        pack.data.releasePages()
    }

    /// The cache's key of the entry at `offset` of this reader's pack number `pack`: the pack's serial and the offset.
    private func key(_ pack: Int, _ offset: Int) -> Int { packs[pack].serial << 48 | offset }

    /// Git's object type number of a blob.
    private let blobType: UInt8 = 3

    /// Opens the packs of `objects/pack` not open yet; false when the folder holds promisor packs (left to libgit2).
    private func scanPacks() -> Bool {
        let folder = objectsPath + "/pack"
        packFolderStamp = Self.modificationTime(folder)
        guard let directory = opendir(folder) else { return true }
        defer { closedir(directory) }
        var names: [String] = []
        while let item = readdir(directory) {
            let name = withUnsafeBytes(of: item.pointee.d_name) { raw in
                String(decoding: raw.prefix { $0 != 0 }, as: UTF8.self)
            }
            if name.hasSuffix(".promisor") { return false }
            if name.hasPrefix("pack-"), name.hasSuffix(".idx") { names.append(name) }
        }
        for name in names.sorted() where !knownIndexes.contains(name) && packs.count < (1 << 14) {
            knownIndexes.insert(name)
            let stem = folder + "/" + name.dropLast(4)
            // A pack this reader cannot read is simply not opened: its objects are misses, which libgit2 reads.
            if let pack = SharedPacks.shared.open(indexPath: stem + ".idx", packPath: stem + ".pack"), pack.end < (1 << 48) { packs.append(pack) }
        }
        return true
    }

    private func packFolderChanged() -> Bool {
        let now = Self.modificationTime(objectsPath + "/pack")
        return now?.tv_sec != packFolderStamp?.tv_sec || now?.tv_nsec != packFolderStamp?.tv_nsec
    }

    // MARK: - Loose objects

    /// Whether the repository has object `id` (in a pack this reader knows or as a loose file), without reading it.
    func contains(_ id: ObjectID) -> Bool {
        if locate(id) != nil { return true }
        let hex = id.hex
        var status = stat()
        return lstat(objectsPath + "/" + hex.prefix(2) + "/" + hex.dropFirst(2), &status) == 0
    }

    private func readLoose(_ id: ObjectID) -> (type: UInt8, bytes: [UInt8])? {
        let hex = id.hex
        let path = objectsPath + "/" + hex.prefix(2) + "/" + hex.dropFirst(2)
        guard let file = MappedFile(path: path) else { return nil }
        return inflater.inflateLoose(UnsafeRawBufferPointer(start: file.base, count: file.count))
    }

    // MARK: - Files

    private static func exists(_ path: String) -> Bool {
        var status = stat()
        return stat(path, &status) == 0
    }

    private static func modificationTime(_ path: String) -> timespec? {
        var status = stat()
        guard stat(path, &status) == 0 else { return nil }
        #if canImport(Darwin)
        return status.st_mtimespec
        #else
        return status.st_mtim
        #endif
    }
}

/// The objects the readers rebuilt, by pack and offset (`ObjectCache`), behind a lock: `process` is shared by every
/// reader of the default budget, so that the process holds at most `ObjectReader.defaultCacheLimit` however many
/// handles are open, and a thread finds the delta bases another thread rebuilt (a history walk on two threads hands
/// out versions four at a time: with a cache per handle, each thread rebuilt the trees of the versions next to its
/// own from far down their delta chains, and a cold `log` of a 50,000-entry store spent half its time in zlib).
/// The cache is emptied when its last reader is released.
final class SharedObjectCache: @unchecked Sendable {
    static let process = SharedObjectCache(limit: ObjectReader.defaultCacheLimit)
    private let lock = ProcessMutex()
    private var cache: ObjectCache
    private var readers = 0
    /// The limit set (`setLimit`), and the caps of the `capped(atMost:_:)` calls under way: the cache holds at most
    /// the smallest of them.
    private var baseLimit: Int
    private var caps: [Int] = []

    init(limit: Int) {
        baseLimit = max(limit, 0)
        cache = ObjectCache(limit: limit)
    }

    var total: Int { lock.withLock { cache.total } }

    func get(_ key: Int) -> (type: UInt8, bytes: [UInt8])? {
        lock.withLock { cache.get(key) }
    }

    func put(_ key: Int, _ value: (type: UInt8, bytes: [UInt8])) {
        lock.withLock { cache.put(key, value) }
    }

    /// A reader starts using the cache.
    func retain() {
        lock.withLock { readers += 1 }
    }

    /// Sets how many bytes the cache may hold, dropping the least recently used objects beyond it (`Repository
    /// .objectCacheLimit`); a cap under way (`capped(atMost:_:)`) still holds until it ends.
    func setLimit(_ limit: Int) {
        lock.withLock {
            baseLimit = max(limit, 0)
            cache.setLimit(effectiveLimit)
        }
    }

    /// How many bytes the cache may hold when no cap is under way (the limit set).
    var limit: Int { lock.withLock { baseLimit } }

    /// How many bytes the cache may hold now: the limit set, or a smaller cap under way.
    var currentLimit: Int { lock.withLock { cache.limit } }

    /// Runs `body` with the cache holding at most `cap` bytes (its least recently used objects beyond it dropped at
    /// once); when it returns, the limit is what the limit set and the caps still under way make it. Caps of
    /// threads that overlap each end on their own: a cap saved and put back by each caller would, when two overlap,
    /// put one's cap back as the limit for good.
    func capped<T>(atMost cap: Int, _ body: () throws -> T) rethrows -> T {
        lock.withLock {
            caps.append(max(cap, 0))
            cache.setLimit(effectiveLimit)
        }
        defer {
            lock.withLock {
                if let k = caps.firstIndex(of: max(cap, 0)) { caps.remove(at: k) }
                cache.setLimit(effectiveLimit)
            }
        }
        return try body()
    }

    /// The limit set or the smallest cap under way (call with the lock held).
    private var effectiveLimit: Int { caps.min().map { min($0, baseLimit) } ?? baseLimit }

    /// A reader is done with the cache; the last one empties it.
    func release() {
        lock.withLock {
            readers -= 1
            if readers == 0 { cache = ObjectCache(limit: cache.limit) }
        }
    }
}

/// The packs the process has open, shared by every reader: the handles of a changelog's or a diff's threads map each
/// pack once, not once each (a pack is read-only once opened). A pack file replaced under the same name (another
/// device, inode, size or modification time) is opened anew.
private final class SharedPacks: @unchecked Sendable {
    static let shared = SharedPacks()
    private struct Stamp: Equatable {
        var device: UInt64, inode: UInt64, size: Int64, seconds: Int, nanoseconds: Int
    }
    private let lock = ProcessMutex()
    private var open: [String: (stamp: Stamp, pack: Pack)] = [:]
    /// The serial of the next pack opened (`Pack.serial`).
    private var nextSerial = 0

    func open(indexPath: String, packPath: String) -> Pack? {
        var status = stat()
        guard stat(packPath, &status) == 0 else { return nil }
        #if canImport(Darwin)
        let time = status.st_mtimespec
        #else
        let time = status.st_mtim
        #endif
        let stamp = Stamp(device: UInt64(status.st_dev), inode: UInt64(status.st_ino), size: Int64(status.st_size),
                          seconds: Int(time.tv_sec), nanoseconds: Int(time.tv_nsec))
        return lock.withLock {
            if let known = open[packPath], known.stamp == stamp { return known.pack }
            guard nextSerial < (1 << 15), let pack = Pack(indexPath: indexPath, packPath: packPath, serial: nextSerial) else { return nil }
            nextSerial += 1
            open[packPath] = (stamp, pack)
            return pack
        }
    }
}

/// A pthread mutex (GitKit does not import Foundation's locks here).
private final class ProcessMutex: @unchecked Sendable {
    private let mutex: UnsafeMutablePointer<pthread_mutex_t>

    init() {
        mutex = .allocate(capacity: 1)
        pthread_mutex_init(mutex, nil)
    }

    deinit {
        pthread_mutex_destroy(mutex)
        mutex.deallocate()
    }

    func withLock<R>(_ body: () -> R) -> R {
        pthread_mutex_lock(mutex)
        defer { pthread_mutex_unlock(mutex) }
        return body()
    }
}

/// Objects by where they start in a pack, least recently used dropped first once their bytes pass `limit` (git's
/// delta-base cache keeps bases the same way). Objects larger than an eighth of the limit are not kept.
struct ObjectCache {
    private struct Node {
        var key: Int
        var value: (type: UInt8, bytes: [UInt8])
        var newer: Int
        var older: Int
    }

    private(set) var limit: Int
    private(set) var total = 0
    private var nodes: [Node] = []
    private var unused: [Int] = []
    private var slots: [Int: Int] = [:]
    private var newest = -1
    private var oldest = -1

    init(limit: Int) {
        self.limit = limit
    }

    mutating func get(_ key: Int) -> (type: UInt8, bytes: [UInt8])? {
        guard let n = slots[key] else { return nil }
        unlink(n)
        linkNewest(n)
        return nodes[n].value
    }

    mutating func put(_ key: Int, _ value: (type: UInt8, bytes: [UInt8])) {
        let size = value.bytes.count
        guard size <= limit / 8, slots[key] == nil else { return }
        while total + size > limit, oldest >= 0 { evict(oldest) }
        let node = Node(key: key, value: value, newer: -1, older: -1)
        let n: Int
        if let free = unused.popLast() {
            nodes[free] = node
            n = free
        } else {
            nodes.append(node)
            n = nodes.count - 1
        }
        slots[key] = n
        total += size
        linkNewest(n)
    }

    /// A new limit; the least recently used objects beyond it are dropped.
    mutating func setLimit(_ limit: Int) {
        self.limit = max(limit, 0)
        while total > self.limit, oldest >= 0 { evict(oldest) }
    }

    private mutating func evict(_ n: Int) {
        unlink(n)
        slots[nodes[n].key] = nil
        total -= nodes[n].value.bytes.count
        nodes[n].value.bytes = []
        unused.append(n)
    }

    private mutating func unlink(_ n: Int) {
        let newer = nodes[n].newer, older = nodes[n].older
        if newer >= 0 { nodes[newer].older = older } else { newest = older }
        if older >= 0 { nodes[older].newer = newer } else { oldest = newer }
        nodes[n].newer = -1
        nodes[n].older = -1
    }

    private mutating func linkNewest(_ n: Int) {
        nodes[n].older = newest
        nodes[n].newer = -1
        if newest >= 0 { nodes[newest].newer = n }
        newest = n
        if oldest < 0 { oldest = n }
    }
}
