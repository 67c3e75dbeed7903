import Foundation
import Testing
@testable import ChronikStore

/// `UTF8Validation.isValid` must accept exactly what `String(validating:as:)` accepts: the reader relies on it for
/// `invalidUTF8` (and then on `String(validating:)` to find the line).
@Suite("UTF-8 validation without a String")
struct UTF8ValidationTests {
    /// Both checks, the one `isValid` uses (the vector check of CChronikUTF8 where the processor has AVX2) and the
    /// scalar one, say what `String(validating:)` says.
    func agrees(_ bytes: [UInt8]) -> Bool {
        let expected = String(validating: bytes, as: UTF8.self) != nil
        return bytes.withUnsafeBufferPointer { UTF8Validation.isValid($0) == expected && UTF8Validation.isValidScalar($0) == expected }
    }

    @Test func everySequenceOfUpToTwoBytesAndEveryLeadWithItsContinuations() {
        #expect(agrees([]))
        for a in 0...255 {
            #expect(agrees([UInt8(a)]), "\(a)")
            for b in 0...255 {
                let pair = [UInt8(a), UInt8(b)]
                if !agrees(pair) { Issue.record("\(pair)") }
            }
        }
        // Three- and four-byte leads with every second byte and interesting later bytes (ASCII, the bounds of the
        // continuation range, a lead), also cut short and in the middle of ASCII runs.
        let later: [UInt8] = [0x00, 0x41, 0x7F, 0x80, 0x8F, 0x90, 0x9F, 0xA0, 0xBF, 0xC0, 0xC2, 0xE0, 0xF0, 0xFF]
        for lead in 0xE0...0xF7 {
            for second in 0...255 {
                for third in later {
                    let three = [UInt8(lead), UInt8(second), third]
                    if !agrees(three) { Issue.record("\(three)") }
                    for fourth in later {
                        let four = three + [fourth]
                        if !agrees(four) { Issue.record("\(four)") }
                        let padded = Array("abcdefgh".utf8) + four + Array("ijklmnopq".utf8)
                        if !agrees(padded) { Issue.record("\(padded)") }
                    }
                }
            }
        }
    }

    /// The ASCII skip reads 32 and 8 bytes at a time, the vector check 64 and 32: a sequence (valid or not) at
    /// every offset of ASCII runs of every length up to 140, followed by more ASCII or by nothing, so that it falls
    /// in each of the word and block loops, in the tail and across their boundaries.
    @Test func sequencesAtEveryOffsetOfAsciiRuns() {
        let sequences: [[UInt8]] = [
            [0xC3, 0xA4], [0xE2, 0x82, 0xAC], [0xF0, 0x9D, 0x94, 0x98], // ä, €, 𝔘
            [0xC3], [0xE2, 0x82], [0x80], [0xC0, 0x80], [0xED, 0xA0, 0x80], [0xF4, 0x90, 0x80, 0x80], [0xFF],
        ]
        for length in 0...140 {
            for at in 0...length {
                for sequence in sequences {
                    for after in [0, 1, 9, 33] {
                        var bytes = [UInt8](repeating: UInt8(ascii: "a"), count: length)
                        bytes.insert(contentsOf: sequence, at: at)
                        bytes += [UInt8](repeating: UInt8(ascii: "b"), count: after)
                        if !agrees(bytes) { Issue.record("length \(length), at \(at), after \(after): \(sequence)") }
                    }
                }
            }
        }
    }

    /// Longer texts (up to 600 bytes: several of the vector check's 64-byte steps, then its 32-byte block and its
    /// tail) with one or two bytes damaged anywhere, seeded.
    @Test func longTextWithDamage() {
        let seed: UInt64 = 0x5EED_0000_0000_0019
        var rng = SplitMix64(seed: seed)
        let pieces = ["Die Straße ", "über ", "ä", "€", "𝔘", "\n", "plain ascii text ", "\u{10FFFF}", "\u{D7FF}", "\u{E000}", "\u{7FF}", "\u{800}"]
        for index in 0..<4_000 {
            var bytes: [UInt8] = []
            while bytes.count < 600, Int.random(in: 0..<40, using: &rng) != 0 {
                bytes += Array(pieces[Int.random(in: 0..<pieces.count, using: &rng)].utf8)
            }
            for _ in 0..<Int.random(in: 0...2, using: &rng) where !bytes.isEmpty {
                let at = Int.random(in: 0..<bytes.count, using: &rng)
                switch Int.random(in: 0...3, using: &rng) {
                case 0: bytes[at] = UInt8.random(in: 0...255, using: &rng)
                case 1: bytes.remove(at: at)
                case 2: bytes.insert(UInt8.random(in: 0x80...0xFF, using: &rng), at: at)
                default: bytes.removeLast(Int.random(in: 0...min(3, bytes.count), using: &rng)) // cut short
                }
            }
            #expect(agrees(bytes), "seed \(seed), case \(index): \(bytes)")
        }
    }

    /// A file of many kilobytes (the vector check looks at its errors every 4 KiB) with a wrong byte early, late,
    /// at the very end, or none.
    @Test func largeFiles() {
        let text = Array(String(repeating: "Eine Zeile mit Umlauten: äöü ß € 𝔘.\n", count: 500).utf8)
        #expect(agrees(text))
        for at in [0, 100, 4_031, 4_032, 4_095, 4_096, 9_000, text.count - 1] {
            var damaged = text
            damaged[at] = 0xFF
            #expect(agrees(damaged), "at \(at)")
            var cut = text
            cut.append(0xE2)
            #expect(agrees(cut))
        }
    }

    @Test func randomTextWithDamage() {
        let seed: UInt64 = 0x5EED_0000_0000_0005
        var rng = SplitMix64(seed: seed)
        let pieces = ["a", "Straße ", "ä", "€", "𝔘", "👩‍👩‍👧", "\n", "---\n", "x: y\n", "\u{0}", "\u{FEFF}", "\u{10FFFF}", "\u{D7FF}", "\u{E000}"]
        for index in 0..<3_000 {
            var bytes: [UInt8] = []
            for _ in 0..<Int.random(in: 0...40, using: &rng) {
                bytes += Array(pieces[Int.random(in: 0..<pieces.count, using: &rng)].utf8)
            }
            // Damage: a random byte changed, dropped or inserted.
            if !bytes.isEmpty, Bool.random(using: &rng) {
                let at = Int.random(in: 0..<bytes.count, using: &rng)
                switch Int.random(in: 0...2, using: &rng) {
                case 0: bytes[at] = UInt8.random(in: 0...255, using: &rng)
                case 1: bytes.remove(at: at)
                default: bytes.insert(UInt8.random(in: 0x80...0xFF, using: &rng), at: at)
                }
            }
            #expect(agrees(bytes), "seed \(seed), case \(index): \(bytes)")
        }
    }
}
