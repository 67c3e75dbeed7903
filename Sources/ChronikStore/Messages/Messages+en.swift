// The English catalog: one function per requirement of `MessageCatalog` (Messages.swift), in the same order.

struct EnglishMessages: MessageCatalog {
    var language: StoreLanguage { .en }
}
