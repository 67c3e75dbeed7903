import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A disposable key-value cache in one folder: segment files of `KEY TAB SUM TAB LENGTH TAB VALUE NEWLINE` lines after
/// a header line (`formatHeader`), where the value is bytes without a newline (compact JSON, say), SUM is the record's
/// checksum (`Checksum` of the key's bytes, then the value's; 16 hexadecimal digits) and LENGTH the value's length in
/// bytes (16 hexadecimal digits). The changelog's change records and renderings and `log`'s change sets use it.
///
/// The length lets `init` pass over a value without reading it (inc15j): it reads each line's start and the byte
/// where the length says the line ends, which must be its newline. Segments of the format before (`KEY TAB SUM TAB
/// VALUE NEWLINE`, header `scannedHeader`) are still read, by a scan for their line ends (every byte of every value:
/// 76 MB per opening of the medium store's change records, 2 % of an incremental publish each), until the next
/// compaction writes them in the new form. A wrong length (a damaged byte) gives at worst a place whose checksum
/// fails, or lines passed over: values not served, never a wrong one.
///
/// A record whose checksum does not match (a flipped bit, an edit, a torn write) is never served: the reader sees no
/// value, computes it again and adds it anew (the newer line wins; compaction drops the bad one). A file without the
/// header (written by an older chronik, or not a segment at all) is not read.
///
/// One file per value cost more than the work it saved on a fresh cache (creating a file and a folder, and an
/// fsync, per version: 17 % of a cold changelog and most of its wall time), so each run indexes every segment once
/// and writes the values it computes as one new segment (to a temporary name, then renamed at `flush`, so readers
/// see whole files only; no fsync: a lost or torn segment is a cache miss). Once there are `compactionThreshold`
/// segments, the run that writes merges them into one (or, when the oldest is far larger than the others together,
/// the others into one after it: `mergeStart`). A torn last line is ignored; a value the caller cannot decode
/// is skipped (the caller computes it again and adds it anew, and the newer line wins).
///
/// Memory holds the index (key -> segment, offset, length), not the values: `init` reads the segments in chunks to
/// find the keys, `value(forKey:_:)` reads one value from its file when asked, and `add` appends to the new
/// segment's temporary file through a small buffer (`writeBufferSize`), so a value added is readable at once (from
/// the file) and memory does not grow with the number of values. Open segments stay open (file descriptors) until
/// the instance goes away; a renamed or deleted segment is still read through its descriptor.
///
/// Everything is best effort: a cache that cannot be read or written only costs time. Confine an instance to one
/// task.
public final class SegmentCache {
    public static let segmentExtension = "records"
    /// The first line of every segment: bump the number when the line format changes, so that older segments are
    /// not read. (2: every record carries a checksum; 3: and its value's length.)
    public static let formatHeader = Array("chronik-segment 3\n".utf8)
    /// The header of segments whose lines carry no length (format 2): read by a scan for line ends, never written.
    public static let scannedHeader = Array("chronik-segment 2\n".utf8)
    /// How many bytes `init` reads at a time at a line's start in a segment with lengths (a line that ends within
    /// them is read with the next one).
    static let lineWindow = 1024
    /// How many bytes from a line's start `init` first asks the window to hold: a key (the change records' are 81–88
    /// bytes), checksum and length fit; a longer key grows it. Asking for `lineWindow` bytes made nearly every line
    /// read again (the bytes after the last line's newline, read to check it, held less than a window more): two
    /// `pread`s per line, 9,300 per opening of the medium store's change records (inc15p).
    static let lineHead = 256
    public static let compactionThreshold = 8
    /// Bytes of new lines collected before they are written to the new segment.
    public static let writeBufferSize = 1 << 16
    /// A temporary segment older than this is left over from a run that ended without `flush` and is removed.
    static let staleTemporaryAge: TimeInterval = 3600

    public let folder: URL

    private struct File {
        var url: URL
        var descriptor: Int32
        /// Whether its lines carry lengths (`formatHeader`; a segment of `scannedHeader` is rewritten by a merge).
        var lengths = true
    }

    private struct Place {
        var file: Int
        var offset: Int
        var length: Int
        /// The checksum the line carries.
        var sum: UInt64
    }

    /// Segments read at `init` or written by `flush`, in reading order; the one being written, if any, is last.
    private var files: [File] = []
    /// How many of `files` are whole segments (the rest is the one being written).
    private var segmentCount = 0
    /// Where each key's values are, oldest first.
    private var places: [String: [Place]] = [:]
    private var keysAtInit = 0
    /// The segment being written: its temporary file (the last of `files`), the bytes written to it, the buffer.
    private var writing: (file: Int, temporary: URL)?
    private var written = 0
    private var buffer: [UInt8] = []
    private var writeFailed = false
    private var added = 0

