import ChronikStore
import Synchronization

/// Makes a file in pieces: calls its argument with each piece in order (a piece is valid only during the call).
typealias SiteFileStream = (_ piece: (UnsafeRawBufferPointer) -> Void) -> Void

/// The files of a site before they are rendered (issue 15, "Incremental"): each with the fingerprint of its inputs
/// (`SiteFingerprint`; nil: rendered on every publish) and how to render it. `rendered()` renders every file (what
/// `SiteFiles` the renderers' `files` functions give); `Publisher.publish` renders only the files whose fingerprint
/// differs from the previous publish's (`SitePublishCache`) and keeps the others, so both go through the same
/// renderers and a kept file is the bytes a full publish would write.
struct SitePlan {
    struct Item {
        var input: SiteFingerprint?
        /// The file's bytes (for a streamed file: its pieces joined).
        var render: () -> [UInt8]
        /// Makes the file in pieces, handing each to the function it is given, in order (a file too large to hold
        /// whole: the search index's `index.json`, a collection's JSON); nil: `render` makes it whole. The writer
        /// writes the pieces as they come (`SiteWriter`), so no more than one piece is in memory.
        var stream: SiteFileStream?
        /// What must be read before the file is rendered, where an error can still be thrown (the release changes of
        /// a model built without them, `SiteReleaseChanges`); nil: nothing. `Publisher.publish` calls it for every
        /// file that will not be kept.
        var prepare: (() throws -> Void)?
        /// Makes the file from the old site's file where it still holds what the new one shows (a collection's JSON
        /// file: every unchanged entry's object cut from the old file, `SiteJSON.patchCollection`); nil, or when it
        /// gives nil: `stream` or `render` makes it. The writer hands it the old file only when that is the bytes the
        /// previous publish recorded for this path (its checksum and size, `SitePatchSource`); the result must be
        /// the bytes `render` makes (`SiteDataPatchTests`).
        var patch: ((SitePatchSource) -> SiteFileStream?)?
    }

    /// The paths in the order the files were added (a path added again keeps its place, as `SiteFiles` does), their
    /// items at the same positions, and each path's position. Three arrays and a dictionary of positions, not an
    /// `OrderedDictionary`: each `replaceRender` and `setPrepare` (15,000 of them on the medium site) changed its item
    /// through the ordered dictionary's modify accessor, which moved the item (its five functions) out of its array and
    /// back, looking the path up again for each field; a merge hashed every path once more into a table grown step by
    /// step (together about 3 % of an incremental publish of the medium site, inc15l).
    private(set) var paths: [String] = []
    private(set) var entries: [Item] = []
    private var positions: [String: Int] = [:]

    /// The files by path, in the plan's order (a view of `paths` and `entries`).
    var items: Items { Items(paths: paths, entries: entries, positions: positions) }

    /// Path → item (`items`): looked up by path, or walked in the plan's order as (key, value) pairs.
    struct Items: Sequence {
        let paths: [String]
        let entries: [Item]
        fileprivate let positions: [String: Int]

        subscript(path: String) -> Item? { positions[path].map { entries[$0] } }
        var count: Int { paths.count }

        func makeIterator() -> Iterator { Iterator(items: self) }

        struct Iterator: IteratorProtocol {
            let items: Items
            var k = 0

            mutating func next() -> (key: String, value: Item)? {
                guard k < items.paths.count else { return nil }
                defer { k += 1 }
                return (key: items.paths[k], value: items.entries[k])
            }
        }
    }

    /// Whether the plan has a file at `path`.
    func contains(_ path: String) -> Bool { positions[path] != nil }

    /// Puts `item` at `path`: in its place when the plan has the path already, else at the end (one look-up). Returns
    /// the path's position, which it keeps from then on (no path is removed; a merge into a plan with files keeps
    /// theirs): `replaceRender(at:_:)` and `setPrepare(at:_:)` find the file there.
    @discardableResult
    private mutating func set(_ path: String, _ item: Item) -> Int {
        let end = paths.count
        let k = Self.value(&positions[path, default: end])
        if k == end {
            paths.append(path)
            entries.append(item)
        } else {
            entries[k] = item
        }
        return k
    }

    /// The value an `inout` access gives (with `positions[path, default: end]`: inserting `end` when the path is new).
    private static func value(_ position: inout Int) -> Int { position }

    /// What must hold for the rendered files to be the site's, asked by the writer after every file is written and
    /// before the new site is swapped in (an error leaves the old site): the model's spill files gave back every byte
    /// a page read from them (`SiteHistorySpill.checkReads`).
    private(set) var checks: [() throws -> Void] = []

