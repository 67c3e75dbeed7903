import Foundation

// Phase 1 of the prose diff: text -> tokens.
//
// Words are what a reader of a German strategy text thinks of as one word, so that a word diff never shows
// "changes" inside them: letters with umlauts and ß, hyphenated compounds (`Smart-City-Strategie`), gender forms
// (`Bürger:innen`, `Bürger*innen`, `Bürger_innen`, `Bürger/innen`), numbers with separators (`1.000,50`,
// `2022-03-01`), apostrophes (`geht's`), host and file names (`mein.berlin.de`, `README.md`), e-mail addresses and
// URLs (`https://…`). A run of white space is one token; every other character (punctuation, Markdown markup,
// emoji) is a token of its own. Tokens are grapheme clusters joined, so `\r\n` and combining marks never split.
// The tokens concatenate back to the text exactly.

/// What a token is; only words and numbers count as "words" in summaries.
public enum TokenKind: String, Sendable, Codable, Hashable {
    case word, number, url, whitespace, punctuation

    /// True for tokens a reader counts as words (words, numbers, URLs).
    public var isWord: Bool { self == .word || self == .number || self == .url }
}

/// One token: its text and kind.
public struct Token: Sendable, Hashable {
    public var text: Substring
    public var kind: TokenKind

    public init(text: Substring, kind: TokenKind) {
        self.text = text
        self.kind = kind
    }
}

/// Splits text into word, number, URL, white-space and punctuation tokens that concatenate back to the text.
///
/// Speed: the rules are those of `ReferenceTokenizer` (below), which looks at `Character`s and asks the Unicode
/// properties of each. Here the text is read as UTF-8 bytes: a character that is one ASCII or Latin-1 scalar
/// (U+0000–U+007F, U+00C0–U+00FF) followed by another such scalar (or the end) is one grapheme cluster on its own
/// (none of them extends or prepends to a neighbour, and CR LF is left to the slow path), so it is classified by a
/// table built from the same `Character` properties. Every other character is found and classified by the
/// standard library as before, and every rule that compares characters (case-insensitive URL prefixes, gender
/// suffixes, canonical equivalents of punctuation) falls back to `Character` comparisons when a non-ASCII
/// character is involved. The tokens are the same; German text runs 5–10 times faster.
public enum Tokenizer {
    /// The tokens of `text`, in order; joined, they give `text` exactly.
    public static func tokenize<S: StringProtocol>(_ text: S) -> [Token] where S.SubSequence == Substring {
        let substring: Substring = text[...]
        let result: [Token]? = substring.utf8.withContiguousStorageIfAvailable { bytes in
            var tokens: [Token] = []
            tokens.reserveCapacity(bytes.count / 4 + 1)
            let utf8 = substring.utf8, base = substring.startIndex
            scan(substring, bytes) { from, to, kind in
                let a = utf8.index(base, offsetBy: from), b = utf8.index(base, offsetBy: to)
                tokens.append(Token(text: substring[a..<b], kind: kind))
            }
            return tokens
        }
        return result ?? ReferenceTokenizer.tokenize(substring)
    }

    /// The number of word, number and URL tokens of `text`, without making the tokens.
    public static func wordCount<S: StringProtocol>(_ text: S) -> Int where S.SubSequence == Substring {
        let substring: Substring = text[...]
        let result: Int? = substring.utf8.withContiguousStorageIfAvailable { bytes in
            var count = 0
            scan(substring, bytes) { _, _, kind in if kind.isWord { count += 1 } }
            return count
        }
        return result ?? ReferenceTokenizer.tokenize(substring).reduce(0) { $0 + ($1.kind.isWord ? 1 : 0) }
    }

    /// Reports the tokens of `substring` (whose UTF-8 is `bytes`) as UTF-8 offsets and kind: text of ASCII and
    /// Latin-1 letters alone (most German prose) by `ByteScan`, straight from the bytes; any other by
    /// `CharacterScan`.
    static func scan(_ substring: Substring, _ bytes: UnsafeBufferPointer<UInt8>, _ emit: (Int, Int, TokenKind) -> Void) {
        if ByteScan.covers(bytes) {
            ByteScan(bytes: bytes).run(emit)
        } else {
            CharacterScan(substring, bytes).run(emit)
        }
    }
}

/// The rule of a URL's end after its prefix, character by character (white space aside): `<`, `>`, `"` and a
/// backtick end it, and so does a closing bracket without its opening one.
struct URLBrackets {
    private var parens = 0, brackets = 0

