import ChronikDiff
import ChronikStore
import GitKit

// The changelog as a value: what the renderers (Markdown, HTML, JSON, Atom) turn into text. Everything in it is
// public by construction: built with `publicOnly` (no `x-chronik-private` field), people by name only, commit
// and tag messages without trailers and with e-mail addresses redacted.

/// How versions are grouped.
public enum ChangelogGrouping: String, Sendable, Hashable, Codable, CaseIterable {
    /// One group per release (annotated tag on the first-parent history), plus "Unreleased".
    case release
    /// One group per version.
    case commit
}

/// A named draft: an annotated tag.
public struct Release: Sendable, Hashable, Codable {
    public var name: String
    /// The tag object's id.
    public var tag: ObjectID
    /// The version it names.
    public var version: ObjectID
    /// The tagger's date (else the version's date).
    public var date: Timestamp
    /// The tagger's name.
    public var tagger: Person?
    /// The tag message (trailers removed, e-mail addresses redacted).
    public var message: String

    public init(name: String, tag: ObjectID, version: ObjectID, date: Timestamp, tagger: Person?, message: String) {
        self.name = name
        self.tag = tag
        self.version = version
        self.date = date
        self.tagger = tagger
        self.message = message
    }
}

/// One version as the changelog lists it.
public struct ChangelogVersion: Sendable, Hashable, Codable {
    public var id: ObjectID
    public var author: Person
    public var date: Timestamp
    /// The commit message (trailers removed, e-mail addresses redacted).
    public var message: String

    public var summary: String { PublicText.firstLine(message) }
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
    /// The changed blocks with their word-level changes (modified, renamed and moved entries only; shown with
    /// `--detail`).
    public var blocks: [BlockChange]

    public init(kind: EntryDiff.Kind, entry: EntryRef, from: EntryRef?, title: String?, fields: [FieldChange], prose: ProseSummary, blocks: [BlockChange]) {
        self.kind = kind
        self.entry = entry
        self.from = from
        self.title = title
        self.fields = fields
        self.prose = prose
        self.blocks = blocks
    }
}

/// What changed between two versions, as the changelog keeps it (and caches it).
public struct ChangeRecord: Sendable, Hashable, Codable {
    /// Bumped whenever the record's shape or content rules change; part of the cache key.
    public static let formatVersion = 2

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
            let keepBlocks = e.kind != .added && e.kind != .removed
            return ChangelogEntry(kind: e.kind, entry: e.entry, from: e.from, title: e.title.map(PublicText.line),
                                  fields: e.fields, prose: e.prose.summary, blocks: keepBlocks ? e.prose.blocks : [])
        }
        files = diff.files
        documents = diff.documents.map { d in
            var moved = d
            moved.sections = d.sections.filter { $0.kind != .unchanged }
            return moved
        }
        summary = diff.summary
    }

    public var isEmpty: Bool { entries.isEmpty && files.isEmpty && documents.allSatisfy(\.sections.isEmpty) }

    /// Empties every entry's word-level `blocks` (what renderers show only with `detail`).
    public mutating func removeBlocks() {
        for k in entries.indices where !entries[k].blocks.isEmpty { entries[k].blocks = [] }
    }
}

/// One group of the changelog: a release, the unreleased versions, or (with `--by commit`) one version.
public struct ChangelogGroup: Sendable, Hashable, Codable {
    public enum Kind: String, Sendable, Hashable, Codable {
        case release, unreleased, version
    }

    public var kind: Kind
    /// For `release`.
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
}

/// A collection's name and label.
public struct ChangelogCollection: Sendable, Hashable, Codable {
    public var name: String
    public var label: String
}

/// The public changelog of a store (or a plain Git repository of Markdown files).
public struct Changelog: Sendable, Hashable, Codable {
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
}
