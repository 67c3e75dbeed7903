import ArgumentParser
import ChronikChangelog
import ChronikPublish
import ChronikStore
import Foundation
import GitKit

struct PublishCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "publish",
        abstract: "Publish the store as a static website (pages, feeds, JSON, search) into a folder.",
        discussion: """
            The site shows the store at REV (default: HEAD) with every entry's history, the releases and the \
            changelog; it works from disk and on any web server, with no external requests, and shows no private \
            value (x-chronik-private) and no e-mail address. The folder is replaced as a whole (built beside it, then \
            swapped in); files that did not change are not rewritten. See docs/publish.md.
            """)

    @Argument(help: ArgumentHelp("The version to publish: a release tag, branch or commit (default: HEAD).", valueName: "rev"))
    var revision: String?

    @Option(name: .shortAndLong, help: ArgumentHelp("The folder to write the site into (created, or a site chronik published before).", valueName: "dir"))
    var output: String?

    @Option(name: .long, help: ArgumentHelp("The site's public address, for absolute links in feeds and the sitemap (default: chronik.yml's public_url).", valueName: "url"))
    var baseURL: String?

    @Option(help: ArgumentHelp("The language of labels: de or en (default: chronik.yml's language, else detected, else en).", valueName: "de|en"))
    var lang: String?

    @Option(name: .long, help: ArgumentHelp("A folder of templates and/or chronik.css replacing the default theme's files of the same name.", valueName: "dir"))
    var theme: String?

    @Option(name: .long, help: ArgumentHelp("Write the default theme into this folder (a start for your own) and exit.", valueName: "dir"))
    var exportTheme: String?

    @Flag(help: "Publish every release's site under v/<release>/ as well, with links between them.")
    var releases = false

    @Flag(help: "Do not read or write the change-record cache or the publish cache (every page is rendered).")
    var noCache = false

    @OptionGroup var outputOptions: OutputOptions

    @OptionGroup var storeOptions: StoreOptions

    func validate() throws {
        if let lang, !["de", "en"].contains(lang) { throw ValidationError("--lang must be de or en") }
        if let baseURL, !PublicURL.isValid(baseURL) {
            throw ValidationError("--base-url must be an absolute http or https address without spaces or quotes, e.g. https://example.org/strategie/")
        }
        if exportTheme == nil, output == nil { throw ValidationError("give the folder to publish into with -o DIR") }
    }

    func run() throws {
        if let exportTheme {
            try Self.export(to: exportTheme)
            return
        }
        guard let output else { throw CLIError(.usage, "give the folder to publish into with -o DIR") }
        let siteTheme = try loadTheme()
        let store = try storeOptions.open()
        let commit: Commit = try cli {
            if let revision { return try store.resolve(revision) }
            guard let tip = try store.tip() else { throw CLIError(.user, "the store has no versions yet") }
            return tip
        }
        let config = try cli { try store.config(at: commit) }
        var build = SiteBuildOptions(language: lang)
        if !noCache { build.cacheDirectory = ChangelogOptions.defaultCacheDirectory(of: store.repository) }
        var options = Publisher.Options(build: build, baseURL: baseURL ?? config.publicURL, releases: releases, theme: siteTheme)
        if !noCache { options.siteCacheDirectory = Publisher.defaultSiteCacheDirectory(of: store.repository) }
        let target = URL(fileURLWithPath: output)
        let result: Publisher.Result
        do {
            result = try Publisher.publish(store: store, at: commit, to: target, options: options)
        } catch {
            throw CLIError(error)
        }
        if outputOptions.format == .json {
            try printJSON(result)
            return
        }
        let files = result.files
        var line = "Published \(String(result.version.prefix(7)))"
        if let release = result.release { line += " (\(Terminal.sanitize(release)))" }
        line += " to \(Terminal.sanitize(target.standardizedFileURL.path)): wrote \(files.written) of \(files.total) files"
        line += " (\(files.unchanged) unchanged, \(files.removed) removed; \(files.total - files.kept) rendered)"
        if !result.releaseSites.isEmpty { line += "; \(result.releaseSites.count) release sites under v/" }
        try StandardOutput.print(line)
        try StandardOutput.print("Open \(Terminal.sanitize(target.standardizedFileURL.appendingPathComponent(SitePaths.home).path)) or serve it with `chronik serve --folder \(Terminal.sanitize(output))`")
    }

    private func loadTheme() throws(CLIError) -> SiteTheme {
        guard let theme else { return SiteTheme.makeDefault() }
        do {
            return try SiteTheme.load(overrides: URL(fileURLWithPath: theme))
        } catch {
            throw CLIError(error)
        }
    }

    /// Writes the default theme's files into `folder` (created); existing files are not overwritten.
    static func export(to folder: String) throws(CLIError) {
        let url = URL(fileURLWithPath: folder)
        let files = SiteTheme.makeDefault().files
        try cli {
            try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
            for name in files.keys.sorted() where FileManager.default.fileExists(atPath: url.appendingPathComponent(name).path) {
                throw CLIError(.user, "\(Terminal.sanitize(url.appendingPathComponent(name).path)) exists: not overwriting it",
                               hint: "export into a new folder")
            }
        }
        for name in files.keys.sorted() {
            // Removed again by its deinit when a write fails.
            let file = try OutputFile(path: url.appendingPathComponent(name).path)
            try file.write(Array((files[name] ?? "").utf8))
            try file.commit()
        }
        try StandardOutput.print("Wrote the default theme (\(files.count) files) to \(Terminal.sanitize(url.standardizedFileURL.path))")
    }
}
