import Foundation
import Testing

// Corrupt data never gives wrong output with exit 0 (issue 13, point 4): an object libgit2 cannot read (a flipped
// byte in a loose blob, a truncated pack) is an error with exit 3 naming the object and its path, and nothing derived
// from it is cached; a cache record that was flipped or edited (log change sets, changelog records and renderings)
// is never served. The corrupted repositories are repaired before the sandbox checks them with `git fsck --full`.

private let formats = ["markdown", "html", "json", "atom"]

/// Two versions of a store: the second renames an entry with an edit (so `log` compares their contents to pair the
/// rename) and changes another. Returns the store and the blob of the renamed entry in the second version.
private func twoVersions(_ box: Sandbox) throws -> (store: URL, blob: String, path: String) {
    let store = try box.makeStore()
    let definition = "Wer betreibt die digitale Infrastruktur der Stadt, und wer trägt die Verantwortung dafür?\n"
    try box.write(entryText("term: Betreibermodell", body: definition), to: "glossary/betreibermodell.md", in: store)
    try box.write(entryText("term: Kiez"), to: "glossary/kiez.md", in: store)
    try box.commit(store, "Glossar", date: "2022-03-02T10:00:00+01:00")
    try FileManager.default.removeItem(at: store.appendingPathComponent("glossary/betreibermodell.md"))
    try box.write(entryText("term: Betriebsmodell", body: definition + "Und wer bezahlt sie?\n"), to: "glossary/betriebsmodell.md", in: store)
    try box.write(entryText("term: Kiez", body: "Ein Stadtviertel.\n"), to: "glossary/kiez.md", in: store)
    try box.commit(store, "Betriebsmodell", date: "2022-06-16T10:00:00+02:00")
    let blob = try box.git(["rev-parse", "HEAD:glossary/betriebsmodell.md"], in: store).stdout.trimmingCharacters(in: .whitespacesAndNewlines)
    return (store, blob, "glossary/betriebsmodell.md")
}

/// Flips the byte in the middle of a loose object's zlib stream; returns the original bytes.
private func flipLooseObject(_ id: String, in store: URL) throws -> (URL, Data) {
    let file = store.appendingPathComponent(".git/objects/\(id.prefix(2))/\(id.dropFirst(2))")
    let original = try Data(contentsOf: file)
    try FileManager.default.setAttributes([.posixPermissions: 0o644], ofItemAtPath: file.path)
    var bytes = original
    bytes[bytes.count / 2] ^= 0xFF
    try bytes.write(to: file)
    return (file, original)
}

/// Every record file of the caches under `.git/chronik/<name>`, at any depth.
private func cacheFiles(_ store: URL, _ name: String) -> [URL] {
    let root = store.appendingPathComponent(".git/chronik/\(name)")
    guard let walker = FileManager.default.enumerator(at: root, includingPropertiesForKeys: nil) else { return [] }
    return walker.compactMap { $0 as? URL }.filter { $0.pathExtension == "records" }.sorted { $0.path < $1.path }
}

/// Output compared as bytes (String equality would take canonically equivalent texts as equal).
private func bytes(_ text: String?) -> [UInt8] { Array((text ?? "\u{0}missing").utf8) }

private func cacheText(_ store: URL, _ name: String) throws -> String {
    try cacheFiles(store, name).map { String(decoding: try Data(contentsOf: $0), as: UTF8.self) }.joined()
}

