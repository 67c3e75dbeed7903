import CGitKitZlib
import CLibGit2
import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// An object to store as a loose file: its id, type and content (without git's "<type> <size>\0" header).
package struct LooseObject {
    package var id: ObjectID
    package var type: String
    package var content: [UInt8]

    package init(id: ObjectID, type: String, content: [UInt8]) {
        self.id = id
        self.type = type
        self.content = content
    }
}

/// Writes loose objects (`objects/xx/yyyy…`, zlib-deflated "<type> <size>\0<content>") durably in one batch,
/// instead of libgit2's fsync of each object's file and of its folder, one after the other (issue 19: a commit of
/// one changed entry writes a blob, two or three trees and the commit, eight fsyncs that each wait for the file
/// system's journal).
///
/// The order keeps what libgit2's per-object fsync keeps: no object is reachable under its final name before its
/// bytes are on disk, and nothing references it before its name is.
/// 1. Every object is written to a temporary file in `objects/` (as git and libgit2 do; `git fsck` and `git gc`
///    ignore and eventually remove `tmp_obj_*` files left by a crash).
/// 2. Every file's write-back is started (`sync_file_range(SYNC_FILE_RANGE_WRITE)`, Linux), then every file is
///    fsynced, all at the same time (`DurableWrites.syncAll`): each file is still fsynced on its own, so this is as
///    durable as one fsync after each write on any file system; on ext4 (and others whose journal commit covers all
///    pending allocations) one journal commit carries every file, and the fsyncs share the disk's cache flushes.
/// 3. Each file is linked under its final name (`link`, as git does, so an object written meanwhile by someone else
///    is kept, never replaced; renamed where the file system has no hard links, as git does), the temporary name
///    removed.
/// 4. Every fan-out folder that got a name, and `objects/` when a fan-out folder was created, is fsynced (at the
///    same time).
/// Only after `write` returns may a reference point at the objects.
package enum LooseObjectFiles {
    /// Stores `objects` under `objectsPath` (the repository's `objects` folder), durable when it returns. An object
    /// whose final file already exists is left as it is. Throws a `GitError` naming the file and the system error
    /// (`ENOSPC`, `EROFS`, …) when a write fails; temporary files are removed then.
    package static func write(_ objects: [LooseObject], objectsPath: String) throws {
        guard !objects.isEmpty else { return }
        var temporary: [(fd: Int32, path: String, object: LooseObject)] = []
        defer {
            for file in temporary {
                if file.fd >= 0 { close(file.fd) }
                unlink(file.path)
            }
        }
        for object in objects {
            let bytes = try deflated(object)
            var template = Array((objectsPath + "/tmp_obj_XXXXXX").utf8CString)
            let fd = template.withUnsafeMutableBufferPointer { mkstemp($0.baseAddress!) }
            guard fd >= 0 else { throw DurableWrites.failure("failed to create temporary file", objectsPath + "/tmp_obj_XXXXXX") }
            let path = template.withUnsafeBufferPointer { String(cString: $0.baseAddress!) }
            temporary.append((fd, path, object))
            _ = fcntl(fd, F_SETFD, FD_CLOEXEC)
            // As git: objects are read-only files.
            fchmod(fd, 0o444)
            try DurableWrites.writeAll(fd, bytes, path: path, what: "failed to write loose object")
        }
        if let startWriteBack = Self.syncFileRange {
            for file in temporary {
                // Starts the write-back of every file before the first fsync waits (an advice: its failure is
                // harmless, the fsync below still writes the file). 2 is SYNC_FILE_RANGE_WRITE.
                _ = startWriteBack(file.fd, 0, 0, 2)
            }
        }
        try DurableWrites.syncAll(temporary.map { DurableWrites.Sync(fd: $0.fd, path: $0.path) })
        for index in temporary.indices {
            close(temporary[index].fd)
            temporary[index].fd = -1
        }
        var folders: [String] = []
        var createdFolder = false
        for file in temporary {
            let hex = file.object.id.hex
            let folder = objectsPath + "/" + String(hex.prefix(2))
            let final = folder + "/" + String(hex.dropFirst(2))
            // `git gc` and `git prune-packed` remove empty fan-out folders at any moment: make the folder again when
            // it went between its creation and the link.
            var attempts = 0
            while true {
                if link(file.path, final) == 0 || errno == EEXIST { break }
                // A file system without hard links: as git and libgit2, rename instead (the same bytes by their hash).
                if errno != ENOENT, rename(file.path, final) == 0 { break }
                guard errno == ENOENT, attempts < 8 else { throw DurableWrites.failure("failed to link loose object", final) }
                attempts += 1
                if mkdir(folder, 0o777) == 0 {
                    createdFolder = true
                } else if errno != EEXIST {
                    throw DurableWrites.failure("failed to create folder", folder)
                }
            }
            if !folders.contains(folder) { folders.append(folder) }
        }
        if createdFolder { folders.append(objectsPath) }
        try DurableWrites.syncFolders(folders)
    }

    /// Linux's `sync_file_range`, which Swift's Glibc module does not declare (it needs `_GNU_SOURCE`); nil elsewhere.
    private static let syncFileRange: (@convention(c) (Int32, Int64, Int64, UInt32) -> Int32)? = {
        #if os(Linux)
        guard let symbol = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "sync_file_range") else { return nil }
        return unsafeBitCast(symbol, to: (@convention(c) (Int32, Int64, Int64, UInt32) -> Int32).self)
        #else
        return nil
        #endif
    }()

    /// The loose file's bytes: "<type> <size>\0<content>", deflated at zlib's level 1 (git's
    /// `core.looseCompression` default).
    static func deflated(_ object: LooseObject) throws -> [UInt8] {
        var raw = Array("\(object.type) \(object.content.count)\0".utf8)
        raw.append(contentsOf: object.content)
        var size = compressBound(uLong(raw.count))
        var output = [UInt8](repeating: 0, count: Int(size))
        let rc = output.withUnsafeMutableBufferPointer { out in
            raw.withUnsafeBufferPointer { input in
                compress2(out.baseAddress, &size, input.baseAddress, uLong(input.count), 1)
            }
        }
        guard rc == Z_OK else {
            throw GitError(code: .other(-1), errorClass: Int32(GIT_ERROR_ZLIB.rawValue), message: "failed to deflate object \(object.id.hex)", operation: "compress2")
        }
        output.removeSubrange(Int(size)...)
        return output
    }
}

