@testable import ChronikSchema
import ChronikStore
import Foundation
import Testing

/// A sample version whose entries carry blob ids (as if committed) and a cache file in a fresh folder.
func cachedVersion(_ files: [String: String], cache: URL, schemaOverrides: [String: String] = [:]) throws -> VersionContent {
    var content = try sampleVersion(files, schemaOverrides: schemaOverrides)
    for (id, source) in content.entries {
        var hash = ValidationFingerprint.FNV1a64()
        hash.add((source.read() ?? Data()))
        content.entries[id]?.blobID = hash.hex + id.path.utf8.count.description
    }
    content.cacheFile = cache
    return content
}

func temporaryCacheFile() throws -> URL {
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("chronik-cache-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    return folder.appendingPathComponent("chronik/validation-cache")
}

/// Removes the folder `temporaryCacheFile()` made.
func removeTemporaryCache(_ file: URL) {
    try? FileManager.default.removeItem(at: file.deletingLastPathComponent().deletingLastPathComponent())
}

@Suite("Validation cache: records, fingerprints, same findings with and without it")
struct StoreCacheTests {
    let files = [
        "glossary/reallabor.md": entry("term: Reallabor\nsee_also: [smart-city]"),
        "glossary/smart-city.md": entry("term: Smart City\nsee_also: [reallabor]"),
        "faq/was.md": entry("question: Was?\ncategory: Prozess\nrelated: [reallabor, fehlt]"),
        "glossary/kaputt.md": entry("term: 12\nsee_also: [kaputt]"),
    ]

    @Test func fingerprintsAreStableAcrossRunsAndMachines() {
        // A fixed value: Swift's `Hasher` is seeded per process and would fail this.
        var hash = ValidationFingerprint.FNV1a64()
        hash.add("chronik".utf8)
        #expect(hash.hex == "1ef6793937f8a075") // as computed by an independent FNV-1a 64 implementation
        let collection = CollectionConfig(name: "glossary", schema: "schemas/glossary.schema.json")
        let rules = CollectionRules(collection: "glossary", references: [.init(field: "see_also", target: "glossary")], unique: ["term"])
        let a = ValidationFingerprint.collection(collection, allCollections: ["glossary", "faq"], schemaFiles: 1, rules: rules, formatAssertion: true)
        #expect(a == ValidationFingerprint.collection(collection, allCollections: ["faq", "glossary"], schemaFiles: 1, rules: rules, formatAssertion: true))
        #expect(a != ValidationFingerprint.collection(collection, allCollections: ["glossary", "faq"], schemaFiles: 2, rules: rules, formatAssertion: true))
        #expect(a != ValidationFingerprint.collection(collection, allCollections: ["glossary", "faq"], schemaFiles: 1, rules: rules, formatAssertion: false))
        #expect(a != ValidationFingerprint.collection(collection, allCollections: ["glossary"], schemaFiles: 1, rules: rules, formatAssertion: true))
        var other = rules
        other.dateOrders = [.init(field: "term", notBefore: "see_also")]
        #expect(a != ValidationFingerprint.collection(collection, allCollections: ["glossary", "faq"], schemaFiles: 1, rules: other, formatAssertion: true))
        var limits = FrontMatterLimits()
        let withDefaults = ValidationFingerprint.withLimits(a, limits)
        limits.maxNodes -= 1
        #expect(withDefaults != ValidationFingerprint.withLimits(a, limits))
    }

    @Test func anySchemaByteChangesEveryCollectionsFingerprint() throws {
        let plain = StoreSchemas.load(config: try sampleVersion([:]).config, read: try sampleVersion([:]).readFile)
        let faq = try String(contentsOf: sampleSchemasFolder.appendingPathComponent("faq.schema.json"), encoding: .utf8)
        let edited = try sampleVersion([:], schemaOverrides: ["schemas/faq.schema.json": faq + " "])
        let changed = StoreSchemas.load(config: edited.config, read: edited.readFile)
        for name in sampleCollections {
            let before = try #require(plain.collections[name]?.fingerprint)
            #expect(!before.isEmpty)
            #expect(before != changed.collections[name]?.fingerprint, "\(name)")
        }
        let again = StoreSchemas.load(config: try sampleVersion([:]).config, read: try sampleVersion([:]).readFile)
        #expect(plain.collections.mapValues(\.fingerprint) == again.collections.mapValues(\.fingerprint))
    }

    @Test func recordsRoundTripThroughTheFile() throws {
        let file = try temporaryCacheFile()
        defer { removeTemporaryCache(file) }
        var cache = ReferenceCache(file: file)
        let odd = EntrySummary(references: [["a", "with space", "tab\there", "", "back\\slash", "zeile\nzwei"], []], unique: ["sÄ\r\n", nil])
        cache.store(odd, valid: true, blob: "b1", fingerprint: "f1")
        cache.store(EntrySummary(references: [[], ["x"]], unique: [nil, "n1"]), valid: false, blob: "b2", fingerprint: "f1")
        cache.save(blobs: (2, { ["b1", "b2"] }), files: nil, fingerprints: ["f1"])
        let read = ReferenceCache(file: file)
        #expect(read.records == cache.records)
        #expect(read.records["b1\tf1"]?.summary == odd)
        #expect(read.records["b2\tf1"]?.valid == false)
        // Pruning: blobs and fingerprints the version does not use are dropped.
        var pruned = read
        pruned.save(blobs: (1, { ["b1"] }), files: nil, fingerprints: ["f1"])
        #expect(ReferenceCache(file: file).records.keys.sorted() == ["b1\tf1"])
        pruned.store(EntrySummary(references: [[], []], unique: [nil, nil]), valid: true, blob: "b1", fingerprint: "f2")
        pruned.save(blobs: (1, { ["b1"] }), files: nil, fingerprints: ["f2"])
        #expect(ReferenceCache(file: file).records.keys.sorted() == ["b1\tf2"])
    }

    @Test func damagedFilesAreNotUsed() throws {
        let file = try temporaryCacheFile()
        defer { removeTemporaryCache(file) }
        var cache = ReferenceCache(file: file)
        cache.store(EntrySummary(references: [["alpha", "beta"]], unique: []), valid: true, blob: "b1", fingerprint: "f1")
        cache.save(blobs: (1, { ["b1"] }), files: nil, fingerprints: ["f1"])
        let good = try Data(contentsOf: file)
        #expect(ReferenceCache(file: file).records.count == 1)
        // Cut anywhere, one byte changed, or another format: no records at all (never a wrong one).
        for cut in 0..<good.count {
            #expect(ReferenceCache.parse(good.prefix(cut)) == nil, "cut at \(cut)")
        }
        var flipped = good
        let i = try #require(good.firstIndex(of: UInt8(ascii: "b")))
        flipped[i] = UInt8(ascii: "c")
        #expect(ReferenceCache.parse(flipped) == nil)
        #expect(ReferenceCache.parse(Data("chronik-validation-cache 1\nb1\tf1\tralpha beta\n".utf8)) == nil)
        #expect(ReferenceCache.parse(Data("chronik-validation-cache 2\nb1\tf1\tv\tralpha beta\n".utf8)) == nil)
    }

    @Test func validationGivesTheSameReportColdAndWarm() throws {
        let cache = try temporaryCacheFile()
        defer { removeTemporaryCache(cache) }
        let validator = StoreValidator()
        let uncached = validator.validate(try sampleVersion(files))
        #expect(!uncached.problems.isEmpty)
        let content = try cachedVersion(files, cache: cache)
        let cold = validator.validate(content)
        #expect(cold.problems == uncached.problems)
        // Only the entries without problems of their own are recorded as valid.
        let records = ReferenceCache(file: cache).records
        #expect(records.count == 3)
        #expect(records.values.filter { !$0.valid }.isEmpty)
        let warm = validator.validate(content)
        #expect(warm.problems == uncached.problems)
        #expect(warm.entriesChecked == uncached.entriesChecked)
        let located = warm.problems.filter { $0.file == "faq/was.md" && $0.line == 4 }
        #expect(located.map(\.field) == ["/related/1"])
        // One entry, its references against every entry.
        let one = EntryID(collection: "faq", id: "was")
        let uncachedOne = validator.validate(try sampleVersion(files), only: [one]).problems
        #expect(validator.validate(content, only: [one]).problems == uncachedOne)
    }

    @Test func cachedEntriesTakingPartInProblemsAcrossEntriesGetLocations() throws {
        let cache = try temporaryCacheFile()
        defer { removeTemporaryCache(cache) }
        let validator = StoreValidator()
        _ = validator.validate(try cachedVersion(files, cache: cache))
        // Remove a target of cached entries' references and repeat a cached entry's unique term.
        var changed = files
        changed["glossary/smart-city.md"] = nil
        changed["glossary/reallabor-2.md"] = entry("term: Reallabor")
        let expected = validator.validate(try sampleVersion(changed)).problems
        let warm = validator.validate(try cachedVersion(changed, cache: cache)).problems
        #expect(warm == expected)
        #expect(lines(StoreValidationReport(problems: warm, entriesChecked: 0, schemasChecked: 0)).contains(
            "glossary/reallabor.md:2:7: term: must be unique in glossary, but glossary/reallabor-2.md has the same value `Reallabor`"))
        #expect(warm.contains { $0.file == "glossary/reallabor.md" && $0.line == 3 && $0.keyword == "x-chronik-ref" })
    }

    @Test func aSchemaChangeInvalidatesRecords() throws {
        let cache = try temporaryCacheFile()
        defer { removeTemporaryCache(cache) }
        let validator = StoreValidator()
        #expect(validator.validate(try cachedVersion(["glossary/smart-city.md": entry("term: Smart City")], cache: cache)).isValid)
        var glossary = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: sampleSchemasFolder.appendingPathComponent("glossary.schema.json"))) as? [String: Any])
        var properties = try #require(glossary["properties"] as? [String: Any])
        properties["term"] = ["type": "string", "maxLength": 5, "x-chronik-unique": true]
        glossary["properties"] = properties
        let schema = String(decoding: try JSONSerialization.data(withJSONObject: glossary), as: UTF8.self)
        let report = validator.validate(try cachedVersion(["glossary/smart-city.md": entry("term: Smart City")], cache: cache,
                                                          schemaOverrides: ["schemas/glossary.schema.json": schema]))
        #expect(report.problems.map(\.keyword) == ["maxLength"])
    }
}

