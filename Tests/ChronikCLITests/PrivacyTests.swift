import Foundation
import Testing

// The promise of docs/privacy.md, held against every public output of the binary: a store whose schemas mark values
// private at every depth (nested property, list item property, patternProperties, additionalProperties, a local
// `$ref`, a `$ref` to another schema of the store by path and by its `$id`, allOf, a private title field), a field private in the first
// versions and public later, and e-mail addresses in bodies, public fields, commit and tag messages and names. Every
// planted private value and every planted e-mail address holds `plantedMarker`; nothing public does. Then every
// changelog format × detail × grouping, every `diff --public` format between every pair of versions and against the
// working tree, and `log --public` (with and without an entry and `--fields`) must show none of them, no blob id of
// an entry that held them, and no blob id of the values themselves.

/// In every private value and planted e-mail address of the fixture, and in nothing public.
let plantedMarker = "7f3a"

/// The people schema of the first versions; `formerly` is private there and public from the third version on.
private let peopleSchemaV1 = """
    {
      "$schema": "https://json-schema.org/draft/2020-12/schema",
      "type": "object",
      "required": ["name"],
      "properties": {
        "name": {"type": "string", "x-chronik-private": true},
        "role": {"type": "string"},
        "address": {"type": "object", "properties": {"street": {"type": "string", "x-chronik-private": true}, "city": {"type": "string"}}},
        "phones": {"type": "array", "items": {"type": "object", "properties": {"number": {"type": "string", "x-chronik-private": true}, "kind": {"type": "string"}}}},
        "extra": {"type": "object", "patternProperties": {"^secret-": {"type": "string", "x-chronik-private": true}}, "additionalProperties": {"type": "string"}},
        "notes": {"type": "object", "properties": {"visible": {"type": "string"}}, "additionalProperties": {"type": "string", "x-chronik-private": true}},
        "contact": {"$ref": "#/$defs/contact"},
        "badge": {"$ref": "strategy.schema.json#/$defs/badge"},
        "sponsor": {"$ref": "https://example.org/chronik-test/strategy.json#/$defs/badge"},
        "combo": {"allOf": [{"type": "object"}, {"properties": {"hidden": {"type": "string", "x-chronik-private": true}}}]},
        "formerly": {"type": "string", "x-chronik-private": true}
      },
      "$defs": {"contact": {"type": "object", "properties": {"mail": {"type": "string", "x-chronik-private": true}, "lang": {"type": "string"}}}}
    }
    """

