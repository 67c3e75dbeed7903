import Foundation
import GitKit
import Testing

@Suite struct ObjectBatchTests {
    /// The files below `.git/objects` (loose objects and packs), relative to it.
    private func objectFiles(_ temp: TemporaryRepository) throws -> [String] {
        let objects = temp.repository.gitDirectory.appendingPathComponent("objects")
        let files = FileManager.default.enumerator(atPath: objects.path)?.allObjects.compactMap { $0 as? String } ?? []
        return files.filter { path in
            var isDirectory: ObjCBool = false
            _ = FileManager.default.fileExists(atPath: objects.appendingPathComponent(path).path, isDirectory: &isDirectory)
            return !isDirectory.boolValue
        }.sorted()
    }

    @Test func writesOnePackThatGitReads() throws {
        try withTemporaryRepository { temp in
            let repo = temp.repository
            let before = try objectFiles(temp)
            let batch = try repo.objectBatch()
            let a = try batch.writeBlob(Data("alpha\n".utf8))
            let b = try batch.writeBlob(Data("beta\n".utf8))
            #expect(try batch.writeBlob(Data("alpha\n".utf8)) == a) // once only
            let folder = try batch.writeTree([TreeEntry(name: "b.md", id: b, mode: .blob)])
            let root = try batch.writeTree([TreeEntry(name: "a.md", id: a, mode: .blob), TreeEntry(name: "glossary", id: folder, mode: .tree)])
            let commit = try batch.createCommit(tree: root, parents: [], author: Fixture.author, committer: Fixture.author, message: "Import\n")
            #expect(batch.count == 5)
            // Nothing reaches the repository before `write()`.
            #expect(try !repo.contains(a))
            #expect(try objectFiles(temp) == before)

            try batch.write()
            #expect(batch.count == 0)
            let written = try objectFiles(temp).filter { !before.contains($0) }
            #expect(written.count == 2)
            #expect(written.allSatisfy { $0.hasPrefix("pack/pack-") && ($0.hasSuffix(".pack") || $0.hasSuffix(".idx")) })
            #expect(try repo.contains(a) && repo.contains(commit))
            try repo.updateReference("refs/heads/main", to: commit, expecting: nil, logMessage: "import")

            #expect(try temp.git("ls-tree", "-r", "--name-only", "main").stdout == "a.md\nglossary/b.md\n")
            #expect(try temp.git("cat-file", "-p", "main:glossary/b.md").stdout == "beta\n")
            let counts = try temp.git("count-objects", "-v").stdout
            #expect(counts.contains("count: 0\n") && counts.contains("in-pack: 5\n"))
            let index = try #require(written.first { $0.hasSuffix(".idx") })
            #expect(try temp.git("verify-pack", temp.repository.gitDirectory.appendingPathComponent("objects/" + index).path).status == 0)
        }
    }

    @Test func objectsTheRepositoryHoldsAreNotWrittenAgain() throws {
        try withTemporaryRepository { temp in
            let repo = temp.repository
            let stored = try repo.writeBlob(Data("stored\n".utf8))
            let batch = try repo.objectBatch()
            #expect(try batch.writeBlob(Data("stored\n".utf8)) == stored)
            let new = try batch.writeBlob(Data("new\n".utf8))
            let tree = try batch.writeTree([TreeEntry(name: "old.md", id: stored, mode: .blob), TreeEntry(name: "new.md", id: new, mode: .blob)])
            let commit = try batch.createCommit(tree: tree, parents: [], author: Fixture.author, committer: Fixture.author, message: "m\n")
            #expect(batch.count == 3) // new blob, tree, commit
            try batch.write()
            try repo.updateReference("refs/heads/main", to: commit, expecting: nil, logMessage: "m")
            #expect(try temp.git("count-objects", "-v").stdout.contains("in-pack: 3\n"))
        }
    }

