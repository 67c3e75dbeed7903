import ArgumentParser
import ChronikChangelog
import ChronikDiff
import ChronikStore
import Foundation
import GitKit

extension ChangelogFormat: ExpressibleByArgument {}
extension ChangelogGrouping: ExpressibleByArgument {}

struct ChangelogCommand: ParsableCommand {
    static var configuration: CommandConfiguration { Help.configuration("changelog", .changelog) }

    @Option(help: ArgumentHelp(Help.text(.changelog, "from"), valueName: "rev"), completion: Completions.revisions)
    var from: String?

    @Option(help: ArgumentHelp(Help.text(.changelog, "to"), valueName: "rev"), completion: Completions.revisions)
    var to: String?

    @Option(help: ArgumentHelp(Help.text(.changelog, "by")))
    var by: ChangelogGrouping = .release

    @OptionGroup var tagOptions: TagOptions

    @Option(help: ArgumentHelp(Help.text(.changelog, "format")))
    var format: ChangelogFormat = .markdown

    @Option(help: ArgumentHelp(Help.text(.changelog, "lang"), valueName: "de|en"))
    var lang: String?

    @Flag(help: ArgumentHelp(Help.text(.changelog, "detail")))
    var detail = false

    @Option(help: ArgumentHelp(Help.text(.changelog, "excerptWords"), valueName: "n"))
    var excerptWords = 60

    @Option(help: ArgumentHelp(Help.text(.changelog, "baseURL"), valueName: "url"))
    var baseURL: String?

    @Option(help: ArgumentHelp(Help.text(.changelog, "htmlURL"), valueName: "url"))
    var htmlURL: String?

    @Option(name: .shortAndLong, help: ArgumentHelp(Help.text(.changelog, "output"), valueName: "file"))
    var output: String?

    @Option(help: ArgumentHelp(Help.text(.changelog, "stylesheet"), valueName: "file"))
    var stylesheet: String?

    @Flag(help: ArgumentHelp(Help.text(.changelog, "defaultStylesheet")))
    var defaultStylesheet = false

    @Flag(help: ArgumentHelp(Help.text(.changelog, "noCache")))
    var noCache = false

    @Option(name: .long, help: ArgumentHelp(Help.text(.changelog, "store"), valueName: "dir"))
    var store: String?

    @OptionGroup var terminal: PagedOutputOptions

    func validate() throws {
        let messages = { usageCatalog(lang: lang, store: store) }
        if let lang, !["de", "en"].contains(lang) { throw ValidationError(messages().languageOption("--lang", value: nil)) }
        if stylesheet != nil, format != .html { throw ValidationError(messages().stylesheetNeedsHTML()) }
        if excerptWords < 1 { throw ValidationError(messages().optionAtLeast("--excerpt-words", 1)) }
        for (name, url) in [("--base-url", baseURL), ("--html-url", htmlURL)] {
            guard let url else { continue }
            // A base is a folder: a query or fragment would end up in the middle of every address made from it.
            guard PublicURL.isValid(url), !url.contains("#"), name != "--base-url" || !url.contains("?") else {
                throw ValidationError(messages().optionURL(name, got: Terminal.sanitize(url)))
            }
        }
    }

    /// What the command leaves allocated when the process exits (see `run`).
    nonisolated(unsafe) private static var leftToExit: [AnyObject] = []

