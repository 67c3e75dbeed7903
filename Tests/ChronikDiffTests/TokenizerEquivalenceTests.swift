import ChronikStore
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

// Byte-wise keys: only for texts where byte equality is canonical equivalence.

@Test func normalizationStabilityAcceptsGermanTypographyOnly() {
    #expect(NormalizationStability.isStable("Bürger:innen „Straße“ – 1.000 € … ’"))
    #expect(NormalizationStability.isStable(""))
    #expect(!NormalizationStability.isStable("Cafe\u{301}"))      // combining mark
    #expect(!NormalizationStability.isStable("\u{37E}"))          // canonically ";"
    #expect(!NormalizationStability.isStable("\u{2126}"))         // OHM SIGN, canonically Ω
    #expect(!NormalizationStability.isStable("\u{2000}"))         // EN QUAD, canonically EN SPACE
    #expect(!NormalizationStability.isStable("日本"))
}

@Test func byteKeysAgreeWithStringEqualityOnStableTexts() {
    let stablePieces = ["a", "ä", "ß", "é", "„", "“", "–", "€", "\u{2019}", " ", "\n", "\u{A0}", "ǅ", "ʼ"]
    for seed in UInt64(1)...2_000 {
        var rng = SplitMix64(seed: seed)
        func text() -> Substring {
            var s = ""
            for _ in 0..<Int.random(in: 0...3, using: &rng) { s += stablePieces[Int.random(in: 0..<stablePieces.count, using: &rng)] }
            return s[...]
        }
        let x = text(), y = text()
        #expect(NormalizationStability.isStable(x) && NormalizationStability.isStable(y))
        let bytes = TextKey(text: x, bytewise: true), other = TextKey(text: y, bytewise: true)
        #expect((bytes == other) == (x == y), "seed \(seed)")
        if x == y { #expect(bytes.hashValue == other.hashValue) }
    }
}

@Test func canonicallyEquivalentBlocksStillMatch() {
    // NFC against NFD: not stable, so blocks and tokens are still compared as Strings.
    let old = "Das Café ist offen.\n\nZweiter Absatz.\n", new = "Neuer Absatz.\n\nDas Cafe\u{301} ist offen.\n\nZweiter Absatz.\n"
    let diff = ProseDiffer.diff(old, new)
    #expect(diff.blocks.map(\.kind) == [.inserted])
    #expect(diff.summary.wordsAdded == 2)
}

@Test func addedAndRemovedBodiesAreAllInsertedOrDeleted() {
    let body = "# Titel\n\nErster Absatz mit fünf Wörtern.\n\n- Punkt eins\n- Punkt zwei\n"
    let added = ProseDiffer.diff("", body), removed = ProseDiffer.diff(body, "")
    #expect(added.blocks.map(\.kind) == [.inserted, .inserted, .inserted, .inserted])
    #expect(added.summary.wordsAdded == 10 && added.summary.blocksAdded == 4)
    #expect(removed.blocks.map(\.kind) == [.deleted, .deleted, .deleted, .deleted])
    #expect(removed.summary.wordsRemoved == 10)
    #expect((try? added.apply(to: "")) == body)
    #expect((try? removed.apply(to: body)) == "")
}

/// `intern(tokensOf:)` (tokens interned as they are found, byte-wise through the interner's own table) gives the
/// ids, texts and kinds that interning `Tokenizer.tokenize` gives, and byte-wise ids are equal exactly when the
/// texts are: on random texts of every kind for the String interner, and on stable German texts for both.
@Test func interningWhileTokenizingMatchesInterningTokens() {
    func check(_ texts: [Substring], bytewise: Bool, _ label: String) {
        var direct = TokenInterner(bytewise: bytewise), viaTokens = TokenInterner(bytewise: bytewise)
        var all: [Token] = []
        for text in texts {
            let tokens = Tokenizer.tokenize(text)
            all += tokens
            #expect(direct.intern(tokensOf: text) == viaTokens.intern(tokens), "\(label)")
        }
        #expect(direct.texts.map { Array($0.utf8) } == viaTokens.texts.map { Array($0.utf8) }, "\(label)")
        #expect(direct.kinds == viaTokens.kinds, "\(label)")
        // The oracle: equal ids exactly for equal texts (as Strings: canonical equivalence).
        var oracle = TokenInterner()
        let expected = all.map { oracle.intern($0) }, got = all.map { direct.intern($0) }
        for a in 0..<min(all.count, 60) {
            for b in 0..<min(all.count, 60) { #expect((expected[a] == expected[b]) == (got[a] == got[b]), "\(label) \(a) \(b)") }
        }
    }
    for seed in UInt64(1)...400 {
        var rng = SplitMix64(seed: seed)
        check([randomText(&rng)[...], randomText(&rng)[...]], bytewise: false, "random seed \(seed)")
        var generator = TextGenerator(seed: seed)
        let documents = [generator.document(), generator.document()]
        check(documents.map { $0[...] }, bytewise: false, "German seed \(seed)")
        // Without the characters that are not stable: German text with its typography, compared byte-wise too.
        let texts = documents.map { document -> Substring in
            String(String.UnicodeScalarView(document.unicodeScalars.filter { NormalizationStability.isStable(String($0)) }))[...]
        }
        #expect(texts.allSatisfy { NormalizationStability.isStable($0) })
        for mode in [false, true] { check(texts, bytewise: mode, "stable German seed \(seed) bytewise \(mode)") }
    }
}

@Test func aByteWiseInternerGrowsAndKeepsItsIds() {
    var interner = TokenInterner(bytewise: true)
    let words = (0..<5_000).map { "wort\($0)" }
    let first = words.map { interner.intern(Token(text: $0[...], kind: .word)) }
    #expect(first == Array(0..<5_000))
    #expect(words.map { interner.intern(Token(text: $0[...], kind: .word)) } == first)
    #expect(interner.count == 5_000 && interner.texts[4_321] == "wort4321")
    #expect(interner.intern(Token(text: ""[...], kind: .whitespace)) == 5_000)
}

/// Text of ASCII and Latin-1 characters alone is tokenized straight from its bytes (`ByteScan`): the same tokens as
/// the reference, on texts of every piece of that kind (URL prefixes in any case next to umlauts, gender suffixes
/// with and without Latin-1 letters, joiners at the ends, numbers with separators, tabs and line feeds).
@Test func byteScanMatchesReferenceOnLatinText() {
    let latin: [String] = [
        "a", "Z", "x", "7", "0", " ", "  ", "\t", "\n", "\n\n", "ä", "Ö", "ß", "é", "ÿ", "×", "÷", "À", "Ü",
        "-", "@", ".", ",", "'", ":", "*", "_", "/", "<", ">", "\"", "`", "(", ")", "[", "]", ";", "!", "?", "#", "|",
        "https://", "HTTP://", "hTtPs://", "mailto:", "MAILTO:", "www.", "WWW.", "http:/", "wWw.x", "htt", "mai", "ww",
        ":innen", ":in", "*Innen", "_IN", "/in", ":innenx", ":inne", ":innän", ":ïn", "innen", "in", "Ärzt:innen",
        "1.000,50", "2022-03-01", "3,", ",5", "Bürger:innen", "geht's", "z.B.", "a_(b)", "x)", "y]", "mein.berlin.de",
        "Straße", "über", "Öffentlichkeit", "\u{7F}", "\u{1}", "~", "{", "}", "=", "+", "%", "&", "$", "^", "\\",
    ]
    for seed in UInt64(1)...3_000 {
        var rng = SplitMix64(seed: seed)
        var text = ""
        for _ in 0..<Int.random(in: 0...40, using: &rng) { text += latin[Int.random(in: 0..<latin.count, using: &rng)] }
        let read = text.utf8.withContiguousStorageIfAvailable { ByteScan.covers($0) }
        #expect(read == true, "seed \(seed): the text is read from its bytes")
        let reference = ReferenceTokenizer.tokenize(text[...])
        #expect(described(Tokenizer.tokenize(text)) == described(reference), "seed \(seed): \(Array(text.unicodeScalars))")
        #expect(Tokenizer.wordCount(text) == reference.filter(\.kind.isWord).count, "seed \(seed)")
    }
    // Anything else goes to the character scan.
    for other in ["e\u{301}", "\r\n", "„", "–", "😀", "\u{A0}", "\r"] {
        #expect(("a" + other).utf8.withContiguousStorageIfAvailable { ByteScan.covers($0) } == false, "\(Array(other.unicodeScalars))")
    }
}
