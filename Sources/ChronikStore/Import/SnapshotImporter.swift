import Foundation
import GitKit

/// Settings of `SnapshotImporter.run`, with defaults.
public struct ImportOptions: Sendable {
    /// The author of snapshots without `version.yml`; the import refuses such snapshots when it is nil.
    public var fallbackAuthor: Signature?
    /// The committer of snapshots without `version.yml` (default: the fallback author).
    public var fallbackCommitter: Signature?
    /// Limits for reading entries.
    public var limits = FrontMatterLimits()
    /// Settings of each commit.
    public var commit = CommitOptions()
    /// Validates each snapshot as a whole version before anything is written (schemas, references), as `chronik
    /// commit` would; nil checks only what the store itself checks. The checked bytes are the recorded bytes.
    public var checker: (any SnapshotContentChecker)?

    public init(fallbackAuthor: Signature? = nil, fallbackCommitter: Signature? = nil) {
        self.fallbackAuthor = fallbackAuthor
        self.fallbackCommitter = fallbackCommitter
    }
}

/// What happened to one snapshot.
public struct ImportedSnapshot: Sendable {
    public enum Outcome: String, Sendable {
        /// A new version was recorded for it.
        case imported
        /// An earlier import recorded it (its commit carries the trailer and the same files).
        case alreadyImported
        /// Its files equal the version before it, so it needed no version of its own; its tag goes on that version.
        case unchanged
    }

    public var name: String
    public var outcome: Outcome
    /// The version that holds the snapshot.
    public var commit: ObjectID
    /// The tag the snapshot names, if any.
    public var tag: String?
    /// True when this run created the tag.
    public var tagCreated: Bool
}

/// The result of `SnapshotImporter.run`.
public struct ImportReport: Sendable {
    /// The store's root.
    public var store: URL
    /// True when the import created the store.
    public var createdStore: Bool
    /// One item per snapshot, in import order.
    public var snapshots: [ImportedSnapshot]
    /// What went wrong after a version was recorded (e.g. the index could not be updated).
    public var warnings: [RecordWarning]

    public var importedCount: Int { snapshots.filter { $0.outcome == .imported }.count }
    public var createdTags: [String] { snapshots.compactMap { $0.tagCreated ? $0.tag : nil } }
}

/// Turns a series of snapshots into history: one commit per snapshot, in order, and an annotated tag where
/// `version.yml` names one.
///
/// Everything is checked before anything is written: every snapshot (as `chronik commit` would check it), the tags
/// (unique, valid, and new or already on the right version), and what the target store already holds. A snapshot
/// counts as imported when a commit reachable from the branch carries the trailer `Chronik-Snapshot: <folder>` and
/// holds exactly the snapshot's files; so a second run adds nothing, and a run after a new snapshot folder was
/// added imports only that one.
public enum SnapshotImporter {
    /// The trailer that records which snapshot a commit was made from.
    public static let trailerKey = "Chronik-Snapshot"

    /// Imports `snapshots` into the store at `url`, creating it when `url` is missing or empty.
    /// `root` names where the snapshots come from in messages (e.g. the folder as the user typed it).
    public static func run(_ snapshots: [Snapshot], into url: URL, root: String, options: ImportOptions = ImportOptions()) throws(ImportError) -> ImportReport {
        guard !snapshots.isEmpty else { throw .noSnapshots(path: root) }
        let checked = try snapshots.checked(root: root, limits: options.limits, checker: options.checker)

        // What the target already holds.
        let url = url.standardizedFileURL
        var store: Store?
        if Store.isStore(at: url) {
            let existing: Store
            do {
                existing = try Store(at: url)
                guard try existing.status().isClean else { throw ImportError.uncommittedChanges(path: url.path) }
            } catch let error as ImportError {
                throw error
            } catch {
                throw .store(Store.wrap(error))
            }
            store = existing
        } else {
            var isDirectory: ObjCBool = false
            if FileManager.default.fileExists(atPath: url.path, isDirectory: &isDirectory) {
                let contents = (try? FileManager.default.contentsOfDirectory(atPath: url.path)) ?? ["?"]
                guard isDirectory.boolValue, contents.isEmpty else { throw .store(.directoryNotEmpty(path: url.path)) }
            }
        }
        let steps = try plan(checked, store: store, root: root, options: options)

        // Write. A store this run creates is removed again if the run fails (a full disk after `.git` was made):
        // only what it created, so that a second run finds the folder as the first did (missing or empty).
        let target: Store
        let created = store == nil
        var creation: CreatedFolder?
        do {
            if let store {
                target = store
            } else {
                creation = CreatedFolder(before: url)
                target = try createEmptyStore(at: url)
            }
        } catch {
            creation?.undo()
            throw .store(Store.wrap(error))
        }
        do throws(ImportError) {
            return try write(checked, steps: steps, to: target, created: created, options: options)
        } catch {
            creation?.undo()
            throw error
        }
    }

