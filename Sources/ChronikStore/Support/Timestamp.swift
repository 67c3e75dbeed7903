import Foundation

/// A moment with the time zone offset it was recorded in, as Git keeps it; encodes as ISO 8601 (`2022-03-01T10:00:00+01:00`).
public struct Timestamp: Sendable, Hashable, Codable, CustomStringConvertible {
    public var date: Date
    public var offsetMinutes: Int

    public init(date: Date, offsetMinutes: Int) {
        self.date = date
        self.offsetMinutes = offsetMinutes
    }

    /// Parses `YYYY-MM-DD`, `YYYY-MM-DDTHH:MM[:SS]` with `Z` or `±HH:MM`/`±HHMM` (no zone means UTC).
    public init?(iso8601 text: String) {
        let scalars = Array(text.utf8)
        func number(_ from: Int, _ count: Int) -> Int? {
            guard from + count <= scalars.count else { return nil }
            var n = 0
            for c in scalars[from..<(from + count)] {
                guard c >= 48 && c <= 57 else { return nil }
                n = n * 10 + Int(c - 48)
            }
            return n
        }
        guard let year = number(0, 4), scalars.count >= 10, scalars[4] == 45, let month = number(5, 2), scalars[7] == 45,
              let day = number(8, 2) else { return nil }
        var hour = 0, minute = 0, second = 0, offset = 0
        var i = 10
        if i < scalars.count {
            guard scalars[i] == UInt8(ascii: "T") || scalars[i] == UInt8(ascii: " "), let h = number(i + 1, 2),
                  i + 3 < scalars.count, scalars[i + 3] == 58, let m = number(i + 4, 2) else { return nil }
            hour = h; minute = m; i += 6
            if i < scalars.count, scalars[i] == 58 {
                guard let s = number(i + 1, 2) else { return nil }
                second = s; i += 3
                if i < scalars.count, scalars[i] == UInt8(ascii: ".") {
                    i += 1
                    while i < scalars.count, scalars[i] >= 48 && scalars[i] <= 57 { i += 1 }
                }
            }
            if i < scalars.count {
                if scalars[i] == UInt8(ascii: "Z") {
                    i += 1
                } else if scalars[i] == UInt8(ascii: "+") || scalars[i] == UInt8(ascii: "-") {
                    let sign = scalars[i] == UInt8(ascii: "-") ? -1 : 1
                    guard let oh = number(i + 1, 2) else { return nil }
                    var om = 0
                    if i + 3 < scalars.count, scalars[i + 3] == 58 {
                        guard let m = number(i + 4, 2) else { return nil }
                        om = m; i += 6
                    } else if let m = number(i + 3, 2) {
                        om = m; i += 5
                    } else {
                        i += 3
                    }
                    guard oh <= 14, om < 60 else { return nil }
                    offset = sign * (oh * 60 + om)
                } else {
                    return nil
                }
            }
            guard i == scalars.count else { return nil }
        }
        guard (1...12).contains(month), (1...31).contains(day), hour < 24, minute < 60, second < 61 else { return nil }
        if year >= Self.gregorianFrom {
            // Plain arithmetic (the Gregorian calendar, as Foundation's from 1583 on): no Calendar, no time zone.
            guard day <= Self.daysInMonth(year: year, month: month) else { return nil }
            let seconds = Self.days(year: year, month: month, day: day) * 86_400 + hour * 3_600 + minute * 60 + second
            self.date = Date(timeIntervalSince1970: TimeInterval(seconds - offset * 60))
            self.offsetMinutes = offset
            return
        }
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(secondsFromGMT: 0)!
        let components = DateComponents(year: year, month: month, day: day, hour: hour, minute: minute, second: second)
        guard calendar.date(from: components) != nil,
              // Reject 2022-02-30 and the like, which Calendar would roll over.
              let check = calendar.date(from: DateComponents(year: year, month: month, day: day)),
              calendar.component(.day, from: check) == day,
              let utc = calendar.date(from: components) else { return nil }
        self.date = utc.addingTimeInterval(TimeInterval(-offset * 60))
        self.offsetMinutes = offset
    }

