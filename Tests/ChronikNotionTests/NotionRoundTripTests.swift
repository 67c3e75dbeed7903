import ChronikStore
import Foundation
import Testing
@testable import ChronikNotion

/// The round trip of issue 17: scripts/notion-export.py turns the sample's last version (Repository/) into a Notion
/// export, `chronik import notion` turns that into a store, and the store's entries equal the sample's in content.
///
/// "In content" means: every entry of the sample has exactly one imported entry (the one whose `notion_id` is the
/// page id the script gave it, md5 of `collection/id`), in the same collection, with the same body text and the same
/// field values, where a reference is compared by the entry it names (its `notion_id`), not by its id. What differs,
/// and why: ids (Notion has none; the import makes them from titles, e.g. `cdo-berlin` becomes
/// `chief-digital-officer-des-landes-berlin`, so references hold those ids), the added field `notion_id`, and the
/// schemas (inferred from the values: no descriptions, `required` only for the title). With Markdown & CSV, lists
/// of texts are comma-separated text: a reviewed mapping types them as lists, and an item that itself holds a comma
/// is split there (the one such value of the sample is named below); the HTML export keeps them apart.
@Suite struct NotionRoundTripTests {
    static let root = NotionExportScriptTests.root
    static let sampleStore: URL = {
        let versions = root.appendingPathComponent("Repository/versions")
        let last = ((try? FileManager.default.contentsOfDirectory(atPath: versions.path)) ?? []).sorted().last ?? "?"
        return versions.appendingPathComponent(last)
    }()

