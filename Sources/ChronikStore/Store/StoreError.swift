import Foundation
import GitKit

/// One problem found in a store's content: the file, where in it, and what is wrong.
public struct StoreProblem: Sendable, Hashable, Codable, CustomStringConvertible {
    /// The path relative to the store root.
    public var file: String
    public var line: Int?
    public var column: Int?
    /// The field as a JSON Pointer, when the problem is in one.
    public var field: String?
    /// The schema keyword (`enum`, `format`, `x-chronik-ref`, …) when the problem is a validation finding.
    public var keyword: String?
    /// The message in English (JSON output keeps it; text output says `detail` in the reader's language when set).
    public var message: String
    /// What is wrong, as data a message catalog words in either language (issue 16); nil where only `message`
    /// says it. Not part of the JSON (which keeps keys, pointers and the English message).
    public var detail: ProblemDetail?

    private enum CodingKeys: String, CodingKey {
        case file, line, column, field, keyword, message
    }

    public init(file: String, line: Int? = nil, column: Int? = nil, field: String? = nil, keyword: String? = nil, message: String,
                detail: ProblemDetail? = nil) {
        self.file = file
        self.line = line
        self.column = column
        self.field = field
        self.keyword = keyword
        self.message = message
        self.detail = detail
    }

    /// A file where the store's path rules do not allow it; a mistyped collection folder names the declared ones
    /// it is close to ("did you mean events/").
    public init(file: String, pathProblem: PathProblem, collections: some Collection<String>) {
        var detail: ProblemDetail?
        var message = pathProblem.description
        switch pathProblem {
        case .unknownCollection(let folder):
            let close = Suggestions.closest(to: folder, among: collections.sorted())
            detail = .unknownCollection(folder: folder, suggestions: close)
            if !close.isEmpty { message += "; did you mean " + close.map { $0 + "/" }.joined(separator: " or ") + "?" }
        case .unexpectedFile:
            detail = .outsideCollections
        default:
            break
        }
        self.init(file: file, message: message, detail: detail)
    }

    /// An entry file that cannot be read as one (`FrontMatterError`), with its location.
    public init(file: String, frontMatter error: FrontMatterError) {
        self.init(file: file, line: error.line, column: error.column, message: error.reason, detail: .frontMatter(error))
    }

    /// A problem of `chronik.yml` (`file`, or a snapshot's copy of it); a YAML syntax error carries its detail, so
    /// that text output explains it in the reader's language (`YAMLTrouble`) with its line and column. `suffix`
    /// follows the English message (" (at abc1234)").
    public init(file: String = StoreConfig.fileName, config error: StoreConfigError, suffix: String = "") {
        self.init(file: file, line: error.line, column: error.yaml?.column, field: error.field, message: error.message + suffix,
                  detail: error.yaml.map { .frontMatter($0) } ?? error.problem.map { .config($0) })
    }

    /// An unresolved merge conflict whose `<<<<<<<` marker is on `line`.
    public static func mergeConflict(file: String, line: Int) -> StoreProblem {
        StoreProblem(file: file, line: line, message: "has an unresolved merge conflict (<<<<<<< … >>>>>>>); keep one side and delete the marker lines",
                     detail: .mergeConflict)
    }

    /// `chronik.yml` is missing from a version.
    public static let missingConfig = StoreProblem(file: StoreConfig.fileName, message: "chronik.yml is missing", detail: .missingConfig)

    /// `file:line:column: message` as compilers print it.
    public var description: String {
        var location = PathRules.printable(file)
        if let line { location += ":\(line)" ; if let column { location += ":\(column)" } }
        if let field, !field.isEmpty {
            // Shown as a dotted path (`collections.actors.schema`), which reads better than a JSON Pointer.
            let path = field.dropFirst().split(separator: "/", omittingEmptySubsequences: false)
                .map { $0.replacingOccurrences(of: "~1", with: "/").replacingOccurrences(of: "~0", with: "~") }
                .joined(separator: ".")
            return "\(location): \(PathRules.printable(path)): \(message)"
        }
        return "\(location): \(message)"
    }
}

