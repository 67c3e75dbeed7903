import ChronikStore

/// The changelog as JSON: the `Changelog` value encoded with stable key order (docs/json-output.md). Without
/// `detail`, the word-level `blocks` are left out (empty).
public enum JSONChangelog {
    public static func render(_ changelog: Changelog, options: ChangelogRenderOptions = .init()) -> String {
        var value = changelog
        if !options.detail {
            for g in value.groups.indices {
                for k in value.groups[g].changes.entries.indices { value.groups[g].changes.entries[k].blocks = [] }
            }
        }
        do {
            return try JSONValueEncoder().text(value)
        } catch {
            // The value holds only strings, numbers and JSON values: encoding cannot fail.
            preconditionFailure("a changelog is always encodable: \(error)")
        }
    }
}
