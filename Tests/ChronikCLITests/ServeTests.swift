import Foundation
import Testing
#if canImport(Glibc)
import Glibc
#endif

/// `chronik serve` running as a resident starts it: the binary on a port the system picks (`--port 0`), requests
/// over a plain socket (so no client normalises `..` away), a new version committed while it runs, SIGINT to stop.
@Suite("chronik serve, end to end", .serialized)
struct ServeTests {
    @Test func servesTheSiteAndRebuildsAfterANewVersion() throws {
        let box = try Sandbox()
        let store = box.url("berlin")
        let made = try box.chronik(["init", "--sample", "berlin", store.path])
        try #require(made.status == 0, "\(made)")
        let temporary = box.url("tmp")
        try FileManager.default.createDirectory(at: temporary, withIntermediateDirectories: true)
        let server = try ServeProcess(box, ["serve", "--port", "0"], in: store, extraEnvironment: ["TMPDIR": temporary.path])
        let port = try server.port()

        let home = try httpRequest(port, "/")
        #expect(home.status == 200 && home.headers["content-type"] == "text/html; charset=utf-8", "\(home.head)")
        #expect(home.body.contains("<html lang=\"de\""))
        let head = try httpRequest(port, "/", method: "HEAD")
        #expect(head.status == 200 && head.body.isEmpty && head.headers["content-length"] == String(home.body.utf8.count), "\(head.head)")
        let script = try httpRequest(port, "/search/search.js")
        #expect(script.status == 200 && script.headers["content-type"] == "text/javascript; charset=utf-8")
        let index = try httpRequest(port, "/search/manifest.js")
        #expect(index.status == 200 && index.body.hasPrefix("window.chronikSearchLoad(\"manifest\",{"))
        #expect(index.headers["content-type"] == "text/javascript; charset=utf-8")
        #expect(try httpRequest(port, "/feed.xml").headers["content-type"] == "application/atom+xml; charset=utf-8")
        #expect(try httpRequest(port, "/search/index.json").headers["content-type"] == "application/json")
        let folder = try httpRequest(port, "/glossary")
        #expect(folder.status == 301 && folder.headers["location"] == "/glossary/", "\(folder.head)")
        #expect(try httpRequest(port, "/glossary/").status == 200)
        let missing = try httpRequest(port, "/nichts/da.html")
        #expect(missing.status == 404 && missing.body.contains("Nicht gefunden"))
        let post = try httpRequest(port, "/", method: "POST")
        #expect(post.status == 405 && post.headers["allow"] == "GET, HEAD", "\(post.head)")
        #expect(try httpRequest(port, "/../chronik.yml").status == 404)
        #expect(try httpRequest(port, "/glossary/ambition/index.html").body.contains(">Ambition<"))

        // A new version: the page shows it once the server has rebuilt (it looks once a second).
        let entry = store.appendingPathComponent("glossary/ambition.md")
        let text = try String(contentsOf: entry, encoding: .utf8)
        try #require(text.contains("\nterm: Ambition\n"))
        try text.replacingOccurrences(of: "\nterm: Ambition\n", with: "\nterm: Ambitionsniveau\n").write(to: entry, atomically: true, encoding: .utf8)
        try box.commit(store, "Neuer Begriff", date: "2023-01-01T10:00:00+01:00")
        var rebuilt = false
        for _ in 0..<600 where !rebuilt {
            rebuilt = try httpRequest(port, "/glossary/ambition/index.html").body.contains(">Ambitionsniveau<")
            if !rebuilt { Thread.sleep(forTimeInterval: 0.2) }
        }
        #expect(rebuilt, "the page was not rebuilt after the new version")

        let end = server.stop()
        #expect(end.status == 0, "\(end)")
        #expect(end.stdout.hasSuffix("Stopped.\n") && end.stderr.contains("chronik serve: rebuilt for "), "\(end)")
        // The temporary builds are gone.
        #expect(try FileManager.default.contentsOfDirectory(atPath: temporary.path).isEmpty)
    }