@Suite struct CorruptDataTests {
    @Test func aCorruptLooseBlobIsAnErrorEverywhereAndNothingOfItIsCached() throws {
        let box = try Sandbox()
        let (store, blob, path) = try twoVersions(box)
        let head = try box.git(["rev-parse", "HEAD"], in: store).stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        let (file, original) = try flipLooseObject(blob, in: store)

        func expectUnreadable(_ arguments: [String], sourceLocation: SourceLocation = #_sourceLocation) throws {
            let result = try box.chronik(arguments, in: store)
            #expect(result.status == 3, "\(arguments): \(result)", sourceLocation: sourceLocation)
            #expect(result.stderr.hasPrefix("chronik: error: cannot read object \(blob) (\(path)"), "\(arguments): \(result)",
                    sourceLocation: sourceLocation)
            #expect(result.stdout.isEmpty, "\(arguments): \(result)", sourceLocation: sourceLocation)
        }
        for format in formats {
            try expectUnreadable(["changelog", "--format", format])
            try expectUnreadable(["changelog", "--format", format, "--detail", "--by", "commit"])
        }
        try expectUnreadable(["diff", "HEAD~1", "HEAD"])
        try expectUnreadable(["diff", "HEAD~1", "HEAD", "--format", "json"])
        try expectUnreadable(["log"])
        try expectUnreadable(["log", "glossary/betriebsmodell", "--fields"])
        try expectUnreadable(["show", "glossary/betriebsmodell", "--at", "HEAD"])
        // Validating the version is no finding about the entry ("cannot be read", exit 1) but the same error; a
        // release of it is refused the same way and tags nothing.
        try expectUnreadable(["validate", "--at", "HEAD"])
        try expectUnreadable(["release", "unlesbar", "-m", "Unlesbar", "--author", "Test <test@example.org>"])
        #expect(try box.git(["tag", "--list"], in: store).stdout.isEmpty)
        // The message names the version where it is known.
        #expect(try box.chronik(["diff", "HEAD~1", "HEAD"], in: store).stderr.contains("(\(path) at version \(head.prefix(7))): "))
        #expect(try box.chronik(["log"], in: store).stderr.contains("(\(path) at version \(head.prefix(7))): "))
        // No record of the version that could not be read, in any cache.
        #expect(!(try cacheText(store, "changelog-cache")).contains(head))
        #expect(!(try cacheText(store, "log-cache")).contains(head))

