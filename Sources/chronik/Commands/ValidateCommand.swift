import ArgumentParser
import ChronikSchema
import ChronikStore
import Foundation
import GitKit

enum ValidateFormat: String, ExpressibleByArgument, CaseIterable {
    case text, json, github
}

struct ValidateCommand: ParsableCommand {
    static var configuration: CommandConfiguration { Help.configuration("validate", .validate) }

    @Argument(help: ArgumentHelp(Help.text(.validate, "entries")), completion: Completions.entries)
    var entries: [String] = []

    @Option(help: ArgumentHelp(Help.text(.validate, "at")), completion: Completions.revisions)
    var at: String?

    @Option(help: ArgumentHelp(Help.text(.validate, "format")))
    var format: ValidateFormat = .text

    @Option(help: ArgumentHelp(Help.shared("lang"), valueName: "de|en"))
    var lang: String?

    @OptionGroup var storeOptions: StoreOptions
    @OptionGroup var colorOptions: ColorOptions

    /// `chronik validate --format json` (docs/json-output.md, Schemas/output/validate.schema.json).
    struct Output: Encodable {
        var valid: Bool
        /// The version validated (`--at`); absent for the working tree.
        var commit: String?
        var entries: Int
        var schemas: Int
        var problems: [StoreProblem]
        /// True for a plain repository (no chronik.yml): only the checks that need no schema were made.
        var plain: Bool?
    }

    nonisolated(unsafe) private static var keptUntilExit: VersionContent?
    nonisolated(unsafe) private static var reportKeptUntilExit: StoreValidationReport?

    func run() throws {
        // With `--store DIR` and the working tree, the version is listed at DIR (and the validation cache read)
        // while libgit2 starts and opens the repository (its start-up alone parses the system's CA certificates,
        // some milliseconds); it is used only if the store turns out to be rooted there, with its cache there.
        let speculation = at == nil ? Self.startedEarly(store: storeOptions.store, entries: entries)
            ?? storeOptions.store.map { Speculation(root: URL(fileURLWithPath: $0).standardizedFileURL, stampless: entries.isEmpty) } : nil
        let store = try storeOptions.open(requireConfig: false)
        speculation?.shareConfig(with: store)
        if let at {
            // An unknown revision is said in the user's language with "did you mean" (issue 16), before anything is read.
            do {
                _ = try store.resolve(at)
            } catch {
                throw EntryLookup.revisionError(error, store: store, messages: messageCatalog(lang: lang, store: store))
            }
        }
        if store.isPlain {
            let commit = try cli { try at.map { spec throws(StoreError) in try store.resolve(spec) } }
            if try cli({ try commit.flatMap { c throws(StoreError) in try store.configIfAny(at: c) } }) == nil {
                try runPlain(store, at: commit)
                return
            }
        }
        let catalog = messageCatalog(lang: lang, store: store)
        let (report, version, text) = try cli { () throws -> (StoreValidationReport, String?, ProblemText) in
            let content: VersionContent
            var version: String?
            var tree: ObjectID?
            do {
                if let at {
                    let commit = try store.resolve(at)
                    content = try .commit(commit, in: store)
                    version = commit.id.hex
                    tree = commit.treeID
                } else {
                    if let listed = speculation?.result(for: store) {
                        content = listed
                    } else {
                        content = try .workingTree(of: store, stampless: entries.isEmpty)
                    }
                    // The tip's tree names the entries asked for; the gate (no entries named) reads the tip itself,
                    // on its own thread: read here, it was a commit read on the main thread between the listing and
                    // the first check (issue 19).
                    if !entries.isEmpty { tree = try store.tip()?.treeID }
                }
            } catch StoreError.invalidConfig(let problem) {
                // A broken chronik.yml is a finding like any other (a GitHub annotation on chronik.yml, exit 1):
                // nothing else can be checked without it.
                return (StoreValidationReport(problems: [problem], entriesChecked: 0, schemasChecked: 0), version, ProblemText(catalog: catalog))
            }
            let text = ProblemText(catalog: catalog, content: content)
            if entries.isEmpty && at == nil {
                // The whole working tree: everything `commit` would refuse, too (StoreGate).
                Self.keptUntilExit = content
                let report = try StoreGate.workingTree(content, of: store, validator: StoreValidator())
                Self.reportKeptUntilExit = report
                return (report, nil, text)
            }
            var only: Set<EntryID>?
            if !entries.isEmpty {
                var selected = Set<EntryID>()
                for spec in entries {
                    let id = try store.resolveEntry(spec, inTree: tree, config: content.config)
                    guard content.entries[id] != nil else { throw StoreError.entryNotFound(spec: spec, revision: at) }
                    selected.insert(id)
                }
                only = selected
            }
            // Kept until the process exits: freeing thousands of entries one by one just before exiting is time
            // spent for nothing (about 2 ms of a warm run on 5,000 entries).
            Self.keptUntilExit = content
            let report = StoreValidator().validate(content, only: only)
            Self.reportKeptUntilExit = report
            try content.unreadable.check()
            return (report, version, text)
        }
        var paint = Paint(enabled: false)
        switch format {
        case .json:
            try printJSON(Output(valid: report.isValid, commit: version, entries: report.entriesChecked,
                                 schemas: report.schemasChecked, problems: report.problems))
        case .github:
            var lines = ""
            for problem in report.problems { lines += githubAnnotation(problem, text: text) + "\n" }
            try StandardOutput.write(lines)
        case .text:
            // Colour: problems red, the all-clear green (the words say it too).
            paint = Paint(enabled: colorOptions.decide("validate", repository: store.repository))
            var lines = ""
            for problem in report.problems { lines += paint.problem(Terminal.sanitize(text.line(problem))) + "\n" }
            try StandardOutput.write(lines)
        }
        guard report.isValid else {
            let files = Set(report.problems.map { $0.file }).count
            throw CLIError(.user, catalog.problemsFound(problems: report.problems.count, files: files, entriesChecked: report.entriesChecked, note: nil))
        }
        if format == .text { try StandardOutput.print(paint.added(catalog.entriesValid(report.entriesChecked))) }
    }
}

