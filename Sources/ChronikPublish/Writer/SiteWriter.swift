import ChronikDiff
import ChronikStore
import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Puts a site on disk so that readers never see half of it (issue 15): the whole site is written into a temporary
/// folder beside the target, then swapped in by renaming; a failed write removes the temporary folder and leaves
/// the old site as it was. Incremental: a file whose bytes equal the old site's file is hard-linked from it rather
/// than written again, so a second publish after one new version writes only what changed, and the result is the
/// same bytes as a full publish. The target must be missing, an empty folder, or a site chronik wrote (it holds
/// the manifest `.chronik-site.json`, every path with its checksum): chronik never replaces a folder of someone
/// else's files.
public struct SiteWriter: Sendable {
    /// The manifest's file name in the site's root.
    public static let manifestName = ".chronik-site.json"

    public let target: URL
    /// Writes all bytes to a descriptor, returning 0 or an `errno` (`Descriptor.writeAll`; the fault-injection tests
    /// pass one that fails as a full disk does).
    let writeAll: @Sendable (Int32, UnsafeRawBufferPointer) -> Int32

    public init(target: URL) {
        self.init(target: target, writeAll: { Descriptor.writeAll($0, $1) })
    }

    init(target: URL, writeAll: @escaping @Sendable (Int32, UnsafeRawBufferPointer) -> Int32) {
        self.target = target.standardizedFileURL
        self.writeAll = writeAll
    }

    /// Writes `files` as the whole site at `target`.
    public func write(_ files: SiteFiles) throws -> SiteWriteResult {
        var plan = SitePlan()
        plan.add(rendered: files)
        return try write(plan, previous: nil).result
    }

    /// Writes the files of `plan` as the whole site at `target`, rendering each file when it is written (so the
    /// site's bytes are never all in memory). A file whose fingerprint is the one `previous` (the last publish into
    /// this folder) recorded, whose checksum in the old site's manifest is still the recorded one and whose size
    /// too, is hard-linked from the old site without being rendered (`SiteWriteResult.kept`); a rendered file
    /// whose bytes equal the old site's file is linked too. Gives the cache records of the new site.
    func write(_ plan: SitePlan, previous: SitePublishCache?) throws -> (result: SiteWriteResult, records: [String: SitePublishCache.Record]) {
        let old = try previousSite()
        let parent = target.deletingLastPathComponent()
        do {
            try FileManager.default.createDirectory(at: parent, withIntermediateDirectories: true)
        } catch {
            throw SiteWriterError.writeFailed(path: parent.path, reason: Self.reason(error))
        }
        let name = target.lastPathComponent
        removeAbandoned(in: parent, name: name)
        let suffix = "\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
        let temporary = parent.appendingPathComponent(".\(name).chronik-new-\(suffix)")
        var result = SiteWriteResult(written: 0, unchanged: 0, removed: 0, total: plan.count)
        var records: [String: SitePublishCache.Record] = [:]
        do {
            try makeDirectory(temporary.path)
            var directories: Set<String> = [""]
            var manifest: [(String, String)] = []
            manifest.reserveCapacity(plan.count)
            // Files are rendered on worker threads (one per core) while this thread writes the ones before them, in
            // the plan's order, so the site is the same bytes whatever the number of threads; a file that can be kept
            // from the previous publish is not rendered (when keeping it fails after all, it is rendered here).
            let jobs = RenderJobs(items: plan.items.elements.map { ($0.key, $0.value) }) { path, item in
                guard let input = item.input, let old, let record = previous?.records[path] else { return false }
                return record.input == input && old.files[path] == record.checksum
            }
            let threads = jobs.items.count < Self.parallelMinimum ? 1 : ParallelWork.defaultThreads
            try orderedPipeline(count: jobs.items.count, threads: threads, window: Self.renderWindow, chunk: 4,
                                produce: { _, k in jobs.keepable[k] ? nil : jobs.items[k].1.render() },
                                consume: { k, rendered in
                let (path, item) = jobs.items[k]
                precondition(path != Self.manifestName, "the manifest is the writer's")
                let components = path.split(separator: "/")
                for k in 1..<max(components.count, 1) {
                    let directory = components[..<k].joined(separator: "/")
                    if directories.insert(directory).inserted { try makeDirectory(temporary.path + "/" + directory) }
                }
                let destination = temporary.path + "/" + path
                if jobs.keepable[k], let old, let record = previous?.records[path],
                   keep(from: old.root + "/" + path, to: destination, size: record.size) {
                    manifest.append((path, record.checksum))
                    records[path] = record
                    result.unchanged += 1
                    result.kept += 1
                    return
                }
                let bytes = rendered ?? item.render()
                let checksum = bytes.withUnsafeBytes { Checksum.hex(Checksum.of($0)) }
                manifest.append((path, checksum))
                if let input = item.input { records[path] = SitePublishCache.Record(input: input, checksum: checksum, size: bytes.count) }
                if let old, old.files[path] == checksum, link(from: old.root + "/" + path, to: destination, equal: bytes) {
                    result.unchanged += 1
                } else {
                    try writeFile(destination, bytes)
                    result.written += 1
                }
            })
            if let old { result.removed = Set(old.files.keys).subtracting(plan.items.keys).count }
            try writeFile(temporary.path + "/" + Self.manifestName, Self.manifest(manifest))
            try swap(temporary, into: target, hasOld: old != nil || exists(target.path))
        } catch {
            try? FileManager.default.removeItem(at: temporary)
            throw error
        }
        return (result, records)
    }

