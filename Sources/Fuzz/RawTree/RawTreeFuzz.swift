import FuzzSupport
import GitKit

/// Fuzz target of the raw tree reader behind `Repository.changedEntries`: the input is two tree objects as Git
/// stores them (`<octal mode> <name>\0<20-byte id>`…), the first two bytes giving the first one's length
/// (little-endian, modulo what is left).
///
/// Reading never crashes or reads out of bounds (run it under AddressSanitizer); when both trees parse entry by
/// entry, skipping their common head and tail gives the same changes as comparing every entry, and a tree compared
/// with itself has none.
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
                if let full, fast != full {
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

/// The libFuzzer callback (see scripts/fuzz.sh).
public func fuzzRawTree(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    runFuzzInput(data, size, RawTreeFuzz.check)
}
