import ChronikStore
import Foundation
import Testing
#if canImport(Glibc)
import Glibc
#endif

/// A temporary folder, removed at the end.
private final class Folder {
    let path: String

    init() throws {
        path = FileManager.default.temporaryDirectory.appendingPathComponent("chronik-wtf-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    }

    deinit { try? FileManager.default.removeItem(atPath: path) }

    func write(_ text: String, _ name: String) throws {
        let url = URL(fileURLWithPath: path).appendingPathComponent(name)
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data(text.utf8).write(to: url)
    }
}

@Suite("WorkingTreeFile: no link, FIFO, device or folder is read, and the size cap holds before reading")
struct WorkingTreeFileTests {
    private func failure(_ result: Result<WorkingTreeFile, WorkingTreeFileError>) -> WorkingTreeFileError? {
        if case .failure(let error) = result { return error }
        return nil
    }

    @Test func regularFileIsReadWithItsStat() throws {
        let folder = try Folder()
        try folder.write("hello", "a/b.md")
        let file = try WorkingTreeFile.read("a/b.md", in: folder.path, limit: 100).get()
        #expect(file.bytes == Array("hello".utf8))
        #expect(file.info.st_size == 5)
    }

    @Test func theLimitIsExact() throws {
        let folder = try Folder()
        try folder.write(String(repeating: "x", count: 64), "a.md")
        #expect(try WorkingTreeFile.read("a.md", in: folder.path, limit: 64).get().bytes.count == 64)
        #expect(failure(WorkingTreeFile.read("a.md", in: folder.path, limit: 63)) == .tooLarge(bytes: 64, limit: 63))
        #expect(WorkingTreeFileError.tooLarge(bytes: 64, limit: 63).description
            == "The file is 64 bytes long; an entry file may be at most 63 bytes.")
    }

    @Test func anEmptyFileAndOneLongerThanItsSizeAreReadWhole() throws {
        let folder = try Folder()
        try folder.write("", "empty.md")
        #expect(try WorkingTreeFile.read("empty.md", in: folder.path, limit: 100).get().bytes.isEmpty)
        #if os(Linux)
        // /proc/self/cmdline says its size is 0 but holds the command line: read past the size, to the end, as a
        // file that grew while it was read; and refused past the limit.
        let expected = [UInt8](try Data(contentsOf: URL(fileURLWithPath: "/proc/self/cmdline")))
        #expect(expected.count > 1)
        let proc = open("/proc/self", O_RDONLY | O_DIRECTORY)
        #expect(proc >= 0)
        defer { close(proc) }
        #expect(try WorkingTreeFile.read("cmdline", at: proc, limit: 1 << 20).get().bytes == expected)
        #expect(failure(WorkingTreeFile.read("cmdline", at: proc, limit: expected.count - 1)) == .tooLarge(bytes: expected.count, limit: expected.count - 1))
        #endif
    }

    @Test func linksAreNotFollowedAtTheFileOrAnyFolder() throws {
        let folder = try Folder()
        try folder.write("secret", "outside/s.md")
        try FileManager.default.createDirectory(atPath: folder.path + "/store", withIntermediateDirectories: true)
        try FileManager.default.createSymbolicLink(atPath: folder.path + "/store/g", withDestinationPath: folder.path + "/outside")
        // store/g -> outside: the folder on the way is a link.
        #expect(failure(WorkingTreeFile.read("g/s.md", in: folder.path + "/store", limit: 100)) == .symbolicLink(folder: "g"))
        // store/h/s.md -> outside/s.md: the file itself is a link.
        try FileManager.default.createDirectory(atPath: folder.path + "/store/h", withIntermediateDirectories: true)
        try FileManager.default.createSymbolicLink(atPath: folder.path + "/store/h/s.md", withDestinationPath: folder.path + "/outside/s.md")
        let link = failure(WorkingTreeFile.read("h/s.md", in: folder.path + "/store", limit: 100))
        #expect(link == .symbolicLink(folder: nil))
        #expect(link?.description == "symbolic links are not allowed in a store")
        // `..` never leaves the root.
        #expect(failure(WorkingTreeFile.read("../outside/s.md", in: folder.path + "/store", limit: 100)) == .missing)
    }

    @Test func fifoFolderAndDeviceAreRefusedWithoutBlocking() throws {
        let folder = try Folder()
        #expect(mkfifo(folder.path + "/f.md", 0o644) == 0)
        let fifo = failure(WorkingTreeFile.read("f.md", in: folder.path, limit: 100))
        #expect(fifo == .notRegularFile(.namedPipe))
        #expect(fifo?.description == "not a regular file (a named pipe, FIFO)")
        try FileManager.default.createDirectory(atPath: folder.path + "/x.md", withIntermediateDirectories: true)
        #expect(failure(WorkingTreeFile.read("x.md", in: folder.path, limit: 100)) == .notRegularFile(.folder))
        #expect(failure(WorkingTreeFile.read("null", in: "/dev", limit: 100)) == .notRegularFile(.device))
        #expect(failure(WorkingTreeFile.read("missing.md", in: folder.path, limit: 100)) == .missing)
    }

    /// A name the caller saw as a regular file (`seenRegular`) that was swapped since for a link, FIFO, folder or
    /// nothing is refused by the open and the `fstat` of the open file, as the look before would have: never
    /// followed, never blocking, the same errors; a regular file and one over the limit read as without it.
    @Test func swappedSinceTheCallerLookedIsRefusedAlike() throws {
        let folder = try Folder()
        try folder.write("content", "a.md")
        try folder.write(String(repeating: "x", count: 200), "big.md")
        #expect(symlink(folder.path + "/a.md", folder.path + "/l.md") == 0)
        #expect(mkfifo(folder.path + "/f.md", 0o644) == 0)
        try FileManager.default.createDirectory(atPath: folder.path + "/x.md", withIntermediateDirectories: true)
        let fd = open(folder.path, O_RDONLY | O_DIRECTORY)
        #expect(fd >= 0)
        defer { close(fd) }
        for name in ["a.md", "big.md", "l.md", "f.md", "x.md", "missing.md"] {
            let looked = WorkingTreeFile.read(name, at: fd, limit: 100)
            let trusted = WorkingTreeFile.read(name, at: fd, limit: 100, seenRegular: true)
            switch (looked, trusted) {
            case let (.success(a), .success(b)): #expect(a.bytes == b.bytes, "\(name)")
            case let (.failure(a), .failure(b)): #expect(a == b, "\(name)")
            default: Issue.record("\(name): \(looked) against \(trusted)")
            }
        }
        #expect(failure(WorkingTreeFile.read("l.md", at: fd, limit: 100, seenRegular: true)) == .symbolicLink(folder: nil))
        #expect(failure(WorkingTreeFile.read("f.md", at: fd, limit: 100, seenRegular: true)) == .notRegularFile(.namedPipe))
    }
}
