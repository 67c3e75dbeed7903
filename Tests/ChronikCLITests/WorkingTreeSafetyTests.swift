import Foundation
import Testing
#if canImport(Glibc)
import Glibc
#endif

// Issue 13, point 2: a hostile working tree (a symbolic link to a file outside the store, a FIFO or a folder named
// like an entry, a linked chronik.yml, schema or collection folder, an oversized file) is never read through, never
// blocks, and is reported as `chronik commit` reports it. Every command is run with a time bound: a hang fails the
// test instead of stopping the suite.

/// A secret planted outside the store: it must appear in no output.
private let secret = "TOPSECRET-7f3a9c"

/// Runs the built chronik binary like `Sandbox.chronik`, but gives up after `seconds` (killing the process it
/// started) and records the hang as a failure.
func chronikBounded(_ box: Sandbox, _ arguments: [String], in directory: URL, seconds: Double = 60,
                            extraEnvironment: [String: String] = [:], sourceLocation: SourceLocation = #_sourceLocation) throws -> RunResult {
    let process = Process()
    process.executableURL = chronikBinary
    process.arguments = arguments
    process.currentDirectoryURL = directory
    process.environment = box.environment.merging(extraEnvironment) { $1 }
    let out = Pipe(), err = Pipe()
    process.standardOutput = out
    process.standardError = err
    process.standardInput = FileHandle.nullDevice
    let finished = DispatchSemaphore(value: 0)
    process.terminationHandler = { _ in finished.signal() }
    try process.run()
    nonisolated(unsafe) var outData = Data(), errData = Data()
    let group = DispatchGroup()
    group.enter()
    DispatchQueue.global().async {
        outData = out.fileHandleForReading.readDataToEndOfFile()
        group.leave()
    }
    group.enter()
    DispatchQueue.global().async {
        errData = err.fileHandleForReading.readDataToEndOfFile()
        group.leave()
    }
    if finished.wait(timeout: .now() + seconds) == .timedOut {
        kill(process.processIdentifier, SIGKILL)
        Issue.record("chronik \(arguments.joined(separator: " ")) did not finish within \(Int(seconds)) s", sourceLocation: sourceLocation)
        finished.wait()
    }
    group.wait()
    return RunResult(status: process.terminationStatus, stdout: String(decoding: outData, as: UTF8.self),
                     stderr: String(decoding: errData, as: UTF8.self))
}

/// Every way `chronik diff` prints a diff.
private let diffOutputs: [[String]] = [
    ["diff"], ["diff", "--format", "markdown"], ["diff", "--format", "html"], ["diff", "--format", "json"],
    ["diff", "--stat"], ["diff", "--stat", "--format", "json"], ["diff", "--format", "patch"],
    ["diff", "--public"], ["diff", "--public", "--format", "markdown"], ["diff", "--public", "--format", "html"],
    ["diff", "--public", "--format", "json"],
]

@Suite("A hostile working tree: links, FIFOs, folders and oversized files are never read")
struct WorkingTreeSafetyTests {
    /// A store with one committed glossary term.
    func store(_ box: Sandbox) throws -> URL {
        let store = try box.makeStore()
        try box.write(entryText("term: Reallabor"), to: "glossary/reallabor.md", in: store)
        try box.commit(store, "Begriff")
        return store
    }

    /// A valid entry outside the store, with the secret in a field and in the body.
    func plantSecretEntry(_ box: Sandbox) throws -> URL {
        let file = box.url("outside/secret.md")
        try FileManager.default.createDirectory(at: file.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data(entryText("term: \(secret)", body: "The body says \(secret).\n").utf8).write(to: file)
        return file
    }

    func expectNoSecret(_ result: RunResult, _ what: String, sourceLocation: SourceLocation = #_sourceLocation) {
        #expect(!result.stdout.contains(secret) && !result.stderr.contains(secret), "\(what) printed the secret: \(result)",
                sourceLocation: sourceLocation)
    }

