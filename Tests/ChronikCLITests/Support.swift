import Foundation
import Testing

/// The result of running a program.
struct RunResult: CustomStringConvertible {
    var status: Int32
    var stdout: String
    var stderr: String
    var description: String { "exit \(status)\n--- stdout\n\(stdout)--- stderr\n\(stderr)" }
}

/// Fixed identities and dates: test repositories are reproducible.
enum Fixture {
    static let author = "Test Author <test@example.org>"
    static let date = "2022-03-01T10:00:00+01:00"
}

/// Where the built `chronik` binary is: `CHRONIK_BIN`, else beside the test bundle in the build folder.
let chronikBinary: URL = {
    if let path = ProcessInfo.processInfo.environment["CHRONIK_BIN"] { return URL(fileURLWithPath: path) }
    var dir = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath().deletingLastPathComponent()
    for _ in 0..<4 {
        let candidate = dir.appendingPathComponent("chronik")
        var isDir: ObjCBool = false
        if FileManager.default.fileExists(atPath: candidate.path, isDirectory: &isDir), !isDir.boolValue { return candidate }
        dir = dir.deletingLastPathComponent()
    }
    return URL(fileURLWithPath: "/nonexistent/chronik")
}()

/// A temporary folder with a private HOME, so that no user or system git configuration leaks into a test.
final class Sandbox: Sendable {
    let root: URL
    let home: URL

    init() throws {
        root = FileManager.default.temporaryDirectory.appendingPathComponent("chronik-test-\(UUID().uuidString)")
        home = root.appendingPathComponent("home")
        try FileManager.default.createDirectory(at: home, withIntermediateDirectories: true)
    }

    /// Every test repository must pass `git fsck --full` when the test ends: each repository left in the sandbox
    /// (up to three folders deep) is checked before the sandbox is removed.
    deinit {
        for repository in repositories() {
            if let result = try? git(["fsck", "--full", "--no-progress"], in: repository), result.status != 0 {
                Issue.record("git fsck --full failed for \(repository.path): \(result)")
            }
        }
        try? FileManager.default.removeItem(at: root)
    }

    /// Folders in the sandbox that hold a `.git` directory, up to three levels below the root.
    private func repositories() -> [URL] {
        var found: [URL] = []
        func visit(_ dir: URL, depth: Int) {
            guard depth <= 3, let names = try? FileManager.default.contentsOfDirectory(atPath: dir.path) else { return }
            var isDirectory: ObjCBool = false
            if names.contains(".git"), FileManager.default.fileExists(atPath: dir.appendingPathComponent(".git").path, isDirectory: &isDirectory),
               isDirectory.boolValue {
                found.append(dir)
            }
            for name in names where name != ".git" && name != "home" {
                let child = dir.appendingPathComponent(name)
                if FileManager.default.fileExists(atPath: child.path, isDirectory: &isDirectory), isDirectory.boolValue {
                    visit(child, depth: depth + 1)
                }
            }
        }
        visit(root, depth: 0)
        return found
    }

    var environment: [String: String] {
        [
            "HOME": home.path, "XDG_CONFIG_HOME": home.appendingPathComponent(".config").path,
            "GIT_CONFIG_NOSYSTEM": "1", "PATH": ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin",
            // English messages unless a test asks for another language (the stores tests make are German).
            "LANG": "C.UTF-8", "TZ": "UTC", "CHRONIK_LANG": "en",
            "GIT_AUTHOR_NAME": "Git CLI", "GIT_AUTHOR_EMAIL": "git-cli@example.org",
            "GIT_COMMITTER_NAME": "Git CLI", "GIT_COMMITTER_EMAIL": "git-cli@example.org",
            "GIT_AUTHOR_DATE": "2022-01-01T12:00:00Z", "GIT_COMMITTER_DATE": "2022-01-01T12:00:00Z",
        ]
    }

    func url(_ path: String) -> URL { root.appendingPathComponent(path) }

