@testable import ChronikSchema
import ChronikStore
import Foundation
import Testing

/// `ReferenceCache.vouches(forSchemas:file:)`, the commit's read of the cache (the header, the checksum and the
/// `s:` lines, not the records), against the cache read in full, on files with and without the set, damaged ones
/// too.
@Suite("A commit reads the schemas' vouch without the cache's records")
struct SchemaVouchTests {
    @Test func quickReadAgreesWithTheFullRead() throws {
        let file = try temporaryCacheFile()
        #expect(!ReferenceCache.vouches(forSchemas: "0123456789abcdef", file: file), "no file")
        var cache = ReferenceCache(file: file)
        for n in 0..<200 {
            cache.store(EntrySummary(references: [["e\(n)", "s:0123456789abcdef"]], unique: ["s:0123456789abcdef"]),
                        valid: n % 3 != 0, blob: "b\(n)", fingerprint: "f1")
        }
        cache.vouch(forSchemas: "0123456789abcdef")
        cache.vouch(forSchemas: "fedcba9876543210")
        cache.save(blobs: nil, files: nil, fingerprints: [])
        func full(_ key: String) -> Bool {
            var read = ReferenceCache(file: file)
            return read.vouches(forSchemas: key)
        }
        // Keys there and not; a prefix of a key there, and the text of a record's value, are not a key.
        for key in ["0123456789abcdef", "fedcba9876543210", "0123456789abcde", "0123456789abcdef0", "1111111111111111", "e1", ""] {
            #expect(ReferenceCache.vouches(forSchemas: key, file: file) == full(key), "\(key)")
        }
        #expect(ReferenceCache.vouches(forSchemas: "0123456789abcdef", file: file))
        #expect(!ReferenceCache.vouches(forSchemas: "1111111111111111", file: file))

        // Damaged: cut anywhere, or one byte changed anywhere: never a vouch the full read would not give.
        let good = try Data(contentsOf: file)
        var random = SplitMix64(seed: 7)
        var cuts = (0..<60).map { _ in random.index(good.count) }
        cuts += [0, 1, good.count - 1]
        for cut in cuts {
            try good.prefix(cut).write(to: file)
            #expect(!ReferenceCache.vouches(forSchemas: "0123456789abcdef", file: file), "cut at \(cut)")
            #expect(!full("0123456789abcdef"), "cut at \(cut)")
        }
        for _ in 0..<60 {
            var flipped = good
            let at = random.index(good.count)
            flipped[at] ^= 0x01
            try flipped.write(to: file)
            #expect(!ReferenceCache.vouches(forSchemas: "0123456789abcdef", file: file), "byte \(at) changed")
        }
    }
}
