import ChronikDiff
import ChronikStore
import Foundation
import GitKit
import OrderedCollections

// The change-record cache's records read straight from their bytes (rec15, issue 15). `JSONValueDecoder` parsed a
// record to a `JSONValue` tree (an ordered dictionary per object) and decoded it through keyed containers (a boxed
// container, a coding path and a key lookup per member): a warm full publish of the medium store spent a fifth of
// its CPU there and in reading the blocks, `ChangelogBuilder`'s reads of whole records (`ChangeRecordCache.read`,
// 8 %) and the site's reads of one entry cut out of a record (`ChangeRecordEntries.entry`, for the histories filed
// from the facts). `RecordJSON.decodeRecord` and `decodeEntry` pull the values out of the bytes in place with
// `JSONPullReader`, into what `JSONValueDecoder` makes of them:
// - the synthesised `Decodable` of `ChangeRecord`, `ChangelogEntry`, `EntryRef`, `ProseSummary`, `AttachmentChange`,
//   `FileDiff`, `SnapshotSummary` (members in any order, unknown members passed over, optionals missing or null,
//   integers as `JSONValueDecoder` reads them); the own `Decodable` of `FieldChange`, `ReferenceTitle`,
//   `DocumentOrderDiff` and `EntryID` (its `path` not read);
// - a field's values as `DecodedJSON` makes them: a number that is an integer becomes `JSONNumber(Int)`, another
//   `JSONNumber(Double)` (so `1.0` reads as `1`, as before);
// - any member seen twice in an object is an error, known or not (as `JSONParser` rejects duplicate keys).
// `RecordJSONRecordsTests` holds the two to each other on the sample's records, seeded records written by
// `RecordJSON` and by other writers, and damaged bytes.

extension RecordJSON {
    /// A record as `JSONValueDecoder` decodes `ChangeRecord` from `data` (with the blocks it holds: none as the cache
    /// keeps records).
    static func decodeRecord(_ data: Data) throws -> ChangeRecord {
        try JSONPullReader.read(data) { try record(&$0) }
    }

    /// One entry of a record, as `JSONValueDecoder` decodes `ChangelogEntry` from `bytes`.
    static func decodeEntry(_ bytes: UnsafeBufferPointer<UInt8>) throws -> ChangelogEntry {
        try JSONPullReader.read(bytes) { try entry(&$0) }
    }

    /// One entry of a record, as `JSONValueDecoder` decodes `ChangelogEntry` from `data`.
    static func decodeEntry(_ data: Data) throws -> ChangelogEntry {
        try JSONPullReader.read(data) { try entry(&$0) }
    }

    static func record(_ r: inout JSONPullReader) throws -> ChangeRecord {
        var entries: [ChangelogEntry]?, files: [FileDiff]?, documents: [DocumentOrderDiff]?, summary: SnapshotSummary?
        var members = RecordJSONMembers()
        try r.readObject { r, key in
            if key.is("entries") {
                try members.see(1, key)
                var list: [ChangelogEntry] = []
                try r.readArray { r in list.append(try entry(&r)) }
                entries = list
            } else if key.is("files") {
                try members.see(2, key)
                var list: [FileDiff] = []
                try r.readArray { r in list.append(try file(&r)) }
                files = list
            } else if key.is("documents") {
                try members.see(4, key)
                var list: [DocumentOrderDiff] = []
                try r.readArray { r in list.append(try document(&r)) }
                documents = list
            } else if key.is("summary") {
                try members.see(8, key)
                summary = try snapshotSummary(&r)
            } else {
                try members.other(key, &r)
            }
        }
        guard let entries else { throw missing("entries", in: "ChangeRecord") }
        guard let files else { throw missing("files", in: "ChangeRecord") }
        guard let documents else { throw missing("documents", in: "ChangeRecord") }
        guard let summary else { throw missing("summary", in: "ChangeRecord") }
        return ChangeRecord(entries: entries, files: files, documents: documents, summary: summary)
    }

