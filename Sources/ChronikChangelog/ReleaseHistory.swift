import ChronikStore
import GitKit

// Which versions a changelog covers and how they are grouped, as git itself would say it:
//
// - The versions of a range are `git log from..to`: every commit reachable from `to` and not from `from`, merges
//   and the commits of merged branches included (not only the first-parent line).
// - A release's group holds `git log <release> --not <its previous releases> <from>`, where its previous releases
//   are the releases (in the range) that are ancestors of it. So a release tagged on a merged release branch is its
//   own group, never folded into the next release on main; a version can be in two groups when two releases on
//   separate branches both reach it (as `git log` says too).
// - "Unreleased" holds what `to` reaches and no release does.
// - A group is compared with its base: the newest (topologically) previous release, else `from`, else nothing
//   (the empty tree). With `--by commit`, each version is compared with its first parent.
// - Groups come newest first, in the topological order of `git log --topo-order` (then by date).

/// One group of the history: its kind, release, versions (oldest first) and base.
struct HistoryGroup: Sendable, Hashable {
    var kind: ChangelogGroup.Kind
    /// For `release`: the release; for `version`: the release whose group holds it (the oldest of several).
    var release: Release?
    /// Oldest first.
    var versions: [ObjectID]
    var base: ObjectID?
    /// The newest version: the release's, or `to` for "Unreleased".
    var tip: ObjectID
}

enum ReleaseHistory {
    /// The groups of the range `from..to` (`from` nil: everything `to` reaches), newest first. `releases`: every
    /// release (those outside the range are left out). Throws `ChangelogError.notAnAncestor` when `from` is not an
    /// ancestor of `to`.
    static func groups(in repository: Repository, to: ObjectID, from: ObjectID?, releases: [Release],
                       grouping: ChangelogGrouping) throws -> [HistoryGroup] {
        if let from, from != to, try !repository.walk(from: [from], hiding: [to]).isEmpty {
            throw ChangelogError.notAnAncestor(from: from, to: to)
        }
        let hidden = from.map { [$0] } ?? []
        // Newest first, topologically.
        let versions = try repository.walk(from: [to], hiding: hidden)
        var position: [ObjectID: Int] = [:]
        for (k, id) in versions.enumerated() { position[id] = k }
        let inRange = releases.filter { position[$0.version] != nil }.sorted { position[$0.version, default: 0] < position[$1.version, default: 0] }
        let releaseVersions = Set(inRange.map(\.version))

        var releaseGroups: [HistoryGroup] = []
        for release in inRange {
            let reach = try repository.walk(from: [release.version], hiding: hidden)
            // Its previous releases: the releases it reaches (itself first: the walk starts there).
            let previous = reach.dropFirst().filter { releaseVersions.contains($0) }
            let own = previous.isEmpty ? reach : try repository.walk(from: [release.version], hiding: hidden + previous)
            // The walk is topological: the first previous release is the newest, no other previous one reaches it.
            releaseGroups.append(HistoryGroup(kind: .release, release: release, versions: own.reversed(),
                                              base: previous.first ?? from, tip: release.version))
        }
        let unreleased = try repository.walk(from: [to], hiding: hidden + inRange.map(\.version))

        switch grouping {
        case .release:
            var groups: [HistoryGroup] = []
            if !unreleased.isEmpty {
                groups.append(HistoryGroup(kind: .unreleased, release: nil, versions: unreleased.reversed(),
                                           base: inRange.first?.version ?? from, tip: to))
            }
            return groups + releaseGroups
        case .commit:
            // A version belongs to the oldest release whose group holds it.
            var belongs: [ObjectID: Release] = [:]
            for group in releaseGroups.reversed() {
                for id in group.versions where belongs[id] == nil { belongs[id] = group.release }
            }
            var groups: [HistoryGroup] = []
            for id in versions {
                let parent = try repository.commit(id).parentIDs.first
                groups.append(HistoryGroup(kind: .version, release: belongs[id], versions: [id], base: parent, tip: id))
            }
            return groups
        }
    }
}
