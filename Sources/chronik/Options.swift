import ArgumentParser
import ChronikStore
import Foundation

/// `--store DIR`: which store to work on; else the current directory and its parents, like git.
struct StoreOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp(Help.shared("store"), valueName: "dir"))
    var store: String?

    /// Opens the store. Write commands need `chronik.yml` (`requireConfig`); read commands pass `false` and also open
    /// a plain Git repository of Markdown files (`Store.isPlain`). A bare repository or no repository is an error either way.
    func open(requireConfig: Bool = true) throws(CLIError) -> Store {
        try Self.open(store: store, requireConfig: requireConfig)
    }

    /// `open(requireConfig:)` for a command that declares `--store` itself (`LogCommand`).
    static func open(store: String?, requireConfig: Bool = true) throws(CLIError) -> Store {
        let start = URL(fileURLWithPath: store ?? FileManager.default.currentDirectoryPath)
        let opened = try cli {
            if store != nil { return try Store(at: start, requireConfig: requireConfig) }
            return try Store.discover(from: start, requireConfig: requireConfig)
        }
        CurrentCatalog.opened(opened.root)
        return opened
    }
}

/// The values of an option whose type is an enumeration of strings (`--format`, `--color`, …), for help and
/// completions: its raw values, as ArgumentParser's own default gives them (`rawValue.defaultValueDescription`, a
/// string's being itself), without that default's key path, which the parse instantiates at run time in generic code
/// and which looks up the type's RawRepresentable and CaseIterable conformances, each a scan of the binary's 7,199
/// conformance records (issue 19: start-up).
extension ExpressibleByArgument where Self: CaseIterable, Self: RawRepresentable, RawValue == String {
    public static var allValueStrings: [String] { allCases.map { $0.rawValue } }
}

enum OutputFormat: String, ExpressibleByArgument, CaseIterable {
    case text, json
}

/// `--format text|json`: every read command has both, and so do the writing commands (their JSON says what they did);
/// JSON follows the contract of docs/json-output.md (`printJSON`).
struct OutputOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp(Help.shared("format")))
    var format: OutputFormat = .text
}

/// The catalog of messages a command speaks (issue 16; Sources/ChronikStore/Messages): `--lang` where the command has
/// it, then `CHRONIK_LANG`, the locale (`LC_ALL`, `LC_MESSAGES`, `LANG`), the store's language (`chronik.yml` in the
/// working tree, when there is a readable one), else English. Machine output (JSON, annotations' structure) does not
/// use it.
func messageCatalog(lang: String? = nil, store: Store? = nil, storeLanguage known: StoreLanguage? = nil) -> any MessageCatalog {
    // `storeLanguage`: the language of a store being created (`chronik init`), which has no chronik.yml to read yet.
    // The working tree's chronik.yml is read only when `--lang` and the environment leave the choice to the store.
    let language = languageChoice(flag: lang, environment: Environment.language) {
        known ?? store.flatMap { try? $0.workingConfig().language }
    }
    let catalog = Messages.catalog(language)
    CurrentCatalog.choose(catalog)
    return catalog
}

/// `Messages.language` with the store's language asked only when it counts: when the flag and the environment decide
/// (the answer is the same whichever the store's language), `storeLanguage` is not called (issue 19: a
/// `chronik log -n1` with `CHRONIK_LANG` or a German or English locale need not parse chronik.yml for it).
func languageChoice(flag: String?, environment: [String: String], storeLanguage: () -> StoreLanguage?) -> StoreLanguage {
    let decided = Messages.language(flag: flag, environment: environment, store: .de)
    if decided == Messages.language(flag: flag, environment: environment, store: .en) { return decided }
    return Messages.language(flag: flag, environment: environment, store: storeLanguage())
}

/// The catalog the running command speaks, for the one error mapping (`CLIError(_:)`): the one `messageCatalog`
/// chose last; before a command has chosen, the language of an opened store's `chronik.yml` (asked only when an error
/// is worded), else the environment's (`--lang` aside, the order of `Messages.language`).
enum CurrentCatalog {
    private static let lock = NSLock()
    /// Guarded by `lock`.
    nonisolated(unsafe) private static var chosen: (any MessageCatalog)?
    /// The root of the store a command opened; guarded by `lock`.
    nonisolated(unsafe) private static var storeRoot: URL?

    static var catalog: any MessageCatalog {
        let (chosen, root) = lock.withLock { (Self.chosen, Self.storeRoot) }
        if let chosen { return chosen }
        return Messages.catalog(languageChoice(flag: nil, environment: Environment.language) {
            root.flatMap { try? Store(at: $0, requireConfig: false).workingConfig().language }
        })
    }