    /// Whether the character with `code` ends the URL before it.
    mutating func ends(_ code: UInt8) -> Bool {
        switch code {
        case UInt8(ascii: "<"), UInt8(ascii: ">"), UInt8(ascii: "\""), UInt8(ascii: "`"): return true
        case UInt8(ascii: "("): parens += 1
        case UInt8(ascii: ")"): if parens == 0 { return true } else { parens -= 1 }
        case UInt8(ascii: "["): brackets += 1
        case UInt8(ascii: "]"): if brackets == 0 { return true } else { brackets -= 1 }
        default: break
        }
        return false
    }
}

/// The token rules of `CharacterScan` read straight from UTF-8 bytes, for text whose every character is one ASCII
/// scalar other than CR (U+0000–U+007F) or one Latin-1 letter or sign (U+00C0–U+00FF, two bytes): each of them is a
/// grapheme cluster on its own next to any other of them, so characters are found without the standard library and
/// without the per-character arrays. Classes and codes come from `CharacterScan.table`; every rule that would compare
/// a non-ASCII character with an ASCII one (URL prefixes, gender suffixes) knows that none of these is equal to one,
/// in any case.
struct ByteScan {
    let bytes: UnsafeBufferPointer<UInt8>
    private let table = CharacterScan.table

    /// Whether every character of `bytes` is one this scan reads.
    static func covers(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        var p = 0
        let n = bytes.count
        while p < n {
            let b = bytes[p]
            if b < 0x80 {
                if b == 0x0D { return false }
                p += 1
            } else if b == 0xC3, p + 1 < n, bytes[p + 1] & 0xC0 == 0x80 {
                p += 2
            } else {
                return false
            }
        }
        return true
    }

    /// Class, code and UTF-8 length of the character at byte `p`.
    @inline(__always) func character(_ p: Int) -> (cls: UInt8, code: UInt8, length: Int) {
        let b = bytes[p]
        if b < 0x80 {
            let entry = table[Int(b)]
            return (entry.cls, entry.code, 1)
        }
        let entry = table[0xC0 + Int(bytes[p + 1] & 0x3F)]
        return (entry.cls, entry.code, 2)
    }

    /// Reports each token as UTF-8 offsets and kind, as `CharacterScan.run` does.
    func run(_ emit: (Int, Int, TokenKind) -> Void) {
        let n = bytes.count
        let ws = CharacterScan.whitespace, number = CharacterScan.number, word = CharacterScan.word
        var p = 0
        while p < n {
            let c = character(p)
            if c.cls & ws != 0 {
                var q = p + c.length
                while q < n {
                    let d = character(q)
                    guard d.cls & ws != 0 else { break }
                    q += d.length
                }
                emit(p, q, .whitespace)
                p = q
            } else if c.cls & word != 0 {
                if let end = urlEnd(p) {
                    emit(p, end, .url)
                    p = end
                    continue
                }
                var q = p + c.length
                var allDigits = c.cls & number != 0
                var prev = c.cls
                while q < n {
                    let d = character(q)
                    if d.cls & word != 0 {
                        if d.cls & number == 0 { allDigits = false }
                        prev = d.cls
                        q += d.length
                        continue
                    }
                    // A joiner continues the word only when a word character follows it.
                    let r = q + d.length
                    guard r < n else { break }
                    let next = character(r)
                    guard next.cls & word != 0 else { break }
                    guard CharacterScan.joins(d.code, prev: prev, next: next.cls, genderSuffix: { isGenderSuffix(r) }) else { break }
                    if !CharacterScan.keepsDigits(d.code, prev: prev, next: next.cls) { allDigits = false }
                    // The joiner and the character after it (as `CharacterScan.run` steps two characters).
                    prev = next.cls
                    q = r + next.length
                }
                emit(p, q, allDigits ? .number : .word)
                p = q
            } else {
                emit(p, p + c.length, .punctuation)
                p += c.length
            }
        }
    }

    /// `WordDiff.proseWordCount` of the bytes: a word is a run of characters other than white space (each white-space
    /// token ends one, and no other token holds white space; here white space is ASCII), so runs are found on the
    /// bytes; only a run that may be a marker (at a line's start in a list item, quote or heading) is made into tokens, by
    /// `ByteScan` on the run alone (a token never reaches past the white space around it, and none of its rules looks
    /// beyond), for the marks of its first tokens.
    func proseWordCount(kind: BlockKind) -> Int {
        var counter = ProseWordCounter(kind: kind)
        let isSpace = Self.isSpace
        let n = bytes.count
        var p = 0
        while p < n {
            var q = p
            if isSpace(bytes[p]) {
                var breaksLine = false
                while q < n, isSpace(bytes[q]) {
                    if bytes[q] == 0x0A || bytes[q] == 0x0D { breaksLine = true }
                    q += 1
                }
                counter.whitespace(breaksLine: breaksLine)
            } else {
                while q < n, !isSpace(bytes[q]) { q += 1 }
                if counter.wantsMark {
                    let run = UnsafeBufferPointer(rebasing: bytes[p..<q])
                    ByteScan(bytes: run).run { from, to, kind in
                        counter.word(counter.wantsMark ? MarkerState.mark(run[from..<to], kind: kind) : nil)
                    }
                } else {
                    // Not where a marker can be: the run's length no longer matters (`MarkerState.endRun`).
                    counter.word(nil)
                }
            }
            p = q
        }
        counter.endRun()
        return counter.count
    }

