import ChronikStore
import Foundation
import Testing
@testable import ChronikChangelog
@testable import ChronikDiff
@testable import ChronikPublish

/// The compiled default theme (`CompiledPages`) against the templates it stands for: the same pages rendered by
/// mustache (a theme with the default templates that does not compile) must be the same bytes, on hand-built
/// hostile models, on seeded random entries, and on the whole sample site with its release sites.
@Suite struct CompiledPagesTests {
    static func referenceTheme() throws -> SiteTheme {
        let theme = SiteTheme.makeDefault()
        return try SiteTheme(templates: theme.templates, stylesheet: theme.stylesheet, compiling: false)
    }

    /// Where two renderings part: the text around the first differing byte of each (the arrays themselves are pages).
    static func difference(_ a: [UInt8], _ b: [UInt8]) -> String {
        guard a != b else { return "" }
        let k = zip(a, b).prefix { $0 == $1 }.count
        func around(_ x: [UInt8]) -> String { String(decoding: x[max(0, k - 60)..<min(x.count, k + 60)], as: UTF8.self) }
        return "byte \(k): compiled …\(around(a))… templates …\(around(b))…"
    }

    @Test func theDefaultThemeCompilesAndAThemeFolderDoesNot() throws {
        let theme = SiteTheme.makeDefault(), reference = try Self.referenceTheme()
        #expect(theme.compilesEntryPages && theme.compilesCollectionPages && theme.compilesChangePages)
        #expect(!reference.compilesEntryPages && !reference.compilesCollectionPages && !reference.compilesChangePages)
        var templates = SiteTheme.makeDefault().templates
        templates["foot"] = (templates["foot"] ?? "") + "<!-- city -->\n"
        let city = try SiteTheme(templates: templates, stylesheet: "")
        #expect(!city.compilesEntryPages && !city.compilesCollectionPages && !city.compilesChangePages, "a changed partial: mustache renders the pages")
        templates = SiteTheme.makeDefault().templates
        templates["collection"] = "{{> head}}\n{{> foot}}\n"
        let tables = try SiteTheme(templates: templates, stylesheet: "")
        #expect(tables.compilesEntryPages && !tables.compilesCollectionPages && tables.compilesChangePages)
        templates = SiteTheme.makeDefault().templates
        templates["changes"] = "{{#lists}}{{heading}}{{/lists}}\n"
        let changes = try SiteTheme(templates: templates, stylesheet: "")
        #expect(changes.compilesEntryPages && changes.compilesCollectionPages && !changes.compilesChangePages)
        templates = SiteTheme.makeDefault().templates
        #expect(try SiteTheme(templates: templates, stylesheet: "body {}").compilesEntryPages, "only the stylesheet differs")
    }

    /// Every entry page, collection view, release page and the changelog of the hostile fixture, in both languages,
    /// with and without release sites.
    @Test func fixturePagesAreTheTemplatesBytes() throws {
        let reference = try Self.referenceTheme(), compiled = SiteTheme.makeDefault()
        for language in ["de", "en"] {
            let model = SiteFixture.model(language: language)
            for options in [SiteRenderOptions(), SiteRenderOptions(releaseSites: ["v1", "v2"], prefix: "v/v1/", releaseOrder: ["v2", "v1"])] {
                let fast = PageRenderer(model: model, options: options, theme: compiled)
                let slow = PageRenderer(model: model, options: options, theme: reference)
                let changelog = (fast.changelog(), slow.changelog())
                let sameChangelog = changelog.0 == changelog.1
                #expect(sameChangelog, "\(language) changelog: \(Self.difference(changelog.0, changelog.1))")
                for release in model.releases {
                    let a = fast.release(release), b = slow.release(release)
                    let same = a == b
                    #expect(same, "\(language) release \(release.release.name): \(Self.difference(a, b))")
                }
                for collection in model.collections {
                    let columns = collection.columns.isEmpty ? [SiteColumn(key: "title", label: "Titel")] : collection.columns
                    for key in fast.viewKeys(columns) {
                        let a = fast.collectionView(collection, key: key), b = slow.collectionView(collection, key: key)
                        let same = a == b
                        #expect(same, "\(language) \(collection.name) by \(key): \(Self.difference(a, b))")
                    }
                    for entry in collection.entries {
                        let a = fast.entry(entry, in: collection), b = slow.entry(entry, in: collection)
                        let same = a == b
                        #expect(same, "\(language) \(entry.collection)/\(entry.id): \(Self.difference(a, b))")
                        let mustache = b == Array(slow.entryWithTemplates(entry, in: collection).utf8)
                        #expect(mustache, "the reference theme renders with mustache")
                    }
                }
            }
        }
    }

