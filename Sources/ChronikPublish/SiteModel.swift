import ChronikChangelog
import ChronikDiff
import ChronikStore
import Foundation
import GitKit

// The published site as a value (issue 15): everything `chronik publish` shows, gathered once from the store at one
// version, public by construction (docs/privacy.md: no value a schema marks `x-chronik-private`, at any depth, by
// that version's own schema; no e-mail address; no blob ids). The page renderers (HTML), the data writers (Atom,
// JSON, sitemap) and the search index are pure functions of this value, so privacy is decided in one place: where
// the model is built (`SiteModelBuilder`).

/// The whole site at one version.
public struct SiteModel: Sendable, Hashable {
    /// The store's title (`chronik.yml`'s `title`).
    public var title: String
    /// The language of labels and interface ("de" or "en").
    public var language: String
    /// The version the site shows.
    public var version: SiteVersion
    /// The release at that version, when the version is a release.
    public var release: Release?
    /// The start page's introduction: Markdown (rendered by libcmark-gfm in safe mode), from the entry or page that
    /// `chronik.yml`'s `site.introduction` names, else the store's README.md; "" when there is none.
    public var introduction: String
    /// The collections in `chronik.yml`'s order.
    public var collections: [SiteCollection] {
        didSet { entryIndex = Self.index(collections) }
    }
    /// Where each entry is in `collections` (`collection/id` → positions), so that `entry(_:_:)` (which every page
    /// of references and changes asks, thousands of times on a large store) does not scan them. Kept up to date
    /// with `collections`; derived from it, so equality is unaffected.
    private var entryIndex: [SiteEntryKey: EntryPosition] = [:]
    /// Every release up to the version, newest first.
    public var releases: [SiteRelease]
    /// The newest versions up to the version (newest first), for the start page's "latest changes".
    public var recent: [SiteVersionChange]
    /// Participation dates (entries with a start date and a status, e.g. `events`), sorted by start.
    public var dates: [SiteDate]
    /// The first version along first parents (the history's origin): feeds build their ids from it as the
    /// changelog's Atom feed does (`tag:chronik,<day>:<id>`), so ids stay the same on every run and in every clone;
    /// nil in hand-built models (ids then come from the title). Added by sitemodel.
    public var origin: SiteVersion?

    public init(title: String, language: String, version: SiteVersion, release: Release?, introduction: String,
                collections: [SiteCollection], releases: [SiteRelease], recent: [SiteVersionChange], dates: [SiteDate],
                origin: SiteVersion? = nil) {
        self.origin = origin
        self.title = title
        self.language = language
        self.version = version
        self.release = release
        self.introduction = introduction
        self.collections = collections
        entryIndex = Self.index(collections)
        self.releases = releases
        self.recent = recent
        self.dates = dates
    }

    /// The entry with this collection and id.
    public func entry(_ collection: String, _ id: String) -> SiteEntry? {
        guard let p = entryIndex[SiteEntryKey(collection, id)], collections.indices.contains(p.collection),
              collections[p.collection].entries.indices.contains(p.entry) else { return nil }
        let found = collections[p.collection].entries[p.entry]
        return collections[p.collection].name == collection && found.id == id ? found : nil
    }

    /// Whether the model has the entry (`entry(_:_:) != nil` without copying it out).
    func containsEntry(_ collection: String, _ id: String) -> Bool { entryTitle(collection, id) != nil }

    /// The entry's title (`entry(_:_:)?.title` without copying the entry out).
    func entryTitle(_ collection: String, _ id: String) -> String? {
        guard let p = entryIndex[SiteEntryKey(collection, id)], collections.indices.contains(p.collection),
              collections[p.collection].entries.indices.contains(p.entry) else { return nil }
        return collections[p.collection].name == collection && collections[p.collection].entries[p.entry].id == id
            ? collections[p.collection].entries[p.entry].title : nil
    }

    private struct EntryPosition: Sendable, Hashable {
        var collection: Int
        var entry: Int
    }

