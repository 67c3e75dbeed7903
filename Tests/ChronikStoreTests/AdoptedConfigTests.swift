@testable import ChronikStore
import Foundation
import GitKit
import Testing

/// `Store.adoptParsedConfig`: `chronik validate`'s listing reads and parses `chronik.yml` on its own thread before the
/// store is open, and hands the store what it parsed, so that the store's reads of the same bytes (the messages'
/// language, the gate's configuration) do not parse them again. The bytes key it: other bytes are parsed as ever, and a
/// configuration the store parsed itself is kept.
@Suite("Store: a configuration parsed elsewhere")
struct AdoptedConfigTests {
    static let author = Signature(name: "Test", email: "test@example.org", date: Date(timeIntervalSince1970: 1_646_125_200), timeZoneOffsetMinutes: 60)

    func makeStore() throws -> (Store, URL) {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("chronik-adopted-config-\(UUID().uuidString)")
        let (store, _) = try Store.create(at: folder, config: DefaultStore.config(title: "Test", language: .de), schemas: DefaultStore.schemas,
                                          author: Self.author, committer: Self.author, message: "Store created")
        // Opened anew, as a command opens it: nothing parsed yet.
        return (try Store(at: folder), folder)
    }

    @Test func theSameBytesAreNotParsedAgain() throws {
        let (store, folder) = try makeStore()
        defer { try? FileManager.default.removeItem(at: folder) }
        let bytes = try Data(contentsOf: folder.appendingPathComponent(StoreConfig.fileName))
        let parsed = try StoreConfig.parse(bytes)
        #expect(try store.workingConfig() == parsed)
        // Observable only through a configuration the bytes do not give: the store takes it for them.
        let (other, otherFolder) = try makeStore()
        defer { try? FileManager.default.removeItem(at: otherFolder) }
        let marked = try StoreConfig.parse(Data("title: Adopted\nlanguage: en\ncollections:\n  glossary: {}\n".utf8))
        other.adoptParsedConfig(marked, from: bytes)
        #expect(try other.workingConfig() == marked)
        #expect(try other.workingConfig().language == .en)
    }

    @Test func otherBytesAreParsed() throws {
        let (store, folder) = try makeStore()
        defer { try? FileManager.default.removeItem(at: folder) }
        let marked = try StoreConfig.parse(Data("title: Adopted\ncollections:\n  glossary: {}\n".utf8))
        store.adoptParsedConfig(marked, from: Data("title: Adopted\ncollections:\n  glossary: {}\n".utf8))
        let bytes = try Data(contentsOf: folder.appendingPathComponent(StoreConfig.fileName))
        #expect(try store.workingConfig() == StoreConfig.parse(bytes))
        #expect(try store.workingConfig().title == "Test")
    }

    @Test func aConfigurationParsedHereIsKept() throws {
        let (store, folder) = try makeStore()
        defer { try? FileManager.default.removeItem(at: folder) }
        let own = try store.workingConfig()
        let bytes = try Data(contentsOf: folder.appendingPathComponent(StoreConfig.fileName))
        store.adoptParsedConfig(try StoreConfig.parse(Data("title: Adopted\ncollections:\n  glossary: {}\n".utf8)), from: bytes)
        #expect(try store.workingConfig() == own)
    }
}
