import ChronikChangelog
import ChronikDiff
import ChronikStore
import OrderedCollections
#if canImport(Glibc)
import Glibc
#endif

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

    /// An entry's file (`bytes(entryDocument(…))`), written straight into bytes (`write(entry:…)`).
    static func entryFile(_ entry: SiteEntry) -> [UInt8] {
        var writer = JSONByteWriter(pretty: true, capacity: 4096)
        write(entry: entry, document: true, indent: 0, into: &writer)
        writer.append(byte: 0x0A)
        return writer.bytes
    }

    /// Writes an entry's object (`entry(_:model:)`; with `document`, `entryDocument(_:model:)`: `"chronik": 1`
    /// first) as `JSONByteWriter.write` writes it at `indent`, without making its tree: the tree of each of the
    /// medium store's 5,443 entries was made twice per full publish (its file, its collection's), its objects and
    /// ordered dictionaries some 3 % of the warm publish's CPU (page15). `entry(_:model:)` stays the definition;
    /// `SiteJSONWriterTests` hold the two to each other.
    static func write(entry: SiteEntry, document: Bool, indent: Int, into w: inout JSONByteWriter) {
        var object = ObjectMembers(indent: indent, into: &w)
        if document {
            object.plainKey("chronik", &w)
            w.append(SiteData.contractVersionLiteral)
        }
        object.plainKey("entry", &w)
        writeRef(collection: entry.collection, id: entry.id, path: entry.path, title: entry.title, indent: indent + 1, into: &w)
        let fields = entry.fields
        if hasUniqueKeys(fields) {
            object.plainKey("fields", &w)
            var members = ObjectMembers(indent: indent + 1, into: &w)
            for field in fields {
                members.key(field.key, &w)
                w.write(field.value, indent: indent + 2)
            }
            members.end(&w)
            object.plainKey("labels", &w)
            members = ObjectMembers(indent: indent + 1, into: &w)
            for field in fields {
                members.key(field.key, &w)
                w.writeString(field.label)
            }
            members.end(&w)
        } else {
            // A key twice (a hand-built model): the dictionaries' rule (the first place, the last value).
            var values = OrderedDictionary<String, JSONValue>(), labels = OrderedDictionary<String, JSONValue>()
            for field in fields { values[field.key] = field.value; labels[field.key] = .string(field.label) }
            object.plainKey("fields", &w)
            w.write(.object(values), indent: indent + 1)
            object.plainKey("labels", &w)
            w.write(.object(labels), indent: indent + 1)
        }
        object.plainKey("body", &w)
        w.writeString(entry.body)
        object.plainKey("links", &w)
        var links = ArrayElements(indent: indent + 1, into: &w)
        for field in fields {
            for link in field.links {
                links.next(&w)
                writeLink(link, field: field.key, indent: indent + 2, into: &w)
            }
        }
        links.end(&w)
        object.plainKey("backlinks", &w)
        var backlinks = ArrayElements(indent: indent + 1, into: &w)
        for link in entry.backlinks {
            backlinks.next(&w)
            writeLink(link, field: nil, indent: indent + 2, into: &w)
        }
        backlinks.end(&w)
        object.plainKey("history", &w)
        var history = ArrayElements(indent: indent + 1, into: &w)
        for h in entry.history {
            history.next(&w)
            let c = h.listed
            var members = ObjectMembers(indent: indent + 2, into: &w)
            members.plainKey("commit", &w)
            w.writeString(h.version.id.hex)
            members.plainKey("date", &w)
            w.writeString(h.version.date.iso8601)
            members.plainKey("summary", &w)
            w.writeString(h.version.summary)
            if let release = h.release {
                members.plainKey("release", &w)
                w.writeString(release)
            }
            members.plainKey("kind", &w)
            w.writeString(c.kind.rawValue)
            if let from = c.from {
                members.plainKey("from", &w)
                writeRef(collection: from.collection, id: from.id, path: from.path, title: nil, indent: indent + 3, into: &w)
            }
            members.plainKey("fields", &w)
            var pointers = ArrayElements(indent: indent + 3, into: &w)
            for pointer in c.fields {
                pointers.next(&w)
                w.writeString(pointer)
            }
            pointers.end(&w)
            members.plainKey("wordsAdded", &w)
            w.append(String(c.wordsAdded))
            members.plainKey("wordsRemoved", &w)
            w.append(String(c.wordsRemoved))
            members.end(&w)
        }
        history.end(&w)
        object.end(&w)
    }

    /// Whether no two fields share a key (then each field is one member of `fields` and `labels`).
    private static func hasUniqueKeys(_ fields: [SiteField]) -> Bool {
        guard fields.count > 1 else { return true }
        if fields.count <= 32 {
            for i in 1..<fields.count {
                for j in 0..<i where fields[j].key == fields[i].key { return false }
            }
            return true
        }
        return Set(fields.map(\.key)).count == fields.count
    }

    /// `entryRef(…)` written at `indent`.
    private static func writeRef(collection: String, id: String, path: String?, title: String?, indent: Int, into w: inout JSONByteWriter) {
        var members = ObjectMembers(indent: indent, into: &w)
        members.plainKey("collection", &w)
        w.writeString(collection)
        members.plainKey("id", &w)
        w.writeString(id)
        members.plainKey("path", &w)
        w.writeString(path ?? EntryID(collection: collection, id: id).path)
        if let title {
            members.plainKey("title", &w)
            w.writeString(title)
        }
        members.end(&w)
    }

    /// `link(_:field:)` written at `indent`.
    private static func writeLink(_ link: SiteLink, field: String?, indent: Int, into w: inout JSONByteWriter) {
        var members = ObjectMembers(indent: indent, into: &w)
        if let field {
            members.plainKey("field", &w)
            w.writeString(JSONPointer.make([field]))
        }
        members.plainKey("entry", &w)
        writeRef(collection: link.collection, id: link.id, path: nil, title: link.resolves ? link.title : nil, indent: indent + 1, into: &w)
        members.plainKey("resolves", &w)
        w.append(link.resolves ? "true" : "false")
        members.end(&w)
    }

    /// An object being written as `JSONByteWriter.write` writes one at `indent`: `{`, each member on its own line,
    /// `}` on the object's (`{}` when it has none).
    private struct ObjectMembers {
        private var items: ArrayElements

        init(indent: Int, into w: inout JSONByteWriter) {
            items = ArrayElements(open: 0x7B, close: 0x7D, indent: indent, into: &w)
        }

        mutating func key(_ key: String, _ w: inout JSONByteWriter) {
            items.next(&w)
            w.writeKey(key)
        }

        /// `key(_:_:)` for one of the contract's keys (plain ASCII, nothing to escape).
        mutating func plainKey(_ key: StaticString, _ w: inout JSONByteWriter) {
            items.next(&w)
            w.writePlainKey(key)
        }

        func end(_ w: inout JSONByteWriter) { items.end(&w) }
    }

    /// An array being written as `JSONByteWriter.write` writes one at `indent` (`[]` when it has no elements): `[`,
    /// each element on its own line, `]` on the array's. An object's members are laid out alike (`ObjectMembers`).
    private struct ArrayElements {
        let indent: Int
        let close: UInt8
        var count = 0

        init(indent: Int, into w: inout JSONByteWriter) {
            self.init(open: 0x5B, close: 0x5D, indent: indent, into: &w)
        }

        init(open: UInt8, close: UInt8, indent: Int, into w: inout JSONByteWriter) {
            self.indent = indent
            self.close = close
            w.append(byte: open)
        }

        /// The comma after the element before (if any) and the new element's line.
        mutating func next(_ w: inout JSONByteWriter) {
            if count > 0 { w.append(byte: 0x2C) }
            count += 1
            w.newline(indent: indent + 1)
        }

        func end(_ w: inout JSONByteWriter) {
            if count > 0 { w.newline(indent: indent) }
            w.append(byte: close)
        }
    }

    /// An entry's object (the definition of `write(entry:…)`, which the publish uses).
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
        writeCollection(collection, model: model, kept: nil, to: piece)
    }

    /// `writeCollection`, with the object of entry `k` taken from `kept(k)` when that gives bytes (an unchanged
    /// entry's object cut from the old file, `patchCollection`) rather than made.
    private static func writeCollection(_ collection: SiteCollection, model: SiteModel, kept: ((Int) -> ArraySlice<UInt8>?)?,
                                        to piece: (UnsafeRawBufferPointer) -> Void) {
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
                if let bytes = kept?(k) {
                    writer.bytes.append(contentsOf: bytes)
                } else {
                    write(entry: entry, document: false, indent: 2, into: &writer)
                }
                writer.flush(to: piece)
            }
            writer.newline(indent: 1)
            writer.append(byte: 0x5D)
        }
        writer.newline(indent: 0)
        writer.append("}\n")
        writer.flush(to: piece, always: true)
    }

    /// A collection's file made from the old site's file of the same path (`source`, the bytes the previous publish
    /// wrote there): each entry whose JSON file's fingerprint (`entryInputs`, in the collection's order; nil: none) is
    /// the one the previous publish recorded has its object cut from the old file, found by its id; the others, the
    /// head (label, columns) and the order are made anew. After one new version only the edited entries' objects
    /// are made: the whole collection (10 MB, 1,100 entries on the medium store) was 5 % of an incremental publish
    /// (inc15g). nil when the old file is not as `writeCollection` writes it (then it is made whole).
    ///
    /// Why a cut object is the bytes `entry(_:model:)` makes: the old file is what the previous publish wrote (its
    /// checksum and size are that publish's record), and that publish wrote it from a model whose entry had the
    /// fingerprint it recorded for the entry's JSON file (a kept collection file was kept because nothing in it had
    /// changed); that fingerprint covers everything the entry's object shows (the entry's own JSON file is kept by
    /// it). `SiteDataPatchTests` hold the result to `writeCollection`.
    static func patchCollection(_ collection: SiteCollection, model: SiteModel, entryInputs: [SiteFingerprint?],
                                source: SitePatchSource) -> SiteFileStream? {
        guard entryInputs.count == collection.entries.count, let objects = entryObjects(source.old) else { return nil }
        var ranges: [Range<Int>?] = []
        ranges.reserveCapacity(collection.entries.count)
        for (k, entry) in collection.entries.enumerated() {
            guard let input = entryInputs[k], source.previousInput(SitePaths.entryJSON(entry.collection, entry.id)) == input else {
                ranges.append(nil)
                continue
            }
            var id = JSONByteWriter(pretty: true)
            id.writeString(entry.id)
            ranges.append(objects[id.bytes])
        }
        guard ranges.contains(where: { $0 != nil }) else { return nil }
        let old = source.old
        return { piece in
            writeCollection(collection, model: model, kept: { k in ranges[k].map { old[$0] } }, to: piece)
        }
    }

    /// The entries' objects of a collection's file as `writeCollection` writes it: the id as written (quoted,
    /// escaped) → the object's bytes (`{` to `}`). nil when the file is not laid out so, or names an id twice.
    /// The layout is found by lines: a string never holds a line break (the writer escapes it), so in the pretty
    /// text an entry's object starts at a line `    {` and ends at the first line `    }` after it (its own members
    /// are indented deeper), and the entries follow the only line `  "entries": [` (the head's members and columns
    /// are on other lines).
    static func entryObjects(_ bytes: [UInt8]) -> [[UInt8]: Range<Int>]? {
        bytes.withUnsafeBufferPointer { b -> [[UInt8]: Range<Int>]? in
            let n = b.count
            func matches(_ text: StaticString, at i: Int) -> Bool {
                let count = text.utf8CodeUnitCount
                guard i >= 0, i + count <= n else { return false }
                return text.withUTF8Buffer { memcmp($0.baseAddress!, b.baseAddress! + i, count) == 0 }
            }
            /// The first line break from `i` on (`n`: none).
            func nextLine(_ i: Int) -> Int {
                guard i < n, let found = memchr(b.baseAddress! + i, 0x0A, n - i) else { return n }
                return b.baseAddress!.distance(to: found.assumingMemoryBound(to: UInt8.self))
            }
            // The entries' line.
            var i = 0
            while true {
                let newline = nextLine(i)
                guard newline < n else { return nil }
                if matches("\n  \"entries\": [", at: newline) { i = newline + 15; break }
                i = newline + 1
            }
            var objects: [[UInt8]: Range<Int>] = [:]
            if matches("]\n}\n", at: i), i + 4 == n { return objects }
            while true {
                guard matches("\n    {\n      \"entry\": {\n        \"collection\": ", at: i) else { return nil }
                let start = i + 5
                // The collection's line, then the id's: `        "id": <string>,`.
                let j = nextLine(i + 46)
                guard matches("\n        \"id\": \"", at: j) else { return nil }
                let idStart = j + 16
                let k = nextLine(idStart)
                guard k < n, k - 1 > idStart, b[k - 1] == UInt8(ascii: ","), b[k - 2] == UInt8(ascii: "\"") else { return nil }
                let id = Array(b[(idStart - 1)..<(k - 1)])
                // The object's end: the first line `    }`, found from `}` to `}` (by `memchr`), not line by line (a
                // 10 MB file has 300,000 lines).
                var end = k
                while true {
                    guard end < n, let found = memchr(b.baseAddress! + end, 0x7D, n - end) else { return nil }
                    let brace = b.baseAddress!.distance(to: found.assumingMemoryBound(to: UInt8.self))
                    end = brace + 1
                    if matches("\n    }", at: brace - 5) { break }
                }
                guard objects.updateValue(start..<end, forKey: id) == nil else { return nil }
                if end < n, b[end] == UInt8(ascii: ",") {
                    i = end + 1
                    continue
                }
                return matches("\n  ]\n}\n", at: end) && end + 7 == n ? objects : nil
            }
        }
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
