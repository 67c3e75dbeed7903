import ChronikStore
import Foundation
import GitKit
import Testing
@testable import ChronikDiff

// The calling thread's work before and after a large diff compares its entries (eng19e, BENCHMARKS.md "Engine, third
// round"), each fast path held to the way it was done before on seeded inputs:
// - rename pairing's plan (`RenameDetector.plan`): the comparisons `pair` asks for, in its order, and `pair` built on
//   it against the pairing as it was written before;
// - `ChangeCollector.willCompare`: the candidates it announces are those whose contents pairing then asks for;
// - `--stat` rendered in pieces on several threads against the text made as before, on one thread.
private struct CommitFailed: Error {}

@Suite struct SerialPhaseTests {
    static func id(_ n: Int) -> ObjectID {
        // A valid object id per number (never the zero id).
        guard let id = ObjectID(hex: String(format: "%040x", n + 1)) else { preconditionFailure("40 hex digits") }
        return id
    }

    /// Seeded candidates: ids from a small pool (so the same id recurs across collections), a few collections, blob
    /// ids from a small pool (identical contents), some without a blob.
    static func candidates(_ rng: inout SplitMix64, count: Int, ids: Int) -> [RenameCandidate] {
        (0..<count).map { _ in
            let entry = EntryID(collection: ["a", "b", "c"][Int.random(in: 0..<3, using: &rng)], id: "e\(Int.random(in: 0..<ids, using: &rng))")
            let blob = Int.random(in: 0..<6, using: &rng) == 0 ? nil : id(Int.random(in: 0..<(4 * count + 1), using: &rng))
            return RenameCandidate(entry: entry, blobID: blob)
        }
    }

    /// `RenameDetector.pair` as it was written before it was split into `plan` and the scoring.
    static func referencePair(removed: [RenameCandidate], added: [RenameCandidate], threshold: Double, budget: Int,
                              similarity: (Int, Int) -> Double?) -> [[Double]] {
        var pairs: [[Double]] = [] // removed, added, similarity
        var freeRemoved = Set(removed.indices)
        var freeAdded = Set(added.indices)
        var removedByBlob: [ObjectID: [Int]] = [:]
        for i in removed.indices { if let id = removed[i].blobID { removedByBlob[id, default: []].append(i) } }
        for j in added.indices {
            guard let id = added[j].blobID, var candidates = removedByBlob[id], !candidates.isEmpty else { continue }
            let pick = candidates.firstIndex { removed[$0].entry.id == added[j].entry.id }
                ?? candidates.firstIndex { removed[$0].entry.collection == added[j].entry.collection }
                ?? 0
            let i = candidates.remove(at: pick)
            removedByBlob[id] = candidates
            pairs.append([Double(i), Double(j), 1])
            freeRemoved.remove(i)
            freeAdded.remove(j)
        }
        guard !freeRemoved.isEmpty, !freeAdded.isEmpty else { return pairs }
        let left = freeRemoved.sorted(), right = freeAdded.sorted()
        var scored: [(rank: Double, score: Double, i: Int, j: Int)] = []
        func compare(_ i: Int, _ j: Int) {
            guard let score = similarity(i, j), score >= threshold else { return }
            scored.append((score + (removed[i].entry.id == added[j].entry.id ? 1 : 0), score, i, j))
        }
        let (all, overflow) = left.count.multipliedReportingOverflow(by: right.count)
        if !overflow, all <= budget {
            for i in left { for j in right { compare(i, j) } }
        } else {
            var remaining = budget
            var byID: [String: [Int]] = [:], byCollection: [String: [Int]] = [:]
            for j in right {
                byID[added[j].entry.id, default: []].append(j)
                byCollection[added[j].entry.collection, default: []].append(j)
            }
            var compared = Set<Int64>()
            outer: for sameID in [true, false] {
                for i in left {
                    let r = removed[i].entry
                    for j in (sameID ? byID[r.id] : byCollection[r.collection]) ?? [] {
                        guard remaining > 0 else { break outer }
                        guard compared.insert(Int64(i) << 32 | Int64(j)).inserted else { continue }
                        remaining -= 1
                        compare(i, j)
                    }
                }
            }
        }
        scored.sort { ($0.rank, -$0.i, -$0.j) > ($1.rank, -$1.i, -$1.j) }
        for candidate in scored where freeRemoved.contains(candidate.i) && freeAdded.contains(candidate.j) {
            pairs.append([Double(candidate.i), Double(candidate.j), candidate.score])
            freeRemoved.remove(candidate.i)
            freeAdded.remove(candidate.j)
        }
        return pairs
    }