    init() {}

    /// Adds the file at `path` (in its place when the plan has the path already); returns its position (see `set`).
    @discardableResult
    mutating func add(_ path: String, input: SiteFingerprint?, _ render: @escaping () -> [UInt8]) -> Int {
        precondition(SiteFiles.isSitePath(path), "site path \(path)")
        return set(path, Item(input: input, render: render))
    }

    /// A file made in pieces (`Item.stream`).
    mutating func add(_ path: String, input: SiteFingerprint?, stream: @escaping SiteFileStream) {
        precondition(SiteFiles.isSitePath(path), "site path \(path)")
        set(path, Item(input: input, render: { SitePlan.joined(stream) }, stream: stream))
    }

    /// The pieces of `stream` joined.
    static func joined(_ stream: SiteFileStream) -> [UInt8] {
        var bytes: [UInt8] = []
        stream { bytes.append(contentsOf: $0) }
        return bytes
    }

    @discardableResult
    mutating func add(_ path: String, input: SiteFingerprint?, text render: @escaping () -> String) -> Int {
        add(path, input: input) { Array(render().utf8) }
    }

    /// Files made before the plan (the search index, whose renderer `SiteSearch` gives them made). With
    /// `keyedByBytes` each one's fingerprint is that of its bytes, so a publish keeps (links) an unchanged one
    /// without reading the old file to compare it; else they have none (compared with the old site when written).
    mutating func add(rendered files: SiteFiles, keyedByBytes: Bool = false) {
        for (path, bytes) in files.files {
            add(path, input: keyedByBytes ? SiteFingerprint { $0.add("bytes"); $0.add(bytes) } : nil) { bytes }
        }
    }

    /// Renders the file at `path` (if the plan has it) with `render` instead, keeping its fingerprint.
    mutating func replaceRender(_ path: String, _ render: @escaping () -> [UInt8]) {
        guard let k = positions[path] else { return }
        replaceRender(at: k, render)
    }

    /// `replaceRender(_:_:)` of the file at position `k` (what `add` returned for its path): no path made and looked up.
    mutating func replaceRender(at k: Int, _ render: @escaping () -> [UInt8]) {
        entries[k].render = render
        entries[k].stream = nil
        entries[k].patch = nil
    }

    /// Gives the file at `path` (if the plan has it) `patch` (see `Item.patch`).
    mutating func setPatch(_ path: String, _ patch: @escaping (SitePatchSource) -> SiteFileStream?) {
        guard let k = positions[path] else { return }
        entries[k].patch = patch
    }

    /// Gives the file at `path` (if the plan has it) `prepare` (see `Item.prepare`), run until it succeeds once: a
    /// publish into a folder whose site is gone prepares every file (`Publisher.publish`), and the writer, making the
    /// site anew, asks each file again before its render threads start; on the medium store that second pass (each
    /// history's changes looked up again by their keys) was 1 % of a full publish, on the writer's thread alone.
    mutating func setPrepare(_ path: String, _ prepare: @escaping () throws -> Void) {
        guard let k = positions[path] else { return }
        setPrepare(at: k, prepare)
    }

    /// `setPrepare(_:_:)` of the file at position `k` (what `add` returned for its path).
    mutating func setPrepare(at k: Int, _ prepare: @escaping () throws -> Void) {
        let once = PreparedOnce(prepare)
        entries[k].prepare = { try once.run() }
    }

    /// Calls `prepare` of every file whose fingerprint is not the one `previous` recorded for it (a file that may be
    /// rendered); without `previous`, of every file. They run on `threads` threads (every `prepare` is safe to call
    /// from several at once: each reads under its own lock what it reads once, see `SiteHistoryChanges` and
    /// `SiteReleaseChanges`): serially, reading the entries' changes was a ninth of the CPU of a warm full publish of
    /// the medium store, all of it on one thread while the other waited. The error thrown is the one of the first
    /// file in the plan's order whose `prepare` throws, whatever the threads.
    func prepare(keeping previous: SitePublishCache?, threads: Int = ParallelWork.defaultThreads) throws {
        var jobs: [PrepareJob] = []
        // The previous records are in the order of a plan: found by walking beside them (`SitePathTable.align`).
        let positions = self.positions
        let at = previous?.table.align(paths) { positions[$0] != nil }
        for (k, item) in entries.enumerated() {
            guard let prepare = item.prepare else { continue }
            if let input = item.input, let previous, let j = at?.position(k), previous.table.values[j].input == input { continue }
            jobs.append(PrepareJob(prepare))
        }
        guard !jobs.isEmpty else { return }
        // Runs of jobs, so that the threads take work in pieces of some size (an entry's prepare is a few µs).
        let runLength = threads <= 1 ? jobs.count : max(16, (jobs.count + 8 * threads - 1) / (8 * threads))
        let runs = stride(from: 0, to: jobs.count, by: runLength).map { jobs[$0..<min(jobs.count, $0 + runLength)] }
        let failures = parallelMap(runs, threads: runs.count > 1 ? threads : 1) { run -> PrepareFailure? in
            for job in run {
                do { try job.prepare() } catch { return PrepareFailure(error) }
            }
            return nil
        }
        if let first = failures.lazy.compactMap({ $0 }).first { throw first.error }
    }

