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

// MARK: - Counts without blocks and edits (diff19b: `chronik diff --stat`)

/// Text the prose diff compares by its bytes (`NormalizationStability`): the generator's text without what is not.
private func byteComparable(_ text: String) -> String {
    String(String.UnicodeScalarView(text.unicodeScalars.filter { $0.value < 0x250 }))
}

/// A random restructuring: paragraphs split at sentence ends, joined, turned into list items, rewrapped.
private func restructure(_ text: String, _ generator: inout TextGenerator) -> String {
    switch generator.int(0...4) {
    case 0: return text.replacingOccurrences(of: ". ", with: ".\n\n")
    case 1: return text.replacingOccurrences(of: "\n\n", with: "\n")
    case 2: return text.split(separator: "\n", omittingEmptySubsequences: false).map { generator.chance(0.5) ? "- " + $0 : String($0) }.joined(separator: "\n")
    case 3: return text.replacingOccurrences(of: " ", with: generator.chance(0.5) ? "\n" : "  ")
    default: return generator.mutate(generator.mutate(text))
    }
}

/// `ProseDiffer.counts` against the whole prose diff it stands in for: for texts compared by bytes, the same summary
/// and `changed` exactly when the diff has edits; nil (the caller diffs) for other texts. Random documents, edited,
/// restructured (the regrouping of step 3b) and moved, with small pairing and regrouping budgets too, so that the
/// banded pairing and the fallback of a gap over the regrouping budget are taken.
@Test func proseCountsAgreeWithTheWholeDiff() {
    let seed: UInt64 = 0xD1FF_19B
    var generator = TextGenerator(seed: seed)
    var counted = 0, moved = 0, modified = 0, unchanged = 0
    for round in 0..<1_500 {
        var options = ProseDiffOptions()
        if generator.chance(0.2) { options.pairingBudget = generator.int(1...6); options.pairingWindow = generator.int(0...2) }
        if generator.chance(0.2) { options.regroupBudget = generator.int(0...40) }
        if generator.chance(0.1) { options.detectMoves = false }
        let stable = generator.chance(0.85)
        var old = generator.document()
        if generator.chance(0.5) { old += "\n\n" + generator.document() }
        var new: String
        switch generator.int(0...9) {
        case 0: new = old
        case 1, 2: new = restructure(old, &generator)
        case 3: new = old.replacingOccurrences(of: " ", with: "  ") // white space alone
        default: new = generator.mutate(old)
        }
        if stable { old = byteComparable(old); new = byteComparable(new) }
        let reference = ProseDiffer.diff(old, new, options: options)
        guard let counts = ProseDiffer.counts(old, new, options: options, oldBlocks: nil, newBlocks: nil) else {
            #expect(!(NormalizationStability.isStable(old) && NormalizationStability.isStable(new)), "round \(round) (seed \(seed))")
            continue
        }
        #expect(counts.summary == reference.summary, "round \(round) (seed \(seed)): \(String(reflecting: old)) -> \(String(reflecting: new))")
        #expect(counts.changed == !reference.isEmpty, "round \(round) (seed \(seed))")
        // With the blocks given, as the entry comparison gives them.
        let given = ProseDiffer.counts(old, new, options: options, oldBlocks: MarkdownBlocks.split(old), newBlocks: MarkdownBlocks.split(new))
        #expect(given?.summary == reference.summary && given?.changed == counts.changed, "round \(round) (seed \(seed))")
        counted += 1
        if reference.summary.blocksMoved > 0 { moved += 1 }
        if reference.summary.blocksModified > 0 { modified += 1 }
        if !counts.changed { unchanged += 1 }
    }
    #expect(counted > 1_000)
    #expect(moved > 50 && modified > 300 && unchanged > 50)
}

