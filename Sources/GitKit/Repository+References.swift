#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import CLibGit2
import Foundation

extension Repository {
    /// The object a revision expression names (`HEAD~1`, `v1^{tree}`, an id prefix, …).
    /// Throws `.notFound`, `.ambiguous` or `.invalidSpec`. Wraps `git_revparse_single`.
    public func revparse(_ spec: String) throws -> ObjectID {
        var object: OpaquePointer?
        try check(git_revparse_single(&object, try pointer, spec), "git_revparse_single")
        guard let object else { throw GitError.missingResult("git_revparse_single") }
        defer { git_object_free(object) }
        guard let id = git_object_id(object) else { throw GitError.missingResult("git_object_id") }
        return ObjectID(id)
    }

    /// The commit a revision expression names, peeling tags. Wraps `git_revparse_single`
    /// and `git_object_peel` to `GIT_OBJECT_COMMIT`; a plain tag or branch name is resolved by GitKit itself when it
    /// can (`ownResolvedCommit`), so that `chronik diff TAG TAG` need not start libgit2 (issue 19).
    public func resolveCommit(_ spec: String) throws -> ObjectID {
        if let id = ownResolvedCommit(spec) { return id }
        return try resolveCommitWithLibGit2(spec)
    }

    /// `resolveCommit` by libgit2 alone (the reference of `OwnReadingTests`).
    package func resolveCommitWithLibGit2(_ spec: String) throws -> ObjectID {
        var object: OpaquePointer?
        try check(git_revparse_single(&object, try pointer, spec), "git_revparse_single")
        guard let object else { throw GitError.missingResult("git_revparse_single") }
        defer { git_object_free(object) }
        var commit: OpaquePointer?
        try check(git_object_peel(&commit, object, GIT_OBJECT_COMMIT), "git_object_peel")
        guard let commit else { throw GitError.missingResult("git_object_peel") }
        defer { git_object_free(commit) }
        guard let id = git_object_id(commit) else { throw GitError.missingResult("git_object_id") }
        return ObjectID(id)
    }

    /// The commit a plain name names as `git_revparse_single` and `git_object_peel` find it, read by GitKit; nil to
    /// leave it to libgit2. Only a one-level name of letters, digits, `-`, `_` and `.` (not first) that is neither all hex digits
    /// (an object id or its prefix), nor has `-g` (a `git describe` name), nor is all capitals and `_` (`HEAD`,
    /// `FETCH_HEAD`: libgit2 looks those up as they are): libgit2's `git_reference_dwim` then tries `refs/NAME`,
    /// `refs/tags/NAME`, `refs/heads/NAME`, `refs/remotes/NAME` and `refs/remotes/NAME/HEAD` in this order, and
    /// the first that exists wins. GitKit answers when that one is a plain reference to a commit, or to a chain of
    /// annotated tags ending in one; anything else (a symbolic reference, a reference it cannot read, no reference
    /// at all, a tag of a tree) is libgit2's to resolve or to word as an error.
    func ownResolvedCommit(_ spec: String) -> ObjectID? {
        guard let layout, !spec.isEmpty, !spec.contains("-g"), spec.first != "-", spec.first != ".",
              spec.utf8.allSatisfy({ $0 < 0x80 && (isalnum(Int32($0)) != 0 || $0 == 0x2D || $0 == 0x5F || $0 == 0x2E) }),
              !spec.utf8.allSatisfy({ isxdigit(Int32($0)) != 0 }),
              !spec.utf8.allSatisfy({ ($0 >= 0x41 && $0 <= 0x5A) || $0 == 0x5F }) else { return nil }
        let files = ReferenceFiles(gitDirectory: layout.gitDirectory)
        for name in ["refs/" + spec, "refs/tags/" + spec, "refs/heads/" + spec, "refs/remotes/" + spec, "refs/remotes/" + spec + "/HEAD"] {
            guard ReferenceFiles.isPlainName(name) else { return nil }
            switch files.read(name) {
            case .missing?: continue
            case .direct(let id)?: return ownPeeledCommit(id)
            case .symbolic?, nil: return nil
            }
        }
        return nil
    }

    /// `id` if it is a commit, the commit at the end of a chain of annotated tags from it; nil for anything else or
    /// anything the own reader cannot read.
    private func ownPeeledCommit(_ id: ObjectID) -> ObjectID? {
        var current = id
        for _ in 0..<16 {
            guard let (type, bytes) = objectReader()?.read(current) else { return nil }
            switch type {
            case 1: return current
            case 4:
                // A tag object starts `object HEX\ntype …`.
                let prefix = Array("object ".utf8)
                guard bytes.count > 48, bytes.starts(with: prefix), bytes[47] == 0x0A,
                      let target = ObjectID(hexBytes: bytes[7..<47]) else { return nil }
                current = target
            default: return nil
            }
        }
        return nil
    }

