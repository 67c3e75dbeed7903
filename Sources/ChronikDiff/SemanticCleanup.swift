// Phase 3 of the prose diff: make a token edit script readable.
//
// After Neil Fraser's diff-match-patch (`diff_cleanupSemantic`, `diff_cleanupSemanticLossless` and
// `diff_cleanupMerge`, https://github.com/google/diff-match-patch, Apache 2.0; described in
// https://neil.fraser.name/writing/diff/), applied to tokens instead of characters:
//
// 1. An equality no longer than the edits on both of its sides (measured in characters) is folded into them: a
//    lone space or comma between two changed words becomes part of one change, "[-der Klimawandel-]{+die
//    Klimakrise+}" rather than "[-der-]{+die+} [-Klimawandel-]{+Klimakrise+}".
// 2. Adjacent edits are merged into one deletion and one insertion, and tokens both share at their start or end
//    are moved back into the surrounding equalities.
// 3. A lone insertion or deletion between two equalities is slid sideways (where the text allows) to the position
//    with the best boundaries: blank line, line break, sentence end, white space, punctuation.
//
// Because the tokens are whole words (Tokenizer.swift), no change is ever made of scattered letters.

/// A token-level edit script: each segment is an operation and the token ids it covers.
struct TokenSegment: Hashable {
    var operation: DiffOperation
    var tokens: [Int]
}

enum SemanticCleanup {
    /// Cleans up `segments` in place.
    static func run(_ segments: inout [TokenSegment], interner: TokenInterner) {
        let lengths = interner.texts.map { $0.count }
        func length(_ tokens: [Int]) -> Int { tokens.reduce(0) { $0 + lengths[$1] } }

        // 1. Fold small equalities into the edits around them. diff-match-patch rewinds to the previous equality
        //    after each fold; a stack of edit groups and the equalities between them does the same in linear time.
        struct Group {
            var deleted: [Int] = [], inserted: [Int] = []
            var deletedLength = 0, insertedLength = 0
            var size: Int { max(deletedLength, insertedLength) }
        }
        var groups: [Group] = [Group()]
        var equalities: [(tokens: [Int], length: Int)] = []
        var folded = false
        func foldWhilePossible() -> Bool {
            var any = false
            while let last = equalities.last, groups.count >= 2,
                  last.length <= groups[groups.count - 2].size, last.length <= groups[groups.count - 1].size {
                let after = groups.removeLast()
                let equality = equalities.removeLast()
                var before = groups.removeLast()
                before.deleted += equality.tokens + after.deleted
                before.inserted += equality.tokens + after.inserted
                before.deletedLength += equality.length + after.deletedLength
                before.insertedLength += equality.length + after.insertedLength
                groups.append(before)
                any = true
            }
            return any
        }
        for segment in segments {
            switch segment.operation {
            case .equal:
                if foldWhilePossible() { folded = true }
                equalities.append((segment.tokens, length(segment.tokens)))
                groups.append(Group())
            case .delete:
                groups[groups.count - 1].deleted += segment.tokens
                groups[groups.count - 1].deletedLength += length(segment.tokens)
            case .insert:
                groups[groups.count - 1].inserted += segment.tokens
                groups[groups.count - 1].insertedLength += length(segment.tokens)
            }
        }
        if foldWhilePossible() { folded = true }
        if folded {
            var result: [TokenSegment] = []
            for (k, group) in groups.enumerated() {
                if !group.deleted.isEmpty { result.append(TokenSegment(operation: .delete, tokens: group.deleted)) }
                if !group.inserted.isEmpty { result.append(TokenSegment(operation: .insert, tokens: group.inserted)) }
                if k < equalities.count { result.append(TokenSegment(operation: .equal, tokens: equalities[k].tokens)) }
            }
            segments = result
            merge(&segments)
        }
        // 3. Slide lone edits to good boundaries.
        slide(&segments, interner: interner)
    }

