import ChronikStore
import Foundation
import OrderedCollections
import Testing

/// The slug behind `chronik new`'s ids and the suggestions of `new`, `release` and `mv` (issue 16).
@Suite("Authoring: slugs")
struct SlugTests {
    @Test(arguments: [
        ("Übersicht", "uebersicht"),
        ("Entwurf 2", "entwurf-2"),
        ("Straße der Ämter", "strasse-der-aemter"),
        ("ÖFFENTLICHE Größe", "oeffentliche-groesse"),
        ("Café Crème", "cafe-creme"),
        ("  --Hallo,  Welt!--  ", "hallo-welt"),
        ("Łódź – Ærø", "lodz-aero"),
        ("Smart City: Open Data (2022)", "smart-city-open-data-2022"),
        ("CON", "con-1"),
        ("nul", "nul-1"),
        ("Ambitionen zur Kommentierung", "ambitionen-zur-kommentierung"),
        ("a/b\\c..d", "a-b-c-d"),
    ])
    func examples(input: String, expected: String) {
        #expect(Slug.make(input) == expected)
    }

    @Test func decomposedUmlautsAreTransliteratedLikeComposedOnes() {
        // "Ü" written as U+0055 U+0308 (as macOS file names and some editors store it).
        #expect(Slug.make("U\u{0308}bersicht") == "uebersicht")
        #expect(Slug.make("Stra\u{00DF}e") == "strasse")
    }

    @Test func nothingLeftIsNil() {
        #expect(Slug.make("") == nil)
        #expect(Slug.make("—!?") == nil)
        #expect(Slug.make("東京") == nil)
    }

    @Test func longTitlesAreCutAtAWordWithinTheLimit() throws {
        let title = Array(repeating: "Beteiligung", count: 20).joined(separator: " ")
        let slug = try #require(Slug.make(title))
        #expect(slug.count <= PathRules.maxIDLength)
        #expect(!slug.hasSuffix("-"))
        #expect(slug.hasSuffix("beteiligung"))
        #expect(PathRules.problem(withID: slug) == nil)
    }

    /// Seeded random text: a slug is nil or a valid id, and a slug's slug is itself.
    @Test func everySlugIsAValidIdAndAFixedPoint() {
        let seed: UInt64 = 0x5106_16
        var random = SplitMix64(seed: seed)
        let alphabet = Array("aZ09 -_.,:/äöüÄÖÜßéèçñØøŁłæœ東\u{0301}\u{200B}\t\n~^[]")
        for _ in 0..<2_000 {
            let length = Int(random.next() % 130)
            let text = String((0..<length).map { _ in alphabet[Int(random.next() % UInt64(alphabet.count))] })
            guard let slug = Slug.make(text) else { continue }
            #expect(PathRules.problem(withID: slug) == nil, "seed \(seed): \(text.debugDescription) → \(slug)")
            #expect(Slug.make(slug) == slug, "seed \(seed): \(text.debugDescription)")
        }
    }

    @Test func firstFreeCountsFromTwo() {
        let taken: Set = ["forum", "forum-2"]
        #expect(Slug.firstFree("forum") { taken.contains($0) } == "forum-3")
        #expect(Slug.firstFree("werkstatt") { taken.contains($0) } == "werkstatt")
        let long = String(repeating: "x", count: 100)
        let free = Slug.firstFree(long) { $0 == long }
        #expect(free.count == 100 && free.hasSuffix("-2"))
    }
}

