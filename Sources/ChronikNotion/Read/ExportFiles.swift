import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

// The files of an export, by their path inside it (`/`-separated, no leading `/`), whether it came as a folder or a
// zip. The limits are enforced here, once, for both: a folder is walked with lstat (a symlink refused, never followed)
// and readdir's raw names (a name that is not UTF-8 refused, not silently mangled as Foundation's enumerator would);
// a zip is read by `ZipExport` into memory. Nothing is written anywhere.

/// The files of one export.
struct ExportFiles {
    /// Where a file's bytes are.
    enum Source {
        case memory(Data)
        /// A file of a folder, with the size it had when the folder was walked (and counted against the limits).
        case disk(URL, size: Int64)
    }

    /// A file's bytes, opened without following a symlink (one put in place of the file after the walk is refused
    /// too) and read up to the size it had when it was counted: a file that grew since is refused, not read on.
    private static func readNoFollow(_ file: String, size: Int64, path: String) throws(NotionReadError) -> Data {
        let descriptor = open(file, O_RDONLY | O_NOFOLLOW | O_CLOEXEC)
        guard descriptor >= 0 else {
            if errno == ELOOP { throw .symlink(path: path) }
            throw .unreadable(path: path, reason: String(cString: strerror(errno)))
        }
        defer { close(descriptor) }
        var data = Data(count: Int(size) + 1)
        var filled = 0
        while filled < data.count {
            let count = data.withUnsafeMutableBytes { buffer -> Int in
                guard let base = buffer.baseAddress else { return 0 }
                return read(descriptor, base.advanced(by: filled), buffer.count - filled)
            }
            if count < 0 {
                if errno == EINTR { continue }
                throw .unreadable(path: path, reason: String(cString: strerror(errno)))
            }
            if count == 0 { break }
            filled += count
        }
        guard filled <= Int(size) else { throw .unreadable(path: path, reason: "the file changed while the export was read") }
        data.count = filled
        return data
    }

    /// Every file's path, sorted.
    private(set) var paths: [String] = []
    private var sources: [String: Source] = [:]
    /// Paths given twice (two parts of a download holding the same file); the first is kept.
    private(set) var duplicates: [String] = []

    /// Files no export is made of: what macOS or Windows leave in folders and zips (`__MACOSX/`, `._x`, `.DS_Store`,
    /// `Thumbs.db`, any name starting with a dot). Their bytes are never looked at: `__MACOSX/._Page <hex>.md` would
    /// otherwise pass for a page.
    private(set) var systemFiles: [String] = []

    static func isSystemFile(_ path: String) -> Bool {
        path.split(separator: "/").contains { $0.hasPrefix(".") || $0 == "__MACOSX" || $0 == "Thumbs.db" || $0 == "desktop.ini" }
    }

    mutating func add(_ path: String, _ source: Source) {
        if Self.isSystemFile(path) {
            systemFiles.append(path)
            return
        }
        if sources[path] != nil {
            duplicates.append(path)
            return
        }
        sources[path] = source
        paths.append(path)
    }

    mutating func finish() {
        // String's order is that of Unicode scalars here (the paths are not normalized), the same on every platform.
        paths.sort()
    }

    func contains(_ path: String) -> Bool { sources[path] != nil }

    /// The bytes of `path`.
    func data(_ path: String) throws(NotionReadError) -> Data {
        switch sources[path] {
        case .memory(let data): return data
        case .disk(let url, let size):
            return try Self.readNoFollow(url.path, size: size, path: path)
        case nil: throw .unreadable(path: path, reason: "no such file")
        }
    }

    /// The text of `path` as UTF-8 (a byte order mark dropped; invalid bytes replaced, which Notion never writes).
    func text(_ path: String) throws(NotionReadError) -> String {
        var bytes = try data(path)
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { bytes = bytes.dropFirst(3) }
        return String(decoding: bytes, as: UTF8.self)
    }
}

/// Reads an unzipped export folder.
enum FolderExport {
    static func read(_ root: URL, limits: NotionReadLimits) throws(NotionReadError) -> ExportFiles {
        var files = ExportFiles()
        var total: Int64 = 0
        var count = 0
        var parts: [(path: String, url: URL)] = []
        try walk(root.path, relative: "", files: &files, total: &total, count: &count, parts: &parts, limits: limits)
        // A download unzipped once still holds its parts as zips: they are read as a zip's parts would be.
        try ZipExport.addParts(parts, to: &files, total: &total, count: &count, limits: limits)
        files.finish()
        return files
    }

    private static func walk(_ directory: String, relative: String, files: inout ExportFiles, total: inout Int64, count: inout Int,
                             parts: inout [(path: String, url: URL)], limits: NotionReadLimits) throws(NotionReadError) {
        guard let handle = opendir(directory) else {
            throw .unreadable(path: relative.isEmpty ? directory : relative, reason: String(cString: strerror(errno)))
        }
        defer { closedir(handle) }
        var names: [[UInt8]] = []
        while let entry = readdir(handle) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { raw -> [UInt8] in
                Array(raw.prefix { $0 != 0 })
            }
            if name == [0x2E] || name == [0x2E, 0x2E] { continue }
            names.append(name)
        }
        names.sort { $0.lexicographicallyPrecedes($1) }
        for raw in names {
            guard let name = String(validating: raw, as: UTF8.self) else {
                throw .nameNotUTF8(path: relative + String(decoding: raw, as: UTF8.self))
            }
            let path = relative + name
            let full = directory + "/" + name
            var info = stat()
            guard lstat(full, &info) == 0 else { throw .unreadable(path: path, reason: String(cString: strerror(errno))) }
            switch info.st_mode & S_IFMT {
            case S_IFLNK:
                throw .symlink(path: path)
            case S_IFDIR:
                try walk(full, relative: path + "/", files: &files, total: &total, count: &count, parts: &parts, limits: limits)
            case S_IFREG where relative.isEmpty && name.lowercased().hasSuffix(".zip") && !ExportFiles.isSystemFile(name):
                parts.append((path, URL(fileURLWithPath: full)))
            case S_IFREG:
                count += 1
                if count > limits.maxFiles { throw .tooManyFiles(path: path, limit: limits.maxFiles) }
                total += Int64(info.st_size)
                if total > limits.maxTotalBytes { throw .tooLarge(path: path, limit: limits.maxTotalBytes) }
                files.add(path, .disk(URL(fileURLWithPath: full), size: Int64(info.st_size)))
            default:
                // Sockets, devices, pipes: not part of any export; reading a pipe could block.
                throw .unreadable(path: path, reason: "not a regular file")
            }
        }
    }
}
