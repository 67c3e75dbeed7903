import Foundation
import Testing
#if canImport(Glibc)
import Glibc
#endif

// Output and write errors, end to end (docs/cli.md, "Output and write errors"): a full disk is one message and
// exit 3, a reader that has gone ends chronik as it ends git, and `-o` replaces a regular file or nothing.

private func sampleStore(_ sandbox: Sandbox) throws -> URL {
    let dir = sandbox.url("berlin")
    let result = try sandbox.chronik(["init", "--sample", "berlin", dir.path])
    try #require(result.status == 0, "init --sample failed: \(result)")
    return dir
}

/// How a process ended, and what it said on stderr.
private struct Ending: CustomStringConvertible {
    var reason: Process.TerminationReason
    var status: Int32
    var stderr: String
    var description: String { "\(reason == .exit ? "exit" : "signal") \(status)\n--- stderr\n\(stderr)" }
}

/// Runs chronik with its standard output (or error) on the given descriptors; `shellPrefix` is run by `sh` before
/// chronik is exec'd in its place (e.g. `trap '' PIPE` to start chronik with SIGPIPE ignored, as systemd does).
private func runChronik(_ sandbox: Sandbox, _ arguments: [String], in directory: URL, stdout: FileHandle,
                        stderr: FileHandle? = nil, shellPrefix: String? = nil) throws -> Ending {
    let process = Process()
    if let shellPrefix {
        process.executableURL = URL(fileURLWithPath: "/bin/sh")
        process.arguments = ["-c", shellPrefix + "; exec \"$0\" \"$@\"", chronikBinary.path] + arguments
    } else {
        process.executableURL = chronikBinary
        process.arguments = arguments
    }
    process.currentDirectoryURL = directory
    process.environment = sandbox.environment
    process.standardInput = FileHandle.nullDevice
    process.standardOutput = stdout
    let errors = Pipe()
    process.standardError = stderr ?? errors.fileHandleForWriting
    try process.run()
    try errors.fileHandleForWriting.close()
    let said = stderr == nil ? errors.fileHandleForReading.readDataToEndOfFile() : Data()
    process.waitUntilExit()
    return Ending(reason: process.terminationReason, status: process.terminationStatus, stderr: String(decoding: said, as: UTF8.self))
}

/// The write end of a pipe whose reader has gone: every write to it fails with EPIPE (or raises SIGPIPE).
private func pipeWithoutReader() throws -> FileHandle {
    let pipe = Pipe()
    try pipe.fileHandleForReading.close()
    return pipe.fileHandleForWriting
}

/// What every command's output is tried with: each format of the changelog, and every read command.
private let readCommands: [[String]] = [
    ["changelog"], ["changelog", "--format", "html"], ["changelog", "--format", "json"], ["changelog", "--format", "atom"],
    ["changelog", "--detail", "--by", "commit"], ["changelog", "--default-stylesheet"],
    ["log"], ["log", "--format", "json"], ["validate"], ["validate", "--format", "json"],
    ["diff", "ambitionen", "gemeinsam-digital"], ["diff", "ambitionen", "gemeinsam-digital", "--format", "patch"],
    ["diff", "ambitionen", "gemeinsam-digital", "--format", "html"], ["diff", "ambitionen", "gemeinsam-digital", "--stat"],
    ["diff", "ambitionen", "gemeinsam-digital", "--format", "json"],
    ["show", "glossary/ambition"], ["show", "glossary/ambition", "--format", "json"],
    ["releases"], ["status"], ["--help"], ["--version"],
]

@Suite("Output and write errors, end to end")
struct OutputTests {
    @Test func fullDiskIsOneMessageAndExit3ForEveryCommand() throws {
        let sandbox = try Sandbox()
        let store = try sampleStore(sandbox)
        let before = try sandbox.state(of: store)
        for arguments in readCommands {
            let full = try #require(FileHandle(forWritingAtPath: "/dev/full"))
            let ending = try runChronik(sandbox, arguments, in: store, stdout: full)
            #expect(ending.reason == .exit && ending.status == 3, "\(arguments): \(ending)")
            #expect(ending.stderr == "chronik: error: cannot write to standard output: No space left on device\n", "\(arguments): \(ending)")
        }
        let after = try sandbox.state(of: store)
        #expect(after == before, "read commands change nothing but chronik's caches")
    }

