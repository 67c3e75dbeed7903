@testable import ChronikSchema
import ChronikStore
import Foundation
import OrderedCollections
import Testing

/// `EntryCheck` asks the quick verdict by its unretained parts (`CollectionRef.quickRoot`, options and budget) and
/// the schema's `validate` only for an entry it does not find valid; the reference is `Schema.findings` for every
/// entry (`CollectionRef(quick: false)`). Seeded entries of the sample's collections, valid and not (fields left
/// out, emptied, of another type, unknown, values from `QuickVerdictTests.value`), with and without a pattern budget
/// left: the same problems, references and unique values either way.
@Suite("Entry check's quick verdict against Schema.findings")
struct EntryCheckQuickTests {
    @Test(arguments: [UInt64(1), 7, 19])
    func sameProblemsAsFindings(seed: UInt64) throws {
        let version = try sampleVersion([:])
        let schemas = StoreSchemas.load(config: version.config, read: version.readFile)
        var random = SplitMix64(seed: seed)
        let starts: [String: OrderedDictionary<String, JSONValue>] = [
            "actors": ["name": .string("Arbeitsgruppe"), "kind": .string("Team"), "role": .string("Gemeinsam"), "website": .string("https://daten.berlin.de/a")],
            "events": ["title": .string("T"), "format": .string("Online-Beteiligung"), "start": .string("2022-03-19"), "end": .string("2022-04-11"), "status": .string("beendet")],
            "glossary": ["term": .string("Arbeitbericht"), "see_also": .array([.string("beteiligungwende-2252"), .string("lernatlas-2376")])],
            "strategy": ["title": .string("S"), "part": .string("Umsetzung"), "order": .number(JSONNumber(245))],
            "results": ["title": .string("R"), "phase": .string("Vision"), "date": .string("2021-11-16"), "status": .string("Entwurf"),
                        "related": .array([.string("offene-laermmanagement-507")]), "links": .array([.string("https://www.berlin.de/x")])],
        ]
        var compared = 0
        var invalid = 0
        var withReferences = 0
        for (name, start) in starts.sorted(by: { $0.key < $1.key }) {
            guard let loaded = schemas.collections[name] else { continue }
            var spent = loaded
            spent.patternBudget = PatternBudget(seconds: 0)
            for variant in [loaded, spent] {
                let quick = EntryCheck.CollectionRef(variant)
                let reference = EntryCheck.CollectionRef(variant, quick: false)
                for index in 0..<150 {
                    var fields = start
                    for _ in 0..<Int(random.next() % 3) {
                        let keys = Array(fields.keys) + ["unbekannt"]
                        let key = keys[Int(random.next() % UInt64(keys.count))]
                        switch random.next() % 4 {
                        case 0: fields[key] = nil
                        case 1: fields[key] = .string("")
                        default: fields[key] = QuickVerdictTests.value(&random)
                        }
                    }
                    let bytes = [UInt8](EntryDocument(fields: fields, body: "Text.\n").serialized())
                    let id = EntryID(collection: name, id: "e-\(index)")
                    let a = EntryCheck.check(id, bytes: bytes, collection: quick, limits: FrontMatterLimits())
                    let b = EntryCheck.check(id, bytes: bytes, collection: reference, limits: FrontMatterLimits())
                    #expect(a.problems.map(\.description) == b.problems.map(\.description), "seed \(seed), \(name) \(index): \(fields)")
                    #expect(a.problems.map(\.detail) == b.problems.map(\.detail), "seed \(seed), \(name) \(index)")
                    #expect(a.references == b.references && a.uniqueValues == b.uniqueValues, "seed \(seed), \(name) \(index)")
                    // The references as `referencedIDs` finds them, field by field (what `check` appends directly).
                    if let parsed = try? EntryDocument.parseFieldsLocated(bytes), a.problems.allSatisfy({ $0.keyword != nil }) {
                        let expected = variant.rules.references.flatMap { rule in
                            EntryCheck.referencedIDs(parsed.fields[rule.field], pointer: "/" + JSONPointer.escape(rule.field))
                                .map { "\($0.0) \(rule.target)/\($0.1)" }
                        }
                        #expect(a.references.map { "\($0.pointer) \($0.target.collection)/\($0.target.id)" } == expected, "seed \(seed), \(name) \(index)")
                        if !expected.isEmpty { withReferences += 1 }
                    }
                    compared += 1
                    if !b.problems.isEmpty { invalid += 1 }
                }
            }
        }
        #expect(compared == 1_500 && invalid > 200 && invalid < 1_300, "\(invalid) of \(compared) invalid")
        #expect(withReferences > 200, "\(withReferences) with references")
    }
}
