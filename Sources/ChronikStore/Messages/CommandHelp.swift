import Foundation

// The help of a command in one language (issue 16): `chronik --help`, `chronik help log` and `chronik log --help`
// speak the language the environment names (`CHRONIK_LANG`, the locale; no store is known while help is built). The
// texts live in the catalogs (`MessageCatalog.helpCommand`); this file holds only their shape.

/// The commands whose help the catalogs hold.
public enum HelpedCommand: String, CaseIterable, Sendable {
    case `init`, new, status, commit, log, show, `import`, importSnapshots = "import snapshots", importNotion = "import notion", demo, validate, mv, diff,
         changelog, release, releases, doctor, publish, serve, list
}

/// A command's abstract (one line in `chronik --help`), its discussion (below the usage) and the help of its
/// arguments and options, by the name of the property that declares them (`limit` for `--limit`).
public struct CommandHelp: Sendable {
    public var abstract: String
    public var discussion: String
    public var arguments: [String: String]

    public init(abstract: String, discussion: String = "", arguments: [String: String] = [:]) {
        self.abstract = abstract
        self.discussion = discussion
        self.arguments = arguments
    }

    /// The help of one argument or option; empty when the catalog has none (`MessageCatalogTests` holds both
    /// languages to the same keys, and the help golden files show every line).
    public func argument(_ key: String) -> String { arguments[key] ?? "" }
}