    @Test func aBatchDroppedWithoutWriteLeavesNothing() throws {
        try withTemporaryRepository { temp in
            let before = try objectFiles(temp)
            var id: ObjectID?
            do {
                let batch = try temp.repository.objectBatch()
                id = try batch.writeBlob(Data("never stored\n".utf8))
            }
            #expect(try objectFiles(temp) == before)
            #expect(try !temp.repository.contains(#require(id)))
        }
    }

    @Test func checkOutWritesTheTreeAndTheIndex() throws {
        try withTemporaryRepository { temp in
            let repo = temp.repository
            func version(_ files: [String: String], parent: ObjectID?) throws -> (commit: ObjectID, tree: ObjectID) {
                let batch = try repo.objectBatch()
                var root: [TreeEntry] = []
                var folder: [TreeEntry] = []
                for (path, text) in files {
                    let blob = try batch.writeBlob(Data(text.utf8))
                    if path.hasPrefix("dir/") {
                        folder.append(TreeEntry(name: String(path.dropFirst(4)), id: blob, mode: .blob))
                    } else {
                        root.append(TreeEntry(name: path, id: blob, mode: .blob))
                    }
                }
                if !folder.isEmpty { root.append(TreeEntry(name: "dir", id: try batch.writeTree(folder), mode: .tree)) }
                let tree = try batch.writeTree(root)
                let commit = try batch.createCommit(tree: tree, parents: parent.map { [$0] } ?? [], author: Fixture.author, committer: Fixture.author, message: "v\n")
                try batch.write()
                try repo.updateReference("refs/heads/main", to: commit, expecting: parent, logMessage: "v")
                return (commit, tree)
            }
            let empty = try repo.writeTree([])
            let first = try version(["a.md": "one\n", "dir/b.md": "bee\n"], parent: nil)
            #expect(try repo.checkOut(tree: first.tree, baseline: empty) == [])
            #expect(try String(contentsOf: temp.url.appendingPathComponent("dir/b.md"), encoding: .utf8) == "bee\n")
            #expect(try temp.git("status", "--porcelain").stdout == "")

            let second = try version(["a.md": "two\n", "c.md": "sea\n"], parent: first.commit)
            #expect(try repo.checkOut(tree: second.tree, baseline: first.tree) == [])
            #expect(try String(contentsOf: temp.url.appendingPathComponent("a.md"), encoding: .utf8) == "two\n")
            #expect(!FileManager.default.fileExists(atPath: temp.url.appendingPathComponent("dir").path)) // emptied folder gone
            #expect(try temp.git("status", "--porcelain").stdout == "")
            #expect(try temp.git("ls-files").stdout == "a.md\nc.md\n")

            // A changed file the next version changes too, and an untracked file in its way: conflicts, nothing done.
            try temp.writeFile("a.md", "edited\n")
            try temp.writeFile("d.md", "mine\n")
            let third = try version(["a.md": "three\n", "c.md": "sea\n", "d.md": "theirs\n"], parent: second.commit)
            #expect(try repo.checkOut(tree: third.tree, baseline: second.tree, dryRun: true) == ["a.md", "d.md"])
            #expect(try repo.checkOut(tree: third.tree, baseline: second.tree) == ["a.md", "d.md"])
            #expect(try String(contentsOf: temp.url.appendingPathComponent("a.md"), encoding: .utf8) == "edited\n")
            #expect(try String(contentsOf: temp.url.appendingPathComponent("d.md"), encoding: .utf8) == "mine\n")
            // A dry run changes nothing even without conflicts.
            try temp.writeFile("a.md", "two\n")
            try FileManager.default.removeItem(at: temp.url.appendingPathComponent("d.md"))
            #expect(try repo.checkOut(tree: third.tree, baseline: second.tree, dryRun: true) == [])
            #expect(try String(contentsOf: temp.url.appendingPathComponent("a.md"), encoding: .utf8) == "two\n")
            #expect(try repo.checkOut(tree: third.tree, baseline: second.tree) == [])
            #expect(try temp.git("status", "--porcelain").stdout == "")
        }
    }
}
