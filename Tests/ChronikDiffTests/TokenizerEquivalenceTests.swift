import Testing
@testable import ChronikDiff

// The fast tokenizer (tables for ASCII and Latin-1, standard library for the rest) must give exactly the tokens of
// the reference tokenizer, byte for byte and kind for kind, on any text.

/// Pieces chosen to hit every rule and every path of the fast tokenizer: ASCII next to non-ASCII, grapheme clusters
/// that start with ASCII, CR LF, canonical equivalents of the punctuation the rules name, URL prefixes in any case,
/// gender suffixes, numbers with separators.
private let pieces: [String] = [
    "a", "Z", "x", "7", "0", " ", "  ", "\t", "\n", "\r", "\r\n", "\n\n", "\u{A0}", "\u{2003}", "\u{200B}",
    "ä", "Ö", "ß", "é", "ÿ", "×", "÷", "ª", "µ", "²", "¼", "À", "\u{AD}", "\u{85}",
    "e\u{301}", "a\u{308}", "\u{301}", "\u{308}", "n\u{303}\u{323}", "1\u{20E3}",
    "-", "\u{2010}", "\u{2011}", "@", ".", ",", "'", "\u{2019}", ":", "*", "_", "/", "<", ">", "\"", "`", "(", ")",
    "[", "]", ";", "!", "?", "#", "|", "–", "„", "“",
    "\u{37E}", "\u{1FEF}", "\u{212A}", "\u{2126}", "\u{130}", "\u{131}", "ǅ", "ﬁ", "Ⅻ", "٣", "\u{600}", "\u{600}1",
    "🇩🇪", "🇩", "🇪", "👩🏽‍💻", "a\u{200D}b", "\u{1100}\u{1161}", "\u{1100}", "\u{1161}", "日本", "שלום",
    "https://", "HTTP://", "hTtPs://", "mailto:", "MAILTO:", "www.", "WWW.", "ｗｗｗ.", "http:/", "wWw.x",
    ":innen", ":in", "*Innen", "_IN", "/in", ":innenx", ":inne", ":i\u{308}nnen", "innen", "in",
    "1.000,50", "2022-03-01", "3,", ",5", "Bürger:innen", "geht's", "z.B.", "a_(b)", "x)", "y]",
]

private func randomText(_ rng: inout SplitMix64) -> String {
    var text = ""
    for _ in 0..<Int.random(in: 0...40, using: &rng) {
        text += pieces[Int.random(in: 0..<pieces.count, using: &rng)]
    }
    return text
}

private func described(_ tokens: [Token]) -> [String] {
    tokens.map { "\($0.kind.rawValue):\(Array($0.text.utf8))" }
}

@Test func fastTokenizerMatchesReference() {
    for seed in UInt64(1)...3_000 {
        var rng = SplitMix64(seed: seed)
        let text = randomText(&rng)
        let fast = Tokenizer.tokenize(text), reference = ReferenceTokenizer.tokenize(text[...])
        #expect(described(fast) == described(reference), "seed \(seed): \(Array(text.unicodeScalars))")
        #expect(Tokenizer.wordCount(text) == reference.filter(\.kind.isWord).count, "seed \(seed)")
    }
}

@Test func fastTokenizerMatchesReferenceOnSubstrings() {
    for seed in UInt64(1)...1_000 {
        var rng = SplitMix64(seed: seed)
        let text = randomText(&rng) + randomText(&rng) + randomText(&rng)
        let characters = text.count
        let from = Int.random(in: 0...characters, using: &rng), to = Int.random(in: from...characters, using: &rng)
        let slice = text[text.index(text.startIndex, offsetBy: from)..<text.index(text.startIndex, offsetBy: to)]
        #expect(described(Tokenizer.tokenize(slice)) == described(ReferenceTokenizer.tokenize(slice)), "seed \(seed)")
    }
}

@Test func fastTokenizerMatchesReferenceOnGermanDocuments() {
    for seed in UInt64(1)...300 {
        var generator = TextGenerator(seed: seed)
        let text = generator.document()
        #expect(described(Tokenizer.tokenize(text)) == described(ReferenceTokenizer.tokenize(text[...])), "seed \(seed)")
    }
}

@Test func canonicalEquivalentsOfNamedPunctuationFollowTheRules() {
    // U+037E GREEK QUESTION MARK is canonically ";", trimmed from the end of a URL like ";".
    let tokens = Tokenizer.tokenize("siehe https://example.org/a\u{37E} und")
    #expect(tokens.map(\.kind) == ReferenceTokenizer.tokenize("siehe https://example.org/a\u{37E} und"[...]).map(\.kind))
    #expect(tokens[2].text == "https://example.org/a")
}
