import ChronikStore
import Foundation
import GitKit
import Testing
@testable import ChronikChangelog
@testable import ChronikDiff

/// `RecordJSON`'s reading of a record's blocks from their bytes (peak15b) against the reference: `JSONValueDecoder`
/// (`JSONParser`'s tree, then the synthesised `Decodable`).
@Suite struct RecordJSONReadingTests {
    private static func reference(_ text: String) throws -> [[BlockChange]] {
        try JSONValueDecoder().decode([[BlockChange]].self, from: Data(text.utf8))
    }

    /// The sample's records (by version and by release): their blocks as stored decode to what the reference
    /// decodes and to the blocks themselves, whole and list by list (`ChangeRecordBlocks.lists`).
    @Test func sampleRecordsDecodeAsTheReferenceDecodesThem() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("chronik-record-reading-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: dir) }
        let report = try SnapshotImporter.run(SampleBerlin.snapshots, into: dir, root: SampleBerlin.displayName)
        let store = try Store(at: report.store)
        let cacheDirectory = dir.appendingPathComponent("cache")
        var records = 0, blocks = 0
        for grouping in ChangelogGrouping.allCases {
            var options = ChangelogOptions()
            options.grouping = grouping
            options.cacheDirectory = cacheDirectory
            options.language = "en"
            for group in try ChangelogBuilder(repository: store.repository).build(options).groups {
                let lists = group.changes.entries.map(\.blocks)
                let data = Data(RecordJSON.blocks(group.changes))
                #expect(try RecordJSON.decodeBlocks(data) == lists)
                #expect(try RecordJSON.decodeBlocks(data) == (try JSONValueDecoder().decode([[BlockChange]].self, from: data)))
                let cache = ChangeRecordBlocks(directory: cacheDirectory, language: "en")
                var read: [Int: [BlockChange]] = [:]
                let positions = Array(stride(from: 0, to: lists.count, by: 2))
                #expect(cache.lists(base: group.base, tip: group.version, count: lists.count, positions: positions) { read[$0] = $1 })
                #expect(read.count == positions.count && positions.allSatisfy { read[$0] == lists[$0] })
                #expect(!cache.lists(base: group.base, tip: group.version, count: lists.count + 1, positions: positions) { _, _ in })
                records += 1
                blocks += lists.joined().count
            }
        }
        #expect(records > 8 && blocks > 50, "\(records) records, \(blocks) blocks")
    }

