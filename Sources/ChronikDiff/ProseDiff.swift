// The prose diff of a Markdown body, in phases (each in its own file):
//   MarkdownBlocks (libcmark-gfm) -> align blocks (here) -> Myers on tokens -> semantic clean-up -> edits.
//
// Block alignment:
// 1. Exact anchors: Myers over the blocks' interned texts gives the longest in-order run of identical blocks
//    (the role patience/histogram anchoring plays in git; with whole blocks as elements, unique-line anchoring
//    and a minimal LCS agree on real texts).
// 2. Moves: a block deleted in one place and inserted verbatim in another is one move.
// 3. Between two anchors, the remaining old and new blocks are paired, in order, by token similarity (the words
//    and punctuation they share as multisets, over the larger block, like git's rename score); a pair is a modified
//    block and gets a word diff. Small gaps compare all pairs; large ones (over `pairingBudget` pairs) only a band
//    of ±`pairingWindow` blocks around the proportional position, so the work stays linear.
//    3b. A gap where some block is left unpaired may hold restructured text (a paragraph split, joined, turned into
//    a list or back, a list item rewrapped into the next): then all words (runs, WordDiff.swift) of the gap's old
//    blocks are compared with all of its new blocks' at once, blocks sharing at least half the words of the smaller
//    one are grouped (with step 3's pairs), and each group is one `modified` change spanning its blocks. The counts
//    of the gap's changes come from that one comparison (git compares the words of a changed passage the same way).
// 4. Of what is left, a deleted and an inserted block that are similar (within the same budget) are a move of a
//    changed block.
//
// Word counts follow git's `--word-diff` rule (WordDiff.swift): runs of non-white-space, compared by Myers.
//
// The result has two views of the same change: `blocks` for readers (what happened to each block, with words) and
// `edits` for machines (positioned replacements in the old text: applying them gives the new text exactly).

/// Where a block is in one version of the body.
public struct BlockLocation: Sendable, Hashable, Codable {
    public var kind: BlockKind
    /// The block's position among the body's blocks (0-based).
    public var index: Int
    /// 1-based lines of the body.
    public var firstLine: Int
    public var lastLine: Int
    /// UTF-8 byte offset and length of the block's text in the body.
    public var offset: Int
    public var length: Int

    public init(kind: BlockKind, index: Int, firstLine: Int, lastLine: Int, offset: Int, length: Int) {
        self.kind = kind
        self.index = index
        self.firstLine = firstLine
        self.lastLine = lastLine
        self.offset = offset
        self.length = length
    }

    init(_ block: MarkdownBlock, index: Int) {
        self.init(kind: block.kind, index: index, firstLine: block.lines.lowerBound, lastLine: block.lines.upperBound,
                  offset: block.range.lowerBound, length: block.range.count)
    }
}

/// What happened to one block.
public struct BlockChange: Sendable, Hashable, Codable {
    public enum Kind: String, Sendable, Hashable, Codable {
        case inserted, deleted, modified, moved
    }

    public var kind: Kind
    /// Where the block was (nil for `inserted`).
    public var old: BlockLocation?
    /// Where the block is (nil for `deleted`).
    public var new: BlockLocation?
    /// The block's text as a word diff: one insertion for `inserted`, one deletion for `deleted`, equal text for a
    /// block moved unchanged, and the word-level changes for `modified` and a changed `moved` block.
    public var words: [WordSegment]
    /// Words added and removed, counted as `git diff --word-diff` counts them (see WordDiff.swift, "Counting words").
    public var wordsAdded: Int
    public var wordsRemoved: Int

    /// With the counts made from `words`: the old text's words against the new text's (git's rule).
    public init(kind: Kind, old: BlockLocation?, new: BlockLocation?, words: [WordSegment]) {
        self.kind = kind
        self.old = old
        self.new = new
        self.words = words
        (wordsAdded, wordsRemoved) = WordDiff.changedWords(words.oldText, words.newText,
                                                          oldKind: old?.kind ?? .paragraph, newKind: new?.kind ?? .paragraph)
    }

    /// With the counts already known (from the tokens the diff was made of), so the texts are not tokenized again.
    init(kind: Kind, old: BlockLocation?, new: BlockLocation?, words: [WordSegment], wordsAdded: Int, wordsRemoved: Int) {
        self.kind = kind
        self.old = old
        self.new = new
        self.words = words
        self.wordsAdded = wordsAdded
        self.wordsRemoved = wordsRemoved
    }
}

/// A replacement in the old text: at UTF-8 byte `oldOffset`, `deleted` is replaced by `inserted`.
public struct TextEdit: Sendable, Hashable, Codable {
    /// UTF-8 byte offset in the old text.
    public var oldOffset: Int
    /// UTF-8 byte offset of the replacement in the new text.
    public var newOffset: Int
    public var deleted: String
    public var inserted: String

