import Foundation
import GitKit

// What `chronik new` and the "did you mean" of entry and revision lookups need from a store (issue 16): the ids of a
// collection (last version and working tree), the names a revision may be, and writing a new file whole or not at all.

extension Store {
    /// The ids of `collection`'s entries in the last version and in the working tree (new, untracked files included),
    /// sorted. Files that are not valid entries are left out.
    public func entryIDs(in collection: String) throws(StoreError) -> [String] {
        var ids = Set<String>()
        if let tip = try tip() {
            for path in try allPaths(inTree: tip.treeID) {
                if let id = Self.entryID(path, collection: collection) { ids.insert(id) }
            }
        }
        let folder = root.appendingPathComponent(collection)
        for name in (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? [] {
            if let id = Self.entryID("\(collection)/\(name)", collection: collection) { ids.insert(id) }
        }
        return ids.sorted()
    }

    private static func entryID(_ path: String, collection: String) -> String? {
        let prefix = collection + "/"
        guard path.hasPrefix(prefix), path.hasSuffix(".md") else { return nil }
        let id = String(path.dropFirst(prefix.count).dropLast(3))
        guard !id.contains("/"), PathRules.problem(withID: id) == nil else { return nil }
        return id
    }

    /// The names a revision is most often given by: the tags (releases) and the current branch. For "did you mean".
    public func revisionNames() -> [String] {
        var names = ((try? repository.tags()) ?? []).map(\.name)
        if let head = try? repository.headReferenceName(), head.hasPrefix("refs/heads/") {
            names.append(String(head.dropFirst("refs/heads/".count)))
        }
        return names
    }

    /// Writes a new file at `path` (relative to the root) whole or not at all, and never over an existing one: the
    /// content goes to a temporary file in the same folder, which is then hard-linked to its name (`link(2)` fails
    /// with `EEXIST` rather than replace, so two writers cannot both win) and removed. Missing folders are created.
    /// Returns false when the file exists already (nothing is written).
    public func createNewFile(_ path: String, _ data: Data) throws(StoreError) -> Bool {
        let target = url(of: path)
        if let folder = WorkingTreeFile.linkedFolder(on: path, in: root.path) {
            throw .io(path: path, message: "cannot write: \(PathRules.printable(folder)) is a symbolic link; \(PathProblem.symlink.description)")
        }
        let directory = target.deletingLastPathComponent()
        let temporary = directory.appendingPathComponent(".\(target.lastPathComponent).chronik-new-\(getpid())")
        do {
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
            try data.write(to: temporary, options: .withoutOverwriting)
        } catch {
            try? FileManager.default.removeItem(at: temporary)
            if WriteFailure(error) != nil { throw StoreError.writing(error, fallbackPath: path) }
            throw .io(path: path, message: "cannot write: \(error.localizedDescription)")
        }
        defer { unlink(temporary.path) }
        if link(temporary.path, target.path) == 0 { return true }
        let code = errno
        if code == EEXIST { return false }
        throw .io(path: path, message: "cannot write: \(String(cString: strerror(code)))")
    }
}
