import ChronikSchema
import ChronikStore
import Foundation
import Testing

private func json(_ text: String) throws -> JSONValue { try JSONParser.parse(text) }

private func schema(_ text: String, options: SchemaOptions = SchemaOptions()) throws -> Schema {
    try Schema(try json(text), options: options)
}

struct FindingMessageTests {
    @Test func enumMessageNamesTheAllowedValues() throws {
        let s = try schema(#"{"properties": {"status": {"enum": ["geplant", "laufend", "beendet"]}}}"#)
        let findings = s.validate(try json(#"{"status": "erledigt"}"#))
        #expect(findings == [Finding(instancePointer: "/status", keyword: "enum", schemaPointer: "/properties/status/enum",
                                     message: "must be one of geplant, laufend, beendet; found erledigt")])
        #expect(s.isValid(try json(#"{"status": "laufend"}"#)))
    }

    @Test func typeRequiredAndAdditionalProperties() throws {
        let s = try schema(#"""
            {"type": "object", "required": ["title", "id"], "additionalProperties": false,
             "properties": {"title": {"type": "string"}, "id": {"type": "string", "pattern": "^[a-z0-9-]+$"}}}
            """#)
        let findings = s.validate(try json(#"{"title": false, "extra": 1}"#))
        #expect(findings.map(\.message) == [
            "is missing the required field id",
            "must be text; found false",
            "the field extra is not allowed here",
        ])
        #expect(findings.map(\.instancePointer) == ["", "/title", "/extra"])
        #expect(findings.map(\.schemaPointer) == ["/required", "/properties/title/type", "/additionalProperties"])
        #expect(s.validate(try json(#"{"title": "x", "id": "Bad Id"}"#)).map(\.message)
            == ["must match the pattern ^[a-z0-9-]+$; found Bad Id"])
    }

    @Test func schemaPointerFollowsReferences() throws {
        let s = try schema(##"{"properties": {"n": {"$ref": "#/$defs/positive"}}, "$defs": {"positive": {"minimum": 1}}}"##)
        #expect(s.validate(try json(#"{"n": 0}"#)) == [Finding(instancePointer: "/n", keyword: "minimum",
                                                              schemaPointer: "/properties/n/$ref/minimum",
                                                              message: "must be at least 1; found 0")])
    }

    @Test func alternativesExplainEachBranch() throws {
        let s = try schema(#"{"anyOf": [{"type": "string", "format": "date"}, {"type": "null"}]}"#,
                           options: SchemaOptions(formatAssertion: true))
        #expect(s.validate(try json(#""2022-02-30""#)).map(\.message) == [
            "must match one of the allowed alternatives, but alternative 1 fails: must be a valid date (YYYY-MM-DD); found 2022-02-30; alternative 2 fails: must be null; found the text 2022-02-30",
        ])
        #expect(s.isValid(.null))
        #expect(s.isValid(.string("2024-02-29")))
    }

    @Test func formatsAreAnnotationsUnlessAsserted() throws {
        let text = #"{"properties": {"mail": {"format": "email"}, "day": {"format": "date"}, "link": {"format": "uri"}}}"#
        let bad = try json(#"{"mail": "jane@", "day": "2022-02-30", "link": "/relative"}"#)
        #expect(try schema(text).validate(bad).isEmpty)
        let asserted = try schema(text, options: SchemaOptions(formatAssertion: true)).validate(bad)
        #expect(asserted.map(\.message) == [
            "must be a valid e-mail address; found jane@",
            "must be a valid date (YYYY-MM-DD); found 2022-02-30",
            "must be a valid absolute URI (e.g. https://example.org/page); found /relative",
        ])
    }

    @Test func unevaluatedPropertiesSeesThroughApplicators() throws {
        let s = try schema(#"""
            {"allOf": [{"properties": {"a": true}}], "if": {"required": ["b"]}, "then": {"properties": {"b": true}},
             "unevaluatedProperties": false}
            """#)
        #expect(s.isValid(try json(#"{"a": 1, "b": 2}"#)))
        #expect(s.validate(try json(#"{"a": 1, "c": 3}"#)) == [
            Finding(instancePointer: "/c", keyword: "unevaluatedProperties", schemaPointer: "/unevaluatedProperties",
                    message: "the field c is not allowed here"),
        ])
    }

    @Test func lengthsCountCodePointsAndNumbersAreExact() throws {
        let s = try schema(#"{"maxLength": 2}"#)
        #expect(s.isValid(.string("😀😀")))  // 4 UTF-16 units, 2 code points
        #expect(!s.isValid(.string("😀😀😀")))
        let m = try schema(#"{"multipleOf": 0.01}"#)
        #expect(m.isValid(try json("19.99")))
        #expect(!m.isValid(try json("19.999")))
        #expect(try schema(#"{"const": 1}"#).isValid(try json("1.0")))
        #expect(try schema(#"{"uniqueItems": true}"#).validate(try json(#"[{"a": 1, "b": 2}, {"b": 2, "a": 1.0}]"#)).map(\.message)
            == [#"must not contain duplicates; items 1 and 2 are both {"a":1,"b":2}"#])
    }

    @Test func metaSchemaCheckPointsAtTheBrokenKeyword() throws {
        #expect(Schema.checkAgainstMetaSchema(try json(#"{"type": "object", "properties": {"a": {"type": "string"}}}"#)).isEmpty)
        let findings = Schema.checkAgainstMetaSchema(try json(#"{"properties": {"a": {"minLength": -1}}, "required": "a"}"#))
        #expect(Set(findings.map(\.instancePointer)) == ["/properties/a/minLength", "/required"])
        #expect(Schema.checkAgainstMetaSchema(.bool(true)).isEmpty)
        #expect(!Schema.checkAgainstMetaSchema(.number(JSONNumber(3))).isEmpty)
    }
}

struct HostileSchemaTests {
    @Test func referenceCyclesTerminate() throws {
        for text in [
            ##"{"$ref": "#"}"##,
            ##"{"$ref": "#/$defs/a", "$defs": {"a": {"$ref": "#/$defs/b"}, "b": {"$ref": "#/$defs/a"}}}"##,
            ##"{"$dynamicAnchor": "x", "$dynamicRef": "#x"}"##,
        ] {
            let s = try schema(text)
            let findings = s.validate(try json(#"{"a": [1]}"#))
            #expect(findings.map(\.message) == ["the schema refers to itself in a loop without checking any part of the value"], "\(text)")
            #expect(!s.isValid(.null))
        }
        // Recursion that descends into the instance is fine.
        let tree = try schema(##"{"type": "object", "properties": {"children": {"type": "array", "items": {"$ref": "#"}}}}"##)
        #expect(tree.isValid(try json(#"{"children": [{"children": []}, {"children": [{}]}]}"#)))
        #expect(!tree.isValid(try json(#"{"children": [{"children": [1]}]}"#)))
    }

    @Test func deepRecursionThroughTheInstanceIsBounded() throws {
        let s = try schema(##"{"items": {"$ref": "#"}}"##)
        var value = JSONValue.array([])
        for _ in 0..<450 { value = .array([value]) }
        let valid = s.isValid(value)  // about 900 nested evaluations, below the default limit of 1,000
        #expect(valid)
        var options = SchemaOptions()
        options.maxEvaluationDepth = 100
        let bounded = try Schema(try json(##"{"items": {"$ref": "#"}}"##), options: options)
        let messages = bounded.validate(value).map(\.message)
        #expect(messages == ["the schema is nested too deeply to evaluate (more than 100 levels)"])
    }

    @Test func catastrophicPatternsAreRejected() throws {
        for pattern in ["^(a+)+$", "(x*)*", "(x+)*y", "^(\\d+)*$", "(a*b*)*", "(a{2,})+", "((a+))+"] {
            let text = JSONWriter.write(.object(["pattern": .string(pattern)]))
            #expect(throws: SchemaError.invalidPattern(pattern, schemaPointer: "/pattern",
                                                       message: "nested repetition such as (a+)+ can take exponential time; rewrite the pattern without a repeated group that itself repeats"),
                    "\(pattern)") {
                try schema(text)
            }
        }
        // Harmless repetition stays allowed.
        for pattern in ["^(ab)+$", "^[a-z]+(-[a-z]+)*$", "(a|b){2,3}", "^\\d{4}-\\d{2}$", "((ab)*c)+", "^(?:[a-z]+\\.)+[a-z]{2,}$"] {
            let text = JSONWriter.write(.object(["pattern": .string(pattern)]))
            #expect(throws: Never.self, "\(pattern)") { try schema(text) }
        }
    }

    @Test func patternsFinishQuicklyOnAdversarialInput() throws {
        let s = try schema(#"{"pattern": "^a+a+$"}"#)
        let input = JSONValue.string(String(repeating: "a", count: 40) + "!")
        #expect(!s.isValid(input))
        // Exponential alternation that the compile-time check lets through is stopped by the time limit.
        var timed = SchemaOptions()
        timed.patternTimeLimit = 0.05
        let slow = try Schema(try json(#"{"pattern": "^(a|aa)+$"}"#), options: timed)
        #expect(slow.validate(input).map(\.message) == ["could not be checked against the pattern ^(a|aa)+$ within 0.05 seconds"])
        var options = SchemaOptions()
        options.maxPatternInputLength = 10
        let bounded = try Schema(try json(#"{"pattern": "^a+$"}"#), options: options)
        #expect(bounded.validate(input).map(\.message) == ["is too long to check against the pattern ^a+$ (41 characters, limit 10)"])
    }

    @Test func ecmaRegexSemantics() throws {
        let digits = try schema(#"{"pattern": "^\\d+$"}"#)
        #expect(digits.isValid(.string("0123")))
        #expect(!digits.isValid(.string("٣")))  // Arabic-Indic digit: not \d in ECMA-262
        #expect(!digits.isValid(.string("123\n")))  // `$` does not match before a final newline
        #expect(try schema(#"{"pattern": "^\\p{L}+$"}"#).isValid(.string("Straße")))
    }

    @Test func deeplyNestedSchemaIsACleanError() throws {
        var value = JSONValue.object([:])
        for _ in 0..<10_000 { value = .object(["items": value]) }
        #expect(throws: SchemaError.tooDeep(schemaPointer: String(repeating: "/items", count: 200), limit: 200)) {
            try Schema(value)
        }
        let text = String(repeating: "{\"not\":", count: 10_000) + "true" + String(repeating: "}", count: 10_000)
        #expect(throws: JSONParseError.self) { try JSONParser.parse(text) }
    }

    @Test func unknownMetaSchemaAndRemoteReferencesAreErrors() throws {
        #expect(throws: SchemaError.unknownMetaSchema("http://json-schema.org/draft-07/schema#")) {
            try schema(#"{"$schema": "http://json-schema.org/draft-07/schema#"}"#)
        }
        #expect(throws: SchemaError.unresolvedReference("https://example.org/remote.json#/$defs/x", schemaPointer: "/properties/a")) {
            try schema(#"{"properties": {"a": {"$ref": "https://example.org/remote.json#/$defs/x"}}}"#)
        }
        #expect(throws: SchemaError.unresolvedReference("urn:chronik:schema:root#/$defs/missing", schemaPointer: "")) {
            try schema(##"{"$ref": "#/$defs/missing"}"##)
        }
        #expect(throws: SchemaError.invalidKeyword("minLength", schemaPointer: "/minLength", message: "must be a non-negative integer")) {
            try schema(#"{"minLength": "three"}"#)
        }
        #expect(throws: SchemaError.invalidKeyword("schema", schemaPointer: "", message: "a schema must be an object or a boolean")) {
            try schema("12")
        }
    }

    @Test func registeredSchemasResolveWithoutNetwork() throws {
        var registry = SchemaRegistry()
        registry.add(try json(#"{"$id": "https://chronik.example/schemas/common.json", "$defs": {"slug": {"type": "string", "pattern": "^[a-z-]+$"}}}"#),
                     retrievalURI: nil)
        #expect(registry.contains("https://chronik.example/schemas/common.json#/$defs/slug"))
        let s = try Schema(try json(#"{"$id": "https://chronik.example/schemas/entry.json", "properties": {"id": {"$ref": "common.json#/$defs/slug"}}}"#),
                           registry: registry)
        #expect(s.isValid(try json(#"{"id": "abc-def"}"#)))
        #expect(s.validate(try json(#"{"id": "ABC"}"#)).map(\.schemaPointer) == ["/properties/id/$ref/pattern"])
    }

    @Test func compiledSchemasAreSendable() async throws {
        let s = try schema(#"{"type": "integer", "minimum": 0}"#)
        let results = await withTaskGroup(of: Bool.self) { group in
            for i in -50..<50 { group.addTask { s.isValid(.number(JSONNumber(i))) } }
            var valid = 0
            for await ok in group where ok { valid += 1 }
            return valid
        }
        #expect(results == 50)
    }
}
