import ChronikStore
import Foundation
import Testing

struct JSONParserTests {
    @Test func errorsCarryLineAndColumn() {
        #expect(throws: JSONParseError(line: 2, column: 8, message: "invalid literal: expected 'true'")) {
            try JSONParser.parse("{\n  \"a\": tru\n}")
        }
        #expect(throws: JSONParseError(line: 1, column: 9, message: "unexpected '}': expected a string key in double quotes")) {
            try JSONParser.parse("{\"a\": 1,}")
        }
        #expect(throws: JSONParseError(line: 1, column: 3, message: "unexpected ']' after the JSON value")) {
            try JSONParser.parse("[]]")
        }
    }

    @Test func columnsCountUnicodeScalarsNotBytes() {
        #expect(throws: JSONParseError(line: 1, column: 8, message: "unexpected 'x': expected ',' or ']' in array")) {
            try JSONParser.parse("[\"äöü\" x]")
        }
    }

    @Test func depthCapIsACleanError() {
        let deep = String(repeating: "{\"items\":", count: 10_000) + "{}" + String(repeating: "}", count: 10_000)
        do {
            _ = try JSONParser.parse(deep)
            Issue.record("a 10,000 deep document must not parse")
        } catch {
            #expect(error.message == "nesting is deeper than the limit of 512 levels")
            #expect(error.line == 1)
            #expect(error.column == 1 + 9 * 512)
        }
        // Within the limit it parses.
        let shallow = String(repeating: "[", count: 100) + String(repeating: "]", count: 100)
        #expect(throws: Never.self) { try JSONParser.parse(shallow) }
    }

    @Test func literalsAndKeyOrderArePreserved() throws {
        let text = #"{"z":1.10,"a":[1e3,-0.0,12345678901234567890123],"m":{"y":null,"b":true}}"#
        let value = try JSONParser.parse(text)
        #expect(JSONWriter.write(value) == text)
        #expect(value.objectValue.map { Array($0.keys) } == ["z", "a", "m"])
        #expect(JSONWriter.write(value, pretty: true) == """
            {
              "z": 1.10,
              "a": [
                1e3,
                -0.0,
                12345678901234567890123
              ],
              "m": {
                "y": null,
                "b": true
              }
            }
            """)
    }

    @Test func escapesAndSurrogates() throws {
        let value = try JSONParser.parse(#"["\ud83d\ude00", "tab\there", "\u00e9\/", "quote\"\\"]"#)
        #expect(value == .array([.string("😀"), .string("tab\there"), .string("é/"), .string("quote\"\\")]))
        #expect(JSONWriter.write(.string("a\"b\\c\n\u{1}")) == #""a\"b\\c\n\u0001""#)
        #expect(throws: JSONParseError(line: 1, column: 3, message: "lone high surrogate \\uD83D in string")) {
            try JSONParser.parse(#"["\ud83d"]"#)
        }
        #expect(throws: JSONParseError(line: 1, column: 2, message: "lone low surrogate \\uDE00 in string")) {
            try JSONParser.parse(#""\ude00""#)
        }
    }

    @Test func rejectsWhatRFC8259Rejects() {
        for bad in ["", "01", "1.", ".5", "+1", "[1,]", "{'a':1}", "\"a\u{1}\"", "nul", "[1 2]", "{\"a\" 1}", "\"\\x\"", "NaN"] {
            #expect(throws: JSONParseError.self, "\(bad)") { try JSONParser.parse(bad) }
        }
        #expect(throws: JSONParseError(line: 1, column: 10, message: "duplicate key \"a\" in object")) {
            try JSONParser.parse(#"{"a": 1, "a": 2}"#)
        }
        #expect(throws: JSONParseError.self) { try JSONParser.parse(Data([0x22, 0xFF, 0x22])) }
    }

    @Test func writeThenParseRoundTrips() throws {
        // A seeded generator (SplitMix64) builds random values; parse(write(x)) == x with identical text.
        var state: UInt64 = 0x5EED_C0DE
        func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
        func random(_ depth: Int) -> JSONValue {
            switch next() % (depth > 3 ? 4 : 6) {
            case 0: return .null
            case 1: return .bool(next() % 2 == 0)
            case 2: return .number(JSONNumber(literal: ["0", "-1.50", "3e-7", "42", "1E+2"][Int(next() % 5)])!)
            case 3: return .string(["", "ä\"\\", "\u{7}", "😀 x", "line\nbreak"][Int(next() % 5)])
            case 4: return .array((0..<Int(next() % 4)).map { _ in random(depth + 1) })
            default:
                var object: [(String, JSONValue)] = []
                for i in 0..<Int(next() % 4) { object.append(("k\(i)\(next() % 100)", random(depth + 1))) }
                return .object(.init(object, uniquingKeysWith: { a, _ in a }))
            }
        }
        for round in 0..<200 {
            let value = random(0)
            let text = JSONWriter.write(value, pretty: round % 2 == 0)
            let parsed = try JSONParser.parse(text)
            #expect(parsed == value, "seed 0x5EEDC0DE round \(round): \(text)")
            #expect(JSONWriter.write(parsed, pretty: round % 2 == 0) == text)
        }
    }
}
