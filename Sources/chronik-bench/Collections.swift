/// The seven default collections, how many entries of a store each gets, and how the generator fills their fields.
/// Field names, enums and references follow `Schemas/*.schema.json`; the checks in `StoreVerifier` hold the
/// generator to them.
enum Collections {
    static let actors = 0, results = 1, library = 2, glossary = 3, faq = 4, events = 5, strategy = 6
    /// Same order as `DefaultStore.collections`.
    static let names = ["actors", "results", "library", "glossary", "faq", "events", "strategy"]
    /// Share of the entries per collection (sums to 100).
    static let weights = [10, 15, 15, 20, 15, 10, 15]

    static let actorKinds = ["Organisation", "Gremium", "Team", "Rolle"]
    static let phases = ["Strategischer Rahmen", "Ambitionen", "Aktionen", "Strategieentwurf", "Finalisierung"]
    static let resultStatus = ["Entwurf", "in Kommentierung", "überarbeitet", "veröffentlicht", "beschlossen"]
    static let faqCategories = ["Prozess", "Beteiligung", "Strategie", "Daten und Technik", "Gemeinsam Digital"]
    static let eventFormats = ["Online-Beteiligung", "Workshop", "Forum", "Sitzung", "Veranstaltung"]
    static let eventStatus = ["geplant", "laufend", "beendet"]
    static let parts = ["Vision", "Leitbild", "Ziele", "Handlungsfelder", "Maßnahmen", "Umsetzung"]
    static let publishers = [
        "Senatskanzlei Berlin", "Deutsches Institut für Urbanistik", "Bundesinstitut für Bau-, Stadt- und Raumforschung",
        "Stadt Wien", "Stadt Hamburg", "Fraunhofer FOKUS", "Bertelsmann Stiftung", "Technologiestiftung Berlin",
    ]
    static let hosts = ["mein.berlin.de", "www.berlin.de", "smart-city-berlin.de", "daten.berlin.de", "example.org"]

    /// Reference fields: (collection, field) -> target collection, as `x-chronik-ref` declares them.
    static let referenceFields: [(collection: Int, field: String, target: Int)] = [
        (actors, "member_of", actors),
        (results, "authors", actors), (results, "events", events), (results, "related", results),
        (library, "topics", glossary),
        (glossary, "see_also", glossary),
        (faq, "related", glossary),
        (events, "results", results),
    ]

    /// The field that names an entry (chronik.yml `title_field`).
    static let titleField = ["name", "title", "title", "term", "question", "title", "title"]

    /// How many of `total` entries collection `c` gets; the first collection takes the rounding remainder.
    static func share(_ c: Int, of total: Int) -> Int {
        let base = weights.indices.map { total * weights[$0] / 100 }
        return c == 0 ? total - base.dropFirst().reduce(0, +) : base[c]
    }
}