    static func entry(_ r: inout JSONPullReader) throws -> ChangelogEntry {
        var kind: EntryDiff.Kind?, entry: EntryRef?, from: EntryRef?, title: String?
        var fields: [FieldChange]?, prose: ProseSummary?, blocks: [BlockChange]?
        var formatting: FormattingChange?, references: [ReferenceTitle]?, attachments: [AttachmentChange]?
        var members = RecordJSONMembers()
        try r.readObject { r, key in
            if key.is("kind") {
                try members.see(1, key)
                kind = try raw(&r, EntryDiff.Kind.self)
            } else if key.is("entry") {
                try members.see(2, key)
                entry = try entryRef(&r)
            } else if key.is("from") {
                try members.see(4, key)
                from = try r.readNull() ? nil : try entryRef(&r)
            } else if key.is("title") {
                try members.see(8, key)
                title = try r.readNull() ? nil : try r.readString()
            } else if key.is("fields") {
                try members.see(16, key)
                var list: [FieldChange] = []
                try r.readArray { r in list.append(try field(&r)) }
                fields = list
            } else if key.is("prose") {
                try members.see(32, key)
                prose = try proseSummary(&r)
            } else if key.is("blocks") {
                try members.see(64, key)
                blocks = try blockList(&r)
            } else if key.is("formatting") {
                try members.see(128, key)
                formatting = try r.readNull() ? nil : try raw(&r, FormattingChange.self)
            } else if key.is("references") {
                try members.see(256, key)
                if try !r.readNull() {
                    var list: [ReferenceTitle] = []
                    try r.readArray { r in list.append(try reference(&r)) }
                    references = list
                }
            } else if key.is("attachments") {
                try members.see(512, key)
                if try !r.readNull() {
                    var list: [AttachmentChange] = []
                    try r.readArray { r in list.append(try attachment(&r)) }
                    attachments = list
                }
            } else {
                try members.other(key, &r)
            }
        }
        guard let kind else { throw missing("kind", in: "ChangelogEntry") }
        guard let entry else { throw missing("entry", in: "ChangelogEntry") }
        guard let fields else { throw missing("fields", in: "ChangelogEntry") }
        guard let prose else { throw missing("prose", in: "ChangelogEntry") }
        guard let blocks else { throw missing("blocks", in: "ChangelogEntry") }
        var made = ChangelogEntry(kind: kind, entry: entry, from: from, title: title, fields: fields, prose: prose, blocks: blocks,
                                  formatting: formatting, attachments: attachments)
        made.references = references
        return made
    }

    /// The raw value of an enum `T` (a string), as its synthesised `Decodable` reads it.
    private static func raw<T: RawRepresentable>(_ r: inout JSONPullReader, _ type: T.Type) throws -> T where T.RawValue == String {
        let text = try r.readString()
        guard let value = T(rawValue: text) else { throw RecordJSONError(description: "\(T.self): \(text)") }
        return value
    }

    private static func entryRef(_ r: inout JSONPullReader) throws -> EntryRef {
        let (collection, id, path) = try entry(&r, readsPath: true, in: "EntryRef")
        guard let path else { throw missing("path", in: "EntryRef") }
        return EntryRef(collection: collection, id: id, path: path)
    }

    /// An `EntryID` as its `Decodable` reads it: collection and id (its `path` follows from them and is not read).
    private static func entryID(_ r: inout JSONPullReader) throws -> (collection: String, id: String) {
        let (collection, id, _) = try entry(&r, readsPath: false, in: "EntryID")
        return (collection, id)
    }

    /// The members of an `EntryRef` (`readsPath`) or an `EntryID` (whose `path`, like any other member, is skipped).
    private static func entry(_ r: inout JSONPullReader, readsPath: Bool, in type: String) throws -> (collection: String, id: String, path: String?) {
        var collection: String?, id: String?, path: String?
        var members = RecordJSONMembers()
        try r.readObject { r, key in
            if key.is("collection") {
                try members.see(1, key)
                collection = try r.readString()
            } else if key.is("id") {
                try members.see(2, key)
                id = try r.readString()
            } else if readsPath, key.is("path") {
                try members.see(4, key)
                path = try r.readString()
            } else {
                try members.other(key, &r)
            }
        }
        guard let collection else { throw missing("collection", in: type) }
        guard let id else { throw missing("id", in: type) }
        return (collection, id, path)
    }

