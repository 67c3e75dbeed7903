import Foundation

/// Names to their positions in the list they were given in, looked up by their UTF-8 bytes: for the commit gate's
/// vouched folders (`PlainCommit.VouchedFolder`), whose names the index gives as bytes. A table of Strings asked
/// with a String made of each index entry's bytes hashed 5,000 names twice (SipHash, and a String allocated for each
/// name longer than 15 bytes) on the gate's thread at the end of a cold `chronik validate` (issue 19); here the names
/// are copied into one buffer and hashed a word at a time, and a look-up compares bytes.
///
/// The reference is a `[String: Int]` of the same names (the first position of each): `NameTableTests`.
package struct NameTable: Sendable {
    /// Every name's bytes, one after another.
    private let bytes: [UInt8]
    /// Where name `k` ends in `bytes` (it begins where name `k - 1` ends).
    private let ends: [Int]
    /// Open addressing, linear probing: a name's position + 1, 0 for an empty slot. At most half full.
    private let slots: [Int32]
    /// Each slot's full hash (compared before the bytes).
    private let hashes: [UInt64]
    /// What every hash of this table starts from (`processSeed` unless a test gives one).
    private let seed: UInt64
    /// A name occurred more than once (a look-up finds its first position).
    package let hasDuplicates: Bool

    /// How many names were given (duplicates included).
    package var count: Int { ends.count }

    package init(_ names: [String], seed: UInt64 = NameTable.processSeed) {
        var capacity = 16
        while capacity < names.count * 2 { capacity <<= 1 }
        var total = 0
        for name in names { total += name.utf8.count }
        // Filled through buffers: appending to the arrays from a closure over `self` retained them and checked their
        // uniqueness for every name.
        var bytes = [UInt8](repeating: 0, count: total), ends = [Int](repeating: 0, count: names.count)
        var slots = [Int32](repeating: 0, count: capacity), hashes = [UInt64](repeating: 0, count: capacity)
        var duplicates = false
        bytes.withUnsafeMutableBytes { b in
            ends.withUnsafeMutableBufferPointer { e in
                slots.withUnsafeMutableBufferPointer { s in
                    hashes.withUnsafeMutableBufferPointer { h in
                        var offset = 0
                        for (k, var name) in names.enumerated() {
                            name.withUTF8 { utf8 in
                                let raw = UnsafeRawBufferPointer(utf8)
                                let hash = Self.hash(raw, seed: seed)
                                let (found, slot) = Self.probe(hash: hash, raw, UnsafeRawBufferPointer(b), UnsafeBufferPointer(e),
                                                               UnsafeBufferPointer(s), UnsafeBufferPointer(h))
                                if !raw.isEmpty { UnsafeMutableRawBufferPointer(rebasing: b[offset...]).copyMemory(from: raw) }
                                offset += raw.count
                                e[k] = offset
                                if found != nil {
                                    duplicates = true
                                } else {
                                    s[slot] = Int32(k + 1)
                                    h[slot] = hash
                                }
                            }
                        }
                    }
                }
            }
        }
        self.bytes = bytes
        self.ends = ends
        self.slots = slots
        self.hashes = hashes
        self.seed = seed
        hasDuplicates = duplicates
    }

    /// The position of the first name whose bytes are `name`, or nil.
    package func position(of name: UnsafeRawBufferPointer) -> Int? {
        bytes.withUnsafeBytes { b in
            ends.withUnsafeBufferPointer { e in
                slots.withUnsafeBufferPointer { s in
                    hashes.withUnsafeBufferPointer { h in Self.probe(hash: Self.hash(name, seed: seed), name, b, e, s, h).found }
                }
            }
        }
    }

    /// The position of `name` (hashed to `hash`) if it is there, and the slot where the probe ended (an empty one
    /// when it is not). While the table is made, the slots hold the names placed so far.
    private static func probe(hash: UInt64, _ name: UnsafeRawBufferPointer, _ bytes: UnsafeRawBufferPointer,
                              _ ends: UnsafeBufferPointer<Int>, _ slots: UnsafeBufferPointer<Int32>,
                              _ hashes: UnsafeBufferPointer<UInt64>) -> (found: Int?, slot: Int) {
        let mask = slots.count - 1
        var slot = Int(truncatingIfNeeded: hash) & mask
        while true {
            let held = Int(slots[slot])
            if held == 0 { return (nil, slot) }
            let k = held - 1
            if hashes[slot] == hash {
                let start = k == 0 ? 0 : ends[k - 1], length = ends[k] - start
                if length == name.count, length == 0 || memcmp(bytes.baseAddress! + start, name.baseAddress!, length) == 0 {
                    return (k, slot)
                }
            }
            slot = (slot + 1) & mask
        }
    }

    /// Mixed into every hash, new for each process: the names are a store's file names, which whoever wrote the store
    /// chose. With a fixed hash, thousands of names picked to fall on neighbouring slots would make every look-up in
    /// their folder walk past all of them (as Swift's own `Hasher` is seeded per process for the same reason).
    package static let processSeed = UInt64.random(in: .min ... .max)

    /// The slot where `name` starts its probe in a table of `capacity` slots (a power of two) hashed with `seed`.
    package static func slot(of name: String, capacity: Int, seed: UInt64) -> Int {
        var name = name
        return name.withUTF8 { Int(truncatingIfNeeded: hash(UnsafeRawBufferPointer($0), seed: seed)) & (capacity - 1) }
    }

    /// FNV-1a's step over 8-byte words, then over the bytes left and the length as one word, then MurmurHash3's
    /// finaliser (the table takes the low bits): a quarter of the steps of FNV-1a over bytes, whose multiplications
    /// wait for each other (a name of 30 bytes, 30 of them).
    private static func hash(_ name: UnsafeRawBufferPointer, seed: UInt64) -> UInt64 {
        let prime: UInt64 = 0x0000_0100_0000_01b3
        var h: UInt64 = 0xcbf2_9ce4_8422_2325 ^ seed
        let count = name.count
        var i = 0
        while i + 8 <= count {
            h = (h ^ name.loadUnaligned(fromByteOffset: i, as: UInt64.self)) &* prime
            i += 8
        }
        var tail = UInt64(truncatingIfNeeded: count) << 56, shift: UInt64 = 0
        while i < count {
            tail |= UInt64(name[i]) << shift
            shift += 8
            i += 1
        }
        h = (h ^ tail) &* prime
        h ^= h >> 33
        h = h &* 0xff51_afd7_ed55_8ccd
        h ^= h >> 33
        h = h &* 0xc4ce_b9fe_1a85_ec53
        h ^= h >> 33
        return h
    }
}
