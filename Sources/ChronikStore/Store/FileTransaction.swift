import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A set of working tree file changes applied all or nothing (`chronik mv`), through a journal.
///
/// The journal (`.git/chronik/mv-journal`) holds every file's old and new bytes. It is written (to a temporary
/// file, fsynced, renamed into place) before the working tree is touched; each file is then written to a temporary
/// file beside it (`.<name>.chronik-tmp`) and renamed over it, or removed; the journal is deleted last. A process
/// killed at any point leaves the journal behind, and the next chronik write command, `chronik doctor` (and
/// `chronik status`, which reports it) find it: the change is then **rolled back** — every file that holds its new
/// bytes (or the temporary file) gets its old bytes back — since the command that was killed never reported
/// success. A file changed by someone else since (neither its old nor its new bytes) is left alone and reported.
public struct FileTransaction: Sendable, Codable, Hashable {
    /// One file: its bytes before and after (nil: no file).
    public struct Change: Sendable, Codable, Hashable {
        public var path: String
        public var old: Data?
        public var new: Data?

        public init(path: String, old: Data?, new: Data?) {
            self.path = path
            self.old = old
            self.new = new
        }
    }

    /// What the transaction does, for messages (`chronik mv glossary/a glossary/b`).
    public var command: String
    public var changes: [Change]

    public init(command: String, changes: [Change]) {
        self.command = command
        self.changes = changes
    }
}

/// A point reached while a transaction is applied, for a test to interrupt it (`FileTransaction.apply`'s `afterStep`).
public enum TransactionStep: Sendable, Hashable, CustomStringConvertible {
    /// The journal is in place; no file is touched yet.
    case journalWritten
    /// The temporary file of change `index` is written, not yet renamed.
    case temporaryWritten(Int)
    /// Change `index` is in place.
    case applied(Int)
    /// The journal is gone: the transaction is complete.
    case finished

    /// `journal`, `temp-0`, `applied-0`, …, `done`.
    public var description: String {
        switch self {
        case .journalWritten: return "journal"
        case .temporaryWritten(let i): return "temp-\(i)"
        case .applied(let i): return "applied-\(i)"
        case .finished: return "done"
        }
    }
}

/// What rolling back an interrupted transaction found and did.
public struct RollbackReport: Sendable, Codable, Hashable {
    /// The interrupted command.
    public var command: String
    /// Files given their old bytes back (or removed, when they did not exist before).
    public var restored: [String]
    /// Files changed since by someone else: left as they are.
    public var conflicts: [String]
    /// Whether the journal is gone (always, unless there were conflicts and the rollback was not forced).
    public var finished: Bool
}

extension Store {
    /// Where an interrupted transaction's journal lives.
    public var transactionJournal: URL {
        repository.gitDirectory.appendingPathComponent("chronik/mv-journal")
    }

    /// The journal of an interrupted transaction, if there is one; throws when it cannot be read.
    public func interruptedTransaction() throws(StoreError) -> FileTransaction? {
        let journal = transactionJournal
        guard FileManager.default.fileExists(atPath: journal.path) else { return nil }
        do {
            return try JSONDecoder().decode(FileTransaction.self, from: Data(contentsOf: journal))
        } catch {
            // A journal is renamed into place whole: one that cannot be decoded was not written by chronik.
            throw .io(path: journal.path, message: "unreadable journal of an interrupted `chronik mv` (\(error.localizedDescription)); remove it after checking the working tree")
        }
    }

    /// Applies `transaction` to the working tree, all or nothing, serialised with other chronik writers
    /// (`.git/chronik.lock`). Every file must still hold its `old` bytes, else nothing is changed. An interrupted
    /// transaction found first is rolled back (and must roll back cleanly). `afterStep` is called at each step.
    public func apply(_ transaction: FileTransaction, writerTimeout: Double = 20,
                      afterStep: ((TransactionStep) -> Void)? = nil) throws(StoreError) {
        let lock = try lockWriters(timeout: writerTimeout)
        defer { lock.unlock() }
        if let pending = try interruptedTransaction() {
            let report = try rollBack(pending, force: false)
            if !report.finished { throw Self.unfinished(report, journal: transactionJournal) }
        }
        for change in transaction.changes {
            if let folder = WorkingTreeFile.linkedFolder(on: change.path, in: root.path) {
                throw .io(path: change.path, message: "\(PathRules.printable(folder)) is a symbolic link; \(PathProblem.symlink.description); nothing was changed")
            }
        }
        for change in transaction.changes where readWorkingFile(change.path) != change.old {
            throw .io(path: change.path, message: "changed while chronik was working; nothing was changed, try again")
        }
        let journal = transactionJournal
        do {
            try FileManager.default.createDirectory(at: journal.deletingLastPathComponent(), withIntermediateDirectories: true)
            let data = try JSONEncoder().encode(transaction)
            try durableWrite(data, to: journal, temporary: journal.appendingPathExtension("tmp"))
        } catch let error as StoreError {
            throw error
        } catch {
            throw .io(path: journal.path, message: "cannot write: \(error.localizedDescription)")
        }
        afterStep?(.journalWritten)
        for (index, change) in transaction.changes.enumerated() {
            do {
                let target = url(of: change.path)
                if let new = change.new {
                    try FileManager.default.createDirectory(at: target.deletingLastPathComponent(), withIntermediateDirectories: true)
                    let temporary = Self.temporaryFile(for: target)
                    try writeSynced(new, to: temporary)
                    afterStep?(.temporaryWritten(index))
                    guard rename(temporary.path, target.path) == 0 else { throw StoreError.io(path: change.path, message: String(cString: strerror(errno))) }
                } else if unlink(target.path) != 0, errno != ENOENT {
                    throw StoreError.io(path: change.path, message: "cannot remove: " + String(cString: strerror(errno)))
                }
            } catch {
                // Undo what was done, then report the first failure.
                _ = try? rollBack(transaction, force: true)
                throw Self.wrap(error)
            }
            afterStep?(.applied(index))
        }
        unlink(journal.path)
        afterStep?(.finished)
    }

