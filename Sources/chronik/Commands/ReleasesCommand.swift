import ArgumentParser
import ChronikChangelog
import ChronikStore
import Foundation
import GitKit

struct ReleasesCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "releases",
        abstract: "List the releases (lightweight and annotated tags on versions), newest first, with dates and titles.",
        discussion: """
            Several tags on one version are one release, named by its annotated tag (else the last name in numeric \
            order); the others are listed after it. --tag-pattern and --exclude-tag (or releases: in chronik.yml) \
            choose which tags count. See docs/changelog.md.
            """)

    @OptionGroup var tagOptions: TagOptions
    @OptionGroup var storeOptions: StoreOptions
    @OptionGroup var output: OutputOptions

    func run() throws {
        let repository = try openRepository(storeOptions.store)
        let head = try cli { try repository.headCommit() }
        let scan = try tagOptions.scan(in: repository, configuredAt: head)
        TagOptions.note(scan)
        let releases = scan.releases
        if output.format == .json {
            try printJSON(releases)
            return
        }
        let width = releases.map { Terminal.sanitize($0.name).count }.max() ?? 0
        for r in releases {
            let name = Terminal.sanitize(r.name).padding(toLength: width, withPad: " ", startingAt: 0)
            var line = "\(name)  \(r.date.day)  \(r.version.short())"
            if !r.title.isEmpty { line += "  \(Terminal.sanitize(r.title))" }
            if r.names.count > 1 { line += "  (also: \(r.names.dropFirst().map(Terminal.sanitize).joined(separator: ", ")))" }
            try StandardOutput.print(line)
        }
    }
}

/// `--tag-pattern GLOB` and `--exclude-tag GLOB`: which tags are releases (`releases` and `changelog`).
struct TagOptions: ParsableArguments {
    @Option(name: .customLong("tag-pattern"),
            help: ArgumentHelp("Only tags matching this glob are releases (as git describe --match; repeatable; replaces chronik.yml's releases.tags).", valueName: "glob"))
    var patterns: [String] = []

    @Option(name: .customLong("exclude-tag"),
            help: ArgumentHelp("Tags matching this glob are not releases, e.g. '*-rc*' (repeatable; replaces chronik.yml's releases.exclude).", valueName: "glob"))
    var excluded: [String] = []

    /// The selection: the options given, else what `chronik.yml` at `version` says, else every tag.
    func selection(in repository: Repository, configuredAt version: ObjectID?) -> TagSelection {
        var selection = Releases.configuredSelection(in: repository, at: version)
        if !patterns.isEmpty { selection.patterns = patterns }
        if !excluded.isEmpty { selection.excluded = excluded }
        return selection
    }

    /// The releases of the selection, newest first. A `--tag-pattern` that matches no tag is an error (exit 1).
    func scan(in repository: Repository, configuredAt version: ObjectID?) throws(CLIError) -> ReleaseScan {
        let selection = selection(in: repository, configuredAt: version)
        let scan: ReleaseScan
        do {
            scan = try Releases.scan(in: repository, selection: selection)
        } catch {
            throw CLIError(error)
        }
        for pattern in patterns where scan.unmatchedPatterns.contains(pattern) {
            throw CLIError(.user, "--tag-pattern \"\(Terminal.sanitize(pattern))\" matches no tag",
                           hint: "`git tag --list` lists the tags; patterns are globs such as 'v*'")
        }
        return scan
    }

    /// Names each selected tag that points to a tree or a blob (skipped) on standard error.
    static func note(_ scan: ReleaseScan) {
        for name in scan.skipped {
            StandardError.write("chronik: note: tag \"\(Terminal.sanitize(name))\" points to a tree or a blob, not a version: not a release\n")
        }
    }
}
