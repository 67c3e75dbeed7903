import Foundation
import ZIPFoundation

// Notion's download is a zip; large exports are a zip of `Export-<uuid>-Part-N.zip` zips. Every entry is checked
// before its bytes are produced (its name, its type, its declared sizes) and while they are (the bytes counted against
// the declared size and the total, so a header that lies does not get past): the zip-slip names `..` and `/…`, symlinks,
// names that are not UTF-8, ratios and totals of zip bombs. A zip at the top level of a zip (not inside a page's folder,
// where it would be an attachment) is a part: its files join the export at the place the part sits.

enum ZipExport {
    static func read(_ url: URL, limits: NotionReadLimits) throws(NotionReadError) -> ExportFiles {
        let archive: Archive
        do { archive = try Archive(url: url, accessMode: .read) } catch {
            throw .unreadable(path: url.lastPathComponent, reason: "not a zip file (\(error))")
        }
        var state = State(limits: limits)
        try state.read(archive, prefix: "", depth: 1)
        state.files.finish()
        return state.files
    }

    /// The parts of a download unzipped once (`Export-<uuid>-Part-N.zip` in the folder): their files join `files`,
    /// counted against the same limits as the folder's own.
    static func addParts(_ parts: [(path: String, url: URL)], to files: inout ExportFiles, total: inout Int64, count: inout Int,
                         limits: NotionReadLimits) throws(NotionReadError) {
        var state = State(limits: limits)
        state.files = files
        state.total = total
        state.count = count
        for part in parts {
            let archive: Archive
            do { archive = try Archive(url: part.url, accessMode: .read) } catch {
                throw .unreadable(path: part.path, reason: "not a zip file (\(error))")
            }
            let folder = ExportPath.folder(part.path)
            try state.read(archive, prefix: folder.isEmpty ? "" : folder + "/", depth: 2)
        }
        files = state.files
        total = state.total
        count = state.count
    }

    private struct State {
        let limits: NotionReadLimits
        var files = ExportFiles()
        var total: Int64 = 0
        var count = 0

        init(limits: NotionReadLimits) { self.limits = limits }

        mutating func read(_ archive: Archive, prefix: String, depth: Int) throws(NotionReadError) {
            for entry in archive {
                let path = try Self.checkedPath(entry, prefix: prefix)
                switch entry.type {
                case .symlink: throw .symlink(path: path)
                case .directory: continue
                case .file: break
                }
                if path.hasSuffix("/") { continue }
                count += 1
                if count > limits.maxFiles { throw .tooManyFiles(path: path, limit: limits.maxFiles) }
                let declared = entry.uncompressedSize
                if declared > 0 {
                    let compressed = max(entry.compressedSize, 1)
                    let ratio = declared / compressed
                    if entry.isCompressed, ratio > UInt64(limits.maxCompressionRatio) {
                        throw .compressionRatio(path: path, ratio: Int(clamping: ratio), limit: limits.maxCompressionRatio)
                    }
                }
                if declared > UInt64(limits.maxTotalBytes) || total + Int64(declared) > limits.maxTotalBytes {
                    throw .tooLarge(path: path, limit: limits.maxTotalBytes)
                }
                let data = try extract(entry, from: archive, path: path, declared: declared)
                total += Int64(data.count)
                let isPart = depth < limits.maxZipDepth && !path.dropFirst(prefix.count).contains("/") && !ExportFiles.isSystemFile(path)
                    && path.lowercased().hasSuffix(".zip")
                if isPart {
                    let inner: Archive
                    do { inner = try Archive(data: data, accessMode: .read) } catch {
                        throw .unreadable(path: path, reason: "not a zip file (\(error))")
                    }
                    let folder = path.split(separator: "/").dropLast().joined(separator: "/")
                    try read(inner, prefix: folder.isEmpty ? "" : folder + "/", depth: depth + 1)
                } else {
                    files.add(path, .memory(data))
                }
            }
        }

        /// The entry's bytes, counted: more than declared (or than the total allows) stops the inflating at once.
        private func extract(_ entry: Entry, from archive: Archive, path: String, declared: UInt64) throws(NotionReadError) -> Data {
            var data = Data()
            data.reserveCapacity(Int(clamping: min(declared, 64 << 20)))
            let room = limits.maxTotalBytes - total
            var overrun = false
            let checksum: CRC32
            do {
                checksum = try archive.extract(entry, skipCRC32: false) { chunk in
                    if UInt64(data.count + chunk.count) > declared || Int64(data.count + chunk.count) > room {
                        overrun = true
                        throw CancellationError()
                    }
                    data.append(chunk)
                }
            } catch {
                if overrun, Int64(data.count) >= room { throw .tooLarge(path: path, limit: limits.maxTotalBytes) }
                throw .corruptEntry(path: path)
            }
            guard UInt64(data.count) == declared, checksum == entry.checksum else { throw .corruptEntry(path: path) }
            return data
        }

        /// The entry's name as a path inside the export, refused when it is not UTF-8, leads out (`..`) or is absolute.
        private static func checkedPath(_ entry: Entry, prefix: String) throws(NotionReadError) -> String {
            let name = entry.path(using: .utf8)
            if name.isEmpty {
                throw .nameNotUTF8(path: prefix + entry.path(using: .isoLatin1))
            }
            let path = prefix + name
            if name.hasPrefix("/") || name.hasPrefix("\\")
                || (name.count >= 2 && name.dropFirst().first == ":" && name.first?.isLetter == true) {
                throw .unsafePath(path: path)
            }
            // A backslash is a separator to Windows' unzip, so `..\` climbs there.
            if name.split(omittingEmptySubsequences: false, whereSeparator: { $0 == "/" || $0 == "\\" }).contains(where: { $0 == ".." }) {
                throw .unsafePath(path: path)
            }
            if name.contains("\0") { throw .unsafePath(path: path) }
            return path
        }
    }
}
