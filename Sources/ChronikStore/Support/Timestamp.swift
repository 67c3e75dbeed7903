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
        let sign = offsetMinutes < 0 ? "-" : "+"
        let o = abs(offsetMinutes)
        let zone = offsetMinutes == 0 ? "Z" : String(format: "%@%02d:%02d", sign, o / 60, o % 60)
        return String(format: "%04d-%02d-%02dT%02d:%02d:%02d", local.year ?? 0, local.month ?? 0, local.day ?? 0,
                      local.hour ?? 0, local.minute ?? 0, local.second ?? 0) + zone
    }

    /// The calendar day in the recorded offset, `YYYY-MM-DD`.
    public var day: String {
        let local = localComponents
        return String(format: "%04d-%02d-%02d", local.year ?? 0, local.month ?? 0, local.day ?? 0)
    }

    private var localComponents: DateComponents {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(secondsFromGMT: offsetMinutes * 60) ?? TimeZone(secondsFromGMT: 0)!
        return calendar.dateComponents([.year, .month, .day, .hour, .minute, .second], from: date)
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
