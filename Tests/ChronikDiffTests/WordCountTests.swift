import Testing
@testable import ChronikDiff

// Word counts by git's rule (WordDiff.swift): a word is a run of non-white-space, a changed run counts once, list,
// quote and heading markers are not words, and moving line breaks or restructuring blocks changes no word.

private func counts(_ a: String, _ b: String) -> (added: Int, removed: Int) {
    let s = ProseDiffer.diff(a, b).summary
    return (s.wordsAdded, s.wordsRemoved)
}

@Test func punctuationEditsAreCounted() {
    #expect(counts("Die Stadt.\n", "Die Stadt!\n") == (1, 1))
    #expect(counts("Das gilt z.B. hier.\n", "Das gilt z. B. hier.\n") == (2, 1))
    #expect(counts("Berlin, die Stadt.\n", "Berlin die Stadt.\n") == (1, 1))
}

@Test func rewrappedParagraphCountsNoWords() throws {
    let a = "# Titel\n\nDie Stadt wächst und\nbraucht gute Wege für alle\nMenschen in Berlin.\n"
    let b = "# Titel\n\nDie Stadt wächst\nund braucht gute Wege\nfür alle Menschen in\nBerlin.\n"
    let diff = ProseDiffer.diff(a, b)
    #expect(diff.summary.wordsAdded == 0 && diff.summary.wordsRemoved == 0)
    #expect(try diff.apply(to: a) == b)
}

@Test func paragraphSplitAndJoinedCountOnlyTheirChanges() throws {
    let a = "Erster Satz über Wege. Zweiter Satz über Plätze und Parks.\n\nEnde.\n"
    let b = "Erster Satz über Wege.\n\nZweiter Satz über Plätze und Parks.\n\nEnde.\n"
    let split = ProseDiffer.diff(a, b)
    #expect(split.summary.wordsAdded == 0 && split.summary.wordsRemoved == 0)
    #expect(try split.apply(to: a) == b)
    #expect(split.blocks.map(\.kind) == [.modified])
    #expect(split.blocks.first?.old?.index == 0 && split.blocks.first?.new?.index == 0)
    #expect(split.blocks.first?.new?.lastLine == 3)
    let joined = ProseDiffer.diff(b, a)
    #expect(joined.summary.wordsAdded == 0 && joined.summary.wordsRemoved == 0)
    #expect(try joined.apply(to: b) == a)
}

@Test func paragraphTurnedIntoListAndBack() throws {
    let a = "Einleitung.\n\nWir bauen Radwege, pflanzen Bäume, öffnen Schulhöfe und sanieren Brücken.\n\nSchluss.\n"
    let b = "Einleitung.\n\nWir bauen\n\n- Radwege,\n- pflanzen Bäume,\n- öffnen Schulhöfe und\n- sanieren Brücken.\n\nSchluss.\n"
    let toList = ProseDiffer.diff(a, b)
    #expect(toList.summary.wordsAdded == 0 && toList.summary.wordsRemoved == 0)
    #expect(try toList.apply(to: a) == b)
    let back = ProseDiffer.diff(b, a)
    #expect(back.summary.wordsAdded == 0 && back.summary.wordsRemoved == 0)
    #expect(try back.apply(to: b) == a)
    // Numbered, with a word changed: only that word counts.
    let c = "Einleitung.\n\nWir bauen\n\n1. Radwege,\n2. pflanzen Bäume,\n3. öffnen Schulhöfe und\n4. sanieren Straßen.\n\nSchluss.\n"
    #expect(counts(a, c) == (1, 1))
}

@Test func listItemRewrappedIntoTheNext() throws {
    let a = "- Erstens: mehr Grün in allen\n  Bezirken der Stadt.\n- Zweitens: sichere Wege.\n"
    let b = "- Erstens: mehr Grün in allen Bezirken der Stadt.\n- Zweitens:\n  sichere Wege.\n"
    let diff = ProseDiffer.diff(a, b)
    #expect(diff.summary.wordsAdded == 0 && diff.summary.wordsRemoved == 0)
    #expect(try diff.apply(to: a) == b)
}

@Test func wholeBlocksCountTheirWordsWithoutMarkers() {
    #expect(WordDiff.proseWordCount("- Punkt eins", kind: .listItem) == 2)
    #expect(WordDiff.proseWordCount("12. Punkt zwölf", kind: .listItem) == 2)
    #expect(WordDiff.proseWordCount("## Ziele der Stadt", kind: .heading) == 3)
    #expect(WordDiff.proseWordCount("> > Zitat - mit Strich", kind: .blockQuote) == 4)
    #expect(WordDiff.proseWordCount("- 2024. Das Jahr", kind: .listItem) == 3)
    #expect(WordDiff.proseWordCount("Ein - Strich, z.B. hier.", kind: .paragraph) == 5)
    #expect(WordDiff.proseWordCount("- Punkt\n  - innen", kind: .listItem) == 2)
}

