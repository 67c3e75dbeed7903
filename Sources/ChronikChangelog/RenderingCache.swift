import ChronikStore
import Foundation
import GitKit

// A warm changelog spent three quarters of its time decoding cached records and rendering them again, to the same
// bytes as the run before. So `ChangelogBuilder.render` also caches each group's rendering, beside the records, and
// a rerun reads those bytes instead (a group whose rendering is not cached yet is rendered from its record, as
// before, and cached).
//
// A rendering is keyed by a fingerprint (a Git blob id) of everything it is made of: the renderer revision, the
// format and the render options, what of the head the group renderers read (title, language, mode, grouping,
// origin, collections and their labels; JSON's reads none of it, so a first pass can render and cache a group
// before the head is known), the group without its change record (kind, release, versions, authors,
// dates, messages: all from immutable commits and tags), the record's cache key (its base and tip, and the record
// format and language), and whether it comes first (JSON puts a comma before every group but the first). So one
// new version renders two groups, the new one and the one it pushed from the top. (Before revision 4, HTML
// numbered its sections by position, and every group was rendered again; its anchors are stable now.)
//
// Values are the rendering's bytes with `\` and newline escaped (`SegmentCache` stores one value per line, with a
// checksum of key and value). The cache is safe to delete; a value that fails its checksum, or cannot be read or
// unescaped, is rendered again (and cached anew): an edited rendering is never written out.

/// Cached renderings of changelog groups in one format (see above). Shared by the builder's threads.
final class RenderingCache: @unchecked Sendable {
    /// Bump whenever any renderer's output changes: renderings cached by an older renderer are then never read.
    /// (`RenderingCacheTests` ties it to the golden files of every format.) 2: public output without blob ids
    /// (docs/privacy.md). 3 (issue 14): renames paired by the one collector, formatting-only entries listed, word
    /// counts by git's rule, release headings with their titles. 4 (issue 20): release titles first, versions
    /// "in:" their release, stable HTML anchors, feed links, paths left to machines, the text of added and removed
    /// entries. 5 (issue 20's last points): one base style sheet shared with the diff page (rules reordered),
    /// references inside nested objects and lists of objects by title. 6 (issue 18): JSON of the contract
    /// (`"chronik": 1`, version ids as `commit`, entries with their path). 7 (issue 18): references and document
    /// sections in JSON with entry objects. 8 (issue 17): attachment changes under their entry in every format.
    static let revision = 8

    /// Guards `segments`.
    private let lock = NSLock()
    private let segments: SegmentCache
    /// The fingerprint's common part: revision, format, options and head.
    private let context: [UInt8]

    /// `language`: the records' (their labels and summaries are in it); `head`: what the format's group renderer
    /// reads of the head; nil for JSON, which reads none of it.
    /// Cached renderings of this many bytes or more are handed over as `.stored` and written from the cache.
    let streamedRead: Int
    static let defaultStreamedRead = 16 << 20

    /// The folder of the segments (for messages).
    var folder: URL { segments.folder }

    init?(directory: URL, format: ChangelogFormat, options: ChangelogRenderOptions, language: String, head: ChangelogHead?,
          streamedRead: Int = RenderingCache.defaultStreamedRead) {
        self.streamedRead = streamedRead
        precondition((head == nil) == (format == .json), "JSON groups alone are rendered without the head")
        var writer = JSONByteWriter(pretty: false)
        let context = Context(revision: Self.revision, record: ChangeRecord.formatVersion, recordLanguage: language, format: format.rawValue,
                              detail: options.detail, excerptWords: options.excerptWords, feedURL: options.feedURL,
                              pageURL: options.pageURL, title: head?.title, language: head?.language, mode: head?.mode.rawValue,
                              grouping: head?.grouping.rawValue, origin: head?.origin, originDate: head?.originDate,
                              collections: head?.collections)
        guard (try? writer.encode(context)) != nil else { return nil }
        self.context = writer.bytes
        segments = SegmentCache(folder: directory.appendingPathComponent("renderings-r\(Self.revision)", isDirectory: true))
    }