/// The sample store's working tree in a fresh folder: entry files on disk, listed with their stamps as
/// `VersionContent.workingTree(of:)` lists them, and a cache file inside the folder.
struct DiskVersion {
    let root: URL
    var cache: URL { root.appendingPathComponent(".git/chronik/validation-cache") }
    var schemaOverrides: [String: String] = [:]

    init(_ files: [String: String]) throws {
        root = FileManager.default.temporaryDirectory.appendingPathComponent("chronik-disk-\(UUID().uuidString)")
        for name in sampleCollections {
            try FileManager.default.createDirectory(at: root.appendingPathComponent(name), withIntermediateDirectories: true)
        }
        for (path, text) in files { try write(path, text) }
    }

    func write(_ path: String, _ text: String) throws {
        try Data(text.utf8).write(to: root.appendingPathComponent(path))
    }

    /// Removes the folder.
    func remove() {
        try? FileManager.default.removeItem(at: root)
    }

    func path(_ path: String) -> String { root.appendingPathComponent(path).path }

    /// The version as the validator sees it; `redirect` makes entries read from elsewhere (a missing file shows
    /// that an entry was not read), keeping the stamps listed.
    func content(redirect: [String: String] = [:]) throws -> VersionContent {
        let config = try StoreConfig.parse(Data(sampleConfigText.utf8))
        let schemas = try sampleVersion([:], schemaOverrides: schemaOverrides)
        var entries: [EntryID: VersionContent.Source] = [:]
        for name in sampleCollections {
            for file in VersionContent.listFolder(name, at: root.appendingPathComponent(name).path, collections: config.collectionNames).files {
                let filePath = redirect[file.id.path] ?? file.filePath
                entries[file.id] = VersionContent.Source(filePath: filePath, stamp: file.stamp) { FileManager.default.contents(atPath: filePath) }
            }
        }
        return VersionContent(config: config, entries: entries, cacheFile: cache, readFile: schemas.readFile)
    }
}

