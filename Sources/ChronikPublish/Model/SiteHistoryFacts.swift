import ChronikChangelog
import ChronikDiff
import ChronikStore
import Foundation
import GitKit

// The entries' histories without their changes (issue 15, "Incremental"; inc15d), as `SiteReleaseFacts` keeps the
// release groups. An entry's history is the by-version changelog's records filed under the entries they name
// (`SiteHistoryIndex`): to file them, to fingerprint the pages (`SiteInputs.entry`) and to list the latest versions
// (`recent`), a site needs of each record only the entries it names, with kind and former name. What changed in an
// entry (fields, word counts, references) is read only by the files rendered: the entry's page, feed and JSON file,
// and its collection's feed. So a publish with the publish cache keeps, per record, the entries it names
// (`SiteHistoryFacts`), builds the by-version groups without their records (`ChangelogOptions.records` off), reads
// the records of versions the facts do not know (the new ones) as before, and gives every other history item its
// change when a file that shows it is rendered (`SiteHistoryChanges`: that entry alone, cut out of its cached record).
// Decoding the histories' records was a sixth of an incremental publish of the medium store (inc15c's profile).

/// What a site keeps of its histories' change records between publishes: the entries each names, in order, with kind
/// and former name, by the record's key (its version and base; the language and `ChangeRecord.formatVersion` in the
/// file's header). One file in the publish cache's folder (`histories`), written as the release facts are: a header,
/// the lines, a last line with the checksum of everything before it. A file that does not verify, or is of another
/// language or record format, is not used: the histories are read with their records, as without it.
struct SiteHistoryFacts: SiteFactsFile {
    static let header = "chronik-site-histories 1"
    static let fileName = "histories"

    /// An entry a record names, and what its JSON file's history item shows (`SiteJSON.entry`: the changed fields'
    /// pointers, the words added and removed), which every entry of a collection's JSON file shows.
    struct Named: Equatable {
        var kind: EntryDiff.Kind
        var entry: EntryRef
        var from: EntryRef?
        var fields: [String] = []
        var wordsAdded = 0
        var wordsRemoved = 0
    }

    var language: String
    /// `SiteReleaseFacts.key(version:base:)` → the entries the record names.
    var records: [String: [Named]] = [:]

    /// At most this many versions unknown to the facts are read one by one; with more, the histories are read whole.
    static let unknownLimit = 32

    /// The change a history item filed from the facts holds until its change is read (`SiteHistoryChanges`): kind,
    /// entry, former name and word counts.
    static func change(_ n: Named) -> ChangelogEntry {
        var prose = ProseSummary()
        prose.wordsAdded = n.wordsAdded
        prose.wordsRemoved = n.wordsRemoved
        return ChangelogEntry(kind: n.kind, entry: n.entry, from: n.from, title: nil, fields: [], prose: prose, blocks: [])
    }

    /// The record of `changes` for facts `named` (tests: `SiteHistoryIndex.add(_:facts:changes:)` files what
    /// `add(_:record:changes:fieldPointers:)` files for it).
    static func record(_ named: [Named]) -> ChangeRecord {
        ChangeRecord(entries: named.map(change), files: [], documents: [], summary: SnapshotSummary())
    }

    static func named(_ record: ChangeRecord) -> [Named] {
        record.entries.map { Named(kind: $0.kind, entry: $0.entry, from: $0.from, fields: $0.fields.map(\.pointer),
                                   wordsAdded: $0.prose.wordsAdded, wordsRemoved: $0.prose.wordsRemoved) }
    }

