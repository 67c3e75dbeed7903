import ArgumentParser
import ChronikSchema
import ChronikStore
import Foundation

struct NewCommand: ParsableCommand {
    static var configuration: CommandConfiguration { Help.configuration("new", .new) }

    @Argument(help: ArgumentHelp(Help.text(.new, "collection")), completion: Completions.collections)
    var collection: String

    @Argument(help: ArgumentHelp(Help.text(.new, "id")))
    var id: String?

    @Option(help: ArgumentHelp(Help.text(.new, "title")))
    var title: String?

    @Flag(help: ArgumentHelp(Help.text(.new, "noEdit")))
    var noEdit = false

    @OptionGroup var language: LanguageOptions
    @OptionGroup var storeOptions: StoreOptions
    @OptionGroup var output: OutputOptions

    func run() throws {
        let store = try storeOptions.open()
        let messages = messageCatalog(lang: language.lang, store: store)
        let config = try cli { try store.workingConfig() }
        guard let collectionConfig = config.collection(named: collection) else {
            let names = config.collections.map(\.name)
            let close = Suggestions.closest(to: collection, among: names)
            throw CLIError(.user, messages.unknownCollection(Terminal.sanitize(collection), collections: names),
                           hint: close.isEmpty ? nil : messages.didYouMeanName(close))
        }
        let entryID = try chooseID(messages: messages)
        let existing = Set(try cli { try store.entryIDs(in: collection) })
        let path = "\(collection)/\(entryID).md"
        func exists(_ id: String) -> Bool {
            existing.contains(id) || FileManager.default.fileExists(atPath: store.url(of: "\(collection)/\(id).md").path)
        }
        if exists(entryID) {
            throw CLIError(.user, messages.entryExists(path, suggestion: Slug.firstFree(entryID, isTaken: exists)))
        }

        let schema = try readSchema(collectionConfig, in: store, messages: messages)
        let template = EntryTemplate(collection: collectionConfig, schema: schema, language: config.language)
        let titleField = collectionConfig.titleField ?? (template.fields.contains { $0.key == "title" } ? "title" : nil)
        // The file is the team's: its notes are in the store's language, whatever language the messages are in.
        let text = template.render(titleField: titleField, title: title, messages: Messages.catalog(config.language))
        let written = try cli { try store.createNewFile(path, Data(text.utf8)) }
        guard written else {
            throw CLIError(.user, messages.entryExists(path, suggestion: Slug.firstFree(entryID, isTaken: exists)))
        }
        if output.format == .text { try StandardOutput.print(messages.newCreated(path)) }
        try edit(store.url(of: path), path: path, messages: messages)

        let report = try cli { () throws -> StoreValidationReport in
            let content = try VersionContent.workingTree(of: store)
            let report = StoreValidator().validate(content, only: [EntryID(collection: collection, id: entryID)])
            try content.unreadable.check()
            return report
        }
        if output.format == .json {
            let entry = EntryJSON(EntryID(collection: collection, id: entryID), title: titleField == nil ? nil : title)
            try printJSON(NewJSON(entry: entry, valid: report.isValid, problems: report.problems))
            return
        }
        var out = ""
        // The findings as `validate` words them: labels, allowed values, items from 1, in the messages' language.
        let problemText = ProblemText(catalog: messages, workingTreeOf: store)
        for problem in report.problems { out += Terminal.sanitize(problemText.line(problem)) + "\n" }
        out += (report.isValid ? messages.newValid() : messages.newProblems(report.problems.count)) + "\n"
        try StandardOutput.write(out)
    }

    /// The id given (checked, with a valid form suggested), else the one derived from `--title`.
    func chooseID(messages: any MessageCatalog) throws(CLIError) -> String {
        if let id {
            if PathRules.problem(withID: id) != nil {
                throw CLIError(.user, messages.invalidID(Terminal.sanitize(id), suggestion: Slug.make(id)))
            }
            return id
        }
        guard let title else { throw CLIError(.usage, messages.newNeedsIDOrTitle()) }
        guard let derived = Slug.make(title) else { throw CLIError(.user, messages.newNoIDFromTitle(Terminal.sanitize(title))) }
        return derived
    }

    /// The collection's schema from the working tree (nil when the collection has none).
    func readSchema(_ collection: CollectionConfig, in store: Store, messages: any MessageCatalog) throws(CLIError) -> JSONValue? {
        guard let schemaPath = collection.schema else { return nil }
        switch WorkingTreeFile.read(schemaPath, in: store.root.path, limit: FrontMatterLimits().maxFileBytes) {
        case .success(let file):
            do {
                return try JSONParser.parse(file.data)
            } catch {
                throw CLIError(.user, messages.schemaUnreadable(schemaPath, reason: error.description))
            }
        case .failure(let problem):
            throw CLIError(.user, messages.schemaUnreadable(schemaPath, reason: problem.description))
        }
    }

    /// Opens the editor as git does (`sh -c '$EDITOR "$@"'`, so an editor given with arguments works): `CHRONIK_EDITOR`
    /// whenever it is set, else `$VISUAL`, else `$EDITOR` when standard input and output are a terminal.
    func edit(_ file: URL, path: String, messages: any MessageCatalog) throws(CLIError) {
        guard !noEdit else { return }
        let environment = ProcessInfo.processInfo.environment
        func value(_ name: String) -> String? { environment[name].flatMap { $0.isEmpty ? nil : $0 } }
        let editor: String
        if let forced = value("CHRONIK_EDITOR") {
            editor = forced
        } else if isatty(STDIN_FILENO) == 1, isatty(STDOUT_FILENO) == 1, let chosen = value("VISUAL") ?? value("EDITOR") {
            editor = chosen
        } else {
            return
        }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/sh")
        process.arguments = ["-c", editor + " \"$@\"", editor, file.path]
        process.standardInput = FileHandle.standardInput
        process.standardOutput = FileHandle.standardOutput
        process.standardError = FileHandle.standardError
        do {
            try process.run()
        } catch {
            throw CLIError(.user, messages.newEditorFailed(Terminal.sanitize(editor), status: 127, path: path))
        }
        process.waitUntilExit()
        if process.terminationStatus != 0 {
            throw CLIError(.user, messages.newEditorFailed(Terminal.sanitize(editor), status: process.terminationStatus, path: path))
        }
    }
}

/// `chronik new --format json` (docs/json-output.md, Schemas/output/new.schema.json): the entry written (with the
/// title given), and what `chronik validate` finds in it after the editor (a new entry usually lacks required values).
struct NewJSON: Encodable {
    var entry: EntryJSON
    var valid: Bool
    var problems: [StoreProblem]
}
