import Foundation
import GitKit

/// A chronik store: a Git repository with a working tree, `chronik.yml` at its root, and entries in collection folders.
///
/// `Store` is a handle (it owns a libgit2 repository): confine it to one task and pass only its value results on.
public final class Store {
    public let repository: Repository
    /// The working tree's root.
    public let root: URL
    /// Parsed `chronik.yml` files by blob id.
    private var configCache: [ObjectID: StoreConfig] = [:]
    /// The last `chronik.yml` parsed, by its bytes: the working tree's and HEAD's are nearly always the same file, and
    /// `log -n1` reads both (the messages' language, then the version's collections).
    private var lastParsedConfig: (data: Data, config: StoreConfig)?

    init(repository: Repository) throws(StoreError) {
        guard let workdir = repository.workingDirectory else {
            throw .bareRepository(path: repository.gitDirectory.path)
        }
        self.repository = repository
        self.root = workdir.standardizedFileURL
    }

    /// Opens the store whose root is `url`, exactly. With `requireConfig: false` (read commands) a Git repository
    /// without `chronik.yml` opens too, as a plain repository (`isPlain`): every `.md` file an entry (`StoreLayout.plain`).
    public convenience init(at url: URL, requireConfig: Bool = true) throws(StoreError) {
        try self.init(repository: Self.repository(url, Repository.init(at:)))
        if requireConfig { try self.requireConfig() }
    }

    /// Finds the store like git finds a repository: `url` and then its parents. With `requireConfig: false`, any Git
    /// repository with a working tree (see `init(at:requireConfig:)`).
    public static func discover(from url: URL, requireConfig: Bool = true) throws(StoreError) -> Store {
        let store = try Store(repository: repository(url, Repository.discover(from:)))
        if requireConfig { try store.requireConfig() }
        return store
    }

    /// True when neither the working tree nor the last version has a `chronik.yml`: a plain repository of Markdown
    /// files, read with `StoreLayout.plain` (only read commands open one). A store whose `chronik.yml` was deleted
    /// but not yet committed is still a store (its status names the missing file).
    public var isPlain: Bool {
        if FileManager.default.fileExists(atPath: root.appendingPathComponent(StoreConfig.fileName).path) { return false }
        guard let tip = try? tip() else { return true }
        return (try? repository.entry(atPath: StoreConfig.fileName, inTree: tip.treeID)) == nil
    }

    /// The configuration stored in a commit, or nil when it has none or an invalid one (a plain repository's version).
    public func configIfAny(at commit: Commit) throws(StoreError) -> StoreConfig? {
        try configIfValid(at: commit)
    }

    /// How a commit's paths name entries: by its `chronik.yml`, else as a plain repository's.
    public func layout(at commit: Commit) throws(StoreError) -> StoreLayout {
        StoreLayout(try configIfValid(at: commit))
    }

    /// Opens a repository with `open`, mapping "no repository there" to `notAStore`.
    private static func repository(_ url: URL, _ open: (URL) throws -> Repository) throws(StoreError) -> Repository {
        do {
            return try open(url)
        } catch let error as GitError where error.code == .notFound {
            throw .notAStore(path: url.path)
        } catch let error as GitError {
            throw .git(error)
        } catch {
            throw .io(path: url.path, message: "\(error)")
        }
    }

    /// A Git repository is a store only with `chronik.yml` at its root.
    private func requireConfig() throws(StoreError) {
        guard FileManager.default.fileExists(atPath: root.appendingPathComponent(StoreConfig.fileName).path) else {
            throw .missingConfig(path: root.path)
        }
    }

    /// True when `url` is the root of a chronik store.
    public static func isStore(at url: URL) -> Bool {
        (try? Store(at: url)) != nil
    }

    /// Creates a store in `url` (which must be missing or empty): a repository on branch `main`, the given
    /// `chronik.yml` and schema files, and a first commit.
    public static func create(
        at url: URL, config: StoreConfig, schemas: [String: Data], author: Signature, committer: Signature, message: String,
        checker: (any ContentChecker)? = nil
    ) throws(StoreError) -> (Store, Commit) {
        let fm = FileManager.default
        var isDirectory: ObjCBool = false
        if fm.fileExists(atPath: url.path, isDirectory: &isDirectory) {
            guard isDirectory.boolValue else { throw .directoryNotEmpty(path: url.path) }
            let contents = (try? fm.contentsOfDirectory(atPath: url.path)) ?? []
            guard contents.isEmpty else { throw .directoryNotEmpty(path: url.path) }
        }
        let repository: Repository
        do {
            try fm.createDirectory(at: url, withIntermediateDirectories: true)
            repository = try Repository.create(at: url, initialBranch: "main")
        } catch let error as GitError {
            throw .git(error)
        } catch {
            throw .io(path: url.path, message: "\(error)")
        }
        let store = try Store(repository: repository)
        try store.writeFile(StoreConfig.fileName, Data(config.yaml().utf8))
        for (name, data) in schemas.sorted(by: { $0.key < $1.key }) {
            try store.writeFile("schemas/\(name)", data)
        }
        switch try store.commit(message: message, author: author, committer: committer, checker: checker) {
        case .committed(let commit, _, _):
            return (store, commit)
        case .nothingToCommit:
            throw .io(path: url.path, message: "the first commit was empty")
        }
    }

