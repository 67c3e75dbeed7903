import Foundation
import GitKit
import Testing

@Suite struct DiffTests {
    static let longText = (1...30).map { "Line \($0) of a goal description that is long enough to compare.\n" }.joined()

    @Test func treeToTreeWithRenameDetection() throws {
        try withTemporaryRepository { temp in
            let repo = temp.repository
            let moved = try repo.writeBlob(Data(Self.longText.utf8))
            let editedText = Self.longText.replacingOccurrences(of: "Line 7 ", with: "Row 7 ")
            let before = try repo.writeBlob(Data("before\n".utf8))
            let after = try repo.writeBlob(Data("after\n".utf8))
            let renamedSource = try repo.writeBlob(Data(Self.longText.uppercased().utf8))
            let renamedTarget = try repo.writeBlob(Data(editedText.uppercased().utf8))

            let oldTree = try nestedTree(repo, [
                "goals/mobility.md": moved,
                "goals/energy.md": renamedSource,
                "notes.md": before,
            ])
            let newTree = try nestedTree(repo, [
                "archive/mobility.md": moved,
                "goals/power.md": renamedTarget,
                "notes.md": after,
            ])

            let plain = try repo.diffTrees(oldTree, newTree)
            #expect(plain.map(\.status).sorted { $0.rawValue < $1.rawValue } == [.added, .added, .deleted, .deleted, .modified])

            var options = DiffOptions()
            options.detectRenames = true
            let deltas = try repo.diffTrees(oldTree, newTree, options: options)
            let byNewPath = Dictionary(uniqueKeysWithValues: deltas.map { ($0.newPath, $0) })
            #expect(deltas.count == 3)

            let move = try #require(byNewPath["archive/mobility.md"])
            #expect(move == DiffDelta(status: .renamed, oldPath: "goals/mobility.md", newPath: "archive/mobility.md",
                                      oldID: moved, newID: moved, oldMode: .blob, newMode: .blob, similarity: 100))

            let edit = try #require(byNewPath["goals/power.md"])
            #expect(edit.status == .renamed)
            #expect(edit.oldPath == "goals/energy.md")
            #expect(edit.similarity >= 50 && edit.similarity < 100)

            let notes = try #require(byNewPath["notes.md"])
            #expect(notes == DiffDelta(status: .modified, oldPath: "notes.md", newPath: "notes.md",
                                       oldID: before, newID: after, oldMode: .blob, newMode: .blob, similarity: 0))

            // A threshold above the edited file's similarity leaves it as delete + add.
            options.renameThreshold = 100
            let strict = try repo.diffTrees(oldTree, newTree, options: options)
            #expect(strict.filter { $0.status == .renamed }.map(\.newPath) == ["archive/mobility.md"])

            // Pathspec limits the diff.
            var limited = DiffOptions()
            limited.pathspec = ["notes.md"]
            #expect(try repo.diffTrees(oldTree, newTree, options: limited).map(\.newPath) == ["notes.md"])

            // Against the empty tree everything is added, with no old side.
            let added = try repo.diffTrees(nil, oldTree)
            #expect(added.count == 3)
            #expect(added.allSatisfy { $0.status == .added && $0.oldID == nil && $0.oldMode == nil && $0.newID != nil })
            #expect(try repo.diffTrees(oldTree, oldTree).isEmpty)

            // Mode changes show as modified; a file turned into a symlink as a type change.
            let executable = try nestedTree(repo, ["notes.md": before], mode: .executable)
            let plainNotes = try nestedTree(repo, ["notes.md": before])
            let modeChange = try repo.diffTrees(plainNotes, executable)
            #expect(modeChange.map(\.status) == [.modified])
            #expect(modeChange.first?.newMode == .executable)
            let link = try nestedTree(repo, ["notes.md": before], mode: .symlink)
            #expect(try repo.diffTrees(plainNotes, link).map(\.status) == [.typeChange])
        }
    }

    /// Builds nested trees from slash-separated paths.
    private func nestedTree(_ repo: Repository, _ files: [String: ObjectID], mode: FileMode = .blob) throws -> ObjectID {
        var direct: [TreeEntry] = []
        var folders: [String: [String: ObjectID]] = [:]
        for (path, id) in files {
            let parts = path.split(separator: "/", maxSplits: 1).map(String.init)
            if parts.count == 2 {
                folders[parts[0], default: [:]][parts[1]] = id
            } else {
                direct.append(TreeEntry(name: path, id: id, mode: mode))
            }
        }
        for (folder, content) in folders {
            direct.append(TreeEntry(name: folder, id: try nestedTree(repo, content, mode: mode), mode: .tree))
        }
        return try repo.writeTree(direct)
    }
}
