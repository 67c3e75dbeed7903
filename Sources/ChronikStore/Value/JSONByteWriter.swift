import Foundation

/// Writes JSON straight into UTF-8 bytes: `JSONValue`s, and any `Encodable` through a streaming encoder, with the
/// same text as `JSONWriter` over `JSONValueEncoder().encode` (keys in encoding order, `nil` optionals left out,
/// number literals as written, the same escaping and the same two-space pretty format) but without the
/// intermediate `JSONValue` tree and without a `String` per scalar.
///
/// The streaming encoder handles what synthesised `Codable` does: each key once, containers used in order. A type
/// that encodes a key twice, asks one encoder for two containers, or uses `superEncoder` is encoded through the
/// tree instead (`JSONValueEncoder`), so the text is the same in every case.
public struct JSONByteWriter {
    /// The text written so far.
    public var bytes: [UInt8]
    /// Indent by two spaces with one member per line.
    public let pretty: Bool

    public init(pretty: Bool = true, capacity: Int = 0) {
        self.pretty = pretty
        bytes = []
        bytes.reserveCapacity(capacity)
    }

    /// Appends raw text (the caller keeps it valid JSON).
    public mutating func append(_ text: String) {
        bytes.append(contentsOf: text.utf8)
    }

    /// Appends one raw byte (the caller keeps it valid JSON).
    public mutating func append(byte: UInt8) {
        bytes.append(byte)
    }

    /// In pretty mode, a line break and `indent` levels of two spaces; else nothing.
    public mutating func newline(indent: Int) {
        guard pretty else { return }
        bytes.append(0x0A)
        if indent > 0 { bytes.append(contentsOf: repeatElement(UInt8(0x20), count: 2 * indent)) }
    }

    /// `writeKey(key)` for a key that needs no escaping (no control character, `"` or `\\`; the caller's constant).
    public mutating func writePlainKey(_ key: StaticString) {
        bytes.append(0x22)
        key.withUTF8Buffer { bytes.append(contentsOf: $0) }
        bytes.append(0x22)
        bytes.append(0x3A)
        if pretty { bytes.append(0x20) }
    }

    /// Appends `s` as a JSON string literal, quotes included.
    public mutating func writeString(_ s: String) {
        bytes.append(0x22)
        var s = s
        s.withUTF8 { appendEscaped($0) }
        bytes.append(0x22)
    }

    /// Appends an object key and its separator (`"key": ` pretty, `"key":` compact).
    public mutating func writeKey(_ key: String) {
        writeString(key)
        bytes.append(0x3A)
        if pretty { bytes.append(0x20) }
    }

    /// Appends `value` as `JSONWriter.write` would, nested at `indent` levels (the first line is not indented).
    public mutating func write(_ value: JSONValue, indent: Int = 0) {
        switch value {
        case .null: append("null")
        case .bool(let b): append(b ? "true" : "false")
        case .number(let n): append(n.literal)
        case .string(let s): writeString(s)
        case .array(let items):
            guard !items.isEmpty else { append("[]"); return }
            bytes.append(0x5B)
            for (i, item) in items.enumerated() {
                if i > 0 { bytes.append(0x2C) }
                newline(indent: indent + 1)
                write(item, indent: indent + 1)
            }
            newline(indent: indent)
            bytes.append(0x5D)
        case .object(let members):
            guard !members.isEmpty else { append("{}"); return }
            bytes.append(0x7B)
            var first = true
            for (key, member) in members {
                if !first { bytes.append(0x2C) }
                first = false
                newline(indent: indent + 1)
                writeKey(key)
                write(member, indent: indent + 1)
            }
            newline(indent: indent)
            bytes.append(0x7D)
        }
    }

