import Foundation
import Testing
import GitKit
import ChronikStore
@testable import ChronikDiff

/// The Berlin sample imported into a fresh store (one commit and tag per draft).
private func sampleStore() throws -> (URL, Repository) {
    let url = FileManager.default.temporaryDirectory.appendingPathComponent("chronik-diff-\(UUID().uuidString)")
    _ = try SnapshotImporter.run(SampleBerlin.snapshots, into: url, root: SampleBerlin.displayName)
    return (url, try Repository(at: url))
}

private func tagged(_ repository: Repository, _ tag: String) throws -> SnapshotSide {
    .commit(try repository.resolveCommit(tag))
}

@Test func sampleAktionenToStrategieentwurf() throws {
    let (url, repository) = try sampleStore()
    defer { try? FileManager.default.removeItem(at: url) }
    let differ = SnapshotDiffer(repository: repository)
    let diff = try differ.diff(from: tagged(repository, "aktionen"), to: tagged(repository, "strategieentwurf"))
    #expect(diff.mode == .store)

    // The glossary term was renamed.
    let rename = try #require(diff.entries.first { $0.kind == .renamed && $0.entry.collection == "glossary" })
    #expect(rename.from?.id == "betreibermodell" && rename.entry.id == "betriebsmodell")
    #expect(rename.fields.contains { $0.pointer == "/term" && $0.new == .string("Betriebsmodell") })

    // Klimawandel -> Klimakrise in the strategy text.
    let nachhaltigkeit = try #require(diff.entries.first { $0.entry.description == "strategy/nachhaltigkeit" })
    let words = nachhaltigkeit.prose.blocks.flatMap { $0.words.filter { $0.operation != .equal }.map(\.text) }
    #expect(words == ["des Klimawandels", "der Klimakrise", "des Klimawandels", "der Klimakrise"])
    #expect(nachhaltigkeit.fields.map(\.pointer) == ["/order"])
    #expect(nachhaltigkeit.fields.first?.label == "Reihenfolge")

    // The Handlungsfelder were reordered: Klima und Umwelt moved to the front.
    let strategy = try #require(diff.documents.first { $0.collection == "strategy" })
    #expect(strategy.moved.map(\.id).contains("klima-und-umwelt"))
    #expect(strategy.sections.contains { $0.kind == .removed && $0.id == "teilhabe" })
    // Four sections changed places (the fewest moves: vision..resilienz and daten-als-gemeingut..umsetzung stay).
    #expect(Set(strategy.moved.map(\.id)) == ["klima-und-umwelt", "kieze", "mobilitaet", "bildung"])

    // Applying every entry's prose edits to the old body gives the new body.
    for entry in diff.entries {
        guard let oldBlob = entry.oldBlob, let newBlob = entry.newBlob else { continue }
        let old = try EntryDocument.parse(try repository.blob(oldBlob)).body
        let new = try EntryDocument.parse(try repository.blob(newBlob)).body
        #expect(try entry.prose.apply(to: old) == new, "\(entry.entry)")
    }
    let decoded = try JSONDecoder().decode(SnapshotDiff.self, from: JSONEncoder().encode(diff))
    #expect(decoded == diff)
}

@Test func sampleEveryNeighbourPairAndPublicOutput() throws {
    let (url, repository) = try sampleStore()
    defer { try? FileManager.default.removeItem(at: url) }
    let differ = SnapshotDiffer(repository: repository)
    let tags = ["strategischer-rahmen", "ambitionen", "aktionen", "strategieentwurf", "gemeinsam-digital"]
    for (a, b) in zip(tags, tags.dropFirst()) {
        let diff = try differ.diff(from: tagged(repository, a), to: tagged(repository, b))
        #expect(!diff.entries.isEmpty, "\(a)..\(b)")
        #expect(try differ.diff(from: tagged(repository, a), to: tagged(repository, a)).isEmpty)
    }
    // 01 -> 02: umsetzung moves from order 9 to 14.
    let first = try differ.diff(from: tagged(repository, "strategischer-rahmen"), to: tagged(repository, "ambitionen"))
    let umsetzung = try #require(first.entries.first { $0.entry.description == "strategy/umsetzung" })
    #expect(umsetzung.fields.contains { $0.pointer == "/order" && $0.old == .number(JSONNumber(9)) && $0.new == .number(JSONNumber(14)) })
    // Whole history, public: the private contact address appears nowhere.
    var options = SnapshotDiffOptions()
    options.publicOnly = true
    let all = try differ.diff(from: .empty, to: tagged(repository, "gemeinsam-digital"), options: options)
    #expect(all.summary.entriesAdded == 70)
    let json = String(decoding: try JSONEncoder().encode(all), as: UTF8.self)
    #expect(!json.contains("partizipation@example.org"))
    options.publicOnly = false
    let withPrivate = String(decoding: try JSONEncoder().encode(try differ.diff(from: .empty, to: tagged(repository, "gemeinsam-digital"), options: options)), as: UTF8.self)
    #expect(withPrivate.contains("partizipation@example.org"))
}

