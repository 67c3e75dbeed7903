import ChronikStore
import Foundation
import Testing
@testable import ChronikDiff

// Fast paths of the diff held to the simple code they stand in for (issue 14's speed work): the `@` scan of e-mail
// redaction. (Myers' search over raw buffers is held to the exact edit distance by MyersTests.)

@Test func emailScanAgreesWithTheUTF8View() {
    var rng = SplitMix64(seed: 0xE3A1)
    let pieces = ["a", "@", "ä", "日本", " ", "\n", "x@y.de", "\u{FF20}", "👩🏽‍💻", ""]
    for round in 0..<2_000 {
        var text = ""
        for _ in 0..<Int.random(in: 0...20, using: &rng) { text += pieces[Int.random(in: 0..<pieces.count, using: &rng)] }
        #expect(EmailRedaction.containsAt(text) == text.utf8.contains(UInt8(ascii: "@")), "round \(round) (seed 0xE3A1)")
    }
    #expect(EmailRedaction.redact("Kontakt: team@example.org") == "Kontakt: \(EmailRedaction.marker)")
    #expect(EmailRedaction.redact("kein Kontakt") == "kein Kontakt")
}

/// `WordDiff.proseWordCount` (what an added or removed entry's blocks are counted by, `ProseWordCounter`) against
/// the words the aligner takes of a block (`RunInterner.runs` over interned tokens, a separate path): the same
/// count for every block of random documents, with list, quote and heading markers, numbers, line breaks and
/// characters outside the byte scan's range.
@Test func proseWordCountAgreesWithTheAlignersRuns() {
    let seed: UInt64 = 0x5EED_14
    var generator = TextGenerator(seed: seed)
    let markers = ["- ", "* ", "+ ", "1. ", "12) ", "> ", "> > ", "# ", "### ", "####### ", "-", "2024.", ""]
    var checked = 0
    for round in 0..<600 {
        var document = generator.document()
        if generator.chance(0.5) {
            // Markers at line starts inside blocks too.
            document = document.split(separator: "\n", omittingEmptySubsequences: false)
                .map { generator.chance(0.4) ? generator.pick(markers) + $0 : String($0) }.joined(separator: "\n")
        }
        for block in MarkdownBlocks.split(document) {
            var interner = TokenInterner(), runs = RunInterner()
            let tokens = interner.intern(tokensOf: block.text)
            let expected = runs.runs(tokens, kind: block.kind, interner: interner).count
            #expect(WordDiff.proseWordCount(block.text, kind: block.kind) == expected,
                    "round \(round) (seed \(seed)): \(block.kind) \(String(reflecting: String(block.text)))")
            for kind in [BlockKind.paragraph, .listItem, .heading, .blockQuote] {
                let expected = runs.runs(tokens, kind: kind, interner: interner).count
                #expect(WordDiff.proseWordCount(block.text, kind: kind) == expected, "round \(round) (seed \(seed)): as \(kind)")
            }
            checked += 1
        }
    }
    #expect(checked > 1_000)
}

/// A body split once for both the prose diff and the title from its first heading (cl14): the prose diff and summary
/// given a side's blocks agree with those that split the bodies themselves, and an entry compared without a title
/// field is titled by its shown side's first heading, as the splitting `firstHeading(_: String)` finds it, for
/// added, removed and modified entries, with and without the text of added and removed entries.
@Test func proseDiffWithGivenBlocksAgreesWithSplittingAgain() {
    let seed: UInt64 = 0xC1_14
    var generator = TextGenerator(seed: seed)
    let options = ProseDiffOptions()
    var titled = 0
    for round in 0..<400 {
        // A body that starts with `---` would be read as front matter: such bodies get a first line before it.
        func body(_ text: String) -> String { text.hasPrefix("---") ? "Vorwort.\n\n" + text : text }
        let old = body(generator.chance(0.3) ? "# " + generator.sentence() + "\n\n" + generator.document() : generator.document())
        let new = generator.chance(0.2) ? old : body(generator.mutate(old))
        let blocksOld = MarkdownBlocks.split(old), blocksNew = MarkdownBlocks.split(new)
        let reference = ProseDiffer.diff(old, new, options: options)
        #expect(ProseDiffer.diff(old, new, options: options, oldBlocks: blocksOld, newBlocks: nil) == reference, "round \(round) (seed \(seed))")
        #expect(ProseDiffer.diff(old, new, options: options, oldBlocks: nil, newBlocks: blocksNew) == reference, "round \(round) (seed \(seed))")
        #expect(ProseDiffer.summary(old, "", options: options, oldBlocks: blocksOld, newBlocks: nil) == ProseDiffer.summary(old, "", options: options),
                "round \(round) (seed \(seed))")
        #expect(ProseDiffer.summary("", new, options: options, oldBlocks: nil, newBlocks: blocksNew) == ProseDiffer.summary("", new, options: options),
                "round \(round) (seed \(seed))")
        #expect(firstHeading(blocksNew) == firstHeading(new))

        for kind in [EntryDiff.Kind.added, .removed, .modified] {
            for text in [false, true] {
                var context = EntryJobContext(prose: options, orderField: "order")
                context.addedAndRemovedProse = text
                let ref = EntryRef(collection: "notes", id: "n\(round)", path: "notes/n\(round).md")
                let job = EntryJob(kind: kind, entry: ref, from: nil, similarity: nil,
                                   old: kind == .added ? nil : .data(Data(old.utf8)), new: kind == .removed ? nil : .data(Data(new.utf8)),
                                   oldBlob: nil, newBlob: nil, shownNewBlob: nil, orderCollection: nil)
                let shown = kind == .removed ? old : new
                let result = job.compare(context)
                guard let diff = result.diff else {
                    #expect(kind == .modified && old == new, "round \(round) (seed \(seed)): \(kind) has a diff")
                    continue
                }
                #expect(diff.title == firstHeading(shown), "round \(round) (seed \(seed)): \(kind)")
                if diff.title != nil { titled += 1 }
                let expected = !text && kind != .modified
                    ? ProseDiff(summary: ProseDiffer.summary(kind == .added ? "" : old, kind == .removed ? "" : new, options: options))
                    : ProseDiffer.diff(kind == .added ? "" : old, kind == .removed ? "" : new, options: options)
                #expect(diff.prose == expected, "round \(round) (seed \(seed)): \(kind), text \(text)")
            }
        }
    }
    #expect(titled > 300)
}
