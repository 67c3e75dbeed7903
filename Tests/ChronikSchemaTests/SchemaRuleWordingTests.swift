import ChronikSchema
import ChronikStore
import Testing

/// Every finding of the keywords that combine or limit (anyOf, oneOf, contains, items, additional and unevaluated
/// fields, `$ref` loops) carries a rule, so that text output words it in the user's language (issue 16); the English
/// catalog says what the evaluator says, the German one says it in German.
struct SchemaRuleWordingTests {
    private func findings(_ schema: String, _ value: String) throws -> [Finding] {
        try Schema(try JSONParser.parse(schema)).validate(try JSONParser.parse(value))
    }

    private func words(_ finding: Finding) -> (en: String, de: String)? {
        guard let rule = finding.rule else { return nil }
        return (Messages.catalog(.en).schemaRule(rule), Messages.catalog(.de).schemaRule(rule))
    }

    @Test func combiningAndLimitingKeywordsSpeakBothLanguages() throws {
        let cases: [(schema: String, value: String, de: String)] = [
            (#"{"anyOf": [{"type": "string"}, {"minimum": 3}]}"#, "1",
             "muss einer der erlaubten Möglichkeiten entsprechen, aber Möglichkeit 1 scheitert: muss Text sein; gefunden: die Zahl 1; Möglichkeit 2 scheitert: muss mindestens 3 sein; gefunden: 1"),
            (#"{"oneOf": [{"type": "integer"}, {"minimum": 0}]}"#, "2",
             "muss genau einer der Möglichkeiten entsprechen, entspricht aber Möglichkeit 1 und 2"),
            (#"{"contains": {"type": "string"}}"#, "[1, 2]",
             "muss mindestens 1 Element enthalten, die dem Schema unter contains entsprechen; gefunden: 0"),
            (#"{"contains": {"type": "string"}, "maxContains": 1}"#, #"["a", "b"]"#,
             "darf höchstens 1 Element enthalten, die dem Schema unter contains entsprechen; gefunden: 2"),
            (#"{"properties": {"links": {"type": "object", "additionalProperties": false}}}"#, #"{"links": {"web": 1}}"#,
             "das Feld `web` ist hier nicht erlaubt"),
            (#"{"unevaluatedProperties": false}"#, #"{"x": 1}"#, "das Feld `x` ist hier nicht erlaubt"),
            (#"{"prefixItems": [{"type": "string"}], "items": false}"#, #"["a", "b"]"#,
             "an Stelle 2 ist kein Element erlaubt (höchstens 1 Element)"),
            (#"{"unevaluatedItems": false}"#, "[1]", "an Stelle 1 ist kein Element erlaubt"),
        ]
        for item in cases {
            let found = try findings(item.schema, item.value)
            #expect(found.count == 1, "\(item.schema)")
            guard let finding = found.first else { continue }
            let text = words(finding)
            #expect(text != nil, "no rule for \(finding.keyword)")
            #expect(text?.en == finding.message, "\(item.schema)")
            #expect(text?.de == item.de, "\(item.schema)")
        }
    }

    @Test func alternativesWithoutRulesForEveryReasonFallBackToAGeneralSentence() throws {
        // `required` inside an alternative has no rule of its own (it is worded by the gate), so the German sentence
        // names no reasons rather than mixing languages.
        let found = try findings(#"{"anyOf": [{"required": ["a"]}, {"required": ["b"]}]}"#, "{}")
        let text = try #require(found.first.flatMap(words))
        #expect(text.en == found.first?.message)
        #expect(text.de == "muss einer der 2 erlaubten Möglichkeiten entsprechen, entspricht aber keiner")
    }
}
