import ChronikNotion
import Foundation
import Testing

/// scripts/notion-export.py writes exports this reader reads back as the store they came from: every entry a row with
/// its title, body and relations to the rows of the entries it names. (notionmap's round-trip test goes on from here
/// to a store.)
@Suite("scripts/notion-export.py: its exports read back")
struct NotionExportScriptTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    static func run(_ arguments: [String]) throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", root.appendingPathComponent("scripts/notion-export.py").path] + arguments
        process.standardError = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
        #expect(process.terminationStatus == 0, "notion-export.py \(arguments) failed")
    }

    /// The sample's last version: each collection's entries, id → (title, body).
    static func sample() throws -> [String: [String: (title: String, body: String)]] {
        let versions = root.appendingPathComponent("Repository/versions")
        let last = try #require(try FileManager.default.contentsOfDirectory(atPath: versions.path).sorted().last)
        let store = versions.appendingPathComponent(last)
        let titles = ["actors": "name", "results": "title", "library": "title", "glossary": "term", "faq": "question",
                      "events": "title", "strategy": "title"]
        var out: [String: [String: (String, String)]] = [:]
        for (collection, field) in titles {
            for name in try FileManager.default.contentsOfDirectory(atPath: store.appendingPathComponent(collection).path) where name.hasSuffix(".md") {
                let text = try String(contentsOf: store.appendingPathComponent(collection).appendingPathComponent(name), encoding: .utf8)
                let parts = text.components(separatedBy: "\n---\n")
                var title = ""
                for line in parts[0].split(separator: "\n") where line.hasPrefix(field + ": ") {
                    title = String(line.dropFirst(field.count + 2))
                    if title.hasPrefix("\"") { title = String(title.dropFirst().dropLast()) }
                }
                let body = parts.dropFirst().joined(separator: "\n---\n").trimmingCharacters(in: .newlines)
                out[collection, default: [:]][String(name.dropLast(3))] = (title, body.isEmpty ? "" : body + "\n")
            }
        }
        return out
    }

    @Test(arguments: [["--format", "markdown"], ["--format", "markdown", "--relations", "paths", "--zip", "--parts", "2"],
                      ["--format", "html", "--zip"], ["--format", "html", "--names", "keys"]])
    func sampleReadsBack(options: [String]) throws {
        let folder = try TemporaryFolder()
        let out = folder.path(options.contains("--zip") ? "export.zip" : "export")
        try Self.run(options + ["--out", out.path])
        let export = try NotionReader().read(out)
        let sample = try Self.sample()
        #expect(export.format == (options.contains("html") ? .html : .markdown))
        #expect(export.pages.isEmpty)
        #expect(export.databases.count == sample.count)
        if !options.contains("keys") {
            #expect(Set(export.databases.map(\.name)) == ["Prozessakteure", "Prozessergebnisse", "Smart City Bibliothek", "Smart City Glossar",
                                                         "FAQ zum Strategieprozess", "Prozesstermine", "Strategietext"])
        }
        let rowIDs = Set(export.databases.flatMap(\.rows).map(\.id))
        #expect(rowIDs.count == sample.values.map(\.count).reduce(0, +))
        var relations = 0
        for database in export.databases {
            let entries = Array(sample.values).first { entries in Set(entries.values.map(\.title)) == Set(database.rows.map(\.title)) }
            let byTitle = try #require(entries, "no collection has the titles of \(database.name)")
            for row in database.rows {
                let entry = try #require(byTitle.values.first { $0.title == row.title })
                #expect(row.body == entry.body, "\(database.name): \(row.title)")
                for value in row.properties.values {
                    guard case .pages(let links) = value else { continue }
                    for link in links {
                        relations += 1
                        #expect(link.pageID.map(rowIDs.contains) == true, "\(row.title) links to \(link.title), not a row")
                    }
                }
            }
        }
        #expect(relations > 50)
    }

    @Test func generated() throws {
        let folder = try TemporaryFolder()
        let out = folder.path("gen.zip")
        try Self.run(["--generate", "250", "--zip", "--out", out.path])
        let export = try NotionReader().read(out)
        #expect(export.databases.map(\.name) == ["Akteure", "Bibliothek", "Ergebnisse", "Glossar", "Termine"])
        #expect(export.databases.map(\.rows.count) == [50, 50, 50, 50, 50])
        let termine = try #require(export.databases.first { $0.name == "Termine" })
        #expect(termine.properties.map(\.name) == ["Termin", "Format", "Zeitraum", "Ergebnisse", "Teilnehmende"])
        #expect(termine.properties.first { $0.name == "Ergebnisse" }?.type == .relation)
        #expect(termine.rows.contains { if case .text(let text) = $0.properties["Zeitraum"] { text.contains(" → ") } else { false } })
        // The same seed, the same export.
        let again = folder.path("again.zip")
        try Self.run(["--generate", "250", "--zip", "--out", again.path])
        #expect(try Data(contentsOf: out) == Data(contentsOf: again))
    }
}