    /// Files the groups of the by-version changelog `options` into `history`. With `whenShown` and facts that know
    /// all but a few versions, the groups are built without records and the known ones filed from the facts, their
    /// changes read when shown (`SiteHistoryChanges`); else every record is read as before. The facts of the records
    /// read are kept in `directory` for the next publish.
    static func file(into history: inout SiteHistoryIndex, builder: ChangelogBuilder, options: ChangelogOptions, directory: URL,
                     readers: SiteRecordReaders? = nil, whenShown: Bool, keepOutline: Bool = true,
                     prefetched: SiteHistoryFactsPrefetch? = nil) throws {
        let language = options.language ?? ""
        // Read and parsed on another thread while the entries were read, when the file is still the one read then
        // (`SiteHistoryFactsRead`); else here.
        let read = prefetched.flatMap { $0.directory == directory ? $0.take() : nil } ?? SiteHistoryFactsRead.read(directory: directory)
        let bytes = read.bytes
        let known = read.facts.flatMap { $0.language == language ? $0 : nil }
        if whenShown, let known, let bytes, options.cacheDirectory != nil,
           try fileFromFacts(known, bytes: bytes, into: &history, builder: builder, options: options, directory: directory, readers: readers,
                             keepOutline: keepOutline) {
            return
        }
        var facts = SiteHistoryFacts(language: language)
        try builder.build(options, head: { _ in }, group: { group in
            facts.records[SiteReleaseFacts.key(version: group.version, base: group.base)] = named(group.changes)
            history.add(group)
        })
        facts.keep(known, directory: directory)
    }

    /// Files the groups from `known` (and the few records it lacks, read now); false (nothing filed) when it lacks
    /// too many. The groups' outline is the one kept for an earlier tip with the new versions in front when that is
    /// what the changelog gives (`SiteHistoryOutline.extended`), else the by-version changelog without records; with
    /// `keepOutline` it is kept for the next publish.
    private static func fileFromFacts(_ known: SiteHistoryFacts, bytes: Data, into history: inout SiteHistoryIndex, builder: ChangelogBuilder,
                                      options: ChangelogOptions, directory: URL, readers: SiteRecordReaders?, keepOutline: Bool) throws -> Bool {
        let language = options.language ?? ""
        let repository = builder.repository
        // The releases the changelog groups by, and the outline kept (a failure here only means building it).
        var marks: [SiteHistoryOutline.ReleaseMark]?
        var kept: SiteHistoryOutline?
        var groups: [SiteHistoryOutline.Item]?
        if let to = options.to, options.from == nil, options.grouping == .commit {
            marks = try? SiteHistoryOutline.releases(in: repository, to: to, tags: options.tags)
            kept = SiteHistoryOutline.read(directory: directory, language: language)
            if let marks, let kept { groups = try? kept.extended(to: to, releases: marks, repository: repository, limit: unknownLimit) }
        }
        if groups == nil {
            var outlines = options
            outlines.records = false
            outlines.cacheDirectory = nil
            outlines.threads = 1
            var built: [SiteHistoryOutline.Item] = []
            try builder.build(outlines, head: { _ in }, group: { group in
                // A group without versions is not filed (`SiteHistoryIndex.add`).
                if let item = SiteHistoryOutline.Item(group) { built.append(item) }
            })
            groups = built
        }
        guard let groups else { return false }
        // The by-version groups go down the first parents from the tip, each against the next one's version: when they
        // do so unbroken to a version without parents, that is the history's origin, which the new versions' records
        // and the model ask for (each else a walk of the whole history).
        if let origin = Self.origin(of: groups, tip: options.to), options.grouping == .commit, options.from == nil, let to = options.to,
           (try? repository.commit(origin))?.parentIDs.isEmpty == true {
            builder.knowOrigin(origin, of: to)
        }
        if keepOutline, let to = options.to, let marks {
            let outline = SiteHistoryOutline(language: language, tip: to, releases: marks, items: groups)
            if outline != kept, outline.isWritable { outline.write(directory: directory) }
        }
        // Each group's facts looked up once (their keys are texts of two ids).
        var facts = groups.map { known.records[SiteReleaseFacts.key(version: $0.version, base: $0.base)] }
        let unknown = facts.indices.filter { facts[$0] == nil }
        guard unknown.count <= unknownLimit else { return false }
        var added: [(key: String, named: [Named])] = []
        var records: [Int: ChangeRecord] = [:]
        for k in unknown {
            // The version's record, as the whole changelog would have read (or made and cached) it.
            var one = options
            one.from = groups[k].base
            one.to = groups[k].version
            var found: ChangeRecord?
            try builder.build(one, head: { _ in }, group: { group in
                if group.version == groups[k].version, group.base == groups[k].base { found = group.changes }
            })
            guard let found else { return false }
            records[k] = found
            added.append((SiteReleaseFacts.key(version: groups[k].version, base: groups[k].base), named(found)))
        }
        let changes = SiteHistoryChanges(gitDirectory: repository.gitDirectory, options: options, readers: readers)
        for (k, group) in groups.enumerated() {
            if let record = records[k] {
                history.add(group, record: record)
                continue
            }
            guard let named = facts[k] else { return false }
            facts[k] = nil
            history.add(group, facts: named, changes: changes)
        }
        // The new versions' records are added to the end of the file as it was (`appending`): writing all of it anew
        // from the facts (11,000 lines on the medium store) was 1.6 % of an incremental publish. They are written over
        // its checksum's line in place, sealed from the old checksum (`appendix`): copying the 2.2 MB file and
        // summing it again was 2–2.5 % (inc15s); a file that is not the one read is written whole.
        if !added.isEmpty {
            let file = Self.file(in: directory)
            if let appendix = Self.appendix(added, to: bytes), SiteCacheFile.append(file, at: appendix.offset, size: bytes.count, with: appendix.bytes) {
                return true
            }
            SiteCacheFile.replace(file, in: directory, with: Self.appending(added, to: bytes))
        }
        return true
    }

