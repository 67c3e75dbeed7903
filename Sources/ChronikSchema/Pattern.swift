import Foundation

/// An ECMA-262 regular expression (as JSON Schema's `pattern` requires) compiled for ICU's `NSRegularExpression`.
///
/// ECMA and ICU differ in a few places that matter for schemas: `\d`, `\w` (and their negations) are ASCII-only in
/// ECMA, and `$` matches only at the very end of the input (ICU also matches before a final newline). Patterns are
/// translated accordingly. Nested unbounded quantifiers such as `(a+)+`, `(a*)*` or `(a+)*`, the classic cause of
/// catastrophic backtracking, are rejected at compile time.
final class Pattern: @unchecked Sendable {
    // NSRegularExpression is immutable and documented as safe to use from several threads.
    let source: String
    private let regex: NSRegularExpression

    init(_ source: String) throws(PatternError) {
        self.source = source
        if let problem = Pattern.nestedQuantifier(in: source) { throw PatternError(message: problem) }
        do {
            regex = try NSRegularExpression(pattern: Pattern.translate(source), options: [])
        } catch {
            throw PatternError(message: "not a valid regular expression")
        }
    }

    enum Outcome {
        case match, noMatch, timedOut
    }

    /// Whether the pattern matches anywhere in `text` (JSON Schema patterns are not anchored), giving up after
    /// `timeLimit` seconds: ICU reports progress while it backtracks, and evaluation stops there.
    func match(_ text: String, timeLimit: Double) -> Outcome {
        let range = NSRange(location: 0, length: (text as NSString).length)
        var outcome = Outcome.noMatch
        let deadline = DispatchTime.now().uptimeNanoseconds + UInt64(max(0, timeLimit) * 1e9)
        regex.enumerateMatches(in: text, options: [.reportProgress], range: range) { result, _, stop in
            if result != nil {
                outcome = .match
                stop.pointee = true
            } else if DispatchTime.now().uptimeNanoseconds > deadline {
                outcome = .timedOut
                stop.pointee = true
            }
        }
        return outcome
    }

    /// ECMA-262 escapes rewritten for ICU.
    static func translate(_ source: String) -> String {
        var out = ""
        var inClass = false
        var chars = source.unicodeScalars.makeIterator()
        while let c = chars.next() {
            if c == "\\" {
                guard let e = chars.next() else {
                    out += "\\"
                    break
                }
                switch e {
                case "d": out += inClass ? "0-9" : "[0-9]"
                case "D": out += inClass ? "\\x{0}-/:-\\x{10FFFF}" : "[^0-9]"
                case "w": out += inClass ? "a-zA-Z0-9_" : "[a-zA-Z0-9_]"
                case "W": out += inClass ? "\\x{0}-/:-@\\[-^`{-\\x{10FFFF}" : "[^a-zA-Z0-9_]"
                case "s": out += inClass ? "\\s\\x{FEFF}" : "[\\s\\x{FEFF}]"
                case "S": out += inClass ? "\\S" : "[^\\s\\x{FEFF}]"
                case "c":
                    // \cX: the control character X % 32.
                    if let x = chars.next() {
                        out += String(format: "\\x{%X}", x.value % 32)
                    }
                default:
                    out.unicodeScalars.append("\\")
                    out.unicodeScalars.append(e)
                }
                continue
            }
            if inClass {
                if c == "]" { inClass = false }
                if c == "[" {
                    out += "\\["  // ECMA has no nested classes; ICU would read `[` as one.
                    continue
                }
                out.unicodeScalars.append(c)
                continue
            }
            switch c {
            case "[":
                inClass = true
                out += "["
                // `[]` and `[^]` mean "nothing" and "anything" in ECMA.
                var lookahead = chars
                if let n = lookahead.next() {
                    if n == "]" {
                        out += "^\\x{0}-\\x{10FFFF}]"
                        chars = lookahead
                        inClass = false
                    } else if n == "^", let m = lookahead.next(), m == "]" {
                        out += "\\x{0}-\\x{10FFFF}]"
                        chars = lookahead
                        inClass = false
                    }
                }
            case "$":
                out += "\\z"
            default:
                out.unicodeScalars.append(c)
            }
        }
        return out
    }

