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
    /// Cleans up `segments` in place; `length` gives a token's length in characters, `kind` its kind.
    static func run(_ segments: inout [TokenSegment], interner: TokenInterner) {
        let lengths = interner.texts.map { $0.count }
        func length(_ tokens: [Int]) -> Int { tokens.reduce(0) { $0 + lengths[$1] } }

        // 1. Fold small equalities into the edits around them.
        var changed = false
        var equalities: [Int] = []
        var lastEquality: Int?
        var insertedBefore = 0, deletedBefore = 0, insertedAfter = 0, deletedAfter = 0
        var pointer = 0
        while pointer < segments.count {
            let segment = segments[pointer]
            if segment.operation == .equal {
                equalities.append(pointer)
                insertedBefore = insertedAfter
                deletedBefore = deletedAfter
                insertedAfter = 0
                deletedAfter = 0
                lastEquality = pointer
            } else {
                if segment.operation == .insert {
                    insertedAfter += length(segment.tokens)
                } else {
                    deletedAfter += length(segment.tokens)
                }
                if let e = lastEquality {
                    let size = length(segments[e].tokens)
                    if size <= max(insertedBefore, deletedBefore), size <= max(insertedAfter, deletedAfter) {
                        let tokens = segments[e].tokens
                        segments[e] = TokenSegment(operation: .delete, tokens: tokens)
                        segments.insert(TokenSegment(operation: .insert, tokens: tokens), at: e + 1)
                        equalities.removeLast()
                        if !equalities.isEmpty { equalities.removeLast() }
                        pointer = equalities.last ?? -1
                        insertedBefore = 0; deletedBefore = 0; insertedAfter = 0; deletedAfter = 0
                        lastEquality = nil
                        changed = true
                    }
                }
            }
            pointer += 1
        }
        if changed { merge(&segments) }
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

    /// diff-match-patch's `diff_cleanupSemanticLossless` on tokens: an edit between two equalities is moved to
    /// where its edges fall on the best boundaries; the text does not change.
    static func slide(_ segments: inout [TokenSegment], interner: TokenInterner) {
        guard segments.count >= 3 else { return }
        var i = 1
        var changed = false
        while i < segments.count - 1 {
            guard segments[i - 1].operation == .equal, segments[i + 1].operation == .equal,
                  segments[i].operation != .equal else { i += 1; continue }
            var before = segments[i - 1].tokens, edit = segments[i].tokens, after = segments[i + 1].tokens
            // Shift left as far as the text allows.
            while let last = before.last, last == edit.last {
                before.removeLast()
                edit.insert(last, at: 0)
                edit.removeLast()
                after.insert(last, at: 0)
            }
            // Walk right, keeping the best-scoring position (ties go right, as in diff-match-patch's '>=').
            var bestBefore = before, bestEdit = edit, bestAfter = after
            var bestScore = score(before.last, edit.first, interner) + score(edit.last, after.first, interner)
            while let first = after.first, first == edit.first {
                before.append(first)
                edit.removeFirst()
                edit.append(first)
                after.removeFirst()
                let s = score(before.last, edit.first, interner) + score(edit.last, after.first, interner)
                if s >= bestScore {
                    bestScore = s
                    bestBefore = before; bestEdit = edit; bestAfter = after
                }
            }
            if bestBefore != segments[i - 1].tokens {
                changed = true
                segments[i - 1].tokens = bestBefore
                segments[i].tokens = bestEdit
                segments[i + 1].tokens = bestAfter
            }
            i += 1
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
