import Foundation
import Testing
@testable import ChronikStore

@Suite("ISO 8601 timestamps")
struct TimestampTests {
    @Test(arguments: [
        ("2022-03-01T10:00:00+01:00", "2022-03-01T10:00:00+01:00", 1_646_125_200.0),
        ("2022-03-01T09:00:00Z", "2022-03-01T09:00:00Z", 1_646_125_200.0),
        ("2022-03-01 10:00+0100", "2022-03-01T10:00:00+01:00", 1_646_125_200.0),
        ("2022-03-01", "2022-03-01T00:00:00Z", 1_646_092_800.0),
        ("2022-06-16T10:00:00.250-02:30", "2022-06-16T10:00:00-02:30", 1_655_382_600.0),
    ])
    func parsesAndKeepsTheOffset(text: String, iso: String, seconds: Double) throws {
        let t = try #require(Timestamp(iso8601: text))
        #expect(t.iso8601 == iso)
        #expect(t.date.timeIntervalSince1970 == seconds)
    }

    @Test(arguments: ["2022-02-30", "2022-13-01", "2022-3-1", "heute", "2022-03-01T25:00", "2022-03-01T10:00:00+15:00", "2022-03-01Tx", "2022-03-01T10:00:00+01:00junk"])
    func rejects(text: String) {
        #expect(Timestamp(iso8601: text) == nil)
    }

    @Test func dayIsInTheRecordedOffset() throws {
        let t = try #require(Timestamp(iso8601: "2022-03-01T00:30:00+01:00"))
        #expect(t.day == "2022-03-01")
    }

    /// The oracle: Foundation's Gregorian calendar, as `Timestamp` used it before it did the arithmetic itself.
    private static func calendarText(_ date: Date, offsetMinutes: Int) -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(secondsFromGMT: offsetMinutes * 60)!
        let c = calendar.dateComponents([.year, .month, .day, .hour, .minute, .second], from: date)
        let o = abs(offsetMinutes)
        let zone = offsetMinutes == 0 ? "Z" : String(format: "%@%02d:%02d", offsetMinutes < 0 ? "-" : "+", o / 60, o % 60)
        return String(format: "%04d-%02d-%02dT%02d:%02d:%02d", c.year!, c.month!, c.day!, c.hour!, c.minute!, c.second!) + zone
    }

    @Test func formatsAsTheGregorianCalendarDoesAndParsesBack() throws {
        var random = SplitMix64(seed: 1_583)
        // 1583-01-01 to 9999-12-31, seconds; offsets up to 14 hours either way, in minutes.
        let first: Int64 = -12_219_292_800, last: Int64 = 253_402_300_799
        for round in 0..<5_000 {
            let seconds = first + Int64(random.next() % UInt64(last - first))
            let offset = Int(random.next() % (28 * 60 + 1)) - 14 * 60
            let date = Date(timeIntervalSince1970: TimeInterval(seconds))
            let t = Timestamp(date: date, offsetMinutes: offset)
            let expected = Self.calendarText(date, offsetMinutes: offset)
            #expect(t.iso8601 == expected, "seed 1583, round \(round): \(seconds) s, offset \(offset)")
            #expect(t.day == String(expected.prefix(10)), "seed 1583, round \(round)")
            let back = try #require(Timestamp(iso8601: t.iso8601), "seed 1583, round \(round): \(t.iso8601)")
            #expect(back == t, "seed 1583, round \(round): \(t.iso8601)")
        }
    }

    @Test func acceptsExactlyTheDaysTheCalendarHas() {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(secondsFromGMT: 0)!
        for year in [1600, 1700, 1900, 2000, 2023, 2024, 2100, 2400, 9999] {
            for month in 1...12 {
                for day in 28...31 {
                    let text = String(format: "%04d-%02d-%02d", year, month, day)
                    let date = calendar.date(from: DateComponents(year: year, month: month, day: day))
                    let real = date.map { calendar.component(.day, from: $0) == day } ?? false
                    #expect((Timestamp(iso8601: text) != nil) == real, "\(text)")
                    if real, let date { #expect(Timestamp(iso8601: text)?.date == date, "\(text)") }
                }
            }
        }
    }

    @Test func beforeTheGregorianCalendarItIsFoundationsAnswer() throws {
        // Foundation's calendar is Julian before 15 October 1582; the arithmetic is left to it there.
        let t = try #require(Timestamp(iso8601: "1500-03-01T12:00:00Z"))
        #expect(t.iso8601 == "1500-03-01T12:00:00Z")
        #expect(t.iso8601 == Self.calendarText(t.date, offsetMinutes: 0))
    }
}

