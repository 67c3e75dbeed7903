import ChronikStore
import Foundation
import Testing

// Word counts against git: over neighbouring versions of generated histories (German and English prose, rewraps,
// paragraphs split, joined, turned into lists and back, punctuation edits, inserted sentences, words changed, a file
// renamed with small edits), the totals of words added and removed that `chronik diff --stat --format json` reports
// stay within 5 % of what `git diff -M --word-diff=porcelain` shows (the whitespace-separated words of its `+` and
// `-` lines). What is not comparable is left out of the histories and documented in docs/diff.md ("Word counts"):
// moved blocks (chronik: a move, no words; git: removed and added) and front matter (fields, not words). The
// Markdown markers at a line's start (`-`, `1.`, `#`, `>`), which chronik does not count, are not counted on git's
// side either.

/// ChronikStore's SplitMix64, seeded: a failing history is rebuilt from the seed in the message.
private extension SplitMix64 {
    mutating func below(_ n: Int) -> Int { Int(next() % UInt64(max(n, 1))) }
    mutating func chance(_ percent: Int) -> Bool { below(100) < percent }
}

/// A Markdown document as blocks of sentences, rendered with line breaks at a width.
private struct Document {
    enum Block {
        case heading(String)
        case paragraph([String], width: Int)
        case list([String], ordered: Bool)
    }
    var blocks: [Block]

    static func wrap(_ words: [String], width: Int, indent: String = "") -> String {
        var lines: [String] = [], line = ""
        for word in words {
            if !line.isEmpty, line.count + 1 + word.count > width { lines.append(line); line = word } else { line += line.isEmpty ? word : " " + word }
        }
        if !line.isEmpty { lines.append(line) }
        return lines.joined(separator: "\n" + indent)
    }

    var markdown: String {
        blocks.map { block in
            switch block {
            case .heading(let text): return "## " + text
            case .paragraph(let sentences, let width):
                return Document.wrap(sentences.joined(separator: " ").split(separator: " ").map(String.init), width: width)
            case .list(let items, let ordered):
                return items.enumerated().map { k, item in
                    let marker = ordered ? "\(k + 1). " : "- "
                    return marker + Document.wrap(item.split(separator: " ").map(String.init), width: 50, indent: String(repeating: " ", count: marker.count))
                }.joined(separator: "\n")
            }
        }.joined(separator: "\n\n") + "\n"
    }
}

private let german = ["Die", "Stadt", "Berlin", "fördert", "offene", "Daten", "für", "alle", "Bezirke", "und", "die",
                      "Verwaltung", "plant", "neue", "Radwege", "mit", "den", "Bürger:innen", "gemeinsam", "bis", "2030",
                      "Smart-City-Strategie", "Teilhabe", "Schulen", "Grünflächen", "werden", "digital", "erreichbar",
                      "Beteiligung", "ist", "ein", "Ziel", "der", "Strategie", "z.B.", "Parks", "Plätze", "sicher"]
private let english = ["The", "city", "publishes", "open", "data", "for", "every", "district", "and", "the",
                       "council", "plans", "new", "cycle", "lanes", "with", "residents", "together", "by", "2030",
                       "e.g.", "schools", "parks", "squares", "are", "safe", "participation", "is", "a", "goal",
                       "of", "this", "strategy", "well-being", "services", "online", "transparent", "decisions"]

private func sentence(_ random: inout SplitMix64, _ vocabulary: [String]) -> String {
    let n = 5 + random.below(10)
    var words = (0..<n).map { _ in vocabulary[random.below(vocabulary.count)] }
    words[0] = words[0].prefix(1).uppercased() + words[0].dropFirst()
    return words.joined(separator: " ") + (random.chance(15) ? "!" : ".")
}

private func makeDocument(_ random: inout SplitMix64, _ vocabulary: [String]) -> Document {
    var blocks: [Document.Block] = [.heading(sentence(&random, vocabulary).dropLast().description)]
    for _ in 0..<(3 + random.below(5)) {
        if random.chance(25) {
            blocks.append(.list((0..<(2 + random.below(4))).map { _ in sentence(&random, vocabulary) }, ordered: random.chance(40)))
        } else {
            blocks.append(.paragraph((0..<(2 + random.below(4))).map { _ in sentence(&random, vocabulary) }, width: 50 + random.below(40)))
        }
    }
    return Document(blocks: blocks)
}

