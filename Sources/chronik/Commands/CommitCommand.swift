import ArgumentParser
import ChronikSchema
import ChronikStore
import Foundation

struct CommitCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "commit",
        abstract: "Record every change of the working tree (entries, chronik.yml, schemas) as one new version.")

    @Option(name: .shortAndLong, help: "The message describing this version.")
    var message: String

    @Flag(help: "Run the repository's pre-commit and commit-msg hooks as git does (chronik runs no hook otherwise).")
    var runHooks = false

    @Option(help: ArgumentHelp("Language of the messages: de or en (default: CHRONIK_LANG, the locale, then the store's language).", valueName: "lang"))
    var lang: String?

    @OptionGroup var identity: IdentityOptions
    @OptionGroup var signing: SigningOptions
    @OptionGroup var storeOptions: StoreOptions

    func validate() throws {
        if message.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty {
            throw ValidationError("the message must not be empty")
        }
    }

    func run() throws {
        let store = try storeOptions.open()
        try recoverBeforeWriting(store)
        let (author, committer) = try identity.signatures(configFrom: store.repository)
        let signer = try signing.signer(for: store, configKey: "commit.gpgsign")
        let hooks = runHooks ? GitHookRunner(store: store) : nil
        let catalog = messageCatalog(lang: lang, store: store)
        let outcome = try cli(ProblemText(catalog: catalog, workingTreeOf: store)) {
            try store.commit(message: message, author: author, committer: committer, checker: StoreValidator(), hooks: hooks, signer: signer)
        }
        switch outcome {
        case .nothingToCommit:
            try StandardOutput.print(catalog.nothingToCommit())
        case let .committed(commit, changes, warnings):
            let counts = ChangeCounts(changes.entries)
            try StandardOutput.print(catalog.recordedVersion(
                commit.id.short(), summary: Terminal.sanitize(commit.summary), added: counts.added, changed: counts.modified,
                removed: counts.removed, renamed: counts.renamed, otherFiles: changes.files.count))
            for warning in warnings { Terminal.warning(warning) }
        }
    }
}

/// "2 added, 1 changed, 1 removed, 1 renamed" (only the non-zero parts; "no entry changes" when none).
func describe(_ counts: ChangeCounts, files: Int = 0) -> String {
    var parts: [String] = []
    if counts.added > 0 { parts.append("\(counts.added) added") }
    if counts.modified > 0 { parts.append("\(counts.modified) changed") }
    if counts.removed > 0 { parts.append("\(counts.removed) removed") }
    if counts.renamed > 0 { parts.append("\(counts.renamed) renamed") }
    if parts.isEmpty { parts.append("no entry changes") }
    if files > 0 { parts.append("\(files) other file\(files == 1 ? "" : "s")") }
    return parts.joined(separator: ", ")
}
