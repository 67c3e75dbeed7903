import Foundation
import Synchronization

/// An ECMA-262 regular expression (as JSON Schema's `pattern` requires) compiled for ICU's `NSRegularExpression`.
///
/// ECMA and ICU differ in a few places that matter for schemas: `\d`, `\w` (and their negations) are ASCII-only in
/// ECMA, and `$` matches only at the very end of the input (ICU also matches before a final newline). Patterns are
/// translated accordingly. Nested unbounded quantifiers such as `(a+)+`, `(a*)*` or `(a+)*`, the classic cause of
/// catastrophic backtracking, are rejected at compile time.
final class Pattern: @unchecked Sendable {
    // NSRegularExpression is immutable and documented as safe to use from several threads.
    let source: String
    /// The compiled expression; for a pattern checked before (`init(checkedBefore:)`), made on its first match.
    private var compiled: NSRegularExpression?
    /// Guards `compiled` while a pattern checked before is compiled on first use (several threads may match).
    private let lock: NSLock?
    /// The pattern as a sequence of ASCII classes, when it is one (`^[a-z0-9][a-z0-9-]{0,99}$`, the id pattern of
    /// the default schemas): matched without ICU (`SimplePattern`); ICU decides every other pattern.
    let simple: SimplePattern?

    init(_ source: String) throws(PatternError) {
        self.source = source
        simple = SimplePattern(source)
        if let problem = Pattern.nestedQuantifier(in: source) { throw PatternError(message: problem) }
        if simple != nil {
            // Matched without ICU, and valid for ICU as every pattern `SimplePattern` takes (`SimplePatternTests`):
            // compiled only if ICU's verdict is asked for (`matchWithICU`, the reference), as for a pattern checked
            // before. ICU's first expression builds its Unicode sets, 1 % of a cold `chronik validate`.
            compiled = nil
            lock = NSLock()
            return
        }
        do {
            compiled = try NSRegularExpression(pattern: Pattern.translate(source), options: [])
        } catch {
            throw PatternError(message: "not a valid regular expression")
        }
        lock = nil
    }

    /// A pattern of a schema that compiled before with the same bytes (a set of schemas the validation cache vouches
    /// for): ICU compiles it on its first match, so that a commit does not compile the patterns of fields its entries
    /// do not have (ICU's first expression builds its Unicode sets, about a millisecond).
    init(checkedBefore source: String) {
        self.source = source
        simple = SimplePattern(source)
        compiled = nil
        lock = NSLock()
    }

    /// The compiled expression; nil only for a pattern checked before that no longer compiles (then no match can be
    /// decided).
    private var regex: NSRegularExpression? {
        guard let lock else { return compiled }
        lock.lock()
        defer { lock.unlock() }
        if compiled == nil, Pattern.nestedQuantifier(in: source) == nil {
            compiled = try? NSRegularExpression(pattern: Pattern.translate(source), options: [])
        }
        return compiled
    }

    enum Outcome {
        case match, noMatch, timedOut
    }

    /// Whether the pattern matches anywhere in `text` (JSON Schema patterns are not anchored), giving up after
    /// `timeLimit` seconds: ICU reports progress while it backtracks, and evaluation stops there.
    func match(_ text: String, timeLimit: Double) -> Outcome {
        if let simple { return simple.matches(text) ? .match : .noMatch }
        return matchWithICU(text, timeLimit: timeLimit)
    }

