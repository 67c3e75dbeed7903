import Foundation
import Testing

/// Compares `actual` with the golden file `Snapshots/<name>`; with `RECORD_SNAPSHOTS=1` rewrites the file and fails,
/// so that a recording run can never pass by accident.
func assertSnapshot(_ actual: String, named name: String, sourceLocation: SourceLocation = #_sourceLocation) throws {
    let file = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Snapshots/\(name)")
    if ProcessInfo.processInfo.environment["RECORD_SNAPSHOTS"] == "1" {
        try FileManager.default.createDirectory(at: file.deletingLastPathComponent(), withIntermediateDirectories: true)
        try actual.write(to: file, atomically: true, encoding: .utf8)
        Issue.record("recorded \(file.path); run again without RECORD_SNAPSHOTS to check it", sourceLocation: sourceLocation)
        return
    }
    guard let expected = try? String(contentsOf: file, encoding: .utf8) else {
        Issue.record("no golden file \(file.path); run with RECORD_SNAPSHOTS=1 to create it", sourceLocation: sourceLocation)
        return
    }
    #expect(actual == expected, "differs from \(file.path) (RECORD_SNAPSHOTS=1 rewrites it)", sourceLocation: sourceLocation)
}

/// Replaces every occurrence of `path` with `<STORE>` and abbreviated commit ids with `<id>`.
func masked(_ text: String, path: String) -> String {
    let withoutPath = text.replacingOccurrences(of: path, with: "<STORE>")
    guard let ids = try? NSRegularExpression(pattern: "\\b[0-9a-f]{7}\\b") else { return withoutPath }
    let range = NSRange(withoutPath.startIndex..., in: withoutPath)
    return ids.stringByReplacingMatches(in: withoutPath, range: range, withTemplate: "<id>")
}

@Suite("chronik demo, end to end")
struct DemoTests {
    @Test func demoBuildsTheSampleInATemporaryFolderAndShowsItsHistory() throws {
        let box = try Sandbox()
        let result = try box.chronik(["demo"], extraEnvironment: ["TMPDIR": box.root.path])
        #expect(result.status == 0, "\(result)")
        #expect(result.stderr.isEmpty, "\(result)")
        // The store is a new folder in TMPDIR, and its path is printed.
        let folders = try FileManager.default.contentsOfDirectory(atPath: box.root.path).filter { $0.hasPrefix("chronik-demo-") }
        try #require(folders.count == 1, "\(folders)")
        let store = box.root.appendingPathComponent(folders[0]).standardizedFileURL
        #expect(result.stdout.contains("\n  \(store.path)\n"))
        try assertSnapshot(masked(result.stdout, path: store.path), named: "demo.txt")
        // The sample's website, published beside the changelog, with its search.
        for file in ["index.html", "search/index.html", "search/manifest.js", "search/search.js", "glossary/ambition/index.html"] {
            #expect(FileManager.default.fileExists(atPath: store.appendingPathComponent(".git/chronik/site/\(file)").path), "\(file)")
        }

        #expect(try box.gitLog(store) == expectedSampleLog)
        #expect(try box.gitTags(store) == expectedSampleTags)
        // The commands the demo suggests work there.
        let entryLog = try box.chronik(["log", "strategy/vision"], in: store)
        #expect(entryLog.status == 0 && entryLog.stdout.contains("Strategischer Rahmen: erster Entwurf"), "\(entryLog)")
        let renamed = try box.chronik(["log", "glossary/betriebsmodell"], in: store)
        #expect(renamed.status == 0, "\(renamed)")
        #expect(renamed.stdout.contains("renamed from glossary/betreibermodell"), "\(renamed)")
        #expect(renamed.stdout.contains("added as glossary/betreibermodell"), "\(renamed)")
        let show = try box.chronik(["show", "strategy/vision", "--at", "ambitionen"], in: store)
        #expect(show.status == 0 && show.stdout.hasPrefix("---\ntitle: "), "\(show)")
        #expect(try box.git(["status", "--porcelain", "--untracked-files=all"], in: store).stdout.isEmpty)
        try box.expectFsckClean(store)
    }

    @Test func demoInAGivenFolderCanRunAgainThere() throws {
        let box = try Sandbox()
        let store = box.url("demo")
        let first = try box.chronik(["demo", store.path])
        #expect(first.status == 0, "\(first)")
        let before = try box.state(of: store)
        let second = try box.chronik(["demo", store.path])
        #expect(second.status == 0, "\(second)")
        #expect(second.stdout == first.stdout, "the same output, and nothing added")
        #expect(try box.state(of: store) == before)
        try box.expectFsckClean(store)
    }

    @Test func demoRefusesAnotherStoreOrAFullFolder() throws {
        let box = try Sandbox()
        let other = try box.makeStore("other")
        let before = try box.state(of: other)
        let result = try box.chronik(["demo", other.path])
        #expect(result.status == 1, "\(result)")
        #expect(result.stderr == "chronik: error: \(other.path) is a store that does not hold the sample; choose an empty or new directory\n")
        #expect(try box.state(of: other) == before)
        try box.write("notes\n", to: "notes.txt", in: box.url("full"))
        let full = try box.chronik(["demo", box.url("full").path])
        #expect(full.status == 1, "\(full)")
        #expect(full.stderr.contains("is not empty and not a chronik store"))
        #expect(try FileManager.default.contentsOfDirectory(atPath: box.url("full").path) == ["notes.txt"])
    }
}
