import Foundation
import OrderedCollections
import Testing
@testable import ChronikStore

// Shared by the front matter readers' tests (YAMLEventReaderTests, FrontMatterFastReaderTests), which hold each reader
// to the reference (the safe Yams reader).

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
