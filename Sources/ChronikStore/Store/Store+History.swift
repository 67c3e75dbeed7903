import Foundation
import GitKit

/// A person as public output shows them: a name, never an e-mail address.
public struct Person: Sendable, Hashable, Codable {
    public var name: String
    public init(name: String) { self.name = name }
}

/// One version of the store, as `chronik log` lists it.
public struct Version: Sendable, Codable {
    public var id: ObjectID
    public var parents: [ObjectID]
    public var author: Person
    /// The author date, in the author's time zone.
    public var date: Timestamp
    public var message: String
    public var counts: ChangeCounts
    public var changes: [EntryChange]
    public var files: [FileChange]
    /// With `log ENTRY`: the entry's name at this version (it may have been renamed since).
    public var entry: EntryID?

    public var summary: String { firstLine(message) }

    /// The version's id is `commit` in JSON, as every version id of chronik's output (docs/json-output.md).
    enum CodingKeys: String, CodingKey {
        case id = "commit", parents, author, date, message, counts, changes, files, entry
    }
}

/// Settings of `Store.log`.
public struct LogOptions: Sendable {
    /// Only changes to this entry (following renames).
    public var entry: EntryID?
    /// Only changes to entries of this collection.
    public var collection: String?
    /// At most this many versions.
    public var limit: Int?
    /// Where each version's change set is cached (see `LogCache`); nil: no cache.
    public var cacheDirectory: URL?
    /// Threads that compute versions' change sets (nil: one per core, `ParallelWork.defaultThreads`; 1: the
    /// calling thread alone). The versions and their order are the same whatever the number.
    public var threads: Int?
    public init(entry: EntryID? = nil, collection: String? = nil, limit: Int? = nil, cacheDirectory: URL? = nil, threads: Int? = nil) {
        self.entry = entry
        self.collection = collection
        self.limit = limit
        self.cacheDirectory = cacheDirectory
        self.threads = threads
    }
}

/// The change sets of versions, cached by commit id in a `SegmentCache` under
/// `<directory>/v<formatVersion>/` (by default `.git/chronik/log-cache/`). A version's change set is a function of
/// the commit (its tree and its first parent's) and of how chronik classifies and pairs changes, so the commit id and
/// `formatVersion` are the whole key; bump it when `classify` or `RenameDetector` changes what they report. Safe to
/// delete; never committed (it lives inside `.git`).
///
/// A whole-history `chronik log` reads every changed tree of every version; on a store of 50,000 entries whose
/// collection trees are rebuilt from pack deltas, that is over 10 ms a version in libgit2, while a cached change set
/// decodes in microseconds. So a second `log` costs the versions added since the first.
public final class LogCache {
    public static let formatVersion = 3

    private let segments: SegmentCache
    private let encoder = JSONEncoder()
    private let decoder = JSONDecoder()
    public private(set) var hits = 0
    public private(set) var misses = 0

    public init(directory: URL) {
        segments = SegmentCache(folder: directory.appendingPathComponent("v\(Self.formatVersion)", isDirectory: true))
    }

    /// The default folder of a repository: `.git/chronik/log-cache`.
    public static func defaultDirectory(of repository: Repository) -> URL {
        repository.gitDirectory.appendingPathComponent("chronik/log-cache", isDirectory: true)
    }

    /// The cached change set of `commit`, else `compute()`'s (which is then cached).
    func changes(of commit: ObjectID, _ compute: () throws(StoreError) -> ChangeSet) throws(StoreError) -> ChangeSet {
        if let set = segments.value(forKey: commit.hex, decode) {
            hits += 1
            return set.changeSet
        }
        misses += 1
        let set = try compute()
        if let json = try? encoder.encode(CachedChangeSet(set)) { segments.add(json, forKey: commit.hex) }
        return set
    }

    /// Whether the cache holds a record for `commit` (not yet whether it reads back).
    func has(_ commit: ObjectID) -> Bool { segments.hasKey(commit.hex) }

    /// The cached change set of `commit`, if one reads back.
    func cached(_ commit: ObjectID) -> ChangeSet? {
        guard let set = segments.value(forKey: commit.hex, decode) else { return nil }
        hits += 1
        return set.changeSet
    }

    /// Stores the change set computed for `commit`.
    func add(_ set: ChangeSet, of commit: ObjectID) {
        misses += 1
        if let json = try? encoder.encode(CachedChangeSet(set)) { segments.add(json, forKey: commit.hex) }
    }

    /// Writes what this run computed. Best effort.
    public func flush() { segments.flush() }

