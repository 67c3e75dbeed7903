import Foundation
import Testing
@testable import ChronikCLI
#if canImport(Glibc)
import Glibc
#endif

/// Escape codes made visible for golden files: ESC as `␛` (the reviewer reads `␛[33m` where the terminal shows yellow).
private func visible(_ text: String) -> String {
    text.replacingOccurrences(of: "\u{1B}", with: "␛")
}

/// The C library's pseudo-terminal calls, which Swift's Glibc module leaves out (they are X/Open): looked up by name.
private enum PTY {
    private static func function<T>(_ name: String, as type: T.Type) -> T {
        guard let symbol = dlsym(dlopen(nil, RTLD_NOW), name) else { preconditionFailure("no \(name) in the C library") }
        return unsafeBitCast(symbol, to: type)
    }
    static let openpt = function("posix_openpt", as: (@convention(c) (Int32) -> Int32).self)
    static let grantpt = function("grantpt", as: (@convention(c) (Int32) -> Int32).self)
    static let unlockpt = function("unlockpt", as: (@convention(c) (Int32) -> Int32).self)
    static let ptsname = function("ptsname", as: (@convention(c) (Int32) -> UnsafeMutablePointer<CChar>?).self)
}

/// Runs chronik with its standard output on a pseudo-terminal (opened here with `posix_openpt`), standard error on
/// a pipe; returns what reached the terminal (raw mode: bytes as written) as `stdout`.
/// `afterExit` runs as soon as chronik has exited, before the terminal is read to its end.
private func runOnTerminal(_ box: Sandbox, _ arguments: [String], in directory: URL, extraEnvironment: [String: String] = [:],
                           signalOnce: (signal: Int32, fileExists: URL)? = nil, afterExit: () -> Void = {}) throws -> RunResult {
    let master = PTY.openpt(O_RDWR | O_NOCTTY | O_CLOEXEC)
    try #require(master >= 0, "posix_openpt: \(errno)")
    defer { close(master) }
    try #require(PTY.grantpt(master) == 0 && PTY.unlockpt(master) == 0)
    let name = try #require(PTY.ptsname(master).map { String(cString: $0) })
    let slave = open(name, O_RDWR | O_NOCTTY | O_CLOEXEC)
    try #require(slave >= 0)
    var settings = termios()
    tcgetattr(slave, &settings)
    cfmakeraw(&settings)
    tcsetattr(slave, TCSANOW, &settings)

    // Spawned with posix_spawn and waited for with waitpid: Foundation's Process learns of the exit through a
    // descriptor the child's own children (the pager) inherit, so it would wait for the pager too.
    var errPipe: [Int32] = [-1, -1]
    try #require(pipe(&errPipe) == 0)
    _ = fcntl(errPipe[0], F_SETFD, FD_CLOEXEC)
    _ = fcntl(errPipe[1], F_SETFD, FD_CLOEXEC)
    var actions = posix_spawn_file_actions_t()
    posix_spawn_file_actions_init(&actions)
    defer { posix_spawn_file_actions_destroy(&actions) }
    posix_spawn_file_actions_addopen(&actions, STDIN_FILENO, "/dev/null", O_RDONLY, 0)
    posix_spawn_file_actions_adddup2(&actions, slave, STDOUT_FILENO)
    posix_spawn_file_actions_adddup2(&actions, errPipe[1], STDERR_FILENO)
    let environment = box.environment.merging(["TERM": "xterm-256color"]) { $1 }.merging(extraEnvironment) { $1 }
    // `env -C DIR`: the working directory (posix_spawn has no portable chdir action).
    let argv: [UnsafeMutablePointer<CChar>?] = (["/usr/bin/env", "-C", directory.path, chronikBinary.path] + arguments).map { strdup($0) } + [nil]
    let envp: [UnsafeMutablePointer<CChar>?] = environment.map { strdup("\($0.key)=\($0.value)") } + [nil]
    defer { (argv + envp).forEach { free($0) } }
    // As a shell starts a command: default signal dispositions and no blocked signals, whatever the test runner has.
    var attributes = posix_spawnattr_t()
    posix_spawnattr_init(&attributes)
    defer { posix_spawnattr_destroy(&attributes) }
    var defaults = sigset_t(), empty = sigset_t()
    sigemptyset(&defaults)
    sigemptyset(&empty)
    for signal in [SIGINT, SIGTERM, SIGHUP, SIGQUIT, SIGPIPE] { sigaddset(&defaults, signal) }
    posix_spawnattr_setsigdefault(&attributes, &defaults)
    posix_spawnattr_setsigmask(&attributes, &empty)
    posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGDEF | POSIX_SPAWN_SETSIGMASK))
    var pid: pid_t = 0
    let spawned = posix_spawn(&pid, "/usr/bin/env", &actions, &attributes, argv, envp)
    close(slave)
    close(errPipe[1])
    defer { close(errPipe[0]) }
    try #require(spawned == 0, "posix_spawn: \(spawned)")
    // Read until every holder of the terminal and of standard error (chronik, its pager) has closed it.
    func reader(_ fd: Int32) -> (DispatchGroup, () -> [UInt8]) {
        nonisolated(unsafe) var bytes = [UInt8]()
        let group = DispatchGroup()
        group.enter()
        Thread {
            var buffer = [UInt8](repeating: 0, count: 65_536)
            while true {
                let n = read(fd, &buffer, buffer.count)
                if n > 0 { bytes += buffer[0..<n] } else if n < 0, errno == EINTR { continue } else { break }
            }
            group.leave()
        }.start()
        return (group, { bytes })
    }
    let (outGroup, out) = reader(master)
    let (errGroup, err) = reader(errPipe[0])
    // `signalOnce`: the signal sent to chronik a moment after the file appears (e.g. made by its pager).
    if let (signal, file) = signalOnce {
        let child = pid
        Thread {
            let deadline = Date().addingTimeInterval(60)
            while !FileManager.default.fileExists(atPath: file.path) && Date() < deadline { usleep(10_000) }
            usleep(200_000)
            kill(child, signal)
        }.start()
    }
    var status: Int32 = 0
    while waitpid(pid, &status, 0) < 0, errno == EINTR {}
    afterExit()
    outGroup.wait()
    errGroup.wait()
    // As Process reports it: the exit code, or the number of the signal that ended it.
    let code = status & 0x7F == 0 ? (status >> 8) & 0xFF : status & 0x7F
    return RunResult(status: code, stdout: String(decoding: out(), as: UTF8.self), stderr: String(decoding: err(), as: UTF8.self))
}