/// One realistic edit of a document.
private func edit(_ document: inout Document, _ random: inout SplitMix64, _ vocabulary: [String]) {
    guard document.blocks.count > 1 else { return }
    let k = 1 + random.below(document.blocks.count - 1)
    switch (document.blocks[k], random.below(8)) {
    case (.paragraph(let sentences, _), 0): // rewrap
        document.blocks[k] = .paragraph(sentences, width: 40 + random.below(60))
    case (.paragraph(let sentences, let width), 1) where sentences.count >= 2: // split
        let cut = 1 + random.below(sentences.count - 1)
        document.blocks[k] = .paragraph(Array(sentences[..<cut]), width: width)
        document.blocks.insert(.paragraph(Array(sentences[cut...]), width: width), at: k + 1)
    case (.paragraph(let sentences, let width), 2) where k + 1 < document.blocks.count: // join with the next paragraph
        if case .paragraph(let next, _) = document.blocks[k + 1] {
            document.blocks[k] = .paragraph(sentences + next, width: width)
            document.blocks.remove(at: k + 1)
        }
    case (.paragraph(let sentences, _), 3): // to a list
        document.blocks[k] = .list(sentences, ordered: random.chance(40))
    case (.list(let items, _), 3): // to a paragraph
        let width = 60 + random.below(20)
        document.blocks[k] = .paragraph(items, width: width)
    case (.paragraph(var sentences, let width), 4): // punctuation
        let s = random.below(sentences.count)
        var text = sentences[s]
        if text.contains("z.B.") { text = text.replacingOccurrences(of: "z.B.", with: "z. B.") }
        else if text.contains("e.g.") { text = text.replacingOccurrences(of: "e.g.", with: "e. g.") }
        else if text.hasSuffix(".") { text = String(text.dropLast()) + "!" }
        else { text = String(text.dropLast()) + "." }
        sentences[s] = text
        document.blocks[k] = .paragraph(sentences, width: width)
    case (.paragraph(var sentences, let width), 5): // a sentence inserted
        sentences.insert(sentence(&random, vocabulary), at: random.below(sentences.count + 1))
        document.blocks[k] = .paragraph(sentences, width: width)
    case (.list(var items, let ordered), 5): // an item inserted
        items.insert(sentence(&random, vocabulary), at: random.below(items.count + 1))
        document.blocks[k] = .list(items, ordered: ordered)
    case (.paragraph(var sentences, let width), _): // a word changed
        let s = random.below(sentences.count)
        var words = sentences[s].split(separator: " ").map(String.init)
        words[random.below(words.count)] = vocabulary[random.below(vocabulary.count)]
        sentences[s] = words.joined(separator: " ")
        document.blocks[k] = .paragraph(sentences, width: width)
    case (.list(var items, let ordered), _):
        items[random.below(items.count)] = sentence(&random, vocabulary)
        document.blocks[k] = .list(items, ordered: ordered)
    case (.heading, _):
        document.blocks[k] = .heading(sentence(&random, vocabulary).dropLast().description)
    }
}

/// Words added and removed by `git diff -M --word-diff=porcelain`, Markdown markers left out. Porcelain output does
/// not show where the old side's lines started (a removed line break is not printed), so a marker is recognised by
/// its text alone: `-`, `*`, `+`, `#` to `######`, `>` and `1.` to `99.`. In the generated texts these occur only as
/// markers (their numbers have four digits, their dashes join words).
private func gitWordCounts(_ porcelain: String) -> (added: Int, removed: Int) {
    func isMarker(_ word: Substring) -> Bool {
        if word == "-" || word == "*" || word == "+" || word == ">" { return true }
        if word.count <= 6, word.allSatisfy({ $0 == "#" }) { return true }
        let digits = word.dropLast()
        return (2...3).contains(word.count) && digits.allSatisfy({ $0.isASCII && $0.isNumber }) && (word.last == "." || word.last == ")")
    }
    var added = 0, removed = 0, inHunk = false
    for line in porcelain.split(separator: "\n", omittingEmptySubsequences: false) {
        if line.hasPrefix("@@") { inHunk = true; continue }
        if line.hasPrefix("diff --git") { inHunk = false; continue }
        guard inHunk, let sign = line.first, sign == "+" || sign == "-" else { continue }
        let words = line.dropFirst().split(whereSeparator: \.isWhitespace).filter { !isMarker($0) }
        if sign == "+" { added += words.count } else { removed += words.count }
    }
    return (added, removed)
}

private struct StatTotals: Decodable {
    struct Summary: Decodable { var wordsAdded: Int; var wordsRemoved: Int }
    var summary: Summary
}

