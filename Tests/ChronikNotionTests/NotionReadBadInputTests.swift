import ChronikNotion
import ChronikStore
import Foundation
import Testing
import ZIPFoundation

/// Bad input (issue 17): each refused with one clear error naming the path inside the export, nothing written.
@Suite("NotionReader: bad input refused with one error")
struct NotionReadBadInputTests {
    /// A valid export's files in a raw zip, plus `extra`.
    static func zip(with extra: [RawZip.Entry], in folder: TemporaryFolder) throws -> URL {
        let files = NotionFixture.sample.files(.markdown).map { RawZip.Entry($0.path, $0.data) }
        let url = folder.path("export.zip")
        try RawZip.make(files + extra).write(to: url)
        return url
    }

    /// Reads `url` and returns the error, checking that the folder around it is as it was (nothing written there; that
    /// the reader writes nowhere else is `readerHasNoWayToWrite`: the machine's temporary folder is shared with other
    /// processes, so a before/after listing of it would prove nothing).
    static func error(reading url: URL, limits: NotionReadLimits = .init()) throws -> NotionReadError? {
        let parent = url.deletingLastPathComponent()
        let before = try FileManager.default.subpathsOfDirectory(atPath: parent.path).sorted()
        defer { #expect((try? FileManager.default.subpathsOfDirectory(atPath: parent.path).sorted()) == before) }
        do {
            _ = try NotionReader(limits: limits).read(url)
            return nil
        } catch {
            return error
        }
    }

    /// The reader's sources call nothing that writes or makes files: it reads zips into memory (ZIPFoundation's
    /// `Archive(data:)` for parts) and folders in place.
    @Test func readerHasNoWayToWrite() throws {
        let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Sources/ChronikNotion/Read")
        let names = try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { $0.hasSuffix(".swift") }
        #expect(names.count >= 10)
        let writing = ["write(", "createFile", "createDirectory", "copyItem", "moveItem", "removeItem", "O_CREAT", "O_WRONLY", "O_RDWR",
                       "fopen", "mkdir", "temporaryDirectory", "NSTemporaryDirectory", "mkstemp", "accessMode: .create",
                       "accessMode: .update", "extract(_ entry: Entry, to"]
        for name in names {
            let text = try String(contentsOf: folder.appendingPathComponent(name), encoding: .utf8)
            for call in writing { #expect(!text.contains(call), "\(name) uses \(call)") }
        }
    }

    @Test func validRawZipReads() throws {
        let folder = try TemporaryFolder()
        let export = try NotionReader().read(try Self.zip(with: [], in: folder))
        #expect(export.databases.count == 5)
    }

    @Test(arguments: ["Export/../../evil.md", "../evil 11111111111141118111111111111111.md", "/etc/passwd",
                      "C:/Windows/evil.md", "Export\\..\\evil.md", "\\evil.md"])
    func unsafeNames(name: String) throws {
        let folder = try TemporaryFolder()
        let url = try Self.zip(with: [RawZip.Entry(name)], in: folder)
        #expect(try Self.error(reading: url) == .unsafePath(path: name))
    }

    @Test func symlinkInZip() throws {
        let folder = try TemporaryFolder()
        let url = try Self.zip(with: [RawZip.Entry("Export/link.md", Data("/etc/passwd".utf8), mode: 0o120777)], in: folder)
        #expect(try Self.error(reading: url) == .symlink(path: "Export/link.md"))
    }

    @Test func symlinkInFolder() throws {
        let folder = try TemporaryFolder()
        let root = folder.path("export")
        try NotionFixture.sample.writeFolder(root, .markdown)
        let link = NotionFixture.sample.exportFolder + "/secret 11111111111141118111111111111111.md"
        try FileManager.default.createSymbolicLink(atPath: root.appendingPathComponent(link).path, withDestinationPath: "/etc/passwd")
        #expect(try Self.error(reading: root) == .symlink(path: link))
        // The export itself given as a symlink.
        try FileManager.default.createSymbolicLink(atPath: folder.path("link").path, withDestinationPath: root.path)
        #expect(try Self.error(reading: folder.path("link")) == .symlink(path: folder.path("link").path))
    }

    @Test func nameNotUTF8InZip() throws {
        let folder = try TemporaryFolder()
        // "Müller.md" in Latin-1, without the UTF-8 flag (as old Windows zips write it).
        let raw: [UInt8] = Array("Export/M".utf8) + [0xFC] + Array("ller.md".utf8)
        let url = try Self.zip(with: [RawZip.Entry(rawName: raw, utf8Flag: false)], in: folder)
        #expect(try Self.error(reading: url) == .nameNotUTF8(path: "Export/Müller.md"))
    }

    @Test func nameNotUTF8InFolder() throws {
        let folder = try TemporaryFolder()
        let root = folder.path("export")
        try NotionFixture.sample.writeFolder(root, .markdown)
        let raw: [UInt8] = Array((root.path + "/M").utf8) + [0xFC] + Array("ller.md".utf8) + [0]
        let fd = raw.withUnsafeBufferPointer { buffer in
            buffer.baseAddress!.withMemoryRebound(to: CChar.self, capacity: raw.count) { open($0, O_CREAT | O_WRONLY, 0o644) }
        }
        #expect(fd >= 0)
        close(fd)
        #expect(try Self.error(reading: root) == .nameNotUTF8(path: "M\u{FFFD}ller.md"))
    }

    /// A real zip bomb in small: a megabyte of zeros deflates about a thousandfold.
    @Test func compressionRatio() throws {
        let folder = try TemporaryFolder()
        let url = folder.path("bomb.zip")
        var files = NotionFixture.sample.files(.markdown)
        files.append(("Export/zeros.bin", Data(count: 1 << 20)))
        try NotionFixture.zip(files, to: url)
        guard case .compressionRatio(let path, let ratio, let limit) = try Self.error(reading: url) else {
            Issue.record("not refused for its ratio")
            return
        }
        #expect(path == "Export/zeros.bin" && ratio > 200 && limit == 200)
        // With a limit that lets the ratio pass, the total size still bounds it.
        #expect(try Self.error(reading: url, limits: NotionReadLimits(maxTotalBytes: 512 << 10, maxCompressionRatio: 5000))
                    == .tooLarge(path: "Export/zeros.bin", limit: 512 << 10))
    }

    /// A header that claims a small size for an entry that inflates to more: stopped when the bytes pass the claim.
    @Test func sizeThatLies() throws {
        let folder = try TemporaryFolder()
        let honest = folder.path("honest.zip")
        try NotionFixture.zip([("Export/zeros 11111111111141118111111111111111.md", Data(count: 1 << 20))], to: honest)
        let lying = folder.path("lying.zip")
        try RawZip.declaringUncompressedSize(1000, in: try Data(contentsOf: honest)).write(to: lying)
        #expect(try Self.error(reading: lying) == .corruptEntry(path: "Export/zeros 11111111111141118111111111111111.md"))
    }

    @Test func totalSize() throws {
        let folder = try TemporaryFolder()
        let zip = folder.path("export.zip")
        try NotionFixture.sample.writeZip(zip, .markdown)
        let limits = NotionReadLimits(maxTotalBytes: 2000)
        guard case .tooLarge(_, let limit) = try Self.error(reading: zip, limits: limits) else {
            Issue.record("zip not refused for its size")
            return
        }
        #expect(limit == 2000)
        try NotionFixture.sample.writeFolder(folder.path("export"), .markdown)
        guard case .tooLarge = try Self.error(reading: folder.path("export"), limits: limits) else {
            Issue.record("folder not refused for its size")
            return
        }
    }

    @Test func tooManyFiles() throws {
        let folder = try TemporaryFolder()
        let zip = folder.path("export.zip")
        try NotionFixture.sample.writeZip(zip, .html, parts: 2)
        let limits = NotionReadLimits(maxFiles: 10)
        guard case .tooManyFiles(_, let limit) = try Self.error(reading: zip, limits: limits) else {
            Issue.record("zip not refused for its files")
            return
        }
        #expect(limit == 10)
        try NotionFixture.sample.writeFolder(folder.path("export"), .html)
        guard case .tooManyFiles = try Self.error(reading: folder.path("export"), limits: limits) else {
            Issue.record("folder not refused for its files")
            return
        }
    }

    @Test func csvRowThatDoesNotMatchItsHeader() throws {
        let folder = try TemporaryFolder()
        let root = folder.path("export")
        let fixture = NotionFixture.sample
        try fixture.writeFolder(root, .markdown)
        let csv = "\(fixture.exportFolder)/Glossar \(NotionFixture.ID.glossary)_all.csv"
        let handle = try FileHandle(forWritingTo: root.appendingPathComponent(csv))
        handle.seekToEndOfFile()
        handle.write(Data("Dritter,zu,viele\r\n".utf8))
        handle.closeFile()
        // Header, two rows (the second spans two lines), then the bad one on line 5.
        #expect(try Self.error(reading: root) == .csvFieldCount(path: csv, line: 5, expected: 2, found: 3))
    }

    @Test func csvQuoteNeverClosed() throws {
        let folder = try TemporaryFolder()
        let root = folder.path("export")
        let fixture = NotionFixture.sample
        try fixture.writeFolder(root, .markdown)
        let csv = "\(fixture.exportFolder)/Glossar \(NotionFixture.ID.glossary)_all.csv"
        let handle = try FileHandle(forWritingTo: root.appendingPathComponent(csv))
        handle.seekToEndOfFile()
        handle.write(Data("Dritter,\"offen\r\n".utf8))
        handle.closeFile()
        #expect(try Self.error(reading: root) == .csvUnterminatedQuote(path: csv, line: 5))
    }

    @Test func notAZip() throws {
        let folder = try TemporaryFolder()
        let url = folder.path("export.zip")
        try Data("PK not really".utf8).write(to: url)
        guard case .unreadable(let path, _) = try Self.error(reading: url) else {
            Issue.record("not refused")
            return
        }
        #expect(path == "export.zip")
    }

    @Test func messagesNameThePathInBothLanguages() {
        let errors: [NotionReadError] = [
            .unreadable(path: "a.zip", reason: "x"), .notAnExport(path: "a.zip"), .unsafePath(path: "../a"), .symlink(path: "E/l.md"),
            .compressionRatio(path: "E/z", ratio: 1000, limit: 200), .tooLarge(path: "E/z", limit: 10), .tooManyFiles(path: "E/z", limit: 10),
            .nameNotUTF8(path: "E/M\u{FFFD}ller.md"), .corruptEntry(path: "E/z"), .csvFieldCount(path: "E/g.csv", line: 4, expected: 2, found: 3),
            .csvUnterminatedQuote(path: "E/g.csv", line: 4),
        ]
        for language in [StoreLanguage.en, .de] {
            let catalog = Messages.catalog(language)
            let messages = errors.map { $0.message(catalog) }
            for (error, message) in Swift.zip(errors, messages) { #expect(message.contains(error.path)) }
            #expect(Set(messages).count == errors.count)
        }
        #expect(NotionReadError.csvFieldCount(path: "E/g.csv", line: 4, expected: 2, found: 3).message(Messages.catalog(.de))
                    == "E/g.csv, Zeile 4: 3 Felder, wo die Kopfzeile 2 hat; nichts wurde importiert")
        // A control character in a name is shown escaped, not sent to the terminal.
        #expect(NotionReadError.symlink(path: "E/\u{1B}[31m.md").message(Messages.catalog(.en)).contains("\\u{1B}"))
    }
}
