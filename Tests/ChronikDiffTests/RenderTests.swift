import Foundation
import OrderedCollections
import Testing
import ChronikStore
@testable import ChronikDiff

/// A snapshot diff of one modified entry, built from two front matters and bodies.
private func oneEntryDiff(_ oldFields: OrderedDictionary<String, JSONValue>, _ newFields: OrderedDictionary<String, JSONValue>,
                          _ oldBody: String, _ newBody: String, title: String = "Titel") -> SnapshotDiff {
    let fields = FieldDiffer.diff(oldFields, newFields)
    let prose = ProseDiffer.diff(oldBody, newBody)
    let entry = EntryDiff(kind: .modified, entry: EntryRef(collection: "events", id: "forum", path: "events/forum.md"), from: nil,
                          similarity: nil, title: title, oldBlob: nil, newBlob: nil, fields: fields, prose: prose, problems: [])
    var summary = SnapshotSummary()
    summary.entriesModified = 1
    summary.fieldsChanged = fields.count
    summary.wordsAdded = prose.summary.wordsAdded
    summary.wordsRemoved = prose.summary.wordsRemoved
    return SnapshotDiff(mode: .store, entries: [entry], files: [], documents: [], summary: summary)
}

/// Applies a one-file unified patch to `old`, strictly: context and deleted lines must match.
private func applyPatch(_ patch: String, to old: String) -> String? {
    let oldLines = UnifiedPatch.lines(Data(old.utf8)).map(String.init)
    // By bytes, as git reads a patch: a CR LF line or a combining mark after the "+" is not one Character to split at.
    let lines = patch.utf8.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false).map { Array($0) }
    guard let hunkPattern = try? NSRegularExpression(pattern: "^@@ -(\\d+)(?:,(\\d+))? \\+(\\d+)(?:,(\\d+))? @@$") else { return nil }
    var out: [String] = []
    var cursor = 0
    var i = 0
    while i < lines.count {
        let line = String(decoding: lines[i], as: UTF8.self)
        guard let m = hunkPattern.firstMatch(in: line, range: NSRange(line.startIndex..., in: line)) else { i += 1; continue }
        func number(_ k: Int) -> Int? { Range(m.range(at: k), in: line).flatMap { Int(line[$0]) } }
        guard let oldStart = number(1), let newStart = number(3) else { return nil }
        var oldCount = number(2) ?? 1, newCount = number(4) ?? 1
        _ = newStart
        let start = oldCount == 0 ? oldStart : oldStart - 1
        guard start >= cursor, start <= oldLines.count else { return nil }
        out += oldLines[cursor..<start]
        cursor = start
        i += 1
        while oldCount > 0 || newCount > 0 {
            guard i < lines.count, let kind = lines[i].first else { return nil }
            var bytes = Array(lines[i].dropFirst()) + [UInt8(ascii: "\n")]
            if i + 1 < lines.count, lines[i + 1] == Array("\\ No newline at end of file".utf8) { bytes.removeLast(); i += 1 }
            let text = String(decoding: bytes, as: UTF8.self)
            switch UnicodeScalar(kind) {
            case " ", "-":
                guard cursor < oldLines.count, Array(oldLines[cursor].utf8) == bytes else { return nil }
                if kind == UInt8(ascii: " ") { out.append(text); newCount -= 1 }
                cursor += 1
                oldCount -= 1
            case "+":
                out.append(text)
                newCount -= 1
            default: return nil
            }
            i += 1
        }
    }
    out += oldLines[cursor...]
    return out.joined()
}

