import Foundation
import Testing

// Attachments in every output (issue 17, attach17b): the changelog (Markdown, HTML, JSON, Atom; German and English)
// and `chronik diff` (text, --stat, Markdown, HTML, JSON) name an entry's attachment changes under the entry, and an
// entry whose only change is its attachments is `modified` in status, log, diff and changelog alike (the one change
// model).

@Suite("attachments in every output (issue 17)")
struct AttachmentOutputTests {
    /// v1: `kiez` with `alt.csv`, `block` with `plan.pdf` (512 bytes). v2, with no entry file changed: `alt.csv`
    /// removed, `karte.png` added (3000 bytes), `plan.pdf` grown to 1.5 MiB; and a new entry `wache` with `foto.jpg`.
    /// Tagged `v1` and `v2` (annotated, fixed dates). Returns the store and its v2 changes not yet committed when
    /// `commitSecond` is false.
    func store(_ box: Sandbox, commitSecond: Bool = true) throws -> URL {
        let store = try box.makeStore()
        try box.write("---\nterm: Kiez\n---\nEin Stadtteil.\n", to: "glossary/kiez.md", in: store)
        try box.write(Data("Zahl;Wert\n1;2\n".utf8), to: "glossary/kiez/alt.csv", in: store)
        try box.write("---\nterm: Block\n---\nEin Häuserblock, siehe ![Plan](block/plan.pdf).\n", to: "glossary/block.md", in: store)
        try box.write(Data((0..<512).map { UInt8(truncatingIfNeeded: $0 &* 7) }), to: "glossary/block/plan.pdf", in: store)
        try box.commit(store, "Glossar mit Anhängen", date: "2022-03-01T10:00:00+01:00")
        try #require(try box.git(["tag", "-a", "v1", "-m", "Entwurf"], in: store).status == 0)
        try FileManager.default.removeItem(at: store.appendingPathComponent("glossary/kiez/alt.csv"))
        try box.write(Data((0..<3000).map { UInt8(truncatingIfNeeded: $0 &* 13) }), to: "glossary/kiez/karte.png", in: store)
        try box.write(Data((0..<1_572_864).map { UInt8(truncatingIfNeeded: $0 &* 7) }), to: "glossary/block/plan.pdf", in: store)
        try box.write("---\nterm: Wache\n---\nEine Feuerwache.\n", to: "glossary/wache.md", in: store)
        try box.write(Data((0..<100).map { UInt8($0) }), to: "glossary/wache/foto.jpg", in: store)
        guard commitSecond else { return store }
        try box.commit(store, "Anhänge geändert", date: "2022-03-02T10:00:00+01:00")
        try #require(try box.git(["tag", "-a", "v2", "-m", "Beschluss"], in: store).status == 0)
        return store
    }

    func run(_ box: Sandbox, _ store: URL, _ arguments: [String], sourceLocation: SourceLocation = #_sourceLocation) throws -> String {
        let result = try box.chronik(arguments, in: store)
        #expect(result.status == 0 && result.stderr.isEmpty, "chronik \(arguments): \(result)", sourceLocation: sourceLocation)
        return result.stdout
    }

