import Foundation
import Testing
@testable import ChronikStore

/// Inputs the fuzz targets (Sources/Fuzz, docs/fuzzing.md) found crashing or breaking an invariant, each also kept in
/// the target's seed corpus under Tests/FuzzCorpus.
@Suite("Fuzz regressions: front matter")
struct FrontMatterFuzzRegressionTests {
    /// front-matter crash-f95a3a60: libyaml counts a lone CR as a line break, so the line of a key after lone CRs was
    /// past the front matter's LF lines and writing back with the original's format indexed out of range.
    @Test func loneCarriageReturnsBeforeAKeyWriteBack() throws {
        let data = Data("---\n".utf8 + Array(repeating: 0x0D, count: 41) + "~:\n- x{::}:}1 \n---\n".utf8)
        let document = try EntryDocument.parse(data)
        let written = document.serialized(preservingFormatOf: data)
        #expect(try EntryDocument.parse(written) == document)
    }

    @Test func otherYAMLLineBreaksBeforeAKeyWriteBack() throws {
        for lineBreak in ["\r", "\u{85}", "\u{2028}", "\u{2029}"] {
            let data = Data(("---\n# a" + String(repeating: lineBreak, count: 5) + "\ntitle: x\nstatus: draft\n---\nBody\n").utf8)
            let document = try EntryDocument.parse(data)
            var changed = document
            changed.fields["status"] = .string("final")
            let written = changed.serialized(preservingFormatOf: data)
            #expect(try EntryDocument.parse(written) == changed, "\(Array(lineBreak.unicodeScalars))")
        }
    }

    /// front-matter crash-4acb4661: two explicit keys that are mappings (`? Ya:` with a nested list), each twice.
    /// The pre-scan let them through to Yams, whose duplicate-key error names the first of its duplicates in a
    /// hash order, so `parse` and `parseFields` of the same bytes reported line 2 and line 4.
    @Test func explicitKeysThatAreMappingsAreRefusedTheSameWayEveryTime() {
        let text = "---\n? Ya:\n  - - b:---\n? Ya --   :\nb: Z\n? Ya:\n  - - b:---\n? Ya --   :\nb: Z\n---\n"
        for _ in 0..<20 {
            #expect(throws: FrontMatterError.nonScalarKey(line: 2, column: 1)) { try EntryDocument.parse(Data(text.utf8)) }
            #expect(throws: FrontMatterError.nonScalarKey(line: 2, column: 1)) { try EntryDocument.parseFields(Array(text.utf8)) }
        }
        #expect(throws: FrontMatterError.nonScalarKey(line: 4, column: 3)) { try EntryDocument.parse(Data("---\na: 1\nb:\n  ? 'k': v\n---\n".utf8)) }
        // A scalar explicit key stays a key, with a colon inside quotes or after a comment.
        #expect((try? EntryDocument.parse(Data("---\n? 'a: b'\n: c\n? d # e: f\n: g\n---\n".utf8)))?.fields.keys.elementsEqual(["a: b", "d"]) == true)
    }

    /// front-matter crash-8743475f: `?` followed by lone CRs and `-` is, for libyaml, an explicit key that is a list
    /// (a lone CR is a line break); the pre-scan saw one line and let it through, and Yams' duplicate-key error named
    /// its duplicates in a hash order. Lone CRs are now line breaks for the pre-scan too.
    @Test func anExplicitKeyAfterLoneCarriageReturnsIsRefusedTheSameWayEveryTime() {
        let text = "---\n? \r- a\n? \r- a\n---\n"
        for _ in 0..<20 {
            #expect(throws: FrontMatterError.nonScalarKey(line: 2, column: 1)) { try EntryDocument.parse(Data(text.utf8)) }
            #expect(throws: FrontMatterError.nonScalarKey(line: 2, column: 1)) { try EntryDocument.parseFields(Array(text.utf8)) }
        }
    }
}
