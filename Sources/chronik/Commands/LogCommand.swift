import GitKit
import ArgumentParser
import ChronikChangelog
import ChronikDiff
import ChronikStore
import Foundation

/// `chronik log --format text|json|ndjson`.
enum LogFormat: String, ExpressibleByArgument, CaseIterable {
    case text, json, ndjson
}

struct LogCommand: ParsableCommand {
    static var configuration: CommandConfiguration { Help.configuration("log", .log) }

    @Argument(help: ArgumentHelp(Help.text(.log, "entry")), completion: Completions.entries)
    var entry: String?

    @Option(help: ArgumentHelp(Help.text(.log, "collection")), completion: Completions.collections)
    var collection: String?

    // `-n N` as git log has it (`chronik log -n1`, `-n 1`).
    @Option(name: [.customShort("n"), .long], help: ArgumentHelp(Help.text(.log, "limit")))
    var limit: Int?

    @Option(help: ArgumentHelp(Help.text(.log, "at")), completion: Completions.revisions)
    var at: String?

    @Flag(help: ArgumentHelp(Help.text(.log, "fields")))
    var fields = false

    @Option(help: ArgumentHelp(Help.text(.log, "lang"), valueName: "de|en"))
    var lang: String?

    @Flag(help: ArgumentHelp(Help.text(.log, "noCache")))
    var noCache = false

    @Flag(name: .customLong("public"), help: ArgumentHelp(Help.text(.log, "publicOnly")))
    var publicOnly = false

    // `--store`, `--no-pager` and `--color` as the option groups `StoreOptions` and `PagedOutputOptions` (with
    // `ColorOptions`) declare them, but declared here (issue 19: `chronik log -n1` is start-up): the parser reflects
    // and decodes each option group as a type of its own, and the first use of each type looks up four of its
    // protocol conformances (ParsableArguments, ParsableCommand, CustomReflectable, its coding keys' CodingKey), each a
    // scan of the binary's 7,199 conformance records: 15 of a `log -n1`'s 53 scans. The same names, help and order,
    // so the same help, usage and completions (`CommandLineTests` holds the declarations to the groups').
    @Option(name: .long, help: ArgumentHelp(Help.shared("store"), valueName: "dir"))
    var store: String?

    @Option(name: .long, help: ArgumentHelp(Help.text(.log, "format")))
    var format: LogFormat = .text

    @Flag(name: [.customLong("no-pager"), .customShort("P")], help: ArgumentHelp(Help.shared("noPager")))
    var noPager = false

    @Option(help: ArgumentHelp(Help.shared("color"), valueName: "when"))
    var color: ColorChoice?

    /// The parsed values, which run the command (`LogRequest`).
    var request: LogRequest {
        LogRequest(entry: entry, collection: collection, limit: limit, at: at, fields: fields, lang: lang, noCache: noCache,
                   publicOnly: publicOnly, store: store, format: format, noPager: noPager, color: color)
    }

    func validate() throws {
        try request.validate()
    }

    func run() throws {
        try request.run()
    }
}

/// A `chronik log` as asked: what `LogCommand` parses, or `parsedPlainly` reads without the parser.
struct LogRequest: Equatable {
    var entry: String?
    var collection: String?
    var limit: Int?
    var at: String?
    var fields = false
    var lang: String?
    var noCache = false
    var publicOnly = false
    var store: String?
    var format: LogFormat = .text
    var noPager = false
    var color: ColorChoice?

    /// The plainest `log` command lines read without ArgumentParser (`PlainCommandLine`): at most one entry, the
    /// options `--collection`, `-n`/`--limit`, `--at`, `--lang`, `--store`, `--format`, `--color` (each at most once,
    /// `--format` and `--color` one of their values, the limit a number) and the flags `--fields`, `--no-cache`,
    /// `--public`, `--no-pager`/`-P`; a line `validate()` refuses, and anything else, is left to the parser (nil).
    /// The request the parse gives (`CommandLineTests`), made without building a `LogCommand`, whose property
    /// wrappers' declarations cost a conformance look-up each on first use. `chronik log -n1` is issue 19's start-up
    /// row.
    static func parsedPlainly(_ arguments: [String]) -> LogRequest? {
        guard arguments.first == "log", let line = PlainCommandLine(
            arguments.dropFirst(),
            options: ["--collection", "-n", "--limit", "--at", "--lang", "--store", "--format", "--color"],
            flags: ["--fields", "--no-cache", "--public", "--no-pager", "-P"], positionals: 1) else { return nil }
        let limitText = line.value("-n", "--limit")
        guard !limitText.conflict, !(line.flag("--no-pager") && line.flag("-P")) else { return nil }
        var request = LogRequest()
        request.entry = line.positionals.first
        request.collection = line.value("--collection").value
        if let text = limitText.value {
            guard let limit = Int(text) else { return nil }
            request.limit = limit
        }
        request.at = line.value("--at").value
        request.fields = line.flag("--fields")
        request.lang = line.value("--lang").value
        request.noCache = line.flag("--no-cache")
        request.publicOnly = line.flag("--public")
        request.store = line.value("--store").value
        if let text = line.value("--format").value {
            guard let format = LogFormat(rawValue: text) else { return nil }
            request.format = format
        }
        request.noPager = line.flag("--no-pager") || line.flag("-P")
        if let text = line.value("--color").value {
            guard let color = ColorChoice(rawValue: text) else { return nil }
            request.color = color
        }
        guard (try? request.validate()) != nil else { return nil }
        return request
    }

