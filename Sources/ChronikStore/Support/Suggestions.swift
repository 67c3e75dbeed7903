// "Did you mean …?" for commands, collections, entry ids, field names and revisions (issue 16).
//
// The distance is the optimal string alignment distance (Levenshtein with adjacent transpositions, each edit counting
// one: Damerau 1964, "A technique for computer detection and correction of spelling errors"; the restricted form as
// in Boytsov 2011, "Indexing methods for approximate dictionary searching", section 2.2), over Unicode scalars and
// case-insensitive, so `stauts` is one edit from `status` and `Glosary` one from `glossary`. A candidate is suggested
// when it is within a third of the longer word's length (at least 1, at most 3 edits), as git's `help.autocorrect`
// list is bounded; the closest come first, ties in the candidates' order.

public enum Suggestions {
    /// The optimal string alignment distance between `a` and `b`, compared without case.
    public static func distance(_ a: String, _ b: String) -> Int {
        let s = Array(a.lowercased().unicodeScalars), t = Array(b.lowercased().unicodeScalars)
        if s.isEmpty { return t.count }
        if t.isEmpty { return s.count }
        // Three rows of the dynamic programme: the one before the previous is needed for transpositions.
        var before = [Int](repeating: 0, count: t.count + 1)
        var previous = Array(0...t.count)
        var current = [Int](repeating: 0, count: t.count + 1)
        for i in 1...s.count {
            current[0] = i
            for j in 1...t.count {
                let cost = s[i - 1] == t[j - 1] ? 0 : 1
                var best = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
                if i > 1, j > 1, s[i - 1] == t[j - 2], s[i - 2] == t[j - 1] { best = min(best, before[j - 2] + 1) }
                current[j] = best
            }
            (before, previous, current) = (previous, current, before)
        }
        return previous[t.count]
    }

    /// The candidates close enough to `word` to suggest, closest first (at most `limit`). `word` itself is not
    /// suggested.
    public static func closest(to word: String, among candidates: some Sequence<String>, limit: Int = 3) -> [String] {
        var scored: [(distance: Int, index: Int, candidate: String)] = []
        var seen = Set<String>()
        for (index, candidate) in candidates.enumerated() where candidate != word && seen.insert(candidate).inserted {
            let bound = max(1, min(3, max(word.unicodeScalars.count, candidate.unicodeScalars.count) / 3))
            let d = distance(word, candidate)
            if d <= bound { scored.append((d, index, candidate)) }
        }
        scored.sort { ($0.distance, $0.index) < ($1.distance, $1.index) }
        return scored.prefix(limit).map(\.candidate)
    }
}
