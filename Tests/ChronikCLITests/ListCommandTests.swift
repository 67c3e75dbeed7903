import ChronikStore
import Foundation
import Testing

@Suite("chronik list, end to end")
struct ListCommandTests {
    @Test func tableInBothLanguages() throws {
        let sandbox = try Sandbox()
        let store = try sandbox.sample()
        let en = try sandbox.chronik(["list", "events", "--lang", "en"], in: store)
        #expect(en.status == 0 && en.stderr.isEmpty, "\(en)")
        try assertSnapshot(en.stdout, named: "list-events-en.txt")
        let de = try sandbox.chronik(["list", "events"], in: store, extraEnvironment: ["CHRONIK_LANG": "de"])
        #expect(de.status == 0, "\(de)")
        try assertSnapshot(de.stdout, named: "list-events-de.txt")
        let all = try sandbox.chronik(["list"], in: store)
        #expect(all.status == 0, "\(all)")
        try assertSnapshot(all.stdout, named: "list-all.txt")
        let query = try sandbox.chronik(["list", "results", "--where", "date>=2022-01-01", "--sort", "-date", "--fields", "title,date,authors",
                                         "--resolve", "--at", "strategieentwurf"], in: store)
        #expect(query.status == 0, "\(query)")
        try assertSnapshot(query.stdout, named: "list-results-query.txt")
    }

    @Test func jsonAndNDJSONFollowTheContract() throws {
        let sandbox = try Sandbox()
        let store = try sandbox.sample()
        let json = try sandbox.chronik(["list", "events", "--format", "json"], in: store)
        #expect(json.status == 0, "\(json)")
        #expect(json.stdout.hasPrefix("{\n  \"chronik\" : 1,") || json.stdout.hasPrefix("{\n  \"chronik\": 1,"), "\(json.stdout.prefix(40))")
        JSONContractTests.expectValid(json.stdout, schema: "list", "chronik list events --format json")
        try assertSnapshot(json.stdout, named: "list-events.json")
        let resolved = try sandbox.chronik(["list", "results", "--resolve", "--format", "json", "--public"], in: store)
        JSONContractTests.expectValid(resolved.stdout, schema: "list", "chronik list results --resolve --format json --public")
        let ndjson = try sandbox.chronik(["list", "actors", "--format", "ndjson", "--public"], in: store)
        #expect(ndjson.status == 0, "\(ndjson)")
        let lines = ndjson.stdout.split(separator: "\n", omittingEmptySubsequences: false)
        #expect(lines.last == "")
        for line in lines.dropLast() {
            #expect(line.hasPrefix("{\"chronik\":1,"))
        }
        JSONContractTests.expectValidLines(ndjson.stdout, schema: "list-line", "chronik list actors --format ndjson --public")
        #expect(!ndjson.stdout.contains("\"contact\""), "private fields stay out of --public")
        try assertSnapshot(ndjson.stdout, named: "list-actors-public.ndjson")
        // The team sees its private fields.
        let team = try sandbox.chronik(["list", "actors", "--format", "ndjson"], in: store)
        #expect(team.stdout.contains("\"contact\""))
    }

    @Test func csvReadsBackWithPythonsCSVModule() throws {
        let sandbox = try Sandbox()
        let store = try sandbox.sample()
        let csv = try sandbox.chronik(["list", "events", "--format", "csv", "--bom"], in: store)
        #expect(csv.status == 0, "\(csv)")
        // The golden file without the byte order mark (reading a golden file as UTF-8 drops it); the bytes of the
        // BOM are checked by Python below.
        let plain = try sandbox.chronik(["list", "events", "--format", "csv"], in: store)
        #expect(csv.stdout == "\u{FEFF}" + plain.stdout)
        try assertSnapshot(plain.stdout, named: "list-events.csv")
        let file = sandbox.url("events.csv")
        try Data(csv.stdout.utf8).write(to: file)
        let table = try sandbox.chronik(["list", "events", "--format", "json"], in: store)
        let document = try JSONParser.parse(Data(table.stdout.utf8))
        let script = """
            import csv, json, sys
            with open(sys.argv[1], newline='', encoding='utf-8-sig') as f:
                rows = list(csv.reader(f))
            raw = open(sys.argv[1], 'rb').read()
            assert raw.startswith(b'\\xef\\xbb\\xbf'), 'no BOM'
            assert raw.count(b'\\r\\n') >= len(rows), 'records end in CRLF'
            print(json.dumps(rows))
            """
        let python = try run(URL(fileURLWithPath: "/usr/bin/env"), ["python3", "-c", script, file.path], in: sandbox.root, environment: sandbox.environment)
        #expect(python.status == 0, "\(python)")
        guard case .array(let rows) = try JSONParser.parse(Data(python.stdout.utf8)) else { Issue.record("\(python)"); return }
        let labels = document["columns"]?.arrayValue?.compactMap { $0["label"]?.stringValue } ?? []
        #expect(rows.first?.arrayValue?.compactMap(\.stringValue) == labels)
        let titles = document["entries"]?.arrayValue?.compactMap { $0["title"]?.stringValue } ?? []
        #expect(rows.dropFirst().compactMap { $0.arrayValue?.first?.stringValue } == titles)
        #expect(rows.count == titles.count + 1 && titles.count == 7)
    }