    /// The last of `groups` when they are a chain of first parents from `tip` to a version without a base: the first
    /// is `tip`'s, and each one's base is the next one's version; nil otherwise.
    static func origin(of groups: [SiteHistoryOutline.Item], tip: ObjectID?) -> ObjectID? {
        guard let first = groups.first, first.version == tip, let last = groups.last, last.base == nil else { return nil }
        for k in groups.indices.dropLast() where groups[k].base != groups[k + 1].version { return nil }
        return last.version
    }

    /// The bytes of the facts file `bytes` (one that verifies) with `records` (keys it lacks) added after its last
    /// record, and the checksum of the whole: the file `serialized` writes for the facts with them, but for the order
    /// of its records, which `parse` does not ask for.
    static func appending(_ records: [(key: String, named: [Named])], to bytes: Data) -> [UInt8] {
        var bytes = [UInt8](bytes)
        // Its checksum's line (the file verifies: it ends in one, after a line break).
        guard let lastBreak = bytes.dropLast().lastIndex(of: 0x0A) else { return bytes }
        bytes.removeSubrange((lastBreak + 1)...)
        var out = SiteFactsWriter(unsealed: bytes)
        for record in records { Self.add(record.key, record.named, to: &out) }
        out.seal()
        return out.bytes
    }

    /// What `appending` changes in `bytes` (a file that verifies): the offset of its checksum's line and what
    /// replaces it there, `records`' lines and the new checksum's, summed on from the old checksum without reading the
    /// file's bytes again (`SiteFactsWriter.seal(after:count:tail:)`). nil when the file does not end in a checksum line.
    static func appendix(_ records: [(key: String, named: [Named])], to bytes: Data) -> (offset: Int, bytes: [UInt8])? {
        bytes.withUnsafeBytes { raw -> (offset: Int, bytes: [UInt8])? in
            let all = raw.bindMemory(to: UInt8.self)
            let end = Array("end\t".utf8)
            guard all.count >= 22, all.last == 0x0A, let lastBreak = all[..<(all.count - 1)].lastIndex(of: 0x0A),
                  all.count - lastBreak - 1 == end.count + 17, all[(lastBreak + 1)...].starts(with: end),
                  let sum = UInt64(String(decoding: all[(lastBreak + 1 + end.count)..<(all.count - 1)], as: UTF8.self), radix: 16) else { return nil }
            let count = lastBreak + 1
            var out = SiteFactsWriter(unsealed: [])
            for record in records { Self.add(record.key, record.named, to: &out) }
            out.seal(after: sum, count: count, tail: UnsafeRawBufferPointer(rebasing: raw[(count - count % 8)..<count]))
            return (count, out.bytes)
        }
    }

