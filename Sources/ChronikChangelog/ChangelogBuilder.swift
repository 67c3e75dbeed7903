import ChronikDiff
import ChronikStore
import Foundation
import GitKit

// The history walk: the first-parent history from `to` back to `from`, grouped by release (annotated tags on it)
// or by version, each group compared with the version before it by `SnapshotDiffer` (public fields only).
//
// A group is diffed as a whole (the release against the release before it), so a field changed twice within a
// release shows once, from its value at the previous release to its value at this one, and an entry added and
// removed again does not show at all. Each group's change record is cached under `.git/chronik/changelog-cache/`
// (see `ChangeRecordCache`), keyed by the record format version, the label language and the two commit ids; the
// ends of a release group
// never move, so a rerun after one new version diffs only the group that changed (with `--by commit`: one
// version). The diff's working set (trees, blobs, parsed entries) is dropped after each group, so memory is
// bounded by the largest group's change, plus the records themselves.

/// Settings of the changelog, with defaults.
public struct ChangelogOptions: Sendable {
    /// Start after this version (exclusive); nil: from the first version.
    public var from: ObjectID?
    /// The newest version; nil: HEAD.
    public var to: ObjectID?
    public var grouping: ChangelogGrouping = .release
    /// `de` or `en`; nil: the store's `language` (plain repositories: `de`).
    public var language: String?
    /// Where change records are cached; nil: no cache.
    public var cacheDirectory: URL?
    /// Keep the word-level `blocks` of changed entries (what renderers show with `detail`). Without them a cached
    /// changelog reads much less (they are most of a record), and holds less.
    public var blocks = true

    public init() {}

    /// The default cache folder of a repository: `.git/chronik/changelog-cache`.
    public static func defaultCacheDirectory(of repository: Repository) -> URL {
        repository.gitDirectory.appendingPathComponent("chronik/changelog-cache", isDirectory: true)
    }
}

/// Errors of the changelog.
public enum ChangelogError: Error, Sendable, CustomStringConvertible {
    case git(GitError)
    case diff(SnapshotDiffError)
    /// The repository has no versions yet.
    case noVersions
    /// `from` is not an ancestor of `to` on its first-parent history.
    case notAnAncestor(from: ObjectID, to: ObjectID)

    public var description: String {
        switch self {
        case .git(let e): return e.description
        case .diff(let e): return "\(e)"
        case .noVersions: return "the repository has no versions yet"
        case .notAnAncestor(let from, let to): return "\(from.short()) is not a version before \(to.short()) on the first-parent history"
        }
    }
}

/// How much work a build did.
public struct ChangelogStatistics: Sendable, Hashable {
    /// Groups diffed now.
    public var computed = 0
    /// Groups read from the cache.
    public var cached = 0
    public init() {}
}

/// Builds changelogs of one repository. A handle: confine it to one task.
public final class ChangelogBuilder {
    public let repository: Repository
    public private(set) var statistics = ChangelogStatistics()

    public init(repository: Repository) {
        self.repository = repository
    }

    /// The changelog for `options`.
    public func build(_ options: ChangelogOptions = .init()) throws(ChangelogError) -> Changelog {
        do {
            return try run(options)
        } catch let error as ChangelogError {
            throw error
        } catch let error as SnapshotDiffError {
            throw .diff(error)
        } catch let error as GitError {
            throw .git(error)
        } catch {
            throw .diff(.io(path: "", message: "\(error)"))
        }
    }

