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
    static let configuration = CommandConfiguration(
        commandName: "init",
        abstract: "Create a new store, or adopt an existing repository or folder of Markdown files as one.",
        discussion: """
            In a missing or empty directory: a Git repository on branch main with chronik.yml, the default schemas and a \
            first commit. With --sample berlin, the store holds the embedded Berlin sample with its full history instead \
            (one version and tag per draft). \
            In an existing repository (or folder) with files: adopts it. Writes chronik.yml with one collection per \
            top-level folder that holds .md files (and, with --infer-schemas, schemas inferred from their front matter), \
            names every file that does not fit the store's rules, moves nothing, and commits only with --commit. \
            An existing chronik.yml is never overwritten.
            """)

    @Argument(help: "The directory (default: the current directory): missing, empty, an existing repository or folder to adopt, or already a store.")
    var directory: String?

    @Option(help: "The store's title (default: Wissensspeicher; when adopting, the folder's name).")
    var title: String?

    @Option(help: "The language of labels in public output: de or en (default: de; when adopting, detected from the content, else en).")
    var language: String?

    @Flag(help: "When adopting: also write schemas/<collection>.schema.json inferred from the entries' front matter.")
    var inferSchemas = false

    @Flag(help: "When adopting: commit chronik.yml and the schemas at once (else they are left for review).")
    var commit = false

    @Option(help: ArgumentHelp("Create the store with an embedded sample's history instead: berlin.", valueName: "name"))
    var sample: Sample?

    @OptionGroup var identity: IdentityOptions

    func validate() throws {
        if sample != nil, title != nil || language != nil || identity.author != nil || identity.date != nil {
            throw ValidationError("--sample takes its title, language, authors and dates from the sample; drop --title, --language, --author and --date")
        }
        if sample != nil, inferSchemas || commit {
            throw ValidationError("--infer-schemas and --commit are for adopting an existing repository, not with --sample")
        }
    }

    func run() throws {
        let url = URL(fileURLWithPath: directory ?? FileManager.default.currentDirectoryPath).standardizedFileURL
        if Store.isStore(at: url) {
            if inferSchemas || commit {
                throw CLIError(.user, "\(url.path) already has a chronik.yml; chronik init never overwrites it",
                               hint: "edit chronik.yml and schemas/ by hand, then run chronik validate")
            }
            try StandardOutput.print("\(url.path) is already a chronik store; nothing to do")
            return
        }
        if sample == nil, !Self.isEmptyOrMissing(url) {
            try adopt(url)
            return
        }
        if let sample {
            let report = try importing { try SnapshotImporter.run(sample.snapshots, into: url, root: sample.displayName, options: .validated) }
            let tags = report.createdTags
            try StandardOutput.print("Created a chronik store in \(url.path) with the \(sample.rawValue) sample: \(report.importedCount) versions, tags \(tags.joined(separator: ", ")) (branch main)")
            for warning in report.warnings { Terminal.warning(warning) }
            return
        }
        let languageCode = language ?? "de"
        guard let lang = StoreLanguage(rawValue: languageCode) else {
            throw CLIError(.usage, "--language must be de or en, not \"\(Terminal.sanitize(languageCode))\"")
        }
        let (author, committer) = try identity.signatures(configFrom: nil)
        let (_, commit) = try cli {
            try Store.create(
                at: url, config: DefaultStore.config(title: title ?? "Wissensspeicher", language: lang), schemas: DefaultStore.schemas,
                author: author, committer: committer, message: "Wissensspeicher angelegt / Store created",
                checker: StoreValidator())
        }
        let config = DefaultStore.config(title: title ?? "Wissensspeicher", language: lang)
        try Self.createCollectionFolders(config, at: url)
        let messages = messageCatalog(store: nil, storeLanguage: lang)
        try StandardOutput.print(messages.storeCreated(url.path, version: commit.id.short(), folders: config.collections.map(\.name)))
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
    func adopt(_ url: URL) throws {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: url.path, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw CLIError(.user, "\(url.path) is not a directory")
        }
        let configPath = url.appendingPathComponent(StoreConfig.fileName)
        if FileManager.default.fileExists(atPath: configPath.path) || (try? FileManager.default.destinationOfSymbolicLink(atPath: configPath.path)) != nil {
            throw CLIError(.user, "\(url.path) already has a chronik.yml (but is not the root of a Git repository with a working tree); chronik init never overwrites it")
        }
        let lang: StoreLanguage?
        if let language {
            guard let parsed = StoreLanguage(rawValue: language) else {
                throw CLIError(.usage, "--language must be de or en, not \"\(Terminal.sanitize(language))\"")
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
                throw CLIError(.user, "\(url.path) is inside the Git repository at \(root); run chronik init at its root to adopt it")
            }
            store = nil
        }

        // The working tree's files, and what would keep a commit from recording only the adoption.
        var paths: [String]
        var uncommitted = false
        var unreadable: [String] = []
        if let store {
            (paths, uncommitted, unreadable) = try cli { try Self.workingFiles(of: store) }
        } else {
            paths = Self.folderFiles(url)
        }
        let plan = StoreAdoption.plan(
            title: title ?? url.lastPathComponent, language: lang, paths: paths,
            read: { path in try? WorkingTreeFile.read(path, in: url.path, limit: FrontMatterLimits().maxFileBytes).get().data },
            inferSchemas: inferSchemas)
        let warnings = (unreadable + plan.warnings).sorted()
        let schemaFiles = plan.schemas.keys.sorted().map { "schemas/\($0)" }
        for file in schemaFiles where FileManager.default.fileExists(atPath: url.appendingPathComponent(file).path) {
            throw CLIError(.user, "\(url.appendingPathComponent(file).path) exists; chronik init never overwrites it")
        }
        for warning in warnings { Terminal.warning(Terminal.sanitize(warning)) }
        var signatures: (author: Signature, committer: Signature)?
        if commit {
            if uncommitted {
                throw CLIError(.user, "the working tree has uncommitted changes; commit them first, or leave out --commit and review the new files",
                               hint: "--commit records only the adoption (chronik.yml and schemas)")
            }
            if !warnings.isEmpty {
                throw CLIError(.user, "cannot commit the adoption: \(warnings.count) file\(warnings.count == 1 ? " does" : "s do") not fit the store's rules (named above); nothing was written",
                               hint: "fix or remove them, or leave out --commit and review")
            }
            signatures = try identity.signatures(configFrom: store?.repository)
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
                    try StandardOutput.print("Adopted \(url.path) as a chronik store: \(describe(plan)) (version \(version.id.short()))")
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
        var lines = ["Adopted \(url.path) as a chronik store: \(describe(plan))"]
        if createdGit { lines.append("Created a Git repository there (branch main).") }
        lines.append("Wrote \(([StoreConfig.fileName] + schemaFiles).joined(separator: ", ")); nothing was committed or moved.")
        lines.append("Review them, then run `chronik validate` and `chronik commit -m MESSAGE`.")
        try StandardOutput.print(lines.joined(separator: "\n"))
    }

    private func describe(_ plan: AdoptionPlan) -> String {
        if plan.usedDefaults {
            return "no folder holds Markdown files, so the default collections (\(plan.config.collections.map(\.name).joined(separator: ", "))) and schemas were taken; labels in \(plan.config.language.rawValue)"
        }
        let parts = plan.config.collections.map { c in
            let n = plan.entryCounts[c.name] ?? 0
            return "\(c.name) (\(n) \(n == 1 ? "entry" : "entries"))"
        }
        return "collections \(parts.joined(separator: ", ")); labels in \(plan.config.language.rawValue)"
    }

    /// The files of a repository's working tree (the last version's with the uncommitted changes applied, untracked
    /// files included, ignored ones not), whether anything is uncommitted, and the files that cannot be read.
    static func workingFiles(of store: Store) throws(StoreError) -> (paths: [String], uncommitted: Bool, unreadable: [String]) {
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
        return (paths.sorted(), uncommitted, problems.map(\.description))
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
