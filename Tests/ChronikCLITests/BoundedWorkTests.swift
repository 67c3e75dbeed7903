import Foundation
import Testing

// Issue 13, point 8, end to end: a schema pattern that backtracks exponentially, over many values of several
// entries, ends in findings within the pattern budgets instead of running for minutes; a working-tree file over the
// size cap is refused by diff before it is read. (`chronikBounded` fails the test if a command hangs.)

@Suite("Bounded work: pattern budgets and size caps, end to end")
struct BoundedWorkTests {
    @Test func catastrophicPatternOverManyValuesEndsInBudgetFindings() throws {
        let box = try Sandbox()
        let store = try box.makeStore()
        let schemaFile = store.appendingPathComponent("schemas/glossary.schema.json")
        let schema = try String(contentsOf: schemaFile, encoding: .utf8)
        // `synonyms` items: `"type": "string"` gains a pattern that the compile-time check lets through.
        let items = "\"items\": {\n        \"type\": \"string\",\n        \"minLength\": 1"
        try #require(schema.components(separatedBy: items).count == 2)
        let patched = schema.replacingOccurrences(of: items, with: items + ",\n        \"pattern\": \"^(a|aa)*$\"")
        try Data(patched.utf8).write(to: schemaFile)
        let slow = String(repeating: "a", count: 40) + "b"
        for k in 1...3 {
            let synonyms = (0..<600).map { "  - \(slow)\($0)" }.joined(separator: "\n")
            try box.write(entryText("term: Begriff \(k)\nsynonyms:\n\(synonyms)"), to: "glossary/b\(k).md", in: store)
        }
        let result = try chronikBounded(box, ["validate"], in: store, seconds: 120)
        #expect(result.status == 1)
        let lines = result.stdout.split(separator: "\n")
        for k in 1...3 {
            let own = lines.filter { $0.hasPrefix("glossary/b\(k).md:") }
            // A few values not checked in time, then the entry's budget is used up: one finding says so.
            #expect(own.filter { $0.contains(": pattern check exceeded its budget: the pattern checks of this entry took more than 0.5 seconds together;") }.count == 1,
                    "\(own)")
            #expect(own.count <= 7, "\(own.count) findings for glossary/b\(k).md")
            #expect(own.allSatisfy { $0.contains(" Synonyms (synonyms), item ") && $0.contains("^(a|aa)*$") }, "\(own)")
        }
        // Commit runs the same checks and refuses the version.
        let commit = try chronikBounded(box, ["commit", "-m", "x", "--author", Fixture.author, "--date", Fixture.date], in: store, seconds: 120)
        #expect(commit.status == 1)
        #expect(commit.stderr.contains("pattern check exceeded its budget"), "\(commit)")
    }

    @Test func diffOfA200MBWorkingTreeFileIsRefusedNotRead() throws {
        let box = try Sandbox()
        let store = try box.makeStore()
        try box.write(entryText("term: Klein"), to: "glossary/gross.md", in: store)
        try box.commit(store, "Begriff")
        // 200 MB, written as a sparse file: the size is what counts, and nothing of it may be read.
        let file = store.appendingPathComponent("glossary/gross.md")
        let handle = try FileHandle(forWritingTo: file)
        try handle.truncate(atOffset: 200_000_000)
        try handle.close()
        let reason = "The file is 200000000 bytes long; an entry file may be at most 1048576 bytes."
        for arguments in [["diff"], ["diff", "--format", "json"], ["diff", "--public", "--format", "html"]] {
            let result = try chronikBounded(box, arguments, in: store)
            #expect(result.status == 1, "\(arguments): \(result)")
            #expect(result.stderr == """
                chronik: warning: glossary/gross.md was not read: \(reason)
                chronik: error: 1 file of the working tree was not read; chronik commit refuses it too

                """, "\(arguments): \(result)")
            #expect(result.stdout.utf8.count < 10_000)
        }
        let text = try chronikBounded(box, ["diff"], in: store)
        #expect(text.stdout.contains("modified glossary/gross\n  problem: \(reason)"), "\(text)")
        let patch = try chronikBounded(box, ["diff", "--format", "patch"], in: store)
        #expect(patch.status == 1)
        #expect(patch.stderr.hasPrefix("chronik: error: glossary/gross.md: \(reason)\n"), "\(patch)")
    }
}
