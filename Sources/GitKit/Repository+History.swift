import CLibGit2

extension Repository {
    /// Commits reachable from `tips` but not from `hiding`, newest first. Wraps `git_revwalk`
    /// with `GIT_SORT_TIME` (plus `GIT_SORT_TOPOLOGICAL` when `topological`, so no parent comes
    /// before its child) and `git_revwalk_simplify_first_parent` when `firstParentOnly`.
    public func walk(from tips: [ObjectID], hiding: [ObjectID] = [], topological: Bool = true, firstParentOnly: Bool = false) throws -> [ObjectID] {
        var walker: OpaquePointer?
        try check(git_revwalk_new(&walker, pointer), "git_revwalk_new")
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
