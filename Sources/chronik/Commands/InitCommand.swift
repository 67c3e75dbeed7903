import ArgumentParser
import ChronikSchema
import ChronikStore
import Foundation
import GitKit

/// The samples chronik carries.
enum Sample: String, ExpressibleByArgument, CaseIterable {
    /// Berlin's smart city strategy process, five drafts 2021-2022 (Repository/versions).
    case berlin

    var snapshots: [Snapshot] {
        switch self {
        case .berlin: return SampleBerlin.snapshots
        }
    }

    var displayName: String {
        switch self {
        case .berlin: return SampleBerlin.displayName
        }
    }
}

struct InitCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "init",
        abstract: "Create a new store: a Git repository on branch main with chronik.yml, the default schemas and a first commit.",
        discussion: "With --sample berlin, the store holds the embedded Berlin sample with its full history instead (one version and tag per draft).")

    @Argument(help: "The directory (default: the current directory). It must be missing, empty, or already a store.")
    var directory: String?

    @Option(help: "The store's title (default: Wissensspeicher).")
    var title: String?

    @Option(help: "The language of labels in public output: de or en (default: de).")
    var language: String?

    @Option(help: ArgumentHelp("Create the store with an embedded sample's history instead: berlin.", valueName: "name"))
    var sample: Sample?

    @OptionGroup var identity: IdentityOptions

    func validate() throws {
        if sample != nil, title != nil || language != nil || identity.author != nil || identity.date != nil {
            throw ValidationError("--sample takes its title, language, authors and dates from the sample; drop --title, --language, --author and --date")
        }
    }

    func run() throws {
        let url = URL(fileURLWithPath: directory ?? FileManager.default.currentDirectoryPath).standardizedFileURL
        if Store.isStore(at: url) {
            try StandardOutput.print("\(url.path) is already a chronik store; nothing to do")
            return
        }
        if let sample {
            let report = try importing { try SnapshotImporter.run(sample.snapshots, into: url, root: sample.displayName, options: .validated) }
            let tags = report.createdTags
            try StandardOutput.print("Created a chronik store in \(url.path) with the \(sample.rawValue) sample: \(report.importedCount) versions, tags \(tags.joined(separator: ", ")) (branch main)")
            for warning in report.warnings { Terminal.warning(warning) }
            return
        }
        let languageCode = language ?? "de"
        guard let lang = StoreLanguage(rawValue: languageCode) else {
            throw CLIError(.usage, "--language must be de or en, not \"\(Terminal.sanitize(languageCode))\"")
        }
        let (author, committer) = try identity.signatures(configFrom: nil)
        let (_, commit) = try cli {
            try Store.create(
                at: url, config: DefaultStore.config(title: title ?? "Wissensspeicher", language: lang), schemas: DefaultStore.schemas,
                author: author, committer: committer, message: "Wissensspeicher angelegt / Store created",
                checker: StoreValidator())
        }
        try StandardOutput.print("Created a chronik store in \(url.path) (version \(commit.id.short()), branch main)")
    }
}