    /// Appends the lines of one record (nothing for a record naming an entry whose name or path holds a tab or a line
    /// break: its version's record is read).
    private static func add(_ key: String, _ named: [Named], to out: inout SiteFactsWriter) {
        func add(_ text: String) { out.add(text) }
        func tab() { out.tab() }
        func plain(_ text: String) -> Bool { !text.utf8.contains { $0 == 0x09 || $0 == 0x0A || $0 == 0x0D } }
        func plain(_ r: EntryRef) -> Bool { plain(r.collection) && plain(r.id) && plain(r.path) }
        let parts = key.split(separator: " ")
        guard parts.count == 2, named.allSatisfy({ n in plain(n.entry) && n.from.map(plain) != false && n.fields.allSatisfy(plain) }) else {
            return
        }
        add("record\t\(parts[0])\t\(parts[1])\t\(named.count)\n")
        for n in named {
            add(n.kind.rawValue); tab(); add(n.entry.collection); tab(); add(n.entry.id); tab(); add(n.entry.path)
            if let from = n.from {
                add("\t+\t"); add(from.collection); tab(); add(from.id); tab(); add(from.path)
            } else {
                add("\t-\t\t\t")
            }
            tab(); add(String(n.wordsAdded)); tab(); add(String(n.wordsRemoved))
            for field in n.fields { tab(); add(field) }
            out.newline()
        }
    }

    /// Writes these facts, with those of `known` that other sites need (a release's own site, another folder) unless
    /// the file grew far beyond what this site needs, when they differ from `known`.
    private func keep(_ known: SiteHistoryFacts?, directory: URL) {
        // Known already (a release's own site under `--releases`: its versions are the main site's older ones).
        if let known, known.language == language, records.allSatisfy({ known.records[$0.key] == $0.value }) { return }
        var facts = self
        if let known, known.language == language, known.records.count <= 2 * records.count + 64 {
            facts.records.merge(known.records) { mine, _ in mine }
        }
        if facts != known { facts.write(directory: directory) }
    }

    /// The facts in `data` (a file `serialized` wrote), nil when it is anything else. Read on its bytes.
    static func parse(_ data: Data) -> SiteHistoryFacts? {
        data.withUnsafeBytes { raw -> SiteHistoryFacts? in
            guard var lines = SiteFactsLines(raw) else { return nil }
            let text = SiteFactsLines.text
            guard let language = lines.language(header: header) else { return nil }
            var facts = SiteHistoryFacts(language: language)
            // One array of fields for every line (`next(into:)`).
            var parts: [SiteFactsLines.Field] = [], entry: [SiteFactsLines.Field] = []
            parts.reserveCapacity(16)
            entry.reserveCapacity(16)
            // The texts of the kinds, numbers and marks are not made (`kind(_:)`, `SiteFactsLines.integer`), and a
            // collection's name is made once for a run of lines naming it (`collection(_:)`): of the medium store's
            // 18,000 lines' ten fields each, a `String` was made for every one (0.8–0.9 % of an incremental publish).
            var lastCollection: (field: SiteFactsLines.Field, text: String)?
            func collection(_ field: SiteFactsLines.Field) -> String {
                if let last = lastCollection, last.field.elementsEqual(field) { return last.text }
                let made = text(field)
                lastCollection = (field, made)
                return made
            }
            let integer = SiteFactsLines.integer
            while !lines.atEnd {
                guard lines.next(into: &parts), parts.count == 4, text(parts[0]) == "record", let count = integer(parts[3]), count >= 0 else { return nil }
                let key = text(parts[1]) + " " + text(parts[2])
                guard facts.records[key] == nil else { return nil }
                var named: [Named] = []
                // Each named entry is a line of ten fields or more: a count beyond the file's bytes is not reserved
                // (the lines run out first and the file is refused).
                named.reserveCapacity(min(count, raw.count / 10))
                for _ in 0..<count {
                    // kind, entry (3), "+" and the former entry (3) or "-" and three empty fields, words added and removed,
                    // the changed fields' pointers.
                    guard !lines.atEnd, lines.next(into: &entry), entry.count >= 10, let kind = kind(entry[0]),
                          let added = integer(entry[8]), let removed = integer(entry[9]) else { return nil }
                    let ref = EntryRef(collection: collection(entry[1]), id: text(entry[2]), path: text(entry[3]))
                    let from: EntryRef?
                    if SiteFactsLines.field(entry[4], is: "-") {
                        from = nil
                    } else if SiteFactsLines.field(entry[4], is: "+") {
                        from = EntryRef(collection: collection(entry[5]), id: text(entry[6]), path: text(entry[7]))
                    } else {
                        return nil
                    }
                    named.append(Named(kind: kind, entry: ref, from: from, fields: entry[10...].map(text), wordsAdded: added, wordsRemoved: removed))
                }
                facts.records[key] = named
            }
            return facts
        }
    }

