/// SplitMix64 (Steele, Lea and Flood, "Fast splittable pseudorandom number generators", OOPSLA 2014; constants from
/// Vigna's reference implementation): small, fast, and fully determined by its seed on every platform. The seeded
/// generator of the property tests and of the benchmark stores; not for cryptography.
public struct SplitMix64: RandomNumberGenerator, Sendable {
    /// The seed it started from, for failure messages.
    public let seed: UInt64
    private var state: UInt64

    public init(seed: UInt64) {
        self.seed = seed
        self.state = seed
    }

    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

/// The generator's draws, each documented to stay the same across Swift versions (unlike the standard library's
/// `random(in:using:)`), so a seed always gives the same benchmark store and the same property-test cases.
extension SplitMix64 {
    /// A value in `range`. Uses the multiply-shift reduction (Lemire), whose tiny bias is irrelevant here.
    public mutating func int(_ range: ClosedRange<Int>) -> Int {
        let width = UInt64(range.upperBound - range.lowerBound) + 1
        let product = next().multipliedFullWidth(by: width)
        return range.lowerBound + Int(product.high)
    }

    /// A value in `0..<count`; `count` must be positive.
    public mutating func index(_ count: Int) -> Int {
        int(0...(count - 1))
    }

    /// True with probability `p`.
    public mutating func chance(_ p: Double) -> Bool {
        Double(next() >> 11) / Double(1 << 53) < p
    }

    /// One element of a non-empty array.
    public mutating func pick<T>(_ items: [T]) -> T {
        items[index(items.count)]
    }

    /// Up to `count` distinct elements of `items`, in random order.
    public mutating func sample<T>(_ items: [T], count: Int) -> [T] {
        let n = min(count, items.count)
        guard n > 0 else { return [] }
        if n * 4 < items.count {
            var seen = Set<Int>()
            var out: [T] = []
            while out.count < n {
                let i = index(items.count)
                if seen.insert(i).inserted { out.append(items[i]) }
            }
            return out
        }
        var indices = Array(items.indices)
        for i in 0..<n {
            indices.swapAt(i, i + index(indices.count - i))
        }
        return indices.prefix(n).map { items[$0] }
    }
}