    @Test func fullDiskAfterARecordedVersionSaysSoAndKeepsTheVersion() throws {
        let sandbox = try Sandbox()
        let store = try sandbox.makeStore()
        try sandbox.write(entryText("term: Kiez"), to: "glossary/kiez.md", in: store)
        let full = try #require(FileHandle(forWritingAtPath: "/dev/full"))
        let ending = try runChronik(sandbox, ["commit", "-m", "Kiez", "--author", Fixture.author, "--date", Fixture.date],
                                    in: store, stdout: full)
        #expect(ending.reason == .exit && ending.status == 3, "\(ending)")
        #expect(ending.stderr == "chronik: error: cannot write to standard output: No space left on device\n", "\(ending)")
        // The version was recorded before its line could be written: the message is about the output only.
        #expect(try sandbox.git(["log", "--format=%s", "-1"], in: store).stdout == "Kiez\n")
        try sandbox.expectFsckClean(store)
    }

    /// A reader that has gone ends chronik as it ends git: killed by SIGPIPE (141 in a shell), with nothing on
    /// stderr, whether SIGPIPE was ignored when chronik started (systemd, some CI runners) or not.
    @Test func readerGoneEndsQuietlyLikeGit() throws {
        let sandbox = try Sandbox()
        let store = try sampleStore(sandbox)
        for arguments in readCommands {
            for prefix in ["trap '' PIPE", ":"] {
                let ending = try runChronik(sandbox, arguments, in: store, stdout: try pipeWithoutReader(), shellPrefix: prefix)
                #expect(ending.reason == .uncaughtSignal && ending.status == SIGPIPE, "\(prefix) \(arguments): \(ending)")
                #expect(ending.stderr.isEmpty, "\(prefix) \(arguments): \(ending)")
            }
        }
    }

    /// Writing to stderr never crashes, even when its reader has gone and SIGPIPE is ignored: the exit code stays
    /// the command's.
    @Test func stderrWithoutReaderKeepsTheExitCode() throws {
        let sandbox = try Sandbox()
        let store = try sandbox.makeStore()
        try sandbox.write(entryText("term: 42"), to: "glossary/bad.md", in: store)
        let ending = try runChronik(sandbox, ["validate"], in: store, stdout: FileHandle.nullDevice,
                                    stderr: try pipeWithoutReader(), shellPrefix: "trap '' PIPE")
        #expect(ending.reason == .exit && ending.status == 1, "\(ending)")
        let unknown = try runChronik(sandbox, ["no-such-command"], in: store, stdout: FileHandle.nullDevice,
                                     stderr: try pipeWithoutReader(), shellPrefix: "trap '' PIPE")
        #expect(unknown.reason == .exit && unknown.status == 2, "\(unknown)")
    }