    /// Rolls an interrupted transaction back: each file holding its new bytes gets its old ones back, temporary
    /// files are removed, files changed since are left and reported. The journal is removed when nothing conflicts,
    /// or with `force`. The caller holds the writer lock.
    func rollBack(_ transaction: FileTransaction, force: Bool) throws(StoreError) -> RollbackReport {
        var restored: [String] = [], conflicts: [String] = []
        for change in transaction.changes.reversed() {
            let target = url(of: change.path)
            unlink(Self.temporaryFile(for: target).path)
            let current = readWorkingFile(change.path)
            if current == change.old { continue }
            guard current == change.new else {
                conflicts.append(change.path)
                continue
            }
            do {
                if let old = change.old {
                    let temporary = Self.temporaryFile(for: target)
                    try writeSynced(old, to: temporary)
                    guard rename(temporary.path, target.path) == 0 else { throw StoreError.io(path: change.path, message: String(cString: strerror(errno))) }
                } else if unlink(target.path) != 0, errno != ENOENT {
                    throw StoreError.io(path: change.path, message: "cannot remove: " + String(cString: strerror(errno)))
                }
            } catch {
                throw Self.wrap(error)
            }
            restored.append(change.path)
        }
        let finished = conflicts.isEmpty || force
        if finished { unlink(transactionJournal.path) }
        return RollbackReport(command: transaction.command, restored: restored.sorted(), conflicts: conflicts.sorted(), finished: finished)
    }

    /// The error for an interrupted transaction that could not be rolled back by itself.
    static func unfinished(_ report: RollbackReport, journal: URL) -> StoreError {
        .io(path: journal.path, message: "an interrupted `\(report.command)` could not be undone: "
            + report.conflicts.map(PathRules.printable).joined(separator: ", ")
            + " changed since; check them, then run `chronik doctor --force` to undo the rest and drop the journal")
    }

    /// A working tree file's bytes; nil when there is none, or when it is not a regular file (never followed).
    func readWorkingFile(_ path: String) -> Data? {
        try? WorkingTreeFile.read(path, in: root.path, limit: Int.max - 1).get().data
    }

    /// `.<name>.chronik-tmp` beside the file.
    static func temporaryFile(for target: URL) -> URL {
        target.deletingLastPathComponent().appendingPathComponent("." + target.lastPathComponent + ".chronik-tmp")
    }

    /// Writes `data` to `temporary`, fsyncs it, renames it to `target` and fsyncs the folder.
    private func durableWrite(_ data: Data, to target: URL, temporary: URL) throws(StoreError) {
        try writeSynced(data, to: temporary)
        guard rename(temporary.path, target.path) == 0 else {
            throw .io(path: target.path, message: String(cString: strerror(errno)))
        }
        let folder = open(target.deletingLastPathComponent().path, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        if folder >= 0 {
            fsync(folder)
            close(folder)
        }
    }

    /// Creates or truncates `file` (never through a symbolic link) and writes `data`, fsynced.
    private func writeSynced(_ data: Data, to file: URL) throws(StoreError) {
        let fd = open(file.path, O_WRONLY | O_CREAT | O_TRUNC | O_NOFOLLOW | O_CLOEXEC, 0o666)
        guard fd >= 0 else { throw .io(path: file.path, message: "cannot write: " + String(cString: strerror(errno))) }
        defer { close(fd) }
        var failure = data.withUnsafeBytes { Descriptor.writeAll(fd, $0) }
        if failure == 0, fsync(fd) != 0 { failure = errno }
        if failure != 0 {
            unlink(file.path)
            throw .io(path: file.path, message: "cannot write: " + String(cString: strerror(failure)))
        }
    }
}