    /// `match` by ICU alone (the reference that tests hold `SimplePattern` to).
    func matchWithICU(_ text: String, timeLimit: Double) -> Outcome {
        // A check that cannot be decided is a finding, never a pass.
        guard let regex else { return .timedOut }
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

/// A pattern that is `^`, a sequence of ASCII characters and classes of them (`[a-z0-9-]`, or negated: `[^#]`),
/// each with an optional greedy quantifier (`?`, `*`, `+`, `{m}`, `{m,}`, `{m,n}`), and `$`: whether a whole string
/// matches is decided over its bytes in linear time, without ICU (whose matching, with its bridging of the String to
/// UTF-16, was most of the time of a pattern check, issue 19). A character outside ASCII is in no class but the
/// negated ones, where it is one character, as with ICU, which matches code points (a string holding one is matched
/// over its scalars, each non-ASCII one a single unit). Any other pattern (`SimplePattern(_:)` is nil) is ICU's.
///
/// The meta-schema's `$id` pattern, `^[^#]*#?$`, is one: with it, a cold `chronik validate` starts ICU for no
/// pattern at all (`Pattern` compiles a simple pattern for ICU only when a test asks for ICU's verdict), and ICU's
/// start, its Unicode sets, was 1 % of the run.
struct SimplePattern: Sendable {
    /// One atom: the ASCII bytes it takes (a bit per byte; all other bytes when negated) and how often. A byte of
    /// `nonASCII` stands for a scalar outside ASCII, which only a negated class takes.
    struct Element: Sendable {
        var low: UInt64 = 0
        var high: UInt64 = 0
        var negated = false
        var min: Int
        var max: Int

        func takes(_ byte: UInt8) -> Bool {
            let listed = byte < 64 ? low & (1 << UInt64(byte)) != 0 : byte < 128 && high & (1 << UInt64(byte - 64)) != 0
            return listed != negated
        }
    }

    /// The unit a scalar outside ASCII is matched as.
    static let nonASCII: UInt8 = 0x80

    let elements: [Element]

    init?(_ source: String) {
        let s = Array(source.utf8)
        guard s.count >= 2, s.first == UInt8(ascii: "^"), s.last == UInt8(ascii: "$"), s[s.count - 2] != UInt8(ascii: "\\") else { return nil }
        var elements: [Element] = []
        var i = 1
        let end = s.count - 1
        /// Plain characters outside a class: letters, digits and a few that are never special.
        func isLiteral(_ b: UInt8) -> Bool {
            (b >= UInt8(ascii: "a") && b <= UInt8(ascii: "z")) || (b >= UInt8(ascii: "A") && b <= UInt8(ascii: "Z"))
                || (b >= UInt8(ascii: "0") && b <= UInt8(ascii: "9")) || "_-/:@#".utf8.contains(b)
        }
        func number(_ k: inout Int) -> Int? {
            var value = 0
            let start = k
            while k < end, s[k] >= UInt8(ascii: "0"), s[k] <= UInt8(ascii: "9"), k - start < 6 {
                value = value * 10 + Int(s[k] - UInt8(ascii: "0"))
                k += 1
            }
            return k > start ? value : nil
        }
        while i < end {
            var element = Element(min: 1, max: 1)
            func add(_ b: UInt8) {
                if b < 64 { element.low |= 1 << UInt64(b) } else { element.high |= 1 << UInt64(b - 64) }
            }
            if s[i] == UInt8(ascii: "[") {
                i += 1
                if i < end, s[i] == UInt8(ascii: "^") {
                    element.negated = true
                    i += 1
                }
                // (`[]` and `[^]`, nothing and anything in ECMA, are left to ICU.)
                guard i < end, s[i] != UInt8(ascii: "^"), s[i] != UInt8(ascii: "]") else { return nil }
                while i < end, s[i] != UInt8(ascii: "]") {
                    let b = s[i]
                    // Only letters, digits and `-`, `_`, `.` inside: no escapes, no nested `[`, nothing to translate.
                    guard isLiteral(b) || b == UInt8(ascii: ".") else { return nil }
                    if b != UInt8(ascii: "-"), i + 2 < end, s[i + 1] == UInt8(ascii: "-"), s[i + 2] != UInt8(ascii: "]") {
                        let to = s[i + 2]
                        guard isLiteral(to), to != UInt8(ascii: "-"), b <= to else { return nil }
                        for c in b...to { add(c) }
                        i += 3
                    } else {
                        add(b)
                        i += 1
                    }
                }
                guard i < end else { return nil }
                i += 1
            } else if isLiteral(s[i]) {
                add(s[i])
                i += 1
            } else {
                return nil
            }
            if i < end {
                switch s[i] {
                case UInt8(ascii: "?"): (element.min, element.max, i) = (0, 1, i + 1)
                case UInt8(ascii: "*"): (element.min, element.max, i) = (0, Int.max, i + 1)
                case UInt8(ascii: "+"): (element.min, element.max, i) = (1, Int.max, i + 1)
                case UInt8(ascii: "{"):
                    var k = i + 1
                    guard let low = number(&k), k < end else { return nil }
                    var high = low
                    if s[k] == UInt8(ascii: ",") {
                        k += 1
                        high = k < end && s[k] == UInt8(ascii: "}") ? Int.max : (number(&k) ?? -1)
                    }
                    guard k < end, s[k] == UInt8(ascii: "}"), high >= low else { return nil }
                    (element.min, element.max, i) = (low, high, k + 1)
                default: break
                }
                // A lazy or possessive marker, or a quantifier on a quantifier: left to ICU.
                if i < end, "?*+{".utf8.contains(s[i]) { return nil }
            }
            elements.append(element)
        }
        self.elements = elements
        negates = elements.contains(where: \.negated)
    }

    /// Whether an element is a negated class (the only kind that takes a character outside ASCII).
    let negates: Bool

    /// Whether the whole of `text` matches.
    func matches(_ text: String) -> Bool {
        var text = text
        let verdict = text.withUTF8 { bytes -> Bool? in
            // Without a negated class (the ids' patterns), a byte outside ASCII is taken by no element: a text the
            // greedy pass takes whole is ASCII and matches, found in one pass without one looking for such a byte
            // first (15,000 ids of a cold `validate`). Any other text is decided as before.
            if !negates, greedilyMatches(units: bytes) { return true }
            return bytes.contains { $0 >= 0x80 } ? nil : matches(units: bytes)
        }
        if let verdict { return verdict }
        // Only a negated class takes a character outside ASCII; then each scalar is one unit.
        guard elements.contains(where: \.negated) else { return false }
        var units: [UInt8] = []
        units.reserveCapacity(text.utf8.count)
        for scalar in text.unicodeScalars { units.append(scalar.isASCII ? UInt8(scalar.value) : SimplePattern.nonASCII) }
        return units.withUnsafeBufferPointer { matches(units: $0) }
    }

    /// Whether each element taking all it can ends at the end of `bytes`: then the whole matches (valid ids, the
    /// common case, in one pass); when not, there may still be a match with shorter runs (`matches(units:)`).
    private func greedilyMatches(units bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        let n = bytes.count
        var end = 0
        for element in elements {
            var run = 0
            while run < element.max, end + run < n, element.takes(bytes[end + run]) { run += 1 }
            guard run >= element.min else { return false }
            end += run
        }
        return end == n
    }

    /// Whether the whole of `bytes` (ASCII, or `nonASCII` for a scalar outside it) matches.
    private func matches(units bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        do {
            let n = bytes.count
            if greedilyMatches(units: bytes) { return true }
            // The positions the elements so far can end at, a set over 0...n.
            return withUnsafeTemporaryAllocation(of: Bool.self, capacity: 2 * (n + 1)) { buffer in
                var reach = UnsafeMutableBufferPointer(rebasing: buffer[0...n])
                var next = UnsafeMutableBufferPointer(rebasing: buffer[(n + 1)...])
                reach.initialize(repeating: false)
                next.initialize(repeating: false)
                reach[0] = true
                for element in elements {
                    var any = false
                    for i in 0...n where reach[i] {
                        var run = 0
                        while run < element.max, i + run < n, element.takes(bytes[i + run]) { run += 1 }
                        if run >= element.min {
                            for j in (i + element.min)...(i + run) { next[j] = true }
                            any = true
                        }
                    }
                    guard any else { return false }
                    swap(&reach, &next)
                    for k in 0...n { next[k] = false }
                }
                return reach[n]
            }
        }
    }
}

struct PatternError: Error {
    var message: String
}

// Bounded work (issue 13, point 8). A pattern that the compile-time check lets through can still backtrack
// exponentially (`^(a|aa)*$`): each match is stopped after `SchemaOptions.patternTimeLimit`, but an entry with 600
// such values took a minute, and 300 such entries ten. So the pattern checks of one instance (an entry) share a time
// budget (`SchemaOptions.patternTimePerInstance`), and those of one run share another (`PatternBudget`, e.g. all the
// entries one `chronik validate` checks, on every thread). Every match is given the least of the three as its
// deadline (ICU reports progress while it backtracks, and `Pattern.match` stops there); all the time matching takes
// is charged, so a run's pattern checks take at most its budget plus one match per thread. A check that cannot be
// decided is a finding at its field, never a pass: once a budget is used up, the remaining pattern checks (of the
// instance, or of the run) are skipped, and the instance is invalid because of the finding for the first.

/// The time the pattern checks of one run may take together, shared by every schema and every thread of the run
/// (pass the same budget to each `Schema.validate(_:budget:)`).
public final class PatternBudget: @unchecked Sendable {
    /// The budget, in seconds.
    public let seconds: Double
    private let lock = NSLock()
    private var spent = 0.0 // guarded by `lock`
    /// `remaining > 0`, without the lock: what `QuickVerdict` asks once per entry, on every checking thread (the
    /// lock's word bounced between the cores). Set false, for good, by the charge that uses the budget up.
    private let timeLeft: Atomic<Bool>

    public init(seconds: Double) {
        self.seconds = seconds
        timeLeft = Atomic(seconds > 0)
    }

    /// Whether some time is left (`remaining > 0`).
    var hasTimeLeft: Bool { timeLeft.load(ordering: .acquiring) }

    /// Seconds left; zero or less once the budget is used up.
    public var remaining: Double {
        lock.lock()
        defer { lock.unlock() }
        return seconds - spent
    }

    func charge(_ time: Double) {
        lock.lock()
        spent += time
        if seconds - spent <= 0 { timeLeft.store(false, ordering: .releasing) }
        lock.unlock()
    }
}

/// The pattern checks of one evaluation (one instance): the time left of its own budget and of the run's, and the
/// first check that could not be decided (reported even when it happened inside `not`, `anyOf` or `if`, whose
/// findings are otherwise dropped: an undecided check never lets an instance pass).
final class PatternMeter {
    enum Verdict: Equatable {
        case match, noMatch
        /// Not decided; `why` is the message (without the subject) for the finding.
        case undecided(why: String)
        /// Not tried: a budget was used up before (its finding was made then).
        case skipped
    }

    private let perMatch: Double
    private let perInstance: Double
    private var left: Double
    let run: PatternBudget?
    private(set) var exhausted = false
    /// The first check that could not be decided.
    var undecided: Finding?

    init(options: SchemaOptions, run: PatternBudget?) {
        perMatch = options.patternTimeLimit
        perInstance = options.patternTimePerInstance
        left = options.patternTimePerInstance
        self.run = run
    }

    /// Matches `pattern` against `text` within what is left of the budgets.
    func check(_ pattern: Pattern, _ text: String) -> Verdict {
        if exhausted { return .skipped }
        // A simple pattern while every budget has time left (the least of them above zero, as below): untimed, and
        // without the run's lock.
        if let simple = pattern.simple, perMatch > 0, left > 0, run?.hasTimeLeft ?? true {
            return simple.matches(text) ? .match : .noMatch
        }
        // The deadline is the least of the three limits; which one it is decides the message.
        enum Bound { case match, instance, run }
        var (limit, bound) = (perMatch, Bound.match)
        if left < limit { (limit, bound) = (left, .instance) }
        if let run, run.remaining < limit { (limit, bound) = (run.remaining, .run) }
        if limit > 0, let simple = pattern.simple {
            // Linear in the text, without backtracking: nothing to time (two clock reads and the run's lock per
            // check were most of checking a reference id, on both cores at once). Its time is not charged.
            return simple.matches(text) ? .match : .noMatch
        }
        if limit > 0 {
            let start = DispatchTime.now().uptimeNanoseconds
            let outcome = pattern.match(text, timeLimit: limit)
            let elapsed = Double(DispatchTime.now().uptimeNanoseconds &- start) / 1e9
            left -= elapsed
            run?.charge(elapsed)
            switch outcome {
            case .match: return .match
            case .noMatch: return .noMatch
            case .timedOut where bound == .match:
                return .undecided(why: "could not be checked against the pattern \(pattern.source) within \(perMatch) seconds")
            case .timedOut: break
            }
        } else if bound == .match {
            bound = .instance // a time limit of zero for every match: as if the instance's budget were used up
        }
        // A budget is used up: this check is not decided, and the remaining ones are not made.
        exhausted = true
        if bound == .run {
            return .undecided(why: "pattern check skipped: the pattern checks of this run took more than "
                + "\((run?.seconds ?? 0).formatted) seconds together; not checked against the pattern \(pattern.source), "
                + "and the remaining pattern checks of the run were skipped")
        }
        return .undecided(why: "pattern check exceeded its budget: the pattern checks of this entry took more than "
            + "\(perInstance.formatted) seconds together; not checked against the pattern \(pattern.source), "
            + "and the entry's other pattern checks were skipped")
    }
}

private extension Double {
    /// `0.1`, `2`: seconds as a person writes them.
    var formatted: String {
        self == rounded() && abs(self) < 1e15 ? String(Int(self)) : String(self)
    }
}