    public init(oldOffset: Int, newOffset: Int, deleted: String, inserted: String) {
        self.oldOffset = oldOffset
        self.newOffset = newOffset
        self.deleted = deleted
        self.inserted = inserted
    }
}

/// Counts for `--stat` and changelogs.
public struct ProseSummary: Sendable, Hashable, Codable {
    public var wordsAdded = 0
    public var wordsRemoved = 0
    public var blocksAdded = 0
    public var blocksRemoved = 0
    public var blocksModified = 0
    public var blocksMoved = 0

    public init() {}
}

/// Why a `ProseDiff` does not apply to a text.
public enum ProseDiffError: Error, Sendable, Hashable {
    /// The text at `offset` is not what the edit deletes, or the edits are out of order or out of range.
    case mismatch(offset: Int)
}

/// The difference between two Markdown bodies: block changes for readers, text edits for machines.
public struct ProseDiff: Sendable, Hashable, Codable {
    /// Changed blocks in the order of the new body (deleted blocks where they stood).
    public var blocks: [BlockChange]
    /// Replacements in the old body, in order and not overlapping: `apply(to: old) == new`.
    public var edits: [TextEdit]
    public var summary: ProseSummary

    public init(blocks: [BlockChange] = [], edits: [TextEdit] = [], summary: ProseSummary = ProseSummary()) {
        self.blocks = blocks
        self.edits = edits
        self.summary = summary
    }

    /// True when the two bodies were equal.
    public var isEmpty: Bool { edits.isEmpty }

    /// Applies the edits to `old`; gives the new body when `old` is the body this diff was made from.
    public func apply(to old: String) throws(ProseDiffError) -> String {
        let bytes = Array(old.utf8)
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count)
        var cursor = 0
        for edit in edits {
            let deleted = Array(edit.deleted.utf8)
            guard edit.oldOffset >= cursor, edit.oldOffset + deleted.count <= bytes.count,
                  bytes[edit.oldOffset..<(edit.oldOffset + deleted.count)].elementsEqual(deleted) else {
                throw .mismatch(offset: edit.oldOffset)
            }
            out += bytes[cursor..<edit.oldOffset]
            out += edit.inserted.utf8
            cursor = edit.oldOffset + deleted.count
        }
        out += bytes[cursor...]
        return String(decoding: out, as: UTF8.self)
    }
}

/// Settings of the prose diff, with defaults.
public struct ProseDiffOptions: Sendable, Hashable {
    public var words = WordDiffOptions()
    /// The similarity (0...1) at which an old and a new block count as one block changed.
    public var similarityThreshold = 0.5
    /// A gap of one old and one new block of the same kind is paired from this similarity on.
    public var singlePairThreshold = 0.25
    /// Gaps with more old × new blocks than this compare only a band of blocks (see the file header).
    public var pairingBudget = 2_500
    /// The half-width of that band.
    public var pairingWindow = 8
    /// Report blocks that moved as moves (else as deleted and inserted).
    public var detectMoves = true
    /// A gap with unpaired blocks is regrouped by shared words (step 3b in the file header) when its blocks hold at
    /// most this many words on both sides together; else step 3's pairing stands.
    public var regroupBudget = 50_000

    public init() {}
}

/// Computes prose diffs.
public enum ProseDiffer {
    /// The difference between two Markdown bodies.
    public static func diff(_ old: String, _ new: String, options: ProseDiffOptions = .init()) -> ProseDiff {
        diff(old, new, options: options, oldBlocks: nil, newBlocks: nil)
    }

    /// `diff(old, new)` with a side's blocks given when the caller split that body already (`MarkdownBlocks.split`
    /// of exactly that string): an entry without a title field takes its title from its body's first heading, so
    /// its body is split once for both.
    static func diff(_ old: String, _ new: String, options: ProseDiffOptions, oldBlocks: [MarkdownBlock]?, newBlocks: [MarkdownBlock]?) -> ProseDiff {
        if old == new { return ProseDiff() }
        var aligner = Aligner(old: old, new: new, options: options, blocksA: oldBlocks ?? MarkdownBlocks.split(old),
                              blocksB: newBlocks ?? MarkdownBlocks.split(new))
        return aligner.run()
    }

    /// `diff(old, new).summary`, without making the blocks and edits when one side has no blocks (an entry added or
    /// removed): then every block of the other side is inserted or deleted whole, and only counted here.
    public static func summary(_ old: String, _ new: String, options: ProseDiffOptions = .init()) -> ProseSummary {
        summary(old, new, options: options, oldBlocks: nil, newBlocks: nil)
    }

