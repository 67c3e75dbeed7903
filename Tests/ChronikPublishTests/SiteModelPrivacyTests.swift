import ChronikChangelog
import ChronikDiff
import ChronikStore
import Foundation
import GitKit
import Testing
@testable import ChronikPublish

/// A schema that marks values private at every depth: a top-level field, an item's member in a list, a member
/// reached through a local `$ref`, one through a `$ref` to another schema of the store, `additionalProperties`.
private let actorsSchema = """
{
  "$schema": "https://json-schema.org/draft/2020-12/schema",
  "$id": "https://chronik.example.org/schemas/test/actors.schema.json",
  "type": "object",
  "x-chronik-label": {"de": "Prozessakteure", "en": "Process actors"},
  "required": ["name"],
  "properties": {
    "name": {"type": "string", "x-chronik-label": {"de": "Name", "en": "Name"}},
    "kind": {"type": "string"},
    "role": {"type": "string"},
    "member_of": {"type": "array", "items": {"type": "string"}, "x-chronik-ref": "actors"},
    "website": {"type": "string"},
    "contact": {"type": "string", "x-chronik-private": true},
    "people": {"type": "array", "items": {"type": "object", "properties": {
      "name": {"type": "string"}, "phone": {"type": "string", "x-chronik-private": true}}}},
    "office": {"$ref": "#/$defs/office"},
    "extra": {"$ref": "shared.schema.json#/$defs/extra"},
    "notes": {"type": "object", "properties": {"public": {"type": "string"}},
              "additionalProperties": {"type": "string", "x-chronik-private": true}}
  },
  "$defs": {
    "office": {"type": "object", "properties": {"room": {"type": "string"}, "key_code": {"type": "string", "x-chronik-private": true}}}
  }
}
"""

private let sharedSchema = """
{
  "$id": "https://chronik.example.org/schemas/test/shared.schema.json",
  "$defs": {"extra": {"type": "object", "properties": {"deep": {"type": "object", "properties": {
    "secret": {"type": "string", "x-chronik-private": true}, "open": {"type": "string"}}}}}}
}
"""

private let plantedEntry = """
---
name: CityLAB Berlin (lab@citylab.example.org)
kind: Organisation
role: Koordination; Post an team@citylab.example.org
member_of:
  - technologiestiftung-berlin
website: https://citylab-berlin.org/
contact: SECRET-TOP-contact
people:
  - name: PUBLIC-PERSON
    phone: SECRET-ITEM-phone
office:
  room: PUBLIC-ROOM
  key_code: SECRET-DEF-keycode
extra:
  deep:
    secret: SECRET-REF-deep
    open: PUBLIC-DEEP
notes:
  public: PUBLIC-NOTE
  hidden: SECRET-OTHER-note
---
Das CityLAB Berlin. Schreiben Sie an <mailto:hallo@citylab.example.org> oder info@citylab.example.org.

## Kontakt

Telefon über zentrale@berlin.example.org.
"""

private let secrets = ["SECRET-", "@citylab.example.org", "@berlin.example.org", "@example.net"]

