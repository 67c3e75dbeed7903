import ArgumentParser
import ChronikChangelog
import ChronikDiff
import ChronikStore
import Foundation
import GitKit
#if canImport(Glibc)
import Glibc
#endif

enum DiffFormat: String, ExpressibleByArgument, CaseIterable {
    case text, patch, markdown, html, json
}

struct DiffCommand: ParsableCommand {
    static var configuration: CommandConfiguration { Help.configuration("diff", .diff) }

    @Argument(help: ArgumentHelp(Help.text(.diff, "arguments"), valueName: "revision-or-entry"), completion: Completions.revisionsAndEntries)
    var arguments: [String] = []

    @Option(help: ArgumentHelp(Help.text(.diff, "collection")), completion: Completions.collections)
    var collection: String?

    @Option(help: ArgumentHelp(Help.text(.diff, "format")))
    var format: DiffFormat = .text

    @Flag(help: ArgumentHelp(Help.text(.diff, "stat")))
    var stat = false

    @Flag(name: .customLong("public"), help: ArgumentHelp(Help.text(.diff, "publicOnly")))
    var publicOnly = false

    @OptionGroup var terminal: PagedOutputOptions

    @Option(help: ArgumentHelp(Help.text(.diff, "lang"), valueName: "de|en"))
    var lang: String?

    @OptionGroup var storeOptions: StoreOptions

    func validate() throws {
        let messages = { usageCatalog(lang: lang, store: storeOptions.store) }
        if let lang, !["de", "en"].contains(lang) { throw ValidationError(messages().languageOption("--lang", value: nil)) }
        if publicOnly, format == .patch { throw ValidationError(messages().diffPublicPatch()) }
        if stat, format != .text, format != .json { throw ValidationError(messages().diffStatFormat()) }
    }