    /// Whether byte `b` is a white-space character of text this scan reads: U+0009–U+000D and U+0020 (Unicode's
    /// White_Space in ASCII; CR is not read here, and no Latin-1 letter or sign is white space). A comparison, not a
    /// look-up in `CharacterScan.table` (tests hold the two together).
    @inline(__always) static func isSpace(_ b: UInt8) -> Bool { b == 0x20 || (b >= 0x09 && b <= 0x0D) }

    /// `CharacterScan.isGenderSuffix` at byte `start`: "in" or "innen" (any case), then no letter. A Latin-1 letter
    /// among them is never one of these.
    func isGenderSuffix(_ start: Int) -> Bool {
        var q = start
        var lower: [UInt8] = []
        while q < bytes.count, lower.count < 6 {
            let c = character(q)
            guard c.cls & CharacterScan.letter != 0 else { break }
            guard c.length == 1 else { return false }
            lower.append(c.code | 0x20)
            q += 1
        }
        if q < bytes.count, character(q).cls & CharacterScan.letter != 0 { return false }
        return lower == [UInt8(ascii: "i"), UInt8(ascii: "n")]
            || lower == [UInt8(ascii: "i"), UInt8(ascii: "n"), UInt8(ascii: "n"), UInt8(ascii: "e"), UInt8(ascii: "n")]
    }

    /// `CharacterScan.urlEnd` at byte `start`: the prefixes are ASCII, so only ASCII bytes can match them.
    func urlEnd(_ start: Int) -> Int? {
        let n = bytes.count
        switch bytes[start] | 0x20 {
        case UInt8(ascii: "h"), UInt8(ascii: "m"), UInt8(ascii: "w"): break
        default: return nil
        }
        var matched = false
        for prefix in CharacterScan.urlPrefixes where start + prefix.count < n {
            var ok = true
            for (k, ch) in prefix.enumerated() {
                let b = bytes[start + k]
                let lower = b >= UInt8(ascii: "A") && b <= UInt8(ascii: "Z") ? b | 0x20 : b
                if lower != ch { ok = false; break }
            }
            guard ok else { continue }
            // The prefix is ASCII: it ends on a character boundary, and a character follows it.
            let after = character(start + prefix.count)
            if after.cls & CharacterScan.word != 0 || after.code == UInt8(ascii: "/") {
                matched = true
                break
            }
        }
        guard matched else { return nil }
        var q = start
        var brackets = URLBrackets()
        while q < n {
            let c = character(q)
            if c.cls & CharacterScan.whitespace != 0 || brackets.ends(c.code) { break }
            q += c.length
        }
        // Trimmed characters are ASCII; a Latin-1 character (its last byte is not ASCII) ends the trimming.
        while q > start, bytes[q - 1] < 0x80, CharacterScan.trimmed.contains(bytes[q - 1]) { q -= 1 }
        return q > start ? q : nil
    }
}

/// Per-character classes and codes of a text, and the token rules over them.
private struct CharacterScan {
    static let whitespace: UInt8 = 1, letter: UInt8 = 2, number: UInt8 = 4, word: UInt8 = 6
    /// The character is one ASCII byte: its code is that byte.
    static let ascii: UInt8 = 8
    /// Codes of the non-ASCII characters the rules name.
    static let hyphen: UInt8 = 0x80, apostrophe: UInt8 = 0x81
    /// The ASCII characters the rules name; a non-ASCII character canonically equivalent to one gets its code.
    static let named: [UInt8] = Array("-@.,':*_/<>\"`()[];!?".utf8)

    /// Class and code of the scalars U+0000–U+00FF (U+0080–U+00BF unused), from the `Character` properties.
    static let table: [(cls: UInt8, code: UInt8)] = (0..<256).map { v in
        guard v < 0x80 || v >= 0xC0, let scalar = Unicode.Scalar(v) else { return (0, 0) }
        let c = Character(scalar)
        var cls = classOf(c)
        if v < 0x80 { cls |= ascii }
        return (cls, v < 0x80 ? UInt8(v) : code(of: c))
    }

