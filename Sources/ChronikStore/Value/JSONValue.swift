import Foundation
import OrderedCollections

/// The JSON-like value of an entry's front matter: what YAML maps to, what schemas validate, what JSON output encodes.
///
/// Objects keep the order of their keys (the order in the file), but two objects are equal when they hold the same
/// keys with equal values in any order, as JSON Schema's `const`, `enum` and `uniqueItems` require.
public enum JSONValue: Sendable {
    case null
    case bool(Bool)
    case number(JSONNumber)
    case string(String)
    case array([JSONValue])
    case object(OrderedDictionary<String, JSONValue>)
}

/// A number as it was written: the literal is kept so that `1.10` stays `1.10`, while comparisons are numeric
/// (`1.0 == 1`), as JSON Schema requires.
public struct JSONNumber: Sendable, Hashable, CustomStringConvertible {
    /// The number's text in JSON syntax, e.g. `12`, `-0.5`, `1.10`, `1e3`.
    public let literal: String

    /// Creates a number from JSON number syntax; returns nil when `literal` is not one.
    public init?(literal: String) {
        guard JSONNumber.isJSONNumberSyntax(literal) else { return nil }
        self.literal = literal
    }

    public init(_ value: Int) { self.literal = String(value) }

    public init(_ value: Double) {
        if value.isFinite, value == value.rounded(), abs(value) < 1e15 {
            self.literal = String(Int64(value))
        } else {
            self.literal = "\(value)"
        }
    }

    /// The exact decimal value (Foundation's `Decimal`, 38 significant digits).
    public var decimal: Decimal { Decimal(string: literal, locale: JSONNumber.posix) ?? .nan }

    private static let posix = Locale(identifier: "en_US_POSIX")

    /// The value as a `Double` (may round).
    public var double: Double { Double(literal) ?? .nan }

    /// True when the number has no fractional part (`1.0` is an integer, as in JSON Schema).
    public var isInteger: Bool {
        if !literal.contains(where: { $0 == "." || $0 == "e" || $0 == "E" }) { return true }
        let d = double
        if d.isFinite, abs(d) < 1e15 { return d == d.rounded() }
        var value = decimal
        var rounded = Decimal()
        NSDecimalRound(&rounded, &value, 0, .plain)
        return rounded == value
    }

    /// The value as an `Int`, when it is an integer within range.
    public var int: Int? {
        if let i = Int(literal) { return i }
        guard isInteger else { return nil }
        let d = double
        guard d.isFinite, abs(d) < 9.0e18 else { return nil }
        return Int(d)
    }

    public var description: String { literal }

    public static func == (a: JSONNumber, b: JSONNumber) -> Bool {
        if a.literal == b.literal { return true }
        return a.decimal == b.decimal
    }

    public func hash(into hasher: inout Hasher) {
        // Equal numbers must hash alike whatever their literal: hash the normalised decimal text.
        hasher.combine(decimal.description)
    }

    /// Whether `s` is in JSON number syntax (RFC 8259 §6), read over the String's own buffer: the front matter
    /// reader asks it of every plain scalar that starts with a digit or `-` (every date, every number), and an array
    /// copied of each (`isJSONNumberSyntaxReference`, which `JSONNumberSyntaxTests` hold it to) was an allocation per
    /// value.
    static func isJSONNumberSyntax(_ s: String) -> Bool {
        if let verdict = s.utf8.withContiguousStorageIfAvailable({ isJSONNumberSyntax(bytes: $0) }) { return verdict }
        return isJSONNumberSyntaxReference(s)
    }

    static func isJSONNumberSyntax(bytes b: UnsafeBufferPointer<UInt8>) -> Bool {
        let n = b.count
        var i = 0
        @inline(__always) func isDigit(_ c: UInt8) -> Bool { c >= 48 && c <= 57 }
        if i < n, b[i] == UInt8(ascii: "-") { i += 1 }
        guard i < n else { return false }
        if b[i] == UInt8(ascii: "0") {
            i += 1
        } else if isDigit(b[i]) {
            while i < n, isDigit(b[i]) { i += 1 }
        } else {
            return false
        }
        if i < n, b[i] == UInt8(ascii: ".") {
            i += 1
            guard i < n, isDigit(b[i]) else { return false }
            while i < n, isDigit(b[i]) { i += 1 }
        }
        if i < n, b[i] == UInt8(ascii: "e") || b[i] == UInt8(ascii: "E") {
            i += 1
            if i < n, b[i] == UInt8(ascii: "+") || b[i] == UInt8(ascii: "-") { i += 1 }
            guard i < n, isDigit(b[i]) else { return false }
            while i < n, isDigit(b[i]) { i += 1 }
        }
        return i == n
    }