    @Test func servesOnlyFilesInsideTheFolder() throws {
        let box = try Sandbox()
        let site = box.url("site")
        try box.write("<!DOCTYPE html><title>Start</title>\n", to: "index.html", in: site)
        try box.write("<!DOCTYPE html><title>Unten</title>\n", to: "unten/index.html", in: site)
        try box.write("versteckt\n", to: ".versteckt", in: site)
        try box.write("GEHEIM\n", to: "geheim.txt", in: box.root)
        try FileManager.default.createSymbolicLink(atPath: site.appendingPathComponent("raus.txt").path, withDestinationPath: box.url("geheim.txt").path)
        try FileManager.default.createSymbolicLink(atPath: site.appendingPathComponent("drin.html").path, withDestinationPath: "unten/index.html")
        let server = try ServeProcess(box, ["serve", "--folder", site.path, "--port", "0"], in: box.root)
        let port = try server.port()
        #expect(try httpRequest(port, "/").body.contains("Start"))
        #expect(try httpRequest(port, "/unten/").body.contains("Unten"))
        #expect(try httpRequest(port, "/drin.html").body.contains("Unten"), "a link inside the site is followed")
        for path in ["/../geheim.txt", "/%2e%2e/geheim.txt", "/unten/../../geheim.txt", "/unten%2F..%2F..%2Fgeheim.txt",
                     "/raus.txt", "/.versteckt", "/index.html/", "//etc/passwd", "/%00"] {
            let reply = try httpRequest(port, path)
            #expect(reply.status == 404 && !reply.body.contains("GEHEIM") && !reply.body.contains("versteckt"), "\(path): \(reply.head)")
        }
        let end = server.stop()
        #expect(end.status == 0, "\(end)")
    }

    @Test func aTakenPortOrAMissingFolderIsAClearError() throws {
        let box = try Sandbox()
        let site = box.url("site")
        try box.write("<!DOCTYPE html><title>Start</title>\n", to: "index.html", in: site)
        let first = try ServeProcess(box, ["serve", "--folder", site.path, "--port", "0"], in: box.root)
        let port = try first.port()
        let second = try box.chronik(["serve", "--folder", site.path, "--port", String(port)])
        #expect(second.status == 1 && second.stderr.contains("cannot listen on 127.0.0.1:\(port)") && second.stdout.isEmpty, "\(second)")
        #expect(first.stop().status == 0)
        let missing = try box.chronik(["serve", "--folder", box.url("nirgends").path, "--port", "0"])
        #expect(missing.status == 1 && missing.stderr.contains("is not a folder"), "\(missing)")
        let bad = try box.chronik(["serve", "--port", "70000"])
        #expect(bad.status == 2, "\(bad)")
    }
}

/// `chronik serve` runs in a program of its own, `chronik-serve` beside chronik's binary (issue 19), so that chronik
/// does not load the network libraries the HTTP server needs.
@Suite("chronik serve's own program")
struct ServeProgramTests {
    /// Without `chronik-serve` beside it, `chronik serve` says where it looked (every other command runs); through
    /// a symbolic link to chronik, the one beside the real binary serves.
    @Test func serveRunsTheProgramBesideTheRealBinary() throws {
        let box = try Sandbox()
        let site = box.url("site")
        try box.write("<!DOCTYPE html><title>Start</title>\n", to: "index.html", in: site)
        let alone = box.url("alone")
        try FileManager.default.createDirectory(at: alone, withIntermediateDirectories: true)
        let copy = alone.appendingPathComponent("chronik")
        try FileManager.default.copyItem(at: chronikBinary, to: copy)
        let missing = try run(copy, ["serve", "--folder", site.path, "--port", "0"], in: box.root, environment: box.environment)
        #expect(missing.status == 3 && missing.stdout.isEmpty, "\(missing)")
        #expect(missing.stderr == "chronik: error: chronik serve needs the program chronik-serve beside chronik, at \(alone.path)/chronik-serve: it is missing\n"
                    + "hint: install chronik-serve beside chronik (`make install` installs both)\n", "\(missing)")
        let german = try run(copy, ["serve", "--folder", site.path, "--port", "0"], in: box.root,
                             environment: box.environment.merging(["CHRONIK_LANG": "de"]) { $1 })
        #expect(german.status == 3 && german.stderr.contains("chronik serve braucht das Programm chronik-serve neben chronik, unter \(alone.path)/chronik-serve: es fehlt"), "\(german)")
        // Arguments are checked before: a usage error stays chronik's own.
        let usage = try run(copy, ["serve", "--port", "70000"], in: box.root, environment: box.environment)
        #expect(usage.status == 2 && !usage.stderr.contains("chronik-serve"), "\(usage)")
        let version = try run(copy, ["--version"], in: box.root, environment: box.environment)
        #expect(version.status == 0 && !version.stdout.isEmpty, "\(version)")