    static func classOf(_ c: Character) -> UInt8 {
        (c.isWhitespace ? whitespace : 0) | (c.isLetter ? letter : 0) | (c.isNumber ? number : 0)
    }

    static func code(of c: Character) -> UInt8 {
        if c == "\u{2010}" || c == "\u{2011}" { return hyphen }
        if c == "\u{2019}" { return apostrophe }
        for x in named where c == Character(Unicode.Scalar(x)) { return x }
        return 0
    }

    let substring: Substring
    /// UTF-8 offset of each character's start, and of the end.
    var offsets: [Int] = []
    var classes: [UInt8] = []
    var codes: [UInt8] = []
    var count: Int { classes.count }

    init(_ substring: Substring, _ bytes: UnsafeBufferPointer<UInt8>) {
        self.substring = substring
        let n = bytes.count
        let table = CharacterScan.table
        let utf8 = substring.utf8, base = substring.startIndex
        // At most one character per byte: the three arrays are written in place, without an append per character.
        var classes: [UInt8] = [], codes: [UInt8] = []
        offsets = [Int](unsafeUninitializedCapacity: n + 1) { offsetBuffer, offsetCount in
            var k = 0
            classes = [UInt8](unsafeUninitializedCapacity: n) { classBuffer, classCount in
                codes = [UInt8](unsafeUninitializedCapacity: n) { codeBuffer, codeCount in
                    var p = 0
                    while p < n {
                        let b = bytes[p]
                        let length = b < 0x80 ? 1 : (b == 0xC3 ? 2 : 0)
                        if length > 0 {
                            let q = p + length
                            if q == n || bytes[q] == 0xC3 || (bytes[q] < 0x80 && !(b == 0x0D && bytes[q] == 0x0A)) {
                                let entry = table[length == 1 ? Int(b) : 0xC0 + Int(bytes[p + 1] & 0x3F)]
                                offsetBuffer[k] = p
                                classBuffer[k] = entry.cls
                                codeBuffer[k] = entry.code
                                k += 1
                                p = q
                                continue
                            }
                        }
                        // Anything else: one grapheme cluster by the standard library.
                        let i = utf8.index(base, offsetBy: p)
                        let c = substring[i]
                        offsetBuffer[k] = p
                        classBuffer[k] = CharacterScan.classOf(c)
                        codeBuffer[k] = CharacterScan.code(of: c)
                        k += 1
                        p = utf8.distance(from: base, to: substring.index(after: i))
                    }
                    codeCount = k
                }
                classCount = k
            }
            offsetBuffer[k] = n
            offsetCount = k + 1
        }
        self.classes = classes
        self.codes = codes
    }

    /// The character at `k`, for the rules' slow paths.
    func character(_ k: Int) -> Character {
        substring[substring.utf8.index(substring.startIndex, offsetBy: offsets[k])]
    }

    /// Reports each token as UTF-8 offsets and kind (the rules of `ReferenceTokenizer.tokenize`).
    func run(_ emit: (Int, Int, TokenKind) -> Void) {
        let n = count
        let ws = CharacterScan.whitespace, number = CharacterScan.number, word = CharacterScan.word
        var p = 0
        while p < n {
            let c = classes[p]
            if c & ws != 0 {
                var q = p + 1
                while q < n, classes[q] & ws != 0 { q += 1 }
                emit(offsets[p], offsets[q], .whitespace)
                p = q
            } else if c & word != 0 {
                if let end = urlEnd(p) {
                    emit(offsets[p], offsets[end], .url)
                    p = end
                    continue
                }
                var q = p + 1
                var allDigits = c & number != 0
                while q < n {
                    let d = classes[q]
                    if d & word != 0 {
                        if d & number == 0 { allDigits = false }
                        q += 1
                        continue
                    }
                    // A joiner continues the word only when a word character follows it.
                    guard q + 1 < n, classes[q + 1] & word != 0 else { break }
                    let next = classes[q + 1], prev = classes[q - 1]
                    let code = codes[q]
                    guard CharacterScan.joins(code, prev: prev, next: next, genderSuffix: { isGenderSuffix(q + 1) }) else { break }
                    if !CharacterScan.keepsDigits(code, prev: prev, next: next) { allDigits = false }
                    q += 2
                }
                emit(offsets[p], offsets[q], allDigits ? .number : .word)
                p = q
            } else {
                emit(offsets[p], offsets[p + 1], .punctuation)
                p += 1
            }
        }
    }