    @Test func plainRepositoryListsTitleAndPath() throws {
        let sandbox = try Sandbox()
        let repo = try sandbox.plainRepository()
        try sandbox.write("---\ntitle: Leitbild\nstand: 2022-03-01\n---\nText.\n", to: "kapitel/leitbild.md", in: repo)
        try sandbox.write("# Einleitung\n\nOhne Front Matter.\n", to: "kapitel/einleitung.md", in: repo)
        try sandbox.write("# Lies mich\n", to: "README.md", in: repo)
        try sandbox.commitAll(repo, "Erste Fassung")
        let all = try sandbox.chronik(["list"], in: repo)
        #expect(all.status == 0, "\(all)")
        #expect(all.stdout == """
            Title       Path
            ----------  ---------------------
            Lies mich   README.md
            Einleitung  kapitel/einleitung.md
            Leitbild    kapitel/leitbild.md

            """, "\(all)")
        let dated = try sandbox.chronik(["list", "kapitel", "--where", "stand>2022-01-01", "--format", "csv"], in: repo)
        #expect(dated.stdout == "Title,Path\r\nLeitbild,kapitel/leitbild.md\r\n", "\(dated)")
    }

    @Test func badInputIsOneUsageErrorAndNothingWritten() throws {
        let sandbox = try Sandbox()
        let store = try sandbox.sample()
        let cases: [([String], String)] = [
            (["list", "events", "--where", "stat=laufend"], "stat"),
            (["list", "events", "--where", "start<soon"], "soon"),
            (["list", "events", "--where", "status~laufend"], "status~laufend"),
            (["list", "events", "--where", "title<B"], "title<B"),
            (["list", "events", "--format", "yaml"], "yaml"),
            (["list", "events", "--fields", "title,nirgends"], "nirgends"),
            (["list", "events", "--sort", "nirgends"], "nirgends"),
            (["list", "events", "--bom"], "--bom"),
        ]
        for (arguments, word) in cases {
            let result = try sandbox.chronik(arguments, in: store)
            #expect(result.status == 2, "\(arguments): \(result)")
            #expect(result.stdout.isEmpty, "\(arguments): \(result)")
            #expect(result.stderr.hasPrefix("chronik: error: "), "\(arguments): \(result)")
            #expect(result.stderr.contains(word), "\(arguments): \(result)")
            let german = try sandbox.chronik(arguments, in: store, extraEnvironment: ["CHRONIK_LANG": "de"])
            #expect(german.status == 2 && german.stdout.isEmpty && german.stderr.hasPrefix("chronik: error: "), "\(arguments): \(german)")
            #expect(german.stderr != result.stderr, "\(arguments): the German message is German")
        }
        // An unknown collection is wrong input, as an unknown entry is: exit 1, as `log --collection` says it.
        let hint = try sandbox.chronik(["list", "eventz"], in: store)
        #expect(hint.status == 1 && hint.stdout.isEmpty && hint.stderr.contains("\"eventz\""), "\(hint)")
        #expect(hint.stderr.contains("\"events\""), "did you mean: \(hint)")
        let log = try sandbox.chronik(["log", "--collection", "eventz"], in: store)
        #expect(log.status == hint.status, "\(log)")
    }
}
