import ChronikStore
import Foundation
import Synchronization
import Testing
@testable import ChronikPublish

/// `SitePlan.prepare(keeping:)` runs the files' `prepare`s on threads (lead, session 13): every file that may be
/// rendered is prepared exactly once, a file the last publish recorded with the same fingerprint is not, and the error
/// thrown is the first failing file's in the plan's order, whatever the number of threads — checked on seeded plans
/// against the serial reference (one thread).
@Suite struct SitePlanPrepareTests {
    private struct Failed: Error, Equatable { let index: Int }

    /// How often each file's `prepare` ran.
    private final class Calls: Sendable {
        private let counts: Mutex<[Int: Int]> = Mutex([:])
        func add(_ index: Int) { counts.withLock { $0[index, default: 0] += 1 } }
        var all: [Int: Int] { counts.withLock { $0 } }
    }

    /// A plan of `count` files, each with a fingerprint of its own and a `prepare` that records its call and throws
    /// when its index is in `failing`; and the previous publish's records of the files in `kept`.
    private func plan(count: Int, failing: Set<Int>, kept: Set<Int>, calls: Calls) -> (SitePlan, SitePublishCache) {
        var plan = SitePlan()
        var previous = SitePublishCache()
        for index in 0..<count {
            let path = "c/\(index)/index.html"
            let input = SiteFingerprint { $0.add("file \(index)") }
            plan.add(path, input: input, text: { "\(index)" })
            plan.setPrepare(path) {
                calls.add(index)
                if failing.contains(index) { throw Failed(index: index) }
            }
            if kept.contains(index) { previous.records[path] = .init(input: input, checksum: "", size: 0) }
        }
        // A file without `prepare`, and one whose record has another fingerprint (so it is prepared).
        plan.add("index.html", input: SiteFingerprint { $0.add("home") }, text: { "home" })
        previous.records["index.html"] = .init(input: SiteFingerprint { $0.add("other") }, checksum: "", size: 0)
        return (plan, previous)
    }

    @Test func everyFileToRenderIsPreparedOnceAndTheFirstErrorInPlanOrderIsThrown() throws {
        var generator = SplitMix64(seed: 0x5EED_15)
        for round in 0..<60 {
            let count = Int.random(in: 0...700, using: &generator)
            var failing: Set<Int> = [], kept: Set<Int> = []
            for index in 0..<count {
                if Int.random(in: 0..<100, using: &generator) < (round % 3 == 0 ? 0 : 2) { failing.insert(index) }
                if Bool.random(using: &generator) { kept.insert(index) }
            }
            let withPrevious = round % 2 == 0
            let reference = Calls()
            let (serialPlan, previous) = plan(count: count, failing: [], kept: kept, calls: reference)
            try serialPlan.prepare(keeping: withPrevious ? previous : nil, threads: 1)
            let expected = Dictionary(uniqueKeysWithValues: (0..<count).filter { !withPrevious || !kept.contains($0) }.map { ($0, 1) })
            #expect(reference.all == expected, "round \(round)")
            let firstFailing = (0..<count).first { failing.contains($0) && (!withPrevious || !kept.contains($0)) }
            for threads in 1...4 {
                let calls = Calls()
                let (plan, previous) = plan(count: count, failing: failing, kept: kept, calls: calls)
                do {
                    try plan.prepare(keeping: withPrevious ? previous : nil, threads: threads)
                    #expect(firstFailing == nil, "round \(round), \(threads) threads: no error thrown")
                    #expect(calls.all == expected, "round \(round), \(threads) threads")
                } catch let error as Failed {
                    #expect(error.index == firstFailing, "round \(round), \(threads) threads")
                    // Files before the failing one were all prepared, once; none was prepared twice.
                    let all = calls.all
                    #expect(all.values.allSatisfy { $0 == 1 }, "round \(round), \(threads) threads")
                    for index in expected.keys where index < error.index { #expect(all[index] == 1, "round \(round): \(index)") }
                }
            }
        }
    }
}
