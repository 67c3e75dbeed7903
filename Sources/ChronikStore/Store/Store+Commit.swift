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
    /// Whether GitKit may commit the plain case itself (`PlainCommit`); off, every commit is libgit2's (the
    /// reference of the tests that hold the two to each other).
    package var allowsPlainCommit = true

    public init() {}
}

/// The tip and the working tree's changes against it (`Store.workingTreeChanges(listed:)`), before any changed
/// file is read.
public struct WorkingTreeChanges: Sendable {
    /// The tip; nil before the first version.
    public let head: Commit?
    /// libgit2's comparison of the tip with the working tree (untracked files one by one).
    public let deltas: [DiffDelta]
}

/// A version about to be recorded, as a `ContentChecker` sees it: the tip with the working tree's changes applied,
/// each changed file read once. The bytes a checker reads are the bytes that are recorded, whatever happens to the
/// working tree meanwhile.
public struct PendingVersion {
    /// The store (its working tree held the new version when it was read).
    public let store: Store
    /// The version it is built on; nil for the first.
    public let head: Commit?
    /// What changed against `head`.
    public let changes: ChangeSet
    /// The new version's `chronik.yml`.
    public let config: StoreConfig
    /// The new and changed files, as they will be recorded.
    package let staged: [String: StagedFile]
    /// The files of `head` that the new version no longer has.
    package let removed: Set<String>

    /// The content of a file of the new version, or nil when there is none: a new or changed file as it was read
    /// for this commit, any other as `head` holds it.
    public func read(_ path: String) -> Data? {
        if let file = staged[path] { return file.data }
        guard let head, !removed.contains(path) else { return nil }
        return (try? store.blob(at: path, inTree: head.treeID)) ?? nil
    }

    /// Whether the file at `path` differs from `head` (new, changed or removed).
    package func isChanged(_ path: String) -> Bool {
        staged[path] != nil || removed.contains(path)
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
            case .added, .modified:
                // Only its attachments changed: the entry is there if the tip has it (an orphan folder has none).
                if change.kind == .modified, !isChanged(change.entry.path) { continue }
                ids.insert(change.entry)
            }
        }
        return ids
    }

    /// Which of `candidates` are entries of the new version: `entries()` ∩ `candidates`, found from the changes
    /// and one look-up in `head`'s tree per candidate instead of listing every collection (a commit asks about the
    /// few entries its changes touch or refer to, in a store of thousands).
    public func existing(_ candidates: Set<EntryID>) throws(StoreError) -> Set<EntryID> {
        // The changes in order, as `entries()` applies them: the last one that names an entry decides.
        var changed: [EntryID: Bool] = [:]
        for change in changes.entries {
            switch change.kind {
            case .removed: changed[change.entry] = false
            case .renamed:
                if let from = change.from { changed[from] = false }
                changed[change.entry] = true
            case .added, .modified:
                if change.kind == .modified, !isChanged(change.entry.path) { continue }
                changed[change.entry] = true
            }
        }
        var found = Set<EntryID>()
        for entry in candidates {
            if let known = changed[entry] {
                if known { found.insert(entry) }
                continue
            }
            // `entries()` takes a head entry by its folder (a declared collection) and its name (`<id>.md`, a
            // valid id); the look-up goes by the declared name's own bytes.
            guard let head, PathRules.problem(withID: entry.id) == nil,
                  let collection = config.collections.first(where: { $0.name == entry.collection })?.name else { continue }
            do {
                if try store.repository.entry(atPath: collection + "/" + entry.id + ".md", inTree: head.treeID) != nil { found.insert(entry) }
            } catch {
                throw Store.wrap(error)
            }
        }
        return found
    }
}

