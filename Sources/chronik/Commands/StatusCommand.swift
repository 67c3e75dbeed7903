import ArgumentParser
import ChronikChangelog
import ChronikSchema
import ChronikStore
import Foundation

struct StatusCommand: ParsableCommand {
    static var configuration: CommandConfiguration { Help.configuration("status", .status) }

    @Option(help: ArgumentHelp(Help.shared("lang"), valueName: "de|en"))
    var lang: String?

    @OptionGroup var storeOptions: StoreOptions
    @OptionGroup var output: OutputOptions
    @OptionGroup var colorOptions: ColorOptions

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
            try printJSON(StatusJSON(branch: status.branch, head: status.head.map { VersionReference($0) }, entries: status.entries,
                                     files: status.files, problems: status.problems))
            return
        }
        let catalog = messageCatalog(lang: lang, store: store)
        let text = ProblemText(catalog: catalog, workingTreeOf: store)
        // Colour (git's status): added green, removed red, modified and renamed yellow, refused files red; the kind
        // is also said in words.
        let paint = Paint(enabled: colorOptions.decide("status", repository: store.repository))
        func painted(_ kind: ChangeKind, _ text: String) -> String {
            switch kind {
            case .added: return paint.added(text)
            case .removed: return paint.removed(text)
            default: return paint.changed(text)
            }
        }
        var lines = [catalog.onBranch(Terminal.sanitize(status.branch))]
        if plain { lines.append(catalog.plainStatusNote()) }
        if status.head == nil { lines.append(catalog.noVersionsYet()) }
        if status.entries.isEmpty && status.files.isEmpty && status.problems.isEmpty {
            lines.append(catalog.workingTreeClean(plain: plain))
        }
        if !status.entries.isEmpty || !status.files.isEmpty {
            lines.append(catalog.changesHeading(plain: plain))
            for change in status.entries {
                lines.append("  " + painted(change.kind, catalog.changeKind(change.kind) + Terminal.sanitize(entryText(change))))
                for attachment in change.attachments ?? [] {
                    lines.append("      " + Terminal.sanitize(PathRules.printable(catalog.attachmentChange(attachment))))
                }
            }
            for change in status.files {
                lines.append("  " + painted(change.kind, catalog.changeKind(change.kind) + Terminal.sanitize(change.path)))
            }
        }
        if !status.problems.isEmpty {
            lines.append(catalog.refusedHeading(plain: plain))
            for problem in status.problems { lines.append("  " + paint.problem(Terminal.sanitize(text.line(problem)))) }
        }
        try StandardOutput.print(lines.joined(separator: "\n"))
    }
}

/// `chronik status --format json` (docs/json-output.md, Schemas/output/status.schema.json).
struct StatusJSON: Encodable {
    var branch: String
    /// The version the changes are relative to; absent before the first version.
    var head: VersionReference?
    var entries: [EntryChange]
    var files: [FileChange]
    var problems: [StoreProblem]
}

func entryText(_ change: EntryChange) -> String {
    if let from = change.from { return "\(from) -> \(change.entry)" }
    return change.entry.description
}