extension ValidateCommand {
    /// A plain repository (no chronik.yml): every `.md` file of the working tree (or of the version `--at`) checked
    /// by `PlainCheck` (UTF-8, front matter syntax where there is front matter, merge conflicts); no schemas, no rules.
    func runPlain(_ store: Store, at commit: Commit?) throws {
        let catalog = messageCatalog(lang: lang, store: store)
        let text = ProblemText(catalog: catalog)
        let problems: [StoreProblem], checked: Int
        (problems, checked) = try cli { () throws -> ([StoreProblem], Int) in
            var files: [String: () throws -> Data?] = [:]
            if let commit {
                for path in try store.allPaths(inTree: commit.treeID) where StoreLayout.plain.entry(at: path) != nil {
                    files[path] = { try store.blob(at: path, inTree: commit.treeID) }
                }
            } else {
                // The working tree's files: the last version's, with the uncommitted changes applied (as status sees them).
                var paths = Set(try store.tip().map { try store.allPaths(inTree: $0.treeID) } ?? [])
                let status = try store.status()
                for change in status.entries {
                    if let from = change.from { paths.remove(from.path) }
                    if change.kind == .removed { paths.remove(change.entry.path) } else { paths.insert(change.entry.path) }
                }
                for path in paths where StoreLayout.plain.entry(at: path) != nil {
                    files[path] = {
                        switch WorkingTreeFile.read(path, in: store.root.path, limit: FrontMatterLimits().maxFileBytes) {
                        case .success(let file): return file.data
                        case .failure(.missing): return nil
                        case .failure(let problem): throw StoreError.invalidContent([StoreProblem(file: path, message: problem.description)])
                        }
                    }
                }
            }
            var selected = Set(files.keys)
            if !entries.isEmpty {
                selected = []
                for spec in entries {
                    let id = try Store.plainEntry(spec, among: files.keys)
                    guard files[id.path] != nil else { throw StoreError.entryNotFound(spec: spec, revision: at) }
                    selected.insert(id.path)
                }
            }
            var problems: [StoreProblem] = []
            var checked = 0
            for path in selected.sorted() {
                do {
                    guard let data = try files[path]?() else { continue }
                    checked += 1
                    problems += PlainCheck.problems(path: path, data: data)
                } catch StoreError.invalidContent(let refused) {
                    checked += 1
                    problems += refused
                }
            }
            return (problems, checked)
        }
        let valid = problems.isEmpty
        var paint = Paint(enabled: false)
        switch format {
        case .json:
            try printJSON(Output(valid: valid, commit: commit?.id.hex, entries: checked, schemas: 0, problems: problems, plain: true))
        case .github:
            var lines = ""
            for problem in problems { lines += githubAnnotation(problem, text: text) + "\n" }
            try StandardOutput.write(lines)
        case .text:
            paint = Paint(enabled: colorOptions.decide("validate", repository: store.repository))
            try StandardOutput.print(catalog.plainRepositoryNote())
            var lines = ""
            for problem in problems { lines += paint.problem(Terminal.sanitize(text.line(problem))) + "\n" }
            try StandardOutput.write(lines)
        }
        guard valid else {
            let files = Set(problems.map { $0.file }).count
            throw CLIError(.user, catalog.problemsFound(problems: problems.count, files: files, entriesChecked: checked, note: catalog.plainRepositoryNote()))
        }
        if format == .text { try StandardOutput.print(paint.added(catalog.entriesValid(checked))) }
    }
}