    /// `diff(old, new).summary` and whether `diff(old, new)` has edits (`!isEmpty`), without making its blocks and edits:
    /// the same alignment (steps 1–4), with each changed block's words counted from its runs as `diff` counts them,
    /// and no word diff of its tokens. For `chronik diff --stat`, which shows the counts alone. Nil where the two
    /// could differ, and the caller makes `diff`: texts that are not compared by bytes (`NormalizationStability`).
    ///
    /// Why the same: with texts compared by bytes, tokens, blocks and the edits' regions are equal exactly when their
    /// bytes are; every byte of each body lies in a matched block or a region between matched blocks, so `diff` has
    /// an edit exactly when the bodies differ; and a modified group's word diff has a change exactly when its tokens,
    /// and so its bytes, differ (equal segments hold the same tokens on both sides). `diff`'s counts of a changed
    /// group, a changed move and a block inserted or deleted come from the blocks' runs, as here.
    static func counts(_ old: String, _ new: String, options: ProseDiffOptions, oldBlocks: [MarkdownBlock]?,
                       newBlocks: [MarkdownBlock]?) -> (summary: ProseSummary, changed: Bool)? {
        if old == new { return (ProseSummary(), false) }
        guard NormalizationStability.isStable(old), NormalizationStability.isStable(new) else { return nil }
        var aligner = Aligner(old: old, new: new, options: options, blocksA: oldBlocks ?? MarkdownBlocks.split(old),
                              blocksB: newBlocks ?? MarkdownBlocks.split(new), bytewise: true)
        aligner.countsOnly = true
        return (aligner.run().summary, true)
    }

    /// `summary(old, new)` with a side's blocks given when the caller split that body already (see `diff`).
    static func summary(_ old: String, _ new: String, options: ProseDiffOptions, oldBlocks: [MarkdownBlock]?, newBlocks: [MarkdownBlock]?) -> ProseSummary {
        if old == new { return ProseSummary() }
        let a = oldBlocks ?? MarkdownBlocks.split(old), b = newBlocks ?? MarkdownBlocks.split(new)
        guard a.isEmpty || b.isEmpty else { return diff(old, new, options: options, oldBlocks: a, newBlocks: b).summary }
        var summary = ProseSummary()
        summary.blocksAdded = b.count
        summary.blocksRemoved = a.count
        summary.wordsAdded = b.reduce(0) { $0 + WordDiff.proseWordCount($1.text, kind: $1.kind) }
        summary.wordsRemoved = a.reduce(0) { $0 + WordDiff.proseWordCount($1.text, kind: $1.kind) }
        return summary
    }
}

/// Per-block data for similarity: the sorted ids of its non-space tokens and their total length.
private struct BlockProfile {
    var tokens: [Int]
    var sortedTokens: [Int]
    var size: Int
    /// The block's words by git's rule (runs of non-white-space, Markdown markers aside), as ids of `RunInterner`.
    var runs: [Int]
}

private struct Aligner {
    let old: String, new: String
    let options: ProseDiffOptions
    let blocksA: [MarkdownBlock], blocksB: [MarkdownBlock]
    var interner: TokenInterner
    var runInterner = RunInterner()
    /// Words removed from each old block and added to each new block of the regrouped gaps (step 3b), by one diff of
    /// each gap's words: the counts of their changes.
    var regroupedRemoved: [Int: Int] = [:], regroupedAdded: [Int: Int] = [:]
    /// Block and token texts are compared by their bytes (see `TextKey`).
    let bytewise: Bool
    var lengths: [Int] = []
    /// By block index, made when first asked for (an array: `similarity` asks for them pair by pair).
    var profilesA: [BlockProfile?], profilesB: [BlockProfile?]
    /// Only the summary (`ProseDiffer.counts`): `build` counts and makes no blocks or edits.
    var countsOnly = false

    /// `blocksA` and `blocksB`: `MarkdownBlocks.split` of `old` and `new`.
    /// `bytewise`: whether both texts are compared by bytes, when the caller found it already.
    init(old: String, new: String, options: ProseDiffOptions, blocksA: [MarkdownBlock], blocksB: [MarkdownBlock], bytewise known: Bool? = nil) {
        self.old = old
        self.new = new
        self.options = options
        self.blocksA = blocksA
        self.blocksB = blocksB
        bytewise = known ?? (NormalizationStability.isStable(old) && NormalizationStability.isStable(new))
        interner = TokenInterner(bytewise: bytewise)
        profilesA = Array(repeating: nil, count: blocksA.count)
        profilesB = Array(repeating: nil, count: blocksB.count)
    }

    mutating func profile(_ block: MarkdownBlock) -> BlockProfile {
        let tokens = interner.intern(tokensOf: block.text)
        while lengths.count < interner.count { lengths.append(interner.texts[lengths.count].utf8.count) }
        let content = tokens.filter { interner.kinds[$0] != .whitespace }
        return BlockProfile(tokens: tokens, sortedTokens: content.sorted(), size: content.reduce(0) { $0 + lengths[$1] },
                            runs: runInterner.runs(tokens, kind: block.kind, interner: interner))
    }

