import ChronikChangelog
import ChronikDiff
import ChronikStore
import Foundation
import GitKit
#if canImport(Glibc)
import Glibc
#endif

// A site's release groups without their changes (issue 15, "Incremental"; inc15c). A release group's changes are the
// change record of its release against the release before (release-001's names every entry of the store), and a
// site reads them on every publish for three things: the release's fingerprint (the titles of the entries the
// record names), the site feed (the record's summary) and the release pages and changelog page. Only the last need
// the changes themselves, and they are rendered only when a tag comes or goes. So a publish with the publish cache
// keeps, per record, the entries it names and its summary (`SiteReleaseFacts`), builds the groups without their
// records (`ChangelogOptions.records` off: versions, contributors, base and date from commits and tags), and reads
// the records only when a release page or the changelog page is rendered (`SiteReleaseChanges`, all at once).
// Decoding the release groups' records was about a tenth of an incremental publish of the medium store.

/// What a site keeps of its release groups' change records between publishes: the entries each names, in order, and
/// its summary, by the record's key (the group's version and base; the language and `ChangeRecord.formatVersion`
/// in the file's header). One file in the publish cache's folder (`releases`), shared by the folders published from
/// the repository, written as the publish cache is: a header, a line per fact, a last line with the checksum of
/// everything before it. A file that does not verify, or is of another language or record format, is not used:
/// the groups are read with their records, as without it.
struct SiteReleaseFacts: SiteFactsFile {
    static let header = "chronik-site-releases 1"
    static let fileName = "releases"

    struct Facts: Equatable {
        var named: [EntryRef]
        var summary: SnapshotSummary
    }

    var language: String
    /// `key(version:base:)` → the facts of that record.
    var groups: [String: Facts] = [:]

    static func key(version: ObjectID, base: ObjectID?) -> String { version.hex + " " + (base?.hex ?? "-") }

    /// The groups of a by-release changelog (`options`) that are releases, with their changes read now, or (with
    /// `factsDirectory` and `whenShown`, when its facts cover every group) when first asked for. With
    /// `factsDirectory`, the facts of groups read now are kept there for the next publish. (A publish into a new
    /// folder renders every release page: it reads the changes at once.)
    /// The release groups' outline is the one kept for an earlier tip when that is what the changelog gives
    /// (`SiteReleaseOutline`), else built; with `keepOutline` it is kept for the next publish.
    static func releases(builder: ChangelogBuilder, options: ChangelogOptions, factsDirectory: URL?, whenShown: Bool = true,
                         keepOutline: Bool = true) throws -> [SiteRelease] {
        guard let factsDirectory else { return try read(builder: builder, options: options) }
        let language = options.language ?? ""
        let known = read(directory: factsDirectory, language: language)
        if let known, whenShown {
            let repository = builder.repository
            // The releases, and the outline kept (a failure here only means building it).
            var listed: [Release]?
            var kept: SiteReleaseOutline?
            var outlineGroups: [ChangelogGroup]?
            if let to = options.to, options.from == nil, options.grouping == .release {
                listed = try? SiteHistoryOutline.releaseList(in: repository, to: to, tags: options.tags)
                kept = SiteReleaseOutline.read(directory: factsDirectory, language: language)
                if let listed, let kept {
                    outlineGroups = try? kept.groups(to: to, releases: listed, repository: repository, limit: SiteHistoryFacts.unknownLimit)
                }
            }
            let groups: [ChangelogGroup]
            if let outlineGroups {
                groups = outlineGroups
            } else {
                var outlines = options
                outlines.records = false
                // Nothing is read from the change-record cache (not opened) or diffed (no threads, no handles).
                outlines.cacheDirectory = nil
                outlines.threads = 1
                var built: [ChangelogGroup] = []
                try builder.build(outlines, head: { _ in }, group: { group in
                    if group.kind == .release, group.release != nil { built.append(group) }
                })
                groups = built
            }
            if keepOutline, let to = options.to, let listed,
               let outline = SiteReleaseOutline(language: language, tip: to, releases: listed, built: groups), outline != kept {
                outline.write(directory: factsDirectory)
            }
            let changes = SiteReleaseChanges(gitDirectory: builder.repository.gitDirectory, options: options)
            let releases = groups.compactMap { group -> SiteRelease? in
                guard let release = group.release, let facts = known.groups[key(version: group.version, base: group.base)] else { return nil }
                return SiteRelease(release: release, outline: group, named: facts.named, summary: facts.summary, changes: changes)
            }
            if releases.count == groups.count { return releases }
        }
        let releases = try read(builder: builder, options: options)
        var facts = SiteReleaseFacts(language: language)
        for release in releases {
            facts.groups[key(version: release.outline.version, base: release.outline.base)] = Facts(named: release.named, summary: release.summary)
        }
        // Known already (a release's own site under `--releases`: its groups are the main site's older ones; inc15d).
        if let known, known.language == language, facts.groups.allSatisfy({ known.groups[$0.key] == $0.value }) { return releases }
        // The facts of other sites' groups (a release's own site under `--releases`, another folder) are kept, unless
        // the file grew far beyond what this site needs (tags moved or removed).
        if let known, known.language == language, known.groups.count <= 2 * facts.groups.count + 16 {
            facts.groups.merge(known.groups) { mine, _ in mine }
        }
        if facts != known { facts.write(directory: factsDirectory) }
        return releases
    }