/// A pager script that records that it ran (and the LESS and LV it was given) and prefixes each line it shows.
private func pagerScript(_ box: Sandbox, name: String = "pager.sh") throws -> (script: URL, record: URL) {
    let script = box.url(name), record = box.url(name + ".ran")
    try writeExecutable("""
        #!/bin/sh
        echo "ran LESS=$LESS LV=$LV" >> '\(record.path)'
        sed 's/^/paged: /'

        """, to: script)
    return (script, record)
}

@Suite("pager and colour, as git does (issue 18)")
struct PagerAndColorTests {
    // MARK: the pager

    @Test func pagerStartsOnATerminalOnly() throws {
        let box = try Sandbox()
        let store = try box.sample()
        let (script, record) = try pagerScript(box)
        let env = ["CHRONIK_PAGER": script.path]

        let paged = try runOnTerminal(box, ["log", "--limit", "2"], in: store, extraEnvironment: env)
        #expect(paged.status == 0, "\(paged)")
        #expect((try? String(contentsOf: record, encoding: .utf8)) == "ran LESS=FRX LV=-c\n", "\(paged)")
        let lines = paged.stdout.split(separator: "\n", omittingEmptySubsequences: false).dropLast()
        #expect(!lines.isEmpty && lines.allSatisfy { $0.hasPrefix("paged: ") }, "\(paged.stdout.debugDescription)")
        // The pager counts as a terminal: colour is on (auto).
        #expect(paged.stdout.contains("\u{1B}[33m"))

        // Not with --no-pager, -P (after or before the command), nor when piped, nor for an empty value or `cat`.
        try FileManager.default.removeItem(at: record)
        for arguments in [["log", "--no-pager"], ["log", "-P"], ["-P", "log"], ["--no-pager", "log"]] {
            let plain = try runOnTerminal(box, arguments + ["--limit", "2"], in: store, extraEnvironment: env)
            #expect(plain.status == 0, "\(arguments) \(plain)")
            #expect(!plain.stdout.contains("paged: ") && plain.stdout.contains("\u{1B}[33m"), "\(arguments)")
        }
        let piped = try box.chronik(["log", "--limit", "2"], in: store, extraEnvironment: env)
        #expect(piped.status == 0 && !piped.stdout.isEmpty && !piped.stdout.contains("paged: ") && !piped.stdout.contains("\u{1B}"))
        for none in ["", "cat", " cat "] {
            let result = try runOnTerminal(box, ["log", "--limit", "1"], in: store, extraEnvironment: ["CHRONIK_PAGER": none])
            #expect(result.status == 0 && !result.stdout.isEmpty && !result.stdout.contains("paged: "), "\(none.debugDescription)")
        }
        #expect(!FileManager.default.fileExists(atPath: record.path))

        // Every paged command; a set LESS is left as it is.
        for arguments in [["show", "actors/cdo-berlin"], ["diff", "aktionen", "strategieentwurf"], ["changelog"], ["releases"], ["list", "events"]] {
            let result = try runOnTerminal(box, arguments, in: store, extraEnvironment: env.merging(["LESS": "-R"]) { $1 })
            #expect(result.status == 0, "\(arguments) \(result)")
            #expect(result.stdout.hasPrefix("paged: "), "\(arguments)")
        }
        #expect(try String(contentsOf: record, encoding: .utf8) == String(repeating: "ran LESS=-R LV=-c\n", count: 5))
    }