    /// The most bytes of new values held in memory at once (the write buffer; a value of `writeBufferSize` or more
    /// is written without it).
    public private(set) var peakBufferedBytes = 0

    /// Indexes every segment of `folder` (which need not exist).
    public init(folder: URL) {
        self.folder = folder
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
        for name in names.sorted() {
            let url = folder.appendingPathComponent(name)
            if name.hasPrefix("."), name.hasSuffix(".tmp") {
                Self.removeIfStale(url)
                continue
            }
            guard name.hasSuffix("." + Self.segmentExtension) else { continue }
            let descriptor = open(url.path, O_RDONLY | O_CLOEXEC)
            guard descriptor >= 0 else { continue }
            guard let withLengths = Self.header(descriptor) else {
                close(descriptor)
                continue
            }
            files.append(File(url: url, descriptor: descriptor, lengths: withLengths))
            if withLengths { indexByLength(file: files.count - 1) } else { index(file: files.count - 1) }
        }
        segmentCount = files.count
        keysAtInit = places.count
    }

    deinit {
        if let writing { try? FileManager.default.removeItem(at: writing.temporary) }
        for file in files { close(file.descriptor) }
    }

    /// How many keys the segments read at `init` hold.
    public var count: Int { keysAtInit }

    private static func removeIfStale(_ url: URL) {
        guard let modified = (try? FileManager.default.attributesOfItem(atPath: url.path))?[.modificationDate] as? Date,
              Date().timeIntervalSince(modified) > staleTemporaryAge else { return }
        try? FileManager.default.removeItem(at: url)
    }

    /// True when the file starts with `formatHeader`, false with `scannedHeader`, nil with anything else.
    private static func header(_ descriptor: Int32) -> Bool? {
        var head = [UInt8](repeating: 0, count: formatHeader.count)
        let n = head.withUnsafeMutableBytes { pread(descriptor, $0.baseAddress!, $0.count, 0) }
        guard n == formatHeader.count else { return nil }
        return head == formatHeader ? true : head == scannedHeader ? false : nil
    }

    /// The value of a 16-digit lowercase hexadecimal checksum; nil for anything else.
    private static func parseSum(_ bytes: UnsafeRawBufferPointer.SubSequence) -> UInt64? {
        guard bytes.count == 16 else { return nil }
        var value: UInt64 = 0
        for byte in bytes {
            let digit: UInt8
            switch byte {
            case 0x30...0x39: digit = byte - 0x30
            case 0x61...0x66: digit = byte - 0x61 + 10
            default: return nil
            }
            value = value << 4 | UInt64(digit)
        }
        return value
    }

    /// The checksum of a record: its key's bytes, then its value's.
    private static func sum(key: String, value: UnsafeRawBufferPointer) -> UInt64 {
        var key = key
        let keySum = key.withUTF8 { Checksum.of(UnsafeRawBufferPointer($0)) }
        return Checksum.of(value, continuing: keySum)
    }

