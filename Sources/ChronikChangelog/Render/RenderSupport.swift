import ChronikDiff
import ChronikStore
import GitKit

/// Settings shared by the renderers.
public struct ChangelogRenderOptions: Sendable {
    /// Show the word-level changes of the prose, and the text of added and removed entries.
    public var detail = false
    /// HTML: the stylesheet to embed instead of `HTMLChangelog.defaultStylesheet`.
    public var stylesheet: String?
    /// With `detail`: how many words of an added or removed entry's text are shown (the sections of a
    /// document-like collection, the strategy, are shown in full).
    public var excerptWords = 60
    /// Atom: the address of the feed itself (`<link rel="self">`); nil: none.
    public var feedURL: String?
    /// Atom: the address of the HTML changelog, whose group anchors (`GroupView.anchor`) the entries link to
    /// (`<link rel="alternate">`); nil: no such links.
    public var pageURL: String?

    public init(detail: Bool = false, stylesheet: String? = nil) {
        self.detail = detail
        self.stylesheet = stylesheet
    }

    /// The feed's and the page's addresses under a published folder (`--base-url`, `public_url`): the feed under
    /// `feedName`, the page under `pageName`. The base must pass `PublicURL.isValid`.
    public mutating func link(base: String, feedName: String = "feed.xml", pageName: String = "changelog.html") {
        let directory = PublicURL.directory(base)
        feedURL = directory + Self.pathSegment(feedName)
        pageURL = directory + Self.pathSegment(pageName)
    }

    /// A file name as one URL path segment (percent-encoded where it must be).
    static func pathSegment(_ name: String) -> String {
        var out = ""
        for byte in name.utf8 {
            let c = Character(Unicode.Scalar(byte))
            if byte < 0x80, c.isLetter || c.isNumber || "-._~".contains(c) {
                out.append(c)
            } else {
                out += "%" + String(byte, radix: 16, uppercase: true).leftPadded(2)
            }
        }
        return out
    }
}

private extension String {
    func leftPadded(_ width: Int) -> String { count >= width ? self : String(repeating: "0", count: width - count) + self }
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
        case .atom: return Array(AtomChangelog.begin(head, labels: labels, options: options).utf8)
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
    var title: String { Self.title(group.outline, labels: labels) }
    var qualifier: String? { Self.qualifier(group.outline, labels: labels) }
    var anchor: String { Self.anchor(group.outline) }

    /// What a group is called, for people: a release's title (the first line of its tag message), else its
    /// name prettified (`gemeinsam-digital` → "Gemeinsam Digital"); "Unreleased"; "Version 1a2b3c4".
    static func title(_ group: ChangelogGroupOutline, labels: ChangelogLabels) -> String {
        switch group.kind {
        case .release:
            guard let release = group.release else { return "\(labels.version) \(group.version.short())" }
            return releaseTitle(release)
        case .unreleased: return labels.unreleased
        case .version: return "\(labels.version) \(group.version.short())"
        }
    }

    /// A release's title, else its name prettified.
    static func releaseTitle(_ release: Release) -> String {
        let title = PublicText.line(release.title)
        return title.isEmpty ? prettified(release.name) : title
    }

    /// What follows the title: a release's name (unless the title is just that), a version's release
    /// ("in: Strategieentwurf zur Kommentierung"); nil for none.
    static func qualifier(_ group: ChangelogGroupOutline, labels: ChangelogLabels) -> String? {
        switch group.kind {
        case .release:
            guard let release = group.release else { return nil }
            return releaseTitle(release) == release.name ? nil : release.name
        case .unreleased: return nil
        case .version: return group.release.map { "\(labels.inRelease) \(releaseTitle($0))" }
        }
    }

    /// The title and its qualifier on one line: "Strategieentwurf (strategieentwurf)", "Version 1a2b3c4 — in: …".
    static func heading(_ group: ChangelogGroupOutline, labels: ChangelogLabels) -> String {
        let title = title(group, labels: labels)
        guard let qualifier = qualifier(group, labels: labels) else { return title }
        return group.kind == .version ? "\(title) — \(qualifier)" : "\(title) (\(qualifier))"
    }

    /// A tag name for people: words split at `-` and `_`, each purely alphabetic one capitalised
    /// (`gemeinsam-digital` → "Gemeinsam Digital", `fassung-2022` → "Fassung 2022"). A version number, a word of
    /// letters and digits (`v1.2`, `v2.0-rc1`), reads best as it is: such a name stays unchanged.
    static func prettified(_ name: String) -> String {
        let words = name.split(whereSeparator: { $0 == "-" || $0 == "_" || $0 == " " })
        let versionLike = words.contains { w in w.contains(where: \.isLetter) && w.contains(where: \.isNumber) }
        guard !words.isEmpty, !versionLike else { return PublicText.line(name) }
        return PublicText.line(words.map { w in
            w.allSatisfy(\.isLetter) ? w.prefix(1).uppercased() + w.dropFirst() : String(w)
        }.joined(separator: " "))
    }

