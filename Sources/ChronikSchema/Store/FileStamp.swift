import ChronikStore
import Foundation

/// What identifies a file's bytes without reading them, as `stat` gives it: device, inode, size, and the times of
/// the last change of the content (mtime) and of the inode (ctime), in nanoseconds since 1970.
///
/// Every write to a file sets its ctime to the current time, and no program can set ctime back; replacing a file
/// (an editor's rename over it, `git checkout`) gives another inode or ctime. So while a file's stamp is the one
/// recorded, its bytes are the ones recorded, with one exception that `isSettled(at:margin:)` rules out: file
/// times are coarse (the kernel's clock tick), so a change within the same tick as the read may leave the stamp
/// as it was. Git's index trusts the same data in the same way ("racy git", Documentation/technical/racy-git.txt).
public struct FileStamp: Sendable, Hashable {
    public var device: UInt64
    public var inode: UInt64
    public var size: Int64
    /// mtime, in nanoseconds since 1970.
    public var modified: Int64
    /// ctime, in nanoseconds since 1970.
    public var changed: Int64

    public init(device: UInt64, inode: UInt64, size: Int64, modified: Int64, changed: Int64) {
        self.device = device
        self.inode = inode
        self.size = size
        self.modified = modified
        self.changed = changed
    }

    init(_ info: stat) {
        device = UInt64(truncatingIfNeeded: info.st_dev)
        inode = UInt64(truncatingIfNeeded: info.st_ino)
        size = Int64(info.st_size)
        modified = Int64(info.st_mtim.tv_sec) &* 1_000_000_000 &+ Int64(info.st_mtim.tv_nsec)
        changed = Int64(info.st_ctim.tv_sec) &* 1_000_000_000 &+ Int64(info.st_ctim.tv_nsec)
    }

    /// The real-time clock in nanoseconds since 1970, the clock file times are taken from.
    static func now() -> Int64 {
        var time = timespec()
        clock_gettime(CLOCK_REALTIME, &time)
        return Int64(time.tv_sec) &* 1_000_000_000 &+ Int64(time.tv_nsec)
    }

    /// Whether any change made to the file after `time` (a read that began then) is sure to change its stamp: its
    /// ctime lies more than `margin` nanoseconds before `time`, so a later change, whose ctime is at least the tick
    /// it happens in, cannot leave ctime as it is. `margin` covers the clock tick with room to spare.
    func isSettled(at time: Int64, margin: Int64) -> Bool {
        changed < time &- margin
    }

    /// The stamp a listed file's record is kept under: the listing's, else the read's (`fstat` of the open file
    /// before reading, as git stamps what it hashes). nil when the bytes read are not of that stamp or the stamp is
    /// not settled at `time` (`isSettled`): then no record is kept and the next run reads the file again.
    static func recorded(listed: FileStamp?, read: FileStamp?, at time: Int64, margin: Int64) -> FileStamp? {
        guard let stamp = listed ?? read, read == stamp, stamp.isSettled(at: time, margin: margin) else { return nil }
        return stamp
    }

    /// `device.inode.size.mtime.ctime` in decimal, as the validation cache writes it (`write(to:)`).
    var text: String {
        "\(device).\(inode).\(size).\(modified).\(changed)"
    }

    /// Appends `text` as bytes (without making Strings of the numbers).
    func write(to out: inout [UInt8]) {
        func decimal(_ value: UInt64, negative: Bool = false) {
            // At most 20 digits and a sign, written backwards into a buffer on the stack, then appended at once.
            withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 21) { buffer in
                var start = 21
                var rest = value
                repeat {
                    start -= 1
                    buffer[start] = UInt8(ascii: "0") &+ UInt8(truncatingIfNeeded: rest % 10)
                    rest /= 10
                } while rest > 0
                if negative {
                    start -= 1
                    buffer[start] = UInt8(ascii: "-")
                }
                out.append(contentsOf: UnsafeBufferPointer(rebasing: buffer[start..<21]))
            }
        }
        func signed(_ value: Int64) { decimal(value.magnitude, negative: value < 0) }
        decimal(device)
        out.append(UInt8(ascii: "."))
        decimal(inode)
        out.append(UInt8(ascii: "."))
        signed(size)
        out.append(UInt8(ascii: "."))
        signed(modified)
        out.append(UInt8(ascii: "."))
        signed(changed)
    }
}

/// Reading a whole entry file of the working tree with the stamp of the bytes read.
enum FileReading {
    /// The bytes of the entry file at `path` (`<root>/<collection>/<file>`) and the stamp of the open file (`fstat`
    /// before reading), read as `WorkingTreeFile` reads: neither the file nor its collection folder may be a
    /// symbolic link, and a FIFO, device, folder or a file larger than `limit` is refused without being read.
    static func read(_ path: String, limit: Int) -> Result<(bytes: [UInt8], stamp: FileStamp), WorkingTreeFileError> {
        // The store's root is where the user said it is; what lies below it is checked, folder by folder.
        var parts = path.split(separator: "/", omittingEmptySubsequences: false)
        let relative = parts.suffix(2).joined(separator: "/")
        parts.removeLast(min(2, parts.count))
        let root = parts.isEmpty ? "." : parts.joined(separator: "/")
        return WorkingTreeFile.read(relative, in: root.isEmpty ? "/" : root, limit: limit).map { ($0.bytes, FileStamp($0.info)) }
    }