    /// `EntryDiff.Kind(rawValue: text(field))`, read on the bytes.
    static func kind(_ field: SiteFactsLines.Field) -> EntryDiff.Kind? {
        switch field.count {
        case 5:
            if SiteFactsLines.field(field, is: "added") { return .added }
            if SiteFactsLines.field(field, is: "moved") { return .moved }
        case 7:
            if SiteFactsLines.field(field, is: "removed") { return .removed }
            if SiteFactsLines.field(field, is: "renamed") { return .renamed }
        case 8:
            if SiteFactsLines.field(field, is: "modified") { return .modified }
        default:
            break
        }
        return nil
    }

    /// The file's bytes: the records sorted by key (a record naming an entry whose name or path holds a tab or a line
    /// break is left out: its version's record is read).
    func serialized() -> [UInt8] {
        // Bytes appended straight (the medium store's file has 11,000 lines; `String` concatenation was 3 % of an
        // incremental publish, which writes the file anew with each new version).
        var out = SiteFactsWriter(capacity: 64 + records.count * 160)
        out.addHead(Self.header, language: language)
        if !language.utf8.contains(where: { $0 == 0x09 || $0 == 0x0A || $0 == 0x0D }) {
            for key in records.keys.sorted() {
                guard let named = records[key] else { continue }
                Self.add(key, named, to: &out)
            }
        }
        out.seal()
        return out.bytes
    }

}

/// The changes of history items filed from the facts, read when a file that shows them is rendered: each entry's
/// change cut out of its cached record (`ChangeRecordEntries`); a record not in the cache (another process changed it
/// meanwhile) is made again by the changelog. Read before the site is written (`prepare`, where an error is thrown);
/// renderers on several threads then find them read.
final class SiteHistoryChanges: @unchecked Sendable {
    private let gitDirectory: URL
    private let options: ChangelogOptions
    /// Opened when the first change is read (opening indexes the cache's segments).
    private lazy var records: ChangeRecordEntries? = cacheDirectory.map { directory in
        readers?.entries(language: options.language ?? "") ?? ChangeRecordEntries(directory: directory, language: options.language ?? "")
    }
    private let cacheDirectory: URL?
    /// Shared with the entry pages' blocks (`SiteRecordReaders`), when given.
    private let readers: SiteRecordReaders?
    private let lock = NSLock()
    /// The change of each item read (by its record and position), held as `Held`.
    private var read: [Key: Held] = [:]
    /// The entries of each record made again (position 0).
    private var remade: [Key: [ChangelogEntry]] = [:]

    /// A change read, boxed: a dictionary's table holds a slot per item and as many again free (up to twice the
    /// items), and a `ChangelogEntry` in each slot made the large store's table 69 MB, held to the end of the publish
    /// (peak15d). Without the entry's and former entry's names: the item has them (its `summary`, which the change
    /// read is checked against), and they were 17 MB of strings there. Once the entry's page is rendered
    /// (`settle`), only what its feeds show of it is kept (`feedSummary`): they are written after every page, and
    /// the changes of every entry whose page was written were the largest part of what this held at the peak.
    private final class Held {
        /// The change (nil once settled), under the lock of the `SiteHistoryChanges` that holds it.
        var change: ChangelogEntry?
        /// What a feed says of the change (`SiteFeeds.entryChangeSummary`), once settled.
        var feedSummary: String?

