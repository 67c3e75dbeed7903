import ArgumentParser
import Foundation
import Testing
@testable import ChronikCLI

/// The parse of the common command lines (issue 19: start-up): `Chronik.parsedDirectly` parses a command without
/// subcommands with the command as the parser's root, and must give the value the full parse (`Chronik.parseAsRoot`)
/// gives, or nothing, so that help, versions, completion scripts and errors keep coming from the full parse.
@Suite struct CommandLineTests {
    /// A parsed command as text: its type and every stored property, property wrappers' parsed values included.
    private func described(_ command: any ParsableCommand) -> String {
        var text = "\(type(of: command))\n"
        dump(command, to: &text)
        return text
    }

    @Test func theCommandTableNamesEachCommandAsItsConfigurationDoes() {
        let table = Chronik.commands
        let configured = Chronik.configuration.subcommands
        #expect(table.map { ObjectIdentifier($0.type) } == configured.map { ObjectIdentifier($0) })
        for (name, type) in table {
            #expect(type.configuration.commandName == name, "\(type)")
            #expect(type.configuration._superCommandName == "chronik", "\(type)")
        }
        #expect(Chronik.configuration._superCommandName == nil)
        // Every name has its command, and no command is named twice.
        #expect(table.count == Chronik.commandNames.count)
        #expect(Set(Chronik.commandNames).count == Chronik.commandNames.count)
        #expect(Chronik.command(named: "help") == nil && Chronik.command(named: "") == nil)
    }