    /// A record's change set: read from `JSONParser`'s values (`CachedChangeSet(json:)`), else, for anything that
    /// reader does not take, by `JSONDecoder`, which wrote it and stays the reference.
    private func decode(_ data: Data) -> CachedChangeSet? {
        if let set = CachedChangeSet(json: data) { return set }
        return try? decoder.decode(CachedChangeSet.self, from: data)
    }

    /// A record's change set as `JSONDecoder` reads it (the reference of `LogCacheTests`).
    static func decodeReference(_ data: Data) -> ChangeSet? {
        (try? JSONDecoder().decode(CachedChangeSet.self, from: data))?.changeSet
    }

    /// A record's change set as the cache reads it.
    static func decodeRecord(_ data: Data) -> ChangeSet? {
        CachedChangeSet(json: data)?.changeSet ?? decodeReference(data)
    }

    /// A change set's record as the cache writes it.
    static func encodeRecord(_ set: ChangeSet) -> Data? {
        try? JSONEncoder().encode(CachedChangeSet(set))
    }
}

/// A change set as the log cache stores it.
private struct CachedChangeSet: Codable {
    var entries: [EntryChange]
    var files: [FileChange]
    var problems: [StoreProblem]

    init(_ set: ChangeSet) {
        entries = set.entries
        files = set.files
        problems = set.problems
    }

    var changeSet: ChangeSet { ChangeSet(entries: entries, files: files, problems: problems) }

    /// The record read from `JSONParser`'s values, the way the synthesized `Decodable` conformances read it (unknown
    /// keys ignored, an optional key missing or null is nil, numbers only as plain integers); nil for anything else,
    /// which `JSONDecoder` then reads (or rejects). `JSONDecoder`'s first use in a process instantiates its generic
    /// containers and looks up conformances for each type it decodes: most of the cache's part of a `log -n1`
    /// (issue 19), and slower per record than this on a whole warm log.
    init?(json data: Data) {
        guard case .object(let root)? = try? JSONParser.parse(data),
              case .array(let entryValues)? = root["entries"], case .array(let fileValues)? = root["files"],
              case .array(let problemValues)? = root["problems"] else { return nil }
        var entries: [EntryChange] = [], files: [FileChange] = [], problems: [StoreProblem] = []
        entries.reserveCapacity(entryValues.count)
        for value in entryValues {
            guard case .object(let object) = value, let kind = Self.kind(object["kind"]), let entry = Self.entryID(object["entry"]),
                  case .some(let from) = Self.optional(object["from"], Self.entryID),
                  case .some(let attachments) = Self.optional(object["attachments"], Self.attachments) else { return nil }
            entries.append(EntryChange(kind: kind, entry: entry, from: from, attachments: attachments))
        }
        files.reserveCapacity(fileValues.count)
        for value in fileValues {
            guard case .object(let object) = value, let kind = Self.kind(object["kind"]), let path = Self.string(object["path"]) else { return nil }
            files.append(FileChange(kind: kind, path: path))
        }
        for value in problemValues {
            guard case .object(let object) = value, let file = Self.string(object["file"]), let message = Self.string(object["message"]),
                  case .some(let line) = Self.optional(object["line"], Self.int), case .some(let column) = Self.optional(object["column"], Self.int),
                  case .some(let field) = Self.optional(object["field"], Self.string),
                  case .some(let keyword) = Self.optional(object["keyword"], Self.string) else { return nil }
            problems.append(StoreProblem(file: file, line: line, column: column, field: field, keyword: keyword, message: message))
        }
        self.entries = entries
        self.files = files
        self.problems = problems
    }

    private static func string(_ value: JSONValue?) -> String? {
        guard case .string(let string)? = value else { return nil }
        return string
    }

    private static func kind(_ value: JSONValue?) -> ChangeKind? {
        string(value).flatMap(ChangeKind.init(rawValue:))
    }

    /// A plain integer literal (`-`, digits) that fits an `Int`.
    private static func int(_ value: JSONValue?) -> Int? {
        guard case .number(let number)? = value else { return nil }
        let literal = number.literal.utf8
        let digits = literal.first == UInt8(ascii: "-") ? literal.dropFirst() : literal[...]
        guard !digits.isEmpty, digits.allSatisfy({ $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }) else { return nil }
        return Int(number.literal)
    }

    /// `.some(nil)` for a missing or null value, `.some(x)` when `read` reads it, nil when it does not.
    private static func optional<T>(_ value: JSONValue?, _ read: (JSONValue?) -> T?) -> T?? {
        guard let value else { return .some(nil) }
        if case .null = value { return .some(nil) }
        guard let read = read(value) else { return nil }
        return .some(read)
    }