@Suite("Diff renderers")
struct RenderTests {
    @Test func textShowsFieldChangesAndWordMarkers() {
        let diff = oneEntryDiff(["status": .string("laufend"), "title": .string("Forum")], ["status": .string("beendet"), "title": .string("Forum")],
                                "Der Klimawandel ist da.\n", "Die Klimakrise ist da.\n", title: "Forum")
        let text = DiffTextRenderer.render(diff, options: RenderOptions(oldName: "a", newName: "b"))
        #expect(text == """
            diff a -> b
            1 entry (1 modified); 2 words added, 2 removed; 1 field changed

            modified events/forum: Forum
              status: [-laufend-] -> {+beendet+}
              modified paragraph, line 1:
                [-Der Klimawandel-]{+Die Klimakrise+} ist da.

            """)
        // Colour keeps a cue that is not colour: deletions struck through (SGR 9), insertions underlined (SGR 4).
        let colored = DiffTextRenderer.render(diff, options: RenderOptions(color: true))
        #expect(colored.contains("\u{1B}[31;9mlaufend\u{1B}[m -> \u{1B}[32;4mbeendet\u{1B}[m"))
        #expect(colored.contains("\u{1B}[31;9mDer Klimawandel\u{1B}[m\u{1B}[32;4mDie Klimakrise\u{1B}[m ist da."))
    }

    /// The terminal formats speak the language of messages (`RenderOptions.messageLanguage`, from the same catalog as
    /// the pages); English unless the command asks for another.
    @Test func textAndStatInTheLanguageOfMessages() {
        let diff = oneEntryDiff(["status": .string("laufend"), "open": .bool(true), "tags": .array([.string("a")])],
                                ["status": .string("beendet"), "open": .bool(false), "tags": .array([.string("b")])],
                                "Der Klimawandel ist da.\n", "Die Klimakrise ist da.\n", title: "Forum")
        var options = RenderOptions(oldName: "a", newName: "b")
        options.messageLanguage = .de
        #expect(DiffTextRenderer.render(diff, options: options) == """
            diff a -> b
            1 Eintrag (1 geändert); 2 Wörter hinzugefügt, 2 entfernt; 3 Felder geändert

            Geändert: events/forum – Forum
              status: [-laufend-] -> {+beendet+}
              open: [-ja-] -> {+nein+}
              tags: neu: {+b+}; entfernt: [-a-]
              Geänderter Absatz, Zeile 1:
                [-Der Klimawandel-]{+Die Klimakrise+} ist da.

            """)
        #expect(DiffStatRenderer.render(diff, options: options).hasSuffix("""
             events/forum | geändert  +2 -2 Wörter, 3 Felder
             1 Eintrag (1 geändert); 2 Wörter hinzugefügt, 2 entfernt; 3 Felder geändert

            """))
        let english = DiffTextRenderer.render(diff, options: RenderOptions(oldName: "a", newName: "b"))
        #expect(english.contains("  open: [-true-] -> {+false+}\n  tags: added {+b+}; removed [-a-]\n  modified paragraph, line 1:\n"), "\(english)")
        let empty = SnapshotDiff(mode: .store, entries: [], files: [], documents: [], summary: SnapshotSummary())
        #expect(DiffTextRenderer.render(empty, options: options) == "diff a -> b\nkeine Änderungen\n")
        #expect(DiffTextRenderer.summary(empty, language: .de) == "keine Änderungen" && DiffTextRenderer.summary(empty) == "no changes")
    }

    @Test func textNeverPassesControlCharactersFromContent() {
        let evil = "rot\u{1B}[31m\u{7}\u{9B}2J\u{202E}"
        let diff = oneEntryDiff(["title": .string("a\u{1B}]0;x\u{7}")], ["title": .string(evil)],
                                "Alt \u{1B}[2J Text.\n", "Neu \(evil) Text.\n", title: evil)
        for color in [false, true] {
            let text = DiffTextRenderer.render(diff, options: RenderOptions(oldName: "x\u{1B}[1m", newName: "y", color: color))
                + DiffStatRenderer.render(diff, options: RenderOptions(oldName: "x\u{1B}[1m", newName: "y"))
            // Only our own SGR sequences (ESC [ digits and semicolons m) may appear, and only with colour.
            var scalars = Array(text.unicodeScalars)[...]
            while let k = scalars.firstIndex(where: { $0.properties.generalCategory == .control && $0 != "\n" }) {
                #expect(color && scalars[k] == "\u{1B}", "control character U+\(String(scalars[k].value, radix: 16)) in \(text.debugDescription)")
                let rest = scalars[(k + 1)...]
                let sgr = rest.prefix { $0 == "[" || $0 == ";" || ("0"..."9").contains($0) }
                #expect(sgr.first == "[" && rest.dropFirst(sgr.count).first == "m", "\(text.debugDescription)")
                scalars = rest.dropFirst(sgr.count + 1)
            }
            #expect(text.contains("\\u{1B}[31m"))
            #expect(!text.contains("\u{202E}"))
        }
    }

    @Test func markdownEscapesContentAndKeepsSpacesOutsideMarks() {
        let diff = oneEntryDiff(["title": .string("*a* | b")], ["title": .string("<b>c</b>")], "Ein [Link](x) und mehr.\n", "Ein Link und mehr.\n")
        let md = DiffMarkdownRenderer.render(diff, options: RenderOptions(oldName: "v1", newName: "v2"))
        #expect(md.contains("| title | \\*a\\* \\| b | \\<b\\>c\\</b\\> |"))
        #expect(md.contains("> Ein ~~\\[~~Link~~\\](x)~~ und mehr."))
        #expect(DiffMarkdownRenderer.words([WordSegment(.equal, "a"), WordSegment(.insert, " neu "), WordSegment(.equal, "b")]) == "a **neu** b")
        #expect(DiffMarkdownRenderer.words([WordSegment(.delete, " ")]) == " ")
    }

    @Test func htmlIsOneEscapedStandalonePage() {
        let diff = oneEntryDiff(["title": .string("<script>alert(1)</script>")], ["title": .string("\"q\" & 'a'")],
                                "<img src=x onerror=alert(1)> Text\n", "<a href=\"https://evil.example\">Text</a>\n")
        let html = DiffHTMLRenderer.render(diff, options: RenderOptions(oldName: "a<b", newName: "c", contentLanguage: "de"))
        #expect(html.hasPrefix("<!DOCTYPE html>\n<html lang=\"en\">"))
        // English labels on German content: the content says its language, the labels do not.
        #expect(html.contains("<p class=\"block\" lang=\"de\">"))
        #expect(html.contains("<td data-label=\"After\" lang=\"de\">"))
        #expect(html.contains("<title>Changes from a&lt;b to c</title>"))
        #expect(!html.contains("<script"), "\(html)")
        #expect(!html.contains("<img"))
        // The only link is the skip link to the page's own main element.
        #expect(html.components(separatedBy: "<a ").count == 2 && html.contains("<a class=\"skip-link\" href=\"#main\">"))
        #expect(!html.contains("http://") && !html.contains("<link") && !html.contains("url("))
        #expect(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"))
        #expect(html.contains("&quot;q&quot; &amp; &#39;a&#39;"))
        #expect(html.contains("<del>") && html.contains("<ins>"))
        #expect(html.hasSuffix("</main>\n<footer class=\"page-footer\">\n<p>Made by chronik from the version history.</p>\n</footer>\n</body>\n</html>\n"))
    }

    @Test func htmlAndMarkdownSpeakTheStoresLanguage() {
        let diff = oneEntryDiff(["status": .string("laufend"), "open": .bool(true)], ["status": .string("beendet"), "open": .bool(false)],
                                "# Ziel\n\nDer Klimawandel ist da.\n", "# Ziel\n\nDie Klimakrise ist da.\n\n- neu\n", title: "Forum")
        let html = DiffHTMLRenderer.render(diff, options: RenderOptions(oldName: "a", newName: "b", contentLanguage: "de", language: "de"))
        #expect(html.hasPrefix("<!DOCTYPE html>\n<html lang=\"de\">"))
        #expect(html.components(separatedBy: "lang=\"de\"").count == 2, "content gets a lang only where it differs from the page's")
        for german in ["<title>Änderungen von a zu b</title>", "<a class=\"skip-link\" href=\"#main\">Zum Inhalt springen</a>",
                       "<main id=\"main\" tabindex=\"-1\">", "<footer class=\"page-footer\">",
                       "1 Eintrag (1 geändert); 3 Wörter hinzugefügt, 2 entfernt; 2 Felder geändert",
                       "<h2 id=\"entry-1\">Geändert: Forum <span class=\"place\"><code>events/forum</code></span></h2>",
                       "<caption>Felder</caption>", "<th scope=\"col\">Feld</th><th scope=\"col\">Vorher</th><th scope=\"col\">Nachher</th>",
                       "<td data-label=\"Vorher\">ja</td><td data-label=\"Nachher\">nein</td>",
                       "<h3>Geänderter Absatz, Zeile 3</h3>", "<h3>Eingefügter Listenpunkt, Zeile 5</h3>",
                       "<del><span class=\"sr\">[gelöscht: </span>Der Klimawandel<span class=\"sr\">]</span></del>",
                       "<ins><span class=\"sr\">[eingefügt: </span>Die Klimakrise<span class=\"sr\">]</span></ins>"] {
            #expect(html.contains(german), "\(german) missing from \(html)")
        }
        for english in ["Changes from", "Before", "After", "Inserted", "Modified", "deleted:", "inserted:", "true", "false"] {
            #expect(!html.contains(english), "\(english) in the German page")
        }
        // Every data cell of a table says which column it is in: on a phone the rows are stacked.
        #expect(html.components(separatedBy: "<td").count == html.components(separatedBy: "<td data-label=").count)
        #expect(html.contains("@media (max-width: 40rem)") && html.contains("td[data-label]::before { content: attr(data-label)"))
        #expect(html.contains("overflow-wrap: anywhere") && html.contains("text-decoration: line-through") && html.contains("text-decoration: underline"))

        let md = DiffMarkdownRenderer.render(diff, options: RenderOptions(oldName: "a", newName: "b", language: "de"))
        #expect(md.hasPrefix("# Änderungen von a zu b\n\n1 Eintrag (1 geändert); "))
        #expect(md.contains("\n## Geändert: Forum (events/forum)\n\n| Feld | Vorher | Nachher |\n| --- | --- | --- |\n| status | laufend | beendet |\n| open | ja | nein |\n"), "\(md)")
        #expect(md.contains("\n*Geänderter Absatz, Zeile 3*\n\n> ~~Der Klimawandel~~**Die Klimakrise** ist da.\n"), "\(md)")
        #expect(md.contains("\n*Eingefügter Listenpunkt, Zeile 5*\n"), "\(md)")
        let english = DiffMarkdownRenderer.render(diff, options: RenderOptions(oldName: "a", newName: "b", language: "en"))
        #expect(english.contains("\n## Modified: Forum (events/forum)\n\n| Field | Before | After |\n") && english.contains("*Modified paragraph, line 3*")
                && english.contains("| open | true | false |"), "\(english)")
        // Any other language: English.
        #expect(DiffMarkdownRenderer.render(diff, options: RenderOptions(oldName: "a", newName: "b", language: "fr")) == english)
    }

    @Test func germanBlockHeadingsAgreeWithTheirNoun() {
        let labels = DiffLabels(language: "de")
        func change(_ kind: BlockChange.Kind, _ block: BlockKind, changed: Bool = false) -> BlockChange {
            let old = BlockLocation(kind: block, index: 0, firstLine: 4, lastLine: 4, offset: 0, length: 1)
            let new = BlockLocation(kind: block, index: 0, firstLine: 9, lastLine: 9, offset: 0, length: 1)
            let words = changed ? [WordSegment(.delete, "a"), WordSegment(.insert, "b")] : [WordSegment(.equal, "a")]
            return BlockChange(kind: kind, old: kind == .inserted ? nil : old, new: kind == .deleted ? nil : new, words: words)
        }
        #expect(labels.blockHeading(change(.inserted, .heading)) == "Eingefügte Überschrift, Zeile 9")
        #expect(labels.blockHeading(change(.deleted, .blockQuote)) == "Gelöschtes Zitat, alte Zeile 4")
        #expect(labels.blockHeading(change(.modified, .tableRow)) == "Geänderte Tabellenzeile, Zeile 9")
        #expect(labels.blockHeading(change(.moved, .paragraph)) == "Verschobener Absatz, Zeile 4 → 9")
        #expect(labels.blockHeading(change(.moved, .listItem, changed: true)) == "Verschobener und geänderter Listenpunkt, Zeile 4 → 9")
        #expect(DiffLabels(language: "en").blockHeading(change(.moved, .listItem, changed: true)) == "Moved and changed list item, line 4 -> 9")
        var summary = SnapshotSummary()
        summary.entriesAdded = 1
        summary.filesChanged = 1
        summary.wordsAdded = 1
        summary.fieldsChanged = 1
        summary.blocksMoved = 2
        #expect(labels.summary(summary) == "1 Eintrag (1 neu); 1 weitere Datei; 1 Wort hinzugefügt, 0 entfernt; 1 Feld geändert; 2 Textblöcke verschoben")
    }

    @Test func patchHeadersAndRanges() {
        #expect(UnifiedPatch.range(0, 0) == "0,0")
        #expect(UnifiedPatch.range(4, 1) == "5")
        #expect(UnifiedPatch.range(4, 3) == "5,3")
        #expect(UnifiedPatch.quoted("a/Mein Ordner/Bürger.md") == "\"a/Mein Ordner/B\\303\\274rger.md\"")
        #expect(UnifiedPatch.quoted("a/x \"y\".md") == "\"a/x \\\"y\\\".md\"")
        #expect(UnifiedPatch.quoted("a/plain name.md") == "a/plain name.md")

        let added = UnifiedPatch.render([PatchFile(oldPath: nil, newPath: "neu.md", oldMode: nil, newMode: 0o100644, old: Data(), new: Data("a\nb".utf8))])
        #expect(added == "diff --git a/neu.md b/neu.md\nnew file mode 100644\n--- /dev/null\n+++ b/neu.md\n@@ -0,0 +1,2 @@\n+a\n+b\n\\ No newline at end of file\n")
        let removed = UnifiedPatch.render([PatchFile(oldPath: "x y.md", newPath: nil, oldMode: 0o100755, newMode: nil, old: Data("a\n".utf8), new: Data())])
        #expect(removed == "diff --git a/x y.md b/x y.md\ndeleted file mode 100755\n--- a/x y.md\t\n+++ /dev/null\n@@ -1 +0,0 @@\n-a\n")
        let empty = UnifiedPatch.render([PatchFile(oldPath: nil, newPath: "leer.md", oldMode: nil, newMode: 0o100644, old: Data(), new: Data())])
        #expect(empty == "diff --git a/leer.md b/leer.md\nnew file mode 100644\n")
        let mode = UnifiedPatch.render([PatchFile(oldPath: "s.sh", newPath: "s.sh", oldMode: 0o100644, newMode: 0o100755, old: Data("x\n".utf8), new: Data("x\n".utf8))])
        #expect(mode == "diff --git a/s.sh b/s.sh\nold mode 100644\nnew mode 100755\n")
        let same = PatchFile(oldPath: "a.md", newPath: "a.md", oldMode: 0o100644, newMode: 0o100644, old: Data("x".utf8), new: Data("x".utf8))
        #expect(UnifiedPatch.render([same]).isEmpty)
        let newline = UnifiedPatch.render([PatchFile(oldPath: "a.md", newPath: "a.md", oldMode: 0o100644, newMode: 0o100644, old: Data("x".utf8), new: Data("x\n".utf8))])
        #expect(newline == "diff --git a/a.md b/a.md\n--- a/a.md\n+++ b/a.md\n@@ -1 +1 @@\n-x\n\\ No newline at end of file\n+x\n")
    }

    @Test func patchHunksMergeWhenTheirContextTouches() {
        let old = (1...20).map { "Zeile \($0)\n" }.joined()
        var lines = old.split(separator: "\n").map(String.init)
        lines[2] = "drei"
        lines[8] = "neun"   // 6 lines apart: one hunk
        lines[17] = "achtzehn" // far: a second hunk
        let new = lines.joined(separator: "\n") + "\n"
        let patch = UnifiedPatch.render([PatchFile(oldPath: "z.md", newPath: "z.md", oldMode: 0o100644, newMode: 0o100644, old: Data(old.utf8), new: Data(new.utf8))])
        #expect(patch.components(separatedBy: "\n@@ ").count == 3, "\(patch)")
        #expect(patch.contains("@@ -1,12 +1,12 @@"))
        #expect(patch.contains("@@ -15,6 +15,6 @@"))
        #expect(applyPatch(patch, to: old) == new)
    }

    @Test(arguments: [UInt64(1), 2, 3, 0xC0FFEE])
    func patchRebuildsTheNewTextForGeneratedPairs(seed: UInt64) {
        var generator = TextGenerator(seed: seed)
        for round in 0..<60 {
            let old = generator.document()
            let new = generator.chance(0.1) ? generator.document() : generator.mutate(old)
            let patch = UnifiedPatch.render([PatchFile(oldPath: "t.md", newPath: "t.md", oldMode: 0o100644, newMode: 0o100644,
                                                       old: Data(old.utf8), new: Data(new.utf8))])
            #expect(patch.isEmpty == (Array(old.utf8) == Array(new.utf8)), "seed \(seed) round \(round)")
            #expect(applyPatch(patch, to: old).map { Array($0.utf8) } == Array(new.utf8), "seed \(seed) round \(round)\n\(patch)")
        }
    }

    @Test func statCountsWordsAndFields() {
        let diff = oneEntryDiff(["a": .number(JSONNumber(1)), "b": .bool(true)], ["a": .number(JSONNumber(2)), "b": .bool(false)], "eins zwei drei\n", "eins vier\n")
        let stat = DiffStat(diff)
        #expect(stat.rows == [DiffStatRow(kind: "modified", entry: "events/forum", from: nil, wordsAdded: 1, wordsRemoved: 2, fieldsChanged: 2, blocksMoved: 0)])
        #expect(DiffStatRenderer.render(diff, options: RenderOptions(oldName: "a", newName: "b")) == """
            diff a -> b
             events/forum | modified  +1 -2 words, 2 fields
             1 entry (1 modified); 1 word added, 2 removed; 2 fields changed

            """)
    }
}
