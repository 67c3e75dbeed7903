import Foundation
import OrderedCollections

/// Decodes any `Decodable` from a `JSONValue` (say, one `JSONParser` read): the counterpart of `JSONValueEncoder`.
///
/// Much cheaper than Foundation's `JSONDecoder` on many small records (no per-container class boxes over a byte
/// map, no key conversion): the changelog's cache reads its records with it. A missing key and `null` both decode as
/// `nil` in `decodeIfPresent`; numbers decode to a type when their value fits it exactly (`1.0` is a valid `Int`,
/// `1.5` is not).
public struct JSONValueDecoder {
    public init() {}

    public func decode<T: Decodable>(_ type: T.Type, from value: JSONValue) throws -> T {
        try ValueDecoder(value: value, codingPath: []).decode(type)
    }

    /// Parses `data` with `JSONParser` and decodes it.
    public func decode<T: Decodable>(_ type: T.Type, from data: Data) throws -> T {
        try decode(type, from: try JSONParser.parse(data))
    }
}

private func mismatch(_ expected: Any.Type, _ value: JSONValue, _ path: [CodingKey]) -> DecodingError {
    .typeMismatch(expected, .init(codingPath: path, debugDescription: "expected \(expected), found \(value.typeName)"))
}

private struct ValueDecoder: Decoder {
    let value: JSONValue
    var codingPath: [CodingKey]
    var userInfo: [CodingUserInfoKey: Any] { [:] }

    func container<Key: CodingKey>(keyedBy type: Key.Type) throws -> KeyedDecodingContainer<Key> {
        guard case .object(let members) = value else { throw mismatch([String: Any].self, value, codingPath) }
        return KeyedDecodingContainer(ValueKeyed<Key>(members: members, codingPath: codingPath))
    }

    func unkeyedContainer() throws -> UnkeyedDecodingContainer {
        guard case .array(let items) = value else { throw mismatch([Any].self, value, codingPath) }
        return ValueUnkeyed(items: items, codingPath: codingPath)
    }

    func singleValueContainer() throws -> SingleValueDecodingContainer { ValueSingle(value: value, codingPath: codingPath) }

    func decode<T: Decodable>(_ type: T.Type) throws -> T {
        // Scalars directly: their `init(from:)` would ask this decoder for a single value container again.
        if T.self == String.self {
            guard case .string(let s) = value else { throw mismatch(type, value, codingPath) }
            return unsafeBitCast(s, to: T.self)
        }
        if T.self == Bool.self {
            guard case .bool(let b) = value else { throw mismatch(type, value, codingPath) }
            return unsafeBitCast(b, to: T.self)
        }
        if T.self == Double.self || T.self == Float.self {
            guard case .number(let n) = value else { throw mismatch(type, value, codingPath) }
            return T.self == Double.self ? unsafeBitCast(n.double, to: T.self) : unsafeBitCast(Float(n.double), to: T.self)
        }
        if let integer = T.self as? any FixedWidthInteger.Type {
            guard case .number(let n) = value, let v = Self.integer(integer, n) else { throw mismatch(type, value, codingPath) }
            return v as! T  // T is that integer type
        }
        return try T(from: self)
    }

    private static func integer<I: FixedWidthInteger>(_ type: I.Type, _ n: JSONNumber) -> I? {
        if let v = I(n.literal) { return v }
        return n.int.flatMap { I(exactly: $0) }
    }
}

private struct ValueKeyed<Key: CodingKey>: KeyedDecodingContainerProtocol {
    let members: OrderedDictionary<String, JSONValue>
    var codingPath: [CodingKey]

    var allKeys: [Key] { members.keys.compactMap { Key(stringValue: $0) } }

    func contains(_ key: Key) -> Bool { members[key.stringValue] != nil }

    private func member(_ key: Key) throws -> JSONValue {
        guard let v = members[key.stringValue] else {
            throw DecodingError.keyNotFound(key, .init(codingPath: codingPath, debugDescription: "no member \"\(key.stringValue)\""))
        }
        return v
    }

    func decodeNil(forKey key: Key) throws -> Bool {
        if case .null = try member(key) { return true }
        return false
    }

    func decode<T: Decodable>(_ type: T.Type, forKey key: Key) throws -> T {
        try ValueDecoder(value: try member(key), codingPath: codingPath + [key]).decode(type)
    }

    func decodeIfPresent<T: Decodable>(_ type: T.Type, forKey key: Key) throws -> T? {
        guard let v = members[key.stringValue] else { return nil }
        if case .null = v { return nil }
        return try ValueDecoder(value: v, codingPath: codingPath + [key]).decode(type)
    }

    func nestedContainer<NestedKey: CodingKey>(keyedBy type: NestedKey.Type, forKey key: Key) throws -> KeyedDecodingContainer<NestedKey> {
        try ValueDecoder(value: try member(key), codingPath: codingPath + [key]).container(keyedBy: type)
    }

    func nestedUnkeyedContainer(forKey key: Key) throws -> UnkeyedDecodingContainer {
        try ValueDecoder(value: try member(key), codingPath: codingPath + [key]).unkeyedContainer()
    }

    func superDecoder() throws -> Decoder { ValueDecoder(value: members["super"] ?? .null, codingPath: codingPath) }
    func superDecoder(forKey key: Key) throws -> Decoder { ValueDecoder(value: members[key.stringValue] ?? .null, codingPath: codingPath + [key]) }
}

private struct ValueUnkeyed: UnkeyedDecodingContainer {
    let items: [JSONValue]
    var codingPath: [CodingKey]
    var currentIndex = 0

    init(items: [JSONValue], codingPath: [CodingKey]) {
        self.items = items
        self.codingPath = codingPath
    }

    var count: Int? { items.count }
    var isAtEnd: Bool { currentIndex >= items.count }

    private mutating func next(_ type: Any.Type) throws -> JSONValue {
        guard currentIndex < items.count else {
            throw DecodingError.valueNotFound(type, .init(codingPath: codingPath, debugDescription: "unkeyed container is at its end"))
        }
        defer { currentIndex += 1 }
        return items[currentIndex]
    }

    mutating func decodeNil() throws -> Bool {
        guard currentIndex < items.count else { return false }
        if case .null = items[currentIndex] {
            currentIndex += 1
            return true
        }
        return false
    }

    mutating func decode<T: Decodable>(_ type: T.Type) throws -> T {
        try ValueDecoder(value: try next(type), codingPath: codingPath).decode(type)
    }

    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy type: NestedKey.Type) throws -> KeyedDecodingContainer<NestedKey> {
        try ValueDecoder(value: try next([String: Any].self), codingPath: codingPath).container(keyedBy: type)
    }

    mutating func nestedUnkeyedContainer() throws -> UnkeyedDecodingContainer {
        try ValueDecoder(value: try next([Any].self), codingPath: codingPath).unkeyedContainer()
    }

    mutating func superDecoder() throws -> Decoder { ValueDecoder(value: try next(Any.self), codingPath: codingPath) }
}

private struct ValueSingle: SingleValueDecodingContainer {
    let value: JSONValue
    var codingPath: [CodingKey]

    func decodeNil() -> Bool {
        if case .null = value { return true }
        return false
    }

    func decode<T: Decodable>(_ type: T.Type) throws -> T {
        try ValueDecoder(value: value, codingPath: codingPath).decode(type)
    }
}
