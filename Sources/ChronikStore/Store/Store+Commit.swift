import Foundation
import GitKit

/// Settings of `Store.commit`, with defaults.
public struct CommitOptions: Sendable {
    /// How long to wait for another chronik writer to finish.
    public var writerTimeout: Double = 20
    /// How long to wait for git's own lock files (`index.lock`, `refs/heads/<branch>.lock`) to go away.
    public var gitLockTimeout: Double = 3
    /// How often to start over when the branch moved under us (a writer outside chronik).
    public var maxAttempts = 20
    /// Limits for reading entries.
    public var limits = FrontMatterLimits()

    public init() {}
}

/// A version about to be recorded, as a `ContentChecker` sees it: the working tree against the tip.
public struct PendingVersion {
    /// The store (its working tree holds the new version).
    public let store: Store
    /// The version it is built on; nil for the first.
    public let head: Commit?
    /// What changed against `head`.
    public let changes: ChangeSet
    /// The new version's `chronik.yml`.
    public let config: StoreConfig

    /// The content of a file of the new version, or nil when there is none.
    public func read(_ path: String) -> Data? {
        try? Data(contentsOf: store.url(of: path))
    }

    /// Every entry of the new version: the entries of `head` with the changes applied.
    public func entries() throws(StoreError) -> Set<EntryID> {
        var ids = Set<EntryID>()
        if let head {
            // One listing per collection folder; the names were checked when they were committed.
            do {
                let names = config.collectionNames
                for folder in try store.repository.tree(head.treeID) where folder.mode == .tree && names.contains(folder.name) {
                    for file in try store.repository.tree(folder.id) where file.name.hasSuffix(".md") {
                        let id = String(file.name.dropLast(3))
                        if PathRules.problem(withID: id) == nil { ids.insert(EntryID(collection: folder.name, id: id)) }
                    }
                }
            } catch {
                throw Store.wrap(error)
            }
        }
        for change in changes.entries {
            switch change.kind {
            case .removed: ids.remove(change.entry)
            case .renamed:
                if let from = change.from { ids.remove(from) }
                ids.insert(change.entry)
            case .added, .modified: ids.insert(change.entry)
            }
        }
        return ids
    }
}

/// Checks a version before it is recorded, beyond what the store itself checks (which is that files are where
/// they belong and parse): for example schemas and references between entries. Returning problems stops the
/// commit before anything is written.
public protocol ContentChecker {
    func check(_ version: PendingVersion) throws(StoreError) -> [StoreProblem]
}

/// The result of `Store.commit`.
public enum CommitOutcome: Sendable {
    /// A new version; `warnings` say what went wrong after the branch moved (e.g. the index could not be written).
    case committed(Commit, changes: ChangeSet, warnings: [String])
    /// The working tree equals the tip.
    case nothingToCommit
}

