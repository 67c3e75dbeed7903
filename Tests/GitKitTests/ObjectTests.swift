import Foundation
import GitKit
import Testing

@Suite struct ObjectTests {
    @Test func blobsRoundTrip() throws {
        try withTemporaryRepository { temp in
            let repo = temp.repository
            let samples: [Data] = [Data(), Data("hello\n".utf8), Data([0, 1, 2, 255, 0, 10, 13]), Data(repeating: 0x61, count: 100_000)]
            for sample in samples {
                let id = try repo.writeBlob(sample)
                #expect(try repo.blob(id) == sample)
                #expect(try repo.objectKind(id) == .blob)
                #expect(try repo.contains(id))
            }
            // Ids are Git's: the empty blob and "hello\n" have well-known names.
            #expect(try repo.writeBlob(Data()).hex == "e69de29bb2d1d6434b8b29ae775ad8c2e48c5391")
            #expect(try repo.writeBlob(Data("hello\n".utf8)).hex == "ce013625030ba8dba906f756967f9e9ca394464a")
            let cli = try temp.git("cat-file", "-p", "ce013625030ba8dba906f756967f9e9ca394464a")
            #expect(cli.stdout == "hello\n")

            let missing = try #require(ObjectID(hex: "0123456789abcdef0123456789abcdef01234567"))
            #expect(try !repo.contains(missing))
            expectGitError(.notFound) { try repo.blob(missing) }
        }
    }

    @Test func nestedTreesAndPathLookup() throws {
        try withTemporaryRepository { temp in
            let repo = temp.repository
            let readme = try repo.writeBlob(Data("# Store\n".utf8))
            let goal = try repo.writeBlob(Data("goal\n".utf8))
            let deep = try repo.writeBlob(Data("deep\n".utf8))
            let script = try repo.writeBlob(Data("#!/bin/sh\necho hi\n".utf8))

            let deepTree = try repo.writeTree([TreeEntry(name: "c.md", id: deep, mode: .blob)])
            let goals = try repo.writeTree([
                TreeEntry(name: "b.md", id: goal, mode: .blob),
                TreeEntry(name: "deep", id: deepTree, mode: .tree),
                TreeEntry(name: "a.md", id: goal, mode: .blob),
            ])
            let root = try repo.writeTree([
                TreeEntry(name: "goals", id: goals, mode: .tree),
                TreeEntry(name: "goals.md", id: readme, mode: .blob),
                TreeEntry(name: "run.sh", id: script, mode: .executable),
            ])
            #expect(try repo.objectKind(root) == .tree)

            // Git order compares a folder as if its name ended in "/": "goals.md" < "goals/".
            #expect(try repo.tree(root).map(\.name) == ["goals.md", "goals", "run.sh"])
            #expect(try repo.tree(goals) == [
                TreeEntry(name: "a.md", id: goal, mode: .blob),
                TreeEntry(name: "b.md", id: goal, mode: .blob),
                TreeEntry(name: "deep", id: deepTree, mode: .tree),
            ])

            #expect(try repo.entry(atPath: "goals/deep/c.md", inTree: root) == TreeEntry(name: "c.md", id: deep, mode: .blob))
            #expect(try repo.entry(atPath: "goals/deep", inTree: root) == TreeEntry(name: "deep", id: deepTree, mode: .tree))
            #expect(try repo.entry(atPath: "run.sh", inTree: root)?.mode == .executable)
            #expect(try repo.entry(atPath: "goals/missing.md", inTree: root) == nil)
            #expect(try repo.entry(atPath: "nowhere/c.md", inTree: root) == nil)

            // The CLI agrees on the nested structure.
            let listing = try temp.git("ls-tree", "-r", "--name-only", root.hex)
            #expect(listing.stdout == "goals.md\ngoals/a.md\ngoals/b.md\ngoals/deep/c.md\nrun.sh\n")

            // A missing object is refused (strict object creation).
            let missing = try #require(ObjectID(hex: "0123456789abcdef0123456789abcdef01234567"))
            #expect(throws: GitError.self) {
                try repo.writeTree([TreeEntry(name: "x.md", id: missing, mode: .blob)])
            }
        }
    }

    @Test func commitsKeepParentsMessagesAndSignatures() throws {
        try withTemporaryRepository { temp in
            let repo = temp.repository
            let tree = try repo.writeTree([TreeEntry(name: "a.md", id: try repo.writeBlob(Data("a\n".utf8)), mode: .blob)])
            let author = Fixture.signature(hours: 0, offsetMinutes: 60)
            let committer = Signature(name: "Jörg Committer", email: "joerg@example.org", date: Fixture.date(hours: 2), timeZoneOffsetMinutes: -150)

            let root = try repo.createCommit(tree: tree, parents: [], author: author, committer: committer, message: "Start the store\n")
            let child = try repo.createCommit(tree: tree, parents: [root], author: author, committer: author,
                                              message: "Second version\n\nWith a body that explains why.\n")
            #expect(try repo.objectKind(root) == .commit)

            let first = try repo.commit(root)
            #expect(first.id == root)
            #expect(first.treeID == tree)
            #expect(first.parentIDs == [])
            #expect(first.author == author)
            #expect(first.committer == committer)
            #expect(first.message == "Start the store\n")
            #expect(first.summary == "Start the store")

            let second = try repo.commit(child)
            #expect(second.parentIDs == [root])
            #expect(second.summary == "Second version")
            #expect(second.message == "Second version\n\nWith a body that explains why.\n")

            // Time zones are written the Git way.
            let raw = try temp.git("cat-file", "-p", root.hex).stdout
            #expect(raw.contains("author Test Author <test@example.org> 1646128800 +0100\n"))
            #expect(raw.contains("committer Jörg Committer <joerg@example.org> 1646136000 -0230\n"))

            // No reference moved.
            #expect(try repo.referenceTarget("HEAD") == nil)
            #expect(throws: GitError.self) { try repo.commit(tree) }
            try repo.updateReference("refs/heads/main", to: child, expecting: nil, logMessage: "test")
        }
    }
}
