import ArgumentParser
import ChronikSchema
import ChronikStore
import Foundation
import GitKit

/// The samples chronik carries.
enum Sample: String, ExpressibleByArgument, CaseIterable {
    /// Berlin's smart city strategy process, five drafts 2021-2022 (Repository/versions).
    case berlin

    var snapshots: [Snapshot] {
        switch self {
        case .berlin: return SampleBerlin.snapshots
        }
    }

    var displayName: String {
        switch self {
        case .berlin: return SampleBerlin.displayName
        }
    }
}

struct InitCommand: ParsableCommand {
    static var configuration: CommandConfiguration { Help.configuration("init", .`init`) }

    @Argument(help: ArgumentHelp(Help.text(.`init`, "directory")))
    var directory: String?

    @Option(help: ArgumentHelp(Help.text(.`init`, "title")))
    var title: String?

    @Option(help: ArgumentHelp(Help.text(.`init`, "language")))
    var language: String?

    @Flag(help: ArgumentHelp(Help.text(.`init`, "inferSchemas")))
    var inferSchemas = false

    @Flag(help: ArgumentHelp(Help.text(.`init`, "commit")))
    var commit = false

    @Option(help: ArgumentHelp(Help.text(.`init`, "sample"), valueName: "name"))
    var sample: Sample?

    @OptionGroup var messagesLanguage: LanguageOptions
    @OptionGroup var identity: IdentityOptions
    @OptionGroup var output: OutputOptions

    func validate() throws {
        if sample != nil, title != nil || language != nil || identity.author != nil || identity.date != nil {
            throw ValidationError(messages.initSampleTakesAll())
        }
        if sample != nil, inferSchemas || commit {
            throw ValidationError(messages.initSampleNoAdoptOptions())
        }
    }

    /// The messages' language: `--lang`, the environment, else the language the store gets (`--language`), else the
    /// existing store's at the directory.
    var messages: any MessageCatalog {
        let url = URL(fileURLWithPath: directory ?? FileManager.default.currentDirectoryPath).standardizedFileURL
        let existing = Store.isStore(at: url) ? try? Store(at: url) : nil
        return messageCatalog(lang: messagesLanguage.lang, store: existing, storeLanguage: language.flatMap(StoreLanguage.init(rawValue:)))
    }

    func run() throws {
        let url = URL(fileURLWithPath: directory ?? FileManager.default.currentDirectoryPath).standardizedFileURL
        let messages = self.messages
        if Store.isStore(at: url) {
            if inferSchemas || commit {
                throw CLIError(.user, messages.initHasConfig(url.path), hint: messages.initHasConfigHint())
            }
            try answer(messages.initAlreadyStore(url.path), InitJSON(store: url.path, action: .existing))
            return
        }
        if sample == nil, !Self.isEmptyOrMissing(url) {
            try adopt(url, messages: messages)
            return
        }
        if let sample {
            let report = try importing { try SnapshotImporter.run(sample.snapshots, into: url, root: sample.displayName, options: .validated) }
            let tags = report.createdTags
            try answer(messages.initSampleCreated(url.path, sample: sample.rawValue, versions: report.importedCount, tags: tags),
                       InitJSON(store: url.path, action: .sample, commit: report.snapshots.last?.commit, sample: SnapshotImportJSON(report)))
            for warning in report.warnings { Terminal.warning(messages.recordWarning(warning)) }
            return
        }
        let languageCode = language ?? "de"
        guard let lang = StoreLanguage(rawValue: languageCode) else {
            throw CLIError(.usage, messages.languageOption("--language", value: Terminal.sanitize(languageCode)))
        }
        let (author, committer) = try identity.signatures(configFrom: nil, messages: messages)
        // A failed init (a full disk after `.git` was made) takes back only what it created: the folder it made
        // (and any missing above it), or what it put in the empty folder that was there; a second run then finds the
        // folder as the first did.
        let creation = CreatedFolder(before: url)
        let config = DefaultStore.config(title: title ?? "Wissensspeicher", language: lang)
        let commit: Commit
        do {
            commit = try cli {
                try Store.create(
                    at: url, config: config, schemas: DefaultStore.schemas,
                    author: author, committer: committer, message: "Wissensspeicher angelegt / Store created",
                    checker: StoreValidator()).1
            }
            try Self.createCollectionFolders(config, at: url)
        } catch {
            creation.undo()
            throw error
        }
        try answer(messages.storeCreated(url.path, version: commit.id.short(), folders: config.collections.map(\.name)),
                   InitJSON(store: url.path, action: .created, commit: commit.id, collections: config.collections.map(\.name),
                            files: [StoreConfig.fileName] + DefaultStore.schemas.keys.sorted().map { "schemas/\($0)" }))
    }