    func run() throws {
        // A diff of distant versions reads much of the pack once: its pages are given back less often than in a
        // history walk (the first..last diff of the large bench store gave them back about 300 times per thread).
        Repository.packPageBudget = 128 << 20
        // Each delta base is asked for about once: a history walk's 96 MiB of rebuilt objects were fresh memory the
        // calling thread faulted in while it compared the trees (the collection trees' delta chains, 300 bases of
        // about 450 KB between the large bench store's first and last release).
        Repository.objectCacheLimit = 16 << 20
        let (repository, config, store) = try openRepository()
        let messages = messageCatalog(lang: lang, store: store)
        let useColor = terminal.setUp("diff", repository: repository)
        // One diff: its parsed entries are not asked for again (keeping them cost the calling thread a tenth of a large
        // diff's time, inserting and evicting).
        let differ = SnapshotDiffer(repository: repository, entryBudget: 0)

        // Revisions first, then entries. After `--` (as in git) everything is an entry; before it everything must be
        // a revision. Without `--`, the leading arguments that resolve as revisions (at most two) are revisions: the
        // sample's draft tags are also ids of entries in `results`, and comparing drafts is what diff is for; write
        // `results/aktionen` or `-- aktionen` for the entry.
        // An unborn branch compares with nothing; a HEAD that cannot be read is an error (not "everything added").
        let head = try cli { try repository.headCommit() }
        var revisions: [(spec: String, id: ObjectID)] = []
        var entries: [String] = []
        var leading: [String: String] = [:] // entry arguments that stood where a revision could: why they are not one
        let raw = CommandLine.arguments
        let afterSeparator = raw.firstIndex(of: "--").map { raw.count - $0 - 1 } ?? -1
        let beforeSeparator = afterSeparator >= 0 ? arguments.count - afterSeparator : nil
        for (k, argument) in arguments.enumerated() {
            if let beforeSeparator {
                if k < beforeSeparator {
                    guard revisions.count < 2 else { throw CLIError(.usage, messages.diffTooManyRevisions()) }
                    switch resolve(argument, repository, messages: messages) {
                    case .success(let id): revisions.append((argument, id))
                    case .failure(let reason):
                        let close = Suggestions.closest(to: argument, among: revisionNames(repository))
                        throw CLIError(.user, messages.badRevision(Terminal.sanitize(PathRules.printable(argument)), reason: reason.description),
                                       hint: close.isEmpty ? nil : messages.didYouMeanName(close))
                    }
                } else {
                    entries.append(argument)
                }
                continue
            }
            if revisions.count < 2, entries.isEmpty {
                switch resolve(argument, repository, messages: messages) {
                case .success(let id):
                    revisions.append((argument, id))
                    continue
                case .failure(let reason):
                    leading[argument] = reason.description
                }
            }
            entries.append(argument)
        }
        let oldSide: SnapshotSide, newSide: SnapshotSide
        let oldName: String, newName: String
        switch revisions.count {
        case 0:
            oldSide = head.map { .commit($0) } ?? .empty
            oldName = head == nil ? "empty" : "HEAD"
            newSide = .workingTree
            newName = "working tree"
        case 1:
            oldSide = .commit(revisions[0].id)
            oldName = revisions[0].spec
            newSide = .workingTree
            newName = "working tree"
        default:
            oldSide = .commit(revisions[0].id)
            oldName = revisions[0].spec
            newSide = .commit(revisions[1].id)
            newName = revisions[1].spec
        }
        if let collection, let config, config.collection(named: collection) == nil {
            let names = config.collections.map(\.name)
            let close = Suggestions.closest(to: collection, among: names)
            throw CLIError(.user, messages.unknownCollection(Terminal.sanitize(collection), collections: names),
                           hint: close.isEmpty ? nil : messages.didYouMeanName(close))
        }

        var options = SnapshotDiffOptions()
        // One language for the page's words and the schema's field labels, chosen once as the changelog chooses it.
        let language = labelLanguage(repository, workingConfig: config, old: oldSide, new: newSide)
        options.language = language
        options.publicOnly = publicOnly
        // A folder may be given with a trailing slash (`glossary/`), as a shell completes it.
        entries = entries.map { entry in
            var name = entry
            while name.count > 1, name.hasSuffix("/") { name.removeLast() }
            return name
        }
        options.only = Set(entries)
        options.collection = collection
        // --stat shows counts alone: the prose is counted, not diffed into blocks and edits (the same counts).
        options.countsOnly = stat
        // The reference titles below read the entries they name: those the diff parsed, from what it kept.
        options.keepsTitleValues = !stat && format != .patch
        var diff: SnapshotDiff
        do {
            diff = try differ.diff(from: oldSide, to: newSide, options: options)
        } catch {
            throw CLIError(error)
        }
        // Every entry argument must name an entry, a collection or a folder on one side.
        for entry in entries {
            let shown = diff.entries.contains { d in [d.entry, d.from].contains { $0.map(options.wants) == true } }
            if shown || exists(entry, config: config, side: oldSide, repository) || exists(entry, config: config, side: newSide, repository)
                || config?.collection(named: entry) != nil
                || isFolder(entry, side: oldSide, repository) || isFolder(entry, side: newSide, repository) { continue }
            var candidates = names(config: config, sides: [newSide, oldSide], diff: diff, repository)
            // A name where a revision could stand may have meant a release (`entwurf1` for the tag `entwurf-1`).
            if leading[entry] != nil { candidates += revisionNames(repository) }
            let suggestions = Suggestions.closest(to: entry, among: candidates)
            let hint = suggestions.isEmpty ? nil : messages.diffNameSuggestion(suggestions.map(PathRules.printable))
            if let reason = leading[entry] {
                throw CLIError(.user, messages.diffUnknownRevisionOrEntry(Terminal.sanitize(PathRules.printable(entry)), reason: reason),
                               hint: hint ?? messages.diffRevisionOrEntryHint())
            }
            throw CLIError(.user, messages.diffUnknownName(PathRules.printable(entry), old: Terminal.sanitize(oldName), new: Terminal.sanitize(newName)),
                           hint: hint)
        }

        // References by the titles of the entries they name, as of each side's version (the changelog's resolver).
        // Not for --stat (counts only) nor a patch (the files as they are).
        if !stat, format != .patch {
            ReferenceTitleResolver(repository: repository, maxFileBytes: options.maxFileBytes)
                .annotate(&diff, old: oldSide, new: newSide, workdir: repository.workingDirectory?.path, workingConfig: config, language: language,
                          known: differ.titleValues)
        }

        var renderOptions = RenderOptions(oldName: oldName, newName: newName, color: useColor,
                                          contentLanguage: config?.language.rawValue, language: language)
        if case .workingTree = newSide { renderOptions.newIsWorkingTree = true }
        // The terminal formats (text, stat) speak the language of the messages; the pages for residents that of --lang.
        renderOptions.messageLanguage = messages.language
        // A side given by a release's tag is named by the release, as the changelog's headings name it.
        if !revisions.isEmpty {
            let selection = Releases.configuredSelection(in: repository, at: head)
            let releases = Releases.releases(tagged: revisions.map(\.spec), in: repository, selection: selection)
            renderOptions.oldRelease = releases[0]?.diffSide(tag: revisions[0].spec, language: language)
            if revisions.count == 2 {
                renderOptions.newRelease = releases[1]?.diffSide(tag: revisions[1].spec, language: language)
            }
        }
        let from = DiffSideJSON(revision: revisions.first?.spec ?? (head == nil ? nil : "HEAD"), commit: revisions.first?.id ?? head, workingTree: nil)
        let to = revisions.count == 2 ? DiffSideJSON(revision: revisions[1].spec, commit: revisions[1].id, workingTree: nil)
            : DiffSideJSON(revision: nil, commit: nil, workingTree: true)
        // Freed by the exit, not entry by entry (`KeptUntilExit`); kept after its last change (no copy).
        KeptUntilExit.keep(diff)
        KeptUntilExit.keep(differ)
        let output: String
        switch (format, stat) {
        case (.json, true):
            try printJSON(DiffStatJSON(from: from, to: to, diff: diff))
            try checkRefused(diff, messages: messages)
            return
        case (.json, false):
            try printJSON(DiffJSON(from: from, to: to, mode: diff.mode, entries: diff.entries, files: diff.files,
                                   documents: diff.documents, summary: diff.summary, attachments: diff.attachments))
            try checkRefused(diff, messages: messages)
            return
        case (_, true):
            // Written in pieces as they are rendered (its rows on one thread per core for a large diff).
            try DiffStatRenderer.render(diff, options: renderOptions) { try StandardOutput.write($0) }
            try checkRefused(diff, messages: messages)
            return
        case (.text, false):
            // Written in pieces as they are rendered, never joined: a large store's first..last diff is 83 MB.
            try DiffTextRenderer.render(diff, options: renderOptions) { try StandardOutput.write($0) }
            let attachments = attachmentLines(diff, messages: messages)
            if !attachments.isEmpty { try StandardOutput.write(attachments) }
            try checkRefused(diff, messages: messages)
            return
        case (.markdown, false): output = DiffMarkdownRenderer.render(diff, options: renderOptions)
        case (.html, false): output = DiffHTMLRenderer.render(diff, options: renderOptions)
        case (.patch, false):
            let files = try cli { try patchFiles(repository, from: oldSide, to: newSide, workingConfig: config, options: options, messages: messages) }
            if files.contains(where: { $0.isBinary && $0.blobIDs == nil }) {
                Terminal.warning(messages.diffBinaryNotPatched())
            }
            output = UnifiedPatch.render(files)
        }
        try StandardOutput.write(output)
        try checkRefused(diff, messages: messages)
    }

