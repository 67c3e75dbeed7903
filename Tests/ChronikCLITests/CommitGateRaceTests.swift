import Foundation
import Testing

@Suite("Commit gate under a racing writer")
struct CommitGateRaceTests {
    /// While a thread keeps replacing an entry (atomically) by a valid and an invalid version, `chronik commit` runs
    /// 30 times: each run either records a valid version or refuses (exit 1); no recorded version holds the invalid
    /// bytes. (Before each file was read once, most recorded versions held them.)
    @Test func noInvalidVersionIsRecorded() throws {
        let box = try Sandbox()
        let store = try box.makeStore()
        let file = store.appendingPathComponent("glossary/begriff.md")
        try FileManager.default.createDirectory(at: file.deletingLastPathComponent(), withIntermediateDirectories: true)
        let invalid = Data(entryText("term: 12\nunbekannt: ja").utf8)
        final class Shared: @unchecked Sendable {
            let lock = NSLock()
            var valid = Data()
            var stop = false
        }
        let shared = Shared()
        let writer = Thread {
            while true {
                shared.lock.lock()
                let (valid, stop) = (shared.valid, shared.stop)
                shared.lock.unlock()
                if stop { break }
                try? valid.write(to: file, options: .atomic)
                usleep(300)
                try? invalid.write(to: file, options: .atomic)
                usleep(300)
            }
        }
        var recorded = 0, refused = 0
        var validTexts = Set<Data>()
        shared.lock.lock()
        shared.valid = Data(entryText("term: Begriff 0").utf8)
        shared.lock.unlock()
        writer.start()
        for round in 0..<30 {
            let valid = Data(entryText("term: Begriff \(round)").utf8)
            validTexts.insert(valid)
            shared.lock.lock()
            shared.valid = valid
            shared.lock.unlock()
            let result = try box.chronik(["commit", "-m", "Runde \(round)", "--author", Fixture.author, "--date", Fixture.date], in: store)
            switch result.status {
            case 0: recorded += 1
            case 1: refused += 1
            default: Issue.record("round \(round): \(result)")
            }
        }
        shared.lock.lock()
        shared.stop = true
        shared.lock.unlock()
        while !writer.isFinished { usleep(1000) }

        let commits = try box.git(["rev-list", "HEAD", "--", "glossary/begriff.md"], in: store).stdout.split(separator: "\n")
        #expect(commits.count == recorded, "recorded \(recorded), refused \(refused)")
        var invalidRecorded = 0
        for commit in commits {
            let process = Process()
            process.executableURL = URL(fileURLWithPath: "/usr/bin/git")
            process.arguments = ["cat-file", "blob", "\(commit):glossary/begriff.md"]
            process.currentDirectoryURL = store
            process.environment = box.environment
            let out = Pipe()
            process.standardOutput = out
            try process.run()
            let bytes = out.fileHandleForReading.readDataToEndOfFile()
            process.waitUntilExit()
            if !validTexts.contains(bytes) { invalidRecorded += 1 }
        }
        #expect(invalidRecorded == 0, "\(invalidRecorded) of \(recorded) recorded versions hold the invalid file")
        try box.expectFsckClean(store)
    }
}
