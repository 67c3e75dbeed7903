import ChronikDiff
import FuzzSupport

/// Fuzz target of the word diff and the prose diff built on it: the input is an old and a new text, cut at the first
/// NUL byte (without one, the text is compared with itself reversed by lines).
///
/// For every setting (default; no semantic clean-up; a small cost limit): the equal and deleted segments
/// concatenate to the old text and the equal and inserted ones to the new text; a text compared with itself has no
/// change. The prose diff's edits, applied to the old body, give the new body. "The same text" is String equality,
/// canonical equivalence, as the word diff compares tokens: a text changed only in its Unicode normalisation (é as
/// one scalar or as e and a combining accent) has no word change, by design.
public enum WordDiffFuzz {
    public static func check(_ input: [UInt8]) throws(FuzzFailure) {
        let (first, second) = splitAtNUL(input)
        let old = String(decoding: first, as: UTF8.self)
        let new = second.map { String(decoding: $0, as: UTF8.self) }
            ?? old.split(separator: "\n", omittingEmptySubsequences: false).reversed().joined(separator: "\n")
        let settings = [WordDiffOptions(), WordDiffOptions(semanticCleanup: false), WordDiffOptions(costLimit: 4)]
        for options in settings {
            let segments = WordDiff.diff(old, new, options: options)
            try require(segments.oldText == old,
                        "\(options): the old side of the segments is \(debug(segments.oldText)), not \(debug(old))")
            try require(segments.newText == new,
                        "\(options): the new side of the segments is \(debug(segments.newText)), not \(debug(new))")
            try require(!segments.contains { $0.text.isEmpty }, "\(options): an empty segment")
            try require(!WordDiff.diff(old, old, options: options).hasChanges, "\(options): a text differs from itself")
        }
        let prose = ProseDiffer.diff(old, new)
        do {
            let applied = try prose.apply(to: old)
            try require(applied == new, "the prose diff applied gives \(debug(applied)), not \(debug(new))")
        } catch let error as ProseDiffError {
            throw FuzzFailure("the prose diff does not apply to its old side: \(error)")
        } catch let failure as FuzzFailure {
            throw failure
        } catch {
            throw FuzzFailure("unexpected error \(error)")
        }
        try require(ProseDiffer.diff(old, old).isEmpty, "a body differs from itself")
    }

    static func debug(_ text: String) -> String { String(reflecting: text) + " \(Array(text.utf8))" }
}

/// The libFuzzer callback (see scripts/fuzz.sh).
public func fuzzWordDiff(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    runFuzzInput(data, size, WordDiffFuzz.check)
}