/// A GitHub Actions workflow command: `::error file=…,line=…,col=…,title=…::message`, escaped as the runner
/// expects (`%`, CR and LF in the message; also `:` and `,` in properties). Paths are relative to the store root.
/// The message is the text output's (`ProblemText`, in the message language); the title keeps the keyword and the
/// field's JSON Pointer (language-neutral).
func githubAnnotation(_ problem: StoreProblem, text: ProblemText) -> String {
    func data(_ s: String) -> String {
        s.replacingOccurrences(of: "%", with: "%25").replacingOccurrences(of: "\r", with: "%0D").replacingOccurrences(of: "\n", with: "%0A")
    }
    func property(_ s: String) -> String {
        data(s).replacingOccurrences(of: ":", with: "%3A").replacingOccurrences(of: ",", with: "%2C")
    }
    var properties = ["file=" + property(problem.file)]
    if let line = problem.line { properties.append("line=\(line)") }
    if let column = problem.column { properties.append("col=\(column)") }
    var title = problem.keyword.map { "chronik: \($0)" } ?? "chronik"
    if let field = problem.field, !field.isEmpty { title += " " + field }
    properties.append("title=" + property(title))
    let message = (text.field(of: problem).map { "\($0): " } ?? "") + text.message(problem)
    return "::error " + properties.joined(separator: ",") + "::" + data(Terminal.sanitize(message))
}

extension ValidateCommand {
    /// The speculation `speculate(before:)` started, with the `--store` it was started for (nil: the current folder).
    nonisolated(unsafe) private static var early: (speculation: Speculation, store: String?)?

    /// Starts listing the working tree (`Speculation`) before the arguments are parsed, for the plainest
    /// `chronik validate`: the whole working tree of the store at `--store` or, without it, of the current folder,
    /// with nothing but `--format`, `--lang` and `--color` besides (each with its value). Parsing the arguments takes
    /// about a millisecond (ArgumentParser's reflection over the command), all of it before the listing began (issue
    /// 19). The parsed command uses it only if it asks for the same: the working tree, every entry, the same
    /// `--store`, a store rooted there (`Speculation.result(for:)`); else it is left, having only read.
    static func speculate(before arguments: [String]) {
        guard arguments.first == "validate" else { return }
        var store: String?
        var rest = arguments.dropFirst()
        while let argument = rest.popFirst() {
            switch argument {
            case "--store":
                guard let value = rest.popFirst() else { return }
                store = value
            case "--format", "--lang", "--color":
                guard rest.popFirst() != nil else { return }
            default:
                if argument.hasPrefix("--store=") {
                    store = String(argument.dropFirst("--store=".count))
                } else if !(argument.hasPrefix("--format=") || argument.hasPrefix("--lang=") || argument.hasPrefix("--color=")) {
                    return // entries, `--at`, help, anything else: the parsed command decides.
                }
            }
        }
        let root = store ?? FileManager.default.currentDirectoryPath
        guard !root.isEmpty else { return }
        early = (Speculation(root: URL(fileURLWithPath: root).standardizedFileURL, stampless: true), store)
    }

