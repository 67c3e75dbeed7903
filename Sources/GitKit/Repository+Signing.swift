import CLibGit2
import Foundation

extension Repository {
    /// A boolean configuration variable (`commit.gpgsign`), nil when not set: from the configuration GitKit read
    /// when it says `true`/`yes`/`on`/`1` or `false`/`no`/`off`/`0` (a commit started libgit2 for `commit.gpgsign`
    /// alone, issue 19), else by libgit2 (which also words a value it refuses). Wraps `git_config_get_bool`.
    public func configBool(_ name: String) throws -> Bool? {
        if let layout {
            guard let value = layout.config.string(name) else { return nil }
            switch value.lowercased() {
            case "true", "yes", "on", "1": return true
            case "false", "no", "off", "0": return false
            default: break
            }
        }
        return try configBoolWithLibGit2(name)
    }

    /// `configBool` by libgit2 alone (the reference of `OwnReadingTests`).
    package func configBoolWithLibGit2(_ name: String) throws -> Bool? {
        try withConfigSnapshot { snapshot in
            var value: Int32 = 0
            let rc = git_config_get_bool(&value, snapshot, name)
            if rc == GIT_ENOTFOUND.rawValue { return nil }
            try check(rc, "git_config_get_bool")
            return value != 0
        }
    }

    private func withConfigSnapshot<R>(_ body: (OpaquePointer) throws -> R) throws -> R {
        var snapshot: OpaquePointer?
        try check(git_repository_config_snapshot(&snapshot, try pointer), "git_repository_config_snapshot")
        guard let snapshot else { throw GitError.missingResult("git_repository_config_snapshot") }
        defer { git_config_free(snapshot) }
        return try body(snapshot)
    }

    /// Writes a signed commit object without moving any reference: the commit's text is built as
    /// ``createCommit(tree:parents:author:committer:message:)`` would write it, `sign` returns a detached signature of
    /// that text (as `gpg -bsa` or `ssh-keygen -Y sign` make it), and the signature goes into the `gpgsig` header,
    /// as `git commit -S` does. Wraps `git_commit_create_buffer` and `git_commit_create_with_signature`.
    public func createSignedCommit(
        tree: ObjectID, parents: [ObjectID], author: Signature, committer: Signature, message: String,
        sign: (String) throws -> String
    ) throws -> ObjectID {
        var parentCommits = try lookUpCommits(parents)
        defer { parentCommits.forEach { git_commit_free($0) } }
        let repository = try pointer
        let content: String = try withTree(tree) { tree in
            try author.withGitSignature { author in
                try committer.withGitSignature { committer in
                    var buffer = git_buf()
                    defer { git_buf_dispose(&buffer) }
                    let rc = parentCommits.withUnsafeMutableBufferPointer { parents in
                        git_commit_create_buffer(&buffer, repository, author, committer, nil, message, tree, parents.count, parents.baseAddress)
                    }
                    try check(rc, "git_commit_create_buffer")
                    guard let bytes = buffer.ptr else { throw GitError.missingResult("git_commit_create_buffer") }
                    return String(decoding: UnsafeRawBufferPointer(start: bytes, count: buffer.size), as: UTF8.self)
                }
            }
        }
        let signature = try sign(content)
        return try retryingObjectWrite {
            var result = git_oid()
            try check(git_commit_create_with_signature(&result, try pointer, content, signature, "gpgsig"), "git_commit_create_with_signature")
            return ObjectID(result)
        }
    }

    /// Creates a signed annotated tag `refs/tags/<name>` (failing with `.exists` when there is one): the tag's text
    /// is written as git writes it, `sign` returns a detached signature of that text, and the signature is appended
    /// to the message, as `git tag -s` does. Wraps `git_odb_write` and `git_reference_create`.
    public func createSignedTag(name: String, target: ObjectID, tagger: Signature, message: String, sign: (String) throws -> String) throws -> ObjectID {
        let kind = try objectKind(target)
        let typeName: String
        switch kind {
        case .commit: typeName = "commit"
        case .tree: typeName = "tree"
        case .blob: typeName = "blob"
        case .tag: typeName = "tag"
        }
        let offset = tagger.timeZoneOffsetMinutes
        let zone = String(format: "%@%02d%02d", offset < 0 ? "-" : "+", abs(offset) / 60, abs(offset) % 60)
        let seconds = Int64(tagger.date.timeIntervalSince1970.rounded(.down))
        let content = "object \(target.hex)\ntype \(typeName)\ntag \(name)\ntagger \(tagger.name) <\(tagger.email)> \(seconds) \(zone)\n\n\(message)"
        let signed = content + (try sign(content))
        let id: ObjectID = try retryingObjectWrite {
            var odb: OpaquePointer?
            try check(git_repository_odb(&odb, try pointer), "git_repository_odb")
            guard let odb else { throw GitError.missingResult("git_repository_odb") }
            defer { git_odb_free(odb) }
            var oid = git_oid()
            let data = Array(signed.utf8)
            try check(git_odb_write(&oid, odb, data, data.count, GIT_OBJECT_TAG), "git_odb_write")
            return ObjectID(oid)
        }
        var reference: OpaquePointer?
        var oid = id.oid
        try check(git_reference_create(&reference, try pointer, "refs/tags/" + name, &oid, 0, "tag: " + name), "git_reference_create")
        git_reference_free(reference)
        return id
    }
}
