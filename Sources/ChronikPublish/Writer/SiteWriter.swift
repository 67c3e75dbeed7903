import ChronikDiff
import ChronikStore
import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Puts a site on disk so that readers never see half of it (issue 15): the whole site is written into a temporary
/// folder beside the target, then swapped in by renaming; a failed write removes the temporary folder and leaves
/// the old site as it was. Incremental: a file whose bytes equal the old site's file is hard-linked from it rather
/// than written again, so a second publish after one new version writes only what changed, and the result is the
/// same bytes as a full publish. The target must be missing, an empty folder, or a site chronik wrote (it holds
/// the manifest `.chronik-site.json`, every path with its checksum): chronik never replaces a folder of someone
/// else's files.
public struct SiteWriter: Sendable {
    /// The manifest's file name in the site's root.
    public static let manifestName = ".chronik-site.json"

    public let target: URL
    /// Writes all bytes to a descriptor, returning 0 or an `errno` (`Descriptor.writeAll`; the fault-injection tests
    /// pass one that fails as a full disk does).
    let writeAll: @Sendable (Int32, UnsafeRawBufferPointer) -> Int32
    /// Keep the replaced site beside the target as the spare (`spareName`) from which the next write makes its new
    /// site, changing only what differs (a publish with the publish cache: `Publisher.Options.siteCacheDirectory`).
    /// Off: the replaced site is removed, and every write builds its site in a new folder.
    var keepsSpare = false
    /// Into a new folder, the render threads write the files they render (`writeFresh`); off: this thread writes
    /// every file (the tests' reference).
    var parallelWrites = true
    /// Into a new folder, how many top folders of the site (a collection's) the render threads hold open to create
    /// the files below them (`SiteFolders`); a file below another one is created from the site's folder.
    var openTopFolders = 256
    /// From the spare, its kept files are checked on a helper thread beside this one (`SiteKeptChecks`); off: on this
    /// thread alone, each as it comes (the tests' reference).
    var parallelSpareChecks = true
    /// How many of the spare's files a thread checks at a time (`SiteKeptChecks.defaultBlock`; the tests use small blocks).
    var spareCheckBlock = SiteKeptChecks.defaultBlock

    public init(target: URL) {
        self.init(target: target, writeAll: { Descriptor.writeAll($0, $1) })
    }

    init(target: URL, keepsSpare: Bool = false, writeAll: @escaping @Sendable (Int32, UnsafeRawBufferPointer) -> Int32) {
        self.target = target.standardizedFileURL
        self.keepsSpare = keepsSpare
        self.writeAll = writeAll
    }

    /// The spare's name beside a target named `name`: `.<name>.chronik-spare`. It is the site that was replaced by
    /// the last write, with its manifest; readers never see it (it is not the target), so a write may change it in
    /// place: it takes it (renames it to its own temporary name, so two writes never share it), removes its manifest
    /// (a spare cut off half-way is then no site and is removed), replaces the files that differ and renames it in.
    static func spareName(_ name: String) -> String { ".\(name).chronik-spare" }

    /// Writes `files` as the whole site at `target`.
    public func write(_ files: SiteFiles) throws -> SiteWriteResult {
        var plan = SitePlan()
        plan.add(rendered: files)
        return try write(plan, previous: nil).result
    }

    /// Writes the files of `plan` as the whole site at `target`, rendering each file when it is written (so the
    /// site's bytes are never all in memory). A file whose fingerprint is the one `previous` (the last publish into
    /// this folder) recorded, whose checksum in the old site's manifest is still the recorded one and whose size
    /// too, is hard-linked from the old site without being rendered (`SiteWriteResult.kept`); a rendered file
    /// whose bytes equal the old site's file is linked too. Gives the cache records of the new site.
    ///
    /// With `keepsSpare`, the new site is made from the spare (the site before the old one, see `spareName`) when
    /// there is one: only the files that differ from it are replaced, so an incremental publish does not build a
    /// tree of 1,700 folders and 18,000 links, nor remove the old one. A spare that is not what its manifest says
    /// (a folder where a file goes) is dropped and the site built anew.
    func write(_ plan: SitePlan, previous: SitePublishCache?) throws -> (result: SiteWriteResult, records: SitePathTable<SitePublishCache.Record>) {
        let old = try previousSite()
        let parent = target.deletingLastPathComponent()
        do {
            try FileManager.default.createDirectory(at: parent, withIntermediateDirectories: true)
        } catch {
            throw SiteWriterError.writeFailed(path: parent.path, reason: Self.reason(error))
        }
        let name = target.lastPathComponent
        removeAbandoned(in: parent, name: name)
        let suffix = "\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
        let temporary = parent.appendingPathComponent(".\(name).chronik-new-\(suffix)")
        let spareFolder = parent.appendingPathComponent(Self.spareName(name))
        // The spare is taken whether or not the site is still there: when it was removed since (a CI job that empties
        // the folder first), the new site is made from the spare all the same, every file compared with the spare's
        // by its bytes. Removing the spare's 18,000 files and creating as many anew right after cost ext4 seconds of
        // system time on the medium site (BENCHMARKS.md, inc15b). Not kept: it goes.
        let taken = keepsSpare ? takeSpare(spareFolder, to: temporary) : nil
        if taken == nil { try? FileManager.default.removeItem(at: spareFolder) }
        if let (spare, spareWritten) = taken {
            do {
                return try build(plan, previous: previous, old: old, in: temporary, spare: spare, spareWritten: spareWritten,
                                 spareFolder: spareFolder)
            } catch {
                // `build` removed the temporary folder: a site from scratch, as without a spare.
            }
        }
        return try build(plan, previous: previous, old: old, in: temporary, spare: nil, spareFolder: keepsSpare ? spareFolder : nil)
    }

