import ArgumentParser
import ChronikSchema
import ChronikStore
import Foundation
import GitKit

struct ImportCommand: ParsableCommand {
    static var configuration: CommandConfiguration {
        Help.configuration("import", .`import`, subcommands: [ImportSnapshotsCommand.self, ImportNotionCommand.self])
    }
}

struct ImportSnapshotsCommand: ParsableCommand {
    static var configuration: CommandConfiguration { Help.configuration("snapshots", .importSnapshots) }

    @Argument(help: ArgumentHelp(Help.text(.importSnapshots, "directory"), valueName: "dir"))
    var directory: String

    @Option(help: ArgumentHelp(Help.text(.importSnapshots, "store"), valueName: "dir"))
    var store: String?

    @OptionGroup var language: LanguageOptions
    @OptionGroup var identity: IdentityOptions
    @OptionGroup var output: OutputOptions

    func run() throws {
        let source = URL(fileURLWithPath: directory)
        let snapshots = try importing { try SnapshotFolder.load(from: source) }
        let target: URL
        if let store {
            target = URL(fileURLWithPath: store)
        } else {
            let here = URL(fileURLWithPath: FileManager.default.currentDirectoryPath)
            target = (try? Store.discover(from: here))?.root ?? here
        }
        let messages = messageCatalog(lang: language.lang, store: try? Store(at: target))
        var options = ImportOptions()
        options.checker = StoreValidator()
        if snapshots.contains(where: { $0.versionFile == nil }) {
            // Only snapshots without version.yml need --author/--date or the configured identity.
            let repository = try? Store(at: target).repository
            if let (author, committer) = try? identity.signatures(configFrom: repository) {
                options.fallbackAuthor = author
                options.fallbackCommitter = committer
            } else if identity.author != nil || identity.date != nil {
                _ = try identity.signatures(configFrom: repository, messages: messages) // a malformed --author or --date: its usage error
            }
        }
        let report = try importing { try SnapshotImporter.run(snapshots, into: target, root: directory, options: options) }
        switch output.format {
        case .json: try printJSON(SnapshotImportJSON(report))
        case .text: try StandardOutput.print(describe(report, source: directory, messages: messages))
        }
        for warning in report.warnings { Terminal.warning(messages.recordWarning(warning)) }
    }
}

/// The report of an import, one line per snapshot.
func describe(_ report: ImportReport, source: String, messages: any MessageCatalog) -> String {
    // By terminal columns of the names as shown (sanitised names can be longer; `padding(toLength:)` cut them).
    let width = report.snapshots.map { DisplayWidth.of(Terminal.sanitize($0.name)) }.max() ?? 0
    var lines: [String] = []
    lines.append(report.createdStore
        ? messages.importCreated(report.store.path, source: Terminal.sanitize(source))
        : messages.importInto(report.store.path, source: Terminal.sanitize(source)))
    for item in report.snapshots {
        var line = "  " + DisplayWidth.padded(Terminal.sanitize(item.name), to: width) + "  "
        switch item.outcome {
        case .imported: line += messages.importVersion(item.commit.short())
        case .alreadyImported: line += messages.importAlready(item.commit.short())
        case .unchanged: line += messages.importUnchanged(item.commit.short())
        }
        if let tag = item.tag { line += messages.importTag(Terminal.sanitize(tag), created: item.tagCreated) }
        lines.append(line)
    }
    let versions = report.importedCount
    let tags = report.createdTags.count
    if versions == 0 && tags == 0 {
        lines.append(messages.importNothing())
    } else {
        lines.append(messages.importRecorded(versions: versions, tags: tags))
    }
    return lines.joined(separator: "\n")
}

/// Runs `body`, turning import errors (and every other error) into a `CLIError` by the one mapping.
func importing<T>(_ body: () throws -> T) throws(CLIError) -> T {
    try cli(body)
}

extension ImportOptions {
    /// Default settings with every snapshot validated by `StoreValidator` (schemas and references).
    static var validated: ImportOptions {
        var options = ImportOptions()
        options.checker = StoreValidator()
        return options
    }
}