    mutating func merge(_ other: SitePlan, prefix: String = "") {
        checks += other.checks
        // Into an empty plan: its arrays and positions as they are.
        if paths.isEmpty, prefix.isEmpty {
            paths = other.paths
            entries = other.entries
            positions = other.positions
            return
        }
        let count = paths.count + other.paths.count
        paths.reserveCapacity(count)
        entries.reserveCapacity(count)
        positions.reserveCapacity(count)
        for (path, var item) in zip(other.paths, other.entries) {
            if !prefix.isEmpty, let patch = item.patch {
                // The previous publish's records name the paths with the prefix.
                item.patch = { source in patch(SitePatchSource(old: source.old, previousInput: { source.previousInput(prefix + $0) })) }
            }
            set(prefix.isEmpty ? path : prefix + path, item)
        }
    }

    /// Adds a check (see `checks`).
    mutating func addCheck(_ check: @escaping () throws -> Void) {
        checks.append(check)
    }

    /// Adds the check of `model`'s spill files' reads, if it has any.
    mutating func addSpillChecks(of model: SiteModel) {
        let spills = model.spills
        guard !spills.isEmpty else { return }
        addCheck { for spill in spills { try spill.checkReads() } }
    }

    var count: Int { paths.count }

    /// Every file rendered.
    func rendered() -> SiteFiles {
        var files = SiteFiles()
        for (path, item) in zip(paths, entries) { files.add(path, item.render()) }
        return files
    }
}

/// A file's `prepare` that has succeeded once is not run again (what it read stays read: `SiteHistoryChanges`, the
/// release groups' changes). Two threads may both run it the first time (it may be run twice, never after success).
private final class PreparedOnce: @unchecked Sendable {
    private let body: () throws -> Void
    private let done = Atomic<Bool>(false)

    init(_ body: @escaping () throws -> Void) { self.body = body }

    func run() throws {
        if done.load(ordering: .acquiring) { return }
        try body()
        done.store(true, ordering: .releasing)
    }
}

/// What `SitePlan.Item.patch` is given: the old site's file at the item's path, read and checked against the previous
/// publish's record (its checksum and size: the bytes that publish wrote there), and that publish's fingerprint of
/// any file of the site by its path (`SitePublishCache.Record.input`; nil: none recorded). A fingerprint equal to the
/// new plan's means the part of the old file made from the same inputs is the same bytes.
struct SitePatchSource {
    let old: [UInt8]
    let previousInput: (String) -> SiteFingerprint?
}

extension JSONByteWriter {
    /// The size of a streamed file's pieces (`SiteFileStream`): large enough that writing one is one system call's
    /// worth, small beside the files that are streamed.
    static let pieceSize = 1 << 20

    /// Hands what is written so far to `piece` and empties the writer (keeping its capacity), when it holds a
    /// piece's size or more, or `always` (the file's end).
    mutating func flush(to piece: (UnsafeRawBufferPointer) -> Void, always: Bool = false) {
        guard always ? !bytes.isEmpty : bytes.count >= Self.pieceSize else { return }
        bytes.withUnsafeBytes(piece)
        bytes.removeAll(keepingCapacity: true)
    }
}

/// A file's `prepare`, handed to the threads of `SitePlan.prepare` (every `prepare` may be called from any thread).
private struct PrepareJob: @unchecked Sendable {
    let prepare: () throws -> Void
    init(_ prepare: @escaping () throws -> Void) { self.prepare = prepare }
}

/// The error of a run of `prepare`s (the first of the run: the runs are in the plan's order).
private struct PrepareFailure: @unchecked Sendable {
    let error: any Error
    init(_ error: any Error) { self.error = error }
}
