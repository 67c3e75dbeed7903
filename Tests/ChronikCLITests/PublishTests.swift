import Foundation
import Testing

/// `chronik publish` end to end, on the Berlin sample: what it writes and says, and bad input (one clear error, an
/// exit code, nothing written).
@Suite struct PublishTests {
    private func sample(_ box: Sandbox) throws -> URL {
        let store = box.url("berlin")
        let result = try box.chronik(["init", "--sample", "berlin", store.path])
        try #require(result.status == 0, "init --sample failed: \(result)")
        return store
    }

    private func names(_ dir: URL) -> [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: dir.path)) ?? []).sorted()
    }

    @Test func publishesTheSampleAndSaysHowManyFilesItWrote() throws {
        let box = try Sandbox()
        let store = try sample(box)
        let first = try box.chronik(["publish", "-o", box.url("site").path, "--base-url", "https://example.org/berlin"], in: store)
        #expect(first.status == 0, "\(first)")
        #expect(first.stdout.contains("Published ") && first.stdout.contains("(gemeinsam-digital)") && first.stdout.contains(": wrote "))
        let home = try String(contentsOf: box.url("site/index.html"), encoding: .utf8)
        #expect(home.contains("<html lang=\"de\">"))
        #expect(FileManager.default.fileExists(atPath: box.url("site/sitemap.xml").path), "a base URL gives a sitemap")
        let sitemap = try String(contentsOf: box.url("site/sitemap.xml"), encoding: .utf8)
        #expect(sitemap.contains("https://example.org/berlin/"))

        let second = try box.chronik(["publish", "-o", box.url("site").path, "--base-url", "https://example.org/berlin", "--format", "json"], in: store)
        #expect(second.status == 0, "\(second)")
        let json = try JSONSerialization.jsonObject(with: Data(second.stdout.utf8)) as? [String: Any]
        let files = json?["files"] as? [String: Any]
        #expect(files?["written"] as? Int == 0, "nothing changed: \(second.stdout)")
        #expect((files?["total"] as? Int ?? 0) > 100)

        let english = try box.chronik(["publish", "strategischer-rahmen", "-o", box.url("en").path, "--lang", "en"], in: store)
        #expect(english.status == 0, "\(english)")
        #expect(try String(contentsOf: box.url("en/index.html"), encoding: .utf8).contains("<html lang=\"en\">"))
        #expect(english.stdout.contains("(strategischer-rahmen)"))
    }

    @Test func aCityThemeFromTheExportedDefault() throws {
        let box = try Sandbox()
        let store = try sample(box)
        let export = try box.chronik(["publish", "--export-theme", box.url("theme").path], in: store)
        #expect(export.status == 0, "\(export)")
        #expect(names(box.url("theme")).contains("chronik.css") && names(box.url("theme")).contains("entry.mustache"))
        try Data("/* Stadt */ body { color: #111 }\n".utf8).write(to: box.url("theme/chronik.css"))
        let result = try box.chronik(["publish", "-o", box.url("site").path, "--theme", box.url("theme").path], in: store)
        #expect(result.status == 0, "\(result)")
        #expect(try String(contentsOf: box.url("site/assets/chronik.css"), encoding: .utf8) == "/* Stadt */ body { color: #111 }\n")
        let again = try box.chronik(["publish", "--export-theme", box.url("theme").path], in: store)
        #expect(again.status == 1 && again.stderr.contains("exists"), "\(again)")

        try Data("{{#open}}\n".utf8).write(to: box.url("theme/home.mustache"))
        let broken = try box.chronik(["publish", "-o", box.url("broken").path, "--theme", box.url("theme").path], in: store)
        #expect(broken.status == 1 && broken.stderr.contains("home.mustache"), "\(broken)")
        #expect(!FileManager.default.fileExists(atPath: box.url("broken").path))
    }

    @Test func badInputGetsOneClearErrorAndWritesNothing() throws {
        let box = try Sandbox()
        let store = try sample(box)
        let before = names(box.root)

        let badURL = try box.chronik(["publish", "-o", box.url("site").path, "--base-url", "javascript:alert(1)"], in: store)
        #expect(badURL.status == 2, "\(badURL)")
        #expect(badURL.stderr.contains("--base-url"))

        let noOutput = try box.chronik(["publish"], in: store)
        #expect(noOutput.status != 0 && noOutput.stderr.contains("-o DIR"), "\(noOutput)")

        let unknown = try box.chronik(["publish", "no-such-release", "-o", box.url("site").path], in: store)
        #expect(unknown.status == 1 && unknown.stderr.contains("no-such-release"), "\(unknown)")
        #expect(names(box.root) == before, "nothing written")

        try Data("notes".utf8).write(to: box.url("notes.txt"))
        let file = try box.chronik(["publish", "-o", box.url("notes.txt").path], in: store)
        #expect(file.status == 1 && file.stderr.contains("is not a folder"), "\(file)")
        #expect(try String(contentsOf: box.url("notes.txt"), encoding: .utf8) == "notes")

        try FileManager.default.createDirectory(at: box.url("thesis"), withIntermediateDirectories: true)
        try Data("x".utf8).write(to: box.url("thesis/chapter.tex"))
        let foreign = try box.chronik(["publish", "-o", box.url("thesis").path], in: store)
        #expect(foreign.status == 1 && foreign.stderr.contains("did not publish"), "\(foreign)")
        #expect(names(box.url("thesis")) == ["chapter.tex"])
        #expect(names(box.root) == (before + ["notes.txt", "thesis"]).sorted(), "no temporary folder left")
    }
}