    /// The attachment changes of the text output, after the entries: `glossary/kiez` and one line per attachment.
    private func attachmentLines(_ diff: SnapshotDiff, messages: any MessageCatalog) -> String {
        guard let lists = diff.attachments, !lists.isEmpty else { return "" }
        var out = "\n" + messages.diffAttachmentsHeading() + "\n"
        for list in lists {
            out += "  " + Terminal.sanitize(list.entry.description) + "\n"
            for change in list.changes { out += "    " + Terminal.sanitize(PathRules.printable(messages.attachmentChange(change))) + "\n" }
        }
        return out
    }

    /// Files of the working tree the diff did not read (symbolic links, FIFOs, oversized files: what `chronik commit`
    /// refuses) are named on stderr, after the output, and make the exit code 1: the output is not the whole change.
    private func checkRefused(_ diff: SnapshotDiff, messages: any MessageCatalog) throws(CLIError) {
        guard !diff.refused.isEmpty else { return }
        for file in diff.refused {
            Terminal.warning(messages.diffFileNotRead(Terminal.sanitize(PathRules.printable(file.path)), reason: Terminal.sanitize(file.reason)))
        }
        throw CLIError(.user, messages.diffFilesNotRead(diff.refused.count))
    }

    /// The language of labels: `--lang`, else the configuration of the newer side (the working tree's, or the
    /// revision's `chronik.yml`), else the older side's, else detected from the content of the newer version (the
    /// older for a working tree) by `LanguageDetector.labelLanguage`, the rule `SnapshotDiffer` and the changelog
    /// follow: given to both, the page's words and the field labels are always in the same language.
    private func labelLanguage(_ repository: Repository, workingConfig: StoreConfig?, old: SnapshotSide, new: SnapshotSide) -> String {
        if let lang { return lang }
        func tree(_ side: SnapshotSide) -> ObjectID? {
            switch side {
            case .commit(let id): return try? repository.commit(id).treeID
            case .tree(let id): return id
            case .workingTree, .empty: return nil
            }
        }
        func config(_ side: SnapshotSide) -> StoreConfig? {
            if case .workingTree = side { return workingConfig }
            guard let tree = tree(side), let entry = try? repository.entry(atPath: StoreConfig.fileName, inTree: tree),
                  let data = try? repository.blob(entry.id, path: StoreConfig.fileName) else { return nil }
            return try? StoreConfig.parse(data)
        }
        return LanguageDetector.labelLanguage(asked: nil, config: config(new) ?? config(old), tree: tree(new) ?? tree(old), in: repository)
    }

