import Foundation

// A pull reader over JSON bytes (peak15b, issue 15): the caller asks for the value it expects next and builds its own
// values from the bytes, with no `JSONValue` tree in between. `JSONParser` + `JSONValueDecoder` made the tree first:
// for the large store's first change record (372 MB of word-level blocks) that tree was about 600 MB at once, and
// the bytes were copied to an array before it. The reader parses strings and numbers with `JSONParser`'s own code
// (the same escapes, UTF-8 checks and errors), in place over the bytes it is given.

/// An object member's key as the reader found it: compared with the names a decoder expects without making a
/// `String` (unless it had escapes).
public struct JSONPullKey {
    fileprivate let raw: UnsafeBufferPointer<UInt8>
    fileprivate let decoded: String?

    /// Whether the key is `name`.
    @inline(__always)
    public func `is`(_ name: StaticString) -> Bool {
        if let decoded { return decoded == name.description }
        return name.withUTF8Buffer { expected in
            expected.count == raw.count && (raw.count == 0 || memcmp(expected.baseAddress!, raw.baseAddress!, raw.count) == 0)
        }
    }

    /// The key as a `String`.
    public var string: String { decoded ?? String(decoding: raw, as: UTF8.self) }
}

/// Reads one JSON document from bytes, value by value, as `JSONParser` would parse it (strict RFC 8259; the same
/// errors), except that an object's duplicate keys are the caller's to reject.
public struct JSONPullReader {
    fileprivate var parser: JSONTextParser

    fileprivate init(parser: JSONTextParser) { self.parser = parser }

    /// Reads the document in `data` (in place) with `body`, which must read exactly one value; then only whitespace
    /// may follow.
    public static func read<T>(_ data: Data, maxDepth: Int = 512, _ body: (inout JSONPullReader) throws -> T) throws -> T {
        try data.withUnsafeBytes { raw in
            try read(raw.bindMemory(to: UInt8.self), maxDepth: maxDepth, body)
        }
    }

    /// Reads the document in `bytes` with `body` (see `read(_:maxDepth:_:)`).
    public static func read<T>(_ bytes: UnsafeBufferPointer<UInt8>, maxDepth: Int = 512, _ body: (inout JSONPullReader) throws -> T) throws -> T {
        var reader = JSONPullReader(parser: JSONTextParser(bytes: bytes, maxDepth: maxDepth))
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { reader.parser.index = 3 }
        reader.parser.skipWhitespace()
        let value = try body(&reader)
        reader.parser.skipWhitespace()
        guard reader.parser.index == bytes.count else {
            throw reader.parser.error("unexpected \(reader.parser.describeCurrent()) after the JSON value")
        }
        return value
    }

    /// The byte offset of the next value.
    public var offset: Int { parser.index }

    private func fail(_ expected: String) -> JSONParseError {
        parser.error("unexpected \(parser.describeCurrent()): expected \(expected)")
    }

    /// Calls `element` for each element of the array that comes next; `element` must read exactly one value.
    public mutating func readArray(_ element: (inout JSONPullReader) throws -> Void) throws {
        guard try open("[", "]", expected: "an array") else { return }
        repeat {
            parser.skipWhitespace()
            try element(&self)
        } while try next(close: "]", in: "array")
    }

    /// Calls `member` with each key of the object that comes next, the reader at its value; `member` must read
    /// exactly one value (`skipValue` for a key it does not know).
    public mutating func readObject(_ member: (inout JSONPullReader, JSONPullKey) throws -> Void) throws {
        guard try open("{", "}", expected: "an object") else { return }
        repeat {
            parser.skipWhitespace()
            guard parser.index < parser.bytes.count, parser.bytes[parser.index] == UInt8(ascii: "\"") else {
                throw parser.error("unexpected \(parser.describeCurrent()): expected a string key in double quotes")
            }
            let key = try readKey()
            parser.skipWhitespace()
            guard parser.index < parser.bytes.count, parser.bytes[parser.index] == UInt8(ascii: ":") else {
                throw parser.error("unexpected \(parser.describeCurrent()): expected ':' after an object key")
            }
            parser.index += 1
            parser.skipWhitespace()
            try member(&self, key)
        } while try next(close: "}", in: "object")
    }

    /// Enters the array or object that comes next (`open`, `expected` in the error when it is not there): false when
    /// it is empty (then read whole and left), true when an element follows.
    private mutating func open(_ open: Unicode.Scalar, _ close: Unicode.Scalar, expected: String) throws -> Bool {
        parser.skipWhitespace()
        guard parser.index < parser.bytes.count, parser.bytes[parser.index] == UInt8(ascii: open) else { throw fail(expected) }
        try parser.enter()
        parser.index += 1
        parser.skipWhitespace()
        guard parser.index < parser.bytes.count, parser.bytes[parser.index] == UInt8(ascii: close) else { return true }
        parser.index += 1
        parser.depth -= 1
        return false
    }

