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

    /// The function words of each language that are all ASCII (at most 7 letters, so at most 7 bytes), lowercase,
    /// packed into one integer each: byte k of the word in bits 8k..<8k+8 (letters are never 0, so the length is
    /// in the value too).
    static let germanASCII: Set<UInt64> = Set(german.compactMap(packedASCII))
    static let englishASCII: Set<UInt64> = Set(english.compactMap(packedASCII))

    /// The packed function words of both languages in one open-addressed table of 256 slots (0: empty; a word is
    /// never 0), found by a multiplicative hash instead of two `Set` look-ups with SipHash per word: 1 German, 2
    /// English. German first, as `counts` asks it first.
    static let packedTable: (keys: [UInt64], languages: [UInt8]) = {
        var keys = [UInt64](repeating: 0, count: 256), languages = [UInt8](repeating: 0, count: 256)
        for (words, language) in [(germanASCII, UInt8(1)), (englishASCII, UInt8(2))] {
            for word in words.sorted() {
                var slot = packedSlot(word)
                while keys[slot] != 0, keys[slot] != word { slot = (slot + 1) & 255 }
                if keys[slot] == 0 { (keys[slot], languages[slot]) = (word, language) }
            }
        }
        return (keys, languages)
    }()

    @inline(__always) static func packedSlot(_ packed: UInt64) -> Int { Int(truncatingIfNeeded: (packed &* 0x9E37_79B9_7F4A_7C15) >> 56) }

    /// 1 when `packed` is a German function word, 2 when an English one, else 0.
    @inline(__always) static func packedLanguage(_ packed: UInt64, _ keys: UnsafeBufferPointer<UInt64>, _ languages: UnsafeBufferPointer<UInt8>) -> UInt8 {
        var slot = packedSlot(packed)
        while true {
            let key = keys[slot]
            if key == packed { return languages[slot] }
            if key == 0 { return 0 }
            slot = (slot + 1) & 255
        }
    }

    /// What `counts` needs to know of the scalars U+0080 to U+024F (the Latin letters of German, French and the
    /// like, and Latin-1's punctuation), read from the Unicode properties once: bit 0 `isAlphabetic`, bit 1
    /// `isGraphemeExtend`, bit 2 whether a mark after it starts a cluster of its own (control, line or paragraph
    /// separator, or format character: the `afterBreak` of the scan).
    static let latinClasses: [UInt8] = (UInt32(0x80)..<0x250).map { value in
        guard let scalar = Unicode.Scalar(value) else { return 0 }
        let properties = scalar.properties
        var entry: UInt8 = properties.isAlphabetic ? 1 : 0
        if properties.isGraphemeExtend { entry |= 2 }
        switch properties.generalCategory {
        case .control, .lineSeparator, .paragraphSeparator, .format: entry |= 4
        default: break
        }
        return entry
    }

    static func packedASCII(_ word: String) -> UInt64? {
        guard word.utf8.count <= 7, word.utf8.allSatisfy({ $0 < 0x80 }) else { return nil }
        var packed: UInt64 = 0
        for (k, byte) in word.utf8.enumerated() { packed |= UInt64(byte) << (8 * k) }
        return packed
    }

    /// Function words counted in `text` for each language: words are the runs of letters (`Character.isLetter`).
    /// The bytes are scanned directly: an ASCII byte is a letter or not without a look-up, and a word of ASCII
    /// letters only (nearly every word) is looked up by its packed lowercase bytes, without making a string; other
    /// scalars are decoded and classified as `countsByScalars` does, and a word with any of them is looked up as
    /// there. The same counts as `countsByScalars` (and so `countsByCharacters`), tested on random texts; about
    /// four times faster on German prose (label detection reads 40 files of a plain repository for every diff).
    public static func counts(_ text: Substring) -> (de: Int, en: Int) {
        if let counted = text.utf8.withContiguousStorageIfAvailable({ counts(bytes: $0) }) { return counted }
        return countsByScalars(text)
    }

    private static func counts(bytes: UnsafeBufferPointer<UInt8>) -> (de: Int, en: Int) {
        packedTable.keys.withUnsafeBufferPointer { keys in
            packedTable.languages.withUnsafeBufferPointer { languages in
                latinClasses.withUnsafeBufferPointer { latin in counts(bytes: bytes, keys, languages, latin) }
            }
        }
    }

    private static func counts(bytes: UnsafeBufferPointer<UInt8>, _ keys: UnsafeBufferPointer<UInt64>, _ languages: UnsafeBufferPointer<UInt8>,
                               _ latin: UnsafeBufferPointer<UInt8>) -> (de: Int, en: Int) {
        var de = 0, en = 0
        let n = bytes.count
        var start = -1 // the byte where the current word began, or -1 between words
        var ascii = true, packed: UInt64 = 0, length = 0
        func word(to end: Int) {
            guard start >= 0 else { return }
            defer { start = -1 }
            if ascii {
                guard length <= 7 else { return }
                switch packedLanguage(packed, keys, languages) {
                case 1: de += 1
                case 2: en += 1
                default: break
                }
                return
            }
            let word = String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<end]), as: UTF8.self)
            guard word.utf8.count <= 7 * 4, word.count <= 7 else { return }
            let w = word.lowercased()
            if german.contains(w) { de += 1 } else if english.contains(w) { en += 1 }
        }
        var inLetter = false, afterBreak = true
        var i = 0
        while i < n {
            let byte = bytes[i]
            let letter: Bool, width: Int
            if byte < 0x80 {
                width = 1
                let lower = byte | 0x20
                letter = lower >= 0x61 && lower <= 0x7A
                afterBreak = byte < 0x20 || byte == 0x7F
            } else {
                // A scalar of 2 to 4 bytes (the text is valid UTF-8: it is a Swift string).
                var value: UInt32
                if byte >= 0xF0 { width = 4; value = UInt32(byte & 0x07) } else if byte >= 0xE0 { width = 3; value = UInt32(byte & 0x0F) } else { width = 2; value = UInt32(byte & 0x1F) }
                guard i + width <= n else { break }
                for k in 1..<width { value = value << 6 | UInt32(bytes[i + k] & 0x3F) }
                if value >= 0x80, value < 0x250 {
                    // Umlauts, ß and Latin-1's punctuation: the same answers from the table.
                    let entry = latin[Int(value) - 0x80]
                    letter = entry & 2 != 0 && !afterBreak ? inLetter : entry & 1 != 0
                    afterBreak = entry & 4 != 0
                } else {
                    guard let scalar = Unicode.Scalar(value) else { break }
                    let properties = scalar.properties
                    if (properties.isGraphemeExtend || value == 0x200D) && !afterBreak {
                        letter = inLetter
                    } else {
                        letter = properties.isAlphabetic
                    }
                    switch properties.generalCategory {
                    case .control, .lineSeparator, .paragraphSeparator: afterBreak = true
                    case .format: afterBreak = value != 0x200C && value != 0x200D
                    default: afterBreak = false
                    }
                }
            }
            if letter {
                if start < 0 { start = i; ascii = true; packed = 0; length = 0 }
                if width == 1 {
                    if length < 8 { packed |= UInt64(byte | 0x20) << (8 * length) }
                    length += 1
                } else {
                    ascii = false
                }
            } else {
                word(to: i)
            }
            inLetter = letter
            i += width
        }
        word(to: n)
        return (de, en)
    }

    /// The scalar-by-scalar scan `counts` replaced (ASCII without a Unicode property look-up; a combining mark
    /// belongs to the character before it, as in a grapheme cluster): the reference `counts` is tested against,
    /// itself tested against `countsByCharacters`.
    static func countsByScalars(_ text: Substring) -> (de: Int, en: Int) {
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
