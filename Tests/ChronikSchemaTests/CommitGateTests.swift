import ChronikSchema
@testable import ChronikStore
import Foundation
import GitKit
import Testing

/// A checker that validates as `chronik commit` does and, once done, puts `replacement` into the working tree at
/// `path`: the file changes between the check and the building of the tree, as in a race with an editor.
final class SwappingChecker: ContentChecker {
    let path: String
    let replacement: Data
    var checked: [Data?] = []

    init(path: String, replacement: Data) {
        self.path = path
        self.replacement = replacement
    }

    func check(_ version: PendingVersion) throws(StoreError) -> [StoreProblem] {
        checked.append(version.read(path))
        let problems = try StoreValidator().check(version)
        do {
            try replacement.write(to: version.store.url(of: path))
        } catch {
            throw .io(path: path, message: "\(error)")
        }
        return problems
    }
}

@Suite("Commit gate: the bytes checked are the bytes recorded")
struct CommitGateTests {
    static let author = Signature(name: "Test Author", email: "test@example.org", date: Date(timeIntervalSince1970: 1_646_128_800), timeZoneOffsetMinutes: 60)
    static let valid = Data("---\nterm: Reallabor\n---\nText.\n".utf8)
    static let invalid = Data("---\nterm: 12\nunknown: field\n---\nText.\n".utf8)

    func makeStore() throws -> (Store, URL) {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("chronik-gate-\(UUID().uuidString)")
        let (store, _) = try Store.create(
            at: url, config: DefaultStore.config(title: "Test", language: .de), schemas: DefaultStore.schemas,
            author: Self.author, committer: Self.author, message: "Store created", checker: StoreValidator())
        return (store, url)
    }

    func git(_ arguments: [String], in url: URL) throws -> (status: Int32, stdout: Data) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/git")
        process.arguments = arguments
        process.currentDirectoryURL = url
        process.environment = ["GIT_CONFIG_NOSYSTEM": "1", "HOME": url.path, "PATH": "/usr/bin:/bin"]
        let out = Pipe()
        process.standardOutput = out
        process.standardError = FileHandle.nullDevice
        try process.run()
        let data = out.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, data)
    }

    /// The recorded content of `path` at the tip, as git reads it.
    func recorded(_ path: String, in url: URL) throws -> Data {
        let result = try git(["cat-file", "blob", "HEAD:" + path], in: url)
        try #require(result.status == 0, "no \(path) at HEAD")
        return result.stdout
    }

    /// A valid file, replaced by an invalid one after the check: the version holds the valid bytes, and the working
    /// tree's invalid file stays uncommitted (`git status` sees it: the index was not given its stat data).
    @Test(arguments: [false, true])
    func fileSwappedAfterTheCheckIsNotRecorded(configChanged: Bool) throws {
        let (store, url) = try makeStore()
        defer { try? FileManager.default.removeItem(at: url) }
        let path = "glossary/reallabor.md"
        try store.writeFile(path, Self.valid)
        if configChanged {
            // A changed chronik.yml makes the validator check the whole version, not only the changed entries.
            let config = try Data(contentsOf: store.url(of: StoreConfig.fileName))
            try store.writeFile(StoreConfig.fileName, Data(String(decoding: config, as: UTF8.self).replacingOccurrences(of: "title: \"Test\"", with: "title: \"Test 2\"").utf8))
        }
        let checker = SwappingChecker(path: path, replacement: Self.invalid)
        let outcome = try store.commit(message: "Reallabor", author: Self.author, committer: Self.author, checker: checker)
        guard case .committed = outcome else {
            Issue.record("expected a version, got \(outcome)")
            return
        }
        #expect(checker.checked == [Self.valid])
        #expect(try recorded(path, in: url) == Self.valid)
        #expect(try Data(contentsOf: store.url(of: path)) == Self.invalid)
        let status = try git(["status", "--porcelain"], in: url)
        #expect(String(decoding: status.stdout, as: UTF8.self) == " M glossary/reallabor.md\n")
        // The invalid content is refused when it is committed itself.
        #expect(throws: StoreError.self) {
            try store.commit(message: "kaputt", author: Self.author, committer: Self.author, checker: StoreValidator())
        }
        #expect(try recorded(path, in: url) == Self.valid)
        #expect(try git(["fsck", "--full", "--no-progress"], in: url).status == 0)
    }

    /// An invalid file, replaced by a valid one after the check: refused; nothing of either is recorded.
    @Test func invalidFileFixedAfterTheCheckIsStillRefused() throws {
        let (store, url) = try makeStore()
        defer { try? FileManager.default.removeItem(at: url) }
        let path = "glossary/reallabor.md"
        try store.writeFile(path, Self.invalid)
        let before = try git(["rev-parse", "HEAD"], in: url).stdout
        let checker = SwappingChecker(path: path, replacement: Self.valid)
        let error = #expect(throws: StoreError.self) {
            try store.commit(message: "Reallabor", author: Self.author, committer: Self.author, checker: checker)
        }
        guard case .invalidContent(let problems)? = error else {
            Issue.record("expected invalid content, got \(String(describing: error))")
            return
        }
        #expect(problems.allSatisfy { $0.file == path })
        #expect(!problems.isEmpty)
        #expect(checker.checked == [Self.invalid])
        #expect(try git(["rev-parse", "HEAD"], in: url).stdout == before)
        #expect(try git(["fsck", "--full", "--no-progress"], in: url).status == 0)
    }

    /// A file of the new version that is a symbolic link by the time it is read is refused, not followed.
    @Test func fileTurnedIntoALinkIsNotFollowed() throws {
        let (store, url) = try makeStore()
        defer { try? FileManager.default.removeItem(at: url) }
        let secret = url.appendingPathComponent("../chronik-gate-secret-\(UUID().uuidString)").standardizedFileURL
        try Data("---\nterm: Geheim\n---\nText.\n".utf8).write(to: secret)
        defer { try? FileManager.default.removeItem(at: secret) }
        try FileManager.default.createDirectory(at: store.url(of: "glossary"), withIntermediateDirectories: true)
        try Data("---\nterm: Echt\n---\nText.\n".utf8).write(to: store.url(of: "glossary/echt.md"))
        switch Store.readRegularFile("glossary/echt.md", in: store.root.path) {
        case .file(let data, _): #expect(data == Data("---\nterm: Echt\n---\nText.\n".utf8))
        case .problem(let problem): Issue.record("a regular file should be read: \(problem)")
        }
        let link = store.url(of: "glossary/link.md")
        try FileManager.default.createSymbolicLink(at: link, withDestinationURL: secret)
        switch Store.readRegularFile("glossary/link.md", in: store.root.path) {
        case .file: Issue.record("a symbolic link was followed")
        case .problem(let problem): #expect(problem == "symbolic links are not allowed in a store")
        }
        #expect(mkfifo(store.url(of: "glossary/fifo.md").path, 0o644) == 0)
        switch Store.readRegularFile("glossary/fifo.md", in: store.root.path) {
        case .file: Issue.record("a FIFO was read")
        case .problem(let problem): #expect(problem == "not a regular file (a named pipe, FIFO)")
        }
    }
}