    @Test func outputToAFileIsNeverPaged() throws {
        let box = try Sandbox()
        let store = try box.sample()
        let (script, record) = try pagerScript(box)
        let file = box.url("changelog.md")
        let result = try runOnTerminal(box, ["changelog", "-o", file.path], in: store, extraEnvironment: ["CHRONIK_PAGER": script.path])
        #expect(result.status == 0, "\(result)")
        #expect(!FileManager.default.fileExists(atPath: record.path))
        let written = try String(contentsOf: file, encoding: .utf8)
        #expect(!written.isEmpty && !written.contains("paged: ") && !written.contains("\u{1B}"))
    }

    @Test func pagerOrderIsChronikPagerThenCorePagerThenPager() throws {
        let box = try Sandbox()
        let store = try box.sample()
        let (chronikPager, chronikRecord) = try pagerScript(box, name: "chronik-pager.sh")
        let (corePager, coreRecord) = try pagerScript(box, name: "core-pager.sh")
        let (pager, pagerRecord) = try pagerScript(box, name: "pager.sh")
        try #require(try box.git(["config", "core.pager", corePager.path], in: store).status == 0)

        _ = try runOnTerminal(box, ["releases"], in: store, extraEnvironment: ["CHRONIK_PAGER": chronikPager.path, "PAGER": pager.path])
        _ = try runOnTerminal(box, ["releases"], in: store, extraEnvironment: ["PAGER": pager.path])
        try #require(try box.git(["config", "--unset", "core.pager"], in: store).status == 0)
        _ = try runOnTerminal(box, ["releases"], in: store, extraEnvironment: ["PAGER": pager.path])
        for record in [chronikRecord, coreRecord, pagerRecord] {
            #expect(try String(contentsOf: record, encoding: .utf8).split(separator: "\n").count == 1, "\(record.lastPathComponent)")
        }
        // core.pager = cat: no pager at all, as git reads it.
        try #require(try box.git(["config", "core.pager", "cat"], in: store).status == 0)
        let none = try runOnTerminal(box, ["releases"], in: store, extraEnvironment: ["PAGER": pager.path])
        #expect(none.status == 0 && !none.stdout.contains("paged: "))
    }

    @Test func chronikWaitsForThePagerBeforeItExits() throws {
        let box = try Sandbox()
        let store = try box.sample()
        // The pager reads all, then takes its time before it ends; chronik must not have exited before. (The pager
        // lets go of chronik's standard error, whose end the test reads, so that only chronik's exit is waited for.)
        let marker = box.url("pager-ended")
        var endedFirst = false
        let result = try runOnTerminal(box, ["releases"], in: store,
                                       extraEnvironment: ["CHRONIK_PAGER": "exec 2>/dev/null; cat; sleep 0.5; echo > '\(marker.path)'"]) {
            endedFirst = FileManager.default.fileExists(atPath: marker.path)
        }
        #expect(result.status == 0 && result.stdout.contains("gemeinsam-digital"), "\(result)")
        #expect(endedFirst)
    }

