import ChronikDiff
import ChronikStore
import Foundation
import GitKit

// References by title (issue 20). A field whose schema property carries `x-chronik-ref: <collection>` holds ids of
// entries of that collection (one, or a list of them). Residents read `Ergebnisse: + Auswertung der Kommentare zu den
// Aktionen`, not `+ auswertung-aktionen`: each id of a changed reference field is looked up as `<collection>/<id>.md`
// in the version its side belongs to (an old value at the old version, a new one at the new version), and the
// title there kept beside the id (`ChangelogEntry.references`). The id stays in the field change itself, for machines.
//
// The title is public by the same rules as any title (docs/privacy.md): none when the referenced collection's schema
// marks its title field private, e-mail addresses redacted, one line. An id that names no entry at that version, or
// an entry whose front matter cannot be read, has no title: renderers show the id.

/// The title of one referenced entry, on either side of a change.
public struct ReferenceTitle: Sendable, Hashable, Codable {
    /// The field's JSON Pointer (`/results`), as `FieldChange.pointer` has it (list items: the list's pointer).
    public var field: String
    /// The collection the field refers to (`x-chronik-ref`).
    public var collection: String
    public var id: String
    /// The entry's title in the old version (nil: none there, or not public).
    public var old: String?
    /// The entry's title in the new version.
    public var new: String?

    public init(field: String, collection: String, id: String, old: String?, new: String?) {
        self.field = field
        self.collection = collection
        self.id = id
        self.old = old
        self.new = new
    }
}

/// Looks up the titles of the entries that changed reference fields name (see above).
struct ReferenceTitleResolver {
    let repository: Repository
    /// What was parsed, by blob id: a changelog passes one to the resolvers of all its groups (see
    /// `ReferenceTitleMemo`); by default each resolver has its own.
    var memo = ReferenceTitleMemo()

    /// One version's tree, configuration, and what was read of it.
    private final class Side {
        let tree: ObjectID?
        let config: StoreConfig?
        /// The blob of the version's `chronik.yml`.
        let configBlob: ObjectID?
        let language: String
        /// Per collection: the schema's blob (nil: none) and parsed schema.
        var schemas: [String: (blob: ObjectID?, schema: JSONValue?)] = [:]
        var titles: [String: String?] = [:]

        init(tree: ObjectID?, config: StoreConfig?, configBlob: ObjectID?, language: String) {
            self.tree = tree
            self.config = config
            self.configBlob = configBlob
            self.language = language
        }
    }

    /// Sets `references` of every entry of `record` that changed a reference field, comparing `base` (nil: the
    /// empty beginning) with `tip`. Best effort: what cannot be read gives no title.
    func annotate(_ record: inout ChangeRecord, base: ObjectID?, tip: ObjectID, language: String) {
        // Added and removed entries are listed by title, their fields not shown: only changed entries are looked at
        // (a store's first version adds every entry, and would read every referenced entry).
        func wanted(_ e: ChangelogEntry) -> Bool { !e.fields.isEmpty && e.kind != .added && e.kind != .removed }
        guard record.entries.contains(where: wanted) else { return }
        let old = side(base, language: language), new = side(tip, language: language)
        guard old.config != nil || new.config != nil else { return }
        for k in record.entries.indices where wanted(record.entries[k]) {
            let e = record.entries[k]
            // Which fields refer where: by the schema of the entry's collection in the new version, else the old.
            let targets = referenceTargets(e.entry.collection, new).merging(referenceTargets((e.from ?? e.entry).collection, old)) { a, _ in a }
            guard !targets.isEmpty else { continue }
            var found: [ReferenceTitle] = []
            var seen = Set<String>()
            for f in e.fields {
                guard let name = JSONPointer.tokens(f.pointer).first, let target = targets[name] else { continue }
                let field = JSONPointer.make([name])
                var oldIDs: [String] = [], newIDs: [String] = []
                for v in [f.old].compactMap({ $0 }) + f.itemsRemoved { oldIDs += Self.ids(v) }
                for v in [f.new].compactMap({ $0 }) + f.itemsAdded { newIDs += Self.ids(v) }
                for id in oldIDs + newIDs where seen.insert(field + "\n" + id).inserted {
                    let t = ReferenceTitle(field: field, collection: target, id: id,
                                           old: oldIDs.contains(id) ? title(target, id, old) : nil,
                                           new: newIDs.contains(id) ? title(target, id, new) : nil)
                    if t.old != nil || t.new != nil { found.append(t) }
                }
            }
            if !found.isEmpty { record.entries[k].references = found }
        }
    }

    /// The ids in a reference field's value: a string, or the strings of a list.
    static func ids(_ value: JSONValue) -> [String] {
        switch value {
        case .string(let s): return [s]
        case .array(let items): return items.compactMap(\.stringValue)
        default: return []
        }
    }

    private func side(_ version: ObjectID?, language: String) -> Side {
        guard let version, let commit = try? repository.commit(version) else {
            return Side(tree: nil, config: nil, configBlob: nil, language: language)
        }
        guard let blob = (try? repository.entry(atPath: StoreConfig.fileName, inTree: commit.treeID))??.id else {
            return Side(tree: commit.treeID, config: nil, configBlob: nil, language: language)
        }
        let config = memo.config(blob) { (try? repository.blob(blob)).flatMap { try? StoreConfig.parse($0) } }
        return Side(tree: commit.treeID, config: config, configBlob: blob, language: language)
    }

