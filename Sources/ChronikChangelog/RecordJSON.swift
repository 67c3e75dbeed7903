import ChronikDiff
import ChronikStore

// The change-record cache stores every record a cold changelog computes, as compact JSON: the record without its
// blocks, and the blocks. Through `Codable` that was a sixth of a cold run (a keyed container and a boxed encoder
// per object). `RecordJSON` writes the same text straight into a `JSONByteWriter`: the members in the order the
// types declare them (their synthesised `Codable`; `FieldChange` its own), optionals only when set, scalars as
// `JSONByteWriter` writes them. `RecordJSONTests` checks the text against the `Codable` encoding of every record of
// the sample's history and of records with every optional set and unset.

/// Compact JSON of change records and their blocks, as `JSONByteWriter(pretty: false).encode` writes them.
enum RecordJSON {
    /// The record (as it is: a caller that wants it without blocks removes them first).
    static func record(_ record: ChangeRecord) -> [UInt8] {
        var w = JSONByteWriter(pretty: false, capacity: 1_024)
        w.object { o in
            o.member("entries") { $0.array(record.entries) { entry(&$0, $1) } }
            o.member("files") { $0.array(record.files) { file(&$0, $1) } }
            o.member("documents") { $0.array(record.documents) { document(&$0, $1) } }
            o.member("summary") { summary(&$0, record.summary) }
        }
        return w.bytes
    }

    /// The blocks of each entry of `record`, one list per entry.
    static func blocks(_ record: ChangeRecord) -> [UInt8] {
        var w = JSONByteWriter(pretty: false, capacity: 1_024)
        w.array(record.entries) { w, entry in w.array(entry.blocks) { block(&$0, $1) } }
        return w.bytes
    }

    private static func entry(_ w: inout JSONByteWriter, _ e: ChangelogEntry) {
        w.object { o in
            o.member("kind") { $0.writeString(e.kind.rawValue) }
            o.member("entry") { ref(&$0, e.entry) }
            if let from = e.from { o.member("from") { ref(&$0, from) } }
            if let title = e.title { o.member("title") { $0.writeString(title) } }
            o.member("fields") { $0.array(e.fields) { field(&$0, $1) } }
            o.member("prose") { prose(&$0, e.prose) }
            o.member("blocks") { $0.array(e.blocks) { block(&$0, $1) } }
            if let formatting = e.formatting { o.member("formatting") { $0.writeString(formatting.rawValue) } }
            if let references = e.references {
                o.member("references") {
                    $0.array(references) { w, r in
                        w.object { o in
                            o.member("field") { $0.writeString(r.field) }
                            o.member("entry") { entryID(&$0, collection: r.collection, id: r.id) }
                            if let old = r.old { o.member("old") { $0.writeString(old) } }
                            if let new = r.new { o.member("new") { $0.writeString(new) } }
                        }
                    }
                }
            }
            if let attachments = e.attachments {
                o.member("attachments") {
                    $0.array(attachments) { w, a in
                        w.object { o in
                            o.member("kind") { $0.writeString(a.kind.rawValue) }
                            o.member("name") { $0.writeString(a.name) }
                            if let old = a.oldSize { o.member("oldSize") { $0.append(String(old)) } }
                            if let new = a.newSize { o.member("newSize") { $0.append(String(new)) } }
                        }
                    }
                }
            }
        }
    }

    /// An entry as `EntryID` encodes it: `{"collection", "id", "path"}`.
    private static func entryID(_ w: inout JSONByteWriter, collection: String, id: String) {
        let entry = EntryID(collection: collection, id: id)
        w.object { o in
            o.member("collection") { $0.writeString(entry.collection) }
            o.member("id") { $0.writeString(entry.id) }
            o.member("path") { $0.writeString(entry.path) }
        }
    }

    private static func ref(_ w: inout JSONByteWriter, _ r: EntryRef) {
        w.object { o in
            o.member("collection") { $0.writeString(r.collection) }
            o.member("id") { $0.writeString(r.id) }
            o.member("path") { $0.writeString(r.path) }
        }
    }

    /// As `FieldChange.encode(to:)`: the list members only for a list.
    private static func field(_ w: inout JSONByteWriter, _ f: FieldChange) {
        w.object { o in
            o.member("pointer") { $0.writeString(f.pointer) }
            o.member("label") { $0.writeString(f.label) }
            o.member("kind") { $0.writeString(f.kind.rawValue) }
            if let old = f.old { o.member("old") { $0.write(old) } }
            if let new = f.new { o.member("new") { $0.write(new) } }
            if f.kind == .list {
                o.member("itemsAdded") { $0.array(f.itemsAdded) { $0.write($1) } }
                o.member("itemsRemoved") { $0.array(f.itemsRemoved) { $0.write($1) } }
                o.member("reordered") { $0.append(f.reordered ? "true" : "false") }
            }
            if let words = f.words { o.member("words") { $0.array(words) { segment(&$0, $1) } } }
        }
    }

    private static func prose(_ w: inout JSONByteWriter, _ p: ProseSummary) {
        w.object { o in
            o.member("wordsAdded") { $0.append(String(p.wordsAdded)) }
            o.member("wordsRemoved") { $0.append(String(p.wordsRemoved)) }
            o.member("blocksAdded") { $0.append(String(p.blocksAdded)) }
            o.member("blocksRemoved") { $0.append(String(p.blocksRemoved)) }
            o.member("blocksModified") { $0.append(String(p.blocksModified)) }
            o.member("blocksMoved") { $0.append(String(p.blocksMoved)) }
        }
    }

