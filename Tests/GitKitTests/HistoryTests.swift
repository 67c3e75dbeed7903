import Foundation
import GitKit
import Testing

@Suite struct HistoryTests {
    /// main: A - B - M (merge of B and C, made by `git commit-tree`); side: A - C.
    @Test func walkOrderWithAMergeCommit() throws {
        try withTemporaryRepository { temp in
            let repo = temp.repository
            let a = try temp.commit(files: ["a.md": "a\n"], parents: [], hours: 0, message: "A\n")
            let b = try temp.commit(files: ["a.md": "b\n"], parents: [a], hours: 1, message: "B\n")
            let c = try temp.commit(files: ["c.md": "c\n"], parents: [a], hours: 2, message: "C\n")
            try repo.updateReference("refs/heads/main", to: b, expecting: nil, logMessage: "main")
            try repo.updateReference("refs/heads/side", to: c, expecting: nil, logMessage: "side")

            let mergeTree = try repo.writeTree([
                TreeEntry(name: "a.md", id: try repo.writeBlob(Data("b\n".utf8)), mode: .blob),
                TreeEntry(name: "c.md", id: try repo.writeBlob(Data("c\n".utf8)), mode: .blob),
            ])
            let mergeDate = ["GIT_AUTHOR_DATE": "@1646140800 +0000", "GIT_COMMITTER_DATE": "@1646140800 +0000"]
            let output = try temp.git("commit-tree", mergeTree.hex, "-p", b.hex, "-p", c.hex, "-m", "Merge side", environment: mergeDate)
            #expect(output.status == 0, "\(output.stderr)")
            let m = try #require(ObjectID(hex: output.stdout.trimmingCharacters(in: .whitespacesAndNewlines)))
            try repo.updateReference("refs/heads/main", to: m, expecting: b, logMessage: "merge")

            #expect(try repo.commit(m).parentIDs == [b, c])
            #expect(try repo.commit(m).summary == "Merge side")

            // Newest first; C (12:00) is newer than B (11:00).
            #expect(try repo.walk(from: [m]) == [m, c, b, a])
            #expect(try repo.walk(from: [m], topological: false) == [m, c, b, a])
            #expect(try repo.walk(from: [m], firstParentOnly: true) == [m, b, a])
            #expect(try repo.walk(from: [m], hiding: [b]) == [m, c])
            #expect(try repo.walk(from: [b, c]) == [c, b, a])
            #expect(try repo.walk(from: [m], hiding: [m]) == [])
            #expect(try repo.walk(from: []) == [])

            // The CLI agrees.
            let cli = try temp.git("rev-list", "--topo-order", "main").stdout
            #expect(cli == [m, c, b, a].map { $0.hex + "\n" }.joined())
        }
    }

    @Test func topologicalOrderSurvivesClockSkew() throws {
        try withTemporaryRepository { temp in
            let a = try temp.commit(files: ["a.md": "a\n"], parents: [], hours: 5, message: "A\n")
            // The child claims to be older than its parent.
            let b = try temp.commit(files: ["a.md": "b\n"], parents: [a], hours: 0, message: "B\n")
            let c = try temp.commit(files: ["a.md": "c\n"], parents: [b], hours: 1, message: "C\n")
            try temp.repository.updateReference("refs/heads/main", to: c, expecting: nil, logMessage: "main")
            #expect(try temp.repository.walk(from: [c]) == [c, b, a])
        }
    }
}
