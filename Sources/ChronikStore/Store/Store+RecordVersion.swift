import Foundation
import GitKit

/// What went wrong after a version was recorded (the branch moved) but before the working tree showed it; the
/// catalog words it (`MessageCatalog.recordWarning`).
public enum RecordWarning: Sendable, Hashable {
    /// These files changed in the working tree meanwhile, so it was not updated.
    case workingTreeChanged([String])
    /// The working tree could not be updated: `reason`.
    case workingTreeNotUpdated(reason: String)
}

/// The result of `Store.record(checkedFiles:…)`.
package enum RecordedVersion {
    /// A new version; `warnings` say what went wrong after the branch moved (the working tree could not be updated).
    case recorded(Commit, warnings: [RecordWarning])
    /// The tip already holds exactly these files.
    case unchanged
    /// Files of the working tree that differ from the tip and that the new version would overwrite (or untracked
    /// files in its way): nothing was recorded.
    case workingTreeConflicts([String])
}

extension Store {
    /// Records `files` as the complete content of a new version on the current branch, on top of the tip
    /// `expectedTip` (nil: the first version), then makes the working tree and the index hold it.
    ///
    /// For callers that have checked `files` as a whole version in memory, with the commit gate's rules and a
    /// checker's (as `Snapshot.check` does): these bytes are recorded, so the checked bytes are the committed bytes,
    /// and the working tree is not read back. The order keeps a crash harmless: the objects go into one pack file
    /// that is fsynced before the branch moves (by compare-and-swap against `expectedTip`, serialised with other
    /// chronik writers by `.git/chronik.lock`); only then is the working tree checked out (files written without an
    /// fsync each, as `git checkout` writes them). A crash before the branch moves leaves an unreferenced pack; a
    /// crash after it leaves a working tree that `git status` shows behind the branch, never a lost version.
    /// Working-tree files the checkout would overwrite although they differ from the tip are looked for before the
    /// branch moves (`workingTreeConflicts`: nothing recorded).
    package func record(
        checkedFiles files: [String: Data], expectedTip: ObjectID?, message: String, author: Signature, committer: Signature,
        options: CommitOptions = CommitOptions()
    ) throws(StoreError) -> RecordedVersion {
        let gitDir = repository.gitDirectory
        let writerLock = try lockWriters(timeout: options.writerTimeout)
        defer { writerLock.unlock() }
        let branch = try branchReference()
        try waitForAbsence(of: [gitDir.appendingPathComponent("index.lock"), gitDir.appendingPathComponent(branch + ".lock")],
                           timeout: options.gitLockTimeout)
        let head = try tip()
        guard head?.id == expectedTip else { throw .raceLost(attempts: 1) }

        var text = message
        while let last = text.last, last.isWhitespace { text.removeLast() }
        let commitID: ObjectID
        let tree: ObjectID
        let baseline: ObjectID
        do {
            let batch = try repository.objectBatch()
            tree = try Self.writeTree(of: files, into: batch)
            if tree == head?.treeID { return .unchanged }
            // The working tree as the checkout expects to find it: the tip's files, or none before the first version.
            baseline = try head?.treeID ?? batch.writeTree([])
            commitID = try batch.createCommit(tree: tree, parents: head.map { [$0.id] } ?? [], author: author, committer: committer, message: text + "\n")
            try batch.write()
        } catch {
            throw StoreError.writing(error, fallbackPath: gitDir.appendingPathComponent("objects").path)
        }
        do {
            let conflicts = try repository.checkOut(tree: tree, baseline: baseline, dryRun: true)
            if !conflicts.isEmpty { return .workingTreeConflicts(conflicts) }
        } catch {
            throw Self.wrap(error)
        }
        do {
            try announcingGitLocks(refUpdateLocks(branch)) {
                try repository.updateReference(branch, to: commitID, expecting: head?.id, logMessage: "commit: " + firstLine(text))
            }
        } catch let error as GitError where error.code == .modified || error.code == .exists || error.code == .locked {
            throw .raceLost(attempts: 1)
        } catch {
            throw StoreError.writing(error, fallbackPath: gitDir.appendingPathComponent(branch).path)
        }
        var warnings: [RecordWarning] = []
        do {
            let conflicts = try announcingGitLocks(["index.lock"]) { try repository.checkOut(tree: tree, baseline: baseline, dryRun: false) }
            if !conflicts.isEmpty {
                warnings.append(.workingTreeChanged(conflicts.map(PathRules.printable)))
            }
        } catch {
            warnings.append(.workingTreeNotUpdated(reason: PathRules.printable("\(error)")))
        }
        do {
            return .recorded(try repository.commit(commitID), warnings: warnings)
        } catch {
            throw Self.wrap(error)
        }
    }

    /// Writes `files` (store paths) as blobs and the trees that hold them; returns the root tree.
    private static func writeTree(of files: [String: Data], into batch: ObjectBatch) throws -> ObjectID {
        final class Folder {
            var entries: [TreeEntry] = []
            var folders: [String: Folder] = [:]
        }
        let root = Folder()
        for (path, data) in files {
            let blob = try batch.writeBlob(data)
            var parts = path.split(separator: "/", omittingEmptySubsequences: false).map(String.init)
            let name = parts.removeLast()
            var folder = root
            for part in parts {
                if let next = folder.folders[part] {
                    folder = next
                } else {
                    let next = Folder()
                    folder.folders[part] = next
                    folder = next
                }
            }
            folder.entries.append(TreeEntry(name: name, id: blob, mode: .blob))
        }
        func write(_ folder: Folder) throws -> ObjectID {
            var entries = folder.entries
            for (name, child) in folder.folders { entries.append(TreeEntry(name: name, id: try write(child), mode: .tree)) }
            return try batch.writeTree(entries)
        }
        return try write(root)
    }
}
