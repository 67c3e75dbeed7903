import Foundation
import Testing
@testable import GitKit

/// `Repository.resolveCommit` resolves a plain tag or branch name itself (issue 19: `chronik diff TAG TAG` without
/// starting libgit2) and is held to libgit2's `git_revparse_single` + `git_object_peel` on names of every kind:
/// lightweight and annotated tags (also a tag of a tag, and of a tree), branches, remote branches, a tag and a
/// branch of the same name, loose and packed, names that look like ids, `describe` output, capitals, symbolic
/// references, missing names and expressions.
@Suite struct RevisionResolvingTests {
    private static let specs = [
        "v1", "v1.0", "light", "main", "topic", "same", "origin", "origin-main", "nested", "tree-tag", "missing", "abc", "deadbeef",
        "v1-3-gabc1234", "MAIN", "HEAD", "ORIG_HEAD", "v1^", "v1~1", "main^{tree}", "refs/tags/v1", "tags/v1", "-v1", ".v1", "v1..main",
        "Straße", "release-010", "x.lock", "sym",
    ]

    private func expectSame(_ url: URL, _ state: String, sourceLocation: Testing.SourceLocation = #_sourceLocation) throws {
        let own = try Repository(at: url)
        let reference = try Repository(openingWithLibGit2: url)
        var ownAnswered = 0
        for spec in Self.specs {
            let mine = Result { try own.resolveCommit(spec) }, theirs = Result { try reference.resolveCommitWithLibGit2(spec) }
            switch (mine, theirs) {
            case (.success(let a), .success(let b)): #expect(a == b, "\(spec), \(state)", sourceLocation: sourceLocation)
            case (.failure(let a as GitError), .failure(let b as GitError)):
                #expect(a.code == b.code, "\(spec), \(state): \(a) / \(b)", sourceLocation: sourceLocation)
            default: Issue.record("\(spec), \(state): \(mine) / \(theirs)", sourceLocation: sourceLocation)
            }
            if own.ownResolvedCommit(spec) != nil { ownAnswered += 1 }
        }
        #expect(ownAnswered >= 6, "\(state): \(ownAnswered)", sourceLocation: sourceLocation)
        // A name GitKit resolves does not start libgit2.
        let fresh = try Repository(at: url)
        _ = try fresh.resolveCommit("v1")
        _ = try fresh.resolveCommit("release-010")
        #expect(!fresh.libgit2IsOpen, "\(state)", sourceLocation: sourceLocation)
    }

    @Test func resolvesPlainNamesAsLibGit2Does() throws {
        try withTemporaryRepository { temporary in
            let first = try temporary.commit(files: ["a.md": "a\n"], parents: [], hours: 0, message: "First\n")
            let second = try temporary.commit(files: ["a.md": "b\n"], parents: [first], hours: 1, message: "Second\n")
            let third = try temporary.commit(files: ["a.md": "c\n"], parents: [second], hours: 2, message: "Third\n")
            try temporary.repository.updateReference("refs/heads/main", to: third, expecting: nil, logMessage: "test")
            try temporary.repository.updateReference("refs/heads/topic", to: first, expecting: nil, logMessage: "test")
            try temporary.repository.updateReference("refs/heads/same", to: first, expecting: nil, logMessage: "test")
            try temporary.repository.updateReference("refs/heads/MAIN", to: second, expecting: nil, logMessage: "test")
            try temporary.repository.updateReference("refs/remotes/origin/HEAD", to: second, expecting: nil, logMessage: "test")
            try temporary.repository.updateReference("refs/remotes/origin-main", to: first, expecting: nil, logMessage: "test")
            try temporary.repository.updateReference("refs/heads/Straße", to: first, expecting: nil, logMessage: "test")
            let git: [[String]] = [
                ["tag", "-a", "-m", "Tag", "v1", first.hex], ["tag", "v1.0", second.hex], ["tag", "light", third.hex],
                ["tag", "same", second.hex], ["tag", "-a", "-m", "Nested", "nested", "v1"], ["tag", "release-010", second.hex],
                ["tag", "-a", "-m", "Tree", "tree-tag", "main^{tree}"], ["tag", "abc", first.hex], ["tag", "x.lock-free", first.hex],
                ["update-ref", "ORIG_HEAD", first.hex], ["symbolic-ref", "refs/heads/sym", "refs/heads/main"],
            ]
            for arguments in git {
                let run = try runGit(arguments, in: temporary.url)
                #expect(run.status == 0, "\(arguments): \(run.stderr)")
            }
            try expectSame(temporary.url, "loose")
            #expect(try temporary.git("pack-refs", "--all").status == 0)
            try expectSame(temporary.url, "packed")
            #expect(try temporary.git("update-ref", "refs/tags/light", first.hex).status == 0)
            try expectSame(temporary.url, "loose over packed")
        }
    }

