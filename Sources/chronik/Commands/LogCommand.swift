import GitKit
import ArgumentParser
import ChronikChangelog
import ChronikDiff
import ChronikStore
import Foundation

struct LogCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "log",
        abstract: "List versions, newest first, with what they changed; with an entry, only the versions that touched it (following renames).")

    @Argument(help: "An entry: collection/id, or an id that is unique across collections.")
    var entry: String?

    @Option(help: "Only versions that changed entries of this collection.")
    var collection: String?

    @Option(help: "Show at most this many versions.")
    var limit: Int?

    @Option(help: "Start from this revision instead of HEAD.")
    var at: String?

    @Flag(help: "With an entry: show per version the changed fields (with their labels) and how much of the text changed.")
    var fields = false

    @Option(help: ArgumentHelp("With --fields: the language of labels, de or en (default: chronik.yml's language, else detected from the content, else en).", valueName: "de|en"))
    var lang: String?

    @Flag(help: "Do not read or write the cache of change sets (.git/chronik/log-cache, safe to delete).")
    var noCache = false

    @Flag(name: .customLong("public"), help: "Public output (docs/privacy.md): no private field values, no e-mail addresses, messages without trailers.")
    var publicOnly = false

    @OptionGroup var storeOptions: StoreOptions
    @OptionGroup var output: OutputOptions

    func validate() throws {
        if let limit, limit < 1 { throw ValidationError("--limit must be at least 1") }
        if fields, entry == nil { throw ValidationError("--fields needs an entry") }
        if let lang, !["de", "en"].contains(lang) { throw ValidationError("--lang must be de or en") }
        if lang != nil, !fields { throw ValidationError("--lang needs --fields (only field labels have a language)") }
    }

    func run() throws {
        let store = try storeOptions.open(requireConfig: false)
        var labelConfig: StoreConfig?, labelTree: ObjectID?
        let logged: [Version] = try cli {
            let start: Commit
            if let at {
                start = try store.resolve(at)
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
                    let shown = collections.map { $0.isEmpty ? "\"\" (the root)" : $0 }
                    throw CLIError(.user, "\"\(Terminal.sanitize(collection))\" is not a collection of this \(config == nil ? "repository" : "store") (collections: \(Terminal.sanitize(shown.joined(separator: ", "))))")
                }
            }
            var options = LogOptions(collection: collection, limit: limit)
            if !noCache { options.cacheDirectory = LogCache.defaultDirectory(of: store.repository) }
            if let entry {
                options.entry = try store.resolveEntry(entry, inTree: start.treeID, config: config)
                if try store.blob(at: options.entry!.path, inTree: start.treeID) == nil {
                    throw StoreError.entryNotFound(spec: entry, revision: at ?? "HEAD")
                }
            }
            return try store.log(from: start, options: options)
        }
        let versions = publicOnly ? logged.map(Self.published) : logged
        if fields {
            let language = LanguageDetector.labelLanguage(asked: lang, config: labelConfig, tree: labelTree, in: store.repository)
            try printFieldTimeline(versions, store: store, language: language)
            return
        }
        if output.format == .json {
            try printJSON(versions)
            return
        }
        var blocks: [String] = []
        for v in versions {
            var block = "\(v.id.short())  \(v.date.day)  \(Terminal.sanitize(v.author.name))"
            if v.parents.count > 1 { block += "  (merge)" }
            block += "\n    " + Terminal.sanitize(v.summary)
            if entry != nil {
                let change = v.changes.first
                switch change?.kind {
                case .renamed?: block += "\n    renamed from \(change?.from?.description ?? "?")"
                case .added?: block += "\n    added as \(v.entry?.description ?? "")"
                case .removed?: block += "\n    removed"
                default: block += "\n    changed"
                }
            } else {
                block += "\n    " + describe(v.counts, files: v.files.count)
            }
            blocks.append(block)
        }
        if !blocks.isEmpty { try StandardOutput.print(blocks.joined(separator: "\n\n")) }
    }
}

extension LogCommand {
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

    /// One version of an entry's timeline with its field changes and prose summary (`--fields`).
    struct FieldVersion: Encodable {
        var version: Version
        var change: EntryDiff?
    }

    /// `log ENTRY --fields`: per version, the entry's change against the version before (following renames).
    func printFieldTimeline(_ versions: [Version], store: Store, language: String) throws(CLIError) {
        let differ = SnapshotDiffer(repository: store.repository)
        var options = SnapshotDiffOptions()
        options.publicOnly = publicOnly
        options.language = language
        let timeline: [FieldVersion] = try cli {
            try versions.map { v in
                let commit = try store.repository.commit(v.id)
                let name = v.entry?.description ?? entry ?? ""
                let from = v.changes.first?.from?.description
                return FieldVersion(version: v, change: try Timeline.entryChange(of: name, from: from, in: commit, differ: differ, options: options))
            }
        }
        if output.format == .json {
            try printJSON(timeline)
            return
        }
        // Every word in the language of the field labels (the catalog of `language`), so that one line never mixes two.
        let labels = ChangelogLabels(language: language)
        let words = Messages.catalog(StoreLanguage(rawValue: language) ?? .en)
        var blocks: [String] = []
        for item in timeline {
            let v = item.version
            var block = "\(v.id.short())  \(v.date.day)  \(Terminal.sanitize(v.author.name))\n    \(Terminal.sanitize(v.summary))"
            if let change = item.change {
                switch change.kind {
                case .added: block += "\n    " + words.logAddedAs(change.entry.description)
                case .removed: block += "\n    " + words.logRemoved()
                case .renamed, .moved: block += "\n    " + words.logMoved(change.kind.label, from: change.from?.description ?? "?", to: change.entry.description)
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