/// What a `StoreProblem` is about, as data: a message catalog (Sources/ChronikStore/Messages) words it in the
/// reader's language, and the text output names fields by label and key. Problems without a detail keep their
/// English `message`.
public enum ProblemDetail: Sendable, Hashable {
    /// A folder that is not a declared collection, with the declared ones it is close to.
    case unknownCollection(folder: String, suggestions: [String])
    /// A file where no file of a store belongs.
    case outsideCollections
    /// `<<<<<<<` … `>>>>>>>` left by a merge.
    case mergeConflict
    /// The version has no `chronik.yml`.
    case missingConfig
    /// The entry file cannot be read (YAML syntax, encoding, limits).
    case frontMatter(FrontMatterError)
    /// A required field (the key) is missing from the mapping at the problem's field.
    case requiredMissing(field: String)
    /// A value that is not one of the allowed ones (`enum`, `const`).
    case notAllowed(found: String, allowed: [String])
    /// A field the schema does not declare, with the declared fields it is close to.
    case unknownField(name: String, suggestions: [String], allowed: [String])
    /// A `YYYY-MM-DD` date whose day does not exist in its month.
    case impossibleDate(value: String, year: Int, month: Int, days: Int)
    /// A value that is not a date written `YYYY-MM-DD`.
    case notADate(value: String)
    /// Another rule of the collection's schema that the value breaks (`SchemaRule`).
    case schemaRule(SchemaRule)
    /// `x-chronik-not-before`: the date (`later`) is before the date of the field `field` (`earlier`).
    case notBefore(field: String, earlier: String, later: String)
    /// `x-chronik-ref` naming the entry itself (`collection/id`).
    case referenceToItself(target: String)
    /// `x-chronik-ref` naming an id with no entry file (`path`).
    case referenceMissing(id: String, path: String)
    /// An entry removed (or renamed to `renamedTo`, a path) while entries still refer to it: `referrers` as
    /// `path (field)`, sorted.
    case stillReferenced(referrers: [String], renamedTo: String?)
    /// `x-chronik-unique`: the `others` (paths) have the same value.
    case notUnique(collection: String, others: [String], value: String)
    /// A collection's schema file that is not there.
    case schemaFileMissing(path: String)
    /// A schema file that is not JSON (the parser's words).
    case schemaNotJSON(reason: String)
    /// A schema file whose JSON is not an object.
    case schemaNotObject
    /// A schema that is not valid JSON Schema 2020-12 (the meta-schema's finding, in English).
    case schemaNotValid(reason: String)
    /// A setting of `chronik.yml` (`ConfigProblem`).
    case config(ConfigProblem)
    /// An attachment over `attachments.max_file_bytes`.
    case attachmentTooLarge(name: String, bytes: Int, limit: Int)
    /// All attachments of a version together over `attachments.max_total_bytes`.
    case attachmentsTooLarge(bytes: Int, limit: Int)
    /// A folder of attachments beside no entry (`entry`: the entry file's path that is missing).
    case attachmentWithoutEntry(entry: String)
    /// A link in the body to an attachment (`target`, as linked) that is not at `path`.
    case attachmentLinkMissing(target: String, path: String)
}

/// A rule of a JSON Schema that a value breaks, as data (the evaluator's findings, issue 16), so that a message
/// catalog words it in the reader's language. Values are given as the validator shows them (`42`, `Forum`);
/// `expected` type names are JSON Schema's (`string`, `integer`, `array`, …).
public enum SchemaRule: Sendable, Hashable {
    /// What a value is, for "found …".
    public enum Found: Sendable, Hashable {
        case null, bool(Bool), number(String), text(String), list, mapping
    }

    /// The schema allows no value here (`false`).
    case noValueAllowed
    case type(expected: [String], found: Found)
    case const(expected: String, found: String)
    case multipleOf(divisor: String, found: String)
    case minimum(limit: String, found: String, exclusive: Bool)
    case maximum(limit: String, found: String, exclusive: Bool)
    case minLength(limit: Int, found: Int)
    case maxLength(limit: Int, found: Int)
    /// Longer than the validator checks against a pattern.
    case patternInputTooLong(pattern: String, length: Int, limit: Int)
    case pattern(pattern: String, found: String)
    /// `format` is the schema's name of it (`date`, `email`, `uri`, …).
    case format(format: String, found: String)
    case minItems(limit: Int, found: Int)
    case maxItems(limit: Int, found: Int)
    /// Items counted from 1.
    case uniqueItems(first: Int, second: Int, value: String)
    case minProperties(limit: Int, found: Int)
    case maxProperties(limit: Int, found: Int)
    /// `field` is missing, and required because `present` is there.
    case dependentRequired(field: String, present: String)
    /// Matches the schema under `not`.
    case not(found: String)
    /// The schema nests deeper than the validator follows (`limit` levels).
    case schemaTooDeep(limit: Int)
    /// A `$ref` loop that checks no part of the value.
    case schemaLoop
    /// Fewer items than `minContains` (1 for `contains`) match the schema under `contains`.
    case containsTooFew(minimum: Int, found: Int)
    /// More items than `maxContains` match the schema under `contains`.
    case containsTooMany(maximum: Int, found: Int)
    /// A field that `additionalProperties: false` or `unevaluatedProperties: false` does not allow.
    case fieldNotAllowed(name: String)
    /// An item at `position` (counted from 1) that `items: false` or `unevaluatedItems: false` does not allow;
    /// `allowed`: how many items the schema describes, where it says.
    case itemNotAllowed(position: Int, allowed: Int?)
    /// `anyOf`/`oneOf` with no matching alternative: `english` is the evaluator's own sentence (with each
    /// alternative's reasons); `reasons` the same reasons as rules, one list per alternative, where every reason has
    /// one (nil otherwise, and where the sentence names no reasons).
    indirect case noAlternative(count: Int, reasons: [[SchemaRule]]?, english: String)
    /// `oneOf` matched by more than one alternative (counted from 1).
    case severalAlternatives(first: Int, second: Int)
}