    /// Appends `value` encoded (as `JSONValueEncoder().encode(value)` written by `JSONWriter`), nested at `indent`
    /// levels. Throws what the value's `encode(to:)` throws; on an error nothing is appended.
    public mutating func encode<T: Encodable>(_ value: T, indent: Int = 0) throws {
        let start = bytes.count
        let state = StreamState(pretty: pretty, indent: indent)
        swap(&state.out.bytes, &bytes)
        defer { swap(&state.out.bytes, &bytes) }
        do {
            try StreamBox(state: state, slot: state.newSerial()).encode(value)
            state.closeFrames(downTo: 0)
            if !state.failed { return }
        } catch {
            state.out.bytes.removeSubrange(start...)
            throw error
        }
        // A pattern the stream cannot follow in order: write the tree instead.
        state.out.bytes.removeSubrange(start...)
        state.out.write(try JSONValueEncoder().encode(value), indent: indent)
    }

    /// Appends compact JSON text (as a writer with `pretty: false` writes it: no white space outside strings) the way
    /// this writer writes the same value, nested at `indent` levels (the first line is not indented): in pretty
    /// mode, a line break and indent after `{`, `[` and `,`, before `}` and `]`, a space after `:`, empty containers
    /// kept as `{}` and `[]`. Strings are copied as they are. Lets a value encoded once compactly (for a cache) be
    /// written for readers without encoding it again.
    public mutating func appendReindented(compact: UnsafeBufferPointer<UInt8>, indent: Int) {
        guard pretty else { bytes.append(contentsOf: compact); return }
        let n = compact.count
        var depth = indent, i = 0, copied = 0
        func copy(upTo end: Int) {
            if copied < end { bytes.append(contentsOf: UnsafeBufferPointer(rebasing: compact[copied..<end])) }
            copied = end
        }
        while i < n {
            switch compact[i] {
            case 0x22:
                // A string: to its closing quote, over escapes.
                i += 1
                while i < n, compact[i] != 0x22 { i += compact[i] == 0x5C ? 2 : 1 }
                i += 1
            case 0x7B, 0x5B:
                let close: UInt8 = compact[i] == 0x7B ? 0x7D : 0x5D
                if i + 1 < n, compact[i + 1] == close { i += 2; continue }
                copy(upTo: i + 1)
                depth += 1
                newline(indent: depth)
                i += 1
            case 0x7D, 0x5D:
                copy(upTo: i)
                depth -= 1
                newline(indent: depth)
                i += 1
            case 0x2C:
                copy(upTo: i + 1)
                newline(indent: depth)
                i += 1
            case 0x3A:
                copy(upTo: i + 1)
                bytes.append(0x20)
                i += 1
            default:
                i += 1
            }
        }
        copy(upTo: n)
    }

    /// Whether one of the eight bytes of `word` may need escaping: a control character (< 0x20), `"`, `\\`, or 0xE2
    /// (the lead byte of U+2028 and U+2029, and of other characters, which the byte-wise check then passes). Exact
    /// for "none": the classic SWAR tests (Anderson, "Bit Twiddling Hacks", "Determine if a word has a byte less
    /// than n" and "… has a zero byte", the latter applied to the word xor each byte looked for) never miss a byte;
    /// they may flag a word whose flagged byte is not one of these (a borrow), which the byte-wise check then skips.
    @inline(__always)
    private static func mayNeedEscaping(_ word: UInt64) -> Bool {
        let ones: UInt64 = 0x0101_0101_0101_0101, highs: UInt64 = 0x8080_8080_8080_8080
        @inline(__always) func hasZero(_ v: UInt64) -> UInt64 { (v &- ones) & ~v & highs }
        let control = (word &- 0x2020_2020_2020_2020) & ~word & highs
        let quote = hasZero(word ^ 0x2222_2222_2222_2222)
        let backslash = hasZero(word ^ 0x5C5C_5C5C_5C5C_5C5C)
        let e2 = hasZero(word ^ 0xE2E2_E2E2_E2E2_E2E2)
        return control | quote | backslash | e2 != 0
    }

