@testable import ChronikSchema
import ChronikStore
import Foundation
import Testing

/// `FileReading.Folders` opens each collection folder once and reads files by name from it; what it reads (bytes,
/// stamp, or why not) must be what `FileReading.read` gives for the same path, also for paths it does not take (odd
/// names, missing or linked folders, a path without a folder), which it leaves to `FileReading.read`.
@Suite("Reading entry files from folders opened once")
struct FileReadingFoldersTests {
    func same(_ a: Result<(bytes: [UInt8], stamp: FileStamp), WorkingTreeFileError>,
              _ b: Result<(bytes: [UInt8], stamp: FileStamp), WorkingTreeFileError>) -> Bool {
        switch (a, b) {
        case let (.success(x), .success(y)): return x.bytes == y.bytes && x.stamp == y.stamp
        case let (.failure(x), .failure(y)): return x == y
        default: return false
        }
    }

    @Test(arguments: 1...10) func theSameAsReadingEachPath(seed: UInt64) throws {
        var random = SplitMix64(seed: seed)
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("chronik-folders-\(seed)-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: root) }
        // Collections: plain, with a non-ASCII name in NFC and NFD (two folders on Linux), a link to another, missing.
        let collections = ["glossary", "faq", "gr\u{00FC}n", "gru\u{0308}n", "linked", "missing"]
        var paths: [String] = []
        for name in collections {
            let folder = root.appendingPathComponent(name)
            switch name {
            case "linked": #expect(symlink("glossary", folder.path) == 0)
            case "missing": break
            default: try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            }
            for k in 0..<Int(2 + random.next() % 5) {
                // Short names (small Strings) and long ones, ASCII and not: the name is read from the path's C string.
                let file = ["e", "eintrag-mit-einem-langen-namen-", "gr\u{00FC}ne-fl\u{00E4}che-"][Int(random.next() % 3)]
                    + "\(k)-\(random.next() % 100).md"
                let path = folder.path + "/" + file
                if name != "linked", name != "missing" {
                    switch random.next() % 8 {
                    case 0: _ = symlink(file, path + ".link.md"); paths.append(path + ".link.md")
                    case 1: _ = mkfifo(path + ".fifo.md", 0o644); paths.append(path + ".fifo.md")
                    case 2: try FileManager.default.createDirectory(atPath: path + ".dir.md", withIntermediateDirectories: true); paths.append(path + ".dir.md")
                    default: break
                    }
                    let size = Int(random.next() % 3_000)
                    try Data((0..<size).map { _ in UInt8(truncatingIfNeeded: random.next()) }).write(to: URL(fileURLWithPath: path))
                }
                paths.append(path)
            }
            for odd in ["", ".", "..", "absent.md", "./x.md"] { paths.append(folder.path + "/" + odd) }
        }
        paths += ["x.md", "/x.md", root.path + "//x.md", root.path + "/glossary", root.path + "/glossary/"]
        paths.shuffle(using: &random)
        let folders = FileReading.Folders(paths: paths)
        defer { folders.close() }
        let limit = 2_000
        for path in paths {
            let expected = FileReading.read(path, limit: limit)
            #expect(same(folders.read(path, limit: limit), expected), "\(path) (seed \(seed))")
            // As the listing would vouch for it: a regular file (else the read looks itself).
            if case .success = expected {
                #expect(same(folders.read(path, limit: limit, seenRegular: true), expected), "\(path) (seed \(seed))")
            }
        }
    }
}
