import Foundation
import Testing
@testable import ChronikStore

@Suite("embedded resources")
struct EmbeddedResourcesTests {
    static let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    @Test func defaultSchemasMatchTheSchemasFolder() throws {
        let folder = Self.packageRoot.appendingPathComponent("Schemas")
        let names = try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { $0.hasSuffix(".json") }.sorted()
        #expect(DefaultSchemas.files.keys.sorted() == names, "run scripts/embed-resources.py")
        for name in names {
            let onDisk = try String(contentsOf: folder.appendingPathComponent(name), encoding: .utf8)
            #expect(DefaultSchemas.files[name] == onDisk, "\(name) differs from Schemas/: run scripts/embed-resources.py")
        }
    }

    @Test func defaultCollectionsHaveTheirSchemas() {
        for collection in DefaultStore.collections {
            let file = collection.schema.map { String($0.dropFirst("schemas/".count)) }
            #expect(file.flatMap { DefaultSchemas.files[$0] } != nil, "\(collection.name)")
        }
    }
}
