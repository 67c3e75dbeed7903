import ArgumentParser
import ChronikStore
import Foundation
import GitKit
#if canImport(Glibc)
import Glibc
#endif

/// `--color auto|always|never`; also the values of git's `color.ui` and `color.<command>`.
enum ColorChoice: String, ExpressibleByArgument, CaseIterable {
    case auto, always, never

    /// A git config value as git's `git_config_colorbool` reads it: `never`, `false`, `no`, `off`, `0` are never;
    /// `always` is always; `auto`, `true`, `yes`, `on`, `1` are auto (since git 1.8.4); anything else is not a choice.
    init?(gitConfig value: String) {
        switch value.lowercased() {
        case "never", "false", "no", "off", "0": self = .never
        case "always": self = .always
        case "auto", "true", "yes", "on", "1", "": self = .auto
        default: return nil
        }
    }
}

/// Whether this process writes colour to standard output: decided once per process (`decide`), before the first
/// byte, and read by every renderer through `current` (docs/cli.md, "Pager and colour"). The rules, git's
/// (`want_color`, `check_auto_color`) with https://no-color.org:
/// 1. `--color always|never` decides; else git's `color.<command>` (`color.diff` for `diff`, `log` and `show`, as
///    git's log and show read it; `color.status` for `status`), else `color.ui`, else `auto`.
/// 2. `auto` is colour when standard output is a terminal or goes to the pager, `TERM` is set and not `dumb`, and
///    `NO_COLOR` is unset or empty. (`NO_COLOR` turns off only the default: an explicit `always`, given or
///    configured, still colours.)
struct ColorDecision: Sendable, Equatable {
    var enabled: Bool

    /// The decision from its inputs (pure, for tests).
    static func decide(flag: ColorChoice?, configured: (String) -> String?, command: String, environment: [String: String],
                       stdoutIsTerminal: Bool, pagerInUse: Bool) -> ColorDecision {
        let keys = configKeys(command) + ["color.ui"]
        var choice = flag
        for key in keys where choice == nil { choice = configured(key).flatMap(ColorChoice.init(gitConfig:)) }
        switch choice ?? .auto {
        case .always: return ColorDecision(enabled: true)
        case .never: return ColorDecision(enabled: false)
        case .auto:
            let term = environment["TERM"] ?? ""
            let noColor = !(environment["NO_COLOR"] ?? "").isEmpty
            return ColorDecision(enabled: (stdoutIsTerminal || pagerInUse) && !term.isEmpty && term != "dumb" && !noColor)
        }
    }

    /// The `color.<command>` keys git has for what a chronik command shows.
    static func configKeys(_ command: String) -> [String] {
        switch command {
        case "diff", "log", "show": return ["color.diff"]
        case "status": return ["color.status"]
        default: return []
        }
    }

    private static let lock = NSLock()
    /// Guarded by `lock`.
    nonisolated(unsafe) private static var decided: ColorDecision?

    /// The process's decision; no colour until a command has decided.
    static var current: ColorDecision {
        lock.withLock { decided } ?? ColorDecision(enabled: false)
    }

    /// Decides for the process (the first call counts; a later one returns the first decision).
    static func decideOnce(flag: ColorChoice?, command: String, repository: Repository?) -> ColorDecision {
        lock.withLock {
            if let decided { return decided }
            let decision = decide(flag: flag, configured: { key in try? repository?.configString(key) }, command: command,
                                  environment: Environment.variables("TERM", "NO_COLOR"), stdoutIsTerminal: isatty(STDOUT_FILENO) == 1,
                                  pagerInUse: Pager.inUse)
            decided = decision
            return decision
        }
    }
}

/// `--color auto|always|never`: every command that prints.
struct ColorOptions: ParsableArguments {
    @Option(help: ArgumentHelp(Help.shared("color"), valueName: "when"))
    var color: ColorChoice?

    /// Decides colour for the process (`ColorDecision`) with the repository's git config; returns whether to colour.
    @discardableResult
    func decide(_ command: String, repository: Repository?) -> Bool {
        ColorDecision.decideOnce(flag: color, command: command, repository: repository).enabled
    }
}

/// SGR escapes for a terminal, or the text as it is without colour. Colour is never the only signal: what it marks is
/// also said in words or markers (a kind's name, `[-…-]`, strike-through and underline).
struct Paint: Sendable {
    var enabled: Bool

    static var current: Paint { Paint(enabled: ColorDecision.current.enabled) }

    func apply(_ text: String, _ sgr: String) -> String {
        enabled && !text.isEmpty ? "\u{1B}[" + sgr + "m" + text + "\u{1B}[m" : text
    }

    /// A version's or a tag's id (git's `color.diff.commit`).
    func id(_ text: String) -> String { apply(text, "33") }
    func added(_ text: String) -> String { apply(text, "32") }
    func removed(_ text: String) -> String { apply(text, "31") }
    func changed(_ text: String) -> String { apply(text, "33") }
    func problem(_ text: String) -> String { apply(text, "31") }
    func note(_ text: String) -> String { apply(text, "33") }
    func bold(_ text: String) -> String { apply(text, "1") }
}
