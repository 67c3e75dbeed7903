import Foundation
import Testing
@testable import ChronikStore

/// A cache file written a chunk at a time from pieces (`Descriptor.replaceCacheFile(_:mode:writing:)`, `ChunkedFile`,
/// val21a): held to the pieces joined and written at once (`replaceCacheFile(_:with:mode:)`), and its checksum to
/// `Checksum.of` over them joined.
@Suite struct ChunkedFileTests {
    static func folder() throws -> URL {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("chronik-chunked-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        return folder
    }

    /// Pieces of every size around the buffer's (empty ones, lines, pieces larger than the buffer), in seeded
    /// orders, with buffers of a few sizes: the same file as the pieces joined, written once; the checksum taken
    /// anywhere is that of what was appended before it; nothing else is left in the folder.
    @Test(arguments: [UInt64(1), 5, 23, 77]) func theFileIsThePiecesJoined(seed: UInt64) throws {
        let folder = try Self.folder()
        defer { try? FileManager.default.removeItem(at: folder) }
        var random = SplitMix64(seed: seed)
        for round in 0..<12 {
            let capacity = [1, 7, 64, 4_096, ChunkedFile.capacity][round % 5]
            let count = Int(random.next() % 3_000)
            let pieces: [[UInt8]] = (0..<count).map { _ in
                let size: Int
                switch random.next() % 20 {
                case 0: size = 0
                case 1: size = capacity + Int(random.next() % 3) - 1 // about the buffer's size
                case 2: size = Int(random.next() % 200_000) // larger than most buffers
                default: size = Int(random.next() % 300) // a line
                }
                return (0..<size).map { _ in UInt8(truncatingIfNeeded: random.next()) }
            }
            let checkAt = count == 0 ? 0 : Int(random.next() % UInt64(count + 1))
            let what = "seed \(seed), round \(round), \(count) pieces, buffer \(capacity)"
            let joined = pieces.flatMap { $0 }
            let expectedSum = pieces[..<checkAt].flatMap { $0 }.withUnsafeBytes { Checksum.of($0) }
            let reference = folder.appendingPathComponent("joined")
            #expect(joined.withUnsafeBytes { Descriptor.replaceCacheFile(reference.path, with: $0) }, "\(what)")

            let file = folder.appendingPathComponent("chunked")
            var sum: UInt64?
            let written = Descriptor.replaceCacheFile(file.path, capacity: capacity) { chunked in
                for (k, piece) in pieces.enumerated() {
                    if k == checkAt { sum = chunked.checksum() }
                    chunked.append(piece)
                }
                if checkAt == pieces.count { sum = chunked.checksum() }
            }
            #expect(written, "\(what)")
            #expect(sum == expectedSum, "\(what)")
            #expect(try Data(contentsOf: file) == Data(contentsOf: reference), "\(what)")
            #expect(try [UInt8](Data(contentsOf: file)) == joined, "\(what)")
            #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted() == ["chunked", "joined"], "\(what)")
        }
    }

    /// A write that fails is kept as the file's failure; a file that cannot be put in place: false, nothing left,
    /// the old file kept.
    @Test func aFailedWriteLeavesTheOldFile() throws {
        let folder = try Self.folder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let file = folder.appendingPathComponent("cache")
        try Data("alt\n".utf8).write(to: file)
        // `/dev/full` refuses every write with ENOSPC: the same descriptor work, with a write that fails.
        let full = open("/dev/full", O_WRONLY | O_CLOEXEC)
        try #require(full >= 0)
        defer { close(full) }
        var chunked = ChunkedFile(descriptor: full, capacity: 16)
        chunked.append(Array(repeating: UInt8(ascii: "x"), count: 10))
        #expect(chunked.failure == 0) // in the buffer
        chunked.append(Array(repeating: UInt8(ascii: "y"), count: 40)) // the buffer written, then the piece: refused
        #expect(chunked.failure == ENOSPC)
        chunked.release()
        // A rename that fails (the target a folder that is not empty): false, no temporary file left.
        let target = folder.appendingPathComponent("folder")
        try FileManager.default.createDirectory(at: target, withIntermediateDirectories: true)
        try Data("x".utf8).write(to: target.appendingPathComponent("inside"))
        #expect(!Descriptor.replaceCacheFile(target.path) { $0.append(Array("neu\n".utf8)) })
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted() == ["cache", "folder"])
        #expect(try Data(contentsOf: file) == Data("alt\n".utf8))
    }
}
