/// A cheap, linear, non-recursive look at front matter text before it is handed to Yams.
///
/// Why: Yams' composer recurses once per nesting level (libyaml stops at 1,000 levels, which is already deep for a
/// Swift task's stack), and it hashes every mapping key to find duplicates, so a key that is an alias of an
/// "alias bomb" costs exponential time before our own node budget can see it. The scan therefore refuses
///
/// - nesting deeper than `maxDepth + 2` levels (an estimate from indentation, `- ` entries on one line and
///   `[`/`{` brackets; it may be off by one or two, which is why the exact check is left to the tree walk and the
///   estimate gets a small margin),
/// - aliases used as keys (`*a: x`), flow collections used as keys (`[a]: x`, `{a: 1}: x`), and explicit keys
///   (`? …`) whose key is not a plain or quoted scalar on the same line, or is one followed by `: ` (`? a: b`, a
///   mapping as key).
///
/// It tracks quotes, comments, block scalars (`|`, `>`) and flow brackets well enough for these purposes; it does
/// not validate YAML (Yams does that next).
struct YAMLPreScan {
    enum Failure: Equatable {
        case tooDeep(line: Int)
        case nonScalarKey(line: Int, column: Int)
    }

    private static let lf = UInt8(ascii: "\n"), space = UInt8(ascii: " "), tab = UInt8(ascii: "\t")

    private static func isBlank(_ c: UInt8) -> Bool { c == space || c == tab }
    private static func isFlowIndicator(_ c: UInt8) -> Bool {
        c == UInt8(ascii: ",") || c == UInt8(ascii: "[") || c == UInt8(ascii: "]")
            || c == UInt8(ascii: "{") || c == UInt8(ascii: "}")
    }

    /// True when the scalar starting at `start` (after `? `) is followed on its line by `: ` or a final `:`, which
    /// makes the explicit key a mapping. A quoted scalar is skipped to its closing quote; a comment ends the look.
    private static func holdsMappingKey(_ bytes: [UInt8], from start: Int, to end: Int) -> Bool {
        var p = start
        if bytes[p] == UInt8(ascii: "'") || bytes[p] == UInt8(ascii: "\"") {
            let quote = bytes[p]
            p += 1
            while p < end, bytes[p] != quote {
                p += quote == UInt8(ascii: "\"") && bytes[p] == UInt8(ascii: "\\") ? 2 : 1
            }
            p += 1
        }
        while p < end {
            if bytes[p] == UInt8(ascii: "#"), p > start, isBlank(bytes[p - 1]) { return false }
            if bytes[p] == UInt8(ascii: ":"), p + 1 >= end || isBlank(bytes[p + 1]) { return true }
            p += 1
        }
        return false
    }

