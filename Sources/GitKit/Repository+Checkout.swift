import CLibGit2
import Foundation

extension Repository {
    /// Makes the working tree and the index hold tree `tree`, where they now hold tree `baseline` (e.g. after the
    /// branch moved from `baseline`'s commit to `tree`'s): files that differ are written, files gone are removed
    /// (and folders left empty), the index gets the new entries with the stat data of the files just written.
    /// Bytes are written as the blobs hold them (no filter such as CRLF conversion runs), without an fsync each.
    ///
    /// Safe as `git checkout` is: a working-tree file that differs from `baseline` where `tree` changes it, or an
    /// untracked file in the way of one of `tree`'s, is a conflict. Conflicts are returned, sorted, and then nothing
    /// was changed; `dryRun` only looks for them. Wraps `git_checkout_tree` with `GIT_CHECKOUT_SAFE` (and
    /// `GIT_CHECKOUT_DRY_RUN`), `baseline` and `disable_filters`.
    public func checkOut(tree: ObjectID, baseline: ObjectID, dryRun: Bool = false) throws -> [String] {
        final class Conflicts {
            var paths: [String] = []
        }
        let conflicts = Conflicts()
        var options = git_checkout_options()
        try check(git_checkout_options_init(&options, UInt32(GIT_CHECKOUT_OPTIONS_VERSION)), "git_checkout_options_init")
        options.checkout_strategy = GIT_CHECKOUT_SAFE.rawValue | (dryRun ? GIT_CHECKOUT_DRY_RUN.rawValue : 0)
        options.disable_filters = 1
        options.notify_flags = GIT_CHECKOUT_NOTIFY_CONFLICT.rawValue
        options.notify_cb = { _, path, _, _, _, payload in
            if let path, let payload {
                Unmanaged<Conflicts>.fromOpaque(payload).takeUnretainedValue().paths.append(String(cString: path))
            }
            return 0
        }
        let repository = try pointer
        let rc = try withTree(baseline) { baselineTree in
            try withAnyObject(tree) { target in
                options.baseline = baselineTree
                return withExtendedLifetime(conflicts) {
                    options.notify_payload = Unmanaged.passUnretained(conflicts).toOpaque()
                    return git_checkout_tree(repository, target, &options)
                }
            }
        }
        if rc == GIT_ECONFLICT.rawValue, !conflicts.paths.isEmpty { return conflicts.paths.sorted() }
        try check(rc, "git_checkout_tree")
        return conflicts.paths.sorted()
    }
}
