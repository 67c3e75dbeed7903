import ArgumentParser
import ChronikStore
import Foundation
import GitKit

struct ShowCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "show",
        abstract: "Show an entry as it was at a revision (default: the last version).")

    @Argument(help: "The entry: collection/id, or an id that is unique across collections.")
    var entry: String

    @Option(help: "The revision: a tag, branch, commit id (prefix), HEAD~2, ...")
    var at: String?

    @OptionGroup var storeOptions: StoreOptions
    @OptionGroup var output: OutputOptions

    struct Shown: Encodable {
        var entry: String
        var collection: String
        var id: String
        var path: String
        var version: String
        var fields: JSONValue
        var body: String
    }

    func run() throws {
        let store = try storeOptions.open()
        let (commit, entryID, data, document) = try cli {
            guard let commit = try at.map({ try store.resolve($0) }) ?? store.tip() else {
                throw CLIError(.user, "the store has no versions yet")
            }
            let config = try store.config(at: commit)
            let entryID = try store.resolveEntry(entry, inTree: commit.treeID, config: config)
            do {
                let (data, document) = try store.entry(entryID, at: commit)
                return (commit, entryID, data, document)
            } catch StoreError.entryNotFound {
                throw StoreError.entryNotFound(spec: entry, revision: at ?? "the last version (\(commit.id.short()))")
            }
        }
        switch output.format {
        case .json:
            try printJSON(Shown(
                entry: entryID.description, collection: entryID.collection, id: entryID.id, path: entryID.path,
                version: commit.id.hex, fields: .object(document.fields), body: document.body))
        case .text:
            let text = String(decoding: data, as: UTF8.self)
            Terminal.write(Data(Terminal.sanitize(text).utf8))
            if !text.hasSuffix("\n") { print() }
        }
    }
}
