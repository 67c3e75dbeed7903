import ArgumentParser
import ChronikSchema
import ChronikStore
import Foundation

struct MoveCommand: ParsableCommand {
    static var configuration: CommandConfiguration { Help.configuration("mv", .mv) }

    @Argument(help: ArgumentHelp(Help.text(.mv, "source")))
    var source: String

    @Argument(help: ArgumentHelp(Help.text(.mv, "target")))
    var target: String

    @OptionGroup var language: LanguageOptions

    @OptionGroup var storeOptions: StoreOptions
    @OptionGroup var output: OutputOptions

    func run() throws {
        let store = try storeOptions.open()
        let messages = messageCatalog(lang: language.lang, store: store)
        try recoverBeforeWriting(store, messages: messages)
        let (from, to) = try cli { () throws -> (EntryID, EntryID) in
            let config = try store.workingConfig()
            let tree = try store.tip()?.treeID
            let from: EntryID
            do {
                from = try store.resolveEntry(source, inTree: tree, config: config)
            } catch let error as StoreError {
                throw EntryLookup.error(error, spec: source, revision: nil, config: config, tree: tree, store: store, messages: messages)
            }
            guard target.contains("/") else {
                throw CLIError(.usage, messages.moveTargetForm("\(from.collection)/\(Terminal.sanitize(target))"))
            }
            // The new name: a declared collection and a valid id, else what to write instead.
            var name = target
            if name.hasSuffix(".md") { name = String(name.dropLast(3)) }
            let parts = name.split(separator: "/", omittingEmptySubsequences: false).map(String.init)
            if parts.count == 2, config.collection(named: parts[0]) == nil {
                let names = config.collections.map(\.name)
                let close = Suggestions.closest(to: parts[0], among: names)
                throw CLIError(.user, messages.unknownCollection(Terminal.sanitize(PathRules.printable(parts[0])), collections: names),
                               hint: close.isEmpty ? nil : messages.didYouMeanName(close))
            }
            if parts.count == 2, PathRules.problem(withID: parts[1]) != nil {
                throw CLIError(.user, messages.invalidID(Terminal.sanitize(PathRules.printable(parts[1])), suggestion: Slug.make(parts[1])))
            }
            // `collection/id` resolves without looking; an entry that is not there is said here (after the new
            // name's form is checked), with the ids it may have meant, rather than by the move.
            if !FileManager.default.fileExists(atPath: store.url(of: from.path).path) {
                throw EntryLookup.error(.entryNotFound(spec: source, revision: nil), spec: source, revision: nil, config: config,
                                        tree: tree, store: store, messages: messages)
            }
            return (from, try store.resolveEntry(target, inTree: nil, config: config))
        }
        let report: EntryMoveReport
        do {
            var options = MoveOptions()
            // Test only (the fault-injection tests of `chronik mv`): CHRONIK_TEST_MV_KILL_AT=<step> kills the process
            // with SIGKILL at that step (`journal`, `temp-N`, `applied-N`, `done`; see `TransactionStep`).
            if let step = ProcessInfo.processInfo.environment["CHRONIK_TEST_MV_KILL_AT"] {
                options.afterStep = { if $0.description == step { kill(getpid(), SIGKILL) } }
            }
            report = try EntryMove.run(from, to: to, in: store, options: options)
        } catch {
            throw CLIError(error)
        }
        if output.format == .json {
            try printJSON(MoveJSON(from: report.from, to: report.to,
                                   rewritten: report.rewritten.map { MoveJSON.Rewrite(entry: $0.entry, fields: $0.fields) }))
            return
        }
        var lines = [messages.moveRenamed(from: report.from.path, to: report.to.path)]
        for rewrite in report.rewritten {
            let fields = rewrite.fields.map { String($0.dropFirst()) }.joined(separator: ", ")
            lines.append(messages.moveRewrote(rewrite.entry.path, fields: Terminal.sanitize(fields)))
        }
        lines.append(messages.moveDone(references: report.rewritten.count))
        try StandardOutput.print(lines.joined(separator: "\n"))
    }
}

/// `chronik mv --format json` (docs/json-output.md, Schemas/output/mv.schema.json): the entry before and after, and
/// every other entry whose references were rewritten, with the fields (JSON Pointers) that changed. Nothing is
/// committed: `chronik commit` records the move.
struct MoveJSON: Encodable {
    var from: EntryID
    var to: EntryID
    var rewritten: [Rewrite]

    struct Rewrite: Encodable {
        var entry: EntryID
        var fields: [String]
    }
}
