import Foundation
import Testing

/// Each bad input gets one clear error naming the file (and line where known), a non-zero exit, and nothing written.
@Suite("bad input is refused, nothing written")
struct BadInputTests {
    /// Writes `data` as `path` into a fresh store, runs `chronik commit`, and checks the refusal.
    func expectRefused(
        _ data: Data, at path: String = "glossary/kaputt.md", stderrContains expected: [String],
        sourceLocation: SourceLocation = #_sourceLocation
    ) throws {
        let box = try Sandbox()
        let store = try box.makeStore()
        try box.write(data, to: path, in: store)
        let before = try box.state(of: store)
        let result = try box.chronik(["commit", "-m", "kaputt", "--author", Fixture.author, "--date", Fixture.date], in: store)
        #expect(result.status == 1, "\(result)", sourceLocation: sourceLocation)
        #expect(result.stdout.isEmpty, sourceLocation: sourceLocation)
        #expect(result.stderr.hasPrefix("chronik: error: 1 problem in the store; nothing was written:\n"), "\(result)", sourceLocation: sourceLocation)
        for text in expected {
            #expect(result.stderr.contains(text), "expected \(text) in: \(result.stderr)", sourceLocation: sourceLocation)
        }
        #expect(try box.state(of: store) == before, "the store changed", sourceLocation: sourceLocation)
        try box.expectFsckClean(store, sourceLocation: sourceLocation)
    }

    func expectRefused(_ text: String, at path: String = "glossary/kaputt.md", stderrContains expected: [String], sourceLocation: SourceLocation = #_sourceLocation) throws {
        try expectRefused(Data(text.utf8), at: path, stderrContains: expected, sourceLocation: sourceLocation)
    }

    @Test func malformedYAML() throws {
        try expectRefused("---\nterm: [Kiez\nsynonyms: x\n---\n", stderrContains: ["glossary/kaputt.md:"])
    }

    @Test func noFrontMatter() throws {
        try expectRefused("# Kiez\n\nNur Text.\n", stderrContains: ["glossary/kaputt.md: "])
    }

    @Test func unterminatedFrontMatter() throws {
        try expectRefused("---\nterm: Kiez\n\nText ohne Ende der Kopfdaten.\n", stderrContains: ["glossary/kaputt.md:"])
    }

    @Test func frontMatterOverTheSizeCap() throws {
        let big = "---\nterm: Kiez\nnote: \"" + String(repeating: "x", count: 300 * 1024) + "\"\n---\n"
        try expectRefused(big, stderrContains: ["glossary/kaputt.md", "262144"])
    }

    @Test func fileOverTheSizeCap() throws {
        let big = "---\nterm: Kiez\n---\n" + String(repeating: "Wort ", count: 250_000)
        try expectRefused(big, stderrContains: ["glossary/kaputt.md", "1048576"])
    }

    @Test func aliasBomb() throws {
        var yaml = "---\nterm: Kiez\na0: &a0 [x, x, x, x, x, x, x, x, x]\n"
        for i in 1...9 { yaml += "a\(i): &a\(i) [" + Array(repeating: "*a\(i - 1)", count: 9).joined(separator: ", ") + "]\n" }
        yaml += "---\n"
        try expectRefused(yaml, stderrContains: ["glossary/kaputt.md:"])
    }

    @Test func nesting100000Deep() throws {
        let yaml = "---\nterm: " + String(repeating: "[", count: 100_000) + String(repeating: "]", count: 100_000) + "\n---\n"
        try expectRefused(yaml, stderrContains: ["glossary/kaputt.md:"])
    }

    @Test func twentyThousandKeys() throws {
        var yaml = "---\nterm: Kiez\n"
        for i in 0..<20_000 { yaml += "k\(i): \(i)\n" }
        yaml += "---\n"
        try expectRefused(yaml, stderrContains: ["glossary/kaputt.md:"])
    }

    @Test func emptyFlowSequenceAsKey() throws {
        try expectRefused("---\nterm: Kiez\n[]: x\n---\n", stderrContains: ["glossary/kaputt.md:3"])
    }

    @Test func mergeKey() throws {
        try expectRefused("---\nbase: &b {term: Kiez}\n<<: *b\n---\n", stderrContains: ["glossary/kaputt.md:3"])
    }

    @Test func pythonObjectTag() throws {
        try expectRefused("---\nterm: !!python/object:os.system ls\n---\n", stderrContains: ["glossary/kaputt.md:2", "!!python/object:os.system"])
    }

    @Test func invalidUTF8() throws {
        var data = Data("---\nterm: Ki".utf8)
        data.append(contentsOf: [0xC3, 0x28])
        data.append(Data("ez\n---\n".utf8))
        try expectRefused(data, stderrContains: ["glossary/kaputt.md:2"])
    }

