import Foundation
import Testing
import GitKit
@testable import ChronikDiff

/// A plain repository with one commit per version; each version is the set of files given.
private func history(_ versions: [[String: String]]) throws -> (URL, Repository, [ObjectID]) {
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent("chronik-rename-\(UUID().uuidString)")
    let repository = try Repository.create(at: dir, initialBranch: "main")
    let author = Signature(name: "A", email: "a@example.org", date: Date(timeIntervalSince1970: 1_600_000_000), timeZoneOffsetMinutes: 0)
    var commits: [ObjectID] = []
    var present: Set<String> = []
    for files in versions {
        let index = try repository.index()
        for path in present.subtracting(files.keys) {
            try FileManager.default.removeItem(at: dir.appendingPathComponent(path))
            try index.remove(path: path)
        }
        for (path, text) in files {
            let url = dir.appendingPathComponent(path)
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try Data(text.utf8).write(to: url)
            try index.add(path: path)
        }
        try index.write()
        let tree = try index.writeTree()
        let commit = try repository.createCommit(tree: tree, parents: commits.suffix(1), author: author, committer: author, message: "v\(commits.count)\n")
        try repository.updateReference("refs/heads/main", to: commit, expecting: commits.last, logMessage: "commit")
        commits.append(commit)
        present = Set(files.keys)
    }
    return (dir, repository, commits)
}

/// Rename similarity compares words by bytes while every text is stable under normalisation, and as Strings
/// (canonical equivalence) once one is not: a text written in NFD is still the same text as its NFC form, and the
/// scores of other pairs in the same diff do not change with the switch.
@Test func renameSimilarityComparesWordsByCanonicalEquivalence() throws {
    let stableOld = "# Radwege\n\nDie Stadt plant neue Radwege entlang der Spree und am Kanal.\n"
    let stableNew = "# Radwege\n\nDie Stadt plant breite Radwege entlang der Spree und am Kanal.\n"
    let nfc = "# Café\n\nDas Café am Platz öffnet im Frühjahr für alle Bürger:innen.\n"
    let nfd = nfc.replacingOccurrences(of: "é", with: "e\u{301}")
    #expect(Array(nfc.utf8) != Array(nfd.utf8) && nfc == nfd)

    // Only stable texts: byte-wise throughout.
    let (dirA, repoA, a) = try history([["notizen/a.md": stableOld], ["notizen/b.md": stableNew]])
    defer { try? FileManager.default.removeItem(at: dirA) }
    let alone = try SnapshotDiffer(repository: repoA).diff(from: .commit(a[0]), to: .commit(a[1]))
    let stableScore = try #require(alone.entries.first { $0.kind == .renamed }?.similarity)
    #expect(stableScore > 0.8 && stableScore < 1)

    // Both pairs in one diff: the NFD text makes the profiles start again with String comparison.
    let (dirB, repoB, b) = try history([
        ["notizen/a.md": stableOld, "orte/cafe.md": nfc],
        ["notizen/b.md": stableNew, "orte/kaffeehaus.md": nfd],
    ])
    defer { try? FileManager.default.removeItem(at: dirB) }
    let both = try SnapshotDiffer(repository: repoB).diff(from: .commit(b[0]), to: .commit(b[1]))
    let renames = both.entries.filter { $0.kind == .renamed }
    #expect(renames.count == 2)
    #expect(renames.first { $0.entry.id == "b" }?.similarity == stableScore)
    #expect(renames.first { $0.entry.id == "kaffeehaus" }?.similarity == 1)
}