    /// The object `name` (e.g. "HEAD", "refs/heads/main") points at after following symbolic
    /// references; nil when it does not exist or the branch is unborn. Wraps `git_reference_name_to_id`.
    public func referenceTarget(_ name: String) throws -> ObjectID? {
        if let layout, let resolved = ReferenceFiles(gitDirectory: layout.gitDirectory).resolve(name) { return resolved }
        var oid = git_oid()
        let rc = git_reference_name_to_id(&oid, try pointer, name)
        if rc == GIT_ENOTFOUND.rawValue || rc == GIT_EUNBORNBRANCH.rawValue { return nil }
        try check(rc, "git_reference_name_to_id")
        return ObjectID(oid)
    }

    /// The branch HEAD points at, e.g. "refs/heads/main", also when that branch is unborn;
    /// nil when HEAD is detached. Wraps `git_reference_lookup` and `git_reference_symbolic_target`.
    public func headReferenceName() throws -> String? {
        if let layout, let head = ReferenceFiles(gitDirectory: layout.gitDirectory).read("HEAD") {
            switch head {
            case .symbolic(let name): return name
            case .direct: return nil
            case .missing: break
            }
        }
        var head: OpaquePointer?
        try check(git_reference_lookup(&head, try pointer, "HEAD"), "git_reference_lookup")
        guard let head else { throw GitError.missingResult("git_reference_lookup") }
        defer { git_reference_free(head) }
        guard git_reference_type(head) == GIT_REFERENCE_SYMBOLIC else { return nil }
        return git_reference_symbolic_target(head).map { String(cString: $0) }
    }

    /// Compare-and-swap: moves `name` to `newID` only if it currently points at `expected`
    /// (nil = must not exist yet). Symbolic references (such as HEAD) are followed, so the branch
    /// they name moves. Wraps `git_reference_create_matching` (force + current_id) /
    /// `git_reference_create` (force = 0). Throws `.modified` (or `.exists`) when the reference
    /// moved, `.locked` when `<ref>.lock` is held.
    public func updateReference(_ name: String, to newID: ObjectID, expecting expected: ObjectID?, logMessage: String) throws {
        let target = try followSymbolicReferences(name)
        var new = newID.oid
        var reference: OpaquePointer?
        defer { git_reference_free(reference) }
        guard let expected else {
            try check(git_reference_create(&reference, try pointer, target, &new, 0, logMessage), "git_reference_create")
            return
        }
        var current = expected.oid
        do {
            try check(git_reference_create_matching(&reference, try pointer, target, &new, 1, &current, logMessage), "git_reference_create_matching")
        } catch let error as GitError where error.code == .notFound && error.errorClass == GIT_ERROR_REFERENCE.rawValue {
            // The reference we expected was deleted meanwhile: for the caller that is a concurrent change.
            throw GitError(code: .modified, errorClass: error.errorClass, message: error.message, operation: error.operation)
        }
    }

    /// Follows symbolic references from `name` to the direct reference they end in, which need not exist yet.
    func followSymbolicReferences(_ name: String) throws -> String {
        var current = name
        // Git itself gives up after 5 levels of symbolic references.
        for _ in 0..<5 {
            var reference: OpaquePointer?
            let rc = git_reference_lookup(&reference, try pointer, current)
            if rc == GIT_ENOTFOUND.rawValue { return current }
            try check(rc, "git_reference_lookup")
            guard let reference else { throw GitError.missingResult("git_reference_lookup") }
            defer { git_reference_free(reference) }
            guard git_reference_type(reference) == GIT_REFERENCE_SYMBOLIC,
                  let next = git_reference_symbolic_target(reference) else { return current }
            current = String(cString: next)
        }
        return current
    }

    /// Creates the annotated tag `refs/tags/<name>` on `target`; throws `.exists` if the tag exists.
    /// Wraps `git_tag_create` with force = 0.
    public func createAnnotatedTag(name: String, target: ObjectID, tagger: Signature, message: String) throws -> ObjectID {
        try withAnyObject(target) { object in
            try tagger.withGitSignature { signature in
                try retryingObjectWrite {
                    var oid = git_oid()
                    try check(git_tag_create(&oid, try pointer, name, object, signature, message, 0), "git_tag_create")
                    return ObjectID(oid)
                }
            }
        }
    }

    /// All tags, annotated and lightweight, sorted by name: read by GitKit itself when it can (`ownTags`; a
    /// `chronik diff TAG TAG` names its sides by their releases and started libgit2 for this list alone, issue 19),
    /// else by libgit2.
    public func tags() throws -> [Tag] {
        if let tags = ownTags() { return tags }
        return try tagsWithLibGit2()
    }

