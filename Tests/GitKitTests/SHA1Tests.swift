import ChronikStore
import CGitKitZlib
import Testing

/// GitKit's SHA-1 (`sha1.h`, issue 19): both of its compression functions — the plain one after FIPS 180-4 and the
/// one with the x86 SHA extensions, chosen at run time — against the standard's test vectors and against each other
/// on seeded blocks and states. On a CPU without the extensions only the plain one runs (there is nothing to compare it
/// with), and `IndexFileTests.hashesAsGitDoes` holds it to `git hash-object`.
@Suite struct SHA1Tests {
    private static func digest(_ bytes: [UInt8]) -> String {
        var context = chronik_sha1_context()
        chronik_sha1_init(&context)
        bytes.withUnsafeBytes { chronik_sha1_update(&context, $0.baseAddress, $0.count) }
        var out = [UInt8](repeating: 0, count: 20)
        out.withUnsafeMutableBufferPointer { chronik_sha1_final(&context, $0.baseAddress!) }
        return out.map { String(format: "%02x", $0) }.joined()
    }

    /// FIPS 180-4's examples (and the one-million "a" of FIPS 180-2), through whichever compression this CPU takes.
    @Test func standardVectors() {
        #expect(Self.digest(Array("abc".utf8)) == "a9993e364706816aba3e25717850c26c9cd0d89d")
        #expect(Self.digest([]) == "da39a3ee5e6b4b0d3255bfef95601890afd80709")
        #expect(Self.digest(Array("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq".utf8)) == "84983e441c3bd26ebaae4aa1f95129e5e54670f1")
        #expect(Self.digest([UInt8](repeating: UInt8(ascii: "a"), count: 1_000_000)) == "34aa973cd4c4daa4f61eeb2bdbad27316534016f")
    }

    /// The two compressions give the same state for the same block and state (2,000 seeded pairs), where the CPU has
    /// the extensions.
    @Test func extensionsCompressAsThePlainFunction() {
        guard chronik_sha1_extensions() == 1 else { return }
        var random = SplitMix64(seed: 180_4)
        for round in 0..<2_000 {
            let block = (0..<64).map { _ in UInt8(truncatingIfNeeded: random.next()) }
            let start = (0..<5).map { _ in UInt32(truncatingIfNeeded: random.next()) }
            var plain = start, extensions = start
            block.withUnsafeBufferPointer { b in
                plain.withUnsafeMutableBufferPointer { chronik_sha1_compress($0.baseAddress, b.baseAddress) }
                extensions.withUnsafeMutableBufferPointer { chronik_sha1_compress_extensions($0.baseAddress, b.baseAddress) }
            }
            #expect(plain == extensions, "round \(round)")
            if plain != extensions { return }
        }
    }
}