    @Test func symbolicLinkToAnEntryOutsideTheStoreIsNeverFollowed() throws {
        let box = try Sandbox()
        let store = try store(box)
        let target = try plantSecretEntry(box)
        try FileManager.default.createSymbolicLink(atPath: store.appendingPathComponent("glossary/s.md").path, withDestinationPath: target.path)
        for arguments in diffOutputs {
            let result = try chronikBounded(box, arguments, in: store)
            expectNoSecret(result, arguments.joined(separator: " "))
            #expect(result.status == 1, "\(arguments): \(result)")
            #expect(result.stderr.hasSuffix("""
                chronik: warning: glossary/s.md was not read: symbolic links are not allowed in a store
                chronik: error: 1 file of the working tree was not read; chronik commit refuses it too

                """), "\(arguments): \(result)")
        }
        // The entry is listed with the reason, and nothing of it.
        let text = try chronikBounded(box, ["diff"], in: store)
        #expect(text.stdout.contains("added glossary/s\n  problem: symbolic links are not allowed in a store"), "\(text)")
        let json = try chronikBounded(box, ["diff", "--format", "json"], in: store)
        #expect(json.stdout.contains("\"problems\": [\n        \"symbolic links are not allowed in a store\"\n      ]"), "\(json)")

        let validate = try chronikBounded(box, ["validate"], in: store)
        expectNoSecret(validate, "validate")
        #expect(validate.status == 1)
        #expect(validate.stdout == "glossary/s.md: symbolic links are not allowed in a store\n", "\(validate)")
        for format in ["json", "github"] {
            let other = try chronikBounded(box, ["validate", "--format", format], in: store)
            expectNoSecret(other, "validate --format \(format)")
            #expect(other.status == 1 && other.stdout.contains("symbolic links are not allowed in a store"), "\(other)")
        }
        let status = try chronikBounded(box, ["status"], in: store)
        expectNoSecret(status, "status")
        #expect(status.stdout.contains("glossary/s.md: symbolic links are not allowed in a store"), "\(status)")
        let commit = try chronikBounded(box, ["commit", "-m", "x", "--author", Fixture.author, "--date", Fixture.date], in: store)
        expectNoSecret(commit, "commit")
        #expect(commit.status == 1)
    }

    @Test func trackedEntryReplacedByALinkIsReportedNotRead() throws {
        let box = try Sandbox()
        let store = try store(box)
        let target = try plantSecretEntry(box)
        let entry = store.appendingPathComponent("glossary/reallabor.md")
        try FileManager.default.removeItem(at: entry)
        try FileManager.default.createSymbolicLink(atPath: entry.path, withDestinationPath: target.path)
        for arguments in diffOutputs {
            let result = try chronikBounded(box, arguments, in: store)
            expectNoSecret(result, arguments.joined(separator: " "))
            #expect(result.status == 1, "\(arguments): \(result)")
        }
        let text = try chronikBounded(box, ["diff"], in: store)
        // Not "every field removed": the new side was not read, so nothing is compared.
        #expect(text.stdout.contains("modified glossary/reallabor\n  problem: symbolic links are not allowed in a store"), "\(text)")
        #expect(!text.stdout.contains("Reallabor"), "\(text)")
        let validate = try chronikBounded(box, ["validate"], in: store)
        expectNoSecret(validate, "validate")
        #expect(validate.stdout == "glossary/reallabor.md: symbolic links are not allowed in a store\n", "\(validate)")
    }

    @Test func linkToProcSelfEnvironIsNeverRead() throws {
        let box = try Sandbox()
        let store = try store(box)
        try FileManager.default.createSymbolicLink(atPath: store.appendingPathComponent("glossary/env.md").path,
                                                   withDestinationPath: "/proc/self/environ")
        let environment = ["CHRONIK_TEST_TOKEN": secret]
        for arguments in diffOutputs + [["validate"], ["status"]] {
            let result = try chronikBounded(box, arguments, in: store, extraEnvironment: environment)
            expectNoSecret(result, arguments.joined(separator: " "))
            #expect(result.stdout.contains("symbolic links are not allowed in a store")
                    || result.stderr.contains("symbolic links are not allowed in a store"), "\(arguments): \(result)")
        }
    }

    @Test func fifoNamedLikeAnEntryNeitherBlocksNorIsRead() throws {
        let box = try Sandbox()
        let store = try store(box)
        #expect(mkfifo(store.appendingPathComponent("glossary/f.md").path, 0o644) == 0)
        // A FIFO among the strategy's sections, which diff reads from the folder to compare the document order.
        try box.write(entryText("title: Einleitung\npart: Vision\norder: 1"), to: "strategy/einleitung.md", in: store)
        #expect(mkfifo(store.appendingPathComponent("strategy/g.md").path, 0o644) == 0)

        let validate = try chronikBounded(box, ["validate"], in: store)
        #expect(validate.status == 1, "\(validate)")
        #expect(validate.stdout == """
            glossary/f.md: not a regular file (a named pipe, FIFO)
            strategy/g.md: not a regular file (a named pipe, FIFO)

            """, "\(validate)")
        // Git does not see FIFOs: they are in no version, and diff (like status and commit) does not list them.
        for arguments in diffOutputs {
            let result = try chronikBounded(box, arguments, in: store)
            #expect(result.status == 0, "\(arguments): \(result)")
            #expect(!result.stdout.contains("f.md") && !result.stdout.contains("strategy/g"), "\(arguments): \(result)")
        }
        let text = try chronikBounded(box, ["diff"], in: store)
        #expect(text.stdout.contains("added strategy/einleitung: Einleitung"), "\(text)")
        let status = try chronikBounded(box, ["status"], in: store)
        #expect(status.status == 0, "\(status)")
    }

    @Test func folderNamedLikeAnEntry() throws {
        let box = try Sandbox()
        let store = try store(box)
        try FileManager.default.createDirectory(at: store.appendingPathComponent("glossary/x.md"), withIntermediateDirectories: true)
        let validate = try chronikBounded(box, ["validate"], in: store)
        #expect(validate.status == 1)
        #expect(validate.stdout == "glossary/x.md: not a regular file (a folder)\n", "\(validate)")
        let diff = try chronikBounded(box, ["diff"], in: store)
        #expect(diff.status == 0 && diff.stdout == "diff HEAD -> working tree\nno changes\n", "\(diff)")
    }

    @Test func linkedCollectionFolderIsNotListed() throws {
        let box = try Sandbox()
        let store = try store(box)
        let target = try plantSecretEntry(box)
        // `chronik init` made an empty folder faq (issue 16): the link takes its place.
        try FileManager.default.removeItem(at: store.appendingPathComponent("faq"))
        try FileManager.default.createSymbolicLink(atPath: store.appendingPathComponent("faq").path,
                                                   withDestinationPath: target.deletingLastPathComponent().path)
        let validate = try chronikBounded(box, ["validate"], in: store)
        expectNoSecret(validate, "validate")
        #expect(validate.status == 1)
        #expect(validate.stdout == "faq: symbolic links are not allowed in a store\n", "\(validate)")
        for arguments in diffOutputs {
            let result = try chronikBounded(box, arguments, in: store)
            expectNoSecret(result, arguments.joined(separator: " "))
        }
        let status = try chronikBounded(box, ["status"], in: store)
        #expect(status.stdout.contains("faq: symbolic links are not allowed in a store"), "\(status)")
    }

    @Test func moveIntoALinkedCollectionFolderWritesNothingOutsideTheStore() throws {
        let box = try Sandbox()
        let store = try store(box)
        let outside = box.url("outside-faq")
        try FileManager.default.createDirectory(at: outside, withIntermediateDirectories: true)
        try FileManager.default.removeItem(at: store.appendingPathComponent("faq"))  // init's empty folder (issue 16)
        try FileManager.default.createSymbolicLink(atPath: store.appendingPathComponent("faq").path,
                                                   withDestinationPath: outside.path)
        let before = try box.state(of: store)
        let move = try chronikBounded(box, ["mv", "glossary/reallabor", "faq/reallabor"], in: store)
        #expect(move.status != 0, "\(move)")
        #expect(move.stderr.contains("faq is a symbolic link; symbolic links are not allowed in a store"), "\(move)")
        #expect(try FileManager.default.contentsOfDirectory(atPath: outside.path).isEmpty, "mv wrote through the link")
        #expect(try box.state(of: store) == before, "mv changed the store although it refused")
    }

    @Test func linkedConfigurationIsRefusedNotRead() throws {
        let box = try Sandbox()
        let store = try store(box)
        // A valid chronik.yml outside the store, whose title holds the secret.
        let config = try String(contentsOf: store.appendingPathComponent("chronik.yml"), encoding: .utf8)
            .replacingOccurrences(of: "title: Test-Speicher", with: "title: \(secret)")
        #expect(config.contains(secret))
        let outside = box.url("outside/chronik.yml")
        try FileManager.default.createDirectory(at: outside.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data(config.utf8).write(to: outside)
        try FileManager.default.removeItem(at: store.appendingPathComponent("chronik.yml"))
        try FileManager.default.createSymbolicLink(atPath: store.appendingPathComponent("chronik.yml").path, withDestinationPath: outside.path)
        try box.write(entryText("term: Reallabor (neu)"), to: "glossary/reallabor.md", in: store)

        let validate = try chronikBounded(box, ["validate"], in: store)
        expectNoSecret(validate, "validate")
        #expect(validate.status == 1)
        // A chronik.yml that cannot be used is a finding (issue 16: in every format, exit 1).
        #expect(validate.stdout == "chronik.yml: symbolic links are not allowed in a store\n", "\(validate)")
        #expect(validate.stderr == "chronik: error: 1 problem in 1 file (0 entries checked)\n", "\(validate)")
        for arguments in diffOutputs {
            let result = try chronikBounded(box, arguments, in: store)
            expectNoSecret(result, arguments.joined(separator: " "))
            #expect(result.status == 1, "\(arguments): \(result)")
            #expect(result.stderr.contains("chronik: warning: chronik.yml was not read: symbolic links are not allowed in a store\n"),
                    "\(arguments): \(result)")
        }
        let status = try chronikBounded(box, ["status"], in: store)
        expectNoSecret(status, "status")
        // Said once, though both the configuration reader and the path rules refuse it.
        #expect(status.stdout.components(separatedBy: "chronik.yml: symbolic links are not allowed in a store").count == 2, "\(status)")
    }

    @Test func linkedSchemaIsRefusedNotRead() throws {
        let box = try Sandbox()
        let store = try store(box)
        // A valid schema outside the store whose label for `term` is the secret.
        let schemaPath = store.appendingPathComponent("schemas/glossary.schema.json")
        let schema = try String(contentsOf: schemaPath, encoding: .utf8)
            .replacingOccurrences(of: "\"de\": \"Begriff\"", with: "\"de\": \"\(secret)\"")
        #expect(schema.contains(secret))
        let outside = box.url("outside/glossary.schema.json")
        try FileManager.default.createDirectory(at: outside.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data(schema.utf8).write(to: outside)
        try FileManager.default.removeItem(at: schemaPath)
        try FileManager.default.createSymbolicLink(atPath: schemaPath.path, withDestinationPath: outside.path)
        try box.write(entryText("term: Reallabor (neu)"), to: "glossary/reallabor.md", in: store)

        let validate = try chronikBounded(box, ["validate"], in: store)
        expectNoSecret(validate, "validate")
        #expect(validate.status == 1)
        #expect(validate.stdout == "schemas/glossary.schema.json: symbolic links are not allowed in a store\n", "\(validate)")
        for arguments in diffOutputs {
            let result = try chronikBounded(box, arguments, in: store)
            expectNoSecret(result, arguments.joined(separator: " "))
            #expect(result.status == 1, "\(arguments): \(result)")
            #expect(result.stderr.contains("chronik: warning: schemas/glossary.schema.json was not read: symbolic links are not allowed in a store\n"),
                    "\(arguments): \(result)")
        }
        // The labels come from the last version's schema.
        let text = try chronikBounded(box, ["diff"], in: store)
        #expect(text.stdout.contains("Begriff: [-Reallabor-]"), "\(text)")
    }

    @Test func oversizedWorkingTreeFileIsRefusedBeforeItIsRead() throws {
        let box = try Sandbox()
        let store = try store(box)
        let size = 2 << 20
        var text = entryText("term: Groß")
        text += String(repeating: "a", count: size - text.utf8.count - 1) + "\n"
        try box.write(text, to: "glossary/big.md", in: store)
        let reason = "The file is \(size) bytes long; an entry file may be at most 1048576 bytes."
        for arguments in diffOutputs where !arguments.contains("patch") {
            let result = try chronikBounded(box, arguments, in: store)
            #expect(result.status == 1, "\(arguments): \(result)")
            #expect(result.stderr.hasPrefix("chronik: warning: glossary/big.md was not read: \(reason)\n"), "\(arguments): \(result)")
            #expect(result.stdout.utf8.count < 100_000, "\(arguments): the file's text is in the output")
        }
        let patch = try chronikBounded(box, ["diff", "--format", "patch"], in: store)
        #expect(patch.status == 1)
        #expect(patch.stdout.isEmpty)
        #expect(patch.stderr.hasPrefix("chronik: error: glossary/big.md: \(reason)\n"), "\(patch)")
        let validate = try chronikBounded(box, ["validate"], in: store)
        #expect(validate.status == 1)
        #expect(validate.stdout == "glossary/big.md: \(reason)\n", "\(validate)")
    }
}
