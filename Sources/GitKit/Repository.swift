import CLibGit2
import Foundation

/// An open Git repository (`git_repository`). Not `Sendable`: confine it to one task.
public final class Repository {
    let pointer: OpaquePointer
    /// The object database, opened on first need (`git_repository_odb`).
    private var odbHandle: OpaquePointer?
    /// GitKit's own reader of trees and blobs (`ObjectReader`), opened on first need.
    private var readerState = ReaderState.unopened

    private enum ReaderState {
        case unopened
        case open(ObjectReader)
        /// The object database has what the reader leaves to libgit2.
        case unavailable
    }

    init(owning pointer: OpaquePointer) {
        self.pointer = pointer
    }

    deinit {
        if let odbHandle { git_odb_free(odbHandle) }
        git_repository_free(pointer)
    }

    /// The repository's object database. Wraps `git_repository_odb`.
    func odb() throws -> OpaquePointer {
        if let odbHandle { return odbHandle }
        var odb: OpaquePointer?
        try check(git_repository_odb(&odb, pointer), "git_repository_odb")
        guard let odb else { throw GitError.missingResult("git_repository_odb") }
        odbHandle = odb
        return odb
    }

    /// GitKit's own object reader on this repository's `objects` folder (shared by its worktrees: the common
    /// directory's); nil when the reader leaves the object database to libgit2. Wraps `git_repository_commondir`.
    func objectReader() -> ObjectReader? {
        switch readerState {
        case .open(let reader): return reader
        case .unavailable: return nil
        case .unopened:
            guard let common = git_repository_commondir(pointer),
                  let reader = ObjectReader(objectsPath: String(cString: common) + "objects") else {
                readerState = .unavailable
                return nil
            }
            readerState = .open(reader)
            return reader
        }
    }

    /// Creates a non-bare repository at `url` (making folders as needed) whose HEAD points at
    /// `refs/heads/<initialBranch>`; throws `.exists` if `url` already holds one.
    /// Wraps `git_repository_init_ext` with `GIT_REPOSITORY_INIT_MKPATH | GIT_REPOSITORY_INIT_NO_REINIT`.
    public static func create(at url: URL, initialBranch: String = "main") throws -> Repository {
        LibGit2.initialize()
        var options = git_repository_init_options()
        try check(git_repository_init_options_init(&options, UInt32(GIT_REPOSITORY_INIT_OPTIONS_VERSION)), "git_repository_init_options_init")
        options.flags = GIT_REPOSITORY_INIT_MKPATH.rawValue | GIT_REPOSITORY_INIT_NO_REINIT.rawValue
        var repository: OpaquePointer?
        try initialBranch.withCString { branch in
            options.initial_head = branch
            try check(git_repository_init_ext(&repository, url.fileSystemPath, &options), "git_repository_init_ext")
        }
        guard let repository else { throw GitError.missingResult("git_repository_init_ext") }
        return Repository(owning: repository)
    }

    /// Opens the repository whose working directory (or git directory) is exactly `url`; no search
    /// of parent folders. Wraps `git_repository_open_ext` with `GIT_REPOSITORY_OPEN_NO_SEARCH`.
    public convenience init(at url: URL) throws {
        LibGit2.initialize()
        var repository: OpaquePointer?
        try check(git_repository_open_ext(&repository, url.fileSystemPath, GIT_REPOSITORY_OPEN_NO_SEARCH.rawValue, nil), "git_repository_open_ext")
        guard let repository else { throw GitError.missingResult("git_repository_open_ext") }
        self.init(owning: repository)
    }

    /// Finds the repository containing `url`, looking in the folder and then its parents, as git does.
    /// Wraps `git_repository_open_ext`.
    public static func discover(from url: URL) throws -> Repository {
        LibGit2.initialize()
        var repository: OpaquePointer?
        try check(git_repository_open_ext(&repository, url.fileSystemPath, 0, nil), "git_repository_open_ext")
        guard let repository else { throw GitError.missingResult("git_repository_open_ext") }
        return Repository(owning: repository)
    }

    /// The working directory; nil for a bare repository. Wraps `git_repository_workdir`.
    public var workingDirectory: URL? {
        git_repository_workdir(pointer).map { URL(fileURLWithPath: String(cString: $0), isDirectory: true) }
    }

    /// The `.git` folder (or the repository itself when bare). Wraps `git_repository_path`.
    public var gitDirectory: URL {
        guard let path = git_repository_path(pointer) else {
            preconditionFailure("git_repository_path is never NULL for an open repository")
        }
        return URL(fileURLWithPath: String(cString: path), isDirectory: true)
    }

    /// Whether the repository has no working directory. Wraps `git_repository_is_bare`.
    public var isBare: Bool {
        git_repository_is_bare(pointer) == 1
    }
}

extension URL {
    var fileSystemPath: String {
        standardizedFileURL.path
    }
}
