import Foundation
import Testing
@testable import ChronikStore

@Suite("merge conflict markers")
struct ConflictMarkerTests {
    /// The memchr scan over contiguous bytes finds what the byte-by-byte reference finds, on random texts made of
    /// marker-like pieces.
    @Test("contiguous scan equals the byte loop", arguments: [UInt64(1), 2, 19, 2026])
    func contiguousScanEqualsByteLoop(seed: UInt64) {
        var rng = SplitMix64(seed: seed)
        let pieces = ["<<<<<<<", "<<<<<<< HEAD", "=======", ">>>>>>> b", "<<<<<<", "======", ">>>>>>", "<<<<<<=", "\n", "\n", "\n",
                      "Text", " <<<<<<<", "\r\n", "---", "ä", "=======\r", "<", "=", ">"]
        var conflicts = 0
        for index in 0..<2_000 {
            var text = ""
            for _ in 0..<Int.random(in: 0...14, using: &rng) { text += pieces[Int.random(in: 0..<pieces.count, using: &rng)] }
            let bytes = Array(text.utf8)
            let expected = ConflictMarkers.lineByByte(in: bytes)
            if expected != nil { conflicts += 1 }
            #expect(ConflictMarkers.line(in: bytes) == expected, "seed \(seed), case \(index): \(text.debugDescription)")
            #expect(ConflictMarkers.line(in: Data(bytes)) == expected, "seed \(seed), case \(index)")
            #expect(ConflictMarkers.line(in: bytes[...]) == expected, "seed \(seed), case \(index)")
        }
        #expect(conflicts > 50, "seed \(seed): only \(conflicts) conflicts generated")
    }
}