    @Test func nulByte() throws {
        try expectRefused("---\nterm: Kiez\n---\nText\u{0}mit NUL\n", stderrContains: ["glossary/kaputt.md:4"])
    }

    @Test func byteOrderMark() throws {
        try expectRefused("\u{FEFF}---\nterm: Kiez\n---\n", stderrContains: ["glossary/kaputt.md", "byte order mark"])
    }

    @Test func frontMatterThatIsNotAMapping() throws {
        try expectRefused("---\n- Kiez\n- Block\n---\n", stderrContains: ["glossary/kaputt.md:2"])
    }

    @Test func crlfLineEndingsAreAcceptedAndPreserved() throws {
        let box = try Sandbox()
        let store = try box.makeStore()
        let text = "---\r\nterm: Kiez\r\n---\r\nEin Stadtviertel.\r\n"
        try box.write(text, to: "glossary/kiez.md", in: store)
        try box.commit(store, "CRLF")
        let stored = try box.git(["cat-file", "blob", "HEAD:glossary/kiez.md"], in: store)
        #expect(stored.stdout == text)
        let show = try box.chronik(["show", "kiez", "--format", "json"], in: store)
        #expect(show.stdout.contains("\"term\": \"Kiez\""))
        try box.expectFsckClean(store)
    }

    // MARK: hostile ids and paths

    @Test(arguments: [
        ("glossary/Foo.md", "invalid entry id \"Foo\": uppercase letters are not allowed"),
        ("glossary/con.md", "\"con\" is a reserved device name on Windows"),
        ("glossary/.versteckt.md", "invalid entry id \".versteckt\": must not start with a dot"),
        ("glossary/.git.md", "invalid entry id \".git\": must not start with a dot"),
        ("glossary/git~1.md", "invalid entry id \"git~1\": character \"~\" (U+007E) is not allowed"),
        ("glossary/ki\u{200B}ez.md", "invalid entry id \"ki\\u{200B}ez\": character U+200B is not allowed"),
        ("glossary/" + String(repeating: "a", count: 150) + ".md", "longer than 100 characters (150)"),
        ("glossary/a/b.md", "entries live directly in their collection folder"),
        ("glossary/kiez.txt", "entries must be Markdown files ending in .md"),
        ("rezepte/kuchen.md", "\"rezepte\" is not a collection declared in chronik.yml"),
        ("notes.txt", "not part of a chronik store"),
        ("schemas/extra/x.json", "not part of a chronik store"),
    ])
    func hostileNames(path: String, message: String) throws {
        try expectRefused(entryText("term: Kiez"), at: path, stderrContains: [message])
    }

    @Test(arguments: ["../x", "a/b", ".git", "glossary/../../etc/passwd", String(repeating: "x", count: 300), "Foo"])
    func hostileEntryArguments(spec: String) throws {
        let box = try Sandbox()
        let store = try box.makeStore()
        for command in [["show", spec], ["log", spec]] {
            let result = try box.chronik(command, in: store, extraEnvironment: ["CHRONIK_LANG": "en"])
            #expect(result.status == 1, "\(command): \(result)")
            #expect(result.stderr.hasPrefix("chronik: error: no entry \""), "\(command): \(result)")
            #expect(result.stdout.isEmpty)
        }
    }

    @Test func symlinkIsRefused() throws {
        let box = try Sandbox()
        let store = try box.makeStore()
        try FileManager.default.createDirectory(at: store.appendingPathComponent("glossary"), withIntermediateDirectories: true)
        try FileManager.default.createSymbolicLink(atPath: store.appendingPathComponent("glossary/link.md").path, withDestinationPath: "/etc/passwd")
        let before = try box.state(of: store)
        let result = try box.chronik(["commit", "-m", "link", "--author", Fixture.author], in: store)
        #expect(result.status == 1)
        #expect(result.stderr.contains("glossary/link.md: symbolic links are not allowed in a store"))
        #expect(try box.state(of: store) == before)
    }

