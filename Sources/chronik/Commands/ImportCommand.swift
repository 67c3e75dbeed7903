import ArgumentParser
import ChronikSchema
import ChronikStore
import Foundation
import GitKit

struct ImportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import",
        abstract: "Bring content from elsewhere into a store.",
        subcommands: [ImportSnapshotsCommand.self, ImportNotionCommand.self])
}

struct ImportSnapshotsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "snapshots",
        abstract: "Turn a folder of version snapshots into history: one version per snapshot, in folder-name order.",
        discussion: """
            Each subfolder of DIR is a complete store (chronik.yml, schemas/, entries) with an optional version.yml \
            (date, author, message, tag). Everything is checked before anything is written. The store is created when \
            it does not exist; a second run adds nothing. See docs/import.md.
            """)

    @Argument(help: ArgumentHelp("The folder of snapshots, one subfolder per version.", valueName: "dir"))
    var directory: String

    @Option(help: ArgumentHelp("The store to import into; created when missing or empty (default: the store around the current directory, else the current directory).", valueName: "dir"))
    var store: String?

    @OptionGroup var identity: IdentityOptions

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
        var options = ImportOptions()
        options.checker = StoreValidator()
        if snapshots.contains(where: { $0.versionFile == nil }) {
            // Only snapshots without version.yml need --author/--date or the configured identity.
            let repository = try? Store(at: target).repository
            if let (author, committer) = try? identity.signatures(configFrom: repository) {
                options.fallbackAuthor = author
                options.fallbackCommitter = committer
            } else if identity.author != nil || identity.date != nil {
                _ = try identity.signatures(configFrom: repository) // a malformed --author or --date: its usage error
            }
        }
        let report = try importing { try SnapshotImporter.run(snapshots, into: target, root: directory, options: options) }
        try StandardOutput.print(describe(report, source: directory))
        for warning in report.warnings { Terminal.warning(warning) }
    }
}

/// The report of an import, one line per snapshot.
func describe(_ report: ImportReport, source: String) -> String {
    let width = report.snapshots.map { $0.name.count }.max() ?? 0
    var lines: [String] = []
    lines.append(report.createdStore
        ? "Created a chronik store in \(report.store.path) from \(Terminal.sanitize(source)):"
        : "Importing \(Terminal.sanitize(source)) into \(report.store.path):")
    for item in report.snapshots {
        var line = "  " + Terminal.sanitize(item.name).padding(toLength: width, withPad: " ", startingAt: 0) + "  "
        switch item.outcome {
        case .imported: line += "version \(item.commit.short())"
        case .alreadyImported: line += "already imported as \(item.commit.short())"
        case .unchanged: line += "same as the version before (\(item.commit.short()))"
        }
        if let tag = item.tag {
            line += item.tagCreated ? ", tag \(Terminal.sanitize(tag))" : " (tag \(Terminal.sanitize(tag)))"
        }
        lines.append(line)
    }
    let versions = report.importedCount
    let tags = report.createdTags.count
    if versions == 0 && tags == 0 {
        lines.append("Nothing to import: every snapshot is already in the history.")
    } else {
        lines.append("Recorded \(versions) version\(versions == 1 ? "" : "s") and \(tags) tag\(tags == 1 ? "" : "s").")
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
