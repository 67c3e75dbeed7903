import ChronikDiff
import ChronikStore
import Foundation

/// The changelog as an Atom 1.0 feed (RFC 4287): one entry per group (release, unreleased, or version), newest
/// first. Ids are `tag:` URIs (RFC 4151) built from the first version's date and id and the tag or commit id, so
/// they stay the same on every run and in every clone; dates are RFC 3339 with the recorded offset; the content
/// is the group's HTML, escaped, as `type="html"`.
public enum AtomChangelog {
    public static func render(_ changelog: Changelog, options: ChangelogRenderOptions = .init()) -> String {
        let head = changelog.head
        let labels = ChangelogLabels(language: changelog.language)
        var out = begin(head, labels: labels, options: options)
        for group in changelog.groups { out += self.group(GroupView(group: group, head: head, labels: labels), options: options) }
        return out + end()
    }

    private static func e(_ s: String) -> String { HTMLText.escape(s) }

    private static func base(_ head: ChangelogHead) -> String { "tag:chronik,\(head.originDate.day):\(head.origin.hex)" }

    /// The feed's elements before the first entry; `updated` is the newest group's date.
    static func begin(_ head: ChangelogHead, labels: ChangelogLabels, options: ChangelogRenderOptions) -> String {
        let updated = head.outline.map(\.date).max { $0.date < $1.date }?.iso8601 ?? head.originDate.iso8601
        return """
            <?xml version="1.0" encoding="utf-8"?>
            <feed xmlns="http://www.w3.org/2005/Atom" xml:lang="\(e(head.language))">
            <id>\(base(head))</id>
            <title type="text">\(e(labels.changelog)): \(e(head.title))</title>
            <updated>\(updated)</updated>
            <author><name>\(e(head.title))</name></author>
            <generator>chronik</generator>
            \(links(head, options: options))
            """
    }

    /// One group's entry.
    static func group(_ view: GroupView, options: ChangelogRenderOptions) -> String {
        let group = view.group
        let base = base(view.head)
        let id: String
        switch group.kind {
        case .release: id = "\(base)/release/\(group.release?.tag.hex ?? group.version.hex)"
        case .unreleased: id = "\(base)/unreleased/\(group.version.hex)"
        case .version: id = "\(base)/version/\(group.version.hex)"
        }
        // A title for people: the release's title, "Unreleased", or the version's summary (with its release).
        var title = view.title
        if group.kind == .version, let summary = group.versions.first.map({ PublicText.line($0.summary) }), !summary.isEmpty { title = summary }
        if group.kind == .version, let release = view.qualifier { title += " (\(release))" }
        var out = "<entry>\n<id>\(id)</id>\n<title type=\"text\">\(e(title))</title>\n<updated>\(group.date.iso8601)</updated>\n"
        if let page = options.pageURL {
            out += "<link rel=\"alternate\" type=\"text/html\" href=\"\(e(page))#\(e(view.anchor))\"/>\n"
        }
        for person in group.contributors { out += "<author><name>\(e(person.name))</name></author>\n" }
        if let prose = summary(view) { out += "<summary type=\"text\">\(e(prose))</summary>\n" }
        out += "<content type=\"html\">\(e(HTMLChangelog.body(view, options: options, level: 3, feed: true)))</content>\n</entry>\n"
        return out
    }

    static func end() -> String { "</feed>\n" }

    /// The feed's own links, each on a line: `self` (the feed's address) and `alternate` (the HTML changelog),
    /// where known (`ChangelogRenderOptions.feedURL`, `pageURL`).
    static func links(_ head: ChangelogHead, options: ChangelogRenderOptions) -> String {
        var out = ""
        if let feed = options.feedURL { out += "<link rel=\"self\" type=\"application/atom+xml\" href=\"\(e(feed))\"/>\n" }
        if let page = options.pageURL { out += "<link rel=\"alternate\" type=\"text/html\" href=\"\(e(page))\"/>\n" }
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
