import Foundation
import Testing

/// The package root, found from this file.
let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
let sampleVersions = packageRoot.appendingPathComponent("Repository/versions")

/// `git log` of the imported sample: author, author date, committer, subject.
let expectedSampleLog = """
    Senatskanzlei Berlin <gemeinsam-digital@example.org>|2022-11-15T10:00:00+01:00|Senatskanzlei Berlin|Gemeinsam Digital: Berlin – finale Fassung zur Vorlage im Senat
    Smart City Team <smartcity-team@example.org>|2022-06-16T09:00:00+02:00|Smart City Team|Strategieentwurf zur Kommentierung auf mein.berlin.de (16. Juni – 6. Juli 2022)
    Smart City Team <smartcity-team@example.org>|2022-04-30T09:00:00+02:00|Smart City Team|Aktionen zur Kommentierung auf mein.berlin.de (30. April – 19. Mai 2022)
    Smart City Team <smartcity-team@example.org>|2022-03-01T09:00:00+01:00|Smart City Team|Ambitionen zur Kommentierung auf mein.berlin.de (1.–16. März 2022)
    Smart City Team <smartcity-team@example.org>|2021-11-15T10:00:00+01:00|Smart City Team|Strategischer Rahmen: erster Entwurf

    """

/// Each tag: name, type, tagger, tagger date, the subject of the commit it points at.
let expectedSampleTags = """
    aktionen tag Smart City Team 2022-04-30T09:00:00+02:00 Aktionen zur Kommentierung auf mein.berlin.de (30. April – 19. Mai 2022)
    ambitionen tag Smart City Team 2022-03-01T09:00:00+01:00 Ambitionen zur Kommentierung auf mein.berlin.de (1.–16. März 2022)
    gemeinsam-digital tag Senatskanzlei Berlin 2022-11-15T10:00:00+01:00 Gemeinsam Digital: Berlin – finale Fassung zur Vorlage im Senat
    strategieentwurf tag Smart City Team 2022-06-16T09:00:00+02:00 Strategieentwurf zur Kommentierung auf mein.berlin.de (16. Juni – 6. Juli 2022)
    strategischer-rahmen tag Smart City Team 2021-11-15T10:00:00+01:00 Strategischer Rahmen: erster Entwurf

    """

extension Sandbox {
    func gitLog(_ store: URL) throws -> String {
        try git(["log", "--format=%an <%ae>|%aI|%cn|%s"], in: store).stdout
    }

    func gitTags(_ store: URL) throws -> String {
        try git(["for-each-ref", "refs/tags", "--format=%(refname:short) %(objecttype) %(taggername) %(taggerdate:iso-strict) %(*subject)"], in: store).stdout
    }

    /// Copies some of the sample's snapshot folders into the sandbox; returns the new snapshots folder.
    func copySample(_ names: [String], to folder: String = "versions") throws -> URL {
        let target = url(folder)
        try FileManager.default.createDirectory(at: target, withIntermediateDirectories: true)
        for name in names {
            try FileManager.default.copyItem(at: sampleVersions.appendingPathComponent(name), to: target.appendingPathComponent(name))
        }
        return target
    }

    /// Expects chronik to refuse with exit 1 and a message containing every part.
    func expectRefusal(_ result: RunResult, _ parts: [String], sourceLocation: SourceLocation = #_sourceLocation) {
        #expect(result.status == 1, "\(result)", sourceLocation: sourceLocation)
        #expect(result.stdout.isEmpty, "\(result)", sourceLocation: sourceLocation)
        for part in parts {
            #expect(result.stderr.contains(part), "missing \"\(part)\" in \(result)", sourceLocation: sourceLocation)
        }
    }
}