private let peopleSchemaV2 = peopleSchemaV1.replacingOccurrences(
    of: #""formerly": {"type": "string", "x-chronik-private": true}"#, with: #""formerly": {"type": "string"}"#)

/// Sections with a private title; the people schema refers to its `badge`.
private let strategySchema = """
    {
      "$schema": "https://json-schema.org/draft/2020-12/schema",
      "$id": "https://example.org/chronik-test/strategy.json",
      "type": "object",
      "properties": {"title": {"type": "string", "x-chronik-private": true}, "order": {"type": "number"}},
      "$defs": {"badge": {"type": "object", "properties": {"code": {"type": "string", "x-chronik-private": true}, "color": {"type": "string"}}}}
    }
    """

private let privacyConfig = """
    title: Privat-Test
    language: de
    collections:
      people:
        schema: schemas/people.schema.json
        title_field: name
        label: {de: Personen, en: People}
      strategy:
        schema: schemas/strategy.schema.json
        title_field: title
        label: {de: Strategie, en: Strategy}

    """

/// A person with a private value at every depth, tagged `tag`; `formerly` as given (nil: a private planted value).
private func person(_ tag: String, formerly: String? = nil) -> String {
    """
    ---
    name: PRIVATE-NAME-\(tag)-7f3a
    role: Ansprechperson role-\(tag)-7f3a@example.org
    address:
      street: PRIVATE-STREET-\(tag)-7f3a
      city: Berlin-\(tag)
    phones:
      - number: PRIVATE-PHONE-\(tag)-7f3a
        kind: mobil-\(tag)
    extra:
      secret-code: PRIVATE-PATTERN-\(tag)-7f3a
      open: offen-\(tag)
    notes:
      visible: sichtbar-\(tag)
      other: PRIVATE-ADDITIONAL-\(tag)-7f3a
    contact:
      mail: PRIVATE-REF-\(tag)-7f3a
      lang: de-\(tag)
    badge:
      code: PRIVATE-CROSSREF-\(tag)-7f3a
      color: blau-\(tag)
    sponsor:
      code: PRIVATE-IDREF-\(tag)-7f3a
      color: gruen-\(tag)
    combo:
      hidden: PRIVATE-ALLOF-\(tag)-7f3a
    formerly: \(formerly ?? "PRIVATE-FORMERLY-\(tag)-7f3a")
    ---
    # Person \(tag)

    Schreiben Sie an body-\(tag)-7f3a@example.org oder <mailto:link-\(tag)-7f3a@example.org>. Text \(tag).

    """
}

private func section(_ letter: String, order: Int) -> String {
    "---\ntitle: PRIVATE-SECTION-\(letter)-7f3a\norder: \(order)\n---\nAbschnitt \(letter).\n"
}

/// The fixture: four versions after `init` (v1: everything private planted; v2: every value changed, released with
/// an address in the message; v3: `formerly` public, an entry added, one removed, one renamed, a section moved),
/// plus an uncommitted change in the working tree. Gives the store, its versions oldest first (the root first) and
/// the digests that must never appear: blob ids of every entry version that held planted values, and of the values.
func privacyStore(_ box: Sandbox) throws -> (store: URL, versions: [String], digests: [String]) {
    let store = try box.makeStore("privat")
    for name in try FileManager.default.contentsOfDirectory(atPath: store.appendingPathComponent("schemas").path) {
        try FileManager.default.removeItem(at: store.appendingPathComponent("schemas/\(name)"))
    }
    try box.write(privacyConfig, to: "chronik.yml", in: store)
    try box.write(peopleSchemaV1, to: "schemas/people.schema.json", in: store)
    try box.write(strategySchema, to: "schemas/strategy.schema.json", in: store)
    try box.write(person("v1"), to: "people/p1.md", in: store)
    try box.write(person("alt"), to: "people/p3.md", in: store)
    try box.write(person("umbenannt"), to: "people/p4.md", in: store)
    try box.write(section("A", order: 1), to: "strategy/a.md", in: store)
    try box.write(section("B", order: 2), to: "strategy/b.md", in: store)
    func commit(_ message: String, _ date: String) throws {
        let result = try box.chronik(["commit", "-m", message, "--author", "Eve name-7f3a@example.org <eve-7f3a@example.org>", "--date", date], in: store)
        try #require(result.status == 0, "\(result)")
    }
    try commit("Erste Fassung, Fragen an msg1-7f3a@example.org\n\nSigned-off-by: Eve <signed-7f3a@example.org>", "2022-03-02T10:00:00+01:00")
    try box.write(person("v2"), to: "people/p1.md", in: store)
    try commit("Zweite Fassung <msg2-7f3a@example.org>", "2022-03-03T10:00:00+01:00")
    let release = try box.chronik(["release", "r1", "-m", "Freigabe, Rückfragen an rel-7f3a@example.org",
                                   "--author", "Rita <rita-7f3a@example.org>", "--date", "2022-03-04T10:00:00+01:00"], in: store)
    try #require(release.status == 0, "\(release)")
    try box.write(peopleSchemaV2, to: "schemas/people.schema.json", in: store)
    try box.write(person("v3", formerly: "OEFFENTLICH-v3"), to: "people/p1.md", in: store)
    try box.write(person("neu", formerly: "OEFFENTLICH-neu"), to: "people/p2.md", in: store)
    try FileManager.default.removeItem(at: store.appendingPathComponent("people/p3.md"))
    try FileManager.default.removeItem(at: store.appendingPathComponent("people/p4.md"))
    try box.write(person("umbenannt").replacingOccurrences(of: "PRIVATE-STREET-umbenannt-7f3a", with: "PRIVATE-STREET-v3-umbenannt-7f3a")
        .replacingOccurrences(of: "Text umbenannt.", with: "Text umbenannt, geändert.")
        .replacingOccurrences(of: "formerly: PRIVATE-FORMERLY-umbenannt-7f3a", with: "formerly: OEFFENTLICH-umbenannt"), to: "people/p5.md", in: store)
    try box.write(section("A", order: 3), to: "strategy/a.md", in: store)
    try commit("Dritte Fassung msg3-7f3a@example.org", "2022-03-05T10:00:00+01:00")
    // Uncommitted: new private values in the working tree.
    try box.write(person("arbeit", formerly: "OEFFENTLICH-arbeit"), to: "people/p1.md", in: store)

    let versions = try box.git(["rev-list", "--reverse", "HEAD"], in: store).stdout.split(separator: "\n").map(String.init)
    try #require(versions.count == 4)
    var digests: [String] = []
    for version in versions {
        for path in ["people/p1.md", "people/p2.md", "people/p3.md", "people/p4.md", "people/p5.md", "strategy/a.md", "strategy/b.md"] {
            let blob = try box.git(["rev-parse", "-q", "--verify", "\(version):\(path)"], in: store)
            if blob.status == 0 { digests.append(blob.stdout.trimmingCharacters(in: .whitespacesAndNewlines)) }
        }
    }
    let text = try String(contentsOf: store.appendingPathComponent("people/p1.md"), encoding: .utf8)
    for value in ["PRIVATE-NAME-v1-7f3a", "PRIVATE-STREET-v2-7f3a", "eve-7f3a@example.org", text] {
        let file = box.url("value.txt")
        try Data(value.utf8).write(to: file)
        digests.append(try box.git(["hash-object", file.path], in: store).stdout.trimmingCharacters(in: .whitespacesAndNewlines))
    }
    #expect(digests.count >= 16 && digests.allSatisfy { $0.count == 40 }, "\(digests)")
    return (store, versions, digests)
}

/// Every public output of the fixture: each command line to run.
private func publicCommands(versions: [String]) -> [[String]] {
    var commands: [[String]] = []
    for format in ["markdown", "html", "json", "atom"] {
        for detail in [[], ["--detail"]] {
            for grouping in ["release", "commit"] {
                commands.append(["changelog", "--format", format, "--by", grouping] + detail)
            }
        }
    }
    commands.append(["changelog", "--format", "markdown", "--detail", "--lang", "en", "--from", versions[1]])
    let pairs = [[versions[0], versions[3]], [versions[1], versions[2]], [versions[2], versions[3]], [versions[1], versions[3]],
                 [versions[3], versions[1]], [versions[3]], []]
    for pair in pairs {
        for format in [["--format", "text"], ["--format", "markdown"], ["--format", "html"], ["--format", "json"], ["--stat"], ["--stat", "--format", "json"]] {
            commands.append(["diff", "--public"] + format + pair)
        }
        commands.append(["diff", "--public", "--format", "json"] + pair + ["--", "people/p1"])
    }
    for entry in ["people/p1", "people/p2", "people/p5", "strategy/a"] {
        for format in ["text", "json"] {
            commands.append(["log", "--public", entry, "--fields", "--format", format])
            commands.append(["log", "--public", entry, "--format", format])
        }
    }
    commands.append(["log", "--public"])
    commands.append(["log", "--public", "--format", "json"])
    commands.append(["log", "--public", "--collection", "people", "--at", versions[2]])
    return commands
}

@Suite struct PrivacyTests {
    /// The central check: no planted private value, e-mail address or digest in any public output.
    @Test func noPlantedPrivateValueInAnyPublicOutput() throws {
        let box = try Sandbox()
        let (store, versions, digests) = try privacyStore(box)
        // The planted values are really there: the editors' outputs show them.
        let full = try box.chronik(["diff", versions[0], versions[3]], in: store)
        #expect(full.status == 0 && full.stdout.contains("PRIVATE-STREET-v3-7f3a") && full.stdout.contains("PRIVATE-PATTERN-v3-7f3a")
                && full.stdout.contains("PRIVATE-CROSSREF-v3-7f3a") && full.stdout.contains("PRIVATE-IDREF-v3-7f3a") && full.stdout.contains("body-v3-7f3a@example.org"), "\(full)")
        let editors = try box.chronik(["log", "people/p1", "--fields"], in: store)
        #expect(editors.status == 0 && editors.stdout.contains("PRIVATE-STREET-v2-7f3a"), "\(editors)")

        let commands = publicCommands(versions: versions)
        #expect(commands.count > 80)
        var leaks: [String] = []
        for arguments in commands {
            let result = try box.chronik(arguments, in: store)
            #expect(result.status == 0, "\(arguments): \(result)")
            let output = result.stdout + result.stderr
            if output.contains(plantedMarker) {
                let lines = output.split(separator: "\n").filter { $0.contains(plantedMarker) }.prefix(3)
                leaks.append("\(arguments.joined(separator: " ")): \(lines.joined(separator: " | "))")
            }
            for digest in digests where output.contains(digest) || output.contains(digest.prefix(12)) {
                leaks.append("\(arguments.joined(separator: " ")): digest \(digest)")
            }
        }
        #expect(leaks.isEmpty, "\(leaks.count) leaks:\n\(leaks.joined(separator: "\n"))")

        // The public values still show: the rule hides what is private, not what changed.
        let diff = try box.chronik(["diff", "--public", versions[1], versions[3]], in: store)
        for shown in ["Berlin-v3", "mobil-v3", "offen-v3", "sichtbar-v3", "de-v3", "blau-v3", "gruen-v3", "OEFFENTLICH-v3", "Text [-v1-]{+v3+}", "Schreiben Sie an […]"] {
            #expect(diff.stdout.contains(shown), "\(shown) missing in \(diff.stdout)")
        }
        let changelog = try box.chronik(["changelog", "--by", "commit", "--detail"], in: store)
        // A private title field: the entry is named by its id.
        #expect(changelog.stdout.contains("**p2** (Personen)") && changelog.stdout.contains("OEFFENTLICH-v3"), "\(changelog.stdout)")
        // With --detail, the text of the added and the removed entry (the old version's, addresses redacted).
        #expect(changelog.stdout.contains("Text neu.") && changelog.stdout.contains("Text alt."), "\(changelog.stdout)")
        let log = try box.chronik(["log", "--public", "people/p1", "--fields"], in: store)
        #expect(log.stdout.contains("Dritte Fassung […]") && log.stdout.contains("address › city: Berlin-v2 → Berlin-v3"), "\(log)")
    }

    /// A field private in one version and public in the next: its values from the private versions never show,
    /// neither compared with the public version nor in a changelog group that spans both.
    @Test func valuesWrittenWhileAFieldWasPrivateStayHiddenAfterTheMarkIsDropped() throws {
        let box = try Sandbox()
        let (store, versions, _) = try privacyStore(box)
        for arguments in [["diff", "--public", versions[1], versions[3]], ["diff", "--public", versions[2], versions[3], "--format", "json"],
                          ["changelog", "--by", "release", "--format", "json"], ["changelog", "--from", versions[1], "--format", "markdown"]] {
            let result = try box.chronik(arguments, in: store)
            #expect(result.status == 0 && !result.stdout.contains("PRIVATE-FORMERLY"), "\(arguments): \(result)")
            #expect(result.stdout.contains("OEFFENTLICH-v3"), "\(arguments): the public value shows")
        }
        // Without --public, editors see the old value.
        let editors = try box.chronik(["diff", versions[2], versions[3]], in: store)
        #expect(editors.stdout.contains("PRIVATE-FORMERLY-v2-7f3a"), "\(editors)")
    }

    /// Records and renderings cached by an older chronik (record format 2, renderer revision 1) did not hide nested
    /// values: they must never be served.
    @Test func recordsAndRenderingsCachedBeforeThePrivacyRulesAreNeverRead() throws {
        let box = try Sandbox()
        let (store, _, _) = try privacyStore(box)
        let cache = store.appendingPathComponent(".git/chronik/changelog-cache")
        let first = try box.chronik(["changelog", "--by", "commit", "--format", "markdown"], in: store)
        try #require(first.status == 0 && first.stdout.contains("Berlin-v3"), "\(first)")
        // Plant what an older chronik would have left: every cached value with a public value replaced by a private one.
        var planted = 0
        for folder in try FileManager.default.contentsOfDirectory(atPath: cache.path) {
            let old: String
            if folder.hasPrefix("v"), let dash = folder.firstIndex(of: "-") {
                old = "v2" + folder[dash...]
            } else if folder.hasPrefix("renderings-r") {
                old = "renderings-r1"
            } else {
                continue
            }
            guard old != folder else { continue }
            let source = cache.appendingPathComponent(folder), target = cache.appendingPathComponent(old)
            try FileManager.default.createDirectory(at: target, withIntermediateDirectories: true)
            for name in try FileManager.default.contentsOfDirectory(atPath: source.path) {
                let text = try String(contentsOf: source.appendingPathComponent(name), encoding: .utf8)
                planted += text.components(separatedBy: "Berlin-v3").count - 1
                try text.replacingOccurrences(of: "Berlin-v3", with: "PRIVATE-CACHED-7f3a").write(to: target.appendingPathComponent(name), atomically: true, encoding: .utf8)
            }
            try FileManager.default.removeItem(at: source)
        }
        #expect(planted > 0)
        let second = try box.chronik(["changelog", "--by", "commit", "--format", "markdown"], in: store)
        #expect(second.status == 0 && !second.stdout.contains(plantedMarker) && second.stdout == first.stdout, "\(second)")
    }

    /// An entry whose front matter cannot be read would be diffed as plain text, private fields and all: in public
    /// output its content is not shown, and the reader's message (which can quote a value) is said in general words.
    @Test func anEntryThatCannotBeReadShowsNothingPrivate() throws {
        let box = try Sandbox()
        let (store, _, _) = try privacyStore(box)
        try box.write("---\nname: PRIVATE-BROKEN-7f3a\nrole: x\nrole: PRIVATE-DUPLICATE-7f3a\n---\n# Kaputt\n", to: "people/p1.md", in: store)
        let editors = try box.chronik(["diff"], in: store)
        #expect(editors.stdout.contains("PRIVATE-BROKEN-7f3a"), "\(editors)")
        for format in ["text", "markdown", "html", "json"] {
            let result = try box.chronik(["diff", "--public", "--format", format], in: store)
            #expect(result.status == 0 && !result.stdout.contains(plantedMarker), "\(format): \(result)")
            #expect(result.stdout.contains("not shown in public output"), "\(format): \(result.stdout)")
        }
    }

    /// A plain Git repository has no schemas, so nothing is private, but the e-mail rule holds all the same: in
    /// fields, bodies, headings used as titles and messages.
    @Test func eMailAddressesInAPlainRepositoryAppearInNoPublicOutput() throws {
        let box = try Sandbox()
        let repo = try box.plainRepository()
        try box.write("---\ncontact: feld-7f3a@example.org\n---\n# Fragen an titel-7f3a@example.org\n\nText mit text-7f3a@example.org.\n", to: "notiz.md", in: repo)
        try box.commitAll(repo, "Erste msg-7f3a@example.org")
        try box.write("---\ncontact: neu-7f3a@example.org\n---\n# Fragen an titel-7f3a@example.org\n\nNeuer Text mit neu-7f3a@example.org.\n", to: "notiz.md", in: repo)
        try box.write("# Neu an neu-7f3a@example.org\n", to: "neu.md", in: repo)
        let shown = try box.chronik(["diff"], in: repo)
        #expect(shown.stdout.contains("neu-7f3a@example.org"), "\(shown)")
        func check(_ arguments: [String]) throws {
            let result = try box.chronik(arguments, in: repo)
            #expect(result.status == 0 && !result.stdout.contains(plantedMarker), "\(arguments): \(result)")
            if !arguments.contains("--stat") { #expect(result.stdout.contains("…"), "\(arguments): the addresses are said to be there") }
        }
        // The working tree against HEAD, then the two versions.
        try check(["diff", "--public", "--stat"])
        for format in ["text", "markdown", "html", "json"] { try check(["diff", "--public", "--format", format]) }
        try box.commitAll(repo, "Zweite <msg2-7f3a@example.org>")
        for format in ["text", "markdown", "html", "json"] { try check(["diff", "--public", "HEAD~1", "HEAD", "--format", format]) }
        for format in ["markdown", "html", "json", "atom"] { try check(["changelog", "--format", format, "--by", "commit", "--detail"]) }
    }
}
