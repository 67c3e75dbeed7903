import ChronikSchema
import ChronikStore
import Foundation
import Testing

/// Runs the official JSON-Schema-Test-Suite (draft 2020-12) against the validator.
///
/// The suite lives outside the repository (`../shared/conformance/JSON-Schema-Test-Suite`, or the folder named by
/// `JSON_SCHEMA_TEST_SUITE`). When it is absent the tests print a visible "skipped" line and pass, unless
/// `CHRONIK_REQUIRE_CONFORMANCE=1` makes it mandatory (as `.ci/run` does). The suite's `remotes/` folder is
/// registered under `http://localhost:1234/`, so `refRemote` never touches the network.
struct ConformanceTests {
    struct Exclusion: Decodable {
        var file: String
        var group: String
        var test: String
        var reason: String
    }

    static func suiteDirectory() -> URL? {
        let fm = FileManager.default
        if let path = ProcessInfo.processInfo.environment["JSON_SCHEMA_TEST_SUITE"], !path.isEmpty {
            return fm.fileExists(atPath: path + "/tests/draft2020-12") ? URL(fileURLWithPath: path) : nil
        }
        let starts = [URL(fileURLWithPath: #filePath).deletingLastPathComponent(), URL(fileURLWithPath: fm.currentDirectoryPath)]
        for start in starts {
            var dir = start
            while dir.path != "/" {
                for candidate in ["../shared/conformance/JSON-Schema-Test-Suite", "shared/conformance/JSON-Schema-Test-Suite"] {
                    let url = dir.appendingPathComponent(candidate).standardizedFileURL
                    if fm.fileExists(atPath: url.appendingPathComponent("tests/draft2020-12").path) { return url }
                }
                dir = dir.deletingLastPathComponent()
            }
        }
        return nil
    }

    /// Returns the suite or records why there is none (an issue only when the suite is required).
    static func requireSuite() -> URL? {
        if let suite = suiteDirectory() { return suite }
        print("skipped: JSON-Schema-Test-Suite not found (set JSON_SCHEMA_TEST_SUITE or place it in ../shared/conformance)")
        if ProcessInfo.processInfo.environment["CHRONIK_REQUIRE_CONFORMANCE"] == "1" {
            Issue.record("JSON-Schema-Test-Suite not found but CHRONIK_REQUIRE_CONFORMANCE=1")
        }
        return nil
    }

    static func load(_ url: URL) throws -> JSONValue {
        try JSONParser.parse(try Data(contentsOf: url))
    }

    /// A registry with every file of `remotes/` under `http://localhost:1234/<relative path>`.
    static func remoteRegistry(_ suite: URL) throws -> SchemaRegistry {
        var registry = SchemaRegistry()
        let remotes = suite.appendingPathComponent("remotes")
        let fm = FileManager.default
        guard let walker = fm.enumerator(atPath: remotes.path) else { return registry }
        for case let relative as String in walker where relative.hasSuffix(".json") {
            let value = try load(remotes.appendingPathComponent(relative))
            registry.add(value, retrievalURI: "http://localhost:1234/" + relative)
        }
        return registry
    }

    static func exclusions() throws -> [Exclusion] {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
            .appendingPathComponent("Resources/conformance-exclusions.json")
        return try JSONDecoder().decode([Exclusion].self, from: Data(contentsOf: url))
    }

    struct Tally {
        var passed = 0
        var failed: [String] = []
        var excluded = 0
        var total = 0
    }

    /// Runs every test of the suite files in `directory` (non-recursive) with `options`.
    static func run(_ suite: URL, directory: String, only: Set<String>?, options: SchemaOptions) throws -> Tally {
        let registry = try remoteRegistry(suite)
        let excluded = try exclusions()
        let dir = suite.appendingPathComponent(directory)
        let files = try FileManager.default.contentsOfDirectory(atPath: dir.path)
            .filter { $0.hasSuffix(".json") && (only?.contains($0) ?? true) }
            .sorted()
        var tally = Tally()
        for file in files {
            guard case .array(let groups) = try load(dir.appendingPathComponent(file)) else {
                tally.failed.append("\(file): not an array of test groups")
                continue
            }
            for group in groups {
                let description = group["description"]?.stringValue ?? "?"
                guard let schemaValue = group["schema"], case .array(let tests)? = group["tests"] else { continue }
                let schema: Result<Schema, SchemaError>
                do throws(SchemaError) {
                    schema = .success(try Schema(schemaValue, registry: registry, options: options))
                } catch {
                    schema = .failure(error)
                }
                for test in tests {
                    tally.total += 1
                    let name = test["description"]?.stringValue ?? "?"
                    if excluded.contains(where: { $0.file == file && $0.group == description && $0.test == name }) {
                        tally.excluded += 1
                        continue
                    }
                    guard let data = test["data"], case .bool(let expected)? = test["valid"] else { continue }
                    switch schema {
                    case .failure(let error):
                        tally.failed.append("\(file) / \(description) / \(name): schema does not compile: \(error)")
                    case .success(let compiled):
                        let valid = compiled.isValid(data)
                        let findings = compiled.validate(data)
                        if valid != expected {
                            tally.failed.append("\(file) / \(description) / \(name): expected \(expected ? "valid" : "invalid"), got \(valid ? "valid" : "invalid")")
                        } else if findings.isEmpty != expected {
                            tally.failed.append("\(file) / \(description) / \(name): isValid and validate disagree (\(findings))")
                        } else if compiled.findings(data) != findings {
                            // The fast path (a verdict first, findings only for an invalid instance) against its reference.
                            tally.failed.append("\(file) / \(description) / \(name): findings and validate disagree")
                        } else {
                            tally.passed += 1
                        }
                    }
                }
            }
        }
        return tally
    }

    @Test func draft2020_12() throws {
        guard let suite = ConformanceTests.requireSuite() else { return }
        let tally = try ConformanceTests.run(suite, directory: "tests/draft2020-12", only: nil, options: SchemaOptions())
        for failure in tally.failed { Issue.record("\(failure)") }
        print("conformance: \(tally.passed) passed, \(tally.failed.count) failed, \(tally.excluded) excluded")
        #expect(tally.total == 1_299)
        #expect(tally.passed + tally.excluded == tally.total)
    }

    @Test func formatAssertion() throws {
        guard let suite = ConformanceTests.requireSuite() else { return }
        let tally = try ConformanceTests.run(suite, directory: "tests/draft2020-12/optional/format",
                                             only: ["date.json", "date-time.json", "email.json", "uri.json"],
                                             options: SchemaOptions(formatAssertion: true))
        for failure in tally.failed { Issue.record("\(failure)") }
        print("conformance (format assertion): \(tally.passed) passed, \(tally.failed.count) failed, \(tally.excluded) excluded")
        #expect(tally.total > 150)
        #expect(tally.passed + tally.excluded == tally.total)
    }
}
