import Foundation
import GitKit

extension Store {
    /// Where the newer side of a comparison lives: a tree, or the working tree.
    enum NewSide {
        case tree(ObjectID)
        case workingTree
    }

    /// Classifies raw deltas into entry changes, file changes and refused paths, and pairs renames. A blob that
    /// cannot be read for rename detection is an error (`StoreError.unreadableObject`), never "no content".
    /// `oldVersion`, `newVersion`: the commits of the two sides, which such an error names.
    func classify(_ deltas: [DiffDelta], oldConfig: StoreConfig?, newConfig: StoreConfig?, newSide: NewSide,
                  oldVersion: ObjectID? = nil, newVersion: ObjectID? = nil) throws(StoreError) -> ChangeSet {
        var set = ChangeSet()
        // A side without a configuration is a plain repository's version (every `.md` file an entry), unless the
        // other side has one: a store whose `chronik.yml` is missing or broken in one version keeps its rules.
        let oldLayout = oldConfig.map(StoreLayout.init) ?? newConfig.map(StoreLayout.init) ?? .plain
        let newLayout = newConfig.map(StoreLayout.init) ?? oldLayout
        var removed: [RenameCandidate] = []
        var added: [RenameCandidate] = []
        var removedContent: [() throws -> Data?] = []
        var addedContent: [() throws -> Data?] = []
        var modified: [EntryID] = []

        func addRemoved(_ entry: EntryID, _ id: ObjectID?) {
            removed.append(RenameCandidate(entry: entry, blobID: id))
            removedContent.append { [repository] in try id.map { try repository.blob($0, path: entry.path, version: oldVersion) } }
        }
        func addAdded(_ entry: EntryID, _ id: ObjectID?) {
            switch newSide {
            case .tree:
                added.append(RenameCandidate(entry: entry, blobID: id))
                addedContent.append { [repository] in try id.map { try repository.blob($0, path: entry.path, version: newVersion) } }
            case .workingTree:
                let (root, path) = (root.path, entry.path)
                added.append(RenameCandidate(entry: entry, blobID: nil))
                addedContent.append { try? WorkingTreeFile.read(path, in: root, limit: FrontMatterLimits().maxFileBytes).get().data }
            }
        }
        func modeProblem(_ mode: FileMode?) -> PathProblem? {
            switch mode {
            case .symlink?: return .symlink
            case .executable?: return .executable
            case .submodule?: return .submodule
            case .tree?: return .notAFile
            default: return nil
            }
        }
        // A committed version holds what it holds, however it was made (e.g. with the git CLI): a symbolic link or
        // an executable file at an entry's path is counted as that entry, and a file the store would refuse as an
        // other file, as `chronik diff` counts them (issue 13); the problems are still reported. Submodules are
        // neither (the diff skips them too). The working tree is the commit gate's: what it refuses is only a problem.
        let committed: Bool
        if case .tree = newSide { committed = true } else { committed = false }
        func classifyNew(_ path: String, _ mode: FileMode?) -> StorePathKind? {
            if path.hasSuffix("/") {
                // An untracked folder git does not descend into: a nested repository.
                set.problems.append(StoreProblem(file: path, message: PathProblem.submodule.description))
                return nil
            }
            // What a file is (a link, a submodule) matters more than where it is.
            if let problem = modeProblem(mode) {
                set.problems.append(StoreProblem(file: path, message: problem.description))
                guard committed, problem != .submodule, problem != .notAFile else { return nil }
                if case .success(let kind) = newLayout.classify(path) { return kind }
                return .ignoredMeta
            }
            switch newLayout.classify(path) {
            case .failure(let problem):
                set.problems.append(StoreProblem(file: path, message: problem.description))
                return committed ? .ignoredMeta : nil
            case .success(let kind):
                return kind
            }
        }
        func classifyOld(_ path: String, _ mode: FileMode?) -> StorePathKind? {
            switch oldLayout.classify(path) {
            case .success(let kind): return kind
            case .failure: return committed && mode != .submodule && mode != .tree ? .ignoredMeta : nil
            }
        }

        for delta in deltas {
            switch delta.status {
            case .added, .untracked:
                switch classifyNew(delta.newPath, delta.newMode) {
                case .entry(let e)?: addAdded(e, delta.newID)
                case .config?, .schema?, .ignoredMeta?: set.files.append(FileChange(kind: .added, path: delta.newPath))
                case nil: break
                }
            case .deleted:
                switch classifyOld(delta.oldPath, delta.oldMode) {
                case .entry(let e)?: addRemoved(e, delta.oldID)
                case .config?, .schema?, .ignoredMeta?: set.files.append(FileChange(kind: .removed, path: delta.oldPath))
                case nil: break // a file the store should never have held is gone: nothing to report
                }
            case .modified, .typeChange, .renamed, .copied:
                let oldKind = delta.status == .copied ? nil : classifyOld(delta.oldPath, delta.oldMode)
                let newKind = classifyNew(delta.newPath, delta.newMode)
                if delta.oldPath == delta.newPath, case .entry(let e)? = newKind, case .entry? = oldKind {
                    modified.append(e)
                    continue
                }
                switch oldKind {
                case .entry(let e)?: addRemoved(e, delta.oldID)
                case .config?, .schema?, .ignoredMeta?:
                    if delta.oldPath != delta.newPath { set.files.append(FileChange(kind: .removed, path: delta.oldPath)) }
                case nil: break
                }
                switch newKind {
                case .entry(let e)?: addAdded(e, delta.newID)
                case .config?, .schema?, .ignoredMeta?:
                    set.files.append(FileChange(kind: delta.oldPath == delta.newPath ? .modified : .added, path: delta.newPath))
                case nil: break
                }
            case .conflicted:
                set.problems.append(StoreProblem(file: delta.newPath, message: "has unresolved merge conflicts"))
            case .unreadable:
                set.problems.append(StoreProblem(file: delta.newPath, message: "cannot be read"))
            case .ignored, .unmodified:
                break
            }
        }

        var removedData: [Int: Data?] = [:], addedData: [Int: Data?] = [:]
        var unreadable: (any Error)?
        let pairs = RenameDetector.pair(removed: removed, added: added) { i, j in
            guard unreadable == nil else { return nil }
            do {
                if removedData[i] == nil { removedData[i] = try removedContent[i]() }
                if addedData[j] == nil { addedData[j] = try addedContent[j]() }
            } catch {
                unreadable = error
                return nil
            }
            guard let x = removedData[i] ?? nil, let y = addedData[j] ?? nil else { return nil }
            return RenameDetector.similarity(x, y)
        }
        if let unreadable { throw Self.wrap(unreadable) }
        var pairedRemoved = Set<Int>(), pairedAdded = Set<Int>()
        for pair in pairs {
            let (i, j) = (pair.removed, pair.added)
            pairedRemoved.insert(i)
            pairedAdded.insert(j)
            set.entries.append(EntryChange(kind: .renamed, entry: added[j].entry, from: removed[i].entry))
        }
        for (i, c) in removed.enumerated() where !pairedRemoved.contains(i) { set.entries.append(EntryChange(kind: .removed, entry: c.entry)) }
        for (j, c) in added.enumerated() where !pairedAdded.contains(j) { set.entries.append(EntryChange(kind: .added, entry: c.entry)) }
        for e in modified { set.entries.append(EntryChange(kind: .modified, entry: e)) }
        set.entries.sort { ($0.entry, $0.kind.rawValue) < ($1.entry, $1.kind.rawValue) }
        set.files.sort { $0.path < $1.path }
        set.problems.sort { $0.file < $1.file }
        return set
    }