        let link = alone.appendingPathComponent("linked-chronik")
        try FileManager.default.createSymbolicLink(at: link, withDestinationURL: chronikBinary)
        let server = try ServeProcess(box, ["--no-pager", "serve", "--folder", site.path, "--port", "0"], in: box.root, binary: link)
        #expect(try httpRequest(try server.port(), "/").body.contains("Start"))
        let end = server.stop()
        #expect(end.status == 0 && end.stdout.hasSuffix("Stopped.\n"), "\(end)")
    }

    /// chronik links neither FlyingFox nor FoundationNetworking (and so not libcurl); `chronik-serve` does.
    @Test func onlyTheServeProgramLinksTheServer() throws {
        let serve = chronikBinary.deletingLastPathComponent().appendingPathComponent("chronik-serve")
        let chronik = try Data(contentsOf: chronikBinary)
        let server = try Data(contentsOf: serve)
        // FlyingFox's module name is in every symbol and type name of it.
        #expect(chronik.range(of: Data("FlyingFox".utf8)) == nil, "chronik contains FlyingFox")
        #expect(server.range(of: Data("FlyingFox".utf8)) != nil)
        guard FileManager.default.isExecutableFile(atPath: "/usr/bin/ldd") else { return }
        let environment = ["PATH": "/usr/bin:/bin"]
        let chronikLibraries = try run(URL(fileURLWithPath: "/usr/bin/ldd"), [chronikBinary.path], in: chronikBinary.deletingLastPathComponent(), environment: environment)
        let serveLibraries = try run(URL(fileURLWithPath: "/usr/bin/ldd"), [serve.path], in: serve.deletingLastPathComponent(), environment: environment)
        try #require(chronikLibraries.status == 0 && serveLibraries.status == 0, "\(chronikLibraries) \(serveLibraries)")
        // A debug build links FoundationNetworking as a shared library, a static build links libcurl for it.
        let network = { (text: String) in text.contains("FoundationNetworking") || text.contains("libcurl") }
        #expect(!network(chronikLibraries.stdout), "\(chronikLibraries.stdout)")
        #expect(network(serveLibraries.stdout), "\(serveLibraries.stdout)")
    }
}

/// A running `chronik serve`: its output collected as it comes.
final class ServeProcess: @unchecked Sendable {
    private let process = Process()
    private let lock = NSLock()
    private var out = Data()
    private var err = Data()
    private let outPipe = Pipe()
    private let errPipe = Pipe()

    init(_ box: Sandbox, _ arguments: [String], in directory: URL, extraEnvironment: [String: String] = [:],
         binary: URL = chronikBinary) throws {
        process.executableURL = binary
        process.arguments = arguments
        process.currentDirectoryURL = directory
        process.environment = box.environment.merging(extraEnvironment) { $1 }
        process.standardOutput = outPipe
        process.standardError = errPipe
        process.standardInput = FileHandle.nullDevice
        outPipe.fileHandleForReading.readabilityHandler = { [weak self] handle in self?.append(handle.availableData, error: false) }
        errPipe.fileHandleForReading.readabilityHandler = { [weak self] handle in self?.append(handle.availableData, error: true) }
        try process.run()
    }

    private func append(_ data: Data, error: Bool) {
        lock.lock()
        if error { err.append(data) } else { out.append(data) }
        lock.unlock()
    }

    var output: (stdout: String, stderr: String) {
        lock.lock()
        defer { lock.unlock() }
        return (String(decoding: out, as: UTF8.self), String(decoding: err, as: UTF8.self))
    }