    mutating func profileA(_ i: Int) -> BlockProfile {
        if let p = profilesA[i] { return p }
        let p = profile(blocksA[i])
        profilesA[i] = p
        return p
    }

    mutating func profileB(_ j: Int) -> BlockProfile {
        if let p = profilesB[j] { return p }
        let p = profile(blocksB[j])
        profilesB[j] = p
        return p
    }

    mutating func similarity(_ i: Int, _ j: Int, threshold: Double) -> Double {
        let a = profileA(i), b = profileB(j)
        let larger = max(a.size, b.size)
        guard larger > 0 else { return blocksA[i].text == blocksB[j].text ? 1 : 0 }
        guard Double(min(a.size, b.size)) / Double(larger) >= threshold else { return 0 }
        var x = 0, y = 0, shared = 0
        while x < a.sortedTokens.count, y < b.sortedTokens.count {
            let s = a.sortedTokens[x], t = b.sortedTokens[y]
            if s == t { shared += lengths[s]; x += 1; y += 1 } else if s < t { x += 1 } else { y += 1 }
        }
        return Double(shared) / Double(larger)
    }

    mutating func run() -> ProseDiff {
        // One side empty (an entry added or removed): every block is inserted or deleted, nothing to align.
        if blocksA.isEmpty || blocksB.isEmpty {
            return build(matched: [], moves: [], deleted: Set(blocksA.indices), inserted: Set(blocksB.indices))
        }
        // 1. Exact anchors.
        var ids: [TextKey: Int] = [:]
        let bytewise = self.bytewise
        func id(_ text: Substring) -> Int {
            let key = TextKey(text: text, bytewise: bytewise)
            if let v = ids[key] { return v }
            let v = ids.count
            ids[key] = v
            return v
        }
        // Blocks equal at the head and the tail (most of a body from one version to the next) are compared as they
        // are, not hashed: Myers leaves them in place anyway. Only the middle gets ids.
        func same(_ i: Int, _ j: Int) -> Bool { TextKey(text: blocksA[i].text, bytewise: bytewise) == TextKey(text: blocksB[j].text, bytewise: bytewise) }
        var head = 0
        while head < blocksA.count, head < blocksB.count, same(head, head) { head += 1 }
        var tail = 0
        while tail < blocksA.count - head, tail < blocksB.count - head, same(blocksA.count - 1 - tail, blocksB.count - 1 - tail) { tail += 1 }
        let idsA = blocksA[head..<(blocksA.count - tail)].map { id($0.text) }, idsB = blocksB[head..<(blocksB.count - tail)].map { id($0.text) }
        let (middleA, middleB) = Myers.changes(idsA, idsB)
        let runs = Myers.runs(Array(repeating: false, count: head) + middleA + Array(repeating: false, count: tail),
                              Array(repeating: false, count: head) + middleB + Array(repeating: false, count: tail))
        var matched: [(a: Range<Int>, b: Range<Int>, modified: Bool)] = []
        var gaps: [(a: Range<Int>, b: Range<Int>)] = []
        var gapA = 0..<0, gapB = 0..<0
        var inGap = false
        for run in runs {
            if run.operation == .equal {
                if inGap { gaps.append((gapA, gapB)); inGap = false }
                for k in 0..<run.a.count {
                    let i = run.a.lowerBound + k, j = run.b.lowerBound + k
                    matched.append((i..<(i + 1), j..<(j + 1), false))
                }
            } else {
                if !inGap { gapA = run.a.lowerBound..<run.a.lowerBound; gapB = run.b.lowerBound..<run.b.lowerBound; inGap = true }
                if run.operation == .delete { gapA = gapA.lowerBound..<run.a.upperBound } else { gapB = gapB.lowerBound..<run.b.upperBound }
            }
        }
        if inGap { gaps.append((gapA, gapB)) }

        var freeA = Set<Int>(), freeB = Set<Int>()
        for g in gaps { freeA.formUnion(g.a); freeB.formUnion(g.b) }

        // 2. Verbatim moves.
        var moves: [(i: Int, j: Int)] = []
        if options.detectMoves {
            var deletedByText: [TextKey: [Int]] = [:]
            for i in freeA.sorted() { deletedByText[TextKey(text: blocksA[i].text, bytewise: bytewise), default: []].append(i) }
            for j in freeB.sorted() {
                let key = TextKey(text: blocksB[j].text, bytewise: bytewise)
                guard var candidates = deletedByText[key], !candidates.isEmpty else { continue }
                let i = candidates.removeFirst()
                deletedByText[key] = candidates
                moves.append((i, j))
                freeA.remove(i)
                freeB.remove(j)
            }
        }

        // 3. Pair changed blocks within each gap, in order.
        for g in gaps {
            let a = g.a.filter { freeA.contains($0) }, b = g.b.filter { freeB.contains($0) }
            guard !a.isEmpty, !b.isEmpty else { continue }
            var candidates: [(score: Double, i: Int, j: Int)] = []
            if a.count == 1, b.count == 1 {
                let threshold = blocksA[a[0]].kind == blocksB[b[0]].kind ? options.singlePairThreshold : options.similarityThreshold
                let s = similarity(a[0], b[0], threshold: threshold)
                if s >= threshold { candidates.append((s, a[0], b[0])) }
            } else if a.count * b.count <= options.pairingBudget {
                for i in a { for j in b {
                    let s = similarity(i, j, threshold: options.similarityThreshold)
                    if s >= options.similarityThreshold { candidates.append((s, i, j)) }
                } }
            } else {
                for (x, i) in a.enumerated() {
                    let centre = x * b.count / a.count
                    let lo = max(0, centre - options.pairingWindow), hi = min(b.count - 1, centre + options.pairingWindow)
                    for y in lo...hi {
                        let s = similarity(i, b[y], threshold: options.similarityThreshold)
                        if s >= options.similarityThreshold { candidates.append((s, i, b[y])) }
                    }
                }
            }
            candidates.sort { ($0.score, -$0.i, -$0.j) > ($1.score, -$1.i, -$1.j) }
            var accepted: [(i: Int, j: Int)] = [] // sorted by i (and so by j)
            for c in candidates {
                // Keep the pairing in order: the neighbours by i must bracket c by j.
                var lo = 0, hi = accepted.count
                while lo < hi { let mid = (lo + hi) / 2; if accepted[mid].i < c.i { lo = mid + 1 } else { hi = mid } }
                if lo < accepted.count, accepted[lo].i == c.i { continue }
                if lo > 0, accepted[lo - 1].j >= c.j { continue }
                if lo < accepted.count, accepted[lo].j <= c.j { continue }
                accepted.insert((c.i, c.j), at: lo)
            }
            // 3b. Blocks left unpaired beside others of the gap: the text may have been restructured (a paragraph
            //     split, joined, turned into a list, a list item rewrapped into the next). Then the gap is grouped
            //     by the words its blocks share (see `regroup`).
            if a.count > accepted.count || b.count > accepted.count, let groups = regroup(a, b, pairs: accepted) {
                for group in groups {
                    matched.append((group.a, group.b, true))
                    for i in group.a { freeA.remove(i) }
                    for j in group.b { freeB.remove(j) }
                }
                continue
            }
            for p in accepted {
                matched.append((p.i..<(p.i + 1), p.j..<(p.j + 1), true))
                freeA.remove(p.i)
                freeB.remove(p.j)
            }
        }
        matched.sort { $0.a.lowerBound < $1.a.lowerBound }

        // 4. Moves of changed blocks among what is left.
        if options.detectMoves, !freeA.isEmpty, !freeB.isEmpty, freeA.count * freeB.count <= options.pairingBudget {
            var candidates: [(score: Double, i: Int, j: Int)] = []
            for i in freeA.sorted() { for j in freeB.sorted() {
                let s = similarity(i, j, threshold: options.similarityThreshold)
                if s >= options.similarityThreshold { candidates.append((s, i, j)) }
            } }
            candidates.sort { ($0.score, -$0.i, -$0.j) > ($1.score, -$1.i, -$1.j) }
            for c in candidates where freeA.contains(c.i) && freeB.contains(c.j) {
                moves.append((c.i, c.j))
                regroupedRemoved[c.i] = nil
                regroupedAdded[c.j] = nil
                freeA.remove(c.i)
                freeB.remove(c.j)
            }
        }

        return build(matched: matched, moves: moves, deleted: freeA, inserted: freeB)
    }

