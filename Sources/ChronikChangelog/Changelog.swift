import ChronikDiff
import ChronikStore
import GitKit

// The changelog as a value: what the renderers (Markdown, HTML, JSON, Atom) turn into text. Everything in it is
// public by construction (docs/privacy.md): built with `publicOnly` (no value a schema marks `x-chronik-private`, at
// any depth, judged by each version's own schema; no e-mail address in entry content; no blob ids), people by name
// only, commit and tag messages without trailers and with e-mail addresses redacted.

/// How versions are grouped.
public enum ChangelogGrouping: String, Sendable, Hashable, Codable, CaseIterable {
    /// One group per release (a selected tag, see `Releases`), plus "Unreleased".
    case release
    /// One group per version.
    case commit
}

/// A release: one commit that one or more selected tags (annotated or lightweight) name. Several tags on one commit
/// are one release (see `Releases`).
public struct Release: Sendable, Hashable, Encodable {
    /// The tag that names the release: the annotated one (of several, the newest), else the last by name in
    /// numeric order (`v1.10` after `v1.9`).
    public var name: String
    /// The id the naming tag points at: the tag object's for an annotated tag, the commit's for a lightweight one.
    public var tag: ObjectID
    /// The version it names.
    public var version: ObjectID
    /// The naming tag's tagger date, else the version's committer date.
    public var date: Timestamp
    /// The tagger's name.
    public var tagger: Person?
    /// The tag message (trailers removed, e-mail addresses redacted); "" for a lightweight tag.
    public var message: String
    /// The first line of the message ("" when there is none): what headings show after the name.
    public var title: String
    /// Whether the naming tag is annotated.
    public var annotated: Bool
    /// Every selected tag on the version, the naming one first.
    public var names: [String]

    public init(name: String, tag: ObjectID, version: ObjectID, date: Timestamp, tagger: Person?, message: String,
                annotated: Bool = true, names: [String]? = nil) {
        self.name = name
        self.tag = tag
        self.version = version
        self.date = date
        self.tagger = tagger
        self.message = message
        title = PublicText.firstLine(message)
        self.annotated = annotated
        self.names = names ?? [name]
    }

    /// The version's id is `commit` in JSON, as every version id of chronik's output (docs/json-output.md).
    private enum CodingKeys: String, CodingKey {
        case name, tag, version = "commit", date, tagger, message, title, annotated, names
    }
}

/// One version as the changelog lists it.
public struct ChangelogVersion: Sendable, Hashable, Encodable {
    public var id: ObjectID
    public var author: Person
    public var date: Timestamp
    /// The commit message (trailers removed, e-mail addresses redacted).
    public var message: String

    public var summary: String { PublicText.firstLine(message) }

    /// The id is `commit` in JSON (docs/json-output.md).
    private enum CodingKeys: String, CodingKey {
        case id = "commit", author, date, message
    }
}

/// A version named by its role in a JSON document (`to`, `from`, `base`, `origin`): `{"commit": "…"}`, with the
/// version's date where the document gives one (docs/json-output.md).
public struct VersionReference: Sendable, Hashable, Encodable {
    public var commit: ObjectID
    public var date: Timestamp?

    public init(_ commit: ObjectID, date: Timestamp? = nil) {
        self.commit = commit
        self.date = date
    }
}

/// One changed entry in a group.
public struct ChangelogEntry: Sendable, Hashable, Codable {
    public var kind: EntryDiff.Kind
    public var entry: EntryRef
    /// For `renamed` and `moved`: the entry before.
    public var from: EntryRef?
    public var title: String?
    /// Changed fields (never a private one), with schema labels.
    public var fields: [FieldChange]
    /// Counts of the prose change.
    public var prose: ProseSummary
    /// The changed blocks with their word-level changes (shown with `--detail`): for an added entry its blocks,
    /// each one insertion; for a removed one its blocks, each one deletion (the public text of the old version).
    public var blocks: [BlockChange]
    /// Where only the formatting changed, all values and words equal (`EntryDiff.formatting`).
    public var formatting: FormattingChange?
    /// The titles of the entries that changed reference fields (`x-chronik-ref`) name, on each side; nil when there
    /// are none (see `ReferenceTitle`).
    public var references: [ReferenceTitle]?
    /// What happened to the entry's attachments (issue 17), as `EntryDiff.attachments`: names (public, an e-mail
    /// address in one redacted) and sizes; nil when none changed. An entry with only these is `modified`.
    public var attachments: [AttachmentChange]?

