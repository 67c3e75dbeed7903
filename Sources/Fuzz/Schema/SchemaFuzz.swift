import ChronikSchema
import ChronikStore
import Foundation
import FuzzSupport

/// Fuzz target of the schema compiler and evaluator: the input is a schema and an instance, both JSON, cut at the
/// first NUL byte (without one, the schema is evaluated against itself).
///
/// Parsing, compiling, checking against the meta-schema and evaluating never crash; `validate` finds no reason
/// exactly when `isValid` says valid (unless a
/// pattern match ran out of time, which depends on the load); every finding has a message. Strings longer than 1,000
/// characters are not matched; a match gets a second, and a slower input is a libFuzzer timeout (-timeout=10): a
/// finding of unbounded work.
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
        options.patternTimeLimit = 1
        options.maxPatternInputLength = 1_000
        guard let schema = try? Schema(schemaValue, options: options) else { return }
        let findings = schema.validate(instance)
        let valid = schema.isValid(instance)
        // A match stopped by the time limit depends on the machine's load, so the two runs may differ only then.
        if findings.contains(where: { $0.keyword == "pattern" && $0.message.hasPrefix("could not be checked") }) { return }
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
