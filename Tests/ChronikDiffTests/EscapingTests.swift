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
        #expect(MarkdownText.escape("*fett* [link](javascript:x) <img onerror=x>") ==
            "\\*fett\\* \\[link\\]\\(javascript:x\\) \\<img onerror=x\\>")
        #expect(MarkdownText.escape("a|b\nc") == "a\\|b c")
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
