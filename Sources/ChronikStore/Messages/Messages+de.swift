// Der deutsche Katalog: eine Funktion je Anforderung von `MessageCatalog` (Messages.swift), in derselben Reihenfolge.

struct GermanMessages: MessageCatalog {
    var language: StoreLanguage { .de }

    // chronik diff

    func diffUnknownName(_ name: String, old: String, new: String) -> String {
        "kein Eintrag, keine Sammlung und kein Ordner „\(name)“ in \(old) oder \(new)"
    }

    func diffNameSuggestion(_ candidates: [String]) -> String {
        "meinten Sie " + Self.or(candidates) + "?"
    }

    /// "a", "a oder b", "a, b oder c".
    private static func or(_ items: [String]) -> String {
        items.count < 2 ? items.joined() : items.dropLast().joined(separator: ", ") + " oder " + (items.last ?? "")
    }
}
