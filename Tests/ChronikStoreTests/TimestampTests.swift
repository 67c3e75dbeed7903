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
}
