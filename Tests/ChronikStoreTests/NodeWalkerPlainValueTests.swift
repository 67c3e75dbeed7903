@testable import ChronikStore
import Testing

/// `NodeWalker.plainValue` types short texts by their bytes (`asciiForm`) instead of looking them up in the sets of
/// the boolean and null forms; the sets, with `String ==`, are the reference.
@Suite("Plain scalars typed by their bytes")
struct NodeWalkerPlainValueTests {
    static func reference(_ text: String) -> JSONValue {
        if text.utf8.count <= 5 {
            if NodeWalker.trueForms.contains(text) { return .bool(true) }
            if NodeWalker.falseForms.contains(text) { return .bool(false) }
            if NodeWalker.nullForms.contains(text) { return .null }
        }
        if let first = text.utf8.first, first == UInt8(ascii: "-") || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(first),
           let number = JSONNumber(literal: text) {
            return .number(number)
        }
        return .string(text)
    }

    @Test func everyFormAndItsNeighbours() {
        let forms = ["true", "True", "TRUE", "false", "False", "FALSE", "null", "Null", "NULL", "~", ""]
        var texts = forms
        let replacements: [Character] = ["t", "T", "e", "E", "x", "~", " ", "\0", "\u{7F}", "é", "\u{212A}"]
        for form in forms {
            let characters = Array(form)
            for i in 0...characters.count {
                for c in replacements {
                    texts.append(String(characters[..<i]) + String(c) + String(characters[i...]))
                    if i < characters.count {
                        var changed = characters
                        changed[i] = c
                        texts.append(String(changed))
                        changed.remove(at: i)
                        texts.append(String(changed))
                    }
                }
            }
            texts.append(form + form)
            texts.append(" " + form)
        }
        texts += ["0", "-1", "12345", "1e3", "2022-03-01", "\0", "\0\0\0\0", "nul\0", "tru\u{65}", "t\u{72}ue", "Straße", "ä"]
        for text in texts {
            #expect(NodeWalker.plainValue(text) == Self.reference(text), "\(text.debugDescription)")
        }
    }

    @Test(arguments: [UInt64(1), 2, 3]) func seededShortTexts(seed: UInt64) {
        var random = SplitMix64(seed: seed)
        let alphabet = Array("tTrRuUeEfFaAlLsSnN~ 0-1.\u{0}\u{7F}\u{80}é\u{212A}")
        for index in 0..<20_000 {
            let text = String((0..<Int(random.next() % 7)).map { _ in alphabet[Int(random.next() % UInt64(alphabet.count))] })
            #expect(NodeWalker.plainValue(text) == Self.reference(text), "seed \(seed), case \(index): \(text.debugDescription)")
        }
    }
}