    func validate() throws {
        let messages = { usageCatalog(lang: lang, store: store) }
        if let limit, limit < 1 { throw ValidationError(messages().optionAtLeast("--limit", 1)) }
        if fields, entry == nil { throw ValidationError(messages().logFieldsNeedsEntry()) }
        if let lang, !["de", "en"].contains(lang) { throw ValidationError(messages().languageOption("--lang", value: nil)) }
    }

    func run() throws {
        let store = try StoreOptions.open(store: self.store, requireConfig: false)
        let messages = messageCatalog(lang: lang, store: store)
        PagedOutputOptions.setUp("log", repository: store.repository, noPager: noPager, color: color)
        var labelConfig: StoreConfig?, labelTree: ObjectID?
        let logged: [Version] = try cli {
            let start: Commit
            if let at {
                do {
                    start = try store.resolve(at)
                } catch let error as StoreError {
                    throw EntryLookup.revisionError(error, store: store, messages: messages)
                }
            } else if let tip = try store.tip() {
                start = tip
            } else {
                return []
            }
            // A version without chronik.yml is a plain repository's: every .md file an entry (StoreLayout.plain).
            let config = try store.configIfAny(at: start)
            (labelConfig, labelTree) = (config, start.treeID)
            if let collection {
                let collections = try config.map { $0.collections.map(\.name) } ?? Self.plainCollections(store, start)
                if !collections.contains(collection) {
                    let name = Terminal.sanitize(collection), shown = collections.map(Terminal.sanitize)
                    let close = Suggestions.closest(to: collection, among: collections.filter { !$0.isEmpty })
                    throw CLIError(.user, config == nil ? messages.plainUnknownCollection(name, collections: shown)
                                   : messages.unknownCollection(name, collections: shown),
                                   hint: close.isEmpty ? nil : messages.didYouMeanName(close))
                }
            }
            var options = LogOptions(collection: collection, limit: limit)
            if !noCache { options.cacheDirectory = LogCache.defaultDirectory(of: store.repository) }
            if let entry {
                let revision = at.map { Terminal.sanitize($0) }
                do {
                    let id = try store.resolveEntry(entry, inTree: start.treeID, config: config)
                    if try store.blob(at: id.path, inTree: start.treeID) == nil {
                        throw StoreError.entryNotFound(spec: entry, revision: nil)
                    }
                    options.entry = id
                } catch let error as StoreError {
                    throw EntryLookup.error(error, spec: entry, revision: revision, config: config, tree: start.treeID,
                                            store: store, messages: messages)
                }
            }
            if format == .ndjson, !fields {
                // Each version written as soon as it is found; a write error stops the walk.
                var failure: CLIError?
                try store.log(from: start, options: options) { version in
                    do throws(CLIError) {
                        try printNDJSONLine(publicOnly ? Self.published(version) : version)
                        return true
                    } catch {
                        failure = error
                        return false
                    }
                }
                if let failure { throw failure }
                return []
            }
            return try store.log(from: start, options: options)
        }
        if format == .ndjson, !fields { return }
        let versions = publicOnly ? logged.map(Self.published) : logged
        if fields {
            let language = LanguageDetector.labelLanguage(asked: lang, config: labelConfig, tree: labelTree, in: store.repository)
            try printFieldTimeline(versions, store: store, language: language)
            return
        }
        if format == .json {
            try printJSON(LogJSON(versions: versions))
            return
        }
        // Colour (git's log): ids yellow; an entry's addition green, its removal red (the words say it too).
        let paint = Paint.current
        var blocks: [String] = []
        for v in versions {
            var block = "\(paint.id(v.id.short()))  \(v.date.day)  \(Terminal.sanitize(v.author.name))"
            if v.parents.count > 1 { block += "  " + messages.logMerge() }
            block += "\n    " + Terminal.sanitize(v.summary)
            if entry != nil {
                let change = v.changes.first
                switch change?.kind {
                case .renamed?: block += "\n    " + paint.changed(messages.logRenamedFrom(change?.from?.description ?? "?"))
                case .added?: block += "\n    " + paint.added(messages.logAddedAs(v.entry?.description ?? ""))
                case .removed?: block += "\n    " + paint.removed(messages.logRemoved())
                default: block += "\n    " + messages.logChanged()
                }
            } else {
                block += "\n    " + describe(v.counts, files: v.files.count, messages: messages)
            }
            blocks.append(block)
        }
        if !blocks.isEmpty { try StandardOutput.print(blocks.joined(separator: "\n\n")) }
    }
}

