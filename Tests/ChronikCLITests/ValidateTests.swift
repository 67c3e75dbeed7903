import Foundation
import Testing

@Suite("chronik validate and validation on commit, end to end")
struct ValidateTests {
    /// A store with one valid version: two glossary terms (one referring to the other) and an FAQ referring to both.
    func storeWithReferences(_ box: Sandbox) throws -> URL {
        let store = try box.makeStore()
        try box.write(entryText("term: Reallabor"), to: "glossary/reallabor.md", in: store)
        try box.write(entryText("term: Smart City\nsee_also: [reallabor]"), to: "glossary/smart-city.md", in: store)
        try box.write(entryText("question: Was ist das?\ncategory: Prozess\nrelated:\n  - smart-city\n  - reallabor"),
                      to: "faq/was.md", in: store)
        try box.commit(store, "Begriffe")
        return store
    }

    func breakThings(_ box: Sandbox, _ store: URL) throws {
        try box.write(entryText("title: Forum\nformat: Forum\nstart: 2022-03-16\nend: 2022-03-01\nstatus: erledigt"),
                      to: "events/forum.md", in: store)
        try box.write(entryText("term: Reallabor\nsee_also: [fehlt, reallabor-2]"), to: "glossary/reallabor-2.md", in: store)
    }

    @Test func validStoreSaysSoAndExitsZero() throws {
        let box = try Sandbox()
        let store = try storeWithReferences(box)
        let result = try box.chronik(["validate"], in: store)
        #expect(result.status == 0, "\(result)")
        #expect(result.stdout == "3 entries valid\n")
        let one = try box.chronik(["validate", "faq/was", "--at", "HEAD"], in: store)
        #expect(one.stdout == "1 entry valid\n", "\(one)")
    }

    @Test func textGithubAndJSONOutput() throws {
        let box = try Sandbox()
        let store = try storeWithReferences(box)
        try breakThings(box, store)
        let text = try box.chronik(["validate"], in: store)
        #expect(text.status == 1)
        #expect(text.stderr == "chronik: error: 6 problems in 3 files (5 entries checked)\n")
        try assertSnapshot(text.stdout, named: "validate.txt")
        let github = try box.chronik(["validate", "--format", "github"], in: store)
        #expect(github.status == 1)
        try assertSnapshot(github.stdout, named: "validate-github.txt")
        let json = try box.chronik(["validate", "--format", "json"], in: store)
        #expect(json.status == 1)
        try assertSnapshot(json.stdout, named: "validate.json")
        // The committed version is still valid.
        #expect(try box.chronik(["validate", "--at", "HEAD"], in: store).status == 0)
    }

    @Test func invalidCommitIsRefusedAndNothingWritten() throws {
        let box = try Sandbox()
        let store = try storeWithReferences(box)
        try box.write(entryText("term: Neu\nsee_also: [gibt-es-nicht]"), to: "glossary/neu.md", in: store)
        let before = try box.state(of: store)
        let result = try box.chronik(["commit", "-m", "x", "--author", Fixture.author, "--date", Fixture.date], in: store)
        #expect(result.status == 1)
        #expect(result.stderr == """
            chronik: error: 1 problem in the store; nothing was written:
              glossary/neu.md:3:12: see_also.0: refers to `gibt-es-nicht`, but there is no entry glossary/gibt-es-nicht.md

            """)
        #expect(try box.state(of: store) == before)
        try box.expectFsckClean(store)
    }

    @Test func deletingAReferencedEntryIsRefusedWithItsReferrers() throws {
        let box = try Sandbox()
        let store = try storeWithReferences(box)
        try FileManager.default.removeItem(at: store.appendingPathComponent("glossary/reallabor.md"))
        let before = try box.state(of: store)
        let result = try box.chronik(["commit", "-m", "x", "--author", Fixture.author, "--date", Fixture.date], in: store)
        #expect(result.status == 1)
        #expect(result.stderr == """
            chronik: error: 1 problem in the store; nothing was written:
              glossary/reallabor.md: is removed, but faq/was.md (related), glossary/smart-city.md (see_also) still refer to it; remove those references first

            """)
        #expect(try box.state(of: store) == before)
        // The cache of stored references is kept out of the history.
        #expect(FileManager.default.fileExists(atPath: store.appendingPathComponent(".git/chronik/validation-cache").path))
        #expect(try box.git(["status", "--porcelain"], in: store).stdout == " D glossary/reallabor.md\n")
        // Deleting the referrers too is fine; so is the next commit with a deleted cache.
        try FileManager.default.removeItem(at: store.appendingPathComponent("faq/was.md"))
        try box.write(entryText("term: Smart City"), to: "glossary/smart-city.md", in: store)
        try box.commit(store, "Weniger")
        try FileManager.default.removeItem(at: store.appendingPathComponent(".git/chronik"))
        try FileManager.default.removeItem(at: store.appendingPathComponent("glossary/smart-city.md"))
        try box.commit(store, "Noch weniger")
        try box.expectFsckClean(store)
    }

    @Test func uniqueFieldOnCommitComparesWithStoredEntries() throws {
        let box = try Sandbox()
        let store = try storeWithReferences(box)
        try box.write(entryText("term: Reallabor"), to: "glossary/reallabor-zwei.md", in: store)
        let result = try box.chronik(["commit", "-m", "x", "--author", Fixture.author, "--date", Fixture.date], in: store)
        #expect(result.status == 1)
        #expect(result.stderr.contains("glossary/reallabor-zwei.md:2:7: term: must be unique in glossary, but glossary/reallabor.md has the same value `Reallabor`"), "\(result)")
    }

    @Test func importRefusesAnInvalidSnapshot() throws {
        let box = try Sandbox()
        let source = box.url("snapshots")
        let config = "title: T\ncollections:\n  glossary:\n    schema: schemas/glossary.schema.json\n"
        let schema = #"{"type": "object", "required": ["term"], "properties": {"term": {"type": "string"}, "see_also": {"type": "array", "x-chronik-ref": "glossary"}}}"#
        for name in ["01-a", "02-b"] {
            try box.write(config, to: "\(name)/chronik.yml", in: source)
            try box.write(schema, to: "\(name)/schemas/glossary.schema.json", in: source)
            try box.write(entryText("term: A"), to: "\(name)/glossary/a.md", in: source)
        }
        try box.write(entryText("term: B\nsee_also: [c]"), to: "02-b/glossary/b.md", in: source)
        let target = box.url("store")
        let result = try box.chronik(["import", "snapshots", source.path, "--store", target.path, "--author", Fixture.author, "--date", Fixture.date])
        #expect(result.status == 1, "\(result)")
        #expect(result.stderr.contains("02-b/glossary/b.md:3:12: see_also.0: refers to `c`, but there is no entry glossary/c.md"), "\(result)")
        #expect(!FileManager.default.fileExists(atPath: target.appendingPathComponent(".git").path))
    }
}