    /// The new site in `temporary` (from `spare`'s files, which are already there, or into a new folder), swapped in.
    private func build(_ plan: SitePlan, previous: SitePublishCache?, old: OldSite?, in temporary: URL, spare: SitePathTable<String>?,
                       spareWritten: timespec = timespec(), spareFolder: URL?) throws -> (result: SiteWriteResult, records: SitePathTable<SitePublishCache.Record>) {
        var result = SiteWriteResult(written: 0, unchanged: 0, removed: 0, total: plan.count)
        var records = RecordsBuilder()
        // Where each file of the plan is in the previous publish's records, the old site's manifest and the spare's:
        // all three list the paths in the order of a plan, so walking beside them finds nearly every path with one
        // comparison (`SitePathTable`), where three dictionaries hashed every path of the site again and again.
        let matches = Matches(plan: plan, previous: previous, old: old, spare: spare)
        // The folder's path, made once: `URL.path` made anew for each of 18,000 files was 1.3 % of an incremental
        // publish of the medium site.
        let temporaryPath = temporary.path
        // The folders known to be there (each made once: a file whose folder is not listed makes the folders above
        // it, and a spare's folder that is there already is fine, `makeDirectory`). A write from the spare lists none
        // of its 5,500 folders up front: nearly every file of an incremental publish is kept where it is, and a file
        // that is not (a dozen) makes its folders, which are there (listing the folders of the kept files, each
        // hashed into a set, was about 0.8 % of a publish with no new version of the medium site).
        var directories: Set<String> = [""]
        do {
            if let spare, let at = matches.atSpare {
                try removeStale(spare, at, in: temporaryPath)
            } else {
                try makeDirectory(temporaryPath)
            }
            // The spare's kept files are looked at below the new site's folder, opened once: from the root, each
            // `lstat` walked seven path components to the file (`fstatat` of kept files was 4 % of an incremental
            // publish of the medium site, inc15e).
            let root = spare == nil ? -1 : open(temporary.path, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
            defer { if root >= 0 { close(root) } }
            var manifest = ManifestWriter()
            if old == nil, spare == nil, plan.count >= Self.parallelMinimum, parallelWrites, ParallelWork.defaultThreads > 1 {
                // A site into a new folder (nothing to keep, link or compare): each render thread writes the files it
                // renders (`writeFresh`).
                let manifest = try writeFresh(plan, in: temporary.path, records: &records, result: &result)
                for check in plan.checks { try check() }
                try writeFile(temporary.path + "/" + Self.manifestName, manifest)
                try swap(temporary, into: target, hasOld: exists(target.path), spare: spareFolder)
                return (result, records.finished())
            }
            // Files are rendered on worker threads (one per core) while this thread writes the ones before them, in
            // the plan's order, so the site is the same bytes whatever the number of threads; a file that can be kept
            // from the previous publish is not rendered (when keeping it fails after all, it is rendered here).
            let jobs = RenderJobs(plan) { k, item in
                guard let input = item.input, old != nil, let record = matches.previousRecord(k) else { return false }
                return record.input == input && matches.oldChecksum(k) == record.checksum
            }
            // What a kept file of the spare is checked against, taken out of `old` once: bound for each file (`if let
            // old`), the old site was copied, its root and table retained and released 18,000 times.
            let fromSpare = spare != nil && old != nil
            let oldRoot = old?.root ?? "", oldWritten = old?.written ?? timespec()
            let keptBelow = root >= 0 ? root : AT_FDCWD
            // The spare's file is already the one kept (its manifest says so, its size agrees and it was not changed
            // since: `keptSince`). Checked on a helper thread from the plan's end while this one works from its start
            // (`SiteKeptChecks`, inc21a), started before the prepares below so that it runs beside them too.
            let keptChecks = fromSpare ? SiteKeptChecks(count: jobs.items.count, block: spareCheckBlock,
                                                        helper: parallelSpareChecks && ParallelWork.defaultThreads > 1) { k in
                guard jobs.keepable[k], let record = matches.previousRecord(k), matches.spareChecksum(k) == record.checksum else { return false }
                let path = jobs.paths[k]
                return spareKeeps(path, below: keptBelow, as: root >= 0 ? path : temporaryPath + "/" + path, size: record.size,
                                  spareWritten: spareWritten, oldRoot: oldRoot, oldWritten: oldWritten)
            } : nil
            // Stopped (and waited for) before this function leaves: before the folder is swapped in, or removed after a
            // failure.
            defer { keptChecks?.finish() }
            // What the files to render read on demand (a release page's changes) is read here, on this thread, so that a
            // failure is this publish's error and never a trap on a render thread (`Publisher` prepared the files whose
            // fingerprints changed; this covers a file whose fingerprint is kept but whose old bytes were altered).
            for k in jobs.items.indices where !jobs.keepable[k] { try jobs.items[k].prepare?() }
            // Threads only for the files to render: an incremental publish keeps nearly all of 18,000 files, and
            // handing each kept one through the threads' condition variable cost more than rendering its dozen.
            let threads = jobs.toRender < Self.parallelMinimum ? 1 : ParallelWork.defaultThreads
            var lastFolder: Substring = ""
            try orderedPipeline(count: jobs.items.count, threads: threads, window: Self.renderWindow, chunk: 4,
                                produce: { _, k in jobs.keepable[k] || jobs.items[k].stream != nil ? nil : jobs.items[k].render() },
                                consume: { k, rendered in
                let path = jobs.paths[k]
                precondition(path != Self.manifestName, "the manifest is the writer's")
                // The spare's file is already the one kept (`keptChecks`): nothing to do but record it (nearly every
                // file of an incremental publish; its folder is there, see `removeStale`).
                if let keptChecks, keptChecks.kept(k), let record = matches.previousRecord(k) {
                    manifest.add(path, record.checksum)
                    records.append(path, record)
                    result.unchanged += 1
                    result.kept += 1
                    return
                }
                // The folders above the file, unless its own is made already (then so are those above it): splitting
                // and joining every path was 2 % of an incremental publish of the medium site. A file in the folder
                // of the one before it (an entry's page, JSON and feed) does not look it up.
                if let slash = path.utf8.lastIndex(of: UInt8(ascii: "/")) {
                    let folder = path[..<slash]
                    if folder != lastFolder {
                        lastFolder = folder
                        if !directories.contains(String(folder)) {
                            let components = path.split(separator: "/")
                            for k in 1..<max(components.count, 1) {
                                let directory = components[..<k].joined(separator: "/")
                                if directories.insert(directory).inserted { try makeDirectory(temporaryPath + "/" + directory) }
                            }
                        }
                    }
                }
                let destination = temporaryPath + "/" + path
                let item = jobs.items[k]
                if jobs.keepable[k], let old, let record = matches.previousRecord(k) {
                    // Not the spare's file: the old site's is linked (when it was not changed since, `keptSince`).
                    if spare != nil { try removeFile(destination) }
                    if keep(from: old.root + "/" + path, to: destination, size: record.size, old: old) {
                        manifest.add(path, record.checksum)
                        records.append(path, record)
                        result.unchanged += 1
                        result.kept += 1
                        return
                    }
                }
                // A kept file that could not be kept after all is rendered here: what its rendering reads on demand
                // (a release page's changes) is read first, so a failure is this publish's error, not a trap.
                if rendered == nil { try item.prepare?() }
                // A file that can be made from the old site's (a collection's JSON after some of its entries changed).
                var stream = item.stream
                if rendered == nil, let patch = item.patch, let source = Self.patchSource(path, at: k, old: old, previous: previous, matches: matches) {
                    stream = patch(source) ?? stream
                }
                if rendered == nil, let stream {
                    // Made in pieces here, each written as it comes (the file is never whole in memory).
                    let (checksum, size, outcome) = try writeStreamed(stream, to: destination, path: path, old: old,
                                                                      oldChecksum: matches.oldChecksum(k), spare: spare,
                                                                      spareChecksum: matches.spareChecksum(k), temporary: temporaryPath)
                    manifest.add(path, checksum)
                    if let input = item.input { records.append(path, SitePublishCache.Record(input: input, checksum: checksum, size: size)) }
                    if outcome == .written { result.written += 1 } else { result.unchanged += 1 }
                    return
                }
                let bytes = rendered ?? item.render()
                let checksum = bytes.withUnsafeBytes { Checksum.hex(Checksum.of($0)) }
                manifest.add(path, checksum)
                if let input = item.input { records.append(path, SitePublishCache.Record(input: input, checksum: checksum, size: bytes.count)) }
                if let old, matches.oldChecksum(k) == checksum, Self.file(old.root + "/" + path, equals: bytes) {
                    // The old site's file: linked, unless the spare's is that very file already.
                    let oldPath = old.root + "/" + path
                    if spare == nil || !Self.sameFile(destination, oldPath) {
                        if spare != nil { try removeFile(destination) }
                        guard Glibc.link(oldPath, destination) == 0 else {
                            try writeFile(destination, bytes)
                            result.written += 1
                            return
                        }
                    }
                    result.unchanged += 1
                } else {
                    // New or changed: written, unless the spare's file has these bytes already.
                    if !(matches.spareChecksum(k) == checksum && Self.file(destination, equals: bytes)) {
                        if spare != nil { try removeFile(destination) }
                        try writeFile(destination, bytes)
                    }
                    result.written += 1
                }
            })
            if let at = matches.atOld { result.removed = at.stale.count }
            for check in plan.checks { try check() }
            try writeFile(temporaryPath + "/" + Self.manifestName, manifest.finished())
            try swap(temporary, into: target, hasOld: old != nil || exists(target.path), spare: spareFolder)
        } catch {
            try? FileManager.default.removeItem(at: temporary)
            throw error
        }
        return (result, records.finished())
    }

    /// A site into a new folder: every file rendered and written by the render threads themselves, each making the
    /// folders above its file (`SiteFolders`), while this thread takes their checksums in the plan's order for the
    /// manifest (its bytes made as they come) and the cache records. On the medium site this thread wrote 18,000 files (open, write, close: ext4's
    /// inode allocation) and made the collections' JSON, about 1.5 s of CPU against the two render threads' 0.6 s
    /// each: the render phase ran at the speed of one core (BENCHMARKS.md, pub15g). The same bytes, manifest and
    /// result as the writing on this thread (`SiteWriterFreshTests`); an error is the first failing file's in the plan's
    /// order, and the temporary folder is removed as before.
    private func writeFresh(_ plan: SitePlan, in root: String, records: inout RecordsBuilder,
                            result: inout SiteWriteResult) throws -> [UInt8] {
        var manifest = ManifestWriter()
        let jobs = RenderJobs(plan) { _, _ in false }
        for item in jobs.items { try item.prepare?() }
        let folders = try SiteFolders(root: root, topMaximum: openTopFolders)
        let writeAll = self.writeAll
        /// Renders, checksums and writes file `k` (on a render thread).
        @Sendable func write(_ k: Int) -> Result<FreshFile, SiteWriterError> {
            let path = jobs.paths[k], item = jobs.items[k]
            return Result { () throws(SiteWriterError) -> FreshFile in
                precondition(path != Self.manifestName, "the manifest is the writer's")
                // The file is created below a folder opened once (the site's, or its top folder's): from the root each
                // `open` walked every component of the path, the temporary folder's own ones too.
                let (folder, below) = try folders.make(above: path)
                if let stream = item.stream {
                    return try Self.writeNew(path, from: below, in: folder, root: root) { descriptor in
                        let (sum, size, error) = Self.pour(stream, into: descriptor, writeAll: writeAll)
                        return (FreshFile(checksum: Checksum.hex(sum), size: size), error)
                    }
                }
                let bytes = item.render()
                return try Self.writeNew(path, from: below, in: folder, root: root) { descriptor in
                    let error = bytes.withUnsafeBytes { writeAll(descriptor, $0) }
                    return (FreshFile(checksum: bytes.withUnsafeBytes { Checksum.hex(Checksum.of($0)) }, size: bytes.count), error)
                }
            }
        }
        // Handed over in batches of `freshBatch` files: the calling thread, which waits for them, is woken once per
        // batch rather than once per file. The results are checksums and sizes: the threads may run far ahead (a
        // collection's JSON takes one thread a while; the other need not wait for it after 64 files).
        let count = jobs.items.count, batch = Self.freshBatch
        try orderedPipeline(count: (count + batch - 1) / batch, threads: ParallelWork.defaultThreads, window: Self.freshWindow / batch,
                            produce: { _, b in
            var files: [Result<FreshFile, SiteWriterError>] = []
            for k in b * batch..<min(count, (b + 1) * batch) {
                files.append(write(k))
                // The first failure in order is this write's error: the batch stops there.
                if case .failure = files[files.count - 1] { break }
            }
            return files
        }, consume: { b, files in
            for (offset, written) in files.enumerated() {
                let file = try written.get()
                let path = jobs.paths[b * batch + offset], item = jobs.items[b * batch + offset]
                manifest.add(path, file.checksum)
                if let input = item.input { records.append(path, SitePublishCache.Record(input: input, checksum: file.checksum, size: file.size)) }
                result.written += 1
            }
        })
        return manifest.finished()
    }

    /// Writes the pieces `stream` makes to `descriptor` as they come, summing them: the checksum's sum, the size, and
    /// the first `errno` of a write (0: all written; after a failed write, later pieces are neither written nor summed).
    private static func pour(_ stream: SiteFileStream, into descriptor: Int32,
                             writeAll: @escaping @Sendable (Int32, UnsafeRawBufferPointer) -> Int32) -> (sum: UInt64, size: Int, error: Int32) {
        var sum = ChecksumStream()
        var size = 0
        var error: Int32 = 0
        stream { piece in
            guard error == 0 else { return }
            sum.add(piece)
            size += piece.count
            error = writeAll(descriptor, piece)
        }
        return (sum.finish(), size, error)
    }

    /// What a render thread wrote.
    private struct FreshFile: Sendable {
        var checksum: String
        var size: Int
    }

    /// Creates the new file `path` of the site at `root` (its UTF-8 bytes from `offset` on, below the folder `folder`,
    /// a descriptor: `SiteFolders.make`) and hands its descriptor to `write`, which gives its result and an `errno`
    /// (0: all written); closes it.
    private static func writeNew<T>(_ path: String, from offset: Int, in folder: Int32, root: String,
                                    _ write: (Int32) -> (T, Int32)) throws(SiteWriterError) -> T {
        let descriptor = path.withCString { openat(folder, $0 + offset, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o644) }
        guard descriptor >= 0 else { throw SiteWriterError.writeFailed(path: root + "/" + path, reason: Descriptor.reason(errno)) }
        let (value, error) = write(descriptor)
        let closed = close(descriptor) == 0 ? 0 : errno
        if error != 0 { throw SiteWriterError.writeFailed(path: root + "/" + path, reason: Descriptor.reason(error)) }
        if closed != 0 { throw SiteWriterError.writeFailed(path: root + "/" + path, reason: Descriptor.reason(closed)) }
        return value
    }

    /// How far the render threads may run ahead of this thread when they write the files themselves.
    static let freshWindow = 4096
    /// How many files a render thread writes before it hands their checksums over (see `writeFresh`).
    static let freshBatch = 16

    /// Below this many files a site is rendered on the calling thread alone (threads would cost more than they save).
    static let parallelMinimum = 64
    /// How many files the render threads may be ahead of the writing thread (their bytes are held until written).
    static let renderWindow = 64

    /// The plan's files in order, with whether each can be kept from the previous publish: handed to the render
    /// threads. The render functions only read the model, the theme and the options they captured (values), and
    /// libcmark-gfm's extensions are registered before the threads start (`SafeMarkdown.html`), so they may run
    /// on any thread.
    private struct RenderJobs: @unchecked Sendable {
        /// The plan's paths and items, in its order (its own arrays, not copies: a copy of 18,000 pairs retained every
        /// item's five functions).
        let paths: [String]
        let items: [SitePlan.Item]
        let keepable: [Bool]
        /// How many are not keepable (rendered unless the old site's file has their bytes).
        let toRender: Int

        init(_ plan: SitePlan, keepable: (Int, SitePlan.Item) -> Bool) {
            paths = plan.paths
            items = plan.entries
            var keep = [Bool](repeating: false, count: items.count)
            var toRender = 0
            for k in items.indices {
                keep[k] = keepable(k, items[k])
                if !keep[k] { toRender += 1 }
            }
            self.keepable = keep
            self.toRender = toRender
            _ = SafeMarkdown.html("")
        }
    }

    /// The new site's cache records, in the plan's order (grown, not reserved: see `ManifestWriter.init`).
    struct RecordsBuilder {
        private var paths: [String] = []
        private var records: [SitePublishCache.Record] = []

        mutating func append(_ path: String, _ record: SitePublishCache.Record) {
            paths.append(path)
            records.append(record)
        }

        consuming func finished() -> SitePathTable<SitePublishCache.Record> { SitePathTable(paths: paths, values: records) }
    }

    /// Where each file of a plan is in the previous publish's records, the old site's manifest and the spare's
    /// (`SitePathTable.align`).
    struct Matches {
        let previous: SitePathTable<SitePublishCache.Record>?
        let old: SitePathTable<String>?
        let spare: SitePathTable<String>?
        let atPrevious: SitePathTable<SitePublishCache.Record>.Alignment?
        let atOld: SitePathTable<String>.Alignment?
        let atSpare: SitePathTable<String>.Alignment?

        init(plan: SitePlan, previous: SitePublishCache?, old: OldSite?, spare: SitePathTable<String>?) {
            self.init(keys: plan.paths, isKey: { plan.contains($0) }, previous: previous, old: old, spare: spare)
        }

        /// `keys`: the plan's paths; `isKey`: whether a path is one of them.
        // The three tables' values and each plan file's position in them (no positions: no table), for the look-ups
        // of every file: through the optional tables and alignments above, each look-up copied a table (its arrays
        // and index retained and released), three times for each of 18,000 kept files (about 0.5 % of an incremental
        // publish of the medium site).
        private let previousValues: [SitePublishCache.Record], oldValues: [String], spareValues: [String]
        private let previousAt: [Int32], oldAt: [Int32], spareAt: [Int32]

        init(keys: [String], isKey: (String) -> Bool, previous: SitePublishCache?, old: OldSite?, spare: SitePathTable<String>?) {
            self.previous = previous?.table
            self.old = old?.files
            self.spare = spare
            atPrevious = previous?.table.align(keys, isKey: isKey)
            atOld = old?.files.align(keys, isKey: isKey)
            atSpare = spare?.align(keys, isKey: isKey)
            previousValues = previous?.table.values ?? []
            oldValues = old?.files.values ?? []
            spareValues = spare?.values ?? []
            previousAt = atPrevious?.positions ?? []
            oldAt = atOld?.positions ?? []
            spareAt = atSpare?.positions ?? []
        }

        /// What the previous publish recorded for file `k` of the plan.
        func previousRecord(_ k: Int) -> SitePublishCache.Record? {
            guard k < previousAt.count, previousAt[k] >= 0 else { return nil }
            return previousValues[Int(previousAt[k])]
        }

        /// The checksum the old site's manifest has for file `k`.
        func oldChecksum(_ k: Int) -> String? {
            guard k < oldAt.count, oldAt[k] >= 0 else { return nil }
            return oldValues[Int(oldAt[k])]
        }

        /// The checksum the spare's manifest has for file `k`.
        func spareChecksum(_ k: Int) -> String? {
            guard k < spareAt.count, spareAt[k] >= 0 else { return nil }
            return spareValues[Int(spareAt[k])]
        }
    }

    // MARK: The target

    struct OldSite {
        var root: String
        /// Path → checksum, as its manifest lists them.
        var files: SitePathTable<String>
        /// When its manifest was last changed (its `st_ctim`): the end of the write that made the old site (see
        /// `keptSince`). The far future: not known (no file is refused for its time).
        var written = timespec(tv_sec: .max, tv_nsec: 0)
    }

    /// The site at `target`, nil when there is none (missing or an empty folder); throws when the target is
    /// something else.
    private func previousSite() throws -> OldSite? {
        var info = stat()
        guard lstat(target.path, &info) == 0 else {
            if errno == ENOENT { return nil }
            throw SiteWriterError.writeFailed(path: target.path, reason: Descriptor.reason(errno))
        }
        guard info.st_mode & S_IFMT == S_IFDIR else { throw SiteWriterError.targetNotAFolder(path: target.path) }
        let names: [String]
        do {
            names = try FileManager.default.contentsOfDirectory(atPath: target.path)
        } catch {
            throw SiteWriterError.writeFailed(path: target.path, reason: Self.reason(error))
        }
        if names.isEmpty { return nil }
        guard let files = Self.manifestFiles(in: target.path) else { throw SiteWriterError.notASite(path: target.path) }
        var old = OldSite(root: target.path, files: files)
        var manifest = stat()
        old.written = lstat(target.path + "/" + Self.manifestName, &manifest) == 0 ? manifest.st_ctim : timespec(tv_sec: 0, tv_nsec: 0)
        return old
    }

    /// Path → checksum from the manifest of the site at `root`; nil when it has none chronik wrote.
    private static func manifestFiles(in root: String) -> SitePathTable<String>? {
        guard let data = FileManager.default.contents(atPath: root + "/" + manifestName) else { return nil }
        return manifestFiles(data)
    }

    /// Path → checksum from a manifest's bytes: read line by line when it is as `manifest(_:)` writes it (a path
    /// without a backslash), else by `JSONSerialization` (two manifests of 18,000 files were 4 % of an
    /// incremental publish that way). `ManifestTests` holds the two to each other.
    static func manifestFiles(_ data: Data) -> SitePathTable<String>? {
        if let files = writtenManifestFiles(data) { return files }
        return parsedManifestFiles(data)
    }

    /// The line-by-line reading of `manifestFiles(_:)`; nil when `data` is not as `manifest(_:)` writes it.
    static func writtenManifestFiles(_ data: Data) -> SitePathTable<String>? {
        let head = Array("{\n  \"generator\": \"chronik\",\n  \"files\": [\n".utf8), tail = Array("  ]\n}\n".utf8)
        let open = Array("    {\"path\": \"".utf8), middle = Array("\", \"checksum\": \"".utf8)
        return data.withUnsafeBytes { (raw: UnsafeRawBufferPointer) -> SitePathTable<String>? in
            let bytes = raw.bindMemory(to: UInt8.self)
            let n = bytes.count
            // Compared by `memcmp`: a byte at a time, the 14 and 16 bytes around each of 18,000 paths were most of this
            // reading's own time (0.5-0.8 % of a publish with no new version of the medium site, two manifests).
            func matches(_ expected: [UInt8], at i: Int) -> Bool {
                guard i + expected.count <= n, let base = raw.baseAddress else { return false }
                return expected.withUnsafeBytes { memcmp(base + i, $0.baseAddress!, expected.count) } == 0
            }
            guard matches(head, at: 0) else { return nil }
            var paths: [String] = [], sums: [String] = []
            // A line is some 70 bytes: the arrays made once, not grown 15 times on the way to 18,000 paths.
            paths.reserveCapacity(n / 64)
            sums.reserveCapacity(n / 64)
            var i = head.count
            while !matches(tail, at: i) {
                guard matches(open, at: i) else { return nil }
                let start = i + open.count
                var j = start
                // The path ends at the first quote; a backslash (an escape) is left to the JSON reader.
                while j < n, bytes[j] != UInt8(ascii: "\""), bytes[j] != UInt8(ascii: "\\"), bytes[j] != 0x0A { j += 1 }
                guard matches(middle, at: j) else { return nil }
                let sum = j + middle.count
                guard sum + 18 <= n, bytes[sum + 16] == UInt8(ascii: "\""), bytes[sum + 17] == UInt8(ascii: "}") else { return nil }
                var end = sum + 18
                if end < n, bytes[end] == UInt8(ascii: ",") { end += 1 }
                guard end < n, bytes[end] == 0x0A else { return nil }
                paths.append(String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<j]), as: UTF8.self))
                sums.append(String(decoding: UnsafeBufferPointer(rebasing: bytes[sum..<(sum + 16)]), as: UTF8.self))
                i = end + 1
            }
            return i + tail.count == n ? SitePathTable(paths: paths, values: sums) : nil
        }
    }

    /// The manifest read as JSON.
    static func parsedManifestFiles(_ data: Data) -> SitePathTable<String>? {
        guard let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any],
              object["generator"] as? String == "chronik", let list = object["files"] as? [[String: String]]
        else { return nil }
        var files = SitePathTable<String>()
        for item in list {
            if let path = item["path"], let checksum = item["checksum"] { files.append(path, checksum) }
        }
        return files
    }

    /// Takes the spare: renamed to `temporary` (atomically: another write into the same target finds none), its
    /// manifest read and removed. nil when there is none or it is no site (then it is removed). Gives when its manifest
    /// was last changed (`st_ctim`: the end of the write that made it, see `keptSince`).
    private func takeSpare(_ spare: URL, to temporary: URL) -> (SitePathTable<String>, timespec)? {
        guard rename(spare.path, temporary.path) == 0 else { return nil }
        let manifest = temporary.path + "/" + Self.manifestName
        var info = stat()
        guard lstat(manifest, &info) == 0, let files = Self.manifestFiles(in: temporary.path), unlink(manifest) == 0 else {
            try? FileManager.default.removeItem(at: temporary)
            return nil
        }
        return (files, info.st_ctim)
    }

    /// Removes the spare's files that the new site does not have (`at`: the new plan's files in the spare's manifest),
    /// and the folders that held only those (a folder that still holds something is not removed: `rmdir` refuses it).
    private func removeStale(_ spare: SitePathTable<String>, _ at: SitePathTable<String>.Alignment, in root: String) throws {
        var emptied = Set<String>()
        for j in at.stale {
            let path = spare.paths[j]
            try removeFile(root + "/" + path)
            var components = path.split(separator: "/").dropLast()
            while !components.isEmpty {
                emptied.insert(components.joined(separator: "/"))
                components.removeLast()
            }
        }
        // Deepest first; a folder that still holds something stays (`ENOTEMPTY`).
        for folder in emptied.sorted(by: { $0.utf8.count > $1.utf8.count }) { _ = rmdir(root + "/" + folder) }
    }

    /// The manifest: every path of the site with its checksum (`Checksum`, FNV-1a over words), in the site's order.
    /// Made on bytes: made as a `String` (`referenceManifest`, which `ManifestTests` holds it to) it was 2.4 % of an
    /// incremental publish of the medium site (18,000 lines, inc15e).
    static func manifest(_ files: [(String, String)]) -> [UInt8] {
        var writer = ManifestWriter()
        for (path, checksum) in files { writer.add(path, checksum) }
        return writer.finished()
    }

    /// The manifest's bytes, a file at a time (the writer of a new site adds each as the render threads hand it over,
    /// while it waits for the next). A path is escaped on its UTF-8 bytes: `"`, `\` and the controls (the only bytes
    /// it changes) are ASCII, and every other byte is copied; the text that `String` appends scalar by scalar was
    /// 0.6 % of a full publish, on the calling thread after the render threads were done (`ManifestTests` holds the
    /// bytes to that reference).
    struct ManifestWriter {
        private(set) var bytes: [UInt8] = Array("{\n  \"generator\": \"chronik\",\n  \"files\": [\n".utf8)
        private var count = 0
        private static let open = Array("    {\"path\": \"".utf8), middle = Array("\", \"checksum\": \"".utf8)
        private static let hex = Array("0123456789abcdef".utf8)

        // Not reserved for the plan's files up front: with the new records' arrays reserved too, a full publish of the
        // medium store peaked some 25 MB higher (RSS, the heap's peak the same: heaptrack), against a dozen
        // reallocations of growing (inc15i).
        init() {}

        mutating func add(_ path: String, _ checksum: String) {
            var path = path, checksum = checksum
            // A line whose path has nothing to escape (every path chronik makes) and whose checksum is 16 bytes is made
            // whole in a buffer and appended at once: its six pieces appended one by one, each with its capacity and
            // uniqueness checks, were 0.8 % of a publish with no new version of the medium site (18,000 lines).
            let whole = path.withUTF8 { utf8 -> Bool in
                guard !utf8.contains(where: { $0 == UInt8(ascii: "\"") || $0 == UInt8(ascii: "\\") || $0 < 0x20 }) else { return false }
                return checksum.withUTF8 { sum -> Bool in
                    guard sum.count == 16 else { return false }
                    let size = 2 + Self.open.count + utf8.count + Self.middle.count + 16 + 2
                    withUnsafeTemporaryAllocation(of: UInt8.self, capacity: size) { line in
                        var n = 0
                        func put(_ piece: UnsafeBufferPointer<UInt8>) {
                            if let base = piece.baseAddress { (line.baseAddress! + n).update(from: base, count: piece.count) }
                            n += piece.count
                        }
                        if count > 0 {
                            line[0] = UInt8(ascii: ",")
                            line[1] = 0x0A
                            n = 2
                        }
                        Self.open.withUnsafeBufferPointer(put)
                        put(utf8)
                        Self.middle.withUnsafeBufferPointer(put)
                        put(sum)
                        line[n] = UInt8(ascii: "\"")
                        line[n + 1] = UInt8(ascii: "}")
                        n += 2
                        bytes.append(contentsOf: UnsafeBufferPointer(rebasing: line[..<n]))
                    }
                    return true
                }
            }
            if whole {
                count += 1
                return
            }
            if count > 0 {
                bytes.append(UInt8(ascii: ","))
                bytes.append(0x0A)
            }
            count += 1
            bytes.append(contentsOf: Self.open)
            path.withUTF8 { utf8 in
                // A path with nothing to escape is appended at once: a byte at a time, with each byte's capacity check,
                // the 18,000 paths were 1 % of an incremental publish of the medium site (inc15l).
                if !utf8.contains(where: { $0 == UInt8(ascii: "\"") || $0 == UInt8(ascii: "\\") || $0 < 0x20 }) {
                    bytes.append(contentsOf: utf8)
                    return
                }
                for byte in utf8 {
                    switch byte {
                    case UInt8(ascii: "\""), UInt8(ascii: "\\"):
                        bytes.append(UInt8(ascii: "\\"))
                        bytes.append(byte)
                    case ..<0x20:
                        bytes.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "u"), UInt8(ascii: "0"), UInt8(ascii: "0"),
                                                  Self.hex[Int(byte >> 4)], Self.hex[Int(byte & 15)]])
                    default:
                        bytes.append(byte)
                    }
                }
            }
            bytes.append(contentsOf: Self.middle)
            checksum.withUTF8 { bytes.append(contentsOf: $0) }
            bytes.append(UInt8(ascii: "\""))
            bytes.append(UInt8(ascii: "}"))
        }

        /// The manifest's bytes, with its end.
        consuming func finished() -> [UInt8] {
            if count > 0 { bytes.append(0x0A) }
            bytes += Array("  ]\n}\n".utf8)
            return bytes
        }
    }

    /// Removes the temporary folders of publishes into the same target that were killed before they could clean up
    /// (`.<name>.chronik-new-<pid>-…`, `.<name>.chronik-old-<pid>-…` whose process no longer runs).
    private func removeAbandoned(in parent: URL, name: String) {
        guard let siblings = try? FileManager.default.contentsOfDirectory(atPath: parent.path) else { return }
        for sibling in siblings {
            for kind in ["new", "old"] {
                let prefix = ".\(name).chronik-\(kind)-"
                guard sibling.hasPrefix(prefix), let pid = Int32(sibling.dropFirst(prefix.count).prefix { $0 != "-" }) else { continue }
                if kill(pid, 0) != 0 && errno == ESRCH {
                    try? FileManager.default.removeItem(at: parent.appendingPathComponent(sibling))
                }
            }
        }
    }

    // MARK: File operations

    private func exists(_ path: String) -> Bool {
        var info = stat()
        return lstat(path, &info) == 0
    }

    /// Makes a folder; one that is there already (in a spare) is fine.
    private func makeDirectory(_ path: String) throws {
        guard mkdir(path, 0o755) == 0 else {
            let error = errno
            var info = stat()
            if error == EEXIST, lstat(path, &info) == 0, info.st_mode & S_IFMT == S_IFDIR { return }
            throw SiteWriterError.writeFailed(path: path, reason: Descriptor.reason(error))
        }
    }

    /// Removes a file of the spare (one that is not there is fine).
    private func removeFile(_ path: String) throws {
        guard unlink(path) == 0 || errno == ENOENT else {
            throw SiteWriterError.writeFailed(path: path, reason: Descriptor.reason(errno))
        }
    }

    /// Whether the old site's file `path` is a regular file of `size` bytes, not changed since the old site was
    /// written (`keptSince`).
    private func oldKeeps(_ path: String, size: Int, old: OldSite) -> Bool {
        var info = stat()
        return lstat(path, &info) == 0 && info.st_mode & S_IFMT == S_IFREG && Int(info.st_size) == size
            && Self.keptSince(info.st_ctim, old.written)
    }

    /// Whether the spare's file `path` (the site's path; `name`: below `folder`, a folder's descriptor or `AT_FDCWD`)
    /// is a regular file of `size` bytes not changed since the spare was written, or since the old site was written
    /// when it is the old site's file itself (a link the write that made the old site made: `keptSince`).
    /// `oldRoot`, `oldWritten`: the old site's folder and the time of its manifest (`OldSite`).
    private func spareKeeps(_ path: String, below folder: Int32, as name: String, size: Int, spareWritten: timespec,
                            oldRoot: String, oldWritten: timespec) -> Bool {
        var info = stat()
        guard fstatat(folder, name, &info, AT_SYMLINK_NOFOLLOW) == 0, info.st_mode & S_IFMT == S_IFREG, Int(info.st_size) == size else { return false }
        if Self.keptSince(info.st_ctim, spareWritten) { return true }
        var linked = stat()
        return Self.keptSince(info.st_ctim, oldWritten) && lstat(oldRoot + "/" + path, &linked) == 0
            && linked.st_dev == info.st_dev && linked.st_ino == info.st_ino
    }

    /// Whether a file of a site, last changed at `changed` (its `st_ctim`), is as that site's write left it, the
    /// site's manifest having been last changed at `written`: not after it.
    ///
    /// A file is kept without being read (its manifest's checksum and its size are the record's), so a file rewritten
    /// behind chronik's back with other bytes of the same size (in place, or replaced) was kept until inc15i, and the
    /// site showed it. A file's change time is set to now by anything that changes it (a write, truncation, `chmod`,
    /// `touch`, a link made or removed, a rename onto its path), and no program can set it back. What a write does
    /// to a site's files happens before it writes the site's manifest, its last step; so an old site's file changed
    /// after its manifest was changed since, and is not kept (it is rendered, and compared by its bytes). The
    /// spare (the site before the old one) is judged by its own manifest's time, with one exception: the write that
    /// made the old site linked some of the spare's files into it (a file the spare's own spare lacked), which sets
    /// their change time after the spare's manifest; such a file is the old site's file itself (one inode), and is
    /// kept when that is not changed since the old site was written. Not seen: a change in the same clock tick as the
    /// manifest (the kernel's file times move by its tick, a few milliseconds: the files a write makes last share
    /// their manifest's time), a change made while the system clock was set back before the site's time, or a file
    /// changed and its site's manifest changed after it.
    /// The per-file `fstatat` stays: no check of the folders can see a file truncated or rewritten in place (a
    /// folder's times change only when its entries do); on the medium site the 18,000 calls were about 3 % of an
    /// incremental publish (inc15i).
    static func keptSince(_ changed: timespec, _ written: timespec) -> Bool {
        changed.tv_sec < written.tv_sec || (changed.tv_sec == written.tv_sec && changed.tv_nsec <= written.tv_nsec)
    }

    /// The largest old file a patch is given (held whole while the new one is made): larger ones (a collection's
    /// JSON on the large store) are made whole, never holding more than a piece.
    static let patchMaximum = 32 << 20

    /// The old site's file at `path` for `SitePlan.Item.patch`, when it is the bytes the previous publish recorded
    /// there: the old manifest's checksum is the record's, and the file read now is a regular file of the record's
    /// size whose checksum is the record's (read, not trusted to the manifest: a file changed behind chronik's back
    /// gives no source, and the file is made whole).
    static func patchSource(_ path: String, old: OldSite?, previous: SitePublishCache?) -> SitePatchSource? {
        patchSource(path, at: 0, old: old, previous: previous, matches: Matches(keys: [path], isKey: { $0 == path }, previous: previous, old: old, spare: nil))
    }

    /// `patchSource` of file `k` of the plan `matches` were made for.
    static func patchSource(_ path: String, at k: Int, old: OldSite?, previous: SitePublishCache?, matches: Matches) -> SitePatchSource? {
        guard let old, let previous, let record = matches.previousRecord(k), matches.oldChecksum(k) == record.checksum,
              record.size <= patchMaximum, let bytes = readRegularFile(old.root + "/" + path, size: record.size),
              bytes.withUnsafeBytes({ Checksum.hex(Checksum.of($0)) }) == record.checksum else { return nil }
        // The paths a patch asks for (a collection's entries) are in the order of the plan, and so of the records.
        let table = previous.table, distinct = matches.atPrevious?.distinct ?? false
        var next = 0
        return SitePatchSource(old: bytes, previousInput: { path in
            table.position(of: path, after: &next, distinct: distinct).map { table.values[$0].input }
        })
    }

    /// The bytes of the regular file at `path` (not followed when a link) when it has exactly `size` of them.
    private static func readRegularFile(_ path: String, size: Int) -> [UInt8]? {
        let descriptor = open(path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC)
        guard descriptor >= 0 else { return nil }
        defer { close(descriptor) }
        var info = stat()
        guard fstat(descriptor, &info) == 0, info.st_mode & S_IFMT == S_IFREG, Int(info.st_size) == size else { return nil }
        // Read into memory not filled first: zeroing the 10 MB of the medium site's glossary JSON before reading it was
        // 0.8 % of an incremental publish (inc15i).
        var complete = false
        let bytes = [UInt8](unsafeUninitializedCapacity: size) { buffer, count in
            var done = 0
            while done < size {
                let n = pread(descriptor, buffer.baseAddress! + done, size - done, off_t(done))
                if n < 0, errno == EINTR { continue }
                guard n > 0 else { break }
                done += n
            }
            complete = done == size
            count = complete ? size : 0
        }
        guard complete else { return nil }
        // One byte more would be a file that grew since.
        var extra: UInt8 = 0
        guard pread(descriptor, &extra, 1, off_t(size)) == 0 else { return nil }
        return bytes
    }

    /// Hard-links the old site's file kept without rendering: a regular file of the recorded size, not changed since
    /// the old site was written (`keptSince`).
    private func keep(from path: String, to new: String, size: Int, old: OldSite) -> Bool {
        oldKeeps(path, size: size, old: old) && Glibc.link(path, new) == 0
    }

    /// Whether `a` and `b` are the same regular file (hard links of one inode).
    private static func sameFile(_ a: String, _ b: String) -> Bool {
        var x = stat(), y = stat()
        return lstat(a, &x) == 0 && lstat(b, &y) == 0 && x.st_mode & S_IFMT == S_IFREG && x.st_dev == y.st_dev && x.st_ino == y.st_ino
    }

    /// Whether the regular file at `path` has the bytes `bytes` (checked, not trusted to a manifest).
    private static func file(_ path: String, equals bytes: [UInt8]) -> Bool {
        var info = stat()
        guard lstat(path, &info) == 0, info.st_mode & S_IFMT == S_IFREG, Int(info.st_size) == bytes.count,
              let data = FileManager.default.contents(atPath: path) else { return false }
        return data.elementsEqual(bytes)
    }

    /// What became of a streamed file.
    private enum StreamedOutcome { case written, unchanged }

    /// Writes the file `stream` makes to `destination` as its pieces come (first into a part file beside the site's
    /// files, then renamed), with the same outcome as a file rendered whole: the old site's file linked when it has
    /// these bytes, the spare's file kept when it has them. Gives the file's checksum and size.
    private func writeStreamed(_ stream: SiteFileStream, to destination: String, path: String, old: OldSite?, oldChecksum: String?,
                               spare: SitePathTable<String>?, spareChecksum: String?, temporary: String) throws -> (String, Int, StreamedOutcome) {
        // The manifest's name with a suffix: no site path (the manifest is the writer's, and so is this).
        let part = temporary + "/" + Self.manifestName + ".part"
        let descriptor = open(part, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else { throw SiteWriterError.writeFailed(path: destination, reason: Descriptor.reason(errno)) }
        let (sum, size, written) = Self.pour(stream, into: descriptor, writeAll: writeAll)
        var error = written
        let closed = close(descriptor) == 0 ? 0 : errno
        if error == 0 { error = closed }
        if error != 0 {
            _ = unlink(part)
            throw SiteWriterError.writeFailed(path: destination, reason: Descriptor.reason(error))
        }
        let checksum = Checksum.hex(sum)
        if let old, oldChecksum == checksum, Self.files(old.root + "/" + path, part, equalIn: size) {
            // The old site's file: linked, unless the spare's is that very file already.
            let oldPath = old.root + "/" + path
            if spare != nil, Self.sameFile(destination, oldPath) {
                try removeFile(part)
                return (checksum, size, .unchanged)
            }
            if spare != nil { try removeFile(destination) }
            if Glibc.link(oldPath, destination) == 0 {
                try removeFile(part)
                return (checksum, size, .unchanged)
            }
        } else if spare != nil, spareChecksum == checksum, Self.files(destination, part, equalIn: size) {
            // New or changed, and the spare's file has these bytes already.
            try removeFile(part)
            return (checksum, size, .written)
        }
        if spare != nil { try removeFile(destination) }
        guard rename(part, destination) == 0 else {
            let error = errno
            _ = unlink(part)
            throw SiteWriterError.writeFailed(path: destination, reason: Descriptor.reason(error))
        }
        return (checksum, size, .written)
    }

    /// Whether the regular files at `a` and `b` both have `size` bytes and the same bytes (read a piece at a time).
    private static func files(_ a: String, _ b: String, equalIn size: Int) -> Bool {
        var x = stat(), y = stat()
        guard lstat(a, &x) == 0, lstat(b, &y) == 0, x.st_mode & S_IFMT == S_IFREG, y.st_mode & S_IFMT == S_IFREG,
              Int(x.st_size) == size, Int(y.st_size) == size else { return false }
        let first = open(a, O_RDONLY | O_CLOEXEC), second = open(b, O_RDONLY | O_CLOEXEC)
        defer {
            if first >= 0 { close(first) }
            if second >= 0 { close(second) }
        }
        guard first >= 0, second >= 0 else { return false }
        let piece = min(size, 1 << 20)
        var p = [UInt8](repeating: 0, count: piece), q = [UInt8](repeating: 0, count: piece)
        var offset = 0
        while offset < size {
            let length = min(piece, size - offset)
            guard Self.read(first, into: &p, length, at: offset), Self.read(second, into: &q, length, at: offset),
                  memcmp(p, q, length) == 0 else { return false }
            offset += length
        }
        return true
    }

    /// Reads `length` bytes at `offset` into the start of `buffer`; false when they cannot all be read.
    private static func read(_ descriptor: Int32, into buffer: inout [UInt8], _ length: Int, at offset: Int) -> Bool {
        var done = 0
        while done < length {
            let n = buffer.withUnsafeMutableBytes { pread(descriptor, $0.baseAddress! + done, length - done, off_t(offset + done)) }
            if n < 0, errno == EINTR { continue }
            guard n > 0 else { return false }
            done += n
        }
        return true
    }

    private func writeFile(_ path: String, _ bytes: [UInt8]) throws {
        let descriptor = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else { throw SiteWriterError.writeFailed(path: path, reason: Descriptor.reason(errno)) }
        let error = bytes.withUnsafeBytes { writeAll(descriptor, $0) }
        let closed = close(descriptor) == 0 ? 0 : errno
        if error != 0 { throw SiteWriterError.writeFailed(path: path, reason: Descriptor.reason(error)) }
        if closed != 0 { throw SiteWriterError.writeFailed(path: path, reason: Descriptor.reason(closed)) }
    }

    /// Puts `temporary` in the place of `target`: the old site is renamed aside, the new one renamed in, the old one
    /// removed (or, with `spare`, renamed there for the next write); when the second rename fails the old site is put
    /// back.
    private func swap(_ temporary: URL, into target: URL, hasOld: Bool, spare: URL?) throws {
        guard hasOld else {
            guard rename(temporary.path, target.path) == 0 else {
                throw SiteWriterError.writeFailed(path: target.path, reason: Descriptor.reason(errno))
            }
            return
        }
        let aside = temporary.deletingLastPathComponent()
            .appendingPathComponent("." + target.lastPathComponent + ".chronik-old-\(getpid())-\(UInt32.random(in: 0...UInt32.max))")
        guard rename(target.path, aside.path) == 0 else {
            throw SiteWriterError.writeFailed(path: target.path, reason: Descriptor.reason(errno))
        }
        guard rename(temporary.path, target.path) == 0 else {
            let error = errno
            _ = rename(aside.path, target.path)
            throw SiteWriterError.writeFailed(path: target.path, reason: Descriptor.reason(error))
        }
        if let spare, rename(aside.path, spare.path) == 0 { return }
        try? FileManager.default.removeItem(at: aside)
    }

    private static func reason(_ error: Error) -> String {
        if let failure = WriteFailure(error) { return failure.description }
        return (error as NSError).localizedDescription
    }
}

