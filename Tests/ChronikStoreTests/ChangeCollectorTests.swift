import Foundation
import GitKit
import Testing
@testable import ChronikStore

/// The one collector of changes (`ChangeCollector`) and the cross-folder rename pairing (`RenameDetector`), on
/// changed paths given directly: no repository, contents by path.
@Suite("change collector")
struct ChangeCollectorTests {
    /// Forty short lines of distinct words: an edit of one line leaves it 97 % similar, by word and by line.
    static func text(_ seed: String, lines: Int = 40) -> String {
        (0..<lines).map { "\(seed)\($0) alpha\($0)\(seed) beta\($0) gamma\(seed)\($0)" }.joined(separator: "\n") + "\n"
    }

    /// A made-up blob id for a text (FNV-1a 64, padded): equal for equal texts, distinct for the texts of a test.
    static func id(_ text: String) throws -> ObjectID {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in text.utf8 { hash = (hash ^ UInt64(byte)) &* 0x100_0000_01b3 }
        let hex = String(hash, radix: 16)
        return try #require(ObjectID(hex: String(repeating: "0", count: 40 - hex.count) + hex))
    }

    /// Collects `old` → `new` (path → text) in a plain repository's layout.
    func collect(_ old: [String: String], _ new: [String: String], layout: StoreLayout = .plain, budget: Int = RenameDetector.maxSimilarityPairs,
                 calls: UnsafeMutablePointer<Int>? = nil) throws -> CollectedChanges {
        var paths: [PathChange] = []
        for path in Set(old.keys).union(new.keys).sorted() where old[path] != new[path] {
            paths.append(PathChange(path: path, old: try old[path].map { ChangedBlob(id: try Self.id($0), mode: .blob) },
                                    new: try new[path].map { ChangedBlob(id: try Self.id($0), mode: .blob) }))
        }
        var collector = ChangeCollector(oldLayout: layout, newLayout: layout, keepsRefusedPaths: true)
        collector.maxSimilarityPairs = budget
        return try collector.collect(paths) { side, path, _ in
            calls?.pointee += 1
            return Data(((side == .old ? old : new)[path] ?? "").utf8)
        }
    }

    func renames(_ changes: CollectedChanges) -> [String] {
        changes.changes.filter { $0.kind == .renamed }.map { "\($0.oldPath ?? "") -> \($0.newPath ?? "")" }
    }

