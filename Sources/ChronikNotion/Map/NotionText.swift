import ChronikStore
import Foundation

// How Notion's exports format values for reading, parsed back into values (issue 17). The "Markdown & CSV" export
// writes every property as text: dates with English month names and 12-hour times (`February 5, 2025 6:16 AM`),
// ranges with an arrow (`June 16, 2022 → July 6, 2022`), checkboxes as `Yes`/`No`, numbers with their format's
// currency or percent sign (`€12.50`, `1,234`, `45%`). The HTML export marks dates (`<time>`) and checkboxes, but
// keeps the same texts inside. These functions are total: a text they do not recognise gives nil, never a guess.

/// A calendar day or a moment as Notion shows it, without a time zone (Notion exports none).
public struct NotionDate: Sendable, Hashable {
    public var year: Int
    public var month: Int
    public var day: Int
    /// Hour (0–23), when the value has a time.
    public var hour: Int?
    public var minute: Int = 0

    public init(year: Int, month: Int, day: Int, hour: Int? = nil, minute: Int = 0) {
        self.year = year
        self.month = month
        self.day = day
        self.hour = hour
        self.minute = minute
    }

    public var hasTime: Bool { hour != nil }

    /// `2025-02-05`.
    public var isoDay: String { String(format: "%04d-%02d-%02d", year, month, day) }

    /// `2025-02-05T06:16:00+01:00`: the moment in `zone` (RFC 3339, as JSON Schema's `date-time` wants); the day
    /// alone at midnight when the value has no time.
    public func isoDateTime(in zone: TimeZone) -> String {
        var components = DateComponents()
        (components.year, components.month, components.day) = (year, month, day)
        (components.hour, components.minute) = (hour ?? 0, minute)
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = zone
        let seconds = calendar.date(from: components).map { zone.secondsFromGMT(for: $0) } ?? zone.secondsFromGMT()
        let offset: String
        if seconds == 0 {
            offset = "Z"
        } else {
            let minutes = abs(seconds) / 60
            offset = String(format: "%@%02d:%02d", seconds < 0 ? "-" : "+", minutes / 60, minutes % 60)
        }
        return String(format: "%@T%02d:%02d:00", isoDay, hour ?? 0, minute) + offset
    }

}

/// A number as an export shows it, with the sign of its format.
public struct NotionNumber: Sendable, Hashable {
    public var value: JSONNumber
    /// The currency or percent sign that was removed (`€`, `$`, `%`), if any.
    public var unit: String?
}

/// Parsers for Notion's display formats.
public enum NotionText {
    static let months = ["january", "february", "march", "april", "may", "june", "july", "august", "september",
                         "october", "november", "december"]
    static let shortMonths = months.map { String($0.prefix(3)) }

    /// The separator of a date range.
    public static let rangeArrow = " → "

    /// A single date or date-time: `February 5, 2025`, `Feb 5, 2025`, `February 5, 2025 6:16 AM`,
    /// `February 5, 2025 18:16`, `2025-02-05`, `2025-02-05T18:16`, `2025/02/05`, `@February 5, 2025` (a mention).
    /// Zone names Notion may append (`(GMT+1)`, `UTC`) are not taken: such a value is not a date here.
    public static func date(_ text: String) -> NotionDate? {
        var s = Substring(text.trimmingCharacters(in: .whitespaces))
        if s.hasPrefix("@") { s = s.dropFirst() }
        if let iso = isoDate(s) { return iso }
        // Month name, day, comma, year, optional time.
        let words = s.split(separator: " ", omittingEmptySubsequences: true)
        guard words.count >= 3 else { return nil }
        let monthWord = words[0].lowercased().trimmingCharacters(in: CharacterSet(charactersIn: "."))
        guard let monthIndex = months.firstIndex(of: monthWord) ?? shortMonths.firstIndex(of: monthWord) else { return nil }
        guard words[1].hasSuffix(","), let day = Int(words[1].dropLast()), let year = Int(words[2]), words[2].count == 4 else { return nil }
        var date = NotionDate(year: year, month: monthIndex + 1, day: day)
        guard isValidDay(date) else { return nil }
        switch words.count {
        case 3: return date
        case 4, 5:
            guard let (hour, minute) = time(words[3], meridiem: words.count == 5 ? String(words[4]) : nil) else { return nil }
            date.hour = hour
            date.minute = minute
            return date
        default: return nil
        }
    }

    /// A range `A → B` of two dates (either may carry a time); nil for anything else.
    public static func range(_ text: String) -> (start: NotionDate, end: NotionDate)? {
        guard let arrow = text.range(of: "→") else { return nil }
        guard let start = date(String(text[..<arrow.lowerBound])), let end = date(String(text[arrow.upperBound...])) else { return nil }
        return (start, end)
    }

    /// `Yes`/`No` (Markdown's checkboxes), also `true`/`false`.
    public static func bool(_ text: String) -> Bool? {
        switch text.trimmingCharacters(in: .whitespaces).lowercased() {
        case "yes", "true": return true
        case "no", "false": return false
        default: return nil
        }
    }

    static let currencySigns: [String] = ["US$", "CA$", "A$", "CHF", "EUR", "USD", "€", "$", "£", "¥", "₹", "₽", "₩", "R$", "kr", "zł", "%"]

