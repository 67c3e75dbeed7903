// What every fuzz target shares: the input as bytes, the input split in two, and the failure that libFuzzer records.
//
// A target is a `check` function that throws `FuzzFailure` when an invariant does not hold; the code under test
// crashing (a trap, an out-of-bounds index, an overflow) is a finding too. `runFuzzInput` turns a thrown failure
// into a trap with its message, which is what libFuzzer (scripts/fuzz.sh) needs to save the input as `crash-…`;
// the corpus tests (Tests/FuzzTargetTests) call `check` directly and report the failure as a test issue.

/// An invariant that did not hold for an input.
public struct FuzzFailure: Error, CustomStringConvertible {
    public let description: String

    public init(_ description: String) {
        self.description = description
    }
}

/// Throws `FuzzFailure(message())` unless `condition` holds.
public func require(_ condition: Bool, _ message: @autoclosure () -> String) throws(FuzzFailure) {
    if !condition { throw FuzzFailure(message()) }
}

/// The input cut at its first NUL byte: the bytes before it and after it (nil when there is no NUL byte).
public func splitAtNUL(_ input: [UInt8]) -> (first: [UInt8], second: [UInt8]?) {
    guard let cut = input.firstIndex(of: 0) else { return (input, nil) }
    return (Array(input[..<cut]), Array(input[(cut + 1)...]))
}

/// The libFuzzer callback of a target: runs `check` on the input and traps, with the failure's message, when it
/// throws.
public func runFuzzInput(_ data: UnsafePointer<UInt8>?, _ size: Int, _ check: ([UInt8]) throws(FuzzFailure) -> Void) -> CInt {
    let input = data.map { Array(UnsafeBufferPointer(start: $0, count: size)) } ?? []
    do {
        try check(input)
    } catch {
        fatalError("fuzz invariant failed: \(error.description)")
    }
    return 0
}