    func json(_ text: String) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
    }

    /// Golden files of the changelog and the diff in every format, both languages for the labels.
    @Test func goldenFiles() throws {
        let box = try Sandbox()
        let store = try store(box)
        let masked = try box.releaseIDMasker(in: store)
        for (arguments, name) in [(["--lang", "en"], "diff-attachments.txt"), (["--stat", "--lang", "en"], "diff-attachments.stat.txt"),
                                  (["--stat", "--lang", "de"], "diff-attachments-de.stat.txt"),
                                  (["--format", "markdown"], "diff-attachments.md"), (["--format", "markdown", "--lang", "en"], "diff-attachments-en.md"),
                                  (["--format", "html", "--lang", "en"], "diff-attachments.html"), (["--format", "json"], "diff-attachments.json")] {
            try assertSnapshot(masked(try run(box, store, ["diff", "v1", "v2"] + arguments)), named: name)
        }
        for (arguments, name) in [(["--format", "markdown", "--lang", "de"], "changelog-attachments.md"),
                                  (["--format", "markdown", "--lang", "en", "--by", "commit"], "changelog-attachments-commits-en.md"),
                                  (["--format", "html", "--lang", "en"], "changelog-attachments.html"),
                                  (["--format", "html", "--lang", "de"], "changelog-attachments-de.html"),
                                  (["--format", "json"], "changelog-attachments.json"),
                                  (["--format", "atom", "--lang", "en"], "changelog-attachments.atom")] {
            try assertSnapshot(masked(try run(box, store, ["changelog"] + arguments)), named: name)
        }
        // A warm run (from the record and rendering caches) gives the same as a cold one.
        let cold = try run(box, store, ["changelog", "--format", "markdown", "--no-cache"])
        #expect(try run(box, store, ["changelog", "--format", "markdown"]) == cold)
        #expect(try run(box, store, ["changelog", "--format", "markdown"]) == cold)
        try box.expectFsckClean(store)
    }

    /// status (before the commit), log, diff --stat and the changelog's JSON name the same entries with the same kind
    /// when the only change of two of them is their attachments.
    @Test func everyCommandAgreesOnTheEntriesChanged() throws {
        let box = try Sandbox()
        let store = try store(box, commitSecond: false)
        let expected = ["glossary/block": "modified", "glossary/kiez": "modified", "glossary/wache": "added"]
        func name(_ entry: Any?) -> String? {
            guard let e = entry as? [String: Any], let c = e["collection"] as? String, let i = e["id"] as? String else { return nil }
            return "\(c)/\(i)"
        }
        func kinds(_ entries: [[String: Any]]?) -> [String: String] {
            var out: [String: String] = [:]
            for e in entries ?? [] { if let n = name(e["entry"]), let k = e["kind"] as? String { out[n] = k } }
            return out
        }
        let status = try json(try run(box, store, ["status", "--format", "json"]))
        #expect(kinds(status["entries"] as? [[String: Any]]) == expected, "\(status)")
        let workingStat = try json(try run(box, store, ["diff", "--stat", "--format", "json"]))
        var statKinds: [String: String] = [:]
        for row in workingStat["rows"] as? [[String: Any]] ?? [] { if let e = name(row["entry"]), let k = row["kind"] as? String { statKinds[e] = k } }
        #expect(statKinds == expected, "\(workingStat)")

        try box.commit(store, "Anhänge geändert", date: "2022-03-02T10:00:00+01:00")
        let log = try run(box, store, ["log", "--format", "json", "--limit", "1"])
        let logObject = try json(log)
        let versions = try #require(logObject["versions"] as? [[String: Any]], "\(log)")
        #expect(kinds(versions.first?["changes"] as? [[String: Any]]) == expected, "\(log)")
        let stat = try json(try run(box, store, ["diff", "HEAD~1", "HEAD", "--stat", "--format", "json"]))
        statKinds = [:]
        for row in stat["rows"] as? [[String: Any]] ?? [] {
            if let e = name(row["entry"]), let k = row["kind"] as? String { statKinds[e] = k }
            if name(row["entry"]) == "glossary/kiez" { #expect(row["attachments"] as? Int == 2, "\(row)") }
        }
        #expect(statKinds == expected, "\(stat)")
        let changelog = try json(try run(box, store, ["changelog", "--format", "json", "--by", "commit"]))
        let newest = try #require((changelog["groups"] as? [[String: Any]])?.first)
        let records = (newest["changes"] as? [String: Any])?["entries"] as? [[String: Any]]
        #expect(kinds(records) == expected, "\(newest)")
        let kiez = records?.first { name($0["entry"]) == "glossary/kiez" }
        let attachments = kiez?["attachments"] as? [[String: Any]]
        #expect(attachments?.map { $0["name"] as? String } == ["alt.csv", "karte.png"], "\(String(describing: kiez))")
        #expect(attachments?.map { $0["kind"] as? String } == ["removed", "added"])
        // The title of an entry with only attachment changes is read from its unchanged file.
        #expect(kiez?["title"] as? String == "Kiez")
        try box.expectFsckClean(store)
    }

    /// The published site's entry page and changelog name the attachment changes in the entry's history (the
    /// store's language, German here).
    @Test func theSiteNamesThem() throws {
        let box = try Sandbox()
        let store = try store(box)
        let site = box.url("site")
        _ = try run(box, store, ["publish", "-o", site.path])
        let page = try String(contentsOf: site.appendingPathComponent("glossary/kiez/index.html"), encoding: .utf8)
        #expect(page.contains("<li>Anhang entfernt: alt.csv</li>\n<li>Anhang hinzugefügt: karte.png (3 KB)</li>"), "\(page)")
        #expect(page.contains("<li>Anhang hinzugefügt: alt.csv (14 Bytes)</li>"), "\(page)")
        try box.expectFsckClean(store)
    }

    /// An e-mail address in an attachment's name is redacted in public output, as everywhere.
    @Test func anEmailAddressInANameIsRedacted() throws {
        let box = try Sandbox()
        let store = try store(box, commitSecond: false)
        try box.write(Data("x".utf8), to: "glossary/kiez/brief-an-anna@example.org.txt", in: store)
        try box.commit(store, "Brief", date: "2022-03-02T10:00:00+01:00")
        for format in ["markdown", "html", "json", "atom"] {
            let out = try run(box, store, ["changelog", "--format", format])
            #expect(!out.contains("anna@example.org"), "\(format): \(out)")
            // The whole address-like name is redacted ("brief-an-anna@example.org.txt" reads as one address).
            #expect(out.contains("…"), "\(format): \(out)")
        }
        let page = try run(box, store, ["diff", "HEAD~1", "HEAD", "--public", "--format", "markdown"])
        #expect(!page.contains("anna@example.org") && page.contains("\\[…\\]"), "\(page)")
    }
}

