import ChronikStore
import Foundation
import GitKit

// The programs a commit may involve besides chronik, run as git runs them: hooks (`--run-hooks`) and the signing
// programs (`gpg`, `ssh-keygen`). The store asks for them through `CommitHooks` and `ObjectSigner`; only the
// command line starts processes. See docs/hooks-and-signing.md.

/// The outcome of a finished program.
struct ProgramResult {
    var status: Int32
    var signalled: Bool
    var stdout: Data
    var stderr: Data

    /// "exited with status 1", "was stopped by signal 9".
    var ending: String { signalled ? "was stopped by signal \(status)" : "exited with status \(status)" }
}

/// Runs `executable` with `input` on its standard input; collects standard output (unless `stdoutToStderr`, as
/// git does for hooks) and standard error (unless `passStderr`, when the user sees it as it comes).
func runProgram(_ executable: URL, _ arguments: [String], in directory: URL, environment: [String: String], input: Data = Data(),
                stdoutToStderr: Bool = false, passStderr: Bool = false) throws -> ProgramResult {
    let process = Process()
    process.executableURL = executable
    process.arguments = arguments
    process.currentDirectoryURL = directory
    process.environment = environment
    let inPipe = Pipe(), outPipe = Pipe(), errPipe = Pipe()
    process.standardInput = inPipe
    process.standardOutput = stdoutToStderr ? FileHandle.standardError : outPipe
    process.standardError = passStderr ? FileHandle.standardError : errPipe
    try process.run()
    nonisolated(unsafe) var errData = Data()
    let group = DispatchGroup()
    DispatchQueue.global().async(group: group) {
        let handle = inPipe.fileHandleForWriting
        feed(input, to: handle.fileDescriptor)
        try? handle.close()
    }
    if !passStderr {
        DispatchQueue.global().async(group: group) { errData = errPipe.fileHandleForReading.readDataToEndOfFile() }
    }
    let outData = stdoutToStderr ? Data() : outPipe.fileHandleForReading.readDataToEndOfFile()
    group.wait()
    process.waitUntilExit()
    return ProgramResult(status: process.terminationStatus, signalled: process.terminationReason == .uncaughtSignal,
                         stdout: outData, stderr: errData)
}

/// Writes `input` to a child's standard input. A program that exits without reading it (`ssh-keygen` with a missing
/// key) must not kill chronik with SIGPIPE: the write runs with SIGPIPE blocked on this thread, a reader that has gone
/// ends it quietly (EPIPE), and the SIGPIPE the kernel left pending on the thread is taken before it is unblocked
/// (git ignores SIGPIPE around feeding a child the same way: `sigchain_push(SIGPIPE, SIG_IGN)`).
func feed(_ input: Data, to fd: Int32) {
    var pipeSignal = sigset_t()
    sigemptyset(&pipeSignal)
    sigaddset(&pipeSignal, SIGPIPE)
    var previous = sigset_t()
    pthread_sigmask(SIG_BLOCK, &pipeSignal, &previous)
    // EPIPE: the program did not read its input; its exit status tells what happened.
    _ = input.withUnsafeBytes { Descriptor.writeAll(fd, $0) }
    var now = timespec(tv_sec: 0, tv_nsec: 0)
    while sigtimedwait(&pipeSignal, nil, &now) == SIGPIPE {}
    pthread_sigmask(SIG_SETMASK, &previous, nil)
}

/// A program named as git names them (`gpg`, a path, `~/bin/x`): found on PATH through `/usr/bin/env`.
func programURL(_ name: String) -> (URL, [String]) {
    let expanded = expandHome(name)
    if expanded.contains("/") { return (URL(fileURLWithPath: expanded), []) }
    return (URL(fileURLWithPath: "/usr/bin/env"), [expanded])
}

/// `~/x` with the user's home folder, as git expands paths in its configuration.
func expandHome(_ path: String) -> String {
    guard path.hasPrefix("~/"), let home = ProcessInfo.processInfo.environment["HOME"] else { return path }
    return home + path.dropFirst(1)
}

/// git's `pre-commit` and `commit-msg` hooks from `core.hooksPath` or `.git/hooks`, run like git runs them: in the
/// working tree's root, standard output sent to standard error, `GIT_INDEX_FILE` set; a hook that is not
/// executable is skipped with a hint.
struct GitHookRunner: CommitHooks {
    let root: URL
    let gitDirectory: URL
    let hooksDirectory: URL

    init(store: Store) {
        root = store.root
        gitDirectory = store.repository.gitDirectory
        if let configured = try? store.repository.configString("core.hooksPath"), !configured.isEmpty {
            let path = expandHome(configured)
            hooksDirectory = path.hasPrefix("/") ? URL(fileURLWithPath: path) : store.root.appendingPathComponent(path)
        } else {
            hooksDirectory = gitDirectory.appendingPathComponent("hooks")
        }
    }

    private func hook(_ name: String) -> URL? {
        let url = hooksDirectory.appendingPathComponent(name)
        guard FileManager.default.fileExists(atPath: url.path) else { return nil }
        guard access(url.path, X_OK) == 0 else {
            Terminal.hint("the \(url.path) hook was ignored because it is not executable (as git does)")
            return nil
        }
        return url
    }

