import ChronikChangelog
import ChronikStore
import Foundation
import GitKit

// The release groups' outline kept by tip (issue 15, "Incremental"; inc15f), as `SiteHistoryOutline` keeps the
// by-version one: building the by-release changelog without records only to learn its release groups (their versions,
// contributors and base) walked and grouped every version again, 2.2–3 % of an incremental publish of the medium
// store. A release group holds the versions its release reaches and no previous release reaches: new versions that no
// release names, in a chain of one parent each above the kept tip, change no release group (`SiteHistoryOutline.chain`
// says when). The releases themselves (tag, date, message, tagger) are listed anew on every publish and not kept.

/// The release groups of the by-release changelog of one tip without their changes, in the changelog's order, kept in
/// the publish cache's folder (`release-outline`): a header, the tip, the releases grouped by, per group its
/// release's version, version, base, versions and contributors (texts escaped), and a last line with the checksum of
/// everything before it (`SiteFactsLines`). Not used when it does not verify or was made for other releases.
struct SiteReleaseOutline: SiteFactsFile {
    static let header = "chronik-site-release-outline 1"
    static let fileName = "release-outline"

    /// A release group without its release and changes.
    struct Group: Equatable {
        /// The version of the group's release.
        var release: ObjectID
        var version: ObjectID
        var base: ObjectID?
        /// Newest first.
        var versions: [ChangelogVersion]
        var contributors: [Person]
    }

    var language: String
    var tip: ObjectID
    var releases: [SiteHistoryOutline.ReleaseMark]
    var groups: [Group]

    /// The outline of release groups `built` (kind `release`, each with its release).
    init?(language: String, tip: ObjectID, releases: [Release], built: [ChangelogGroup]) {
        var groups: [Group] = []
        for group in built {
            guard group.kind == .release, let release = group.release else { return nil }
            groups.append(Group(release: release.version, version: group.version, base: group.base, versions: group.versions,
                                contributors: group.contributors))
        }
        self.init(language: language, tip: tip, releases: SiteHistoryOutline.marks(releases), groups: groups)
    }

    init(language: String, tip: ObjectID, releases: [SiteHistoryOutline.ReleaseMark], groups: [Group]) {
        self.language = language
        self.tip = tip
        self.releases = releases
        self.groups = groups
    }

    /// The release groups of the by-release changelog to `to` (without changes), each with its release of `releases`
    /// (listed for `to`), when they are this outline's (see `SiteHistoryOutline.extended`: the same releases, and `to`
    /// this tip or a chain of versions above it that no release names); nil: they must be built.
    func groups(to: ObjectID, releases: [Release], repository: Repository, limit: Int) throws -> [ChangelogGroup]? {
        let marks = SiteHistoryOutline.marks(releases)
        guard marks == self.releases, try SiteHistoryOutline.chain(from: to, down: tip, releases: marks, repository: repository, limit: limit) != nil else {
            return nil
        }
        var byVersion: [ObjectID: Release] = [:]
        for release in releases { byVersion[release.version] = release }
        var result: [ChangelogGroup] = []
        result.reserveCapacity(groups.count)
        for group in groups {
            guard let release = byVersion[group.release] else { return nil }
            // A release group is dated by its release (`ChangelogBuilder`).
            result.append(ChangelogGroup.made(kind: .release, release: release, version: group.version, base: group.base, date: release.date,
                                         versions: group.versions, contributors: group.contributors, changes: .none))
        }
        return result
    }

    /// A text as one field: backslash, tab, line feed and carriage return escaped.
    static func escaped(_ text: String) -> String {
        guard text.utf8.contains(where: { $0 == 0x5C || $0 == 0x09 || $0 == 0x0A || $0 == 0x0D }) else { return text }
        var out = ""
        for c in text.unicodeScalars {
            switch c {
            case "\\": out += "\\\\"
            case "\t": out += "\\t"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            default: out.unicodeScalars.append(c)
            }
        }
        return out
    }

    /// The text `escaped` made, nil when it is not one.
    static func unescaped(_ field: String) -> String? {
        guard field.utf8.contains(0x5C) else { return field }
        var out = ""
        var escape = false
        for c in field.unicodeScalars {
            if escape {
                switch c {
                case "\\": out += "\\"
                case "t": out += "\t"
                case "n": out += "\n"
                case "r": out += "\r"
                default: return nil
                }
                escape = false
            } else if c == "\\" {
                escape = true
            } else {
                out.unicodeScalars.append(c)
            }
        }
        return escape ? nil : out
    }

    static func parse(_ data: Data) -> SiteReleaseOutline? {
        data.withUnsafeBytes { raw -> SiteReleaseOutline? in
            guard var lines = SiteFactsLines(raw) else { return nil }
            let text = SiteFactsLines.text
            guard let language = lines.language(header: header), let (tip, releases, count) = lines.outlineHead(name: unescaped) else { return nil }
            var groups: [Group] = []
            for _ in 0..<count {
                guard !lines.atEnd, let line = lines.next(), line.count == 6, text(line[0]) == "group",
                      let release = ObjectID(hex: text(line[1])), let version = ObjectID(hex: text(line[2])), let base = SiteFactsLines.idOrNone(line[3]),
                      let versionCount = Int(text(line[4])), versionCount >= 0, let personCount = Int(text(line[5])), personCount >= 0 else { return nil }
                var versions: [ChangelogVersion] = []
                versions.reserveCapacity(versionCount)
                for _ in 0..<versionCount {
                    guard !lines.atEnd, let v = lines.next(), v.count == 6, text(v[0]) == "version", let id = ObjectID(hex: text(v[1])),
                          let author = unescaped(text(v[2])), let date = SiteFactsLines.timestamp(v[3], v[4]), let message = unescaped(text(v[5])) else { return nil }
                    versions.append(ChangelogVersion.made(id: id, author: Person(name: author), date: date, message: message))
                }
                var contributors: [Person] = []
                for _ in 0..<personCount {
                    guard !lines.atEnd, let p = lines.next(), p.count == 2, text(p[0]) == "person", let name = unescaped(text(p[1])) else { return nil }
                    contributors.append(Person(name: name))
                }
                groups.append(Group(release: release, version: version, base: base, versions: versions, contributors: contributors))
            }
            guard lines.atEnd else { return nil }
            return SiteReleaseOutline(language: language, tip: tip, releases: releases, groups: groups)
        }
    }

    func serialized() -> [UInt8] {
        var out = SiteFactsWriter(capacity: 256 + groups.reduce(0) { $0 + 80 + $1.versions.count * 140 })
        out.addHead(Self.header, language: Self.escaped(language))
        out.addOutlineHead(tip: tip, releases: releases, count: groups.count, name: Self.escaped)
        for group in groups {
            out.add("group\t\(group.release.hex)\t\(group.version.hex)\t"); out.add(idOrNone: group.base)
            out.add("\t\(group.versions.count)\t\(group.contributors.count)\n")
            for version in group.versions {
                out.add("version\t"); out.add(version.id.hex); out.tab(); out.add(Self.escaped(version.author.name)); out.tab()
                out.add(version.date); out.tab(); out.add(Self.escaped(version.message)); out.newline()
            }
            for person in group.contributors { out.add("person\t"); out.add(Self.escaped(person.name)); out.newline() }
        }
        out.seal()
        return out.bytes
    }
}
