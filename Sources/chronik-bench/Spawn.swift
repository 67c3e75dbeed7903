import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// One timed child process (or a sequence of them, such as `git add -A && git commit`).
struct Measurement {
    /// Wall-clock seconds from the first spawn to the last exit.
    var seconds: Double
    /// The largest peak resident set size of the children, in KiB (`ru_maxrss` from `wait4`).
    var maxRSSKiB: Int
    /// nil when every command exited with status 0, else what failed.
    var failure: String?
}

/// A command line to run: absolute executable path and arguments.
struct CommandLineSpec {
    var executable: String
    var arguments: [String]

    /// The command as a user would type it (for the report).
    var display: String {
        ([URL(fileURLWithPath: executable).lastPathComponent] + arguments).map(shellQuote).joined(separator: " ")
    }
}

func shellQuote(_ s: String) -> String {
    if !s.isEmpty, s.unicodeScalars.allSatisfy({ CharacterSet.alphanumerics.contains($0) || "-_./=:@,+%".unicodeScalars.contains($0) }) {
        return s
    }
    return "'" + s.replacingOccurrences(of: "'", with: "'\\''") + "'"
}

/// Runs children with `posix_spawn` and reaps them with `wait4` (Foundation's `Process` reaps the child itself).
///
/// Peak memory: Linux charges a process, at `exec`, with the peak RSS of the address space it replaces
/// (`exec_mmap` -> `setmax_mm_hiwater_rss`). A child spawned by this program therefore reports at least this
/// program's own RSS, which after generating a store is tens of MiB. So when GNU time is available, each command
/// runs under `/usr/bin/time -f %M`, a small C program whose fork starts from its own few MiB, and the figure is
/// read from its output file; otherwise `ru_maxrss` from `wait4` is used and reported as an upper bound.
enum Spawn {
    /// `/usr/bin/time` if it is GNU time (accepts `-f %M -o FILE`), else nil.
    static let gnuTime: String? = {
        let path = "/usr/bin/time"
        guard FileManager.default.isExecutableFile(atPath: path),
              let result = try? output(path, ["-f", "%M", "-o", "/dev/null", "true"]), result.status == 0 else { return nil }
        return path
    }()

    /// Runs `commands` one after the other (stopping at the first failure) with stdout discarded and stderr kept
    /// in `stderrPath`.
    static func run(_ commands: [CommandLineSpec], environment: [String: String], stderrPath: String) -> Measurement {
        var maxRSS = 0
        let start = monotonicSeconds()
        let rssPath = stderrPath + ".rss"
        for command in commands {
            var spawned = command
            if let time = gnuTime {
                spawned = CommandLineSpec(executable: time, arguments: ["-f", "%M", "-o", rssPath, command.executable] + command.arguments)
            }
            var (status, rss) = spawnAndWait(spawned, environment: environment, stderrPath: stderrPath)
            if gnuTime != nil {
                // The last line is the number; GNU time writes "Command exited with non-zero status N" before it.
                let text = (try? String(contentsOfFile: rssPath, encoding: .utf8)) ?? ""
                rss = text.split(separator: "\n").last.flatMap { Int($0.trimmingCharacters(in: .whitespaces)) } ?? rss
            }
            maxRSS = max(maxRSS, rss)
            if status != 0 {
                let tail = (try? String(contentsOfFile: stderrPath, encoding: .utf8))?.suffix(600) ?? ""
                return Measurement(
                    seconds: monotonicSeconds() - start, maxRSSKiB: maxRSS,
                    failure: "`\(command.display)` exited with \(status): \(tail.trimmingCharacters(in: .whitespacesAndNewlines))")
            }
        }
        return Measurement(seconds: monotonicSeconds() - start, maxRSSKiB: maxRSS, failure: nil)
    }

    /// The exit status (128 + signal when killed, -1 when the spawn failed) and `ru_maxrss` in KiB.
    private static func spawnAndWait(_ command: CommandLineSpec, environment: [String: String], stderrPath: String) -> (Int32, Int) {
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 2, stderrPath, O_WRONLY | O_CREAT | O_TRUNC, 0o644)

        let argv = [command.executable] + command.arguments
        let envp = environment.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }
        var cArgv: [UnsafeMutablePointer<CChar>?] = argv.map { strdup($0) } + [nil]
        var cEnvp: [UnsafeMutablePointer<CChar>?] = envp.map { strdup($0) } + [nil]
        defer {
            cArgv.forEach { free($0) }
            cEnvp.forEach { free($0) }
        }
        var pid: pid_t = 0
        let rc = posix_spawn(&pid, command.executable, &actions, nil, &cArgv, &cEnvp)
        guard rc == 0 else { return (-1, 0) }
        var status: Int32 = 0
        var usage = rusage()
        while wait4(pid, &status, 0, &usage) < 0 {
            if errno != EINTR { return (-1, 0) }
        }
        // WIFEXITED / WEXITSTATUS / WTERMSIG are macros; decode the classic layout by hand.
        let exitCode: Int32 = (status & 0x7f) == 0 ? (status >> 8) & 0xff : 128 + (status & 0x7f)
        return (exitCode, Int(usage.ru_maxrss))
    }

    static func monotonicSeconds() -> Double {
        var ts = timespec()
        clock_gettime(CLOCK_MONOTONIC, &ts)
        return Double(ts.tv_sec) + Double(ts.tv_nsec) / 1e9
    }

    /// Runs a helper command untimed (copying stores, `git repack`); throws with its stderr when it fails.
    static func check(_ executable: String, _ arguments: [String], environment: [String: String], scratch: URL) throws {
        let stderrPath = scratch.appendingPathComponent("helper.stderr").path
        let m = run([CommandLineSpec(executable: executable, arguments: arguments)], environment: environment, stderrPath: stderrPath)
        if let failure = m.failure { throw BenchError.helperFailed(failure) }
    }

    /// Runs a command and returns its stdout (for `git status --porcelain`, `git --version`).
    static func output(_ executable: String, _ arguments: [String]) throws -> (status: Int32, stdout: String, stderr: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        let out = Pipe()
        let err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        // Read before waiting: a full pipe would block the child forever.
        let outData = out.fileHandleForReading.readDataToEndOfFile()
        let errData = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: outData, as: UTF8.self), String(decoding: errData, as: UTF8.self))
    }

    /// The absolute path of `name` on `PATH`, or nil.
    static func which(_ name: String) -> String? {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/local/bin:/usr/bin:/bin"
        for dir in path.split(separator: ":") {
            let candidate = String(dir) + "/" + name
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
        }
        return nil
    }
}

enum BenchError: Error, CustomStringConvertible {
    case helperFailed(String)
    case missingTool(String)
    case verification([String])
    case usage(String)

    var description: String {
        switch self {
        case .helperFailed(let s): s
        case .missingTool(let s): s
        case .verification(let problems): "the store failed verification:\n" + problems.prefix(20).map { "  - " + $0 }.joined(separator: "\n")
        case .usage(let s): s
        }
    }
}
