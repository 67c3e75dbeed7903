import Foundation
import OrderedCollections
import Testing
@testable import ChronikStore

// Shared by the front matter readers' tests (YAMLEventReaderTests, FrontMatterFastReaderTests), which hold each reader
// to the reference (the safe Yams reader).

private let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

/// Every entry file of the sample's versions (`Repository/versions`; README.md files left out).
func sampleEntryFiles() -> [URL] {
    let versions = packageRoot.appendingPathComponent("Repository/versions")
    return FileManager.default.enumerator(at: versions, includingPropertiesForKeys: nil)?
        .compactMap { $0 as? URL }.filter { $0.pathExtension == "md" && $0.lastPathComponent != "README.md" } ?? []
}

/// The fuzz corpus's front matter files (`Tests/FuzzCorpus/front-matter`): how many there are, and the front matter
/// of each that has one and is UTF-8 without NUL, with the file's name.
func fuzzCorpusFrontMatters() throws -> (files: Int, frontMatters: [(name: String, yaml: [UInt8])]) {
    let corpus = packageRoot.appendingPathComponent("Tests/FuzzCorpus/front-matter")
    let files = try FileManager.default.contentsOfDirectory(at: corpus, includingPropertiesForKeys: nil)
    var frontMatters: [(name: String, yaml: [UInt8])] = []
    for file in files {
        let bytes = [UInt8](try Data(contentsOf: file))
        guard let yaml = frontMatterYAML(bytes), String(validating: yaml, as: UTF8.self) != nil, !yaml.contains(0) else { continue }
        frontMatters.append((file.lastPathComponent, yaml))
    }
    return (files.count, frontMatters)
}

extension FrontMatterLimits {
    /// Budgets small enough that the fuzz corpus's documents run into them.
    static var tightForTests: FrontMatterLimits {
        var tight = FrontMatterLimits()
        tight.maxNodes = 12
        tight.maxKeysPerMapping = 3
        tight.maxDepth = 3
        return tight
    }
}

/// The front matter's YAML of an entry file as the reader passes it on (between the fences, CR LF read as LF), or nil.
func frontMatterYAML(_ bytes: [UInt8]) -> [UInt8]? {
    let text = String(decoding: bytes, as: UTF8.self).replacingOccurrences(of: "\r\n", with: "\n")
    guard text.hasPrefix("---\n") else { return nil }
    let rest = text.dropFirst(4)
    if rest.hasPrefix("---\n") || rest == "---" { return [] }
    guard let end = rest.range(of: "\n---\n") ?? (rest.hasSuffix("\n---") ? rest.range(of: "\n---", options: .backwards) : nil) else { return nil }
    return Array(rest[..<end.lowerBound].utf8) + [UInt8(ascii: "\n")]
}

/// What a reader made of some YAML, comparable.
struct FrontMatterOutcome: Equatable, CustomStringConvertible {
    var fields: OrderedDictionary<String, JSONValue>?
    var locations: [String: ChronikStore.SourceLocation]?
    var hasRoot = false
    var topKeys: [String] = []
    var error: FrontMatterError?

    init(_ parsed: ParsedFrontMatter) {
        fields = parsed.fields
        locations = parsed.locations
        hasRoot = parsed.hasRoot
        topKeys = parsed.topKeys.map { $0.map { "\($0.name)@\($0.line):\($0.column)" } } ?? ["nil"]
    }

    init(error: FrontMatterError) { self.error = error }

    var description: String {
        if let error { return "error \(error)" }
        return "fields \(fields.map { "\($0)" } ?? "-"), locations \(locations.map { "\($0.sorted { $0.key < $1.key })" } ?? "-"), root \(hasRoot), keys \(topKeys)"
    }
}