    /// Groups the unmoved old blocks `a` and new blocks `b` of a gap (in order) by the words they share: the words
    /// (runs, see WordDiff.swift) of all of `a` against all of `b` by Myers; an old and a new block are linked when
    /// they share at least half the words of the smaller one, or when step 3 paired them; linked blocks form groups,
    /// widened to whole intervals on both sides and merged where they overlap. A group is one change (one block of
    /// each side: a modified block; more: a restructured passage); blocks in no group are deleted or inserted.
    /// Nil (keep step 3's pairing) when the gap is over the budget or a group would enclose a moved block.
    mutating func regroup(_ a: [Int], _ b: [Int], pairs: [(i: Int, j: Int)]) -> [(a: Range<Int>, b: Range<Int>)]? {
        var runsA: [Int] = [], ownerA: [Int] = [], runsB: [Int] = [], ownerB: [Int] = []
        for (x, i) in a.enumerated() {
            let runs = profileA(i).runs
            runsA += runs
            ownerA += repeatElement(x, count: runs.count)
        }
        for (y, j) in b.enumerated() {
            let runs = profileB(j).runs
            runsB += runs
            ownerB += repeatElement(y, count: runs.count)
        }
        guard runsA.count + runsB.count <= options.regroupBudget else { return nil }
        var shared: [Int: Int] = [:] // x * b.count + y -> words shared
        var removed = [Int](repeating: 0, count: a.count), added = [Int](repeating: 0, count: b.count)
        let (changedA, changedB) = Myers.changes(runsA, runsB)
        var p = 0, q = 0
        while p < runsA.count || q < runsB.count {
            if p < runsA.count, changedA[p] {
                removed[ownerA[p]] += 1
                p += 1
            } else if q < runsB.count, changedB[q] {
                added[ownerB[q]] += 1
                q += 1
            } else {
                shared[ownerA[p] * b.count + ownerB[q], default: 0] += 1
                p += 1
                q += 1
            }
        }
        var parent = Array(0..<(a.count + b.count))
        func root(_ x: Int) -> Int {
            var x = x
            while parent[x] != x { parent[x] = parent[parent[x]]; x = parent[x] }
            return x
        }
        func link(_ x: Int, _ y: Int) { parent[root(a.count + y)] = root(x) }
        for (key, count) in shared {
            let x = key / b.count, y = key % b.count
            let smaller = min(profileA(a[x]).runs.count, profileB(b[y]).runs.count)
            if 2 * count >= smaller { link(x, y) }
        }
        var positionA: [Int: Int] = [:], positionB: [Int: Int] = [:]
        for (x, i) in a.enumerated() { positionA[i] = x }
        for (y, j) in b.enumerated() { positionB[j] = y }
        for p in pairs { if let x = positionA[p.i], let y = positionB[p.j] { link(x, y) } }
        // Each group's interval of positions on both sides.
        var bounds: [Int: (loA: Int, hiA: Int, loB: Int, hiB: Int)] = [:]
        for x in a.indices {
            let r = root(x)
            bounds[r] = bounds[r].map { ($0.loA, x, $0.loB, $0.hiB) } ?? (x, x, Int.max, Int.min)
        }
        for y in b.indices {
            let r = root(a.count + y)
            guard let known = bounds[r] else { continue } // a new block linked to no old one
            bounds[r] = (known.loA, known.hiA, min(known.loB, y), max(known.hiB, y))
        }
        var intervals = bounds.values.filter { $0.loB <= $0.hiB }.sorted { $0.loA < $1.loA }
        var merged: [(loA: Int, hiA: Int, loB: Int, hiB: Int)] = []
        // Step 3's pairs and the shared words are each in order, but together they may cross: a merged interval that
        // reaches back over earlier ones absorbs them too.
        for interval in intervals {
            merged.append(interval)
            while merged.count >= 2 {
                let last = merged[merged.count - 1], before = merged[merged.count - 2]
                guard last.loA <= before.hiA || last.loB <= before.hiB else { break }
                merged.removeLast(2)
                merged.append((min(before.loA, last.loA), max(before.hiA, last.hiA), min(before.loB, last.loB), max(before.hiB, last.hiB)))
            }
        }
        intervals = merged
        var groups: [(a: Range<Int>, b: Range<Int>)] = []
        for g in intervals {
            // The positions are of unmoved blocks only: a group must not enclose a moved one.
            guard a[g.hiA] - a[g.loA] == g.hiA - g.loA, b[g.hiB] - b[g.loB] == g.hiB - g.loB else { return nil }
            groups.append((a[g.loA]..<(a[g.hiA] + 1), b[g.loB]..<(b[g.hiB] + 1)))
        }
        for (x, i) in a.enumerated() { regroupedRemoved[i] = removed[x] }
        for (y, j) in b.enumerated() { regroupedAdded[j] = added[y] }
        return groups
    }