    /// Says what was done: the sentence, or with `--format json` the JSON answer.
    func answer(_ text: String, _ json: InitJSON) throws(CLIError) {
        switch output.format {
        case .text: try StandardOutput.print(text)
        case .json: try printJSON(json)
        }
    }

    /// An empty folder for each collection that has none (issue 16): an editor can save a new entry straight into
    /// it. Git records no empty folder, so the store stays clean; a clone gets them from `chronik new`, which creates
    /// the folder it writes into.
    static func createCollectionFolders(_ config: StoreConfig, at url: URL) throws(CLIError) {
        for collection in config.collections {
            let folder = url.appendingPathComponent(collection.name)
            do {
                try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            } catch {
                throw CLIError(StoreError.writing(error, fallbackPath: folder.path))
            }
        }
    }
}

// MARK: - Adopting an existing repository or folder

extension InitCommand {
    /// True when `url` does not exist or is an empty directory: the case of a new store.
    static func isEmptyOrMissing(_ url: URL) -> Bool {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: url.path, isDirectory: &isDirectory) else { return true }
        guard isDirectory.boolValue else { return false }
        return ((try? FileManager.default.contentsOfDirectory(atPath: url.path)) ?? []).isEmpty
    }

    /// Adopts the repository or folder at `url`: plans (`StoreAdoption.plan`), checks everything that can fail, and
    /// only then writes chronik.yml and the schemas (and `git init`s a folder that is no repository). Commits only
    /// with `--commit`; a failed commit takes back what was written.
    func adopt(_ url: URL, messages: any MessageCatalog) throws {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: url.path, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw CLIError(.user, messages.notADirectory(url.path))
        }
        let configPath = url.appendingPathComponent(StoreConfig.fileName)
        if FileManager.default.fileExists(atPath: configPath.path) || (try? FileManager.default.destinationOfSymbolicLink(atPath: configPath.path)) != nil {
            throw CLIError(.user, messages.initConfigOutsideRepository(url.path))
        }
        let lang: StoreLanguage?
        if let language {
            guard let parsed = StoreLanguage(rawValue: language) else {
                throw CLIError(.usage, messages.languageOption("--language", value: Terminal.sanitize(language)))
            }
            lang = parsed
        } else {
            lang = nil
        }

        // The repository, if there is one here; a folder inside another repository is refused (adopt at its root).
        let store: Store?
        if FileManager.default.fileExists(atPath: url.appendingPathComponent(".git").path) {
            store = try cli { try Store(at: url, requireConfig: false) }
        } else {
            if let outer = try? Repository.discover(from: url) {
                let root = outer.workingDirectory?.standardizedFileURL.path ?? outer.gitDirectory.path
                throw CLIError(.user, messages.initInsideRepository(url.path, root: root))
            }
            store = nil
        }

        // The working tree's files, and what would keep a commit from recording only the adoption.
        var paths: [String]
        var uncommitted = false
        var unreadable: [StoreProblem] = []
        if let store {
            (paths, uncommitted, unreadable) = try cli { try Self.workingFiles(of: store) }
        } else {
            paths = Self.folderFiles(url)
        }
        let plan = StoreAdoption.plan(
            title: title ?? url.lastPathComponent, language: lang, paths: paths,
            read: { path in try? WorkingTreeFile.read(path, in: url.path, limit: FrontMatterLimits().maxFileBytes).get().data },
            inferSchemas: inferSchemas)
        // Named in the user's language (`ProblemText`), one line per file, sorted by path.
        let text = ProblemText(catalog: messages)
        let warnings = (unreadable + plan.problems).sorted { ($0.file, $0.line ?? 0) < ($1.file, $1.line ?? 0) }.map(text.line)
        // A repository without Markdown folders is a new store in the making (a fresh clone): it may hold only the
        // files a hosted repository starts with (README, LICENSE, .github/, …), which it keeps; anything else is
        // refused before a file is written, rather than adopted with warnings into a store that cannot commit it.
        let kept = paths.filter(PathRules.isRepositoryFile)
        if plan.usedDefaults {
            let foreign = paths.filter { !PathRules.isRepositoryFile($0) } + unreadable.map(\.file)
            if !foreign.isEmpty {
                let shown = foreign.prefix(10).map { Terminal.sanitize(PathRules.printable($0)) } + (foreign.count > 10 ? ["…"] : [])
                throw CLIError(.user, messages.initForeignFiles(url.path, files: shown), hint: messages.initForeignFilesHint())
            }
        }
        let schemaFiles = plan.schemas.keys.sorted().map { "schemas/\($0)" }
        for file in schemaFiles where FileManager.default.fileExists(atPath: url.appendingPathComponent(file).path) {
            throw CLIError(.user, messages.initFileExists(url.appendingPathComponent(file).path))
        }
        for warning in warnings { Terminal.warning(Terminal.sanitize(warning)) }
        var signatures: (author: Signature, committer: Signature)?
        if commit {
            if uncommitted {
                throw CLIError(.user, messages.initUncommitted(), hint: messages.initUncommittedHint())
            }
            if !warnings.isEmpty {
                throw CLIError(.user, messages.initCannotCommit(warnings.count), hint: messages.initCannotCommitHint())
            }
            signatures = try identity.signatures(configFrom: store?.repository, messages: messages)
        }

        // Writing starts here.
        var created: [URL] = []
        var createdGit = false
        let adopted: Store
        do {
            if let store {
                adopted = store
            } else {
                _ = try Repository.create(at: url, initialBranch: "main")
                createdGit = true
                adopted = try Store(at: url, requireConfig: false)
            }
            let hadSchemasFolder = FileManager.default.fileExists(atPath: url.appendingPathComponent("schemas").path)
            try adopted.writeFile(StoreConfig.fileName, Data(plan.config.yaml().utf8))
            created.append(configPath)
            for (name, data) in plan.schemas.sorted(by: { $0.key < $1.key }) {
                try adopted.writeFile("schemas/\(name)", data)
                created.append(url.appendingPathComponent("schemas/\(name)"))
            }
            if !hadSchemasFolder, !plan.schemas.isEmpty { created.append(url.appendingPathComponent("schemas")) }
            for collection in plan.config.collections {
                let folder = url.appendingPathComponent(collection.name)
                if !FileManager.default.fileExists(atPath: folder.path) {
                    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: false)
                    created.append(folder)
                }
            }
            if let signatures {
                switch try adopted.commit(message: "Adopted as a chronik store", author: signatures.author,
                                          committer: signatures.committer, checker: StoreValidator()) {
                case .committed(let version, _, let commitWarnings):
                    for warning in commitWarnings { Terminal.warning(warning) }
                    var lines = [messages.initAdopted(url.path, description: describe(plan, messages: messages), version: version.id.short())]
                    if plan.usedDefaults, !kept.isEmpty { lines.append(messages.initKept(kept.map { Terminal.sanitize(PathRules.printable($0)) })) }
                    try answer(lines.joined(separator: "\n"),
                               InitJSON(store: url.path, action: .adopted, commit: version.id, collections: plan.config.collections.map(\.name),
                                        files: [StoreConfig.fileName] + schemaFiles, createdRepository: createdGit))
                case .nothingToCommit:
                    throw CLIError(.internal, "adopting recorded nothing")
                }
                return
            }
        } catch {
            // Take back what was written: the adoption happens whole or not at all.
            for file in created.reversed() { try? FileManager.default.removeItem(at: file) }
            if createdGit { try? FileManager.default.removeItem(at: url.appendingPathComponent(".git")) }
            if let error = error as? CLIError { throw error }
            throw CLIError(error)
        }
        var lines = [messages.initAdopted(url.path, description: describe(plan, messages: messages), version: nil)]
        if createdGit { lines.append(messages.initCreatedGit()) }
        if plan.usedDefaults, !kept.isEmpty { lines.append(messages.initKept(kept.map { Terminal.sanitize(PathRules.printable($0)) })) }
        lines.append(messages.initWrote([StoreConfig.fileName] + schemaFiles))
        lines.append(messages.initReview())
        try answer(lines.joined(separator: "\n"),
                   InitJSON(store: url.path, action: .adopted, collections: plan.config.collections.map(\.name),
                            files: [StoreConfig.fileName] + schemaFiles, createdRepository: createdGit))
    }

    private func describe(_ plan: AdoptionPlan, messages: any MessageCatalog) -> String {
        if plan.usedDefaults {
            return messages.initAdoptedDefaults(collections: plan.config.collections.map(\.name), language: plan.config.language.rawValue)
        }
        let counts = plan.config.collections.map { (name: $0.name, entries: plan.entryCounts[$0.name] ?? 0) }
        return messages.initAdoptedCollections(counts, language: plan.config.language.rawValue)
    }

    /// The files of a repository's working tree (the last version's with the uncommitted changes applied, untracked
    /// files included, ignored ones not), whether anything is uncommitted, and the files that cannot be read.
    static func workingFiles(of store: Store) throws(StoreError) -> (paths: [String], uncommitted: Bool, unreadable: [StoreProblem]) {
        var paths = Set<String>()
        if let tip = try store.tip() { paths = Set(try store.allPaths(inTree: tip.treeID)) }
        let status = try store.status()
        for change in status.entries {
            if let from = change.from { paths.remove(from.path) }
            if change.kind == .removed { paths.remove(change.entry.path) } else { paths.insert(change.entry.path) }
        }
        for change in status.files {
            if change.kind == .removed { paths.remove(change.path) } else { paths.insert(change.path) }
        }
        // The missing chronik.yml is what adopting is for; other problems are files the store would refuse.
        let problems = status.problems.filter { $0.file != StoreConfig.fileName }
        let uncommitted = !status.entries.isEmpty || !status.files.isEmpty || !problems.isEmpty
        for problem in problems { paths.remove(problem.file) }
        return (paths.sorted(), uncommitted, problems)
    }

    /// Every file below a folder that is no repository (relative paths), without following symbolic links.
    static func folderFiles(_ url: URL) -> [String] {
        var paths: [String] = []
        let root = url.standardizedFileURL.path
        guard let walker = FileManager.default.enumerator(atPath: root) else { return [] }
        while let item = walker.nextObject() as? String {
            let attributes = walker.fileAttributes
            if attributes?[.type] as? FileAttributeType == .typeDirectory { continue }
            paths.append(item)
        }
        return paths.sorted()
    }
}

/// `chronik init --format json` (docs/json-output.md, Schemas/output/init.schema.json): what was done at `store`.
/// `action`: `created` (a new store, its first version `commit`), `adopted` (chronik.yml and schemas written into an
/// existing folder or repository; `commit` only with `--commit`), `sample` (the sample's history imported, `commit`
/// its last version) or `existing` (already a store: nothing written).
struct InitJSON: Encodable {
    enum Action: String, Encodable { case created, adopted, sample, existing }

    var store: String
    var action: Action
    var commit: ObjectID?
    var collections: [String]?
    /// The files written, relative to the store.
    var files: [String]?
    /// True when adopting a folder made it a Git repository.
    var createdRepository: Bool?
    /// `--sample`: the import of the sample's drafts, as `chronik import snapshots` reports it.
    var sample: SnapshotImportJSON?
}
