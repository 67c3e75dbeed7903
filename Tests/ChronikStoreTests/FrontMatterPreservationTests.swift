import Foundation
import OrderedCollections
import Testing
@testable import ChronikStore

@Suite("FrontMatter formatting preservation")
struct FrontMatterPreservationTests {
    static let original = """
        ---
        # Entry of the Berlin smart city strategy
        id:   ziel-01        # the entry's id
        title: 'Gemeinsam digital: Berlin'
        status: "draft"
        tags: [mobilität, verwaltung,   "daten"]

        # People who wrote it
        authors:
          - name: Ada
            role: lead
          - {name: "Bürger:innen", role: review}
        version: 1.10
        notes: |
          Erste Zeile.
          Zweite Zeile.
        ---
        # Gemeinsam digital

        Text mit ß.

        """

    @Test(arguments: [LineEnding.lf, .crlf])
    func unchangedDocumentIsByteIdentical(lineEnding: LineEnding) throws {
        let text = lineEnding == .lf ? Self.original : Self.original.replacingOccurrences(of: "\n", with: "\r\n")
        let data = Data(text.utf8)
        let document = try EntryDocument.parse(data)
        #expect(document.lineEnding == lineEnding)
        #expect(document.serialized(preservingFormatOf: data) == data)
    }

    @Test(arguments: [LineEnding.lf, .crlf])
    func changingOneFieldKeepsTheOthersByteIdentical(lineEnding: LineEnding) throws {
        let nl = lineEnding == .lf ? "\n" : "\r\n"
        let text = lineEnding == .lf ? Self.original : Self.original.replacingOccurrences(of: "\n", with: "\r\n")
        var document = try EntryDocument.parse(Data(text.utf8))
        document.fields["status"] = .string("published")
        let output = String(decoding: document.serialized(preservingFormatOf: Data(text.utf8)), as: UTF8.self)
        let expected = text.replacingOccurrences(of: "status: \"draft\"" + nl, with: "status: published" + nl)
        #expect(output == expected)
        #expect(try EntryDocument.parse(Data(output.utf8)) == document)
    }

    @Test func changedFieldKeepsItsCommentsAndRemovedAndNewFieldsAreHandled() throws {
        let data = Data(Self.original.utf8)
        var document = try EntryDocument.parse(data)
        document.fields["authors"] = .array([.object(["name": .string("Ada")])])
        document.fields["tags"] = nil
        document.fields["reviewed"] = .bool(false)
        let output = String(decoding: document.serialized(preservingFormatOf: data), as: UTF8.self)
        #expect(output == """
            ---
            # Entry of the Berlin smart city strategy
            id:   ziel-01        # the entry's id
            title: 'Gemeinsam digital: Berlin'
            status: "draft"
            # People who wrote it
            authors:
              - name: Ada
            version: 1.10
            notes: |
              Erste Zeile.
              Zweite Zeile.
            reviewed: false
            ---
            # Gemeinsam digital

            Text mit ß.

            """)
        #expect(try EntryDocument.parse(Data(output.utf8)) == document)
    }

    @Test func changedBodyKeepsTheFrontMatter() throws {
        let data = Data(Self.original.utf8)
        var document = try EntryDocument.parse(data)
        document.body = "Neu.\n"
        let output = String(decoding: document.serialized(preservingFormatOf: data), as: UTF8.self)
        #expect(output == Self.original.components(separatedBy: "---\n# Gemeinsam")[0] + "---\nNeu.\n")
    }

    @Test func keptAliasToAChangedAnchorFallsBackToFreshOutput() throws {
        let text = "---\nbase: &b [1, 2]\ncopy: *b\n---\n"
        var document = try EntryDocument.parse(Data(text.utf8))
        document.fields["base"] = .array([.number(JSONNumber(3))])
        let output = document.serialized(preservingFormatOf: Data(text.utf8))
        #expect(try EntryDocument.parse(output) == document)
        #expect(String(decoding: output, as: UTF8.self) == "---\nbase:\n  - 3\ncopy:\n  - 1\n  - 2\n---\n")
    }

    @Test func freshOutputFollowsTheWritingRules() {
        var fields = OrderedDictionary<String, JSONValue>()
        fields["title"] = .string("Bürger:innen 🚲")
        fields["flag"] = .string("yes")
        fields["code"] = .string("012")
        fields["date"] = .string("2022-03-01")
        fields["on"] = .string("no")
        fields["version"] = .number(JSONNumber(literal: "1.10")!)
        fields["colon"] = .string("a: b")
        fields["hash"] = .string("a #b")
        fields["lead"] = .string(" x")
        fields["text"] = .string("Zeile 1\nZeile 2\n")
        fields["strip"] = .string("ohne\nUmbruch")
        fields["keep"] = .string("a\n\n")
        fields["indented"] = .string("  eingerückt\nx")
        fields["control"] = .string("bell\u{7}\u{2028}")
        fields["empty"] = .array([])
        fields["map"] = .object([:])
        fields["nothing"] = .null
        fields["people"] = .array([.object(["name": .string("Ada"), "tags": .array([.string("a")])]), .array([.bool(true)])])
        let document = EntryDocument(fields: fields, body: "Body\n")
        let text = String(decoding: document.serialized(), as: UTF8.self)
        #expect(text == """
            ---
            title: Bürger:innen 🚲
            flag: "yes"
            code: "012"
            date: "2022-03-01"
            "on": "no"
            version: 1.10
            colon: "a: b"
            hash: "a #b"
            lead: " x"
            text: |
              Zeile 1
              Zeile 2
            strip: |-
              ohne
              Umbruch
            keep: |+
              a

            indented: |2-
                eingerückt
              x
            control: "bell\\a\\L"
            empty: []
            map: {}
            nothing: null
            people:
              - name: Ada
                tags:
                  - a
              - - true
            ---
            Body

            """)
        #expect((try? EntryDocument.parse(Data(text.utf8))) == document)
    }
}
