import Foundation

/// A tree entry's file mode (`git_filemode_t`).
public enum FileMode: Sendable, Hashable {
    case blob, executable, symlink, tree, submodule
    case other(UInt32)

    /// Maps a raw mode (e.g. `0o100644`) to a named case.
    public init(raw: UInt32) {
        switch raw {
        case 0o100644: self = .blob
        case 0o100755: self = .executable
        case 0o120000: self = .symlink
        case 0o040000: self = .tree
        case 0o160000: self = .submodule
        default: self = .other(raw)
        }
    }

    /// The raw mode as stored by Git.
    public var raw: UInt32 {
        switch self {
        case .blob: 0o100644
        case .executable: 0o100755
        case .symlink: 0o120000
        case .tree: 0o040000
        case .submodule: 0o160000
        case .other(let raw): raw
        }
    }
}

/// The type of a Git object (`git_object_t`).
public enum ObjectKind: Sendable {
    case blob, tree, commit, tag
}

/// One entry of a tree object.
public struct TreeEntry: Sendable, Hashable {
    public var name: String
    public var id: ObjectID
    public var mode: FileMode

    public init(name: String, id: ObjectID, mode: FileMode) {
        self.name = name
        self.id = id
        self.mode = mode
    }
}

/// An author, committer or tagger with time and time-zone offset (`git_signature`).
public struct Signature: Sendable, Hashable {
    public var name: String
    public var email: String
    /// Whole seconds; Git stores no fractions.
    public var date: Date
    /// Offset from UTC in minutes, e.g. 60 for +0100.
    public var timeZoneOffsetMinutes: Int

    public init(name: String, email: String, date: Date, timeZoneOffsetMinutes: Int = 0) {
        self.name = name
        self.email = email
        self.date = date
        self.timeZoneOffsetMinutes = timeZoneOffsetMinutes
    }
}

/// A commit's data, copied out of libgit2.
public struct Commit: Sendable, Hashable {
    public let id: ObjectID
    public let treeID: ObjectID
    public let parentIDs: [ObjectID]
    public let author: Signature
    public let committer: Signature
    public let message: String

    public init(id: ObjectID, treeID: ObjectID, parentIDs: [ObjectID], author: Signature, committer: Signature, message: String) {
        self.id = id
        self.treeID = treeID
        self.parentIDs = parentIDs
        self.author = author
        self.committer = committer
        self.message = message
    }

    /// The first line of the message, without surrounding white space.
    public var summary: String {
        let firstLine = message.split(separator: "\n", maxSplits: 1, omittingEmptySubsequences: false).first ?? ""
        return firstLine.trimmingCharacters(in: .whitespacesAndNewlines)
    }
}

/// A tag, annotated or lightweight.
public struct Tag: Sendable, Hashable {
    /// The short name, e.g. "v1".
    public let name: String
    /// The tag object's id for annotated tags, the target for lightweight ones.
    public let id: ObjectID
    /// The target peeled to a commit (or the innermost target when it is not a commit).
    public let targetID: ObjectID
    public let tagger: Signature?
    public let message: String?
    public let isAnnotated: Bool

    public init(name: String, id: ObjectID, targetID: ObjectID, tagger: Signature?, message: String?, isAnnotated: Bool) {
        self.name = name
        self.id = id
        self.targetID = targetID
        self.tagger = tagger
        self.message = message
        self.isAnnotated = isAnnotated
    }
}

/// What happened to a file in a diff (`git_delta_t`).
public enum DeltaStatus: String, Sendable {
    case added, deleted, modified, renamed, copied, typeChange, untracked, ignored, unmodified, conflicted, unreadable
}

/// One file's change in a diff (`git_diff_delta`).
public struct DiffDelta: Sendable, Hashable {
    public let status: DeltaStatus
    public let oldPath: String
    public let newPath: String
    /// nil when the side does not exist (or the id is unknown, as for untracked files).
    public let oldID: ObjectID?
    public let newID: ObjectID?
    /// nil when the side does not exist.
    public let oldMode: FileMode?
    public let newMode: FileMode?
    /// 0...100 for renames and copies, else 0.
    public let similarity: Int

    public init(status: DeltaStatus, oldPath: String, newPath: String, oldID: ObjectID?, newID: ObjectID?, oldMode: FileMode?, newMode: FileMode?, similarity: Int) {
        self.status = status
        self.oldPath = oldPath
        self.newPath = newPath
        self.oldID = oldID
        self.newID = newID
        self.oldMode = oldMode
        self.newMode = newMode
        self.similarity = similarity
    }
}

/// Settings for the diff functions; mirrors the parts of `git_diff_options` and `git_diff_find_options` we use.
public struct DiffOptions: Sendable {
    /// Report untracked files (workdir diffs only).
    public var includeUntracked = false
    /// List the files inside untracked folders instead of the folder.
    public var recurseUntrackedDirectories = true
    /// Run `git_diff_find_similar` to pair deletions and additions as renames.
    public var detectRenames = false
    /// Similarity (0...100) at which a deletion/addition pair counts as a rename.
    public var renameThreshold = 50
    /// Limit the diff to these paths (git pathspec syntax); empty means everything.
    public var pathspec: [String] = []
    /// Take `pathspec` as literal paths of files or folders (a folder includes everything below it), not as
    /// patterns (`GIT_DIFF_DISABLE_PATHSPEC_MATCH`): the working-tree iterator then does not even look at (`lstat`)
    /// what lies outside them.
    public var pathspecIsPathList = false
    /// Report a file that became a symlink (or vice versa) as `typeChange` instead of delete + add.
    public var includeTypeChange = true
    /// When the index is one side: refresh its stat data for files found unchanged (`GIT_DIFF_UPDATE_INDEX`),
    /// so that a later `Index.write` saves it and the next comparison need not hash them again.
    public var updateIndex = false

    public init() {}
}

/// One stage-0 entry of the index with the stat data it keeps of its working-tree file (`git_index_entry`).
public struct IndexStatEntry: Sendable, Hashable {
    public let entry: IndexEntry
    public let stat: IndexStat
    /// The file's size, truncated to 32 bits as the index keeps it.
    public let fileSize: UInt32

    public init(entry: IndexEntry, stat: IndexStat, fileSize: UInt32) {
        self.entry = entry
        self.stat = stat
        self.fileSize = fileSize
    }
}

/// One stage-0 entry of the index.
public struct IndexEntry: Sendable, Hashable {
    public let path: String
    public let id: ObjectID
    public let mode: FileMode

    public init(path: String, id: ObjectID, mode: FileMode) {
        self.path = path
        self.id = id
        self.mode = mode
    }
}
