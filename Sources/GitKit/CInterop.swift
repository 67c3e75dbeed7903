import CLibGit2
import Foundation

// Helpers that keep C lifetimes inside one scope. Nothing here is public.

extension GitError {
    /// A libgit2 call reported success but left its out-pointer NULL; should not happen.
    static func missingResult(_ operation: String) -> GitError {
        GitError(code: .other(GIT_ERROR.rawValue), errorClass: 0, message: "libgit2 returned no result", operation: operation)
    }
}

/// Runs `body` with a `git_strarray` whose strings live exactly as long as the call.
func withStrArray<R>(_ strings: [String], _ body: (UnsafeMutablePointer<git_strarray>) throws -> R) rethrows -> R {
    var cStrings: [UnsafeMutablePointer<CChar>?] = strings.map { strdup($0) }
    defer { cStrings.forEach { free($0) } }
    return try cStrings.withUnsafeMutableBufferPointer { buffer in
        var array = git_strarray(strings: buffer.baseAddress, count: buffer.count)
        return try body(&array)
    }
}

/// Copies the strings out of a `git_strarray` that libgit2 filled in.
func stringsOf(_ array: git_strarray) -> [String] {
    guard let strings = array.strings else { return [] }
    return (0..<array.count).compactMap { index in strings[index].map { String(cString: $0) } }
}

/// Makes a string from a C string libgit2 may hand back as NULL.
func string(_ pointer: UnsafePointer<CChar>?) -> String {
    pointer.map { String(cString: $0) } ?? ""
}

extension Signature {
    /// Copies a `git_signature` out.
    init(_ signature: UnsafePointer<git_signature>) {
        self.init(
            name: string(signature.pointee.name),
            email: string(signature.pointee.email),
            date: Date(timeIntervalSince1970: TimeInterval(signature.pointee.when.time)),
            timeZoneOffsetMinutes: Int(signature.pointee.when.offset)
        )
    }

    /// Runs `body` with a temporary `git_signature` (wraps `git_signature_new`).
    func withGitSignature<R>(_ body: (UnsafePointer<git_signature>) throws -> R) throws -> R {
        var signature: UnsafeMutablePointer<git_signature>?
        let seconds = git_time_t(date.timeIntervalSince1970.rounded(.down))
        try check(git_signature_new(&signature, name, email, seconds, Int32(timeZoneOffsetMinutes)), "git_signature_new")
        guard let signature else { throw GitError.missingResult("git_signature_new") }
        defer { git_signature_free(signature) }
        return try body(signature)
    }
}

extension ObjectKind {
    init?(_ type: git_object_t) {
        switch type {
        case GIT_OBJECT_BLOB: self = .blob
        case GIT_OBJECT_TREE: self = .tree
        case GIT_OBJECT_COMMIT: self = .commit
        case GIT_OBJECT_TAG: self = .tag
        default: return nil
        }
    }
}

typealias LookupFunction = (UnsafeMutablePointer<OpaquePointer?>?, OpaquePointer?, UnsafePointer<git_oid>?) -> Int32

extension Repository {
    /// Looks an object up with one of the typed `git_*_lookup` functions and frees it after `body`.
    func withObject<R>(
        _ id: ObjectID,
        lookup: LookupFunction,
        _ operation: String,
        free: (OpaquePointer?) -> Void,
        _ body: (OpaquePointer) throws -> R
    ) throws -> R {
        var oid = id.oid
        var object: OpaquePointer?
        try check(lookup(&object, try pointer, &oid), operation)
        guard let object else { throw GitError.missingResult(operation) }
        defer { free(object) }
        return try body(object)
    }

    func withTree<R>(_ id: ObjectID, _ body: (OpaquePointer) throws -> R) throws -> R {
        try withObject(id, lookup: git_tree_lookup, "git_tree_lookup", free: git_tree_free, body)
    }

    func withCommit<R>(_ id: ObjectID, _ body: (OpaquePointer) throws -> R) throws -> R {
        try withObject(id, lookup: git_commit_lookup, "git_commit_lookup", free: git_commit_free, body)
    }

    func withAnyObject<R>(_ id: ObjectID, _ body: (OpaquePointer) throws -> R) throws -> R {
        try withObject(id, lookup: { out, repo, oid in git_object_lookup(out, repo, oid, GIT_OBJECT_ANY) },
                       "git_object_lookup", free: git_object_free, body)
    }

    /// Runs `body` with the tree or NULL; libgit2 diffs treat NULL as the empty tree.
    func withOptionalTree<R>(_ id: ObjectID?, _ body: (OpaquePointer?) throws -> R) throws -> R {
        guard let id else { return try body(nil) }
        return try withTree(id) { try body($0) }
    }
}
