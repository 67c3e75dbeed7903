import Foundation
import GitKit

/// Tells German from English text by counting very common function words of each language, for the language of labels
/// when neither `--lang` nor `chronik.yml` says it (a plain repository).
///
/// A function-word count (the stop-word method of language identification, e.g. Grefenstette 1995, "Comparing two
/// language identification schemes") needs no model and is reliable on a few hundred words of running text. Only
/// words that are not also common in the other language are counted (`in`, `an`, `will`, `also`, `so`, `was`,
/// `man`, `die` are left out). Deterministic: the sample is the first `maxFiles` `.md` files in tree order (git's
/// byte order of paths), each read up to `maxBytesPerFile`.
public enum LanguageDetector {
    /// Bounds of the sample read from a version: detection costs the same on a large repository as on a small one.
    public struct Limits: Sendable {
        public var maxFiles = 40
        public var maxBytesPerFile = 8 * 1024
        /// Folders visited at most while looking for `.md` files (a tree of many folders without Markdown).
        public var maxTrees = 200
        public init() {}
    }

    static let german: Set<String> = [
        "der", "das", "und", "ist", "nicht", "mit", "den", "von", "zu", "ein", "eine", "einer", "einen", "auf", "für",
        "im", "dem", "des", "sich", "auch", "werden", "wird", "sind", "oder", "bei", "nach", "über", "wie", "als",
        "aus", "dass", "zur", "zum", "es", "sie", "wir", "kann", "durch", "noch", "nur", "sowie", "wenn", "diese",
        "dieser", "ihre", "unter", "vom", "soll", "müssen", "haben", "hat",
    ]
    static let english: Set<String> = [
        "the", "and", "of", "to", "is", "that", "for", "with", "are", "be", "this", "on", "as", "it", "not", "or",
        "by", "from", "which", "can", "have", "at", "we", "our", "its", "their", "these", "should", "must", "has",
        "been", "were", "they", "there", "other", "such", "any", "all", "may", "shall", "into", "than",
    ]

    /// Function words counted in `text` for each language: words are the runs of letters (`Character.isLetter`),
    /// found here scalar by scalar (ASCII without a Unicode property look-up; a combining mark belongs to the
    /// character before it, as in a grapheme cluster). `countsByCharacters` is the reference it is tested against.
    public static func counts(_ text: Substring) -> (de: Int, en: Int) {
        var de = 0, en = 0
        let scalars = text.unicodeScalars
        var start: Substring.UnicodeScalarView.Index?
        var inLetter = false
        func word(to end: Substring.UnicodeScalarView.Index) {
            guard let from = start else { return }
            start = nil
            let word = Substring(scalars[from..<end])
            // Function words are short: skip the lowercasing of everything longer.
            guard word.utf8.count <= 7 * 4, word.count <= 7 else { return }
            let w = word.lowercased()
            if german.contains(w) { de += 1 } else if english.contains(w) { en += 1 }
        }
        // Whether the scalar before begins no cluster that a mark could join: the start, or a control character
        // (Unicode's grapheme rules GB4/GB5 break after Control, CR and LF).
        var afterBreak = true
        var index = scalars.startIndex
        while index < scalars.endIndex {
            let scalar = scalars[index]
            let letter: Bool
            if scalar.isASCII {
                let v = scalar.value
                letter = (v >= 0x41 && v <= 0x5A) || (v >= 0x61 && v <= 0x7A)
                afterBreak = v < 0x20 || v == 0x7F
            } else {
                let properties = scalar.properties
                if (properties.isGraphemeExtend || scalar.value == 0x200D) && !afterBreak {
                    letter = inLetter // A mark or joiner extends the character before it (GB9).
                } else {
                    letter = properties.isAlphabetic // Else it is a character of its own, a letter by its first scalar.
                }
                switch properties.generalCategory {
                case .control, .lineSeparator, .paragraphSeparator: afterBreak = true
                case .format: afterBreak = scalar.value != 0x200C && scalar.value != 0x200D
                default: afterBreak = false
                }
            }
            if letter, start == nil { start = index } else if !letter { word(to: index) }
            inLetter = letter
            index = scalars.index(after: index)
        }
        word(to: scalars.endIndex)
        return (de, en)
    }

    /// The reference for `counts`: words split at characters that are not letters.
    static func countsByCharacters(_ text: Substring) -> (de: Int, en: Int) {
        var de = 0, en = 0
        for word in text.split(whereSeparator: { !$0.isLetter }) {
            guard word.count <= 7 else { continue }
            let w = word.lowercased()
            if german.contains(w) { de += 1 } else if english.contains(w) { en += 1 }
        }
        return (de, en)
    }

    /// The language of these texts, or nil when they hold too few function words to tell (under 5) or neither
    /// language has clearly more (at least half as many again).
    public static func detect(_ texts: some Sequence<Substring>) -> StoreLanguage? {
        var de = 0, en = 0
        for text in texts {
            let c = counts(text)
            de += c.de
            en += c.en
        }
        guard de + en >= 5 else { return nil }
        if de * 2 >= en * 3 { return .de }
        if en * 2 >= de * 3 { return .en }
        return nil
    }

    /// The language of the `.md` files of a tree (a bounded sample, see `Limits`), or nil when it cannot tell.
    /// Unreadable objects count as absent: detection only picks labels.
    public static func detect(tree: ObjectID, in repository: Repository, limits: Limits = Limits()) -> StoreLanguage? {
        var texts: [Substring] = []
        var folders = [tree]
        var visited = 0
        while !folders.isEmpty, texts.count < limits.maxFiles, visited < limits.maxTrees {
            let folder = folders.removeFirst()
            visited += 1
            guard let entries = try? repository.tree(folder) else { continue }
            for entry in entries {
                if entry.mode == .tree {
                    folders.append(entry.id)
                } else if entry.mode == .blob || entry.mode == .executable, entry.name.hasSuffix(".md"), texts.count < limits.maxFiles,
                          let data = try? repository.blob(entry.id) {
                    texts.append(Substring(decoding: data.prefix(limits.maxBytesPerFile), as: UTF8.self))
                }
            }
        }
        return detect(texts)
    }

    /// The language of labels: the one asked for (`--lang`), else the configuration's, else detected from the
    /// version's content, else English.
    public static func labelLanguage(asked: String?, config: StoreConfig?, tree: ObjectID?, in repository: Repository) -> String {
        if let asked { return asked }
        if let config { return config.language.rawValue }
        return (tree.flatMap { detect(tree: $0, in: repository) } ?? .en).rawValue
    }
}
