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