    /// Every entry of a store's folder: path → document.
    static func entries(_ store: URL) throws -> [String: EntryDocument] {
        var out: [String: EntryDocument] = [:]
        for folder in try FileManager.default.contentsOfDirectory(atPath: store.path) where !folder.hasPrefix(".") && folder != "schemas" {
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: store.appendingPathComponent(folder).path, isDirectory: &isDirectory), isDirectory.boolValue else { continue }
            for name in try FileManager.default.contentsOfDirectory(atPath: store.appendingPathComponent(folder).path) where name.hasSuffix(".md") {
                out["\(folder)/\(name.dropLast(3))"] = try EntryDocument.parse(try Data(contentsOf: store.appendingPathComponent("\(folder)/\(name)")))
            }
        }
        return out
    }

    static func md5Hex(_ text: String) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", "-c", "import hashlib,sys; [print(hashlib.md5(l.rstrip('\\n').encode()).hexdigest()) for l in sys.stdin]"]
        let input = Pipe(), output = Pipe()
        process.standardInput = input
        process.standardOutput = output
        try process.run()
        input.fileHandleForWriting.write(Data((text + "\n").utf8))
        try input.fileHandleForWriting.close()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// The differences between the sample's entries and the imported ones, in content (see above); one line each.
    static func differences(sample: URL, imported: URL) throws -> [String] {
        let original = try entries(sample)
        let result = try entries(imported)
        var byPageID: [String: (String, EntryDocument)] = [:]
        for (path, document) in result {
            if case .string(let id)? = document.fields[NotionMapping.pageIDField] { byPageID[id] = (path, document) }
        }
        let paths = original.keys.sorted()
        let hashes = try md5Hex(paths.joined(separator: "\n")).split(separator: "\n").map(String.init)
        let pageIDOf = Dictionary(uniqueKeysWithValues: zip(paths, hashes))
        let config = try StoreConfig.parse(try Data(contentsOf: sample.appendingPathComponent("chronik.yml")))
        // Which fields of each collection are references, and to which collection.
        var refs: [String: [String: String]] = [:]
        for collection in config.collections {
            guard let schemaPath = collection.schema else { continue }
            let schema = try JSONParser.parse(try Data(contentsOf: sample.appendingPathComponent(schemaPath)))
            for (key, property) in schema["properties"]?.objectValue ?? [:] {
                if case .string(let target)? = property["x-chronik-ref"] { refs[collection.name, default: [:]][key] = target }
            }
        }
        var lines: [String] = []
        #expect(result.count == original.count, "\(result.count) entries imported, \(original.count) in the sample")
        for path in paths {
            let document = original[path]!
            let collection = String(path.split(separator: "/")[0])
            guard let pageID = pageIDOf[path], let (importedPath, imported) = byPageID[pageID] else {
                lines.append("\(path): not imported")
                continue
            }
            if !importedPath.hasPrefix(collection + "/") { lines.append("\(path): imported into \(importedPath)") }
            var fields = imported.fields
            fields.removeValue(forKey: NotionMapping.pageIDField)
            // References by the page they name.
            func pages(_ value: JSONValue, in target: String, of paths: [String: String]) -> JSONValue {
                switch value {
                case .string(let id): return .string(paths["\(target)/\(id)"] ?? "?\(id)")
                case .array(let items): return .array(items.map { pages($0, in: target, of: paths) })
                default: return value
                }
            }
            let importedPageIDs = Dictionary(byPageID.map { ($0.value.0, $0.key) }, uniquingKeysWith: { a, _ in a })
            var expected = document.fields
            for (key, target) in refs[collection] ?? [:] {
                if let value = expected[key] { expected[key] = pages(value, in: target, of: pageIDOf) }
                if let value = fields[key] { fields[key] = pages(value, in: target, of: importedPageIDs) }
            }
            for key in Set(expected.keys).union(fields.keys).sorted() where expected[key] != fields[key] {
                lines.append("\(path) \(key): \(expected[key]?.jsonText ?? "-") ≠ \(fields[key]?.jsonText ?? "-")")
            }
            if document.body != imported.body { lines.append("\(path): body differs") }
        }
        return lines
    }

    func importing(_ options: [String], mapping: ((String) -> String)? = nil) throws -> (TemporaryFolder, URL) {
        let folder = try TemporaryFolder()
        let export = folder.path(options.contains("--zip") ? "export.zip" : "export")
        try NotionExportScriptTests.run(options + ["--names", "keys", "--out", export.path])
        var arguments = ["import", "notion", export.path, "--store", folder.path("store").path] + ImportNotionCommandTests.author
        if let mapping {
            let plan = try run(chronikBinary, ["import", "notion", export.path, "--plan"], in: folder.url, home: folder.url)
            try #require(plan.status == 0, "\(plan)")
            let file = folder.path("notion-mapping.yml")
            try mapping(try String(contentsOf: file, encoding: .utf8)).write(to: file, atomically: true, encoding: .utf8)
            arguments += ["--mapping", file.path]
        }
        let result = try run(chronikBinary, arguments, in: folder.url, home: folder.url)
        try #require(result.status == 0, "\(result)")
        return (folder, folder.path("store"))
    }

    @Test(arguments: [["--format", "html", "--zip"], ["--format", "html", "--zip", "--parts", "3"]])
    func htmlExportGivesTheSample(options: [String]) throws {
        let (folder, store) = try importing(options)
        #expect(try Self.differences(sample: Self.sampleStore, imported: store) == [])
        #expect(try run(chronikBinary, ["validate", "--store", store.path], in: folder.url, home: folder.url).status == 0)
    }

    @Test(arguments: ["urls", "paths"])
    func markdownExportGivesTheSampleWithAReviewedMapping(relations: String) throws {
        // The review: the lists of texts that Markdown writes as comma-separated text.
        let (folder, store) = try importing(["--format", "markdown", "--relations", relations]) { text in
            var lines = text.components(separatedBy: "\n")
            for (index, line) in lines.enumerated() where ["\"synonyms\"", "\"authors\"", "\"links\""].contains(where: { line.hasSuffix("property: \($0)") }) {
                if lines[index + 2].contains("type: \"string\"") { lines[index + 2] = "        type: \"array\"" }
                if lines[index + 3].contains("format: \"uri\"") { lines[index + 3] = "" }
            }
            return lines.joined(separator: "\n")
        }
        #expect(try Self.differences(sample: Self.sampleStore, imported: store) == [
            "library/modellprojekte-smart-cities authors: [\"Bundesministerium des Innern, für Bau und Heimat\",\"KfW\"] ≠ [\"Bundesministerium des Innern\",\"für Bau und Heimat\",\"KfW\"]",
        ])
        withExtendedLifetime(folder) {}
    }
}