    private static func entryID(_ value: JSONValue?) -> EntryID? {
        guard case .object(let object)? = value, let collection = string(object["collection"]), let id = string(object["id"]) else { return nil }
        return EntryID(collection: collection, id: id)
    }

    private static func attachments(_ value: JSONValue?) -> [AttachmentChange]? {
        guard case .array(let values)? = value else { return nil }
        var result: [AttachmentChange] = []
        for value in values {
            guard case .object(let object) = value, let kind = kind(object["kind"]), let name = string(object["name"]),
                  case .some(let oldSize) = optional(object["oldSize"], int),
                  case .some(let newSize) = optional(object["newSize"], int) else { return nil }
            result.append(AttachmentChange(kind: kind, name: name, oldSize: oldSize, newSize: newSize))
        }
        return result
    }
}

extension Store {
    /// Versions reachable from `start`, newest first.
    public func log(from start: Commit, options: LogOptions = LogOptions()) throws(StoreError) -> [Version] {
        var versions: [Version] = []
        try log(from: start, options: options) { versions.append($0); return true }
        return versions
    }

    /// The versions of `log(from:options:)`, handed to `each` one by one as they are found (for output that streams,
    /// `chronik log --format ndjson`); `each` returns false to stop the walk.
    public func log(from start: Commit, options: LogOptions = LogOptions(), each: (Version) -> Bool) throws(StoreError) {
        if let entry = options.entry { return try entryLog(entry, from: start, limit: options.limit, each: each) }
        let ids: [ObjectID]
        do {
            // `log -n N` needs only the first N versions: when they are a chain of single parents (the usual case),
            // they are known without walking the whole history (and without starting libgit2, issue 19).
            if let limit = options.limit, options.collection == nil, let first = repository.firstCommits(from: start.id, count: limit) {
                ids = first
            } else {
                ids = try repository.walk(from: [start.id])
            }
        } catch {
            throw Self.wrap(error)
        }
        let cache = options.cacheDirectory.map(LogCache.init(directory:))
        // Change sets computed before an error are kept too.
        defer { cache?.flush() }
        // Many versions to compute (a first `log`, or one without cache) and no limit that would stop the walk
        // early: their change sets are computed on one thread per core, ahead of the walk (parallelLog).
        // (The number of cores is asked only then: ProcessInfo's first use costs a `log -n1` its start, issue 19.)
        if options.limit == nil, ids.count >= Self.parallelLogMinimum, case let threads = options.threads ?? ParallelWork.defaultThreads,
           threads > 1 {
            let cached = cache.map { c in ids.map { c.has($0) } } ?? Array(repeating: false, count: ids.count)
            if cached.lazy.filter({ !$0 }).count >= Self.parallelLogMinimum {
                return try parallelLog(ids, cached: cached, cache: cache, threads: threads, collection: options.collection, each: each)
            }
        }
        try sequentialLog(ids, cache: cache, limit: options.limit, collection: options.collection, each: each)
    }

    /// The walk of `log` on the calling thread: each version's change set from the cache, else computed (and cached).
    private func sequentialLog(_ ids: [ObjectID], cache: LogCache?, limit: Int?, collection: String?,
                               each: (Version) -> Bool) throws(StoreError) {
        var count = 0
        for id in ids {
            if let limit, count >= limit { break }
            let commit: Commit
            do { commit = try repository.commit(id) } catch { throw Self.wrap(error) }
            var set: ChangeSet
            if let cache {
                set = try cache.changes(of: id) { () throws(StoreError) in try changes(of: commit) }
            } else {
                set = try changes(of: commit)
            }
            if let collection {
                set.entries = set.entries.filter { $0.entry.collection == collection || $0.from?.collection == collection }
                if set.entries.isEmpty { continue }
            }
            count += 1
            if !each(version(commit, set, entry: nil)) { break }
        }
    }

    /// Fewer versions to compute than this: the walk computes them itself (threads would not pay for their start).
    static let parallelLogMinimum = 64

