@testable import ChronikSchema
import ChronikStore
import Foundation
import GitKit
import Testing

/// Compares, inside a commit, `PendingVersion.existing(_:)` (a look-up per candidate) with the reference, the
/// listing of every entry (`entries()`), on candidates of every kind.
final class ExistingEntriesChecker: ContentChecker {
    var candidates: Set<EntryID> = []
    var rounds = 0
    var mismatches: [String] = []

    func check(_ version: PendingVersion) throws(StoreError) -> [StoreProblem] {
        rounds += 1
        var asked = candidates
        for change in version.changes.entries {
            asked.insert(change.entry)
            if let from = change.from { asked.insert(from) }
        }
        let expected = try version.entries().intersection(asked)
        let found = try version.existing(asked)
        if found != expected {
            mismatches.append("only found: \(found.subtracting(expected).sorted()); only expected: \(expected.subtracting(found).sorted())")
        }
        return []
    }
}

@Suite("A commit asks which entries exist without listing the store")
struct PendingEntriesTests {
    static let author = Signature(name: "Test Author", email: "test@example.org", date: Date(timeIntervalSince1970: 1_646_128_800), timeZoneOffsetMinutes: 60)


    @Test(arguments: [UInt64(1), 2, 3])
    func existingMatchesTheListing(seed: UInt64) throws {
        var random = SplitMix64(seed: seed) // the project's seeded generator, so that each run makes the same stores
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("chronik-pending-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: url) }
        let (store, _) = try Store.create(
            at: url, config: DefaultStore.config(title: "Test", language: .de), schemas: DefaultStore.schemas,
            author: Self.author, committer: Self.author, message: "Store created")
        let collections = ["glossary", "faq", "actors"]
        func text(_ n: Int) -> Data { Data("---\nterm: Begriff \(n)\n---\nText \(n).\n".utf8) }
        var present: [String] = []
        for n in 0..<40 {
            let path = "\(collections[random.index(collections.count)])/e\(n).md"
            try store.writeFile(path, text(n))
            present.append(path)
        }
        let checker = ExistingEntriesChecker()
        _ = try store.commit(message: "Einträge", author: Self.author, committer: Self.author, checker: checker)

        var next = 40
        for round in 0..<4 {
            // Removed, changed, renamed (same bytes, another name) and new entries, and attachments of entries
            // that stay.
            present.shuffle(using: &random)
            // An entry's attachments go with it (else they would be an orphan folder, which the store refuses).
            func removeAttachments(_ path: String) {
                try? FileManager.default.removeItem(at: store.url(of: String(path.dropLast(3))))
            }
            for _ in 0..<3 where present.count > 10 {
                let path = present.removeLast()
                try FileManager.default.removeItem(at: store.url(of: path))
                removeAttachments(path)
            }
            for _ in 0..<3 {
                let path = present[random.index(present.count)]
                try store.writeFile(path, text(1000 + round * 10 + random.index(10)))
            }
            for _ in 0..<2 where present.count > 10 {
                let old = present.removeLast()
                let new = "\(collections[random.index(collections.count)])/r\(next).md"
                next += 1
                try FileManager.default.moveItem(at: store.url(of: old), to: store.url(of: new))
                removeAttachments(old)
                present.append(new)
            }
            for _ in 0..<3 {
                let path = "\(collections[random.index(collections.count)])/n\(next).md"
                try store.writeFile(path, text(next))
                present.append(path)
                next += 1
            }
            let withAttachment = present[random.index(present.count)]
            try store.writeFile(String(withAttachment.dropLast(3)) + "/karte-\(round).pdf", Data("%PDF-\(round)".utf8))

            // Candidates: every entry there is and was, and names no listing holds.
            var candidates = Set<EntryID>()
            for path in present {
                let parts = path.split(separator: "/")
                candidates.insert(EntryID(collection: String(parts[0]), id: String(parts[1].dropLast(3))))
            }
            for n in 0..<next {
                for collection in collections + ["results", "nope", ""] {
                    for prefix in ["e", "n", "r"] { candidates.insert(EntryID(collection: collection, id: "\(prefix)\(n)")) }
                }
            }
            for odd in ["E1", "e1.md", "a/e1", "", "-e1", "..", "e1/karte-0.pdf"] {
                candidates.insert(EntryID(collection: "glossary", id: odd))
            }
            candidates.insert(EntryID(collection: "glossary/e1", id: "x"))
            candidates.insert(EntryID(collection: "schemas", id: "glossary.schema"))
            checker.candidates = candidates
            let outcome = try store.commit(message: "Runde \(round)", author: Self.author, committer: Self.author, checker: checker)
            guard case .committed = outcome else {
                Issue.record("round \(round): \(outcome)")
                return
            }
        }
        #expect(checker.rounds == 5)
        #expect(checker.mismatches.isEmpty, "\(checker.mismatches)")
    }
}

/// Checks a pending version with the validation cache (schemas vouched for: no meta-schema check, only the changed
/// collections compiled) and without it (everything loaded, checked and compiled), and records both.
final class CacheComparingChecker: ContentChecker {
    var pairs: [(cached: [StoreProblem], plain: [StoreProblem])] = []

