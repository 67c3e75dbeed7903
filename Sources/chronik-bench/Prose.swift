import ChronikStore

/// German-like text for generated entries: nouns (capitalised, often compounds built from parts), verbs, adjectives and
/// function words, arranged into sentences with the rough rhythm of an administrative strategy text. Real words keep
/// the word-diff realistic (repeated tokens, umlauts, long compounds); the compounds keep the vocabulary large.
enum Prose {
    static let nounParts = [
        "Stadt", "Daten", "Verwaltung", "Bürger", "Beteiligung", "Strategie", "Netz", "Mobilität", "Energie", "Klima",
        "Bildung", "Quartier", "Wirtschaft", "Kultur", "Gesundheit", "Sicherheit", "Wasser", "Wärme", "Verkehr",
        "Planung", "Dienst", "Plattform", "Labor", "Modell", "Raum", "Kiez", "Bezirk", "Senat", "Verfahren", "Werk",
        "Wissen", "Zukunft", "Umwelt", "Arbeit", "Gemeinschaft", "Informations", "Infrastruktur", "Technik", "Lern",
        "Schul", "Park", "Markt", "Forschungs", "Förder", "Wohnungs", "Straßen", "Rad", "Bau", "Luft", "Lärm",
    ]
    static let nounHeads = [
        "konzept", "plattform", "strategie", "verwaltung", "beteiligung", "labor", "netz", "modell", "projekt",
        "programm", "rahmen", "prozess", "dienst", "raum", "kompetenz", "qualität", "souveränität", "politik",
        "kooperation", "infrastruktur", "werkstatt", "agentur", "forum", "bericht", "atlas", "portal", "kodex",
        "leitlinie", "initiative", "partnerschaft", "steuerung", "wende", "karte", "management", "zentrum",
    ]
    static let nouns = [
        "Stadt", "Verwaltung", "Daten", "Beteiligung", "Strategie", "Zukunft", "Gesellschaft", "Gemeinwohl", "Bezirke",
        "Senatsverwaltung", "Öffentlichkeit", "Wirtschaft", "Wissenschaft", "Zivilgesellschaft", "Digitalisierung",
        "Nachhaltigkeit", "Teilhabe", "Transparenz", "Vertrauen", "Innovation", "Umsetzung", "Maßnahme", "Ziele",
        "Vorhaben", "Ergebnisse", "Rückmeldungen", "Akteure", "Menschen", "Kieze", "Quartiere", "Projekte", "Werkzeuge",
        "Grundlage", "Entwicklung", "Steuerung", "Erfahrungen", "Anforderungen", "Lösungen", "Angebote", "Prozesse",
    ]
    static let verbs = [
        "stärkt", "fördert", "unterstützt", "verbindet", "ermöglicht", "gestaltet", "entwickelt", "verbessert",
        "beschreibt", "bündelt", "erprobt", "begleitet", "sichert", "schafft", "öffnet", "vernetzt", "prüft",
        "setzt", "legt", "führt", "bringt", "macht", "nutzt", "erweitert", "verankert", "koordiniert", "bewertet",
    ]
    static let adjectives = [
        "digitale", "offene", "gemeinsame", "nachhaltige", "lebenswerte", "soziale", "städtische", "neue", "öffentliche",
        "klimaneutrale", "resiliente", "transparente", "verlässliche", "innovative", "lokale", "zentrale", "konkrete",
        "partizipative", "barrierefreie", "sichere", "langfristige", "gerechte", "kooperative", "vernetzte",
    ]
    static let articles = ["die", "der", "das", "eine", "ein", "diese", "jede", "unsere"]
    static let prepositions = ["für", "mit", "in", "aus", "durch", "über", "zwischen", "nach", "bei", "von", "im", "zur", "zum"]
    static let connectors = ["und", "sowie", "oder", "aber", "denn", "auch", "dabei", "zudem", "damit", "so"]
    static let openers = [
        "Die Stadt", "Berlin", "Die Verwaltung", "Das Vorhaben", "Der Prozess", "Die Strategie", "Dabei", "Zugleich",
        "Im Mittelpunkt", "Gemeinsam mit den Bezirken", "Auf dieser Grundlage", "Künftig", "Bis 2030", "Konkret",
    ]

