import Foundation
import Testing

// Attachments of entries (issue 17): `<collection>/<id>/<file>` beside the entry. Each gate rule is one finding of
// `chronik validate` and a refusal of `chronik commit` that writes nothing (byte for byte); changes are reported as
// part of their entry and agree with `git diff --name-status`; `chronik mv` takes the folder along.

/// Bytes that are not text: every byte value, so that nothing treats an attachment as UTF-8.
private let binaryBytes = Data((0..<512).map { UInt8(truncatingIfNeeded: $0 &* 7) })

/// One change to the base store (below) that the gate must refuse, with the one file its finding names.
struct AttachmentGateCase: CustomStringConvertible, Sendable {
    var name: String
    /// Files to write (path → bytes), before the change: committed first (e.g. limits in chronik.yml).
    var setup: [String: Data] = [:]
    var writes: [String: Data] = [:]
    var removes: [String] = []
    /// A symbolic link (path → target) or a FIFO (path → nil) to make.
    var links: [String: String] = [:]
    var fifos: [String] = []
    /// The file the one finding names, and a part of its English message.
    var file: String
    var says: String

    var description: String { name }

    static let all: [AttachmentGateCase] = {
        func limits(file: Int, total: Int) -> Data {
            Data("title: Test-Speicher\nlanguage: de\ncollections:\n  glossary:\n    schema: schemas/glossary.schema.json\n    title_field: term\nattachments:\n  max_file_bytes: \(file)\n  max_total_bytes: \(total)\n".utf8)
        }
        return [
            AttachmentGateCase(name: "orphan-folder", writes: ["glossary/fehlt/karte.pdf": binaryBytes],
                               file: "glossary/fehlt/", says: "there is no glossary/fehlt.md"),
            AttachmentGateCase(name: "entry-removed-attachments-left", removes: ["glossary/block.md"],
                               file: "glossary/block/", says: "there is no glossary/block.md"),
            AttachmentGateCase(name: "hidden-name", writes: ["glossary/kiez/.geheim": binaryBytes],
                               file: "glossary/kiez/.geheim", says: "hidden files"),
            AttachmentGateCase(name: "control-character", writes: ["glossary/kiez/a\u{7}b.pdf": binaryBytes],
                               file: "glossary/kiez/a\u{7}b.pdf", says: "U+0007"),
            AttachmentGateCase(name: "markdown-in-disguise", writes: ["glossary/kiez/notiz.md": Data("---\nterm: x\n---\n".utf8)],
                               file: "glossary/kiez/notiz.md", says: "entries live directly in their collection folder"),
            AttachmentGateCase(name: "windows-character", writes: ["glossary/kiez/karte:1.pdf": binaryBytes],
                               file: "glossary/kiez/karte:1.pdf", says: "not allowed on Windows"),
            AttachmentGateCase(name: "subfolder", writes: ["glossary/kiez/unter/karte.pdf": binaryBytes],
                               file: "glossary/kiez/unter/karte.pdf", says: "not in subfolders"),
            AttachmentGateCase(name: "symbolic-link", links: ["glossary/kiez/link.pdf": "../kiez.md"],
                               file: "glossary/kiez/link.pdf", says: "symbolic link"),
            AttachmentGateCase(name: "file-too-large", setup: ["chronik.yml": limits(file: 10, total: 10_000)], writes: ["glossary/kiez/gross.pdf": Data(count: 11)],
                               file: "glossary/kiez/gross.pdf", says: "at most 10 bytes"),
            AttachmentGateCase(name: "store-too-large", setup: ["chronik.yml": limits(file: 10, total: 15)],
                               writes: ["glossary/kiez/a.pdf": Data(count: 8), "glossary/kiez/b.pdf": Data(count: 8)],
                               file: "glossary/kiez/a.pdf", says: "528 bytes together; at most 15"),
            AttachmentGateCase(name: "broken-link", writes: ["glossary/kiez.md": Data("---\nterm: Kiez\n---\nSiehe [Karte](kiez/fehlt%20noch.pdf).\n".utf8)],
                               file: "glossary/kiez.md", says: "links to the attachment kiez/fehlt noch.pdf, which does not exist (expected at glossary/kiez/fehlt noch.pdf)"),
            AttachmentGateCase(name: "linked-attachment-removed", removes: ["glossary/block/plan.pdf"],
                               file: "glossary/block.md", says: "links to the attachment block/plan.pdf"),
        ]
    }()
}

