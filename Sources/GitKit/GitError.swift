import CLibGit2
import Foundation

/// An error reported by libgit2, with the C return code mapped to a named ``Code``.
///
/// Match the named codes directly: `catch GitError.modified { … }`.
public struct GitError: Error, Sendable, CustomStringConvertible {
    /// The libgit2 return code (`git_error_code`), named where callers care.
    public enum Code: Sendable, Equatable {
        case notFound, exists, ambiguous, locked, modified, unbornBranch, invalidSpec, bareRepository, conflict
        case other(Int32)

        init(rawCode rc: Int32) {
            switch rc {
            case GIT_ENOTFOUND.rawValue: self = .notFound
            case GIT_EEXISTS.rawValue: self = .exists
            case GIT_EAMBIGUOUS.rawValue: self = .ambiguous
            case GIT_ELOCKED.rawValue: self = .locked
            case GIT_EMODIFIED.rawValue: self = .modified
            case GIT_EUNBORNBRANCH.rawValue: self = .unbornBranch
            case GIT_EINVALIDSPEC.rawValue: self = .invalidSpec
            case GIT_EBAREREPO.rawValue: self = .bareRepository
            case GIT_ECONFLICT.rawValue, GIT_EMERGECONFLICT.rawValue: self = .conflict
            default: self = .other(rc)
            }
        }
    }

    /// The named return code.
    public let code: Code
    /// The libgit2 error class (`git_error_t`), 0 when libgit2 left no error record.
    public let errorClass: Int32
    /// libgit2's message, or a generic one naming the code.
    public let message: String
    /// The C function that failed, e.g. "git_reference_create_matching".
    public let operation: String
    /// The operating system's error (`ENOSPC`, `EROFS`, …) behind a failed file operation, when known: from
    /// libgit2's message (which ends in `strerror`) or, when libgit2 left no record, from `errno` as the call left it.
    public let systemError: Int32?

    /// Only `check(_:_:)` and its helpers build errors, so every one carries libgit2's own record.
    init(code: Code, errorClass: Int32 = 0, message: String, operation: String, errno savedErrno: Int32 = 0) {
        self.code = code
        self.errorClass = errorClass
        self.message = message
        self.operation = operation
        self.systemError = Self.systemError(errorClass: errorClass, message: message, errno: savedErrno)
    }

    /// The errors of the file system that a user must act on, and ENOENT (which a racing `git gc` causes).
    static let knownSystemErrors: [Int32] = [ENOSPC, EROFS, EDQUOT, EIO, EACCES, EPERM, ENOENT]

    /// libgit2 reports a failed system call as "<what>: <strerror(errno)>" in class `GIT_ERROR_OS`; some failures
    /// leave no record at all or replace it with their own, and then `errno` is all there is (trusted only for errors
    /// that no harmless look-up leaves behind: a full, read-only or failing disk).
    static func systemError(errorClass: Int32, message: String, errno: Int32) -> Int32? {
        if errorClass == GIT_ERROR_OS.rawValue || errorClass == 0 {
            for code in knownSystemErrors where message.hasSuffix(": " + String(cString: strerror(code))) { return code }
        }
        // libgit2 may replace the OS error by its own ("failed to create tag annotation"); errno still says why.
        if [ENOSPC, EROFS, EDQUOT, EIO].contains(errno) {
            return errno
        }
        return nil
    }

    /// The file named in libgit2's message ("failed to … '/path/…': …"), if any.
    public var path: String? {
        guard let open = message.firstIndex(of: "'"),
              let close = message[message.index(after: open)...].firstIndex(of: "'") else { return nil }
        let path = String(message[message.index(after: open)..<close])
        return path.isEmpty ? nil : path
    }

    /// A working-tree file that changed while libgit2 read it to hash it (`odb.c`: "error reading file for hashing",
    /// a short read after `stat` gave the old size): a race with a writer, not a fault of the repository.
    public var isFileChangedWhileHashing: Bool {
        message.hasPrefix("error reading file for hashing")
    }

    /// An object write that lost a race with git's own maintenance: `git gc`, `git prune` and `git repack -d`
    /// remove empty fan-out folders (`.git/objects/xx`), and one may go between libgit2 creating it and renaming
    /// the new object into it ("failed to rename lockfile to '…/objects/xx/…': No such file or directory").
    /// Writing the object again succeeds.
    public var isMaintenanceRace: Bool {
        systemError == ENOENT && errorClass == GIT_ERROR_OS.rawValue && message.contains("/objects/")
    }

    /// A reference update that found its target missing, which happens when `git repack` replaces the packs and
    /// removes the loose copy of the object just written (libgit2 looks in the old list of packs). The object is
    /// there: writing it again and updating again succeeds. (A missing target for any other reason stays missing.)
    public var isMissingReferenceTarget: Bool {
        errorClass == GIT_ERROR_REFERENCE.rawValue && message.hasPrefix("target OID for the reference doesn't exist")
    }

    public var description: String {
        "\(operation): \(message)"
    }

    public static let notFound = Code.notFound
    public static let exists = Code.exists
    public static let ambiguous = Code.ambiguous
    public static let locked = Code.locked
    public static let modified = Code.modified
    public static let unbornBranch = Code.unbornBranch
    public static let invalidSpec = Code.invalidSpec
    public static let bareRepository = Code.bareRepository
    public static let conflict = Code.conflict
}

extension GitError.Code {
    /// Lets `catch GitError.modified` match any thrown `GitError` with that code.
    /// (Swift requires a member operator to take its own type, so it lives on `Code`.)
    public static func ~= (pattern: GitError.Code, error: any Error) -> Bool {
        guard let error = error as? GitError else { return false }
        return error.code == pattern
    }
}

/// Throws a ``GitError`` when `rc` is negative, reading `git_error_last()` at once, on this thread.
func check(_ rc: Int32, _ operation: String) throws {
    guard rc < 0 else { return }
    let savedErrno = errno
    let code = GitError.Code(rawCode: rc)
    // libgit2 1.5 may leave no error record (NULL) for some failures.
    if let last = git_error_last(), let text = last.pointee.message {
        throw GitError(code: code, errorClass: last.pointee.klass, message: String(cString: text), operation: operation, errno: savedErrno)
    }
    throw GitError(code: code, errorClass: 0, message: "libgit2 returned \(rc)", operation: operation, errno: savedErrno)
}

/// Runs an object write again when it lost a race with git's maintenance (``GitError/isMaintenanceRace``): up to
/// eight attempts, 1 ms to 128 ms apart. Writing an object is idempotent (libgit2 finds one already there).
func retryingObjectWrite<R>(_ body: () throws -> R) throws -> R {
    var delay: useconds_t = 1_000
    for _ in 0..<7 {
        do {
            return try body()
        } catch let error as GitError where error.isMaintenanceRace {
            usleep(delay)
            delay *= 2
        }
    }
    return try body()
}
