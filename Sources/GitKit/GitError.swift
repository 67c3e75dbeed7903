import CLibGit2

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

    /// Only `check(_:_:)` and its helpers build errors, so every one carries libgit2's own record.
    init(code: Code, errorClass: Int32 = 0, message: String, operation: String) {
        self.code = code
        self.errorClass = errorClass
        self.message = message
        self.operation = operation
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
    let code = GitError.Code(rawCode: rc)
    // libgit2 1.5 may leave no error record (NULL) for some failures.
    if let last = git_error_last(), let text = last.pointee.message {
        throw GitError(code: code, errorClass: last.pointee.klass, message: String(cString: text), operation: operation)
    }
    throw GitError(code: code, errorClass: 0, message: "libgit2 returned \(rc)", operation: operation)
}