    /// Ctrl-C (here SIGTERM, the same handler) while the reader is still in the pager, after chronik has written
    /// everything and waits for it at exit: chronik still waits for the pager before it ends by the signal, so that
    /// the shell does not get the terminal back under a running pager (as git does).
    @Test func aSignalWhileWaitingForThePagerStillWaitsForIt() throws {
        let box = try Sandbox()
        let store = try box.sample()
        let started = box.url("pager-started"), ended = box.url("pager-ended")
        var endedFirst = false
        let result = try runOnTerminal(
            box, ["releases"], in: store,
            extraEnvironment: ["CHRONIK_PAGER": "exec 2>/dev/null; echo > '\(started.path)'; cat > /dev/null; sleep 1; echo > '\(ended.path)'"],
            // Once the pager runs (and chronik, which started it, has written its few lines and waits at exit).
            signalOnce: (SIGTERM, started)) {
            endedFirst = FileManager.default.fileExists(atPath: ended.path)
        }
        #expect(result.status == SIGTERM, "ended by the signal: \(result)")
        #expect(endedFirst, "chronik ended before its pager")
    }

    @Test func missingPagerWarnsAndPrintsWithoutOne() throws {
        let box = try Sandbox()
        let store = try box.sample()
        for (pager, lang, warning) in [
            ("no-such-pager-18 -R", "en", "chronik: warning: cannot run the pager \"no-such-pager-18 -R\": no such program; printing without a pager\n"),
            ("/nowhere/pager", "de", "chronik: warning: Pager „/nowhere/pager“ lässt sich nicht ausführen: kein solches Programm; Ausgabe ohne Pager\n"),
        ] {
            let result = try runOnTerminal(box, ["log", "--limit", "1"], in: store, extraEnvironment: ["CHRONIK_PAGER": pager, "CHRONIK_LANG": lang])
            #expect(result.status == 0, "\(result)")
            #expect(result.stderr == warning)
            #expect(result.stdout.contains("  2022-") || result.stdout.contains("  20"), "\(result)")
        }
        // A shell construct is left to the shell (and works).
        let shell = try runOnTerminal(box, ["log", "--limit", "1"], in: store, extraEnvironment: ["CHRONIK_PAGER": "sed 's/^/via sh: /' | cat"])
        #expect(shell.status == 0 && shell.stderr.isEmpty && shell.stdout.hasPrefix("via sh: "), "\(shell)")
    }

    @Test func pagerQuitEarlyStaysQuiet() throws {
        let box = try Sandbox()
        let store = try box.sample()
        // The pager reads nothing and ends: chronik meets a closed pipe and ends as git does, killed by SIGPIPE.
        let result = try runOnTerminal(box, ["diff", "strategischer-rahmen", "gemeinsam-digital"], in: store,
                                       extraEnvironment: ["CHRONIK_PAGER": "true"])
        #expect(result.stderr.isEmpty, "\(result)")
        #expect(result.status == 0 || result.status == SIGPIPE, "\(result)")
    }

    @Test func errorsGoToStandardErrorAndStartNoPager() throws {
        let box = try Sandbox()
        let store = try box.sample()
        let (script, record) = try pagerScript(box)
        let result = try runOnTerminal(box, ["show", "actors/nobody"], in: store, extraEnvironment: ["CHRONIK_PAGER": script.path])
        #expect(result.status == 1, "\(result)")
        #expect(result.stdout.isEmpty && result.stderr.hasPrefix("chronik: error: "))
        #expect(!FileManager.default.fileExists(atPath: record.path))
    }

    // MARK: colour

    @Test func colourFollowsTermNoColorAndTheFlag() throws {
        let box = try Sandbox()
        let store = try box.sample()
        func coloured(_ arguments: [String], _ env: [String: String]) throws -> Bool {
            let result = try runOnTerminal(box, arguments, in: store, extraEnvironment: env)
            #expect(result.status == 0, "\(result)")
            return result.stdout.contains("\u{1B}[")
        }
        let log = ["log", "--limit", "1", "--no-pager"]
        #expect(try coloured(log, [:]))
        #expect(try !coloured(log, ["TERM": "dumb"]))
        #expect(try !coloured(log, ["TERM": ""]))
        #expect(try !coloured(log, ["NO_COLOR": "1"]))
        #expect(try coloured(log, ["NO_COLOR": ""]))
        #expect(try !coloured(log + ["--color", "never"], [:]))
        #expect(try coloured(log + ["--color", "always"], ["TERM": "dumb", "NO_COLOR": "1"]))
        // TERM=dumb through a pager too.
        #expect(try !coloured(["diff", "aktionen", "strategieentwurf"], ["TERM": "dumb", "CHRONIK_PAGER": "cat"]))
        #expect(try !coloured(["diff", "aktionen", "strategieentwurf"], ["TERM": "dumb", "CHRONIK_PAGER": "sed s/x/x/"]))
    }