@Suite("attachments of entries (issue 17)")
struct AttachmentTests {
    /// A store whose version holds two glossary entries; `block` has an attachment its body links to.
    func baseStore(_ box: Sandbox) throws -> URL {
        let store = try box.makeStore()
        try box.write("---\nterm: Kiez\n---\nEin Stadtteil.\n", to: "glossary/kiez.md", in: store)
        try box.write("---\nterm: Block\n---\nEin Häuserblock, siehe ![Plan](block/plan.pdf).\n", to: "glossary/block.md", in: store)
        try box.write(binaryBytes, to: "glossary/block/plan.pdf", in: store)
        try box.commit(store, "Glossar mit Anhang")
        return store
    }

    @Test func validAttachmentsAreCommittedAndListed() throws {
        let box = try Sandbox()
        let store = try baseStore(box)
        #expect(try box.git(["ls-files"], in: store).stdout.contains("glossary/block/plan.pdf"))
        try box.write(binaryBytes + Data([1, 2, 3]), to: "glossary/block/plan.pdf", in: store)
        try box.write(Data("Zahl;Wert\n1;2\n".utf8), to: "glossary/kiez/tabelle (2022).csv", in: store)
        try box.write("---\nterm: Kiez\n---\nEin Stadtteil ([Tabelle](kiez/tabelle%20(2022).csv)).\n", to: "glossary/kiez.md", in: store)
        #expect(try box.chronik(["validate"], in: store).status == 0)

        let status = try box.chronik(["status", "--lang", "en"], in: store)
        #expect(status.status == 0, "\(status)")
        #expect(status.stdout.contains("attachment added: tabelle (2022).csv (14 bytes)"), "\(status)")
        #expect(status.stdout.contains("attachment modified: plan.pdf (512 → 515 bytes)"), "\(status)")
        let json = try box.chronik(["status", "--format", "json"], in: store)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])
        let entries = try #require(object["entries"] as? [[String: Any]])
        let block = try #require(entries.first { ($0["entry"] as? [String: Any])?["id"] as? String == "block" })
        #expect(block["kind"] as? String == "modified")
        let attachments = try #require(block["attachments"] as? [[String: Any]])
        #expect(attachments.count == 1)
        #expect(attachments.first?["name"] as? String == "plan.pdf")
        #expect(attachments.first?["oldSize"] as? Int == 512 && attachments.first?["newSize"] as? Int == 515)
        // diff names them too: in text, after the entries, and in JSON under the entry.
        let diffText = try box.chronik(["diff", "--lang", "en"], in: store)
        #expect(diffText.status == 0, "\(diffText)")
        #expect(diffText.stdout.contains("Attachments:\n  glossary/block\n    attachment modified: plan.pdf (512 → 515 bytes)\n"), "\(diffText)")
        #expect(diffText.stdout.contains("  glossary/kiez\n    attachment added: tabelle (2022).csv (14 bytes)\n"), "\(diffText)")
        let diffJSON = try box.chronik(["diff", "--format", "json"], in: store)
        let lists = try #require(try JSONSerialization.jsonObject(with: Data(diffJSON.stdout.utf8)) as? [String: Any])["attachments"] as? [[String: Any]]
        #expect(lists?.count == 2, "\(diffJSON)")
        #expect((lists?.first?["entry"] as? [String: Any])?["id"] as? String == "block")
        try box.commit(store, "Anhänge geändert", date: "2022-03-02T10:00:00+01:00")
        let committed = try box.chronik(["diff", "HEAD~1", "HEAD", "--format", "json"], in: store)
        let committedObject = try JSONSerialization.jsonObject(with: Data(committed.stdout.utf8)) as? [String: Any]
        #expect((committedObject?["attachments"] as? [[String: Any]])?.count == 2, "\(committed)")
        #expect(try box.git(["status", "--porcelain"], in: store).stdout.isEmpty)
        try box.expectFsckClean(store)
    }

    @Test(arguments: AttachmentGateCase.all)
    func gateRefusesWithOneFinding(_ rule: AttachmentGateCase) throws {
        let box = try Sandbox()
        let store = try baseStore(box)
        if !rule.setup.isEmpty {
            for (path, data) in rule.setup { try box.write(data, to: path, in: store) }
            try box.commit(store, "Grenzen", date: "2022-03-02T10:00:00+01:00")
        }
        for (path, data) in rule.writes { try box.write(data, to: path, in: store) }
        for path in rule.removes { try FileManager.default.removeItem(at: store.appendingPathComponent(path)) }
        for (path, target) in rule.links {
            try FileManager.default.createDirectory(at: store.appendingPathComponent(path).deletingLastPathComponent(), withIntermediateDirectories: true)
            try FileManager.default.createSymbolicLink(atPath: store.appendingPathComponent(path).path, withDestinationPath: target)
        }
        for path in rule.fifos {
            try FileManager.default.createDirectory(at: store.appendingPathComponent(path).deletingLastPathComponent(), withIntermediateDirectories: true)
            #expect(mkfifo(store.appendingPathComponent(path).path, 0o644) == 0)
        }

        let validate = try box.chronik(["validate", "--lang", "en", "--format", "json"], in: store)
        #expect(validate.status == 1, "\(validate)")
        let object = try #require(try JSONSerialization.jsonObject(with: Data(validate.stdout.utf8)) as? [String: Any], "\(validate)")
        let problems = try #require(object["problems"] as? [[String: Any]])
        #expect(problems.count == 1, "\(validate)")
        #expect(problems.first?["file"] as? String == rule.file, "\(validate)")
        #expect((problems.first?["message"] as? String)?.contains(rule.says) == true, "\(validate)")

        let before = try box.state(of: store)
        let commit = try box.chronik(["commit", "-m", "Anhang", "--lang", "en", "--author", Fixture.author, "--date", Fixture.date], in: store)
        #expect(commit.status == 1, "\(commit)")
        #expect(try box.state(of: store) == before, "the refused commit changed the store")
        // German text for the findings the catalog words.
        let german = try box.chronik(["validate", "--lang", "de"], in: store)
        #expect(german.status == 1)
        #expect(!german.stdout.contains("which does not exist") && !german.stdout.contains("that does not exist"), "\(german)")
        for path in rule.fifos { try FileManager.default.removeItem(at: store.appendingPathComponent(path)) }
    }

    /// The collector's attachment changes of each version agree with git's own `--name-status` (the oracle).
    @Test func changesAgreeWithGit() throws {
        let box = try Sandbox()
        let store = try baseStore(box)
        try box.write(Data("neu".utf8), to: "glossary/kiez/neu.txt", in: store)
        try box.write(Data(binaryBytes.reversed()), to: "glossary/block/plan.pdf", in: store)
        try box.write(Data("b".utf8), to: "glossary/block/zwei.txt", in: store)
        try box.commit(store, "zwei", date: "2022-03-02T10:00:00+01:00")
        try FileManager.default.removeItem(at: store.appendingPathComponent("glossary/block/zwei.txt"))
        try box.write(Data("neuer".utf8), to: "glossary/kiez/neu.txt", in: store)
        try box.commit(store, "drei", date: "2022-03-03T10:00:00+01:00")

        let log = try box.chronik(["log", "--format", "json"], in: store)
        #expect(log.status == 0, "\(log)")
        // The JSON contract's document (issue 18): `{"chronik": 1, "versions": [...]}`.
        let document = try JSONSerialization.jsonObject(with: Data(log.stdout.utf8)) as? [String: Any]
        let versions = try #require(document?["versions"] as? [[String: Any]], "\(log)")
        for (k, version) in versions.prefix(2).enumerated() {
            let git = try box.git(["diff", "--name-status", "-M", "HEAD~\(k + 1)", "HEAD~\(k)"], in: store)
            var expected = Set<String>()
            for line in git.stdout.split(separator: "\n") {
                let parts = line.split(separator: "\t").map(String.init)
                guard parts.count == 2, parts[1].split(separator: "/").count == 3 else { continue }
                let kind = ["A": "added", "M": "modified", "D": "removed"][parts[0]] ?? parts[0]
                expected.insert("\(kind) \(parts[1])")
            }
            var found = Set<String>()
            for entry in version["changes"] as? [[String: Any]] ?? [] {
                let id = entry["entry"] as? [String: Any]
                for a in entry["attachments"] as? [[String: Any]] ?? [] {
                    found.insert("\(a["kind"] as? String ?? "?") \(id?["collection"] as? String ?? "")/\(id?["id"] as? String ?? "")/\(a["name"] as? String ?? "")")
                }
            }
            #expect(found == expected, "version \(k): chronik \(found), git \(expected)\n\(log.stdout)")
            #expect(!expected.isEmpty)
        }
        try box.expectFsckClean(store)
    }

    /// `diff --format patch` of binary attachments is a `GIT binary patch` that `git apply --binary` takes: applied to
    /// the older version it gives exactly the newer version's tree (git is the oracle).
    @Test func binaryPatchAppliesWithGit() throws {
        let box = try Sandbox()
        let store = try baseStore(box)
        try box.write(Data(binaryBytes.reversed()) + Data(count: 70_000), to: "glossary/block/plan.pdf", in: store)
        try box.write(Data([0, 1, 2, 255]), to: "glossary/kiez/bild.png", in: store)
        try box.write(Data(), to: "glossary/kiez/leer.bin", in: store)
        try box.write("---\nterm: Kiez\n---\nEin Stadtteil ![Bild](kiez/bild.png).\n", to: "glossary/kiez.md", in: store)
        try box.commit(store, "Binäres", date: "2022-03-02T10:00:00+01:00")
        try FileManager.default.removeItem(at: store.appendingPathComponent("glossary/block/plan.pdf"))
        try box.write("---\nterm: Block\n---\nEin Häuserblock.\n", to: "glossary/block.md", in: store)
        try box.commit(store, "Plan entfernt", date: "2022-03-03T10:00:00+01:00")

        for (from, to) in [("HEAD~2", "HEAD~1"), ("HEAD~1", "HEAD"), ("HEAD~2", "HEAD"), ("HEAD", "HEAD~2")] {
            let patch = try box.chronik(["diff", from, to, "--format", "patch"], in: store)
            #expect(patch.status == 0, "\(patch)")
            #expect(patch.stdout.contains("GIT binary patch"), "\(patch.stdout.prefix(2000))")
            #expect(patch.stderr.isEmpty, "binary files are patched, no warning: \(patch.stderr)")
            let old = box.url("old-\(from)-\(to)".replacingOccurrences(of: "~", with: ""))
            #expect(try box.git(["worktree", "add", "-q", "--detach", old.path, from], in: store).status == 0)
            let file = box.url("p.patch")
            try Data(patch.stdout.utf8).write(to: file)
            let applied = try box.git(["apply", "--binary", "--index", file.path], in: old)
            #expect(applied.status == 0, "\(applied)")
            let tree = try box.git(["write-tree"], in: old).stdout
            let expected = try box.git(["rev-parse", to + "^{tree}"], in: store).stdout
            #expect(tree == expected, "\(from)..\(to): the applied patch gives another tree")
            #expect(try box.git(["worktree", "remove", "--force", old.path], in: store).status == 0)
        }
        try box.expectFsckClean(store)
    }

    /// `chronik publish` copies attachments beside the entry page, where the body's links find them.
    @Test func publishedLinksResolve() throws {
        let box = try Sandbox()
        let store = try baseStore(box)
        let site = box.url("site")
        let publish = try box.chronik(["publish", "-o", site.path], in: store)
        #expect(publish.status == 0, "\(publish)")
        let page = site.appendingPathComponent("glossary/block/index.html")
        let html = try String(contentsOf: page, encoding: .utf8)
        // Every src/href of the page that names the attachment resolves, from the page's folder, to its bytes.
        var found = 0
        for attribute in ["src=\"", "href=\""] {
            for part in html.components(separatedBy: attribute).dropFirst() {
                guard let target = part.split(separator: "\"", maxSplits: 1).first, target.hasSuffix("plan.pdf") else { continue }
                let file = page.deletingLastPathComponent().appendingPathComponent(String(target).removingPercentEncoding ?? String(target))
                #expect(try Data(contentsOf: file) == binaryBytes, "\(target)")
                found += 1
            }
        }
        #expect(found >= 1, "no link to the attachment in \(page.path)")
    }

    /// `chronik mv` moves the attachment folder with the entry; the link in the body is the author's to follow.
    @Test func moveTakesTheFolder() throws {
        let box = try Sandbox()
        let store = try baseStore(box)
        // Enough words that the renamed entry is still found similar (a two-word body with one link changed is not).
        try box.write("---\nterm: Block\n---\nEin Häuserblock ist eine Gruppe von Häusern zwischen vier Straßen, in Berlin oft mit Hinterhöfen und Seitenflügeln; siehe ![Plan](block/plan.pdf).\n", to: "glossary/block.md", in: store)
        try box.commit(store, "länger", date: "2022-03-02T10:00:00+01:00")
        let mv = try box.chronik(["mv", "glossary/block", "glossary/wohnblock"], in: store)
        #expect(mv.status == 0, "\(mv)")
        #expect(FileManager.default.fileExists(atPath: store.appendingPathComponent("glossary/wohnblock/plan.pdf").path))
        #expect(!FileManager.default.fileExists(atPath: store.appendingPathComponent("glossary/block").path))
        #expect(try Data(contentsOf: store.appendingPathComponent("glossary/wohnblock/plan.pdf")) == binaryBytes)
        // The body's link follows the folder, so the gate finds no broken link.
        #expect(try String(contentsOf: store.appendingPathComponent("glossary/wohnblock.md"), encoding: .utf8).contains("![Plan](wohnblock/plan.pdf)"))
        #expect(try box.chronik(["validate"], in: store).status == 0)
        let status = try box.chronik(["status", "--format", "json"], in: store)
        #expect(!status.stdout.contains("\"attachments\""), "an unchanged attachment moved with its entry is no change: \(status)")
        try box.commit(store, "umbenannt", date: "2022-03-03T10:00:00+01:00")
        try box.expectFsckClean(store)
    }

    /// A FIFO in an attachment folder is never waited on nor recorded (git lists no special files; nothing reads it).
    @Test func fifoIsNeverRecorded() throws {
        let box = try Sandbox()
        let store = try baseStore(box)
        #expect(mkfifo(store.appendingPathComponent("glossary/block/rohr.pdf").path, 0o644) == 0)
        try box.write("---\nterm: Kiez\n---\nEin Kiez.\n", to: "glossary/kiez.md", in: store)
        #expect(try box.chronik(["validate"], in: store).status == 0)
        try box.commit(store, "mit FIFO daneben", date: "2022-03-02T10:00:00+01:00")
        #expect(try !box.git(["ls-files"], in: store).stdout.contains("rohr.pdf"))
        try FileManager.default.removeItem(at: store.appendingPathComponent("glossary/block/rohr.pdf"))
    }

    /// A version made with plain git holding an orphan folder: `validate --at` reports it, `release` refuses it.
    @Test func orphanCommittedWithGit() throws {
        let box = try Sandbox()
        let store = try baseStore(box)
        try box.write(binaryBytes, to: "glossary/niemand/datei.bin", in: store)
        #expect(try box.git(["add", "-A"], in: store).status == 0)
        #expect(try box.git(["commit", "-q", "-m", "plain git"], in: store).status == 0)
        let at = try box.chronik(["validate", "--lang", "en", "--at", "HEAD"], in: store)
        #expect(at.status == 1, "\(at)")
        #expect(at.stdout.contains("glossary/niemand/: attachments of an entry that does not exist: there is no glossary/niemand.md"), "\(at)")
        let release = try box.chronik(["release", "entwurf", "--author", Fixture.author, "--date", Fixture.date], in: store)
        #expect(release.status == 1, "\(release)")
    }
}

