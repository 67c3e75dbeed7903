import ChronikSchema
import ChronikStore
import Foundation
import Testing

// Issue 13, point 8: the pattern checks of an instance and of a run share time budgets; a check that cannot be
// decided is a finding, never a pass. The inputs below backtrack for minutes (`^(a|aa)*$` against forty `a` and a
// `b`: about 10^8 paths), so every assertion is about findings, and each budget is set so that the limit it tests
// is the one reached first.

private func json(_ text: String) throws -> JSONValue { try JSONParser.parse(text) }

/// Forty `a` and a `b`: no match, found only after trying every way to split the `a`s.
private let slowText = String(repeating: "a", count: 40) + "b"

/// A list of `count` values that each take minutes to check against `^(a|aa)*$`.
private func slowItems(_ count: Int) -> JSONValue { .array(Array(repeating: .string(slowText), count: count)) }

private func options(perMatch: Double, perInstance: Double) -> SchemaOptions {
    var options = SchemaOptions()
    options.patternTimeLimit = perMatch
    options.patternTimePerInstance = perInstance
    return options
}

@Suite("Pattern checks: budgets per entry and per run")
struct PatternBudgetTests {
    let items = #"{"type": "array", "items": {"type": "string", "pattern": "^(a|aa)*$"}}"#

    @Test func entryBudgetEndsTheChecksOfAnEntryWithOneFinding() throws {
        let schema = try Schema(try json(items), options: options(perMatch: 30, perInstance: 0.2))
        let findings = schema.validate(slowItems(600))
        #expect(findings == [Finding(
            instancePointer: "/0", keyword: "pattern", schemaPointer: "/items/pattern",
            message: "pattern check exceeded its budget: the pattern checks of this entry took more than 0.2 seconds together; "
                + "not checked against the pattern ^(a|aa)*$, and the entry's other pattern checks were skipped")])
        #expect(!schema.isValid(slowItems(600)))
        // A fast value is still checked as before.
        #expect(schema.validate(.array([.string("aaaa")])).isEmpty)
    }

    @Test func perMatchLimitComesFirstWhileTheEntryHasTimeLeft() throws {
        // Matches of 0.05 s each until the entry's 0.2 s are used up: a few values are reported as not checked in
        // time, then one that the entry's budget stopped, and nothing after it.
        let schema = try Schema(try json(items), options: options(perMatch: 0.05, perInstance: 0.2))
        let findings = schema.validate(slowItems(600))
        let timedOut = "could not be checked against the pattern ^(a|aa)*$ within 0.05 seconds"
        #expect((2...5).contains(findings.count), "\(findings)")
        #expect(findings.dropLast().allSatisfy { $0.message == timedOut }, "\(findings)")
        #expect(findings.last?.message.hasPrefix("pattern check exceeded its budget") == true, "\(findings)")
        #expect(findings.map(\.instancePointer) == findings.indices.map { "/\($0)" })
    }

    @Test func runBudgetIsSharedAndSkipsTheChecksOfLaterEntries() throws {
        let schema = try Schema(try json(items), options: options(perMatch: 30, perInstance: 30))
        let run = PatternBudget(seconds: 0.2)
        let skipped = "pattern check skipped: the pattern checks of this run took more than 0.2 seconds together; "
            + "not checked against the pattern ^(a|aa)*$, and the remaining pattern checks of the run were skipped"
        #expect(schema.validate(slowItems(600), budget: run).map(\.message) == [skipped])
        #expect(run.remaining <= 0)
        // The next entry of the run: its first check is not made at all, whatever the value.
        #expect(schema.validate(.array([.string("aa"), .string("b")]), budget: run)
            == [Finding(instancePointer: "/0", keyword: "pattern", schemaPointer: "/items/pattern", message: skipped)])
        // Another run starts afresh.
        #expect(schema.validate(.array([.string("aa"), .string("b")]), budget: PatternBudget(seconds: 1)).map(\.message)
            == ["must match the pattern ^(a|aa)*$; found b"])
    }

    @Test func undecidedCheckInsideNotIsNeverAPass() throws {
        // `not` drops the findings of its subschema: a check stopped there used to count as "no match", so the
        // value passed `not` unchecked.
        for text in [#"{"not": {"pattern": "^(a|aa)*$"}}"#, #"{"anyOf": [{"pattern": "^(a|aa)*$"}, {"type": "number"}]}"#,
                     #"{"if": {"pattern": "^(a|aa)*$"}, "then": true, "else": true}"#] {
            let schema = try Schema(try json(text), options: options(perMatch: 0.05, perInstance: 1))
            let findings = schema.validate(.string(slowText))
            #expect(findings.contains { $0.message == "could not be checked against the pattern ^(a|aa)*$ within 0.05 seconds" },
                    "\(text): \(findings)")
            #expect(!schema.isValid(.string(slowText)), "\(text)")
        }
    }

    @Test func undecidedPropertyNameIsAFinding() throws {
        // A name that cannot be matched in time used to count as not matching, and `additionalProperties: true`
        // then let it through.
        let schema = try Schema(try json(#"{"patternProperties": {"^(a|aa)*$": false}}"#), options: options(perMatch: 0.05, perInstance: 1))
        let findings = schema.validate(.object([slowText: .bool(true)]))
        #expect(findings == [Finding(
            instancePointer: "/" + slowText, keyword: "patternProperties", schemaPointer: "/patternProperties",
            message: "the field name could not be checked against the pattern ^(a|aa)*$ within 0.05 seconds")])
        #expect(!schema.isValid(.object([slowText: .bool(true)])))
        #expect(schema.isValid(.object(["b": .bool(true)])))
    }
}
