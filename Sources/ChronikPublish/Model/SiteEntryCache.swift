import ChronikDiff
import ChronikStore
import Foundation
import OrderedCollections

/// The entries as the site model reads them, kept between publishes (inc15h): an entry's public fields, title and
/// body are a function of its blob (the bytes), its collection's private marks (`PrivateLocations`) and title field,
/// and the parsing and redaction rules of this chronik. A publish after one new version reads 5,000 blobs of which one
/// changed: reading the others' front matter, validating their bodies as UTF-8 (most of it: a String of 30 MB on the
/// medium store), redacting and titling them again was about 8 % of an incremental publish. With this cache an entry
/// whose key the last publish recorded takes its fields and title from the record, and its body as the bytes of its
/// blob after the front matter (`SiteText(validUTF8:)`: made a String only when a file that shows it is made; the
/// fingerprints read the bytes).
///
/// One file in the publish cache's folder (`entries`), shared by every target folder of the store (its records are
/// keyed by content, not by site): a header, then a record per entry (its 16-byte key, the record's length, the
/// title, the body — the offset of the body in the blob, or the redacted body itself when redaction changed it —, the
/// fingerprint of the body's bytes (what `SiteInputs.entry` adds for it: an unchanged body is not hashed again) and
/// the fields in a binary form of `JSONValue`), then the checksum (`Checksum`) of everything before it. A file
/// that does not verify, or a record that does not decode, is not used (the entry is parsed as without a cache).
/// Bump `revision` whenever the front matter reader, `PublicEntry.redact` or `CollectionSchema.title` give other
/// fields, bodies or titles for the same bytes, or the file changes its form (2: the body's fingerprint; 3: no title
/// recorded when the entry has none, as the id it falls back to is not part of the key).
///
/// A publish keeps the records it used (taken or made). The records it made are added at the end of the file read, in
/// place, sealed on from its checksum (`update`, inc15s): the medium store's 1.4 MB file was written anew after every
/// new version (3–4 % of an incremental publish). Records of the file that this publish did not use stay in it until
/// they are more than an eighth of its records (`staleShare`): then the file is written anew with the records used, in
/// the order first used.
final class SiteEntryCache: @unchecked Sendable, Hashable {
    static let revision = 3
    static var header: [UInt8] { Array("chronik-entry-cache \(revision) renderer \(SiteFingerprint.rendererRevision)\n".utf8) }
    static let fileName = "entries"
    /// Nesting of field values read back at most (the front matter reader's own limit is far lower).
    static let maxDepth = 64

    /// What the model takes of an entry.
    struct Entry: Equatable {
        /// The public fields, in the file's order.
        var fields: OrderedDictionary<String, JSONValue>
        /// The title (`CollectionSchema.title`: the title field, else `title`, else the first heading); nil when the
        /// entry has none, and the model shows its id (which the key does not cover: two entries may share a blob).
        var title: String?
        var body: Body
        /// The fingerprint of the (redacted) body's bytes (`SiteText.digest(of:)`).
        var digest: SiteFingerprint
    }

    enum Body: Equatable {
        /// The blob's bytes from this offset on (redaction left the body as it was).
        case blob(offset: Int)
        /// The redacted body.
        case text(String)
    }

    private let bytes: [UInt8]
    /// Key → where its record's payload is in `bytes`.
    private let index: [SiteFingerprint: Range<Int>]
    /// The keys in the order of the file.
    private let order: [SiteFingerprint]
    private let lock = NSLock()
    // Guarded by `lock`: the keys of the records this publish used, in the order first used, and the payloads of
    // those it made (a record taken is where `index` says: not copied).
    private var used: [SiteFingerprint] = []
    private var seen: Set<SiteFingerprint> = []
    private var madePayloads: [SiteFingerprint: [UInt8]] = [:]
    private var madeAny = false
    /// How many entries were taken from the cache, and how many parsed and recorded.
    private(set) var reused = 0
    private(set) var made = 0

    init() {
        bytes = []
        index = [:]
        order = []
    }

    private init(bytes: [UInt8], index: [SiteFingerprint: Range<Int>], order: [SiteFingerprint]) {
        self.bytes = bytes
        self.index = index
        self.order = order
    }

    static func == (a: SiteEntryCache, b: SiteEntryCache) -> Bool { a === b }
    func hash(into hasher: inout Hasher) { hasher.combine(ObjectIdentifier(self)) }

    /// How many records the file read held.
    var count: Int { index.count }

    // MARK: Keys

    /// What a collection's entries are parsed with besides their bytes: its private marks and title field.
    static func collectionKey(privacy: PrivateLocations, titleField: String) -> SiteFingerprint {
        SiteFingerprint { f in
            f.add("entry-collection")
            f.add(titleField)
            // A stable order of the paths (a set): each path's description, sorted.
            let paths = privacy.paths.map { String(reflecting: $0) }.sorted()
            f.add(paths.count)
            for path in paths { f.add(path) }
        }
    }