    /// Random entries: texts from pieces that put `<>&"'` next to non-ASCII, controls, combining marks and emoji;
    /// fields with and without links (resolving or not), backlinks, history items with every kind of detail,
    /// releases with and without pages, word blocks.
    @Test func seededPagesAreTheTemplatesBytes() throws {
        let pieces = FastTextPathTests.pieces + ["<", ">", "&", "\"", "'", "<b>", "&amp;", "é<", ">ä", "\u{1}", "\u{7F}", "\u{301}&", "&\u{301}",
                                                 "javascript:alert(1)", "{{x}}", "{{{y}}}"]
        var random = SplitMix64(seed: 1_515)
        func text(_ max: Int = 6) -> String { (0..<Int(random.next() % UInt64(max + 1))).map { _ in pieces[Int(random.next() % UInt64(pieces.count))] }.joined() }
        func chance(_ n: UInt64) -> Bool { random.next() % n == 0 }
        let reference = try Self.referenceTheme(), compiled = SiteTheme.makeDefault()
        let base = SiteFixture.model()
        for round in 0..<300 {
            var model = base
            let releaseNames = ["v1", "v2", "gone-" + text(2)]
            let ref = { (c: String, i: String) in EntryRef(collection: c, id: i, path: "\(c)/\(i).md") }
            func link() -> SiteLink {
                let known = chance(2)
                return SiteLink(collection: known ? "glossary" : "events", id: known ? "open-data" : "nowhere", title: text(), resolves: chance(3) ? false : known)
            }
            let history = (0..<Int(random.next() % 4)).map { k -> SiteEntryChange in
                let kinds: [EntryDiff.Kind] = [.added, .removed, .modified, .renamed, .moved]
                let kind = kinds[Int(random.next() % UInt64(kinds.count))]
                var prose = ProseSummary()
                prose.wordsAdded = Int(random.next() % 3)
                prose.wordsRemoved = Int(random.next() % 2)
                let fields = (0..<Int(random.next() % 3)).map { _ in
                    FieldChange(pointer: "/f", label: text(), kind: .changed, old: .string(text()), new: chance(4) ? nil : .string(text()))
                }
                let blocks = (0..<Int(random.next() % 3)).map { _ in
                    BlockChange(kind: .modified, old: nil, new: nil, words: (0..<Int(random.next() % 4)).map { _ in
                        WordSegment([.equal, .insert, .delete][Int(random.next() % 3)], text())
                    })
                }
                let change = ChangelogEntry(
                    kind: kind, entry: ref("glossary", "hostile"), from: kind == .renamed ? ref("glossary", "old") : nil, title: text(),
                    fields: fields, prose: prose, blocks: blocks,
                    formatting: chance(4) ? [.frontMatter, .body, .frontMatterAndBody][Int(random.next() % 3)] : nil,
                    attachments: chance(3) ? [AttachmentChange(kind: .added, name: text(), newSize: 12), AttachmentChange(kind: .removed, name: "a.pdf", oldSize: 3)] : nil)
                let version = SiteFixture.version(10 + k, "2026-0\(1 + k)-1\(k)", text())
                return SiteEntryChange(version: version, release: chance(3) ? nil : releaseNames[Int(random.next() % 3)], change: change)
            }
            let entry = SiteEntry(
                collection: "glossary", id: "hostile", path: "glossary/hostile.md", title: text(),
                fields: (0..<Int(random.next() % 4)).map { _ in
                    SiteField(key: "k", label: text(), value: chance(2) ? .string(text()) : .array([.string(text()), SiteFixture.number("3")]),
                              links: chance(2) ? (0..<Int(1 + random.next() % 3)).map { _ in link() } : [])
                },
                body: chance(4) ? " \n" : text(10) + "\n\n# " + text() + "\n",
                backlinks: (0..<Int(random.next() % 3)).map { _ in SiteLink(collection: "events", id: "workshop", title: text(), resolves: true) },
                history: history)
            model.collections[0].entries[0] = entry
            model = SiteModel(title: text(), language: chance(2) ? "de" : "en", version: model.version, release: nil, introduction: "",
                              collections: model.collections, releases: model.releases, recent: [], dates: [])
            let options = chance(2) ? SiteRenderOptions() : SiteRenderOptions(releaseSites: ["v1"], prefix: chance(2) ? "" : "v/v1/", releaseOrder: ["v2", "v1"])
            let collection = model.collections[0]
            let a = PageRenderer(model: model, options: options, theme: compiled).entry(entry, in: collection)
            let b = PageRenderer(model: model, options: options, theme: reference).entry(entry, in: collection)
            let same = a == b
            #expect(same, "round \(round): \(Self.difference(a, b))")
            if a != b { break }
        }
    }