/// What a write did.
public struct SiteWriteResult: Sendable, Hashable, Codable {
    /// Files written (new or changed).
    public var written: Int
    /// Files whose bytes were the old site's (linked, not written).
    public var unchanged: Int
    /// Files of the old site that the new one does not have.
    public var removed: Int
    /// Files of the site (without the manifest).
    public var total: Int
    /// Of the unchanged files, those kept from the previous publish without being rendered (their inputs had not
    /// changed: `SitePublishCache`).
    public var kept: Int = 0
}

/// Why a site could not be written.
public enum SiteWriterError: Error, Equatable, CustomStringConvertible {
    /// The target is a file, a symbolic link or a device.
    case targetNotAFolder(path: String)
    /// The target is a folder with files that is not a site chronik wrote.
    case notASite(path: String)
    /// The file system refused a write (`reason`: "No space left on device", …).
    case writeFailed(path: String, reason: String)
    /// A temporary file of the site being built (the spill file of bodies and histories) did not give back what was
    /// written to it (`reason`: "Input/output error", …); nothing was published.
    case temporaryFileUnreadable(reason: String)

    public var description: String {
        switch self {
        case .targetNotAFolder(let path):
            return "\(path) is not a folder (a file, a symbolic link or a device): chronik publish writes a site only into a folder"
        case .notASite(let path):
            return "\(path) is a folder with files that chronik did not publish (no \(SiteWriter.manifestName)): not replacing it"
        case .writeFailed(let path, let reason):
            return "cannot write \(path): \(reason); the previous site is unchanged"
        case .temporaryFileUnreadable(let reason):
            return "cannot read back the temporary file of the site being built: \(reason); the previous site is unchanged"
        }
    }

