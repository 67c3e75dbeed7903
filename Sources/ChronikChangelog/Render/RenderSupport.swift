import ChronikDiff
import ChronikStore

/// Settings shared by the renderers.
public struct ChangelogRenderOptions: Sendable {
    /// Show the word-level changes of the prose.
    public var detail = false
    /// HTML: the stylesheet to embed instead of `HTMLChangelog.defaultStylesheet`.
    public var stylesheet: String?

    public init(detail: Bool = false, stylesheet: String? = nil) {
        self.detail = detail
        self.stylesheet = stylesheet
    }
}

/// Renders a changelog in a format: a pure function from the value to text.
public enum ChangelogRenderer {
    public static func render(_ changelog: Changelog, format: ChangelogFormat, options: ChangelogRenderOptions = .init()) -> String {
        switch format {
        case .markdown: return MarkdownChangelog.render(changelog, options: options)
        case .html: return HTMLChangelog.render(changelog, options: options)
        case .json: return JSONChangelog.render(changelog, options: options)
        case .atom: return AtomChangelog.render(changelog, options: options)
        }
    }

    /// Writes the text of `render(_:format:options:)` in pieces (UTF-8) to `sink`: the head, one piece per group,
    /// the end.
    public static func render(_ changelog: Changelog, format: ChangelogFormat, options: ChangelogRenderOptions = .init(),
                              to sink: ([UInt8]) throws -> Void) rethrows {
        var renderer = ChangelogStreamRenderer(format: format, head: changelog.head, options: options)
        try sink(renderer.begin())
        for group in changelog.groups { try sink(renderer.group(group)) }
        try sink(renderer.end())
    }
}

/// Renders a changelog one group at a time, as `ChangelogBuilder.build(_:head:group:)` makes it: `begin()`, then
/// `group(_:)` for each group of `head.outline` in order (newest first), then `end()`. The pieces together are
/// byte for byte the format's `render(_:options:)` of the whole changelog; no piece holds more than one group.
public struct ChangelogStreamRenderer: Sendable {
    public let format: ChangelogFormat
    public let head: ChangelogHead
    public let options: ChangelogRenderOptions
    private let labels: ChangelogLabels
    /// How many groups have been rendered.
    public private(set) var rendered = 0

    public init(format: ChangelogFormat, head: ChangelogHead, options: ChangelogRenderOptions = .init()) {
        self.format = format
        self.head = head
        self.options = options
        labels = ChangelogLabels(language: head.language)
    }

    /// The text before the first group, as UTF-8.
    public func begin() -> [UInt8] {
        switch format {
        case .markdown: return Array(MarkdownChangelog.begin(head, labels: labels).utf8)
        case .html: return Array(HTMLChangelog.begin(head, labels: labels, options: options).utf8)
        case .json: return JSONChangelog.begin(head)
        case .atom: return Array(AtomChangelog.begin(head, labels: labels).utf8)
        }
    }

    /// The text of the next group, as UTF-8.
    public mutating func group(_ group: ChangelogGroup) -> [UInt8] {
        let index = rendered
        rendered += 1
        return self.group(group, index: index)
    }

    /// The text of the group at `index` in `head.outline`, as UTF-8: the same as `group(_:)` gives it in turn, so
    /// several threads can render groups at once (see `ChangelogBuilder.build(_:head:consume:)`).
    public func group(_ group: ChangelogGroup, index: Int) -> [UInt8] {
        let view = GroupView(group: group, head: head, labels: labels)
        switch format {
        case .markdown: return Array(MarkdownChangelog.group(view, options: options).utf8)
        case .html: return Array(HTMLChangelog.group(view, index: index, options: options).utf8)
        case .json: return JSONChangelog.group(group, index: index, options: options)
        case .atom: return Array(AtomChangelog.group(view, options: options).utf8)
        }
    }

    /// The text after the last group, as UTF-8.
    public func end() -> [UInt8] {
        switch format {
        case .markdown: return Array(MarkdownChangelog.end(labels: labels).utf8)
        case .html: return Array(HTMLChangelog.end(labels: labels).utf8)
        case .json: return JSONChangelog.end(groupCount: head.outline.count)
        case .atom: return Array(AtomChangelog.end().utf8)
        }
    }
}

/// What the text renderers share: headings, the order of sections, names of entries, shortened word diffs.
struct GroupView {
    let group: ChangelogGroup
    let head: ChangelogHead
    let labels: ChangelogLabels