    /// The byte pre-scans of the template text (`t`) and of the feeds' escaping against the scalar walks they skip.
    @Test func textPreScansAreTheReference() {
        let pieces = FastTextPathTests.pieces + ["<", ">", "&", "\"", "'", "\u{1}", "\u{1F}", "\u{7F}", "\u{80}", "\u{9F}", "\u{A0}", "\u{FFFE}",
                                                 "\u{FFFF}", "\u{FFFD}", "\u{FEFF}", "\u{EFFF}", "¢", "ï", "\t", "\r"]
        var random = SplitMix64(seed: 4_242)
        for round in 0..<5_000 {
            let text = FastTextPathTests.text(&random, length: Int(random.next() % 12)) + pieces[Int(random.next() % UInt64(pieces.count))]
                + FastTextPathTests.text(&random, length: Int(random.next() % 4))
            #expect(PageRenderer.templateText(text) == PageRenderer.referenceTemplateText(text), "round \(round)")
            #expect(SiteFeeds.e(text) == HTMLText.escape(text), "round \(round)")
        }
        #expect(PageRenderer.templateText("a\u{85}b") == "a\u{FFFD}b")
        #expect(SiteFeeds.e("Straße & \u{FFFF}") == "Straße &amp; \u{FFFD}")
    }

    /// An entry page's frame taken from its collection's shared one (`entryFrame`) against the frame made whole:
    /// the same head and foot, for every entry of the sample and the fixture (both languages, with and without
    /// release sites under a prefix), with ids ASCII and not (a leading combining mark, a `/`), and hostile titles.
    @Test func sharedEntryFramesAreTheFramesMadeWhole() throws {
        let (store, dir) = try sampleStore()
        defer { try? FileManager.default.removeItem(at: dir) }
        func bytes(_ frame: PageFrame, _ labels: SiteLabels) -> [UInt8] {
            var out = HTMLBytes()
            CompiledPages.head(frame, labels: labels, into: &out)
            CompiledPages.foot(frame, labels: labels, into: &out)
            return out.bytes
        }
        let ids = ["x", "a-b", "\u{301}ä", "a/b", "..", "index.html", "changes", ""]
        var checked = 0
        for model in [try buildSite(store), SiteFixture.model(language: "de"), SiteFixture.model(language: "en")] {
            for options in [SiteRenderOptions(), SiteRenderOptions(releaseSites: ["v1", "v2"], prefix: "v/v1/", releaseOrder: ["v2", "v1"])] {
                let renderer = PageRenderer(model: model, options: options, theme: .makeDefault())
                for collection in model.collections {
                    var entries = collection.entries
                    if let first = entries.first {
                        for id in ids {
                            var other = first
                            other.id = id
                            other.title = SiteFixture.hostileTitle + id
                            entries.append(other)
                        }
                    }
                    for entry in entries {
                        let a = bytes(renderer.entryFrame(entry, in: collection), renderer.labels)
                        let b = bytes(renderer.referenceEntryFrame(entry, in: collection), renderer.labels)
                        #expect(a == b, "\(collection.name)/\(entry.id): \(Self.difference(a, b))")
                        checked += 1
                    }
                }
            }
        }
        #expect(checked > 100)
    }

    /// The sample site with its release sites: every file the same bytes whichever way the entry pages are written.
    @Test func sampleSiteIsTheTemplatesBytes() throws {
        let (store, dir) = try sampleStore()
        defer { try? FileManager.default.removeItem(at: dir) }
        guard let tip = try store.tip() else { Issue.record("no versions"); return }
        let (fast, _, _) = try Publisher.files(store: store, at: tip, options: .init(releases: true))
        let (slow, _, _) = try Publisher.files(store: store, at: tip, options: .init(releases: true, theme: Self.referenceTheme()))
        #expect(fast.count == slow.count)
        #expect(fast.count > 1_000)
        var differing: [String] = []
        for (path, bytes) in slow.files where fast.files[path] != bytes { differing.append(path) }
        #expect(differing.isEmpty, "\(differing.count) files differ, e.g. \(differing.prefix(3)): \(differing.first.map { Self.difference(fast.files[$0] ?? [], slow.files[$0] ?? []) } ?? "")")
        try expectFsck(store)
    }
}
