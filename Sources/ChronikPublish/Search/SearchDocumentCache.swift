import ChronikStore
import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// The search documents of the last publish (issue 15, "Incremental"): an entry's search document (its words, title,
/// snippet) is a pure function of what `SiteInputs.entry` fingerprints (title, fields with the titles of what they
/// refer to, body) and its collection's label, so a publish takes the document of an entry whose fingerprint is the
/// one recorded, and splits only the others into words (`SearchText`: about two thirds of the search index's time).
/// The index built from them is the same bytes as one built from scratch; the order of the documents, their
/// positions and the shards are made from all documents on every publish.
///
/// The documents hold their words as numbers of `words` (`SearchWords`), which the index of every site of a publish
/// (`--releases`) numbers its words with too: a word is stored once, not once per document (mem15b).
///
/// One file per target folder beside the publish cache (`<checksum of the folder's path>.search`): a header, then
/// sections, each the words it adds (a count, then length-prefixed strings, numbered on from the words of the sections
/// before it), title orders (below) and a record per document (a count, then for each the key, length-prefixed strings,
/// a count and its words as numbers into the file's words, times two plus one for a title word), and the checksum of
/// everything before it. A key is in the file once. A file that does not verify is not used. Bump `revision` whenever
/// `SearchText` or `SiteSearch.document` make other documents from the same entry (SearchDocumentCacheTests holds a
/// checksum of the sample's documents beside it), or the file changes its form.
///
/// The file keeps the title orders of the last publish too (inc15d): sorting a site's titles by ICU's collation
/// (`SiteSearch.titleOrder`) was 2.4 % of an incremental publish of the medium store, and a publish that changes no
/// title has the same order. An order is kept under the fingerprint of the titles it sorts (in the model's order), so
/// a changed, added or removed title (or another order of the entries) sorts again. Revision 3: the orders.
///
/// A publish that made documents or sorted titles adds them in place, as a section at the end of the file it read,
/// sealed on from its checksum (`update`, revision 4, inc20a): the medium store's 3.5 MB file was made and written anew
/// after every new version for one changed document (2–3 % of an incremental publish). The file's records that the
/// publish did not use (an edited entry's old document, an old title order) stay until they are more than an eighth of
/// the file's bytes (`staleShare`): then it is written anew with what the publish used, as before.
final class SearchDocumentCache: @unchecked Sendable {
    static let revision = 4
    static var header: [UInt8] { Array("chronik-search-cache \(revision) renderer \(SiteFingerprint.rendererRevision)\n".utf8) }

    /// The documents of a cache file, their words numbered in `words`.
    struct Contents {
        var words: SearchWords
        var documents: [SiteFingerprint: SiteSearch.Document]
        /// The titles' fingerprint (`titlesKey`) → their order.
        var orders: [SiteFingerprint: [Int]] = [:]
        /// What adding to the file in place needs of it (nil: not read from a file).
        var file: FileState? = nil
        var count: Int { documents.count }
    }

    /// The file a cache was read from, as far as `update` needs it to add a section at its end.
    struct FileState: Equatable {
        /// Its size, its checksum, and its bytes after the last whole eight before the checksum (what
        /// `Checksum.of(_:after:count:tail:)` sums on from).
        var size: Int
        var sum: UInt64
        var tail: [UInt8]
        /// How many words it lists: the numbers of the words a publish added follow them.
        var words: Int
        /// The bytes of all its documents' and orders' records, as read: what `recordSize` gives for them
        /// (`SearchDocumentCacheTests` holds the two to each other; `update` counts the unused records' bytes by it).
        var recordBytes: Int
    }

    /// The bytes of a document's record in a file whose word numbers are the document's (`parse`, `update`).
    static func recordSize(_ document: SiteSearch.Document) -> Int {
        var size = 16 + stringSize(document.href) + stringSize(document.title) + stringSize(document.collection)
            + stringSize(document.snippet) + lengthSize(document.words.count)
        for word in document.words { size += lengthSize(Int(word)) }
        return size
    }

    /// The bytes of a title order's record.
    static func recordSize(_ order: [Int]) -> Int {
        var size = 16 + lengthSize(order.count)
        for position in order { size += lengthSize(position) }
        return size
    }

    private static func lengthSize(_ n: Int) -> Int {
        var n = UInt(n), size = 1
        while n >= 0x80 { n >>= 7; size += 1 }
        return size
    }

    private static func stringSize(_ s: String) -> Int { lengthSize(s.utf8.count) + s.utf8.count }

