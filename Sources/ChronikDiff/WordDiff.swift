// Tokenize -> Myers -> semantic clean-up, for one piece of text (a block, a field value, or a whole body).

/// A piece of a word-level diff: text that stayed, was deleted, or was inserted.
public struct WordSegment: Sendable, Hashable, Codable {
    public var operation: DiffOperation
    public var text: String

    public init(_ operation: DiffOperation, _ text: String) {
        self.operation = operation
        self.text = text
    }
}

/// Settings of the word diff, with defaults.
public struct WordDiffOptions: Sendable, Hashable {
    /// The Myers cost limit (see Myers.swift); nil: `Myers.defaultCostLimit`.
    public var costLimit: Int?
    /// Run the semantic clean-up (SemanticCleanup.swift). Off gives the raw, minimal token script.
    public var semanticCleanup = true

    public init(costLimit: Int? = nil, semanticCleanup: Bool = true) {
        self.costLimit = costLimit
        self.semanticCleanup = semanticCleanup
    }
}

/// A word-level diff of two texts.
public enum WordDiff {
    /// The segments that turn `old` into `new`: equal and deleted segments concatenate to `old`, equal and inserted
    /// ones to `new`. Within a change the deletion comes first.
    public static func diff<S: StringProtocol>(_ old: S, _ new: S, options: WordDiffOptions = .init()) -> [WordSegment]
    where S.SubSequence == Substring {
        if old == new { return old.isEmpty ? [] : [WordSegment(.equal, String(old))] }
        var interner = TokenInterner()
        let a = interner.intern(Tokenizer.tokenize(old))
        let b = interner.intern(Tokenizer.tokenize(new))
        return segments(a, b, interner: interner, options: options)
    }

    /// The same on interned token ids.
    static func segments(_ a: [Int], _ b: [Int], interner: TokenInterner, options: WordDiffOptions) -> [WordSegment] {
        countedSegments(a, b, interner: interner, options: options).segments
    }

    /// The segments, with the words (words, numbers, URLs) in the inserted and deleted ones counted from their
    /// tokens. A segment is a run of whole tokens of one side, so this equals `wordCount` of the segment texts
    /// without tokenizing them again.
    static func countedSegments(_ a: [Int], _ b: [Int], interner: TokenInterner, options: WordDiffOptions)
        -> (segments: [WordSegment], wordsAdded: Int, wordsRemoved: Int) {
        var tokenSegments = tokenScript(a, b, options: options)
        if options.semanticCleanup { SemanticCleanup.run(&tokenSegments, interner: interner) }
        var added = 0, removed = 0
        let segments = tokenSegments.map { segment in
            var text = ""
            var words = 0
            for t in segment.tokens {
                text += interner.texts[t]
                if interner.kinds[t].isWord { words += 1 }
            }
            switch segment.operation {
            case .insert: added += words
            case .delete: removed += words
            case .equal: break
            }
            return WordSegment(segment.operation, text)
        }
        return (segments, added, removed)
    }

    static func tokenScript(_ a: [Int], _ b: [Int], options: WordDiffOptions) -> [TokenSegment] {
        Myers.diff(a, b, costLimit: options.costLimit).map { run in
            switch run.operation {
            case .equal, .delete: return TokenSegment(operation: run.operation, tokens: Array(a[run.a]))
            case .insert: return TokenSegment(operation: .insert, tokens: Array(b[run.b]))
            }
        }
    }

    /// The number of words (words, numbers, URLs) in `text`.
    public static func wordCount<S: StringProtocol>(_ text: S) -> Int where S.SubSequence == Substring {
        Tokenizer.wordCount(text)
    }
}

extension Array where Element == WordSegment {
    /// The old text: equal and deleted segments.
    public var oldText: String { reduce(into: "") { if $1.operation != .insert { $0 += $1.text } } }
    /// The new text: equal and inserted segments.
    public var newText: String { reduce(into: "") { if $1.operation != .delete { $0 += $1.text } } }
    /// True when some segment is not equal.
    public var hasChanges: Bool { contains { $0.operation != .equal } }
}

// MARK: - Counting words as `git diff --word-diff` does

