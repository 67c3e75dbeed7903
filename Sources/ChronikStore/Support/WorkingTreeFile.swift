import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

// Reading a file of the working tree safely (issue 13, point 2).
//
// A working tree is not trusted: a cloned repository can hold `glossary/s.md -> /etc/shadow` (git checks out
// symbolic links as links), a folder `glossary -> /home/someone/notes`, and a local user can put a FIFO or a device
// node where an entry should be. Following the link prints a file from outside the store; opening a FIFO blocks
// forever; opening a device may have side effects. So every read of a working-tree file goes through `read` here,
// which:
//
// 1. walks the path below the store's root one folder at a time (`openat` with `O_NOFOLLOW | O_DIRECTORY`): no
//    folder of the path may be a symbolic link;
// 2. looks at the file itself without following it (`fstatat(AT_SYMLINK_NOFOLLOW)`): a symbolic link, FIFO, device,
//    socket or folder is refused before it is opened;
// 3. opens it with `O_NOFOLLOW | O_NONBLOCK` (a file swapped for a link in between fails with `ELOOP`; one swapped
//    for a FIFO does not block) and checks the open file again (`fstat`: a regular file);
// 4. refuses a file larger than the limit before reading it, and reads at most `limit + 1` bytes, so a file that
//    grows while it is read is refused too, never held in memory whole.
//
// The reasons are given in the words the commit gate uses (`PathProblem`, `FrontMatterError.fileTooLarge`).

/// Why a file of the working tree was not read.
public enum WorkingTreeFileError: Error, Sendable, Hashable, CustomStringConvertible {
    /// What a path that is not a regular file is instead.
    public enum Kind: String, Sendable, Hashable {
        case folder, namedPipe, device, socket, unknown
    }

    /// Nothing at the path (or a folder of it is missing).
    case missing
    /// The path, or a folder on it (`folder`, relative to the root), is a symbolic link.
    case symbolicLink(folder: String?)
    /// Not a regular file: a folder, FIFO, device or socket.
    case notRegularFile(Kind)
    /// Larger than the limit; `bytes` as `stat` gave it (or as many as were read, for a file that grew).
    case tooLarge(bytes: Int, limit: Int)
    /// The file system refused (permissions, I/O error), with `strerror`'s text.
    case unreadable(String)

    public var description: String {
        switch self {
        case .missing: return "does not exist"
        case .symbolicLink(nil): return PathProblem.symlink.description
        case .symbolicLink(let folder?): return "\(PathProblem.symlink.description) (\(PathRules.printable(folder)) is one)"
        case .notRegularFile(let kind):
            switch kind {
            case .folder: return PathProblem.notAFile.description + " (a folder)"
            case .namedPipe: return PathProblem.notAFile.description + " (a named pipe, FIFO)"
            case .device: return PathProblem.notAFile.description + " (a device)"
            case .socket: return PathProblem.notAFile.description + " (a socket)"
            case .unknown: return PathProblem.notAFile.description
            }
        case let .tooLarge(bytes, limit): return FrontMatterError.fileTooLarge(bytes: bytes, limit: limit).reason
        case .unreadable(let message): return "cannot be read: \(message)"
        }
    }
}

/// A regular file of the working tree, read whole; see `read(_:in:limit:)`.
public struct WorkingTreeFile: Sendable {
    /// The file's bytes.
    public var bytes: [UInt8]
    /// `fstat` of the open file, taken before it was read (for caches keyed by device, inode, size and times).
    public var info: stat

    /// The bytes as `Data`.
    public var data: Data { Data(bytes) }

