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
    @OptionGroup var output: OutputOptions

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
        if output.format == .json {
            switch outcome {
            case .nothingToCommit:
                try printJSON(CommitJSON(recorded: false))
            case let .committed(commit, changes, warnings):
                try printJSON(CommitJSON(recorded: true, version: VersionJSON(commit), counts: ChangeCounts(changes.entries),
                                         changes: changes.entries, files: changes.files))
                for warning in warnings { Terminal.warning(warning) }
            }
            return
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

/// `chronik commit --format json` (docs/json-output.md, Schemas/output/commit.schema.json): whether a version was
/// recorded, and if so the version (its members as `chronik log` lists a version) with what it changed.
struct CommitJSON: Encodable {
    var recorded: Bool
    var version: VersionJSON?
    var counts: ChangeCounts?
    var changes: [EntryChange]?
    var files: [FileChange]?

    private enum CodingKeys: String, CodingKey { case recorded, counts, changes, files }

    func encode(to encoder: Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(recorded, forKey: .recorded)
        try version?.encode(to: encoder)
        try container.encodeIfPresent(counts, forKey: .counts)
        try container.encodeIfPresent(changes, forKey: .changes)
        try container.encodeIfPresent(files, forKey: .files)
    }
}

/// "2 added, 1 changed, 1 removed, 1 renamed" (only the non-zero parts; "no entry changes" when none).
func describe(_ counts: ChangeCounts, files: Int = 0, messages: any MessageCatalog) -> String {
    messages.changeCounts(added: counts.added, changed: counts.modified, removed: counts.removed, renamed: counts.renamed, otherFiles: files)
}
