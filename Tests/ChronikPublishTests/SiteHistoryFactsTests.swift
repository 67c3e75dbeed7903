import ChronikChangelog
import ChronikDiff
import ChronikStore
import Foundation
import GitKit
import Testing
@testable import ChronikPublish

/// The history facts a publish keeps (`SiteHistoryFacts`, inc15d): a model whose histories are filed from them is the
/// model filed from every record, each item's change is read only when asked for (cut out of its cached record, or
/// made again when the cache lost it), the versions the facts do not know are read as before, and facts that do not
/// verify are not used.
@Suite struct SiteHistoryFactsTests {
    /// A model as an incremental publish builds it: without blocks, from the facts when they are there.
    private static func options(_ dir: URL) -> SiteBuildOptions {
        var options = SiteBuildOptions(cacheDirectory: dir.appendingPathComponent("changelog-cache"))
        options.releaseFactsDirectory = dir.appendingPathComponent("site-cache")
        options.releaseChangesWhenShown = true
        options.historyBlocks = false
        return options
    }

    /// The store's site built once with `options(dir)`: the options, the facts' folder, the model and the facts it kept.
    private static func published(_ store: Store, _ dir: URL) throws
        -> (options: SiteBuildOptions, directory: URL, reference: SiteModel, facts: SiteHistoryFacts) {
        let options = Self.options(dir)
        let directory = try #require(options.releaseFactsDirectory)
        let reference = try buildSite(store, options: options)
        return (options, directory, reference, try #require(SiteHistoryFacts.read(directory: directory, language: reference.language)))
    }

    /// The reference: every record read (no facts), without blocks.
    private static func reference(_ store: Store, _ dir: URL) throws -> SiteModel {
        var options = SiteBuildOptions(cacheDirectory: dir.appendingPathComponent("changelog-cache"))
        options.historyBlocks = false
        return try buildSite(store, options: options)
    }

    private static func changes(_ model: SiteModel) -> [SiteEntryChange] { model.collections.flatMap(\.entries).flatMap(\.history) }

    /// Histories filed from facts directly (`SiteHistoryIndex.add(_:facts:changes:)`, inc15k) are those filed from the
    /// record the facts make (`add(_:record:changes:fieldPointers:)`, as before): seeded groups of added, modified,
    /// removed, renamed and moved entries, some renamed back and forth, some not at the version.
    @Test(arguments: [5, 23, 2026] as [UInt64])
    func filedFromFactsAsFromTheirRecord(seed: UInt64) throws {
        var random = SplitMix64(seed: seed)
        let kinds: [EntryDiff.Kind] = [.added, .modified, .modified, .removed, .renamed, .moved]
        func ref(_ n: UInt64) -> EntryRef {
            let collection = ["glossary", "faq", "a-much-longer-collection-name"][Int(n % 3)]
            return EntryRef(collection: collection, id: "entry-\(n % 40)", path: "\(collection)/entry-\(n % 40).md")
        }
        func id(_ n: UInt64) throws -> ObjectID {
            try #require(ObjectID(hex: String(repeating: String(format: "%016llx", n), count: 3).prefix(40).description))
        }
        for round in 0..<40 {
            let current = Set((0..<Int(random.next() % 80)).map { _ in ref(random.next()) }.map { SiteHistoryIndex.key($0.collection, $0.id) })
            var fromFacts = SiteHistoryIndex(current: current, recentCount: Int(random.next() % 5))
            var fromRecords = fromFacts
            // The index as it was before inc15n (a set of the current keys, a table of changes by key, aliases by key),
            // filing each change's version and position.
            var expected: [SiteEntryKey: [String]] = [:]
            var alias: [SiteEntryKey: SiteEntryKey?] = [:]
            for g in 0..<Int(random.next() % 30) {
                let outline = SiteHistoryOutline.Item(version: try id(random.next()), base: g % 7 == 0 ? nil : try id(random.next()),
                                                      date: Timestamp(date: Date(timeIntervalSince1970: Double(random.next() % 1_000_000)), offsetMinutes: 60),
                                                      summary: "Version \(g)", release: g % 3 == 0 ? "r\(g)" : nil)
                let named: [SiteHistoryFacts.Named] = (0..<Int(random.next() % 6)).map { _ in
                    let kind = kinds[Int(random.next() % UInt64(kinds.count))]
                    let from = kind == .renamed || kind == .moved ? ref(random.next()) : nil
                    return SiteHistoryFacts.Named(kind: kind, entry: ref(random.next()), from: from,
                                                  fields: (0..<Int(random.next() % 3)).map { "/f\($0)" },
                                                  wordsAdded: Int(random.next() % 50), wordsRemoved: Int(random.next() % 50))
                }
                for (position, n) in named.enumerated() {
                    let key = SiteHistoryIndex.key(n.entry.collection, n.entry.id)
                    let target = alias[key] ?? (current.contains(key) ? key : nil)
                    if n.kind == .removed { continue }
                    if let target { expected[target, default: []].append(outline.version.hex + "#\(position)") }
                    if let from = n.from, n.kind == .renamed || n.kind == .moved {
                        let fromKey = SiteHistoryIndex.key(from.collection, from.id)
                        alias[fromKey] = .some(target)
                        if fromKey != key { alias[key] = .some(nil) }
                    }
                }
                fromFacts.add(outline, facts: named, changes: nil)
                fromRecords.add(outline, record: SiteHistoryFacts.record(named), changes: nil, fieldPointers: named.map(\.fields))
            }
            #expect(fromFacts.changes == fromRecords.changes, "seed \(seed), round \(round)")
            #expect(fromFacts.changes.mapValues { $0.map { $0.version.id.hex + "#\($0.position)" } } == expected, "seed \(seed), round \(round)")
            for key in current {
                #expect(fromFacts.history(key.collection, key.id).map { $0.version.id.hex + "#\($0.position)" } == expected[key] ?? [])
            }
            #expect(fromFacts.changes.mapValues { $0.map(\.fieldPointers) } == fromRecords.changes.mapValues { $0.map(\.fieldPointers) },
                    "seed \(seed), round \(round)")
            #expect(fromFacts.recent == fromRecords.recent, "seed \(seed), round \(round)")
        }
    }

