@testable import ChronikSchema
import ChronikStore
import Foundation
import Testing

/// A cold `validate`'s file record line written from the checked entry itself
/// (`ReferenceCache.fileRecordLine(_:rules:prefixes:stamp:fingerprint:)`), held to the line of the entry's
/// `EntrySummary` (`fileRecordLine(_:valid:entry:stamp:fingerprint:)`, which `save` and the warm run's reader agree
/// with): the same bytes, on seeded entries with texts that need escaping, empty ones, non-ASCII, pointers in, beside
/// and inside the rules' fields, unique values given twice or for fields without a rule, and stamps of any sign.
@Suite("Validation cache: file record lines written from the checked entry")
struct FileRecordLineTests {
    static let pieces = ["a", "g", "-", "1", " ", "\t", "\n", "\r", "\\", "ä", "€", "𝔘", "e\u{301}", "K", "\u{212A}", "~", "/",
                         "see_also", "related", "begriff-"]

    static func text(_ random: inout SplitMix64, upTo length: Int = 5) -> String {
        (0..<Int.random(in: 0...length, using: &random)).map { _ in pieces[Int.random(in: 0..<pieces.count, using: &random)] }.joined()
    }

    /// Mostly plain ids (as stores have), sometimes any text.
    static func name(_ random: inout SplitMix64) -> String {
        Int.random(in: 0..<4, using: &random) == 0 ? text(&random) : "eintrag-\(Int.random(in: 0..<10_000, using: &random))"
    }

    static func number(_ random: inout SplitMix64) -> Int64 {
        switch Int.random(in: 0..<5, using: &random) {
        case 0: return 0
        case 1: return .min
        case 2: return .max
        case 3: return Int64.random(in: -1_000...1_000, using: &random)
        default: return Int64.random(in: .min ... .max, using: &random)
        }
    }

    @Test(arguments: [UInt64(0x5EED_2014_0000_0001), 0x5EED_2014_0000_0002, 0x5EED_2014_0000_0003, 0x5EED_2014_0000_0004])
    func sameBytesAsTheSummarysLine(seed: UInt64) {
        var random = SplitMix64(seed: seed)
        for index in 0..<2_000 {
            let collection = Int.random(in: 0..<8, using: &random) == 0 ? Self.text(&random, upTo: 2) : "glossary"
            var rules = CollectionRules(collection: collection)
            for _ in 0..<Int.random(in: 0...3, using: &random) {
                let field = Int.random(in: 0..<3, using: &random) == 0 ? Self.text(&random, upTo: 2) : ["see_also", "related", "a/b", "t~x"].randomElement(using: &random)!
                rules.references.append(.init(field: field, target: Bool.random(using: &random) ? "glossary" : "faq"))
            }
            for _ in 0..<Int.random(in: 0...2, using: &random) {
                rules.unique.append(Int.random(in: 0..<3, using: &random) == 0 ? Self.text(&random, upTo: 2) : ["term", "code"].randomElement(using: &random)!)
            }
            let prefixes = EntrySummary.referencePrefixes(rules)
            var checked = CheckedEntry(entry: EntryID(collection: collection, id: Self.name(&random)))
            for _ in 0..<Int.random(in: 0...6, using: &random) {
                // A rule's field, an item of it, a field that starts like it, or anything.
                let field = rules.references.isEmpty ? "see_also" : rules.references.randomElement(using: &random)!.field
                let own = "/" + JSONPointer.escapedToken(field)
                let pointer: String
                switch Int.random(in: 0..<4, using: &random) {
                case 0: pointer = own
                case 1: pointer = own + "/" + String(Int.random(in: 0..<12, using: &random))
                case 2: pointer = own + Self.text(&random, upTo: 2)
                default: pointer = "/" + Self.text(&random, upTo: 3)
                }
                checked.references.append(ReferenceUse(pointer: pointer, target: EntryID(collection: "glossary", id: Self.name(&random)),
                                                       line: Int.random(in: 1...40, using: &random), column: 3))
            }
            for _ in 0..<Int.random(in: 0...3, using: &random) {
                let field = rules.unique.isEmpty || Int.random(in: 0..<4, using: &random) == 0 ? Self.text(&random, upTo: 2)
                    : rules.unique.randomElement(using: &random)!
                let key = (Bool.random(using: &random) ? "s" : "n") + Self.text(&random, upTo: 4)
                checked.uniqueValues.append(UniqueValue(field: field, key: key, display: key, line: 2, column: 7))
            }
            let stamp = FileStamp(device: UInt64.random(in: 0...UInt64.max, using: &random) >> UInt64.random(in: 0...63, using: &random),
                                  inode: UInt64.random(in: 0...UInt64.max, using: &random) >> UInt64.random(in: 0...63, using: &random),
                                  size: Self.number(&random), modified: Self.number(&random), changed: Self.number(&random))
            let fingerprint = Int.random(in: 0..<6, using: &random) == 0 ? Self.text(&random, upTo: 3) : "2ac16d5b441941e6"
            let summary = EntrySummary(checked, rules: rules, prefixes: prefixes)
            let reference = ReferenceCache.fileRecordLine(summary, valid: true, entry: checked.entry, stamp: stamp, fingerprint: fingerprint)
            let direct = ReferenceCache.fileRecordLine(checked, rules: rules, prefixes: prefixes, stamp: stamp, fingerprint: fingerprint)
            #expect(direct == reference, "seed \(seed), case \(index): \(String(decoding: direct, as: UTF8.self)) against \(String(decoding: reference, as: UTF8.self))")
        }
    }
}