    func run() throws {
        if defaultStylesheet {
            try StandardOutput.print(HTMLChangelog.defaultStylesheet)
            return
        }
        let messages = messageCatalog(lang: lang, store: store.flatMap { try? Store(at: URL(fileURLWithPath: $0), requireConfig: false) }
                                      ?? (try? Store.discover(from: URL(fileURLWithPath: FileManager.default.currentDirectoryPath), requireConfig: false)))
        let repository = try openRepository(store, messages: messages)
        // Paged unless written to a file (-o); the formats are documents, never coloured.
        terminal.setUp("changelog", repository: repository, writesToFile: output != nil)
        var options = ChangelogOptions()
        options.grouping = by
        options.blocks = detail  // only `--detail` shows them
        options.language = lang
        options.from = try from.map { try resolveCommit($0, in: repository, messages: messages) }
        options.to = try to.map { try resolveCommit($0, in: repository, messages: messages) }
        // Which tags are releases; a --tag-pattern that matches nothing is an error. A range that ends at a tag the
        // user typed is headed by it, selected or not.
        let end = try options.to ?? cli { try repository.headCommit() }
        var selection = tagOptions.selection(in: repository, configuredAt: end)
        let scan = try tagOptions.scan(in: repository, configuredAt: end, messages: messages)
        if let to, (try? repository.referenceTarget("refs/tags/\(to)")) != nil { selection.named.append(to) }
        options.tags = selection
        if !noCache { options.cacheDirectory = ChangelogOptions.defaultCacheDirectory(of: repository) }
        var renderOptions = ChangelogRenderOptions(detail: detail)
        renderOptions.excerptWords = excerptWords
        if format == .atom {
            // --base-url wins over chronik.yml's public_url (at the newest version covered).
            if let base = baseURL ?? Self.publicURL(in: repository, at: end) {
                let feedName = output.map { URL(fileURLWithPath: $0).lastPathComponent } ?? "feed.xml"
                renderOptions.link(base: base, feedName: feedName)
            }
            if let htmlURL { renderOptions.pageURL = htmlURL }
        }
        if let stylesheet {
            renderOptions.stylesheet = try cli {
                do { return try String(contentsOfFile: stylesheet, encoding: .utf8) } catch {
                    throw CLIError(.user, messages.stylesheetUnreadable(Terminal.sanitize(stylesheet), reason: error.localizedDescription))
                }
            }
        }
        // Built and written one group at a time: memory holds one group's record, not the whole changelog.
        // Only JSON lists the collections before the groups.
        options.recordCollectionsInHead = format == .json
        // The process ends after the changelog: its parsed entries (tens of thousands of small values) are left to
        // the operating system rather than freed one by one (about 30 ms of a medium store's cold run).
        let parsedBlobs = ParsedBlobCache(entryBudget: options.parsedEntryBudget)
        options.parsedBlobs = parsedBlobs
        defer { Self.leftToExit.append(parsedBlobs) }
        let builder = ChangelogBuilder(repository: repository)
        let out = try ChangelogOutput(path: output)
        do {
            // Groups are diffed and rendered on every core, a few ahead, and written here in order; with the
            // cache, renderings made before are written as they are.
            try builder.render(options, format: format, renderOptions: renderOptions) { bytes in
                try out.write(bytes)
            }
            try out.finish()
            TagOptions.note(scan, messages: messages)
        } catch ChangelogError.noVersions {
            out.discard()
            throw CLIError(ChangelogError.noVersions)
        } catch let error as ChangelogError {
            out.discard()
            if case .notAnAncestor(let a, let b) = error {
                throw CLIError(.user, messages.changelogNotAncestor(from: Terminal.sanitize(from ?? a.hex), to: Terminal.sanitize(to ?? "HEAD"),
                                                                    fromID: a.short(), toID: b.short()),
                               hint: messages.changelogNotAncestorHint())
            }
            throw CLIError(error)
        } catch {
            // A write error (exit 3) as it is; anything else by the one mapping.
            out.discard()
            throw CLIError(error)
        }
    }
}

extension ChangelogCommand {
    /// chronik.yml's `public_url` at `version`; nil when there is none, or no valid chronik.yml (the changelog
    /// of a plain repository).
    static func publicURL(in repository: Repository, at version: ObjectID?) -> String? {
        guard let version, let commit = try? repository.commit(version),
              let entry = try? repository.entry(atPath: StoreConfig.fileName, inTree: commit.treeID),
              let data = try? repository.blob(entry.id, path: StoreConfig.fileName, version: commit.id),
              let config = try? StoreConfig.parse(data) else { return nil }
        return config.publicURL
    }
}