    /// The words of every document this cache holds or is given.
    let words: SearchWords
    private let lock = NSLock()
    private let previous: [SiteFingerprint: SiteSearch.Document]
    private let previousOrders: [SiteFingerprint: [Int]]
    /// The file `previous` was read from (nil: none, or contents not read from a file).
    private let file: FileState?
    /// The title orders this publish used (one per site: `--releases` publishes several), in the order asked for.
    private var usedOrders: [(SiteFingerprint, [Int])] = []
    /// How many title orders were taken from the previous publish, and how many sorted.
    private(set) var ordersReused = 0
    private(set) var ordersSorted = 0
    private var used: [(SiteFingerprint, SiteSearch.Document)] = []
    private var seen: Set<SiteFingerprint> = []
    /// How many documents were taken from the previous publish, and how many made.
    private(set) var reused = 0
    private(set) var made = 0

    init() {
        words = SearchWords()
        previous = [:]
        previousOrders = [:]
        file = nil
    }

    init(previous: Contents) {
        words = previous.words
        self.previous = previous.documents
        previousOrders = previous.orders
        file = previous.file
    }

    /// The fingerprint of a site's titles in the model's order: what their order is a function of.
    static func titlesKey(_ titles: [String]) -> SiteFingerprint {
        SiteFingerprint { f in
            f.add("search-title-order")
            f.add(titles.count)
            for title in titles { f.add(title) }
        }
    }

    /// `SiteSearch.titleOrder(titles)`: the previous publish's when it sorted the same titles, else sorted now; kept
    /// for the next publish either way.
    func titleOrder(_ titles: [String]) -> [Int] {
        let key = Self.titlesKey(titles)
        let kept = previousOrders[key].flatMap { $0.count == titles.count ? $0 : nil }
        let order = kept ?? SiteSearch.titleOrder(titles)
        lock.withLock {
            if kept != nil { ordersReused += 1 } else { ordersSorted += 1 }
            if !usedOrders.contains(where: { $0.0 == key }) { usedOrders.append((key, order)) }
        }
        return order
    }

    /// The key of an entry's document: what `SiteSearch.document` reads.
    static func key(entry: SiteFingerprint, collectionLabel: String) -> SiteFingerprint {
        SiteFingerprint { f in
            f.add("search-document")
            f.add(revision)
            f.add(entry)
            f.add(collectionLabel)
        }
    }

    /// Whether the previous publish left a document under `key` (`document(_:make:)` then takes it).
    func holds(_ key: SiteFingerprint) -> Bool { previous[key] != nil }

    /// The document under `key`: the previous publish's, else `make()`'s (its words numbered in `words`); kept for
    /// the next publish either way.
    func document(_ key: SiteFingerprint, make: () -> SiteSearch.Document) -> SiteSearch.Document {
        if let found = previous[key] {
            lock.withLock {
                reused += 1
                if seen.insert(key).inserted { used.append((key, found)) }
            }
            return found
        }
        let document = make()
        lock.withLock {
            made += 1
            if seen.insert(key).inserted { used.append((key, document)) }
        }
        return document
    }

    // MARK: The file

    static func file(in directory: URL, target: URL) -> URL {
        SitePublishCache.file(in: directory, target: target).deletingPathExtension().appendingPathExtension("search")
    }

    /// The cache of `target`: empty when there is none or it does not verify.
    static func read(directory: URL, target: URL) -> SearchDocumentCache {
        guard let bytes = SiteCacheFile.bytes(atPath: file(in: directory, target: target).path),
              let contents = parse(bytes) else { return SearchDocumentCache() }
        return SearchDocumentCache(previous: contents)
    }

    static func parse(_ bytes: [UInt8]) -> Contents? {
        parse(bytes, wordNumbers: { reader, count, limit in reader.wordNumbers(count, below: limit) })
    }

    /// `parse` with each document's words read a value at a time (`CacheBytesReader.length`): the definition the
    /// buffer's reading (`wordNumbers`) keeps to (`SearchDocumentCacheTests`).
    static func referenceParse(_ bytes: [UInt8]) -> Contents? {
        parse(bytes, wordNumbers: { reader, count, limit in
            var list: [UInt32] = []
            list.reserveCapacity(count)
            for _ in 0..<count {
                guard let word = reader.length(minimum: 0), word < limit, word <= Int(UInt32.max) else { return nil }
                list.append(UInt32(word))
            }
            return list
        })
    }

