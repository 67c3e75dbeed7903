import ArgumentParser
import Dispatch
import FlyingFox
import FlyingSocks
import Foundation
#if canImport(Glibc)
import Glibc
#endif

struct ServeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Preview the published site on this computer (http://127.0.0.1:PORT/).",
        discussion: """
            With --folder, serves a folder that `chronik publish` wrote, as it is. Only 127.0.0.1 is listened on; \
            only GET and HEAD of files inside the folder are answered. Ctrl-C (SIGINT) or SIGTERM stops the server \
            (exit 0). See docs/publish.md, "Preview".
            """)

    @Option(name: .long, help: ArgumentHelp("The port on 127.0.0.1; 0 picks a free one (printed).", valueName: "port"))
    var port: Int = 4000

    @Option(name: .long, help: ArgumentHelp("Serve this published folder as it is.", valueName: "dir"))
    var folder: String

    func validate() throws {
        guard (0...65535).contains(port) else { throw ValidationError("--port must be between 0 and 65535") }
    }

    func run() throws {
        let root = URL(fileURLWithPath: folder).standardizedFileURL
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: root.path, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw CLIError(.user, "\(Terminal.sanitize(folder)) is not a folder", hint: "give the folder `chronik publish` wrote")
        }
        let served = ServedFolder(root)
        try Preview.serve(served, port: UInt16(port), description: Terminal.sanitize(root.path), rebuild: nil)
    }
}

/// Runs the server until SIGINT or SIGTERM, calling `rebuild` about once a second in between.
enum Preview {
    static func serve(_ served: ServedFolder, port: UInt16, description: String, rebuild: (() throws(CLIError) -> Void)?) throws(CLIError) {
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
            var message = "cannot listen on 127.0.0.1:\(port)"
            if case .failure(let error) = reason { message += ": \(error)" }
            throw CLIError(.user, message, hint: "choose another port with --port (0 picks a free one)")
        }
        try StandardOutput.print("Serving \(description) at http://127.0.0.1:\(actualPort)/ (Ctrl-C stops)")
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
        try StandardOutput.print("Stopped.")
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