    /// `tags()` by libgit2 alone (the reference of `RevisionResolvingTests`). Wraps `git_tag_list`,
    /// `git_reference_name_to_id`, `git_tag_lookup` and `git_object_peel`.
    package func tagsWithLibGit2() throws -> [Tag] {
        var names = git_strarray()
        try check(git_tag_list(&names, try pointer), "git_tag_list")
        let shortNames = stringsOf(names)
        git_strarray_dispose(&names)

        var tags: [Tag] = []
        for shortName in shortNames.sorted() {
            guard let id = try referenceTarget("refs/tags/\(shortName)") else { continue }
            tags.append(try withAnyObject(id) { object in
                let targetID = peeledTarget(object) ?? id
                guard git_object_type(object) == GIT_OBJECT_TAG else {
                    return Tag(name: shortName, id: id, targetID: targetID, tagger: nil, message: nil, isAnnotated: false)
                }
                // A git_object of type tag is a git_tag; the typed getters accept it.
                return Tag(
                    name: shortName,
                    id: id,
                    targetID: targetID,
                    tagger: git_tag_tagger(object).map(Signature.init),
                    message: git_tag_message(object).map { String(cString: $0) },
                    isAnnotated: true
                )
            })
        }
        return tags
    }

    /// The commit an object peels to, else the innermost non-tag object; nil when peeling fails.
    private func peeledTarget(_ object: OpaquePointer) -> ObjectID? {
        for type in [GIT_OBJECT_COMMIT, GIT_OBJECT_ANY] {
            var peeled: OpaquePointer?
            guard git_object_peel(&peeled, object, type) == 0, let peeled else { continue }
            defer { git_object_free(peeled) }
            if let id = git_object_id(peeled) { return ObjectID(id) }
        }
        return nil
    }

    /// The user from config (`user.name`, `user.email`), dated `date` (whole seconds) or now;
    /// nil when not configured. Wraps `git_signature_default`.
    public func defaultSignature(at date: Date?) throws -> Signature? {
        // The configuration GitKit read itself answers the usual case, so that a commit does not open libgit2's handle
        // on this repository only for the identity (its work runs on a handle of its own, `DeferredObjectWriter`).
        if let layout, let own = Self.signature(from: layout.config, at: date) { return own }
        var signature: UnsafeMutablePointer<git_signature>?
        let rc = git_signature_default(&signature, try pointer)
        if rc == GIT_ENOTFOUND.rawValue { return nil }
        try check(rc, "git_signature_default")
        guard let signature else { throw GitError.missingResult("git_signature_default") }
        defer { git_signature_free(signature) }
        var result = Signature(signature)
        if let date {
            result.date = Date(timeIntervalSince1970: date.timeIntervalSince1970.rounded(.down))
        }
        return result
    }

    /// `git_signature_default`'s answer from configuration GitKit read: `.some(nil)` when `user.name` or `user.email`
    /// is unset (libgit2: not found); nil, for libgit2 to answer (and word its error), when a value is one libgit2
    /// would trim or refuse (surrounding white space, an empty name or email, angle brackets).
    static func signature(from config: ConfigFiles, at date: Date?) -> Signature?? {
        guard let name = config.string("user.name"), let email = config.string("user.email") else { return .some(nil) }
        // libgit2's `git__isspace`.
        func plain(_ value: String) -> Bool {
            let space: Set<UInt8> = [0x20, 0x09, 0x0A, 0x0B, 0x0C, 0x0D]
            guard let first = value.utf8.first, let last = value.utf8.last else { return true }
            return !space.contains(first) && !space.contains(last) && !value.utf8.contains(0x3C) && !value.utf8.contains(0x3E)
        }
        guard !name.isEmpty, !email.isEmpty, plain(name), plain(email) else { return nil }
        return now(name: name, email: email, at: date).map { .some($0) }
    }

    /// `git_signature_now`: the time in whole seconds (or `date`'s), the offset of local time from UTC as `mktime`
    /// gives it.
    static func now(name: String, email: String, at date: Date? = nil) -> Signature? {
        var now = time(nil)
        var utc = tm()
        guard gmtime_r(&now, &utc) != nil else { return nil }
        utc.tm_isdst = -1
        let offset = Int(difftime(now, mktime(&utc))) / 60
        let when = date.map { Date(timeIntervalSince1970: $0.timeIntervalSince1970.rounded(.down)) } ?? Date(timeIntervalSince1970: TimeInterval(now))
        return Signature(name: name, email: email, date: when, timeZoneOffsetMinutes: offset)
    }

    /// A config value from the repository's view of the config (repo, global, system); nil when unset.
    /// Wraps `git_repository_config_snapshot` and `git_config_get_string`.
    public func configString(_ key: String) throws -> String? {
        if let layout { return layout.config.string(key) }
        var config: OpaquePointer?
        try check(git_repository_config_snapshot(&config, try pointer), "git_repository_config_snapshot")
        guard let config else { throw GitError.missingResult("git_repository_config_snapshot") }
        defer { git_config_free(config) }
        var value: UnsafePointer<CChar>?
        let rc = git_config_get_string(&value, config, key)
        if rc == GIT_ENOTFOUND.rawValue { return nil }
        try check(rc, "git_config_get_string")
        return value.map { String(cString: $0) }
    }
}
