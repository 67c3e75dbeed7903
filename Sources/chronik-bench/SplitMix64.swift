import ChronikStore

/// The generator's draws, on ChronikStore's `SplitMix64`: each is documented to stay the same across Swift versions,
/// unlike the standard library's `random(in:using:)`, so a seed always gives the same store.
extension SplitMix64 {
    /// A value in `range`. Uses the multiply-shift reduction (Lemire), whose tiny bias is irrelevant here and which,
    /// unlike the standard library's `random(in:using:)`, is documented to stay the same across Swift versions.
    mutating func int(_ range: ClosedRange<Int>) -> Int {
        let width = UInt64(range.upperBound - range.lowerBound) + 1
        let product = next().multipliedFullWidth(by: width)
        return range.lowerBound + Int(product.high)
    }

    /// A value in `0..<count`; `count` must be positive.
    mutating func index(_ count: Int) -> Int {
        int(0...(count - 1))
    }

    /// True with probability `p`.
    mutating func chance(_ p: Double) -> Bool {
        Double(next() >> 11) / Double(1 << 53) < p
    }

    /// One element of a non-empty array.
    mutating func pick<T>(_ items: [T]) -> T {
        items[index(items.count)]
    }

    /// Up to `count` distinct elements of `items`, in random order.
    mutating func sample<T>(_ items: [T], count: Int) -> [T] {
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
