import ArgumentParser
import ChronikStore
import Foundation

struct DoctorCommand: ParsableCommand {
    static var configuration: CommandConfiguration { Help.configuration("doctor", .doctor) }

    @Flag(help: ArgumentHelp(Help.text(.doctor, "dryRun")))
    var dryRun = false

    @Flag(help: ArgumentHelp(Help.text(.doctor, "force")))
    var force = false

    @Option(help: ArgumentHelp(Help.text(.doctor, "staleAfter"), valueName: "seconds"))
    var staleAfter: Double = 10

    @OptionGroup var language: LanguageOptions
    @OptionGroup var storeOptions: StoreOptions
    @OptionGroup var output: OutputOptions
    @OptionGroup var colorOptions: ColorOptions

    func validate() throws {
        if !(staleAfter >= 0) { throw ValidationError(usageCatalog(lang: language.lang, store: storeOptions.store).optionNotNegative("--stale-after")) }
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
        let messages = messageCatalog(lang: language.lang, store: store)
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
            // Colour: what was found yellow, the all-clear green (the words say it too).
            let paint = Paint(enabled: colorOptions.decide("doctor", repository: store.repository))
            var lines: [String] = []
            if report.writerRunning { lines.append(messages.doctorWriterRunning()) }
            for lock in report.locks { lines.append(describe(lock, messages: messages)) }
            if let move = report.interruptedMove { lines += describeRollback(move, dryRun: dryRun, messages: messages) }
            lines = lines.map { paint.note(Terminal.sanitize($0)) }
            if report.isEmpty { lines.append(paint.added(Terminal.sanitize(messages.doctorFine()))) }
            try StandardOutput.print(lines.joined(separator: "\n"))
        }
        if !healthy { throw ExitCode(CLIError.Kind.user.exitCode) }
    }

    private func describe(_ lock: LockFinding, messages: any MessageCatalog) -> String {
        let path = ".git/" + lock.path
        switch lock.action {
        case .removed: return messages.doctorRemoved(path, age: Int(lock.age))
        case .stale: return messages.doctorStale(path, age: Int(lock.age))
        case .kept: return messages.doctorKept(path, reason: lock.reason)
        }
    }
}

/// Lines describing what rolling back an interrupted `chronik mv` did.
private func describeRollback(_ move: RollbackReport, dryRun: Bool, messages: any MessageCatalog) -> [String] {
    var lines = [messages.doctorInterrupted(move.command)]
    for path in move.restored { lines.append(messages.doctorUndo(path, dryRun: dryRun)) }
    for path in move.conflicts { lines.append(messages.doctorChangedSince(path)) }
    if dryRun {
        lines.append(messages.doctorWouldUndo())
    } else if move.finished {
        lines.append(messages.doctorUndone())
    } else {
        lines.append(messages.doctorJournalKept())
    }
    return lines
}

/// The check write commands (commit, release, mv) run first: stale lock files they would trip over are removed
/// and an interrupted `chronik mv` is undone, each with a warning on stderr; a lock file that may be live, among
/// `extraLocks` (e.g. the tag a release creates), is refused with a clear message. Only while no other chronik
/// writer runs (else the command waits for it as usual).
func recoverBeforeWriting(_ store: Store, extraLocks: [String] = [], messages: any MessageCatalog) throws(CLIError) {
    var options = RecoveryOptions()
    options.only = store.writeLockFiles(extra: extraLocks)
    let report = try cli { try store.recover(options: options) }
    for lock in report.locks where lock.action == .removed {
        Terminal.warning(messages.staleLockRemoved(".git/" + Terminal.sanitize(lock.path), age: Int(lock.age)))
    }
    if let move = report.interruptedMove {
        if move.finished {
            Terminal.warning(messages.interruptedMoveUndone(Terminal.sanitize(move.command), restored: move.restored.count))
        } else {
            throw CLIError(.user, messages.interruptedMoveStuck(Terminal.sanitize(move.command), conflicts: move.conflicts.map(Terminal.sanitize)),
                           hint: messages.interruptedMoveStuckHint())
        }
    }
    if let held = report.locks.first(where: { $0.action == .kept && extraLocks.contains($0.path) }) {
        throw CLIError(.store, messages.lockHeld(".git/" + Terminal.sanitize(held.path), age: Int(held.age)),
                       hint: messages.lockHeldHint(staleAfter: Int(options.staleAfter)))
    }
}
