import ChronikStore
import Testing
@testable import ChronikPublish

/// `SiteFingerprint.add(raw:)` in one pass (inc15k) against the two sums made separately as before (`Checksum.of` and
/// the mix over words): the same fingerprints, so a site published before is not rendered again.
struct SiteFingerprintTests {
    @Test(arguments: [1, 77, 2026] as [UInt64])
    func onePassIsTheTwoSums(seed: UInt64) {
        var random = SplitMix64(seed: seed)
        for round in 0..<400 {
            var fast = SiteFingerprint(words: random.next(), bytes: random.next())
            if round % 5 == 0 { fast = SiteFingerprint() }
            var reference = fast
            // A run of parts of every length around the word size, as a fingerprint adds them.
            for _ in 0..<Int(random.next() % 12) {
                let count = Int(random.next() % 41)
                let bytes = (0..<count).map { _ in UInt8(truncatingIfNeeded: random.next()) }
                bytes.withUnsafeBytes { raw in
                    reference = reference.reference(adding: raw)
                    fast.add(raw: raw)
                }
                #expect(fast == reference, "seed \(seed), round \(round), \(count) bytes")
            }
        }
    }

    @Test func partsOfTheKnownKinds() {
        var fast = SiteFingerprint()
        var reference = SiteFingerprint()
        func both(_ bytes: [UInt8]) {
            bytes.withUnsafeBytes { raw in
                reference = reference.reference(adding: raw)
                fast.add(raw: raw)
            }
        }
        for n in [0, 1, -1, Int.max, Int.min, 255, 1 << 40] {
            both(withUnsafeBytes(of: n.littleEndian) { Array($0) })
        }
        for text in ["", "a", "glossary", "arbeitbericht-2300", "Äpfel und Birnen, 🍎", String(repeating: "x", count: 1000)] {
            both(Array(text.utf8))
        }
        #expect(fast == reference)
        #expect(fast != SiteFingerprint())
    }
}