    /// Finds the lines of one segment with lengths (`formatHeader`): at each line's start, `lineWindow` bytes are read
    /// (unless the bytes read before hold `lineHead` of them), its key, checksum and length parsed, and the byte after the value
    /// checked to be a newline; the value itself is not read. A line whose start does not parse, or whose length does
    /// not end at a newline, is passed over to its first newline (values hold none), as the scan does; a torn last
    /// line (its end beyond the file's) is ignored.
    private func indexByLength(file: Int) {
        let descriptor = files[file].descriptor
        var status = stat()
        guard fstat(descriptor, &status) == 0 else { return }
        let size = Int(status.st_size)
        var window = [UInt8](repeating: 0, count: min(Self.lineWindow, max(64, size)))
        var base = 0, filled = 0  // window[0..<filled] holds the file's bytes from `base`
        /// Makes the window hold the bytes from `position` (at least `count` of them, when the file has them); how
        /// many it holds from there.
        func load(_ position: Int, _ count: Int) -> Int {
            if position >= base, position + count <= base + filled { return base + filled - position }
            if window.count < count { window = [UInt8](repeating: 0, count: count) }
            base = position
            filled = 0
            while filled < window.count {
                let n = window.withUnsafeMutableBytes { pread(descriptor, $0.baseAddress! + filled, $0.count - filled, off_t(base + filled)) }
                if n < 0, errno == EINTR { continue }
                guard n > 0 else { break }
                filled += n
            }
            return filled
        }
        /// The offset of the first newline at or after `position`; nil when there is none.
        func newline(from position: Int) -> Int? {
            var at = position
            while at < size {
                let held = load(at, 1)
                guard held > 0 else { return nil }
                let found = window.withUnsafeBytes { bytes -> Int? in
                    let start = bytes.baseAddress! + (at - base)
                    return memchr(start, 0x0A, held).map { start.distance(to: UnsafeRawPointer($0)) }
                }
                if let found { return at + found }
                at += held
            }
            return nil
        }
        var at = Self.formatHeader.count
        while at < size {
            // The line's start: the key (grown into a larger window if it is longer than one), checksum and length.
            var want = min(Self.lineHead, window.count, size - at)
            var prefix: (key: String, sum: UInt64, length: Int, value: Int)?
            var malformed = false
            while prefix == nil, !malformed {
                let held = load(at, want)
                let offset = at - base
                window.withUnsafeBytes { bytes in
                    let line = UnsafeRawBufferPointer(rebasing: bytes[offset..<(offset + held)])
                    guard let tab = line.firstIndex(of: 0x09) else {
                        // No tab yet: a longer key, unless the line ends first or the file does.
                        if line.contains(0x0A) || held < want || want >= size - at { malformed = true }
                        return
                    }
                    guard tab + 35 <= line.count else {
                        if held < want || tab + 35 > size - at { malformed = true }
                        return
                    }
                    guard line[tab + 17] == 0x09, line[tab + 34] == 0x09,
                          let sum = Self.parseSum(line[(tab + 1)..<(tab + 17)]),
                          let length = Self.parseSum(line[(tab + 18)..<(tab + 34)]), length <= UInt64(size) else {
                        malformed = true
                        return
                    }
                    let key = String(decoding: UnsafeRawBufferPointer(rebasing: line[0..<tab]), as: UTF8.self)
                    prefix = (key, sum, Int(length), at + tab + 35)
                }
                if prefix == nil, !malformed {
                    // A key of a MiB is no key chronik writes: passed over rather than read into ever larger windows.
                    if want >= 1 << 20 { malformed = true } else { want = min(want * 2, size - at) }
                }
            }
            if let prefix {
                let end = prefix.value + prefix.length
                guard end < size else { return }  // a torn last line
                if load(end, 1) > 0, window[end - base] == 0x0A {
                    places[prefix.key, default: []].append(Place(file: file, offset: prefix.value, length: prefix.length, sum: prefix.sum))
                    at = end + 1
                    continue
                }
            }
            // Not a line as written: passed over to its end.
            guard let end = newline(from: at) else { return }
            at = end + 1
        }
    }