    /// Merges neighbouring segments of one kind, puts deletions before insertions, and moves tokens that a
    /// deletion and insertion share at their ends into the equalities around them (diff-match-patch's
    /// `diff_cleanupMerge`, without its character-level shifting).
    static func merge(_ segments: inout [TokenSegment]) {
        var result: [TokenSegment] = []
        result.reserveCapacity(segments.count)
        func appendEqual(_ tokens: [Int]) {
            guard !tokens.isEmpty else { return }
            if let last = result.last, last.operation == .equal {
                result[result.count - 1].tokens += tokens
            } else {
                result.append(TokenSegment(operation: .equal, tokens: tokens))
            }
        }
        var i = 0
        while i < segments.count {
            if segments[i].operation == .equal {
                appendEqual(segments[i].tokens)
                i += 1
                continue
            }
            var deleted: [Int] = [], inserted: [Int] = []
            while i < segments.count, segments[i].operation != .equal {
                if segments[i].operation == .delete { deleted += segments[i].tokens } else { inserted += segments[i].tokens }
                i += 1
            }
            var prefix = 0
            while prefix < deleted.count, prefix < inserted.count, deleted[prefix] == inserted[prefix] { prefix += 1 }
            var suffix = 0
            while suffix < deleted.count - prefix, suffix < inserted.count - prefix,
                  deleted[deleted.count - 1 - suffix] == inserted[inserted.count - 1 - suffix] { suffix += 1 }
            appendEqual(Array(deleted[..<prefix]))
            let d = Array(deleted[prefix..<(deleted.count - suffix)])
            let s = Array(inserted[prefix..<(inserted.count - suffix)])
            if !d.isEmpty { result.append(TokenSegment(operation: .delete, tokens: d)) }
            if !s.isEmpty { result.append(TokenSegment(operation: .insert, tokens: s)) }
            appendEqual(Array(deleted[(deleted.count - suffix)...]))
        }
        segments = result
    }

    /// How far an edit may slide each way; bounds the work on long runs of repeated tokens.
    static let maxSlide = 64

    /// diff-match-patch's `diff_cleanupSemanticLossless` on tokens: an edit between two equalities is moved to
    /// where its edges fall on the best boundaries; the text does not change.
    static func slide(_ segments: inout [TokenSegment], interner: TokenInterner) {
        guard segments.count >= 3 else { return }
        var changed = false
        for i in 1..<(segments.count - 1) {
            guard segments[i - 1].operation == .equal, segments[i + 1].operation == .equal,
                  segments[i].operation != .equal else { continue }
            let before = segments[i - 1].tokens, edit = segments[i].tokens, after = segments[i + 1].tokens
            // The window [p, p + L) over before ++ edit ++ after; moving it by one is allowed when the token that
            // leaves equals the token that enters.
            let L = edit.count
            func at(_ k: Int) -> Int {
                if k < before.count { return before[k] }
                if k < before.count + L { return edit[k - before.count] }
                return after[k - before.count - L]
            }
            let total = before.count + L + after.count
            var p = before.count
            var steps = 0
            while p > 0, steps < maxSlide, at(p - 1) == at(p + L - 1) { p -= 1; steps += 1 }
            func edgeScore(_ p: Int) -> Int {
                score(p > 0 ? at(p - 1) : nil, at(p), interner) + score(at(p + L - 1), p + L < total ? at(p + L) : nil, interner)
            }
            var best = p, bestScore = edgeScore(p)
            steps = 0
            while p + L < total, steps < 2 * maxSlide, at(p) == at(p + L) {
                p += 1
                steps += 1
                let s = edgeScore(p)
                if s >= bestScore { bestScore = s; best = p }
            }
            guard best != before.count else { continue }
            let all = before + edit + after
            segments[i - 1].tokens = Array(all[..<best])
            segments[i].tokens = Array(all[best..<(best + L)])
            segments[i + 1].tokens = Array(all[(best + L)...])
            changed = true
        }
        if changed {
            segments.removeAll { $0.tokens.isEmpty }
            merge(&segments)
        }
    }

    /// How good a boundary between two tokens is (diff-match-patch's `diff_cleanupSemanticScore`, by token).
    static func score(_ left: Int?, _ right: Int?, _ interner: TokenInterner) -> Int {
        guard let left, let right else { return 6 }
        let l = interner.texts[left], r = interner.texts[right]
        let lk = interner.kinds[left], rk = interner.kinds[right]
        func blankLine(_ s: Substring) -> Bool { s.filter { $0 == "\n" || $0 == "\r\n" }.count >= 2 }
        func lineBreak(_ s: Substring) -> Bool { s.contains("\n") || s.contains("\r\n") || s.contains("\r") }
        if (lk == .whitespace && blankLine(l)) || (rk == .whitespace && blankLine(r)) { return 5 }
        if (lk == .whitespace && lineBreak(l)) || (rk == .whitespace && lineBreak(r)) { return 4 }
        if lk == .punctuation, ".!?".contains(l.first ?? " "), rk == .whitespace { return 3 }
        if lk == .whitespace || rk == .whitespace { return 2 }
        if lk == .punctuation || rk == .punctuation { return 1 }
        return 0
    }
}
