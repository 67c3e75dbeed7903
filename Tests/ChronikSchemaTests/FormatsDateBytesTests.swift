import ChronikStore
import Foundation
import Testing
@testable import ChronikSchema

/// The `date` format read from a value's UTF-8 bytes (`Formats.isDateBytes`) answers as `Formats.isDate` of its
/// scalars, the reference, on seeded dates near and far from valid ones, with characters above ASCII among them.
@Suite("Formats: dates read from their bytes")
struct FormatsDateBytesTests {
    static let characters: [String] = ["0", "1", "2", "9", "-", "a", "T", " ", "é", "\u{0661}", "\u{FF10}", "😀", "e\u{301}"]

    @Test(arguments: [UInt64(1), 2, 19]) func bytesAnswerAsScalars(seed: UInt64) {
        var random = SplitMix64(seed: seed)
        var texts: [String] = ["2024-02-29", "2023-02-29", "1900-02-29", "2000-02-29", "2024-04-31", "2024-12-31", "2024-13-01",
                               "2024-00-10", "2024-01-00", "0000-01-01", "9999-12-31", "2024-1-01", "2024/01/01", "", "2024-01-011"]
        for _ in 0..<3_000 {
            let year = Int.random(in: 0...9999, using: &random), month = Int.random(in: 0...13, using: &random)
            let day = Int.random(in: 0...32, using: &random)
            var text = String(format: "%04d-%02d-%02d", year, month, day)
            // Some changed: a character replaced, inserted or removed.
            for _ in 0..<Int.random(in: 0...2, using: &random) where !text.isEmpty {
                var scalars = Array(text)
                let at = Int.random(in: 0..<scalars.count, using: &random)
                let new = Character(Self.characters.randomElement(using: &random)!)
                switch Int.random(in: 0..<3, using: &random) {
                case 0: scalars[at] = new
                case 1: scalars.insert(new, at: at)
                default: scalars.remove(at: at)
                }
                text = String(scalars)
            }
            texts.append(text)
        }
        for _ in 0..<1_000 {
            texts.append((0..<Int.random(in: 8...12, using: &random)).map { _ in Self.characters.randomElement(using: &random)! }.joined())
        }
        var valid = 0
        for text in texts {
            let reference = Formats.isDate(Array(text.unicodeScalars)[...])
            #expect(Formats.isDateBytes(text) == reference, "\(text)")
            #expect(Formats.check("date", text) == reference, "\(text)")
            if reference { valid += 1 }
        }
        #expect(valid > 500) // the valid ones are a good part, so both answers are tried
    }
}
