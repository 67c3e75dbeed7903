@testable import ChronikStore
import Foundation
import GitKit
import Testing

@Suite("LanguageDetector: German or English by function words")
struct LanguageDetectorTests {
    @Test func englishText() {
        let text = "This policy describes how the members of the project work together and what they should expect from each other."
        #expect(LanguageDetector.detect([Substring(text)]) == .en)
    }

    @Test func germanText() {
        let text = "Die Strategie beschreibt, wie die Verwaltung mit der Stadtgesellschaft zusammenarbeitet und was sie von ihr erwarten kann."
        #expect(LanguageDetector.detect([Substring(text)]) == .de)
        // Four function words are too few to tell.
        #expect(LanguageDetector.detect([Substring("Die Stadt und der Plan mit Ideen von allen")]) == nil)
        #expect(LanguageDetector.detect([Substring("Die Stadt und der Plan mit Ideen von allen, für alle")]) == .de)
    }

    @Test func tooLittleTextOrNoClearMajorityIsUndecided() {
        #expect(LanguageDetector.detect([Substring("Smart City Berlin")]) == nil)
        #expect(LanguageDetector.detect([Substring("")]) == nil)
        // As many German as English function words: neither.
        let mixed = "the and of to is that for with der das und ist nicht mit den von"
        #expect(LanguageDetector.detect([Substring(mixed)]) == nil)
    }

    /// The scalar scan counts what the split at `Character.isLetter` counts, on random texts of function words,
    /// umlauts (composed and decomposed), typographic quotes and dashes, combining marks after letters and after
    /// spaces, emoji with joiners, Greek, CJK and digits.
    @Test(arguments: [UInt64(1), 7, 2026])
    func scalarScanEqualsTheCharacterSplit(seed: UInt64) {
        var rng = SplitMix64(seed: seed)
        let pieces = ["der", "Der", "DAS", "und", "für", "fu\u{308}r", "über", "dass", "the", "The", "and", "of", "it's", "ist",
                      " ", " ", " ", "\n", ",", ".", "„", "“", "–", "-", "'", "\u{301}", "\u{308}", "e\u{301}", "ß", "Straße",
                      "😀", "👩\u{200D}💻", "α", "中文", "7", "x2", "\u{00A0}", "\t", "Ä", "ǅ", "ﬁ", "\u{0345}", "ab\u{0345}c", "a\u{200D}", "\u{200D}", "\u{200B}", "\u{2028}", "\r\n", "\u{0085}"]
        var hits = 0
        for index in 0..<3_000 {
            var text = ""
            for _ in 0..<Int.random(in: 0...16, using: &rng) { text += pieces[Int.random(in: 0..<pieces.count, using: &rng)] }
            let fast = LanguageDetector.counts(Substring(text))
            let scalars = LanguageDetector.countsByScalars(Substring(text))
            let reference = LanguageDetector.countsByCharacters(Substring(text))
            hits += reference.de + reference.en
            #expect(fast == reference, "seed \(seed), case \(index): \(text.debugDescription)")
            #expect(scalars == reference, "seed \(seed), case \(index): \(text.debugDescription)")
        }
        #expect(hits > 1_000, "seed \(seed): only \(hits) function words generated")
    }

    /// The byte scan against the scalar scan on longer texts: words of up to 9 letters next to the 7-letter limit
    /// (`werden`, `müssen`, `dieser`, `shall`, `Verwaltung`), ASCII words glued to umlauts and marks, a text that is
    /// a slice of a larger one.
    @Test(arguments: [UInt64(3), 19, 2026])
    func byteScanEqualsTheScalarScan(seed: UInt64) {
        var rng = SplitMix64(seed: seed)
        let pieces = ["werden", "WERDEN", "müssen", "Müssen", "mu\u{308}ssen", "dieser", "shall", "should", "Verwaltung", "sowie", "über",
                      "der", "die", "the", "their", "ß", "ä", "é", "\u{301}", "\u{200D}", "\u{200C}", "\u{00AD}", "😀", "a", "Z", "@", "[", "`", "{",
                      " ", " ", " ", "\n", "-", "„", "“", "’", "\u{FEFF}", "\u{0007}", "\u{7F}", "ǅ", "ﬁ", "中"]
        for index in 0..<1_000 {
            var text = ""
            for _ in 0..<Int.random(in: 0...80, using: &rng) { text += pieces[Int.random(in: 0..<pieces.count, using: &rng)] }
            let whole = Substring(text)
            #expect(LanguageDetector.counts(whole) == LanguageDetector.countsByScalars(whole), "seed \(seed), case \(index): \(text.debugDescription)")
            let scalars = text.unicodeScalars
            let cut = scalars.index(scalars.startIndex, offsetBy: scalars.count / 3)
            let slice = Substring(text[cut...])
            #expect(LanguageDetector.counts(slice) == LanguageDetector.countsByScalars(slice), "seed \(seed), case \(index), slice")
        }
    }

