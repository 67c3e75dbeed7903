import Foundation
import ChronikStore

/// Checks for the `format` values asserted in format-assertion mode. Each follows the grammar the specification
/// cites: RFC 3339 (`date`, `time`, `date-time`, `duration`), RFC 5321 (`email`), RFC 3986 (`uri`,
/// `uri-reference`), RFC 2673/4291 (`ipv4`, `ipv6`), RFC 4122 (`uuid`).
enum Formats {
    /// Whether `value` is valid for `format`; nil when the format is not known (it then stays an annotation).
    static func check(_ format: String, _ value: String) -> Bool? {
        // A date is read from its UTF-8 bytes (`isDateBytes`), without the array of scalars and `isDate`'s array of
        // month lengths: two allocations for every date value of every entry checked.
        if format == "date" { return isDateBytes(value) }
        // Filled by hand: `Array(_:)` of the view went through dynamic casts (looking for contiguous storage) on
        // every format check.
        var s: [Unicode.Scalar] = []
        s.reserveCapacity(value.utf8.count)
        for c in value.unicodeScalars { s.append(c) }
        switch format {
        case "date": return isDate(s[...])
        case "time": return isTime(s[...])
        case "date-time": return isDateTime(s)
        case "duration": return isDuration(value)
        case "email": return isEmail(s)
        case "uri": return isURI(s[...], requireScheme: true)
        case "uri-reference": return isURI(s[...], requireScheme: false)
        case "ipv4": return isIPv4(s[...])
        case "ipv6": return isIPv6(s[...])
        case "uuid": return isUUID(s)
        case "regex": return (try? Pattern(value)) != nil
        default: return nil
        }
    }

    /// A short human description of the format, for the evaluator's English messages: the English catalog's words.
    static func describe(_ format: String) -> String { ChronikStore.Messages.englishFormatName(format) }

    // MARK: Dates and times (RFC 3339 §5.6)

    private static func digit(_ c: Unicode.Scalar) -> Int? {
        c.value >= 48 && c.value <= 57 ? Int(c.value - 48) : nil
    }

    private static func number(_ s: ArraySlice<Unicode.Scalar>) -> Int? {
        guard !s.isEmpty else { return nil }
        var n = 0
        for c in s {
            guard let d = digit(c) else { return nil }
            n = n * 10 + d
        }
        return n
    }

    static func isDate(_ s: ArraySlice<Unicode.Scalar>) -> Bool {
        guard s.count == 10 else { return false }
        let b = s.startIndex
        guard s[b + 4] == "-", s[b + 7] == "-",
              let year = number(s[b..<(b + 4)]), let month = number(s[(b + 5)..<(b + 7)]),
              let day = number(s[(b + 8)..<(b + 10)]) else { return false }
        guard (1...12).contains(month), day >= 1 else { return false }
        return day <= daysIn(month: month, year: year)
    }

    /// `isDate` of the string's scalars, read from its UTF-8 bytes: a valid date is ten ASCII characters, so ten
    /// bytes; ten bytes with any byte above ASCII are fewer than ten scalars, or a non-digit where a digit belongs,
    /// and false either way. Held to `isDate` by `FormatsDateBytesTests`.
    static func isDateBytes(_ value: String) -> Bool {
        let answer = value.utf8.withContiguousStorageIfAvailable { bytes -> Bool in
            guard bytes.count == 10, bytes[4] == UInt8(ascii: "-"), bytes[7] == UInt8(ascii: "-") else { return false }
            func number(_ range: Range<Int>) -> Int? {
                var n = 0
                for k in range {
                    let c = bytes[k]
                    guard c >= UInt8(ascii: "0"), c <= UInt8(ascii: "9") else { return nil }
                    n = n * 10 + Int(c &- UInt8(ascii: "0"))
                }
                return n
            }
            guard let year = number(0..<4), let month = number(5..<7), let day = number(8..<10) else { return false }
            guard (1...12).contains(month), day >= 1 else { return false }
            return day <= daysIn(month: month, year: year)
        }
        // (A String without contiguous UTF-8, which a value read here never is.)
        return answer ?? isDate(Array(value.unicodeScalars)[...])
    }

    /// For a date written `YYYY-MM-DD` whose month exists but whose day does not (`2022-02-30`, `2023-04-31`):
    /// the year, the month and how many days that month has; nil for any other text.
    static func impossibleDay(_ text: String) -> (year: Int, month: Int, days: Int)? {
        let s = Array(text.unicodeScalars)[...]
        guard s.count == 10, s[4] == "-", s[7] == "-",
              let year = number(s[0..<4]), let month = number(s[5..<7]), let day = number(s[8..<10]),
              (1...12).contains(month), day >= 1 else { return nil }
        let days = daysIn(month: month, year: year)
        return day > days ? (year, month, days) : nil
    }

