import ChronikStore
import OrderedCollections

// References by title (issue 20), the part every renderer shares: the changelog's and the diff's. A reference's
// title is found by ChronikChangelog's `ReferenceTitleResolver` (it reads the referenced entries at each side's
// version); here is only what a renderer does with it: put the title where the id stood, at the places the schema
// marks as references and nowhere else (a sibling string that happens to equal an id stays as it is).
//
// Where a reference sits is a JSON Pointer pattern (`ReferenceTitle.field`): `/results` for a top-level property (a
// single id, or a list of ids), `/items/*/entry` for one inside a list of objects (`*` stands for any item). A field
// change (`FieldChange.pointer`) is at that place (`/results`, `/items/2/entry`) or above it (`/items`, a list of
// objects whose items were added or removed); what is left of the pattern below the change's pointer says where in
// its values the ids are.

/// The title of one referenced entry, on either side of a change.
public struct ReferenceTitle: Sendable, Hashable, Codable {
    /// Where the reference is: the JSON Pointer of the referencing property (`/results`); inside lists of objects,
    /// `*` for any item (`/items/*/entry`). A list of ids has the list's pointer.
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

    private enum CodingKeys: String, CodingKey { case field, entry, old, new }

    /// Encoded as the JSON contract names entries (docs/json-output.md): `{"field", "entry": {"collection", "id",
    /// "path"}, "old", "new"}`, the titles only where known.
    public func encode(to encoder: Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(field, forKey: .field)
        try container.encode(EntryID(collection: collection, id: id), forKey: .entry)
        try container.encodeIfPresent(old, forKey: .old)
        try container.encodeIfPresent(new, forKey: .new)
    }

    public init(from decoder: Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        field = try container.decode(String.self, forKey: .field)
        let entry = try container.decode(EntryID.self, forKey: .entry)
        collection = entry.collection
        id = entry.id
        old = try container.decodeIfPresent(String.self, forKey: .old)
        new = try container.decodeIfPresent(String.self, forKey: .new)
    }

    /// The references at or below `change`, grouped by where they are below it: the rest of their pattern after the
    /// change's pointer (empty: the change's values are the ids), with the titles by id on each side.
    package static func places(of change: FieldChange, in references: [ReferenceTitle]) -> [Place] {
        let at = JSONPointer.tokens(change.pointer)
        var places: [[String]: Place] = [:], order: [[String]] = []
        for r in references {
            let pattern = JSONPointer.tokens(r.field)
            guard pattern.count >= at.count,
                  zip(pattern, at).allSatisfy({ p, t in p == t || (p == "*" && Int(t) != nil) }) else { continue }
            let rest = Array(pattern[at.count...])
            if places[rest] == nil {
                places[rest] = Place(rest: rest)
                order.append(rest)
            }
            if let old = r.old { places[rest]?.old[r.id] = old }
            if let new = r.new { places[rest]?.new[r.id] = new }
        }
        return order.compactMap { places[$0] }
    }

    /// Where in a field change's values references are, and their titles.
    package struct Place: Sendable, Hashable {
        /// The pattern below the change's pointer (`["*", "entry"]`; empty: the values themselves).
        package var rest: [String]
        package var old: [String: String] = [:]
        package var new: [String: String] = [:]

        /// The pattern for the items of a list change (`itemsAdded`, `itemsRemoved`): without the leading `*`.
        package var itemRest: [String] { rest.first == "*" ? Array(rest.dropFirst()) : rest }
    }

    /// `value` with the strings at `rest` (each string of a list there) replaced by `transform`; other values as they
    /// are.
    package static func map(_ value: JSONValue, at rest: ArraySlice<String>, _ transform: (String) -> JSONValue?) -> JSONValue {
        guard let token = rest.first else {
            switch value {
            case .string(let id): return transform(id) ?? value
            case .array(let items): return .array(items.map { item in item.stringValue.flatMap(transform) ?? item })
            default: return value
            }
        }
        switch value {
        case .array(let items) where token == "*": return .array(items.map { map($0, at: rest.dropFirst(), transform) })
        case .object(var members) where token != "*":
            guard let member = members[token] else { return value }
            members[token] = map(member, at: rest.dropFirst(), transform)
            return .object(members)
        default: return value
        }
    }

    /// A field change with the ids of referenced entries replaced by those entries' titles: old values by the
    /// titles in the old version, new ones by those in the new version; an id without a title stays as it is. A
    /// word diff of a changed value is dropped when a title replaced an id in it (it compared the ids).
    public static func titled(_ f: FieldChange, _ references: [ReferenceTitle]) -> FieldChange {
        let places = places(of: f, in: references)
        guard !places.isEmpty else { return f }
        var out = f
        for place in places {
            let old = place.old, new = place.new
            out.old = out.old.map { map($0, at: place.rest[...]) { old[$0].map(JSONValue.string) } }
            out.new = out.new.map { map($0, at: place.rest[...]) { new[$0].map(JSONValue.string) } }
            out.itemsRemoved = out.itemsRemoved.map { map($0, at: place.itemRest[...]) { old[$0].map(JSONValue.string) } }
            out.itemsAdded = out.itemsAdded.map { map($0, at: place.itemRest[...]) { new[$0].map(JSONValue.string) } }
        }
        if out.old != f.old || out.new != f.new { out.words = nil }
        return out
    }
}
