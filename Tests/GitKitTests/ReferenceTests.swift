import Foundation
import GitKit
import Testing

@Suite struct ReferenceTests {
    @Test func compareAndSwapOnBranches() throws {
        try withTemporaryRepository { temp in
            let repo = temp.repository
            #expect(try repo.headReferenceName() == "refs/heads/main")
            #expect(try repo.referenceTarget("HEAD") == nil)
            #expect(try repo.referenceTarget("refs/heads/main") == nil)

            let first = try temp.commit(files: ["a.md": "1\n"], parents: [], hours: 0, message: "first\n")
            let second = try temp.commit(files: ["a.md": "2\n"], parents: [first], hours: 1, message: "second\n")
            let third = try temp.commit(files: ["a.md": "3\n"], parents: [second], hours: 2, message: "third\n")

            // Create: must not exist yet.
            try repo.updateReference("refs/heads/main", to: first, expecting: nil, logMessage: "create")
            #expect(try repo.referenceTarget("refs/heads/main") == first)
            #expect(try repo.referenceTarget("HEAD") == first)
            expectGitError(.exists) {
                try repo.updateReference("refs/heads/main", to: second, expecting: nil, logMessage: "create again")
            }

            // Move when the expectation holds.
            try repo.updateReference("refs/heads/main", to: second, expecting: first, logMessage: "advance")
            #expect(try repo.referenceTarget("refs/heads/main") == second)

            // A stale expectation is refused and changes nothing.
            expectGitError(.modified) {
                try repo.updateReference("refs/heads/main", to: third, expecting: first, logMessage: "stale")
            }
            #expect(try repo.referenceTarget("refs/heads/main") == second)

            // Through HEAD, the branch moves and HEAD stays symbolic.
            try repo.updateReference("HEAD", to: third, expecting: second, logMessage: "via HEAD")
            #expect(try repo.referenceTarget("refs/heads/main") == third)
            #expect(try repo.headReferenceName() == "refs/heads/main")

            // A leftover lock file blocks the update.
            let lock = repo.gitDirectory.appendingPathComponent("refs/heads/main.lock")
            try Data().write(to: lock)
            expectGitError(.locked) {
                try repo.updateReference("refs/heads/main", to: second, expecting: third, logMessage: "locked")
            }
            try FileManager.default.removeItem(at: lock)
            #expect(try repo.referenceTarget("refs/heads/main") == third)

            // Deleted behind our back: also a concurrent modification.
            try temp.git("branch", "gone", first.hex)
            try temp.git("branch", "-D", "gone")
            expectGitError(.modified) {
                try repo.updateReference("refs/heads/gone", to: second, expecting: first, logMessage: "gone")
            }

            // The CLI sees what we wrote, with a reflog.
            #expect(try temp.git("rev-parse", "main").stdout == third.hex + "\n")
            let reflog = try temp.git("reflog", "show", "--format=%gs", "main").stdout
            #expect(reflog == "via HEAD\nadvance\ncreate\n")
        }
    }

    @Test func detachedHeadHasNoBranchName() throws {
        try withTemporaryRepository { temp in
            let first = try temp.commit(files: ["a.md": "1\n"], parents: [], hours: 0, message: "first\n")
            try temp.repository.updateReference("refs/heads/main", to: first, expecting: nil, logMessage: "create")
            try temp.git("update-ref", "--no-deref", "HEAD", first.hex)
            #expect(try temp.repository.headReferenceName() == nil)
            #expect(try temp.repository.referenceTarget("HEAD") == first)
        }
    }

    @Test func annotatedAndLightweightTags() throws {
        try withTemporaryRepository { temp in
            let repo = temp.repository
            let first = try temp.commit(files: ["a.md": "1\n"], parents: [], hours: 0, message: "first\n")
            let second = try temp.commit(files: ["a.md": "2\n"], parents: [first], hours: 1, message: "second\n")
            try repo.updateReference("refs/heads/main", to: second, expecting: nil, logMessage: "create")

            let tagger = Fixture.signature(hours: 3, offsetMinutes: 120)
            let tagID = try repo.createAnnotatedTag(name: "draft-1", target: first, tagger: tagger, message: "First draft\n")
            #expect(try repo.objectKind(tagID) == .tag)
            try temp.git("tag", "light", second.hex)
            expectGitError(.exists) {
                try repo.createAnnotatedTag(name: "draft-1", target: second, tagger: tagger, message: "again\n")
            }
            expectGitError(.exists) {
                try repo.createAnnotatedTag(name: "light", target: second, tagger: tagger, message: "again\n")
            }

            let tags = try repo.tags()
            #expect(tags == [
                Tag(name: "draft-1", id: tagID, targetID: first, tagger: tagger, message: "First draft\n", isAnnotated: true),
                Tag(name: "light", id: second, targetID: second, tagger: nil, message: nil, isAnnotated: false),
            ])

