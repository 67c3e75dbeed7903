import ChronikDiff
import ChronikStore
import Foundation
import GitKit
import OrderedCollections
import Testing
@testable import ChronikChangelog

/// `RecordJSON`'s reading of whole records and of single entries from their bytes (rec15) against the reference:
/// `JSONValueDecoder` (`JSONParser`'s tree, then `Decodable`). Records are compared with `==` and by their bytes as
/// `RecordJSON` writes them (so number literals and key order count, which `JSONValue`'s `==` does not see).
@Suite struct RecordJSONRecordsTests {
    private static func referenceRecord(_ bytes: [UInt8]) -> ChangeRecord? {
        try? JSONValueDecoder().decode(ChangeRecord.self, from: Data(bytes))
    }

    private static func referenceEntry(_ bytes: [UInt8]) -> ChangelogEntry? {
        try? JSONValueDecoder().decode(ChangelogEntry.self, from: Data(bytes))
    }

    /// The same record, to the byte as `RecordJSON` writes it; or both none.
    private static func same(_ a: ChangeRecord?, _ b: ChangeRecord?) -> Bool {
        guard let a, let b else { return a == nil && b == nil }
        return a == b && RecordJSON.record(a) == RecordJSON.record(b)
    }

    private static func same(_ a: ChangelogEntry?, _ b: ChangelogEntry?) -> Bool {
        same(a.map { ChangeRecord(entries: [$0], files: [], documents: [], summary: SnapshotSummary()) },
             b.map { ChangeRecord(entries: [$0], files: [], documents: [], summary: SnapshotSummary()) })
    }

    private static func readRecord(_ bytes: [UInt8]) -> ChangeRecord? { try? RecordJSON.decodeRecord(Data(bytes)) }

    private static func readEntry(_ bytes: [UInt8]) -> ChangelogEntry? {
        bytes.withUnsafeBufferPointer { try? RecordJSON.decodeEntry($0) }
    }

    /// The sample's records (by version and by release, with blocks and without): read as the reference reads them
    /// and as they are, whole and entry by entry as `ChangeRecordEntries` cuts them; through the cache, too.
    @Test func sampleRecordsReadAsTheReferenceReadsThem() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("chronik-record-records-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: dir) }
        let report = try SnapshotImporter.run(SampleBerlin.snapshots, into: dir, root: SampleBerlin.displayName)
        let store = try Store(at: report.store)
        let cacheDirectory = dir.appendingPathComponent("cache")
        var records = 0, entries = 0, fields = 0
        for grouping in ChangelogGrouping.allCases {
            var options = ChangelogOptions()
            options.grouping = grouping
            options.language = "en"
            options.cacheDirectory = cacheDirectory
            for group in try ChangelogBuilder(repository: store.repository).build(options).groups {
                var bare = group.changes
                bare.removeBlocks()
                for record in [group.changes, bare] {
                    let bytes = RecordJSON.record(record)
                    #expect(Self.same(Self.readRecord(bytes), Self.referenceRecord(bytes)))
                    #expect(Self.same(Self.readRecord(bytes), record))
                    let data = Data(bytes)
                    let ranges = try #require(ChangeRecordEntries.entryElements(data))
                    #expect(ranges.count == record.entries.count)
                    for (range, entry) in zip(ranges, record.entries) {
                        let piece = Array(bytes[range])
                        #expect(Self.same(Self.readEntry(piece), Self.referenceEntry(piece)))
                        #expect(Self.same(Self.readEntry(piece), entry))
                    }
                }
                // What the cache gives back (the builder cached every record).
                let cache = ChangeRecordCache(directory: cacheDirectory, language: "en")
                #expect(Self.same(cache.read(base: group.base, tip: group.version, blocks: true), group.changes))
                #expect(Self.same(cache.read(base: group.base, tip: group.version, blocks: false), bare))
                let reader = ChangeRecordEntries(directory: cacheDirectory, language: "en")
                for (k, entry) in bare.entries.enumerated() {
                    #expect(Self.same(reader.entry(base: group.base, tip: group.version, position: k, count: bare.entries.count), entry))
                }
                // Let go of (peak15d), a record is read again, the same entries.
                #expect(reader.heldRecords == (bare.entries.isEmpty ? 0 : 1))
                reader.letGo()
                #expect(reader.heldRecords == 0)
                for (k, entry) in bare.entries.enumerated().reversed() {
                    #expect(Self.same(reader.entry(base: group.base, tip: group.version, position: k, count: bare.entries.count), entry))
                }
                records += 1
                entries += bare.entries.count
                fields += bare.entries.map(\.fields.count).reduce(0, +)
            }
        }
        #expect(records > 8 && entries > 30 && fields > 10, "\(records) records, \(entries) entries, \(fields) fields")
    }

