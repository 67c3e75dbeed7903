import ChronikStore
import Foundation
import Testing

/// The pieces of issue 16's gate below the command line: merge conflict markers, the table of YAML troubles, and
/// the catalogs' wording of them.
@Suite("gate messages: conflict markers, YAML troubles, catalogs")
struct GateMessagesTests {
    func conflict(_ text: String) -> Int? { ConflictMarkers.line(in: Array(text.utf8)) }

    @Test func conflictMarkers() {
        #expect(conflict("---\nterm: a\n---\n<<<<<<< HEAD\nalt\n=======\nneu\n>>>>>>> b\n") == 4)
        #expect(conflict("<<<<<<< HEAD\n---\n=======\n") == 1)
        #expect(conflict("a\n<<<<<<< ours\nb\n>>>>>>> theirs") == 2)
        // A heading underline, a quote, and markers out of order are not conflicts.
        #expect(conflict("Titel\n=======\n\nText\n") == nil)
        #expect(conflict("> Zitat\n>>>>>>> x\n") == nil)
        #expect(conflict(">>>>>>> a\n<<<<<<< b\n") == nil)
        #expect(conflict("<<<<<<< allein\nText\n") == nil)
        // Markers must start the line and be seven characters.
        #expect(conflict(" <<<<<<< a\n=======\n") == nil)
        #expect(conflict("<<<<<< a\n=======\n") == nil)
        #expect(conflict("") == nil)
    }

    /// The parser's real messages for typical mistakes map to the trouble the explanation is about.
    @Test(arguments: [
        ("term: Open Data: offene Daten\n", YAMLTrouble.colonInValue),
        ("term: Kiez\n\tsynonyms: [a]\n", .tab),
        ("term: \"Kiez\nsynonyms: [a]\n", .unclosedQuote),
        ("term: [Kiez\nsynonyms: x\n", .unclosedBracket),
        ("term: Kiez\n  synonyms: a\n", .colonInValue),
        ("term: Kiez\nsynonyms\nsee_also: a\n", .missingColon),
        ("term: Kiez\n- a\n", .badIndentation),
        ("term: @Kiez\n", .reservedCharacter),
    ])
    func yamlTroubles(_ frontMatter: String, _ expected: YAMLTrouble) throws {
        do {
            _ = try EntryDocument.parse(Data(("---\n" + frontMatter + "---\nText.\n").utf8))
            Issue.record("parsed: \(frontMatter)")
        } catch {
            guard case .malformedYAML(_, _, let message) = error else {
                Issue.record("not a YAML syntax error: \(error)")
                return
            }
            #expect(YAMLTrouble(parserMessage: message) == expected, "\(message)")
        }
    }

    @Test func unknownParserMessagesKeepTheirWords() {
        #expect(YAMLTrouble(parserMessage: "something new") == nil)
        let error = FrontMatterError.malformedYAML(line: 2, column: 1, message: "something new")
        #expect(Messages.catalog(.en).frontMatter(error) == "the front matter is not valid YAML: something new")
        #expect(Messages.catalog(.de).frontMatter(error) == "der Kopfbereich ist kein gültiges YAML: something new")
    }

    @Test func catalogsWordTheGate() {
        let en = Messages.catalog(.en), de = Messages.catalog(.de)
        #expect(en.impossibleDate(value: "2022-02-30", year: 2022, month: 2, days: 28) == "`2022-02-30` is not a date: February 2022 has 28 days")
        #expect(de.impossibleDate(value: "2022-02-30", year: 2022, month: 2, days: 28) == "`2022-02-30` ist kein Datum: der Februar 2022 hat 28 Tage")
        #expect(en.unknownCollection(folder: "event", suggestions: ["events"]) == "\"event\" is not a collection declared in chronik.yml; did you mean events/?")
        #expect(de.unknownCollection(folder: "event", suggestions: ["events"]) == "„event“ ist keine in chronik.yml angelegte Sammlung; meinten Sie events/?")
        #expect(en.field(label: "End", key: "end") == "End (end)")
        #expect(de.field(label: nil, key: "end") == "end")
        #expect(en.listItem(1) == "item 1")
        #expect(de.listItem(1) == "Element 1")
        #expect(en.problemsFound(problems: 1, files: 1, entriesChecked: 1, note: nil) == "1 problem in 1 file (1 entry checked)")
        #expect(de.problemsFound(problems: 2, files: 2, entriesChecked: 5, note: "x") == "2 Probleme in 2 Dateien (5 Einträge geprüft; x)")
    }

    /// A mistyped collection folder names the declared ones it is close to; a folder close to none names none.
    @Test func unknownFolderSuggestions() {
        let collections = ["events", "glossary", "faq"]
        let problem = StoreProblem(file: "event/forum.md", pathProblem: .unknownCollection("event"), collections: collections)
        #expect(problem.detail == .unknownCollection(folder: "event", suggestions: ["events"]))
        #expect(problem.message == "\"event\" is not a collection declared in chronik.yml; did you mean events/?")
        let far = StoreProblem(file: "zeug/x.md", pathProblem: .unknownCollection("zeug"), collections: collections)
        #expect(far.detail == .unknownCollection(folder: "zeug", suggestions: []))
        #expect(far.message == "\"zeug\" is not a collection declared in chronik.yml")
    }
}
