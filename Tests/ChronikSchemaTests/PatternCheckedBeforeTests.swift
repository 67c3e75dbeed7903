import ChronikSchema
import ChronikStore
import Foundation
import Testing

/// Patterns of schemas compiled before (a set the validation cache vouches for) are compiled by ICU on their first
/// match (`SchemaOptions.patternsCheckedBefore`): every finding stays what compiling them at once gives.
@Suite struct PatternCheckedBeforeTests {
    private func schema(_ pattern: String, checkedBefore: Bool) throws -> Schema {
        var options = SchemaOptions(formatAssertion: true)
        options.patternsCheckedBefore = checkedBefore
        let text = JSONWriter.write(.object([
            "properties": .object(["slug": .object(["type": .string("string"), "pattern": .string(pattern)])]),
            "patternProperties": .object([pattern: .object(["type": .string("number")])]),
        ]))
        return try Schema(try JSONParser.parse(text), options: options)
    }

    @Test(arguments: [11, 12, 13] as [UInt64])
    func findingsAreTheSameAsWithPatternsCompiledAtOnce(seed: UInt64) throws {
        var random = SplitMix64(seed: seed)
        let patterns = ["^[a-z0-9][a-z0-9-]{0,99}$", "\\d{4}-\\d{2}", "^\\w+$", "^(?:[a-z]+\\.)+[a-z]{2,}$", "ä|ö", "^\\s*$"]
        let alphabet = Array("ab-9Z_. äö\n0")
        for pattern in patterns {
            let atOnce = try schema(pattern, checkedBefore: false)
            let later = try schema(pattern, checkedBefore: true)
            for _ in 0..<40 {
                let text = String((0..<Int(random.next() % 12)).map { _ in alphabet[Int(random.next() % UInt64(alphabet.count))] })
                let instance = JSONValue.object(["slug": .string(text), text: .string("x")])
                #expect(later.validate(instance) == atOnce.validate(instance), "seed \(seed), \(pattern), \(text.debugDescription)")
            }
        }
    }

    /// A pattern that can no longer be compiled (it never is one a vouched set holds) decides nothing: a finding,
    /// never a pass.
    @Test func aPatternThatDoesNotCompileIsNeverAPass() throws {
        let later = try schema("^(a+)+$", checkedBefore: true)
        #expect(!later.validate(.object(["slug": .string("aaa")])).isEmpty)
        #expect(throws: SchemaError.self) { try schema("^(a+)+$", checkedBefore: false) }
    }
}
