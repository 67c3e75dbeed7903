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
/// One file per target folder beside the publish cache (`<checksum of the folder's path>.search`): a header, a
/// record per document (the key, then length-prefixed strings), and the checksum of everything before it. A file
/// that does not verify is not used. Bump `revision` whenever `SearchText` or `SiteSearch.documents` make other
/// documents from the same entry (SearchDocumentCacheTests holds a checksum of the sample's documents beside it).
final class SearchDocumentCache: @unchecked Sendable {
    static let revision = 1
    static var header: [UInt8] { Array("chronik-search-cache \(revision) renderer \(SiteFingerprint.rendererRevision)\n".utf8) }

    private let lock = NSLock()
    private let previous: [SiteFingerprint: SiteSearch.Document]
    private var used: [(SiteFingerprint, SiteSearch.Document)] = []
    private var seen: Set<SiteFingerprint> = []
    /// How many documents were taken from the previous publish, and how many made.
    private(set) var reused = 0
    private(set) var made = 0

    init(previous: [SiteFingerprint: SiteSearch.Document] = [:]) {
        self.previous = previous
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

    /// The document under `key`: the previous publish's, else `make()`'s; kept for the next publish either way.
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
        guard let data = FileManager.default.contents(atPath: file(in: directory, target: target).path) else { return SearchDocumentCache() }
        return SearchDocumentCache(previous: parse([UInt8](data)) ?? [:])
    }

    static func parse(_ bytes: [UInt8]) -> [SiteFingerprint: SiteSearch.Document]? {
        let header = Self.header
        guard bytes.count >= header.count + 8, bytes.starts(with: header) else { return nil }
        let end = bytes.count - 8
        let sum = bytes.withUnsafeBytes { Checksum.of(UnsafeRawBufferPointer(rebasing: $0[..<end])) }
        var stored: UInt64 = 0
        for k in 0..<8 { stored |= UInt64(bytes[end + k]) << (8 * UInt64(k)) }
        guard stored == sum else { return nil }
        var reader = Reader(bytes: bytes, position: header.count, end: end)
        var documents: [SiteFingerprint: SiteSearch.Document] = [:]
        while reader.position < end {
            guard let words = reader.uint64(), let fnv = reader.uint64(), let href = reader.string(), let title = reader.string(),
                  let collection = reader.string(), let snippet = reader.string(),
                  let titleWords = reader.strings(), let otherWords = reader.strings() else { return nil }
            documents[SiteFingerprint(words: words, bytes: fnv)] = SiteSearch.Document(
                href: href, title: title, collection: collection, snippet: snippet, titleWords: Set(titleWords), otherWords: Set(otherWords))
        }
        return documents
    }

    /// The documents this publish used, in the order they were first asked for (the words of each in no order).
    func serialized() -> [UInt8] {
        var out = Self.header
        func uint64(_ n: UInt64) { for k in 0..<8 { out.append(UInt8(truncatingIfNeeded: n >> (8 * UInt64(k)))) } }
        func length(_ n: Int) {
            var n = UInt(n)
            while n >= 0x80 { out.append(UInt8(n & 0x7F) | 0x80); n >>= 7 }
            out.append(UInt8(n))
        }
        func string(_ s: String) {
            length(s.utf8.count)
            out.append(contentsOf: s.utf8)
        }
        func strings(_ set: Set<String>) {
            length(set.count)
            // In the set's order (which differs from run to run): the file is read back as sets, and sorting a
            // million words cost a full publish more than writing them.
            for word in set { string(word) }
        }
        let used = lock.withLock { self.used }
        for (key, document) in used {
            uint64(key.words)
            uint64(key.bytes)
            string(document.href)
            string(document.title)
            string(document.collection)
            string(document.snippet)
            strings(document.titleWords)
            strings(document.otherWords)
        }
        let sum = out.withUnsafeBytes { Checksum.of($0) }
        uint64(sum)
        return out
    }

    /// Writes the cache of `target` (a temporary file renamed into place); best effort, as `SitePublishCache.write`.
    func write(directory: URL, target: URL) {
        let destination = Self.file(in: directory, target: target)
        let temporary = directory.appendingPathComponent(".\(destination.lastPathComponent).\(getpid())-\(UInt32.random(in: 0...UInt32.max)).tmp")
        do {
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
            try Data(serialized()).write(to: temporary)
            guard rename(temporary.path, destination.path) == 0 else { throw CocoaError(.fileWriteUnknown) }
        } catch {
            try? FileManager.default.removeItem(at: temporary)
            try? FileManager.default.removeItem(at: destination)
        }
    }

    private struct Reader {
        let bytes: [UInt8]
        var position: Int
        let end: Int

        mutating func uint64() -> UInt64? {
            guard end - position >= 8 else { return nil }
            var n: UInt64 = 0
            for k in 0..<8 { n |= UInt64(bytes[position + k]) << (8 * UInt64(k)) }
            position += 8
            return n
        }

        mutating func length() -> Int? {
            var n: UInt = 0
            var shift: UInt = 0
            while position < end, shift < 63 {
                let byte = bytes[position]
                position += 1
                n |= UInt(byte & 0x7F) << shift
                // A count of strings or bytes: each takes at least a byte of what is left.
                if byte < 0x80 { return n <= UInt(end - position) ? Int(n) : nil }
                shift += 7
            }
            return nil
        }

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
}