    /// Every write to standard output goes through `StandardOutput` (Sources/chronik/Output.swift): no `print`,
    /// `FileHandle.standardOutput.write` or `fputs` elsewhere in the command line, whose errors would go unchecked.
    /// (Handing the standard handles to a child process, as hooks and signing programs get them, writes nothing.)
    /// The same for the programs' entry points and `chronik-serve` (Sources/chronik-main, Sources/chronik-serve).
    @Test func everyCommandWritesThroughTheCheckedWriter() throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent()
        let unchecked = try NSRegularExpression(pattern: #"(?<![\w.])(?<!func )print\(|FileHandle\.standard(Output|Error)\s*\.\s*write|\bfputs\(|\bputs\("#)
        var found: [String] = []
        for folder in ["Sources/chronik", "Sources/chronik-main", "Sources/chronik-serve"] {
            let sources = root.appendingPathComponent(folder)
            let files = try #require(FileManager.default.enumerator(atPath: sources.path)).compactMap { $0 as? String }.filter { $0.hasSuffix(".swift") }
            #expect(!files.isEmpty, "\(folder)")
            if folder == "Sources/chronik" { #expect(files.contains("Output.swift")) }
            for file in files {
                let text = try String(contentsOf: sources.appendingPathComponent(file), encoding: .utf8)
                for (number, line) in text.components(separatedBy: "\n").enumerated() {
                    let code = line.components(separatedBy: "//").first ?? ""
                    if unchecked.firstMatch(in: code, range: NSRange(code.startIndex..., in: code)) != nil {
                        found.append("\(folder)/\(file):\(number + 1): \(line.trimmingCharacters(in: .whitespaces))")
                    }
                }
            }
        }
        #expect(found.isEmpty, "write through StandardOutput.write/print (or StandardError.write):\n\(found.joined(separator: "\n"))")
    }

    // MARK: - -o FILE

    /// `-o` replaces regular files only: a symbolic link, a folder, a FIFO or a device is refused with exit 1 and
    /// stays as it was (a link's target byte for byte), with no temporary file left.
    @Test func outputFileRefusesWhatIsNotARegularFile() throws {
        let sandbox = try Sandbox()
        let store = try sampleStore(sandbox)
        let site = sandbox.url("site")
        try FileManager.default.createDirectory(at: site, withIntermediateDirectories: true)
        let secret = sandbox.url("secret.txt")
        let secretBytes = Data("do not overwrite\n".utf8)
        try secretBytes.write(to: secret)
        try FileManager.default.createSymbolicLink(atPath: site.appendingPathComponent("link.md").path, withDestinationPath: secret.path)
        try FileManager.default.createSymbolicLink(atPath: site.appendingPathComponent("dangling.md").path,
                                                   withDestinationPath: sandbox.url("nothing-here.md").path)
        try FileManager.default.createDirectory(at: site.appendingPathComponent("folder.md"), withIntermediateDirectories: false)
        #expect(mkfifo(site.appendingPathComponent("fifo.md").path, 0o644) == 0)
        let before = try StoreSnapshot(of: site)
        for (name, kind) in [("link.md", "a symbolic link"), ("dangling.md", "a symbolic link"), ("folder.md", "a directory"),
                             ("fifo.md", "a FIFO")] {
            let path = site.appendingPathComponent(name).path
            let result = try sandbox.chronik(["changelog", "-o", path], in: store)
            #expect(result.status == 1, "\(name): \(result)")
            #expect(result.stdout.isEmpty)
            #expect(result.stderr == "chronik: error: will not write to \(path): it is \(kind); -o replaces regular files only\n"
                        + "hint: give the path of a regular file (or a new one), or write to standard output and redirect it\n", "\(result)")
        }
        #expect(try StoreSnapshot(of: site) == before, "nothing in the folder changed, and no temporary file is left")
        #expect(try Data(contentsOf: secret) == secretBytes)
        #expect(!FileManager.default.fileExists(atPath: sandbox.url("nothing-here.md").path))
    }

    /// A device node (made in the sandbox, never the machine's /dev/null) is refused and stays a device.
    @Test(.enabled(if: canMakeDeviceNodes(), "needs mknod (root)")) func outputFileRefusesADevice() throws {
        let sandbox = try Sandbox()
        let store = try sampleStore(sandbox)
        let device = sandbox.url("null")
        try #require(mknod(device.path, S_IFCHR | 0o666, nullDevice) == 0)
        let result = try sandbox.chronik(["changelog", "-o", device.path], in: store)
        #expect(result.status == 1 && result.stderr.hasPrefix("chronik: error: will not write to \(device.path): it is a device;"), "\(result)")
        var status = stat()
        #expect(lstat(device.path, &status) == 0 && status.st_mode & S_IFMT == S_IFCHR)
        #expect(try FileManager.default.contentsOfDirectory(atPath: sandbox.root.path).sorted() == ["berlin", "home", "null"])
    }

    /// A replaced file keeps its permission bits; a new one gets 0666 minus the umask, as `>` would make it.
    @Test func outputFileKeepsTheModeOfTheFileItReplaces() throws {
        let sandbox = try Sandbox()
        let store = try sampleStore(sandbox)
        let expected = try sandbox.chronik(["changelog", "--format", "html"], in: store).stdout
        let target = sandbox.url("changelog.html")
        try Data("old\n".utf8).write(to: target)
        #expect(chmod(target.path, 0o640) == 0)
        let result = try sandbox.chronik(["changelog", "--format", "html", "-o", target.path], in: store)
        #expect(result.status == 0 && result.stdout.isEmpty && result.stderr.isEmpty, "\(result)")
        #expect(try String(contentsOf: target, encoding: .utf8) == expected)
        #expect(permissions(target) == 0o640)

        let fresh = sandbox.url("fresh.html")
        let made = try runChronik(sandbox, ["changelog", "--format", "html", "-o", fresh.path], in: store,
                                  stdout: FileHandle.nullDevice, shellPrefix: "umask 027")
        #expect(made.reason == .exit && made.status == 0, "\(made)")
        #expect(permissions(fresh) == 0o640)
        #expect(try String(contentsOf: fresh, encoding: .utf8) == expected)
    }