    /// The word diff of old blocks `a` against new blocks `b` (one block each, or a restructured passage: then the
    /// text from the first block's start to the last one's end, separators included). The counts are by git's rule
    /// (WordDiff.swift), over the blocks' words.
    /// `counted`: false when the caller has the counts already (a regrouped gap's, step 3b); then they are 0 here.
    mutating func wordDiff(_ a: Range<Int>, _ b: Range<Int>, counted: Bool = true) -> (segments: [WordSegment], wordsAdded: Int, wordsRemoved: Int) {
        let tokensA: [Int], tokensB: [Int]
        if a.count == 1, b.count == 1 {
            tokensA = profileA(a.lowerBound).tokens
            tokensB = profileB(b.lowerBound).tokens
        } else {
            tokensA = interner.intern(tokensOf: old[blocksA[a.lowerBound].text.startIndex..<blocksA[a.upperBound - 1].text.endIndex])
            tokensB = interner.intern(tokensOf: new[blocksB[b.lowerBound].text.startIndex..<blocksB[b.upperBound - 1].text.endIndex])
        }
        let segments = WordDiff.countedSegments(tokensA, tokensB, interner: interner, options: options.words).segments
        guard counted else { return (segments, 0, 0) }
        var runsA: [Int] = [], runsB: [Int] = []
        for i in a { runsA += profileA(i).runs }
        for j in b { runsB += profileB(j).runs }
        let counts = WordDiff.changedRuns(runsA, runsB)
        return (segments, counts.added, counts.removed)
    }

