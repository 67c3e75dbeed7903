import ChronikSchema
import ChronikStore
import Foundation
import Testing

/// The reference problems of thousands of checked entries are found on all cores, each entry's on the thread that
/// checked it (`StoreValidator.validate`): held to the same validation on one thread, and to the problems written out
/// here from the references themselves (a missing target, the entry itself), in the same order, on seeded versions
/// with and without `only`, given as bytes and as files on disk (which the checking threads read straight from the
/// version's sources), cold and warm.
@Suite("StoreValidator: reference problems found on all cores")
struct ParallelReferenceProblemsTests {
    /// `count` glossary entries `g0…`, each with up to four distinct `see_also` targets: existing entries, missing
    /// ones (`fehlt…`) and the entry itself.
    static func version(count: Int, seed: UInt64) throws -> (VersionContent, [(id: String, targets: [String])]) {
        let (files, references) = files(count: count, seed: seed)
        return (try sampleVersion(files), references)
    }

    /// The entry files of `version(count:seed:)`.
    static func files(count: Int, seed: UInt64) -> ([String: String], [(id: String, targets: [String])]) {
        var random = SplitMix64(seed: seed)
        var files: [String: String] = [:]
        var references: [(id: String, targets: [String])] = []
        for k in 0..<count {
            let id = "g\(k)"
            var targets: [String] = []
            for _ in 0..<Int.random(in: 0...4, using: &random) {
                let target: String
                switch Int.random(in: 0..<10, using: &random) {
                case 0: target = id
                case 1, 2: target = "fehlt\(Int.random(in: 0..<50, using: &random))"
                default: target = "g\(Int.random(in: 0..<count, using: &random))"
                }
                if !targets.contains(target) { targets.append(target) }
            }
            references.append((id, targets))
            let list = targets.isEmpty ? "" : "\nsee_also:\n" + targets.map { "  - \($0)" }.joined(separator: "\n")
            files["glossary/\(id).md"] = entry("term: Begriff \(k)" + list)
        }
        return (files, references)
    }

    /// The problems the references give, as `file:line:column: field: message`, by entry in id order (the
    /// report's order: by file, then line).
    static func expected(_ references: [(id: String, targets: [String])], only: Set<String>?) -> [String] {
        references.filter { only?.contains($0.id) ?? true }.sorted { $0.id < $1.id }.flatMap { reference in
            reference.targets.enumerated().compactMap { index, target -> String? in
                let place = "glossary/\(reference.id).md:\(4 + index):5: see_also.\(index): "
                if target == reference.id {
                    return place + "refers to the entry itself (glossary/\(target)); an entry cannot reference itself"
                }
                if target.hasPrefix("fehlt") {
                    return place + "refers to `\(target)`, but there is no entry glossary/\(target).md"
                }
                return nil
            }
        }
    }

    @Test(arguments: [UInt64(1), 2, 19]) func problemsAreTheOneThreadsAndTheReferencesOwn(seed: UInt64) throws {
        let (version, references) = try Self.version(count: 1_200, seed: seed)
        var parallel = StoreValidationOptions()
        parallel.parallelThreshold = 4 // all cores from 64 entries on: several chunks of 256
        var serial = StoreValidationOptions()
        serial.parallelThreshold = Int.max / 32
        var random = SplitMix64(seed: seed &+ 100)
        let some = Set(references.map(\.id).filter { _ in Int.random(in: 0..<3, using: &random) == 0 })
        for only in [nil, some] {
            let onlyIDs = only.map { Set($0.map { EntryID(collection: "glossary", id: $0) }) }
            let many = StoreValidator(options: parallel).validate(version, only: onlyIDs)
            let one = StoreValidator(options: serial).validate(version, only: onlyIDs)
            #expect(lines(many) == lines(one), "seed \(seed)")
            #expect(many.problems.map(\.keyword) == one.problems.map(\.keyword))
            #expect(many.problems.map(\.detail) == one.problems.map(\.detail))
            #expect(lines(many) == Self.expected(references, only: only), "seed \(seed)")
            #expect(many.problems.allSatisfy { $0.keyword == "x-chronik-ref" })
        }
    }

    @Test(arguments: [UInt64(3), 23]) func onDiskTheProblemsAreTheSame(seed: UInt64) throws {
        let (files, references) = Self.files(count: 900, seed: seed)
        let disk = try DiskVersion(files)
        defer { disk.remove() }
        var random = SplitMix64(seed: seed &+ 100)
        let some = Set(references.map(\.id).filter { _ in Int.random(in: 0..<3, using: &random) == 0 })
        for threshold in [4, Int.max / 32] {
            var options = StoreValidationOptions()
            options.parallelThreshold = threshold
            options.settleTime = .zero
            for only in [nil, some] {
                let onlyIDs = only.map { Set($0.map { EntryID(collection: "glossary", id: $0) }) }
                try? FileManager.default.removeItem(at: disk.cache)
                let cold = StoreValidator(options: options).validate(try disk.content(), only: onlyIDs)
                let warm = StoreValidator(options: options).validate(try disk.content(), only: onlyIDs)
                #expect(lines(cold) == Self.expected(references, only: only), "seed \(seed), threshold \(threshold)")
                #expect(lines(warm) == lines(cold), "seed \(seed), threshold \(threshold)")
                #expect(cold.problems.map(\.detail) == warm.problems.map(\.detail))
            }
        }
    }
}
