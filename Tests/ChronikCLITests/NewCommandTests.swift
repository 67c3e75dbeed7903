import ChronikStore
import Foundation
import Testing

/// `chronik new`, `init`'s collection folders and the suggestions for names (issue 16; docs/authoring.md).
@Suite("new: entries from the schema, names and suggestions")
struct NewCommandTests {
    static let german = ["CHRONIK_LANG": "de"]
    static let english = ["CHRONIK_LANG": "en"]

    /// Fills every empty required field of a template the way a person would: the first allowed value, a date, a
    /// number no other entry has, some text.
    static func fill(_ text: String, fields: [EntryTemplate.Field]) -> String {
        var lines = text.components(separatedBy: "\n")
        for (index, field) in fields.enumerated() where field.required {
            guard let at = lines.firstIndex(of: "\(field.key):") else { continue }
            let value: String
            if let first = field.allowed.first, case .string(let s) = first.value {
                value = JSONWriter.quote(s)
            } else {
                switch field.kind {
                case .date: value = "2022-03-01"
                case .dateTime: value = "2022-03-01T10:00:00+01:00"
                case .uri: value = "https://example.org/"
                case .integer(let minimum, _): value = String(Int(minimum ?? "0").map { max($0, 2000) } ?? 2000 + index)
                case .number: value = "1.5"
                case .boolean: value = "true"
                default: value = JSONWriter.quote("Ausgefüllt \(field.key)")
                }
            }
            lines[at] = "\(field.key): \(value)"
        }
        return lines.joined(separator: "\n")
    }

