// The English catalog: one function per requirement of `MessageCatalog` (Messages.swift), in the same order.

struct EnglishMessages: MessageCatalog {
    var language: StoreLanguage { .en }

    // chronik diff

    func diffUnknownName(_ name: String, old: String, new: String) -> String {
        "no entry, collection or folder \"\(name)\" at \(old) or \(new)"
    }

    func diffNameSuggestion(_ candidates: [String]) -> String {
        "did you mean " + Self.or(candidates) + "?"
    }

    /// "a", "a or b", "a, b or c".
    private static func or(_ items: [String]) -> String {
        items.count < 2 ? items.joined() : items.dropLast().joined(separator: ", ") + " or " + (items.last ?? "")
    }
}
