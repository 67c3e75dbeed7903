import ArgumentParser
import ChronikChangelog
import ChronikSchema
import ChronikStore
import Foundation
import GitKit

struct ReleaseCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "release",
        abstract: "Mark a version as a named draft (an annotated tag); the version must be valid.")

    @Argument(help: "The release's name: a new, valid Git tag name (e.g. strategieentwurf-2).")
    var name: String

    @Option(name: .shortAndLong, help: "What the release is (default: its name).")
    var message: String?

    @Option(help: ArgumentHelp("The version to name (default: the last version).", valueName: "rev"))
    var at: String?

    @OptionGroup var identity: IdentityOptions
    @OptionGroup var signing: SigningOptions
    @OptionGroup var storeOptions: StoreOptions

    func run() throws {
        // A refused name is a usage error (exit 2), said in the store's language with a valid form to try.
        if Releases.problem(withName: name) != nil {
            let messages = messageCatalog(store: try? storeOptions.open())
            throw CLIError(.usage, messages.invalidReleaseName(Terminal.sanitize(name), suggestion: Slug.make(name)))
        }
        let store = try storeOptions.open()
        try recoverBeforeWriting(store, extraLocks: ["refs/tags/\(name).lock"])
        let commit = try cli {
            guard let commit = try at.map({ try store.resolve($0) }) ?? store.tip() else {
                throw CLIError(.user, "the store has no versions yet")
            }
            return commit
        }
        let exists = try cli { try store.repository.referenceTarget("refs/tags/\(name)") != nil }
        if exists { throw CLIError(.user, "a release or tag \"\(Terminal.sanitize(name))\" exists already", hint: "choose a new name; `chronik releases` lists them") }
        let report = try cli { try StoreGate.version(commit, in: store, validator: StoreValidator()) }
        if !report.isValid {
            let text = ProblemText(catalog: messageCatalog(store: store), version: commit, in: store)
            for problem in report.problems { StandardError.write(Terminal.sanitize(text.line(problem)) + "\n") }
            throw CLIError(.user, "version \(commit.id.short()) is not valid (\(report.problems.count) problem\(report.problems.count == 1 ? "" : "s")); nothing was tagged")
        }
        let (tagger, _) = try identity.signatures(configFrom: store.repository)
        let text = message ?? name
        let signer = try signing.signer(for: store, configKey: "tag.gpgsign")
        let tag = try cli {
            do {
                let body = text.hasSuffix("\n") ? text : text + "\n"
                if let signer {
                    return try store.repository.createSignedTag(name: name, target: commit.id, tagger: tagger, message: body, sign: signer.sign)
                }
                return try store.repository.createAnnotatedTag(name: name, target: commit.id, tagger: tagger, message: body)
            } catch let error as GitError where error.code == .exists {
                throw CLIError(.user, "a release or tag \"\(Terminal.sanitize(name))\" exists already")
            } catch let error as StoreError {
                throw error
            } catch {
                // A full or read-only disk says so, naming the file (libgit2 alone says "failed to create tag annotation").
                throw StoreError.writing(error, fallbackPath: store.repository.gitDirectory.appendingPathComponent("objects").path)
            }
        }
        try StandardOutput.print("release \(Terminal.sanitize(name)) (\(tag.short())) names version \(commit.id.short()): \(Terminal.sanitize(commit.summary))")
    }
}