    /// 400 seeded cases, within the budget (every pair) and far over it (the same id, then the same collection): the
    /// plan lists exactly the comparisons `pair` asks for, in order, and `pair` gives the pairs of the reference.
    @Test func renamePlanIsWhatPairingAsksFor() {
        var overBudget = 0
        for seed in UInt64(1)...400 {
            var rng = SplitMix64(seed: seed)
            let removed = Self.candidates(&rng, count: Int.random(in: 0..<60, using: &rng), ids: 20)
            let added = Self.candidates(&rng, count: Int.random(in: 0..<60, using: &rng), ids: 20)
            let budget = [0, 1, 7, 50, 400, 2_500][Int.random(in: 0..<6, using: &rng)]
            // A score per pair from the seed (some nil: a content that cannot be read).
            func score(_ i: Int, _ j: Int) -> Double? {
                var r = SplitMix64(seed: seed &* 7_919 &+ UInt64(i * 1_000 + j))
                let x = Double(r.next() % 1_000) / 999
                return x < 0.05 ? nil : x
            }
            var asked: [(removed: Int, added: Int)] = []
            let pairs = RenameDetector.pair(removed: removed, added: added, threshold: 0.5, budget: budget) { i, j in
                asked.append((i, j))
                return score(i, j)
            }
            let plan = RenameDetector.plan(removed: removed, added: added, budget: budget)
            #expect(plan.comparisons.map { [$0.removed, $0.added] } == asked.map { [$0.removed, $0.added] }, "seed \(seed)")
            #expect(plan.comparisons.count <= max(budget, 0), "seed \(seed)")
            #expect(Array(pairs.prefix(plan.identical.count)) == plan.identical, "seed \(seed)")
            let expected = Self.referencePair(removed: removed, added: added, threshold: 0.5, budget: budget, similarity: score)
            #expect(pairs.map { [Double($0.removed), Double($0.added), $0.similarity] } == expected, "seed \(seed)")
            if plan.comparisons.count == budget, budget > 0 { overBudget += 1 }
        }
        #expect(overBudget >= 40)
    }

    /// The collector announces, once, the candidates whose contents pairing then asks for (those its `profile` does
    /// not give): the same paths, in the order first asked on each side; and the changes are the same as without.
    @Test func collectorAnnouncesTheContentsPairingAsksFor() throws {
        var announced = 0
        for seed in UInt64(1)...60 {
            var rng = SplitMix64(seed: seed)
            var paths: [PathChange] = []
            var contents: [String: Data] = [:]
            let words = ["Stadt", "Plan", "Kiez", "Rad", "Weg", "Park", "Daten", "offen", "neu", "alt"]
            func text() -> Data {
                Data(((0..<Int.random(in: 3..<30, using: &rng)).map { _ in words[Int.random(in: 0..<words.count, using: &rng)] }).joined(separator: " ").utf8)
            }
            for k in 0..<Int.random(in: 0..<40, using: &rng) {
                let path = ["a", "b"][Int.random(in: 0..<2, using: &rng)] + "/r\(k % 9)-\(k).md"
                contents["o:" + path] = text()
                paths.append(PathChange(path: path, old: ChangedBlob(id: Self.id(1_000 + k), mode: .blob), new: nil))
            }
            for k in 0..<Int.random(in: 0..<40, using: &rng) {
                let path = ["a", "b"][Int.random(in: 0..<2, using: &rng)] + "/n\(k % 9)-\(k).md"
                contents["n:" + path] = text()
                paths.append(PathChange(path: path, old: nil, new: ChangedBlob(id: Self.id(2_000 + k), mode: .blob)))
            }
            paths.sort { $0.path < $1.path }
            var collector = ChangeCollector(oldLayout: .plain, newLayout: .plain, keepsRefusedPaths: true)
            collector.maxSimilarityPairs = [5, 30, 2_500][Int.random(in: 0..<3, using: &rng)]
            let plain = try collector.collect(paths) { side, path, _ in contents[(side == .old ? "o:" : "n:") + path] }
            var lists: [(old: [String], new: [String])] = []
            collector.willCompare = { old, new in lists.append((old.map(\.path), new.map(\.path))) }
            var asked: (old: [String], new: [String]) = ([], [])
            let collected = try collector.collect(paths) { side, path, _ in
                if side == .old { asked.old.append(path) } else { asked.new.append(path) }
                return contents[(side == .old ? "o:" : "n:") + path]
            }
            #expect(collected == plain, "seed \(seed)")
            #expect(lists.count <= 1, "seed \(seed)")
            #expect(lists.first?.old ?? [] == asked.old, "seed \(seed)")
            #expect(lists.first?.new ?? [] == asked.new, "seed \(seed)")
            if !lists.isEmpty { announced += 1 }
        }
        #expect(announced >= 30)
    }