    /// Whether the disk is full.
    public var isNoSpace: Bool {
        if case .writeFailed(_, let reason) = self {
            return reason == Descriptor.reason(ENOSPC) || reason == WriteFailure.noSpace.description
        }
        return false
    }
}

/// The folders of a site being written into a new folder by several threads: each file's folders are made before it
/// (parents first), each once, and the file is created below a folder opened once: the site's folder, or the folder
/// at the top of the file's path (a collection's: `strategy/<id>/index.html` is created as `<id>/index.html` below
/// `strategy`). From the root, each of the medium site's 18,000 `open`s and 5,500 `mkdir`s walked the temporary
/// folder's path and the file's (`/work/…/.site.chronik-new-…/strategy/<id>/index.html`: nine components).
/// A folder is made outside the lock (a `mkdir` on ext4 takes long enough that the other render thread waited for it
/// there): two threads that both make one find it made (`EEXIST` of a folder is fine, anything else is an error).
private final class SiteFolders: @unchecked Sendable {
    private let root: String
    /// The site's folder, opened once.
    private let rootDescriptor: Int32
    private let lock = NSLock()
    // Guarded by `lock`: the folders made (paths below the root), and the descriptors of the folders at the top
    // (at most `topMaximum`; a file below another top folder is created from the root).
    private var made: Set<Substring> = [""]
    private var tops: [Substring: Int32] = [:]
    /// How many top folders are held open (a site has a folder per collection, and a handful of others).
    private let topMaximum: Int

