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

    /// Function words counted in `text` for each language.
    public static func counts(_ text: Substring) -> (de: Int, en: Int) {
        var de = 0, en = 0
        for word in text.split(whereSeparator: { !$0.isLetter }) {
            // Function words are short: skip the lowercasing of everything longer.
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