    /// The blob and parsed schema of `collection` in the side's version (nil and nil: none).
    private func schemaSource(_ collection: String, _ side: Side) -> (blob: ObjectID?, schema: JSONValue?) {
        if let known = side.schemas[collection] { return known }
        var found: (blob: ObjectID?, schema: JSONValue?) = (nil, nil)
        if let tree = side.tree, let path = side.config?.collection(named: collection)?.schema,
           let entry = (try? repository.entry(atPath: path, inTree: tree)) ?? nil {
            found = (entry.id, memo.schema(entry.id) { (try? repository.blob(entry.id)).flatMap { try? JSONParser.parse($0) } })
        }
        side.schemas[collection] = found
        return found
    }

    private func schema(_ collection: String, _ side: Side) -> JSONValue? {
        schemaSource(collection, side).schema
    }

    /// The top-level properties of `collection`'s schema that refer to another collection: name → collection.
    private func referenceTargets(_ collection: String, _ side: Side) -> [String: String] {
        let source = schemaSource(collection, side)
        guard let schemaBlob = source.blob else { return [:] }
        return memo.targets(ReferenceTitleMemo.TargetsKey(schema: schemaBlob, config: side.configBlob)) {
            guard case .object(let properties)? = source.schema?["properties"] else { return [:] }
            var targets: [String: String] = [:]
            for (name, property) in properties {
                if case .string(let target)? = property["x-chronik-ref"], side.config?.collection(named: target) != nil { targets[name] = target }
            }
            return targets
        }
    }

    /// The public title of `<collection>/<id>.md` in the side's version.
    private func title(_ collection: String, _ id: String, _ side: Side) -> String? {
        let key = collection + "/" + id
        if let known = side.titles[key] { return known }
        var title: String?
        if let tree = side.tree, !id.contains("/"), id != "..", id != ".",
           let entry = (try? repository.entry(atPath: key + ".md", inTree: tree)) ?? nil {
            // The configured title field, else `title`; none when the schema marks the one used private.
            let configured = side.config?.collection(named: collection)?.titleField ?? "title"
            let schema = schemaSource(collection, side)
            let memoKey = ReferenceTitleMemo.TitleKey(entry: entry.id, titleField: configured, schema: schema.blob, language: side.language)
            title = memo.title(memoKey) {
                guard let data = try? repository.blob(entry.id), let document = try? EntryDocument.parse(data) else { return nil }
                let field = document.fields[configured] != nil ? configured : "title"
                let privacy = SchemaLabels(schema: schema.schema, language: side.language).privateLocations
                guard !privacy.contains([field]), let text = document.fields[field]?.stringValue else { return nil }
                let line = PublicText.line(EmailRedaction.redact(text))
                return line.isEmpty ? nil : line
            }
        }
        side.titles[key] = title
        return title
    }
}

/// What reference titles are made of, by blob id, for the resolvers of every group of one changelog (on any of its
/// threads): consecutive versions mostly share their `chronik.yml`, schemas and referenced entries, which were parsed
/// once per group and side before (with `--by commit` on the medium store a seventh of the CPU time). Each value is a
/// function of the blobs in its key alone (a title: of the entry's blob, the configured title field, the schema's blob
/// for privacy, and the language), so a memo gives what reading them again would. Bounded: past `limit` values of a
/// kind, that kind starts over.
final class ReferenceTitleMemo: @unchecked Sendable {
    struct TargetsKey: Hashable {
        var schema: ObjectID
        var config: ObjectID?
    }

    struct TitleKey: Hashable {
        var entry: ObjectID
        var titleField: String
        var schema: ObjectID?
        var language: String
    }

    private let lock = NSLock()
    private let limit: Int
    // Guarded by `lock`.
    private var configs: [ObjectID: StoreConfig?] = [:]
    private var schemas: [ObjectID: JSONValue?] = [:]
    private var targets: [TargetsKey: [String: String]] = [:]
    private var titles: [TitleKey: String?] = [:]

    init(limit: Int = 1 << 16) {
        self.limit = limit
    }

    /// The value under `key` in `table`, else `make()`'s (made outside the lock, so two threads may both make it; the
    /// same value either way).
    private func value<K: Hashable, V>(_ table: ReferenceWritableKeyPath<ReferenceTitleMemo, [K: V]>, _ key: K, _ make: () -> V) -> V {
        if let known = lock.withLock({ self[keyPath: table][key] }) { return known }
        let made = make()
        lock.withLock {
            if self[keyPath: table].count >= limit { self[keyPath: table].removeAll(keepingCapacity: true) }
            self[keyPath: table][key] = made
        }
        return made
    }

    func config(_ blob: ObjectID, _ make: () -> StoreConfig?) -> StoreConfig? { value(\.configs, blob, make) }
    func schema(_ blob: ObjectID, _ make: () -> JSONValue?) -> JSONValue? { value(\.schemas, blob, make) }
    func targets(_ key: TargetsKey, _ make: () -> [String: String]) -> [String: String] { value(\.targets, key, make) }
    func title(_ key: TitleKey, _ make: () -> String?) -> String? { value(\.titles, key, make) }
}
