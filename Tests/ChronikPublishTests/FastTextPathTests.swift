import ChronikStore
import Foundation
import Mustache
import Testing
@testable import ChronikChangelog
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

    /// The tables of `SearchText.words` (U+0080–U+024F, U+2000–U+206F): every scalar alone, inside a word, after
    /// an umlaut and before a combining mark; then seeded texts of those scalars mixed with the hard pieces above.
    @Test func tableScalarsGiveTheReferenceWords() {
        let scalars = (Array(0x80..<0x250) + Array(0x2000..<0x2070)).map { String(Unicode.Scalar($0)!) }
        for s in scalars {
            for text in [s, "ab" + s + "Cd", "Ä" + s + s + "ß", s + "e\u{301}", "x" + s + "2030", s + "ΣΑΣ"] {
                #expect(SearchText.words(text) == SearchText.referenceWords(text), "\(text.unicodeScalars.map { String($0.value, radix: 16) })")
            }
        }
        var random = SplitMix64(seed: 2_026)
        let pieces = Self.pieces + scalars
        for round in 0..<3_000 {
            let text = (0..<Int(random.next() % 16)).map { _ in pieces[Int(random.next() % UInt64(pieces.count))] }.joined()
            #expect(SearchText.words(text) == SearchText.referenceWords(text), "round \(round): \(text.unicodeScalars.map { String($0.value, radix: 16) })")
        }
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

    /// The byte paths of `SiteLabels.day`, `PublicText.firstLine` and `PublicText.line` against their definitions:
    /// dates well formed and not (signs, letters, `T` times, out-of-range months and days, non-ASCII digits), texts
    /// with spaces, tabs, line breaks and non-ASCII at their ends.
    @Test func daysAndLinesAreTheReference() {
        let datePieces = ["2026", "12", "05", "-", "0", "9", "13", "32", "00", "T10:00", "+1", " ", "٣", "x", "é", "\u{301}", "2026-12-05"]
        var random = SplitMix64(seed: 1_207)
        for language in ["de", "en"] {
            let labels = SiteLabels(language: language)
            for round in 0..<3_000 {
                let text = (0..<Int(random.next() % 6)).map { _ in datePieces[Int(random.next() % UInt64(datePieces.count))] }.joined()
                #expect(labels.day(text) == labels.referenceDay(text), "round \(round): \(text)")
            }
            for text in ["2026-12-05", "2026-13-05", "2026-00-05", "2026-12-32", "2026-02-31", "0000-01-01", "2026-12-5", "2026-12-05T09:00"] {
                #expect(labels.day(text) == labels.referenceDay(text), "\(text)")
            }
        }
        let pieces = Self.pieces + [" ", "\t", "\n", "\r", "\r\n", "\u{2028}", "\u{85}", "\u{A0}", "\u{3000}", "a", "Z", "."]
        for round in 0..<5_000 {
            let text = Self.text(&random, length: Int(random.next() % 6)) + (random.next() % 3 == 0 ? " " : "")
            #expect(PublicText.firstLine(text) == PublicText.referenceFirstLine(text), "round \(round): \(text.unicodeScalars.map(\.value))")
            #expect(PublicText.line(text) == PublicText.lineByCharacters(text), "round \(round): \(text.unicodeScalars.map(\.value))")
            let other = (0..<Int(random.next() % 5)).map { _ in pieces[Int(random.next() % UInt64(pieces.count))] }.joined()
            #expect(PublicText.firstLine(other) == PublicText.referenceFirstLine(other), "round \(round): \(other.unicodeScalars.map(\.value))")
            #expect(PublicText.line(other) == PublicText.lineByCharacters(other), "round \(round): \(other.unicodeScalars.map(\.value))")
        }
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

@Suite struct SiteHTMLEscapingTests {
    @Test func escapesAsSwiftMustacheDoes() {
        let pieces = ["<", ">", "&", "\"", "'", "a", "Bürger", " ", "\u{301}", "<\u{301}", "\u{0600}", "\u{0600}<", "&\u{200D}",
                      "👩‍💻", "\r\n", "é", "e\u{301}", "&amp;", "\u{0903}", "ß"]
        var random = SplitMix64(seed: 1_5)
        for round in 0..<5_000 {
            let text = (0..<Int(random.next() % 12)).map { _ in pieces[Int(random.next() % UInt64(pieces.count))] }.joined()
            #expect(SiteHTMLEscaping.escape(text) == SiteHTMLEscaping.referenceEscape(text), "round \(round): \(text.unicodeScalars.map(\.value))")
        }
        #expect(SiteHTMLEscaping.escape("<b>\"Tom & Jerry's\"</b>") == "&lt;b&gt;&quot;Tom &amp; Jerry&#39;s&quot;&lt;/b&gt;")
        // A mark after `<` makes one Character with it, which swift-mustache leaves as it is.
        #expect(SiteHTMLEscaping.escape("<\u{301}") == "<\u{301}")
    }

    /// The compiled pages' escaping (`HTMLBytes.text`, which finds special bytes eight at a time) against
    /// swift-mustache's algorithm: longer texts with the specials at every offset of a word, next to ASCII and
    /// non-ASCII, and each ASCII byte at each position of a 21-byte text; appended after text already written.
    @Test func compiledPagesEscapeAsSwiftMustacheDoes() {
        let pieces = ["<", ">", "&", "\"", "'", "a", "Bürger", " ", "\u{301}", "<\u{301}", "\u{0600}", "\u{0600}<", "&\u{200D}",
                      "👩‍💻", "\r\n", "é", "e\u{301}", "&amp;", "\u{0903}", "ß", "Open data ", "2030 und ", ";", "=", "%", "(x)", "?"]
        var random = SplitMix64(seed: 2_512)
        for round in 0..<5_000 {
            let text = (0..<Int(random.next() % 24)).map { _ in pieces[Int(random.next() % UInt64(pieces.count))] }.joined()
            var out = HTMLBytes()
            out.raw("<p>")
            out.text(text)
            #expect(out.bytes == Array(("<p>" + SiteHTMLEscaping.referenceEscape(text)).utf8), "round \(round): \(text.unicodeScalars.map(\.value))")
        }
        for byte in UInt8(0)...0x7F {
            for position in 0..<21 {
                var bytes = [UInt8](repeating: UInt8(ascii: "b"), count: 21)
                bytes[position] = byte
                let text = String(decoding: bytes, as: UTF8.self)
                var out = HTMLBytes()
                out.text(text)
                #expect(out.bytes == Array(SiteHTMLEscaping.referenceEscape(text).utf8), "byte \(byte) at \(position)")
            }
        }
    }

    /// The content type line renders nothing: every template renders as without it (the golden pages check the
    /// default theme; this checks a standalone line at the top of a template and a partial).
    @Test func thePragmaLineRendersNothing() throws {
        MustacheContentTypes.register(SiteHTMLEscaping(), named: SiteHTMLEscaping.contentType)
        let context: [String: Any] = ["a": "<x>", "list": [["b": "Ä & ö"]]]
        var plain = MustacheLibrary()
        try plain.register("{{#list}}{{b}}{{/list}}\n", named: "part")
        try plain.register("{{> part}}\n<p>{{a}}</p>\n", named: "page")
        var escaped = MustacheLibrary()
        try escaped.register(SiteHTMLEscaping.pragma + "{{#list}}{{b}}{{/list}}\n", named: "part")
        try escaped.register(SiteHTMLEscaping.pragma + "{{> part}}\n<p>{{a}}</p>\n", named: "page")
        #expect(escaped.render(context, withTemplate: "page") == plain.render(context, withTemplate: "page"))
        #expect(escaped.render(context, withTemplate: "page") == "Ä &amp; ö\n<p>&lt;x&gt;</p>\n")
    }

    /// A city's template that does not parse is reported at the line of its own file (the pragma line is not
    /// counted), where swift-mustache alone reports it.
    @Test func parseErrorsCountTheLinesOfTheThemeFile() throws {
        var checked = 0
        for broken in ["a\nb\n{{/x}}\n", "{{#x}}\n\n", "eins\n{{> }}", "x\ny\nz {{{a}}\n", "a\n{{% FOO: BAR}}\n"] {
            var plain = MustacheLibrary()
            var expected: (Int, Int)?
            do { try plain.register(broken, named: "entry") } catch let error as MustacheTemplate.ParserError {
                expected = (error.context.lineNumber, error.context.columnNumber)
            }
            guard let (line, column) = expected else { continue }
            checked += 1
            var templates = SiteTheme.makeDefault().templates
            templates["entry"] = broken
            #expect(throws: SiteThemeError.template(file: "entry.mustache", line: line, column: column, message: "")) {
                do { _ = try SiteTheme(templates: templates, stylesheet: "") } catch SiteThemeError.template(let file, let line, let column, _) {
                    throw SiteThemeError.template(file: file, line: line, column: column, message: "")
                }
            }
        }
        #expect(checked >= 3)
    }
}