    /// Whether the character with `code` between a word character of class `prev` and one of class `next` joins
    /// them into one word (`genderSuffix`: whether a gender suffix follows).
    @inline(__always) static func joins(_ code: UInt8, prev: UInt8, next: UInt8, genderSuffix: () -> Bool) -> Bool {
        switch code {
        case UInt8(ascii: "-"), hyphen, UInt8(ascii: "@"), UInt8(ascii: "."): return true
        case UInt8(ascii: ","): return prev & number != 0 && next & number != 0
        case UInt8(ascii: "'"), apostrophe: return prev & letter != 0 && next & letter != 0
        case UInt8(ascii: ":"), UInt8(ascii: "*"), UInt8(ascii: "_"), UInt8(ascii: "/"): return prev & letter != 0 && genderSuffix()
        default: return false
        }
    }

    /// Whether a number joined by the character with `code` can still be a number: `-` and `,` keep it one, `.` only
    /// between digits.
    @inline(__always) static func keepsDigits(_ code: UInt8, prev: UInt8, next: UInt8) -> Bool {
        switch code {
        case UInt8(ascii: "-"), UInt8(ascii: ","): return true
        case UInt8(ascii: "."): return prev & number != 0 && next & number != 0
        default: return false
        }
    }

    /// `ReferenceTokenizer.isGenderSuffix` at character `start`.
    func isGenderSuffix(_ start: Int) -> Bool {
        var q = start
        var lower: [UInt8] = []
        while q < count, classes[q] & CharacterScan.letter != 0, lower.count < 6 {
            guard classes[q] & CharacterScan.ascii != 0 else {
                let window = (start..<min(count, start + 7)).map(character)
                return ReferenceTokenizer.isGenderSuffix(window, 0)
            }
            lower.append(codes[q] | 0x20)
            q += 1
        }
        if q < count, classes[q] & CharacterScan.letter != 0 { return false }
        return lower == Array("in".utf8) || lower == Array("innen".utf8)
    }

    static let urlPrefixes: [[UInt8]] = [Array("https://".utf8), Array("http://".utf8), Array("mailto:".utf8), Array("www.".utf8)]

    /// `ReferenceTokenizer.urlEnd` at character `start`.
    func urlEnd(_ start: Int) -> Int? {
        // Every prefix starts with h, m or w: an ASCII first character that is none of them starts no URL.
        if classes[start] & CharacterScan.ascii != 0 {
            switch codes[start] | 0x20 {
            case UInt8(ascii: "h"), UInt8(ascii: "m"), UInt8(ascii: "w"): break
            default: return nil
            }
            // Every prefix starts with "htt", "mai" or "www" (in any case): "hat", "machen", "was" start no URL.
            if start + 2 < count, classes[start + 1] & classes[start + 2] & CharacterScan.ascii != 0 {
                let second = codes[start + 1] | 0x20, third = codes[start + 2] | 0x20
                switch codes[start] | 0x20 {
                case UInt8(ascii: "h"): if second != UInt8(ascii: "t") || third != UInt8(ascii: "t") { return nil }
                case UInt8(ascii: "m"): if second != UInt8(ascii: "a") || third != UInt8(ascii: "i") { return nil }
                default: if second != UInt8(ascii: "w") || third != UInt8(ascii: "w") { return nil }
                }
            }
        }
        var matched = false
        for prefix in CharacterScan.urlPrefixes where start + prefix.count < count {
            var ok = true
            for (k, ch) in prefix.enumerated() {
                let i = start + k
                if classes[i] & CharacterScan.ascii != 0 {
                    let b = codes[i]
                    let lower = b >= UInt8(ascii: "A") && b <= UInt8(ascii: "Z") ? b | 0x20 : b
                    if lower != ch { ok = false; break }
                } else if character(i).lowercased() != String(Character(Unicode.Scalar(ch))) {
                    ok = false
                    break
                }
            }
            let after = start + prefix.count
            if ok, classes[after] & CharacterScan.word != 0 || codes[after] == UInt8(ascii: "/") {
                matched = true
                break
            }
        }
        guard matched else { return nil }
        var q = start
        var brackets = URLBrackets()
        while q < count, classes[q] & CharacterScan.whitespace == 0, !brackets.ends(codes[q]) { q += 1 }
        while q > start, CharacterScan.trimmed.contains(codes[q - 1]) { q -= 1 }
        return q > start ? q : nil
    }

    static let trimmed: Set<UInt8> = Set(".,;:!?'*_".utf8)
}

