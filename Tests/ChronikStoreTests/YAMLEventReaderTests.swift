import Foundation
import OrderedCollections
import Testing
@testable import ChronikStore

private func reference(_ yaml: [UInt8], _ limits: FrontMatterLimits = .init()) -> FrontMatterOutcome {
    do {
        return FrontMatterOutcome(try FrontMatterReader.reference(yaml, limits: limits))
    } catch {
        return FrontMatterOutcome(error: error)
    }
}

/// Reads `yaml` with both readers: when the event reader takes it, it must give what the reference gives; either way
/// the entry reader (events with the fallback) must give the reference's result. Returns whether the fast path took it.
@discardableResult
private func expectSame(_ yaml: [UInt8], limits: FrontMatterLimits = .init(), _ context: @autoclosure () -> String,
                        sourceLocation: Testing.SourceLocation = #_sourceLocation) -> Bool {
    let expected = reference(yaml, limits)
    let fast = YAMLEventReader.read(yaml, limits: limits)
    if let fast {
        let outcome = FrontMatterOutcome(fast)
        #expect(outcome == expected, "\(context())\nevents:    \(outcome)\nreference: \(expected)\nYAML: \(String(decoding: yaml, as: UTF8.self).debugDescription)",
                sourceLocation: sourceLocation)
    }
    // The whole entry, both ways: document, layout and errors.
    let file = Array("---\n".utf8) + yaml + Array("---\nText.\n".utf8)
    let viaEvents = Result { () throws(FrontMatterError) in try FrontMatterReader.read(bytes: file, limits: limits, body: true, reader: .events) }
    let viaReference = Result { () throws(FrontMatterError) in try FrontMatterReader.read(bytes: file, limits: limits, body: true, reader: .reference) }
    switch (viaEvents, viaReference) {
    case let (.success(a), .success(b)):
        #expect(a.0 == b.0 && a.0.locations == b.0.locations, "\(context())", sourceLocation: sourceLocation)
        #expect(a.1.keyLines.map { $0.map { "\($0.key)@\($0.line)" } } == b.1.keyLines.map { $0.map { "\($0.key)@\($0.line)" } },
                "\(context())", sourceLocation: sourceLocation)
    case let (.failure(a), .failure(b)):
        #expect(a == b, "\(context())", sourceLocation: sourceLocation)
    default:
        Issue.record("\(context()): events \(viaEvents), reference \(viaReference)", sourceLocation: sourceLocation)
    }
    return fast != nil
}

/// Random YAML text from pieces that exercise what the event reader must hand to the reference (anchors, aliases,
/// tags, merge keys, duplicate keys, flow collections, bad indentation) next to ordinary fields.
private struct RandomYAML {
    var rng: SplitMix64

    mutating func int(_ range: ClosedRange<Int>) -> Int { Int.random(in: range, using: &rng) }
    mutating func pick(_ items: [String]) -> String { items[int(0...items.count - 1)] }

    static let keys = ["title", "status", "on", "no", "1", "\"1\"", "'q'", "a b", "x-y", "<<", "\"<<\"", "Bürger:innen", "title",
                       "? k", "!!str t", "&k a", "*k", "[a]", "{a: 1}", "", "ü"]
    static let scalars = ["Text", "\"quoted\"", "'single'", "yes", "no", "true", "False", "null", "~", "", "012", "1.10", "-3",
                          "1e3", ".inf", "2022-03-01", "!!int 12", "!!int x", "!!str 5", "!!bool yes", "!!null ~", "!foo x",
                          "!!binary aGk=", "&a v", "*a", "*nope", "|\n  block\n  text", ">\n  folded", "[1, 2, three]", "{a: 1, b: [x]}",
                          "{}", "[]", "\"unterminated", "'it''s'", "a: b: c", "- x", "@at", "`tick", "%pct", "x # comment",
                          "\"tab\\tesc\"", "🚲", "e\u{301}", "\t", "[a, *a]", "!!seq [1]", "!!map {a: 1}", "!!seq x"]

    mutating func scalar() -> String { pick(Self.scalars) }

    mutating func block(indent: Int, depth: Int) -> String {
        let pad = String(repeating: " ", count: indent)
        var text = ""
        for _ in 0..<int(1...4) {
            let key = pick(Self.keys)
            switch int(0...9) {
            case 0...5:
                text += pad + key + ": " + scalar() + "\n"
            case 6, 7 where depth < 4:
                text += pad + key + ":\n"
                for _ in 0..<int(1...3) {
                    text += pad + "  - " + (int(0...3) == 0 ? "k: " + scalar() : scalar()) + "\n"
                }
            case 8 where depth < 4:
                text += pad + key + ":" + (int(0...4) == 0 ? " &m" : "") + "\n" + block(indent: indent + 2, depth: depth + 1)
            default:
                text += pad + pick(["# Kommentar", "", "  ", "\t", "...", "key:value", "- top", "x:\n y: 1"]) + "\n"
            }
        }
        return text
    }