    private static func parse(_ bytes: [UInt8], wordNumbers: (inout CacheBytesReader, Int, Int) -> [UInt32]?) -> Contents? {
        guard var reader = CacheBytesReader(framed: bytes, header: Self.header) else { return nil }
        var wordList: [String] = []
        var orders: [SiteFingerprint: [Int]] = [:]
        var documents: [SiteFingerprint: SiteSearch.Document] = [:]
        var recordBytes = 0
        // The sections: the first one a whole write made, then one per publish that added to the file in place.
        repeat {
            guard let added = reader.strings() else { return nil }
            wordList += added
            // The title orders: a count, then each order's key, count and positions (each a permutation of its count).
            guard let orderCount = reader.length() else { return nil }
            for _ in 0..<orderCount {
                let start = reader.position
                guard let key = reader.uint64(), let fnv = reader.uint64(), let count = reader.length() else { return nil }
                var order: [Int] = []
                order.reserveCapacity(count)
                var seen = [Bool](repeating: false, count: count)
                for _ in 0..<count {
                    guard let position = reader.length(minimum: 0), position < count, !seen[position] else { return nil }
                    seen[position] = true
                    order.append(position)
                }
                let fingerprint = SiteFingerprint(words: key, bytes: fnv)
                guard orders[fingerprint] == nil else { return nil }
                orders[fingerprint] = order
                recordBytes += reader.position - start
            }
            guard let documentCount = reader.length() else { return nil }
            documents.reserveCapacity(documents.count + documentCount)
            for _ in 0..<documentCount {
                let start = reader.position
                guard let key = reader.uint64(), let fnv = reader.uint64(), let href = reader.string(), let title = reader.string(),
                      let collection = reader.string(), let snippet = reader.string(), let count = reader.length() else { return nil }
                // A word's number times two, plus one for a title word: below twice the words listed so far.
                guard let list = wordNumbers(&reader, count, 2 * wordList.count) else { return nil }
                let fingerprint = SiteFingerprint(words: key, bytes: fnv)
                guard documents[fingerprint] == nil else { return nil }
                documents[fingerprint] = SiteSearch.Document(href: href, title: title, collection: collection, snippet: snippet, words: list)
                recordBytes += reader.position - start
            }
        } while reader.position < reader.end
        let words = SearchWords(wordList)
        // Two strings that are one word (a file not written by `serialized` and `update`) would make two numbers for it.
        guard words.hasDistinctWords else { return nil }
        let end = reader.end
        let file = FileState(size: bytes.count, sum: CacheBytesReader.storedChecksum(bytes), tail: Array(bytes[(end - end % 8)..<end]), words: wordList.count,
                             recordBytes: recordBytes)
        return Contents(words: words, documents: documents, orders: orders, file: file)
    }

    /// The documents this publish used, in the order they were first asked for, with the words they use (numbered
    /// in the order the documents first use them). Written through a pointer into an array of the most it can take:
    /// appended a byte at a time (`referenceSerialized`) it was 1.8 % of an incremental publish of the medium site
    /// (inc15i). The same bytes (`SearchDocumentCacheTests`).
    func serialized() -> [UInt8] {
        let used = lock.withLock { self.used }
        let orders = lock.withLock { usedOrders }
        var renumbered = [UInt32](repeating: .max, count: words.count)
        var list: [UInt32] = []
        for (_, document) in used {
            for word in document.words where renumbered[Int(word >> 1)] == .max {
                renumbered[Int(word >> 1)] = UInt32(list.count)
                list.append(word >> 1)
            }
        }
        // The most each value takes: a length 10 bytes, a word 8, a word's number (below twice the words) and an
        // order's position (below its count) as many as their largest (the array is not held longer than its bytes).
        func size(_ n: Int) -> Int {
            var n = UInt(n), size = 1
            while n >= 0x80 { n >>= 7; size += 1 }
            return size
        }
        let header = Self.header
        let numberSize = size(2 * list.count + 1)
        var bound = header.count + 10 + 10 + 10 + 8
        for number in list { bound += 10 + words[number].utf8.count }
        for (_, order) in orders { bound += 16 + 10 + size(order.count) * order.count }
        for (_, document) in used {
            bound += 16 + 50 + document.href.utf8.count + document.title.utf8.count + document.collection.utf8.count
                + document.snippet.utf8.count + numberSize * document.words.count
        }
        return [UInt8](unsafeUninitializedCapacity: bound) { buffer, count in
            var out = FastWriter(base: buffer.baseAddress!)
            for byte in header { out.byte(byte) }
            out.length(list.count)
            for number in list { out.string(words[number]) }
            out.length(orders.count)
            for (key, order) in orders { Self.writeOrder(key, order, to: &out) }
            out.length(used.count)
            renumbered.withUnsafeBufferPointer { renumbered in
                for (key, document) in used {
                    Self.writeDocument(key, document, to: &out) { word in Int(renumbered[Int(word >> 1)] << 1 | word & 1) }
                }
            }
            out.uint64(Checksum.of(UnsafeRawBufferPointer(start: buffer.baseAddress, count: out.count)))
            precondition(out.count <= bound, "the search cache's bound")
            count = out.count
        }
    }

