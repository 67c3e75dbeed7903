import CLibGit2

/// Process-wide libgit2 set-up.
public enum LibGit2 {
    /// Runs exactly once per process; Swift guarantees thread-safe lazy initialisation of static lets.
    private static let initialized: Bool = {
        // libgit2 reference-counts init calls; we never shut down, the OS reclaims at exit.
        let rc = git_libgit2_init()
        // fsync of objects and refs keeps a committed version durable across a crash.
        let fsync = chronik_git_enable_fsync_gitdir(1)
        return rc >= 0 && fsync >= 0
    }()

    /// Idempotent, thread-safe one-time set-up. Wraps `git_libgit2_init` and
    /// `git_libgit2_opts(GIT_OPT_ENABLE_FSYNC_GITDIR, 1)`.
    public static func initialize() {
        _ = initialized
    }

    /// The linked libgit2 version, e.g. "1.5.1". Wraps `git_libgit2_version`.
    public static var version: String {
        var major: Int32 = 0
        var minor: Int32 = 0
        var revision: Int32 = 0
        _ = git_libgit2_version(&major, &minor, &revision)
        return "\(major).\(minor).\(revision)"
    }
}
