import Foundation

/// What `chronik init` puts into a new store.
public enum DefaultStore {
    /// The default collections of a strategy knowledge store, in order, with the schema each uses.
    public static let collections: [CollectionConfig] = [
        CollectionConfig(name: "actors", schema: "schemas/actors.schema.json", titleField: "name",
                         label: ["de": "Prozessakteure", "en": "Process actors"]),
        CollectionConfig(name: "results", schema: "schemas/results.schema.json", titleField: "title",
                         label: ["de": "Prozessergebnisse", "en": "Process results"]),
        CollectionConfig(name: "library", schema: "schemas/library.schema.json", titleField: "title",
                         label: ["de": "Smart City Bibliothek", "en": "Smart City library"]),
        CollectionConfig(name: "glossary", schema: "schemas/glossary.schema.json", titleField: "term",
                         label: ["de": "Smart City Glossar", "en": "Smart City glossary"]),
        CollectionConfig(name: "faq", schema: "schemas/faq.schema.json", titleField: "question",
                         label: ["de": "FAQ", "en": "FAQ"]),
        CollectionConfig(name: "events", schema: "schemas/events.schema.json", titleField: "title",
                         label: ["de": "Prozesstermine", "en": "Participation dates"]),
        CollectionConfig(name: "strategy", schema: "schemas/strategy.schema.json", titleField: "title",
                         label: ["de": "Strategie", "en": "Strategy"]),
    ]

    /// The configuration of a new store.
    public static func config(title: String, language: StoreLanguage) -> StoreConfig {
        StoreConfig(title: title, language: language, collections: collections)
    }

    /// The schema files of a new store, by file name in `schemas/`.
    public static var schemas: [String: Data] {
        DefaultSchemas.files.mapValues { Data($0.utf8) }
    }
}
