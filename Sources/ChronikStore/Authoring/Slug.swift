import Foundation

/// The one function that turns a title or a refused name into a valid id or release name (issue 16): used by
/// `chronik new` (an id from `--title`), and by `new`, `release` and `mv` to suggest a valid form of a name they refuse.
///
/// The rules, in order: letters to lowercase; German umlauts and ß transliterated as German writes them without
/// umlauts (ä→ae, ö→oe, ü→ue, ß→ss, as in DIN 5007-2 and in German e-mail addresses and domain names); a few letters
/// that carry no decomposition but have a customary Latin spelling (æ→ae, œ→oe, ø→o, ł→l,
/// đ/ð→d, þ→th, ı→i); every other letter through canonical decomposition (NFD) with its
/// combining marks dropped (é→e, č→c, ñ→n); what is left outside `a-z0-9` (spaces, punctuation, letters of other
/// scripts) becomes `-`, runs of `-` collapse to one, and `-` is trimmed at both ends. The result is cut to 100
/// characters (docs/store-format.md) at a `-` where there is one, and a Windows device name (`con`, `nul`, …) gets
/// `-1` appended. Nothing left (a title in another script only) gives nil: the caller asks for an id instead.
public enum Slug {
    /// The slug of `text`, a valid id (`PathRules.problem(withID:)` is nil for it), or nil when nothing is left.
    public static func make(_ text: String, maxLength: Int = PathRules.maxIDLength) -> String? {
        var out = ""
        var pendingDash = false
        func append(_ piece: String) {
            if pendingDash, !out.isEmpty { out += "-" }
            pendingDash = false
            out += piece
        }
        for character in text.lowercased() {
            if let mapped = transliterations[character] {
                append(mapped)
                continue
            }
            for scalar in String(character).decomposedStringWithCanonicalMapping.unicodeScalars {
                let v = scalar.value
                if (v >= 0x61 && v <= 0x7A) || (v >= 0x30 && v <= 0x39) {
                    append(String(scalar))
                } else if scalar.properties.generalCategory == .nonspacingMark
                            || scalar.properties.generalCategory == .enclosingMark
                            || scalar.properties.generalCategory == .spacingMark {
                    continue
                } else {
                    pendingDash = true
                }
            }
        }
        if out.unicodeScalars.count > maxLength {
            let cut = String(out.unicodeScalars.prefix(maxLength))
            // Cut at the last word boundary when there is one in the second half, so a word is not split.
            if let dash = cut.lastIndex(of: "-"), cut.distance(from: cut.startIndex, to: dash) > maxLength / 2 {
                out = String(cut[..<dash])
            } else {
                out = cut
            }
            while out.hasSuffix("-") { out.removeLast() }
        }
        guard !out.isEmpty else { return nil }
        if PathRules.reservedNames.contains(out) { out += "-1" }
        return out
    }

    /// `base`, else `base-2`, `base-3`, … : the first that `isTaken` does not claim (an id for a new entry next to
    /// existing ones). The suffix keeps the result within `maxLength`.
    public static func firstFree(_ base: String, maxLength: Int = PathRules.maxIDLength, isTaken: (String) -> Bool) -> String {
        if !isTaken(base) { return base }
        var n = 2
        while true {
            let suffix = "-\(n)"
            var stem = String(base.prefix(maxLength - suffix.count))
            while stem.hasSuffix("-") { stem.removeLast() }
            let candidate = stem + suffix
            if !isTaken(candidate) { return candidate }
            n += 1
        }
    }

    /// Letters transliterated by custom rather than by decomposition (already lowercase).
    static let transliterations: [Character: String] = [
        "ä": "ae", "ö": "oe", "ü": "ue", "ß": "ss", "ẞ": "ss",
        "æ": "ae", "œ": "oe", "ø": "o", "ł": "l", "đ": "d", "ð": "d", "þ": "th", "ı": "i",
    ]
}
