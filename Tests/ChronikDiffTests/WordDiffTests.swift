import Testing
@testable import ChronikDiff

private func marked(_ segments: [WordSegment]) -> String {
    segments.map { s in
        switch s.operation {
        case .equal: return s.text
        case .delete: return "[-\(s.text)-]"
        case .insert: return "{+\(s.text)+}"
        }
    }.joined()
}

@Test func oneWordChange() {
    let old = "Die Folgen des Klimawandels treffen nicht alle gleich."
    let new = "Die Folgen der Klimakrise treffen nicht alle gleich."
    #expect(marked(WordDiff.diff(old, new)) == "Die Folgen [-des Klimawandels-]{+der Klimakrise+} treffen nicht alle gleich.")
}

@Test func noScatteredLettersOrLoneSpaces() {
    let segments = WordDiff.diff("Berlin wächst schnell", "Bremen schrumpft langsam")
    #expect(marked(segments) == "[-Berlin wächst schnell-]{+Bremen schrumpft langsam+}")
    // An unchanged word between two changes stays visible.
    #expect(marked(WordDiff.diff("rote Ampel grün", "blaue Ampel gelb")) == "[-rote-]{+blaue+} Ampel [-grün-]{+gelb+}")
}

@Test func insertionLandsOnWordBoundary() {
    let result = marked(WordDiff.diff("die Stadt wächst", "die Stadt Berlin wächst"))
    #expect(result == "die Stadt{+ Berlin+} wächst" || result == "die Stadt {+Berlin +}wächst")
}

@Test func segmentsRebuildBothTexts() {
    for seed in UInt64(1)...300 {
        var g = TextGenerator(seed: seed)
        let a = g.document(), b = g.mutate(a)
        let segments = WordDiff.diff(a, b)
        #expect(segments.oldText == a && segments.newText == b, "seed \(seed)")
        #expect(!WordDiff.diff(a, a).hasChanges, "seed \(seed)")
    }
}

@Test func cleanupMergeFactorsCommonEnds() {
    var segments = [
        TokenSegment(operation: .equal, tokens: [1]),
        TokenSegment(operation: .delete, tokens: [2, 3, 4]),
        TokenSegment(operation: .insert, tokens: [2, 5, 4]),
        TokenSegment(operation: .equal, tokens: [6]),
    ]
    SemanticCleanup.merge(&segments)
    #expect(segments == [
        TokenSegment(operation: .equal, tokens: [1, 2]),
        TokenSegment(operation: .delete, tokens: [3]),
        TokenSegment(operation: .insert, tokens: [5]),
        TokenSegment(operation: .equal, tokens: [4, 6]),
    ])
}