@Suite("word counts against git --word-diff")
struct WordCountOracleTests {
    /// Git's counts for `a..b` with every line break made a space: git word-diffs each run of changed lines on its
    /// own, so words that a rewrap or a join moves past an unchanged line count as removed and added there; on texts
    /// of one line each, git compares all words of a file at once, as chronik compares a restructured passage.
    private func flattenedGitCounts(_ box: Sandbox, _ repository: URL, _ a: String, _ b: String) throws -> (added: Int, removed: Int) {
        let names = try box.git(["diff", "-M", "--name-status", a, b], in: repository)
        try #require(names.status == 0, "\(names)")
        var total = (added: 0, removed: 0)
        for (k, line) in names.stdout.split(separator: "\n").enumerated() {
            let parts = line.split(separator: "\t").map(String.init)
            guard let status = parts.first?.first, parts.count >= 2 else { continue }
            let oldPath: String? = status == "A" ? nil : parts[1]
            let newPath: String? = status == "D" ? nil : parts[parts.count - 1]
            func flat(_ revision: String, _ path: String?) throws -> String {
                guard let path else { return "" }
                let shown = try box.git(["show", "\(revision):\(path)"], in: repository)
                try #require(shown.status == 0, "\(shown)")
                return shown.stdout.replacingOccurrences(of: "\n", with: " ") + "\n"
            }
            let oldFile = box.url("flat-\(k)-old"), newFile = box.url("flat-\(k)-new")
            try Data(try flat(a, oldPath).utf8).write(to: oldFile)
            try Data(try flat(b, newPath).utf8).write(to: newFile)
            let diff = try box.git(["diff", "--no-index", "--word-diff=porcelain", oldFile.path, newFile.path], in: repository)
            try #require(diff.status <= 1, "\(diff)")
            let counts = gitWordCounts(diff.stdout)
            total.added += counts.added
            total.removed += counts.removed
        }
        return total
    }

    /// Totals over every neighbouring pair of `versions` (commit ids): chronik's; git's; and git's where, for each
    /// pair and side, the count is git's or flattened git's (above), whichever is nearer chronik's: git's two ways
    /// of comparing the same texts, with and without its line chunks.
    private func totals(_ box: Sandbox, _ repository: URL, _ versions: [String])
        throws -> (chronik: (Int, Int), git: (Int, Int), nearest: (Int, Int), differing: [String]) {
        var chronik = (0, 0), git = (0, 0), nearest = (0, 0)
        var pairs: [String] = []
        for (a, b) in zip(versions, versions.dropFirst()) {
            let stat = try box.chronik(["diff", a, b, "--stat", "--format", "json"], in: repository)
            try #require(stat.status == 0, "\(stat)")
            let summary = try JSONDecoder().decode(StatTotals.self, from: Data(stat.stdout.utf8)).summary
            chronik.0 += summary.wordsAdded
            chronik.1 += summary.wordsRemoved
            let porcelain = try box.git(["diff", "-M", "--word-diff=porcelain", a, b], in: repository)
            try #require(porcelain.status == 0, "\(porcelain)")
            let counts = gitWordCounts(porcelain.stdout)
            git.0 += counts.added
            git.1 += counts.removed
            var flatCounts = counts
            if (summary.wordsAdded, summary.wordsRemoved) != counts {
                flatCounts = try flattenedGitCounts(box, repository, a, b)
                pairs.append("\(a.prefix(7))..\(b.prefix(7)): chronik +\(summary.wordsAdded) -\(summary.wordsRemoved), git +\(counts.added) -\(counts.removed), flattened +\(flatCounts.added) -\(flatCounts.removed)")
            }
            func near(_ mine: Int, _ x: Int, _ y: Int) -> Int { abs(mine - x) <= abs(mine - y) ? x : y }
            nearest.0 += near(summary.wordsAdded, counts.added, flatCounts.added)
            nearest.1 += near(summary.wordsRemoved, counts.removed, flatCounts.removed)
        }
        return (chronik, git, nearest, pairs)
    }

    private func expectWithin5Percent(_ chronik: (Int, Int), _ git: (Int, Int), _ differing: [String], _ context: String,
                                      sourceLocation: Testing.SourceLocation = #_sourceLocation) {
        for (mine, theirs, what) in [(chronik.0, git.0, "added"), (chronik.1, git.1, "removed")] {
            let slack = max(2, theirs / 20)
            #expect(abs(mine - theirs) <= slack, "\(context): words \(what): chronik \(mine), git \(theirs); \(differing)", sourceLocation: sourceLocation)
        }
    }

    /// A plain repository: commits by git with fixed dates.
    private func plainRepository(_ box: Sandbox) throws -> URL {
        let repository = box.url("plain")
        try FileManager.default.createDirectory(at: repository, withIntermediateDirectories: true)
        try #require(try box.git(["init", "-q", "-b", "main"], in: repository).status == 0)
        return repository
    }