/// A second handle on a repository whose object writes (blobs staged by the index, trees written from it, commits)
/// stay in memory until `storeLoose(reachableFrom:)` stores those a commit reaches as loose objects in one durable
/// batch (`LooseObjectFiles`): a `chronik commit` does all its libgit2 work on this handle, then moves the branch.
///
/// ```swift
/// let writer = try repository.deferredObjectWriter()
/// let index = try writer.repository.index()
/// …                                            // stage, write the tree and the commit through writer.repository
/// try writer.storeLoose(reachableFrom: commit) // durable before it returns
/// try writer.repository.updateReference("refs/heads/main", to: commit, expecting: tip, logMessage: "commit")
/// ```
///
/// The objects live in libgit2's in-memory backend (mempack) above the object database's own, so that nothing else
/// sees them before `storeLoose`; objects the repository already holds are not written again (libgit2 finds them
/// first). Not `Sendable`: confine it to one task.
public final class DeferredObjectWriter {
    /// The handle to do the writing through.
    public let repository: Repository
    /// Owned by `repository`'s object database.
    private let backend: UnsafeMutablePointer<git_odb_backend>

    init(reopening original: Repository) throws {
        repository = try original.reopened()
        backend = try repository.addInMemoryObjectBackend()
    }

    /// Stores every object written through `repository` that `id` reaches (a commit, its tree, the new trees and
    /// blobs below it) as loose objects, durable when it returns, then forgets the objects held in memory. Returns
    /// the ids stored, in the order written. Wraps `git_odb_read` and `git_mempack_reset`.
    @discardableResult
    public func storeLoose(reachableFrom id: ObjectID) throws -> [ObjectID] {
        var objects: [LooseObject] = []
        var seen = Set<ObjectID>()
        var pending = [id]
        while let next = pending.popLast() {
            guard seen.insert(next).inserted, held(next) else { continue }
            let (type, content) = try read(next)
            objects.append(LooseObject(id: next, type: type, content: content))
            switch type {
            case "commit":
                // Its tree; its parents are stored already (they were read to write it).
                if let tree = Self.treeOfCommit(content) { pending.append(tree) }
            case "tree":
                pending.append(contentsOf: try Self.entryIDs(ofTree: content, id: next))
            default:
                break
            }
        }
        try LooseObjectFiles.write(objects, objectsPath: try repository.objectsPath())
        try check(git_mempack_reset(backend), "git_mempack_reset")
        return objects.map(\.id)
    }