    /// Finds the lines of one segment without lengths (`scannedHeader`), reading it in chunks. A line without a well-formed checksum is skipped; the
    /// checksum itself is checked when the value is read. Only a line's start (key and checksum) is kept in the chunk:
    /// once it is parsed, the rest of a long value is passed over in chunk-sized reads until its newline, so a value of
    /// many megabytes (the rendering of a version that adds every entry) neither grows the chunk nor is copied. (A
    /// chunk grows only for a line whose key alone is longer than the chunk.)
    private func index(file: Int) {
        let descriptor = files[file].descriptor
        // The chunk no larger than the segment (plus one byte, to see its end in one read): a small cache, as a
        // short history's log cache, is not worth zeroing a MiB for (a tenth of `chronik log -n1`'s CPU, issue 19).
        var status = stat()
        let size = fstat(descriptor, &status) == 0 ? Int(status.st_size) : 1 << 20
        var chunk = [UInt8](repeating: 0, count: min(1 << 20, max(4096, size - Self.formatHeader.count + 1)))
        var base = Self.formatHeader.count  // the file offset of chunk[0]
        var filled = 0
        /// The line being passed over: its key and checksum, and the file offset of its value (nil key: a line
        /// without a well-formed start, skipped to its newline).
        var open: (key: String?, sum: UInt64, value: Int)?
        while true {
            if filled == chunk.count { chunk.append(contentsOf: repeatElement(0, count: chunk.count)) }
            let n = chunk.withUnsafeMutableBytes { bytes in
                pread(descriptor, bytes.baseAddress! + filled, bytes.count - filled, off_t(base + filled))
            }
            guard n > 0 else { break }  // the end (what is left is a torn last line), or an error
            filled += n
            var start = 0
            chunk.withUnsafeBytes { (bytes: UnsafeRawBufferPointer) in
                // `memchr` finds the line ends (a byte-by-byte search over every segment was a fifth of a warm
                // changelog).
                let origin = bytes.baseAddress!
                while start < filled, let found = memchr(origin + start, 0x0A, filled - start) {
                    let newline = origin.distance(to: UnsafeRawPointer(found))
                    if let line = open {
                        // The end of a line whose start an earlier chunk held.
                        if let key = line.key {
                            places[key, default: []].append(Place(file: file, offset: line.value, length: base + newline - line.value, sum: line.sum))
                        }
                        open = nil
                    } else if let (key, sum, tab) = Self.lineStart(bytes, start, newline) {
                        places[key, default: []].append(Place(file: file, offset: base + tab + 18, length: newline - tab - 18, sum: sum))
                    }
                    start = newline + 1
                }
                // No newline in what is left: a line continues into the next chunk. Once its start can be told (a
                // checksum's second tab in the chunk, or none where it must be), keep only that.
                guard open == nil, start < filled else { return }
                if let tab = bytes[start..<filled].firstIndex(of: 0x09), tab + 17 < filled {
                    if bytes[tab + 17] == 0x09, let sum = Self.parseSum(bytes[(tab + 1)..<(tab + 17)]) {
                        let key = String(decoding: UnsafeRawBufferPointer(rebasing: bytes[start..<tab]), as: UTF8.self)
                        open = (key, sum, base + tab + 18)
                    } else {
                        open = (nil, 0, 0)
                    }
                }
            }
            if open != nil {
                // Everything in the chunk belongs to the open line's value (or ends the segment): drop it.
                base += filled
                filled = 0
            } else if start > 0 {
                chunk.withUnsafeMutableBytes { bytes in
                    if filled > start { bytes.baseAddress!.copyMemory(from: bytes.baseAddress! + start, byteCount: filled - start) }
                }
                base += start
                filled -= start
            }
        }
    }

    /// The key, checksum and tab before the checksum of the line `bytes[start..<newline]`; nil when it does not
    /// start as `KEY TAB SUM TAB`.
    private static func lineStart(_ bytes: UnsafeRawBufferPointer, _ start: Int, _ newline: Int) -> (String, UInt64, Int)? {
        guard let tab = bytes[start..<newline].firstIndex(of: 0x09), tab + 17 < newline, bytes[tab + 17] == 0x09,
              let sum = parseSum(bytes[(tab + 1)..<(tab + 17)]) else { return nil }
        return (String(decoding: UnsafeRawBufferPointer(rebasing: bytes[start..<tab]), as: UTF8.self), sum, tab)
    }

    /// The bytes at `place`: from the write buffer when not yet written, else from the file; nil when they cannot
    /// all be read.
    private func bytes(at place: Place) -> Data? {
        if let writing, place.file == writing.file, place.offset >= written {
            let start = place.offset - written
            guard start + place.length <= buffer.count else { return nil }
            return Data(buffer[start..<(start + place.length)])
        }
        var data = Data(count: place.length)
        let descriptor = files[place.file].descriptor
        let complete = data.withUnsafeMutableBytes { (bytes: UnsafeMutableRawBufferPointer) -> Bool in
            var done = 0
            while done < place.length {
                let n = pread(descriptor, bytes.baseAddress! + done, place.length - done, off_t(place.offset + done))
                if n > 0 { done += n } else if n < 0, errno == EINTR { continue } else { return false }
            }
            return true
        }
        return complete ? data : nil
    }

    /// The bytes at `place` as an array (see `candidateArrays(forKey:)`); nil when they cannot be read whole.
    private func array(at place: Place) -> [UInt8]? {
        if let writing, place.file == writing.file, place.offset >= written {
            let start = place.offset - written
            guard start + place.length <= buffer.count else { return nil }
            return Array(buffer[start..<(start + place.length)])
        }
        let descriptor = files[place.file].descriptor
        var complete = true
        let array = [UInt8](unsafeUninitializedCapacity: place.length) { bytes, count in
            var done = 0
            while done < place.length {
                let n = pread(descriptor, bytes.baseAddress! + done, place.length - done, off_t(place.offset + done))
                if n > 0 { done += n } else if n < 0, errno == EINTR { continue } else { break }
            }
            complete = done == place.length
            count = complete ? done : 0
        }
        return complete ? array : nil
    }

    /// The value of `key` at `place` when it can be read whole and matches its checksum; nil otherwise.
    private func verifiedBytes(at place: Place, key: String) -> Data? {
        guard let data = bytes(at: place) else { return nil }
        let sum = data.withUnsafeBytes { Self.sum(key: key, value: $0) }
        return sum == place.sum ? data : nil
    }