    /// Describes a nested unbounded quantifier whose group is nothing but repetition (`(a+)+`, `(x*)*`, `(x+)*`,
    /// `(\d+)*`: the classic exponential cases), or nil when there is none. Groups with a mandatory atom, such as
    /// `(-[a-z]+)*`, are allowed; any remaining slow pattern is stopped by the matching time limit.
    static func nestedQuantifier(in source: String) -> String? {
        let s = Array(source.unicodeScalars)
        struct Group {
            var unbounded = false
            var mandatory = false
        }
        var stack = [Group()]
        var i = 0
        /// The quantifier at `j`: (length, unbounded, optional), or nil when there is none.
        func quantifier(at j: Int) -> (Int, Bool, Bool)? {
            guard j < s.count else { return nil }
            var length = 1
            var result: (Int, Bool, Bool)
            switch s[j] {
            case "*": result = (1, true, true)
            case "+": result = (1, true, false)
            case "?": result = (1, false, true)
            case "{":
                var k = j + 1
                while k < s.count, s[k] != "}" { k += 1 }
                guard k < s.count else { return nil }
                let body = String(String.UnicodeScalarView(s[(j + 1)..<k]))
                let bounds = body.split(separator: ",", omittingEmptySubsequences: false)
                guard let low = bounds.first.flatMap({ Int($0) }), bounds.count <= 2 else { return nil }
                let unbounded = bounds.count == 2 && bounds[1].isEmpty
                if bounds.count == 2, !bounds[1].isEmpty, Int(bounds[1]) == nil { return nil }
                length = k - j + 1
                result = (length, unbounded, low == 0)
            default:
                return nil
            }
            // A lazy or possessive marker belongs to the quantifier.
            if j + result.0 < s.count, s[j + result.0] == "?" || s[j + result.0] == "+" { result.0 += 1 }
            return result
        }
        /// Records an atom that ended just before `j` and returns the index after its quantifier.
        func atom(endingBefore j: Int, containsUnbounded: Bool = false, mandatoryInside: Bool = true) -> Int {
            if let (length, unbounded, optional) = quantifier(at: j) {
                if unbounded || containsUnbounded { stack[stack.count - 1].unbounded = true }
                // An atom repeated without bound is not "mandatory": the iterations can share its characters.
                if !optional && !unbounded && mandatoryInside { stack[stack.count - 1].mandatory = true }
                return j + length
            }
            if containsUnbounded { stack[stack.count - 1].unbounded = true }
            if mandatoryInside { stack[stack.count - 1].mandatory = true }
            return j
        }
        while i < s.count {
            let c = s[i]
            switch c {
            case "\\":
                i = atom(endingBefore: min(i + 2, s.count))
            case "[":
                var k = i + 1
                if k < s.count, s[k] == "^" { k += 1 }
                if k < s.count, s[k] == "]" { k += 1 }
                while k < s.count, s[k] != "]" {
                    k += s[k] == "\\" ? 2 : 1
                }
                i = atom(endingBefore: min(k + 1, s.count))
            case "(":
                stack.append(Group())
                i += 1
                if i < s.count, s[i] == "?" {
                    // Skip the group's kind: (?:  (?=  (?!  (?<=  (?<!  (?<name>
                    i += 1
                    while i < s.count, s[i] != ":" && s[i] != "=" && s[i] != "!" && s[i] != ">" { i += 1 }
                    i += 1
                }
            case ")":
                guard stack.count > 1, let group = stack.popLast() else {
                    i += 1
                    continue
                }
                if let (_, unbounded, _) = quantifier(at: i + 1), unbounded, group.unbounded, !group.mandatory {
                    return "nested repetition such as (a+)+ can take exponential time; rewrite the pattern without a repeated group that itself repeats"
                }
                i = atom(endingBefore: i + 1, containsUnbounded: group.unbounded, mandatoryInside: group.mandatory)
            case "^", "$", "|":
                i += 1
            default:
                i = atom(endingBefore: i + 1)
            }
        }
        return nil
    }
}

struct PatternError: Error {
    var message: String
}
