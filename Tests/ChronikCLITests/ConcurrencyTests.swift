import Foundation
import Testing

@Suite("racing writers")
struct ConcurrencyTests {
    /// Eight processes each add their own entry and run `chronik commit` at the same moment.
    @Test func eightWritersAtOnce() throws {
        let box = try Sandbox()
        let store = try box.makeStore()
        let count = 8
        for i in 0..<count {
            try box.write(entryText("term: Begriff \(i)"), to: "glossary/begriff-\(i).md", in: store)
        }
        let results = UnsafeMutableBufferPointer<RunResult?>.allocate(capacity: count)
        results.initialize(repeating: nil)
        defer { results.deallocate() }
        nonisolated(unsafe) let shared = results
        let sandbox = box
        DispatchQueue.concurrentPerform(iterations: count) { i in
            shared[i] = try? sandbox.chronik(["commit", "-m", "Begriff \(i)", "--author", Fixture.author, "--date", Fixture.date], in: store)
        }
        let history = try box.git(["log", "--format=%H", "main"], in: store).stdout.split(separator: "\n").map(String.init)
        var committed = 0
        for i in 0..<count {
            let result = try #require(results[i], "process \(i) did not run")
            #expect(result.status == 0, "process \(i): \(result)")
            if result.stdout.hasPrefix("Recorded version ") {
                committed += 1
                let short = String(result.stdout.dropFirst("Recorded version ".count).prefix(7))
                #expect(history.contains { $0.hasPrefix(short) }, "reported commit \(short) is not on main")
            } else {
                #expect(result.stdout == "Nothing to commit: the working tree matches the last version.\n", "process \(i): \(result)")
            }
        }
        #expect(committed >= 1)
        let files = try box.git(["ls-tree", "-r", "--name-only", "main", "glossary"], in: store).stdout
        for i in 0..<count { #expect(files.contains("glossary/begriff-\(i).md\n")) }
        #expect(try box.git(["status", "--porcelain", "--untracked-files=all"], in: store).stdout.isEmpty)
        try box.expectFsckClean(store)
    }

    /// chronik racing `git commit` in the same store: the branch only ever moves by compare-and-swap, so no
    /// version is lost, whichever writer wins each round.
    @Test func chronikAndGitRacing() throws {
        let box = try Sandbox()
        let store = try box.makeStore()
        for round in 0..<5 {
            try box.write(entryText("term: Runde \(round)"), to: "glossary/runde-\(round).md", in: store)
            nonisolated(unsafe) var chronik: RunResult?
            nonisolated(unsafe) var git: RunResult?
            let sandbox = box
            DispatchQueue.concurrentPerform(iterations: 2) { i in
                if i == 0 {
                    chronik = try? sandbox.chronik(["commit", "-m", "chronik \(round)", "--author", Fixture.author], in: store)
                } else {
                    git = try? sandbox.git(["commit", "-q", "--allow-empty", "-m", "git \(round)"], in: store)
                }
            }
            let c = try #require(chronik)
            #expect(c.status == 0 || c.status == 3, "\(c)")
            if c.status == 3 { #expect(c.stderr.contains("could not lock the store") || c.stderr.contains("kept moving")) }
            _ = git
        }
        try box.commit(store, "aufräumen")
        let files = try box.git(["ls-tree", "-r", "--name-only", "main", "glossary"], in: store).stdout
        for round in 0..<5 { #expect(files.contains("glossary/runde-\(round).md\n")) }
        try box.expectFsckClean(store)
    }
}