    /// An entry's key: its blob and its collection's key.
    static func key(blob: String, collection: SiteFingerprint) -> SiteFingerprint {
        SiteFingerprint { f in
            f.add("entry")
            f.add(revision)
            f.add(blob)
            f.add(collection)
        }
    }

    // MARK: Reading and recording

    /// Whether the file holds a record under `key` (which may still not decode: `entry` says).
    func holds(_ key: SiteFingerprint) -> Bool { index[key] != nil }

    /// The entry recorded under `key`, if the file holds it and its record decodes; kept for the next publish.
    /// `blobSize`: the size of the entry's blob (a body offset beyond it is not taken); nil when the blob was not read
    /// (`SiteBlobBody` checks the offset when it reads the body).
    func entry(_ key: SiteFingerprint, blobSize: Int?) -> Entry? {
        guard let range = index[key] else { return nil }
        var reader = CacheBytesReader(bytes: bytes, position: range.lowerBound, end: range.upperBound)
        guard let entry = reader.entry(), reader.position == range.upperBound else { return nil }
        if let blobSize, case .blob(let offset) = entry.body, offset > blobSize { return nil }
        lock.withLock {
            reused += 1
            if seen.insert(key).inserted { used.append(key) }
        }
        return entry
    }

    /// Records `entry` under `key` for the next publish.
    func record(_ key: SiteFingerprint, _ entry: Entry) {
        let payload = Self.payload(entry)
        lock.withLock {
            made += 1
            madeAny = true
            if seen.insert(key).inserted {
                used.append(key)
                madePayloads[key] = payload
            }
        }
    }

    /// A record's payload: the title, the body, the fields.
    static func payload(_ entry: Entry) -> [UInt8] {
        var writer = CacheBytesWriter(header: [])
        if let title = entry.title {
            writer.length(1)
            writer.string(title)
        } else {
            writer.length(0)
        }
        switch entry.body {
        case .blob(let offset):
            writer.length(0)
            writer.length(offset)
        case .text(let text):
            writer.length(1)
            writer.string(text)
        }
        writer.uint64(entry.digest.words)
        writer.uint64(entry.digest.bytes)
        writer.object(entry.fields)
        return writer.out
    }

    // MARK: The file

    static func file(in directory: URL) -> URL { directory.appendingPathComponent(fileName) }

    /// The cache in `directory`: empty when there is none or it does not verify.
    static func read(directory: URL) -> SiteEntryCache {
        // Read into an array of its size (a `Data` copied into an array was the 1.4 MB once more).
        guard let bytes = SiteCacheFile.bytes(atPath: file(in: directory).path) else { return SiteEntryCache() }
        return parse(bytes) ?? SiteEntryCache()
    }

    /// The cache of a file's bytes; nil when they do not verify (header, checksum, record layout).
    static func parse(_ bytes: [UInt8]) -> SiteEntryCache? {
        guard var reader = CacheBytesReader(framed: bytes, header: Self.header) else { return nil }
        let end = reader.end
        var index: [SiteFingerprint: Range<Int>] = [:]
        var order: [SiteFingerprint] = []
        while reader.position < end {
            guard let words = reader.uint64(), let mix = reader.uint64(), let length = reader.length(minimum: 0),
                  length <= end - reader.position else { return nil }
            let key = SiteFingerprint(words: words, bytes: mix)
            guard index[key] == nil else { return nil }
            index[key] = reader.position..<(reader.position + length)
            order.append(key)
            reader.position += length
        }
        return SiteEntryCache(bytes: bytes, index: index, order: order)
    }

    /// Whether the records used differ from those read (else the file need not be written).
    var changed: Bool {
        lock.withLock { madeAny || used.count != order.count || zip(used, order).contains { $0 != $1 } }
    }

    /// The records this publish used, in the order first used.
    func serialized() -> [UInt8] {
        var writer = CacheBytesWriter(header: Self.header)
        let (used, made) = lock.withLock { (self.used, self.madePayloads) }
        for key in used {
            writer.uint64(key.words)
            writer.uint64(key.bytes)
            if let payload = made[key] {
                writer.length(payload.count)
                writer.append(contentsOf: payload)
            } else if let range = index[key] {
                writer.length(range.count)
                writer.append(contentsOf: bytes[range])
            }
        }
        return writer.finished()
    }

    /// At most this share of the file's records may be records the publish did not use (1/8).
    static let staleShare = 8

    /// What a publish changes in the file it read.
    typealias Update = SiteCacheUpdate