    /// `serialized` a value at a time into an array: the definition it keeps to.
    func referenceSerialized() -> [UInt8] {
        var out = CacheBytesWriter(header: Self.header)
        let used = lock.withLock { self.used }
        var renumbered = [UInt32](repeating: .max, count: words.count)
        var list: [String] = []
        for (_, document) in used {
            for word in document.words where renumbered[Int(word >> 1)] == .max {
                renumbered[Int(word >> 1)] = UInt32(list.count)
                list.append(words[word >> 1])
            }
        }
        out.length(list.count)
        for word in list { out.string(word) }
        list = []
        let orders = lock.withLock { usedOrders }
        out.length(orders.count)
        for (key, order) in orders { Self.writeOrder(key, order, to: &out) }
        out.length(used.count)
        for (key, document) in used {
            Self.writeDocument(key, document, to: &out) { word in Int(renumbered[Int(word >> 1)] << 1 | word & 1) }
        }
        return out.finished()
    }

    /// A title order's record: its key, then its positions. (One definition of the records for both writers: the array
    /// of `referenceSerialized` and the appended sections, and `serialized`'s pointer.)
    private static func writeOrder<Out: CacheValueWriting>(_ key: SiteFingerprint, _ order: [Int], to out: inout Out) {
        out.uint64(key.words)
        out.uint64(key.bytes)
        out.length(order.count)
        for position in order { out.length(position) }
    }

    /// A document's record: its key, texts and words, each word as `number` gives it (the file's numbering).
    private static func writeDocument<Out: CacheValueWriting>(_ key: SiteFingerprint, _ document: SiteSearch.Document,
                                                              to out: inout Out, number: (UInt32) -> Int) {
        out.uint64(key.words)
        out.uint64(key.bytes)
        out.string(document.href)
        out.string(document.title)
        out.string(document.collection)
        out.string(document.snippet)
        out.length(document.words.count)
        for word in document.words { out.length(number(word)) }
    }

    /// At most this share of the file's bytes may be records the publish did not use (1/8).
    static let staleShare = 8

    /// What a publish changes in the file it read: nothing when it holds every document and title order used (a
    /// publish with no new version); an appended section with the words, title orders and documents made; or the file
    /// written anew.
    typealias Update = SiteCacheUpdate

    /// The update of the file read for the documents and title orders used: those it does not hold added at its end as a
    /// section, their words' numbers as they are (the words this publish added, in the order numbered, follow the
    /// file's); unless the records of the file that were not used would then be more than `1 / staleShare` of its
    /// bytes (or no file was read): then the file of those used (`serialized`). `parse` reads the file updated either way
    /// as holding every document and order used, each with the words it had.
    func update() -> Update {
        let (used, orders, seen) = lock.withLock { (self.used, usedOrders, self.seen) }
        guard let file else { return .whole(serialized()) }
        var addedDocuments: [(SiteFingerprint, SiteSearch.Document)] = []
        var kept = 0
        for (key, document) in used {
            if previous[key] != nil { kept += 1 } else { addedDocuments.append((key, document)) }
        }
        var addedOrders: [(SiteFingerprint, [Int])] = []
        var keptOrders: Set<SiteFingerprint> = []
        for (key, order) in orders {
            if previousOrders[key] != nil { keptOrders.insert(key) } else { addedOrders.append((key, order)) }
        }
        // The bytes of the file's records this publish did not use (an edited entry's old document, an old title
        // order), their sizes made from what was read (its word numbers are the file's): no size per record is kept
        // while the file is read (a table of 5,000 sizes was 0.5 % of a publish of the medium store).
        var stale = 0
        if kept < previous.count {
            for (key, document) in previous where !seen.contains(key) { stale += Self.recordSize(document) }
        }
        if keptOrders.count < previousOrders.count {
            for (key, order) in previousOrders where !keptOrders.contains(key) { stale += Self.recordSize(order) }
        }
        guard !addedDocuments.isEmpty || !addedOrders.isEmpty else {
            return stale * Self.staleShare > file.size ? .whole(serialized()) : .none
        }
        var out = CacheBytesWriter(header: [])
        let wordCount = words.count
        out.length(wordCount - file.words)
        for number in file.words..<wordCount { out.string(words[UInt32(number)]) }
        out.length(addedOrders.count)
        for (key, order) in addedOrders { Self.writeOrder(key, order, to: &out) }
        out.length(addedDocuments.count)
        for (key, document) in addedDocuments { Self.writeDocument(key, document, to: &out) { Int($0) } }
        if stale * Self.staleShare > file.size + out.out.count { return .whole(serialized()) }
        // The file's checksum (it verified) summed on over the section.
        let end = file.size - 8
        return .append(offset: end, bytes: file.tail.withUnsafeBytes { out.finished(after: file.sum, count: end, tail: $0) })
    }

