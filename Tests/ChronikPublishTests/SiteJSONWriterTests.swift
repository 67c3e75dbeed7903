import ChronikStore
import Foundation
import OrderedCollections
import Testing
@testable import ChronikChangelog
@testable import ChronikDiff
@testable import ChronikPublish

/// The entry objects written straight into bytes (`SiteJSON.write(entry:…)`, `entryFile`, and `writeCollection`,
/// which uses it) against their definition: the tree `SiteJSON.entry(_:model:)` written by `JSONByteWriter.write`
/// (`entryDocument` and `bytes` for an entry's file, `collection(_:model:)` for a collection's).
@Suite struct SiteJSONWriterTests {
    /// The direct writer's bytes against the tree's, at a few indents, as an object and as a document.
    static func expectSame(_ entry: SiteEntry, model: SiteModel, _ note: @autoclosure () -> String) {
        let file = SiteJSON.entryFile(entry)
        let reference = SiteJSON.bytes(SiteJSON.entryDocument(entry, model: model))
        #expect(file == reference, "\(note()): \(CompiledPagesTests.difference(file, reference))")
        for indent in [0, 2, 3] {
            var direct = JSONByteWriter(pretty: true)
            SiteJSON.write(entry: entry, document: false, indent: indent, into: &direct)
            var tree = JSONByteWriter(pretty: true)
            tree.write(SiteJSON.entry(entry, model: model), indent: indent)
            #expect(direct.bytes == tree.bytes, "\(note()) at \(indent): \(CompiledPagesTests.difference(direct.bytes, tree.bytes))")
        }
    }

    /// Every entry and collection of the sample site and of the hostile fixture (both languages).
    @Test func sampleAndFixtureAreTheTreesBytes() throws {
        let (store, dir) = try sampleStore()
        defer { try? FileManager.default.removeItem(at: dir) }
        for model in [try buildSite(store), SiteFixture.model(language: "de"), SiteFixture.model(language: "en")] {
            for collection in model.collections {
                for entry in collection.entries { Self.expectSame(entry, model: model, "\(entry.collection)/\(entry.id)") }
                var pieces: [UInt8] = []
                SiteJSON.writeCollection(collection, model: model) { pieces.append(contentsOf: $0) }
                #expect(pieces == SiteJSON.bytes(SiteJSON.collection(collection, model: model)), "\(collection.name)")
            }
        }
    }

