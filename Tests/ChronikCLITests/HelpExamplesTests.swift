import ChronikStore
import Foundation
import Testing

/// Every command's help shows how it is used (issue 18, "every command's help has examples"): under an examples
/// heading, at least one line `  chronik <command> …`, in English and German, through `chronik help <command>` and
/// `chronik <command> --help` alike. Every line of the block is a whole example: one the help's line wrapping had
/// split would leave a line that does not start with `chronik`.
@Suite struct HelpExamplesTests {
    static let languages: [(heading: String, environment: [String: String])] = [
        ("Examples:", ["CHRONIK_LANG": "en"]),
        ("Beispiele:", ["CHRONIK_LANG": "", "LANG": "de_DE.UTF-8"]),
    ]

    /// The lines of the examples block of `help` (from the heading to the next blank line), or nil without one.
    static func examples(in help: String, heading: String) -> [String]? {
        let lines = help.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        guard let start = lines.firstIndex(where: { $0.trimmingCharacters(in: .whitespaces) == heading }) else { return nil }
        return Array(lines[(start + 1)...].prefix { !$0.trimmingCharacters(in: .whitespaces).isEmpty })
    }

    /// Problems of one help text: no examples heading, no example of `command`, a line that is not an example.
    static func problems(_ help: String, command: String, heading: String) -> [String] {
        guard let block = examples(in: help, heading: heading) else { return ["no \"\(heading)\" heading"] }
        var problems: [String] = []
        let prefix = command.isEmpty ? "chronik " : "chronik \(command) "
        if !block.contains(where: { $0.hasPrefix("  " + prefix) || $0 == "  " + prefix.dropLast() }) {
            problems.append("no example line \"  \(prefix)…\"")
        }
        for line in block where !line.hasPrefix("  chronik ") {
            problems.append("not a whole example: \"\(line)\"")
        }
        return problems
    }

    @Test func theCheckFindsMissingAndBrokenExamples() {
        let good = "OVERVIEW: x\n\nExamples:\n  chronik log\n  chronik log --fields   # a note\n\nUSAGE: chronik log\n"
        #expect(Self.problems(good, command: "log", heading: "Examples:").isEmpty)
        #expect(!Self.problems("OVERVIEW: x\n\nUSAGE: chronik log\n", command: "log", heading: "Examples:").isEmpty, "no heading")
        #expect(!Self.problems(good, command: "diff", heading: "Examples:").isEmpty, "examples of another command")
        #expect(!Self.problems(good, command: "log", heading: "Beispiele:").isEmpty, "the other language's heading")
        let wrapped = "Examples:\n  chronik list events --where \"start>=2022-01-01\" --where\n  \"start<2023-01-01\"\n"
        #expect(!Self.problems(wrapped, command: "list", heading: "Examples:").isEmpty, "a wrapped example")
    }

    @Test func everyCommandsHelpHasExamplesInBothLanguages() throws {
        let box = try Sandbox()
        // The commands `chronik --help` lists are all helped (and so checked below).
        let root = try box.chronik(["--help"], extraEnvironment: ["CHRONIK_LANG": "en"])
        let listed = root.stdout.split(separator: "\n", omittingEmptySubsequences: false).drop { !$0.hasPrefix("SUBCOMMANDS:") }.dropFirst()
            .prefix { !$0.isEmpty }.filter { $0.hasPrefix("  ") && !$0.hasPrefix("   ") }.compactMap { $0.split(separator: " ").first.map(String.init) }
        let helped = Set(HelpedCommand.allCases.map(\.rawValue))
        #expect(listed.count >= 18 && listed.allSatisfy { helped.contains($0) || $0 == "help" }, "\(listed)")
        var checked = 0
        for (heading, environment) in Self.languages {
            for command in [""] + HelpedCommand.allCases.map(\.rawValue) {
                let words = command.split(separator: " ").map(String.init)
                for arguments in [["help"] + words, words + ["--help"]] {
                    let result = try box.chronik(arguments, extraEnvironment: environment)
                    #expect(result.status == 0 && result.stderr.isEmpty, "\(arguments): \(result)")
                    let found = Self.problems(result.stdout, command: command, heading: heading)
                    #expect(found.isEmpty, "chronik \(arguments.joined(separator: " ")) (\(heading)): \(found)\n\(result.stdout)")
                    checked += 1
                }
            }
        }
        #expect(checked == 2 * 2 * (HelpedCommand.allCases.count + 1))
    }
}
