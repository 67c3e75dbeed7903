import Foundation
import Testing
@testable import GitKit
import ChronikStore

/// GitKit's own SHA-1 and index file reader and writer (`IndexFile`, issue 19), held to git and libgit2.
@Suite("Index file")
struct IndexFileTests {
    /// Blob ids of contents of every length around SHA-1's block boundaries, against `git hash-object`.
    @Test func hashesAsGitDoes() throws {
        try withTemporaryRepository { repo in
            var random = SplitMix64(seed: 19)
            for length in [0, 1, 54, 55, 56, 57, 63, 64, 65, 119, 120, 128, 1000, 4097] {
                let bytes = (0..<length).map { _ in UInt8(truncatingIfNeeded: random.next()) }
                let file = repo.url.appendingPathComponent("blob-\(length)")
                try Data(bytes).write(to: file)
                let expected = try repo.git("hash-object", file.path).stdout.trimmingCharacters(in: .whitespacesAndNewlines)
                #expect(try ObjectID.blobID(of: bytes).hex == expected, "length \(length)")
                #expect(try Repository.blobID(of: Data(bytes)).hex == expected, "length \(length)")
            }
        }
    }

    /// An index written by git and one written by libgit2 (each with its cached trees) read entry for entry as
    /// libgit2 reads them, and written back byte for byte.
    @Test(arguments: [5, 6] as [UInt64])
    func readsAndWritesTheIndexAsGitAndLibGit2Do(seed: UInt64) throws {
        try withTemporaryRepository { repo in
            var random = SplitMix64(seed: seed)
            for i in 0..<60 {
                let folder = ["a", "a-b", "a.b", "b/c", "b/c/d", "z", ""][Int(random.next() % 7)]
                try repo.writeFile((folder.isEmpty ? "" : folder + "/") + "file-\(i).md", "text \(random.next())\n")
            }
            #expect(try repo.git("add", "-A").status == 0)
            #expect(try repo.git("-c", "user.name=T", "-c", "user.email=t@e", "commit", "-qm", "one").status == 0)
            let path = repo.url.appendingPathComponent(".git/index")
            // git's index.
            let bytes = [UInt8](try Data(contentsOf: path))
            let file = try #require(IndexFile.parse(bytes))
            #expect(file.serialized() == bytes)
            #expect(file.tree?.entryCount == 60)
            let head = try #require(try repo.repository.referenceTarget("HEAD"))
            #expect(file.tree?.id == (try repo.repository.commit(head).treeID))
            let index = try Repository(openingWithLibGit2: repo.url).index()
            let expected = index.statEntries
            #expect(file.entries.count == expected.count)
            for (own, theirs) in zip(file.entries, expected) {
                #expect(String(decoding: own.path, as: UTF8.self) == theirs.entry.path)
                #expect(own.id == theirs.entry.id && own.mode == theirs.entry.mode.raw && own.size == theirs.fileSize)
                #expect(own.mtimeSeconds == UInt32(bitPattern: theirs.stat.mtimeSeconds) && own.mtimeNanoseconds == theirs.stat.mtimeNanoseconds)
                #expect(own.inode == theirs.stat.inode && own.uid == theirs.stat.uid && own.gid == theirs.stat.gid)
            }
            // libgit2's index, with the cached trees of the tree it read.
            try index.readTree(file.tree!.id!)
            _ = try index.writeTree()
            try index.write()
            let written = [UInt8](try Data(contentsOf: path))
            let again = try #require(IndexFile.parse(written))
            #expect(again.serialized() == written)
            #expect(again.tree?.id == file.tree?.id)
        }
    }

    /// What the plain form leaves to libgit2: a bad checksum, a conflict stage, an unknown extension.
    @Test func refusesWhatIsNotPlain() throws {
        try withTemporaryRepository { repo in
            try repo.writeFile("a.md", "a\n")
            #expect(try repo.git("add", "-A").status == 0)
            let bytes = [UInt8](try Data(contentsOf: repo.url.appendingPathComponent(".git/index")))
            #expect(IndexFile.parse(bytes) != nil)
            var corrupt = bytes
            corrupt[20] ^= 1
            #expect(IndexFile.parse(corrupt) == nil)
            var file = try #require(IndexFile.parse(bytes))
            file.entries[0].flags |= 0x1000 // stage 1
            #expect(IndexFile.parse(file.serialized()) == nil)
        }
    }
}