            #expect(try repo.revparse("draft-1") == tagID)
            #expect(try repo.resolveCommit("draft-1") == first)
            #expect(try repo.resolveCommit("light") == second)
            #expect(try temp.git("cat-file", "-t", "draft-1").stdout == "tag\n")
        }
    }

    @Test func tagOfATreePeelsToTheTree() throws {
        try withTemporaryRepository { temp in
            let repo = temp.repository
            let tree = try repo.writeTree([TreeEntry(name: "a.md", id: try repo.writeBlob(Data("a\n".utf8)), mode: .blob)])
            let tagID = try repo.createAnnotatedTag(name: "snapshot", target: tree, tagger: Fixture.author, message: "tree\n")
            let tags = try repo.tags()
            #expect(tags.map(\.targetID) == [tree])
            #expect(tags.map(\.id) == [tagID])
            expectGitError(.other(-19)) { try repo.resolveCommit("snapshot") }
        }
    }

    @Test func revparseExpressions() throws {
        try withTemporaryRepository { temp in
            let repo = temp.repository
            let first = try temp.commit(files: ["a.md": "1\n"], parents: [], hours: 0, message: "first\n")
            let second = try temp.commit(files: ["a.md": "2\n"], parents: [first], hours: 1, message: "second\n")
            try repo.updateReference("refs/heads/main", to: second, expecting: nil, logMessage: "create")
            let tag = try repo.createAnnotatedTag(name: "v1", target: first, tagger: Fixture.author, message: "v1\n")

            #expect(try repo.revparse("HEAD") == second)
            #expect(try repo.revparse("main") == second)
            #expect(try repo.revparse("HEAD~1") == first)
            #expect(try repo.revparse("v1") == tag)
            #expect(try repo.revparse("v1^{commit}") == first)
            #expect(try repo.revparse(second.short(10)) == second)
            #expect(try repo.revparse(second.hex) == second)
            #expect(try repo.revparse("HEAD^{tree}") == (try repo.commit(second)).treeID)
            #expect(try repo.resolveCommit("HEAD") == second)

            expectGitError(.notFound) { try repo.revparse("no-such-branch") }
            expectGitError(.notFound) { try repo.revparse("HEAD~5") }
            expectGitError(.invalidSpec) { try repo.revparse("HEAD..main") }

            // Blobs are cheap: write until two share their first four hex digits (birthday bound ~ 300).
            var byPrefix: [String: ObjectID] = [:]
            var ambiguous: String?
            for number in 0..<5_000 {
                let id = try repo.writeBlob(Data("blob \(number)\n".utf8))
                let prefix = id.short(4)
                if byPrefix[prefix] != nil {
                    ambiguous = prefix
                    break
                }
                byPrefix[prefix] = id
            }
            let prefix = try #require(ambiguous)
            expectGitError(.ambiguous) { try repo.revparse(prefix) }
        }
    }

    @Test func unbornHeadRevparseFails() throws {
        try withTemporaryRepository(initialBranch: "trunk") { temp throws in
            #expect(try temp.repository.headReferenceName() == "refs/heads/trunk")
            #expect(throws: GitError.self) { try temp.repository.revparse("HEAD") }
        }
    }

    @Test func configAndDefaultSignature() throws {
        try withTemporaryRepository { temp in
            let repo = temp.repository
            try temp.git("config", "user.name", "Configured Person")
            try temp.git("config", "user.email", "configured@example.org")
            try temp.git("config", "chronik.schema", "Schemas")
            #expect(try repo.configString("chronik.schema") == "Schemas")
            #expect(try repo.configString("chronik.not-set") == nil)
            #expect(try repo.configString("user.name") == "Configured Person")

            let date = Fixture.date(hours: 0.5).addingTimeInterval(0.75)
            let signature = try #require(try repo.defaultSignature(at: date))
            #expect(signature.name == "Configured Person")
            #expect(signature.email == "configured@example.org")
            #expect(signature.date == Fixture.date(hours: 0.5))
        }
    }
}
