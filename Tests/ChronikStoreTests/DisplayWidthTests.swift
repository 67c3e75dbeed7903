import ChronikStore
import Testing

@Suite("DisplayWidth: columns as a terminal counts them")
struct DisplayWidthTests {
    @Test func widths() {
        #expect(DisplayWidth.of("") == 0)
        #expect(DisplayWidth.of("glossary/reallabor") == 18)
        #expect(DisplayWidth.of("Straße für Übergänge") == 20)
        #expect(DisplayWidth.of("中文") == 4)
        #expect(DisplayWidth.of("ｔｅｓｔ") == 8, "full-width Latin")
        #expect(DisplayWidth.of("😀 Notizen") == 10)
        #expect(DisplayWidth.of("❤️") == 2, "an emoji by its presentation selector")
        #expect(DisplayWidth.of("👩\u{200D}💻") == 2, "one emoji of a joined sequence")
        #expect(DisplayWidth.of("e\u{301}") == 1, "a letter with a combining accent is one column")
        #expect(DisplayWidth.of("\u{301}") == 0, "a lone combining mark none")
    }

    @Test func paddingNeverCuts() {
        #expect(DisplayWidth.padded("中文", to: 6) == "中文  ")
        #expect(DisplayWidth.padded("docs/😀 Notizen", to: 3) == "docs/😀 Notizen")
        #expect(DisplayWidth.padded("ab", to: 2) == "ab")
    }
}
