import Foundation
import OrderedCollections
import Testing
@testable import ChronikStore

/// `FrontMatterReader.fieldsLocatedDirectly` (the common case of `parseFieldsLocated`, without the line ranges and
/// the copy of the YAML) against `readParts`'s way (`readFieldsLocated(direct: false)`): whenever it answers, the
/// same fields and the same location for every pointer; and `parseFieldsLocated` gives the same fields, locations
/// and errors either way. The files are the sample's entries and seeded ones, their envelopes damaged on purpose: CR
/// LF and lone CRs, a byte order mark, NUL and invalid UTF-8 in the front matter and the body, fences with spaces or
/// missing, an unterminated front matter, no line break at all, conflict-free but odd bodies (`---` lines), and
/// budgets of file and front matter sizes just below and above the file's.
@Suite("Front matter fields located directly against readParts")
struct FieldsLocatedDirectlyTests {
    private static func expectSame(_ file: [UInt8], limits: FrontMatterLimits = .init(), _ context: @autoclosure () -> String) -> Bool {
        let direct = FrontMatterReader.fieldsLocatedDirectly(file, limits: limits)
        let viaParts = Result { () throws(FrontMatterError) in try FrontMatterReader.readFieldsLocated(bytes: file, limits: limits, direct: false) }
        let viaDefault = Result { () throws(FrontMatterError) in try FrontMatterReader.readFieldsLocated(bytes: file, limits: limits) }
        switch (viaDefault, viaParts) {
        case let (.success(a), .success(b)):
            #expect(a.fields == b.fields && a.locations.dictionary == b.locations.dictionary, "\(context())")
        case let (.failure(a), .failure(b)):
            #expect(a == b, "\(context())")
        default:
            Issue.record("\(context()): \(viaDefault) against \(viaParts)")
        }
        guard let direct else { return false }
        guard case .success(let expected) = viaParts else {
            Issue.record("\(context()): answered directly, but readParts throws \(viaParts)")
            return true
        }
        #expect(direct.fields == expected.fields, "\(context())")
        let table = expected.locations.dictionary
        #expect(direct.locations.dictionary == table, "\(context())")
        for (pointer, location) in table {
            #expect(direct.locations[pointer] == location, "\(context()): \(pointer)")
        }
        #expect(direct.locations["/no such field"] == nil, "\(context())")
        return true
    }

    /// A few front matters of the subset and around it.
    private static let frontMatters: [String] = [
        "", "title: Text\n", "title: Text\nstatus: Entwurf\norder: 3\n", "a:\n  - x\n  - y\nb: 2021-03-04\n",
        "a: [x, \"y\"]\nb:\n  c: 1\n", "# Kommentar\n\ntitle: Grünfläche\n", "a: |\n  block\n", "a: 1\na: 2\n", "a: [1\n",
        "title: Ein Titel mit: Doppelpunkt\n", "- a\n", "a: \"x\"\n",
    ]

    /// What is done to a file made of a front matter: its envelope or bytes changed.
    private static func damaged(_ yaml: String, body: String, _ kind: Int, random: inout SplitMix64) -> [UInt8] {
        var file = Array("---\n\(yaml)---\n\(body)".utf8)
        func insert(_ bytes: [UInt8]) {
            file.insert(contentsOf: bytes, at: Int(random.next() % UInt64(file.count + 1)))
        }
        switch kind {
        case 0: break
        case 1: file = Array("---\r\n\(yaml.replacingOccurrences(of: "\n", with: "\r\n"))---\r\n\(body)".utf8)
        case 2: file = Array("---\n\(yaml)---\r\n\(body)".utf8)
        case 3: file = Array("---\r\n\(yaml)---\n\(body)".utf8)
        case 4: insert([0x0D])
        case 5: file = [0xEF, 0xBB, 0xBF] + file
        case 6: insert([0])
        case 7: file += [0]
        case 8: insert([0xC3])
        case 9: file += [0xE2, 0x82]
        case 10: file = Array("--- \n\(yaml)---\n\(body)".utf8)
        case 11: file = Array("---\n\(yaml)--- \n\(body)".utf8)
        case 12: file = Array("---\n\(yaml)".utf8)
        case 13: file = Array("---".utf8)
        case 14: file = Array("---\n\(yaml)---".utf8)
        case 15: file = Array("\(yaml)---\n\(body)".utf8)
        case 16: file = Array("---\n\(yaml)---\n---\n\(body)".utf8)
        case 17: file = Array("---\n\(yaml)----\n---\n\(body)".utf8)
        case 18: file = Array("---\n\(yaml)\r---\n\(body)".utf8)
        default: insert([UInt8(ascii: "\n")])
        }
        return file
    }

