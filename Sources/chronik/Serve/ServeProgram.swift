import ChronikStore
import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

// `chronik serve` runs in a program of its own, `chronik-serve` (issue 19). Its HTTP server, FlyingFox, imports
// FoundationNetworking, which links libcurl and its two dozen libraries: loading and relocating them cost every
// command of chronik several milliseconds at start-up, though only `serve` needs them. `chronik-serve` is chronik's
// command line with the server added (Sources/chronik-serve); `chronik serve` checks its arguments, then replaces
// itself (execv: the same process, arguments and environment) by the `chronik-serve` beside its own binary, which
// parses them again and serves. `make install` installs both programs.

/// The preview server of `chronik serve`; the one there is lives in `chronik-serve`.
package protocol PreviewServer {
    /// Serves `served` on 127.0.0.1:`port` until SIGINT or SIGTERM, calling `rebuild` (if any) about once a second.
    func serve(_ served: ServedFolder, port: UInt16, description: String, messages: any MessageCatalog,
               rebuild: (() throws(CLIError) -> Void)?) throws(CLIError)
}

package enum ServeProgram {
    /// The server of this program: `chronik-serve` sets it before it runs the command line; nil in chronik.
    nonisolated(unsafe) package static var server: (any PreviewServer)?

    /// The program's file name, beside chronik's.
    static let name = "chronik-serve"

    /// This program's server; in chronik, the process replaced by `chronik-serve` with the same arguments, which
    /// comes back here with its server (errors worded by `messages`).
    static func server(messages: @autoclosure () -> any MessageCatalog) throws(CLIError) -> any PreviewServer {
        if let server { return server }
        let path = programPath()
        let arguments = [path] + CommandLine.arguments.dropFirst()
        let argv: [UnsafeMutablePointer<CChar>?] = arguments.map { strdup($0) } + [nil]
        execv(path, argv)
        let error = errno
        for argument in argv { free(argument) }
        let catalog = messages()
        if error == ENOENT {
            throw CLIError(.store, catalog.serveProgramMissing(Terminal.sanitize(path)), hint: catalog.serveProgramMissingHint())
        }
        throw CLIError(.store, catalog.serveProgramFailed(Terminal.sanitize(path), reason: String(cString: strerror(error))))
    }

    /// `chronik-serve` in the folder of the running binary, symbolic links resolved (so a link to an installed
    /// chronik finds the `chronik-serve` installed beside it).
    static func programPath() -> String {
        URL(fileURLWithPath: ownPath()).deletingLastPathComponent().appendingPathComponent(name).path
    }

    /// The running binary's path.
    static func ownPath() -> String {
        #if os(Linux)
        var buffer = [UInt8](repeating: 0, count: Int(PATH_MAX) + 1)
        let count = buffer.withUnsafeMutableBufferPointer { buffer in
            buffer.baseAddress!.withMemoryRebound(to: CChar.self, capacity: buffer.count) {
                readlink("/proc/self/exe", $0, buffer.count - 1)
            }
        }
        if count > 0 { return String(decoding: buffer[..<count], as: UTF8.self) }
        #endif
        if let url = Bundle.main.executableURL { return url.resolvingSymlinksInPath().path }
        return URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath().path
    }
}

/// The folder being served; replaced (under a lock) when the site is rebuilt.
package final class ServedFolder: @unchecked Sendable {
    private let lock = NSLock()
    private var current: URL

    init(_ root: URL) { current = root }

    package var root: URL {
        lock.lock()
        defer { lock.unlock() }
        return current
    }

    /// Serves `root` from now on; returns the folder served before.
    func replace(with root: URL) -> URL {
        lock.lock()
        defer { lock.unlock() }
        let old = current
        current = root
        return old
    }
}
