import ArgumentParser
import ChronikChangelog
import ChronikStore
import Foundation
import GitKit

enum ListFormat: String, ExpressibleByArgument, CaseIterable {
    case table, json, ndjson, csv
}

/// `chronik list [COLLECTION]`: the entries of a version as a table, JSON, NDJSON or CSV (issue 18; docs/cli.md).
struct ListCommand: ParsableCommand {
    static var configuration: CommandConfiguration { Help.configuration("list", .list) }

    @Argument(help: ArgumentHelp(Help.text(.list, "collection")), completion: Completions.collections)
    var collection: String?

    @Option(name: .customLong("where"), help: ArgumentHelp(Help.text(.list, "conditions"), valueName: "field=value"))
    var conditions: [String] = []

    @Option(parsing: .unconditional, help: ArgumentHelp(Help.text(.list, "sort"), valueName: "field"))
    var sort: String?

    @Flag(help: ArgumentHelp(Help.text(.list, "reverse")))
    var reverse = false

    @Option(help: ArgumentHelp(Help.text(.list, "fields"), valueName: "a,b"))
    var fields: String?

    @Option(help: ArgumentHelp(Help.text(.list, "at"), valueName: "rev"), completion: Completions.revisions)
    var at: String?

    @Flag(help: ArgumentHelp(Help.text(.list, "resolve")))
    var resolve = false

    @Flag(name: .customLong("public"), help: ArgumentHelp(Help.text(.list, "publicOnly")))
    var publicOnly = false

    @Option(help: ArgumentHelp(Help.text(.list, "format")))
    var format: ListFormat = .table

    @Flag(help: ArgumentHelp(Help.text(.list, "bom")))
    var bom = false

    @OptionGroup var language: LanguageOptions
    @OptionGroup var storeOptions: StoreOptions
    @OptionGroup var terminal: PagedOutputOptions

    func validate() throws {
        if bom, format != .csv { throw ValidationError(usageCatalog(lang: language.lang, store: storeOptions.store).listBOMNeedsCSV()) }
        // The conditions' shape is known before the store is read.
        for condition in conditions {
            do {
                _ = try ListCondition(parsing: condition)
            } catch {
                throw ValidationError(usageCatalog(lang: language.lang, store: storeOptions.store).listBadCondition(condition))
            }
        }
    }

    func run() throws {
        let store = try storeOptions.open(requireConfig: false)
        let messages = messageCatalog(lang: language.lang, store: store)
        terminal.setUp("list", repository: store.repository)
        var options = ListOptions()
        options.collection = collection
        options.conditions = try cli { try conditions.map { try ListCondition(parsing: $0) } }
        options.sort = sort.map(ListSortKey.parse) ?? []
        options.reverse = reverse
        options.fields = fields.map { $0.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty } }
        options.resolveReferences = resolve
        options.publicOnly = publicOnly
        options.language = language.lang
        let (list, commit) = try cli {
            guard let commit = try at.map({ try Revisions.resolve($0, in: store, messages: messages) }) ?? store.tip() else {
                throw CLIError(.user, messages.noVersions(plain: store.isPlain))
            }
            let list = try EntryListing(store: store, commit: commit).list(options) { Messages.catalog(StoreLanguage(rawValue: $0) ?? .en) }
            return (list, commit)
        }
        switch format {
        case .table:
            try StandardOutput.write(ListRender.table(list, clean: { Terminal.sanitize($0) }))
        case .csv:
            try StandardOutput.write(ListRender.csv(list, byteOrderMark: bom))
        case .json:
            // The listing's document carries `"chronik": 1` itself (ListRender, as the changelog's JSON writer does).
            try StandardOutput.write(try cli { try JSONValueEncoder().text(ListRender.json(list, commit: commit.id.hex, fields: options.fields), pretty: true) })
        case .ndjson:
            try StandardOutput.write(try cli { try ListRender.ndjson(list, fields: options.fields) })
        }
    }
}