    @Test func gitColorConfigIsRead() throws {
        let box = try Sandbox()
        let store = try box.sample()
        func coloured(_ arguments: [String]) throws -> Bool {
            let result = try box.chronik(arguments, in: store)
            #expect(result.status == 0, "\(result)")
            return result.stdout.contains("\u{1B}[")
        }
        #expect(try !coloured(["releases"]))
        try #require(try box.git(["config", "color.ui", "always"], in: store).status == 0)
        #expect(try coloured(["releases"]))
        #expect(try !coloured(["releases", "--color", "never"]))
        // color.diff for diff and log (git's log reads it too), before color.ui.
        try #require(try box.git(["config", "color.diff", "false"], in: store).status == 0)
        #expect(try !coloured(["log", "--limit", "1"]))
        #expect(try coloured(["releases"]))
        #expect(try coloured(["log", "--limit", "1", "--color", "always"]))
    }

    @Test func unknownColorValueIsAUsageError() throws {
        let box = try Sandbox()
        let store = try box.sample()
        for command in ["status", "log", "diff", "releases", "validate", "show", "changelog", "doctor"] {
            var arguments = [command, "--color", "sometimes"]
            if command == "show" { arguments.insert("actors/cdo-berlin", at: 1) }
            let result = try box.chronik(arguments, in: store)
            #expect(result.status == 2, "\(command) \(result)")
            #expect(result.stdout.isEmpty)
            #expect(result.stderr.hasPrefix("chronik: error: \"sometimes\" is not a valid value of --color; allowed: auto, always, never\n"),
                    "\(command) \(result.stderr)")
        }
        let german = try box.chronik(["log", "--color", "bunt"], in: store, extraEnvironment: ["CHRONIK_LANG": "de"])
        #expect(german.status == 2 && german.stderr.hasPrefix("chronik: error: „bunt“ ist kein gültiger Wert für --color; erlaubt: auto, always, never\n"),
                "\(german)")
    }

    // MARK: golden files, coloured and plain

    @Test func goldenFilesOfColouredAndPlainOutput() throws {
        let box = try Sandbox()
        let store = try box.sample()
        // Working-tree changes for status: one modified, one removed, one added entry, one refused file.
        let modified = store.appendingPathComponent("actors/cdo-berlin.md")
        let text = try String(contentsOf: modified, encoding: .utf8).replacingOccurrences(of: "kind: Rolle", with: "kind: Amt")
            .replacingOccurrences(of: "bündelt die", with: "trägt die")
        try (text + "\nEin neuer Absatz.\n").write(to: modified, atomically: true, encoding: .utf8)
        try FileManager.default.removeItem(at: store.appendingPathComponent("actors/senatskanzlei.md"))
        try box.write(entryText("title: 5\nkind: nothing"), to: "actors/kaputt.md", in: store)

        let commands: [(name: String, arguments: [String], status: Int32)] = [
            ("status", ["status"], 0),
            ("log", ["log", "--limit", "3"], 0),
            ("log-entry", ["log", "actors/cdo-berlin"], 0),
            ("log-fields", ["log", "glossary/betriebsmodell", "--fields"], 0),
            ("releases", ["releases"], 0),
            ("validate", ["validate"], 1),
            ("diff", ["diff", "--", "actors/cdo-berlin"], 0),
            ("doctor", ["doctor"], 0),
        ]
        for (name, arguments, status) in commands {
            for lang in ["en", "de"] {
                for color in ["never", "always"] {
                    // `--color` right after the command: after `--` it would be an entry's name.
                    func with(_ color: String) -> [String] { [arguments[0], "--color", color] + arguments.dropFirst() }
                    let result = try box.chronik(with(color), in: store, extraEnvironment: ["CHRONIK_LANG": lang])
                    #expect(result.status == status, "\(arguments) \(result)")
                    let text = masked(result.stdout, path: store.path)
                    if color == "never" { #expect(!text.contains("\u{1B}"), "\(arguments)") } else { #expect(text.contains("\u{1B}["), "\(arguments)") }
                    // Plain: the same text without the escapes (colour adds, never changes, what is said).
                    if color == "always" {
                        let plain = try box.chronik(with("never"), in: store, extraEnvironment: ["CHRONIK_LANG": lang])
                        // diff's markers give way to strike-through and underline: the same text once both are gone.
                        var expected = plain.stdout
                        if name == "diff" { for marker in ["[-", "-]", "{+", "+}"] { expected = expected.replacingOccurrences(of: marker, with: "") } }
                        #expect(strippingSGR(result.stdout) == expected, "\(arguments)")
                    }
                    try assertSnapshot(visible(text), named: "color/\(name).\(lang).\(color).txt")
                }
            }
        }
    }

    @Test func diffColourKeepsASignBesideTheColour() throws {
        let box = try Sandbox()
        let store = try box.sample()
        let result = try box.chronik(["diff", "ambitionen", "aktionen", "--color", "always"], in: store)
        #expect(result.status == 0)
        // Deleted words struck through (SGR 9), inserted words underlined (SGR 4), not told apart by red and green alone.
        #expect(result.stdout.contains("\u{1B}[31;9m") && result.stdout.contains("\u{1B}[32;4m"))
        #expect(!result.stdout.contains("\u{1B}[31m") && !result.stdout.contains("\u{1B}[32m"))
    }

    // MARK: the rules, as data

    @Test func colorDecisionRules() {
        func decide(_ flag: ColorChoice?, config: [String: String] = [:], command: String = "log", env: [String: String] = ["TERM": "xterm"],
                    tty: Bool = true, pager: Bool = false) -> Bool {
            ColorDecision.decide(flag: flag, configured: { config[$0] }, command: command, environment: env,
                                 stdoutIsTerminal: tty, pagerInUse: pager).enabled
        }
        #expect(decide(nil))
        #expect(!decide(nil, tty: false))
        #expect(decide(nil, tty: false, pager: true))
        #expect(!decide(nil, env: ["TERM": "dumb"]))
        #expect(!decide(nil, env: [:]))
        #expect(!decide(nil, env: ["TERM": "xterm", "NO_COLOR": "1"]))
        #expect(decide(.always, env: ["TERM": "dumb", "NO_COLOR": "1"], tty: false))
        #expect(!decide(.never))
        #expect(!decide(nil, config: ["color.ui": "never"]))
        #expect(!decide(nil, config: ["color.ui": "false"]))
        #expect(decide(nil, config: ["color.ui": "always"], tty: false))
        #expect(!decide(nil, config: ["color.ui": "true"], tty: false))
        #expect(decide(nil, config: ["color.ui": "never", "color.diff": "auto"], command: "diff"))
        #expect(!decide(nil, config: ["color.ui": "always", "color.diff": "off"], command: "show"))
        #expect(decide(nil, config: ["color.ui": "always", "color.diff": "off"], command: "releases", tty: false))
        #expect(!decide(nil, config: ["color.status": "never"], command: "status"))
        #expect(decide(.always, config: ["color.ui": "never"]))
        #expect(decide(nil, config: ["color.ui": "bogus"]))
    }

    @Test func pagerChoiceRules() {
        #expect(Pager.command(environment: [:], corePager: nil) == "less")
        #expect(Pager.command(environment: ["PAGER": "more"], corePager: nil) == "more")
        #expect(Pager.command(environment: ["PAGER": "more"], corePager: "most") == "most")
        #expect(Pager.command(environment: ["PAGER": "more", "CHRONIK_PAGER": "lv"], corePager: "most") == "lv")
        #expect(Pager.command(environment: ["CHRONIK_PAGER": ""], corePager: "most") == nil)
        #expect(Pager.command(environment: ["PAGER": "cat"], corePager: nil) == nil)
        #expect(Pager.environment([:]) == ["LESS": "FRX", "LV": "-c"])
        #expect(Pager.environment(["LESS": "", "LV": "x"]) == ["LESS": "", "LV": "x"])
        #expect(Pager.runnable("sh -c true", path: "/usr/bin:/bin"))
        #expect(!Pager.runnable("no-such-pager-18", path: "/usr/bin:/bin"))
        #expect(!Pager.runnable("/nowhere/less", path: "/usr/bin:/bin"))
        #expect(Pager.runnable("LESS=R less", path: "/nowhere"))
        #expect(Pager.runnable("exec less", path: "/nowhere"))
    }
}

/// The text without SGR escapes.
private func strippingSGR(_ text: String) -> String {
    guard let sgr = try? NSRegularExpression(pattern: "\u{1B}\\[[0-9;]*m") else { return text }
    return sgr.stringByReplacingMatches(in: text, range: NSRange(text.startIndex..., in: text), withTemplate: "")
}
