import ChronikDiff
import ChronikStore
import Foundation
import GitKit
import Testing
@testable import ChronikChangelog

/// The Berlin sample, imported into a fresh temporary folder.
private func sample() throws -> (Store, URL) {
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent("chronik-changelog-\(UUID().uuidString)")
    let report = try SnapshotImporter.run(SampleBerlin.snapshots, into: dir, root: SampleBerlin.displayName)
    return (try Store(at: report.store), dir)
}

private let author = Signature(name: "Test Author", email: "test@example.org", date: Date(timeIntervalSince1970: 1_700_000_000), timeZoneOffsetMinutes: 60)

@Suite struct ChangelogBuilderTests {
    @Test func groupsBySampleReleasesNewestFirst() throws {
        let (store, dir) = try sample()
        defer { try? FileManager.default.removeItem(at: dir) }
        let changelog = try ChangelogBuilder(repository: store.repository).build()
        #expect(changelog.groups.map { $0.release?.name } == ["gemeinsam-digital", "strategieentwurf", "aktionen", "ambitionen", "strategischer-rahmen"])
        #expect(changelog.groups.allSatisfy { $0.kind == .release && $0.versions.count == 1 })
        #expect(changelog.mode == .store)
        #expect(changelog.language == "de")
        let first = try #require(changelog.groups.last)
        #expect(first.base == nil)
        #expect(first.changes.entries.count == 38)
        // Added entries keep their text as inserted blocks (issue 20: shown with --detail).
        #expect(first.changes.entries.allSatisfy { $0.kind == .added && $0.blocks.allSatisfy { $0.kind == .inserted } })
        #expect(first.changes.entries.filter { !$0.blocks.isEmpty }.count > 30)
        // The rename of the glossary entry in the fourth draft, with its title.
        let draft = changelog.groups[1]
        let rename = try #require(draft.changes.entries.first { $0.kind == .renamed && $0.entry.id == "betriebsmodell" })
        #expect(rename.from?.id == "betreibermodell")
        #expect(rename.title == "Betriebsmodell")
        #expect(rename.fields.contains { $0.label == "Begriff" })
        // Messages carry no trailers.
        #expect(changelog.groups.allSatisfy { $0.versions.allSatisfy { !$0.message.contains("Chronik-Snapshot") } })
    }

    @Test func englishLabelsAndCollectionLabels() throws {
        let (store, dir) = try sample()
        defer { try? FileManager.default.removeItem(at: dir) }
        var options = ChangelogOptions()
        options.language = "en"
        let changelog = try ChangelogBuilder(repository: store.repository).build(options)
        #expect(changelog.label(of: "actors") == "Process actors")
        let status = changelog.groups.flatMap { $0.changes.entries }.flatMap(\.fields).first { $0.pointer == "/status" }
        #expect(status?.label == "Status")
        let md = MarkdownChangelog.render(changelog)
        #expect(md.hasPrefix("# Changelog: "))
        #expect(md.contains("### Added ("))
    }

