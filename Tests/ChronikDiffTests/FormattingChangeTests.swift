import ChronikStore
import Foundation
import GitKit
import Testing
@testable import ChronikDiff

// Entries whose values and words are equal but whose bytes are not (issue 14, "No silent omissions").

private func document(_ text: String) throws -> EntryDocument { try EntryDocument.parse(Data(text.utf8)) }

private func classify(_ old: String, _ new: String) throws -> FormattingChange? {
    FormattingChange.classify(old: Data(old.utf8), new: Data(new.utf8), oldBody: try document(old).body, newBody: try document(new).body)
}

@Test func formattingIsClassifiedByWhereTheBytesDiffer() throws {
    let base = "---\n# SPDX-FileCopyrightText: 2025 X\ntitle: A\nstatus: open\n---\nWords here.\n"
    #expect(try classify(base, base) == nil)
    #expect(try classify(base, base.replacingOccurrences(of: "2025", with: "2026")) == .frontMatter)
    #expect(try classify(base, base.replacingOccurrences(of: "title: A\nstatus: open", with: "status: open\ntitle: A")) == .frontMatter)
    #expect(try classify(base, base.replacingOccurrences(of: "title: A", with: "title: \"A\"")) == .frontMatter)
    #expect(try classify(base, base.replacingOccurrences(of: "here.\n", with: "here.  \r\n")) == .body)
    #expect(try classify(base, base.replacingOccurrences(of: "2025", with: "2026").replacingOccurrences(of: "here.", with: "here. ")) == .frontMatterAndBody)
    // Canonically equivalent text is still other bytes (é composed and decomposed).
    #expect(try classify("---\na: 1\n---\nCaf\u{E9}\n", "---\na: 1\n---\nCafe\u{301}\n") == .body)
    // A file that is not UTF-8: the whole of it counts as text.
    #expect(FormattingChange.classify(old: Data([0x41, 0xFF]), new: Data([0x41, 0xFE]), oldBody: "A\u{FFFD}", newBody: "A\u{FFFD}") == .body)
}

/// A repository of trees made here: each version one tree of `glossary/<name>.md` files, plain mode.
private func trees(_ versions: [[String: String]]) throws -> (URL, Repository, [ObjectID]) {
    let url = FileManager.default.temporaryDirectory.appendingPathComponent("chronik-formatting-\(UUID().uuidString)")
    let repository = try Repository.create(at: url)
    var ids: [ObjectID] = []
    for files in versions {
        var entries: [TreeEntry] = []
        for (name, text) in files.sorted(by: { $0.key < $1.key }) {
            entries.append(TreeEntry(name: name + ".md", id: try repository.writeBlob(Data(text.utf8)), mode: .blob))
        }
        let folder = try repository.writeTree(entries)
        ids.append(try repository.writeTree([TreeEntry(name: "glossary", id: folder, mode: .tree)]))
    }
    return (url, repository, ids)
}

@Test func aFormattingChangeIsReportedAlsoWhenTheOldSideWasParsedBefore() throws {
    let v1 = "---\n# 2024\ntitle: A\n---\nText.\n"
    let v2 = "---\n# 2025\ntitle: A\n---\nText.\n"
    let v3 = "---\n# 2025\ntitle: B\n---\nText.\n"
    let (url, repository, ids) = try trees([["a": v1, "b": "---\nx: 1\n---\nSame.\n"], ["a": v2, "b": "---\nx: 1\n---\nSame. \n"], ["a": v3, "b": "---\nx: 1\n---\nSame. \n"]])
    defer { try? FileManager.default.removeItem(at: url) }
    // As a changelog goes: newest pair first, so the second diff's new side is parsed already (from the cache).
    let warm = SnapshotDiffer(repository: repository)
    let newer = try warm.diff(from: .tree(ids[1]), to: .tree(ids[2]))
    #expect(newer.entries.map(\.entry.id) == ["a"] && newer.entries.first?.formatting == nil)
    let older = try warm.diff(from: .tree(ids[0]), to: .tree(ids[1]))
    let cold = try SnapshotDiffer(repository: repository).diff(from: .tree(ids[0]), to: .tree(ids[1]))
    #expect(older == cold)
    #expect(older.entries.map(\.entry.id) == ["a", "b"])
    #expect(older.entries.map(\.formatting) == [.frontMatter, .body])
    #expect(older.entries.allSatisfy { $0.kind == .modified && $0.fields.isEmpty && $0.prose.summary.wordsAdded + $0.prose.summary.wordsRemoved == 0 })
    #expect(older.entries.first?.prose.isEmpty == true)
    #expect(older.summary.entriesModified == 2)
    // And the reverse order of work (old side cached).
    let reverse = SnapshotDiffer(repository: repository)
    _ = try reverse.diff(from: .tree(ids[0]), to: .tree(ids[1]))
    #expect(try reverse.diff(from: .tree(ids[1]), to: .tree(ids[2])) == newer)
    #expect(try reverse.diff(from: .tree(ids[0]), to: .tree(ids[1])) == cold)
    // A change of words or punctuation is no formatting change, even with no word counted.
    let (url2, repository2, ids2) = try trees([["a": "---\nx: 1\n---\nSame.\n"], ["a": "---\nx: 1\n---\nSame!\n"], ["a": "---\nx: 1\n---\nSame !\n"]])
    defer { try? FileManager.default.removeItem(at: url2) }
    let punctuation = try SnapshotDiffer(repository: repository2).diff(from: .tree(ids2[0]), to: .tree(ids2[1]))
    #expect(punctuation.entries.count == 1 && punctuation.entries.first?.formatting == nil)
    let spaceAdded = try SnapshotDiffer(repository: repository2).diff(from: .tree(ids2[1]), to: .tree(ids2[2]))
    #expect(spaceAdded.entries.count == 1 && spaceAdded.entries.first?.formatting == nil, "a space that splits a word is not formatting")
    let decoded = try JSONDecoder().decode(SnapshotDiff.self, from: JSONEncoder().encode(cold))
    #expect(decoded == cold)
}
