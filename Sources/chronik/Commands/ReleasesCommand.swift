import ArgumentParser
import ChronikChangelog
import ChronikStore
import Foundation

struct ReleasesCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "releases",
        abstract: "List the named drafts (annotated tags), newest first, with dates and messages.")

    @OptionGroup var storeOptions: StoreOptions
    @OptionGroup var output: OutputOptions

    func run() throws {
        let repository = try openRepository(storeOptions.store)
        let releases = try cli {
            do { return try Releases.list(in: repository) } catch { throw CLIError(.store, "\(error)") }
        }
        if output.format == .json {
            try printJSON(releases)
            return
        }
        let width = releases.map { Terminal.sanitize($0.name).count }.max() ?? 0
        for r in releases {
            let name = Terminal.sanitize(r.name).padding(toLength: width, withPad: " ", startingAt: 0)
            try StandardOutput.print("\(name)  \(r.date.day)  \(r.version.short())  \(Terminal.sanitize(PublicText.firstLine(r.message)))")
        }
    }
}