extension Store {
    /// Records every change of the working tree as one commit on the current branch.
    ///
    /// Changed entries, `chronik.yml` and schemas are checked first; any problem throws `StoreError.invalidContent`
    /// before anything is written. chronik writers are serialised by a `flock` on `.git/chronik.lock`; the branch
    /// moves only by compare-and-swap against the tip the commit was built on, and a writer outside chronik that
    /// moves it in between makes us start over.
    public func commit(
        message: String, author: Signature, committer: Signature, options: CommitOptions = CommitOptions(),
        checker: (any ContentChecker)? = nil
    ) throws(StoreError) -> CommitOutcome {
        // Like git: no trailing blank lines, one final newline.
        var message = message
        while let last = message.last, last.isWhitespace { message.removeLast() }
        message += "\n"
        let gitDir = repository.gitDirectory
        let writerLock = try FileLock(path: gitDir.appendingPathComponent("chronik.lock"), timeout: options.writerTimeout)
        defer { writerLock.unlock() }
        let branch = try branchReference()
        let gitLocks = [gitDir.appendingPathComponent("index.lock"), gitDir.appendingPathComponent(branch + ".lock")]

        for _ in 0..<options.maxAttempts {
            try waitForAbsence(of: gitLocks, timeout: options.gitLockTimeout)
            let head = try tip()
            let set = try workingChanges(against: head)
            if set.entries.isEmpty && set.files.isEmpty && set.problems.isEmpty { return .nothingToCommit }
            var problems = set.problems
            problems += try check(set, head: head, limits: options.limits)
            if problems.isEmpty, let checker {
                let pending = PendingVersion(store: self, head: head, changes: set, config: try workingConfig())
                problems += try checker.check(pending)
            }
            guard problems.isEmpty else { throw .invalidContent(problems) }

            let commitID: ObjectID
            let index: Index
            do {
                index = try repository.index()
                try index.read(force: true)
                if let head {
                    // Start from the tip (libgit2 keeps the stat data of unchanged entries), then apply the working tree.
                    try index.readTree(head.treeID)
                } else {
                    for entry in index.entries { try index.remove(path: entry.path) }
                }
                var options = DiffOptions()
                options.includeUntracked = true
                options.recurseUntrackedDirectories = true
                // Refresh the stat data of files found unchanged, as `git add` does: with stale stat data (after a
                // copy, a restore or `touch`) every later comparison would hash every file again.
                options.updateIndex = true
                for delta in try repository.diffTreeToWorkdir(head?.treeID, options: options) {
                    if delta.status != .deleted { try index.add(path: delta.newPath) }
                    if delta.oldPath != delta.newPath || delta.status == .deleted {
                        if index.entry(path: delta.oldPath) != nil { try index.remove(path: delta.oldPath) }
                    }
                }
                let tree = try index.writeTree()
                if tree == head?.treeID { return .nothingToCommit }
                commitID = try repository.createCommit(
                    tree: tree, parents: head.map { [$0.id] } ?? [], author: author, committer: committer, message: message)
            } catch let error as GitError where error.code == .locked {
                continue // A git process took index.lock while the index was being refreshed: wait and start over.
            } catch {
                throw Self.wrap(error)
            }

            do {
                try repository.updateReference(branch, to: commitID, expecting: head?.id, logMessage: "commit: " + firstLine(message))
            } catch let error as GitError where error.code == .modified || error.code == .exists {
                continue // The branch moved since we read it: build again on the new tip.
            } catch let error as GitError where error.code == .locked {
                continue // A git process holds the ref lock: wait for it at the top of the loop.
            } catch {
                throw Self.wrap(error)
            }

            var warnings: [String] = []
            do {
                try withBackoff(timeout: options.gitLockTimeout, isRetryable: { ($0 as? GitError)?.code == .locked }) {
                    try index.write()
                }
            } catch {
                warnings.append("the version was recorded, but the index could not be updated (\(error)); `git status` may show the files as changed until `git reset` is run")
            }
            do {
                return .committed(try repository.commit(commitID), changes: set, warnings: warnings)
            } catch {
                throw Self.wrap(error)
            }
        }
        throw .raceLost(attempts: options.maxAttempts)
    }

    /// Waits (bounded, with back-off) until none of the lock files exists; throws `locked` naming the first one left.
    private func waitForAbsence(of lockFiles: [URL], timeout: Double) throws(StoreError) {
        let start = Date()
        var delay = 0.005
        while let held = lockFiles.first(where: { FileManager.default.fileExists(atPath: $0.path) }) {
            let waited = Date().timeIntervalSince(start)
            if waited >= timeout { throw .locked(lockFile: held.path, waited: waited) }
            Thread.sleep(forTimeInterval: min(delay, timeout - waited))
            delay = min(delay * 2, 0.25)
        }
    }