    /// Runs the built chronik binary.
    @discardableResult
    func chronik(_ arguments: [String], in directory: URL? = nil, extraEnvironment: [String: String] = [:]) throws -> RunResult {
        try run(chronikBinary, arguments, in: directory ?? root, environment: environment.merging(extraEnvironment) { $1 })
    }

    /// Runs git.
    @discardableResult
    func git(_ arguments: [String], in directory: URL) throws -> RunResult {
        try run(URL(fileURLWithPath: "/usr/bin/git"), arguments, in: directory, environment: environment)
    }

    /// A function that replaces the full and the short (7-digit) ids of `v1` and `v2`, their commits and their tags,
    /// by names (`v1-commit-id`, `v1-tag-id`, …): golden files name them instead (they are fixed, but not the point).
    func releaseIDMasker(in repository: URL) throws -> (String) -> String {
        var ids: [(id: String, name: String)] = []
        for name in ["v1^{commit}", "v2^{commit}", "v1", "v2"] {
            let id = try git(["rev-parse", name], in: repository).stdout.trimmingCharacters(in: .whitespacesAndNewlines)
            ids.append((id, "\(name.replacingOccurrences(of: "^{commit}", with: ""))-\(name.hasSuffix("}") ? "commit" : "tag")-id"))
        }
        return { text in
            var out = text
            for (id, name) in ids where !id.isEmpty {
                out = out.replacingOccurrences(of: id, with: name).replacingOccurrences(of: String(id.prefix(7)), with: name)
            }
            return out
        }
    }

    /// Creates a store with the fixed author and date; returns its folder.
    func makeStore(_ name: String = "store") throws -> URL {
        let dir = url(name)
        let result = try chronik(["init", dir.path, "--title", "Test-Speicher", "--author", Fixture.author, "--date", Fixture.date])
        try #require(result.status == 0, "init failed: \(result)")
        return dir
    }

    /// Writes a file (creating folders).
    func write(_ text: String, to path: String, in store: URL) throws {
        try write(Data(text.utf8), to: path, in: store)
    }

    func write(_ data: Data, to path: String, in store: URL) throws {
        let file = store.appendingPathComponent(path)
        try FileManager.default.createDirectory(at: file.deletingLastPathComponent(), withIntermediateDirectories: true)
        try data.write(to: file)
    }

    /// Commits with the fixed author and the given date.
    @discardableResult
    func commit(_ store: URL, _ message: String, date: String = Fixture.date) throws -> RunResult {
        let result = try chronik(["commit", "-m", message, "--author", Fixture.author, "--date", date], in: store)
        try #require(result.status == 0, "commit failed: \(result)")
        return result
    }

    /// Expects `git fsck --full` to accept the repository.
    func expectFsckClean(_ store: URL, sourceLocation: SourceLocation = #_sourceLocation) throws {
        let result = try git(["fsck", "--full", "--no-progress"], in: store)
        #expect(result.status == 0, "git fsck --full failed: \(result)", sourceLocation: sourceLocation)
    }

    /// What must not change when chronik refuses something: every file and folder under the store, `.git` included
    /// (HEAD, refs, objects, packs, the index, config, `.git/chronik.lock`), by path, kind, permission bits and
    /// bytes. Only `.git/chronik/` is left out: chronik's caches (validation, log, changelog), which a refused
    /// command may fill with what it computed on the way (a refused commit caches the validation results of the
    /// files it checked); they are keyed by content and safe to delete (docs/architecture.md).
    func state(of store: URL) throws -> StoreSnapshot {
        try StoreSnapshot(of: store)
    }
}

/// Every file and folder under a folder, compared byte for byte (not by `Data.hashValue`, which reads only the
/// first 80 bytes).
struct StoreSnapshot: Equatable, CustomStringConvertible {
    struct Item: Equatable {
        var type: FileAttributeType
        var permissions: Int
        /// A file's bytes, a symbolic link's target, nothing for a folder.
        var content: Data
    }

    var items: [String: Item] = [:]

