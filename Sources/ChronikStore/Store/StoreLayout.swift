import Foundation

/// How the paths of one version map to entries.
///
/// A store (a version with a valid `chronik.yml`) names entries by its rules (`PathRules.classify`): `<collection>/<id>.md`
/// in a configured collection. A plain repository (no `chronik.yml`, e.g. a policy text kept in Git by others) has
/// no rules to break: every `.md` file is an entry, its collection the folder path ("" at the root, `docs/policy` when
/// nested) and its id the file name without `.md`; every other file is an other file. This is the naming
/// `chronik diff` has always used for plain repositories, now shared by every command.
public enum StoreLayout: Sendable, Hashable {
    case configured(collections: Set<String>)
    case plain

    /// The layout of a version with this configuration (nil: none, or an invalid one).
    public init(_ config: StoreConfig?) {
        self = config.map { .configured(collections: $0.collectionNames) } ?? .plain
    }

    /// The declared collections (none for a plain repository).
    public var collections: Set<String> {
        if case .configured(let collections) = self { return collections }
        return []
    }

    public var isPlain: Bool {
        if case .plain = self { return true }
        return false
    }

    /// What `path` is in this layout. In a plain repository nothing is refused: a path is an entry or an other file.
    public func classify(_ path: String) -> Result<StorePathKind, PathProblem> {
        switch self {
        case .configured(let collections):
            return PathRules.classify(path, collections: collections)
        case .plain:
            return .success(Self.plainKind(path))
        }
    }

    /// The entry at `path`, if it is one.
    public func entry(at path: String) -> EntryID? {
        if case .success(.entry(let e)) = classify(path) { return e }
        return nil
    }

    /// A plain repository's naming: `a/b/c.md` is entry `c` of collection `a/b`; `c.md` is entry `c` of collection "".
    static func plainKind(_ path: String) -> StorePathKind {
        guard path.hasSuffix(".md"), path.utf8.count > 3 else { return .ignoredMeta }
        let slash = path.lastIndex(of: "/")
        let folder = slash.map { String(path[..<$0]) } ?? ""
        let name = slash.map { String(path[path.index(after: $0)...]) } ?? path
        let id = String(name.dropLast(3))
        guard !id.isEmpty else { return .ignoredMeta }
        return .entry(EntryID(collection: folder, id: id))
    }
}
