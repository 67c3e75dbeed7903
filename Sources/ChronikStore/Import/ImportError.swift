import Foundation

/// Errors of `SnapshotImporter`. Every one of them is raised before anything is written, except `store`.
public enum ImportError: Error, Sendable, CustomStringConvertible {
    /// The snapshots folder does not exist.
    case missingFolder(path: String)
    /// The snapshots path is a file.
    case notAFolder(path: String)
    /// The snapshots folder cannot be listed.
    case unreadable(path: String, message: String)
    /// The folder holds no snapshot folders.
    case noSnapshots(path: String)
    /// Problems in the snapshots (files named relative to `root`, as `<snapshot>/<path>`); nothing was written.
    case invalidSnapshots(root: String, problems: [StoreProblem])
    /// The target store has uncommitted changes, which the import would overwrite.
    case uncommittedChanges(path: String)
    /// A failure of the store while writing.
    case store(StoreError)

    public var description: String {
        switch self {
        case .missingFolder(let path):
            return "no such folder: \(PathRules.printable(path))"
        case .notAFolder(let path):
            return "\(PathRules.printable(path)) is a file, not a folder of snapshots"
        case .unreadable(let path, let message):
            return "\(PathRules.printable(path)) cannot be read: \(message)"
        case .noSnapshots(let path):
            return "\(PathRules.printable(path)) holds no snapshot folders (each snapshot is a subfolder with chronik.yml, schemas/ and the entries)"
        case .invalidSnapshots(let root, let problems):
            let noun = problems.count == 1 ? "problem" : "problems"
            let prefix = root.isEmpty || root.hasSuffix("/") ? root : root + "/"
            return "\(problems.count) \(noun) in the snapshots; nothing was written:\n"
                + problems.map { problem in
                    var located = problem
                    located.file = prefix + problem.file
                    return "  " + located.description
                }.joined(separator: "\n")
        case .uncommittedChanges(let path):
            return "the store \(PathRules.printable(path)) has uncommitted changes, which the import would overwrite; record them with `chronik commit` (or discard them) first"
        case .store(let error):
            return error.description
        }
    }
}
