import ChronikStore
import Testing
@testable import ChronikPublish

@Suite struct SitePathsTests {
    @Test func relativeLinksWorkFromDisk() {
        #expect(SitePaths.relative(from: "index.html", to: "glossary/index.html") == "glossary/index.html")
        #expect(SitePaths.relative(from: "glossary/open-data/index.html", to: "glossary/index.html") == "../index.html")
        #expect(SitePaths.relative(from: "glossary/open-data/index.html", to: "actors/x/index.html") == "../../actors/x/index.html")
        #expect(SitePaths.relative(from: "glossary/index.html", to: "index.html") == "../index.html")
        #expect(SitePaths.relative(from: "glossary/index.html", to: "glossary/a/index.html") == "a/index.html")
        #expect(SitePaths.relative(from: "changes/index.html", to: "assets/chronik.css") == "../assets/chronik.css")
    }

    /// The byte path of `relative` against its definition on seeded paths: empty components, `.`, shared prefixes
    /// that are not whole components, non-ASCII components that are equal only as `Character`s (é precomposed and
    /// decomposed), release folders.
    @Test func relativeIsTheReferenceOnSeededPaths() {
        let parts = ["index.html", "glossary", "gloss", "a", "ab", "v", "release-1", "", ".", "x.json", "é", "e\u{301}", "ü", "feed.xml"]
        var random = SplitMix64(seed: 1_500)
        func path() -> String { (0..<Int(1 + random.next() % 5)).map { _ in parts[Int(random.next() % UInt64(parts.count))] }.joined(separator: "/") }
        for round in 0..<20_000 {
            let from = path(), to = path()
            #expect(SitePaths.relative(from: from, to: to) == SitePaths.referenceRelative(from: from, to: to), "round \(round): \(from) → \(to)")
        }
        #expect(SitePaths.relative(from: "a/index.html", to: "a/") == "./", "an empty link is ./")
    }

    @Test func filesKeepTheirOrderAndReplace() {
        var files = SiteFiles()
        files.add("b.html", text: "1")
        files.add("a.html", text: "2")
        files.add("b.html", text: "3")
        #expect(Array(files.files.keys) == ["b.html", "a.html"])
        #expect(files.files["b.html"] == Array("3".utf8))
    }
}