/// Errors of the store layer.
public enum StoreError: Error, Sendable, CustomStringConvertible {
    /// The reason of a `badRevision` that names no tag, branch or commit (a command may say it in the user's
    /// language, with "did you mean").
    public static let revisionNotFoundReason = "no such tag, branch or commit"

    /// No chronik store at or above this directory.
    case notAStore(path: String)
    /// A Git repository without `chronik.yml`.
    case missingConfig(path: String)
    /// `chronik.yml` is invalid.
    case invalidConfig(StoreProblem)
    /// The directory is not empty and not a store: `init` refuses it.
    case directoryNotEmpty(path: String)
    /// The content has problems; nothing was written.
    case invalidContent([StoreProblem])
    /// A lock file is held by another writer (or was left behind by a crash).
    case locked(lockFile: String, waited: Double)
    /// The branch kept moving while we tried to commit.
    case raceLost(attempts: Int)
    /// HEAD does not point at a branch.
    case detachedHead
    /// The repository has no working tree.
    case bareRepository(path: String)
    /// An unknown or ambiguous revision.
    case badRevision(spec: String, reason: String)
    /// An entry that does not exist (at that revision); `reason` says why the name cannot name one (an unknown
    /// collection, an invalid id), apart from the name.
    case entryNotFound(spec: String, revision: String?, reason: String? = nil)
    /// An id that names entries in several collections.
    case ambiguousEntry(spec: String, candidates: [EntryID])
    /// No author given and none configured.
    case noAuthor
    /// An error from libgit2 we did not expect.
    case git(GitError)
    /// A file system error.
    case io(path: String, message: String)
    /// A hook (`--run-hooks`) refused the commit, or could not be run; nothing was written.
    case hookFailed(hook: String, reason: String)
    /// The signing program failed; nothing was recorded.
    case signingFailed(program: String, reason: String)
    /// The file system refused a write (full, read-only, …) before anything was recorded: no version, tag or
    /// reference moved.
    case writeFailed(path: String, reason: WriteFailure)
    /// An object a tree or commit names that libgit2 cannot read (missing or corrupt): never an empty entry.
    case unreadableObject(UnreadableObjectError)

    public var description: String {
        switch self {
        case .notAStore(let path):
            return "not a chronik store (or any of the parent directories): \(path)"
        case .missingConfig(let path):
            return "\(path) is a Git repository but not a chronik store: it has no chronik.yml (run `chronik init` there to make it one)"
        case .invalidConfig(let problem):
            return problem.description
        case .directoryNotEmpty(let path):
            return "\(path) is not empty and not a chronik store; choose an empty or new directory"
        case .invalidContent(let problems):
            let noun = problems.count == 1 ? "problem" : "problems"
            return "\(problems.count) \(noun) in the store; nothing was written:\n" + problems.map { "  " + $0.description }.joined(separator: "\n")
        case .locked(let lockFile, let waited):
            return "could not lock the store: \(lockFile) exists (waited \(String(format: "%.1f", waited)) s). Another process is writing to this repository; if none is, a crash left the lock behind: remove that file and try again"
        case .raceLost(let attempts):
            return "the branch kept moving while committing (\(attempts) attempts); other writers are busy, try again"
        case .detachedHead:
            return "HEAD is detached; check out a branch (e.g. `git switch main`) before committing"
        case .bareRepository(let path):
            return "\(path) is a bare repository; chronik needs a working tree"
        case .badRevision(let spec, let reason):
            return "unknown revision \"\(PathRules.printable(spec))\": \(reason)"
        case .entryNotFound(let spec, let revision, let reason):
            var text = "no entry \"\(PathRules.printable(spec))\""
            if let revision { text += " at \(revision)" }
            if let reason { text += ": \(reason)" }
            return text
        case .ambiguousEntry(let spec, let candidates):
            return "\"\(PathRules.printable(spec))\" names several entries: " + candidates.map(\.description).joined(separator: ", ") + "; write collection/id"
        case .noAuthor:
            return "no author: pass --author \"Name <email>\" or set `git config user.name` and `git config user.email`"
        case .git(let error):
            return error.description
        case .io(let path, let message):
            return "\(path): \(message)"
        case .hookFailed(let hook, let reason):
            return "the \(hook) hook \(reason); nothing was recorded"
        case .signingFailed(let program, let reason):
            return "signing with \(program) failed: \(reason); nothing was recorded"
        case .writeFailed(let path, let reason):
            return "cannot write \(PathRules.printable(path)): \(reason); nothing was recorded"
        case .unreadableObject(let error):
            return error.description
        }
    }

