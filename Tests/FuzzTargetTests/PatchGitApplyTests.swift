import ChronikDiff
import ChronikStore
import Foundation
import FuzzUnifiedPatch
import Testing

/// The patch writer's round trip through the real `git apply`, on a seeded sample (the unified-patch fuzz target
/// checks the same round trip in process, with `PatchApplier`, at libFuzzer speed): for each pair of generated files,
/// the patch of the changed, added and removed file, applied by `git apply` outside any repository, leaves exactly
/// the new side. The generator favours what patches get wrong: lines that look like patch syntax, a missing last
/// line break, CR LF, blank lines, non-ASCII text and a path with a space.
@Suite("Patch round trip through git apply")
struct PatchGitApplyTests {
    static let pieces = ["Die Stadt plant.", "", " indented", "-minus", "+plus", "\\ backslash", "@@ -1 +1 @@", "---", "+++ b/x",
                         "Straße und Café", "tab\there", "trailing  ", "x", "diff --git a/x b/x", "CRLF line\r"]

    static func text(_ random: inout SplitMix64) -> [UInt8] {
        var lines: [String] = []
        for _ in 0..<Int(random.next() % 30) { lines.append(pieces[Int(random.next() % UInt64(pieces.count))]) }
        var text = lines.joined(separator: "\n")
        if !lines.isEmpty, random.next() % 4 != 0 { text += "\n" }
        return Array(text.utf8)
    }

    static func mutate(_ old: [UInt8], _ random: inout SplitMix64) -> [UInt8] {
        var lines = old.split(separator: 0x0A, omittingEmptySubsequences: false).map(Array.init)
        for _ in 0..<Int(1 + random.next() % 4) {
            let at = lines.isEmpty ? 0 : Int(random.next() % UInt64(lines.count))
            switch random.next() % 3 {
            case 0 where !lines.isEmpty: lines.remove(at: at)
            case 1 where !lines.isEmpty: lines[at] = Array(pieces[Int(random.next() % UInt64(pieces.count))].utf8)
            default: lines.insert(Array(pieces[Int(random.next() % UInt64(pieces.count))].utf8), at: at)
            }
        }
        return Array(lines.joined(separator: [0x0A]))
    }

    @Test func gitApplyRebuildsTheNewSide() throws {
        let git = URL(fileURLWithPath: "/usr/bin/env")
        for seed in UInt64(1)...40 {
            var random = SplitMix64(seed: seed)
            let old = Self.text(&random), new = Self.mutate(old, &random)
            let cases: [(String, String?, String?, [UInt8], [UInt8])] = [
                ("changed", "a b/entry.md", "a b/entry.md", old, new),
                ("added", nil, "a b/entry.md", [], new),
                ("removed", "a b/entry.md", nil, old, []),
            ]
            for (name, oldPath, newPath, from, to) in cases {
                let file = PatchFile(oldPath: oldPath, newPath: newPath, oldMode: oldPath.map { _ in 0o100644 },
                                     newMode: newPath.map { _ in 0o100644 }, old: Data(from), new: Data(to))
                let patch = UnifiedPatch.render([file])
                if patch.isEmpty || (from.isEmpty && to.isEmpty) { continue }
                let folder = FileManager.default.temporaryDirectory.appendingPathComponent("chronik-git-apply-\(seed)-\(name)-\(getpid())")
                try? FileManager.default.removeItem(at: folder)
                try FileManager.default.createDirectory(at: folder.appendingPathComponent("a b"), withIntermediateDirectories: true)
                defer { try? FileManager.default.removeItem(at: folder) }
                let target = folder.appendingPathComponent("a b/entry.md")
                if oldPath != nil { try Data(from).write(to: target) }
                try Data(patch.utf8).write(to: folder.appendingPathComponent("change.patch"))
                let process = Process()
                process.executableURL = git
                process.arguments = ["git", "apply", "--whitespace=nowarn", "change.patch"]
                process.currentDirectoryURL = folder
                let errors = Pipe()
                process.standardError = errors
                try process.run()
                let message = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
                process.waitUntilExit()
                #expect(process.terminationStatus == 0, "seed \(seed), \(name): git apply says \(message)\n\(patch)")
                if newPath == nil {
                    #expect(!FileManager.default.fileExists(atPath: target.path), "seed \(seed), \(name): the file is still there")
                } else {
                    let result = try [UInt8](Data(contentsOf: target))
                    #expect(result == to, "seed \(seed), \(name): git apply gives \(String(decoding: result, as: UTF8.self))\n\(patch)")
                }
                // The in-process applier of the fuzz target agrees with git.
                #expect((try? PatchApplier.apply(Array(patch.utf8), to: from)) == to, "seed \(seed), \(name): PatchApplier disagrees\n\(patch)")
            }
        }
    }
}