    /// Seeded blocks written by `RecordJSON` and as another writer might write them (members in another order,
    /// whitespace, unknown members, optionals as null, integers as `1.0` or `1e1`, escapes): equal to the reference.
    @Test(arguments: [3, 1_234, 2026] as [UInt64])
    func seededBlocksDecodeAsTheReferenceDecodesThem(seed: UInt64) throws {
        var random = SplitMix64(seed: seed)
        func next(_ bound: Int) -> Int { Int(random.next() % UInt64(bound)) }
        let pieces = ["Rad", " ", "weg", "\"", "\\", "\n", "\u{1}", "ä", "e\u{301}", "🚲", "数据", "</script>", "\u{2028}", ""]
        let kinds = ["heading", "paragraph", "listItem", "tableRow", "codeBlock", "blockQuote", "thematicBreak", "html", "other"]
        func quote(_ s: String) -> String {
            // Escapes of every kind a writer may use: `\u` for some letters, `\/`.
            var out = "\""
            for scalar in s.unicodeScalars {
                switch scalar {
                case "\"": out += "\\\""
                case "\\": out += "\\\\"
                case "\n": out += next(2) == 0 ? "\\n" : "\\u000a"
                case "/": out += "\\/"
                case "ä": out += next(2) == 0 ? "ä" : "\\u00e4"
                case "🚲": out += next(2) == 0 ? "🚲" : "\\ud83d\\udeb2"
                default:
                    out += scalar.value < 0x20 ? String(format: "\\u%04x", scalar.value) : String(scalar)
                }
            }
            return out + "\""
        }
        func int(_ n: Int) -> String {
            switch next(6) {
            case 0 where n < 1 << 40: return "\(n).0"
            case 1 where n % 10 == 0 && n > 0: return "\(n / 10)e1"
            default: return String(n)
            }
        }
        func space() -> String { ["", " ", "\n ", "\t"][next(4)] }
        func object(_ members: [(String, String)]) -> String {
            var members = members
            if next(3) == 0 { members.shuffle(using: &random) }
            if next(4) == 0 { members.insert(("extra", ["1", "\"x\"", "[1,{\"a\":null}]", "null"][next(4)]), at: next(members.count + 1)) }
            return "{" + space() + members.map { "\(quote($0.0))" + space() + ":" + space() + $0.1 }.joined(separator: "," + space()) + space() + "}"
        }
        func location() -> String? {
            switch next(4) {
            case 0: return nil
            case 1: return "null"
            default:
                return object([("kind", quote(kinds[next(kinds.count)])), ("index", int(next(300))), ("firstLine", int(next(90))),
                               ("lastLine", int([0, 1, 127, 1 << 20, Int(Int32.max), Int.max][next(6)])), ("offset", int(next(1 << 30))),
                               ("length", int(next(5_000)))])
            }
        }
        func block() -> String {
            var members: [(String, String)] = [("kind", quote(["inserted", "deleted", "modified", "moved"][next(4)]))]
            if let old = location() { members.append(("old", old)) }
            if let new = location() { members.append(("new", new)) }
            let words = (0..<next(6)).map { _ in
                object([("operation", quote(["equal", "delete", "insert"][next(3)])),
                        ("text", quote((0..<next(5)).map { _ in pieces[next(pieces.count)] }.joined()))])
            }
            members.append(("words", "[" + words.joined(separator: ",") + "]"))
            members.append(("wordsAdded", int(next(1_000))))
            members.append(("wordsRemoved", int(next(50))))
            return object(members)
        }
        var nonEmpty = 0
        for _ in 0..<200 {
            let text = space() + "[" + (0..<next(5)).map { _ in space() + "[" + (0..<next(4)).map { _ in block() }.joined(separator: ",") + "]" }
                .joined(separator: ",") + "]" + space()
            let expected = try Self.reference(text)
            let data = Data(text.utf8)
            #expect(try RecordJSON.decodeBlocks(data) == expected, "seed \(seed): \(text)")
            // The same text with a number past `Int`'s range: both reject it.
            if text.contains("\"wordsAdded\":") {
                let huge = text.replacingOccurrences(of: "\"wordsAdded\":", with: "\"wordsAdded\":99999999999999999999", options: [], range: nil)
                #expect((try? Self.reference(huge)) == (try? RecordJSON.decodeBlocks(Data(huge.utf8))))
            }
            // And `RecordJSON`'s own writing of them reads back to them.
            let record = ChangeRecord(entries: expected.map { blocks in
                ChangelogEntry(kind: .modified, entry: EntryRef(collection: "c", id: "i", path: "c/i.md"), from: nil, title: nil,
                               fields: [], prose: ProseSummary(), blocks: blocks)
            }, files: [], documents: [], summary: SnapshotSummary())
            #expect(try RecordJSON.decodeBlocks(Data(RecordJSON.blocks(record))) == expected)
            if !expected.joined().isEmpty { nonEmpty += 1 }
        }
        #expect(nonEmpty > 100)
    }