    /// `isJSONNumberSyntax` over a copy of the bytes, step by step: the reference.
    static func isJSONNumberSyntaxReference(_ s: String) -> Bool {
        var it = Array(s.utf8)[...]
        if it.first == UInt8(ascii: "-") { it = it.dropFirst() }
        guard let first = it.first else { return false }
        func isDigit(_ c: UInt8) -> Bool { c >= 48 && c <= 57 }
        if first == UInt8(ascii: "0") {
            it = it.dropFirst()
        } else if isDigit(first) {
            while let c = it.first, isDigit(c) { it = it.dropFirst() }
        } else {
            return false
        }
        if it.first == UInt8(ascii: ".") {
            it = it.dropFirst()
            guard let c = it.first, isDigit(c) else { return false }
            while let c = it.first, isDigit(c) { it = it.dropFirst() }
        }
        if let e = it.first, e == UInt8(ascii: "e") || e == UInt8(ascii: "E") {
            it = it.dropFirst()
            if let sign = it.first, sign == UInt8(ascii: "+") || sign == UInt8(ascii: "-") { it = it.dropFirst() }
            guard let c = it.first, isDigit(c) else { return false }
            while let c = it.first, isDigit(c) { it = it.dropFirst() }
        }
        return it.isEmpty
    }
}

extension JSONValue: Hashable {
    public static func == (a: JSONValue, b: JSONValue) -> Bool {
        switch (a, b) {
        case (.null, .null): return true
        case let (.bool(x), .bool(y)): return x == y
        case let (.number(x), .number(y)): return x == y
        case let (.string(x), .string(y)): return x == y
        case let (.array(x), .array(y)): return x == y
        case let (.object(x), .object(y)):
            guard x.count == y.count else { return false }
            for (key, value) in x {
                guard let other = y[key], other == value else { return false }
            }
            return true
        default: return false
        }
    }

    public func hash(into hasher: inout Hasher) {
        switch self {
        case .null: hasher.combine(0)
        case .bool(let b): hasher.combine(1); hasher.combine(b)
        case .number(let n): hasher.combine(2); hasher.combine(n)
        case .string(let s): hasher.combine(3); hasher.combine(s)
        case .array(let a): hasher.combine(4); hasher.combine(a)
        case .object(let o):
            hasher.combine(5)
            // Order-independent: combine the keys' hashes commutatively.
            var sum = 0
            for (key, value) in o {
                var h = Hasher()
                h.combine(key)
                h.combine(value)
                sum = sum &+ h.finalize()
            }
            hasher.combine(sum)
        }
    }
}

extension JSONValue {
    /// The JSON type name as JSON Schema's `type` keyword spells it (`integer` for whole numbers).
    public var typeName: String {
        switch self {
        case .null: return "null"
        case .bool: return "boolean"
        case .number(let n): return n.isInteger ? "integer" : "number"
        case .string: return "string"
        case .array: return "array"
        case .object: return "object"
        }
    }

    public var stringValue: String? { if case .string(let s) = self { return s } else { return nil } }
    public var objectValue: OrderedDictionary<String, JSONValue>? { if case .object(let o) = self { return o } else { return nil } }
    public var arrayValue: [JSONValue]? { if case .array(let a) = self { return a } else { return nil } }

    /// The member `key` of an object, or nil.
    public subscript(key: String) -> JSONValue? {
        if case .object(let o) = self { return o[key] }
        return nil
    }
}

extension JSONValue: Encodable {
    public func encode(to encoder: Encoder) throws {
        switch self {
        case .null:
            var c = encoder.singleValueContainer(); try c.encodeNil()
        case .bool(let b):
            var c = encoder.singleValueContainer(); try c.encode(b)
        case .number(let n):
            var c = encoder.singleValueContainer()
            if let i = Int(n.literal) { try c.encode(i) } else { try c.encode(n.decimal) }
        case .string(let s):
            var c = encoder.singleValueContainer(); try c.encode(s)
        case .array(let a):
            var c = encoder.unkeyedContainer()
            for v in a { try c.encode(v) }
        case .object(let o):
            var c = encoder.container(keyedBy: JSONKey.self)
            for (k, v) in o { try c.encode(v, forKey: JSONKey(k)) }
        }
    }
}

struct JSONKey: CodingKey {
    var stringValue: String
    var intValue: Int? { nil }
    init(_ s: String) { stringValue = s }
    init?(stringValue: String) { self.stringValue = stringValue }
    init?(intValue: Int) { return nil }
}
