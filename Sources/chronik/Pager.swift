import ArgumentParser
import ChronikStore
import Foundation
import GitKit
#if canImport(Glibc)
import Glibc
#endif

/// Paging, as git's `setup_pager` (git's `pager.c`) does it (docs/cli.md, "Pager and colour").
///
/// - Which pager: `CHRONIK_PAGER`, then git's `core.pager` (the repository's config as git reads it), then `PAGER`,
///   then `less`; an empty value or `cat` means none (git's `git_pager`). Only when standard output is a terminal,
///   never with `--no-pager` or `-o FILE`.
/// - How: the command runs through `sh -c` with `LESS=FRX` and `LV=-c` in its environment unless they are set (git's
///   `PAGER_ENV`); its standard input is a pipe that is put onto standard output (`dup2`) before the first byte is
///   written. The pager starts at that first byte, not before: a command that fails before it prints starts none.
/// - At exit (and on SIGINT, SIGTERM, SIGHUP, SIGQUIT) standard output is closed and the pager waited for, so that
///   the shell's prompt comes back only when the pager has ended (git's `wait_for_pager`).
/// - A pager quit early closes the pipe: the next write meets EPIPE and chronik ends quietly, killed by SIGPIPE
///   (`StandardOutput`'s rule, as git's `check_pipe`).
/// - A pager that names no program (checked before it is started, since `sh -c` would only report it on its own
///   standard error and take the output with it): a warning, and the output is printed without a pager; the exit
///   code is unaffected (git's `start_command` failing in `setup_pager`).
/// Standard error is not paged: errors and warnings stay on the terminal.
enum Pager {
    /// The pager to use, from the environment and git's `core.pager` (git's `git_pager`); nil for none.
    static func command(environment: [String: String], corePager: String?) -> String? {
        let pager = environment["CHRONIK_PAGER"] ?? corePager ?? environment["PAGER"] ?? "less"
        let trimmed = pager.trimmingCharacters(in: .whitespacesAndNewlines)
        return trimmed.isEmpty || trimmed == "cat" ? nil : pager
    }

    /// The pager's environment: the process's own, with `LESS=FRX` and `LV=-c` unless set (git's `PAGER_ENV`).
    static func environment(_ base: [String: String]) -> [String: String] {
        var environment = base
        if environment["LESS"] == nil { environment["LESS"] = "FRX" }
        if environment["LV"] == nil { environment["LV"] = "-c" }
        return environment
    }

    /// Whether `sh -c command` would find the program it names first. A first word holding a shell construct (git's
    /// list of shell metacharacters, `=` of an assignment among them) or naming a builtin is left to the shell.
    static func runnable(_ command: String, path: String?) -> Bool {
        let metacharacters = Set("|&;<>()$`\\\"' \t\n*?[#~=%{}")
        let first = command.drop { $0 == " " || $0 == "\t" || $0 == "\n" }.prefix { $0 != " " && $0 != "\t" && $0 != "\n" }
        if first.isEmpty || first.contains(where: metacharacters.contains) { return true }
        let builtins: Set<Substring> = ["exec", "command", "eval", "builtin", ".", ":", "true", "false", "if", "while", "until", "for", "case", "!"]
        if builtins.contains(first) { return true }
        func executable(_ file: String) -> Bool {
            var status = stat()
            return stat(file, &status) == 0 && (status.st_mode & S_IFMT) == S_IFREG && access(file, X_OK) == 0
        }
        if first.contains("/") { return executable(String(first)) }
        let folders = (path ?? "/usr/bin:/bin").split(separator: ":", omittingEmptySubsequences: false)
        return folders.contains { executable(($0.isEmpty ? "." : String($0)) + "/" + first) }
    }

    /// Arms the pager for this process when standard output is a terminal and a pager is configured: it starts at
    /// the first byte written to standard output (`StandardOutput`). Returns whether a pager is armed.
    @discardableResult
    static func arm(repository: Repository?, environment given: [String: String]? = nil) -> Bool {
        guard !disabled, isatty(STDOUT_FILENO) == 1 else { return false }
        // The whole environment only now that a pager can start (building it costs a start-up, issue 19).
        let environment = given ?? ProcessInfo.processInfo.environment
        // git's core.pager, read only when it can matter.
        var corePager: String?
        if environment["CHRONIK_PAGER"] == nil, let repository { corePager = try? repository.configString("core.pager") }
        guard let command = command(environment: environment, corePager: corePager) else { return false }
        lock.withLock { armed = command }
        return true
    }

    /// `chronik --no-pager COMMAND` (`-P`, before the command, as `git -P log`): no pager for this process.
    nonisolated(unsafe) static var disabled = false

    /// Starts an armed pager (once): called by `StandardOutput` before every write.
    static func startIfArmed() {
        guard let command = lock.withLock({ () -> String? in
            defer { armed = nil }
            return armed
        }) else { return }
        start(command)
    }

    /// Whether a pager is armed or running (`ColorDecision`: output to a pager counts as a terminal, as in git).
    static var inUse: Bool {
        lock.withLock { armed != nil } || PagerProcess.pid > 0
    }