    /// What the reference rejects, the reader rejects: broken JSON, missing and duplicate members, unknown kinds,
    /// numbers that are no integers, wrong types.
    @Test func whatTheReferenceRejectsIsRejected() throws {
        let good = #"[[{"kind":"inserted","new":{"kind":"paragraph","index":0,"firstLine":1,"lastLine":1,"offset":0,"length":3},"words":[{"operation":"insert","text":"abc"}],"wordsAdded":1,"wordsRemoved":0}]]"#
        #expect(try RecordJSON.decodeBlocks(Data(good.utf8)) == (try Self.reference(good)))
        let broken: [String] = ["", "[", "[[]", "[[]]x", "{}", "[{}]", "[[1]]", "[[null]]", "[[{}]]"]
        let replacements: [(String, String)] = [
            (#""kind":"inserted","#, ""),
            (#""kind":"inserted","#, #""kind":"inserted","kind":"deleted","#),
            ("inserted", "added"),
            ("paragraph", "para"),
            (#""operation":"insert""#, #""operation":"ins""#),
            (#""wordsAdded":1"#, #""wordsAdded":1.5"#),
            (#""wordsAdded":1"#, #""wordsAdded":"1""#),
            (#""wordsAdded":1"#, #""wordsAdded":01"#),
            (#""wordsAdded":1"#, #""wordsAdded":99999999999999999999"#),
            (#""wordsAdded":1"#, #""wordsAdded":null"#),
            (#","wordsRemoved":0"#, ""),
            (#""index":0,"#, ""),
            (#""index":0,"#, #""index":0,"index":1,"#),
            (#""text":"abc""#, #""text":"a\qc""#),
            (#""text":"abc""#, #""text":"a\ud800""#),
            (#""text":"abc""#, "\"text\":\"a\u{1}\""),
            (#""text":"abc""#, #""text":null"#),
            (#""words":["#, #""words":{"#),
            ("}]]", "},]]"),
        ]
        let bad: [String] = broken + replacements.map { good.replacingOccurrences(of: $0.0, with: $0.1) }
        for text in bad {
            #expect((try? Self.reference(text)) == nil, "the reference takes \(text)")
            #expect((try? RecordJSON.decodeBlocks(Data(text.utf8))) == nil, "read: \(text)")
        }
        // Invalid UTF-8 in a text and in a key.
        for bytes in [Array(good.utf8).replacing(Array("abc".utf8), with: [0x61, 0xFF, 0x63]),
                      Array(good.utf8).replacing(Array("operation".utf8), with: [0x6F, 0xC3, 0x28])] {
            #expect((try? JSONValueDecoder().decode([[BlockChange]].self, from: Data(bytes))) == nil)
            #expect((try? RecordJSON.decodeBlocks(Data(bytes))) == nil)
        }
    }

    /// `ChangeRecordBlocks.ListSplitter` cuts an array that comes in pieces of any size into the elements
    /// `ChangeRecordBlocks.elements` finds in it whole (their bytes up to surrounding whitespace); what is not JSON
    /// it rejects or cuts into an element that does not read.
    @Test(arguments: [11, 4_242] as [UInt64])
    func listsCutFromPiecesAreTheWholeTextsElements(seed: UInt64) {
        var random = SplitMix64(seed: seed)
        func next(_ bound: Int) -> Int { Int(random.next() % UInt64(bound)) }
        let elements = [#"[]"#, #"[{"a":"x,]\"y"}]"#, #"{"k":[1,2,{"z":"]"}]}"#, #""s\\""#, "12", "null", #"["\u005d,"]"#, "[[[]]]"]
        var texts = ["[]", " [ ] ", "[1]", "[1,2]", "[", "]", "[1,]", "[1]x", "{}", "[}", "[1] ", "\n[\n1\n,\n2\n]\n", "[[1],[2]", ""]
        for _ in 0..<300 {
            texts.append(" [" + (0..<next(6)).map { _ in [" ", "", "\n"][next(3)] + elements[next(elements.count)] }.joined(separator: ",") + "] ")
        }
        func isSpace(_ b: UInt8) -> Bool { b == 0x20 || b == 0x0A || b == 0x0D || b == 0x09 }
        func trimmed(_ bytes: [UInt8]) -> [UInt8] {
            var bytes = bytes[...]
            while let f = bytes.first, isSpace(f) { bytes = bytes.dropFirst() }
            while let l = bytes.last, isSpace(l) { bytes = bytes.dropLast() }
            return Array(bytes)
        }
        for text in texts {
            let data = Data(text.utf8)
            let whole = ChangeRecordBlocks.elements(data).map { ranges in ranges.map { Array(data[$0]) } }
            var splitter = ChangeRecordBlocks.ListSplitter()
            var cut: [[UInt8]] = []
            var ok = true
            var offset = 0
            let bytes = Array(data)
            while offset < bytes.count, ok {
                let size = 1 + next(7)
                let piece = Array(bytes[offset..<min(bytes.count, offset + size)])
                ok = piece.withUnsafeBytes { splitter.add($0) { _, element in cut.append(trimmed(Array(element))); return true } }
                offset += size
            }
            let result: [[UInt8]]? = ok && splitter.finished ? cut : nil
            if (try? JSONParser.parse(data)) != nil {
                #expect(result == whole, "seed \(seed): \(text)")
            } else {
                // Not JSON: not cut, or cut into something that is not read (`[1,]` has an empty last element).
                #expect(result == nil || result!.contains { (try? JSONParser.parse(Data($0))) == nil }, "\(text)")
            }
        }
    }
}
