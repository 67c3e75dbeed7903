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
public enum Tokenizer {
    /// The tokens of `text`, in order; joined, they give `text` exactly.
    public static func tokenize<S: StringProtocol>(_ text: S) -> [Token] where S.SubSequence == Substring {
        let substring: Substring = text[...]
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

/// Maps token texts to small integers so that the diff compares integers, not strings.
public struct TokenInterner: Sendable {
    private var ids: [Substring: Int] = [:]
    /// The text of each id.
    public private(set) var texts: [Substring] = []
    /// The kind of each id (the kind of its first occurrence; equal texts have equal kinds).
    public private(set) var kinds: [TokenKind] = []

    public init() {}

    /// The id of `token`, assigning the next one when it is new.
    public mutating func intern(_ token: Token) -> Int {
        if let id = ids[token.text] { return id }
        let id = texts.count
        ids[token.text] = id
        texts.append(token.text)
        kinds.append(token.kind)
        return id
    }

    /// The ids of `tokens`.
    public mutating func intern(_ tokens: [Token]) -> [Int] {
        tokens.map { intern($0) }
    }

    /// The number of distinct tokens.
    public var count: Int { texts.count }
}