    /// The whole-history walk of `log` with the change sets computed on `threads` threads, each with its own handle
    /// on the repository (libgit2 objects are used from one thread at a time; this store's handle is left alone),
    /// handed to `each` in the walk's order as the sequential loop hands them: the same versions, the same values.
    /// Cached versions are read from the cache on the calling thread, which alone writes it.
    /// `cached[k]`: whether the cache holds a record of `ids[k]` (read on the calling thread).
    private func parallelLog(_ ids: [ObjectID], cached: [Bool], cache: LogCache?, threads: Int, collection: String?,
                             each: (Version) -> Bool) throws(StoreError) {
        var handles: [Store] = []
        while handles.count < threads, let other = try? Repository(at: repository.gitDirectory),
              let store = try? Store(repository: other) {
            handles.append(store)
        }
        guard handles.count > 1 else { return try sequentialLog(ids, cache: cache, limit: nil, collection: collection, each: each) }
        let workers = WorkerSlots(handles)
        enum Produced: Sendable {
            case computed(Commit, ChangeSet)
            case inCache(Commit)
            case failed(StoreError)
        }
        struct Stop: Error {}
        do {
            try orderedPipeline(count: ids.count, threads: handles.count, window: handles.count * 16, chunk: 4,
                                produce: { (worker: Int, k: Int) -> Produced in
                let store = workers[worker]
                do {
                    let commit = try store.repository.commit(ids[k])
                    if cached[k] { return .inCache(commit) }
                    return .computed(commit, try store.changes(of: commit))
                } catch let error as StoreError {
                    return .failed(error)
                } catch {
                    return .failed(Self.wrap(error))
                }
            }, consume: { (k: Int, produced: Produced) throws in
                let commit: Commit
                var set: ChangeSet
                switch produced {
                case .failed(let error):
                    throw error
                case .computed(let c, let s):
                    (commit, set) = (c, s)
                    cache?.add(s, of: ids[k])
                case .inCache(let c):
                    commit = c
                    if let hit = cache?.cached(ids[k]) {
                        set = hit
                    } else {
                        // A record that does not read back: computed here, on this store's own handle (the
                        // workers have theirs).
                        set = try changes(of: c)
                        cache?.add(set, of: ids[k])
                    }
                }
                if let collection {
                    set.entries = set.entries.filter { $0.entry.collection == collection || $0.from?.collection == collection }
                    if set.entries.isEmpty { return }
                }
                if !each(version(commit, set, entry: nil)) { throw Stop() }
            })
        } catch is Stop {
            return
        } catch let error as StoreError {
            throw error
        } catch {
            throw Self.wrap(error)
        }
    }

    private func version(_ commit: Commit, _ set: ChangeSet, entry: EntryID?) -> Version {
        Version(
            id: commit.id, parents: commit.parentIDs, author: Person(name: commit.author.name),
            date: Timestamp(date: commit.author.date, offsetMinutes: commit.author.timeZoneOffsetMinutes),
            message: commit.message, counts: ChangeCounts(set.entries), changes: set.entries, files: set.files, entry: entry)
    }

    /// The versions that touched one entry, following renames back through history (like `git log --follow`).
    private func entryLog(_ entry: EntryID, from start: Commit, limit: Int?, each: (Version) -> Bool) throws(StoreError) {
        var count = 0
        var current = entry
        do {
            for id in try repository.walk(from: [start.id]) {
                if let limit, count >= limit { break }
                let commit = try repository.commit(id)
                guard let here = try repository.entry(atPath: current.path, inTree: commit.treeID) else { continue }
                let parent = try commit.parentIDs.first.map { try repository.commit($0) }
                let before = try parent.flatMap { try repository.entry(atPath: current.path, inTree: $0.treeID) }
                if let before, before.id == here.id { continue }
                var set = try changes(of: commit)
                let name = current
                set.entries = set.entries.filter { $0.entry == name }
                if before == nil, let rename = set.entries.first(where: { $0.kind == .renamed }), let from = rename.from {
                    current = from
                }
                if set.entries.isEmpty {
                    set.entries = [EntryChange(kind: before == nil ? .added : .modified, entry: name)]
                }
                count += 1
                if !each(version(commit, set, entry: name)) { break }
            }
        } catch {
            throw Self.wrap(error)
        }
    }

    /// An entry as it was in a commit: its raw file and parsed document.
    public func entry(_ entry: EntryID, at commit: Commit) throws(StoreError) -> (data: Data, document: EntryDocument) {
        let found: Data?
        do {
            found = try blob(at: entry.path, inTree: commit.treeID)
        } catch .unreadableObject(let error) {
            throw .unreadableObject(error.at(path: entry.path, version: commit.id))
        }
        guard let data = found else {
            throw .entryNotFound(spec: entry.description, revision: commit.id.short())
        }
        do {
            return (data, try EntryDocument.parse(data))
        } catch {
            throw .invalidContent([StoreProblem(file: entry.path, line: error.line, column: error.column, message: error.reason + " (at \(commit.id.short()))")])
        }
    }
}
