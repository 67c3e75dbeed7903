import ChronikChangelog
import ChronikDiff
import ChronikStore
import Foundation
import Testing
@testable import ChronikPublish

/// The spare's kept-file checks on two threads (`SiteKeptChecks`, inc21a) against the same checks made one by one on
/// the calling thread: every answer is the check's, each file is checked once, and a stop part-way leaves the rest to
/// the calling thread.
@Suite struct SiteKeptChecksTests {
    /// Records which files were checked, how often, and on which thread.
    private final class Log: @unchecked Sendable {
        private let lock = NSLock()
        private(set) var counts: [Int]
        private(set) var elsewhere = 0
        init(count: Int) { counts = Array(repeating: 0, count: count) }
        func checked(_ k: Int, onMain: Bool) {
            lock.lock()
            defer { lock.unlock() }
            counts[k] += 1
            if !onMain { elsewhere += 1 }
        }
    }

    /// Seeded answers, plan sizes (none, less than a block, many blocks) and block sizes; the calling thread asks for
    /// a seeded part of the files in the plan's order (as the writer does), some seeds after a pause (so the helper
    /// takes most blocks) and some stopping the helper part-way.
    @Test(arguments: [1, 2, 3, 4, 5, 6, 7, 8] as [UInt64])
    func eachAnswerIsTheChecksWhicheverThreadMadeIt(seed: UInt64) throws {
        var random = SplitMix64(seed: seed)
        for _ in 0..<40 {
            let count = Int(random.next() % 3) == 0 ? Int(random.next() % 8) : Int(random.next() % 3_000)
            let block = 1 + Int(random.next() % 70)
            let answers = (0..<count).map { _ in random.next() % 3 != 0 }
            let asked = (0..<count).map { _ in random.next() % 5 != 0 }
            let pause = random.next() % 4 == 0, stopAt = random.next() % 3 == 0 ? Int(random.next() % UInt64(max(count, 1))) : -1
            let log = Log(count: count)
            let main = Thread.current
            let checks = SiteKeptChecks(count: count, block: block, helper: true) { k in
                log.checked(k, onMain: Thread.current == main)
                return answers[k]
            }
            if pause { Thread.sleep(forTimeInterval: 0.002) }
            for k in 0..<count where asked[k] {
                if k == stopAt { checks.finish() }
                #expect(checks.kept(k) == answers[k], "seed \(seed): file \(k) of \(count), block \(block)")
            }
            checks.finish()
            #expect(log.counts.allSatisfy { $0 <= 1 }, "seed \(seed): a file checked twice")
            for k in 0..<count where asked[k] { #expect(log.counts[k] == 1) }
            // Without a helper, only the files asked for are checked (a block at a time), all on this thread.
            let serialLog = Log(count: count)
            let serial = SiteKeptChecks(count: count, block: block, helper: false) { k in
                serialLog.checked(k, onMain: Thread.current == main)
                return answers[k]
            }
            for k in 0..<count where asked[k] { #expect(serial.kept(k) == answers[k]) }
            #expect(serialLog.elsewhere == 0)
            #expect(serialLog.counts.allSatisfy { $0 <= 1 })
        }
    }

    /// With a pause before the first question, the helper checks most of the plan (it did start, and what it checked
    /// is read back).
    @Test func theHelperChecksWhileTheCallingThreadWaits() throws {
        let count = 4_000
        let log = Log(count: count)
        let main = Thread.current
        let checks = SiteKeptChecks(count: count, block: 16, helper: true) { k in
            log.checked(k, onMain: Thread.current == main)
            return k % 7 == 0
        }
        Thread.sleep(forTimeInterval: 0.2)
        for k in 0..<count { #expect(checks.kept(k) == (k % 7 == 0)) }
        checks.finish()
        #expect(log.elsewhere > count / 2)
        #expect(log.counts.allSatisfy { $0 == 1 })
    }
}

/// Sites written from the spare with the kept files checked on two threads in small blocks, against the same sites
/// written with every check on the writing thread (`parallelSpareChecks` off): the same results, cache records and
/// bytes, with files of the spare and of the old site rewritten behind chronik's back at the same size (refused by
/// their change time, on either thread), and each site what a full write gives.
@Suite struct SiteWriterSpareChecksTests {
    private func scratch() throws -> URL {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("chronik-kept-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        return dir
    }

    @Test(arguments: [11, 12, 13] as [UInt64])
    func twoThreadsWriteWhatOneWrites(seed: UInt64) throws {
        let dir = try scratch()
        defer { try? FileManager.default.removeItem(at: dir) }
        var random = SplitMix64(seed: seed)
        let parallelTarget = dir.appendingPathComponent("p/site"), serialTarget = dir.appendingPathComponent("s/site")
        func writer(_ target: URL, parallel: Bool, block: Int) -> SiteWriter {
            var writer = SiteWriter(target: target, keepsSpare: true) { Descriptor.writeAll($0, $1) }
            writer.parallelSpareChecks = parallel
            writer.spareCheckBlock = block
            return writer
        }
        var texts: [String: String] = [:]
        for k in 0..<300 { texts["c\(k % 7)/e\(k)/index.html"] = "entry \(k) v0" }
        var previous = (p: SitePublishCache(), s: SitePublishCache())
        for round in 0..<10 {
            // Some files changed, removed or added (keeping a text's size or not).
            if round > 0 {
                for _ in 0..<Int(random.next() % 12) {
                    let k = Int(random.next() % 340)
                    let path = "c\(k % 7)/e\(k)/index.html"
                    switch random.next() % 3 {
                    case 0: texts[path] = nil
                    case 1: texts[path] = "entry \(k) v\(round % 10)"
                    default: texts[path] = "entry \(k) changed in round \(round)"
                    }
                }
            }
            var plan = SitePlan()
            for path in texts.keys.sorted() {
                let bytes = Array(texts[path]!.utf8)
                plan.add(path, input: SiteFingerprint { $0.add(bytes) }) { bytes }
            }
            // Behind chronik's back, in both folders alike: kept files of the spare and of the site rewritten in place
            // at their size (later than the last write by more than a clock tick).
            if round >= 2 {
                Thread.sleep(forTimeInterval: 0.02)
                for _ in 0..<Int(1 + random.next() % 6) {
                    let k = Int(random.next() % 300), inSpare = random.next() % 2 == 0
                    for target in [parallelTarget, serialTarget] {
                        let root = inSpare ? target.deletingLastPathComponent().appendingPathComponent(SiteWriter.spareName("site")) : target
                        let file = root.appendingPathComponent("c\(k % 7)/e\(k)/index.html")
                        guard let old = FileManager.default.contents(atPath: file.path), !old.isEmpty else { continue }
                        let handle = try FileHandle(forWritingTo: file)
                        try handle.write(contentsOf: Data(repeating: UInt8(ascii: "X"), count: old.count))
                        try handle.close()
                    }
                }
            }
            let block = 1 + Int(random.next() % 9)
            let p = try writer(parallelTarget, parallel: true, block: block).write(plan, previous: round == 0 ? nil : previous.p)
            let s = try writer(serialTarget, parallel: false, block: block).write(plan, previous: round == 0 ? nil : previous.s)
            #expect(p.result == s.result, "seed \(seed), round \(round)")
            #expect(p.records == s.records, "seed \(seed), round \(round)")
            #expect(try readTree(parallelTarget) == readTree(serialTarget), "seed \(seed), round \(round)")
            var files = SiteFiles()
            for path in texts.keys.sorted() { files.add(path, text: texts[path]!) }
            let full = dir.appendingPathComponent("full-\(round)")
            _ = try SiteWriter(target: full).write(files)
            #expect(try readTree(parallelTarget) == readTree(full), "seed \(seed), round \(round)")
            previous.p.table = p.records
            previous.s.table = s.records
        }
    }
}

/// A value made on a thread of its own (`SiteBackgroundValue`: the search cache read while the model is built): what
/// `value` gives is what the function made, however soon or late it is asked for, and as often.
@Suite struct SiteBackgroundValueTests {
    @Test func theValueIsWhatTheFunctionMade() throws {
        var random = SplitMix64(seed: 21)
        for round in 0..<20 {
            let delay = Double(random.next() % 4) / 1_000, wait = Double(random.next() % 4) / 1_000
            let expected = (0..<Int(random.next() % 1_000)).map { _ in random.next() }
            let background = SiteBackgroundValue { () -> [UInt64] in
                Thread.sleep(forTimeInterval: delay)
                return expected
            }
            if round % 2 == 0 { Thread.sleep(forTimeInterval: wait) }
            #expect(background.value == expected)
            #expect(background.value == expected)
        }
    }
}

/// The history facts read on another thread (`SiteHistoryFactsPrefetch`) against the file read when they are filed
/// (`SiteHistoryFactsRead.read`, the reference): the same bytes and facts when the file is as it was; nothing (so the
/// file is read again) when it was appended to, rewritten in place at its size, replaced, removed or made since; and
/// nothing the second time (a release's own site reads the file the main site's build appended to).
@Suite struct SiteHistoryFactsPrefetchTests {
    private func facts(_ seed: UInt64, records: Int) -> SiteHistoryFacts {
        var random = SplitMix64(seed: seed)
        var facts = SiteHistoryFacts(language: seed % 2 == 0 ? "de" : "en")
        for r in 0..<records {
            facts.records["v\(r) b\(random.next() % 100)"] = (0..<Int(1 + random.next() % 4)).map { k in
                SiteHistoryFacts.Named(kind: .modified, entry: EntryRef(collection: "c", id: "e\(k)", path: "c/e\(k).md"), from: nil,
                                       fields: ["/title"], wordsAdded: Int(random.next() % 9), wordsRemoved: 0)
            }
        }
        return facts
    }

    @Test func takenOnceAndOnlyWhileTheFileIsTheOneRead() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("chronik-facts-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let file = SiteHistoryFacts.file(in: dir)
        for seed in 1...6 as ClosedRange<UInt64> {
            let written = facts(seed, records: Int(seed) * 7)
            try Data(written.serialized()).write(to: file)
            // As it was: what the reference reads, once.
            let same = SiteHistoryFactsPrefetch(directory: dir)
            let taken = try #require(same.take())
            let reference = SiteHistoryFactsRead.read(directory: dir)
            #expect(taken.bytes == reference.bytes)
            #expect(taken.facts == reference.facts)
            #expect(taken.facts == written)
            #expect(same.take() == nil, "taken twice")
            // Changed after the read: appended to, rewritten in place at its size, replaced by a file of the same bytes.
            for change in 0..<3 {
                let prefetch = SiteHistoryFactsPrefetch(directory: dir)
                _ = prefetch.reading(); Thread.sleep(forTimeInterval: 0.01)
                let bytes = try Data(contentsOf: file)
                switch change {
                case 0:
                    let handle = try FileHandle(forWritingTo: file)
                    try handle.seekToEnd()
                    try handle.write(contentsOf: Data("x".utf8))
                    try handle.close()
                case 1:
                    let handle = try FileHandle(forWritingTo: file)
                    try handle.write(contentsOf: Data(bytes.reversed()))
                    try handle.close()
                default:
                    try FileManager.default.removeItem(at: file)
                    try bytes.write(to: file)
                }
                #expect(prefetch.take() == nil, "seed \(seed), change \(change)")
                try Data(written.serialized()).write(to: file)
            }
            // Removed since, and made since.
            let removed = SiteHistoryFactsPrefetch(directory: dir)
            _ = removed.reading()
            try FileManager.default.removeItem(at: file)
            #expect(removed.take() == nil)
            let none = SiteHistoryFactsPrefetch(directory: dir)
            let nothing = try #require(none.take())
            #expect(nothing.bytes == nil && nothing.facts == nil && nothing.status == nil)
            let made = SiteHistoryFactsPrefetch(directory: dir)
            _ = made.reading()
            try Data(written.serialized()).write(to: file)
            #expect(made.take() == nil)
        }
    }
}
