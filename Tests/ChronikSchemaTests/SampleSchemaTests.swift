import ChronikSchema
import ChronikStore
import Foundation
import Testing

@Suite("Sample schemas and the Berlin sample")
struct SampleSchemaTests {
    let validator = StoreValidator()

    /// Per collection: a good entry and typical mistakes, each with the field it is reported on.
    static let cases: [(collection: String, good: String, mistakes: [(fields: String, field: String?, keyword: String)])] = [
        ("actors", "name: Team\nkind: Team\nrole: Koordiniert.\nwebsite: https://example.org/\ncontact: team@example.org\nsince: 2021-05-01",
         [("name: Team\nkind: Verein\nrole: R", "/kind", "enum"),
          ("name: Team\nkind: Team", nil, "required"),
          ("name: Team\nkind: Team\nrole: R\nwebsite: example.org", "/website", "format")]),
        ("results", "title: R\nphase: Ambitionen\ndate: 2022-03-01\nstatus: veröffentlicht\nlinks: [https://example.org/r]",
         [("title: R\nphase: Ambition\ndate: 2022-03-01\nstatus: Entwurf", "/phase", "enum"),
          ("title: R\nphase: Ambitionen\ndate: 1.3.2022\nstatus: Entwurf", "/date", "format"),
          ("title: R\nphase: Ambitionen\ndate: 2022-03-01\nstatus: Entwurf\nlinks: [https://a.example/, https://a.example/]", "/links", "uniqueItems")]),
        ("library", "title: L\npublisher: Verlag\nyear: 2020\nurl: https://example.org/l",
         [("title: L\npublisher: Verlag\nyear: '2020'", "/year", "type"),
          ("title: L\npublisher: Verlag\nyear: 1850", "/year", "minimum"),
          ("title: L\nyear: 2020", nil, "required")]),
        ("glossary", "term: Begriff\nsynonyms: [Wort]",
         [("term: ''", "/term", "minLength"), ("term: T\nsynonym: [x]", "/synonym", "additionalProperties")]),
        ("faq", "question: Wie?\ncategory: Gemeinsam Digital",
         [("question: Wie?\ncategory: Sonstiges", "/category", "enum"), ("question: Wie?\ncategory: Prozess\nrelated: 5", "/related", "type")]),
        ("events", "title: E\nformat: Workshop\nstart: 2022-03-01\nend: 2022-03-01\nstatus: geplant",
         [("title: E\nformat: Workshop\nstart: 2022-03-01\nstatus: geplant", nil, "required"),
          ("title: E\nformat: Workshop\nstart: 2022-03-01\nend: 2022-13-01\nstatus: geplant", "/end", "format")]),
        ("strategy", "title: S\npart: Vision\norder: 1",
         [("title: S\npart: Vision\norder: 0", "/order", "minimum"), ("title: S\npart: Vision\norder: 1.5", "/order", "type")]),
    ]

    @Test(arguments: 0..<7) func eachSchemaAcceptsGoodEntriesAndRejectsTypicalMistakes(_ index: Int) throws {
        let item = Self.cases[index]
        let good = validator.validate(try sampleVersion(["\(item.collection)/good.md": entry(item.good)]))
        #expect(good.isValid, "\(lines(good))")
        for mistake in item.mistakes {
            let report = validator.validate(try sampleVersion(["\(item.collection)/bad.md": entry(mistake.fields)]))
            #expect(report.problems.count == 1, "\(mistake.fields): \(lines(report))")
            #expect(report.problems.first?.field == mistake.field, "\(mistake.fields): \(lines(report))")
            #expect(report.problems.first?.keyword == mistake.keyword, "\(mistake.fields): \(lines(report))")
            #expect(report.problems.first?.line != nil)
        }
    }

    @Test func everyVersionOfTheBerlinSampleValidates() throws {
        let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
            .appendingPathComponent("../../Repository/versions").standardizedFileURL
        let snapshots = try SnapshotFolder.load(from: folder)
        #expect(snapshots.count == 5)
        for snapshot in snapshots {
            let config = try StoreConfig.parse(try #require(snapshot.files[StoreConfig.fileName]))
            let report = validator.validate(.files(snapshot.files, config: config))
            #expect(report.isValid, "\(snapshot.name): \(lines(report))")
            #expect(report.entriesChecked > 30)
            #expect(report.schemasChecked == 7)
        }
    }

    @Test func theEmbeddedSampleValidatesAsImportChecksIt() throws {
        for snapshot in SampleBerlin.snapshots {
            let config = try StoreConfig.parse(try #require(snapshot.files[StoreConfig.fileName]))
            #expect(validator.check(files: snapshot.files, config: config).isEmpty, "\(snapshot.name)")
        }
    }
}
