import Foundation
import GitKit

extension Store {
    /// Where the newer side of a comparison lives: a tree, or the working tree.
    enum NewSide {
        case tree(ObjectID)
        case workingTree
    }

    /// Classifies raw deltas into entry changes, file changes and refused paths, and pairs renames: the one
    /// collector's (`ChangeCollector`) work, as `chronik status` and `log` report it. A blob that cannot be read for
    /// rename detection is an error (`StoreError.unreadableObject`), never "no content".
    /// `oldVersion`, `newVersion`: the commits of the two sides, which such an error names.
    func classify(_ deltas: [DiffDelta], oldConfig: StoreConfig?, newConfig: StoreConfig?, newSide: NewSide,
                  oldVersion: ObjectID? = nil, newVersion: ObjectID? = nil) throws(StoreError) -> ChangeSet {
        try collect(deltas, oldConfig: oldConfig, newConfig: newConfig, newSide: newSide, oldVersion: oldVersion,
                    newVersion: newVersion).changeSet
    }

    /// The changes of raw deltas, classified and paired by the one collector (see `classify`).
    func collect(_ deltas: [DiffDelta], oldConfig: StoreConfig?, newConfig: StoreConfig?, newSide: NewSide,
                 oldVersion: ObjectID? = nil, newVersion: ObjectID? = nil) throws(StoreError) -> CollectedChanges {
        var (paths, problems) = ChangeCollector.pathChanges(deltas)
        // A committed version holds what it holds, however it was made (e.g. with the git CLI): a symbolic link or
        // an executable file at an entry's path is counted as that entry, and a file the store would refuse as an
        // other file, as `chronik diff` counts them (issue 13); the problems are still reported. Submodules are
        // neither (the diff skips them too). The working tree is the commit gate's: what it refuses is only a problem.
        let committed: Bool
        if case .tree = newSide { committed = true } else { committed = false }
        if !committed {
            // The working tree's ids are not hashed from its files: contents are read to compare them.
            for k in paths.indices { paths[k].new?.id = nil }
        }
        let collector = ChangeCollector(oldConfig: oldConfig, newConfig: newConfig, keepsRefusedPaths: committed)
        let root = root.path
        do {
            var collected = try collector.collect(paths, problems: problems) { [repository] side, path, blob in
                switch side {
                case .old:
                    return try blob.id.map { try repository.blob($0, path: path, version: oldVersion) }
                case .new:
                    if committed { return try blob.id.map { try repository.blob($0, path: path, version: newVersion) } }
                    return try? WorkingTreeFile.read(path, in: root, limit: FrontMatterLimits().maxFileBytes).get().data
                }
            }
            try measureAttachments(&collected.attachments, committed: committed)
            return collected
        } catch {
            throw Self.wrap(error)
        }
    }

    /// Fills in the sizes of changed attachments (from the object headers; a working-tree file is read and hashed,
    /// so that an attachment moved unchanged with its renamed entry is recognised).
    private func measureAttachments(_ attachments: inout [CollectedAttachment], committed: Bool) throws {
        for k in attachments.indices {
            if let id = attachments[k].old?.id, !id.isZero { attachments[k].oldSize = try repository.objectSize(id) }
            guard attachments[k].new != nil else { continue }
            if committed {
                if let id = attachments[k].new?.id, !id.isZero { attachments[k].newSize = try repository.objectSize(id) }
            } else if case .success(let file) = WorkingTreeFile.read(attachments[k].path, in: root.path, limit: Int.max - 1) {
                attachments[k].newSize = file.data.count
                attachments[k].new?.id = try Repository.blobID(of: file.data)
            }
        }
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
            // GitKit's own comparison where the repository is of the plain form (no libgit2 started, issue 19).
            deltas = try head.flatMap { plainWorkingTreeDeltas(head: $0) } ?? repository.diffTreeToWorkdir(head?.treeID, options: options)
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
            configProblem = StoreProblem.missingConfig
        } catch {
            throw error
        }
        var set = try classify(deltas, oldConfig: oldConfig, newConfig: newConfig, newSide: .workingTree, oldVersion: head?.id)
        // A symbolic link for chronik.yml is refused by both: said once.
        if let configProblem, !set.problems.contains(configProblem) { set.problems.insert(configProblem, at: 0) }
        return set
    }
}