/// An entry compared for `--stat` (`EntryJobContext.countsOnly`) against the whole comparison: the same entries kept
/// or dropped, and the same kind, fields, counts, title, problems and formatting change, for entries whose front
/// matter, body, both or only their white space changed (the formatting change needs the edits: taken by the whole
/// diff), added and removed, with texts compared by bytes and not.
@Test func entriesCountedForStatAgreeWithTheirWholeComparison() {
    let seed: UInt64 = 0x57A7_19B
    var generator = TextGenerator(seed: seed)
    let fronts = ["title: Ein Titel\nstatus: draft\n", "title: Ein Titel\nstatus: active\n", "title: Anderer Titel\nstatus: draft\n",
                  "title:   Ein Titel\nstatus: draft\n", "status: draft\n", "title: [unclosed\n"]
    var compared = 0, formatting = 0, dropped = 0
    for round in 0..<800 {
        let stable = generator.chance(0.8)
        var body = generator.document()
        var newBody: String
        switch generator.int(0...7) {
        case 0: newBody = body
        case 1: newBody = body.replacingOccurrences(of: "\n\n", with: "\n\n\n") // white space between blocks
        case 2: newBody = body + (generator.chance(0.5) ? "\n" : " ")
        case 3: newBody = body.replacingOccurrences(of: "- ", with: "* ") // markers: no word, no white space
        case 4: newBody = body.replacingOccurrences(of: "# ", with: "## ")
        default: newBody = generator.mutate(body)
        }
        if stable { body = byteComparable(body); newBody = byteComparable(newBody) }
        func file(_ front: String, _ body: String) -> Data { Data(("---\n" + front + "---\n" + body).utf8) }
        let oldFront = generator.pick(fronts), newFront = generator.chance(0.5) ? oldFront : generator.pick(fronts)
        let oldData = file(oldFront, body)
        var newData = file(newFront, newBody)
        if generator.chance(0.1) {
            // A line break more at the end of the body alone.
            newData = file(newFront, body)
            newData.append(0x0A)
        }
        for kind in [EntryDiff.Kind.modified, .added, .removed, .renamed] {
            let ref = EntryRef(collection: "notes", id: "n\(round)", path: "notes/n\(round).md")
            let job = EntryJob(kind: kind, entry: ref, from: kind == .renamed ? EntryRef(collection: "notes", id: "m\(round)", path: "notes/m\(round).md") : nil,
                               similarity: nil, old: kind == .added ? nil : .data(oldData), new: kind == .removed ? nil : .data(newData),
                               oldBlob: nil, newBlob: nil, shownNewBlob: nil, orderCollection: nil)
            var whole = EntryJobContext(prose: ProseDiffOptions(), orderField: "order")
            var counts = whole
            counts.countsOnly = true
            if generator.chance(0.3) { whole.addedAndRemovedProse = false }
            let reference = job.compare(whole).diff, fast = job.compare(counts).diff
            #expect((reference == nil) == (fast == nil), "round \(round) (seed \(seed)): \(kind) kept")
            if reference == nil { dropped += 1 }
            guard let reference, let fast else { continue }
            #expect(fast.kind == reference.kind && fast.entry == reference.entry && fast.from == reference.from, "round \(round) (seed \(seed))")
            #expect(fast.fields == reference.fields && fast.title == reference.title && fast.problems == reference.problems, "round \(round) (seed \(seed))")
            #expect(fast.prose.summary == reference.prose.summary, "round \(round) (seed \(seed)): \(kind)")
            #expect(fast.formatting == reference.formatting, "round \(round) (seed \(seed)): \(kind)")
            if reference.formatting != nil { formatting += 1 }
            compared += 1
        }
    }
    #expect(compared > 2_000 && formatting > 20 && dropped > 20)
}

// MARK: - Normalisation stability, eight ASCII bytes at a time (eng19)

/// `NormalizationStability.isStable` as it was: byte by byte. The reference of the word-at-a-time scan.
private func stableByteByByte(_ text: String) -> Bool {
    let bytes = Array(text.utf8)
    var i = 0
    let n = bytes.count
    while i < n {
        let b = bytes[i]
        if b < 0x80 { i += 1; continue }
        if b >= 0xC2, b <= 0xCB { i += 2; continue }
        if b == 0xE2, i + 2 < n {
            let v = 0x2000 | (Int(bytes[i + 1] & 0x3F) << 6) | Int(bytes[i + 2] & 0x3F)
            if (0x2010...0x2027).contains(v) || (0x2030...0x205E).contains(v) || (0x20A0...0x20BF).contains(v) {
                i += 3
                continue
            }
        }
        return false
    }
    return true
}