    @Test func aMoveToAnotherFolderWithTheSameIDIsARename() throws {
        let a = Self.text("x")
        let b = a.replacingOccurrences(of: "alpha3x", with: "omega3x")
        let changes = try collect(["docs/foreword.md": a], ["policy/foreword.md": b])
        #expect(renames(changes) == ["docs/foreword.md -> policy/foreword.md"])
        let similarity = try #require(changes.changes.first?.similarity)
        #expect(similarity > 0.9 && similarity < 1)
        #expect(changes.changeSet.entries == [EntryChange(kind: .renamed, entry: EntryID(collection: "policy", id: "foreword"),
                                                         from: EntryID(collection: "docs", id: "foreword"))])
    }

    @Test func aMoveToAnotherFolderUnderAnotherNameIsARename() throws {
        let a = Self.text("y")
        let changes = try collect(["docs/00-foreword.md": a, "docs/other.md": Self.text("z")],
                                  ["text/foreword.md": a + "one more line\n", "docs/other.md": Self.text("z")])
        #expect(renames(changes) == ["docs/00-foreword.md -> text/foreword.md"])
    }

    @Test func identicalContentIsARenameAcrossFolders() throws {
        let a = Self.text("w")
        let changes = try collect(["a/one.md": a], ["b/two.md": a])
        #expect(renames(changes) == ["a/one.md -> b/two.md"])
        #expect(changes.changes.first?.similarity == 1)
    }

    @Test func ofTwoSimilarCandidatesTheMoreSimilarWins() throws {
        let a = Self.text("v")
        let close = a.replacingOccurrences(of: "alpha1v", with: "changed")
        var far = a
        for k in 0..<12 { far = far.replacingOccurrences(of: "beta\(k) ", with: "delta\(k) ") }
        let changes = try collect(["a/old.md": a], ["b/far.md": far, "c/close.md": close])
        #expect(renames(changes) == ["a/old.md -> c/close.md"])
        #expect(changes.changes.contains { $0.kind == .added && $0.newPath == "b/far.md" })
    }

    @Test func theSameIDWinsOverAHigherScore() throws {
        let a = Self.text("u")
        let changes = try collect(["a/entry.md": a], ["b/entry.md": a + "more\n", "c/copy.md": a + "m\n"])
        #expect(renames(changes) == ["a/entry.md -> b/entry.md"])
    }

    @Test func dissimilarFilesStayRemovedAndAdded() throws {
        let changes = try collect(["a/one.md": Self.text("p")], ["b/two.md": Self.text("q")])
        #expect(renames(changes).isEmpty)
        #expect(Set(changes.changes.map(\.kind)) == [.removed, .added])
    }

    /// Beyond the budget nothing crashes or goes all-pairs: what cannot be compared stays removed and added, the
    /// same way every time.
    @Test func anExhaustedBudgetLeavesAddedAndRemovedDeterministically() throws {
        var old: [String: String] = [:], new: [String: String] = [:]
        for k in 0..<30 {
            let text = Self.text("n\(k)")
            old["from\(k % 3)/e\(k).md"] = text
            new["to\(k % 5)/f\(k).md"] = text + "edited\n"
        }
        var calls = 0
        let first = try withUnsafeMutablePointer(to: &calls) { try collect(old, new, budget: 100, calls: $0) }
        let second = try collect(old, new, budget: 100)
        #expect(first == second)
        // 30 × 30 candidates exceed 100 comparisons and no pair shares an id or a folder: nothing is compared.
        #expect(calls == 0)
        #expect(renames(first).isEmpty)
        #expect(first.changes.filter { $0.kind == .removed }.count == 30)
        #expect(first.changes.filter { $0.kind == .added }.count == 30)
        // Within a budget that covers all pairs, every one is found.
        let all = try collect(old, new, budget: 900)
        #expect(renames(all).count == 30)
        for change in all.changes where change.kind == .renamed {
            // e<k> was edited into f<k>.
            #expect(change.oldEntry?.id.dropFirst() == change.newEntry?.id.dropFirst())
        }
    }

    /// A configured store: entries of its collections, other files as files, a comment-only edit of the front
    /// matter collected as a modified entry (its bytes changed), paths outside the rules other files.
    @Test func aStoresChangesAreClassifiedByItsLayout() throws {
        let layout = StoreLayout.configured(collections: ["glossary", "faq"])
        let entry = "---\n# SPDX-FileCopyrightText: 2023\nterm: Kiez\n---\nText.\n"
        let changes = try collect(
            ["glossary/kiez.md": entry, "README.md": "a\n"],
            ["glossary/kiez.md": entry.replacingOccurrences(of: "2023", with: "2024"), "README.md": "b\n", "notes/x.md": "c\n"],
            layout: layout)
        let set = changes.changeSet
        #expect(set.entries == [EntryChange(kind: .modified, entry: EntryID(collection: "glossary", id: "kiez"))])
        #expect(set.files == [FileChange(kind: .modified, path: "README.md"), FileChange(kind: .added, path: "notes/x.md")])
        #expect(changes.problems.map(\.file) == ["notes/x.md"])
    }

    /// `StoreLayout.plain` takes lower-case `.md` only: a `.MD` file is another file.
    @Test func anUpperCaseExtensionIsAnOtherFileInAPlainRepository() throws {
        let changes = try collect([:], ["NOTES.MD": "a\n", "docs/a.md": "b\n"])
        #expect(changes.changeSet.files == [FileChange(kind: .added, path: "NOTES.MD")])
        #expect(changes.changeSet.entries == [EntryChange(kind: .added, entry: EntryID(collection: "docs", id: "a"))])
    }
}
