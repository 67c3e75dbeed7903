import FuzzSupport
import GitKit

/// Fuzz target of the raw tree reader behind `Repository.changedEntries`: the input is two tree objects as Git
/// stores them (`<octal mode> <name>\0<20-byte id>`…), the first two bytes giving the first one's length
/// (little-endian, modulo what is left).
///
/// Reading never crashes or reads out of bounds (run it under AddressSanitizer); when both trees parse entry by
/// entry and neither holds a name twice, skipping their common head and tail gives the same changes as comparing
/// every entry, whatever the order of the entries; a tree compared with itself has none.
public enum RawTreeFuzz {
    public static func check(_ input: [UInt8]) throws(FuzzFailure) {
        guard input.count >= 2 else { return }
        let rest = input.count - 2
        let length = (Int(input[0]) | Int(input[1]) << 8) % (rest + 1)
        // Each tree in its own allocation, so that AddressSanitizer sees a read past either end.
        let a = Array(input[2..<(2 + length)]), b = Array(input[(2 + length)...])
        let failure: String? = a.withUnsafeBytes { a in
            b.withUnsafeBytes { b in
                let fast = Repository.changes(betweenRawTrees: a, b)
                let full = Repository.changes(betweenRawTrees: a, b, skippingCommonEnds: false)
                if let full, fast != full, uniqueNames(a), uniqueNames(b) {
                    return "skipping the common ends gives \(String(describing: fast)), every entry gives \(full)"
                }
                if let same = Repository.changes(betweenRawTrees: a, a, skippingCommonEnds: false), !same.isEmpty {
                    return "a tree differs from itself: \(same)"
                }
                return nil
            }
        }
        if let failure { throw FuzzFailure(failure) }
    }
}

extension RawTreeFuzz {
    /// True when no name occurs twice among the entries of `tree` (bytes that parse as entries). Git never writes
    /// such a tree and `git fsck` refuses one ("contains duplicate file entries"); with a name twice, which of the
    /// two pairs with the other tree's entry depends on where the comparison starts, so the two ways may differ.
    static func uniqueNames(_ tree: UnsafeRawBufferPointer) -> Bool {
        var names = Set<[UInt8]>()
        var p = 0
        while p < tree.count {
            guard let space = tree[p...].firstIndex(of: 0x20), let nul = tree[space...].firstIndex(of: 0) else { return true }
            guard names.insert(Array(tree[(space + 1)..<nul])).inserted else { return false }
            p = nul + 21
        }
        return true
    }
}

/// The libFuzzer callback (see scripts/fuzz.sh).
public func fuzzRawTree(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    runFuzzInput(data, size, RawTreeFuzz.check)
}