    /// The changes a commit made against its first parent.
    public func changes(of commit: Commit) throws(StoreError) -> ChangeSet {
        do {
            let parent = try commit.parentIDs.first.map { try repository.commit($0) }
            let deltas = try repository.diffTrees(parent?.treeID, commit.treeID)
            let newConfig = try configIfValid(at: commit)
            let oldConfig = try parent.flatMap { try configIfValid(at: $0) } ?? newConfig
            return try classify(deltas, oldConfig: oldConfig, newConfig: newConfig, newSide: .tree(commit.treeID),
                                oldVersion: parent?.id, newVersion: commit.id)
        } catch {
            throw Self.wrap(error)
        }
    }
}

extension Store {
    /// The configuration stored in a commit; nil when it has none or an invalid one. An unreadable `chronik.yml`
    /// (or tree) is an error: reading it as "no configuration" would classify every entry as a plain file.
    func configIfValid(at commit: Commit) throws(StoreError) -> StoreConfig? {
        do {
            return try config(at: commit)
        } catch .missingConfig, .invalidConfig {
            return nil
        }
    }
}

/// What `chronik status` reports.
public struct StoreStatus: Sendable, Codable {
    /// The branch, e.g. `main`.
    public var branch: String
    /// The commit the changes are relative to; nil before the first commit.
    public var head: ObjectID?
    public var entries: [EntryChange]
    public var files: [FileChange]
    /// Files chronik would refuse to commit, with the reason.
    public var problems: [StoreProblem]

    public var isClean: Bool { entries.isEmpty && files.isEmpty && problems.isEmpty }
}

extension Store {
    /// The uncommitted changes of the working tree, by entry, plus the files chronik would refuse.
    public func status() throws(StoreError) -> StoreStatus {
        let branch = try branchReference()
        let head = try tip()
        var set = try workingChanges(against: head)
        if let pending = try? interruptedTransaction() {
            // Left by a killed `chronik mv`: the next write command (or `chronik doctor`) rolls it back.
            set.problems.insert(StoreProblem(
                file: ".git/chronik/mv-journal",
                message: "`\(pending.command)` was interrupted and is half done; `chronik doctor` (or the next commit or mv) undoes it"), at: 0)
        }
        return StoreStatus(
            branch: branch.hasPrefix("refs/heads/") ? String(branch.dropFirst("refs/heads/".count)) : branch,
            head: head?.id, entries: set.entries, files: set.files, problems: set.problems)
    }

    /// The working tree's changes against a commit (nil: against nothing).
    func workingChanges(against head: Commit?) throws(StoreError) -> ChangeSet {
        var options = DiffOptions()
        options.includeUntracked = true
        options.recurseUntrackedDirectories = true
        let deltas: [DiffDelta]
        do {
            deltas = try repository.diffTreeToWorkdir(head?.treeID, options: options)
        } catch {
            throw Self.wrap(error)
        }
        let oldConfig = try head.flatMap { commit throws(StoreError) in try configIfValid(at: commit) }
        var configProblem: StoreProblem?
        var newConfig: StoreConfig?
        do {
            newConfig = try workingConfig()
        } catch .invalidConfig(let problem) {
            configProblem = problem
        } catch .missingConfig {
            configProblem = StoreProblem(file: StoreConfig.fileName, message: "chronik.yml is missing")
        } catch {
            throw error
        }
        var set = try classify(deltas, oldConfig: oldConfig, newConfig: newConfig, newSide: .workingTree, oldVersion: head?.id)
        // A symbolic link for chronik.yml is refused by both: said once.
        if let configProblem, !set.problems.contains(configProblem) { set.problems.insert(configProblem, at: 0) }
        return set
    }
}