/// A new or changed file of a version about to be recorded: its bytes, read once, and the blob id they will have.
package struct StagedFile {
    package var data: Data
    package var id: ObjectID
    /// The file's stat data, taken before it was read (for the index).
    var stat: IndexStat?
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
        checker: (any ContentChecker)? = nil, hooks: (any CommitHooks)? = nil, signer: (any ObjectSigner)? = nil
    ) throws(StoreError) -> CommitOutcome {
        // Like git: no trailing blank lines, one final newline.
        func cleaned(_ message: String) -> String {
            var message = message
            while let last = message.last, last.isWhitespace { message.removeLast() }
            return message + "\n"
        }
        var message = cleaned(message)
        let gitDir = repository.gitDirectory
        let writerLock = try lockWriters(timeout: options.writerTimeout)
        defer { writerLock.unlock() }
        if let hooks {
            // As git: pre-commit, then commit-msg, before the working tree is read and anything is written.
            try hooks.preCommit()
            message = cleaned(try hooks.commitMessage(message))
            if message.allSatisfy(\.isWhitespace) { throw .hookFailed(hook: "commit-msg", reason: "left the message empty") }
        }
        let branch = try branchReference()
        let gitLocks = [gitDir.appendingPathComponent("index.lock"), gitDir.appendingPathComponent(branch + ".lock")]

        // Every libgit2 step of the commit runs on a second handle whose object writes wait in memory: the new blobs,
        // trees and commit are stored as loose objects in one durable batch just before the branch moves (issue 19:
        // one batch of fsyncs instead of two fsyncs per object, each waiting for the file system's journal). It is
        // opened when an attempt needs libgit2: a plain commit (`PlainCommit`) needs none.
        var opened: DeferredObjectWriter?
        func deferredWriter() throws(StoreError) -> DeferredObjectWriter {
            if let opened { return opened }
            do {
                let writer = try repository.deferredObjectWriter()
                opened = writer
                return writer
            } catch {
                throw Self.wrap(error)
            }
        }
        // GitKit commits the plain case itself (issue 19); a signed commit, or anything `PlainCommit` leaves to
        // libgit2, is libgit2's from then on.
        var plain = signer == nil && options.allowsPlainCommit

        var missingTargets = 0
        var unsettled = 0
        for attempt in 0..<options.maxAttempts {
            try waitForAbsence(of: gitLocks, timeout: options.gitLockTimeout)
            let head = try tip()
            if plain, let head {
                switch try plainAttempt(head: head, branch: branch, message: message, author: author, committer: committer,
                                        options: options, checker: checker) {
                case .libgit2: plain = false
                case .again: continue
                case .done(let outcome): return outcome
                }
            }
            let writer = try deferredWriter()
            let git = writer.repository
            let index: Index
            let deltas: [DiffDelta]
            do {
                try writer.discard() // What an attempt before this one wrote and did not record.
                // The working tree against the tip, seen through the index as it is on disk (as `chronik status`
                // sees it: a gitlink staged by `git submodule add` shows, and is refused).
                index = try git.index()
                // The writer's handle is new: its first index was just read from disk. A later attempt reads again
                // what the attempt before it may have left (or another writer wrote).
                if attempt > 0 { try index.read(force: true) }
                // The one scan of the working tree: it finds the changes and, as `git add` does, refreshes the stat
                // data of the files it finds unchanged (a file with stale stat data, after a copy, a restore or
                // `touch`, is hashed once here instead of at every later comparison). libgit2 writes the index when
                // it refreshed an entry; only stat data changes, as `git status` writes it.
                var scan = Self.workingTreeDiff
                scan.updateIndex = true
                deltas = try announcingGitLocks(["index.lock"]) { try git.diffTreeToWorkdir(head?.treeID, options: scan) }
            } catch let error as GitError where error.code == .locked {
                continue // A git process took index.lock while the index was being read: wait and start over.
            } catch let error as GitError where error.message.hasPrefix("error reading file for hashing") && unsettled < 10 {
                // A file changed size while libgit2 hashed it (an editor saving): look again, after a short pause that
                // grows, so that a busy machine and a file saved in quick succession do not fail the commit.
                unsettled += 1
                Thread.sleep(forTimeInterval: 0.002 * Double(unsettled))
                continue
            } catch let error as GitError where error.operation == "git_diff_tree_to_workdir_with_index" {
                // The scan writes the index when it refreshed stat data: a full or read-only disk is said as such.
                throw StoreError.writing(error, fallbackPath: gitDir.appendingPathComponent("index").path)
            } catch {
                throw Self.wrap(error)
            }
            // Every new or changed file is read once, here; these bytes are checked and recorded, never re-read.
            let prepared = try prepare(deltas, head: head, limits: options.limits)
            if prepared.isEmpty { return .nothingToCommit }
            let (staged, set) = (prepared.staged, prepared.set)
            let problems = try refusals(prepared, checker: checker)
            guard problems.isEmpty else { throw .invalidContent(problems) }

            let commitID: ObjectID
            do {
                if let head {
                    // Start from the tip, then apply the changes. libgit2 keeps the stat data of every entry whose
                    // id and mode stay, refreshed by the scan above: no second scan of the working tree. The index
                    // usually records the tip already (its cached tree ids say so, without building a tree): then
                    // reading the tip's 10,000 entries into it again would change nothing.
                    if !index.keepsItsEntriesOnReadTree || (try? index.writeTree()) != head.treeID {
                        try index.readTree(head.treeID)
                    }
                } else {
                    for entry in index.entries { try index.remove(path: entry.path) }
                }
                for delta in deltas {
                    if delta.status != .deleted {
                        guard let file = staged[delta.newPath] else {
                            // Read above or refused by the checks: cannot happen.
                            throw StoreError.io(path: delta.newPath, message: "was not read for the commit")
                        }
                        try index.add(path: delta.newPath, data: file.data, stat: file.stat)
                    }
                    if delta.oldPath != delta.newPath || delta.status == .deleted {
                        if index.entry(path: delta.oldPath) != nil { try index.remove(path: delta.oldPath) }
                    }
                }
                let tree = try index.writeTree()
                if tree == head?.treeID { return .nothingToCommit }
                let parents = head.map { [$0.id] } ?? []
                if let signer {
                    commitID = try git.createSignedCommit(
                        tree: tree, parents: parents, author: author, committer: committer, message: message, sign: signer.sign)
                } else {
                    commitID = try git.createCommit(tree: tree, parents: parents, author: author, committer: committer, message: message)
                }
                // The new objects durable under their names before anything refers to them.
                try writer.storeLoose(reachableFrom: commitID)
            } catch let error as GitError where error.code == .locked {
                continue
            } catch let error as StoreError {
                throw error
            } catch let error as GitError where error.operation == "git_diff_tree_to_workdir_with_index" {
                throw StoreError.writing(error, fallbackPath: gitDir.appendingPathComponent("index").path)
            } catch {
                throw StoreError.writing(error, fallbackPath: gitDir.appendingPathComponent("objects").path)
            }

            do {
                try announcingGitLocks(refUpdateLocks(branch)) {
                    try git.updateReference(branch, to: commitID, expecting: head?.id, logMessage: "commit: " + firstLine(message))
                }
            } catch let error as GitError where error.code == .modified || error.code == .exists {
                continue // The branch moved since we read it: build again on the new tip.
            } catch let error as GitError where error.code == .locked {
                continue // A git process holds the ref lock: wait for it at the top of the loop.
            } catch let error as GitError where error.isMissingReferenceTarget && missingTargets < 3 {
                missingTargets += 1 // `git repack` moved the new commit into a pack while it was being referenced.
                continue
            } catch {
                throw StoreError.writing(error, fallbackPath: gitDir.appendingPathComponent(branch).path)
            }

            var warnings: [String] = []
            do {
                try withBackoff(timeout: options.gitLockTimeout, isRetryable: { ($0 as? GitError)?.code == .locked }) {
                    try announcingGitLocks(["index.lock"]) { try index.write() }
                }
            } catch {
                warnings.append(Self.indexNotUpdated(error))
            }
            do {
                return .committed(try repository.commit(commitID), changes: set, warnings: warnings)
            } catch {
                throw Self.wrap(error)
            }
        }
        throw .raceLost(attempts: options.maxAttempts)
    }

    /// The warning of a version recorded whose index could not be written.
    private static func indexNotUpdated(_ error: any Error) -> String {
        "the version was recorded, but the index could not be updated (\(error)); `git status` may show the files as changed until `git reset` is run"
    }

    /// How an attempt of `PlainCommit` ended.
    private enum PlainAttempt {
        /// Not the plain case: libgit2 commits.
        case libgit2
        /// The branch moved or a git lock was held: start over.
        case again
        case done(CommitOutcome)
    }

    /// One attempt of the commit by GitKit alone (`PlainCommit`, issue 19): the same steps and promises as libgit2's
    /// attempt in `commit` — the working tree scanned once, every changed file read once and checked, the objects
    /// durable before the branch moves by compare-and-swap, the index written last (a failure there is a warning).
    private func plainAttempt(head: Commit, branch: String, message: String, author: Signature, committer: Signature,
                              options: CommitOptions, checker: (any ContentChecker)?) throws(StoreError) -> PlainAttempt {
        guard let plain = PlainCommit.scan(repository, tipTree: head.treeID) else { return .libgit2 }
        let gitDir = repository.gitDirectory
        let indexPath = gitDir.appendingPathComponent("index").path
        /// As libgit2's scan writes the index when it refreshed stat data.
        func writeRefreshedIndex() throws(StoreError) -> PlainAttempt? {
            guard plain.refreshed else { return nil }
            do {
                try announcingGitLocks(["index.lock"]) { try plain.writeIndex() }
            } catch let error as GitError where error.code == .locked {
                return .again
            } catch {
                throw StoreError.writing(error, fallbackPath: indexPath)
            }
            return nil
        }
        let prepared = try prepare(plain.deltas, head: head, limits: options.limits)
        if prepared.isEmpty { return try writeRefreshedIndex() ?? .done(.nothingToCommit) }
        let problems = try refusals(prepared, checker: checker)
        guard problems.isEmpty else { throw .invalidContent(problems) }
        var staged: [PlainCommit.Staged] = []
        var removed: [String] = []
        for delta in plain.deltas {
            if delta.status != .deleted {
                guard let file = prepared.staged[delta.newPath] else {
                    // Read above or refused by the checks: cannot happen.
                    throw StoreError.io(path: delta.newPath, message: "was not read for the commit")
                }
                staged.append(PlainCommit.Staged(path: delta.newPath, data: file.data, stat: file.stat))
            }
            if delta.oldPath != delta.newPath || delta.status == .deleted { removed.append(delta.oldPath) }
        }
        let recorded: ObjectID?
        do {
            recorded = try plain.record(staged: staged, removed: removed, parent: head.id, author: author, committer: committer,
                                        message: message, objects: repository)
        } catch is PlainCommit.Unusual {
            return .libgit2
        } catch {
            throw StoreError.writing(error, fallbackPath: gitDir.appendingPathComponent("objects").path)
        }
        guard let commitID = recorded else { return try writeRefreshedIndex() ?? .done(.nothingToCommit) }
        // The index is written with the branch (its lock fsynced with the branch's, `moveBranch(…, withIndex:)`); when
        // git holds its lock, afterwards, waiting for it.
        var warnings: [String] = []
        let indexWritten: Bool
        do {
            indexWritten = try announcingGitLocks(refUpdateLocks(branch) + ["index.lock"]) {
                try plain.moveBranch(branch, to: commitID, expecting: head.id, message: "commit: " + firstLine(message), withIndex: true)
            }
        } catch let error as GitError where error.code == .modified || error.code == .locked {
            return .again // The branch moved since we read it, or a git process holds its lock.
        } catch is PlainCommit.Unusual {
            return .libgit2 // Nothing refers to the objects just stored; libgit2 finds them there.
        } catch let failure as PlainCommit.IndexNotWritten {
            warnings.append(Self.indexNotUpdated(failure.error))
            indexWritten = true // Not to be tried again: the warning says it.
        } catch {
            throw StoreError.writing(error, fallbackPath: gitDir.appendingPathComponent(branch).path)
        }
        if !indexWritten {
            do {
                try withBackoff(timeout: options.gitLockTimeout, isRetryable: { ($0 as? GitError)?.code == .locked }) {
                    try announcingGitLocks(["index.lock"]) { try plain.writeIndex() }
                }
            } catch {
                warnings.append(Self.indexNotUpdated(error))
            }
        }
        do {
            return .done(.committed(try repository.commit(commitID), changes: prepared.set, warnings: warnings))
        } catch {
            throw Self.wrap(error)
        }
    }

    /// What `commit` would refuse if it ran now, and nothing is written: the commit gate's own checks of the working
    /// tree's changes (paths, `chronik.yml`, entries that parse, merge conflicts, schema files), then, when those
    /// pass, `checker`'s (as `commit` runs them). Sorted as `StoreError.invalidContent` lists them. `chronik validate`
    /// reports these with its own findings, so that it fails whenever `commit` would refuse (issue 16).
    ///
    /// `listed`: folders the caller has just listed (see `ListedFolder`); those the listing shows unchanged since the
    /// tip are not scanned again, with the same result.
    public func commitRefusals(checker: (any ContentChecker)?, limits: FrontMatterLimits = FrontMatterLimits(),
                               listed: [ListedFolder] = []) throws(StoreError) -> [StoreProblem] {
        try commitRefusals(workingTreeChanges(listed: listed), checker: checker, limits: limits)
    }

    /// The tip and the working tree's changes against it, as `commit` finds them: the first half of
    /// `commitRefusals(checker:limits:listed:)`, which asks the repository only (libgit2's start, the index, the
    /// tip's trees) and reads no changed file. `chronik validate` runs it on a thread of its own while the entries
    /// are checked (StoreGate), then `commitRefusals(_:checker:limits:)` on its own thread.
    public func workingTreeChanges(listed: [ListedFolder] = []) throws(StoreError) -> WorkingTreeChanges {
        try workingTreeChanges(listed: listed, opened: nil)
    }

    /// `workingTreeChanges(listed:)`, with the comparison GitKit opened before (`openWorkingTreeComparison(tip:)`,
    /// on the same thread): the index read while the caller listed the working tree.
    ///
    /// GitKit compares the tip with the working tree itself where the repository is of the plain form (`PlainCommit`:
    /// the index holds the tip's tree, no setting or attributes file changes how files are compared, regular files
    /// only, no untracked name but empty folders), with `listed` folders taken from the caller's listing where their
    /// stat data prove them unchanged; libgit2 is not started (issue 19: its loading, its start with mbedTLS's CA
    /// bundle and its index were most of the gate). Anything else, libgit2's diff as before (`workingTreeDeltas`).
    package func workingTreeChanges(listed: [ListedFolder], opened: WorkingTreeComparison?) throws(StoreError) -> WorkingTreeChanges {
        let head = try tip()
        if let head, let deltas = plainWorkingTreeDeltas(head: head, listed: listed, opened: opened) {
            return WorkingTreeChanges(head: head, deltas: deltas)
        }
        do {
            return WorkingTreeChanges(head: head, deltas: try workingTreeDeltas(head: head, options: Self.workingTreeDiff, listed: listed))
        } catch {
            throw Self.wrap(error)
        }
    }

    /// What `workingTreeChanges(listed:opened:)` may use of the repository before the working tree is listed.
    package struct WorkingTreeComparison {
        fileprivate var tip: ObjectID
        fileprivate var plain: PlainCommit?
    }

    /// Reads the index and checks that it holds `tip`'s tree (`PlainCommit.prepare`), for
    /// `workingTreeChanges(listed:opened:)` on the same thread later.
    package func openWorkingTreeComparison(tip: Commit) -> WorkingTreeComparison {
        WorkingTreeComparison(tip: tip.treeID, plain: PlainCommit.prepare(repository, tipTree: tip.treeID, forCommit: false))
    }

    /// The changes of the working tree against `head` (untracked files one by one) as GitKit's comparison finds them
    /// (`PlainCommit`, with `listed` folders vouched for), the same as libgit2's; nil when the repository is not of
    /// the plain form (then ask libgit2).
    func plainWorkingTreeDeltas(head: Commit, listed: [ListedFolder] = [], opened: WorkingTreeComparison? = nil) -> [DiffDelta]? {
        guard let plain = (opened?.tip == head.treeID ? opened?.plain : nil) ?? PlainCommit.prepare(repository, tipTree: head.treeID, forCommit: false),
              plain.scan(vouched: Self.vouched(listed)) else { return nil }
        return plain.deltas
    }

    /// The listed folders as GitKit's comparison takes them.
    private static func vouched(_ listed: [ListedFolder]) -> [String: PlainCommit.VouchedFolder] {
        var vouched: [String: PlainCommit.VouchedFolder] = [:]
        for folder in listed where !folder.name.isEmpty && !folder.name.contains("/") {
            vouched[folder.name] = PlainCommit.VouchedFolder(
                names: NameTable(folder.names), stats: folder.stats.map { ($0.inode, $0.size, $0.modified, $0.changed) })
        }
        return vouched
    }

    /// The second half of `commitRefusals(checker:limits:listed:)`: the changes found by `workingTreeChanges` read and
    /// checked, with the same result.
    public func commitRefusals(_ changes: WorkingTreeChanges, checker: (any ContentChecker)?,
                               limits: FrontMatterLimits = FrontMatterLimits()) throws(StoreError) -> [StoreProblem] {
        let prepared = try prepare(changes.deltas, head: changes.head, limits: limits)
        if prepared.isEmpty { return [] }
        return try refusals(prepared, checker: checker)
    }

    /// The working tree's changes read and checked by the store's own rules, for `commit` and `commitRefusals`.
    private struct Prepared {
        var staged: [String: StagedFile]
        var set: ChangeSet
        var pending: PendingVersion?
        var problems: [StoreProblem]
        /// Nothing changed and nothing refused.
        var isEmpty: Bool
    }

    private func prepare(_ deltas: [DiffDelta], head: Commit?, limits: FrontMatterLimits) throws(StoreError) -> Prepared {
        let (staged, removed, readProblems) = readChangedFiles(deltas)
        let (config, configProblem) = try pendingConfig(staged: staged, removed: removed, head: head)
        let oldConfig = try head.flatMap { head throws(StoreError) in try configIfValid(at: head) }
        var set = try classify(deltas, oldConfig: oldConfig, newConfig: config, newSide: .workingTree, oldVersion: head?.id)
        if let configProblem { set.problems.insert(configProblem, at: 0) }
        let isEmpty = set.entries.isEmpty && set.files.isEmpty && set.problems.isEmpty && readProblems.isEmpty
        let pending = config.map { PendingVersion(store: self, head: head, changes: set, config: $0, staged: staged, removed: removed) }
        var problems = set.problems + readProblems
        if !isEmpty { problems += try check(set, pending: pending, head: head, limits: limits) }
        return Prepared(staged: staged, set: set, pending: pending, problems: problems, isEmpty: isEmpty)
    }

    /// The store's problems with a prepared version, then (only when there are none) the checker's, sorted.
    private func refusals(_ prepared: Prepared, checker: (any ContentChecker)?) throws(StoreError) -> [StoreProblem] {
        var problems = prepared.problems
        if problems.isEmpty, let checker, let pending = prepared.pending {
            problems += try checker.check(pending)
        }
        return problems.sorted { ($0.file, $0.line ?? 0) < ($1.file, $1.line ?? 0) }
    }

    /// The comparison of the tip with the working tree that a commit records.
    private static var workingTreeDiff: DiffOptions {
        var options = DiffOptions()
        options.includeUntracked = true
        options.recurseUntrackedDirectories = true
        return options
    }

    /// Reads every new or changed file of the working tree once (without following a symbolic link, never blocking
    /// on a FIFO), with its stat data and blob id; lists the files that are gone. Files that cannot be read are
    /// problems. Paths the diff shows as links, submodules or nested repositories are not read: the checks refuse
    /// them.
    private func readChangedFiles(_ deltas: [DiffDelta]) -> (staged: [String: StagedFile], removed: Set<String>, problems: [StoreProblem]) {
        var staged: [String: StagedFile] = [:]
        var removed = Set<String>()
        var problems: [StoreProblem] = []
        for delta in deltas {
            if delta.status == .deleted || delta.oldPath != delta.newPath { removed.insert(delta.oldPath) }
            guard delta.status != .deleted, delta.status != .unreadable, delta.status != .conflicted,
                  !delta.newPath.hasSuffix("/"), delta.newMode == nil || delta.newMode == .blob || delta.newMode == .executable
            else { continue }
            switch Self.readRegularFile(delta.newPath, in: root.path) {
            case .file(let data, let stat):
                do {
                    staged[delta.newPath] = StagedFile(data: data, id: try Repository.blobID(of: data), stat: stat)
                } catch {
                    problems.append(StoreProblem(file: delta.newPath, message: "cannot be hashed: \(error)"))
                }
            case .problem(let problem):
                problems.append(StoreProblem(file: delta.newPath, message: problem))
            }
        }
        return (staged, removed, problems)
    }

    /// Reads a file of the working tree whole, as `WorkingTreeFile` reads it (no symbolic link at the file or a folder
    /// on its path is followed, no FIFO waited on), with the stat data of the open file for the index.
    static func readRegularFile(_ path: String, in root: String) -> FileRead {
        switch WorkingTreeFile.read(path, in: root, limit: Int.max - 1) {
        case .failure(let problem):
            return .problem(problem.description)
        case .success(let file):
            let info = file.info
            let stat = IndexStat(
                ctimeSeconds: Int32(truncatingIfNeeded: info.st_ctim.tv_sec), ctimeNanoseconds: UInt32(truncatingIfNeeded: info.st_ctim.tv_nsec),
                mtimeSeconds: Int32(truncatingIfNeeded: info.st_mtim.tv_sec), mtimeNanoseconds: UInt32(truncatingIfNeeded: info.st_mtim.tv_nsec),
                device: UInt32(truncatingIfNeeded: info.st_dev), inode: UInt32(truncatingIfNeeded: info.st_ino),
                uid: info.st_uid, gid: info.st_gid)
            return .file(file.data, stat)
        }
    }

    /// A file read for a commit, or why it could not be.
    enum FileRead {
        case file(Data, IndexStat)
        case problem(String)
    }

    /// The new version's configuration: `chronik.yml` as read for the commit, or as `head` holds it when unchanged.
    private func pendingConfig(staged: [String: StagedFile], removed: Set<String>, head: Commit?) throws(StoreError) -> (StoreConfig?, StoreProblem?) {
        let missing = StoreProblem.missingConfig
        let data: Data
        if let file = staged[StoreConfig.fileName] {
            data = file.data
        } else if let head, !removed.contains(StoreConfig.fileName), let stored = try blob(at: StoreConfig.fileName, inTree: head.treeID) {
            data = stored
        } else {
            return (nil, missing)
        }
        do {
            // Through the store's memo of the last bytes parsed: with chronik.yml unchanged, these are the bytes
            // `workingConfig()` parsed (a YAML parse less at the end of every `validate`, issue 19).
            return (try parsedConfig(data), nil)
        } catch {
            return (nil, StoreProblem(config: error))
        }
    }

    /// The lock files libgit2 may take to move `branch` (a full reference name): the ref itself and the reflogs of
    /// the branch and of HEAD.
    func refUpdateLocks(_ branch: String) -> [String] {
        [branch + ".lock", "logs/" + branch + ".lock", "HEAD.lock", "logs/HEAD.lock"]
    }

    /// Waits (bounded, with back-off) until none of the lock files exists; throws `locked` naming the first one left.
    func waitForAbsence(of lockFiles: [URL], timeout: Double) throws(StoreError) {
        let start = Date()
        var delay = 0.005
        while let held = lockFiles.first(where: { FileManager.default.fileExists(atPath: $0.path) }) {
            let waited = Date().timeIntervalSince(start)
            if waited >= timeout { throw .locked(lockFile: held.path, waited: waited) }
            Thread.sleep(forTimeInterval: min(delay, timeout - waited))
            delay = min(delay * 2, 0.25)
        }
    }

    /// Checks the new or changed files of a change set as they were read for the commit: entries parse, schemas are
    /// JSON, schema files named by `chronik.yml` exist, and, when `chronik.yml` changed, every path still belongs to
    /// a declared collection. (`chronik.yml` itself was parsed into `pending`.)
    func check(_ set: ChangeSet, pending: PendingVersion?, head: Commit?, limits: FrontMatterLimits) throws(StoreError) -> [StoreProblem] {
        guard let pending else { return [] }
        var problems: [StoreProblem] = []
        for change in set.entries where change.kind != .removed {
            let path = change.entry.path
            // Only its attachments changed, and there is no entry: an orphan folder, which `attachmentProblems` reports.
            if change.kind == .modified, change.attachments != nil, !pending.isChanged(path), pending.read(path) == nil { continue }
            guard let data = pending.read(path) else {
                problems.append(StoreProblem(file: path, message: "cannot be read"))
                continue
            }
            problems += checkEntry(path, data: data, limits: limits)
        }
        for change in set.files where change.kind != .removed && change.path.hasPrefix("schemas/") {
            problems += checkSchema(change.path, data: pending.read(change.path))
        }
        func exists(_ path: String) throws(StoreError) -> Bool {
            if pending.staged[path] != nil { return true }
            guard let head, !pending.removed.contains(path) else { return false }
            do {
                return try repository.entry(atPath: path, inTree: head.treeID) != nil
            } catch {
                throw Self.wrap(error)
            }
        }
        let config = pending.config
        for collection in config.collections {
            if let schema = collection.schema, try !exists(schema) {
                problems.append(StoreProblem(
                    file: StoreConfig.fileName, field: "/collections/\(collection.name)/schema",
                    message: "schema file \(schema) does not exist"))
            }
        }
        problems += try attachmentProblems(set, pending: pending, head: head)
        if set.files.contains(where: { $0.path == StoreConfig.fileName }), let head {
            // Collections may have been removed: every entry already in the store must still belong to one.
            let names = config.collectionNames
            var seen = Set<String>()
            for path in try allPaths(inTree: head.treeID) {
                let folder = path.split(separator: "/").first.map(String.init) ?? path
                guard path.contains("/"), folder != "schemas", !names.contains(folder), !seen.contains(folder),
                      !PathRules.isRepositoryFile(path) else { continue }
                if !pending.removed.contains(path) {
                    seen.insert(folder)
                    problems.append(StoreProblem(file: path, pathProblem: .unknownCollection(folder), collections: names))
                }
            }
        }
        return problems.sorted { ($0.file, $0.line ?? 0) < ($1.file, $1.line ?? 0) }
    }

    /// Parses one entry file's bytes; returns its problems (an unresolved merge conflict alone, when there is one).
    func checkEntry(_ path: String, data: Data, limits: FrontMatterLimits) -> [StoreProblem] {
        if data.count > limits.maxFileBytes {
            return [StoreProblem(file: path, frontMatter: .fileTooLarge(bytes: data.count, limit: limits.maxFileBytes))]
        }
        if let line = ConflictMarkers.line(in: data) { return [.mergeConflict(file: path, line: line)] }
        do {
            _ = try EntryDocument.parse(data, limits: limits)
            return []
        } catch {
            return [StoreProblem(file: path, frontMatter: error)]
        }
    }

    func checkSchema(_ path: String, data: Data?) -> [StoreProblem] {
        guard let data else {
            return [StoreProblem(file: path, message: "cannot be read")]
        }
        do {
            let value = try JSONParser.parse(data)
            guard case .object = value else {
                return [StoreProblem(file: path, message: "a schema must be a JSON object")]
            }
            return []
        } catch {
            return [StoreProblem(file: path, line: error.line, column: error.column, message: "is not valid JSON: \(error.message)")]
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

extension Store {
    /// Takes `.git/chronik.lock`, which serialises chronik's writers (`commit`, `record`). Creating it is a version's
    /// first write: a read-only or full disk is reported as such (`writeFailed`), not as a plain I/O error.
    /// Takes `.git/chronik.lock`, and removes the git lock files a killed chronik writer left (GitLockMarker.swift).
    func lockWriters(timeout: Double) throws(StoreError) -> FileLock {
        do {
            let lock = try FileLock(path: repository.gitDirectory.appendingPathComponent("chronik.lock"), timeout: timeout)
            _ = clearGitLocksOfKilledWriter()
            return lock
        } catch .io(let path, let message) {
            if let failure = WriteFailure(strerrorText: message) { throw .writeFailed(path: path, reason: failure) }
            throw .io(path: path, message: message)
        } catch {
            throw error
        }
    }
}
