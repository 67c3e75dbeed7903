import ChronikChangelog
import ChronikDiff
import ChronikStore
import OrderedCollections

// The store as JSON files. An entry's object has the shape of `chronik show --format json` (entry, collection, id,
// path, fields, body; not `version`: an entry's file stays the same bytes while the entry does not change, so an
// incremental publish keeps it — format 2), its public fields only, and adds `format` (first: `SiteData.jsonFormat`), `title`,
// `links` (the references of its fields, with the referenced entries' titles), `backlinks` and `history` (a summary
// of each version that changed it). A collection's file lists its entries' objects. Keys come in this order always,
// and the writer is ChronikStore's `JSONByteWriter`, so the bytes depend only on the model.

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

    private static func link(_ link: SiteLink, field: String? = nil) -> JSONValue {
        var members: [(String, JSONValue)] = []
        if let field { members.append(("field", .string(field))) }
        members += [("entry", .string("\(link.collection)/\(link.id)")), ("collection", .string(link.collection)), ("id", .string(link.id)),
                    ("title", .string(link.title)), ("resolves", .bool(link.resolves))]
        return object(members)
    }

    /// An entry, as its own file holds it (with `format`).
    static func entryDocument(_ entry: SiteEntry, model: SiteModel) -> JSONValue {
        guard case .object(let members) = self.entry(entry, model: model) else { return .null }
        var out = OrderedDictionary<String, JSONValue>()
        out["format"] = number(SiteData.jsonFormat)
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
            let c = h.change
            return object([
                ("version", .string(h.version.id.hex)), ("date", .string(h.version.date.iso8601)), ("summary", .string(h.version.summary)),
                ("release", string(h.release)), ("kind", .string(c.kind.rawValue)),
                ("from", c.from.map { .string("\($0.collection)/\($0.id)") } ?? .null),
                ("fields", .array(c.fields.map { .string($0.pointer) })),
                ("words_added", number(c.prose.wordsAdded)), ("words_removed", number(c.prose.wordsRemoved)),
            ])
        }
        return object([
            ("entry", .string("\(entry.collection)/\(entry.id)")), ("collection", .string(entry.collection)), ("id", .string(entry.id)),
            ("path", .string(entry.path)), ("title", .string(entry.title)),
            ("fields", .object(fields)), ("labels", .object(labels)), ("body", .string(entry.body)),
            ("links", .array(entry.fields.flatMap { field in field.links.map { link($0, field: field.key) } })),
            ("backlinks", .array(entry.backlinks.map { link($0) })),
            ("history", .array(history)),
        ])
    }

    /// A collection's file: its label, columns and entries.
    static func collection(_ collection: SiteCollection, model: SiteModel) -> JSONValue {
        object([
            ("format", number(SiteData.jsonFormat)), ("collection", .string(collection.name)), ("label", .string(collection.label)),
            ("columns", .array(collection.columns.map { object([("key", .string($0.key)), ("label", .string($0.label))]) })),
            ("entries", .array(collection.entries.map { entry($0, model: model) })),
        ])
    }
}
