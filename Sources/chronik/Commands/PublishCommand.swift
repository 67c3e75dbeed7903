import ArgumentParser
import ChronikChangelog
import ChronikPublish
import ChronikStore
import Foundation
import GitKit

struct PublishCommand: ParsableCommand {
    static var configuration: CommandConfiguration { Help.configuration("publish", .publish) }

    @Argument(help: ArgumentHelp(Help.text(.publish, "revision"), valueName: "rev"), completion: Completions.revisions)
    var revision: String?

    @Option(name: .shortAndLong, help: ArgumentHelp(Help.text(.publish, "output"), valueName: "dir"))
    var output: String?

    @Option(name: .long, help: ArgumentHelp(Help.text(.publish, "baseURL"), valueName: "url"))
    var baseURL: String?

    @Option(help: ArgumentHelp(Help.text(.publish, "lang"), valueName: "de|en"))
    var lang: String?

    @Option(name: .long, help: ArgumentHelp(Help.text(.publish, "theme"), valueName: "dir"))
    var theme: String?

    @Option(name: .long, help: ArgumentHelp(Help.text(.publish, "exportTheme"), valueName: "dir"))
    var exportTheme: String?

    @Flag(help: ArgumentHelp(Help.text(.publish, "releases")))
    var releases = false

    @Flag(help: ArgumentHelp(Help.text(.publish, "noCache")))
    var noCache = false

    @OptionGroup var outputOptions: OutputOptions

    @OptionGroup var storeOptions: StoreOptions

    func validate() throws {
        let messages = { usageCatalog(lang: lang, store: storeOptions.store) }
        if let lang, !["de", "en"].contains(lang) { throw ValidationError(messages().languageOption("--lang", value: nil)) }
        if let baseURL, !PublicURL.isValid(baseURL) {
            throw ValidationError(messages().optionURL("--base-url", got: Terminal.sanitize(baseURL)))
        }
        if exportTheme == nil, output == nil { throw ValidationError(messages().publishNeedsOutput()) }
    }

    func run() throws {
        if let exportTheme {
            try Self.export(to: exportTheme, messages: usageCatalog(lang: lang, store: storeOptions.store))
            return
        }
        guard let output else { throw CLIError(.usage, usageCatalog(lang: lang, store: storeOptions.store).publishNeedsOutput()) }
        let store = try storeOptions.open()
        let messages = messageCatalog(lang: lang, store: store)
        let siteTheme = try loadTheme(messages: messages)
        let commit: Commit = try cli {
            do {
                if let revision { return try store.resolve(revision) }
            } catch let error as StoreError {
                throw EntryLookup.revisionError(error, store: store, messages: messages)
            }
            guard let tip = try store.tip() else { throw CLIError(.user, messages.noVersions(plain: false)) }
            return tip
        }
        let config = try cli { try store.config(at: commit) }
        var build = SiteBuildOptions(language: lang)
        if !noCache { build.cacheDirectory = ChangelogOptions.defaultCacheDirectory(of: store.repository) }
        var options = Publisher.Options(build: build, baseURL: baseURL ?? config.publicURL, releases: releases, theme: siteTheme)
        if !noCache { options.siteCacheDirectory = Publisher.defaultSiteCacheDirectory(of: store.repository) }
        // The model and the plan are freed by the exit, not value by value (`KeptUntilExit`).
        options.leftovers = { KeptUntilExit.keep($0) }
        options.rendersEverything = AllocatorSettings.returnFreedMemoryAtOnce
        let target = URL(fileURLWithPath: output)
        let result: Publisher.Result
        do {
            result = try Publisher.publish(store: store, at: commit, to: target, options: options)
        } catch {
            throw CLIError(error)
        }
        if outputOptions.format == .json {
            try printJSON(PublishJSON(commit: result.version, release: result.release, releaseSites: result.releaseSites, files: result.files))
            return
        }
        let files = result.files
        try StandardOutput.print(messages.published(
            version: String(result.version.prefix(7)), release: result.release.map(Terminal.sanitize),
            target: Terminal.sanitize(target.standardizedFileURL.path), written: files.written, total: files.total,
            unchanged: files.unchanged, removed: files.removed, rendered: files.total - files.kept, releaseSites: result.releaseSites.count))
        try StandardOutput.print(messages.publishedOpen(Terminal.sanitize(target.standardizedFileURL.appendingPathComponent(SitePaths.home).path),
                                                        folder: Terminal.sanitize(output)))
    }

    private func loadTheme(messages: any MessageCatalog) throws(CLIError) -> SiteTheme {
        guard let theme else { return SiteTheme.makeDefault() }
        do {
            return try SiteTheme.load(overrides: URL(fileURLWithPath: theme))
        } catch {
            throw CLIError(error)
        }
    }

    /// Writes the default theme's files into `folder` (created); existing files are not overwritten.
    static func export(to folder: String, messages: any MessageCatalog) throws(CLIError) {
        let url = URL(fileURLWithPath: folder)
        let files = SiteTheme.makeDefault().files
        try cli {
            try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
            for name in files.keys.sorted() where FileManager.default.fileExists(atPath: url.appendingPathComponent(name).path) {
                throw CLIError(.user, messages.themeFileExists(Terminal.sanitize(url.appendingPathComponent(name).path)),
                               hint: messages.themeFileExistsHint())
            }
        }
        for name in files.keys.sorted() {
            // Removed again by its deinit when a write fails.
            let file = try OutputFile(path: url.appendingPathComponent(name).path)
            try file.write(Array((files[name] ?? "").utf8))
            try file.commit()
        }
        try StandardOutput.print(messages.themeExported(files: files.count, folder: Terminal.sanitize(url.standardizedFileURL.path)))
    }
}

/// `chronik publish --format json` (docs/json-output.md, Schemas/output/publish.schema.json): the version the site
/// shows, its release if it is one, the release sites written and the counts of files.
struct PublishJSON: Encodable {
    var commit: String
    var release: String?
    var releaseSites: [String]
    var files: SiteWriteResult
}
