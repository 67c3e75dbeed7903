import Foundation
import OrderedCollections
import Testing
@testable import ChronikStore

private func parse(_ text: String, limits: FrontMatterLimits = .init()) throws(FrontMatterError) -> EntryDocument {
    let document = try EntryDocument.parse(Data(text.utf8), limits: limits)
    // Reading the fields alone gives the same fields and locations.
    let fields = try EntryDocument.parseFields(Array(text.utf8), limits: limits)
    #expect(fields.fields == document.fields)
    #expect(fields.locations == document.locations)
    return document
}

private func expectError(_ expected: FrontMatterError, _ text: String, limits: FrontMatterLimits = .init(),
                         sourceLocation: Testing.SourceLocation = #_sourceLocation) {
    expectError(expected, Data(text.utf8), limits: limits, sourceLocation: sourceLocation)
}

private func expectError(_ expected: FrontMatterError, _ data: Data, limits: FrontMatterLimits = .init(),
                         sourceLocation: Testing.SourceLocation = #_sourceLocation) {
    do {
        let document = try EntryDocument.parse(data, limits: limits)
        Issue.record("expected \(expected), got a document with \(document.fields.count) fields", sourceLocation: sourceLocation)
    } catch {
        #expect(error == expected, sourceLocation: sourceLocation)
        #expect(!error.description.isEmpty, sourceLocation: sourceLocation)
    }
    // Reading the fields alone fails the same way.
    do {
        let fields = try EntryDocument.parseFields([UInt8](data), limits: limits)
        Issue.record("expected \(expected) from parseFields, got \(fields.fields.count) fields", sourceLocation: sourceLocation)
    } catch {
        #expect(error == expected, sourceLocation: sourceLocation)
    }
}

@Suite("FrontMatter reading")
struct FrontMatterReadingTests {
    @Test func readsFieldsBodyAndLocations() throws {
        let text = """
            ---
            title: Smart City Strategie
            status: draft
            authors:
              - name: Ada
              - name: Bürger:innen
            ---
            # Body

            Text.

            """
        let document = try parse(text)
        #expect(Array(document.fields.keys) == ["title", "status", "authors"])
        #expect(document.fields["title"] == .string("Smart City Strategie"))
        #expect(document.fields["authors"]?.arrayValue?[1]["name"] == .string("Bürger:innen"))
        #expect(document.body == "# Body\n\nText.\n")
        #expect(document.lineEnding == .lf)
        #expect(document.locations[""] == SourceLocation(line: 2, column: 1))
        #expect(document.locations["/title"] == SourceLocation(line: 2, column: 8))
        #expect(document.locations["/status"] == SourceLocation(line: 3, column: 9))
        #expect(document.locations["/authors/0"] == SourceLocation(line: 5, column: 5))
        #expect(document.locations["/authors/1/name"] == SourceLocation(line: 6, column: 11))
    }

    @Test func emptyBodyAndEmptyFrontMatter() throws {
        #expect(try parse("---\na: 1\n---\n").body == "")
        #expect(try parse("---\na: 1\n---").body == "")
        let empty = try parse("---\n---\nText\n")
        #expect(empty.fields.isEmpty)
        #expect(empty.body == "Text\n")
        #expect(try parse("---\n# only a comment\n---\n").fields.isEmpty)
    }

