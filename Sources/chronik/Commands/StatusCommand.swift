import ArgumentParser
import ChronikStore
import Foundation

struct StatusCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "status",
        abstract: "Show uncommitted changes by entry, and files chronik would refuse to commit.")

    @OptionGroup var storeOptions: StoreOptions
    @OptionGroup var output: OutputOptions

    func run() throws {
        let store = try storeOptions.open(requireConfig: false)
        let plain = store.isPlain
        var status = try cli { try store.status() }
        if plain {
            // A plain repository has no chronik.yml to miss: its changes are named as entries (StoreLayout.plain),
            // and nothing is refused, since chronik does not commit there.
            status.problems.removeAll { $0.file == StoreConfig.fileName }
        }
        if output.format == .json {
            try printJSON(status)
            return
        }
        var lines = ["On branch \(Terminal.sanitize(status.branch))"]
        if plain { lines.append("No chronik.yml: a plain repository, every .md file an entry (chronik init adopts it).") }
        if status.head == nil { lines.append("No versions yet.") }
        if status.entries.isEmpty && status.files.isEmpty && status.problems.isEmpty {
            lines.append(plain ? "No changes, working tree clean." : "Nothing to commit, working tree clean.")
        }
        if !status.entries.isEmpty || !status.files.isEmpty {
            lines.append(plain ? "Changes not yet committed:" : "Changes not yet recorded (chronik commit -m MESSAGE):")
            for change in status.entries {
                lines.append("  " + label(change.kind) + Terminal.sanitize(entryText(change)))
            }
            for change in status.files {
                lines.append("  " + label(change.kind) + Terminal.sanitize(change.path))
            }
        }
        if !status.problems.isEmpty {
            lines.append(plain ? "Not counted (a store would refuse them):" : "Refused (fix these before committing):")
            for problem in status.problems { lines.append("  " + Terminal.sanitize(problem.description)) }
        }
        try StandardOutput.print(lines.joined(separator: "\n"))
    }
}

func label(_ kind: ChangeKind) -> String {
    switch kind {
    case .added: return "added:    "
    case .modified: return "changed:  "
    case .removed: return "removed:  "
    case .renamed: return "renamed:  "
    }
}

func entryText(_ change: EntryChange) -> String {
    if let from = change.from { return "\(from) -> \(change.entry)" }
    return change.entry.description
}
