import ChronikStore

/// The publish cache's binary files (`SearchDocumentCache`, `SiteEntryCache`) share one frame: a header line, the
/// values, then the checksum (`Checksum`) of everything before it as a little-endian 64-bit word. Values are
/// little-endian 64-bit words, lengths in seven-bit groups (LEB128) and strings as a length and their UTF-8 bytes;
/// the files add the writers and readers of their own values in extensions.
struct CacheBytesWriter: CacheValueWriting {
    private(set) var out: [UInt8]

    /// A file that starts with `header`.
    init(header: [UInt8]) { out = header }

    mutating func uint64(_ n: UInt64) { for k in 0..<8 { out.append(UInt8(truncatingIfNeeded: n >> (8 * UInt64(k)))) } }

    mutating func length(_ n: Int) {
        var n = UInt(n)
        while n >= 0x80 { out.append(UInt8(n & 0x7F) | 0x80); n >>= 7 }
        out.append(UInt8(n))
    }

    mutating func string(_ s: String) {
        length(s.utf8.count)
        out.append(contentsOf: s.utf8)
    }

    mutating func append(_ byte: UInt8) { out.append(byte) }

    mutating func append(contentsOf bytes: [UInt8]) { out += bytes }

    mutating func append(contentsOf bytes: ArraySlice<UInt8>) { out += bytes }

    /// The file's bytes: what was written and its checksum.
    consuming func finished() -> [UInt8] {
        let sum = out.withUnsafeBytes { Checksum.of($0) }
        uint64(sum)
        return out
    }

    /// A section to write over the checksum of a file that verified (its first `count` bytes go on): what was written
    /// and the checksum of the whole file, summed on from `sum`, those bytes' checksum, with `tail` their last
    /// `count % 8` bytes (`Checksum.of(_:after:count:tail:)`: the file is not read again).
    consuming func finished(after sum: UInt64, count: Int, tail: UnsafeRawBufferPointer) -> [UInt8] {
        let total = out.withUnsafeBytes { Checksum.of($0, after: sum, count: count, tail: tail) }
        uint64(total)
        return out
    }
}

/// The values of the frame (a 64-bit word, a length, a string), for a record written once and to more than one kind of
/// writer (`SearchDocumentCache`'s records: to `CacheBytesWriter`'s array and through a pointer into sized memory).
protocol CacheValueWriting {
    mutating func uint64(_ n: UInt64)
    mutating func length(_ n: Int)
    mutating func string(_ s: String)
}

/// Reads the values of a file `CacheBytesWriter` wrote, from `position` up to `end`; each gives nil when the bytes end
/// before it does.
struct CacheBytesReader {
    let bytes: [UInt8]
    var position: Int
    let end: Int

    /// A reader of the values of `bytes` after `header`, when they start with it and their checksum verifies.
    init?(framed bytes: [UInt8], header: [UInt8]) {
        guard bytes.count >= header.count + 8, bytes.starts(with: header) else { return nil }
        let end = bytes.count - 8
        let sum = bytes.withUnsafeBytes { Checksum.of(UnsafeRawBufferPointer(rebasing: $0[..<end])) }
        guard Self.storedChecksum(bytes) == sum else { return nil }
        self.init(bytes: bytes, position: header.count, end: end)
    }

    /// The checksum a framed file stores in its last eight bytes (at least eight).
    static func storedChecksum(_ bytes: [UInt8]) -> UInt64 {
        let end = bytes.count - 8
        var stored: UInt64 = 0
        for k in 0..<8 { stored |= UInt64(bytes[end + k]) << (8 * UInt64(k)) }
        return stored
    }

    init(bytes: [UInt8], position: Int, end: Int) {
        self.bytes = bytes
        self.position = position
        self.end = end
    }

    mutating func uint64() -> UInt64? {
        guard end - position >= 8 else { return nil }
        var n: UInt64 = 0
        for k in 0..<8 { n |= UInt64(bytes[position + k]) << (8 * UInt64(k)) }
        position += 8
        return n
    }

    /// A count of bytes or items: each takes at least `minimum` bytes of what is left (0: any count).
    mutating func length(minimum: Int = 1) -> Int? {
        var n: UInt = 0
        var shift: UInt = 0
        while position < end, shift < 63 {
            let byte = bytes[position]
            position += 1
            n |= UInt(byte & 0x7F) << shift
            if byte < 0x80 { return minimum == 0 || n <= UInt(end - position) ? Int(n) : nil }
            shift += 7
        }
        return nil
    }
}