    /// The update of the file read for the records used: the records made added at its end, unless more than
    /// `1 / staleShare` of its records would then be unused (or there was no file, or a record it holds was made
    /// again because it did not decode): then the file of the records used.
    func update() -> Update {
        let (used, made) = lock.withLock { (self.used, self.madePayloads) }
        // No file read (or none that verified): the records used, if any.
        guard !bytes.isEmpty else { return used.isEmpty ? .none : .whole(serialized()) }
        var added: [SiteFingerprint] = []
        var kept = 0
        for key in used {
            if made[key] == nil {
                kept += 1
            } else if index[key] != nil {
                // Made again under a key the file holds: the file would hold it twice.
                return .whole(serialized())
            } else {
                added.append(key)
            }
        }
        let stale = index.count - kept
        if stale * Self.staleShare > index.count + added.count { return .whole(serialized()) }
        guard !added.isEmpty else { return .none }
        var writer = CacheBytesWriter(header: [])
        for key in added {
            guard let payload = made[key] else { continue }
            writer.uint64(key.words)
            writer.uint64(key.bytes)
            writer.length(payload.count)
            writer.append(contentsOf: payload)
        }
        // The file's checksum (it verified) summed on over the records added.
        let end = bytes.count - 8
        let sum = CacheBytesReader.storedChecksum(bytes)
        let out = bytes.withUnsafeBytes { raw in
            writer.finished(after: sum, count: end, tail: UnsafeRawBufferPointer(rebasing: raw[(end - end % 8)..<end]))
        }
        return .append(offset: end, bytes: out)
    }

    /// Writes the file when the records used are not all in the one read: the records made added in place
    /// (`SiteCacheFile.append`; a file that is no longer the one read is written whole), or the file written anew
    /// (a temporary file renamed into place). Best effort.
    func write(directory: URL) {
        let file = Self.file(in: directory)
        switch update() {
        case .none:
            return
        case .append(let offset, let appended):
            if SiteCacheFile.append(file, at: offset, size: bytes.count, with: appended) { return }
            SiteCacheFile.replace(file, in: directory, with: serialized())
        case .whole(let bytes):
            SiteCacheFile.replace(file, in: directory, with: bytes)
        }
    }

    // MARK: Encoding

    fileprivate enum Tag: UInt8 {
        case null = 0, no, yes, number, string, array, object
    }

}

private extension CacheBytesWriter {
    mutating func object(_ members: OrderedDictionary<String, JSONValue>) {
        length(members.count)
        for (key, value) in members {
            string(key)
            self.value(value)
        }
    }

    mutating func value(_ value: JSONValue) {
        switch value {
        case .null: append(SiteEntryCache.Tag.null.rawValue)
        case .bool(let b): append(b ? SiteEntryCache.Tag.yes.rawValue : SiteEntryCache.Tag.no.rawValue)
        case .number(let n):
            append(SiteEntryCache.Tag.number.rawValue)
            string(n.literal)
        case .string(let s):
            append(SiteEntryCache.Tag.string.rawValue)
            string(s)
        case .array(let items):
            append(SiteEntryCache.Tag.array.rawValue)
            length(items.count)
            for item in items { self.value(item) }
        case .object(let members):
            append(SiteEntryCache.Tag.object.rawValue)
            object(members)
        }
    }
}

private extension CacheBytesReader {
    /// A string: its bytes must be valid UTF-8 (the checksum vouches for the file, not for its writer).
    mutating func string() -> String? {
        guard let count = length(minimum: 0), count <= end - position else { return nil }
        defer { position += count }
        return String(validating: bytes[position..<(position + count)], as: UTF8.self)
    }

    mutating func entry() -> SiteEntryCache.Entry? {
        let title: String?
        switch length(minimum: 0) {
        case 0?: title = nil
        case 1?:
            guard let text = string() else { return nil }
            title = text
        default: return nil
        }
        guard let kind = length(minimum: 0) else { return nil }
        let body: SiteEntryCache.Body
        switch kind {
        case 0:
            guard let offset = length(minimum: 0) else { return nil }
            body = .blob(offset: offset)
        case 1:
            guard let text = string() else { return nil }
            body = .text(text)
        default: return nil
        }
        guard let words = uint64(), let mix = uint64(), let fields = object(depth: 1) else { return nil }
        return SiteEntryCache.Entry(fields: fields, title: title, body: body, digest: SiteFingerprint(words: words, bytes: mix))
    }

    mutating func object(depth: Int) -> OrderedDictionary<String, JSONValue>? {
        guard depth <= SiteEntryCache.maxDepth, let count = length() else { return nil }
        var members = OrderedDictionary<String, JSONValue>(minimumCapacity: count)
        for _ in 0..<count {
            guard let key = string(), let value = value(depth: depth + 1), members.updateValue(value, forKey: key) == nil else { return nil }
        }
        return members
    }

    mutating func value(depth: Int) -> JSONValue? {
        guard position < end, let tag = SiteEntryCache.Tag(rawValue: bytes[position]) else { return nil }
        position += 1
        switch tag {
        case .null: return .null
        case .no: return .bool(false)
        case .yes: return .bool(true)
        case .number:
            guard let literal = string(), let number = JSONNumber(literal: literal) else { return nil }
            return .number(number)
        case .string:
            return string().map(JSONValue.string)
        case .array:
            guard depth <= SiteEntryCache.maxDepth, let count = length() else { return nil }
            var items: [JSONValue] = []
            items.reserveCapacity(count)
            for _ in 0..<count {
                guard let item = value(depth: depth + 1) else { return nil }
                items.append(item)
            }
            return .array(items)
        case .object:
            return object(depth: depth).map(JSONValue.object)
        }
    }
}