    private static func index(_ collections: [SiteCollection]) -> [SiteEntryKey: EntryPosition] {
        var index: [SiteEntryKey: EntryPosition] = [:]
        index.reserveCapacity(collections.reduce(0) { $0 + $1.entries.count })
        // By position: a `for` over the entries copied each one out (retaining all it holds), inc15k.
        for c in collections.indices {
            let name = collections[c].name
            for e in collections[c].entries.indices {
                // The first of duplicates wins, as a scan would find it.
                let key = SiteEntryKey(name, collections[c].entries[e].id)
                if index[key] == nil { index[key] = EntryPosition(collection: c, entry: e) }
            }
        }
        return index
    }
}

/// An entry's collection and id as a dictionary's key, hashed as the two texts: a `collection/id` text made for each
/// look-up (of every link's target, every entry's fingerprint and every name a release lists) was an allocation and a
/// copy per look-up (inc15k).
struct SiteEntryKey: Hashable, Sendable {
    var collection: String
    var id: String

    init(_ collection: String, _ id: String) {
        self.collection = collection
        self.id = id
    }
}

/// One version (commit) as the site names it.
public struct SiteVersion: Sendable, Hashable, Codable {
    public var id: ObjectID
    public var date: Timestamp
    /// The commit message's first line (e-mail addresses redacted).
    public var summary: String

    public init(id: ObjectID, date: Timestamp, summary: String) {
        self.id = id
        self.date = date
        self.summary = summary
    }
}

/// A collection: a database view.
public struct SiteCollection: Sendable, Hashable {
    /// The folder name (`glossary`).
    public var name: String
    /// Its label in the site's language (`Glossar`).
    public var label: String
    /// The columns of its table: the schema's `x-chronik-columns`, else `chronik.yml`'s `columns`, else the title
    /// then the required scalar fields.
    public var columns: [SiteColumn]
    /// Its entries, sorted by title (then id); document-like collections (the strategy) in section order.
    public var entries: [SiteEntry]

    public init(name: String, label: String, columns: [SiteColumn], entries: [SiteEntry]) {
        self.name = name
        self.label = label
        self.columns = columns
        self.entries = entries
    }
}

/// A column of a collection's table.
public struct SiteColumn: Sendable, Hashable {
    /// The field's key (top-level property name); "title" for the title column.
    public var key: String
    /// Its label in the site's language.
    public var label: String

    public init(key: String, label: String) {
        self.key = key
        self.label = label
    }
}

/// One entry, public.
public struct SiteEntry: Sendable, Hashable {
    public var collection: String
    public var id: String
    /// The file's path in the store (`glossary/open-data.md`).
    public var path: String
    /// The title (the collection's `title_field`, else `title`, else the first heading, else the id).
    public var title: String
    /// The front matter's public fields in schema order, with labels.
    public var fields: [SiteField]
    /// The Markdown body.
    public var body: String {
        get { bodyText.text }
        set { bodyText = SiteText(newValue) }
    }
    /// The body, kept in a spill file when the model builder has one (`SiteText`).
    var bodyText: SiteText
    /// The entries whose fields refer to this one, sorted.
    public var backlinks: [SiteLink]
    /// The versions that changed it, newest first.
    public var history: [SiteEntryChange]

    public init(collection: String, id: String, path: String, title: String, fields: [SiteField], body: String,
                backlinks: [SiteLink], history: [SiteEntryChange]) {
        self.collection = collection
        self.id = id
        self.path = path
        self.title = title
        self.fields = fields
        self.bodyText = SiteText(body)
        self.backlinks = backlinks
        self.history = history
    }
}