    /// Seeded random entries: hostile texts everywhere (quotes, backslashes, controls, U+2028, `<>&`, non-ASCII),
    /// fields with keys given twice (the dictionaries keep the first place and the last value), empty and nested
    /// values, links resolving or not, backlinks, history items of every kind with and without release and former
    /// name; empty fields, links, backlinks and history.
    @Test(arguments: [UInt64(1), 2, 3])
    func seededEntriesAreTheTreesBytes(seed: UInt64) {
        let pieces = FastTextPathTests.pieces + ["\"", "\\", "\n", "\r", "\t", "\u{1}", "\u{1F}", "\u{7F}", "\u{2028}", "\u{2029}", "<", "&",
                                                 "„Zitat“", "–", "/", "{}", "[]", ": ", ","]
        var random = SplitMix64(seed: seed)
        func text(_ max: Int = 6) -> String { (0..<Int(random.next() % UInt64(max + 1))).map { _ in pieces[Int(random.next() % UInt64(pieces.count))] }.joined() }
        func chance(_ n: UInt64) -> Bool { random.next() % n == 0 }
        func value(_ depth: Int = 0) -> JSONValue {
            switch random.next() % (depth > 2 ? 4 : 6) {
            case 0: return .null
            case 1: return .bool(chance(2))
            case 2: return SiteFixture.number(["0", "-3", "2.50", "1e3"][Int(random.next() % 4)])
            case 3: return .string(text())
            case 4: return .array((0..<Int(random.next() % 3)).map { _ in value(depth + 1) })
            default:
                var members = OrderedDictionary<String, JSONValue>()
                for _ in 0..<Int(random.next() % 3) { members[text(2)] = value(depth + 1) }
                return .object(members)
            }
        }
        func link() -> SiteLink {
            SiteLink(collection: chance(2) ? "glossary" : text(2), id: chance(2) ? "open-data" : text(2), title: text(), resolves: chance(2))
        }
        let model = SiteFixture.model()
        let ref = { (c: String, i: String) in EntryRef(collection: c, id: i, path: "\(c)/\(i).md") }
        for round in 0..<300 {
            let history = (0..<Int(random.next() % 4)).map { k -> SiteEntryChange in
                let kinds: [EntryDiff.Kind] = [.added, .removed, .modified, .renamed, .moved]
                let kind = kinds[Int(random.next() % UInt64(kinds.count))]
                var prose = ProseSummary()
                prose.wordsAdded = Int(random.next() % 300)
                prose.wordsRemoved = Int(random.next() % 2)
                let fields = (0..<Int(random.next() % 3)).map { _ in
                    FieldChange(pointer: "/" + text(2), label: text(), kind: .changed, old: .string(text()), new: chance(4) ? nil : .string(text()))
                }
                let change = ChangelogEntry(kind: kind, entry: ref("glossary", "hostile"), from: kind == .renamed || chance(5) ? ref(text(2), text(2)) : nil,
                                            title: text(), fields: fields, prose: prose, blocks: [])
                return SiteEntryChange(version: SiteFixture.version(10 + k, "2026-0\(1 + k)-1\(k)", text()), release: chance(2) ? nil : text(2),
                                       change: change)
            }
            let keys = ["k", "a", "title"]
            let entry = SiteEntry(
                collection: chance(3) ? text(2) : "glossary", id: chance(3) ? text(2) : "hostile", path: text(3), title: text(),
                fields: (0..<Int(random.next() % 5)).map { _ in
                    SiteField(key: chance(3) ? text(2) : keys[Int(random.next() % 3)], label: text(), value: value(),
                              links: chance(2) ? (0..<Int(1 + random.next() % 3)).map { _ in link() } : [])
                },
                body: chance(4) ? "" : text(30) + "\n\n# " + text() + "\n",
                backlinks: (0..<Int(random.next() % 3)).map { _ in link() },
                history: history)
            Self.expectSame(entry, model: model, "seed \(seed), round \(round)")
            // The entry's feed, with and without a base URL (and one that needs its segments encoded).
            for urls in [SiteURLs(baseURL: nil, prefix: ""), SiteURLs(baseURL: "https://example.org/stadt", prefix: "v/v 1/")] {
                #expect(SiteFeeds.entry(entry, model: model, urls: urls) == SiteFeeds.referenceEntry(entry, model: model, urls: urls),
                        "seed \(seed), round \(round)")
            }
        }
    }

    /// Every entry feed of the sample and the fixture: the feed made with its items' shared parts once is the feed
    /// made item by item.
    @Test func entryFeedsAreTheReferenceFeeds() throws {
        let (store, dir) = try sampleStore()
        defer { try? FileManager.default.removeItem(at: dir) }
        for model in [try buildSite(store), SiteFixture.model(language: "de"), SiteFixture.model(language: "en")] {
            for urls in [SiteURLs(baseURL: nil, prefix: ""), SiteURLs(baseURL: "https://example.org/", prefix: "v/v1/")] {
                for collection in model.collections {
                    for entry in collection.entries {
                        #expect(SiteFeeds.entry(entry, model: model, urls: urls) == SiteFeeds.referenceEntry(entry, model: model, urls: urls),
                                "\(entry.collection)/\(entry.id)")
                    }
                }
            }
        }
    }
}

/// The feeds' percent-encoding of a path segment, with its pass over segments that need none, against the
/// scalar loop it skips (the definition, kept here).
@Suite struct SiteURLsEncodingTests {
    static func reference(_ segment: String) -> String {
        var out = ""
        for byte in segment.utf8 {
            let c = Character(Unicode.Scalar(byte))
            if byte < 0x80, c.isLetter || c.isNumber || "-._~".contains(c) {
                out.append(c)
            } else {
                out += "%" + (byte < 0x10 ? "0" : "") + String(byte, radix: 16, uppercase: true)
            }
        }
        return out
    }

    @Test func segmentsAreEncodedAsTheReference() {
        for byte in UInt8(0)...0x7F {
            let s = String(decoding: [0x61, byte, 0x7A], as: UTF8.self)
            #expect(SiteURLs.percentEncoded(s) == Self.reference(s), "byte \(byte)")
        }
        let pieces = ["a", "z", "A", "Z", "0", "9", "-", ".", "_", "~", "open-data", "v1.2", " ", "/", "%", "?", "#", "ä", "ß", "😀", "\u{1}", "+"]
        var random = SplitMix64(seed: 77)
        for round in 0..<2_000 {
            let s = (0..<Int(random.next() % 8)).map { _ in pieces[Int(random.next() % UInt64(pieces.count))] }.joined()
            #expect(SiteURLs.percentEncoded(s) == Self.reference(s), "round \(round): \(s)")
        }
        #expect(SiteURLs.percentEncoded("v1 ä") == "v1%20%C3%A4")
    }
}
