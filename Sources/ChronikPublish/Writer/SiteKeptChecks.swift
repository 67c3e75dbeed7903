import Foundation

/// The writer's check of each file the spare already holds (`SiteWriter.spareKeeps`: one `fstatat` per kept file), on
/// two threads (inc21a). An incremental publish of the medium site keeps about 18,000 files of the spare, and their
/// checks (1.75 µs each, most of it the last name's look-up in a folder of 500–1,100 entries) were 11–13 % of it, on
/// the writing thread alone while the machine's second core idled. Now a helper thread checks blocks of files from
/// the plan's end downwards while the writing thread, walking the plan from its start, checks the blocks it reaches
/// that the helper has not taken, and renders and writes the files that changed: they meet somewhere in the middle.
///
/// A check only reads (the spare's file's status, the old site's file's for a link the last write made), and the
/// writing thread never touches a file another check looks at (each path of the plan is one file, and a write never
/// links one file under two paths), so a file's check gives what it gives on the writing thread: `kept(_:)` is
/// `check(k)`, whichever thread ran it (`SiteKeptChecksTests` holds the two to each other). A check cannot fail, so
/// no error crosses the threads; the helper stops when `finish()` is called (a write that failed part-way), and
/// `finish()` returns only once it has.
final class SiteKeptChecks: @unchecked Sendable {
    /// How many files a thread takes at a time: 256 checks are about half a millisecond, so the lock is taken some 70
    /// times on the medium site, and the two threads end within a block of each other.
    static let defaultBlock = 256

    private enum State: UInt8 { case open, mine, helper, helperDone }

    private let count: Int, block: Int
    private let check: (Int) -> Bool
    /// `results[k]`: file `k`'s check, written by the thread that took its block; read by the writing thread once
    /// that block is its own or the helper's done (seen under `condition`).
    private let results: UnsafeMutableBufferPointer<Bool>
    private let condition = NSCondition()
    /// Under `condition`.
    private var states: [State]
    private var stopped = false, exited = true
    /// The writing thread's own record of the blocks it may read (no lock once it knows).
    private var known: [Bool]

    /// `check(k)` is file `k`'s check (false for a file that is not one of the spare's to keep). With `helper`, a thread
    /// is started at once; without, every check is made on the calling thread as it is asked for (the reference).
    init(count: Int, block: Int = SiteKeptChecks.defaultBlock, helper: Bool, check: @escaping (Int) -> Bool) {
        self.count = count
        self.block = max(1, block)
        self.check = check
        let blocks = (count + self.block - 1) / self.block
        results = .allocate(capacity: max(count, 1))
        results.initialize(repeating: false)
        states = Array(repeating: .open, count: blocks)
        known = Array(repeating: false, count: blocks)
        guard helper, blocks > 1 else { return }
        exited = false
        let thread = Thread { [self] in runHelper() }
        thread.stackSize = 1 << 20
        thread.start()
    }

    deinit {
        finish()
        results.deallocate()
    }

    /// File `k`'s check. On the writing thread only.
    func kept(_ k: Int) -> Bool {
        let b = k / block
        if !known[b] { take(b) }
        return results[k]
    }

    /// Stops the helper (the blocks it has not taken are left; `kept(_:)` still checks them on the calling thread) and
    /// waits until it has stopped. Called by the writing thread before it removes or swaps the folder.
    func finish() {
        condition.lock()
        stopped = true
        while !exited { condition.wait() }
        condition.unlock()
    }

    /// Makes block `b` readable: taken and checked here when it is still open, else waited for when the helper has it.
    private func take(_ b: Int) {
        condition.lock()
        switch states[b] {
        case .open:
            states[b] = .mine
            condition.unlock()
            run(b)
        case .helper:
            while states[b] != .helperDone { condition.wait() }
            condition.unlock()
        case .mine, .helperDone:
            condition.unlock()
        }
        known[b] = true
    }

    private func run(_ b: Int) {
        for k in (b * block)..<min(count, (b + 1) * block) { results[k] = check(k) }
    }

    /// From the last block down, each open one taken and checked, until the writing thread's blocks are reached (a
    /// block it took) or it stops the helper.
    private func runHelper() {
        var b = states.count - 1
        while b >= 0 {
            condition.lock()
            guard !stopped, states[b] == .open else { break }
            states[b] = .helper
            condition.unlock()
            run(b)
            condition.lock()
            states[b] = .helperDone
            condition.broadcast()
            condition.unlock()
            b -= 1
        }
        if b < 0 { condition.lock() }
        exited = true
        condition.broadcast()
        condition.unlock()
    }
}