    /// The words in a whole block (git's rule), from its runs when they are at hand.
    func wordCount(_ profile: BlockProfile?, _ block: MarkdownBlock) -> Int {
        profile?.runs.count ?? WordDiff.proseWordCount(block.text, kind: block.kind)
    }

    /// Where blocks `r` are: the first block's kind and index, lines and bytes from the first to the last.
    func location(_ blocks: [MarkdownBlock], _ r: Range<Int>) -> BlockLocation {
        let first = blocks[r.lowerBound], last = blocks[r.upperBound - 1]
        return BlockLocation(kind: first.kind, index: r.lowerBound, firstLine: first.lines.lowerBound, lastLine: last.lines.upperBound,
                             offset: first.range.lowerBound, length: last.range.upperBound - first.range.lowerBound)
    }

    mutating func build(matched: [(a: Range<Int>, b: Range<Int>, modified: Bool)], moves: [(i: Int, j: Int)], deleted: Set<Int>, inserted: Set<Int>) -> ProseDiff {
        if countsOnly { return ProseDiff(summary: counts(matched: matched, moves: moves, deleted: deleted, inserted: inserted)) }
        var edits: [TextEdit] = []
        var changes: [(key: (Int, Int, Int), change: BlockChange)] = []
        var summary = ProseSummary()
        let oldUTF8 = old.utf8, newUTF8 = new.utf8

        func substring(_ s: String, _ range: Range<Int>) -> Substring {
            let from = s.utf8.index(s.utf8.startIndex, offsetBy: range.lowerBound)
            let to = s.utf8.index(from, offsetBy: range.count)
            return s[from..<to]
        }
        // A changed region between matched blocks: one edit, without the characters both sides share at the ends.
        func region(_ a: Range<Int>, _ b: Range<Int>) {
            let x = substring(old, a), y = substring(new, b)
            guard x != y else { return }
            var xs = x.startIndex, ys = y.startIndex
            while xs < x.endIndex, ys < y.endIndex, x[xs] == y[ys] { xs = x.index(after: xs); ys = y.index(after: ys) }
            var xe = x.endIndex, ye = y.endIndex
            while xe > xs, ye > ys {
                let xp = x.index(before: xe), yp = y.index(before: ye)
                guard x[xp] == y[yp] else { break }
                xe = xp
                ye = yp
            }
            edits.append(TextEdit(
                oldOffset: oldUTF8.distance(from: oldUTF8.startIndex, to: xs),
                newOffset: newUTF8.distance(from: newUTF8.startIndex, to: ys),
                deleted: String(x[xs..<xe]), inserted: String(y[ys..<ye])))
        }

        var prevA = 0, prevB = 0
        var partnerOfA: [Int: Int] = [:]
        for m in matched {
            partnerOfA[m.a.lowerBound] = m.b.upperBound - 1
            let la = location(blocksA, m.a), lb = location(blocksB, m.b)
            region(prevA..<la.offset, prevB..<lb.offset)
            if m.modified {
                // A regrouped gap's counts come from its one comparison of words (step 3b), not from this group's.
                let regrouped = m.a.allSatisfy({ regroupedRemoved[$0] != nil }) && m.b.allSatisfy({ regroupedAdded[$0] != nil })
                var (words, wordsAdded, wordsRemoved) = wordDiff(m.a, m.b, counted: !regrouped)
                if regrouped {
                    wordsRemoved = m.a.reduce(0) { $0 + (regroupedRemoved[$1] ?? 0) }
                    wordsAdded = m.b.reduce(0) { $0 + (regroupedAdded[$1] ?? 0) }
                }
                var a = la.offset, b = lb.offset
                var k = 0
                while k < words.count {
                    if words[k].operation == .equal {
                        a += words[k].text.utf8.count
                        b += words[k].text.utf8.count
                        k += 1
                        continue
                    }
                    var deletedText = "", insertedText = ""
                    while k < words.count, words[k].operation != .equal {
                        if words[k].operation == .delete { deletedText += words[k].text } else { insertedText += words[k].text }
                        k += 1
                    }
                    edits.append(TextEdit(oldOffset: a, newOffset: b, deleted: deletedText, inserted: insertedText))
                    a += deletedText.utf8.count
                    b += insertedText.utf8.count
                }
                let change = BlockChange(kind: .modified, old: la, new: lb, words: words, wordsAdded: wordsAdded, wordsRemoved: wordsRemoved)
                if change.words.hasChanges {
                    summary.blocksModified += 1
                    changes.append(((m.b.lowerBound, 0, m.a.lowerBound), change))
                }
            }
            prevA = la.offset + la.length
            prevB = lb.offset + lb.length
        }
        region(prevA..<oldUTF8.count, prevB..<newUTF8.count)

        for (i, j) in moves {
            let ba = blocksA[i], bb = blocksB[j]
            let (words, wordsAdded, wordsRemoved) = ba.text == bb.text ? ([WordSegment(.equal, String(ba.text))], 0, 0) : wordDiff(i..<(i + 1), j..<(j + 1))
            changes.append(((j, 0, i), BlockChange(kind: .moved, old: BlockLocation(ba, index: i), new: BlockLocation(bb, index: j), words: words,
                                                   wordsAdded: wordsAdded, wordsRemoved: wordsRemoved)))
            summary.blocksMoved += 1
        }
        for j in inserted {
            let bb = blocksB[j]
            changes.append(((j, 0, -1), BlockChange(kind: .inserted, old: nil, new: BlockLocation(bb, index: j), words: [WordSegment(.insert, String(bb.text))],
                                                    wordsAdded: regroupedAdded[j] ?? wordCount(profilesB[j], bb), wordsRemoved: 0)))
            summary.blocksAdded += 1
        }
        // A deleted block is listed after the new block that follows the last old block before it still there.
        let sortedMatched = matched.map(\.a.lowerBound)
        for i in deleted {
            var lo = 0, hi = sortedMatched.count
            while lo < hi { let mid = (lo + hi) / 2; if sortedMatched[mid] < i { lo = mid + 1 } else { hi = mid } }
            let anchorJ = lo > 0 ? (partnerOfA[sortedMatched[lo - 1]] ?? -1) : -1
            let ba = blocksA[i]
            changes.append(((anchorJ, 1, i), BlockChange(kind: .deleted, old: BlockLocation(ba, index: i), new: nil, words: [WordSegment(.delete, String(ba.text))],
                                                         wordsAdded: 0, wordsRemoved: regroupedRemoved[i] ?? wordCount(profilesA[i], ba))))
            summary.blocksRemoved += 1
        }
        changes.sort { $0.key < $1.key }
        for c in changes {
            summary.wordsAdded += c.change.wordsAdded
            summary.wordsRemoved += c.change.wordsRemoved
        }
        return ProseDiff(blocks: changes.map(\.change), edits: edits, summary: summary)
    }