    /// `tree(_:)` lists a tree from the own reader's bytes as libgit2 lists it: names (umlauts, spaces, a leading
    /// dot), every mode (files, executables, symbolic links, trees, a submodule's commit), loose and packed.
    @Test func listsTreesAsLibGit2Does() throws {
        try withTemporaryRepository { temporary in
            let repository = temporary.repository
            let blob = try repository.writeBlob(Data("a\n".utf8)), other = try repository.writeBlob(Data("b\n".utf8))
            let inner = try repository.writeTree([TreeEntry(name: "x.md", id: blob, mode: .blob), TreeEntry(name: "Ärger.md", id: other, mode: .blob)])
            let commit = try temporary.commit(files: ["a.md": "a\n"], parents: [], hours: 0, message: "First\n")
            let root = try repository.writeTree([
                TreeEntry(name: "a.md", id: blob, mode: .blob), TreeEntry(name: "run.sh", id: other, mode: .executable),
                TreeEntry(name: "link", id: blob, mode: .symlink), TreeEntry(name: "faq", id: inner, mode: .tree),
                TreeEntry(name: "sub", id: commit, mode: .submodule), TreeEntry(name: ".hidden", id: blob, mode: .blob),
                TreeEntry(name: "mit Leerzeichen.md", id: other, mode: .blob), TreeEntry(name: "über", id: inner, mode: .tree),
            ])
            for state in ["loose", "packed"] {
                if state == "packed" {
                    let top = try repository.createCommit(tree: root, parents: [commit], author: Fixture.author, committer: Fixture.author, message: "Root\n")
                    try repository.updateReference("refs/heads/main", to: top, expecting: nil, logMessage: "test")
                    #expect(try temporary.git("repack", "-adq").status == 0)
                }
                let own = try Repository(at: temporary.url)
                let reference = try Repository(openingWithLibGit2: temporary.url)
                for tree in [root, inner] {
                    #expect(own.ownTree(tree) != nil, "\(state)")
                    #expect(try own.tree(tree) == reference.treeWithLibGit2(tree), "\(state)")
                }
                #expect(own.ownTree(blob) == nil)
                #expect(!own.libgit2IsOpen, "\(state)")
            }
        }
    }

    /// `anotherHandle()` (each diff thread's handle) opens the repository as the first handle was: GitKit's own
    /// layout without libgit2, or libgit2 at the same `.git` folder.
    @Test func anotherHandleOpensTheRepositoryAsTheFirstWasOpened() throws {
        try withTemporaryRepository { temporary in
            let first = try temporary.commit(files: ["a.md": "a\n"], parents: [], hours: 0, message: "First\n")
            try temporary.repository.updateReference("refs/heads/main", to: first, expecting: nil, logMessage: "test")
            let own = try Repository(at: temporary.url)
            let reference = try Repository(openingWithLibGit2: temporary.url)
            for repository in [own, reference] {
                let other = try repository.anotherHandle()
                #expect(other.gitDirectory == repository.gitDirectory)
                #expect(other.workingDirectory == repository.workingDirectory)
                #expect(try other.commit(first) == repository.commit(first))
                #expect(other.libgit2IsOpen == repository.libgit2IsOpen)
            }
            #expect(!own.libgit2IsOpen)
        }
    }