/// A first import that fails after it made the store folder and `.git` (a full disk, a real one: a small tmpfs) leaves
/// nothing behind, so that a second run, with room again, works (issue 17).
@Suite("a failed first import leaves nothing", .serialized, .enabled(if: canMountTmpfs, "needs to mount a tmpfs (root)"))
struct FailedFirstImportTests {
    func system(_ executable: String, _ arguments: [String]) throws -> RunResult {
        try run(URL(fileURLWithPath: executable), arguments, in: FileManager.default.temporaryDirectory, environment: ["PATH": "/usr/bin:/bin"])
    }

    @Test(arguments: ["missing", "empty"])
    func fullDiskDuringFirstImport(_ start: String) throws {
        let box = try Sandbox()
        let disk = box.url("disk")
        try FileManager.default.createDirectory(at: disk, withIntermediateDirectories: true)
        try #require(try system("/bin/mount", ["-t", "tmpfs", "-o", "size=1m", "tmpfs", disk.path]).status == 0)
        defer { _ = try? system("/bin/umount", [disk.path]) }
        // Room for the folder and `.git` (a few pages), not for the sample's objects.
        _ = try system("/bin/dd", ["if=/dev/zero", "of=" + disk.appendingPathComponent("filler").path, "bs=4k", "count=232"])
        let store = disk.appendingPathComponent("neu/store")
        if start == "empty" { try FileManager.default.createDirectory(at: store, withIntermediateDirectories: true) }
        let before = try FileManager.default.contentsOfDirectory(atPath: disk.path).sorted()

        let failed = try box.chronik(["import", "snapshots", sampleVersions.path, "--store", store.path, "--lang", "en"])
        #expect(failed.status == 3, "\(failed)")
        #expect(failed.stderr.hasPrefix("chronik: error: "), "\(failed)")
        // Only what the import created is gone: the folder it made (with `neu/` above it), or what it put in the
        // folder that was there.
        #expect(try FileManager.default.contentsOfDirectory(atPath: disk.path).sorted() == before)
        if start == "empty" { #expect(try FileManager.default.contentsOfDirectory(atPath: store.path).isEmpty) }

        try FileManager.default.removeItem(at: disk.appendingPathComponent("filler"))
        let second = try box.chronik(["import", "snapshots", sampleVersions.path, "--store", store.path])
        #expect(second.status == 0, "\(second)")
        try box.expectFsckClean(store)
    }
}
