import ArgumentParser
import ChronikChangelog
import ChronikDiff
import ChronikStore
import Foundation
import GitKit

extension ChangelogFormat: ExpressibleByArgument {}
extension ChangelogGrouping: ExpressibleByArgument {}

struct ChangelogCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "changelog",
        abstract: "The public changelog: what changed in the content, per release (or per version), as Markdown, HTML, JSON or Atom.",
        discussion: """
            Built from the content itself (entries added, removed, renamed; fields from -> to with their labels; how much \
            of the text changed), never showing private values (x-chronik-private, at any depth), e-mail addresses or \
            blob ids (docs/privacy.md). Works on any Git repository of Markdown files. Change records are cached in \
            .git/chronik/changelog-cache (safe to delete). See docs/changelog.md.
            """)

    @Option(help: ArgumentHelp("Start after this revision, any ancestor of --to (default: the first version).", valueName: "rev"))
    var from: String?

    @Option(help: ArgumentHelp("End at this revision (default: HEAD).", valueName: "rev"))
    var to: String?

    @Option(help: "Group by release (tags, plus Unreleased) or list every version (commit).")
    var by: ChangelogGrouping = .release

    @OptionGroup var tagOptions: TagOptions

    @Option(help: "Output format: markdown, html, json or atom.")
    var format: ChangelogFormat = .markdown

    @Option(help: ArgumentHelp("The language of labels: de or en (default: chronik.yml's language, else detected from the content, else en).", valueName: "de|en"))
    var lang: String?

    @Flag(help: "Show the word-level changes of the text, and the text of added and removed entries.")
    var detail = false

    @Option(help: ArgumentHelp("With --detail: show this many words of an added or removed entry (strategy sections in full).", valueName: "n"))
    var excerptWords = 60

    @Option(help: ArgumentHelp("Where the changelog is published (default: chronik.yml's public_url): the Atom feed links to itself (URL + the -o file's name, else feed.xml) and each item to its part of URL/changelog.html.", valueName: "url"))
    var baseURL: String?

    @Option(help: ArgumentHelp("Atom: the address of the HTML changelog the items link to (default: --base-url + changelog.html).", valueName: "url"))
    var htmlURL: String?

    @Option(name: .shortAndLong, help: ArgumentHelp("Write to this file instead of standard output.", valueName: "file"))
    var output: String?

    @Option(help: ArgumentHelp("HTML: embed this stylesheet instead of the default one.", valueName: "file"))
    var stylesheet: String?

    @Flag(help: "Print the default HTML stylesheet (a start for your own) and exit.")
    var defaultStylesheet = false

    @Flag(help: "Do not read or write the change-record cache.")
    var noCache = false

    @Option(name: .long, help: ArgumentHelp("The repository (default: the current directory or a parent).", valueName: "dir"))
    var store: String?

    func validate() throws {
        if let lang, !["de", "en"].contains(lang) { throw ValidationError("--lang must be de or en") }
        if stylesheet != nil, format != .html { throw ValidationError("--stylesheet applies to --format html only") }
        if excerptWords < 1 { throw ValidationError("--excerpt-words must be at least 1") }
        for (name, url) in [("--base-url", baseURL), ("--html-url", htmlURL)] {
            guard let url else { continue }
            // A base is a folder: a query or fragment would end up in the middle of every address made from it.
            guard PublicURL.isValid(url), !url.contains("#"), name != "--base-url" || !url.contains("?") else {
                throw ValidationError("\(name) must be an http or https address without a fragment, e.g. https://example.org/strategie/ (got \"\(Terminal.sanitize(url))\")")
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
        let repository = try openRepository(store)
        var options = ChangelogOptions()
        options.grouping = by
        options.blocks = detail  // only `--detail` shows them
        options.language = lang
        options.from = try from.map { try resolveCommit($0, in: repository) }
        options.to = try to.map { try resolveCommit($0, in: repository) }
        // Which tags are releases; a --tag-pattern that matches nothing is an error. A range that ends at a tag the
        // user typed is headed by it, selected or not.
        let end = try options.to ?? cli { try repository.headCommit() }
        var selection = tagOptions.selection(in: repository, configuredAt: end)
        let scan = try tagOptions.scan(in: repository, configuredAt: end)
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
                    throw CLIError(.user, "cannot read the stylesheet \(Terminal.sanitize(stylesheet)): \(error.localizedDescription)")
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
            TagOptions.note(scan)
        } catch ChangelogError.noVersions {
            out.discard()
            throw CLIError(ChangelogError.noVersions)
        } catch let error as ChangelogError {
            out.discard()
            if case .notAnAncestor(let a, let b) = error {
                throw CLIError(.user, "--from \"\(Terminal.sanitize(from ?? a.hex))\" is not an ancestor of --to \"\(Terminal.sanitize(to ?? "HEAD"))\" (\(a.short()) is not reachable from \(b.short()))",
                               hint: "the changelog of a range lists the versions of git log FROM..TO; FROM must be an older version of TO's history")
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
        buffer.append(contentsOf: bytes)
        if buffer.count >= Self.bufferSize { try drain() }
    }

    private func drain() throws(CLIError) {
        guard !buffer.isEmpty else { return }
        if let file {
            try file.write(buffer)
        } else {
            try StandardOutput.write(buffer)
        }
        buffer.removeAll(keepingCapacity: true)
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
func openRepository(_ path: String?) throws(CLIError) -> Repository {
    let start = URL(fileURLWithPath: path ?? FileManager.default.currentDirectoryPath)
    do {
        return path != nil ? try Repository(at: start) : try Repository.discover(from: start)
    } catch let error as GitError where error.code == .notFound {
        throw CLIError(.user, "not a Git repository: \(start.path)", hint: "run chronik inside a repository or pass --store DIR")
    } catch {
        throw CLIError(error)
    }
}

/// Resolves a revision to a commit id, with the store's messages for unknown or ambiguous ones.
func resolveCommit(_ spec: String, in repository: Repository) throws(CLIError) -> ObjectID {
    do {
        return try repository.resolveCommit(spec)
    } catch let error as GitError {
        let reason: String
        switch error.code {
        // It names an object that does not peel to a commit (a tag of a tree or a blob, a tree, a blob).
        case _ where (try? repository.revparse(spec)) != nil: reason = "it names a tree or a blob, not a version"
        case .notFound: reason = "no such tag, branch or commit"
        case .ambiguous: reason = "ambiguous: several objects start with it; give more characters"
        default: reason = error.message
        }
        throw CLIError(StoreError.badRevision(spec: spec, reason: reason))
    } catch {
        throw CLIError(error)
    }
}