    /// The days of month `month` (1…12) of the proleptic Gregorian calendar (RFC 3339, Appendix C for leap years).
    /// Asked for every date value checked: no table is made.
    static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: return year % 4 == 0 && (year % 100 != 0 || year % 400 == 0) ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }

    static func isTime(_ s: ArraySlice<Unicode.Scalar>) -> Bool {
        guard s.count >= 9 else { return false }
        let b = s.startIndex
        guard s[b + 2] == ":", s[b + 5] == ":",
              let hour = number(s[b..<(b + 2)]), let minute = number(s[(b + 3)..<(b + 5)]),
              let second = number(s[(b + 6)..<(b + 8)]) else { return false }
        var i = b + 8
        if i < s.endIndex, s[i] == "." {
            i += 1
            let start = i
            while i < s.endIndex, digit(s[i]) != nil { i += 1 }
            guard i > start else { return false }
        }
        guard i < s.endIndex else { return false }
        var offsetMinutes = 0
        if s[i] == "Z" || s[i] == "z" {
            guard i + 1 == s.endIndex else { return false }
        } else if s[i] == "+" || s[i] == "-" {
            guard s.endIndex - i == 6, s[i + 3] == ":",
                  let oh = number(s[(i + 1)..<(i + 3)]), let om = number(s[(i + 4)..<(i + 6)]),
                  oh <= 23, om <= 59 else { return false }
            offsetMinutes = (oh * 60 + om) * (s[i] == "+" ? 1 : -1)
        } else {
            return false
        }
        guard hour <= 23, minute <= 59, second <= 60 else { return false }
        if second == 60 {
            // A leap second exists only at 23:59:60 UTC.
            let utc = ((hour * 60 + minute - offsetMinutes) % 1440 + 1440) % 1440
            return utc == 23 * 60 + 59
        }
        return true
    }

    static func isDateTime(_ s: [Unicode.Scalar]) -> Bool {
        guard s.count > 11, s[10] == "T" || s[10] == "t" else { return false }
        return isDate(s[0..<10]) && isTime(s[11...])
    }

    private static let durationPattern: NSRegularExpression? = {
        let time = "T(?:[0-9]+H(?:[0-9]+M(?:[0-9]+S)?)?|[0-9]+M(?:[0-9]+S)?|[0-9]+S)"
        let date = "(?:[0-9]+Y(?:[0-9]+M(?:[0-9]+D)?)?|[0-9]+M(?:[0-9]+D)?|[0-9]+D)"
        return try? NSRegularExpression(pattern: "^P(?:[0-9]+W|\(date)(?:\(time))?|\(time))\\z")
    }()

    static func isDuration(_ value: String) -> Bool {
        guard let regex = durationPattern else { return false }
        return regex.firstMatch(in: value, range: NSRange(location: 0, length: (value as NSString).length)) != nil
    }

    // MARK: E-mail (RFC 5321 §4.1.2 Mailbox)

    /// ASCII letters and digits: what `CharacterSet.alphanumerics` holds below U+0080 (it holds no other ASCII
    /// character), without making a CharacterSet for every character (the static getters build one each time, with a
    /// dynamic cast: most of an `email` check and a tenth of checking an entry's formats). `FormatsASCIITests`.
    static func isASCIIAlphanumeric(_ c: Unicode.Scalar) -> Bool {
        isASCIILetter(c) || (c.value >= 0x30 && c.value <= 0x39)
    }

    /// ASCII letters: what `CharacterSet.letters` holds below U+0080.
    static func isASCIILetter(_ c: Unicode.Scalar) -> Bool {
        c.value < 128 && (c.value | 0x20) >= 0x61 && (c.value | 0x20) <= 0x7A
    }

    private static func isAtext(_ c: Unicode.Scalar) -> Bool {
        if isASCIIAlphanumeric(c) { return true }
        return "!#$%&'*+-/=?^_`{|}~".unicodeScalars.contains(c)
    }

    static func isEmail(_ s: [Unicode.Scalar]) -> Bool {
        guard let at = s.lastIndex(of: "@"), at > 0, at < s.count - 1 else { return false }
        let local = s[..<at]
        let domain = s[(at + 1)...]
        if local.first == "\"" {
            guard local.count >= 2, local.last == "\"" else { return false }
            var i = local.startIndex + 1
            while i < local.endIndex - 1 {
                let c = local[i]
                if c == "\\" {
                    i += 2
                    continue
                }
                guard c.value >= 32, c.value < 127, c != "\"" else { return false }
                i += 1
            }
            guard i == local.endIndex - 1 else { return false }
        } else {
            var previousDot = true
            for c in local {
                if c == "." {
                    if previousDot { return false }
                    previousDot = true
                } else {
                    guard isAtext(c) else { return false }
                    previousDot = false
                }
            }
            if previousDot { return false }
        }
        if domain.first == "[" {
            guard domain.last == "]" else { return false }
            let inner = domain.dropFirst().dropLast()
            let ipv6Prefix = Array("IPv6:".unicodeScalars)
            if inner.starts(with: ipv6Prefix) { return isIPv6(inner.dropFirst(ipv6Prefix.count)) }
            return isIPv4(inner)
        }
        return isHostname(domain)
    }

    static func isHostname(_ s: ArraySlice<Unicode.Scalar>) -> Bool {
        guard !s.isEmpty, s.count <= 253 else { return false }
        for label in s.split(separator: ".", omittingEmptySubsequences: false) {
            guard !label.isEmpty, label.count <= 63, label.first != "-", label.last != "-" else { return false }
            for c in label {
                guard c.value < 128, c == "-" || isASCIIAlphanumeric(c) else { return false }
            }
        }
        return true
    }

    // MARK: IP addresses

    static func isIPv4(_ s: ArraySlice<Unicode.Scalar>) -> Bool {
        let parts = s.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 4 else { return false }
        for part in parts {
            guard (1...3).contains(part.count), let n = number(part), n <= 255 else { return false }
            if part.count > 1, part.first == "0" { return false }
        }
        return true
    }

    static func isIPv6(_ s: ArraySlice<Unicode.Scalar>) -> Bool {
        guard !s.isEmpty, s.count <= 45 else { return false }
        var text = s
        var groups = 0
        // An embedded IPv4 address at the end counts as two groups.
        if let lastColon = text.lastIndex(of: ":"), text[(lastColon + 1)...].contains(".") {
            guard isIPv4(text[(lastColon + 1)...]) else { return false }
            groups += 2
            text = text[...lastColon]
            if text.count >= 2, text.suffix(2).elementsEqual("::".unicodeScalars) {
                // "::" directly before the IPv4 part stays as it is.
            } else {
                text = text.dropLast()
            }
        }
        let halves = split(text, on: "::")
        guard halves.count <= 2 else { return false }
        for half in halves where !half.isEmpty {
            for group in half.split(separator: ":", omittingEmptySubsequences: false) {
                guard (1...4).contains(group.count), group.allSatisfy({ $0.properties.isASCIIHexDigit }) else { return false }
                groups += 1
            }
        }
        return halves.count == 2 ? groups <= 7 : groups == 8
    }

    private static func split(_ s: ArraySlice<Unicode.Scalar>, on separator: String) -> [ArraySlice<Unicode.Scalar>] {
        let sep = Array(separator.unicodeScalars)
        var parts: [ArraySlice<Unicode.Scalar>] = []
        var start = s.startIndex
        var i = s.startIndex
        while i + sep.count <= s.endIndex {
            if s[i..<(i + sep.count)].elementsEqual(sep) {
                parts.append(s[start..<i])
                i += sep.count
                start = i
            } else {
                i += 1
            }
        }
        parts.append(s[start...])
        return parts
    }

    static func isUUID(_ s: [Unicode.Scalar]) -> Bool {
        guard s.count == 36 else { return false }
        for (i, c) in s.enumerated() {
            if [8, 13, 18, 23].contains(i) {
                guard c == "-" else { return false }
            } else {
                guard c.properties.isASCIIHexDigit else { return false }
            }
        }
        return true
    }

    // MARK: URIs (RFC 3986 §3)

    private static func isUnreserved(_ c: Unicode.Scalar) -> Bool {
        guard c.value < 128 else { return false }
        return CharacterSet.alphanumerics.contains(c) || c == "-" || c == "." || c == "_" || c == "~"
    }

    private static func isSubDelim(_ c: Unicode.Scalar) -> Bool { "!$&'()*+,;=".unicodeScalars.contains(c) }

    /// A set of ASCII characters, a bit each.
    private struct ASCIISet {
        var low: UInt64 = 0
        var high: UInt64 = 0

        init(_ characters: String) {
            for c in characters.unicodeScalars where c.value < 128 {
                if c.value < 64 { low |= 1 << UInt64(c.value) } else { high |= 1 << UInt64(c.value - 64) }
            }
        }

        func contains(_ value: UInt32) -> Bool {
            value < 64 ? low & (1 << UInt64(value)) != 0 : high & (1 << UInt64(value &- 64)) != 0
        }
    }

    /// The ASCII characters `isUnreserved` or `isSubDelim` take (CharacterSet.alphanumerics holds no other ASCII
    /// characters than letters and digits).
    private static let unreservedOrSubDelim = ASCIISet(
        "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~" + "!$&'()*+,;=")

    /// Whether every character is allowed (`extra` adds to unreserved, sub-delims and percent-encodings). ASCII is
    /// looked up in a bit set (CharacterSet's look-ups were most of a `uri` check), anything else as before.
    /// `reference`: every character by CharacterSet, as before the bit set (tests hold the two side by side).
    private static func allowed(_ s: ArraySlice<Unicode.Scalar>, extra: String, reference: Bool = false) -> Bool {
        let extraSet = ASCIISet(extra)
        var i = s.startIndex
        while i < s.endIndex {
            let c = s[i]
            if c == "%" {
                guard i + 2 < s.endIndex, s[i + 1].properties.isASCIIHexDigit, s[i + 2].properties.isASCIIHexDigit else { return false }
                i += 3
                continue
            }
            if c.value < 128, !reference {
                guard unreservedOrSubDelim.contains(c.value) || extraSet.contains(c.value) else { return false }
            } else {
                guard isUnreserved(c) || isSubDelim(c) || extra.unicodeScalars.contains(c) else { return false }
            }
            i += 1
        }
        return true
    }

    static func isURI(_ s: ArraySlice<Unicode.Scalar>, requireScheme: Bool, reference: Bool = false) -> Bool {
        var rest = s
        if let hash = rest.firstIndex(of: "#") {
            guard allowed(rest[(hash + 1)...], extra: ":@/?", reference: reference) else { return false }
            rest = rest[..<hash]
        }
        if let q = rest.firstIndex(of: "?") {
            guard allowed(rest[(q + 1)...], extra: ":@/?", reference: reference) else { return false }
            rest = rest[..<q]
        }
        var hasScheme = false
        if let colon = rest.firstIndex(of: ":"), !rest[..<colon].contains("/") {
            let scheme = rest[..<colon]
            // (ASCII looked at directly but for the reference, which asks CharacterSet as before.)
            func letter(_ c: Unicode.Scalar) -> Bool { reference ? CharacterSet.letters.contains(c) : isASCIILetter(c) }
            func alphanumeric(_ c: Unicode.Scalar) -> Bool { reference ? CharacterSet.alphanumerics.contains(c) : isASCIIAlphanumeric(c) }
            guard let first = scheme.first, first.value < 128, letter(first),
                  scheme.allSatisfy({ $0.value < 128 && (alphanumeric($0) || $0 == "+" || $0 == "-" || $0 == ".") })
            else { return false }
            hasScheme = true
            rest = rest[(colon + 1)...]
        }
        if requireScheme && !hasScheme { return false }
        if rest.starts(with: "//".unicodeScalars) {
            rest = rest.dropFirst(2)
            let end = rest.firstIndex(of: "/") ?? rest.endIndex
            guard isAuthority(rest[..<end], reference: reference) else { return false }
            rest = rest[end...]
        }
        return allowed(rest, extra: ":@/", reference: reference)
    }

    private static func isAuthority(_ s: ArraySlice<Unicode.Scalar>, reference: Bool) -> Bool {
        var hostPort = s
        if let at = s.lastIndex(of: "@") {
            guard allowed(s[..<at], extra: ":", reference: reference) else { return false }
            hostPort = s[(at + 1)...]
        }
        var portPart: ArraySlice<Unicode.Scalar> = []
        if hostPort.first == "[" {
            guard let close = hostPort.firstIndex(of: "]") else { return false }
            let literal = hostPort[(hostPort.startIndex + 1)..<close]
            if literal.first == "v" || literal.first == "V" {
                guard literal.contains("."), allowed(literal.dropFirst(), extra: ":", reference: reference) else { return false }
            } else if !isIPv6(literal) {
                return false
            }
            let after = hostPort[(close + 1)...]
            if !after.isEmpty {
                guard after.first == ":" else { return false }
                portPart = after.dropFirst()
            }
        } else {
            if let colon = hostPort.firstIndex(of: ":") {
                portPart = hostPort[(colon + 1)...]
                hostPort = hostPort[..<colon]
            }
            guard allowed(hostPort, extra: "", reference: reference) else { return false }
        }
        return portPart.allSatisfy { digit($0) != nil }
    }
}