    /// Reads the file at `path` (slash-separated, relative to `root`, the store's root) without following a symbolic
    /// link at the file or at any folder below `root`, without blocking on a FIFO or opening a device, and only if it
    /// is at most `limit` bytes long. `root` itself may be reached through links (it is where the user said the
    /// store is).
    public static func read(_ path: String, in root: String, limit: Int) -> Result<WorkingTreeFile, WorkingTreeFileError> {
        var parts = path.split(separator: "/", omittingEmptySubsequences: true).map(String.init)
        guard let name = parts.popLast(), !parts.contains(".."), name != ".." else { return .failure(.missing) }
        var folder = open(root.isEmpty ? "." : root, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard folder >= 0 else { return .failure(error(errno, folder: nil)) }
        defer { close(folder) }
        var walked = ""
        for part in parts where part != "." {
            walked += walked.isEmpty ? part : "/" + part
            let next = openat(folder, part, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC)
            guard next >= 0 else {
                let code = errno
                // `O_DIRECTORY | O_NOFOLLOW` on a link fails with ENOTDIR on Linux, ELOOP elsewhere: look.
                var info = stat()
                if fstatat(folder, part, &info, AT_SYMLINK_NOFOLLOW) == 0, info.st_mode & S_IFMT == S_IFLNK {
                    return .failure(.symbolicLink(folder: walked))
                }
                return .failure(code == ENOTDIR ? .missing : error(code, folder: walked))
            }
            close(folder)
            folder = next
        }
        return read(name, at: folder, limit: limit)
    }

    /// The first folder on `path` below `root` that is a symbolic link (relative to `root`), or nil: a write to
    /// `path` must not go through it (`glossary -> /home/someone/notes` would put the file outside the store).
    /// Missing folders are fine (the writer creates them). The file itself is replaced by `rename`, which never
    /// follows a link at the target.
    public static func linkedFolder(on path: String, in root: String) -> String? {
        var walked = ""
        for part in path.split(separator: "/", omittingEmptySubsequences: true).dropLast() where part != "." {
            walked += walked.isEmpty ? String(part) : "/" + part
            var info = stat()
            guard lstat(root + "/" + walked, &info) == 0 else { return nil }
            if info.st_mode & S_IFMT == S_IFLNK { return walked }
        }
        return nil
    }

    /// Reads the file `name` of the open folder `folder` (see `read(_:in:limit:)`).
    ///
    /// `seenRegular`: the caller has just looked at the name itself, as step 2 does (`fstatat` without following a
    /// link, in this folder), and found a regular file: step 2 is not made again. (`chronik validate` lists every
    /// collection folder with a stat of each name, for its cache, and then reads each entry: the second look was
    /// one of the five system calls per file.) What was swapped in since is caught as before, by step 3: a link
    /// fails to open, a FIFO opens without blocking and is refused by the `fstat` of the open file.
    public static func read(_ name: String, at folder: Int32, limit: Int, seenRegular: Bool = false) -> Result<WorkingTreeFile, WorkingTreeFileError> {
        name.withCString { read(cName: $0, at: folder, limit: limit, seenRegular: seenRegular) }
    }

    /// `read(_:at:limit:seenRegular:)` of a name given as a C string: the tail of a path's own C string, say, for a
    /// caller that would otherwise make a String of the name first (an allocation per file for names of more than
    /// 15 bytes, most entry files' names).
    public static func read(cName name: UnsafePointer<CChar>, at folder: Int32, limit: Int, seenRegular: Bool = false) -> Result<WorkingTreeFile, WorkingTreeFileError> {
        var info = stat()
        if !seenRegular {
            guard fstatat(folder, name, &info, AT_SYMLINK_NOFOLLOW) == 0 else { return .failure(error(errno, folder: nil)) }
            if let problem = problem(info, limit: limit) { return .failure(problem) }
        }
        let fd = openat(folder, name, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC | O_NOCTTY)
        guard fd >= 0 else { return .failure(error(errno, folder: nil)) }
        defer { close(fd) }
        // The file may have been replaced since it was looked at: what counts is the file that is open.
        guard fstat(fd, &info) == 0 else { return .failure(.unreadable(String(cString: strerror(errno)))) }
        if let problem = problem(info, limit: limit) { return .failure(problem) }
        // The size is a hint (the file may grow or shrink while it is read); never more than `limit + 1` bytes.
        // The buffer is not zeroed before `read` fills it (zeroing every file first was some percent of a cold
        // `validate`, which reads 38 MB).
        let size = Int(max(0, info.st_size))
        let expected = min(size, limit) + 1
        var failure: Int32 = 0
        var bytes = [UInt8](unsafeUninitializedCapacity: expected) { buffer, initialized in
            initialized = 0
            guard let base = buffer.baseAddress else { return }
            while initialized < buffer.count {
                let asked = buffer.count - initialized
                let n = Foundation.read(fd, base + initialized, asked)
                if n < 0 {
                    if errno == EINTR { continue }
                    failure = errno
                    return
                }
                if n == 0 { return }
                initialized += n
                // A read of a regular file that gives fewer bytes than asked for stopped at the file's end: with
                // exactly the size `fstat` gave, another `read` (one of the six system calls per file of a cold
                // `validate`) would only say so again. (git reads that many bytes and no more.) Otherwise it reads on
                // to a read of nothing, or past the size: a file that grew.
                if n < asked, initialized == size { return }
            }
        }
        if failure != 0 { return .failure(.unreadable(String(cString: strerror(failure)))) }
        if bytes.count == expected {
            // More than the size said: the file grew while it was read. On to its end, or past the limit.
            var count = bytes.count
            while true {
                if count == bytes.count {
                    guard count <= limit else { return .failure(.tooLarge(bytes: count, limit: limit)) }
                    bytes.append(contentsOf: repeatElement(0, count: min(max(4096, bytes.count), limit + 1 - count)))
                }
                let n = bytes.withUnsafeMutableBytes { raw -> Int in
                    guard let base = raw.baseAddress else { return 0 }
                    return Foundation.read(fd, base + count, raw.count - count)
                }
                if n < 0 {
                    if errno == EINTR { continue }
                    return .failure(.unreadable(String(cString: strerror(errno))))
                }
                if n == 0 { break }
                count += n
            }
            bytes.removeSubrange(count...)
        }
        if bytes.count > limit { return .failure(.tooLarge(bytes: bytes.count, limit: limit)) }
        return .success(WorkingTreeFile(bytes: bytes, info: info))
    }

    /// What is wrong with a file as `stat` describes it, or nil for a regular file within the limit.
    public static func problem(_ info: stat, limit: Int) -> WorkingTreeFileError? {
        switch info.st_mode & S_IFMT {
        case S_IFREG:
            return info.st_size > limit ? .tooLarge(bytes: Int(info.st_size), limit: limit) : nil
        case S_IFLNK: return .symbolicLink(folder: nil)
        case S_IFDIR: return .notRegularFile(.folder)
        case S_IFIFO: return .notRegularFile(.namedPipe)
        case S_IFCHR, S_IFBLK: return .notRegularFile(.device)
        case S_IFSOCK: return .notRegularFile(.socket)
        default: return .notRegularFile(.unknown)
        }
    }

    private static func error(_ code: Int32, folder: String?) -> WorkingTreeFileError {
        switch code {
        case ENOENT: return .missing
        case ELOOP: return .symbolicLink(folder: folder)
        default: return .unreadable(String(cString: strerror(code)))
        }
    }
}
