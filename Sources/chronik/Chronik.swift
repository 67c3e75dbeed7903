import ArgumentParser
import ChronikStore
import Foundation

@main
struct Chronik: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "chronik",
        abstract: "Keep a public strategy's knowledge store in Git: versions, validation, readable diffs and changelogs.",
        discussion: """
            A store is a Git repository of entries, one Markdown file with YAML front matter per entry, \
            in one folder per collection (see docs/store-format.md).

            Exit codes: 0 success, 1 the input or content is wrong, 2 usage error, 3 store or internal failure.
            """,
        version: ChronikVersion.string,
        subcommands: [InitCommand.self, NewCommand.self, StatusCommand.self, CommitCommand.self, LogCommand.self, ShowCommand.self,
                      ImportCommand.self, DemoCommand.self, ValidateCommand.self, MoveCommand.self,
                      DiffCommand.self,
                      ChangelogCommand.self, ReleaseCommand.self, ReleasesCommand.self, DoctorCommand.self,
                      PublishCommand.self, ServeCommand.self]
    )

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
            // Everything ArgumentParser rejects is a usage error.
            StandardError.write(fullMessage(for: error) + "\n")
            Foundation.exit(CLIError.Kind.usage.exitCode)
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
