import Foundation
import ChronikStore

/// The repository's root (three levels above this file).
let repositoryRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

/// An entry file of the Berlin sample, parsed.
func sampleFile(_ version: String, _ path: String) -> EntryDocument? {
    let url = repositoryRoot.appendingPathComponent("Repository/versions/\(version)/\(path)")
    guard let data = try? Data(contentsOf: url) else { return nil }
    return try? EntryDocument.parse(data)
}