/// A text of the model (an entry's body) in memory, or in a spill file (`SiteHistorySpill`) from which it is read
/// each time it is asked for (peak15c): on the large store the bodies were 192 MB held for the whole publish, while
/// each is read three or four times (its page, its JSON, its search document, the fingerprints). Equal when the texts
/// are.
struct SiteText: Sendable, Hashable {
    private enum Storage: Sendable {
        case stored(SpillStorage<String>)
        /// Bytes known to be valid UTF-8, made a String when first asked for (`SiteUTF8Text`).
        case utf8(SiteUTF8Text)
        /// An entry's body in its blob, read each time it is asked for (`SiteBlobBodies`, inc15p).
        case blob(SiteBlobBody)
    }
    private let storage: Storage
    /// The fingerprint of the text's bytes when it is known already (taken from the entry cache, or made when the
    /// entry was parsed and recorded there): `digest` is then not computed again.
    private var knownDigest: SiteFingerprint?

    init(_ text: String) { storage = .stored(.memory(text)) }

    /// `text` with the fingerprint of its bytes (`SiteText.digest(of:)`), which the caller vouches for.
    init(_ text: String, digest: SiteFingerprint) {
        storage = .stored(.memory(text))
        knownDigest = digest
    }

    /// `text` kept in `spill` when it is long enough and could be written there, else in memory.
    init(_ text: String, spill: SiteHistorySpill?) {
        let length = text.utf8.count
        guard let spill, length >= SiteHistorySpill.smallest, let offset = spill.add(Array(text.utf8)) else {
            storage = .stored(.memory(text))
            return
        }
        storage = .stored(.spilled(spill, offset: offset, length: length))
    }

    /// A text given by its bytes, which must be valid UTF-8 (an entry's body cut from its blob, whose parse validated
    /// it: `SiteEntryCache`): its String is made when first asked for, so that a publish that only fingerprints it
    /// (`withUTF8`) never validates it again (inc15h).
    init(validUTF8 bytes: Data, digest: SiteFingerprint? = nil) {
        storage = .utf8(SiteUTF8Text(bytes))
        knownDigest = digest
    }

    /// An entry's body that `body` reads from its blob when asked for, with the fingerprint of its bytes (recorded in the
    /// entry cache: the fingerprints never read it).
    init(blob body: SiteBlobBody, digest: SiteFingerprint) {
        storage = .blob(body)
        knownDigest = digest
    }

    /// Whether the text is read from its blob when asked for (`init(blob:digest:)`): the model holds none of its bytes.
    var isInBlob: Bool {
        if case .blob = storage { return true }
        return false
    }

    /// The fingerprint of the text's bytes (what `SiteInputs.entry` adds for a body): the known one, else computed.
    var digest: SiteFingerprint { knownDigest ?? withUTF8 { Self.digest(of: $0) } }

    /// The fingerprint of a text's UTF-8 bytes.
    static func digest(of bytes: UnsafeRawBufferPointer) -> SiteFingerprint {
        var f = SiteFingerprint()
        f.add(raw: bytes)
        return f
    }

    var text: String {
        switch storage {
        case .stored(.memory(let text)): return text
        case .stored(.spilled(let spill, let offset, let length)): return String(decoding: spill.read(offset: offset, length: length), as: UTF8.self)
        case .utf8(let lazy): return lazy.text
        case .blob(let body): return String(decoding: body.bytes(), as: UTF8.self)
        }
    }

    /// Calls `body` with the text's UTF-8 bytes (what `text.utf8` holds), without making a String of bytes.
    func withUTF8<R>(_ body: (UnsafeRawBufferPointer) -> R) -> R {
        switch storage {
        case .stored(.memory(var text)): return text.withUTF8 { body(UnsafeRawBufferPointer($0)) }
        case .stored(.spilled(let spill, let offset, let length)): return spill.read(offset: offset, length: length).withUnsafeBytes(body)
        case .utf8(let lazy): return lazy.withUTF8(body)
        case .blob(let blob): return blob.bytes().withUnsafeBytes(body)
        }
    }

    /// How many UTF-8 bytes the text has.
    var utf8Count: Int {
        switch storage {
        case .stored(.memory(let text)): return text.utf8.count
        case .stored(.spilled(_, _, let length)): return length
        case .utf8(let lazy): return lazy.utf8Count
        case .blob(let body): return body.bytes().count
        }
    }

