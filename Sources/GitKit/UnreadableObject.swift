import Foundation

/// An object that a tree or commit names but libgit2 cannot read: missing from the object database, or corrupt
/// (a loose object whose zlib stream does not inflate, a truncated or damaged pack).
///
/// A path that is not in a tree is absent, which is fine; an object the tree names that cannot be read is this
/// error, never an empty or removed entry. Callers add where the object was met: its path and the version.
public struct UnreadableObjectError: Error, Sendable, CustomStringConvertible {
    /// The object that could not be read.
    public let id: ObjectID
    /// The path under which a tree names it, when known.
    public var path: String?
    /// The version (commit) whose tree names it, when known.
    public var version: ObjectID?
    /// libgit2's error.
    public let underlying: GitError

    public init(id: ObjectID, path: String? = nil, version: ObjectID? = nil, underlying: GitError) {
        self.id = id
        self.path = path
        self.version = version
        self.underlying = underlying
    }

    /// `cannot read object <id> (<path> at version <short id>): <libgit2 message>`.
    public var description: String {
        var place: [String] = []
        if let path { place.append(String(path.unicodeScalars.map { $0.value < 0x20 || $0.value == 0x7F ? "?" : Character($0) })) }
        if let version { place.append("at version \(version.short())") }
        let location = place.isEmpty ? "" : " (\(place.joined(separator: " ")))"
        return "cannot read object \(id.hex)\(location): \(underlying.message)"
    }

    /// The same error, with the path and version filled in where they were not known yet.
    public func at(path: String?, version: ObjectID?) -> UnreadableObjectError {
        var copy = self
        if copy.path == nil { copy.path = path }
        if copy.version == nil { copy.version = version }
        return copy
    }
}

extension Repository {
    /// The content of blob `id` that a tree names at `path`; any failure to read it (missing or corrupt) is an
    /// ``UnreadableObjectError`` naming the object, the path and the version. Wraps `git_blob_lookup`.
    public func blob(_ id: ObjectID, path: String?, version: ObjectID? = nil) throws(UnreadableObjectError) -> Data {
        do {
            return try blob(id)
        } catch let error as GitError {
            throw UnreadableObjectError(id: id, path: path, version: version, underlying: error)
        } catch {
            throw UnreadableObjectError(id: id, path: path, version: version,
                                        underlying: GitError(code: .other(-1), message: "\(error)", operation: "git_blob_lookup"))
        }
    }
}

extension Repository {
    /// The commit HEAD names; nil when its branch is unborn (no versions yet). A HEAD that names an object that
    /// cannot be read (a truncated pack, a missing object) is an ``UnreadableObjectError``: it is never "no versions"
    /// (which would make the whole working tree look added). Wraps `git_reference_name_to_id` and `git_commit_lookup`.
    public func headCommit() throws -> ObjectID? {
        guard let target = try referenceTarget("HEAD") else { return nil }
        do {
            _ = try treeID(ofCommit: target)
            return target
        } catch let error as GitError {
            throw UnreadableObjectError(id: target, path: "HEAD", underlying: error)
        }
    }

    /// The error of a HEAD whose commit cannot be read, if it is so: a revision that is "not found" in such a
    /// repository may well be there, in the part of the object database that cannot be read.
    public func unreadableHead() -> UnreadableObjectError? {
        do {
            _ = try headCommit()
            return nil
        } catch let error as UnreadableObjectError {
            return error
        } catch {
            return nil
        }
    }
}
