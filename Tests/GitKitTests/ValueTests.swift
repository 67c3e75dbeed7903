import Foundation
import GitKit
import Testing

@Suite struct ObjectIDTests {
    @Test func parsesAndFormatsFullHex() throws {
        let hex = "e69de29bb2d1d6434b8b29ae775ad8c2e48c5391"
        let id = try #require(ObjectID(hex: hex))
        #expect(id.hex == hex)
        #expect(id.description == hex)
        #expect(id.short() == "e69de29")
        #expect(id.short(12) == "e69de29bb2d1")
        #expect(id.short(99) == hex)
        #expect(ObjectID(hex: hex.uppercased()) == id)
        #expect(id.bytes.count == 20)
        #expect(id.bytes.first == 0xe6)
        #expect(id.bytes.last == 0x91)
    }

    @Test(arguments: ["", "e69de29", "e69de29bb2d1d6434b8b29ae775ad8c2e48c539", "e69de29bb2d1d6434b8b29ae775ad8c2e48c53911",
                      "g69de29bb2d1d6434b8b29ae775ad8c2e48c5391", " 69de29bb2d1d6434b8b29ae775ad8c2e48c5391"])
    func rejectsAnythingButFortyHexDigits(_ text: String) {
        #expect(ObjectID(hex: text) == nil)
    }

    @Test func ordersLikeTheBytes() throws {
        let ids = try ["ff00000000000000000000000000000000000000",
                       "0000000000000000000000000000000000000001",
                       "00000000000000000000000000000000000000ff",
                       "0000000000000000ff0000000000000000000000",
                       "0000000000000000000000000000000000000000"].map { try #require(ObjectID(hex: $0)) }
        #expect(ids.sorted().map(\.hex) == ids.map(\.hex).sorted())
        #expect(ids[4].isZero)
        #expect(!ids[1].isZero)
    }

    @Test func codableAsHexString() throws {
        let id = try #require(ObjectID(hex: "0123456789abcdef0123456789abcdef01234567"))
        let data = try JSONEncoder().encode([id])
        #expect(String(decoding: data, as: UTF8.self) == #"["0123456789abcdef0123456789abcdef01234567"]"#)
        #expect(try JSONDecoder().decode([ObjectID].self, from: data) == [id])
        #expect(throws: DecodingError.self) {
            try JSONDecoder().decode([ObjectID].self, from: Data(#"["abc"]"#.utf8))
        }
    }
}

@Suite struct ValueTests {
    @Test func fileModesRoundTrip() {
        let modes: [FileMode] = [.blob, .executable, .symlink, .tree, .submodule, .other(0o100664)]
        for mode in modes {
            #expect(FileMode(raw: mode.raw) == mode)
        }
        #expect(FileMode.blob.raw == 0o100644)
        #expect(FileMode.tree.raw == 0o040000)
    }

    @Test func commitSummaryIsTheFirstLine() throws {
        let id = try #require(ObjectID(hex: String(repeating: "1", count: 40)))
        let treeID = try #require(ObjectID(hex: String(repeating: "2", count: 40)))
        let commit = Commit(id: id, treeID: treeID,
                            parentIDs: [], author: Fixture.author, committer: Fixture.author,
                            message: "Add the mobility goals  \n\nLonger text.\n")
        #expect(commit.summary == "Add the mobility goals")
    }

    @Test func linksLibgit2OneFive() {
        LibGit2.initialize()
        LibGit2.initialize()
        #expect(LibGit2.version == "1.5.1")
    }

    @Test func gitErrorCodesMatchInCatchPatterns() {
        func kind(of body: () throws -> Void) -> String {
            do {
                try body()
                return "none"
            } catch GitError.modified {
                return "modified"
            } catch GitError.notFound {
                return "notFound"
            } catch {
                return "other"
            }
        }
        #expect(kind { _ = try Repository(at: URL(fileURLWithPath: "/nonexistent-gitkit-\(UUID().uuidString)")) } == "notFound")
        #expect(kind { throw CocoaError(.fileNoSuchFile) } == "other")
        #expect(kind {} == "none")
    }
}
