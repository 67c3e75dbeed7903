import ChronikStore
import Foundation
import GitKit

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Which tags count as releases: those matching one of `patterns` (all when it is empty) and none of `excluded`.
/// Patterns are shell globs matched against the tag's short name with `fnmatch(3)` and no flags, as
/// `git describe --match` does (`*` also matches `/`).
public struct TagSelection: Sendable, Hashable {
    public var patterns: [String]
    public var excluded: [String]
    /// Tags that are releases whatever the patterns say (a tag the user named as the end of a range).
    public var named: [String]

    public init(patterns: [String] = [], excluded: [String] = [], named: [String] = []) {
        self.patterns = patterns
        self.excluded = excluded
        self.named = named
    }

    /// Every tag.
    public static let all = TagSelection()

    /// The selection `chronik.yml` declares (`releases: {tags: [...], exclude: [...]}`).
    public init(_ config: ReleaseTagConfig) {
        self.init(patterns: config.tags, excluded: config.exclude)
    }

    public func includes(_ name: String) -> Bool {
        if named.contains(name) { return true }
        return (patterns.isEmpty || patterns.contains { Self.matches($0, name) }) && !excluded.contains { Self.matches($0, name) }
    }

    /// Whether the glob `pattern` matches `name` (`fnmatch(3)`, no flags).
    public static func matches(_ pattern: String, _ name: String) -> Bool {
        fnmatch(pattern, name, 0) == 0
    }
}

/// The tags of a repository read as releases: what `Releases.scan` found.
public struct ReleaseScan: Sendable, Hashable {
    /// One release per commit, newest first (by date, then name).
    public var releases: [Release]
    /// Selected tags that do not point (through tags) to a commit but to a tree or a blob: not releases.
    public var skipped: [String]
    /// The selection's `patterns` that match no tag at all.
    public var unmatchedPatterns: [String]
}

/// Releases as people make them: every tag, lightweight or annotated, that peels to a commit and that the
/// selection takes (as `git describe --tags` and git-cliff count them). Several tags on one commit are one release:
/// the annotated tag names it (of several, the one with the newest tagger date), else the tag last by name in
/// numeric order (`v1.0.0` after `v1.0`, `v1.10` after `v1.9`); its `names` keeps them all. The date is the naming
/// tag's tagger date, else the commit's committer date. `chronik releases` and the changelog's groups both use
/// `scan`.
public enum Releases {
    /// Every release of `selection`, newest first (by date, then name).
    public static func list(in repository: Repository, selection: TagSelection = .all) throws(ChangelogError) -> [Release] {
        try scan(in: repository, selection: selection).releases
    }

    /// The releases of `selection`, with the selected tags that name no commit and the patterns that match nothing.
    public static func scan(in repository: Repository, selection: TagSelection = .all) throws(ChangelogError) -> ReleaseScan {
        do {
            let tags = try repository.tags()
            let unmatched = selection.patterns.filter { pattern in !tags.contains { TagSelection.matches(pattern, $0.name) } }
            var byCommit: [ObjectID: [Tag]] = [:]
            var skipped: [String] = []
            for tag in tags where selection.includes(tag.name) {
                guard try repository.objectKind(tag.targetID) == .commit else {
                    skipped.append(tag.name)
                    continue
                }
                byCommit[tag.targetID, default: []].append(tag)
            }
            var releases: [Release] = []
            for (version, tags) in byCommit {
                let ordered = tags.sorted(by: namesFirst)
                guard let naming = ordered.first else { continue }
                let date: Timestamp
                if let tagger = naming.tagger {
                    date = Timestamp(date: tagger.date, offsetMinutes: tagger.timeZoneOffsetMinutes)
                } else {
                    let committer = try repository.commit(version).committer
                    date = Timestamp(date: committer.date, offsetMinutes: committer.timeZoneOffsetMinutes)
                }
                releases.append(Release(name: PublicText.name(naming.name), tag: naming.id, version: version, date: date,
                                        tagger: naming.tagger.map { Person(name: PublicText.name($0.name)) },
                                        message: PublicText.message(naming.message ?? ""), annotated: naming.isAnnotated,
                                        names: ordered.map { PublicText.name($0.name) }))
            }
            releases.sort { a, b in
                if a.date.date != b.date.date { return a.date.date > b.date.date }
                return a.name.compare(b.name, options: .numeric) == .orderedDescending
            }
            return ReleaseScan(releases: releases, skipped: skipped, unmatchedPatterns: unmatched)
        } catch let error as GitError {
            throw .git(error)
        } catch {
            throw .diff(.io(path: "", message: "\(error)"))
        }
    }

    /// The order of several tags on one commit: annotated first (newest tagger date first), then by name, last in
    /// numeric order first.
    private static func namesFirst(_ a: Tag, _ b: Tag) -> Bool {
        if a.isAnnotated != b.isAnnotated { return a.isAnnotated }
        let da = a.tagger?.date ?? .distantPast, db = b.tagger?.date ?? .distantPast
        if da != db { return da > db }
        return a.name.compare(b.name, options: .numeric) == .orderedDescending
    }

    /// The selection `chronik.yml` declares at `version` (every tag without one, or when it cannot be read).
    public static func configuredSelection(in repository: Repository, at version: ObjectID?) -> TagSelection {
        guard let version, let commit = try? repository.commit(version),
              let entry = (try? repository.entry(atPath: StoreConfig.fileName, inTree: commit.treeID)) ?? nil,
              let data = try? repository.blob(entry.id, path: StoreConfig.fileName, version: version),
              let config = try? StoreConfig.parse(data) else { return .all }
        return TagSelection(config.releases)
    }

    /// Why `name` cannot be a tag name (git's `check-ref-format` rules), or nil when it can.
    public static func problem(withName name: String) -> String? {
        if name.isEmpty { return "the name is empty" }
        if name.utf8.count > 200 { return "the name is longer than 200 bytes" }
        if name.unicodeScalars.contains(where: { $0.value < 0x20 || $0.value == 0x7F }) { return "the name contains a control character" }
        for c in [" ", "~", "^", ":", "?", "*", "[", "\\"] where name.contains(c) { return "the name contains \"\(c)\"" }
        if name.contains("..") { return "the name contains \"..\"" }
        if name.contains("@{") { return "the name contains \"@{\"" }
        if name == "@" { return "the name is \"@\"" }
        if name.hasPrefix("-") { return "the name starts with \"-\"" }
        if name.hasSuffix(".") || name.hasSuffix("/") { return "the name ends with \"\(name.last ?? ".")\"" }
        if name.contains("//") || name.hasPrefix("/") { return "the name has an empty part between slashes" }
        for part in name.split(separator: "/") {
            if part.hasPrefix(".") { return "a part of the name starts with \".\"" }
            if part.hasSuffix(".lock") { return "a part of the name ends with \".lock\"" }
        }
        return nil
    }
}