    /// The newest value stored under `key` that matches its checksum and that `decode` accepts (returns non-nil
    /// for), read from its file now.
    public func value<T>(forKey key: String, _ decode: (Data) -> T?) -> T? {
        for place in (places[key] ?? []).reversed() {
            if let data = verifiedBytes(at: place, key: key), let value = decode(data) { return value }
        }
        return nil
    }

    /// The newest value under `key` that matches its checksum, read from its file in pieces of at most `chunkSize`
    /// bytes, each given to `consume` in order: the value is never held whole (a change record's blocks can be
    /// hundreds of MB: peak15b). The checksum is known only at a value's end, so `begin` is called before each
    /// value tried (the consumer starts again), and `consume` returns false to give one up. True when a value was
    /// given whole, `consume` took every piece and the checksum matched.
    public func streamValue(forKey key: String, chunkSize: Int = 1 << 20, begin: () -> Void,
                            consume: (UnsafeRawBufferPointer) -> Bool) -> Bool {
        var keyBytes = key
        let keySum = keyBytes.withUTF8 { Checksum.of(UnsafeRawBufferPointer($0)) }
        var chunk: [UInt8] = []
        for place in (places[key] ?? []).reversed() {
            begin()
            if stream(place, keySum: keySum, chunkSize: chunkSize, chunk: &chunk, consume: consume) { return true }
        }
        return false
    }

    /// The value at `place` in pieces of at most `chunkSize` bytes (from the write buffer or read from its file into
    /// `chunk`), each given to `consume` in order; true when it was given whole, `consume` took every piece and the
    /// checksum (begun with `keySum`, the key's) matched.
    private func stream(_ place: Place, keySum: UInt64, chunkSize: Int, chunk: inout [UInt8],
                        consume: (UnsafeRawBufferPointer) -> Bool) -> Bool {
        var sum = ChecksumStream(continuing: keySum)
        if let writing, place.file == writing.file, place.offset >= written {
            let start = place.offset - written
            guard start + place.length <= buffer.count else { return false }
            let taken = buffer.withUnsafeBytes { bytes -> Bool in
                var from = start
                while from < start + place.length {
                    let piece = UnsafeRawBufferPointer(rebasing: bytes[from..<min(from + chunkSize, start + place.length)])
                    sum.add(piece)
                    guard consume(piece) else { return false }
                    from += piece.count
                }
                return true
            }
            return taken && sum.finish() == place.sum
        }
        if chunk.count < min(chunkSize, place.length) { chunk = [UInt8](repeating: 0, count: max(1, min(chunkSize, place.length))) }
        let descriptor = files[place.file].descriptor
        var done = 0
        while done < place.length {
            let want = min(chunk.count, place.length - done)
            let n = chunk.withUnsafeMutableBytes { pread(descriptor, $0.baseAddress!, want, off_t(place.offset + done)) }
            if n < 0, errno == EINTR { continue }
            guard n > 0 else { return false }
            let taken = chunk.withUnsafeBytes { bytes in
                let piece = UnsafeRawBufferPointer(rebasing: bytes[0..<n])
                sum.add(piece)
                return consume(piece)
            }
            guard taken else { return false }
            done += n
        }
        return sum.finish() == place.sum
    }

    /// Whether something is stored under `key` (whether it reads back and matches its checksum is known only when
    /// it is read).
    public func hasKey(_ key: String) -> Bool { places[key] != nil }

    /// The length of the newest value stored under `key` (whether it reads back is known only when it is read).
    public func newestLength(forKey key: String) -> Int? { places[key]?.last?.length }

    /// Every value stored under `key` that can be read and matches its checksum, newest first (for a caller that
    /// decodes elsewhere, for example outside a lock: what `value(forKey:_:)` would return is the first that decodes).
    public func candidates(forKey key: String) -> [Data] {
        (places[key] ?? []).reversed().compactMap { verifiedBytes(at: $0, key: key) }
    }

    /// `candidates(forKey:)` as arrays of bytes, for a caller that changes them in place (no copy out of `Data`).
    public func candidateArrays(forKey key: String) -> [[UInt8]] {
        (places[key] ?? []).reversed().compactMap { place in
            guard let bytes = array(at: place) else { return nil }
            return bytes.withUnsafeBytes { Self.sum(key: key, value: $0) } == place.sum ? bytes : nil
        }
    }