        // Repaired: the output is what a run without any cache gives, and the repository is whole again.
        try original.write(to: file)
        for format in formats {
            let cached = try box.chronik(["changelog", "--format", format, "--detail"], in: store)
            let fresh = try box.chronik(["changelog", "--format", format, "--detail", "--no-cache"], in: store)
            #expect(cached.status == 0 && fresh.status == 0, "\(cached)")
            #expect(Array(cached.stdout.utf8) == Array(fresh.stdout.utf8), "\(format)")
            #expect(cached.stdout.contains("Betriebsmodell"), "\(format)")
        }
        let log = try box.chronik(["log", "--format", "json"], in: store)
        let freshLog = try box.chronik(["log", "--format", "json", "--no-cache"], in: store)
        #expect(log.status == 0 && Array(log.stdout.utf8) == Array(freshLog.stdout.utf8))
        #expect(log.stdout.contains("\"renamed\""))
        #expect(try box.chronik(["diff", "HEAD~1", "HEAD"], in: store).status == 0)
        #expect(try box.chronik(["validate", "--at", "HEAD"], in: store).status == 0)
        try box.expectFsckClean(store)
    }

    @Test func aTruncatedPackIsAnErrorNeverEntriesAdded() throws {
        let box = try Sandbox()
        let (store, _, _) = try twoVersions(box)
        #expect(try box.git(["repack", "-adq"], in: store).status == 0)
        let packs = store.appendingPathComponent(".git/objects/pack")
        let name = try #require(try FileManager.default.contentsOfDirectory(atPath: packs.path).first { $0.hasSuffix(".pack") })
        let pack = packs.appendingPathComponent(name)
        let original = try Data(contentsOf: pack)
        try FileManager.default.setAttributes([.posixPermissions: 0o644], ofItemAtPath: pack.path)
        try original.prefix(original.count * 2 / 3).write(to: pack)

        for arguments in [["diff"], ["diff", "--format", "json"], ["diff", "HEAD~1", "HEAD"], ["diff", "--stat"]] {
            let result = try box.chronik(arguments, in: store)
            #expect(result.status == 3, "\(arguments): \(result)")
            #expect(result.stderr.hasPrefix("chronik: error: cannot read object "), "\(arguments): \(result)")
            #expect(!result.stdout.contains("added"), "\(arguments): \(result)")
        }
        for arguments in [["show", "glossary/kiez", "--at", "HEAD"], ["changelog"], ["log"], ["status"]] {
            let result = try box.chronik(arguments, in: store)
            #expect(result.status == 3 && result.stderr.hasPrefix("chronik: error: cannot read object "), "\(arguments): \(result)")
            #expect(result.stdout.isEmpty, "\(arguments): \(result)")
        }

        try original.write(to: pack)
        let repaired = try box.chronik(["diff"], in: store)
        #expect(repaired.status == 0 && repaired.stdout.contains("no changes"), "\(repaired)")
        try box.expectFsckClean(store)
    }

    @Test func damagedCacheRecordsAreNeverServed() throws {
        let box = try Sandbox()
        let (store, _, _) = try twoVersions(box)
        func run(_ arguments: [String]) throws -> String {
            let result = try box.chronik(arguments, in: store)
            #expect(result.status == 0, "\(arguments): \(result)")
            return result.stdout
        }
        let variants = formats.map { ["changelog", "--format", $0, "--detail"] } + [["log", "--format", "json"], ["log"]]
        var fresh: [[String]: String] = [:]
        for v in variants {
            fresh[v] = try run(v + ["--no-cache"])
            // Twice: records, then renderings, are cached.
            _ = try run(v)
            #expect(try bytes(run(v)) == bytes(fresh[v]), "\(v)")
        }
        #expect(!cacheFiles(store, "changelog-cache").isEmpty && !cacheFiles(store, "log-cache").isEmpty)
        #expect(fresh.values.allSatisfy { !$0.contains("<script>") })

        /// Changes every cache file by `damage`, runs every variant, and compares with the fresh output.
        func expectRecovered(_ what: String, _ damage: (inout [UInt8]) -> Bool, sourceLocation: SourceLocation = #_sourceLocation) throws {
            var changed = 0
            for file in cacheFiles(store, "") {
                var bytes = [UInt8](try Data(contentsOf: file))
                if damage(&bytes) {
                    try Data(bytes).write(to: file)
                    changed += 1
                }
            }
            #expect(changed > 0, "\(what): nothing to damage", sourceLocation: sourceLocation)
            for v in variants {
                let out = try run(v)
                #expect(bytes(out) == bytes(fresh[v]), "\(what): \(v)", sourceLocation: sourceLocation)
                #expect(!out.contains("<script>"), "\(what): \(v)", sourceLocation: sourceLocation)
            }
            // Recomputed and rewritten: the next run reads the same bytes from the cache again.
            for v in variants { #expect(try bytes(run(v)) == bytes(fresh[v]), "\(what): \(v)", sourceLocation: sourceLocation) }
        }
        func replace(_ old: String, _ new: String) -> (inout [UInt8]) -> Bool {
            { bytes in
                let text = String(decoding: bytes, as: UTF8.self)
                guard text.contains(old) else { return false }
                bytes = Array(text.replacingOccurrences(of: old, with: new).utf8)
                return true
            }
        }
        // A flipped bit in the middle of every record file (a letter stays a letter: the line stays a line).
        try expectRecovered("flipped bit") { bytes in
            guard var k = Optional(bytes.count / 2), k > 0 else { return false }
            while k < bytes.count, !(0x61...0x7A).contains(bytes[k]) { k += 1 }
            guard k < bytes.count else { return false }
            bytes[k] ^= 0x01
            return true
        }
        // Edited values that still decode: a different term, a different kind of change.
        try expectRecovered("edited term", replace("Kiez", "Kuez"))
        try expectRecovered("edited kind", replace("\"renamed\"", "\"removed\""))
        // A script planted in every cached rendering and record that names the entry.
        try expectRecovered("planted script", replace("Betriebsmodell", "<script>alert(1)</script>"))
        try box.expectFsckClean(store)
    }
}
