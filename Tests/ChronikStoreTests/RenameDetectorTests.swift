import Foundation
import GitKit
import Testing
@testable import ChronikStore

@Suite("rename pairing")
struct RenameDetectorTests {
    func candidate(_ path: String, _ text: String, id: ObjectID? = nil) -> (RenameCandidate, Data) {
        let parts = path.split(separator: "/").map(String.init)
        return (RenameCandidate(entry: EntryID(collection: parts[0], id: parts[1]), blobID: id), Data(text.utf8))
    }

    /// Pairs with the store's own similarity over the candidates' texts.
    func pair(removed: [(RenameCandidate, Data)], added: [(RenameCandidate, Data)]) -> [RenamePair] {
        RenameDetector.pair(removed: removed.map(\.0), added: added.map(\.0)) { i, j in
            RenameDetector.similarity(removed[i].1, added[j].1)
        }
    }

    let body = "---\nterm: Betreibermodell\n---\nWer betreibt die digitale Infrastruktur der Stadt, und wer trägt die Verantwortung?\n"

    @Test func identicalBlobsPairFirstPreferringTheSameID() throws {
        let id = try #require(ObjectID(hex: String(repeating: "ab", count: 20)))
        let removed = [candidate("glossary/a", "x", id: id), candidate("faq/kiez", "x", id: id)]
        let added = [candidate("glossary/kiez", "x", id: id)]
        let pairs = pair(removed: removed, added: added)
        #expect(pairs.count == 1)
        #expect(pairs.first?.removed == 1)
    }

    @Test func similarContentInTheSameCollectionIsARename() {
        let removed = [candidate("glossary/betreibermodell", body)]
        let added = [candidate("glossary/betriebsmodell", body.replacingOccurrences(of: "term: Betreibermodell", with: "term: Betriebsmodell"))]
        #expect(pair(removed: removed, added: added).count == 1)
    }

    @Test func smallEntriesSharingOnlyFencesAreNotRenames() {
        let removed = [candidate("glossary/kiez", "---\nterm: Kiez\n---\nText.\n")]
        let added = [candidate("glossary/resilienz", "---\nterm: Resilienz\n---\nText.\n")]
        #expect(pair(removed: removed, added: added).isEmpty)
    }

    /// As `git diff -M` pairs them: a similar entry in another collection under another id is a rename.
    @Test func differentCollectionsAndIDsArePairedBySimilarity() {
        let removed = [candidate("glossary/betreibermodell", body)]
        let added = [candidate("faq/betriebsmodell", body)]
        let pairs = pair(removed: removed, added: added)
        #expect(pairs.map(\.removed) == [0])
        #expect(pairs.map(\.added) == [0])
    }

    @Test func anEntryMovedToAnotherCollectionWinsATieByItsID() {
        let text = body + "Noch ein Satz.\n"
        let removed = [candidate("faq/andere", body), candidate("glossary/betreibermodell", body)]
        let added = [candidate("faq/betreibermodell", text)]
        let pairs = pair(removed: removed, added: added)
        #expect(pairs.map(\.removed) == [1])
        #expect(pairs.first.map { $0.similarity > 0.5 && $0.similarity < 1 } == true)
    }

    @Test func similarityComparisonsStayWithinTheBudget() {
        let removed = (0..<10).map { candidate("glossary/alt-\($0)", body) }
        let added = (0..<10).map { candidate("glossary/neu-\($0)", body + "\($0)") }
        var calls = 0
        let pairs = RenameDetector.pair(removed: removed.map(\.0), added: added.map(\.0), budget: 7) { i, j in
            calls += 1
            return RenameDetector.similarity(removed[i].1, added[j].1)
        }
        #expect(calls == 7)
        #expect(pairs.count == 1)
    }

    @Test func theSamplesGlossaryRenameIsFound() throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let old = try Data(contentsOf: root.appendingPathComponent("Repository/versions/03-aktionen/glossary/betreibermodell.md"))
        let new = try Data(contentsOf: root.appendingPathComponent("Repository/versions/04-strategieentwurf/glossary/betriebsmodell.md"))
        #expect(RenameDetector.similarity(old, new) >= RenameDetector.threshold)
    }

    @Test func similarityScores() {
        #expect(RenameDetector.similarity(Data("a\nb\n".utf8), Data("a\nb\n".utf8)) == 1)
        #expect(RenameDetector.similarity(Data("a\nb\n".utf8), Data("c\nd\n".utf8)) == 0)
        #expect(RenameDetector.similarity(Data("a\nb\nc\nd\n".utf8), Data("a\nb\n".utf8)) == 0.5)
        #expect(RenameDetector.similarity(Data(), Data()) == 1)
    }

    /// The merge of sorted profiles against the dictionary look-ups it replaced, on seeded random texts that share
    /// words (repeated ones too), with fences, field names, umlauts and canonically equivalent spellings (NFC, NFD).
    @Test func sortedProfilesScoreAsTheLookupsDid() {
        let vocabulary = ["Stadt", "die", "Verantwortung", "Kiez", "und", "über", "u\u{308}ber", "ÄRGER", "Ärger", "term:",
                          "---", "a", "Mobilität", "Betreibermodell", "x", "Straße", "—", "1.", "**fett**", "Größe"]
        for seed: UInt64 in 1...60 {
            var rng = SplitMix64(seed: seed)
            func text() -> Data {
                let count = Int.random(in: 0..<400, using: &rng)
                var words: [String] = []
                for _ in 0..<count {
                    // Mostly the shared vocabulary, sometimes a word of its own.
                    words.append(Int.random(in: 0..<5, using: &rng) == 0 ? "w\(Int.random(in: 0..<1_000, using: &rng))"
                                 : vocabulary[Int.random(in: 0..<vocabulary.count, using: &rng)])
                }
                return Data(words.joined(separator: Int.random(in: 0..<2, using: &rng) == 0 ? " " : "\n").utf8)
            }
            // And one of many distinct words, which makes the profile's table grow several times.
            let many = Data((0..<Int.random(in: 1_000..<5_000, using: &rng)).map { "x\($0 % 3_000)" }.joined(separator: " ").utf8)
            let texts = (0..<6).map { _ in text() } + (seed <= 8 ? [many] : [])
            let profiles = texts.map { RenameDetector.WordProfile($0) }
            for a in profiles.indices {
                for b in profiles.indices {
                    #expect(RenameDetector.similarity(profiles[a], profiles[b]) == RenameDetector.similarityByLookup(profiles[a], profiles[b]),
                            "seed \(seed), texts \(a) and \(b)")
                }
            }
            #expect(zip(profiles.map(\.keys), profiles.map(\.keys).map { $0.sorted() }).allSatisfy { $0 == $1 }, "seed \(seed)")
            // The bound `ChangeCollector` skips pairs by: the smaller size over the larger never undercuts the score.
            for a in profiles {
                for b in profiles {
                    let bound = Double(min(a.size, b.size)) / Double(max(a.size, b.size))
                    #expect(!(bound < RenameDetector.similarity(a, b)), "seed \(seed)")
                }
            }
            // Counted in the table as the dictionary counted them.
            for (text, profile) in zip(texts, profiles) {
                let reference = RenameDetector.WordProfile(countingInADictionary: text)
                #expect(profile.keys == reference.keys && profile.size == reference.size, "seed \(seed)")
                #expect(profile.counts.map(\.count) == reference.counts.map(\.count) && profile.counts.map(\.length) == reference.counts.map(\.length), "seed \(seed)")
            }
        }
    }
}
