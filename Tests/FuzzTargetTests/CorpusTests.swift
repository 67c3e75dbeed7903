import Foundation
import FuzzFrontMatter
import FuzzMarkdownBlocks
import FuzzRawTree
import FuzzSchema
import FuzzSupport
import FuzzUnifiedPatch
import FuzzWordDiff
import Testing

/// Each fuzz target over its seed corpus (Tests/FuzzCorpus/<target>/, which holds the inputs of every crash found
/// too): the targets' invariants hold for every input, and the targets keep compiling with the code they test.
@Suite("Fuzz corpora")
struct CorpusTests {
    static let corpus = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("FuzzCorpus")

    static func inputs(_ target: String) throws -> [(name: String, bytes: [UInt8])] {
        let folder = corpus.appendingPathComponent(target)
        let names = try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted()
        return try names.map { ($0, [UInt8](try Data(contentsOf: folder.appendingPathComponent($0)))) }
    }

    static func run(_ target: String, _ check: ([UInt8]) throws(FuzzFailure) -> Void) throws {
        let inputs = try inputs(target)
        #expect(inputs.count >= 5, "the \(target) corpus has \(inputs.count) inputs")
        for input in inputs {
            do {
                try check(input.bytes)
            } catch {
                Issue.record("\(target)/\(input.name): \(error.description)")
            }
        }
    }

    @Test func frontMatter() throws { try Self.run("front-matter", FrontMatterFuzz.check) }
    @Test func schema() throws { try Self.run("schema", SchemaFuzz.check) }
    @Test func wordDiff() throws { try Self.run("word-diff", WordDiffFuzz.check) }
    @Test func markdownBlocks() throws { try Self.run("markdown-blocks", MarkdownBlocksFuzz.check) }
    @Test func rawTree() throws { try Self.run("raw-tree", RawTreeFuzz.check) }
    @Test func unifiedPatch() throws { try Self.run("unified-patch", UnifiedPatchFuzz.check) }
}