    // MARK: - Files of the working tree

    /// The absolute URL of a store path.
    public func url(of path: String) -> URL {
        root.appendingPathComponent(path)
    }

    /// Writes a file of the working tree atomically (write to a temporary file, then rename).
    public func writeFile(_ path: String, _ data: Data) throws(StoreError) {
        let target = url(of: path)
        if let folder = WorkingTreeFile.linkedFolder(on: path, in: root.path) {
            throw .io(path: path, message: "cannot write: \(PathRules.printable(folder)) is a symbolic link; \(PathProblem.symlink.description)")
        }
        do {
            try FileManager.default.createDirectory(at: target.deletingLastPathComponent(), withIntermediateDirectories: true)
            try data.write(to: target, options: .atomic)
        } catch {
            if WriteFailure(error) != nil { throw StoreError.writing(error, fallbackPath: path) }
            throw .io(path: path, message: "cannot write: \(error.localizedDescription)")
        }
    }

    /// The configuration as it stands in the working tree (read as `WorkingTreeFile` reads: a symbolic link, FIFO or
    /// oversized file is an invalid configuration, never followed or read).
    public func workingConfig() throws(StoreError) -> StoreConfig {
        let data: Data
        switch WorkingTreeFile.read(StoreConfig.fileName, in: root.path, limit: FrontMatterLimits().maxFileBytes) {
        case .success(let file):
            data = file.data
        case .failure(.missing):
            throw .missingConfig(path: root.path)
        case .failure(let problem):
            throw .invalidConfig(StoreProblem(file: StoreConfig.fileName, message: problem.description))
        }
        do {
            return try parsedConfig(data)
        } catch {
            throw .invalidConfig(StoreProblem(config: error))
        }
    }

    /// Takes `config`, parsed from `data` elsewhere (`StoreConfig.parse(data)`, e.g. by `chronik validate`'s listing on
    /// another thread, which read the same `chronik.yml` before the store was open), as the last configuration parsed:
    /// `parsedConfig` then gives it for the same bytes without parsing them again. Nothing changes when a
    /// configuration was parsed here already.
    package func adoptParsedConfig(_ config: StoreConfig, from data: Data) {
        if lastParsedConfig == nil { lastParsedConfig = (data, config) }
    }

    /// `StoreConfig.parse(data)`, once for the same bytes in a row (`lastParsedConfig`).
    func parsedConfig(_ data: Data) throws(StoreConfigError) -> StoreConfig {
        if let last = lastParsedConfig, last.data == data { return last.config }
        let config = try StoreConfig.parse(data)
        lastParsedConfig = (data, config)
        return config
    }

    // MARK: - Revisions and snapshots

    /// The branch HEAD points at, e.g. `refs/heads/main`.
    public func branchReference() throws(StoreError) -> String {
        do {
            guard let name = try repository.headReferenceName() else { throw StoreError.detachedHead }
            return name
        } catch let error as StoreError {
            throw error
        } catch {
            throw Self.wrap(error)
        }
    }

    /// The commit at the tip of the current branch, or nil before the first commit.
    public func tip() throws(StoreError) -> Commit? {
        do {
            let branch = try branchReference()
            guard let id = try repository.referenceTarget(branch) else { return nil }
            do {
                return try repository.commit(id)
            } catch let error as GitError {
                // The branch names a commit that cannot be read: not "no versions", an error naming it.
                throw UnreadableObjectError(id: id, path: branch, underlying: error)
            }
        } catch {
            throw Self.wrap(error)
        }
    }

    /// Resolves a revision (tag, branch, commit id prefix, `HEAD~2`, …) to a commit, through libgit2's revparse.
    public func resolve(_ spec: String) throws(StoreError) -> Commit {
        do {
            let id = try repository.resolveCommit(spec)
            return try repository.commit(id)
        } catch let error as GitError {
            if error.code == .notFound, let unreadable = repository.unreadableHead() { throw .unreadableObject(unreadable) }
            switch error.code {
            case .notFound: throw .badRevision(spec: spec, reason: StoreError.revisionNotFoundReason)
            case .ambiguous: throw .badRevision(spec: spec, reason: "ambiguous: several objects start with it; give more characters")
            case .invalidSpec: throw .badRevision(spec: spec, reason: "not a valid revision")
            case .unbornBranch: throw .badRevision(spec: spec, reason: "the branch has no commits yet")
            default: throw .badRevision(spec: spec, reason: error.message)
            }
        } catch {
            throw Self.wrap(error)
        }
    }

