import Foundation
import OrderedCollections
import Testing
@testable import ChronikStore

// The streaming JSON writer against the tree path it replaces: for seeded random values, `JSONByteWriter` (and
// `JSONValueEncoder().text` and `JSONWriter`, which use it) writes exactly the bytes that the reference writer
// (`ReferenceJSONWriter`, the String-based writer it replaced) writes of `JSONValueEncoder().encode`; and
// `JSONValueDecoder` reads back what was written.

private enum Colour: String, Codable, Hashable, CaseIterable { case red, green, blue }

private struct Leaf: Codable, Hashable {
    var name: String
    var count: Int
    var ratio: Double
    var flag: Bool
    var note: String?
    var colour: Colour
}

private struct Tree: Codable, Hashable {
    var title: String
    var leaves: [Leaf]
    var children: [Tree]
    var tags: [String]
    var extra: Leaf?
    var matrix: [[Int]]
}

/// Holds a `JSONValue` member (front matter values are encoded so); compared by its written text.
private struct WithValue: Encodable {
    var id: String
    var value: JSONValue
    var values: [JSONValue]
    var optional: JSONValue?
}

/// Encodes one key twice: the stream cannot follow, the tree path keeps the first place and the last value.
private struct TwiceKeyed: Encodable {
    enum K: String, CodingKey { case a, b }
    func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: K.self)
        try c.encode("one", forKey: .a)
        try c.encode(2, forKey: .b)
        try c.encode("three", forKey: .a)
    }
}

/// Uses a nested container after a later sibling: the stream falls back to the tree.
private struct NestedLate: Encodable {
    enum K: String, CodingKey { case first, second }
    func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: K.self)
        var nested = c.nestedUnkeyedContainer(forKey: .first)
        try c.encode(true, forKey: .second)
        try nested.encode("late")
    }
}

/// Encodes nothing at all: `null`, as the tree path has it.
private struct Nothing: Encodable {
    func encode(to encoder: Encoder) throws {}
}

private struct Gen {
    var rng: SplitMix64

    mutating func int(_ range: ClosedRange<Int>) -> Int { Int.random(in: range, using: &rng) }
    mutating func bool() -> Bool { int(0...1) == 1 }

    /// Strings with what escaping must handle: quotes, backslashes, control characters, U+2028/2029, non-ASCII.
    mutating func string() -> String {
        let pieces = ["a", "Wort", " ", "\"", "\\", "\n", "\r", "\t", "\u{08}", "\u{0C}", "\u{01}", "\u{1F}", "\u{7F}",
                      "\u{2028}", "\u{2029}", "\u{2027}", "ä", "ß", "€", "😀", "e\u{301}", "/", "</script>", "\u{E2}"]
        return (0..<int(0...8)).map { _ in pieces[int(0...(pieces.count - 1))] }.joined()
    }

    mutating func double() -> Double {
        switch int(0...5) {
        case 0: return Double(int(-1000...1000))
        case 1: return Double(int(-100_000...100_000)) / 1000
        case 2: return .infinity
        case 3: return .nan
        case 4: return 1e300 * Double(int(1...9))
        default: return Double(int(1...9)) * 1e-7
        }
    }

    mutating func value(depth: Int = 0) -> JSONValue {
        switch int(0...(depth > 3 ? 3 : 5)) {
        case 0: return .null
        case 1: return .bool(bool())
        case 2:
            let literals = ["0", "-1", "1.10", "1e3", "-0.5", "12345678901234567890", "2E-7"]
            return .number(JSONNumber(literal: literals[int(0...(literals.count - 1))])!)
        case 3: return .string(string())
        case 4: return .array((0..<int(0...4)).map { _ in value(depth: depth + 1) })
        default:
            var members = OrderedDictionary<String, JSONValue>()
            for _ in 0..<int(0...4) { members[string()] = value(depth: depth + 1) }
            return .object(members)
        }
    }

    mutating func leaf() -> Leaf {
        Leaf(name: string(), count: int(Int.min...Int.max), ratio: Double(int(-1000...1000)) / 8, flag: bool(),
             note: bool() ? string() : nil, colour: Colour.allCases[int(0...2)])
    }

    mutating func tree(depth: Int = 0) -> Tree {
        Tree(title: string(), leaves: (0..<int(0...3)).map { _ in leaf() },
             children: depth > 2 ? [] : (0..<int(0...2)).map { _ in tree(depth: depth + 1) },
             tags: (0..<int(0...3)).map { _ in string() }, extra: bool() ? leaf() : nil,
             matrix: (0..<int(0...2)).map { _ in (0..<int(0...3)).map { _ in int(-9...9) } })
    }
}