    /// `build(…).summary` for texts compared by bytes (see `ProseDiffer.counts`): a modified group counts when its
    /// bytes differ (its word diff then has a change), with the words of its runs (or of its regrouped gap); a move
    /// with the words of its runs; an inserted or deleted block with its words.
    mutating func counts(matched: [(a: Range<Int>, b: Range<Int>, modified: Bool)], moves: [(i: Int, j: Int)], deleted: Set<Int>, inserted: Set<Int>) -> ProseSummary {
        var summary = ProseSummary()
        for m in matched where m.modified {
            // The text `wordDiff` compares: the first block's start to the last one's end.
            let x = old[blocksA[m.a.lowerBound].text.startIndex..<blocksA[m.a.upperBound - 1].text.endIndex]
            let y = new[blocksB[m.b.lowerBound].text.startIndex..<blocksB[m.b.upperBound - 1].text.endIndex]
            guard TextKey(text: x, bytewise: true) != TextKey(text: y, bytewise: true) else { continue }
            let regrouped = m.a.allSatisfy({ regroupedRemoved[$0] != nil }) && m.b.allSatisfy({ regroupedAdded[$0] != nil })
            if regrouped {
                summary.wordsRemoved += m.a.reduce(0) { $0 + (regroupedRemoved[$1] ?? 0) }
                summary.wordsAdded += m.b.reduce(0) { $0 + (regroupedAdded[$1] ?? 0) }
            } else {
                var runsA: [Int] = [], runsB: [Int] = []
                for i in m.a { runsA += profileA(i).runs }
                for j in m.b { runsB += profileB(j).runs }
                let counts = WordDiff.changedRuns(runsA, runsB)
                summary.wordsAdded += counts.added
                summary.wordsRemoved += counts.removed
            }
            summary.blocksModified += 1
        }
        for (i, j) in moves {
            let ba = blocksA[i], bb = blocksB[j]
            if ba.text != bb.text {
                let counts = WordDiff.changedRuns(profileA(i).runs, profileB(j).runs)
                summary.wordsAdded += counts.added
                summary.wordsRemoved += counts.removed
            }
            summary.blocksMoved += 1
        }
        for j in inserted {
            summary.wordsAdded += regroupedAdded[j] ?? wordCount(profilesB[j], blocksB[j])
            summary.blocksAdded += 1
        }
        for i in deleted {
            summary.wordsRemoved += regroupedRemoved[i] ?? wordCount(profilesA[i], blocksA[i])
            summary.blocksRemoved += 1
        }
        return summary
    }
}