    /// Forgets the objects held in memory (an attempt that will not be recorded). Wraps `git_mempack_reset`.
    public func discard() throws {
        try check(git_mempack_reset(backend), "git_mempack_reset")
    }

    /// Whether the in-memory backend holds `id` (it holds only what was written through this handle and was not in
    /// the repository already).
    private func held(_ id: ObjectID) -> Bool {
        guard let exists = backend.pointee.exists else { return false }
        var oid = id.oid
        return exists(backend, &oid) == 1
    }

    private func read(_ id: ObjectID) throws -> (String, [UInt8]) {
        var object: OpaquePointer?
        var oid = id.oid
        try check(git_odb_read(&object, try repository.odb(), &oid), "git_odb_read")
        guard let object else { throw GitError.missingResult("git_odb_read") }
        defer { git_odb_object_free(object) }
        let size = git_odb_object_size(object)
        let content = size == 0 ? [] : [UInt8](UnsafeRawBufferPointer(start: git_odb_object_data(object), count: size))
        switch git_odb_object_type(object) {
        case GIT_OBJECT_COMMIT: return ("commit", content)
        case GIT_OBJECT_TREE: return ("tree", content)
        case GIT_OBJECT_BLOB: return ("blob", content)
        case GIT_OBJECT_TAG: return ("tag", content)
        default: throw GitError.missingResult("git_odb_object_type")
        }
    }

    /// The id on a commit's first line ("tree <40 hex>\n").
    static func treeOfCommit(_ content: [UInt8]) -> ObjectID? {
        guard content.count >= 46, content.starts(with: Array("tree ".utf8)) else { return nil }
        return ObjectID(hex: String(decoding: content[5..<45], as: UTF8.self))
    }

    /// The ids a tree's entries name, submodules (gitlinks, mode 160000) left out: they live in another repository.
    static func entryIDs(ofTree content: [UInt8], id: ObjectID) throws -> [ObjectID] {
        try content.withUnsafeBytes { raw -> [ObjectID] in
            var ids: [ObjectID] = []
            var p = 0
            while p < raw.count {
                guard let entry = RawTreeEntries.entry(raw, at: p), let base = raw.baseAddress else {
                    throw GitError(code: .other(-1), errorClass: Int32(GIT_ERROR_OBJECT.rawValue), message: "failed to parse tree \(id.hex)", operation: "storeLoose")
                }
                if entry.mode != 0o160000 { ids.append(ObjectID(rawBytes: base + entry.next - 20)) }
                p = entry.next
            }
            return ids
        }
    }
}

extension Repository {
    /// A second handle on this repository whose object writes wait in memory (see ``DeferredObjectWriter``).
    public func deferredObjectWriter() throws -> DeferredObjectWriter {
        try DeferredObjectWriter(reopening: self)
    }

    /// Another handle on the same repository, opened the way this one was (GitKit's own layout and libgit2 on first
    /// use when GitKit found it; libgit2 at its working or git directory otherwise).
    func reopened() throws -> Repository {
        if let layout, let (path, flags) = deferredOpenParameters {
            return Repository(reopening: layout, path: path, flags: flags)
        }
        let handle = try pointer
        let path = git_repository_workdir(handle) ?? git_repository_path(handle)
        guard let path else { throw GitError.missingResult("git_repository_path") }
        return try Repository(openingWithLibGit2: URL(fileURLWithPath: String(cString: path), isDirectory: true))
    }

    /// The `objects` folder (the common directory's, shared by worktrees), without a trailing slash. Wraps
    /// `git_repository_commondir`.
    func objectsPath() throws -> String {
        var common: String
        if let layout {
            common = layout.gitDirectory
        } else {
            guard let path = git_repository_commondir(try pointer) else { throw GitError.missingResult("git_repository_commondir") }
            common = String(cString: path)
        }
        if !common.hasSuffix("/") { common += "/" }
        return common + "objects"
    }
}