    /// Appends `utf8` escaped as a JSON string's contents. Runs of bytes that need no escaping (nearly all of
    /// them: a body's line breaks are the usual exception) are passed over eight at a time (`mayNeedEscaping`) and
    /// copied whole; the byte-wise switch decides the rest. `JSONByteWriterTests` hold it to the byte-wise
    /// reference on seeded text.
    private mutating func appendEscaped(_ utf8: UnsafeBufferPointer<UInt8>) {
        var run = 0
        var i = 0
        let n = utf8.count
        guard let base = utf8.baseAddress else { return }
        let raw = UnsafeRawPointer(base)
        while i < n {
            while i + 8 <= n, !Self.mayNeedEscaping(raw.loadUnaligned(fromByteOffset: i, as: UInt64.self)) { i += 8 }
            guard i < n else { break }
            let b = utf8[i]
            let escape: StaticString?
            var width = 1
            switch b {
            case 0x22: escape = "\\\""
            case 0x5C: escape = "\\\\"
            case 0x0A: escape = "\\n"
            case 0x0D: escape = "\\r"
            case 0x09: escape = "\\t"
            case 0x08: escape = "\\b"
            case 0x0C: escape = "\\f"
            case 0x00..<0x20: escape = nil
            case 0xE2 where i + 2 < n && utf8[i + 1] == 0x80 && (utf8[i + 2] == 0xA8 || utf8[i + 2] == 0xA9):
                // U+2028 and U+2029: valid in JSON, but line breaks in JavaScript.
                escape = utf8[i + 2] == 0xA8 ? "\\u2028" : "\\u2029"
                width = 3
            default:
                i += 1
                continue
            }
            if run < i { bytes.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[run..<i])) }
            if let escape {
                escape.withUTF8Buffer { bytes.append(contentsOf: $0) }
            } else {
                let hex: [UInt8] = Array("0123456789abcdef".utf8)
                bytes.append(contentsOf: [0x5C, 0x75, 0x30, 0x30, hex[Int(b >> 4)], hex[Int(b & 0x0F)]])
            }
            i += width
            run = i
        }
        if run < n { bytes.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[run..<n])) }
    }
}

// MARK: - The streaming encoder

/// The shared state of one streaming encode: the output, the open containers (innermost last) and the keys written
/// in the open objects. A container writes a member only while it is open; writing one first closes the
/// containers nested deeper (their values are complete by then).
private final class StreamState {
    struct Frame {
        var serial: Int
        var isObject: Bool
        var count = 0
        /// Where this object's keys start in `keys`.
        var keyStart: Int
    }

    var out: JSONByteWriter
    let baseIndent: Int
    var frames: [Frame] = []
    var keys: [String] = []
    var path: [CodingKey] = []
    var serial = 0
    /// The newest slot (a place for one value) that received its value or container.
    var lastStarted = 0
    /// Set when the encoding did something the stream cannot follow; the caller then encodes through the tree.
    var failed = false

    init(pretty: Bool, indent: Int) {
        out = JSONByteWriter(pretty: pretty)
        baseIndent = indent
    }

    func newSerial() -> Int {
        serial += 1
        return serial
    }

    /// Marks `slot` as filled; false (and `failed`) when it was filled before.
    func start(_ slot: Int) -> Bool {
        guard !failed, slot > lastStarted else { failed = true; return false }
        lastStarted = slot
        return true
    }

    /// Closes the open containers above `depth` (keeps `depth` of them).
    func closeFrames(downTo depth: Int) {
        while frames.count > depth {
            let frame = frames.removeLast()
            if frame.count > 0 { out.newline(indent: baseIndent + frames.count) }
            out.bytes.append(frame.isObject ? 0x7D : 0x5D)
            if frame.isObject { keys.removeSubrange(frame.keyStart...) }
        }
    }

    func open(object: Bool) -> (index: Int, serial: Int) {
        let serial = newSerial()
        frames.append(Frame(serial: serial, isObject: object, keyStart: keys.count))
        out.bytes.append(object ? 0x7B : 0x5B)
        return (frames.count - 1, serial)
    }

