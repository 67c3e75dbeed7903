import CLibGit2

/// Process-wide libgit2 set-up.
public enum LibGit2 {
    /// Runs exactly once per process; Swift guarantees thread-safe lazy initialisation of static lets.
    private static let initialized: Bool = {
        // libgit2 reference-counts init calls; we never shut down, the OS reclaims at exit.
        let rc = git_libgit2_init()
        // fsync of objects and refs keeps a committed version durable across a crash.
        let fsync = chronik_git_enable_fsync_gitdir(1)
        // Like git, do not re-hash every object read to verify it (a third of the time of a history walk);
        // `git fsck` verifies, and objects chronik writes are hashed as they are written.
        let verify = chronik_git_enable_strict_hash_verification(0)
        // Keep parsed trees in libgit2's object cache even when large (the default limit is 4 KiB, about 100
        // entries): a history walk reads each collection's tree once as the newer and once as the older side.
        // The whole cache is bounded at 64 MiB (default 256 MiB): as fast on a 5,000-entry history, a third of
        // the peak memory.
        let treeLimit = chronik_git_set_cache_object_limit(GIT_OBJECT_TREE, 4 << 20)
        let cacheSize = chronik_git_set_cache_max_size(64 << 20)
        return rc >= 0 && fsync >= 0 && verify >= 0 && treeLimit >= 0 && cacheSize >= 0
    }()

    /// Whether libgit2 accepted the set-up above, every option included (through `CLibGit2Loader`'s forwarding of the
    /// variadic `git_libgit2_opts` on Linux); initialises libgit2 if it was not yet.
    package static var setUpAccepted: Bool { initialized }

    /// Idempotent, thread-safe one-time set-up. Wraps `git_libgit2_init`,
    /// `git_libgit2_opts(GIT_OPT_ENABLE_FSYNC_GITDIR, 1)` and `git_libgit2_opts(GIT_OPT_ENABLE_STRICT_HASH_VERIFICATION, 0)`.
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
