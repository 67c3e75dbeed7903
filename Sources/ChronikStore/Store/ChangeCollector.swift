import Foundation
import GitKit

// The one place that decides what changed between two versions (issue 14, "One change model"): `chronik status`,
// `log` (`Store.changes(of:)`), `diff` and `changelog` (`SnapshotDiffer`) and `diff --format patch` all classify
// and pair the changed paths here. A caller finds the changed paths its own way (libgit2's tree-to-tree or
// tree-to-working-tree diff, or the snapshot diff's walk that skips equal subtrees) and hands them over as
// `PathChange`s; the collector names them by each side's `StoreLayout`, reports the paths the store refuses,
// and pairs removed and added entries into renames with `RenameDetector` (one similarity for every command).
// Filters (`--collection`, entries named on the command line) are the caller's, applied to what comes back:
// after pairing, so that limiting a diff to one entry keeps its rename.

/// One side of a changed path: its blob id (nil for a working-tree file that was not hashed) and mode.
public struct ChangedBlob: Sendable, Hashable {
    public var id: ObjectID?
    public var mode: FileMode

    public init(id: ObjectID?, mode: FileMode) {
        self.id = id
        self.mode = mode
    }
}

/// A path whose content or mode differs between two versions, before any classification or rename pairing.
public struct PathChange: Sendable, Hashable {
    public var path: String
    /// nil: the path is not in the old version.
    public var old: ChangedBlob?
    /// nil: the path is not in the new version.
    public var new: ChangedBlob?

    public init(path: String, old: ChangedBlob?, new: ChangedBlob?) {
        self.path = path
        self.old = old
        self.new = new
    }
}

/// A change the collector found: an entry added, removed, modified or renamed (with both paths), or a change to a
/// file that is not an entry (`oldEntry` and `newEntry` both nil).
public struct CollectedChange: Sendable, Hashable {
    public var kind: ChangeKind
    /// The old path (nil for `added`).
    public var oldPath: String?
    /// The new path (nil for `removed`).
    public var newPath: String?
    public var old: ChangedBlob?
    public var new: ChangedBlob?
    /// The entry on each side, by that side's layout; both nil for another file.
    public var oldEntry: EntryID?
    public var newEntry: EntryID?
    /// For `renamed`: how similar the contents are (`RenameDetector.similarity`, 1 for identical blobs).
    public var similarity: Double?

    /// The entry this change is about (the new one; for `removed`, the old one); nil for another file.
    public var entry: EntryID? { newEntry ?? oldEntry }
    /// The path this change is listed under (the new one; for `removed`, the old one).
    public var path: String { newPath ?? oldPath ?? "" }
    /// Both paths of the change (one unless renamed).
    public var paths: [String] { [oldPath, newPath].compactMap { $0 }.reduce(into: []) { if !$0.contains($1) { $0.append($1) } } }
}

/// A changed attachment of an entry (`<collection>/<id>/<name>`, issue 17), by path: each side's entry is named by
/// that side's layout. Renames are the entry's: `CollectedChanges.changeSet` pairs an attachment that moved with
/// its renamed entry.
public struct CollectedAttachment: Sendable, Hashable {
    /// `added`, `removed` or `modified` (same path).
    public var kind: ChangeKind
    public var path: String
    /// The entry whose folder holds it.
    public var entry: EntryID
    public var name: String
    public var old: ChangedBlob?
    public var new: ChangedBlob?
    /// Sizes in bytes, where the caller knows them (`Store` fills them in).
    public var oldSize: Int?
    public var newSize: Int?
}

/// What the collector returns: the changes, by entry then path, and the paths the newer side's rules refuse.
public struct CollectedChanges: Sendable, Hashable {
    public var changes: [CollectedChange] = []
    public var problems: [StoreProblem] = []
    /// Changed attachments, by path; they belong to their entry's change (see `changeSet`), and are kept apart
    /// from `changes` so that what diffs entry files never takes an attachment for one.
    public var attachments: [CollectedAttachment] = []