    public init(kind: EntryDiff.Kind, entry: EntryRef, from: EntryRef?, title: String?, fields: [FieldChange], prose: ProseSummary, blocks: [BlockChange],
                formatting: FormattingChange? = nil, attachments: [AttachmentChange]? = nil) {
        self.kind = kind
        self.entry = entry
        self.from = from
        self.title = title
        self.fields = fields
        self.prose = prose
        self.blocks = blocks
        self.formatting = formatting
        self.attachments = attachments
    }
}

/// What changed between two versions, as the changelog keeps it (and caches it).
public struct ChangeRecord: Sendable, Hashable, Codable {
    /// Bumped whenever the record's shape or content rules change; part of the cache key. 3: private values at any
    /// depth and by each side's own schema, e-mail addresses in entry content redacted, no blob ids
    /// (docs/privacy.md): records cached before are never read. 4 (issue 14): renames paired by the one collector
    /// (`ChangeCollector`: across folders, by `RenameDetector.similarity`), entries changed only in their formatting
    /// kept with `formatting`, word counts by git's rule. 5 (issue 20): the text of added and removed entries kept
    /// as their blocks. 6: references titled at any depth (`x-chronik-ref` inside nested objects and lists), so
    /// records cached without the nested ones are not read. 7 (issue 18): references and document sections name
    /// their entries as the JSON contract does (`"entry": {"collection", "id", "path"}`). 8 (issue 17): attachment
    /// changes under their entry, an entry with only those listed as modified.
    public static let formatVersion = 8

    public var entries: [ChangelogEntry]
    /// Changed files that are not entries (`chronik.yml`, schemas, README.md).
    public var files: [FileDiff]
    /// Sections of document-like collections (the strategy) that moved, came or went.
    public var documents: [DocumentOrderDiff]
    public var summary: SnapshotSummary

    public init(entries: [ChangelogEntry], files: [FileDiff], documents: [DocumentOrderDiff], summary: SnapshotSummary) {
        self.entries = entries
        self.files = files
        self.documents = documents
        self.summary = summary
    }

    /// The record of a public snapshot diff.
    public init(_ diff: SnapshotDiff) {
        entries = diff.entries.map { e in
            ChangelogEntry(kind: e.kind, entry: e.entry, from: e.from, title: e.title.map(PublicText.line),
                           fields: e.fields, prose: e.prose.summary, blocks: e.prose.blocks, formatting: e.formatting,
                           attachments: e.attachments)
        }
        files = diff.files
        documents = diff.documents.map { d in
            var moved = d
            moved.sections = d.sections.filter { $0.kind != .unchanged }
            return moved
        }
        summary = diff.summary
    }

    /// No change at all.
    public static let none = ChangeRecord(entries: [], files: [], documents: [], summary: SnapshotSummary())

    public var isEmpty: Bool { entries.isEmpty && files.isEmpty && documents.allSatisfy(\.sections.isEmpty) }

    /// The collections its entries are in (or were in, before a move).
    public var collectionNames: Set<String> {
        var names = Set<String>()
        for e in entries {
            names.insert(e.entry.collection)
            if let from = e.from { names.insert(from.collection) }
        }
        return names
    }

    /// Empties every entry's word-level `blocks` (what renderers show only with `detail`).
    public mutating func removeBlocks() {
        for k in entries.indices where !entries[k].blocks.isEmpty { entries[k].blocks = [] }
    }
}