    private static let lock = NSLock()
    /// The pager to start at the first byte; guarded by `lock`.
    nonisolated(unsafe) private static var armed: String?

    private static func start(_ command: String) {
        let environment = ProcessInfo.processInfo.environment
        let messages = CurrentCatalog.catalog
        guard runnable(command, path: environment["PATH"]) else {
            Terminal.warning(messages.pagerNotFound(Terminal.sanitize(command)))
            return
        }
        var fds: [Int32] = [-1, -1]
        // Close-on-exec on both ends (pipe2 is not in Swift's Glibc): nothing else chronik starts holds the pipe open.
        guard pipe(&fds) == 0, fcntl(fds[0], F_SETFD, FD_CLOEXEC) == 0, fcntl(fds[1], F_SETFD, FD_CLOEXEC) == 0 else {
            Terminal.warning(messages.pagerNotStarted(Terminal.sanitize(command), reason: Descriptor.reason(errno)))
            return
        }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        // The read end becomes the pager's standard input (dup2 clears close-on-exec on the copy); both ends are
        // closed in the pager at exec, so it sees the end of its input when chronik closes its standard output.
        posix_spawn_file_actions_adddup2(&actions, fds[0], STDIN_FILENO)
        let arguments = ["sh", "-c", command]
        let variables = Self.environment(environment).map { "\($0.key)=\($0.value)" }
        var argv: [UnsafeMutablePointer<CChar>?] = arguments.map { strdup($0) } + [nil]
        var envp: [UnsafeMutablePointer<CChar>?] = variables.map { strdup($0) } + [nil]
        defer {
            for pointer in argv { free(pointer) }
            for pointer in envp { free(pointer) }
        }
        var pid: pid_t = 0
        let spawned = posix_spawn(&pid, "/bin/sh", &actions, nil, &argv, &envp)
        close(fds[0])
        guard spawned == 0 else {
            close(fds[1])
            Terminal.warning(messages.pagerNotStarted(Terminal.sanitize(command), reason: Descriptor.reason(spawned)))
            return
        }
        dup2(fds[1], STDOUT_FILENO)
        close(fds[1])
        PagerProcess.pid = pid
        for signal in [SIGINT, SIGTERM, SIGHUP, SIGQUIT] {
            let old = Glibc.signal(signal, PagerProcess.onSignal)
            // A signal the process ignores stays ignored (as git's sigchain does it).
            if unsafeBitCast(old, to: Int.self) == unsafeBitCast(SIG_IGN, to: Int.self) { _ = Glibc.signal(signal, SIG_IGN) }
        }
        atexit(PagerProcess.atExit)
    }
}

/// The running pager, for the exit handler and the signal handler (which may only make async-signal-safe calls).
private enum PagerProcess {
    nonisolated(unsafe) static var pid: pid_t = 0

    /// Closes standard output (the pager sees the end of its input) and waits for the pager to end. The pager is
    /// forgotten only once it has ended: a signal that comes while the exit handler waits (Ctrl-C while the reader
    /// is still in `less`, the common case) waits for it as well, instead of ending chronik and handing the terminal
    /// back to the shell under a running pager (git's `wait_for_pager_signal` does the same).
    static func finish() {
        let child = pid
        guard child > 0 else { return }
        close(STDOUT_FILENO) // Already closed when the exit handler was waiting: EBADF, harmless.
        var status: Int32 = 0
        while waitpid(child, &status, 0) < 0, errno == EINTR {}
        pid = 0
    }

    static let atExit: @convention(c) () -> Void = {
        fflush(nil)
        PagerProcess.finish()
    }

    static let onSignal: @convention(c) (Int32) -> Void = { signal in
        PagerProcess.finish()
        _ = Glibc.signal(signal, SIG_DFL)
        raise(signal)
    }
}

/// `--no-pager` (`-P`) and `--color` of the commands whose output is paged (`log`, `show`, `diff`, `changelog`,
/// `releases`, `list`): one group, one call (`setUp`) before the first byte.
struct PagedOutputOptions: ParsableArguments {
    @Flag(name: [.customLong("no-pager"), .customShort("P")], help: ArgumentHelp(Help.shared("noPager")))
    var noPager = false

    @OptionGroup var colorOptions: ColorOptions

    /// Arms the pager (unless `--no-pager`, `-o FILE` (`writesToFile`), or standard output is no terminal) and then
    /// decides colour for the process, the pager counting as a terminal. Returns whether output is coloured.
    @discardableResult
    func setUp(_ command: String, repository: Repository?, writesToFile: Bool = false) -> Bool {
        Self.setUp(command, repository: repository, noPager: noPager, color: colorOptions.color, writesToFile: writesToFile)
    }

    /// `setUp` for a command that declares `--no-pager` and `--color` itself (`LogCommand`).
    @discardableResult
    static func setUp(_ command: String, repository: Repository?, noPager: Bool, color: ColorChoice?,
                      writesToFile: Bool = false) -> Bool {
        if !noPager, !writesToFile { Pager.arm(repository: repository) }
        return ColorDecision.decideOnce(flag: color, command: command, repository: repository).enabled
    }
}
