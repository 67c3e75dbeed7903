import ArgumentParser
import ChronikStore
import Foundation
import GitKit

struct InitCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "init",
        abstract: "Create a new store: a Git repository on branch main with chronik.yml, the default schemas and a first commit.")

    @Argument(help: "The directory (default: the current directory). It must be missing, empty, or already a store.")
    var directory: String?

    @Option(help: "The store's title.")
    var title: String = "Wissensspeicher"

    @Option(help: "The language of labels in public output: de or en.")
    var language: String = "de"

    @OptionGroup var identity: IdentityOptions

    func run() throws {
        guard let lang = StoreLanguage(rawValue: language) else {
            throw CLIError(.usage, "--language must be de or en, not \"\(Terminal.sanitize(language))\"")
        }
        let url = URL(fileURLWithPath: directory ?? FileManager.default.currentDirectoryPath).standardizedFileURL
        if Store.isStore(at: url) {
            print("\(url.path) is already a chronik store; nothing to do")
            return
        }
        let (author, committer) = try identity.signatures(configFrom: nil)
        let (_, commit) = try cli {
            try Store.create(
                at: url, config: DefaultStore.config(title: title, language: lang), schemas: DefaultStore.schemas,
                author: author, committer: committer, message: "Wissensspeicher angelegt / Store created")
        }
        print("Created a chronik store in \(url.path) (version \(commit.id.short()), branch main)")
    }
}