    /// Seeded records with every optional set and unset, field values of every kind (numbers as written: `1.50`,
    /// `1e2`, `-0`, past `Int`'s range), text that needs escapes, empty lists; written by `RecordJSON` and as another
    /// writer might write them (members shuffled, whitespace, unknown members, absent optionals as null, integers as
    /// `1.0`, every escape): read as the reference reads them, whole and entry by entry.
    @Test(arguments: [7, 4_711, 2026] as [UInt64])
    func seededRecordsReadAsTheReferenceReadsThem(seed: UInt64) throws {
        var random = SplitMix64(seed: seed &+ 99)
        var generator = RecordGenerator(random: SplitMix64(seed: seed))
        var read = 0
        for round in 0..<150 {
            let record = generator.record()
            let bytes = RecordJSON.record(record)
            let expected = try #require(Self.referenceRecord(bytes), "seed \(seed), round \(round)")
            #expect(Self.same(Self.readRecord(bytes), expected), "seed \(seed), round \(round)")
            // Every entry cut out alone.
            if let ranges = ChangeRecordEntries.entryElements(Data(bytes)) {
                for range in ranges {
                    let piece = Array(bytes[range])
                    #expect(Self.same(Self.readEntry(piece), Self.referenceEntry(piece)), "seed \(seed), round \(round)")
                }
            } else {
                Issue.record("entries not cut: seed \(seed), round \(round)")
            }
            // Written by another writer.
            let tree = try JSONParser.parse(Data(bytes))
            for _ in 0..<3 {
                var other = ForeignWriter(random: random)
                let text = Array(other.write(tree).utf8)
                random = other.random
                let reference = Self.referenceRecord(text)
                #expect(Self.same(Self.readRecord(text), reference), "seed \(seed), round \(round): \(String(decoding: text, as: UTF8.self))")
                if reference != nil { read += 1 }
                if case .object(let members) = tree, case .array(let list)? = members["entries"], let first = list.first {
                    var writer = ForeignWriter(random: random)
                    let piece = Array(writer.write(first).utf8)
                    random = writer.random
                    #expect(Self.same(Self.readEntry(piece), Self.referenceEntry(piece)), "seed \(seed), round \(round): \(String(decoding: piece, as: UTF8.self))")
                }
            }
        }
        #expect(read > 200, "seed \(seed): \(read) foreign texts read")
    }

    /// Damaged bytes (cut short, a byte flipped, dropped or doubled): read only when the reference reads them, and then
    /// as the same record (never another one).
    @Test(arguments: [11, 1_515] as [UInt64])
    func damagedRecordsAreReadOnlyAsTheReferenceReadsThem(seed: UInt64) throws {
        var generator = RecordGenerator(random: SplitMix64(seed: seed))
        var random = SplitMix64(seed: seed &+ 1)
        func next(_ bound: Int) -> Int { Int(random.next() % UInt64(max(1, bound))) }
        var rejected = 0, accepted = 0
        for round in 0..<120 {
            let bytes = RecordJSON.record(generator.record())
            for _ in 0..<12 {
                var damaged = bytes
                let at = next(bytes.count)
                switch next(4) {
                case 0: damaged.removeSubrange(at...)
                case 1: damaged[at] ^= UInt8(1 + next(255))
                case 2: damaged.remove(at: at)
                default: damaged.insert(damaged[at], at: at)
                }
                let reference = Self.referenceRecord(damaged)
                #expect(Self.same(Self.readRecord(damaged), reference), "seed \(seed), round \(round): \(String(decoding: damaged, as: UTF8.self))")
                if reference == nil { rejected += 1 } else { accepted += 1 }
                #expect(Self.same(Self.readEntry(damaged), Self.referenceEntry(damaged)))
            }
        }
        #expect(rejected > 500 && accepted > 10, "seed \(seed): \(rejected) rejected, \(accepted) read")
    }

