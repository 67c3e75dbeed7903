import Foundation
import Testing
@testable import ChronikPublish

private let snapshotFolder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Snapshots")
private let themeFolder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent().appendingPathComponent("Sources/ChronikPublish/Theme")

/// Compares `text` with `Snapshots/<name>`; `RECORD_SNAPSHOTS=1` rewrites the file and fails.
func assertSiteSnapshot(_ text: String, _ name: String, sourceLocation: SourceLocation = #_sourceLocation) throws {
    let file = snapshotFolder.appendingPathComponent(name)
    if ProcessInfo.processInfo.environment["RECORD_SNAPSHOTS"] == "1" {
        try Data(text.utf8).write(to: file)
        Issue.record("recorded \(name); run again without RECORD_SNAPSHOTS", sourceLocation: sourceLocation)
        return
    }
    let expected = try String(contentsOf: file, encoding: .utf8)
    #expect(text == expected, "\(name) differs from its golden file (RECORD_SNAPSHOTS=1 rewrites it)", sourceLocation: sourceLocation)
}

func text(_ files: SiteFiles, _ path: String) -> String {
    String(decoding: files.files[path] ?? [], as: UTF8.self)
}

/// The paths the data and search parts write for `model` (SiteData, SiteSearch), which pages may link to.
func dataPaths(_ model: SiteModel) -> Set<String> {
    var paths: Set<String> = [SitePaths.feed, SitePaths.searchScript, SitePaths.searchIndex, SiteSearch.manifest]
    for c in model.collections {
        paths.insert(SitePaths.collectionFeed(c.name))
        paths.insert(SitePaths.collectionJSON(c.name))
        for e in c.entries {
            paths.insert(SitePaths.entryFeed(c.name, e.id))
            paths.insert(SitePaths.entryJSON(c.name, e.id))
        }
    }
    return paths
}

