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

    /// One version's tree, configuration, and what was read of it.
    private final class Side {
        let tree: ObjectID?
        let config: StoreConfig?
        let language: String
        var schemas: [String: JSONValue?] = [:]
        var titles: [String: String?] = [:]

        init(tree: ObjectID?, config: StoreConfig?, language: String) {
            self.tree = tree
            self.config = config
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
        guard let version, let commit = try? repository.commit(version) else { return Side(tree: nil, config: nil, language: language) }
        let config = (try? repository.entry(atPath: StoreConfig.fileName, inTree: commit.treeID))
            .flatMap { $0 }
            .flatMap { try? repository.blob($0.id) }
            .flatMap { try? StoreConfig.parse($0) }
        return Side(tree: commit.treeID, config: config, language: language)
    }

    private func schema(_ collection: String, _ side: Side) -> JSONValue? {
        if let known = side.schemas[collection] { return known }
        var schema: JSONValue?
        if let tree = side.tree, let path = side.config?.collection(named: collection)?.schema,
           let entry = (try? repository.entry(atPath: path, inTree: tree)) ?? nil, let data = try? repository.blob(entry.id) {
            schema = try? JSONParser.parse(data)
        }
        side.schemas[collection] = schema
        return schema
    }

    /// The top-level properties of `collection`'s schema that refer to another collection: name → collection.
    private func referenceTargets(_ collection: String, _ side: Side) -> [String: String] {
        guard case .object(let properties)? = schema(collection, side)?["properties"] else { return [:] }
        var targets: [String: String] = [:]
        for (name, property) in properties {
            if case .string(let target)? = property["x-chronik-ref"], side.config?.collection(named: target) != nil { targets[name] = target }
        }
        return targets
    }

    /// The public title of `<collection>/<id>.md` in the side's version.
    private func title(_ collection: String, _ id: String, _ side: Side) -> String? {
        let key = collection + "/" + id
        if let known = side.titles[key] { return known }
        var title: String?
        if let tree = side.tree, !id.contains("/"), id != "..", id != ".",
           let entry = (try? repository.entry(atPath: key + ".md", inTree: tree)) ?? nil,
           let data = try? repository.blob(entry.id), let document = try? EntryDocument.parse(data) {
            // The configured title field, else `title`; none when the schema marks the one used private.
            let configured = side.config?.collection(named: collection)?.titleField ?? "title"
            let field = document.fields[configured] != nil ? configured : "title"
            let privacy = SchemaLabels(schema: schema(collection, side), language: side.language).privateLocations
            if !privacy.contains([field]), let text = document.fields[field]?.stringValue {
                let line = PublicText.line(EmailRedaction.redact(text))
                title = line.isEmpty ? nil : line
            }
        }
        side.titles[key] = title
        return title
    }
}