    /// Scans LF-normalised front matter; lines and columns in the result are 1-based within `bytes`.
    static func check(_ bytes: [UInt8], maxDepth: Int) -> Failure? {
        let limit = maxDepth + 2
        let n = bytes.count
        var flow: [(line: Int, lineStart: Int, index: Int)] = [] // columns are computed only when reporting
        var flowBaseDepth = 0
        var quote: UInt8? = nil
        var indents: [Int] = []
        var blockScalarParentIndent: Int? = nil
        var line = 0
        var i = 0
        func columnAt(_ index: Int, from lineStart: Int) -> Int {
            var c = 1
            var k = lineStart
            while k < index {
                if bytes[k] & 0xC0 != 0x80 { c += 1 }
                k += 1
            }
            return c
        }
        while i < n {
            line += 1
            let lineStart = i
            var lineEnd = i
            while lineEnd < n, bytes[lineEnd] != lf { lineEnd += 1 }
            i = lineEnd + 1

            var j = lineStart
            while j < lineEnd, bytes[j] == space { j += 1 }
            let indent = j - lineStart

            if let parent = blockScalarParentIndent {
                if j == lineEnd || indent > parent { continue }
                blockScalarParentIndent = nil
            }
            if quote == nil, flow.isEmpty {
                if j == lineEnd || bytes[j] == UInt8(ascii: "#") { continue }
                while let last = indents.last, last > indent { indents.removeLast() }
                if indents.last != indent { indents.append(indent) }
                if indents.count > limit { return .tooDeep(line: line) }
            }

            func column(_ index: Int) -> Int { columnAt(index, from: lineStart) }
            func next(_ index: Int) -> UInt8? { index + 1 < lineEnd ? bytes[index + 1] : nil }

            var atToken = true
            var firstToken = true
            var extra = 0
            scan: while j < lineEnd {
                let c = bytes[j]
                if let q = quote {
                    if q == UInt8(ascii: "\"") {
                        if c == UInt8(ascii: "\\") { j += 2; continue }
                        if c == q { quote = nil; atToken = false }
                    } else if c == q {
                        if next(j) == q { j += 2; continue }
                        quote = nil
                        atToken = false
                    }
                    j += 1
                    continue
                }
                if isBlank(c) {
                    if next(j) == UInt8(ascii: "#") { break scan }
                    j += 1
                    continue
                }
                let inFlow = !flow.isEmpty
                if c == UInt8(ascii: "]") || c == UInt8(ascii: "}") {
                    j += 1
                    guard let open = flow.popLast() else { continue }
                    var k = j
                    while k < lineEnd, isBlank(bytes[k]) { k += 1 }
                    if k < lineEnd, bytes[k] == UInt8(ascii: ":") {
                        return .nonScalarKey(line: open.line, column: columnAt(open.index, from: open.lineStart))
                    }
                    atToken = false
                    continue
                }
                if inFlow, c == UInt8(ascii: ",") {
                    atToken = true
                    j += 1
                    continue
                }
                if c == UInt8(ascii: ":") {
                    let after = next(j)
                    if after == nil || isBlank(after!) || (inFlow && isFlowIndicator(after!)) {
                        atToken = true
                        j += 1
                        continue
                    }
                }
                if !atToken {
                    if inFlow, c == UInt8(ascii: "[") || c == UInt8(ascii: "{") {
                        // Not valid YAML inside a plain scalar; let it count so the estimate never falls short.
                    } else {
                        j += 1
                        continue
                    }
                }
                switch c {
                case UInt8(ascii: "#"):
                    if j == lineStart || isBlank(bytes[j - 1]) { break scan }
                    atToken = false
                    j += 1
                case UInt8(ascii: "-") where !inFlow && (next(j) == nil || isBlank(next(j)!)):
                    if !firstToken {
                        extra += 1
                        if indents.count + extra > limit { return .tooDeep(line: line) }
                    }
                    firstToken = false
                    j += 1
                case UInt8(ascii: "?") where next(j) == nil || isBlank(next(j)!):
                    var k = j + 1
                    while k < lineEnd, isBlank(bytes[k]) { k += 1 }
                    let startsScalar: Bool
                    if k >= lineEnd {
                        startsScalar = false
                    } else {
                        let s = bytes[k]
                        startsScalar = !("[{*&!-?|>#".utf8.contains(s))
                    }
                    // `? a: b` is a key that is itself a mapping; Yams would compare such keys for duplicates in an
                    // order of its own, so the error it reports would change from run to run.
                    if !startsScalar || Self.holdsMappingKey(bytes, from: k, to: lineEnd) {
                        return .nonScalarKey(line: line, column: column(j))
                    }
                    firstToken = false
                    j += 1
                case UInt8(ascii: "["), UInt8(ascii: "{"):
                    if flow.isEmpty { flowBaseDepth = indents.count + extra }
                    flow.append((line, lineStart, j))
                    if flowBaseDepth + flow.count > limit { return .tooDeep(line: line) }
                    atToken = true
                    firstToken = false
                    j += 1
                case UInt8(ascii: "'"), UInt8(ascii: "\""):
                    quote = c
                    firstToken = false
                    j += 1
                case UInt8(ascii: "*"):
                    let start = j
                    j += 1
                    while j < lineEnd, !isBlank(bytes[j]), !isFlowIndicator(bytes[j]), bytes[j] != UInt8(ascii: ":") {
                        j += 1
                    }
                    var k = j
                    while k < lineEnd, isBlank(bytes[k]) { k += 1 }
                    if k < lineEnd, bytes[k] == UInt8(ascii: ":") {
                        return .nonScalarKey(line: line, column: column(start))
                    }
                    atToken = false
                    firstToken = false
                case UInt8(ascii: "&"), UInt8(ascii: "!"):
                    while j < lineEnd, !isBlank(bytes[j]), !(inFlow && isFlowIndicator(bytes[j])) { j += 1 }
                    firstToken = false
                case UInt8(ascii: "|") where !inFlow, UInt8(ascii: ">") where !inFlow:
                    blockScalarParentIndent = indent
                    break scan
                default:
                    atToken = false
                    firstToken = false
                    j += 1
                }
            }
        }
        return nil
    }
}