    /// The packed-word table answers as the two sets it stands for, for every function word and for seeded random
    /// words of up to seven letters.
    @Test func thePackedTableAnswersAsTheSets() {
        let (keys, languages) = LanguageDetector.packedTable
        func language(_ packed: UInt64) -> UInt8 {
            keys.withUnsafeBufferPointer { k in languages.withUnsafeBufferPointer { l in LanguageDetector.packedLanguage(packed, k, l) } }
        }
        func expected(_ packed: UInt64) -> UInt8 {
            LanguageDetector.germanASCII.contains(packed) ? 1 : LanguageDetector.englishASCII.contains(packed) ? 2 : 0
        }
        for word in LanguageDetector.germanASCII.union(LanguageDetector.englishASCII) { #expect(language(word) == expected(word)) }
        #expect(LanguageDetector.germanASCII.contains { language($0) == 1 })
        var rng = SplitMix64(seed: 19)
        for _ in 0..<20_000 {
            let length = Int.random(in: 1...7, using: &rng)
            var packed: UInt64 = 0
            for k in 0..<length { packed |= UInt64(UInt8(ascii: "a") + UInt8.random(in: 0..<26, using: &rng)) << (8 * k) }
            #expect(language(packed) == expected(packed), "\(packed)")
        }
    }

    /// Every scalar of the table (U+0080 to U+024F) after a letter, a space, a control character and a mark, and
    /// before a mark, counted by bytes as by scalars.
    @Test func theLatinTableAnswersAsTheProperties() {
        for value in UInt32(0x80)..<0x250 {
            guard let scalar = Unicode.Scalar(value) else { continue }
            let c = String(Character(scalar))
            for text in ["der" + c + "x und", "der " + c + "\u{301}die", "\u{7}" + c + "\u{308}der", "und" + c, c + "für\u{301} the",
                         "\u{301}" + c + "mit", "the\n" + c + "\u{345}of" + c + c + "das"] {
                #expect(LanguageDetector.counts(Substring(text)) == LanguageDetector.countsByScalars(Substring(text)), "U+\(String(value, radix: 16))")
            }
        }
    }

    @Test func wordsCommonToBothLanguagesAreNotCounted() {
        // "in", "an", "will", "also", "so", "was", "man", "die" are words of both languages.
        let c = LanguageDetector.counts("in an will also so was man die")
        #expect(c.de == 0 && c.en == 0)
        let d = LanguageDetector.counts("Der Text IST für alle, THE end.")
        #expect(d.de == 3 && d.en == 1)
    }

    @Test func deterministicOverOrderAndSplitting() {
        let parts = ["The text of the policy is", " clear and the members agree with it.", "Der Text ist kurz."]
        let a = LanguageDetector.detect(parts.map { Substring($0) })
        let b = LanguageDetector.detect(parts.reversed().map { Substring($0) })
        #expect(a == .en && a == b)
    }

    @Test func labelLanguageOrder() throws {
        // Asked, else the configuration's, else detected (here: no tree, so nothing to detect), else English.
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("chronik-lang-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: dir) }
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        let repository = try Repository.create(at: dir)
        let config = StoreConfig(title: "T", language: .de, collections: [CollectionConfig(name: "a")])
        #expect(LanguageDetector.labelLanguage(asked: "en", config: config, tree: nil, in: repository) == "en")
        #expect(LanguageDetector.labelLanguage(asked: nil, config: config, tree: nil, in: repository) == "de")
        #expect(LanguageDetector.labelLanguage(asked: nil, config: nil, tree: nil, in: repository) == "en")
        // A tree of German Markdown files.
        let blob = try repository.writeBlob(Data("Die Verwaltung und die Stadt arbeiten mit der Gesellschaft für eine Strategie, die auch sozial ist und nicht nur digital.".utf8))
        let tree = try repository.writeTree([TreeEntry(name: "plan.md", id: blob, mode: .blob)])
        #expect(LanguageDetector.labelLanguage(asked: nil, config: nil, tree: tree, in: repository) == "de")
        #expect(LanguageDetector.detect(tree: tree, in: repository) == .de)
    }
}