// The counts of a prose diff (`wordsAdded`, `wordsRemoved`) follow git's default word rule: a word is a run of
// non-white-space characters, and a run that changed at all counts once, on each side where it differs. So
// "Stadt." -> "Stadt!" is one word removed and one added, "z.B." -> "z. B." one removed and two added, and moving
// line breaks (rewrapping, a paragraph split into two or turned into a list) changes no word. Two exceptions, both
// Markdown's structure rather than its text: the markers at a line's start in list items, block quotes and headings
// (`-`, `*`, `+`, `1.`, `1)`, `>`, `#` … `######`) are not words. Runs are compared as sequences (Myers), as git does,
// so a rewrapped, split or joined text counts only the runs it really changed.

/// What a token can be in a line's leading Markdown marker.
enum MarkerMark: Equatable {
    case quote, bullet, hash, orderedEnd, number, other
}

/// Decides which runs of a block are Markdown markers rather than words (see above).
struct MarkerState {
    /// Bullets and ordered markers (`listItem`, `blockQuote`) and quote markers count as markup.
    let lists: Bool
    /// `#` … `######` at the start of the first line (`heading`).
    let headings: Bool
    private(set) var lineStart = true

    init(kind: BlockKind) {
        lists = kind == .listItem || kind == .blockQuote
        headings = kind == .heading
    }

    /// A white-space token; `breaksLine` if it holds a line break.
    mutating func whitespace(breaksLine: Bool) { if breaksLine { lineStart = true } }

    /// The end of a run whose first tokens are `marks` (at most 6 are looked at; `length` is the run's token
    /// count): whether the run is a marker (then it is not a word).
    mutating func endRun(_ marks: ArraySlice<MarkerMark>, length: Int) -> Bool {
        guard lineStart, lists || headings else { lineStart = false; return false }
        if lists, marks.allSatisfy({ $0 == .quote }), length == marks.count { return true } // `>` keeps the line start
        lineStart = false
        if lists, length == 1, marks.first == .bullet { return true }
        if lists, length == 2, marks.first == .number, marks.last == .orderedEnd { return true }
        if headings, length <= 6, length == marks.count, marks.allSatisfy({ $0 == .hash }) { return true }
        return false
    }

    /// The mark of one token.
    static func mark(_ text: Substring, kind: TokenKind) -> MarkerMark { mark(text.utf8, kind: kind) }

    /// The mark of one token, from its UTF-8 bytes.
    static func mark<C: Collection<UInt8>>(_ bytes: C, kind: TokenKind) -> MarkerMark {
        if bytes.count == 1, let b = bytes.first {
            switch b {
            case UInt8(ascii: ">"): return .quote
            case UInt8(ascii: "-"), UInt8(ascii: "*"), UInt8(ascii: "+"): return .bullet
            case UInt8(ascii: "#"): return .hash
            case UInt8(ascii: "."), UInt8(ascii: ")"): return .orderedEnd
            default: break
            }
        }
        return kind == .number && bytes.count <= 9 && bytes.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }) ? .number : .other
    }
}

extension WordDiff {
    /// The words of a block of `kind` by git's rule (see above): runs of non-white-space, Markdown markers aside.
    public static func proseWordCount<S: StringProtocol>(_ text: S, kind: BlockKind) -> Int where S.SubSequence == Substring {
        let substring: Substring = text[...]
        // Text that `ByteScan` reads (ASCII but CR, Latin-1 letters) has its white space in ASCII: its words are
        // counted on the bytes (a cold changelog counts the words of every block of every added entry: 4 % of its CPU).
        if let count = substring.utf8.withContiguousStorageIfAvailable({ ByteScan.covers($0) ? ByteScan(bytes: $0).proseWordCount(kind: kind) : nil }) ?? nil {
            return count
        }
        return proseWordCountByTokens(substring, kind: kind)
    }

    /// `proseWordCount` from the tokens (the reference of its count on the bytes, in tests).
    static func proseWordCountByTokens(_ substring: Substring, kind: BlockKind) -> Int {
        var counter = ProseWordCounter(kind: kind)
        let done: Bool? = substring.utf8.withContiguousStorageIfAvailable { bytes in
            Tokenizer.scan(substring, bytes) { from, to, kind in
                if kind == .whitespace {
                    counter.whitespace(breaksLine: bytes[from..<to].contains { $0 == 0x0A || $0 == 0x0D })
                } else {
                    counter.word(counter.wantsMark ? MarkerState.mark(bytes[from..<to], kind: kind) : nil)
                }
            }
            return true
        }
        if done == nil {
            for token in Tokenizer.tokenize(substring) {
                if token.kind == .whitespace {
                    counter.whitespace(breaksLine: token.text.contains(where: \.isNewline))
                } else {
                    counter.word(counter.wantsMark ? MarkerState.mark(token.text, kind: token.kind) : nil)
                }
            }
        }
        counter.endRun()
        return counter.count
    }

