import ChronikStore
import Foundation
import Testing
@testable import ChronikDiff

// `DiffTextRenderer.render(_:options:write:)` hands the text over in pieces (a large diff is never joined whole). The
// reference is the text as it was made before: every entry's part rendered on its own and all of them joined after the
// header and totals, then the files and document order. Seeded diffs of up to 300 entries (several pieces), with one
// thread and with four, with and without colour.
@Suite struct StreamedTextRenderTests {
    /// SplitMix64: the seed is printed by the expectations' messages.
    struct Generator {
        var state: UInt64
        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
        mutating func below(_ n: Int) -> Int { Int(next() % UInt64(n)) }
    }

    static let words = ["Klima", "Stadt", "Verwaltung", "Bezirk", "Daten", "offen", "Plan", "neu", "über", "Straße", "Kiez", "-", "#"]

    static func text(_ g: inout Generator) -> String {
        var paragraphs: [String] = []
        for _ in 0..<(1 + g.below(4)) {
            paragraphs.append((0..<(1 + g.below(30))).map { _ in words[g.below(words.count)] }.joined(separator: " "))
        }
        return paragraphs.joined(separator: g.below(3) == 0 ? "\n" : "\n\n") + "\n"
    }

    static func diff(seed: UInt64) -> SnapshotDiff {
        var g = Generator(state: seed)
        var entries: [EntryDiff] = []
        var summary = SnapshotSummary()
        for k in 0..<g.below(300) {
            let kind: EntryDiff.Kind = [.modified, .added, .removed, .renamed][g.below(4)]
            let old = kind == .added ? "" : text(&g), new = kind == .removed ? "" : text(&g)
            let fields = FieldDiffer.diff(.object(["status": .string(words[g.below(words.count)])]),
                                          .object(["status": .string(words[g.below(words.count)]), "n": .number(JSONNumber(k))]))
            let prose = ProseDiffer.diff(old, new)
            let ref = EntryRef(collection: "events", id: "e\(k)", path: "events/e\(k).md")
            let from = kind == .renamed ? EntryRef(collection: "events", id: "f\(k)", path: "events/f\(k).md") : nil
            var entry = EntryDiff(kind: kind, entry: ref, from: from, similarity: kind == .renamed ? 0.8 : nil, title: g.below(2) == 0 ? "Titel \(k)" : nil,
                                  oldBlob: nil, newBlob: nil, fields: fields, prose: prose, problems: g.below(20) == 0 ? ["kaputt"] : [])
            if g.below(10) == 0 { entry.formatting = .body }
            entries.append(entry)
            summary.entriesModified += 1
            summary.wordsAdded += prose.summary.wordsAdded
            summary.wordsRemoved += prose.summary.wordsRemoved
        }
        let files = g.below(2) == 0 ? [] : [FileDiff(kind: .added, path: "anhang.pdf", oldBlob: nil, newBlob: nil)]
        return SnapshotDiff(mode: .store, entries: entries, files: files, documents: [], summary: summary)
    }

    /// The text as `render` made it before it wrote in pieces: every entry's part alone, joined.
    static func reference(_ diff: SnapshotDiff, _ options: RenderOptions) -> String {
        let catalog = Messages.catalog(options.messageLanguage)
        var out = DiffTextRenderer.Output(color: options.color)
        out.line(out.bold(DiffTextRenderer.header(options)))
        if diff.isEmpty {
            out.line(catalog.terminalNoChanges())
            return out.text
        }
        out.line(catalog.diffTotals(diff.summary.label))
        for entry in diff.entries {
            var part = DiffTextRenderer.Output(color: options.color)
            DiffTextRenderer.entryPart(entry, into: &part, catalog)
            out.text += part.text
        }
        if !diff.files.isEmpty {
            out.line("")
            for file in diff.files { out.line(out.bold(catalog.terminalFile(file.kind.label, path: DiffTextRenderer.clean(file.path)))) }
        }
        return out.text
    }

    @Test func piecesJoinToTheWholeText() {
        var pieced = 0
        for seed in UInt64(1)...40 {
            let diff = Self.diff(seed: seed)
            for (threads, color) in [(1, false), (4, false), (4, true)] {
                var options = RenderOptions(oldName: "a", newName: "b", color: color)
                options.threads = threads
                var pieces: [String] = []
                DiffTextRenderer.render(diff, options: options) { pieces.append($0) }
                let expected = Self.reference(diff, options)
                #expect(pieces.joined() == expected, "seed \(seed), \(threads) threads")
                #expect(DiffTextRenderer.render(diff, options: options) == expected, "seed \(seed)")
                // Header and totals, then at most `piece` entries a piece, then the files.
                let entryPieces = (diff.entries.count + DiffTextRenderer.piece - 1) / DiffTextRenderer.piece
                #expect(pieces.count == (diff.isEmpty ? 1 : 1 + entryPieces + (diff.files.isEmpty ? 0 : 1)), "seed \(seed)")
                if entryPieces > 1 { pieced += 1 }
            }
        }
        #expect(pieced >= 30)
    }
}
