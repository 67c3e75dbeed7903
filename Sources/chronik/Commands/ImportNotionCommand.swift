import ArgumentParser
import ChronikNotion
import ChronikSchema
import ChronikStore
import Foundation
import GitKit

struct ImportNotionCommand: ParsableCommand {
    static var configuration: CommandConfiguration { Help.configuration("notion", .importNotion) }

    @Argument(help: ArgumentHelp(Help.text(.importNotion, "export"), valueName: "export"))
    var export: String

    @Option(help: ArgumentHelp(Help.text(.importNotion, "store"), valueName: "dir"))
    var store: String?

    @Flag(help: ArgumentHelp(Help.text(.importNotion, "plan")))
    var plan = false

    @Option(help: ArgumentHelp(Help.text(.importNotion, "mapping"), valueName: "file"))
    var mapping: String?

    @OptionGroup var output: OutputOptions

    @Option(help: ArgumentHelp(Help.shared("lang"), valueName: "de|en"))
    var lang: String?

    @OptionGroup var identity: IdentityOptions

    func run() throws {
        let catalog = messageCatalog(lang: lang)
        let started = Date()
        let source = URL(fileURLWithPath: export)
        let read: NotionExport
        do {
            read = try NotionReader().read(source)
        } catch {
            throw CLIError(.user, error.message(catalog))
        }
        let readSeconds = Date().timeIntervalSince(started)

        if plan {
            try writePlan(read, catalog: catalog)
            return
        }
        guard let store else {
            throw CLIError(.usage, catalog.notionStoreRequired())
        }
        var chosen: NotionMapping?
        if let mapping {
            let data: Data
            do {
                data = try Data(contentsOf: URL(fileURLWithPath: mapping))
            } catch {
                throw CLIError(.user, catalog.notionMappingUnreadable(path: Terminal.sanitize(mapping), reason: error.localizedDescription))
            }
            do {
                chosen = try NotionMapping.parse(data, for: read)
            } catch {
                throw CLIError(.user, Self.describe(error, file: mapping, catalog: catalog))
            }
        }
        let target = URL(fileURLWithPath: store)
        let repository = try? Store(at: target).repository
        let (author, committer) = try identity.signatures(configFrom: repository)
        var options = NotionImporter.Options(author: author, committer: committer, exportDate: Self.exportDate(of: source), mapping: chosen)
        options.language = catalog.language
        let outcome: NotionImporter.Outcome
        do {
            outcome = try NotionImporter.run(read, into: target, options: options)
        } catch {
            throw Self.cliError(error, catalog: catalog)
        }
        let message = "Import from Notion, export of \(options.exportDate)"
        switch output.format {
        case .json:
            try printJSON(ImportNotionJSON(
                store: outcome.store.path, createdStore: outcome.createdStore, commit: outcome.version.description,
                recorded: outcome.recordedVersion, message: message, findings: outcome.findings,
                seconds: .init(read: readSeconds, convert: outcome.convertSeconds, write: outcome.writeSeconds)))
        case .text:
            var lines = [catalog.notionCounts(rows: outcome.findings.rows, databases: outcome.findings.databases, pages: outcome.findings.pages)]
            lines.append(outcome.recordedVersion
                ? catalog.notionImported(store: outcome.store.path, version: outcome.version.short(), message: message, created: outcome.createdStore)
                : catalog.notionAlreadyImported(version: outcome.version.short()))
            lines += Self.findingLines(outcome.findings, catalog: catalog)
            try StandardOutput.print(lines.joined(separator: "\n"))
        }
        for warning in outcome.warnings { Terminal.warning(catalog.recordWarning(warning)) }
    }

    private func writePlan(_ read: NotionExport, catalog: any MessageCatalog) throws(CLIError) {
        let (proposal, findings) = NotionImporter.plan(read)
        let path = mapping ?? NotionMapping.fileName
        let url = URL(fileURLWithPath: path)
        if FileManager.default.fileExists(atPath: url.path) {
            throw CLIError(.user, catalog.notionMappingExists(path: Terminal.sanitize(path)))
        }
        do {
            try Data(proposal.yaml.utf8).write(to: url, options: .withoutOverwriting)
        } catch {
            throw CLIError(.store, catalog.notionMappingUnwritable(path: Terminal.sanitize(path), reason: error.localizedDescription))
        }
        switch output.format {
        case .json:
            try printJSON(PlanNotionJSON(mapping: path, collections: proposal.collections.map(\.name), findings: findings))
        case .text:
            var lines = [catalog.notionCounts(rows: findings.rows, databases: findings.databases, pages: findings.pages),
                         catalog.notionPlanWritten(path: Terminal.sanitize(path), collections: proposal.collections.map(\.name))]
            lines += Self.findingLines(findings, catalog: catalog)
            lines.append(catalog.notionPlanNext(path: Terminal.sanitize(path)))
            try StandardOutput.print(lines.joined(separator: "\n"))
        }
    }