    /// Below this many files a site is rendered on the calling thread alone (threads would cost more than they save).
    static let parallelMinimum = 64
    /// How many files the render threads may be ahead of the writing thread (their bytes are held until written).
    static let renderWindow = 64

    /// The plan's files in order, with whether each can be kept from the previous publish: handed to the render
    /// threads. The render functions only read the model, the theme and the options they captured (values), and
    /// libcmark-gfm's extensions are registered before the threads start (`SafeMarkdown.html`), so they may run
    /// on any thread.
    private struct RenderJobs: @unchecked Sendable {
        let items: [(String, SitePlan.Item)]
        let keepable: [Bool]

        init(items: [(String, SitePlan.Item)], keepable: (String, SitePlan.Item) -> Bool) {
            self.items = items
            self.keepable = items.map { keepable($0.0, $0.1) }
            _ = SafeMarkdown.html("")
        }
    }

    // MARK: The target

    private struct OldSite {
        var root: String
        var files: [String: String]
    }

    /// The site at `target`, nil when there is none (missing or an empty folder); throws when the target is
    /// something else.
    private func previousSite() throws -> OldSite? {
        var info = stat()
        guard lstat(target.path, &info) == 0 else {
            if errno == ENOENT { return nil }
            throw SiteWriterError.writeFailed(path: target.path, reason: Descriptor.reason(errno))
        }
        guard info.st_mode & S_IFMT == S_IFDIR else { throw SiteWriterError.targetNotAFolder(path: target.path) }
        let names: [String]
        do {
            names = try FileManager.default.contentsOfDirectory(atPath: target.path)
        } catch {
            throw SiteWriterError.writeFailed(path: target.path, reason: Self.reason(error))
        }
        if names.isEmpty { return nil }
        let manifestPath = target.path + "/" + Self.manifestName
        guard let data = FileManager.default.contents(atPath: manifestPath),
              let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any],
              object["generator"] as? String == "chronik", let list = object["files"] as? [[String: String]]
        else { throw SiteWriterError.notASite(path: target.path) }
        var files: [String: String] = [:]
        for item in list {
            if let path = item["path"], let checksum = item["checksum"] { files[path] = checksum }
        }
        return OldSite(root: target.path, files: files)
    }

    /// The manifest: every path of the site with its checksum (`Checksum`, FNV-1a over words), in the site's order.
    static func manifest(_ files: [(String, String)]) -> [UInt8] {
        var out = "{\n  \"generator\": \"chronik\",\n  \"files\": [\n"
        for (k, (path, checksum)) in files.enumerated() {
            out += "    {\"path\": \(jsonString(path)), \"checksum\": \"\(checksum)\"}" + (k + 1 < files.count ? ",\n" : "\n")
        }
        out += "  ]\n}\n"
        return Array(out.utf8)
    }

    private static func jsonString(_ s: String) -> String {
        var out = "\""
        for scalar in s.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            default:
                if scalar.value < 0x20 {
                    out += String(format: "\\u%04x", scalar.value)
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        return out + "\""
    }

    /// Removes the temporary folders of publishes into the same target that were killed before they could clean up
    /// (`.<name>.chronik-new-<pid>-…`, `.<name>.chronik-old-<pid>-…` whose process no longer runs).
    private func removeAbandoned(in parent: URL, name: String) {
        guard let siblings = try? FileManager.default.contentsOfDirectory(atPath: parent.path) else { return }
        for sibling in siblings {
            for kind in ["new", "old"] {
                let prefix = ".\(name).chronik-\(kind)-"
                guard sibling.hasPrefix(prefix), let pid = Int32(sibling.dropFirst(prefix.count).prefix { $0 != "-" }) else { continue }
                if kill(pid, 0) != 0 && errno == ESRCH {
                    try? FileManager.default.removeItem(at: parent.appendingPathComponent(sibling))
                }
            }
        }
    }

    // MARK: File operations

    private func exists(_ path: String) -> Bool {
        var info = stat()
        return lstat(path, &info) == 0
    }

    private func makeDirectory(_ path: String) throws {
        guard mkdir(path, 0o755) == 0 else {
            throw SiteWriterError.writeFailed(path: path, reason: Descriptor.reason(errno))
        }
    }

    /// Hard-links the old site's file kept without rendering: a regular file of the recorded size.
    private func keep(from old: String, to new: String, size: Int) -> Bool {
        var info = stat()
        guard lstat(old, &info) == 0, info.st_mode & S_IFMT == S_IFREG, Int(info.st_size) == size else { return false }
        return Glibc.link(old, new) == 0
    }

    /// Hard-links the old site's file when its bytes are `bytes` (checked, not trusted to the manifest); false when
    /// it differs or cannot be linked.
    private func link(from old: String, to new: String, equal bytes: [UInt8]) -> Bool {
        guard let data = FileManager.default.contents(atPath: old), data.count == bytes.count,
              data.elementsEqual(bytes) else { return false }
        return Glibc.link(old, new) == 0
    }

    private func writeFile(_ path: String, _ bytes: [UInt8]) throws {
        let descriptor = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else { throw SiteWriterError.writeFailed(path: path, reason: Descriptor.reason(errno)) }
        let error = bytes.withUnsafeBytes { writeAll(descriptor, $0) }
        let closed = close(descriptor) == 0 ? 0 : errno
        if error != 0 { throw SiteWriterError.writeFailed(path: path, reason: Descriptor.reason(error)) }
        if closed != 0 { throw SiteWriterError.writeFailed(path: path, reason: Descriptor.reason(closed)) }
    }

    /// Puts `temporary` in the place of `target`: the old site is renamed aside, the new one renamed in, the old one
    /// removed; when the second rename fails the old site is put back.
    private func swap(_ temporary: URL, into target: URL, hasOld: Bool) throws {
        guard hasOld else {
            guard rename(temporary.path, target.path) == 0 else {
                throw SiteWriterError.writeFailed(path: target.path, reason: Descriptor.reason(errno))
            }
            return
        }
        let aside = temporary.deletingLastPathComponent()
            .appendingPathComponent("." + target.lastPathComponent + ".chronik-old-\(getpid())-\(UInt32.random(in: 0...UInt32.max))")
        guard rename(target.path, aside.path) == 0 else {
            throw SiteWriterError.writeFailed(path: target.path, reason: Descriptor.reason(errno))
        }
        guard rename(temporary.path, target.path) == 0 else {
            let error = errno
            _ = rename(aside.path, target.path)
            throw SiteWriterError.writeFailed(path: target.path, reason: Descriptor.reason(error))
        }
        try? FileManager.default.removeItem(at: aside)
    }

    private static func reason(_ error: Error) -> String {
        if let failure = WriteFailure(error) { return failure.description }
        return (error as NSError).localizedDescription
    }
}

