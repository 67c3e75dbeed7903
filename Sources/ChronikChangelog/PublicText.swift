import ChronikDiff
import Foundation

/// Text made fit for public output: trailers removed, e-mail addresses redacted.
public enum PublicText {
    /// What replaces an e-mail address.
    public static let redacted = EmailRedaction.marker

    /// A commit or tag message for the public: without trailers (`Chronik-Snapshot: …`, `Signed-off-by: …`, any
    /// final paragraph of `Key: value` lines), without PGP signatures, e-mail addresses redacted, trimmed.
    public static func message(_ text: String) -> String {
        // One line (most commit messages) without an address, a trailer or a signature: nothing to remove.
        let withoutNewline = text.utf8.last == 0x0A ? String(text.dropLast()) : text
        if let line = plainLine(withoutNewline), !line.contains("@"), !line.contains("-----BEGIN PGP SIGNATURE-----"), !isKnownTrailer(line[...]) {
            return line
        }
        return messageByParagraphs(text)
    }

    /// `message` the long way, for any text (the definition; the tests compare the two).
    static func messageByParagraphs(_ text: String) -> String {
        var body = text
        if let signature = body.range(of: "-----BEGIN PGP SIGNATURE-----") { body = String(body[..<signature.lowerBound]) }
        var paragraphs = body.replacingOccurrences(of: "\r\n", with: "\n").components(separatedBy: "\n\n")
        while let last = paragraphs.last {
            let lines = last.split(separator: "\n", omittingEmptySubsequences: true)
            if last.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty {
                paragraphs.removeLast()
            } else if paragraphs.count > 1, !lines.isEmpty, lines.allSatisfy(isTrailer) {
                paragraphs.removeLast()
            } else {
                break
            }
        }
        // A trailer line anywhere (e.g. an importer's `Chronik-Snapshot:` right under the subject) goes too.
        let kept = paragraphs.joined(separator: "\n\n").split(separator: "\n", omittingEmptySubsequences: false)
            .filter { !isKnownTrailer($0) }
        return redactEmails(kept.joined(separator: "\n")).trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// A name for the public: e-mail addresses redacted, on one line.
    public static func name(_ text: String) -> String {
        line(redactEmails(text))
    }

    /// One line: line breaks and tabs become spaces, surrounding space trimmed.
    public static func line(_ text: String) -> String {
        plainLine(text) ?? lineByCharacters(text)
    }

    /// `line` the long way, for any text (the definition; the tests compare the two).
    static func lineByCharacters(_ text: String) -> String {
        String(text.map { $0.isNewline || $0 == "\t" ? " " : $0 }).trimmingCharacters(in: .whitespaces)
    }

    /// `text` itself when `line` would not change it (most titles and names): no tab or line break
    /// (U+0009–U+000D, U+0085, U+2028, U+2029) and no white space at either end; else nil.
    static func plainLine(_ text: String) -> String? {
        var copy = text
        let oneLine = copy.withUTF8 { b -> Bool in
            var i = 0
            while i < b.count {
                let x = b[i]
                if x >= 0x09 && x <= 0x0D { return false }
                if x == 0xC2, i + 1 < b.count, b[i + 1] == 0x85 { return false }
                if x == 0xE2, i + 2 < b.count, b[i + 1] == 0x80, b[i + 2] == 0xA8 || b[i + 2] == 0xA9 { return false }
                i += 1
            }
            return true
        }
        guard oneLine else { return nil }
        // ASCII at both ends (most texts): white space there is a space (a tab was refused above), without asking
        // `CharacterSet` (0.5 % of a warm full publish of the medium store, page15).
        if let first = text.utf8.first, let last = text.utf8.last, first < 0x80, last < 0x80 {
            return first == 0x20 || last == 0x20 ? nil : text
        }
        guard let first = text.unicodeScalars.first, let last = text.unicodeScalars.last else { return text }
        let space = CharacterSet.whitespaces
        return space.contains(first) || space.contains(last) ? nil : text
    }

    /// The first line of a text (`referenceFirstLine`): a text of one line (no line feed) with ASCII at both ends
    /// that is not white space (a space or a tab) is its own first line, as it is.
    public static func firstLine(_ text: String) -> String {
        let utf8 = text.utf8
        if let first = utf8.first, let last = utf8.last, first < 0x80, last < 0x80, first != 0x20, first != 0x09, last != 0x20,
           last != 0x09, !utf8.contains(0x0A) {
            return text
        }
        return referenceFirstLine(text)
    }

    /// The first line of a text, split at the first `Character` "\n" and trimmed of white space (the definition).
    static func referenceFirstLine(_ text: String) -> String {
        String(text.split(separator: "\n", maxSplits: 1, omittingEmptySubsequences: false).first ?? "")
            .trimmingCharacters(in: .whitespaces)
    }

    /// Replaces every e-mail address (`local@domain.tld`, also in `<…>` and `mailto:`) by `redacted`: the one
    /// redaction of public output, `EmailRedaction.redact` (docs/privacy.md).
    public static func redactEmails(_ text: String) -> String {
        EmailRedaction.redact(text)
    }

    /// `Key: value` with a key of letters, digits and dashes (git's trailer form).
    static func isTrailer(_ line: Substring) -> Bool {
        guard let colon = line.firstIndex(of: ":"), colon > line.startIndex else { return false }
        let key = line[..<colon]
        guard key.first?.isLetter == true, key.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "-" }) else { return false }
        return line[line.index(after: colon)...].first == " "
    }

    /// Trailers chronik and git tools write, removed wherever they stand.
    static func isKnownTrailer(_ line: Substring) -> Bool {
        let known = ["chronik-", "signed-off-by:", "co-authored-by:", "reviewed-by:", "acked-by:", "change-id:"]
        // Every one starts with a, c, r or s (in either case): most lines are told apart by their first byte.
        guard let first = line.utf8.first, [0x61, 0x63, 0x72, 0x73].contains(first | 0x20) else { return false }
        let lower = line.lowercased()
        return isTrailer(line) && known.contains { lower.hasPrefix($0) }
    }
}
