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
