@testable import ChronikSchema
import ChronikStore
import Foundation
import Testing

/// A cold `validate` of the working tree writes each entry's file record on the thread that checked it
/// (`StoreValidationOptions.recordsOnCheckingThreads`, `ReferenceCache.storeWritten`): held to the records stored into
/// the cache's table and written from there (the option off), on seeded versions on disk: the same report, the same
/// lines of the cache file (in any order: the table's is Swift's seeded hashing), the same records read back, and
/// the same warm report after either.
@Suite("Validation cache: a cold run's file records written on the checking threads")
struct ColdFileRecordsTests {
    /// `count` glossary and faq entries: valid ones with references (some to missing entries, some to themselves),
    /// duplicate terms (a unique field), broken front matter, wrong types, odd ids and values that need escaping.
    static func files(count: Int, seed: UInt64) -> [String: String] {
        var random = SplitMix64(seed: seed)
        var files: [String: String] = [:]
        for k in 0..<count {
            let id = "g\(k)"
            var targets: [String] = []
            for _ in 0..<Int.random(in: 0...3, using: &random) {
                switch Int.random(in: 0..<12, using: &random) {
                case 0: targets.append(id)
                case 1: targets.append("fehlt\(Int.random(in: 0..<20, using: &random))")
                default: targets.append("g\(Int.random(in: 0..<count, using: &random))")
                }
            }
            targets = targets.reduce(into: []) { if !$0.contains($1) { $0.append($1) } }
            let list = targets.isEmpty ? "" : "\nsee_also: [" + targets.joined(separator: ", ") + "]"
            let term: String
            switch Int.random(in: 0..<20, using: &random) {
            case 0: term = "Doppelt \(Int.random(in: 0..<3, using: &random))" // unique field, shared
            case 1: term = "\"Mit\\tTab und Leerzeichen\\\\ \(k)\""
            case 2: term = "Übergang \(k)"
            default: term = "Begriff \(k)"
            }
            switch Int.random(in: 0..<25, using: &random) {
            case 0: files["glossary/\(id).md"] = "---\nterm: [unclosed\n---\nText.\n" // does not parse
            case 1: files["glossary/\(id).md"] = entry("term: 12" + list) // wrong type
            default: files["glossary/\(id).md"] = entry("term: \(term)" + list)
            }
            if Int.random(in: 0..<4, using: &random) == 0 {
                let related = Bool.random(using: &random) ? "\nrelated: [g\(Int.random(in: 0..<count, using: &random))]" : ""
                files["faq/f\(k).md"] = entry("question: Frage \(k)?\ncategory: Prozess" + related)
            }
        }
        return files
    }

    /// The cache file's lines but the last (its checksum), sorted.
    static func cacheLines(_ file: URL) throws -> [String] {
        let text = try String(contentsOf: file, encoding: .utf8)
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        #expect(lines.last == "")
        lines.removeLast()
        #expect(lines.last?.hasPrefix(ReferenceCache.footerPrefix) == true)
        lines.removeLast()
        return lines.sorted()
    }

    /// The version on disk as a run without a cache file lists it: regular files without their stamps (the reads
    /// give them), or with them (as a run with a cache file lists them).
    static func content(_ disk: DiskVersion, stamps: Bool) throws -> VersionContent {
        var content = try disk.content()
        if !stamps {
            for (id, source) in content.entries {
                let path = try #require(source.filePath)
                content.entries[id] = VersionContent.Source(filePath: path, listedRegular: true) { FileManager.default.contents(atPath: path) }
            }
        }
        return content
    }

