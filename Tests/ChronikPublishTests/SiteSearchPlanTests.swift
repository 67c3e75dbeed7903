import ChronikStore
import Foundation
import Testing
@testable import ChronikPublish

/// inc15j: `index.json`'s fingerprint is made of the shards' and chunks' fingerprints (their inputs fingerprinted
/// once). A fingerprint must cover everything its file is made from: for seeded models and seeded changes to them
/// (a title, a body, a field, an entry added or removed), every search file whose fingerprint is unchanged has the
/// same bytes, and `index.json`'s fingerprint changes whenever its bytes do.
@Suite struct SiteSearchPlanTests {
    private static func plan(_ model: SiteModel, layout: SearchShards.Layout) -> SitePlan {
        let words = SearchWords()
        let index = SearchIndex(model, words: words) { c, e in
            SiteSearch.document(model.collections[c].entries[e], in: model.collections[c], words: words)
        }
        return index.plan(layout: layout, fingerprints: true)
    }

    @Test(arguments: [7, 2026, 31337] as [UInt64])
    func unchangedFingerprintsMeanUnchangedFiles(seed: UInt64) throws {
        var random = SplitMix64(seed: seed)
        func next(_ bound: Int) -> Int { Int(random.next() % UInt64(bound)) }
        let base = SiteSearchTests.mixedModel(entries: 240, seed: seed)
        let layout = SearchShards.Layout(termBudget: 1_500 + next(3_000), chunk: 1 + next(9))
        let before = Self.plan(base, layout: layout)
        var kept = 0, changed = 0
        for round in 0..<24 {
            var model = base
            let c = next(model.collections.count)
            guard !model.collections[c].entries.isEmpty else { continue }
            let e = next(model.collections[c].entries.count)
            switch next(6) {
            case 5:
                // Words the index has already, at the end of a body: other postings, the same terms and snippets.
                let other = model.collections[next(model.collections.count)].entries.first?.title ?? "Rad"
                guard model.collections[c].entries[e].body.utf8.count > 4 * SiteSearch.snippetLength else { continue }
                model.collections[c].entries[e].body += "\n\n" + other
            case 0: model.collections[c].entries[e].title += " Radweg\(round)"
            case 1: model.collections[c].entries[e].body += "\n\nNeu\(round) Straße"
            case 2: model.collections[c].entries[e].fields.append(SiteField(key: "extra", label: "Extra", value: .string("wort\(round)")))
            case 3: model.collections[c].entries.remove(at: e)
            default:
                model.collections[c].entries.append(SearchFixture.entry(model.collections[c].name, "neu\(round)", "Zusatz \(round)",
                                                                        body: "Ein neuer Eintrag über Daten\(round)."))
            }
            let after = Self.plan(model, layout: layout)
            for (path, item) in after.items {
                guard let old = before.items[path] else { continue }
                let oldBytes = old.render(), newBytes = item.render()
                if old.input == item.input {
                    #expect(oldBytes == newBytes, "seed \(seed), round \(round): \(path) kept with other bytes")
                    kept += 1
                } else {
                    changed += 1
                }
                if path == SitePaths.searchIndex, oldBytes != newBytes {
                    #expect(old.input != item.input, "seed \(seed), round \(round): index.json's fingerprint did not change")
                }
            }
        }
        #expect(kept > 100 && changed > 24, "seed \(seed): \(kept) kept, \(changed) changed")
    }

    @Test func partitionsAreContiguousAndWhole() {
        #expect(SearchIndex.partitions([], of: 0))
        #expect(SearchIndex.partitions([0..<3, 3..<5], of: 5))
        #expect(!SearchIndex.partitions([0..<3, 4..<5], of: 5))
        #expect(!SearchIndex.partitions([0..<3, 3..<5], of: 6))
        #expect(!SearchIndex.partitions([0..<3, 3..<3, 3..<5], of: 5))
        #expect(!SearchIndex.partitions([1..<5], of: 5))
    }
}

/// inc15j: `SearchShards.hasPrefix` (bytes compared when ASCII) against its definition, `prefix(term, depth) == key`,
/// for seeded terms and keys of ASCII, Latin with precomposed and combining marks, the Kelvin sign (whose canonical
/// form is ASCII `K`), CJK and emoji, at depths 0 to 4.
@Suite struct SearchShardsPrefixTests {
    @Test(arguments: [1, 99, 2026] as [UInt64])
    func hasPrefixIsThePrefixComparison(seed: UInt64) {
        var random = SplitMix64(seed: seed)
        func next(_ bound: Int) -> Int { Int(random.next() % UInt64(bound)) }
        let pieces = ["a", "b", "k", "K", "\u{212A}", "e", "\u{301}", "é", "e\u{301}", "ß", "ss", "数", "🚲", "0", "-", "_", "Å", "A\u{30A}", "\u{212B}"]
        func text(_ n: Int) -> String { (0..<n).map { _ in pieces[next(pieces.count)] }.joined() }
        var fast = 0
        for _ in 0..<20_000 {
            let depth = next(5)
            let term = text(next(6))
            let key = next(3) == 0 ? SearchShards.prefix(term, depth) : next(2) == 0 ? SearchShards.prefix(text(next(5)), depth) : text(next(4))
            #expect(SearchShards.hasPrefix(term, depth, key) == (SearchShards.prefix(term, depth) == key),
                    "seed \(seed): \(term.unicodeScalars.map { String($0.value, radix: 16) }) \(depth) \(key.unicodeScalars.map { String($0.value, radix: 16) })")
            if term.utf8.allSatisfy({ $0 < 0x80 }), key.utf8.allSatisfy({ $0 < 0x80 }) { fast += 1 }
        }
        #expect(fast > 1_000)
        // A key whose canonical form is another's: the prefix comparison decides.
        #expect(SearchShards.hasPrefix("\u{212A}abc", 1, "K") == (SearchShards.prefix("\u{212A}abc", 1) == "K"))
        #expect(SearchShards.hasPrefix("Kabc", 1, "\u{212A}") == (SearchShards.prefix("Kabc", 1) == "\u{212A}"))
    }
}