    public init(changes: [CollectedChange] = [], problems: [StoreProblem] = [], attachments: [CollectedAttachment] = []) {
        self.changes = changes
        self.problems = problems
        self.attachments = attachments
    }

    /// The attachment changes of each entry, as its `EntryChange` lists them: an attachment of a renamed entry that
    /// is in both folders is one change (`modified`), or none when its content is the same. `renames` maps the new
    /// entry of each rename to the old one.
    public func attachmentChanges(renames: [EntryID: EntryID]) -> [EntryID: [AttachmentChange]] {
        let oldOf = renames
        var newOf: [EntryID: EntryID] = [:]
        for (new, old) in renames { newOf[old] = new }
        // Attachments of a renamed entry's old folder are listed under the new entry.
        var byEntry: [EntryID: [String: (removed: CollectedAttachment?, added: CollectedAttachment?, modified: CollectedAttachment?)]] = [:]
        for a in attachments {
            let owner = newOf[a.entry] ?? a.entry
            var slot = byEntry[owner, default: [:]][a.name] ?? (nil, nil, nil)
            switch a.kind {
            case .removed: slot.removed = a
            case .added: slot.added = a
            default: slot.modified = a
            }
            byEntry[owner, default: [:]][a.name] = slot
        }
        var result: [EntryID: [AttachmentChange]] = [:]
        for (entry, names) in byEntry {
            var list: [AttachmentChange] = []
            for (name, slot) in names {
                if let m = slot.modified {
                    list.append(AttachmentChange(kind: .modified, name: name, oldSize: m.oldSize, newSize: m.newSize))
                } else if let r = slot.removed, let a = slot.added, oldOf[entry] != nil {
                    // Moved with its renamed entry: a change only when its content changed.
                    if let x = r.old?.id, let y = a.new?.id, x == y { continue }
                    list.append(AttachmentChange(kind: .modified, name: name, oldSize: r.oldSize, newSize: a.newSize))
                } else {
                    if let r = slot.removed { list.append(AttachmentChange(kind: .removed, name: name, oldSize: r.oldSize)) }
                    if let a = slot.added { list.append(AttachmentChange(kind: .added, name: name, newSize: a.newSize)) }
                }
            }
            if !list.isEmpty { result[entry] = list.sorted { ($0.name, $0.kind.rawValue) < ($1.name, $1.kind.rawValue) } }
        }
        return result
    }

    /// The changes as `chronik status` and `log` report them.
    public var changeSet: ChangeSet {
        var set = ChangeSet()
        var renames: [EntryID: EntryID] = [:]
        for change in changes where change.kind == .renamed {
            if let new = change.newEntry, let old = change.oldEntry { renames[new] = old }
        }
        var attached = attachments.isEmpty ? [:] : attachmentChanges(renames: renames)
        for change in changes {
            if let entry = change.entry {
                set.entries.append(EntryChange(kind: change.kind, entry: entry, from: change.kind == .renamed ? change.oldEntry : nil,
                                               attachments: attached.removeValue(forKey: entry)))
            } else {
                set.files.append(FileChange(kind: change.kind, path: change.path))
            }
        }
        // An entry whose file is unchanged and whose attachments changed.
        for (entry, list) in attached { set.entries.append(EntryChange(kind: .modified, entry: entry, attachments: list)) }
        set.entries.sort { ($0.entry, $0.kind.rawValue) < ($1.entry, $1.kind.rawValue) }
        set.files.sort { $0.path < $1.path }
        set.problems = problems
        return set
    }
}