    /// After an element of the array or object (`container`, closed by `close`): true at a ',' (another element
    /// follows), false at `close` (the container is read and left).
    private mutating func next(close: Unicode.Scalar, in container: String) throws -> Bool {
        parser.skipWhitespace()
        guard parser.index < parser.bytes.count else { throw parser.error("unexpected end of input: expected ',' or '\(close)'") }
        switch parser.bytes[parser.index] {
        case UInt8(ascii: ","):
            parser.index += 1
            return true
        case UInt8(ascii: close):
            parser.index += 1
            parser.depth -= 1
            return false
        default:
            throw parser.error("unexpected \(parser.describeCurrent()): expected ',' or '\(close)' in \(container)")
        }
    }

    /// A key without escapes as its bytes (checked as UTF-8, as `JSONParser` checks it); else parsed as a string.
    private mutating func readKey() throws -> JSONPullKey {
        let start = parser.index + 1
        var scan = start
        let bytes = parser.bytes
        while scan < bytes.count {
            let b = bytes[scan]
            if b == UInt8(ascii: "\"") {
                let raw = UnsafeBufferPointer(rebasing: bytes[start..<scan])
                if raw.contains(where: { $0 >= 0x80 }), String(validating: raw, as: UTF8.self) == nil {
                    throw parser.error("invalid UTF-8 in string", at: start - 1)
                }
                parser.index = scan + 1
                return JSONPullKey(raw: raw, decoded: nil)
            }
            if b == UInt8(ascii: "\\") || b < 0x20 { break }
            scan += 1
        }
        let decoded = try parser.parseString()
        return JSONPullKey(raw: UnsafeBufferPointer(start: nil, count: 0), decoded: decoded)
    }

    /// The string that comes next as a key is read (its bytes where they are, checked as UTF-8, unless it has
    /// escapes): for a caller that compares it with names it knows (an enum's raw values) without making a `String`.
    public mutating func readStringToken() throws -> JSONPullKey {
        guard parser.index < parser.bytes.count, parser.bytes[parser.index] == UInt8(ascii: "\"") else { throw fail("a string") }
        return try readKey()
    }

    /// The string that comes next.
    public mutating func readString() throws -> String {
        guard parser.index < parser.bytes.count, parser.bytes[parser.index] == UInt8(ascii: "\"") else { throw fail("a string") }
        return try parser.parseString()
    }

    /// The number that comes next.
    public mutating func readNumber() throws -> JSONNumber {
        guard parser.index < parser.bytes.count else { throw fail("a number") }
        switch parser.bytes[parser.index] {
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): return try parser.parseNumber()
        default: throw fail("a number")
        }
    }

    /// The integer that comes next, as `JSONValueDecoder` decodes an `Int`: its literal, else its exact value
    /// (`1.0`, `1e2`); an error for anything else.
    public mutating func readInt() throws -> Int {
        let bytes = parser.bytes
        var i = parser.index
        let negative = i < bytes.count && bytes[i] == UInt8(ascii: "-")
        if negative { i += 1 }
        // Plain digits (no leading zero but "0", at most 18 of them): the value directly.
        let first = i
        var value = 0
        while i < bytes.count, bytes[i] >= 0x30, bytes[i] <= 0x39, i - first < 18 {
            value = value * 10 + Int(bytes[i] - 0x30)
            i += 1
        }
        let digits = i - first
        if digits > 0, !(digits > 1 && bytes[first] == 0x30), i == bytes.count || !Self.continuesNumber(bytes[i]) {
            parser.index = i
            return negative ? -value : value
        }
        let number = try readNumber()
        if let v = Int(number.literal) { return v }
        if let v = number.int { return v }
        throw parser.error("expected an integer, found \(number.literal)")
    }

    private static func continuesNumber(_ b: UInt8) -> Bool {
        (b >= 0x30 && b <= 0x39) || b == UInt8(ascii: ".") || b == UInt8(ascii: "e") || b == UInt8(ascii: "E")
    }

    /// `true` or `false`.
    public mutating func readBool() throws -> Bool {
        guard parser.index < parser.bytes.count else { throw fail("true or false") }
        switch parser.bytes[parser.index] {
        case UInt8(ascii: "t"): try parser.expectWord("true"); return true
        case UInt8(ascii: "f"): try parser.expectWord("false"); return false
        default: throw fail("true or false")
        }
    }

    /// Reads `null` and returns true when it comes next; else reads nothing.
    public mutating func readNull() throws -> Bool {
        guard parser.index < parser.bytes.count, parser.bytes[parser.index] == UInt8(ascii: "n") else { return false }
        try parser.expectWord("null")
        return true
    }

    /// The value that comes next, whole (as `JSONParser` parses it).
    public mutating func readValue() throws -> JSONValue { try parser.parseValue() }

    /// Reads over the value that comes next (checked as `readValue` checks it).
    public mutating func skipValue() throws { _ = try parser.parseValue() }
}