extension LogRequest {
    /// A plain repository's collections at a version: the folders holding `.md` files ("" for the root).
    static func plainCollections(_ store: Store, _ commit: Commit) throws(StoreError) -> [String] {
        let names = Set(try store.allPaths(inTree: commit.treeID).compactMap { StoreLayout.plain.entry(at: $0)?.collection })
        return names.sorted()
    }

    /// A version as public output shows it: the author by name with e-mail addresses redacted, the message without
    /// trailers and e-mail addresses (the changelog's rule, docs/privacy.md).
    static func published(_ version: Version) -> Version {
        var v = version
        v.author = Person(name: PublicText.name(version.author.name))
        v.message = PublicText.message(version.message)
        return v
    }

    /// `chronik log --format json`: the versions, newest first (docs/json-output.md, Schemas/output/log.schema.json).
    struct LogJSON<Item: Encodable>: Encodable {
        var versions: [Item]
    }

    /// One version of an entry's timeline with its field changes and prose summary (`--fields`): the version's members,
    /// then `change`.
    struct FieldVersion: Encodable {
        var version: Version
        var change: EntryDiff?

        private enum CodingKeys: String, CodingKey { case change }

        func encode(to encoder: Encoder) throws {
            try version.encode(to: encoder)
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encodeIfPresent(change, forKey: .change)
        }
    }

    /// `log ENTRY --fields`: per version, the entry's change against the version before (following renames).
    func printFieldTimeline(_ versions: [Version], store: Store, language: String) throws(CLIError) {
        let differ = SnapshotDiffer(repository: store.repository)
        var options = SnapshotDiffOptions()
        options.publicOnly = publicOnly
        options.language = language
        var timeline: [FieldVersion] = []
        for v in versions {
            let item: FieldVersion = try cli {
                let commit = try store.repository.commit(v.id)
                let name = v.entry?.description ?? entry ?? ""
                let from = v.changes.first?.from?.description
                return FieldVersion(version: v, change: try Timeline.entryChange(of: name, from: from, in: commit, differ: differ, options: options))
            }
            // NDJSON: each version written as soon as its change is known.
            if format == .ndjson { try printNDJSONLine(item) } else { timeline.append(item) }
        }
        if format == .ndjson { return }
        if format == .json {
            try printJSON(LogJSON(versions: timeline))
            return
        }
        // Every word in the language of the field labels (the catalog of `language`), so that one line never mixes two.
        let labels = ChangelogLabels(language: language)
        let words = Messages.catalog(StoreLanguage(rawValue: language) ?? .en)
        let paint = Paint.current
        var blocks: [String] = []
        for item in timeline {
            let v = item.version
            var block = "\(paint.id(v.id.short()))  \(v.date.day)  \(Terminal.sanitize(v.author.name))\n    \(Terminal.sanitize(v.summary))"
            if let change = item.change {
                switch change.kind {
                case .added: block += "\n    " + paint.added(words.logAddedAs(change.entry.description))
                case .removed: block += "\n    " + paint.removed(words.logRemoved())
                case .renamed, .moved:
                    block += "\n    " + paint.changed(words.logMoved(change.kind.label, from: change.from?.description ?? "?", to: change.entry.description))
                case .modified: break
                }
                if change.kind != .added {
                    for f in change.fields { block += "\n    \(Terminal.sanitize(f.label)): \(Terminal.sanitize(labels.change(f)))" }
                    if let prose = labels.prose(change.prose.summary) { block += "\n    " + words.logText(prose) }
                }
            }
            blocks.append(block)
        }
        if !blocks.isEmpty { try StandardOutput.print(blocks.joined(separator: "\n\n")) }
    }
}