    /// The same text in `spill` (as `init(_:spill:)` keeps it), or this one when it is in a file already or there is
    /// no spill file.
    func spilled(to spill: SiteHistorySpill?) -> SiteText {
        guard let spill else { return self }
        var moved: SiteText
        switch storage {
        case .stored(.memory(let text)): moved = SiteText(text, spill: spill)
        case .stored(.spilled), .blob: return self
        case .utf8(let lazy):
            let length = lazy.utf8Count
            guard length >= SiteHistorySpill.smallest, let offset = lazy.withUTF8({ spill.add(Array($0)) }) else { return self }
            moved = SiteText(storage: .stored(.spilled(spill, offset: offset, length: length)))
        }
        moved.knownDigest = knownDigest
        return moved
    }

    private init(storage: Storage) { self.storage = storage }

    /// The spill file that holds the text, if any.
    var spill: SiteHistorySpill? {
        if case .stored(let stored) = storage { return stored.spill }
        return nil
    }

    /// Whether the text is in a spill file (for the tests).
    var isSpilled: Bool { spill != nil }

    static func == (a: SiteText, b: SiteText) -> Bool { a.text == b.text }

    func hash(into hasher: inout Hasher) { hasher.combine(text) }
}

/// Valid UTF-8 bytes whose String is made once, when first asked for (by a page, a JSON file or a search document
/// being made, on any thread); until then, and for fingerprints, the bytes serve.
final class SiteUTF8Text: @unchecked Sendable {
    private enum State {
        case bytes(Data)
        case text(String)
    }
    private let lock = NSLock()
    private var state: State
    let utf8Count: Int

    init(_ bytes: Data) {
        state = .bytes(bytes)
        utf8Count = bytes.count
    }

    var text: String {
        lock.withLock {
            switch state {
            case .text(let text): return text
            case .bytes(let bytes):
                let text = String(decoding: bytes, as: UTF8.self)
                state = .text(text)
                return text
            }
        }
    }

    func withUTF8<R>(_ body: (UnsafeRawBufferPointer) -> R) -> R {
        lock.withLock {
            switch state {
            case .text(var text): return text.withUTF8 { body(UnsafeRawBufferPointer($0)) }
            case .bytes(let bytes): return bytes.withUnsafeBytes(body)
            }
        }
    }
}

/// A field of an entry.
public struct SiteField: Sendable, Hashable {
    /// The top-level key.
    public var key: String
    /// The schema's label in the site's language, else the key.
    public var label: String
    /// The value (redacted: no private parts, no e-mail addresses).
    public var value: JSONValue
    /// The entries the value refers to (`x-chronik-ref`), in the value's order, with their titles.
    public var links: [SiteLink]

    public init(key: String, label: String, value: JSONValue, links: [SiteLink] = []) {
        self.key = key
        self.label = label
        self.value = value
        self.links = links
    }
}

/// A link to an entry, shown by its title.
public struct SiteLink: Sendable, Hashable {
    public var collection: String
    public var id: String
    /// The referenced entry's title at the site's version; the id when it does not resolve.
    public var title: String
    /// Whether the entry exists at the site's version.
    public var resolves: Bool

    public init(collection: String, id: String, title: String, resolves: Bool) {
        self.collection = collection
        self.id = id
        self.title = title
        self.resolves = resolves
    }
}

