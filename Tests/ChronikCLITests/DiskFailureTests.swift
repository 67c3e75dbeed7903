import Foundation
import Testing

/// Every file below `folder` (relative path -> bytes), links as their target text, folders other than the empty
/// fan-out folders `.git/objects/xx` that libgit2 creates before writing an object (as git does; harmless, and
/// removed by `git prune`): what must stay byte for byte the same when chronik refuses to write.
func fileBytes(below folder: URL) throws -> [String: Data] {
    var files: [String: Data] = [:]
    let fm = FileManager.default
    guard let walker = fm.enumerator(atPath: folder.path) else { return files }
    while let path = walker.nextObject() as? String {
        let full = folder.appendingPathComponent(path).path
        let attributes = try fm.attributesOfItem(atPath: full)
        switch attributes[.type] as? FileAttributeType {
        case .typeRegular?: files[path] = try Data(contentsOf: URL(fileURLWithPath: full))
        case .typeSymbolicLink?: files[path] = Data(try fm.destinationOfSymbolicLink(atPath: full).utf8)
        case .typeDirectory?:
            let isFanOut = path.hasPrefix(".git/objects/") && path.count == ".git/objects/xx".count
            let isEmpty = try fm.contentsOfDirectory(atPath: full).isEmpty
            if !(isFanOut && isEmpty) { files[path + "/"] = Data() }
        default: files[path] = Data("other".utf8)
        }
    }
    return files
}

/// The paths whose bytes differ (added, removed or changed), for messages.
func changedPaths(_ a: [String: Data], _ b: [String: Data]) -> [String] {
    Set(a.keys).union(b.keys).filter { a[$0] != b[$0] }.sorted()
}

/// `original` copied onto a 4 MiB tmpfs mounted at the sandbox's `disk`, which a filler file (`disk/filler`) then
/// makes full; the caller unmounts `disk` (it is unmounted here only when the copy fails).
func copyOntoAFullDisk(_ original: URL, in box: Sandbox) throws -> (disk: URL, store: URL) {
    func system(_ executable: String, _ arguments: [String]) throws -> RunResult {
        try run(URL(fileURLWithPath: executable), arguments, in: FileManager.default.temporaryDirectory, environment: ["PATH": "/usr/bin:/bin"])
    }
    let disk = box.url("disk")
    try FileManager.default.createDirectory(at: disk, withIntermediateDirectories: true)
    try #require(try system("/bin/mount", ["-t", "tmpfs", "-o", "size=4m", "tmpfs", disk.path]).status == 0)
    let store = disk.appendingPathComponent("store")
    do {
        try #require(try system("/bin/cp", ["-a", original.path, store.path]).status == 0)
    } catch {
        _ = try? system("/bin/umount", [disk.path])
        throw error
    }
    _ = try system("/bin/dd", ["if=/dev/zero", "of=" + disk.appendingPathComponent("filler").path, "bs=4k"])
    return (disk, store)
}

/// Whether this machine lets the tests mount a small tmpfs (as root, or in a user namespace): the only way to get a
/// real full or read-only disk, since root writes through file modes.
let canMountTmpfs: Bool = {
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("chronik-mount-probe-\(UUID().uuidString)")
    defer { try? FileManager.default.removeItem(at: folder) }
    guard (try? FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)) != nil,
          let mounted = try? run(URL(fileURLWithPath: "/bin/mount"), ["-t", "tmpfs", "-o", "size=64k", "tmpfs", folder.path],
                                 in: FileManager.default.temporaryDirectory, environment: [:]), mounted.status == 0 else {
        print("DiskFailureTests skipped: cannot mount a tmpfs here (needs root)")
        return false
    }
    _ = try? run(URL(fileURLWithPath: "/bin/umount"), [folder.path], in: FileManager.default.temporaryDirectory, environment: [:])
    return true
}()

@Suite("Full or read-only disk: a clear message, nothing recorded", .serialized, .enabled(if: canMountTmpfs, "needs to mount a tmpfs (root)"))
struct DiskFailureTests {
    func system(_ executable: String, _ arguments: [String]) throws -> RunResult {
        try run(URL(fileURLWithPath: executable), arguments, in: FileManager.default.temporaryDirectory, environment: ["PATH": "/usr/bin:/bin"])
    }

    func expectUnchanged(_ store: URL, _ before: [String: Data], sourceLocation: SourceLocation = #_sourceLocation) throws {
        let changed = changedPaths(try fileBytes(below: store), before)
        #expect(changed.isEmpty, "changed: \(changed)", sourceLocation: sourceLocation)
    }