    /// The store, or (without chronik.yml) any Git repository; the store's configuration when there is one.
    private func openRepository() throws(CLIError) -> (Repository, StoreConfig?, Store?) {
        let start = URL(fileURLWithPath: storeOptions.store ?? FileManager.default.currentDirectoryPath)
        do {
            let store = storeOptions.store != nil ? try Store(at: start) : try Store.discover(from: start)
            return (store.repository, try? store.workingConfig(), store)
        } catch .missingConfig {
            do {
                let repository = storeOptions.store != nil ? try Repository(at: start) : try Repository.discover(from: start)
                return (repository, nil, nil)
            } catch {
                throw CLIError(error)
            }
        } catch .notAStore {
            let messages = usageCatalog(lang: lang)
            throw CLIError(.user, messages.notARepository(start.path), hint: messages.notARepositoryHint())
        } catch {
            throw CLIError(error)
        }
    }

    /// A revision, else a date as `show --at` takes it (`2022-03-01`, an ISO 8601 date-time): the newest version at
    /// or before it on HEAD's first-parent history (`Timeline.version(atOrBefore:)`).
    private func resolve(_ spec: String, _ repository: Repository, messages: any MessageCatalog) -> Result<ObjectID, RevisionError> {
        do {
            return .success(try repository.resolveCommit(spec))
        } catch let error as GitError {
            if let bound = Timeline.DateBound(spec) {
                do {
                    guard let head = try repository.headCommit() else { return .failure(RevisionError(messages.noVersions(plain: true))) }
                    guard let commit = try Timeline.version(atOrBefore: bound, from: head, in: repository) else {
                        return .failure(RevisionError(messages.noVersionAtOrBefore(Terminal.sanitize(PathRules.printable(spec)))))
                    }
                    return .success(commit.id)
                } catch {
                    return .failure(RevisionError("\(error)"))
                }
            }
            switch error.code {
            case .notFound: return .failure(RevisionError(messages.revisionNoSuchName()))
            case .ambiguous: return .failure(RevisionError(messages.revisionAmbiguous()))
            case .invalidSpec: return .failure(RevisionError(messages.revisionInvalid()))
            default: return .failure(RevisionError(error.message))
            }
        } catch {
            return .failure(RevisionError("\(error)"))
        }
    }

