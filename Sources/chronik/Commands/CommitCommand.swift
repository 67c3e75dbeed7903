import ArgumentParser
import ChronikSchema
import ChronikStore
import Foundation

struct CommitCommand: ParsableCommand {
    static var configuration: CommandConfiguration { Help.configuration("commit", .commit) }

    @Option(name: .shortAndLong, help: ArgumentHelp(Help.text(.commit, "message")))
    var message: String

    @Flag(help: ArgumentHelp(Help.text(.commit, "runHooks")))
    var runHooks = false

    @Option(help: ArgumentHelp(Help.shared("lang"), valueName: "de|en"))
    var lang: String?

    @OptionGroup var identity: IdentityOptions
    @OptionGroup var signing: SigningOptions
    @OptionGroup var storeOptions: StoreOptions

    func validate() throws {
        if message.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty {
            throw ValidationError(usageCatalog(lang: lang, store: storeOptions.store).emptyMessage())
        }
    }

    func run() throws {
        let store = try storeOptions.open()
        let catalog = messageCatalog(lang: lang, store: store)
        try recoverBeforeWriting(store, messages: catalog)
        let (author, committer) = try identity.signatures(configFrom: store.repository, messages: catalog)
        let signer = try signing.signer(for: store, configKey: "commit.gpgsign", messages: catalog)
        let hooks = runHooks ? GitHookRunner(store: store) : nil
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
func describe(_ counts: ChangeCounts, files: Int = 0, messages: any MessageCatalog) -> String {
    messages.changeCounts(added: counts.added, changed: counts.modified, removed: counts.removed, renamed: counts.renamed, otherFiles: files)
}
