/// Reads the publish cache's binary files (`SearchDocumentCache`, `SiteEntryCache`) from `position` up to `end`:
/// little-endian 64-bit words and lengths in seven-bit groups (LEB128). Each value gives nil when the bytes end before
/// it does; the files add the readers of their own values in extensions.
struct CacheBytesReader {
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