    /// The group's fragment identifier in the HTML changelog, the same on every run and in every clone:
    /// `release-<name>` (characters other than ASCII letters, digits, `-`, `.` and `_` become `-`, and then the
    /// tag id's first 7 digits are added, so that two names never share one), `unreleased`, `version-<12 digits
    /// of the id>`.
    static func anchor(_ group: ChangelogGroupOutline) -> String {
        switch group.kind {
        case .release:
            guard let release = group.release else { return "version-" + group.version.hex.prefix(12) }
            let clean = String(release.name.map { c in c.isASCII && (c.isLetter || c.isNumber || "-._".contains(c)) ? c : "-" })
            return "release-" + clean + (clean == release.name && !clean.isEmpty ? "" : "-" + release.tag.hex.prefix(7))
        case .unreleased: return "unreleased"
        case .version: return "version-" + group.version.hex.prefix(12)
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
            if let references = x.references { x.fields = x.fields.map { Self.titled($0, references) } }
            let hasContent = !x.fields.isEmpty || x.prose != ProseSummary() || x.formatting != nil || !(x.attachments ?? []).isEmpty
            return x.kind == .modified && hasContent || (x.kind == .renamed || x.kind == .moved) && hasContent ? x : nil
        }
    }
    /// A field change with the ids of referenced entries replaced by those entries' titles (`ReferenceTitle.titled`,
    /// the same the diff's pages use).
    static func titled(_ f: FieldChange, _ references: [ReferenceTitle]) -> FieldChange {
        ReferenceTitle.titled(f, references)
    }

    var documents: [DocumentOrderDiff] { group.changes.documents.filter { !$0.sections.isEmpty } }

    func name(_ e: ChangelogEntry) -> String {
        let title = e.title.map(PublicText.line) ?? ""
        return title.isEmpty ? e.entry.id : title
    }

    /// Where an entry is, for people: its collection's label; where no label is configured (plain repositories),
    /// its path, which is all the name there is. Ids and paths are for machines (JSON) and small print (HTML).
    func place(_ ref: EntryRef) -> String {
        let label = head.label(of: ref.collection)
        return label.isEmpty || label == ref.collection ? ref.description : label
    }

    /// Where a renamed or moved entry went: "Glossar: betreibermodell → betriebsmodell" within one labelled
    /// collection (the new id is what changed), "Glossar → Bibliothek" between two.
    func move(_ x: ChangelogEntry) -> String {
        guard let from = x.from else { return place(x.entry) }
        let old = place(from), new = place(x.entry)
        guard from.collection == x.entry.collection else { return "\(old) → \(new)" }
        return new == x.entry.description ? "\(old) → \(new)" : "\(new): \(from.id) → \(x.entry.id)"
    }

    /// The collections read as a document (the strategy): their added and removed sections are shown in full.
    var documentCollections: Set<String> {
        SnapshotDiffOptions().documentCollections.union(group.changes.documents.map(\.collection))
    }

    /// How many words an added entry brought or a removed one took away.
    func wordCount(_ x: ChangelogEntry) -> Int { x.kind == .removed ? x.prose.wordsRemoved : x.prose.wordsAdded }

    /// A block of an added or removed entry's text: Markdown source, or a heading's plain text.
    struct TextBlock: Equatable {
        var heading: Bool
        var text: String
    }

    /// The text of an added entry (its inserted blocks) or a removed one (its deleted blocks), block by block: in
    /// full for a section of a document-like collection, else its first `limit` words; `cut` when words were left
    /// out. Headings are given as their plain text (renderers show them in bold, not as headings of the page).
    /// Empty without blocks (a changelog without `detail`).
    func text(_ x: ChangelogEntry, limit: Int) -> (blocks: [TextBlock], cut: Bool) {
        let texts: [TextBlock] = x.blocks.compactMap { b in
            let source = (x.kind == .removed ? b.words.oldText : b.words.newText).trimmingCharacters(in: .whitespacesAndNewlines)
            guard !source.isEmpty else { return nil }
            guard (b.new ?? b.old)?.kind == .heading else { return TextBlock(heading: false, text: source) }
            // ATX (`## Title ##`) or setext (`Title` over `===`): the first line without its markers.
            var line = Substring(PublicText.firstLine(source))
            if line.hasPrefix("#") {
                line = line.drop { $0 == "#" }
                while line.hasSuffix("#") { line = line.dropLast() }
            }
            let title = line.trimmingCharacters(in: .whitespaces)
            return title.isEmpty ? nil : TextBlock(heading: true, text: title)
        }
        guard !documentCollections.contains(x.entry.collection) else { return (texts, false) }
        var left = max(limit, 1), out: [TextBlock] = []
        for (k, block) in texts.enumerated() {
            let text = block.text
            let words = text.split(whereSeparator: \.isWhitespace)
            if words.count <= left {
                out.append(block)
                left -= words.count
                if left == 0 { return (out, k < texts.count - 1) }
                continue
            }
            // Cut after the `left`-th word, keeping the text (and its line breaks) before it as it is.
            var seen = 0, end = text.endIndex, inWord = false
            for i in text.indices {
                if text[i].isWhitespace {
                    if inWord {
                        seen += 1
                        inWord = false
                        if seen == left { end = i; break }
                    }
                } else {
                    inWord = true
                }
            }
            out.append(TextBlock(heading: block.heading, text: String(text[..<end])))
            return (out, true)
        }
        return (out, false)
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

extension Release {
    /// How `chronik diff`'s headings name the release when a side is given by one of its tags (`tag`): by the
    /// title the changelog's headings give it (`GroupView.releaseTitle`), then the tag name and the date as the
    /// changelog writes it in `language`.
    package func diffSide(tag: String, language: String) -> ReleaseSide {
        ReleaseSide(title: GroupView.releaseTitle(self), name: PublicText.line(tag), date: ChangelogLabels(language: language).date(date),
                    isoDate: date.iso8601)
    }
}

extension Releases {
    /// For each name, the release one of whose tags it is (releases as `selection` takes them), or nil when it is no
    /// such tag; the releases listed once for all names (a diff names both its sides).
    package static func releases(tagged names: [String], in repository: Repository, selection: TagSelection) -> [Release?] {
        let valid = names.map { Releases.problem(withName: $0) == nil }
        guard valid.contains(true), let releases = try? list(in: repository, selection: selection) else { return names.map { _ in nil } }
        return zip(names, valid).map { name, valid in valid ? releases.first { $0.names.contains(name) } : nil }
    }
}
