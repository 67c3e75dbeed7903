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
        #expect(theme.compilesEntryPages && theme.compilesCollectionPages && theme.compilesChangePages && theme.compilesHomePage)
        #expect(!reference.compilesEntryPages && !reference.compilesCollectionPages && !reference.compilesChangePages && !reference.compilesHomePage)
        var templates = SiteTheme.makeDefault().templates
        templates["foot"] = (templates["foot"] ?? "") + "<!-- city -->\n"
        let city = try SiteTheme(templates: templates, stylesheet: "")
        #expect(!city.compilesEntryPages && !city.compilesCollectionPages && !city.compilesChangePages && !city.compilesHomePage,
                "a changed partial: mustache renders the pages")
        templates = SiteTheme.makeDefault().templates
        templates["collection"] = "{{> head}}\n{{> foot}}\n"
        let tables = try SiteTheme(templates: templates, stylesheet: "")
        #expect(tables.compilesEntryPages && !tables.compilesCollectionPages && tables.compilesChangePages)
        templates = SiteTheme.makeDefault().templates
        templates["changes"] = "{{#lists}}{{heading}}{{/lists}}\n"
        let changes = try SiteTheme(templates: templates, stylesheet: "")
        #expect(changes.compilesEntryPages && changes.compilesCollectionPages && !changes.compilesChangePages && changes.compilesHomePage)
        templates = SiteTheme.makeDefault().templates
        templates["home"] = "{{> head}}\n<h1>{{siteTitle}}</h1>\n{{> foot}}\n"
        let home = try SiteTheme(templates: templates, stylesheet: "")
        #expect(home.compilesEntryPages && home.compilesChangePages && !home.compilesHomePage)
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
                let home = (fast.home(), slow.home())
                let sameHome = home.0 == home.1
                #expect(sameHome, "\(language) home: \(Self.difference(home.0, home.1))")
                #expect(home.1 == Array(slow.homeWithTemplates().utf8), "the reference theme renders the home page with mustache")
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

    /// Random home pages: the site's title and release, an introduction (none, blank, hostile Markdown), collection
    /// labels, dates before, on and after the version's day (with and without an end, a status, a label; their entries
    /// on the site, missing, or not resolving), releases with and without titles, latest changes naming entries that
    /// are there and gone; texts from the hostile pieces, with and without release sites.
    @Test func seededHomePagesAreTheTemplatesBytes() throws {
        let pieces = FastTextPathTests.pieces + ["<", ">", "&", "\"", "'", "<b>", "&amp;", "é<", ">ä", "\u{1}", "\u{7F}", "\u{301}&", "&\u{301}",
                                                 "javascript:alert(1)", "{{x}}", "{{{y}}}", "false", " \n", "\n\n# "]
        var random = SplitMix64(seed: 2_026_1206)
        func text(_ max: Int = 6) -> String { (0..<Int(random.next() % UInt64(max + 1))).map { _ in pieces[Int(random.next() % UInt64(pieces.count))] }.joined() }
        func chance(_ n: UInt64) -> Bool { random.next() % n == 0 }
        func pick<T>(_ items: [T]) -> T { items[Int(random.next() % UInt64(items.count))] }
        let reference = try Self.referenceTheme(), compiled = SiteTheme.makeDefault()
        let known = [("events", "workshop"), ("events", "kickoff"), ("glossary", "hostile"), ("glossary", "open-data"), ("events", "nowhere"), ("gone", "x")]
        let days = ["2026-10-01", "2026-12-03", "2026-12-04", "2026-12-05", "2027-01-05", "2026-12-04T09:00", ""]
        var sections = 0
        for round in 0..<300 {
            let base = SiteFixture.model(language: chance(2) ? "de" : "en", releaseCount: chance(2) ? 1 : 2)
            var collections = base.collections
            for c in collections.indices where chance(3) { collections[c].label = text() }
            if chance(5) { collections.removeLast() }
            let dates = (0..<Int(random.next() % 7)).map { _ -> SiteDate in
                let (c, id) = pick(known)
                return SiteDate(entry: SiteLink(collection: c, id: id, title: text(), resolves: !chance(4)), start: pick(days),
                                end: chance(2) ? nil : pick(days), status: chance(4) ? nil : pick(["", "geplant", "laufend", text(2)]),
                                statusLabel: chance(3) ? nil : pick(["", text(3)]))
            }
            let recent = (0..<Int(random.next() % 4)).map { k -> SiteVersionChange in
                SiteVersionChange(version: SiteFixture.version(20 + k, pick(["2026-12-04", "2026-11-01"]), text()), release: chance(2) ? nil : "v2",
                                  changed: (0..<Int(random.next() % 4)).map { _ in
                                      let (c, id) = pick(known)
                                      return EntryRef(collection: c, id: id, path: "\(c)/\(id).md")
                                  })
            }
            var releases = base.releases
            if chance(4) { releases = [] }
            for k in releases.indices where chance(2) {
                let r = releases[k].release
                releases[k].release = Release(name: chance(3) ? text(2) : r.name, tag: r.tag, version: r.version, date: r.date, tagger: r.tagger,
                                              message: pick(["", " ", text(4), text(2) + "\n\n" + text(4)]))
            }
            let release: Release? = chance(2) ? nil : Release(name: pick(["", "v3", text(2)]), tag: SiteFixture.id(3), version: SiteFixture.id(3),
                                                              date: base.version.date, tagger: nil, message: "")
            let model = SiteModel(title: text(), language: base.language, version: base.version, release: release,
                                  introduction: pick(["", " \n", "\n", text(10), "Willkommen. " + SiteFixture.hostileBody]),
                                  collections: collections, releases: releases, recent: recent, dates: dates)
            let options = chance(2) ? SiteRenderOptions()
                : SiteRenderOptions(releaseSites: ["v1"], prefix: chance(2) ? "" : "v/v1/", releaseOrder: ["v2", "v1"])
            let fast = PageRenderer(model: model, options: options, theme: compiled)
            let slow = PageRenderer(model: model, options: options, theme: reference)
            let a = fast.home(), b = slow.home()
            let same = a == b
            #expect(same, "round \(round): \(Self.difference(a, b))")
            if a != b { break }
            let page = fast.homePage()
            if !page.upcoming.isEmpty && !page.past.isEmpty && !page.recent.isEmpty && page.introduction != nil && !page.releases.isEmpty { sections += 1 }
        }
        #expect(sections > 10, "rounds with every section: \(sections)")
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
