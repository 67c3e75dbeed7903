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

    @Test func filesKeepTheirOrderAndReplace() {
        var files = SiteFiles()
        files.add("b.html", text: "1")
        files.add("a.html", text: "2")
        files.add("b.html", text: "3")
        #expect(Array(files.files.keys) == ["b.html", "a.html"])
        #expect(files.files["b.html"] == Array("3".utf8))
    }
}