    @Test(arguments: [UInt64(1), 7, 19]) func theLinesAreTheTablesOnes(seed: UInt64) throws {
        let disk = try DiskVersion(Self.files(count: 400, seed: seed))
        defer { disk.remove() }
        let cases: [(Duration, Bool, Int)] = [(.zero, false, 64), (.zero, true, 64), (.zero, false, Int.max / 32),
                                              (.seconds(1_000_000), false, 64)]
        for (settle, stamps, parallelThreshold) in cases {
            var options = StoreValidationOptions()
            options.settleTime = settle
            options.parallelThreshold = parallelThreshold
            var reference = options
            reference.recordsOnCheckingThreads = false
            let what = "seed \(seed), settle \(settle), stamps \(stamps), threshold \(parallelThreshold)"

            try? FileManager.default.removeItem(at: disk.cache)
            let new = StoreValidator(options: options).validate(try Self.content(disk, stamps: stamps))
            let newLines = try Self.cacheLines(disk.cache)
            let newRead = ReferenceCache(file: disk.cache)
            let newWarm = StoreValidator(options: options).validate(try Self.content(disk, stamps: true))

            try? FileManager.default.removeItem(at: disk.cache)
            let old = StoreValidator(options: reference).validate(try Self.content(disk, stamps: stamps))
            let oldLines = try Self.cacheLines(disk.cache)
            let oldRead = ReferenceCache(file: disk.cache)
            let oldWarm = StoreValidator(options: reference).validate(try Self.content(disk, stamps: true))

            #expect(lines(new) == lines(old), "\(what)")
            #expect(new.problems.map(\.detail) == old.problems.map(\.detail), "\(what)")
            #expect(!new.problems.isEmpty, "\(what)")
            #expect(newLines == oldLines, "\(what)")
            #expect(newRead.files == oldRead.files, "\(what)")
            #expect(newRead.cleanEntryCount == oldRead.cleanEntryCount, "\(what)")
            if settle == .zero {
                // Every entry without a problem of its own is recorded, and only those.
                #expect(newRead.files.count > 200, "\(what)")
                #expect(newRead.files.count < disk.entryCount, "\(what)")
            } else {
                #expect(newRead.files.isEmpty, "\(what)")
            }
            #expect(lines(newWarm) == lines(new), "\(what)")
            #expect(lines(oldWarm) == lines(new), "\(what)")
        }
    }

    /// A version without any problem: the file says so (`c:` line), and the next run is recognised as unchanged.
    @Test func aCleanVersionIsRecordedAsClean() throws {
        var files: [String: String] = [:]
        for k in 0..<300 { files["glossary/g\(k).md"] = entry("term: Begriff \(k)\nsee_also: [g\((k + 1) % 300)]") }
        let disk = try DiskVersion(files)
        defer { disk.remove() }
        var options = StoreValidationOptions()
        options.settleTime = .zero
        var reference = options
        reference.recordsOnCheckingThreads = false
        for stamps in [false, true] {
            try? FileManager.default.removeItem(at: disk.cache)
            #expect(StoreValidator(options: options).validate(try Self.content(disk, stamps: stamps)).problems.isEmpty)
            let newLines = try Self.cacheLines(disk.cache)
            #expect(ReferenceCache(file: disk.cache).cleanEntryCount == 300)
            try? FileManager.default.removeItem(at: disk.cache)
            #expect(StoreValidator(options: reference).validate(try Self.content(disk, stamps: stamps)).problems.isEmpty)
            #expect(try Self.cacheLines(disk.cache) == newLines)
            #expect(newLines.contains("c:300"))
        }
    }

    /// Lines written out are stored only into a cache without file records; `save` writes them with the table's.
    @Test func writtenLinesReadBackAsRecords() throws {
        let file = try temporaryCacheFile()
        defer { removeTemporaryCache(file) }
        var cache = ReferenceCache(file: file)
        #expect(cache.hasNoFileRecords)
        let stamp = FileStamp(device: 65024, inode: 9, size: 120, modified: 1_795_893_116_720_376_129, changed: -5)
        let odd = EntrySummary(references: [["with space", "tab\there"], []], unique: ["sÄ\r\n", nil])
        let id = EntryID(collection: "glossary", id: "a b")
        cache.storeWritten([ReferenceCache.fileRecordLine(odd, valid: true, entry: id, stamp: stamp, fingerprint: "f1")])
        #expect(!cache.hasNoFileRecords)
        cache.save(blobs: nil, files: (0, { _ in true }, 1), fingerprints: ["f1"])
        let read = ReferenceCache(file: file)
        #expect(read.files.count == 1)
        #expect(read.files[id] == ReferenceCache.FileRecord(stamp: stamp, fingerprint: "f1", record: .init(summary: odd, valid: true)))
        #expect(read.cleanEntryCount == 1)
        #expect(!read.hasNoFileRecords)
    }
}

extension DiskVersion {
    /// How many entry files the version has on disk.
    var entryCount: Int {
        sampleCollections.reduce(0) { count, name in
            count + ((try? FileManager.default.contentsOfDirectory(atPath: path(name)))?.count ?? 0)
        }
    }
}
