import ChronikStore
import Testing

/// The labels of public output in the catalogs (`MessageCatalog`, section "labels of public output"): the words that
/// no golden file shows, in both languages: singular and plural, the German adjective endings, dates, the fallback
/// sentence of a text whose words did not change, and the terminal's words.
@Suite("Messages: labels of public output in both languages")
struct OutputLabelCatalogTests {
    let en = Messages.catalog(.en)
    let de = Messages.catalog(.de)

    @Test func countsAgreeWithTheirNumber() {
        #expect(en.wordCount(1) == "1 word" && en.wordCount(0) == "0 words" && en.wordCount(219) == "219 words")
        #expect(de.wordCount(1) == "1 Wort" && de.wordCount(0) == "0 Wörter" && de.wordCount(219) == "219 Wörter")
        #expect(en.siteEntryCount(1) == "1 entry" && en.siteEntryCount(3) == "3 entries")
        #expect(de.siteEntryCount(1) == "1 Eintrag" && de.siteEntryCount(3) == "3 Einträge")
        #expect(en.statFields(1) == "1 field" && en.statFields(2) == "2 fields")
        #expect(de.statFields(1) == "1 Feld" && de.statFields(2) == "2 Felder")
        #expect(en.statBlocksMoved(1) == "1 block moved" && en.statBlocksMoved(4) == "4 blocks moved")
        #expect(de.statBlocksMoved(1) == "1 Textblock verschoben" && de.statBlocksMoved(4) == "4 Textblöcke verschoben")
        #expect(en.statWords(added: 1, removed: 0) == "+1 -0 words" && de.statWords(added: 1, removed: 0) == "+1 -0 Wörter")
    }

    @Test func textChangesAndTheirFallback() {
        #expect(en.proseChange(wordsAdded: 1, wordsRemoved: 2, sectionsMoved: 1) == "1 word added, 2 removed, 1 section moved")
        #expect(de.proseChange(wordsAdded: 1, wordsRemoved: 2, sectionsMoved: 1) == "1 Wort hinzugefügt, 2 entfernt, 1 Abschnitt verschoben")
        #expect(en.proseChange(wordsAdded: 25, wordsRemoved: 0, sectionsMoved: 3) == "25 words added, 3 sections moved")
        #expect(de.proseChange(wordsAdded: 25, wordsRemoved: 0, sectionsMoved: 3) == "25 Wörter hinzugefügt, 3 Abschnitte verschoben")
        // Blocks changed, no word did: only the formatting.
        #expect(en.proseChange(wordsAdded: 0, wordsRemoved: 0, sectionsMoved: 0) == "formatting changed")
        #expect(de.proseChange(wordsAdded: 0, wordsRemoved: 0, sectionsMoved: 0) == "Formatierung geändert")
        #expect(en.logText("1 word added") == "text: 1 word added" && de.logText("1 Wort hinzugefügt") == "Text: 1 Wort hinzugefügt")
    }

    @Test func totalsInBothLanguages() {
        var totals = LabelTotals()
        totals.entriesModified = 1
        totals.wordsAdded = 1
        totals.fieldsChanged = 1
        #expect(en.diffTotals(totals) == "1 entry (1 modified); 1 word added, 0 removed; 1 field changed")
        #expect(de.diffTotals(totals) == "1 Eintrag (1 geändert); 1 Wort hinzugefügt, 0 entfernt; 1 Feld geändert")
        totals.entriesRenamed = 1
        totals.entriesMoved = 1
        totals.entriesRemoved = 1
        totals.filesChanged = 2
        totals.wordsAdded = 2
        totals.blocksMoved = 1
        #expect(en.diffTotals(totals) == "4 entries (1 modified, 1 removed, 1 renamed, 1 moved); 2 other files; 2 words added, 0 removed; 1 field changed; 1 block moved")
        #expect(de.diffTotals(totals) == "4 Einträge (1 geändert, 1 entfernt, 1 umbenannt, 1 verschoben); 2 weitere Dateien; 2 Wörter hinzugefügt, 0 entfernt; 1 Feld geändert; 1 Textblock verschoben")
    }

    @Test func blockHeadingsEveryKind() {
        #expect(en.blockHeading(.inserted, block: .codeBlock, oldLine: 0, newLine: 2, changed: false) == "inserted code block, line 2")
        #expect(en.blockHeading(.deleted, block: .thematicBreak, oldLine: 7, newLine: 0, changed: false) == "deleted rule, old line 7")
        #expect(en.blockHeading(.moved, block: .tableRow, oldLine: 4, newLine: 9, changed: false) == "moved table row, line 4 -> 9")
        // German adjectives without an article: -er, -e, -es by the noun's gender.
        #expect(de.blockHeading(.inserted, block: .codeBlock, oldLine: 0, newLine: 2, changed: false) == "Eingefügter Codeblock, Zeile 2")
        #expect(de.blockHeading(.deleted, block: .thematicBreak, oldLine: 7, newLine: 0, changed: false) == "Gelöschte Trennlinie, alte Zeile 7")
        #expect(de.blockHeading(.modified, block: .blockQuote, oldLine: 1, newLine: 1, changed: true) == "Geändertes Zitat, Zeile 1")
        #expect(de.blockHeading(.moved, block: .html, oldLine: 4, newLine: 9, changed: true) == "Verschobener und geänderter HTML-Block, Zeile 4 → 9")
    }

