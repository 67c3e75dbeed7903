import Foundation
import Testing

/// docs/privacy.md held against the published website, end to end: the store of PrivacyTests (private values at
/// every depth: nested, list items, patternProperties, additionalProperties, local and cross-schema `$ref`, allOf, a
/// private title field, a field private in early versions; e-mail addresses in bodies, public fields, commit and tag
/// messages and author names, every one holding `plantedMarker`), its site built by the binary at the tip and at the
/// release, and every file of it (pages, feeds, JSON, sitemap, search index and script) searched.
///
/// The site is built by `chronik serve` (into a temporary folder, the same build `chronik publish` makes) and read
/// from that folder while the server runs; a few files are also fetched over HTTP.
@Suite("The published site holds no private value", .serialized)
struct SitePrivacyTests {
    @Test(arguments: [nil, "r1"])
    func noFileOfTheSiteHoldsAPlantedValue(revision: String?) throws {
        let box = try Sandbox()
        let (store, _, _) = try privacyStore(box)
        let temporary = box.url("tmp")
        try FileManager.default.createDirectory(at: temporary, withIntermediateDirectories: true)
        let server = try ServeProcess(box, ["serve", "--port", "0"] + (revision.map { [$0] } ?? []), in: store,
                                      extraEnvironment: ["TMPDIR": temporary.path])
        let port = try server.port()
        let builds = try FileManager.default.contentsOfDirectory(at: temporary, includingPropertiesForKeys: nil)
        try #require(builds.count == 1, "\(builds)")
        let site = builds[0].appendingPathComponent("site-1")
        let files = try siteFiles(site)
        #expect(files.count > 20, "\(files)")
        let email = try NSRegularExpression(pattern: #"[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}"#)
        var seen = ""
        for file in files {
            let text = String(decoding: try Data(contentsOf: site.appendingPathComponent(file)), as: UTF8.self)
            seen += text
            #expect(!text.contains(plantedMarker), "\(file) holds a planted value: \(text.components(separatedBy: "\n").filter { $0.contains(plantedMarker) }.prefix(3))")
            let match = email.firstMatch(in: text, range: NSRange(text.startIndex..., in: text))
            #expect(match == nil, "\(file) holds an e-mail address: \(match.flatMap { Range($0.range, in: text) }.map { String(text[$0]) } ?? "")")
        }
        // The site is the store's: public values are there (so the search above searched something real).
        #expect(files.contains("people/p1/index.html") && files.contains("search/index.json") && files.contains("people/p1/feed.xml"))
        for value in ["sichtbar-", "Berlin-", "offen-", "blau-", "de-", "mobil-"] {
            #expect(seen.contains(value), "no public value \(value) on the site")
        }
        if revision == nil {
            #expect(seen.contains("OEFFENTLICH-v3"), "the field made public in the third version is shown")
        }
        // Served as written.
        let index = try httpRequest(port, "/search/index.json")
        #expect(index.status == 200 && !index.body.contains(plantedMarker) && index.body.contains("\"sichtbar\""))
        let end = server.stop()
        #expect(end.status == 0, "\(end)")
        #expect(!end.stdout.contains(plantedMarker) && !end.stderr.contains(plantedMarker))
    }
}

/// Every regular file under `root`, as paths relative to it (the site's manifest included).
func siteFiles(_ root: URL) throws -> [String] {
    let enumerator = try #require(FileManager.default.enumerator(at: root, includingPropertiesForKeys: [.isRegularFileKey]))
    var files: [String] = []
    for case let url as URL in enumerator where (try url.resourceValues(forKeys: [.isRegularFileKey])).isRegularFile == true {
        files.append(String(url.standardizedFileURL.path.dropFirst(root.standardizedFileURL.path.count + 1)))
    }
    return files.sorted()
}