    private func run(_ name: String, _ hook: URL, _ arguments: [String]) throws(StoreError) {
        var environment = ProcessInfo.processInfo.environment
        environment["GIT_INDEX_FILE"] = gitDirectory.appendingPathComponent("index").path
        environment["GIT_EDITOR"] = ":"
        let result: ProgramResult
        do {
            result = try runProgram(hook, arguments, in: root, environment: environment, stdoutToStderr: true, passStderr: true)
        } catch {
            throw .hookFailed(hook: name, reason: "could not be run (\(error.localizedDescription))")
        }
        if result.status != 0 || result.signalled { throw .hookFailed(hook: name, reason: result.ending) }
    }

    func preCommit() throws(StoreError) {
        if let hook = hook("pre-commit") { try run("pre-commit", hook, []) }
    }

    func commitMessage(_ message: String) throws(StoreError) -> String {
        guard let hook = hook("commit-msg") else { return message }
        let file = gitDirectory.appendingPathComponent("COMMIT_EDITMSG")
        do {
            try Data(message.utf8).write(to: file)
        } catch {
            throw StoreError.writing(error, fallbackPath: file.path)
        }
        try run("commit-msg", hook, [file.path])
        do {
            return String(decoding: try Data(contentsOf: file), as: UTF8.self)
        } catch {
            throw .hookFailed(hook: "commit-msg", reason: "removed the message file")
        }
    }
}

/// Signs as git does with `gpg.format` `openpgp` (`gpg --status-fd=2 -bsau KEY`) or `ssh`
/// (`ssh-keygen -Y sign -n git -f KEY`), the key being `user.signingkey`.
struct ProgramSigner: ObjectSigner {
    enum Format: String { case openpgp, ssh }
    let format: Format
    let key: String?
    let program: String
    let directory: URL

    /// The signer configured for `repository`, if signing is asked for: `--sign`, else the configuration variable
    /// `configKey` (`commit.gpgsign`, `tag.gpgsign`); `--no-sign` turns it off.
    static func configured(_ repository: Repository, sign: Bool?, configKey: String, directory: URL,
                           messages: any MessageCatalog) throws(CLIError) -> ProgramSigner? {
        let wanted = sign ?? ((try? repository.configBool(configKey)) ?? nil) ?? false
        guard wanted else { return nil }
        let formatName = ((try? repository.configString("gpg.format")) ?? nil) ?? "openpgp"
        guard let format = Format(rawValue: formatName) else {
            throw CLIError(.usage, messages.signingFormatUnsupported(Terminal.sanitize(formatName)))
        }
        let key = (try? repository.configString("user.signingkey")) ?? nil
        let program: String
        switch format {
        case .openpgp:
            program = ((try? repository.configString("gpg.openpgp.program")) ?? nil) ?? ((try? repository.configString("gpg.program")) ?? nil) ?? "gpg"
        case .ssh:
            guard let key, !key.isEmpty else {
                throw CLIError(.usage, messages.signingNeedsKey())
            }
            program = ((try? repository.configString("gpg.ssh.program")) ?? nil) ?? "ssh-keygen"
        }
        return ProgramSigner(format: format, key: key, program: program, directory: directory)
    }

    func sign(_ content: String) throws(StoreError) -> String {
        let (executable, prefix) = programURL(program)
        var arguments: [String]
        var keyFile: URL?
        defer { if let keyFile { try? FileManager.default.removeItem(at: keyFile) } }
        switch format {
        case .openpgp:
            arguments = ["--status-fd=2", "-bsa"] + (key.map { ["-u", $0] } ?? [])
        case .ssh:
            var path = expandHome(key ?? "")
            if path.hasPrefix("key::") || path.hasPrefix("ssh-") {
                // A public key given literally: ssh-keygen signs with its private half from the agent.
                let file = FileManager.default.temporaryDirectory.appendingPathComponent("chronik-signing-key-\(UUID().uuidString).pub")
                let literal = path.hasPrefix("key::") ? String(path.dropFirst(5)) : path
                do {
                    try Data((literal + "\n").utf8).write(to: file)
                } catch {
                    throw .signingFailed(program: program, reason: "cannot write the public key to \(file.path)")
                }
                keyFile = file
                path = file.path
            }
            arguments = ["-Y", "sign", "-n", "git", "-f", path]
        }
        let result: ProgramResult
        do {
            result = try runProgram(executable, prefix + arguments, in: directory, environment: ProcessInfo.processInfo.environment,
                                    input: Data(content.utf8))
        } catch {
            throw .signingFailed(program: program, reason: "could not be run (\(error.localizedDescription))")
        }
        let errorText = String(decoding: result.stderr, as: UTF8.self)
        let signature = String(decoding: result.stdout, as: UTF8.self)
        // As git: gpg must report SIG_CREATED on its status output; ssh-keygen must give a signature.
        let created = format == .openpgp ? ("\n" + errorText).contains("\n[GNUPG:] SIG_CREATED ") : signature.contains("-----BEGIN SSH SIGNATURE-----")
        guard result.status == 0, !result.signalled, created else {
            let detail = errorText.split(separator: "\n").filter { !$0.hasPrefix("[GNUPG:]") }.joined(separator: " ")
            throw .signingFailed(program: program, reason: result.ending + (detail.isEmpty ? "" : ": " + Terminal.sanitize(detail)))
        }
        return signature
    }
}
