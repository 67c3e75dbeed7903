import ChronikStore
import Foundation
import Testing
@testable import ChronikPublish

/// The fast paths of the publish's text work against the definitions they replace, on seeded text that mixes ASCII
/// with what makes Unicode hard: umlauts and `ß`/`ẞ`, combining marks after letters and after spaces, the Kelvin
/// sign and dotted `İ` (which lower-case to ASCII or to two scalars), final sigma, emoji with joiners and
/// modifiers, no-break and other Unicode spaces, CR LF, an Arabic prepended mark, format characters.
@Suite struct FastTextPathTests {
    static let pieces: [String] = [
        "a", "Z", "Open", "data", "2030", " ", "  ", "\t", "\n", "\r\n", "-", ",", ".", "(", ")", "!", "_", "'", "\"", "/",
        "ä", "Ö", "Ü", "ß", "ẞ", "Straße", "BÜRGER", "é", "e\u{301}", " \u{301}", "\u{308}", "\u{20D7}", "K", "\u{212A}",
        "İ", "ΣΑΣ", "ς", "Ǆ", "ﬁ", "👩‍💻", "👍🏽", "\u{200D}", "\u{00A0}", "\u{2009}", "\u{2028}", "\u{202F}", "\u{3000}",
        "\u{0600}", "\u{00AD}", "\u{200B}", "„", "“", "–", "…", "€", "½", "²", "٣", "漢字", "ｱ", "\u{85}", "\u{0B}",
    ]

    static func text(_ random: inout SplitMix64, length: Int) -> String {
        (0..<length).map { _ in pieces[Int(random.next() % UInt64(pieces.count))] }.joined()
    }

    @Test func wordsAreTheReferenceWords() {
        var random = SplitMix64(seed: 15)
        for round in 0..<3_000 {
            let text = Self.text(&random, length: Int(random.next() % 24))
            #expect(SearchText.words(text) == SearchText.referenceWords(text), "round \(round): \(text.unicodeScalars.map { String($0.value, radix: 16) })")
        }
        #expect(SearchText.words("Open-Data: Berlin 2030, (Smart)City!") == ["open", "data", "berlin", "2030", "smart", "city"])
        #expect(SearchText.words("BÜRGER-Beteiligung, Straße") == ["burger", "beteiligung", "strasse"])
    }

    @Test func whitespaceIsCollapsedAsCharactersSplitIt() {
        var random = SplitMix64(seed: 1_515)
        for round in 0..<3_000 {
            let text = Self.text(&random, length: Int(random.next() % 24))
            let reference = text.split(whereSeparator: \.isWhitespace).joined(separator: " ")
            #expect(SearchText.collapsingWhitespace(text) == reference, "round \(round): \(text.unicodeScalars.map { String($0.value, radix: 16) })")
        }
        #expect(SearchText.collapsingWhitespace("  Bürger \n\n und\u{00A0}Straße  ") == "Bürger und Straße")
    }

    /// The heading shift of `SitePages.markdown` against the regular expression it replaces.
    @Test func headingsShiftAsTheRegularExpressionDid() {
        func reference(_ html: String, top: Int) -> String {
            let tag = /<(\/?)h([1-6])>/
            let levels = html.matches(of: tag).compactMap { Int($0.output.2) }
            guard let highest = levels.min(), highest != top else { return html }
            let shift = top - highest
            return html.replacing(tag) { match in
                let level = min(max((Int(match.output.2) ?? 1) + shift, 1), 6)
                return "<\(match.output.1)h\(level)>"
            }
        }
        let parts = ["<h1>", "</h1>", "<h2>", "</h2>", "<h4>", "</h6>", "<h6>", "<h7>", "<h0>", "<h", "<", "</", "h3>", "<<h3>",
                     "</h3", "<p>", "Bürger", "&lt;h1&gt;", " ", "\n", "<H2>", "<h5 >"]
        var random = SplitMix64(seed: 150)
        for round in 0..<3_000 {
            let html = (0..<Int(random.next() % 16)).map { _ in parts[Int(random.next() % UInt64(parts.count))] }.joined()
            for top in 1...6 {
                #expect(SitePages.shiftingHeadings(html, top: top) == reference(html, top: top), "round \(round), top \(top): \(html)")
            }
        }
        #expect(SitePages.markdown("# Eins\n\n## Zwei\n\n###### Sechs", top: 3) == "<h3>Eins</h3>\n<h4>Zwei</h4>\n<h6>Sechs</h6>\n")
    }

    @Test func blankIsWhatTrimmingLeavesEmpty() {
        var random = SplitMix64(seed: 51)
        let pieces = [" ", "\t", "\n", "\r\n", "\u{0B}", "\u{0C}", "\u{85}", "\u{00A0}", "\u{2028}", "\u{3000}", "\u{200B}", "a", "ä", "\u{301}"]
        for _ in 0..<2_000 {
            let text = (0..<Int(random.next() % 6)).map { _ in pieces[Int(random.next() % UInt64(pieces.count))] }.joined()
            #expect(SitePages.isBlank(text) == text.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty, "\(text.unicodeScalars.map(\.value))")
        }
    }
}
