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

    private static func date(_ bits: String, _ offset: String) -> Timestamp? {
        guard let bits = UInt64(bits, radix: 16), let offset = Int(offset) else { return nil }
        return Timestamp(date: Date(timeIntervalSinceReferenceDate: Double(bitPattern: bits)), offsetMinutes: offset)
    }

    static func parse(_ data: Data) -> SiteReleaseOutline? {
        data.withUnsafeBytes { raw -> SiteReleaseOutline? in
            guard var lines = SiteFactsLines(raw) else { return nil }
            let text = SiteFactsLines.text
            guard let language = lines.language(header: header) else { return nil }
            guard let head = lines.next(), head.count == 4, text(head[0]) == "tip", let tip = ObjectID(hex: text(head[1])),
                  let releaseCount = Int(text(head[2])), releaseCount >= 0, let count = Int(text(head[3])), count >= 0 else { return nil }
            var releases: [SiteHistoryOutline.ReleaseMark] = []
            for _ in 0..<releaseCount {
                guard !lines.atEnd, let line = lines.next(), line.count == 3, text(line[0]) == "release",
                      let name = unescaped(text(line[1])), let version = ObjectID(hex: text(line[2])) else { return nil }
                releases.append(.init(name: name, version: version))
            }
            var groups: [Group] = []
            for _ in 0..<count {
                guard !lines.atEnd, let line = lines.next(), line.count == 6, text(line[0]) == "group",
                      let release = ObjectID(hex: text(line[1])), let version = ObjectID(hex: text(line[2])),
                      let versionCount = Int(text(line[4])), versionCount >= 0, let personCount = Int(text(line[5])), personCount >= 0 else { return nil }
                let base: ObjectID?
                if text(line[3]) == "-" {
                    base = nil
                } else {
                    guard let id = ObjectID(hex: text(line[3])) else { return nil }
                    base = id
                }
                var versions: [ChangelogVersion] = []
                versions.reserveCapacity(versionCount)
                for _ in 0..<versionCount {
                    guard !lines.atEnd, let v = lines.next(), v.count == 6, text(v[0]) == "version", let id = ObjectID(hex: text(v[1])),
                          let author = unescaped(text(v[2])), let date = date(text(v[3]), text(v[4])), let message = unescaped(text(v[5])) else { return nil }
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
        var out: [UInt8] = []
        out.reserveCapacity(256 + groups.reduce(0) { $0 + 80 + $1.versions.count * 140 })
        func add(_ text: String) {
            var text = text
            text.withUTF8 { out.append(contentsOf: $0) }
        }
        func tab() { out.append(0x09) }
        func date(_ date: Timestamp) {
            add(String(date.date.timeIntervalSinceReferenceDate.bitPattern, radix: 16)); tab(); add(String(date.offsetMinutes))
        }
        add(Self.header + "\n" + "language\t\(Self.escaped(language))\t\(ChangeRecord.formatVersion)\n")
        add("tip\t\(tip.hex)\t\(releases.count)\t\(groups.count)\n")
        for release in releases { add("release\t\(Self.escaped(release.name))\t\(release.version.hex)\n") }
        for group in groups {
            add("group\t\(group.release.hex)\t\(group.version.hex)\t\(group.base?.hex ?? "-")\t\(group.versions.count)\t\(group.contributors.count)\n")
            for version in group.versions {
                add("version\t"); add(version.id.hex); tab(); add(Self.escaped(version.author.name)); tab(); date(version.date); tab()
                add(Self.escaped(version.message)); out.append(0x0A)
            }
            for person in group.contributors { add("person\t"); add(Self.escaped(person.name)); out.append(0x0A) }
        }
        let sum = out.withUnsafeBytes { Checksum.of($0) }
        add("end\t\(Checksum.hex(sum))\n")
        return out
    }
}