/// The tokenizer on `Character`s with the Unicode properties for every character: the definition of the rules.
/// `Tokenizer` gives the same tokens faster and falls back to this for strings without contiguous UTF-8; the
/// tests compare the two.
enum ReferenceTokenizer {
    /// The tokens of `substring`, in order; joined, they give it exactly.
    static func tokenize(_ substring: Substring) -> [Token] {
        var indices: [Substring.Index] = []
        var chars: [Character] = []
        indices.reserveCapacity(substring.utf8.count / 2)
        chars.reserveCapacity(substring.utf8.count / 2)
        var i = substring.startIndex
        while i < substring.endIndex {
            indices.append(i)
            chars.append(substring[i])
            i = substring.index(after: i)
        }
        indices.append(substring.endIndex)

        var tokens: [Token] = []
        tokens.reserveCapacity(chars.count / 3 + 1)
        var p = 0
        let n = chars.count
        func emit(_ from: Int, _ to: Int, _ kind: TokenKind) {
            tokens.append(Token(text: substring[indices[from]..<indices[to]], kind: kind))
        }
        while p < n {
            let c = chars[p]
            if c.isWhitespace {
                var q = p + 1
                while q < n, chars[q].isWhitespace { q += 1 }
                emit(p, q, .whitespace)
                p = q
            } else if isWordChar(c) {
                if let end = urlEnd(chars, p) {
                    emit(p, end, .url)
                    p = end
                    continue
                }
                var q = p + 1
                var allDigits = c.isNumber
                while q < n {
                    let d = chars[q]
                    if isWordChar(d) {
                        if !d.isNumber { allDigits = false }
                        q += 1
                        continue
                    }
                    // A joiner continues the word only when a word character follows it.
                    guard q + 1 < n, isWordChar(chars[q + 1]) else { break }
                    let next = chars[q + 1], prev = chars[q - 1]
                    var joins = false
                    switch d {
                    case "-", "\u{2010}", "\u{2011}", "@":
                        joins = true
                    case ".":
                        joins = true
                    case ",":
                        joins = prev.isNumber && next.isNumber
                    case "'", "\u{2019}":
                        joins = prev.isLetter && next.isLetter
                    case ":", "*", "_", "/":
                        joins = prev.isLetter && isGenderSuffix(chars, q + 1)
                    default:
                        joins = false
                    }
                    guard joins else { break }
                    if d != "-" && d != "," && d != "." { allDigits = false }
                    if d == "." && !(prev.isNumber && next.isNumber) { allDigits = false }
                    q += 2
                }
                emit(p, q, allDigits ? .number : .word)
                p = q
            } else {
                emit(p, p + 1, .punctuation)
                p += 1
            }
        }
        return tokens
    }

    static func isWordChar(_ c: Character) -> Bool {
        c.isLetter || c.isNumber
    }

    /// `in` or `innen` (any case) followed by a non-letter: the suffix of a gender form like `Bürger:innen`.
    static func isGenderSuffix(_ chars: [Character], _ start: Int) -> Bool {
        var q = start
        var letters = ""
        while q < chars.count, chars[q].isLetter, letters.count < 6 {
            letters.append(chars[q])
            q += 1
        }
        if q < chars.count, chars[q].isLetter { return false }
        let lower = letters.lowercased()
        return lower == "in" || lower == "innen"
    }

    /// When `http://`, `https://`, `mailto:` or `www.` starts at `start`, the end of the URL: up to white space or
    /// `<>"`, a closing bracket without its opening one, and without trailing sentence punctuation.
    static func urlEnd(_ chars: [Character], _ start: Int) -> Int? {
        let prefixes: [[Character]] = [Array("https://"), Array("http://"), Array("mailto:"), Array("www.")]
        var matched = false
        for prefix in prefixes where start + prefix.count < chars.count {
            var ok = true
            for (k, ch) in prefix.enumerated() where chars[start + k].lowercased() != String(ch) {
                ok = false
                break
            }
            if ok, isWordChar(chars[start + prefix.count]) || chars[start + prefix.count] == "/" {
                matched = true
                break
            }
        }
        guard matched else { return nil }
        var q = start
        var parens = 0, brackets = 0
        scan: while q < chars.count {
            let c = chars[q]
            if c.isWhitespace { break }
            switch c {
            case "<", ">", "\"", "`": break scan
            case "(": parens += 1
            case ")": if parens == 0 { break scan } else { parens -= 1 }
            case "[": brackets += 1
            case "]": if brackets == 0 { break scan } else { brackets -= 1 }
            default: break
            }
            q += 1
        }
        while q > start, ".,;:!?'*_".contains(chars[q - 1]) { q -= 1 }
        return q > start ? q : nil
    }
}

/// A text as a dictionary key, compared and hashed either as a `Substring` (canonical equivalence, hashing
/// through NFC) or, when `bytewise`, by its UTF-8 bytes. Byte-wise is only for texts where the two agree (see
/// `NormalizationStability`); all keys of one dictionary must have the same `bytewise`.
struct TextKey: Hashable, Sendable {
    let text: Substring
    let bytewise: Bool

