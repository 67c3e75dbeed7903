import ChronikCLI
import ChronikStore
import Dispatch
import FlyingFox
import FlyingSocks
import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// FlyingFox on 127.0.0.1: runs until SIGINT or SIGTERM, calling `rebuild` about once a second in between.
struct FlyingFoxPreview: PreviewServer {
    func serve(_ served: ServedFolder, port: UInt16, description: String, messages: any MessageCatalog,
               rebuild: (() throws(CLIError) -> Void)?) throws(CLIError) {
        let address: sockaddr_in
        do { address = try .inet(ip4: "127.0.0.1", port: port) } catch {
            throw CLIError(.internal, "cannot make the address 127.0.0.1:\(port): \(error)")
        }
        let logger = ServeLogger()
        let server = HTTPServer(address: address, timeout: 15, logger: logger, handler: SiteHandler(folder: served))
        let stop = StopSignal()
        let running = Task { try await server.run() }
        let listening: Result<UInt16, Error> = Self.blocking {
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
            let reason = Self.blocking { try await running.value }
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
        _ = Self.blocking { await server.stop(timeout: 1) }
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