/// The text of the tree path, as `JSONValueEncoder().text` wrote it before the streaming writer.
private func treeText<T: Encodable>(_ value: T, pretty: Bool) throws -> String {
    ReferenceJSONWriter.write(try JSONValueEncoder().encode(value), pretty: pretty) + "\n"
}

@Suite("JSON byte writer")
struct JSONByteWriterTests {
    @Test(arguments: [UInt64(1), 2, 3, 0xC0FFEE])
    func writesJSONValuesAsTheReferenceWriterDoes(seed: UInt64) {
        var gen = Gen(rng: SplitMix64(seed: seed))
        for _ in 0..<300 {
            let value = gen.value()
            for pretty in [true, false] {
                var writer = JSONByteWriter(pretty: pretty)
                writer.write(value)
                #expect(String(decoding: writer.bytes, as: UTF8.self) == ReferenceJSONWriter.write(value, pretty: pretty),
                        "seed \(seed), pretty \(pretty)")
                #expect(JSONWriter.write(value, pretty: pretty) == ReferenceJSONWriter.write(value, pretty: pretty))
            }
        }
    }

    @Test(arguments: [UInt64(7), 8, 9, 0xBADC0DE])
    func encodesCodableValuesAsTheTreePathDoes(seed: UInt64) throws {
        var gen = Gen(rng: SplitMix64(seed: seed))
        for _ in 0..<100 {
            let tree = gen.tree()
            let withValue = WithValue(id: gen.string(), value: gen.value(), values: [gen.value(), gen.value()],
                                      optional: gen.bool() ? gen.value() : nil)
            let doubles = (0..<gen.int(0...4)).map { _ in gen.double() }
            for pretty in [true, false] {
                #expect(try JSONValueEncoder().text(tree, pretty: pretty) == treeText(tree, pretty: pretty), "seed \(seed)")
                #expect(try JSONValueEncoder().text(withValue, pretty: pretty) == treeText(withValue, pretty: pretty), "seed \(seed)")
                #expect(try JSONValueEncoder().text(doubles, pretty: pretty) == treeText(doubles, pretty: pretty), "seed \(seed)")
            }
        }
    }

    @Test func nestsAtAnIndent() throws {
        var gen = Gen(rng: SplitMix64(seed: 11))
        let tree = gen.tree()
        var writer = JSONByteWriter()
        writer.append("[")
        writer.newline(indent: 1)
        try writer.encode(tree, indent: 1)
        writer.newline(indent: 0)
        writer.append("]\n")
        #expect(String(decoding: writer.bytes, as: UTF8.self) == (try treeText([tree], pretty: true)))
    }

    /// Compact text re-indented is the pretty text, at any indent: JSON values and Codable trees with strings full of
    /// quotes, backslashes, brackets and commas.
    @Test(arguments: [UInt64(31), 32, 0xACE])
    func reindentedCompactTextIsThePrettyText(seed: UInt64) throws {
        var gen = Gen(rng: SplitMix64(seed: seed))
        for round in 0..<300 {
            let indent = gen.int(0...4)
            var compact = JSONByteWriter(pretty: false), pretty = JSONByteWriter(), reindented = JSONByteWriter()
            if round % 2 == 0 {
                let value = gen.value()
                compact.write(value)
                pretty.write(value, indent: indent)
            } else {
                let tree = gen.tree()
                try compact.encode(tree)
                try pretty.encode(tree, indent: indent)
            }
            compact.bytes.withUnsafeBufferPointer { reindented.appendReindented(compact: $0, indent: indent) }
            #expect(reindented.bytes == pretty.bytes, "seed \(seed), round \(round): \(String(decoding: compact.bytes, as: UTF8.self))")
            var plain = JSONByteWriter(pretty: false)
            compact.bytes.withUnsafeBufferPointer { plain.appendReindented(compact: $0, indent: indent) }
            #expect(plain.bytes == compact.bytes, "a compact writer copies it")
        }
    }

    @Test func patternsTheStreamCannotFollowGiveTheTreeText() throws {
        for pretty in [true, false] {
            #expect(try JSONValueEncoder().text(TwiceKeyed(), pretty: pretty) == treeText(TwiceKeyed(), pretty: pretty))
            #expect(try JSONValueEncoder().text(NestedLate(), pretty: pretty) == treeText(NestedLate(), pretty: pretty))
            #expect(try JSONValueEncoder().text([Nothing(), Nothing()], pretty: pretty) == treeText([Nothing(), Nothing()], pretty: pretty))
        }
        #expect(try JSONValueEncoder().text(TwiceKeyed(), pretty: false) == "{\"a\":\"three\",\"b\":2}\n")
        #expect(try JSONValueEncoder().text(Nothing(), pretty: false) == "null\n")
    }

    @Test func escapesAsTheReferenceWriter() {
        let text = "a\"b\\c\nd\u{01}e\u{2028}f\u{2029}g😀"
        var writer = JSONByteWriter()
        writer.writeString(text)
        #expect(String(decoding: writer.bytes, as: UTF8.self) == "\"a\\\"b\\\\c\\nd\\u0001e\\u2028f\\u2029g😀\"")
        #expect(String(decoding: writer.bytes, as: UTF8.self) == ReferenceJSONWriter.quote(text))
        #expect(JSONWriter.quote(text) == ReferenceJSONWriter.quote(text))
    }

    /// The eight-bytes-at-a-time scan (`mayNeedEscaping`) against the byte-wise reference: long texts with what
    /// needs escaping (and bytes like it: 0x1F/0x20, 0x21/0x23, 0x5B/0x5D, 0xE2 in other characters, 0xE1/0xE3,
    /// `\u{2027}`/`\u{202A}`) at every offset of a word and at the text's ends, and each ASCII byte at each position
    /// of a 25-byte text.
    @Test(arguments: [UInt64(41), 42, 43, 0x5EED])
    func escapesLongTextsAsTheReference(seed: UInt64) {
        var gen = Gen(rng: SplitMix64(seed: seed))
        let specials = ["\"", "\\", "\n", "\r", "\t", "\u{00}", "\u{08}", "\u{0C}", "\u{1F}", " ", "!", "#", "[", "]", "\u{7F}",
                        "\u{2028}", "\u{2029}", "\u{2027}", "\u{202A}", "–", "„", "“", "€", "\u{1000}", "\u{3000}", "ä", "😀"]
        let plain = Array("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789 .,;:-_/()<>&'")
        for _ in 0..<400 {
            var text = ""
            for _ in 0..<gen.int(0...12) {
                text += String((0..<gen.int(0...19)).map { _ in plain[gen.int(0...(plain.count - 1))] })
                text += specials[gen.int(0...(specials.count - 1))]
            }
            var writer = JSONByteWriter()
            writer.writeString(text)
            #expect(String(decoding: writer.bytes, as: UTF8.self) == ReferenceJSONWriter.quote(text), "seed \(seed): \(text.debugDescription)")
        }
        for byte in UInt8(0)...0x7F {
            for position in 0..<25 {
                var bytes = [UInt8](repeating: UInt8(ascii: "a"), count: 25)
                bytes[position] = byte
                let text = String(decoding: bytes, as: UTF8.self)
                var writer = JSONByteWriter()
                writer.writeString(text)
                #expect(String(decoding: writer.bytes, as: UTF8.self) == ReferenceJSONWriter.quote(text), "byte \(byte) at \(position)")
            }
        }
    }

    @Test(arguments: [UInt64(21), 22, 0xFEED])
    func decodesWhatItWrote(seed: UInt64) throws {
        var gen = Gen(rng: SplitMix64(seed: seed))
        for _ in 0..<100 {
            let tree = gen.tree()
            for pretty in [true, false] {
                var writer = JSONByteWriter(pretty: pretty)
                try writer.encode(tree)
                let back = try JSONValueDecoder().decode(Tree.self, from: Data(writer.bytes))
                #expect(back == tree, "seed \(seed)")
                // And what Foundation's decoder reads from the same text.
                #expect(try JSONDecoder().decode(Tree.self, from: Data(writer.bytes)) == back, "seed \(seed)")
            }
        }
    }

    @Test func decodingErrorsAreThrown() throws {
        #expect(throws: DecodingError.self) { try JSONValueDecoder().decode(Leaf.self, from: .object(["name": .string("x")])) }
        #expect(throws: DecodingError.self) { try JSONValueDecoder().decode(Int.self, from: .number(JSONNumber(literal: "1.5")!)) }
        #expect(throws: DecodingError.self) { try JSONValueDecoder().decode([String].self, from: .string("x")) }
        #expect(try JSONValueDecoder().decode(Int.self, from: .number(JSONNumber(literal: "1.0")!)) == 1)
        #expect(try JSONValueDecoder().decode(UInt8.self, from: .number(JSONNumber(255))) == 255)
        #expect(try JSONValueDecoder().decode(String?.self, from: .null) == nil)
    }
}
