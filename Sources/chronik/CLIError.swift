import ChronikSchema
import ChronikStore
import Foundation
import GitKit

/// The one error type of the command line: a kind (which decides the exit code), a message and an optional hint.
struct CLIError: Error {
    enum Kind {
        /// The user's input or content is wrong.
        case user
        /// The command line itself is wrong.
        case usage
        /// The store or the machine failed.
        case store
        /// A bug in chronik.
        case `internal`

        var exitCode: Int32 {
            switch self {
            case .user: return 1
            case .usage: return 2
            case .store, .internal: return 3
            }
        }
    }

    var kind: Kind
    var message: String
    var hint: String?

    init(_ kind: Kind, _ message: String, hint: String? = nil) {
        self.kind = kind
        self.message = message
        self.hint = hint
    }

    /// For a lock file in the way (issue 13): how to remove one left by a killed process.
    static let lockHint = "if no git or chronik command is running, `chronik doctor` removes lock files left by a killed process"

    /// Maps any error of the layers below to a CLI error.
    init(_ error: Error) {
        switch error {
        case let error as CLIError:
            self = error
        case let error as StoreError:
            self.init(storeError: error)
        case let error as GitError where error.code == .locked:
            self.init(.store, error.description, hint: Self.lockHint)
        case let error as GitError:
            self.init(.store, error.description)
        case let error as UnreadableObjectError:
            self.init(.store, error.description)
        default:
            self.init(.internal, "\(error)")
        }
    }

    private init(storeError error: StoreError) {
        switch error {
        case .notAStore:
            self.init(.user, error.description, hint: "run chronik inside a store, pass --store DIR, or create one with `chronik init`")
        case .missingConfig, .invalidConfig, .directoryNotEmpty, .invalidContent, .detachedHead, .bareRepository,
             .badRevision, .entryNotFound, .ambiguousEntry, .noAuthor:
            self.init(.user, error.description)
        case .locked:
            self.init(.store, error.description, hint: Self.lockHint)
        case .git(let gitError) where gitError.code == .locked:
            self.init(.store, error.description, hint: Self.lockHint)
        case .raceLost, .git, .io, .unreadableObject:
            self.init(.store, error.description)
        case .writeFailed, .signingFailed:
            self.init(.store, error.description)
        case .hookFailed:
            self.init(.user, error.description)
        }
    }
}

extension CLIError {
    /// A refusal of content (`StoreError.invalidContent`) in the one shape of every command (issue 16): the count
    /// and "nothing was written" in the message language, then one `<file>:<line>: <field>: …` line per problem
    /// (`ProblemText`); any other error as `init(_:)` maps it.
    init(_ error: Error, text: ProblemText) {
        if case StoreError.invalidContent(let problems)? = error as? StoreError {
            let lines = problems.map { "  " + text.line($0) }
            self.init(.user, ([text.catalog.nothingWritten(problems: problems.count)] + lines).joined(separator: "\n"))
        } else {
            self.init(error)
        }
    }
}

/// Runs `body`, turning every error into a `CLIError`, content refusals worded by `text`.
func cli<T>(_ text: ProblemText, _ body: () throws -> T) throws(CLIError) -> T {
    do {
        return try body()
    } catch {
        throw CLIError(error, text: text)
    }
}

/// Runs `body`, turning every error into a `CLIError`.
func cli<T>(_ body: () throws -> T) throws(CLIError) -> T {
    do {
        return try body()
    } catch {
        throw CLIError(error)
    }
}