    /// A write that fails (here: the file size limit, EFBIG) is exit 3, leaves the target as it was and no
    /// temporary file.
    @Test func failedOutputFileLeavesNothingBehind() throws {
        let sandbox = try Sandbox()
        let store = try sampleStore(sandbox)
        let site = sandbox.url("site")
        try FileManager.default.createDirectory(at: site, withIntermediateDirectories: true)
        let target = site.appendingPathComponent("changelog.html")
        try Data("keep\n".utf8).write(to: target)
        // `ulimit -f 1`: no file may grow past 512 bytes; SIGXFSZ ignored, so the write fails with EFBIG.
        let ending = try runChronik(sandbox, ["changelog", "--format", "html", "-o", target.path], in: store,
                                    stdout: FileHandle.nullDevice, shellPrefix: "trap '' XFSZ; ulimit -f 1")
        #expect(ending.reason == .exit && ending.status == 3, "\(ending)")
        #expect(ending.stderr == "chronik: error: cannot write to \(target.path): File too large; \(target.path) was left as it was\n", "\(ending)")
        #expect(try String(contentsOf: target, encoding: .utf8) == "keep\n")
        #expect(try FileManager.default.contentsOfDirectory(atPath: site.path) == ["changelog.html"])
    }

    /// The same on a real full disk: a 64 KiB tmpfs (mounted when the tests may mount; else skipped).
    @Test(.enabled(if: canMountTmpfs, "needs mount -t tmpfs (root with CAP_SYS_ADMIN)")) func outputFileOnAFullDisk() throws {
        let sandbox = try Sandbox()
        let store = try sampleStore(sandbox)
        let disk = sandbox.url("disk")
        try FileManager.default.createDirectory(at: disk, withIntermediateDirectories: true)
        let mounted = try run(URL(fileURLWithPath: "/bin/mount"), ["-t", "tmpfs", "-o", "size=64k", "tmpfs", disk.path],
                              in: sandbox.root, environment: sandbox.environment)
        try #require(mounted.status == 0, "\(mounted)")
        defer { _ = try? run(URL(fileURLWithPath: "/bin/umount"), [disk.path], in: sandbox.root, environment: sandbox.environment) }
        // 16 pages: 8 taken by a filler and 1 by the target leave 28 KiB for a changelog of 45 KiB.
        try Data(count: 32 * 1024).write(to: disk.appendingPathComponent("filler"))
        let target = disk.appendingPathComponent("changelog.html")
        try Data("keep\n".utf8).write(to: target)
        let result = try sandbox.chronik(["changelog", "--format", "html", "--detail", "--by", "commit", "-o", target.path], in: store)
        #expect(result.status == 3, "\(result)")
        #expect(result.stderr == "chronik: error: cannot write to \(target.path): No space left on device; \(target.path) was left as it was\n", "\(result)")
        #expect(try String(contentsOf: target, encoding: .utf8) == "keep\n")
        #expect(try FileManager.default.contentsOfDirectory(atPath: disk.path).sorted() == ["changelog.html", "filler"])
    }

