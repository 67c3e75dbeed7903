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

    /// The working tree is listed before the arguments are parsed (`ValidateCommand.speculate(before:)`) at `--store`
    /// or the current folder: the same report wherever `validate` is run from and however the store is named, and
    /// with entries named or `--at` (which the early listing does not serve).
    @Test func theSameReportWhereverItIsRunFrom() throws {
        let box = try Sandbox()
        let store = try storeWithReferences(box)
        try breakThings(box, store)
        let parent = store.deletingLastPathComponent()
        let name = store.lastPathComponent
        for format in ["text", "json"] {
            let expected = try box.chronik(["validate", "--format", format, "--store", store.path], in: parent)
            #expect(expected.status == 1)
            for (arguments, folder) in [
                (["validate", "--format", format], store),
                (["validate", "--format=\(format)", "--lang", "en"], store),
                (["validate", "--format", format], store.appendingPathComponent("glossary")),
                (["validate", "--store", name, "--format", format], parent),
                (["validate", "--store=\(name)", "--format", format, "--color", "never"], parent),
                (["validate", "--store", ".", "--format", format], store),
                (["validate", "--format", format, "--store", "glossary"], store),
            ] {
                let result = try box.chronik(arguments, in: folder)
                if arguments.contains("glossary") {
                    #expect(result.status != 0 && result.stdout.isEmpty, "\(arguments): \(result)")
                    continue
                }
                #expect(result.status == expected.status && result.stdout == expected.stdout && result.stderr == expected.stderr,
                        "\(arguments) in \(folder.lastPathComponent): \(result)")
            }
        }
        let one = try box.chronik(["validate", "glossary/reallabor-2"], in: store)
        #expect(one.status == 1 && one.stdout.contains("reallabor-2"), "\(one)")
        #expect(try box.chronik(["validate", "--at", "HEAD"], in: store).stdout == "3 entries valid\n")
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
              glossary/neu.md:3:12: See also (see_also), item 1: refers to `gibt-es-nicht`, but there is no entry glossary/gibt-es-nicht.md

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
        #expect(result.stderr.contains("glossary/reallabor-zwei.md:2:7: Term (term): must be unique in glossary, but glossary/reallabor.md has the same value `Reallabor`"), "\(result)")
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
        // Through the one error path: fields as text output names them, list items counted from 1 (issue 16).
        #expect(result.stderr.contains("02-b/glossary/b.md:3:12: see_also, item 1: refers to `c`, but there is no entry glossary/c.md"), "\(result)")
        #expect(!FileManager.default.fileExists(atPath: target.appendingPathComponent(".git").path))
    }

    // MARK: - The validation cache (.git/chronik/validation-cache)

    var cacheFile: String { ".git/chronik/validation-cache" }

    /// Runs `chronik validate` in every format; the outputs and exit codes as one text.
    func validateAll(_ box: Sandbox, _ store: URL, _ extra: [String] = []) throws -> String {
        var all = ""
        for format in ["text", "json", "github"] {
            let result = try box.chronik(["validate", "--format", format] + extra, in: store)
            all += "\(format) \(result.status)\n\(result.stdout)\(result.stderr)"
        }
        return all
    }

    /// The same, without a cache: what every run must print.
    func validateCold(_ box: Sandbox, _ store: URL, _ extra: [String] = []) throws -> String {
        try? FileManager.default.removeItem(at: store.appendingPathComponent(".git/chronik"))
        var all = ""
        for format in ["text", "json", "github"] {
            let result = try box.chronik(["validate", "--format", format] + extra, in: store)
            all += "\(format) \(result.status)\n\(result.stdout)\(result.stderr)"
            try? FileManager.default.removeItem(at: store.appendingPathComponent(".git/chronik"))
        }
        return all
    }

    @Test func cachedRunsPrintExactlyWhatAColdRunPrints() throws {
        let box = try Sandbox()
        let store = try storeWithReferences(box)
        let cold = try validateCold(box, store)
        #expect(cold.hasPrefix("text 0\n3 entries valid\n"), "\(cold)")
        // Files are recorded by their stamp once they have not changed for two seconds (see FileStamp.isSettled).
        Thread.sleep(forTimeInterval: 2.1)
        let first = try validateAll(box, store)
        #expect(FileManager.default.fileExists(atPath: store.appendingPathComponent(cacheFile).path))
        #expect(try String(contentsOf: store.appendingPathComponent(cacheFile), encoding: .utf8).contains("\nf:glossary/reallabor.md\t"))
        #expect(try validateAll(box, store) == first)
        #expect(first == cold)

        // Problems in new files, and in cached entries through checks across entries: the reference target is
        // removed from the working tree, and a new term repeats a cached entry's unique term.
        try breakThings(box, store)
        try FileManager.default.removeItem(at: store.appendingPathComponent("glossary/smart-city.md"))
        _ = try validateAll(box, store)
        let warm = try validateAll(box, store)
        let coldBroken = try validateCold(box, store)
        #expect(warm == coldBroken)
        #expect(warm.contains("faq/was.md:5:5: Related terms (related), item 1: refers to `smart-city`, but there is no entry glossary/smart-city.md"), "\(warm)")
        #expect(warm.contains("glossary/reallabor.md:2:7: Term (term): must be unique in glossary, but glossary/reallabor-2.md has the same value `Reallabor`"), "\(warm)")
        // One entry at a time, and a revision, with the cache warm.
        _ = try validateAll(box, store, ["faq/was"])
        #expect(try validateAll(box, store, ["faq/was"]) == (try validateCold(box, store, ["faq/was"])))
        _ = try validateAll(box, store, ["--at", "HEAD"])
        #expect(try validateAll(box, store, ["--at", "HEAD"]) == (try validateCold(box, store, ["--at", "HEAD"])))
        // The cache lives inside .git: the working tree shows only the edits, and the repository is sound.
        _ = try validateAll(box, store)
        #expect(try box.git(["status", "--porcelain", "--untracked-files=all"], in: store).stdout
            == " D glossary/smart-city.md\n?? events/forum.md\n?? glossary/reallabor-2.md\n")
        try box.expectFsckClean(store)
    }

    @Test func storeGivenByPathPrintsWhatTheCurrentDirectoryPrints() throws {
        // With --store, chronik lists the working tree there while the repository is being opened (see
        // ValidateCommand); whatever the spelling of the path, the output is that of a run inside the store.
        let box = try Sandbox()
        let store = try storeWithReferences(box)
        try breakThings(box, store)
        Thread.sleep(forTimeInterval: 2.1) // so that the cache records files (FileStamp.isSettled)
        let inside = try validateCold(box, store)
        let elsewhere = store.deletingLastPathComponent()
        func cold(_ path: String) throws -> String {
            var all = ""
            for format in ["text", "json", "github"] {
                try? FileManager.default.removeItem(at: store.appendingPathComponent(".git/chronik"))
                let result = try box.chronik(["validate", "--format", format, "--store", path], in: elsewhere)
                all += "\(format) \(result.status)\n\(result.stdout)\(result.stderr)"
            }
            return all
        }
        for path in [store.path, store.path + "/", store.path + "/./", "./" + store.lastPathComponent] {
            #expect(try cold(path) == inside, "\(path)")
            _ = try validateAll(box, elsewhere, ["--store", path])
            #expect(try validateAll(box, elsewhere, ["--store", path]) == inside, "\(path), warm")
            #expect(try validateAll(box, store) == inside, "\(path), warm, inside")
        }
        // Not the root of a store: the same error as ever (the listing there finds no chronik.yml).
        let notAStore = try box.chronik(["validate", "--store", store.appendingPathComponent("glossary").path], in: elsewhere)
        #expect(notAStore.status == 1, "\(notAStore)")
        #expect(notAStore.stdout.isEmpty)
        #expect(notAStore.stderr.hasPrefix("chronik: error: not a chronik store"), "\(notAStore)")
    }

    @Test func editingASchemaInvalidatesCachedResults() throws {
        let box = try Sandbox()
        let store = try storeWithReferences(box)
        #expect(try box.chronik(["validate"], in: store).status == 0)
        #expect(try box.chronik(["validate"], in: store).status == 0)
        // Terms of at most 9 characters: `Smart City` (10) is now too long, though its file is unchanged.
        let schemaFile = store.appendingPathComponent("schemas/glossary.schema.json")
        var schema = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: schemaFile)) as? [String: Any])
        var properties = try #require(schema["properties"] as? [String: Any])
        var term = try #require(properties["term"] as? [String: Any])
        term["maxLength"] = 9
        properties["term"] = term
        schema["properties"] = properties
        try JSONSerialization.data(withJSONObject: schema, options: [.sortedKeys]).write(to: schemaFile)
        let result = try box.chronik(["validate"], in: store)
        #expect(result.status == 1)
        #expect(result.stdout.contains("glossary/smart-city.md:2:7: Term (term):"), "\(result)")
        #expect(try validateAll(box, store) == (try validateCold(box, store)))
        // A setting of the collection in chronik.yml counts too: without a schema, the glossary is not checked.
        let config = store.appendingPathComponent("chronik.yml")
        let text = try String(contentsOf: config, encoding: .utf8)
        try Data(text.replacingOccurrences(of: "schema: schemas/glossary.schema.json", with: "schema: schemas/glossary2.schema.json").utf8).write(to: config)
        try FileManager.default.copyItem(at: schemaFile, to: store.appendingPathComponent("schemas/glossary2.schema.json"))
        #expect(try box.chronik(["validate"], in: store).status == 1)
        #expect(try validateAll(box, store) == (try validateCold(box, store)))
        // A schema the meta-schema refuses, with the cache vouching for the schemas before: reported the same with
        // and without the cache (without one, the schemas are checked while the folders are listed).
        _ = try validateAll(box, store)
        term["type"] = 12
        properties["term"] = term
        schema["properties"] = properties
        try JSONSerialization.data(withJSONObject: schema, options: [.sortedKeys])
            .write(to: store.appendingPathComponent("schemas/glossary2.schema.json"))
        let broken = try validateAll(box, store)
        #expect(broken.contains("is not valid JSON Schema (draft 2020-12)"), "\(broken)")
        #expect(broken == (try validateCold(box, store)))
    }

    @Test func anEditKeepingSizeAndModificationTimeIsCheckedAgain() throws {
        let box = try Sandbox()
        let store = try storeWithReferences(box)
        let file = store.appendingPathComponent("glossary/reallabor.md")
        // An old modification time, which the edit below keeps: only ctime can tell.
        let old = Date(timeIntervalSince1970: 1_600_000_000)
        try FileManager.default.setAttributes([.modificationDate: old], ofItemAtPath: file.path)
        try box.write(entryText("term: Reallabor\nsee_also: [smart-city]"), to: "glossary/reallabor.md", in: store)
        try FileManager.default.setAttributes([.modificationDate: old], ofItemAtPath: file.path)
        try box.commit(store, "Verweis")
        // Settled (see FileStamp.isSettled), so that the file is recorded by its stamp.
        Thread.sleep(forTimeInterval: 2.1)
        #expect(try box.chronik(["validate"], in: store).status == 0)
        #expect(try box.chronik(["validate"], in: store).status == 0)
        #expect(try String(contentsOf: store.appendingPathComponent(cacheFile), encoding: .utf8).contains("\nf:glossary/reallabor.md\t"))
        // Same size, same modification time, other bytes: `see_also` now names a missing entry.
        let before = try Data(contentsOf: file)
        let edited = Data(entryText("term: Reallabor\nsee_also: [smart-citx]").utf8)
        #expect(edited.count == before.count)
        let handle = try FileHandle(forWritingTo: file)
        try handle.write(contentsOf: edited)
        try handle.close()
        try FileManager.default.setAttributes([.modificationDate: old], ofItemAtPath: file.path)
        let result = try box.chronik(["validate"], in: store)
        #expect(result.status == 1)
        #expect(result.stdout == "glossary/reallabor.md:3:12: See also (see_also), item 1: refers to `smart-citx`, but there is no entry glossary/smart-citx.md\n", "\(result)")
        #expect(try validateAll(box, store) == (try validateCold(box, store)))
    }

    @Test func aCorruptOrUnwritableCacheIsIgnored() throws {
        let box = try Sandbox()
        let store = try storeWithReferences(box)
        try breakThings(box, store)
        let expected = try validateCold(box, store)
        let cache = store.appendingPathComponent(cacheFile)
        for garbage in ["", "chronik-validation-cache 2\nabc\n", "chronik-validation-cache 2\nx\ty\tq\tr\n",
                        "chronik-validation-cache 1\nabc\tdef\n", "\u{FF}\u{00}binary"] {
            try box.write(garbage, to: cacheFile, in: store)
            #expect(try validateAll(box, store) == expected, "cache: \(garbage)")
            let rewritten = try String(contentsOf: cache, encoding: .utf8)
            #expect(rewritten.hasPrefix("chronik-validation-cache 3\n"))
        }
        // A record claiming that an invalid entry is valid is never written; the file is still read safely when
        // it is truncated in the middle of a line.
        let full = try Data(contentsOf: cache)
        try full.prefix(full.count / 2).write(to: cache)
        #expect(try validateAll(box, store) == expected)
        // .git/chronik is a file: nothing can be written, validation works all the same.
        try FileManager.default.removeItem(at: store.appendingPathComponent(".git/chronik"))
        try Data("not a folder".utf8).write(to: store.appendingPathComponent(".git/chronik"))
        #expect(try validateAll(box, store) == expected)
        try FileManager.default.removeItem(at: store.appendingPathComponent(".git/chronik"))
        try box.expectFsckClean(store)
    }
}
