import ChronikChangelog
import ChronikDiff
import ChronikStore
import OrderedCollections

// The store as JSON files, documents of chronik's JSON contract (docs/json-output.md, Schemas/output/site-entry and
// site-collection): `"chronik": 1` first, entries as `{"collection", "id", "path", "title"}`, version ids as
// `commit`, camelCase keys. An entry's object has the shape of `chronik show --format json` (entry, fields, body;
// not `commit`: an entry's file stays the same bytes while the entry does not change, so an incremental publish
// keeps it), its public fields only, and adds `labels`, `links` (the references of its fields, with the referenced
// entries' titles), `backlinks` and `history` (a summary of each version that changed it). A collection's file lists
// its entries' objects. Keys come in this order always, and the writer is ChronikStore's `JSONByteWriter`, so the
// bytes depend only on the model.

enum SiteJSON {
    static func bytes(_ value: JSONValue) -> [UInt8] {
        var writer = JSONByteWriter(pretty: true)
        writer.write(value)
        writer.append("\n")
        return writer.bytes
    }

    private static func object(_ members: [(String, JSONValue)]) -> JSONValue {
        var out = OrderedDictionary<String, JSONValue>()
        for (key, value) in members { out[key] = value }
        return .object(out)
    }

    private static func string(_ s: String?) -> JSONValue { s.map { .string($0) } ?? .null }

    private static func number(_ n: Int) -> JSONValue { .number(JSONNumber(n)) }

    /// An entry as the contract names it: `{"collection", "id", "path"}`, plus `title` where known.
    private static func entryRef(collection: String, id: String, path: String? = nil, title: String?) -> JSONValue {
        var members: [(String, JSONValue)] = [("collection", .string(collection)), ("id", .string(id)),
                                              ("path", .string(path ?? EntryID(collection: collection, id: id).path))]
        if let title { members.append(("title", .string(title))) }
        return object(members)
    }

    /// A reference (`field`: its JSON Pointer) or a backlink: the entry, with its title only when it resolves (the
    /// model holds the id in its place otherwise).
    private static func link(_ link: SiteLink, field: String? = nil) -> JSONValue {
        var members: [(String, JSONValue)] = []
        if let field { members.append(("field", .string(JSONPointer.make([field])))) }
        members += [("entry", entryRef(collection: link.collection, id: link.id, title: link.resolves ? link.title : nil)),
                    ("resolves", .bool(link.resolves))]
        return object(members)
    }

    /// An entry, as its own file holds it: a document of the contract (`"chronik": 1` first).
    static func entryDocument(_ entry: SiteEntry, model: SiteModel) -> JSONValue {
        guard case .object(let members) = self.entry(entry, model: model) else { return .null }
        var out = OrderedDictionary<String, JSONValue>()
        out["chronik"] = number(SiteData.contractVersion)
        for (key, value) in members { out[key] = value }
        return .object(out)
    }

    /// An entry's object.
    static func entry(_ entry: SiteEntry, model: SiteModel) -> JSONValue {
        var fields = OrderedDictionary<String, JSONValue>()
        for field in entry.fields { fields[field.key] = field.value }
        var labels = OrderedDictionary<String, JSONValue>()
        for field in entry.fields { labels[field.key] = .string(field.label) }
        let history: [JSONValue] = entry.history.map { h in
            // What it shows of the change is at hand without reading it (`SiteEntryChange.listed`, inc15d).
            let c = h.listed
            var members: [(String, JSONValue)] = [("commit", .string(h.version.id.hex)), ("date", .string(h.version.date.iso8601)),
                                                  ("summary", .string(h.version.summary))]
            if let release = h.release { members.append(("release", .string(release))) }
            members.append(("kind", .string(c.kind.rawValue)))
            if let from = c.from { members.append(("from", entryRef(collection: from.collection, id: from.id, path: from.path, title: nil))) }
            members += [("fields", .array(c.fields.map { .string($0) })),
                        ("wordsAdded", number(c.wordsAdded)), ("wordsRemoved", number(c.wordsRemoved))]
            return object(members)
        }
        return object([
            ("entry", entryRef(collection: entry.collection, id: entry.id, path: entry.path, title: entry.title)),
            ("fields", .object(fields)), ("labels", .object(labels)), ("body", .string(entry.body)),
            ("links", .array(entry.fields.flatMap { field in field.links.map { link($0, field: field.key) } })),
            ("backlinks", .array(entry.backlinks.map { link($0) })),
            ("history", .array(history)),
        ])
    }

    /// A collection's file (`collection(_:model:)` written, a line break after it) in pieces: the entries' objects
    /// made and written one at a time, so neither the collection's tree nor its text (some 70 MB for a collection of
    /// the large store) is ever whole in memory (peak15c). The same bytes as `bytes(collection(…))`.
    static func writeCollection(_ collection: SiteCollection, model: SiteModel, to piece: (UnsafeRawBufferPointer) -> Void) {
        var writer = JSONByteWriter(pretty: true, capacity: JSONByteWriter.pieceSize + (64 << 10))
        guard case .object(let head) = object([
            ("chronik", number(SiteData.contractVersion)), ("collection", .string(collection.name)), ("label", .string(collection.label)),
            ("columns", .array(collection.columns.map { object([("key", .string($0.key)), ("label", .string($0.label))]) })),
        ]) else { return }
        writer.append(byte: 0x7B)
        for (key, member) in head {
            writer.newline(indent: 1)
            writer.writeKey(key)
            writer.write(member, indent: 1)
            writer.append(byte: 0x2C)
        }
        writer.newline(indent: 1)
        writer.writeKey("entries")
        if collection.entries.isEmpty {
            writer.append("[]")
        } else {
            writer.append(byte: 0x5B)
            for (k, entry) in collection.entries.enumerated() {
                if k > 0 { writer.append(byte: 0x2C) }
                writer.newline(indent: 2)
                writer.write(self.entry(entry, model: model), indent: 2)
                writer.flush(to: piece)
            }
            writer.newline(indent: 1)
            writer.append(byte: 0x5D)
        }
        writer.newline(indent: 0)
        writer.append("}\n")
        writer.flush(to: piece, always: true)
    }

    /// A collection's file: its label, columns and entries (the reference of `writeCollection`, which the publish
    /// uses).
    static func collection(_ collection: SiteCollection, model: SiteModel) -> JSONValue {
        object([
            ("chronik", number(SiteData.contractVersion)), ("collection", .string(collection.name)), ("label", .string(collection.label)),
            ("columns", .array(collection.columns.map { object([("key", .string($0.key)), ("label", .string($0.label))]) })),
            ("entries", .array(collection.entries.map { entry($0, model: model) })),
        ])
    }
}