    private struct Context: Encodable {
        var revision: Int
        var record: Int
        var recordLanguage: String
        var format: String
        var detail: Bool
        var excerptWords: Int
        var feedURL: String?
        var pageURL: String?
        var title: String?
        var language: String?
        var mode: String?
        var grouping: String?
        var origin: ObjectID?
        var originDate: Timestamp?
        var collections: [ChangelogCollection]?
    }

    /// The key of the rendering of `group` (given without its change record) at `index`; nil if none can be made.
    func key(for group: ChangelogGroup, index: Int) -> String? {
        var writer = JSONByteWriter(pretty: false)
        guard (try? writer.encode(group)) != nil else { return nil }
        var material = context
        material.append(0x0A)
        material += writer.bytes
        material.append(0x0A)
        material += Array(ChangeRecordCache.key(base: group.base, tip: group.version).utf8)
        // JSON puts a comma before every group but the first.
        material += Array("\n\(min(index, 1))".utf8)
        return (try? ObjectID.blobID(of: material))?.hex
    }

    /// The cached rendering under `key`; nil when there is none that can be read. Unescaped where it was read (a
    /// first version's rendering is 77 MB on the large store: one copy, not two).
    func rendering(forKey key: String) -> [UInt8]? {
        let candidates = lock.withLock { segments.candidateArrays(forKey: key) }
        for var bytes in candidates {
            if Self.unescape(&bytes) { return bytes }
        }
        return nil
    }

    /// The cached rendering under `key` as the builder hands it over: one of `streamedRead` bytes or more checked
    /// (checksum and escapes, read in pieces) and left where it is, a smaller one read; nil when there is none that
    /// can be read.
    func cachedRendering(forKey key: String) -> ChangelogBuilder.RenderedGroup? {
        if let length = lock.withLock({ segments.newestLength(forKey: key) }), length >= streamedRead {
            var pending = false
            let whole = lock.withLock {
                segments.streamValue(forKey: key, begin: { pending = false }, consume: { Self.unescape(piece: $0, pending: &pending) != nil })
            }
            if whole, !pending { return .stored(key: key, cache: self) }
        }
        return rendering(forKey: key).map { .bytes($0) }
    }

    /// Writes the cached rendering under `key` (found by `cachedRendering(forKey:)`) in pieces, unescaped; false when
    /// `write` returned false or the value is not whole now (then some of it may have been written).
    func writeRendering(forKey key: String, _ write: ([UInt8]) -> Bool) -> Bool {
        var wrote = false, broken = false, pending = false
        let whole = lock.withLock {
            segments.streamValue(forKey: key, begin: { if wrote { broken = true } }, consume: { piece in
                guard !broken, let bytes = Self.unescape(piece: piece, pending: &pending) else {
                    broken = true
                    return false
                }
                wrote = true
                return write(bytes)
            })
        }
        return whole && !broken && !pending
    }

    func add(_ rendering: [UInt8], forKey key: String) {
        guard rendering.count >= Self.streamedEscape else {
            let value = Self.escape(rendering)
            lock.withLock { _ = segments.add(value, forKey: key) }
            return
        }
        // A large rendering (the first version's, 77 MB on the large store) is escaped a piece at a time as the
        // segment takes it, not held twice (mem19h).
        lock.withLock { _ = segments.addStreamed(forKey: key) { emit in Self.escape(rendering, piece: Self.streamedEscape, emit) } }
    }

    /// Renderings of this many bytes or more are escaped in pieces of this size.
    static let streamedEscape = 1 << 20

    /// Best effort: a cache that cannot be written only costs time.
    func flush() { lock.withLock { segments.flush() } }

    /// `\` as `\\`, a newline as `\n`: a value on one line. (Bytes, not `Data`: the copy into `Data` held a
    /// large rendering twice.)
    static func escape(_ bytes: [UInt8]) -> [UInt8] {
        bytes.withUnsafeBufferPointer { escape($0) }
    }

