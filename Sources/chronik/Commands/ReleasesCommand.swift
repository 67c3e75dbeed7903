import ArgumentParser
import ChronikChangelog
import ChronikStore
import Foundation
import GitKit

struct ReleasesCommand: ParsableCommand {
    static var configuration: CommandConfiguration { Help.configuration("releases", .releases) }

    @OptionGroup var tagOptions: TagOptions
    @OptionGroup var language: LanguageOptions
    @OptionGroup var storeOptions: StoreOptions
    @OptionGroup var output: OutputOptions
    @OptionGroup var terminal: PagedOutputOptions

    func run() throws {
        let messages = messageCatalog(lang: language.lang, store: try? storeOptions.open(requireConfig: false))
        let repository = try openRepository(storeOptions.store, messages: messages)
        let paint = Paint(enabled: terminal.setUp("releases", repository: repository))
        let head = try cli { try repository.headCommit() }
        let scan = try tagOptions.scan(in: repository, configuredAt: head, messages: messages)
        TagOptions.note(scan, messages: messages)
        let releases = scan.releases
        if output.format == .json {
            try printJSON(ReleasesJSON(releases: releases))
            return
        }
        let width = releases.map { DisplayWidth.of(Terminal.sanitize($0.name)) }.max() ?? 0
        for r in releases {
            // Colour: the release's name bold, the version's id yellow (git's colour of ids).
            let name = Terminal.sanitize(r.name)
            let padding = String(repeating: " ", count: max(0, width - DisplayWidth.of(name)))
            var line = "\(paint.bold(name))\(padding)  \(r.date.day)  \(paint.id(r.version.short()))"
            if !r.title.isEmpty { line += "  \(Terminal.sanitize(r.title))" }
            if r.names.count > 1 { line += "  " + messages.releaseAlsoNamed(r.names.dropFirst().map(Terminal.sanitize)) }
            try StandardOutput.print(line)
        }
    }
}

/// `chronik releases --format json` (docs/json-output.md, Schemas/output/releases.schema.json): newest first.
struct ReleasesJSON: Encodable {
    var releases: [Release]
}

/// `--tag-pattern GLOB` and `--exclude-tag GLOB`: which tags are releases (`releases` and `changelog`).
struct TagOptions: ParsableArguments {
    @Option(name: .customLong("tag-pattern"),
            help: ArgumentHelp(Help.shared("patterns"), valueName: "glob"))
    var patterns: [String] = []

    @Option(name: .customLong("exclude-tag"),
            help: ArgumentHelp(Help.shared("excluded"), valueName: "glob"))
    var excluded: [String] = []

    /// The selection: the options given, else what `chronik.yml` at `version` says, else every tag.
    func selection(in repository: Repository, configuredAt version: ObjectID?) -> TagSelection {
        var selection = Releases.configuredSelection(in: repository, at: version)
        if !patterns.isEmpty { selection.patterns = patterns }
        if !excluded.isEmpty { selection.excluded = excluded }
        return selection
    }

    /// The releases of the selection, newest first. A `--tag-pattern` that matches no tag is an error (exit 1).
    func scan(in repository: Repository, configuredAt version: ObjectID?, messages: any MessageCatalog) throws(CLIError) -> ReleaseScan {
        let selection = selection(in: repository, configuredAt: version)
        let scan: ReleaseScan
        do {
            scan = try Releases.scan(in: repository, selection: selection)
        } catch {
            throw CLIError(error)
        }
        for pattern in patterns where scan.unmatchedPatterns.contains(pattern) {
            throw CLIError(.user, messages.tagPatternMatchesNothing(Terminal.sanitize(pattern)), hint: messages.tagPatternHint())
        }
        return scan
    }

    /// Names each selected tag that points to a tree or a blob (skipped) on standard error.
    static func note(_ scan: ReleaseScan, messages: any MessageCatalog) {
        for name in scan.skipped {
            StandardError.write("chronik: note: " + messages.tagNotAVersion(Terminal.sanitize(name)) + "\n")
        }
    }
}