    /// What the reference rejects, the reader rejects: members missing, null where a value is required, wrong
    /// types, unknown kinds, ids that are not ids, numbers that are no integers, members (known or not) seen twice.
    @Test func whatTheReferenceRejectsIsRejected() throws {
        let entry = #"{"kind":"modified","entry":{"collection":"c","id":"i","path":"c/i.md"},"title":"T","fields":[{"pointer":"/a","label":"A","kind":"list","old":[1],"new":{"x":1.50},"itemsAdded":[2],"itemsRemoved":[],"reordered":true,"words":[{"operation":"insert","text":"w"}]}],"prose":{"wordsAdded":1,"wordsRemoved":0,"blocksAdded":0,"blocksRemoved":0,"blocksModified":1,"blocksMoved":0},"blocks":[],"formatting":"body","references":[{"field":"/r","entry":{"collection":"c","id":"j","path":"c/j.md"},"old":"O"}],"attachments":[{"kind":"added","name":"n.pdf","newSize":12}]}"#
        let good = #"{"entries":["# + entry + #"],"files":[{"kind":"modified","path":"chronik.yml","oldBlob":"0123456789abcdef0123456789abcdef01234567"}],"documents":[{"collection":"strategy","sections":[{"kind":"moved","entry":{"collection":"strategy","id":"s"},"oldPosition":1,"newPosition":2}]}],"summary":{"entriesAdded":0,"entriesRemoved":0,"entriesModified":1,"entriesRenamed":0,"entriesMoved":0,"fieldsChanged":1,"wordsAdded":1,"wordsRemoved":0,"blocksMoved":0,"filesChanged":1}}"#
        let read = try #require(Self.readRecord(Array(good.utf8)))
        #expect(Self.same(read, Self.referenceRecord(Array(good.utf8))))
        #expect(read.entries.first?.references?.first?.old == "O")
        let replacements: [(String, String)] = [
            (#""kind":"modified","entry""#, #""entry""#),
            (#""kind":"modified","entry""#, #""kind":"changed","entry""#),
            (#""kind":"modified","entry""#, #""kind":null,"entry""#),
            (#""title":"T""#, #""title":1"#),
            (#""title":"T""#, #""title":"T","title":"U""#),
            (#""title":"T""#, #""x":1,"x":2"#),
            (#""title":"T""#, #""x":1,"y":{"a":1,"a":2}"#),
            (#","path":"c/i.md""#, ""),
            (#""fields":["#, #""fields":null,"f":["#),
            (#""label":"A","#, ""),
            (#""old":[1]"#, #""old":[1,]"#),
            (#""new":{"x":1.50}"#, #""new":{"x":1,"x":2}"#),
            (#""itemsAdded":[2]"#, #""itemsAdded":2"#),
            (#""reordered":true"#, #""reordered":1"#),
            (#""words":[{"operation":"insert","text":"w"}]"#, #""words":[{"operation":"insert"}]"#),
            (#""wordsAdded":1,"wordsRemoved":0,"blocksAdded""#, #""wordsAdded":1.5,"wordsRemoved":0,"blocksAdded""#),
            (#""blocksMoved":0},"blocks":[]"#, #""blocksMoved":0}"#),
            (#""blocks":[]"#, #""blocks":null"#),
            (#""formatting":"body""#, #""formatting":"bodies""#),
            (#""entry":{"collection":"c","id":"j","path":"c/j.md"}"#, #""entry":{"collection":"c"}"#),
            (#""name":"n.pdf","newSize":12"#, #""name":"n.pdf","newSize":"12""#),
            (#""name":"n.pdf","newSize":12"#, #""newSize":12"#),
            ("0123456789abcdef0123456789abcdef01234567", "0123456789abcdef0123456789abcdef0123456"),
            ("0123456789abcdef0123456789abcdef01234567", "0123456789abcdef0123456789abcdef0123456g"),
            (#""path":"chronik.yml""#, #""path":null"#),
            (#""sections":[{"#, #""sections":null,"s":[{"#),
            (#""entry":{"collection":"strategy","id":"s"}"#, #""entry":{"id":7}"#),
            (#""oldPosition":1"#, #""oldPosition":1e400"#),
            (#""filesChanged":1}"#, "}"),
            (#""filesChanged":1}"#, #""filesChanged":1,"filesChanged":1}"#),
            (#""summary":{"#, #""summary":null,"s":{"#),
            (#"{"entries":["#, #"{"entries":null,"e":["#),
        ]
        for (from, to) in replacements {
            let text = good.replacingOccurrences(of: from, with: to)
            #expect(text != good, "\(from) not in the record")
            #expect(Self.referenceRecord(Array(text.utf8)) == nil, "the reference takes \(text)")
            #expect(Self.readRecord(Array(text.utf8)) == nil, "read: \(text)")
        }
        // What the reference takes that is not as `RecordJSON` writes it.
        let taken: [(String, String)] = [
            (#""title":"T""#, #""title":null"#),
            (#""title":"T""#, #""extra":[{"a":null}],"\u0074itle":"T""#),
            (#""itemsAdded":[2]"#, #""itemsAdded":null"#),
            (#""reordered":true"#, #""reordered":null"#),
            (#""new":{"x":1.50}"#, #""new":{"x":1.0,"y":1e2,"z":-0,"w":12345678901234567890,"v":[0.1,-2.50E+1]}"#),
            (#""entry":{"collection":"strategy","id":"s"}"#, #""entry":{"id":"s","collection":"other","path":7}"#),
            (#""oldPosition":1"#, #""oldPosition":1.0"#),
            (#""oldPosition":1"#, #""oldPosition":null"#),
            (#""references":["#, #""references":null,"r":["#),
            (#"{"entries":["#, #"{"entries":[],"e":["#),
        ]
        for (from, to) in taken {
            let text = good.replacingOccurrences(of: from, with: to)
            #expect(text != good, "\(from) not in the record")
            let reference = Self.referenceRecord(Array(text.utf8))
            #expect(reference != nil, "the reference rejects \(text)")
            #expect(Self.same(Self.readRecord(Array(text.utf8)), reference), "\(text)")
        }
    }
}

/// Seeded records for the tests: every member set and unset, field values of every kind.
struct RecordGenerator {
    var random: SplitMix64

    private mutating func next(_ bound: Int) -> Int { Int(random.next() % UInt64(bound)) }
    private mutating func pick<T>(_ options: [T]) -> T { options[next(options.count)] }
    private mutating func maybe<T>(_ value: T) -> T? { next(2) == 0 ? value : nil }

    private mutating func text() -> String {
        let pieces = ["Rad", " ", "weg", "\"", "\\", "\n", "\u{1}", "ä", "e\u{301}", "🚲", "数据", "</script>", "\u{2028}", "/", ""]
        return (0..<next(4)).map { _ in pick(pieces) }.joined()
    }

    private mutating func number() -> JSONNumber {
        let literals = ["0", "-0", "7", "-12", "1.50", "1.0", "1e2", "2.5E-3", "-0.0", "12345678901234567890", "1e400", "0.1", "9007199254740993"]
        return JSONNumber(literal: pick(literals))!
    }

    private mutating func value(depth: Int = 0) -> JSONValue {
        switch next(depth > 2 ? 4 : 6) {
        case 0: return .null
        case 1: return .bool(next(2) == 0)
        case 2: return .number(number())
        case 3: return .string(text())
        case 4: return .array((0..<next(4)).map { _ in value(depth: depth + 1) })
        default:
            var object = OrderedDictionary<String, JSONValue>()
            for k in 0..<next(4) { object["k\(k)\(text())"] = value(depth: depth + 1) }
            return .object(object)
        }
    }

    private mutating func segments() -> [WordSegment] { (0..<next(3)).map { _ in WordSegment(pick([.equal, .insert, .delete]), text()) } }

    private mutating func location() -> BlockLocation {
        BlockLocation(kind: pick([.paragraph, .heading, .listItem, .other]), index: next(9), firstLine: next(40), lastLine: pick([0, 3, Int(Int32.max)]),
                      offset: next(500), length: next(9_000))
    }

    private mutating func ref() -> EntryRef {
        EntryRef(collection: pick(["strategy", "glossary", "", "ä\"b"]), id: pick(["a", "b-c", "Ü 1"]), path: pick(["strategy/a.md", "x/\"y\".md", ""]))
    }

    mutating func entry() -> ChangelogEntry {
        let fields = (0..<next(4)).map { _ in
            FieldChange(pointer: pick(["/status", "/a/0", "/x~1y"]), label: text(), kind: pick([.added, .removed, .changed, .list]),
                        old: maybe(value()), new: maybe(value()), itemsAdded: next(2) == 0 ? (0..<next(3)).map { _ in value() } : [],
                        itemsRemoved: next(2) == 0 ? [value()] : [], reordered: next(2) == 0, words: maybe(segments()))
        }
        var prose = ProseSummary()
        prose.wordsAdded = next(100)
        prose.wordsRemoved = next(100)
        prose.blocksAdded = next(3)
        prose.blocksRemoved = next(3)
        prose.blocksModified = next(3)
        prose.blocksMoved = next(3)
        let blocks = (0..<next(3)).map { _ in
            BlockChange(kind: pick([.inserted, .deleted, .modified, .moved]), old: maybe(location()), new: maybe(location()), words: segments())
        }
        var entry = ChangelogEntry(kind: pick([.added, .removed, .modified, .renamed, .moved]), entry: ref(), from: maybe(ref()), title: maybe(text()),
                                   fields: fields, prose: prose, blocks: next(3) == 0 ? blocks : [],
                                   formatting: maybe(pick([FormattingChange.frontMatter, .body, .frontMatterAndBody])),
                                   attachments: maybe((0..<next(3)).map { _ in
                                       AttachmentChange(kind: pick([.added, .removed, .modified]), name: text(),
                                                        oldSize: maybe(next(30_000_000)), newSize: maybe(next(9)))
                                   }))
        entry.references = maybe((0..<next(3)).map { _ in
            ReferenceTitle(field: pick(["/r", "/items/*/entry"]), collection: pick(["c", "ä"]), id: text(), old: maybe(text()), new: maybe(text()))
        })
        return entry
    }

    mutating func record() -> ChangeRecord {
        let blob = ObjectID(hex: pick([String(repeating: "ab", count: 20), "0123456789ABCDEF0123456789abcdef01234567"]))!
        let entries = (0..<next(4)).map { _ in entry() }
        let files = (0..<next(3)).map { _ in
            FileDiff(kind: pick([.added, .removed, .modified]), path: text(), oldBlob: maybe(blob), newBlob: maybe(blob))
        }
        let documents = (0..<next(3)).map { _ in
            DocumentOrderDiff(collection: pick(["strategy", "x\"y"]), sections: (0..<next(3)).map { _ in
                SectionChange(kind: pick([.moved, .added, .removed, .unchanged]), id: text(), from: maybe(text()),
                              oldPosition: maybe(next(9)), newPosition: maybe(next(9)), title: maybe(text()))
            })
        }
        var summary = SnapshotSummary()
        summary.entriesAdded = next(5)
        summary.entriesModified = next(5)
        summary.fieldsChanged = next(50)
        summary.wordsAdded = next(1 << 40)
        summary.filesChanged = files.count
        return ChangeRecord(entries: entries, files: files, documents: documents, summary: summary)
    }
}

/// Writes a JSON tree as another writer might: members shuffled, whitespace, unknown members, absent optionals as
/// null, integers as `1.0` or `1e1`, every escape.
struct ForeignWriter {
    var random: SplitMix64
    private static let optionals = ["from", "title", "formatting", "references", "attachments", "old", "new", "words", "oldSize", "newSize",
                                    "oldBlob", "newBlob", "oldPosition", "newPosition", "reordered", "itemsAdded", "itemsRemoved"]

    private mutating func next(_ bound: Int) -> Int { Int(random.next() % UInt64(bound)) }
    private mutating func space() -> String { ["", "", " ", "\n  ", "\t"][next(5)] }

    private mutating func quote(_ s: String) -> String {
        var out = "\""
        for scalar in s.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += next(2) == 0 ? "\\n" : "\\u000A"
            case "/": out += next(2) == 0 ? "/" : "\\/"
            default:
                if scalar.value < 0x20 || next(8) == 0 {
                    if scalar.value > 0xFFFF {
                        let v = scalar.value - 0x10000
                        out += String(format: "\\u%04x\\u%04X", 0xD800 + (v >> 10), 0xDC00 + (v & 0x3FF))
                    } else {
                        out += String(format: next(2) == 0 ? "\\u%04x" : "\\u%04X", scalar.value)
                    }
                } else {
                    out += String(scalar)
                }
            }
        }
        return out + "\""
    }

    mutating func write(_ value: JSONValue) -> String {
        switch value {
        case .null: return "null"
        case .bool(let b): return b ? "true" : "false"
        case .number(let n):
            if let i = Int(n.literal), i >= 0, i < 1 << 40 {
                switch next(6) {
                case 0: return "\(i).0"
                case 1: return "\(i)e0"
                case 2 where i % 10 == 0 && i > 0: return "\(i / 10)E+1"
                default: return n.literal
                }
            }
            return n.literal
        case .string(let s): return quote(s)
        case .array(let items):
            return "[" + space() + items.map { write($0) }.joined(separator: space() + "," + space()) + space() + "]"
        case .object(let members):
            var list = members.map { ($0.key, write($0.value)) }
            if next(3) == 0 { list.shuffle(using: &random) }
            if next(4) == 0 {
                let name = Self.optionals[next(Self.optionals.count)]
                if members[name] == nil { list.insert((name, "null"), at: next(list.count + 1)) }
            }
            if next(5) == 0 { list.insert(("extra\(next(3))", ["1", "\"x\"", "[1,{\"a\":null}]", "null", "{}"][next(5)]), at: next(list.count + 1)) }
            return "{" + space() + list.map { quote($0.0) + space() + ":" + space() + $0.1 }.joined(separator: "," + space()) + space() + "}"
        }
    }
}
