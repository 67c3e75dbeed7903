import Foundation
import Testing
@testable import ChronikStore

@Suite("chronik.yml")
struct StoreConfigTests {
    func parse(_ text: String) throws(StoreConfigError) -> StoreConfig {
        try StoreConfig.parse(Data(text.utf8))
    }

    @Test func parsesTheDocumentedExample() throws {
        let config = try parse("""
            title: Berlin lebenswert smart – Wissensspeicher
            language: de            # de or en
            collections:
              actors:
                schema: schemas/actors.schema.json
                title_field: name
                label: {de: Prozessakteure, en: Process actors}
              faq:
                label: FAQ
              events:

            """)
        #expect(config.title == "Berlin lebenswert smart – Wissensspeicher")
        #expect(config.language == .de)
        #expect(config.collections.map(\.name) == ["actors", "faq", "events"])
        #expect(config.collections[0] == CollectionConfig(
            name: "actors", schema: "schemas/actors.schema.json", titleField: "name",
            label: ["de": "Prozessakteure", "en": "Process actors"]))
        #expect(config.collections[1].label == ["de": "FAQ"])
        #expect(config.collections[0].label(in: .en) == "Process actors")
        #expect(config.collections[2].label(in: .de) == "events")
    }

    @Test func writtenConfigReadsBackTheSame() throws {
        let config = StoreConfig(
            title: "Titel: mit Doppelpunkt, \"Zitat\" und # Raute", language: .en,
            collections: DefaultStore.collections + [CollectionConfig(name: "notes", label: ["de": "Notizen, lose", "en": "yes"])])
        let text = config.yaml()
        #expect(try parse(text) == config)
        #expect(text.contains("label: {de: \"Notizen, lose\", en: \"yes\"}"))
    }

    @Test func releasesSelectTags() throws {
        let config = try parse("title: T\ncollections:\n  a: {}\nreleases:\n  tags: [\"v*\", \"release-*\"]\n  exclude: \"*-rc*\"\n")
        #expect(config.releases == ReleaseTagConfig(tags: ["v*", "release-*"], exclude: ["*-rc*"]))
        #expect(try parse(config.yaml()) == config)
        #expect(try parse("title: T\ncollections:\n  a: {}\n").releases == ReleaseTagConfig())
    }

    @Test(arguments: [
        ("releases: x\n", 4 as Int?, "\"releases\" must be a mapping, e.g. {tags: [\"v*\"], exclude: [\"*-rc*\"]}"),
        ("releases:\n  tags: 3\n", 5, "\"tags\" must be a list of tag patterns, e.g. [\"v*\"]"),
        ("releases:\n  only: [v*]\n", 5, "unknown releases setting \"only\" (known: tags, exclude)"),
        ("releases:\n  exclude: [\"\"]\n", 5, "a tag pattern must be a non-empty text without control characters"),
    ])
    func releaseErrorsNameTheLine(tail: String, line: Int?, message: String) {
        #expect {
            _ = try parse("title: T\ncollections:\n  a: {}\n" + tail)
        } throws: { error in
            guard let error = error as? StoreConfigError else { return false }
            return error.message == message && error.line == line
        }
        #expect(throws: StoreConfigError.self) { _ = try parse("title: T\ncollections:\n  a: {}\nreleases:\n  tags: [1]\n") }
    }

    @Test(arguments: [
        ("language: de\ncollections:\n  a: {}\n", nil as Int?, "\"title\" must be a non-empty text"),
        ("title: T\nlanguage: fr\ncollections:\n  a: {}\n", 2, "\"language\" must be de or en"),
        ("title: T\ncollections: []\n", 2, "\"collections\" must map each collection name to its settings"),
        ("title: T\ncollections:\n  Actors: {}\n", 3, "collection \"Actors\": must start with a lowercase letter"),
        ("title: T\ncollections:\n  schemas: {}\n", 3, "collection \"schemas\": \"schemas\" is reserved"),
        ("title: T\ncollections:\n  a:\n    schema: ../etc/passwd\n", 4, "\"schema\" must name a .json file in schemas/, e.g. schemas/a.schema.json"),
        ("title: T\ncollections:\n  a:\n    colour: red\n", 4, "unknown collection setting \"colour\" (known: schema, title_field, label)"),
        ("title: T\nthemes: x\ncollections:\n  a: {}\n", 2, "unknown setting \"themes\" (known: title, language, collections, releases, public_url, site, attachments)"),
        ("title: T\ncollections:\n  a: [1]\n", 3, "the settings of collection \"a\" must be a mapping"),
    ])
    func errorsNameTheLine(text: String, line: Int?, message: String) {
        #expect {
            _ = try parse(text)
        } throws: { error in
            guard let error = error as? StoreConfigError else { return false }
            return error.message == message && error.line == line
        }
    }

    @Test func yamlErrorsKeepTheFilesOwnLineNumbers() {
        #expect {
            _ = try parse("title: T\ncollections:\n  a: {}\n  b: !!python/object:os.system x\n")
        } throws: { error in
            (error as? StoreConfigError)?.line == 4
        }
        #expect {
            _ = try parse("---\ntitle: T\ncollections: {a: {}}\n---\nmore: x\n")
        } throws: { error in
            (error as? StoreConfigError)?.line == 4
        }
    }
}

@Suite("JSON output encoding")
struct JSONValueEncoderTests {
    struct Sample: Encodable {
        var zeta = "z"
        var alpha: Int? = nil
        var list = [EntryChange(kind: .renamed, entry: EntryID(collection: "glossary", id: "b"), from: EntryID(collection: "glossary", id: "a"))]
        var when = Timestamp(iso8601: "2022-03-01T10:00:00+01:00")
        var value = JSONValue.object(["b": .number(JSONNumber(literal: "1.10")!), "a": .bool(true)])
    }

    @Test func keepsDeclarationOrderAndLiterals() throws {
        let text = try JSONValueEncoder().text(Sample())
        #expect(text == """
            {
              "zeta": "z",
              "list": [
                {
                  "kind": "renamed",
                  "entry": {
                    "collection": "glossary",
                    "id": "b",
                    "path": "glossary/b.md"
                  },
                  "from": {
                    "collection": "glossary",
                    "id": "a",
                    "path": "glossary/a.md"
                  }
                }
              ],
              "when": "2022-03-01T10:00:00+01:00",
              "value": {
                "b": 1.10,
                "a": true
              }
            }

            """)
    }
}