/// One group of the changelog: a release, the unreleased versions, or (with `--by commit`) one version.
public struct ChangelogGroup: Sendable, Hashable, Encodable {
    public enum Kind: String, Sendable, Hashable, Codable {
        case release, unreleased, version
    }

    public var kind: Kind
    /// For `release`: the release; for `version`: the release the version belongs to (the oldest whose group
    /// holds it), nil when it is unreleased.
    public var release: Release?
    /// The newest version of the group.
    public var version: ObjectID
    /// What the group is compared with: the version before it (nil: the beginning of history).
    public var base: ObjectID?
    /// The release date, else the newest version's date.
    public var date: Timestamp
    /// Its versions, newest first.
    public var versions: [ChangelogVersion]
    /// The authors of its versions, by name, in order of first appearance (oldest first).
    public var contributors: [Person]
    public var changes: ChangeRecord

    private enum CodingKeys: String, CodingKey {
        case kind, release, version = "commit", base, date, versions, contributors, changes
    }

    /// JSON (docs/json-output.md): the group's newest version is `commit`, its base `{"commit": …}`. `JSONChangelog`
    /// writes the same members in the same order.
    public func encode(to encoder: Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(kind, forKey: .kind)
        try container.encodeIfPresent(release, forKey: .release)
        try container.encode(version, forKey: .version)
        try container.encodeIfPresent(base.map { VersionReference($0) }, forKey: .base)
        try container.encode(date, forKey: .date)
        try container.encode(versions, forKey: .versions)
        try container.encode(contributors, forKey: .contributors)
        try container.encode(changes, forKey: .changes)
    }
}

/// A collection's name and label.
public struct ChangelogCollection: Sendable, Hashable, Codable {
    public var name: String
    public var label: String

    public init(name: String, label: String) {
        self.name = name
        self.label = label
    }
}

/// The public changelog of a store (or a plain Git repository of Markdown files).
public struct Changelog: Sendable, Hashable, Encodable {
    /// The store's title (plain repositories: the folder name).
    public var title: String
    /// `de` or `en`: the language of labels.
    public var language: String
    public var mode: SnapshotDiff.Mode
    public var grouping: ChangelogGrouping
    /// The newest version covered.
    public var to: ObjectID
    /// The version the changelog starts after (`--from`); nil: from the beginning.
    public var from: ObjectID?
    /// A stable identifier of the history (the first version's id), used for feed ids.
    public var origin: ObjectID
    /// The date of the first version (for `tag:` URIs).
    public var originDate: Timestamp
    public var collections: [ChangelogCollection]
    /// Newest first.
    public var groups: [ChangelogGroup]

    /// The label of a collection (its name when none is configured; "" stays "" for the root of plain repositories).
    public func label(of collection: String) -> String {
        collections.first { $0.name == collection }?.label ?? collection
    }

    public init(title: String, language: String, mode: SnapshotDiff.Mode, grouping: ChangelogGrouping, to: ObjectID, from: ObjectID?,
                origin: ObjectID, originDate: Timestamp, collections: [ChangelogCollection], groups: [ChangelogGroup]) {
        self.title = title
        self.language = language
        self.mode = mode
        self.grouping = grouping
        self.to = to
        self.from = from
        self.origin = origin
        self.originDate = originDate
        self.collections = collections
        self.groups = groups
    }

    /// The changelog made of a head and its groups.
    public init(head: ChangelogHead, groups: [ChangelogGroup]) {
        self.init(title: head.title, language: head.language, mode: head.mode, grouping: head.grouping, to: head.to, from: head.from,
                  origin: head.origin, originDate: head.originDate, collections: head.collections, groups: groups)
    }

    private enum CodingKeys: String, CodingKey {
        case chronik, title, language, mode, grouping, to, from, origin, collections, groups
    }

