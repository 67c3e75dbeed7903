import ChronikStore
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

/// Rename candidates are read and their words counted on several threads before the collector pairs them (when
/// there are at least `parallelRenameCandidates` and all pairs are within budget); the diff must be the one of the
/// calling thread alone, which reads them as the collector asks: seeded random prose, files renamed with a few
/// words changed, copied byte for byte (paired by id, never read ahead), removed, added, and one in NFD.
@Test(arguments: [UInt64(5), 19])
func renameCandidatesReadAheadGiveTheDiffOfOneThread(seed: UInt64) throws {
    var rng = SplitMix64(seed: seed)
    let words = ["Die", "Stadt", "plant", "Radwege", "entlang", "der", "Spree", "und", "am", "Kanal", "für", "alle", "Bürger:innen",
                 "Verwaltung", "Quartiere", "Beteiligung", "öffnet", "Café", "Kiez", "Daten", "nachhaltige", "Strategie"]
    func prose(_ count: Int) -> String {
        (0..<count).map { k in words[Int.random(in: 0..<words.count, using: &rng)] + (k % 12 == 11 ? ".\n\n" : " ") }.joined()
    }
    var old: [String: String] = [:], new: [String: String] = [:]
    for k in 0..<6 { old["bleibt/\(k).md"] = "# Bleibt \(k)\n\n" + prose(40); new["bleibt/\(k).md"] = old["bleibt/\(k).md"] }
    for k in 0..<24 { old["alt/\(k).md"] = "---\ntitle: Alt \(k)\n---\n\n" + prose(30 + 10 * (k % 5)) }
    for k in 0..<10 {
        // Renamed with a few words changed: still similar.
        var text = try #require(old["alt/\(k).md"])
        text += prose(4)
        new["neu/umbenannt-\(k).md"] = text
    }
    for k in 10..<14 { new["kopie/\(k).md"] = old["alt/\(k).md"] } // renamed unchanged: the same blob
    for k in 0..<12 { new["neu/x-\(k).md"] = "# Neu \(k)\n\n" + prose(25) }
    let nfc = "# Café\n\nDas Café am Platz öffnet im Frühjahr für alle Bürger:innen.\n"
    old["orte/cafe.md"] = nfc
    new["orte/kaffeehaus.md"] = nfc.replacingOccurrences(of: "é", with: "e\u{301}")
    let (dir, repository, commits) = try history([old, new])
    defer { try? FileManager.default.removeItem(at: dir) }

    var one = SnapshotDiffOptions()
    one.threads = 1
    var four = one
    four.threads = 4
    // Read ahead: the 25 files only the old side has but the 4 copied, the 27 only the new side has but the copies.
    let differ = SnapshotDiffer(repository: repository)
    var changed: [SnapshotDiffer.ChangedPath] = []
    try differ.walk(try repository.commit(commits[0]).treeID, try repository.commit(commits[1]).treeID, prefix: "", into: &changed)
    let read = differ.renameCandidates(changed, oldSide: .commit(commits[0]), newSide: .commit(commits[1]), options: four)
    #expect(read.old.count == 21 && read.new.count == 23)
    #expect(read.old["alt/3.md"]?.data == Data((old["alt/3.md"] ?? "").utf8))
    #expect(differ.renameCandidates(changed, oldSide: .commit(commits[0]), newSide: .commit(commits[1]), options: one).old.isEmpty)
    // A little over the collector's budget (483 pairs, at most 4 x 150): read ahead for a diff of every entry (each
    // candidate is compared anyway), not for a diff of some entries; far over it (4 x 100) not at all. The diff is
    // the same either way.
    var overBudget = four
    overBudget.maxSimilarityPairs = 150
    #expect(differ.renameCandidates(changed, oldSide: .commit(commits[0]), newSide: .commit(commits[1]), options: overBudget).new.count == 23)
    var filtered = overBudget
    filtered.only = ["neu"]
    #expect(differ.renameCandidates(changed, oldSide: .commit(commits[0]), newSide: .commit(commits[1]), options: filtered).new.isEmpty)
    var farOver = four
    farOver.maxSimilarityPairs = 100
    #expect(differ.renameCandidates(changed, oldSide: .commit(commits[0]), newSide: .commit(commits[1]), options: farOver).new.isEmpty)
    for var options in [overBudget, farOver] {
        let expected = try SnapshotDiffer(repository: repository).diff(from: .commit(commits[0]), to: .commit(commits[1]), options: options)
        options.threads = 1
        #expect(try SnapshotDiffer(repository: repository).diff(from: .commit(commits[0]), to: .commit(commits[1]), options: options) == expected)
    }
    for (from, to) in [(commits[0], commits[1]), (commits[1], commits[0])] {
        let expected = try SnapshotDiffer(repository: repository).diff(from: .commit(from), to: .commit(to), options: one)
        // Renamed in its folder (the café) or moved to another (the others: a folder is a plain repository's collection).
        let renames = expected.summary.entriesRenamed + expected.summary.entriesMoved
        #expect(expected.summary.entriesRenamed == 1 && renames >= 15, "seed \(seed): \(renames) renames")
        #expect(try SnapshotDiffer(repository: repository).diff(from: .commit(from), to: .commit(to), options: four) == expected, "seed \(seed)")
    }

    let git = Process()
    git.executableURL = URL(fileURLWithPath: "/usr/bin/git")
    git.arguments = ["fsck", "--full", "--no-progress"]
    git.currentDirectoryURL = dir
    git.environment = ["GIT_CONFIG_NOSYSTEM": "1", "HOME": dir.path, "PATH": "/usr/bin:/bin"]
    git.standardOutput = FileHandle.nullDevice
    git.standardError = FileHandle.nullDevice
    try git.run()
    git.waitUntilExit()
    #expect(git.terminationStatus == 0)
}
