import ChronikCLI
import FlyingFox
import FlyingSocks
import Foundation
#if canImport(Glibc)
import Glibc
#endif

// `chronik serve` (docs/publish.md, "Preview"): the published folder over HTTP on 127.0.0.1, with FlyingFox.
// Only GET and HEAD; only regular files under the site's root: a path segment that is `..`, `.`, hidden (`.x`),
// or holds a slash or NUL once decoded is refused, and the file's real path (symbolic links resolved) must lie
// under the root's real path, so a link cannot lead out of the site. A folder is answered by its `index.html`
// (and `/x` by a redirect to `/x/`, so the page's relative links work); anything else is a 404 page.

/// What a request path names in the site.
enum SiteRoute: Equatable {
    /// A regular file (absolute path, real, under the root).
    case file(String)
    /// A folder asked for without its trailing slash: redirect to the path with one.
    case redirect(String)
    case notFound
}

enum SiteResolver {
    /// Resolves a request's path (percent-encoded, as sent) under `root`.
    static func resolve(_ encodedPath: String, root: URL) -> SiteRoute {
        guard encodedPath.hasPrefix("/") else { return .notFound }
        let rawSegments = encodedPath.dropFirst().split(separator: "/", omittingEmptySubsequences: false)
        var segments: [String] = []
        for (index, raw) in rawSegments.enumerated() {
            guard let segment = String(raw).removingPercentEncoding else { return .notFound }
            if segment.isEmpty {
                // Only a trailing slash may be empty ("/", "/glossary/").
                if index == rawSegments.count - 1 { continue }
                return .notFound
            }
            if segment.hasPrefix(".") || segment.contains("/") || segment.contains("\0") || segment.contains("\\") { return .notFound }
            segments.append(segment)
        }
        guard let rootPath = realPath(root.path) else { return .notFound }
        let requested = ([rootPath] + segments).joined(separator: "/")
        guard let real = realPath(requested), real == rootPath || real.hasPrefix(rootPath + "/") else { return .notFound }
        var status = stat()
        guard stat(real, &status) == 0 else { return .notFound }
        switch status.st_mode & S_IFMT {
        case S_IFREG:
            return encodedPath.hasSuffix("/") ? .notFound : .file(real)
        case S_IFDIR:
            guard encodedPath.hasSuffix("/") else { return .redirect(encodedPath + "/") }
            guard let index = realPath(real + "/index.html"), index.hasPrefix(rootPath + "/"),
                  stat(index, &status) == 0, status.st_mode & S_IFMT == S_IFREG else { return .notFound }
            return .file(index)
        default:
            return .notFound
        }
    }

    /// `realpath(3)`: the path with every symbolic link, `.` and `..` resolved; nil when it does not exist.
    static func realPath(_ path: String) -> String? {
        guard let resolved = realpath(path, nil) else { return nil }
        defer { free(resolved) }
        return String(cString: resolved)
    }

    /// The content type of a site file, by its extension.
    static func contentType(of path: String) -> String {
        switch URL(fileURLWithPath: path).pathExtension.lowercased() {
        case "html", "htm": return "text/html; charset=utf-8"
        case "css": return "text/css; charset=utf-8"
        case "js", "mjs": return "text/javascript; charset=utf-8"
        case "json": return "application/json"
        case "xml": return path.hasSuffix("/feed.xml") || path == "feed.xml" ? "application/atom+xml; charset=utf-8" : "application/xml; charset=utf-8"
        case "atom": return "application/atom+xml; charset=utf-8"
        case "txt", "md": return "text/plain; charset=utf-8"
        case "svg": return "image/svg+xml"
        case "png": return "image/png"
        case "jpg", "jpeg": return "image/jpeg"
        case "gif": return "image/gif"
        case "webp": return "image/webp"
        case "ico": return "image/vnd.microsoft.icon"
        case "woff2": return "font/woff2"
        case "pdf": return "application/pdf"
        default: return "application/octet-stream"
        }
    }
}

/// Answers requests from the served folder.
struct SiteHandler: HTTPHandler {
    let folder: ServedFolder

    func handleRequest(_ request: HTTPRequest) async throws -> HTTPResponse {
        let head = request.method == .HEAD
        guard request.method == .GET || head else {
            var headers = HTTPHeaders()
            headers[HTTPHeader("Allow")] = "GET, HEAD"
            return HTTPResponse(statusCode: .methodNotAllowed, headers: headers)
        }
        switch SiteResolver.resolve(request.target.path(), root: folder.root) {
        case .file(let path):
            guard let data = FileManager.default.contents(atPath: path) else { return notFound(head: head) }
            return response(.ok, type: SiteResolver.contentType(of: path), body: data, head: head)
        case .redirect(let location):
            var headers = HTTPHeaders()
            headers[.location] = location
            return HTTPResponse(statusCode: .movedPermanently, headers: headers)
        case .notFound:
            return notFound(head: head)
        }
    }

    private func response(_ status: HTTPStatusCode, type: String, body: Data, head: Bool) -> HTTPResponse {
        var headers = HTTPHeaders()
        headers[.contentType] = type
        headers[HTTPHeader("X-Content-Type-Options")] = "nosniff"
        // A preview: the browser must ask again after a rebuild.
        headers[.cacheControl] = "no-store"
        if head {
            headers[.contentLength] = String(body.count)
            return HTTPResponse(statusCode: status, headers: headers)
        }
        return HTTPResponse(statusCode: status, headers: headers, body: body)
    }

    /// A page of its own (the site has no 404 page), in both languages, naming nothing from the request.
    private func notFound(head: Bool) -> HTTPResponse {
        let page = """
            <!DOCTYPE html>
            <html lang="de"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
            <title>Nicht gefunden – Not found</title></head>
            <body><main><h1>Nicht gefunden</h1><p>Diese Seite gibt es nicht. <a href="/">Zur Startseite</a></p>
            <p lang="en">This page does not exist. <a href="/">To the start page</a></p></main></body></html>

            """
        return response(.notFound, type: "text/html; charset=utf-8", body: Data(page.utf8), head: head)
    }
}

/// FlyingFox's messages: the server's own problems only (warnings, critical errors), on standard error (its default logger prints every request); quiet once the
/// server is being stopped (FlyingFox then reports the cancellation of its own task as an error).
final class ServeLogger: Logging, @unchecked Sendable {
    private let lock = NSLock()
    private var stopping = false

    func stop() {
        lock.lock()
        stopping = true
        lock.unlock()
    }

    private func report(_ message: String) {
        lock.lock()
        let quiet = stopping
        lock.unlock()
        if !quiet { StandardError.write("chronik serve: \(message)\n") }
    }

    func logDebug(_ debug: @autoclosure () -> String) {}
    func logInfo(_ info: @autoclosure () -> String) {}
    func logWarning(_ warning: @autoclosure () -> String) { report(warning()) }
    /// A connection's error (a reader that went away: EPIPE) is the reader's business, not the preview's.
    func logError(_ error: @autoclosure () -> String) {}
    func logCritical(_ critical: @autoclosure () -> String) { report(critical()) }
}