/// Where the changelog goes, piece by piece, in blocks of 64 KiB: standard output, or `-o FILE`, written
/// atomically (see `OutputFile`), so that an error never leaves a half-written file.
private final class ChangelogOutput {
    private let file: OutputFile?
    private var buffer: [UInt8] = []
    private static let bufferSize = 1 << 16

    init(path: String?) throws(CLIError) {
        file = try path.map { (path) throws(CLIError) in try OutputFile(path: path) }
    }

    func write(_ bytes: [UInt8]) throws(CLIError) {
        // A piece of a block or more (a group's rendering, megabytes for a first version) goes out as it is: copied
        // into the buffer it cost a copy and, growing it, fresh pages on the thread that writes the groups in order.
        if bytes.count >= Self.bufferSize {
            try drain()
            try put(bytes)
            return
        }
        buffer.append(contentsOf: bytes)
        if buffer.count >= Self.bufferSize { try drain() }
    }

    private func drain() throws(CLIError) {
        guard !buffer.isEmpty else { return }
        try put(buffer)
        buffer.removeAll(keepingCapacity: true)
    }

    private func put(_ bytes: [UInt8]) throws(CLIError) {
        if let file {
            try file.write(bytes)
        } else {
            try StandardOutput.write(bytes)
        }
    }

    /// Writes what is left; a file is synced, closed and renamed over the target.
    func finish() throws(CLIError) {
        try drain()
        try file?.commit()
    }

    /// Removes the temporary file (after an error).
    func discard() {
        buffer = []
        file?.discard()
    }
}

/// Opens the Git repository at `path` exactly, else the one around the current directory (a chronik store or any
/// Git repository).
func openRepository(_ path: String?, messages: any MessageCatalog) throws(CLIError) -> Repository {
    let start = URL(fileURLWithPath: path ?? FileManager.default.currentDirectoryPath)
    do {
        return path != nil ? try Repository(at: start) : try Repository.discover(from: start)
    } catch let error as GitError where error.code == .notFound {
        throw CLIError(.user, messages.notARepository(start.path), hint: messages.notARepositoryHint())
    } catch {
        throw CLIError(error)
    }
}

/// Resolves a revision to a commit id, with the messages for unknown or ambiguous ones: "did you mean" over the
/// tags and the current branch for a name that names nothing.
func resolveCommit(_ spec: String, in repository: Repository, messages: any MessageCatalog) throws(CLIError) -> ObjectID {
    do {
        return try repository.resolveCommit(spec)
    } catch let error as GitError {
        let reason: String
        var hint: String?
        switch error.code {
        // It names an object that does not peel to a commit (a tag of a tree or a blob, a tree, a blob).
        case _ where (try? repository.revparse(spec)) != nil: reason = messages.revisionNotAVersion()
        case .notFound:
            reason = messages.revisionNoSuchName()
            let close = Suggestions.closest(to: spec, among: revisionNames(repository))
            if !close.isEmpty { hint = messages.didYouMeanName(close) }
        case .ambiguous: reason = messages.revisionAmbiguous()
        default: reason = error.message
        }
        throw CLIError(.user, messages.badRevision(Terminal.sanitize(PathRules.printable(spec)), reason: reason), hint: hint)
    } catch {
        throw CLIError(error)
    }
}

/// The names a revision may have meant: the tags and the current branch (`Store.revisionNames`, for any repository).
func revisionNames(_ repository: Repository) -> [String] {
    var names = ((try? repository.tags()) ?? []).map(\.name)
    if let head = try? repository.headReferenceName(), head.hasPrefix("refs/heads/") {
        names.append(String(head.dropFirst("refs/heads/".count)))
    }
    return names
}
