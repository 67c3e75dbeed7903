import Testing
@testable import ChronikDiff

@Suite("escaping for every output")
struct EscapingTests {
    @Test func htmlEscapesMarkupAndControlCharacters() {
        #expect(HTMLText.escape("</script><script>alert('x')</script> & \"q\"") ==
            "&lt;/script&gt;&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; &quot;q&quot;")
        #expect(HTMLText.escape("a\u{1B}[31mb\u{0}c\u{85}") == "a\u{FFFD}[31mb\u{FFFD}c\u{FFFD}")
        #expect(HTMLText.escape("]]> Bürger:innen\n") == "]]&gt; Bürger:innen\n")
    }

    @Test func markdownEscapesSyntax() {
        #expect(MarkdownText.escape("*fett* [link](javascript:x) <img onerror=x> ![bild](x)") ==
            "\\*fett\\* \\[link\\](javascript:x) \\<img onerror=x\\> !\\[bild\\](x)")
        #expect(MarkdownText.escape("a|b\nc ~~d~~ &amp; `code` _x_") == "a\\|b c \\~\\~d\\~\\~ \\&amp; \\`code\\` \\_x\\_")
    }

    @Test func markdownEscapesBlockSyntaxOnlyWhereTheTextBegins() {
        #expect(MarkdownText.escape("gemeinsam-digital 1.000 Bürger:innen (Berlin) 2022.") == "gemeinsam-digital 1.000 Bürger:innen (Berlin) 2022.")
        #expect(MarkdownText.escape("# Titel") == "\\# Titel")
        #expect(MarkdownText.escape("  - Punkt") == "  \\- Punkt")
        #expect(MarkdownText.escape("+ plus") == "\\+ plus")
        #expect(MarkdownText.escape("===") == "\\===")
        #expect(MarkdownText.escape("1. Absatz") == "1\\. Absatz")
        #expect(MarkdownText.escape("12) Punkt") == "12\\) Punkt")
        #expect(MarkdownText.escape("2022 war") == "2022 war")
    }

    /// Whatever the text, libcmark-gfm renders the escaped Markdown as one paragraph of exactly that text.
    @Test func escapedMarkdownRendersAsTheTextItself() {
        let samples = [
            "# Titel", "- Liste", "+ plus", "1. erste", "3) dritte", "> Zitat", "=====", "***", "`code`", "<b>fett</b>",
            "[link](javascript:alert(1))", "![bild](data:x)", "a | b | c", "~~weg~~", "_kursiv_ und *fett*", "&amp; &lt;",
            "www.example.org", "Klimawandel → Klimakrise", "\\*", "- [ ] Aufgabe", "1.000 Euro",
        ]
        for text in samples {
            let html = SafeMarkdown.html(MarkdownText.escape(text))
            let expected = "<p>" + HTMLText.escape(text.trimmingCharacters(in: .whitespaces)).replacingOccurrences(of: "&#39;", with: "'") + "</p>\n"
            if text == "www.example.org" {
                #expect(html.contains("example.org"), "\(text): \(html)")
            } else {
                #expect(html == expected, "\(text): \(html)")
            }
        }
    }

    @Test func terminalTextShowsEscapes() {
        #expect(TerminalText.sanitize("rot\u{1B}[31m!\u{202E}") == "rot\\u{1B}[31m!\\u{202E}")
        #expect(TerminalText.sanitize("Zeile\n\tTab 👩‍💻") == "Zeile\n\tTab 👩‍💻")
    }

    @Test func safeMarkdownDropsRawHTMLAndDangerousLinks() {
        let html = SafeMarkdown.html("""
            # Titel

            <script>alert(1)</script>

            [klick](javascript:alert(1)) [daten](data:text/html;base64,PHNjcmlwdD4=) <img src=x onerror=alert(1)>

            | a | b |
            |---|---|
            | 1 | ~~2~~ |
            """)
        #expect(html.contains("<h1>Titel</h1>"))
        #expect(!html.contains("<script>"))
        #expect(!html.contains("javascript:"))
        #expect(!html.contains("data:text/html"))
        #expect(!html.contains("<img"))
        #expect(html.contains("<table>"))
        #expect(html.contains("<del>2</del>"))
    }
}

@Suite("terminal text, fast path")
struct TerminalTextFastPathTests {
    /// The fast paths give what the Unicode properties give, for every scalar up to U+2FFF.
    @Test func fastPathsAgreeWithTheProperties() {
        for value in 0...0x2FFF {
            guard let scalar = Unicode.Scalar(value) else { continue }
            let category = scalar.properties.generalCategory
            let unsafe = (category == .control && scalar != "\n" && scalar != "\t")
                || (category == .format && scalar.value != 0x200D)
                || category == .lineSeparator || category == .paragraphSeparator
            let text = "a" + String(Character(scalar)) + "b"
            let expected = unsafe ? "a\\u{\(String(value, radix: 16, uppercase: true))}b" : text
            #expect(TerminalText.sanitize(text) == expected, "U+\(String(value, radix: 16))")
        }
    }
}