    /// `--stat` as it was rendered before it was made in pieces: every row on the calling thread, joined.
    static func referenceStat(_ diff: SnapshotDiff, options: RenderOptions) -> String {
        let stat = DiffStat(diff)
        let catalog = Messages.catalog(options.messageLanguage)
        func clean(_ s: String) -> String { TerminalText.sanitize(RenderWords.oneLine(s)) }
        let names = stat.rows.map { row in clean(row.from.map { "\($0) -> \(row.entry)" } ?? row.entry) }
        let width = min(names.map(DisplayWidth.of).max() ?? 0, 60)
        let kinds = diff.entries.map { catalog.statKind($0.kind.label, file: false) } + diff.files.map { catalog.statKind($0.kind.label, file: true) }
        let kindWidth = kinds.map(DisplayWidth.of).max() ?? 0
        var out = DiffTextRenderer.header(options) + "\n"
        for (row, (name, kind)) in zip(stat.rows, zip(names, kinds)) {
            var line = " " + DisplayWidth.padded(name, to: width)
            line += " | " + DisplayWidth.padded(kind, to: kindWidth)
            var parts: [String] = []
            if row.wordsAdded > 0 || row.wordsRemoved > 0 { parts.append(catalog.statWords(added: row.wordsAdded, removed: row.wordsRemoved)) }
            if row.fieldsChanged > 0 { parts.append(catalog.statFields(row.fieldsChanged)) }
            if row.blocksMoved > 0 { parts.append(catalog.statBlocksMoved(row.blocksMoved)) }
            if let formatting = row.formatting {
                if parts.isEmpty { parts.append(catalog.statWords(added: 0, removed: 0)) }
                parts.append(catalog.formattingOnly(formatting.label))
            }
            if let count = row.attachments { parts.append(catalog.statAttachments(count)) }
            if !parts.isEmpty { line += "  " + parts.joined(separator: ", ") }
            out += line + "\n"
        }
        out += " " + (diff.isEmpty ? catalog.terminalNoChanges() : catalog.diffTotals(stat.summary.label)) + "\n"
        return out
    }

    /// 40 seeded diffs of up to 300 entries (long names, names with wide characters, renames, files, formatting and
    /// attachment rows), in English and German, rendered in pieces of 1, 7 and 1,024 rows on one thread and on four.
    @Test func statInPiecesIsTheStatOfOneThread() {
        var pieced = 0
        for seed in UInt64(1)...40 {
            var diff = StreamedTextRenderTests.diff(seed: seed)
            var rng = SplitMix64(seed: seed)
            for k in diff.entries.indices {
                switch Int.random(in: 0..<12, using: &rng) {
                case 0: diff.entries[k].entry.id += String(repeating: "-lang", count: Int.random(in: 5..<20, using: &rng))
                case 1: diff.entries[k].entry.id += "-café-東京-😀"
                case 2: diff.entries[k].kind = .moved
                case 3: diff.entries[k].attachments = [AttachmentChange(kind: .added, name: "plan.pdf")]
                default: break
                }
            }
            if Int.random(in: 0..<2, using: &rng) == 0 { diff.files.append(FileDiff(kind: .removed, path: "schemas/alt.json", oldBlob: nil, newBlob: nil)) }
            for language in [StoreLanguage.en, .de] {
                var options = RenderOptions(oldName: "release-001", newName: "release-100")
                options.messageLanguage = language
                let expected = Self.referenceStat(diff, options: options)
                #expect(DiffStatRenderer.render(diff, options: options) == expected, "seed \(seed)")
                for (threads, chunk) in [(1, 1_024), (4, 1), (4, 7), (2, 1_024)] {
                    options.threads = threads
                    var pieces: [String] = []
                    DiffStatRenderer.render(diff, options: options, chunk: chunk) { pieces.append($0) }
                    #expect(pieces.joined() == expected, "seed \(seed), \(threads) threads, pieces of \(chunk)")
                    // The header, a piece per `chunk` rows, the totals.
                    let rows = diff.entries.count + diff.files.count
                    #expect(pieces.count == 2 + (rows + chunk - 1) / chunk, "seed \(seed)")
                    if pieces.count > 3 { pieced += 1 }
                }
            }
        }
        #expect(pieced >= 60)
    }