    /// The configuration stored in a commit.
    public func config(at commit: Commit) throws(StoreError) -> StoreConfig {
        let entry: TreeEntry?
        do {
            entry = try repository.entry(atPath: StoreConfig.fileName, inTree: commit.treeID)
        } catch {
            throw Self.wrap(error)
        }
        guard let entry, entry.mode == .blob || entry.mode == .executable else {
            throw .missingConfig(path: "\(root.path) at \(commit.id.short())")
        }
        // A history walk asks for the configuration of every version; it rarely changes, so parse each blob once.
        if let cached = configCache[entry.id] { return cached }
        let data: Data
        do {
            data = try repository.blob(entry.id, path: StoreConfig.fileName, version: commit.id)
        } catch {
            throw Self.wrap(error)
        }
        do {
            let config = try parsedConfig(data)
            configCache[entry.id] = config
            return config
        } catch {
            throw .invalidConfig(StoreProblem(config: error, suffix: " (at \(commit.id.short()))"))
        }
    }

    /// The content of the file at `path` in a tree, or nil when there is none.
    public func blob(at path: String, inTree tree: ObjectID) throws(StoreError) -> Data? {
        do {
            guard let entry = try repository.entry(atPath: path, inTree: tree), entry.mode == .blob || entry.mode == .executable else {
                return nil
            }
            return try repository.blob(entry.id, path: path)
        } catch {
            throw Self.wrap(error)
        }
    }

    /// A plain repository's entry, named as `chronik diff` takes it: the path (`docs/foreword.md`), the path without
    /// `.md` (`docs/foreword`, `README` at the root), or a file name without `.md` that is unique in the tree (`foreword`).
    private func resolvePlainEntry(_ spec: String, inTree tree: ObjectID?) throws(StoreError) -> EntryID {
        guard let tree else { throw .entryNotFound(spec: spec, revision: nil) }
        let text = spec.hasSuffix(".md") ? String(spec.dropLast(3)) : spec
        guard !text.isEmpty, !text.hasPrefix("/"), !text.hasSuffix("/") else { throw .entryNotFound(spec: spec, revision: nil) }
        let path = text + ".md"
        do {
            if let found = try repository.entry(atPath: path, inTree: tree), found.mode != .tree,
               let entry = StoreLayout.plain.entry(at: path) {
                return entry
            }
        } catch {
            throw Self.wrap(error)
        }
        guard !text.contains("/") else { throw .entryNotFound(spec: spec, revision: nil) }
        return try Self.plainEntry(spec, among: allPaths(inTree: tree))
    }

    /// A plain repository's entry among these paths (e.g. a working tree's), named as `resolvePlainEntry` names it.
    public static func plainEntry(_ spec: String, among paths: some Sequence<String>) throws(StoreError) -> EntryID {
        let text = spec.hasSuffix(".md") ? String(spec.dropLast(3)) : spec
        var found: [EntryID] = []
        for path in paths {
            guard let e = StoreLayout.plain.entry(at: path) else { continue }
            if e.path == text + ".md" { return e }
            if !text.contains("/"), e.id == text { found.append(e) }
        }
        if found.count == 1 { return found[0] }
        if found.isEmpty { throw .entryNotFound(spec: spec, revision: nil) }
        throw .ambiguousEntry(spec: spec, candidates: found.sorted { $0.path < $1.path })
    }

    /// Finds the entry that `spec` names in a tree: `collection/id` (optionally with `.md`), or an id unique across
    /// collections. Without a configuration (a plain repository's version) as `resolvePlainEntry` names entries.
    public func resolveEntry(_ spec: String, inTree tree: ObjectID?, config: StoreConfig?) throws(StoreError) -> EntryID {
        guard let config else { return try resolvePlainEntry(spec, inTree: tree) }
        var text = spec
        if text.hasSuffix(".md") { text = String(text.dropLast(3)) }
        let parts = text.split(separator: "/", omittingEmptySubsequences: false).map(String.init)
        if parts.count == 2 {
            guard config.collection(named: parts[0]) != nil else {
                throw .entryNotFound(spec: spec, revision: nil, reason: "\"\(PathRules.printable(parts[0]))\" is not a collection")
            }
            if let reason = PathRules.problem(withID: parts[1]) {
                throw .entryNotFound(spec: spec, revision: nil, reason: reason)
            }
            return EntryID(collection: parts[0], id: parts[1])
        }
        guard parts.count == 1, PathRules.problem(withID: text) == nil else {
            throw .entryNotFound(spec: spec, revision: nil)
        }
        guard let tree else { throw .entryNotFound(spec: spec, revision: nil) }
        var found: [EntryID] = []
        for collection in config.collections {
            let candidate = EntryID(collection: collection.name, id: text)
            do {
                if try repository.entry(atPath: candidate.path, inTree: tree) != nil { found.append(candidate) }
            } catch {
                throw Self.wrap(error)
            }
        }
        if found.count == 1 { return found[0] }
        if found.isEmpty { throw .entryNotFound(spec: spec, revision: nil) }
        throw .ambiguousEntry(spec: spec, candidates: found)
    }

    package static func wrap(_ error: Error) -> StoreError {
        if let error = error as? StoreError { return error }
        if let error = error as? UnreadableObjectError { return .unreadableObject(error) }
        if let error = error as? GitError { return .git(error) }
        return .io(path: "", message: "\(error)")
    }
}
