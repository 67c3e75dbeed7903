import Foundation
import Testing

@Suite("chronik mv, end to end")
struct MoveTests {
    @Test func renameRewritesReferencesAndKeepsFormatting() throws {
        let box = try Sandbox()
        let store = try box.makeStore()
        try box.write(entryText("term: Reallabor"), to: "glossary/reallabor.md", in: store)
        let smartCity = "---\nterm: 'Smart City'   # quoted on purpose\nsynonyms: [ SC ,  Smarte Stadt ]\nsee_also: [reallabor]\n---\nBody stays.\n"
        try box.write(smartCity, to: "glossary/smart-city.md", in: store)
        try box.write(entryText("question: Was?\ncategory: Prozess\nrelated:\n  - smart-city"), to: "faq/was.md", in: store)
        try box.commit(store, "Begriffe")

        let result = try box.chronik(["mv", "glossary/reallabor", "glossary/labor"], in: store)
        #expect(result.status == 0, "\(result)")
        #expect(result.stdout == """
            renamed:  glossary/reallabor.md -> glossary/labor.md
            rewrote:  glossary/smart-city.md (see_also)
            1 reference rewritten; record the change with `chronik commit -m MESSAGE`.

            """)
        let rewritten = try String(contentsOf: store.appendingPathComponent("glossary/smart-city.md"), encoding: .utf8)
        #expect(rewritten == "---\nterm: 'Smart City'   # quoted on purpose\nsynonyms: [ SC ,  Smarte Stadt ]\nsee_also:\n  - labor\n---\nBody stays.\n")
        #expect(!FileManager.default.fileExists(atPath: store.appendingPathComponent("glossary/reallabor.md").path))
        try box.commit(store, "Umbenannt")
        let log = try box.chronik(["log", "--format", "json", "--limit", "1"], in: store)
        #expect(log.stdout.contains("\"renamed\": 1"), "\(log)")
        #expect(try box.chronik(["validate"], in: store).status == 0)
        try box.expectFsckClean(store)
    }

    @Test func refusals() throws {
        let box = try Sandbox()
        let store = try box.makeStore()
        try box.write(entryText("term: A"), to: "glossary/a.md", in: store)
        try box.write(entryText("term: B\nsee_also: [a]"), to: "glossary/b.md", in: store)
        try box.commit(store, "Begriffe")
        let before = try box.state(of: store)

        let existing = try box.chronik(["mv", "glossary/a", "glossary/b"], in: store)
        #expect(existing.status == 1)
        #expect(existing.stderr == "chronik: error: glossary/b.md already exists; choose another id or remove that entry first\n")
        let missing = try box.chronik(["mv", "glossary/x", "glossary/y"], in: store)
        #expect(missing.status == 1)
        #expect(missing.stderr.hasPrefix("chronik: error: no entry \"glossary/x\"\n"), "\(missing)")
        let otherCollection = try box.chronik(["mv", "glossary/a", "faq/a"], in: store)
        #expect(otherCollection.status == 1)
        #expect(otherCollection.stderr.contains("glossary/b.md refer to it through fields that name entries of glossary"), "\(otherCollection)")
        #expect(try box.state(of: store) == before)
    }
}
