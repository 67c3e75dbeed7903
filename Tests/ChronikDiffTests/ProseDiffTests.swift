import Foundation
import Testing
@testable import ChronikDiff

@Test func blocksAndSeparatorsRebuildTheBody() {
    for seed in UInt64(1)...300 {
        var g = TextGenerator(seed: seed)
        let body = g.document()
        let blocks = MarkdownBlocks.split(body)
        var rebuilt = ""
        var cursor = 0
        let bytes = Array(body.utf8)
        for block in blocks {
            #expect(block.range.lowerBound >= cursor, "seed \(seed)")
            rebuilt += String(decoding: bytes[cursor..<block.range.lowerBound], as: UTF8.self)
            rebuilt += block.text
            cursor = block.range.upperBound
        }
        rebuilt += String(decoding: bytes[cursor...], as: UTF8.self)
        #expect(rebuilt == body, "seed \(seed)")
    }
}

@Test func blockKinds() {
    let body = """
    # Titel

    Ein Absatz
    über zwei Zeilen.

    - eins
    - zwei
      - drei

    | a | b |
    | --- | --- |
    | 1 | 2 |

    ```swift
    let x = 1
    ```

    > Zitat

    ---
    """
    let blocks = MarkdownBlocks.split(body)
    #expect(blocks.map(\.kind) == [.heading, .paragraph, .listItem, .listItem, .tableRow, .tableRow, .codeBlock, .blockQuote, .thematicBreak])
    #expect(blocks[1].text == "Ein Absatz\nüber zwei Zeilen.")
    #expect(blocks[3].text == "- zwei\n  - drei")
    #expect(blocks[5].text == "| 1 | 2 |")
    #expect(blocks[1].lines == 3...4)
}

@Test func applyingTheDiffGivesTheNewText() throws {
    for seed in UInt64(1)...400 {
        var g = TextGenerator(seed: seed)
        let a = g.document()
        let b = g.chance(0.1) ? g.document() : g.mutate(a)
        let diff = ProseDiffer.diff(a, b)
        let applied = try diff.apply(to: a)
        #expect(applied == b, "seed \(seed)")
        #expect(ProseDiffer.diff(a, a).isEmpty, "seed \(seed)")
        #expect(ProseDiffer.diff(a, a).blocks.isEmpty, "seed \(seed)")
        // The JSON round trip keeps everything needed to apply it.
        let decoded = try JSONDecoder().decode(ProseDiff.self, from: JSONEncoder().encode(diff))
        #expect(decoded == diff, "seed \(seed)")
        #expect(diff.isEmpty == (a == b), "seed \(seed)")
    }
}

@Test func aMovedParagraphIsOneMove() throws {
    let p = (1...5).map { "Absatz \($0): Die Stadt Berlin plant Maßnahmen für Bürger:innen, Nummer \($0)." }
    let a = p.joined(separator: "\n\n") + "\n"
    let b = [p[0], p[2], p[3], p[1], p[4]].joined(separator: "\n\n") + "\n"
    let diff = ProseDiffer.diff(a, b)
    #expect(diff.blocks.count == 1)
    #expect(diff.blocks.first?.kind == .moved)
    #expect(diff.blocks.first?.old?.index == 1 && diff.blocks.first?.new?.index == 3)
    #expect(diff.summary.blocksMoved == 1 && diff.summary.wordsAdded == 0 && diff.summary.wordsRemoved == 0)
    #expect(try diff.apply(to: a) == b)
}

@Test func aMovedAndEditedParagraphIsOneMove() throws {
    let p = (1...5).map { "Absatz \($0): Die Stadt Berlin plant viele Maßnahmen für alle Bürger:innen, Nummer \($0)." }
    var moved = p[0]
    moved = moved.replacingOccurrences(of: "viele", with: "einige")
    let a = p.joined(separator: "\n\n")
    let b = [p[1], p[2], p[3], p[4], moved].joined(separator: "\n\n")
    let diff = ProseDiffer.diff(a, b)
    #expect(diff.blocks.map(\.kind) == [.moved])
    #expect(diff.blocks[0].words.filter { $0.operation != .equal } == [WordSegment(.delete, "viele"), WordSegment(.insert, "einige")])
    #expect(try diff.apply(to: a) == b)
}