    /// Begins the next member of the container at `index`: closes deeper containers, writes the separator.
    func member(_ index: Int, _ serial: Int, key: String? = nil) -> Bool {
        guard !failed, index < frames.count, frames[index].serial == serial else { failed = true; return false }
        closeFrames(downTo: index + 1)
        if let key {
            if keys[frames[index].keyStart...].contains(key) { failed = true; return false }
            keys.append(key)
        }
        if frames[index].count > 0 { out.bytes.append(0x2C) }
        frames[index].count += 1
        out.newline(indent: baseIndent + index + 1)
        if let key { out.writeKey(key) }
        return true
    }

    /// The indent of a value written now (inside the innermost open container).
    var indent: Int { baseIndent + frames.count }
}

private struct StreamBox: Encoder {
    let state: StreamState
    let slot: Int
    var codingPath: [CodingKey] { state.path }
    var userInfo: [CodingUserInfoKey: Any] { [:] }

    func container<Key: CodingKey>(keyedBy type: Key.Type) -> KeyedEncodingContainer<Key> {
        guard state.start(slot) else { return KeyedEncodingContainer(StreamKeyed<Key>(state: state, index: -1, serial: -1)) }
        let (index, serial) = state.open(object: true)
        return KeyedEncodingContainer(StreamKeyed<Key>(state: state, index: index, serial: serial))
    }

    func unkeyedContainer() -> UnkeyedEncodingContainer {
        guard state.start(slot) else { return StreamUnkeyed(state: state, index: -1, serial: -1) }
        let (index, serial) = state.open(object: false)
        return StreamUnkeyed(state: state, index: index, serial: serial)
    }

    func singleValueContainer() -> SingleValueEncodingContainer { StreamSingle(box: self) }

    /// Encodes `value` into this slot: the scalars JSON has directly (as `JSONValueEncoder` maps them), anything
    /// else through its `encode(to:)`.
    func encode<T: Encodable>(_ value: T) throws {
        if T.self == String.self {
            write(string: unsafeBitCast(value, to: String.self))
        } else if T.self == JSONValue.self {
            guard state.start(slot) else { return }
            state.out.write(unsafeBitCast(value, to: JSONValue.self), indent: state.indent)
        } else if T.self == Int.self {
            write(literal: String(unsafeBitCast(value, to: Int.self)))
        } else if T.self == Bool.self {
            write(literal: unsafeBitCast(value, to: Bool.self) ? "true" : "false")
        } else if T.self == Double.self {
            write(double: unsafeBitCast(value, to: Double.self))
        } else if T.self == Int64.self {
            write(literal: String(unsafeBitCast(value, to: Int64.self)))
        } else if T.self == Int32.self {
            write(literal: String(unsafeBitCast(value, to: Int32.self)))
        } else if T.self == UInt.self {
            write(literal: String(unsafeBitCast(value, to: UInt.self)))
        } else if T.self == Decimal.self {
            let decimal = unsafeBitCast(value, to: Decimal.self)
            write(JSONNumber(literal: decimal.description).map(JSONValue.number) ?? .string(decimal.description))
        } else if T.self == URL.self {
            write(string: unsafeBitCast(value, to: URL.self).absoluteString)
        } else {
            let depth = state.frames.count
            try value.encode(to: self)
            if state.lastStarted < slot, state.start(slot) { state.out.append("null") }  // encoded nothing
            state.closeFrames(downTo: depth)
        }
    }

    func write(string: String) {
        guard state.start(slot) else { return }
        state.out.writeString(string)
    }

    func write(literal: String) {
        guard state.start(slot) else { return }
        state.out.append(literal)
    }

    func write(double: Double) {
        write(literal: double.isFinite ? JSONNumber(double).literal : "null")
    }

    func write(_ value: JSONValue) {
        guard state.start(slot) else { return }
        state.out.write(value, indent: state.indent)
    }
}

private struct StreamKeyed<Key: CodingKey>: KeyedEncodingContainerProtocol {
    let state: StreamState
    let index: Int
    let serial: Int
    var codingPath: [CodingKey] { state.path }

