import ChronikStore
import Foundation
import GitKit
import Testing
@testable import ChronikNotion

/// Imports into real stores: one version per import, exactly the changes on a re-import, nothing written on a refusal.
@Suite struct NotionImporterTests {
    let root = FileManager.default.temporaryDirectory.appendingPathComponent("chronik-notion-\(UUID().uuidString)")
    static let me = Signature(name: "Test Author", email: "test@example.org", date: Date(timeIntervalSince1970: 1_646_125_200), timeZoneOffsetMinutes: 60)

    func options(_ date: String = "2025-02-05") -> NotionImporter.Options {
        NotionImporter.Options(author: Self.me, committer: Self.me, exportDate: date)
    }

    func git(_ arguments: [String], in directory: URL) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/git")
        process.arguments = arguments
        process.currentDirectoryURL = directory
        process.environment = ["GIT_CONFIG_NOSYSTEM": "1", "HOME": root.path, "PATH": "/usr/bin:/bin"]
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        let text = String(decoding: data, as: UTF8.self)
        #expect(process.terminationStatus == 0, "git \(arguments): \(text)")
        return text
    }

    @Test func importThenReimportAChangedExport() throws {
        defer { try? FileManager.default.removeItem(at: root) }
        let store = root.appendingPathComponent("store")
        let first = try NotionImporter.run(ExportFixture.export(), into: store, options: options())
        #expect(first.createdStore && first.recordedVersion)
        #expect(try git(["log", "--format=%s"], in: store) == "Import from Notion, export of 2025-02-05\n")
        #expect(try git(["status", "--porcelain"], in: store).isEmpty)

        // The same export again: nothing new.
        let again = try NotionImporter.run(ExportFixture.export(), into: store, options: options())
        #expect(!again.recordedVersion && again.version == first.version)

        // In Notion: a title renamed, a value changed, a row deleted, a row added.
        var export = ExportFixture.export()
        export.databases[0].rows[0].title = "Team Smart City"
        export.databases[1].rows[2].properties["Status"] = .text("geplant")
        export.databases[1].rows.remove(at: 3)
        export.databases[0].rows.append(NotionPage(id: String(format: "%032x", 0xa0ff), title: "Neu", path: "Export/Prozessakteure/Neu.md",
                                                   properties: ["Art": .text("Person")], body: "Neu.\n"))
        let second = try NotionImporter.run(export, into: store, options: options("2025-03-01"))
        #expect(second.recordedVersion && !second.createdStore)
        let changes = try git(["diff", "--name-status", "HEAD~1", "HEAD"], in: store)
        #expect(changes == """
            A\tprozessakteure/neu.md
            M\tprozessakteure/smart-city-team.md
            M\tprozesstermine/forum-2.md
            D\tprozesstermine/forum-3.md

            """)
        #expect(try git(["log", "-1", "--format=%s"], in: store) == "Import from Notion, export of 2025-03-01\n")
        _ = try git(["fsck", "--full", "--no-progress"], in: store)
    }

    /// The version goes into the object database as packs (no loose objects), and the working tree and the index are
    /// checked out from it: every file of the version is there with the recorded bytes, and git sees no change.
    @Test func theVersionIsPackedThenCheckedOut() throws {
        defer { try? FileManager.default.removeItem(at: root) }
        let store = root.appendingPathComponent("store")
        var export = ExportFixture.export()
        _ = try NotionImporter.run(export, into: store, options: options())
        export.databases[1].rows.remove(at: 3)
        export.databases[0].rows[0].body = "Geändert.\n"
        let second = try NotionImporter.run(export, into: store, options: options("2025-03-01"))
        #expect(second.recordedVersion)

        let counts = try git(["count-objects", "-v"], in: store)
        #expect(counts.contains("count: 0\n") && !counts.contains("packs: 0\n"), "\(counts)")
        #expect(try git(["status", "--porcelain", "--untracked-files=all"], in: store).isEmpty)
        #expect(try Store(at: store).status().isClean)
        let recorded = try git(["ls-tree", "-r", "--name-only", "HEAD"], in: store).split(separator: "\n").map(String.init)
        #expect(try git(["ls-files"], in: store).split(separator: "\n").map(String.init) == recorded)
        let onDisk = (FileManager.default.enumerator(atPath: store.path)?.allObjects as? [String] ?? [])
            .filter { !$0.hasPrefix(".git") && !(((try? FileManager.default.attributesOfItem(atPath: store.appendingPathComponent($0).path))?[.type] as? FileAttributeType) == .typeDirectory) }
            .sorted()
        #expect(onDisk == recorded.sorted())
        for path in recorded {
            let blob = try git(["cat-file", "blob", "HEAD:" + path], in: store)
            #expect(try String(contentsOf: store.appendingPathComponent(path), encoding: .utf8) == blob, "\(path)")
        }
        #expect(!FileManager.default.fileExists(atPath: store.appendingPathComponent("prozesstermine/forum-3.md").path))
        _ = try git(["fsck", "--full", "--no-progress"], in: store)
    }

    @Test func nothingIsWrittenWhenTheVersionIsRefused() throws {
        defer { try? FileManager.default.removeItem(at: root) }
        let store = root.appendingPathComponent("store")
        // A row without a title: its entry breaks the schema (`minLength: 1`), so the version is refused.
        var export = ExportFixture.export()
        export.databases[1].rows[2].title = " "
        do {
            _ = try NotionImporter.run(export, into: store, options: options())
            Issue.record("an entry without a title was imported")
        } catch .importing(.invalidSnapshots(_, let problems)) {
            #expect(problems.map(\.file).contains { $0.hasSuffix("prozesstermine/page.md") }, "\(problems)")
        } catch {
            Issue.record("\(error)")
        }
        #expect(((try? FileManager.default.contentsOfDirectory(atPath: store.path)) ?? []).isEmpty)
    }

    @Test func aStoreWithOtherEntriesIsRefused() throws {
        defer { try? FileManager.default.removeItem(at: root) }
        let store = root.appendingPathComponent("store")
        _ = try NotionImporter.run(ExportFixture.export(), into: store, options: options())
        let head = try git(["rev-parse", "HEAD"], in: store)
        // An entry written in chronik, not in Notion.
        let text = "---\ntitle: Von Hand\n---\nText.\n"
        try Data(text.utf8).write(to: store.appendingPathComponent("pages/von-hand.md"))
        _ = try git(["add", "-A"], in: store)
        _ = try git(["-c", "user.name=T", "-c", "user.email=t@example.org", "commit", "-qm", "by hand"], in: store)
        do {
            _ = try NotionImporter.run(ExportFixture.export(), into: store, options: options())
            Issue.record("imported over an entry made by hand")
        } catch .foreignEntries(_, let entries) {
            #expect(entries == ["pages/von-hand"])
        } catch {
            Issue.record("\(error)")
        }
        #expect(try git(["rev-parse", "HEAD~1"], in: store) == head)
    }
}