    /// JSON: a document of chronik's JSON contract (docs/json-output.md, Schemas/output/changelog.schema.json),
    /// `"chronik": 1` first, the versions it names by role as `{"commit": …}`. `JSONChangelog` writes the same text.
    public func encode(to encoder: Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(Self.contractVersion, forKey: .chronik)
        try container.encode(title, forKey: .title)
        try container.encode(language, forKey: .language)
        try container.encode(mode, forKey: .mode)
        try container.encode(grouping, forKey: .grouping)
        try container.encode(VersionReference(to), forKey: .to)
        try container.encodeIfPresent(from.map { VersionReference($0) }, forKey: .from)
        try container.encode(VersionReference(origin, date: originDate), forKey: .origin)
        try container.encode(collections, forKey: .collections)
        try container.encode(groups, forKey: .groups)
    }

    /// The major version of chronik's JSON contract (`"chronik": 1`), as the CLI writes it in every document.
    public static let contractVersion = 1

    /// What a renderer needs before the groups.
    public var head: ChangelogHead {
        ChangelogHead(title: title, language: language, mode: mode, grouping: grouping, to: to, from: from, origin: origin,
                      originDate: originDate, collections: collections, outline: groups.map(\.outline))
    }
}

/// A group as the head of a changelog lists it: what a table of contents or a feed's `updated` needs, without
/// the versions and the change record.
public struct ChangelogGroupOutline: Sendable, Hashable {
    public var kind: ChangelogGroup.Kind
    public var release: Release?
    /// The newest version of the group.
    public var version: ObjectID
    /// The release date, else the newest version's date.
    public var date: Timestamp

    public init(kind: ChangelogGroup.Kind, release: Release?, version: ObjectID, date: Timestamp) {
        self.kind = kind
        self.release = release
        self.version = version
        self.date = date
    }
}

extension ChangelogGroup {
    public var outline: ChangelogGroupOutline { ChangelogGroupOutline(kind: kind, release: release, version: version, date: date) }
}

extension ChangelogGroupOutline {
    /// The group's stable fragment identifier in the HTML changelog (`release-<name>`, `unreleased`,
    /// `version-<id>`; see docs/changelog.md, "Links and anchors"): for pages and feeds that link to it.
    package var anchor: String { GroupView.anchor(self) }

    /// The group's heading for people, in the labels' language: the release title (else the tag name prettified)
    /// with the name, "Unreleased", or the version with its release ("Version 1a2b3c4 — in: …").
    package func heading(language: String) -> String { GroupView.heading(self, labels: ChangelogLabels(language: language)) }
}

/// Everything of a `Changelog` but its groups' versions and change records: what the renderers need before the
/// first group, so that a changelog can be built and rendered one group at a time (`ChangelogBuilder.build(_:head:group:)`,
/// `ChangelogStreamRenderer`). It comes from commits, tags and `chronik.yml`, and (for `collections`, see
/// `ChangelogOptions.recordCollectionsInHead`) from the names of the collections the records touch.
public struct ChangelogHead: Sendable, Hashable {
    public var title: String
    public var language: String
    public var mode: SnapshotDiff.Mode
    public var grouping: ChangelogGrouping
    public var to: ObjectID
    public var from: ObjectID?
    public var origin: ObjectID
    public var originDate: Timestamp
    /// The configured collections, then (sorted) any other collection a record names.
    public var collections: [ChangelogCollection]
    /// One line per group, in the order the groups come: newest first.
    public var outline: [ChangelogGroupOutline]

    public init(title: String, language: String, mode: SnapshotDiff.Mode, grouping: ChangelogGrouping, to: ObjectID, from: ObjectID?,
                origin: ObjectID, originDate: Timestamp, collections: [ChangelogCollection], outline: [ChangelogGroupOutline]) {
        self.title = title
        self.language = language
        self.mode = mode
        self.grouping = grouping
        self.to = to
        self.from = from
        self.origin = origin
        self.originDate = originDate
        self.collections = collections
        self.outline = outline
    }

    /// The label of a collection, as `Changelog.label(of:)`.
    public func label(of collection: String) -> String {
        collections.first { $0.name == collection }?.label ?? collection
    }
}