    /// The slot of the member `key`, its key written; nil when the stream cannot follow.
    private func member(_ key: Key) -> StreamBox? {
        guard state.member(index, serial, key: key.stringValue) else { return nil }
        return StreamBox(state: state, slot: state.newSerial())
    }

    private func encodeMember<T: Encodable>(_ value: T, _ key: Key) throws {
        guard let box = member(key) else { return }
        state.path.append(key)
        defer { state.path.removeLast() }
        try box.encode(value)
    }

    mutating func encodeNil(forKey key: Key) throws { member(key)?.write(literal: "null") }
    mutating func encode(_ value: String, forKey key: Key) throws { member(key)?.write(string: value) }
    mutating func encode(_ value: Bool, forKey key: Key) throws { member(key)?.write(literal: value ? "true" : "false") }
    mutating func encode(_ value: Int, forKey key: Key) throws { member(key)?.write(literal: String(value)) }
    mutating func encode(_ value: Double, forKey key: Key) throws { member(key)?.write(double: value) }
    mutating func encode<T: Encodable>(_ value: T, forKey key: Key) throws { try encodeMember(value, key) }

    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type, forKey key: Key) -> KeyedEncodingContainer<NestedKey> {
        guard let box = member(key) else { return KeyedEncodingContainer(StreamKeyed<NestedKey>(state: state, index: -1, serial: -1)) }
        return box.container(keyedBy: keyType)
    }

    mutating func nestedUnkeyedContainer(forKey key: Key) -> UnkeyedEncodingContainer {
        guard let box = member(key) else { return StreamUnkeyed(state: state, index: -1, serial: -1) }
        return box.unkeyedContainer()
    }

    mutating func superEncoder() -> Encoder { state.failed = true; return StreamBox(state: state, slot: 0) }
    mutating func superEncoder(forKey key: Key) -> Encoder { state.failed = true; return StreamBox(state: state, slot: 0) }
}

private struct StreamUnkeyed: UnkeyedEncodingContainer {
    let state: StreamState
    let index: Int
    let serial: Int
    var codingPath: [CodingKey] { state.path }
    var count: Int { index >= 0 && index < state.frames.count && state.frames[index].serial == serial ? state.frames[index].count : 0 }

    private func element() -> StreamBox? {
        guard state.member(index, serial) else { return nil }
        return StreamBox(state: state, slot: state.newSerial())
    }

    mutating func encodeNil() throws { element()?.write(literal: "null") }
    mutating func encode(_ value: String) throws { element()?.write(string: value) }
    mutating func encode(_ value: Bool) throws { element()?.write(literal: value ? "true" : "false") }
    mutating func encode(_ value: Int) throws { element()?.write(literal: String(value)) }
    mutating func encode(_ value: Double) throws { element()?.write(double: value) }
    mutating func encode<T: Encodable>(_ value: T) throws { try element()?.encode(value) }

    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type) -> KeyedEncodingContainer<NestedKey> {
        guard let box = element() else { return KeyedEncodingContainer(StreamKeyed<NestedKey>(state: state, index: -1, serial: -1)) }
        return box.container(keyedBy: keyType)
    }

    mutating func nestedUnkeyedContainer() -> UnkeyedEncodingContainer {
        guard let box = element() else { return StreamUnkeyed(state: state, index: -1, serial: -1) }
        return box.unkeyedContainer()
    }

    mutating func superEncoder() -> Encoder { state.failed = true; return StreamBox(state: state, slot: 0) }
}

private struct StreamSingle: SingleValueEncodingContainer {
    let box: StreamBox
    var codingPath: [CodingKey] { box.codingPath }

    mutating func encodeNil() throws { box.write(literal: "null") }
    mutating func encode(_ value: String) throws { box.write(string: value) }
    mutating func encode(_ value: Bool) throws { box.write(literal: value ? "true" : "false") }
    mutating func encode(_ value: Int) throws { box.write(literal: String(value)) }
    mutating func encode(_ value: Double) throws { box.write(double: value) }
    mutating func encode<T: Encodable>(_ value: T) throws { try box.encode(value) }
}
