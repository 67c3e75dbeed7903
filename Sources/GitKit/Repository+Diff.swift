import CLibGit2

extension Repository {
    /// Changes from tree `old` to tree `new` (nil = empty tree). Wraps `git_diff_tree_to_tree`,
    /// plus `git_diff_find_similar` when `options.detectRenames`.
    ///
    /// With the default options (a history walk's comparison of each version with its parent), the trees are
    /// compared as Git stores them instead (`changedEntries`, descending only into folders whose ids differ), which
    /// gives the deltas `git_diff_tree_to_tree` gives, in its order; any error there is left to libgit2's way, which
    /// words it.
    public func diffTrees(_ old: ObjectID?, _ new: ObjectID?, options: DiffOptions = .init()) throws -> [DiffDelta] {
        if options.isTreeComparisonDefault, let deltas = try? rawTreeDeltas(old, new) { return deltas }
        return try diffTreesWithLibGit2(old, new, options: options)
    }

    /// `diffTrees` the way libgit2 does it, always (the reference the raw comparison is tested against).
    func diffTreesWithLibGit2(_ old: ObjectID?, _ new: ObjectID?, options: DiffOptions = .init()) throws -> [DiffDelta] {
        let repository = try pointer
        return try withOptionalTree(old) { oldTree in
            try withOptionalTree(new) { newTree in
                try makeDiff(options, "git_diff_tree_to_tree") { diff, gitOptions in
                    git_diff_tree_to_tree(diff, repository, oldTree, newTree, gitOptions)
                }
            }
        }
    }

    /// Changes from tree `old` (nil = empty tree) to the working directory, seen through the index
    /// as `git diff <tree>` does. Wraps `git_diff_tree_to_workdir_with_index`.
    /// A file replaced while libgit2 hashes it (its size changed between `stat` and the read, as an editor's or
    /// another writer's atomic rename does) fails the whole diff; the diff only reads, so it is taken again, up to
    /// three times, and then the error is the caller's.
    public func diffTreeToWorkdir(_ old: ObjectID?, options: DiffOptions = .init()) throws -> [DiffDelta] {
        var attempt = 0
        let repository = try pointer
        while true {
            do {
                return try withOptionalTree(old) { oldTree in
                    try makeDiff(options, "git_diff_tree_to_workdir_with_index") { diff, gitOptions in
                        git_diff_tree_to_workdir_with_index(diff, repository, oldTree, gitOptions)
                    }
                }
            } catch let error as GitError where error.isFileChangedWhileHashing && attempt < 3 {
                attempt += 1
            }
        }
    }

    /// Changes from the repository's index to the working directory. Wraps `git_diff_index_to_workdir`.
    public func diffIndexToWorkdir(options: DiffOptions = .init()) throws -> [DiffDelta] {
        let repository = try pointer
        return try makeDiff(options, "git_diff_index_to_workdir") { diff, gitOptions in
            git_diff_index_to_workdir(diff, repository, nil, gitOptions)
        }
    }

    /// Builds `git_diff_options`, runs `create`, optionally finds renames and copies the deltas out.
    private func makeDiff(
        _ options: DiffOptions,
        _ operation: String,
        _ create: (UnsafeMutablePointer<OpaquePointer?>, UnsafePointer<git_diff_options>) -> Int32
    ) throws -> [DiffDelta] {
        var gitOptions = git_diff_options()
        try check(git_diff_options_init(&gitOptions, UInt32(GIT_DIFF_OPTIONS_VERSION)), "git_diff_options_init")
        var flags = GIT_DIFF_NORMAL.rawValue
        if options.includeUntracked {
            flags |= GIT_DIFF_INCLUDE_UNTRACKED.rawValue
            if options.recurseUntrackedDirectories { flags |= GIT_DIFF_RECURSE_UNTRACKED_DIRS.rawValue }
        }
        if options.includeTypeChange { flags |= GIT_DIFF_INCLUDE_TYPECHANGE.rawValue }
        if options.updateIndex { flags |= GIT_DIFF_UPDATE_INDEX.rawValue }
        if options.pathspecIsPathList { flags |= GIT_DIFF_DISABLE_PATHSPEC_MATCH.rawValue }
        gitOptions.flags = flags

        var diff: OpaquePointer?
        try withStrArray(options.pathspec) { pathspec in
            gitOptions.pathspec = pathspec.pointee
            try check(create(&diff, &gitOptions), operation)
        }
        guard let diff else { throw GitError.missingResult(operation) }
        defer { git_diff_free(diff) }

        if options.detectRenames {
            var find = git_diff_find_options()
            try check(git_diff_find_options_init(&find, UInt32(GIT_DIFF_FIND_OPTIONS_VERSION)), "git_diff_find_options_init")
            find.flags = GIT_DIFF_FIND_RENAMES.rawValue
            if options.includeUntracked { find.flags |= GIT_DIFF_FIND_FOR_UNTRACKED.rawValue }
            find.rename_threshold = UInt16(min(max(options.renameThreshold, 0), 100))
            try check(git_diff_find_similar(diff, &find), "git_diff_find_similar")
        }

        let count = git_diff_num_deltas(diff)
        var deltas: [DiffDelta] = []
        deltas.reserveCapacity(count)
        for index in 0..<count {
            guard let delta = git_diff_get_delta(diff, index) else { continue }
            deltas.append(DiffDelta(delta.pointee))
        }
        return deltas
    }
}