/// Classifies changed paths by the layouts of both sides and pairs renames. See the top of this file.
public struct ChangeCollector {
    /// How the paths of each side are named.
    public var oldLayout: StoreLayout
    public var newLayout: StoreLayout
    /// True when the newer side is a committed version: a symbolic link or executable file at an entry's path is
    /// that entry, and a path the store would refuse is another file, as a version holds what it holds; the problems
    /// are still reported. False for the working tree as `chronik status` sees it: what the commit gate refuses is
    /// only a problem.
    public var keepsRefusedPaths: Bool
    /// Contents at least this similar are a rename.
    public var renameThreshold = RenameDetector.threshold
    /// At most this many similarity comparisons (see `RenameDetector`).
    public var maxSimilarityPairs = RenameDetector.maxSimilarityPairs
    /// Called once, before rename pairing compares contents, with the candidates whose contents it is about to ask
    /// for (`RenameDetector.plan`): the old side's and the new side's, each once, in the order first asked. A caller
    /// may read them ahead on several threads and hand their word profiles over through `collect`'s `profile`.
    package var willCompare: ((_ old: [(path: String, blob: ChangedBlob)], _ new: [(path: String, blob: ChangedBlob)]) -> Void)?

    public init(oldLayout: StoreLayout, newLayout: StoreLayout, keepsRefusedPaths: Bool) {
        self.oldLayout = oldLayout
        self.newLayout = newLayout
        self.keepsRefusedPaths = keepsRefusedPaths
    }

    /// The layouts of two versions from their configurations: a side without one (none, or an invalid one) is a
    /// plain repository's version, unless the other side has one (a store whose `chronik.yml` is missing or broken in
    /// one version keeps its rules).
    public init(oldConfig: StoreConfig?, newConfig: StoreConfig?, keepsRefusedPaths: Bool) {
        let oldLayout = oldConfig.map(StoreLayout.init) ?? newConfig.map(StoreLayout.init) ?? .plain
        self.init(oldLayout: oldLayout, newLayout: newConfig.map(StoreLayout.init) ?? oldLayout, keepsRefusedPaths: keepsRefusedPaths)
    }

    /// Which side of a change a content is asked for.
    public enum Side: Sendable {
        case old, new
    }

