@testable import ChronikSchema
import ChronikStore
import Foundation
import Testing

/// The validation cache's file is written to a temporary file and renamed over the old one, without `fsync`
/// (`ReferenceCache.replace`): nothing else is left in the folder, an old file is replaced whole, and a write that
/// cannot be renamed leaves the target and the folder as they were.
@Suite("Validation cache: the file written and renamed")
struct CacheFileReplaceTests {
    static func folder() throws -> URL {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("chronik-replace-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        return folder
    }

    @Test func replacesWholeAndLeavesNothingElse() throws {
        let folder = try Self.folder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let file = folder.appendingPathComponent("validation-cache")
        for bytes in [Array(repeating: UInt8(ascii: "a"), count: 300_000), Array("kurz\n".utf8), []] {
            bytes.withUnsafeBytes { ReferenceCache.replace(file, with: $0) }
            #expect(try [UInt8](Data(contentsOf: file)) == bytes)
            #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path) == ["validation-cache"])
        }
    }

    @Test func aFailedRenameLeavesNoTemporaryFile() throws {
        let folder = try Self.folder()
        defer { try? FileManager.default.removeItem(at: folder) }
        // The target is a folder that is not empty: the rename fails.
        let file = folder.appendingPathComponent("validation-cache")
        try FileManager.default.createDirectory(at: file, withIntermediateDirectories: true)
        try Data("x".utf8).write(to: file.appendingPathComponent("inside"))
        Array("neu\n".utf8).withUnsafeBytes { ReferenceCache.replace(file, with: $0) }
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path) == ["validation-cache"])
        #expect(try FileManager.default.contentsOfDirectory(atPath: file.path) == ["inside"])
        // A folder that is not there: nothing is written, nothing made.
        Array("neu\n".utf8).withUnsafeBytes { ReferenceCache.replace(folder.appendingPathComponent("fehlt/cache"), with: $0) }
        #expect(!FileManager.default.fileExists(atPath: folder.appendingPathComponent("fehlt").path))
    }

    /// A cold run, then a warm one that changes nothing and one after a change: the cache folder holds the cache
    /// file alone, which reads back.
    @Test func validateLeavesTheCacheFileAlone() throws {
        var files: [String: String] = [:]
        for k in 0..<80 { files["glossary/g\(k).md"] = entry("term: Begriff \(k)") }
        let disk = try DiskVersion(files)
        defer { disk.remove() }
        var options = StoreValidationOptions()
        options.settleTime = .zero
        for step in 0..<3 {
            if step == 2 { try disk.write("glossary/g1.md", entry("term: Anders")) }
            #expect(StoreValidator(options: options).validate(try disk.content()).problems.isEmpty)
            let folder = disk.cache.deletingLastPathComponent()
            #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path) == ["validation-cache"], "step \(step)")
            #expect(ReferenceCache(file: disk.cache).files.count == 80, "step \(step)")
        }
    }
}
