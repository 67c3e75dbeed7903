import Foundation

// Every sentence chronik says to a person lives in one catalog per language: `Messages+en.swift` and
// `Messages+de.swift` (issue 16). A message is a requirement of `MessageCatalog`, so the compiler refuses a catalog that
// lacks one; `MessageCatalogTests` refuses a requirement that no code outside this folder uses, and a default
// implementation (which would let one language silently borrow the other's wording). Output meant for machines (JSON
// keys, the structure of GitHub annotations, exit codes) is not here: it is language-neutral.
//
// Add a message: a requirement below (grouped by topic, with a doc comment giving an example), then the same
// function in both catalogs. Arguments are the values a message names (a path, a field, a list of candidates), never
// pre-formatted sentences of another message.

/// The sentences of one language.
public protocol MessageCatalog: Sendable {
    /// The catalog's language.
    var language: StoreLanguage { get }

    // chronik diff

    /// "no entry, collection or folder "glossar" at A or B" (a name given to `chronik diff` that names nothing).
    func diffUnknownName(_ name: String, old: String, new: String) -> String
    /// "did you mean glossary or glossary/kiez?" (the closest names, `Suggestions.closest`).
    func diffNameSuggestion(_ candidates: [String]) -> String
}

/// The catalogs, and which one a command speaks.
public enum Messages {
    /// The catalog of `language`.
    public static func catalog(_ language: StoreLanguage) -> any MessageCatalog {
        switch language {
        case .de: return GermanMessages()
        case .en: return EnglishMessages()
        }
    }

    /// The language of messages, in the order issue 16 gives: `--lang`, then `CHRONIK_LANG`, then the locale
    /// (`LC_ALL`, `LC_MESSAGES`, `LANG`, the first that is set and not empty, as POSIX orders them), then the store's
    /// language, else English. A value counts when it names German or English (`de`, `de_DE.UTF-8`, `en-GB`);
    /// anything else (`C`, `POSIX`, `fr_FR`) is passed over, so `LANG=C.UTF-8` on a server leaves the store's
    /// language in charge.
    public static func language(flag: String?, environment: [String: String], store: StoreLanguage?) -> StoreLanguage {
        if let flag, let language = parse(flag) { return language }
        if let value = environment["CHRONIK_LANG"], let language = parse(value) { return language }
        for name in ["LC_ALL", "LC_MESSAGES", "LANG"] {
            guard let value = environment[name], !value.isEmpty else { continue }
            // The first locale variable that is set decides, as for every POSIX program; it may decide nothing.
            if let language = parse(value) { return language }
            break
        }
        return store ?? .en
    }

    /// `de`, `de_DE.UTF-8`, `de-AT`, `EN` → the language; anything else → nil.
    public static func parse(_ value: String) -> StoreLanguage? {
        let code = value.prefix { $0.isLetter }.lowercased()
        return StoreLanguage(rawValue: code)
    }
}
