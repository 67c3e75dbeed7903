import ChronikChangelog
import ChronikDiff
import ChronikStore
import Foundation
import GitKit

// The by-version changelog's outline as the site files it (issue 15, "Incremental"; inc15f). Filing the histories from
// the facts of the last publish (`SiteHistoryFacts`) still built the by-version changelog without records to learn its
// groups: walking every version (topologically), reading every commit twice and grouping them by release was 6.5 % of
// an incremental publish of the medium store (2,000 versions) for one new version. `SiteHistoryIndex.add` needs of a
// group only its version, base, the newest version's date and summary and its release's name: kept here by the tip
// they were made for, with the releases they were grouped by, the outline of a later tip is the kept one with the new
// versions in front, when that is provably what the changelog gives (`extended`); else it is built as before.

/// The outline of the by-version changelog of one tip (`SiteHistoryIndex.add`'s inputs per group, newest first), kept in
/// the publish cache's folder (`history-outline`): a header, the tip, the releases, one line per group, and a last
/// line with the checksum of everything before it (`SiteFactsLines`). A file that does not verify, is of another
/// language or record format, or was made for other releases is not used: the outline is built from the repository.
struct SiteHistoryOutline: SiteFactsFile {
    static let header = "chronik-site-history-outline 1"
    static let fileName = "history-outline"

    /// One group as the site files it.
    struct Item: Equatable {
        var version: ObjectID
        var base: ObjectID?
        /// The newest version's date and summary, e-mail addresses redacted (`SiteVersion`).
        var date: Timestamp
        var summary: String
        /// The name of the release the version belongs to.
        var release: String?

        var siteVersion: SiteVersion { SiteVersion(id: version, date: date, summary: summary) }

        /// What `SiteHistoryIndex.add(_:)` files of `group` (nil: a group without versions, which it skips).
        init?(_ group: ChangelogGroup) {
            guard let newest = group.versions.first else { return nil }
            self.init(version: group.version, base: group.base, date: newest.date, summary: EmailRedaction.redact(newest.summary),
                      release: group.release?.name)
        }

        init(version: ObjectID, base: ObjectID?, date: Timestamp, summary: String, release: String?) {
            self.version = version
            self.base = base
            self.date = date
            self.summary = summary
            self.release = release
        }

        /// A version no release reaches, as the changelog lists it (`ChangelogBuilder`'s group without changes):
        /// compared with its first parent, dated by its author, its message's first public line.
        init(_ commit: Commit) {
            let message = PublicText.message(commit.message)
            self.init(version: commit.id, base: commit.parentIDs.first,
                      date: Timestamp(date: commit.author.date, offsetMinutes: commit.author.timeZoneOffsetMinutes),
                      summary: EmailRedaction.redact(PublicText.firstLine(message)), release: nil)
        }
    }

    /// A release as the grouping sees it: the version it names and the name the groups show.
    struct ReleaseMark: Equatable, Comparable {
        var name: String
        var version: ObjectID
        static func < (a: Self, b: Self) -> Bool { (a.name, a.version.hex) < (b.name, b.version.hex) }
    }

    var language: String
    /// The version the outline is the by-version changelog of.
    var tip: ObjectID
    /// Every release the changelog grouped by (sorted).
    var releases: [ReleaseMark]
    /// Newest first.
    var items: [Item]

    /// The releases the by-version changelog to `to` groups by: the tags `tags` selects, else those `chronik.yml`
    /// at `to` selects, as `ChangelogBuilder` lists them.
    static func releases(in repository: Repository, to: ObjectID, tags: TagSelection?) throws -> [ReleaseMark] {
        marks(try releaseList(in: repository, to: to, tags: tags))
    }

    static func marks(_ releases: [Release]) -> [ReleaseMark] {
        releases.map { ReleaseMark(name: $0.name, version: $0.version) }.sorted()
    }

    /// The releases themselves (`releases(in:to:tags:)`).
    static func releaseList(in repository: Repository, to: ObjectID, tags: TagSelection?) throws -> [Release] {
        let tip = try repository.commit(to)
        let config = try repository.entry(atPath: StoreConfig.fileName, inTree: tip.treeID)
            .map { try repository.blob($0.id, path: StoreConfig.fileName, version: tip.id) }
            .flatMap { try? StoreConfig.parse($0) }
        let selection = tags ?? TagSelection(config?.releases ?? .init())
        return try Releases.list(in: repository, selection: selection)
    }

    /// The versions from `to` down to `tip`, newest first, when they are a chain of at most `limit` versions of one
    /// parent each, none of them named by a release of `releases`; [] when `to` is `tip`; nil otherwise.
    static func chain(from to: ObjectID, down tip: ObjectID, releases: [ReleaseMark], repository: Repository, limit: Int) throws -> [Commit]? {
        var chain: [Commit] = []
        var current = to
        let named = Set(releases.map(\.version))
        while current != tip {
            guard chain.count < limit, !named.contains(current) else { return nil }
            let commit = try repository.commit(current)
            guard commit.parentIDs.count == 1 else { return nil }
            chain.append(commit)
            current = commit.parentIDs[0]
        }
        return chain
    }