    /// The collection folders of many entry files, each opened once (as `WorkingTreeFile.read(_:in:limit:)` opens
    /// it: the store's root as given, the collection folder without following a link) and read from by name, instead
    /// of opening the root and the folder again for every file: on a cold `validate` of 5,000 entries those two
    /// opens and closes were 4 of every file's 10 system calls, and resolving the root's absolute path was the
    /// largest part of the kernel's time. A folder that cannot be opened is left to `read(_:limit:)`, per file, which
    /// says why, as before. The handles may be read from on any thread; `close()` once no read is running.
    ///
    /// The folders are few (a store's collections): a path's folder is found among them by comparing its bytes up to
    /// the last `/`, without taking the path apart into Substrings and hashing them (which, for every one of 5,000
    /// paths on the calling thread before the reads began, was 2 % of a cold `validate`, with the other core idle).
    final class Folders: @unchecked Sendable {
        /// `<root>/<collection>` as bytes, and its handle (-1: it could not be opened).
        private var folders: [(path: [UInt8], fd: Int32)] = []

        init(paths: some Sequence<String>) {
            for path in paths {
                if Self.find(path, in: folders) != nil { continue }
                guard let (folder, _) = Self.parts(of: path) else { continue }
                folders.append((Array(folder.path.utf8), Self.open(root: folder.root, collection: folder.collection)))
            }
        }

        /// `read(_:limit:)` of a file whose folder is open here: the same bytes, stamp and errors. `seenRegular`: the
        /// caller's listing has just found a regular file at the path (`WorkingTreeFile.read(_:at:limit:seenRegular:)`).
        func read(_ path: String, limit: Int, seenRegular: Bool = false) -> Result<(bytes: [UInt8], stamp: FileStamp), WorkingTreeFileError> {
            // A folder is here only as `parts(of:)` took it apart; the name after it is checked as `parts` checks it.
            if let (k, name) = Self.find(path, in: folders), folders[k].fd >= 0, !name.isEmpty, name != ".", name != ".." {
                // The name is the end of the path: its C string is the end of the path's (no String made of it).
                let offset = path.utf8.distance(from: path.utf8.startIndex, to: name.startIndex)
                let fd = folders[k].fd
                return path.withCString { whole in
                    WorkingTreeFile.read(cName: whole + offset, at: fd, limit: limit, seenRegular: seenRegular)
                }.map { ($0.bytes, FileStamp($0.info)) }
            }
            return FileReading.read(path, limit: limit)
        }

        func close() {
            for (_, fd) in folders where fd >= 0 { Foundation.close(fd) }
            folders = []
        }

        /// The folder of `path` (everything before its last `/`, byte for byte) among `folders`, and the name after it.
        private static func find(_ path: String, in folders: [(path: [UInt8], fd: Int32)]) -> (Int, Substring)? {
            let utf8 = path.utf8
            let found: (index: Int, slash: Int)?? = utf8.withContiguousStorageIfAvailable { bytes in
                guard let base = bytes.baseAddress else { return nil }
                var slash = bytes.count - 1
                while slash >= 0, bytes[slash] != UInt8(ascii: "/") { slash -= 1 }
                guard slash >= 0 else { return nil }
                for (k, folder) in folders.enumerated() where folder.path.count == slash {
                    if folder.path.withUnsafeBufferPointer({ memcmp($0.baseAddress!, base, slash) == 0 }) { return (k, slash) }
                }
                return nil
            }
            let at: (index: Int, slash: Int)?
            if let found {
                at = found
            } else {
                // (A String without contiguous UTF-8, which a path made here never is.)
                guard let slash = utf8.lastIndex(of: UInt8(ascii: "/")) else { return nil }
                let folder = utf8[..<slash]
                at = folders.firstIndex { $0.path.elementsEqual(folder) }.map { ($0, utf8.distance(from: utf8.startIndex, to: slash)) }
            }
            guard let at else { return nil }
            return (at.index, path[utf8.index(utf8.startIndex, offsetBy: at.slash + 1)...])
        }

        /// `<root>/<collection>/<name>` taken apart as `read(_:limit:)` does; nil for anything else (a name or
        /// folder that `WorkingTreeFile.read` would treat apart: empty, `.` or `..`).
        private static func parts(of path: String) -> ((path: Substring, root: Substring, collection: Substring), Substring)? {
            // On the UTF-8 view: a `/` byte is always a whole character, and no grapheme breaking is needed.
            let slash = UInt8(ascii: "/")
            guard let last = path.utf8.lastIndex(of: slash) else { return nil }
            let folder = path[..<last]
            let name = path[path.utf8.index(after: last)...]
            guard let second = folder.utf8.lastIndex(of: slash) else { return nil }
            let collection = folder[folder.utf8.index(after: second)...]
            for part in [name, collection] where part.isEmpty || part == "." || part == ".." { return nil }
            return ((folder, folder[..<second], collection), name)
        }

        private static func open(root: Substring, collection: Substring) -> Int32 {
            let top = Foundation.open(root.isEmpty ? "/" : String(root), O_RDONLY | O_DIRECTORY | O_CLOEXEC)
            guard top >= 0 else { return -1 }
            defer { Foundation.close(top) }
            return openat(top, String(collection), O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC)
        }
    }
}

extension ListedFileStat {
    /// The stat data of a listed file as its stamp has them (inode, size, mtime and ctime).
    init(_ stamp: FileStamp) {
        self.init(inode: stamp.inode, size: stamp.size, modified: stamp.modified, changed: stamp.changed)
    }
}
