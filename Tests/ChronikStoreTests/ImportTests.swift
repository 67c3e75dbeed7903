import Foundation
import Testing
@testable import ChronikStore

/// The package root, found from this file.
private let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

@Suite("Snapshot import: reading, checking, embedded sample")
struct ImportTests {
    @Test func everyVersionOfTheSampleParses() throws {
        let snapshots = try SnapshotFolder.load(from: packageRoot.appendingPathComponent("Repository/versions"))
        #expect(snapshots.map(\.name) == ["01-strategischer-rahmen", "02-ambitionen", "03-aktionen", "04-strategieentwurf", "05-gemeinsam-digital"])
        let checked = try snapshots.checked(root: "Repository/versions")
        #expect(checked.map { $0.metadata?.tag?.name } == ["strategischer-rahmen", "ambitionen", "aktionen", "strategieentwurf", "gemeinsam-digital"])
        #expect(checked.map { $0.metadata?.date.iso8601 } == [
            "2021-11-15T10:00:00+01:00", "2022-03-01T09:00:00+01:00", "2022-04-30T09:00:00+02:00",
            "2022-06-16T09:00:00+02:00", "2022-11-15T10:00:00+01:00",
        ])
        for snapshot in snapshots {
            #expect(snapshot.readProblems.isEmpty)
            #expect(snapshot.files[StoreConfig.fileName] != nil)
            let entries = snapshot.files.keys.filter { !$0.hasPrefix("schemas/") && $0.hasSuffix(".md") }
            for path in entries {
                #expect(throws: Never.self, "\(snapshot.name)/\(path)") { try EntryDocument.parse(snapshot.files[path] ?? Data()) }
            }
        }
        #expect(snapshots.last.map { $0.files.keys.filter { $0.hasSuffix(".md") }.count } == 70)
    }

    /// Fails when `SampleBerlin.swift` is stale: run scripts/embed-resources.py.
    @Test func embeddedSampleMatchesRepositoryVersions() throws {
        let onDisk = try SnapshotFolder.load(from: packageRoot.appendingPathComponent("Repository/versions"))
        let embedded = SampleBerlin.snapshots
        #expect(embedded.map(\.name) == onDisk.map(\.name), "SampleBerlin.swift is stale: run scripts/embed-resources.py")
        for (disk, sample) in zip(onDisk, embedded) {
            #expect(Set(sample.files.keys) == Set(disk.files.keys), "\(disk.name): SampleBerlin.swift is stale: run scripts/embed-resources.py")
            for (path, data) in disk.files where sample.files[path] != data {
                Issue.record("\(disk.name)/\(path) differs from SampleBerlin.swift: run scripts/embed-resources.py")
            }
            #expect(sample.versionFile == disk.versionFile, "\(disk.name)/version.yml: SampleBerlin.swift is stale")
        }
    }

    /// Fails when `DefaultSchemas.swift` is stale: run scripts/embed-resources.py.
    @Test func embeddedSchemasMatchTheSchemasFolder() throws {
        let folder = packageRoot.appendingPathComponent("Schemas")
        let names = try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { $0.hasSuffix(".json") }
        #expect(Set(DefaultSchemas.files.keys) == Set(names), "DefaultSchemas.swift is stale: run scripts/embed-resources.py")
        for name in names {
            let text = try String(contentsOf: folder.appendingPathComponent(name), encoding: .utf8)
            #expect(DefaultSchemas.files[name] == text, "\(name) differs from DefaultSchemas.swift: run scripts/embed-resources.py")
        }
    }

    @Test func versionFileIsReadSafelyAndStrictly() throws {
        let good = try SnapshotMetadata.parse(Data("""
            date: 2022-03-01T09:00:00+01:00
            author: {name: Smart City Team, email: team@example.org}
            message: "Ambitionen: Kommentierung"
            tag: {name: ambitionen}

            """.utf8))
        #expect(good.date.iso8601 == "2022-03-01T09:00:00+01:00")
        #expect(good.signature.timeZoneOffsetMinutes == 60)
        #expect(good.tag == SnapshotTag(name: "ambitionen", message: nil, line: 4))

        func error(_ text: String) -> SnapshotMetadataError? {
            do {
                _ = try SnapshotMetadata.parse(Data(text.utf8))
                return nil
            } catch {
                return error
            }
        }
        let valid = "author: {name: A, email: a@example.org}\nmessage: m\n"
        #expect(error("date: 2022-13-01T09:00:00+01:00\n" + valid)?.line == 1)
        #expect(error("date: 2022-13-01T09:00:00+01:00\n" + valid)?.message.contains("is not an ISO 8601 date") == true)
        #expect(error(valid + "date: 2022-03-01\n")?.line == 3, "a day without time and offset is refused")
        #expect(error(valid + "date: 2022-03-01T09:00:00\n") != nil, "a time without offset is refused")
        #expect(error("date: 2022-03-01T09:00:00Z\n" + valid) == nil)
        #expect(error("date: 2022-03-01T09:00:00Z\n" + valid + "tags: x\n")?.message.contains("unknown key \"tags\"") == true)
        #expect(error("date: 2022-03-01T09:00:00Z\n" + valid + "tag: {name: a..b}\n")?.message.contains("invalid tag name") == true)
        #expect(error("date: 2022-03-01T09:00:00Z\nauthor: A <a@example.org>\nmessage: m\n")?.line == 2)
        #expect(error("date: 2022-03-01T09:00:00Z\n" + valid + "x: !!python/object:os.system ls\n") != nil)
    }

    @Test func tagNamesFollowGitsRules() {
        for name in ["ambitionen", "v1.0", "release/2022", "gemeinsam-digital"] { #expect(TagName.problem(with: name) == nil, "\(name)") }
        for name in ["", "-x", "a..b", "a b", "a~1", "a^", "a:b", "a?", "a*", "a[", "a\\b", "x.lock", ".x", "a/.b", "a/", "a.", "@", "a@{b", "a//b", "a\u{7}"] {
            #expect(TagName.problem(with: name) != nil, "\(name)")
        }
    }

    @Test func trailerRecordsTheSnapshot() {
        let message = SnapshotImporter.trailered("Ambitionen\n\nLonger text.\n\n", "02-ambitionen")
        #expect(message == "Ambitionen\n\nLonger text.\n\nChronik-Snapshot: 02-ambitionen\n")
        #expect(SnapshotImporter.snapshotNames(in: message) == ["02-ambitionen"])
        #expect(SnapshotImporter.snapshotNames(in: "Chronik-Snapshot: x\n\nbody\n").isEmpty, "only the last paragraph holds trailers")
    }

    @Test func checkNamesEveryBadFile() {
        let config = Data("title: T\ncollections:\n  glossary:\n".utf8)
        let snapshot = Snapshot(name: "01-a", files: [
            "chronik.yml": config,
            "glossary/ok.md": Data("---\nterm: A\n---\n".utf8),
            "glossary/bad.md": Data("---\nterm: [\n---\n".utf8),
            "glossary/Bad.md": Data("---\nterm: A\n---\n".utf8),
            "notes.txt": Data("x".utf8),
            "schemas/x.json": Data("{".utf8),
        ])
        let problems = snapshot.check().problems.map(\.description)
        #expect(problems.contains { $0.hasPrefix("01-a/glossary/bad.md:3:1: The front matter is not valid YAML") }, "\(problems)")
        #expect(problems.contains { $0.hasPrefix("01-a/glossary/Bad.md: invalid entry id") }, "\(problems)")
        #expect(problems.contains { $0.hasPrefix("01-a/notes.txt: not part of a chronik store") }, "\(problems)")
        #expect(problems.contains { $0.hasPrefix("01-a/schemas/x.json:1:2: not valid JSON") }, "\(problems)")
        #expect(problems.count == 4, "\(problems)")
        #expect(Snapshot(name: "02-b", files: [:]).check().problems.map(\.description)
            == ["02-b/chronik.yml: chronik.yml is missing (a snapshot is a complete store: chronik.yml, schemas/ and the entries)"])
    }
}
