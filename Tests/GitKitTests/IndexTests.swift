import Foundation
import GitKit
import Testing

@Suite struct IndexTests {
    @Test func stageCommitAndGitStatusIsClean() throws {
        try withTemporaryRepository { temp in
            let repo = temp.repository
            try temp.writeFile("a.md", "alpha\n")
            try temp.writeFile("goals/b.md", "beta\n")
            try temp.writeFile("run.sh", "#!/bin/sh\n")
            try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: temp.url.appendingPathComponent("run.sh").path)

            let index = try repo.index()
            #expect(index.entries.isEmpty)
            try index.add(path: "a.md")
            try index.add(path: "goals/b.md")
            try index.add(path: "run.sh")
            try index.write()
            #expect(index.entries.map(\.path) == ["a.md", "goals/b.md", "run.sh"])
            #expect(index.entry(path: "run.sh")?.mode == .executable)
            #expect(index.entry(path: "a.md")?.id == (try repo.writeBlob(Data("alpha\n".utf8))))
            #expect(index.entry(path: "missing.md") == nil)

            let tree = try index.writeTree()
            #expect(try repo.entry(atPath: "goals/b.md", inTree: tree)?.id == (try repo.writeBlob(Data("beta\n".utf8))))
            let first = try repo.createCommit(tree: tree, parents: [], author: Fixture.author, committer: Fixture.author, message: "first\n")
            try repo.updateReference("HEAD", to: first, expecting: nil, logMessage: "commit (initial)")
            #expect(try temp.git("status", "--porcelain").stdout == "")
            #expect(try repo.diffIndexToWorkdir().isEmpty)
            #expect(try repo.diffTreeToWorkdir(tree).isEmpty)

            // Delete one file, change another, add a new one.
            try FileManager.default.removeItem(at: temp.url.appendingPathComponent("a.md"))
            try temp.writeFile("goals/b.md", "beta, revised\n")
            try temp.writeFile("goals/c.md", "gamma\n")

            var untracked = DiffOptions()
            untracked.includeUntracked = true
            let pending = try repo.diffIndexToWorkdir(options: untracked)
            #expect(pending.map { "\($0.status.rawValue) \($0.newPath)" } == ["deleted a.md", "modified goals/b.md", "untracked goals/c.md"])
            let sinceCommit = try repo.diffTreeToWorkdir(tree)
            #expect(sinceCommit.map { "\($0.status.rawValue) \($0.newPath)" } == ["deleted a.md", "modified goals/b.md"])

            try index.remove(path: "a.md")
            try index.updateAll(pathspec: ["goals"])
            #expect(index.entry(path: "goals/c.md") == nil)
            try index.addAll(pathspec: ["goals/*.md"])
            try index.write()
            #expect(index.entries.map(\.path) == ["goals/b.md", "goals/c.md", "run.sh"])

            let secondTree = try index.writeTree()
            let second = try repo.createCommit(tree: secondTree, parents: [first], author: Fixture.author, committer: Fixture.author, message: "second\n")
            try repo.updateReference("HEAD", to: second, expecting: first, logMessage: "commit")
            #expect(try temp.git("status", "--porcelain").stdout == "")

            // readTree resets the staging area to a commit's tree; read(force:) discards unsaved changes.
            try index.readTree(tree)
            #expect(index.entries.map(\.path) == ["a.md", "goals/b.md", "run.sh"])
            try index.read(force: true)
            #expect(index.entries.map(\.path) == ["goals/b.md", "goals/c.md", "run.sh"])
        }
    }

    @Test func writeFailsWhileIndexIsLocked() throws {
        try withTemporaryRepository { temp in
            try temp.writeFile("a.md", "alpha\n")
            let index = try temp.repository.index()
            try index.add(path: "a.md")
            let lock = temp.repository.gitDirectory.appendingPathComponent("index.lock")
            try Data().write(to: lock)
            expectGitError(.locked) { try index.write() }
            try FileManager.default.removeItem(at: lock)
            try index.write()
            #expect(try temp.git("ls-files", "--stage").stdout.hasSuffix("\ta.md\n"))
        }
    }

    @Test func addingAMissingFileFails() throws {
        try withTemporaryRepository { temp in
            let index = try temp.repository.index()
            expectGitError(.notFound) { try index.add(path: "nothing-here.md") }
        }
    }
}