/// A version that changed an entry, with what changed (as the changelog shows it).
public struct SiteEntryChange: Sendable, Hashable {
    public var version: SiteVersion
    /// The release the version belongs to (the first release that contains it), if any.
    public var release: String?
    /// The change, public (kind, fields, word counts, blocks). Its word-level blocks are kept packed
    /// (`SiteHistoryBlocks`, mem15b) and unpacked each time this is read: what does not show the words reads
    /// `summary`.
    /// A change filed from the site's history facts (`SiteHistoryFacts`, inc15d) is read when first asked for here
    /// (by a file being rendered; `SiteHistoryChanges.load` before the site is written).
    public var change: ChangelogEntry {
        get {
            var change: ChangelogEntry
            if let details {
                do {
                    change = try details.change(self)
                } catch {
                    preconditionFailure("the history of the site cannot be read: \(error)")
                }
            } else {
                change = summary
            }
            change.blocks = packedBlocks.unpacked
            return change
        }
        set {
            summary = newValue
            summary.blocks = []
            packedBlocks = SiteHistoryBlocks(newValue.blocks)
            details = nil
            fieldPointers = nil
        }
    }
    /// What a feed says of the change (`SiteFeeds.entryChangeSummary`); of a change filed from the facts, kept since
    /// its entry's page was rendered (`SiteHistoryChanges.settle`) rather than read again.
    func feedSummary(labels: ChangelogLabels) -> String {
        guard let details else { return SiteFeeds.entryChangeSummary(change, labels: labels) }
        do {
            return try details.feedSummary(self, labels: labels)
        } catch {
            preconditionFailure("the history of the site cannot be read: \(error)")
        }
    }

    /// The change without its word-level blocks; of a change filed from the facts (`details` set), only its kind,
    /// entry and former name (what fingerprints read).
    private(set) var summary: ChangelogEntry
    /// Where the rest of the change is read, for a change filed from the history facts; nil: `summary` is it.
    var details: SiteHistoryChanges?
    /// Of a change filed from the facts: the changed fields' pointers (its `summary` has its word counts).
    var fieldPointers: [String]?

    /// What an entry's JSON file shows of the change (`SiteJSON.entry`): kind, former name, the changed fields'
    /// pointers and the words added and removed, at hand without reading the change (inc15d).
    var listed: (kind: EntryDiff.Kind, from: EntryRef?, fields: [String], wordsAdded: Int, wordsRemoved: Int) {
        if details != nil, let fieldPointers {
            return (summary.kind, summary.from, fieldPointers, summary.prose.wordsAdded, summary.prose.wordsRemoved)
        }
        let c = change
        return (c.kind, c.from, c.fields.map(\.pointer), c.prose.wordsAdded, c.prose.wordsRemoved)
    }
    private(set) var packedBlocks: SiteHistoryBlocks
    /// Where the change is cached: the record of `version` against `base` (its first parent), entry `position` of
    /// its `recordCount`; for the blocks of a model built without them (`SiteHistoryDetail`).
    var base: ObjectID?
    var position = 0
    var recordCount = 0

    public init(version: SiteVersion, release: String?, change: ChangelogEntry) {
        self.version = version
        self.release = release
        summary = change
        summary.blocks = []
        packedBlocks = SiteHistoryBlocks(change.blocks)
    }

    public static func == (a: SiteEntryChange, b: SiteEntryChange) -> Bool {
        a.version == b.version && a.release == b.release && a.base == b.base && a.position == b.position && a.recordCount == b.recordCount
            && a.change == b.change
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(version)
        hasher.combine(release)
        hasher.combine(summary.entry)
        hasher.combine(summary.kind)
    }

    /// Gives the change its word-level blocks as they are, not packed (`SiteHistoryDetail`: read for one page, which
    /// is rendered at once; see `SiteHistoryBlocks.init(holding:)`).
    mutating func holdBlocks(_ blocks: [BlockChange]) {
        packedBlocks = SiteHistoryBlocks(holding: blocks)
    }

    /// Gives the change its word-level blocks (read after the change itself: `SiteHistoryIndex.fillBlocks`), kept in
    /// `spill` when given.
    mutating func setBlocks(_ blocks: [BlockChange], spill: SiteHistorySpill? = nil) {
        packedBlocks = SiteHistoryBlocks(blocks)
        if let spill { packedBlocks = packedBlocks.spilled(to: spill) }
    }
}

