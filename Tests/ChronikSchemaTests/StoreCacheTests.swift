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
        var cache = ReferenceCache(file: file)
        let odd = EntrySummary(references: [["a", "with space", "tab\there", "", "back\\slash", "zeile\nzwei"], []], unique: ["sÄ\r\n", nil])
        cache.store(odd, valid: true, blob: "b1", fingerprint: "f1")
        cache.store(EntrySummary(references: [[], ["x"]], unique: [nil, "n1"]), valid: false, blob: "b2", fingerprint: "f1")
        cache.save(keepingBlobs: ["b1", "b2"], fingerprints: ["f1"], blobCount: 2)
        let read = ReferenceCache(file: file)
        #expect(read.records == cache.records)
        #expect(read.records["b1\tf1"]?.summary == odd)
        #expect(read.records["b2\tf1"]?.valid == false)
        // Pruning: blobs and fingerprints the version does not use are dropped.
        var pruned = read
        pruned.save(keepingBlobs: ["b1"], fingerprints: ["f1"], blobCount: 1)
        #expect(ReferenceCache(file: file).records.keys.sorted() == ["b1\tf1"])
        pruned.store(EntrySummary(references: [[], []], unique: [nil, nil]), valid: true, blob: "b1", fingerprint: "f2")
        pruned.save(keepingBlobs: ["b1"], fingerprints: ["f2"], blobCount: 1)
        #expect(ReferenceCache(file: file).records.keys.sorted() == ["b1\tf2"])
    }

    @Test func damagedFilesAreNotUsed() throws {
        let file = try temporaryCacheFile()
        var cache = ReferenceCache(file: file)
        cache.store(EntrySummary(references: [["alpha", "beta"]], unique: []), valid: true, blob: "b1", fingerprint: "f1")
        cache.save(keepingBlobs: ["b1"], fingerprints: ["f1"], blobCount: 1)
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
    }

    @Test func validationGivesTheSameReportColdAndWarm() throws {
        let cache = try temporaryCacheFile()
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