    init(root: String, topMaximum: Int) throws(SiteWriterError) {
        self.root = root
        self.topMaximum = topMaximum
        rootDescriptor = open(root, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC)
        guard rootDescriptor >= 0 else { throw SiteWriterError.writeFailed(path: root, reason: Descriptor.reason(errno)) }
    }

    deinit {
        for descriptor in tops.values { close(descriptor) }
        close(rootDescriptor)
    }

    /// Makes the folders above `path` that are not made yet; gives the folder to create the file below (a
    /// descriptor) and where the file's path below it starts (an offset in its UTF-8 bytes).
    func make(above path: String) throws(SiteWriterError) -> (folder: Int32, below: Int) {
        guard let slash = path.utf8.lastIndex(of: UInt8(ascii: "/")) else { return (rootDescriptor, 0) }
        let folder = path[..<slash]
        let topEnd = path.utf8.firstIndex(of: UInt8(ascii: "/"))!
        let top = path[..<topEnd]
        let below = path.utf8.distance(from: path.utf8.startIndex, to: topEnd) + 1
        lock.lock()
        let ready = made.contains(folder)
        let descriptor = tops[top]
        lock.unlock()
        if ready { return descriptor.map { ($0, below) } ?? (rootDescriptor, 0) }
        // Parents first: the top folder from the root, then each one below it from the top's descriptor (opened before
        // a folder below it counts as made, so that a file in a made folder finds it).
        var end = topEnd
        var base = rootDescriptor
        while true {
            let directory = path[..<end]
            lock.lock()
            let done = made.contains(directory)
            lock.unlock()
            if !done {
                let name = base == rootDescriptor ? String(directory) : String(path[path.utf8.index(after: topEnd)..<end])
                try makeFolder(name, in: base, path: String(directory))
            }
            if end == topEnd, let opened = try openTop(top) { base = opened }
            if !done {
                lock.lock()
                made.insert(directory)
                lock.unlock()
            }
            guard end < slash else { break }
            end = path.utf8[path.utf8.index(after: end)...].firstIndex(of: UInt8(ascii: "/")) ?? slash
        }
        return base == rootDescriptor ? (rootDescriptor, 0) : (base, below)
    }

    /// Makes the folder `name` below `base` (`path`: below the root, for an error); one there already is fine.
    private func makeFolder(_ name: String, in base: Int32, path: String) throws(SiteWriterError) {
        guard mkdirat(base, name, 0o755) == 0 else {
            let error = errno
            var info = stat()
            if error == EEXIST, fstatat(base, name, &info, AT_SYMLINK_NOFOLLOW) == 0, info.st_mode & S_IFMT == S_IFDIR { return }
            throw SiteWriterError.writeFailed(path: root + "/" + path, reason: Descriptor.reason(error))
        }
    }

    /// The descriptor of the top folder `name` (made), opened once; nil beyond `topMaximum`.
    private func openTop(_ name: Substring) throws(SiteWriterError) -> Int32? {
        lock.lock()
        defer { lock.unlock() }
        if let descriptor = tops[name] { return descriptor }
        guard tops.count < topMaximum else { return nil }
        let descriptor = openat(rootDescriptor, String(name), O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC)
        guard descriptor >= 0 else { throw SiteWriterError.writeFailed(path: root + "/" + name, reason: Descriptor.reason(errno)) }
        tops[name] = descriptor
        return descriptor
    }
}