    /// As `FieldChange.init(from:)`.
    private static func field(_ r: inout JSONPullReader) throws -> FieldChange {
        var pointer: String?, label: String?, kind: FieldChange.Kind?
        var old: JSONValue?, new: JSONValue?
        var itemsAdded: [JSONValue] = [], itemsRemoved: [JSONValue] = []
        var reordered = false
        var words: [WordSegment]?
        var members = RecordJSONMembers()
        try r.readObject { r, key in
            if key.is("pointer") {
                try members.see(1, key)
                pointer = try r.readString()
            } else if key.is("label") {
                try members.see(2, key)
                label = try r.readString()
            } else if key.is("kind") {
                try members.see(4, key)
                kind = try raw(&r, FieldChange.Kind.self)
            } else if key.is("old") {
                try members.see(8, key)
                old = try r.readNull() ? nil : try fieldValue(&r)
            } else if key.is("new") {
                try members.see(16, key)
                new = try r.readNull() ? nil : try fieldValue(&r)
            } else if key.is("itemsAdded") {
                try members.see(32, key)
                itemsAdded = try fieldValues(&r)
            } else if key.is("itemsRemoved") {
                try members.see(64, key)
                itemsRemoved = try fieldValues(&r)
            } else if key.is("reordered") {
                try members.see(128, key)
                reordered = try r.readNull() ? false : try r.readBool()
            } else if key.is("words") {
                try members.see(256, key)
                if try !r.readNull() {
                    var list: [WordSegment] = []
                    try r.readArray { r in list.append(try segment(&r)) }
                    words = list
                }
            } else {
                try members.other(key, &r)
            }
        }
        guard let pointer else { throw missing("pointer", in: "FieldChange") }
        guard let label else { throw missing("label", in: "FieldChange") }
        guard let kind else { throw missing("kind", in: "FieldChange") }
        return FieldChange(pointer: pointer, label: label, kind: kind, old: old, new: new, itemsAdded: itemsAdded,
                           itemsRemoved: itemsRemoved, reordered: reordered, words: words)
    }

    /// A list of field values (`itemsAdded`, `itemsRemoved`): null is none.
    private static func fieldValues(_ r: inout JSONPullReader) throws -> [JSONValue] {
        guard try !r.readNull() else { return [] }
        var list: [JSONValue] = []
        try r.readArray { r in list.append(try fieldValue(&r)) }
        return list
    }

    /// A field's value as `DecodedJSON` decodes it: as `JSONParser` parses it (a duplicate key an error), each number
    /// that is an integer (`FixedWidthInteger` decoding: its literal, else its exact value) as `JSONNumber(Int)`,
    /// any other as `JSONNumber(Double)`.
    private static func fieldValue(_ r: inout JSONPullReader) throws -> JSONValue {
        let value = try r.readValue()
        if case .string = value { return value }
        return decoded(value)
    }

    private static func decoded(_ value: JSONValue) -> JSONValue {
        switch value {
        case .null, .bool, .string: return value
        case .number(let n):
            if let i = n.int { return .number(JSONNumber(i)) }
            return .number(JSONNumber(n.double))
        case .array(let items): return .array(items.map(decoded))
        case .object(let members):
            var out = OrderedDictionary<String, JSONValue>()
            out.reserveCapacity(members.count)
            for (key, member) in members { out[key] = decoded(member) }
            return .object(out)
        }
    }

    private static func proseSummary(_ r: inout JSONPullReader) throws -> ProseSummary {
        var wordsAdded: Int?, wordsRemoved: Int?, blocksAdded: Int?, blocksRemoved: Int?, blocksModified: Int?, blocksMoved: Int?
        var members = RecordJSONMembers()
        try r.readObject { r, key in
            if key.is("wordsAdded") {
                try members.see(1, key)
                wordsAdded = try r.readInt()
            } else if key.is("wordsRemoved") {
                try members.see(2, key)
                wordsRemoved = try r.readInt()
            } else if key.is("blocksAdded") {
                try members.see(4, key)
                blocksAdded = try r.readInt()
            } else if key.is("blocksRemoved") {
                try members.see(8, key)
                blocksRemoved = try r.readInt()
            } else if key.is("blocksModified") {
                try members.see(16, key)
                blocksModified = try r.readInt()
            } else if key.is("blocksMoved") {
                try members.see(32, key)
                blocksMoved = try r.readInt()
            } else {
                try members.other(key, &r)
            }
        }
        var prose = ProseSummary()
        guard let wordsAdded else { throw missing("wordsAdded", in: "ProseSummary") }
        guard let wordsRemoved else { throw missing("wordsRemoved", in: "ProseSummary") }
        guard let blocksAdded else { throw missing("blocksAdded", in: "ProseSummary") }
        guard let blocksRemoved else { throw missing("blocksRemoved", in: "ProseSummary") }
        guard let blocksModified else { throw missing("blocksModified", in: "ProseSummary") }
        guard let blocksMoved else { throw missing("blocksMoved", in: "ProseSummary") }
        prose.wordsAdded = wordsAdded
        prose.wordsRemoved = wordsRemoved
        prose.blocksAdded = blocksAdded
        prose.blocksRemoved = blocksRemoved
        prose.blocksModified = blocksModified
        prose.blocksMoved = blocksMoved
        return prose
    }

