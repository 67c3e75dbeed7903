import CLibGit2

extension Repository {
    /// Commits reachable from `tips` but not from `hiding`, newest first. Wraps `git_revwalk`
    /// with `GIT_SORT_TIME` (plus `GIT_SORT_TOPOLOGICAL` when `topological`, so no parent comes
    /// before its child) and `git_revwalk_simplify_first_parent` when `firstParentOnly`.
    public func walk(from tips: [ObjectID], hiding: [ObjectID] = [], topological: Bool = true, firstParentOnly: Bool = false) throws -> [ObjectID] {
        if topological, tips.count == 1, hiding.isEmpty, let line = linearHistory(from: tips[0]) { return line }
        return try walkWithLibGit2(from: tips, hiding: hiding, topological: topological, firstParentOnly: firstParentOnly)
    }

    /// The commits from `tip` to the root when each has one parent (the last none), read by GitKit's own reader:
    /// then libgit2's topological walk (by time or not, first parent only or not) is this one, since each commit's
    /// only child comes before it (a walk by time alone is not: libgit2 orders it by commit time, which a history
    /// need not follow). Nil when the history has a merge, a commit the reader does not read, or grafts or a
    /// shallow boundary (which libgit2 may apply).
    package func linearHistory(from tip: ObjectID) -> [ObjectID]? {
        guard let reader = objectReader() else { return nil }
        guard let layout, !RepositoryLayout.exists(layout.gitDirectory + "shallow"),
              !RepositoryLayout.exists(layout.gitDirectory + "info/grafts") else { return nil }
        var line: [ObjectID] = []
        var seen: Set<ObjectID> = []
        var current = tip
        while true {
            guard seen.insert(current).inserted, let (type, bytes) = reader.read(current), type == 1,
                  let commit = CommitParser.parse(bytes, id: current) else { return nil }
            line.append(current)
            switch commit.parentIDs.count {
            case 0: return line
            case 1: current = commit.parentIDs[0]
            default: return nil
            }
        }
    }

    /// The first `count` commits of `walk(from: [tip])` (topological), read by GitKit's own reader without walking
    /// the rest of the history: while each commit has one parent, the next in the walk is that parent (every other
    /// commit is an ancestor of it), so the first `count` are the chain of first parents as long as the first
    /// `count - 1` of them have one parent each; the last may have any number. Fewer when the history ends sooner;
    /// nil when the chain has a merge before, or when the reader cannot tell (see `linearHistory`).
    package func firstCommits(from tip: ObjectID, count: Int) -> [ObjectID]? {
        guard count > 0, let reader = objectReader(), let layout, !RepositoryLayout.exists(layout.gitDirectory + "shallow"),
              !RepositoryLayout.exists(layout.gitDirectory + "info/grafts") else { return nil }
        var line: [ObjectID] = []
        var current = tip
        while true {
            guard let (type, bytes) = reader.read(current), type == 1, let commit = CommitParser.parse(bytes, id: current) else {
                return nil
            }
            line.append(current)
            if line.count == count || commit.parentIDs.isEmpty { return line }
            guard commit.parentIDs.count == 1 else { return nil }
            current = commit.parentIDs[0]
        }
    }

    /// The walk of `walk(from:hiding:topological:firstParentOnly:)` by libgit2.
    package func walkWithLibGit2(from tips: [ObjectID], hiding: [ObjectID] = [], topological: Bool = true, firstParentOnly: Bool = false) throws -> [ObjectID] {
        var walker: OpaquePointer?
        try check(git_revwalk_new(&walker, try pointer), "git_revwalk_new")
        guard let walker else { throw GitError.missingResult("git_revwalk_new") }
        defer { git_revwalk_free(walker) }

        var sorting = GIT_SORT_TIME.rawValue
        if topological { sorting |= GIT_SORT_TOPOLOGICAL.rawValue }
        try check(git_revwalk_sorting(walker, sorting), "git_revwalk_sorting")
        if firstParentOnly {
            try check(git_revwalk_simplify_first_parent(walker), "git_revwalk_simplify_first_parent")
        }
        for tip in tips {
            var oid = tip.oid
            try check(git_revwalk_push(walker, &oid), "git_revwalk_push")
        }
        for hidden in hiding {
            var oid = hidden.oid
            try check(git_revwalk_hide(walker, &oid), "git_revwalk_hide")
        }

        var result: [ObjectID] = []
        var oid = git_oid()
        while true {
            let rc = git_revwalk_next(&oid, walker)
            if rc == GIT_ITEROVER.rawValue { break }
            try check(rc, "git_revwalk_next")
            result.append(ObjectID(oid))
        }
        return result
    }
}