    /// The port of "Serving … at http://127.0.0.1:PORT/", once printed (the first build of a store takes a while).
    func port() throws -> UInt16 {
        for _ in 0..<3000 {
            let text = output.stdout
            if let range = text.range(of: #"http://127\.0\.0\.1:[0-9]+/"#, options: .regularExpression) {
                let port = text[range].dropFirst("http://127.0.0.1:".count).dropLast()
                return try #require(UInt16(port))
            }
            if !process.isRunning { break }
            Thread.sleep(forTimeInterval: 0.1)
        }
        let (stdout, stderr) = output
        Issue.record("chronik serve did not start: \(stdout) \(stderr)")
        throw CancellationError()
    }

    /// SIGINT, then the exit status and everything printed.
    func stop() -> RunResult {
        if process.isRunning { process.interrupt() }
        process.waitUntilExit()
        // What is still in the pipes.
        outPipe.fileHandleForReading.readabilityHandler = nil
        errPipe.fileHandleForReading.readabilityHandler = nil
        append(outPipe.fileHandleForReading.readDataToEndOfFile(), error: false)
        append(errPipe.fileHandleForReading.readDataToEndOfFile(), error: true)
        let (stdout, stderr) = output
        return RunResult(status: process.terminationStatus, stdout: stdout, stderr: stderr)
    }

    deinit {
        if process.isRunning {
            process.terminate()
            process.waitUntilExit()
        }
    }
}

struct HTTPReply {
    var status: Int
    /// Lower-case names.
    var headers: [String: String]
    var body: String
    var head: String
}

/// One HTTP/1.1 request over a new connection to 127.0.0.1:`port`, the path sent exactly as given.
func httpRequest(_ port: UInt16, _ path: String, method: String = "GET") throws -> HTTPReply {
    let socket = Glibc.socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
    try #require(socket >= 0)
    defer { close(socket) }
    var timeout = timeval(tv_sec: 60, tv_usec: 0)
    setsockopt(socket, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
    var address = sockaddr_in()
    address.sin_family = sa_family_t(AF_INET)
    address.sin_port = port.bigEndian
    address.sin_addr.s_addr = inet_addr("127.0.0.1")
    let connected = withUnsafePointer(to: &address) {
        $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(socket, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
    }
    try #require(connected == 0, "cannot connect to 127.0.0.1:\(port)")
    let request = Array("\(method) \(path) HTTP/1.1\r\nHost: 127.0.0.1:\(port)\r\nConnection: close\r\n\r\n".utf8)
    try #require(request.withUnsafeBytes { send(socket, $0.baseAddress, $0.count, 0) } == request.count)
    var received: [UInt8] = []
    var buffer = [UInt8](repeating: 0, count: 65536)
    var headerEnd: Int?
    var length: Int?
    while true {
        let count = buffer.withUnsafeMutableBytes { recv(socket, $0.baseAddress, $0.count, 0) }
        if count <= 0 { break }
        received.append(contentsOf: buffer[0..<count])
        if headerEnd == nil, let end = find([13, 10, 13, 10], in: received) {
            headerEnd = end + 4
            let head = String(decoding: received[0..<end], as: UTF8.self).lowercased()
            if let line = head.split(separator: "\r\n").first(where: { $0.hasPrefix("content-length:") }) {
                length = Int(line.dropFirst("content-length:".count).trimmingCharacters(in: .whitespaces))
            }
        }
        if let headerEnd, method == "HEAD" || received.count - headerEnd >= (length ?? Int.max) { break }
    }
    let end = try #require(headerEnd, "no complete response from \(path): \(String(decoding: received, as: UTF8.self))")
    let head = String(decoding: received[0..<(end - 4)], as: UTF8.self)
    let lines = head.components(separatedBy: "\r\n")
    let status = Int(lines[0].split(separator: " ").dropFirst().first ?? "") ?? 0
    var headers: [String: String] = [:]
    for line in lines.dropFirst() {
        guard let colon = line.firstIndex(of: ":") else { continue }
        headers[line[..<colon].lowercased()] = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
    }
    let body = method == "HEAD" ? "" : String(decoding: received[end...], as: UTF8.self)
    return HTTPReply(status: status, headers: headers, body: body, head: head)
}

private func find(_ needle: [UInt8], in haystack: [UInt8]) -> Int? {
    guard haystack.count >= needle.count else { return nil }
    for start in 0...(haystack.count - needle.count) where haystack[start..<(start + needle.count)].elementsEqual(needle) {
        return start
    }
    return nil
}
