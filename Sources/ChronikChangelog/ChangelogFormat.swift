/// The formats of the public changelog.
public enum ChangelogFormat: String, Sendable, CaseIterable, Codable {
    case markdown, html, json, atom
}