    /// True when `spec` names a folder on `side` (a collection's, or any folder of a plain repository).
    private func isFolder(_ spec: String, side: SnapshotSide, _ repository: Repository) -> Bool {
        let parts = spec.split(separator: "/", omittingEmptySubsequences: false)
        guard !spec.hasPrefix("/"), !parts.contains(where: { $0.isEmpty || $0 == "." || $0 == ".." }) else { return false }
        switch side {
        case .empty: return false
        case .workingTree:
            guard let workdir = repository.workingDirectory else { return false }
            var isDirectory: ObjCBool = false
            return FileManager.default.fileExists(atPath: workdir.appendingPathComponent(spec).path, isDirectory: &isDirectory) && isDirectory.boolValue
                && spec != ".git" && !spec.hasPrefix(".git/")
        case .commit(let id):
            guard let tree = try? repository.commit(id).treeID else { return false }
            return ((try? repository.entry(atPath: spec, inTree: tree)) ?? nil)?.mode == .tree
        case .tree(let tree):
            return ((try? repository.entry(atPath: spec, inTree: tree)) ?? nil)?.mode == .tree
        }
    }

    /// What an unknown name may have meant: the collections (a plain repository's top-level folders), the ids of
    /// their entries on the sides (`collection/id` in a plain repository's folders), and the entries the diff shows.
    private func names(config: StoreConfig?, sides: [SnapshotSide], diff: SnapshotDiff, _ repository: Repository) -> [String] {
        var names: [String] = config?.collections.map(\.name) ?? []
        for side in sides {
            let tree: ObjectID?
            switch side {
            case .commit(let id): tree = try? repository.commit(id).treeID
            case .tree(let id): tree = id
            case .workingTree, .empty: tree = nil
            }
            guard let tree, let top = try? repository.tree(tree) else { continue }
            for folder in top where folder.mode == .tree && !folder.name.hasPrefix(".") {
                if config == nil { names.append(folder.name) }
                guard config == nil || config?.collection(named: folder.name) != nil,
                      let files = try? repository.tree(folder.id) else { continue }
                for file in files where file.name.hasSuffix(".md") && file.mode != .tree {
                    let id = String(file.name.dropLast(3))
                    names.append(config == nil ? folder.name + "/" + id : id)
                }
            }
        }
        for d in diff.entries { names += [d.entry.id, d.entry.description] }
        return names
    }

    /// True when `spec` names a Markdown file on `side`: `collection/id`, a path (with or without `.md`), or in a
    /// store an id in one of its collections.
    private func exists(_ spec: String, config: StoreConfig?, side: SnapshotSide, _ repository: Repository) -> Bool {
        let base = spec.hasSuffix(".md") ? String(spec.dropLast(3)) : spec
        guard !base.isEmpty else { return false }
        var candidates = [base + ".md"]
        if let config, !base.contains("/") { candidates += config.collections.map { "\($0.name)/\(base).md" } }
        switch side {
        case .empty: return false
        case .workingTree:
            guard let workdir = repository.workingDirectory else { return false }
            return candidates.contains { FileManager.default.fileExists(atPath: workdir.appendingPathComponent($0).path) }
        case .commit(let id):
            guard let tree = try? repository.commit(id).treeID else { return false }
            return candidates.contains { ((try? repository.entry(atPath: $0, inTree: tree)) ?? nil) != nil }
        case .tree(let tree):
            return candidates.contains { ((try? repository.entry(atPath: $0, inTree: tree)) ?? nil) != nil }
        }
    }
}

struct RevisionError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}

/// One side of `chronik diff --format json`.
struct DiffSideJSON: Encodable {
    var revision: String?
    var commit: ObjectID?
    var workingTree: Bool?
}

/// `chronik diff --format json` (docs/json-output.md).
struct DiffJSON: Encodable {
    var from: DiffSideJSON
    var to: DiffSideJSON
    var mode: SnapshotDiff.Mode
    var entries: [EntryDiff]
    var files: [FileDiff]
    var documents: [DocumentOrderDiff]
    var summary: SnapshotSummary
    /// Attachment changes by entry (issue 17); absent when none.
    var attachments: [EntryAttachmentChanges]?
}