    @Test func executableBitIsRefused() throws {
        let box = try Sandbox()
        let store = try box.makeStore()
        try box.write(entryText("term: Kiez"), to: "glossary/kiez.md", in: store)
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: store.appendingPathComponent("glossary/kiez.md").path)
        let before = try box.state(of: store)
        let result = try box.chronik(["commit", "-m", "x", "--author", Fixture.author], in: store)
        #expect(result.status == 1)
        #expect(result.stderr.contains("glossary/kiez.md: files in a store must not be executable (chmod -x)"))
        #expect(try box.state(of: store) == before)
    }

    @Test func nestedRepositoryIsRefused() throws {
        let box = try Sandbox()
        let store = try box.makeStore()
        let inner = store.appendingPathComponent("glossary/modul")
        try FileManager.default.createDirectory(at: inner, withIntermediateDirectories: true)
        try box.git(["init", "-q"], in: inner)
        try box.write("x\n", to: "glossary/modul/x.md", in: store)
        try box.git(["add", "x.md"], in: inner)
        try box.git(["commit", "-q", "-m", "x"], in: inner)
        let before = try box.state(of: store)
        let result = try box.chronik(["commit", "-m", "x", "--author", Fixture.author], in: store)
        #expect(result.status == 1, "\(result)")
        #expect(result.stderr.contains("glossary/modul/: submodules are not allowed in a store"))
        #expect(try box.state(of: store) == before)
    }

    @Test func submoduleGitlinkIsRefused() throws {
        let box = try Sandbox()
        let store = try box.makeStore()
        // What `git submodule add` leaves behind: a nested repository and a gitlink to its commit in the index.
        let inner = store.appendingPathComponent("glossary/modul")
        try FileManager.default.createDirectory(at: inner, withIntermediateDirectories: true)
        try box.git(["init", "-q"], in: inner)
        try box.git(["commit", "-q", "--allow-empty", "-m", "x"], in: inner)
        let head = try box.git(["rev-parse", "HEAD"], in: inner).stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        try box.git(["update-index", "--add", "--cacheinfo", "160000,\(head),glossary/modul"], in: store)
        let before = try box.state(of: store)
        let result = try box.chronik(["commit", "-m", "x", "--author", Fixture.author], in: store)
        #expect(result.status == 1, "\(result)")
        #expect(result.stderr.contains("glossary/modul: submodules are not allowed in a store"), "\(result)")
        #expect(try box.state(of: store) == before)
        #expect(try box.git(["rev-list", "--count", "HEAD"], in: store).stdout == "1\n")
        let status = try box.chronik(["status"], in: store)
        #expect(status.stdout.contains("Refused (fix these before committing):\n  glossary/modul: submodules are not allowed in a store"), "\(status)")
    }

    @Test func commitOutsideAStore() throws {
        let box = try Sandbox()
        let plain = box.url("leer")
        try FileManager.default.createDirectory(at: plain, withIntermediateDirectories: true)
        let result = try box.chronik(["commit", "-m", "x", "--author", Fixture.author], in: plain)
        #expect(result.status == 1)
        #expect(result.stderr == "chronik: error: not a chronik store (or any of the parent directories): \(plain.path)\nhint: run chronik inside a store, pass --store DIR, or create one with `chronik init`\n")
        #expect(try FileManager.default.contentsOfDirectory(atPath: plain.path).isEmpty)

        // A Git repository without chronik.yml: read commands work there (issue 14), write commands do not.
        try box.git(["init", "-q"], in: plain)
        let git = try box.chronik(["commit", "-m", "x", "--author", Fixture.author], in: plain)
        #expect(git.status == 1)
        #expect(git.stderr == "chronik: error: \(plain.path) is a Git repository but not a chronik store: it has no chronik.yml (run `chronik init` there to make it one)\n")
    }

    @Test func brokenChronikYml() throws {
        let box = try Sandbox()
        let store = try box.makeStore()
        try box.write("title: Test\nlanguage: fr\ncollections:\n  actors: {}\n", to: "chronik.yml", in: store)
        let before = try box.state(of: store)
        let result = try box.chronik(["commit", "-m", "x", "--author", Fixture.author], in: store)
        #expect(result.status == 1)
        #expect(result.stderr.contains("chronik.yml:2: language: \"language\" must be de or en"), "\(result)")
        #expect(try box.state(of: store) == before)
    }

    @Test func staleBranchLockIsAClearErrorAndNoHang() throws {
        let box = try Sandbox()
        let store = try box.makeStore()
        try box.write(entryText("term: Kiez"), to: "glossary/kiez.md", in: store)
        let lock = store.appendingPathComponent(".git/refs/heads/main.lock")
        try Data().write(to: lock)
        let before = try box.state(of: store)
        let result = try box.chronik(["commit", "-m", "x", "--author", Fixture.author], in: store)
        #expect(result.status == 3)
        #expect(result.stderr.hasPrefix("chronik: error: could not lock the store: \(lock.path) exists (waited "), "\(result)")
        #expect(result.stderr.hasSuffix("another process is writing to this repository\nhint: if no git or chronik command is running, `chronik doctor` removes lock files left by a killed process\n"), "\(result)")
        #expect(try box.state(of: store) == before)
        try FileManager.default.removeItem(at: lock)
        try box.commit(store, "danach")
        try box.expectFsckClean(store)
    }
}
