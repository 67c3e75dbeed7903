import CLibGit2
import Foundation

extension Repository {
    /// The user (`user.name`, `user.email`) from the global and system config, for when there is no repository yet;
    /// nil when not configured. Wraps `git_config_open_default` and `git_config_get_string`.
    public static func globalSignature() throws -> Signature? {
        LibGit2.initialize()
        var config: OpaquePointer?
        try check(git_config_open_default(&config), "git_config_open_default")
        guard let config else { throw GitError.missingResult("git_config_open_default") }
        defer { git_config_free(config) }
        var snapshot: OpaquePointer?
        try check(git_config_snapshot(&snapshot, config), "git_config_snapshot")
        guard let snapshot else { throw GitError.missingResult("git_config_snapshot") }
        defer { git_config_free(snapshot) }
        func value(_ key: String) throws -> String? {
            var out: UnsafePointer<CChar>?
            let rc = git_config_get_string(&out, snapshot, key)
            if rc == GIT_ENOTFOUND.rawValue { return nil }
            try check(rc, "git_config_get_string")
            return out.map { String(cString: $0) }
        }
        guard let name = try value("user.name"), let email = try value("user.email"), !name.isEmpty else { return nil }
        return Signature(name: name, email: email, date: Date(timeIntervalSince1970: Date().timeIntervalSince1970.rounded(.down)))
    }
}
