import ArgumentParser
import ChronikChangelog
import ChronikSchema
import ChronikStore
import Foundation
import GitKit

struct ReleaseCommand: ParsableCommand {
    static var configuration: CommandConfiguration { Help.configuration("release", .release) }

    @Argument(help: ArgumentHelp(Help.text(.release, "name")))
    var name: String

    @Option(name: .shortAndLong, help: ArgumentHelp(Help.text(.release, "message")))
    var message: String?

    @Option(help: ArgumentHelp(Help.text(.release, "at"), valueName: "rev"), completion: Completions.revisions)
    var at: String?

    @OptionGroup var language: LanguageOptions

    @OptionGroup var identity: IdentityOptions
    @OptionGroup var signing: SigningOptions
    @OptionGroup var storeOptions: StoreOptions
    @OptionGroup var output: OutputOptions

    func run() throws {
        // A refused name is a usage error (exit 2), said in the store's language with a valid form to try.
        if Releases.problem(withName: name) != nil {
            let messages = messageCatalog(lang: language.lang, store: try? storeOptions.open())
            throw CLIError(.usage, messages.invalidReleaseName(Terminal.sanitize(name), suggestion: Slug.make(name)))
        }
        let store = try storeOptions.open()
        let messages = messageCatalog(lang: language.lang, store: store)
        try recoverBeforeWriting(store, extraLocks: ["refs/tags/\(name).lock"], messages: messages)
        let commit = try cli {
            let resolved: Commit?
            do {
                resolved = try at.map({ try store.resolve($0) }) ?? store.tip()
            } catch let error as StoreError {
                throw EntryLookup.revisionError(error, store: store, messages: messages)
            }
            guard let commit = resolved else { throw CLIError(.user, messages.noVersions(plain: false)) }
            return commit
        }
        let exists = try cli { try store.repository.referenceTarget("refs/tags/\(name)") != nil }
        if exists { throw CLIError(.user, messages.releaseExists(Terminal.sanitize(name)), hint: messages.releaseExistsHint()) }
        let report = try cli { try StoreGate.version(commit, in: store, validator: StoreValidator()) }
        if !report.isValid {
            let text = ProblemText(catalog: messages, version: commit, in: store)
            for problem in report.problems { StandardError.write(Terminal.sanitize(text.line(problem)) + "\n") }
            throw CLIError(.user, messages.releaseInvalid(commit.id.short(), problems: report.problems.count))
        }
        let (tagger, _) = try identity.signatures(configFrom: store.repository, messages: messages)
        let text = message ?? name
        let signer = try signing.signer(for: store, configKey: "tag.gpgsign", messages: messages)
        let tag = try cli {
            do {
                let body = text.hasSuffix("\n") ? text : text + "\n"
                // As a chronik writer, the tag's lock file announced: one left by a killed release is removed by
                // the next writer at once (GitLockMarker.swift).
                return try store.asWriter(announcing: ["refs/tags/\(name).lock"]) {
                    if let signer {
                        return try store.repository.createSignedTag(name: name, target: commit.id, tagger: tagger, message: body, sign: signer.sign)
                    }
                    return try store.repository.createAnnotatedTag(name: name, target: commit.id, tagger: tagger, message: body)
                }
            } catch let error as GitError where error.code == .exists {
                throw CLIError(.user, messages.releaseExists(Terminal.sanitize(name)))
            } catch let error as StoreError {
                throw error
            } catch {
                // A full or read-only disk says so, naming the file (libgit2 alone says "failed to create tag annotation").
                throw StoreError.writing(error, fallbackPath: store.repository.gitDirectory.appendingPathComponent("objects").path)
            }
        }
        if output.format == .json {
            // The release as `chronik releases` lists one (docs/json-output.md).
            let date = Timestamp(date: tagger.date, offsetMinutes: tagger.timeZoneOffsetMinutes)
            try printJSON(Release(name: name, tag: tag, version: commit.id, date: date, tagger: Person(name: tagger.name),
                                  message: text.hasSuffix("\n") ? text : text + "\n"))
            return
        }
        try StandardOutput.print(messages.releaseCreated(Terminal.sanitize(name), tag: tag.short(), version: commit.id.short(),
                                                         summary: Terminal.sanitize(commit.summary)))
    }
}