    /// A number with at most one currency or percent sign before or after it: `12`, `-3.5`, `1,234.50`, `€12.50`,
    /// `12.50 €`, `45%`. Thousands separators (`,` in groups of three) are removed.
    public static func number(_ text: String) -> NotionNumber? {
        var s = text.trimmingCharacters(in: .whitespaces).replacingOccurrences(of: "\u{00A0}", with: " ")
        var unit: String?
        for sign in currencySigns {
            if s.hasPrefix(sign) {
                unit = sign
                s = String(s.dropFirst(sign.count)).trimmingCharacters(in: .whitespaces)
                break
            }
            if s.hasSuffix(sign) {
                unit = sign
                s = String(s.dropLast(sign.count)).trimmingCharacters(in: .whitespaces)
                break
            }
        }
        var negative = false
        if s.hasPrefix("-") || s.hasPrefix("−") {
            negative = true
            s.removeFirst()
        }
        guard !s.isEmpty else { return nil }
        let parts = s.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count <= 2 else { return nil }
        let whole = parts[0]
        let groups = whole.split(separator: ",", omittingEmptySubsequences: false)
        guard let first = groups.first, !first.isEmpty, first.allSatisfy(\.isASCIIDigit) else { return nil }
        if groups.count > 1 {
            guard first.count <= 3, groups.dropFirst().allSatisfy({ $0.count == 3 && $0.allSatisfy(\.isASCIIDigit) }) else { return nil }
        }
        var digits = groups.joined()
        // A leading zero is JSON only alone: `007` is an identifier, not a number.
        if digits.count > 1 && digits.hasPrefix("0") { return nil }
        if parts.count == 2 {
            guard !parts[1].isEmpty, parts[1].allSatisfy(\.isASCIIDigit) else { return nil }
            digits += "." + parts[1]
        }
        guard let number = JSONNumber(literal: (negative ? "-" : "") + digits) else { return nil }
        return NotionNumber(value: number, unit: unit)
    }

    /// An absolute `http`/`https`/`mailto` URL without spaces.
    public static func isURL(_ text: String) -> Bool {
        let lower = text.lowercased()
        guard lower.hasPrefix("http://") || lower.hasPrefix("https://") else { return false }
        guard !text.contains(where: { $0.isWhitespace }), let url = URL(string: text), url.host?.isEmpty == false else { return false }
        return true
    }

    /// `name@host.tld` without spaces (the shape, not deliverability).
    public static func isEmail(_ text: String) -> Bool {
        let parts = text.split(separator: "@", omittingEmptySubsequences: false)
        guard parts.count == 2, !parts[0].isEmpty, parts[1].contains("."), !parts[1].hasPrefix("."), !parts[1].hasSuffix(".") else { return false }
        return !text.contains(where: { $0.isWhitespace || $0 == "<" || $0 == ">" || $0 == "," })
    }

    /// The items of a comma-separated list as Markdown exports a multi-select (`a, b, c`).
    public static func list(_ text: String) -> [String] {
        text.components(separatedBy: ", ").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
    }

    // MARK: - Pieces

    private static func isoDate(_ s: Substring) -> NotionDate? {
        let bytes = Array(s.utf8)
        guard bytes.count >= 10, bytes[4] == UInt8(ascii: "-") || bytes[4] == UInt8(ascii: "/"), bytes[7] == bytes[4] else { return nil }
        func number(_ range: Range<Int>) -> Int? {
            guard bytes[range].allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }) else { return nil }
            return Int(String(decoding: bytes[range], as: UTF8.self))
        }
        guard let year = number(0..<4), let month = number(5..<7), let day = number(8..<10) else { return nil }
        var date = NotionDate(year: year, month: month, day: day)
        guard isValidDay(date) else { return nil }
        if bytes.count == 10 { return date }
        guard bytes.count == 16, bytes[10] == UInt8(ascii: "T") || bytes[10] == UInt8(ascii: " "), bytes[13] == UInt8(ascii: ":"),
              let hour = number(11..<13), let minute = number(14..<16), hour < 24, minute < 60 else { return nil }
        date.hour = hour
        date.minute = minute
        return date
    }

    /// `6:16` with `AM`/`PM`, or `18:16` without.
    private static func time(_ clock: Substring, meridiem: String?) -> (Int, Int)? {
        let parts = clock.split(separator: ":", omittingEmptySubsequences: false)
        guard parts.count == 2, parts[1].count == 2, let hour = Int(parts[0]), let minute = Int(parts[1]), minute < 60 else { return nil }
        switch meridiem?.uppercased() {
        case nil:
            return hour < 24 ? (hour, minute) : nil
        case "AM"?:
            guard (1...12).contains(hour) else { return nil }
            return (hour == 12 ? 0 : hour, minute)
        case "PM"?:
            guard (1...12).contains(hour) else { return nil }
            return (hour == 12 ? 12 : hour + 12, minute)
        default:
            return nil
        }
    }

    private static func isValidDay(_ date: NotionDate) -> Bool {
        guard (1...12).contains(date.month), date.day >= 1, (1000...9999).contains(date.year) else { return false }
        let leap = (date.year % 4 == 0 && date.year % 100 != 0) || date.year % 400 == 0
        let days = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][date.month - 1]
        return date.day <= days
    }
}

extension Character {
    var isASCIIDigit: Bool { asciiValue.map { $0 >= 0x30 && $0 <= 0x39 } ?? false }
}
