/// UTF-8 validation without building a String: the same well-formedness as `String(validating:as: UTF8.self)`
/// (Unicode 15, table 3-7: no overlong forms, no surrogates, nothing above U+10FFFF), eight ASCII bytes at a time.
enum UTF8Validation {
    static func isValid(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        guard let base = bytes.baseAddress else { return true }
        let count = bytes.count
        var i = 0
        while i < count {
            // ASCII runs, a word at a time.
            while i + 8 <= count,
                  UnsafeRawPointer(base + i).loadUnaligned(as: UInt64.self) & 0x8080_8080_8080_8080 == 0 {
                i += 8
            }
            guard i < count else { return true }
            let lead = base[i]
            if lead < 0x80 {
                i += 1
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
}
