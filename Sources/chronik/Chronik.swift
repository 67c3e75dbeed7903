import ArgumentParser
import ChronikStore
import Foundation

@main
struct Chronik: ParsableCommand {
    /// Computed, so that the help speaks the environment's language (`Help`).
    static var configuration: CommandConfiguration {
        let help = messageCatalog().helpChronik()
        return CommandConfiguration(
            commandName: "chronik",
            abstract: help.abstract,
            discussion: help.discussion,
            version: ChronikVersion.string,
            subcommands: [InitCommand.self, NewCommand.self, StatusCommand.self, CommitCommand.self, LogCommand.self, ShowCommand.self,
                          ImportCommand.self, DemoCommand.self, ValidateCommand.self, MoveCommand.self,
                          DiffCommand.self,
                          ChangelogCommand.self, ReleaseCommand.self, ReleasesCommand.self, DoctorCommand.self,
                          PublishCommand.self, ServeCommand.self])
    }

    /// Parses, runs, and maps every error to one message on stderr and one exit code.
    static func main() {
        let arguments = Array(CommandLine.arguments.dropFirst())
        if let unknown = unknownCommand(arguments) { fail(unknown) }
        do {
            var command = try parseAsRoot(arguments)
            try command.run()
            try StandardOutput.finish()
        } catch let error as CLIError {
            fail(error)
        } catch {
            let code = exitCode(for: error)
            if code == .success || code.rawValue == 0 {
                do {
                    try StandardOutput.print(fullMessage(for: error))
                    try StandardOutput.finish()
                } catch {
                    fail(error)
                }
                Foundation.exit(0)
            }
            if error is ExitCode {
                Foundation.exit(code.rawValue)
            }
            // Everything ArgumentParser rejects is a usage error, said as every error is (issue 16): the message
            // (our own validations' in the user's language; ArgumentParser's own, such as "Unknown option", in its
            // English), then where the command's help is.
            let messages = usageCatalog(lang: languageFlag(arguments))
            fail(CLIError(.usage, message(for: error), hint: messages.usageHint(commandPath(arguments))))
        }
    }

    /// A first argument that is no option and names no command (`chronik stauts`): a usage error in the user's language
    /// with "did you mean" (issue 16), before ArgumentParser would say only "Unexpected argument".
    static func unknownCommand(_ arguments: [String]) -> CLIError? {
        guard let first = arguments.first, !first.hasPrefix("-") else { return nil }
        let names = configuration.subcommands.map { $0.configuration.commandName ?? $0._commandName } + ["help"]
        guard !names.contains(first) else { return nil }
        let cwd = URL(fileURLWithPath: FileManager.default.currentDirectoryPath)
        let messages = messageCatalog(store: try? Store.discover(from: cwd, requireConfig: false))
        let close = Suggestions.closest(to: first, among: names)
        return CLIError(.usage, messages.unknownCommand(Terminal.sanitize(first)),
                        hint: close.isEmpty ? messages.commandListHint() : messages.didYouMeanName(close))
    }

    /// The value of `--lang` among the arguments, if any (read before ArgumentParser, which refused them).
    static func languageFlag(_ arguments: [String]) -> String? {
        for (k, argument) in arguments.enumerated() {
            if argument == "--lang", k + 1 < arguments.count { return arguments[k + 1] }
            if argument.hasPrefix("--lang=") { return String(argument.dropFirst("--lang=".count)) }
        }
        return nil
    }

    /// `chronik log` for the arguments `log --limit 0`: the command whose help a usage error points to.
    static func commandPath(_ arguments: [String]) -> String {
        var path = ["chronik"]
        let names = configuration.subcommands.map { $0.configuration.commandName ?? $0._commandName }
        if let first = arguments.first, names.contains(first) {
            path.append(first)
            if first == "import", arguments.count > 1, arguments[1] == "snapshots" { path.append("snapshots") }
        }
        return path.joined(separator: " ")
    }

    /// One message on stderr (and a hint), one exit code.
    private static func fail(_ error: CLIError) -> Never {
        Terminal.error(error.message)
        if let hint = error.hint { Terminal.hint(hint) }
        Foundation.exit(error.kind.exitCode)
    }
}

enum ChronikVersion {
    static let string = "0.1.0"
}