/// `chronik diff --stat --format json`.
struct DiffStatJSON: Encodable {
    var from: DiffSideJSON
    var to: DiffSideJSON
    /// One row per changed entry, in the diff's order.
    var rows: [Row]
    /// Changed files that are not entries.
    var files: [File]
    var summary: SnapshotSummary

    struct Row: Encodable {
        var kind: EntryDiff.Kind
        var entry: EntryRef
        var from: EntryRef?
        var title: String?
        var wordsAdded: Int
        var wordsRemoved: Int
        var fieldsChanged: Int
        var blocksMoved: Int
        var formatting: FormattingChange?
        /// How many of the entry's attachments changed (issue 17); absent when none did.
        var attachments: Int?
    }

    struct File: Encodable {
        var kind: FileDiff.Kind
        var path: String
    }

    init(from: DiffSideJSON, to: DiffSideJSON, diff: SnapshotDiff) {
        self.from = from
        self.to = to
        rows = diff.entries.map { e in
            Row(kind: e.kind, entry: e.entry, from: e.from, title: e.title, wordsAdded: e.prose.summary.wordsAdded,
                wordsRemoved: e.prose.summary.wordsRemoved, fieldsChanged: e.fields.count, blocksMoved: e.prose.summary.blocksMoved,
                formatting: e.formatting, attachments: e.attachments.flatMap { $0.isEmpty ? nil : $0.count })
        }
        files = diff.files.map { File(kind: $0.kind, path: $0.path) }
        summary = diff.summary
    }
}

