import ArgumentParser
import ChronikStore
import Foundation

/// The entry point of both programs, `chronik` (Sources/chronik-main) and `chronik-serve`.
package func runChronik() {
    Chronik.main()
}

/// What the program's allocator can be asked, set by the executable that links it (mimalloc, `chronik-main`) before
/// `runChronik()`; nil where no such allocator is linked (the tests, other platforms).
package enum AllocatorSettings {
    /// From now on, return the memory freed to the system at once rather than some milliseconds later
    /// (`Publisher.Options.rendersEverything`: a publish that renders the whole site).
    nonisolated(unsafe) package static var returnFreedMemoryAtOnce: (@Sendable () -> Void)?
}

struct Chronik: ParsableCommand {
    /// Computed, so that the help speaks the environment's language (`Help`).
    static var configuration: CommandConfiguration {
        let help = Help.catalog.helpChronik()
        return CommandConfiguration(
            commandName: "chronik",
            abstract: help.abstract,
            discussion: help.discussion,
            version: ChronikVersion.string,
            subcommands: commands.map { $0.type })
    }

    /// The commands' names, in the order of the help, as their configurations give them (held to them by
    /// `CommandLineTests`): known without building any command's configuration, whose help texts ArgumentParser reads
    /// from the catalog, and without instantiating the commands' witness tables (issue 19: a table of the eighteen
    /// command types, which every run built to check its first word, was 2.6 % of a `log -n1`).
    static let commandNames = [
        "init", "new", "status", "commit", "log", "show", "list", "import", "demo", "validate", "mv", "diff", "changelog",
        "release", "releases", "doctor", "publish", "serve",
    ]

    /// The command of a name in `commandNames`.
    static func command(named name: String) -> (any ParsableCommand.Type)? {
        switch name {
        case "init": InitCommand.self
        case "new": NewCommand.self
        case "status": StatusCommand.self
        case "commit": CommitCommand.self
        case "log": LogCommand.self
        case "show": ShowCommand.self
        case "list": ListCommand.self
        case "import": ImportCommand.self
        case "demo": DemoCommand.self
        case "validate": ValidateCommand.self
        case "mv": MoveCommand.self
        case "diff": DiffCommand.self
        case "changelog": ChangelogCommand.self
        case "release": ReleaseCommand.self
        case "releases": ReleasesCommand.self
        case "doctor": DoctorCommand.self
        case "publish": PublishCommand.self
        case "serve": ServeCommand.self
        default: nil
        }
    }

    /// The commands with their names, in the order of the help.
    static var commands: [(name: String, type: any ParsableCommand.Type)] {
        commandNames.compactMap { name in command(named: name).map { (name, $0) } }
    }

    /// Parses, runs, and maps every error to one message on stderr (`chronik: error: …`, then a hint) and one exit
    /// code (issue 18's one error path): what the argument parser rejects is a usage error (2); everything a command
    /// throws goes through `CLIError(_:)`.
    static func main() {
        var arguments = Array(CommandLine.arguments.dropFirst())
        // `chronik --no-pager log` (`-P`), as `git -P log`: before the command, for any command.
        while let first = arguments.first, first == "--no-pager" || first == "-P" {
            arguments.removeFirst()
            Pager.disabled = true
        }
        if let lang = langFlag(arguments), let language = Messages.parse(lang) {
            // Errors before the command has chosen its catalog (a store that does not open) speak `--lang` too.
            CurrentCatalog.choose(Messages.catalog(language))
        }
        // `chronik --version` as the parser answers it (the same message through the same end, `CommandLineTests`),
        // without building the command tree for it: the no-op start-up of issue 19.
        if arguments == ["--version"] { parserEnded(CleanExit.message(ChronikVersion.string), arguments) }
        if let unknown = unknownCommand(arguments) { fail(unknown) }
        ValidateCommand.speculate(before: arguments)
        arguments = countWithItsOption(arguments)
        // `chronik log` as read without the parser, else the command the parser (or a plain reading) gives.
        let request = LogRequest.parsedPlainly(arguments)
        var command: (any ParsableCommand)?
        if request == nil {
            if let parsed = ValidateCommand.parsedPlainly(arguments) ?? parsedDirectly(arguments) {
                command = parsed
            } else {
                do {
                    command = try parseAsRoot(arguments)
                } catch {
                    parserEnded(error, arguments)
                }
            }
        }
        do {
            if let request { try request.run() } else { try command?.run() }
            try StandardOutput.finish()
        } catch let error as CLIError {
            fail(error)
        } catch {
            // `chronik help` runs the parser's own command, which throws the parser's requests and errors.
            if String(reflecting: type(of: error)).hasPrefix("ArgumentParser.") { parserEnded(error, arguments) }
            fail(CLIError(error))
        }
    }

