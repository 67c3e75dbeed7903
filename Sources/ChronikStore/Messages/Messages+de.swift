// Der deutsche Katalog: eine Funktion je Anforderung von `MessageCatalog` (Messages.swift), in derselben Reihenfolge.

struct GermanMessages: MessageCatalog {
    var language: StoreLanguage { .de }
}