    /// The changes of `paths`. `content(side, path, blob)` gives a side's content for rename similarity (nil when
    /// there is none to compare, e.g. a working-tree file that cannot be read); it is called only for entries that
    /// were removed or added, at most once per side and path, and an error it throws is thrown here.
    /// `profile(side, path)`, when given, may hand over the word profile of that content made before (by a caller
    /// that read the candidates on several threads): then `content` is not called for that path; nil means
    /// "not at hand", and `content` is asked as without it.
    public func collect(_ paths: [PathChange], problems initial: [StoreProblem] = [],
                        content: (Side, String, ChangedBlob) throws -> Data?,
                        profile: ((Side, String) -> RenameDetector.WordProfile?)? = nil) throws -> CollectedChanges {
        var result = CollectedChanges(problems: initial)
        var removed: [(entry: EntryID, path: String, blob: ChangedBlob)] = []
        var added: [(entry: EntryID, path: String, blob: ChangedBlob)] = []

        func modeProblem(_ mode: FileMode) -> PathProblem? {
            switch mode {
            case .symlink: return .symlink
            case .executable: return .executable
            case .submodule: return .submodule
            case .tree: return .notAFile
            default: return nil
            }
        }
        func classifyNew(_ path: String, _ mode: FileMode) -> StorePathKind? {
            if path.hasSuffix("/") {
                // An untracked folder git does not descend into: a nested repository.
                result.problems.append(StoreProblem(file: path, message: PathProblem.submodule.description))
                return nil
            }
            // What a file is (a link, a submodule) matters more than where it is.
            if let problem = modeProblem(mode) {
                result.problems.append(StoreProblem(file: path, message: problem.description))
                guard keepsRefusedPaths, problem != .submodule, problem != .notAFile else { return nil }
                if case .success(let kind) = newLayout.classify(path) { return kind }
                return .ignoredMeta
            }
            switch newLayout.classify(path) {
            case .failure(let problem):
                result.problems.append(StoreProblem(file: path, pathProblem: problem, collections: newLayout.collections))
                return keepsRefusedPaths ? .ignoredMeta : nil
            case .success(let kind):
                return kind
            }
        }
        func classifyOld(_ path: String, _ mode: FileMode) -> StorePathKind? {
            switch oldLayout.classify(path) {
            case .success(let kind): return kind
            case .failure: return keepsRefusedPaths && mode != .submodule && mode != .tree ? .ignoredMeta : nil
            }
        }
        func file(_ kind: ChangeKind, _ change: PathChange) -> CollectedChange {
            CollectedChange(kind: kind, oldPath: kind == .added ? nil : change.path, newPath: kind == .removed ? nil : change.path,
                            old: kind == .added ? nil : change.old, new: kind == .removed ? nil : change.new)
        }

        // Sized once (a diff of distant versions collects tens of thousands of changes).
        result.changes.reserveCapacity(paths.count)
        for change in paths {
            let path = change.path
            var oldKind = change.old.flatMap { classifyOld(path, $0.mode) }
            var newKind = change.new.flatMap { classifyNew(path, $0.mode) }
            // Attachments belong to their entry's change: collected apart (see `CollectedChanges.attachments`).
            switch (oldKind, newKind) {
            case (.attachment(let o, let name)?, .attachment(let e, _)?) where o == e:
                result.attachments.append(CollectedAttachment(kind: .modified, path: path, entry: e, name: name, old: change.old, new: change.new))
                continue
            default:
                if case .attachment(let o, let name)? = oldKind {
                    result.attachments.append(CollectedAttachment(kind: .removed, path: path, entry: o, name: name, old: change.old, new: nil))
                    oldKind = nil
                }
                if case .attachment(let e, let name)? = newKind {
                    result.attachments.append(CollectedAttachment(kind: .added, path: path, entry: e, name: name, old: nil, new: change.new))
                    newKind = nil
                }
            }
            if case .entry(let e)? = newKind, case .entry(let o)? = oldKind, let old = change.old, let new = change.new {
                result.changes.append(CollectedChange(kind: .modified, oldPath: path, newPath: path, old: old, new: new,
                                                      oldEntry: o, newEntry: e))
                continue
            }
            // What the path was, gone (an other file that is still there, as another kind, is modified below).
            switch oldKind {
            case .entry(let e)?: if let old = change.old { removed.append((e, path, old)) }
            case .config?, .schema?, .ignoredMeta?: if change.new == nil { result.changes.append(file(.removed, change)) }
            case nil, .attachment?: break // a file the store should never have held is gone: nothing to report
            }
            switch newKind {
            case .entry(let e)?: if let new = change.new { added.append((e, path, new)) }
            case .config?, .schema?, .ignoredMeta?: result.changes.append(file(change.old == nil ? .added : .modified, change))
            case nil, .attachment?: break
            }
        }

        // Renames: one detector, one similarity, for every command.
        // Each candidate's words, counted once (nil: no content to compare).
        var removedWords: [Int: RenameDetector.WordProfile?] = [:], addedWords: [Int: RenameDetector.WordProfile?] = [:]
        var unreadable: (any Error)?
        let removedCandidates = removed.map { RenameCandidate(entry: $0.entry, blobID: $0.blob.id.flatMap { $0.isZero ? nil : $0 }) }
        let addedCandidates = added.map { RenameCandidate(entry: $0.entry, blobID: $0.blob.id.flatMap { $0.isZero ? nil : $0 }) }
        if let willCompare {
            let comparisons = RenameDetector.plan(removed: removedCandidates, added: addedCandidates, budget: maxSimilarityPairs).comparisons
            var seenRemoved = Set<Int>(), seenAdded = Set<Int>()
            var old: [(path: String, blob: ChangedBlob)] = [], new: [(path: String, blob: ChangedBlob)] = []
            for (i, j) in comparisons {
                if seenRemoved.insert(i).inserted { old.append((removed[i].path, removed[i].blob)) }
                if seenAdded.insert(j).inserted { new.append((added[j].path, added[j].blob)) }
            }
            if !old.isEmpty || !new.isEmpty { willCompare(old, new) }
        }
        let pairs = RenameDetector.pair(removed: removedCandidates, added: addedCandidates, threshold: renameThreshold,
                                        budget: maxSimilarityPairs) { i, j in
            guard unreadable == nil else { return nil }
            do {
                if removedWords[i] == nil {
                    removedWords[i] = .some(try profile?(.old, removed[i].path)
                        ?? content(.old, removed[i].path, removed[i].blob).map { RenameDetector.WordProfile($0) })
                }
                if addedWords[j] == nil {
                    addedWords[j] = .some(try profile?(.new, added[j].path)
                        ?? content(.new, added[j].path, added[j].blob).map { RenameDetector.WordProfile($0) })
                }
            } catch {
                unreadable = error
                return nil
            }
            guard let x = removedWords[i] ?? nil, let y = addedWords[j] ?? nil else { return nil }
            // The words two contents share are at most the smaller's: when that is under the threshold of the
            // larger, so is their similarity, and the pair is not compared (the score is only compared with it).
            if Double(min(x.size, y.size)) / Double(max(x.size, y.size)) < renameThreshold { return 0 }
            return RenameDetector.similarity(x, y)
        }
        if let unreadable { throw unreadable }
        var pairedRemoved = Set<Int>(), pairedAdded = Set<Int>()
        for pair in pairs {
            let (r, a) = (removed[pair.removed], added[pair.added])
            pairedRemoved.insert(pair.removed)
            pairedAdded.insert(pair.added)
            result.changes.append(CollectedChange(kind: .renamed, oldPath: r.path, newPath: a.path, old: r.blob, new: a.blob,
                                                  oldEntry: r.entry, newEntry: a.entry, similarity: pair.similarity))
        }
        for (i, r) in removed.enumerated() where !pairedRemoved.contains(i) {
            result.changes.append(CollectedChange(kind: .removed, oldPath: r.path, newPath: nil, old: r.blob, new: nil, oldEntry: r.entry))
        }
        for (j, a) in added.enumerated() where !pairedAdded.contains(j) {
            result.changes.append(CollectedChange(kind: .added, oldPath: nil, newPath: a.path, old: nil, new: a.blob, newEntry: a.entry))
        }
        result.changes.sort { a, b in
            switch (a.entry, b.entry) {
            case let (x?, y?): return (x, a.kind.rawValue, a.path) < (y, b.kind.rawValue, b.path)
            case (_?, nil): return true
            case (nil, _?): return false
            case (nil, nil): return (a.path, a.kind.rawValue) < (b.path, b.kind.rawValue)
            }
        }
        result.problems.sort { $0.file < $1.file }
        result.attachments.sort { ($0.path, $0.kind.rawValue) < ($1.path, $1.kind.rawValue) }
        return result
    }

