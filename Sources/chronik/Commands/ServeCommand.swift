import ArgumentParser
import ChronikPublish
import ChronikStore
import Dispatch
import FlyingFox
import FlyingSocks
import GitKit
import Foundation
#if canImport(Glibc)
import Glibc
#endif

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
        if let folder {
            let messages = messageCatalog()
            let root = URL(fileURLWithPath: folder).standardizedFileURL
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: root.path, isDirectory: &isDirectory), isDirectory.boolValue else {
                throw CLIError(.user, messages.serveNotAFolder(Terminal.sanitize(folder)), hint: messages.serveNotAFolderHint())
            }
            try Preview.serve(ServedFolder(root), port: UInt16(port), description: Terminal.sanitize(root.path), messages: messages, rebuild: nil)
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
        try Preview.serve(served, port: UInt16(port), description: messages.serveSiteOf(what), messages: messages) { () throws(CLIError) in
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

/// Runs the server until SIGINT or SIGTERM, calling `rebuild` about once a second in between.
enum Preview {
    static func serve(_ served: ServedFolder, port: UInt16, description: String, messages: any MessageCatalog,
                      rebuild: (() throws(CLIError) -> Void)?) throws(CLIError) {
        let address: sockaddr_in
        do { address = try .inet(ip4: "127.0.0.1", port: port) } catch {
            throw CLIError(.internal, "cannot make the address 127.0.0.1:\(port): \(error)")
        }
        let logger = ServeLogger()
        let server = HTTPServer(address: address, timeout: 15, logger: logger, handler: SiteHandler(folder: served))
        let stop = StopSignal()
        let running = Task { try await server.run() }
        let listening: Result<UInt16, Error> = blocking {
            try await server.waitUntilListening(timeout: 10)
            guard case .ip4(_, let port)? = await server.listeningAddress else {
                throw CLIError(.internal, "the server reports no address")
            }
            return port
        }
        let actualPort: UInt16
        switch listening {
        case .success(let port): actualPort = port
        case .failure:
            running.cancel()
            // The server's own error says why (the port is taken, most often).
            let reason = blocking { try await running.value }
            var detail: String?
            if case .failure(let error) = reason { detail = "\(error)" }
            throw CLIError(.user, messages.serveCannotListen(port: Int(port), reason: detail), hint: messages.serveCannotListenHint())
        }
        try StandardOutput.print(messages.serving(description, port: Int(actualPort)))
        var lastCheck = Date()
        while !stop.raised {
            Thread.sleep(forTimeInterval: 0.1)
            if let rebuild, Date().timeIntervalSince(lastCheck) >= 1 {
                do {
                    try rebuild()
                } catch {
                    // The old site stays served; the next change tries again.
                    Terminal.warning(error.message)
                }
                lastCheck = Date()
            }
        }
        logger.stop()
        _ = blocking { await server.stop(timeout: 1) }
        running.cancel()
        try StandardOutput.print(messages.serveStopped())
    }

    /// Waits on this (non-async) thread for `operation`, run on the concurrency pool.
    static func blocking<T: Sendable>(_ operation: @escaping @Sendable () async throws -> T) -> Result<T, Error> {
        let semaphore = DispatchSemaphore(value: 0)
        let box = ResultBox<T>()
        Task {
            do { box.result = .success(try await operation()) } catch { box.result = .failure(error) }
            semaphore.signal()
        }
        semaphore.wait()
        return box.result ?? .failure(CancellationError())
    }
}

private final class ResultBox<T>: @unchecked Sendable {
    var result: Result<T, Error>?
}

/// SIGINT and SIGTERM end the serving loop (and so the process, with exit 0) instead of killing the process.
private final class StopSignal: @unchecked Sendable {
    private let lock = NSLock()
    private var flag = false
    private var sources: [DispatchSourceSignal] = []

    init() {
        for number in [SIGINT, SIGTERM] {
            signal(number, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: number, queue: .global())
            source.setEventHandler { [weak self] in self?.raise() }
            source.resume()
            sources.append(source)
        }
    }

    private func raise() {
        lock.lock()
        flag = true
        lock.unlock()
    }

    var raised: Bool {
        lock.lock()
        defer { lock.unlock() }
        return flag
    }
}
