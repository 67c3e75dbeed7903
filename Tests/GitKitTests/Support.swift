import Foundation
import GitKit
import Testing

/// Fixed identities and dates so every fixture repository is byte-for-byte reproducible.
enum Fixture {
    /// 2022-03-01T10:00:00Z.
    static let baseDate = Date(timeIntervalSince1970: 1_646_128_800)

    /// `hours` after 2022-03-01T10:00:00Z.
    static func date(hours: Double) -> Date {
        baseDate.addingTimeInterval(hours * 3600)
    }

    static func signature(hours: Double = 0, offsetMinutes: Int = 0) -> Signature {
        Signature(name: "Test Author", email: "test@example.org", date: date(hours: hours), timeZoneOffsetMinutes: offsetMinutes)
    }

    static let author = signature()
}

/// The result of one run of the git CLI.
struct GitRun {
    let status: Int32
    let stdout: String
    let stderr: String
}

/// A repository in a fresh temporary folder, made with GitKit.
struct TemporaryRepository {
    let url: URL
    let repository: Repository

    /// Writes a blob, a one-file tree and a commit on top of `parents`; returns the commit.
    func commit(
        files: [String: String],
        parents: [ObjectID],
        hours: Double,
        message: String
    ) throws -> ObjectID {
        var entries: [TreeEntry] = []
        for (name, content) in files {
            entries.append(TreeEntry(name: name, id: try repository.writeBlob(Data(content.utf8)), mode: .blob))
        }
        let tree = try repository.writeTree(entries)
        let signature = Fixture.signature(hours: hours)
        return try repository.createCommit(tree: tree, parents: parents, author: signature, committer: signature, message: message)
    }

    /// Runs the git CLI in this repository; see ``runGit(_:in:environment:)``.
    @discardableResult
    func git(_ arguments: String..., environment: [String: String] = [:]) throws -> GitRun {
        try runGit(arguments, in: url, environment: environment)
    }

    /// Writes a working-directory file, creating folders.
    func writeFile(_ path: String, _ content: String) throws {
        let file = url.appendingPathComponent(path)
        try FileManager.default.createDirectory(at: file.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data(content.utf8).write(to: file)
    }
}

/// Creates a repository in a temporary folder, runs `body`, then checks `git fsck --full`
/// passes and removes the folder.
func withTemporaryRepository(
    initialBranch: String = "main",
    sourceLocation: SourceLocation = #_sourceLocation,
    _ body: (TemporaryRepository) throws -> Void
) throws {
    let url = try makeTemporaryDirectory()
    defer { try? FileManager.default.removeItem(at: url) }
    let repository = try Repository.create(at: url, initialBranch: initialBranch)
    try body(TemporaryRepository(url: url, repository: repository))
    let fsck = try runGit(["fsck", "--full"], in: url)
    #expect(fsck.status == 0, "git fsck --full failed: \(fsck.stderr)", sourceLocation: sourceLocation)
}

/// A new empty folder below the system temporary folder, with symbolic links resolved so it
/// compares equal to the paths libgit2 reports.
func makeTemporaryDirectory() throws -> URL {
    let base = FileManager.default.temporaryDirectory.resolvingSymlinksInPath()
    let url = base.appendingPathComponent("gitkit-tests-\(UUID().uuidString)", isDirectory: true)
    try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    return url
}

/// Runs `/usr/bin/git` with a hermetic config (no global or system files) and the fixture identity and date.
func runGit(_ arguments: [String], in directory: URL, environment: [String: String] = [:]) throws -> GitRun {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/git")
    process.arguments = arguments
    process.currentDirectoryURL = directory

    var env = ProcessInfo.processInfo.environment
    env["GIT_CONFIG_GLOBAL"] = "/dev/null"
    env["GIT_CONFIG_NOSYSTEM"] = "1"
    env["GIT_AUTHOR_NAME"] = "Test Author"
    env["GIT_AUTHOR_EMAIL"] = "test@example.org"
    env["GIT_AUTHOR_DATE"] = "@1646128800 +0000"
    env["GIT_COMMITTER_NAME"] = "Test Author"
    env["GIT_COMMITTER_EMAIL"] = "test@example.org"
    env["GIT_COMMITTER_DATE"] = "@1646128800 +0000"
    env.merge(environment) { _, new in new }
    process.environment = env

    // Files, not pipes: a full pipe would block git while we wait for it to exit.
    let outputs = try makeTemporaryDirectory()
    defer { try? FileManager.default.removeItem(at: outputs) }
    let stdoutURL = outputs.appendingPathComponent("stdout")
    let stderrURL = outputs.appendingPathComponent("stderr")
    _ = FileManager.default.createFile(atPath: stdoutURL.path, contents: nil)
    _ = FileManager.default.createFile(atPath: stderrURL.path, contents: nil)
    let stdout = try FileHandle(forWritingTo: stdoutURL)
    let stderr = try FileHandle(forWritingTo: stderrURL)
    process.standardOutput = stdout
    process.standardError = stderr
    process.standardInput = FileHandle.nullDevice
    try process.run()
    process.waitUntilExit()
    try stdout.close()
    try stderr.close()
    return GitRun(
        status: process.terminationStatus,
        stdout: try String(contentsOf: stdoutURL, encoding: .utf8),
        stderr: try String(contentsOf: stderrURL, encoding: .utf8)
    )
}

/// Expects `body` to throw a ``GitError`` with `code`.
func expectGitError<R>(_ code: GitError.Code, sourceLocation: SourceLocation = #_sourceLocation, _ body: () throws -> R) {
    let error = #expect(throws: GitError.self, sourceLocation: sourceLocation) { _ = try body() }
    #expect(error?.code == code, "got \(error.map(String.init(describing:)) ?? "no error")", sourceLocation: sourceLocation)
}