/// The changed files of a diff with both contents, for `--format patch`: every file that differs, as the one
/// collector (`ChangeCollector`, the same as every other output's) finds and pairs them. A renamed entry is one file
/// renamed (git's `rename from`/`rename to`), whatever folder it moved to; a file that became a link is removed and
/// added. Limited to entries or collections (`options.wants`, either side of a rename), the patch holds every path of
/// those entries, whatever changed in them (a comment in the front matter too), so that applying it makes them
/// equal to the newer side; other files are left out then, as in every output.
private func patchFiles(_ repository: Repository, from old: SnapshotSide, to new: SnapshotSide, workingConfig: StoreConfig?,
                        options: SnapshotDiffOptions, messages: any MessageCatalog) throws -> [PatchFile] {
    func tree(_ side: SnapshotSide) throws -> ObjectID? {
        switch side {
        case .commit(let id): return try repository.commit(id).treeID
        case .tree(let id): return id
        case .workingTree, .empty: return nil
        }
    }
    func config(_ tree: ObjectID?) throws -> StoreConfig? {
        guard let tree, let entry = try repository.entry(atPath: StoreConfig.fileName, inTree: tree) else { return nil }
        return try? StoreConfig.parse(try repository.blob(entry.id, path: StoreConfig.fileName))
    }
    var diffOptions = DiffOptions()
    diffOptions.includeUntracked = true
    diffOptions.recurseUntrackedDirectories = true
    let oldTree = try tree(old)
    let workdir: URL?
    let deltas: [DiffDelta]
    let newConfig: StoreConfig?
    if case .workingTree = new {
        workdir = repository.workingDirectory
        deltas = try repository.diffTreeToWorkdir(oldTree, options: diffOptions)
        newConfig = workingConfig
    } else {
        workdir = nil
        let newTree = try tree(new)
        deltas = try repository.diffTrees(oldTree, newTree, options: diffOptions)
        newConfig = try config(newTree)
    }
    func newData(_ path: String, _ blob: ChangedBlob) throws -> Data {
        if let workdir {
            let url = workdir.appendingPathComponent(path)
            // A link is recorded as git records it, by its target's name (it is not followed).
            if blob.mode == .symlink { return Data(try FileManager.default.destinationOfSymbolicLink(atPath: url.path).utf8) }
            switch WorkingTreeFile.read(path, in: workdir.path, limit: options.maxFileBytes) {
            case .success(let file): return file.data
            case .failure(let problem):
                throw CLIError(.user, "\(Terminal.sanitize(PathRules.printable(path))): \(problem.description)",
                               hint: messages.diffPatchFileHint())
            }
        }
        guard let id = blob.id else { return Data() }
        return try repository.blob(id)
    }
    var (paths, _) = ChangeCollector.pathChanges(deltas)
    // Submodules and nested repositories are not files: never part of a patch.
    paths.removeAll { $0.old?.mode == .submodule || $0.new?.mode == .submodule || $0.path.hasSuffix("/") }
    if workdir != nil { for k in paths.indices { paths[k].new?.id = nil } }
    var collector = options.forcePlain
        ? ChangeCollector(oldLayout: .plain, newLayout: .plain, keepsRefusedPaths: true)
        : ChangeCollector(oldConfig: try config(oldTree), newConfig: newConfig, keepsRefusedPaths: true)
    collector.renameThreshold = options.renameThreshold
    collector.maxSimilarityPairs = options.maxSimilarityPairs
    let collected = try collector.collect(paths) { side, path, blob in
        switch side {
        case .old: return try blob.id.map { try repository.blob($0) }
        case .new: return blob.mode == .symlink ? nil : try? newData(path, blob)
        }
    }
    // What the collector paired and what the filters want, by path; the patch itself goes path by path, in git's
    // order, a rename at its new path.
    var renamedTo: [String: CollectedChange] = [:], renamedFrom = Set<String>()
    var wanted = Set<String>()
    for change in collected.changes {
        if change.kind == .renamed, let oldPath = change.oldPath, let newPath = change.newPath {
            renamedTo[newPath] = change
            renamedFrom.insert(oldPath)
        }
        if !options.isUnfiltered {
            let sides = [(change.oldEntry, change.oldPath), (change.newEntry, change.newPath)].compactMap { entry, path in
                entry.flatMap { e in path.map { EntryRef(collection: e.collection, id: e.id, path: $0) } }
            }
            if sides.contains(where: options.wants) { wanted.formUnion(change.paths) }
        }
    }
    var files: [PatchFile] = []
    for change in paths {
        if !options.isUnfiltered, !wanted.contains(change.path) { continue }
        if let rename = renamedTo[change.path], let oldPath = rename.oldPath, let from = rename.old, let to = change.new {
            files.append(PatchFile(oldPath: oldPath, newPath: change.path, oldMode: from.mode.raw, newMode: to.mode.raw,
                                   old: try from.id.map { try repository.blob($0) } ?? Data(), new: try newData(change.path, to),
                                   similarity: rename.similarity.map { Int(($0 * 100).rounded(.down)) }))
            continue
        }
        let old = renamedFrom.contains(change.path) ? nil : change.old
        guard old != nil || change.new != nil else { continue }
        let oldData = try old.flatMap { $0.id }.map { try repository.blob($0) } ?? Data()
        let newContent = try change.new.map { try newData(change.path, $0) } ?? Data()
        let (oldMode, newMode) = (old?.mode, change.new?.mode)
        let linkChange = oldMode != nil && newMode != nil && (oldMode == .symlink) != (newMode == .symlink)
        if oldMode != nil, newMode != nil, !linkChange {
            files.append(PatchFile(oldPath: change.path, newPath: change.path, oldMode: oldMode?.raw, newMode: newMode?.raw,
                                   old: oldData, new: newContent))
            continue
        }
        if let oldMode {
            files.append(PatchFile(oldPath: change.path, newPath: nil, oldMode: oldMode.raw, newMode: nil, old: oldData, new: Data()))
        }
        if let newMode {
            files.append(PatchFile(oldPath: nil, newPath: change.path, oldMode: nil, newMode: newMode.raw, old: Data(), new: newContent))
        }
    }
    // Binary files (attachments, issue 17) become `GIT binary patch`es, which name both sides' blob ids.
    let zero = String(repeating: "0", count: 40)
    for k in files.indices where files[k].isBinary {
        files[k].blobIDs = (files[k].oldPath == nil ? zero : try Repository.blobID(of: files[k].old).description,
                            files[k].newPath == nil ? zero : try Repository.blobID(of: files[k].new).description)
    }
    return files
}