    /// Lines of seeded bodies: text that starts with a letter (ASCII or not), ATX headings, blank lines, and lines that
    /// make a body not simple (lists, quotes, code, tables, setext underlines, `#hashtags`, seven `#`, indentation).
    static let simpleLines = ["Die Stadt plant Radwege.", "über den Kanal", "Ärger und *Freude* mit `Code` und <b>HTML</b>", "x", "Zeile | mit | Strichen",
                              "# Titel", "## Zwischentitel ##", "###### sechs", "#", "#\tTab", "##  zwei Leerzeichen", "\u{FEFF}BOM mitten im Text", "a | b"]
    static let blankLines = ["", " ", "\t", "   \t "]
    static let otherLines = ["- Punkt", "* Stern", "+ Plus", "1. Erstens", "2) Zweitens", "> Zitat", "```", "~~~", "    eingerückt", " ein Leerzeichen",
                             "\tTab", "| a | b |", "|---|---|", "--|--", "===", "---", "***", "___", "#hashtag", "####### sieben", "<div>",
                             "[ref]: https://example.org", "!Bild", "_kursiv_", "\u{0C}Seitenvorschub"]

    /// 4,000 seeded bodies, most of simple lines (the fast path), some with one other line (libcmark-gfm): the blocks are
    /// those libcmark-gfm finds, with every line ending (\n, \r\n, \r), with and without a final line break.
    @Test func simpleBodiesSplitAsLibcmarkSplitsThem() {
        var simple = 0
        for seed in UInt64(1)...4_000 {
            var rng = SplitMix64(seed: seed)
            var lines: [String] = []
            for _ in 0..<Int.random(in: 0..<25, using: &rng) {
                switch Int.random(in: 0..<10, using: &rng) {
                case 0...5: lines.append(Self.simpleLines[Int.random(in: 0..<Self.simpleLines.count, using: &rng)])
                case 6...8: lines.append(Self.blankLines[Int.random(in: 0..<Self.blankLines.count, using: &rng)])
                default:
                    if Int.random(in: 0..<3, using: &rng) == 0 { lines.append(Self.otherLines[Int.random(in: 0..<Self.otherLines.count, using: &rng)]) }
                }
            }
            let ending = ["\n", "\r\n", "\r"][Int.random(in: 0..<3, using: &rng)]
            var body = lines.joined(separator: ending)
            if Bool.random(using: &rng) { body += ending }
            if seed % 50 == 0 { body = "\u{FEFF}" + body }
            let utf8 = Array(body.utf8)
            let reference = MarkdownBlocks.split(body, simpleLines: false)
            #expect(MarkdownBlocks.split(body) == reference, "seed \(seed): \(body.debugDescription)")
            // Which bodies took the fast path: those of simple lines only (and no byte order mark).
            let isSimple = !body.hasPrefix("\u{FEFF}") && !lines.contains { Self.otherLines.contains($0) }
            var starts = [0], ends: [Int] = []
            var k = 0
            while k < utf8.count {
                if utf8[k] == 0x0A { ends.append(k); starts.append(k + 1) } else if utf8[k] == 0x0D {
                    ends.append(k)
                    if k + 1 < utf8.count, utf8[k + 1] == 0x0A { k += 1 }
                    starts.append(k + 1)
                }
                k += 1
            }
            ends.append(utf8.count)
            if !utf8.isEmpty {
                #expect((MarkdownBlocks.simpleSpans(utf8, lineStarts: starts, lineContentEnds: ends) != nil) == isSimple, "seed \(seed): \(body.debugDescription)")
            }
            if isSimple, !reference.isEmpty { simple += 1 }
        }
        #expect(simple >= 1_500)
    }