    /// The origin taken from the groups (inc15n) only when they are an unbroken chain of first parents from the tip to
    /// a version without a base, and then the last one; in the sample, the root the walk finds.
    @Test(arguments: [7, 99] as [UInt64])
    func theOriginOfTheGroupsOnlyFromAnUnbrokenChain(seed: UInt64) throws {
        var random = SplitMix64(seed: seed)
        func id(_ n: Int) throws -> ObjectID { try #require(ObjectID(hex: String(format: "%040x", n + 1))) }
        for round in 0..<200 {
            let count = Int(random.next() % 12)
            var groups = try (0..<count).map { k in
                SiteHistoryOutline.Item(version: try id(k), base: k + 1 < count ? try id(k + 1) : nil, date: Timestamp(date: Date(), offsetMinutes: 0),
                                        summary: "v\(k)", release: nil)
            }
            var broken = false
            switch random.next() % 4 {
            case 0 where count > 1:
                // A link broken: a base that is not the next version.
                groups[Int(random.next() % UInt64(count - 1))].base = try id(500 + round)
                broken = true
            case 1 where count > 0:
                // The oldest has a base (the groups stop before the origin).
                groups[count - 1].base = try id(900 + round)
                broken = true
            default: break
            }
            let first = try id(0), other = try id(700), last = try id(max(0, count - 1))
            let tip: ObjectID? = random.next() % 5 == 0 ? other : (count > 0 ? first : nil)
            let expected = !broken && count > 0 && tip == first ? last : nil
            #expect(SiteHistoryFacts.origin(of: groups, tip: tip) == expected, "seed \(seed), round \(round)")
        }
        let (store, dir) = try sampleStore()
        defer { try? FileManager.default.removeItem(at: dir) }
        let tip = try #require(try store.tip())
        var outlines = ChangelogOptions()
        outlines.to = tip.id
        outlines.grouping = .commit
        outlines.records = false
        var groups: [SiteHistoryOutline.Item] = []
        try ChangelogBuilder(repository: store.repository).build(outlines, head: { _ in }, group: { if let item = SiteHistoryOutline.Item($0) { groups.append(item) } })
        #expect(SiteHistoryFacts.origin(of: groups, tip: tip.id) == (try ChangelogBuilder(repository: store.repository).origin(of: tip.id)))
        #expect(SiteHistoryFacts.origin(of: groups, tip: tip.id) != nil)
    }

    @Test func aModelFromTheFactsIsTheModelFromTheRecords() throws {
        let (store, dir) = try sampleStore()
        defer { try? FileManager.default.removeItem(at: dir) }
        let reference = try Self.reference(store, dir)
        #expect(Self.changes(reference).count > 100)
        let options = Self.options(dir)
        let factsFile = SiteHistoryFacts.file(in: try #require(options.releaseFactsDirectory))
        // The first build has no facts: it reads every record and keeps the facts.
        let first = try buildSite(store, options: options)
        #expect(FileManager.default.fileExists(atPath: factsFile.path))
        #expect(Self.changes(first).allSatisfy { $0.details == nil })
        #expect(first == reference)
        // The second files every item from the facts: kind, entry and former name at hand, the rest read when asked.
        let lazy = try buildSite(store, options: options)
        #expect(Self.changes(lazy).allSatisfy { $0.details != nil })
        for (item, expected) in zip(Self.changes(lazy), Self.changes(reference)) {
            #expect(item.summary.kind == expected.change.kind && item.summary.entry == expected.change.entry && item.summary.from == expected.change.from)
            let listed = item.listed, wanted = expected.listed
            #expect(listed.fields == wanted.fields && listed.wordsAdded == wanted.wordsAdded && listed.wordsRemoved == wanted.wordsRemoved)
            #expect(item.details != nil, "listed without reading the change")
        }
        #expect(lazy.recent == reference.recent)
        #expect(lazy == reference, "each change read from its record")
        // The fingerprints read only what the facts hold: the same keys.
        let keys = SiteKeys(lazy, options: SiteRenderOptions(), theme: .makeDefault())
        let expectedKeys = SiteKeys(reference, options: SiteRenderOptions(), theme: .makeDefault())
        #expect(keys.entries(lazy) == expectedKeys.entries(reference) && keys.collections == expectedKeys.collections)
        try expectFsck(store)
    }

    /// Settled once its entry's page is rendered (peak15d), an item's change gives its feeds the summary they would
    /// make from the change, and is read again when asked for: the same change. Settled before it was read, nothing
    /// is kept, and both are made from the change as before.
    @Test func settledChangesGiveTheSameSummariesAndChanges() throws {
        let (store, dir) = try sampleStore()
        defer { try? FileManager.default.removeItem(at: dir) }
        let reference = try Self.reference(store, dir)
        let options = Self.options(dir)
        _ = try buildSite(store, options: options)
        let lazy = try buildSite(store, options: options)
        let labels = ChangelogLabels(language: lazy.language)
        var settled = 0
        for (k, (entry, expectedEntry)) in zip(lazy.collections.flatMap(\.entries), reference.collections.flatMap(\.entries)).enumerated() {
            // Every other entry's changes read before they are settled (as a publish's prepares read them).
            if k % 2 == 0 { try SiteHistoryChanges.load(entry.history) }
            SiteHistoryChanges.settle(entry.history, labels: labels)
            for (item, expected) in zip(entry.history, expectedEntry.history) {
                #expect(item.details != nil)
                #expect(item.feedSummary(labels: labels) == SiteFeeds.entryChangeSummary(expected.change, labels: labels))
                #expect(item.change == expected.change, "\(entry.collection)/\(entry.id) at \(item.version.id.hex)")
                #expect(item.feedSummary(labels: labels) == SiteFeeds.entryChangeSummary(expected.change, labels: labels))
                settled += 1
            }
        }
        #expect(settled > 100)
        try expectFsck(store)
    }

    /// New versions the facts do not know are read (and added to the facts); more than `unknownLimit` of them, and
    /// every record is read as without facts.
    @Test(arguments: [1, 3, SiteHistoryFacts.unknownLimit + 2])
    func unknownVersionsAreReadAsBefore(newVersions: Int) throws {
        let (store, dir) = try sampleStore()
        defer { try? FileManager.default.removeItem(at: dir) }
        let options = Self.options(dir)
        let directory = try #require(options.releaseFactsDirectory)
        _ = try buildSite(store, options: options)
        let before = try #require(SiteHistoryFacts.read(directory: directory, language: "de"))
        let glossary = store.root.appendingPathComponent("glossary")
        let names = try FileManager.default.contentsOfDirectory(atPath: glossary.path).filter { $0.hasSuffix(".md") }.sorted()
        for k in 0..<newVersions {
            let url = glossary.appendingPathComponent(names[k % names.count])
            try Data((try String(contentsOf: url, encoding: .utf8) + "\nNeu \(k).\n").utf8).write(to: url)
            try git(store, ["add", "-A"])
            try git(store, ["commit", "-q", "-m", "Neu \(k)"])
        }
        let model = try buildSite(store, options: options)
        let changes = Self.changes(model)
        if newVersions <= SiteHistoryFacts.unknownLimit {
            #expect(changes.filter { $0.details == nil }.count == newVersions, "the new versions' changes read with their records")
        } else {
            #expect(changes.allSatisfy { $0.details == nil }, "too many new versions: every record read")
        }
        #expect(model == (try Self.reference(store, dir)))
        let after = try #require(SiteHistoryFacts.read(directory: directory, language: "de"))
        #expect(after.records.count == before.records.count + newVersions)
        try expectFsck(store)
    }

    /// A publish with `--releases` builds each release's site after the main site's: their records are the main site's
    /// older ones, so the facts (history and release) stay those of the main site, and the next publish files the main
    /// site's histories and releases from them.
    @Test func releaseSitesKeepTheMainSitesFacts() throws {
        let (store, dir) = try sampleStore()
        defer { try? FileManager.default.removeItem(at: dir) }
        let cache = dir.appendingPathComponent("site-cache")
        let options = Publisher.Options(build: SiteBuildOptions(cacheDirectory: dir.appendingPathComponent("changelog-cache")), releases: true,
                                        siteCacheDirectory: cache)
        let result = try Publisher.publish(store: store, at: try #require(try store.tip()), to: dir.appendingPathComponent("_site"), options: options)
        #expect(result.releaseSites.count >= 2)
        let lazy = try buildSite(store, options: Self.options(dir))
        #expect(Self.changes(lazy).allSatisfy { $0.details != nil }, "every version known to the facts")
        #expect(lazy.releases.allSatisfy { $0.isWaitingForChanges }, "every release group known to the facts")
        try expectFsck(store)
    }

    /// New records added to the end of a facts file (`appending`, inc15f) read back as the facts with them, whatever
    /// records are split off (seeded), and the file so made refuses damage like any other.
    @Test func recordsAppendedReadBackAsTheFactsWithThem() throws {
        let (store, dir) = try sampleStore()
        defer { try? FileManager.default.removeItem(at: dir) }
        let facts = try Self.published(store, dir).facts
        #expect(facts.records.count > 3)
        var random = SplitMix64(seed: 1516)
        for round in 0..<8 {
            var earlier = facts
            var added: [(key: String, named: [SiteHistoryFacts.Named])] = []
            for key in facts.records.keys.sorted() where random.next() % 3 == 0 || (round == 0 && added.isEmpty) {
                added.append((key, earlier.records.removeValue(forKey: key) ?? []))
            }
            // A record naming an entry with a tab is left out, as `serialized` leaves it out.
            var odd = SiteHistoryFacts.Named(kind: .modified, entry: EntryRef(collection: "glossary", id: "a\tb", path: "glossary/a\tb.md"), from: nil)
            odd.fields = ["/term"]
            let appended = SiteHistoryFacts.appending(added + [(key: "\(String(repeating: "e", count: 40)) -", named: [odd])],
                                                      to: Data(earlier.serialized()))
            #expect(SiteHistoryFacts.parse(Data(appended)) == facts, "round \(round): \(added.count) records appended")
            // What is written over the old file's checksum line (inc15s): the same bytes, sealed from the old checksum.
            let old = earlier.serialized()
            let appendix = try #require(SiteHistoryFacts.appendix(added + [(key: "\(String(repeating: "e", count: 40)) -", named: [odd])],
                                                                  to: Data(old)))
            #expect(Array(old[..<appendix.offset]) + appendix.bytes == appended, "round \(round): the appendix")
            // Appended again to the grown file (a second publish), and to a file cut before the old checksum's line.
            if let first = added.first {
                var grown = facts
                grown.records.removeValue(forKey: first.key)
                let again = try #require(SiteHistoryFacts.appendix([first], to: Data(grown.serialized())))
                #expect(SiteHistoryFacts.parse(Data(Array(grown.serialized()[..<again.offset]) + again.bytes)) == facts)
            }
            #expect(SiteHistoryFacts.appendix(added, to: Data(old.dropLast(1))) == nil)
            #expect(SiteHistoryFacts.appendix(added, to: Data(old[..<appendix.offset])) == nil)
            if round == 0 { expectDamagedFactsRefused(SiteHistoryFacts.self, good: Data(appended), seed: 1517, rounds: 20) }
        }
    }

    /// `SiteHistoryFacts.parse` before inc15r (a `String` made of every field): the reference of the parse on the bytes.
    private static func referenceParse(_ data: Data) -> SiteHistoryFacts? {
        data.withUnsafeBytes { raw -> SiteHistoryFacts? in
            guard var lines = SiteFactsLines(raw) else { return nil }
            let text = SiteFactsLines.text
            guard let language = lines.language(header: SiteHistoryFacts.header) else { return nil }
            var facts = SiteHistoryFacts(language: language)
            var parts: [SiteFactsLines.Field] = [], entry: [SiteFactsLines.Field] = []
            while !lines.atEnd {
                guard lines.next(into: &parts), parts.count == 4, text(parts[0]) == "record", let count = Int(text(parts[3])), count >= 0 else { return nil }
                let key = text(parts[1]) + " " + text(parts[2])
                guard facts.records[key] == nil else { return nil }
                var named: [SiteHistoryFacts.Named] = []
                for _ in 0..<count {
                    guard !lines.atEnd, lines.next(into: &entry), entry.count >= 10, let kind = EntryDiff.Kind(rawValue: text(entry[0])),
                          let added = Int(text(entry[8])), let removed = Int(text(entry[9])) else { return nil }
                    let ref = EntryRef(collection: text(entry[1]), id: text(entry[2]), path: text(entry[3]))
                    let from: EntryRef?
                    switch text(entry[4]) {
                    case "+": from = EntryRef(collection: text(entry[5]), id: text(entry[6]), path: text(entry[7]))
                    case "-": from = nil
                    default: return nil
                    }
                    named.append(SiteHistoryFacts.Named(kind: kind, entry: ref, from: from, fields: entry[10...].map(text), wordsAdded: added, wordsRemoved: removed))
                }
                facts.records[key] = named
            }
            return facts
        }
    }

    /// A record whose count of entries is far beyond the file (a file sealed again after its count was changed: the
    /// checksum verifies) is refused, not reserved: `Int.max / 2` entries would have ended the process.
    @Test func aCountBeyondTheFileIsRefused() throws {
        var facts = SiteHistoryFacts(language: "de")
        facts.records["\(String(repeating: "a", count: 40)) -"] = [SiteHistoryFacts.Named(kind: .added,
            entry: EntryRef(collection: "glossary", id: "e", path: "glossary/e.md"), from: nil)]
        let good = facts.serialized()
        #expect(SiteHistoryFacts.parse(Data(good)) == facts)
        let text = String(decoding: good, as: UTF8.self)
        let line = try #require(text.split(separator: "\n").first { $0.hasPrefix("record\t") })
        for count in ["2", "4611686018427387903", "9223372036854775807"] {
            let changed = text.replacingOccurrences(of: String(line), with: line.split(separator: "\t").dropLast().joined(separator: "\t") + "\t" + count)
            let body = Array(changed.utf8)
            guard let lastBreak = body.dropLast().lastIndex(of: 0x0A) else { Issue.record("no trailer"); return }
            var out = SiteFactsWriter(unsealed: Array(body[...lastBreak]))
            out.seal()
            #expect(SiteHistoryFacts.parse(Data(out.bytes)) == nil, "\(count)")
        }
    }

    /// The facts read on the bytes (kinds, numbers and marks without their texts, a collection's name made once for a
    /// run of lines; inc15r) are the facts `referenceParse` reads: seeded facts (every kind, collections in runs and
    /// alternating, former names, counts up to `Int`'s limits), their files, then those files with bytes of their
    /// lines replaced by digits, signs, marks, kinds' letters, tabs and line breaks and sealed again (the checksum
    /// verifies: what the parse reads is what is damaged), and the sample's facts.
    @Test(arguments: [8, 151] as [UInt64])
    func factsReadOnTheBytesAsTheReference(seed: UInt64) throws {
        // Every kind (a kind added to `EntryDiff.Kind` fails to compile here: `SiteHistoryFacts.kind` must read it).
        func listed(_ kind: EntryDiff.Kind) -> Bool { switch kind { case .added, .removed, .modified, .renamed, .moved: true } }
        let kinds: [EntryDiff.Kind] = [.added, .removed, .modified, .renamed, .moved]
        for kind in kinds where listed(kind) {
            let field = Array(kind.rawValue.utf8)
            field.withUnsafeBufferPointer { #expect(SiteHistoryFacts.kind($0[...]) == kind) }
        }
        // Numbers and kinds on their own, against `Int(_:)` and `EntryDiff.Kind(rawValue:)`.
        var random = SplitMix64(seed: seed)
        let alphabet = Array("0123456789+-ae dmoifrnv\t".utf8) + [0xC3, 0xA4]
        let whole = ["", "+", "-", "0", "-0", "+0", "007", "9223372036854775807", "9223372036854775808", "-9223372036854775808",
                     "-9223372036854775809", "+9223372036854775807", "99999999999999999999", "1+1", "--1", "١٢", "added", "Added",
                     "moved", "movedx", "removed", "renamed", "modified", "modifie", "unchanged"]
        for round in 0..<4_000 {
            let text = round < whole.count ? whole[round]
                : String(decoding: (0..<Int(random.next() % 22)).map { _ in alphabet[Int(random.next() % UInt64(alphabet.count))] }, as: UTF8.self)
            Array(text.utf8).withUnsafeBufferPointer { bytes in
                #expect(SiteFactsLines.integer(bytes[...]) == Int(text), "\(text)")
                #expect(SiteHistoryFacts.kind(bytes[...]) == EntryDiff.Kind(rawValue: text), "\(text)")
            }
        }
        // Whole files.
        let collections = ["glossary", "faq", "strategy", "a", "glossary2", "Glossar ä"]
        for round in 0..<60 {
            var facts = SiteHistoryFacts(language: round % 2 == 0 ? "de" : "en")
            for r in 0..<Int(random.next() % 12) {
                var named: [SiteHistoryFacts.Named] = []
                var collection = collections[Int(random.next() % UInt64(collections.count))]
                for n in 0..<Int(random.next() % 9) {
                    if random.next() % 3 == 0 { collection = collections[Int(random.next() % UInt64(collections.count))] }
                    let kind = kinds[Int(random.next() % UInt64(kinds.count))]
                    let id = "e-\(random.next() % 50)"
                    var one = SiteHistoryFacts.Named(kind: kind, entry: EntryRef(collection: collection, id: id, path: "\(collection)/\(id).md"),
                                                     from: nil)
                    if kind == .renamed || kind == .moved || random.next() % 9 == 0 {
                        let other = collections[Int(random.next() % UInt64(collections.count))]
                        one.from = EntryRef(collection: other, id: "f\(n)", path: "\(other)/f\(n).md")
                    }
                    let numbers = [0, 1, 9, 10, 12_345, Int.max, Int.min, -1]
                    one.wordsAdded = random.next() % 4 == 0 ? numbers[Int(random.next() % 8)] : Int(random.next() % 500)
                    one.wordsRemoved = random.next() % 4 == 0 ? numbers[Int(random.next() % 8)] : Int(random.next() % 500)
                    one.fields = (0..<Int(random.next() % 4)).map { "/f\($0)" }
                    named.append(one)
                }
                facts.records["\(String(format: "%040x", r + 1)) \(r % 3 == 0 ? "-" : String(format: "%040x", r + 100))"] = named
            }
            let good = facts.serialized()
            #expect(SiteHistoryFacts.parse(Data(good)) == facts, "round \(round)")
            #expect(Self.referenceParse(Data(good)) == facts, "round \(round)")
            // Damaged lines, sealed again.
            guard let lastBreak = good.dropLast().lastIndex(of: 0x0A), let headEnd = good.indices.filter({ good[$0] == 0x0A }).dropFirst().first,
                  headEnd + 1 < lastBreak else { continue }
            let marks = Array("+-0123456789\t\n a".utf8) + Array("moved".utf8) + Array("removed".utf8)
            for _ in 0..<12 {
                var body = Array(good[...lastBreak])
                for _ in 0..<(1 + Int(random.next() % 3)) {
                    let at = headEnd + 1 + Int(random.next() % UInt64(lastBreak - headEnd - 1))
                    body[at] = marks[Int(random.next() % UInt64(marks.count))]
                }
                var out = SiteFactsWriter(unsealed: body)
                out.seal()
                let parsed = SiteHistoryFacts.parse(Data(out.bytes))
                #expect(parsed == Self.referenceParse(Data(out.bytes)), "round \(round)")
            }
        }
        // The sample's facts.
        let (store, dir) = try sampleStore()
        defer { try? FileManager.default.removeItem(at: dir) }
        let (_, directory, _, facts) = try Self.published(store, dir)
        let bytes = try Data(contentsOf: SiteHistoryFacts.file(in: directory))
        #expect(SiteHistoryFacts.parse(bytes) == facts)
        #expect(Self.referenceParse(bytes) == facts)
    }

    @Test func factsRoundTripAndDamagedFactsAreNotUsed() throws {
        let (store, dir) = try sampleStore()
        defer { try? FileManager.default.removeItem(at: dir) }
        let (options, directory, reference, facts) = try Self.published(store, dir)
        #expect(facts.records.values.contains { $0.contains { $0.from != nil } }, "renames in the sample's history")
        #expect(facts.records.values.contains { $0.contains { !$0.fields.isEmpty } })
        #expect(SiteHistoryFacts.parse(Data(facts.serialized())) == facts)
        #expect(SiteHistoryFacts.read(directory: directory, language: reference.language == "de" ? "en" : "de") == nil, "another language")
        let good = try Data(contentsOf: SiteHistoryFacts.file(in: directory))
        expectDamagedFactsRefused(SiteHistoryFacts.self, good: good, seed: 1515, rounds: 40)
        // A damaged file: every record is read, and the facts written anew.
        var edited = [UInt8](good)
        edited[edited.count / 3] ^= 0x01
        try Data(edited).write(to: SiteHistoryFacts.file(in: directory))
        let model = try buildSite(store, options: options)
        #expect(Self.changes(model).allSatisfy { $0.details == nil })
        #expect(model == reference)
        #expect(try Data(contentsOf: SiteHistoryFacts.file(in: directory)) == good)
        try expectFsck(store)
    }

    /// The change-record cache lost the records after the model was filed from the facts: each change is made again
    /// by the changelog, the same as read.
    @Test func changesAreMadeAgainWhenTheRecordCacheIsGone() throws {
        let (store, dir) = try sampleStore()
        defer { try? FileManager.default.removeItem(at: dir) }
        let reference = try Self.reference(store, dir)
        let options = Self.options(dir)
        _ = try buildSite(store, options: options)
        let lazy = try buildSite(store, options: options)
        try FileManager.default.removeItem(at: dir.appendingPathComponent("changelog-cache"))
        let items = Self.changes(lazy), expected = Self.changes(reference)
        #expect(items.allSatisfy { $0.details != nil })
        for k in stride(from: 0, to: items.count, by: max(1, items.count / 25)) {
            #expect(items[k].change == expected[k].change)
        }
        try expectFsck(store)
    }
}