        init(_ change: ChangelogEntry) {
            var change = change
            change.entry = Held.noName
            change.from = nil
            self.change = change
        }

        /// `change` as it was read for `item` (whose summary names the entry).
        static func restored(_ change: ChangelogEntry, of item: SiteEntryChange) -> ChangelogEntry {
            var change = change
            change.entry = item.summary.entry
            change.from = item.summary.from
            return change
        }

        private static let noName = EntryRef(collection: "", id: "", path: "")
    }

    /// A record (its version and base) and a position in it: hashed as ids and a number (a `tip-base#position`
    /// string made for each look-up was 1 % of a warm full publish, rec15).
    private struct Key: Hashable {
        var tip: ObjectID
        var base: ObjectID?
        var position: Int
    }

    init(gitDirectory: URL, options: ChangelogOptions, readers: SiteRecordReaders? = nil) {
        self.gitDirectory = gitDirectory
        self.readers = readers
        var options = options
        options.records = true
        self.options = options
        cacheDirectory = options.cacheDirectory
    }

    private static func key(_ change: SiteEntryChange) -> Key {
        Key(tip: change.version.id, base: change.base, position: change.position)
    }

    private static func recordKey(_ change: SiteEntryChange) -> Key {
        Key(tip: change.version.id, base: change.base, position: 0)
    }

    /// Reads the changes of `history` that are still to be read.
    static func load(_ history: [SiteEntryChange]) throws {
        for change in history { if let details = change.details { _ = try details.change(change) } }
    }

    /// The change of `item` (without blocks), read once (and again if asked for after it was settled).
    func change(_ item: SiteEntryChange) throws -> ChangelogEntry {
        let key = Self.key(item)
        let held = lock.withLock { read[key].map { (change: $0.change, settled: $0.feedSummary != nil) } }
        if let change = held?.change { return Held.restored(change, of: item) }
        let settled = held?.settled ?? false
        let wanted = item.summary
        func matches(_ entry: ChangelogEntry) -> Bool { entry.kind == wanted.kind && entry.entry == wanted.entry && entry.from == wanted.from }
        let records = lock.withLock { self.records }
        var found = records?.entry(base: item.base, tip: item.version.id, position: item.position, count: item.recordCount)
        if let entry = found, !matches(entry) { found = nil }
        if found == nil {
            let entries = try lock.withLock { try self.remade(item) }
            if entries.count == item.recordCount, entries.indices.contains(item.position), matches(entries[item.position]) {
                found = entries[item.position]
            }
        }
        // The facts are keyed by the record, which the two versions fix: a record that names another entry there is a
        // fault of chronik's, not of the store (a damaged facts file does not verify).
        guard var entry = found else {
            preconditionFailure("the change of \(wanted.entry) in \(item.version.id.hex) is not the one the site's history facts name")
        }
        entry.blocks = []
        if !settled {
            let kept = Held(entry)
            lock.withLock { if read[key] == nil { read[key] = kept } }
        }
        return entry
    }

    /// What a feed says of `item`'s change (`SiteFeeds.entryChangeSummary`): kept since its entry's page was
    /// rendered, else made from the change.
    func feedSummary(_ item: SiteEntryChange, labels: ChangelogLabels) throws -> String {
        if let summary = lock.withLock({ read[Self.key(item)]?.feedSummary }) { return summary }
        // (The summary does not show the word-level blocks: the change without them.)
        return SiteFeeds.entryChangeSummary(try change(item), labels: labels)
    }

    /// Called once the page of the entry whose history is `history` is rendered: of each change read (filed from
    /// the facts, `details` set), only what its feeds show is kept (see `Held`). A change asked for again is read
    /// again (the bytes are the same).
    static func settle(_ history: [SiteEntryChange], labels: ChangelogLabels) {
        for item in history {
            guard let details = item.details else { continue }
            details.settle(item, labels: labels)
        }
    }