    /// The template fields of `collection` as the store at `store` defines them.
    static func fields(_ collection: String, in store: URL) throws -> [EntryTemplate.Field] {
        let config = try StoreConfig.parse(try Data(contentsOf: store.appendingPathComponent("chronik.yml")))
        let collectionConfig = try #require(config.collection(named: collection))
        let schema = try JSONParser.parse(try Data(contentsOf: store.appendingPathComponent(try #require(collectionConfig.schema))))
        return EntryTemplate(collection: collectionConfig, schema: schema, language: config.language).fields
    }

    @Test func newWritesTheTemplateAndListsWhatIsMissingInBothLanguages() throws {
        let box = try Sandbox()
        let store = try box.makeStore()
        let de = try box.chronik(["new", "events", "--title", "Ambitionen zur Kommentierung"], in: store, extraEnvironment: Self.german)
        #expect(de.status == 0, "\(de)")
        #expect(de.stderr.isEmpty)
        // The findings are validate's, in validate's words (labels and keys, allowed values) and the messages' language.
        #expect(de.stdout == """
            angelegt: events/ambitionen-zur-kommentierung.md
            events/ambitionen-zur-kommentierung.md:8:8: Format (format): `null` ist keiner der erlaubten Werte: Online-Beteiligung, Workshop, Forum, Sitzung, Veranstaltung
            events/ambitionen-zur-kommentierung.md:8:8: Format (format): muss Text sein; gefunden: kein Wert
            events/ambitionen-zur-kommentierung.md:11:7: Beginn (start): muss Text sein; gefunden: kein Wert
            events/ambitionen-zur-kommentierung.md:14:5: Ende (end): muss Text sein; gefunden: kein Wert
            events/ambitionen-zur-kommentierung.md:17:8: Status (status): `null` ist keiner der erlaubten Werte: geplant, laufend, beendet
            events/ambitionen-zur-kommentierung.md:17:8: Status (status): muss Text sein; gefunden: kein Wert
            6 Probleme (oben): Felder ausfüllen, dann `chronik validate` aufrufen

            """, "\(de)")
        let file = try String(contentsOf: store.appendingPathComponent("events/ambitionen-zur-kommentierung.md"), encoding: .utf8)
        try assertSnapshot(file, named: "new-events.de.md")

        let enStore = box.url("english")
        let created = try box.chronik(["init", enStore.path, "--language", "en", "--author", Fixture.author, "--date", Fixture.date])
        try #require(created.status == 0, "\(created)")
        let en = try box.chronik(["new", "events", "--title", "Ambitions open for comment"], in: enStore, extraEnvironment: Self.english)
        #expect(en.status == 0, "\(en)")
        #expect(en.stdout.hasPrefix("created events/ambitions-open-for-comment.md\n"), "\(en)")
        #expect(en.stdout.hasSuffix(" problems (above): fill in the fields, then run `chronik validate`\n"), "\(en)")
        let enFile = try String(contentsOf: enStore.appendingPathComponent("events/ambitions-open-for-comment.md"), encoding: .utf8)
        try assertSnapshot(enFile, named: "new-events.en.md")
    }

    /// For every collection of the Berlin sample: the new entry, its required fields filled in, passes `chronik
    /// validate` and the commit gate.
    @Test func everySampleCollectionsNewEntryIsValidOnceTheRequiredFieldsAreFilled() throws {
        let box = try Sandbox()
        let store = box.url("berlin")
        let sample = try box.chronik(["init", "--sample", "berlin", store.path])
        try #require(sample.status == 0, "\(sample)")
        let config = try StoreConfig.parse(try Data(contentsOf: store.appendingPathComponent("chronik.yml")))
        #expect(config.collections.count == 7)
        for collection in config.collections.map(\.name) {
            let made = try box.chronik(["new", collection, "--title", "Neuer Eintrag für \(collection)", "--no-edit"], in: store)
            #expect(made.status == 0, "\(collection): \(made)")
            let path = "\(collection)/neuer-eintrag-fuer-\(collection.replacingOccurrences(of: "_", with: "-")).md"
            let url = store.appendingPathComponent(path)
            let fields = try Self.fields(collection, in: store)
            let missing = fields.filter { $0.required && $0.key != config.collection(named: collection)?.titleField }
            // Every required field but the title is reported as a problem.
            for field in missing { #expect(made.stdout.contains("\(path):"), "\(collection).\(field.key)") }
            let before = try box.chronik(["validate", "\(collection)/\(url.deletingPathExtension().lastPathComponent)"], in: store)
            #expect(before.status == (missing.isEmpty ? 0 : 1), "\(collection): \(before)")
            let text = try String(contentsOf: url, encoding: .utf8)
            try Self.fill(text, fields: fields).write(to: url, atomically: true, encoding: .utf8)
        }
        let valid = try box.chronik(["validate"], in: store)
        #expect(valid.status == 0, "\(valid)")
        try box.commit(store, "Neue Einträge aus den Vorlagen")
    }

    @Test func aFakeEditorFillsTheEntryAndTheCheckSaysItIsValid() throws {
        let box = try Sandbox()
        let store = try box.makeStore()
        let editor = box.url("fake-editor.sh")
        try writeExecutable("""
            #!/bin/sh
            sed -i -e 's/^format:$/format: Forum/' -e 's/^start:$/start: 2022-03-01/' -e 's/^end:$/end: 2022-03-02/' \
                -e 's/^status:$/status: geplant/' "$1"
            """, to: editor)
        let result = try box.chronik(["new", "events", "--title", "Forum"], in: store,
                                     extraEnvironment: Self.german.merging(["CHRONIK_EDITOR": editor.path]) { $1 })
        #expect(result.status == 0, "\(result)")
        #expect(result.stdout == "angelegt: events/forum.md\nder Eintrag ist gültig; mit `chronik commit -m NACHRICHT` als Version festhalten\n")
        // --no-edit wins over CHRONIK_EDITOR.
        let skipped = try box.chronik(["new", "events", "--title", "Forum zwei", "--no-edit"], in: store,
                                      extraEnvironment: Self.english.merging(["CHRONIK_EDITOR": editor.path]) { $1 })
        #expect(skipped.stdout.hasPrefix("created events/forum-zwei.md\n"), "\(skipped)")
        #expect(skipped.stdout.hasSuffix(" problems (above): fill in the fields, then run `chronik validate`\n"), "\(skipped)")
        // The filled entry is committed; the unfilled one is taken back (the commit gate would refuse it).
        try FileManager.default.removeItem(at: store.appendingPathComponent("events/forum-zwei.md"))
        try box.commit(store, "Forum")
    }

    @Test func aFailingEditorIsAnErrorAndTheFileIsKept() throws {
        let box = try Sandbox()
        let store = try box.makeStore()
        for (environment, expected) in [
            (Self.german, "chronik: error: der Editor „false“ endete mit Status 1; der Eintrag bleibt in glossary/reallabor.md\n"),
            (Self.english, "chronik: error: the editor \"false\" ended with status 1; the entry is kept in glossary/reallabor-2.md\n"),
        ] {
            let id = environment == Self.german ? "reallabor" : "reallabor-2"
            let result = try box.chronik(["new", "glossary", id, "--title", "Reallabor"], in: store,
                                         extraEnvironment: environment.merging(["CHRONIK_EDITOR": "false"]) { $1 })
            #expect(result.status == 1, "\(result)")
            #expect(result.stderr == expected)
            #expect(FileManager.default.fileExists(atPath: store.appendingPathComponent("glossary/\(id).md").path))
        }
    }

    @Test func aCollisionIsRefusedWithTheNextFreeId() throws {
        let box = try Sandbox()
        let store = try box.makeStore()
        #expect(try box.chronik(["new", "events", "--title", "Forum", "--no-edit"], in: store).status == 0)
        let before = try Data(contentsOf: store.appendingPathComponent("events/forum.md"))
        try box.write("x", to: "events/forum-2.md", in: store)
        let de = try box.chronik(["new", "events", "--title", "Forum", "--no-edit"], in: store, extraEnvironment: Self.german)
        #expect(de.status == 1 && de.stdout.isEmpty)
        #expect(de.stderr == "chronik: error: events/forum.md gibt es schon; wählen Sie eine andere Id, etwa „forum-3“\n")
        let en = try box.chronik(["new", "events", "forum", "--no-edit"], in: store, extraEnvironment: Self.english)
        #expect(en.stderr == "chronik: error: events/forum.md exists already; choose another id, e.g. \"forum-3\"\n")
        #expect(try Data(contentsOf: store.appendingPathComponent("events/forum.md")) == before)
        try FileManager.default.removeItem(at: store.appendingPathComponent("events/forum-2.md"))
    }

    @Test func badNamesGetAValidFormAndNothingIsWritten() throws {
        let box = try Sandbox()
        let store = try box.makeStore()
        let cases: [([String], [String: String], Int32, String)] = [
            (["new", "eventz", "--title", "X"], Self.german, 1,
             "chronik: error: „eventz“ ist keine Sammlung dieses Speichers (Sammlungen: actors, results, library, glossary, faq, events, strategy)\nhint: meinten Sie „events“?\n"),
            (["new", "eventz", "--title", "X"], Self.english, 1,
             "chronik: error: \"eventz\" is not a collection of this store (collections: actors, results, library, glossary, faq, events, strategy)\nhint: did you mean \"events\"?\n"),
            (["new", "glossary", "Übersicht"], Self.german, 1,
             "chronik: error: „Übersicht“ ist keine gültige Id (Kleinbuchstaben a-z, Ziffern und -, höchstens 100 Zeichen, nicht mit - am Anfang); versuchen Sie „uebersicht“\n"),
            (["new", "glossary", "Übersicht"], Self.english, 1,
             "chronik: error: \"Übersicht\" is not a valid id (lowercase letters a-z, digits and -, at most 100 characters, not starting with -); try \"uebersicht\"\n"),
            (["new", "glossary"], Self.english, 2,
             "chronik: error: give the new entry's id, or a title to derive it from: chronik new COLLECTION ID, or chronik new COLLECTION --title TEXT\n"),
            (["new", "glossary", "--title", "東京"], Self.german, 1,
             "chronik: error: aus dem Titel „東京“ lässt sich keine Id bilden (er hat keine Buchstaben a-z oder Ziffern); geben Sie die Id an: chronik new SAMMLUNG ID --title TEXT\n"),
            (["release", "Entwurf 2"], Self.german, 2,
             "chronik: error: „Entwurf 2“ ist kein gültiger Release-Name (keine Leerzeichen, keines von ~ ^ : ? * [ \\, kein .., nicht mit - am Anfang oder . oder / am Ende); versuchen Sie „entwurf-2“\n"),
            (["release", "Entwurf 2"], Self.english, 2,
             "chronik: error: \"Entwurf 2\" is not a valid release name (no spaces, none of ~ ^ : ? * [ \\, no .., not starting with - nor ending with . or /); try \"entwurf-2\"\n"),
            (["stauts"], Self.german, 2, "chronik: error: „stauts“ ist kein chronik-Befehl\nhint: meinten Sie „status“?\n"),
            (["stauts"], Self.english, 2, "chronik: error: \"stauts\" is not a chronik command\nhint: did you mean \"status\"?\n"),
            (["frobnicate"], Self.english, 2, "chronik: error: \"frobnicate\" is not a chronik command\nhint: `chronik --help` lists the commands\n"),
            (["mv", "glossary/nichts", "glossary/Neu"], Self.english, 1,
             "chronik: error: \"Neu\" is not a valid id (lowercase letters a-z, digits and -, at most 100 characters, not starting with -); try \"neu\"\n"),
        ]
        let status = try box.git(["status", "--porcelain", "--untracked-files=all"], in: store).stdout
        for (arguments, environment, code, expected) in cases {
            let result = try box.chronik(arguments, in: store, extraEnvironment: environment)
            #expect(result.status == code, "\(arguments): \(result)")
            #expect(result.stderr == expected, "\(arguments)")
            #expect(result.stdout.isEmpty, "\(arguments)")
        }
        #expect(try box.git(["status", "--porcelain", "--untracked-files=all"], in: store).stdout == status)
        #expect(try box.git(["tag"], in: store).stdout.isEmpty)
    }

    @Test func lookupsSuggestCollectionsIdsAndRevisions() throws {
        let box = try Sandbox()
        let store = try box.makeStore()
        #expect(try box.chronik(["new", "glossary", "--title", "Reallabor", "--no-edit"], in: store).status == 0)
        try box.write("---\nterm: Reallabor\n---\nText.\n", to: "glossary/reallabor.md", in: store)
        try box.commit(store, "Reallabor")
        #expect(try box.chronik(["release", "ambitionen", "--author", Fixture.author, "--date", Fixture.date], in: store).status == 0)
        let cases: [([String], [String: String], String)] = [
            (["show", "glosary/reallabor"], Self.german,
             "chronik: error: kein Eintrag „glosary/reallabor“: „glosary“ ist keine Sammlung\nhint: meinten Sie „glossary“?\n"),
            (["show", "glosary/reallabor"], Self.english,
             "chronik: error: no entry \"glosary/reallabor\": \"glosary\" is not a collection\nhint: did you mean \"glossary\"?\n"),
            (["show", "glossary/realabor", "--at", "ambitionen"], Self.german,
             "chronik: error: kein Eintrag „glossary/realabor“ in ambitionen\nhint: meinten Sie „reallabor“?\n"),
            (["show", "realabor", "--at", "ambitionen"], Self.english,
             "chronik: error: no entry \"realabor\" at ambitionen\nhint: did you mean \"reallabor\"?\n"),
            (["show", "glossary/Reallabor"], Self.english,
             "chronik: error: \"Reallabor\" is not a valid id (lowercase letters a-z, digits and -, at most 100 characters, not starting with -); try \"reallabor\"\n"),
            (["show", "reallabor", "--at", "ambitionn"], Self.german,
             "chronik: error: unbekannte Revision „ambitionn“: kein Release, Zweig oder Version dieses Namens und kein Datum\nhint: meinten Sie „ambitionen“?\n"),
            (["show", "reallabor", "--at", "ambitionn"], Self.english,
             "chronik: error: unknown revision \"ambitionn\": no release, branch or version of that name, and no date\nhint: did you mean \"ambitionen\"?\n"),
            (["mv", "glossary/reallabor", "glossary/Real Labor"], Self.german,
             "chronik: error: „Real Labor“ ist keine gültige Id (Kleinbuchstaben a-z, Ziffern und -, höchstens 100 Zeichen, nicht mit - am Anfang); versuchen Sie „real-labor“\n"),
            (["mv", "glossary/reallabor", "glosary/reallabor"], Self.english,
             "chronik: error: \"glosary\" is not a collection of this store (collections: actors, results, library, glossary, faq, events, strategy)\nhint: did you mean \"glossary\"?\n"),
            (["mv", "glossary/reallabor", "labor"], Self.german,
             "chronik: error: der neue Name muss Sammlung/Id sein, etwa glossary/labor\n"),
        ]
        for (arguments, environment, expected) in cases {
            let result = try box.chronik(arguments, in: store, extraEnvironment: environment)
            #expect(result.status != 0, "\(arguments): \(result)")
            #expect(result.stderr == expected, "\(arguments): \(result)")
        }
    }

    @Test func initCreatesTheCollectionFolders() throws {
        let box = try Sandbox()
        let dir = box.url("neu")
        let result = try box.chronik(["init", dir.path, "--author", Fixture.author, "--date", Fixture.date], extraEnvironment: Self.german)
        #expect(result.status == 0, "\(result)")
        #expect(result.stdout.hasPrefix("Chronik-Speicher angelegt in \(dir.path) (Version "))
        #expect(result.stdout.hasSuffix(", Zweig main), mit einem Ordner je Sammlung: actors, results, library, glossary, faq, events, strategy\n"))
        for name in ["actors", "results", "library", "glossary", "faq", "events", "strategy"] {
            var isDirectory: ObjCBool = false
            #expect(FileManager.default.fileExists(atPath: dir.appendingPathComponent(name).path, isDirectory: &isDirectory) && isDirectory.boolValue, "\(name)")
        }
        // Empty folders are nothing to Git: the store is clean, and an entry can be saved straight into one.
        #expect(try box.chronik(["status"], in: dir).status == 0)
        #expect(try box.git(["status", "--porcelain", "--untracked-files=all"], in: dir).stdout.isEmpty)
    }

    /// A repository freshly cloned with only a README and a .gitignore is adopted as a new store, committed at once:
    /// the default collections and schemas, and a folder for each collection.
    @Test func initAdoptsAFreshCloneWithOnlyAReadme() throws {
        let box = try Sandbox()
        let repo = box.url("geklont")
        #expect(try box.git(["init", "-q", "-b", "main", repo.path], in: box.root).status == 0)
        try box.write("# Wissensspeicher\n", to: "README.md", in: repo)
        try box.write(".DS_Store\n", to: ".gitignore", in: repo)
        #expect(try box.git(["add", "-A"], in: repo).status == 0)
        #expect(try box.git(["commit", "-q", "-m", "Initial commit"], in: repo).status == 0)

        let adopted = try box.chronik(["init", "--commit", "--author", Fixture.author, "--date", Fixture.date], in: repo)
        #expect(adopted.status == 0 && adopted.stderr.isEmpty, "\(adopted)")
        let config = try StoreConfig.parse(try Data(contentsOf: repo.appendingPathComponent("chronik.yml")))
        #expect(config.collections.map(\.name) == ["actors", "results", "library", "glossary", "faq", "events", "strategy"])
        for name in config.collections.map(\.name) {
            var isDirectory: ObjCBool = false
            #expect(FileManager.default.fileExists(atPath: repo.appendingPathComponent(name).path, isDirectory: &isDirectory) && isDirectory.boolValue, "\(name)")
        }
        let made = try box.chronik(["new", "faq", "--title", "Wer entscheidet?", "--no-edit"], in: repo)
        #expect(made.status == 0, "\(made)")
        #expect(FileManager.default.fileExists(atPath: repo.appendingPathComponent("faq/wer-entscheidet.md").path))
    }

    /// A fresh clone with a LICENSE, a CONTRIBUTING and a workflow beside the README is adopted quietly (issue 16): the
    /// files a hosted repository starts with are kept and named, nothing is warned about, and the store then
    /// validates and commits with them.
    @Test func initAdoptsACloneWithALicenseQuietlyAndKeepsIt() throws {
        let box = try Sandbox()
        let repo = box.url("mit-lizenz")
        #expect(try box.git(["init", "-q", "-b", "main", repo.path], in: box.root).status == 0)
        try box.write("# Wissensspeicher\n", to: "README.md", in: repo)
        try box.write("CC0\n", to: "LICENSE", in: repo)
        try box.write("Beiträge willkommen.\n", to: "CONTRIBUTING.md", in: repo)
        try box.write("on: push\n", to: ".github/workflows/ci.yml", in: repo)
        #expect(try box.git(["add", "-A"], in: repo).status == 0)
        #expect(try box.git(["commit", "-q", "-m", "Initial commit"], in: repo).status == 0)
        let adopted = try box.chronik(["init"], in: repo)
        #expect(adopted.status == 0 && adopted.stderr.isEmpty, "\(adopted)")
        #expect(adopted.stdout.contains("\nKept the repository's own files: .github/workflows/ci.yml, CONTRIBUTING.md, LICENSE, README.md\n"), "\(adopted)")
        var isDirectory: ObjCBool = false
        #expect(FileManager.default.fileExists(atPath: repo.appendingPathComponent("events").path, isDirectory: &isDirectory) && isDirectory.boolValue)
        let validate = try box.chronik(["validate"], in: repo)
        #expect(validate.status == 0, "\(validate)")
        let commit = try box.chronik(["commit", "-m", "Speicher", "--author", Fixture.author, "--date", Fixture.date], in: repo)
        #expect(commit.status == 0, "\(commit)")
        #expect(try box.git(["ls-files", "LICENSE", ".github"], in: repo).stdout == ".github/workflows/ci.yml\nLICENSE\n")
    }

    /// A repository with other files and no folder of Markdown entries is refused in the user's language, and nothing
    /// is written (the store would refuse to commit those files).
    @Test func initRefusesACloneWithOtherFiles() throws {
        let box = try Sandbox()
        let repo = box.url("code")
        #expect(try box.git(["init", "-q", "-b", "main", repo.path], in: box.root).status == 0)
        try box.write("# Werkzeug\n", to: "README.md", in: repo)
        try box.write("print(1)\n", to: "main.py", in: repo)
        #expect(try box.git(["add", "-A"], in: repo).status == 0)
        #expect(try box.git(["commit", "-q", "-m", "Initial commit"], in: repo).status == 0)
        let before = try box.state(of: repo)
        for (lang, expected) in [
            ("en", "chronik: error: \(repo.path) holds files a chronik store cannot keep and no folder of Markdown entries to adopt: main.py; nothing was written\n"),
            ("de", "chronik: error: \(repo.path) enthält Dateien, die ein chronik-Speicher nicht aufnehmen kann, und keinen Ordner mit Markdown-Einträgen zum Übernehmen: main.py; nichts wurde geschrieben\n"),
        ] {
            let refused = try box.chronik(["init", "--lang", lang], in: repo)
            #expect(refused.status == 1 && refused.stdout.isEmpty && refused.stderr.hasPrefix(expected), "\(refused)")
            #expect(try box.state(of: repo) == before)
        }
    }
}
