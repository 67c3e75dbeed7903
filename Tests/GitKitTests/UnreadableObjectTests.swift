import Foundation
import GitKit
import Testing

/// Flips one byte in the middle of a loose object's zlib stream (the file is read-only, as git writes it); gives the
/// original bytes back, to repair it.
func corruptLooseObject(_ id: ObjectID, in gitDirectory: URL) throws -> (file: URL, original: Data) {
    let file = gitDirectory.appendingPathComponent("objects/\(id.hex.prefix(2))/\(id.hex.dropFirst(2))")
    let original = try Data(contentsOf: file)
    try FileManager.default.setAttributes([.posixPermissions: 0o644], ofItemAtPath: file.path)
    var bytes = original
    bytes[bytes.count / 2] ^= 0xFF
    try bytes.write(to: file)
    return (file, original)
}

@Suite struct UnreadableObjectTests {
    @Test func aCorruptLooseBlobIsAnUnreadableObjectNamingItsPathAndVersion() throws {
        try withTemporaryRepository { temp in
            let text = String(repeating: "Ein Stadtviertel mit eigener Geschichte. ", count: 20)
            let commit = try temp.commit(files: ["kiez.md": text], parents: [], hours: 0, message: "Kiez")
            let blob = try #require(try temp.repository.entry(atPath: "kiez.md", inTree: try temp.repository.treeID(ofCommit: commit))).id
            let (file, original) = try corruptLooseObject(blob, in: temp.url.appendingPathComponent(".git"))

            // A fresh handle: nothing of the object in libgit2's cache.
            let repository = try Repository(at: temp.url)
            #expect(throws: GitError.self) { try repository.blob(blob) }
            do {
                _ = try repository.blob(blob, path: "kiez.md", version: commit)
                Issue.record("a corrupt blob was read")
            } catch let error as UnreadableObjectError {
                #expect(error.id == blob)
                #expect(error.path == "kiez.md")
                #expect(error.version == commit)
                #expect(error.description.hasPrefix("cannot read object \(blob.hex) (kiez.md at version \(commit.short())): "))
            }
            // A missing object is unreadable too; a path that is not in the tree is simply absent.
            let missing = try #require(ObjectID(hex: "0123456789abcdef0123456789abcdef01234567"))
            #expect(throws: UnreadableObjectError.self) { try repository.blob(missing, path: "x.md") }
            #expect(try repository.entry(atPath: "nicht-da.md", inTree: try repository.treeID(ofCommit: commit)) == nil)

            // Repaired, it reads again (and `git fsck` passes at the end).
            try original.write(to: file)
            #expect(try Repository(at: temp.url).blob(blob, path: "kiez.md") == Data(text.utf8))
        }
    }

    @Test func headCommitIsNilOnlyForAnUnbornBranch() throws {
        try withTemporaryRepository { temp in
            #expect(try temp.repository.headCommit() == nil)
            #expect(temp.repository.unreadableHead() == nil)
            let commit = try temp.commit(files: ["a.md": "a\n"], parents: [], hours: 0, message: "A")
            try temp.repository.updateReference("refs/heads/main", to: commit, expecting: nil, logMessage: "A")
            #expect(try temp.repository.headCommit() == commit)

            // The commit object gone (as when its pack cannot be read): an error naming it, not "no versions".
            let (file, original) = try corruptLooseObject(commit, in: temp.url.appendingPathComponent(".git"))
            try FileManager.default.removeItem(at: file)
            let repository = try Repository(at: temp.url)
            #expect(throws: UnreadableObjectError.self) { try repository.headCommit() }
            #expect(repository.unreadableHead()?.id == commit)
            try original.write(to: file)
            #expect(try Repository(at: temp.url).headCommit() == commit)
        }
    }
}

/// libgit2 gives ENOTFOUND for a path that is not in the tree, and another error for a subtree it cannot find on
/// the way: chronik's "absent is fine, unreadable is an error" rests on that.
@Suite struct AbsentOrUnreadablePathTests {
    @Test func aMissingSubtreeIsAnErrorWhileAMissingPathIsAbsent() throws {
        try withTemporaryRepository { temp in
            let repo = temp.repository
            let blob = try repo.writeBlob(Data("Kiez\n".utf8))
            let folder = try repo.writeTree([TreeEntry(name: "kiez.md", id: blob, mode: .blob)])
            let root = try repo.writeTree([TreeEntry(name: "glossary", id: folder, mode: .tree)])
            #expect(try repo.entry(atPath: "glossary/kiez.md", inTree: root)?.id == blob)
            #expect(try repo.entry(atPath: "glossary/quartier.md", inTree: root) == nil)
            #expect(try repo.entry(atPath: "events/x.md", inTree: root) == nil)

            let (file, original) = try corruptLooseObject(folder, in: temp.url.appendingPathComponent(".git"))
            try FileManager.default.removeItem(at: file)
            let fresh = try Repository(at: temp.url)
            #expect(throws: GitError.self) { try fresh.entry(atPath: "glossary/kiez.md", inTree: root) }
            #expect(try fresh.entry(atPath: "events/x.md", inTree: root) == nil)
            try original.write(to: file)
            #expect(try Repository(at: temp.url).entry(atPath: "glossary/kiez.md", inTree: root)?.id == blob)
        }
    }
}
