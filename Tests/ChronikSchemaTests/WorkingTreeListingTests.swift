@testable import ChronikSchema
import ChronikStore
import Foundation
import Testing

/// The working tree's listing (`VersionContent.workingTree(root:config:cacheFile:prefetch:stampless:)`) makes its table
/// of entries and its order on two threads, and says what it knows of its files (`listedAllRegular`,
/// `listedFolderFiles`): held to the folders listed one by one here (`listFolder`, in the configuration's order), on
/// seeded working trees with empty folders, a link, a folder and a FIFO named like entries, and files that are no entries.
@Suite("Working tree listing: the table, the order and what is known of the files")
struct WorkingTreeListingTests {
    @Test(arguments: [UInt64(1), 5, 19, 42]) func theListingIsTheFoldersOwn(seed: UInt64) throws {
        var random = SplitMix64(seed: seed)
        var files: [String: String] = [:]
        for name in sampleCollections where Int.random(in: 0..<4, using: &random) > 0 {
            for k in 0..<Int.random(in: 0...300, using: &random) { files["\(name)/e\(k)-\(seed).md"] = entry("title: T\(k)") }
        }
        let disk = try DiskVersion(files)
        defer { disk.remove() }
        let odd = Int.random(in: 0..<4, using: &random)
        let collection = disk.root.appendingPathComponent(sampleCollections[Int.random(in: 0..<sampleCollections.count, using: &random)])
        switch odd {
        case 0: try FileManager.default.createSymbolicLink(atPath: collection.appendingPathComponent("link.md").path, withDestinationPath: "/etc/hostname")
        case 1: try FileManager.default.createDirectory(at: collection.appendingPathComponent("folder.md"), withIntermediateDirectories: true)
        case 2: #expect(mkfifo(collection.appendingPathComponent("fifo.md").path, 0o644) == 0)
        default: try Data("x".utf8).write(to: collection.appendingPathComponent("notes.txt"))
        }
        let config = try StoreConfig.parse(Data(sampleConfigText.utf8))
        for stampless in [true, false] {
            let content = VersionContent.workingTree(root: disk.root, config: config, cacheFile: disk.cache, stampless: stampless)
            var expected: [(id: EntryID, path: String, regular: Bool)] = []
            var folderFiles: [String] = []
            for name in config.collections.map(\.name) {
                let listed = VersionContent.listFolder(name, at: disk.root.appendingPathComponent(name).path, collections: config.collectionNames,
                                                       stampEach: !stampless).files
                if let first = listed.first { folderFiles.append(first.filePath) }
                expected += listed.map { ($0.id, $0.filePath, $0.regular) }
            }
            let order = try #require(content.listedOrder)
            let what = "seed \(seed), odd \(odd), stampless \(stampless)"
            #expect(order.map(\.key) == expected.map(\.id), "\(what)")
            #expect(order.map(\.value.filePath) == expected.map(\.path), "\(what)")
            #expect(order.map(\.value.listedRegular) == expected.map(\.regular), "\(what)")
            #expect(Set(content.entries.keys) == Set(expected.map(\.id)) && content.entries.count == expected.count, "\(what)")
            #expect(content.entries.allSatisfy { id, source in order.contains { $0.key == id && $0.value.filePath == source.filePath } }, "\(what)")
            #expect(content.listedAllRegular == expected.allSatisfy(\.regular), "\(what)")
            #expect(content.listedAllRegular == (odd == 3), "\(what)")
            #expect(content.listedFolderFiles == folderFiles, "\(what)")
            // Changing the table drops what was known of the listing.
            var edited = content
            edited.entries[EntryID(collection: "faq", id: "neu")] = VersionContent.Source { nil }
            #expect(edited.listedOrder == nil && !edited.listedAllRegular && edited.listedFolderFiles.isEmpty)
        }
    }
}