    private static func block(_ w: inout JSONByteWriter, _ b: BlockChange) {
        w.object { o in
            o.member("kind") { $0.writeString(b.kind.rawValue) }
            if let old = b.old { o.member("old") { location(&$0, old) } }
            if let new = b.new { o.member("new") { location(&$0, new) } }
            o.member("words") { $0.array(b.words) { segment(&$0, $1) } }
            o.member("wordsAdded") { $0.append(String(b.wordsAdded)) }
            o.member("wordsRemoved") { $0.append(String(b.wordsRemoved)) }
        }
    }

    private static func location(_ w: inout JSONByteWriter, _ l: BlockLocation) {
        w.object { o in
            o.member("kind") { $0.writeString(l.kind.rawValue) }
            o.member("index") { $0.append(String(l.index)) }
            o.member("firstLine") { $0.append(String(l.firstLine)) }
            o.member("lastLine") { $0.append(String(l.lastLine)) }
            o.member("offset") { $0.append(String(l.offset)) }
            o.member("length") { $0.append(String(l.length)) }
        }
    }

    private static func segment(_ w: inout JSONByteWriter, _ s: WordSegment) {
        w.object { o in
            o.member("operation") { $0.writeString(s.operation.rawValue) }
            o.member("text") { $0.writeString(s.text) }
        }
    }

    private static func file(_ w: inout JSONByteWriter, _ f: FileDiff) {
        w.object { o in
            o.member("kind") { $0.writeString(f.kind.rawValue) }
            o.member("path") { $0.writeString(f.path) }
            if let old = f.oldBlob { o.member("oldBlob") { $0.writeString(old.hex) } }
            if let new = f.newBlob { o.member("newBlob") { $0.writeString(new.hex) } }
        }
    }

    private static func document(_ w: inout JSONByteWriter, _ d: DocumentOrderDiff) {
        w.object { o in
            o.member("collection") { $0.writeString(d.collection) }
            o.member("sections") { $0.array(d.sections) { section(&$0, $1, collection: d.collection) } }
        }
    }

    /// As `DocumentOrderDiff.encode(to:)`: the section's entries in the document's collection.
    private static func section(_ w: inout JSONByteWriter, _ s: SectionChange, collection: String) {
        w.object { o in
            o.member("kind") { $0.writeString(s.kind.rawValue) }
            o.member("entry") { entryID(&$0, collection: collection, id: s.id) }
            if let from = s.from { o.member("from") { entryID(&$0, collection: collection, id: from) } }
            if let p = s.oldPosition { o.member("oldPosition") { $0.append(String(p)) } }
            if let p = s.newPosition { o.member("newPosition") { $0.append(String(p)) } }
            if let title = s.title { o.member("title") { $0.writeString(title) } }
        }
    }

    private static func summary(_ w: inout JSONByteWriter, _ s: SnapshotSummary) {
        w.object { o in
            o.member("entriesAdded") { $0.append(String(s.entriesAdded)) }
            o.member("entriesRemoved") { $0.append(String(s.entriesRemoved)) }
            o.member("entriesModified") { $0.append(String(s.entriesModified)) }
            o.member("entriesRenamed") { $0.append(String(s.entriesRenamed)) }
            o.member("entriesMoved") { $0.append(String(s.entriesMoved)) }
            o.member("fieldsChanged") { $0.append(String(s.fieldsChanged)) }
            o.member("wordsAdded") { $0.append(String(s.wordsAdded)) }
            o.member("wordsRemoved") { $0.append(String(s.wordsRemoved)) }
            o.member("blocksMoved") { $0.append(String(s.blocksMoved)) }
            o.member("filesChanged") { $0.append(String(s.filesChanged)) }
        }
    }
}

/// Members of one compact object being written (see `JSONByteWriter.object`).
struct CompactObject {
    fileprivate var writer: JSONByteWriter
    fileprivate var count = 0

    /// `"key":` and the value `body` writes, after a comma but for the first member.
    mutating func member(_ key: String, _ body: (inout JSONByteWriter) -> Void) {
        if count > 0 { writer.append(byte: UInt8(ascii: ",")) }
        count += 1
        writer.writeKey(key)
        body(&writer)
    }
}

extension JSONByteWriter {
    /// `{`, the members `body` writes, `}` (compact writers only).
    mutating func object(_ body: (inout CompactObject) -> Void) {
        var object = CompactObject(writer: self)
        bytes = []
        object.writer.append(byte: UInt8(ascii: "{"))
        body(&object)
        object.writer.append(byte: UInt8(ascii: "}"))
        self = object.writer
    }

    /// `[`, each element as `element` writes it, `]` (compact writers only).
    mutating func array<T>(_ elements: [T], _ element: (inout JSONByteWriter, T) -> Void) {
        append(byte: UInt8(ascii: "["))
        for (k, e) in elements.enumerated() {
            if k > 0 { append(byte: UInt8(ascii: ",")) }
            element(&self, e)
        }
        append(byte: UInt8(ascii: "]"))
    }
}