    static func == (a: TextKey, b: TextKey) -> Bool {
        guard a.bytewise, b.bytewise else { return a.text == b.text }
        let x = a.text.utf8, y = b.text.utf8
        guard x.count == y.count else { return false }
        // By memcmp: the generic `elementsEqual` compared byte by byte (3 % of a large diff's comparing, most of it
        // equal blocks at the heads and tails of bodies).
        return x.withContiguousStorageIfAvailable { p in
            y.withContiguousStorageIfAvailable { q in
                guard let a = p.baseAddress, let b = q.baseAddress else { return p.isEmpty } // both empty (equal counts)
                return memcmp(a, b, p.count) == 0
            }
        }.flatMap { $0 } ?? x.elementsEqual(y)
    }

    func hash(into hasher: inout Hasher) {
        guard bytewise else { return hasher.combine(text) }
        let utf8 = text.utf8
        utf8.count.hash(into: &hasher)
        if utf8.withContiguousStorageIfAvailable({ hasher.combine(bytes: UnsafeRawBufferPointer($0)) }) == nil {
            Array(utf8).withUnsafeBytes { hasher.combine(bytes: $0) }
        }
    }
}

/// Whether comparing texts byte by byte gives the same answer as comparing them as Strings.
///
/// Swift compares Strings by canonical equivalence, and hashes them through their NFC form, which costs a
/// normalisation check of every byte. For texts made only of scalars that are NFC on their own, never combine
/// with a neighbour and have canonical combining class 0 (NFC_QC=Yes, ccc=0: here U+0000–U+02FF, U+2010–U+2027,
/// U+2030–U+205E, U+20A0–U+20BF, checked against Unicode's data), every string is already in NFC, so two are
/// canonically equivalent exactly when their bytes are equal. German text with typographic quotes and dashes is
/// such text; anything else keeps the String comparison.
enum NormalizationStability {
    static func isStable<S: StringProtocol>(_ text: S) -> Bool {
        text.utf8.withContiguousStorageIfAvailable { isStable(bytes: $0) } ?? false
    }

    /// `isStable` of UTF-8 bytes: runs of ASCII are skipped eight bytes at a time (a body is mostly ASCII; the byte
    /// loop alone was 2 % of a large diff's CPU), the rest byte by byte (tests hold it to that loop alone).
    static func isStable(bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        guard let base = bytes.baseAddress else { return true }
        var i = 0
        let n = bytes.count
        while i < n {
            while i + 8 <= n, UnsafeRawPointer(base + i).loadUnaligned(as: UInt64.self) & 0x8080_8080_8080_8080 == 0 { i += 8 }
            guard i < n else { break }
            let b = bytes[i]
            if b < 0x80 { i += 1; continue }
            if b >= 0xC2, b <= 0xCB { i += 2; continue }
            if b == 0xE2, i + 2 < n {
                let v = 0x2000 | (Int(bytes[i + 1] & 0x3F) << 6) | Int(bytes[i + 2] & 0x3F)
                if (0x2010...0x2027).contains(v) || (0x2030...0x205E).contains(v) || (0x20A0...0x20BF).contains(v) {
                    i += 3
                    continue
                }
            }
            return false
        }
        return true
    }
}

/// Maps token texts to small integers so that the diff compares integers, not strings.
///
/// A byte-wise interner (for texts where bytes and canonical equivalence agree, see `NormalizationStability`) keeps
/// its own open-addressing table keyed by the tokens' UTF-8 bytes (FNV-1a hashes, the bytes copied into one
/// buffer), so that interning a token neither hashes it with SipHash nor retains its string; the other compares
/// `Substring`s in a dictionary.
public struct TokenInterner: Sendable {
    private var ids: [TextKey: Int] = [:]
    /// Compare token texts by bytes (see `TextKey`).
    private let bytewise: Bool
    /// The text of each id.
    public private(set) var texts: [Substring] = []
    /// The kind of each id (the kind of its first occurrence; equal texts have equal kinds).
    public private(set) var kinds: [TokenKind] = []
    /// Byte-wise: slots of the table (0: empty, else id + 1), a power of two in size and at most half full.
    private var slots: [Int32] = []
    /// Byte-wise: per id, its hash and where its bytes are in `bytes`.
    private var hashes: [UInt64] = []
    private var starts: [Int32] = []
    private var bytes: [UInt8] = []

    public init() {
        bytewise = false
    }

