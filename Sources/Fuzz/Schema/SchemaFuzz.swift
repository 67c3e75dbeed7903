import ChronikSchema
import ChronikStore
import Foundation
import FuzzSupport

/// Fuzz target of the schema compiler and evaluator: the input is a schema and an instance, both JSON, cut at the
/// first NUL byte (without one, the schema is evaluated against itself).
///
/// Parsing, compiling, checking against the meta-schema and evaluating never crash; `validate` finds no reason
/// exactly when `isValid` says valid; every finding has a message. The pattern budget is small so that a
/// catastrophic regular expression costs milliseconds, not the fuzzing run.
public enum SchemaFuzz {
    public static func check(_ input: [UInt8]) throws(FuzzFailure) {
        let (first, second) = splitAtNUL(input)
        guard let schemaValue = try? JSONParser.parse(Data(first)) else { return }
        let instance: JSONValue
        if let second {
            guard let value = try? JSONParser.parse(Data(second)) else { return }
            instance = value
        } else {
            instance = schemaValue
        }
        _ = Schema.checkAgainstMetaSchema(schemaValue)
        var options = SchemaOptions(formatAssertion: true)
        options.patternTimeLimit = 0.01
        options.maxPatternInputLength = 1_000
        guard let schema = try? Schema(schemaValue, options: options) else { return }
        let findings = schema.validate(instance)
        let valid = schema.isValid(instance)
        try require(findings.isEmpty == valid,
                    "isValid says \(valid) but validate found \(findings.count) reasons: \(findings.map(\.message))")
        for finding in findings {
            try require(!finding.message.isEmpty, "a finding without a message: \(finding)")
        }
    }
}

/// The libFuzzer callback (see scripts/fuzz.sh).
public func fuzzSchema(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    runFuzzInput(data, size, SchemaFuzz.check)
}