    /// ISO 8601 in the recorded offset, e.g. `2022-03-01T10:00:00+01:00`.
    public var iso8601: String {
        let local = localComponents
        var out = Self.dayText(local.year, local.month, local.day)
        out.append("T")
        Self.append(local.hour, digits: 2, to: &out)
        out.append(":")
        Self.append(local.minute, digits: 2, to: &out)
        out.append(":")
        Self.append(local.second, digits: 2, to: &out)
        if offsetMinutes == 0 {
            out.append("Z")
        } else {
            out.append(offsetMinutes < 0 ? "-" : "+")
            Self.append(abs(offsetMinutes) / 60, digits: 2, to: &out)
            out.append(":")
            Self.append(abs(offsetMinutes) % 60, digits: 2, to: &out)
        }
        return out
    }

    /// The calendar day in the recorded offset, `YYYY-MM-DD`.
    public var day: String {
        let local = localComponents
        return Self.dayText(local.year, local.month, local.day)
    }

    /// Year, month, day, hour, minute and second in the recorded offset. Every changelog entry and log line shows
    /// one, so it is plain arithmetic (Howard Hinnant's civil-from-days), not `Calendar`, which took a tenth of a
    /// warm changelog; before 1583, where Foundation's Gregorian calendar is Julian, it is `Calendar`'s answer.
    private var localComponents: (year: Int, month: Int, day: Int, hour: Int, minute: Int, second: Int) {
        let interval = date.timeIntervalSince1970.rounded(.down) + TimeInterval(offsetMinutes * 60)
        if interval.isFinite, abs(interval) < 1e15 {
            let seconds = Int(interval)
            let days = seconds >= 0 ? seconds / 86_400 : -((-seconds + 86_399) / 86_400)
            let (year, month, day) = Self.civil(days: days)
            if year >= Self.gregorianFrom, year <= 9_999 {
                let rest = seconds - days * 86_400
                return (year, month, day, rest / 3_600, rest / 60 % 60, rest % 60)
            }
        }
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(secondsFromGMT: offsetMinutes * 60) ?? TimeZone(secondsFromGMT: 0)!
        let c = calendar.dateComponents([.year, .month, .day, .hour, .minute, .second], from: date)
        return (c.year ?? 0, c.month ?? 0, c.day ?? 0, c.hour ?? 0, c.minute ?? 0, c.second ?? 0)
    }

    /// The first year in which Foundation's Gregorian calendar is Gregorian throughout (it switches from the Julian
    /// calendar in October 1582).
    static let gregorianFrom = 1_583

    /// Days from 1970-01-01 to a Gregorian date (Howard Hinnant, "chrono-compatible low-level date algorithms").
    static func days(year: Int, month: Int, day: Int) -> Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let doy = (153 * ((month + 9) % 12) + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146_097 + doe - 719_468
    }

    /// The Gregorian date `days` after 1970-01-01 (the inverse of `days(year:month:day:)`), without Foundation.
    public static func civil(days: Int) -> (year: Int, month: Int, day: Int) {
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1_460 + doe / 36_524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let day = doy - (153 * mp + 2) / 5 + 1
        let month = mp < 10 ? mp + 3 : mp - 9
        return (yoe + era * 400 + (month <= 2 ? 1 : 0), month, day)
    }

    static func daysInMonth(year: Int, month: Int) -> Int {
        switch month {
        case 2: return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }

    private static func dayText(_ year: Int, _ month: Int, _ day: Int) -> String {
        var out = ""
        out.reserveCapacity(25)
        append(year, digits: 4, to: &out)
        out.append("-")
        append(month, digits: 2, to: &out)
        out.append("-")
        append(day, digits: 2, to: &out)
        return out
    }

    /// `value` in decimal, zero-padded to `digits` (as `%0Nd`: a minus sign first, longer numbers in full).
    private static func append(_ value: Int, digits: Int, to out: inout String) {
        let width = value < 0 ? digits - 1 : digits
        if value < 0 { out.append("-") }
        let text = String(value.magnitude)
        if text.utf8.count < width { out.append(String(repeating: "0", count: width - text.utf8.count)) }
        out.append(text)
    }

    public var description: String { iso8601 }

    public init(from decoder: Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        guard let parsed = Timestamp(iso8601: text) else {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: "not an ISO 8601 date: \(text)"))
        }
        self = parsed
    }

    public func encode(to encoder: Encoder) throws {
        var c = encoder.singleValueContainer()
        try c.encode(iso8601)
    }
}