    /// The release groups with their changes, read now.
    private static func read(builder: ChangelogBuilder, options: ChangelogOptions) throws -> [SiteRelease] {
        var releases: [SiteRelease] = []
        try builder.build(options, head: { _ in }, group: { group in
            if group.kind == .release, let release = group.release { releases.append(SiteRelease(release: release, group: group)) }
        })
        return releases
    }

    /// The facts in `data` (a file `serialized` wrote), nil when it is anything else. Read on its bytes: splitting
    /// the medium store's file (1.2 MB, release-001 names every entry) into `String` lines was 2 % of an
    /// incremental publish.
    static func parse(_ data: Data) -> SiteReleaseFacts? {
        data.withUnsafeBytes { raw -> SiteReleaseFacts? in
            guard var lines = SiteFactsLines(raw) else { return nil }
            // One array of fields for every line (`next(into:)`).
            var parts: [SiteFactsLines.Field] = [], entry: [SiteFactsLines.Field] = []
            parts.reserveCapacity(8)
            entry.reserveCapacity(8)
            let text = SiteFactsLines.text
            guard let language = lines.language(header: header) else { return nil }
            var facts = SiteReleaseFacts(language: language)
            while !lines.atEnd {
                guard lines.next(into: &parts), parts.count == 5, text(parts[0]) == "group", let count = Int(text(parts[4])), count >= 0 else { return nil }
                let numbers = text(parts[3]).split(separator: " ").compactMap { Int($0) }
                guard numbers.count == 10 else { return nil }
                var summary = SnapshotSummary()
                (summary.entriesAdded, summary.entriesRemoved, summary.entriesModified, summary.entriesRenamed, summary.entriesMoved) =
                    (numbers[0], numbers[1], numbers[2], numbers[3], numbers[4])
                (summary.fieldsChanged, summary.wordsAdded, summary.wordsRemoved, summary.blocksMoved, summary.filesChanged) =
                    (numbers[5], numbers[6], numbers[7], numbers[8], numbers[9])
                var named: [EntryRef] = []
                named.reserveCapacity(count)
                for _ in 0..<count {
                    guard !lines.atEnd, lines.next(into: &entry), entry.count == 3 else { return nil }
                    named.append(EntryRef(collection: text(entry[0]), id: text(entry[1]), path: text(entry[2])))
                }
                facts.groups[text(parts[1]) + " " + text(parts[2])] = Facts(named: named, summary: summary)
            }
            return facts
        }
    }

    /// The file's bytes: the groups sorted by key (a group naming an entry whose name or path holds a tab or a line break
    /// is left out: its site reads the records).
    func serialized() -> [UInt8] {
        var out = SiteFactsWriter(capacity: 64 + groups.count * 160)
        out.addHead(Self.header, language: language)
        for key in groups.keys.sorted() {
            guard let facts = groups[key], !language.contains("\t"), !language.contains("\n") else { continue }
            let parts = key.split(separator: " ")
            guard parts.count == 2, facts.named.allSatisfy({ !"\($0.collection)\($0.id)\($0.path)".contains(where: { $0 == "\t" || $0 == "\n" }) }) else {
                continue
            }
            let s = facts.summary
            let numbers = [s.entriesAdded, s.entriesRemoved, s.entriesModified, s.entriesRenamed, s.entriesMoved,
                           s.fieldsChanged, s.wordsAdded, s.wordsRemoved, s.blocksMoved, s.filesChanged]
            out.add("group\t\(parts[0])\t\(parts[1])\t\(numbers.map(String.init).joined(separator: " "))\t\(facts.named.count)\n")
            for entry in facts.named { out.add("\(entry.collection)\t\(entry.id)\t\(entry.path)\n") }
        }
        out.seal()
        return out.bytes
    }

}

/// The change records of a model's release groups, read all at once (one by-release changelog, as the model builder
/// would have read it) when the first is asked for: by a release page or the changelog page being rendered, or
/// before the site is written (`SiteRelease.prepare`), which is where a failure is reported. Shared by the model's
/// releases; renderers on several threads may ask at once.
final class SiteReleaseChanges: @unchecked Sendable {
    private let gitDirectory: URL
    private let options: ChangelogOptions
    private let lock = NSLock()
    private var records: [String: ChangeRecord]?

    init(gitDirectory: URL, options: ChangelogOptions) {
        self.gitDirectory = gitDirectory
        var options = options
        options.records = true
        self.options = options
    }

    var isLoaded: Bool { lock.withLock { records != nil } }

    /// Reads the records, unless they were read.
    func load() throws {
        lock.lock()
        defer { lock.unlock() }
        guard records == nil else { return }
        // A handle of its own: this may run on a render thread, and the model builder's handle stays on its own.
        let builder = ChangelogBuilder(repository: try Repository(at: gitDirectory))
        var read: [String: ChangeRecord] = [:]
        try builder.build(options, head: { _ in }, group: { group in
            if group.kind == .release { read[SiteReleaseFacts.key(version: group.version, base: group.base)] = group.changes }
        })
        records = read
    }

    /// The record of the group of `version` against `base`. The records were read before any page showing them is
    /// rendered (`Publisher.publish` prepares every such page whose fingerprint changed, `SiteWriter` every other one
    /// it renders), so `load()` here only finds them read.
    func record(version: ObjectID, base: ObjectID?) -> ChangeRecord {
        do {
            try load()
        } catch {
            preconditionFailure("the release changes of the site cannot be read: \(error)")
        }
        guard let record = lock.withLock({ records?[SiteReleaseFacts.key(version: version, base: base)] }) else {
            preconditionFailure("the release group of \(version.hex) against \(base?.hex ?? "nothing") is not in its changelog")
        }
        return record
    }
}