    private func run(_ options: ChangelogOptions) throws -> Changelog {
        statistics = ChangelogStatistics()
        let to: ObjectID
        if let given = options.to {
            to = given
        } else if let head = try repository.referenceTarget("HEAD") {
            to = head
        } else {
            throw ChangelogError.noVersions
        }
        // Newest first, along first parents, down to the root.
        let history = try repository.walk(from: [to], firstParentOnly: true)
        guard let root = history.last else { throw ChangelogError.noVersions }
        var ids = history
        if let from = options.from {
            guard let k = history.firstIndex(of: from) else { throw ChangelogError.notAnAncestor(from: from, to: to) }
            ids = Array(history[..<k])
        }
        var commits: [ObjectID: Commit] = [:]
        for id in ids { commits[id] = try repository.commit(id) }
        let rootCommit = try repository.commit(root)

        // Configuration at the newest version: mode, title, language, collection labels.
        let tip = try repository.commit(to)
        let config = try repository.entry(atPath: StoreConfig.fileName, inTree: tip.treeID)
            .flatMap { try? StoreConfig.parse(try repository.blob($0.id)) }
        let language = options.language ?? config?.language.rawValue ?? "de"
        var diffOptions = SnapshotDiffOptions()
        diffOptions.publicOnly = true
        diffOptions.language = language

        // Releases: annotated tags on the walked versions; of several on one version, the newest.
        let onPath = Set(ids)
        var releases: [ObjectID: Release] = [:]
        for tag in try repository.tags() where tag.isAnnotated && onPath.contains(tag.targetID) {
            let commit = commits[tag.targetID]
            let date = tag.tagger.map { Timestamp(date: $0.date, offsetMinutes: $0.timeZoneOffsetMinutes) }
                ?? commit.map(Self.timestamp) ?? Timestamp(date: Date(timeIntervalSince1970: 0), offsetMinutes: 0)
            let release = Release(name: PublicText.line(tag.name), tag: tag.id, version: tag.targetID, date: date,
                                  tagger: tag.tagger.map { Person(name: PublicText.name($0.name)) },
                                  message: PublicText.message(tag.message ?? ""))
            if let other = releases[tag.targetID], (other.date.date, other.name) > (release.date.date, release.name) { continue }
            releases[tag.targetID] = release
        }

        // Groups, oldest first.
        var spans: [(kind: ChangelogGroup.Kind, versions: [ObjectID])] = []
        var pending: [ObjectID] = []
        for id in ids.reversed() {
            pending.append(id)
            if options.grouping == .commit {
                spans.append((.version, pending))
                pending = []
            } else if releases[id] != nil {
                spans.append((.release, pending))
                pending = []
            }
        }
        if !pending.isEmpty { spans.append((.unreleased, pending)) }

        let differ = SnapshotDiffer(repository: repository)
        let cache = options.cacheDirectory.map { ChangeRecordCache(directory: $0, language: language) }
        // Records computed before an error are kept too.
        defer { cache?.flush() }
        var groups: [ChangelogGroup] = []
        var collectionNames = Set<String>()
        for span in spans.reversed() {
            guard let oldest = span.versions.first, let newest = span.versions.last, let newestCommit = commits[newest] else { continue }
            let base = commits[oldest]?.parentIDs.first
            let record = try changeRecord(differ, base: base, tip: newest, options: diffOptions, blocks: options.blocks, cache: cache)
            for e in record.entries { collectionNames.insert(e.entry.collection); if let f = e.from { collectionNames.insert(f.collection) } }
            var versions: [ChangelogVersion] = []
            var contributors: [Person] = []
            for id in span.versions {
                guard let c = commits[id] else { continue }
                let author = Person(name: PublicText.name(c.author.name))
                if !contributors.contains(author) { contributors.append(author) }
                versions.append(ChangelogVersion(id: id, author: author, date: Self.timestamp(c), message: PublicText.message(c.message)))
            }
            let release = span.kind == .release ? releases[newest] : nil
            groups.append(ChangelogGroup(kind: span.kind, release: release, version: newest, base: base,
                                         date: release?.date ?? Self.timestamp(newestCommit), versions: versions.reversed(),
                                         contributors: contributors, changes: record))
        }

        let title: String
        var collections: [ChangelogCollection]
        if let config {
            title = PublicText.line(config.title)
            let storeLanguage = StoreLanguage(rawValue: language) ?? config.language
            collections = config.collections.map { ChangelogCollection(name: $0.name, label: PublicText.line($0.label(in: storeLanguage))) }
        } else {
            title = PublicText.line((repository.workingDirectory ?? repository.gitDirectory.deletingLastPathComponent()).lastPathComponent)
            collections = []
        }
        for name in collectionNames.sorted() where !collections.contains(where: { $0.name == name }) {
            collections.append(ChangelogCollection(name: name, label: name))
        }
        return Changelog(title: title, language: language, mode: config == nil ? .plain : .store, grouping: options.grouping,
                         to: to, from: options.from, origin: root, originDate: Self.timestamp(rootCommit),
                         collections: collections, groups: groups)
    }