    @Test func sectionsAndDates() {
        #expect(en.sectionMoved(.moved, old: 3, new: 5) == "moved from position 3 to 5" && en.sectionChange(.moved, old: 3, new: 5) == "moved from 3 to 5")
        #expect(de.sectionMoved(.moved, old: 3, new: 5) == "verschoben von Position 3 auf 5" && de.sectionChange(.removed, old: 2, new: 0) == "entfernt (war an Position 2)")
        #expect(en.sectionMoved(.unchanged, old: 1, new: 1) == "unchanged" && de.sectionChange(.unchanged, old: 1, new: 1) == "unverändert an Position 1")
        #expect(en.shortDate("2022-11-15") == "2022-11-15" && de.shortDate("2022-11-15") == "15.11.2022" && de.shortDate("soon") == "soon")
        #expect(en.siteDay(year: 2026, month: 3, day: 1) == "1 March 2026" && de.siteDay(year: 2026, month: 3, day: 1) == "1. März 2026")
    }

    @Test func terminalWordsInBothLanguages() {
        #expect(en.terminalNoChanges() == "no changes" && de.terminalNoChanges() == "keine Änderungen")
        #expect(en.terminalEntry(.modified, entry: "strategy/vision", from: nil, similarity: nil) == "modified strategy/vision")
        #expect(en.terminalEntry(.renamed, entry: "glossary/b", from: "glossary/a", similarity: 80) == "renamed glossary/a -> glossary/b (80% similar)")
        #expect(de.terminalEntry(.added, entry: "actors/board", from: nil, similarity: nil) == "Neu: actors/board")
        #expect(de.terminalEntry(.moved, entry: "actors/a", from: "events/a", similarity: 95) == "Verschoben: events/a -> actors/a (95 % ähnlich)")
        #expect(en.terminalFile(.added, path: "README.md") == "added file README.md" && de.terminalFile(.modified, path: "README.md") == "Datei geändert: README.md")
        #expect(en.terminalItems("a, b", added: true) == "added a, b" && de.terminalItems("c", added: false) == "entfernt: c")
        #expect(en.terminalWas("old") == "(was old)" && de.terminalWas("alt") == "(vorher alt)")
        #expect(en.terminalProblem("x") == "problem: x" && de.terminalProblem("x") == "Problem: x")
        #expect(en.statKind(.renamed, file: false) == "renamed" && en.statKind(.modified, file: true) == "file modified")
        #expect(de.statKind(.renamed, file: false) == "umbenannt" && de.statKind(.added, file: true) == "Datei neu")
        #expect(en.formattingOnly(.body) == "text formatting only" && de.formattingOnly(.body) == "nur die Formatierung des Textes")
        #expect(en.diffBoolean(true) == "true" && de.diffBoolean(true) == "ja" && en.yesNo(false) == "no" && de.yesNo(false) == "nein")
    }

    @Test func logLinesInBothLanguages() {
        #expect(en.logAddedAs("glossary/a") == "added as glossary/a" && de.logAddedAs("glossary/a") == "angelegt als glossary/a")
        #expect(en.logRemoved() == "removed" && de.logRemoved() == "entfernt")
        #expect(en.logMoved(.renamed, from: "glossary/a", to: "glossary/b") == "renamed from glossary/a to glossary/b")
        #expect(en.logMoved(.moved, from: "events/a", to: "actors/a") == "moved from events/a to actors/a")
        #expect(de.logMoved(.renamed, from: "glossary/a", to: "glossary/b") == "umbenannt von glossary/a in glossary/b")
        #expect(de.logMoved(.moved, from: "events/a", to: "actors/a") == "verschoben von events/a nach actors/a")
    }

    @Test func titlesEscapeOnlyTheirOwnWords() {
        let upper: (String) -> String = { $0.uppercased() }
        #expect(en.diffTitle(old: "a", new: "b", words: upper) == "CHANGES FROM a TO b")
        #expect(en.diffTitle(old: "a", new: nil, words: upper) == "CHANGES FROM a TO THE WORKING TREE")
        #expect(de.diffTitle(old: "a", new: nil, words: { $0 }) == "Änderungen von a zum Arbeitsverzeichnis")
        #expect(en.quoted("Draft") == "“Draft”" && de.quoted("Entwurf") == "„Entwurf“")
    }
}