    /// As `ReferenceTitle.init(from:)`.
    private static func reference(_ r: inout JSONPullReader) throws -> ReferenceTitle {
        var field: String?, entry: (collection: String, id: String)?, old: String?, new: String?
        var members = RecordJSONMembers()
        try r.readObject { r, key in
            if key.is("field") {
                try members.see(1, key)
                field = try r.readString()
            } else if key.is("entry") {
                try members.see(2, key)
                entry = try entryID(&r)
            } else if key.is("old") {
                try members.see(4, key)
                old = try r.readNull() ? nil : try r.readString()
            } else if key.is("new") {
                try members.see(8, key)
                new = try r.readNull() ? nil : try r.readString()
            } else {
                try members.other(key, &r)
            }
        }
        guard let field else { throw missing("field", in: "ReferenceTitle") }
        guard let entry else { throw missing("entry", in: "ReferenceTitle") }
        return ReferenceTitle(field: field, collection: entry.collection, id: entry.id, old: old, new: new)
    }

    private static func attachment(_ r: inout JSONPullReader) throws -> AttachmentChange {
        var kind: ChangeKind?, name: String?, oldSize: Int?, newSize: Int?
        var members = RecordJSONMembers()
        try r.readObject { r, key in
            if key.is("kind") {
                try members.see(1, key)
                kind = try raw(&r, ChangeKind.self)
            } else if key.is("name") {
                try members.see(2, key)
                name = try r.readString()
            } else if key.is("oldSize") {
                try members.see(4, key)
                oldSize = try r.readNull() ? nil : try r.readInt()
            } else if key.is("newSize") {
                try members.see(8, key)
                newSize = try r.readNull() ? nil : try r.readInt()
            } else {
                try members.other(key, &r)
            }
        }
        guard let kind else { throw missing("kind", in: "AttachmentChange") }
        guard let name else { throw missing("name", in: "AttachmentChange") }
        return AttachmentChange(kind: kind, name: name, oldSize: oldSize, newSize: newSize)
    }

    private static func file(_ r: inout JSONPullReader) throws -> FileDiff {
        var kind: FileDiff.Kind?, path: String?, oldBlob: ObjectID?, newBlob: ObjectID?
        var members = RecordJSONMembers()
        func blob(_ r: inout JSONPullReader) throws -> ObjectID? {
            guard try !r.readNull() else { return nil }
            let text = try r.readString()
            guard let id = ObjectID(hex: text) else { throw RecordJSONError(description: "ObjectID: \(text)") }
            return id
        }
        try r.readObject { r, key in
            if key.is("kind") {
                try members.see(1, key)
                kind = try raw(&r, FileDiff.Kind.self)
            } else if key.is("path") {
                try members.see(2, key)
                path = try r.readString()
            } else if key.is("oldBlob") {
                try members.see(4, key)
                oldBlob = try blob(&r)
            } else if key.is("newBlob") {
                try members.see(8, key)
                newBlob = try blob(&r)
            } else {
                try members.other(key, &r)
            }
        }
        guard let kind else { throw missing("kind", in: "FileDiff") }
        guard let path else { throw missing("path", in: "FileDiff") }
        return FileDiff(kind: kind, path: path, oldBlob: oldBlob, newBlob: newBlob)
    }

