/// The checksum of every cache record under `.git/chronik/` (the validation cache's files, the segment cache's
/// lines: log change sets, changelog records and renderings): FNV-1a's step over 8-byte words, then the bytes left,
/// then the length. Not a cryptographic hash: it tells a damaged, truncated or edited record (each step is a
/// bijection of the state, so a change in any one word always changes the sum), eight times faster than FNV-1a over
/// bytes, which matters on a warm run's hot path. A record that fails it is not used: it is computed again.
package enum Checksum {
    package static let initial: UInt64 = 0xcbf2_9ce4_8422_2325
    private static let prime: UInt64 = 0x100_0000_01b3

    /// The checksum of `bytes`, continuing from `state` (the sum of what came before, to cover several buffers as
    /// one record).
    package static func of(_ bytes: UnsafeRawBufferPointer, continuing state: UInt64 = initial) -> UInt64 {
        var value = state
        var i = 0
        while i + 8 <= bytes.count {
            value = (value ^ UInt64(littleEndian: bytes.loadUnaligned(fromByteOffset: i, as: UInt64.self))) &* prime
            i += 8
        }
        while i < bytes.count {
            value = (value ^ UInt64(bytes[i])) &* prime
            i += 1
        }
        return (value ^ UInt64(bytes.count)) &* prime
    }

    /// Sixteen lowercase hexadecimal digits.
    package static func hex(_ value: UInt64) -> String {
        let digits = String(value, radix: 16)
        return String(repeating: "0", count: 16 - digits.count) + digits
    }
}

/// `Checksum.of(_:continuing:)` over bytes that come in pieces (a value read from its file a chunk at a time): the
/// same sum as `of` over the pieces joined.
package struct ChecksumStream {
    private var value: UInt64
    /// The bytes of an 8-byte word begun at the end of the last piece.
    private var carry: [UInt8] = []
    private var count = 0
    private static let prime: UInt64 = 0x100_0000_01b3

    package init(continuing state: UInt64 = Checksum.initial) { value = state }

    package mutating func add(_ bytes: UnsafeRawBufferPointer) {
        count += bytes.count
        var i = 0
        if !carry.isEmpty {
            while carry.count < 8, i < bytes.count {
                carry.append(bytes[i])
                i += 1
            }
            guard carry.count == 8 else { return }
            let word = carry.withUnsafeBytes { $0.loadUnaligned(as: UInt64.self) }
            value = (value ^ UInt64(littleEndian: word)) &* Self.prime
            carry.removeAll(keepingCapacity: true)
        }
        while i + 8 <= bytes.count {
            value = (value ^ UInt64(littleEndian: bytes.loadUnaligned(fromByteOffset: i, as: UInt64.self))) &* Self.prime
            i += 8
        }
        while i < bytes.count {
            carry.append(bytes[i])
            i += 1
        }
    }

    /// The sum of every piece added.
    package func finish() -> UInt64 {
        var value = self.value
        for b in carry { value = (value ^ UInt64(b)) &* Self.prime }
        return (value ^ UInt64(count)) &* Self.prime
    }
}
