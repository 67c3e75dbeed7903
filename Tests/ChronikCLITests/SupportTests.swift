import Foundation
import Testing

/// The test helpers' own checks: a "nothing was written" comparison must see every byte.
@Suite("Test support")
struct SupportTests {
    @Test func storeSnapshotsSeeEveryByteModeAndFolder() throws {
        let sandbox = try Sandbox()
        let root = sandbox.url("store")
        try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
        try #require(try sandbox.git(["init", "-q"], in: root).status == 0)
        // A file git keeps but never reads, so that the repository stays one `git fsck --full` accepts.
        let file = root.appendingPathComponent(".git/description")
        var bytes = Data(repeating: 0x61, count: 200)
        try bytes.write(to: file)
        let before = try StoreSnapshot(of: root)
        #expect(try StoreSnapshot(of: root) == before)

        // A change past the first 80 bytes (all that `Data.hashValue` reads).
        bytes[150] = 0x62
        try bytes.write(to: file)
        #expect(try StoreSnapshot(of: root) != before)
        bytes[150] = 0x61
        try bytes.write(to: file)
        #expect(try StoreSnapshot(of: root) == before)

        // A new, empty folder; a changed mode; a new file in .git.
        try FileManager.default.createDirectory(at: root.appendingPathComponent(".git/objects/ab"), withIntermediateDirectories: false)
        #expect(try StoreSnapshot(of: root) != before)
        try FileManager.default.removeItem(at: root.appendingPathComponent(".git/objects/ab"))
        try FileManager.default.setAttributes([.posixPermissions: 0o600], ofItemAtPath: file.path)
        #expect(try StoreSnapshot(of: root) != before)
        try FileManager.default.setAttributes([.posixPermissions: before.items[".git/description"]?.permissions ?? 0o644], ofItemAtPath: file.path)
        #expect(try StoreSnapshot(of: root) == before)
        try Data().write(to: root.appendingPathComponent(".git/chronik.lock"))
        #expect(try StoreSnapshot(of: root) != before)

        // chronik's caches are the one exception (see `Sandbox.state(of:)`).
        try FileManager.default.removeItem(at: root.appendingPathComponent(".git/chronik.lock"))
        try FileManager.default.createDirectory(at: root.appendingPathComponent(".git/chronik"), withIntermediateDirectories: false)
        try Data("cache".utf8).write(to: root.appendingPathComponent(".git/chronik/validation-cache"))
        #expect(try StoreSnapshot(of: root) == before)
    }
}
