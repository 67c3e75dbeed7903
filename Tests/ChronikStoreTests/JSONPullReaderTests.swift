import Foundation
import Testing
@testable import ChronikStore

/// `JSONPullReader` (peak15b) against `JSONParser` and `JSONValueDecoder`, the reference it shares its scalar parsing
/// with: the same values from the same texts, the same texts rejected.
@Suite struct JSONPullReaderTests {
    /// Reads any value member by member and element by element (as a decoder does) back into a `JSONValue`.
    private static func pull(_ r: inout JSONPullReader) throws -> JSONValue {
        if try r.readNull() { return .null }
        let offset = r.offset
        // What comes next decides; each reader method rejects what it does not read.
        if let value = try? r.readBool() { return .bool(value) }
        #expect(r.offset == offset)
        if let value = try? r.readString() { return .string(value) }
        if let value = try? r.readNumber() { return .number(value) }
        do {
            var items: [JSONValue] = []
            try r.readArray { items.append(try pull(&$0)) }
            return .array(items)
        } catch let error as JSONParseError where r.offset == offset && error.message.contains("expected an array") {
            var members = OrderedDictionaryBox()
            try r.readObject { r, key in
                let name = key.string
                guard members.keys.insert(name).inserted else { throw JSONParseError(line: 0, column: 0, message: "duplicate key") }
                members.pairs.append((name, try pull(&r)))
            }
            return .object(.init(uniqueKeysWithValues: members.pairs))
        }
    }

    private struct OrderedDictionaryBox {
        var keys = Set<String>()
        var pairs: [(String, JSONValue)] = []
    }

    private static func pulled(_ text: String) throws -> JSONValue {
        try JSONPullReader.read(Data(text.utf8)) { try pull(&$0) }
    }

    /// Seeded documents (nesting, escapes, non-ASCII, numbers of every form, whitespace): the reader's values are
    /// the parser's.
    @Test(arguments: [1, 99, 2026] as [UInt64])
    func seededDocumentsReadAsTheParserParsesThem(seed: UInt64) throws {
        var random = SplitMix64(seed: seed)
        func next(_ bound: Int) -> Int { Int(random.next() % UInt64(bound)) }
        let strings = [#""""#, #""a""#, #""\"\\\/\b\f\n\r\t""#, #""\u00e4\ud83d\udeb2""#, "\"Straße 🚲 数据\"", #""key""#]
        let numbers = ["0", "-0", "12", "-7", "1.50", "1e3", "2E-2", "123456789012345678901234", "0.0"]
        func space() -> String { ["", " ", "\n", "\t\r\n "][next(4)] }
        func value(_ depth: Int) -> String {
            switch next(depth > 3 ? 4 : 6) {
            case 0: return strings[next(strings.count)]
            case 1: return numbers[next(numbers.count)]
            case 2: return ["true", "false", "null"][next(3)]
            case 3: return strings[next(strings.count)]
            case 4: return "[" + (0..<next(4)).map { _ in space() + value(depth + 1) + space() }.joined(separator: ",") + "]"
            default:
                let keys = Array(Set((0..<next(4)).map { _ in "\"k\(next(6))\"" }))
                return "{" + keys.map { space() + $0 + space() + ":" + space() + value(depth + 1) }.joined(separator: ",") + space() + "}"
            }
        }
        for _ in 0..<500 {
            let text = space() + value(0) + space()
            #expect(try Self.pulled(text) == (try JSONParser.parse(text)), "\(text)")
        }
    }

    /// Broken texts: both reject them.
    @Test func brokenTextsAreRejected() {
        let texts = ["", " ", "[", "[1,]", "{\"a\":1,}", "{\"a\" 1}", "{a:1}", "[1 2]", "01", "1.", "-", "\"a", "\"\\x\"", "\"\\ud800\"",
                     "\"\u{1}\"", "tru", "nul", "[1]x", "{\"a\":1}}", "{\"a\":1,\"a\":2}"]
        for text in texts {
            #expect((try? JSONParser.parse(text)) == nil, "\(text)")
            #expect((try? Self.pulled(text)) == nil, "\(text)")
        }
        let invalidUTF8 = Data([0x22, 0x61, 0xFF, 0x22])
        #expect((try? JSONParser.parse(invalidUTF8)) == nil)
        #expect((try? JSONPullReader.read(invalidUTF8) { try $0.readString() }) == nil)
        #expect((try? JSONPullReader.read(Data([0x7B, 0x22, 0xC3, 0x28, 0x22, 0x3A, 0x31, 0x7D])) { r in try r.readObject { r, _ in _ = try r.readInt() } }) == nil)
    }

    /// `readInt` takes what `JSONValueDecoder` takes as an `Int` (literals, `1.0`, `1e2`) and gives the same value.
    @Test func integersAreReadAsTheDecoderReadsThem() {
        let literals = ["0", "-0", "7", "-12", "1.0", "1e2", "2E+1", "-3.000", "1.5", "1e-1", "123456789012345678", "9223372036854775807",
                        "-9223372036854775808", "9223372036854775808", "99999999999999999999", "1e19", "0.0", "00", "+1", "\"1\"", "null",
                        "12345678901234567890123"]
        for literal in literals {
            let reference = try? JSONValueDecoder().decode(Int.self, from: Data(literal.utf8))
            let read = try? JSONPullReader.read(Data(literal.utf8)) { try $0.readInt() }
            #expect(read == reference, "\(literal): \(String(describing: read)) against \(String(describing: reference))")
        }
    }

    /// A key is matched without being made a `String`, escaped or not.
    @Test func keysMatchTheirNames() throws {
        var names: [String] = []
        var matched = 0
        try JSONPullReader.read(Data(#"{"kind":1,"ki\u006ed":2,"kin":3,"":4,"Größe":5}"#.utf8)) { r in
            try r.readObject { r, key in
                names.append(key.string)
                if key.is("kind") { matched += 1 }
                if key.is("") { matched += 10 }
                _ = try r.readInt()
            }
        }
        #expect(names == ["kind", "kind", "kin", "", "Größe"])
        #expect(matched == 12)
    }
}