    /// The report's sections for what was not carried over; none when everything was.
    static func findingLines(_ findings: NotionImportFindings, catalog: any MessageCatalog) -> [String] {
        var lines: [String] = []
        if !findings.unmappedProperties.isEmpty {
            lines.append(catalog.notionUnmappedHeading(findings.unmappedProperties.count))
            lines += findings.unmappedProperties.map { "  " + Terminal.sanitize("\($0.database): \($0.property)") }
        }
        if !findings.unresolvedRelations.isEmpty {
            lines.append(catalog.notionUnresolvedHeading(findings.unresolvedRelations.count))
            lines += findings.unresolvedRelations.map {
                "  " + Terminal.sanitize(catalog.notionUnresolvedRelation(entry: $0.entry, property: $0.property, target: $0.target, pageID: $0.targetPageID, reason: $0.reason.rawValue))
            }
        }
        if !findings.skippedFiles.isEmpty {
            lines.append(catalog.notionSkippedHeading(findings.skippedFiles.count))
            lines += findings.skippedFiles.map { "  " + Terminal.sanitize("\($0.path): \($0.message(catalog))") }
        }
        if !findings.attachments.isEmpty {
            lines.append(catalog.notionAttachmentsHeading(findings.attachments.count))
            lines += findings.attachments.map { "  " + Terminal.sanitize(PathRules.printable(catalog.notionAttachmentCopied(source: $0.source, path: $0.path, bytes: $0.bytes))) }
        }
        if !findings.unmappedDatabases.isEmpty {
            lines.append(catalog.notionUnmappedDatabasesHeading(findings.unmappedDatabases.count))
            lines += findings.unmappedDatabases.map { "  " + Terminal.sanitize($0) }
        }
        if !findings.idCollisions.isEmpty {
            lines.append(catalog.notionCollisionsHeading(findings.idCollisions.count))
            lines += findings.idCollisions.map { "  " + Terminal.sanitize(catalog.notionIDCollision(collection: $0.collection, id: $0.id, titles: $0.titles)) }
        }
        return lines
    }

    /// `notion-mapping.yml:12: the export has no database "Akteure"`.
    static func describe(_ error: NotionMappingError, file: String, catalog: any MessageCatalog) -> String {
        let text: String
        switch error.problem {
        case .yaml(let message): text = catalog.notionMappingYAML(message)
        case let .unknownKey(key, known): text = catalog.notionMappingUnknownKey(key, known: known)
        case let .invalid(key, expected): text = catalog.notionMappingInvalid(key: key, expected: expected)
        case let .unknownDatabase(name, id): text = catalog.notionMappingUnknownDatabase(name, id: id)
        case let .unknownProperty(property, database): text = catalog.notionMappingUnknownProperty(property, database: database)
        case let .unsupportedType(property, type, format): text = catalog.notionMappingUnsupportedType(property: property, type: type, format: format)
        case let .valueDoesNotFit(property, database, page, value, expected):
            text = catalog.notionMappingValueDoesNotFit(property: property, database: database, page: page, value: value, expected: expected)
        case let .duplicateKey(key, collection): text = catalog.notionMappingDuplicateKey(key, collection: collection)
        case .duplicateCollection(let name): text = catalog.notionMappingDuplicateCollection(name)
        case let .invalidName(name, reason): text = catalog.notionMappingInvalidName(name, reason: reason)
        case let .unknownRef(ref, property): text = catalog.notionMappingUnknownRef(ref, property: property)
        case .unknownTimeZone(let zone): text = catalog.notionMappingUnknownTimeZone(zone)
        }
        let location = error.line.map { "\(file):\($0)" } ?? file
        return Terminal.sanitize("\(location): \(text)")
    }

    static func cliError(_ error: NotionImportError, catalog: any MessageCatalog) -> CLIError {
        switch error {
        case let .foreignEntries(store, entries):
            return CLIError(.user, Terminal.sanitize(catalog.notionForeignEntries(store: store, entries: entries)))
        case .importing(.invalidSnapshots(_, let problems)):
            let text = ProblemText(catalog: catalog)
            return CLIError(.user, ([catalog.nothingWritten(problems: problems.count)] + problems.map { "  " + text.line($0) }).joined(separator: "\n"))
        case .importing(let importError):
            do {
                return try importing { () throws -> CLIError in throw importError }
            } catch {
                return error
            }
        }
    }

    /// The export's date for the version's message: the day the zip or folder was last modified (Notion names
    /// neither file nor folder by date).
    static func exportDate(of url: URL) -> String {
        let modified = (try? url.resourceValues(forKeys: [.contentModificationDateKey]).contentModificationDate) ?? Date()
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.dateFormat = "yyyy-MM-dd"
        return formatter.string(from: modified)
    }
}

/// `chronik import notion --format json` (docs/json-output.md).
struct ImportNotionJSON: Encodable {
    var store: String
    var createdStore: Bool
    /// The version the import recorded (or, when `recorded` is false, the one that already held the export).
    var commit: String
    /// False when the store already held exactly this export.
    var recorded: Bool
    var message: String
    var findings: NotionImportFindings
    var seconds: Seconds

    struct Seconds: Encodable {
        var read: Double
        var convert: Double
        var write: Double
    }
}

/// `chronik import notion --plan --format json`.
struct PlanNotionJSON: Encodable {
    var mapping: String
    var collections: [String]
    var findings: NotionImportFindings
}