    /// An interner that compares token texts by their bytes: only for tokens of texts that are
    /// `NormalizationStability.isStable`.
    init(bytewise: Bool) {
        self.bytewise = bytewise
    }

    /// The id of `token`, assigning the next one when it is new.
    public mutating func intern(_ token: Token) -> Int {
        if bytewise, let id = token.text.utf8.withContiguousStorageIfAvailable({ internBytes($0, text: token.text, kind: token.kind) }) {
            return id
        }
        return internKey(token.text, kind: token.kind)
    }

    /// The ids of `tokens`.
    public mutating func intern(_ tokens: [Token]) -> [Int] {
        tokens.map { intern($0) }
    }

    /// The ids of the tokens of `text`: `intern(Tokenizer.tokenize(text))` without making the tokens.
    public mutating func intern(tokensOf text: Substring) -> [Int] {
        let result: [Int]? = text.utf8.withContiguousStorageIfAvailable { buffer in
            var result: [Int] = []
            result.reserveCapacity(buffer.count / 4 + 1)
            let utf8 = text.utf8, base = text.startIndex
            func substring(_ from: Int, _ to: Int) -> Substring {
                text[utf8.index(base, offsetBy: from)..<utf8.index(base, offsetBy: to)]
            }
            if bytewise {
                Tokenizer.scan(text, buffer) { from, to, kind in
                    // Looked up from the bytes alone: a token's text is made only when it is new.
                    let token = UnsafeBufferPointer(rebasing: buffer[from..<to])
                    let (found, hash, slot) = lookUp(token)
                    result.append(found ?? insert(token, hash: hash, slot: slot, text: substring(from, to), kind: kind))
                }
            } else {
                Tokenizer.scan(text, buffer) { from, to, kind in result.append(internKey(substring(from, to), kind: kind)) }
            }
            return result
        }
        return result ?? intern(ReferenceTokenizer.tokenize(text))
    }

    /// The number of distinct tokens.
    public var count: Int { texts.count }

    private mutating func internKey(_ text: Substring, kind: TokenKind) -> Int {
        let key = TextKey(text: text, bytewise: bytewise)
        if let id = ids[key] { return id }
        let id = texts.count
        ids[key] = id
        texts.append(text)
        kinds.append(kind)
        return id
    }

    private mutating func internBytes(_ token: UnsafeBufferPointer<UInt8>, text: Substring, kind: TokenKind) -> Int {
        let (found, hash, slot) = lookUp(token)
        return found ?? insert(token, hash: hash, slot: slot, text: text, kind: kind)
    }

    /// The id of the token with UTF-8 `token`, else its hash and the free slot where it goes.
    private mutating func lookUp(_ token: UnsafeBufferPointer<UInt8>) -> (id: Int?, hash: UInt64, slot: Int) {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for b in token { hash = (hash ^ UInt64(b)) &* 0x0000_0100_0000_01B3 }
        if 2 * (texts.count + 1) > slots.count { grow() }
        let mask = slots.count - 1
        var i = Int(truncatingIfNeeded: hash ^ (hash >> 29)) & mask
        while true {
            let slot = Int(slots[i])
            if slot == 0 { return (nil, hash, i) }
            let id = slot - 1
            if hashes[id] == hash, equalBytes(id, token) { return (id, hash, i) }
            i = (i + 1) & mask
        }
    }

    /// Adds a new token at the free `slot` that `lookUp` found.
    private mutating func insert(_ token: UnsafeBufferPointer<UInt8>, hash: UInt64, slot: Int, text: Substring, kind: TokenKind) -> Int {
        let id = texts.count
        slots[slot] = Int32(id + 1)
        hashes.append(hash)
        starts.append(Int32(bytes.count))
        bytes.append(contentsOf: token)
        texts.append(text)
        kinds.append(kind)
        return id
    }

    private func equalBytes(_ id: Int, _ token: UnsafeBufferPointer<UInt8>) -> Bool {
        let start = Int(starts[id]), end = id + 1 < starts.count ? Int(starts[id + 1]) : bytes.count
        guard end - start == token.count else { return false }
        return bytes.withUnsafeBufferPointer { stored in
            guard let p = stored.baseAddress, let q = token.baseAddress else { return token.isEmpty }
            return memcmp(p + start, q, token.count) == 0
        }
    }

    private mutating func grow() {
        let size = max(64, slots.count * 2)
        slots = Array(repeating: 0, count: size)
        let mask = size - 1
        for (id, hash) in hashes.enumerated() {
            var i = Int(truncatingIfNeeded: hash ^ (hash >> 29)) & mask
            while slots[i] != 0 { i = (i + 1) & mask }
            slots[i] = Int32(id + 1)
        }
    }
}
