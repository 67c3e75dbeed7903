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
        // Newest first, topologically: no parent before its child.
        let versions = try repository.walk(from: [to], hiding: from.map { [$0] } ?? [])
        var position: [ObjectID: Int] = [:]
        for (k, id) in versions.enumerated() { position[id] = k }
        let inRange = releases.filter { position[$0.version] != nil }.sorted { position[$0.version, default: 0] < position[$1.version, default: 0] }
        var releaseAt: [Int: Int] = [:]  // position of a version -> index of its release in `inRange`
        for (j, release) in inRange.enumerated() { releaseAt[position[release.version, default: 0]] = j }
        // Parents within the range (a parent outside it is reachable from `from`, as is all it reaches).
        var parents: [[Int]] = [], firstParents: [ObjectID?] = []
        parents.reserveCapacity(versions.count)
        firstParents.reserveCapacity(versions.count)
        for id in versions {
            let ids = try repository.commit(id).parentIDs
            parents.append(ids.compactMap { position[$0] })
            firstParents.append(ids.first)
        }

        // One pass each way over the topological order, with one bit per release (instead of two walks per
        // release): `reachedBy[x]`, the releases whose tag reaches version x (children first); `reaches[x]`, the
        // releases version x reaches (parents first). A release's previous releases are those it reaches; its group
        // is every version it reaches that none of them reaches.
        let words = (inRange.count + 63) / 64
        var reachedBy = [[UInt64]](repeating: [UInt64](repeating: 0, count: words), count: versions.count)
        var reaches = reachedBy
        for x in versions.indices {
            if let j = releaseAt[x] { reachedBy[x][j >> 6] |= 1 << UInt64(j & 63) }
            for p in parents[x] { for w in 0..<words { reachedBy[p][w] |= reachedBy[x][w] } }
        }
        for x in versions.indices.reversed() {
            for p in parents[x] { for w in 0..<words { reaches[x][w] |= reaches[p][w] } }
            if let j = releaseAt[x] { reaches[x][j >> 6] |= 1 << UInt64(j & 63) }
        }

        var releaseGroups: [HistoryGroup] = []
        for (j, release) in inRange.enumerated() {
            guard let at = position[release.version] else { continue }
            var previous = reaches[at]
            previous[j >> 6] &= ~(1 << UInt64(j & 63))
            var own: [ObjectID] = []
            for x in versions.indices.reversed() where reachedBy[x][j >> 6] & (1 << UInt64(j & 63)) != 0
                && !zip(reachedBy[x], previous).contains(where: { $0 & $1 != 0 }) {
                own.append(versions[x])
            }
            // The newest previous release: the lowest bit (releases are numbered in topological order).
            let newestPrevious = previous.indices.lazy.compactMap { w in previous[w] == 0 ? nil : w * 64 + previous[w].trailingZeroBitCount }.first
            releaseGroups.append(HistoryGroup(kind: .release, release: release, versions: own,
                                              base: newestPrevious.map { inRange[$0].version } ?? from, tip: release.version))
        }
        let unreleased = versions.indices.reversed().filter { x in reachedBy[x].allSatisfy { $0 == 0 } }.map { versions[$0] }

        switch grouping {
        case .release:
            var groups: [HistoryGroup] = []
            if !unreleased.isEmpty {
                groups.append(HistoryGroup(kind: .unreleased, release: nil, versions: unreleased,
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
            for (x, id) in versions.enumerated() {
                groups.append(HistoryGroup(kind: .version, release: belongs[id], versions: [id], base: firstParents[x], tip: id))
            }
            return groups
        }
    }
}
