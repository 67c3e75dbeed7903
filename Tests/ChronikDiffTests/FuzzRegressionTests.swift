import ChronikDiff
import Foundation
import Testing

/// Inputs the fuzz targets (Sources/Fuzz, docs/fuzzing.md) found breaking an invariant, each also kept in the
/// target's seed corpus under Tests/FuzzCorpus.
@Suite("Fuzz regressions: patch writer")
struct PatchFuzzRegressionTests {
    static func patch(_ old: String, _ new: String) -> String {
        UnifiedPatch.render([PatchFile(oldPath: "x.md", newPath: "x.md", oldMode: 0o100644, newMode: 0o100644,
                                       old: Data(old.utf8), new: Data(new.utf8))])
    }

    /// unified-patch pair-05: a CR LF line ends in the Character "\r\n", so it was written as a line without a line
    /// break ("\ No newline at end of file" after every line), a patch git apply calls corrupt.
    @Test func crlfLinesKeepTheirLineBreaks() {
        #expect(Array(Self.patch("a\r\nb\r\n", "a\nb\n").utf8) == Array("""
            diff --git a/x.md b/x.md
            --- a/x.md
            +++ b/x.md
            @@ -1,2 +1,2 @@
            -a\r
            -b\r
            +a
            +b

            """.utf8))
    }

    /// unified-patch pair-04: lines were compared as Strings, by canonical equivalence, so a line whose only change
    /// was its Unicode normalisation (é as one scalar, then as e and a combining accent) was left out of the patch.
    @Test func aChangeOfNormalisationIsInThePatch() {
        #expect(Array(Self.patch("caf\u{E9} au lait\n", "cafe\u{301} au lait\n").utf8) == Array("""
            diff --git a/x.md b/x.md
            --- a/x.md
            +++ b/x.md
            @@ -1 +1 @@
            -caf\u{E9} au lait
            +cafe\u{301} au lait

            """.utf8))
    }
}
