import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Streams a history into `git fast-import`, which writes one pack directly instead of one loose object per blob
/// and tree, and keeps the trees of the branch in memory between commits.
///
/// The stream format is git's (`git help fast-import`): `commit`, `mark`, `author`/`committer` with raw dates,
/// `data <n>` with exact byte counts, `M 100644 inline PATH` + `data` for a changed file, `D PATH` for a removed
/// one, annotated `tag`s, and a final `done`, so a stream cut short is an error rather than a shorter history.
/// Commands are buffered and written to the child's stdin in chunks of about a megabyte.
///
/// `--big-file-threshold=1` makes fast-import store every blob whole: otherwise it stores each blob as a delta of
/// the blob written just before it, here an unrelated file, in chains up to 50 deep, which slows every later read
/// and which `git repack -ad` would keep. Trees are still stored as deltas of their previous version.
final class FastImportStream {
    private let process = Process()
    private let input = Pipe()
    private let stderrURL: URL
    private var buffer: [UInt8] = []
    private var nextMark = 1

    /// Starts `git fast-import` in the repository at `root` with a hermetic environment (no user or system config,
    /// so packing settings cannot change the objects written).
    init(git: String, root: URL, scratch: URL) throws {
        // A write to a child that died would raise SIGPIPE and kill this process; report the child's error instead.
        signal(SIGPIPE, SIG_IGN)
        stderrURL = scratch.appendingPathComponent("fast-import-\(getpid()).stderr")
        _ = FileManager.default.createFile(atPath: stderrURL.path, contents: nil)
        process.executableURL = URL(fileURLWithPath: git)
        process.arguments = ["-C", root.path, "fast-import", "--quiet", "--done", "--date-format=raw", "--big-file-threshold=1"]
        process.environment = [
            "PATH": ProcessInfo.processInfo.environment["PATH"] ?? "/usr/local/bin:/usr/bin:/bin",
            "HOME": scratch.path, "GIT_CONFIG_NOSYSTEM": "1", "GIT_CONFIG_GLOBAL": "/dev/null", "LANG": "C.UTF-8",
        ]
        process.standardInput = input
        process.standardOutput = FileHandle.nullDevice
        process.standardError = try FileHandle(forWritingTo: stderrURL)
        try process.run()
        buffer.reserveCapacity(1 << 21)
    }

    /// Writes a commit on `branch` (default `main`) with the given parent mark (nil for the root commit) and, for a
    /// merge, a second parent `merge`; the tree starts from the first parent's, and `deleted` and `changed` are
    /// applied in that order. Returns the commit's mark.
    func commit(
        message: String, author: String, branch: String = "main", parent: Int?, merge: Int? = nil, deleted: [String],
        changed: [(path: String, content: String)]
    ) throws -> Int {
        let mark = nextMark
        nextMark += 1
        append("commit refs/heads/\(branch)\nmark :\(mark)\nauthor \(author)\ncommitter \(author)\n")
        appendData(message)
        if let parent { append("from :\(parent)\n") }
        if let merge { append("merge :\(merge)\n") }
        for path in deleted { append("D \(path)\n") }
        for (path, content) in changed {
            append("M 100644 inline \(path)\n")
            appendData(content)
        }
        append("\n")
        try flushIfFull()
        return mark
    }

    /// Writes an annotated tag `name` on the commit with mark `target`.
    func tag(name: String, target: Int, tagger: String, message: String) throws {
        append("tag \(name)\nfrom :\(target)\ntagger \(tagger)\n")
        appendData(message) // A tag, unlike a commit, takes no blank line after its data.
        try flushIfFull()
    }

    /// Writes a lightweight tag `name` (a ref `refs/tags/NAME` on the commit with mark `target`, no tag object).
    func lightweightTag(name: String, target: Int) throws {
        append("reset refs/tags/\(name)\nfrom :\(target)\n\n")
        try flushIfFull()
    }

    /// Ends the stream and waits for fast-import to write its pack and refs; throws with its stderr if it failed.
    func finish() throws {
        append("done\n")
        try flush()
        try input.fileHandleForWriting.close()
        process.waitUntilExit()
        defer { try? FileManager.default.removeItem(at: stderrURL) }
        guard process.terminationStatus == 0 else { throw BenchError.helperFailed(failureText()) }
    }

    private func failureText() -> String {
        let text = (try? String(contentsOf: stderrURL, encoding: .utf8)) ?? ""
        return "git fast-import failed: " + text.prefix(800).trimmingCharacters(in: .whitespacesAndNewlines)
    }

    private func append(_ text: String) {
        buffer.append(contentsOf: text.utf8)
    }

    /// `data <n>` with the exact byte count, then the bytes and a newline.
    private func appendData(_ text: String) {
        let bytes = text.utf8
        append("data \(bytes.count)\n")
        buffer.append(contentsOf: bytes)
        buffer.append(0x0A)
    }

    private func flushIfFull() throws {
        if buffer.count >= 1 << 20 { try flush() }
    }

    private func flush() throws {
        let fd = input.fileHandleForWriting.fileDescriptor
        try buffer.withUnsafeBytes { raw in
            guard let base = raw.baseAddress else { return }
            var offset = 0
            while offset < raw.count {
                let n = write(fd, base + offset, raw.count - offset)
                if n < 0 {
                    if errno == EINTR { continue }
                    process.waitUntilExit()
                    throw BenchError.helperFailed(failureText())
                }
                offset += n
            }
        }
        buffer.removeAll(keepingCapacity: true)
    }
}