@Suite struct SiteModelPrivacyTests {
    @Test func plantedPrivateValuesAndEmailAddressesAreInNoPartOfTheModelOrItsDataFiles() throws {
        let (store, dir) = try sampleStore()
        defer { try? FileManager.default.removeItem(at: dir) }
        try store.writeFile("schemas/actors.schema.json", Data(actorsSchema.utf8))
        try store.writeFile("schemas/shared.schema.json", Data(sharedSchema.utf8))
        try store.writeFile("actors/citylab-berlin.md", Data(plantedEntry.utf8))
        _ = try store.commit(message: "Kontakte ergänzt (Rückfragen an redaktion@example.net)", author: testAuthor, committer: testAuthor)
        // A later version changes only private values and an address: nothing of it shows.
        try store.writeFile("actors/citylab-berlin.md", Data(plantedEntry.replacingOccurrences(of: "SECRET-TOP-contact", with: "SECRET-TOP-second")
            .replacingOccurrences(of: "info@citylab", with: "neu@citylab").utf8))
        _ = try store.commit(message: "Kontakt geändert", author: testAuthor, committer: testAuthor)

        let site = try buildSite(store)
        let dump = String(reflecting: site)
        // (Booleans, so that a failure names the value, not the whole model.)
        for secret in secrets {
            let leaked = dump.contains(secret)
            #expect(!leaked, "the model holds \(secret)")
        }
        // What is public stays (the test can fail: redaction does not simply drop everything).
        for open in ["PUBLIC-PERSON", "PUBLIC-ROOM", "PUBLIC-DEEP", "PUBLIC-NOTE", EmailRedaction.marker] {
            let kept = dump.contains(open)
            #expect(kept, "the model lost \(open)")
        }
        let entry = try #require(site.entry("actors", "citylab-berlin"))
        #expect(!entry.fields.contains { $0.key == "contact" })
        #expect(entry.title == "CityLAB Berlin (\(EmailRedaction.marker))")
        // The history shows the version that planted them, not the one that changed only private values.
        #expect(entry.history.first?.version.summary == "Kontakte ergänzt (Rückfragen an \(EmailRedaction.marker))")
        #expect(!site.collections.first { $0.name == "actors" }!.columns.contains { $0.key == "contact" })

        for base in [nil, "https://example.org/"] {
            let files = SiteData.files(site, options: SiteRenderOptions(baseURL: base))
            for (path, bytes) in files.files {
                let text = String(decoding: bytes, as: UTF8.self)
                for secret in secrets { #expect(!text.contains(secret), "\(path) holds \(secret)") }
            }
            let json = String(decoding: try #require(files.files[SitePaths.entryJSON("actors", "citylab-berlin")]), as: UTF8.self)
            #expect(json.contains("PUBLIC-ROOM") && json.contains("PUBLIC-DEEP"))
        }
        try expectFsck(store)
    }

    @Test func privateTitleFieldsFallBackToTheId() throws {
        let (store, dir) = try sampleStore()
        defer { try? FileManager.default.removeItem(at: dir) }
        let schema = actorsSchema.replacingOccurrences(of: "\"name\": {\"type\": \"string\", \"x-chronik-label\": {\"de\": \"Name\", \"en\": \"Name\"}}",
                                                       with: "\"name\": {\"type\": \"string\", \"x-chronik-private\": true}")
        #expect(schema != actorsSchema)
        try store.writeFile("schemas/actors.schema.json", Data(schema.utf8))
        try store.writeFile("schemas/shared.schema.json", Data(sharedSchema.utf8))
        try store.writeFile("actors/citylab-berlin.md", Data(plantedEntry.utf8))
        _ = try store.commit(message: "Namen privat", author: testAuthor, committer: testAuthor)
        let site = try buildSite(store)
        let dump = String(reflecting: site)
        let shown = dump.contains("CityLAB Berlin (")
        #expect(!shown, "the private title is in the model")
        for secret in secrets {
            let leaked = dump.contains(secret)
            #expect(!leaked, "the model holds \(secret)")
        }
        // The entry's title is its id where the title field is private; links to it show the id too.
        let entry = try #require(site.entry("actors", "citylab-berlin"))
        // The title is then the body's first heading (else the id): never the private value.
        #expect(entry.title == "Kontakt")
        #expect(site.entry("actors", "senatskanzlei")?.title == "senatskanzlei" || site.entry("actors", "senatskanzlei")?.title.isEmpty == false)
        // The title column stays (it shows the public title), its label no longer the private field's.
        let actors = try #require(site.collections.first { $0.name == "actors" })
        #expect(actors.columns.first?.key == "title")
        #expect(!actors.columns.contains { $0.key == "name" })
    }
}