/// The entry template of `chronik new`, read from the Berlin sample's schemas.
@Suite("Authoring: entry templates from schemas")
struct EntryTemplateTests {
    /// The last version of the Berlin sample: its configuration and schemas.
    static func sample() throws -> (StoreConfig, [String: JSONValue]) {
        let last = try #require(SampleBerlin.snapshots.last)
        let config = try StoreConfig.parse(try #require(last.files[StoreConfig.fileName]))
        var schemas: [String: JSONValue] = [:]
        for collection in config.collections {
            let path = try #require(collection.schema)
            schemas[collection.name] = try JSONParser.parse(try #require(last.files[path]))
        }
        return (config, schemas)
    }

    /// For every collection and both languages: the template parses as an entry, holds every required field (in the
    /// schema's order, empty but for the title), no optional one (those are commented out), and names every field
    /// by label and key.
    @Test(arguments: StoreLanguage.allCases)
    func everySampleCollectionsTemplateParsesAndListsItsRequiredFields(language: StoreLanguage) throws {
        let (config, schemas) = try Self.sample()
        #expect(config.collections.count >= 7)
        for collection in config.collections {
            let schema = try #require(schemas[collection.name])
            guard case .object(let root) = schema, case .array(let requiredValues)? = root["required"],
                  case .object(let properties)? = root["properties"] else {
                Issue.record("\(collection.name): schema without required or properties"); continue
            }
            let required = requiredValues.compactMap { value -> String? in if case .string(let s) = value { return s }; return nil }
            let template = EntryTemplate(collection: collection, schema: schema, language: language)
            let text = template.render(titleField: collection.titleField, title: "Über: \"Daten\" # offen", messages: Messages.catalog(language))
            let document = try EntryDocument.parse(Data(text.utf8))
            #expect(Array(document.fields.keys) == required, "\(collection.name)")
            for key in required {
                if key == collection.titleField {
                    #expect(document.fields[key] == .string("Über: \"Daten\" # offen"), "\(collection.name).\(key)")
                } else {
                    #expect(document.fields[key] == .null, "\(collection.name).\(key)")
                }
            }
            for (key, _) in properties where !required.contains(key) {
                #expect(text.contains("\n#\(key):"), "\(collection.name): optional \(key) not offered")
            }
            for field in template.fields {
                #expect(text.contains("# \(field.label) (\(field.key))"), "\(collection.name): \(field.key) without its label")
            }
            #expect(template.fields.prefix(required.count).map(\.key) == required)
        }
    }

    @Test func labelsDescriptionsValuesAndExamplesInTheStoresLanguage() throws {
        let (config, schemas) = try Self.sample()
        let events = try #require(config.collection(named: "events"))
        let de = EntryTemplate(collection: events, schema: schemas["events"], language: .de)
            .render(titleField: "title", title: nil, messages: Messages.catalog(.de))
        #expect(de.contains("# Ende (end), Pflichtfeld: Letzter Tag; nicht vor dem Beginn.\n#   ein Datum JJJJ-MM-TT; nicht vor Beginn (start); Beispiel: 2026-03-01\nend:\n"))
        #expect(de.contains("#   erlaubte Werte: Online-Beteiligung, Workshop, Forum, Sitzung, Veranstaltung\nformat:\n"))
        let en = EntryTemplate(collection: events, schema: schemas["events"], language: .en)
            .render(titleField: "title", title: nil, messages: Messages.catalog(.en))
        #expect(en.contains("# End (end), required: Last day; not before the start.\n#   a date YYYY-MM-DD; not before Start (start); example: 2026-03-01\nend:\n"))
        #expect(en.contains("#results:\n#  - \n"))
    }

    @Test func enumLabelsPrivateFieldsReferencesAndDefinitions() throws {
        let schema = try JSONParser.parse(#"""
            {"type": "object", "required": ["status", "owner"],
             "$defs": {"person": {"type": "string", "x-chronik-ref": "actors", "description": "Wer. / Who."}},
             "properties": {
               "status": {"type": "string", "enum": ["laufend", "beendet"],
                          "x-chronik-enum-labels": {"laufend": {"de": "läuft", "en": "ongoing"}}},
               "owner": {"$ref": "#/$defs/person", "x-chronik-label": {"de": "Verantwortlich", "en": "Owner"}},
               "contact": {"type": "string", "format": "email", "x-chronik-private": true},
               "budget": {"type": "integer", "minimum": 0},
               "note": {"type": "string", "description": "Zeile eins\nzweite: Zeile"}
             }}
            """#)
        let collection = CollectionConfig(name: "projects", schema: "schemas/projects.schema.json")
        let text = EntryTemplate(collection: collection, schema: schema, language: .en)
            .render(titleField: nil, title: nil, messages: Messages.catalog(.en))
        #expect(text.contains("#   allowed values: laufend (ongoing), beendet\nstatus:\n"))
        #expect(text.contains("# Owner (owner), required: Who.\n#   the id of an entry of \"actors\"\nowner:\n"))
        #expect(text.contains("#   an e-mail address; private: never appears in public output\n#contact:\n"))
        #expect(text.contains("#   a whole number of at least 0; example: 0\n#budget:\n"))
        // A line break in a description stays inside the comment.
        #expect(text.contains("# note (note): Zeile eins zweite: Zeile\n#note:\n"))
        let document = try EntryDocument.parse(Data(text.utf8))
        #expect(Array(document.fields.keys) == ["status", "owner"])
    }

    @Test func aCollectionWithoutSchemaGetsItsTitleField() throws {
        let collection = CollectionConfig(name: "notes", titleField: "title")
        let text = EntryTemplate(collection: collection, schema: nil, language: .de)
            .render(titleField: "title", title: "Notiz", messages: Messages.catalog(.de))
        let document = try EntryDocument.parse(Data(text.utf8))
        #expect(document.fields == ["title": .string("Notiz")])
    }
}
