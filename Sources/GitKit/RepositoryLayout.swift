#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Where a repository's folders are, found by GitKit itself as `git_repository_open_ext` finds them, with its
/// configuration (`ConfigFiles`), so that a read-only command can be answered without starting libgit2 (issue 19:
/// libgit2's initialisation alone, with Debian's build parsing the system's certificates, costs more than the rest
/// of `chronik log -n1`).
///
/// It finds only the plain case and leaves everything else to libgit2, which then opens the repository (and words
/// every error) as before: a `.git` folder (not a `.git` file, not a symbolic link) holding `HEAD`, `objects` and
/// `refs` and neither `commondir` nor `gitdir` (a linked worktree's), below a folder that is not a repository itself;
/// configuration files `ConfigFiles` reads, of format version 0 without extensions, `core.bare` false or unset and
/// no `core.worktree`; the working tree and the `.git` folder owned by the effective user or root (libgit2's
/// ownership check passes for both); no change of file system on the way up.
struct RepositoryLayout {
    /// The `.git` folder, ending in `/` (libgit2's `git_repository_path`); also the common folder.
    let gitDirectory: String
    /// The working tree, ending in `/` (libgit2's `git_repository_workdir`).
    let workingDirectory: String
    let config: ConfigFiles

    /// The repository at `path` (`search`: or in a folder above it, as `git_repository_open_ext` without
    /// `GIT_REPOSITORY_OPEN_NO_SEARCH` looks), when it is found the plain way; nil: leave it to libgit2.
    static func find(from path: String, search: Bool) -> RepositoryLayout? {
        guard let resolved = realpath(path, nil) else { return nil }
        var folder = String(cString: resolved)
        free(resolved)
        guard folder.hasPrefix("/"), folder.utf8.count < 3_000 else { return nil }
        var device: dev_t?
        func sameDevice(_ status: stat) -> Bool {
            if let device { return status.st_dev == device }
            device = status.st_dev
            return true
        }
        while true {
            let dotGit = (folder == "/" ? "" : folder) + "/.git"
            var status = stat()
            if lstat(dotGit, &status) == 0 {
                // A symbolic link or a `.git` file (a linked worktree, a submodule): libgit2's.
                guard sameDevice(status), status.st_mode & S_IFMT == S_IFDIR else { return nil }
                switch kind(of: dotGit) {
                case .repository: return layout(gitDirectory: dotGit + "/", workingDirectory: (folder == "/" ? "" : folder) + "/")
                case .unusual: return nil
                case .notRepository: break
                }
            }
            if stat(folder, &status) == 0 {
                guard sameDevice(status) else { return nil }
                // The folder itself a repository (a bare one, or one named without `.git`): libgit2's.
                if kind(of: folder) != .notRepository { return nil }
            }
            guard search, folder != "/" else { return nil }
            folder = parent(of: folder)
            // libgit2 does not look at the root itself.
            if folder == "/" { return nil }
        }
    }

    private enum Kind { case repository, notRepository, unusual }

    /// Whether `folder` is a repository the way libgit2 decides (`is_valid_repository_path`): `HEAD` a file,
    /// `objects` and `refs` folders; `.unusual` for a linked worktree's folder (`commondir`, `gitdir`).
    private static func kind(of folder: String) -> Kind {
        if exists(folder + "/commondir") || exists(folder + "/gitdir") { return .unusual }
        guard isKind(folder + "/HEAD", S_IFREG), isKind(folder + "/objects", S_IFDIR), isKind(folder + "/refs", S_IFDIR) else {
            return .notRepository
        }
        return .repository
    }

    private static func layout(gitDirectory: String, workingDirectory: String) -> RepositoryLayout? {
        let user = geteuid()
        for path in [workingDirectory, gitDirectory] {
            var status = stat()
            guard stat(path, &status) == 0, status.st_uid == user || status.st_uid == 0 else { return nil }
        }
        guard let config = ConfigFiles.load(commonDirectory: gitDirectory),
              config.string("core.repositoryformatversion").map({ $0 == "0" }) ?? true,
              !config.hasSection("extensions"),
              config.string("core.worktree") == nil,
              config.string("core.bare").map({ ["false", "no", "off", "0"].contains($0.lowercased()) }) ?? true else {
            return nil
        }
        return RepositoryLayout(gitDirectory: gitDirectory, workingDirectory: workingDirectory, config: config)
    }

    private static func parent(of folder: String) -> String {
        guard let slash = folder.utf8.lastIndex(of: UInt8(ascii: "/")), slash != folder.utf8.startIndex else { return "/" }
        return String(folder[..<slash])
    }

    static func exists(_ path: String) -> Bool {
        var status = stat()
        return lstat(path, &status) == 0
    }

    /// Whether `path` (symbolic links followed, as libgit2's checks do) is of `type` (`S_IFREG`, `S_IFDIR`).
    private static func isKind(_ path: String, _ type: mode_t) -> Bool {
        var status = stat()
        return stat(path, &status) == 0 && status.st_mode & S_IFMT == type
    }
}
