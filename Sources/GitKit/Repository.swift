import CLibGit2
import Foundation

/// An open Git repository (`git_repository`). Not `Sendable`: confine it to one task.
///
/// A repository GitKit finds the plain way (`RepositoryLayout`) is opened by GitKit itself, and libgit2 only on the
/// first call that needs it (`pointer`): what GitKit reads on its own (references, commits, trees and blobs, the
/// configuration) does not start libgit2 at all (issue 19).
public final class Repository {
    /// libgit2's handle, once opened.
    private var handle: OpaquePointer?
    /// The repository as GitKit found it; nil when libgit2 opened it (`handle` then set from the start).
    let layout: RepositoryLayout?
    /// How libgit2 opens the repository GitKit found, when first needed: the path and flags the caller's open used.
    private let deferredOpen: (path: String, flags: UInt32)?
    /// The object database, opened on first need (`git_repository_odb`).
    private var odbHandle: OpaquePointer?
    /// GitKit's own reader of trees and blobs (`ObjectReader`), opened on first need.
    private var readerState = ReaderState.unopened
    /// Large trees looked up by path, indexed by name (`entryWithOwnReader`).
    var pathIndexes = TreePathIndexes()
    /// Where the entries of large trees read lie (`changedEntries`, `entryWithOwnReader`).
    var treeLayouts = RawTreeLayouts()

    private enum ReaderState {
        case unopened
        case open(ObjectReader)
        /// The object database has what the reader leaves to libgit2.
        case unavailable
    }

    init(owning pointer: OpaquePointer) {
        handle = pointer
        layout = nil
        deferredOpen = nil
    }

    private init(layout: RepositoryLayout, path: String, flags: UInt32) {
        self.layout = layout
        deferredOpen = (path, flags)
    }

    /// A second handle on a repository GitKit found, opened by libgit2 on first use as the first was (`reopened()`).
    convenience init(reopening layout: RepositoryLayout, path: String, flags: UInt32) {
        self.init(layout: layout, path: path, flags: flags)
    }

    /// The path and flags libgit2 opens this repository with on first use; nil when libgit2 opened it at once.
    var deferredOpenParameters: (path: String, flags: UInt32)? { deferredOpen }

    deinit {
        if let odbHandle { git_odb_free(odbHandle) }
        if let handle { git_repository_free(handle) }
    }

    /// libgit2's handle on the repository, opened (and libgit2 initialised) on first use when GitKit opened the
    /// repository itself. Wraps `git_repository_open_ext` with the caller's path and flags.
    var pointer: OpaquePointer {
        get throws {
            if let handle { return handle }
            guard let (path, flags) = deferredOpen else { preconditionFailure("a repository has a handle or a deferred open") }
            LibGit2.initialize()
            var repository: OpaquePointer?
            try check(git_repository_open_ext(&repository, path, flags, nil), "git_repository_open_ext")
            guard let repository else { throw GitError.missingResult("git_repository_open_ext") }
            handle = repository
            return repository
        }
    }

    /// Another handle on this repository (for another thread), opened as this one was: on the layout GitKit found,
    /// with libgit2 opened on first need at the same path with the same flags; else by libgit2 at its `.git` folder.
    /// (Opening each thread's handle at the `.git` folder made libgit2 start for every `chronik diff`, issue 19.)
    public func anotherHandle() throws -> Repository {
        if let layout, let (path, flags) = deferredOpen { return Repository(layout: layout, path: path, flags: flags) }
        return try Repository(at: gitDirectory)
    }

    /// Whether libgit2 has been asked to open this repository (for the tests of what GitKit reads itself).
    package var libgit2IsOpen: Bool { handle != nil }

    /// The repository's object database. Wraps `git_repository_odb`.
    func odb() throws -> OpaquePointer {
        if let odbHandle { return odbHandle }
        var odb: OpaquePointer?
        try check(git_repository_odb(&odb, try pointer), "git_repository_odb")
        guard let odb else { throw GitError.missingResult("git_repository_odb") }
        odbHandle = odb
        return odb
    }

    /// How many bytes of a pack each object reader opened from now on reads before it gives the pack's pages back
    /// (`ObjectReader.packPageBudget`; 32 MiB by default, which keeps a cold changelog's history walk under 1 GiB).
    /// A command that reads a large part of a pack once and holds little else, such as a diff of distant versions,
    /// may allow more: every page given back and read again costs a fault and the system call that gave it back.
    package static var packPageBudget: Int {
        get { ObjectReader.newReaderPackPageBudget.load(ordering: .relaxed) }
        set { ObjectReader.newReaderPackPageBudget.store(max(newValue, 0), ordering: .relaxed) }
    }

    /// How many bytes of rebuilt objects (delta bases, trees) GitKit's readers keep for the whole process
    /// (`SharedObjectCache.process`; 96 MiB by default, git's `core.deltaBaseCacheLimit`, which a history walk needs).
    /// A command that reads two versions once, such as a diff of distant versions, may keep less: every byte kept is
    /// fresh memory the process faults in, and a diff asks for each delta base about once.
    package static var objectCacheLimit: Int {
        get { SharedObjectCache.process.limit }
        set { SharedObjectCache.process.setLimit(newValue) }
    }

