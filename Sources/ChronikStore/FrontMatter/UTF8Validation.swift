import CChronikUTF8

/// UTF-8 validation without building a String: the same well-formedness as `String(validating:as: UTF8.self)`
/// (Unicode 15, table 3-7: no overlong forms, no surrogates, nothing above U+10FFFF).
///
/// ASCII runs, most of every entry file, are skipped 32 bytes at a time (four words), and the first byte of a word
/// with its high bit set is found from the word itself (its lowest set high bit, the words read as little-endian),
/// so a run ending in a multi-byte character costs no byte-by-byte steps; only multi-byte sequences are decoded one
/// byte at a time. (The step before, eight bytes and then byte by byte up to the non-ASCII byte, re-read a word for
/// every ASCII byte in front of it: 6.9 % of a cold `chronik validate`'s CPU, on German text with a non-ASCII
/// character every 90 bytes or so.) `UTF8ValidationTests` hold it to `String(validating:)`.
///
/// On x86-64 with AVX2 the check is `chronik_utf8_valid` (CChronikUTF8: Keiser and Lemire's vector algorithm, 32 bytes
/// at a time, about twice as fast on the generated store's entries); this scalar check is its reference and the
/// fallback elsewhere.
enum UTF8Validation {
    static func isValid(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        guard let base = bytes.baseAddress else { return true }
        switch chronik_utf8_valid(base, bytes.count) {
        case 1: return true
        case 0: return false
        default: return isValidScalar(bytes)
        }
    }

    /// The scalar check: the reference of the vector one, and the check where that is not available.
    static func isValidScalar(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        guard let base = bytes.baseAddress else { return true }
        let count = bytes.count
        var i = 0
        while i < count {
            let lead = base[i]
            if lead < 0x80 {
                i = asciiEnd(base, from: i, count: count)
                continue
            }
            func continuation(_ k: Int) -> Bool { k < count && base[k] & 0xC0 == 0x80 }
            // The second byte after a three- or four-byte lead: narrower than a continuation byte where the lead
            // would otherwise allow overlong forms (E0, F0), surrogates (ED) or more than U+10FFFF (F4).
            func second(_ k: Int) -> Bool {
                guard k < count else { return false }
                switch lead {
                case 0xE0: return (0xA0...0xBF).contains(base[k])
                case 0xED: return (0x80...0x9F).contains(base[k])
                case 0xF0: return (0x90...0xBF).contains(base[k])
                case 0xF4: return (0x80...0x8F).contains(base[k])
                default: return base[k] & 0xC0 == 0x80
                }
            }
            switch lead {
            case 0xC2...0xDF:
                guard continuation(i + 1) else { return false }
                i += 2
            case 0xE0...0xEF:
                guard second(i + 1), continuation(i + 2) else { return false }
                i += 3
            case 0xF0...0xF4:
                guard second(i + 1), continuation(i + 2), continuation(i + 3) else { return false }
                i += 4
            default:
                // 0x80...0xC1 (a continuation byte or an overlong lead) and 0xF5...0xFF.
                return false
            }
        }
        return true
    }

    /// The index of the first byte at or after `start` with its high bit set, or `count`.
    @inline(__always)
    static func asciiEnd(_ base: UnsafePointer<UInt8>, from start: Int, count: Int) -> Int {
        let raw = UnsafeRawPointer(base)
        let high: UInt64 = 0x8080_8080_8080_8080
        var i = start
        while i + 32 <= count {
            let a = raw.loadUnaligned(fromByteOffset: i, as: UInt64.self)
            let b = raw.loadUnaligned(fromByteOffset: i + 8, as: UInt64.self)
            let c = raw.loadUnaligned(fromByteOffset: i + 16, as: UInt64.self)
            let d = raw.loadUnaligned(fromByteOffset: i + 24, as: UInt64.self)
            if (a | b | c | d) & high != 0 { break }
            i += 32
        }
        while i + 8 <= count {
            // Little-endian, the first byte in the lowest bits on any machine: its lowest set high bit is the first
            // non-ASCII byte.
            let word = UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: i, as: UInt64.self)) & high
            if word != 0 { return i + word.trailingZeroBitCount >> 3 }
            i += 8
        }
        while i < count, base[i] < 0x80 { i += 1 }
        return i
    }
}
