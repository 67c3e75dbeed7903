import CLibGit2

/// A 20-byte SHA-1 object id (`git_oid`), stored inline so it is cheap to hash and copy.
public struct ObjectID: Sendable, Hashable, Comparable, CustomStringConvertible, Codable {
    // Big-endian words: comparing (high, middle, low) is comparing the bytes in order.
    private let high: UInt64
    private let middle: UInt64
    private let low: UInt32

    init(bytes: some Collection<UInt8>) {
        var high: UInt64 = 0
        var middle: UInt64 = 0
        var low: UInt32 = 0
        for (index, byte) in bytes.prefix(20).enumerated() {
            switch index {
            case 0..<8: high = high << 8 | UInt64(byte)
            case 8..<16: middle = middle << 8 | UInt64(byte)
            default: low = low << 8 | UInt32(byte)
            }
        }
        self.high = high
        self.middle = middle
        self.low = low
    }

    /// Parses a full 40-digit hex id (either case); nil for anything else.
    public init?(hex: String) {
        let utf8 = Array(hex.utf8)
        guard utf8.count == 40 else { return nil }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(20)
        var index = 0
        while index < 40 {
            guard let hi = Self.nibble(utf8[index]), let lo = Self.nibble(utf8[index + 1]) else { return nil }
            bytes.append(hi << 4 | lo)
            index += 2
        }
        self.init(bytes: bytes)
    }

    private static func nibble(_ c: UInt8) -> UInt8? {
        switch c {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): c - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): c - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): c - UInt8(ascii: "A") + 10
        default: nil
        }
    }

    /// The 20 raw bytes.
    public var bytes: [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(20)
        for shift in stride(from: 56, through: 0, by: -8) { out.append(UInt8(truncatingIfNeeded: high >> UInt64(shift))) }
        for shift in stride(from: 56, through: 0, by: -8) { out.append(UInt8(truncatingIfNeeded: middle >> UInt64(shift))) }
        for shift in stride(from: 24, through: 0, by: -8) { out.append(UInt8(truncatingIfNeeded: low >> UInt32(shift))) }
        return out
    }

    /// Lower-case, 40 hex digits.
    public var hex: String {
        let digits = Array("0123456789abcdef".utf8)
        var chars: [UInt8] = []
        chars.reserveCapacity(40)
        for byte in bytes {
            chars.append(digits[Int(byte >> 4)])
            chars.append(digits[Int(byte & 0x0f)])
        }
        return String(decoding: chars, as: UTF8.self)
    }

    /// The first `length` hex digits (clamped to 1...40).
    public func short(_ length: Int = 7) -> String {
        String(hex.prefix(min(max(length, 1), 40)))
    }

    /// The id stored as 20 bytes at `pointer` (as in a tree, a pack index or a REF_DELTA entry).
    init(rawBytes pointer: UnsafeRawPointer) {
        high = UInt64(bigEndian: pointer.loadUnaligned(as: UInt64.self))
        middle = UInt64(bigEndian: pointer.loadUnaligned(fromByteOffset: 8, as: UInt64.self))
        low = UInt32(bigEndian: pointer.loadUnaligned(fromByteOffset: 16, as: UInt32.self))
    }

    /// Stores the 20 raw bytes at `pointer` (as a tree or the index keeps an id).
    func store(to pointer: UnsafeMutableRawPointer) {
        pointer.storeBytes(of: high.bigEndian, as: UInt64.self)
        pointer.storeBytes(of: middle.bigEndian, toByteOffset: 8, as: UInt64.self)
        pointer.storeBytes(of: low.bigEndian, toByteOffset: 16, as: UInt32.self)
    }

    /// The id's first byte (a pack index's fan-out slot, a loose object's folder).
    var firstByte: UInt8 { UInt8(truncatingIfNeeded: high >> 56) }

    /// Whether the 20 bytes at `pointer` are this id, compared in order: negative when this id sorts before them,
    /// zero when equal, positive after.
    func compare(rawBytes pointer: UnsafeRawPointer) -> Int {
        let h = UInt64(bigEndian: pointer.loadUnaligned(as: UInt64.self))
        if high != h { return high < h ? -1 : 1 }
        let m = UInt64(bigEndian: pointer.loadUnaligned(fromByteOffset: 8, as: UInt64.self))
        if middle != m { return middle < m ? -1 : 1 }
        let l = UInt32(bigEndian: pointer.loadUnaligned(fromByteOffset: 16, as: UInt32.self))
        if low != l { return low < l ? -1 : 1 }
        return 0
    }

    /// True for the all-zero id libgit2 uses for "no object".
    public var isZero: Bool { high == 0 && middle == 0 && low == 0 }

    public var description: String { hex }

    public static func < (lhs: ObjectID, rhs: ObjectID) -> Bool {
        (lhs.high, lhs.middle, lhs.low) < (rhs.high, rhs.middle, rhs.low)
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        let text = try container.decode(String.self)
        guard let id = ObjectID(hex: text) else {
            throw DecodingError.dataCorruptedError(in: container, debugDescription: "expected a 40-digit hex object id, got \"\(text)\"")
        }
        self = id
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(hex)
    }
}

// MARK: - Bridging to git_oid (internal only)

extension ObjectID {
    init(_ oid: git_oid) {
        // Read the 20 bytes in place: ids are copied out by the thousand in history walks.
        self = withUnsafeBytes(of: oid.id) { ObjectID(bytes: $0) }
    }

    init(_ pointer: UnsafePointer<git_oid>) {
        self.init(pointer.pointee)
    }

    /// The id as a `git_oid`, for passing to C.
    var oid: git_oid {
        var oid = git_oid()
        withUnsafeMutableBytes(of: &oid.id) { raw in
            guard raw.count >= 20 else { preconditionFailure("git_oid holds 20 bytes") }
            raw.storeBytes(of: high.bigEndian, toByteOffset: 0, as: UInt64.self)
            raw.storeBytes(of: middle.bigEndian, toByteOffset: 8, as: UInt64.self)
            raw.storeBytes(of: low.bigEndian, toByteOffset: 16, as: UInt32.self)
        }
        return oid
    }
}

extension ObjectID {
    /// The id `bytes` would have as a blob (SHA-1 of `blob <length>\0` and the bytes), without writing it: a
    /// fingerprint of a value, as Git names content. GitKit's own SHA-1 (`sha1.h`), as `git_odb_hash` computes it.
    public static func blobID(of bytes: [UInt8]) throws -> ObjectID {
        SHA1.objectID(type: "blob", content: bytes)
    }
}