    @Test(arguments: [UInt64(1), 2, 19, 2_026])
    func damagedEnvelopes(seed: UInt64) {
        var random = SplitMix64(seed: seed)
        let bodies = ["", "Text.\n", "Grün und ü.\n\n## Abschnitt\n\n---\n\nMehr.\n", "ohne Zeilenende"]
        var answered = 0
        var cases = 0
        for yaml in Self.frontMatters {
            for kind in 0...19 {
                let body = bodies[Int(random.next() % UInt64(bodies.count))]
                let file = Self.damaged(yaml, body: body, kind, random: &random)
                var limits = FrontMatterLimits()
                switch random.next() % 4 {
                case 0: limits.maxFileBytes = max(0, file.count - Int(random.next() % 2))
                case 1: limits.maxFrontMatterBytes = max(0, yaml.utf8.count - Int(random.next() % 2))
                default: break
                }
                cases += 1
                if Self.expectSame(file, limits: limits, "seed \(seed), kind \(kind), \(yaml.debugDescription), \(body.debugDescription)") {
                    answered += 1
                }
            }
        }
        // Both ways are taken: the files of the subset directly, the others by `readParts`.
        #expect(answered > cases / 10 && answered < cases / 2, "\(answered) of \(cases) answered directly")
    }

    @Test func everyEntryOfTheSampleIsAnsweredDirectly() throws {
        var entries = 0
        for url in sampleEntryFiles() {
            let bytes = [UInt8](try Data(contentsOf: url))
            guard frontMatterYAML(bytes) != nil else { continue }
            entries += 1
            #expect(Self.expectSame(bytes, url.path), "\(url.path) was not answered directly")
        }
        #expect(entries > 100)
    }

    @Test func theFuzzCorpusReadsAlike() throws {
        let corpus = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("FuzzCorpus/front-matter")
        let files = try FileManager.default.contentsOfDirectory(at: corpus, includingPropertiesForKeys: nil)
        #expect(files.count > 20)
        for url in files {
            let bytes = [UInt8](try Data(contentsOf: url))
            _ = Self.expectSame(bytes, url.lastPathComponent)
            _ = Self.expectSame(bytes, limits: .tightForTests, url.lastPathComponent + " (tight limits)")
        }
    }
}

@Suite("Front matter fast reader's key bytes")
struct FrontMatterKeyBytesTests {
    /// The bit tables of key bytes against the comparisons they replace, for every byte.
    @Test func everyByteIsClassifiedAsByComparison() {
        for b in 0...255 {
            let classes = FrontMatterFastReader.keyByteClasses(UInt8(b))
            #expect(classes.start == classes.startByComparison && classes.inKey == classes.inKeyByComparison, "byte \(b)")
        }
        #expect(FrontMatterFastReader.keyByteClasses(UInt8(ascii: "-")) == (false, true, false, true))
        #expect(FrontMatterFastReader.keyByteClasses(UInt8(ascii: "z")) == (true, true, true, true))
    }
}

@Suite("Front matter fast reader's plain scalars")
struct FrontMatterPlainValueTests {
    /// The reader types a plain scalar itself when it is a text `NodeWalker.plainValue` returns as it is (more than
    /// 5 bytes, not starting with `-` or a digit): for seeded scalars of every kind, the same value as `plainValue`.
    @Test(arguments: [UInt64(1), 2, 19]) func typedAsNodeWalkerTypesThem(seed: UInt64) {
        var random = SplitMix64(seed: seed)
        let pieces = ["true", "True", "FALSE", "null", "~", "-", "0", "1", "12", "-3.5", "1e3", "2022-03-19", ".", "x", "abc",
                      "ü", "K", "\u{212A}", "Titel", "https://example.org/a", " ", "e", "E", "+", "0x1F", "Straße"]
        var count = 0
        for _ in 0..<20_000 {
            var text = ""
            for _ in 0..<Int(1 + random.next() % 3) { text += pieces[Int(random.next() % UInt64(pieces.count))] }
            guard let first = text.utf8.first, first != UInt8(ascii: " ") else { continue }
            count += 1
            #expect(FrontMatterFastReader.plainValue(Array(text.utf8)) == NodeWalker.plainValue(text), "\(text.debugDescription)")
        }
        #expect(count > 15_000)
    }
}