    /// What a command chose (`messageCatalog`).
    static func choose(_ catalog: any MessageCatalog) {
        lock.withLock { chosen = catalog }
    }

    /// The store a command opened, whose language counts until a command chooses.
    static func opened(_ root: URL) {
        lock.withLock { storeRoot = root }
    }

    /// Back to nothing chosen (for tests in one process).
    static func reset() {
        lock.withLock { chosen = nil; storeRoot = nil }
    }
}

/// The catalog of a usage error found before a command runs (`validate()`): `--lang` when it names a language, the
/// environment, else the language of the store around `path` (or the current directory), looked up only now that
/// there is something to say.
func usageCatalog(lang: String? = nil, store path: String? = nil) -> any MessageCatalog {
    let start = URL(fileURLWithPath: path ?? FileManager.default.currentDirectoryPath)
    let store = path != nil ? try? Store(at: start, requireConfig: false) : try? Store.discover(from: start, requireConfig: false)
    return messageCatalog(lang: lang.flatMap { ["de", "en"].contains($0) ? $0 : nil }, store: store)
}

/// `--lang de|en`: the language of a command's messages (issue 16), for the commands that have no `--lang` of their
/// own (where it also chooses the labels of output).
struct LanguageOptions: ParsableArguments {
    @Option(help: ArgumentHelp(Help.shared("lang"), valueName: "de|en"))
    var lang: String?

    func validate() throws {
        if let lang, !["de", "en"].contains(lang) { throw ValidationError(usageCatalog().languageOption("--lang", value: nil)) }
    }
}

/// The texts of `--help` (issue 16): from the catalog the environment names (`CHRONIK_LANG`, then `LC_ALL`,
/// `LC_MESSAGES`, `LANG`), since no store is known while ArgumentParser builds help. Commands compute their
/// `configuration` and their arguments' help from here at run time.
enum Help {
    /// The catalog of help: `--lang` where the command line gives it, else the environment's. Not recorded as the
    /// command's choice (`messageCatalog` is): ArgumentParser builds help texts on every run, before a command has
    /// chosen, and that must not decide the language of its errors.
    /// Chosen once per process: the command line and the environment do not change while it runs, and ArgumentParser
    /// asks for a help text for every option and every command's configuration on every run (start-up time).
    static let catalog: any MessageCatalog = {
        let flag = Chronik.langFlag(Array(CommandLine.arguments.dropFirst()))
        return Messages.catalog(Messages.language(flag: flag.flatMap { Messages.parse($0) != nil ? $0 : nil },
                                                  environment: Environment.language, store: nil))
    }()

    /// Each command's help, built once (a command's options each ask for theirs).
    private static let cache = HelpCache()

    /// A command's configuration: its name, and abstract and discussion in the environment's language.
    /// Each names `chronik` as its super-command: used only where the command is the root of a parse
    /// (`Chronik.parsedDirectly`; help, usage and completions always start from `Chronik`), where it tells
    /// ArgumentParser not to look for a completion script request.
    static func configuration(_ name: String, _ command: HelpedCommand, subcommands: [any ParsableCommand.Type] = []) -> CommandConfiguration {
        let help = cache.help(command)
        var configuration = CommandConfiguration(commandName: name, abstract: help.abstract, discussion: help.discussion, subcommands: subcommands)
        configuration._superCommandName = "chronik"
        return configuration
    }

    /// The help of one of a command's arguments or options, by its property's name.
    static func text(_ command: HelpedCommand, _ key: String) -> String {
        cache.help(command).argument(key)
    }

    /// The help of an option several commands share (`--store`, `--format`, `--lang`, `--author`, …).
    static func shared(_ key: String) -> String {
        cache.shared[key] ?? ""
    }

    private final class HelpCache: @unchecked Sendable {
        private let lock = NSLock()
        /// Guarded by `lock`.
        /// By the command's raw value: a dictionary keyed by `HelpedCommand` itself costs a `log -n1` one more look-up
        /// of a protocol conformance (its `Hashable`), a scan of the binary's conformance records (issue 19).
        private var built: [String: CommandHelp] = [:]
        let shared: [String: String] = Help.catalog.helpSharedOptions()

        func help(_ command: HelpedCommand) -> CommandHelp {
            lock.withLock {
                if let help = built[command.rawValue] { return help }
                let help = Help.catalog.helpCommand(command)
                built[command.rawValue] = help
                return help
            }
        }
    }
}
