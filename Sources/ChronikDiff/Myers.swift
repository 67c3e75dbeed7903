// Phase 2 of the prose diff: the edit script between two sequences of interned tokens (or blocks).
//
// Algorithm: Eugene W. Myers, "An O(ND) Difference Algorithm and Its Variations", Algorithmica 1 (1986) 251-266,
// with the linear-space refinement of section 4b: find the middle snake of the forward and backward searches, split
// there, and solve both halves (here with an explicit stack instead of recursion). The shape follows git's
// xdiff (`xdiff/xdiffi.c`, `xdl_split` and `xdl_recs_cmp`), including its two speed-ups:
//
// - Elements that occur nowhere in the other sequence can never match; they are marked changed up front and left
//   out of the search (git's `xdl_cleanup_records`). Two unrelated texts shrink to the few tokens they share.
// - A cost limit (git's `mxcost`): when a middle-snake search has spent `costLimit` edit steps without the two
//   searches meeting, it stops and splits at the diagonal that reached furthest (forward or backward). The edit
//   script stays correct (every split point is valid); it may just not be minimal. Inputs of up to 4,096
//   elements are always diffed exactly (at most 16 M steps). Above that the limit is git's max(256, √(N+M)),
//   lowered to 16 M / (N+M) (but at least 32) when that is smaller, so that the whole search stays near
//   16 M diagonal steps: a 1 MB text (~400,000 tokens) gets a limit of 40 and is never quadratic.
//
// Common prefixes and suffixes are trimmed before each search (they are part of every optimal script).

/// One piece of an edit script between sequences `a` and `b`.
public enum DiffOperation: String, Sendable, Codable, Hashable {
    case equal, delete, insert
}

/// A run of equal, deleted or inserted elements; ranges index into `a` and `b`.
public struct DiffRun: Sendable, Hashable {
    public var operation: DiffOperation
    /// The elements of `a` this run covers (empty for an insertion).
    public var a: Range<Int>
    /// The elements of `b` this run covers (empty for a deletion).
    public var b: Range<Int>
}

/// Myers' O(ND) diff with the linear-space refinement and a cost limit.
public enum Myers {
    /// The cost limit for inputs of total length `n` (see the file header): exact up to 4,096 elements, else
    /// git's max(256, √n), capped so that n × limit stays near 16 M, and at least 32.
    public static func defaultCostLimit(_ n: Int) -> Int {
        if n <= 4_096 { return Int.max }
        let git = max(256, Int(Double(n).squareRoot()))
        return max(32, min(git, 16_000_000 / n))
    }

    /// The edit script from `a` to `b` as runs in order (deletions before insertions within a change).
    /// `costLimit` nil means `defaultCostLimit`; `Int.max` means always minimal (quadratic in the worst case).
    public static func diff(_ a: [Int], _ b: [Int], costLimit: Int? = nil) -> [DiffRun] {
        let (changedA, changedB) = changes(a, b, costLimit: costLimit)
        return runs(changedA, changedB)
    }

    /// Which elements of `a` were deleted and which of `b` inserted.
    public static func changes(_ a: [Int], _ b: [Int], costLimit: Int? = nil) -> (a: [Bool], b: [Bool]) {
        changes(a, b, costLimit: costLimit, narrow: true)
    }

