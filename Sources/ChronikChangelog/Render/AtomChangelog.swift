import ChronikDiff
import ChronikStore
import Foundation

/// The changelog as an Atom 1.0 feed (RFC 4287): one entry per group (release, unreleased, or version), newest
/// first. Ids are `tag:` URIs (RFC 4151) built from the first version's date and id and the tag or commit id, so
/// they stay the same on every run and in every clone; dates are RFC 3339 with the recorded offset; the content
/// is the group's HTML, escaped, as `type="html"`.
public enum AtomChangelog {
    public static func render(_ changelog: Changelog, options: ChangelogRenderOptions = .init()) -> String {
        let labels = ChangelogLabels(language: changelog.language)
        func e(_ s: String) -> String { HTMLText.escape(s) }
        let base = "tag:chronik,\(changelog.originDate.day):\(changelog.origin.hex)"
        let updated = changelog.groups.map(\.date).max { $0.date < $1.date }?.iso8601 ?? changelog.originDate.iso8601
        var out = """
            <?xml version="1.0" encoding="utf-8"?>
            <feed xmlns="http://www.w3.org/2005/Atom" xml:lang="\(e(changelog.language))">
            <id>\(base)</id>
            <title type="text">\(e(labels.changelog)): \(e(changelog.title))</title>
            <updated>\(updated)</updated>
            <author><name>\(e(changelog.title))</name></author>
            <generator>chronik</generator>

            """
        for group in changelog.groups {
            let view = GroupView(group: group, changelog: changelog, labels: labels)
            let id: String
            switch group.kind {
            case .release: id = "\(base)/release/\(group.release?.tag.hex ?? group.version.hex)"
            case .unreleased: id = "\(base)/unreleased/\(group.version.hex)"
            case .version: id = "\(base)/version/\(group.version.hex)"
            }
            var title = view.heading
            if group.kind == .version, let summary = group.versions.first?.summary, !summary.isEmpty { title += ": " + summary }
            out += "<entry>\n<id>\(id)</id>\n<title type=\"text\">\(e(title))</title>\n<updated>\(group.date.iso8601)</updated>\n"
            for person in group.contributors { out += "<author><name>\(e(person.name))</name></author>\n" }
            if let prose = summary(view) { out += "<summary type=\"text\">\(e(prose))</summary>\n" }
            out += "<content type=\"html\">\(e(HTMLChangelog.body(view, options: options, level: 3)))</content>\n</entry>\n"
        }
        out += "</feed>\n"
        return out
    }

    /// "3 Neu, 2 Geändert" for the entry's summary.
    static func summary(_ view: GroupView) -> String? {
        let l = view.labels
        var parts: [String] = []
        if !view.added.isEmpty { parts.append("\(l.added): \(view.added.count)") }
        if !view.removed.isEmpty { parts.append("\(l.removed): \(view.removed.count)") }
        if !view.renamed.isEmpty { parts.append("\(l.renamed): \(view.renamed.count)") }
        if !view.changed.isEmpty { parts.append("\(l.changed): \(view.changed.count)") }
        return parts.isEmpty ? nil : parts.joined(separator: " · ")
    }
}