/// A real full disk (a small tmpfs, filled): `chronik publish` fails with exit 3 and the system's reason, the
/// published site stays byte for byte as it was, and no temporary folder is left; with space again it works.
@Suite("chronik publish on a full disk", .enabled(if: canMountTmpfs, "needs to mount a tmpfs (root)"))
struct PublishFullDiskTests {
    @Test func aFullDiskLeavesTheOldSite() throws {
        let box = try Sandbox()
        let store = box.url("berlin")
        try #require(try box.chronik(["init", "--sample", "berlin", store.path]).status == 0)
        let disk = box.url("disk")
        try FileManager.default.createDirectory(at: disk, withIntermediateDirectories: true)
        let system = { (tool: String, arguments: [String]) throws -> RunResult in
            try run(URL(fileURLWithPath: tool), arguments, in: FileManager.default.temporaryDirectory, environment: ["PATH": "/usr/bin:/bin"])
        }
        try #require(try system("/bin/mount", ["-t", "tmpfs", "-o", "size=8m", "tmpfs", disk.path]).status == 0)
        defer { _ = try? system("/bin/umount", [disk.path]) }
        let site = disk.appendingPathComponent("site")
        let first = try box.chronik(["publish", "HEAD~1", "-o", site.path], in: store)
        try #require(first.status == 0, "\(first)")
        let before = try fileBytes(below: site)
        _ = try system("/bin/dd", ["if=/dev/zero", "of=" + disk.appendingPathComponent("filler").path, "bs=4k"])

        let full = try box.chronik(["publish", "-o", site.path], in: store)
        #expect(full.status == 3, "\(full)")
        #expect(full.stderr.contains(": no space left on device; the previous site is unchanged"), "\(full)")
        #expect(changedPaths(try fileBytes(below: site), before).isEmpty, "the old site is untouched")
        #expect(try FileManager.default.contentsOfDirectory(atPath: disk.path).sorted() == ["filler", "site"], "no temporary folder left")

        try FileManager.default.removeItem(at: disk.appendingPathComponent("filler"))
        let again = try box.chronik(["publish", "-o", site.path], in: store)
        #expect(again.status == 0, "\(again)")
    }
}