    /// Writes the cache of `target`; best effort, as `SitePublishCache.write`. What `update` says: nothing but a touch
    /// (`SiteCacheFile.touch`, for `SiteCachePruning`) when the file holds everything used (a publish with no new
    /// version: making and writing its 3.5 MB again was about 2.5 % of such a publish of the medium site); a section
    /// added in place (`SiteCacheFile.append`); else, or when the file is no longer the one read, the whole file (a
    /// temporary file renamed into place).
    func write(directory: URL, target: URL) {
        let destination = Self.file(in: directory, target: target)
        switch update() {
        case .none:
            if SiteCacheFile.touch(destination) { return }
        case .append(let offset, let bytes):
            if let file, SiteCacheFile.append(destination, at: offset, size: file.size, with: bytes) { return }
        case .whole(let bytes):
            SiteCacheFile.replace(destination, in: directory, with: bytes)
            return
        }
        SiteCacheFile.replace(destination, in: directory, with: serialized())
    }
}

/// Writes `CacheBytesWriter`'s values through a pointer into memory the caller sized (`SearchDocumentCache.serialized`).
private struct FastWriter: CacheValueWriting {
    let base: UnsafeMutablePointer<UInt8>
    var count = 0

    mutating func byte(_ b: UInt8) {
        base[count] = b
        count += 1
    }

    mutating func uint64(_ n: UInt64) { for k in 0..<8 { byte(UInt8(truncatingIfNeeded: n >> (8 * UInt64(k)))) } }

    mutating func length(_ n: Int) {
        var n = UInt(n)
        while n >= 0x80 { byte(UInt8(n & 0x7F) | 0x80); n >>= 7 }
        byte(UInt8(n))
    }

    mutating func string(_ s: String) {
        var s = s
        s.withUTF8 { utf8 in
            length(utf8.count)
            if let source = utf8.baseAddress { (base + count).update(from: source, count: utf8.count) }
            count += utf8.count
        }
    }
}

extension CacheBytesReader {
    /// `count` values as `length(minimum: 0)` reads them, each below `limit`, read through the bytes' buffer into an
    /// array of their count: nil when the bytes end first, a value takes more than nine bytes (`length`'s own results),
    /// or is not below `limit` or not a `UInt32`. The 1.1 million word numbers of the medium store's search cache, read a
    /// value at a time with each byte's checks, were about 1.2 % of an incremental publish (inc15q).
    mutating func wordNumbers(_ count: Int, below limit: Int) -> [UInt32]? {
        precondition(count >= 0)
        var position = self.position
        let end = self.end
        var failed = false
        let list = [UInt32](unsafeUninitializedCapacity: count) { out, initialized in
            initialized = 0
            bytes.withUnsafeBufferPointer { bytes in
                var k = 0
                values: while k < count {
                    guard position < end else { failed = true; break }
                    var byte = bytes[position]
                    position += 1
                    var value = UInt(byte & 0x7F)
                    var shift: UInt = 7
                    while byte >= 0x80 {
                        // `length` reads at most nine bytes (shifts 0 to 56).
                        guard position < end, shift < 63 else { failed = true; break values }
                        byte = bytes[position]
                        position += 1
                        value |= UInt(byte & 0x7F) << shift
                        shift += 7
                    }
                    guard value < UInt(limit), value <= UInt(UInt32.max) else { failed = true; break }
                    out[k] = UInt32(truncatingIfNeeded: value)
                    k += 1
                }
                initialized = k
            }
        }
        guard !failed else { return nil }
        self.position = position
        return list
    }
}

private extension CacheBytesReader {
    mutating func string() -> String? {
        guard let count = length(), end - position >= count else { return nil }
        defer { position += count }
        return String(decoding: bytes[position..<(position + count)], as: UTF8.self)
    }

    mutating func strings() -> [String]? {
        guard let count = length() else { return nil }
        var out: [String] = []
        out.reserveCapacity(count)
        for _ in 0..<count {
            guard let s = string() else { return nil }
            out.append(s)
        }
        return out
    }
}