/// A failed `chronik init` (a full disk after `.git` was made: a small tmpfs) removes only what it created, so that a
/// second run, with room again, works (issue 17).
@Suite("a failed init leaves nothing", .serialized, .enabled(if: canMountTmpfs, "needs to mount a tmpfs (root)"))
struct FailedInitTests {
    func system(_ executable: String, _ arguments: [String]) throws -> RunResult {
        try run(URL(fileURLWithPath: executable), arguments, in: FileManager.default.temporaryDirectory, environment: ["PATH": "/usr/bin:/bin"])
    }

    @Test(arguments: ["missing", "empty"])
    func fullDiskDuringInit(_ start: String) throws {
        let box = try Sandbox()
        let disk = box.url("disk")
        try FileManager.default.createDirectory(at: disk, withIntermediateDirectories: true)
        try #require(try system("/bin/mount", ["-t", "tmpfs", "-o", "size=1m", "tmpfs", disk.path]).status == 0)
        defer { _ = try? system("/bin/umount", [disk.path]) }
        let store = disk.appendingPathComponent("neu/store")
        if start == "empty" { try FileManager.default.createDirectory(at: store, withIntermediateDirectories: true) }
        // Room for the folders and `.git`'s first files, not for the store's objects: the filler takes all but
        // `initRoom` pages.
        _ = try system("/bin/dd", ["if=/dev/zero", "of=" + disk.appendingPathComponent("filler").path, "bs=4k", "count=\(256 - initRoom)"])
        let before = try FileManager.default.contentsOfDirectory(atPath: disk.path).sorted()

        let failed = try box.chronik(["init", store.path, "--author", Fixture.author, "--date", Fixture.date])
        #expect(failed.status != 0, "\(failed)")
        #expect(failed.stderr.hasPrefix("chronik: error: "), "\(failed)")
        #expect(try FileManager.default.contentsOfDirectory(atPath: disk.path).sorted() == before)
        if start == "empty" { #expect(try FileManager.default.contentsOfDirectory(atPath: store.path).isEmpty) }

        try FileManager.default.removeItem(at: disk.appendingPathComponent("filler"))
        let second = try box.chronik(["init", store.path, "--author", Fixture.author, "--date", Fixture.date])
        #expect(second.status == 0, "\(second)")
        try box.expectFsckClean(store)
    }
}

/// Pages of 4 KiB left free for `FailedInitTests`: enough for `.git` to be made, too few for the whole store.
private let initRoom = 6