    /// Records the planned steps into `target` (see `run`).
    private static func write(_ checked: [CheckedSnapshot], steps: [Step], to target: Store, created: Bool, options: ImportOptions) throws(ImportError) -> ImportReport {
        var results: [ImportedSnapshot] = []
        var warnings: [RecordWarning] = []
        do {
            for (item, step) in zip(checked, steps) {
                let name = item.snapshot.name
                var outcome: ImportedSnapshot.Outcome
                var commitID: ObjectID
                switch step {
                case .present(let id):
                    (outcome, commitID) = (.alreadyImported, id)
                case .sameAsPrevious:
                    guard let previous = try results.last?.commit ?? target.tip()?.id else {
                        preconditionFailure("a snapshot equal to its predecessor always follows a version")
                    }
                    (outcome, commitID) = (.unchanged, previous)
                case .new:
                    let (author, committer) = try identities(item, options)
                    let message = item.metadata?.message ?? item.snapshot.message ?? "Import of snapshot \(name)"
                    // The snapshot was checked above as a whole version (the commit gate's rules and the checker's):
                    // these bytes are recorded as they are, straight into the object database.
                    switch try target.record(
                        checkedFiles: item.snapshot.files, expectedTip: try target.tip()?.id, message: trailered(message, name),
                        author: author, committer: committer, options: options.commit) {
                    case let .recorded(commit, recordWarnings):
                        (outcome, commitID) = (.imported, commit.id)
                        warnings += recordWarnings
                    case .unchanged:
                        guard let tip = try target.tip() else { preconditionFailure("an empty snapshot cannot pass the check") }
                        (outcome, commitID) = (.unchanged, tip.id)
                    case .workingTreeConflicts:
                        throw ImportError.uncommittedChanges(path: target.root.path)
                    }
                }
                var tagCreated = false
                if let tag = item.metadata?.tag, try target.repository.referenceTarget("refs/tags/\(tag.name)") == nil {
                    let tagger = try item.metadata?.signature ?? identities(item, options).0
                    var tagMessage = tag.message ?? item.metadata?.message ?? name
                    while let last = tagMessage.last, last.isWhitespace { tagMessage.removeLast() }
                    do {
                        // As `chronik release` makes one: a writer with the tag's lock announced (GitLockMarker.swift).
                        _ = try target.asWriter(announcing: ["refs/tags/\(tag.name).lock"], timeout: options.commit.writerTimeout) {
                            try target.repository.createAnnotatedTag(name: tag.name, target: commitID, tagger: tagger, message: tagMessage + "\n")
                        }
                    } catch let error as StoreError {
                        throw ImportError.store(error)
                    } catch {
                        // A full or read-only disk says so, naming the file (libgit2 alone: "failed to create tag annotation").
                        throw ImportError.store(.writing(error, fallbackPath: target.repository.gitDirectory.appendingPathComponent("objects").path))
                    }
                    tagCreated = true
                }
                results.append(ImportedSnapshot(name: name, outcome: outcome, commit: commitID, tag: item.metadata?.tag?.name, tagCreated: tagCreated))
            }
        } catch let error as ImportError {
            throw error
        } catch {
            throw .store(Store.wrap(error))
        }
        return ImportReport(store: target.root, createdStore: created, snapshots: results, warnings: warnings)
    }

    // MARK: - Planning

    enum Step: Equatable {
        /// Already in the history, as this commit.
        case present(ObjectID)
        /// Equal to the snapshot before it: no version of its own.
        case sameAsPrevious
        /// To be recorded as a new version.
        case new
    }

