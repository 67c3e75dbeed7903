#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The environment variables a command asks for, read one by one (`getenv`). `ProcessInfo.environment` builds a
/// dictionary of every variable (and ProcessInfo itself) on first use, a measurable part of a `chronik log -n1`
/// (issue 19); the catalog's language and the colour decision need two to four variables.
enum Environment {
    /// The variables set among `names`, by name (an unset one is absent, an empty one is "").
    static func variables(_ names: String...) -> [String: String] {
        var values: [String: String] = [:]
        for name in names {
            if let value = getenv(name) { values[name] = String(cString: value) }
        }
        return values
    }

    /// What `Messages.language` reads: `CHRONIK_LANG` and the locale's variables.
    static var language: [String: String] { variables("CHRONIK_LANG", "LC_ALL", "LC_MESSAGES", "LANG") }
}
