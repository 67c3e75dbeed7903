import Foundation
import OrderedCollections

/// Encodes any `Encodable` into a `JSONValue`, keeping keys in the order they are encoded (for synthesised
/// `Codable`, the order properties are declared), so that JSON output has a stable, documented field order.
/// Foundation's `JSONEncoder` does not promise an order. `nil` optionals are left out, as `JSONEncoder` does.
public struct JSONValueEncoder {
    public init() {}

    public func encode<T: Encodable>(_ value: T) throws -> JSONValue {
        let root = Node()
        try Box(node: root, codingPath: []).encode(value)
        return root.value
    }

    /// JSON text: the text `JSONWriter` writes of `encode(value)`, pretty by default, with a final newline. Written
    /// by `JSONByteWriter`'s streaming encoder, without the tree.
    public func text<T: Encodable>(_ value: T, pretty: Bool = true) throws -> String {
        String(decoding: try utf8(value, pretty: pretty), as: UTF8.self)
    }

    /// The UTF-8 bytes of `text(value, pretty:)`.
    public func utf8<T: Encodable>(_ value: T, pretty: Bool = true) throws -> [UInt8] {
        var writer = JSONByteWriter(pretty: pretty)
        try writer.encode(value)
        writer.append(byte: 0x0A)
        return writer.bytes
    }
}

/// A mutable slot in the tree being built.
private final class Node {
    enum Content {
        case value(JSONValue)
        case object(OrderedDictionary<String, Node>)
        case array([Node])
    }

    var content: Content = .value(.null)

    var value: JSONValue {
        switch content {
        case .value(let v): return v
        case .object(let members): return .object(members.mapValues(\.value))
        case .array(let items): return .array(items.map(\.value))
        }
    }
}

private struct Box: Encoder {
    let node: Node
    var codingPath: [CodingKey]
    var userInfo: [CodingUserInfoKey: Any] { [:] }

    func container<Key: CodingKey>(keyedBy type: Key.Type) -> KeyedEncodingContainer<Key> {
        if case .object = node.content {} else { node.content = .object([:]) }
        return KeyedEncodingContainer(Keyed<Key>(node: node, codingPath: codingPath))
    }

    func unkeyedContainer() -> UnkeyedEncodingContainer {
        if case .array = node.content {} else { node.content = .array([]) }
        return Unkeyed(node: node, codingPath: codingPath)
    }

    func singleValueContainer() -> SingleValueEncodingContainer { Single(node: node, codingPath: codingPath) }

    /// Encodes a value into this box's node, with direct forms for the types JSON has.
    func encode<T: Encodable>(_ value: T) throws {
        if let direct = Box.direct(value) {
            node.content = .value(direct)
        } else {
            try value.encode(to: self)
        }
    }

    static func direct<T: Encodable>(_ value: T) -> JSONValue? {
        switch value {
        case let v as JSONValue: return v
        case let v as String: return .string(v)
        case let v as Bool: return .bool(v)
        case let v as Int: return .number(JSONNumber(v))
        case let v as Int64: return .number(JSONNumber(Int(v)))
        case let v as Int32: return .number(JSONNumber(Int(v)))
        case let v as UInt: return JSONNumber(literal: String(v)).map(JSONValue.number)
        case let v as Double: return v.isFinite ? .number(JSONNumber(v)) : .null
        case let v as Decimal: return JSONNumber(literal: v.description).map(JSONValue.number) ?? .string(v.description)
        case let v as URL: return .string(v.absoluteString)
        default: return nil
        }
    }
}

private struct Keyed<Key: CodingKey>: KeyedEncodingContainerProtocol {
    let node: Node
    var codingPath: [CodingKey]

    private func child(_ key: Key) -> Node {
        guard case .object(var members) = node.content else { preconditionFailure("keyed container on a non-object node") }
        if let existing = members[key.stringValue] { return existing }
        node.content = .value(.null)  // so that the insertion below does not copy the members
        let child = Node()
        members[key.stringValue] = child
        node.content = .object(members)
        return child
    }

    mutating func encodeNil(forKey key: Key) throws { child(key).content = .value(.null) }

    mutating func encode<T: Encodable>(_ value: T, forKey key: Key) throws {
        try Box(node: child(key), codingPath: codingPath + [key]).encode(value)
    }

    mutating func encodeIfPresent<T: Encodable>(_ value: T?, forKey key: Key) throws {
        if let value { try encode(value, forKey: key) }
    }

    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type, forKey key: Key) -> KeyedEncodingContainer<NestedKey> {
        Box(node: child(key), codingPath: codingPath + [key]).container(keyedBy: keyType)
    }

    mutating func nestedUnkeyedContainer(forKey key: Key) -> UnkeyedEncodingContainer {
        Box(node: child(key), codingPath: codingPath + [key]).unkeyedContainer()
    }

    mutating func superEncoder() -> Encoder { Box(node: child(Key(stringValue: "super")!), codingPath: codingPath) }
    mutating func superEncoder(forKey key: Key) -> Encoder { Box(node: child(key), codingPath: codingPath + [key]) }
}

private struct Unkeyed: UnkeyedEncodingContainer {
    let node: Node
    var codingPath: [CodingKey]
    var count: Int {
        if case .array(let items) = node.content { return items.count }
        return 0
    }

    private func append() -> Node {
        guard case .array(var items) = node.content else { preconditionFailure("unkeyed container on a non-array node") }
        node.content = .value(.null)  // so that the append below does not copy the items
        let child = Node()
        items.append(child)
        node.content = .array(items)
        return child
    }

    mutating func encodeNil() throws { append().content = .value(.null) }
    mutating func encode<T: Encodable>(_ value: T) throws { try Box(node: append(), codingPath: codingPath).encode(value) }
    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type) -> KeyedEncodingContainer<NestedKey> {
        Box(node: append(), codingPath: codingPath).container(keyedBy: keyType)
    }
    mutating func nestedUnkeyedContainer() -> UnkeyedEncodingContainer { Box(node: append(), codingPath: codingPath).unkeyedContainer() }
    mutating func superEncoder() -> Encoder { Box(node: append(), codingPath: codingPath) }
}

private struct Single: SingleValueEncodingContainer {
    let node: Node
    var codingPath: [CodingKey]
    mutating func encodeNil() throws { node.content = .value(.null) }
    mutating func encode<T: Encodable>(_ value: T) throws { try Box(node: node, codingPath: codingPath).encode(value) }
}