    /// Words added and removed between two texts (blocks of the given kinds), by git's rule.
    public static func changedWords(_ old: String, _ new: String, oldKind: BlockKind, newKind: BlockKind) -> (added: Int, removed: Int) {
        if old == new { return (0, 0) }
        var interner = TokenInterner(), runs = RunInterner()
        let a = interner.intern(tokensOf: old[...]), b = interner.intern(tokensOf: new[...])
        return changedRuns(runs.runs(a, kind: oldKind, interner: interner), runs.runs(b, kind: newKind, interner: interner))
    }

    /// Words removed and added between two sequences of interned runs (ids from `RunInterner`), by git's rule.
    static func changedRuns(_ a: [Int], _ b: [Int]) -> (added: Int, removed: Int) {
        if a == b { return (0, 0) }
        let (changedA, changedB) = Myers.changes(a, b)
        return (changedB.reduce(0) { $0 + ($1 ? 1 : 0) }, changedA.reduce(0) { $0 + ($1 ? 1 : 0) })
    }
}

/// `WordDiff.proseWordCount` as its tokens come: one value that the scan's closure changes in place. (As locals of
/// the function captured by a nested one, count, marks and state were each checked for exclusive access at every
/// token: a third of the count's time, and the count is a few per cent of a cold changelog, which counts the words
/// of every block of every added entry.)
struct ProseWordCounter {
    private(set) var count = 0
    private var state: MarkerState
    /// The marks of the current run's first tokens, while it may be a marker (see `MarkerState.endRun`).
    private var marks: [MarkerMark] = []
    /// The current run's tokens.
    private var length = 0

    init(kind: BlockKind) { state = MarkerState(kind: kind) }

    /// Whether the next token's mark counts. `MarkerState.endRun` looks at marks only at a line's start in a block
    /// with markers (lists, quotes, headings): elsewhere none is made.
    var wantsMark: Bool { (state.lists || state.headings) && state.lineStart && marks.count < 6 }

    /// A token that is not white space, with its mark when `wantsMark`.
    mutating func word(_ mark: MarkerMark?) {
        if let mark { marks.append(mark) }
        length += 1
    }

    mutating func whitespace(breaksLine: Bool) {
        endRun()
        state.whitespace(breaksLine: breaksLine)
    }

    mutating func endRun() {
        guard length > 0 else { return }
        if !state.endRun(marks[...], length: length) { count += 1 }
        marks.removeAll(keepingCapacity: true)
        length = 0
    }
}

/// Gives each distinct run of token ids (one word by git's rule) one id; a run of one token is its token id.
struct RunInterner {
    private var ids: [[Int]: Int] = [:]

    /// The runs of a block's tokens, Markdown markers left out.
    mutating func runs(_ tokens: [Int], kind: BlockKind, interner: TokenInterner) -> [Int] {
        var result: [Int] = []
        var state = MarkerState(kind: kind)
        var marks: [MarkerMark] = []
        var start = 0
        func endRun(_ end: Int) {
            guard end > start else { return }
            if !state.endRun(marks[...], length: end - start) {
                if end - start == 1 {
                    result.append(tokens[start])
                } else {
                    let run = Array(tokens[start..<end])
                    if let id = ids[run] {
                        result.append(id)
                    } else {
                        let id = -1 - ids.count
                        ids[run] = id
                        result.append(id)
                    }
                }
            }
            marks.removeAll(keepingCapacity: true)
        }
        for (k, t) in tokens.enumerated() {
            if interner.kinds[t] == .whitespace {
                endRun(k)
                start = k + 1
                state.whitespace(breaksLine: interner.texts[t].contains(where: \.isNewline))
            } else if state.lineStart, marks.count < 6 {
                marks.append(MarkerState.mark(interner.texts[t], kind: interner.kinds[t]))
            }
        }
        endRun(tokens.count)
        return result
    }
}