extension Repository {
    /// What `git_diff_tree_to_tree` reports with `GIT_DIFF_NORMAL | GIT_DIFF_INCLUDE_TYPECHANGE` and no path
    /// limit, from the raw trees: a folder on both sides is descended into when its id differs; a folder on one side
    /// only is all added or all deleted (libgit2 expands folders, so a file that became a folder is a deletion and
    /// additions below it); two non-folders of the same kind (`mode & 0o170000`) are modified, of different kinds a
    /// type change. libgit2 merges its two tree iterators by full path (`strcmp`), so the deltas are sorted by the
    /// paths' bytes. nil when a changed name is not valid UTF-8 (libgit2 repairs whole paths, whose order may differ).
    func rawTreeDeltas(_ old: ObjectID?, _ new: ObjectID?) throws -> [DiffDelta]? {
        var found: [(path: [UInt8], delta: DiffDelta)] = []
        var valid = true
        func isFolder(_ entry: TreeEntry) -> Bool { entry.mode.raw & 0o170000 == 0o040000 }
        func walk(_ old: ObjectID?, _ new: ObjectID?, _ prefix: String) throws {
            for change in try changedEntries(from: old, to: new) {
                let name = (change.new ?? change.old)?.name ?? ""
                if name.contains("\u{FFFD}") { valid = false }
                let path = prefix.isEmpty ? name : prefix + "/" + name
                func add(_ status: DeltaStatus, _ a: TreeEntry?, _ b: TreeEntry?) {
                    found.append((Array(path.utf8), DiffDelta(status: status, oldPath: path, newPath: path, oldID: a?.id, newID: b?.id,
                                                              oldMode: a?.mode, newMode: b?.mode, similarity: 0)))
                }
                switch (change.old, change.new) {
                case let (a?, b?):
                    switch (isFolder(a), isFolder(b)) {
                    case (true, true): try walk(a.id, b.id, path)
                    case (true, false): try walk(a.id, nil, path); add(.added, nil, b)
                    case (false, true): add(.deleted, a, nil); try walk(nil, b.id, path)
                    case (false, false): add(a.mode.raw & 0o170000 == b.mode.raw & 0o170000 ? .modified : .typeChange, a, b)
                    }
                case let (a?, nil): if isFolder(a) { try walk(a.id, nil, path) } else { add(.deleted, a, nil) }
                case let (nil, b?): if isFolder(b) { try walk(nil, b.id, path) } else { add(.added, nil, b) }
                case (nil, nil): break
                }
            }
        }
        try walk(old, new, "")
        guard valid else { return nil }
        // Stable: a path is never both deleted and added here (a changed kind is a type change).
        return found.sorted { $0.path.lexicographicallyPrecedes($1.path) }.map(\.delta)
    }
}

extension DiffOptions {
    /// The defaults, as far as a comparison of two trees reads them.
    var isTreeComparisonDefault: Bool {
        !detectRenames && pathspec.isEmpty && includeTypeChange && !updateIndex && !includeUntracked
    }
}

extension DiffDelta {
    init(_ delta: git_diff_delta) {
        let oldID = ObjectID(delta.old_file.id)
        let newID = ObjectID(delta.new_file.id)
        self.init(
            status: DeltaStatus(delta.status),
            oldPath: string(delta.old_file.path),
            newPath: string(delta.new_file.path),
            oldID: oldID.isZero ? nil : oldID,
            newID: newID.isZero ? nil : newID,
            oldMode: delta.old_file.mode == 0 ? nil : FileMode(raw: UInt32(delta.old_file.mode)),
            newMode: delta.new_file.mode == 0 ? nil : FileMode(raw: UInt32(delta.new_file.mode)),
            similarity: Int(delta.similarity)
        )
    }
}

extension DeltaStatus {
    init(_ status: git_delta_t) {
        switch status {
        case GIT_DELTA_ADDED: self = .added
        case GIT_DELTA_DELETED: self = .deleted
        case GIT_DELTA_MODIFIED: self = .modified
        case GIT_DELTA_RENAMED: self = .renamed
        case GIT_DELTA_COPIED: self = .copied
        case GIT_DELTA_TYPECHANGE: self = .typeChange
        case GIT_DELTA_UNTRACKED: self = .untracked
        case GIT_DELTA_IGNORED: self = .ignored
        case GIT_DELTA_CONFLICTED: self = .conflicted
        case GIT_DELTA_UNREADABLE: self = .unreadable
        default: self = .unmodified
        }
    }
}