    /// Runs `body` with the process's readers keeping at most `cap` bytes of rebuilt objects (a publish while it writes
    /// its site, which reads few objects); `objectCacheLimit` holds again once it returns and no other cap is under
    /// way. Safe when such calls overlap on several threads (`SharedObjectCache.capped(atMost:_:)`).
    package static func withObjectCacheLimit<T>(atMost cap: Int, _ body: () throws -> T) rethrows -> T {
        try SharedObjectCache.process.capped(atMost: cap, body)
    }

    /// GitKit's own object reader on this repository's `objects` folder (shared by its worktrees: the common
    /// directory's); nil when the reader leaves the object database to libgit2. Wraps `git_repository_commondir`.
    func objectReader() -> ObjectReader? {
        switch readerState {
        case .open(let reader): return reader
        case .unavailable: return nil
        case .unopened:
            let common: String?
            if let layout {
                common = layout.gitDirectory
            } else if let handle, let path = git_repository_commondir(handle) {
                common = String(cString: path)
            } else {
                common = nil
            }
            guard let common, let reader = ObjectReader(objectsPath: common + "objects",
                                                        packPageBudget: ObjectReader.newReaderPackPageBudget.load(ordering: .relaxed)) else {
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
        let path = url.fileSystemPath
        if let layout = RepositoryLayout.find(from: path, search: false) {
            self.init(layout: layout, path: path, flags: GIT_REPOSITORY_OPEN_NO_SEARCH.rawValue)
            return
        }
        try self.init(openingWithLibGit2: url)
    }

    /// Opens the repository at `url` with libgit2 at once, as `init(at:)` did before GitKit found repositories itself
    /// (for the tests that hold GitKit's own reading to libgit2's).
    package convenience init(openingWithLibGit2 url: URL) throws {
        LibGit2.initialize()
        var repository: OpaquePointer?
        try check(git_repository_open_ext(&repository, url.fileSystemPath, GIT_REPOSITORY_OPEN_NO_SEARCH.rawValue, nil), "git_repository_open_ext")
        guard let repository else { throw GitError.missingResult("git_repository_open_ext") }
        self.init(owning: repository)
    }

    /// Finds the repository containing `url`, looking in the folder and then its parents, as git does.
    /// Wraps `git_repository_open_ext`.
    public static func discover(from url: URL) throws -> Repository {
        let path = url.fileSystemPath
        if let layout = RepositoryLayout.find(from: path, search: true) {
            return Repository(layout: layout, path: path, flags: 0)
        }
        LibGit2.initialize()
        var repository: OpaquePointer?
        try check(git_repository_open_ext(&repository, url.fileSystemPath, 0, nil), "git_repository_open_ext")
        guard let repository else { throw GitError.missingResult("git_repository_open_ext") }
        return Repository(owning: repository)
    }

    /// The working directory; nil for a bare repository. Wraps `git_repository_workdir`.
    public var workingDirectory: URL? {
        if let layout { return URL(fileURLWithPath: layout.workingDirectory, isDirectory: true) }
        return handle.flatMap { git_repository_workdir($0) }.map { URL(fileURLWithPath: String(cString: $0), isDirectory: true) }
    }

    /// The `.git` folder (or the repository itself when bare). Wraps `git_repository_path`.
    public var gitDirectory: URL {
        if let layout { return URL(fileURLWithPath: layout.gitDirectory, isDirectory: true) }
        guard let handle, let path = git_repository_path(handle) else {
            preconditionFailure("git_repository_path is never NULL for an open repository")
        }
        return URL(fileURLWithPath: String(cString: path), isDirectory: true)
    }

    /// Whether the repository has no working directory. Wraps `git_repository_is_bare`.
    public var isBare: Bool {
        if layout != nil { return false }
        return handle.map { git_repository_is_bare($0) == 1 } ?? false
    }
}

extension URL {
    /// The URL's path with `.` and `..` resolved (`standardizedFileURL.path`). A path that has neither, nor an empty
    /// component, is its own standard form and is returned as it is: Foundation's standardizing costs a look-up of a
    /// protocol conformance on its first use in a run, a scan of the static binary's conformance records (issue 19:
    /// 2.2 % of a `chronik log -n1`). Held to Foundation by `FileSystemPathTests`.
    var fileSystemPath: String {
        if isFileURL {
            let path = self.path
            if Self.isStandardAbsolutePath(path) { return path }
        }
        return standardizedFileURL.path
    }

    /// True for `/` and for an absolute path whose components are none of `.`, `..` or empty.
    static func isStandardAbsolutePath(_ path: String) -> Bool {
        let bytes = path.utf8
        guard bytes.first == UInt8(ascii: "/") else { return false }
        if bytes.count == 1 { return true }
        for component in bytes.dropFirst().split(separator: UInt8(ascii: "/"), omittingEmptySubsequences: false) {
            if component.isEmpty || component.elementsEqual(".".utf8) || component.elementsEqual("..".utf8) { return false }
        }
        return true
    }
}