/// A release with its changelog group.
public struct SiteRelease: Sendable, Hashable {
    public var release: Release
    /// The changelog group of the release (its versions and changes against the previous release), without the
    /// word-level `blocks` of its entries (an entry's history has them). A model built from the release facts of
    /// the last publish (`SiteReleaseFacts`, inc15c) reads the changes only when this is read: a release page or
    /// the changelog page rendered.
    public var group: ChangelogGroup {
        get {
            var group = outline
            group.changes = changes?.record(version: outline.version, base: outline.base) ?? heldChanges
            return group
        }
        set {
            self = SiteRelease(release: release, group: newValue)
        }
    }
    /// The group without its changes.
    private(set) var outline: ChangelogGroup
    /// The entries the group's changes name, in their order, and their summary: what the fingerprints and the site's
    /// feed read, at hand without the changes.
    private(set) var named: [EntryRef]
    private(set) var summary: SnapshotSummary
    /// The changes, when the model was built with them.
    private var heldChanges: ChangeRecord
    /// Where the changes are read when `group` is; nil: `heldChanges` are they.
    private let changes: SiteReleaseChanges?

    public init(release: Release, group: ChangelogGroup) {
        self.release = release
        outline = group
        outline.changes = .none
        named = group.changes.entries.map(\.entry)
        summary = group.changes.summary
        heldChanges = group.changes
        changes = nil
    }

    /// A release whose changes are read from `changes` when first asked for.
    init(release: Release, outline: ChangelogGroup, named: [EntryRef], summary: SnapshotSummary, changes: SiteReleaseChanges) {
        self.release = release
        self.outline = outline
        self.outline.changes = .none
        self.named = named
        self.summary = summary
        heldChanges = .none
        self.changes = changes
    }

    /// Whether the changes are still to be read (tests).
    var isWaitingForChanges: Bool { changes?.isLoaded == false }

    /// Reads the changes now (they are read once for every release of the model), so that an error is thrown here
    /// rather than met by a renderer.
    func prepare() throws {
        try changes?.load()
    }

    public static func == (a: SiteRelease, b: SiteRelease) -> Bool {
        a.release == b.release && a.named == b.named && a.summary == b.summary && a.group == b.group
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(release)
        hasher.combine(outline.version)
        hasher.combine(outline.base)
        hasher.combine(named)
    }
}

/// A version with the number of entries it changed, for "latest changes".
public struct SiteVersionChange: Sendable, Hashable {
    public var version: SiteVersion
    public var release: String?
    public var changed: [EntryRef]

    public init(version: SiteVersion, release: String?, changed: [EntryRef]) {
        self.version = version
        self.release = release
        self.changed = changed
    }
}

/// A participation date (Beteiligungstermin).
public struct SiteDate: Sendable, Hashable {
    public var entry: SiteLink
    /// `YYYY-MM-DD` as stored.
    public var start: String
    public var end: String?
    /// The status as stored (`geplant`, `laufend`, `beendet`) and its label.
    public var status: String?
    public var statusLabel: String?

    public init(entry: SiteLink, start: String, end: String?, status: String?, statusLabel: String?) {
        self.entry = entry
        self.start = start
        self.end = end
        self.status = status
        self.statusLabel = statusLabel
    }
}