    /// Stores `value` under `key`: appended to the new segment (readable by `value(forKey:_:)` at once), made a
    /// segment at the next `flush`. A key with a tab or newline, or a value with a newline, is not stored; nor is
    /// anything once the new segment could not be written. Returns whether it was stored.
    @discardableResult
    public func add(_ value: Data, forKey key: String) -> Bool {
        value.withUnsafeBytes { add(bytes: $0, forKey: key) }
    }

    /// `add(_:forKey:)` of an array's bytes (no `Data` copy).
    @discardableResult
    public func add(_ value: [UInt8], forKey key: String) -> Bool {
        value.withUnsafeBytes { add(bytes: $0, forKey: key) }
    }

    /// `add(_:forKey:)` of bytes in memory. A value of `writeBufferSize` or more is written to the segment from where
    /// it is, after the buffer, instead of being copied into the buffer: the buffer keeps its capacity, and on the
    /// large store the changelog's first-version rendering (77 MB) and record kept two buffers of that size for the
    /// rest of the run (mem19h).
    @discardableResult
    public func add(bytes value: UnsafeRawBufferPointer, forKey key: String) -> Bool {
        let newline = value.baseAddress.map { memchr($0, 0x0A, value.count) != nil } ?? false
        guard !writeFailed, !key.utf8.contains(where: { $0 == 0x09 || $0 == 0x0A }), !newline else { return false }
        guard let writing = writing ?? startSegment() else { return false }
        let sum = Self.sum(key: key, value: value)
        Self.appendPrefix(key: key, sum: sum, length: value.count, to: &buffer)
        let offset = written + buffer.count
        if value.count >= Self.writeBufferSize {
            writeBuffer()
            guard !writeFailed else { return false }
            guard Descriptor.writeAll(files[writing.file].descriptor, value) == 0 else {
                abandonSegment()
                return false
            }
            written += value.count
        } else {
            buffer.append(contentsOf: value)
        }
        buffer.append(0x0A)
        places[key, default: []].append(Place(file: writing.file, offset: offset, length: value.count, sum: sum))
        added += 1
        peakBufferedBytes = max(peakBufferedBytes, buffer.count)
        if buffer.count >= Self.writeBufferSize { writeBuffer() }
        return !writeFailed
    }

    /// `add(_:forKey:)` of a value made in pieces, never held whole: `produce` hands the value's pieces in order to
    /// the function it is given, and is called twice with the same value: first to find its checksum and length
    /// (the line's prefix comes before the value), then to write it. (A large changelog rendering escaped for the
    /// cache: 82 MB on the large store, held once more before.)
    @discardableResult
    public func addStreamed(forKey key: String, produce: ((UnsafeRawBufferPointer) -> Void) -> Void) -> Bool {
        guard !writeFailed, !key.utf8.contains(where: { $0 == 0x09 || $0 == 0x0A }) else { return false }
        var keyBytes = key
        var sum = ChecksumStream(continuing: keyBytes.withUTF8 { Checksum.of(UnsafeRawBufferPointer($0)) })
        var length = 0, newline = false
        produce { piece in
            guard let base = piece.baseAddress, !piece.isEmpty else { return }
            if !newline, memchr(base, 0x0A, piece.count) != nil { newline = true }
            sum.add(piece)
            length += piece.count
        }
        guard !newline else { return false }
        guard length >= Self.writeBufferSize else {
            var value: [UInt8] = []
            value.reserveCapacity(length)
            produce { value.append(contentsOf: $0) }
            return add(value, forKey: key)
        }
        guard let writing = writing ?? startSegment() else { return false }
        let total = sum.finish()
        Self.appendPrefix(key: key, sum: total, length: length, to: &buffer)
        let offset = written + buffer.count
        writeBuffer()
        guard !writeFailed else { return false }
        // The pieces go out through the buffer (a piece of the buffer's size or more directly, after it); the
        // second production must give the bytes the first summed.
        var check = ChecksumStream(continuing: keyBytes.withUTF8 { Checksum.of(UnsafeRawBufferPointer($0)) })
        var count = 0
        produce { piece in
            guard !writeFailed, !piece.isEmpty else { return }
            check.add(piece)
            count += piece.count
            if piece.count >= Self.writeBufferSize {
                writeBuffer()
                if !writeFailed, Descriptor.writeAll(files[writing.file].descriptor, piece) != 0 { abandonSegment() }
                if !writeFailed { written += piece.count }
            } else {
                buffer.append(contentsOf: piece)
                if buffer.count >= Self.writeBufferSize { writeBuffer() }
            }
        }
        guard !writeFailed else { return false }
        guard count == length, check.finish() == total else {
            // Not the value summed: the segment's line would not read back; give the segment up.
            abandonSegment()
            return false
        }
        // Written out whole: a value is read from the buffer or from the file, never from both.
        buffer.append(0x0A)
        peakBufferedBytes = max(peakBufferedBytes, buffer.count)
        writeBuffer()
        guard !writeFailed else { return false }
        places[key, default: []].append(Place(file: writing.file, offset: offset, length: length, sum: total))
        added += 1
        return true
    }