    /// `escape` of `bytes` in pieces of about `piece` bytes each (escaping a piece at a time gives the same bytes:
    /// each byte is escaped alone), each handed to `emit` in order.
    static func escape(_ bytes: [UInt8], piece: Int, _ emit: (UnsafeRawBufferPointer) -> Void) {
        bytes.withUnsafeBufferPointer { buffer in
            var start = 0
            while start < buffer.count {
                let end = min(buffer.count, start + piece)
                let escaped = escape(UnsafeBufferPointer(rebasing: buffer[start..<end]))
                escaped.withUnsafeBytes { emit($0) }
                start = end
            }
        }
    }

    static func escape(_ buffer: UnsafeBufferPointer<UInt8>) -> [UInt8] {
        var out = [UInt8]()
        out.reserveCapacity(buffer.count + buffer.count / 16)
        do {
            var start = 0
            for (k, b) in buffer.enumerated() where b == 0x5C || b == 0x0A {
                out.append(contentsOf: buffer[start..<k])
                out.append(0x5C)
                out.append(b == 0x5C ? 0x5C : 0x6E)
                start = k + 1
            }
            out.append(contentsOf: buffer[start...])
        }
        return out
    }

    /// The inverse of `escape`; nil for what `escape` cannot have made.
    static func unescape(_ data: Data) -> [UInt8]? {
        unescape([UInt8](data))
    }

    static func unescape(_ bytes: [UInt8]) -> [UInt8]? {
        var bytes = bytes
        return unescape(&bytes) ? bytes : nil
    }

    /// The inverse of `escape`, in place (the text only gets shorter); false, and `bytes` undefined, for what
    /// `escape` cannot have made.
    static func unescape(_ bytes: inout [UInt8]) -> Bool {
        let count = bytes.count
        let length = bytes.withUnsafeMutableBytes { raw -> Int? in
            guard let base = raw.baseAddress else { return 0 }
            guard memchr(base, 0x0A, count) == nil else { return nil }
            var read = 0, write = 0
            // Runs without a backslash are moved whole (not at all before the first backslash).
            while read < count {
                guard let found = memchr(base + read, 0x5C, count - read) else { break }
                let k = base.distance(to: UnsafeMutableRawPointer(found))
                if write != read, k > read { memmove(base + write, base + read, k - read) }
                write += k - read
                guard k + 1 < count else { return nil }
                switch raw[k + 1] {
                case 0x5C: raw[write] = 0x5C
                case 0x6E: raw[write] = 0x0A
                default: return nil
                }
                write += 1
                read = k + 2
            }
            if write != read, count > read { memmove(base + write, base + read, count - read) }
            return write + (count - read)
        }
        guard let length else { return false }
        bytes.removeLast(count - length)
        return true
    }
    /// `unescape` of a value's next piece: `pending` says the last piece ended in the first half of an escape, and
    /// is set when this one does; nil for what `escape` cannot have made.
    static func unescape(piece: UnsafeRawBufferPointer, pending: inout Bool) -> [UInt8]? {
        guard let base = piece.baseAddress, !piece.isEmpty else { return [] }
        guard memchr(base, 0x0A, piece.count) == nil else { return nil }
        var out = [UInt8]()
        out.reserveCapacity(piece.count)
        var read = 0
        if pending {
            switch piece[0] {
            case 0x5C: out.append(0x5C)
            case 0x6E: out.append(0x0A)
            default: return nil
            }
            pending = false
            read = 1
        }
        while read < piece.count {
            guard let found = memchr(base + read, 0x5C, piece.count - read) else { break }
            let k = base.distance(to: UnsafeRawPointer(found))
            out.append(contentsOf: UnsafeRawBufferPointer(rebasing: piece[read..<k]))
            guard k + 1 < piece.count else {
                pending = true
                return out
            }
            switch piece[k + 1] {
            case 0x5C: out.append(0x5C)
            case 0x6E: out.append(0x0A)
            default: return nil
            }
            read = k + 2
        }
        if read < piece.count { out.append(contentsOf: UnsafeRawBufferPointer(rebasing: piece[read...])) }
        return out
    }
}