@Test func workingTreeAndPlainRepositories() throws {
    let (url, repository) = try sampleStore()
    defer { try? FileManager.default.removeItem(at: url) }
    let file = url.appendingPathComponent("strategy/vision.md")
    let text = try String(contentsOf: file, encoding: .utf8)
    try text.replacingOccurrences(of: "Berlin wächst", with: "Berlin wächst weiter").write(to: file, atomically: true, encoding: .utf8)
    try "# Notiz\n\nNeu.\n".write(to: url.appendingPathComponent("Notizen Team.md"), atomically: true, encoding: .utf8)
    let head = try repository.resolveCommit("HEAD")
    let differ = SnapshotDiffer(repository: repository)
    let diff = try differ.diff(from: .commit(head), to: .workingTree)
    #expect(diff.entries.map(\.entry.description) == ["strategy/vision"])
    // "wächst," became "wächst weiter,": two words by git's rule (WordDiff.swift), one of them the changed "wächst,".
    #expect(diff.entries.first?.prose.summary.wordsAdded == 2 && diff.entries.first?.prose.summary.wordsRemoved == 1)
    #expect(diff.files.map(\.path) == ["Notizen Team.md"])

    var plain = SnapshotDiffOptions()
    plain.forcePlain = true
    let plainDiff = try differ.diff(from: .commit(head), to: .workingTree, options: plain)
    #expect(plainDiff.mode == .plain)
    #expect(Set(plainDiff.entries.map(\.entry.description)) == ["strategy/vision", "Notizen Team"])
    #expect(plainDiff.entries.first { $0.entry.id == "Notizen Team" }?.title == "Notiz")
}

@Test func documentOrderReportsOneMove() {
    let old = ["a", "b", "c", "d", "e"].enumerated().map { DocumentSection(id: $1, order: Double($0 + 1), title: nil) }
    let new = ["d", "a", "b", "c", "f"].enumerated().map { DocumentSection(id: $1 == "f" ? "e2" : $1, order: Double($0 + 1), title: nil) }
    let diff = DocumentOrder.compare(collection: "strategy", old: old, new: new, renames: ["e": "e2"])
    #expect(diff.moved.map(\.id) == ["d"])
    #expect(diff.moved.first?.oldPosition == 4 && diff.moved.first?.newPosition == 1)
    #expect(diff.sections.first { $0.id == "e2" }?.from == "e")
    #expect(!diff.sections.contains { $0.kind == .added || $0.kind == .removed })
}

/// A differ with an entry budget of 0 (the CLI's, diff19b: one diff keeps no parsed entries) gives the diffs of a
/// differ that keeps them, also when it is asked again (nothing cached to find) and with `countsOnly` (the counts of
/// the whole diff): every pair of the sample's versions, both ways, on one and on four threads.
@Test func aDifferWithoutEntryBudgetAndCountsOnlyGiveTheSameDiffs() throws {
    let (url, repository) = try sampleStore()
    defer { try? FileManager.default.removeItem(at: url) }
    let versions = try repository.walk(from: [try #require(try repository.headCommit())])
    #expect(versions.count >= 3)
    let keeping = SnapshotDiffer(repository: repository), keepingNone = SnapshotDiffer(repository: repository, entryBudget: 0)
    var compared = 0
    for old in versions {
        for new in versions where new != old {
            for threads in [1, 4] {
                var options = SnapshotDiffOptions()
                options.threads = threads
                let reference = try keeping.diff(from: .commit(old), to: .commit(new), options: options)
                #expect(try keepingNone.diff(from: .commit(old), to: .commit(new), options: options) == reference)
                #expect(try keepingNone.diff(from: .commit(old), to: .commit(new), options: options) == reference)
                options.countsOnly = true
                let counted = try keepingNone.diff(from: .commit(old), to: .commit(new), options: options)
                #expect(counted.entries.map(\.entry) == reference.entries.map(\.entry) && counted.summary == reference.summary)
                #expect(counted.entries.map(\.prose.summary) == reference.entries.map(\.prose.summary))
                #expect(counted.entries.map(\.formatting) == reference.entries.map(\.formatting) && counted.files == reference.files)
                compared += reference.entries.count
            }
        }
    }
    #expect(compared > 20)
}