@Suite("chronik import snapshots and init --sample, end to end")
struct ImportTests {
    @Test func importOfTheSampleGivesItsHistoryAndTags() throws {
        let box = try Sandbox()
        let store = box.url("berlin")
        let result = try box.chronik(["import", "snapshots", sampleVersions.path, "--store", store.path])
        #expect(result.status == 0, "\(result)")
        #expect(result.stderr.isEmpty)
        #expect(result.stdout.hasPrefix("Created a chronik store in \(store.path) from \(sampleVersions.path):\n  01-strategischer-rahmen  version "))
        #expect(result.stdout.hasSuffix(", tag gemeinsam-digital\nRecorded 5 versions and 5 tags.\n"))
        #expect(try box.gitLog(store) == expectedSampleLog)
        #expect(try box.gitTags(store) == expectedSampleTags)
        #expect(try box.git(["log", "-1", "--format=%B", "ambitionen"], in: store).stdout
            == "Ambitionen zur Kommentierung auf mein.berlin.de (1.–16. März 2022)\n\nChronik-Snapshot: 02-ambitionen\n\n")
        #expect(try box.git(["tag", "-l", "--format=%(contents)", "ambitionen"], in: store).stdout
            == "Ambitionen der Smart City-Strategie in der öffentlichen Kommentierung\n\n")
        // Each version holds exactly its snapshot (version.yml aside).
        let files = try box.git(["ls-tree", "-r", "--name-only", "strategieentwurf"], in: store).stdout.split(separator: "\n").map(String.init)
        let snapshotFiles = try FileManager.default.subpathsOfDirectory(atPath: sampleVersions.appendingPathComponent("04-strategieentwurf").path)
            .filter { path in !path.hasSuffix("version.yml") && !isDirectory(sampleVersions.appendingPathComponent("04-strategieentwurf/\(path)")) }
        #expect(files.sorted() == snapshotFiles.sorted())
        #expect(try box.git(["diff", "--quiet", "HEAD", "--", "."], in: store).status == 0)
        // chronik's log agrees with git's.
        let log = try box.chronik(["log", "--format", "json"], in: store)
        #expect(log.status == 0)
        #expect(log.stdout.components(separatedBy: "\"message\"").count == 6)
        #expect(try box.git(["status", "--porcelain", "--untracked-files=all"], in: store).stdout.isEmpty)
        try box.expectFsckClean(store)
    }

    @Test func aSecondImportAddsNothing() throws {
        let box = try Sandbox()
        let store = box.url("berlin")
        let first = try box.chronik(["import", "snapshots", sampleVersions.path, "--store", store.path])
        #expect(first.status == 0, "\(first)")
        let before = try box.state(of: store)
        let tagsBefore = try box.gitTags(store)
        // Without --store, from inside the store.
        let second = try box.chronik(["import", "snapshots", sampleVersions.path], in: store)
        #expect(second.status == 0, "\(second)")
        #expect(second.stdout.contains("  05-gemeinsam-digital     already imported as "))
        #expect(second.stdout.hasSuffix("Nothing to import: every snapshot is already in the history.\n"))
        #expect(try box.state(of: store) == before)
        #expect(try box.gitTags(store) == tagsBefore)
        try box.expectFsckClean(store)
    }

    @Test func aNewSnapshotIsAddedOnTop() throws {
        let box = try Sandbox()
        let versions = try box.copySample(["01-strategischer-rahmen", "02-ambitionen"])
        let store = box.url("store")
        #expect(try box.chronik(["import", "snapshots", versions.path, "--store", store.path]).status == 0)
        try FileManager.default.copyItem(at: sampleVersions.appendingPathComponent("03-aktionen"), to: versions.appendingPathComponent("03-aktionen"))
        let result = try box.chronik(["import", "snapshots", versions.path, "--store", store.path])
        #expect(result.status == 0, "\(result)")
        #expect(result.stdout.contains("  03-aktionen              version "))
        #expect(result.stdout.hasSuffix("Recorded 1 version and 1 tag.\n"))
        #expect(try box.git(["rev-list", "--count", "HEAD"], in: store).stdout == "3\n")
        try box.expectFsckClean(store)
    }

    /// Snapshot folders named with wide characters: the report's columns line up by terminal columns (the names were
    /// padded with Foundation's `padding(toLength:)`, which counts UTF-16 units and cuts).
    @Test func reportLinesUpWideFolderNames() throws {
        let box = try Sandbox()
        let versions = try box.copySample(["01-strategischer-rahmen"])
        try FileManager.default.copyItem(at: sampleVersions.appendingPathComponent("02-ambitionen"), to: versions.appendingPathComponent("02-北京-ambitionen"))
        let store = box.url("store")
        let result = try box.chronik(["import", "snapshots", versions.path, "--store", store.path])
        #expect(result.status == 0, "\(result)")
        let rows = result.stdout.split(separator: "\n").filter { $0.hasPrefix("  0") }
        #expect(rows.count == 2 && rows.contains { $0.hasPrefix("  02-北京-ambitionen  ") }, "\(result.stdout)")
        // Terminal columns before the outcome: one per character, two for each of the Chinese ones.
        func columns(_ row: Substring) -> Int {
            let name = row.prefix { $0 != "v" && $0 != "V" }
            return name.count + name.filter { $0 == "北" || $0 == "京" }.count
        }
        #expect(Set(rows.map(columns)).count == 1, "\(result.stdout)")
    }

    @Test func snapshotsWithoutVersionFileUseAuthorDateAndAGeneratedMessage() throws {
        let box = try Sandbox()
        let versions = box.url("drafts")
        // Two hand-kept drafts: the second removes an entry and adds one.
        for (name, ids) in [("entwurf-a", ["offene-daten", "kiez"]), ("entwurf-b", ["offene-daten", "resilienz"])] {
            try box.write("title: Drafts\ncollections:\n  glossary:\n", to: "\(name)/chronik.yml", in: versions)
            for id in ids { try box.write(entryText("term: \(id)"), to: "\(name)/glossary/\(id).md", in: versions) }
        }
        let store = box.url("store")
        let refused = try box.chronik(["import", "snapshots", versions.path, "--store", store.path])
        box.expectRefusal(refused, ["entwurf-a: has no version.yml, and no author was given", "nothing was written"])
        #expect(!FileManager.default.fileExists(atPath: store.path))

        let result = try box.chronik(["import", "snapshots", versions.path, "--store", store.path, "--author", Fixture.author, "--date", Fixture.date])
        #expect(result.status == 0, "\(result)")
        #expect(try box.gitLog(store) == """
            Test Author <test@example.org>|2022-03-01T10:00:00+01:00|Test Author|Import of snapshot entwurf-b
            Test Author <test@example.org>|2022-03-01T10:00:00+01:00|Test Author|Import of snapshot entwurf-a

            """)
        #expect(try box.git(["ls-files"], in: store).stdout == "chronik.yml\nglossary/offene-daten.md\nglossary/resilienz.md\n")
        #expect(!FileManager.default.fileExists(atPath: store.appendingPathComponent("glossary/kiez.md").path))
        #expect(try box.git(["status", "--porcelain", "--untracked-files=all"], in: store).stdout.isEmpty)
        let before = try box.state(of: store)
        let again = try box.chronik(["import", "snapshots", versions.path, "--store", store.path, "--author", Fixture.author])
        #expect(again.status == 0, "\(again)")
        #expect(try box.state(of: store) == before)
        try box.expectFsckClean(store)
    }

    @Test func anInvalidEntryStopsTheImportBeforeAnythingIsWritten() throws {
        let box = try Sandbox()
        let versions = try box.copySample(["01-strategischer-rahmen", "02-ambitionen"])
        try box.write("---\nterm: [kaputt\n---\nText.\n", to: "02-ambitionen/glossary/ambition.md", in: versions)
        let store = box.url("store")
        let result = try box.chronik(["import", "snapshots", versions.path, "--store", store.path])
        box.expectRefusal(result, ["1 problem in the snapshots; nothing was written:\n", "  \(versions.path)/02-ambitionen/glossary/ambition.md:3:1: The front matter is not valid YAML"])
        #expect(!FileManager.default.fileExists(atPath: store.path), "the store must not be created")

        // Into an existing store: nothing changes either.
        let existing = try box.makeStore("existing")
        let before = try box.state(of: existing)
        let again = try box.chronik(["import", "snapshots", versions.path, "--store", existing.path])
        box.expectRefusal(again, ["02-ambitionen/glossary/ambition.md:3:1: The front matter is not valid YAML"])
        #expect(try box.state(of: existing) == before)
        try box.expectFsckClean(existing)
    }

    @Test func aMissingFolderIsAClearError() throws {
        let box = try Sandbox()
        let store = box.url("store")
        let result = try box.chronik(["import", "snapshots", box.url("nirgends").path, "--store", store.path])
        box.expectRefusal(result, ["chronik: error: no such folder: \(box.url("nirgends").path)\n"])
        #expect(!FileManager.default.fileExists(atPath: store.path))
        let empty = box.url("leer")
        try FileManager.default.createDirectory(at: empty, withIntermediateDirectories: true)
        let none = try box.chronik(["import", "snapshots", empty.path, "--store", store.path])
        box.expectRefusal(none, ["holds no snapshot folders"])
        #expect(!FileManager.default.fileExists(atPath: store.path))
    }

    @Test func aBadDateInVersionFileNamesTheFileAndLine() throws {
        let box = try Sandbox()
        let versions = try box.copySample(["01-strategischer-rahmen", "02-ambitionen"])
        let file = versions.appendingPathComponent("02-ambitionen/version.yml")
        let text = try String(contentsOf: file, encoding: .utf8).replacingOccurrences(of: "2022-03-01T09:00:00+01:00", with: "2022-02-30T09:00:00+01:00")
        try text.write(to: file, atomically: true, encoding: .utf8)
        let store = box.url("store")
        let result = try box.chronik(["import", "snapshots", versions.path, "--store", store.path])
        box.expectRefusal(result, ["\(versions.path)/02-ambitionen/version.yml:1: date \"2022-02-30T09:00:00+01:00\" is not an ISO 8601 date"])
        #expect(!FileManager.default.fileExists(atPath: store.path))
    }

    @Test func twoSnapshotsWithTheSameTagAreRefused() throws {
        let box = try Sandbox()
        let versions = try box.copySample(["01-strategischer-rahmen", "02-ambitionen"])
        let file = versions.appendingPathComponent("02-ambitionen/version.yml")
        let text = try String(contentsOf: file, encoding: .utf8).replacingOccurrences(of: "{name: ambitionen,", with: "{name: strategischer-rahmen,")
        try text.write(to: file, atomically: true, encoding: .utf8)
        let existing = try box.makeStore("existing")
        let before = try box.state(of: existing)
        let result = try box.chronik(["import", "snapshots", versions.path, "--store", existing.path])
        box.expectRefusal(result, ["02-ambitionen/version.yml:4: tag \"strategischer-rahmen\" is already named by 01-strategischer-rahmen/version.yml"])
        #expect(try box.state(of: existing) == before)
        #expect(try box.gitTags(existing).isEmpty)
        try box.expectFsckClean(existing)
    }

    @Test func anExistingTagWithAnotherTargetIsRefused() throws {
        let box = try Sandbox()
        let versions = try box.copySample(["01-strategischer-rahmen"])
        let existing = try box.makeStore("existing")
        try box.git(["tag", "strategischer-rahmen"], in: existing)
        let before = try box.state(of: existing)
        let result = try box.chronik(["import", "snapshots", versions.path, "--store", existing.path])
        box.expectRefusal(result, ["01-strategischer-rahmen/version.yml:4: tag \"strategischer-rahmen\" already exists and points at "])
        #expect(try box.state(of: existing) == before)
        try box.expectFsckClean(existing)
    }

    @Test func uncommittedChangesAreNotOverwritten() throws {
        let box = try Sandbox()
        let existing = try box.makeStore("existing")
        try box.write(entryText("term: Entwurf"), to: "glossary/entwurf.md", in: existing)
        let before = try box.state(of: existing)
        let result = try box.chronik(["import", "snapshots", sampleVersions.path, "--store", existing.path])
        box.expectRefusal(result, ["has uncommitted changes"])
        #expect(try box.state(of: existing) == before)
    }

    @Test func rerunsRepairMissingTagsAndRefuseRewritingHistory() throws {
        let box = try Sandbox()
        let versions = try box.copySample(["01-strategischer-rahmen", "03-aktionen"])
        let store = box.url("store")
        #expect(try box.chronik(["import", "snapshots", versions.path, "--store", store.path]).status == 0)

        // A tag lost after its commit (an interrupted import) is created again; nothing else changes.
        try box.git(["tag", "-d", "aktionen"], in: store)
        let head = try box.git(["rev-parse", "HEAD"], in: store).stdout
        let repaired = try box.chronik(["import", "snapshots", versions.path, "--store", store.path])
        #expect(repaired.status == 0, "\(repaired)")
        #expect(repaired.stdout.hasSuffix("Recorded 0 versions and 1 tag.\n"))
        #expect(try box.git(["rev-parse", "aktionen^{commit}"], in: store).stdout == head)

        // A snapshot that sorts before an imported one cannot be recorded in order.
        try FileManager.default.copyItem(at: sampleVersions.appendingPathComponent("02-ambitionen"), to: versions.appendingPathComponent("02-ambitionen"))
        let before = try box.state(of: store)
        let outOfOrder = try box.chronik(["import", "snapshots", versions.path, "--store", store.path])
        box.expectRefusal(outOfOrder, ["02-ambitionen: is not in the history, but the later snapshot 03-aktionen is"])
        #expect(try box.state(of: store) == before)
        try FileManager.default.removeItem(at: versions.appendingPathComponent("02-ambitionen"))

        // An imported snapshot changed since: history is not rewritten.
        try box.write(entryText("term: Neu"), to: "01-strategischer-rahmen/glossary/neu.md", in: versions)
        let changed = try box.chronik(["import", "snapshots", versions.path, "--store", store.path])
        box.expectRefusal(changed, ["01-strategischer-rahmen: was imported as version ", "its files differ from that version now"])
        #expect(try box.state(of: store) == before)
        try box.expectFsckClean(store)
    }

    @Test func aSnapshotEqualToItsPredecessorGetsNoVersionButKeepsItsTag() throws {
        let box = try Sandbox()
        let versions = try box.copySample(["01-strategischer-rahmen"])
        let copy = versions.appendingPathComponent("02-nochmal")
        try FileManager.default.copyItem(at: versions.appendingPathComponent("01-strategischer-rahmen"), to: copy)
        try box.write("date: 2021-12-01T10:00:00+01:00\nauthor: {name: A, email: a@example.org}\nmessage: Nochmal\ntag: {name: nochmal}\n",
                      to: "version.yml", in: copy)
        let store = box.url("store")
        let result = try box.chronik(["import", "snapshots", versions.path, "--store", store.path])
        #expect(result.status == 0, "\(result)")
        #expect(result.stdout.contains("  02-nochmal               same as the version before ("))
        #expect(try box.git(["rev-list", "--count", "HEAD"], in: store).stdout == "1\n")
        #expect(try box.git(["rev-parse", "nochmal^{commit}"], in: store).stdout == box.git(["rev-parse", "HEAD"], in: store).stdout)
        let before = try box.state(of: store)
        let again = try box.chronik(["import", "snapshots", versions.path, "--store", store.path])
        #expect(again.status == 0, "\(again)")
        #expect(again.stdout.hasSuffix("Nothing to import: every snapshot is already in the history.\n"))
        #expect(try box.state(of: store) == before)
        try box.expectFsckClean(store)
    }

    @Test func initWithTheSampleHoldsItsFullHistory() throws {
        let box = try Sandbox()
        let store = box.url("berlin")
        let result = try box.chronik(["init", "--sample", "berlin", store.path])
        #expect(result.status == 0, "\(result)")
        #expect(result.stdout == "Created a chronik store in \(store.path) with the berlin sample: 5 versions, tags strategischer-rahmen, ambitionen, aktionen, strategieentwurf, gemeinsam-digital (branch main)\n")
        #expect(try box.gitLog(store) == expectedSampleLog)
        #expect(try box.gitTags(store) == expectedSampleTags)
        // The embedded sample and the folder give the same commits: the import is reproducible.
        let imported = box.url("imported")
        #expect(try box.chronik(["import", "snapshots", sampleVersions.path, "--store", imported.path]).status == 0)
        #expect(try box.git(["rev-parse", "HEAD"], in: store).stdout == box.git(["rev-parse", "HEAD"], in: imported).stdout)
        #expect(try box.git(["status", "--porcelain", "--untracked-files=all"], in: store).stdout.isEmpty)
        let again = try box.chronik(["init", "--sample", "berlin", store.path])
        #expect(again.stdout == "\(store.path) is already a chronik store; nothing to do\n")
        let mixed = try box.chronik(["init", "--sample", "berlin", box.url("x").path, "--title", "T"])
        #expect(mixed.status == 2)
        let unknown = try box.chronik(["init", "--sample", "paris", box.url("x").path])
        #expect(unknown.status == 2)
        #expect(!FileManager.default.fileExists(atPath: box.url("x").path))
        try box.expectFsckClean(store)
        try box.expectFsckClean(imported)
    }
}

private func isDirectory(_ url: URL) -> Bool {
    (try? url.resourceValues(forKeys: [.isDirectoryKey]).isDirectory) == true
}
