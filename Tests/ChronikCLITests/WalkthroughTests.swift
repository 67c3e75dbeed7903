import Foundation
import Testing

/// README.md's "Using chronik", run literally (issue 16): its shell blocks, in order, as one script against the built
/// binary in a new temporary folder, with an editor that fills in the fields a person would. Any line that fails
/// fails the test, naming it.
@Suite("README walkthrough")
struct WalkthroughTests {
    /// The `sh` blocks of the section `## Using chronik` (up to the next `## ` heading), in order.
    static func shellBlocks(of readme: String) -> [String] {
        guard let start = readme.range(of: "\n## Using chronik\n") else { return [] }
        var section = String(readme[start.upperBound...])
        if let end = section.range(of: "\n## ") { section = String(section[..<end.lowerBound]) }
        var blocks: [String] = []
        var current: [String]?
        for line in section.components(separatedBy: "\n") {
            if current == nil, line == "```sh" { current = []; continue }
            if current != nil, line == "```" { blocks.append(current!.joined(separator: "\n")); current = nil; continue }
            current?.append(line)
        }
        return blocks
    }

    @Test func theReadmeExtractsTwoBlocksThatStartWithInitAndNew() throws {
        let blocks = Self.shellBlocks(of: try Self.readme())
        #expect(blocks.count == 2)
        #expect(blocks.first?.hasPrefix("chronik init ") == true)
        #expect(blocks.first?.contains("\nchronik new ") == true)
    }

    @Test func usingChronikRunsLiterally() throws {
        let box = try Sandbox()
        let blocks = Self.shellBlocks(of: try Self.readme())
        try #require(!blocks.isEmpty)
        // The editor a person would use, as a script: fills the empty required fields of the collections the
        // walkthrough writes into (the title field is filled by --title).
        let editor = box.url("editor.sh")
        try writeExecutable("""
            #!/bin/sh
            sed -i -e 's/^format:$/format: Online-Beteiligung/' -e 's/^start:$/start: 2022-03-01/' \\
                -e 's/^end:$/end: 2022-03-31/' -e 's/^status:$/status: laufend/' "$1"
            """, to: editor)
        // Each line echoed first, so that a failure names it; `set -e` stops at the first that fails.
        var script = "set -eu\n"
        for line in blocks.joined(separator: "\n").components(separatedBy: "\n") where !line.isEmpty {
            script += "printf '%s\\n' \(Self.shellQuoted("+ " + line)) >&2\n" + line + "\n"
        }
        let file = box.url("walkthrough.sh")
        try script.write(to: file, atomically: true, encoding: .utf8)
        let work = box.url("work")
        try FileManager.default.createDirectory(at: work, withIntermediateDirectories: true)
        #expect(try box.git(["config", "--global", "user.name", "Team Wissensspeicher"], in: work).status == 0)
        #expect(try box.git(["config", "--global", "user.email", "team@example.org"], in: work).status == 0)
        var environment = box.environment
        environment["PATH"] = chronikBinary.deletingLastPathComponent().path + ":" + (environment["PATH"] ?? "/usr/bin:/bin")
        environment["EDITOR"] = editor.path
        environment["CHRONIK_EDITOR"] = editor.path
        let result = try run(URL(fileURLWithPath: "/bin/bash"), [file.path], in: work, environment: environment)
        #expect(result.status == 0, "\(result)")
        let store = work.appendingPathComponent("mein-speicher")
        #expect(FileManager.default.fileExists(atPath: store.appendingPathComponent("glossary/betriebsmodell.md").path))
        #expect(FileManager.default.fileExists(atPath: store.appendingPathComponent("changelog.html").path))
        #expect(try box.git(["tag"], in: store).stdout == "aktionen\nambitionen\n")
    }

    static func readme() throws -> String {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        return try String(contentsOf: root.appendingPathComponent("README.md"), encoding: .utf8)
    }

    static func shellQuoted(_ text: String) -> String {
        "'" + text.replacingOccurrences(of: "'", with: "'\\''") + "'"
    }
}