    /// Checks the new or changed files of a change set: entries parse, `chronik.yml` is valid, schemas are JSON,
    /// and, when `chronik.yml` changed, every path still belongs to a declared collection.
    func check(_ set: ChangeSet, head: Commit?, limits: FrontMatterLimits) throws(StoreError) -> [StoreProblem] {
        var problems: [StoreProblem] = []
        for change in set.entries where change.kind != .removed {
            let path = change.entry.path
            problems += checkEntryFile(path, limits: limits)
        }
        var config: StoreConfig?
        do {
            config = try workingConfig()
        } catch .invalidConfig(let problem) {
            problems.append(problem)
        } catch .missingConfig {
            problems.append(StoreProblem(file: StoreConfig.fileName, message: "chronik.yml is missing"))
        } catch {
            throw error
        }
        for change in set.files where change.kind != .removed && change.path.hasPrefix("schemas/") {
            problems += checkSchemaFile(change.path)
        }
        if let config {
            for collection in config.collections {
                if let schema = collection.schema, !FileManager.default.fileExists(atPath: url(of: schema).path) {
                    problems.append(StoreProblem(
                        file: StoreConfig.fileName, field: "/collections/\(collection.name)/schema",
                        message: "schema file \(schema) does not exist"))
                }
            }
            if set.files.contains(where: { $0.path == StoreConfig.fileName }), let head {
                // Collections may have been removed: every entry already in the store must still belong to one.
                let names = config.collectionNames
                var seen = Set<String>()
                for path in try allPaths(inTree: head.treeID) {
                    let folder = path.split(separator: "/").first.map(String.init) ?? path
                    guard path.contains("/"), folder != "schemas", !names.contains(folder), !seen.contains(folder) else { continue }
                    if FileManager.default.fileExists(atPath: url(of: path).path) {
                        seen.insert(folder)
                        problems.append(StoreProblem(file: path, message: PathProblem.unknownCollection(folder).description))
                    }
                }
            }
        }
        return problems.sorted { ($0.file, $0.line ?? 0) < ($1.file, $1.line ?? 0) }
    }

    /// Reads and parses one entry file of the working tree; returns its problems.
    func checkEntryFile(_ path: String, limits: FrontMatterLimits) -> [StoreProblem] {
        let file = url(of: path)
        let data: Data
        do {
            let attributes = try FileManager.default.attributesOfItem(atPath: file.path)
            if let size = attributes[.size] as? Int, size > limits.maxFileBytes {
                return [StoreProblem(file: path, message: FrontMatterError.fileTooLarge(bytes: size, limit: limits.maxFileBytes).reason)]
            }
            data = try Data(contentsOf: file)
        } catch {
            return [StoreProblem(file: path, message: "cannot be read: \(error.localizedDescription)")]
        }
        do {
            _ = try EntryDocument.parse(data, limits: limits)
            return []
        } catch {
            return [StoreProblem(file: path, line: error.line, column: error.column, message: error.reason)]
        }
    }

    func checkSchemaFile(_ path: String) -> [StoreProblem] {
        guard let data = try? Data(contentsOf: url(of: path)) else {
            return [StoreProblem(file: path, message: "cannot be read")]
        }
        do {
            let value = try JSONParser.parse(data)
            guard case .object = value else {
                return [StoreProblem(file: path, message: "a schema must be a JSON object")]
            }
            return []
        } catch {
            return [StoreProblem(file: path, line: error.line, column: error.column, message: "not valid JSON: \(error.message)")]
        }
    }

    /// Every file path in a tree, recursively.
    public func allPaths(inTree tree: ObjectID) throws(StoreError) -> [String] {
        var paths: [String] = []
        func walk(_ id: ObjectID, _ prefix: String) throws {
            for entry in try repository.tree(id) {
                let path = prefix + entry.name
                if entry.mode == .tree { try walk(entry.id, path + "/") } else { paths.append(path) }
            }
        }
        do {
            try walk(tree, "")
        } catch {
            throw Self.wrap(error)
        }
        return paths
    }
}

func firstLine(_ message: String) -> String {
    String(message.split(separator: "\n", maxSplits: 1, omittingEmptySubsequences: false).first ?? "")
}