    /// Writes a raw object of `type` with the git CLI (`hash-object --literally`); returns its id.
    private func writeObject(_ temporary: TemporaryRepository, _ type: String, _ text: String) throws -> ObjectID {
        let input = try makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(at: input) }
        let file = input.appendingPathComponent("object")
        try Data(text.utf8).write(to: file)
        let run = try temporary.git("hash-object", "-t", type, "-w", "--literally", file.path)
        #expect(run.status == 0, "\(run.stderr)")
        return try #require(ObjectID(hex: run.stdout.trimmingCharacters(in: .whitespacesAndNewlines)))
    }

    /// `tags()` lists the tags itself as libgit2 lists them: lightweight tags of a commit, a tree and a blob,
    /// annotated ones (one-line, several lines, of a tag, of a tree, in a folder), tag objects without a tagger,
    /// without a message, with an empty message, with an extra header line; loose, packed and both.
    @Test func listsTagsAsLibGit2Does() throws {
        try withTemporaryRepository { temporary in
            let first = try temporary.commit(files: ["a.md": "a\n"], parents: [], hours: 0, message: "First\n")
            let second = try temporary.commit(files: ["a.md": "b\n"], parents: [first], hours: 1, message: "Second\n")
            try temporary.repository.updateReference("refs/heads/main", to: second, expecting: nil, logMessage: "test")
            let blob = try temporary.repository.writeBlob(Data("blob\n".utf8))
            let tagger = "tagger Ärztin Ünal <t@example.org> 1646128800 +0100\n"
            let raw = [
                "no-tagger": "object \(first.hex)\ntype commit\ntag no-tagger\n\nNo tagger.\n",
                "no-message": "object \(first.hex)\ntype commit\ntag no-message\n\(tagger)",
                "empty-message": "object \(second.hex)\ntype commit\ntag empty-message\n\(tagger)\n",
                "extra-header": "object \(second.hex)\ntype commit\ntag extra-header\n\(tagger)x-extra yes\n\nWith a header.\n",
            ]
            for (name, text) in raw {
                let id = try writeObject(temporary, "tag", text)
                #expect(try temporary.git("update-ref", "refs/tags/" + name, id.hex).status == 0)
            }
            let git: [[String]] = [
                ["tag", "light", second.hex], ["tag", "tree-light", "main^{tree}"], ["tag", "blob-light", blob.hex],
                ["tag", "-a", "-m", "Version 1", "v1", first.hex], ["tag", "-a", "-m", "Zeile 1\n\nZeile 2 mit Umlauten: äöü", "v2", second.hex],
                ["tag", "-a", "-m", "Nested", "nested", "v1"], ["tag", "-a", "-m", "Tree", "tree-tag", "main^{tree}"],
                ["tag", "-a", "-m", "In a folder", "rel/v3", second.hex], ["tag", "release-010", first.hex],
            ]
            for arguments in git {
                let run = try runGit(arguments, in: temporary.url)
                #expect(run.status == 0, "\(arguments): \(run.stderr)")
            }
            for state in ["loose", "packed", "both"] {
                if state == "packed" { #expect(try temporary.git("pack-refs", "--all").status == 0) }
                if state == "both" {
                    #expect(try temporary.git("tag", "-f", "light", first.hex).status == 0)
                    #expect(try temporary.git("tag", "-a", "-m", "Loose", "late", second.hex).status == 0)
                }
                let own = try Repository(at: temporary.url)
                let reference = try Repository(openingWithLibGit2: temporary.url)
                let mine = try #require(own.ownTags(), "\(state)")
                #expect(mine == (try reference.tagsWithLibGit2()), "\(state)")
                #expect(mine.count >= 13)
                for tag in mine {
                    for id in [tag.id, tag.targetID] { #expect(try own.objectKind(id) == reference.objectKind(id), "\(tag.name)") }
                }
                #expect(!own.libgit2IsOpen, "\(state)")
            }
        }
    }
}