    /// The strategy's sections that the diff did not parse (unchanged entries) are read on threads from
    /// `parallelSections` on: the sample store with 90 more sections, then a version that moves three, adds one and
    /// removes one; the diff both ways, on one thread (each section read on the calling thread) and on four, is the same,
    /// its document order included; and it has the sections the files say.
    @Test func sectionsReadOnThreadsGiveTheDiffOfOneThread() throws {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("chronik-sections-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: url) }
        let report = try SnapshotImporter.run(SampleBerlin.snapshots, into: url, root: SampleBerlin.displayName)
        let store = try Store(at: report.store)
        let author = Signature(name: "Test Author", email: "test@example.org", date: Date(timeIntervalSince1970: 1_700_000_000), timeZoneOffsetMinutes: 60)
        func section(_ k: Int, order: Int) -> Data {
            Data("---\ntitle: Abschnitt \(k)\npart: Handlungsfelder\norder: \(order)\n---\nDer Abschnitt \(k) beschreibt ein Handlungsfeld.\n".utf8)
        }
        for k in 0..<90 { try store.writeFile("strategy/abschnitt-\(k).md", section(k, order: 100 + k)) }
        func commit(_ message: String) throws -> ObjectID {
            let outcome = try store.commit(message: message, author: author, committer: author)
            guard case .committed(let commit, _, _) = outcome else { throw CommitFailed() }
            return commit.id
        }
        let first = try commit("Abschnitte")
        for k in [3, 40, 77] { try store.writeFile("strategy/abschnitt-\(k).md", section(k, order: 500 - k)) }
        try store.writeFile("strategy/abschnitt-neu.md", section(90, order: 150))
        try FileManager.default.removeItem(at: report.store.appendingPathComponent("strategy/abschnitt-12.md"))
        let second = try commit("Abschnitte verschoben")
        let repository = try Repository(at: report.store)
        #expect(SnapshotDiffer.parallelSections <= 90)
        for (old, new) in [(first, second), (second, first)] {
            var one = SnapshotDiffOptions()
            one.threads = 1
            var four = one
            four.threads = 4
            let expected = try SnapshotDiffer(repository: repository, entryBudget: 0).diff(from: .commit(old), to: .commit(new), options: one)
            let threaded = try SnapshotDiffer(repository: repository, entryBudget: 0).diff(from: .commit(old), to: .commit(new), options: four)
            #expect(threaded == expected)
            let order = try #require(expected.documents.first { $0.collection == "strategy" })
            #expect(order.sections.count >= 100 && order.moved.count >= 1)
            #expect(order.sections.contains { $0.id == "abschnitt-50" && $0.title == "Abschnitt 50" })
        }
    }
}

// The entries' order after the comparison (`SnapshotDiffer.sortEntries`, eng19f: the sorted head kept, a short tail
// sorted and merged in, a long one sorted whole) against the sort as it was: 2,000 seeded lists with many ties (titles
// tell equal keys apart, so stability shows), sorted, nearly sorted (a few swapped or moved to the end, as
// attachment-only entries are) and shuffled.
@Suite struct EntryOrderTests {
    @Test func sortingOnlyWhenOutOfOrderGivesTheSortedList() {
        var random = SplitMix64(seed: 19_0607)
        let kinds: [EntryDiff.Kind] = [.added, .removed, .modified, .renamed, .moved]
        var skipped = 0
        for round in 0..<2_000 {
            let count = random.int(0...40)
            var entries: [EntryDiff] = (0..<count).map { k in
                let collection = random.pick(["", "events", "strategy", "strategy/sub"]), id = random.pick(["a", "b", "c", "aa"])
                let path = random.chance(0.9) ? (collection.isEmpty ? id : collection + "/" + id) + ".md" : random.pick(["x.md", "a.md"])
                return EntryDiff(kind: random.pick(kinds), entry: EntryRef(collection: collection, id: id, path: path), title: "n\(k)",
                                 fields: [], prose: ProseDiff(), problems: [])
            }
            switch round % 3 {
            case 0: entries.sort { ($0.entry, $0.kind.rawValue) < ($1.entry, $1.kind.rawValue) }
            case 1:
                entries.sort { ($0.entry, $0.kind.rawValue) < ($1.entry, $1.kind.rawValue) }
                for _ in 0..<random.int(0...2) where entries.count > 1 {
                    let k = random.index(entries.count - 1)
                    if random.chance(0.5) { entries.swapAt(k, k + 1) } else { entries.append(entries.remove(at: k)) }
                }
            default: break
            }
            var expected = entries
            expected.sort { ($0.entry, $0.kind.rawValue) < ($1.entry, $1.kind.rawValue) }
            var got = entries
            SnapshotDiffer.sortEntries(&got)
            #expect(got == expected, "round \(round)")
            if got == entries { skipped += 1 }
        }
        #expect(skipped > 600)
    }
}