/// SplitMix64 for the property tests below.
private struct Seeded {
    var state: UInt64
    mutating func next() -> Int {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return Int(truncatingIfNeeded: (z ^ (z >> 31)) >> 1)
    }
    mutating func below(_ n: Int) -> Int { next() % max(n, 1) }
}

private let vocabulary = ["Die", "Stadt", "fördert", "offene", "Daten", "für", "alle", "Bezirke", "und", "plant", "neue",
                          "Radwege", "z.B.", "Bürger:innen", "2030", "the", "city", "open", "data", "lanes", "—", "e.g."]

/// Sentences laid out as paragraphs and lists at random: the same words, other blocks and line breaks.
private func layout(_ sentences: [String], _ random: inout Seeded) -> String {
    var blocks: [String] = []
    var k = 0
    while k < sentences.count {
        let n = 1 + random.below(4)
        let part = Array(sentences[k..<min(sentences.count, k + n)])
        k += n
        switch random.below(3) {
        case 0:
            blocks.append(part.enumerated().map { "\(random.below(2) == 0 ? "-" : "\($0.offset + 1).") \($0.element)" }.joined(separator: "\n"))
        default:
            let words = part.joined(separator: " ").split(separator: " ")
            var lines: [String] = [], line = ""
            let width = 30 + random.below(60)
            for w in words {
                if !line.isEmpty, line.count + w.count + 1 > width { lines.append(line); line = String(w) } else { line += line.isEmpty ? String(w) : " " + w }
            }
            lines.append(line)
            blocks.append(lines.joined(separator: "\n"))
        }
    }
    return blocks.joined(separator: "\n\n") + "\n"
}

@Test func restructuringWithoutWordChangesCountsNothing() throws {
    for seed in 1...40 as ClosedRange<UInt64> {
        var random = Seeded(state: seed)
        let sentences = (0..<(3 + random.below(12))).map { _ in
            (0..<(3 + random.below(8))).map { _ in vocabulary[random.below(vocabulary.count)] }.joined(separator: " ") + "."
        }
        let a = layout(sentences, &random), b = layout(sentences, &random)
        let diff = ProseDiffer.diff(a, b)
        #expect(try diff.apply(to: a) == b, "seed \(seed)")
        #expect(diff.summary.wordsAdded == 0 && diff.summary.wordsRemoved == 0, "seed \(seed): \(diff.summary)\n\(a)\n---\n\(b)")
    }
}

@Test func restructuringWithEditsCountsAsGitWould() throws {
    // The counts equal a Myers diff of the two texts' words (git's rule, markers aside) when the edits stay inside
    // restructured gaps; applying the edits gives the new text.
    for seed in 1...40 as ClosedRange<UInt64> {
        var random = Seeded(state: 1000 + seed)
        var sentences = (0..<(3 + random.below(12))).map { _ in
            (0..<(3 + random.below(8))).map { _ in vocabulary[random.below(vocabulary.count)] }.joined(separator: " ") + "."
        }
        let a = layout(sentences, &random)
        let k = random.below(sentences.count)
        sentences[k] = String(sentences[k].dropLast()) + "!"
        sentences.insert("Ein ganz neuer Satz.", at: random.below(sentences.count + 1))
        let b = layout(sentences, &random)
        let diff = ProseDiffer.diff(a, b)
        #expect(try diff.apply(to: a) == b, "seed \(seed)")
        // "…!" and the three new words; the changed run may have been "word." or "word!" in a list or paragraph.
        #expect(diff.summary.wordsAdded >= 4 && diff.summary.wordsRemoved >= 1, "seed \(seed): \(diff.summary)")
        #expect(diff.summary.wordsAdded <= 8 && diff.summary.wordsRemoved <= 5, "seed \(seed): \(diff.summary)\n\(a)\n---\n\(b)")
    }
}

@Test func unrelatedBodiesStillApply() throws {
    for seed in 1...10 as ClosedRange<UInt64> {
        var random = Seeded(state: 5000 + seed)
        func text() -> String {
            layout((0..<(5 + random.below(20))).map { _ in
                (0..<(3 + random.below(8))).map { _ in vocabulary[random.below(vocabulary.count)] }.joined(separator: " ") + "."
            }, &random)
        }
        let a = text(), b = text()
        #expect(try ProseDiffer.diff(a, b).apply(to: a) == b, "seed \(seed)")
    }
}

@Test func aBlockChangeMadeFromSegmentsCountsByTheSameRule() {
    let change = BlockChange(kind: .modified, old: nil, new: nil,
                             words: [WordSegment(.equal, "Die "), WordSegment(.delete, "Stadt."), WordSegment(.insert, "Stadt!")])
    #expect(change.wordsAdded == 1 && change.wordsRemoved == 1)
    let rewrapped = BlockChange(kind: .modified, old: nil, new: nil,
                                words: [WordSegment(.equal, "a b"), WordSegment(.delete, "\n"), WordSegment(.insert, " "), WordSegment(.equal, "c")])
    #expect(rewrapped.wordsAdded == 0 && rewrapped.wordsRemoved == 0)
}
