import Testing
@testable import ChronikDiff

private func tokens(_ s: String) -> [String] { Tokenizer.tokenize(s).map { String($0.text) } }

@Test(arguments: [
    "Straße", "Größenverhältnisse", "Smart-City-Strategie", "Bürger:innen", "Bürger*innen", "Berliner_innen",
    "Bürger/innen", "1.000,50", "2022-03-01", "mein.berlin.de", "geht's", "https://www.berlin.de/sen/(x)",
    "partizipation@example.org", "README.md", "CO₂", "e\u{301}tude",
])
func singleTokens(_ text: String) {
    #expect(tokens(text) == [text])
}

@Test func whitespaceAndPunctuationAreSeparate() {
    #expect(tokens("Die Stadt,  die wächst.") == ["Die", " ", "Stadt", ",", "  ", "die", " ", "wächst", "."])
    #expect(tokens("Status:laufend") == ["Status", ":", "laufend"])
    #expect(tokens("(siehe https://x.de).") == ["(", "siehe", " ", "https://x.de", ")", "."])
    #expect(tokens("Ende -\r\nAnfang") == ["Ende", " ", "-", "\r\n", "Anfang"])
    #expect(tokens("**fett**") == ["*", "*", "fett", "*", "*"])
    #expect(tokens("👩🏽‍💻!") == ["👩🏽‍💻", "!"])
}

@Test func kinds() {
    let kinds = Tokenizer.tokenize("Die 1.000,50 € https://a.de").map(\.kind)
    #expect(kinds == [.word, .whitespace, .number, .whitespace, .punctuation, .whitespace, .url])
}

@Test func tokensConcatenateBack() {
    for seed in UInt64(1)...200 {
        var g = TextGenerator(seed: seed)
        let text = g.document()
        #expect(tokens(text).joined() == text, "seed \(seed)")
    }
}

@Test func interning() {
    var interner = TokenInterner()
    let ids = interner.intern(Tokenizer.tokenize("a b a"))
    #expect(ids == [0, 1, 2, 1, 0])
    #expect(interner.count == 3)
    #expect(interner.texts[2] == "b")
}