    /// The error to report for a failed write of the store: `writeFailed` when the file system refused it (full,
    /// read-only, no permission, over quota, failing), naming the file libgit2 or Foundation names (else
    /// `fallbackPath`); otherwise the error as the store reports any other.
    public static func writing(_ error: any Error, fallbackPath: String) -> StoreError {
        // libgit2 sometimes replaces the OS error with its own ("failed to create tag annotation"); then the file
        // system is asked whether it is read-only or full.
        if let failure = WriteFailure(error) ?? (error is GitError ? WriteFailure(fileSystemOf: fallbackPath) : nil) {
            var path = fallbackPath
            if let error = error as? GitError, let named = error.path, Self.inSameRepository(named, as: fallbackPath) { path = named }
            if let error = error as? CocoaError, let named = error.filePath { path = named }
            return .writeFailed(path: path, reason: failure)
        }
        return Store.wrap(error)
    }

    /// Whether `path` lies in the repository `fallback` belongs to (the folder holding its `.git`). libgit2's last
    /// message can be a stale one about another file (a missing `~/.gitconfig` it looked for and did not need, seen
    /// under a full disk), and only a path of the same repository names the file whose write failed.
    static func inSameRepository(_ path: String, as fallback: String) -> Bool {
        guard let range = fallback.range(of: "/.git") else { return false }
        return path.hasPrefix(String(fallback[..<range.lowerBound]) + "/")
    }
}

/// Why the file system refused a write.
public enum WriteFailure: Sendable, Equatable, CustomStringConvertible {
    case noSpace, readOnly, permissionDenied, quotaExceeded, ioError

    /// The failure behind an `errno` value, if it is one of these.
    public init?(errno code: Int32) {
        switch code {
        case ENOSPC: self = .noSpace
        case EROFS: self = .readOnly
        case EACCES, EPERM: self = .permissionDenied
        case EDQUOT: self = .quotaExceeded
        case EIO: self = .ioError
        default: return nil
        }
    }

    /// The state of the file system holding `path` (or its nearest existing parent) that makes every write fail:
    /// mounted read-only, or without a free block or inode. Nil when it has room.
    init?(fileSystemOf path: String) {
        var url = URL(fileURLWithPath: path)
        var info = statvfs()
        while statvfs(url.path, &info) != 0 {
            let parent = url.deletingLastPathComponent()
            if parent.path == url.path { return nil }
            url = parent
        }
        if info.f_flag & UInt(ST_RDONLY) != 0 {
            self = .readOnly
        } else if info.f_bavail == 0 || (info.f_files > 0 && info.f_favail == 0) {
            self = .noSpace
        } else {
            return nil
        }
    }

    /// The failure whose `strerror` text is `message` (as `StoreError.io` carries it), if any.
    public init?(strerrorText message: String) {
        for code in [ENOSPC, EROFS, EACCES, EPERM, EDQUOT, EIO] where message == String(cString: strerror(code)) {
            self.init(errno: code)
            return
        }
        return nil
    }

    /// The failure behind a libgit2 error (its OS error) or a Foundation error (its POSIX error), if any.
    public init?(_ error: any Error) {
        if let error = error as? GitError {
            guard let code = error.systemError else { return nil }
            self.init(errno: code)
        } else if let error = error as? POSIXError {
            self.init(errno: error.code.rawValue)
        } else {
            let error = error as NSError
            if error.domain == NSPOSIXErrorDomain {
                self.init(errno: Int32(error.code))
            } else if let underlying = error.userInfo[NSUnderlyingErrorKey] as? NSError, underlying.domain == NSPOSIXErrorDomain {
                self.init(errno: Int32(underlying.code))
            } else if error.domain == NSCocoaErrorDomain, error.code == CocoaError.fileWriteOutOfSpace.rawValue {
                self = .noSpace
            } else if error.domain == NSCocoaErrorDomain, error.code == CocoaError.fileWriteVolumeReadOnly.rawValue {
                self = .readOnly
            } else {
                return nil
            }
        }
    }

    public var description: String {
        switch self {
        case .noSpace: return "no space left on device"
        case .readOnly: return "read-only file system"
        case .permissionDenied: return "permission denied"
        case .quotaExceeded: return "disk quota exceeded"
        case .ioError: return "input/output error"
        }
    }
}