    /// SIGTERM, SIGINT or SIGHUP while `-o` writes removes the temporary file; the signal still ends the process.
    /// The run is held mid-write deterministically: the entry's blob is a FIFO in `.git/objects`, on whose
    /// opening libgit2 waits, after the temporary file was created.
    @Test func signalWhileWritingRemovesTheTemporaryFile() throws {
        let sandbox = try Sandbox()
        let store = try sandbox.makeStore()
        try sandbox.write(entryText("term: Kiez"), to: "glossary/kiez.md", in: store)
        try sandbox.commit(store, "Kiez")
        let blob = try sandbox.git(["rev-parse", "HEAD:glossary/kiez.md"], in: store).stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        let object = store.appendingPathComponent(".git/objects/\(blob.prefix(2))/\(blob.dropFirst(2))")
        let objectBytes = try Data(contentsOf: object)
        let site = sandbox.url("site")
        try FileManager.default.createDirectory(at: site, withIntermediateDirectories: true)
        let target = site.appendingPathComponent("changelog.md")
        try Data("keep\n".utf8).write(to: target)
        defer {
            // The store as it was, for `git fsck --full` at the end.
            try? FileManager.default.removeItem(at: object)
            try? objectBytes.write(to: object)
        }
        try FileManager.default.removeItem(at: object)
        try #require(mkfifo(object.path, 0o444) == 0)

        for signal in [SIGTERM, SIGINT, SIGHUP] {
            let process = try spawnWithDefaultSignals(["changelog", "--no-cache", "-o", target.path], in: store, environment: sandbox.environment)
            let temporaryAppeared = waitUntil { ((try? FileManager.default.contentsOfDirectory(atPath: site.path)) ?? []).count == 2 }
            #expect(temporaryAppeared, "the temporary file was never made")
            kill(process, signal)
            var status: Int32 = 0
            if !waitUntil({ waitpid(process, &status, WNOHANG) == process }) {
                Issue.record("signal \(signal) did not end chronik")
                kill(process, SIGKILL)
                waitpid(process, &status, 0)
            }
            // `WTERMSIG`: the low seven bits (0 for an exit).
            #expect(status & 0x7f == signal, "signal \(signal): wait status \(status)")
            #expect(try FileManager.default.contentsOfDirectory(atPath: site.path) == ["changelog.md"], "signal \(signal)")
            #expect(try String(contentsOf: target, encoding: .utf8) == "keep\n")
        }
    }
}

/// Starts chronik in `directory` with no signal blocked and SIGINT, SIGTERM and SIGHUP at their default actions:
/// the test runner may block or ignore them, and a child inherits both (`Process` passes them on).
private func spawnWithDefaultSignals(_ arguments: [String], in directory: URL, environment: [String: String]) throws -> pid_t {
    var attributes = posix_spawnattr_t()
    posix_spawnattr_init(&attributes)
    defer { posix_spawnattr_destroy(&attributes) }
    var none = sigset_t()
    sigemptyset(&none)
    posix_spawnattr_setsigmask(&attributes, &none)
    var defaults = sigset_t()
    sigemptyset(&defaults)
    for signal in [SIGINT, SIGTERM, SIGHUP, SIGPIPE] { sigaddset(&defaults, signal) }
    posix_spawnattr_setsigdefault(&attributes, &defaults)
    posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF))
    var actions = posix_spawn_file_actions_t()
    posix_spawn_file_actions_init(&actions)
    defer { posix_spawn_file_actions_destroy(&actions) }
    for descriptor: Int32 in [0, 1, 2] {
        posix_spawn_file_actions_addopen(&actions, descriptor, "/dev/null", descriptor == 0 ? O_RDONLY : O_WRONLY, 0)
    }
    // sh changes into the folder and becomes chronik (exec), so the pid is chronik's.
    let argv = ["/bin/sh", "-c", "cd \"$0\" && exec \"$@\"", directory.path, chronikBinary.path] + arguments
    let cArguments = argv.map { strdup($0) } + [nil]
    let cEnvironment = environment.map { strdup("\($0.key)=\($0.value)") } + [nil]
    defer {
        cArguments.forEach { free($0) }
        cEnvironment.forEach { free($0) }
    }
    var pid: pid_t = 0
    let result = posix_spawn(&pid, "/bin/sh", &actions, &attributes, cArguments, cEnvironment)
    try #require(result == 0, "posix_spawn: \(String(cString: strerror(result)))")
    return pid
}

/// Polls `condition` every 20 ms for up to a minute (a guard against hanging, not a measurement).
private func waitUntil(_ condition: () -> Bool) -> Bool {
    for _ in 0..<3_000 {
        if condition() { return true }
        usleep(20_000)
    }
    return condition()
}

private func permissions(_ url: URL) -> Int {
    ((try? FileManager.default.attributesOfItem(atPath: url.path))?[.posixPermissions] as? NSNumber)?.intValue ?? -1
}

/// The device number of /dev/null, 1:3 (`makedev` is a C macro: major << 8 | minor for numbers this small).
private let nullDevice = dev_t(1 << 8 | 3)

private func canMakeDeviceNodes() -> Bool {
    let path = FileManager.default.temporaryDirectory.appendingPathComponent("chronik-mknod-\(UUID().uuidString)").path
    defer { unlink(path) }
    return mknod(path, S_IFCHR | 0o600, nullDevice) == 0
}