    /// `changes(a, b)`; `narrow` false: the search over the elements as given, in 64 bits (the reference the
    /// tests hold the narrow search to).
    static func changes(_ a: [Int], _ b: [Int], costLimit: Int?, narrow: Bool) -> (a: [Bool], b: [Bool]) {
        var changedA = [Bool](repeating: false, count: a.count)
        var changedB = [Bool](repeating: false, count: b.count)
        // Common prefix and suffix.
        var start = 0
        while start < a.count, start < b.count, a[start] == b[start] { start += 1 }
        var endA = a.count, endB = b.count
        while endA > start, endB > start, a[endA - 1] == b[endB - 1] { endA -= 1; endB -= 1 }
        if start == endA {
            for j in start..<endB { changedB[j] = true }
            return (changedA, changedB)
        }
        if start == endB {
            for i in start..<endA { changedA[i] = true }
            return (changedA, changedB)
        }

        // Leave out what the other side does not have at all. What is left is numbered densely in the order of
        // first occurrence in `b` (equal elements get equal numbers, so the search takes the same steps), which
        // fits in 32 bits: the search then walks half the memory (a fifth less time on two texts of 1,500 words).
        var numbers: [Int: Int] = [:], inA = Set<Int>()
        numbers.reserveCapacity(endB - start)
        inA.reserveCapacity(endA - start)
        for j in start..<endB where numbers[b[j]] == nil { numbers[b[j]] = numbers.count }
        for i in start..<endA { inA.insert(a[i]) }
        var ra: [Int] = [], rb: [Int] = [], mapA: [Int] = [], mapB: [Int] = []
        for i in start..<endA {
            if let number = numbers[a[i]] { ra.append(narrow ? number : a[i]); mapA.append(i) } else { changedA[i] = true }
        }
        for j in start..<endB {
            if inA.contains(b[j]), let number = numbers[b[j]] { rb.append(narrow ? number : b[j]); mapB.append(j) } else { changedB[j] = true }
        }
        guard !ra.isEmpty || !rb.isEmpty else { return (changedA, changedB) }

        let limit = costLimit ?? defaultCostLimit(ra.count + rb.count)
        let (searchedA, searchedB): ([Bool], [Bool])
        if narrow, ra.count + rb.count < Int(Int32.max) - 3 {
            var search = Search<Int32>(a: ra.map { Int32(truncatingIfNeeded: $0) }, b: rb.map { Int32(truncatingIfNeeded: $0) }, costLimit: limit)
            search.run()
            (searchedA, searchedB) = (search.changedA, search.changedB)
        } else {
            var search = Search<Int>(a: ra, b: rb, costLimit: limit)
            search.run()
            (searchedA, searchedB) = (search.changedA, search.changedB)
        }
        for (k, changed) in searchedA.enumerated() where changed { changedA[mapA[k]] = true }
        for (k, changed) in searchedB.enumerated() where changed { changedB[mapB[k]] = true }
        return (changedA, changedB)
    }

    /// Turns change marks into runs: equal runs, then per change a deletion and an insertion.
    static func runs(_ changedA: [Bool], _ changedB: [Bool]) -> [DiffRun] {
        var result: [DiffRun] = []
        var i = 0, j = 0
        let n = changedA.count, m = changedB.count
        while i < n || j < m {
            let i0 = i, j0 = j
            while i < n, j < m, !changedA[i], !changedB[j] { i += 1; j += 1 }
            if i > i0 { result.append(DiffRun(operation: .equal, a: i0..<i, b: j0..<j)) }
            let d0 = i
            while i < n, changedA[i] { i += 1 }
            if i > d0 { result.append(DiffRun(operation: .delete, a: d0..<i, b: j..<j)) }
            let s0 = j
            while j < m, changedB[j] { j += 1 }
            if j > s0 { result.append(DiffRun(operation: .insert, a: i..<i, b: s0..<j)) }
            if i == i0, j == j0 { preconditionFailure("Myers.runs: unchanged elements left unpaired") }
        }
        return result
    }

    /// The divide-and-conquer search over one pair of sequences (git's `xdl_recs_cmp` and `xdl_split`), with the
    /// elements and the diagonals' positions stored as `Element` (Int32 when they fit; positions are computed in
    /// Int, stored back narrowed).
    private struct Search<Element: FixedWidthInteger & SignedInteger> {
        let a: [Element], b: [Element]
        let costLimit: Int
        var changedA: [Bool], changedB: [Bool]
        // Furthest-reaching x (index into a) per diagonal k = x - y, offset by b.count + 1.
        var forward: [Element], backward: [Element]
        let offset: Int

        init(a: [Element], b: [Element], costLimit: Int) {
            self.a = a
            self.b = b
            self.costLimit = max(1, costLimit)
            changedA = [Bool](repeating: false, count: a.count)
            changedB = [Bool](repeating: false, count: b.count)
            forward = [Element](repeating: 0, count: a.count + b.count + 3)
            backward = forward
            offset = b.count + 1
        }

        mutating func run() {
            var stack: [(Int, Int, Int, Int)] = [(0, a.count, 0, b.count)]
            while var (off1, lim1, off2, lim2) = stack.popLast() {
                while off1 < lim1, off2 < lim2, a[off1] == b[off2] { off1 += 1; off2 += 1 }
                while off1 < lim1, off2 < lim2, a[lim1 - 1] == b[lim2 - 1] { lim1 -= 1; lim2 -= 1 }
                if off1 == lim1 {
                    for j in off2..<lim2 { changedB[j] = true }
                } else if off2 == lim2 {
                    for i in off1..<lim1 { changedA[i] = true }
                } else {
                    let (x, y) = split(off1, lim1, off2, lim2)
                    stack.append((x, lim1, y, lim2))
                    stack.append((off1, x, off2, y))
                }
            }
        }