    private func settle(_ item: SiteEntryChange, labels: ChangelogLabels) {
        let key = Self.key(item)
        guard let held = lock.withLock({ read[key] }), let change = lock.withLock({ held.change }) else { return }
        let summary = SiteFeeds.entryChangeSummary(Held.restored(change, of: item), labels: labels)
        lock.withLock {
            held.feedSummary = summary
            held.change = nil
        }
    }

    /// The record of `item`'s version made by the changelog (under the lock: rare).
    private func remade(_ item: SiteEntryChange) throws -> [ChangelogEntry] {
        let key = Self.recordKey(item)
        if let entries = remade[key] { return entries }
        var options = self.options
        options.from = item.base
        options.to = item.version.id
        var entries: [ChangelogEntry] = []
        try ChangelogBuilder(repository: try Repository(at: gitDirectory)).build(options, head: { _ in }, group: { group in
            if group.version == item.version.id { entries = group.changes.entries }
        })
        remade[key] = entries
        return entries
    }
}

/// The history facts' file as read at one moment: its bytes and their parse (`SiteHistoryFacts.parse`), and the file's
/// status then (nil: there was none).
struct SiteHistoryFactsRead: @unchecked Sendable {
    var bytes: Data?
    var facts: SiteHistoryFacts?
    var status: SiteFileStatus?

    static func read(directory: URL) -> SiteHistoryFactsRead {
        let path = SiteHistoryFacts.file(in: directory).path
        // The status first: a file changed after it was taken is seen as changed by `SiteHistoryFactsPrefetch.take`.
        let status = SiteFileStatus(path)
        let bytes = FileManager.default.contents(atPath: path)
        return SiteHistoryFactsRead(bytes: bytes, facts: bytes.flatMap(SiteHistoryFacts.parse), status: status)
    }
}

/// A regular file's identity, size and times (`lstat`): a file written in place or replaced since has another.
struct SiteFileStatus: Equatable, Sendable {
    var device: UInt64, inode: UInt64, size: Int64
    var modified: Int64, modifiedNanoseconds: Int64, changed: Int64, changedNanoseconds: Int64

    init?(_ path: String) {
        var info = stat()
        guard lstat(path, &info) == 0, info.st_mode & S_IFMT == S_IFREG else { return nil }
        device = UInt64(info.st_dev)
        inode = UInt64(info.st_ino)
        size = Int64(info.st_size)
        modified = Int64(info.st_mtim.tv_sec)
        modifiedNanoseconds = Int64(info.st_mtim.tv_nsec)
        changed = Int64(info.st_ctim.tv_sec)
        changedNanoseconds = Int64(info.st_ctim.tv_nsec)
    }
}

/// The history facts read and parsed on a thread of their own from the start of a publish (inc21a: reading and
/// parsing the medium store's 2.2 MB were about 2 % of an incremental publish, on the publishing thread before the
/// histories were filed, while the second core idled), taken once by the model's build (`SiteHistoryFacts.file`): a
/// release's own site (`--releases`), built after the main site's model appended to the file, reads it anew. What is
/// taken is what a read then gives: when the file's status is no longer the one taken before it was read, nil (it is
/// read again).
final class SiteHistoryFactsPrefetch: @unchecked Sendable, Hashable {
    let directory: URL
    private let background: SiteBackgroundValue<SiteHistoryFactsRead>
    private let lock = NSLock()
    private var taken = false

    init(directory: URL) {
        self.directory = directory
        background = SiteBackgroundValue { SiteHistoryFactsRead.read(directory: directory) }
    }

    /// The file as read on the other thread, once; nil after the first call or when the file changed since.
    func take() -> SiteHistoryFactsRead? {
        lock.lock()
        let first = !taken
        taken = true
        lock.unlock()
        guard first else { return nil }
        let read = background.value
        return read.status == SiteFileStatus(SiteHistoryFacts.file(in: directory).path) ? read : nil
    }

    /// Waits for the read on the other thread (the tests: a change made after it).
    func reading() -> SiteHistoryFactsRead { background.value }

    static func == (a: SiteHistoryFactsPrefetch, b: SiteHistoryFactsPrefetch) -> Bool { a === b }
    func hash(into hasher: inout Hasher) { hasher.combine(ObjectIdentifier(self)) }
}