/// Every `href`/`src` of every HTML page, resolved against the page's folder: problems found (a link that leaves the
/// site, an absolute or external link, a missing file or a missing `#fragment`). `extra`: files other parts write.
func brokenLinks(_ files: SiteFiles, extra: Set<String> = []) -> [String] {
    var problems: [String] = []
    let pattern = try! Regex(#"(?:href|src)="([^"]*)""#)
    let idPattern = try! Regex(#" id="([^"]*)""#)
    var ids: [String: Set<String>] = [:]
    func idsOf(_ path: String) -> Set<String> {
        if let known = ids[path] { return known }
        let found = Set(text(files, path).matches(of: idPattern).compactMap { $0.output[1].substring.map(String.init) })
        ids[path] = found
        return found
    }
    for path in files.files.keys where path.hasSuffix(".html") {
        let page = text(files, path)
        for match in page.matches(of: pattern) {
            guard let raw = match.output[1].substring.map(String.init) else { continue }
            let link = raw.replacingOccurrences(of: "&amp;", with: "&")
            // An empty link is what libcmark-gfm's safe mode leaves of a `javascript:` one: the page itself.
            if link.isEmpty { continue }
            if link.contains(":") || link.hasPrefix("/") {
                problems.append("\(path): not a relative link: \(raw)")
                continue
            }
            let parts = link.split(separator: "#", maxSplits: 1, omittingEmptySubsequences: false)
            var target = ""
            var leaves = false
            if parts[0].isEmpty {
                target = path
            } else {
                var stack = path.split(separator: "/").dropLast().map(String.init)
                for component in parts[0].split(separator: "/", omittingEmptySubsequences: false) {
                    if component == ".." {
                        if stack.isEmpty { leaves = true; break }
                        stack.removeLast()
                    } else if component != "." && !component.isEmpty {
                        stack.append(String(component))
                    }
                }
                target = stack.joined(separator: "/") + (parts[0].hasSuffix("/") ? "/index.html" : "")
            }
            if leaves {
                problems.append("\(path): leaves the site: \(raw)")
                continue
            }
            guard files.files[target] != nil || extra.contains(target) else {
                problems.append("\(path): \(raw) -> \(target) does not exist")
                continue
            }
            if parts.count == 2, target.hasSuffix(".html"), !idsOf(target).contains(String(parts[1])) {
                problems.append("\(path): \(raw): no id \(parts[1]) in \(target)")
            }
        }
    }
    return problems
}

@Suite struct SitePagesTests {
    let model = SiteFixture.model()
    let theme = SiteTheme.makeDefault()

    var files: SiteFiles { SitePages.files(model, options: SiteRenderOptions(), theme: theme) }

    @Test func everyPageTypeIsWritten() {
        let paths = Set(files.files.keys)
        for path in [SitePaths.home, SitePaths.stylesheet, SitePaths.collection("glossary"), "glossary/by-status.html",
                     "glossary/by-tags.html", SitePaths.entry("glossary", "hostile"), SitePaths.entry("events", "workshop"),
                     SitePaths.release("v1"), SitePaths.release("v2"), SitePaths.changelog, SitePaths.document("strategy"),
                     SitePaths.searchPage] {
            #expect(paths.contains(path), "\(path) missing")
        }
        #expect(!paths.contains(SitePaths.document("glossary")), "only document-like collections are one document")
    }

    @Test func goldenPages() throws {
        let files = self.files
        for (path, name) in [(SitePaths.home, "home"), (SitePaths.collection("glossary"), "collection"),
                             ("glossary/by-tags.html", "collection-by-tags"), (SitePaths.entry("glossary", "hostile"), "entry"),
                             (SitePaths.release("v2"), "release"), (SitePaths.changelog, "changelog"),
                             (SitePaths.document("strategy"), "document"), (SitePaths.searchPage, "search")] {
            try assertSiteSnapshot(text(files, path), "site-\(name).html")
        }
        let english = SitePages.files(SiteFixture.model(language: "en"), options: SiteRenderOptions(releaseSites: ["v1"]), theme: theme)
        try assertSiteSnapshot(text(english, SitePaths.entry("glossary", "hostile")), "site-entry-en.html")
    }

    /// Nothing of the hostile text gets through as markup: no script but the search page's own, no `javascript:`
    /// link, no event handler, no raw tag from a title or body; control characters replaced.
    @Test func hostileTextIsEscapedOnEveryPage() {
        let scriptTag = try! Regex(#"<script\b"#)
        for (path, bytes) in files.files where path.hasSuffix(".html") {
            let page = String(decoding: bytes, as: UTF8.self)
            let scripts = page.matches(of: scriptTag).count
            #expect(scripts == (path == SitePaths.searchPage ? 1 : 0), "\(path): \(scripts) script elements")
            #expect(!page.contains("href=\"javascript:"), "\(path): javascript: link")
            #expect(!page.contains("<img src=x"), "\(path): raw img")
            #expect(!page.contains("onerror="), "\(path): event handler")
            #expect(!page.contains("<b>"), "\(path): raw tag from the content")
            #expect(!page.contains("<Admin>") && !page.contains("<Begriffe>"), "\(path): unescaped text")
            #expect(!page.contains("\u{1}"), "\(path): control character")
            #expect(page.hasPrefix("<!DOCTYPE html>\n<html lang=\"de\">"), "\(path): lang")
        }
        let entry = text(files, SitePaths.entry("glossary", "hostile"))
        #expect(entry.contains("&lt;script&gt;alert(&quot;t&quot;)&lt;/script&gt; &amp; &#39;Zitat&#39;"))
        #expect(entry.contains("\u{FFFD}"))
    }

    @Test func everyInternalLinkResolves() {
        #expect(brokenLinks(files, extra: dataPaths(model)) == [])
        let withReleases = SitePages.files(model, options: SiteRenderOptions(releaseSites: ["v1", "v2"]), theme: theme)
        var site = SiteFiles()
        site.merge(withReleases)
        // The release sites' pages, as `--releases` puts them under v/<name>/.
        for name in ["v1", "v2"] {
            let releaseModel = SiteFixture.model(releaseCount: name == "v1" ? 1 : 2)
            let pages = SitePages.files(releaseModel, options: SiteRenderOptions(releaseSites: ["v1", "v2"], prefix: SitePaths.releaseSite(name),
                                                                                 releaseOrder: ["v2", "v1"]), theme: theme)
            for (path, bytes) in pages.files { site.add(SitePaths.releaseSite(name) + path, bytes) }
        }
        var extra = dataPaths(model)
        for name in ["v1", "v2"] { for path in dataPaths(model) { extra.insert(SitePaths.releaseSite(name) + path) } }
        #expect(brokenLinks(site, extra: extra) == [])
        let entry = text(withReleases, SitePaths.entry("glossary", "hostile"))
        #expect(entry.contains("href=\"../../v/v1/glossary/hostile/index.html\""), "the entry as it was in release v1")
        #expect(entry.contains("href=\"../../v/v2/glossary/hostile/index.html\""))
        // The oldest release's site links to the newer one and to the current site.
        let oldest = text(site, "v/v1/" + SitePaths.entry("glossary", "hostile"))
        #expect(oldest.contains("<a href=\"../../../v2/index.html\">Fassung v2</a>"), "\(oldest)")
        #expect(oldest.contains("<a href=\"../../../../index.html\">Aktuelle Fassung</a>"))
    }

    /// The links test's crawler finds what is broken (so that its silence means something).
    @Test func theCrawlerFindsBrokenLinks() {
        var broken = SiteFiles()
        broken.add("index.html", text: ##"<a href="missing/index.html">x</a> <a href="#nowhere">y</a> <a href="https://example.org/">z</a> <a href="../up.html">u</a>"##)
        #expect(brokenLinks(broken).count == 4)
    }

    @Test func headingsAreInOrder() {
        let heading = try! Regex(#"<h([1-6])[ >]"#)
        for (path, bytes) in files.files where path.hasSuffix(".html") {
            let levels = String(decoding: bytes, as: UTF8.self).matches(of: heading).compactMap { Int($0.output[1].substring ?? "") }
            #expect(levels.first == 1, "\(path): starts with h\(levels.first ?? 0)")
            #expect(levels.filter { $0 == 1 }.count == 1, "\(path): one h1")
            for (a, b) in zip(levels, levels.dropFirst()) where b > a + 1 {
                Issue.record("\(path): h\(a) followed by h\(b)")
            }
        }
    }

    @Test func landmarksSkipLinkAndFeedOnEveryPage() {
        for (path, bytes) in files.files where path.hasSuffix(".html") {
            let page = String(decoding: bytes, as: UTF8.self)
            for part in ["<a class=\"skip-link\" href=\"#main\">", "<header", "<nav", "<main id=\"main\"", "<footer",
                         "<link rel=\"alternate\" type=\"application/atom+xml\"", "<meta name=\"viewport\""] {
                #expect(page.contains(part), "\(path): no \(part)")
            }
        }
        #expect(text(files, SitePaths.entry("glossary", "hostile")).contains("href=\"feed.xml\""))
        #expect(text(files, SitePaths.collection("glossary")).contains("href=\"feed.xml\""))
        #expect(text(files, SitePaths.home).contains("href=\"feed.xml\""))
    }

    @Test func collectionViewsSortAndGroupWithoutScript() {
        let byStatus = text(files, "glossary/by-status.html")
        let beendet = byStatus.range(of: ">beendet <span class=\"count\">(1)</span></h2>")
        let laufend = byStatus.range(of: ">laufend &lt;script&gt; <span class=\"count\">(1)</span></h2>")
        #expect(beendet != nil && laufend != nil)
        if let beendet, let laufend { #expect(beendet.lowerBound < laufend.lowerBound, "groups sorted by value") }
        // A list value puts the entry in the group of each of its items.
        let byTags = text(files, "glossary/by-tags.html")
        #expect(byTags.contains(">a-tag \(SiteFixture.longWord) <span class=\"count\">(2)</span>"))
        #expect(byTags.contains(">b-tag <span class=\"count\">(1)</span>"))
        // Numbers sort by value: 40 before 120.
        let byPlaces = text(files, "events/by-attendees.html")
        if let a = byPlaces.range(of: ">40 <span"), let b = byPlaces.range(of: ">120 <span") {
            #expect(a.lowerBound < b.lowerBound)
        } else {
            Issue.record("no groups 40 and 120")
        }
        #expect(text(files, SitePaths.collection("glossary")).contains("aria-current=\"page\">Titel</a>"))
    }

    @Test func entryShowsReferencesBacklinksAndHistory() {
        let entry = text(files, SitePaths.entry("glossary", "hostile"))
        #expect(entry.contains("<a href=\"../open-data/index.html\">Open Data</a>"), "a reference shows the title")
        #expect(entry.contains("<span class=\"unresolved\">missing (nicht gefunden)</span>"), "an unresolved one is marked")
        #expect(entry.contains("<a href=\"../../events/workshop/index.html\">Workshop &quot;Daten&quot;</a>"), "backlink")
        #expect(entry.contains("<ins>neuer &quot;Text&quot; &amp; mehr</ins>") && entry.contains("<del>&lt;alter&gt;</del>"))
        #expect(entry.contains("geplant → laufend &lt;script&gt;"))
        #expect(entry.contains("3 Wörter hinzugefügt, 1 entfernt"))
        #expect(entry.contains("href=\"../../releases/v2/index.html\""), "without release sites: the release page")
        #expect(entry.contains("20. November 2026"), "dates in words")
        #expect(entry.contains("<h3>Überschrift</h3>"), "a body's # heading comes below the page's h2")
    }

    @Test func homeShowsCollectionsDatesReleasesAndChanges() {
        let home = text(files, SitePaths.home)
        #expect(home.contains("<a href=\"glossary/index.html\">Glossar &lt;Begriffe&gt;</a> <span class=\"count\">(2 Einträge)</span>"))
        #expect(home.contains("10. Dezember 2026 – 11. Dezember 2026"), "the upcoming date")
        #expect(home.contains("<summary>Frühere Termine (1)</summary>"), "the past date apart")
        #expect(home.contains("<a href=\"releases/v2/index.html\">v2</a>"))
        #expect(home.contains("<span class=\"gone\">gone</span>"), "a changed entry that no longer exists is not linked")
        let english = SitePages.files(SiteFixture.model(language: "en"), options: SiteRenderOptions(), theme: theme)
        #expect(text(english, SitePaths.home).contains("10 December 2026 – 11 December 2026"))
        #expect(text(english, SitePaths.home).hasPrefix("<!DOCTYPE html>\n<html lang=\"en\">"))
    }

    @Test func searchPageHasTheFormTheScriptExpects() {
        let search = text(files, SitePaths.searchPage)
        #expect(search.contains("<form role=\"search\""))
        #expect(search.contains("<input id=\"chronik-search-input\" name=\"q\""))
        #expect(search.contains("<div id=\"chronik-search-results\" aria-live=\"polite\"></div>"))
        #expect(search.contains("<script src=\"search.js\" defer></script>"))
        #expect(search.contains("<a href=\"../glossary/index.html\">"), "without script: links to the tables")
    }

    /// A new version that changed nothing a page shows changes only the start page (which names the version), so an
    /// incremental publish rewrites only the pages whose content changed.
    @Test func onlyTheStartPageNamesTheVersion() {
        var other = model
        other.version = SiteFixture.version(9, "2026-12-24", "Nichts Sichtbares")
        let before = files, after = SitePages.files(other, options: SiteRenderOptions(), theme: theme)
        #expect(before.files.keys.filter { before.files[$0] != after.files[$0] } == [SitePaths.home])
    }

    @Test func datesInTheSiteLanguage() {
        #expect(SiteLabels(language: "de").day("2026-12-04") == "4. Dezember 2026")
        #expect(SiteLabels(language: "en").day("2026-12-04") == "4 December 2026")
        #expect(SiteLabels(language: "en").day("2026-13-04") == "2026-13-04")
        #expect(SiteLabels(language: "de").day("soon") == "soon")
    }
}

@Suite struct SitePagesThemeTests {
    /// The embedded default theme is the Theme folder's files (scripts/embed-resources.py writes it).
    @Test func embeddedThemeMatchesTheFolder() throws {
        let names = try FileManager.default.contentsOfDirectory(atPath: themeFolder.path).sorted()
        #expect(DefaultTheme.files.keys.sorted() == names, "run scripts/embed-resources.py")
        for name in names {
            let onDisk = try String(contentsOf: themeFolder.appendingPathComponent(name), encoding: .utf8)
            #expect(DefaultTheme.files[name] == onDisk, "\(name) differs from DefaultTheme.swift: run scripts/embed-resources.py")
        }
        #expect(Set(SiteTheme.makeDefault().files.keys) == Set(names))
    }

    @Test func aThemeFolderReplacesTemplatesAndStylesheet() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("chronik-theme-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        try "body { color: #000 }\n".write(to: folder.appendingPathComponent("chronik.css"), atomically: true, encoding: .utf8)
        try "{{> head}}\n<h1>Stadt {{siteTitle}}</h1>\n{{> foot}}\n".write(to: folder.appendingPathComponent("home.mustache"), atomically: true, encoding: .utf8)
        let theme = try SiteTheme.load(overrides: folder)
        let files = SitePages.files(SiteFixture.model(), options: SiteRenderOptions(), theme: theme)
        #expect(text(files, SitePaths.stylesheet) == "body { color: #000 }\n")
        #expect(text(files, SitePaths.home).contains("<h1>Stadt Smart City Berlin &lt;script&gt;"), "escaped in a city's template too")
        #expect(text(files, SitePaths.changelog).contains("<h1>Änderungsprotokoll</h1>"), "other templates stay the default")

        try "{{#broken}}\n".write(to: folder.appendingPathComponent("entry.mustache"), atomically: true, encoding: .utf8)
        #expect(throws: SiteThemeError.self) { try SiteTheme.load(overrides: folder) }
        do {
            _ = try SiteTheme.load(overrides: folder)
        } catch {
            #expect("\(error)".contains("entry.mustache"), "\(error)")
        }
        try FileManager.default.removeItem(at: folder.appendingPathComponent("entry.mustache"))
        try "x".write(to: folder.appendingPathComponent("hom.mustache"), atomically: true, encoding: .utf8)
        #expect(throws: SiteThemeError.unknownFile(folder.appendingPathComponent("hom.mustache").path)) {
            try SiteTheme.load(overrides: folder)
        }
    }
}