    @Test func theDirectParseGivesWhatTheFullParseGives() throws {
        let lines: [[String]] = [
            ["log"], ["log", "-n", "1"], ["log", "--limit", "3", "--format", "json"], ["log", "--no-cache", "-n", "5", "glossary/kiez"],
            ["log", "--store", "/tmp/x", "--lang", "de", "--public", "--fields"], ["log", "--", "-n2"],
            ["diff", "release-001", "release-002"], ["diff", "--stat", "a", "b"], ["diff", "--format", "json", "--stat", "a", "b"],
            ["diff", "--format=markdown", "--public", "--collection", "faq", "a", "b", "--", "x"], ["diff", "--color", "never", "a"],
            ["diff", "help"], ["diff"], ["status"], ["status", "--format", "json"], ["show", "glossary/kiez", "--at", "2022-01-01"],
            ["changelog", "--no-cache", "--format", "json"], ["changelog", "--by", "version", "-o", "x.html"], ["validate"],
            ["releases", "--format", "json"], ["list", "glossary"], ["doctor"], ["mv", "a", "b"], ["release", "v1", "-m", "Eins"],
            ["commit", "-m", "Neu", "--author", "A <a@example.org>", "--date", "2024-01-01T10:00:00Z"],
        ]
        var direct = 0
        for line in lines {
            let full = try? Chronik.parseAsRoot(line)
            guard let parsed = Chronik.parsedDirectly(line) else {
                // Only what the full parse does not take as that command goes the full way.
                #expect(full == nil || full.map { ObjectIdentifier(type(of: $0)) } != Chronik.commands.first { $0.name == line[0] }.map { ObjectIdentifier($0.type) },
                        "\(line) was not parsed directly")
                continue
            }
            direct += 1
            let reference = try #require(full, "\(line): the full parse fails")
            #expect(described(parsed) == described(reference), "\(line)")
        }
        #expect(direct >= lines.count - 3)
    }

    /// `validate`'s plainest command lines, made without ArgumentParser (`ValidateCommand.parsedPlainly`): the value
    /// the full parse gives, or nil where the line is anything else.
    @Test func thePlainValidateIsTheParsersValidate() throws {
        let taken: [[String]] = [
            ["validate"], ["validate", "--store", "/tmp/x"], ["validate", "--format", "json"], ["validate", "--format=github", "--lang", "en"],
            ["validate", "--lang=de", "--store=x y", "--color", "never"], ["validate", "--color=always", "--format", "text"],
            ["validate", "--store", "a=b"], ["validate", "--lang", "fr"], ["validate", "--store", "."],
        ]
        for line in taken {
            let plain = try #require(ValidateCommand.parsedPlainly(line), "\(line)")
            let full = try Chronik.parseAsRoot(line)
            #expect(described(plain) == described(full), "\(line)")
        }
        let declined: [[String]] = [
            ["validate", "glossary/kiez"], ["validate", "--at", "HEAD"], ["validate", "--format", "JSON"], ["validate", "--format"],
            ["validate", "--color", "sometimes"], ["validate", "--store", "a", "--store", "b"], ["validate", "--help"], ["validate", "-h"],
            ["validate", "--store", "-x"], ["validate", "--store="], ["validate", "--", "x"], ["validate", "--version"], ["status"],
            ["validate", "--lang"], ["validate", "--unknown", "x"], ["validate", "help"],
        ]
        for line in declined { #expect(ValidateCommand.parsedPlainly(line) == nil, "\(line)") }
    }

    /// `log`'s plainest command lines, made without ArgumentParser (`LogRequest.parsedPlainly`, issue 19's `log -n1`):
    /// the value the full parse gives, or nil where the line is anything else, including every line the command's
    /// own validation refuses (the parser then reports it).
    @Test func thePlainLogIsTheParsersLog() throws {
        let taken: [[String]] = [
            ["log"], ["log", "-n", "1"], ["log", "--limit", "3", "--format", "json"], ["log", "--limit=7"],
            ["log", "--no-cache", "-n", "5", "glossary/kiez"], ["log", "glossary/kiez", "--fields"],
            ["log", "--store", "/tmp/x", "--lang", "de", "--public"], ["log", "--store=x y", "--lang=en", "-P"],
            ["log", "--collection", "faq", "--at", "release-002", "--format=ndjson"], ["log", "--no-pager", "--color", "never"],
            ["log", "--color=always", "-n", "+4"], ["log", "--store", "a=b", "--at", "HEAD~2"], ["log", "--lang", "de", "faq/x"],
        ]
        for line in taken {
            let plain = try #require(LogRequest.parsedPlainly(line), "\(line)")
            let full = try #require(try Chronik.parseAsRoot(line) as? LogCommand, "\(line)")
            #expect(plain == full.request, "\(line)")
        }
        let declined: [[String]] = [
            ["log", "--", "-n2"], ["log", "-n", "0"], ["log", "-n", "x"], ["log", "-n", "-1"], ["log", "-n"], ["log", "--limit="],
            ["log", "-n", "1", "--limit", "2"], ["log", "--fields"], ["log", "--lang", "fr"], ["log", "--format", "JSON"],
            ["log", "--color", "sometimes"], ["log", "a", "b"], ["log", "help"], ["log", "--help"], ["log", "-h"],
            ["log", "--version"], ["log", "--store", "a", "--store", "b"], ["log", "--public", "--public"], ["log", "-P", "--no-pager"],
            ["log", "--unknown", "x"], ["log", "--store", "-x"], ["log", "-Pn", "3"], ["log", "-n=3"], ["status"], ["validate"],
            ["log", "-x"], ["log", "--at"],
        ]
        for line in declined { #expect(LogRequest.parsedPlainly(line) == nil, "\(line)") }
    }

    /// Every option, flag and argument `LogCommand` declares is a member of the `LogRequest` that runs it, in the
    /// same order, so that the request carries the whole parse.
    @Test func theLogRequestCarriesEveryDeclaredValue() throws {
        let declared = Mirror(reflecting: try Chronik.parseAsRoot(["log"])).children.compactMap(\.label)
        let carried = Mirror(reflecting: LogRequest()).children.compactMap(\.label)
        #expect(declared.map { $0.hasPrefix("_") ? String($0.dropFirst()) : $0 } == carried)
        #expect(carried.count == 12)
    }

    /// `chronik --version` is answered before the parse, with the message and the end the parser's answer has.
    @Test func theVersionIsTheParsersVersion() throws {
        do {
            _ = try Chronik.parseAsRoot(["--version"])
            Issue.record("the parser did not answer --version")
        } catch {
            #expect(Chronik.fullMessage(for: error) == Chronik.fullMessage(for: CleanExit.message(ChronikVersion.string)))
            #expect(Chronik.exitCode(for: error) == Chronik.exitCode(for: CleanExit.message(ChronikVersion.string)))
        }
    }

    /// `log` declares `--store`, `--no-pager` and `--color` itself instead of through the option groups
    /// (`StoreOptions`, `PagedOutputOptions`): the parser's own description of each (names, help, value name, kind,
    /// completion) must be the groups' as `show` has them.
    @Test func logDeclaresTheOptionGroupsOptionsAsTheGroupsDo() throws {
        func arguments(_ type: any ParsableCommand.Type) throws -> [String: NSDictionary] {
            let json = try JSONSerialization.jsonObject(with: Data(type._dumpHelp().utf8)) as? [String: Any]
            let command = try #require(json?["command"] as? [String: Any])
            var byName: [String: NSDictionary] = [:]
            for argument in command["arguments"] as? [[String: Any]] ?? [] {
                if let name = (argument["preferredName"] as? [String: Any])?["name"] as? String { byName[name] = argument as NSDictionary }
            }
            return byName
        }
        let log = try arguments(LogCommand.self), show = try arguments(ShowCommand.self)
        for name in ["store", "no-pager", "color"] {
            let declared = try #require(log[name], "log has no --\(name)")
            #expect(declared == show[name], "--\(name)")
        }
        // The same order as before: `--store` before `--format`, `--no-pager` and `--color` after it.
        let order = try #require(try JSONSerialization.jsonObject(with: Data(LogCommand._dumpHelp().utf8)) as? [String: Any])
        let names = ((order["command"] as? [String: Any])?["arguments"] as? [[String: Any]] ?? [])
            .compactMap { ($0["preferredName"] as? [String: Any])?["name"] as? String }
        let tail = Array(names.drop { $0 != "store" }.prefix(4))
        #expect(tail == ["store", "format", "no-pager", "color"], "\(names)")
    }

    /// The option values of the enumerations of strings (help, completions): their raw values, as ArgumentParser's
    /// default gives them, though from chronik's extension (no key path at run time).
    @Test func enumeratedOptionValuesAreTheRawValues() {
        #expect(LogFormat.allValueStrings == LogFormat.allCases.map(\.rawValue.defaultValueDescription))
        #expect(LogFormat.allValueStrings == ["text", "json", "ndjson"])
        #expect(ColorChoice.allValueStrings == ["auto", "always", "never"])
        #expect(OutputFormat.allValueStrings == ["text", "json"])
        #expect(DiffFormat.allValueStrings == DiffFormat.allCases.map(\.rawValue))
    }

    /// Help, versions, completion scripts, the `help` command, commands with subcommands and every error are left
    /// to the full parse.
    @Test func everythingElseGoesTheFullWay() {
        let lines: [[String]] = [
            [], ["--version"], ["--help"], ["-h"], ["help"], ["help", "log"], ["log", "--help"], ["log", "-h"], ["diff", "--help", "a"],
            ["log", "--version"], ["log", "--generate-completion-script", "bash"], ["--generate-completion-script", "zsh"],
            ["log", "--generate-completion-script"], ["log", "--experimental-dump-help"], ["---completion", "log", "--", "x"],
            ["log", "--limit"], ["log", "--limit", "x"], ["log", "--no-such-option"], ["log", "a", "b"], ["diff", "--format", "pdf"],
            ["diff", "--stat", "--format", "html", "a", "b"], ["diff", "--lang", "fr"], ["import", "snapshots", "dir"],
            ["import", "notion", "x"], ["release"], ["stauts"], ["-P", "log"],
        ]
        for line in lines {
            #expect(Chronik.parsedDirectly(line) == nil, "\(line)")
        }
    }
}