    private func commit(_ box: Sandbox, _ repository: URL, _ message: String) throws -> String {
        try #require(try box.git(["add", "-A"], in: repository).status == 0)
        let result = try box.git(["commit", "-q", "--allow-empty", "-m", message], in: repository)
        try #require(result.status == 0, "\(result)")
        return try box.git(["rev-parse", "HEAD"], in: repository).stdout.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    @Test(arguments: [1, 2, 3, 4, 5, 6] as [UInt64])
    func generatedHistoriesMatchGitWithin5Percent(seed: UInt64) throws {
        let box = try Sandbox()
        let repository = try plainRepository(box)
        var random = SplitMix64(seed: seed)
        var documents: [(path: String, document: Document, vocabulary: [String])] = []
        for k in 0..<4 {
            let vocabulary = k.isMultiple(of: 2) ? german : english
            documents.append((k < 2 ? "texte/dokument-\(k).md" : "docs/document-\(k).md", makeDocument(&random, vocabulary), vocabulary))
        }
        var versions: [String] = []
        for version in 0..<8 {
            if version > 0 {
                for k in documents.indices where random.chance(60) {
                    for _ in 0..<(1 + random.below(3)) { edit(&documents[k].document, &random, documents[k].vocabulary) }
                }
                // Now and then a file renamed in its folder, with a small edit.
                if random.chance(25) {
                    let k = random.below(documents.count)
                    let old = documents[k].path
                    documents[k].path = old.replacingOccurrences(of: ".md", with: "-neu.md")
                    try #require(try box.git(["mv", old, documents[k].path], in: repository).status == 0)
                    edit(&documents[k].document, &random, documents[k].vocabulary)
                }
            }
            for d in documents { try box.write(d.document.markdown, to: d.path, in: repository) }
            versions.append(try commit(box, repository, "Version \(version)"))
        }
        let result = try totals(box, repository, versions)
        // Against git's word diff, as it is or (where that is nearer) on the texts with line breaks made spaces, per
        // pair (docs/diff.md, "Word counts"); the differing pairs are in the message.
        expectWithin5Percent(result.chronik, result.nearest, result.differing, "seed \(seed) (git as it is: \(result.git))")
    }

    /// The hand-made cases, each its own pair of versions.
    @Test func handMadeCasesMatchGit() throws {
        let cases: [(String, String, String)] = [
            ("rewrap", "Die Stadt wächst und braucht gute Wege\nfür alle Menschen in Berlin.\n",
             "Die Stadt wächst und braucht\ngute Wege für alle Menschen\nin Berlin.\n"),
            ("paragraph to list", "# Ziele\n\nWir bauen Radwege. Wir pflanzen Bäume. Wir öffnen Schulhöfe.\n",
             "# Ziele\n\n- Wir bauen Radwege.\n- Wir pflanzen Bäume.\n- Wir öffnen Schulhöfe.\n"),
            ("list to paragraph", "- The city builds lanes.\n- It plants trees.\n\nEnd.\n", "The city builds lanes. It plants trees.\n\nEnd.\n"),
            ("punctuation", "Die Stadt. Das gilt z.B. hier, dort und da.\n", "Die Stadt! Das gilt z. B. hier dort und da.\n"),
            ("inserted sentence", "First sentence here. Last sentence there.\n", "First sentence here. A new sentence in between. Last sentence there.\n"),
            ("split", "Erster Satz über Wege. Zweiter Satz über Parks.\n", "Erster Satz über Wege.\n\nZweiter Satz über Parks.\n"),
        ]
        for (name, old, new) in cases {
            let box = try Sandbox()
            let repository = try plainRepository(box)
            try box.write(old, to: "text.md", in: repository)
            let a = try commit(box, repository, "old")
            try box.write(new, to: "text.md", in: repository)
            let b = try commit(box, repository, "new")
            let (chronik, git, _, _) = try totals(box, repository, [a, b])
            #expect(chronik == git, "\(name): chronik \(chronik), git \(git)")
        }
    }

    /// A renamed entry with small edits (the case of the issue: a 99 %-similar rename counted +354/−354).
    @Test func aRenamedEntryWithSmallEditsCountsOnlyTheEdits() throws {
        let box = try Sandbox()
        let repository = try plainRepository(box)
        var random = SplitMix64(seed: 99)
        var document = makeDocument(&random, german)
        for _ in 0..<4 { if case .paragraph = document.blocks.last { break }; document.blocks.append(.paragraph([sentence(&random, german)], width: 70)) }
        try box.write(document.markdown, to: "kapitel/vorwort.md", in: repository)
        let a = try commit(box, repository, "old")
        try #require(try box.git(["mv", "kapitel/vorwort.md", "kapitel/einleitung.md"], in: repository).status == 0)
        if case .paragraph(var sentences, _) = document.blocks[document.blocks.count - 1] {
            sentences[0] = String(sentences[0].dropLast()) + "!"
            document.blocks[document.blocks.count - 1] = .paragraph(sentences, width: 45)
        }
        try box.write(document.markdown, to: "kapitel/einleitung.md", in: repository)
        let b = try commit(box, repository, "renamed")
        let (chronik, git, _, _) = try totals(box, repository, [a, b])
        #expect(git.0 == 1 && git.1 == 1, "git: \(git)")
        #expect(chronik == git, "chronik \(chronik), git \(git)")
    }
}