        /// A point (x, y) on an optimal (or, past the cost limit, a good) path from (off1, off2) to (lim1, lim2).
        mutating func split(_ off1: Int, _ lim1: Int, _ off2: Int, _ lim2: Int) -> (Int, Int) {
            // The diagonal arrays are moved out for the search and back after it (no copy), so that both can be
            // borrowed as buffers at once.
            var f: [Element] = [], r: [Element] = []
            swap(&f, &forward)
            swap(&r, &backward)
            defer {
                swap(&f, &forward)
                swap(&r, &backward)
            }
            let offset = self.offset, costLimit = self.costLimit
            return a.withUnsafeBufferPointer { a in
                b.withUnsafeBufferPointer { b in
                    f.withUnsafeMutableBufferPointer { forward in
                        r.withUnsafeMutableBufferPointer { backward in
                            Self.split(off1, lim1, off2, lim2, a: a, b: b, forward: forward, backward: backward, offset: offset, costLimit: costLimit)
                        }
                    }
                }
            }
        }

        /// The search of `split` over raw buffers: the same steps, without the arrays' bounds checks and uniqueness
        /// checks in the innermost loops (the diagonal walks were a tenth of a cold plain changelog).
        private static func split(_ off1: Int, _ lim1: Int, _ off2: Int, _ lim2: Int, a: UnsafeBufferPointer<Element>, b: UnsafeBufferPointer<Element>,
                                  forward: UnsafeMutableBufferPointer<Element>, backward: UnsafeMutableBufferPointer<Element>,
                                  offset: Int, costLimit: Int) -> (Int, Int) {
            let dmin = off1 - lim2, dmax = lim1 - off2
            let fmid = off1 - off2, bmid = lim1 - lim2
            let odd = (fmid - bmid) & 1 != 0
            var fmin = fmid, fmax = fmid, bmin = bmid, bmax = bmid
            let o = offset
            forward[fmid + o] = Element(truncatingIfNeeded: off1)
            backward[bmid + o] = Element(truncatingIfNeeded: lim1)
            var cost = 1
            while true {
                // Forward search: one more edit.
                if fmin > dmin { fmin -= 1; forward[fmin - 1 + o] = -1 } else { fmin += 1 }
                if fmax < dmax { fmax += 1; forward[fmax + 1 + o] = -1 } else { fmax -= 1 }
                var d = fmax
                while d >= fmin {
                    let left = Int(truncatingIfNeeded: forward[d - 1 + o]), right = Int(truncatingIfNeeded: forward[d + 1 + o])
                    var x = left >= right ? left + 1 : right
                    var y = x - d
                    while x < lim1, y < lim2, a[x] == b[y] { x += 1; y += 1 }
                    forward[d + o] = Element(truncatingIfNeeded: x)
                    if odd, bmin <= d, d <= bmax, Int(truncatingIfNeeded: backward[d + o]) <= x { return (x, y) }
                    d -= 2
                }
                // Backward search: one more edit.
                if bmin > dmin { bmin -= 1; backward[bmin - 1 + o] = Element.max } else { bmin += 1 }
                if bmax < dmax { bmax += 1; backward[bmax + 1 + o] = Element.max } else { bmax -= 1 }
                d = bmax
                while d >= bmin {
                    let left = Int(truncatingIfNeeded: backward[d - 1 + o]), right = Int(truncatingIfNeeded: backward[d + 1 + o])
                    var x = left < right ? left : right - 1
                    var y = x - d
                    while x > off1, y > off2, a[x - 1] == b[y - 1] { x -= 1; y -= 1 }
                    backward[d + o] = Element(truncatingIfNeeded: x)
                    if !odd, fmin <= d, d <= fmax, x <= Int(truncatingIfNeeded: forward[d + o]) { return (x, y) }
                    d -= 2
                }
                // Past the cost limit: split where one of the searches got furthest.
                if cost >= costLimit {
                    var fbest = -1, fbestX = -1
                    d = fmax
                    while d >= fmin {
                        var x = min(Int(truncatingIfNeeded: forward[d + o]), lim1)
                        var y = x - d
                        if lim2 < y { x = lim2 + d; y = lim2 }
                        if fbest < x + y { fbest = x + y; fbestX = x }
                        d -= 2
                    }
                    var bbest = Int.max, bbestX = Int.max
                    d = bmax
                    while d >= bmin {
                        var x = max(off1, Int(truncatingIfNeeded: backward[d + o]))
                        var y = x - d
                        if y < off2 { x = off2 + d; y = off2 }
                        if x + y < bbest { bbest = x + y; bbestX = x }
                        d -= 2
                    }
                    if (lim1 + lim2) - bbest < fbest - (off1 + off2) {
                        return (fbestX, fbest - fbestX)
                    }
                    return (bbestX, bbest - bbestX)
                }
                cost += 1
            }
        }
    }
}