    var heading: String { Self.heading(group.outline, labels: labels) }

    /// A release's name and title ("v1.2 — Spring edition"); "Unreleased"; a version and the release it is in
    /// ("Version 1a2b3c4 — in v1.2").
    static func heading(_ group: ChangelogGroupOutline, labels: ChangelogLabels) -> String {
        switch group.kind {
        case .release:
            guard let release = group.release else { return group.version.short() }
            return release.title.isEmpty ? release.name : "\(release.name) — \(release.title)"
        case .unreleased: return labels.unreleased
        case .version:
            let heading = "\(labels.version) \(group.version.short())"
            return group.release.map { "\(heading) — in \($0.name)" } ?? heading
        }
    }

    /// The release message after its title (the heading shows that), else (for a single version) the version's
    /// message.
    var message: String {
        switch group.kind {
        case .release:
            guard let message = group.release?.message else { return "" }
            let lines = message.split(separator: "\n", maxSplits: 1, omittingEmptySubsequences: false)
            return lines.count < 2 ? "" : lines[1].trimmingCharacters(in: .whitespacesAndNewlines)
        case .version: return group.versions.first?.message ?? ""
        case .unreleased: return ""
        }
    }

    var added: [ChangelogEntry] { group.changes.entries.filter { $0.kind == .added } }
    var removed: [ChangelogEntry] { group.changes.entries.filter { $0.kind == .removed } }
    var renamed: [ChangelogEntry] { group.changes.entries.filter { $0.kind == .renamed || $0.kind == .moved } }
    /// Entries whose content changed (modified, and renamed or moved ones with changed content). In collections
    /// read as a document (the strategy), a changed `order` is left out here: the document order section says
    /// which sections really moved, instead of every renumbered one.
    var changed: [ChangelogEntry] {
        let documentCollections = Set(group.changes.documents.map(\.collection))
        return group.changes.entries.compactMap { x in
            var x = x
            if documentCollections.contains(x.entry.collection) { x.fields.removeAll { $0.pointer == "/order" } }
            let hasContent = !x.fields.isEmpty || x.prose != ProseSummary() || x.formatting != nil
            return x.kind == .modified && hasContent || (x.kind == .renamed || x.kind == .moved) && hasContent ? x : nil
        }
    }
    var documents: [DocumentOrderDiff] { group.changes.documents.filter { !$0.sections.isEmpty } }

    func name(_ e: ChangelogEntry) -> String {
        let title = e.title.map(PublicText.line) ?? ""
        return title.isEmpty ? e.entry.id : title
    }

    func place(_ ref: EntryRef) -> String {
        let label = head.label(of: ref.collection)
        return label.isEmpty || label == ref.collection ? ref.description : "\(label), \(ref.description)"
    }

    func sectionName(_ s: SectionChange) -> String {
        let title = s.title.map(PublicText.line) ?? ""
        return title.isEmpty ? s.id : title
    }
}

/// Word-level changes made short: long unchanged stretches keep a little context on either side.
enum DetailText {
    static let context = 60

    /// The segments of a block change with long equal runs shortened by `…`; line breaks and tabs become spaces,
    /// and the spaces at a segment's ends are kept: they separate the words of one segment from the next.
    static func shortened(_ words: [WordSegment]) -> [WordSegment] {
        func flat(_ text: String) -> String { String(text.map { $0.isNewline || $0 == "\t" ? " " : $0 }) }
        var out: [WordSegment] = []
        for (k, s) in words.enumerated() {
            guard s.operation == .equal, s.text.count > 2 * context + 10 else {
                out.append(WordSegment(s.operation, flat(s.text)))
                continue
            }
            let text = flat(s.text)
            let head = String(text.prefix(context)), tail = String(text.suffix(context))
            if k == 0 {
                out.append(WordSegment(.equal, "…" + tail))
            } else if k == words.count - 1 {
                out.append(WordSegment(.equal, head + "…"))
            } else {
                out.append(WordSegment(.equal, head + " … " + tail))
            }
        }
        return out
    }

    /// Blocks worth showing: those with an insertion or deletion, or moved.
    static func blocks(_ entry: ChangelogEntry) -> [BlockChange] {
        entry.blocks.filter { $0.kind == .moved || $0.words.contains { $0.operation != .equal } }
    }
}