    /// The path changes of libgit2's deltas (without rename detection), and the problems of conflicted or
    /// unreadable paths. A delta git reports as a rename or copy is taken apart into its two paths.
    public static func pathChanges(_ deltas: [DiffDelta]) -> (paths: [PathChange], problems: [StoreProblem]) {
        var paths: [PathChange] = []
        var problems: [StoreProblem] = []
        for delta in deltas {
            let old = delta.oldMode.map { ChangedBlob(id: delta.oldID, mode: $0) }
            let new = delta.newMode.map { ChangedBlob(id: delta.newID, mode: $0) }
            switch delta.status {
            case .added, .untracked:
                paths.append(PathChange(path: delta.newPath, old: nil, new: new ?? ChangedBlob(id: delta.newID, mode: .blob)))
            case .deleted:
                if let old { paths.append(PathChange(path: delta.oldPath, old: old, new: nil)) }
            case .modified, .typeChange, .renamed, .copied:
                if delta.oldPath == delta.newPath {
                    paths.append(PathChange(path: delta.newPath, old: old, new: new))
                } else {
                    if delta.status != .copied, let old { paths.append(PathChange(path: delta.oldPath, old: old, new: nil)) }
                    paths.append(PathChange(path: delta.newPath, old: nil, new: new))
                }
            case .conflicted:
                problems.append(StoreProblem(file: delta.newPath, message: "has unresolved merge conflicts"))
            case .unreadable:
                problems.append(StoreProblem(file: delta.newPath, message: "cannot be read"))
            case .ignored, .unmodified:
                break
            }
        }
        return (paths, problems)
    }
}
