import ArgumentParser
import ChronikChangelog
import ChronikStore
import Foundation
import GitKit

struct ShowCommand: ParsableCommand {
    static var configuration: CommandConfiguration { Help.configuration("show", .show) }

    @Argument(help: ArgumentHelp(Help.text(.show, "entry")), completion: Completions.entries)
    var entry: String

    @Option(help: ArgumentHelp(Help.text(.show, "at")), completion: Completions.revisions)
    var at: String?

    @OptionGroup var language: LanguageOptions

    @OptionGroup var storeOptions: StoreOptions
    @OptionGroup var output: OutputOptions
    @OptionGroup var terminal: PagedOutputOptions

    /// `chronik show --format json` (docs/json-output.md, Schemas/output/show.schema.json).
    struct Shown: Encodable {
        var entry: EntryJSON
        var commit: ObjectID
        var fields: JSONValue
        var body: String
    }

    func run() throws {
        let store = try storeOptions.open(requireConfig: false)
        let messages = messageCatalog(lang: language.lang, store: store)
        // The entry is shown as it is stored: paged, never coloured (its text is the user's, not chronik's).
        terminal.setUp("show", repository: store.repository)
        let (commit, entryID, data, document) = try cli {
            let resolved: Commit?
            do {
                resolved = try at.map({ try Revisions.resolve($0, in: store, messages: messages) }) ?? store.tip()
            } catch let error as StoreError {
                throw EntryLookup.revisionError(error, store: store, messages: messages)
            }
            guard let commit = resolved else {
                throw CLIError(.user, messages.noVersions(plain: store.isPlain))
            }
            // A version without chronik.yml is a plain repository's: every .md file an entry, front matter optional.
            let config = try store.configIfAny(at: commit)
            let revision = at.map { Terminal.sanitize($0) }
            let entryID: EntryID
            do {
                entryID = try store.resolveEntry(entry, inTree: commit.treeID, config: config)
            } catch let error as StoreError {
                throw EntryLookup.error(error, spec: entry, revision: revision, config: config, tree: commit.treeID,
                                        store: store, messages: messages)
            }
            do {
                let (data, document) = try store.entry(entryID, at: commit)
                return (commit, entryID, data, document)
            } catch StoreError.invalidContent(let problems) where config == nil {
                // Markdown without front matter (or with front matter that is not YAML) is shown as it is: no
                // fields, all of it the body.
                guard let data = try store.blob(at: entryID.path, inTree: commit.treeID) else { throw StoreError.invalidContent(problems) }
                return (commit, entryID, data, EntryDocument(fields: [:], body: String(decoding: data, as: UTF8.self)))
            } catch StoreError.entryNotFound where config != nil {
                throw EntryLookup.error(.entryNotFound(spec: entry, revision: nil), spec: entry,
                                        revision: revision ?? messages.lastVersion(commit.id.short()), config: config,
                                        tree: commit.treeID, store: store, messages: messages)
            } catch StoreError.entryNotFound {
                throw CLIError(.user, messages.entryNotFound(Terminal.sanitize(PathRules.printable(entry)),
                                                             revision: revision ?? messages.lastVersion(commit.id.short())))
            }
        }
        switch output.format {
        case .json:
            try printJSON(Shown(entry: EntryJSON(entryID), commit: commit.id, fields: .object(document.fields), body: document.body))
        case .text:
            let text = String(decoding: data, as: UTF8.self)
            try StandardOutput.write(Terminal.sanitize(text))
            if !text.hasSuffix("\n") { try StandardOutput.print() }
        }
    }
}