/// What a write did.
public struct SiteWriteResult: Sendable, Hashable, Codable {
    /// Files written (new or changed).
    public var written: Int
    /// Files whose bytes were the old site's (linked, not written).
    public var unchanged: Int
    /// Files of the old site that the new one does not have.
    public var removed: Int
    /// Files of the site (without the manifest).
    public var total: Int
    /// Of the unchanged files, those kept from the previous publish without being rendered (their inputs had not
    /// changed: `SitePublishCache`).
    public var kept: Int = 0
}

/// Why a site could not be written.
public enum SiteWriterError: Error, Equatable, CustomStringConvertible {
    /// The target is a file, a symbolic link or a device.
    case targetNotAFolder(path: String)
    /// The target is a folder with files that is not a site chronik wrote.
    case notASite(path: String)
    /// The file system refused a write (`reason`: "No space left on device", …).
    case writeFailed(path: String, reason: String)

    public var description: String {
        switch self {
        case .targetNotAFolder(let path):
            return "\(path) is not a folder (a file, a symbolic link or a device): chronik publish writes a site only into a folder"
        case .notASite(let path):
            return "\(path) is a folder with files that chronik did not publish (no \(SiteWriter.manifestName)): not replacing it"
        case .writeFailed(let path, let reason):
            return "cannot write \(path): \(reason); the previous site is unchanged"
        }
    }

    /// Whether the disk is full.
    public var isNoSpace: Bool {
        if case .writeFailed(_, let reason) = self {
            return reason == Descriptor.reason(ENOSPC) || reason == WriteFailure.noSpace.description
        }
        return false
    }
}