    /// Decides, before anything is written, what each snapshot needs; throws every conflict at once.
    static func plan(_ snapshots: [CheckedSnapshot], store: Store?, root: String, options: ImportOptions) throws(ImportError) -> [Step] {
        var problems: [StoreProblem] = []
        var steps: [Step] = []
        var recorded: [String: Commit] = [:]
        var tags: [String: Tag] = [:]
        var tip: Commit?
        do {
            if let store {
                tip = try store.tip()
                if let tip {
                    for id in try store.repository.walk(from: [tip.id]) {
                        let commit = try store.repository.commit(id)
                        for name in snapshotNames(in: commit.message) where recorded[name] == nil { recorded[name] = commit }
                    }
                }
                for tag in try store.repository.tags() { tags[tag.name] = tag }
            }
        } catch {
            throw .store(Store.wrap(error))
        }
        let lastRecorded = snapshots.lastIndex { recorded[$0.snapshot.name] != nil } ?? -1
        var plannedNew = false
        for (index, item) in snapshots.enumerated() {
            let snapshot = item.snapshot
            let sameAsPrevious = index > 0 && snapshots[index - 1].snapshot.files == snapshot.files
            var step: Step
            if let commit = recorded[snapshot.name], let store {
                guard try files(of: commit, in: store) == snapshot.files else {
                    problems.append(StoreProblem(
                        file: snapshot.name,
                        message: "was imported as version \(commit.id.short()), but its files differ from that version now; an import never rewrites history: give the changed snapshot a new folder name that sorts after the last one"))
                    continue
                }
                step = .present(commit.id)
            } else if sameAsPrevious {
                step = .sameAsPrevious
            } else if index < lastRecorded {
                problems.append(StoreProblem(
                    file: snapshot.name,
                    message: "is not in the history, but the later snapshot \(snapshots[lastRecorded].snapshot.name) is; snapshots are imported in folder-name order on top of the history: give it a name that sorts after \(snapshots[lastRecorded].snapshot.name)"))
                continue
            } else if !plannedNew, let tip, let store, try files(of: tip, in: store) == snapshot.files {
                step = .present(tip.id) // The store already holds exactly this snapshot.
            } else {
                step = .new
                plannedNew = true
            }
            if item.metadata == nil && step == .new && options.fallbackAuthor == nil {
                problems.append(StoreProblem(file: snapshot.name, message: "has no version.yml, and no author was given (pass --author \"Name <email>\" or set git config user.name and user.email)"))
            }
            // A tag must be new, or already on the version that holds this snapshot.
            if let tag = item.metadata?.tag, let existing = tags[tag.name] {
                var expected: ObjectID?
                var back = steps.count
                var current = step
                while current == .sameAsPrevious, back > 0 {
                    back -= 1
                    current = steps[back]
                }
                if case .present(let id) = current { expected = id }
                if existing.targetID != expected {
                    problems.append(StoreProblem(
                        file: "\(snapshot.name)/\(Snapshot.versionFileName)", line: tag.line,
                        message: "tag \"\(tag.name)\" already exists and points at \(existing.targetID.short()), not at this snapshot's version; choose another tag name"))
                }
            }
            steps.append(step)
        }
        guard problems.isEmpty else { throw .invalidSnapshots(root: root, problems: problems) }
        return steps
    }

    /// The snapshot names a commit message records in its trailers.
    public static func snapshotNames(in message: String) -> [String] {
        let paragraphs = message.components(separatedBy: "\n\n").filter { !$0.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty }
        guard let last = paragraphs.last else { return [] }
        let prefix = trailerKey + ": "
        return last.split(separator: "\n").compactMap { line in
            line.hasPrefix(prefix) ? String(line.dropFirst(prefix.count)).trimmingCharacters(in: .whitespaces) : nil
        }
    }

    /// The commit message with the trailer that records the snapshot.
    static func trailered(_ message: String, _ name: String) -> String {
        var text = message
        while let last = text.last, last.isWhitespace { text.removeLast() }
        return text + "\n\n\(trailerKey): \(name)\n"
    }

    /// Every file of a commit's tree with its content.
    private static func files(of commit: Commit, in store: Store) throws(ImportError) -> [String: Data] {
        do {
            var result: [String: Data] = [:]
            for path in try store.allPaths(inTree: commit.treeID) {
                result[path] = try store.blob(at: path, inTree: commit.treeID)
            }
            return result
        } catch {
            throw .store(error)
        }
    }

    private static func identities(_ item: CheckedSnapshot, _ options: ImportOptions) throws(ImportError) -> (Signature, Signature) {
        if let metadata = item.metadata {
            // The author recorded the version; using them as committer too keeps the commit ids reproducible.
            return (metadata.signature, metadata.signature)
        }
        guard let author = options.fallbackAuthor else { throw .store(.noAuthor) }
        return (author, options.fallbackCommitter ?? author)
    }

    /// A repository on branch `main` with an empty working tree and no commit yet (the first version's checkout
    /// writes `chronik.yml` with the rest).
    private static func createEmptyStore(at url: URL) throws -> Store {
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        _ = try Repository.create(at: url, initialBranch: "main")
        return try Store(at: url, requireConfig: false)
    }
}