    /// `KEY TAB SUM TAB LENGTH TAB`.
    private static func appendPrefix(key: String, sum: UInt64, length: Int, to out: inout [UInt8]) {
        out.append(contentsOf: key.utf8)
        out.append(0x09)
        out.append(contentsOf: Checksum.hex(sum).utf8)
        out.append(0x09)
        out.append(contentsOf: Checksum.hex(UInt64(length)).utf8)
        out.append(0x09)
    }

    /// Opens the temporary file of a new segment.
    private func startSegment() -> (file: Int, temporary: URL)? {
        let temporary = folder.appendingPathComponent(".\(UUID().uuidString).tmp")
        try? FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let descriptor = open(temporary.path, O_RDWR | O_CREAT | O_EXCL | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else {
            writeFailed = true
            return nil
        }
        files.append(File(url: temporary, descriptor: descriptor))
        writing = (files.count - 1, temporary)
        written = 0
        added = 0
        buffer.append(contentsOf: Self.formatHeader)
        return writing
    }

    private func writeBuffer() {
        guard let writing, !buffer.isEmpty else { return }
        if !Self.writeAll(buffer, to: files[writing.file].descriptor) { abandonSegment() }
        written += buffer.count
        buffer.removeAll(keepingCapacity: true)
    }

    private static func writeAll(_ bytes: [UInt8], to descriptor: Int32) -> Bool {
        bytes.withUnsafeBytes { Descriptor.writeAll(descriptor, $0) } == 0
    }

    /// The new segment could not be written: its values are forgotten and nothing more is stored this run.
    private func abandonSegment() {
        guard let writing else { return }
        writeFailed = true
        for (key, list) in places {
            let kept = list.filter { $0.file != writing.file }
            if kept.count != list.count { places[key] = kept.isEmpty ? nil : kept }
        }
        try? FileManager.default.removeItem(at: writing.temporary)
        buffer = []
    }

    /// Makes the values added since the last flush a segment (merging all segments into one once there are
    /// `compactionThreshold`). Best effort.
    public func flush() {
        writeBuffer()
        guard let writing, !writeFailed else { return }
        self.writing = nil
        let file = folder.appendingPathComponent("\(Self.segmentName()).\(Self.segmentExtension)")
        guard added > 0 else {
            try? FileManager.default.removeItem(at: writing.temporary)
            return
        }
        if segmentCount + 1 >= Self.compactionThreshold, compact(into: file, from: mergeStart()) { return }
        do {
            try FileManager.default.moveItem(at: writing.temporary, to: file)
        } catch {
            try? FileManager.default.removeItem(at: writing.temporary)
            return
        }
        files[writing.file].url = file
        segmentCount = files.count
    }

    /// A new segment's name: the time in hexadecimal, so that names sort (and are read) oldest first and a newer
    /// line wins over an older one in another segment, then a UUID, so that no two runs choose the same name.
    private static func segmentName() -> String {
        let nanoseconds = UInt64(max(0, Date().timeIntervalSince1970) * 1e9)
        let hex = String(nanoseconds, radix: 16)
        return String(repeating: "0", count: max(0, 16 - hex.count)) + hex + "-" + UUID().uuidString
    }

    /// A segment at least this many times the size of every newer one together is left as it is by a merge.
    static let keptShare = 4

    /// The first of `files` a merge writes anew: 1 when the oldest segment carries lengths and is at least `keptShare`
    /// times the size of the newer ones (the one being written among them) together, else 0 (all of them). An
    /// incremental publish adds a segment of the new version's change record (a few kilobytes) to the medium store's
    /// 76 MB of them: every eighth one merged them all, 15 % of that publish (inc15s); now the small ones are merged
    /// into one that follows the large one (newer lines still win: the merged segment's name sorts after it).
    private func mergeStart() -> Int {
        guard files.count >= 2, files[0].lengths else { return 0 }
        var sizes: [Int] = []
        for file in files {
            var status = stat()
            guard fstat(file.descriptor, &status) == 0 else { return 0 }
            sizes.append(Int(status.st_size))
        }
        return sizes[0] >= Self.keptShare * sizes.dropFirst().reduce(0, +) ? 1 : 0
    }

    /// Writes the newest value of every key in `files[start...]` as one segment `file` and removes those; false when
    /// it could not (then nothing is removed). The segments before `start` stay (a key's values there stay before the
    /// merged one's).
    private func compact(into file: URL, from start: Int = 0) -> Bool {
        let temporary = folder.appendingPathComponent(".\(UUID().uuidString).tmp")
        let descriptor = open(temporary.path, O_RDWR | O_CREAT | O_EXCL | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else { return false }
        var out: [UInt8] = Self.formatHeader
        var offset = 0
        var merged: [String: [Place]] = [:]
        var ok = true
        let newFile = files.count
        var chunk: [UInt8] = []
        for (key, all) in places.sorted(by: { $0.key < $1.key }) {
            let list = start == 0 ? all : all.filter { $0.file >= start }
            // Only in the segments kept.
            if list.isEmpty { continue }
            // A large value (a store's first change record with its blocks: 372 MB on the large store) is copied in
            // pieces, its checksum taken on the way, straight after what is written so far: read whole and added to
            // the buffer it was held twice (410 MB more than the publish that flushed the cache, peak15d). A copy
            // that does not verify or cannot be read whole is cut off the file again and the next older one tried.
            if list.last.map({ $0.length >= Self.writeBufferSize }) == true {
                var keyBytes = key
                let keySum = keyBytes.withUTF8 { Checksum.of(UnsafeRawBufferPointer($0)) }
                for place in list.reversed() where ok {
                    ok = Self.writeAll(out, to: descriptor)
                    offset += out.count
                    out.removeAll(keepingCapacity: true)
                    let start = offset
                    Self.appendPrefix(key: key, sum: place.sum, length: place.length, to: &out)
                    ok = ok && Self.writeAll(out, to: descriptor)
                    offset += out.count
                    out.removeAll(keepingCapacity: true)
                    var written = 0, writeError = false
                    let copied = ok && stream(place, keySum: keySum, chunkSize: 1 << 20, chunk: &chunk) { piece in
                        guard Descriptor.writeAll(descriptor, piece) == 0 else {
                            writeError = true
                            return false
                        }
                        written += piece.count
                        return true
                    }
                    if copied {
                        merged[key] = [Place(file: newFile, offset: offset, length: place.length, sum: place.sum)]
                        offset += written
                        out.append(0x0A)
                        break
                    }
                    // A failed write ends the compaction; a copy that did not verify is cut off the file again (its
                    // line's prefix too) and the next older value tried.
                    guard ok, !writeError else {
                        ok = false
                        break
                    }
                    ok = ftruncate(descriptor, off_t(start)) == 0 && lseek(descriptor, off_t(start), SEEK_SET) == off_t(start)
                    offset = start
                }
                continue
            }
            // The newest value that matches its checksum: a damaged one is not carried over.
            guard let (place, value) = list.reversed().lazy.compactMap({ p in self.verifiedBytes(at: p, key: key).map { (p, $0) } }).first
            else { continue }
            Self.appendPrefix(key: key, sum: place.sum, length: value.count, to: &out)
            merged[key] = [Place(file: newFile, offset: offset + out.count, length: value.count, sum: place.sum)]
            value.withUnsafeBytes { out.append(contentsOf: $0) }
            out.append(0x0A)
            if out.count >= Self.writeBufferSize {
                ok = ok && Self.writeAll(out, to: descriptor)
                offset += out.count
                out.removeAll(keepingCapacity: true)
            }
        }
        ok = ok && Self.writeAll(out, to: descriptor)
        guard ok, (try? FileManager.default.moveItem(at: temporary, to: file)) != nil else {
            close(descriptor)
            try? FileManager.default.removeItem(at: temporary)
            return false
        }
        for old in files[start...] {
            try? FileManager.default.removeItem(at: old.url)
            close(old.descriptor)
        }
        files = Array(files[..<start]) + [File(url: file, descriptor: descriptor)]
        segmentCount = files.count
        var next: [String: [Place]] = [:]
        if start > 0 {
            for (key, list) in places {
                let kept = list.filter { $0.file < start }
                if !kept.isEmpty { next[key] = kept }
            }
        }
        for (key, list) in merged {
            next[key, default: []] += list.map { Place(file: start, offset: $0.offset, length: $0.length, sum: $0.sum) }
        }
        places = next
        return true
    }
}
