import ArgumentParser
import ChronikStore
import Foundation

struct DoctorCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "doctor",
        abstract: "Remove lock files left by killed writers and undo an interrupted `chronik mv`.",
        discussion: """
            A lock file under .git (index.lock, refs/**.lock, packed-refs.lock, HEAD.lock, config.lock, libgit2's \
            object lock and temporary files) is stale when no chronik writer holds .git/chronik.lock and it was \
            last written at least --stale-after seconds ago; --force also removes younger ones. \
            Exit 0 when the store is healthy or was repaired, 1 when something needs you. See docs/cli.md.
            """)

    @Flag(help: "Only report what would be done.")
    var dryRun = false

    @Flag(help: "Also remove lock files younger than --stale-after (make sure no git command runs in the repository), and drop an interrupted mv's journal even when some of its files changed since.")
    var force = false

    @Option(help: ArgumentHelp("A lock file last written this many seconds ago or earlier is stale.", valueName: "seconds"))
    var staleAfter: Double = 10

    @OptionGroup var storeOptions: StoreOptions
    @OptionGroup var output: OutputOptions

    func validate() throws {
        if !(staleAfter >= 0) { throw ValidationError("--stale-after must be 0 or more") }
    }

    struct Output: Encodable {
        var healthy: Bool
        var dryRun: Bool
        var writerRunning: Bool
        var locks: [LockFinding]
        var interruptedMove: RollbackReport?
    }

    func run() throws {
        let store = try storeOptions.open()
        var options = RecoveryOptions()
        options.dryRun = dryRun
        options.force = force
        options.staleAfter = staleAfter
        let report = try cli { try store.recover(options: options) }
        let healthy = report.isHealthy && !(dryRun && !report.isEmpty)
        if output.format == .json {
            try printJSON(Output(healthy: healthy, dryRun: dryRun, writerRunning: report.writerRunning, locks: report.locks,
                                 interruptedMove: report.interruptedMove))
        } else {
            var lines: [String] = []
            if report.writerRunning { lines.append("a chronik writer is running (it holds .git/chronik.lock): nothing was changed") }
            for lock in report.locks { lines.append(describe(lock)) }
            if let move = report.interruptedMove { lines += describeRollback(move, dryRun: dryRun) }
            if report.isEmpty { lines.append("no stale lock files, no interrupted mv: the store is fine") }
            try StandardOutput.print(lines.map(Terminal.sanitize).joined(separator: "\n"))
        }
        if !healthy { throw ExitCode(CLIError.Kind.user.exitCode) }
    }

    private func describe(_ lock: LockFinding) -> String {
        let path = ".git/" + lock.path
        switch lock.action {
        case .removed: return "removed:  \(path) (stale, written \(lock.age) s ago)"
        case .stale: return "stale:    \(path) (written \(lock.age) s ago; would be removed)"
        case .kept: return "kept:     \(path) (\(lock.reason ?? "may be in use"))"
        }
    }
}

/// Lines describing what rolling back an interrupted `chronik mv` did.
private func describeRollback(_ move: RollbackReport, dryRun: Bool) -> [String] {
    var lines = ["interrupted: `\(move.command)`"]
    for path in move.restored { lines.append((dryRun ? "would undo: " : "undone:   ") + path) }
    for path in move.conflicts { lines.append("changed since, left as it is: " + path) }
    if dryRun {
        lines.append("`chronik doctor` undoes it")
    } else if move.finished {
        lines.append("the interrupted mv was undone; run it again")
    } else {
        lines.append("the journal .git/chronik/mv-journal was kept; check those files, then run `chronik doctor --force`")
    }
    return lines
}

/// The check write commands (commit, release, mv) run first: stale lock files they would trip over are removed
/// and an interrupted `chronik mv` is undone, each with a warning on stderr; a lock file that may be live, among
/// `extraLocks` (e.g. the tag a release creates), is refused with a clear message. Only while no other chronik
/// writer runs (else the command waits for it as usual).
func recoverBeforeWriting(_ store: Store, extraLocks: [String] = []) throws(CLIError) {
    var options = RecoveryOptions()
    options.only = store.writeLockFiles(extra: extraLocks)
    let report = try cli { try store.recover(options: options) }
    for lock in report.locks where lock.action == .removed {
        Terminal.warning("removed .git/\(Terminal.sanitize(lock.path)), a lock file left by a killed writer (written \(lock.age) s ago, no chronik writer running)")
    }
    if let move = report.interruptedMove {
        if move.finished {
            Terminal.warning("undid `\(Terminal.sanitize(move.command))`, which was interrupted (\(move.restored.count) file\(move.restored.count == 1 ? "" : "s") restored); run it again if you still want it")
        } else {
            throw CLIError(.user, "`\(Terminal.sanitize(move.command))` was interrupted and cannot be undone by itself: "
                           + move.conflicts.map(Terminal.sanitize).joined(separator: ", ") + " changed since",
                           hint: "check those files, then run `chronik doctor --force`")
        }
    }
    if let held = report.locks.first(where: { $0.action == .kept && extraLocks.contains($0.path) }) {
        throw CLIError(.store, ".git/\(Terminal.sanitize(held.path)) exists (written \(held.age) s ago): another process is writing it, or one was killed; nothing was written",
                       hint: "if no git or chronik command is running, `chronik doctor` removes it once it is \(Int(options.staleAfter)) s old (`chronik doctor --force` at once)")
    }
}