    /// The common case, a command without subcommands that parses without error, help or version request
    /// (`chronik log -n1`, `chronik diff A B`): parsed with the command as the parser's root, which spares building
    /// the whole command tree (every command's configuration and help) and ArgumentParser's check for a completion
    /// script request (two pseudo-commands parsed by reflection, a tenth of `log -n1`; skipped for a root whose
    /// configuration names a super-command, which `Help.configuration` gives every command). The same value as the
    /// full parse (`CommandLineTests`); nil for anything else, which then goes the full way (`parseAsRoot` of
    /// `Chronik`), so that help, versions, completion scripts and every error are exactly as they were.
    static func parsedDirectly(_ arguments: [String]) -> (any ParsableCommand)? {
        guard let name = arguments.first, let type = command(named: name),
              type.configuration.subcommands.isEmpty,
              let parsed = try? type.parseAsRoot(Array(arguments.dropFirst())),
              ObjectIdentifier(Swift.type(of: parsed)) == ObjectIdentifier(type) else { return nil }
        return parsed
    }

    /// `chronik log -n1` as `git log -n1`: the parser takes a short option's value only as the next argument, so the
    /// log command's `-n<digits>` is split into `-n <digits>` (up to a `--`; only after `log`).
    static func countWithItsOption(_ arguments: [String]) -> [String] {
        guard let command = arguments.firstIndex(where: { !$0.hasPrefix("-") }), arguments[command] == "log" else { return arguments }
        var result = Array(arguments[...command])
        var rest = arguments[(command + 1)...]
        while let argument = rest.popFirst() {
            if argument == "--" {
                result.append(argument)
                result += rest
                break
            }
            let digits = argument.dropFirst(2)
            if argument.hasPrefix("-n"), !digits.isEmpty, digits.allSatisfy(\.isASCII), digits.allSatisfy(\.isNumber) {
                result += ["-n", String(digits)]
            } else {
                result.append(argument)
            }
        }
        return result
    }

    /// The end of an error or request of the argument parser: help, version and completion scripts are data on
    /// stdout (exit 0); an `ExitCode` is the exit code; anything else a usage error (exit 2).
    private static func parserEnded(_ error: Error, _ arguments: [String]) -> Never {
        let code = exitCode(for: error)
        if code == .success || code.rawValue == 0 {
            do {
                try StandardOutput.print(fullMessage(for: error))
                try StandardOutput.finish()
            } catch {
                fail(CLIError(error))
            }
            Foundation.exit(0)
        }
        if error is ExitCode { Foundation.exit(code.rawValue) }
        fail(usageError(error, arguments))
    }

    /// The value of `--lang X` or `--lang=X` before `--`, if given.
    static func langFlag(_ arguments: [String]) -> String? {
        var value: String?
        var index = arguments.startIndex
        while index < arguments.endIndex, arguments[index] != "--" {
            let argument = arguments[index]
            if argument == "--lang", index + 1 < arguments.endIndex {
                value = arguments[index + 1]
                index += 1
            } else if argument.hasPrefix("--lang=") {
                value = String(argument.dropFirst("--lang=".count))
            }
            index += 1
        }
        return value
    }

    /// An error of the argument parser in chronik's shape: the parser's message in the catalog's words where it is
    /// one of the usual ones (an unknown option, a missing or invalid value, an extra argument; else its own words),
    /// and a hint naming the command's `--help`.
    static func usageError(_ error: Error, _ arguments: [String] = []) -> CLIError {
        // `--lang`, the environment, else the language of the store around the current directory (looked up only now
        // that there is something to say).
        let catalog = usageCatalog(lang: langFlag(arguments))
        let (message, suggestion) = UsageMessage.translate(message(for: error), catalog: catalog)
        // The command the parser was working on, as its help names it ("See 'chronik status --help' …").
        let full = fullMessage(for: error, columns: 1_000)
        var command = "chronik"
        if let start = full.range(of: "See '"), let end = full[start.upperBound...].range(of: " --help'") {
            command = String(full[start.upperBound..<end.lowerBound])
        }
        return CLIError(.usage, message, hint: suggestion ?? catalog.usageHint(Terminal.sanitize(command)))
    }