    /// Paths (relative to the root) left out, with all below them.
    static let excluded: Set<String> = [".git/chronik"]

    init(of root: URL) throws {
        let manager = FileManager.default
        var folders = [""]
        while let folder = folders.popLast() {
            for name in try manager.contentsOfDirectory(atPath: root.appendingPathComponent(folder).path) {
                let path = folder.isEmpty ? name : folder + "/" + name
                if Self.excluded.contains(path) { continue }
                let full = root.appendingPathComponent(path).path
                let attributes = try manager.attributesOfItem(atPath: full)  // lstat: links are not followed
                let type = attributes[.type] as? FileAttributeType ?? .typeUnknown
                let permissions = (attributes[.posixPermissions] as? NSNumber)?.intValue ?? -1
                var content = Data()
                switch type {
                case .typeDirectory: folders.append(path)
                case .typeRegular: content = try Data(contentsOf: URL(fileURLWithPath: full))
                case .typeSymbolicLink: content = Data(try manager.destinationOfSymbolicLink(atPath: full).utf8)
                default: break
                }
                items[path] = Item(type: type, permissions: permissions, content: content)
            }
        }
    }

    /// One line per path: kind, permission bits, size.
    var description: String {
        items.sorted { $0.key < $1.key }.map { path, item in
            "\(path) \(item.type.rawValue) \(String(item.permissions, radix: 8)) \(item.content.count)"
        }.joined(separator: "\n")
    }
}

func run(_ executable: URL, _ arguments: [String], in directory: URL, environment: [String: String]) throws -> RunResult {
    let process = Process()
    process.executableURL = executable
    process.arguments = arguments
    process.currentDirectoryURL = directory
    process.environment = environment
    let out = Pipe(), err = Pipe()
    process.standardOutput = out
    process.standardError = err
    process.standardInput = FileHandle.nullDevice
    try process.run()
    // Read both pipes concurrently so a full pipe cannot block the child.
    nonisolated(unsafe) var errData = Data()
    let group = DispatchGroup()
    group.enter()
    DispatchQueue.global().async {
        errData = err.fileHandleForReading.readDataToEndOfFile()
        group.leave()
    }
    let outData = out.fileHandleForReading.readDataToEndOfFile()
    group.wait()
    process.waitUntilExit()
    return RunResult(status: process.terminationStatus, stdout: String(decoding: outData, as: UTF8.self), stderr: String(decoding: errData, as: UTF8.self))
}

/// A valid entry file.
func entryText(_ fields: String, body: String = "Text.\n") -> String {
    "---\n\(fields)\n---\n\(body)"
}

/// Writes an executable script (mode 0755) that a test then has a child process run, through a descriptor opened
/// close-on-exec. Foundation's `write(to:)` opens without `O_CLOEXEC` (`O_RDWR|O_CREAT|O_EXCL` for an atomic write,
/// seen with strace), so a child that another test thread starts meanwhile inherits the writing descriptor and keeps
/// it for its whole life; running the script then fails with ETXTBSY ("Text file busy") until that child ends — a
/// pager or editor that silently never ran (PagerAndColorTests once failed this way in CI, 2026-12-06).
func writeExecutable(_ text: String, to file: URL) throws {
    let descriptor = open(file.path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o755)
    guard descriptor >= 0 else { throw POSIXError(POSIXErrorCode(rawValue: errno) ?? .EIO) }
    defer { close(descriptor) }
    var bytes = Array(text.utf8)
    var done = 0
    while done < bytes.count {
        let written = bytes.withUnsafeMutableBytes { write(descriptor, $0.baseAddress! + done, $0.count - done) }
        if written < 0, errno == EINTR { continue }
        guard written > 0 else { throw POSIXError(POSIXErrorCode(rawValue: errno) ?? .EIO) }
        done += written
    }
    // The mode asked of open is masked by the umask: set it whole.
    guard fchmod(descriptor, 0o755) == 0 else { throw POSIXError(POSIXErrorCode(rawValue: errno) ?? .EIO) }
}