@Test func normalizationStabilityAgreesWithTheByteLoop() {
    let seed: UInt64 = 0x57AB_1E19
    var rng = SplitMix64(seed: seed)
    // Stable and unstable scalars, at every offset from a word boundary (ASCII runs of 0 to 17 bytes around them).
    let pieces = ["a", "Straße", "ä", "ß", "\u{2013}", "\u{201E}", "\u{20AC}", "\u{2028}", "\u{2030}", "\u{205F}", "\u{20C0}",
                  "\u{0301}", "e\u{0301}", "\u{02FF}", "\u{0300}", "日本", "👩🏽‍💻", "\u{00}", "\n", "\u{7F}", "\u{80}", "\u{2FF}"]
    var unstable = 0
    for round in 0..<6_000 {
        var text = ""
        for _ in 0..<Int.random(in: 0...12, using: &rng) {
            text += String(repeating: "x", count: Int.random(in: 0...17, using: &rng))
            if Int.random(in: 0...3, using: &rng) > 0 { text += pieces[Int.random(in: 0..<pieces.count, using: &rng)] }
        }
        let expected = stableByteByByte(text)
        if !expected { unstable += 1 }
        #expect(NormalizationStability.isStable(text) == expected, "seed \(seed), round \(round): \(String(reflecting: text))")
        // Substrings start and end anywhere (unaligned loads).
        let dropped = Int.random(in: 0...3, using: &rng)
        let sub = text.dropFirst(dropped)
        #expect(NormalizationStability.isStable(sub) == stableByteByByte(String(sub)), "seed \(seed), round \(round), drop \(dropped)")
    }
    #expect(unstable > 500 && unstable < 5_500)
}

// MARK: - Words counted on the bytes (eng19)

/// `WordDiff.proseWordCount` (runs of non-white-space counted on the bytes where `ByteScan` reads the text, tokens made
/// only of runs where a marker may be) against the count from the tokens, for every block kind, on seeded text of
/// words, numbers, URLs, joiners, markers at and off a line's start, Latin-1 letters, other scripts and every kind of
/// white space.
@Test func byteScanWhiteSpaceIsTheCharacterProperty() {
    for b in 0..<256 {
        let scalar = Unicode.Scalar(UInt8(b))
        // What ByteScan reads: ASCII but CR, and the Latin-1 letters and signs U+00C0–U+00FF.
        guard b < 0x80 && b != 0x0D || b >= 0xC0 else { continue }
        #expect(ByteScan.isSpace(UInt8(b)) == (b < 0x80 && Character(scalar).isWhitespace), "\(b)")
        #expect(!Character(scalar).isWhitespace || b < 0x80, "\(b)")
    }
}

@Test func proseWordCountAgreesWithTheTokens() {
    let seed: UInt64 = 0x3C0_0019
    var rng = SplitMix64(seed: seed)
    let pieces = ["Wort", "Straße", "Ärger", "über", "42", "3.5", "1.000", "z.B.", "E-Mail", "Bürger*innen", "Bürger:innen", "don't",
                  "https://berlin.de/a_(b)", "www.x.de.", "- ", "* ", "+ ", "1. ", "2) ", "> ", "# ", "### ", "####### ", "-", "#",
                  ">", " ", "  ", "\t", "\n", "\n\n", "\u{0B}", "\u{0C}", "\r\n", "\u{A0}", "\u{2003}", "\u{85}", "—", "„", "“", "…",
                  "日本", "👩🏽‍💻", "e\u{301}", "×", "÷", "(", ")", "[", "]", ".", ",", "!", "`", "|", "\u{00}", "\u{1F}"]
    let kinds: [BlockKind] = [.heading, .paragraph, .listItem, .tableRow, .codeBlock, .blockQuote, .thematicBreak, .html, .other]
    var onBytes = 0
    for round in 0..<6_000 {
        var text = ""
        // Every other round only what `ByteScan` reads (ASCII but CR, Latin-1 letters), so that the count on the bytes is
        // taken often.
        let usable = round % 2 == 0 ? pieces : pieces.filter { $0.utf8.allSatisfy { $0 != 0x0D } && $0.unicodeScalars.allSatisfy { $0.value < 0x80 || (0xC0...0xFF).contains($0.value) } }
        for _ in 0..<Int.random(in: 0...24, using: &rng) { text += usable[Int.random(in: 0..<usable.count, using: &rng)] }
        let kind = kinds[Int.random(in: 0..<kinds.count, using: &rng)]
        let reference = WordDiff.proseWordCountByTokens(text[...], kind: kind)
        #expect(WordDiff.proseWordCount(text, kind: kind) == reference, "seed \(seed), round \(round), \(kind): \(String(reflecting: text))")
        let sub = text.dropFirst(Int.random(in: 0...2, using: &rng))
        #expect(WordDiff.proseWordCount(sub, kind: kind) == WordDiff.proseWordCountByTokens(sub, kind: kind), "seed \(seed), round \(round), substring")
        if text.utf8.withContiguousStorageIfAvailable({ ByteScan.covers($0) }) == true { onBytes += 1 }
    }
    #expect(onBytes > 2_500)
}
