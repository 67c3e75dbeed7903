import Foundation
import GitKit
import Testing

@Suite struct RepositoryTests {
    @Test func createOpenAndDiscover() throws {
        try withTemporaryRepository(initialBranch: "drafts") { temp in
            let root = temp.url
            #expect(temp.repository.workingDirectory?.standardizedFileURL.path == root.standardizedFileURL.path)
            #expect(temp.repository.gitDirectory.standardizedFileURL.path == root.appendingPathComponent(".git").standardizedFileURL.path)
            #expect(!temp.repository.isBare)
            #expect(try temp.git("symbolic-ref", "HEAD").stdout == "refs/heads/drafts\n")

            let deeper = root.appendingPathComponent("goals/deeper", isDirectory: true)
            try FileManager.default.createDirectory(at: deeper, withIntermediateDirectories: true)

            let found = try Repository.discover(from: deeper)
            #expect(found.workingDirectory?.standardizedFileURL.path == root.standardizedFileURL.path)
            #expect(try found.headReferenceName() == "refs/heads/drafts")

            // Opening exactly a subfolder does not search upwards.
            expectGitError(.notFound) { try Repository(at: deeper) }
            let opened = try Repository(at: root)
            #expect(opened.gitDirectory.standardizedFileURL.path == temp.repository.gitDirectory.standardizedFileURL.path)

            // Objects written through one handle are visible through another.
            let blob = try found.writeBlob(Data("shared\n".utf8))
            #expect(try opened.blob(blob) == Data("shared\n".utf8))
        }
    }

    @Test func createMakesMissingFolders() throws {
        let base = try makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(at: base) }
        let target = base.appendingPathComponent("a/b/store", isDirectory: true)
        let repo = try Repository.create(at: target)
        #expect(try repo.headReferenceName() == "refs/heads/main")
        #expect(FileManager.default.fileExists(atPath: target.appendingPathComponent(".git/HEAD").path))
        // Creating again is refused instead of silently re-initialising.
        expectGitError(.exists) { try Repository.create(at: target) }
        #expect(try runGit(["fsck", "--full"], in: target).status == 0)
    }

    @Test func discoverOutsideAnyRepositoryFails() throws {
        let base = try makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(at: base) }
        // /tmp is normally not inside a repository; skip quietly if it is.
        guard (try? runGit(["rev-parse", "--git-dir"], in: base))?.status != 0 else { return }
        expectGitError(.notFound) { try Repository.discover(from: base) }
    }
}