    /// A compound noun such as "Datenplattform" or "Quartierswerkstatt".
    static func compound(_ rng: inout SplitMix64) -> String {
        rng.pick(nounParts) + rng.pick(nounHeads)
    }

    static func noun(_ rng: inout SplitMix64) -> String {
        rng.chance(0.35) ? compound(&rng) : rng.pick(nouns)
    }

    /// One sentence of 6 to 22 words, ending in a full stop.
    static func sentence(_ rng: inout SplitMix64) -> String {
        var words: [String] = [rng.pick(openers), rng.pick(verbs)]
        let target = rng.int(6...22)
        while words.count < target {
            switch rng.index(6) {
            case 0: words.append(rng.pick(articles)); words.append(rng.pick(adjectives)); words.append(noun(&rng))
            case 1: words.append(rng.pick(prepositions)); words.append(noun(&rng))
            case 2: words.append(rng.pick(connectors))
            case 3: words.append(rng.pick(adjectives)); words.append(noun(&rng))
            case 4: words.append(rng.pick(articles)); words.append(noun(&rng))
            default: words.append(noun(&rng))
            }
        }
        return words.joined(separator: " ") + "."
    }

    /// A paragraph of 2 to 7 sentences, kept as sentences so that edits can replace, insert or delete one.
    static func paragraph(_ rng: inout SplitMix64) -> [String] {
        (0..<rng.int(2...7)).map { _ in sentence(&rng) }
    }

    /// A body of about `words` words (at least one paragraph), with an occasional `##` heading.
    static func body(words: Int, _ rng: inout SplitMix64) -> [[String]] {
        var paragraphs: [[String]] = []
        var count = 0
        while count < words || paragraphs.isEmpty {
            if !paragraphs.isEmpty, rng.chance(0.15) {
                paragraphs.append(["## " + title(&rng)])
            }
            let p = paragraph(&rng)
            count += p.reduce(0) { $0 + wordCount($1) }
            paragraphs.append(p)
        }
        return paragraphs
    }

    /// A short title, e.g. "Offene Datenplattform für Quartiere".
    static func title(_ rng: inout SplitMix64) -> String {
        var parts = [capitalized(rng.pick(adjectives)), compound(&rng)]
        if rng.chance(0.5) { parts += [rng.pick(prepositions), noun(&rng)] }
        return parts.joined(separator: " ")
    }

    /// Sentence words, plus a target word count in 100...1,500, skewed towards short bodies like real entries.
    static func bodyLength(_ rng: inout SplitMix64) -> Int {
        let u = Double(rng.next() >> 11) / Double(1 << 53)
        return 100 + Int(u * u * 1400)
    }

    static func wordCount(_ text: String) -> Int {
        text.utf8.reduce(1) { $0 + ($1 == UInt8(ascii: " ") ? 1 : 0) }
    }

    static func capitalized(_ word: String) -> String {
        word.prefix(1).uppercased() + word.dropFirst()
    }

    /// An id-safe slug: lowercase ASCII, umlauts spelt out, words joined by hyphens.
    static func slug(_ text: String, maxWords: Int = 3) -> String {
        var words: [String] = []
        for raw in text.split(separator: " ").prefix(maxWords) {
            var out = ""
            for c in raw.lowercased() {
                switch c {
                case "ä": out += "ae"
                case "ö": out += "oe"
                case "ü": out += "ue"
                case "ß": out += "ss"
                case "a"..."z", "0"..."9": out.append(c)
                default: break
                }
            }
            if !out.isEmpty { words.append(out) }
        }
        return words.joined(separator: "-")
    }
}
