import ArgumentParser
import ChronikPublish
import ChronikStore
import GitKit
import Foundation

struct ServeCommand: ParsableCommand {
    static var configuration: CommandConfiguration { Help.configuration("serve", .serve) }

    @OptionGroup var storeOptions: StoreOptions

    @Argument(help: ArgumentHelp(Help.text(.serve, "revision"), valueName: "rev"), completion: Completions.revisions)
    var revision: String?

    @Option(name: .long, help: ArgumentHelp(Help.text(.serve, "port"), valueName: "port"))
    var port: Int = 4000

    @Option(name: .long, help: ArgumentHelp(Help.text(.serve, "lang"), valueName: "de|en"))
    var lang: String?

    @Option(name: .long, help: ArgumentHelp(Help.text(.serve, "theme"), valueName: "dir"))
    var theme: String?

    @Option(name: .long, help: ArgumentHelp(Help.text(.serve, "folder"), valueName: "dir"))
    var folder: String?

    func validate() throws {
        let messages = { usageCatalog(lang: lang, store: storeOptions.store) }
        guard (0...65535).contains(port) else { throw ValidationError(messages().optionBetween("--port", 0, 65535)) }
        if let lang, !["de", "en"].contains(lang) { throw ValidationError(messages().languageOption("--lang", value: nil)) }
        if folder != nil, revision != nil || theme != nil || lang != nil || storeOptions.store != nil {
            throw ValidationError(messages().serveFolderAlone())
        }
    }

    func run() throws {
        // In chronik: `chronik-serve` takes over here (ServeProgram.swift).
        let server = try ServeProgram.server(messages: usageCatalog(lang: lang, store: storeOptions.store))
        if let folder {
            let messages = messageCatalog()
            let root = URL(fileURLWithPath: folder).standardizedFileURL
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: root.path, isDirectory: &isDirectory), isDirectory.boolValue else {
                throw CLIError(.user, messages.serveNotAFolder(Terminal.sanitize(folder)), hint: messages.serveNotAFolderHint())
            }
            try server.serve(ServedFolder(root), port: UInt16(port), description: Terminal.sanitize(root.path), messages: messages, rebuild: nil)
            return
        }
        let store = try storeOptions.open(requireConfig: false)
        let messages = messageCatalog(lang: lang, store: store)
        let siteTheme: SiteTheme = try theme.map { directory throws(CLIError) in
            try cli { try SiteTheme.load(overrides: URL(fileURLWithPath: directory)) }
        } ?? SiteTheme.makeDefault()
        let builds = try PreviewBuilds(messages: messages)
        defer { builds.removeAll() }
        let revision = self.revision
        let lang = self.lang
        /// The commit to show now: what REV names, else the branch's tip.
        func current() throws(CLIError) -> Commit {
            try cli {
                do {
                    if let revision { return try store.resolve(revision) }
                } catch let error as StoreError {
                    throw EntryLookup.revisionError(error, store: store, messages: messages)
                }
                guard let tip = try store.tip() else { throw CLIError(.user, messages.serveNoVersions()) }
                return tip
            }
        }
        var shown = try current()
        let first = try builds.build(try PreviewSite.files(store: store, commit: shown, language: lang, theme: siteTheme))
        let served = ServedFolder(first)
        let what = revision.map { "\(Terminal.sanitize($0)) (\(shown.id.short()))" } ?? shown.id.short()
        try server.serve(served, port: UInt16(port), description: messages.serveSiteOf(what), messages: messages) { () throws(CLIError) in
            let now = try current()
            guard now.id != shown.id else { return }
            let started = Date()
            let folder = try builds.build(try PreviewSite.files(store: store, commit: now, language: lang, theme: siteTheme))
            builds.retire(served.replace(with: folder))
            shown = now
            StandardError.write(messages.serveRebuilt(now.id.short(), seconds: Date().timeIntervalSince(started)) + "\n")
        }
    }
}

/// The temporary folder that holds the builds of `chronik serve`: each build in a new subfolder, the one served
/// before kept until the next build (a request may still be reading it), everything removed at the end.
final class PreviewBuilds {
    let root: URL
    private var count = 0
    private var retired: [URL] = []

    init(messages: any MessageCatalog) throws(CLIError) {
        let base = FileManager.default.temporaryDirectory
        root = base.appendingPathComponent("chronik-serve-\(UUID().uuidString.prefix(8).lowercased())", isDirectory: true)
        do { try FileManager.default.createDirectory(at: root, withIntermediateDirectories: false) } catch {
            throw CLIError(.store, messages.cannotCreateTemporaryFolder(Terminal.sanitize(base.path), reason: error.localizedDescription))
        }
    }

    /// Writes `files` into a new subfolder; returns it.
    func build(_ files: SiteFiles) throws(CLIError) -> URL {
        count += 1
        let folder = root.appendingPathComponent("site-\(count)", isDirectory: true)
        try PreviewSite.write(files, to: folder)
        return folder
    }

    /// `folder` is no longer served: removed at the next retirement.
    func retire(_ folder: URL) {
        for old in retired { try? FileManager.default.removeItem(at: old) }
        retired = [folder]
    }

    func removeAll() {
        try? FileManager.default.removeItem(at: root)
    }
}
