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
}

/// Settings of `Store.log`.
public struct LogOptions: Sendable {
    /// Only changes to this entry (following renames).
    public var entry: EntryID?
    /// Only changes to entries of this collection.
    public var collection: String?
    /// At most this many versions.
    public var limit: Int?
    public init(entry: EntryID? = nil, collection: String? = nil, limit: Int? = nil) {
        self.entry = entry
        self.collection = collection
        self.limit = limit
    }
}

extension Store {
    /// Versions reachable from `start`, newest first.
    public func log(from start: Commit, options: LogOptions = LogOptions()) throws(StoreError) -> [Version] {
        if let entry = options.entry { return try entryLog(entry, from: start, limit: options.limit) }
        var versions: [Version] = []
        let ids: [ObjectID]
        do {
            ids = try repository.walk(from: [start.id])
        } catch {
            throw Self.wrap(error)
        }
        for id in ids {
            if let limit = options.limit, versions.count >= limit { break }
            let commit: Commit
            do { commit = try repository.commit(id) } catch { throw Self.wrap(error) }
            var set = try changes(of: commit)
            if let collection = options.collection {
                set.entries = set.entries.filter { $0.entry.collection == collection || $0.from?.collection == collection }
                if set.entries.isEmpty { continue }
            }
            versions.append(version(commit, set, entry: nil))
        }
        return versions
    }

    private func version(_ commit: Commit, _ set: ChangeSet, entry: EntryID?) -> Version {
        Version(
            id: commit.id, parents: commit.parentIDs, author: Person(name: commit.author.name),
            date: Timestamp(date: commit.author.date, offsetMinutes: commit.author.timeZoneOffsetMinutes),
            message: commit.message, counts: ChangeCounts(set.entries), changes: set.entries, files: set.files, entry: entry)
    }

    /// The versions that touched one entry, following renames back through history (like `git log --follow`).
    private func entryLog(_ entry: EntryID, from start: Commit, limit: Int?) throws(StoreError) -> [Version] {
        var versions: [Version] = []
        var current = entry
        do {
            for id in try repository.walk(from: [start.id]) {
                if let limit, versions.count >= limit { break }
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
                versions.append(version(commit, set, entry: name))
            }
        } catch {
            throw Self.wrap(error)
        }
        return versions
    }

    /// An entry as it was in a commit: its raw file and parsed document.
    public func entry(_ entry: EntryID, at commit: Commit) throws(StoreError) -> (data: Data, document: EntryDocument) {
        guard let data = try blob(at: entry.path, inTree: commit.treeID) else {
            throw .entryNotFound(spec: entry.description, revision: commit.id.short())
        }
        do {
            return (data, try EntryDocument.parse(data))
        } catch {
            throw .invalidContent([StoreProblem(file: entry.path, line: error.line, column: error.column, message: error.reason + " (at \(commit.id.short()))")])
        }
    }
}