    /// The plainest `validate` command lines made without ArgumentParser: `validate` with `--store`, `--format`,
    /// `--lang` and `--color` (each at most once, with a value that does not start with `-` and, for `--format` and
    /// `--color`, is one of theirs), as `--name value` or `--name=value`; nil for anything else, which ArgumentParser
    /// parses as before (entries, `--at`, help, errors). The same value as its parse (`CommandLineTests`). Its parse
    /// took about a millisecond of CPU, a tenth of a cold `validate` of the sample (issue 19): the reflection over the
    /// command's properties and the first look-up of each of their types' conformances, a scan of the binary's
    /// conformance records each.
    static func parsedPlainly(_ arguments: [String]) -> ValidateCommand? {
        guard arguments.first == "validate", let line = PlainCommandLine(
            arguments.dropFirst(), options: ["--store", "--format", "--lang", "--color"], flags: []) else { return nil }
        var command = ValidateCommand()
        command.entries = []
        command.at = nil
        if let format = line.value("--format").value {
            guard let known = ValidateFormat(rawValue: format) else { return nil }
            command.format = known
        } else {
            command.format = .text
        }
        command.lang = line.value("--lang").value
        var store = StoreOptions()
        store.store = line.value("--store").value
        command.storeOptions = store
        var color = ColorOptions()
        if let choice = line.value("--color").value {
            guard let known = ColorChoice(rawValue: choice) else { return nil }
            color.color = known
        } else {
            color.color = nil
        }
        command.colorOptions = color
        return command
    }

    /// The speculation started before the parse, if it is the one this command would start (the same `--store`, no
    /// entries named).
    private static func startedEarly(store: String?, entries: [String]) -> Speculation? {
        guard let (speculation, speculatedStore) = early, speculatedStore == store, entries.isEmpty else { return nil }
        return speculation
    }
}

/// The working tree listed on another thread at a guessed store root, before the store is open.
private final class Speculation: @unchecked Sendable {
    private let root: URL
    private var content: VersionContent?
    private let done = DispatchSemaphore(value: 0)
    /// `chronik.yml` as read and parsed at `root`, as soon as it is (guarded by `lock`).
    private var config: (data: Data, config: StoreConfig)?
    private let lock = NSLock()

    /// `stampless`: as `VersionContent.workingTree(of:prefetch:stampless:)`.
    init(root: URL, stampless: Bool) {
        self.root = root
        // A thread of its own: the dispatch pool may start its first worker only once the main thread waits.
        Thread { [self] in
            defer { done.signal() }
            // Any trouble (no chronik.yml, a broken one) is left to the real thing, which reports it.
            // Read as the store reads it (`Store.workingConfig`): never through a symbolic link or from a FIFO.
            guard let file = try? WorkingTreeFile.read(StoreConfig.fileName, in: root.path, limit: FrontMatterLimits().maxFileBytes).get(),
                  let config = try? StoreConfig.parse(file.data) else { return }
            lock.withLock { self.config = (file.data, config) }
            content = VersionContent.workingTree(root: root, config: config, cacheFile: Self.cacheFile(root), stampless: stampless)
        }.start()
    }

    /// Hands `store` the configuration parsed here, if it is parsed by now (it does not wait): the store's own reads
    /// of `chronik.yml` (the messages' language, the gate's configuration) then find those bytes parsed
    /// (`Store.adoptParsedConfig`). The main thread parsed it a second time, 0.36 ms beside the listing's two
    /// threads before the first entry was checked (issue 19). The bytes key it, so a store rooted elsewhere
    /// only keeps what parses the same.
    func shareConfig(with store: Store) {
        guard let (data, config) = lock.withLock({ self.config }) else { return }
        store.adoptParsedConfig(config, from: data)
    }

    private static func cacheFile(_ root: URL) -> URL {
        root.appendingPathComponent(".git/chronik/validation-cache")
    }

    /// The listed version, if `store` is rooted where it was listed and keeps its cache where it was read
    /// (`VersionContent.cacheFile(of:)`); then it is what `VersionContent.workingTree(of: store)` would give.
    func result(for store: Store) -> VersionContent? {
        done.wait()
        guard let content, store.root.standardizedFileURL.path == root.path,
              VersionContent.cacheFile(of: store).standardizedFileURL.path == Self.cacheFile(root).standardizedFileURL.path
        else { return nil }
        return content
    }
}