@Suite("Validation cache: working tree files, keyed by path and stamp")
struct WorkingTreeCacheTests {
    let files = [
        "glossary/reallabor.md": entry("term: Reallabor\nsee_also: [smart-city]"),
        "glossary/smart-city.md": entry("term: Smart City\nsee_also: [reallabor]"),
        "faq/was.md": entry("question: Was?\ncategory: Prozess\nrelated: [reallabor, fehlt]"),
        "glossary/kaputt.md": entry("term: 12\nsee_also: [kaputt]"),
    ]

    /// A validator that records files however recently they changed; the tests' edits change the size or the
    /// inode, or wait for the clock tick, so that no edit can leave a stamp as it was.
    var settled: StoreValidator {
        var options = StoreValidationOptions()
        options.settleTime = .zero
        return StoreValidator(options: options)
    }

    /// What the version must give, computed without any cache.
    func expected(_ files: [String: String], schemaOverrides: [String: String] = [:]) throws -> [StoreProblem] {
        StoreValidator().validate(try sampleVersion(files, schemaOverrides: schemaOverrides)).problems
    }

    @Test func validFilesAreRecordedAndNotReadAgain() throws {
        let disk = try DiskVersion(files)
        defer { disk.remove() }
        let expected = try expected(files)
        #expect(!expected.isEmpty)
        #expect(settled.validate(try disk.content()).problems == expected)
        // Entries without problems of their own, under their stamp; `kaputt` is never recorded.
        let cache = ReferenceCache(file: disk.cache)
        #expect(Set(cache.files.keys.map(\.path)) == ["glossary/reallabor.md", "glossary/smart-city.md", "faq/was.md"])
        for (id, record) in cache.files {
            #expect(record.record.valid)
            var info = stat()
            #expect(lstat(disk.path(id.path), &info) == 0)
            #expect(record.stamp == FileStamp(info))
        }
        // Warm: the recorded entries are not read (they point nowhere now), the report is the same.
        let nowhere = disk.path("nowhere.md")
        let warm = settled.validate(try disk.content(redirect: ["glossary/reallabor.md": nowhere, "glossary/smart-city.md": nowhere]))
        #expect(warm.problems == expected)
        #expect(warm.entriesChecked == 4)
        // `faq/was.md` takes part in a problem across entries (a missing target): it is read again for its location.
        let unreadable = settled.validate(try disk.content(redirect: ["faq/was.md": nowhere]))
        #expect(unreadable.problems.contains { $0.file == "faq/was.md" && $0.message == "cannot be read" })
        // One entry: its references against every entry.
        let one = EntryID(collection: "faq", id: "was")
        #expect(settled.validate(try disk.content(), only: [one]).problems
            == StoreValidator().validate(try sampleVersion(files), only: [one]).problems)
    }

    @Test func editedReplacedTouchedAndDeletedFilesAreCheckedAgain() throws {
        let disk = try DiskVersion(files)
        defer { disk.remove() }
        var current = files
        _ = settled.validate(try disk.content())
        func check(_ what: String) throws {
            let warm = settled.validate(try disk.content()).problems
            #expect(warm == (try expected(current)), "\(what)")
            // And again, with what this run recorded.
            #expect(settled.validate(try disk.content()).problems == (try expected(current)), "\(what), again")
        }
        // In place, same size: only ctime (and mtime) tell; a pause makes sure the clock has ticked.
        Thread.sleep(forTimeInterval: 0.05)
        let sameSize = entry("term: Reallabor\nsee_also: [smart-citx]")
        #expect(sameSize.utf8.count == files["glossary/reallabor.md"]!.utf8.count)
        let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: disk.path("glossary/reallabor.md")))
        try handle.write(contentsOf: Data(sameSize.utf8))
        try handle.close()
        current["glossary/reallabor.md"] = sameSize
        try check("edited in place")
        // Replaced by another file (another inode), same size, the old modification time.
        let replaced = entry("term: Smart Citx\nsee_also: [reallabox]")
        #expect(replaced.utf8.count == files["glossary/smart-city.md"]!.utf8.count)
        var before = stat()
        #expect(lstat(disk.path("glossary/smart-city.md"), &before) == 0)
        try disk.write("glossary/smart-city.md.tmp", replaced)
        var times = [before.st_atim, before.st_mtim]
        #expect(utimensat(AT_FDCWD, disk.path("glossary/smart-city.md.tmp"), &times, 0) == 0)
        #expect(rename(disk.path("glossary/smart-city.md.tmp"), disk.path("glossary/smart-city.md")) == 0)
        current["glossary/smart-city.md"] = replaced
        try check("replaced")
        // Touched: the same bytes under a new stamp give the same findings, and a new record.
        Thread.sleep(forTimeInterval: 0.05)
        let old = ReferenceCache(file: disk.cache).files[EntryID(collection: "faq", id: "was")]
        #expect(utimensat(AT_FDCWD, disk.path("faq/was.md"), nil, 0) == 0)
        try check("touched")
        let new = ReferenceCache(file: disk.cache).files[EntryID(collection: "faq", id: "was")]
        #expect(old != nil && new != nil && old?.stamp != new?.stamp)
        // Deleted: referrers that were recorded as valid now have a dangling reference, with its location.
        try FileManager.default.removeItem(atPath: disk.path("glossary/reallabor.md"))
        current["glossary/reallabor.md"] = nil
        try check("deleted")
        #expect(ReferenceCache(file: disk.cache).files[EntryID(collection: "glossary", id: "reallabor")] == nil)
    }

    @Test func recentlyChangedFilesAreNotRecorded() throws {
        let disk = try DiskVersion(files)
        defer { disk.remove() }
        // The default: a file changed less than two seconds before the run may still change within the same
        // clock tick without its stamp showing it, so it is not recorded.
        let report = StoreValidator().validate(try disk.content())
        #expect(report.problems == (try expected(files)))
        #expect(ReferenceCache(file: disk.cache).files.isEmpty)
        // A file that changes between listing and reading is checked as read, but not recorded under the
        // stamp listed (which belongs to other bytes).
        let content = try disk.content()
        Thread.sleep(forTimeInterval: 0.05)
        try disk.write("glossary/smart-city.md", entry("term: Smart City\nsee_also: [reallabor, fehlt]"))
        var changed = files
        changed["glossary/smart-city.md"] = entry("term: Smart City\nsee_also: [reallabor, fehlt]")
        #expect(settled.validate(content).problems == (try expected(changed)))
        let recorded = ReferenceCache(file: disk.cache).files
        #expect(recorded[EntryID(collection: "glossary", id: "smart-city")] == nil)
        #expect(recorded[EntryID(collection: "glossary", id: "reallabor")] != nil)
    }

    @Test func schemaSetsAreVouchedForOnlyWithoutProblems() throws {
        var disk = try DiskVersion(files)
        defer { disk.remove() }
        _ = settled.validate(try disk.content())
        #expect(ReferenceCache(file: disk.cache).schemaSets.count == 1)
        // A schema that breaks the meta-schema after a vouched run: reported, as without a cache.
        let broken = #"{"$schema": "https://json-schema.org/draft/2020-12/schema", "type": 12}"#
        disk.schemaOverrides = ["schemas/faq.schema.json": broken]
        let report = settled.validate(try disk.content())
        #expect(report.problems == (try expected(files, schemaOverrides: disk.schemaOverrides)))
        #expect(report.problems.contains { $0.file == "schemas/faq.schema.json" && $0.message.hasPrefix("is not valid JSON Schema") })
        #expect(ReferenceCache(file: disk.cache).schemaSets.count == 1)
        // Again (nothing vouches for the broken set), and back to the good schemas, which are vouched for still.
        #expect(settled.validate(try disk.content()).problems == report.problems)
        disk.schemaOverrides = [:]
        #expect(settled.validate(try disk.content()).problems == (try expected(files)))
        // A schema that does not compile (a `$ref` to nothing) is found, and entries are checked again.
        let unresolved = #"{"$schema": "https://json-schema.org/draft/2020-12/schema", "type": "object", "properties": {"term": {"$ref": "missing.json"}}}"#
        disk.schemaOverrides = ["schemas/glossary.schema.json": unresolved]
        #expect(settled.validate(try disk.content()).problems == (try expected(files, schemaOverrides: disk.schemaOverrides)))
    }

    @Test func aDamagedCacheGivesTheSameReportAndIsReplaced() throws {
        let disk = try DiskVersion(files)
        defer { disk.remove() }
        let expected = try expected(files)
        try FileManager.default.createDirectory(at: disk.cache.deletingLastPathComponent(), withIntermediateDirectories: true)
        for garbage in ["", "chronik-validation-cache 3\nf:glossary/reallabor.md\t1.2.3.4.5\tff\tv\tr\t=sReallabor\n",
                        "chronik-validation-cache 2\nabc\tdef\tv\n", "\u{FF}\u{00}binary"] {
            try Data(garbage.utf8).write(to: disk.cache)
            // Nothing recent is recorded (default settle time), yet the damaged file is replaced.
            #expect(StoreValidator().validate(try disk.content()).problems == expected, "\(garbage)")
            let text = try String(contentsOf: disk.cache, encoding: .utf8)
            #expect(text.hasPrefix(ReferenceCache.header + "\n"), "\(garbage)")
            #expect(ReferenceCache.parse(try Data(contentsOf: disk.cache)) != nil)
        }
        // A record whose line was altered (a stamp that is not the file's) no longer passes the checksum.
        _ = settled.validate(try disk.content())
        let good = try String(contentsOf: disk.cache, encoding: .utf8)
        let damaged = good.replacingOccurrences(of: "\tv", with: "\ts")
        #expect(damaged != good)
        #expect(ReferenceCache.parse(Data(damaged.utf8)) == nil)
    }

    @Test func anUnchangedCleanVersionIsRecognisedAndNothingElse() throws {
        // A store without problems: every entry valid, references resolved.
        let good = [
            "glossary/reallabor.md": entry("term: Reallabor\nsee_also: [smart-city]"),
            "glossary/smart-city.md": entry("term: Smart City\nsee_also: [reallabor]"),
            "faq/was.md": entry("question: Was?\ncategory: Prozess\nrelated: [reallabor]"),
        ]
        let disk = try DiskVersion(good)
        defer { disk.remove() }
        #expect(settled.validate(try disk.content()).isValid)
        #expect(ReferenceCache(file: disk.cache).cleanEntryCount == 3)
        // Warm and unchanged: the same report, and the file is left as it is.
        let written = try Data(contentsOf: disk.cache)
        let warm = settled.validate(try disk.content())
        #expect(warm.isValid && warm.entriesChecked == 3)
        #expect(try Data(contentsOf: disk.cache) == written)
        // One entry only: the same report as without a cache, and the mark is gone (such a run checks a part).
        let one = EntryID(collection: "faq", id: "was")
        #expect(settled.validate(try disk.content(), only: [one]).problems
            == StoreValidator().validate(try sampleVersion(good), only: [one]).problems)
        #expect(ReferenceCache(file: disk.cache).cleanEntryCount == nil)
        #expect(settled.validate(try disk.content()).isValid)
        #expect(ReferenceCache(file: disk.cache).cleanEntryCount == 3)
        // A referenced entry deleted: every other entry is recorded and unchanged, but the version is not the
        // one recorded as clean; the dangling references are found, with their locations.
        var current = good
        try FileManager.default.removeItem(atPath: disk.path("glossary/reallabor.md"))
        current["glossary/reallabor.md"] = nil
        let afterDelete = settled.validate(try disk.content())
        #expect(afterDelete.problems == (try expected(current)))
        #expect(afterDelete.problems.count == 2)
        #expect(ReferenceCache(file: disk.cache).cleanEntryCount == nil)
        #expect(settled.validate(try disk.content()).problems == (try expected(current)))
        // Restored under the same name (a new file, so a new record): clean again.
        try disk.write("glossary/reallabor.md", good["glossary/reallabor.md"]!)
        #expect(settled.validate(try disk.content()).isValid)
        #expect(ReferenceCache(file: disk.cache).cleanEntryCount == 3)
        // A new entry that repeats a unique term: not recorded yet, so checked, and the duplicate is found.
        try disk.write("glossary/reallabor-2.md", entry("term: Reallabor"))
        current = good
        current["glossary/reallabor-2.md"] = entry("term: Reallabor")
        #expect(settled.validate(try disk.content()).problems == (try expected(current)))
        #expect(settled.validate(try disk.content()).problems == (try expected(current)))
        #expect(ReferenceCache(file: disk.cache).cleanEntryCount == nil)
    }

    /// Thousands of file records are written in two halves, one per core (`ReferenceCache.save`): the file reads
    /// back whole (the checksum of the joined halves holds), every record as stored, odd ids included.
    @Test func thousandsOfFileRecordsWrittenInHalvesReadBack() throws {
        let file = try temporaryCacheFile()
        defer { removeTemporaryCache(file) }
        var cache = ReferenceCache(file: file)
        var random = SplitMix64(seed: 0x5EED_0000_0000_0C5A)
        for i in 0..<5_000 {
            let stamp = FileStamp(device: 65024, inode: UInt64(i), size: Int64(i * 7), modified: Int64(i) &* 1_000_003, changed: -Int64(i))
            let id = i % 97 == 0 ? "odd id \t\(i)" : "entry-\(i)"
            let summary = EntrySummary(references: [(0..<Int.random(in: 0...3, using: &random)).map { "ref-\($0 + i)" }],
                                       unique: [Bool.random(using: &random) ? "s\(i)" : nil])
            cache.store(summary, valid: Bool.random(using: &random), entry: EntryID(collection: i % 2 == 0 ? "glossary" : "faq", id: id),
                        stamp: stamp, fingerprint: i % 3 == 0 ? "f1" : "f2")
        }
        cache.save(blobs: nil, files: (5_000, { _ in true }, 5_000), fingerprints: ["f1", "f2"])
        let read = ReferenceCache(file: file)
        #expect(read.files.count == 5_000)
        #expect(read.files == cache.files)
        #expect(read.cleanEntryCount == 5_000)
    }

    @Test func stampsAndFileRecordsRoundTrip() throws {
        let file = try temporaryCacheFile()
        defer { removeTemporaryCache(file) }
        var cache = ReferenceCache(file: file)
        let stamp = FileStamp(device: 65024, inode: 123, size: 4096, modified: 1_795_893_116_720_376_129, changed: -5)
        let odd = EntrySummary(references: [["with space", "tab\there", "back\\slash"]], unique: ["sÄ\r\n"])
        cache.store(odd, valid: true, entry: EntryID(collection: "glossary", id: "a b"), stamp: stamp, fingerprint: "f1")
        cache.store(EntrySummary(references: [], unique: []), valid: true, blob: "b1", fingerprint: "f1")
        cache.vouch(forSchemas: "k1")
        cache.save(blobs: nil, files: (0, { _ in true }, nil), fingerprints: ["f1"])
        let read = ReferenceCache(file: file)
        #expect(read.files == cache.files)
        #expect(read.records == cache.records)
        #expect(read.schemaSets == ["k1"])
        #expect(read.record(entry: EntryID(collection: "glossary", id: "a b"), stamp: stamp, fingerprint: "f1",
                            rules: CollectionRules(collection: "glossary", references: [.init(field: "see_also", target: "glossary")],
                                                   unique: ["term"]))?.summary == odd)
        var other = stamp
        other.changed += 1
        #expect(read.record(entry: EntryID(collection: "glossary", id: "a b"), stamp: other, fingerprint: "f1",
                            rules: CollectionRules(collection: "glossary", references: [.init(field: "see_also", target: "glossary")],
                                                   unique: ["term"])) == nil)
        // Working tree pruning leaves blob records alone, and the other way round.
        var pruned = read
        pruned.forget(entry: EntryID(collection: "glossary", id: "a b"))
        pruned.save(blobs: nil, files: (0, { _ in false }, nil), fingerprints: ["f1"])
        #expect(ReferenceCache(file: file).files.isEmpty)
        #expect(ReferenceCache(file: file).records.count == 1)
    }
}

@Suite("File stamps")
struct FileStampTests {
    @Test func writtenAsTheirDecimalText() {
        let stamps = [
            FileStamp(device: 0, inode: 0, size: 0, modified: 0, changed: 0),
            FileStamp(device: .max, inode: 1, size: .max, modified: .min, changed: -1),
            FileStamp(device: 65024, inode: 16_416_880, size: 2184, modified: 1_795_893_116_720_376_129, changed: 9),
        ]
        for stamp in stamps {
            var out: [UInt8] = []
            stamp.write(to: &out)
            #expect(String(decoding: out, as: UTF8.self) == stamp.text)
        }
    }
}