    /// A first argument that is no option and names no command (`chronik stauts`): a usage error in the user's language
    /// with "did you mean" (issue 16), before ArgumentParser would say only "Unexpected argument".
    static func unknownCommand(_ arguments: [String]) -> CLIError? {
        guard let first = arguments.first, !first.hasPrefix("-") else { return nil }
        let names = commandNames + ["help"]
        guard !names.contains(first) else { return nil }
        let cwd = URL(fileURLWithPath: FileManager.default.currentDirectoryPath)
        let messages = messageCatalog(store: try? Store.discover(from: cwd, requireConfig: false))
        let close = Suggestions.closest(to: first, among: names)
        return CLIError(.usage, messages.unknownCommand(Terminal.sanitize(first)),
                        hint: close.isEmpty ? messages.commandListHint() : messages.didYouMeanName(close))
    }

    /// One message on stderr (and a hint), one exit code.
    private static func fail(_ error: CLIError) -> Never {
        Terminal.error(Terminal.sanitize(error.message))
        if let hint = error.hint { Terminal.hint(Terminal.sanitize(hint)) }
        Foundation.exit(error.kind.exitCode)
    }
}

/// The argument parser's usual messages (English, from swift-argument-parser's `UsageGenerator`) in the catalog's
/// words; any other message as it is. The parser's error types are internal to it, so its text is all there is.
enum UsageMessage {
    static func translate(_ message: String, catalog: any MessageCatalog) -> (message: String, suggestion: String?) {
        let text = message.trimmingCharacters(in: .whitespacesAndNewlines)
        if let range = text.range(of: "'. Did you mean '"), text.hasSuffix("'?"), let option = between(String(text[..<range.lowerBound]) + "'", "Unknown option '", "'") {
            let suggestion = String(text[range.upperBound..<text.index(text.endIndex, offsetBy: -2)])
            return (catalog.unknownOption(option), catalog.didYouMeanName([suggestion]))
        }
        return (plain(text, catalog: catalog), nil)
    }

    private static func plain(_ text: String, catalog: any MessageCatalog) -> String {
        if let option = between(text, "Unknown option '", "'") { return catalog.unknownOption(option) }
        if let argument = between(text, "Unexpected argument '", "'") { return catalog.unexpectedArguments([argument]) }
        if let range = text.range(of: " unexpected arguments: '"), text.hasSuffix("'"), Int(text[..<range.lowerBound]) != nil {
            let list = text[range.upperBound..<text.index(before: text.endIndex)]
            return catalog.unexpectedArguments(list.components(separatedBy: "', '"))
        }
        if let argument = between(text, "Missing expected argument '", "'") { return catalog.missingArgument(argument) }
        if let option = between(text, "Missing value for '", "'") {
            return catalog.missingValue(String(option.prefix { $0 != " " }))
        }
        if text.hasPrefix("The value '"), let end = text.range(of: "' is invalid for '") {
            let value = String(text[text.index(text.startIndex, offsetBy: "The value '".count)..<end.lowerBound])
            let rest = text[end.upperBound...]
            guard let close = rest.firstIndex(of: "'") else { return text }
            let option = String(rest[..<close].prefix { $0 != " " })
            let tail = rest[rest.index(after: close)...]
            var allowed: [String] = []
            if let list = tail.range(of: ". Please provide one of ") {
                let values = tail[list.upperBound...]
                if values.hasPrefix("the following:") {
                    allowed = values.split(separator: "\n").dropFirst().map { $0.trimmingCharacters(in: .whitespaces).replacingOccurrences(of: "- ", with: "") }
                } else {
                    allowed = values.components(separatedBy: "'").enumerated().filter { $0.offset % 2 == 1 }.map(\.element)
                }
            } else if !tail.isEmpty {
                return text
            }
            return catalog.invalidValue(value, option: option, allowed: allowed)
        }
        return text
    }

    /// The text between `prefix` and `suffix` when `text` is exactly that.
    private static func between(_ text: String, _ prefix: String, _ suffix: String) -> String? {
        guard text.hasPrefix(prefix), text.hasSuffix(suffix), text.count >= prefix.count + suffix.count + 1 else { return nil }
        let inner = text.dropFirst(prefix.count).dropLast(suffix.count)
        return inner.contains("'") ? nil : String(inner)
    }
}

enum ChronikVersion {
    static let string = "0.1.0"
}