    mutating func document() -> [UInt8] {
        switch int(0...19) {
        case 0: return Array(pick(["", "# nur Kommentar\n", "\n\n", "[1, 2]\n", "Text\n", "{a: 1}\n", "{\na: 1}\n", "a: 1\n...\n", "%YAML 1.1\n--- \na: 1\n"]).utf8)
        default: return Array(block(indent: 0, depth: 1).utf8)
        }
    }
}

@Suite("YAML event reader against the reference reader")
struct YAMLEventReaderTests {
    @Test func everyEntryOfTheSampleReadsAlikeAndTakesTheFastPath() throws {
        let files = sampleEntryFiles()
        #expect(files.count > 100)
        var entries = 0
        for file in files {
            let bytes = [UInt8](try Data(contentsOf: file))
            guard let yaml = frontMatterYAML(bytes) else { continue }
            entries += 1
            // The sample holds no anchors, tags or errors: every entry must be read by the event reader itself.
            let fast = expectSame(yaml, file.path)
            #expect(fast, "\(file.path) fell back to the reference reader")
        }
        #expect(entries > 100)
    }

    @Test func theFuzzCorpusReadsAlike() throws {
        let corpus = try fuzzCorpusFrontMatters()
        #expect(corpus.files > 20)
        for (name, yaml) in corpus.frontMatters {
            expectSame(yaml, name)
            expectSame(yaml, limits: .tightForTests, name + " (tight limits)")
        }
    }

    @Test("written documents read alike", arguments: [UInt64(1), 2, 3, 42, 20_241_204])
    func writtenDocuments(seed: UInt64) {
        var generator = DocumentGenerator(rng: SplitMix64(seed: seed))
        var fastCount = 0
        for index in 0..<150 {
            let file = [UInt8](generator.document().serialized())
            guard let yaml = frontMatterYAML(file) else { continue }
            if expectSame(yaml, "seed \(seed), case \(index)") { fastCount += 1 }
        }
        // What chronik writes is the common case: nearly all of it must take the fast path.
        #expect(fastCount > 120, "seed \(seed): \(fastCount) of 150 took the fast path")
    }

    @Test("random YAML reads alike, errors included", arguments: [UInt64(7), 11, 19_19, 4_242, 20_241_204])
    func randomYAML(seed: UInt64) {
        var random = RandomYAML(rng: SplitMix64(seed: seed))
        var fastCount = 0
        var limits = FrontMatterLimits()
        for index in 0..<400 {
            let yaml = random.document()
            if index % 5 == 4 {
                limits.maxNodes = random.int(3...30)
                limits.maxKeysPerMapping = random.int(1...5)
                limits.maxDepth = random.int(1...4)
            } else {
                limits = FrontMatterLimits()
            }
            if expectSame(yaml, limits: limits, "seed \(seed), case \(index)") { fastCount += 1 }
        }
        // Both paths are exercised: plenty of inputs for each.
        #expect(fastCount > 40, "seed \(seed): only \(fastCount) of 400 took the fast path")
        #expect(fastCount < 360, "seed \(seed): \(fastCount) of 400 took the fast path")
    }

    /// `CHRONIK_FRONTMATTER_CORPUS=DIR` (a store made by `chronik-bench generate`; scripts/bench-smoke.sh runs it so in
    /// CI): every `.md` file under it. Without the variable the test is reported as skipped, not as passed.
    @Test(.enabled(if: ProcessInfo.processInfo.environment["CHRONIK_FRONTMATTER_CORPUS"] != nil, "CHRONIK_FRONTMATTER_CORPUS names no store"))
    func aGeneratedStoreReadsAlikeWhenGiven() throws {
        let root = try #require(ProcessInfo.processInfo.environment["CHRONIK_FRONTMATTER_CORPUS"])
        let files = FileManager.default.enumerator(at: URL(fileURLWithPath: root), includingPropertiesForKeys: nil)?
            .compactMap { $0 as? URL }.filter { $0.pathExtension == "md" && !$0.path.contains("/.git/") } ?? []
        var fast = 0
        for file in files {
            guard let yaml = frontMatterYAML([UInt8](try Data(contentsOf: file))) else { continue }
            if expectSame(yaml, file.path) { fast += 1 }
        }
        #expect(fast > 0)
        print("compared \(files.count) files, \(fast) on the fast path")
    }

    @Test func aFlowMappingWithItsFirstKeyOnALineOfItsOwnKeepsTheReferenceLayout() {
        // Yams takes a mapping's style from its end event, which carries none: the reference lays out this mapping by
        // its keys' columns, and so must the event reader.
        #expect(expectSame(Array("{\na: 1}\n".utf8), "flow mapping"))
        #expect(expectSame(Array("{a: 1, b: [x, y]}\n".utf8), "flow mapping"))
    }
}