    /// The outline at `to`, grouped by `releases`, from this one, or nil when it cannot be told from it. It can when
    /// the releases are the same and `to` is this tip or reaches it through at most `limit` versions of one parent
    /// each (a chain) that no release names. Then (`ReleaseHistory.groups`) the topological walk from `to` is the
    /// chain, newest first, then the walk from the kept tip as it was (every kept version is an ancestor of the kept
    /// tip, every new one a descendant); a kept version's release (the oldest release whose group holds it) is as it
    /// was, since which releases reach which versions does not change when descendants come; and no release reaches
    /// a new version, so each has none and is compared with its parent. `IncrementalPublishTests` and
    /// `SiteHistoryOutlineTests` hold the result to the built outline (merges, tags on merged branches, moved tags).
    func extended(to: ObjectID, releases: [ReleaseMark], repository: Repository, limit: Int) throws -> [Item]? {
        guard releases == self.releases,
              let chain = try Self.chain(from: to, down: tip, releases: releases, repository: repository, limit: limit) else { return nil }
        return chain.map(Item.init) + items
    }

    /// The facts in `data` (a file `serialized` wrote), nil when it is anything else.
    static func parse(_ data: Data) -> SiteHistoryOutline? {
        data.withUnsafeBytes { raw -> SiteHistoryOutline? in
            guard var lines = SiteFactsLines(raw) else { return nil }
            let text = SiteFactsLines.text
            guard let language = lines.language(header: header), let (tip, releases, count) = lines.outlineHead(name: { $0 }) else { return nil }
            var items: [Item] = []
            items.reserveCapacity(count)
            // One array of fields for every line (`next(into:)`).
            var line: [SiteFactsLines.Field] = []
            line.reserveCapacity(8)
            for _ in 0..<count {
                // version, base or "-", the date's bits and offset, "+" and the release or "-" and nothing, the summary.
                guard !lines.atEnd, lines.next(into: &line), line.count == 7, let version = ObjectID(hex: text(line[0])),
                      let base = SiteFactsLines.idOrNone(line[1]), let date = SiteFactsLines.timestamp(line[2], line[3]) else { return nil }
                let release: String?
                switch text(line[4]) {
                case "+": release = text(line[5])
                case "-" where line[5].isEmpty: release = nil
                default: return nil
                }
                items.append(Item(version: version, base: base, date: date, summary: text(line[6]), release: release))
            }
            guard lines.atEnd else { return nil }
            return SiteHistoryOutline(language: language, tip: tip, releases: releases, items: items)
        }
    }

    /// Whether every text of the outline can be written (none holds a tab or a line break).
    var isWritable: Bool {
        func plain(_ text: String) -> Bool { !text.utf8.contains { $0 == 0x09 || $0 == 0x0A || $0 == 0x0D } }
        return plain(language) && releases.allSatisfy { plain($0.name) } && items.allSatisfy { plain($0.summary) && $0.release.map(plain) != false }
    }

    /// The file's bytes (`isWritable` first: a text with a tab or a line break would not read back).
    func serialized() -> [UInt8] {
        var out = SiteFactsWriter(capacity: 128 + items.count * 140)
        out.addHead(Self.header, language: language)
        out.addOutlineHead(tip: tip, releases: releases, count: items.count, name: { $0 })
        for item in items {
            out.add(item.version.hex); out.tab()
            out.add(idOrNone: item.base); out.tab()
            out.add(item.date); out.tab()
            if let release = item.release { out.add("+\t"); out.add(release) } else { out.add("-\t") }
            out.tab(); out.add(item.summary)
            out.newline()
        }
        out.seal()
        return out.bytes
    }
}

extension SiteFactsLines {
    /// The outlines' head (`SiteHistoryOutline`, `SiteReleaseOutline`): `tip\t<id>\t<releases>\t<count>`, then a line
    /// `release\t<name>\t<version>` per release, each name read by `name`; nil when they are other lines.
    mutating func outlineHead(name: (String) -> String?) -> (tip: ObjectID, releases: [SiteHistoryOutline.ReleaseMark], count: Int)? {
        let text = Self.text
        guard let head = next(), head.count == 4, text(head[0]) == "tip", let tip = ObjectID(hex: text(head[1])),
              let releaseCount = Int(text(head[2])), releaseCount >= 0, let count = Int(text(head[3])), count >= 0 else { return nil }
        var releases: [SiteHistoryOutline.ReleaseMark] = []
        for _ in 0..<releaseCount {
            guard !atEnd, let line = next(), line.count == 3, text(line[0]) == "release",
                  let name = name(text(line[1])), let version = ObjectID(hex: text(line[2])) else { return nil }
            releases.append(.init(name: name, version: version))
        }
        return (tip, releases, count)
    }
}

extension SiteFactsWriter {
    /// The head `SiteFactsLines.outlineHead` reads, each release's name written as `name` gives it.
    mutating func addOutlineHead(tip: ObjectID, releases: [SiteHistoryOutline.ReleaseMark], count: Int, name: (String) -> String) {
        add("tip\t\(tip.hex)\t\(releases.count)\t\(count)\n")
        for release in releases { add("release\t\(name(release.name))\t\(release.version.hex)\n") }
    }
}