/// What `SiteModelBuilder.build` gathers.
public struct SiteBuildOptions: Sendable, Hashable {
    /// The language of labels ("de" or "en"); nil: the store's (`chronik.yml`), else detected, else English.
    public var language: String?
    /// How many versions "latest changes" lists.
    public var recentCount: Int
    /// Which tags are releases (nil: `chronik.yml`'s `releases:`, else every tag).
    public var tags: TagSelection?
    /// Where the changelog's change records are cached (`ChangelogOptions.defaultCacheDirectory(of:)`, shared with
    /// `chronik changelog`); nil: no cache, every version diffed again (added by sitemodel: a publish should pass it).
    public var cacheDirectory: URL?
    /// Whether the entries' histories have their word-level blocks (what an entry page shows). Without them (only
    /// with a `cacheDirectory`), every record the model reads has its blocks cached, and `SiteHistoryDetail` reads
    /// them for the pages that are rendered: an incremental publish renders a few.
    var historyBlocks = true
    /// Where the site keeps its release groups' facts between publishes (`SiteReleaseFacts`, in the publish cache's
    /// folder); with them the model reads a release group's changes only when a page shows them. Only with a
    /// `cacheDirectory`.
    var releaseFactsDirectory: URL?
    /// With `releaseFactsDirectory`: read the release groups' changes only when a page shows them (a publish into a
    /// folder published before); else they are read at once and their facts kept.
    var releaseChangesWhenShown = false
    /// With `releaseFactsDirectory`: keep the outline of the histories' changelog there for the next publish
    /// (`SiteHistoryOutline`). A release's own site (`--releases`) reads it but does not replace the main site's.
    var keepsHistoryOutline = true
    /// The change-record cache's readers that the model's history changes (`SiteHistoryChanges`) and the entry pages'
    /// blocks (`SiteHistoryDetail`) share (one index of the cache's segments); nil: each opens its own.
    var recordReaders: SiteRecordReaders?
    /// Entry pages read the blocks of records with at least this many entries from their cut files
    /// (`SiteBlockSlices`, in `releaseFactsDirectory`); the tests lower it for the sample's small records.
    var blockSlicesSmallest = SiteBlockSlices.defaultSmallest
    /// The entries' bodies go to a spill file (`SiteText`) when they weigh this many bytes in all or more (the large
    /// store's 300 MB; peak15c), else they stay in memory (the medium store's 30 MB: writing them out cost more than
    /// they weigh, inc15e).
    var bodySpillMinimum = 64 << 20
    /// The entries as the last publish read them (`SiteEntryCache`): an entry whose blob and collection's privacy and
    /// title field are the same is neither parsed nor redacted again. nil: every entry is parsed.
    var entryCache: SiteEntryCache?
    /// The history facts of `releaseFactsDirectory`, read and parsed on another thread (`SiteHistoryFactsPrefetch`):
    /// the model's build takes them once. nil: read when filed.
    var historyFacts: SiteHistoryFactsPrefetch?
    /// With `recordReaders`: the model's build opens them for its language on another thread as soon as it knows the
    /// language (a publish into a folder published at another version: its new versions' records are read or made
    /// through them).
    var opensRecordCacheEarly = false
    /// With an `entryCache`: the body of an entry the cache holds is read from its blob when a file shows it
    /// (`SiteBlobBodies`), and its blob is not read for the model. nil: every entry's blob is read (a publish that
    /// renders every page). The caller checks its reads (`checkReads`) before the site is swapped in.
    var blobBodies: SiteBlobBodies?
    /// The entries are read and parsed this many at a time (`SiteModelBuilder`): their bytes are held a batch at a
    /// time, and with a spill file each batch's bodies go there before the next is read. The tests lower it.
    var entryBatch = 2_048

    public init(language: String? = nil, recentCount: Int = 10, tags: TagSelection? = nil, cacheDirectory: URL? = nil) {
        self.language = language
        self.recentCount = recentCount
        self.tags = tags
        self.cacheDirectory = cacheDirectory
    }
}

/// How the site's files are written from the model.
public struct SiteRenderOptions: Sendable, Hashable {
    /// The site's public address with a trailing `/` (`--base-url`, else `chronik.yml`'s `public_url`): absolute
    /// links in feeds and the sitemap. nil: feeds link relatively and no sitemap is written (a sitemap needs
    /// absolute addresses).
    public var baseURL: String?
    /// With `--releases`: the names of the releases that get their own site under `SitePaths.releaseSite(_:)`, so
    /// pages can link to an entry as it was in each release.
    public var releaseSites: Set<String>
    /// Where this site sits below the root of the published folder ("" for the main site, "v/<name>/" for a
    /// release's site), for links between the versions of the site.
    public var prefix: String
    /// The release sites in the order pages list them (newest first), so that a release's site links to newer
    /// releases too (its model knows only the older ones); empty: the model's releases that have a site. Added by
    /// sitepages.
    public var releaseOrder: [String]

    public init(baseURL: String? = nil, releaseSites: Set<String> = [], prefix: String = "", releaseOrder: [String] = []) {
        self.baseURL = baseURL
        self.releaseSites = releaseSites
        self.prefix = prefix
        self.releaseOrder = releaseOrder
    }
}