    /// The change record from `base` to `tip`: from the cache, else diffed (and cached).
    private func changeRecord(_ differ: SnapshotDiffer, base: ObjectID?, tip: ObjectID, options: SnapshotDiffOptions,
                              blocks: Bool, cache: ChangeRecordCache?) throws -> ChangeRecord {
        if let record = cache?.read(base: base, tip: tip, blocks: blocks) {
            statistics.cached += 1
            return record
        }
        let diff = try differ.diff(from: base.map { .commit($0) } ?? .empty, to: .commit(tip), options: options)
        var record = ChangeRecord(diff)
        statistics.computed += 1
        cache?.add(record, base: base, tip: tip)
        if !blocks { record.removeBlocks() }
        return record
    }

    static func timestamp(_ commit: Commit) -> Timestamp {
        Timestamp(date: commit.author.date, offsetMinutes: commit.author.timeZoneOffsetMinutes)
    }
}

/// The change-record cache of one language: a `SegmentCache` in `<directory>/v<format>-<language>/` with two
/// compact-JSON values per record: the record without its entries' word-level blocks under `<tip>-<base|root>`, and
/// the blocks (one list per entry) under `<tip>-<base|root>/blocks`, so that a changelog without `detail` reads
/// neither the blocks nor their bytes (they are about two fifths of a record).
///
/// Values are written by `JSONByteWriter` and read by `JSONParser` and `JSONValueDecoder`: several times faster than
/// Foundation's `JSONEncoder`/`JSONDecoder`, which took a quarter of a warm run; number literals in field values
/// are kept as written.
final class ChangeRecordCache {
    private let segments: SegmentCache
    private let decoder = JSONValueDecoder()

    init(directory: URL, language: String) {
        let safeLanguage = String(language.filter { $0.isLetter || $0 == "-" }.prefix(16))
        segments = SegmentCache(folder: directory.appendingPathComponent(
            "v\(ChangeRecord.formatVersion)-\(safeLanguage.isEmpty ? "x" : safeLanguage)", isDirectory: true))
    }

    static func key(base: ObjectID?, tip: ObjectID) -> String { "\(tip.hex)-\(base?.hex ?? "root")" }

    /// The cached record, with its blocks when `blocks` (else with none); nil when it is not cached whole.
    func read(base: ObjectID?, tip: ObjectID, blocks: Bool) -> ChangeRecord? {
        let key = Self.key(base: base, tip: tip)
        guard var record = segments.value(forKey: key, { try? decoder.decode(ChangeRecord.self, from: $0) }) else { return nil }
        guard blocks else { return record }
        guard let lists = segments.value(forKey: key + "/blocks", { data -> [[BlockChange]]? in
            guard let lists = try? decoder.decode([[BlockChange]].self, from: data), lists.count == record.entries.count else { return nil }
            return lists
        }) else { return nil }
        for (k, list) in lists.enumerated() { record.entries[k].blocks = list }
        return record
    }

    func add(_ record: ChangeRecord, base: ObjectID?, tip: ObjectID) {
        let key = Self.key(base: base, tip: tip)
        var bare = record
        bare.removeBlocks()
        guard let recordJSON = Self.json(bare), let blocksJSON = Self.json(record.entries.map(\.blocks)) else { return }
        segments.add(blocksJSON, forKey: key + "/blocks")
        segments.add(recordJSON, forKey: key)
    }

    private static func json<T: Encodable>(_ value: T) -> Data? {
        var writer = JSONByteWriter(pretty: false)
        guard (try? writer.encode(value)) != nil else { return nil }
        return Data(writer.bytes)
    }

    /// Best effort: a cache that cannot be written only costs time.
    func flush() { segments.flush() }
}