    /// As `DocumentOrderDiff.init(from:)`: the sections' entries named as `EntryID`s (their collections not read).
    private static func document(_ r: inout JSONPullReader) throws -> DocumentOrderDiff {
        var collection: String?, sections: [SectionChange]?
        var members = RecordJSONMembers()
        try r.readObject { r, key in
            if key.is("collection") {
                try members.see(1, key)
                collection = try r.readString()
            } else if key.is("sections") {
                try members.see(2, key)
                var list: [SectionChange] = []
                try r.readArray { r in list.append(try section(&r)) }
                sections = list
            } else {
                try members.other(key, &r)
            }
        }
        guard let collection else { throw missing("collection", in: "DocumentOrderDiff") }
        guard let sections else { throw missing("sections", in: "DocumentOrderDiff") }
        return DocumentOrderDiff(collection: collection, sections: sections)
    }

    private static func section(_ r: inout JSONPullReader) throws -> SectionChange {
        var kind: SectionChange.Kind?, id: String?, from: String?, oldPosition: Int?, newPosition: Int?, title: String?
        var members = RecordJSONMembers()
        try r.readObject { r, key in
            if key.is("kind") {
                try members.see(1, key)
                kind = try raw(&r, SectionChange.Kind.self)
            } else if key.is("entry") {
                try members.see(2, key)
                id = try entryID(&r).id
            } else if key.is("from") {
                try members.see(4, key)
                from = try r.readNull() ? nil : try entryID(&r).id
            } else if key.is("oldPosition") {
                try members.see(8, key)
                oldPosition = try r.readNull() ? nil : try r.readInt()
            } else if key.is("newPosition") {
                try members.see(16, key)
                newPosition = try r.readNull() ? nil : try r.readInt()
            } else if key.is("title") {
                try members.see(32, key)
                title = try r.readNull() ? nil : try r.readString()
            } else {
                try members.other(key, &r)
            }
        }
        guard let kind else { throw missing("kind", in: "Section") }
        guard let id else { throw missing("entry", in: "Section") }
        return SectionChange(kind: kind, id: id, from: from, oldPosition: oldPosition, newPosition: newPosition, title: title)
    }

    private static func snapshotSummary(_ r: inout JSONPullReader) throws -> SnapshotSummary {
        let names: [StaticString] = ["entriesAdded", "entriesRemoved", "entriesModified", "entriesRenamed", "entriesMoved",
                                     "fieldsChanged", "wordsAdded", "wordsRemoved", "blocksMoved", "filesChanged"]
        var values = [Int?](repeating: nil, count: names.count)
        var members = RecordJSONMembers()
        try r.readObject { r, key in
            guard let k = names.firstIndex(where: { key.is($0) }) else { return try members.other(key, &r) }
            try members.see(UInt32(1) << k, key)
            values[k] = try r.readInt()
        }
        for k in names.indices where values[k] == nil { throw missing(names[k].description, in: "SnapshotSummary") }
        var s = SnapshotSummary()
        s.entriesAdded = values[0]!
        s.entriesRemoved = values[1]!
        s.entriesModified = values[2]!
        s.entriesRenamed = values[3]!
        s.entriesMoved = values[4]!
        s.fieldsChanged = values[5]!
        s.wordsAdded = values[6]!
        s.wordsRemoved = values[7]!
        s.blocksMoved = values[8]!
        s.filesChanged = values[9]!
        return s
    }
}

/// The members of one object read so far: known ones by a bit each, others by name (any member seen twice is an
/// error, as `JSONParser` rejects duplicate keys).
struct RecordJSONMembers {
    private var seen: UInt32 = 0
    private var others: [String] = []

    /// Notes the known member `bit` (`key`); throws when it was seen before.
    mutating func see(_ bit: UInt32, _ key: JSONPullKey) throws {
        guard seen & bit == 0 else { throw RecordJSONError(description: "duplicate key \"\(key.string)\" in object") }
        seen |= bit
    }

    /// Reads over the value of a member not known (`key`); throws when it was seen before.
    mutating func other(_ key: JSONPullKey, _ r: inout JSONPullReader) throws {
        let name = key.string
        guard !others.contains(name) else { throw RecordJSONError(description: "duplicate key \"\(name)\" in object") }
        others.append(name)
        try r.skipValue()
    }
}