    /// A changed entry, which GitKit commits itself (`PlainCommit`, issue 19), on a full disk: the same promise (exit 3,
    /// why and where, not one byte changed), and the same commit once there is room again.
    @Test func fullDiskForAPlainCommit() throws {
        let box = try Sandbox()
        let original = try box.makeStore()
        try box.write(entryText("term: Reallabor"), to: "glossary/reallabor.md", in: original)
        try box.commit(original, "Reallabor")
        try box.write(entryText("term: Reallabor") + "Ein Satz mehr.\n", to: "glossary/reallabor.md", in: original)
        let (disk, store) = try copyOntoAFullDisk(original, in: box)
        defer { _ = try? system("/bin/umount", [disk.path]) }
        let gitDir = store.appendingPathComponent(".git").path

        let before = try fileBytes(below: store)
        let commit = try box.chronik(["commit", "-m", "Satz", "--author", Fixture.author, "--date", Fixture.date], in: store)
        #expect(commit.status == 3, "\(commit)")
        #expect(commit.stdout == "")
        #expect(commit.stderr.hasPrefix("chronik: error: cannot write \(gitDir)/objects"), "\(commit)")
        #expect(commit.stderr.hasSuffix(": no space left on device; nothing was recorded\n"), "\(commit)")
        try expectUnchanged(store, before)

        try FileManager.default.removeItem(at: disk.appendingPathComponent("filler"))
        try box.commit(store, "Satz")
        let status = try system("/usr/bin/git", ["-C", store.path, "status", "--porcelain"])
        #expect(status.stdout == "", "\(status)")
        try box.expectFsckClean(store)
    }

    /// A store with one new entry to commit, copied onto a 4 MiB tmpfs that a filler file then makes full.
    @Test func fullThenReadOnlyDisk() throws {
        let box = try Sandbox()
        let original = try box.makeStore()
        try box.write(entryText("term: Reallabor"), to: "glossary/reallabor.md", in: original)
        let (disk, store) = try copyOntoAFullDisk(original, in: box)
        defer { _ = try? system("/bin/umount", [disk.path]) }
        let gitDir = store.appendingPathComponent(".git").path

        // Full: commit and release fail, saying why and where; not one byte of the store changes.
        let before = try fileBytes(below: store)
        let commit = try box.chronik(["commit", "-m", "Reallabor", "--author", Fixture.author, "--date", Fixture.date], in: store)
        #expect(commit.status == 3, "\(commit)")
        #expect(commit.stdout == "")
        #expect(commit.stderr == "chronik: error: cannot write \(gitDir)/index: no space left on device; nothing was recorded\n")
        try expectUnchanged(store, before)
        let release = try box.chronik(["release", "entwurf", "--author", Fixture.author, "--date", Fixture.date], in: store)
        #expect(release.status == 3, "\(release)")
        #expect(release.stderr == "chronik: error: cannot write \(gitDir)/objects: no space left on device; nothing was recorded\n")
        try expectUnchanged(store, before)

        // Read-only.
        try #require(try system("/bin/mount", ["-o", "remount,ro", disk.path]).status == 0)
        let readOnlyCommit = try box.chronik(["commit", "-m", "Reallabor", "--author", Fixture.author, "--date", Fixture.date], in: store)
        #expect(readOnlyCommit.status == 3, "\(readOnlyCommit)")
        #expect(readOnlyCommit.stderr == "chronik: error: cannot write \(gitDir)/chronik.lock: read-only file system; nothing was recorded\n")
        let readOnlyRelease = try box.chronik(["release", "entwurf", "--author", Fixture.author, "--date", Fixture.date], in: store)
        #expect(readOnlyRelease.status == 3, "\(readOnlyRelease)")
        // A release is a chronik writer (it announces its tag's lock file): it stops at the writer lock, as commit does.
        #expect(readOnlyRelease.stderr == "chronik: error: cannot write \(gitDir)/chronik.lock: read-only file system; nothing was recorded\n")
        // `mv` is a writer as well: the same message, from the same place.
        let readOnlyMove = try box.chronik(["mv", "glossary/reallabor", "glossary/labor"], in: store)
        #expect(readOnlyMove.status == 3, "\(readOnlyMove)")
        #expect(readOnlyMove.stderr.hasPrefix("chronik: error: cannot write \(gitDir)/chronik.lock: read-only file system"), "\(readOnlyMove)")
        try expectUnchanged(store, before)

        // With room again, the same commands succeed and the repository is sound.
        try #require(try system("/bin/mount", ["-o", "remount,rw", disk.path]).status == 0)
        try FileManager.default.removeItem(at: disk.appendingPathComponent("filler"))
        try box.commit(store, "Reallabor")
        let retried = try box.chronik(["release", "entwurf", "--author", Fixture.author, "--date", Fixture.date], in: store)
        #expect(retried.status == 0, "\(retried)")
        try box.expectFsckClean(store)
    }
}