    @Test func aRerunAfterOneNewVersionDiffsOneVersion() throws {
        let (store, dir) = try sample()
        defer { try? FileManager.default.removeItem(at: dir) }
        let cache = FileManager.default.temporaryDirectory.appendingPathComponent("chronik-cache-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: cache) }
        var options = ChangelogOptions()
        options.cacheDirectory = cache
        options.grouping = .commit
        let builder = ChangelogBuilder(repository: store.repository)
        let cold = try builder.build(options)
        #expect(builder.statistics.computed == 5 && builder.statistics.cached == 0)
        let warm = try builder.build(options)
        #expect(builder.statistics.computed == 0 && builder.statistics.cached == 5)
        #expect(cold == warm)

        try store.writeFile("glossary/neu.md", Data("---\nterm: Neu\n---\nEin neuer Begriff.\n".utf8))
        _ = try store.commit(message: "Neuer Begriff", author: author, committer: author)
        let next = try builder.build(options)
        #expect(builder.statistics.computed == 1 && builder.statistics.cached == 5)
        #expect(next.groups.first?.changes.entries.map(\.entry.description) == ["glossary/neu"])

        // By release: each group here is one version against its parent, the same pair of versions as by commit,
        // so every record comes from the cache.
        options.grouping = .release
        let byRelease = try builder.build(options)
        #expect(builder.statistics.computed == 0 && builder.statistics.cached == 6)
        #expect(byRelease.groups.first?.kind == .unreleased)

        // A damaged cache file is recomputed, not trusted.
        let files = FileManager.default.enumerator(at: cache, includingPropertiesForKeys: nil)?.compactMap { $0 as? URL }.filter { $0.pathExtension == "records" } ?? []
        #expect(!files.isEmpty)
        for file in files { try Data("{".utf8).write(to: file) }
        let rebuilt = try builder.build(options)
        #expect(builder.statistics.cached == 0)
        #expect(rebuilt.groups.count == 6)
    }

    @Test func cacheWritesOneSegmentPerRunAndCompactsThem() throws {
        let (store, dir) = try sample()
        defer { try? FileManager.default.removeItem(at: dir) }
        let cache = FileManager.default.temporaryDirectory.appendingPathComponent("chronik-cache-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: cache) }
        func segments() -> [URL] {
            (FileManager.default.enumerator(at: cache, includingPropertiesForKeys: nil)?.compactMap { $0 as? URL } ?? [])
                .filter { $0.pathExtension == SegmentCache.segmentExtension }
        }
        var options = ChangelogOptions()
        options.cacheDirectory = cache
        options.grouping = .commit
        let builder = ChangelogBuilder(repository: store.repository)
        let cold = try builder.build(options)
        #expect(segments().count == 1)
        // A warm run writes nothing.
        _ = try builder.build(options)
        #expect(segments().count == 1)
        // Each new version adds one segment of one record, until they are merged into one: the cold run's segment,
        // far larger than theirs, is left as it is and the others merged after it (`SegmentCache.mergeStart`, inc15s).
        let coldSegment = try #require(segments().first)
        let coldBytes = try Data(contentsOf: coldSegment)
        for k in 1..<SegmentCache.compactionThreshold {
            try store.writeFile("glossary/neu-\(k).md", Data("---\nterm: Neu \(k)\n---\nEin neuer Begriff.\n".utf8))
            _ = try store.commit(message: "Neuer Begriff \(k)", author: author, committer: author)
            _ = try builder.build(options)
            #expect(builder.statistics.computed == 1)
            #expect(segments().count == (k + 1 < SegmentCache.compactionThreshold ? k + 1 : 2))
        }
        #expect(try Data(contentsOf: coldSegment) == coldBytes)
        let all = try builder.build(options)
        #expect(builder.statistics.computed == 0 && builder.statistics.cached == cold.groups.count + SegmentCache.compactionThreshold - 1)
        // A torn last line (a crash while writing) costs only that record. The merged segment is sorted by key, and
        // a record's line comes before its blocks and collection names: tear the last record's line, losing those.
        let segment = try #require(segments().sorted { $0.lastPathComponent < $1.lastPathComponent }.last)
        #expect(segment != coldSegment)
        var bytes = try Data(contentsOf: segment)
        let lines = bytes.split(separator: 0x0A, omittingEmptySubsequences: false)
        var start = 0, lastRecord = 0
        for line in lines {
            let key = line.prefix { $0 != 0x09 }
            if !key.isEmpty, !key.contains(UInt8(ascii: "/")) { lastRecord = start }
            start += line.count + 1
        }
        bytes = bytes.prefix(lastRecord + 10)
        try bytes.write(to: segment)
        let again = try builder.build(options)
        #expect(builder.statistics.computed == 1)
        #expect(again == all)
    }

    @Test func publicTextStripsTrailersAndRedactsEmailAddresses() {
        #expect(PublicText.message("Titel\n\nText mit a.b@example.org.\n\nSigned-off-by: X <x@example.org>\nChronik-Snapshot: 01\n")
                == "Titel\n\nText mit \(PublicText.redacted).")
        #expect(PublicText.message("Titel\nChronik-Snapshot: 01-x\n") == "Titel")
        #expect(PublicText.redactEmails("mailto:eve@example.org und <bob@x.de>") == "\(PublicText.redacted) und <\(PublicText.redacted)>")
        #expect(PublicText.redactEmails("@handle und a@b") == "@handle und a@b")
        #expect(PublicText.name("Eve\nExample") == "Eve Example")
    }

    /// `line` and `message` take a short way for text they would not change; on any text they give what the long
    /// way gives: random pieces of white space, line breaks of every kind, addresses, trailers and signatures.
    @Test func publicTextShortWaysMatchTheLongWays() {
        let pieces = ["Fassung", " ", "  ", "\t", "\n", "\r\n", "\r", "\u{0B}", "\u{0C}", "\u{85}", "\u{2028}", "\u{2029}", "\u{A0}",
                      "\u{3000}", "\u{2003}", "ä", "é", "e\u{301}", "\u{301}", "Straße", ":", "a@b.de", "@", "Signed-off-by: X",
                      "Chronik-Snapshot: 01", "-----BEGIN PGP SIGNATURE-----", "Key: value", "\n\n", "🇩🇪", "\u{1}", "\u{7F}", "\u{C2}"]
        for seed in UInt64(1)...3_000 {
            var rng = SplitMix64(seed: seed)
            var text = ""
            for _ in 0..<Int.random(in: 0...6, using: &rng) { text += pieces[Int.random(in: 0..<pieces.count, using: &rng)] }
            #expect(PublicText.line(text) == PublicText.lineByCharacters(text), "seed \(seed): \(Array(text.unicodeScalars))")
            #expect(PublicText.message(text) == PublicText.messageByParagraphs(text), "seed \(seed): \(Array(text.unicodeScalars))")
            #expect(PublicText.message(text + "\n") == PublicText.messageByParagraphs(text + "\n"), "seed \(seed) with a newline")
        }
    }

    @Test func releaseNamesFollowGitRules() {
        for good in ["v1", "strategie-entwurf", "2022/ambitionen", "fassung_2"] { #expect(Releases.problem(withName: good) == nil, "\(good)") }
        for bad in ["", "a..b", "-a", "a b", "a~", "a^", "a:b", "a?", "a*", "a[", "a\\b", "a.lock", "a.", "a/", "/a", "a//b", ".a", "@", "a@{b", "a\u{7}"] {
            #expect(Releases.problem(withName: bad) != nil, "\(bad)")
        }
    }

    @Test func renderersArePureAndEscape() throws {
        let (store, dir) = try sample()
        defer { try? FileManager.default.removeItem(at: dir) }
        var changelog = try ChangelogBuilder(repository: store.repository).build()
        changelog.title = "<b>&\"Titel\"</b>"
        let html = HTMLChangelog.render(changelog)
        #expect(html.contains("&lt;b&gt;&amp;&quot;Titel&quot;&lt;/b&gt;"))
        #expect(html == HTMLChangelog.render(changelog))
        let custom = HTMLChangelog.render(changelog, options: ChangelogRenderOptions(stylesheet: "body { color: #000 } </style><script>x</script>"))
        #expect(!custom.contains("</style><script>"))
        #expect(!custom.contains(HTMLChangelog.defaultStylesheet))
        let atom = AtomChangelog.render(changelog)
        #expect(atom.contains("<id>tag:chronik,2021-11-15:\(changelog.origin.hex)/release/"))
    }
}

@Suite("word-level detail")
struct DetailTextTests {
    /// The spaces at a segment's ends separate its words from the next segment's: they must survive, or the detail
    /// reads "Beteiligungsrunde<del>steht</del><ins>stand</ins>der".
    @Test func segmentEndsKeepTheirSpaces() {
        let words = [WordSegment(.equal, "In der Runde "), WordSegment(.delete, "steht"), WordSegment(.insert, "stand"),
                     WordSegment(.equal, " der\nEntwurf\tzur Kommentierung.")]
        let shortened = DetailText.shortened(words)
        #expect(shortened.map(\.text) == ["In der Runde ", "steht", "stand", " der Entwurf zur Kommentierung."])
        #expect(MarkdownChangelog.words(BlockChange(kind: .modified, old: nil, new: nil, words: words))
            == "In der Runde ~~steht~~**stand** der Entwurf zur Kommentierung.")
    }
}