@Test func insertedDeletedAndModifiedBlocks() throws {
    let a = "# Vision\n\nBerlin wächst.\n\nAlt und weg.\n"
    let b = "# Vision\n\nBerlin wächst schnell.\n\nNeu: ein ganz anderer Absatz über Daten.\n"
    let diff = ProseDiffer.diff(a, b)
    #expect(try diff.apply(to: a) == b)
    #expect(diff.blocks.map(\.kind) == [.modified, .deleted, .inserted] || diff.blocks.map(\.kind) == [.modified, .inserted, .deleted])
    #expect(diff.blocks[0].words == [WordSegment(.equal, "Berlin wächst"), WordSegment(.insert, " schnell"), WordSegment(.equal, ".")])
    // Git's word rule (WordDiff.swift): "wächst." became "wächst schnell." (one word removed, two added), plus the
    // deleted and the inserted paragraph.
    #expect(diff.summary.wordsAdded == 2 + 7)
    #expect(diff.summary.wordsRemoved == 1 + 3)
}

@Test func editsDoNotApplyToAnotherText() {
    let diff = ProseDiffer.diff("eins zwei", "eins drei")
    #expect(throws: ProseDiffError.self) { try diff.apply(to: "vier fünf") }
}

@Test func klimawandelBecomesKlimakrise() throws {
    let body = try #require(sampleFile("04-strategieentwurf", "strategy/klima-und-umwelt.md")).body
    let original = body.replacingOccurrences(of: "Klimakrise", with: "Klimawandel")
    try #require(original.contains("Klimawandel"))
    let diff = ProseDiffer.diff(original, body)
    let changed = diff.blocks.flatMap { $0.words.filter { $0.operation != .equal } }
    let occurrences = original.components(separatedBy: "Klimawandel").count - 1
    #expect(changed.count == 2 * occurrences)
    for (k, segment) in changed.enumerated() {
        #expect(segment == WordSegment(k.isMultiple(of: 2) ? .delete : .insert, k.isMultiple(of: 2) ? "Klimawandel" : "Klimakrise"))
    }
    #expect(diff.summary.wordsAdded == occurrences && diff.summary.wordsRemoved == occurrences)
    #expect(try diff.apply(to: original) == body)
}

@Test func realSampleDiffVision() throws {
    let a = try #require(sampleFile("03-aktionen", "strategy/vision.md")).body
    let b = try #require(sampleFile("04-strategieentwurf", "strategy/vision.md")).body
    let diff = ProseDiffer.diff(a, b)
    #expect(try diff.apply(to: a) == b)
    let changed = diff.blocks.flatMap { $0.words.filter { $0.operation != .equal }.map(\.text) }
    #expect(changed == ["den Klimawandel", "die Klimakrise", "soziale "] || changed == ["den Klimawandel", "die Klimakrise", " soziale"])
}

@Test func theSummaryAloneIsTheDiffsSummary() {
    var generator = TextGenerator(seed: 4_711)
    for round in 0..<600 {
        let old = generator.chance(0.3) ? "" : generator.document()
        let new = generator.chance(0.3) ? (generator.chance(0.5) ? "" : "  \n\n ") : (generator.chance(0.5) ? generator.mutate(old) : generator.document())
        #expect(ProseDiffer.summary(old, new) == ProseDiffer.diff(old, new).summary, "seed 4711, round \(round)")
        #expect(ProseDiffer.summary(new, old) == ProseDiffer.diff(new, old).summary, "seed 4711, round \(round)")
    }
}