    func check(_ version: PendingVersion) throws(StoreError) -> [StoreProblem] {
        var plain = StoreValidationOptions()
        plain.useCache = false
        let withoutCache = try StoreValidator(options: plain).check(version)
        let withCache = try StoreValidator().check(version)
        pairs.append((withCache, withoutCache))
        return []
    }
}

@Suite("A commit with the schemas vouched for finds what it finds without")
struct VouchedCommitTests {
    @Test func sameProblemsWithAndWithoutTheVouch() throws {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("chronik-vouched-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: url) }
        let author = PendingEntriesTests.author
        let (store, _) = try Store.create(
            at: url, config: DefaultStore.config(title: "Test", language: .de), schemas: DefaultStore.schemas,
            author: author, committer: author, message: "Store created", checker: StoreValidator())
        for n in 0..<12 {
            let seeAlso = n > 0 ? "see_also: [b\(n - 1)]\n" : ""
            try store.writeFile("glossary/b\(n).md", Data("---\nterm: Begriff \(n)\n\(seeAlso)---\nText.\n".utf8))
        }
        try store.writeFile("faq/f1.md", Data("---\nquestion: Warum?\n---\nDarum.\n".utf8))
        let checker = CacheComparingChecker()
        _ = try store.commit(message: "Begriffe", author: author, committer: author, checker: checker)
        let cacheFile = store.repository.gitDirectory.appendingPathComponent("chronik/validation-cache")
        // The first commit that checked the schemas in full recorded them as free of problems.
        #expect(FileManager.default.fileExists(atPath: cacheFile.path))

        // Problems of every kind the check finds across entries and in one: a duplicate unique term, a dangling
        // reference, an unknown field, a removed entry still referred to, a renamed one.
        try store.writeFile("glossary/neu.md", Data("---\nterm: Begriff 3\nsee_also: [gibt-es-nicht, b2]\nfarbe: rot\n---\nText.\n".utf8))
        try FileManager.default.removeItem(at: store.url(of: "glossary/b5.md"))
        try FileManager.default.moveItem(at: store.url(of: "glossary/b8.md"), to: store.url(of: "glossary/acht.md"))
        try store.writeFile("faq/f1.md", Data("---\nquestion: 12\n---\nDarum.\n".utf8))
        _ = try store.commit(message: "Fehler", author: author, committer: author, checker: checker)
        // A change that is fine.
        try store.writeFile("glossary/b1.md", Data("---\nterm: Begriff eins\n---\nText.\n".utf8))
        _ = try store.commit(message: "Gut", author: author, committer: author, checker: checker)

        #expect(checker.pairs.count == 3)
        for (index, pair) in checker.pairs.enumerated() {
            #expect(pair.cached == pair.plain, "commit \(index)")
        }
        let found = checker.pairs[1].cached.map { "\($0.file) \($0.keyword ?? "") \($0.message)" }
        #expect(found.contains { $0.hasPrefix("glossary/neu.md x-chronik-unique") }, "\(found)")
        #expect(found.contains { $0.hasPrefix("glossary/neu.md x-chronik-ref") && $0.contains("gibt-es-nicht") }, "\(found)")
        #expect(found.contains { $0.hasPrefix("glossary/b5.md x-chronik-ref") }, "\(found)")
        #expect(found.contains { $0.hasPrefix("glossary/b8.md x-chronik-ref") }, "\(found)")
        #expect(found.contains { $0.hasPrefix("faq/f1.md") }, "\(found)")
        #expect(checker.pairs[2].cached.isEmpty)
        // The vouch is there for the set of the store's schemas.
        let files = DefaultStore.schemas.reduce(into: [String: Data]()) { $0["schemas/" + $1.key] = $1.value }
        let key = StoreSchemas.setKey(config: DefaultStore.config(title: "Test", language: .de), files: files)
        #expect(ReferenceCache.vouches(forSchemas: key, file: cacheFile))
    }
}


@Suite("A commit lists only the collections its checks across entries need")
struct EntryBlobsOnlyTests {
    /// `VersionContent.entryBlobs(in:config:store:only:)` against the whole listing filtered afterwards, for every
    /// subset of the store's collections (and names it does not have), on seeded stores.
    @Test(arguments: [UInt64(3), 17, 2026])
    func onlyMatchesTheFilteredListing(seed: UInt64) throws {
        var random = SplitMix64(seed: seed)
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("chronik-only-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: url) }
        let config = DefaultStore.config(title: "Test", language: .de)
        let (store, _) = try Store.create(at: url, config: config, schemas: DefaultStore.schemas,
                                          author: PendingEntriesTests.author, committer: PendingEntriesTests.author, message: "Store created")
        let collections = config.collections.map(\.name).sorted()
        for n in 0..<60 {
            let collection = collections[random.index(collections.count)]
            try store.writeFile("\(collection)/e\(n).md", Data("---\nterm: Begriff \(n)\n---\nText \(n).\n".utf8))
        }
        _ = try store.commit(message: "Einträge", author: PendingEntriesTests.author, committer: PendingEntriesTests.author,
                             checker: ExistingEntriesChecker())
        let head = try #require(try store.repository.headCommit())
        let tree = try store.repository.commit(head).treeID
        let all = try VersionContent.entryBlobs(in: tree, config: config, store: store)
        #expect(all.count == 60)
        for mask in 0..<(1 << collections.count) {
            var only = Set(collections.indices.filter { mask & (1 << $0) != 0 }.map { collections[$0] })
            if random.index(2) == 0 { only.insert("gibt-es-nicht") }
            let listed = try VersionContent.entryBlobs(in: tree, config: config, store: store, only: only)
            let expected = all.filter { only.contains($0.0.collection) }
            #expect(listed.map { "\($0.0.path) \($0.1.hex)" } == expected.map { "\($0.0.path) \($0.1.hex)" }, "only \(only.sorted())")
        }
    }
}