    @Test func yamlTrapsStayWhatTheyLookLike() throws {
        let document = try parse("""
            ---
            title: no
            version: 1.10
            code: 012
            date: 2022-03-01
            time: 2022-03-01T10:00:00Z
            flag: yes
            on: x
            hex: 0x1F
            octal: 0o17
            big: 1_000
            inf: .inf
            nan: .nan
            t: true
            T: True
            f: FALSE
            n: null
            tilde: ~
            empty:
            quoted: "true"
            single: '12'
            int: 12
            neg: -3
            exp: 1e3
            1: one
            true: key
            y: n
            ---

            """)
        let f = document.fields
        #expect(f["title"] == .string("no"))
        #expect(f["version"] == .number(JSONNumber(literal: "1.10")!))
        if case .number(let n)? = f["version"] { #expect(n.literal == "1.10") }
        #expect(f["code"] == .string("012"))
        #expect(f["date"] == .string("2022-03-01"))
        #expect(f["time"] == .string("2022-03-01T10:00:00Z"))
        #expect(f["flag"] == .string("yes"))
        #expect(f["on"] == .string("x"))
        #expect(f["hex"] == .string("0x1F"))
        #expect(f["octal"] == .string("0o17"))
        #expect(f["big"] == .string("1_000"))
        #expect(f["inf"] == .string(".inf"))
        #expect(f["nan"] == .string(".nan"))
        #expect(f["t"] == .bool(true))
        #expect(f["T"] == .bool(true))
        #expect(f["f"] == .bool(false))
        #expect(f["n"] == .null)
        #expect(f["tilde"] == .null)
        #expect(f["empty"] == .null)
        #expect(f["quoted"] == .string("true"))
        #expect(f["single"] == .string("12"))
        #expect(f["int"] == .number(JSONNumber(12)))
        #expect(f["neg"] == .number(JSONNumber(-3)))
        #expect(f["exp"] == .number(JSONNumber(literal: "1e3")!))
        #expect(f["1"] == .string("one"))
        #expect(f["true"] == .string("key"))
        #expect(f["y"] == .string("n"))
    }

    @Test func explicitTagsAreHonouredAndValidated() throws {
        let document = try parse("""
            ---
            a: !!str 12
            b: !!int 12
            c: !!float 1.5
            d: !!bool true
            e: !!null null
            f: !!seq [1]
            g: !!map {x: 1}
            h: !!str yes
            ---

            """)
        #expect(document.fields["a"] == .string("12"))
        #expect(document.fields["b"] == .number(JSONNumber(12)))
        #expect(document.fields["c"] == .number(JSONNumber(literal: "1.5")!))
        #expect(document.fields["d"] == .bool(true))
        #expect(document.fields["e"] == .null)
        #expect(document.fields["f"] == .array([.number(JSONNumber(1))]))
        #expect(document.fields["g"] == .object(["x": .number(JSONNumber(1))]))
        #expect(document.fields["h"] == .string("yes"))
        expectError(.invalidTaggedValue(tag: "!!int", value: "abc", line: 2, column: 4), "---\na: !!int abc\n---\n")
        expectError(.invalidTaggedValue(tag: "!!int", value: "1.5", line: 2, column: 4), "---\na: !!int 1.5\n---\n")
        expectError(.invalidTaggedValue(tag: "!!bool", value: "yes", line: 2, column: 4), "---\na: !!bool yes\n---\n")
    }

    @Test func unsupportedTags() {
        expectError(.unsupportedTag(tag: "!!python/object:os.system", line: 2, column: 4),
                    "---\na: !!python/object:os.system [ls]\n---\n")
        expectError(.unsupportedTag(tag: "!foo", line: 3, column: 4), "---\nok: 1\nb: !foo x\n---\n")
        expectError(.unsupportedTag(tag: "!!binary", line: 2, column: 4), "---\na: !!binary aGVsbG8=\n---\n")
        expectError(.unsupportedTag(tag: "!!timestamp", line: 2, column: 4), "---\na: !!timestamp 2022-03-01\n---\n")
        expectError(.unsupportedTag(tag: "!!set", line: 2, column: 4), "---\na: !!set {x: null}\n---\n")
        expectError(.unsupportedTag(tag: "!!omap", line: 2, column: 4), "---\na: !!omap [x: 1]\n---\n")
    }

    @Test func keysMustBeScalars() {
        expectError(.nonScalarKey(line: 2, column: 1), "---\n[]: x\n---\n")
        expectError(.nonScalarKey(line: 3, column: 1), "---\na: 1\n{a: 1}: x\n---\n")
        expectError(.nonScalarKey(line: 2, column: 1), "---\n? [a]: b\n---\n")
        expectError(.nonScalarKey(line: 2, column: 1), "---\n? [a]\n: b\n---\n")
        expectError(.nonScalarKey(line: 3, column: 1), "---\na: &x y\n*x : z\n---\n")
        expectError(.nonScalarKey(line: 2, column: 5), "---\na: {[1]: 2}\n---\n")
    }

    @Test func explicitScalarKeysAreFine() throws {
        #expect(try parse("---\n? a\n: b\n? \"c d\"\n: e\n---\n").fields == ["a": .string("b"), "c d": .string("e")])
    }

    @Test func mergeKeysAreRefused() {
        expectError(.mergeKey(line: 4, column: 3), "---\nbase: &b {x: 1}\nother:\n  <<: *b\n  y: 2\n---\n")
        #expect((try? parse("---\n\"<<\": 1\n---\n"))?.fields["<<"] == .number(JSONNumber(1)))
    }

    @Test func duplicateKeys() {
        expectError(.duplicateKey(key: "a", line: 2, column: 1), "---\na: 1\nb: 2\na: 3\n---\n")
        expectError(.duplicateKey(key: "1", line: 2, column: 1), "---\n1: x\n\"1\": y\n---\n")
        expectError(.duplicateKey(key: "k", line: 3, column: 3), "---\nm:\n  k: 1\n  'k': 2\n---\n")
    }

    @Test func missingAndUnterminatedFrontMatter() {
        expectError(.missingFrontMatter, "# Just Markdown\n")
        expectError(.missingFrontMatter, "")
        expectError(.missingFrontMatter, "--- \na: 1\n---\n")
        expectError(.missingFrontMatter, "\n---\na: 1\n---\n")
        expectError(.unterminated(line: 1), "---\na: 1\nbody\n")
        expectError(.unterminated(line: 1), "---")
        expectError(.unterminated(line: 1), "---\na: 1\n...\nbody\n")
    }

    @Test func malformedYAML() {
        expectError(.malformedYAML(line: 3, column: 3, message: "mapping values are not allowed in this context"),
                    "---\na: b\n c: d\n---\n")
        do {
            _ = try parse("---\na: [1, 2\n---\n")
            Issue.record("expected an error")
        } catch {
            guard case .malformedYAML(let line, _, _) = error else { Issue.record("got \(error)"); return }
            #expect(line >= 2)
        }
        do {
            _ = try parse("---\na: *nowhere\n---\n")
            Issue.record("expected an error")
        } catch {
            guard case .malformedYAML(let line, _, _) = error else { Issue.record("got \(error)"); return }
            #expect(line == 2)
        }
    }

    @Test func frontMatterMustBeAMapping() {
        expectError(.notAMapping(line: 2, found: "a list"), "---\n- a\n- b\n---\n")
        expectError(.notAMapping(line: 2, found: "a single value"), "---\njust text\n---\n")
    }

    @Test func byteLevelChecks() {
        expectError(.byteOrderMark, Data([0xEF, 0xBB, 0xBF] + Array("---\na: 1\n---\n".utf8)))
        expectError(.invalidUTF8(line: 3), Data(Array("---\na: 1\nb: ".utf8) + [0xC3, 0x28] + Array("\n---\n".utf8)))
        expectError(.invalidUTF8(line: 4), Data(Array("---\na: 1\n---\n".utf8) + [0xFF]))
        expectError(.nulByte(line: 2), Data(Array("---\na: x".utf8) + [0] + Array("\n---\n".utf8)))
        expectError(.nulByte(line: 5), Data(Array("---\na: 1\n---\nbody\n".utf8) + [0]))
    }

    @Test func crlfIsAcceptedAndPreserved() throws {
        let text = "---\r\ntitle: Straße\r\nlist:\r\n  - a\r\n---\r\nBody\r\nline 2\r\n"
        let document = try parse(text)
        #expect(document.lineEnding == .crlf)
        #expect(document.fields["title"] == .string("Straße"))
        #expect(document.fields["list"] == .array([.string("a")]))
        #expect(document.body == "Body\r\nline 2\r\n")
        #expect(document.locations["/list/0"] == SourceLocation(line: 4, column: 5))
        #expect(document.serialized(preservingFormatOf: Data(text.utf8)) == Data(text.utf8))
        let fresh = String(decoding: document.serialized(), as: UTF8.self)
        #expect(fresh == "---\r\ntitle: Straße\r\nlist:\r\n  - a\r\n---\r\nBody\r\nline 2\r\n")
    }

    @Test func sizeCaps() {
        let big = "---\nx: \"" + String(repeating: "a", count: 300 * 1024) + "\"\n---\n"
        let bytes = big.utf8.count - 8
        expectError(.frontMatterTooLarge(bytes: bytes, limit: 262_144), big)
        let huge = "---\na: 1\n---\n" + String(repeating: "b", count: 1_048_576)
        expectError(.fileTooLarge(bytes: huge.utf8.count, limit: 1_048_576), huge)
    }

    @Test func aliasBombHitsTheNodeBudgetQuickly() {
        // The classic "billion laughs": nine levels of nine aliases, ~400 bytes, 9^9 nodes when expanded.
        var yaml = "a: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n"
        var previous = "a"
        for name in ["b", "c", "d", "e", "f", "g", "h", "i"] {
            yaml += "\(name): &\(name) [" + Array(repeating: "*\(previous)", count: 9).joined(separator: ",") + "]\n"
            previous = name
        }
        let text = "---\n" + yaml + "---\n"
        #expect(text.utf8.count < 450)
        do {
            _ = try parse(text)
            Issue.record("the alias bomb was accepted")
        } catch {
            guard case .tooManyNodes(_, let limit) = error else { Issue.record("got \(error)"); return }
            #expect(limit == 10_000)
        }
    }

    @Test func aliasBombAsKeyIsRefusedBeforeYamsHashesIt() {
        var yaml = "a: &a [x,x,x,x,x,x,x,x,x]\n"
        var previous = "a"
        for name in ["b", "c", "d", "e", "f", "g", "h"] {
            yaml += "\(name): &\(name) [" + Array(repeating: "*\(previous)", count: 9).joined(separator: ",") + "]\n"
            previous = name
        }
        expectError(.nonScalarKey(line: 10, column: 1), "---\n" + yaml + "*h : x\n---\n")
        expectError(.nonScalarKey(line: 10, column: 1), "---\n" + yaml + "? *h\n: x\n---\n")
        expectError(.nonScalarKey(line: 10, column: 5), "---\n" + yaml + "x: {[*h]: 1}\n---\n")
        expectError(.nonScalarKey(line: 10, column: 5), "---\n" + yaml + "x: {*h : 1}\n---\n")
    }

    @Test func aliasesWithinBudgetAreResolved() throws {
        let document = try parse("---\nbase: &b [1, 2]\ncopy: *b\n---\n")
        #expect(document.fields["copy"] == .array([.number(JSONNumber(1)), .number(JSONNumber(2))]))
        #expect(document.locations["/copy"] == SourceLocation(line: 2, column: 7))
    }

    @Test func deepFlowNestingIsRefusedWithoutCrashing() {
        let depth = 100_000
        let text = "---\na: " + String(repeating: "[", count: depth) + String(repeating: "]", count: depth) + "\n---\n"
        expectError(.tooDeep(line: 2, limit: 64), text)
        let maps = "---\na: " + String(repeating: "{a: ", count: 40_000) + "1" + String(repeating: "}", count: 40_000) + "\n---\n"
        expectError(.tooDeep(line: 2, limit: 64), maps)
    }

    @Test func deepBlockNestingIsRefusedWithoutCrashing() {
        // 100,000 levels of compact block lists on one line.
        expectError(.tooDeep(line: 3, limit: 64), "---\na:\n" + String(repeating: "- ", count: 100_000) + "x\n---\n")
        // Indentation style: as deep as fits under the front matter cap.
        var text = "---\n"
        for level in 0..<700 { text += String(repeating: " ", count: level) + "k:\n" }
        text += "---\n"
        do {
            _ = try parse(text)
            Issue.record("deep indentation was accepted")
        } catch {
            guard case .tooDeep(_, 64) = error else { Issue.record("got \(error)"); return }
        }
    }

    @Test func depthJustOverTheLimitIsCaughtByTheWalk() throws {
        var limits = FrontMatterLimits()
        limits.maxDepth = 3
        #expect(try parse("---\na: [[1]]\n---\n", limits: limits).fields.count == 1)
        expectError(.tooDeep(line: 2, limit: 3), "---\na: [[[1]]]\n---\n", limits: limits)
        expectError(.tooDeep(line: 3, limit: 3), "---\na:\n  - - b: 1\n      c:\n        - 2\n---\n", limits: limits)
    }

    @Test func longFlowLinesAreScannedInLinearTime() {
        let text = "---\na: [" + Array(repeating: "[]", count: 60_000).joined(separator: ",") + "]\n---\n"
        expectError(.tooManyNodes(line: 2, limit: 10_000), text)
    }

    @Test func tooManyKeys() {
        var text = "---\n"
        for index in 0..<20_000 { text += "k\(index): 1\n" }
        text += "---\n"
        expectError(.tooManyKeys(line: 2, limit: 1_000), text)
    }

    @Test func errorsHaveLinesAndReadableMessages() {
        let error = FrontMatterError.duplicateKey(key: "status", line: 4, column: 1)
        #expect(error.line == 4)
        #expect(error.description.contains("status"))
        #expect(error.description.contains("4"))
        #expect(FrontMatterError.byteOrderMark.description.contains("without BOM"))
        #expect(FrontMatterError.missingFrontMatter.line == nil)
    }
}
