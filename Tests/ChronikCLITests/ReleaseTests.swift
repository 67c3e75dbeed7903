import Foundation
import Testing

@Suite struct ReleaseTests {
    @Test func releaseTagsAValidVersionAndReleasesListsIt() throws {
        let sandbox = try Sandbox()
        let store = try sandbox.makeStore()
        let made = try sandbox.chronik(["release", "erste-fassung", "-m", "Die erste Fassung", "--author", Fixture.author, "--date", "2022-03-02T10:00:00+01:00"], in: store)
        #expect(made.status == 0, "\(made)")
        #expect(try sandbox.git(["cat-file", "-t", "erste-fassung"], in: store).stdout == "tag\n")
        #expect(try sandbox.git(["tag", "-l", "--format=%(contents)", "erste-fassung"], in: store).stdout.hasPrefix("Die erste Fassung"))
        let listed = try sandbox.chronik(["releases"], in: store)
        #expect(listed.status == 0)
        #expect(listed.stdout.hasPrefix("erste-fassung  2022-03-02  "), "\(listed)")
        #expect(listed.stdout.hasSuffix("Die erste Fassung\n"))
        let json = try sandbox.chronik(["releases", "--format", "json"], in: store)
        let array = try #require((try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])?["releases"] as? [[String: Any]])
        #expect(array.count == 1)
        #expect(array.first?["name"] as? String == "erste-fassung")
        #expect(array.first?["date"] as? String == "2022-03-02T10:00:00+01:00")
        #expect(!json.stdout.contains("test@example.org"))
        try sandbox.expectFsckClean(store)
    }

    @Test func refusesDuplicateInvalidNamesAndInvalidVersions() throws {
        let sandbox = try Sandbox()
        let store = try sandbox.makeStore()
        #expect(try sandbox.chronik(["release", "v1", "--author", Fixture.author, "--date", Fixture.date], in: store).status == 0)
        let again = try sandbox.chronik(["release", "v1", "--author", Fixture.author, "--date", Fixture.date], in: store)
        #expect(again.status == 1 && again.stderr.contains("exists already"), "\(again)")
        for bad in ["a..b", "-x", "with space", "x.lock", "end.", "a:b", "@"] {
            let result = try sandbox.chronik(["release", bad, "--author", Fixture.author], in: store)
            #expect(result.status == 2, "\(bad): \(result)")
        }
        let unknown = try sandbox.chronik(["release", "v2", "--at", "no-such-rev", "--author", Fixture.author], in: store)
        #expect(unknown.status == 1)
        // An invalid version, committed past chronik with git: no tag is made.
        try sandbox.write("---\nterm: 12\n---\nKaputt.\n", to: "glossary/kaputt.md", in: store)
        try sandbox.git(["add", "-A"], in: store)
        try sandbox.git(["commit", "-q", "-m", "invalid"], in: store)
        let refused = try sandbox.chronik(["release", "v2", "--author", Fixture.author], in: store)
        #expect(refused.status == 1, "\(refused)")
        #expect(refused.stderr.contains("glossary/kaputt.md"), "\(refused)")
        #expect(try sandbox.git(["tag", "-l", "v2"], in: store).stdout.isEmpty)
    }
}
